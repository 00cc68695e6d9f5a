"""Small questions asked of spaCy's dependency tree, shared by the parse reader's components.

Plain Python, no Django; the tokens are spaCy's. None of these keeps state.
"""

from .words import grammar

AGENTIVE_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
PLACE_ENTITIES = frozenset({"GPE", "LOC", "FAC"})
# Dependents through which a phrase's own prepositions are reached, without entering a clause.
PHRASAL = frozenset({"prep", "agent", "pobj", "dobj", "dative", "conj", "appos", "npadvmod", "compound", "nmod", "attr",
                     "prt"})
SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# How many steps up the tree a date may be from the clause it dates.
DATE_PATH_STEPS = 8


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


def has(token, words):
    """Whether the token is one of ``words`` in any of its possible lemmas."""
    return bool(lemmas(token) & words)


def aux(verb):
    return [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]


def conjuncts(token):
    found = []
    for child in token.children:
        if child.dep_ == "conj":
            found.append(child)
            found += conjuncts(child)
    return found


def between(token, ancestor):
    """The tokens from ``token`` up to (not including) ``ancestor``."""
    path, node = [], token
    while node.i != ancestor.i and node.head.i != node.i:
        path.append(node)
        node = node.head
    return path


def entity_span(token):
    for entity in token.doc.ents:
        if entity.start <= token.i < entity.end:
            return entity
    return None


def noun_chain(token, verb, steps=6):
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


def phrase_tokens(token, of=False):
    """The tokens of a noun phrase, without the clauses inside it ("who met Y"); with ``of``,
    its "of" phrases too ("the ministers of Poland and Hungary")."""
    tokens, stack = [], [token]
    while stack:
        node = stack.pop()
        tokens.append(node)
        stack += [c for c in node.children if c.dep_ not in {"relcl", "acl", "ccomp", "advcl", "xcomp", "prep"}
                  or (of and c.dep_ == "prep" and c.lower_ == "of")]
    return tokens


def root_of(parsed, start, end):
    """The head token of the words between two offsets of a parse."""
    tokens = [t for t in parsed if t.idx < end and t.idx + len(t.text) > start]
    inside = {t.i for t in tokens}
    for token in tokens:
        if token.head.i not in inside or token.head.i == token.i:
            return token
    return None


def path_to(token, targets):
    """Steps up the tree from a date to the trigger's clause, or None when the path leaves it
    through another verb's clause ("said on Friday" dates the saying)."""
    node = token
    for steps in range(DATE_PATH_STEPS):
        if node.i in targets:
            return steps
        head = node.head
        if head.i == node.i:
            return None
        if head.pos_ in {"VERB", "AUX"} and head.i not in targets and node.dep_ not in {"aux", "auxpass"}:
            return None
        node = head
    return None


def definite(token):
    """ "the meeting", "their talks", "today's meeting": one the reader knows of."""
    return token.pos_ == "NOUN" and any(
        (c.dep_ in {"det", "poss"} and c.lower_ in grammar().definite_determiners)
        or (c.dep_ == "poss" and c.ent_type_ in {"DATE", "TIME"}) for c in token.children)


def pair(token):
    """ "the two leaders", "both sides"."""
    return any(c.lower_ in grammar().pair_numbers for c in token.children)


def named(token):
    """ "the Bonn talks", "the NATO summit": an event named by a proper noun."""
    return any(c.pos_ == "PROPN" or c.ent_type_ for c in token.children if c.dep_ in {"compound", "amod", "nmod"})


def agentless_passive(node):
    return any(c.dep_ == "auxpass" for c in node.children) and not any(c.dep_ == "agent" for c in node.children)


def governing_verb(token):
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


def attached_by_preposition(token, verb):
    """Whether a noun trigger reaches its verb through a preposition of taking part ("in a
    telephone call with Chirac", "during talks", "arrived for talks"): then the verb's subject
    took part in it ("his position towards the meeting" does not say so)."""
    node = token
    while node.i != verb.i and node.head.i != node.i:
        if node.dep_ == "pobj":
            return node.head.lower_ not in grammar().not_participation_prepositions
        node = node.head
    return False


def setting(token, verb):
    """Whether a noun trigger is the setting of its clause ("at the summit", "on the sidelines
    of the summit", "during the visit") rather than what the clause does."""
    if token.pos_ not in {"NOUN", "PROPN"} or verb is None:
        return False
    node = token
    for _ in range(6):
        if node.i == verb.i or node.head.i == node.i:
            return False
        if node.dep_ == "prep":
            if node.lower_ in grammar().setting_prepositions and node.head.i == verb.i:
                return True
            if node.lower_ == "of" and node.head.lower_ in grammar().setting_nouns:
                return True
        elif node.dep_ not in {"pobj", "compound", "nmod", "conj", "appos"}:
            return False
        node = node.head
    return False


def under_way(token, verb):
    """A present progressive ("is visiting") or a present participle modifying its subject
    ("ministers meeting in the capital"): under way as the report is written."""
    node = verb or token
    if node.tag_ != "VBG":
        return False
    auxiliaries = {a.lower_ for a in aux(node)}
    if auxiliaries & grammar().present_be:
        return True
    return node.dep_ == "acl" and not auxiliaries and node.head.pos_ in {"NOUN", "PROPN"}


def with_objects(node, prepositions=None):
    """Objects of "with", "between" in a phrase hanging off ``node``, not in a clause of its own:
    "spoke by telephone with Primakov", "a meeting with the king"."""
    prepositions = grammar().partner_prepositions if prepositions is None else prepositions
    found, stack = [], [c for c in node.children if c.dep_ in PHRASAL]
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
            stack += [c for c in child.children if c.dep_ in PHRASAL]
    return found


def plural_participants(token, verb):
    node = verb or token
    subjects = [c for c in node.children if c.dep_ == "nsubj"]
    return any(s.tag_ in {"NNS", "NNPS"} or any(c.dep_ == "conj" for c in s.children) for s in subjects)
