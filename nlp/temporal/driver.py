"""The driver: scan the text once, resolve each match with its rule's resolver, in text order.

Each resolved date becomes the reference for the anaphoric expressions after it ("a day
earlier"), so the mentions are resolved one after the other.
"""

import datetime
import functools
import re

from .context import is_chrome
from .mention import TemporalMention
from .readings import Reject, Resolution
from .resolvers.explain import certainty, explain
from .rules import RESOLVERS, SPLITTERS, load_rules
from .scanner import Scanner
from .timex import DATE, REFERENCES, TIME, is_valid_timex

_GRANULARITIES = {"day", "week", "month", "season", "quarter", "year", "decade", "century", "unknown"}
_GRANULARITY_OF = {"half": "quarter", "weekend": "week", "fortnight": "week", "morning": "day", "afternoon": "day",
                   "evening": "day", "night": "day"}
# A reading that later expressions may count from ("a day earlier"): a date with calendar days.
_REFERENCE_GRANULARITIES = {"day", "week", "month", "year", "quarter", "season"}


class Extractor:
    """``extract`` for a given rule table: ``Extractor(load_rules(table)).extract(text, dct)``."""

    def __init__(self, rules):
        self.scanner = Scanner(rules)
        self._steps = {rule.name: (RESOLVERS[rule.resolver], SPLITTERS.get(rule.split)) for rule in rules}

    def extract(self, text, dct, *, dct_is_approximate=False):
        if not text:
            return []
        if isinstance(dct, datetime.datetime):
            dct = dct.date()
        resolution = Resolution(text, dct, dct_is_approximate)
        mentions = []
        for found in self.scanner.rule_matches(text):
            resolve, split = self._steps[found.rule.name]
            if split is not None:
                parts = split(found)
            else:
                start, end = found.mention_span()
                parts = [(start, end, found.groups)]
            shared_year = None
            for start, end, groups in parts:
                if is_chrome(text, start):
                    continue
                if shared_year is not None and "year" in groups and not groups["year"]:
                    # "April 24 and 25": the second day is in the year found for the first
                    groups = {**groups, "year": shared_year}
                try:
                    reading = resolve(resolution, groups, start, end)
                except (Reject, OverflowError, ValueError, KeyError):
                    continue
                if reading is None or not is_valid_timex(reading.timex):
                    continue
                if reading.trim_end is not None and start < reading.trim_end < end:
                    end = reading.trim_end
                mentions.append(_mention(resolution, start, end, reading))
                _remember(resolution, reading, text[start:end])
                if split is not None and reading.start is not None and shared_year is None:
                    shared_year = str(reading.start.year)
        return mentions


def _mention(resolution, start, end, reading):
    text = resolution.text[start:end]
    if reading.start is not None and reading.end is not None and reading.end < reading.start:
        reading.start, reading.end = reading.end, reading.start
    granularity = reading.granularity if reading.granularity in _GRANULARITIES else "unknown"
    return TemporalMention(
        start=start, end=end, text=text, timex=reading.timex, type=reading.type,
        granularity=_GRANULARITY_OF.get(reading.granularity, granularity),
        start_date=reading.start, end_date=reading.end,
        explanation=explain(resolution, text, reading, resolution.reference_text),
        mod=reading.mod, anchor=reading.anchor, certainty=certainty(resolution, reading),
    )


def _remember(resolution, reading, text):
    if (reading.type in {DATE, TIME} and reading.start is not None and not reading.comparison
            and reading.granularity in _REFERENCE_GRANULARITIES and reading.timex not in REFERENCES):
        resolution.reference, resolution.reference_text = reading, text
        if reading.granularity == "quarter" and re.fullmatch(r"\d{4}-Q[1-4]", reading.timex):
            resolution.reported_quarter = reading


@functools.cache
def default_extractor():
    """The extractor of the rule table in nlp/data/en, built once per process."""
    return Extractor(load_rules())


def extract(text: str, dct: datetime.date | None, *, dct_is_approximate: bool = False) -> list[TemporalMention]:
    """Every date, time, duration and set expression in ``text``, resolved against ``dct``.

    ``dct`` is the publication date (``None`` when unknown: relative expressions then stay
    underspecified). Mentions come in text order with ``text[m.start:m.end] == m.text``.

    >>> import datetime
    >>> m = extract("Lavrov visited Islamabad on Tuesday.", datetime.date(2021, 4, 7))[0]
    >>> (m.text, m.timex, m.granularity, str(m.start_date))
    ('Tuesday', '2021-04-06', 'day', '2021-04-06')
    """
    return default_extractor().extract(text, dct, dct_is_approximate=dct_is_approximate)
