"""The first components: the sentences worth parsing, parsed in one batch, and the triggers in
them, each a ``Reading`` of its own.

Plain Python, no Django. A cheap filter (``Lexicon.candidate``) picks the sentences with a
trigger word; spaCy parses only those. A trigger is a token whose lemma and part of speech an
entry of ``triggers.toml`` names, with what the entry requires around it in the tree.
"""

from ..types import AGREEMENT, CANCELLATION
from .reading import Clause, Reading
from .tree import governing_verb
from .words import grammar


def text_start(doc, sentence):
    """Where a sentence's words start: after its paragraph's dateline ("BAGHDAD, Iraq (AP) --"),
    which says where the report was filed, not who did what."""
    end = doc.dateline_ends.get(sentence.block)
    return end if end is not None and sentence.start < end < sentence.end else sentence.start


def parse_candidates(doc, context):
    """``doc.parses``: a ``Clause`` for each sentence with a trigger word, parsed in one batch."""
    from ...model import load

    chosen = [s for s in doc.sentences if context.lexicon.candidate(doc.sentence_text(s))]
    bases = [text_start(doc, s) for s in chosen]
    parsed = list(load().pipe([doc.text[base:s.end] for s, base in zip(chosen, bases)], batch_size=64)) if chosen else []
    doc.parses = [Clause(sentence, tokens, base) for sentence, tokens, base in zip(chosen, parsed, bases)]
    return doc


def find_triggers(doc, context):
    """``doc.readings``: one per trigger, in text order. A cancellation claims what it cancels,
    a signing what is signed: "cancelled a visit" is one event, not a visit too."""
    readings = []
    for clause in doc.parses:
        found = [r for r in (_trigger(token, clause, context) for token in clause.tokens) if r is not None]
        claimed = {}
        for reading in found:
            if reading.kind == CANCELLATION:
                claimed.update({t.i: reading.token.i for t in reading.token.subtree})
            elif reading.kind == AGREEMENT:
                # what is signed, and what it is about: "signed an agreement on Russia's accession to the WTO"
                claimed.update({t.i: reading.token.i for c in reading.token.children if c.dep_ in {"dobj", "nsubjpass"}
                                for t in c.subtree})
        heads = {r.token.i for r in found}
        readings += [r for r in found if claimed.get(r.token.i, r.token.i) == r.token.i
                     # "a summit meeting", "the visit programme": the head noun names the event
                     and not (r.token.dep_ in {"compound", "nmod"} and r.token.head.i in heads)]
    doc.readings = readings
    return doc


def _trigger(token, clause, context):
    if visiting_someone(token):
        return None  # "the visiting minister", "talks with visiting X", "met visiting X": who, not what
    for entry in context.lexicon.entries(token.lemma_, token.pos_):
        if _fits(token, entry, clause, context):
            return Reading(clause, token, entry, entry.type, governing_verb(token))
    return None


def visiting_someone(token):
    """ "visiting" said of who is met, however it was parsed: "the visiting minister", "talks with
    visiting X", "Kibaki met visiting Finnish Foreign Minister X" (read as a clause of "met")."""
    if token.lower_ != "visiting":
        return False
    if token.dep_ in {"amod", "compound"} or (token.dep_ == "pcomp" and token.head.lower_ == "with"):
        return True
    return token.dep_ in {"advcl", "xcomp", "conj"} and token.i == token.head.i + 1 and token.head.pos_ == "VERB"


def _fits(token, entry, clause, context):
    from .actors import agentive, international_name

    if entry.form and token.lower_ not in entry.form:
        return False
    if entry.particle and not any(c.dep_ == "prt" and c.lower_ == entry.particle for c in token.children):
        return False
    if entry.adverb and not any(c.dep_ == "advmod" and c.lower_ in entry.adverb for c in token.children):
        return False
    if entry.possessor and not any(c.dep_ == "poss" and c.lower_ in entry.possessor for c in token.children):
        return False
    if entry.auxiliary and not any(c.dep_ == "aux" and c.lower_ in entry.auxiliary for c in token.children):
        return False
    if entry.object and not _object_lemmas(token) & entry.object:
        return False
    if entry.not_prep and any(c.dep_ == "prep" and c.lower_ in entry.not_prep for c in token.children):
        return False  # "his call for a cease-fire with Israel" is an appeal
    if entry.object_entity and not any(c.ent_type_ in entry.object_entity and international_name(c, context)
                                       for c in token.children if c.dep_ == "dobj"):
        return False  # "joined NATO": an international body, not "joined the company"
    if entry.prep and entry.prep_person and any(c.dep_ in {"prt", "prep"} and c.lower_ in entry.prep and not any(
            o.dep_ == "pobj" for o in c.children) for c in token.children):
        # "called on Imran Khan" parsed with "on" as a particle: the person is the object
        return any(agentive(c, clause, context) for c in token.children if c.dep_ == "dobj")
    if entry.prep and not _prepositions_fit(token, entry, clause, context):
        return False
    if entry.modifier:
        modifiers = {c.lower_ for c in token.children if c.dep_ in {"amod", "compound", "nmod"}}
        modifiers |= {o.lower_ for c in token.children if c.dep_ == "prep" for o in c.children if o.dep_ == "pobj"}
        if not modifiers & entry.modifier:
            return False
    if entry.person and not any(agentive(c, clause, context) for c in token.children if c.dep_ in {"dobj", "nsubjpass"}):
        return False
    if entry.joint and not _joint(token):
        return False
    if entry.complement and not any(c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ in grammar().agreed_prepositions)
                                    or (token.pos_ == "NOUN" and c.dep_ in {"acl", "relcl"} and c.tag_ == "VB"
                                        and any(a.lower_ == "to" for a in c.children))
                                    for c in token.children):
        return False  # "agreed that ..." is an opinion, "agreed to ...", "agreed on ..." a decision
    return True


def _prepositions_fit(token, entry, clause, context):
    from .actors import agentive

    # "discussed the ceasefire with the president": the preposition may hang from the object
    holders = [token] + [c for c in token.children if c.dep_ in {"dobj", "attr"}]
    if token.pos_ == "NOUN":
        holders += [o for p in token.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"]
    holders += [d for h in holders[1:] for c in h.children if c.dep_ == "prep" for d in c.children
                if d.dep_ == "pobj"]
    preps = [c for h in holders for c in h.children if c.dep_ in {"prep", "agent", "dative"} and c.lower_ in entry.prep]
    if not preps:
        return False
    objects = [o for p in preps for o in p.children if o.dep_ == "pobj"]
    if entry.prep_object and not {o.lemma_.lower() for o in objects} & entry.prep_object:
        return False
    if entry.prep_person and not any(agentive(o, clause, context) for o in objects):
        return False
    if entry.prep_entity and not any(o.ent_type_ in entry.prep_entity for o in objects):
        return False
    return True


def _joint(token):
    """ "Putin and Obama spoke for 20 minutes": people acting together, nothing else said."""
    subjects = [c for c in token.children if c.dep_ == "nsubj"]
    if any(c.dep_ in {"dobj", "ccomp", "xcomp"} or (c.dep_ == "prep" and c.lower_ in grammar().not_joint_prepositions)
           for c in token.children):
        return False
    return any(s.ent_type_ == "PERSON" and any(c.dep_ == "conj" for c in s.children) for s in subjects)


def _object_lemmas(token):
    from .tree import conjuncts

    objects = [c for c in token.children if c.dep_ in {"dobj", "nsubjpass", "attr"}]
    objects += [o for p in token.children if p.dep_ == "prep" and p.lower_ == "on" for o in p.children
                if o.dep_ == "pobj"]
    if token.dep_ in {"acl", "relcl"}:  # "the agreement signed on Tuesday"
        objects.append(token.head)
    found = set()
    for obj in objects:
        for item in [obj, *conjuncts(obj)]:
            found.add(item.lemma_.lower())
            found |= {c.lemma_.lower() for c in item.children if c.dep_ in {"compound", "amod"}}
            # "documents of accession", "a memorandum of understanding"
            found |= {o.lemma_.lower() for p in item.children if p.dep_ == "prep" for o in p.children
                      if o.dep_ == "pobj"}
    return found
