"""The timeline in Debian's Chromium: htmx swaps, the URL bar, history, no-JS, the chart."""

import io

import pytest
from django.core.management import call_command

from timeline.models import Event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seeded(seeds_dir):
    call_command("ingest", str(seeds_dir), stdout=io.StringIO())


def results_text(page):
    return page.locator("#results").inner_text()


def test_choosing_an_actor_updates_list_and_url_without_reload(live_server, page, seeded, artifacts_dir):
    page.goto(live_server.url + "/")
    page.wait_for_function("() => window.htmx !== undefined")
    page.evaluate("() => { window.notReloaded = true }")
    assert "Shehbaz Sharif meets Vladimir Putin in Beijing" in results_text(page)
    page.select_option("#id_actor", "sergey-lavrov")
    page.wait_for_url("**/?*actor=sergey-lavrov*")
    page.wait_for_function("() => !document.querySelector('#results').innerText.includes('in Beijing')")
    assert page.evaluate("() => window.notReloaded") is True  # htmx swapped; the page did not reload
    assert "Sergey Lavrov visits Pakistan" in results_text(page)
    assert page.csp_violations == []
    page.screenshot(path=str(artifacts_dir / "timeline-filtered.png"), full_page=True)

    page.go_back()
    page.wait_for_url(live_server.url + "/")
    page.wait_for_function("() => document.querySelector('#results').innerText.includes('in Beijing')")
    assert "Shehbaz Sharif meets Vladimir Putin in Beijing" in results_text(page)
    page.go_forward()
    page.wait_for_url("**/?*actor=sergey-lavrov*")
    page.wait_for_function("() => !document.querySelector('#results').innerText.includes('in Beijing')")


def test_reloading_a_filtered_url_shows_the_same_view(live_server, page, seeded):
    page.goto(live_server.url + "/?status=planned&order=newest")
    text = results_text(page)
    assert "Vladimir Putin to visit Pakistan" in text and "Sergey Lavrov visits Pakistan" not in text
    assert page.locator("#id_order").input_value() == "newest"
    page.reload()
    assert results_text(page) == text


def test_density_chart_bar_click_filters(live_server, page, seeded):
    page.goto(live_server.url + "/")
    page.wait_for_function("() => window.htmx !== undefined")
    page.locator('svg.density-chart a[aria-label^="2021:"]').click()
    page.wait_for_url("**/?*start=2021*end=2021*")
    page.wait_for_function("() => document.querySelector('#results').innerText.includes('Events per month')")
    text = results_text(page)
    assert "Sergey Lavrov visits Pakistan" in text and "in Beijing" not in text


def test_permalink_opens_with_highlighted_evidence(live_server, page, seeded, artifacts_dir):
    event = Event.objects.get(title="Viktor V Chirkov visits Pakistan")
    page.goto(live_server.url + event.get_absolute_url())
    assert page.locator("blockquote.evidence mark.trigger").first.inner_text() == "visited"
    assert page.locator("blockquote.evidence mark.date").first.inner_text() == "last August"
    assert "in a text published about 14 May 2015 -> August 2014" in page.locator(".why-date").inner_text()
    assert page.csp_violations == []
    page.screenshot(path=str(artifacts_dir / "permalink.png"), full_page=True)


def test_the_page_works_without_javascript(live_server, playwright_browser, seeded, artifacts_dir):
    context = playwright_browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        page.check("input[name=type][value=cancellation]")
        page.click("button[type=submit]")
        page.wait_for_url("**/?*type=cancellation*")
        text = page.locator("#results").inner_text()
        assert "visit cancelled" in text and "Sergey Lavrov visits Pakistan" not in text
        page.locator("svg.density-chart a").first.click()
        page.wait_for_url("**start=*")
        page.screenshot(path=str(artifacts_dir / "timeline-no-js.png"), full_page=True)
    finally:
        context.close()


def test_phone_width_is_readable(live_server, playwright_browser, seeded, artifacts_dir):
    context = playwright_browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
        page.screenshot(path=str(artifacts_dir / "timeline-phone.png"))
    finally:
        context.close()
