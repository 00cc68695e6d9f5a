"""The set-up scripts a newcomer runs: bootstrap refuses an old Python, serve starts gunicorn."""

import os
import secrets
import shutil
import socket
import subprocess
import time
import urllib.request

import pytest

from tests.conftest import PROJECT_DIR


def test_bootstrap_refuses_python_older_than_3_12(tmp_path):
    old_python = os.path.expanduser("~/.pyenv/versions/3.11.7/bin/python3")
    if not os.path.exists(old_python):
        old_python = "/usr/bin/python3"
    version = subprocess.run([old_python, "-c", "import sys; print(sys.version_info[:2] < (3, 12))"],
                             capture_output=True, text=True)
    if version.stdout.strip() != "True":
        pytest.skip("no Python older than 3.12 here to check the refusal with")
    project = tmp_path / "project"
    (project / "scripts").mkdir(parents=True)
    shutil.copy(PROJECT_DIR / "scripts" / "bootstrap.sh", project / "scripts")
    for name in ("requirements.txt", "requirements-dev.txt", ".python-version"):
        shutil.copy(PROJECT_DIR / name, project)
    # A PATH on which the only Python is the old one, and no pyenv.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3").symlink_to(old_python)
    for tool in ("bash", "cat", "dirname", "sha256sum", "cut", "rm", "env"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    result = subprocess.run(
        ["bash", "scripts/bootstrap.sh"], cwd=project, capture_output=True, text=True,
        env={"PATH": str(bin_dir), "HOME": str(tmp_path), "PYENV_ROOT": str(tmp_path / "nopyenv")},
    )
    assert result.returncode == 1
    assert "needs Python 3.12 or newer" in result.stderr
    assert not (project / ".venv").exists()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_production_start_command_serves_the_site(tmp_path):
    """scripts/serve.sh is the Docker image's CMD: run it outside Docker, as the image would."""
    port = free_port()
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "DJANGO_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
    }
    python = str(PROJECT_DIR / ".venv" / "bin" / "python")
    collect = subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=PROJECT_DIR,
                             env=env, capture_output=True, text=True, timeout=120)
    assert collect.returncode == 0, collect.stderr
    server = subprocess.Popen(["scripts/serve.sh"], cwd=PROJECT_DIR, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        body = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and server.poll() is None:
            try:
                # as the TLS-terminating proxy in front of gunicorn would send it
                request = urllib.request.Request(f"http://127.0.0.1:{port}/", headers={"X-Forwarded-Proto": "https"})
                with urllib.request.urlopen(request, timeout=5) as response:
                    body = response.read().decode()
                    headers = response.headers
                break
            except OSError:
                time.sleep(0.3)
        assert body is not None, "gunicorn did not answer"
        assert "Diplomatic timeline" in body
        assert "script-src 'self' 'nonce-" in headers["Content-Security-Policy"]
        assert headers["Strict-Transport-Security"].startswith("max-age=")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/vendor/htmx-2.0.11.min.js", timeout=5) as response:
            assert response.status == 200
            assert "max-age" in response.headers.get("Cache-Control", "") or response.headers.get("ETag")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            assert response.read().decode().startswith("database: ok\n")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/livez", timeout=5) as response:
            assert response.read() == b"ok"
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "Booting worker" in output


def test_dockerfile_runs_the_tested_start_command_in_production_mode():
    dockerfile = (PROJECT_DIR / "Dockerfile").read_text()
    assert 'CMD ["scripts/serve.sh"]' in dockerfile
    assert "DJANGO_ENV=production" in dockerfile
    assert "pip install -r requirements.txt" in dockerfile
    assert "USER timeline" in dockerfile
    # every path the image copies exists
    for line in dockerfile.splitlines():
        if line.startswith("COPY "):
            source = line.split()[1]
            assert (PROJECT_DIR / source).exists(), source
    compose = (PROJECT_DIR / "compose.yaml").read_text()
    assert "image: postgres:15" in compose and "DATABASE_URL: postgres://" in compose
