"""The pattern reader: diplomatic events found by surface patterns over the cleaned text.

Plain Python, no Django. For each sentence it finds trigger expressions (from
``data/en/pattern_triggers.toml``: "visited", "talks", "signed ... protocol", "agreed to
hold", "cancelled a visit", "joint exercises"), decides from the words around it
(``data/en/pattern_cues.toml``) whether the event happened, is planned or was cancelled,
and takes its actors, place, topics and the date expression of its clause from the Doc's
layers. Merging the mentions of one event is
``nlp.events.resolution``'s, shared with every reader.

>>> import datetime
>>> from nlp.pipeline import understand
>>> doc = understand("Russian Foreign Minister Sergey Lavrov visited Islamabad on Tuesday.", datetime.date(2021, 4, 7), reader="pattern")
>>> [(e.event_type, e.status, e.title, e.date.timex) for e in doc.events]
[('visit', 'occurred', 'Sergey Lavrov visits Islamabad', '2021-04-06')]
"""

import datetime
import functools
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..doc import CANCELLED, COUNTRY, OCCURRED, ORGANISATION, PERSON, PLANNED, DateReading, EventActor, EventMention, Evidence
from ..entities.actors import ActorMention, Registry
from ..entities.places import PlaceMention, capital_of, gazetteer, located_places
from ..temporal import DATE, TIME
from ..words import pattern, table
from .titles import AGREED_OBJECT, AGREEMENT_NOUN, event_title
from .reader import register_reader
from .types import AGREEMENT, AGREEMENT_TO_ACT, CANCELLATION, EVENT_TYPES, EXERCISE, MEETING, SUMMIT, TALKS, VISIT, codes

TRIGGERS = Path(__file__).resolve().parent.parent / "data" / "en" / "pattern_triggers.toml"


@functools.cache
def triggers(path=TRIGGERS):
    """``[(event type, compiled pattern)]`` in the data's order."""
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    return [(item["type"], re.compile(item["pattern"], re.I)) for item in data["trigger"] if item["type"] in EVENT_TYPES]


_WORDS = table("pattern_cues")["words"]


def _cue(name, flags=0):
    """The pattern ``name`` of ``data/en/pattern_cues.toml``, compiled."""
    return re.compile(pattern(table("pattern_cues")["patterns"][name]), flags)


# Whether a trigger names a diplomatic event that happened: "visit our website", "hopes to
# visit", "did not meet", "could meet", "was to have visited", "several visits".
_NOT_DIPLOMATIC = _cue("not_diplomatic", re.I)
_HOPE = _cue("hope", re.I)
_MODAL_SPECULATION = _cue("modal_speculation", re.I)
_SPECULATION_AFTER = _cue("speculation_after", re.I)
_GENERIC = _cue("generic", re.I)
_REPORTING = _cue("reporting", re.I)
_COUNTERFACTUAL = _cue("counterfactual", re.I)
_NEGATION = _cue("negation", re.I)
_OVERDUE = _cue("overdue", re.I)
_NOT_AGREED = _cue("not_agreed", re.I)
# What a kind of event needs around its trigger.
_MEETING_OF_THE = _cue("meeting_of_the")
_SUMMIT_BODY = _cue("summit_body")
_CANCELLED_EVENT = _cue("cancelled_event", re.I)
_NAMED_SUMMIT = _cue("named_summit")
_AGREEMENT_NOUN = re.compile(rf"\b{AGREEMENT_NOUN}\b", re.I)
_GUEST = _cue("guest")
_PHONE = _cue("phone", re.I)
# Who takes part: "the two leaders", "his visit", "the crisis in Ukraine", "a visit by the ...".
_TWO_OF_THEM = _cue("two_of_them")
_TWO_COUNTRIES = _cue("two_countries")
_HIS_HER = _cue("his_her")
_HE_SHE = _cue("he_she")
_IN_COUNTRY = _cue("in_country")
_FROM_COUNTRY = _cue("from_country")
_BY_A = _cue("by_a")
_BY_OF_SOURCE = _cue("by_of_source")
# Where: "the Russian capital", "arrived in", "visit to", "the Bishkek meeting".
_CAPITAL = _cue("capital")
_ARRIVAL = _cue("arrival", re.I)
_TO_PLACE = _cue("to_place", re.I)
_PLACE_BEFORE = _cue("place_before")
# Whether it happened or is planned, and when.
_PLANNED = _cue("planned", re.I)
_WAS_TO_HAVE = _cue("was_to_have", re.I)
_DONE_AGREEMENT = _cue("done_agreement", re.I)
_RECENT_NOUN = _cue("recent_noun", re.I)
_RECENT_EVENT = _cue("recent_event", re.I)
_REPORTING_DATE_BEFORE = _cue("reporting_date_before")
_REPORTING_DATE_AFTER = _cue("reporting_date_after")
_WHEN_COMMA = _cue("when_comma")
_WHEN = _cue("when")
_DEFINITE = _cue("definite")
# Clauses and sentences: where a trigger's clause ends, and a sentence that goes on about the
# event just told ("The agreement was reached during ...", "During the meeting, ...").
_CLAUSE_BREAK = _cue("clause_break")
_RELATIVE_WHICH = _cue("relative_which")
_EVENT_VERB = _cue("event_verb")
_CONTINUES_NARRATIVE = _cue("continues_narrative")
# ---------------------------------------------------------------------------------------


@register_reader("pattern")
class PatternReader:
    """The ``EventReader`` of surface patterns: ``read(doc)`` gives the event mentions of each
    sentence in order, not yet merged."""

    name = "pattern"

    def __init__(self, registry=None):
        self.registry = registry or Registry.default()

    def read(self, doc):
        text, dct, actors = doc.text, doc.published, doc.actors
        dates = [m for m in doc.dates if m.type in {DATE, TIME}]
        found = []
        context = _Context(registry=self.registry)
        sentences = {}
        for sentence in doc.sentences:
            sentences.setdefault(sentence.block, []).append(sentence)
        for block_index, block in enumerate(doc.blocks):
            dateline = doc.datelines.get(block_index)
            if dateline is not None and context.document_dateline is None:
                context.document_dateline = dateline
            for index, sentence in enumerate(sentences.get(block_index, ())):
                start, end = sentence.start, sentence.end
                site = _Sentence(text, start, end, block.kind, [a for a in actors if start <= a.start < end],
                                 [d for d in dates if start <= d.start < end], sentence.topics)
                context.dateline = dateline if index == 0 else None
                earlier_people = [a for a in actors if a.start < start and a.kind == PERSON]
                context.last_person = earlier_people[-1] if earlier_people else None
                events = _events_in_sentence(site, dct, context)
                for event in events:
                    if event.date.resolved:
                        context.previous_date = event.date
                        context.previous_type = event.event_type
                    if len(event.people) >= 2:
                        context.last_people = [a for a in event.actors if a.kind == PERSON]
                for event in events:
                    event.paragraph = block.start
                found.extend(events)
        return found


@dataclass
class _Sentence:
    """A sentence with the actors and dates the Doc found in it."""

    text: str  # the whole cleaned text: offsets are absolute
    start: int
    end: int
    section: str
    actors: list
    dates: list
    topics: frozenset


@dataclass
class _Context:
    """What the reader remembers from earlier sentences of the document."""

    registry: Registry
    previous_date: "DateReading | None" = None
    last_people: list = field(default_factory=list)
    dateline: object = None
    last_person: object = None
    previous_type: str = ""
    document_dateline: object = None


def _clause_bounds(text, start, end, trigger_start, trigger_end):
    """The clause of a trigger inside its sentence; a noun trigger keeps its relative clause."""
    sentence = text[start:end]
    left = start
    for match in _CLAUSE_BREAK.finditer(sentence):
        if start + match.end() <= trigger_start:
            left = start + match.start() + 1
    right = end
    for match in _CLAUSE_BREAK.finditer(sentence):
        absolute = start + match.start()
        if absolute >= trigger_end:
            # "the summit, which concluded a day earlier": the relative clause is the noun's
            if _RELATIVE_WHICH.match(match.group()) and absolute - trigger_end < 40 and not _EVENT_VERB.search(text[trigger_end:absolute]):
                continue
            right = absolute
            break
    return left, right


def _events_in_sentence(sentence, dct, context):
    text, start, end = sentence.text, sentence.start, sentence.end
    events = []
    claimed = []  # trigger spans already used (a "visit" inside a cancellation is not a visit)
    for event_type, pattern in triggers():
        for match in pattern.finditer(text, start, end):
            t_start, t_end = match.start(), match.end()
            if any(s <= t_start < e or t_start <= s < t_end for s, e in claimed):
                continue
            clause_start, clause_end = _clause_bounds(text, start, end, t_start, t_end)
            event = _read_event(sentence, event_type, match, clause_start, clause_end, dct, context)
            if event is None:
                continue
            # The clause's other triggers describe this same event: "cancelled a visit", "signed ... during the visit".
            if event_type in {CANCELLATION, AGREEMENT_TO_ACT}:
                claimed.append((clause_start, clause_end))
            else:
                claimed.append((t_start, t_end))
            events.append(event)
    events.sort(key=lambda e: e.evidence[0].trigger_start)
    return events


def _read_event(sentence, event_type, match, c_start, c_end, dct, context):
    """The event of one trigger in its clause, or None when it is not a diplomatic event."""
    text, s_start = sentence.text, sentence.start
    t_start, t_end = match.start(), match.end()
    trigger = match.group()
    # "X said that ...": the speaker reports the event and is not part of it
    for reported in _REPORTING.finditer(text, c_start, t_start):
        c_start = reported.end()
    if _not_diplomatic(sentence, event_type, t_start, t_end, c_start):
        return None
    event_type = _summit_of_organisation(sentence, event_type, trigger, t_end)
    clause_actors = [a for a in sentence.actors if c_start <= a.start < c_end]
    if not _fits_its_kind(sentence, event_type, trigger, t_start, t_end, c_start, c_end, clause_actors):
        return None

    involved = _involved(sentence, clause_actors, t_start, t_end, c_start, c_end, context)
    places = _clause_places(text, c_start, c_end, context.registry)
    destination = _destination(text, t_end, c_end, places)
    if trigger.lower() == _WORDS["sending"]:
        # "Putin dispatched Foreign Minister Lavrov to Islamabad": the envoy visits, the sender does not
        involved = [a for a in involved if not (a.kind == PERSON and a.start < t_start)]
    people = [a for a in involved if a.kind == PERSON]
    if destination is None:
        destination = _dateline_destination(text, event_type, people, t_start, t_end, c_start, context)
    involved = _without_topic_countries(text, involved, people, t_start, destination)
    if not _has_sides(event_type, involved, people, destination):
        return None

    status, date = _status_and_date(sentence, event_type, t_start, t_end, c_start, c_end, dct, context)
    event_actors = _roles(event_type, involved, t_start, destination, text)
    if trigger.lower() == _WORDS["sending"]:
        for actor in event_actors:
            if actor.kind == PERSON:
                actor.role = "source"
    place = destination or _own_place(text, t_start, t_end, places, c_start)
    if place is None and context.dateline is not None and event_type in {MEETING, TALKS, AGREEMENT, AGREEMENT_TO_ACT}:
        place = context.dateline
    if event_type == VISIT and destination is None and not any(a.role == "target" for a in event_actors):
        return None
    return _mention(sentence, event_type, status, date, event_actors, place, trigger, t_start, t_end, c_end)


def _not_diplomatic(sentence, event_type, t_start, t_end, c_start):
    """Whether the words around a trigger say it names no diplomatic event that happened: "visit
    our website", "hopes to visit", "did not meet", "could meet", "several visits"."""
    text, s_start, s_end = sentence.text, sentence.start, sentence.end
    before = text[max(c_start, t_start - 80):t_start]
    window = text[max(s_start, t_start - 60):min(s_end, t_end + 60)]
    if _NOT_DIPLOMATIC.search(text[max(s_start, t_start - 30):min(s_end, t_end + 40)]):
        return True
    if _HOPE.search(before) or _NEGATION.search(text[max(c_start, t_start - 25):t_start]):
        return True
    if _MODAL_SPECULATION.search(text[max(c_start, t_start - 45):t_start]) and event_type != CANCELLATION:
        return True
    if _COUNTERFACTUAL.search(text[c_start:t_start]):
        return True
    if _OVERDUE.search(window) and event_type == VISIT:
        return True
    return bool(_SPECULATION_AFTER.search(text[t_end:t_end + 40]) or _GENERIC.search(text[max(c_start, t_start - 50):t_start]))


def _summit_of_organisation(sentence, event_type, trigger, t_end):
    """A meeting of an organisation's leaders is a summit: "an expanded meeting of the
    Shanghai Cooperation Organization Heads of State Council"."""
    text = sentence.text
    if event_type == MEETING and trigger.lower() == _WORDS["organisation_meeting"] \
            and _MEETING_OF_THE.match(text[t_end:t_end + 12]):
        org_after = [a for a in sentence.actors if a.kind == ORGANISATION and 0 <= a.start - t_end < 16]
        if org_after and _SUMMIT_BODY.search(text[t_end:t_end + 120]):
            return SUMMIT
    return event_type


def _fits_its_kind(sentence, event_type, trigger, t_start, t_end, c_start, c_end, clause_actors):
    """Whether the clause has what the kind of event needs: a cancelled event, a summit's name,
    an agreement's noun, what is agreed, a guest."""
    text, clause = sentence.text, sentence.text[c_start:c_end]
    if event_type == CANCELLATION and not _CANCELLED_EVENT.search(clause):
        return False
    if event_type == SUMMIT:
        orgs = [a for a in clause_actors if a.kind == ORGANISATION]
        if not orgs and not _NAMED_SUMMIT.search(clause):
            return False
    if event_type == AGREEMENT and not _AGREEMENT_NOUN.search(text[max(c_start, t_start - 80):min(c_end, t_end + 80)]):
        return False
    if event_type == AGREEMENT_TO_ACT:
        what = AGREED_OBJECT.search(text, t_start, sentence.end)
        if what and _NOT_AGREED.match(what.group("what")):
            return False
    if event_type == MEETING and trigger.lower() in _WORDS["hosting"]:
        after = text[t_end:t_end + 40]
        if not any(a.start >= t_end and a.start - t_end < 5 and a.kind == PERSON for a in clause_actors) and not _GUEST.match(after):
            return False
    return not (event_type == MEETING and trigger.lower().startswith(_WORDS["interaction"])
                and _WORDS["informal"] not in clause.lower())


def _involved(sentence, clause_actors, t_start, t_end, c_start, c_end, context):
    """The actors of a trigger's clause (else its sentence), with the people and countries of the
    event just told ("The two leaders met") and the person "he" or "his" stands for."""
    text, s_start = sentence.text, sentence.start
    involved = list(clause_actors or sentence.actors)
    continues = _CONTINUES_NARRATIVE.search(text[s_start:c_end])
    if (_TWO_OF_THEM.search(text[max(c_start, t_start - 60):t_end + 5]) or continues) and context.last_people \
            and len([a for a in involved if a.kind == PERSON]) < 2:
        # "The two leaders met", "their meeting in Astana", "During the talks": the people of the event just told
        involved += [_as_mention(a) for a in context.last_people if a.key not in {m.key for m in involved}]
    if _TWO_COUNTRIES.search(text[max(c_start, t_start - 60):t_end + 5]) and context.last_people:
        for person in context.last_people:
            country = context.registry.country_by_code(person.country)
            if country is not None and country.key not in {m.key for m in involved}:
                involved.append(ActorMention(-1, -1, country.key, country.key, COUNTRY, country.country, "country", "reference"))
        involved = [a for a in involved if a.kind != PERSON or a.start >= c_start]
    if context.last_person is not None and not [a for a in involved if a.kind == PERSON and a.start < t_start] and (
            _HIS_HER.search(text[max(s_start, t_start - 30):t_start])
            or _HE_SHE.match(text[s_start:t_start])):
        # "His planned visit in October 2012 was cancelled", "He met President Aliyev":
        # the person named before
        if context.last_person.key not in {a.key for a in involved}:
            involved.insert(0, context.last_person)
    # "The crisis in Ukraine", "from India": a place or an origin there, not a party
    return [a for a in involved if not (a.kind == COUNTRY and a.start >= 0 and a.start != t_end + 1 and (
            _IN_COUNTRY.search(text[max(0, a.start - 12):a.start])
            or (a.start > t_start and _FROM_COUNTRY.search(text[max(0, a.start - 6):a.start]))))]


def _clause_places(text, c_start, c_end, registry):
    """The places a clause puts something in, with "the Russian capital" read as Moscow."""
    places = located_places(text, c_start, c_end)
    capital = _CAPITAL.search(text, c_start, c_end)
    if capital:
        country = registry.country_of_adjective(capital.group("adj"))
        place = capital_of(country.country) if country else None
        if place is not None:
            places.append(PlaceMention(capital.start(), capital.end(), capital.group(), place))
            places.sort(key=lambda p: p.start)
    return places


def _dateline_destination(text, event_type, people, t_start, t_end, c_start, context):
    """"Kishida, who arrived on Monday for a two-day visit" in a report datelined NEW DELHI:
    the dateline's place is where visitors from elsewhere arrived; else None."""
    if event_type == VISIT and context.document_dateline is not None and people \
            and _ARRIVAL.search(text[max(c_start, t_start - 40):t_end]) \
            and [p for p in people if p.start < t_start] \
            and all(p.country and p.country != context.document_dateline.country for p in people if p.start < t_start):
        return context.document_dateline
    return None


def _without_topic_countries(text, involved, people, t_start, destination):
    """Countries named after the trigger are topics or origins ("focused on Afghanistan",
    "from India") unless they are where the event goes or nobody else is named."""
    before_trigger = [a for a in involved if a.kind == COUNTRY and a.start < t_start]
    return [a for a in involved if a.kind != COUNTRY or a.start < t_start
            or (destination is not None and a.country == destination.country)
            or _BY_A.search(text[max(0, a.start - 8):a.start])
            or (not people and not before_trigger)]


def _has_sides(event_type, involved, people, destination):
    """Whether the event has the sides its kind needs: two countries, organisations or people
    for most kinds ("talks are going on" has one), a visitor for a visit."""
    countries = [a for a in involved if a.kind == COUNTRY]
    orgs = [a for a in involved if a.kind == ORGANISATION]
    parties = {a.country or a.key for a in people + countries if (a.country or a.kind == COUNTRY)} | {a.key for a in orgs}
    if destination is not None:
        parties.add(destination.country)
    if event_type in {VISIT, MEETING, TALKS, EXERCISE, AGREEMENT, AGREEMENT_TO_ACT, CANCELLATION} and len(parties) < 2 and len(people) < 2:
        # one side only: not a bilateral or multilateral event we can place ("talks are going on")
        if not (event_type in {VISIT, CANCELLATION} and people and (destination is not None or event_type == CANCELLATION)):
            return False
    return bool(people or countries or orgs)


def _status_and_date(sentence, event_type, t_start, t_end, c_start, c_end, dct, context):
    """Whether the event happened or is planned, and its date: the two correct each other (a
    date after publication is planned; a visit planned for a date gone by happened)."""
    text, s_start = sentence.text, sentence.start
    status = _status(text, event_type, t_start, t_end, c_start, c_end, dct)
    inherited = context.previous_date if _same_kind(text[s_start:c_end], context.previous_type) else None
    date = _date_for(text, t_start, t_end, c_start, c_end, s_start, sentence.dates, dct, inherited, status, event_type)
    if status == OCCURRED and date.start is not None and dct is not None and date.start > dct:
        status = PLANNED
    if status == PLANNED and event_type == VISIT and date.end is not None and dct is not None and date.end < dct \
            and not _PLANNED.search(text[c_start:c_end]):
        status = OCCURRED
    return status, date


def _cameo_codes(event_type, trigger, place, event_actors):
    """The CAMEO and PLOVER codes of the event: its kind's, or a more specific CAMEO code for a
    phone call (041), a meeting at a third place (044) or a visit to a country (042)."""
    cameo, plover = codes(event_type)
    if event_type == TALKS and _PHONE.search(trigger):
        cameo = "041"
    if event_type == MEETING and place is not None and place.country and place.country not in {a.country for a in event_actors}:
        cameo = "044"
    if event_type == VISIT and any(a.role == "target" and a.kind == COUNTRY for a in event_actors):
        cameo = "042"
    return cameo, plover


def _mention(sentence, event_type, status, date, event_actors, place, trigger, t_start, t_end, c_end):
    """The event mention of a trigger read in full."""
    text, s_start, s_end = sentence.text, sentence.start, sentence.end
    cameo, plover = _cameo_codes(event_type, trigger, place, event_actors)
    title = event_title(event_type, status, event_actors, place, text=text, trigger_start=t_start, trigger_end=t_end,
                        clause_end=c_end)
    evidence = Evidence(s_start, s_end, t_start, t_end, sentence.section, date,
                        CANCELLED if event_type == CANCELLATION else status)
    definite = bool(_DEFINITE.search(text[max(s_start, t_start - 30):t_start]))
    return EventMention(event_type, CANCELLED if event_type == CANCELLATION else status, title, event_actors, place,
                        set(sentence.topics), date, [evidence], cameo, plover, definite=definite)


def _same_kind(sentence, previous_type):
    """Whether a sentence that continues the story ("The agreement was reached during ...")
    refers to the kind of event told just before; "the two leaders" refers to any."""
    match = _CONTINUES_NARRATIVE.search(sentence)
    if not match or not previous_type:
        return False
    words = set(re.findall(r"[a-z]+", match.group().lower()))
    if words & set(_WORDS["both_sides"]):
        return True
    return bool(words & EVENT_TYPES[previous_type].refers_to)


def _is_reporting_date(text, mention, t_start, t_end):
    if mention.start <= t_end and mention.end >= t_start:
        return False
    before = text[max(0, mention.start - 18):mention.start]
    after = text[mention.end:mention.end + 12]
    near_verb = _REPORTING_DATE_BEFORE.search(before) or _REPORTING_DATE_AFTER.match(after)
    if not near_verb:
        return False
    # the trigger itself is the statement's content only if the verb is not between them
    return not (t_start <= mention.start <= t_end + 3)


def _as_mention(actor):
    return ActorMention(-1, -1, actor.key, actor.key, actor.kind, actor.country, actor.title, "reference")


def _own_place(text, t_start, t_end, places, c_start):
    """The place of the trigger itself: "met in Beijing", "the Bishkek meeting", "summit in Bishkek"."""
    before = _PLACE_BEFORE.search(text[max(c_start, t_start - 30):t_start])
    if before:
        place = gazetteer().get(before.group("name"))
        if place is not None and place.kind == "city":
            return place
    after = [p for p in places if t_end <= p.start <= t_end + 45]
    if after:
        return after[0].place
    near_before = [p for p in places if 0 <= t_start - p.end <= 25]
    return near_before[-1].place if near_before else None


def _destination(text, t_end, c_end, places):
    """ "visit to Islamabad", "arrived in Pakistan", "trip to Russia": the place after the trigger."""
    for place in places:
        if t_end <= place.start < c_end:
            between = text[t_end:place.start]
            if _TO_PLACE.fullmatch(between) or re.fullmatch(r"\s+", between):
                return place.place
    return None


def _status(text, event_type, t_start, t_end, c_start, c_end, dct):
    if event_type == CANCELLATION:
        return CANCELLED
    near = text[c_start:min(c_end, t_end + 50)]
    if _WAS_TO_HAVE.search(near):
        return PLANNED
    if _PLANNED.search(near):
        # "agreed to hold the next meeting": the agreement happened, the meeting is planned
        if event_type in {AGREEMENT_TO_ACT, AGREEMENT} and _DONE_AGREEMENT.search(near):
            return OCCURRED
        return PLANNED
    return OCCURRED


def _date_for(text, t_start, t_end, c_start, c_end, s_start, dates, dct, previous_date, status, event_type):
    # Unresolved readings ("last week" in an undated text) stay: the event shows them as unresolved.
    usable = [d for d in dates if d.timex not in {"PRESENT_REF"}
              and not (d.timex in {"PAST_REF", "FUTURE_REF"} and d.start_date is None and dct is not None)]
    # "the ministry said on Wednesday", "authorities said Tuesday": when it was said, not when it happens
    usable = [d for d in usable if not _is_reporting_date(text, d, t_start, t_end)]
    in_clause = [d for d in usable if c_start <= d.start < c_end]
    if in_clause:
        chosen = min(in_clause, key=lambda d: (d.start > t_end) * 0 + min(abs(d.start - t_end), abs(d.end - t_start)))
        return DateReading.from_mention(chosen)
    in_sentence = [d for d in usable if d.start >= s_start and not (c_start <= d.start < c_end)]
    if _WHEN_COMMA.match(text[c_start - 1:c_start + 6]) or _WHEN.match(text[c_start:c_start + 6]):
        # "Aliyev had visited Ankara last March, when the two countries signed ...": the same time
        earlier = [d for d in in_sentence if d.end <= c_start]
        if earlier:
            return DateReading.from_mention(earlier[-1])
    if in_sentence and len(in_sentence) == 1 and not _CLAUSE_BREAK.search(text[min(in_sentence[0].end, t_start):max(in_sentence[0].start, t_end)]):
        return DateReading.from_mention(in_sentence[0])
    noun_phrase = text[max(c_start, t_start - 40):t_start]
    recent_in_clause = _RECENT_EVENT.search(text[c_start:c_end])
    if (_RECENT_NOUN.search(noun_phrase) or recent_in_clause) and dct is not None:
        start = dct - datetime.timedelta(days=183) if dct > datetime.date.min + datetime.timedelta(days=183) \
            else datetime.date.min
        return DateReading(start, dct, "unknown", "PAST_REF", "approximate", "recent",
                           f"'recent' in a text published {dct.day} {dct.strftime('%B')} {dct.year} -> some time "
                           f"in the months before publication (approximate)")
    sentence_text = text[s_start:c_end]
    if previous_date is not None and _CONTINUES_NARRATIVE.search(sentence_text):
        reading = DateReading(**{**previous_date.__dict__})
        reading.expression_start = reading.expression_end = None
        reading.explanation = f"no date in this sentence; the sentence before dates what it continues: {previous_date.explanation}"
        return reading
    if status == PLANNED:
        return DateReading.unknown("planned, and the text gives no date for it")
    return DateReading.unknown("the text gives no date for this event")


def _roles(event_type, involved, t_start, destination, text):
    result = []
    seen = set()
    for actor in involved:
        if actor.key in seen:
            continue
        seen.add(actor.key)
        role = "participant"
        if event_type in {VISIT, CANCELLATION}:
            if destination is not None and actor.kind == COUNTRY and actor.country == destination.country:
                role = "target"
            elif actor.start < t_start and actor.kind in {PERSON, COUNTRY}:
                role = "source"
            elif actor.start > t_start and _BY_OF_SOURCE.search(text[t_start:actor.start]):
                role = "source"
        result.append(EventActor(actor.key, actor.kind, actor.country, role, actor.role))
    if destination is not None and destination.kind == "country" and destination.name not in seen:
        result.append(EventActor(destination.name, COUNTRY, destination.country, "target", "country"))
    # A person from the destination country is the host, not the visitor.
    if destination is not None:
        for actor in result:
            if actor.kind == PERSON and actor.country == destination.country and actor.role == "source":
                actor.role = "target"
    return result
