"""The pattern reader: diplomatic events found by surface patterns over the cleaned text.

Plain Python, no Django. For each sentence it finds trigger expressions (from
``data/en/pattern_triggers.toml``: "visited", "talks", "signed ... protocol", "agreed to
hold", "cancelled a visit", "joint exercises"), decides whether the event happened, is
planned or was cancelled, and takes its actors, place, topics and the date expression of
its clause from the Doc's layers. Merging the mentions of one event is
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
from .titles import AGREED_OBJECT, AGREEMENT_NOUN, event_title
from .reader import register_reader
from .types import AGREEMENT, AGREEMENT_TO_ACT, CANCELLATION, EVENT_TYPES, EXERCISE, MEETING, SUMMIT, TALKS, VISIT, codes

TRIGGERS = Path(__file__).resolve().parent.parent / "data" / "en" / "pattern_triggers.toml"


@functools.cache
def triggers(path=TRIGGERS):
    """``[(event type, compiled pattern)]`` in the data's order."""
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    return [(item["type"], re.compile(item["pattern"], re.I)) for item in data["trigger"] if item["type"] in EVENT_TYPES]


# A word like "visit" outside diplomacy: "visit our website", "tourists visit".
_NOT_DIPLOMATIC = re.compile(
    r"visit\s+(?:our|the|this|their)?\s*(?:website|site|page|link|www|store|shop|museum|zoo|beach)|"
    r"(?:tourists?|visitors?|pilgrims?|fans?|students?|patients?)\s+(?:who\s+)?visit|"
    r"please\s+visit|worth\s+a\s+visit|met\s+(?:with\s+)?(?:criticism|resistance|the\s+(?:target|demand|deadline|requirements?|expectations?))|"
    r"meeting\s+(?:the\s+)?(?:needs?|demands?|targets?|requirements?|expectations?|deadline)|"
    r"received\s+(?:a|an|the)?\s*(?:letter|message|call|award|reports?|support|funding|doses|shipment|aid)|"
    r"welcomed\s+(?:the|this|a|an)\s+(?:decision|move|step|initiative|announcement|news|statement|offer|proposal)|"
    r"talks?\s+(?:in\s+this\s+regard|are\s+going\s+on)|constant\s+talks|"
    r"tour\s+(?:de|of\s+duty)|trip\s+(?:wire|hammer)|interactions?\s+with\s+the\s+media",
    re.I,
)
_HOPE = re.compile(r"\b(?:hope[sd]?|hoping|wish(?:es|ed)?|would\s+like|desire[sd]?|keen|wants?|wanted|dream|aspire[sd]?|ready|willing|offer(?:ed|s)?|prepared)\s+(?:\w+\s+){0,2}to\s+(?:\w+\s+){0,2}$", re.I)
_MODAL_SPECULATION = re.compile(r"\b(?:could|might|may|can\s+only|if|unless|would\s+have|should|(?:was|were)\s+to\s+have)\b", re.I)
_SPECULATION_AFTER = re.compile(r"^\s+(?:could|might|may|would|should)\s+(?:again\s+|also\s+|soon\s+)?be\s+(?:held|organi[sz]ed|arranged|convened|hosted)", re.I)
_GENERIC = re.compile(r"\b(?:all|several|many|various|similar|frequent|regular|numerous|a\s+number\s+of|a\s+series\s+of|a\s+flurry\s+of|series\s+of)\s+(?:[\w’'-]+\s+){0,6}$", re.I)
_REPORTING = re.compile(r"\b(?:said|says|told|added|noted|stated|announced|claimed|reported|share[sd]?\s+with\s+the\s+media)\b(?:[^.;,]{0,40}?\bthat\b|\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)?", re.I)
_COUNTERFACTUAL = re.compile(r"\b(?:was|were)\s+to\s+have\b|\bwould\s+have\b", re.I)
_TWO_OF_THEM = re.compile(r"\b(?:[Tt]he\s+two\s+(?:leaders|ministers|premiers|presidents|sides|officials|heads\s+of\s+state)|[Bb]oth\s+(?:leaders|ministers|sides)|[Tt]heir)\b")
_TWO_COUNTRIES = re.compile(r"\b(?:[Tt]he\s+two\s+(?:countries|nations|states|governments)|[Bb]oth\s+countries)\b")
_CAPITAL = re.compile(r"\bthe\s+(?P<adj>[A-Z][a-z]+)\s+capital\b")
_NEGATION = re.compile(r"\b(?:not|no|never|neither|nor|without)\s+(?:\w+\s+){0,2}$", re.I)
_PLANNED = re.compile(
    r"\b(?:will|shall|'ll|would(?!\s+have)|is\s+to|are\s+to|to\s+be\s+held|due\s+to|due\s+in|expected|scheduled|planned|plans?|"
    r"planning|set\s+to|invitation|invited|invites|to\s+attend|look(?:s|ed)?\s+forward|upcoming|forthcoming|proposed|"
    r"much[\s-]awaited|long[\s-]awaited|next\s+(?:meeting|round|session)|to\s+finalise|to\s+finalize|to\s+hold|to\s+visit|"
    r"is\s+likely|likely\s+to|intends?|heads?\s+to|ahead\s+of)\b",
    re.I,
)
_OVERDUE = re.compile(r"\b(?:long\s+overdue|overdue|yet\s+to|never\s+(?:materiali[sz]ed|happened)|eventual)\b", re.I)
_RECENT_NOUN = re.compile(r"\brecent(?:ly)?\s+(?:[\w-]+\s+){0,2}$", re.I)
_CLAUSE_BREAK = re.compile(r";|,\s+(?:which|who|while|whereas|but|although|though|as|since|when|where|after|before)\b|\s+—\s+|\s+–\s+"
                           r"|\s+and\s+(?=[A-Z][a-z]+\s+(?:said|suggested|added|told|noted|stressed|called|urged)\b)")
# A sentence that goes on about the event just told: "The agreement was reached during ...",
# "During the meeting, ...", "The two leaders met ...".
_CONTINUES_NARRATIVE = re.compile(
    r"^[\"“‘']?(?:(?:The|This|That|During\s+the|At\s+the|In\s+the|After\s+the)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:agreement|meeting|visit|talks|summit|trip|deal|gathering|session|call|exercises?|leaders|ministers|sides)\b"
    r"|(?:The\s+two|Both)\s+(?:leaders|ministers|sides|premiers))"
)
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
            if re.match(r",\s+which\b", match.group()) and absolute - trigger_end < 40 and not re.search(r"\b(?:met|visited|held|signed)\b", text[trigger_end:absolute]):
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
    text, s_start, s_end, section = sentence.text, sentence.start, sentence.end, sentence.section
    actors, dates = sentence.actors, sentence.dates
    t_start, t_end = match.start(), match.end()
    trigger = match.group()
    dateline, previous_date = context.dateline, context.previous_date
    # "X said that ...": the speaker reports the event and is not part of it
    for reported in _REPORTING.finditer(text, c_start, t_start):
        c_start = reported.end()
    clause = text[c_start:c_end]
    before = text[max(c_start, t_start - 80):t_start]
    window = text[max(s_start, t_start - 60):min(s_end, t_end + 60)]

    if _NOT_DIPLOMATIC.search(text[max(s_start, t_start - 30):min(s_end, t_end + 40)]):
        return None
    if _HOPE.search(before) or _NEGATION.search(text[max(c_start, t_start - 25):t_start]):
        return None
    if _MODAL_SPECULATION.search(text[max(c_start, t_start - 45):t_start]) and event_type != CANCELLATION:
        return None
    if _COUNTERFACTUAL.search(text[c_start:t_start]):
        return None
    if _OVERDUE.search(window) and event_type == VISIT:
        return None
    if _SPECULATION_AFTER.search(text[t_end:t_end + 40]) or _GENERIC.search(text[max(c_start, t_start - 50):t_start]):
        return None
    if event_type == MEETING and trigger.lower() == "meeting" and re.match(r"\s+of\s+the\s+[A-Z]", text[t_end:t_end + 12]):
        # "an expanded meeting of the Shanghai Cooperation Organization Heads of State Council"
        org_after = [a for a in actors if a.kind == ORGANISATION and 0 <= a.start - t_end < 16]
        if org_after and re.search(r"\bHeads\s+of\s+(?:State|Government)|\bleaders\b|\bCouncil\b", text[t_end:t_end + 120]):
            event_type = SUMMIT

    clause_actors = [a for a in actors if c_start <= a.start < c_end]
    sentence_actors = actors
    if event_type == CANCELLATION:
        if not re.search(r"\b(?:visit|trip|tour|summit|meeting|talks|exercises?|ceremony)\b", clause, re.I):
            return None
    if event_type == SUMMIT:
        orgs = [a for a in clause_actors if a.kind == ORGANISATION]
        named = re.search(r"\b(?!The\b|This\b|That\b|A\b)[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*\s+(?:leaders['’]\s+)?[Ss]ummit|summit\s+(?:in|of)\s+[A-Z]", clause)
        if not orgs and not named:
            return None
    if event_type == AGREEMENT and not re.search(rf"\b{AGREEMENT_NOUN}\b", text[max(c_start, t_start - 80):min(c_end, t_end + 80)], re.I):
        return None
    if event_type == AGREEMENT_TO_ACT:
        what = AGREED_OBJECT.search(text, t_start, s_end)
        if what and re.match(r"(?:the\s+)?(?:need|importance|fact)\b", what.group("what"), re.I):
            return None
    if event_type == MEETING and trigger.lower() in {"welcomed", "received", "hosted"}:
        after = text[t_end:t_end + 40]
        if not any(a.start >= t_end and a.start - t_end < 5 and a.kind == PERSON for a in clause_actors) and not re.match(r"\s+(?:the\s+)?(?:[A-Z]\w+\s+)?(?:delegation|minister|president|premier)", after):
            return None
    if event_type == MEETING and trigger.lower().startswith("interact") and "informal" not in clause.lower():
        return None

    involved = list(clause_actors or sentence_actors)
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
            re.search(r"\b(?:[Hh]is|[Hh]er)\s+(?:[\w-]+\s+){0,2}$", text[max(s_start, t_start - 30):t_start])
            or re.match(r"[\"“‘']?(?:He|She)\b", text[s_start:t_start])):
        # "His planned visit in October 2012 was cancelled", "He met President Aliyev":
        # the person named before
        if context.last_person.key not in {a.key for a in involved}:
            involved.insert(0, context.last_person)
    # "The crisis in Ukraine", "from India": a place or an origin there, not a party
    involved = [a for a in involved if not (a.kind == COUNTRY and a.start >= 0 and a.start != t_end + 1 and (
                re.search(r"\b(?:in|across|throughout|inside)\s+(?:the\s+)?$", text[max(0, a.start - 12):a.start])
                or (a.start > t_start and re.search(r"\bfrom\s+$", text[max(0, a.start - 6):a.start]))))]
    places = located_places(text, c_start, c_end)
    capital = _CAPITAL.search(text, c_start, c_end)
    if capital:
        country = context.registry.country_of_adjective(capital.group("adj"))
        place = capital_of(country.country) if country else None
        if place is not None:
            places.append(PlaceMention(capital.start(), capital.end(), capital.group(), place))
            places.sort(key=lambda p: p.start)
    destination = _destination(text, t_end, c_end, places)
    if trigger.lower() == "dispatched":
        # "Putin dispatched Foreign Minister Lavrov to Islamabad": the envoy visits, the sender does not
        involved = [a for a in involved if not (a.kind == PERSON and a.start < t_start)]
    people = [a for a in involved if a.kind == PERSON]
    if destination is None and event_type == VISIT and context.document_dateline is not None and people \
            and re.search(r"\barriv|\bvisit", text[max(c_start, t_start - 40):t_end], re.I) \
            and [p for p in people if p.start < t_start] \
            and all(p.country and p.country != context.document_dateline.country for p in people if p.start < t_start):
        # "Kishida, who arrived on Monday for a two-day visit" in a report datelined NEW DELHI
        destination = context.document_dateline
    # Countries named after the trigger are topics or origins ("focused on Afghanistan",
    # "from India") unless they are where the event goes or nobody else is named.
    before_trigger = [a for a in involved if a.kind == COUNTRY and a.start < t_start]
    involved = [a for a in involved if a.kind != COUNTRY or a.start < t_start
                or (destination is not None and a.country == destination.country)
                or re.search(r"\bby\s+(?:a|an|the)\s+$", text[max(0, a.start - 8):a.start])
                or (not people and not before_trigger)]
    countries = [a for a in involved if a.kind == COUNTRY]
    orgs = [a for a in involved if a.kind == ORGANISATION]
    parties = {a.country or a.key for a in people + countries if (a.country or a.kind == COUNTRY)} | {a.key for a in orgs}
    if destination is not None:
        parties.add(destination.country)
    if event_type in {VISIT, MEETING, TALKS, EXERCISE, AGREEMENT, AGREEMENT_TO_ACT, CANCELLATION} and len(parties) < 2 and len(people) < 2:
        # one side only: not a bilateral or multilateral event we can place ("talks are going on")
        if not (event_type in {VISIT, CANCELLATION} and people and (destination is not None or event_type == CANCELLATION)):
            return None
    if not people and not countries and not orgs:
        return None

    status = _status(text, event_type, t_start, t_end, c_start, c_end, dct)
    inherited = previous_date if _same_kind(text[s_start:c_end], context.previous_type) else None
    date = _date_for(text, t_start, t_end, c_start, c_end, s_start, dates, dct, inherited, status, event_type)
    if status == OCCURRED and date.start is not None and dct is not None and date.start > dct:
        status = PLANNED
    if status == PLANNED and event_type == VISIT and date.end is not None and dct is not None and date.end < dct and not _PLANNED.search(clause):
        status = OCCURRED

    event_actors = _roles(event_type, involved, t_start, destination, text)
    if trigger.lower() == "dispatched":
        for actor in event_actors:
            if actor.kind == PERSON:
                actor.role = "source"
    place = destination or _own_place(text, t_start, t_end, places, c_start)
    if place is None and dateline is not None and event_type in {MEETING, TALKS, AGREEMENT, AGREEMENT_TO_ACT}:
        place = dateline
    if event_type == VISIT and destination is None and not any(a.role == "target" for a in event_actors):
        return None

    cameo, plover = codes(event_type)
    if event_type == TALKS and re.search(r"phone", trigger, re.I):
        cameo = "041"
    if event_type == MEETING and place is not None and place.country and place.country not in {a.country for a in event_actors}:
        cameo = "044"
    if event_type == VISIT and any(a.role == "target" and a.kind == COUNTRY for a in event_actors):
        cameo = "042"

    title = event_title(event_type, status, event_actors, place, text=text, trigger_start=t_start, trigger_end=t_end,
                        clause_end=c_end)
    evidence = Evidence(s_start, s_end, t_start, t_end, section, date, CANCELLED if event_type == CANCELLATION else status)
    definite = bool(re.search(r"\b(?:their|the|his|her|its)\s+(?:[A-Z][\w-]*\s+)?$", text[max(s_start, t_start - 30):t_start]))
    return EventMention(event_type, CANCELLED if event_type == CANCELLATION else status, title, event_actors, place,
                        set(sentence.topics), date, [evidence], cameo, plover, definite=definite)


def _same_kind(sentence, previous_type):
    """Whether a sentence that continues the story ("The agreement was reached during ...")
    refers to the kind of event told just before; "the two leaders" refers to any."""
    match = _CONTINUES_NARRATIVE.search(sentence)
    if not match or not previous_type:
        return False
    words = set(re.findall(r"[a-z]+", match.group().lower()))
    if words & {"leaders", "ministers", "sides", "premiers"}:
        return True
    return bool(words & EVENT_TYPES[previous_type].refers_to)


def _is_reporting_date(text, mention, t_start, t_end):
    if mention.start <= t_end and mention.end >= t_start:
        return False
    before = text[max(0, mention.start - 18):mention.start]
    after = text[mention.end:mention.end + 12]
    near_verb = re.search(r"\b(?:said|says|told|announced|stated|added|reported|remarked|wrote|tweeted)(?:\s+\w+)?\s+(?:on\s+)?$", before) \
        or re.match(r"\s+(?:said|told|announced|stated)\b", after)
    if not near_verb:
        return False
    # the trigger itself is the statement's content only if the verb is not between them
    return not (t_start <= mention.start <= t_end + 3)


def _as_mention(actor):
    return ActorMention(-1, -1, actor.key, actor.key, actor.kind, actor.country, actor.title, "reference")


def _own_place(text, t_start, t_end, places, c_start):
    """The place of the trigger itself: "met in Beijing", "the Bishkek meeting", "summit in Bishkek"."""
    before = re.search(r"(?:the\s+)?(?P<name>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+(?:[\w’'-]+\s+)?$", text[max(c_start, t_start - 30):t_start])
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
            if re.fullmatch(r"\s*(?:[\w’'-]+\s+){0,8}?(?:to|in|at)\s+(?:the\s+)?", between, re.I) or re.fullmatch(r"\s+", between):
                return place.place
    return None


def _status(text, event_type, t_start, t_end, c_start, c_end, dct):
    if event_type == CANCELLATION:
        return CANCELLED
    near = text[c_start:min(c_end, t_end + 50)]
    if re.search(r"\b(?:was|were|had been)\s+to\s+have\b|\bwas\s+(?:due|scheduled|expected)\b", near, re.I):
        return PLANNED
    if _PLANNED.search(near):
        # "agreed to hold the next meeting": the agreement happened, the meeting is planned
        if event_type in {AGREEMENT_TO_ACT, AGREEMENT} and re.search(r"\bagreed|\bsigned|\breached", near, re.I):
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
    if re.match(r"\s*(?:,\s*)?when\b", text[c_start - 1:c_start + 6]) or re.match(r"\s*when\b", text[c_start:c_start + 6]):
        # "Aliyev had visited Ankara last March, when the two countries signed ...": the same time
        earlier = [d for d in in_sentence if d.end <= c_start]
        if earlier:
            return DateReading.from_mention(earlier[-1])
    if in_sentence and len(in_sentence) == 1 and not _CLAUSE_BREAK.search(text[min(in_sentence[0].end, t_start):max(in_sentence[0].start, t_end)]):
        return DateReading.from_mention(in_sentence[0])
    noun_phrase = text[max(c_start, t_start - 40):t_start]
    recent_in_clause = re.search(r"\brecent(?:ly)?\s+(?:[\w’'-]+\s+){0,3}?(?:visit|trip|meeting|talks|tour)", text[c_start:c_end], re.I)
    if (_RECENT_NOUN.search(noun_phrase) or recent_in_clause) and dct is not None:
        start = dct - datetime.timedelta(days=183)
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
            elif actor.start > t_start and re.search(r"\b(?:by|of)\s+(?:a|an|the)?\s*(?:[A-Z][a-z]+\s+)?$", text[t_start:actor.start]):
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
