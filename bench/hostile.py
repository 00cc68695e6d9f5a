"""Hostile requests against a production-settings server on loopback: what an attacker (or a
careless crawler) sends, and whether any of it costs the database or crashes a page.

Sets up a fresh database of generated events on the PostgreSQL that DATABASE_URL names,
starts gunicorn with DJANGO_ENV=production on a free loopback port, sends N requests from
several threads (the same ones for the same seed) and prints the requests, how many were
2xx/3xx/4xx/5xx, the slowest response, and the longest query PostgreSQL saw: from
pg_stat_statements when the server preloads it, else sampled from pg_stat_activity.

    bench/hostile.sh                 # 3,000 requests, 8 threads, 3,000 events
    bench/hostile.sh --requests 200  # a quick run

Exits with status 1 when any answer is a 5xx.
"""

import argparse
import http.client
import os
import random
import secrets
import sys
import threading
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from _site import ProductionServer, fresh_database

FIELDS = ["q", "actor", "country", "topic", "type", "status", "start", "end", "document", "order", "after", "offset"]
NASTY_VALUES = [
    "\x00", "a\x00b", "%", "_", "\\", "'", '"', "' OR 1=1 --", "*", "(", "!&|:*", "<script>alert(1)</script>",
    "\u202e", "😀", "é" * 50, "x" * 201, "x" * 3000, "-1", "0", "9223372036854775807", "9223372036854775808",
    "99999999999999999999999", "1e309", "NaN", "2012-13-40", "0000", "99999", "2012-02-30", "1970-01-01.1",
    "2012-01-01.9223372036854775808", "9999-12-31.1", "../../etc/passwd", "%00", "%%", "\r\nSet-Cookie: x=1",
    "=HYPERLINK(\"http://evil\")", "relevance", "newest", "visit", "planned",
]
PATHS = ["/", "/export.csv", "/export.json", "/export.ics", "/export.exe", "/documents/", "/actors/{actor}/",
         "/topics/{topic}/"]


def hostile_requests(count, seed, actors, topics, ids):
    """``(method, path, headers)`` for ``count`` requests of every hostile kind, in a fixed order."""
    rng = random.Random(seed)
    made = []
    kinds = ["repeat", "distinct", "params", "nasty", "nasty_path", "long", "combo", "cachebust", "method", "permalink"]
    while len(made) < count:
        kind = kinds[len(made) % len(kinds)]
        base = rng.choice(PATHS).format(actor=rng.choice(actors), topic=rng.choice(topics))
        headers = {"HX-Request": "true"} if rng.random() < 0.3 else {}
        method = "GET"
        if kind == "repeat":  # one filter repeated tens to thousands of times
            field = rng.choice(["actor", "topic", "type", "status", "country", "q"])
            value = rng.choice(actors if field == "actor" else topics if field == "topic" else ["visit", "x", "PAK"])
            query = "&".join([f"{field}={value}"] * rng.choice([20, 150, 200, 400, 1000, 3000]))
        elif kind == "distinct":  # many different actors, each a join
            query = urllib.parse.urlencode([("actor", a) for a in rng.sample(actors, min(len(actors), rng.randint(5, 60)))])
        elif kind == "params":  # many unknown parameters
            query = "&".join(f"p{i}={i}" for i in range(rng.choice([10, 59, 61, 200, 1000, 5000])))
        elif kind == "nasty":
            if rng.random() < 0.2:  # bytes that are not UTF-8 at all
                query = f"{rng.choice(FIELDS)}={rng.choice(['%ff%fe', '%C0%AF', '%ED%A0%80', '%E2%82'])}"
            else:
                query = urllib.parse.urlencode({rng.choice(FIELDS): rng.choice(NASTY_VALUES)})
        elif kind == "nasty_path":
            base = rng.choice(["/events/{}/", "/events/{}/x/", "/actors/{}/", "/topics/{}/", "/documents/{}/", "/export.{}"])
            base = base.format(urllib.parse.quote(rng.choice(NASTY_VALUES), safe=""))
            query = ""
        elif kind == "long":
            query = "q=" + urllib.parse.quote(rng.choice(["a ", "visit OR ", "* ", "é"]) * rng.choice([100, 1000, 4000]))
        elif kind == "combo":  # every filter at once, some valid, some not
            pairs = [(f, rng.choice(NASTY_VALUES) if rng.random() < 0.3 else v) for f, v in [
                ("actor", rng.choice(actors)), ("topic", rng.choice(topics)), ("type", "meeting"), ("status", "occurred"),
                ("start", "2010"), ("end", "2020-06"), ("q", rng.choice(["talks", "pipeline", "energy"])),
                ("order", rng.choice(["relevance", "newest", "oldest"])), ("country", "PAK")]]
            query = urllib.parse.urlencode(pairs)
        elif kind == "cachebust":  # a new parameter on every request of an expensive page
            query = urllib.parse.urlencode([("q", rng.choice(["talks", "visit"])), ("order", "relevance"),
                                            (f"b{rng.randrange(10**9)}", "1")])
        elif kind == "method":
            method = rng.choice(["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"])
            query = ""
        else:  # permalinks, real and made up
            public_id, slug = rng.choice(ids)
            base = rng.choice([f"/events/{public_id}/{slug}/", f"/events/{public_id}/", f"/events/{secrets.token_hex(6)}/",
                               f"/events/{public_id}/{'x' * 300}/"])
            query = ""
        made.append((method, base + ("?" + query if query else ""), headers))
    return made


def send(port, method, path, headers):
    began = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request(method, path, body=b"" if method in {"POST", "PUT", "PATCH"} else None,
                           headers={"Host": "127.0.0.1", **headers})
        response = connection.getresponse()
        response.read()
        status = response.status
    except (OSError, http.client.HTTPException) as error:
        status = f"no answer ({type(error).__name__})"
    finally:
        connection.close()
    return status, time.perf_counter() - began, method, path


class ActivitySampler(threading.Thread):
    """The longest-running active query pg_stat_activity shows, sampled every 10 ms."""

    def __init__(self, url):
        super().__init__(daemon=True)
        self.url, self.longest, self.query, self.done = url, 0.0, "", threading.Event()

    def run(self):
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as connection:
            while not self.done.is_set():
                row = connection.execute(
                    "SELECT extract(epoch FROM now() - query_start), query FROM pg_stat_activity "
                    "WHERE state = 'active' AND pid <> pg_backend_pid() AND datname = current_database() "
                    "ORDER BY query_start LIMIT 1").fetchone()
                if row and row[0] and row[0] > self.longest:
                    self.longest, self.query = float(row[0]), row[1]
                time.sleep(0.01)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    options = parser.parse_args()

    fresh_database(options.events, name_hint="hostile")
    url = os.environ["DATABASE_URL"]
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        try:
            connection.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
            connection.execute("SELECT pg_stat_statements_reset()")
            statements = True
        except psycopg.Error:
            statements = False  # the server does not preload it: sample pg_stat_activity instead
    from timeline.models import Actor, Event, Topic

    actors = list(Actor.objects.values_list("slug", flat=True)) or ["nobody"]
    topics = list(Topic.objects.values_list("slug", flat=True)) or ["nothing"]
    ids = list(Event.objects.values_list("public_id", "slug")[:500]) or [("000000000000", "x")]
    requests = hostile_requests(options.requests, options.seed, actors, topics, ids)

    sampler = ActivitySampler(url)
    with ProductionServer(options.workers) as server:
        sampler.start()
        began = time.perf_counter()
        with ThreadPoolExecutor(options.threads) as pool:
            answers = list(pool.map(lambda r: send(server.port, *r), requests))
        elapsed = time.perf_counter() - began
        sampler.done.set()
    classes = Counter(s // 100 * 100 if isinstance(s, int) else s for s, *_ in answers)
    slowest = max(answers, key=lambda a: a[1])
    print(f"hostile: {len(answers)} requests ({options.threads} threads, {elapsed:.1f} s) to gunicorn "
          f"({options.workers} workers, production settings) on PostgreSQL with {options.events} events")
    print(f"requests: {len(answers)}")
    for key in sorted(classes, key=str):
        label = f"{key // 100}xx" if isinstance(key, int) else key
        print(f"{label}: {classes[key]}")
    print(f"5xx: {sum(n for k, n in classes.items() if isinstance(k, int) and k >= 500)}")
    print(f"slowest response: {slowest[1] * 1000:.0f} ms ({slowest[2]} {slowest[3][:100]})")
    if statements:
        with psycopg.connect(url, autocommit=True) as connection:
            row = connection.execute("SELECT max_exec_time, calls, query FROM pg_stat_statements "
                                     "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                                     "ORDER BY max_exec_time DESC LIMIT 1").fetchone()
        print(f"longest query PostgreSQL saw: {row[0]:.1f} ms (pg_stat_statements; {' '.join(row[2].split())[:120]})")
    else:
        print(f"longest query PostgreSQL saw: {sampler.longest * 1000:.0f} ms (sampled from pg_stat_activity every "
              f"10 ms; {' '.join(sampler.query.split())[:120]})")
    errors = [a for a in answers if not isinstance(a[0], int) or a[0] >= 500]
    for status, seconds, method, path in errors[:10]:
        print(f"  {status}: {method} {path[:160]}")
    print("reproduce: bench/hostile.sh --requests", options.requests)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
