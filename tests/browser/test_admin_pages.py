"""The curator's event pages in Debian's Chromium: the list fits a 1366 px window, axe finds
nothing serious (autocomplete dropdowns open too), and the history shows what each save changed."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from tests.browser.axe import axe_violations
from timeline.curation import services as curation
from timeline.models import Event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long curator passphrase"
LONG_TITLE = ("Foreign ministers of Pakistan, Russia, China and Iran meet on the sidelines of the Shanghai "
              "Cooperation Organisation Council of Foreign Ministers in Tashkent to discuss Afghanistan, regional "
              "connectivity, counter-terrorism cooperation and the Pakistan–Russia–China–Iran quadrilateral format")


@pytest.fixture
def curated(seeds_dir):
    """The seeds as a curator finds them after some work: a very long title, and events
    verified, hidden and merged (every mark the state column shows)."""
    call_command("ingest", str(seeds_dir), stdout=io.StringIO())
    events = list(Event.objects.order_by("pk"))
    Event.objects.filter(pk=events[0].pk).update(title=LONG_TITLE)
    curation.set_flag([events[1]], "is_verified", True)
    curation.set_flag([events[2]], "is_hidden", True)
    curation.merge_events(events[3], [events[4]])
    return events


@pytest.fixture
def signed_in(live_server, page):
    User.objects.create_superuser("ana", password=PASSWORD)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server.url}/admin/login/?next=/admin/timeline/event/")
    page.fill("#id_username", "ana")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/timeline/event/")
    return page


def test_the_event_list_fits_1366_px(signed_in, curated, artifacts_dir):
    page = signed_in
    page.reload()
    fits = page.evaluate("""() => {
        const results = document.querySelector('#changelist-form .results');
        return {page: document.documentElement.scrollWidth <= window.innerWidth,
                table: document.querySelector('#result_list').getBoundingClientRect().right <= window.innerWidth,
                results: results.scrollWidth <= results.clientWidth,
                lastColumn: document.querySelector('#result_list th:last-child').getBoundingClientRect().right
                            <= results.getBoundingClientRect().right};
    }""")
    assert fits == {"page": True, "table": True, "results": True, "lastColumn": True}
    merged = curated[4]
    assert page.get_by_role("link", name=f"merged into #{curated[3].pk}").is_visible()
    states = page.locator("#result_list td.field-state")
    assert states.get_by_text("verified", exact=True).is_visible() and states.get_by_text("hidden", exact=True).is_visible()
    shortened = page.locator(f'#result_list span[title="{LONG_TITLE}"]')
    assert shortened.count() == 1 and shortened.inner_text().endswith("…")
    assert merged.title in page.locator("#result_list").inner_text()
    assert axe_violations(page) == []
    assert page.csp_violations == []
    page.screenshot(path=str(artifacts_dir / "admin-event-list-1366.png"), full_page=True)


def test_the_change_page_passes_axe_with_its_autocomplete_boxes_open(signed_in, curated, live_server):
    page = signed_in
    event = Event.objects.filter(topics__isnull=False, place__isnull=True, eventactor__isnull=False).first()
    page.goto(f"{live_server.url}/admin/timeline/event/{event.pk}/change/")
    assert axe_violations(page) == []
    for box in ["#id_place", "#id_topics", "#id_eventactor_set-0-actor"]:
        page.locator(f"{box} + .select2 .select2-selection").click()
        page.locator(".select2-container--open .select2-results__option:not(.loading-results)").first.wait_for()
        assert page.locator(".select2-container--open .select2-search__field").first.get_attribute("aria-label")
        assert axe_violations(page) == [], box
        page.keyboard.press("Escape")
    # the topics' "remove all" cross, moved out of the list of chosen topics, still removes them all
    topics = page.locator("#id_topics + .select2")
    topics.locator(".select2-selection__clear").click()
    topics.locator(".select2-search__field").press("Escape")  # clearing opens the dropdown
    assert page.locator("#id_topics option:checked").count() == 0
    assert topics.locator(".select2-selection__clear").count() == 0
    topics.locator(".select2-selection").click()
    page.locator(".select2-container--open .select2-results__option:not(.loading-results)").first.click()
    assert page.locator("#id_topics option:checked").count() == 1
    assert topics.locator(".select2-selection__clear").count() == 1 and axe_violations(page) == []
    assert page.csp_violations == []


def test_each_save_adds_one_history_entry_that_shows_its_changes(signed_in, curated, live_server, artifacts_dir):
    page = signed_in
    event = Event.objects.get(title="Sergey Lavrov visits Pakistan")
    start = event.date_start.isoformat()
    page.goto(f"{live_server.url}/admin/timeline/event/{event.pk}/change/")
    page.fill("#id_title", "Lavrov in Islamabad")
    page.fill("#id_date_start", "2021-04-07")
    page.fill("#id_date_end", "2021-04-07")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/timeline/event/")
    assert event.history.count() == 2  # the event as read from the sources, then this save

    page.goto(f"{live_server.url}/admin/timeline/event/{event.pk}/change/")
    page.select_option("#id_status", "planned")
    page.click("input[name=_continue]")
    page.wait_for_url(f"**/admin/timeline/event/{event.pk}/change/")
    assert event.history.count() == 3

    page.goto(f"{live_server.url}/admin/timeline/event/{event.pk}/history/")
    rows = page.locator("#change-history tbody tr")
    assert rows.count() == 3
    newest, first_edit, sources = (rows.nth(i).inner_text() for i in range(3))
    assert "Status: occurred → planned" in newest and "Title" not in newest
    assert "Title: Sergey Lavrov visits Pakistan → Lavrov in Islamabad" in first_edit
    assert f"Date start: {start} → 2021-04-07" in first_edit and "ana" in first_edit
    assert "as read from the sources" in sources
    assert axe_violations(page) == []
    assert page.csp_violations == []
    page.screenshot(path=str(artifacts_dir / "admin-event-history.png"), full_page=True)


@pytest.mark.parametrize("changelist", ["event", "document", "actor", "evidence", "feed", "topic", "place",
                                        "deletedevent"])
def test_every_changelist_curators_use_passes_axe(signed_in, curated, live_server, changelist):
    """Issue 25, item 12: no serious violation on the lists, their filter panels included, and
    their links big enough to hit (target-size, which axe runs only when asked)."""
    page = signed_in
    page.goto(f"{live_server.url}/admin/timeline/{changelist}/")
    assert axe_violations(page, also=["target-size"]) == [], changelist
