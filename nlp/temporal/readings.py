"""What a resolver gets and gives: the resolution context, and readings of calendar periods.

A resolver takes a ``Resolution`` (the text, the publication date, whether that date is
approximate, the last date the text mentioned) with its rule's groups, and returns a
``Reading`` or raises ``Reject`` when the match is not a date expression after all.

>>> period_reading("week", -1, datetime.date(2021, 4, 7), "publication date").timex
'2021-W13'
"""

import datetime
import re
from dataclasses import dataclass

from .calendar import add_months, interval, narrow, week_interval, week_value, year_ok
from .timex import DATE, TIME
from .vocabulary import vocabulary

WORDS = vocabulary()


class Reject(Exception):
    """The match is not a date expression after all (a false friend)."""


@dataclass(slots=True)
class Reading:
    timex: str
    type: str = DATE
    granularity: str = "day"
    start: datetime.date | None = None
    end: datetime.date | None = None
    mod: str = ""
    anchor: str = "absolute"
    human: str = ""
    approximate: bool = False
    # a period compared with another ("a year earlier" than the quarter just named): it does not
    # become the date the next comparison counts from
    comparison: bool = False
    # where the mention ends when it is shorter than the match ("a few days" of "a few days later")
    trim_end: int | None = None


@dataclass(slots=True)
class Resolution:
    """One text being resolved; ``reference`` is the last date it mentioned, for "a day earlier"."""

    text: str
    dct: datetime.date | None
    dct_is_approximate: bool = False
    reference: Reading | None = None
    reference_text: str | None = None
    reported_quarter: Reading | None = None  # the last calendar quarter the text named


# -- words for explanations -----------------------------------------------------------------


def day_words(day):
    return f"{WORDS.weekday_names[day.weekday()]} {day.day} {WORDS.month_names[day.month]} {day.year}"


def date_words(day):
    return f"{day.day} {WORDS.month_names[day.month]} {day.year}"


def mod_prefix(mod):
    return WORDS.mod_prefixes.get(mod, "")


# -- readings of calendar periods -----------------------------------------------------------


def day_reading(day, anchor, weekday=False):
    return Reading(
        timex=day.isoformat(), granularity="day", start=day, end=day, anchor=anchor,
        human=day_words(day) if weekday or anchor != "absolute" else date_words(day),
    )


def clock_of(g):
    """(hour, minute) of "9 a.m." or "noon" in a match."""
    if g["noon"]:
        return 12, 0
    hour, minute = int(g["h"]), int(g["m"] or 0)
    if not 1 <= hour <= 12:
        raise Reject
    return hour % 12 + (12 if g["ampm"].lower().startswith("p") else 0), minute


def at_clock(reading, g):
    """A day's reading at the clock time of a match ("5 p.m. EST Nov. 9", "noon Thursday")."""
    hour, minute = clock_of(g)
    if reading.start is None:
        raise Reject
    reading.type = TIME
    reading.timex += f"T{hour:02d}:{minute:02d}"
    reading.human += f", {hour:02d}:{minute:02d}"
    return reading


def time_of_day(reading, part_of_day):
    """The reading narrowed to a part of its day: "Tuesday morning" is 2021-04-06TMO."""
    reading.type = TIME
    reading.timex += "T" + WORDS.parts_of_day[part_of_day]
    reading.human += f" ({part_of_day})"
    return reading


def month_reading(year, month, mod="", anchor="absolute"):
    start, end = narrow(*interval("month", year, month), mod)
    return Reading(timex=f"{year:04d}-{month:02d}", granularity="month", start=start, end=end, mod=mod,
                   anchor=anchor, human=f"{mod_prefix(mod)}{WORDS.month_names[month]} {year}")


def year_reading(year, mod="", anchor="absolute"):
    if not year_ok(year):
        raise Reject
    start, end = narrow(*interval("year", year), mod)
    return Reading(timex=f"{year:04d}", granularity="year", start=start, end=end, mod=mod, anchor=anchor,
                   human=f"{mod_prefix(mod)}{year}")


def decade_reading(decade, mod, anchor="absolute"):
    start, end = narrow(*interval("decade", decade), mod)
    return Reading(timex=f"{decade // 10:03d}", granularity="decade", start=start, end=end, mod=mod,
                   anchor=anchor, human=f"{mod_prefix(mod)}the {decade}s")


def season_reading(year, season, mod="", anchor="absolute"):
    start, end = narrow(*interval("season", year, season), mod)
    return Reading(timex=f"{year:04d}-{season}", granularity="season", start=start, end=end, mod=mod,
                   anchor=anchor, human=f"{mod_prefix(mod)}{WORDS.season_names[season]} {year}")


def unresolved(timex, granularity, human, type_=DATE, mod=""):
    return Reading(timex=timex, type=type_, granularity=granularity, anchor="none", human=human, mod=mod)


def underspecified_relative(direction, granularity, words):
    value = {"past": "PAST_REF", "future": "FUTURE_REF"}.get(direction, "PRESENT_REF")
    return unresolved(value, granularity, words)


def period_reading(unit, offset, base, anchor, mod=""):
    """The calendar unit containing ``base``, shifted by ``offset`` units."""
    if unit == "day":
        return day_reading(base + datetime.timedelta(days=offset), anchor, weekday=True)
    if unit in {"week", "fortnight"}:
        day = base + datetime.timedelta(weeks=offset)
        start, end = narrow(*week_interval(day), mod)
        return Reading(timex=week_value(day), granularity="week", start=start, end=end, mod=mod, anchor=anchor,
                       human=f"{mod_prefix(mod)}the week of {date_words(week_interval(day)[0])}")
    if unit == "weekend":
        day = base + datetime.timedelta(weeks=offset)
        saturday = week_interval(day)[0] + datetime.timedelta(days=5)
        return Reading(timex=week_value(day) + "-WE", granularity="week", start=saturday,
                       end=saturday + datetime.timedelta(days=1), anchor=anchor,
                       human=f"the weekend of {date_words(saturday)}")
    if unit == "month":
        day = add_months(base.replace(day=1), offset)
        return month_reading(day.year, day.month, mod, anchor)
    if unit == "quarter":
        year, quarter = divmod(base.year * 4 + (base.month - 1) // 3 + offset, 4)
        start, end = narrow(*interval("quarter", year, quarter + 1), mod)
        return Reading(timex=f"{year:04d}-Q{quarter + 1}", granularity="quarter", start=start, end=end,
                       mod=mod, anchor=anchor, human=f"{mod_prefix(mod)}Q{quarter + 1} {year}")
    if unit == "year":
        return year_reading(base.year + offset, mod, anchor)
    if unit == "decade":
        return decade_reading((base.year // 10 + offset) * 10, mod, anchor)
    if unit == "century":
        century = base.year // 100 + offset
        start, end = narrow(*interval("century", century * 100), mod)
        return Reading(timex=f"{century:02d}", granularity="century", start=start, end=end, mod=mod,
                       anchor=anchor, human=f"{mod_prefix(mod)}the {century * 100}s")
    raise Reject


def quarter_just_named(resolution):
    """The date mentioned just before, when it is a calendar quarter ("the third quarter",
    "Q3 2021"; not a half-year); else None."""
    reference = resolution.reference
    if reference is None or reference.start is None or not re.fullmatch(r"\d{4}-Q[1-4]", reference.timex):
        return None
    return reference


def compared_quarter(resolution, years):
    """In a report of quarterly figures, "a year ago" and "a year earlier" are the quarter just
    mentioned, that many years before ("third-quarter profit rose from $5 million a year ago":
    the third quarter of the year before); None unless the date mentioned just before is a quarter.
    """
    quarter = quarter_just_named(resolution)
    if quarter is None:
        return None
    reading = period_reading("quarter", -4 * years, quarter.start, "previous date")
    reading.comparison = True
    reading.human = f"{reading.human}, the quarter just mentioned {years} year{'s' if years > 1 else ''} before"
    return reading


def base_date(resolution, prefer_reference):
    """Base for anaphoric expressions: the last mentioned date, else the publication date."""
    if prefer_reference and resolution.reference is not None:
        return resolution.reference.start, "previous date"
    if resolution.dct is not None:
        return resolution.dct, "publication date"
    return None, "none"
