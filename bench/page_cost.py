"""Page cost at two database sizes: server time and SQL queries per page, and the ratio.

    scripts/with-postgres.sh .venv/bin/python bench/page_cost.py [--small 1000] [--large 100000] [--runs 9]

Each size gets a fresh PostgreSQL database filled by ``generate_events`` (same seed), in its own
process. Every page is requested once to warm up, then ``--runs`` times through Django's test
client (server time, no network); the median counts. "warm" is what a visitor gets while the
data does not change (the results region and chart come from the cache); "cold" changes an
event before every request, so the request is the first view after new data. Target: large/small <= 1.5,
and the same number of queries at both sizes.
"""

import argparse
import json
import statistics
import subprocess
import sys
import time

from _site import PROJECT, fresh_database


def measure(events, runs):
    fresh_database(events, name_hint="pagecost")
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from timeline.models import Actor, Document, Event

    visible = Event.objects.visible()
    dated = visible.filter(date_start__isnull=False).order_by("date_start", "id")
    deep = dated[dated.count() // 2]  # the middle of the timeline, whatever its length
    actor = Actor.objects.filter(kind="person").order_by("name").first()
    permalink = visible.order_by("id")[visible.count() // 2]
    document = Document.objects.order_by("id").first()
    pages = {
        "timeline": "/",
        "filter: actor": f"/?actor={actor.slug}",
        "filter: country": "/?country=PAK",
        "filter: topic": "/?topic=energy",
        "filter: type": "/?type=visit",
        "filter: status": "/?status=planned",
        "filter: dates": "/?start=2010&end=2011",
        "filter: document": f"/?document={document.pk}",
        "text search": "/?q=pipeline",
        "deep page (htmx)": f"/?after={deep.date_start.isoformat()}.{deep.pk}",
        "fragment (htmx)": "/?type=meeting&status=occurred",
        "permalink": permalink.get_absolute_url(),
        "actor page": f"/actors/{actor.slug}/",
        "JSON export, one document": f"/export.json?document={document.pk}",
        "time axis": "/axis/",
        "time axis, one year by country": "/axis/?start=2015&end=2015&lanes=country",
        "time axis by country": "/axis/?lanes=country",
        "map": "/map/",
        "map, one type": "/map/?type=visit",
        "map, one year": "/map/?start=2015&end=2015",
        "actor finder (htmx)": "/suggest/actors/?actor_q=ab",
        "filter: inside a month": "/?start=2011-03&end=2011-03&within=1",
        "filter: added since": "/?since=2020-01-01",
        "relations (pairs)": "/relations/",
        "relationship PAK–RUS": "/relations/PAK/RUS/",
    }
    from django.utils import timezone

    client = Client(SERVER_NAME="localhost")
    results = {}
    for label, url in pages.items():
        headers = {"HTTP_HX_REQUEST": "true"} if "htmx" in label else {}

        def fetch():
            response = client.get(url, **headers)
            assert response.status_code == 200, (url, response.status_code)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)

        fetch()
        timings, cold_timings = [], []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                fetch()
                timings.append(time.perf_counter() - started)
            Event.objects.filter(pk=permalink.pk).update(updated_at=timezone.now())  # new data
            with CaptureQueriesContext(connection) as cold_queries:
                started = time.perf_counter()
                fetch()
                cold_timings.append(time.perf_counter() - started)
        results[label] = {"ms": statistics.median(timings) * 1000, "queries": len(queries.captured_queries),
                          "cold_ms": statistics.median(cold_timings) * 1000, "cold_queries": len(cold_queries.captured_queries)}
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.runs)))
        return
    sizes = {}
    for size in (args.small, args.large):
        output = subprocess.run([sys.executable, __file__, "--child", str(size), "--runs", str(args.runs)],
                                cwd=PROJECT, capture_output=True, text=True, check=True).stdout
        sizes[size] = json.loads(output.strip().splitlines()[-1])
    small, large = sizes[args.small], sizes[args.large]
    print(f"page cost on PostgreSQL, median of {args.runs} warm requests (server time, Django test client)")
    print(f"{'':28} {'---------- warm ----------':>34}   {'---------- cold ----------':>34}")
    print(f"{'page':28} {args.small:>9,} ev {args.large:>9,} ev  ratio  queries   {args.small:>9,} ev {args.large:>9,} ev  ratio  queries")
    worst = worst_cold = 0
    for label in small:
        ratio = large[label]["ms"] / small[label]["ms"]
        cold = large[label]["cold_ms"] / small[label]["cold_ms"]
        worst, worst_cold = max(worst, ratio), max(worst_cold, cold)
        print(f"{label:28} {small[label]['ms']:9.1f} ms {large[label]['ms']:9.1f} ms {ratio:6.2f}  "
              f"{small[label]['queries']:>3}/{large[label]['queries']:<3}   {small[label]['cold_ms']:9.1f} ms "
              f"{large[label]['cold_ms']:9.1f} ms {cold:6.2f}  {small[label]['cold_queries']:>3}/{large[label]['cold_queries']:<3}")
    print(f"worst ratio: warm {worst:.2f}, cold {worst_cold:.2f} (target <= 1.5)")
    print(f"reproduce: scripts/with-postgres.sh .venv/bin/python bench/page_cost.py --small {args.small} --large {args.large}")


if __name__ == "__main__":
    main()
