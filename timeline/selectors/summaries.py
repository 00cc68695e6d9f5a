"""The one place that decides which summary answers a read.

The database keeps counts as events change (``timeline.models``: ``MonthCount``,
``MonthFacetCount``, ``WordCount``, ``PlaceCount``, ``ActorCount``, ``MonthLaneCount``, kept
by triggers). Each ``Summary`` below states which shapes of filters it can answer; the reads
ask ``answers`` and fall back to counting the matching rows (one GROUP BY) for any other
shape. A date range is answered by a summary of months too: the months wholly inside it from
the summary, a month it covers in part and the events that began before it and last into it
from the rows (index ranges, whatever the size of the archive).

>>> from timeline.selectors.filters import EventFilters
>>> MONTHS.answers(EventFilters.of(type=["visit"])), MONTHS.answers(EventFilters.of(q="visit"))
(True, False)
>>> MONTHS_BY_FACET.answers(EventFilters.of(topic=["energy"], status=["planned"]))
True
"""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Q

from timeline.models import Actor, Event, MonthCount, MonthFacetCount, PlaceCount, Topic
from timeline.models.search import word_counts
from timeline.selectors.cache import cache_key, remembered

# what every summary of events keeps apart besides its own key: an event's type and status
CELL = frozenset({"type", "status"})
DATES = frozenset({"start", "end"})
FACETS = ("actor", "topic", "country")


@dataclass(frozen=True)
class Summary:
    """A summary table and the filters it can answer: those of ``holds``, with ``dates`` a date
    range (composed from its months), and with ``facet`` one actor, topic or country."""

    name: str
    holds: frozenset = CELL
    dates: bool = False
    facet: bool = False

    def answers(self, filters):
        rest = filters.shape - self.holds - (DATES if self.dates else frozenset())
        if self.facet:
            return len(rest) == 1 and facet_of(filters) is not None
        return not rest


MONTHS = Summary("MonthCount", dates=True)  # dated events per month × type × status
MONTHS_BY_FACET = Summary("MonthFacetCount", dates=True, facet=True)  # the same per actor, topic, country
PLACES = Summary("PlaceCount")  # events per place × type × status
LANES = Summary("MonthLaneCount", dates=True)  # months × type × status × the set of countries or actors named
WORDS = Summary("WordCount", holds=frozenset({"q"}))  # PostgreSQL: per search word (lexeme) and month
ACTORS = Summary("ActorCount", holds=frozenset())  # events per actor, for the finder
SUMMARIES = (MONTHS, MONTHS_BY_FACET, PLACES, LANES, WORDS, ACTORS)


def facet_of(filters):
    """("actor" | "topic" | "country", the summary's key) when the filters besides types,
    statuses and dates are one actor, one topic or one country; None otherwise. Looked up
    once per filters value (a page asks for it from every count)."""
    known = filters.__dict__.get("_facet", filters)
    if known is filters:
        known = filters.__dict__["_facet"] = _facet_of(filters)
    return known


def _facet_of(filters):
    rest = filters.shape - CELL - DATES
    if len(rest) != 1:
        return None
    name, = rest
    if name in {"actor", "topic"}:
        slugs = filters.actors if name == "actor" else filters.topics
        if len(slugs) != 1:
            return None
        pk = (Actor if name == "actor" else Topic).objects.filter(slug=slugs[0]).values_list("pk", flat=True).first()
        return (name, pk) if pk is not None else None
    if name == "country":
        return "country", Event.objects.country_code(filters.country)
    return None


def month_counts(filters):
    """{(year, month): matching dated events} (those that began before a From date counted in
    their own month), from the summary that answers these filters, else from the rows."""
    facet = facet_of(filters) if MONTHS_BY_FACET.answers(filters) else None
    if MONTHS.answers(filters) or facet is not None:
        if filters.dates:
            return _date_range_counts(filters, facet)
        if facet is not None:
            return MonthFacetCount.objects.counts(*facet, filters.types, filters.statuses)
        return MonthCount.objects.counts(filters.types, filters.statuses)
    if WORDS.answers(filters):
        words = word_counts(filters.text)
        if words is not None:
            return words[0]
    return Event.objects.visible().matching(filters).month_counts()


def _date_range_counts(filters, facet=None):
    start, end = filters.start, filters.end
    # the calendar's first and last days ("0001", "9999") have no day before or after them,
    # and nothing lies beyond them to leave out
    start, end = (None if start == datetime.date.min else start), (None if end == datetime.date.max else end)
    one_day = datetime.timedelta(days=1)
    partial = []  # the first day of a month the range covers in part
    if start and start.day != 1:
        partial.append(start.replace(day=1))
    if end and (end + one_day).day != 1:
        partial.append(end.replace(day=1))
    # months wholly inside: a range from the 1st includes its first month, one to a month's
    # last day its last month
    after = start - one_day if start and start.day == 1 else start
    before = end + one_day if end and (end + one_day).day == 1 else end
    if facet:
        counts = MonthFacetCount.objects.counts(*facet, filters.types, filters.statuses, after=after, before=before)
    else:
        counts = MonthCount.objects.counts(filters.types, filters.statuses, after=after, before=before)
    matching = Event.objects.visible().matching(filters)
    parts = []
    edges = Q()
    for first in dict.fromkeys(partial):
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])  # December 9999 too
        edges |= Q(date_start__gte=first, date_start__lte=last)
    if partial:
        parts.append(matching.filter(edges).month_counts())
    if start:
        parts.append(matching.spanning(start).filter(date_start__lt=start.replace(day=1)).month_counts())
    for part in parts:
        for month, n in part.items():
            counts[month] = counts.get(month, 0) + n
    return counts


def place_counts(filters):
    """{place id: matching events}, ``None`` for the events with no place."""
    if PLACES.answers(filters):
        return PlaceCount.objects.counts(filters.types, filters.statuses)
    matching = Event.objects.visible().matching(filters)
    start = filters.start
    if not start or start == datetime.date.min:
        return matching.place_counts()
    # a From date: the events that begin in the range (a range of the date index) and those
    # that began before it and last into it (the intervals' index), as the list reads them,
    # instead of a pass over every event that began earlier
    counts = matching.filter(date_start__gte=start).place_counts()
    for place, n in matching.spanning(start).place_counts().items():
        counts[place] = counts.get(place, 0) + n
    return counts


def chart_counts(filters, version, counts=None):
    """{(year, month): matching dated events}, as the density chart and the time axis count
    them, kept per version of the data and filters; ``counts``: already read by the page."""
    key = cache_key("chart", version, filters.key())
    if counts is not None:
        return remembered(key, lambda: counts)
    return remembered(key, lambda: month_counts(filters))
