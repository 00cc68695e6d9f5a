"""Calendar arithmetic: month ends, adding months, calendar intervals, ISO weeks, early/mid/late.

>>> interval("season", 2014, "WI")
(datetime.date(2013, 12, 1), datetime.date(2014, 2, 28))
>>> narrow(*interval("year", 2020), "START")
(datetime.date(2020, 1, 1), datetime.date(2020, 5, 1))
"""

import calendar
import datetime

from .vocabulary import vocabulary


def month_end(year, month):
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def add_months(day, months):
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    if not 1 <= year <= 9998:
        raise OverflowError
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def year_ok(year):
    return 1 <= year <= 9998


def interval(granularity, year, part=None):
    """Calendar interval for a year plus month/quarter/season/half/week/day part."""
    if granularity == "year":
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if granularity == "month":
        return datetime.date(year, part, 1), month_end(year, part)
    if granularity == "quarter":
        first = 3 * (part - 1) + 1
        return datetime.date(year, first, 1), month_end(year, first + 2)
    if granularity == "half":
        first = 1 if part == 1 else 7
        return datetime.date(year, first, 1), month_end(year, first + 5)
    if granularity == "season":
        if part == "WI":  # December of the year before to the end of February
            return datetime.date(year - 1, 12, 1) if year > 1 else datetime.date(year, 1, 1), month_end(year, 2)
        first = {"SP": 3, "SU": 6, "FA": 9}[part]
        return datetime.date(year, first, 1), month_end(year, first + 2)
    if granularity == "decade":
        return datetime.date(year, 1, 1), datetime.date(year + 9, 12, 31)
    if granularity == "century":
        return datetime.date(max(year, 1), 1, 1), datetime.date(year + 99, 12, 31)
    raise ValueError(granularity)


def week_interval(day):
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=6)


def week_value(day):
    iso = day.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def narrow(start, end, mod):
    """Narrow an interval to its start, middle or end third for "early", "mid", "late"."""
    if not mod or start is None or mod not in {"START", "MID", "END"}:
        return start, end
    span = (end - start).days + 1
    third = max(span // 3, 1)
    if mod == "START":
        return start, start + datetime.timedelta(days=third - 1)
    if mod == "END":
        return end - datetime.timedelta(days=third - 1), end
    middle = start + datetime.timedelta(days=third)
    return middle, min(end, middle + datetime.timedelta(days=third - 1))


TENSE_OVERRIDES_AFTER_DAYS = 31
# how many months after publication a month named with no year and no tense may fall
UNTENSED_MONTH_AHEAD = 2


def year_for_month(dct, month, tense, day=None):
    """The year of a month (or month-day) named without one, from the publication date and tense.

    "will visit in March" written in November is next March; "visited in March" this one;
    with no tense the nearest March.

    >>> d = datetime.date(1989, 11, 2)
    >>> year_for_month(d, 11, "past", 20), year_for_month(d, 12, "past", 28), year_for_month(d, 1, "future", 5)
    (1989, 1988, 1990)
    """
    if day is not None:
        try:
            candidate = datetime.date(dct.year, month, day)
        except ValueError:
            candidate = datetime.date(dct.year, month, 28)
        # News names the year of any date outside the current one; a month and day alone are this
        # year's unless the tense puts them on the other side of the publication date by more
        # than a month ("extended to Nov. 20" written on 2 November is this November 20).
        if tense == "future":
            return dct.year if (dct - candidate).days <= TENSE_OVERRIDES_AFTER_DAYS else dct.year + 1
        if tense == "past":
            return dct.year if (candidate - dct).days <= TENSE_OVERRIDES_AFTER_DAYS else dct.year - 1
        # Neither: the nearest occurrence.
        options = []
        for year in (dct.year - 1, dct.year, dct.year + 1):
            try:
                options.append((abs((datetime.date(year, month, min(day, 28)) - dct).days), year))
            except ValueError:
                continue
        return min(options)[1]
    # a month alone, the same way: "in mid-November" said on 30 October of a past event is
    # this November (the tense would have to put it over a month away)
    first = datetime.date(dct.year, month, 1)
    last = datetime.date(dct.year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)
    if tense == "future":
        return dct.year if (dct - last).days <= TENSE_OVERRIDES_AFTER_DAYS else dct.year + 1
    if tense == "past":
        return dct.year if (first - dct).days <= TENSE_OVERRIDES_AFTER_DAYS else dct.year - 1
    # Neither: news mostly reports what has happened, so a month alone falls in the twelve months
    # that end two months after publication ("in March" written in November is the March past,
    # "in January" the one coming).
    ahead = (month - dct.month) % 12
    if ahead <= UNTENSED_MONTH_AHEAD:
        return dct.year if month >= dct.month else dct.year + 1
    return dct.year if month < dct.month else dct.year - 1


def easter(year):
    """Easter Sunday of a Gregorian year (the anonymous Gregorian computus).

    >>> easter(2000), easter(2024)
    (datetime.date(2000, 4, 23), datetime.date(2024, 3, 31))
    """
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


def holiday_date(rule, year):
    """The day a holiday rule of the vocabulary ("12-25", "4 Thursday 11", "1 Monday 11 +1",
    "easter -2") gives in ``year``.

    >>> holiday_date("4 Thursday 11", 1999), holiday_date("1 Monday 11 +1", 1998), holiday_date("last Monday 05", 2000)
    (datetime.date(1999, 11, 25), datetime.date(1998, 11, 3), datetime.date(2000, 5, 29))
    """
    parts = rule.split()
    shift = int(parts.pop()) if parts[-1][0] in "+-" else 0
    if parts[0] == "easter":
        day = easter(year)
    elif len(parts) == 1:
        month, day_of_month = map(int, parts[0].split("-"))
        day = datetime.date(year, month, day_of_month)
    else:
        which, weekday_name, month = parts[0], parts[1], int(parts[2])
        weekday = vocabulary().weekdays[weekday_name.lower()]
        first = datetime.date(year, month, 1)
        day = first + datetime.timedelta(days=(weekday - first.weekday()) % 7)
        if which == "last":
            while (day + datetime.timedelta(weeks=1)).month == month:
                day += datetime.timedelta(weeks=1)
        else:
            day += datetime.timedelta(weeks=int(which) - 1)
    return day + datetime.timedelta(days=shift)
