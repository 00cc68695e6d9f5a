"""One event as its permalink shows it, and the documents as their pages show them."""

from dataclasses import dataclass

from timeline.models import Document, Event


@dataclass
class Permalink:
    event: Event | None = None  # the event the address names (None: no such event)
    moved_to: str = ""  # the address it is at now (merged into another, or its title changed)
    withdrawn: bool = False  # hidden by a curator
    retired: object = None  # the RetiredEvent of an event its only report no longer tells


def permalink(public_id, slug=None):
    """What the address ``/events/<public_id>/<slug>/`` leads to: the event, a redirect (a
    merged event's permalink leads to the event it was merged into), or a withdrawal."""
    if not public_id.isascii() or not public_id.isalnum():
        return Permalink()
    event = Event.objects.filter(public_id=public_id).select_related("place", "merged_into").first()
    seen = set()
    while event is not None and event.merged_into_id and event.pk not in seen:
        seen.add(event.pk)
        event = Event.objects.filter(pk=event.merged_into_id).select_related("place", "merged_into").first()
        if event is not None and not event.merged_into_id and not event.is_hidden:
            return Permalink(event, moved_to=event.get_absolute_url())
    if event is None:
        from timeline.models import RetiredEvent

        retired = RetiredEvent.objects.filter(public_id=public_id).select_related("document").first()
        return Permalink(retired=retired) if retired else Permalink()
    if event.is_hidden:
        return Permalink(event, withdrawn=True)
    if slug != event.slug:
        return Permalink(event, moved_to=event.get_absolute_url())
    return Permalink(event)


def event_sources(event):
    """(evidence, the pieces that disagree with the event's date, related events): what a
    permalink lists under the event."""
    evidence = list(event.evidence.select_related("document").defer("document__raw_text", "document__cleaned_text")
                    .order_by("document__publication_date", "document_id", "sentence_start"))
    conflicts = event.conflicting_evidence(evidence)
    return evidence, conflicts, Event.objects.visible().nearest_related(event)


def documents():
    """Every document with its number of events, for the list of documents."""
    return Document.objects.only(
        "id", "origin", "title", "outlet", "publication_date", "publication_date_certainty"
    ).with_event_counts()


def document_evidence(document):
    """The evidence of a document's visible events, in text order."""
    return list(document.evidence.of_visible_events().select_related("event").order_by("trigger_start"))
