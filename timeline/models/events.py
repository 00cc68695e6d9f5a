"""Events, their actors, their history, the evidence that reports them, and what curators
deleted."""


from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from simple_history import register
from simple_history.manager import HistoryManager
from simple_history.models import HistoricalRecords

from nlp.doc import DateReading, EventActor as ActorInEvent, EventMention, Evidence as EvidenceInMention
from nlp.events.resolution import choose_date, dates_compatible, status_of

from timeline.models.common import DatedReading, new_public_id, sentence_key
from timeline.models.documents import Document
from timeline.models.actors import Actor, Place, Topic
from timeline.models.queries import EventQuerySet, EventStatus, event_type_choices



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
            # what is new: the feed, newest added first, and "added since"
            models.Index(fields=["created_at", "id"], name="event_added"),
            # the visible undated events, in order or counted, without walking the dated ones or
            # reading the table (an index-only scan)
            models.Index(fields=["id"], condition=models.Q(date_start__isnull=True, is_hidden=False,
                                                           merged_into__isnull=True), name="event_undated_visible"),
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


class RetiredEvent(models.Model):
    """An event that went when the only report that told it was read again and no longer told
    it (the article was corrected, or the page changed): its permalink says so (410), instead of
    answering as if it had never been."""

    public_id = models.CharField(max_length=16, db_index=True)
    title = models.CharField(max_length=300)
    document = models.ForeignKey("timeline.Document", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    retired_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-retired_at"]

    def __str__(self):
        return f"{self.title} (no longer told)"
