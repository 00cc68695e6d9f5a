"""Ingestion through the task queue with 1, 2 and 4 Celery worker processes: documents/s.

    bench/ingest_scale.sh [--docs 600] [--workers 1,2,4]

(the shell script runs this under a throwaway PostgreSQL 15 and a throwaway Redis). The same
generated corpus (timeline.corpus) is ingested once per worker count into a fresh database:
K solo worker processes (`celery -A config worker --pool solo`, each what one machine would
run) take the tasks of `manage.py ingest --queue`, which reads the files, enqueues them and
waits for every result; the time is from the command's start to its summary. The local path
(`manage.py ingest`, worker processes reading and this process writing) is timed in the same
run on the same files, as the baseline.
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))


def fresh_database(base_url, name):
    import psycopg

    with psycopg.connect(base_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    url = base_url.rsplit("/", 1)[0] + "/" + name
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=PROJECT, env=env, check=True,
                   capture_output=True)
    return env


def start_workers(count, env):
    workers = [subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "-n", f"bench{i}@%h",
         "--without-gossip", "--without-mingle", "-l", "error"],
        cwd=PROJECT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        for i in range(count)]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from config.celery import app

    deadline = time.monotonic() + 120
    while len(app.control.ping(timeout=0.5) or []) < count:
        if time.monotonic() > deadline:
            raise SystemExit(f"only {len(app.control.ping(timeout=1) or [])} of {count} workers answered")
    return workers


def stop(workers):
    for worker in workers:
        os.killpg(worker.pid, signal.SIGTERM)
    for worker in workers:
        worker.wait(60)


def timed(command, env):
    started = time.perf_counter()
    result = subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode:
        raise SystemExit(result.stderr)
    lines = result.stdout.strip().splitlines()
    summary = next(line for line in lines if line.startswith("documents:"))
    per_document = next((line for line in lines if line.startswith("per document")), "")
    return seconds, summary, per_document


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=600)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", default="1,2,4")
    args = parser.parse_args()
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres") or not os.environ.get("REDIS_URL"):
        raise SystemExit("run through bench/ingest_scale.sh (a throwaway PostgreSQL and Redis)")

    from timeline.ingestion.corpus import write_corpus

    corpus = write_corpus(Path(tempfile.mkdtemp(prefix="ingest-scale-")) / "corpus", args.docs, seed=args.seed)
    rows = []
    env = fresh_database(base, "scale_local")
    seconds, summary, _ = timed([sys.executable, "manage.py", "ingest", str(corpus)], env)
    rows.append((f"local (manage.py ingest, {os.cpu_count()} reading processes)", seconds, summary, ""))
    for count in [int(n) for n in args.workers.split(",")]:
        env = {**fresh_database(base, f"scale_{count}"), "CELERY_QUEUE": f"scale-{count}"}
        workers = start_workers(count, env)
        try:
            seconds, summary, per_document = timed([sys.executable, "manage.py", "ingest", str(corpus), "--queue"], env)
        finally:
            stop(workers)
        rows.append((f"queue, {count} worker process{'es' if count > 1 else ''}", seconds, summary, per_document))
    print(f"ingest of {args.docs} generated documents into PostgreSQL 15 ({os.cpu_count()} cores)")
    print(f"{'':48} {'seconds':>8} {'docs/s':>8} {'vs 1 worker':>12}")
    one = next((s for label, s, _, _ in rows if label.startswith("queue, 1 ")), None)
    for label, seconds, summary, per_document in rows:
        ratio = f"{one / seconds:11.2f}x" if one and label.startswith("queue") else ""
        print(f"{label:48} {seconds:8.1f} {args.docs / seconds:8.1f} {ratio:>12}  {per_document}")
    print(f"every run: {rows[-1][2]}")
    print(f"reproduce: bench/ingest_scale.sh --docs {args.docs} --workers {args.workers}")


if __name__ == "__main__":
    main()
