"""Shared by the benchmarks: a fresh database of N generated events on the PostgreSQL server
that DATABASE_URL names, set up in this process."""

import io
import os
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))


def fresh_database(events, *, seed=1, name_hint="bench"):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("This benchmark runs on PostgreSQL: run it as scripts/with-postgres.sh .venv/bin/python "
                 + " ".join(sys.argv))
    import psycopg

    name = f"{name_hint}_{events}_{os.getpid()}"
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + name
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.apps import apps

    if apps.ready:  # a second database in the same run: the connection moves to it
        from django.conf import settings
        from django.db import connections

        connections["default"].close()
        settings.DATABASES["default"]["NAME"] = connections["default"].settings_dict["NAME"] = name
    else:
        django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if events:
        call_command("generate_events", "--events", str(events), "--seed", str(seed), stdout=io.StringIO())
    vacuum()
    return name


def vacuum():
    """What autovacuum does soon after a bulk load (statistics for the planner, the visibility
    map for index-only scans), done at once so that every run measures the same state."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def free_port():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ProductionServer:
    """``scripts/serve.sh`` (gunicorn, production settings) on a free loopback port, on the
    database DATABASE_URL names, for a ``with`` block: ``port``, ``url(path)``."""

    def __init__(self, workers=3, **environment):
        self.workers, self.extra = workers, {key: str(value) for key, value in environment.items()}

    def __enter__(self):
        import http.client
        import secrets
        import subprocess
        import tempfile
        import time

        self.port = free_port()
        self.work = tempfile.mkdtemp(prefix="bench-server-")
        environment = {**os.environ, "DJANGO_ENV": "production", "ALLOWED_HOSTS": "127.0.0.1",
                       "SECURE_SSL_REDIRECT": "0", "STATIC_ROOT": f"{self.work}/static", "LOG_LEVEL": "ERROR",
                       "SECRET_KEY": secrets.token_urlsafe(50), "BIND": f"127.0.0.1:{self.port}",
                       "WEB_CONCURRENCY": str(self.workers), "ADMISSION_DIR": f"{self.work}/admission",
                       "EXPORT_DIR": f"{self.work}/exports", **self.extra}
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=PROJECT,
                       env=environment, check=True)
        self.log = open(f"{self.work}/gunicorn.log", "w")
        self.process = subprocess.Popen(["scripts/serve.sh"], cwd=PROJECT, env=environment, stdout=self.log,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        for _ in range(300):
            try:
                probe = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                probe.request("GET", "/livez")
                probe.getresponse().read()
                break
            except OSError:
                time.sleep(0.2)
        time.sleep(0.5)
        return self

    def __exit__(self, *exc):
        import signal

        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(30)
        self.log.close()
