"""Diplomatic events in a cleaned news text: who did what, where, when, and on what evidence.

Plain Python, no Django. ``read_events(cleaned, dct)`` finds event triggers in each
sentence ("visited", "talks", "signed ... protocol", "agreed to hold", "cancelled a visit",
"joint exercises"), decides whether the event happened, is planned or was cancelled, finds
its actors, place, topics and the date expression of its clause, and merges the mentions
of one event within the document, flagging dates that contradict each other.

>>> import datetime
>>> from nlp.cleaning import clean
>>> events = read_events(clean("Russian Foreign Minister Sergey Lavrov visited Islamabad on Tuesday.\\n"), datetime.date(2021, 4, 7))
>>> [(e.event_type, e.status, e.title, e.date.timex) for e in events]
[('visit', 'occurred', 'Sergey Lavrov visits Islamabad', '2021-04-06')]
"""

import datetime
import re
from dataclasses import dataclass, field

from .actors import COUNTRY, ORGANISATION, PERSON, Registry, find_actors
from .cleaning import HEADING, CleanedText
from .places import capital_of, dateline_place, located_places
from .sentences import split_sentences
from .temporal import DATE, TIME, TemporalMention, extract
from .topics import topics_in

VISIT, MEETING, TALKS, SUMMIT = "visit", "meeting", "talks", "summit"
AGREEMENT, AGREEMENT_TO_ACT, CANCELLATION, EXERCISE = "agreement", "agreement_to_act", "cancellation", "exercise"
OCCURRED, PLANNED, CANCELLED = "occurred", "planned", "cancelled"

# CAMEO and PLOVER codes by event type (CAMEO 041 for calls, 044 for meetings at a third place).
CODES = {
    VISIT: ("042", "CONSULT"),
    MEETING: ("040", "CONSULT"),
    TALKS: ("040", "CONSULT"),
    SUMMIT: ("044", "CONSULT"),
    AGREEMENT: ("057", "SUPPORT"),
    AGREEMENT_TO_ACT: ("030", "AGREE"),
    CANCELLATION: ("161", "REJECT"),
    EXERCISE: ("062", "COOPERATE"),
}

_AGREEMENT_NOUN = r"(?:agreements?|accords?|pacts?|deals?|treat(?:y|ies)|memorand(?:um|a)(?: of understanding)?|MoUs?|MOUs?|protocols?|contracts?|declarations?|roadmaps?|road maps?|conventions?)"
_TRIGGERS = [
    (CANCELLATION, re.compile(r"\b(?:cancel(?:l?ed|s|l?ing)?|called off|call off|calls off|postpone[ds]?|postponing|scrapped|put off|deferred)\b", re.I)),
    (AGREEMENT, re.compile(r"\b(?:sign(?:ed|s|ing)?|ink(?:ed|s)?)\b", re.I)),
    (AGREEMENT_TO_ACT, re.compile(r"\bagree(?:d|s)?\s+(?:to|on)\b|\bagreement (?:was |has been )?reached on\b|\breached an agreement\b|\bagreed that\b", re.I)),
    (EXERCISE, re.compile(r"\bjoint\s+(?:[\w-]+\s+){0,2}?(?:exercises?|drills?|manoeuvres|maneuvers|war games)\b|\b(?:military|naval|counter-terrorism|anti-terror)\s+(?:exercises?|drills?)\b", re.I)),
    (SUMMIT, re.compile(r"\bsummit\b", re.I)),
    (VISIT, re.compile(r"\b(?:visit(?:s|ed|ing)?|trip|tour|arriv(?:ed|es|e|ing)\s+in|heads?\s+to|headed\s+to|travel(?:s|led|ed|ling)?\s+to|flew\s+to|landed\s+in|dispatched)\b", re.I)),
    (TALKS, re.compile(r"\b(?:(?:held|hold|holds|holding)\s+talks|talks|negotiations|consultations|(?:strategic\s+)?dialogue|(?:tele)?phone\s+(?:call|conversation)|spoke\s+(?:by|on\s+the)\s+(?:tele)?phone)\b", re.I)),
    (MEETING, re.compile(r"\b(?:met|meets?|meeting|called\s+on|calls?\s+on|sidelines|t[êe]te-[àa]-t[êe]te|gathering|welcomed|received|hosted|interact(?:ed|ing|ions?))\b", re.I)),
]
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
_AGREED_OBJECT = re.compile(r"\bagree(?:d|s)?\s+(?:to|on)\s+(?P<what>[^.;:\"”•\n]{3,90})", re.I)
_AGREEMENT_QUALIFIERS = frozenset(
    """military defence defense cooperation technical trade economic energy gas nuclear security peace strategic
    framework partnership investment visa transit bilateral comprehensive free currency swap credit loan
    intergovernmental maritime border extradition cultural education health agricultural agriculture steel
    transport railway aviation space scientific industrial customs banking financial""".split()
)


@dataclass
class DateReading:
    start: datetime.date | None
    end: datetime.date | None
    granularity: str
    timex: str
    certainty: str
    text: str
    explanation: str
    expression_start: int | None = None
    expression_end: int | None = None

    @property
    def resolved(self):
        return self.start is not None

    @classmethod
    def from_mention(cls, mention: TemporalMention):
        return cls(mention.start_date, mention.end_date, mention.granularity, mention.timex, mention.certainty,
                   mention.text, mention.explanation, mention.start, mention.end)

    @classmethod
    def unknown(cls, why):
        return cls(None, None, "unknown", "", "unresolved", "", why)


@dataclass
class EventActor:
    key: str
    kind: str
    country: str
    role: str  # source | target | participant
    title: str = ""  # the person's role ("Foreign Minister of Russia")


@dataclass
class Evidence:
    sentence_start: int
    sentence_end: int
    trigger_start: int
    trigger_end: int
    section: str
    date: DateReading
    status: str = OCCURRED


@dataclass
class ReadEvent:
    event_type: str
    status: str
    title: str
    actors: list[EventActor]
    place: object | None  # places.Place
    topics: set[str]
    date: DateReading
    evidence: list[Evidence]
    cameo: str = ""
    plover: str = ""
    conflict: list[DateReading] = field(default_factory=list)
    paragraph: int = -1  # offset of the paragraph of the first mention
    definite: bool = False  # named as an event already known: "their meeting", "the Astana meeting"

    @property
    def people(self):
        return {a.key for a in self.actors if a.kind == PERSON}

    @property
    def parties(self):
        """Countries and organisations involved, counting people's countries."""
        found = {a.country or a.key for a in self.actors if a.kind in {COUNTRY, PERSON} and (a.country or a.kind == COUNTRY)}
        found |= {a.key for a in self.actors if a.kind == ORGANISATION}
        return found


# ---------------------------------------------------------------------------------------


def read_events(cleaned: CleanedText, dct: datetime.date | None, *, dct_is_approximate=False, registry=None):
    """The events of one document, merged within it, in order of first mention."""
    registry = registry or Registry.default()
    text = cleaned.text
    actors = find_actors(text, registry)
    dates = [m for m in extract(text, dct, dct_is_approximate=dct_is_approximate) if m.type in {DATE, TIME}]
    found = []
    context = _Context(registry=registry)
    for block in cleaned.blocks:
        paragraph = text[block.start:block.end]
        dateline = dateline_place(paragraph)
        if dateline is not None and context.document_dateline is None:
            context.document_dateline = dateline
        for index, (start, end, sentence) in enumerate(split_sentences(text, block.start, block.end)):
            sentence_actors = [a for a in actors if start <= a.start < end]
            sentence_dates = [d for d in dates if start <= d.start < end]
            context.dateline = dateline if index == 0 else None
            earlier_people = [a for a in actors if a.start < start and a.kind == PERSON]
            context.last_person = earlier_people[-1] if earlier_people else None
            events = _events_in_sentence(text, start, end, block.kind, sentence_actors, sentence_dates, dct, context)
            for event in events:
                if event.date.resolved:
                    context.previous_date = event.date
                    context.previous_type = event.event_type
                if len(event.people) >= 2:
                    context.last_people = [a for a in event.actors if a.kind == PERSON]
            for event in events:
                event.paragraph = block.start
            found.extend(events)
    return merge_within_document(found)


@dataclass
class _Context:
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


def _events_in_sentence(text, start, end, section, actors, dates, dct, context):
    sentence = text[start:end]
    events = []
    claimed = []  # trigger spans already used (a "visit" inside a cancellation is not a visit)
    for event_type, pattern in _TRIGGERS:
        for match in pattern.finditer(text, start, end):
            t_start, t_end = match.start(), match.end()
            if any(s <= t_start < e or t_start <= s < t_end for s, e in claimed):
                continue
            clause_start, clause_end = _clause_bounds(text, start, end, t_start, t_end)
            event = _read_event(text, event_type, match, start, end, clause_start, clause_end, section, actors, dates,
                                dct, context)
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


def _read_event(text, event_type, match, s_start, s_end, c_start, c_end, section, actors, dates, dct, context):
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
    if event_type == AGREEMENT and not re.search(rf"\b{_AGREEMENT_NOUN}\b", text[max(c_start, t_start - 80):min(c_end, t_end + 80)], re.I):
        return None
    if event_type == AGREEMENT_TO_ACT:
        what = _AGREED_OBJECT.search(text, t_start, s_end)
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
                from .actors import ActorMention

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
            from .places import PlaceMention
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

    cameo, plover = CODES[event_type]
    if event_type == TALKS and re.search(r"phone", trigger, re.I):
        cameo = "041"
    if event_type == MEETING and place is not None and place.country and place.country not in {a.country for a in event_actors}:
        cameo = "044"
    if event_type == VISIT and any(a.role == "target" and a.kind == COUNTRY for a in event_actors):
        cameo = "042"

    topic_text = text[s_start:s_end]
    title = _title(event_type, status, event_actors, place, text, match, c_end)
    evidence = Evidence(s_start, s_end, t_start, t_end, section, date, CANCELLED if event_type == CANCELLATION else status)
    definite = bool(re.search(r"\b(?:their|the|his|her|its)\s+(?:[A-Z][\w-]*\s+)?$", text[max(s_start, t_start - 30):t_start]))
    return ReadEvent(event_type, CANCELLED if event_type == CANCELLATION else status, title, event_actors, place,
                     topics_in(topic_text), date, [evidence], cameo, plover, definite=definite)


_KIND_NOUNS = {
    VISIT: {"visit", "trip"}, MEETING: {"meeting", "gathering", "session", "talks"}, TALKS: {"talks", "meeting", "call"},
    SUMMIT: {"summit", "session"}, AGREEMENT: {"agreement", "deal"}, AGREEMENT_TO_ACT: {"agreement", "deal"},
    EXERCISE: {"exercise", "exercises"}, CANCELLATION: set(),
}


def _same_kind(sentence, previous_type):
    """Whether a sentence that continues the story ("The agreement was reached during ...")
    refers to the kind of event told just before; "the two leaders" refers to any."""
    match = _CONTINUES_NARRATIVE.search(sentence)
    if not match or not previous_type:
        return False
    words = set(re.findall(r"[a-z]+", match.group().lower()))
    if words & {"leaders", "ministers", "sides", "premiers"}:
        return True
    return bool(words & _KIND_NOUNS.get(previous_type, set()))


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
    from .actors import ActorMention

    return ActorMention(-1, -1, actor.key, actor.key, actor.kind, actor.country, actor.title, "reference")


def _own_place(text, t_start, t_end, places, c_start):
    """The place of the trigger itself: "met in Beijing", "the Bishkek meeting", "summit in Bishkek"."""
    before = re.search(r"(?:the\s+)?(?P<name>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+(?:[\w’'-]+\s+)?$", text[max(c_start, t_start - 30):t_start])
    if before:
        from .places import gazetteer

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


def _name(actor):
    return actor.key


def _title(event_type, status, actors, place, text, match, c_end):
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
            kind = "phone call" if re.search(r"phone", match.group(), re.I) else "talks"
            return f"{pair} {kind}{where}" if status != PLANNED else f"Planned {pair} {kind}{where}"
        verb = "to meet" if status == PLANNED else "meets"
        return f"{first.key} {verb} {partner}{where}" if partner else f"{first.key} meeting{where}"
    if event_type == SUMMIT:
        orgs = [a for a in actors if a.kind == ORGANISATION]
        name = orgs[0].key if orgs else "Summit"
        org_short = {"Shanghai Cooperation Organisation": "SCO"}.get(name, name)
        return f"{org_short} summit{where}" + (" (planned)" if status == PLANNED else "")
    parties = _party_names(actors)
    if event_type == AGREEMENT:
        sentence_window = text[max(0, match.start() - 80):min(len(text), c_end + 60)]
        noun = None
        for candidate in re.finditer(rf"((?:[\w-]+\s+){{0,3}})({_AGREEMENT_NOUN})", sentence_window, re.I):
            noun = candidate
            if candidate.start() + max(0, match.start() - 80) >= match.start() - 80:
                break
        if noun is None:
            return f"{parties} sign agreement"
        qualifiers = [w for w in noun.group(1).split() if w.lower() in _AGREEMENT_QUALIFIERS]
        return f"{parties} sign {' '.join(qualifiers + [noun.group(2)])}"
    if event_type == AGREEMENT and not re.search(rf"\b{_AGREEMENT_NOUN}\b", text[max(c_start, t_start - 80):min(c_end, t_end + 80)], re.I):
        return None
    if event_type == AGREEMENT_TO_ACT:
        what = _AGREED_OBJECT.search(text, match.start(), c_end)
        phrase = what.group("what").strip() if what else "cooperate"
        phrase = re.split(r",|\s+(?:as\s+a\s+part|as\s+part|as|during|amid|in\s+a\s+bid|in\s+order|which|while|after|following)\s+", phrase)[0]
        times = [m for m in extract(phrase, None) if m.type in {DATE, TIME} and m.start > 0]
        if times:
            # "hold joint exercises in the Caspian region later this year": the date is shown apart
            phrase = re.sub(r"\s+(?:in|on|at|by|from|during|before|after|until|since)?\s*$", "", phrase[:times[0].start])
        phrase = " ".join(phrase.split()[:10])
        verb = "agree" if status != PLANNED else "to agree"
        if not what:
            reached = re.search(r"(?:reached\s+on|agreement\s+on)\s+(?P<what>[^.;]{3,80})", text[match.start():c_end + 80])
            phrase = reached.group("what") if reached else "cooperate"
            return f"{parties} agree on {phrase}"
        return f"{parties} {verb} {'to ' if match.group().lower().endswith('to') else 'on '}{phrase}"
    if event_type == EXERCISE:
        return f"{parties} joint military exercise" + (" (planned)" if status == PLANNED else "")
    return f"{parties} {event_type}"


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


# ---------------------------------------------------------------------------------------
# One event, many mentions


def dates_compatible(a: DateReading, b: DateReading):
    """Unresolved dates go with anything; resolved ones must overlap."""
    if not a.resolved or not b.resolved:
        return True
    return a.start <= b.end and b.start <= a.end


def same_event(a: ReadEvent, b: ReadEvent, *, same_document=True):
    """Whether two readings describe one event: same kind, same people, compatible place and date."""
    if not same_document and not (a.date.resolved and b.date.resolved):
        # Across reports an undated mention could be any of the times these people met.
        return False
    if {a.event_type, b.event_type} == {MEETING, TALKS}:
        # "Qureshi welcomed Lavrov ... for delegation-level talks": one meeting where talks were held
        return len(a.people) >= 2 and a.people == b.people and dates_compatible(a.date, b.date)
    if a.event_type != b.event_type:
        # a visit told beside its cancellation, with no date of its own, is the cancelled visit
        types = {a.event_type, b.event_type}
        if types != {VISIT, CANCELLATION} or not same_document:
            return False
        visit = a if a.event_type == VISIT else b
        if visit.date.resolved or a.paragraph != b.paragraph or not (a.people & b.people):
            return False
        return a.place is None or b.place is None or a.place.country == b.place.country
    if a.status != b.status and CANCELLED in {a.status, b.status}:
        return False
    if a.people and b.people:
        # The same people, or one reading naming a subset of the other's: "Lavrov met Qureshi"
        # and "Lavrov met Khan" are two meetings, "Lavrov met Qureshi" and "the meeting with
        # Qureshi" one.
        shared = a.people & b.people
        if not shared or (len(shared) < 2 and not (a.people <= b.people or b.people <= a.people)):
            return False
    elif a.people or b.people:
        # one names people, the other only countries: the countries must cover the people's,
        # and both must give the same date
        smaller, larger = (a, b) if len(a.parties) <= len(b.parties) else (b, a)
        if not smaller.parties or not smaller.parties <= larger.parties:
            return False
        if not (a.date.resolved and b.date.resolved) or "unknown" in {a.date.granularity, b.date.granularity}:
            return False
    elif a.parties != b.parties:
        return False
    if a.place is not None and b.place is not None and a.place.kind == "city" and b.place.kind == "city" and a.place.name != b.place.name:
        return False
    if not dates_compatible(a.date, b.date):
        # An article naming one past meeting twice with two dates contradicts itself ("their
        # meeting in Astana last year" ... "their Astana meeting in 2023"): same people, same
        # named place, both reported as done, one of them named as a known event. Elsewhere,
        # other dates mean another event.
        return (same_document and a.status == b.status == OCCURRED and a.place is not None and b.place is not None
                and a.place.name == b.place.name and bool(a.people & b.people) and (a.definite or b.definite))
    return True


_GRANULARITY_RANK = {"day": 0, "week": 1, "month": 2, "season": 3, "quarter": 3, "year": 4, "decade": 5, "century": 6, "unknown": 7}


def choose_date(readings):
    """The best-supported date: most agreeing sources, then the most precise, then the first."""
    resolved = [(i, r) for i, r in enumerate(readings) if r.resolved]
    if not resolved:
        return (readings[0] if readings else DateReading.unknown("no date")), []

    def support(reading):
        return sum(1 for _, other in resolved if dates_compatible(reading, other))

    best_index, best = min(resolved, key=lambda item: (-support(item[1]), _GRANULARITY_RANK.get(item[1].granularity, 7),
                                                        item[1].certainty != "exact", item[0]))
    conflicts = [r for _, r in resolved if not dates_compatible(best, r)]
    return best, conflicts


def status_of(event_type, evidence, *, today=None):
    """An event happened if a source says so with a date; planned if a source plans it and
    none reports it done; a cancellation stays cancelled."""
    if event_type == CANCELLATION:
        return CANCELLED
    statuses = [e.status for e in evidence]
    if any(e.status == OCCURRED and e.date.resolved for e in evidence):
        return OCCURRED
    if PLANNED in statuses:
        return PLANNED
    return statuses[0] if statuses else OCCURRED


def merge_into(target: ReadEvent, other: ReadEvent):
    target.evidence.extend(other.evidence)
    target.evidence.sort(key=lambda e: e.trigger_start)
    known = {a.key for a in target.actors}
    for actor in other.actors:
        if actor.key not in known:
            target.actors.append(actor)
            known.add(actor.key)
    target.topics |= other.topics
    if target.place is None or (other.place is not None and target.place.kind == "country" and other.place.kind == "city"):
        target.place = other.place or target.place
    target.date, target.conflict = choose_date([e.date for e in target.evidence])
    target.status = status_of(target.event_type, target.evidence)
    if target.title.endswith(" meeting") and not other.title.endswith(" meeting") and other.event_type == target.event_type:
        target.title = other.title  # a reading that names both sides says more


def merge_within_document(events):
    merged = []
    for event in events:
        candidates = [e for e in merged if same_event(e, event)]
        candidates.sort(key=lambda e: (e.paragraph != event.paragraph, -merged.index(e)))
        if not candidates:
            merged.append(event)
            continue
        existing = candidates[0]
        if existing.event_type == VISIT and event.event_type == CANCELLATION:
            # the cancellation absorbs the visit it cancelled, and takes its place
            merge_into(event, existing)
            merged[merged.index(existing)] = event
        else:
            if event.event_type != existing.event_type:
                event.event_type, event.status = existing.event_type, existing.status
            merge_into(existing, event)
    return merged
