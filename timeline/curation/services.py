"""What curators do to the timeline, as functions: the admin's actions call them, and so can
commands and tests. Every change is kept in history (django-simple-history records who did
what), and the fields a curator sets are recorded on the event so that re-ingesting never
undoes them (``timeline.ingestion.writer`` reads ``curated_fields``, tombstones and merges)."""

import time

from django.db import transaction
from django.utils import timezone

from timeline.models.availability import UNAVAILABLE
from timeline.ingestion.writer import IngestSession, reread_document
from timeline.models import ActorAlias, DeletedEvent, Document, Event, EventActor, Evidence, links_of
from timeline.ingestion.processes import OverBudget

# How many events the change page suggests as the same occasion, and how many it looks at.
SUGGESTIONS = 8
SUGGESTION_CANDIDATES = 200

# Event form fields and the curated field each belongs to.
CURATED_FIELDS = {
    "title": "title", "event_type": "event_type", "status": "status", "place": "place", "topics": "topics",
    "date_start": "date", "date_end": "date", "granularity": "date", "timex": "date", "date_certainty": "date",
    "date_text": "date", "date_explanation": "date",
}


DATE_FIELDS = {"date_start", "date_end", "granularity", "timex", "date_certainty"}
TIMEX_OF = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}


def curator_name(user):
    """How an explanation names a curator: their full name, else their user name."""
    return (user.get_full_name() or user.get_username()) if user and user.is_authenticated else ""


def mark_curated(event, form_fields, on=None, by=""):
    """Remember which fields a curator changed by hand (form field names). A date set by hand
    explains itself: the explanation names the curator (``by``) and what the date replaces
    (unless the curator wrote one), its TIMEX follows the new dates and it is as certain as the
    curator says (unless the curator set those too)."""
    touched = {CURATED_FIELDS[name] for name in form_fields if name in CURATED_FIELDS}
    if touched:
        event.curated_fields = sorted(set(event.curated_fields) | touched)
    if "date" in touched:
        event.has_conflict = False  # the curator settled the date
        if DATE_FIELDS & set(form_fields):
            settle_explanation(event, form_fields, on or timezone.localdate(), by)
    return touched


def settle_explanation(event, form_fields, on, by=""):
    previous = Event.objects.filter(pk=event.pk).values_list("date_explanation", "timex").first()
    if {"date_start", "date_end"} & set(form_fields):
        if "granularity" not in form_fields and event.date_start and event.date_start == event.date_end:
            event.granularity = "day"  # one day set by hand is a day
        if "date_certainty" not in form_fields and event.date_start:
            event.date_certainty = "exact"  # a date a curator states is no longer an estimate
    if "timex" not in form_fields and event.date_start and event.granularity in TIMEX_OF:
        event.timex = event.date_start.strftime(TIMEX_OF[event.granularity])
    if "date_explanation" not in form_fields:
        replaced = f", replacing: {previous[0]}" if previous and previous[0] else ""
        who = f"the curator {by}" if by else "a curator"
        event.date_explanation = f"Date set by {who} on {on.day} {on:%B %Y}{replaced}"
    if "date_text" not in form_fields:
        event.date_text = ""


@transaction.atomic
def set_flag(events, field, value, reason=""):
    """Verify, hide or show events again; saved one by one, so history records each change
    (with ``reason``). Events that already have the value are left alone: their history would
    gain an entry that changes nothing. The number of events changed."""
    events = [event for event in events if getattr(event, field) != value]
    record_sources_state(events)
    for event in events:
        setattr(event, field, value)
        event._change_reason = reason
        event.save(update_fields=[field, "updated_at"])
    return len(events)


READ_FROM_SOURCES = "as read from the sources"


def record_sources_state(events):
    """Before a curator changes events: each event as the sources left it, as an entry of its
    history, wherever its history does not end in that state already.

    Ingesting creates and re-reads events without history (history is for curators' changes),
    so an event read in bulk has none, and re-reading may have moved its date since the last
    curator's entry. Without this entry, the curator's first entry would have nothing to be
    compared with, and a later one would show the re-reading's changes as the curator's."""
    history = Event.history.model
    compared = [field.attname for field in history.tracked_fields if field.editable]
    stored = Event.objects.filter(pk__in=[event.pk for event in events])
    latest = {}
    for entry in history.objects.filter(id__in=stored.values("pk")).order_by("id", "-history_date", "-history_id"):
        latest.setdefault(entry.id, entry)
    first, again = [], []
    for event in stored:
        event._history_user = None  # not the curator about to change it
        event._history_date = event.updated_at
        entry = latest.get(event.pk)
        if entry is None:
            first.append(event)
        elif any(getattr(entry, name) != getattr(event, name) for name in compared) or links_of(entry) != links_of(event):
            # (a re-read source or an actor merge may have changed its actors or topics only)
            # after that entry, even where a bulk update left updated_at as it was
            event._history_date = max(event.updated_at, entry.history_date)
            again.append(event)
    Event.history.bulk_history_create(first, default_change_reason=READ_FROM_SOURCES)
    Event.history.bulk_history_create(again, update=True, default_change_reason=READ_FROM_SOURCES)


@transaction.atomic
def delete_events(events, user=None):
    """Delete events, leaving a tombstone of each so that re-ingesting does not bring them back."""
    for event in events:
        DeletedEvent.remember(event, user)
        event.delete()


@transaction.atomic
def merge_events(survivor, others):
    """One event from several: evidence, actors and topics combined; the others redirect.
    Each event's history gains one entry that says so."""
    earlier = list(Event.objects.filter(merged_into__in=others))  # merged into one of the others before
    record_sources_state([survivor, *others, *earlier])
    for other in others:
        held = set(survivor.evidence.values_list("document_id", "trigger_start"))
        quoted = set(survivor.evidence.values_list("document_id", "sentence_key"))
        for item in Evidence.objects.filter(event=other):
            if (item.document_id, item.trigger_start) in held or (item.document_id, item.sentence_key) in quoted:
                item.delete()  # the survivor already has this very passage, or quotes its sentence
            else:
                item.event = survivor
                item.save(update_fields=["event"])
        known = set(survivor.actors.values_list("id", flat=True))
        for link in EventActor.objects.filter(event=other).exclude(actor_id__in=known):
            EventActor.objects.create(event=survivor, actor=link.actor, role=link.role)
        survivor.topics.add(*other.topics.all())
        if survivor.place_id is None and other.place_id:
            survivor.place_id = other.place_id
        other.merged_into = survivor
        other._change_reason = f"merged into #{survivor.pk} ({survivor.public_id})"
        other.save(update_fields=["merged_into", "updated_at"])
    for event in earlier:  # earlier merges follow
        event._change_reason = change_reason(f"follows #{event.merged_into_id} into #{survivor.pk} ({survivor.public_id})")
        event.merged_into = survivor
        event.save(update_fields=["merged_into", "updated_at"])
    survivor.save_without_historical_record()
    survivor.refresh_from_evidence()
    record(survivor, change_reason("merged with " + ", ".join(f"#{other.pk} ({other.public_id})" for other in others)))
    return survivor


def change_reason(text):
    """A history entry's reason, cut to what its column holds."""
    limit = Event.history.model._meta.get_field("history_change_reason").max_length
    return text if len(text) <= limit else text[:limit - 1] + "…"


def record(event, reason, *, created=False):
    """The history entry of an event as it is now, saved already: ``refresh_from_evidence``
    saves without one, and an entry written before it would miss the date it chose."""
    Event.history.bulk_history_create([event], update=not created, default_change_reason=reason)


def same_occasion_suggestions(event, limit=SUGGESTIONS):
    """Other stored events the "same occasion" rule (``nlp.events.occasion``) says are this one,
    or of which one is a part of the other: ``[(other, decision)]``, the same ones first. The
    candidates share an actor with the event, are of a kind it could be, and overlap its
    dates (or one of the two has none)."""
    from django.db.models import Q

    from nlp.events.occasion import PART, SAME, same_occasion

    mention = event.as_mention()
    others = (Event.objects.filter(merged_into__isnull=True, actors__in=event.actors.all())
              .exclude(pk=event.pk).distinct().select_related("place").prefetch_related("actors"))
    if event.date_start is not None:
        others = others.filter(Q(date_start__isnull=True) | Q(date_start__lte=event.date_end,
                                                               date_end__gte=event.date_start))
    found = []
    for other in others.order_by("date_start", "id")[:SUGGESTION_CANDIDATES]:
        undated = event if event.date_start is None else other
        published = undated.evidence.order_by("document__publication_date").values_list(
            "document__publication_date", flat=True).first()
        decision = same_occasion(other.as_mention(), mention, same_document=False, published=published)
        if decision.verdict in {SAME, PART}:
            found.append((other, decision))
    found.sort(key=lambda pair: pair[1].verdict != SAME)
    return found[:limit]


def merge_verdicts(events):
    """For a merge the curator is about to make: what the "same occasion" rule says of each
    event against the first (the proposed survivor), ``[(event, decision)]``."""
    from nlp.events.occasion import same_occasion

    first = events[0].as_mention()
    return [(event, same_occasion(first, event.as_mention(), same_document=False)) for event in events[1:]]


def merge_candidates(events):
    """The survivor first (the event with most evidence, then the oldest), then the rest."""
    from django.db.models import Count

    return list(events.filter(merged_into__isnull=True).annotate(n=Count("evidence", distinct=True)).order_by("-n", "created_at", "id"))


class SplitRefused(ValueError):
    pass


@transaction.atomic
def split_evidence(evidence):
    """A new event from some of an event's evidence (a curator found two events in one)."""
    events = set(evidence.values_list("event_id", flat=True))
    if len(events) != 1:
        raise SplitRefused("Select evidence of one event only.")
    source = Event.objects.get(pk=events.pop())
    if evidence.count() >= source.evidence.count():
        raise SplitRefused("Leave at least one piece of evidence with the original event.")
    record_sources_state([source])
    # its sources are the curator's choice: re-ingesting their documents leaves them with it
    new = Event(event_type=source.event_type, status=source.status, title=source.title,
                place=source.place, cameo=source.cameo, plover=source.plover, curated_fields=["evidence"])
    new.save_without_historical_record()
    evidence.update(event=new)
    for link in EventActor.objects.filter(event=source):
        EventActor.objects.create(event=new, actor=link.actor, role=link.role)
    new.topics.set(source.topics.all())
    new.refresh_from_evidence()
    source.refresh_from_evidence()
    record(new, f"split from #{source.pk} ({source.public_id})", created=True)
    record(source, f"split into #{new.pk} ({new.public_id})")
    return new


@transaction.atomic
def use_reading(event, evidence):
    """Resolve a conflict: the event's date follows one source's reading, as set by a curator."""
    record_sources_state([event])
    event.copy_reading(evidence)
    on = timezone.localdate()
    event.date_explanation = (f"Chosen by a curator on {on.day} {on:%B %Y} from {evidence.document}: "
                              f"{evidence.date_explanation}")
    event.curated_fields = sorted(set(event.curated_fields) | {"date"})
    event.has_conflict = False
    event._change_reason = change_reason(f"date chosen from “{evidence.date_text}” in {evidence.document}")
    event.save()
    return event


@transaction.atomic
def merge_actors(actors):
    """One actor from several: the survivor (registry actors before discovered ones, then the
    one in most events) takes the others' events, and their names become its aliases."""
    from django.db.models import Count

    ranked = sorted(actors.annotate(m=Count("events")), key=lambda a: (a.discovered, -a.m, a.id))
    survivor, others = ranked[0], ranked[1:]
    for other in others:
        for link in EventActor.objects.filter(actor=other):
            if not EventActor.objects.filter(event=link.event, actor=survivor).exists():
                EventActor.objects.create(event=link.event, actor=survivor, role=link.role)
        for name in [other.name, *other.aliases.values_list("name", flat=True)]:
            if name != survivor.name:
                ActorAlias.objects.get_or_create(actor=survivor, name=name)
        other.delete()
    return survivor, others


def reread_documents(documents):
    """Run extraction again on documents, each stored in a transaction of its own; the number
    of events read."""
    session = IngestSession()
    return sum(len(reread_document(document, session=session).events) for document in documents)


# A step of a batch re-read in the admin reads documents for about this long (one at least),
# then shows where the batch stands; the page asks for the next step.
READ_STEP_SECONDS = 2.0


def reread_some(ids, *, seconds=None, session=None):
    """Read the documents ``ids`` again, in order, each stored in a transaction of its own,
    until ``seconds`` (``READ_STEP_SECONDS``) have passed (one document at least): ``[(id, report)]`` for those done,
    a report being ``{"title", "events"}`` or ``{"title", "failed": why}``."""
    seconds = READ_STEP_SECONDS if seconds is None else seconds
    session = session or IngestSession()
    began, done = time.monotonic(), []
    for pk in ids:
        if done and time.monotonic() - began >= seconds:
            break
        document = Document.objects.filter(pk=pk).first()
        if document is None:
            done.append((pk, {"title": f"document {pk}", "failed": "it is no longer stored"}))
            continue
        try:
            report = {"title": str(document), "events": len(reread_document(document, session=session).events)}
        except OverBudget as error:
            report = {"title": str(document), "failed": str(error)}
        except UNAVAILABLE as error:
            report = {"title": str(document), "failed": f"the database did not answer ({type(error).__name__}): "
                                                        "its reading is as it was; try it again"}
        except Exception as error:  # one document's failure is reported; the batch goes on
            report = {"title": str(document), "failed": f"{type(error).__name__}: {error}"}
        done.append((pk, report))
    return done


def correct_publication_date(document, changed_fields):
    """After a curator changed a document's publication date: it is theirs from now on, and
    every relative date read from the document is resolved again."""
    if {"publication_date", "publication_date_certainty"} & set(changed_fields):
        document.publication_date_set_by_curator = True
        document.date_found_in = "a curator"
        return True
    return False
