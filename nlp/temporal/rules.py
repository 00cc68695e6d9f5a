"""The rule table (``nlp/data/en/temporal_rules.toml``) and the registry of resolvers.

A rule is data: a name, a regex with macros, the words a match can begin with, and the
names of the functions that resolve it. Resolvers are plain functions registered by name:

    @resolver("iso")
    def resolve_iso(resolution, groups, start, end): ...

>>> rules = load_rules()
>>> [(rule.name, rule.resolver, rule.groups) for rule in rules if rule.name == "iso"]
[('iso', 'iso', ('year', 'month', 'day'))]
"""

import copy
import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .vocabulary import alternation, first_word_macros, pattern_words

RULES_PATH = Path(__file__).resolve().parent.parent / "data" / "en" / "temporal_rules.toml"
LEAD = "lead"  # a group matched but left out of the mention ("in" of "in recent years")
DIGIT = "#digit"

RESOLVERS = {}  # name -> function(resolution, groups, start, end) -> Reading
SPLITTERS = {}  # name -> function(rule_match) -> [(start, end, groups), ...]


def resolver(name):
    """Register a function that turns a rule's groups into a ``Reading`` (or raises ``Reject``)."""
    def register(function):
        RESOLVERS[name] = function
        return function
    return register


def splitter(name):
    """Register a function that cuts one match into several mentions ("13-14 June")."""
    def register(function):
        SPLITTERS[name] = function
        return function
    return register


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: str  # macros expanded; group names the rule's own
    first: frozenset  # lower-case words a match can begin with; "#digit" for a number
    resolver: str
    split: str | None = None
    groups: tuple = ()  # the pattern's group names, in order
    example: str = ""  # a sentence in which the scanner finds this rule


_MACRO = re.compile(r"\{([A-Z][A-Z_]*)\}")


def expand(pattern, macros):
    """``pattern`` with every ``{NAME}`` replaced; ``{1,2}`` and other quantifiers are left alone."""
    return _MACRO.sub(lambda match: macros[match.group(1)], pattern)


def macros_of(table):
    macros = {name: alternation(words) for name, words in pattern_words().items()}
    for name, body in table.get("macros", {}).items():
        macros[name] = expand(body, macros)
    return macros


def expand_first(words):
    macros = first_word_macros()
    expanded = set()
    for word in words:
        expanded.update(macros[word] if word.startswith("@") else [word.lower()])
    return frozenset(expanded)


@functools.cache
def read_table(path=RULES_PATH):
    with Path(path).open("rb") as file:
        return tomllib.load(file)


def table_with(*extra_rules, before=None, path=RULES_PATH):
    """The rule table with ``extra_rules`` (dicts shaped like a [[rule]] entry) added at the
    end, or just before the rule named ``before`` (at one position the first rule wins)."""
    table = copy.deepcopy(read_table(path))
    names = [entry["name"] for entry in table["rule"]]
    index = names.index(before) if before is not None else len(names)
    table["rule"][index:index] = extra_rules
    return table


def load_rules(table=None):
    """The rules of ``table`` (by default the data file), checked and with macros expanded."""
    from . import resolvers  # noqa: F401  (registers the resolvers)

    table = read_table() if table is None else table
    macros = macros_of(table)
    rules = []
    for entry in table["rule"]:
        pattern = expand(entry["pattern"], macros)
        rule = Rule(
            name=entry["name"], pattern=pattern, first=expand_first(entry["first"]), resolver=entry["resolver"],
            split=entry.get("split"), groups=tuple(re.compile(pattern, re.IGNORECASE).groupindex),
            example=entry.get("example", ""),
        )
        _check(rule)
        rules.append(rule)
    if len({rule.name for rule in rules}) != len(rules):
        raise ValueError("two rules share a name")
    return tuple(rules)


def _check(rule):
    if not rule.name.isidentifier() or "__" in rule.name:
        raise ValueError(f"rule name {rule.name!r} must be an identifier without '__'")
    if not rule.first:
        raise ValueError(f"rule {rule.name} has no first words")
    if rule.resolver not in RESOLVERS:
        raise ValueError(f"rule {rule.name}: no resolver {rule.resolver!r}")
    if rule.split is not None and rule.split not in SPLITTERS:
        raise ValueError(f"rule {rule.name}: no splitter {rule.split!r}")
