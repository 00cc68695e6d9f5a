"""EXPLAIN ANALYZE of the main queries on PostgreSQL with a generated database, and whether
each one avoids a sequential scan of the events table.

    scripts/with-postgres.sh .venv/bin/python bench/explain.py [--events 100000]
"""

import argparse

from _site import fresh_database


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    args = parser.parse_args()
    fresh_database(args.events, name_hint="explain")
    from django.db import connection

    from timeline.models import Actor, Event

    actor = Actor.objects.filter(kind="person").order_by("name").first()
    visible = Event.objects.visible()
    middle = visible.filter(date_start__isnull=False).order_by("date_start", "id")[visible.count() // 2]
    queries = {
        "timeline page": visible.filter(date_start__isnull=False).order_by("date_start", "id")[:51],
        "deep page (keyset)": visible.filter(date_start__isnull=False, date_start__gt=middle.date_start).order_by("date_start", "id")[:51],
        "actor filter": visible.for_actors([actor.slug]).filter(date_start__isnull=False).order_by("date_start", "id")[:51],
        "text search": visible.search("pipeline").filter(date_start__isnull=False).order_by("date_start", "id")[:51],
        "undated list": visible.filter(date_start__isnull=True).order_by("id")[:26],
        "permalink": Event.objects.filter(public_id=middle.public_id),
        "data version": Event.objects.order_by("-updated_at").values("updated_at")[:1],
    }
    print(f"EXPLAIN ANALYZE on PostgreSQL, {args.events:,} generated events")
    for label, queryset in queries.items():
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN ANALYZE " + sql, params)
            plan = [row[0] for row in cursor.fetchall()]
        seq_scan = any("Seq Scan on timeline_event " in line or line.strip().startswith("Seq Scan on timeline_event") for line in plan)
        total = next((line for line in plan if line.startswith("Execution Time")), "")
        print(f"\n== {label}: {'SEQUENTIAL SCAN of events' if seq_scan else 'index access'}; {total}")
        for line in plan[:8]:
            print("   ", line)
    print("\nreproduce: scripts/with-postgres.sh .venv/bin/python bench/explain.py")


if __name__ == "__main__":
    main()
