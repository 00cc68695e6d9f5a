"""Windows of days and the periods a time axis counts in them: calendar arithmetic, no
database and no drawing (``timeline.web.axis`` draws; ``timeline.selectors.axis`` counts).

A window is ``(first day, last day)``, both counted.

>>> unit_for((datetime.date(2014, 3, 1), datetime.date(2014, 3, 31)))
'day'
"""

import datetime

DAY = datetime.timedelta(days=1)
FIRST, LAST = datetime.date(1, 1, 1), datetime.date(9999, 12, 31)
# a window this short or shorter is counted by day, this long or shorter by month, then by year;
# beyond eighty years by decade (a few dozen bars at most, whatever the zoom)
DAYS_BY_DAY, DAYS_BY_MONTH, DAYS_BY_YEAR = 100, 4 * 366, 80 * 366


def add_months(day, months):
    """The first of the month ``months`` after (or before) ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def within_calendar(make, *args):
    """A date arithmetic that would leave the calendar (before year 1, after 9999) gives None."""
    try:
        return make(*args)
    except (ValueError, OverflowError):
        return None


def whole_years(window):
    return window[0].month == window[0].day == 1 and (window[1].month, window[1].day) == (12, 31)


def whole_months(window):
    return window[0].day == 1 and (window[1] == LAST or (window[1] + DAY).day == 1)


def length_in_days(window):
    return (window[1] - window[0]).days + 1


def unit_for(window):
    """The period each bar counts: a day, a month, a year or a decade, by the window's length."""
    days = length_in_days(window)
    if days <= DAYS_BY_DAY:
        return "day"
    if days <= DAYS_BY_MONTH:
        return "month"
    return "year" if days <= DAYS_BY_YEAR else "decade"


def bucket_start(day, unit):
    if unit == "day":
        return day
    if unit == "month":
        return day.replace(day=1)
    if unit == "year":
        return datetime.date(day.year, 1, 1)
    return datetime.date(max(1, day.year // 10 * 10), 1, 1)


def bucket_end(start, unit):
    """The last day of the bucket that begins on ``start``."""
    if unit == "day":
        return start
    if unit == "month":
        return LAST if start.year == 9999 and start.month == 12 else add_months(start, 1) - DAY
    if unit == "year":
        return datetime.date(start.year, 12, 31)
    return datetime.date(min(9999, start.year // 10 * 10 + 9), 12, 31)


def snapped(first, last, *, explicit_start=None, explicit_end=None):
    """The window around days ``first`` to ``last``, widened to whole years (three years or
    more) or whole months; an edge the visitor chose is kept as it is.

    >>> snapped(datetime.date(2019, 3, 5), datetime.date(2019, 6, 1), explicit_start=datetime.date(2020, 1, 1))
    (datetime.date(2020, 1, 1), datetime.date(2020, 1, 31))
    """
    if length_in_days((first, last)) > 3 * 366:
        window = (datetime.date(first.year, 1, 1), datetime.date(last.year, 12, 31))
    else:
        window = (first.replace(day=1), bucket_end(last.replace(day=1), "month"))
    start, end = explicit_start or window[0], explicit_end or window[1]
    # events that all began before a chosen From still last into the window: it is never empty
    # nor reversed
    return (start, end if end >= start else bucket_end(start.replace(day=1), "month"))


EARLIER = "earlier"  # the key of the events that began before the window's first period


def rolled(counts, window, unit):
    """{bucket start: n} of ``counts`` ({day: n}, a day or a month's first day), and under
    ``EARLIER`` those that began before the first bucket (they last into the window)."""
    first = bucket_start(window[0], unit)
    rolled_up = {}
    for day, n in counts.items():
        key = EARLIER if day < first else bucket_start(day, unit)
        rolled_up[key] = rolled_up.get(key, 0) + n
    return rolled_up
