"""The density chart's summary (MonthCount, kept by triggers made from its declaration) always says
what counting the events says, whatever changed them: creation, edits, hiding, merging,
deletion, bulk updates, ingestion. Runs on SQLite and on PostgreSQL (both halves of make test)."""

import datetime
import random

import pytest

from timeline.curation.services import merge_events
from timeline.models import Event, MonthCount
from timeline.selectors.filters import EventFilters

D = datetime.date
COMBINATIONS = [((), ()), (("visit",), ()), ((), ("planned",)), (("meeting", "visit"), ("occurred", "planned"))]


def assert_summary_agrees():
    for types, statuses in COMBINATIONS:
        filters = {key: list(value) for key, value in (("type", types), ("status", statuses)) if value}
        assert MonthCount.objects.counts(types, statuses) == \
            Event.objects.visible().matching(EventFilters.of(**filters)).month_counts(), \
            (types, statuses)


def event(title, day, kind="meeting", status="occurred"):
    return Event.objects.create(event_type=kind, status=status, title=title, slug=title.lower().replace(" ", "-"),
                                date_start=day, date_end=day, granularity="day" if day else "unknown")


@pytest.mark.django_db
def test_every_change_to_events_keeps_the_summary_right():
    first = event("Talks in Baku", D(2021, 3, 4))
    second = event("Visit to Oslo", D(2021, 3, 20), kind="visit")
    third = event("Summit plan", D(2021, 4, 1), kind="summit", status="planned")
    undated = event("Talks somewhere", None)
    assert_summary_agrees()
    assert MonthCount.objects.counts() == {(2021, 3): 2, (2021, 4): 1}

    first.date_start = first.date_end = D(2020, 12, 31)  # moved to another month
    first.save()
    second.status = "planned"
    second.save()
    third.event_type = "visit"
    third.save(update_fields=["event_type"])
    undated.date_start = undated.date_end = D(2021, 4, 9)  # dated by a curator
    undated.save()
    assert_summary_agrees()

    second.is_hidden = True
    second.save()
    merge_events(third, [undated])  # the merged one no longer counts
    assert_summary_agrees()
    second.is_hidden = False
    second.save()
    first.delete()
    assert_summary_agrees()

    Event.objects.filter(event_type="visit").update(status="cancelled")  # a bulk update, no save()
    Event.objects.filter(pk=third.pk).update(date_start=D(1999, 1, 1))
    assert_summary_agrees()
    Event.objects.all().delete()
    assert_summary_agrees()
    assert MonthCount.objects.counts() == {}


@pytest.mark.django_db
def test_random_edits_keep_the_summary_right():
    rng = random.Random(12)
    kinds, statuses = ["meeting", "visit", "summit"], ["occurred", "planned", "cancelled"]
    events = [event(f"Event {i}", D(2020, rng.randint(1, 12), rng.randint(1, 28)), rng.choice(kinds), rng.choice(statuses))
              for i in range(60)]
    for _ in range(200):
        chosen = rng.choice(events)
        change = rng.randrange(4)
        if change == 0:
            chosen.date_start = chosen.date_end = None if rng.random() < 0.2 else D(2020, rng.randint(1, 12), 1)
        elif change == 1:
            chosen.event_type = rng.choice(kinds)
        elif change == 2:
            chosen.status = rng.choice(statuses)
        else:
            chosen.is_hidden = not chosen.is_hidden
        chosen.save()
    assert_summary_agrees()


@pytest.mark.django_db
def test_ingestion_keeps_the_summary_right(seeds_dir):
    from django.core.management import call_command

    call_command("ingest", str(seeds_dir), "--workers", "1")
    assert MonthCount.objects.counts()
    assert_summary_agrees()


def assert_facets_agree():
    from timeline.models import Actor, MonthFacetCount, Topic

    for types, statuses in COMBINATIONS:
        kinds = Event.objects.visible().matching(EventFilters.of(type=list(types), status=list(statuses)))
        for actor in Actor.objects.all():
            assert MonthFacetCount.objects.counts("actor", actor.pk, types, statuses) == \
                kinds.for_actors([actor.slug]).month_counts(), (actor.name, types, statuses)
        for topic in Topic.objects.all():
            assert MonthFacetCount.objects.counts("topic", topic.pk, types, statuses) == \
                kinds.about([topic.slug]).month_counts(), (topic.name, types, statuses)
        for code in set(Actor.objects.exclude(country="").values_list("country", flat=True)) | {"NOR"}:
            assert MonthFacetCount.objects.counts("country", code, types, statuses) == \
                kinds.for_country(code).month_counts(), (code, types, statuses)


def all_pages(queryset, order, **options):
    shown, cursor = [], None
    while True:
        rows, more = queryset.page(order, cursor, size=7, listing=False, **options)
        shown += rows
        if not more:
            return shown
        cursor = (rows[-1].date_start, rows[-1].pk)


def assert_actor_pages_agree():
    """Each link carries its event's date (copied by the database), and an actor's pages read
    through its links list what filtering the events lists, in both orders, page after page."""
    from timeline.models import Actor, EventActor

    for link in EventActor.objects.select_related("event"):
        assert link.date_start == link.event.date_start, link
    for actor in Actor.objects.all():
        filtered = Event.objects.visible().for_actors([actor.slug])
        for order in ("oldest", "newest"):
            assert all_pages(Event.objects.visible(), order, actor=actor.pk) == all_pages(filtered, order), actor.name
        assert list(Event.objects.visible().undated(actor.pk)) == list(filtered.undated()), actor.name


@pytest.mark.django_db
def test_the_summary_by_actor_topic_and_country_follows_every_change():
    from timeline.curation.services import merge_actors
    from timeline.models import Actor, EventActor, Topic

    rng = random.Random(7)
    people = [Actor.objects.create(name=f"Envoy {i}", slug=f"envoy-{i}", kind="person", country=code)
              for i, code in enumerate(["PAK", "PAK", "RUS", "", "TUR"])]
    countries = [Actor.objects.create(name=name, slug=name.lower(), kind="country", country=code)
                 for name, code in (("Pakistan", "PAK"), ("Russia", "RUS"))]
    topics = [Topic.objects.create(name=name, slug=name) for name in ("energy", "trade", "security")]
    events = [event(f"Event {i}", None if i % 9 == 0 else D(2020, rng.randint(1, 12), rng.randint(1, 28)),
                    rng.choice(["meeting", "visit"])) for i in range(40)]
    for number, item in enumerate(events):
        links = [EventActor(event=item, actor=actor) for actor in rng.sample(people + countries, rng.randint(0, 3))]
        if number % 2:  # one statement for all of an event's links, as ingestion stores them
            EventActor.objects.bulk_create(links, ignore_conflicts=True)
        else:
            for link in links:
                link.save()
        item.topics.set(rng.sample(topics, rng.randint(0, 2)))
    assert_facets_agree()
    assert_actor_pages_agree()

    for _ in range(120):
        item = rng.choice(events)
        change = rng.randrange(9)
        if change == 6:
            item.status = rng.choice(["occurred", "planned", "cancelled"])
            item.save()
        elif change == 7:
            Event.objects.filter(pk=item.pk).update(event_type=rng.choice(["meeting", "visit", "summit"]))
        elif change == 0:
            item.date_start = item.date_end = None if rng.random() < 0.2 else D(2021, rng.randint(1, 12), 1)
            item.save()
        elif change == 1:
            item.is_hidden = not item.is_hidden
            item.save()
        elif change == 2:
            EventActor.objects.filter(event=item).order_by("?").first() and \
                EventActor.objects.filter(pk=EventActor.objects.filter(event=item).order_by("id").first().pk).delete()
        elif change == 3:  # several links in one statement, duplicates skipped
            EventActor.objects.bulk_create([EventActor(event=item, actor=actor) for actor in rng.sample(people + countries, 3)],
                                           ignore_conflicts=True)
        elif change == 8:  # all of an event's links in one statement
            EventActor.objects.filter(event=item).delete()
        elif change == 4:
            item.topics.remove(*rng.sample(topics, 1))
        else:
            item.topics.add(rng.choice(topics))
    assert_facets_agree()
    assert_actor_pages_agree()

    merge_events(events[1], [events[2], events[3]])
    merge_actors(Actor.objects.filter(pk__in=[people[0].pk, people[1].pk]))
    Actor.objects.filter(pk=people[2].pk).update(country="TUR")  # a curator corrects a country
    Event.objects.filter(pk__in=[e.pk for e in events[10:20]]).update(date_start=D(1999, 5, 5))
    events[30].delete()
    Topic.objects.filter(slug="trade").delete()
    assert_facets_agree()
    assert_actor_pages_agree()


@pytest.mark.django_db
def test_the_chart_and_pages_of_a_date_range_count_what_the_rows_say(client):
    """A date filter's chart (summary inside, rows at its edges and spanning its start) and its
    pages (those starting in it, and those spanning its first day) give what counting gives."""
    from timeline.selectors.summaries import _date_range_counts

    from timeline.models import Actor, EventActor

    rng = random.Random(3)
    envoys = [Actor.objects.create(name=f"Envoy {i}", slug=f"envoy-{i}", kind="person") for i in range(2)]
    for i in range(150):
        start = D(2018, 1, 1) + datetime.timedelta(days=rng.randint(0, 1100))
        item = event(f"Event {i}", start, rng.choice(["meeting", "visit"]), rng.choice(["occurred", "planned"]))
        item.date_end = start + datetime.timedelta(days=rng.choice([0, 0, 3, 40, 400]))
        item.save()
        if i % 3:
            EventActor.objects.create(event=item, actor=envoys[i % 3 - 1])
    for start, end in [(D(2019, 3, 15), D(2020, 6, 10)), (D(2019, 1, 1), None), (None, D(2019, 2, 1)),
                       (D(2019, 5, 5), D(2019, 5, 20)),
                       # whole months at both ends (the summary alone), and at one end only
                       (D(2019, 1, 1), D(2020, 12, 31)), (D(2019, 4, 1), D(2019, 4, 30)),
                       (D(2019, 2, 1), D(2019, 2, 27)), (D(2019, 2, 2), D(2019, 2, 28)), (None, D(2020, 2, 29))]:
        for types in ((), ("visit",)):
            filters = EventFilters.of(start=start, end=end, type=list(types))
            assert _date_range_counts(filters) == Event.objects.visible().matching(filters).month_counts(), filters
            expected = list(Event.objects.visible().matching(filters).dated().order_by("date_start", "id"))
            shown, cursor = [], None
            while True:
                rows, more = Event.objects.visible().matching(filters).page(
                    "oldest", cursor, size=20, listing=False, since=filters.start)
                shown += rows
                if not more:
                    break
                cursor = (rows[-1].date_start, rows[-1].pk)
            assert shown == expected, filters
        # one actor and the dates: the actor's summary inside, its links for the pages
        envoy = envoys[0]
        filters = EventFilters.of(start=start, end=end, actor=[envoy.slug])
        assert _date_range_counts(filters, ("actor", envoy.pk)) == \
            Event.objects.visible().matching(filters).month_counts(), filters
        for order in ("oldest", "newest"):
            assert all_pages(Event.objects.visible().matching(filters.without("actor")), order, actor=envoy.pk,
                             since=filters.start) == \
                list(Event.objects.visible().matching(filters).dated().order_by(
                    *(("-date_start", "-id") if order == "newest" else ("date_start", "id")))), (filters, order)


@pytest.mark.django_db
def test_every_kind_of_filter_shows_the_chart_and_events_that_counting_gives(client):
    """Through the page: whichever way the chart is read (the summaries, a date range's edges,
    a text search's single pass, counting the rows) and whichever way the page is read (the
    date index, an actor's links, the intervals), the bars and the events listed are what
    filtering and counting the events give."""
    import io
    import re

    from django.core.management import call_command
    from django.http import QueryDict

    from timeline.web.forms import EventFilterForm
    from timeline.models import Actor
    from timeline.web.presentation import density_chart

    call_command("generate_events", "--events", "600", "--seed", "5", stdout=io.StringIO())
    person = Actor.objects.filter(kind="person").order_by("name").first().slug
    other = Actor.objects.filter(kind="person").order_by("-name").first().slug
    queries = ["", "type=visit", "status=planned&type=meeting", "country=PAK", "country=PAK&status=occurred",
               f"actor={person}", f"actor={person}&type=visit", f"actor={person}&actor={other}",
               f"actor={person}&start=2010-03-05&end=2016", f"actor={person}&order=newest", "topic=energy&status=planned",
               "topic=energy&start=2012&end=2013", "start=2010&end=2011", "start=2010-02-10&end=2010-11-03",
               "q=pipeline", "q=pipeline&order=newest", "q=pipeline&type=visit&start=2005", "q=Pipelines",
               "q=gas+pipeline", "q=pipeline+-gas", "q=%22joint+exercise%22", "q=the", "q=2011"]
    for query in queries:
        params = QueryDict(query)
        form = EventFilterForm(params)
        assert form.is_valid(), (query, form.errors)
        matching = Event.objects.visible().matching(form.filters)
        html = client.get(f"/?{query}").content.decode()
        chart = density_chart(matching.month_counts(), params)
        expected_bars = [(bar.label, bar.count) for bar in chart["bars"] if bar.count] if chart else []  # empty periods are not links
        bars = [(label, int(n)) for label, n in re.findall(r'<a href="[^"]*" [^>]*aria-label="([^"]+): (\d+) events?"', html)]
        assert bars == expected_bars, query
        newest = form.filters.order == "newest"
        dated = list(matching.dated().order_by(*(("-date_start", "-id") if newest else ("date_start", "id")))
                     .values_list("public_id", flat=True)[:50])
        undated = [] if "start" in params or "end" in params else \
            list(matching.undated().values_list("public_id", flat=True)[:25])
        assert re.findall(r'<li class="event [^"]*" id="event-(\w+)"', html) == dated + undated, query


@pytest.mark.django_db
def test_the_word_summary_follows_every_change():
    """PostgreSQL's summary of search words (WordCount) says what searching and counting
    say, for every word, after every kind of change to events."""
    from django.db import connection

    from timeline.models.search import word_counts

    if connection.vendor != "postgresql":
        pytest.skip("the summary of search words exists on PostgreSQL only; SQLite counts its FTS5 matches directly")
    rng = random.Random(11)
    vocabulary = ["pipeline", "gas", "summit", "border", "talks", "visit", "envoy", "grain"]
    events = []
    for i in range(60):
        item = event(f"Event {i}", None if i % 7 == 0 else D(2020, rng.randint(1, 12), rng.randint(1, 28)))
        item.search_text = " ".join(rng.sample(vocabulary, 3))
        item.save()
        events.append(item)

    def assert_words_agree():
        for word in vocabulary + ["pipelines", "zanzibar"]:
            found = Event.objects.visible().search(word)
            assert word_counts(word) == (found.month_counts(), found.undated().count()), word

    assert_words_agree()
    for _ in range(80):
        item = rng.choice(events)
        change = rng.randrange(5)
        if change == 0:
            item.search_text = " ".join(rng.sample(vocabulary, rng.randint(1, 4)))
        elif change == 1:
            item.date_start = item.date_end = None if rng.random() < 0.2 else D(2019, rng.randint(1, 12), 1)
        elif change == 2:
            item.is_hidden = not item.is_hidden
        elif change == 3:
            item.title = item.title + "."  # a save that changes nothing the words depend on
        else:
            Event.objects.filter(pk=item.pk).update(search_text="grain talks")  # bulk, no save()
            item.refresh_from_db()
            continue
        item.save()
    assert_words_agree()
    merge_events(events[1], [events[2], events[3]])
    events[4].delete()
    Event.objects.filter(pk__in=[e.pk for e in events[10:20]]).update(date_start=D(1999, 5, 5))
    assert_words_agree()
