"""Every filter rule of the parse reader on its own two sentences: the one it rejects (the Doc
records the rejection under the rule's name) and the one it leaves alone (read as an event,
and not rejected by that rule)."""

import datetime

import pytest

from nlp.events.parse.filters import RULES
from nlp.pipeline import understand

PUBLISHED = datetime.date(2005, 6, 15)


def test_every_rule_has_a_name_a_reason_and_two_sentences():
    assert len({r.name for r in RULES}) == len(RULES)
    for rule in RULES:
        assert rule.reason and rule.rejects and rule.keeps and rule.rejects != rule.keeps


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_the_rule_rejects_its_example(rule):
    doc = understand(rule.rejects, PUBLISHED, reader="parse")
    assert rule.name in [r.rule for r in doc.rejections], [(r.word, r.rule) for r in doc.rejections]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_the_rule_keeps_its_counter_example(rule):
    doc = understand(rule.keeps, PUBLISHED, reader="parse")
    assert rule.name not in [r.rule for r in doc.rejections]
    assert doc.events, [(r.word, r.rule) for r in doc.rejections]
