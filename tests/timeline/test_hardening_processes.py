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
from tests.readers import NEVER_ENDING
from timeline.ingestion.corpus import write_corpus
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
    """The document past its budget is one the reader never finishes (a test reader), so the
    verdict does not depend on how fast the machine reads real text; the budget (20 s) is far
    above what any of the others takes on a loaded machine."""
    url = sqlite_database(tmp_path) if connection.vendor == "sqlite" else None
    folder = write_corpus(tmp_path / "corpus", 41, seed=5)  # enough files for the worker processes
    (folder / "never-ending.txt").write_text(f"Talks were held in Moscow on Tuesday. {NEVER_ENDING}\n")
    run = subprocess.Popen([sys.executable, "manage.py", "ingest", str(folder), "--workers", "2", "--published",
                            "2021-04-07", "--seconds-per-document", "20"], cwd=PROJECT_DIR,
                           env={**environment(url), "EVENT_READER": "tests.readers:NeverEnding"},
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = run.communicate(timeout=400)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
    assert run.returncode == 1
    assert "never-ending.txt: understanding the text took longer than 20 s" in err
    assert "41 new" in out and "1 failed" in out, out + err  # the others went on, nothing of it was stored
    if url is None:
        assert not Document.objects.filter(origin__endswith="never-ending.txt").exists()
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
    """Texts are understood before their transaction begins: while one ingest is understanding
    a text (one the test reader never finishes), another process writes to the same database
    without "database is locked"."""
    url = sqlite_database(tmp_path) if connection.vendor == "sqlite" else None
    long_one = tmp_path / "long" / "never-ending.txt"
    long_one.parent.mkdir()
    long_one.write_text(f"Talks with Pakistan on trade were held in Moscow on Tuesday. {NEVER_ENDING}\n")
    short = tmp_path / "short" / "visit.txt"
    short.parent.mkdir()
    short.write_text("Russian Foreign Minister Sergey Lavrov visited Islamabad on Tuesday.\n")
    started = tmp_path / "reading"
    slow = subprocess.Popen([sys.executable, "manage.py", "ingest", str(long_one), "--workers", "1", "--published",
                             "2021-04-07", "--seconds-per-document", "0"], cwd=PROJECT_DIR,
                            env={**environment(url), "EVENT_READER": "tests.readers:NeverEnding",
                                 "NEVER_ENDING_STARTED": str(started)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        wait_for(started.exists, 120, "the slow ingest is understanding its text")
        quick = ingest(short, "--published", "2021-04-07", url=url)
        out, err = quick.communicate(timeout=120)
        assert quick.returncode == 0 and "locked" not in err, err
        assert "1 new" in out
        assert slow.poll() is None  # the other writer finished while the long text was still being read
    finally:
        if slow.poll() is None:
            os.killpg(slow.pid, signal.SIGKILL)
