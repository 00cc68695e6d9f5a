import ipaddress
import os
import socket
import shutil
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

# CI runs the property tests on a fixed sequence of examples, so a run can be reproduced;
# development runs draw new examples each time (and found the bugs these tests now guard).
hypothesis_settings.register_profile("ci", derandomize=True, database=None)
hypothesis_settings.register_profile("dev", database=None)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "dev")

PROJECT_DIR = Path(__file__).resolve().parent.parent
ARTIFACTS_DIR = PROJECT_DIR / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Chromium as root, headless, on a machine whose only network is loopback.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture
def seeds_dir():
    return PROJECT_DIR / "seeds"


@pytest.fixture(scope="session")
def playwright_browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"browser tests need Debian's chromium at {CHROMIUM}; `make test` installs it")
    # Playwright's sync API runs an event loop in this thread; Django's ORM in the same thread
    # would refuse to run. The live_server thread does the real database work.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(playwright_browser):
    context = playwright_browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.csp_violations = []
    page.on("console", lambda message: (
        page.csp_violations.append(message.text)
        if "Content Security Policy" in message.text else None
    ))
    yield page
    context.close()


@pytest.fixture
def artifacts_dir():
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    return ARTIFACTS_DIR


@pytest.fixture(scope="session")
def gunicorn_path():
    path = shutil.which("gunicorn", path=str(PROJECT_DIR / ".venv" / "bin"))
    assert path, "gunicorn is not installed in .venv"
    return path


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, as a fresh deployment does."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def own_local_folders(settings, tmp_path_factory):
    """Each test has its own export files and admission slots: none is left by another test,
    or by a server or another test run on this machine."""
    folder = tmp_path_factory.mktemp("local")
    settings.EXPORT_DIR = str(folder / "exports")
    settings.ADMISSION_DIR = str(folder / "admission")


LOOPBACK_NETWORKS = [ipaddress.ip_network("127.0.0.0/8"), ipaddress.ip_network("::1/128")]
outside_loopback = []  # every connection a test tried beyond loopback (should stay empty)


def _loopback_only(connect):
    """``socket.connect`` refusing any address beyond loopback (tests reach nothing else)."""
    def guarded(self, address, *args):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            host = address[0].split("%")[0]
            try:
                allowed = any(ipaddress.ip_address(host) in network for network in LOOPBACK_NETWORKS)
            except ValueError:  # a name: the tests use addresses or localhost
                allowed = host == "localhost"
            if not allowed:
                outside_loopback.append(address)
                raise OSError(f"the tests reach nothing beyond loopback; refused a connection to {address}")
        return connect(self, address, *args)
    return guarded


@pytest.fixture(autouse=True, scope="session")
def nothing_beyond_loopback():
    """No test connects beyond loopback (the fetcher's own refusal of private addresses is
    tested with addresses it refuses before connecting)."""
    original, original_ex = socket.socket.connect, socket.socket.connect_ex
    socket.socket.connect = _loopback_only(original)
    socket.socket.connect_ex = _loopback_only(original_ex)
    yield
    socket.socket.connect, socket.socket.connect_ex = original, original_ex
    assert not outside_loopback, f"tests tried to connect beyond loopback: {outside_loopback}"


@pytest.fixture(autouse=True)
def fetching_on_loopback(settings):
    """The fetcher may reach the tests' own servers on loopback, at once (no turn to wait)."""
    settings.FETCH_ALLOWED_NETWORKS = ["127.0.0.0/8", "::1/128"]
    settings.FETCH_PER_HOST_SECONDS = 0
