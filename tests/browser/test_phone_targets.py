"""Targets a finger can hit on a 390 x 844 phone (WCAG 2.5.8, target size minimum: 24 x 24 CSS px,
or 24 px between neighbours' centres): the density chart's bars, and the map's places."""

import io

import pytest
from django.core.management import call_command

from tests.browser.axe import EVERY_IMPACT, axe_violations
from timeline.models import Event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
FINGER = 24


@pytest.fixture
def seeded(seeds_dir):
    call_command("ingest", str(seeds_dir), stdout=io.StringIO())


@pytest.fixture
def many_years(seeded):
    """The seeds and a generated timeline: 28 years of bars, more than a phone's width holds
    at 24 px each (at the chart's desktop proportions they came out 10 px wide)."""
    call_command("generate_events", "--events", "300", "--documents", "20", "--seed", "3", stdout=io.StringIO())


@pytest.fixture
def phone(playwright_browser):
    context = playwright_browser.new_context(viewport=PHONE, has_touch=True)
    page = context.new_page()
    page.csp_violations = []
    page.on("console", lambda message: (
        page.csp_violations.append(message.text) if "Content Security Policy" in message.text else None))
    yield page
    context.close()


def boxes(page, selector):
    """(id or data-place, left, top, width, height) of every element matching ``selector``, in
    page coordinates."""
    return page.evaluate("""(selector) => [...document.querySelectorAll(selector)].map(element => {
        const r = element.getBoundingClientRect();
        return [element.id || element.dataset.place || element.textContent, r.left + scrollX, r.top + scrollY, r.width, r.height];
    })""", selector)


def overlap(a, b):
    """Whether two boxes share more than a hairline (rounding) of area."""
    return min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]) > .5 and min(a[2] + a[4], b[2] + b[4]) - max(a[2], b[2]) > .5


def too_small_and_crowded(targets):
    """The targets that fail 2.5.8: smaller than 24 x 24 with a neighbour's centre nearer than 24 px."""
    centres = [(t[1] + t[3] / 2, t[2] + t[4] / 2) for t in targets]
    failing = []
    for index, target in enumerate(targets):
        if target[3] >= FINGER and target[4] >= FINGER:
            continue
        nearest = min((((x - centres[index][0]) ** 2 + (y - centres[index][1]) ** 2) ** .5
                       for other, (x, y) in enumerate(centres) if other != index), default=FINGER)
        if nearest < FINGER:
            failing.append(target[0])
    return failing


def shown_labels(page):
    """The chart's axis labels that can be seen: (text, left, top, width, height)."""
    return page.evaluate("""() => [...document.querySelectorAll('.density-x span')]
        .filter(span => span.textContent && getComputedStyle(span).visibility === 'visible')
        .map(span => { const r = span.getBoundingClientRect(); return [span.textContent, r.left, r.top, r.width, r.height]; })""")


def no_sideways_scroll(page):
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_every_chart_bar_is_a_finger_wide_on_a_phone(live_server, phone, many_years, artifacts_dir):
    page = phone
    page.goto(live_server.url + "/")
    bars = boxes(page, "svg.density-chart a.bar-link")
    years = {year for year, _ in Event.objects.visible().dated().month_counts()}
    assert len(bars) == len(years) and max(years) - min(years) + 1 > (PHONE["width"] - 32) // FINGER  # more than fit
    for bar in bars:
        assert bar[3] >= FINGER and bar[4] >= FINGER, bar
    # each link's area is its own: no two overlap, and they run left to right without a gap
    assert all(not overlap(a, b) for a, b in zip(bars, bars[1:]))
    assert [bar[0] for bar in bars] == sorted(bar[0] for bar in bars) and bars[0][0] == f"bar-{min(years)}"
    # the chart scrolls sideways inside its own box; the page does not
    assert no_sideways_scroll(page)
    track = page.locator(".density-track")
    assert track.evaluate("(track) => track.scrollWidth > track.clientWidth + 100 && track.scrollLeft === 0")
    slot = min(b[1] - a[1] for a, b in zip(bars, bars[1:]))
    assert track.evaluate("(track) => track.clientWidth") >= 12 * slot  # a year's twelve months would not scroll
    assert track.bounding_box()["x"] + track.bounding_box()["width"] <= PHONE["width"]
    # the axis scrolls with the bars and names every fifth year: labels that can be seen, apart
    labels = shown_labels(page)
    names = [label[0] for label in labels]
    assert names[0] == str(min(years)) and names[-1] == str(max(years))
    assert {str(year) for year in range(min(years) + 2, max(years) - 1) if year % 5 == 0} <= set(names)
    assert all(a[1] + a[3] < b[1] for a, b in zip(labels, labels[1:])), labels
    for label in labels:  # under its own bar
        bar = page.locator(f"#bar-{label[0]}")
        if bar.count():
            centre = bar.bounding_box()["x"] + bar.bounding_box()["width"] / 2
            assert label[1] - 1 <= centre <= label[1] + label[3] + 1, label
    # caret="initial": hiding the caret leaves an empty style attribute on every input, which
    # htmx's swap would then copy under the CSP (a violation of the test's making)
    page.screenshot(path=str(artifacts_dir / "timeline-phone-chart.png"), caret="initial")
    assert axe_violations(page, impacts=EVERY_IMPACT) == []

    # the keyboard walks every bar; the one focused scrolls into view and shows that it is
    page.locator(f"#bar-{min(years)}").focus()
    for _ in bars[1:]:
        page.keyboard.press("Tab")
    last = f"bar-{max(years)}"
    assert page.evaluate("() => document.activeElement.id") == last
    focused = page.locator(f"#{last}").bounding_box()
    assert track.bounding_box()["x"] <= focused["x"] and focused["x"] + focused["width"] <= PHONE["width"]
    assert page.locator(f"#{last} .hit-area").evaluate("(area) => getComputedStyle(area).fill") == "rgba(255, 191, 71, 0.35)"
    page.locator("#density").screenshot(path=str(artifacts_dir / "timeline-phone-chart-end.png"), caret="initial")

    # a tap on a bar lists its year
    year = sorted(years)[len(years) // 2]
    page.locator(f"#bar-{year}").scroll_into_view_if_needed()
    page.locator(f"#bar-{year}").tap()
    page.wait_for_url(f"**/?*start={year}&end={year}*")
    page.wait_for_function("() => document.querySelector('#density-caption').textContent.includes('per month')")
    months = boxes(page, "svg.density-chart a.bar-link")
    assert months and all(month[3] >= FINGER for month in months)
    assert no_sideways_scroll(page)
    assert page.csp_violations == []


def test_the_chart_fills_a_desktop_column_as_before(live_server, page, many_years, artifacts_dir):
    page.goto(live_server.url + "/")
    track = page.locator(".density-track")
    chart = page.locator("svg.density-chart").bounding_box()
    assert abs(chart["width"] - track.bounding_box()["width"]) < 1
    assert track.evaluate("(track) => track.scrollWidth <= track.clientWidth")
    # three labels: the first period, the middle one and the last
    shown = [label[0] for label in shown_labels(page)]
    years = sorted({year for year, _ in Event.objects.visible().dated().month_counts()})
    assert shown == [str(years[0]), str(years[0] + (years[-1] - years[0] + 1) // 2), str(years[-1])]
    page.locator("#density").screenshot(path=str(artifacts_dir / "timeline-desktop-chart.png"))


def test_the_map_offers_its_places_as_a_list_on_a_phone(live_server, phone, seeded, artifacts_dir):
    """The markers are drawn in map units: on a phone they are a few pixels wide and a country's
    centre sits on its capital. The list of places below the map is the phone's way to choose
    one: a link to it comes before the map, and every marker's place is a link there."""
    page = phone
    page.goto(live_server.url + "/map/")
    markers = boxes(page, "svg.world-map-svg a.map-marker")
    assert len(markers) >= 2
    assert no_sideways_scroll(page)

    jump = page.get_by_role("link", name="List of places")
    box = jump.bounding_box()
    figure = page.locator("figure.world-map").bounding_box()
    assert box["width"] >= FINGER and box["height"] >= FINGER
    assert box["y"] + box["height"] <= figure["y"] and figure["y"] < PHONE["height"]  # just above the map, on the first screen
    page.screenshot(path=str(artifacts_dir / "map-phone-targets.png"), full_page=True)
    assert axe_violations(page, impacts=EVERY_IMPACT) == []

    jump.tap()
    page.wait_for_url("**/map/#places-heading")
    heading = page.locator("#places-heading").bounding_box()
    assert 0 <= heading["y"] < PHONE["height"] / 2
    table_links = boxes(page, "table.place-table tbody a")
    assert too_small_and_crowded(table_links) == []
    assert all(not overlap(a, b) for a in table_links for b in table_links if a is not b)
    # every place on the map, crowded or not, is in the list with the marker's own link
    for marker in page.locator("svg.world-map-svg a.map-marker").all():
        href = marker.get_attribute("href")
        in_list = page.locator(f'table.place-table tbody a[href="{href}"]')
        assert in_list.count() == 1, href
        assert marker.get_attribute("aria-label").startswith(in_list.inner_text() + ":")
    page.screenshot(path=str(artifacts_dir / "map-phone-list.png"))
    assert page.csp_violations == []


def test_a_tapped_box_stays_in_view_on_a_phone(live_server, phone, seeded):
    """Issue 25, item 8: a checkbox tapped on a phone stays where the finger was; the answer
    does not scroll it away (it went to a top of -244 px)."""
    page = phone
    page.goto(live_server.url + "/")
    page.wait_for_function("() => window.htmx !== undefined")
    box = page.locator("#id_type_meeting")
    box.scroll_into_view_if_needed()
    before = box.bounding_box()["y"]
    box.tap()
    page.wait_for_url("**/?*type=meeting*")
    page.wait_for_function("() => document.querySelector('#results').getAttribute('aria-busy') !== 'true'")
    page.wait_for_timeout(500)  # the answer settled
    after = page.locator("#id_type_meeting").bounding_box()["y"]
    assert page.is_checked("#id_type_meeting")
    assert 0 <= after <= PHONE["height"] - 24 and abs(after - before) < 80, (before, after)
