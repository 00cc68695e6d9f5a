import functools
import itertools
import multiprocessing
import os
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import ConnectionError as RedisConnectionError

from nlp.entities.actors import Registry
from timeline.models.availability import UNAVAILABLE, database_answers, patiently
from timeline.ingestion.writer import IngestSession, ingest_text, read, stored_by_an_earlier_try
from timeline.models import Document, content_hash
from timeline.ingestion.processes import OverBudget, die_with_parent, time_budget
from timeline.ingestion import web
from timeline.ingestion.sources import (
    SourceError, SourceMetadata, find_articles, parse_date, read_article, read_manifest,
)

# A broker or result store that does not answer (Redis restarting) is waited for.
BROKER_DOWN = (OSError, KombuOperationalError, RedisConnectionError)
# Below this many files the worker processes cost more to start than they save.
PARALLEL_FROM = 40


class Command(BaseCommand):
    help = (
        "Ingest news articles: .txt/.md files and saved web pages (.html/.htm), folders searched "
        "recursively; web pages by address (--url); the entries of RSS/Atom feeds (--feed). Publication "
        "dates come from front matter, a manifest.csv beside the files, the page's own metadata, the "
        "feed entry, or --published."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="files or folders")
        parser.add_argument("--url", nargs="+", dest="urls", default=[], metavar="URL",
                            help="web pages to fetch and read")
        parser.add_argument("--feed", action="append", dest="feeds", default=[], metavar="URL|FILE",
                            help="an RSS or Atom feed (address or file): each entry's page is fetched and read "
                                 "(repeat for several feeds)")
        parser.add_argument("--published", help="publication date (YYYY-MM-DD) for files that give none")
        parser.add_argument(
            "--workers", type=int, default=os.cpu_count() or 1,
            help="processes reading and understanding texts while this one writes to the database "
                 "(default: the number of CPUs; 1 reads in this process)",
        )
        parser.add_argument(
            "--queue", action="store_true",
            help="enqueue one task per document for Celery workers (celery -A config worker) and wait "
                 "for their results; needs a broker (REDIS_URL or CELERY_BROKER_URL)",
        )
        parser.add_argument(
            "--seconds-per-document", type=float, default=None,
            help="a document whose understanding takes longer is reported and skipped "
                 "(default: INGEST_SECONDS_PER_DOCUMENT, 120; 0 for no limit)",
        )

    def handle(self, *args, paths, published=None, workers=1, seconds_per_document=None, queue=False,
               urls=(), feeds=(), **options):
        self.verbosity = options.get("verbosity", 1)
        if not (paths or urls or feeds):
            raise CommandError("name files or folders, --url addresses or --feed feeds to ingest")
        budget = settings.INGEST_SECONDS_PER_DOCUMENT if seconds_per_document is None else seconds_per_document
        if queue and not settings.CELERY_BROKER_URL:
            raise CommandError("--queue needs a broker: set REDIS_URL (or CELERY_BROKER_URL), "
                               "e.g. REDIS_URL=redis://127.0.0.1:6379/0, and start workers with "
                               "'celery -A config worker'")
        fallback = SourceMetadata()
        if published:
            try:
                fallback.published = parse_date(published, where="--published")
            except SourceError as error:
                raise CommandError(str(error)) from error
            fallback.published_certainty = "exact"
            fallback.origin_of_date = "--published"

        articles = list(find_articles(paths))
        _manifest.cache_clear()  # manifests are read afresh on every run
        counts = Counter()
        with web.fetcher() as client:
            notes = []
            pages = itertools.chain(web.page_sources(client, urls), *(
                web.feed_sources(client, feed, notes=notes) for feed in feeds))
            if queue:
                self._through_queue(articles, pages, fallback, counts)
            else:
                self._locally(articles, pages, fallback, counts, workers, budget)
            for note in notes:
                self.stderr.write(self.style.WARNING(f"note: {note}"))
        self._summary(counts)

    def _locally(self, articles, pages, fallback, counts, workers, budget):
        session = IngestSession()
        storing = []  # the writer's seconds per document stored
        show_progress = len(articles) > 20 and self.stdout.isatty()
        prepared_all = itertools.chain(self._prepared(articles, fallback, session, workers, budget),
                                       _prepared_pages(pages, fallback, session.registry, budget))
        for number, (path, prepared) in enumerate(prepared_all, start=1):
            try:
                if isinstance(prepared, Exception):
                    raise prepared
                source, metadata, doc = prepared
                first_try = timezone.now()
                storing_began = time.perf_counter()
                result = patiently(
                    functools.partial(ingest_text, source.text, **source.ingest_options(metadata),
                                      session=session, doc=doc),
                    errors=UNAVAILABLE, tries=settings.INGEST_TRIES, give_up=lambda error: database_answers(),
                    on_wait=functools.partial(self._waiting, path))
                result = stored_by_an_earlier_try(result, first_try)
                storing.append(time.perf_counter() - storing_began)
            except UNAVAILABLE as failure:
                counts["failed"] += 1
                reason = failure if database_answers() else f"the database did not answer in {settings.INGEST_TRIES} tries: {failure}"
                self.stderr.write(self.style.ERROR(f"skipped: {path}: {type(failure).__name__}: {reason}"))
                continue
            except (SourceError, OverBudget) as failure:
                counts["failed"] += 1
                self.stderr.write(self.style.ERROR(f"skipped: {failure}"))
                continue
            except Exception as failure:  # one broken document must not stop the rest
                counts["failed"] += 1
                self.stderr.write(self.style.ERROR(f"skipped: {path}: {type(failure).__name__}: {failure}"))
                continue
            counts[result.outcome] += 1
            counts["events_created"] += result.events_created
            counts["events_merged"] += result.events_merged
            counts["events_updated"] += result.events_updated
            counts["events_retired"] += result.events_retired
            self._notes(path, metadata, result.outcome)
            if show_progress and (number % 50 == 0 or number == len(articles)):
                self.stdout.write(f"  {number}/{len(articles)} files", ending="\r")
        if storing and self.verbosity > 1:
            self.stdout.write(f"per document, in the writer: storing {1000 * sum(storing) / len(storing):.1f} ms "
                              f"(mean of {len(storing)})")

    def _notes(self, path, metadata, outcome):
        """What the user should know of a stored document: no publication date, a language the
        event reader does not read."""
        if outcome == "unchanged":
            return
        if metadata.published is None:
            self.stderr.write(self.style.WARNING(f"note: {path} has no publication date; relative dates stay unresolved"))
        language = (metadata.language or "en").lower()
        if not language.startswith("en"):
            self.stderr.write(self.style.WARNING(
                f"note: {path} says it is in {language!r}; events are read in English only, so few or none come from it"))

    def _waiting(self, what, error, seconds):
        self.stderr.write(self.style.WARNING(
            f"note: the database is not answering ({type(error).__name__}: {str(error).strip()[:200]}); "
            f"{what} is tried again in {seconds:.0f} s"))

    def _summary(self, counts):
        retired = counts["events_retired"]
        self.stdout.write(
            "documents: {new} new, {unchanged} unchanged, {updated} updated, {failed} failed; "
            "events: {events_created} created, {events_merged} merged, {events_updated} updated".format(
                **{key: counts[key] for key in (
                    "new", "unchanged", "updated", "failed", "events_created", "events_merged", "events_updated"
                )}
            ) + (f", {retired} no longer told by any source (their permalinks say so)" if retired else "")
        )
        if counts["failed"]:
            sys.exit(1)

    def _through_queue(self, articles, pages, fallback, counts):
        """Read each file here, enqueue its text and metadata, then collect the workers' results
        in order (progress on a terminal; failures as they come)."""
        from timeline.ingestion.queue import article_message, ingest_document

        if not ingest_document.app.control.ping(timeout=1.0):
            self.stderr.write(self.style.WARNING(
                "note: no worker answered; the documents wait in the queue until one starts (celery -A config worker)"))
        pending = []
        for path, source in itertools.chain(((path, error or _read(path)) for path, error in articles), pages):
            if isinstance(source, SourceError):
                counts["failed"] += 1
                self.stderr.write(self.style.ERROR(f"skipped: {source}"))
                continue
            metadata = source.metadata.merged_over(fallback)
            message = article_message(source, metadata)
            pending.append((path, metadata, patiently(
                functools.partial(ingest_document.delay, message), errors=BROKER_DOWN, tries=settings.INGEST_TRIES,
                on_wait=functools.partial(self._waiting, f"queueing {path}"))))
        self.stdout.write(f"queued {len(pending)} documents")
        show_progress = self.stdout.isatty()
        timings = []
        for number, (path, metadata, task) in enumerate(pending, start=1):
            outcome = patiently(functools.partial(task.get, propagate=False), errors=BROKER_DOWN,
                                tries=settings.INGEST_TRIES, on_wait=functools.partial(self._waiting, f"the result of {path}"))
            if not isinstance(outcome, dict) or "failed" in outcome:
                counts["failed"] += 1
                reason = outcome["failed"] if isinstance(outcome, dict) else f"{path}: {outcome!r}"
                self.stderr.write(self.style.ERROR(f"skipped: {reason}"))
                continue
            counts[outcome["outcome"]] += 1
            for key in ("events_created", "events_merged", "events_updated", "events_retired"):
                counts[key] += outcome.get(key, 0)
            timings.append((outcome.get("seconds_understanding", 0), outcome.get("seconds_storing", 0)))
            self._notes(path, metadata, outcome["outcome"])
            if show_progress:
                self.stdout.write(f"  {number}/{len(pending)} stored", ending="\r")
            task.forget()
        if timings:
            # storing takes turns (one writer at a time), so 1 / storing time bounds the throughput
            # of any number of workers
            understanding = 1000 * sum(t[0] for t in timings) / len(timings)
            storing = 1000 * sum(t[1] for t in timings) / len(timings)
            self.stdout.write(f"per document, on the workers: understanding {understanding:.0f} ms, "
                              f"storing {storing:.0f} ms (mean of {len(timings)})")

    def _prepared(self, articles, fallback, session, workers, budget):
        """``(path, (source, metadata, doc) | error)`` for each article, in order. Texts are
        understood outside the database transaction that stores them, within the budget."""
        if workers <= 1 or len(articles) < PARALLEL_FROM:
            for path, error in articles:
                yield path, error or _prepare(path, fallback, session.registry, budget, known=_stored)
            return
        extra = [r for r in session.registry.records.values() if r.key not in Registry.default().records]
        context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
        if not connection.in_atomic_block:
            # a forked worker must not inherit the open connection (nor any transaction on it)
            connections.close_all()
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                                 initargs=(extra, os.getpid())) as pool:
            jobs = [(path, error) for path, error in articles]
            results = pool.map(_prepare_in_worker, [(path, fallback, budget) for path, error in jobs if not error],
                               chunksize=8)
            for path, error in jobs:
                yield path, error or next(results)


_worker_registry = None


def _start_worker(extra_records, parent_pid):
    global _worker_registry
    die_with_parent(parent_pid)
    _worker_registry = Registry.default().extended(extra_records) if extra_records else Registry.default()


@functools.cache
def _manifest(folder):
    try:
        return read_manifest(folder)
    except SourceError as error:
        return error


def _stored(text):
    """True when this very text is stored already: it need not be understood again (asked of
    a database that may not answer: then it is understood, and storing it waits)."""
    try:
        return Document.objects.filter(content_hash=content_hash(text)).exists()
    except UNAVAILABLE:
        return False


def _read(path):
    """The ``SourceText`` of an article file, or the SourceError saying why it cannot be read."""
    try:
        manifest = _manifest(path.parent)
        if isinstance(manifest, SourceError):
            raise manifest
        return read_article(path, manifest=manifest)
    except SourceError as error:
        return error


def _prepare(path, fallback, registry, budget, *, known=None):
    source = _read(path)
    if isinstance(source, SourceError):
        return source
    return _understood(source, path, fallback, registry, budget, known=known)


def _prepared_pages(pages, fallback, registry, budget):
    """``(label, (source, metadata, doc) | error)`` for fetched pages and feed entries, read here
    one by one as they are fetched."""
    for label, source in pages:
        if isinstance(source, Exception):
            yield label, source
        else:
            yield label, _understood(source, label, fallback, registry, budget, known=_stored)


def _understood(source, path, fallback, registry, budget, *, known=None):
    metadata = source.metadata.merged_over(fallback)
    doc = None
    if known is None or not known(source.text):
        try:
            with time_budget(budget):
                doc = read(source.text, published=metadata.published,
                           approximate=metadata.published_certainty == "approximate", registry=registry)
        except OverBudget as error:
            return OverBudget(f"{path}: {error}")
    return source, metadata, doc


def _prepare_in_worker(job):
    path, fallback, budget = job
    return _prepare(path, fallback, _worker_registry, budget)
