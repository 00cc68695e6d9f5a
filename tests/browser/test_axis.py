"""The time axis (/axis/) in Debian's Chromium: its bars lead to permalinks or zoom in, the page
passes axe under the CSP, and it fits a phone."""

import datetime
import io
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command

from tests.browser.axe import axe_violations
from timeline.models import Actor, Event, EventActor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seeded(seeds_dir):
    call_command("ingest", str(seeds_dir), stdout=io.StringIO())


def watch_csp(page):
    page.csp_violations = []
    page.on("console", lambda message: (
        page.csp_violations.append(message.text) if "Content Security Policy" in message.text else None))


def test_a_bar_opens_its_event(live_server, page, seeded, artifacts_dir):
    page.goto(live_server.url + "/axis/")
    items = page.locator("a.axis-item")
    dated = Event.objects.visible().dated()
    assert items.count() == dated.count()
    # an approximate date is drawn as a hatched span, and its link says so
    approximate = dated.filter(date_certainty="approximate").exclude(granularity="day").first()
    item = page.locator(f'a.axis-item[href="{approximate.get_absolute_url()}"]')
    assert "uncertain" in item.get_attribute("class")
    assert "approximate date" in item.inner_text() and item.inner_text().startswith(approximate.title)
    bar = item.locator("rect.axis-bar, circle.axis-bar")
    assert bar.evaluate("e => getComputedStyle(e).fill").startswith("url(")
    page.screenshot(path=str(artifacts_dir / "axis-desktop.png"), full_page=True)
    assert axe_violations(page) == []
    assert page.csp_violations == []

    item.click()
    page.wait_for_url(f"**{approximate.get_absolute_url()}")
    assert page.locator("h1").inner_text() == approximate.title


def test_counted_bars_zoom_in_and_lanes(live_server, page, seeded, artifacts_dir):
    actors = [Actor.objects.create(name=f"Country {code}", kind="country", country=code) for code in ("AAA", "BBB", "CCC")]
    for index in range(240):
        day = datetime.date(2016, 1, 1) + datetime.timedelta(days=index * 7)
        event = Event.objects.create(event_type="meeting", title=f"Weekly talks {index}", date_start=day, date_end=day,
                                     granularity="day", date_certainty="exact")
        EventActor.objects.create(event=event, actor=actors[index % 3])
    page.goto(live_server.url + "/axis/?lanes=country")
    tracks = page.locator("svg.axis-track[role=group]")
    assert tracks.count() >= 4  # three countries and the others (the seeds' events)
    assert page.locator("a.axis-item").count() == 0  # counted, not drawn
    page.screenshot(path=str(artifacts_dir / "axis-counted-desktop.png"), full_page=True)
    assert axe_violations(page) == []
    bar = page.locator('svg.axis-track a[aria-label^="2017:"]').first
    bar.focus()
    bar.locator("rect.hit-area").click()
    page.wait_for_url("**/axis/?*start=2017*")
    assert parse_qs(urlsplit(page.url).query) == {"lanes": ["country"], "start": ["2017"], "end": ["2017"]}
    assert page.locator("#axis-heading").inner_text() == "2017"
    assert page.csp_violations == []


def test_the_axis_on_a_phone(live_server, playwright_browser, seeded, artifacts_dir):
    context = playwright_browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    watch_csp(page)
    try:
        page.goto(live_server.url + "/axis/?lanes=country")
        assert page.locator("a.axis-item").count() >= Event.objects.visible().dated().count()
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
        # the tracks use the width of the screen, under their labels
        track = page.locator("a.axis-item svg.axis-track").first.bounding_box()
        assert track["width"] > 300
        page.screenshot(path=str(artifacts_dir / "axis-phone.png"), full_page=True)
        assert axe_violations(page) == []
        assert page.csp_violations == []
    finally:
        context.close()
