"""Settings come from the environment; production refuses to start half-configured."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import PROJECT_DIR


def manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_ENV", "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=PROJECT_DIR, env=environment,
        capture_output=True, text=True, timeout=120,
    )


def strong_key():
    return secrets.token_urlsafe(50)


def test_production_without_secret_key_fails_saying_what_to_set():
    result = manage("check", DJANGO_ENV="production", ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "SECRET_KEY is missing" in result.stderr


def test_production_rejects_the_development_key():
    result = manage(
        "check", DJANGO_ENV="production", ALLOWED_HOSTS="example.org",
        SECRET_KEY="django-insecure-development-key-never-use-in-production",
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_without_allowed_hosts_fails():
    result = manage("check", DJANGO_ENV="production", SECRET_KEY=strong_key())
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is missing" in result.stderr


@pytest.mark.parametrize("url", ["not a url", "mysql2://x@y/z", "postgres://user@localhost:5432"])
def test_bad_database_url_fails_saying_what_to_set(url):
    result = manage("check", DATABASE_URL=url)
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr
    assert "postgres://" in result.stderr


def test_production_settings_pass_check_deploy():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DJANGO_ENV="production", ALLOWED_HOSTS="timeline.example.org", SECRET_KEY=strong_key(),
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_development_defaults_to_the_sqlite_file_in_the_project():
    result = manage("shell", "-c", "from django.conf import settings; print(settings.DATABASES['default']['NAME'])")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("db.sqlite3")
    assert str(PROJECT_DIR) in result.stdout
    assert "/db.sqlite3" in (PROJECT_DIR / ".gitignore").read_text()


@pytest.mark.django_db
def test_this_run_uses_the_database_the_environment_names():
    # The test command runs the suite once on SQLite and once on PostgreSQL: make sure the
    # second run really talks to PostgreSQL.
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith("postgres") else "sqlite"
    assert connection.vendor == expected
    if expected == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            assert cursor.fetchone()[0].startswith("15.")


def test_csp_is_on_with_nonces():
    assert "django.middleware.csp.ContentSecurityPolicyMiddleware" in settings.MIDDLEWARE
    assert "<CSP_NONCE_SENTINEL>" in settings.SECURE_CSP["script-src"]
    assert "'unsafe-inline'" not in settings.SECURE_CSP["script-src"]


def test_manage_refuses_old_python():
    old = None
    for candidate in ("/usr/bin/python3", os.path.expanduser("~/.pyenv/versions/3.11.7/bin/python")):
        probe = subprocess.run([candidate, "-c", "import sys; print(sys.version_info < (3, 12))"],
                               capture_output=True, text=True) if os.path.exists(candidate) else None
        if probe and probe.stdout.strip() == "True":
            old = candidate
            break
    if old is None:
        pytest.skip("no Python older than 3.12 on this machine to try manage.py with")
    result = subprocess.run([old, "manage.py", "check"], cwd=PROJECT_DIR, capture_output=True, text=True)
    assert result.returncode != 0
    assert "needs Python 3.12 or newer" in result.stderr
