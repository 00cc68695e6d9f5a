"""Dates that carry their own year: "13 June 2019", "2021-04-07", "October 2012", "Q3 2021",
"the first half of 2018", "the 20th century", "the late 2000s", "2012", "fiscal 2021".

>>> from nlp.temporal.readings import Resolution
>>> resolve_iso(Resolution("2021-04-07", None), {"year": "2021", "month": "04", "day": "07"}, 0, 10).timex
'2021-04-07'
"""

import datetime
import re

from ..calendar import interval, narrow, year_for_month, year_ok
from ..context import is_quantity, tense
from ..readings import (
    WORDS, Reading, Reject, at_clock, base_date, day_reading, decade_reading, mod_prefix, month_reading, period_reading,
    quarter_just_named, season_reading, unresolved, year_reading,
)
from ..rules import resolver, splitter
from ..scanner import Groups
from ..timex import DURATION
from ..vocabulary import alternation, mod_of, month_of

RESOLVER_WORDS = WORDS.resolvers
# "the 1960s and 70s": the century of the decade just named
_DECADE_BEFORE = re.compile(r"(1[5-9]|20)\d0'?s\W+(?:" + "|".join(map(re.escape, RESOLVER_WORDS.decade_joiners)) + r"|-|–)?\s*$")
# "the 1960s and 70s": "70s" alone is a decade only after a full one and one of these
_SHORT_DECADE_BEFORE = re.compile(r"(1[5-9]|20)\d0'?s\s+" + alternation(RESOLVER_WORDS.short_decade_joiners) + r"\s*$")

# -- days --------------------------------------------------------------------------------


def check_month_word(month_text, has_number):
    """Reject "may"/"march" the verbs and abbreviations that are names ("Jan")."""
    lowered = month_text.lower().rstrip(".")
    if month_text[0].islower() and lowered in WORDS.lowercase_without_number and not has_number:
        raise Reject
    if month_text.islower() and lowered in WORDS.lowercase_verbs:
        raise Reject


def full_date(resolution, day_text, month_text, year_text, weekday_text, start, end):
    month = month_of(month_text)
    day = int(re.match(r"\d+", day_text).group())
    check_month_word(month_text, True)
    if len(month_text.rstrip(".")) <= 4 and month_text[0].islower():
        raise Reject
    if year_text:
        try:
            date = datetime.date(int(year_text), month, day)
        except ValueError:
            raise Reject from None
        return day_reading(date, "absolute", weekday=bool(weekday_text))
    dct = resolution.dct
    if dct is None:
        return unresolved(f"XXXX-{month:02d}-{day:02d}", "day", f"{day} {WORDS.month_names[month]} of an unknown year")
    year = year_for_month(dct, month, tense(resolution.text, start, end), day)
    if weekday_text:
        # "Tuesday, April 6": the year whose April 6 is a Tuesday, near the DCT.
        wanted = WORDS.weekdays[weekday_text.lower()]
        for candidate in (year, year - 1, year + 1):
            try:
                if datetime.date(candidate, month, day).weekday() == wanted:
                    year = candidate
                    break
            except ValueError:
                continue
    try:
        date = datetime.date(year, month, day)
    except ValueError:
        raise Reject from None
    return day_reading(date, "publication date", weekday=True)


@resolver("dmy")
def resolve_day_month(resolution, g, start, end):
    return full_date(resolution, g["day"], g["month"], g["year"], g["weekday"], start, end)


@resolver("mdy")
def resolve_month_day(resolution, g, start, end):
    month_text = g["month"]
    if month_text.lower() == "may" and not g["year"] and month_text[0].islower():
        raise Reject
    return full_date(resolution, g["day"], month_text, g["year"], g["weekday"], start, end)


@resolver("clock_date")
def resolve_clock_date(resolution, g, start, end):
    """"5 p.m. EST Nov. 9": the date read as on its own, at that time of its day."""
    return at_clock(full_date(resolution, g["day"], g["month"], g["year"], None, start, end), g)


@splitter("day_range_dm")
def split_days_before_month(found):
    """"13-14 June 2019": "13" and "14 June 2019", both in June 2019."""
    g = found.groups
    (d1_start, d1_end), (d2_start, _) = found.span("d1"), found.span("d2")
    shared = {"month": g["month"], "year": g["year"], "weekday": None}
    return [(d1_start, d1_end, {"day": g["d1"], **shared}),
            (d2_start, found.span()[1], {"day": g["d2"], **shared})]


@splitter("day_range_md")
def split_month_before_days(found):
    """"June 13-14, 2019": "June 13" and "14, 2019", both in June 2019."""
    g = found.groups
    start, end = found.span()
    shared = {"month": g["month"], "year": g["year"], "weekday": None}
    return [(start, found.span("d1")[1], {"day": g["d1"], **shared}),
            (found.span("d2")[0], end, {"day": g["d2"], **shared})]


@resolver("iso")
def resolve_iso(resolution, g, start, end):
    try:
        date = datetime.date(int(g["year"]), int(g["month"]), int(g["day"]))
    except ValueError:
        raise Reject from None
    return day_reading(date, "absolute")


@resolver("numeric")
def resolve_numeric(resolution, g, start, end):
    a, b, year = int(g["a"]), int(g["b"]), int(g["year"])
    # Day-first unless that is impossible: most of the world's press writes 13/06/2019.
    day, month = (a, b) if b <= 12 else (b, a)
    try:
        date = datetime.date(year, month, day)
    except ValueError:
        raise Reject from None
    return day_reading(date, "absolute")


# -- months, seasons, quarters, halves -------------------------------------------------------


@resolver("month_year")
def resolve_month_year(resolution, g, start, end):
    check_month_word(g["month"], True)
    return month_reading(int(g["year"]), month_of(g["month"]), mod_of(g["mod"]))


def spoken_year(words):
    """1996 for "nineteen ninety-six", 1905 for "nineteen oh five", 2001 for "two thousand and one"."""
    numbers = WORDS.numbers
    parts = [w for w in re.split(r"[\s-]+", words.lower()) if w not in RESOLVER_WORDS.spoken_year_fillers]
    if parts[:2] == RESOLVER_WORDS.spoken_two_thousand:
        return 2000 + sum(numbers[w] for w in parts[2:])
    if parts[1:2] == RESOLVER_WORDS.spoken_hundred:
        return numbers[parts[0]] * 100 + sum(numbers[w] for w in parts[2:])
    return numbers[parts[0]] * 100 + sum(numbers[w] for w in parts[1:])


@resolver("spoken_year")
def resolve_spoken_year(resolution, g, start, end):
    if is_quantity(resolution.text, start, end):
        raise Reject
    year = spoken_year(g["spoken"])
    if g["month"]:
        return month_reading(year, month_of(g["month"]))
    return year_reading(year)


@resolver("month_relative_year")
def resolve_month_relative_year(resolution, g, start, end):
    check_month_word(g["month"], True)
    month = month_of(g["month"])
    year, anchor = year_of_period(resolution, None, g["rel"].lower())
    if year is None:
        return unresolved(f"XXXX-{month:02d}", "month", f"{g['month']} of an unknown year", mod=mod_of(g["mod"]))
    return month_reading(year, month, mod_of(g["mod"]), anchor)


@resolver("season_year")
def resolve_season_year(resolution, g, start, end):
    return season_reading(int(g["year"]), WORDS.seasons[g["season"].lower()], mod_of(g["mod"]))


def year_of_period(resolution, year_text, rel):
    """The year of "Q3 2021", "the third quarter of this year", "the first half of next year"."""
    if year_text:
        return int(year_text), "absolute"
    dct = resolution.dct
    if dct is None:
        return None, "none"
    return dct.year + RESOLVER_WORDS.period_year_offsets.get(rel, 0), "publication date"


@resolver("year_quarter")
def resolve_year_quarter(resolution, g, start, end):
    """A quarter whose year comes first: "the 1988 second quarter", "next year's first
    quarter", "the year-ago third quarter" (the quarter a year before the publication year)."""
    rel = "last" if g["ago"] else (g["rel"] or "").lower() or None
    return resolve_quarter(resolution, Groups({**g, "rel": rel}), start, end)


@resolver("report_quarter")
def resolve_report_quarter(resolution, g, start, end):
    """"the latest quarter": the last quarter completed before publication; "the quarter": the
    quarter just named (nothing when none was); "the year-earlier period": the quarter just
    named, or else the latest, a year before."""
    named = quarter_just_named(resolution)
    if g["of_year"]:
        quarter = named or resolution.reported_quarter
        if quarter is None:
            return year_reading(int(g["of_year"]))
        year, number = int(g["of_year"]), (quarter.start.month - 1) // 3 + 1
        s, e = interval("quarter", year, number)
        return Reading(timex=f"{year:04d}-Q{number}", granularity="quarter", start=s, end=e, anchor="previous date",
                       human=f"Q{number} {year}, the quarter the report is about")
    if g["ago2"] or g["ago3"]:
        g = {**g, "ago": "a year earlier"}
    if g["plain"]:
        if named is not None:
            return period_reading("quarter", 0, named.start, "previous date")
        if resolution.reported_quarter is None or resolution.dct is None:
            raise Reject  # "the quarter" of a city, or in a text that reports no quarter
        # a report of quarterly figures that has moved on to other dates: its quarter is the
        # last one completed before publication
        return period_reading("quarter", -1, resolution.dct, "publication date")
    if g["ago"] and named is not None and (resolution.dct is None or named.start.year >= resolution.dct.year):
        # a quarter of this year just named (not one already a year back: no chains of years)
        return period_reading("quarter", -4, named.start, "previous date")
    if resolution.dct is None:
        return unresolved("PAST_REF", "quarter", "the last quarter completed before an unknown date")
    return period_reading("quarter", -5 if g["ago"] else -1, resolution.dct, "publication date")


@resolver("quarter")
def resolve_quarter(resolution, g, start, end):
    if g["q"]:
        quarter = int(g["q"][1])
        if not g["year"] and g["q"][0] == "q":
            raise Reject
        year, anchor = year_of_period(resolution, g["year"], None)
    else:
        quarter = WORDS.quarter_ordinals[g["ordinal"].lower()]
        if g["ordinal"].lower() == "last" and not (g["of_year"] or g["rel"]):
            # "the last quarter" is the previous quarter, counted from the DCT.
            base, anchor = base_date(resolution, False)
            if base is None:
                return unresolved("PAST_REF", "quarter", "the previous quarter")
            return period_reading("quarter", -1, base, anchor)
        year, anchor = year_of_period(resolution, g["of_year"], g["rel"])
    if year is None:
        return unresolved(f"XXXX-Q{quarter}", "quarter", f"Q{quarter} of an unknown year")
    s, e = interval("quarter", year, quarter)
    return Reading(timex=f"{year:04d}-Q{quarter}", granularity="quarter", start=s, end=e, anchor=anchor,
                   human=f"Q{quarter} {year}")


@resolver("half")
def resolve_half(resolution, g, start, end):
    half = 1 if g["ordinal"].lower() == "first" else 2
    year, anchor = year_of_period(resolution, g["year"], g["rel"])
    if year is None:
        return unresolved(f"XXXX-H{half}", "half", f"half {half} of an unknown year")
    s, e = interval("half", year, half)
    return Reading(timex=f"{year:04d}-H{half}", granularity="quarter", start=s, end=e, anchor=anchor,
                   human=f"the {'first' if half == 1 else 'second'} half of {year}")


# -- centuries, decades, years -----------------------------------------------------------------


def century_number(ordinal):
    ordinal = ordinal.lower()
    if ordinal in WORDS.ordinals:
        return WORDS.ordinals[ordinal]
    return int(re.match(r"\d+", ordinal).group())


def ordinal_words(number):
    suffix = "th" if 11 <= number % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


@resolver("century")
def resolve_century(resolution, g, start, end):
    number = century_number(g["ordinal"])
    if not 1 <= number <= 22:
        raise Reject
    mod = mod_of(g["mod"])
    s, e = narrow(*interval("century", (number - 1) * 100), mod)
    return Reading(timex=f"{number - 1:02d}", granularity="century", start=s, end=e, mod=mod,
                   human=f"{mod_prefix(mod)}the {ordinal_words(number)} century")


@resolver("decade")
def resolve_decade(resolution, g, start, end):
    mod = mod_of(g["mod"])
    if g["full"]:
        full = int(g["full"])
        if full % 100 == 0 and not resolution.text[start:end].lower().startswith("the"):
            # "1800s" usually means the century, "the 1900s" too; keep as century.
            s, e = narrow(*interval("century", full), mod)
            return Reading(timex=f"{full // 100:02d}", granularity="century", start=s, end=e, mod=mod,
                           human=f"{mod_prefix(mod)}the {full}s")
        return decade_reading(full, mod)
    short = int(g["short"] or WORDS.decade_words[g["word"].lower()] * 10)
    return decade_reading(context_century(resolution, start, short) + short, mod)


def context_century(resolution, start, short):
    # "the 1960s and 70s": the century of the decade just named; else the 1900s for
    # decades still ahead of the DCT ("the 90s" in 2015 is the 1990s).
    text = resolution.text
    previous = _DECADE_BEFORE.search(text[max(0, start - 20):start])
    if previous:
        return int(previous.group(1)) * 100
    if resolution.dct is not None and 2000 + short <= resolution.dct.year:
        return 2000 if short < 30 else 1900
    return 1900 if short >= 30 else 2000


@resolver("decade_short")
def resolve_decade_short(resolution, g, start, end):
    text = resolution.text
    previous = _SHORT_DECADE_BEFORE.search(text[max(0, start - 20):start])
    if not previous:
        raise Reject
    return decade_reading(int(previous.group(1)) * 100 + int(g["short"]), "")


@resolver("year")
def resolve_year(resolution, g, start, end):
    year = int(g["year"])
    mod = mod_of(g["mod"])
    if not 1800 <= year <= 2100 and not mod:
        raise Reject
    if is_quantity(resolution.text, start + (len(resolution.text[start:end]) - len(g["year"])), end):
        raise Reject
    return year_reading(year, mod)


@splitter("year_range")
def split_years(found):
    """"2010-2015" and "2012-13" are two years; "2012-2008" or "1999-00" the first alone."""
    g = found.groups
    first, second = found.span("y1"), found.span("y2")
    if len(g["y2"]) == 2:
        year2 = int(g["y1"][:2]) * 100 + int(g["y2"])
        valid = year2 > int(g["y1"])
    else:
        year2 = int(g["y2"])
        valid = True
    if not (valid and 1800 <= int(g["y1"]) <= 2100 and int(g["y1"]) < year2 <= 2100):
        return [(first[0], first[1], {"year": g["y1"], "mod": None})]
    mod_start = found.span()[0] if g["mod"] else first[0]
    return [(mod_start, first[1], {"year": g["y1"], "mod": g["mod"]}),
            (second[0], second[1], {"year": str(year2), "mod": None})]


@resolver("report_year")
def resolve_report_year(resolution, g, start, end):
    """"the year ended Sept. 30": a year's length (the date is its own mention); "for the year",
    "the full year": the year of publication."""
    if g["ended"]:
        return Reading(timex="P1Y", type=DURATION, granularity="unknown", human="a duration of 1 year, the year to the date named")
    if resolution.dct is None:
        return unresolved("PRESENT_REF", "year", "the year of an unknown publication date")
    return year_reading(resolution.dct.year, anchor="publication date")


@resolver("fiscal_year")
def resolve_fiscal_year(resolution, g, start, end):
    text = g["fy"] or g["fy2"]
    year = int(text[:4]) if len(text) >= 4 else 2000 + int(text[:2])
    if not year_ok(year):
        raise Reject
    s, e = interval("year", year)
    return Reading(timex=f"FY{year:04d}", granularity="year", start=s, end=e, human=f"fiscal year {year}",
                   approximate=True)
