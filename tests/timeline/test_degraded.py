"""Issue 26, item 1: a dependency down degrades the site, never a 500. Redis down: pages are
computed without the cache and the readiness check says so. The database down: every page is a
503 that asks to come back, the readiness check says which is down, liveness still answers."""

import logging
import socket
import subprocess
import sys

import pytest
from django.core.cache import caches
from django.test import override_settings

from tests.conftest import PROJECT_DIR
from timeline.models import Event

pytestmark = pytest.mark.django_db


def closed_port():
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def dead_redis_caches():
    url = f"redis://127.0.0.1:{closed_port()}/0"
    options = {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}
    return {name: {"BACKEND": "config.cache.ForgivingRedisCache", "LOCATION": url, "KEY_PREFIX": name,
                   "OPTIONS": options} for name in ("default", "rows")}


def test_with_redis_down_every_page_is_computed_without_the_cache(client, seeded, caplog):
    event = Event.objects.visible().first()
    with override_settings(CACHES=dead_redis_caches()):
        assert type(caches["default"]).__name__ == "ForgivingRedisCache"
        with caplog.at_level(logging.WARNING, logger="timeline.cache"):
            for url in ["/", "/?q=visit", event.get_absolute_url(), "/axis/", "/axis/?lanes=country", "/map/",
                        "/suggest/actors/?actor_q=pu", "/feed.atom", "/export.json", "/documents/"]:
                response = client.get(url)
                assert response.status_code == 200, url
                b"".join(response.streaming_content) if response.streaming else response.content
        warnings = [r for r in caplog.records if r.name == "timeline.cache"]
        assert len(warnings) == 1 and "not answering" in warnings[0].getMessage()  # once a minute, not per read
        health = client.get("/healthz")
        assert health.status_code == 200 and health.content.decode() == "database: ok\ncache: down\n"


def test_readiness_and_liveness(client):
    assert client.get("/livez").content == b"ok"
    assert client.get("/healthz").content.decode().startswith("database: ok\n")


SCRIPT = """
import django, os
django.setup()
from django.test import Client
client = Client()
for url in ["/", "/events/x/", "/axis/", "/map/", "/export.csv", "/documents/", "/healthz", "/livez", "/admin/login/"]:
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    print(url, response.status_code, response.get("Retry-After", "-"), body[:600].decode(errors="replace").replace("\\n", "|"))
"""


def test_with_the_database_down_every_page_is_a_503_and_the_checks_say_so():
    """A real server process whose PostgreSQL does not answer (nothing listens on its port)."""
    env = {"DJANGO_SETTINGS_MODULE": "config.settings", "PATH": "/usr/bin:/bin",
           "DATABASE_URL": f"postgres://timeline@127.0.0.1:{closed_port()}/timeline", "ALLOWED_HOSTS": "testserver"}
    run = subprocess.run([sys.executable, "-c", SCRIPT], cwd=PROJECT_DIR, env=env, capture_output=True, text=True,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    answers = {line.split(" ", 1)[0]: line.split(" ", 3)[1:] for line in run.stdout.splitlines()}
    for url in ["/", "/events/x/", "/axis/", "/map/", "/export.csv", "/documents/", "/admin/login/"]:
        status, retry, body = answers[url]
        assert (status, retry) == ("503", "30"), (url, answers[url])
        assert "Unavailable" in body or url == "/admin/login/", (url, body)
    assert answers["/healthz"][0] == "503" and answers["/healthz"][2].startswith("database: down|cache: local")
    assert answers["/livez"][:1] == ["200"]
    assert "Traceback" not in run.stderr


def test_every_error_page_carries_the_content_security_policy(client):
    """Issue 26, item 9: a request for an unknown host (Django's 400 before any view) and the
    other refusals all carry the policy."""
    for answer in [client.get("/", HTTP_HOST="evil.example"), client.get("/nowhere/"),
                   client.get("/?" + "&".join(f"p{i}=1" for i in range(100))), client.post("/")]:
        assert answer.status_code in {400, 404, 405}
        assert "default-src 'self'" in answer["Content-Security-Policy"], answer.status_code
