"""The date component: the date expression the tree attaches to each reading's clause, a
length ("a two-day visit") or a range ("on 23-24 February") that makes it an interval; and,
once the discourse has spoken, the date a reading borrows, the date of what is under way when
the report came out, and a planned event's weekday resolved forward.

Plain Python, no Django.
"""

import dataclasses
import datetime
import functools
import re

from ...doc import OCCURRED, PLANNED, DateReading
from ...temporal import DATE, DURATION, TIME
from ...temporal.vocabulary import vocabulary
from ..types import AGREEMENT, AGREEMENT_TO_ACT, MEETING, TALKS
from .tree import aux, definite, has, noun_chain, path_to, root_of, under_way
from .words import grammar

# A day and a length "arrived on Tuesday for a two-day visit": lengths taken, in days.
LONGEST_STAY_DAYS = 14
# A sentence the reading continues dates it only if it is this close (characters).
BORROWED_DATE_REACH = 400
# "He also met ...": the last event of the same person dates it if it is this close.
ALSO_REACH = 1500
# A participle "is visiting" is not under way at publication when the sentence names a time
# that ended this many days before it.
UNDER_WAY_STALE_DAYS = 7
# How far up the tree a date's "since" clause is looked for.
DATE_STEPS = 8
# The lead is the report's first sentences; its day dates the news of its first paragraphs.
LEAD_SENTENCES = 2
NEWS_SENTENCES = 6
# The kinds of a single day a lead's day may date (a visit or a summit lasts longer).
NEWS_KINDS = frozenset({MEETING, TALKS, AGREEMENT, AGREEMENT_TO_ACT})
# A lead's day is the news of the day if it is at most this many days before publication.
NEWS_DAYS = 3
# "his recent visit": some time in this many days before publication.
RECENT_DAYS = 183
# Two days named as a range are at most this far apart: "April 24 and 25".
RANGE_DAYS = 31



@functools.cache
def _range_joiner():
    words = "|".join(map(re.escape, sorted(grammar().range_joiners, key=len, reverse=True)))
    return re.compile(rf"^\s*(?:{words})\s*$")


@functools.cache
def _weekday_expression():
    names = "|".join(vocabulary().weekday_names)
    return re.compile(rf"^(?:on\s+)?(?:{names})\b", re.I)


@functools.cache
def _month_expression():
    names = "|".join(name for name in vocabulary().month_names if name)
    return re.compile(rf"^(?:in\s+)?(?:{names})(?:\s+\d{{1,2}})?$", re.I)


def shifted(day, days):
    """``day`` moved by ``days``, or None past the calendar's ends (year 1, year 9999)."""
    try:
        return day + datetime.timedelta(days=days)
    except OverflowError:
        return None


def read_dates(doc, context):
    """``reading.date`` for every reading: the date its own clause gives."""
    for reading in doc.readings:
        status = reading.frame.status if reading.frame.status is not None else PLANNED
        reading.date = _with_edge(clause_date(reading, status, context), reading)
    return doc


def _with_edge(date, reading):
    """A day that is the first or the last of its event: "arrived on Monday", "ended his visit
    and left on Wednesday"."""
    if not date.resolved or date.granularity != "day" or date.end != date.start:
        return date
    words = {t.lemma_.lower() for t in filter(None, (reading.token, reading.verb))}
    if words & grammar().starting_verbs:
        return dataclasses.replace(date, edge="start")
    if words & grammar().ending_verbs:
        return dataclasses.replace(date, edge="end")
    return date


def _targets(token, verb, context):
    """The tokens a date must reach to date the event: the trigger, its verb, the verbs above an
    infinitive ("voted on Thursday to ratify"), and the clauses that describe an event noun."""
    words = context.lexicon
    purpose = _purpose(token, context)
    if purpose:
        # "arrived here Thursday for the Beijing Summit": the journey's day is not the summit's,
        # but "for a summit due to open Saturday" is
        verb = None
    targets = {t.i for t in filter(None, (token, verb))}
    node = verb or token
    for _ in range(0 if purpose else 3):
        infinitive = node.dep_ == "advcl" and any(a.lower_ == "to" for a in aux(node))
        if (node.dep_ not in {"xcomp", "pcomp"} and not infinitive) or node.head.i == node.i:
            break
        node = node.head if node.dep_ in {"xcomp", "advcl"} else node.head.head
        if node.pos_ in {"VERB", "AUX"} and not has(node, words["reporting"] | words["planning"]):
            targets.add(node.i)
    if token.pos_ in {"NOUN", "PROPN"}:
        # "the conference, due to open on Monday", "a summit set to open Saturday": the plan's verb
        for child in token.children:
            if child.dep_ in {"amod", "acl", "relcl"} and has(child, words["planning"]):
                targets |= {child.i} | {c.i for c in child.children if c.dep_ == "xcomp"}
        # "the summit, which concluded a day earlier", "the visit scheduled for Monday": the
        # clause that describes the event dates it, unless it reports what someone said (the
        # parse may hang "which concluded" from a noun above the event's: "the sidelines of")
        for noun in noun_chain(token, verb):
            # ("told the meeting that the attacks of September 11 ...": what was said there does not)
            targets |= {c.i for c in noun.children if c.dep_ in {"relcl", "acl"} and not has(c, words["reporting"])
                        and not any(w.dep_ == "mark" for w in c.children)
                        and (noun.i == token.i or any(w.lower_ in grammar().describing_relatives for w in c.children))}
    return targets


def _purpose(token, context):
    """Whether an event noun is the purpose of a journey: "arrived for talks", "flew to Beijing
    for the summit"."""
    if token.pos_ not in {"NOUN", "PROPN"} or token.dep_ != "pobj" or token.head.lower_ != "for":
        return False
    journey = token.head.head
    return journey.pos_ == "VERB" and any(e.type == "visit" for e in context.lexicon.entries(journey.lemma_, "VERB"))


def _mentions(doc, sentence):
    return [m for m in doc.dates if m.type in {DATE, TIME} and sentence.start <= m.start < sentence.end
            and m.timex != "PRESENT_REF"
            and not (m.timex in {"PAST_REF", "FUTURE_REF"} and m.start_date is None and doc.published)]


def clause_date(reading, status, context):
    """The date expression attached to the trigger's clause by the tree."""
    doc, clause = context.doc, reading.clause
    token, verb = reading.token, reading.verb
    mentions = _mentions(doc, clause.sentence)
    eve = _eve(reading, mentions, context)
    if eve is not None:
        return eve  # (the clause's own date is the eve's)
    targets = _targets(token, verb, context)
    not_dating = "|".join(grammar().not_dating)
    best, best_distance = None, None
    for mention in mentions:
        if re.search(rf"\b(?:{not_dating})\s+(?:the\s+)?$", doc.text[max(0, mention.start - 12):mention.start], re.I):
            continue  # "the first visit since 1999" is not dated 1999
        root = root_of(clause.tokens, mention.start - clause.base, mention.end - clause.base)
        distance = path_to(root, targets) if root is not None else None
        if distance is not None and _in_a_since_clause(root, targets):
            continue  # "the first visit since Erbakan came to power last year"
        if distance is not None and (best is None or distance < best_distance):
            best, best_distance = mention, distance
    head = verb or token
    if best is None and head.dep_ == "advcl" and any(c.dep_ in {"mark", "advmod"} and c.lower_ in
                                                     grammar().simultaneous_marks for c in head.children):
        # "Aliyev visited Ankara last March, when the two countries signed ...": the same time
        for mention in mentions:
            root = root_of(clause.tokens, mention.start - clause.base, mention.end - clause.base)
            if root is not None and path_to(root, {head.head.i}) is not None:
                best = mention
                break
    if best is not None:
        reading_ = _with_range(DateReading.from_mention(best), best, mentions, doc.text)
        return _lasting(reading_, reading, context)
    published = doc.published
    if token.pos_ == "NOUN" and any(c.lower_ in grammar().recent for c in token.children) and published:
        start = shifted(published, -RECENT_DAYS) or datetime.date.min
        return DateReading(start, published, "unknown", "PAST_REF", "approximate", "recent",
                           f"'recent' in a text published {published.day} {published.strftime('%B')} "
                           f"{published.year} -> some time in the months before publication (approximate)")
    if status == PLANNED:
        return DateReading.unknown("planned, and the text gives no date for it")
    return DateReading.unknown("the text gives no date for this event")


def _in_a_since_clause(root, targets):
    """Whether a date reaches the event only through a "since" or "until" clause."""
    node = root
    for _ in range(DATE_STEPS):
        if node.i in targets or node.head.i == node.i:
            return False
        if node.dep_ in {"mark", "prep"} and node.lower_ in grammar().not_dating:
            return True
        if any(c.dep_ == "mark" and c.lower_ in grammar().not_dating for c in node.children) and node.dep_ == "advcl":
            return True
        node = node.head
    return False


def _eve(reading, mentions, context):
    """ "on the eve of a crucial EU summit": the event is the day after the clause's day (the day
    a date names anywhere up its clauses, or the publication day)."""
    token = reading.token
    if not (token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lower_ in grammar().eve_nouns):
        return None
    days = [m for m in mentions if m.granularity == "day" and m.start_date is not None]
    if days:
        day, said = days[0].start_date, f"'{days[0].text}' ({days[0].start_date:%d %B %Y})"
    elif context.doc.published is not None:
        day, said = context.doc.published, f"the publication day ({context.doc.published:%d %B %Y})"
    else:
        return None
    start = shifted(day, 1)
    if start is None:
        return None
    return DateReading(start, start, "day", start.isoformat(), "approximate", token.head.head.text,
                       f"'the eve of' it is {said}: the event is the day after, {start.day} {start:%B %Y}")


def _lasting(date, reading, context):
    """A day and a length ("arrived on Tuesday for a two-day visit"): the event lasts from
    that day for that many days."""
    if date.granularity != "day" or not date.resolved or date.end != date.start:
        return date
    token, verb, clause = reading.token, reading.verb, reading.clause
    nouns = [token] if token.pos_ == "NOUN" else []
    nouns += [o for p in (verb or token).children if p.dep_ == "prep" for o in p.children
              if o.dep_ == "pobj" and context.lexicon.entries(o.lemma_, "NOUN")]
    for noun in nouns:
        for mention in context.doc.dates:
            if mention.type != DURATION or not re.fullmatch(r"P\d+D", mention.timex):
                continue
            root = root_of(clause.tokens, mention.start - clause.base, mention.end - clause.base)
            if root is None or root.head.i != noun.i:
                continue
            days = int(mention.timex[1:-1])
            if 1 < days <= LONGEST_STAY_DAYS:
                end = shifted(date.start, days - 1)
                if end is None:
                    return date
                return DateReading(date.start, end, "day", date.timex, date.certainty, date.text,
                                   f"{date.explanation}, for {days} days ('{mention.text}')",
                                   date.expression_start, date.expression_end)
    return date


def _with_range(reading, mention, mentions, text):
    """A day named with the next one as a span ("on 23-24 February", "April 24 and 25"): the
    event lasts from the first to the last."""
    following = [m for m in mentions if m.start >= mention.end and _range_joiner().match(text[mention.end:m.start])]
    if not following or not reading.resolved:
        return reading
    last = following[0]
    if last.granularity != mention.granularity or last.start_date is None or last.start_date <= mention.start_date \
            or (last.start_date - mention.start_date).days > RANGE_DAYS:
        return reading
    return DateReading(reading.start, last.end_date, reading.granularity, reading.timex, reading.certainty,
                       text[mention.start:last.end],
                       f"{reading.explanation}; to {last.explanation.split(' -> ')[-1]} ('{last.text}')",
                       mention.start, last.end)


def borrowed_reach(reading):
    """How far back the event a reading borrows its date from may be told: the sentence before,
    or, for "he also met ...", the last event of the same person in the report."""
    nodes = [n for n in (reading.token, reading.verb) if n is not None]
    if any(c.dep_ == "advmod" and c.lower_ in grammar().also for n in nodes for c in n.children):
        return ALSO_REACH
    return BORROWED_DATE_REACH


def finish_date(reading, status, context):
    """(date, status) once the discourse has filled the reading: a date borrowed from the
    sentence it continues, the publication day of what is under way, the status a setting's
    date decides, and a planned weekday or month resolved forward."""
    doc = context.doc
    date = reading.date
    borrowed = reading.borrowed
    if not date.resolved and borrowed is not None and borrowed.date.resolved and \
            reading.sentence.start - borrowed.evidence[-1].sentence_end < borrowed_reach(reading):
        # "The two leaders met in Beijing": no date here; the sentence before dates what it continues
        earlier = borrowed.date
        date = DateReading(earlier.start, earlier.end, earlier.granularity, earlier.timex, earlier.certainty,
                           earlier.text, f"no date in this sentence; the sentence before dates what it "
                                         f"continues: {earlier.explanation}")
    published = doc.published
    if not date.resolved and status == OCCURRED and reading.kind in NEWS_KINDS:
        date = _news_of_the_day(reading, context) or date
    if not date.resolved and published is not None and under_way(reading.token, reading.verb) and not any(
            m.start_date is not None and m.end_date is not None and (published - m.end_date).days > UNDER_WAY_STALE_DAYS
            for m in doc.dates if reading.sentence.start <= m.start < reading.sentence.end):
        # (not in a sentence about another time: "it began in February, with Canada the first
        # member starting the process")
        # "foreign ministers meeting in the Ethiopian capital", "Annan is visiting Baghdad":
        # the report tells of it as under way when it was published
        date = DateReading(published, published, "day", published.isoformat(),
                           "approximate" if doc.published_approximate else "exact", "",
                           f"under way when the report was published ({published.day} "
                           f"{published.strftime('%B')} {published.year}): the text says so by its tense")
    if status is None:
        status = _status_of_setting(reading, date, published)
    if status == OCCURRED and date.resolved and published is not None and date.start > published:
        status = PLANNED
    if status == PLANNED and date.resolved and published is not None and date.end < published:
        date = forward(date, published)
    return date, status


def lead_day(doc):
    """The day a report's lead gives its news ("said Friday", "here Thursday"): the first date
    of a single day in its first sentences, in the week before publication; or None."""
    if doc.published is None:
        return None
    body = [s for s in doc.sentences if s.kind == "body"][:LEAD_SENTENCES]
    if not body:
        return None
    end = body[-1].end
    mentions = [m for m in doc.dates if body[0].start <= m.start < end]
    for number, mention in enumerate(mentions):
        if mention.granularity == "day" and mention.start_date is not None and \
                0 <= (doc.published - mention.start_date).days <= NEWS_DAYS:
            following = mentions[number + 1:number + 2]
            if following and _range_joiner().match(doc.text[mention.end:following[0].start]):
                return None  # "a visit on November 3-4": the lead gives a stretch, not the news's day
            return mention
    return None


def _news_of_the_day(reading, context):
    """An event told near the top of a report with no date of its own, not said to be earlier
    ("his recent visit", "had met"), is the day's news the lead dates: "International pressure
    mounted Wednesday ... Vranitzky said after talks in Rome with Dini"."""
    doc = context.doc
    sentences = [s for s in doc.sentences if s.kind == "body"]
    position = next((i for i, s in enumerate(sentences) if s.start == reading.sentence.start), None)
    if position is None or position >= NEWS_SENTENCES:
        return None
    lead = lead_day(doc)
    if lead is None:
        return None
    token, verb = reading.token, reading.verb
    if any(c.lower_ in context.lexicon["done_modifiers"] for c in token.children) or (
            verb is not None and any(a.lower_ == "had" for a in aux(verb))) or definite(token):
        return None  # ("the meeting between Wang and Jaishankar" names one told before: it has its date, or none)
    day = lead.start_date
    return DateReading(day, day, "day", day.isoformat(), "approximate", lead.text,
                       f"no date of its own; the report's news is of the day its lead gives: {lead.explanation}",
                       lead.start, lead.end, inferred=True)


def _status_of_setting(reading, date, published):
    """A setting's status ("failed on Tuesday to agree at a ministerial meeting", "will meet at
    the summit next week"): a date before publication says done, one after says planned; on the
    day itself, or with no date, the tense of the clause says."""
    verb = reading.verb
    if verb is not None and _future(verb):
        return PLANNED  # "what she would say during her trip to London on Thursday": still to come
    while verb is not None and verb.tag_ == "VB" and verb.dep_ in {"xcomp", "ccomp", "advcl"} and verb.head.i != verb.i:
        verb = verb.head  # "failed Tuesday to agree ... at a ministerial meeting": the tense of "failed"
    if date.resolved and published is not None:
        if date.end < published:
            return OCCURRED
        if date.start > published:
            return PLANNED
    if verb is not None and (verb.tag_ == "VBD" or (verb.tag_ == "VBN" and any(
            a.lower_ in grammar().perfect_auxiliaries for a in aux(verb)))):
        return OCCURRED
    return PLANNED


def _future(verb):
    """Whether a verb's clause, or the one it is an infinitive of, is in the future."""
    node = verb
    for _ in range(3):
        if {a.lower_ for a in aux(node)} & (grammar().modals_future | {"would"}):
            return True
        if node.dep_ not in {"xcomp", "ccomp", "advcl", "conj"} or node.head.i == node.i:
            return False
        node = node.head
    return False


def forward(date, published):
    """A planned event's weekday or month named without a year is the next one, not the last."""
    text = date.text.strip()
    before = date.explanation.split(" -> ")[0]
    if date.granularity == "day" and _weekday_expression().match(text):
        start, end = shifted(date.start, 7), shifted(date.end, 7)
        if start is None or end is None or end < published:
            return date
        return DateReading(start, end, date.granularity, start.isoformat(), date.certainty, date.text,
                           f"{before} -> the coming {start.strftime('%A')}, as the event is still to come: "
                           f"{start.strftime('%A')} {start.day} {start.strftime('%B')} {start.year}",
                           date.expression_start, date.expression_end)
    if date.granularity in {"day", "month"} and _month_expression().match(text):
        try:
            start, end = date.start.replace(year=date.start.year + 1), date.end.replace(year=date.end.year + 1)
        except ValueError:
            return date
        shown = f"{start.day} {start.strftime('%B %Y')}" if date.granularity == "day" else start.strftime("%B %Y")
        return DateReading(start, end, date.granularity, f"{start.year:04d}" + date.timex[4:], date.certainty, date.text,
                           f"{before} -> the next {text}, as the event is still to come: {shown}",
                           date.expression_start, date.expression_end)
    return date
