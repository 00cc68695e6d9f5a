"""Titles of events, the same for every reader: who does what, with whom, where.

Plain Python, no Django. What an agreement is called and what was agreed is read with the
words of ``data/en/titles.toml``.

>>> from nlp.doc import EventActor
>>> actors = [EventActor("Sergey Lavrov", "person", "RUS", "source"), EventActor("Pakistan", "country", "PAK", "target")]
>>> event_title("visit", "occurred", actors, None, text="", trigger_start=0, trigger_end=0, clause_end=0)
'Sergey Lavrov visits Pakistan'
"""

import re

from ..doc import COUNTRY, ORGANISATION, PERSON, PLANNED
from ..temporal import DATE, TIME, extract
from ..words import pattern, table
from .types import AGREEMENT, AGREEMENT_TO_ACT, CANCELLATION, EVENT_TYPES, MEETING, SUMMIT, TALKS, VISIT

_WORDS = table("titles")["words"]
_PATTERNS = table("titles")["patterns"]

AGREEMENT_NOUN = pattern(_PATTERNS["agreement_noun"])
AGREED_OBJECT = re.compile(pattern(_PATTERNS["agreed_object"]), re.I)
AGREEMENT_QUALIFIERS = frozenset(_WORDS["agreement_qualifiers"])
_AGREEMENT_NOUN_AFTER = re.compile(rf"((?:[\w-]+\s+){{0,3}})({AGREEMENT_NOUN})", re.I)  # and up to three words before it
_AGREED_OBJECT_END = re.compile(pattern(_PATTERNS["agreed_object_end"]))
_PREPOSITION_BEFORE_DATE = re.compile(pattern(_PATTERNS["preposition_before_date"]))
_REACHED_ON = re.compile(pattern(_PATTERNS["reached_on"]))
_PHONE = re.compile(pattern(_PATTERNS["phone"]), re.I)


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
        return f"{EVENT_TYPES[event_type].noun.capitalize()}{where}" + _planned(status)
    place_name = place.name if place is not None else ""
    where = f" in {place_name}" if place_name else ""
    if event_type in {VISIT, CANCELLATION}:
        return _visit_title(event_type, status, actors, place_name)
    if event_type in {MEETING, TALKS}:
        phone = phone or bool(_PHONE.search(text[trigger_start:trigger_end]))
        return _meeting_title(event_type, status, actors, where, phone)
    if event_type == SUMMIT:
        return _summit_title(status, actors, where)
    parties = _party_names(actors)
    if event_type == AGREEMENT and what:
        return f"{parties} {verb or 'sign'} {what}"
    if event_type == AGREEMENT_TO_ACT and what:
        return f"{parties} {'agree' if status != PLANNED else 'to agree'} {what}"
    if event_type == AGREEMENT:
        return _agreement_title(parties, text, trigger_start, clause_end)
    if event_type == AGREEMENT_TO_ACT:
        return _agreed_title(parties, status, text, trigger_start, trigger_end, clause_end)
    return f"{parties} {EVENT_TYPES[event_type].noun}" + _planned(status)


def _planned(status):
    return " (planned)" if status == PLANNED else ""


def _main_actor(actors):
    """Who an event's title is about: the first person acting, else the first actor acting,
    else the first person, organisation or actor."""
    people = [a for a in actors if a.kind == PERSON]
    sources = [a for a in actors if a.role == "source"]
    source_people = [a for a in sources if a.kind == PERSON]
    return (source_people or sources or people or [a for a in actors if a.kind != COUNTRY] or actors)[0]


def _visit_title(event_type, status, actors, place_name):
    """"Sergey Lavrov visits Islamabad", "Imran Khan to visit Russia", "Modi's visit to Pakistan cancelled"."""
    first = _main_actor(actors)
    people = [a for a in actors if a.kind == PERSON]
    destination = place_name or next((a.key for a in actors if a.role == "target"), "")
    subject = first.key if first.role != "target" else (people[0].key if people else first.key)
    if event_type == CANCELLATION:
        return f"{subject}'s visit to {destination} cancelled" if destination else f"{subject}'s visit cancelled"
    if status == PLANNED:
        return f"{subject} to visit {destination}"
    return f"{subject} visits {destination}"


def _meeting_title(event_type, status, actors, where, phone):
    """"Putin meets Khan in Moscow", "Russia–Pakistan talks", "Narendra Modi–Fumio Kishida phone call"."""
    first = _main_actor(actors)
    people = [a for a in actors if a.kind == PERSON]
    others = [a for a in (people or actors) if a.key != first.key]
    countries = [a for a in actors if a.kind == COUNTRY]
    if not people and len(countries) >= 2:
        noun = "talks" if event_type == TALKS else "meeting"
        return f"{countries[0].key}–{countries[1].key} {noun}{where}" + _planned(status)
    if others:
        partner = others[0].key
    elif len(countries) >= 2:
        return f"{countries[0].key}–{countries[1].key} {'talks' if event_type == TALKS else 'meeting'}{where}"
    else:
        partner = ""
    if event_type == TALKS:
        pair = f"{first.key}–{partner}" if partner else first.key
        kind = "phone call" if phone else "talks"
        return f"{pair} {kind}{where}" if status != PLANNED else f"Planned {pair} {kind}{where}"
    verb = "to meet" if status == PLANNED else "meets"
    return f"{first.key} {verb} {partner}{where}" if partner else f"{first.key} meeting{where}"


def _summit_title(status, actors, where):
    """"SCO summit in Bishkek", "Summit in Kathmandu"."""
    orgs = [a for a in actors if a.kind == ORGANISATION]
    if not orgs:
        return f"Summit{where}" + _planned(status)
    name = orgs[0].key
    org_short = _WORDS["organisation_short_names"].get(name, name)
    return f"{org_short} summit{where}" + _planned(status)


def _agreement_title(parties, text, trigger_start, clause_end):
    """"Russia and Pakistan sign military cooperation agreement": the agreement's noun near the
    trigger, with the words before it that say what kind it is."""
    sentence_window = text[max(0, trigger_start - 80):min(len(text), clause_end + 60)]
    noun = None
    for candidate in _AGREEMENT_NOUN_AFTER.finditer(sentence_window):
        noun = candidate
        if candidate.start() + max(0, trigger_start - 80) >= trigger_start - 80:
            break
    if noun is None:
        return f"{parties} sign agreement"
    qualifiers = [w for w in noun.group(1).split() if w.lower() in AGREEMENT_QUALIFIERS]
    return f"{parties} sign {' '.join(qualifiers + [noun.group(2)])}"


def _agreed_title(parties, status, text, trigger_start, trigger_end, clause_end):
    """"Russia and Iran agree to hold joint exercises": what was agreed, in at most ten words,
    without its date."""
    what = AGREED_OBJECT.search(text, trigger_start, clause_end)
    phrase = what.group("what").strip() if what else "cooperate"
    phrase = _AGREED_OBJECT_END.split(phrase)[0]
    times = [m for m in extract(phrase, None) if m.type in {DATE, TIME} and m.start > 0]
    if times:
        # "hold joint exercises in the Caspian region later this year": the date is shown apart
        phrase = _PREPOSITION_BEFORE_DATE.sub("", phrase[:times[0].start])
    phrase = " ".join(phrase.split()[:10])
    verb = "agree" if status != PLANNED else "to agree"
    if not what:
        reached = _REACHED_ON.search(text[trigger_start:clause_end + 80])
        phrase = reached.group("what") if reached else "cooperate"
        return f"{parties} agree on {phrase}"
    return f"{parties} {verb} {'to ' if text[trigger_start:trigger_end].lower().endswith('to') else 'on '}{phrase}"


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


