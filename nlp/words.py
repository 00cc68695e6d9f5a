"""The English words and word patterns of the language package, read from ``nlp/data/en``.

Plain Python, no Django. Code names a list; the words are data, one TOML file per part of
the package, each read once per process:

>>> "trade" in table("titles")["words"]["agreement_qualifiers"]
True
>>> alternation(["a.m.", "noon"])
'(?:a\\\\.m\\\\.|noon)'
"""

import functools
import re
import tomllib
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data" / "en"


@functools.cache
def table(name):
    """The TOML file ``nlp/data/en/<name>.toml``, read once per process (not to be changed)."""
    with (DATA_DIR / f"{name}.toml").open("rb") as file:
        return tomllib.load(file)


def pattern(value):
    """A regular expression written in the data as one string, or as a list of pieces to join
    (a long pattern over several lines)."""
    return value if isinstance(value, str) else "".join(value)


def alternation(words):
    """A regex group matching any of ``words`` as written, tried in the order given."""
    return "(?:" + "|".join(map(re.escape, words)) + ")"
