"""The site in a real browser: htmx loads under the CSP, and nothing is blocked."""

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_loads_htmx_under_csp(live_server, page, seeds_dir, artifacts_dir):
    call_command("ingest", str(seeds_dir))
    page.goto(live_server.url + "/")
    page.wait_for_function("() => window.htmx !== undefined")
    assert page.evaluate("() => window.htmx.version") == "2.0.11"
    assert page.csp_violations == []
    page.get_by_role("link", name="Sources").click()
    page.wait_for_url("**/documents/")
    assert page.get_by_text("about 14 May 2015").count() == 1
    page.screenshot(path=str(artifacts_dir / "sources.png"), full_page=True)
