"""The timeline's data: documents, the events read from them, and the evidence between.

Every event date can explain itself: the event keeps the chosen reading (start, end,
granularity, TIMEX3 value, certainty, expression, explanation) and each piece of
evidence keeps the reading its own sentence gave, so disagreements stay visible.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models.functions import Coalesce
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from django.urls import reverse
from django.utils.text import slugify
from simple_history import register
from simple_history.manager import HistoryManager
from simple_history.models import HistoricalRecords

from nlp.doc import DateReading, EventActor as ActorInEvent, EventMention, Evidence as EvidenceInMention
from nlp.events import types as event_types
from nlp.events.resolution import choose_date, dates_compatible, status_of

from timeline.models.sql import ColumnSQL


def sentence_key(sentence):
    """A short fingerprint of a sentence that ignores how its spaces and lines were laid out.

    >>> sentence_key("Fidan visited  Baku.") == sentence_key("Fidan visited\\nBaku.")
    True
    """
    return hashlib.sha1(" ".join(sentence.split()).encode()).hexdigest()[:16]


def content_hash(text):
    """sha256 of a document's text: the same text ingested twice is one document."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def new_public_id():
    # 10 hex characters: short enough to read out, 40 random bits against collisions.
    return secrets.token_hex(5)


class Granularity(models.TextChoices):
    DAY = "day", "day"
    WEEK = "week", "week"
    MONTH = "month", "month"
    SEASON = "season", "season"
    QUARTER = "quarter", "quarter"
    YEAR = "year", "year"
    DECADE = "decade", "decade"
    CENTURY = "century", "century"
    UNKNOWN = "unknown", "unknown"


class DateCertainty(models.TextChoices):
    EXACT = "exact", "exact"
    APPROXIMATE = "approximate", "approximate"
    UNRESOLVED = "unresolved", "unresolved"


class PublicationDateCertainty(models.TextChoices):
    EXACT = "exact", "exact"
    APPROXIMATE = "approximate", "approximate"
    UNKNOWN = "unknown", "unknown"


# The dates the timeline can show and compute with: a day before and after each of them exists,
# so every "next day" and "next month" is on the calendar. A curator's or a file's date outside
# them is refused with a message; a reading outside them stays undated.
EARLIEST_DATE = datetime.date(1, 1, 1)
LATEST_DATE = datetime.date(9998, 12, 31)


def validate_timeline_date(value):
    if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(f"{value.isoformat()} is outside the dates the timeline can show "
                              f"({EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()}).")


def moved(day, days):
    """``day`` moved by ``days``, stopping at the calendar's first or last day."""
    try:
        return day + datetime.timedelta(days=days)
    except OverflowError:
        return datetime.date.min if days < 0 else datetime.date.max


def month_after(year, month):
    """The first day of the month after ``year``-``month``; the calendar's last day past 9999."""
    try:
        return datetime.date(year + month // 12, month % 12 + 1, 1)
    except ValueError:
        return datetime.date.max


class DatedReading(models.Model):
    """A resolved date: the interval, its granularity and where it came from."""

    date_start = models.DateField(null=True, blank=True, validators=[validate_timeline_date])
    date_end = models.DateField(null=True, blank=True, validators=[validate_timeline_date])
    granularity = models.CharField(max_length=10, choices=Granularity, default=Granularity.UNKNOWN)
    timex = models.CharField("TIMEX3 value", max_length=32, blank=True)
    date_certainty = models.CharField(
        max_length=12, choices=DateCertainty, default=DateCertainty.UNRESOLVED
    )
    date_text = models.CharField("date expression", max_length=200, blank=True)
    date_explanation = models.TextField(blank=True)

    class Meta:
        abstract = True

    READING_FIELDS = ("date_start", "date_end", "granularity", "timex", "date_certainty", "date_text", "date_explanation")

    @property
    def reading(self):
        """The stored date as the language layer's ``DateReading``."""
        return DateReading(self.date_start, self.date_end, self.granularity, self.timex, self.date_certainty,
                           self.date_text, self.date_explanation)

    def set_reading(self, reading: DateReading):
        if reading.resolved and not (EARLIEST_DATE <= reading.start <= reading.end <= LATEST_DATE):
            reading = DateReading.unknown(f"{reading.text or reading.timex} lies outside the dates the timeline "
                                          f"can show ({EARLIEST_DATE.year} to {LATEST_DATE.year})")
        self.date_start, self.date_end = reading.start, reading.end
        self.granularity = reading.granularity or Granularity.UNKNOWN
        self.timex = reading.timex[:32]
        self.date_certainty = reading.certainty
        self.date_text = reading.text[:200]
        self.date_explanation = reading.explanation

    def copy_reading(self, other):
        for name in self.READING_FIELDS:
            setattr(self, name, getattr(other, name))


class DocumentQuerySet(models.QuerySet):
    def with_event_counts(self):
        """Each document with ``event_count``: the public events it reports."""
        return self.annotate(event_count=models.Count(
            "evidence__event", filter=models.Q(evidence__event__is_hidden=False, evidence__event__merged_into__isnull=True),
            distinct=True))


class Document(models.Model):
    origin = models.CharField(
        max_length=500, db_index=True, help_text="File path or other origin of the text."
    )
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    raw_text = models.TextField()
    cleaned_text = models.TextField(blank=True)
    title = models.CharField(max_length=500, blank=True)
    outlet = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    publication_date = models.DateField(null=True, blank=True, validators=[validate_timeline_date])
    publication_date_certainty = models.CharField(
        max_length=12, choices=PublicationDateCertainty, default=PublicationDateCertainty.UNKNOWN
    )
    publication_date_note = models.CharField(max_length=500, blank=True)
    cleaning_notes = models.JSONField(
        default=dict, blank=True, help_text="What cleaning removed from the raw text, by reason."
    )
    publication_date_set_by_curator = models.BooleanField(
        default=False, help_text="A curator set the publication date; files and manifests no longer change it."
    )
    # what the file (its front matter, its manifest row) last said of the document's title, outlet
    # and address: a value the file changes is taken unless a curator changed it since
    source_metadata = models.JSONField(default=dict, blank=True, editable=False)
    ingested_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["raw_text", "cleaned_text", "source_metadata"])

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["publication_date", "id"]
        indexes = [models.Index(fields=["updated_at"], name="document_updated")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(publication_date__isnull=False)
                | models.Q(publication_date_certainty="unknown"),
                name="document_undated_is_unknown",
            ),
        ]

    def __str__(self):
        return self.title or self.origin

    def save(self, *args, **kwargs):
        self.content_hash = content_hash(self.raw_text)
        if self.publication_date is None:
            self.publication_date_certainty = PublicationDateCertainty.UNKNOWN
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("timeline:document", args=[self.pk])


class ActorQuerySet(models.QuerySet):
    def matching_name(self, text):
        """Actors whose name, or a name they are also written under, contains ``text``: on
        PostgreSQL each of the two lookups reads its own index of trigrams (migration 0019)
        for three letters or more."""
        names = Actor.objects.filter(name__icontains=text).order_by().values("pk")
        aliases = ActorAlias.objects.filter(name__icontains=text).order_by().values("actor_id")
        return self.filter(pk__in=names.union(aliases))

    def with_event_counts(self):
        """Each actor with ``n``: the visible events that name it, dated or not, read from the
        summary ``ActorCount`` (one row per actor, however many events it has)."""
        counted = ActorCount.objects.filter(actor=models.OuterRef("pk")).values("n")
        return self.annotate(n=Coalesce(models.Subquery(counted), 0))


class Actor(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "person"
        COUNTRY = "country", "country"
        ORGANISATION = "organisation", "organisation"

    name = models.CharField("canonical name", max_length=200, db_index=True)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=12, choices=Kind)
    country = models.CharField(
        max_length=3, blank=True, help_text="ISO 3166 alpha-3 code of the actor's country."
    )
    role = models.CharField(max_length=300, blank=True, help_text="e.g. Prime Minister of Pakistan")
    discovered = models.BooleanField(
        default=False, help_text="Found in text by its title rather than loaded from the registry."
    )
    # What spelling and transliteration variants of a person's name share ("Sergei"/"Sergey",
    # "Gadhafi"/"Qaddafi"): the same person named in two reports is one actor.
    name_key = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    history = HistoricalRecords()

    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:200] or new_public_id()
        self.name_key = person_name_key(self.name) if self.kind == self.Kind.PERSON else ""
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("timeline:actor", args=[self.slug])


def person_name_key(name):
    """The name key of a full name (two words or more); a bare surname has none: alone, it only
    says who someone is within one report."""
    from nlp.entities.coreference import name_key

    return name_key(name)[:200] if len(name.split()) >= 2 else ""


class ActorAlias(models.Model):
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["actor", "name"], name="unique_alias_per_actor")]
        verbose_name_plural = "actor aliases"

    def __str__(self):
        return self.name


class Topic(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("timeline:topic", args=[self.slug])


class Place(models.Model):
    class Kind(models.TextChoices):
        CITY = "city", "city"
        COUNTRY = "country", "country"
        REGION = "region", "region"
        OTHER = "other", "other"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.OTHER)
    country = models.CharField(max_length=3, blank=True, help_text="ISO 3166 alpha-3 code.")
    geonameid = models.PositiveIntegerField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:200] or new_public_id()
        super().save(*args, **kwargs)


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
        actors = list(event.actors.all())
        people = [a.pk for a in actors if a.kind == Actor.Kind.PERSON] or [a.pk for a in actors]
        related = self.filter(id__in=EventActor.objects.filter(actor_id__in=people).values("event_id")).exclude(pk=event.pk)
        if event.date_start:
            window = 365 * years
            related = related.filter(date_start__gte=moved(event.date_start, -window),
                                     date_start__lte=moved(event.date_start, window))
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
        queryset = self
        for slug in slugs:
            queryset = queryset.filter(id__in=EventActor.objects.filter(actor__slug=slug).values("event_id"))
        return queryset

    def for_country(self, country):
        """Events with an actor of this country: ISO alpha-3 code or country name."""
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

    def matching(self, filters):
        """The events ``filters`` (a ``timeline.selectors.filters.EventFilters``) match, in no
        particular order (``in_order`` lists them as a page does)."""
        queryset = self
        if filters.actors:
            queryset = queryset.for_actors(filters.actors)
        if filters.country:
            queryset = queryset.for_country(filters.country)
        if filters.topics:
            queryset = queryset.about(filters.topics)
        if filters.types:
            queryset = queryset.of_types(filters.types)
        if filters.statuses:
            queryset = queryset.with_status(filters.statuses)
        if filters.start or filters.end:
            queryset = queryset.between(filters.start, filters.end)
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


class EventHistoryManager(HistoryManager):
    def bulk_history_create(self, objs, *args, **kwargs):
        """Entries written in bulk (the state the sources left, a merge, a split) hold the
        event's actors and topics too, as an entry written by a save does."""
        entries = super().bulk_history_create(objs, *args, **kwargs) or []
        for field in self.model._history_m2m_fields:
            copies = getattr(self.model, field.name).model  # the entries' copies of these links
            through = field.remote_field.through
            links = {}
            for row in (through.objects.filter(event_id__in=[entry.id for entry in entries])
                        .values(*[f.attname for f in through._meta.fields])):
                links.setdefault(row["event_id"], []).append(row)
            copies.objects.bulk_create([copies(history_id=entry.history_id, **row)
                                        for entry in entries for row in links.get(entry.id, [])])
        return entries


class EventHistory(HistoricalRecords):
    """Each entry of an event's history holds its actors (with their roles) and topics as they
    were, so an entry can say which ones a curator added or removed.

    A link added or removed on its own writes no entry (the library would write one per
    ``add``/``set``): ingesting writes none, and a curator's operation writes the one entry
    that says what it did once its links are in place (the admin's save, a merge, a split)."""

    def m2m_changed(self, *args, **kwargs):
        pass


LINK_COLUMNS = {"actors": ("actor_id", "role"), "topics": ("topic_id",)}


def links_of(record):
    """The actors (with roles) and topics of an event, or of an entry of its history, in a form
    that compares: ``{"actors": {(7, "participant")}, "topics": {(3,)}}``."""
    if isinstance(record, Event):
        rows = {name: getattr(Event, name).through.objects.filter(event_id=record.pk) for name in LINK_COLUMNS}
    else:
        rows = {name: getattr(record, name).all() for name in LINK_COLUMNS}
    return {name: set(rows[name].values_list(*columns)) for name, columns in LINK_COLUMNS.items()}


class Event(DatedReading):
    # Types are a CharField with choices, not a database enum, so new kinds need no
    # schema change.
    public_id = models.CharField(max_length=16, unique=True, default=new_public_id, editable=False)
    event_type = models.CharField("type", max_length=24, choices=event_type_choices, db_index=True)
    status = models.CharField(max_length=10, choices=EventStatus, default=EventStatus.OCCURRED)
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=120, blank=True)
    actors = models.ManyToManyField(Actor, through="EventActor", related_name="events", blank=True)
    place = models.ForeignKey(Place, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    topics = models.ManyToManyField(Topic, related_name="events", blank=True)
    cameo = models.CharField("CAMEO code", max_length=8, blank=True)
    plover = models.CharField("PLOVER code", max_length=32, blank=True)
    has_conflict = models.BooleanField(
        default=False, help_text="Sources give incompatible dates for this event."
    )
    is_hidden = models.BooleanField("hidden", default=False, db_index=True)
    is_verified = models.BooleanField("verified", default=False)
    # Fields a curator set by hand; re-ingesting leaves them as the curator left them.
    curated_fields = models.JSONField(default=list, blank=True)
    # Title, actors, place, topics and source sentences, for full-text search (PostgreSQL
    # tsvector index or SQLite FTS5 table, see migration 0002).
    search_text = models.TextField(blank=True, editable=False)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from",
        help_text="A merged event redirects to the one it was merged into.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()
    # Event.history is registered below EventActor: each entry copies the event's rows of it

    class Meta:
        ordering = ["date_start", "date_end", "id"]
        indexes = [
            models.Index(fields=["date_start", "id"], name="event_chronology"),
            models.Index(fields=["status", "date_start"], name="event_status_date"),
            models.Index(fields=["updated_at"], name="event_updated"),
            # the few undated events, in order, without walking the dated ones
            models.Index(fields=["id"], condition=models.Q(date_start__isnull=True), name="event_undated"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(date_start__isnull=True)
                | models.Q(date_end__isnull=True)
                | models.Q(date_start__lte=models.F("date_end")),
                name="event_start_before_end",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.title)[:120]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        if self.slug:
            return reverse("timeline:event", args=[self.public_id, self.slug])
        return reverse("timeline:event_by_id", args=[self.public_id])

    @staticmethod
    def search_text_of(title, actor_names, place_name, topic_names, sentences):
        """What full-text search looks in: the title, actors, place, topics and the sources."""
        parts = [title, *actor_names, place_name or "", *topic_names, *sentences]
        return "\n".join(part for part in parts if part)

    def compose_search_text(self, sentences=None):
        if sentences is None:
            sentences = self.evidence.values_list("sentence", flat=True)
        return self.search_text_of(self.title, self.actors.values_list("name", flat=True),
                                   self.place.name if self.place else "", self.topics.values_list("name", flat=True),
                                   sentences)

    def as_mention(self):
        """This stored event as the language layer sees one, to ask ``same_occasion`` about it."""
        from nlp.entities.places import Place as GazetteerPlace

        actors = [ActorInEvent(a.name, a.kind, a.country, "participant") for a in self.actors.all()]
        place = GazetteerPlace(self.place.name, self.place.kind, self.place.country) if self.place_id else None
        return EventMention(self.event_type, self.status, self.title, actors, place, set(), self.reading, [],
                            cameo=self.cameo)

    def conflicting_evidence(self, evidence=None):
        """The evidence whose date disagrees with the date the event shows."""
        chosen = self.reading
        evidence = self.evidence.all() if evidence is None else evidence
        return [item for item in evidence if item.date_start is not None and not dates_compatible(chosen, item.reading)]

    def refresh_from_evidence(self):
        """Recompute the date, status and conflict flag from all the evidence, leaving alone
        what a curator set by hand, and save."""
        evidence = list(self.evidence.all())
        if not evidence:
            return
        readings = [item.reading for item in evidence]
        best, conflicts = choose_date(readings)
        if "date" not in self.curated_fields:
            self.set_reading(best)
            self.has_conflict = bool(conflicts)
        else:
            self.has_conflict = False  # a curator chose the reading
        if "status" not in self.curated_fields:
            said = [EvidenceInMention(0, 0, 0, 0, item.section, reading, item.status)
                    for item, reading in zip(evidence, readings)]
            self.status = status_of(self.event_type, said)
        self.search_text = self.compose_search_text([item.sentence for item in evidence])
        # history is for curators' changes: whoever called this writes the entry it needs
        self.save_without_historical_record()


class EventActor(models.Model):
    class Role(models.TextChoices):
        SOURCE = "source", "initiator"
        TARGET = "target", "counterpart / host"
        PARTICIPANT = "participant", "participant"

    event = models.ForeignKey(Event, on_delete=models.CASCADE)
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE)
    role = models.CharField(max_length=12, choices=Role, default=Role.PARTICIPANT)
    # the event's date_start, copied by the database (triggers, migration 0013) whenever a link
    # is made or the event's date changes: with the index below, an actor's events come in
    # date order without walking everyone else's. Never set by the application.
    date_start = models.DateField(null=True, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "actor"], name="unique_actor_per_event")]
        indexes = [models.Index(fields=["actor", "date_start", "event"], name="actor_chronology")]

    def __str__(self):
        return f"{self.actor} ({self.get_role_display()})"


# Each entry of an event's history copies its links, so the history is registered once their model is defined.
register(Event, records_class=EventHistory, excluded_fields=["search_text"], m2m_fields=["actors", "topics"],
         history_manager=EventHistoryManager)


class EvidenceQuerySet(models.QuerySet):
    def of_visible_events(self):
        return self.filter(event__in=Event.objects.visible())


class Evidence(DatedReading):
    """One sentence an event was read from, with offsets into the document's cleaned text."""

    class Section(models.TextChoices):
        BODY = "body", "body"
        HEADING = "heading", "heading"
        CAPTION = "caption", "caption"
        SUMMARY = "summary", "summary bullet"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="evidence")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="evidence")
    section = models.CharField(max_length=10, choices=Section, default=Section.BODY)
    status = models.CharField(
        max_length=10, choices=EventStatus, default=EventStatus.OCCURRED,
        help_text="What this sentence says of the event: happened, planned or cancelled.",
    )
    sentence = models.TextField()
    # The sentence's fingerprint: the same sentence in another copy of a report finds this one.
    sentence_key = models.CharField(max_length=16, blank=True, db_index=True, editable=False)
    sentence_start = models.PositiveIntegerField()
    sentence_end = models.PositiveIntegerField()
    trigger_start = models.PositiveIntegerField()
    trigger_end = models.PositiveIntegerField()
    date_expression_start = models.PositiveIntegerField(null=True, blank=True)
    date_expression_end = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["document__publication_date", "document_id", "sentence_start"]
        verbose_name_plural = "evidence"
        constraints = [
            models.UniqueConstraint(
                fields=["document", "trigger_start", "event"], name="unique_evidence_trigger"
            ),
            # a sentence is quoted once per event and document, however often the page repeats it
            models.UniqueConstraint(
                fields=["event", "document", "sentence_key"], name="unique_evidence_sentence"
            ),
            models.CheckConstraint(
                condition=models.Q(sentence_start__lte=models.F("trigger_start"))
                & models.Q(trigger_end__lte=models.F("sentence_end")),
                name="evidence_trigger_in_sentence",
            ),
        ]

    def save(self, *args, **kwargs):
        self.sentence_key = sentence_key(self.sentence)
        super().save(*args, **kwargs)

    def __str__(self):
        return f"{self.document}: {self.sentence[:80]}"

    @property
    def reading(self):
        reading = super().reading
        reading.expression_start, reading.expression_end = self.date_expression_start, self.date_expression_end
        return reading

    def set_reading(self, reading: DateReading):
        super().set_reading(reading)
        self.date_expression_start, self.date_expression_end = reading.expression_start, reading.expression_end


class DeletedEvent(models.Model):
    """What a curator deleted, so that re-ingesting the same reports does not bring it back."""

    event_type = models.CharField(max_length=24)
    title = models.CharField(max_length=300)
    people = models.JSONField(default=list, help_text="Names of the people of the deleted event.")
    parties = models.JSONField(default=list, help_text="Country codes and organisations of the deleted event.")
    date_start = models.DateField(null=True, blank=True)
    date_end = models.DateField(null=True, blank=True)
    public_id = models.CharField(max_length=16)
    deleted_at = models.DateTimeField(auto_now_add=True)
    deleted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["-deleted_at"]

    def __str__(self):
        return f"{self.title} (deleted)"

    @classmethod
    def remember(cls, event, user=None):
        """The tombstone of an event a curator deletes."""
        actors = list(event.actors.all())
        return cls.objects.create(
            event_type=event.event_type, title=event.title, public_id=event.public_id,
            people=[a.name for a in actors if a.kind == Actor.Kind.PERSON],
            parties=sorted({a.country for a in actors if a.country} | {a.name for a in actors if a.kind == Actor.Kind.ORGANISATION}),
            date_start=event.date_start, date_end=event.date_end,
            deleted_by=user if user is not None and user.is_authenticated else None,
        )

    def as_mention(self):
        """The deleted event as the language layer sees one, to recognise it when it is read again."""
        date = DateReading(self.date_start, self.date_end, "unknown", "", "exact", "", "")
        actors = [ActorInEvent(name, "person", "", "participant") for name in self.people]
        actors += [ActorInEvent(code, "country", code, "participant") for code in self.parties if code not in self.people]
        return EventMention(self.event_type, "occurred", self.title, actors, None, set(), date, [])


class DateMention(DatedReading):
    """A date, time, duration or set expression found in a document's cleaned text at ingest,
    as the resolver read it: what the document page marks and explains."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="date_mentions")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, help_text="DATE, TIME, DURATION or SET (TIMEX3 types).")

    class Meta:
        ordering = ["document_id", "start"]
        constraints = [models.CheckConstraint(condition=models.Q(start__lt=models.F("end")), name="date_mention_span")]

    def __str__(self):
        return f"{self.date_text} ({self.timex})"

    @classmethod
    def of(cls, document, mention):
        """The row of a ``nlp.temporal.TemporalMention``."""
        row = cls(document=document, start=mention.start, end=mention.end, kind=mention.type)
        row.set_reading(DateReading.from_mention(mention))
        return row
