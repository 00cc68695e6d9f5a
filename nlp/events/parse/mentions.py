"""The last component: a kept reading becomes event mentions (one, or one per partner met
"separately"), with their actors in roles, title, codes and evidence.

Plain Python, no Django.
"""

from ...doc import COUNTRY, EventActor, EventMention, Evidence
from ..titles import event_title
from ..types import CANCELLATION, MEETING, TALKS, VISIT, codes
from .frame import what_of
from .tree import definite
from .words import grammar


def mentions_of(reading, date, status, context):
    filled = reading.filled
    token, verb = reading.token, reading.verb
    place = filled.destination or filled.place
    if reading.kind in {MEETING, TALKS} and len(filled.partners) > 1 and any(
            c.lower_ in grammar().separately for c in filter(None, (token, verb)) for c in c.children):
        # "also separately called on the Prime Minister and the Army Chief", "in separate calls
        # with the two leaders": one meeting each
        return [_mention(reading, status, filled.subjects, [partner], place, date, context)
                for partner in filled.partners]
    return [_mention(reading, status, filled.subjects, filled.partners, place, date, context)]


def _mention(reading, status, subjects, partners, place, date, context):
    token, kind, sentence = reading.token, reading.kind, reading.sentence
    actors = _roles(kind, subjects, partners, place if kind in {VISIT, CANCELLATION} else None, context.registry)
    trigger_start = reading.start
    trigger_end = trigger_start + len(token.text)
    particle = next((c for c in token.children if c.dep_ == "prt" and c.i == token.i + 1), None)
    if reading.entry.particle and particle is not None:
        trigger_end = reading.clause.base + particle.idx + len(particle.text)
    cameo, plover = codes(kind)
    cameo = reading.entry.cameo or cameo
    if kind == MEETING and place is not None and place.country and \
            place.country not in {a.country for a in actors if a.country}:
        cameo = "044"
    what, verb = what_of(token, kind, context)
    doc = context.doc
    title = event_title(kind, status, actors, place, text=doc.text, trigger_start=trigger_start,
                        trigger_end=trigger_end, clause_end=sentence.end, what=what, verb=verb,
                        phone=cameo == "041")
    evidence = Evidence(sentence.start, sentence.end, trigger_start, trigger_end, sentence.kind, date, status)
    antecedent = reading.antecedent.evidence[0].trigger_start if reading.antecedent is not None else -1
    return EventMention(kind, status, title, actors, place, set(sentence.topics), date, [evidence], cameo,
                        plover, paragraph=doc.blocks[sentence.block].start, definite=definite(token),
                        what=what or "", antecedent_at=antecedent)


def _roles(kind, subjects, partners, destination, registry):
    actors, seen = [], set()
    travels = kind in {VISIT, CANCELLATION}
    for actors_of, role in ((subjects, "source" if travels else "participant"),
                            (partners, "target" if travels else "participant")):
        for actor in actors_of:
            if actor.key not in seen:
                seen.add(actor.key)
                actors.append(EventActor(actor.key, actor.kind, actor.country, role, actor.title))
    if destination is not None and travels:
        record = registry.country_by_code(destination.country)
        if record is not None and record.key not in seen:
            actors.append(EventActor(record.key, COUNTRY, record.country, "target", "country"))
    return actors
