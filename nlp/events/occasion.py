"""One rule for "same occasion": whether two readings tell one event, one a part of the other,
or two events, with the reasons. Merging within a document, ingestion across reports and the
curators' merge suggestions all ask this one function.

Plain Python, no Django. The rule compares slots, in order; the first check that decides,
decides:

    one word, two events    "separate calls with Barak and Mubarak" read from one word
    undated across reports  an undated mention could be any meeting of these people, unless
                            its report came out soon after the dated one
    a call and a meeting    a telephone call is never the meeting in person
    kinds                   a meeting is the talks held there; an organisation's own meeting
                            is its summit; a meeting on a summit's sidelines or during a visit
                            is a part of it; a visit beside its cancellation is the cancelled
                            visit; a signing says more than an agreement to act
    cancelled               a cancelled event is not the one that took place
    what was signed         two documents are two signings, unless one is the joining itself
    planned and done        a dated plan and a dated event of other people are two events
    people, countries       the same people (one reading may name fewer), or the countries
                            that cover them, on the same date
    destinations, venues    never across different destination countries or named cities
    dates                   other dates are another event, unless one report contradicts
                            itself about a past meeting it names twice

>>> import datetime
>>> from ..doc import DateReading, EventActor, EventMention, Evidence
>>> day = DateReading(datetime.date(2021, 4, 6), datetime.date(2021, 4, 6), "day", "2021-04-06", "exact", "", "")
>>> people = [EventActor("Sergey Lavrov", "person", "RUS", "participant"),
...           EventActor("Shah Mahmood Qureshi", "person", "PAK", "participant")]
>>> met = EventMention("meeting", "occurred", "", people, None, set(), day, [Evidence(0, 9, 0, 3, "body", day)])
>>> call = EventMention("talks", "occurred", "", people, None, set(), day, [Evidence(20, 29, 20, 23, "body", day)],
...                     cameo="041")
>>> decision = same_occasion(met, call)
>>> decision.verdict, decision.reasons[0]
('different', 'a telephone call is not a meeting in person')
"""

import datetime
from dataclasses import dataclass

from ..doc import CANCELLED, COUNTRY, HEADING, OCCURRED, ORGANISATION, PERSON, PLANNED
from .types import AGREEMENT, AGREEMENT_TO_ACT, CANCELLATION, MEETING, SUMMIT, TALKS, VISIT

SAME, PART, DIFFERENT = "same", "part", "different"
# What a cancellation may call off.
CANCELLABLE = frozenset({VISIT, MEETING, TALKS, SUMMIT})
PHONE_CAMEO = "041"

# A report that tells a past event without its date tells a recent one: the latest such event,
# within this long before the report came out.
REPORTED_WITHIN = datetime.timedelta(days=31)
# How much later than its stated day a report known only roughly may have appeared.
APPROXIMATE_PUBLICATION = datetime.timedelta(days=7)


@dataclass(frozen=True)
class Decision:
    """``verdict`` is SAME, PART (``whole`` says which of the two, "a" or "b", is the whole) or
    DIFFERENT, with the reasons in words a permalink can show."""

    verdict: str
    reasons: tuple
    whole: str = ""

    def __bool__(self):
        return self.verdict == SAME


def _same(*reasons):
    return Decision(SAME, reasons)


def _different(*reasons):
    return Decision(DIFFERENT, reasons)


def dates_compatible(a, b):
    """Unresolved dates, and dates the text does not give (``inferred``), go with anything;
    resolved ones must overlap."""
    if not a.resolved or not b.resolved or a.inferred or b.inferred:
        return True
    return a.start <= b.end and b.start <= a.end


def reported_soon_after(date, published, approximate=False):
    """Whether a report published on ``published`` may tell, without its date, an event of
    ``date``: the event had begun by the time of the report and ended at most a month before.

    >>> from ..doc import DateReading
    >>> june = DateReading(datetime.date(2019, 6, 13), datetime.date(2019, 6, 14), "day", "", "exact", "", "")
    >>> reported_soon_after(june, datetime.date(2019, 6, 15)), reported_soon_after(june, datetime.date(2019, 9, 1))
    (True, False)
    """
    if published is None or not date.resolved:
        return False
    late = APPROXIMATE_PUBLICATION if approximate else datetime.timedelta(0)
    try:
        return date.start <= published + late and date.end >= published - REPORTED_WITHIN
    except OverflowError:  # a report of the calendar's first or last days
        return date.start <= published and date.end >= max(published - late, datetime.date.min)


def _clamped(day, delta):
    try:
        return day + delta
    except OverflowError:
        return datetime.date.min if delta < datetime.timedelta(0) else datetime.date.max


def reports_window(date):
    """The publication dates of the reports that may tell the event of ``date`` without its
    date (``reported_soon_after`` the other way round): ``(first, last)``."""
    return _clamped(date.start, -APPROXIMATE_PUBLICATION), _clamped(date.end, REPORTED_WITHIN)


def events_window(published, approximate=False):
    """The days an undated report published on ``published`` may tell an event of:
    ``(earliest end, latest start)``."""
    late = APPROXIMATE_PUBLICATION if approximate else datetime.timedelta(0)
    return _clamped(published, -REPORTED_WITHIN), _clamped(published, late)


def is_call(event):
    """A telephone or video call: talks with no place of their own ("spoke by telephone")."""
    return event.event_type == TALKS and event.cameo == PHONE_CAMEO


def _organisations(event):
    return {x.key for x in event.actors if x.kind == ORGANISATION}


def _gathering_of(meeting):
    """The organisations a meeting names when it names nobody else: "a meeting of the Shanghai
    Cooperation Organisation's Council" is the organisation's own gathering, a summit by
    another name. A meeting between people on a summit's sidelines is not."""
    if meeting.event_type != MEETING or not meeting.actors or any(x.kind != ORGANISATION for x in meeting.actors):
        return set()
    return _organisations(meeting)


def _destination_country(event):
    if event.event_type not in {VISIT, CANCELLATION}:
        return ""
    if event.place is not None and event.place.country:
        return event.place.country
    targets = [x.country for x in event.actors if x.role == "target" and x.kind == COUNTRY and x.country]
    return targets[0] if len(targets) == 1 else ""


def what_words(phrase):
    from .parse.words import grammar

    return {w for w in phrase.lower().split() if len(w) > 3 and w not in grammar().signed_stopwords}


def _names(actors):
    return ", ".join(sorted(actors))


def _day(reading):
    return f"{reading.start.day} {reading.start:%B %Y}" if reading.resolved else "no date"


# ---------------------------------------------------------------------------------------- checks
# Each takes (a, b, context) and returns a Decision, or None to leave it to the next.


def _one_word_two_events(a, b, c):
    if not c.same_document or not {v.trigger_start for v in a.evidence} & {v.trigger_start for v in b.evidence}:
        return None
    # one word read as two events ("separate calls with Barak and Mubarak") stays two, but
    # "Jordan's King Abdullah" read as the king and his country is one partner
    if (a.people - b.people) and (b.people - a.people):
        return _different("one word read as two events with different people")
    smaller, larger = (a, b) if len(a.people) <= len(b.people) else (b, a)
    extra = {x.country for x in smaller.actors if x.kind == COUNTRY} - {x.country for x in larger.actors}
    known = {x.country for x in larger.actors if x.kind == PERSON and x.key not in smaller.people and x.country}
    if extra and known and not extra <= known:
        return _different("one word read as two events with different countries")
    return None


def _refers_back(a, b, c):
    if not c.same_document:
        return None
    if any(x.antecedent_at >= 0 and x.antecedent_at in {v.trigger_start for v in y.evidence}
           for x, y in ((a, b), (b, a))):
        if _destinations(a, b, c) is not None or _venues(a, b, c) is not None:
            return None  # "her trip to London" after her visit to Brussels is another journey
        if is_call(a) != is_call(b) or not dates_compatible(a.date, b.date) or (
                a.status != b.status and PLANNED in {a.status, b.status}) or (
                a.status != b.status and CANCELLED in {a.status, b.status}):
            return None  # (a call is still not the meeting; other dates or statuses are for the rest to weigh)
        return _same("one refers back to the other ('the agreement was reached', 'the talks')")
    return None


def _headline(a, b, c):
    """A headline tells in few words the event its report's body tells: the same kind (a
    meeting or talks), a shared actor, dates that allow it, and it is the same event."""
    if not c.same_document:
        return None
    for head, body in ((a, b), (b, a)):
        if all(v.section == HEADING for v in head.evidence) and any(v.section != HEADING for v in body.evidence):
            kinds = {head.event_type, body.event_type}
            alike = len(kinds) == 1 or kinds == {MEETING, TALKS}
            shared = {x.key for x in head.actors} & {x.key for x in body.actors}
            cancelled = (head.status == CANCELLED) != (body.status == CANCELLED)
            if alike and shared and dates_compatible(head.date, body.date) and is_call(head) == is_call(body) \
                    and not cancelled:
                return _same("the headline tells the event the report tells")
    return None


def _undated_across_reports(a, b, c):
    if c.same_document or (a.date.resolved and b.date.resolved):
        return None
    # Across reports an undated mention could be any of the times these people met, unless
    # its report appeared soon after the dated one and both tell it as done.
    dated = a if a.date.resolved else b
    if dated.date.resolved and a.status == b.status == OCCURRED and reported_soon_after(
            dated.date, c.published, c.approximate):
        return None
    return _different("undated in one report, and not reported within a month after the other")


def _call_and_meeting(a, b, c):
    calls = [is_call(x) for x in (a, b)]
    if calls[0] == calls[1]:
        return None
    other = b if calls[0] else a
    if other.event_type in {MEETING, SUMMIT, VISIT} or (other.event_type == TALKS and other.place is not None):
        return _different("a telephone call is not a meeting in person")
    return None


def _kinds(a, b, c):
    """Readings of different kinds: the cases where they can be one event, or a part."""
    kinds = {a.event_type, b.event_type}
    if len(kinds) == 1:
        return _summits(a, b, c) if kinds == {SUMMIT} else None
    if kinds == {MEETING, TALKS}:
        # "Qureshi welcomed Lavrov ... for delegation-level talks": one meeting where talks were held
        if len(a.people) >= 2 and a.people == b.people and dates_compatible(a.date, b.date) and \
                _venues(a, b, c) is None:
            return _same(f"the talks and the meeting of {_names(a.people)}")
        return _different("talks and a meeting of other people")
    if kinds == {SUMMIT, MEETING}:
        return _summit_and_meeting(a, b, c)
    if kinds == {AGREEMENT, AGREEMENT_TO_ACT}:
        if not c.same_document:
            return _different("an agreement signed and an agreement to act, in two reports")
        # "a new agreement with Nauru to accept asylum seekers" and "Downer signed the
        # understanding with Nauru's President": one agreement, told twice in one paragraph
        if a.paragraph == b.paragraph and a.status == b.status and dates_compatible(a.date, b.date) and \
                bool(a.parties) and (a.parties <= b.parties or b.parties <= a.parties):
            return _same("the agreement signed and the agreement it records, in one paragraph")
        return _different("an agreement signed and another agreement to act")
    if CANCELLATION in kinds and kinds & CANCELLABLE:
        return _cancelled_event(a, b, c)
    part = part_of(a, b)  # (a Decision is true only when it says "same")
    return part if part is not None else _different(f"a {a.event_type} and a {b.event_type}")


def _summits(a, b, c):
    if a.status != b.status or not dates_compatible(a.date, b.date):
        return None
    # a summit is the organisation's, whoever of its leaders a mention names
    orgs = _organisations(a) & _organisations(b)
    if orgs:
        return _same(f"the summit of {_names(orgs)}")
    if a.place is not None and b.place is not None and a.place.name == b.place.name:
        return _same(f"the summit in {a.place.name}")
    if _organisations(a) and _organisations(b):
        return _different("summits of different organisations")
    if c.same_document and (not a.actors or not b.actors) and (
            a.place is None or b.place is None or a.place.country == b.place.country):
        # "the fourth Summit of the Americas" and "Bush was attending the two-day summit": a
        # report's summit named once without its members is the summit it tells
        return _same("the summit the report tells, once named without its members")
    return None


def _summit_and_meeting(a, b, c):
    summit, meeting = (a, b) if a.event_type == SUMMIT else (b, a)
    if c.same_document and {(v.sentence_start, v.trigger_start) for v in summit.evidence} and any(
            v.sentence_start == w.sentence_start and v.trigger_start != w.trigger_start
            for v in summit.evidence for w in meeting.evidence):
        # "on the sidelines of an ASEAN meeting next week, which will be followed by the East
        # Asia summit": one sentence naming a meeting and a summit names two
        return _different("a meeting and a summit named apart in one sentence")
    orgs = _organisations(summit) & _gathering_of(meeting)
    here = summit.place is None or meeting.place is None or summit.place.name == meeting.place.name
    # within one report, a body's meetings are many ("the meeting covered trade", "the ministerial
    # meeting"): an undated one is not taken for its summit; a dated one ("an expanded meeting of
    # the SCO Heads of State Council, June 13") may be
    dated = not c.same_document or (meeting.date.resolved and not meeting.date.inferred)
    if orgs and a.status == b.status and dates_compatible(a.date, b.date) and here and dated:
        return _same(f"the meeting of {_names(orgs)} is its summit")
    if meeting.people and dates_compatible(a.date, b.date) and here and (a.date.resolved and b.date.resolved):
        return Decision(PART, ("a meeting on the summit's sidelines is part of the summit",),
                        "a" if summit is a else "b")
    return _different("a summit and a meeting of its own")


def _cancelled_event(a, b, c):
    """A visit, meeting, talks or summit told beside its cancellation in the paragraph, with no
    date of its own or as planned, between the same people or countries: the cancelled event."""
    event, cancellation = (a, b) if b.event_type == CANCELLATION else (b, a)
    if not c.same_document or a.paragraph != b.paragraph:
        return _different(f"a {event.event_type} and the cancellation of another")
    if event.date.resolved and event.status != PLANNED:
        return _different(f"a {event.event_type} that took place and a cancellation")
    shared = (a.people & b.people) if (a.people and b.people) else (a.parties & b.parties)
    if not shared:
        return _different(f"a {event.event_type} and the cancellation of another")
    if a.place is None or b.place is None or a.place.country == b.place.country:
        return _same(f"the {event.event_type} told beside its cancellation")
    return _different(f"a {event.event_type} and the cancellation of one elsewhere")


def part_of(a, b):
    """A meeting or talks during a visit, a signing at a summit: a part, linked, not folded in."""
    for whole, part, label in ((a, b, "a"), (b, a, "b")):
        if not (whole.date.resolved and part.date.resolved) or not dates_compatible(whole.date, part.date):
            continue
        if whole.event_type == VISIT and part.event_type in {MEETING, TALKS, AGREEMENT, AGREEMENT_TO_ACT} \
                and not is_call(part) and whole.people & part.people:
            country = _destination_country(whole)
            if not country or part.place is None or part.place.country == country:
                return Decision(PART, ("a meeting during a visit is part of the visit",), label)
        if whole.event_type == SUMMIT and part.event_type in {AGREEMENT, AGREEMENT_TO_ACT, TALKS} and (
                whole.place is None or part.place is None or whole.place.name == part.place.name) and \
                (whole.parties & part.parties or whole.people & part.people):
            return Decision(PART, (f"a {part.event_type} at a summit is part of the summit",), label)
    return None


def _cancelled(a, b, c):
    if a.status != b.status and CANCELLED in {a.status, b.status}:
        return _different("one was cancelled, the other not")
    return None


def _what_signed(a, b, c):
    if not (a.what and b.what) or what_words(a.what) & what_words(b.what):
        return None
    if a.event_type == b.event_type == AGREEMENT and c.same_document and a.date.resolved and b.date.resolved and \
            a.date.start == b.date.start and a.parties == b.parties and a.parties:
        # joining, signing and handing over the papers at one ceremony: one event
        return None
    return _different(f"two documents: {a.what!r} and {b.what!r}")


def _planned_and_done(a, b, c):
    if {a.status, b.status} != {PLANNED, OCCURRED}:
        return None
    if (a.date.resolved or b.date.resolved) and len(a.people & b.people) < 2:
        # "the summit, which concluded a day earlier" and "the summit in November": two summits
        return _different("one planned, one done, and dated")
    done = a if a.status == OCCURRED else b
    if c.same_document and done.date.text and not done.date.inferred:
        # "he will go to Jakarta for a summit meeting" and "the two leaders met in Jakarta in
        # August": a meeting done at a time of its own is not the one planned
        return _different("one planned, one done at a time the report names")
    return None


def _people(a, b, c):
    if a.people and b.people:
        # The same people, or one reading naming a subset of the other's: "Lavrov met Qureshi"
        # and "Lavrov met Khan" are two meetings, "Lavrov met Qureshi" and "the meeting with
        # Qureshi" one.
        shared = a.people & b.people
        if not shared or (len(shared) < 2 and not (a.people <= b.people or b.people <= a.people)):
            return _different("other people")
        return None
    if a.people or b.people:
        # one names people, the other only countries: the countries must cover the people's,
        # and both must give the same date
        smaller, larger = (a, b) if len(a.parties) <= len(b.parties) else (b, a)
        if not smaller.parties or not smaller.parties <= larger.parties:
            return _different("other countries")
        dated = a.date.resolved and b.date.resolved and "unknown" not in {a.date.granularity, b.date.granularity}
        if not dated and not (c.same_document and a.paragraph == b.paragraph and a.event_type in {
                AGREEMENT, AGREEMENT_TO_ACT}):
            # within one report, "Russia and Pakistan signed" and "Lavrov signed" may be one signing
            return _different("people in one, only countries in the other, and not both dated")
        return None
    if a.parties != b.parties:
        return _different("other countries")
    return None


def _destinations(a, b, c):
    first, second = _destination_country(a), _destination_country(b)
    if first and second and first != second:
        return _different("visits to different countries")
    return None


def _venues(a, b, c):
    if a.place is not None and b.place is not None and a.place.kind == "city" and b.place.kind == "city" and \
            a.place.name != b.place.name:
        return _different(f"in {a.place.name} and in {b.place.name}")
    return None


def _dates(a, b, c):
    if dates_compatible(a.date, b.date):
        return None
    # An article naming one past meeting twice with two dates contradicts itself ("their
    # meeting in Astana last year" ... "their Astana meeting in 2023"): same people, same
    # named place, both reported as done, one of them named as a known event. Elsewhere,
    # other dates mean another event.
    if c.same_document and a.status == b.status == OCCURRED and a.place is not None and b.place is not None \
            and a.place.name == b.place.name and bool(a.people & b.people) and (a.definite or b.definite):
        return _same(f"one report names the meeting in {a.place.name} twice, with two dates (a conflict)")
    return _different(f"other dates: {_day(a.date)} and {_day(b.date)}")


CHECKS = (_one_word_two_events, _refers_back, _headline, _undated_across_reports, _call_and_meeting, _kinds, _cancelled, _what_signed,
          _planned_and_done, _people, _destinations, _venues, _dates)


@dataclass(frozen=True)
class _Context:
    same_document: bool
    published: object
    approximate: bool


def same_occasion(a, b, *, same_document=True, published=None, approximate=False):
    """Whether two readings (``EventMention``s) tell one event: a ``Decision``.

    Across reports (``same_document=False``), ``published`` is the publication date of the
    report of whichever of the two gives no date (``approximate`` if known only roughly)."""
    context = _Context(same_document, published, approximate)
    for check in CHECKS:
        decision = check(a, b, context)
        if decision is not None:
            return decision
    reasons = [f"the same kind ({a.event_type})"]
    if a.people & b.people:
        reasons.append(f"the same people: {_names(a.people & b.people)}")
    elif a.parties & b.parties:
        reasons.append(f"the same countries: {_names(a.parties & b.parties)}")
    if a.date.resolved and b.date.resolved:
        reasons.append(f"dates that overlap: {_day(a.date)}, {_day(b.date)}")
    return Decision(SAME, tuple(reasons))


# Kinds a reading may turn out to be across reports (``same_occasion`` decides): a meeting is
# the talks held there, an organisation's meeting its summit.
_ALIKE = ({MEETING, TALKS}, {MEETING, SUMMIT})


def kinds_alike(kind):
    """The stored kinds worth asking ``same_occasion`` about for a reading of ``kind``.

    >>> sorted(kinds_alike("meeting")), sorted(kinds_alike("visit"))
    (['meeting', 'summit', 'talks'], ['visit'])
    """
    found = {kind}
    for group in _ALIKE:
        if kind in group:
            found |= group
    return found


def same_reading(a, b):
    """The same reading told again (a report read a second time, a tombstone): the same kind
    between the same people, or the same countries, whatever the dates."""
    if a.event_type != b.event_type:
        return False
    if a.people or b.people:
        return bool(a.people) and a.people == b.people
    return a.parties == b.parties
