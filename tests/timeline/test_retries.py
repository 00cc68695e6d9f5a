"""Issue 26, items 6 and 7: failed work is tried again, and workers forget. The database cut off
for a few seconds in the middle of an ingest (a real PostgreSQL, reached through a relay that
the test cuts and restores) fails no document, on the queue or locally: each is tried again
with backoff and stored once the database answers. A worker that lives on while a curator
merges actors stores the next document naming the merged-away actor."""

import os
import subprocess
import sys
import time
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.conftest import PROJECT_DIR
from tests.outage import Relay
from tests.timeline.test_hardening_processes import environment, wait_for
from tests.timeline.test_queue import needs_queue, start_worker, stop
from timeline.curation import services as curation
from timeline.ingestion.corpus import write_corpus
from timeline.models import Actor, Document, Event

needs_postgres = pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                                    reason="cuts a PostgreSQL connection: runs in the PostgreSQL half of make test")
DOCUMENTS = 30


@pytest.fixture
def relayed():
    """(relay, the test database's URL through it)."""
    url = urlsplit(environment()["DATABASE_URL"])
    relay = Relay(url.hostname, url.port)
    netloc = url.netloc.rsplit("@", 1)
    through = urlunsplit(url._replace(netloc=(netloc[0] + "@" if len(netloc) == 2 else "") + f"127.0.0.1:{relay.port}"))
    yield relay, through
    relay.close()


def through_an_outage(command, relay, seconds=4):
    """Let ``command`` store 4 documents, cut the database off for ``seconds``, restore it and
    wait for the command's end: (stdout, stderr)."""
    try:
        wait_for(lambda: Document.objects.count() >= 4, 180, "4 documents stored")
        relay.cut()
        time.sleep(seconds)
        relay.restore()
        return command.communicate(timeout=400)
    finally:
        if command.poll() is None:
            command.kill()


@needs_queue
@pytest.mark.django_db(transaction=True)
def test_the_queue_tries_again_what_failed_while_the_database_was_away(tmp_path, relayed):
    relay, through = relayed
    folder = write_corpus(tmp_path / "corpus", DOCUMENTS, seed=11)
    queue = f"test-{uuid.uuid4().hex[:8]}"
    worker_env = {**environment(through), "CELERY_QUEUE": queue, "DATABASE_CONNECT_TIMEOUT": "2"}
    worker = start_worker("patient", {**worker_env})
    command = subprocess.Popen([sys.executable, "manage.py", "ingest", str(folder), "--queue"], cwd=PROJECT_DIR,
                               env={**environment(), "CELERY_QUEUE": queue}, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        out, err = through_an_outage(command, relay)
    finally:
        stop(worker)
    assert command.returncode == 0, err
    assert f"documents: {DOCUMENTS} new, 0 unchanged, 0 updated, 0 failed;" in out, out + err
    assert Document.objects.count() == DOCUMENTS
    assert not Document.objects.filter(evidence__isnull=True).exists()


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_local_ingest_waits_for_the_database_and_stores_every_document(tmp_path, relayed):
    relay, through = relayed
    folder = write_corpus(tmp_path / "corpus", DOCUMENTS, seed=12)
    command = subprocess.Popen([sys.executable, "manage.py", "ingest", str(folder), "--workers", "1"],
                               cwd=PROJECT_DIR, env={**environment(through), "DATABASE_CONNECT_TIMEOUT": "2"},
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = through_an_outage(command, relay)
    assert command.returncode == 0, err
    assert f"documents: {DOCUMENTS} new, 0 unchanged, 0 updated, 0 failed;" in out, out + err
    assert "the database is not answering" in err and "is tried again in" in err
    assert Document.objects.count() == DOCUMENTS


@needs_queue
@pytest.mark.django_db(transaction=True)
def test_a_worker_stores_a_document_naming_an_actor_merged_away_since_its_last(tmp_path):
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {**environment(), "CELERY_QUEUE": queue}
    worker = start_worker("long-lived", env)

    def ingest(name, text):
        path = tmp_path / name
        path.write_text(text)
        return subprocess.run([sys.executable, "manage.py", "ingest", str(path), "--queue", "--published", "2024-02-20"],
                              cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=300)

    try:
        first = ingest("one.txt", "Turkish Ambassador Selim Kaya met Azerbaijani President Ilham Aliyev in Baku on Monday.\n")
        assert first.returncode == 0, first.stderr
        kaya = Actor.objects.get(name="Selim Kaya")
        # a curator merges the discovered actor into a registry one: its row is deleted
        curation.merge_actors(Actor.objects.filter(name__in=["Selim Kaya", "Ilham Aliyev"]))
        assert not Actor.objects.filter(pk=kaya.pk).exists()
        second = ingest("two.txt", "Ambassador Selim Kaya held talks with Georgian Prime Minister Irakli Kobakhidze "
                                   "in Tbilisi on Tuesday.\n")
    finally:
        stop(worker)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "1 new" in second.stdout and "0 failed" in second.stdout
    assert Event.objects.filter(place__name="Tbilisi").exists()
