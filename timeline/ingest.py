"""One entry point for putting text into the timeline: ``ingest_text``.

Reading files is ``timeline.sources``; understanding text is the plain-Python language
modules. This module is the Django side: it stores a document and what was read from it,
in one transaction, so a failure leaves nothing half-written.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction

from .models import Document, PublicationDateCertainty, content_hash


@dataclass
class IngestResult:
    document: Document
    outcome: str  # "new" | "unchanged" | "updated"
    events_created: int = 0
    events_merged: int = 0
    events_updated: int = 0


def normalise_text(raw):
    """The text the document page shows: newlines unified, trailing blanks trimmed."""
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n") + "\n"


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
):
    """Store ``raw`` as a document (new, unchanged or updated) and return what happened.

    The same text again is the same document and changes nothing; a changed text under
    the same origin updates that document.
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
    document.raw_text = raw
    document.cleaned_text = normalise_text(raw)
    document.title = title or document.title
    document.outlet = outlet or document.outlet
    document.url = url or document.url
    if published is not None:
        document.publication_date = published
        document.publication_date_certainty = (
            PublicationDateCertainty.APPROXIMATE
            if published_certainty == "approximate"
            else PublicationDateCertainty.EXACT
        )
        document.publication_date_note = note
    document.full_clean(exclude=["content_hash"])
    document.save()
    return IngestResult(document, outcome)
