"""The density chart's summary (MonthCount, kept by triggers on the event table) always says
what counting the events says, whatever changed them: creation, edits, hiding, merging,
deletion, bulk updates, ingestion. Runs on SQLite and on PostgreSQL (both halves of make test)."""

import datetime
import random

import pytest

from timeline.curation import merge_events
from timeline.models import Event, MonthCount

D = datetime.date
COMBINATIONS = [((), ()), (("visit",), ()), ((), ("planned",)), (("meeting", "visit"), ("occurred", "planned"))]


def assert_summary_agrees():
    for types, statuses in COMBINATIONS:
        filters = {key: list(value) for key, value in (("type", types), ("status", statuses)) if value}
        assert MonthCount.objects.counts(types, statuses) == Event.objects.visible().matching(filters).month_counts(), \
            (types, statuses)


def event(title, day, kind="meeting", status="occurred"):
    return Event.objects.create(event_type=kind, status=status, title=title, slug=title.lower().replace(" ", "-"),
                                date_start=day, date_end=day, granularity="day" if day else "unknown")


@pytest.mark.django_db
def test_every_change_to_events_keeps_the_summary_right():
    first = event("Talks in Baku", D(2021, 3, 4))
    second = event("Visit to Oslo", D(2021, 3, 20), kind="visit")
    third = event("Summit plan", D(2021, 4, 1), kind="summit", status="planned")
    undated = event("Talks somewhere", None)
    assert_summary_agrees()
    assert MonthCount.objects.counts() == {(2021, 3): 2, (2021, 4): 1}

    first.date_start = first.date_end = D(2020, 12, 31)  # moved to another month
    first.save()
    second.status = "planned"
    second.save()
    third.event_type = "visit"
    third.save(update_fields=["event_type"])
    undated.date_start = undated.date_end = D(2021, 4, 9)  # dated by a curator
    undated.save()
    assert_summary_agrees()

    second.is_hidden = True
    second.save()
    merge_events(third, [undated])  # the merged one no longer counts
    assert_summary_agrees()
    second.is_hidden = False
    second.save()
    first.delete()
    assert_summary_agrees()

    Event.objects.filter(event_type="visit").update(status="cancelled")  # a bulk update, no save()
    Event.objects.filter(pk=third.pk).update(date_start=D(1999, 1, 1))
    assert_summary_agrees()
    Event.objects.all().delete()
    assert_summary_agrees()
    assert MonthCount.objects.counts() == {}


@pytest.mark.django_db
def test_random_edits_keep_the_summary_right():
    rng = random.Random(12)
    kinds, statuses = ["meeting", "visit", "summit"], ["occurred", "planned", "cancelled"]
    events = [event(f"Event {i}", D(2020, rng.randint(1, 12), rng.randint(1, 28)), rng.choice(kinds), rng.choice(statuses))
              for i in range(60)]
    for _ in range(200):
        chosen = rng.choice(events)
        change = rng.randrange(4)
        if change == 0:
            chosen.date_start = chosen.date_end = None if rng.random() < 0.2 else D(2020, rng.randint(1, 12), 1)
        elif change == 1:
            chosen.event_type = rng.choice(kinds)
        elif change == 2:
            chosen.status = rng.choice(statuses)
        else:
            chosen.is_hidden = not chosen.is_hidden
        chosen.save()
    assert_summary_agrees()


@pytest.mark.django_db
def test_ingestion_keeps_the_summary_right(seeds_dir):
    from django.core.management import call_command

    call_command("ingest", str(seeds_dir), "--workers", "1")
    assert MonthCount.objects.counts()
    assert_summary_agrees()
