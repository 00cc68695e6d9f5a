"""Ingestion as real processes: a crash, a document that would take forever, two ingests at
once. Each test reproduces a failure a review found, with real processes and, where the failure
was PostgreSQL's, a real PostgreSQL (the second half of ``make test``); each is bounded in time.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.conftest import PROJECT_DIR
from timeline.corpus import write_corpus
from timeline.models import Document, Event

needs_postgres = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="PostgreSQL's locks and sessions: runs in the PostgreSQL half of make test",
)


def database_url():
    """The PostgreSQL test database these processes share with the test (committed: transaction=True)."""
    settings = connection.settings_dict
    return f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"


def environment(url=None):
    values = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ENV", "DEBUG"}}
    values["DATABASE_URL"] = url or database_url()
    return values


def sqlite_database(folder):
    """A migrated SQLite file of its own (the test run's SQLite database lives in memory)."""
    url = f"sqlite:///{folder / 'db.sqlite3'}"
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=PROJECT_DIR, env=environment(url),
                   check=True, capture_output=True, timeout=120)
    return url


def ingest(*args, url=None, **popen):
    return subprocess.Popen([sys.executable, "manage.py", "ingest", *map(str, args)], cwd=PROJECT_DIR,
                            env=environment(url),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, **popen)


def children_of(pid):
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid):
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_for(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"after {seconds} s: {what}")


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_a_killed_ingest_leaves_no_worker_and_no_open_transaction_and_the_next_one_finishes(tmp_path):
    folder = write_corpus(tmp_path / "corpus", 300, seed=3)
    run = ingest(folder, "--workers", "2")
    try:
        wait_for(lambda: Document.objects.count() >= 40, 120, "the ingest stored 40 documents")
        workers = children_of(run.pid)
        assert len(workers) >= 2
        os.kill(run.pid, signal.SIGKILL)  # mid-run, very likely inside a document's transaction
        run.wait(10)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
    wait_for(lambda: not any(alive(pid) for pid in workers), 10, "the workers died with the command")

    def no_open_transaction():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                           "AND state LIKE 'idle in transaction%%' AND pid <> pg_backend_pid()")
            return cursor.fetchone()[0] == 0
    wait_for(no_open_transaction, 10, "no session of the killed ingest holds a transaction")

    again = ingest(folder, "--workers", "2")
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert Document.objects.count() == 300  # every file stored once
    assert Document.objects.filter(evidence__isnull=True).count() < 300  # with its events


@pytest.mark.django_db(transaction=True)
def test_a_document_past_its_time_budget_is_reported_and_skipped_and_the_rest_go_on(tmp_path):
    url = sqlite_database(tmp_path) if connection.vendor == "sqlite" else None
    folder = write_corpus(tmp_path / "corpus", 41, seed=5)  # enough files for the worker processes
    words = ("the minister said that talks with Pakistan on trade and visit of Putin to Moscow on Tuesday "
             "were held and officials met").split()
    sentence = " ".join(words[i % len(words)] for i in range(200_000))[:1_040_000] + ".\n"
    (folder / "run-on.txt").write_text(sentence)  # one sentence of 1,040,000 bytes
    run = ingest(folder, "--workers", "2", "--published", "2021-04-07", "--seconds-per-document", "3", url=url)
    try:
        out, err = run.communicate(timeout=240)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
    assert run.returncode == 1
    assert "run-on.txt: understanding the text took longer than 3 s" in err
    assert "41 new" in out and "1 failed" in out  # the others went on, nothing of it was stored
    if url is None:
        assert not Document.objects.filter(origin__endswith="run-on.txt").exists()
        assert Document.objects.count() == 41


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_ingests_at_once_both_finish_with_no_errors_and_no_twins(tmp_path):
    folder = write_corpus(tmp_path / "corpus", 60, seed=11)
    alone = ingest(folder, "--workers", "1")
    out, err = alone.communicate(timeout=300)
    assert alone.returncode == 0, err
    expected = sorted(Event.objects.values_list("event_type", "date_start", "title"))
    Event.objects.all().delete()
    Document.objects.all().delete()

    first, second = ingest(folder, "--workers", "1"), ingest(folder, "--workers", "1")
    results = [run.communicate(timeout=300) for run in (first, second)]
    for run, (out, err) in zip((first, second), results):
        assert run.returncode == 0, err
        assert "IntegrityError" not in err and "0 failed" in out
    assert Document.objects.count() == 60
    assert sorted(Event.objects.values_list("event_type", "date_start", "title")) == expected


@pytest.mark.django_db(transaction=True)
def test_a_long_document_does_not_lock_other_writers_out_while_it_is_understood(tmp_path):
    """Texts are understood before their transaction begins: while one ingest spends seconds
    on a long text, another process writes to the same database without "database is locked"."""
    url = sqlite_database(tmp_path) if connection.vendor == "sqlite" else None
    long_one = tmp_path / "long" / "run-on.txt"
    long_one.parent.mkdir()
    words = "talks with Pakistan on trade and a visit of Putin to Moscow on Tuesday were held and officials met".split()
    long_one.write_text(" ".join(words[i % len(words)] for i in range(60_000)) + ".\n")
    short = tmp_path / "short" / "visit.txt"
    short.parent.mkdir()
    short.write_text("Russian Foreign Minister Sergey Lavrov visited Islamabad on Tuesday.\n")
    slow = ingest(long_one, "--workers", "1", "--published", "2021-04-07", "--seconds-per-document", "60", url=url)
    try:
        time.sleep(4)  # the slow ingest is understanding its text now
        assert slow.poll() is None, "the long text was understood too fast to test this"
        quick = ingest(short, "--published", "2021-04-07", url=url)
        out, err = quick.communicate(timeout=60)
        assert quick.returncode == 0 and "locked" not in err, err
        assert "1 new" in out
        assert slow.poll() is None  # the other writer finished while the long text was still being read
    finally:
        if slow.poll() is None:
            os.killpg(slow.pid, signal.SIGKILL)
