"""The one-line explanation of a reading, and how certain it is.

>>> import datetime
>>> from nlp.temporal.readings import Resolution, day_reading
>>> resolution = Resolution("on Tuesday", datetime.date(2021, 4, 7))
>>> explain(resolution, "Tuesday", day_reading(datetime.date(2021, 4, 6), "publication date", True))
"'Tuesday' in a text published 7 April 2021 -> Tuesday 6 April 2021"
"""

from ..readings import date_words
from ..timex import DURATION, REFERENCES, SET

_APPROXIMATE_MODS = frozenset({"APPROX", "BEFORE", "AFTER", "MORE_THAN", "LESS_THAN"})


def publication_words(resolution):
    return ("about " if resolution.dct_is_approximate else "") + date_words(resolution.dct)


def explain(resolution, text, reading, reference_text=None):
    quoted = f"'{' '.join(text.split())}'"
    if reading.type == DURATION:
        return f"{quoted} is a length of time ({reading.human.removeprefix('a duration of ')}), not a date"
    if reading.type == SET:
        return f"{quoted} is {reading.human}, not a single date"
    if reading.start is None:
        if resolution.dct is None and reading.anchor == "none":
            return f"{quoted} is relative, and the text has no publication date -> unresolved ({reading.timex})"
        return f"{quoted} -> {reading.human} ({reading.timex}); no calendar dates can be given"
    if reading.anchor == "publication date":
        return f"{quoted} in a text published {publication_words(resolution)} -> {reading.human}"
    if reading.anchor == "previous date" and reference_text:
        reference = " ".join(reference_text.split())
        return f"{quoted} counted from '{reference}', mentioned just before -> {reading.human}"
    return f"{quoted} is a calendar date -> {reading.human}"


def certainty(resolution, reading):
    """"exact", "approximate" (a vague or narrowed date, or a day from an approximate
    publication date) or "unresolved" (no calendar dates)."""
    if reading.start is None:
        return "unresolved"
    if reading.approximate or reading.mod in _APPROXIMATE_MODS:
        return "approximate"
    if reading.anchor == "publication date" and resolution.dct_is_approximate and reading.granularity in {"day", "week"}:
        return "approximate"
    if reading.timex in REFERENCES and reading.granularity not in {"day"}:
        return "approximate"
    return "exact"
