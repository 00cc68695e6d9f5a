"""Following feeds: each poll asks a feed for what changed since the last answer (ETag,
Last-Modified) and stores its entries not seen before, or changed since, as documents, through
the same ingestion as files (``store``: in this process, or a task on the queue).

A feed that cannot be fetched keeps its error for the admin to show and the others go on; an
entry that fails is tried again at the next poll.
"""

import functools
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from timeline.ingestion import web
from timeline.ingestion.fetch import FetchError
from timeline.ingestion.processes import time_budget
from timeline.ingestion.writer import IngestSession, ingest_text, read
from timeline.models import Feed, FeedState

# entries remembered per feed: far more than any feed lists at once
SEEN_KEPT = 2000


@dataclass
class Polled:
    feed: Feed
    not_modified: bool = False
    stored: int = 0  # documents new or updated
    unchanged: int = 0  # read again, and the same
    seen_before: int = 0  # entries stored at an earlier poll, not fetched again
    failures: list = field(default_factory=list)  # one line each
    notes: list = field(default_factory=list)


def store_here(source, *, session):
    """Understand and store one fetched source in this process: the outcome ("new", ...)."""
    options = source.ingest_options()
    with time_budget(settings.INGEST_SECONDS_PER_DOCUMENT):
        doc = read(source.text, published=options["published"],
                   approximate=options["published_certainty"] == "approximate", registry=session.registry)
    return ingest_text(source.text, **options, session=session, doc=doc).outcome


def store_on_queue(source):
    """Enqueue one fetched source for the Celery workers: "queued"."""
    from timeline.ingestion.queue import article_message, ingest_document

    ingest_document.delay(article_message(source, source.metadata))
    return "queued"


def poll_feed(feed, client, *, store):
    """Poll one feed: ``Polled`` (what was stored, what failed). The feed row is saved."""
    polled = Polled(feed)
    feed.last_polled_at = timezone.now()
    try:
        answer = client.feed(feed.url, etag=feed.etag or None, last_modified=feed.last_modified or None)
    except FetchError as error:
        feed.last_error = error.reason
        polled.failures.append(str(error))
        feed.save(update_fields=["last_polled_at", "last_error"])
        return polled
    if answer.not_modified:
        polled.not_modified = True
        feed.last_error = ""
        feed.save(update_fields=["last_polled_at", "last_error"])
        return polled
    seen = dict(feed.seen or {})
    errors = []
    skipped = []
    for label, source in web.feed_sources(client, feed.url, seen=seen, answer=answer, notes=polled.notes,
                                          outlet=feed.outlet, skipped=skipped):
        if isinstance(source, Exception):
            polled.failures.append(str(source))
            errors.append(str(source))
            continue
        try:
            outcome = store(source)
        except Exception as error:  # one entry that cannot be stored must not stop the others
            polled.failures.append(f"{label}: {type(error).__name__}: {error}")
            continue
        key, stamp = source.feed_entry
        seen.pop(key, None)
        seen[key] = stamp
        if outcome == "unchanged":
            polled.unchanged += 1
        else:
            polled.stored += 1
    polled.seen_before = len(skipped)
    feed.seen = dict(list(seen.items())[-SEEN_KEPT:])
    feed.etag = answer.headers.get("etag", "")[:500]
    feed.last_modified = answer.headers.get("last-modified", "")[:100]
    feed.last_error = "\n".join(errors[:20])
    feed.documents_stored += polled.stored
    if polled.stored:
        feed.last_changed_at = feed.last_polled_at
    feed.save()
    return polled


def poll_feeds(*, queue=False, feeds=None, client=None):
    """Poll every followed feed (or ``feeds``); yields a ``Polled`` each."""
    feeds = Feed.objects.filter(state=FeedState.ACTIVE) if feeds is None else feeds
    store = store_on_queue if queue else functools.partial(store_here, session=IngestSession())
    own = client is None
    client = client or web.fetcher()
    try:
        for feed in feeds:
            yield poll_feed(feed, client, store=store)
    finally:
        if own:
            client.close()
