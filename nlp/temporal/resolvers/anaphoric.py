"""Dates counted from the date the text mentioned just before: "a day earlier", "two weeks
later", "the following week", "the previous day", "that day", "the day before".

With no earlier date in the text they count from the publication date.

>>> import datetime
>>> from nlp.temporal.readings import Resolution, day_reading
>>> resolution = Resolution("...", None, reference=day_reading(datetime.date(2019, 6, 13), "absolute"))
>>> count_from_reference(resolution, 1, "day", "earlier").timex
'2019-06-12'
"""

import datetime
import re

from ..readings import Reading, Reject, base_date, compared_quarter, day_reading, period_reading, time_of_day, unresolved
from ..rules import resolver
from ..timex import DURATION, duration_value, duration_words
from ..vocabulary import number_of, unit_of, vocabulary

WORDS = vocabulary()
RESOLVER_WORDS = WORDS.resolvers
_PARTS_OF_DAY = RESOLVER_WORDS.anaphoric_parts_of_day
# after "N days after": an event ("the vote", "he left"), not a date or the end of the clause
_EVENT_AFTER = re.compile(RESOLVER_WORDS.event_after, re.IGNORECASE)


def count_from_reference(resolution, number, unit, direction, prefer_reference=True):
    """``number`` ``unit``s before or after the previous date (else the publication date)."""
    sign = -1 if direction in WORDS.anaphoric_backward else 1
    base, anchor = base_date(resolution, prefer_reference)
    if base is None:
        return unresolved("PAST_REF" if sign < 0 else "FUTURE_REF", unit, f"{number} {unit}(s) {direction} an unknown date")
    try:
        if unit in _PARTS_OF_DAY:
            return time_of_day(day_reading(base + datetime.timedelta(days=sign), anchor, True), unit)
        if unit in WORDS.clock_units:
            return day_reading(base, anchor, True)
        if unit == "quarter":
            return period_reading("month", sign * 3 * number, base, anchor)
        return period_reading(unit, sign * number, base, anchor)
    except (OverflowError, ValueError):
        raise Reject from None


def same_period(resolution, unit):
    """"the same day", "that week": the period of the previous date."""
    base, anchor = base_date(resolution, True)
    if base is None:
        raise Reject
    if unit in RESOLVER_WORDS.same_parts_of_day:
        return time_of_day(day_reading(base, anchor, True), unit)
    return period_reading(unit, 0, base, anchor)


@resolver("anaphoric")
def resolve_anaphoric(resolution, g, start, end):
    number = number_of(g["n"])
    unit = unit_of(g["unit"])
    direction = g["direction"].lower()
    vague = number is None and " ".join(g["n"].lower().split()) in WORDS.vague_numbers
    if vague or (direction in RESOLVER_WORDS.event_directions and _EVENT_AFTER.match(resolution.text, end)):
        # "a few days later": no date to count to; "twenty years after the astronauts were chosen":
        # counted from an event, not from a date. Either way a length of time (TimeML's P20Y, PXD).
        value = duration_value(number, unit)
        words = re.match(r".*?\b" + re.escape(g["unit"]), resolution.text[start:end], re.S | re.I)
        return Reading(timex=value, type=DURATION, granularity="unknown", human=f"a duration of {duration_words(value)}",
                       trim_end=start + words.end())
    if number is None or isinstance(number, float):
        raise Reject
    # "two days after" needs a date to be after; "two days earlier" may count from publication.
    if direction in RESOLVER_WORDS.dated_directions and resolution.reference is None:
        raise Reject
    if unit == "year" and direction in WORDS.anaphoric_backward and (quarter := compared_quarter(resolution, number)):
        return quarter
    reading = count_from_reference(resolution, number, unit, "earlier" if direction in RESOLVER_WORDS.backward_directions else direction)
    if unit == "year" and direction in WORDS.anaphoric_backward:
        reading.comparison = True  # "sales rose from a year earlier": the next comparison is to the same period
    return reading


@resolver("anaphoric_the")
def resolve_the_next_or_previous(resolution, g, start, end):
    direction = (g["direction"] or g["direction2"]).lower()
    unit = g["unit"].lower()
    if direction == "same":
        return same_period(resolution, unit)
    sign_word = "later" if direction in WORDS.anaphoric_forward else "earlier"
    if direction in WORDS.anaphoric_backward and unit == "year" and resolution.reference is None:
        return count_from_reference(resolution, 1, unit, sign_word, prefer_reference=False)
    return count_from_reference(resolution, 1, unit, sign_word)


@resolver("anaphoric_that")
def resolve_that(resolution, g, start, end):
    if resolution.reference is None:
        raise Reject
    return same_period(resolution, g["unit"].lower())


@resolver("day_before")
def resolve_day_before(resolution, g, start, end):
    unit = g["unit"].lower()
    if unit == "night":
        unit = "day"
    return count_from_reference(resolution, 1, unit, "earlier" if g["direction"].lower() == "before" else "later")
