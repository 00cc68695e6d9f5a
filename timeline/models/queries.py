"""How pages ask for events: ``EventQuerySet``, the chainable reads (visible, matching,
in order, a page, counts), and the statuses and kinds an event has."""

import datetime

from django.db import connections, models
from django.utils import timezone
from django.db.models.functions import Coalesce
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan

from nlp.events import types as event_types

from timeline.models.sql import ColumnSQL
from timeline.models.common import PRECISIONS, month_after, moved
from timeline.models.actors import Actor



def event_type_choices():
    """The kinds of event, from ``nlp/data/en/event_types.toml`` (a callable: a new kind needs no migration)."""
    return event_types.choices()


class EventStatus(models.TextChoices):
    OCCURRED = "occurred", "occurred"
    PLANNED = "planned", "planned"
    CANCELLED = "cancelled", "cancelled"


class EventQuerySet(models.QuerySet):
    def visible(self):
        """What the public may see: not hidden, not merged away."""
        return self.filter(is_hidden=False, merged_into__isnull=True)

    def dated(self):
        return self.filter(date_start__isnull=False)

    def undated(self, actor=None):
        """Undated events by id; ``actor``: the id of an actor they all have (see ``page``)."""
        if actor is not None:
            return self.filter(date_start__isnull=True, eventactor__actor_id=actor,
                               eventactor__date_start__isnull=True).order_by("eventactor__event_id")
        return self.filter(date_start__isnull=True).order_by("id")

    def spanning(self, day):
        """Events that began before ``day`` and last into it. On PostgreSQL the GiST index of
        the dated events' intervals (migrations 0011, 0012) finds them without reading the
        earlier dates: their interval holds the day before and the day itself (so not the many
        that begin on the day)."""
        queryset = self.filter(date_start__lt=day, date_end__gte=day)
        if connections[self.db].vendor == "postgresql":
            queryset = queryset.filter(ColumnSQL(
                "daterange({0}, {1}, '[]') @> daterange(%s::date - 1, %s::date, '[]')",
                ["date_start", "date_end"], [day, day], output_field=models.BooleanField()))
        return queryset

    def page(self, order="oldest", cursor=None, *, offset=0, size=50, listing=True, since=None, actor=None, _from=None):
        """One page of dated events and whether more follow: keyset pages by (date, id) for
        the chronological orders (``cursor`` is the last row shown), an offset for relevance.
        ``listing=False`` leaves out the place, actors and topics (for rows rendered already).
        ``since``: the events overlap a range that starts that day (a date filter); the page is
        then read in two index-friendly parts, those that start in the range and those that
        span its first day, instead of walking every earlier date. ``actor``: the id of an
        actor every event of this queryset has (an actor filter); the page then follows that
        actor's links in date order (their own index) instead of walking every event's date."""
        if since and order != "relevance":
            inside, more_inside = self.filter(date_start__gte=since).page(order, cursor, size=size, listing=listing,
                                                                          actor=actor, _from=since)
            # sorted by an expression the date index cannot serve, so that the database finds
            # these few through the interval index rather than by walking every earlier date
            spanning = self.spanning(since).dated()
            if actor is not None:
                spanning = spanning.filter(eventactor__actor_id=actor)
            spanning = spanning._after(order, cursor).order_by(
                Coalesce("date_start", "date_end").desc() if order == "newest" else Coalesce("date_start", "date_end"),
                "-id" if order == "newest" else "id")[:size + 1]
            spanning = list(spanning.with_listing_data() if listing else spanning.row_keys())
            merged = sorted(inside + spanning, key=lambda e: (e.date_start, e.pk), reverse=order == "newest")
            return merged[:size], more_inside or len(spanning) > size or len(merged) > size
        dated = self.dated()
        if order == "relevance":
            rows = list(dated[offset:offset + size + 1].with_listing_data() if listing else dated[offset:offset + size + 1].row_keys())
            return rows[:size], len(rows) > size
        descending = order == "newest"
        if actor is not None:
            # one join to the actor's links, its conditions in one filter() so that the
            # ordering and the cursor use that same join: (actor, date_start, event) order
            link = {"eventactor__actor_id": actor, "eventactor__date_start__isnull": False}
            if _from:
                link["eventactor__date_start__gte"] = _from
            conditions = [models.Q(**link)]
            if cursor:
                after = TupleLessThan if descending else TupleGreaterThan
                conditions.append(after(Tuple(models.F("eventactor__date_start"), models.F("eventactor__event_id")), cursor))
            dated = dated.filter(*conditions).order_by(
                *(("-eventactor__date_start", "-eventactor__event_id") if descending else ("eventactor__date_start", "eventactor__event_id")))
        else:
            dated = dated.order_by(*(("-date_start", "-id") if descending else ("date_start", "id")))._after(order, cursor)
        rows = list(dated[:size + 1].with_listing_data() if listing else dated[:size + 1].row_keys())
        return rows[:size], len(rows) > size

    def first_page_by_months(self, counts, order="oldest", *, size=50):
        """The first page when the number of events of this queryset in each month is known
        (``counts``, a summary's): only the months that hold the page are read, however
        long the archive and however many events match. Returns (rows, more follow)."""
        months = sorted(counts, reverse=order == "newest")
        seen, bound = 0, None
        for bound in months:
            seen += counts[bound]
            if seen > size:
                break
        if bound is None:
            return [], False
        year, month = bound
        if order == "newest":
            within = self.filter(date_start__gte=datetime.date(year, month, 1))
        else:
            within = self.filter(date_start__lt=month_after(year, month))
        rows, _ = within.page(order, size=size, listing=False)
        return rows, sum(counts.values()) > size

    def overview(self, order="oldest", *, size=50, undated=25):
        """The first page of dated events (ids of ``size + 1``), the first ``undated + 1``
        undated ids and the events per month, in one statement that reads the matching rows
        once (PostgreSQL). For filters that no index orders or counts, a text search above
        all: three queries would each find the matches again, and the page's walk along the
        date index would test the words on every row it passes."""
        matches, params = self.order_by().values("id", "date_start").query.sql_with_params()
        direction = "DESC" if order == "newest" else "ASC"
        sql = f"""
            WITH matches AS MATERIALIZED ({matches})
            SELECT 0, date_trunc('month', date_start)::date, COUNT(*) FROM matches
              WHERE date_start IS NOT NULL GROUP BY 2
            UNION ALL (SELECT 1, date_start, id FROM matches WHERE date_start IS NOT NULL
              ORDER BY date_start {direction}, id {direction} LIMIT %s)
            UNION ALL (SELECT 2, NULL, id FROM matches WHERE date_start IS NULL ORDER BY id LIMIT %s)"""
        counts, page, undated_ids = {}, [], []
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, [*params, size + 1, undated + 1])
            for part, day, value in cursor.fetchall():
                if part == 0:
                    counts[(day.year, day.month)] = value
                elif part == 1:
                    page.append(value)
                else:
                    undated_ids.append(value)
        return page, undated_ids, counts

    def _after(self, order, cursor):
        """The rows after a keyset cursor (the last row shown): a row comparison,
        (date_start, id) > (day, pk), so that the database walks the (date_start, id) index
        from the cursor instead of filtering from the start."""
        if not cursor:
            return self
        after = TupleLessThan if order == "newest" else TupleGreaterThan
        return self.filter(after(Tuple(models.F("date_start"), models.F("id")), cursor))

    def related_to(self, event, *, years=2):
        """Events with the same people (or the same actors, when no person is named) within
        ``years`` of this one, in chronological order."""
        from timeline.models.events import EventActor  # defined after this queryset

        actors = list(event.actors.all())
        people = [a.pk for a in actors if a.kind == Actor.Kind.PERSON] or [a.pk for a in actors]
        links = EventActor.objects.filter(actor_id__in=people)
        if event.date_start:
            window = 365 * years
            within = {"date_start__gte": moved(event.date_start, -window), "date_start__lte": moved(event.date_start, window)}
            # the links carry their event's date (index actor_chronology): a busy actor's other
            # years are not read
            links = links.filter(**within)
        related = self.filter(id__in=links.values("event_id")).exclude(pk=event.pk)
        if event.date_start:
            related = related.filter(**within)
        return related.select_related("place").order_by("date_start", "id")

    def nearest_related(self, event, n=8):
        """The ``n`` related events (``related_to``) closest in time to this one, in
        chronological order: a busy actor's page-worth of events from two years earlier must
        not crowd out the next day's."""
        related = self.related_to(event)
        if not event.date_start:
            return list(related[:n])
        dates = related.order_by().values_list("id", "date_start")
        nearest = sorted(dates, key=lambda row: (abs((row[1] - event.date_start).days), row[0]))[:n]
        return list(related.filter(id__in=[pk for pk, _ in nearest]))

    def month_counts(self):
        """{(year, month): number of events}, in one query."""
        from django.db.models.functions import Trunc

        dated = self.dated().order_by()
        return {(row["bucket"].year, row["bucket"].month): row["n"] for row in
                dated.annotate(bucket=Trunc("date_start", "month")).values("bucket").annotate(n=models.Count("id"))}

    def day_counts(self):
        """{day: number of events beginning that day}, in one query."""
        return dict(self.dated().order_by().values("date_start").annotate(n=models.Count("id"))
                    .values_list("date_start", "n"))

    def lane_counts(self, lane, unit="month"):
        """{(lane key, first day of the month, or the day): number of events}: each event once
        for every country (``lane="country"``, its ISO code) or actor (``"actor"``, its id;
        countries aside) it names, in one GROUP BY over their actor links."""
        from django.db.models.functions import Trunc

        from timeline.models.events import EventActor  # defined after this queryset

        links = EventActor.objects.filter(event__in=self.dated().order_by().values("id"))
        if lane == "country":
            key, links = "actor__country", links.exclude(actor__country="")
        else:
            key, links = "actor_id", links.exclude(actor__kind=Actor.Kind.COUNTRY)
        bucket = Trunc("event__date_start", "month") if unit == "month" else models.F("event__date_start")
        rows = links.order_by().annotate(bucket=bucket).values(key, "bucket").annotate(
            n=models.Count("event_id", distinct=True)).values_list(key, "bucket", "n")
        return {(str(value), day): n for value, day, n in rows}

    def source_counts(self):
        """{event id: number of documents that report it}, in one query."""
        from timeline.models.events import Evidence  # defined after this queryset

        return dict(Evidence.objects.filter(event__in=self).order_by().values("event_id")
                    .annotate(n=models.Count("document_id", distinct=True)).values_list("event_id", "n"))

    def chronological(self):
        """Oldest first in the order the timeline lists them (date, then id: its pages' cursor),
        undated events last by id, as the page shows them."""
        return self.order_by(models.F("date_start").asc(nulls_last=True), "id")

    def newest_first(self):
        """Newest first in the timeline's order; undated events last, by id as the page shows them."""
        return self.order_by(models.F("date_start").desc(nulls_last=True),
                             models.Case(models.When(date_start__isnull=True, then=models.F("id")), default=models.F("id") * -1))

    def with_listing_data(self):
        return self.select_related("place").prefetch_related("actors", "topics")

    # what a page needs of an event whose row is rendered already (its date label, headings and
    # the version its cached row is keyed by): not the long search text and explanations
    ROW_KEY_FIELDS = ("id", "date_start", "date_end", "granularity", "timex", "date_certainty", "updated_at")

    def row_keys(self):
        return self.only(*self.ROW_KEY_FIELDS)

    def for_actors(self, slugs):
        """Events with every one of these actors."""
        from timeline.models.events import EventActor  # defined after this queryset

        queryset = self
        for slug in slugs:
            queryset = queryset.filter(id__in=EventActor.objects.filter(actor__slug=slug).values("event_id"))
        return queryset

    def for_country(self, country):
        """Events with an actor of this country: ISO alpha-3 code or country name."""
        from timeline.models.events import EventActor  # defined after this queryset

        return self.filter(id__in=EventActor.objects.filter(actor__country=self.country_code(country)).values("event_id"))

    def country_code(self, country):
        """The ISO alpha-3 code of a country filter's value (a code or a country's name); "?"
        for a name nobody knows."""
        country = country.strip()
        return country.upper() if len(country) == 3 else Actor.objects.filter(
            kind=Actor.Kind.COUNTRY, name__iexact=country).values_list("country", flat=True).first() or "?"

    def about(self, topic_slugs):
        queryset = self
        for slug in topic_slugs:
            queryset = queryset.filter(topics__slug=slug)
        return queryset

    def of_types(self, types):
        return self.filter(event_type__in=types)

    def with_status(self, statuses):
        return self.filter(status__in=statuses)

    def between(self, start=None, end=None):
        """Events whose date interval overlaps [start, end]; undated events drop out."""
        queryset = self
        if start:
            queryset = queryset.filter(date_end__gte=start)
        if end:
            queryset = queryset.filter(date_start__lte=end)
        return queryset

    def from_document(self, document_id):
        from timeline.models.events import Evidence  # defined after this queryset

        return self.filter(id__in=Evidence.objects.filter(document_id=document_id).values("event_id"))

    def at_place(self, slug):
        """Events that happened at the place of this slug."""
        return self.filter(place__slug=slug)

    def place_counts(self):
        """{place id: number of events} of this queryset, ``None`` for the events with no
        place: one GROUP BY in the database, whatever the number of events."""
        return dict(self.order_by().values("place_id").annotate(n=models.Count("id")).values_list("place_id", "n"))

    def search(self, text):
        """Full-text search over titles, actors, places, topics and source sentences:
        PostgreSQL's tsvector index or SQLite's FTS5 table."""
        from timeline.models.search import search_events

        return search_events(self, text)

    def inside(self, start=None, end=None):
        """The events dated wholly inside ``start``–``end`` (either may be open), not only
        overlapping it: a month's filter without the events dated only to its year or decade."""
        queryset = self.dated()
        if start:
            queryset = queryset.filter(date_start__gte=start)
        if end:
            queryset = queryset.filter(date_end__lte=end)
        return queryset

    def dated_to(self, precision):
        """The events dated to at least ``precision`` ("day", "month", "year")."""
        return self.filter(granularity__in=PRECISIONS[precision])

    def added_since(self, day):
        """The events the timeline learned of on or after ``day`` (midnight, the site's time zone)."""
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        return self.filter(created_at__gte=moment)

    def matching(self, filters):
        """The events ``filters`` (a ``timeline.selectors.filters.EventFilters``) match, in no
        particular order (``in_order`` lists them as a page does)."""
        queryset = self
        if filters.actors:
            queryset = queryset.for_actors(filters.actors)
        if filters.country:
            queryset = queryset.for_country(filters.country)
        if filters.partner:
            queryset = queryset.for_country(filters.partner)
        if filters.topics:
            queryset = queryset.about(filters.topics)
        if filters.types:
            queryset = queryset.of_types(filters.types)
        if filters.statuses:
            queryset = queryset.with_status(filters.statuses)
        if filters.start or filters.end:
            queryset = queryset.between(filters.start, filters.end)
            if filters.within:
                queryset = queryset.inside(filters.start, filters.end)
        if filters.precision:
            queryset = queryset.dated_to(filters.precision)
        if filters.verified:
            queryset = queryset.filter(is_verified=True)
        if filters.since:
            queryset = queryset.added_since(filters.since)
        if filters.document:
            queryset = queryset.from_document(filters.document)
        if filters.place:
            queryset = queryset.at_place(filters.place)
        if filters.text:
            queryset = queryset.search(filters.text)
        return queryset

    def in_order(self, filters):
        """These events in the order ``filters`` asks for: oldest or newest first (the
        timeline's order, undated last), or the best matches of its text first."""
        if filters.order == "relevance" and filters.text:
            from timeline.models.search import ranked_events

            return ranked_events(self, filters.text)
        return self.newest_first() if filters.order == "newest" else self.chronological()

    def shown(self, filters):
        """The events ``filters`` matches, in its order."""
        return self.matching(filters).in_order(filters)
