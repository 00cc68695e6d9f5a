"""Dates counted from the publication date: "last August", "next week", "on Tuesday",
"in October", "this summer", "yesterday", "recently", "now", "later this year", "a year ago".

Without a publication date they stay underspecified (XXXX-08, PAST_REF...).

>>> import datetime
>>> from nlp.temporal.readings import Resolution
>>> resolve_deictic(Resolution("yesterday", datetime.date(2021, 4, 7)), {"word": "yesterday", "pod": None}, 0, 9).timex
'2021-04-06'
"""

import datetime
import re

from ..calendar import holiday_date, narrow, year_for_month
from ..context import followed_by, tense, word_before
from ..readings import (
    WORDS, Reading, Reject, at_clock, compared_quarter, date_words, day_reading, day_words, month_reading, period_reading, season_reading, time_of_day,
    underspecified_relative, unresolved, year_reading,
)
from ..rules import resolver
from ..timex import DURATION, TIME, duration_value, duration_words
from ..vocabulary import mod_of, number_of, unit_of
from .anaphoric import count_from_reference

RESOLVER_WORDS = WORDS.resolvers

# -- last/this/next ------------------------------------------------------------------------


@resolver("relative")
def resolve_relative(resolution, g, start, end):
    word = g["word"].lower()
    the = bool(g["the"])
    target = g["target"]
    lowered = target.lower()
    number_text = g["n"]
    if lowered in WORDS.weekdays:
        return weekday_reading(resolution, WORDS.weekdays[lowered], word, g["pod"], start, end)
    if lowered in WORDS.months:
        if target[0].islower():
            raise Reject
        return named_month(resolution, WORDS.months[lowered], word)
    if lowered in WORDS.seasons:
        return named_season(resolution, WORDS.seasons[lowered], word)
    unit = "weekend" if lowered == "weekend" else unit_of(target)
    plural = lowered.endswith("s") and lowered not in RESOLVER_WORDS.not_stretch_plurals
    # "the past three years", "the last year", "the next five years": a duration.
    if number_text or plural or (the and word in RESOLVER_WORDS.stretch_words):
        return relative_stretch(resolution, word, the, number_text, plural, unit, start, end)
    if word in RESOLVER_WORDS.following:
        return count_from_reference(resolution, 1, unit, "later")
    offset = WORDS.relative_offsets[word]
    if resolution.dct is None:
        if unit == "century" and offset == 0:
            return unresolved("PRESENT_REF", "century", "the present century")
        return underspecified_relative({-1: "past", 1: "future"}.get(offset, "present"), unit if unit != "weekend" else "week",
                                       f"the {unit} relative to an unknown publication date")
    try:
        return period_reading(unit, offset, resolution.dct, "publication date")
    except (OverflowError, ValueError):
        raise Reject from None


def relative_stretch(resolution, word, the, number_text, plural, unit, start, end):
    """"the past three years" is a duration; "the following year" after a date counts from it."""
    number = number_of(number_text) if number_text else (None if plural else 1)
    single = the and not number_text and not plural
    if word in RESOLVER_WORDS.later_after_date and single and resolution.reference is not None:
        return count_from_reference(resolution, 1, unit, "later")
    if word in RESOLVER_WORDS.earlier_after_date and single and resolution.reference is not None:
        return count_from_reference(resolution, 1, unit, "earlier")
    if unit == "weekend":
        raise Reject
    value = duration_value(number, unit)
    return Reading(timex=value, type=DURATION, granularity="unknown", anchor="absolute",
                   human=f"a duration of {duration_words(value)}")


def weekday_reading(resolution, weekday, word, part_of_day, start, end):
    dct = resolution.dct
    if dct is None:
        reading = unresolved(f"XXXX-WXX-{weekday + 1}", "day", f"a {WORDS.weekday_names[weekday]} of an unknown week")
    else:
        if word in WORDS.backward:
            day = dct - datetime.timedelta(days=(dct.weekday() - weekday) % 7 or 7)
        elif word in WORDS.forward:
            day = dct + datetime.timedelta(days=(weekday - dct.weekday()) % 7 or 7)
        elif word == "this":
            day = dct + datetime.timedelta(days=weekday - dct.weekday())
        elif tense(resolution.text, start, end) == "future":
            # "will arrive on Thursday" in a Thursday's paper is that day; else the coming one
            day = dct + datetime.timedelta(days=(weekday - dct.weekday()) % 7)
        else:
            # News reports the recent past: the last such day up to publication.
            day = dct - datetime.timedelta(days=(dct.weekday() - weekday) % 7)
        reading = day_reading(day, "publication date", weekday=True)
    if part_of_day:
        time_of_day(reading, part_of_day.lower())
    return reading


def named_month(resolution, month, word):
    dct = resolution.dct
    if dct is None:
        return unresolved(f"XXXX-{month:02d}", "month", f"{WORDS.month_names[month]} of an unknown year")
    if word in WORDS.backward:
        year = dct.year if month < dct.month else dct.year - 1
    elif word in WORDS.forward:
        year = dct.year if month > dct.month else dct.year + 1
    else:
        year = dct.year
    return month_reading(year, month, anchor="publication date")


_SEASON_ORDER = ["WI", "SP", "SU", "FA"]


def named_season(resolution, season, word):
    dct = resolution.dct
    if dct is None:
        return unresolved(f"XXXX-{season}", "season", f"{WORDS.season_names[season]} of an unknown year")
    current = _SEASON_ORDER[(dct.month % 12) // 3]
    year = dct.year + (1 if dct.month == 12 else 0) if season == "WI" else dct.year
    if word in WORDS.backward:
        if _SEASON_ORDER.index(season) >= _SEASON_ORDER.index(current):
            year -= 1
    elif word in WORDS.forward:
        if _SEASON_ORDER.index(season) <= _SEASON_ORDER.index(current):
            year += 1
    elif word == "this" and season == "WI" and dct.month >= 6:
        year = dct.year + 1
    return season_reading(year, season, anchor="publication date")


# -- weekdays, months and seasons on their own ------------------------------------------------


@resolver("holiday")
def resolve_holiday(resolution, g, start, end):
    """"Thanksgiving Day": the holiday's date in the year named, else in the year "last"/"next"
    or the tense point to, else the nearest one to publication."""
    name = " ".join(g["name"].split())
    if not name[0].isupper():
        raise Reject  # "christmas" in lower case is not the day
    rule = WORDS.holidays[name.lower()]
    rel = (g["rel"] or "").lower()
    if " " not in name and not rel and not g["year"] and word_before(resolution.text, start) not in WORDS.before_bare_month:
        raise Reject  # "Christmas trees", "Easter eggs": the name as an adjective
    if g["year"]:
        return day_reading(holiday_date(rule, int(g["year"])), "absolute")
    dct = resolution.dct
    if dct is None:
        return unresolved("XXXX-XX-XX", "day", f"{name} of an unknown year")
    options = [holiday_date(rule, year) for year in (dct.year - 1, dct.year, dct.year + 1)]
    direction = RESOLVER_WORDS.rel_directions.get(rel) or tense(resolution.text, start, end)
    if rel == "this":
        direction = None
    if direction == "past":
        day = max(day for day in options if day <= dct)
    elif direction == "future":
        day = min(day for day in options if day >= dct)
    else:
        day = min(options, key=lambda day: abs((day - dct).days))
    return day_reading(day, "publication date")


@resolver("the_weekend")
def resolve_the_weekend(resolution, g, start, end):
    """"over the weekend": the weekend before publication when the verb is past, the next one when
    it is future, else the nearest (a Monday paper's weekend is behind it, a Thursday's ahead);
    on a Saturday or Sunday, that weekend."""
    dct = resolution.dct
    if dct is None:
        return unresolved("XXXX-WXX-WE", "week", "a weekend of an unknown week")
    if dct.weekday() >= 5:
        return period_reading("weekend", 0, dct, "publication date")
    direction = tense(resolution.text, start, end) or ("past" if dct.weekday() <= 2 else "future")
    return period_reading("weekend", -1 if direction == "past" else 0, dct, "publication date")


@resolver("weekday")
def resolve_weekday(resolution, g, start, end):
    return weekday_reading(resolution, WORDS.weekdays[g["weekday"].lower()], "", g["pod"], start, end)


@resolver("clock_weekday")
def resolve_clock_weekday(resolution, g, start, end):
    """"9 a.m. Tuesday": the weekday read as on its own, at that time of its day."""
    return at_clock(weekday_reading(resolution, WORDS.weekdays[g["weekday"].lower()], "", None, start, end), g)


_MONTH_MODIFIER_BEFORE = RESOLVER_WORDS.month_modifier_before
_LOWERCASE_NOUN_AFTER = re.compile(r"[ \t]+[a-z]{3,}\b")


@resolver("month")
def resolve_month(resolution, g, start, end):
    text = resolution.text
    month_text = g["month"]
    if month_text[0].islower():
        raise Reject
    mod = mod_of(g["mod"])
    before = word_before(text, start)
    # A bare month needs a temporal word before it ("in October", "early May"), which
    # keeps out "May I", "March on Islamabad", "Aurat March".
    if not mod and before not in WORDS.before_bare_month and not (
            before in _MONTH_MODIFIER_BEFORE and _LOWERCASE_NOUN_AFTER.match(text, end)):
        raise Reject  # but "a June agreement", "the October slaying": the month before its noun
    if month_text.lower() == "may" and followed_by(text, end, WORDS.may_verb_followers, 8):
        raise Reject
    if (month_text.lower() == "march" and followed_by(text, end, WORDS.march_verb_followers, 10)
            and before not in WORDS.march_month_before):
        raise Reject
    month = WORDS.months[month_text.lower()]
    if resolution.dct is None:
        return unresolved(f"XXXX-{month:02d}", "month", f"{WORDS.month_names[month]} of an unknown year", mod=mod)
    year = year_for_month(resolution.dct, month, tense(text, start, end))
    return month_reading(year, month, mod, "publication date")


@resolver("season")
def resolve_season(resolution, g, start, end):
    mod = mod_of(g["mod"])
    before = word_before(resolution.text, start)
    text = resolution.text[start:end].lower()
    # "in the summer", "by early winter": "the" or a part word, and a preposition before it.
    if not (text.startswith("the") or mod) or before not in WORDS.before_season:
        if not (mod and before in WORDS.before_season_with_mod):
            raise Reject
    season = WORDS.seasons[g["season"].lower()]
    if resolution.dct is None:
        return unresolved(f"XXXX-{season}", "season", f"{WORDS.season_names[season]} of an unknown year", mod=mod)
    reading = named_season(resolution, season, "this")
    if tense(resolution.text, start, end) == "past" and reading.start > resolution.dct:
        reading = named_season(resolution, season, "last")
    reading.mod = mod
    reading.start, reading.end = narrow(reading.start, reading.end, mod)
    return reading


# -- today, yesterday, now, recently -----------------------------------------------------------


@resolver("deictic")
def resolve_deictic(resolution, g, start, end):
    word = " ".join(g["word"].lower().split())
    part = g["pod"]
    offset = WORDS.deictic_offsets[word]
    if resolution.dct is None:
        value = {-1: "PAST_REF", 0: "PRESENT_REF", 1: "FUTURE_REF"}[offset]
        return unresolved(value, "day", f"{word}, relative to an unknown publication date")
    reading = day_reading(resolution.dct + datetime.timedelta(days=offset), "publication date", True)
    if word in RESOLVER_WORDS.night_words or part:
        time_of_day(reading, (part or "night").lower())
    return reading


@resolver("deictic_pair")
def resolve_deictic_pair(resolution, g, start, end):
    offset = -2 if g["direction"].lower().startswith("before") else 2
    if resolution.dct is None:
        return unresolved("PAST_REF" if offset < 0 else "FUTURE_REF", "day", "two days from an unknown date")
    return day_reading(resolution.dct + datetime.timedelta(days=offset), "publication date", True)


@resolver("part_of_day")
def resolve_part_of_day(resolution, g, start, end):
    """"by mid-afternoon": that part of the day just mentioned, else of the publication date;
    "late evening yesterday": of the day before publication."""
    part = g["pod"].lower()
    offset = WORDS.deictic_offsets[g["deictic"].lower()] if g["deictic"] else None
    reference = resolution.reference
    if offset is None and reference is not None and reference.granularity == "day" and reference.start is not None:
        day, anchor = reference.start, "previous date"
    elif resolution.dct is not None:
        day, anchor = resolution.dct + datetime.timedelta(days=offset or 0), "publication date"
    else:
        return unresolved("PRESENT_REF", "day", f"{g['mod']} {part} of an unknown day", type_=TIME)
    reading = time_of_day(day_reading(day, anchor, True), part)
    reading.mod = RESOLVER_WORDS.part_of_day_mods[g["mod"].lower()]
    reading.human = reading.human.replace(f"({part})", f"({g['mod'].lower()}-{part})")
    return reading


@resolver("this_pod")
def resolve_this_part_of_day(resolution, g, start, end):
    part = g["pod"].lower()
    if resolution.dct is None:
        return unresolved("PRESENT_REF", "day", f"this {part}, relative to an unknown publication date", type_=TIME)
    return time_of_day(day_reading(resolution.dct, "publication date", True), part)


@resolver("same_day")
def resolve_same_day(resolution, g, start, end):
    # "Earlier in the day" in a report is the day of the report: its publication date.
    if resolution.dct is None:
        return unresolved("PRESENT_REF", "day", "the day of an unknown publication date")
    return day_reading(resolution.dct, "publication date", True)


@resolver("now")
def resolve_now(resolution, g, start, end):
    word = " ".join((g["word"] or g["word2"]).lower().split())
    if word == "once again":  # matched only to be dropped
        raise Reject
    if word in WORDS.past_references:
        value, span = "PAST_REF", -1
    elif word in WORDS.future_references:
        value, span = "FUTURE_REF", 1
    else:
        value, span = "PRESENT_REF", 0
    if word == "now" and followed_by(resolution.text, end, WORDS.not_now_after, 6):
        raise Reject
    dct = resolution.dct
    if dct is None:
        return unresolved(value, "unknown", "relative to an unknown publication date")
    if span == 0:
        return Reading(timex=value, granularity="day", start=dct, end=dct, anchor="publication date",
                       human=f"the time of publication, {date_words(dct)}")
    if word in RESOLVER_WORDS.recent_words:
        return Reading(timex=value, granularity="unknown", start=dct - datetime.timedelta(days=183), end=dct,
                       anchor="publication date", approximate=True, human=f"the months before {date_words(dct)}")
    return Reading(timex=value, granularity="unknown", anchor="publication date",
                   human=f"{'before' if span < 0 else 'after'} {date_words(dct)}, no nearer")


# How far "recent days", "the coming months" reach from the publication date.
_RECENT_SPAN_DAYS = {"day": 7, "week": 42, "month": 183, "year": 5 * 365, "decade": 30 * 365}


@resolver("recent")
def resolve_recent(resolution, g, start, end):
    word = " ".join(g["word"].lower().split())
    unit = g["unit"].lower()[:-1]
    if word in RESOLVER_WORDS.few_stretches:
        # "the past few years" is a stretch of time that ends now.
        return Reading(timex=duration_value(None, unit), type=DURATION, granularity="unknown",
                       human=f"a duration of some {unit}s")
    value, direction = ("PAST_REF", -1) if word == "recent" else ("FUTURE_REF", 1)
    dct = resolution.dct
    if dct is None:
        return unresolved(value, unit, f"{'recent' if direction < 0 else 'coming'} {unit}s, relative to an unknown date")
    span = _RECENT_SPAN_DAYS[unit]
    if direction < 0:
        s, e = dct - datetime.timedelta(days=span), dct
    else:
        s, e = dct, dct + datetime.timedelta(days=span)
    return Reading(timex=value, granularity=unit, start=s, end=e, anchor="publication date", approximate=True,
                   human=f"the {'recent' if direction < 0 else 'coming'} {unit}s around {date_words(dct)}")


# -- the edges of periods ------------------------------------------------------------------------


@resolver("edge_of_period")
def resolve_edge_of_period(resolution, g, start, end):
    side = g["side"].lower()
    rel = (g["rel"] or "this").lower()
    unit = g["unit"].lower()
    dct = resolution.dct
    if dct is None:
        direction = RESOLVER_WORDS.rel_directions.get(rel, "future" if side == "later" else "past")
        return underspecified_relative(direction, unit, f"{side} in a {unit} relative to an unknown date")
    reading = period_reading(unit, WORDS.relative_offsets[rel], dct, "publication date")
    if rel == "this":
        # "later this year": from the DCT to the end of the year; "earlier": up to it.
        if side == "later":
            reading.start = min(dct + datetime.timedelta(days=1), reading.end)
        else:
            reading.end = max(dct - datetime.timedelta(days=1), reading.start)
        reading.human = f"{reading.human}, {'after' if side == 'later' else 'before'} {date_words(dct)}"
    else:
        reading.start, reading.end = narrow(reading.start, reading.end, "START" if side == "earlier" else "END")
    reading.approximate = True
    return reading


@resolver("year_end")
def resolve_year_end(resolution, g, start, end):
    dct = resolution.dct
    if dct is None:
        return unresolved("XXXX", "year", "the end of a year relative to an unknown date", mod="END")
    past = tense(resolution.text, start, end) == "past" or word_before(resolution.text, start) == "since"
    reading = period_reading("year", -1 if past else 0, dct, "publication date", "END")
    if g["approx"]:
        reading.approximate = True
    return reading


@resolver("edge_mod")
def resolve_edge_mod(resolution, g, start, end):
    mod = mod_of(g["mod"])
    rel = g["rel"].lower()
    unit = g["unit"].lower()
    offset = WORDS.relative_offsets.get(rel, 0)
    # "the end of the year" after "in 2019" is the end of 2019, not of the publication year.
    if rel == "the" and resolution.reference is not None and unit == "year":
        base, anchor = resolution.reference.start, "previous date"
    else:
        base, anchor = resolution.dct, "publication date"
    if base is None:
        return underspecified_relative({-1: "past", 1: "future"}.get(offset, "present"), unit,
                                       f"the {unit} relative to an unknown date")
    return period_reading(unit, offset, base, anchor, mod)


# -- "a year ago" -------------------------------------------------------------------------------


@resolver("ago")
def resolve_ago(resolution, g, start, end):
    unit = unit_of(g["unit"])
    number = number_of(g["n"]) if g["n"] else (1 if not g["unit"].lower().endswith("s") else None)
    mod = WORDS.approximators.get(" ".join((g["approx"] or "").strip().lower().split()), "")
    mod = WORDS.ago_mods.get(mod, mod)
    dct = resolution.dct
    if dct is None:
        return unresolved("PAST_REF", "unknown", "some time before the (unknown) publication date", mod=mod)
    if number is None or isinstance(number, float):
        return Reading(timex="PAST_REF", granularity=unit if unit in {"day", "week", "month", "year", "decade", "century"} else "unknown",
                       anchor="publication date", human="some time before publication", mod=mod)
    if unit in WORDS.clock_units:
        return Reading(timex=dct.isoformat(), granularity="day", start=dct, end=dct,
                       anchor="publication date", human=day_words(dct), mod=mod)
    if unit == "year" and not mod and (quarter := compared_quarter(resolution, number)) is not None:
        return quarter
    try:
        reading = _ago_reading(dct, number, unit)
    except (OverflowError, ValueError):
        raise Reject from None
    reading.mod = mod
    reading.comparison = unit == "year" and number == 1  # "up from a year ago": a comparison, not a new setting
    if mod in {"BEFORE", "AFTER", "APPROX"}:
        reading.approximate = True
        reading.human = WORDS.mod_prefixes.get(mod, "") + reading.human
    return reading


def _ago_reading(dct, number, unit):
    anchor = "publication date"
    if unit == "day":
        return day_reading(dct - datetime.timedelta(days=number), anchor, True)
    if unit in {"week", "fortnight"}:
        return period_reading("week", -number * (2 if unit == "fortnight" else 1), dct, anchor)
    if unit == "month":
        return period_reading("month", -number, dct, anchor)
    if unit == "quarter":
        return period_reading("month", -3 * number, dct, anchor)
    if unit == "year":
        return year_reading(dct.year - number, anchor=anchor)
    # "two decades ago", "a century ago": the year, give or take.
    reading = year_reading(dct.year - (10 if unit == "decade" else 100) * number, anchor=anchor)
    reading.approximate = True
    return reading
