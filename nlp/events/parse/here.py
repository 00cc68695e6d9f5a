"""Where a report that says "here" was filed: its dateline, or, when the text has none (wire
copy often reaches an archive without it), the country its events take place in.

Plain Python, no Django. "Chinese President Hu Jintao met visiting Burundian President Pierre
Nkurunziza here Tuesday": the visitor is marked ("visiting", or the subject of a visit), so
"here" is the host's country, China. With no one to tell by, the country the report names
most often, other than its visitors' own, when one stands out.
"""

from collections import Counter

from ...doc import COUNTRY, PERSON
from ...entities.places import gazetteer
from ..types import AGREEMENT, AGREEMENT_TO_ACT, MEETING, SUMMIT, TALKS, VISIT
from .actors import actors_of
from .reading import Reference
from .triggers import visiting_someone

_HOSTED = frozenset({MEETING, TALKS, SUMMIT, AGREEMENT, AGREEMENT_TO_ACT})


def here_place(doc, context):
    """The Place "here" stands for in ``doc``, or None."""
    if doc.dateline is not None:
        return doc.dateline
    strong, weak = _visitors(doc, context)
    visitors = {**weak, **strong}
    away = {actor.country for actor in strong.values() if actor.country}
    votes = Counter()
    for reading in doc.readings:
        if reading.kind in _HOSTED and reading.arguments.here:
            for actor in _actors(reading.arguments.subjects + reading.arguments.partners):
                if actor.key not in visitors and actor.country and actor.country not in away:
                    votes[actor.country] += 1
    if not votes:
        votes = _countries_named(doc, away)
        # a visit's subject may be misread; its country is not ruled out if the report names it most
        top = votes.most_common(1)[0][0] if votes else ""
        for actor in weak.values():
            if actor.country and actor.country != top:
                votes.pop(actor.country, None)
    ranked = votes.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    record = context.registry.country_by_code(ranked[0][0])
    return gazetteer().get(record.key) if record is not None else None


def _actors(items):
    return [a for a in items if not isinstance(a, Reference)]


def _visitors(doc, context):
    """The people the report has travelling, ``(strong, weak)`` by name: whoever it calls
    "visiting" ("talks with visiting Iraqi Foreign Minister ...") or has arrive "here", and the
    subjects of its other visits."""
    strong, weak = {}, {}
    for reading in doc.readings:
        if reading.kind == VISIT:
            people = {a.key: a for a in _actors(reading.arguments.subjects) if a.kind == PERSON}
            (strong if reading.arguments.here else weak).update(people)
    found = strong
    for clause in doc.parses:
        for token in clause.tokens:
            if token.lower_ != "visiting":
                continue
            if token.dep_ in {"amod", "compound"}:
                heads = [token.head]
            elif visiting_someone(token):
                heads = [c for c in token.children if c.dep_ == "dobj"]
            else:
                continue
            for head in heads:
                found.update({a.key: a for a in _actors(actors_of(head, clause, context)) if a.kind == PERSON})
    return strong, weak


def _countries_named(doc, away):
    votes = Counter()
    for mention in doc.places:
        if mention.place.country and mention.place.country not in away:
            votes[mention.place.country] += 1
    for mention in doc.actors:
        if mention.kind == COUNTRY and mention.country and mention.country not in away:
            votes[mention.country] += 1
    return votes
