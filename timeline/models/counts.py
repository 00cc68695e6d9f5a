"""The summary tables: counts the database keeps true itself, read in queries whose cost does
not grow with the number of events. Beside each model, its declaration (``@keeps``): the query
of what one event contributes to it, from which ``timeline.models.kept`` makes the triggers of
each database, the recount and the count from rows."""


import datetime

from django.db import models


from timeline.models.actors import Actor
from timeline.models.kept import keeps

VISIBLE = "NOT {e}.is_hidden AND {e}.merged_into_id IS NULL"
DATED = VISIBLE + " AND {e}.date_start IS NOT NULL"
# the event columns a count by month, type and status depends on
EVENT_CELL = ("date_start", "is_hidden", "merged_into_id", "event_type", "status")
LINKS = ("event_id", "actor_id")



def _months(rows, types, statuses, after, before):
    """A summary's rows of these types and statuses, strictly between the months of ``after``
    and ``before``, added up per month: {(year, month): n}."""
    if after:
        rows = rows.filter(month__gt=after.replace(day=1))
    if before:
        rows = rows.filter(month__lt=before.replace(day=1))
    if types:
        rows = rows.filter(event_type__in=types)
    if statuses:
        rows = rows.filter(status__in=statuses)
    return {(month.year, month.month): n for month, n in
            rows.values("month").annotate(total=models.Sum("n")).values_list("month", "total")}


class MonthCountQuerySet(models.QuerySet):
    def counts(self, types=(), statuses=(), *, after=None, before=None):
        """{(year, month): visible dated events}, optionally of these types and statuses (and
        only the months strictly between the months of ``after`` and ``before``): what
        ``Event.objects.visible().matching(filters).month_counts()`` gives for those filters,
        read from the summary in a query whose cost does not grow with the number of events."""
        return _months(self.filter(n__gt=0), types, statuses, after, before)


class MonthCount(models.Model):
    """How many visible, dated events start in each month, by type and status: the density
    chart's numbers. Kept by the database itself (its declaration below), so every way an
    event changes (ingest, curation, a bulk update) keeps it right."""

    month = models.DateField()
    event_type = models.CharField(max_length=24)
    status = models.CharField(max_length=10)
    n = models.IntegerField(default=0)

    objects = MonthCountQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["month", "event_type", "status"], name="month_count_key")]


@keeps(MonthCount, key=("month", "event_type", "status"), reads={"event": EVENT_CELL})
def _month_count(r):
    """A visible dated event: one in its month, type and status."""
    return (f"SELECT e.id AS event, {r.month('e.date_start')} AS month, e.event_type, e.status FROM {r.event} e "
            f"WHERE {r.scope('e.id')} AND {DATED.format(e='e')}")


class MonthFacetCountQuerySet(models.QuerySet):
    def counts(self, facet, key, types=(), statuses=(), *, after=None, before=None):
        """{(year, month): visible dated events} naming one actor (``facet="actor"``, its id),
        carrying one topic (``"topic"``, its id) or having an actor of one country
        (``"country"``, its ISO code), optionally of these types and statuses: the chart of
        such a filter, from the summary (only the months strictly between the months of
        ``after`` and ``before``, if given)."""
        return _months(self.filter(facet=facet, facet_key=str(key), n__gt=0), types, statuses, after, before)


class MonthFacetCount(models.Model):
    """Visible, dated events per month, type and status by actor, topic and country (an event
    with two actors of one country counts once for it). Kept by the three declarations below, like MonthCount."""

    month = models.DateField()
    facet = models.CharField(max_length=8)
    facet_key = models.CharField(max_length=40)
    event_type = models.CharField(max_length=24, default="")
    status = models.CharField(max_length=10, default="")
    n = models.IntegerField(default=0)

    objects = MonthFacetCountQuerySet.as_manager()

    class Meta:
        # facet first: a chart reads one facet's months
        constraints = [models.UniqueConstraint(fields=["facet", "facet_key", "month", "event_type", "status"],
                                               name="facet_month_count_key")]


FACET_CELL = "e.id AS event, {month} AS month, e.event_type, e.status"
FACET_KEY = ("facet", "facet_key", "month", "event_type", "status")


@keeps(MonthFacetCount, key=FACET_KEY, part={"facet": "actor"}, reads={"event": EVENT_CELL, "eventactor": LINKS})
def _actor_facet(r):
    """A visible dated event: one in its cell for each of its actors."""
    return (f"SELECT {FACET_CELL.format(month=r.month('e.date_start'))}, 'actor' AS facet, "
            f"{r.text('x.actor_id')} AS facet_key FROM {r.event} e JOIN {r.eventactor} x ON x.event_id = e.id "
            f"WHERE {r.scope('e.id')} AND {DATED.format(e='e')}")


@keeps(MonthFacetCount, key=FACET_KEY, part={"facet": "topic"},
       reads={"event": EVENT_CELL, "topics": ("event_id", "topic_id")})
def _topic_facet(r):
    """A visible dated event: one in its cell for each of its topics."""
    return (f"SELECT {FACET_CELL.format(month=r.month('e.date_start'))}, 'topic' AS facet, "
            f"{r.text('t.topic_id')} AS facet_key FROM {r.event} e JOIN {r.topics} t ON t.event_id = e.id "
            f"WHERE {r.scope('e.id')} AND {DATED.format(e='e')}")


@keeps(MonthFacetCount, key=FACET_KEY, part={"facet": "country"},
       reads={"event": EVENT_CELL, "eventactor": LINKS, "actor": ("country",)})
def _country_facet(r):
    """A visible dated event: one in its cell for each country of its actors (two actors of
    one country: one)."""
    return (f"SELECT {FACET_CELL.format(month=r.month('e.date_start'))}, 'country' AS facet, a.country AS facet_key "
            f"FROM {r.event} e JOIN {r.eventactor} x ON x.event_id = e.id JOIN {r.actor} a ON a.id = x.actor_id "
            f"WHERE {r.scope('e.id')} AND {DATED.format(e='e')} AND a.country <> ''")


class WordCount(models.Model):
    """PostgreSQL only: how many visible events each search word (a lexeme of the text
    search) matches, per month, and undated (``month`` NULL). Kept by the declaration below;
    a one-word search reads its chart and where its first page lies here instead of finding
    every matching event. SQLite's archive is one machine's, and its
    full-text table counts it directly."""

    word = models.TextField()
    month = models.DateField(null=True)
    n = models.IntegerField(default=0)

    class Meta:
        required_db_vendor = "postgresql"
        required_db_features = {"supports_nulls_distinct_unique_constraints"}
        constraints = [models.UniqueConstraint(fields=["word", "month"], name="word_count_key", nulls_distinct=False)]


@keeps(WordCount, key=("word", "month"), vendors=("postgresql",),
       reads={"event": ("search_text", "date_start", "is_hidden", "merged_into_id")})
def _word_count(r):
    """A visible event: one for each word of its text search, in its month (NULL: undated)."""
    return (f"SELECT e.id AS event, w AS word, {r.month('e.date_start')} AS month FROM {r.event} e, "
            f"unnest(tsvector_to_array(to_tsvector('english', e.search_text))) AS w "
            f"WHERE {r.scope('e.id')} AND {VISIBLE.format(e='e')}")


class PlaceCountQuerySet(models.QuerySet):
    def counts(self, types=(), statuses=()):
        """{place id: visible events}, ``None`` for those with no place, dated or not, optionally
        of these types and statuses: what ``Event.objects.visible().matching(filters)
        .place_counts()`` gives for those filters, in a query whose cost does not grow with the
        number of events."""
        rows = self.filter(n__gt=0)
        if types:
            rows = rows.filter(event_type__in=types)
        if statuses:
            rows = rows.filter(status__in=statuses)
        return {key or None: total for key, total in
                rows.values("place_key").annotate(total=models.Sum("n")).values_list("place_key", "total") if total}


class PlaceCount(models.Model):
    """How many visible events, dated or not, happened at each place, by type and status: the
    map's numbers. ``place_key`` is the place's id, 0 for the events with no place (a key, not a
    foreign key: a deleted place's row only drops to nothing). Kept like MonthCount (the
    declaration below)."""

    place_key = models.BigIntegerField()
    event_type = models.CharField(max_length=24)
    status = models.CharField(max_length=10)
    n = models.IntegerField(default=0)

    objects = PlaceCountQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["place_key", "event_type", "status"], name="place_count_key")]


@keeps(PlaceCount, key=("place_key", "event_type", "status"),
       reads={"event": ("place_id", "event_type", "status", "is_hidden", "merged_into_id")})
def _place_count(r):
    """A visible event, dated or not: one at its place (0: none), type and status."""
    return (f"SELECT e.id AS event, COALESCE(e.place_id, 0) AS place_key, e.event_type, e.status "
            f"FROM {r.event} e WHERE {r.scope('e.id')} AND {VISIBLE.format(e='e')}")


class ActorCount(models.Model):
    """How many visible events, dated or not, name each actor: the actor finder's numbers.
    Kept like MonthCount (the declaration below). No database constraint on
    the actor: a deleted actor's row only drops to nothing."""

    actor = models.OneToOneField(Actor, primary_key=True, on_delete=models.DO_NOTHING, db_constraint=False,
                                 related_name="+")
    n = models.IntegerField(default=0)


@keeps(ActorCount, key=("actor_id",), reads={"event": ("is_hidden", "merged_into_id"), "eventactor": LINKS})
def _actor_count(r):
    """A visible event, dated or not: one for each of its actors."""
    return (f"SELECT e.id AS event, x.actor_id FROM {r.event} e JOIN {r.eventactor} x ON x.event_id = e.id "
            f"WHERE {r.scope('e.id')} AND {VISIBLE.format(e='e')}")


def _lane_cells(rows, lane, types, statuses, column, first, after, by):
    """{(frozenset of keys, period): n} of a lanes summary's rows (``column``: its period) from
    ``first`` up to, not including, ``after``; ``by="year"`` adds up the periods by year."""
    from django.db.models.functions import Trunc

    rows = rows.filter(lane=lane, n__gt=0)
    if first:
        rows = rows.filter(**{f"{column}__gte": first})
    if after:
        rows = rows.filter(**{f"{column}__lt": after})
    if types:
        rows = rows.filter(event_type__in=types)
    if statuses:
        rows = rows.filter(status__in=statuses)
    period = Trunc(column, by, output_field=models.DateField()) if by != column else models.F(column)
    return {(frozenset(keys.split(",")), day): total for keys, day, total in
            rows.annotate(period=period).values("keys", "period").annotate(total=models.Sum("n"))
            .values_list("keys", "period", "total") if total}


class MonthLaneCountQuerySet(models.QuerySet):
    def cells(self, lane, types=(), statuses=(), *, first=None, after=None, by="month"):
        """{(frozenset of keys, first day of the month): visible dated events} of the months from
        ``first`` up to (not including) ``after``, optionally of these types and statuses: each
        set is the countries (``lane="country"``, ISO codes) or the actors (``"actor"``, ids as
        text; countries aside) that its events name, all of them. Events that name none are not
        counted here. ``by="year"`` adds up each year (keyed by its first day): the whole years
        from ``YearLaneCount``, twelve times fewer rows, the months at either end from here."""
        if by == "month":
            return _lane_cells(self, lane, types, statuses, "month", first, after, "month")
        whole_first = first if first is None or first.month == 1 else datetime.date(first.year + 1, 1, 1)
        whole_after = after if after is None or after.month == 1 else datetime.date(after.year, 1, 1)
        if whole_first is not None and whole_after is not None and whole_first >= whole_after:
            return _lane_cells(self, lane, types, statuses, "month", first, after, "year")
        cells = _lane_cells(YearLaneCount.objects.all(), lane, types, statuses, "year", whole_first, whole_after, "year")
        ends = [(first, whole_first)] if first != whole_first else []
        ends += [(whole_after, after)] if after != whole_after else []
        for start, end in ends:
            for cell, n in _lane_cells(self, lane, types, statuses, "month", start, end, "year").items():
                cells[cell] = cells.get(cell, 0) + n
        return cells


class LaneCount(models.Model):
    """The columns every lanes summary has beside its period."""

    event_type = models.CharField(max_length=24)
    status = models.CharField(max_length=10)
    lane = models.CharField(max_length=8)
    keys = models.TextField()
    n = models.IntegerField(default=0)

    class Meta:
        abstract = True


class MonthLaneCount(LaneCount):
    """Visible, dated events per month, type and status by the whole set of countries, or of
    actors (countries aside), that each names: its keys sorted and joined by commas ("PAK,RUS";
    actor ids "12,57"). The time axis's lanes come from it: each lane's counts, and the "others"
    lane, the events that name none of the lanes shown (which counts of one country at a time
    cannot tell). Kept like MonthCount (the declaration below)."""

    month = models.DateField()

    objects = MonthLaneCountQuerySet.as_manager()

    class Meta:
        # lane and month first: the axis reads one kind of lane over a window of months
        constraints = [models.UniqueConstraint(fields=["lane", "month", "event_type", "status", "keys"],
                                               name="month_lane_count_key")]


def _lanes(r, period):
    """A visible dated event that names a country (an actor that is not a country): one in its
    cell (``period``: the month or the year of its start) for the whole set of them."""
    named = {"country": ("a.country", "a.country <> ''"), "actor": (r.text("a.id"), "a.kind <> 'country'")}
    start = r.month("e.date_start") if period == "month" else r.year("e.date_start")
    lanes = " UNION ALL ".join(
        f"SELECT e.id AS event, {start} AS {period}, e.event_type, e.status, '{lane}' AS lane, "
        + r.joined(f"SELECT {key} AS k FROM {r.eventactor} x JOIN {r.actor} a ON a.id = x.actor_id "
                   f"WHERE x.event_id = e.id AND {condition}")
        + f" AS keys FROM {r.event} e WHERE {r.scope('e.id')} AND {DATED.format(e='e')}"
        for lane, (key, condition) in named.items())
    return f"SELECT * FROM ({lanes}) lanes WHERE keys IS NOT NULL"


LANE_READS = {"event": EVENT_CELL, "eventactor": LINKS, "actor": ("country", "kind")}


@keeps(MonthLaneCount, key=("lane", "month", "event_type", "status", "keys"), reads=LANE_READS)
def _month_lanes(r):
    return _lanes(r, "month")


class YearLaneCount(LaneCount):
    """``MonthLaneCount`` by year: the time axis over years and decades reads a row per year
    and set of keys instead of twelve."""

    year = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["lane", "year", "event_type", "status", "keys"],
                                               name="year_lane_count_key")]


@keeps(YearLaneCount, key=("lane", "year", "event_type", "status", "keys"), reads=LANE_READS)
def _year_lanes(r):
    return _lanes(r, "year")

