"""One event, many mentions: deciding that two mentions tell the same event, choosing its
date among its sources, and merging. Shared by every event reader and by ingestion, which
asks the same questions of stored events.

Plain Python, no Django.

>>> import datetime
>>> a = DateReading(datetime.date(2021, 4, 6), datetime.date(2021, 4, 6), "day", "2021-04-06", "exact", "Tuesday", "")
>>> b = DateReading(datetime.date(2021, 4, 1), datetime.date(2021, 4, 30), "month", "2021-04", "exact", "April", "")
>>> dates_compatible(a, b), choose_date([b, a])[0].timex
(True, '2021-04-06')
"""

import datetime

from ..doc import CANCELLED, COUNTRY, OCCURRED, ORGANISATION, PERSON, PLANNED, DateReading, EventMention
from .types import AGREEMENT, AGREEMENT_TO_ACT, CANCELLATION, MEETING, SUMMIT, TALKS, VISIT


def _words(phrase):
    return {w for w in phrase.lower().split() if len(w) > 3 and w not in {"agreement", "with", "from", "that", "their"}}


def dates_compatible(a: DateReading, b: DateReading):
    """Unresolved dates go with anything; resolved ones must overlap."""
    if not a.resolved or not b.resolved:
        return True
    return a.start <= b.end and b.start <= a.end


# A report that tells a past event without its date tells a recent one: the latest such event,
# within this long before the report came out.
REPORTED_WITHIN = datetime.timedelta(days=31)
# How much later than its stated day a report known only roughly may have appeared.
APPROXIMATE_PUBLICATION = datetime.timedelta(days=7)


def reported_soon_after(date: DateReading, published, approximate=False):
    """Whether a report published on ``published`` may tell, without its date, an event of
    ``date``: the event had begun by the time of the report and ended at most a month before.

    >>> june = DateReading(datetime.date(2019, 6, 13), datetime.date(2019, 6, 14), "day", "", "exact", "", "")
    >>> reported_soon_after(june, datetime.date(2019, 6, 15)), reported_soon_after(june, datetime.date(2019, 9, 1))
    (True, False)
    """
    if published is None or not date.resolved:
        return False
    late = APPROXIMATE_PUBLICATION if approximate else datetime.timedelta(0)
    return date.start <= published + late and date.end >= published - REPORTED_WITHIN


def _gathering_of(meeting: EventMention):
    """The organisations a meeting names when it names nobody else: "a meeting of the Shanghai
    Cooperation Organisation's Council" is the organisation's own gathering, a summit by
    another name. A meeting between people on a summit's sidelines is not."""
    if meeting.event_type != MEETING or not meeting.actors or any(x.kind != ORGANISATION for x in meeting.actors):
        return set()
    return {x.key for x in meeting.actors}


def same_event(a: EventMention, b: EventMention, *, same_document=True, published=None, approximate=False):
    """Whether two readings describe one event: same kind, same people, compatible place and date.

    Across reports, ``published`` is the publication date of the report of whichever of the
    two gives no date (``approximate`` if that date is known only roughly)."""
    if same_document and {v.trigger_start for v in a.evidence} & {v.trigger_start for v in b.evidence}:
        # one word read as two events ("separate calls with Barak and Mubarak") stays two, but
        # "Jordan's King Abdullah" read as the king and his country is one partner
        if (a.people - b.people) and (b.people - a.people):
            return False
        smaller, larger = (a, b) if len(a.people) <= len(b.people) else (b, a)
        extra = {x.country for x in smaller.actors if x.kind == COUNTRY} - {x.country for x in larger.actors}
        known = {x.country for x in larger.actors if x.kind == PERSON and x.key not in smaller.people and x.country}
        if extra and known and not extra <= known:
            return False
    if not same_document and not (a.date.resolved and b.date.resolved):
        # Across reports an undated mention could be any of the times these people met, unless
        # its report appeared soon after the dated one and both tell it as done.
        dated = a if a.date.resolved else b
        if not (dated.date.resolved and a.status == b.status == OCCURRED
                and reported_soon_after(dated.date, published, approximate)):
            return False
    if {a.event_type, b.event_type} == {MEETING, TALKS}:
        # "Qureshi welcomed Lavrov ... for delegation-level talks": one meeting where talks were held
        return len(a.people) >= 2 and a.people == b.people and dates_compatible(a.date, b.date)
    if a.event_type == b.event_type == SUMMIT and a.status == b.status and dates_compatible(a.date, b.date):
        # a summit is the organisation's, whoever of its leaders a mention names
        orgs = {x.key for x in a.actors if x.kind == ORGANISATION} & {x.key for x in b.actors if x.kind == ORGANISATION}
        places = a.place is not None and b.place is not None and a.place.name == b.place.name
        if orgs or places:
            return True
    if {a.event_type, b.event_type} == {SUMMIT, MEETING}:
        summit, meeting = (a, b) if a.event_type == SUMMIT else (b, a)
        orgs = {x.key for x in summit.actors if x.kind == ORGANISATION} & _gathering_of(meeting)
        return bool(orgs) and a.status == b.status and dates_compatible(a.date, b.date) and (
            summit.place is None or meeting.place is None or summit.place.name == meeting.place.name)
    if {a.event_type, b.event_type} == {AGREEMENT, AGREEMENT_TO_ACT} and same_document:
        # "a new agreement with Nauru to accept asylum seekers" and "Downer signed the
        # understanding with Nauru's President": one agreement, told twice in one paragraph
        return a.paragraph == b.paragraph and a.status == b.status and dates_compatible(a.date, b.date) and \
            bool(a.parties) and (a.parties <= b.parties or b.parties <= a.parties)
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
    if a.what and b.what and not _words(a.what) & _words(b.what):
        return False  # "signed a memorandum of understanding" and "signed a transit protocol": two signings
    if {a.status, b.status} == {PLANNED, OCCURRED} and (a.date.resolved or b.date.resolved) and not (
            len(a.people & b.people) >= 2):
        # "the summit, which concluded a day earlier" and "the summit in November": two summits
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
        dated = a.date.resolved and b.date.resolved and "unknown" not in {a.date.granularity, b.date.granularity}
        if not dated and not (same_document and a.paragraph == b.paragraph and a.event_type in {AGREEMENT, AGREEMENT_TO_ACT}):
            return False  # within one report, "Russia and Pakistan signed" and "Lavrov signed" may be one signing
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

    # support depends on the interval only: counted once per distinct interval, so an event read
    # from hundreds of sentences costs (distinct dates x sentences), not sentences squared
    intervals = {(r.start, r.end) for _, r in resolved}
    counts = {interval: sum(1 for _, other in resolved if interval[0] <= other.end and other.start <= interval[1])
              for interval in intervals}

    def support(reading):
        return counts[(reading.start, reading.end)]

    best_index, best = min(resolved, key=lambda item: (-support(item[1]), _GRANULARITY_RANK.get(item[1].granularity, 7),
                                                        item[1].certainty != "exact", item[0]))
    conflicts = [r for _, r in resolved if not dates_compatible(best, r)]
    return best, conflicts


def status_of(event_type, evidence):
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


def merge_into(target: EventMention, other: EventMention):
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


def _which_dated(event, candidates):
    """The candidates an undated mention may join: when it could be either of two meetings with
    different dates ("The meeting between Lavrov and Qureshi covered trade" after their meeting on
    Tuesday and their meeting in March), only the one in its own paragraph, if exactly one is;
    else it stays apart (or with other undated mentions), rather than join one at random."""
    dated = [c for c in candidates if c.date.resolved]
    if all(dates_compatible(a.date, b.date) for a in dated for b in dated):
        return candidates
    near = [c for c in dated if c.paragraph == event.paragraph]
    if near and all(dates_compatible(a.date, b.date) for a in near for b in near):
        return near
    return [c for c in candidates if not c.date.resolved]


def merge_within_document(events):
    merged = []
    for event in events:
        candidates = [e for e in merged if same_event(e, event)]
        if not event.date.resolved:
            candidates = _which_dated(event, candidates)
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
            if {event.event_type, existing.event_type} == {AGREEMENT, AGREEMENT_TO_ACT}:
                # a signing says more than an agreement to act: the event is the signed agreement
                if event.event_type == AGREEMENT:
                    existing.event_type, existing.title, existing.cameo, existing.plover = (
                        event.event_type, event.title, event.cameo, event.plover)
                else:
                    event.event_type = existing.event_type
            elif {event.event_type, existing.event_type} == {SUMMIT, MEETING}:
                # the organisation's meeting is its summit
                if event.event_type == SUMMIT:
                    existing.event_type, existing.title, existing.cameo, existing.plover = (
                        event.event_type, event.title, event.cameo, event.plover)
                else:
                    event.event_type = existing.event_type
            elif event.event_type != existing.event_type:
                event.event_type, event.status = existing.event_type, existing.status
            merge_into(existing, event)
    return merged


def one_passage_per_sentence(events, text):
    """Each event's evidence with each sentence of ``text`` once: a scraped page that repeats its
    body, or two words of one sentence read as the same event ("Qureshi welcomed Lavrov ... for
    delegation-level talks"), would give the same sentence twice. The first stays, or the first
    that gives a date; the date and status are chosen again from what is left.

    >>> import datetime
    >>> from ..doc import Evidence
    >>> day = DateReading(datetime.date(2021, 4, 6), datetime.date(2021, 4, 6), "day", "2021-04-06", "exact", "Tuesday", "")
    >>> text = "Lavrov met Qureshi on Tuesday. Lavrov met Qureshi on Tuesday."
    >>> event = EventMention("meeting", OCCURRED, "Lavrov meets Qureshi", [], None, set(), day,
    ...                      [Evidence(0, 30, 7, 10, "body", day), Evidence(31, 61, 38, 41, "body", day)])
    >>> [(e.sentence_start, e.sentence_end) for e in one_passage_per_sentence([event], text)[0].evidence]
    [(0, 30)]
    """
    for event in events:
        kept = {}
        for item in event.evidence:
            sentence = " ".join(text[item.sentence_start:item.sentence_end].split())
            first = kept.get(sentence)
            if first is None or (item.date.resolved and not first.date.resolved):
                kept[sentence] = item
        if len(kept) < len(event.evidence):
            chosen = {id(item) for item in kept.values()}
            event.evidence = [item for item in event.evidence if id(item) in chosen]
            event.date, event.conflict = choose_date([e.date for e in event.evidence])
            event.status = status_of(event.event_type, event.evidence)
    return events
