"""One entry point for putting text into the timeline: ``ingest_text``.

Reading files is ``timeline.sources``; understanding text is the plain-Python language
modules (cleaning, temporal, actors, events). This module is the Django side: it stores a
document, the events read from it and the evidence between them, in one transaction, so a
failure leaves nothing half-written. An event another document already reported gains a
piece of evidence instead of a twin.
"""

import datetime
import functools
import hashlib
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Q

from .actors import ActorRecord, Registry
from .cleaning import clean
from .events import (
    PLANNED,
    DateReading,
    EventActor,
    ReadEvent,
    choose_date,
    read_events,
    same_event,
    status_of,
)
from .events import Evidence as ReadEvidence
from .models import (
    Actor,
    ActorAlias,
    Document,
    Event,
    EventActor as EventActorRow,
    Evidence,
    Place,
    PublicationDateCertainty,
    Topic,
    content_hash,
)

# Event fields a curator can set by hand; re-ingesting leaves them as the curator left them.
CURATABLE_FIELDS = (
    "title", "event_type", "status", "place", "date", "actors", "topics",
)


@dataclass
class IngestResult:
    document: Document
    outcome: str  # "new" | "unchanged" | "updated"
    events_created: int = 0
    events_merged: int = 0
    events_updated: int = 0
    events: list = field(default_factory=list)


def registry_with_curated_actors():
    """The shipped registry plus the actors curators added or gave aliases in the admin."""
    base = Registry.default()
    extra = []
    for actor in Actor.objects.filter(discovered=False).prefetch_related("aliases"):
        aliases = tuple(alias.name for alias in actor.aliases.all())
        known = base.records.get(actor.name)
        if known is not None and set(aliases) <= set(known.aliases):
            continue
        extra.append(ActorRecord(actor.name, actor.kind, actor.country, actor.role,
                                 tuple(set(aliases) | set(known.aliases if known else ()))))
    return base.extended(extra) if extra else base


@transaction.atomic
def ingest_text(
    raw,
    *,
    origin,
    published: datetime.date | None = None,
    published_certainty="exact",
    title="",
    outlet="",
    url="",
    note="",
    registry=None,
):
    """Store ``raw`` as a document (new, unchanged or updated) with the events read from it.

    The same text again is the same document and changes nothing; a changed text under
    the same origin updates that document and its events.

    >>> result = ingest_text("Lavrov visited Islamabad on Tuesday.", origin="a.txt",  # doctest: +SKIP
    ...                      published=datetime.date(2021, 4, 7))
    """
    if not raw or not raw.strip():
        raise ValueError("empty text")
    digest = content_hash(raw)
    document = Document.objects.filter(content_hash=digest).first()
    if document is not None:
        return IngestResult(document, "unchanged")
    document = Document.objects.filter(origin=origin).order_by("-updated_at").first()
    outcome = "updated" if document else "new"
    if document is None:
        document = Document(origin=origin)
    else:
        _forget_evidence_of(document)
    cleaned = clean(raw)
    document.raw_text = raw
    document.cleaned_text = cleaned.text
    document.cleaning_notes = cleaned.dropped
    document.title = title or document.title or _title_from(cleaned)
    document.outlet = outlet or document.outlet
    document.url = url or document.url
    if published is not None:
        document.publication_date = published
        document.publication_date_certainty = (
            PublicationDateCertainty.APPROXIMATE if published_certainty == "approximate" else PublicationDateCertainty.EXACT
        )
        document.publication_date_note = note
    document.full_clean(exclude=["content_hash"])
    document.save()

    result = IngestResult(document, outcome)
    store_events(document, cleaned, registry=registry or registry_with_curated_actors(), result=result)
    return result


def _title_from(cleaned):
    for block in cleaned.blocks:
        if block.kind == "heading" and len(cleaned.text[block.start:block.end].split()) >= 4:
            return cleaned.text[block.start:block.end][:300]
    first = cleaned.text.strip().split("\n", 1)[0]
    return (first[:120] + "…") if len(first) > 120 else first


def _forget_evidence_of(document):
    """Before a changed document is read again: its evidence goes, and so do the events
    that only it reported, unless a curator has worked on them."""
    event_ids = set(document.evidence.values_list("event_id", flat=True))
    document.evidence.all().delete()
    orphans = Event.objects.filter(id__in=event_ids, evidence__isnull=True)
    orphans.filter(curated_fields=[], is_verified=False, is_hidden=False).delete()


def store_events(document, cleaned, *, registry, result):
    read = read_events(
        cleaned,
        document.publication_date,
        dct_is_approximate=document.publication_date_certainty == PublicationDateCertainty.APPROXIMATE,
        registry=registry,
    )
    cache = _RowCache(registry)
    for index, event in enumerate(read):
        existing = _matching_event(event, cache)
        if existing is None:
            row = _create_event(document, event, index, cache)
            result.events_created += 1
        else:
            row = existing
            result.events_merged += 1
        _add_evidence(row, document, event, cleaned)
        _refresh(row, cache)
        result.events.append(row)


class _RowCache:
    """Actor, place and topic rows by name, so one ingest run looks each up once."""

    def __init__(self, registry):
        self.registry = registry
        self.actors = {}
        self.places = {}
        self.topics = {}

    def actor(self, actor: EventActor):
        if actor.key in self.actors:
            return self.actors[actor.key]
        row = Actor.objects.filter(name=actor.key).first()
        if row is None:
            alias = ActorAlias.objects.filter(name=actor.key).select_related("actor").first()
            row = alias.actor if alias else None
        if row is None:
            record = self.registry.records.get(actor.key)
            row = Actor(
                name=actor.key, kind=actor.kind, country=actor.country or "",
                role=(record.role if record else actor.title)[:300] if (record or actor.title) else "",
                discovered=record is None or record.discovered,
            )
            row.slug = _unique_slug(Actor, row.name)
            row.save()
            if record is not None:
                ActorAlias.objects.bulk_create(
                    [ActorAlias(actor=row, name=alias) for alias in set(record.aliases) if alias != row.name],
                    ignore_conflicts=True,
                )
        self.actors[actor.key] = row
        return row

    def place(self, place):
        if place is None:
            return None
        key = (place.name, place.country)
        if key not in self.places:
            row = Place.objects.filter(name=place.name, country=place.country).first()
            if row is None:
                row = Place(name=place.name, kind=place.kind if place.kind in {"city", "country"} else "other",
                            country=place.country, geonameid=place.geonameid, latitude=place.latitude,
                            longitude=place.longitude)
                row.slug = _unique_slug(Place, f"{place.name} {place.country}" if place.kind == "city" else place.name)
                row.save()
            self.places[key] = row
        return self.places[key]

    def topic(self, name):
        if name not in self.topics:
            self.topics[name], _ = Topic.objects.get_or_create(name=name)
        return self.topics[name]


def _unique_slug(model, text):
    from django.utils.text import slugify

    base = slugify(text)[:180] or "item"
    slug, number = base, 2
    while model.objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


def _event_view(row):
    """A stored event as the language layer sees one, to ask ``same_event`` about it."""
    actors = [EventActor(a.name, a.kind, a.country, "participant") for a in row.actors.all()]
    place = None
    if row.place_id:
        from .places import Place as GazetteerPlace

        place = GazetteerPlace(row.place.name, row.place.kind, row.place.country)
    date = DateReading(row.date_start, row.date_end, row.granularity, row.timex, row.date_certainty, row.date_text,
                       row.date_explanation)
    return ReadEvent(row.event_type, row.status, row.title, actors, place, set(), date, [])


def _matching_event(event: ReadEvent, cache):
    """An event another document (or an earlier run) stored that this reading reports too."""
    names = {a.key for a in event.actors if a.kind == "person"} or {a.key for a in event.actors}
    if not names:
        return None
    candidates = Event.objects.filter(event_type=event.event_type, merged_into__isnull=True, actors__name__in=names)
    if event.date.resolved:
        candidates = candidates.filter(
            Q(date_start__isnull=True) | Q(date_start__lte=event.date.end, date_end__gte=event.date.start)
        )
    for row in candidates.distinct().select_related("place").prefetch_related("actors")[:20]:
        if same_event(_event_view(row), event, same_document=False):
            return row
    return None


def _stable_public_id(document, event, index):
    # The same text gives the same permalinks on every rebuild of the database.
    seed = f"{document.content_hash}:{event.evidence[0].trigger_start}:{event.event_type}:{index}"
    return hashlib.sha1(seed.encode()).hexdigest()[:10]


def _create_event(document, event: ReadEvent, index, cache):
    row = Event(
        public_id=_stable_public_id(document, event, index),
        event_type=event.event_type, status=event.status, title=event.title[:300],
        place=cache.place(event.place), cameo=event.cameo, plover=event.plover,
    )
    _set_date(row, event.date)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        row.pk = None
        row.public_id = Event._meta.get_field("public_id").default()
        row.save()
    return row


def _set_date(row, reading: DateReading):
    row.date_start, row.date_end = reading.start, reading.end
    row.granularity = reading.granularity or "unknown"
    row.timex = reading.timex[:32]
    row.date_certainty = reading.certainty
    row.date_text = reading.text[:200]
    row.date_explanation = reading.explanation


def _add_evidence(row, document, event: ReadEvent, cleaned):
    new_actors = {cache_actor.key: cache_actor for cache_actor in event.actors}
    existing_actor_ids = set(row.actors.values_list("id", flat=True)) if "actors" not in row.curated_fields else None
    evidence_rows = []
    for item in event.evidence:
        evidence_rows.append(Evidence(
            event=row, document=document, section=item.section, status=item.status,
            sentence=cleaned.text[item.sentence_start:item.sentence_end],
            sentence_start=item.sentence_start, sentence_end=item.sentence_end,
            trigger_start=item.trigger_start, trigger_end=item.trigger_end,
            date_expression_start=item.date.expression_start, date_expression_end=item.date.expression_end,
            date_start=item.date.start, date_end=item.date.end, granularity=item.date.granularity or "unknown",
            timex=item.date.timex[:32], date_certainty=item.date.certainty, date_text=item.date.text[:200],
            date_explanation=item.date.explanation,
        ))
    Evidence.objects.bulk_create(evidence_rows, ignore_conflicts=True)
    row._pending_actors = [(a, new_actors[a.key]) for a in event.actors] if existing_actor_ids is not None else []
    row._existing_actor_ids = existing_actor_ids
    row._pending_topics = event.topics if "topics" not in row.curated_fields else set()
    row._pending_place = event.place if row.place_id is None and "place" not in row.curated_fields else None


def _refresh(row, cache):
    """Recompute an event's date, status and conflict flag from all its evidence."""
    links = []
    for actor, read_actor in getattr(row, "_pending_actors", []):
        actor_row = cache.actor(actor)
        if actor_row.id not in row._existing_actor_ids:
            row._existing_actor_ids.add(actor_row.id)
            links.append(EventActorRow(event=row, actor=actor_row, role=read_actor.role))
    EventActorRow.objects.bulk_create(links, ignore_conflicts=True)
    topics = [cache.topic(name) for name in sorted(getattr(row, "_pending_topics", ()))]
    if topics:
        row.topics.add(*topics)
    if getattr(row, "_pending_place", None) is not None:
        row.place = cache.place(row._pending_place)

    evidence = list(row.evidence.select_related("document"))
    readings = [DateReading(e.date_start, e.date_end, e.granularity, e.timex, e.date_certainty, e.date_text,
                            e.date_explanation, e.date_expression_start, e.date_expression_end) for e in evidence]
    best, conflicts = choose_date(readings)
    if "date" not in row.curated_fields:
        _set_date(row, best)
    row.has_conflict = bool(conflicts)
    if "status" not in row.curated_fields:
        views = [ReadEvidence(0, 0, 0, 0, e.section, reading, e.status) for e, reading in zip(evidence, readings)]
        status = status_of(row.event_type, views)
        # Planned in an old report and nobody has said it happened: still planned.
        row.status = status if status else PLANNED
    row.save()
