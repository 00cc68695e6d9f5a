"""The summaries behind the map (PlaceCount), the actor finder (ActorCount) and the time axis's
lanes (MonthLaneCount), kept by triggers made from their declarations (timeline/models/counts.py), always say what counting the events
one by one says, whatever changed them: events created, edited, hidden, merged, deleted and
updated in bulk; links made one at a time or many in one statement (duplicates skipped), moved
and removed; actors merged, deleted, or given another country or kind; places deleted. And the
pages that read them show what counting gives. Runs on SQLite and on PostgreSQL."""

import collections
import datetime
import random
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.timeline.test_axis import count_lanes, plain_counts
from timeline.models import kept
from timeline.selectors import periods
from timeline.curation.services import merge_actors, merge_events, set_flag
from timeline.selectors.filters import EventFilters
from timeline.models import Actor, ActorCount, Event, EventActor, MonthLaneCount, Place, PlaceCount

pytestmark = pytest.mark.django_db
D = datetime.date
HTMX = {"HTTP_HX_REQUEST": "true"}
CODES = ["PAK", "RUS", "CHN", "IND", "TUR", "IRN", "KAZ", "JPN", "FRA", "EGY", "BRA"]
KINDS = ["meeting", "visit", "summit"]
STATUSES = ["occurred", "planned", "cancelled"]
TYPE_AND_STATUS = [((), ()), (("visit",), ()), ((), ("planned",)), (("meeting", "visit"), ("occurred", "cancelled"))]


def visible(event):
    return not event.is_hidden and event.merged_into_id is None


def lane_keys(actors):
    """What an event's lanes are, counted by hand: its actors' countries, and its actors that
    are not countries."""
    return {"country": {a.country for a in actors if a.country}, "actor": {str(a.pk) for a in actors if a.kind != "country"}}


# -- each summary against counting by hand ---------------------------------------------------

def assert_places_agree():
    events = list(Event.objects.all())
    for types, statuses in TYPE_AND_STATUS:
        expected = collections.Counter(e.place_id for e in events if visible(e) and (not types or e.event_type in types)
                                       and (not statuses or e.status in statuses))
        filters = {key: list(value) for key, value in (("type", types), ("status", statuses)) if value}
        assert PlaceCount.objects.counts(types, statuses) == dict(expected), (types, statuses)
        assert Event.objects.visible().matching(EventFilters.of(**filters)).place_counts() == dict(expected), \
            (types, statuses)
    assert not PlaceCount.objects.filter(n__lt=0).exists()


def assert_actors_agree():
    expected = collections.Counter(link.actor_id for link in EventActor.objects.select_related("event")
                                   if visible(link.event))
    assert dict(ActorCount.objects.filter(n__gt=0).values_list("actor_id", "n")) == dict(expected)
    assert not ActorCount.objects.filter(n__lt=0).exists()
    found = {actor.pk: actor.n for actor in Actor.objects.with_event_counts()}
    assert found == {pk: expected.get(pk, 0) for pk in Actor.objects.values_list("pk", flat=True)}


def stored_lanes():
    """{(lane, keys, month, type, status): n} of the summary; each set of keys is one row, its
    keys written sorted."""
    stored = {}
    for lane, keys, month, kind, status, n in MonthLaneCount.objects.filter(n__gt=0).values_list(
            "lane", "keys", "month", "event_type", "status", "n"):
        assert keys == ",".join(sorted(keys.split(","))), keys
        key = (lane, frozenset(keys.split(",")), month, kind, status)
        assert key not in stored, key  # the same set under two spellings
        stored[key] = n
    assert not MonthLaneCount.objects.filter(n__lt=0).exists()
    return stored


def plain_lanes():
    expected = collections.Counter()
    for event in Event.objects.filter(date_start__isnull=False).prefetch_related("actors"):
        if visible(event):
            for lane, keys in lane_keys(list(event.actors.all())).items():
                if keys:
                    expected[(lane, frozenset(keys), event.date_start.replace(day=1), event.event_type, event.status)] += 1
    return dict(expected)


def assert_lanes_agree():
    expected = plain_lanes()
    assert stored_lanes() == expected
    for types, statuses in TYPE_AND_STATUS:
        for lane in ("country", "actor"):
            for first, after, by in [(None, None, "month"), (D(2020, 3, 1), D(2021, 2, 1), "month"), (None, None, "year"),
                                     # years from YearLaneCount, the months at either end from MonthLaneCount
                                     (D(1999, 3, 1), D(2021, 5, 1), "year"), (D(2021, 1, 1), D(2022, 1, 1), "year"),
                                     (D(2021, 2, 1), D(2021, 8, 1), "year"), (D(2000, 1, 1), None, "year")]:
                wanted = collections.Counter()
                for (kind, keys, month, event_type, status), n in expected.items():
                    if kind == lane and (not types or event_type in types) and (not statuses or status in statuses) \
                            and (not first or month >= first) and (not after or month < after):
                        wanted[(keys, month if by == "month" else month.replace(month=1))] += n
                found = MonthLaneCount.objects.cells(lane, types, statuses, first=first, after=after, by=by)
                assert found == dict(wanted), (lane, types, statuses, first, by)


def assert_all_agree():
    assert_places_agree()
    assert_actors_agree()
    assert_lanes_agree()


# -- a small world, changed in every way the application changes it ------------------------------

def world(rng, events=60):
    places = [Place.objects.create(name=f"Place {i}", slug=f"place-{i}", latitude=i, longitude=i) for i in range(4)]
    countries = [Actor.objects.create(name=f"Land {code}", slug=f"land-{code.lower()}", kind="country", country=code)
                 for code in CODES[:5]]
    people = [Actor.objects.create(name=f"Envoy {i}", slug=f"envoy-{i}", kind="person", country=code)
              for i, code in enumerate(["PAK", "PAK", "RUS", "", "TUR", "CHN", "IND"])]
    bodies = [Actor.objects.create(name="Shanghai Body", slug="shanghai-body", kind="organisation", country=""),
              Actor.objects.create(name="Caspian Body", slug="caspian-body", kind="organisation", country="KAZ")]
    actors = countries + people + bodies
    made = []
    for number in range(events):
        start = None if number % 11 == 0 else D(2020, 1, 1) + datetime.timedelta(days=rng.randrange(700))
        item = Event.objects.create(
            title=f"Event {number}", event_type=rng.choice(KINDS), status=rng.choice(STATUSES), date_start=start,
            date_end=start and start + datetime.timedelta(days=rng.choice([0, 0, 5, 60, 400])),
            place=rng.choice(places + [None]), is_hidden=number % 13 == 5)
        links = [EventActor(event=item, actor=actor) for actor in rng.sample(actors, rng.randint(0, 4))]
        if number % 2:  # one statement for all of an event's links, as ingestion stores them
            EventActor.objects.bulk_create(links, ignore_conflicts=True)
        else:
            for link in links:
                link.save()
        made.append(item)
    return {"events": made, "actors": actors, "places": places, "countries": countries, "people": people, "bodies": bodies}


def change_at_random(rng, found, steps):
    events, actors, places = found["events"], found["actors"], found["places"]
    for _ in range(steps):
        item = rng.choice(events)
        item.refresh_from_db()
        change = rng.randrange(12)
        if change == 0:  # another month, or undated, or dated again
            item.date_start = None if rng.random() < 0.2 else D(2021, rng.randint(1, 12), rng.randint(1, 28))
            item.date_end = item.date_start
            item.save()
        elif change == 1:
            set_flag([item], "is_hidden", not item.is_hidden)
        elif change == 2:  # a bulk update, no save()
            Event.objects.filter(pk=item.pk).update(event_type=rng.choice(KINDS))
        elif change == 3:
            item.status = rng.choice(STATUSES)
            item.save()
        elif change == 4:
            item.place = rng.choice(places + [None])
            item.save()
        elif change == 5:  # one link removed
            link = EventActor.objects.filter(event=item).order_by("id").first()
            if link:
                link.delete()
        elif change == 6:  # several links in one statement, duplicates skipped
            EventActor.objects.bulk_create([EventActor(event=item, actor=actor) for actor in rng.sample(actors, 3)],
                                           ignore_conflicts=True)
        elif change == 7:  # all of an event's links in one statement
            EventActor.objects.filter(event=item).delete()
        elif change == 8:  # a link moved to another event
            other = rng.choice(events)
            link = EventActor.objects.filter(event=item).exclude(actor__in=other.actors.all()).first()
            if link and other != item:
                EventActor.objects.filter(pk=link.pk).update(event=other)
        elif change == 9:  # a link given another actor
            link = EventActor.objects.filter(event=item).first()
            spare = [actor for actor in actors if actor not in item.actors.all()]
            if link and spare:
                EventActor.objects.filter(pk=link.pk).update(actor=rng.choice(spare))
        elif change == 10:  # a link saved again as it is (every column rewritten)
            link = EventActor.objects.filter(event=item).first()
            if link:
                link.role = "source"
                link.save()
        else:
            item.title += "."  # a save that changes nothing the summaries count
            item.save()


def test_every_change_keeps_the_summaries_right():
    rng = random.Random(19)
    found = world(rng)
    assert_all_agree()
    change_at_random(rng, found, 150)
    assert_all_agree()

    events, people, countries, bodies = found["events"], found["people"], found["countries"], found["bodies"]
    merge_events(events[1], [events[2], events[3]])
    merge_actors(Actor.objects.filter(pk__in=[people[0].pk, people[1].pk]))
    assert_all_agree()
    Actor.objects.filter(pk=people[2].pk).update(country="TUR")  # a curator corrects a country
    bodies[0].country = "CHN"
    bodies[0].save()
    Actor.objects.filter(pk=bodies[1].pk).update(kind="country")  # an organisation that is a country after all
    people[3].name = "Envoy of nowhere"
    people[3].save()  # a save that changes neither country nor kind
    assert_all_agree()
    Event.objects.filter(pk__in=[e.pk for e in events[10:20]]).update(date_start=D(1999, 5, 5), date_end=D(1999, 5, 5))
    Event.objects.filter(pk__in=[e.pk for e in events[20:25]]).update(merged_into=events[30])
    events[30].delete()  # the events merged into it come back
    countries[0].delete()
    found["places"][0].delete()  # its events have no place now
    assert_all_agree()
    Event.objects.all().delete()
    assert_all_agree()
    assert not PlaceCount.objects.filter(n__gt=0).exists() and not MonthLaneCount.objects.filter(n__gt=0).exists()


def test_an_event_named_with_many_actors_of_one_country_counts_once_for_it():
    pakistan = Actor.objects.create(name="Pakistan", slug="pakistan", kind="country", country="PAK")
    envoys = [Actor.objects.create(name=f"Pakistani envoy {i}", slug=f"envoy-{i}", kind="person", country="PAK")
              for i in range(3)]
    talks = Event.objects.create(title="Talks", event_type="meeting", date_start=D(2022, 5, 1), date_end=D(2022, 5, 1))
    EventActor.objects.bulk_create([EventActor(event=talks, actor=actor) for actor in [pakistan, *envoys]])
    assert MonthLaneCount.objects.cells("country") == {(frozenset({"PAK"}), D(2022, 5, 1)): 1}
    assert MonthLaneCount.objects.cells("actor") == {(frozenset(str(a.pk) for a in envoys), D(2022, 5, 1)): 1}
    EventActor.objects.filter(event=talks, actor__in=envoys[:2]).delete()
    assert MonthLaneCount.objects.cells("country") == {(frozenset({"PAK"}), D(2022, 5, 1)): 1}
    assert MonthLaneCount.objects.cells("actor") == {(frozenset({str(envoys[2].pk)}), D(2022, 5, 1)): 1}
    assert_all_agree()


def test_ingestion_keeps_the_summaries_right(seeds_dir):
    from django.core.management import call_command

    call_command("ingest", str(seeds_dir), "--workers", "1")
    assert PlaceCount.objects.exists() and ActorCount.objects.exists() and MonthLaneCount.objects.exists()
    assert_all_agree()


def test_the_migration_fills_the_summaries_from_the_rows_already_stored():
    world(random.Random(4))
    counted = (sorted(PlaceCount.objects.filter(n__gt=0).values_list("place_key", "event_type", "status", "n")),
               sorted(ActorCount.objects.filter(n__gt=0).values_list("actor_id", "n")), stored_lanes())
    assert all(counted)  # the world counts something in each
    PlaceCount.objects.all().delete()
    ActorCount.objects.all().delete()
    MonthLaneCount.objects.all().delete()
    for item in kept.DECLARED:  # what the migration that installs the triggers runs
        if item.model in (PlaceCount, ActorCount, MonthLaneCount):
            item.recount()
    assert (sorted(PlaceCount.objects.values_list("place_key", "event_type", "status", "n")),
            sorted(ActorCount.objects.values_list("actor_id", "n")), stored_lanes()) == counted
    assert_all_agree()


# -- the pages read them, and show what counting gives -------------------------------------------

MARKER_LABEL = re.compile(r'class="map-marker" data-place="(?P<slug>[^"]*)"\s+aria-label="[^"]*: (?P<n>[\d,]+) events?"')


def test_the_map_reads_its_summary_for_types_and_statuses(client):
    found = world(random.Random(8), events=80)
    change_at_random(random.Random(9), found, 40)
    for query, types, statuses in [("", (), ()), ("type=visit", ("visit",), ()), ("status=planned", (), ("planned",)),
                                   ("type=meeting&type=visit&status=occurred&order=newest", ("meeting", "visit"), ("occurred",))]:
        with CaptureQueriesContext(connection) as queries:
            html = client.get(f"/map/?{query}").content.decode()
        assert any("timeline_placecount" in q["sql"] for q in queries), query
        assert not any('"timeline_event"."place_id"' in q["sql"] for q in queries), query  # no event was counted
        expected = collections.Counter(
            e.place.slug for e in Event.objects.select_related("place") if visible(e) and e.place
            and (not types or e.event_type in types) and (not statuses or e.status in statuses))
        shown = {match["slug"]: int(match["n"].replace(",", "")) for match in MARKER_LABEL.finditer(html)}
        assert shown == dict(expected), query
    # a filter the summary does not know counts the matching events
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/map/?start=2021&end=2021").content.decode()
    assert not any("timeline_placecount" in q["sql"] for q in queries)
    in_2021 = collections.Counter(e.place.slug for e in Event.objects.select_related("place") if visible(e) and e.place
                                  and e.date_start and e.date_start <= D(2021, 12, 31) and e.date_end >= D(2021, 1, 1))
    assert {match["slug"]: int(match["n"].replace(",", "")) for match in MARKER_LABEL.finditer(html)} == dict(in_2021)


def test_the_finder_counts_each_actors_events_from_its_summary(client):
    from timeline.models import ActorAlias

    found = world(random.Random(5), events=80)
    change_at_random(random.Random(6), found, 40)
    merge_events(found["events"][4], [found["events"][5]])
    ActorAlias.objects.create(actor=found["people"][4], name="The Bosphorus Envoy")
    ActorAlias.objects.create(actor=found["bodies"][1], name="Caspian Littoral Forum")
    for text in ("envoy", "body", "land", "nvo", "littoral", "osph"):
        with CaptureQueriesContext(connection) as queries:
            body = client.get("/suggest/actors/", {"actor_q": text}, **HTMX).content.decode()
        assert any("timeline_actorcount" in q["sql"] for q in queries)
        assert not any("timeline_eventactor" in q["sql"] for q in queries)  # no link was counted
        matching = [a for a in Actor.objects.prefetch_related("aliases")
                    if text in a.name.lower() or any(text in alias.name.lower() for alias in a.aliases.all())]
        assert matching, text
        counts = {a.pk: sum(1 for e in a.events.all() if visible(e)) for a in matching}
        expected = sorted(matching, key=lambda a: (-counts[a.pk], a.name))[:8]
        shown = re.findall(r'<a href="\?actor=([-\w]+)"[^>]*>[^<]+</a> <span class="muted">(\d+) events?</span>', body)
        assert [(slug, int(n)) for slug, n in shown] == [(a.slug, counts[a.pk]) for a in expected], text
    if connection.vendor == "postgresql":  # the substring search has an index of trigrams on each side
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%%trigrams'")
            assert {row[0] for row in cursor.fetchall()} == {"actor_name_trigrams", "actor_alias_name_trigrams"}


def window_of(params, events):
    """The window the axis draws: the query's From and To, as the filter form reads them, or
    else whole months (or years) around the months its events begin in."""
    def day(value, edge):
        if len(value) == 4:
            return D(int(value), 1, 1) if edge == "start" else D(int(value), 12, 31)
        if len(value) == 7:
            first = D.fromisoformat(f"{value}-01")
            return first if edge == "start" else periods.bucket_end(first, "month")
        return D.fromisoformat(value)

    first = min(e.date_start for e in events).replace(day=1)
    last = periods.bucket_end(max(e.date_start for e in events).replace(day=1), "month")
    return periods.snapped(first, last, **{f"explicit_{edge}": day(params[edge], edge) for edge in ("start", "end") if edge in params})


def expected_lanes(events, lane, window, unit):
    """{lane name: {bar label: n}} counted by hand: the eight countries or actors with most
    events in the window (by name on a tie), then the others."""
    names = {str(a.pk): a.name for a in Actor.objects.all()} if lane == "actor" else \
        dict(Actor.objects.filter(kind="country").values_list("country", "name"))
    keyed = {e.pk: lane_keys(list(e.actors.all()))[lane] for e in events}
    by_key = collections.defaultdict(list)
    for event in events:
        for key in keyed[event.pk]:
            by_key[key].append(event)
    in_window = {key: sum(plain_counts(window, unit, rows).values()) for key, rows in by_key.items()}
    top = sorted((key for key in in_window if in_window[key]), key=lambda key: (-in_window[key], names.get(key, key)))[:8]
    lanes = {names.get(key, key): plain_counts(window, unit, by_key[key]) for key in top}
    others = plain_counts(window, unit, [e for e in events if not keyed[e.pk] & set(top)])
    if others:
        lanes["Others"] = others
    return lanes


def test_the_axis_lanes_read_their_summary_and_show_what_counting_gives(client):
    rng = random.Random(21)
    found = world(rng, events=700)
    for code in CODES[5:]:  # countries with no actor of their own kind: the lane is named by its code
        Actor.objects.create(name=f"Envoy of {code}", slug=f"envoy-of-{code.lower()}", kind="person", country=code)
    for number, item in enumerate(found["events"][:300]):
        EventActor.objects.get_or_create(event=item, actor=Actor.objects.get(country=CODES[5 + number % 6], kind="person"))
    change_at_random(rng, found, 80)
    merge_events(found["events"][7], [found["events"][8]])
    # bars of a year or of a month; windows of whole months, and of months in part at either
    # end with events that began before them; types and statuses
    for query in ["", "type=visit", "start=2020-03-10&end=2021-02-20", "start=2019&end=2022",
                  "start=2020-02&end=2021-09&type=meeting&type=visit&status=occurred&status=planned", "start=2020-11-15&end=2021-12",
                  # the calendar's first and last days: nothing began before the one, nothing follows the other
                  "end=9999", "start=0001&end=2021-06-30"]:
        params = collections.defaultdict(list)
        for part in filter(None, query.split("&")):
            name, value = part.split("=")
            params[name].append(value)
        shown = [e for e in Event.objects.filter(date_start__isnull=False).prefetch_related("actors") if visible(e)
                 and (not params["type"] or e.event_type in params["type"])
                 and (not params["status"] or e.status in params["status"])]
        window = window_of({name: values[0] for name, values in params.items() if name in {"start", "end"}}, shown)
        if "end" in params:  # a date range leaves out what begins after it
            shown = [e for e in shown if e.date_start <= window[1]]
        unit = periods.unit_for(window)
        assert unit != "day"
        for lane in ("country", "actor"):
            with CaptureQueriesContext(connection) as captured:
                html = client.get(f"/axis/?{query}&lanes={lane}").content.decode()
            # a lanes summary: by month, or by year for whole years
            assert any("timeline_monthlanecount" in q["sql"] or "timeline_yearlanecount" in q["sql"]
                       for q in captured), (query, lane)
            lanes = [(name, {label: n for label, (n, _) in bars.items()}) for name, bars in count_lanes(html).items()]
            assert len(lanes) > 2, (query, lane)  # counted, not drawn event by event
            assert lanes == list(expected_lanes(shown, lane, window, unit).items()), (query, lane)
