"""Ingestion on a task queue: one task per document, any number of worker machines.

`manage.py ingest PATH --queue` reads the files where they are and enqueues each document's
text and metadata (not its path: a worker on another machine cannot read it); a worker
(`celery -A config worker`) understands the text with the Django-free `read()` and stores it in
one transaction, as `manage.py ingest` does locally. Tasks are acknowledged late and are
idempotent: a worker killed mid-document leaves the task to another, and a document stored
before its worker died is "unchanged" the second time. Stores on PostgreSQL take turns through
an advisory lock (`ingest._one_writer_at_a_time`), so two workers never create twins of one
event.

A database that does not answer (restarting, failing over) fails no document: the task is put
back on the queue to run again in 1, 2, 4 ... 60 seconds, up to ``INGEST_TRIES`` tries, and is
acknowledged only once stored (or once it failed for the document's own sake). A worker's
session (the registry, the rows it looked up) is made again when curators changed actors, and
forgets its rows whenever a store fails (``ingest.ingest_text``).
"""

import datetime
import time

from celery import shared_task
from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from timeline.models.availability import UNAVAILABLE, database_answers, retry_delay
from timeline.ingestion.writer import IngestSession, ingest_text, read, stored_by_an_earlier_try
from timeline.models import Actor
from timeline.ingestion.processes import OverBudget, time_budget

_session = None
_actors_version = None


def _worker_session():
    """The worker process's session: the registry (with curators' actors) is read once, and
    again after curators add, rename, merge or delete actors (one query a task tells)."""
    global _session, _actors_version
    version = Actor.history.aggregate(latest=Max("history_id"))["latest"]
    if _session is None or version != _actors_version:
        _session, _actors_version = IngestSession(), version
    return _session


def article_message(source, metadata):
    """What a task carries: the text and its metadata (``ingest_text``'s options), as JSON-able values."""
    options = source.ingest_options(metadata)
    return {"text": source.text, **options,
            "published": metadata.published.isoformat() if metadata.published else None}


@shared_task(bind=True, name="timeline.ingest_document", acks_late=True, reject_on_worker_lost=True,
             max_retries=None)
def ingest_document(self, article, first_try=None):
    """Understand and store one document; the result says what happened, or why it failed
    (the same words as `manage.py ingest` uses), so the enqueuing command can report it.

    ``first_try`` (set when the task is tried again) is when its first try started: a store
    that committed before the database went away (its answer lost on the way back) is "new"
    when the next try finds it, not "unchanged"."""
    origin = article["origin"]
    first_try = first_try or timezone.now().isoformat()
    published = datetime.date.fromisoformat(article["published"]) if article["published"] else None
    try:
        session = _worker_session()
        started = time.perf_counter()
        with time_budget(settings.INGEST_SECONDS_PER_DOCUMENT):
            doc = read(article["text"], published=published,
                       approximate=article["published_certainty"] == "approximate", registry=session.registry)
        understood = time.perf_counter()
        options = {key: value for key, value in article.items() if key not in ("text", "published")}
        result = ingest_text(article["text"], **options, published=published, session=session, doc=doc)
    except OverBudget as error:
        return {"origin": origin, "failed": f"{origin}: {error}"}
    except UNAVAILABLE as error:
        tries = self.request.retries + 1
        if database_answers():  # the database refused this document's work: trying again would not help
            return {"origin": origin, "failed": f"{origin}: {type(error).__name__}: {error}"}
        if tries >= settings.INGEST_TRIES:
            return {"origin": origin, "failed": f"{origin}: the database did not answer in {tries} tries: {error}"}
        raise self.retry(args=(article,), kwargs={"first_try": first_try}, exc=error,
                         countdown=retry_delay(self.request.retries)) from error
    except Exception as error:  # one broken document is reported, the others go on
        return {"origin": origin, "failed": f"{origin}: {type(error).__name__}: {error}"}
    result = stored_by_an_earlier_try(result, datetime.datetime.fromisoformat(first_try))
    return {
        "origin": origin, "outcome": result.outcome, "document": result.document.pk,
        "events_created": result.events_created, "events_merged": result.events_merged,
        "events_updated": result.events_updated, "events_retired": result.events_retired,
        "seconds_understanding": understood - started, "seconds_storing": time.perf_counter() - understood,
    }


@shared_task(name="timeline.poll_feeds")
def poll_followed_feeds():
    """The Celery beat schedule's poll of the followed feeds (``FEED_POLL_MINUTES``): their new
    entries are stored by this worker, as ``manage.py poll_feeds`` does."""
    from timeline.ingestion.following import poll_feeds

    return [{"feed": polled.feed.url, "stored": polled.stored, "failed": len(polled.failures)}
            for polled in poll_feeds()]
