"""The parse reader's lexicon, read from ``data/en/triggers.toml``: trigger entries by lemma
and part of speech, the word classes the grammar consults, and the cheap filter that finds
the sentences worth parsing.

Plain Python, no Django.

>>> lexicon = Lexicon.default()
>>> [e.type for e in lexicon.entries("meet", "VERB")], [e.type for e in lexicon.entries("talk", "NOUN")]
(['meeting'], ['talks'])
>>> bool(lexicon.candidate("The two ministers held talks in Cairo.")), bool(lexicon.candidate("Prices rose."))
(True, False)
"""

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "en" / "triggers.toml"


def _inflections(lemma, irregular):
    """The forms a lemma takes in news prose: "visit" -> visits, visited, visiting; "stop" ->
    stopped; "arrive" -> arrived, arriving; "ratify" -> ratified, ratifies; ``irregular`` forms
    ("met") from the data."""
    forms = {lemma, *irregular.get(lemma, ())}
    if lemma.endswith("e"):
        forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    else:
        plural = lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x")) else "s")
        forms |= {plural, lemma + "ed", lemma + "ing"}
        if re.search(r"[^aeiou][aeiou][bdglmnprt]$", lemma) and len(lemma) <= 5 or lemma.endswith("el"):
            forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}  # stop -> stopped, travel -> travelled
    return forms


def _filter_pattern(entry, irregular):
    """A cheap surface pattern for a trigger entry: the word in any of its forms, and what
    the entry needs that a surface pattern can see (a particle, a preposition, a modifier)."""
    forms = sorted(entry.form or _inflections(entry.lemma, irregular), key=len, reverse=True)
    word = r"\b(?:" + "|".join(map(re.escape, forms)) + r")\b"
    if entry.particle:
        return word + r"\s+" + re.escape(entry.particle) + r"\b"
    if entry.adverb:
        adverbs = "|".join(map(re.escape, sorted(entry.adverb)))
        return rf"{word}\s+(?:{adverbs})\b"
    if entry.joint:
        return r"\band\b[^.;]{1,60}?" + word  # "Putin and Obama spoke"
    if entry.modifier:
        modifier = r"\b(?:" + "|".join(map(re.escape, sorted(entry.modifier))) + r")\b"
        return rf"{modifier}[\w\s-]{{0,30}}?{word}|{word}\s+by\s+{modifier}"
    if entry.prep and entry.destination:
        # a motion verb is a visit only with a destination named: "left for Havana"
        preps = "|".join(map(re.escape, sorted(entry.prep)))
        return rf"{word}(?:\s+\S+){{0,6}}?\s+(?:{preps})\s+(?:the\s+)?(?-i:[A-Z])"
    if entry.prep:  # "spoke by telephone", "a call with the president"
        preps = "|".join(map(re.escape, sorted(entry.prep)))
        return rf"{word}(?:\s+\S+){{0,4}}?\s+(?:{preps})\b"
    return word


@dataclass(frozen=True)
class Entry:
    lemma: str
    pos: frozenset
    type: str
    form: frozenset = frozenset()
    object: frozenset = frozenset()  # lemmas, classes expanded
    prep: frozenset = frozenset()
    prep_object: frozenset = frozenset()
    prep_person: bool = False
    particle: str = ""
    person: bool = False
    modifier: frozenset = frozenset()
    destination: bool = False  # a motion verb: it is a visit only with a destination
    complement: bool = False  # "agree to", "agree on": needs what is agreed
    cameo: str = ""
    visitor: str = "subject"  # who travels: the subject, or the object ("sent Lavrov to Islamabad")
    object_entity: frozenset = frozenset()  # the object must be a named entity of these kinds ("join" NATO)
    prep_entity: frozenset = frozenset()  # the preposition's object must be ("accession to" NATO)
    joint: bool = False  # only with people acting together as subject ("Putin and Obama spoke")
    not_prep: frozenset = frozenset()  # never with a preposition child among these ("a call for a ceasefire")
    adverb: frozenset = frozenset()  # only with an adverb among these ("arrived here": where the report was filed)
    possessor: frozenset = frozenset()  # only with a possessor among these ("the leaders' meeting")
    auxiliary: frozenset = frozenset()  # only with an auxiliary among these ("will be in Jerusalem")


class Lexicon:
    def __init__(self, data):
        self.words = {name: frozenset(values) for name, values in data["words"].items() if isinstance(values, list)}
        self.organisation_roles = data["words"].get("organisation_roles", {})
        self.signing_verbs = data["words"].get("signing_verbs", {})
        irregular = data.get("irregular", {})
        self._by_lemma = {}
        for item in data["trigger"]:
            entry = Entry(
                lemma=item["lemma"], pos=frozenset(item["pos"]), type=item["type"],
                form=frozenset(item.get("form", ())), object=self._expand(item.get("object", ())),
                prep=frozenset(item.get("prep", ())), prep_object=self._expand(item.get("prep_object", ())),
                prep_person=item.get("prep_person", False), particle=item.get("particle", ""),
                person=item.get("person", False), modifier=frozenset(item.get("modifier", ())),
                destination=item.get("destination", False), complement=item.get("complement", False),
                cameo=item.get("cameo", ""), visitor=item.get("visitor", "subject"),
                object_entity=frozenset(item.get("object_entity", ())), prep_entity=frozenset(item.get("prep_entity", ())),
                joint=item.get("joint", False), not_prep=frozenset(item.get("not_prep", ())),
                adverb=frozenset(item.get("adverb", ())), possessor=frozenset(item.get("possessor", ())),
                auxiliary=frozenset(item.get("auxiliary", ())),
            )
            self._by_lemma.setdefault(entry.lemma, []).append(entry)
        self._filter = re.compile("|".join(sorted({_filter_pattern(e, irregular) for es in self._by_lemma.values()
                                                  for e in es})),
                                  re.IGNORECASE)

    def _expand(self, names):
        words = set()
        for name in names:
            words |= self.words[name[1:]] if name.startswith("@") else {name}
        return frozenset(words)

    @classmethod
    @functools.cache
    def default(cls):
        return cls.load(DATA)

    @classmethod
    def load(cls, path):
        return cls(tomllib.loads(Path(path).read_text(encoding="utf-8")))

    def entries(self, lemma, pos):
        return [e for e in self._by_lemma.get(lemma.lower(), ()) if pos in e.pos]

    def candidate(self, sentence):
        """Whether a sentence has a word that may name an event: only those are parsed."""
        return self._filter.search(sentence) is not None

    def __getitem__(self, name):
        return self.words[name]
