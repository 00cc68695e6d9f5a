"""What the time axis shows, read from the database: the events of a window one by one when
there are few, otherwise how many begin in each day, month, year or decade, per lane.

Counting never loads the events: it starts from the density chart's numbers per month (the
summaries ``MonthCount`` and ``MonthFacetCount`` whenever the filters allow, else one GROUP
BY), and lanes by country or actor come from ``MonthLaneCount`` (events by the whole set of
countries or actors they name, so that "others" is known too) for the months wholly inside the
window, and from the links of the few events of a month it covers in part or that began before
it; filters the summary does not know are counted with a GROUP BY over the actor links. The
events that began before the window and last into it are counted apart, and drawn stacked on
its first bar.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q, StringAgg, TextField, Value
from django.db.models.functions import Cast

from timeline.selectors import periods as axis
from timeline.models import Actor, Event, EventActor, MonthLaneCount
from timeline.selectors.cache import cache_key, remembered
from timeline.selectors.summaries import LANES

EVENTS_DRAWN = 150  # a window with more dated events than this is counted, not drawn event by event
LANES_SHOWN = 8  # the most frequent countries or actors get a lane each; the rest share "others"
LANE_KINDS = ("country", "actor")
OTHERS = "Others"


@dataclass
class AxisData:
    window: tuple | None  # (first day, last day); None when no dated event matches
    unit: str | None  # the period a bar counts; None when the events are drawn one by one
    total: int  # dated events in the window
    undated: int  # undated events that match the other filters
    # (lane key, name, events or {bucket start: n}): "" is every event, None the others
    lanes: list = field(default_factory=list)


def axis_data(filters, lane, months, version):
    """The axis of the events matching ``filters`` (an ``EventFilters``), their dated ones
    counted per month in ``months`` ({(year, month): n}, as ``summaries.month_counts`` gives)."""
    start, end = filters.start, filters.end
    events = Event.objects.visible().matching(filters)
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
    others = filters.without("start", "end")
    return remembered(cache_key("axis:undated", version, others.key()),
                      lambda: Event.objects.visible().matching(others).filter(date_start__isnull=True).count())


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
    return remembered(cache_key("axis:lanes", version, filters.key(), lane, window, unit),
                      lambda: _count_lanes(filters, lane, events, window, unit, totals))


def _count_lanes(filters, lane, events, window, unit, totals):
    """[(key, name, {bucket start: n})] of the most frequent countries or actors, and of the
    events that have none of them ("others": the window's total less those that do)."""
    cells = _lane_cells(filters, lane, events, window, unit) if unit != "day" and LANES.answers(filters) else None
    by_key = {}
    if cells is not None:
        for (keys, month), n in cells.items():
            for key in keys:
                counts = by_key.setdefault(key, {})
                counts[month] = counts.get(month, 0) + n
    else:
        for (key, day), n in events.lane_counts(lane, "day" if unit == "day" else "month").items():
            counts = by_key.setdefault(key, {})
            counts[day] = counts.get(day, 0) + n
    sums = {key: sum(counts.values()) for key, counts in by_key.items()}
    names = _lane_names(lane, list(sums))
    top = sorted((key for key in sums if sums[key]), key=lambda key: (-sums[key], names.get(key, key)))[:LANES_SHOWN]
    lanes = [(key, names.get(key, key), axis.rolled(by_key[key], window, unit)) for key in top]
    counted = {}
    if cells is not None:
        # an event is in a lane shown when its set of keys meets them
        for (keys, month), n in cells.items():
            if not keys.isdisjoint(top):
                counted[month] = counted.get(month, 0) + n
    elif top:
        links = EventActor.objects.filter(actor__country__in=top) if lane == "country" else \
            EventActor.objects.filter(actor_id__in=[int(key) for key in top])
        with_top = events.filter(id__in=links.values("event_id"))
        if unit == "day":
            counted = with_top.day_counts()
        else:
            counted = {datetime.date(year, month, 1): n for (year, month), n in with_top.month_counts().items()}
    in_top = axis.rolled(counted, window, unit)
    others = {bucket: n - in_top.get(bucket, 0) for bucket, n in totals.items()}
    if any(others.values()):
        lanes.append((None, OTHERS, others))
    return lanes


def _lane_cells(filters, lane, events, window, unit):
    """{(frozenset of keys, first day of a month, or of a year for bars of a year or more): n}:
    the matching dated events of the window (filters the summary knows: types, statuses, dates)
    by the set of countries or actors each names. The months wholly inside the window come
    from ``MonthLaneCount``; a month it covers in part, and the events that began before it and
    last into it, from those events' links (a range of the date index, and the intervals'
    index), whatever the size of the archive."""
    first, last = window
    # the months wholly inside: from inner_first up to, not including, inner_after (None: the
    # calendar's end); none when the window lies within one month
    inner_first = first if first.day == 1 else axis.add_months(first, 1) if first.year < 9999 or first.month < 12 else None
    inner_after = None if last == axis.LAST else last + axis.DAY if (last + axis.DAY).day == 1 else last.replace(day=1)
    rest = []
    if inner_first is not None and (inner_after is None or inner_first < inner_after):
        # bars of a year or a decade need no months: the summary adds them up by year
        cells = MonthLaneCount.objects.cells(lane, filters.types, filters.statuses,
                                             first=inner_first, after=inner_after, by="month" if unit == "month" else "year")
        if not axis.whole_months(window):
            partial = Q(date_start__gte=first, date_start__lt=inner_first)
            if inner_after is not None:
                partial |= Q(date_start__gte=inner_after)
            rest.append(events.filter(partial))
    else:
        cells = {}
        rest.append(events.filter(date_start__gte=first))
    if filters.start and first > axis.FIRST:
        # a From date keeps the events that last into it: the window's own (index) bounds leave
        # out those that began before it
        rest.append(events.spanning(first))
    for part in rest:
        for cell, n in _cells_of(part, lane).items():
            cells[cell] = cells.get(cell, 0) + n
    return cells


def _cells_of(events, lane):
    """{(frozenset of keys, first day of the month): n} of these dated events, from their links
    (an event that names no country, or no actor but countries, is left out, as in the summary)."""
    if lane == "country":
        keys = StringAgg("eventactor__actor__country", Value(","), filter=Q(eventactor__actor__country__gt=""))
    else:
        keys = StringAgg(Cast("eventactor__actor_id", TextField()), Value(","), filter=~Q(eventactor__actor__kind=Actor.Kind.COUNTRY))
    cells = {}
    for day, found in events.order_by().values("id", "date_start").annotate(keys=keys).values_list("date_start", "keys"):
        if found:
            cell = (frozenset(found.split(",")), day.replace(day=1))
            cells[cell] = cells.get(cell, 0) + 1
    return cells
