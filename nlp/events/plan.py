"""Decide, then apply: which stored event each event of a newly read document belongs to.

Plain Python, no Django. Ingestion gathers what is stored that could matter (this document's
earlier reading, other copies of its sentences, events other reports told, curators' splits
and deletions) as plain values, asks ``plan_document`` what to do with each event mention,
and applies the answer with bulk writes. Every matching rule lives here and in
``nlp.events.occasion``; the stored rows are opaque to it (``row`` is whatever the caller
passes).

>>> import datetime
>>> from ..doc import DateReading, EventActor, EventMention, Evidence
>>> day = DateReading(datetime.date(2021, 4, 6), datetime.date(2021, 4, 6), "day", "2021-04-06", "exact", "", "")
>>> people = [EventActor("Sergey Lavrov", "person", "RUS", "participant"),
...           EventActor("Shah Mahmood Qureshi", "person", "PAK", "participant")]
>>> met = EventMention("meeting", "occurred", "", people, None, set(), day, [Evidence(0, 9, 0, 3, "body", day)])
>>> [(step.action, step.row) for step in plan_document([met], [["k"]], candidates=[Candidate("row 7", met)])]
[('join', 'row 7')]
"""

from dataclasses import dataclass, field

from .occasion import same_occasion, same_reading

NEW, AGAIN, SPLIT_HOME, COPY, JOIN, DELETED = "new", "again", "split home", "copy", "join", "deleted"


@dataclass(frozen=True)
class Known:
    """A stored event as a reading (``mention``): ``quoted`` are the keys of the sentences of
    this document it quoted before; ``kind`` the stored event's kind when the reading is of an
    event merged into it (its title and place follow only a reading of its own kind)."""

    row: object
    mention: object
    quoted: frozenset = frozenset()
    kind: str = ""


@dataclass(frozen=True)
class Candidate:
    """An event another report told, with when its first report came out if it has no date."""

    row: object
    mention: object
    published: object = None
    approximate: bool = False


@dataclass(frozen=True)
class Copy:
    """An event another document read from a sentence, word for word, with the date that
    sentence was read as."""

    row: object
    reading: object  # DateReading
    mention: object


@dataclass
class Step:
    """What to do with the document's event ``index``: ``action`` (NEW, AGAIN: this
    document's earlier event; SPLIT_HOME: the event a curator split its sentences into; COPY:
    the event another copy of the report read; JOIN: an event another report told; DELETED: a
    curator deleted it, so nothing), the stored ``row`` it goes to, and why."""

    index: int
    action: str
    row: object = None
    reasons: tuple = ()
    update: bool = False  # AGAIN: the stored event takes the new reading's title and place
    homes: dict = field(default_factory=dict)  # {sentence key: the event a curator split it off into}


def plan_document(events, keys, *, earlier=(), split_off=None, copies=None, candidates=(), tombstones=(),
                  published=None, approximate=False):
    """One ``Step`` per event mention of a document, in order.

    ``keys`` are each event's sentence keys, ``earlier`` the ``Known`` events this document
    reported before (and what curators merged into them), ``split_off`` ``{sentence key:
    [Known]}`` the events curators split off, ``copies`` ``{sentence key: [Copy]}``,
    ``candidates`` the ``Candidate`` events of other reports (dated ones first) and
    ``tombstones`` the readings of events curators deleted."""
    split_off, copies = split_off or {}, copies or {}
    remaining = list(earlier)
    steps = []
    for index, (event, event_keys) in enumerate(zip(events, keys)):
        step = _step(index, event, event_keys, remaining, split_off, copies, candidates, tombstones,
                     published, approximate)
        step.homes = {key: home for key in event_keys if (home := split_home(key, event, split_off)) is not None}
        steps.append(step)
    return steps


def split_home(key, event, split_off):
    """The event a curator split this sentence off into, if this reading is of its kind and people
    (a sentence that also tells another event still feeds that other one)."""
    return next((known.row for known in split_off.get(key, ()) if same_reading(known.mention, event)), None)


def _step(index, event, event_keys, remaining, split_off, copies, candidates, tombstones, published, approximate):
    own = [key for key in event_keys if split_home(key, event, split_off) is None]
    if not own:  # every sentence of this reading is in an event a curator split off
        return Step(index, SPLIT_HOME, split_home(event_keys[0], event, split_off),
                    ("a curator split these sentences off into this event",))
    # This document's earlier reading of the same event, whatever date a curator gave it; each
    # earlier event answers one reading: the one that quoted its sentences first, then the one
    # at the same place.
    matches = [known for known in remaining if same_reading(known.mention, event)]
    matches.sort(key=lambda k: (-len(k.quoted.intersection(own)), own[0] not in k.quoted,
                                not (k.mention.place is not None and event.place is not None
                                     and k.mention.place.name == event.place.name)))
    if matches:
        remaining.remove(matches[0])
        return Step(index, AGAIN, matches[0].row, ("this document reported it before",),
                    update=matches[0].mention.event_type == (matches[0].kind or matches[0].mention.event_type))
    row = _reported_in_a_copy(event, event_keys, copies)
    if row is not None:
        return Step(index, COPY, row, ("another copy of this report read the same sentence the same way",))
    found = _told_by_another_report(event, candidates, published, approximate)
    if found is not None:
        return Step(index, JOIN, found[0], found[1].reasons)
    if any(same_occasion(stone, event, same_document=False) or same_reading(stone, event)
           and not (stone.date.resolved and event.date.resolved) for stone in tombstones):
        return Step(index, DELETED, None, ("a curator deleted this event; reading it again does not bring it back",))
    return Step(index, NEW)


def _reported_in_a_copy(event, event_keys, copies):
    """The stored event that another copy of this report read from the same sentence, with the
    same date, kind and actors: the same report of the same event, whatever date a curator
    has given that event since (a changed copy of a curated report joins the curated event)."""
    for item, key in zip(event.evidence, event_keys):
        for copy in copies.get(key, ()):
            reading = copy.reading
            same_date = (reading.start, reading.end, reading.timex) == (item.date.start, item.date.end, item.date.timex)
            if same_date and same_reading(copy.mention, event):
                return copy.row
    return None


def _told_by_another_report(event, candidates, published, approximate):
    """(row, decision) of the stored event another report told that ``event`` is. A dated
    reading prefers an event with a date to one without; an undated reading joins a dated
    event only if exactly one fits (else it could be either)."""
    if event.date.resolved:
        for candidate in candidates:
            decision = same_occasion(candidate.mention, event, same_document=False, published=candidate.published,
                                     approximate=candidate.approximate)
            if decision:
                return candidate.row, decision
        return None
    found = {}
    for candidate in candidates:
        decision = same_occasion(candidate.mention, event, same_document=False, published=published,
                                 approximate=approximate)
        if decision:
            found.setdefault(id(candidate.row), (candidate.row, decision))
    return next(iter(found.values())) if len(found) == 1 else None
