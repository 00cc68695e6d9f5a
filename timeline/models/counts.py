"""The summary tables: counts kept true by triggers (migrations 0009 to 0019), read in
queries whose cost does not grow with the number of events."""


from django.db import models


from timeline.models.actors import Actor



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
    chart's numbers. Kept by the database itself (triggers on the event table, migration 0009),
    so every way an event changes (ingest, curation, a bulk update) keeps it right."""

    month = models.DateField()
    event_type = models.CharField(max_length=24)
    status = models.CharField(max_length=10)
    n = models.IntegerField(default=0)

    objects = MonthCountQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["month", "event_type", "status"], name="month_count_key")]


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
    with two actors of one country counts once for it). Kept by triggers (migrations 0010,
    0014), like MonthCount."""

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


class WordCount(models.Model):
    """PostgreSQL only: how many visible events each search word (a lexeme of the text
    search) matches, per month, and undated (``month`` NULL). Kept by a trigger on the event
    table (migration 0015); a one-word search reads its chart and where its first page lies
    here instead of finding every matching event. SQLite's archive is one machine's, and its
    full-text table counts it directly."""

    word = models.TextField()
    month = models.DateField(null=True)
    n = models.IntegerField(default=0)

    class Meta:
        required_db_vendor = "postgresql"
        required_db_features = {"supports_nulls_distinct_unique_constraints"}
        constraints = [models.UniqueConstraint(fields=["word", "month"], name="word_count_key", nulls_distinct=False)]


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
    foreign key: a deleted place's row only drops to nothing). Kept by triggers on the event
    table (migration 0019), like MonthCount."""

    place_key = models.BigIntegerField()
    event_type = models.CharField(max_length=24)
    status = models.CharField(max_length=10)
    n = models.IntegerField(default=0)

    objects = PlaceCountQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["place_key", "event_type", "status"], name="place_count_key")]


class ActorCount(models.Model):
    """How many visible events, dated or not, name each actor: the actor finder's numbers.
    Kept by triggers on the link and event tables (migration 0019). No database constraint on
    the actor: a deleted actor's row only drops to nothing."""

    actor = models.OneToOneField(Actor, primary_key=True, on_delete=models.DO_NOTHING, db_constraint=False,
                                 related_name="+")
    n = models.IntegerField(default=0)


class MonthLaneCountQuerySet(models.QuerySet):
    def cells(self, lane, types=(), statuses=(), *, first=None, after=None, by="month"):
        """{(frozenset of keys, first day of the month): visible dated events} of the months from
        ``first`` up to (not including) ``after``, optionally of these types and statuses: each
        set is the countries (``lane="country"``, ISO codes) or the actors (``"actor"``, ids as
        text; countries aside) that its events name, all of them. Events that name none are not
        counted here. ``by="year"`` adds up each year's months (keyed by its first day)."""
        from django.db.models.functions import Trunc

        rows = self.filter(lane=lane, n__gt=0)
        if first:
            rows = rows.filter(month__gte=first)
        if after:
            rows = rows.filter(month__lt=after)
        if types:
            rows = rows.filter(event_type__in=types)
        if statuses:
            rows = rows.filter(status__in=statuses)
        period = Trunc("month", by, output_field=models.DateField()) if by != "month" else models.F("month")
        return {(frozenset(keys.split(",")), day): total for keys, day, total in
                rows.annotate(period=period).values("keys", "period").annotate(total=models.Sum("n"))
                .values_list("keys", "period", "total") if total}


class MonthLaneCount(models.Model):
    """Visible, dated events per month, type and status by the whole set of countries, or of
    actors (countries aside), that each names: its keys sorted and joined by commas ("PAK,RUS";
    actor ids "12,57"). The time axis's lanes come from it: each lane's counts, and the "others"
    lane, the events that name none of the lanes shown (which counts of one country at a time
    cannot tell). Kept by triggers on the link, event and actor tables (migration 0019)."""

    month = models.DateField()
    event_type = models.CharField(max_length=24)
    status = models.CharField(max_length=10)
    lane = models.CharField(max_length=8)
    keys = models.TextField()
    n = models.IntegerField(default=0)

    objects = MonthLaneCountQuerySet.as_manager()

    class Meta:
        # lane and month first: the axis reads one kind of lane over a window of months
        constraints = [models.UniqueConstraint(fields=["lane", "month", "event_type", "status", "keys"],
                                               name="month_lane_count_key")]
