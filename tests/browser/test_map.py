"""The map (/map/) in Debian's Chromium: a marker leads to the list narrowed to its place, the page
passes axe under the CSP, and it fits a phone."""

import io
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command

from tests.browser.axe import axe_violations
from timeline.models import Event, Place

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seeded(seeds_dir):
    call_command("ingest", str(seeds_dir), stdout=io.StringIO())


def test_choosing_a_marker_lists_that_places_events(live_server, page, seeded, artifacts_dir):
    page.goto(live_server.url + "/map/?status=occurred")
    markers = page.locator("svg.world-map-svg a.map-marker")
    assert markers.count() >= 2
    # the last marker drawn is on top of the others: nothing covers it
    marker = markers.last
    slug = marker.get_attribute("data-place")
    place = Place.objects.get(slug=slug)
    count = Event.objects.visible().filter(place=place, status="occurred").count()
    assert marker.get_attribute("aria-label") == f"{place.name}: {count} event{'s' if count != 1 else ''}"
    assert page.get_by_role("link", name=marker.get_attribute("aria-label")).count() == 1
    box = marker.bounding_box()
    svg = page.locator("svg.world-map-svg").bounding_box()
    assert svg["width"] > 1000 and box["width"] > 4  # the map fills the column; the marker can be hit
    # a keyboard user sees which place the focused marker is
    label = marker.locator("text.map-label")
    assert not label.is_visible()
    marker.focus()
    assert label.is_visible() and label.text_content() == f"{place.name} ({count})"
    page.screenshot(path=str(artifacts_dir / "map-desktop.png"), full_page=True)
    assert axe_violations(page) == []

    marker.locator("circle").click()
    page.wait_for_url("**/?*place=*")
    url = urlsplit(page.url)
    assert url.path == "/" and parse_qs(url.query) == {"status": ["occurred"], "place": [slug]}
    results = page.locator("#results").inner_text()
    here = Event.objects.visible().filter(place=place, status="occurred").values_list("title", flat=True)
    elsewhere = Event.objects.visible().filter(status="occurred").exclude(place=place).values_list("title", flat=True)
    assert any(title in results for title in here)
    assert not any(title in results for title in elsewhere if not any(title in mine for mine in here))
    assert page.csp_violations == []


def test_map_on_a_phone(live_server, playwright_browser, seeded, artifacts_dir):
    context = playwright_browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.csp_violations = []
    page.on("console", lambda message: (
        page.csp_violations.append(message.text) if "Content Security Policy" in message.text else None))
    try:
        page.goto(live_server.url + "/map/")
        assert page.locator("svg.world-map-svg a.map-marker").count() >= 2
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
        # the same places as a table, for a screen too small to aim at a marker
        assert page.locator("table.place-table tbody tr").count() == Place.objects.filter(events__in=Event.objects.visible()).distinct().count()
        page.screenshot(path=str(artifacts_dir / "map-phone.png"), full_page=True)
        assert axe_violations(page) == []
        assert page.csp_violations == []
    finally:
        context.close()
