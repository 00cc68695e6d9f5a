"""What the time axis shows, read from the database: the events of a window one by one when
there are few, otherwise how many begin in each day, month, year or decade, per lane.

Counting never loads the events: it starts from the density chart's numbers per month (the
summaries ``MonthCount`` and ``MonthFacetCount`` whenever the filters allow, else one GROUP
BY), and lanes by country or actor come from ``MonthFacetCount`` for the months wholly inside
the window (a GROUP BY over the actor links for the rest, or for filters the summary does not
know). The events that began before the window and last into it are counted apart, and drawn
stacked on its first bar.
"""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.db.models import Sum

from . import axis
from .models import Actor, Event, EventActor, MonthFacetCount
from .remembered import remembered

EVENTS_DRAWN = 150  # a window with more dated events than this is counted, not drawn event by event
LANES_SHOWN = 8  # the most frequent countries or actors get a lane each; the rest share "others"
LANE_KINDS = ("country", "actor")
OTHERS = "Others"
_SUMMARISED = {"type", "status", "order", "start", "end"}


@dataclass
class AxisData:
    window: tuple | None  # (first day, last day); None when no dated event matches
    unit: str | None  # the period a bar counts; None when the events are drawn one by one
    total: int  # dated events in the window
    undated: int  # undated events that match the other filters
    # (lane key, name, events or {bucket start: n}): "" is every event, None the others
    lanes: list = field(default_factory=list)


def axis_data(filters, lane, months, version):
    """The axis of the events matching ``filters`` (an EventFilterForm's), their dated ones
    counted per month in ``months`` ({(year, month): n}, as ``_cached_month_counts`` gives)."""
    start, end = filters.get("start"), filters.get("end")
    events = Event.objects.visible().matching({**filters, "order": "oldest"})
    total = sum(months.values())
    # a date range keeps dated events only, on the axis as on the list: none is "not shown"
    undated = 0 if start or end else _undated(filters, version)
    if not total:
        window = (start, end) if start and end else None
        return AxisData(window, None, 0, undated)
    if total <= EVENTS_DRAWN:
        rows = list(events.dated().prefetch_related("actors") if lane else events.dated())
        first = min(event.date_start for event in rows)
        last = max(event.date_end or event.date_start for event in rows)
        window = axis.snapped(first, last, explicit_start=start, explicit_end=end)
        return AxisData(window, None, len(rows), undated, _event_lanes(rows, lane))
    first = datetime.date(*min(months), 1)
    last = axis.bucket_end(datetime.date(*max(months), 1), "month")
    window = axis.snapped(first, last, explicit_start=start, explicit_end=end)
    unit = axis.unit_for(window)
    if unit == "day":
        inside = events.filter(date_start__gte=window[0]).day_counts()
        # the events that began before the window (and last into it): the rest of the total
        totals = axis.rolled(inside, window, unit)
        if total > sum(inside.values()):
            totals[axis.EARLIER] = total - sum(inside.values())
    else:
        totals = axis.rolled({datetime.date(year, month, 1): n for (year, month), n in months.items()}, window, unit)
    if not lane:
        return AxisData(window, unit, total, undated, [("", "All events", totals)])
    return AxisData(window, unit, total, undated, _cached_count_lanes(filters, lane, events, window, unit, totals, version))


def _undated(filters, version):
    """Undated events matching the filters other than the dates (a date filter leaves them out)."""
    others = {key: value for key, value in filters.items() if key not in {"start", "end", "order"}}
    key = "timeline:axis:undated:" + hashlib.sha1(f"{version}|{sorted((k, str(v)) for k, v in others.items())}".encode()).hexdigest()
    return remembered(key, lambda: Event.objects.visible().matching({**others, "order": "oldest"}).filter(date_start__isnull=True).count())


def _lane_names(lane, keys):
    """{key: name}: a country's name for its code, an actor's for its id."""
    if lane == "country":
        names = dict(Actor.objects.filter(kind=Actor.Kind.COUNTRY, country__in=keys).values_list("country", "name"))
        return {key: names.get(key, key) for key in keys}
    return {str(pk): name for pk, name in Actor.objects.filter(pk__in=[int(key) for key in keys]).values_list("pk", "name")}


def _keys_of(event, lane):
    if lane == "country":
        return {actor.country for actor in event.actors.all() if actor.country}
    return {str(actor.pk) for actor in event.actors.all() if actor.kind != Actor.Kind.COUNTRY}


def _event_lanes(rows, lane):
    """[(key, name, events)]: the lanes of the few events drawn one by one. An event is in the
    lane of each of its countries (or actors) among the most frequent; in "others" if none."""
    if not lane:
        return [("", "All events", rows)]
    keys = {event.pk: _keys_of(event, lane) for event in rows}
    frequency = {}
    for found in keys.values():
        for key in found:
            frequency[key] = frequency.get(key, 0) + 1
    names = _lane_names(lane, list(frequency))
    top = sorted(frequency, key=lambda key: (-frequency[key], names.get(key, key)))[:LANES_SHOWN]
    lanes = [(key, names.get(key, key), [event for event in rows if key in keys[event.pk]]) for key in top]
    others = [event for event in rows if not keys[event.pk] & set(top)]
    return lanes + ([(None, OTHERS, others)] if others else [])


def _cached_count_lanes(filters, lane, events, window, unit, totals, version):
    chosen = sorted((name, str(value)) for name, value in filters.items() if name != "order")
    key = "timeline:axis:lanes:" + hashlib.sha1(f"{version}|{chosen}|{lane}|{window}|{unit}".encode()).hexdigest()
    return remembered(key, lambda: _count_lanes(filters, lane, events, window, unit, totals))


def _count_lanes(filters, lane, events, window, unit, totals):
    """[(key, name, {bucket start: n})] of the most frequent countries or actors, and of the
    events that have none of them ("others": the window's total less those that do)."""
    by_key = {}
    for (key, day), n in _lane_counts(filters, lane, events, window, unit).items():
        counts = by_key.setdefault(key, {})
        counts[day] = counts.get(day, 0) + n
    if lane == "actor":  # countries have lanes of their own
        for pk in Actor.objects.filter(kind=Actor.Kind.COUNTRY).values_list("pk", flat=True):
            by_key.pop(str(pk), None)
    sums = {key: sum(counts.values()) for key, counts in by_key.items()}
    names = _lane_names(lane, list(sums))
    top = sorted((key for key in sums if sums[key]), key=lambda key: (-sums[key], names.get(key, key)))[:LANES_SHOWN]
    lanes = [(key, names.get(key, key), axis.rolled(by_key[key], window, unit)) for key in top]
    if top:
        links = EventActor.objects.filter(actor__country__in=top) if lane == "country" else \
            EventActor.objects.filter(actor_id__in=[int(key) for key in top])
        with_top = events.filter(id__in=links.values("event_id"))
        if unit == "day":
            counted = with_top.day_counts()
        else:
            counted = {datetime.date(year, month, 1): n for (year, month), n in with_top.month_counts().items()}
        in_top = axis.rolled(counted, window, unit)
    else:
        in_top = {}
    others = {bucket: n - in_top.get(bucket, 0) for bucket, n in totals.items()}
    if any(others.values()):
        lanes.append((None, OTHERS, others))
    return lanes


def _lane_counts(filters, lane, events, window, unit):
    """{(key, day or month): n}. For filters the summary knows (types, statuses, dates) the
    months wholly inside the window come from ``MonthFacetCount``; the months the window
    covers in part and the events that began before it, from the rows."""
    if unit == "day" or not set(filters) <= _SUMMARISED:
        return events.lane_counts(lane, "day" if unit == "day" else "month")
    first, last = window
    inner_first = first if first.day == 1 else axis.add_months(first, 1) if first < axis.LAST.replace(day=1) else axis.LAST
    inner_after = last + axis.DAY if last == axis.LAST or (last + axis.DAY).day == 1 else last.replace(day=1)
    counts = {}
    if inner_first < inner_after:
        rows = MonthFacetCount.objects.filter(facet=lane, month__gte=inner_first, month__lt=inner_after, n__gt=0)
        if filters.get("type"):
            rows = rows.filter(event_type__in=filters["type"])
        if filters.get("status"):
            rows = rows.filter(status__in=filters["status"])
        for key, month, n in rows.order_by().values("facet_key", "month").annotate(total=Sum("n")).values_list(
                "facet_key", "month", "total"):
            counts[(key, month)] = n
        rest = events.exclude(date_start__gte=inner_first, date_start__lt=inner_after)
    else:
        rest = events
    if filters.get("start") or filters.get("end") or inner_first >= inner_after:
        for pair, n in rest.lane_counts(lane, "month").items():
            counts[pair] = counts.get(pair, 0) + n
    return counts
