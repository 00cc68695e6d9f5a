"""Ingest throughput: documents per second through ``manage.py ingest`` on a generated corpus.

    .venv/bin/python bench/ingest_speed.py [--docs 2000] [--seed 1]          # SQLite (a fresh temporary file)
    scripts/with-postgres.sh .venv/bin/python bench/ingest_speed.py          # PostgreSQL 15 (a throwaway server)
    bench/ingest_speed.sh                                                   # both, one after the other

The corpus (timeline.corpus, deterministic for a seed) is written to a temporary folder; the
database is created fresh, migrated, then the whole corpus is ingested in one process and
timed. A second pass over the same files measures the "unchanged" path.
"""

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="ingest-bench-"))
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        name = f"bench_ingest_{os.getpid()}"
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + name
        engine = "PostgreSQL"
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
        engine = "SQLite"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from timeline.ingestion.corpus import write_corpus
    from timeline.models import Event, Evidence

    corpus = write_corpus(workdir / "corpus", args.docs, seed=args.seed)
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    out = io.StringIO()
    call_command("ingest", str(corpus), stdout=out, verbosity=2, **({"workers": int(os.environ["INGEST_WORKERS"])} if os.environ.get("INGEST_WORKERS") else {}))
    first = time.perf_counter() - started
    started = time.perf_counter()
    call_command("ingest", str(corpus), stdout=io.StringIO())
    second = time.perf_counter() - started
    workers = os.environ.get("INGEST_WORKERS") or os.cpu_count()
    print(f"ingest on {engine} ({connection.vendor}), {args.docs} generated documents (seed {args.seed}), "
          f"{workers} worker processes + 1 writer on {os.cpu_count()} CPUs")
    said = out.getvalue().strip().splitlines()
    writer = next((line.split(": ", 1)[1] for line in said if line.startswith("per document, in the writer")), "?")
    print(f"  first pass:  {args.docs / first:8.1f} documents/s  ({first:.1f} s; {said[-1]})")
    print(f"  writer:      {writer} (the transaction that stores a document read by the workers)")
    print(f"  second pass: {args.docs / second:8.1f} documents/s  ({second:.1f} s; every document unchanged)")
    print(f"  stored: {Event.objects.count()} events, {Evidence.objects.count()} pieces of evidence")
    print("reproduce: .venv/bin/python bench/ingest_speed.py --docs", args.docs,
          "(prefix with scripts/with-postgres.sh for PostgreSQL)")
    connection.close()


if __name__ == "__main__":
    main()
