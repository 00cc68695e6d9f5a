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

from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from nlp.actors import ActorRecord, Registry
from nlp.cleaning import clean
from nlp.events import (
    PLANNED,
    DateReading,
    EventActor,
    ReadEvent,
    choose_date,
    read_events,
    same_event,
    status_of,
)
from nlp.events import Evidence as ReadEvidence
from .models import (
    Actor,
    ActorAlias,
    DeletedEvent,
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
class Understanding:
    """What the language modules read in a text, computed apart from the database (in a
    worker process, say) for the publication date it was read against."""

    cleaned: object
    events: list
    publication_date: datetime.date | None
    approximate: bool


def understand(raw, *, published=None, approximate=False, registry=None):
    """Clean ``raw`` and read its events; no database involved."""
    cleaned = clean(raw)
    events = read_events(cleaned, published, dct_is_approximate=approximate, registry=registry or Registry.default())
    return Understanding(cleaned, events, published, approximate)


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
    session=None,
    understanding=None,
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
    known = list(Document.objects.filter(Q(content_hash=digest) | Q(origin=origin)).order_by("-updated_at"))
    same_text = next((d for d in known if d.content_hash == digest), None)
    if same_text is not None:
        return IngestResult(same_text, "unchanged")
    document = known[0] if known else None
    outcome = "updated" if document else "new"
    previous_events = []
    if document is None:
        document = Document(origin=origin)
    else:
        previous_events = _forget_evidence_of(document)
    document.raw_text = raw
    approximate_date = published_certainty == "approximate"
    if published is not None and not document.publication_date_set_by_curator:
        document.publication_date = published
        document.publication_date_certainty = (
            PublicationDateCertainty.APPROXIMATE if approximate_date else PublicationDateCertainty.EXACT
        )
        document.publication_date_note = note
    approximate_date = document.publication_date_certainty == PublicationDateCertainty.APPROXIMATE
    if session is None:
        session = IngestSession(registry or registry_with_curated_actors())
    if (understanding is None or understanding.publication_date != document.publication_date
            or understanding.approximate != approximate_date):
        # read here when nobody read it before, or read it against another publication date
        understanding = understand(raw, published=document.publication_date, approximate=approximate_date,
                                   registry=session.registry)
    cleaned = understanding.cleaned
    document.cleaned_text = cleaned.text
    document.cleaning_notes = cleaned.dropped
    document.title = title or document.title or _title_from(cleaned)
    document.outlet = outlet or document.outlet
    document.url = url or document.url
    # The database checks the constraints itself; validating them here would cost a query each.
    document.full_clean(exclude=["content_hash"], validate_constraints=False)
    document.skip_history_when_saving = True  # history is for curators' changes
    document.save()

    result = IngestResult(document, outcome)
    try:
        store_events(document, cleaned, understanding.events, result=result, cache=session.rows,
                     previous=previous_events)
    except BaseException:
        session.forget()  # rows it cached were created in this transaction, now rolled back
        raise
    return result


class IngestSession:
    """What one ingest run shares between documents: the registry and the rows looked up."""

    def __init__(self, registry=None):
        self.registry = registry or registry_with_curated_actors()
        self.rows = _RowCache(self.registry)

    def forget(self):
        self.rows = _RowCache(self.registry)


def _title_from(cleaned):
    for block in cleaned.blocks:
        if block.kind == "heading" and len(cleaned.text[block.start:block.end].split()) >= 4:
            return cleaned.text[block.start:block.end][:300]
    first = cleaned.text.strip().split("\n", 1)[0]
    return (first[:120] + "…") if len(first) > 120 else first


def _forget_evidence_of(document):
    """Before a document is read again: its evidence goes. The events it reported are
    returned, so that the new reading re-attaches to them (keeping what curators did);
    ``_drop_orphans`` later removes those nobody reports any more."""
    event_ids = set(document.evidence.values_list("event_id", flat=True))
    document.evidence.all().delete()
    return list(Event.objects.filter(id__in=event_ids).select_related("place", "merged_into").prefetch_related("actors"))


def _drop_orphans(events):
    """Events left without evidence go, unless a curator worked on them or they carry a merge."""
    ids = [event.pk for event in events]
    Event.objects.filter(id__in=ids, evidence__isnull=True, merged_into__isnull=True, merged_from__isnull=True,
                         curated_fields=[], is_verified=False, is_hidden=False).delete()


def store_events(document, cleaned, read, *, result, cache, previous=()):
    """Store the events read in one document: new events in bulk, evidence added to the
    events other documents already reported, or that this document reported before."""
    previous = [event.merged_into if event.merged_into_id else event for event in previous]
    if not read:
        _drop_orphans(previous)
        return
    candidates = _candidate_rows(read, cache)
    earlier = []
    for row in {row.pk: row for row in previous}.values():
        earlier.append((row, _event_view(row)))
        # what a curator merged into this event answers to it too: a merge is not undone
        for loser in row.merged_from.select_related("place").prefetch_related("actors"):
            earlier.append((row, _event_view(loser)))
    tombstones = _tombstones(read)
    plan = []  # (row, read event, is_new)
    new_rows = []
    for index, event in enumerate(read):
        # This document's earlier reading of the same event, whatever date a curator gave it;
        # each earlier event answers one reading, the one at the same place first.
        matches = [(r, view) for r, view in earlier if _same_actors_and_kind(view, event)]
        matches.sort(key=lambda m: not (m[1].place is not None and event.place is not None and m[1].place.name == event.place.name))
        row = matches[0][0] if matches else None
        if row is not None:
            earlier.remove(matches[0])
            if matches[0][1].event_type == row.event_type:
                _update_from_reading(row, event, cache)
        if row is None:
            row = next((c for c, view in candidates if same_event(view, event, same_document=False)), None)
        if row is None and any(same_event(stone, event, same_document=False) or _same_actors_and_kind(stone, event)
                               and not (stone.date.resolved and event.date.resolved) for stone in tombstones):
            continue  # a curator deleted this event; reading it again does not bring it back
        if row is None:
            row = _new_event(document, event, index, cache)
            sentences = [cleaned.text[e.sentence_start:e.sentence_end] for e in event.evidence]
            row.search_text = "\n".join([row.title, *(a.key for a in event.actors),
                                         event.place.name if event.place else "", *sorted(event.topics), *sentences])
            new_rows.append(row)
            result.events_created += 1
        else:
            result.events_merged += 1
        plan.append((row, event, row in new_rows))
    taken = set(Event.objects.filter(public_id__in=[r.public_id for r in new_rows]).values_list("public_id", flat=True))
    for row in new_rows:
        if row.public_id in taken:  # the same text stored under another origin before
            row.public_id = Event._meta.get_field("public_id").default()
    Event.objects.bulk_create(new_rows)

    links, topic_links, evidence_rows = [], [], []
    linked = {}
    for row, event, is_new in plan:
        if "actors" not in row.curated_fields:
            known = linked.setdefault(row.pk, set() if is_new else set(row.actors.values_list("id", flat=True)))
            for actor in event.actors:
                actor_row = cache.actor(actor)
                if actor_row.pk not in known:
                    known.add(actor_row.pk)
                    links.append(EventActorRow(event=row, actor=actor_row, role=actor.role))
        if "topics" not in row.curated_fields:
            topic_links += [Event.topics.through(event_id=row.pk, topic_id=cache.topic(name).pk) for name in sorted(event.topics)]
        evidence_rows += _evidence_rows(row, document, event, cleaned)
    EventActorRow.objects.bulk_create(links, ignore_conflicts=True)
    Event.topics.through.objects.bulk_create(topic_links, ignore_conflicts=True)
    Evidence.objects.bulk_create(evidence_rows, ignore_conflicts=True)
    for row in {row.pk: row for row, _, is_new in plan if not is_new}.values():
        _refresh(row, cache)
    result.events.extend(row for row, _, _ in plan)
    _drop_orphans(previous)


def _update_from_reading(row, event, cache):
    """A document read again may say more: its title and place follow, unless curated."""
    if "title" not in row.curated_fields and row.title != event.title[:300]:
        row.title = event.title[:300]
        row.slug = slugify(row.title)[:120]
    if "place" not in row.curated_fields and event.place is not None:
        row.place = cache.place(event.place)


def _same_actors_and_kind(view, event):
    """Same kind of event between the same people (or countries), dates aside."""
    if view.event_type != event.event_type:
        return False
    if view.people or event.people:
        return bool(view.people) and view.people == event.people
    return view.parties == event.parties


def _tombstones(read):
    types = {event.event_type for event in read}
    views = []
    for stone in DeletedEvent.objects.filter(event_type__in=types):
        date = DateReading(stone.date_start, stone.date_end, "unknown", "", "exact", "", "")
        actors = [EventActor(name, "person", "", "participant") for name in stone.people]
        actors += [EventActor(code, "country", code, "participant") for code in stone.parties if code not in stone.people]
        views.append(ReadEvent(stone.event_type, "occurred", stone.title, actors, None, set(), date, []))
    return views


def _candidate_rows(read, cache):
    """Stored events that could be the same as one of ``read``, with the view ``same_event``
    needs: across documents that means the same kind, overlapping dates and a shared person
    (or, for events between countries only, a shared country)."""
    windows = Q()
    names = set()
    for event in read:
        if not event.date.resolved:
            continue
        people = {a.key for a in event.actors if a.kind == "person"}
        names |= people or {a.key for a in event.actors}
        windows |= Q(event_type=event.event_type, date_start__lte=event.date.end, date_end__gte=event.date.start)
    actor_ids = cache.actor_ids(names)
    if not actor_ids:
        return []
    rows = (Event.objects.filter(windows, merged_into__isnull=True,
                                 id__in=EventActorRow.objects.filter(actor_id__in=actor_ids).values("event_id"))
            .select_related("place").prefetch_related("actors"))
    return [(row, _event_view(row)) for row in rows[:200]]


def _new_event(document, event: ReadEvent, index, cache):
    row = Event(
        public_id=_stable_public_id(document, event, index),
        event_type=event.event_type, status=event.status, title=event.title[:300],
        place=cache.place(event.place), cameo=event.cameo, plover=event.plover,
        has_conflict=bool(event.conflict),
    )
    row.slug = slugify(row.title)[:120]
    _set_date(row, event.date)
    return row


class _RowCache:
    """Actor, place and topic rows by name, so one ingest run looks each up once."""

    def __init__(self, registry):
        self.registry = registry
        self.actors = {}
        self.ids = {}
        self.places = {}
        self.topics = {}

    def actor_ids(self, names):
        """Ids of the stored actors among ``names``; unknown names have none yet."""
        missing = [name for name in names if name not in self.ids]
        if missing:
            found = dict(Actor.objects.filter(name__in=missing).values_list("name", "id"))
            for name in missing:
                self.ids[name] = found.get(name)
        return [self.ids[name] for name in names if self.ids[name] is not None]

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
        self.ids[actor.key] = row.pk
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
        from nlp.places import Place as GazetteerPlace

        place = GazetteerPlace(row.place.name, row.place.kind, row.place.country)
    date = DateReading(row.date_start, row.date_end, row.granularity, row.timex, row.date_certainty, row.date_text,
                       row.date_explanation)
    return ReadEvent(row.event_type, row.status, row.title, actors, place, set(), date, [])


def _stable_public_id(document, event, index):
    # The same text gives the same permalinks on every rebuild of the database.
    seed = f"{document.content_hash}:{event.evidence[0].trigger_start}:{event.event_type}:{index}"
    return hashlib.sha1(seed.encode()).hexdigest()[:12]


def _set_date(row, reading: DateReading):
    row.date_start, row.date_end = reading.start, reading.end
    row.granularity = reading.granularity or "unknown"
    row.timex = reading.timex[:32]
    row.date_certainty = reading.certainty
    row.date_text = reading.text[:200]
    row.date_explanation = reading.explanation


def _evidence_rows(row, document, event: ReadEvent, cleaned):
    return [
        Evidence(
            event=row, document=document, section=item.section, status=item.status,
            sentence=cleaned.text[item.sentence_start:item.sentence_end],
            sentence_start=item.sentence_start, sentence_end=item.sentence_end,
            trigger_start=item.trigger_start, trigger_end=item.trigger_end,
            date_expression_start=item.date.expression_start, date_expression_end=item.date.expression_end,
            date_start=item.date.start, date_end=item.date.end, granularity=item.date.granularity or "unknown",
            timex=item.date.timex[:32], date_certainty=item.date.certainty, date_text=item.date.text[:200],
            date_explanation=item.date.explanation,
        )
        for item in event.evidence
    ]


def _refresh(row, cache=None):
    """Recompute an event's date, status and conflict flag from all its evidence, leaving
    alone what a curator set by hand."""
    evidence = list(row.evidence.all())
    readings = [DateReading(e.date_start, e.date_end, e.granularity, e.timex, e.date_certainty, e.date_text,
                            e.date_explanation, e.date_expression_start, e.date_expression_end) for e in evidence]
    if not readings:
        return
    best, conflicts = choose_date(readings)
    if "date" not in row.curated_fields:
        _set_date(row, best)
        row.has_conflict = bool(conflicts)
    else:
        row.has_conflict = False  # a curator chose the reading
    row.skip_history_when_saving = True
    if "status" not in row.curated_fields:
        views = [ReadEvidence(0, 0, 0, 0, e.section, reading, e.status) for e, reading in zip(evidence, readings)]
        row.status = status_of(row.event_type, views) or PLANNED
    row.search_text = row.compose_search_text([e.sentence for e in evidence])
    row.save()


@transaction.atomic
def reread_document(document, *, session=None):
    """Read a stored document again (after its publication date was corrected, or to rerun
    extraction): its relative dates are resolved anew and its events follow, except what
    curators set by hand."""
    session = session or IngestSession()
    previous = _forget_evidence_of(document)
    approximate = document.publication_date_certainty == PublicationDateCertainty.APPROXIMATE
    understanding = understand(document.raw_text, published=document.publication_date, approximate=approximate,
                               registry=session.registry)
    document.cleaned_text = understanding.cleaned.text
    document.cleaning_notes = understanding.cleaned.dropped
    document.save()
    result = IngestResult(document, "updated")
    store_events(document, understanding.cleaned, understanding.events, result=result, cache=session.rows,
                 previous=previous)
    return result
