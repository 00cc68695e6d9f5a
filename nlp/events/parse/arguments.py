"""The arguments component: who acts, with whom, where to and where, for each reading, from
the tree around its trigger ("held talks with X in Cairo", "Lavrov's visit to Islamabad", "was
received by the king").

Plain Python, no Django. What only the document can say ("the two leaders", "they") stays a
``Reference`` for the discourse stage.
"""

from ...doc import COUNTRY, ORGANISATION, PERSON
from ...entities.coreference import Actor
from ..types import AGREEMENT, CANCELLATION, MEETING, SUMMIT, TALKS, VISIT
from .actors import actors_of, agentive, place_of, unique
from .reading import Arguments, Reference
from .triggers import visiting_someone
from .tree import AGENTIVE_ENTITIES, PHRASAL, SUBJECTS, attached_by_preposition, has, noun_chain, with_objects
from .words import grammar


def read_arguments(doc, context):
    """``reading.arguments`` for every reading."""
    triggers = {reading.start for reading in doc.readings}
    for reading in doc.readings:
        reading.arguments = arguments_of(reading, context, triggers - {reading.start})
    return doc


def arguments_of(reading, context, triggers):
    token, verb, kind, entry, clause = reading.token, reading.verb, reading.kind, reading.entry, reading.clause
    head = verb or token

    def actors(t):
        return actors_of(t, clause, context, triggers)

    subject_tokens = _subject_tokens(token, head, kind, context)
    subjects, partners = _by_voice(token, head, kind, entry, subject_tokens, actors)
    for subject_token, actor in zip(subject_tokens, subjects):
        if not isinstance(actor, Reference) and actor.kind == PERSON:
            context.doc.cast.see(actor, clause.base + subject_token.idx, actor.key, subject=True)
    subjects += _own_arguments(token, kind, actors, context)
    prepositions = grammar().partner_prepositions | ({"to"} if kind == TALKS and "to" in entry.prep else set())
    partners += [a for o in with_objects(head, prepositions) for a in actors(o)]
    if head.i != token.i:
        partners += [a for o in with_objects(token) for a in actors(o)]
    if kind == VISIT:
        # "a visit to King Hussein", "an emergency visit to both Sharon and Arafat": the hosts
        hosts = [o for p in token.children if p.dep_ == "prep" and p.lower_ == "to" for o in p.children
                 if o.dep_ == "pobj" and o.ent_type_ == "PERSON" or (o.dep_ == "pobj" and has(o, context.lexicon["role_nouns"]))]
        partners += [a for o in hosts for a in actors(o)]
    destination = None
    # "Kibaki met visiting Finnish Foreign Minister X", parsed as a clause of "met": its object is met
    partners += [a for c in head.children if visiting_someone(c) for o in c.children if o.dep_ == "dobj"
                 for a in actors(o)]
    for child in head.children:
        if child.dep_ in {"dobj", "dative"} and child.i != token.i and kind in {MEETING, TALKS, VISIT}:
            found = place_of(child, context.doc.cast)
            if kind == VISIT and found is not None and (child.ent_type_ != "PERSON" or context.doc.cast.known_person(
                    child.text, clause.sentence.start) is None):
                destination = found  # "visited Yerevan", even with Yerevan tagged as a person
            elif agentive(child, clause, context):
                partners += actors(child)
    destination, place = places_of(token, head, kind, entry, destination, context)
    if kind == VISIT and destination is None and token.pos_ == "NOUN":
        # "during a Washington visit", "his China visit": the place in the visit's name
        destination = next((p for c in token.children if c.dep_ in {"compound", "nmod"} and c.i < token.i
                            for p in [place_of(c, context.doc.cast)] if p is not None), None)
    place, subjects = _named_place(token, place, subjects, partners, context)
    subjects = _organisations(token, verb, kind, subjects, clause, context)
    if kind == VISIT and destination is not None:
        host = context.registry.country_by_code(destination.country)
        subjects = [s for s in subjects if isinstance(s, Reference) or not (
            s.kind == COUNTRY and host is not None and s.key == host.key)]
    here = any(t.lower_ == "here" and t.dep_ == "advmod" for t in filter(None, (token, verb)) for t in t.children)
    return Arguments(unique(subjects), unique(partners), destination, place, here)


def _subject_tokens(token, clause, kind, context):
    """The tokens that name who acts: the clause's subject, or one inherited from the clause
    above ("agreed to meet", "flew to Cairo and met"), or the noun a relative clause describes."""
    words = context.lexicon
    subjects = [c for c in clause.children if c.dep_ in SUBJECTS and c.i != token.i]
    if clause.i != token.i and not attached_by_preposition(token, clause) and not has(clause, words["light"]) \
            and kind not in {CANCELLATION, AGREEMENT} and not (token.dep_ in {"dobj", "dative"}
                                                               and has(clause, words["addressing"])):
        # "the Palestinians called the meeting a failure": who speaks of an event is not in it
        # (but "told a meeting of NATO ministers", "addressed the summit": who spoke was there)
        return []
    if clause.i != token.i and clause.dep_ == "ccomp" and has(clause.head, words["reporting"]) and any(
            p.dep_ == "prep" and p.head.i == clause.i and clause.head.i < clause.i < p.i and p.doc[p.i - 1].text == ","
            for p in token.ancestors if p.i < token.i):
        # "Chirac said Arafat remains the only partner, in separate calls with Sharon and Arafat":
        # the phrase set off by a comma tells how the speaker said it
        return [c for c in clause.head.children if c.dep_ in SUBJECTS]
    if any(s.lower_ in grammar().relative_pronouns for s in subjects) or (clause.dep_ == "relcl" and not subjects):
        return [clause.head]  # "Annan, who arrived on Friday": the noun the clause describes
    return subjects or _inherited_subjects(clause)


def _inherited_subjects(clause):
    """ "agreed to meet", "flew to Cairo and met", "accused Arafat ... in a call with Chirac":
    the subject above; "ministers meeting in the capital": the noun; "his plan to visit": his."""
    inherit, subjects = clause, []
    for _ in range(5):
        if subjects or inherit.head.i == inherit.i or inherit.dep_ not in {
                "xcomp", "conj", "advcl", "pcomp", "acomp", "attr", "prep", "pobj", "acl"}:
            break
        if inherit.dep_ == "acl" and inherit.head.pos_ in {"NOUN", "PROPN"} and inherit.tag_ in {"VBG", "VBN"}:
            return [inherit.head]
        if inherit.dep_ == "acl" and inherit.head.pos_ in {"NOUN", "PROPN"}:
            owner = [c for c in inherit.head.children if c.dep_ == "poss"]
            if owner:
                return owner
            inherit = inherit.head
        inherit = inherit.head
        # "Putin is expected to pay a visit": the passive subject of the verb above too
        subjects = [c for c in inherit.children if c.dep_ in SUBJECTS]
    return subjects


def _by_voice(token, clause, kind, entry, subject_tokens, actors):
    """(subjects, partners) from the subject and agent, as the voice gives them: "Annan was
    received by the king", "Powell sent Zinni to the region"."""
    subjects, partners = [], []
    passive = any(c.dep_ == "auxpass" for c in clause.children)
    agents = [o for c in clause.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"
              and o.lemma_.lower() not in grammar().channels]
    if entry.visitor == "object" and clause.i == token.i:
        visitors = [c for c in clause.children if c.dep_ == ("nsubjpass" if passive else "dobj")]
        subjects += [a for t in visitors for a in actors(t)]
    elif passive and kind != CANCELLATION:
        partners += [a for t in subject_tokens for a in actors(t)]
        subjects += [a for t in agents for a in actors(t)]
    elif passive:
        subjects += [a for t in agents for a in actors(t)]
    else:
        subjects += [a for t in subject_tokens for a in actors(t)]
    return subjects, partners


def _own_arguments(token, kind, actors, context):
    """The event noun's own arguments: "his visit", "Albright's trip", "a visit by the Pope",
    "the Qureshi-Lavrov talks", "the US-hosted meeting"."""
    found = []
    nouns = [token]
    if token.dep_ == "compound" and token.head.pos_ == "NOUN":
        nouns.append(token.head)  # "the approval process of EU enlargement"
    if kind in {CANCELLATION, AGREEMENT}:
        nouns += [c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}]
        nouns += [o for p in token.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
                  if o.dep_ == "pobj"]
    for noun in nouns:
        if noun.pos_ not in {"NOUN", "PROPN"}:
            continue
        for child in noun.children:
            if child.dep_ == "poss" or (child.dep_ in {"compound", "amod", "nmod"} and child.i < noun.i
                                         and (child.ent_type_ in AGENTIVE_ENTITIES or child.pos_ == "PROPN")):
                found += actors(child)
                if any(c.tag_ == "HYPH" for c in child.children):
                    # "the Ford-Suharto meeting" parsed as one name hanging from the other
                    found += [a for c in child.children if c.dep_ == "compound" and c.i < child.i for a in actors(c)]
            elif child.dep_ == "amod" and child.tag_ == "VBN" and has(child, context.lexicon["hosting"]):
                # "the US-hosted meeting", "UN-sponsored talks": who hosts it takes part
                found += [a for h in child.children if h.dep_ in {"npadvmod", "compound", "nmod", "nsubj"}
                          and (h.ent_type_ in AGENTIVE_ENTITIES or h.pos_ == "PROPN") for a in actors(h)]
            elif child.dep_ in {"prep", "agent"} and child.lower_ in grammar().by_of and (
                    noun.i in {token.i, token.head.i} or kind == CANCELLATION):
                found += [a for o in child.children if o.dep_ == "pobj" for a in actors(o)]
    return found


def places_of(token, clause, kind, entry, destination, context):
    """Where to (a visit's destination) and where: "to Baghdad", "in Cairo", "at the U.N."."""
    place = None
    holders = [clause] if clause.i == token.i else [clause, token]
    if kind == CANCELLATION:
        # "a planned trip by Fidan to Yerevan was postponed": where the cancelled trip was going
        holders += [c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}]
    g = grammar()
    for holder in holders:
        stack = [c for c in holder.children if c.dep_ in PHRASAL]
        while stack:
            child = stack.pop()
            if child.dep_ in {"prep", "dative"}:
                objects = [o for o in child.children if o.dep_ == "pobj"]
                objects += [a for o in objects for a in o.children if a.dep_ == "appos"]
                for obj in objects:
                    found = place_of(obj, context.doc.cast)
                    if found is None:
                        stack += [c for c in obj.children if c.dep_ in PHRASAL]
                        continue
                    preposition = child.lower_
                    direct = child.head.i == holder.i
                    if kind in {VISIT, CANCELLATION} and direct and (
                            preposition in entry.prep or preposition in g.destination_prepositions):
                        destination = destination or found
                    elif preposition in g.place_prepositions and place is None:
                        place = found
            elif child.dep_ in {"pobj", "npadvmod", "appos", "conj", "dobj"}:
                stack += [c for c in child.children if c.dep_ in PHRASAL]  # "met Cook in Nairobi"
    return destination, place


def _named_place(token, place, subjects, partners, context):
    """ "their Astana meeting", "the Bonn talks": a city in the event's name is its place."""
    if token.pos_ not in {"NOUN", "PROPN"} or place is not None:
        return place, subjects
    for child in token.children:
        found = place_of(child, context.doc.cast) if child.dep_ in {"compound", "nmod", "amod"} else None
        if found is not None and found.kind == "city":
            partner_keys = {x.key for x in partners if not isinstance(x, Reference)}
            subjects = [a for a in subjects if isinstance(a, Reference) or a.kind != COUNTRY
                        or a.country != found.country or a.key in partner_keys]
            return found, subjects
    return place, subjects


def _organisations(token, verb, kind, subjects, clause, context):
    """A summit's organisation, named anywhere in its phrase: "on the sidelines of the Shanghai
    Cooperation Organisation (SCO) Council of Heads of States summit"."""
    if kind != SUMMIT:
        return subjects
    top = noun_chain(token, verb)[-1]
    first = clause.base + min(t.idx for t in top.subtree)
    last = clause.base + max(t.idx + len(t.text) for t in top.subtree)
    subjects = unique(subjects + [Actor(m.key, m.kind, m.country, m.role) for m in context.actors_from(first, last)
                                  if m.kind == ORGANISATION and m.via == "registry"])
    if any(not isinstance(a, Reference) and a.kind == ORGANISATION and context.registry.lookup(a.key) for a in subjects):
        # "the SCO Council of Heads of States summit": the Council is the summit, SCO the actor
        subjects = [a for a in subjects if isinstance(a, Reference) or a.kind != ORGANISATION
                    or context.registry.lookup(a.key)]
    return subjects
