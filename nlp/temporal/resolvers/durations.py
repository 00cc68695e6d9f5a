"""Lengths of time, recurring times and clock times: "nine years", "more than a decade",
"for weeks", "every year", "twice a month", "5 p.m.", "14:00 GMT", "at noon".

>>> from nlp.temporal.readings import Resolution
>>> resolve_set(Resolution("annually", None), {"word": "annually"}, 0, 8).timex
'P1Y'
"""

import re

from ..context import is_quantity, word_before
from ..readings import WORDS, Reading, Reject, day_reading, mod_prefix, unresolved
from ..rules import resolver
from ..timex import DURATION, SET, TIME, duration_value, duration_words
from ..vocabulary import number_of, unit_of

RESOLVER_WORDS = WORDS.resolvers
_NOUN_AFTER = re.compile(r"[ \t]+[a-z]{3,}")
_VAGUE_STARTS = RESOLVER_WORDS.vague_starts


_AFTER_A_SECOND = re.compile(r"\s+(?:" + "|".join(map(re.escape, RESOLVER_WORDS.after_a_second)) + r")\b")
_RATE_BEFORE = re.compile(RESOLVER_WORDS.rate_before, re.IGNORECASE)


# half of a unit in the next smaller one: "2 1/2 years" is P2Y6M, "a minute and a half" PT1M30S
_HALVES = {"year": "6M", "month": "15D", "day": "T12H", "hour": "30M", "minute": "30S"}


def _and_a_half(value, number, unit):
    if unit in _HALVES:
        return value + _HALVES[unit]
    return value.replace(str(number), f"{number + 0.5:g}", 1)


def _is_rate(text, start):
    """True when "a year" follows an amount: "$2 million a year", "700 seats a week"."""
    return bool(_RATE_BEFORE.search(text, max(0, start - 40), start))


@resolver("duration")
def resolve_duration(resolution, g, start, end):
    if g["adj"] and g["adj"].strip("- ").lower() == "old":
        raise Reject  # an age ("a 6-year-old boy", "52 years old") is not a time the text talks about
    number = number_of(g["n"])
    unit = unit_of(g["unit"])
    number_text = g["n"].lower()
    if number is None and number_text.strip() not in WORDS.vague_numbers and not number_text.strip().startswith(_VAGUE_STARTS):
        raise Reject
    if isinstance(number, (int, float)) and number > 1000:
        raise Reject
    # "2000 troops" counts troops; "the past 2000 years" is still a duration.
    if re.match(r"\d", number_text) and is_quantity(resolution.text, start, start) and not g["the"]:
        raise Reject
    if number_text in RESOLVER_WORDS.indefinite_articles and not (g["the"] or g["approx"]) and _is_rate(resolution.text, start):
        raise Reject  # "$2 million a year", "four flights a week": a rate, not a stretch of time
    if unit == "second" and number_text in RESOLVER_WORDS.indefinite_articles and _NOUN_AFTER.match(resolution.text, end) \
            and not _AFTER_A_SECOND.match(resolution.text, end):
        raise Reject  # "a second group", "a second betrayal": the ordinal
    value = duration_value(number, unit)
    if (g["half"] or g["half2"]) and isinstance(number, int):
        value = _and_a_half(value, number, unit)
    mod = WORDS.approximators.get(" ".join((g["approx"] or "").lower().split()), "")
    return Reading(timex=value, type=DURATION, granularity="unknown", mod=mod,
                   human=f"a duration of {mod_prefix(mod)}{duration_words(value)}")


@resolver("bare_units")
def resolve_bare_units(resolution, g, start, end):
    value = duration_value(None, unit_of(g["unit"]))
    return Reading(timex=value, type=DURATION, granularity="unknown", human=f"a duration of {duration_words(value)}")


@resolver("set")
def resolve_set(resolution, g, start, end):
    word = " ".join(g["word"].lower().split())
    if word in WORDS.set_adjectives_of_kind and _NOUN_AFTER.match(resolution.text, end):
        raise Reject
    if word in WORDS.set_periods:
        value = WORDS.set_periods[word]
    else:
        last = word.split()[-1]
        if last in WORDS.seasons:
            value = f"XXXX-{WORDS.seasons[last]}"
        elif last in WORDS.parts_of_day:
            value = f"T{WORDS.parts_of_day[last]}"
        else:
            value = duration_value(2 if "other" in word else 1, last)
    return Reading(timex=value, type=SET, granularity="unknown", human=f"a recurring time ({word})")


@resolver("clock")
def resolve_clock(resolution, g, start, end):
    if g["h"] is not None:
        hour = int(g["h"])
        minute = int(g["m"] or 0)
        ampm = g["ampm"].lower().replace(".", "")
        if hour > 12 or hour == 0:
            raise Reject
        if ampm == "pm" and hour != 12:
            hour += 12
        if ampm == "am" and hour == 12:
            hour = 0
    else:
        hour, minute = int(g["h2"]), int(g["m2"])
        # "14:00" needs a clock context: a zone, "hours", or "at"; "3:1" scores do not.
        if not g["zone"] and word_before(resolution.text, start) not in WORDS.before_clock:
            raise Reject
    return time_on_day(resolution, f"T{hour:02d}:{minute:02d}", f"{hour:02d}:{minute:02d}")


@resolver("noon")
def resolve_noon(resolution, g, start, end):
    word = g["word"].lower()
    if word_before(resolution.text, start) not in WORDS.before_noon:
        raise Reject
    return time_on_day(resolution, "T12:00" if word in RESOLVER_WORDS.noon_words else "T00:00", word)


def time_on_day(resolution, clock, human):
    """A clock time on the day mentioned just before, else on the publication date."""
    reference = resolution.reference
    base = reference.start if reference and reference.granularity == "day" else resolution.dct
    if base is None:
        return unresolved("XXXX-XX-XX" + clock, "day", f"{human} on an unknown day", type_=TIME)
    reading = day_reading(base, "previous date" if base is not resolution.dct else "publication date", True)
    reading.type = TIME
    reading.timex += clock
    reading.human += f", {human}"
    return reading
