"""One entry point for putting text into the timeline: ``ingest_text``.

Reading files is ``timeline.ingestion.sources``; understanding text is ``nlp.pipeline.understand``,
which gives a Doc. This module stores a Doc: the document, its date mentions, the events read
from it and the evidence between them, in one transaction, so a failure leaves nothing
half-written. An event another document already reported gains a piece of evidence instead
of a twin.
"""

import datetime
import hashlib
import dataclasses
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils.text import slugify

from nlp.doc import Doc, EventMention
from nlp.entities.actors import Registry
from nlp.events.occasion import events_window, kinds_alike, reports_window
from nlp.events.plan import AGAIN, DELETED, NEW, SPLIT_HOME, Candidate, Copy, Known, plan_document
from nlp.pipeline import understand

from timeline.models import (
    DateMention,
    DeletedEvent,
    Document,
    Event,
    EventActor,
    EventStatus,
    Evidence,
    PublicationDateCertainty,
    RetiredEvent,
    content_hash,
    sentence_key,
    validate_timeline_date,
)
from timeline.ingestion.processes import time_budget
from timeline.ingestion.session import IngestSession

# Event fields a curator can set by hand; re-ingesting leaves them as the curator left them.
# "evidence": the curator split these sources off into an event of their own.
CURATABLE_FIELDS = (
    "title", "event_type", "status", "place", "date", "actors", "topics", "evidence",
)


# What a file or page says of itself that the writer keeps unless a curator changed it since.
SAID_OF_THE_SOURCE = ("title", "outlet", "url", "author", "language", "text_from")


def read(raw, *, published=None, approximate=False, registry=None) -> Doc:
    """The Doc of ``raw`` with the event reader the settings choose; no database involved
    (a worker process can do it)."""
    return understand(raw, published, approximate=approximate, registry=registry or Registry.default(),
                      reader=settings.EVENT_READER)


@dataclass
class IngestResult:
    document: Document
    outcome: str  # "new" | "unchanged" | "updated"
    events_created: int = 0
    events_merged: int = 0  # an event another document had already reported
    events_updated: int = 0  # an event this document reported before, read again
    events_retired: int = 0  # an event this document alone told, which its new text no longer tells
    events: list = field(default_factory=list)


def stored_by_an_earlier_try(result, first_try):
    """``result`` as an earlier try begun at ``first_try`` would have told it, when that try's
    commit went through but its answer was lost (the database went away at that moment) and
    this try found the document "unchanged": it was stored since, so it is new, and its events
    made since are created, the others merged."""
    document = result.document
    if result.outcome != "unchanged" or document.ingested_at < first_try:
        return result
    events = Event.objects.filter(evidence__document=document).distinct()
    created = events.filter(created_at__gte=first_try).count()
    return dataclasses.replace(result, outcome="new", events_created=created,
                               events_merged=events.count() - created)


def ingest_text(raw, *, session=None, **options):
    """Store ``raw`` as a document (new, unchanged or updated) with the events read from it:
    ``_ingest_text`` in one transaction. When the transaction fails, the rows the session
    remembers may be ones it rolled back (or ones a curator deleted meanwhile: merged actors):
    the session forgets them, and a store refused for a row that no longer exists is tried
    once more with rows read afresh."""
    session = session or IngestSession()
    try:
        return _ingest_text(raw, session=session, **options)
    except IntegrityError:
        session.forget()
        return _ingest_text(raw, session=session, **options)
    except BaseException:
        session.forget()
        raise


@transaction.atomic
def _ingest_text(
    raw,
    *,
    origin,
    published: datetime.date | None = None,
    published_certainty="exact",
    title="",
    outlet="",
    url="",
    note="",
    date_found_in="",
    author="",
    language="",
    text_from="",
    session=None,
    doc: Doc | None = None,
):
    """The same text again is the same document and changes nothing; a changed text under
    the same origin updates that document and its events. ``doc`` is the text already read
    (in a worker process, say); it is read again if it was read against another date.

    >>> result = ingest_text("Lavrov visited Islamabad on Tuesday.", origin="a.txt",  # doctest: +SKIP
    ...                      published=datetime.date(2021, 4, 7))
    """
    if not raw or not raw.strip():
        raise ValueError("empty text")
    if published is not None:
        validate_timeline_date(published)  # a clear message, before anything is stored
    _one_writer_at_a_time()
    digest = content_hash(raw)
    known = list(Document.objects.filter(Q(content_hash=digest) | Q(origin=origin)).order_by("-updated_at"))
    same_text = next((d for d in known if d.content_hash == digest), None)
    if same_text is not None and same_text.origin != origin:
        return IngestResult(same_text, "unchanged")  # a copy of a stored text: its file's words do not count
    document = same_text or (known[0] if known else Document(origin=origin))
    said = {"published": published, "published_certainty": published_certainty, "note": note, "title": title,
            "outlet": outlet, "url": url, "date_found_in": date_found_in, "author": author, "language": language,
            "text_from": text_from}
    taken = _take_what_the_file_says(document, said, text_changed=same_text is None)
    if same_text is not None and "date" not in taken:
        if not taken:
            return IngestResult(document, "unchanged")
        document.save_without_historical_record()  # its title, outlet or address only: the events stay
        return IngestResult(document, "updated")
    # a new or changed text, or a new date: the document is read (again)
    outcome = "updated" if document.pk else "new"
    previous_events = _forget_reading_of(document) if document.pk else []
    document.raw_text = raw
    session = session or IngestSession()
    doc = _read_for(document, session, doc)
    document.title = document.title or _title_from(doc)
    _keep_reading(document, doc)
    # The database checks the constraints itself; validating them here would cost a query each.
    document.full_clean(exclude=["content_hash"], validate_constraints=False)
    document.save_without_historical_record()  # history is for curators' changes
    return _store(document, doc, session, previous_events, outcome)


def _take_what_the_file_says(document, said, *, text_changed):
    """Take what the file says of the document where it is news: its publication date unless a
    curator set one; a title, outlet or address the file changed since it last said it, unless
    a curator changed it since. The names of what changed: "date", "date_found_in", and those of
    ``SAID_OF_THE_SOURCE``."""
    taken = set()
    if said["published"] is not None and not document.publication_date_set_by_curator:
        certainty = (PublicationDateCertainty.APPROXIMATE if said["published_certainty"] == "approximate"
                     else PublicationDateCertainty.EXACT)
        new = (said["published"], certainty, said["note"])
        if (document.publication_date, document.publication_date_certainty, document.publication_date_note) != new:
            document.publication_date, document.publication_date_certainty, document.publication_date_note = new
            taken.add("date")
        if said["date_found_in"] != document.date_found_in:  # kept with the date; no reason to read again
            document.date_found_in = said["date_found_in"]
            taken.add("date_found_in")
    before = document.source_metadata or {}
    for name in SAID_OF_THE_SOURCE:
        value, current = said[name], getattr(document, name)
        if not value or value == current:
            continue
        if name in before:
            take = current == before[name]  # what the file said last, as nobody changed it since
        else:  # a new document, or one stored before files' words were kept: as it always was
            take = not document.pk or not current or text_changed
        if take:
            setattr(document, name, value)
            taken.add(name)
    document.source_metadata = {name: said[name] for name in SAID_OF_THE_SOURCE}
    if not taken and before != document.source_metadata and document.pk:
        Document.objects.filter(pk=document.pk).update(source_metadata=document.source_metadata)
    return taken


def reread_document(document, *, session=None, seconds=None):
    """Read a stored document again (after its publication date was corrected, or to rerun
    extraction): its relative dates are resolved anew and its events follow, except what
    curators set by hand. The text is understood first, within ``seconds`` (default
    ``INGEST_SECONDS_PER_DOCUMENT``; in a web request's thread, without a limit) and outside
    any transaction; the writer lock is taken only to store what was read."""
    session = session or IngestSession()
    with time_budget(settings.INGEST_SECONDS_PER_DOCUMENT if seconds is None else seconds):
        doc = _read_for(document, session)
    try:
        return _store_reading(document, doc, session)
    except BaseException:
        session.forget()
        raise


@transaction.atomic
def _store_reading(document, doc, session):
    _one_writer_at_a_time()
    previous = _forget_reading_of(document)
    _keep_reading(document, doc)
    # what was read (the cleaned text, its notes) is no curator's change: the document's history
    # has the entry of the save that asked for the reading, and a second, identical one here
    document.save_without_historical_record()
    return _store(document, doc, session, previous, "updated")


# Any number of this application's keys would do; this one is "timeline" in ASCII.
_WRITER_LOCK = 0x74696D656C696E65


def _one_writer_at_a_time():
    """Documents are stored one at a time, whichever process stores them: two ingests running
    at once take turns per document (each sees what the other committed, so neither creates
    a twin of the other's event or trips over its unique keys). On PostgreSQL a transaction-level
    advisory lock, released at commit; SQLite's write lock does the same by itself."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_WRITER_LOCK])


def _read_for(document, session, doc=None):
    """The Doc of a document's text against its publication date: ``doc`` if it was read
    against that date, else read now."""
    approximate = document.publication_date_certainty == PublicationDateCertainty.APPROXIMATE
    if doc is None or doc.published != document.publication_date or doc.published_approximate != approximate:
        doc = read(document.raw_text, published=document.publication_date, approximate=approximate,
                   registry=session.registry)
    return doc


def _keep_reading(document, doc):
    document.cleaned_text = doc.text
    document.cleaning_notes = doc.dropped


def _store(document, doc, session, previous_events, outcome):
    DateMention.objects.bulk_create([DateMention.of(document, mention) for mention in doc.dates])
    result = IngestResult(document, outcome)
    try:
        store_events(document, doc, result=result, cache=session.rows, previous=previous_events)
    except BaseException:
        session.forget()  # rows it cached were created in this transaction, now rolled back
        raise
    return result


def _title_from(doc):
    for block in doc.blocks:
        if block.kind == "heading" and len(doc.text[block.start:block.end].split()) >= 4:
            return doc.text[block.start:block.end][:300]
    first = doc.text.strip().split("\n", 1)[0]
    return (first[:120] + "…") if len(first) > 120 else first


def _forget_reading_of(document):
    """Before a document is read again: its evidence and date mentions go. The events it
    reported are returned, each with the keys of the sentences it quoted from the document
    (``quoted_here``), so that the new reading re-attaches to them (keeping what curators did);
    ``_drop_orphans`` later removes those nobody reports any more."""
    quoted = {}
    for event_id, key in document.evidence.values_list("event_id", "sentence_key"):
        quoted.setdefault(event_id, set()).add(key)
    document.evidence.all().delete()
    document.date_mentions.all().delete()
    events = list(Event.objects.filter(id__in=quoted).select_related("place", "merged_into").prefetch_related("actors"))
    for event in events:
        event.quoted_here = quoted[event.pk]
    return events


def _drop_orphans(events, document=None, result=None):
    """Events left without evidence go, unless a curator worked on them or they carry a merge;
    their permalinks say why they are gone (``RetiredEvent``) and the result counts them."""
    ids = [event.pk for event in events]
    orphans = Event.objects.filter(id__in=ids, evidence__isnull=True, merged_into__isnull=True,
                                   merged_from__isnull=True, curated_fields=[], is_verified=False, is_hidden=False)
    retired = list(orphans.values_list("public_id", "title"))
    if not retired:
        return
    RetiredEvent.objects.bulk_create([RetiredEvent(public_id=public_id, title=title, document=document)
                                      for public_id, title in retired])
    orphans.delete()
    if result is not None:
        result.events_retired += len(retired)


def store_events(document, doc, *, result, cache, previous=()):
    """Store the events of a Doc as ``nlp.events.plan.plan_document`` decides: new events in
    bulk, evidence added to the events other documents already reported, or that this document
    reported before."""
    quoted_before = {}  # event id: keys of the sentences of this document it quoted before
    for event in previous:
        quoted_before.setdefault(event.merged_into_id or event.pk, set()).update(getattr(event, "quoted_here", ()))
    previous = [event.merged_into if event.merged_into_id else event for event in previous]
    if not doc.events:
        _drop_orphans(previous, document, result)
        return
    # A sentence a curator split off into an event of its own goes back to it: the reading that
    # merges it with its twin again does not undo the split.
    split_off = {}
    for row in {row.pk: row for row in previous if "evidence" in row.curated_fields}.values():
        known = Known(row, row.as_mention())
        for key in quoted_before.get(row.pk, ()):
            split_off.setdefault(key, []).append(known)
    earlier = []
    for row in {row.pk: row for row in previous if "evidence" not in row.curated_fields}.values():
        quoted = frozenset(quoted_before.get(row.pk, ()))
        earlier.append(Known(row, row.as_mention(), quoted))
        # what a curator merged into this event answers to it too: a merge is not undone
        for loser in row.merged_from.select_related("place").prefetch_related("actors"):
            earlier.append(Known(row, loser.as_mention(), quoted, row.event_type))
    keys = [[sentence_key(doc.text[item.sentence_start:item.sentence_end]) for item in event.evidence]
            for event in doc.events]
    tombstones = [stone.as_mention() for stone in DeletedEvent.objects.filter(
        event_type__in={event.event_type for event in doc.events})]
    copies, candidates = _other_copies(document, doc), _candidate_rows(doc, cache)
    steps = plan_document(doc.events, keys, earlier=earlier, split_off=split_off, copies=copies,
                          candidates=candidates, tombstones=tombstones, published=doc.published,
                          approximate=doc.published_approximate)
    # the places of the events the plan stores or updates, each looked up (or made) once
    places = {step.index: cache.place(doc.events[step.index].place) for step in steps
              if step.action == NEW or step.update}
    plan = _apply(document, doc, steps, result, places)
    _link(document, doc, plan, cache)
    refreshed = {row.pk: row for row, _, step in plan if step.action != NEW}
    refreshed.update({known.row.pk: known.row for homes in split_off.values() for known in homes})
    for row in refreshed.values():
        row.refresh_from_evidence()
    result.events.extend(row for row, _, _ in plan)
    _drop_orphans(previous, document, result)


def _apply(document, doc, steps, result, places):
    """The rows the plan's steps go to, new ones created in bulk: ``[(row, mention, step)]``."""
    plan, new_rows = [], []
    for step in steps:
        event = doc.events[step.index]
        if step.action == DELETED:
            continue
        row = step.row
        if step.action == NEW:
            row = _new_event(document, doc, event, step.index, places[step.index])
            new_rows.append(row)
            result.events_created += 1
        elif step.action in {AGAIN, SPLIT_HOME}:
            if step.update:
                _update_from_reading(row, event, places[step.index])
            result.events_updated += 1
        else:
            result.events_merged += 1
        plan.append((row, event, step))
    taken = set(Event.objects.filter(public_id__in=[r.public_id for r in new_rows]).values_list("public_id", flat=True))
    for row in new_rows:
        if row.public_id in taken:  # the same text stored under another origin before
            row.public_id = Event._meta.get_field("public_id").default()
    Event.objects.bulk_create(new_rows)
    return plan


def _link(document, doc, plan, cache):
    """Actors, topics and evidence of the planned rows, in bulk."""
    links, topic_links, evidence_rows = [], [], []
    linked = {}
    quoted = set()  # (event, sentence key): two readings that land on one event quote a sentence once
    for row, event, step in plan:
        if "actors" not in row.curated_fields:
            known = linked.setdefault(row.pk, set() if step.action == NEW else
                                      set(row.actors.values_list("id", flat=True)))
            for actor in event.actors:
                actor_row = cache.actor(actor, document)
                if actor_row.pk not in known:
                    known.add(actor_row.pk)
                    links.append(EventActor(event=row, actor=actor_row, role=actor.role))
        if "topics" not in row.curated_fields:
            topic_links += [Event.topics.through(event_id=row.pk, topic_id=cache.topic(name).pk) for name in sorted(event.topics)]
        for item in _evidence_rows(row, document, doc, event):
            item.event = step.homes.get(item.sentence_key) or row
            if (item.event.pk, item.sentence_key) not in quoted:
                quoted.add((item.event.pk, item.sentence_key))
                evidence_rows.append(item)
    EventActor.objects.bulk_create(links, ignore_conflicts=True)
    Event.topics.through.objects.bulk_create(topic_links, ignore_conflicts=True)
    Evidence.objects.bulk_create(evidence_rows, ignore_conflicts=True)


def _other_copies(document, doc):
    """Events other documents reported with one of this document's event sentences, word for
    word: ``{sentence key: [Copy]}``. An event a curator merged into another answers as itself
    too, for the event it went into: its sentences moved there with the merge."""
    keys = {sentence_key(doc.text[item.sentence_start:item.sentence_end])
            for event in doc.events for item in event.evidence}
    found = {}
    items = (Evidence.objects.filter(sentence_key__in=keys).exclude(document_id=document.pk)
             .select_related("event__place", "event__merged_into__place")
             .prefetch_related("event__actors", "event__merged_into__actors"))
    pairs = []
    for item in items:
        row = item.event.merged_into if item.event.merged_into_id else item.event
        if not row.merged_into_id:  # merged twice: the copy finds its reading by the usual means
            pairs.append((item, row))
    mentions = _mentions_with_merged({row.pk: row for _, row in pairs}.values())
    for item, row in pairs:
        for mention in mentions[row.pk]:
            found.setdefault(item.sentence_key, []).append(Copy(row, item.reading, mention))
    return found


def _mentions_with_merged(rows):
    """``{row id: [its reading, and the readings of the events curators merged into it]}``, in
    two queries whatever the number of rows."""
    mentions = {row.pk: [row.as_mention()] for row in rows}
    losers = (Event.objects.filter(merged_into_id__in=list(mentions))
              .select_related("place").prefetch_related("actors"))
    for loser in losers:
        mentions[loser.merged_into_id].append(loser.as_mention())
    return mentions


def _update_from_reading(row, event, place):
    """A document read again may say more: its title and place follow, unless curated."""
    if "title" not in row.curated_fields and row.title != event.title[:300]:
        row.title = event.title[:300]
        row.slug = slugify(row.title)[:120]
    if "place" not in row.curated_fields and place is not None:
        row.place = place


def _candidate_rows(doc, cache):
    """Stored events that could be the same as one of the Doc's events, with the mention
    ``same_occasion`` needs and, for an event without a date, when its first report came out:
    ``Candidate``s, the dated ones first.

    Across documents that means a kind alike and a shared person (or, for events between
    countries only, a shared country), and dates that overlap; or one of the two undated and
    reported as done soon after the other (``nlp.events.occasion.reported_soon_after``)."""
    windows = Q()
    names = set()
    undated_kinds, told_while_recent = set(), Q()
    for event in doc.events:
        kinds = kinds_alike(event.event_type)
        if event.date.resolved:
            windows |= Q(event_type__in=kinds, date_start__lte=event.date.end, date_end__gte=event.date.start)
            # or an undated one, reported as done while this one was recent
            undated_kinds |= kinds
            told_while_recent |= Q(document__publication_date__range=reports_window(event.date))
        elif doc.published is not None and event.status == EventStatus.OCCURRED:
            earliest_end, latest_start = events_window(doc.published, doc.published_approximate)
            windows |= Q(event_type__in=kinds, date_start__lte=latest_start, date_end__gte=earliest_end)
        else:
            continue
        # a bare surname names someone only within its report
        people = {a.key for a in event.actors if a.kind == "person" and len(a.key.split()) >= 2}
        names |= people or {a.key for a in event.actors if a.kind != "person"}
    actor_ids = cache.actor_ids(names)
    if not actor_ids:
        return []
    if undated_kinds:
        told = Evidence.objects.filter(told_while_recent, event__date_start__isnull=True)
        windows |= Q(event_type__in=undated_kinds, date_start__isnull=True, status=EventStatus.OCCURRED,
                     id__in=told.values("event_id"))
    # an event a curator merged into another is a candidate as itself, for the event it went into
    rows = list(Event.objects.filter(windows, id__in=EventActor.objects.filter(actor_id__in=actor_ids).values("event_id"))
                .select_related("place", "merged_into__place").prefetch_related("actors"))
    reported = {}  # undated event id: (first publication date, approximate)
    for event_id, published, certainty in (
            Evidence.objects.filter(event__in=[row.pk for row in rows if row.date_start is None],
                                    document__publication_date__isnull=False)
            .order_by("document__publication_date")
            .values_list("event_id", "document__publication_date", "document__publication_date_certainty")):
        reported.setdefault(event_id, (published, certainty == PublicationDateCertainty.APPROXIMATE))
    rows.sort(key=lambda row: row.date_start is None)  # once here, not for every reading
    # one object per stored event, whichever reading of it a candidate is
    own = {row.pk: row for row in rows if not row.merged_into_id}
    return [Candidate(own.setdefault(row.merged_into_id, row.merged_into) if row.merged_into_id else row,
                      row.as_mention(), *reported.get(row.pk, (None, False)))
            for row in rows if not (row.merged_into_id and row.merged_into.merged_into_id)]


def _new_event(document, doc, event: EventMention, index, place):
    row = Event(
        public_id=_stable_public_id(document, event, index),
        event_type=event.event_type, status=event.status, title=event.title[:300],
        place=place, cameo=event.cameo, plover=event.plover,
        has_conflict=bool(event.conflict),
    )
    row.slug = slugify(row.title)[:120]
    row.set_reading(event.date)
    row.search_text = Event.search_text_of(
        row.title, [a.key for a in event.actors], event.place.name if event.place else "", sorted(event.topics),
        [doc.text[e.sentence_start:e.sentence_end] for e in event.evidence])
    return row


def _stable_public_id(document, event, index):
    # The same text gives the same permalinks on every rebuild of the database.
    seed = f"{document.content_hash}:{event.evidence[0].trigger_start}:{event.event_type}:{index}"
    return hashlib.sha1(seed.encode()).hexdigest()[:12]


def _evidence_rows(row, document, doc, event: EventMention):
    rows = []
    for item in event.evidence:
        evidence = Evidence(
            event=row, document=document, section=item.section, status=item.status,
            sentence=doc.text[item.sentence_start:item.sentence_end],
            sentence_key=sentence_key(doc.text[item.sentence_start:item.sentence_end]),
            sentence_start=item.sentence_start, sentence_end=item.sentence_end,
            trigger_start=item.trigger_start, trigger_end=item.trigger_end,
        )
        evidence.set_reading(item.date)
        rows.append(evidence)
    return rows
