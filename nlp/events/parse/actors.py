"""Who a noun phrase of a parsed sentence stands for: a person, a country, a body, or a
``Reference`` only the discourse can fill ("the two leaders", "they", "the meeting" already
read as an event).

Plain Python, no Django. The document's ``Cast`` answers for names, surnames, titles and
pronouns; this module reads the tree around them.
"""

import re

from ...doc import COUNTRY, ORGANISATION, PERSON
from ...entities.coreference import Actor
from ...entities.places import gazetteer
from .people import full_name, name_text, title_of
from .reading import Reference
from .tree import AGENTIVE_ENTITIES, conjuncts, entity_span, has, pair, phrase_tokens
from .words import grammar

# International bodies the registry does not know, by words of their name.
_INTERNATIONAL_NAME = r"\b(?:{})\b"


def known_mention(doc, start, end):
    """The Doc's actor mention (a registry name, a person named with a title) over a stretch of text."""
    for mention in doc.actors:
        if mention.start < end and start < mention.end and mention.via in {"registry", "title", "short form"}:
            return mention
    return None


def agentive(token, clause, context):
    """Someone to meet, receive or call on: a named person, body or country, a pronoun, an
    office ("the president"), or a name the Doc's actors know."""
    if token.ent_type_ in AGENTIVE_ENTITIES or token.lower_ in grammar().person_pronouns | {"them"} \
            or (token.pos_ in {"NOUN", "PROPN"} and token.lemma_.lower() in context.lexicon["role_nouns"]):
        return True
    start = clause.base + token.idx
    return token.pos_ == "PROPN" and known_mention(context.doc, start, start + len(token.text)) is not None


def international(actor, context):
    """An international body: a meeting of its own is a diplomatic event (an OAU council)."""
    if actor.kind != ORGANISATION:
        return False
    record = context.registry.lookup(actor.key)
    if record is not None:
        return record.kind == ORGANISATION and record.key not in context.lexicon["not_international"] \
            and "company" not in record.role
    words = "|".join(re.escape(w) for w in sorted(context.lexicon["international_names"], key=len, reverse=True))
    return bool(re.search(_INTERNATIONAL_NAME.format(words), actor.key))


def international_name(token, context):
    actor = context.doc.cast.organisation(entity_span(token).text if entity_span(token) is not None else token.text)
    return actor is not None and international(actor, context)


def political(actor, clause, context):
    """True for a state, a government, an international body or an official; False for a
    company or a private person by their title; None when the text does not tell."""
    words = context.lexicon
    if actor.kind == COUNTRY:
        return True
    name = actor.key.lower()
    if actor.kind == ORGANISATION:
        if context.registry.lookup(actor.key) is not None:
            return True
        tokens = set(re.findall(r"[a-z.]+", name))
        if tokens & words["political_organisations"]:
            return True  # "Organization of Petroleum Exporting Countries" is no petroleum company
        return False if tokens & words["companies"] else None
    record = context.registry.lookup(actor.key)
    if record is not None and record.kind == PERSON:
        return True
    if not actor.title:
        # "Milosevic agreed": the report may have given the title before, in a sentence not read yet
        actor = context.doc.cast.titled(actor, clause.sentence.start) or actor
    title = (actor.title or "").lower()
    if any(word in title for word in words["private_titles"]):
        return False
    if any(re.search(rf"\b{re.escape(word)}", title) for word in words["political_titles"]):
        return True
    return None


def actors_of(token, clause, context, triggers=frozenset()):
    """The actors of a noun phrase and of the phrases joined to it by "and"; ``triggers`` are
    the offsets of the document's other triggers: a phrase at one of them is that event's."""
    start = clause.base + token.idx
    found = []
    for head in [token, *conjuncts(token)]:
        if has(head, context.lexicon["pair_nouns"]) and pair(head) or (
                head.lower_ in grammar().group_pronouns and head.pos_ == "PRON"):
            kind = "parties" if has(head, grammar().pair_of_parties) else "people"
            found.append(Reference(kind, fallback=_clause_people(head, clause, context) if kind == "people" else ()))
            continue
        owners = owners_of(head, context)
        if len(owners) > 1:
            found += owners  # "Israeli and Palestinian officials", "Afghan and British officials"
            continue
        actor = actor_of(head, clause, context)
        if actor is None:
            # "the Clinton-Yeltsin summit", "U.S. Secretary of State Madeleine Albright": a name inside
            inner = [t for t in head.subtree if t.ent_type_ == "PERSON" and t.dep_ != "poss"]
            if inner:
                actor = actor_of(inner[-1], clause, context)
        if actor is not None:
            found.append(actor)
    found += _named_inside(token, clause, context, found)
    found = unique(found)
    if start in triggers:
        # "the meeting between Kerry and Lavrov produced an agreement": the meeting's people
        return [Reference("event", start, tuple(found))]
    return found


def _clause_people(token, clause, context):
    """The people of the clause a "their" or "they" stands in, when it names two: "Li told
    Millon at the start of their meeting" (Li and Millon)."""
    from .tree import governing_verb

    verb = governing_verb(token.head) if token.dep_ == "poss" else token.head
    if verb is None or verb.pos_ not in {"VERB", "AUX"}:
        return ()
    tokens = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass", "dobj", "dative"} and c.i != token.i]
    tokens += [c for t in tokens for c in conjuncts(t)]  # "Fradkov and Wen held their meeting"
    people, groups = [], []
    for item in tokens:
        if item.pos_ == "PRON":
            continue
        actor = actor_of(item, clause, context)
        if actor is not None and actor.kind == PERSON:
            people.append(actor)
        elif item.tag_ in {"NNS", "NNPS"} and item.dep_ in {"nsubj", "nsubjpass"}:
            # "senior officials of APEC wrapped up their meeting": theirs is the subject's
            groups += [a for a in actors_of(item, clause, context) if not isinstance(a, Reference)]
    people = unique(people)
    if len(people) >= 2:
        return tuple(people)
    return tuple(unique(groups)) if token.dep_ == "poss" else ()


def _named_inside(token, clause, context, found):
    """People named inside the phrase however it was parsed: "Prime Minister Imran Khan and
    Army Chief Gen Bajwa" (one name may hang from the other), "the three foreign ministers,
    Geremek of Poland, Martonyi of Hungary and Kavan", not inside a clause of its own."""
    base = clause.base
    inside = _phrase_tokens_of = phrase_tokens(token, of=True)
    spans = [(base + t.idx, base + t.idx + len(t.text) + 1) for t in _phrase_tokens_of]
    nearby = context.actors_from(min(a for a, _ in spans), max(b for _, b in spans)) if spans else []
    more = [Actor(m.key, m.kind, m.country, m.role) for m in nearby
            if m.kind == PERSON and m.via in {"title", "registry"} and any(a <= m.start < b for a, b in spans)]
    if not found and not more:
        # "the approval process of EU enlargement": a known body named inside the phrase
        more = [Actor(m.key, m.kind, m.country, m.role) for m in nearby
                if m.kind == ORGANISATION and m.via == "registry" and any(a <= m.start < b for a, b in spans)]
    heads = {span.root.i for t in inside if t.ent_type_ == "PERSON" for span in [entity_span(t)] if span is not None}
    for t in inside:
        if t.i in heads and t.i != token.i:
            actor = actor_of(t, clause, context)
            if actor is not None:
                more.append(actor)
    return more


def owners_of(token, context):
    """The countries a collective noun's adjectives name: "Israeli and Palestinian officials"."""
    if token.pos_ != "NOUN" or not has(token, context.lexicon["collective"]):
        return []
    kinds = {"NORP", "GPE", "ORG"}
    adjectives = [c for c in token.children if c.ent_type_ in kinds and c.dep_ in {"amod", "compound", "nmod"}]
    # "the foreign ministers of Latvia and Lithuania", "troops from Ukraine, Poland and the United States",
    # "senior officials from the member economies of APEC"
    adjectives += [o for o in _of_objects(token) if o.ent_type_ in kinds]
    adjectives += [c for a in adjectives for c in conjuncts(a) if c.ent_type_ in kinds]
    found = []
    for adjective in adjectives:
        name = entity_span(adjective).text if entity_span(adjective) is not None else adjective.text
        if adjective.ent_type_ == "ORG":
            body = context.doc.cast.organisation(name)
            # "Chinese and ASEAN officials", "the ministers of the Contact Group": the body itself
            found.append(body if body is not None and (international(body, context) or body.kind == COUNTRY) else None)
        else:
            found.append(context.doc.cast.country(name))
    return unique(found)


def _of_objects(token, depth=2):
    """The objects of a noun's "of" and "from" phrases, and of theirs, ``depth`` deep."""
    found, level = [], [token]
    for _ in range(depth):
        level = [o for t in level for p in t.children if p.dep_ == "prep" and p.lower_ in grammar().of_from
                 for o in p.children if o.dep_ == "pobj"]
        found += level
    return found


def actor_of(token, clause, context):
    """The actor a noun phrase headed by ``token`` stands for, or None."""
    start = clause.base + token.idx
    if token.pos_ == "PROPN":
        known = known_mention(context.doc, start, start + len(token.text))
        if known is not None:
            if known.kind == PERSON and known.via == "short form":
                return context.doc.cast.person(known.key, start)
            return Actor(known.key, known.kind, known.country, known.role)
    entity = _entity_kind(token, context, start)
    if entity is not None:
        return _entity_actor(token, entity, start, context)
    lower = token.lower_
    if lower in grammar().body_pronouns and token.pos_ == "PRON":
        return context.doc.cast.last_body(start)  # "Last month it hosted talks": the country or body just named
    if lower in grammar().person_pronouns and token.pos_ == "PRON":
        reporter = _reporter(token, clause, context) or _clause_subject(token, clause, context)
        return reporter if reporter is not None else context.doc.cast.pronoun(start)
    return _described_actor(token, clause, context, start)


def _entity_kind(token, context, start):
    """The entity label to read a token by, or None when it names nobody as an entity."""
    cast = context.doc.cast
    entity = token.ent_type_
    if entity in {"", "ORG"} and token.pos_ == "PROPN" and token.dep_ == "conj" and token.head.ent_type_ == "PERSON" \
            and (entity == "" or len(entity_span(token)) == 1) and token.text[:1].isupper() \
            and cast.country(token.text) is None and cast.registry.lookup(token.text) is None:
        return "PERSON"  # "Putin and Yanukovych met": a name joined to a person's is a person's
    if entity == "" and token.pos_ == "PROPN" and token.text[:1].isupper():
        if cast.known_person(token.text, start, read=True) is not None:
            return "KNOWN"  # "the Ford-Suharto meeting" with "Suharto" left untagged: the person named before
    if entity in {"PERSON", "ORG", "GPE", "NORP"} or (entity == "LOC" and token.pos_ == "PROPN"):
        return entity
    return None


def _entity_actor(token, entity, start, context):
    cast = context.doc.cast
    span = entity_span(token)
    if entity == "KNOWN":
        return cast.known_person(token.text, start, read=True)
    if entity == "PERSON":
        if cast.known_person(token.text, start) is None and span is not None and len(span) == 1:
            place = cast.country(token.text)
            if place is not None:
                return place  # "a trip to Yerevan" with Yerevan tagged as a person
        title, country = title_of(token, cast) if token.ent_type_ == "PERSON" else ("", "")
        of = next((o for p in token.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
                   if o.ent_type_ in {"GPE", "NORP"}), None)
        if of is not None and not country:
            found = cast.country(entity_span(of).text if entity_span(of) is not None else of.text)
            country = found.country if found is not None else ""
        return cast.person(full_name(token), start, title=title, country=country)
    if entity == "ORG":
        person = cast.known_person(name_text(span) if span is not None else token.text, start)
        if person is not None:
            return person  # "Lavrov's meeting" tagged as an organisation: the person named before
        if span is not None and any(context.lexicon.entries(t.lemma_, "NOUN") for t in span):
            # "the SCO Heads of Government Summit" names the event: its organisation is the actor
            for t in span:
                found = cast.organisation(t.text)
                if found is not None and cast.registry.lookup(t.text) is not None:
                    return found
            # "the 16th Ibero-American Summit": a summit known by its own name
            words = [t for t in span if t.pos_ == "PROPN" or t.ent_type_ == "ORG" and t.pos_ != "NUM"
                     and t.tag_ not in {"DT", "CD", "JJ"} or t.text[:1].isupper() and t.tag_ != "CD"]
            name = " ".join(t.text for t in words if t.dep_ != "det" and not t.text[:1].isdigit())
            return Actor(name, ORGANISATION) if len(name.split()) >= 2 else None
        return cast.organisation(span.text if span is not None else token.text, start, context.lexicon.organisation_roles)
    return cast.country(span.text if span is not None else token.text)


def _described_actor(token, clause, context, start):
    """A noun that stands for someone: an office ("the Russian foreign minister"), a thing
    described before ("the envoy"), a collective ("Afghan factions")."""
    cast, words = context.doc.cast, context.lexicon
    if token.pos_ in {"NOUN", "PROPN"} and has(token, words["person_roles"]) and token.tag_ != "NNS":
        found = _office_holder(token, clause, context, start)
        if found is not None:
            return found
    if token.pos_ == "NOUN" and token.tag_ == "NN" and not token.ent_type_ and any(
            c.dep_ == "det" and c.lower_ in grammar().demonstratives for c in token.children) and \
            not has(token, words["collective"] | words["person_roles"]):
        found = cast.described(token.lower_, start)
        if found is not None:
            return found  # "the envoy" for "the country's envoy Maria Lopez"
    if token.pos_ == "NOUN" and has(token, words["collective"]):
        found = _collective(token, context, start)
        if found is not None:
            return found
    if token.pos_ == "NOUN" and any(token.lower_.endswith(noun) for noun in words.organisation_roles):
        phrase = " ".join(t.text for t in token.subtree if t.i <= token.i and t.dep_ != "det")
        return cast.organisation(phrase, start, words.organisation_roles)
    return None


def _office_holder(token, clause, context, start):
    """ "the Secretary of State", "the Russian foreign minister", "his Turkish counterpart"
    (not "NATO defence ministers": many people are no one person named before)."""
    compound = next((c for c in token.children if c.dep_ == "compound" and c.ent_type_ == "PERSON"), None)
    if compound is not None:
        return actor_of(compound, clause, context)
    adjective = next((c.text for c in token.children if c.ent_type_ in {"NORP", "GPE"}), "")
    owner = next((c for c in token.children if c.dep_ == "poss" and c.ent_type_ in {"GPE", "NORP"}), None)
    if owner is not None and not adjective:
        adjective = owner.text  # "Pakistan's prime minister"
    phrase = " ".join(t.text for t in token.subtree if t.dep_ not in {"det", "poss", "punct"}
                      and t.ent_type_ not in {"NORP"} and not t.dep_ == "relcl")
    found = context.doc.cast.role(phrase.lower(), start, adjective)
    if found is not None:
        return found
    if adjective and not has(token, context.lexicon["collective"]):
        return context.doc.cast.country(adjective)  # "his Turkish counterpart": at least the country
    return None


def _collective(token, context, start):
    cast = context.doc.cast
    owner = next((c for c in token.children if c.ent_type_ in {"NORP", "GPE"} and c.dep_ in
                  {"amod", "compound", "poss", "nmod"}), None)
    if owner is not None and not any(c.ent_type_ == "PERSON" for c in token.children):
        # "Afghan factions", "Indian authorities", "Iraq's government": the country acting
        span = entity_span(owner)
        found = cast.country(span.text if span is not None else owner.text)
        if found is not None:
            return found
    owners = owners_of(token, context)
    if owners:
        return owners[0]  # "troops from Ukraine", "the foreign ministers of the Contact Group"
    members = [w for p in token.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children
               if o.dep_ == "pobj" for w in [o, *(c for c in o.children if c.dep_ == "compound")]
               if has(w, context.lexicon["member_nouns"]) or w.lower_.startswith("member")]
    if members:
        return cast.last_organisation(start)  # "foreign ministers of member states": the organisation named before
    return None


def _clause_subject(token, clause, context):
    """ "Fall said during his visit to Baidoa ...", "X told reporters after his meeting with Y":
    a possessive in a phrase of the verb is its subject's."""
    if token.dep_ != "poss" or token.head.dep_ != "pobj" or token.head.head.dep_ != "prep":
        return None
    verb = token.head.head.head
    if verb.pos_ not in {"VERB", "AUX"}:
        return None
    for subject in (c for c in verb.children if c.dep_ == "nsubj" and c.pos_ != "PRON"):
        actor = actor_of(subject, clause, context)
        if actor is not None and actor.kind == PERSON:
            return actor
    return None


def _reporter(token, clause, context):
    """The person who says what a clause reports: in "the minister said he would visit
    Moscow", "he" is most likely the minister."""
    node = token
    for _ in range(6):
        if node.head.i == node.i:
            return None
        if node.dep_ == "ccomp" and has(node.head, context.lexicon["reporting"]):
            for speaker in (c for c in node.head.children if c.dep_ == "nsubj"):
                if speaker.lower_ in grammar().person_pronouns:
                    return None
                actor = actor_of(speaker, clause, context)
                if actor is not None and actor.kind == PERSON:
                    return actor
            return None
        node = node.head
    return None


def place_of(token, cast):
    """The gazetteer place a noun phrase names: "Baghdad", "the Ethiopian capital"."""
    from ...entities.places import capital_of
    from .tree import PLACE_ENTITIES

    span = entity_span(token)
    if span is not None and span.label_ in PLACE_ENTITIES:
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


def unique(actors):
    """Actors once each, in order; references kept as they are."""
    seen, result = set(), []
    for actor in actors:
        if isinstance(actor, Reference):
            result.append(actor)
        elif actor is not None and actor.key not in seen:
            seen.add(actor.key)
            result.append(actor)
    return result
