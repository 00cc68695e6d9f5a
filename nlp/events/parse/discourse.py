"""The discourse stage: the document read as a whole before anything is rejected.

Plain Python, no Django. In text order, each reading's empty slots are filled from what the
document has told so far: "the two leaders" and "both countries" are the people or countries
of the last event between them, "the meeting" already read as an event lends its people, a
definite "the talks" with one side named continues the talks just told, and the lead of a
report filed from a dateline takes its place. Then the filters decide; a kept reading becomes
an event mention the later ones can refer to.
"""

from dataclasses import dataclass, field

from ...doc import CANCELLED, COUNTRY, OCCURRED, PERSON
from ...entities.coreference import Actor
from ..occasion import CANCELLABLE, dates_compatible
from ..types import AGREEMENT, AGREEMENT_TO_ACT, CANCELLATION, MEETING, SUMMIT, TALKS, VISIT
from .actors import unique
from .dates import finish_date
from .filters import first_rejecting
from .here import here_place
from .mentions import mentions_of
from .reading import Filled, Reference, Rejection
from .tree import agentless_passive, definite, has
from .words import grammar

# An event referred back to ("the meeting") is looked for this far back (characters).
ANTECEDENT_REACH = 1500
# The kinds of event a reading of a kind may refer back to: "the meeting" after talks, "the
# agreement was reached" after they agreed to act, "the talks were put off" after planned talks.
_REFERS_TO = {MEETING: {MEETING, TALKS}, TALKS: {MEETING, TALKS}, AGREEMENT: {AGREEMENT, AGREEMENT_TO_ACT},
              AGREEMENT_TO_ACT: {AGREEMENT, AGREEMENT_TO_ACT}, CANCELLATION: CANCELLABLE}
# Kinds whose lead sentence takes the dateline's place: "BEIJING -- ... held talks".
_LEAD_PLACE_KINDS = frozenset({MEETING, TALKS, AGREEMENT, AGREEMENT_TO_ACT, SUMMIT})


@dataclass
class Story:
    """What the document has told so far: the events kept, in text order."""

    events: list = field(default_factory=list)
    by_trigger: dict = field(default_factory=dict)  # trigger offset -> the first event told there

    def told(self, event):
        self.events.append(event)
        for item in event.evidence:
            self.by_trigger.setdefault(item.trigger_start, event)

    def last_people(self):
        """(the people, their event) of the last event between two or more people."""
        for event in reversed(self.events):
            people = [Actor(a.key, a.kind, a.country, a.title) for a in event.actors if a.kind == PERSON]
            if len(people) >= 2:
                return people, event
        return [], None

    def last_parties(self, registry):
        """(the countries, their event) of the last event between two or more of them, counting
        its people's countries."""
        for event in reversed(self.events):
            countries = [Actor(a.key, a.kind, a.country, a.title) for a in event.actors if a.kind == COUNTRY]
            if len({a.country for a in countries}) < 2:
                codes = list(dict.fromkeys(a.country for a in event.actors if a.country))
                records = [registry.country_by_code(code) for code in codes]
                countries = [Actor(r.key, COUNTRY, r.country, "country") for r in records if r is not None]
            if len({a.country for a in countries}) >= 2:
                return countries, event
        return [], None

    def all_of(self, kinds, before, actors):
        """The events of these kinds told within reach before ``before`` that share an actor."""
        return [e for e in self.events if e.event_type in kinds and before - e.evidence[-1].sentence_end < ANTECEDENT_REACH
                and {a.key for a in e.actors} & actors]

    def last_of(self, kinds, before):
        for event in reversed(self.events):
            if event.event_type in kinds and before - event.evidence[-1].sentence_end < ANTECEDENT_REACH:
                return event
        return None


def read_discourse(doc, context):
    """Fill, filter and tell every reading in text order: ``reading.filled``, ``reading.rejection``
    (also kept in ``doc.rejections``) and ``reading.events``."""
    story = Story()
    doc.rejections = []
    here = here_place(doc, context)
    for reading in doc.readings:
        reading.filled = _filled(reading, story, here, context)
        rule = first_rejecting(reading, context)
        if rule is not None:
            reading.rejection = Rejection(reading.start, reading.token.text, reading.kind, rule.name, rule.reason)
            doc.rejections.append(reading.rejection)
            continue
        if not reading.date.resolved and reading.borrowed is None:
            reading.borrowed = _also(reading, story)
        date, status = finish_date(reading, reading.filled.status, context)
        reading.events = mentions_of(reading, date, status, context)
        for event in reading.events:
            story.told(event)  # "... visit to Islamabad ... during the visit": the same sentence counts
    return doc


def _resolved(actors, reading, story, context):
    found = []
    for actor in actors:
        if not isinstance(actor, Reference):
            found.append(actor)
        elif actor.kind == "event":
            told = story.by_trigger.get(actor.offset)
            found += [Actor(a.key, a.kind, a.country, a.title) for a in told.actors] if told else list(actor.fallback)
        elif actor.fallback:
            found += list(actor.fallback)  # "Li told Millon at the start of their meeting": the clause's own
        else:
            people, event = (story.last_parties(context.registry) if actor.kind == "parties" else story.last_people())
            found += people
            reading.borrowed = event
    return unique(found)


def _filled(reading, story, here, context):
    arguments, frame = reading.arguments, reading.frame
    subjects = _resolved(arguments.subjects, reading, story, context)
    partners = _resolved(arguments.partners, reading, story, context)
    destination, place, status = arguments.destination, arguments.place, frame.status
    actors = unique(subjects + partners)
    kinds = _REFERS_TO.get(reading.kind, {reading.kind})
    earlier = story.last_of(kinds, reading.sentence.start)
    if len(actors) < 2 and earlier is not None and (definite(reading.token) or _event_passive(reading, context)):
        # "During the meeting with the premier", "an agreement was also reached": the event just told
        before = [Actor(a.key, a.kind, a.country, a.title) for a in earlier.actors]
        elsewhere = reading.kind == VISIT and destination is not None and earlier.place is not None and \
            destination.country != earlier.place.country  # "her trip to London" after her visit to Brussels
        if (not actors or any(a.key in {b.key for b in before} for a in actors)) and not elsewhere:
            if dates_compatible(reading.date, earlier.date):
                reading.antecedent = earlier  # ("the fractious summit in June" is not the one just told)
            subjects = unique(before + subjects)
            place = place or earlier.place
            if not frame.explicit and status == OCCURRED and earlier.status != CANCELLED:
                status = earlier.status  # "(the visit)": no tense of its own to tell
            if reading.kind == VISIT:
                destination = destination or earlier.place
            actors = unique(subjects + partners)
    if reading.token.dep_ == "appos" and reading.clause.base + reading.token.head.idx in story.by_trigger:
        # "the 16th Ibero-American Summit, ..., a gathering of Spain, Portugal and their former colonies"
        reading.antecedent = story.by_trigger[reading.clause.base + reading.token.head.idx]
    if earlier is not None and reading.antecedent is None and len(actors) >= 2 and _names_it_again(reading) and \
            {a.key for a in actors} & {a.key for a in earlier.actors} and dates_compatible(reading.date, earlier.date) \
            and len(story.all_of(kinds, reading.sentence.start, {a.key for a in actors})) == 1:
        # "Pakistan and Russia agreed ... The agreement was reached between Asif and Shoigu" (but
        # "the meeting between Wang and Jaishankar" after two of their meetings could be either)
        reading.antecedent = earlier
    if not actors and reading.kind in {MEETING, SUMMIT} and reading.token.pos_ == "NOUN" and (
            definite(reading.token) or reading.token.tag_ == "NN"):
        subjects = _organisation_nearby(reading, context)
    filled = Filled(subjects, partners, destination, place, status)
    _dateline(reading, filled, here, context)
    if reading.kind == VISIT and filled.destination is None and here is not None and filled.subjects and \
            not reading.entry.destination and not any(a.country == here.country for a in filled.subjects):
        # "Millon's five-day visit, which started Sunday": a report from China about a French
        # minister's visit is about his visit there
        filled.destination = here
    return filled


def _event_passive(reading, context):
    """ "an agreement was also reached", "talks were held": a passive that makes the event, with
    no one named (not "budget talks are stuck")."""
    verb = reading.verb or reading.token
    if not agentless_passive(verb):
        return False
    words = context.lexicon
    return verb.i == reading.token.i or has(verb, words["light"] | words["scheduling"]) or bool(
        context.lexicon.entries(verb.lemma_, verb.pos_))


def _names_it_again(reading):
    """Whether a reading names its event as one already known: "the talks", or a verb's definite
    event noun ("the agreement was reached")."""
    if definite(reading.token):
        return True
    return reading.token.pos_ == "VERB" and any(
        c.dep_ in {"dobj", "nsubjpass"} and definite(c) for c in reading.token.children)


def _organisation_nearby(reading, context):
    """ "the meeting", "the coming ministerial meeting" in a report about APEC: the body of states
    named last before it, in its sentence or the one before."""
    from .actors import international

    sentences = context.doc.sentences
    index = next((i for i, s in enumerate(sentences) if s.start == reading.sentence.start), 0)
    since = sentences[max(0, index - 1)].start
    named = [seen.actor for seen in context.doc.cast.named_between(since, reading.sentence.end)
             if seen.actor.kind == "organisation" and international(seen.actor, context)]
    return named[-1:]


def _also(reading, story):
    """ "He also met the premier": no date of its own, the event is of the day of the last one
    told with the same person (borrowed, as the sentence before would be)."""
    nodes = [n for n in (reading.token, reading.verb) if n is not None]
    if not any(c.dep_ == "advmod" and c.lower_ in grammar().also for n in nodes for c in n.children):
        return None
    people = {a.key for a in reading.filled.subjects if a.kind == PERSON}
    for event in reversed(story.events):
        if reading.sentence.start - event.evidence[-1].sentence_end > ANTECEDENT_REACH:
            return None
        if event.date.resolved and people & event.people:
            return event
    return None


def _dateline(reading, filled, here_is, context):
    """ "talks here today", or the lead of a report filed from BEIJING: where it was filed."""
    doc, here = context.doc, reading.arguments.here
    dateline = doc.datelines.get(reading.sentence.block) or (here_is if here else None)
    if dateline is None or not (here or reading.sentence.first_in_block):
        return
    if reading.kind == VISIT and filled.destination is None and here:
        filled.destination = dateline
    elif reading.kind != VISIT and filled.place is None and (here or reading.kind in _LEAD_PLACE_KINDS):
        filled.place, filled.place_from_dateline = dateline, True
