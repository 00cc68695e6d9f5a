"""Find the date expressions in news text and resolve them to TIMEX3 values and intervals.

Plain Python, no Django. One compiled pattern finds candidate expressions in a single
scan; each match is then checked against its context (false friends such as "may" the
verb, "2,000 troops", "RD-93") and resolved against the publication date (the DCT), or
against the last date the text mentioned for anaphoric expressions ("a day earlier").

>>> import datetime
>>> [m.timex for m in extract("Putin visited Pakistan last August.", datetime.date(2015, 5, 14))]
['2014-08']
>>> [m.timex for m in extract("Putin visited Pakistan last August.", None)]
['XXXX-08']

Nothing here reads the machine's clock: without a publication date, relative expressions
stay underspecified.

The stages, one module each:

- ``nlp/data/en/temporal.toml``: the English words (``vocabulary.py`` reads them);
- ``nlp/data/en/temporal_rules.toml``: the expressions, one rule each (``rules.py``);
- ``scanner.py``: all rules as one pattern, tried where a rule's first word begins;
- ``resolvers/``: one function per kind of expression, registered by name in the rules
  (``absolute``, ``relative``, ``anaphoric``, ``durations``; ``explain`` words the result);
- ``calendar.py``, ``timex.py``, ``context.py``, ``readings.py``: what resolvers share;
- ``driver.py``: ``extract``, which ties them together.
"""

from .driver import extract
from .mention import TemporalMention
from .timex import DATE, DURATION, SET, TIME, is_valid_timex  # noqa: F401  (the public API)

__all__ = ["TemporalMention", "extract", "is_valid_timex"]

# The examples of the public functions run with this module's (tests/test_doctests.py).
__test__ = {"extract": extract, "is_valid_timex": is_valid_timex}
