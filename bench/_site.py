"""Shared by the benchmarks: a fresh database of N generated events on the PostgreSQL server
that DATABASE_URL names, set up in this process."""

import io
import os
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))


def fresh_database(events, *, seed=1, name_hint="bench"):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("This benchmark runs on PostgreSQL: run it as scripts/with-postgres.sh .venv/bin/python "
                 + " ".join(sys.argv))
    import psycopg

    name = f"{name_hint}_{events}_{os.getpid()}"
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + name
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("generate_events", "--events", str(events), "--seed", str(seed), stdout=io.StringIO())
    vacuum()
    return name


def vacuum():
    """What autovacuum does soon after a bulk load (statistics for the planner, the visibility
    map for index-only scans), done at once so that every run measures the same state."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
