"""Web pages: main text and publication dates on the team's page set, extraction speed, and
polling unchanged feeds.

    .venv/bin/python bench/web_extraction.py [--rounds 5] [--feeds 50] [--errors]

1. **Main text** of each page in ``bench/gold/web_pages/`` (written with its gold before any
   extractor ran, see its README) against ``bench/gold/web_pages.jsonl``: precision and recall
   by words (multisets of lower-cased word tokens), per page and summed over pages (micro); F1.
   ``read_page`` puts the headline first as a block of its own; the gold leaves headlines out,
   so that first block is not compared.
2. **Publication date right**: the page's date equals the gold's, and a page the gold leaves
   undated gives none.
3. **Pages per second on one core**, extraction only (``read_page`` on bytes already read: no
   network, no database), the best of ``--rounds`` passes in this one process.
4. **Polling unchanged feeds**: ``--feeds`` followed feeds, each on its own loopback address
   (127.0.0.2, 127.0.0.3, ...: a host each, as real feeds are) served by a local HTTP server
   that answers 304 to the ETag it gave; the second poll of all of them through ``poll_feeds``
   (robots.txt, conditional GET, the feed rows saved), with the default one request a second
   per host, on a fresh SQLite database.
Targets (issue 24): F1 >= 0.90, dates >= 95%, >= 20 pages/s per core, 50 feeds <= 2 s.
"""

import argparse
import json
import os
import re
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
GOLD = PROJECT / "bench" / "gold" / "web_pages.jsonl"
PAGES = PROJECT / "bench" / "gold" / "web_pages"
WORD = re.compile(r"\w+")


def words(text):
    return Counter(WORD.findall(text.lower()))


def extraction(rows, read_page, show_errors):
    shared = found = expected = 0
    right = 0
    per_page = []
    for row in rows:
        source = read_page((PAGES / row["file"]).read_bytes(), url=row["url"])
        blocks = source.text.strip().split("\n\n")
        body = "\n".join(blocks[1:] if source.metadata.title and blocks[0] == source.metadata.title else blocks)
        gold, ours = words(row["main_text"]), words(body)
        common = sum((gold & ours).values())
        shared, found, expected = shared + common, found + sum(ours.values()), expected + sum(gold.values())
        precision, recall = common / max(1, sum(ours.values())), common / max(1, sum(gold.values()))
        per_page.append((precision, recall))
        day = source.metadata.published.isoformat() if source.metadata.published else None
        right += day == row["published"]
        if show_errors and (day != row["published"] or precision < 0.9 or recall < 0.9):
            print(f"  {row['file']}: precision {precision:.2f} recall {recall:.2f}, date {day} "
                  f"(gold {row['published']}, {row['date_source']}; ours from {source.metadata.origin_of_date or '-'})")
    micro_p, micro_r = shared / found, shared / expected
    macro_p = sum(p for p, _ in per_page) / len(per_page)
    macro_r = sum(r for _, r in per_page) / len(per_page)
    f1 = lambda p, r: 2 * p * r / (p + r) if p + r else 0.0  # noqa: E731
    print(f"main text, {len(rows)} pages: micro precision {micro_p:.3f} recall {micro_r:.3f} F1 {f1(micro_p, micro_r):.3f}; "
          f"per page (macro) precision {macro_p:.3f} recall {macro_r:.3f} F1 {f1(macro_p, macro_r):.3f}  (target F1 >= 0.90)")
    print(f"publication date right: {right}/{len(rows)} = {100 * right / len(rows):.1f}%  (target >= 95%)")


def speed(rows, read_page, rounds):
    pages = [((PAGES / row["file"]).read_bytes(), row["url"]) for row in rows]
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        for data, url in pages:
            read_page(data, url=url)
        best = min(best, time.process_time() - started)
    print(f"extraction: {len(pages) / best:.1f} pages/s on one core (CPU time, best of {rounds} passes of "
          f"{len(pages)} pages)  (target >= 20)")


class FeedHandler(BaseHTTPRequestHandler):
    body = b""

    def do_GET(self):  # noqa: N802 (the standard library's name)
        if self.path == "/robots.txt":
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        tag = f'"{self.server.server_address[0]}"'
        if self.headers.get("If-None-Match") == tag:
            self.send_response(304)
            self.send_header("ETag", tag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("ETag", tag)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


def polling(count):
    workdir = Path(tempfile.mkdtemp(prefix="web-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["FETCH_ALLOWED_NETWORKS"] = "127.0.0.0/8"
    import django

    django.setup()
    from django.core.management import call_command

    from timeline.ingestion.following import poll_feeds
    from timeline.models import Feed

    call_command("migrate", verbosity=0)
    FeedHandler.body = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Empty</title>'
                        b"<link>https://example.org/</link><description>no entries</description></channel></rss>")
    servers = []
    for number in range(count):
        server = ThreadingHTTPServer((f"127.0.0.{number + 2}", 0), FeedHandler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        Feed.objects.create(url=f"http://127.0.0.{number + 2}:{server.server_address[1]}/feed.xml")
    list(poll_feeds())  # the first poll: each feed answers 200 with its ETag
    started = time.perf_counter()
    polled = list(poll_feeds())
    seconds = time.perf_counter() - started
    unchanged = sum(p.not_modified for p in polled)
    for server in servers:
        server.shutdown()
    print(f"polling {count} unchanged feeds (one host each): {seconds:.2f} s, {unchanged} answered 304 "
          f"(target: 50 in <= 2 s)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--errors", action="store_true", help="list the pages whose text or date is off")
    args = parser.parse_args()
    from timeline.ingestion.pages import read_page

    rows = [json.loads(line) for line in GOLD.read_text().splitlines() if line.strip()]
    extraction(rows, read_page, args.errors)
    speed(rows, read_page, args.rounds)
    if args.feeds:
        polling(args.feeds)


if __name__ == "__main__":
    main()
