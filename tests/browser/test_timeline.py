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
    page.fill("#id_actor_q", "lavr")  # the actor finder: names as one types, each a link
    page.locator("#actor-suggestions a", has_text="Sergey Lavrov").click()
    page.wait_for_url("**/?*actor=sergey-lavrov*")
    assert page.locator('#filters input[name=actor][value=sergey-lavrov]').is_checked()
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
    page.locator('svg.density-chart a[aria-label^="2021:"]').focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/?*start=2021*end=2021*")
    page.wait_for_function("() => document.querySelector('#results').innerText.includes('per month')")
    text = results_text(page)
    assert "Sergey Lavrov visits Pakistan" in text and "in Beijing" not in text
    # the form says what the bar chose, and the next filter keeps it
    assert page.input_value("#id_start") == "2021" and page.input_value("#id_end") == "2021"
    # focus stays on the chart the user acted on, not the top of the page
    page.wait_for_function("() => document.activeElement.id === 'density'")
    page.check("input[name=status][value=occurred]")
    page.wait_for_url("**/?*status=occurred*")
    assert "start=2021" in page.url and "end=2021" in page.url


def test_removing_a_chip_unticks_its_box(live_server, page, seeded):
    page.goto(live_server.url + "/?type=visit&type=meeting")
    page.wait_for_function("() => window.htmx !== undefined")
    assert page.is_checked("input[name=type][value=visit]")
    page.locator(".chips a", has_text="type: visit").click()
    page.wait_for_url(lambda url: "type=visit" not in url)
    page.wait_for_function("() => !document.querySelector('input[name=type][value=visit]').checked")
    assert page.is_checked("input[name=type][value=meeting]")
    page.wait_for_function("() => document.activeElement.id === 'match-count'")  # the chip is gone; focus is on the results
    # the next change keeps "visit" out, and focus stays on the box just ticked
    page.check("input[name=status][value=occurred]")
    page.wait_for_url("**/?*status=occurred*")
    assert "type=visit" not in page.url and "type=meeting" in page.url
    page.wait_for_function("() => document.activeElement.id === 'id_status_occurred'")


def test_typing_in_the_text_box_survives_the_answer(live_server, page, seeded):
    page.goto(live_server.url + "/")
    page.wait_for_function("() => window.htmx !== undefined")
    page.locator("#id_q").press_sequentially("Pakis", delay=30)
    page.wait_for_url("**/?*q=Pakis*")
    page.wait_for_function("() => document.querySelector('#results').getAttribute('aria-busy') !== 'true'")
    # the form was drawn again, and the box kept its text and the focus
    page.wait_for_function("() => document.activeElement.id === 'id_q'")
    assert page.input_value("#id_q") == "Pakis"


def test_a_box_ticked_while_an_answer_is_on_its_way_is_kept(live_server, page, seeded, monkeypatch):
    """Issue 25, item 1: type in Text, and tick "meeting" while the answer to the text is on
    its way (a slow server: each answer takes a second here). The answer's form, drawn from
    the address it was asked with, must not untick the box, and the tick must apply."""
    import time

    from timeline.web.views import listing

    results = listing._results_context

    def slowly(*args, **kwargs):
        time.sleep(1.0)
        return results(*args, **kwargs)

    monkeypatch.setattr(listing, "_results_context", slowly)
    page.goto(live_server.url + "/")
    page.wait_for_function("() => window.htmx !== undefined")
    with page.expect_request(lambda request: "q=Pakis" in request.url):
        page.locator("#id_q").press_sequentially("Pakis", delay=30)
    page.wait_for_timeout(300)  # the answer to the text is on its way
    page.check("#id_type_meeting")
    page.wait_for_url("**/?*type=meeting*", timeout=15_000)
    page.wait_for_function("() => document.querySelector('#results').getAttribute('aria-busy') !== 'true'")
    page.wait_for_timeout(1500)  # any answer still on its way has come
    assert page.is_checked("#id_type_meeting")
    assert page.input_value("#id_q") == "Pakis"
    assert "q=Pakis" in page.url and "type=meeting" in page.url


def test_keyboard_reaches_the_first_event_quickly(live_server, page, seeded):
    """Issue 13, item 8: it took 54 Tab presses to reach the first event (every empty year of
    the chart was a stop). The form offers a skip link, and the chart links only its bars."""
    page.goto(live_server.url + "/")
    page.wait_for_function("() => window.htmx !== undefined")
    first = page.locator("#event-list .event .title a").first.get_attribute("href")
    presses = 0
    while presses < 60:
        page.keyboard.press("Tab")
        presses += 1
        active = page.evaluate("() => [document.activeElement.textContent.trim(), document.activeElement.getAttribute('href')]")
        if active[0] == "Skip to the results":
            page.keyboard.press("Enter")
        if active[1] == first:
            break
    assert presses <= 25, presses  # was 54


def test_actor_finder_by_keyboard(live_server, page, seeded):
    page.goto(live_server.url + "/")
    page.wait_for_function("() => window.htmx !== undefined")
    page.locator("#id_actor_q").press_sequentially("putin", delay=20)
    page.keyboard.press("Enter")
    page.wait_for_selector("#actor-suggestions a")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.textContent") == "Vladimir Putin"
    page.keyboard.press("Enter")
    page.wait_for_url("**/?*actor=vladimir-putin*")
    page.wait_for_function("() => document.querySelector('#filters input[name=actor]') !== null")
    try:
        page.wait_for_function("() => document.activeElement.id === 'id_actor_q'", timeout=10_000)
    except Exception:  # say where the focus went
        raise AssertionError(page.evaluate("() => document.activeElement.outerHTML.slice(0, 200)")) from None
    assert page.input_value("#id_actor_q") == ""


def test_a_suggestion_works_the_moment_it_appears(live_server, page, seeded):
    """A suggestion chosen as soon as it is drawn (a fast keyboard, a busy machine) is followed
    by htmx, not as a plain link that reloads the page and drops the focus: htmx readies swapped
    links in the swap's own task (``defaultSettleDelay`` 0). The page clicks the first suggestion
    from a MutationObserver, before anything else can run."""
    page.goto(live_server.url + "/")
    page.wait_for_function("() => window.htmx !== undefined")
    page.evaluate("""() => {
        window.samePage = true;
        const list = document.getElementById("actor-suggestions");
        new MutationObserver(() => {
            const link = list.querySelector("a");
            if (link && !window.clicked) { window.clicked = true; link.click(); }
        }).observe(list, {childList: true, subtree: true});
    }""")
    page.locator("#id_actor_q").press_sequentially("putin", delay=20)
    page.keyboard.press("Enter")
    page.wait_for_url("**/?*actor=vladimir-putin*")
    page.wait_for_function("() => document.querySelector('#filters input[name=actor]') !== null")
    assert page.evaluate("() => window.samePage === true"), "the suggestion reloaded the page"


def test_pages_pass_axe(live_server, page, seeded, artifacts_dir):
    """No violation of any impact on the public pages, moderate ones included: headings go
    down one level at a time whatever the order (an event's title is an h4 under a month, an
    h3 under a year, the list or "Date unknown")."""
    from tests.browser.axe import EVERY_IMPACT, axe_violations

    event = Event.objects.get(title="Viktor V Chirkov visits Pakistan")
    for path in ("/", "/?type=visit&start=2010", "/?q=visit&order=relevance", "/?order=newest", "/?status=planned",
                 "/actors/vladimir-putin/", event.get_absolute_url(), "/documents/", "/relations/",
                 "/relations/?country=PAK", "/relations/PAK/RUS/"):
        page.goto(live_server.url + path)
        assert axe_violations(page, impacts=EVERY_IMPACT) == [], path
    page.goto(live_server.url + "/")
    page.wait_for_function("() => window.htmx !== undefined")
    page.fill("#id_actor_q", "la")
    page.wait_for_selector("#actor-suggestions a")
    assert axe_violations(page) == []
    assert page.csp_violations == []


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
        assert "visit to Pakistan cancelled" in text and "Sergey Lavrov visits Pakistan" not in text
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
        # the filters are one tap from the top; a change there offers the results at once
        page.wait_for_function("() => window.htmx !== undefined")
        assert page.locator(".to-filters a").bounding_box()["y"] < 844
        page.locator(".to-filters a").click()
        page.check("input[name=type][value=visit]")
        page.wait_for_url("**/?*type=visit*")
        show = page.locator(".to-results a")
        page.wait_for_function("() => document.querySelector('.to-results a').textContent.includes('Show the')")
        box = show.bounding_box()
        assert 0 <= box["y"] and box["y"] + box["height"] <= 844  # in view, below the box just ticked
        show.click()
        assert page.locator("#match-count").bounding_box()["y"] < 844
        # every permalink fits the width
        for event in Event.objects.visible()[:40]:
            page.goto(live_server.url + event.get_absolute_url())
            assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), event.title
    finally:
        context.close()


def test_the_relationship_page_on_a_desktop_and_a_phone(live_server, playwright_browser, seeded, artifacts_dir):
    """Issue 25: two countries at a glance, its small multiples readable, no sideways scroll on
    a phone, and its bars a finger wide."""
    for name, viewport in (("desktop", {"width": 1280, "height": 900}), ("phone", {"width": 390, "height": 844})):
        context = playwright_browser.new_context(viewport=viewport)
        page = context.new_page()
        try:
            page.goto(live_server.url + "/relations/PAK/RUS/")
            assert page.locator("h1").inner_text() == "Pakistan and Russia"
            assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), name
            bars = page.evaluate("""() => [...document.querySelectorAll('.spark-bar')]
                .map(a => { const r = a.getBoundingClientRect(); return [r.width, r.height]; })""")
            assert bars and all(height >= 24 for _, height in bars), name
            page.screenshot(path=str(artifacts_dir / f"relation-{name}.png"), full_page=True)
        finally:
            context.close()
