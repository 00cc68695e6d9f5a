"""Issue 25: filters on how precisely an event is dated, verified events, what is new (events
added since a day, a feed of what the timeline learned last), all in the address and in the
exports, and a curator's date that is as certain as the curator says."""

import datetime
import json
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from timeline.models import Event

pytestmark = pytest.mark.django_db
D = datetime.date
ATOM = "{http://www.w3.org/2005/Atom}"


def event(title, start, end=None, *, granularity="day", verified=False, added=None):
    made = Event.objects.create(event_type="meeting", status="occurred", title=title, date_start=start,
                                date_end=end or start, granularity=granularity if start else "unknown",
                                date_certainty="exact" if start else "unresolved", is_verified=verified)
    if added:
        Event.objects.filter(pk=made.pk).update(created_at=added)
    return made


@pytest.fixture
def march_2011():
    return {
        "day": event("Talks on 14 March 2011", D(2011, 3, 14)),
        "month": event("Talks in March 2011", D(2011, 3, 1), D(2011, 3, 31), granularity="month"),
        "year": event("Talks in 2011", D(2011, 1, 1), D(2011, 12, 31), granularity="year"),
        "decade": event("Talks in the 2010s", D(2010, 1, 1), D(2019, 12, 31), granularity="decade"),
        "april": event("Talks on 2 April 2011", D(2011, 4, 2)),
        "undated": event("Talks some day", None),
    }


def titles(client, query):
    answer = client.get(f"/export.json?{query}")
    assert answer.status_code == 200, answer.content[:300]
    return {record["title"] for record in json.loads(b"".join(answer.streaming_content)
                                                      if answer.streaming else answer.content)["events"]}


def test_a_month_lists_what_overlaps_it_unless_asked_for_what_lies_inside(client, march_2011):
    overlapping = titles(client, "start=2011-03&end=2011-03")
    assert overlapping == {"Talks on 14 March 2011", "Talks in March 2011", "Talks in 2011", "Talks in the 2010s"}
    assert titles(client, "start=2011-03&end=2011-03&within=1") == {"Talks on 14 March 2011", "Talks in March 2011"}


@pytest.mark.parametrize("precision, expected", [
    ("day", {"Talks on 14 March 2011", "Talks on 2 April 2011"}),
    ("month", {"Talks on 14 March 2011", "Talks on 2 April 2011", "Talks in March 2011"}),
    ("year", {"Talks on 14 March 2011", "Talks on 2 April 2011", "Talks in March 2011", "Talks in 2011"}),
])
def test_dated_to_at_least(client, march_2011, precision, expected):
    assert titles(client, f"precision={precision}") == expected


def test_the_page_keeps_the_precision_filters_in_its_form_and_chips(client, march_2011):
    html = client.get("/?start=2011-03&end=2011-03&within=1&precision=month").content.decode()
    assert 'name="within" value="1" id="id_within" checked' in html
    assert '<option value="month" selected>the month</option>' in html
    assert "dated inside the range" in html and "dated to at least the month" in html
    assert "Talks in the 2010s" not in html and "Talks on 14 March 2011" in html
    # an unknown precision is named beside its field, and the other filters still apply
    html = client.get("/?precision=fortnight&start=2011-03&end=2011-03&within=1").content.decode()
    assert "Select a valid choice. fortnight is not one of the available choices." in html
    assert "Talks in the 2010s" not in html


def test_verified_only(client, march_2011):
    Event.objects.filter(pk=march_2011["year"].pk).update(is_verified=True)
    assert titles(client, "verified=1") == {"Talks in 2011"}
    html = client.get("/?verified=1").content.decode()
    assert "verified only" in html and 'id="id_verified" checked' in html


def test_events_added_since_a_day(client):
    long_ago = timezone.make_aware(datetime.datetime(2026, 1, 5, 12))
    event("Talks reported in January", D(2009, 6, 1), added=long_ago)
    event("Talks reported today", D(2010, 6, 1))
    today = timezone.localdate()
    assert titles(client, f"since={today.isoformat()}") == {"Talks reported today"}
    assert titles(client, "since=2026-01") == {"Talks reported in January", "Talks reported today"}
    html = client.get("/").content.decode()
    week_ago = (today - datetime.timedelta(days=7)).isoformat()
    assert f'href="?since={week_ago}">Added in the last seven days</a>' in html


def test_the_feed_brings_what_was_added_last_first_whatever_its_date(client):
    long_ago = timezone.make_aware(datetime.datetime(2026, 1, 5, 12))
    event("Summit of 2024", D(2024, 5, 1), added=long_ago)
    event("Visit of 2010, reported today", D(2010, 3, 1))
    feed = ET.fromstring(client.get("/feed.atom").content)
    entries = [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")]
    assert entries == ["1 Mar 2010: Visit of 2010, reported today", "1 May 2024: Summit of 2024"]
    assert "newest added first" in feed.find(f"{ATOM}subtitle").text
    feed = ET.fromstring(client.get(f"/feed.atom?since={timezone.localdate().isoformat()}").content)
    assert [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")] == [
        "1 Mar 2010: Visit of 2010, reported today"]


def test_web_search_syntax_on_either_database(client, seeded):
    """Item 9: OR, quoted phrases, -word and possessives, the same on PostgreSQL and SQLite,
    and the syntax said under the box."""
    putin, khan = titles(client, "q=Putin"), titles(client, "q=Khan")
    assert putin and khan and putin != khan
    assert titles(client, "q=Putin+OR+Khan") == putin | khan
    assert titles(client, "q=Imran%27s") == titles(client, "q=Imran") != set()
    assert titles(client, "q=Putin+-Khan") == putin - khan
    phrase = titles(client, "q=%22Vladimir+Putin%22")
    assert phrase and phrase < putin  # "Putin" alone is also found where the phrase is not
    assert titles(client, "q=%22Putin+Vladimir%22") == set()
    html = client.get("/").content.decode()
    assert 'aria-describedby="id_q_help"' in html
    assert "OR between words for either; -word to leave a word out; Putin&#x27;s finds Putin." in html


def test_verified_shows_in_rows_and_in_the_exports(client, march_2011):
    Event.objects.filter(pk=march_2011["day"].pk).update(is_verified=True)
    html = client.get("/?verified=1").content.decode()
    assert '<span class="badge verified" title="A curator checked this event against its sources">verified</span>' in html
    answer = client.get("/export.json?verified=1")
    records = json.loads(b"".join(answer.streaming_content) if answer.streaming else answer.content)["events"]
    assert [(r["title"], r["verified"]) for r in records] == [("Talks on 14 March 2011", True)]


def test_every_undated_event_is_within_reach_page_by_page(client):
    """Item 4: the undated events page like the dated ones, and the count is the true one."""
    import re

    from timeline.selectors.timeline import UNDATED_SHOWN

    event("Talks with a date", D(2012, 5, 1))
    made = [event(f"Undated talks number {n}", None).pk for n in range(2 * UNDATED_SHOWN + 10)]
    html = client.get("/").content.decode()
    assert f"and {len(made)} undated</h2>" in html
    seen = re.findall(r"Undated talks number (\d+)<", html)
    assert len(seen) == UNDATED_SHOWN
    pages = 1
    while (more := re.search(r'hx-get="\?([^"]*undated_after=\d+)"', html)):
        html = client.get("/?" + more.group(1).replace("&amp;", "&"), HTTP_HX_REQUEST="true").content.decode()
        seen += re.findall(r"Undated talks number (\d+)<", html)
        pages += 1
    assert sorted(map(int, seen)) == list(range(len(made))) and pages == 3
    # without JavaScript the link opens a page of its own that continues the list
    html = client.get(f"/?undated_after={made[UNDATED_SHOWN - 1]}").content.decode()
    assert "More events with no date, continuing the list." in html
    assert f"Undated talks number {UNDATED_SHOWN}<" in html and "Undated talks number 0<" not in html


def test_an_event_its_report_no_longer_tells_has_a_410_page_and_the_ingest_says_so(client, tmp_path):
    """Item 6: a re-ingest that removes the only sentence telling an event says so, and the
    event's permalink answers 410 with why, not a bare 404."""
    import io

    from django.core.management import call_command

    path = tmp_path / "report.txt"
    path.write_text("Turkish Foreign Minister Hakan Fidan visited Baku on Monday.\n\n"
                    "Separately, Pakistan and China signed a trade agreement in Beijing on Tuesday.\n")
    call_command("ingest", str(path), published="2024-02-20", stdout=io.StringIO())
    agreement = Event.objects.get(event_type="agreement")
    permalink = agreement.get_absolute_url()
    assert client.get(permalink).status_code == 200
    path.write_text("Turkish Foreign Minister Hakan Fidan visited Baku on Monday.\n")
    out = io.StringIO()
    call_command("ingest", str(path), published="2024-02-20", stdout=out)
    assert "1 no longer told by any source (their permalinks say so)" in out.getvalue()
    answer = client.get(permalink)
    assert answer.status_code == 410
    page = answer.content.decode()
    assert "No longer on the timeline" in page and f"“{agreement.title}” is no longer on the timeline" in page
    assert "no longer tells it, and no other source does" in page and "The report as it reads now" in page
    assert client.get("/events/0000000000/nothing/").status_code == 404  # never known: still 404


def test_a_curator_follows_and_pauses_feeds(client, curator):
    answer = client.post("/admin/timeline/feed/add/", {"url": "https://ledger.example/feed.xml", "outlet": "Ledger",
                                                       "state": "active"})
    assert answer.status_code == 302
    assert client.get("/admin/timeline/feed/").status_code == 200
    assert client.get("/admin/timeline/retiredevent/").status_code == 200


def test_the_form_says_how_choices_combine_and_its_numbers_are_what_it_says(client, seeded):
    """Item 10: types and statuses combine with OR, actors and topics with AND; the page says
    so, and each number is what the note says it is."""
    import re

    html = client.get("/?type=visit").content.decode()
    assert "Type <span class=\"muted\">(any ticked)</span>" in html and "Actors <span class=\"muted\">(all chosen)</span>" in html
    assert "Types and statuses ticked together show events of any of them; actors and topics chosen together" in html

    def number(kind):
        return int(re.search(rf'value="{kind}" id="id_type_{kind}"[^>]*> [^<]+ <span class="count">(\d+)</span>', html).group(1))

    dated = Event.objects.visible().dated()
    # beside a type: its dated events, the other filters as they are (the ticked type aside)
    assert number("meeting") == dated.filter(event_type="meeting").count()
    assert number("visit") == dated.filter(event_type="visit").count()
    # ticking meeting as well shows both kinds: the sum, as "any ticked" says
    both = titles(client, "type=visit&type=meeting&start=1900")
    assert len(both) == dated.filter(event_type__in=["visit", "meeting"]).count()
