import os
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
