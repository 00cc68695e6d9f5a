"""The summary tables' declarations (``@keeps`` in timeline/models/counts.py) are what the
database runs, and what they count from the rows is what the tables hold. Runs on SQLite and on
PostgreSQL."""

import datetime
import importlib
import random
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Sum

from tests.timeline.test_map_axis_finder_summary import change_at_random, world
from timeline.models import kept

pytestmark = pytest.mark.django_db


def test_a_changed_declaration_comes_with_a_migration_that_installs_it():
    """The newest migration that installs the declarations recorded what they make today: a
    declaration changed without one (an archive that would keep its old triggers) fails here."""
    folder = Path(kept.__file__).parents[1] / "migrations"
    recorded = {}
    for path in sorted(folder.glob("0*.py")):
        module = importlib.import_module(f"timeline.migrations.{path.stem}")
        if hasattr(module, "KEPT_FINGERPRINT"):
            recorded[path.stem] = module.KEPT_FINGERPRINT
    assert recorded, "no migration installs the declarations"
    newest = max(recorded)
    assert recorded[newest] == kept.fingerprint(), (
        f"the declarations changed since {newest}: add a migration that runs kept.install and records "
        f"KEPT_FINGERPRINT = {kept.fingerprint()!r}")


def test_the_database_runs_the_triggers_the_declarations_give():
    statements = kept.install_sql(connection.vendor)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                           [kept.PREFIX + "%"])
            assert sorted(sql for (sql,) in cursor.fetchall()) == sorted(statements)
        else:
            cursor.execute("SELECT proname, prosrc FROM pg_proc WHERE proname LIKE %s", [kept.PREFIX + "%"])
            installed = dict(cursor.fetchall())
            declared = {}
            for statement in statements:
                if statement.startswith("CREATE OR REPLACE FUNCTION"):
                    name = statement.split()[4].removesuffix("()")
                    declared[name] = statement.split("$$")[1]
            assert installed == declared
        triggers = kept.installed(cursor)
    assert len(triggers) == sum(1 for s in statements if s.startswith("CREATE TRIGGER"))
    assert triggers  # something is kept on this database


def test_counting_from_the_rows_gives_what_every_table_holds():
    """``from_rows`` (every count, or those of some events) agrees with the table the triggers
    kept, after a world of changes."""
    from timeline.models import Event, Topic

    rng = random.Random(7)
    found = world(rng, events=40)
    topics = [Topic.objects.create(name=name, slug=name) for name in ("energy", "trade", "security")]
    for number, item in enumerate(found["events"]):  # words for the search summary (PostgreSQL), topics
        Event.objects.filter(pk=item.pk).update(search_text=["talks on gas", "a border visit", "grain"][number % 3])
        item.topics.add(*topics[:number % 4])
    change_at_random(rng, found, 60)
    found["events"][0].topics.clear()
    found["events"][3].topics.remove(topics[0])
    declared = [item for item in kept.DECLARED if connection.vendor in item.vendors]
    # seven tables (the facets by three declarations), words on PostgreSQL only
    assert len(declared) == (9 if connection.vendor == "postgresql" else 8)
    assert len({item.model for item in declared}) == (7 if connection.vendor == "postgresql" else 6)
    for item in declared:
        columns = [*item.key, "n"]
        held = {tuple(row[:-1]): row[-1] for row in item.rows.filter(n__gt=0).values_list(*columns)}
        assert item.from_rows() == held, item.name
        assert held, item.name
    # some events: those of one month
    chosen = Event.objects.filter(date_start__gte=datetime.date(2021, 3, 1), date_start__lt=datetime.date(2021, 4, 1))
    month_count = next(item for item in declared if item.name == "MonthCount")
    counted = month_count.from_rows(chosen)
    assert sum(counted.values()) == chosen.visible().count() > 0


def test_a_table_emptied_before_its_events_gets_no_negative_counts():
    """SQLite's flush empties the tables in the order of their names: the summaries before the
    events. Taking the events away then leaves the summaries empty, not below zero, and counting
    starts again from nothing."""
    from timeline.models import ActorCount, Event, MonthLaneCount, PlaceCount

    rng = random.Random(3)
    world(rng, events=20)
    for model in (ActorCount, MonthLaneCount, PlaceCount):
        model.objects.all().delete()
    Event.objects.all().delete()
    for model in (ActorCount, MonthLaneCount, PlaceCount):
        assert not model.objects.filter(n__lt=0).exists(), model.__name__
    for number in range(5):
        Event.objects.create(event_type="meeting", title=f"Talks {number}", date_start=datetime.date(2020, 1, 1),
                             date_end=datetime.date(2020, 1, 1))
    assert PlaceCount.objects.filter(n__gt=0).aggregate(total=Sum("n"))["total"] == 5
    assert item_counts(PlaceCount) == {(0, "meeting", "occurred"): 5}


def item_counts(model):
    return {tuple(row[:-1]): row[-1] for row in model.objects.values_list("place_key", "event_type", "status", "n")}


@pytest.mark.django_db(transaction=True)
def test_the_migration_goes_back_to_the_old_triggers_and_forward_again():
    """Back to 0023 (before 0024 and 0025): the hand-written triggers of 0009 to 0019 count again (a change made then
    is counted); forward: the declarations' triggers, every count recounted."""
    from django.db.migrations.executor import MigrationExecutor

    from tests.timeline.test_map_axis_finder_summary import (
        assert_actors_agree, assert_all_agree, assert_places_agree, plain_lanes, stored_lanes,
    )
    from tests.timeline.test_month_count import assert_facets_agree, assert_summary_agrees
    from timeline.models import Event

    rng = random.Random(5)
    found = world(rng, events=20)
    executor = MigrationExecutor(connection)
    executor.migrate([("timeline", "0023_undated_visible_index")])
    try:
        with connection.cursor() as cursor:
            assert kept.installed(cursor) == []
        change_at_random(rng, found, 30)
        Event.objects.create(event_type="visit", title="A visit", date_start=datetime.date(2021, 6, 1))
        # the tables of 0023 (no lanes by year yet)
        assert_places_agree(), assert_actors_agree(), assert_summary_agrees(), assert_facets_agree()
        assert stored_lanes() == plain_lanes()
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    with connection.cursor() as cursor:
        assert kept.installed(cursor)
    change_at_random(rng, found, 30)
    assert_all_agree(), assert_summary_agrees(), assert_facets_agree()
