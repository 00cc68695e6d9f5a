"""One compiled pattern for all rules, tried only where a rule's first word begins.

The rules become one alternation, each inside a group named after it, with its own groups
renamed ``<rule>__<group>`` so that names never clash. Scanning every position with it
(``full_matches``) and trying it only at the tokens some rule can begin with
(``candidate_matches``) give the same matches; the second is several times faster
(tests/test_temporal_properties.py checks the two agree). At a token only the rules that can begin
with it are tried, each first word having its own alternation of them in table order.

>>> [(m.rule.name, m.groups["year"]) for m in default_scanner().rule_matches("Signed on 2021-04-07.")]
[('iso', '2021')]
"""

import functools
import re

from .rules import DIGIT, LEAD, load_rules

_GROUP = re.compile(r"\(\?P<(\w+)>")
_TOKEN = re.compile(r"[A-Za-z]+|\d+|'(?=\d)")
SEPARATOR = "__"


class Groups(dict):
    """A rule's groups by their own names; a name the rule lacks reads as None, like a group
    that did not match, so rules sharing a resolver need not repeat its optional groups."""

    __slots__ = ()

    def __missing__(self, name):
        return None


class RuleMatch:
    """A match of one rule: its groups under the rule's own names, and their spans."""

    __slots__ = ("match", "rule", "groups")

    def __init__(self, match, rule, groups):
        self.match, self.rule, self.groups = match, rule, groups

    def span(self, group=None):
        if group is None:
            return self.match.span()
        return self.match.span(self.rule.name + SEPARATOR + group)

    def mention_span(self):
        """The span of the mention: the match without its ``lead`` group, if any."""
        start, end = self.match.span()
        if self.groups.get(LEAD):
            start = self.span(LEAD)[1]
        return start, end


class Scanner:
    def __init__(self, rules):
        self.rules = {rule.name: rule for rule in rules}
        self.pattern = _compile(rules)
        # At a token, only the rules that can begin with it are tried: one pattern per first
        # word, the rules in table order (so the first rule that matches still wins).
        words = frozenset().union(*(rule.first for rule in rules))
        self._patterns = {word: _compile([rule for rule in rules if word in rule.first]) for word in words}
        # For each pattern and rule, where the rule's groups sit in match.groups().
        self._group_indices = {
            pattern: {
                rule.name: tuple((group, pattern.groupindex[rule.name + SEPARATOR + group] - 1) for group in rule.groups)
                for rule in rules if rule.name in pattern.groupindex
            }
            for pattern in (self.pattern, *self._patterns.values())
        }
        self.starts_with_digit = DIGIT in words
        self.first_words = words - {DIGIT}

    def full_matches(self, text):
        """The pattern's matches trying every position: what ``candidate_matches`` must equal."""
        return self.pattern.finditer(text)

    def candidate_matches(self, text):
        """The pattern's matches, leftmost first and non-overlapping, as ``finditer`` gives them."""
        last_end = 0
        patterns = self._patterns
        digits = patterns.get(DIGIT)
        for token in _TOKEN.finditer(text):
            position = token.start()
            if position < last_end:
                continue
            word = token.group()
            pattern = digits if word[0].isdigit() else patterns.get(word.lower())
            if pattern is None:
                continue
            match = pattern.match(text, position)
            if match is not None and match.end() > position:
                last_end = match.end()
                yield match

    def rule_matches(self, text):
        """``candidate_matches`` with each match's rule and its groups by their local names."""
        rules, indices = self.rules, self._group_indices
        for match in self.candidate_matches(text):
            name = match.lastgroup
            values = match.groups()
            yield RuleMatch(match, rules[name], Groups({group: values[index] for group, index in indices[match.re][name]}))


def _compile(rules):
    """One alternation of ``rules``, each in a group named after it. Case matters for some words
    ("May" the month, "may" the verb), so the scan is case-insensitive and the resolvers look
    at the original spelling."""
    alternatives = [f"(?P<{rule.name}>{_prefixed(rule)})" for rule in rules]
    return re.compile(
        r"(?<![\w$€£¥'’\-/.])(?:" + "|".join(alternatives) + r")(?![\w/]|-\d|\.\d)", re.IGNORECASE
    )


def _prefixed(rule):
    return _GROUP.sub(lambda match: f"(?P<{rule.name}{SEPARATOR}{match.group(1)}>", rule.pattern)


@functools.cache
def default_scanner():
    """The scanner of the rule table in nlp/data/en, compiled once per process."""
    return Scanner(load_rules())


def candidate_matches(text):
    return default_scanner().candidate_matches(text)


def full_matches(text):
    return default_scanner().full_matches(text)
