"""The time axis, drawn on the server: plain functions that take a window of days and the events
or counts in it, and return what the template prints. No database here.

Horizontal positions are percentages of the window's width (SVG accepts them for ``x`` and
``width``), heights and type sizes are pixels: one drawing fits a phone and a desktop, and its
text stays readable on both.

A window is ``(first day, last day)``, both shown. Its dates go into the page's ``start`` and
``end`` parameters as the filter form accepts them: a whole year as "2014", a whole month as
"2014-03", anything else day by day.

>>> window_label((datetime.date(2014, 1, 1), datetime.date(2015, 12, 31)))
'2014 – 2015'
>>> period_params((datetime.date(2014, 3, 1), datetime.date(2014, 5, 31)))
('2014-03', '2014-05')
"""

import datetime
from dataclasses import dataclass

from timeline.selectors.periods import (
    DAY, EARLIER, FIRST, LAST, add_months, bucket_end, bucket_start, length_in_days, whole_months, whole_years, within_calendar,
)
from timeline.web.presentation import MONTH_ABBR, date_label

TICKS = 12  # labelled ticks at most; every other label is left out on a phone
COUNT_TRACK_HEIGHT, LANE_TRACK_HEIGHT = 120, 44  # pixels: one lane, or each of several


# -- words and parameters ----------------------------------------------------------------------

def day_words(day):
    return f"{day.day} {MONTH_ABBR[day.month]} {day.year}"


def window_label(window):
    """ "2014", "2014 – 2016", "Mar 2014", "Mar – May 2014", "5 Mar 2014 – 9 Apr 2014"."""
    first, last = window
    if whole_years(window):
        return str(first.year) if first.year == last.year else f"{first.year} – {last.year}"
    if whole_months(window):
        if (first.year, first.month) == (last.year, last.month):
            return f"{MONTH_ABBR[first.month]} {first.year}"
        if first.year == last.year:
            return f"{MONTH_ABBR[first.month]} – {MONTH_ABBR[last.month]} {first.year}"
        return f"{MONTH_ABBR[first.month]} {first.year} – {MONTH_ABBR[last.month]} {last.year}"
    return day_words(first) if first == last else f"{day_words(first)} – {day_words(last)}"


def bucket_label(start, unit):
    if unit == "day":
        return day_words(start)
    if unit == "month":
        return f"{MONTH_ABBR[start.month]} {start.year}"
    return str(start.year) if unit == "year" else f"{start.year}s"


def period_params(window):
    """The ``start`` and ``end`` values of a window, as short as the filter form reads them."""
    first, last = window
    if whole_years(window):
        return f"{first.year:04d}", f"{last.year:04d}"
    if whole_months(window):
        return f"{first.year:04d}-{first.month:02d}", f"{last.year:04d}-{last.month:02d}"
    return first.isoformat(), last.isoformat()


def with_window(prefix, window):
    """A query string: ``prefix`` (the other parameters, each followed by "&", or "") and the
    window's dates."""
    start, end = period_params(window)
    return f"{prefix}start={start}&end={end}"


# -- moving along the axis ----------------------------------------------------------------------

def zoomed_in(window):
    """The middle half of the window, in the same calendar unit (a year's middle months, a
    month's middle days); None for a single day."""
    first, last = window
    if whole_years(window):
        years = last.year - first.year + 1
        if years > 1:
            keep = max(1, years // 2)
            start = first.year + (years - keep) // 2
            return datetime.date(start, 1, 1), datetime.date(start + keep - 1, 12, 31)
        return add_months(first, 3), add_months(first, 9) - DAY
    if whole_months(window):
        months = (last.year - first.year) * 12 + last.month - first.month + 1
        if months > 1:
            keep = max(1, months // 2)
            start = add_months(first, (months - keep) // 2)
            return start, add_months(start, keep) - DAY
    days = length_in_days(window)
    if days == 1:
        return None
    keep = max(1, days // 2)
    start = first + datetime.timedelta(days=(days - keep) // 2)
    return start, start + datetime.timedelta(days=keep - 1)


def zoomed_out(window):
    """Twice the window around its middle, widened to whole months (two months or more) and
    whole years (three years or more); None when it already covers the calendar."""
    first, last = window
    if window == (FIRST, LAST):
        return None
    days = length_in_days(window)
    start = within_calendar(lambda: first - datetime.timedelta(days=(days + 1) // 2)) or FIRST
    end = within_calendar(lambda: last + datetime.timedelta(days=(days + 1) // 2)) or LAST
    if days * 2 >= 3 * 365:
        return datetime.date(start.year, 1, 1), datetime.date(end.year, 12, 31)
    if days * 2 >= 56:
        return start.replace(day=1), bucket_end(end.replace(day=1), "month")
    return start, end


def shifted(window, direction):
    """The window of the same length just before (``direction=-1``) or after (``1``) it;
    None past the ends of the calendar."""
    first, last = window
    if whole_years(window):
        years = (last.year - first.year + 1) * direction
        return within_calendar(lambda: (first.replace(year=first.year + years), last.replace(year=last.year + years)))
    if whole_months(window):
        months = ((last.year - first.year) * 12 + last.month - first.month + 1) * direction
        return within_calendar(lambda: (add_months(first, months), bucket_end(add_months(last.replace(day=1), months), "month")))
    step = datetime.timedelta(days=length_in_days(window) * direction)
    return within_calendar(lambda: (first + step, last + step))


@dataclass
class Move:
    label: str
    query: str | None  # None: no such move (drawn as text, not a link)


def moves(window, prefix):
    """Earlier, zoom in, zoom out, later: links to the same page with another window."""
    targets = [("Earlier", shifted(window, -1)), ("Zoom in", zoomed_in(window)),
               ("Zoom out", zoomed_out(window)), ("Later", shifted(window, 1))]
    return [Move(label, with_window(prefix, target) if target else None) for label, target in targets]


# -- drawing -------------------------------------------------------------------------------------

def _percent(value):
    return f"{value:.3f}%"


class Scale:
    """Days to percentages of the window's width: a day's left edge, or (``end=True``) its
    right edge."""

    def __init__(self, window):
        self.first, self.days = window[0], length_in_days(window)

    def __call__(self, day, *, end=False):
        offset = (day - self.first).days + (1 if end else 0)
        return 100 * min(max(offset, 0), self.days) / self.days


@dataclass
class Tick:
    x: str
    label: str
    anchor: str  # "start", or "end" near the right edge
    alternate: bool  # left out on narrow screens


def ticks(window):
    """Labelled ticks at the start of years (every 1, 2, 5, 10... years), months (every 1, 2,
    3 or 6) or days, at most ``TICKS`` of them."""
    first, last = window
    scale = Scale(window)
    days = length_in_days(window)
    marks = []
    if days > 3 * 366:
        years = last.year - first.year + 1
        step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000) if years / s <= TICKS)
        year = -(-first.year // step) * step
        while year <= last.year:
            day = datetime.date(max(1, year), 1, 1)
            if day >= first:
                marks.append((day, str(year)))
            year += step
    elif days > 62:
        months = (last.year - first.year) * 12 + last.month - first.month + 1
        step = next(s for s in (1, 2, 3, 6, 12) if months / s <= TICKS)
        month = first if first.day == 1 else within_calendar(add_months, first, 1)
        while month is not None and month <= last:
            if (month.month - 1) % step == 0:
                marks.append((month, f"{MONTH_ABBR[month.month]} {month.year}" if month.month == 1 or not marks
                              else MONTH_ABBR[month.month]))
            month = within_calendar(add_months, month, 1)
    else:
        step = next(s for s in (1, 2, 3, 7, 14) if days / s <= TICKS)
        for offset in range(0, days, step):
            day = first + datetime.timedelta(days=offset)
            marks.append((day, f"{day.day} {MONTH_ABBR[day.month]}" + (f" {day.year}" if not marks or day.timetuple().tm_yday == 1 else "")))
    return [Tick(_percent(scale(day)), label, "end" if scale(day) > 88 else "start", index % 2 == 1)
            for index, (day, label) in enumerate(marks)]


@dataclass
class EventBar:
    """One event on the axis: a bar from its first to its last day (a dot when that is too
    short to see), lighter and hatched when the date is a span the event lies somewhere in."""

    url: str
    title: str
    when: str
    note: str  # why the date is a span: "" for an exact one
    status: str
    x: str
    width: str
    centre: str
    dot: bool

    @property
    def uncertain(self):
        return bool(self.note)


def uncertainty_note(event):
    """Why a date is drawn as a span the event lies somewhere in, in words; "" when exact."""
    if event.date_certainty != "exact" or event.granularity == "unknown":
        return "approximate date"
    if event.granularity != "day":
        return "exact day not known"
    return ""


def event_bar(event, scale):
    left, right = scale(event.date_start), scale(event.date_end or event.date_start, end=True)
    return EventBar(url=event.get_absolute_url(), title=event.title, when=date_label(event),
                    note=uncertainty_note(event), status=event.status, x=_percent(left),
                    width=_percent(max(right - left, 0.4)), centre=_percent((left + right) / 2), dot=right - left < 0.8)


@dataclass
class CountBar:
    label: str
    count: int  # every event of the bar: those that began in its period, and ``earlier``
    x: str
    width: str
    y: str
    height: str
    query: str
    earlier: int = 0  # in the first bar: the events that began before the window
    earlier_y: str = ""
    earlier_height: str = ""

    @property
    def events(self):
        began = f" ({self.earlier:,} began earlier)" if self.earlier else ""
        return f"{self.count:,} event{'' if self.count == 1 else 's'}{began}"


@dataclass
class Lane:
    key: str | None  # a country code or actor id; "" for all events, None for the others
    name: str
    total: int
    bars: list


def event_lanes(lanes, window):
    """``lanes``: [(key, name, events)], each an event lane of the axis, events by date."""
    scale = Scale(window)
    drawn = []
    for key, name, events in lanes:
        events = sorted(events, key=lambda e: (e.date_start, e.date_end or e.date_start, e.title))
        drawn.append(Lane(key, name, len(events), [event_bar(event, scale) for event in events]))
    return drawn


def count_lanes(lanes, window, unit, prefix):
    """``lanes``: [(key, name, {bucket start: n})]: each bucket a bar whose height says its
    number (on one scale for every lane) and whose link zooms into it; empty buckets draw
    nothing. The events that began before the window (``EARLIER``) are stacked, hatched, on
    the first bar, and left out of the scale: however many, they do not flatten the others
    (drawn up to the top of the track at most). ``prefix``: the page's other parameters (see
    ``with_window``)."""
    scale = Scale(window)
    height = COUNT_TRACK_HEIGHT if len(lanes) == 1 else LANE_TRACK_HEIGHT
    room = height - 4
    highest = max((n for _, _, counts in lanes for key, n in counts.items() if key != EARLIER), default=0) or 1
    first = bucket_start(window[0], unit)
    drawn = []
    for key, name, counts in lanes:
        earlier = counts.get(EARLIER, 0)
        bars = []
        for start in sorted({day for day in counts if day != EARLIER} | ({first} if earlier else set())):
            n = counts.get(start, 0)
            carried = earlier if start == first else 0
            if not n + carried:
                continue
            end = bucket_end(start, unit)
            left, right = scale(max(start, window[0])), scale(min(end, window[1]), end=True)
            gap = (right - left) * 0.08
            bar_height = max(2.0, room * n / highest) if n else 0.0
            bar = CountBar(bucket_label(start, unit), n + carried, _percent(left + gap), _percent(right - left - 2 * gap),
                           f"{height - bar_height:.1f}", f"{bar_height:.1f}", with_window(prefix, (start, end)), carried)
            if carried:
                carried_height = max(3.0, min(room * carried / highest, room - bar_height))
                bar.earlier_y, bar.earlier_height = f"{height - bar_height - carried_height:.1f}", f"{carried_height:.1f}"
            bars.append(bar)
        drawn.append(Lane(key, name, sum(counts.values()), bars))
    return drawn, height, highest
