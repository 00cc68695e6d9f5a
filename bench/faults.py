"""Faults and hostile load against gunicorn (production settings) on a throwaway PostgreSQL 15
and Redis: what an operator and an attacker would do, and what the site answers.

1. hammer: ``--clients`` anonymous clients (each its own address) loop on expensive pages
   (axis with lanes and searches, maps, negated searches, cache-busting parameters, exports of
   new filters) for
   ``--seconds``, while a probe asks for ``/healthz`` and permalinks; the probe's p50/p99 alone
   before, and under the hammering, in the same run;
2. Redis down: every kind of page once, counting the 5xx (target 0);
3. PostgreSQL down: the same pages, counting 500s (target 0: a 503 that asks to come back),
   then the pages again once it is back;
4. exports: ``--exports`` clients ask at once for full exports (JSON, CSV, iCalendar) of
   ``--export-events`` events, honouring Retry-After; each answer is checked whole (length,
   count, last line); then the same with PostgreSQL stopped for a few seconds during the
   writing: a truncated export is a 200 whose file fails the check (target 0);
5. the queue: ``manage.py ingest --queue`` of ``--documents`` documents with two Celery
   workers while PostgreSQL stops for ``--outage`` seconds: the tasks that failed are retried,
   and every document is stored once the database is back (target: all of them).

    bench/faults.sh                          # 20,000 events, 8 clients, 100,000 for exports
    bench/faults.sh --events 2000 --export-events 5000 --seconds 5 --documents 40   # quick

Exits with status 1 when a target is missed.
"""

import argparse
import csv
import http.client
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from _site import PROJECT, ProductionServer, fresh_database


def get(port, path, address="127.0.0.1", timeout=120):
    """(status, seconds, headers, body) of one GET; the client's address in X-Forwarded-For
    (loopback is a trusted proxy); status is text when no complete answer came."""
    began = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1", "X-Forwarded-For": address})
        response = connection.getresponse()
        body = response.read()
        return response.status, time.perf_counter() - began, dict(response.getheaders()), body
    except (OSError, http.client.HTTPException) as error:
        return f"no complete answer ({type(error).__name__})", time.perf_counter() - began, {}, b""
    finally:
        connection.close()


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


# -- postgres and redis, stopped and started -----------------------------------------------

def as_owner(command):
    return ["runuser", "-u", "postgres", "--", *command] if os.getuid() == 0 else command


def postgres(action):
    pg_ctl = os.path.join(os.environ["PGBIN"], "pg_ctl")
    command = [pg_ctl, "-D", os.environ["PG_DATA"], "-w", "-s", "-m", "fast", action]
    if action == "start":
        command = [pg_ctl, "-D", os.environ["PG_DATA"], "-l", os.environ["PG_LOG"], "-w", "-s", "-o",
                   os.environ["PG_OPTIONS"], "start"]
    subprocess.run(as_owner(command), check=True)


def redis(action):
    port, folder = os.environ["REDIS_PORT"], os.environ["REDIS_DIR"]
    if action == "stop":
        subprocess.run(["redis-cli", "-p", port, "shutdown", "nosave"], capture_output=True)
        return
    subprocess.run(["redis-server", "--port", port, "--bind", "127.0.0.1", "--dir", folder, "--save", "",
                    "--appendonly", "no", "--daemonize", "yes", "--pidfile", f"{folder}/redis.pid",
                    "--logfile", f"{folder}/redis.log"], check=True)
    for _ in range(50):
        if subprocess.run(["redis-cli", "-p", port, "ping"], capture_output=True).returncode == 0:
            return
        time.sleep(0.1)


# -- 1. hammering -------------------------------------------------------------------------

def expensive_paths(rng, words):
    word = rng.choice(words)
    year = rng.randint(1995, 2024)
    bust = f"&x{rng.randrange(10**9)}=1"
    return rng.choice([
        f"/axis/?q=-zq{rng.randrange(10**6)}&lanes=country",
        f"/axis/?q={word}&lanes=actor{bust}",
        f"/axis/?lanes=country&start={year}{bust}",
        f"/axis/?q={word}&lanes=country&start={year}-0{rng.randint(1, 9)}{bust}",
        f"/map/?q={word}{bust}",
        f"/map/?start={year}&end={year + rng.randint(0, 5)}{bust}",
        # an export of filters never asked before: a file to write each time
        f"/export.{rng.choice(['csv', 'json', 'ics'])}?start={year}&end={year + rng.randint(0, 9)}&q={word}",
    ])


def probe(port, permalinks, stop, results):
    rng = random.Random(7)
    while not stop.is_set():
        for kind, path in (("healthz", "/healthz"), ("permalink", rng.choice(permalinks))):
            status, seconds, _, _ = get(port, path, address="192.0.2.250")
            results.setdefault(kind, []).append((status, seconds))
        time.sleep(0.05)


def probe_for(port, permalinks, seconds, hammer=None):
    stop, results = threading.Event(), {}
    prober = threading.Thread(target=probe, args=(port, permalinks, stop, results))
    prober.start()
    hammered = hammer() if hammer else time.sleep(seconds)
    stop.set()
    prober.join()
    return results, hammered


def hammer(port, clients, seconds, words):
    deadline = time.monotonic() + seconds

    def loop(i):
        rng, answers = random.Random(i), []
        while time.monotonic() < deadline:
            status, took, _, _ = get(port, expensive_paths(rng, words), address=f"198.51.100.{i + 1}")
            answers.append((status, took))
        return answers

    with ThreadPoolExecutor(clients) as pool:
        return [answer for answers in pool.map(loop, range(clients)) for answer in answers]


def report_probe(label, results):
    line = []
    for kind in ("healthz", "permalink"):
        times = [seconds * 1000 for status, seconds in results.get(kind, []) if status == 200]
        failed = sum(1 for status, _ in results.get(kind, []) if status != 200)
        line.append(f"{kind} p50 {percentile(times, 0.5):.0f} ms, p99 {percentile(times, 0.99):.0f} ms "
                    f"({len(times)} answers{f', {failed} not 200' if failed else ''})")
    print(f"  {label}: " + "; ".join(line))
    return {kind: percentile([s * 1000 for status, s in results.get(kind, []) if status == 200], 0.99)
            for kind in ("healthz", "permalink")}


# -- 2, 3. a dependency down --------------------------------------------------------------

def every_kind_of_page(actor, topic, permalink):
    return ["/", "/?q=visit", "/?type=visit&start=2010", f"/?actor={actor}", permalink, "/axis/",
            "/axis/?lanes=country", "/map/", "/documents/", "/suggest/actors/?actor_q=pu", f"/actors/{actor}/",
            f"/topics/{topic}/", "/feed.atom", "/export.csv?type=meeting", "/healthz", "/livez",
            "/?page_htmx=1", "/nowhere/"]


def pages_while(port, paths, address):
    return [(path, *get(port, path, address=address)[:2]) for path in paths]


# -- 4. exports ---------------------------------------------------------------------------

def whole(fmt, headers, body):
    """Whether an export's file is whole: its length, its count, its last line."""
    if int(headers.get("Content-Length", -1)) != len(body):
        return False
    count = int(headers.get("X-Export-Count", -1))
    text = body.decode("utf-8", errors="replace")
    if fmt == "json":
        try:
            data = json.loads(text)
        except ValueError:
            return False
        return data.get("count") == len(data["events"]) == count
    if fmt == "csv":
        return len(list(csv.reader(io.StringIO(text)))) - 1 == count
    return text.endswith("END:VCALENDAR\r\n") and text.count("BEGIN:VEVENT") == count


def export_until_done(port, path, address, give_up):
    """Ask for ``path`` until a 200 (honouring Retry-After), or ``give_up`` seconds pass:
    (final status, whole?, tries, seconds)."""
    began, tries, fmt = time.monotonic(), 0, path.split("?")[0].rsplit(".", 1)[1]
    while True:
        tries += 1
        status, _, headers, body = get(port, path, address=address, timeout=600)
        if status == 200:
            return status, whole(fmt, headers, body), tries, time.monotonic() - began
        if time.monotonic() - began > give_up:
            return status, None, tries, time.monotonic() - began
        time.sleep(min(float(headers.get("Retry-After", 2)), 15))


def parallel_exports(port, count, filters="", outage=None):
    formats = ["json", "csv", "ics"]
    paths = [f"/export.{formats[i % 3]}{filters}" for i in range(count)]
    outage_thread = threading.Thread(target=outage) if outage else None
    with ThreadPoolExecutor(count) as pool:
        futures = [pool.submit(export_until_done, port, path, f"203.0.113.{i + 1}", 900) for i, path in enumerate(paths)]
        if outage_thread:
            outage_thread.start()
        results = [future.result() for future in futures]
    if outage_thread:
        outage_thread.join()
    return results


def report_exports(label, results):
    done = [r for r in results if r[0] == 200]
    truncated = [r for r in done if not r[1]]
    print(f"  {label}: {len(done)} of {len(results)} complete, {len(truncated)} truncated, "
          f"{sum(r[2] for r in results) - len(results)} retries after 429/503, "
          f"the last done after {max(r[3] for r in results):.1f} s; statuses {dict(Counter(str(r[0]) for r in results))}")
    return len(truncated), len(results) - len(done)


# -- 5. the queue -------------------------------------------------------------------------

def queue_under_outage(documents, outage):
    from timeline.ingestion.corpus import write_corpus
    from timeline.models import Document

    folder = tempfile.mkdtemp(prefix="faults-docs-")
    write_corpus(folder, documents, seed=5)
    environment = {**os.environ, "DJANGO_ENV": "development", "CELERY_TASK_MAX_RETRIES": "20"}
    log = open(os.path.join(folder, "worker.log"), "w")
    worker = subprocess.Popen([sys.executable, "-m", "celery", "-A", "config", "worker", "--concurrency", "2",
                               "--loglevel", "INFO", "--pool", "prefork", "-Q", os.environ.get("CELERY_QUEUE", "timeline")],
                              cwd=PROJECT, env=environment, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        time.sleep(3)
        began = time.monotonic()

        def stop_for_a_while():
            time.sleep(1.0)
            postgres("stop")
            time.sleep(outage)
            postgres("start")

        outage_thread = threading.Thread(target=stop_for_a_while)
        outage_thread.start()
        ingest = subprocess.run([sys.executable, "manage.py", "ingest", "--queue", folder], cwd=PROJECT,
                                env=environment, capture_output=True, text=True)
        outage_thread.join()
        from django.db import connection

        connection.close()
        stored = Document.objects.count()
        return ingest, stored, time.monotonic() - began, _retries_in(log.name)
    finally:
        import signal

        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(60)
        log.close()
        shutil.rmtree(folder, ignore_errors=True)


def _retries_in(log_path):
    with open(log_path) as log:
        return sum(1 for line in log if "Retry in" in line)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=5, help="gunicorn worker processes")
    parser.add_argument("--export-events", type=int, default=100000)
    parser.add_argument("--exports", type=int, default=20)
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--outage", type=float, default=6)
    parser.add_argument("--skip", default="", help="comma-separated parts to leave out: hammer,redis,postgres,exports,queue")
    options = parser.parse_args()
    skip = set(filter(None, options.skip.split(",")))
    missed = []

    fresh_database(options.events, name_hint="faults")
    from timeline.models import Actor, Event, Topic

    permalinks = [e.get_absolute_url() for e in Event.objects.visible().order_by("?")[:300]]
    actor, topic = Actor.objects.order_by("pk").first().slug, Topic.objects.order_by("pk").first().slug
    words = ["visit", "talks", "summit", "agreement", "trade", "energy", "security", "meeting", "minister"]
    print(f"faults: gunicorn ({options.workers} workers x 4 threads, production settings), PostgreSQL 15 and Redis "
          f"on loopback, {options.events:,} events")

    with ProductionServer(options.workers) as server:
        port = server.port
        if "hammer" not in skip:
            print(f"1. {options.clients} anonymous clients on expensive pages for {options.seconds:.0f} s")
            alone, _ = probe_for(port, permalinks, min(options.seconds, 10))
            report_probe("probe alone", alone)
            loaded, answers = probe_for(port, permalinks, options.seconds,
                                        lambda: hammer(port, options.clients, options.seconds, words))
            p99 = report_probe("probe while hammered", loaded)
            statuses = Counter(str(status) for status, _ in answers)
            served = [took for status, took in answers if status == 200]
            print(f"  the clients' {len(answers)} requests: {dict(sorted(statuses.items()))}; their 200s p50 "
                  f"{percentile(served, 0.5) * 1000:.0f} ms")
            if p99["healthz"] > 200 or p99["permalink"] > 500:
                missed.append("probe p99 under hammering (healthz 200 ms, permalink 500 ms)")
            if any(s.startswith("5") and s != "503" or s == "500" for s in statuses):
                missed.append("a 500 under hammering")
        pages = every_kind_of_page(actor, topic, permalinks[0])
        if "redis" not in skip and os.environ.get("REDIS_PORT"):
            redis("stop")
            answers = pages_while(port, pages, "192.0.2.10")
            redis("start")
            errors = [a for a in answers if not isinstance(a[1], int) or a[1] >= 500]
            print(f"2. Redis down: {len(answers)} pages, {len(errors)} 5xx "
                  f"(slowest {max(a[2] for a in answers) * 1000:.0f} ms)")
            for path, status, _ in errors:
                print(f"    {status}: {path}")
            if errors:
                missed.append("5xx with Redis down")
        if "postgres" not in skip:
            postgres("stop")
            answers = pages_while(port, pages, "192.0.2.11")
            postgres("start")
            statuses = Counter(a[1] for a in answers)
            errors = [a for a in answers if a[1] == 500 or not isinstance(a[1], int)]
            print(f"3. PostgreSQL down: {len(answers)} pages: {dict(statuses)} "
                  f"(slowest {max(a[2] for a in answers) * 1000:.0f} ms)")
            for path, status, _ in errors:
                print(f"    {status}: {path}")
            time.sleep(1)
            after = pages_while(port, pages, "192.0.2.12")
            back = sum(1 for a in after if a[1] in {200, 404})
            print(f"   once it is back: {back} of {len(after)} pages answer 200 (or their 404)")
            if errors:
                missed.append("500 with PostgreSQL down")

    if "exports" not in skip:
        fresh_database(options.export_events, name_hint="faults_exports")
        with ProductionServer(options.workers) as server:
            print(f"4. {options.exports} clients at once, full exports of {options.export_events:,} events")
            truncated, failed = report_exports("all at once", parallel_exports(server.port, options.exports))

            def outage():
                time.sleep(2)
                postgres("stop")
                time.sleep(options.outage)
                postgres("start")

            more = report_exports(f"with PostgreSQL stopped {options.outage:.0f} s during the writing",
                                  parallel_exports(server.port, options.exports, "?status=occurred", outage))
            if truncated or more[0]:
                missed.append("a truncated export")
            if failed or more[1]:
                missed.append("an export that never finished")

    if "queue" not in skip and os.environ.get("REDIS_URL"):
        fresh_database(0, name_hint="faults_queue")
        ingest, stored, seconds, retries = queue_under_outage(options.documents, options.outage)
        print(f"5. ingest --queue of {options.documents} documents, PostgreSQL stopped {options.outage:.0f} s: "
              f"{retries} tries put back on the queue, {stored} documents stored after {seconds:.0f} s; "
              f"ingest said: {ingest.stdout.strip().splitlines()[-1:]}")
        if stored != options.documents:
            missed.append("documents lost in the queue")
    print("missed: " + ("; ".join(missed) if missed else "none"))
    print("reproduce: bench/faults.sh " + " ".join(sys.argv[1:]))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
