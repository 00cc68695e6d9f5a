"""Ingestion through a real task queue: Celery workers on a real Redis, storing into a real
PostgreSQL (the second half of ``make test`` starts both, throwaway, on loopback). One worker is
killed in the middle of the run: every document must still be stored once, with its events,
and no event twice."""

import os
import signal
import subprocess
import sys
import tempfile
import uuid

import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.core.management import CommandError, call_command
from django.test import override_settings

from tests.conftest import PROJECT_DIR
from tests.timeline.test_hardening_processes import environment, sqlite_database, wait_for
from timeline.ingestion.corpus import write_corpus
from timeline.models import Document, Event, Evidence

needs_queue = pytest.mark.skipif(
    not (os.environ.get("REDIS_URL") and os.environ.get("DATABASE_URL", "").startswith("postgres")),
    reason="a real Redis and PostgreSQL: runs in the PostgreSQL half of make test, which starts Redis too",
)
needs_redis = pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (make test's PostgreSQL half)")

DOCUMENTS = 40


def start_worker(name, env):
    """``celery -A config worker`` in a process group of its own (so it can be killed whole).
    Its log goes to a file: a pipe nobody reads fills up (64 KiB) and blocks the worker in its
    next write, which on a slow, loaded machine (redelivered tasks log warnings) stalled a run."""
    log = tempfile.TemporaryFile(mode="w+")
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "-n", f"{name}@%h",
         "--without-gossip", "--without-mingle", "-l", "warning"],
        cwd=PROJECT_DIR, env=env, stdout=subprocess.DEVNULL, stderr=log, text=True, start_new_session=True,
    )
    worker.log = log
    return worker


def stop(worker):
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(10)
    worker.log.close()


COUNTS = ("from timeline.models import Document, Event, Evidence; "
          "print(Document.objects.count(), Event.objects.count(), Evidence.objects.count(), "
          "sorted(Event.objects.values_list('event_type', 'date_start', 'title')) == sorted(Event.objects.values_list("
          "'event_type', 'date_start', 'title').distinct()))")


def counts_here():
    return f"{Document.objects.count()} {Event.objects.count()} {Evidence.objects.count()}"


def reference_ingest(folder, tmp_path):
    """The same files ingested the local way, in a SQLite database of its own: its summary line,
    and its numbers of documents, events and evidence rows."""
    url = sqlite_database(tmp_path)
    local = subprocess.run([sys.executable, "manage.py", "ingest", str(folder), "--workers", "1"], cwd=PROJECT_DIR,
                           env=environment(url), capture_output=True, text=True, timeout=300)
    assert local.returncode == 0, local.stderr
    counted = subprocess.run([sys.executable, "manage.py", "shell", "-c", COUNTS], cwd=PROJECT_DIR,
                             env=environment(url), capture_output=True, text=True, timeout=120)
    return local.stdout.strip().splitlines()[-1], counted.stdout.strip().splitlines()[-1].rsplit(" ", 1)[0]


@needs_queue
@pytest.mark.django_db(transaction=True)
def test_two_workers_one_killed_mid_run_store_every_document_once(tmp_path):
    folder = tmp_path / "corpus"
    write_corpus(folder, DOCUMENTS, seed=3)
    queue = f"test-{uuid.uuid4().hex[:8]}"  # this test's own queue on the run's Redis
    env = {**environment(), "CELERY_QUEUE": queue, "CELERY_VISIBILITY_TIMEOUT": "5", "CELERY_RESTORE_SWEEP_SECONDS": "1"}
    workers = [start_worker("first", env), start_worker("second", env)]
    command = subprocess.Popen([sys.executable, "manage.py", "ingest", str(folder), "--queue"], cwd=PROJECT_DIR,
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: Document.objects.count() >= 8, 120, "the workers stored 8 documents")
        os.killpg(workers[0].pid, signal.SIGKILL)  # a worker machine gone, mid-document
        workers[0].wait(10)
        out, err = command.communicate(timeout=300)
    finally:
        if command.poll() is None:
            command.kill()
        for worker in workers:
            stop(worker)
    assert command.returncode == 0, err
    summary = next(line for line in out.splitlines() if line.startswith("documents:"))
    # a document the killed worker had stored before it could say so comes back "unchanged"
    # when its task runs again: every document is new or unchanged, none failed
    new, unchanged = (int(summary.split(f" {word}")[0].rsplit(" ", 1)[-1]) for word in ("new,", "unchanged,"))
    assert new + unchanged == DOCUMENTS and ", 0 updated, 0 failed;" in summary, summary

    # every document once, each with the events it reports
    assert Document.objects.count() == DOCUMENTS
    assert Document.objects.values("origin").distinct().count() == DOCUMENTS
    assert not Document.objects.filter(evidence__isnull=True).exists()
    # no event twice: what the queue stored is what a local ingest of the same files stores,
    # the same events (merged the same way) with the same evidence
    local_summary, local_counts = reference_ingest(folder, tmp_path)
    assert local_summary.startswith(f"documents: {DOCUMENTS} new,")
    assert counts_here() == local_counts

    # and the same files again through the queue: nothing new (tasks are idempotent)
    workers = [start_worker("third", env)]
    try:
        again = subprocess.run([sys.executable, "manage.py", "ingest", str(folder), "--queue"], cwd=PROJECT_DIR,
                               env=env, capture_output=True, text=True, timeout=300)
    finally:
        stop(workers[0])
    assert again.stdout.strip().splitlines()[-1].startswith(f"documents: 0 new, {DOCUMENTS} unchanged")


@needs_queue
@pytest.mark.django_db(transaction=True)
def test_a_broken_document_on_the_queue_is_reported_and_the_others_stored(tmp_path):
    folder = tmp_path / "corpus"
    write_corpus(folder, 3, seed=5)
    (folder / "broken.txt").write_bytes(b"Talks in Bras\xedlia ended on Tuesday.")  # Latin-1, not UTF-8
    env = {**environment(), "CELERY_QUEUE": f"test-{uuid.uuid4().hex[:8]}"}
    worker = start_worker("only", env)
    try:
        result = subprocess.run([sys.executable, "manage.py", "ingest", str(folder), "--queue"], cwd=PROJECT_DIR,
                                env=env, capture_output=True, text=True, timeout=300)
    finally:
        stop(worker)
    assert result.returncode == 1
    assert "broken.txt" in result.stderr and "not UTF-8" in result.stderr
    assert "documents: 3 new, 0 unchanged, 0 updated, 1 failed;" in result.stdout
    assert Document.objects.count() == 3


@pytest.mark.django_db
def test_the_queue_needs_a_broker(tmp_path, seeds_dir):
    with override_settings(CELERY_BROKER_URL=""), pytest.raises(CommandError, match="--queue needs a broker"):
        call_command("ingest", str(seeds_dir), "--queue")
    assert not Document.objects.exists()


@needs_redis
def test_with_redis_the_cache_is_shared_between_processes():
    assert isinstance(caches["default"], RedisCache)
    key = f"shared-{uuid.uuid4().hex}"
    cache.set(key, "set by the test process", 60)
    other = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", f"from django.core.cache import cache; print(cache.get({key!r}))"],
        cwd=PROJECT_DIR, env={**os.environ}, capture_output=True, text=True, timeout=60)
    assert other.stdout.strip().splitlines()[-1] == "set by the test process", other.stderr
