"""One event, many mentions: choosing an event's date among its sources, its status, and
merging the mentions of one document that tell one event (``nlp.events.occasion`` decides
which do). Shared by every event reader and by ingestion.

Plain Python, no Django.

>>> import datetime
>>> a = DateReading(datetime.date(2021, 4, 6), datetime.date(2021, 4, 6), "day", "2021-04-06", "exact", "Tuesday", "")
>>> b = DateReading(datetime.date(2021, 4, 1), datetime.date(2021, 4, 30), "month", "2021-04", "exact", "April", "")
>>> dates_compatible(a, b), choose_date([b, a])[0].timex
(True, '2021-04-06')
"""

import dataclasses
import datetime

from ..doc import CANCELLED, HEADING, OCCURRED, PLANNED, DateReading, EventMention
from .occasion import CANCELLABLE, PART, dates_compatible, part_of, same_occasion, what_words
from .types import AGREEMENT, AGREEMENT_TO_ACT, CANCELLATION, MEETING, SUMMIT, VISIT

__all__ = ["choose_date", "dates_compatible", "merge_into", "merge_within_document", "one_passage_per_sentence",
           "status_of"]


_GRANULARITY_RANK = {"day": 0, "week": 1, "month": 2, "season": 3, "quarter": 3, "year": 4, "decade": 5, "century": 6, "unknown": 7}


def choose_date(readings):
    """The best-supported date: most agreeing sources, then the most precise, then the first."""
    resolved = [(i, r) for i, r in enumerate(readings) if r.resolved and not r.inferred] or \
        [(i, r) for i, r in enumerate(readings) if r.resolved]  # a date the text gives wins over one inferred
    if not resolved:
        return (readings[0] if readings else DateReading.unknown("no date")), []
    stretch = _stretch([r for _, r in resolved])
    if stretch is not None:
        return stretch, [r for _, r in resolved if not dates_compatible(stretch, r)]

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


# An arrival and a departure make one stretch if they are at most this far apart.
LONGEST_STRETCH_DAYS = 31


def _stretch(readings):
    """The stretch from the first day a source gives ("arrived on Monday") to the last one
    another gives ("left Hanoi on Wednesday"), or None."""
    starts = [r for r in readings if r.edge == "start" and r.granularity == "day"]
    ends = [r for r in readings if r.edge == "end" and r.granularity == "day"]
    if not starts or not ends:
        return None
    first, last = min(starts, key=lambda r: r.start), max(ends, key=lambda r: r.end)
    if not first.start < last.end or (last.end - first.start).days > LONGEST_STRETCH_DAYS:
        return None
    return DateReading(first.start, last.end, "day", first.timex, first.certainty, f"{first.text} – {last.text}",
                       f"from {first.explanation} to {last.explanation}", first.expression_start,
                       first.expression_end)


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
    if all(e.section == HEADING for e in target.evidence) and any(e.section != HEADING for e in other.evidence):
        target.title = other.title  # the body's reading says more than a headline's
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
    dated = [c for c in candidates if _dated(c)]
    if all(dates_compatible(a.date, b.date) for a in dated for b in dated):
        return candidates
    near = [c for c in dated if c.paragraph == event.paragraph]
    if near and all(dates_compatible(a.date, b.date) for a in near for b in near):
        return near
    return [c for c in candidates if not _dated(c)]


def _dated(event):
    """A date the text gives for the event (not the day of the report's news it was given)."""
    return event.date.resolved and not event.date.inferred


def merge_within_document(events):
    merged = []
    for event in events:
        candidates = [e for e in merged if same_occasion(e, event)]
        if not _dated(event):
            candidates = _which_dated(event, candidates)
        candidates.sort(key=lambda e: (e.paragraph != event.paragraph, -merged.index(e)))
        if not candidates:
            merged.append(event)
            continue
        existing = candidates[0]
        if existing.event_type in CANCELLABLE and event.event_type == CANCELLATION:
            # the cancellation absorbs the event it cancelled, and takes its place
            merge_into(event, existing)
            merged[merged.index(existing)] = event
        else:
            if {event.event_type, existing.event_type} == {AGREEMENT, AGREEMENT_TO_ACT}:
                # a signing says more than an agreement to act: the event is the signed agreement
                # (but "they agreed to hold exercises" says more than "the agreement was reached")
                if event.event_type == AGREEMENT:
                    title = event.title if what_words(event.what) or not what_words(existing.what) else existing.title
                    existing.event_type, existing.title, existing.cameo, existing.plover = (
                        event.event_type, title, event.cameo, event.plover)
                else:
                    event.event_type = existing.event_type
                    if what_words(existing.what) or not what_words(event.what):
                        event.title = existing.title
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


def dates_of_parts(events):
    """An event a report tells without a date of its own, that took place during a visit or a
    summit the report dates ("During his stay in Beijing, Fradkov and Wen held the Prime
    Ministers' Meeting"), takes that visit's or summit's dates, as an inferred date. Only one
    whole may fit; a planned event, or one said to be elsewhere, takes nothing."""
    for event in events:
        if (event.date.resolved and not event.date.inferred) or event.status != OCCURRED or \
                event.event_type in {VISIT, SUMMIT}:
            continue  # (the day of the report's news gives way to the visit it took place during)
        wholes = []
        for whole in events:
            if whole is event or whole.event_type not in {VISIT, SUMMIT} or not whole.date.resolved or \
                    whole.status != OCCURRED:
                continue
            if event.date.resolved and not dates_compatible(dataclasses.replace(event.date, inferred=False), whole.date):
                continue
            dated = dataclasses.replace(event, date=whole.date)
            decision = part_of(whole, dated)
            if decision is not None and decision.verdict == PART and decision.whole == "a":
                wholes.append(whole)
        if len(wholes) == 1:
            date = wholes[0].date
            if event.date.resolved and date.start <= event.date.start and event.date.end <= date.end:
                continue  # the day of the report's news falls within the visit: it says more
            event.date = DateReading(date.start, date.end, date.granularity, date.timex, "approximate", date.text,
                                     f"no date of its own; it took place during {wholes[0].title}: {date.explanation}",
                                     date.expression_start, date.expression_end, inferred=True)
    return events


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
