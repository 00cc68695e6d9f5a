"""Titles of events, the same for every reader: who does what, with whom, where.

Plain Python, no Django.

>>> from nlp.doc import EventActor
>>> actors = [EventActor("Sergey Lavrov", "person", "RUS", "source"), EventActor("Pakistan", "country", "PAK", "target")]
>>> event_title("visit", "occurred", actors, None, text="", trigger_start=0, trigger_end=0, clause_end=0)
'Sergey Lavrov visits Pakistan'
"""

import re

from ..doc import COUNTRY, ORGANISATION, PERSON, PLANNED
from ..temporal import DATE, TIME, extract
from .types import AGREEMENT, AGREEMENT_TO_ACT, CANCELLATION, EVENT_TYPES, MEETING, SUMMIT, TALKS, VISIT

AGREEMENT_NOUN = r"(?:agreements?|accords?|pacts?|deals?|treat(?:y|ies)|memorand(?:um|a)(?: of understanding)?|MoUs?|MOUs?|protocols?|contracts?|declarations?|roadmaps?|road maps?|conventions?)"
AGREED_OBJECT = re.compile(r"\bagree(?:d|s)?\s+(?:to|on)\s+(?P<what>[^.;:\"”•\n]{3,90})", re.I)
AGREEMENT_QUALIFIERS = frozenset(
    """military defence defense cooperation technical trade economic energy gas nuclear security peace strategic
    framework partnership investment visa transit bilateral comprehensive free currency swap credit loan
    intergovernmental maritime border extradition cultural education health agricultural agriculture steel
    transport railway aviation space scientific industrial customs banking financial""".split()
)


def event_title(event_type, status, actors, place, *, text, trigger_start, trigger_end, clause_end, what=None,
                verb=None, phone=False):
    """A short title in the timeline's house style: "Sergey Lavrov visits Islamabad",
    "Narendra Modi–Fumio Kishida phone call", "Russia and Pakistan sign military cooperation agreement".

    A reader that knows more passes it: ``what`` was signed or agreed ("documents of accession",
    "to carry out joint exercises"), the ``verb`` of a signing ("ratify"), and whether talks
    were a ``phone`` call."""
    if not actors:
        # "the Bonn talks", "a summit in Kathmandu": the event is known by where it is
        where = f" in {place.name}" if place is not None else ""
        return f"{EVENT_TYPES[event_type].noun.capitalize()}{where}" + (" (planned)" if status == PLANNED else "")
    people = [a for a in actors if a.kind == PERSON]
    sources = [a for a in actors if a.role == "source"]
    source_people = [a for a in sources if a.kind == PERSON]
    main = (source_people or sources or people or [a for a in actors if a.kind != COUNTRY] or actors)
    first = main[0]
    others = [a for a in (people or actors) if a.key != first.key]
    countries = [a for a in actors if a.kind == COUNTRY]
    place_name = place.name if place is not None else ""
    where = f" in {place_name}" if place_name else ""
    if event_type in {VISIT, CANCELLATION}:
        destination = place_name or next((a.key for a in actors if a.role == "target"), "")
        subject = first.key if first.role != "target" else (people[0].key if people else first.key)
        if event_type == CANCELLATION:
            return f"{subject}'s visit to {destination} cancelled" if destination else f"{subject}'s visit cancelled"
        if status == PLANNED:
            return f"{subject} to visit {destination}"
        return f"{subject} visits {destination}"
    if event_type in {MEETING, TALKS}:
        if not people and len(countries) >= 2:
            noun = "talks" if event_type == TALKS else "meeting"
            return f"{countries[0].key}–{countries[1].key} {noun}{where}" + (" (planned)" if status == PLANNED else "")
        if others:
            partner = others[0].key
        elif len(countries) >= 2:
            return f"{countries[0].key}–{countries[1].key} {'talks' if event_type == TALKS else 'meeting'}{where}"
        else:
            partner = ""
        if event_type == TALKS:
            pair = f"{first.key}–{partner}" if partner else first.key
            kind = "phone call" if phone or re.search(r"phone", text[trigger_start:trigger_end], re.I) else "talks"
            return f"{pair} {kind}{where}" if status != PLANNED else f"Planned {pair} {kind}{where}"
        verb = "to meet" if status == PLANNED else "meets"
        return f"{first.key} {verb} {partner}{where}" if partner else f"{first.key} meeting{where}"
    if event_type == SUMMIT:
        orgs = [a for a in actors if a.kind == ORGANISATION]
        if not orgs:
            return f"Summit{where}" + (" (planned)" if status == PLANNED else "")
        name = orgs[0].key
        org_short = {"Shanghai Cooperation Organisation": "SCO"}.get(name, name)
        return f"{org_short} summit{where}" + (" (planned)" if status == PLANNED else "")
    parties = _party_names(actors)
    if event_type == AGREEMENT and what:
        return f"{parties} {verb or 'sign'} {what}"
    if event_type == AGREEMENT_TO_ACT and what:
        return f"{parties} {'agree' if status != PLANNED else 'to agree'} {what}"
    if event_type == AGREEMENT:
        sentence_window = text[max(0, trigger_start - 80):min(len(text), clause_end + 60)]
        noun = None
        for candidate in re.finditer(rf"((?:[\w-]+\s+){{0,3}})({AGREEMENT_NOUN})", sentence_window, re.I):
            noun = candidate
            if candidate.start() + max(0, trigger_start - 80) >= trigger_start - 80:
                break
        if noun is None:
            return f"{parties} sign agreement"
        qualifiers = [w for w in noun.group(1).split() if w.lower() in AGREEMENT_QUALIFIERS]
        return f"{parties} sign {' '.join(qualifiers + [noun.group(2)])}"
    if event_type == AGREEMENT_TO_ACT:
        what = AGREED_OBJECT.search(text, trigger_start, clause_end)
        phrase = what.group("what").strip() if what else "cooperate"
        phrase = re.split(r",|\s+(?:as\s+a\s+part|as\s+part|as|during|amid|in\s+a\s+bid|in\s+order|which|while|after|following)\s+", phrase)[0]
        times = [m for m in extract(phrase, None) if m.type in {DATE, TIME} and m.start > 0]
        if times:
            # "hold joint exercises in the Caspian region later this year": the date is shown apart
            phrase = re.sub(r"\s+(?:in|on|at|by|from|during|before|after|until|since)?\s*$", "", phrase[:times[0].start])
        phrase = " ".join(phrase.split()[:10])
        verb = "agree" if status != PLANNED else "to agree"
        if not what:
            reached = re.search(r"(?:reached\s+on|agreement\s+on)\s+(?P<what>[^.;]{3,80})", text[trigger_start:clause_end + 80])
            phrase = reached.group("what") if reached else "cooperate"
            return f"{parties} agree on {phrase}"
        return f"{parties} {verb} {'to ' if text[trigger_start:trigger_end].lower().endswith('to') else 'on '}{phrase}"
    return f"{parties} {EVENT_TYPES[event_type].noun}" + (" (planned)" if status == PLANNED else "")


def _party_names(actors):
    people = [a.key for a in actors if a.kind == PERSON]
    if len(people) >= 2:
        return " and ".join(people[:2])
    countries = []
    for actor in actors:
        name = actor.key if actor.kind == COUNTRY else None
        if name and name not in countries:
            countries.append(name)
    if len(countries) >= 2:
        return " and ".join(countries[:2])
    orgs = [a.key for a in actors if a.kind == ORGANISATION]
    names = (countries + orgs + people)[:2] or [actors[0].key]
    return " and ".join(names)


