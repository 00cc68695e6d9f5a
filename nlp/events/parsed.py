"""The parse reader: diplomatic events read from a linguistic parse of the sentences that may
tell of one.

Plain Python, no Django. A cheap filter (``Lexicon.candidate``) picks the sentences with a
trigger word; spaCy parses only those, in one batch per document. In each parse, a trigger
is a lemma with a part of speech from ``data/en/triggers.toml``; the tree gives who acts (the
subject, the agent of a passive), with whom ("with X", the object, "his Turkish
counterpart"), where to ("to X", "in X"), the status (tense, aspect, auxiliaries, negation,
hedges, what governs the clause: "hopes to visit" is no event, "is to visit" a planned one)
and the date: the date expression whose path up the tree reaches the trigger's clause, not
the date of a reporting verb ("said on Friday").

>>> import datetime
>>> from nlp.pipeline import understand
>>> doc = understand("Annan wrapped up a three hour meeting with Iraqi president Saddam Hussein in Baghdad "
...                  "on Sunday.", datetime.date(1998, 2, 23), reader="parse")
>>> [(e.event_type, e.status, e.title, e.date.timex) for e in doc.events]
[('meeting', 'occurred', 'Annan meets Saddam Hussein in Baghdad', '1998-02-22')]
"""

import datetime
import re
from dataclasses import dataclass, field

from ..doc import CANCELLED, COUNTRY, OCCURRED, ORGANISATION, PERSON, PLANNED, DateReading, EventActor, EventMention, Evidence
from ..entities.actors import Registry, offices
from ..entities.coreference import Actor, Cast
from ..entities.places import capital_of, gazetteer
from ..temporal import DATE, DURATION, TIME
from .lexicon import Lexicon
from .titles import event_title
from .types import AGREEMENT, AGREEMENT_TO_ACT, CANCELLATION, MEETING, SUMMIT, TALKS, VISIT, codes

_MODALS_FUTURE = {"will", "shall", "'ll", "wo"}
_MODALS_UNREAL = {"may", "might", "could", "can", "should", "must", "ought", "ca"}
_CONDITIONAL = {"if", "unless", "whether"}
# Verbs whose object (or passive subject) is an event still to come: "a meeting has been arranged".
_AGREEING = {"agree", "agreement", "plan", "decide", "decision", "consensus", "deal", "understanding"}
_SCHEDULING = {"arrange", "schedule", "plan", "propose", "slate", "organise", "organize", "prepare", "expect"}
_TEMPORAL_MARKS = {"until", "till", "before", "when", "once", "after", "as soon as"}
_PRONOUNS = {"he", "she", "him", "her", "his", "hers"}
_GROUP_PRONOUNS = {"they", "them", "their", "we", "us", "our"}
_AGENTIVE_ENTITIES = {"PERSON", "ORG", "GPE", "NORP"}
_PLACE_ENTITIES = {"GPE", "LOC", "FAC"}
_PARTICLES = {"arap", "bin", "ibn", "al", "de", "van", "von", "abu", "ben", "el", "da", "di"}
_TITLE_WORDS = {"president", "presidents", "ministers", "minister", "secretary", "king", "queen", "prince", "premier", "chancellor", "general",
                "ambassador", "envoy", "foreign", "prime", "vice", "deputy", "mr", "mr.", "mrs", "mrs.", "ms", "ms.",
                "dr", "dr.", "sheikh", "emir", "sultan", "pope", "state", "defence", "defense", "gen.", "gen",
                "secretary-general", "chairman", "leader", "senator", "sen.", "lt.", "col.", "adm.", "rep.", "gov."}
# Nouns that name someone to meet, receive or call on, when no named entity does.
_ROLE_NOUNS = {"president", "minister", "leader", "king", "queen", "envoy", "ambassador", "delegation", "secretary",
               "premier", "chancellor", "counterpart", "official", "diplomat", "prince", "emir", "pope",
               "representative", "negotiator", "mediator", "chief", "head", "monarch", "general", "commander"}
# Plural nouns that name one event ("talks"), not several ("visits").
_PLURAL_EVENTS = {"talks", "negotiations", "consultations", "discussions", "exercises", "drills", "manoeuvres",
                  "maneuvers", "games"}
# Dependents through which a phrase's own prepositions are reached, without entering a clause.
_PHRASAL = {"prep", "agent", "pobj", "dobj", "dative", "conj", "appos", "npadvmod", "compound", "nmod", "attr", "prt"}


class ParseReader:
    """The ``EventReader`` built on spaCy's parse: ``read(doc)`` gives event mentions in text order."""

    name = "parse"

    def __init__(self, registry=None, lexicon=None):
        self.registry = registry or Registry.default()
        self.lexicon = lexicon or Lexicon.default()

    def read(self, doc):
        parses = parse_candidates(doc, self.lexicon)
        cast = cast_of(doc, parses, self.registry)
        story = _Story()
        for sentence, parsed in parses:
            _SentenceReader(doc, sentence, parsed, cast, self.lexicon, story).events()
        return sorted(story.events, key=lambda e: e.evidence[0].trigger_start)


def parse_candidates(doc, lexicon):
    """``[(sentence, spaCy Doc)]`` of the sentences with a trigger word, parsed in one batch;
    kept in ``doc.scratch`` for later stages of the same process."""
    if "parses" in doc.scratch:
        return doc.scratch["parses"]
    from ..model import load

    chosen = [s for s in doc.sentences if lexicon.candidate(doc.sentence_text(s))]
    bases = [_text_start(doc, s) for s in chosen]
    parsed = list(load().pipe([doc.text[base:s.end] for s, base in zip(chosen, bases)], batch_size=64)) if chosen else []
    for spacy_doc, base in zip(parsed, bases):
        spacy_doc.user_data["base"] = base
    doc.scratch["parses"] = list(zip(chosen, parsed))
    return doc.scratch["parses"]


def _text_start(doc, sentence):
    """Where a sentence's words start: after its paragraph's dateline ("BAGHDAD, Iraq (AP) --"),
    which says where the report was filed, not who did what."""
    end = doc.dateline_ends.get(sentence.block)
    return end if end is not None and sentence.start < end < sentence.end else sentence.start


def lemmas(token):
    """The token's lemma and the lemmas its form could have: the small model's lemmatizer
    slips on some ("hopes" -> "hop")."""
    word = token.lower_
    found = {token.lemma_.lower(), word}
    for suffix, replacement in (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"),
                                ("d", ""), ("ing", ""), ("ing", "e")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            found.add(word[: len(word) - len(suffix)] + replacement)
    return found


def _in(token, words):
    return bool(lemmas(token) & words)


# ---------------------------------------------------------------------------------------- actors


def cast_of(doc, parses, registry):
    """Everyone the document names, in order: the actors the Doc found (registry names,
    people named with a title) and the named entities of the parsed sentences. The other
    sentences are read for names (entities only) when a short name or a pronoun needs them."""
    cast = Cast(doc.text, registry, doc.published)
    spans = []
    for mention in doc.actors:
        if mention.via in {"registry", "title"}:
            cast.see(Actor(mention.key, mention.kind, mention.country, mention.role), mention.start, mention.key)
            spans.append((mention.start, mention.end))
    for sentence, parsed in parses:
        _see_entities(cast, sentence, parsed, spans, parsed=True)
    cast.more_context = _NamesOnDemand(doc, parses, cast, spans)
    return cast


def _see_entities(cast, sentence, spacy_doc, spans, *, parsed):
    first_person = True
    base = spacy_doc.user_data.get("base", sentence.start)
    for entity in spacy_doc.ents:
        start, end = base + entity.start_char, base + entity.end_char
        covering = [(s, e) for s, e in spans if s < end and start < e]
        if covering:
            if entity.label_ == "PERSON" and (entity.root.dep_ in {"nsubj", "nsubjpass"} if parsed else first_person):
                # named before by the actor finder ("Prime Minister Ariel Sharon"): now known as the subject
                cast.mark_subject(covering[0][0], covering[0][1])
            first_person = first_person and entity.label_ != "PERSON"
            continue
        if entity.label_ == "PERSON":
            root = entity.root
            # "the US Defence Secretary, Donald Rumsfeld, has told ...": the subject in apposition
            subject = (root.dep_ in {"nsubj", "nsubjpass"} or (root.dep_ == "appos" and root.head.dep_ in {
                "nsubj", "nsubjpass"})) if parsed else first_person
            first_person = False
            name = full_name(entity.root) if parsed else _name_text(entity)
            if len(name.split()) >= 2:
                title, country = title_of(entity.root, cast) if parsed else _title_before(entity, cast)
                cast.see_person(name, start, title=title, country=country)
                if subject:
                    cast.see(cast.person(name, start, title=title, country=country), start, name, subject=True)
            elif name:
                actor = cast.person(name, start)
                if actor is not None and len(actor.key.split()) >= 2:  # a bare name alone is weak evidence
                    cast.see(actor, start, name, subject=subject)
                elif name[:1].isupper():
                    # "President Suharto", "General Suharto": one name, but a political title before it
                    title, country = title_of(root, cast) if parsed else _title_before(entity, cast)
                    if title and offices(title):
                        cast.see_person(name, start, title=title, country=country)
                        if subject:
                            cast.see(cast.person(name, start, title=title, country=country), start, name,
                                     subject=True)
        elif entity.label_ == "ORG" and cast.known_person(_name_text(entity), start) is None:
            actor = cast.organisation(entity.text)
            if actor is not None:
                cast.see(actor, start, entity.text)


def _name_text(entity):
    """An entity's name without a possessive: "Annan's" -> "Annan"."""
    return " ".join(t.text for t in entity if t.tag_ != "POS" and t.text not in {"'s", "’s"}).strip()


def _title_before(entity, cast):
    """Title words just before a name, for sentences read for names only: "Iraqi president"."""
    words, country = [], ""
    index = entity.start - 1
    if index > 0 and entity.doc[index].text == "," and entity.doc[index - 1].lower_ in _TITLE_WORDS:
        index -= 1  # "the British Foreign Secretary, Robin Cook"
    while index >= 0 and len(words) < 4:
        token = entity.doc[index]
        if token.lower_ in _TITLE_WORDS or token.lower_ in {"of", "u.n.", "un", "secretary-general", "director", "chief"} \
                or (token.ent_type_ == "ORG" and words):
            words.insert(0, token.text)  # "FBI Director Louis Freeh", "U.N. Secretary-General Kofi Annan"
        elif token.ent_type_ in {"NORP", "GPE"} and not country:
            found = cast.country(token.text)
            country = found.country if found else ""
        else:
            break
        index -= 1
    return " ".join(words), country


class _NamesOnDemand:
    """Reads the unparsed sentences before a point for named entities, nearest first, only
    when the cast needs them: most documents never need most of their sentences."""

    def __init__(self, doc, parses, cast, spans):
        parsed = {sentence.start for sentence, _ in parses}
        self.doc, self.cast, self.spans = doc, cast, spans
        self.unread = [s for s in doc.sentences if s.start not in parsed]

    def __call__(self, start, count):
        before = [s for s in self.unread if s.end <= start][-count:]
        if not before:
            return 0
        from ..model import load

        nlp = load()
        bases = [_text_start(self.doc, s) for s in before]
        with nlp.select_pipes(enable=["tok2vec", "ner"]):
            read = list(nlp.pipe([self.doc.text[base:s.end] for s, base in zip(before, bases)]))
        for sentence, spacy_doc, base in zip(before, read, bases):
            spacy_doc.user_data["base"] = base
            _see_entities(self.cast, sentence, spacy_doc, self.spans, parsed=False)
            self.unread.remove(sentence)
        return len(before)


def full_name(token):
    """A person's name from the proper nouns joined to its head: "Daniel arap Moi", "Kofi Annan"."""
    head = token
    while head.dep_ == "compound" and head.head.pos_ == "PROPN" and 0 < head.head.i - head.i <= 3:
        head = head.head
    start = head.i
    while start > 0:
        previous = head.doc[start - 1]
        if previous.lower_ in _TITLE_WORDS or previous.ent_type_ in {"NORP", "GPE", "ORG"} or previous.tag_ == "POS":
            break
        if not (previous.pos_ == "PROPN" or previous.lower_ in _PARTICLES):
            break
        if head.i not in {a.i for a in previous.ancestors}:
            break
        start -= 1
    return " ".join(t.text for t in head.doc[start:head.i + 1] if t.tag_ != "POS")


def title_of(head, cast):
    """The title and country a person's noun phrase gives: "Iraqi president Saddam Hussein"
    -> ("president", "IRQ"); "U.N. Secretary-General Kofi Annan" -> ("U.N. Secretary-General", "")."""
    name_start = head.i
    while name_start > 0 and head.doc[name_start - 1].dep_ == "compound" and \
            head.doc[name_start - 1].pos_ == "PROPN" and head.doc[name_start - 1].lower_ not in _TITLE_WORDS and \
            head.doc[name_start - 1].ent_type_ == "PERSON":
        name_start -= 1
    words, country = [], ""
    # the title words just before the name, however they were attached: "Presidents Jiang Zemin"
    index = name_start - 1
    adjacent = []
    while index >= 0 and head.doc[index].lower_ in _TITLE_WORDS:
        adjacent.insert(0, head.doc[index].text)
        index -= 1
    before = sorted((t for t in head.subtree if t.i < name_start and not any(
        a.dep_ in {"relcl", "acl", "appos", "conj"} and a.i != head.i for a in _between(t, head))), key=lambda t: t.i)
    possessors = {t.i for b in before if b.dep_ == "poss" for t in b.subtree}
    for token in before:
        if token.dep_ in {"det", "poss", "punct", "case"} or token.tag_ == "POS" or token.i in possessors:
            continue
        if token.ent_type_ in {"NORP", "GPE"} and not country:
            found = cast.country(token.text)
            city = gazetteer().get(token.text) if found is None else None
            country = found.country if found else (city.country if city is not None else "")
            if token.ent_type_ == "NORP":
                continue
        words.append(token.text)
    for token in head.children:
        if token.dep_ == "appos" and token.i > head.i and token.pos_ == "NOUN":
            words += [t.text for t in token.subtree if t.dep_ not in {"det", "punct", "poss"}][:4]
    if not words and adjacent:
        words = adjacent
    if not words and head.dep_ == "appos" and head.head.pos_ == "NOUN" and head.head.lower_ in _TITLE_WORDS:
        # "the British Foreign Secretary, Robin Cook": the title is the noun the name explains
        title = head.head
        for token in title.subtree:
            if token.i > title.i or token.dep_ in {"det", "punct", "poss", "case"}:
                continue
            if token.ent_type_ in {"NORP", "GPE"}:
                found = cast.country(token.text)
                country = country or (found.country if found else "")
                if token.ent_type_ == "NORP":
                    continue
            words.append(token.text)
    if not words and head.dep_ == "conj" and head.head.ent_type_ == "PERSON":
        shared, shared_country = title_of(head.head, cast)
        if shared.lower().endswith("s"):
            return shared, country or shared_country  # "Presidents Jiang Zemin and Boris Yeltsin"
    return " ".join(words), country


def _between(token, ancestor):
    """The tokens from ``token`` up to (not including) ``ancestor``."""
    path, node = [], token
    while node.i != ancestor.i and node.head.i != node.i:
        path.append(node)
        node = node.head
    return path


def _entity_span(token):
    for entity in token.doc.ents:
        if entity.start <= token.i < entity.end:
            return entity
    return None


def _noun_chain(token, verb, steps=6):
    """The nouns from an event noun up its phrase to its verb: "summit" <- "Council" <- "sidelines"."""
    chain, node = [token], token
    for _ in range(steps):
        head = node.head
        if head.i == node.i or (verb is not None and head.i == verb.i) or head.pos_ in {"VERB", "AUX"}:
            break
        if head.pos_ in {"NOUN", "PROPN"}:
            chain.append(head)
        node = head
    return chain


def _phrase_tokens(token, of=False):
    """The tokens of a noun phrase, without the clauses inside it ("who met Y"); with ``of``,
    its "of" phrases too ("the ministers of Poland and Hungary")."""
    tokens, stack = [], [token]
    while stack:
        node = stack.pop()
        tokens.append(node)
        stack += [c for c in node.children if c.dep_ not in {"relcl", "acl", "ccomp", "advcl", "xcomp", "prep"}
                  or (of and c.dep_ == "prep" and c.lower_ == "of")]
    return tokens


def _conjuncts(token):
    found = []
    for child in token.children:
        if child.dep_ == "conj":
            found.append(child)
            found += _conjuncts(child)
    return found


# ---------------------------------------------------------------------------------------- story


@dataclass
class _Story:
    """What the reader remembers of the document so far."""

    events: list = field(default_factory=list)
    by_trigger: dict = field(default_factory=dict)  # trigger offset -> the first event told there

    def told(self, event):
        self.events.append(event)
        for item in event.evidence:
            self.by_trigger.setdefault(item.trigger_start, event)

    last_pair_event = None  # the event the last "the two leaders" or "both countries" stood for

    def last_people(self):
        for event in reversed(self.events):
            people = [Actor(a.key, a.kind, a.country, a.title) for a in event.actors if a.kind == PERSON]
            if len(people) >= 2:
                self.last_pair_event = event
                return people
        return []

    def last_parties(self, registry=None):
        """The countries of the last event between two or more of them ("both countries"),
        counting its people's countries."""
        for event in reversed(self.events):
            countries = [Actor(a.key, a.kind, a.country, a.title) for a in event.actors if a.kind == COUNTRY]
            if len({a.country for a in countries}) < 2 and registry is not None:
                codes = list(dict.fromkeys(a.country for a in event.actors if a.country))
                records = [registry.country_by_code(code) for code in codes]
                countries = [Actor(r.key, COUNTRY, r.country, "country") for r in records if r is not None]
            if len({a.country for a in countries}) >= 2:
                self.last_pair_event = event
                return countries
        return []

    def last_of(self, kinds, before):
        for event in reversed(self.events):
            if event.event_type in kinds and before - event.evidence[-1].sentence_end < 1500:
                return event
        return None


class Rejected(Exception):
    """A trigger that tells of no event, and why ("negated", "only hope")."""


@dataclass
class _Trigger:
    token: object  # spaCy Token
    entry: object  # lexicon Entry
    type: str


# ---------------------------------------------------------------------------------------- one sentence


class _SentenceReader:
    """The events of one parsed sentence."""

    def __init__(self, doc, sentence, parsed, cast, lexicon, story):
        self.doc, self.sentence, self.parsed = doc, sentence, parsed
        self.base = parsed.user_data.get("base", sentence.start)  # where the parsed text starts
        self.cast, self.lexicon, self.story = cast, lexicon, story
        self.borrowed = None  # the event whose people "the two leaders" stands for

    def events(self):
        triggers = [t for t in map(self._trigger, self.parsed) if t is not None]
        # A cancellation claims what it cancels, a signing what is signed: "cancelled a visit" is
        # one event, not a visit too. Then every trigger is read in text order, so that "when
        # the two countries signed" knows the visit told just before.
        claimed = {}
        for trigger in triggers:
            if trigger.type == CANCELLATION:
                claimed.update({t.i: trigger.token.i for t in trigger.token.subtree})
            elif trigger.type == AGREEMENT:
                claimed.update({c.i: trigger.token.i for c in trigger.token.children if c.dep_ in {"dobj", "nsubjpass"}})
        events = []
        for trigger in triggers:
            if claimed.get(trigger.token.i, trigger.token.i) != trigger.token.i:
                continue
            try:
                read = self._read(trigger)
            except Rejected as rejection:
                self.doc.scratch.setdefault("rejected", []).append(
                    (self.base + trigger.token.idx, trigger.token.text, trigger.type, str(rejection)))
                continue
            for event in read if isinstance(read, list) else [read]:
                events.append(event)
                self.story.told(event)  # "... visit to Islamabad ... during the visit": the same sentence counts
        events.sort(key=lambda e: e.evidence[0].trigger_start)
        return events

    # -- triggers ------------------------------------------------------------------------

    def _trigger(self, token):
        if token.lower_ == "visiting" and (token.dep_ in {"amod", "compound"} or (
                token.dep_ == "pcomp" and token.head.lower_ == "with")):
            return None  # "the visiting minister", "talks with visiting X": who, not what
        for entry in self.lexicon.entries(token.lemma_, token.pos_):
            if self._fits(token, entry):
                return _Trigger(token, entry, entry.type)
        return None

    def _fits(self, token, entry):
        if entry.form and token.lower_ not in entry.form:
            return False
        if entry.particle and not any(c.dep_ == "prt" and c.lower_ == entry.particle for c in token.children):
            return False
        if entry.object and not self._object_lemmas(token) & entry.object:
            return False
        if entry.not_prep and any(c.dep_ == "prep" and c.lower_ in entry.not_prep for c in token.children):
            return False  # "his call for a cease-fire with Israel" is an appeal
        if entry.object_entity and not any(c.ent_type_ in entry.object_entity and self._international_name(c)
                                           for c in token.children if c.dep_ == "dobj"):
            return False  # "joined NATO": an international body, not "joined the company"
        if entry.prep and entry.prep_person and any(c.dep_ in {"prt", "prep"} and c.lower_ in entry.prep and not any(
                o.dep_ == "pobj" for o in c.children) for c in token.children):
            # "called on Imran Khan" parsed with "on" as a particle: the person is the object
            return any(self._agentive(c) for c in token.children if c.dep_ == "dobj")
        if entry.prep:
            # "discussed the ceasefire with the president": the preposition may hang from the object
            holders = [token] + [c for c in token.children if c.dep_ in {"dobj", "attr"}]
            if token.pos_ == "NOUN":
                holders += [o for p in token.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"]
            holders += [d for h in holders[1:] for c in h.children if c.dep_ == "prep" for d in c.children
                        if d.dep_ == "pobj"]
            preps = [c for h in holders for c in h.children if c.dep_ in {"prep", "agent", "dative"}
                     and c.lower_ in entry.prep]
            if not preps:
                return False
            objects = [o for p in preps for o in p.children if o.dep_ == "pobj"]
            if entry.prep_object and not {o.lemma_.lower() for o in objects} & entry.prep_object:
                return False
            if entry.prep_person and not any(self._agentive(o) for o in objects):
                return False
            if entry.prep_entity and not any(o.ent_type_ in entry.prep_entity for o in objects):
                return False
        if entry.modifier:
            modifiers = {c.lower_ for c in token.children if c.dep_ in {"amod", "compound", "nmod"}}
            modifiers |= {o.lower_ for c in token.children if c.dep_ == "prep" for o in c.children if o.dep_ == "pobj"}
            if not modifiers & entry.modifier:
                return False
        if entry.person and not any(self._agentive(c) for c in token.children if c.dep_ in {"dobj", "nsubjpass"}):
            return False
        if entry.joint:
            # "Putin and Obama spoke for 20 minutes": people acting together, nothing else said
            subjects = [c for c in token.children if c.dep_ == "nsubj"]
            if any(c.dep_ in {"dobj", "ccomp", "xcomp"} or (c.dep_ == "prep" and c.lower_ in {
                    "to", "about", "of", "at", "before", "against", "in"}) for c in token.children) or not any(
                    s.ent_type_ == "PERSON" and any(c.dep_ == "conj" for c in s.children) for s in subjects):
                return False
        if entry.complement and not any(c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ in {"on", "upon"})
                                        or (token.pos_ == "NOUN" and c.dep_ in {"acl", "relcl"} and c.tag_ == "VB"
                                            and any(a.lower_ == "to" for a in c.children))
                                        for c in token.children):
            return False  # "agreed that ..." is an opinion, "agreed to ...", "agreed on ..." a decision
        return True

    def _object_lemmas(self, token):
        objects = [c for c in token.children if c.dep_ in {"dobj", "nsubjpass", "attr"}]
        objects += [o for p in token.children if p.dep_ == "prep" and p.lower_ == "on" for o in p.children
                    if o.dep_ == "pobj"]
        if token.dep_ in {"acl", "relcl"}:  # "the agreement signed on Tuesday"
            objects.append(token.head)
        found = set()
        for obj in objects:
            for item in [obj, *_conjuncts(obj)]:
                found.add(item.lemma_.lower())
                found |= {c.lemma_.lower() for c in item.children if c.dep_ in {"compound", "amod"}}
                # "documents of accession", "a memorandum of understanding"
                found |= {o.lemma_.lower() for p in item.children if p.dep_ == "prep" for o in p.children
                          if o.dep_ == "pobj"}
        return found

    # -- one event -----------------------------------------------------------------------

    def _read(self, trigger):
        """The event of one trigger; raises ``Rejected`` (with the reason) when there is none."""
        token, entry, event_type = trigger.token, trigger.entry, trigger.type
        verb = self._governing_verb(token)
        try:
            status = self._status(token, verb)
        except Rejected:
            if not self._setting(token, verb):
                raise
            # "ready to meet him at the SAARC summit next week": the offer is not an event, the
            # summit where it would happen is one (its date tells whether it is still to come)
            status = None
        if self._habitual(token, verb):
            raise Rejected("habitual or generic")
        if event_type == CANCELLATION:
            status = CANCELLED
        self.borrowed = None
        subjects, partners, destination, place = self._arguments(token, verb, event_type, entry)
        if event_type in {MEETING, TALKS, VISIT} and sum(
                1 for t in self.parsed if _in(t, self.lexicon["sports"])) >= 2:
            raise Rejected("sport")  # "... to reach the semifinals, where it will meet France"
        if verb is not None and token.dep_ in {"dobj", "dative"} and _in(verb, self.lexicon["addressing"]) and not any(
                self._international(a) or a.kind == COUNTRY for t in token.children
                if t.dep_ in {"compound", "poss", "nmod", "amod"} or (t.dep_ == "prep" and t.lower_ == "of")
                for o in ([t] if t.dep_ != "prep" else [c for c in t.children if c.dep_ == "pobj"])
                for a in self._actors(o)):
            # "told a meeting of business leaders": an audience; "told a NATO ministers' meeting": a body's
            raise Rejected("an audience, not a meeting of states")
        if event_type == VISIT and not self._travels(token, verb, entry):
            raise Rejected("not a person travelling")
        if event_type == VISIT and entry.destination and subjects and all(a.kind == COUNTRY for a in subjects):
            raise Rejected("a country moving")  # "when the Soviets went to Afghanistan": not a visit
        if event_type == MEETING and any(self._not_partner(t) for t in self._partner_tokens(token, verb)):
            raise Rejected("not a meeting with someone")
        if entry.prep_person and any(c.dep_ in {"xcomp", "ccomp", "advcl"} for c in token.children):
            raise Rejected("an appeal")  # "called on India to exercise restraint"
        if event_type == AGREEMENT_TO_ACT and not any(c.dep_ == "xcomp" for c in token.children) and any(
                _in(o, self.lexicon["not_agreed"]) for p in token.children if p.dep_ == "prep" for o in p.children):
            raise Rejected("agreement on a view")  # "agreed on the need to promote contacts"
        actors = _unique(subjects + partners)
        kinds = {MEETING, TALKS} if event_type in {MEETING, TALKS} else {event_type}
        earlier = self.story.last_of(kinds, self.sentence.start)
        if len(actors) < 2 and earlier is not None and (_definite(token) or self._agentless_passive(token, verb)):
            # "During the meeting with the premier", "an agreement was also reached": the event just told
            before = [Actor(a.key, a.kind, a.country, a.title) for a in earlier.actors]
            if not actors or any(a.key in {b.key for b in before} for a in actors):
                subjects = _unique(before + subjects)
                place = place or earlier.place
                if not self.explicit and status == OCCURRED and earlier.status != CANCELLED:
                    status = earlier.status  # "(the visit)": no tense of its own to tell
                if event_type == VISIT:
                    destination = destination or earlier.place
                actors = _unique(subjects + partners)
        if not actors and not ((event_type == SUMMIT and (place or _named(token))) or (event_type == TALKS and place)):
            raise Rejected("no actors")
        here = any(t.lower_ == "here" and t.dep_ == "advmod" for t in filter(None, (token, verb)) for t in t.children)
        dateline = self.doc.datelines.get(self.sentence.block) or (self.doc.dateline if here else None)
        if dateline is not None and (here or self.sentence.first_in_block):
            # "talks here today", or the lead of a report filed from BEIJING: where it was filed
            if event_type == VISIT and destination is None and here:
                destination = dateline
            elif event_type != VISIT and place is None and (here or event_type in {MEETING, TALKS, AGREEMENT,
                                                                                  AGREEMENT_TO_ACT, SUMMIT}):
                place = dateline
        if event_type == VISIT and destination is None and not partners:
            raise Rejected("a visit with no destination")
        if event_type == VISIT and destination is not None and subjects and all(
                a.country == destination.country for a in subjects if a.kind == PERSON) and any(
                a.kind == PERSON and a.country for a in subjects) and not partners:
            raise Rejected("a journey at home")  # "the Miami mayors flew to Washington"
        international = any(self._international(a) for a in actors)
        abroad = place is not None and place.country and any(a.country and a.country != place.country for a in actors)
        if event_type in {MEETING, TALKS} and len(actors) < 2 and not self._plural_participants(token, verb) \
                and not international and not abroad:
            raise Rejected("one side only")
        if actors and not any(self._political(a) for a in actors):
            # companies, sportsmen, private people: a diplomatic event has a state, a government,
            # an international body or an official among its actors, and a journey is made by one
            # or to meet one ("flew to Cuba" of a private person is no visit)
            raise Rejected("no state, government or official among the actors")
        if event_type == VISIT and not any(self._political(a) for a in subjects + partners):
            raise Rejected("a private journey")
        if event_type in {MEETING, TALKS, SUMMIT} and not international and self._domestic(subjects, partners, place):
            raise Rejected("a domestic meeting")
        date = self._date(token, verb, status or PLANNED)
        if not date.resolved and self.borrowed is not None and self.borrowed.date.resolved and \
                self.sentence.start - self.borrowed.evidence[-1].sentence_end < 400:
            # "The two leaders met in Beijing": no date here; the sentence before dates what it continues
            earlier = self.borrowed.date
            date = DateReading(earlier.start, earlier.end, earlier.granularity, earlier.timex, earlier.certainty,
                               earlier.text, f"no date in this sentence; the sentence before dates what it "
                                             f"continues: {earlier.explanation}")
        published = self.doc.published
        if not date.resolved and published is not None and self._under_way(token, verb) and not any(
                m.start_date is not None and m.end_date is not None and (published - m.end_date).days > 7
                for m in self.doc.dates if self.sentence.start <= m.start < self.sentence.end):
            # (not in a sentence about another time: "it began in February, with Canada the first
            # member starting the process")
            # "foreign ministers meeting in the Ethiopian capital", "Annan is visiting Baghdad":
            # the report tells of it as under way when it was published
            date = DateReading(published, published, "day", published.isoformat(),
                               "approximate" if self.doc.published_approximate else "exact", "",
                               f"under way when the report was published ({published.day} "
                               f"{published.strftime('%B')} {published.year}): the text says so by its tense")
        if status is None:
            status = OCCURRED if date.resolved and published is not None and date.end < published else PLANNED
        if status == OCCURRED and date.resolved and published is not None and date.start > published:
            status = PLANNED
        if status == PLANNED and date.resolved and published is not None and date.end < published:
            date = _forward(date, published)
        if event_type in {MEETING, TALKS} and len(partners) > 1 and any(
                c.lower_ in {"separately", "separate"} for c in filter(None, (token, verb)) for c in c.children):
            # "also separately called on the Prime Minister and the Army Chief", "in separate calls
            # with the two leaders": one meeting each
            return [self._mention(trigger, status, subjects, [partner], destination or place, date)
                    for partner in partners]
        return self._mention(trigger, status, subjects, partners, destination or place, date)

    def _mention(self, trigger, status, subjects, partners, place, date):
        token, event_type = trigger.token, trigger.type
        sentence = self.sentence
        actors = _roles(event_type, subjects, partners, place if event_type in {VISIT, CANCELLATION} else None,
                        self.cast.registry)
        trigger_start = self.base + token.idx
        trigger_end = trigger_start + len(token.text)
        particle = next((c for c in token.children if c.dep_ == "prt" and c.i == token.i + 1), None)
        if trigger.entry.particle and particle is not None:
            trigger_end = self.base + particle.idx + len(particle.text)
        cameo, plover = codes(event_type)
        cameo = trigger.entry.cameo or cameo
        if event_type == MEETING and place is not None and place.country and \
                place.country not in {a.country for a in actors if a.country}:
            cameo = "044"
        what, verb = self._what(token, event_type)
        title = event_title(event_type, status, actors, place, text=self.doc.text, trigger_start=trigger_start,
                            trigger_end=trigger_end, clause_end=sentence.end, what=what, verb=verb,
                            phone=cameo == "041")
        evidence = Evidence(sentence.start, sentence.end, trigger_start, trigger_end, sentence.kind, date, status)
        return EventMention(event_type, status, title, actors, place, set(sentence.topics), date, [evidence], cameo,
                            plover, paragraph=self.doc.blocks[sentence.block].start, definite=_definite(token),
                            what=what or "")

    def _what(self, token, event_type):
        """What was signed ("documents of accession") or agreed ("to carry out joint exercises"),
        in the text's words, for the title; and the verb of a signing."""
        if event_type == AGREEMENT:
            objects = [c for c in token.children if c.dep_ in {"dobj", "nsubjpass", "attr"}]
            if token.dep_ in {"acl", "relcl"}:
                objects = [token.head]
            if token.pos_ == "NOUN":
                objects = [o for p in token.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"]
            if not objects:
                return None, None
            words = [t for t in _phrase_tokens(objects[0], of=True) if t.dep_ not in {"det", "poss", "punct", "case"}
                     and not t.ent_type_ in {"DATE", "TIME", "CARDINAL"}]
            phrase = "".join(t.text_with_ws for t in sorted(words, key=lambda t: t.i)[-6:]).strip()
            lemma = token.lemma_.lower()
            verb = {"reach": "reach", "ratify": "ratify", "ratification": "ratify", "conclude": "conclude",
                    "become": "become", "join": "join", "accept": "accept"}.get(lemma, "sign")
            return phrase or None, verb
        if event_type == AGREEMENT_TO_ACT:
            complement = next((c for c in token.children if c.dep_ == "xcomp"
                               or (token.pos_ == "NOUN" and c.dep_ in {"acl", "relcl"} and c.tag_ == "VB")), None)
            if complement is None:
                on = next((c for c in token.children if c.dep_ == "prep" and c.lower_ in {"on", "upon"}), None)
                if on is None:
                    return None, None
                words = [on, *[t for o in on.children if o.dep_ == "pobj" for t in _phrase_tokens(o)]]
            else:
                words = list(complement.subtree)  # "to further strengthen bilateral relations"
            words = [t for t in sorted(words, key=lambda t: t.i) if not t.ent_type_ in {"DATE", "TIME"}]
            cut = next((i for i, t in enumerate(words) if i > 2 and (t.dep_ in {"advcl", "mark"}
                                                                    or t.text in {",", ";", ":", "(", ")", "--"}
                                                                    or t.lower_ in {"as", "which", "after"})), None)
            words = words[:cut][:10]
            while words and words[-1].pos_ in {"PART", "ADP", "DET", "CCONJ", "PUNCT", "SCONJ"}:
                words.pop()  # "to set up a panel to" -> "to set up a panel"
            return "".join(t.text_with_ws for t in words).strip() or None, None
        return None, None

    # -- grammar -------------------------------------------------------------------------

    def _governing_verb(self, token):
        """The verb whose clause tells the event: the trigger itself, or for a noun the verb it
        hangs from ("held talks", "the visit was cancelled", "arrived for talks", "reached
        agreement during talks")."""
        if token.pos_ in {"VERB", "AUX"}:
            return token
        node = token
        for _ in range(5):
            while node.dep_ in {"conj", "compound", "appos"} and node.head.i != node.i:
                node = node.head
            if node.dep_ in {"dobj", "nsubj", "nsubjpass", "attr", "oprd", "dative"} and node.head.pos_ in {"VERB", "AUX"}:
                return node.head
            if node.dep_ == "pobj" and node.head.dep_ in {"prep", "agent", "dative"}:
                holder = node.head.head
                if holder.pos_ in {"VERB", "AUX"}:
                    return holder
                if holder.pos_ in {"NOUN", "PROPN"} and holder.i != node.i:
                    node = holder  # "agreement ... during talks": the talks share the agreement's verb
                    continue
            return None
        return None

    def _lasting(self, reading, token, verb):
        """A day and a length ("arrived on Tuesday for a two-day visit"): the event lasts from
        that day for that many days."""
        if reading.granularity != "day" or not reading.resolved or reading.end != reading.start:
            return reading
        nouns = [token] if token.pos_ == "NOUN" else []
        nouns += [o for p in (verb or token).children if p.dep_ == "prep" for o in p.children
                  if o.dep_ == "pobj" and self.lexicon.entries(o.lemma_, "NOUN")]
        for noun in nouns:
            for mention in self.doc.dates:
                if mention.type != DURATION or not re.fullmatch(r"P\d+D", mention.timex):
                    continue
                root = _root_of(self.parsed, mention.start - self.base, mention.end - self.base)
                if root is None or root.head.i != noun.i:
                    continue
                days = int(mention.timex[1:-1])
                if 1 < days <= 14:
                    end = reading.start + datetime.timedelta(days=days - 1)
                    return DateReading(reading.start, end, "day", reading.timex, reading.certainty, reading.text,
                                       f"{reading.explanation}, for {days} days ('{mention.text}')",
                                       reading.expression_start, reading.expression_end)
        return reading

    def _under_way(self, token, verb):
        """A present progressive ("is visiting") or a present participle modifying its subject
        ("ministers meeting in the capital"): under way as the report is written."""
        node = verb or token
        if node.tag_ != "VBG":
            return False
        auxiliaries = {a.lower_ for a in _aux(node)}
        if auxiliaries & {"is", "are", "'s", "'re", "am"}:
            return True
        return node.dep_ == "acl" and not auxiliaries and node.head.pos_ in {"NOUN", "PROPN"}

    def _setting(self, token, verb):
        """Whether a noun trigger is the setting of its clause ("at the summit", "on the sidelines
        of the summit", "during the visit") rather than what the clause does."""
        if token.pos_ not in {"NOUN", "PROPN"} or verb is None:
            return False
        node = token
        for _ in range(6):
            if node.i == verb.i or node.head.i == node.i:
                return False
            if node.dep_ == "prep":
                if node.lower_ in {"at", "during", "ahead", "before", "after"} and node.head.i == verb.i:
                    return True
                if node.lower_ == "of" and node.head.lower_ in {"sidelines", "margins", "eve", "side"}:
                    return True
            elif node.dep_ not in {"pobj", "compound", "nmod", "conj", "appos"}:
                return False
            node = node.head
        return False

    def _attached_by_preposition(self, token, verb):
        """Whether a noun trigger reaches its verb through a preposition ("in a telephone call
        with Chirac", "during talks"): then the verb's subject took part in it."""
        node = token
        while node.i != verb.i and node.head.i != node.i:
            if node.dep_ == "pobj":
                return True
            node = node.head
        return False

    def _status(self, token, verb):
        """Occurred or planned; raises ``Rejected`` when the text does not tell of an event that
        took place or is to take place: negated, hoped for, offered, speculated about,
        conditional. Sets ``self.explicit`` when the grammar says so, rather than by default."""
        words = self.lexicon
        status = OCCURRED
        self.explicit = False
        objects = [c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}]
        for node in filter(None, (token, verb, *objects)):
            if any(c.dep_ == "neg" for c in node.children):
                raise Rejected("negated")
            if any(c.dep_ == "det" and c.lower_ in {"no", "neither"} for c in node.children):
                raise Rejected("negated")
        if token.dep_ == "pcomp" and token.head.lower_ == "without":
            raise Rejected("negated (without)")  # "ended the talks without signing an agreement"
        if token.pos_ in {"NOUN", "PROPN"} and token.dep_ == "pobj" and token.head.lower_ == "of" and \
                _in(token.head.head, words["hypothetical"]):
            raise Rejected(f"only a {token.head.head.lower_}")  # "the possibility of a meeting"
        if token.pos_ in {"NOUN", "PROPN"}:
            modifiers = {c.lower_ for c in token.children if c.dep_ in {"amod", "compound", "nmod", "npadvmod"}}
            if modifiers & words["planned_modifiers"]:
                status = PLANNED
            if token.head.lower_ == "without" or any(c.lower_ == "without" for c in token.ancestors if c.dep_ == "prep"
                                                     and c.i < token.i and c.head.i == (verb or token).i):
                raise Rejected("negated (without)")
        for node in filter(None, (token, verb)):
            if any(c.dep_ == "advmod" and c.lower_ in words["hedges"] for c in node.children):
                raise Rejected("a guess")  # "bin Laden had probably gone to Pakistan"
        if token.pos_ in {"NOUN", "PROPN"} and verb is not None and token.dep_ == "dobj" \
                and _in(verb, words["unreal"]) and not _in(verb, words["light"] | words["planning"]) \
                and not _in(verb, words["addressing"]):
            raise Rejected(f"only {verb.lower_}")  # "called for talks", "to facilitate a dialogue"
        if token.pos_ in {"NOUN", "PROPN"} and verb is not None and token.dep_ in {"nsubjpass", "dobj", "nsubj"} \
                and _in(verb, _SCHEDULING):
            status = PLANNED  # "a meeting has been arranged", "they scheduled talks"
        if token.pos_ in {"NOUN", "PROPN"} and verb is not None and token.dep_ in {"nsubj", "nsubjpass"} and \
                not _in(verb, self.lexicon["light"] | _SCHEDULING) and not self.lexicon.entries(verb.lemma_, verb.pos_):
            # "Hungary's accession would be detrimental", "the talks were useful": what is said of
            # an event does not tell whether it happened
            return status
        node = verb or token
        for _ in range(6):
            auxiliaries = {a.lower_ for a in _aux(node)}
            if auxiliaries & _MODALS_UNREAL:
                raise Rejected(f"speculation ({', '.join(sorted(auxiliaries & _MODALS_UNREAL))})")
            if any(c.dep_ == "mark" and c.lower_ in _CONDITIONAL for c in node.children):
                raise Rejected("conditional")
            if any(c.dep_ == "neg" for c in node.children):
                raise Rejected("negated")
            if node.dep_ == "pcomp" and node.head.dep_ == "prep" and _in(node.head.head, words["preventing"]):
                raise Rejected(f"only {node.head.head.lower_}")  # "barred the envoy from going to Geneva"
            if node.dep_ == "pcomp" and node.head.dep_ == "prep" and _in(node.head.head, _AGREEING):
                self.explicit = True  # "agreed on conducting joint exercises": still to be done
                return PLANNED
            if node.tag_ in {"VBZ", "VBP"} and any(c.dep_ in {"mark", "advmod"} and c.lower_ in _TEMPORAL_MARKS
                                                   for c in node.children):
                self.explicit = True
                return PLANNED  # "until Annan visits Baghdad": the present of a time clause is still to come
            if auxiliaries & _MODALS_FUTURE or "would" in auxiliaries:
                if "would" in auxiliaries and "have" in auxiliaries:
                    raise Rejected("counterfactual")  # "would have visited": it did not happen
                if node.dep_ == "ccomp" and _in(node.head, words["unreal"]) and not _in(node.head, words["reporting"]):
                    raise Rejected(f"only {node.head.lower_}")  # "hoped China would agree to talks"
                self.explicit = True
                return PLANNED
            dep, head = node.dep_, node.head
            infinitive = node.tag_ == "VB" and "to" in auxiliaries
            if dep == "xcomp" or (dep in {"ccomp", "advcl", "acl"} and infinitive):
                if _in(head, words["planning"]) or head.lower_ in words["planning"]:
                    if any(c.dep_ == "neg" for c in head.children):
                        raise Rejected("negated")
                    # "was supposed to visit", "was to have visited": it did not happen as planned
                    if head.lower_ == "supposed" or "have" in auxiliaries:
                        raise Rejected("counterfactual")
                    status = PLANNED
                    self.explicit = True
                    node = head
                    continue
                if _in(head, words["unreal"]):
                    raise Rejected(f"only {head.lower_}")
                if dep == "acl" and head.pos_ == "NOUN":
                    # "an invitation to visit", "plans to meet", "efforts to hold talks": not done yet
                    if head.lemma_.lower() in {"plan", "invitation", "agreement", "decision", "schedule", "arrangement"}:
                        return PLANNED
                    raise Rejected(f"only {head.lower_}")
                node = head  # "flew to Beijing to meet Jiang": the purpose shares the journey's time
                continue
            if dep == "ccomp" and _in(head, words["unreal"]) and not _in(head, words["reporting"]):
                raise Rejected(f"only {head.lower_}")  # "hoped that they would meet"
            if dep == "conj" and not auxiliaries and node.tag_ == "VB":
                node = head  # "will fly to Cairo and meet Mubarak": the first verb's auxiliary counts
                continue
            if dep == "acl" and node.tag_ == "VBN" and node.lower_ in {"planned", "scheduled", "proposed", "expected"}:
                self.explicit = True
                return PLANNED
            break
        # a tensed verb tells; a bare form ("to make it happen") or no verb at all does not
        self.explicit = self.explicit or node.tag_ in {"VBD", "VBN", "VBZ", "VBP"} or status == PLANNED
        return status

    def _habitual(self, token, verb):
        """ "The two countries meet regularly", "visits by foreign leaders": no single event."""
        for node in filter(None, (token, verb)):
            if any(c.dep_ == "advmod" and c.lower_ in self.lexicon["habitual"] for c in node.children):
                return True
        if token.tag_ == "NNS" and token.lower_ not in _PLURAL_EVENTS:
            # plural "visits", "meetings" with nothing that picks some out: "high-level visits"
            determiners = {c.lower_ for c in token.children if c.dep_ in {"det", "poss", "nummod"}}
            if not determiners - {"all", "many", "several", "some", "such", "frequent", "regular"} and not any(
                    c.dep_ == "prep" and c.lower_ in {"with", "between"} for c in token.children):
                return True
        if verb is not None and verb.tag_ in {"VBZ", "VBP"} and not _aux(verb):
            subjects = [c for c in verb.children if c.dep_ == "nsubj"]
            if subjects and all(s.tag_ == "NNS" and not any(c.lower_ in {"two", "both"} for c in s.children)
                                for s in subjects):
                return True  # "ministers meet": a generic statement
        return False

    def _travels(self, token, verb, entry):
        """A visit is made by people (or their country), not by ships, forces or goods."""
        node = verb or token
        if entry.visitor == "object" and node.i == token.i:
            passive = any(c.dep_ == "auxpass" for c in node.children)
            travellers = [c for c in node.children if c.dep_ == ("nsubjpass" if passive else "dobj")]
        else:
            travellers = [c for c in node.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if token.pos_ == "NOUN":
            travellers += [c for c in token.children if c.dep_ == "poss"]
            travellers += [o for p in token.children if p.dep_ == "prep" and p.lower_ == "by" for o in p.children]
        if any(c.lower_ in self.lexicon["ship_prefixes"] for t in travellers for c in t.subtree):
            return False  # "The USS Kitty Hawk arrived in Hong Kong"
        return not any(_in(t, self.lexicon["not_travellers"]) and t.ent_type_ != "PERSON" for t in travellers)

    def _political(self, actor):
        """True for a state, a government, an international body or an official; False for a
        company or a private person by their title; None when the text does not tell."""
        words = self.lexicon
        if actor.kind == COUNTRY:
            return True
        name = actor.key.lower()
        if actor.kind == ORGANISATION:
            if self.cast.registry.lookup(actor.key) is not None:
                return True
            tokens = set(re.findall(r"[a-z.]+", name))
            if tokens & words["companies"]:
                return False
            return True if tokens & words["political_organisations"] else None
        record = self.cast.registry.lookup(actor.key)
        if record is not None and record.kind == PERSON:
            return True
        if not actor.title:
            # "Milosevic agreed": the report may have given the title before, in a sentence not read yet
            actor = self.cast.titled(actor, self.sentence.start) or actor
        title = (actor.title or "").lower()
        if any(word in title for word in words["private_titles"]):
            return False
        if any(re.search(rf"\b{re.escape(word)}", title) for word in words["political_titles"]):
            return True
        return None

    def _international_name(self, token):
        span = _entity_span(token)
        actor = self.cast.organisation(span.text if span is not None else token.text)
        return actor is not None and self._international(actor)

    def _international(self, actor):
        """An international body: a meeting of its own is a diplomatic event (an OAU council)."""
        if actor.kind != ORGANISATION:
            return False
        record = self.cast.registry.lookup(actor.key)
        if record is not None:
            return record.kind == ORGANISATION and record.key not in {"Taliban"} and "company" not in record.role
        return bool(re.search(r"\b(?:Nations|Organi[sz]ation of|Union|Alliance|Security Council|Commonwealth|"
                              r"Conference on|Community|Troika|Quartet|Contact Group)\b", actor.key))

    def _domestic(self, subjects, partners, place):
        """Every side from one country, in that country: a cabinet or party meeting. A body with
        no country of its own ("the Cabinet") belongs to the others' when it is on their side."""
        actors = _unique(subjects + partners)
        if partners and any(not a.country for a in actors):
            return False  # "the Federal Government is negotiating with the United States"
        countries = {a.country for a in actors if a.country}
        if any(not a.country and a.kind != ORGANISATION for a in actors) or len(countries) != 1:
            return False
        return place is None or not place.country or place.country in countries

    def _partner_tokens(self, token, verb):
        node = verb or token
        found = [c for c in node.children if c.dep_ == "dobj"]
        return found + self._with_objects(node)

    def _not_partner(self, token):
        return token.pos_ == "NOUN" and _in(token, self.lexicon["not_partners"]) and not token.ent_type_

    def _plural_participants(self, token, verb):
        node = verb or token
        subjects = [c for c in node.children if c.dep_ == "nsubj"]
        return any(s.tag_ in {"NNS", "NNPS"} or any(c.dep_ == "conj" for c in s.children) for s in subjects)

    # -- arguments -------------------------------------------------------------------------

    def _with_objects(self, node, prepositions=frozenset({"with", "between", "among"})):
        """Objects of "with", "between" in a phrase hanging off ``node``, not in a clause of its own:
        "spoke by telephone with Primakov", "a meeting with the king"."""
        found, stack = [], [c for c in node.children if c.dep_ in _PHRASAL]
        while stack:
            child = stack.pop()
            if child.dep_ == "prep" and child.lower_ in prepositions:
                found += [o for o in child.children if o.dep_ == "pobj"]
                # "talks with visiting Iraqi Foreign Minister X": parsed as "with visiting" + object
                found += [o for p in child.children if p.dep_ == "pcomp" and p.tag_ == "VBG" for o in p.children
                          if o.dep_ == "dobj"]
                continue
            if child.dep_ in {"prep", "agent", "pobj", "npadvmod", "prt", "dobj"}:
                # "discussed the ceasefire with the president": "with" may hang from the object
                stack += [c for c in child.children if c.dep_ in _PHRASAL]
        return found

    def _actors(self, token):
        """The actors of a noun phrase and of the phrases joined to it by "and"."""
        start = self.base + token.idx
        told = self.story.by_trigger.get(start)
        if told is not None:
            # "the meeting between Kerry and Lavrov produced an agreement": the meeting's people
            return [Actor(a.key, a.kind, a.country, a.title) for a in told.actors]
        found = []
        for head in [token, *_conjuncts(token)]:
            if _in(head, self.lexicon["pair_nouns"]) and _pair(head) or (head.lower_ in _GROUP_PRONOUNS and head.pos_ == "PRON"):
                countries = _in(head, {"country", "nation", "state", "government", "side"})
                found += self.story.last_parties(self.cast.registry) if countries else self.story.last_people()
                self.borrowed = self.story.last_pair_event
                continue
            owners = self._owners(head)
            if len(owners) > 1:
                found += owners  # "Israeli and Palestinian officials", "Afghan and British officials"
                continue
            actor = self._actor(head)
            if actor is None:
                # "the Clinton-Yeltsin summit", "U.S. Secretary of State Madeleine Albright": a name inside
                inner = [t for t in head.subtree if t.ent_type_ == "PERSON" and t.dep_ != "poss"]
                if inner:
                    actor = self._actor(inner[-1])
            if actor is not None:
                found.append(actor)
        # people named inside the phrase however it was parsed: "Prime Minister Imran Khan and
        # Army Chief Gen Bajwa" (one name may hang from the other), "the three foreign ministers,
        # Geremek of Poland, Martonyi of Hungary and Kavan", not inside a clause of its own
        inside = _phrase_tokens(token, of=True)
        for mention in self.doc.actors:
            if mention.kind == PERSON and mention.via in {"title", "registry"} and any(
                    self.base + t.idx <= mention.start < self.base + t.idx + len(t.text) + 1
                    for t in inside):
                found.append(Actor(mention.key, mention.kind, mention.country, mention.role))
        if not found:
            # "the approval process of EU enlargement": a known body named inside the phrase
            for mention in self.doc.actors:
                if mention.kind == ORGANISATION and mention.via == "registry" and any(
                        self.base + t.idx <= mention.start < self.base + t.idx + len(t.text) + 1
                        for t in inside):
                    found.append(Actor(mention.key, mention.kind, mention.country, mention.role))
        heads = {span.root.i for t in inside if t.ent_type_ == "PERSON" for span in [_entity_span(t)] if span is not None}
        for t in inside:
            if t.i in heads and t.i != token.i:
                actor = self._actor(t)
                if actor is not None:
                    found.append(actor)
        return _unique(found)

    def _owners(self, token):
        """The countries a collective noun's adjectives name: "Israeli and Palestinian officials"."""
        if token.pos_ != "NOUN" or not _in(token, self.lexicon["collective"]):
            return []
        adjectives = [c for c in token.children if c.ent_type_ in {"NORP", "GPE", "ORG"} and c.dep_ in {"amod", "compound", "nmod"}]
        # "the foreign ministers of Latvia and Lithuania", "troops from Ukraine, Poland and the United States"
        adjectives += [o for p in token.children if p.dep_ == "prep" and p.lower_ in {"of", "from"} for o in p.children
                       if o.dep_ == "pobj" and o.ent_type_ in {"GPE", "NORP", "ORG"}]
        adjectives += [c for a in adjectives for c in _conjuncts(a) if c.ent_type_ in {"NORP", "GPE", "ORG"}]
        found = []
        for adjective in adjectives:
            name = _entity_span(adjective).text if _entity_span(adjective) is not None else adjective.text
            if adjective.ent_type_ == "ORG":
                body = self.cast.organisation(name)
                # "Chinese and ASEAN officials", "the ministers of the Contact Group": the body itself
                found.append(body if body is not None and (self._international(body) or body.kind == COUNTRY) else None)
            else:
                found.append(self.cast.country(name))
        return _unique(found)

    def _actor(self, token):
        """The actor a noun phrase headed by ``token`` stands for, or None."""
        start = self.base + token.idx
        if token.pos_ == "PROPN":
            known = _known_mention(self.doc, start, start + len(token.text))
            if known is not None:
                if known.kind == PERSON and known.via == "short form":
                    return self.cast.person(known.key, start)
                return Actor(known.key, known.kind, known.country, known.role)
        entity = token.ent_type_
        if entity in {"", "ORG"} and token.pos_ == "PROPN" and token.dep_ == "conj" and token.head.ent_type_ == "PERSON" \
                and (entity == "" or len(_entity_span(token)) == 1) and token.text[:1].isupper() \
                and self.cast.country(token.text) is None and self.cast.registry.lookup(token.text) is None:
            entity = "PERSON"  # "Putin and Yanukovych met": a name joined to a person's is a person's
        if entity == "" and token.pos_ == "PROPN" and token.text[:1].isupper():
            person = self.cast.known_person(token.text, start, read=True)
            if person is not None:
                return person  # "the Ford-Suharto meeting" with "Suharto" left untagged: the person named before
        if entity == "PERSON" and self.cast.known_person(token.text, start) is None and \
                _entity_span(token) is not None and len(_entity_span(token)) == 1:
            place = self.cast.country(token.text)
            if place is not None:
                return place  # "a trip to Yerevan" with Yerevan tagged as a person
        if entity == "PERSON":
            title, country = title_of(token, self.cast) if token.ent_type_ == "PERSON" else ("", "")
            of = next((o for p in token.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
                       if o.ent_type_ in {"GPE", "NORP"}), None)
            if of is not None and not country:
                found = self.cast.country(_entity_span(of).text if _entity_span(of) is not None else of.text)
                country = found.country if found is not None else ""
            return self.cast.person(full_name(token), start, title=title, country=country)
        if entity == "ORG":
            span = _entity_span(token)
            person = self.cast.known_person(_name_text(span) if span is not None else token.text, start)
            if person is not None:
                return person  # "Lavrov's meeting" tagged as an organisation: the person named before
            if span is not None and any(self.lexicon.entries(t.lemma_, "NOUN") for t in span):
                # "the SCO Heads of Government Summit" names the event: its organisation is the actor
                for t in span:
                    found = self.cast.organisation(t.text)
                    if found is not None and self.cast.registry.lookup(t.text) is not None:
                        return found
                return None
            return self.cast.organisation(span.text if span is not None else token.text, start,
                                          self.lexicon.organisation_roles)
        if entity in {"GPE", "NORP"} or (entity == "LOC" and token.pos_ == "PROPN"):
            span = _entity_span(token)
            return self.cast.country(span.text if span is not None else token.text)
        if token.lower_ in {"it", "its"} and token.pos_ == "PRON":
            return self.cast.last_body(start)  # "Last month it hosted talks": the country or body just named
        if token.lower_ in _PRONOUNS and token.pos_ == "PRON":
            reporter = self._reporter(token)
            return reporter if reporter is not None else self.cast.pronoun(start)
        if token.pos_ in {"NOUN", "PROPN"} and _in(token, self.lexicon["person_roles"]) and token.tag_ != "NNS":
            # (not "NATO defence ministers": many people are no one person named before)
            compound = next((c for c in token.children if c.dep_ == "compound" and c.ent_type_ == "PERSON"), None)
            if compound is not None:
                return self._actor(compound)
            adjective = next((c.text for c in token.children if c.ent_type_ in {"NORP", "GPE"}), "")
            owner = next((c for c in token.children if c.dep_ == "poss" and c.ent_type_ in {"GPE", "NORP"}), None)
            if owner is not None and not adjective:
                adjective = owner.text  # "Pakistan's prime minister"
            # "the Secretary of State", "the Russian foreign minister": the whole title
            phrase = " ".join(t.text for t in token.subtree if t.dep_ not in {"det", "poss", "punct"}
                              and t.ent_type_ not in {"NORP"} and not t.dep_ == "relcl")
            found = self.cast.role(phrase.lower(), start, adjective)
            if found is not None:
                return found
            if adjective and not _in(token, self.lexicon["collective"]):
                return self.cast.country(adjective)  # "his Turkish counterpart": at least the country
        if token.pos_ == "NOUN" and token.tag_ == "NN" and not token.ent_type_ and any(
                c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in token.children) and \
                not _in(token, self.lexicon["collective"] | self.lexicon["person_roles"]):
            found = self.cast.described(token.lower_, start)
            if found is not None:
                return found  # "the envoy" for "the country's envoy Maria Lopez"
        if token.pos_ == "NOUN" and _in(token, self.lexicon["collective"]):
            owner = next((c for c in token.children if c.ent_type_ in {"NORP", "GPE"} and c.dep_ in
                          {"amod", "compound", "poss", "nmod"}), None)
            if owner is not None and not any(c.ent_type_ == "PERSON" for c in token.children):
                # "Afghan factions", "Indian authorities", "Iraq's government": the country acting
                span = _entity_span(owner)
                found = self.cast.country(span.text if span is not None else owner.text)
                if found is not None:
                    return found
            owners = self._owners(token)
            if owners:
                return owners[0]  # "troops from Ukraine", "the foreign ministers of the Contact Group"
            members = [w for p in token.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
                       if o.dep_ == "pobj" for w in [o, *(c for c in o.children if c.dep_ == "compound")]
                       if _in(w, self.lexicon["member_nouns"]) or w.lower_.startswith("member")]
            if members:
                # "foreign ministers of member states": the organisation named before
                found = self.cast.last_organisation(start)
                if found is not None:
                    return found
        if token.pos_ == "NOUN" and any(token.lower_.endswith(noun) for noun in self.lexicon.organisation_roles):
            phrase = " ".join(t.text for t in token.subtree if t.i <= token.i and t.dep_ != "det")
            return self.cast.organisation(phrase, start, self.lexicon.organisation_roles)
        return None

    def _agentive(self, token):
        """Someone to meet, receive or call on: a named person, body or country, a pronoun, an
        office ("the president"), or a name the Doc's actors know."""
        if _agentive(token):
            return True
        start = self.base + token.idx
        return token.pos_ == "PROPN" and _known_mention(self.doc, start, start + len(token.text)) is not None

    def _agentless_passive(self, token, verb):
        node = verb or token
        return any(c.dep_ == "auxpass" for c in node.children) and not any(c.dep_ == "agent" for c in node.children)

    def _reporter(self, token):
        """The person who says what a clause reports: in "the minister said he would visit
        Moscow", "he" is most likely the minister."""
        node = token
        for _ in range(6):
            if node.head.i == node.i:
                return None
            if node.dep_ == "ccomp" and _in(node.head, self.lexicon["reporting"]):
                speakers = [c for c in node.head.children if c.dep_ == "nsubj"]
                for speaker in speakers:
                    if speaker.lower_ in _PRONOUNS:
                        return None
                    actor = self._actor(speaker)
                    if actor is not None and actor.kind == PERSON:
                        return actor
                return None
            node = node.head
        return None

    def _arguments(self, token, verb, event_type, entry):
        """(subjects, partners, destination place, place) of a trigger, from the tree."""
        subjects, partners = [], []
        destination = place = None
        clause = verb or token
        subject_tokens = [c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i != token.i]
        if clause.i != token.i and not self._attached_by_preposition(token, clause) and \
                not _in(clause, self.lexicon["light"]) and event_type not in {CANCELLATION, AGREEMENT} and \
                not (token.dep_ in {"dobj", "dative"} and _in(clause, self.lexicon["addressing"])):
            # "the Palestinians called the meeting a failure": who speaks of an event is not in it
            # (but "told a meeting of NATO ministers", "addressed the summit": who spoke was there)
            subject_tokens = []
        elif clause.i != token.i and clause.dep_ == "ccomp" and _in(clause.head, self.lexicon["reporting"]) and any(
                p.dep_ == "prep" and p.head.i == clause.i and clause.head.i < clause.i < p.i
                and p.doc[p.i - 1].text == ","
                for p in token.ancestors if p.i < token.i):
            # "Chirac said Arafat remains the only partner, in separate calls with Sharon and Arafat":
            # the phrase set off by a comma tells how the speaker said it
            subject_tokens = [c for c in clause.head.children if c.dep_ in {"nsubj", "nsubjpass"}]
        elif any(s.lower_ in {"who", "which", "that"} for s in subject_tokens) or (clause.dep_ == "relcl" and not subject_tokens):
            subject_tokens = [clause.head]  # "Annan, who arrived on Friday": the noun the clause describes
        else:
            inherit = clause
            # "agreed to meet", "flew to Cairo and met", "accused Arafat ... in a call with Chirac": the subject above
            for _ in range(5):
                if subject_tokens or inherit.head.i == inherit.i or inherit.dep_ not in {"xcomp", "conj", "advcl", "pcomp",
                                                                                     "acomp", "attr",
                                                                                     "prep", "pobj", "acl"}:
                    break
                if inherit.dep_ == "acl" and inherit.head.pos_ in {"NOUN", "PROPN"} and inherit.tag_ in {"VBG", "VBN"}:
                    subject_tokens = [inherit.head]  # "ministers meeting in the capital"
                    break
                if inherit.dep_ == "acl" and inherit.head.pos_ in {"NOUN", "PROPN"}:
                    # "made the decision to travel": who made it; "his plan to visit": his
                    owner = [c for c in inherit.head.children if c.dep_ == "poss"]
                    if owner:
                        subject_tokens = owner
                        break
                    inherit = inherit.head
                inherit = inherit.head
                # "Putin is expected to pay a visit": the passive subject of the verb above too
                subject_tokens = [c for c in inherit.children if c.dep_ in {"nsubj", "nsubjpass"}]
        passive = any(c.dep_ == "auxpass" for c in clause.children)
        agents = [o for c in clause.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"
                  and not o.lemma_.lower() in {"telephone", "phone"}]
        if entry.visitor == "object" and clause.i == token.i:
            # "Powell sent Zinni to the region", "Zinni was sent to the region": the one sent travels
            visitors = [c for c in clause.children if c.dep_ == ("nsubjpass" if passive else "dobj")]
            subjects += [a for t in visitors for a in self._actors(t)]
        elif passive and event_type != CANCELLATION:
            partners += [a for t in subject_tokens for a in self._actors(t)]  # "Annan was received by the king"
            subjects += [a for t in agents for a in self._actors(t)]
        elif passive:
            subjects += [a for t in agents for a in self._actors(t)]
        else:
            subjects += [a for t in subject_tokens for a in self._actors(t)]
        for subject_token, actor in zip(subject_tokens, subjects):
            if actor.kind == PERSON:
                self.cast.see(actor, self.base + subject_token.idx, actor.key, subject=True)
        # the event noun's own arguments: "his visit", "Albright's trip", "a visit by the Pope"
        nouns = [token]
        if token.dep_ == "compound" and token.head.pos_ == "NOUN":
            nouns.append(token.head)  # "the approval process of EU enlargement"
        if event_type in {CANCELLATION, AGREEMENT}:
            nouns += [c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}]
            nouns += [o for p in token.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
                      if o.dep_ == "pobj"]
        for noun in nouns:
            if noun.pos_ not in {"NOUN", "PROPN"}:
                continue
            for child in noun.children:
                if child.dep_ == "poss" or (child.dep_ in {"compound", "amod", "nmod"} and child.i < noun.i
                                             and (child.ent_type_ in _AGENTIVE_ENTITIES or child.pos_ == "PROPN")):
                    subjects += self._actors(child)  # "Lavrov's visit", "the Qureshi-Lavrov talks"
                    if any(c.tag_ == "HYPH" for c in child.children):
                        # "the Ford-Suharto meeting" parsed as one name hanging from the other
                        subjects += [a for c in child.children if c.dep_ == "compound" and c.i < child.i
                                     for a in self._actors(c)]
                elif child.dep_ == "amod" and child.tag_ == "VBN" and _in(child, self.lexicon["hosting"]):
                    # "the US-hosted meeting", "UN-sponsored talks": who hosts it takes part
                    subjects += [a for h in child.children if h.dep_ in {"npadvmod", "compound", "nmod", "nsubj"}
                                 and (h.ent_type_ in _AGENTIVE_ENTITIES or h.pos_ == "PROPN") for a in self._actors(h)]
                elif child.dep_ in {"prep", "agent"} and child.lower_ in {"by", "of"} and (
                        noun.i in {token.i, token.head.i} or event_type == CANCELLATION):
                    subjects += [a for o in child.children if o.dep_ == "pobj" for a in self._actors(o)]
        prepositions = {"with", "between", "among"} | ({"to"} if event_type == TALKS and "to" in entry.prep else set())
        partners += [a for o in self._with_objects(clause, prepositions) for a in self._actors(o)]
        if clause.i != token.i:
            partners += [a for o in self._with_objects(token) for a in self._actors(o)]
        if event_type == VISIT:
            # "a visit to King Hussein", "an emergency visit to both Sharon and Arafat": the hosts
            hosts = [o for p in token.children if p.dep_ == "prep" and p.lower_ == "to" for o in p.children
                     if o.dep_ == "pobj" and o.ent_type_ == "PERSON" or (o.dep_ == "pobj" and _in(o, _ROLE_NOUNS))]
            partners += [a for o in hosts for a in self._actors(o)]
        for child in clause.children:
            if child.dep_ in {"dobj", "dative"} and child.i != token.i and event_type in {MEETING, TALKS, VISIT}:
                found = _place_of(child, self.cast)
                if event_type == VISIT and found is not None and (
                        child.ent_type_ != "PERSON" or self.cast.known_person(child.text, self.sentence.start) is None):
                    destination = found  # "visited Yerevan", even with Yerevan tagged as a person
                elif self._agentive(child):
                    partners += self._actors(child)
        destination, place = self._places(token, clause, event_type, entry, destination)
        if token.pos_ in {"NOUN", "PROPN"} and place is None:
            for child in token.children:
                found = _place_of(child, self.cast) if child.dep_ in {"compound", "nmod", "amod"} else None
                if found is not None and found.kind == "city":
                    place = found  # "their Astana meeting", "the Bonn talks"
                    subjects = [a for a in subjects if a.kind != COUNTRY or a.country != found.country
                                or a.key in {x.key for x in partners}]
                    break
        if event_type == SUMMIT:
            # "on the sidelines of the Shanghai Cooperation Organisation (SCO) Council of Heads of States summit"
            top = _noun_chain(token, verb)[-1]
            first, last = self.base + min(t.idx for t in top.subtree), \
                self.base + max(t.idx + len(t.text) for t in top.subtree)
            subjects += [Actor(m.key, m.kind, m.country, m.role) for m in self.doc.actors
                         if m.kind == ORGANISATION and m.via == "registry" and first <= m.start < last]
            subjects = _unique(subjects)
        if event_type == SUMMIT and any(a.kind == ORGANISATION and self.cast.registry.lookup(a.key) for a in subjects):
            # "the SCO Council of Heads of States summit": the Council is the summit, SCO the actor
            subjects = [a for a in subjects if a.kind != ORGANISATION or self.cast.registry.lookup(a.key)]
        if event_type == VISIT and destination is not None:
            host = self.cast.registry.country_by_code(destination.country)
            subjects = [s for s in subjects if not (s.kind == COUNTRY and host is not None and s.key == host.key)]
        return _unique(subjects), _unique(partners), destination, place

    def _places(self, token, clause, event_type, entry, destination):
        """Where to (a visit's destination) and where: "to Baghdad", "in Cairo", "at the U.N."."""
        place = None
        holders = [clause] if clause.i == token.i else [clause, token]
        if event_type == CANCELLATION:
            # "a planned trip by Fidan to Yerevan was postponed": where the cancelled trip was going
            holders += [c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}]
        for holder in holders:
            stack = [c for c in holder.children if c.dep_ in _PHRASAL]
            while stack:
                child = stack.pop()
                if child.dep_ in {"prep", "dative"}:
                    objects = [o for o in child.children if o.dep_ == "pobj"]
                    objects += [a for o in objects for a in o.children if a.dep_ == "appos"]
                    for obj in objects:
                        found = _place_of(obj, self.cast)
                        if found is None:
                            stack += [c for c in obj.children if c.dep_ in _PHRASAL]
                            continue
                        preposition = child.lower_
                        direct = child.head.i == holder.i
                        if event_type in {VISIT, CANCELLATION} and direct and (
                                preposition in entry.prep or preposition in {"to", "in", "at"}):
                            destination = destination or found
                        elif preposition in {"in", "at", "outside", "near"} and place is None:
                            place = found
                elif child.dep_ in {"pobj", "npadvmod", "appos", "conj", "dobj"}:
                    stack += [c for c in child.children if c.dep_ in _PHRASAL]  # "met Cook in Nairobi"
        return destination, place

    # -- dates -----------------------------------------------------------------------------

    def _date(self, token, verb, status):
        """The date expression attached to the trigger's clause by the tree."""
        doc, sentence = self.doc, self.sentence
        mentions = [m for m in doc.dates if m.type in {DATE, TIME} and sentence.start <= m.start < sentence.end
                    and m.timex != "PRESENT_REF"
                    and not (m.timex in {"PAST_REF", "FUTURE_REF"} and m.start_date is None and doc.published)]
        targets = {t.i for t in filter(None, (token, verb))}
        node = verb or token
        for _ in range(3):
            # "voted on Thursday to ratify", "ended on Friday with the two signing": the verb above
            infinitive = node.dep_ == "advcl" and any(a.lower_ == "to" for a in _aux(node))
            if (node.dep_ not in {"xcomp", "pcomp"} and not infinitive) or node.head.i == node.i:
                break
            node = node.head if node.dep_ in {"xcomp", "advcl"} else node.head.head
            if node.pos_ in {"VERB", "AUX"} and not _in(node, self.lexicon["reporting"] | self.lexicon["planning"]):
                targets.add(node.i)
        if token.pos_ in {"NOUN", "PROPN"}:
            # "the summit, which concluded a day earlier", "the visit scheduled for Monday": the
            # clause that describes the event dates it, unless it reports what someone said (the
            # parse may hang "which concluded" from a noun above the event's: "the sidelines of")
            for noun in _noun_chain(token, verb):
                # ("told the meeting that the attacks of September 11 ...": what was said there does not)
                targets |= {c.i for c in noun.children if c.dep_ in {"relcl", "acl"} and not _in(c, self.lexicon["reporting"])
                            and not any(w.dep_ == "mark" for w in c.children)
                            and (noun.i == token.i or any(w.lower_ in {"which", "that"} for w in c.children))}
        best, best_distance = None, None
        for mention in mentions:
            if re.search(r"\b(?:since|until|till|through)\s+(?:the\s+)?$", doc.text[max(0, mention.start - 12):mention.start],
                         re.I):
                continue  # "the first visit since 1999" is not dated 1999
            root = _root_of(self.parsed, mention.start - self.base, mention.end - self.base)
            distance = _path_to(root, targets) if root is not None else None
            if distance is not None and (best is None or distance < best_distance):
                best, best_distance = mention, distance
        clause = verb or token
        if best is None and clause.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in {"when", "as", "while"}
                                                           for c in clause.children):
            # "Aliyev visited Ankara last March, when the two countries signed ...": the same time
            for mention in mentions:
                root = _root_of(self.parsed, mention.start - self.base, mention.end - self.base)
                if root is not None and _path_to(root, {clause.head.i}) is not None:
                    best = mention
                    break
        if best is not None:
            return self._lasting(_with_range(DateReading.from_mention(best), best, mentions, doc.text), token, verb)
        published = doc.published
        if token.pos_ == "NOUN" and any(c.lower_ in {"recent", "recently"} for c in token.children) and published:
            start = published - datetime.timedelta(days=183)
            return DateReading(start, published, "unknown", "PAST_REF", "approximate", "recent",
                               f"'recent' in a text published {published.day} {published.strftime('%B')} "
                               f"{published.year} -> some time in the months before publication (approximate)")
        if status == PLANNED:
            return DateReading.unknown("planned, and the text gives no date for it")
        return DateReading.unknown("the text gives no date for this event")


def _known_mention(doc, start, end):
    """The Doc's actor mention (a registry name, a person named with a title) over a stretch of text."""
    for mention in doc.actors:
        if mention.start < end and start < mention.end and mention.via in {"registry", "title", "short form"}:
            return mention
    return None


def _aux(verb):
    return [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]


def _agentive(token):
    """A person, an organisation or a country: someone to meet, receive or call on."""
    return token.ent_type_ in _AGENTIVE_ENTITIES or token.lower_ in _PRONOUNS | {"them"} \
        or (token.pos_ in {"NOUN", "PROPN"} and token.lemma_.lower() in _ROLE_NOUNS)


def _pair(token):
    """ "the two leaders", "both sides"."""
    return any(c.lower_ in {"two", "both", "three"} for c in token.children)


def _named(token):
    """ "the Bonn talks", "the NATO summit": an event named by a proper noun."""
    return any(c.pos_ == "PROPN" or c.ent_type_ for c in token.children if c.dep_ in {"compound", "amod", "nmod"})


def _definite(token):
    """ "the meeting", "their talks", "today's meeting": one the reader knows of."""
    return token.pos_ == "NOUN" and any(c.dep_ in {"det", "poss"} and c.lower_ in {"the", "this", "that", "their", "his",
                                                                                  "her", "its"}
                                        or (c.dep_ == "poss" and c.ent_type_ in {"DATE", "TIME"})
                                        for c in token.children)


def _unique(actors):
    seen, result = set(), []
    for actor in actors:
        if actor is not None and actor.key not in seen:
            seen.add(actor.key)
            result.append(actor)
    return result


def _place_of(token, cast):
    """The gazetteer place a noun phrase names: "Baghdad", "the Ethiopian capital"."""
    span = _entity_span(token)
    if span is not None and span.label_ in _PLACE_ENTITIES:
        name = re.sub(r"^(?:the|The)\s+", "", span.text)
        place = gazetteer().get(name)
        if place is None:
            country = cast.country(name)
            if country is not None:
                place = gazetteer().get(country.key)
        return place
    if token.pos_ == "PROPN" and (span is None or len(span) == 1):
        place = gazetteer().get(token.text)  # "to Yerevan" with Yerevan tagged as a person
        if place is not None:
            return place
    if token.lower_ == "capital":
        adjective = next((c for c in token.children if c.ent_type_ in {"NORP", "GPE"}), None)
        if adjective is not None:
            country = cast.country(adjective.text)
            if country is not None:
                return capital_of(country.country)
    return None


def _roles(event_type, subjects, partners, destination, registry):
    actors, seen = [], set()
    travels = event_type in {VISIT, CANCELLATION}
    for actors_of, role in ((subjects, "source" if travels else "participant"),
                            (partners, "target" if travels else "participant")):
        for actor in actors_of:
            if actor.key not in seen:
                seen.add(actor.key)
                actors.append(EventActor(actor.key, actor.kind, actor.country, role, actor.title))
    if destination is not None and travels:
        record = registry.country_by_code(destination.country)
        if record is not None and record.key not in seen:
            actors.append(EventActor(record.key, COUNTRY, record.country, "target", "country"))
    return actors


_RANGE_JOINER = re.compile(r"^\s*(?:-|–|—|to|and|through|until|till)\s*$")


def _with_range(reading, mention, mentions, text):
    """A day named with the next one as a span ("on 23-24 February", "April 24 and 25"): the
    event lasts from the first to the last."""
    following = [m for m in mentions if m.start >= mention.end and _RANGE_JOINER.match(text[mention.end:m.start])]
    if not following or not reading.resolved:
        return reading
    last = following[0]
    if last.granularity != mention.granularity or last.start_date is None or last.start_date <= mention.start_date \
            or (last.start_date - mention.start_date).days > 31:
        return reading
    return DateReading(reading.start, last.end_date, reading.granularity, reading.timex, reading.certainty,
                       text[mention.start:last.end],
                       f"{reading.explanation}; to {last.explanation.split(' -> ')[-1]} ('{last.text}')",
                       mention.start, last.end)


def _root_of(parsed, start, end):
    tokens = [t for t in parsed if t.idx < end and t.idx + len(t.text) > start]
    inside = {t.i for t in tokens}
    for token in tokens:
        if token.head.i not in inside or token.head.i == token.i:
            return token
    return None


def _path_to(token, targets):
    """Steps up the tree from a date to the trigger's clause, or None when the path leaves it
    through another verb's clause ("said on Friday" dates the saying)."""
    node = token
    for steps in range(8):
        if node.i in targets:
            return steps
        head = node.head
        if head.i == node.i:
            return None
        if head.pos_ in {"VERB", "AUX"} and head.i not in targets and node.dep_ not in {"aux", "auxpass"}:
            return None
        node = head
    return None


_WEEKDAY_EXPRESSION = re.compile(r"^(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", re.I)
_MONTH_EXPRESSION = re.compile(r"^(?:in\s+)?(?:January|February|March|April|May|June|July|August|September|October|"
                               r"November|December)(?:\s+\d{1,2})?$", re.I)


def _forward(date, published):
    """A planned event's weekday or month named without a year is the next one, not the last."""
    text = date.text.strip()
    before = date.explanation.split(" -> ")[0]
    if date.granularity == "day" and _WEEKDAY_EXPRESSION.match(text):
        start = date.start + datetime.timedelta(days=7)
        end = date.end + datetime.timedelta(days=7)
        if end < published:
            return date
        return DateReading(start, end, date.granularity, start.isoformat(), date.certainty, date.text,
                           f"{before} -> the coming {start.strftime('%A')}, as the event is still to come: "
                           f"{start.strftime('%A')} {start.day} {start.strftime('%B')} {start.year}",
                           date.expression_start, date.expression_end)
    if date.granularity in {"day", "month"} and _MONTH_EXPRESSION.match(text):
        try:
            start, end = date.start.replace(year=date.start.year + 1), date.end.replace(year=date.end.year + 1)
        except ValueError:
            return date
        shown = f"{start.day} {start.strftime('%B %Y')}" if date.granularity == "day" else start.strftime("%B %Y")
        return DateReading(start, end, date.granularity, f"{start.year:04d}" + date.timex[4:], date.certainty, date.text,
                           f"{before} -> the next {text}, as the event is still to come: {shown}",
                           date.expression_start, date.expression_end)
    return date
