"""The grammar's word classes, read once from ``data/en/grammar.toml``.

>>> "will" in grammar().modals_future, "the" in grammar().definite_determiners
(True, True)
"""

import functools
import tomllib
from pathlib import Path
from types import SimpleNamespace

DATA = Path(__file__).resolve().parent.parent.parent / "data" / "en" / "grammar.toml"


@functools.cache
def grammar():
    """Every class of ``grammar.toml`` as a frozenset, by its name."""
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    return SimpleNamespace(**{name: frozenset(words) for name, words in data.items()})
