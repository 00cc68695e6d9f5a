"""The rule table of nlp.temporal (nlp/data/en/temporal_rules.toml): every rule is well formed,
its first words cover what it matches, and a new expression is one entry in the table."""

import ast
import datetime
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.temporal import extract
from nlp.temporal.driver import Extractor
from nlp.temporal.rules import RESOLVERS, SPLITTERS, load_rules, read_table, table_with
from nlp.temporal.scanner import Scanner, default_scanner
from nlp.temporal.vocabulary import pattern_words

D = datetime.date
RULES = load_rules()


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.name)
def test_every_rule_is_well_formed(rule):
    assert rule.resolver in RESOLVERS
    assert rule.split is None or rule.split in SPLITTERS
    assert rule.first and all(word == word.lower() for word in rule.first)
    groups = re.compile(rule.pattern, re.IGNORECASE).groupindex
    assert "__" not in rule.name and not any("__" in name for name in groups)
    assert "{" not in re.sub(r"\{\d+(?:,\d*)?\}", "", rule.pattern), "a macro was left unexpanded"


def test_the_rules_keep_the_order_of_the_table():
    assert [rule.name for rule in RULES] == [entry["name"] for entry in read_table()["rule"]]
    assert len({rule.name for rule in RULES}) == len(RULES)


# Rules that an earlier rule always wins over, kept as they were: "the day after tomorrow"
# is read as "the day after" and "tomorrow", because day_before comes first in the table.
SHADOWED = {"deictic_pair": "day_before"}


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.name)
def test_every_rule_has_an_example_where_the_scanner_finds_it(rule):
    assert rule.example
    found = [match.rule.name for match in default_scanner().rule_matches(rule.example)]
    assert SHADOWED.get(rule.name, rule.name) in found, found
    assert [match.rule.name for match in Scanner([rule]).rule_matches(rule.example)] == [rule.name]


def test_a_rule_with_an_unknown_resolver_or_no_first_words_is_refused():
    entry = {"name": "nothing", "pattern": "nothing", "first": ["nothing"], "resolver": "no_such_resolver"}
    with pytest.raises(ValueError, match="no_such_resolver"):
        load_rules(table_with(entry))
    with pytest.raises(ValueError, match="first words"):
        load_rules(table_with(entry | {"resolver": "year", "first": []}))


# -- each rule's first words cover what it matches ---------------------------------------------

SINGLE_RULE_SCANNERS = [Scanner([rule]) for rule in RULES]
WORDS = sorted({word for words in pattern_words().values() for word in words}
               | {word + "s" for word in pattern_words()["UNIT_WORD"]}
               | {"the", "of", "and", "to", "in", "on", "at", "ago", "earlier", "later", "before", "after",
                  "this", "last", "next", "past", "following", "same", "that", "recent", "now", "today",
                  "tonight", "yesterday", "day", "week", "weekend", "quarter", "half", "century", "fiscal",
                  "FY", "Q3", "every", "twice", "a", "noon", "p.m.", "GMT", "13th", "1st", "2019", "1960s",
                  "'90s", "80s", "12", "7", "2020-03-05", "5/3/2020", "14:30", "-", "–", ",", ".", "'"})


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(" ".join))
def test_each_rule_is_tried_wherever_it_can_match(text):
    for scanner in SINGLE_RULE_SCANNERS:
        full = [match.span() for match in scanner.full_matches(text)]
        assert [match.span() for match in scanner.candidate_matches(text)] == full, next(iter(scanner.rules))


@pytest.mark.parametrize("sentence", [rule.example for rule in RULES])
def test_each_rule_is_tried_wherever_it_matches_in_the_examples(sentence):
    for scanner in SINGLE_RULE_SCANNERS:
        full = [match.span() for match in scanner.full_matches(sentence)]
        assert [match.span() for match in scanner.candidate_matches(sentence)] == full, next(iter(scanner.rules))


# -- a new expression is one table entry ---------------------------------------------------------

# "June the 13th": not read today; the existing month-day resolver fits, so one entry is all
# it takes. It goes before the bare-month rule, which would otherwise take "June" alone.
MONTH_THE_DAY = {
    "name": "month_the_day",
    "pattern": r"(?P<month>{MONTH})\s+the\s+(?P<day>{DAY})(?:,?\s+(?P<year>{YEAR}))?",
    "first": ["@months"],
    "resolver": "mdy",
}
SENTENCE = "The accord was finally initialled on June the 13th, 2019, in Tashkent."


def test_a_phrase_the_table_does_not_read_today():
    assert "June the 13th, 2019" not in [mention.text for mention in extract(SENTENCE, D(2019, 6, 20))]


def test_adding_a_rule_is_one_table_entry():
    extractor = Extractor(load_rules(table_with(MONTH_THE_DAY, before="month")))
    mention = next(m for m in extractor.extract(SENTENCE, D(2019, 6, 20)) if m.text == "June the 13th, 2019")
    assert (mention.timex, mention.start_date, mention.anchor) == ("2019-06-13", D(2019, 6, 13), "absolute")
    # Without a year it is counted from the publication date, as "June 13" is.
    mention = extractor.extract("Talks resume on June the 24th.", D(2019, 6, 20))[0]
    assert (mention.text, mention.timex, mention.anchor) == ("June the 24th", "2019-06-24", "publication date")


def test_the_temporal_package_does_not_import_django():
    for path in Path(extract.__code__.co_filename).parent.rglob("*.py"):
        tree = ast.parse(path.read_text())
        imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert not any(module.startswith("django") for module in imported), path
