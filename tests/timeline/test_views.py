"""The analyst's pages through the test client: full pages, htmx fragments, bad input."""

import csv
import datetime
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from timeline.selectors.filters import EventFilters
from timeline.models import Actor, Event, EventActor, Topic

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def titles(response):
    html = response.content.decode()
    return [event.title for event in Event.objects.all() if f">{event.title}</a>" in html.replace("&#x27;", "'")]


def test_timeline_full_page_and_fragment(client, seeded):
    page = client.get("/")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<form id="filters" class="filters" method="get"' in html and 'hx-push-url="true"' in html
    assert 'id="results"' in html and 'aria-live="polite"' in html
    assert "<h2>2012</h2>" in html and "Date unknown" in html
    assert "HX-Request" in page["Vary"]
    fragment = client.get("/", **HTMX)
    body = fragment.content.decode()
    assert "<html" not in body and 'class="events"' in body
    # the form comes along, to be swapped out of band
    assert body.count("<form") == 1 and '<form id="filters" class="filters" method="get" action="/" role="search" aria-label="Filter events" hx-swap-oob="true"' in body
    assert "HX-Request" in fragment["Vary"]


def test_dates_shown_at_their_granularity(client, seeded):
    html = client.get("/").content.decode()
    assert ">6 Apr 2021<" in html       # a day
    assert ">Oct 2012<" in html         # a month
    assert ">2024<" in html             # a year
    assert ">week of 21 Feb 2022<" in html
    assert "≈ " in html                 # an approximate interval ("recent visit")


def test_oldest_first_and_newest_first(client, seeded):
    oldest = client.get("/").content.decode()
    newest = client.get("/?order=newest").content.decode()
    assert oldest.index("<h2>2012</h2>") < oldest.index("<h2>2025</h2>")
    assert newest.index("<h2>2025</h2>") < newest.index("<h2>2012</h2>")


@pytest.mark.parametrize("query, expected, unexpected", [
    ("actor=sergey-lavrov", "Sergey Lavrov visits Pakistan", "Shehbaz Sharif meets Vladimir Putin in Beijing"),
    ("actor=sergey-lavrov&actor=imran-khan", "Sergey Lavrov meets Imran Khan", "Sergey Lavrov visits Pakistan"),
    ("country=TUR", None, "Sergey Lavrov visits Pakistan"),
    ("country=Pakistan", "Sergey Lavrov visits Pakistan", None),
    ("topic=defence", "Pakistan and Russia agree to carry first-ever joint military exercises", "SCO summit (planned)"),
    ("type=cancellation", "Vladimir Putin&#x27;s visit to Pakistan cancelled", "Sergey Lavrov visits Pakistan"),
    ("status=planned", "Vladimir Putin to visit Pakistan", "Sergey Lavrov visits Pakistan"),
    ("start=2021&end=2021", "Sergey Lavrov visits Pakistan", "Shehbaz Sharif meets Vladimir Putin in Beijing"),
    ("start=2021-04-07&end=2021-04-07", "Sergey Lavrov meets Imran Khan", "Sergey Lavrov visits Pakistan"),
    ("q=pipeline", None, "Shehbaz Sharif meets Vladimir Putin in Beijing"),
    ("q=Astana", "Shehbaz Sharif meets Vladimir Putin in Astana", "Sergey Lavrov visits Pakistan"),
])
def test_each_filter_full_page_and_fragment(client, seeded, query, expected, unexpected):
    for response in (client.get(f"/?{query}"), client.get(f"/?{query}", **HTMX)):
        assert response.status_code == 200
        html = response.content.decode()
        if expected:
            assert expected in html, query
        if unexpected:
            assert unexpected not in html, query


def test_document_filter(client, seeded):
    from timeline.models import Document

    document = Document.objects.get(origin__endswith="004_c4f2c24ab931627e.txt")
    html = client.get(f"/?document={document.pk}", **HTMX).content.decode()
    assert "Shehbaz Sharif meets Vladimir Putin in Beijing" in html and "Sergey Lavrov" not in html


@pytest.mark.parametrize("query", [
    "start=9999-12-05", "start=9999-12-31", "end=0001-01-02", "start=0001-01-31&end=0001-02-02",
    "start=9999-11-30&end=9999-12-30", "start=9999", "end=9999&type=visit",
])
def test_the_calendars_first_and_last_months_are_dates_like_any_other(client, seeded, query):
    """No page fails at the ends of the calendar: a range that begins or ends part-way through
    December 9999 or January 1 AD is drawn, listed and exported."""
    for path in ("/", "/axis/", "/axis/?lanes=country&", "/map/", "/feed.atom", "/export.csv", "/export.ics"):
        separator = "" if path.endswith("&") else "?"
        response = client.get(f"{path}{separator}{query}")
        assert response.status_code == 200, (path, query)
    assert client.get(f"/?{query}", **HTMX).status_code == 200


@pytest.mark.parametrize("query", [
    "start=2015-13", "start=yesterday", "end=2012-02-30", "start=2020&end=2010", "document=abc", "document=-1",
    "type=party", "status=maybe", "actor=nobody-at-all", "order=sideways", "after=garbage", "offset=-5&order=relevance",
    "q=" + "x" * 300,
])
def test_bad_filter_values_give_a_message_not_an_error(client, seeded, query):
    for response in (client.get(f"/?{query}"), client.get(f"/?{query}", **HTMX)):
        assert response.status_code == 200
        html = response.content.decode()
        if "after=" not in query and "offset" not in query:
            assert 'role="alert"' in html and "could not be used" in html, query


def test_search_finds_words_in_source_sentences_on_this_database(client, seeded):
    # "handout" is only in a source sentence, not in any title
    html = client.get("/?q=handout", **HTMX).content.decode()
    assert "Troika meeting in Moscow" in html and "Sergey Lavrov visits Pakistan" not in html
    ranked = client.get("/?q=Astana meeting&order=relevance").content.decode()
    assert "Shehbaz Sharif meets Vladimir Putin in Astana" in ranked
    assert client.get("/?q=\"unbalanced (quote OR -").status_code == 200


def test_keyset_pages(client, db):
    actor = Actor.objects.create(name="Test Person", kind="person", slug="test-person")
    for day in range(120):
        event = Event.objects.create(event_type="meeting", title=f"Meeting number {day}", slug=f"meeting-{day}",
                                     date_start=datetime.date(2020, 1, 1) + datetime.timedelta(days=day),
                                     date_end=datetime.date(2020, 1, 1) + datetime.timedelta(days=day), granularity="day",
                                     date_certainty="exact")
        EventActor.objects.create(event=event, actor=actor)
    first = client.get("/").content.decode()
    assert ">Meeting number 49<" in first and ">Meeting number 50<" not in first
    assert "after=2020-02-19." in first
    after = first.split("after=", 1)[1].split('"', 1)[0].replace("&amp;", "&")
    second = client.get(f"/?after={after}", **HTMX).content.decode()
    assert ">Meeting number 50<" in second and ">Meeting number 49<" not in second
    assert "<h2>" not in second  # no repeated year heading inside 2020


def test_headings_go_down_one_level_at_a_time_on_every_page(client, db):
    """Issue 13, item 10 (heading-order): an event's title is one level below the heading it sits
    under: h4 under a month's h3, h3 under a year's h2 (an event known to the year), under "Date
    unknown" and in a list by best match; a later page keeps to that, joined to the list by
    htmx or opened on its own."""
    import re

    def levels(html):
        return [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]

    def in_order(found):
        return found[0] == 1 and all(b <= a + 1 for a, b in zip(found, found[1:]))

    for day in range(60):
        Event.objects.create(event_type="meeting", title=f"Meeting number {day}", slug=f"meeting-{day}",
                             search_text=f"Meeting number {day}",
                             date_start=datetime.date(2020, 1, 1) + datetime.timedelta(days=day),
                             date_end=datetime.date(2020, 1, 1) + datetime.timedelta(days=day), granularity="day",
                             date_certainty="exact")
    Event.objects.create(event_type="visit", title="A visit some time in 2021", date_start=datetime.date(2021, 1, 1),
                         date_end=datetime.date(2021, 12, 31), granularity="year", date_certainty="exact")
    Event.objects.create(event_type="visit", title="A meeting without a date")
    first = client.get("/").content.decode()
    assert in_order(levels(first)), levels(first)
    assert re.search(r'<h3 class="title"><a [^>]*>A meeting without a date<', first)
    after = first.split("after=", 1)[1].split('"', 1)[0].replace("&amp;", "&")
    joined = client.get(f"/?after={after}", **HTMX).content.decode()
    assert re.search(r'<h4 class="title"><a [^>]*>Meeting number 50<', joined)  # still under February 2020
    assert re.search(r'<h3 class="title"><a [^>]*>A visit some time in 2021<', joined)  # under 2021
    assert in_order(levels(first.split('<li class="more"', 1)[0]) + levels(joined))
    alone = client.get(f"/?after={after}").content.decode()
    assert "<h3>February 2020</h3>" in alone and in_order(levels(alone)), levels(alone)
    ranked = client.get("/?q=meeting&order=relevance").content.decode()
    assert "Meeting number" in ranked and in_order(levels(ranked)), levels(ranked)


def test_query_count_does_not_grow_with_the_number_of_matching_events(client, db):
    def make(count, offset):
        actor = Actor.objects.create(name=f"Person {offset}", kind="person", slug=f"person-{offset}")
        topic = Topic.objects.get_or_create(name="Energy")[0]
        for index in range(count):
            event = Event.objects.create(event_type="visit", title=f"Visit {offset}-{index}", slug=f"visit-{offset}-{index}",
                                         date_start=datetime.date(2000 + index % 20, 1 + index % 12, 1),
                                         date_end=datetime.date(2000 + index % 20, 1 + index % 12, 28), granularity="month")
            EventActor.objects.create(event=event, actor=actor)
            event.topics.add(topic)

    from django.core.cache import cache

    make(3, 1)
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    make(150, 2)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        client.get("/")
    assert len(few.captured_queries) == len(many.captured_queries)
    with CaptureQueriesContext(connection) as fragment:
        client.get("/?topic=energy", **HTMX)
    assert len(fragment.captured_queries) <= len(many.captured_queries)


def test_density_chart_bars_narrow_the_dates(client, seeded):
    html = client.get("/").content.decode()
    assert '<svg viewBox="0 0' in html and 'role="img"' not in html  # links inside an image are out of reach
    assert 'href="?start=2021&amp;end=2021"' in html
    assert "Events with a date per year" in html
    narrow = client.get("/?start=2021&end=2021").content.decode()
    assert "Events with a date per month" in narrow


def test_permalink_shows_evidence_highlighted_and_explained(client, seeded):
    event = Event.objects.get(title="Viktor V Chirkov visits Pakistan")
    response = client.get(event.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert '<mark class="trigger">visited</mark>' in html
    assert '<mark class="date" title="&#x27;last August&#x27; in a text published about 14 May 2015 -&gt; August 2014">last August</mark>' in html
    assert "in a text published about 14 May 2015 -&gt; August 2014" in html
    assert f'<link rel="canonical" href="http://testserver{event.get_absolute_url()}">' in html


def test_permalink_id_alone_and_changed_slug_redirect(client, seeded):
    event = Event.objects.get(title="Viktor V Chirkov visits Pakistan")
    assert client.get(f"/events/{event.public_id}/").url == event.get_absolute_url()
    assert client.get(f"/events/{event.public_id}/an-old-title/").url == event.get_absolute_url()
    assert client.get("/events/000000000000/").status_code == 404


def test_permalink_conflicts_and_related(client, seeded):
    astana = Event.objects.get(place__name="Astana")
    html = client.get(astana.get_absolute_url()).content.decode()
    assert "Sources disagree" in html and "<strong>2023</strong>" in html
    assert "Related events" in html and "Shehbaz Sharif meets Vladimir Putin in Beijing" in html


def test_hidden_events_are_gone_from_every_public_page(client, seeded):
    event = Event.objects.get(title="Viktor V Chirkov visits Pakistan")
    event.is_hidden = True
    event.save()
    withdrawn = client.get(event.get_absolute_url())
    assert withdrawn.status_code == 410 and "withdrawn by a curator" in withdrawn.content.decode()
    assert '<link rel="stylesheet"' in withdrawn.content.decode()  # the site around it
    assert event.title not in client.get("/").content.decode()
    assert event.title not in client.get("/", **HTMX).content.decode()
    assert event.title not in client.get("/actors/viktor-v-chirkov/").content.decode()
    assert event.title not in b"".join(client.get("/export.json").streaming_content).decode()
    document = event.evidence.first().document
    assert event.get_absolute_url() not in client.get(document.get_absolute_url()).content.decode()


def test_merged_event_permalink_redirects_to_the_survivor(client, seeded):
    survivor = Event.objects.get(title="Viktor V Chirkov visits Pakistan")
    merged = Event.objects.exclude(pk=survivor.pk).first()
    merged.merged_into = survivor
    merged.save()
    response = client.get(merged.get_absolute_url())
    assert response.status_code == 301 and response.url == survivor.get_absolute_url()


def test_actor_and_topic_pages(client, seeded):
    html = client.get("/actors/sergey-lavrov/").content.decode()
    assert "Foreign Minister of Russia" in html and "Sergei Lavrov" in html  # role and alias
    assert "Sergey Lavrov visits Pakistan" in html and "Shehbaz Sharif meets" not in html
    assert client.get("/actors/sergey-lavrov/?type=visit", **HTMX).status_code == 200
    topic = client.get("/topics/defence/").content.decode()
    assert "Pakistan and Russia agree to carry first-ever joint military exercises" in topic
    assert client.get("/actors/nobody/").status_code == 404


def test_document_page_highlights_events_and_dates(client, seeded):
    event = Event.objects.get(title="Viktor V Chirkov visits Pakistan")
    document = event.evidence.first().document
    html = client.get(document.get_absolute_url()).content.decode()
    assert f'<a class="mark trigger" href="{event.get_absolute_url()}"' in html
    assert '<mark class="date"' in html and ">last August</mark>" in html
    assert "about 14 May 2015" in html and "forum chrome" in html
    # the evidence on the permalink links to its passage here
    evidence = event.evidence.first()
    assert f'id="evidence-{evidence.pk}"' in html
    assert f'#evidence-{evidence.pk}"' in client.get(event.get_absolute_url()).content.decode()


def test_document_page_shows_the_dates_read_at_ingest(client, seeded):
    """The page marks the date mentions stored with the document, as its evidence was read,
    not a fresh reading that could disagree with it."""
    event = Event.objects.get(title="Viktor V Chirkov visits Pakistan")
    document = event.evidence.first().document
    mention = document.date_mentions.get(date_text="last August")
    mention.date_explanation = "as stored at ingest"
    mention.save()
    assert 'title="as stored at ingest">last August</mark>' in client.get(document.get_absolute_url()).content.decode()


def test_exports_of_what_is_on_screen(client, seeded):
    html = client.get("/?status=planned").content.decode()
    assert 'href="/export.csv?status=planned"' in html
    data = json.loads(b"".join(client.get("/export.json?status=planned").streaming_content))
    assert {e["status"] for e in data["events"]} == {"planned"}
    assert data["events"][0]["url"].startswith("http://testserver/events/")
    ics = b"".join(client.get("/export.ics?actor=sergey-lavrov").streaming_content).decode()
    assert ics.startswith("BEGIN:VCALENDAR") and "Sergey Lavrov visits Pakistan" in ics
    assert client.get("/export.csv?start=nonsense").status_code == 400
    assert client.get("/export.pdf").status_code == 404


def test_a_row_rendered_once_follows_every_change_to_its_event(client, db):
    """Rows are cached per version of their event: the first view after a change shows it,
    and only the changed row is rendered again."""
    actor = Actor.objects.create(name="Test Envoy", kind="person", slug="test-envoy")
    events = []
    for day in range(3):
        event = Event.objects.create(event_type="meeting", title=f"Round {day} of talks", slug=f"round-{day}",
                                     date_start=datetime.date(2020, 3, 1 + day), date_end=datetime.date(2020, 3, 1 + day),
                                     granularity="day", date_certainty="exact")
        EventActor.objects.create(event=event, actor=actor)
        events.append(event)
    assert ">Round 1 of talks<" in client.get("/").content.decode()
    events[1].title = "Round 1 of talks, extended"
    events[1].save()
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/").content.decode()
    assert ">Round 1 of talks, extended<" in html and ">Round 0 of talks<" in html
    # the place, actors and topics are loaded once, for the changed row only
    listing = [q["sql"] for q in queries.captured_queries if "timeline_eventactor" in q["sql"] and "_prefetch" in q["sql"]]
    assert len(listing) == 1 and f"IN ({events[1].pk})" in listing[0]
    actor.name = "Test Envoy Renamed"  # an actor renamed in the admin: every row that names it
    actor.save()
    assert client.get("/").content.decode().count(">Test Envoy Renamed<") == 3


def test_the_cached_permalink_follows_its_event_and_its_sources(client, seeded):
    """Permalinks are served from the cache per version of the data: a change to the event or
    to one of its documents shows at once, and hiding it takes it down."""
    event = Event.objects.get(title="Viktor V Chirkov visits Pakistan")
    url = event.get_absolute_url()
    assert client.get(url).status_code == 200
    document = event.evidence.first().document
    document.outlet = "The Weekly Correction"
    document.save()
    assert "The Weekly Correction" in client.get(url).content.decode()
    event.date_explanation = "set by hand for this test"
    event.save()
    assert "set by hand for this test" in client.get(url).content.decode()
    event.is_hidden = True
    event.save()
    withdrawn = client.get(url)
    assert withdrawn.status_code == 410 and "withdrawn by a curator" in withdrawn.content.decode()


def test_one_unusable_value_leaves_out_its_own_filter_only(client, seeded):
    """Issue 13, item 3: a bad date keeps the actor and type filters, and says so in the
    form's words; a stale actor in a shared link is named and the others still apply."""
    putin = Actor.objects.get(slug="vladimir-putin")
    meetings = Event.objects.visible().for_actors([putin.slug]).of_types(["meeting"])
    expected = sorted(meetings.values_list("title", flat=True))
    assert expected
    html = client.get(f"/?actor={putin.slug}&type=meeting&start=May+2015").content.decode()
    assert "From: “May 2015” is not a date" in html and "The other filters still apply." in html
    assert 'id="id_start_error"' in html and 'aria-invalid="true"' in html  # next to its field
    shown = sorted(t for t in titles(client.get(f"/?actor={putin.slug}&type=meeting&start=May+2015", **HTMX)))
    assert shown == expected
    stale = client.get(f"/?actor={putin.slug}&actor=no-such-envoy&type=meeting", **HTMX).content.decode()
    assert "no actor “no-such-envoy” is known; it is left out." in stale
    assert sorted(t for t in titles(client.get(f"/?actor={putin.slug}&actor=no-such-envoy&type=meeting"))) == expected
    backwards = client.get("/?start=2016&end=2014").content.decode()
    assert "To: The end of the date range is before its start." in backwards
    # the page's export link carries the filters it applied and gives the page's events; an
    # export address made elsewhere with a value it cannot use is refused, not widened
    import re

    link = re.search(r'href="(/export\.csv\?[^"]*)"', html).group(1).replace("&amp;", "&")
    assert "start=" not in link and f"actor={putin.slug}" in link
    export = client.get(link)
    assert export.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert sorted(row["title"] for row in rows) == expected
    refused = client.get(f"/export.csv?actor={putin.slug}&type=meeting&start=May+2015")
    assert refused.status_code == 400 and "From: “May 2015” is not a date" in refused.content.decode()


def test_load_more_without_javascript_opens_a_full_page(client, seeded):
    """Issue 13, item 6: the "load more" link opened without htmx (no JavaScript, a new tab)
    is a whole page: the layout, the filters, the next events and a way back."""
    from timeline.selectors.timeline import PAGE_SIZE

    first = Event.objects.visible().dated().order_by("date_start", "id").first()
    html = client.get(f"/?after={first.date_start.isoformat()}.{first.pk}").content.decode()
    assert "<html" in html and '<form id="filters" class="filters"' in html and 'id="results"' in html
    assert "Back to the first page" in html and f'id="event-{first.public_id}"' not in html
    later = Event.objects.visible().dated().order_by("date_start", "id")[1:PAGE_SIZE + 1]
    assert all(f'id="event-{event.public_id}"' in html for event in later)
    fragment = client.get(f"/?after={first.date_start.isoformat()}.{first.pk}", **HTMX).content.decode()
    assert "<html" not in fragment and "<form" not in fragment


def test_actor_lines_have_no_empty_separators(client, seeded):
    """Issue 13, item 5: a row whose actors are all countries, or that has no place, shows no
    dangling comma or dot."""
    import re

    html = client.get("/").content.decode()
    metas = re.findall(r'<p class="meta">(.*?)</p>', html, re.S)
    assert metas
    for meta in metas:
        text = re.sub(r"<[^>]+>", "", meta)
        text = " ".join(text.split())
        assert not re.search(r",\s*(·|$)", text), text
        assert not text.startswith("·"), text
        assert "· ·" not in text, text


def test_exports_carry_the_pages_query_with_presets_and_order(client, seeded):
    """Issue 13, item 2: an actor's page exports that actor's events (not every event), the
    export keeps the page's order, and the calendar link says it leaves undated events out."""
    import re

    putin = Actor.objects.get(slug="vladimir-putin")
    html = client.get(f"/actors/{putin.slug}/?order=newest").content.decode()
    link = re.search(r'href="(/export\.json\?[^"]*)"', html).group(1).replace("&amp;", "&")
    assert f"actor={putin.slug}" in link and "order=newest" in link
    records = json.loads(b"".join(client.get(link).streaming_content))["events"]
    # exactly the events the page lists, in its order: dated ones, then the undated ones
    listed = re.findall(r'<li class="event [^"]*" id="event-([0-9a-f]+)"', html)
    assert len(listed) == putin.events.visible().count() > 10
    assert [record["id"] for record in records] == listed
    for query in ("", "?type=meeting&type=visit", "?order=newest&status=occurred"):
        page = client.get(f"/{query}").content.decode()
        listed = re.findall(r'<li class="event [^"]*" id="event-([0-9a-f]+)"', page)
        link = re.search(r'href="(/export\.json\?[^"]*)"', page).group(1).replace("&amp;", "&")
        records = json.loads(b"".join(client.get(link).streaming_content))["events"]
        assert [record["id"] for record in records] == listed, query
    everything = client.get("/").content.decode()
    assert re.search(r"the calendar leaves out the (more than )?\d+ undated event", everything)


def test_the_page_says_how_many_events_match(client, seeded):
    """Issue 13, item 8 (first part): the number of matching events above the results."""
    import re

    for query, filters in [("", {}), ("?type=visit", {"type": ["visit"]}), ("?country=PAK", {"country": "PAK"})]:
        html = client.get(f"/{query}").content.decode()
        matching = Event.objects.visible().matching(EventFilters.of(**filters))
        dated, undated = matching.dated().count(), matching.undated().count()
        said = re.search(r'<h2 class="match-count"[^>]*><strong>(\d+) events?</strong> with a date(, and (\d+) undated)?</h2>', html)
        assert said and int(said.group(1)) == dated, query
        assert int(said.group(3) or 0) == undated, query


def test_any_view_can_be_followed_as_an_atom_feed(client, seeded):
    """Issue 13 ("follow a view"): /feed.atom with a page's filters lists that page's events,
    the ones added last first (issue 25: what is new to the reader), each linking to its
    permalink; the page links to it; a bad value is refused."""
    import re
    import xml.etree.ElementTree as ET

    putin = Actor.objects.get(slug="vladimir-putin")
    html = client.get(f"/actors/{putin.slug}/").content.decode()
    link = re.search(r'href="(/feed\.atom\?[^"]*)"', html).group(1).replace("&amp;", "&")
    response = client.get(link)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.fromstring(response.content)
    assert "actors Vladimir Putin" in feed.find(f"{atom}title").text  # in words, not slugs
    # its own address keeps its filters: a reader subscribing by rel="self" follows this view
    assert feed.find(f"{atom}link[@rel='self']").get("href") == f"http://testserver{link}"
    links = [entry.find(f"{atom}link").get("href") for entry in feed.findall(f"{atom}entry")]
    expected = Event.objects.visible().for_actors([putin.slug]).order_by("-created_at", "-id")[:50]
    assert links == [f"http://testserver{event.get_absolute_url()}" for event in expected]
    assert client.get("/feed.atom?start=May+2015").status_code == 400


# Issue 13, item 1: the URL is the state. Every answer to htmx redraws the form from the URL.

def _form_of(body):
    return body[body.index('<form id="filters"'):body.index("</form>")]


def test_each_htmx_answer_redraws_the_form_from_its_url(client, seeded):
    visits = _form_of(client.get("/?type=visit&type=meeting", **HTMX).content.decode())
    assert 'value="visit" id="id_type_visit" checked' in visits and 'value="meeting" id="id_type_meeting" checked' in visits
    # removing the "type: visit" chip: the form no longer ticks it
    chips = client.get("/?type=visit&type=meeting").content.decode()
    assert 'href="?type=meeting" hx-get="?type=meeting"' in chips
    meetings = _form_of(client.get("/?type=meeting", **HTMX).content.decode())
    assert 'value="visit" id="id_type_visit">' in meetings
    assert 'value="meeting" id="id_type_meeting" checked' in meetings


def test_a_chart_bar_fills_from_and_to(client, seeded):
    body = client.get("/?start=2021&end=2021", **HTMX).content.decode()
    form = _form_of(body)
    assert 'id="id_start" value="2021"' in form and 'id="id_end" value="2021"' in form


def test_an_actor_page_form_keeps_its_preset_out_of_the_form(client, seeded):
    body = client.get("/actors/vladimir-putin/?type=visit", **HTMX).content.decode()
    form = _form_of(body)
    assert 'action="/actors/vladimir-putin/"' in form and 'name="actor"' not in form
    assert 'value="visit" id="id_type_visit" checked' in form


def test_density_chart_is_labelled_and_only_full_years_are_links(client, seeded):
    html = client.get("/").content.decode()
    chart = html[html.index('<figure class="density"'):html.index("</figure>")]
    counts = Event.objects.visible().dated().month_counts()
    years = {year for year, _ in counts}
    first, last = min(years), max(years)
    assert f"Events with a date per year, {first}–{last}" in chart
    # one link per year that has events; the empty years between are not focus stops
    assert chart.count("<a ") == len(years) < last - first + 1
    most = max(sum(n for (y, _), n in counts.items() if y == year) for year in years)
    assert f"at most {most} in one year" in chart and f'<p class="density-y" aria-hidden="true"><span>{most}</span><span>0</span></p>' in chart
    assert f"<span>{first}</span>" in chart and f"<span>{last}</span>" in chart  # the axis
    for year in years:
        n = sum(count for (y, _), count in counts.items() if y == year)
        assert f'aria-label="{year}: {n} event{"" if n == 1 else "s"}"' in chart


@pytest.mark.parametrize("query", ["", "type=visit", "status=planned&type=visit", "actor=vladimir-putin",
                                   "actor=vladimir-putin&type=meeting", "q=Pakistan", "start=2015&end=2022",
                                   "topic=defence", "country=PAK&status=occurred"])
def test_filter_options_count_what_each_choice_would_show(client, seeded, query):
    from django.http import QueryDict

    from timeline.web.forms import EventFilterForm

    response = client.get(f"/?{query}")
    form = _form_of(response.content.decode())
    filters = EventFilterForm(QueryDict(query)).filters
    checked = 0
    for name, field in (("type", "event_type"), ("status", "status")):
        rows = Event.objects.visible().matching(filters.without(name)).dated()
        for value in dict(Event._meta.get_field("event_type").choices if name == "type" else Event._meta.get_field("status").choices):
            n = rows.filter(**{field: value}).count()
            assert f'name="{name}" value="{value}"' in form
            after = form[form.index(f'name="{name}" value="{value}"'):]
            assert after[:after.index("</label>")].endswith(f'<span class="count">{n}</span>'), (name, value, n)
            checked += n
    for topic in Topic.objects.all():
        n = Event.objects.visible().matching(filters).dated().filter(topics=topic).count()
        after = form[form.index(f'name="topic" value="{topic.slug}"'):]
        assert after[:after.index("</label>")].endswith(f'<span class="count">{n}</span>'), (topic.slug, n)
    for code, name in Actor.objects.filter(kind="country", events__isnull=False).distinct().values_list("country", "name"):
        n = Event.objects.visible().matching(filters.replaced(country=code)).dated().count()
        assert f'value="{code}"' in form and f"{name} ({n})</option>" in form, (code, n)
    assert checked > 0


def test_actor_finder_suggests_by_name_and_alias_with_the_page_query(client, seeded):
    from timeline.models import ActorAlias

    lavrov = Actor.objects.get(slug="sergey-lavrov")
    alias = ActorAlias.objects.filter(actor=lavrov).exclude(name__icontains="Lavrov").first() or \
        ActorAlias.objects.create(actor=lavrov, name="Minister of the Steppes")
    body = client.get("/suggest/actors/", {"actor_q": "lavr", "type": "visit", "q": "", "start": ""}, **HTMX).content.decode()
    assert 'href="?type=visit&amp;actor=sergey-lavrov"' in body and ">Sergey Lavrov</a>" in body
    n = lavrov.events.visible().count()
    assert f"{n} event{'s' if n != 1 else ''}" in body
    by_alias = client.get("/suggest/actors/", {"actor_q": alias.name[1:6]}, **HTMX).content.decode()
    assert 'href="?actor=sergey-lavrov"' in by_alias
    # an actor already chosen is not offered again; one letter asks nothing
    chosen = client.get("/suggest/actors/", {"actor_q": "lavr", "actor": "sergey-lavrov"}, **HTMX).content.decode()
    assert "sergey-lavrov" not in chosen and "No actor is named" in chosen
    assert "<a " not in client.get("/suggest/actors/", {"actor_q": "l"}, **HTMX).content.decode()


def test_actor_finder_works_without_javascript(client, seeded):
    html = client.get("/?actor_q=lavr&type=visit").content.decode()
    form = _form_of(html)
    assert 'id="id_actor_q" value="lavr"' in form
    assert 'href="?type=visit&amp;actor=sergey-lavrov"' in form
    # a chosen actor shows as a ticked box in the form
    chosen = _form_of(client.get("/?actor=sergey-lavrov").content.decode())
    assert 'name="actor" value="sergey-lavrov" id="id_actor_sergey-lavrov" checked> Sergey Lavrov' in chosen


def test_phone_jump_links_between_results_and_filters(client, seeded):
    html = client.get("/?type=visit").content.decode()
    assert '<p class="to-filters"><a href="#filters">Filters (1 in use)</a></p>' in html
    n = Event.objects.visible().dated().filter(event_type="visit").count()
    assert f'<p class="to-results"><a href="#results">Show the {n} events' in html


def test_the_list_links_its_time_axis_and_map_with_the_same_filters(client, seeded):
    html = client.get("/actors/vladimir-putin/?type=visit&start=2010&bogus=1").content.decode()
    nav = html[html.index('<nav class="views-nav"'):]
    nav = nav[:nav.index("</nav>")]
    assert '<span aria-current="page">List</span>' in nav
    assert 'href="/axis/?type=visit&amp;start=2010&amp;actor=vladimir-putin"' in nav
    assert 'href="/map/?type=visit&amp;start=2010&amp;actor=vladimir-putin"' in nav


def test_the_cached_results_carry_no_other_visitors_parameters(client, seeded):
    """The results region is cached by what it shows: its links (chips, chart bars, load more)
    are made from the filters it applied, so a first visitor's finder text or stray
    parameters never reach the next visitor's links."""
    client.get("/?type=visit&type=meeting&actor_q=zqxw&junk=1&lanes=actor")
    html = client.get("/?type=visit&type=meeting").content.decode()
    assert "zqxw" not in html and "junk" not in html and "lanes" not in html
    assert 'href="?type=meeting"' in html  # a chip


def test_option_counts_follow_the_data_once_their_minute_is_over(client, seeded, settings):
    from django.core.cache import cache
    from django.http import QueryDict

    from timeline.web.forms import EventFilterForm
    from timeline.web.views.listing import facets_key

    def visits_shown():
        form = _form_of(client.get("/?status=occurred").content.decode())
        after = form[form.index('name="type" value="visit"'):]
        return int(after[:after.index("</label>")].rsplit('<span class="count">', 1)[1].split("<")[0])

    before = visits_shown()
    event = Event.objects.visible().dated().filter(event_type="visit", status="occurred").first()
    event.is_hidden = True
    event.save()
    assert visits_shown() == before  # counted less than a minute ago: kept
    cache.delete(facets_key(EventFilterForm(QueryDict("status=occurred")).filters))  # the minute is over
    assert visits_shown() == before - 1


def test_related_events_are_the_closest_in_time(client, seeded):
    """A busy actor's events from two years earlier do not crowd out the next day's."""
    putin = Actor.objects.get(slug="vladimir-putin")
    event = Event.objects.visible().filter(actors=putin, date_start__isnull=False).order_by("-date_start").first()
    for n in range(12):  # a dozen older events of the same person, within the two years
        older = Event.objects.create(title=f"Older talks {n}", event_type="meeting",
                                     date_start=event.date_start - datetime.timedelta(days=600 - n),
                                     date_end=event.date_start - datetime.timedelta(days=600 - n))
        EventActor.objects.create(event=older, actor=putin)
    close = Event.objects.create(title="Talks the next day", event_type="meeting",
                                 date_start=event.date_start + datetime.timedelta(days=1),
                                 date_end=event.date_start + datetime.timedelta(days=1))
    EventActor.objects.create(event=close, actor=putin)
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Talks the next day" in html
    assert html.count("Older talks") < 8


def test_best_match_first_has_no_calendar_headings(client, seeded):
    """Ranked by relevance, the list is not in calendar order: year headings would come out of
    order (2012, 2000, 2017), so there are none."""
    ranked = client.get("/?q=Pakistan&order=relevance").content.decode()
    assert '<li class="heading year">' not in ranked and 'class="event ' in ranked
    assert '<li class="heading year">' in client.get("/?q=Pakistan").content.decode()


def test_an_unknown_country_is_named_and_left_out(client, seeded):
    html = client.get("/?country=ZZQ&type=visit").content.decode()
    assert "Country: no country “ZZQ” is known; it is left out." in html
    n = Event.objects.visible().dated().filter(event_type="visit").count()
    assert f"<strong>{n} events</strong> with a date" in html
    assert client.get("/export.csv?country=ZZQ").status_code == 400
    assert "Country: no country" not in client.get("/?country=PAK").content.decode()
