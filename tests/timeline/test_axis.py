"""The time axis (/axis/): a few events drawn as bars that link to their permalinks, many
counted per period in the database, lanes by country or actor, links that zoom and pan by
setting From and To, and bad addresses that never break it."""

import datetime
import html as html_lib
import random
import re
from urllib.parse import parse_qs

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from timeline.selectors import periods
from timeline.web import axis
from timeline.models import Actor, Event, EventActor

pytestmark = pytest.mark.django_db
D = datetime.date
HTMX = {"HTTP_HX_REQUEST": "true"}
COUNTRIES = ["PAK", "RUS", "CHN", "IND", "TUR", "IRN", "KAZ", "UZB", "JPN", "FRA"]


def make_event(title, start, end=None, *, granularity="day", certainty="exact", status="occurred", kind="meeting",
               hidden=False, actors=()):
    event = Event.objects.create(event_type=kind, status=status, title=title, date_start=start, date_end=end or start,
                                 granularity=granularity if start else "unknown",
                                 date_certainty=certainty if start else "unresolved", is_hidden=hidden)
    for actor in actors:
        EventActor.objects.create(event=event, actor=actor)
    return event


def page(client, query=""):
    response = client.get(f"/axis/?{query}")
    assert response.status_code == 200, query
    return response.content.decode()


def event_links(html):
    """{href: link text} of the links to permalinks."""
    found = re.findall(r'<a class="axis-row axis-item([^"]*)" href="(/events/[^"]+)">(.*?)</a>', html, re.S)
    return {href: (classes, html_lib.unescape(re.sub(r"<[^>]+>", " ", body))) for classes, href, body in found}


def count_lanes(html):
    """{lane name: {bar label: (count, query)}} of the counted axis."""
    lanes = {}
    for name, body in re.findall(r'<svg class="axis-track" height="\d+" role="group" aria-label="([^"]+?): events per \w+, [^"]*">(.*?)</svg>',
                                 html, re.S):
        bars = re.findall(r'<a href="\?([^"]+)" aria-label="([^"]+?): ([\d,]+) events?(?: \([\d,]+ began earlier\))?">', body)
        lanes[html_lib.unescape(name)] = {label: (int(n.replace(",", "")), html_lib.unescape(query)) for query, label, n in bars}
    return lanes


def plain_counts(window, unit, events):
    """What counting each event by hand gives: events overlapping the window, each in the bar of
    its first day (or of the window's first day, if it began earlier)."""
    counts = {}
    for event in events:
        if event.date_start > window[1] or (event.date_end or event.date_start) < window[0]:
            continue
        label = axis.bucket_label(periods.bucket_start(max(event.date_start, window[0]), unit), unit)
        counts[label] = counts.get(label, 0) + 1
    return counts


def visible_dated():
    return list(Event.objects.filter(is_hidden=False, merged_into__isnull=True, date_start__isnull=False)
                .prefetch_related("actors"))


# -- few events: each one drawn ------------------------------------------------------------------

@pytest.fixture
def few(db):
    lavrov = Actor.objects.create(name="Anna Example", kind="person", country="RUS")
    khan = Actor.objects.create(name="Bilal Example", kind="person", country="PAK")
    pakistan = Actor.objects.create(name="Pakistan", kind="country", country="PAK")
    return {
        "exact": make_event("Talks in Tashkent", D(2021, 4, 6), actors=[lavrov, khan]),
        "approximate": make_event("Defence visit to Rawalpindi", D(2014, 11, 1), D(2015, 5, 31), granularity="unknown",
                                  certainty="approximate", actors=[lavrov, pakistan]),
        "month": make_event("Visit to Karachi", D(2012, 10, 1), D(2012, 10, 31), granularity="month", actors=[khan]),
        "planned": make_event("Summit to come", D(2016, 1, 1), D(2016, 12, 31), granularity="year", status="planned"),
        "hidden": make_event("Withdrawn report", D(2018, 3, 3), hidden=True),
        "undated": make_event("Talks some day", None),
    }


def test_few_events_are_bars_linking_to_their_permalinks(client, few):
    html = page(client)
    links = event_links(html)
    shown = {few[name].get_absolute_url() for name in ("exact", "approximate", "month", "planned")}
    assert set(links) == shown  # not the hidden one, not the undated one
    assert "4 events in this window</strong> (1 undated not shown)" in html
    assert "<h1>Time axis</h1>" in html and '<h2 id="axis-heading">2012 – 2021</h2>' in html
    classes, text = links[few["exact"].get_absolute_url()]
    assert "uncertain" not in classes and "Talks in Tashkent" in text and "6 Apr 2021" in text
    # the links are HTML, not inside an SVG drawn as an image (axe: nested-interactive)
    assert 'role="img"' not in html


def test_an_uncertain_date_is_a_lighter_span_that_says_so(client, few):
    html = page(client)
    links = event_links(html)
    classes, text = links[few["approximate"].get_absolute_url()]
    assert "uncertain" in classes
    assert "≈ Nov 2014 – May 2015" in text and "approximate date" in text
    classes, text = links[few["month"].get_absolute_url()]
    assert "uncertain" in classes and "Oct 2012" in text and "exact day not known" in text
    # the approximate event is a span: a bar seven months wide on a ten-year axis, not a dot
    item = html.split(few["approximate"].get_absolute_url(), 1)[1].split("</a>", 1)[0]
    width = float(re.search(r'<rect class="axis-bar" x="[\d.]+%" y="3" width="([\d.]+)%"', item)[1])
    days = (D(2021, 12, 31) - D(2012, 1, 1)).days + 1
    assert width == pytest.approx(100 * ((D(2015, 5, 31) - D(2014, 11, 1)).days + 1) / days, abs=0.01)
    assert "axis-planned" in event_links(html)[few["planned"].get_absolute_url()][0]


def test_bars_sit_where_their_dates_are_on_the_window(client, few):
    html = page(client, "start=2014-07&end=2015-06")
    links = event_links(html)
    assert set(links) == {few["approximate"].get_absolute_url()}
    item = html.split(few["approximate"].get_absolute_url(), 1)[1].split("</a>", 1)[0]
    x, width = (float(value) for value in re.search(r'x="([\d.]+)%" y="3" width="([\d.]+)%"', item).groups())
    days = (D(2015, 6, 30) - D(2014, 7, 1)).days + 1
    assert x == pytest.approx(100 * (D(2014, 11, 1) - D(2014, 7, 1)).days / days, abs=0.01)
    assert x + width == pytest.approx(100 * ((D(2015, 5, 31) - D(2014, 7, 1)).days + 1) / days, abs=0.01)
    assert "Jul 2014 – Jun 2015" in html  # the window in words
    assert ">Jan 2015</text>" in html  # a labelled tick


def test_few_events_in_lanes_by_country(client, few):
    html = page(client, "lanes=country")
    headings = re.findall(r'<h3 class="axis-lane-heading">(.*?) <span class="muted">\((\d+)\)</span></h3>', html)
    # Pakistan: the month visit, the approximate one (by its country actor) and the exact one
    assert headings == [("Pakistan", "3"), ("RUS", "2"), ("Others", "1")]
    lanes = html.split('<h3 class="axis-lane-heading">')[1:]
    assert few["planned"].get_absolute_url() in lanes[2] and few["planned"].get_absolute_url() not in lanes[0]
    assert few["exact"].get_absolute_url() in lanes[0] and few["exact"].get_absolute_url() in lanes[1]
    by_actor = page(client, "lanes=actor")
    assert re.findall(r'<h3 class="axis-lane-heading">(.*?) <span', by_actor) == ["Anna Example", "Bilal Example", "Others"]


# -- many events: counted in the database --------------------------------------------------------

@pytest.fixture
def many(db):
    rng = random.Random(7)
    countries = {code: Actor.objects.create(name=f"Land {code}", kind="country", country=code) for code in COUNTRIES}
    people = [Actor.objects.create(name=f"Person {index}", kind="person", country=rng.choice(COUNTRIES))
              for index in range(6)]
    weights = [30, 25, 20, 15, 12, 10, 8, 6, 3, 2]
    for index in range(300):
        start = D(2010, 1, 1) + datetime.timedelta(days=rng.randrange(3652))
        granularity = rng.choice(["day", "day", "month", "year"])
        if granularity == "month":
            start, end = start.replace(day=1), periods.bucket_end(start.replace(day=1), "month")
        elif granularity == "year":
            start, end = D(start.year, 1, 1), D(start.year, 12, 31)
        else:
            end = start
        chosen = set(rng.choices(COUNTRIES, weights, k=rng.choice([0, 1, 1, 2])))
        actors = [countries[code] for code in chosen] + ([rng.choice(people)] if rng.random() < 0.5 else [])
        make_event(f"Event {index}", start, end, granularity=granularity, actors=actors,
                   status=rng.choice(["occurred", "occurred", "planned"]))
    for day in range(140):  # a busy March 2013
        start = D(2013, 3, 1) + datetime.timedelta(days=day % 31)
        make_event(f"March event {day}", start, actors=[countries[COUNTRIES[day % 3]]])
    make_event("Long mission", D(2008, 6, 1), D(2013, 6, 30), granularity="unknown", certainty="approximate",
               actors=[countries["FRA"]])
    for index in range(5):
        make_event(f"Hidden {index}", D(2012, 5, 5), hidden=True, actors=[countries["PAK"]])
        make_event(f"Undated {index}", None)


def test_many_events_are_counted_not_drawn(client, many):
    with CaptureQueriesContext(connection) as queries:
        html = page(client)
    assert "/events/" not in html  # no event's link: bars of counts
    assert not any('"timeline_event"."title"' in query["sql"] for query in queries)  # no event was loaded
    events = visible_dated()
    assert f"{len(events)} events in this window</strong> (5 undated not shown)" in html
    lanes = count_lanes(html)
    assert list(lanes) == ["All events"]
    window = (D(2008, 1, 1), D(2019, 12, 31))
    assert "2008 – 2019" in html
    assert {label: n for label, (n, _) in lanes["All events"].items()} == plain_counts(window, "year", events)
    assert lanes["All events"]["2013"][1] == "start=2013&end=2013"  # a bar zooms into its year


def test_counts_by_month_and_by_day_agree_with_plain_counting(client, many):
    events = visible_dated()
    for query, window, unit in [("start=2013&end=2013", (D(2013, 1, 1), D(2013, 12, 31)), "month"),
                                ("start=2013-02-20&end=2014-02-10", (D(2013, 2, 20), D(2014, 2, 10)), "month"),
                                ("start=2013-03&end=2013-03", (D(2013, 3, 1), D(2013, 3, 31)), "day")]:
        html = page(client, query)
        counted = {label: n for label, (n, _) in count_lanes(html)["All events"].items()}
        expected = plain_counts(window, unit, events)
        assert counted == expected, query
        assert f"{sum(expected.values())} events in this window" in html
    # the long mission (2008) and the events of all 2013 began before March: the first bar
    # carries them, stacked apart
    html = page(client, "start=2013-03&end=2013-03")
    assert count_lanes(html)["All events"]["1 Mar 2013"][1] == "start=2013-03-01&end=2013-03-01"
    earlier = [e for e in events if e.date_start < D(2013, 3, 1) <= e.date_end]
    assert len(earlier) > 1
    assert re.search(rf'aria-label="1 Mar 2013: [\d,]+ events \({len(earlier)} began earlier\)"', html)
    assert html.count('class="count-bar earlier"') == 2  # the first bar's, and the legend's


def test_lanes_by_country_are_counted_right(client, many):
    events = visible_dated()
    for query, window, unit in [("lanes=country", (D(2008, 1, 1), D(2019, 12, 31)), "year"),
                                ("lanes=country&start=2013-02-20&end=2014-02-10", (D(2013, 2, 20), D(2014, 2, 10)), "month"),
                                ("lanes=country&status=occurred", (D(2008, 1, 1), D(2019, 12, 31)), "year")]:
        html = page(client, query)
        lanes = count_lanes(html)
        shown = [event for event in events if "status=occurred" not in query or event.status == "occurred"]
        by_country = {code: [e for e in shown if code in {a.country for a in e.actors.all()}] for code in COUNTRIES}
        in_window = {code: sum(plain_counts(window, unit, rows).values()) for code, rows in by_country.items()}
        top = sorted((code for code in in_window if in_window[code]), key=lambda code: (-in_window[code], f"Land {code}"))[:8]
        assert list(lanes) == [f"Land {code}" for code in top] + ["Others"], query
        for code in top:
            assert {label: n for label, (n, _) in lanes[f"Land {code}"].items()} == plain_counts(window, unit, by_country[code])
        others = [e for e in shown if not {a.country for a in e.actors.all()} & set(top)]
        assert {label: n for label, (n, _) in lanes["Others"].items()} == plain_counts(window, unit, others), query


def test_lanes_by_actor_leave_countries_to_their_own_lanes(client, many):
    lanes = count_lanes(page(client, "lanes=actor"))
    assert list(lanes)[-1] == "Others" and all(name.startswith("Person") for name in list(lanes)[:-1])
    events = visible_dated()
    people = [e for e in events if any(a.kind == "person" for a in e.actors.all())]
    assert sum(n for name, bars in lanes.items() if name != "Others" for n, _ in bars.values()) >= len(people)
    assert sum(n for n, _ in lanes["Others"].values()) == len(events) - len(people)


def test_with_an_actor_filter(client, many):
    person = Actor.objects.get(name="Person 0")
    html = page(client, f"actor={person.slug}")
    expected = [e for e in visible_dated() if person in e.actors.all()]
    assert f"{len(expected)} events in this window" in html
    assert set(event_links(html)) == {e.get_absolute_url() for e in expected}  # few: drawn one by one
    assert f"actor={person.slug}" in html.split('aria-label="Move along the axis"')[1].split("</nav>")[0]


# -- moving along the axis -----------------------------------------------------------------------

def moves(html):
    nav = html.split('aria-label="Move along the axis"', 1)[1].split("</nav>", 1)[0]
    return {label: parse_qs(html_lib.unescape(query)) for query, label in re.findall(r'<a href="\?([^"]*)">([^<]+)</a>', nav)}


def test_zoom_and_pan_links_keep_the_other_filters_and_set_from_and_to(client, many):
    html = page(client, "type=meeting&status=occurred&start=2013&end=2014&lanes=country")
    found = moves(html)
    assert {label: (query["start"], query["end"]) for label, query in found.items() if label != "Whole range"} == {
        "Earlier": (["2011"], ["2012"]), "Zoom in": (["2013"], ["2013"]),
        "Zoom out": (["2012"], ["2015"]), "Later": (["2015"], ["2016"])}
    for query in found.values():
        assert query["type"] == ["meeting"] and query["status"] == ["occurred"] and query["lanes"] == ["country"]
    assert "start" not in found["Whole range"] and found["Whole range"]["type"] == ["meeting"]
    assert len(count_lanes(html)) == 9  # counted: eight countries and the others
    for bars in count_lanes(html).values():  # the bars zoom in, keeping the filters and lanes too
        for _, query in bars.values():
            params = parse_qs(query)
            assert params["type"] == ["meeting"] and params["lanes"] == ["country"] and params["start"] == params["end"]
    # the other views get the same filters and window, not the lanes
    views_nav = html.split('class="views-nav"', 1)[1].split("</nav>", 1)[0]
    list_link = html_lib.unescape(re.search(r'<a href="/\?([^"]*)">List</a>', views_nav)[1])
    assert parse_qs(list_link) == {"type": ["meeting"], "status": ["occurred"], "start": ["2013"], "end": ["2014"]}


def test_following_zoom_in_reaches_a_single_day(client, few):
    query, seen = "", []
    for _ in range(40):
        html = page(client, query)
        found = moves(html)
        if "Zoom in" not in found:
            break
        zoom = found["Zoom in"]
        query = f"start={zoom['start'][0]}&end={zoom['end'][0]}"
        seen.append(query)
    assert len(seen) < 40 and re.fullmatch(r"start=(\d{4}-\d\d-\d\d)&end=\1", seen[-1])  # a single day
    assert ">Zoom in</span>" in html  # no further in: not a link


@pytest.mark.parametrize("window, expected", [
    ((D(2014, 1, 1), D(2014, 12, 31)), (D(2014, 4, 1), D(2014, 9, 30))),
    ((D(2014, 3, 1), D(2014, 3, 31)), (D(2014, 3, 9), D(2014, 3, 23))),
    ((D(2010, 1, 1), D(2019, 12, 31)), (D(2012, 1, 1), D(2016, 12, 31))),
    ((D(2014, 3, 5), D(2014, 3, 5)), None),
])
def test_zooming_in_halves_the_window(window, expected):
    assert axis.zoomed_in(window) == expected


def test_moves_stay_on_the_calendar():
    assert axis.shifted((D(9999, 1, 1), D(9999, 12, 31)), 1) is None
    assert axis.shifted((D(1, 1, 1), D(1, 12, 31)), -1) is None
    assert axis.zoomed_out((D(1, 1, 1), D(9999, 12, 31))) is None
    assert axis.shifted((D(2014, 3, 1), D(2014, 4, 30)), 1) == (D(2014, 5, 1), D(2014, 6, 30))
    assert axis.period_params((D(900, 1, 1), D(950, 12, 31))) == ("0900", "0950")


def test_ticks_are_labelled_and_few():
    assert [tick.label for tick in axis.ticks((D(2010, 1, 1), D(2019, 12, 31)))] == [str(y) for y in range(2010, 2020)]
    months = axis.ticks((D(2014, 1, 1), D(2014, 12, 31)))
    assert months[0].label == "Jan 2014" and months[1].label == "Feb" and len(months) == 12
    assert len(axis.ticks((D(1800, 1, 1), D(2025, 12, 31)))) <= axis.TICKS


# -- bad addresses -------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["start=abc", "lanes=zzz", "start=2020&end=2010", "end=2012-02-30", "type=party",
                                   "lanes=country&lanes=actor", "start=9999&end=9999", "start=0001&end=0001",
                                   "start=0001-01-01&end=9999-12-31", "lanes=%00", "actor=nobody&lanes=actor"])
def test_bad_values_are_left_out_with_a_message_never_a_500(client, few, query):
    for response in (client.get(f"/axis/?{query}"), client.get(f"/axis/?{query}", **HTMX)):
        assert response.status_code == 200, query
    html = response.content.decode()
    if query in {"start=abc", "lanes=zzz", "start=2020&end=2010", "type=party", "lanes=%00"}:
        assert 'role="alert"' in html and "could not be used" in html


def test_start_abc_falls_back_to_every_event(client, few):
    html = page(client, "start=abc")
    assert "4 events in this window" in html and "From:" in html


def test_too_many_values_are_refused(client, db):
    response = client.get("/axis/?" + "&".join(f"actor=a{i}" for i in range(30)))
    assert response.status_code == 400


def test_nothing_matches(client, few):
    html = page(client, "start=1990&end=1991")
    assert "0 events in this window" in html and "No dated event matches these filters in this window" in html
    assert moves(html)["Later"] == {"start": ["1992"], "end": ["1993"]}


def test_only_get_and_head(client, db):
    assert client.post("/axis/").status_code == 405
    assert client.head("/axis/").status_code == 200


def test_the_examples_in_the_axis_module_hold():
    import doctest

    assert doctest.testmod(axis).failed == 0


def test_a_from_date_after_every_start_still_draws_a_window(client):
    """More events than are drawn one by one, every one begun before From and lasting into
    it: the window starts at From and is never reversed."""
    import datetime as dt

    for n in range(160):
        Event.objects.create(title=f"Long talks {n}", event_type="meeting", date_start=dt.date(2019, 1, 1) + dt.timedelta(days=n),
                             date_end=dt.date(2021, 6, 30))
    response = client.get("/axis/?start=2020-03")
    assert response.status_code == 200
    html = response.content.decode()
    window = re.search(r"<h2[^>]*>(.*?)</h2>", html, re.S).group(1)
    assert window.strip() == "Mar 2020", window
    assert "began earlier" in html


def test_a_date_range_leaves_undated_events_out_as_the_list_does(client):
    import datetime as dt

    Event.objects.create(title="Talks some day", event_type="meeting")
    Event.objects.create(title="Talks in spring", event_type="meeting", date_start=dt.date(2020, 4, 1), date_end=dt.date(2020, 4, 1))
    assert "1 undated not shown" in client.get("/axis/").content.decode()
    assert "undated" not in client.get("/axis/?start=2020&end=2020").content.decode()
    assert "Date unknown" not in client.get("/?start=2020&end=2020").content.decode()
