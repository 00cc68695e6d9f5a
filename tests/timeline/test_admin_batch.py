"""Issue 26, item 8: the admin's batch re-read runs a step at a time on a page that reports
each document (what it gave, or why it failed), a step being one document when the step's
time is 0, so the test does not depend on the machine's speed; a re-read holds the writer
lock only while it stores; the curation services change all of their events or none."""

import html
import os
import re

import psycopg
import pytest
from django.db import connection

from timeline.curation import services as curation

from timeline.ingestion import writer as ingest
from timeline.models import DeletedEvent, Document, Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_document_a_step(monkeypatch):
    monkeypatch.setattr(curation, "READ_STEP_SECONDS", 0)


def start_batch(client, documents):
    answer = client.post("/admin/timeline/document/", {"action": "rerun_extraction",
                                                       "_selected_action": [d.pk for d in documents]})
    assert answer.status_code == 302 and "/reread/" in answer.url
    return answer.url


def test_a_batch_re_read_goes_a_step_at_a_time_and_reports_every_document(client, curator, seeded,
                                                                           one_document_a_step):
    documents = list(Document.objects.order_by("pk"))
    events_before = Event.objects.count()
    page_url = start_batch(client, documents)
    first = client.get(page_url).content.decode()
    assert f"0 of {len(documents)} documents read again" in first
    assert re.search(r'<script nonce="[^"]+">document.getElementById\("reread-next"\)', first)
    assert f"0 of {len(documents)} documents read again" in client.get(page_url).content.decode()  # a GET reads nothing
    steps = 0
    while "Done:" not in (page := client.get(page_url).content.decode()):
        assert client.post(page_url).status_code == 302
        steps += 1
        if steps == 1:
            assert f"1 of {len(documents)} documents read again; {len(documents) - 1} to go" in \
                client.get(page_url).content.decode()
        assert steps <= len(documents)
    assert steps == len(documents)
    assert f"Done: {len(documents)} documents read again" in page and "failed" not in page
    for document in documents:
        assert html.escape(str(document)) in page
    assert len(re.findall(r"\d+ events? read</td>", page)) == len(documents)
    assert Event.objects.count() == events_before  # the same reading again changes nothing


def test_a_document_that_fails_is_reported_and_the_others_are_read(client, curator, seeded, one_document_a_step):
    documents = list(Document.objects.order_by("pk"))
    page_url = start_batch(client, documents)
    gone = documents[1]
    gone.delete()
    while "Done:" not in (page := client.get(page_url).content.decode()):
        client.post(page_url)
    assert "<strong>1 failed</strong>" in page and "it is no longer stored" in page
    assert page.count("read</td>") == len(documents) - 1


def test_another_sessions_batch_is_not_known(client, curator):
    answer = client.get("/admin/timeline/document/reread/not-a-batch/")
    assert answer.status_code == 302 and answer.url.endswith("/admin/timeline/document/")


@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                    reason="the writer lock is PostgreSQL's advisory lock (SQLite's write lock is its own)")
@pytest.mark.django_db(transaction=True)  # committed: a lock taken to store is released at the commit
def test_a_re_read_holds_the_writer_lock_only_while_it_stores(seeded, monkeypatch):
    """While the text is understood, another connection sees the lock free."""
    seen = []
    real_read = ingest.read
    settings = connection.settings_dict
    dsn = f"host={settings['HOST']} port={settings['PORT']} dbname={settings['NAME']} user={settings['USER']}"

    def watched(*args, **kwargs):
        with psycopg.connect(dsn, autocommit=True) as other:
            seen.append(other.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted").fetchone()[0])
        return real_read(*args, **kwargs)

    monkeypatch.setattr(ingest, "read", watched)
    document = Document.objects.order_by("pk").first()
    ingest.reread_document(document)
    assert seen == [0]


def test_the_curation_services_change_all_of_their_events_or_none(seeded, monkeypatch):
    events = list(Event.objects.order_by("pk")[:3])
    ids = [event.pk for event in events]
    remember = DeletedEvent.remember
    calls = []

    def failing_on_the_second(event, user=None):
        calls.append(event.pk)
        if len(calls) == 2:
            raise RuntimeError("the disk is full")
        return remember(event, user)

    monkeypatch.setattr(DeletedEvent, "remember", staticmethod(failing_on_the_second))
    with pytest.raises(RuntimeError):
        curation.delete_events(events)
    assert Event.objects.filter(pk__in=ids).count() == 3
    assert not DeletedEvent.objects.exists()
