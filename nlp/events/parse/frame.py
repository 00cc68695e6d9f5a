"""The frame component: each reading's kind and status from its own phrase and the clauses
that govern it, and the cue, if any, that makes it no event ("did not meet", "hoped to visit",
"may travel"). Deciding to reject is the filters'; this only reads the grammar.

Plain Python, no Django.
"""

from ...doc import CANCELLED, HEADING, OCCURRED, PLANNED
from ..types import CANCELLATION
from .reading import Cue, Frame
from .tree import aux, has, setting
from .words import grammar


def read_frames(doc, context):
    """``reading.frame`` for every reading."""
    for reading in doc.readings:
        reading.frame = frame_of(reading, context)
    return doc


def frame_of(reading, context):
    token, verb = reading.token, reading.verb
    status, explicit, cue = status_of(token, verb, context)
    if reading.sentence.kind == HEADING and cue is None and _headline_infinitive(verb or token):
        status, explicit = PLANNED, True  # "Putin to Visit India Next Month": a headline's infinitive is a plan
    is_setting = setting(token, verb)
    if cue is not None and is_setting:
        # "ready to meet him at the SAARC summit next week": the offer is not an event, the
        # summit where it would happen is one (its date tells whether it is still to come)
        status, cue = None, None
    if reading.kind == CANCELLATION:
        status = CANCELLED
    return Frame(reading.kind, status, explicit, cue, habitual(token, verb, context, reading.clause), is_setting)


def _headline_infinitive(node):
    return node.tag_ == "VB" and any(a.lower_ == "to" for a in aux(node)) and node.dep_ in {"ROOT", "acl", "relcl"}


def status_of(token, verb, context):
    """(status, explicit, cue): occurred or planned, whether the grammar says so rather than
    by default, and the cue when the text does not tell of an event that took place or is to
    take place (negated, hoped for, offered, speculated about, conditional)."""
    words = context.lexicon
    cue = _negation(token, verb) or _hedge(token, verb, words) or _hypothetical(token, words)
    if cue is not None:
        return OCCURRED, False, cue
    status = OCCURRED
    token = stand_in(token)
    if token.pos_ in {"NOUN", "PROPN"} and token.dep_ == "pobj" and token.head.lower_ in grammar().agreed_to and \
            has(token.head.head, words["agreeing"]):
        return PLANNED, True, None  # "Kabila has agreed to face-to-face talks with Mobutu": still to come
    if token.pos_ in {"NOUN", "PROPN"}:
        modifiers = {c.lower_ for c in token.children if c.dep_ in {"amod", "compound", "nmod", "npadvmod"}}
        if modifiers & words["planned_modifiers"]:
            status = PLANNED
        if verb is not None:
            if token.dep_ == "dobj" and has(verb, words["unreal"]) and not has(verb, words["light"] | words["planning"]) \
                    and not has(verb, words["addressing"]):
                return status, False, Cue("unreal", verb.lower_)  # "called for talks", "to facilitate a dialogue"
            if token.dep_ in {"nsubjpass", "dobj", "nsubj"} and has(verb, words["scheduling"]):
                status = PLANNED  # "a meeting has been arranged", "they scheduled talks"
            if token.dep_ in {"nsubj", "nsubjpass"} and not has(verb, words["light"] | words["scheduling"]) \
                    and not context.lexicon.entries(verb.lemma_, verb.pos_):
                # "Hungary's accession would be detrimental", "the talks were useful": what is said of
                # an event does not tell whether it happened
                return status, False, None
    return _governing_clauses(verb or token, status, words)


def stand_in(token):
    """The noun that stands for an event in its clause: "rounds" for "Fresh rounds of talks had
    been scheduled", "session" for "a session of the talks" (a stage of the event, its "of")."""
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.pos_ == "NOUN" and \
            token.head.head.lemma_.lower() in grammar().phase_nouns:
        return token.head.head
    return token


def _negation(token, verb):
    objects = [c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}]
    for node in filter(None, (token, verb, *objects)):
        if any(c.dep_ == "neg" for c in node.children):
            return Cue("negated", "not")
        if any(c.dep_ == "det" and c.lower_ in grammar().negative_determiners for c in node.children):
            return Cue("negated", "no")
    if token.dep_ == "pcomp" and token.head.lower_ == "without":
        return Cue("without", "without")  # "ended the talks without signing an agreement"
    if token.pos_ in {"NOUN", "PROPN"} and (token.head.lower_ == "without" or any(
            c.lower_ == "without" for c in token.ancestors if c.dep_ == "prep" and c.i < token.i
            and c.head.i == (verb or token).i)):
        return Cue("without", "without")
    return None


def _hedge(token, verb, words):
    for node in filter(None, (token, verb)):
        for child in node.children:
            if child.dep_ == "advmod" and child.lower_ in words["hedges"]:
                return Cue("hedge", child.lower_)  # "bin Laden had probably gone to Pakistan"
    return None


def _hypothetical(token, words):
    if token.pos_ in {"NOUN", "PROPN"} and token.dep_ == "pobj" and token.head.lower_ in grammar().noun_to_event:
        if token.head.lower_ in grammar().about_nouns and token.head.head.pos_ == "NOUN" and \
                has(token.head.head, words["hypothetical"]):
            return Cue("hypothetical", token.head.head.lower_)  # "the possibility of a meeting", "a call for talks"
        if has(token.head.head, grammar().ending_nouns):
            return Cue("ended", token.head.head.lower_)  # "the collapse of surrender talks", "an end to talks"
    return None


def _governing_clauses(node, status, words):
    """Up the clauses that govern the trigger: modals, conditions, "hoped to", "plans to",
    "was supposed to", the time clause of "until Annan visits"."""
    explicit = False
    g = grammar()
    for _ in range(6):
        auxiliaries = {a.lower_ for a in aux(node)}
        if auxiliaries & g.modals_unreal:
            return status, explicit, Cue("speculation", ", ".join(sorted(auxiliaries & g.modals_unreal)))
        if any(c.dep_ == "mark" and c.lower_ in g.conditional for c in node.children) or any(
                c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in g.conditional for m in c.children)
                for c in node.children):
            # "if he visits", and "if the ceasefire holds, it would bring forward a meeting"
            return status, explicit, Cue("conditional")
        if any(c.dep_ == "neg" for c in node.children):
            return status, explicit, Cue("negated", "not")
        if node.dep_ == "pcomp" and node.head.dep_ == "prep" and has(node.head.head, words["preventing"]):
            return status, explicit, Cue("preventing", node.head.head.lower_)  # "barred the envoy from going"
        if node.dep_ == "pcomp" and node.head.dep_ == "prep" and has(node.head.head, words["agreeing"]):
            return PLANNED, True, None  # "agreed on conducting joint exercises": still to be done
        if node.tag_ in {"VBZ", "VBP"} and any(c.dep_ in {"mark", "advmod"} and c.lower_ in g.temporal_marks
                                               for c in node.children):
            return PLANNED, True, None  # "until Annan visits Baghdad": the present of a time clause is still to come
        if auxiliaries & g.modals_future or "would" in auxiliaries:
            return _future(node, auxiliaries, words)
        step = _governing_step(node, auxiliaries, status, explicit, words)
        if isinstance(step, tuple):
            return step
        if step is None:
            break
        node, status, explicit = step.node, step.status, step.explicit or explicit
    # a tensed verb tells; a bare form ("to make it happen") or no verb at all does not
    return status, explicit or node.tag_ in {"VBD", "VBN", "VBZ", "VBP"} or status == PLANNED, None


def _future(node, auxiliaries, words):
    if "would" in auxiliaries and "have" in auxiliaries:
        return OCCURRED, False, Cue("counterfactual", "would have")  # "would have visited": it did not happen
    if node.dep_ == "ccomp" and has(node.head, words["unreal"]) and not has(node.head, words["reporting"]):
        return OCCURRED, False, Cue("unreal", node.head.lower_)  # "hoped China would agree to talks"
    return PLANNED, True, None


class _Step:
    __slots__ = ("node", "status", "explicit")

    def __init__(self, node, status, explicit):
        self.node, self.status, self.explicit = node, status, explicit


def _governing_step(node, auxiliaries, status, explicit, words):
    """The clause above ``node`` to read next (a ``_Step``), a final answer (a tuple), or None
    when the clause's own verb decides."""
    dep, head = node.dep_, node.head
    infinitive = node.tag_ == "VB" and "to" in auxiliaries
    if dep == "xcomp" or (dep in {"ccomp", "advcl", "acl"} and infinitive):
        if has(head, words["planning"]) or head.lower_ in words["planning"]:
            if any(c.dep_ == "neg" for c in head.children):
                return OCCURRED, False, Cue("negated", "not")
            # "was supposed to visit", "was to have visited": it did not happen as planned
            if head.lower_ == "supposed" or "have" in auxiliaries:
                return OCCURRED, False, Cue("counterfactual", head.lower_)
            return _Step(head, PLANNED, True)
        if has(head, words["unreal"]):
            return OCCURRED, False, Cue("unreal", head.lower_)
        if dep == "acl" and head.pos_ == "NOUN":
            # "plans to meet", "efforts to hold talks": not done yet; "an invitation to visit" is a
            # plan once accepted
            if head.lemma_.lower() in grammar().plan_nouns:
                return PLANNED, explicit, None
            if head.lemma_.lower() in grammar().invitation_nouns and head.head.pos_ == "VERB" and \
                    head.dep_ == "dobj" and has(head.head, grammar().accepting):
                return PLANNED, True, None
            return OCCURRED, False, Cue("unreal", head.lower_)
        return _Step(head, status, False)  # "flew to Beijing to meet Jiang": the purpose shares the journey's time
    if dep == "ccomp" and has(head, words["unreal"]) and not has(head, words["reporting"]):
        return OCCURRED, False, Cue("unreal", head.lower_)  # "hoped that they would meet"
    if dep == "conj" and not auxiliaries and node.tag_ == "VB":
        return _Step(head, status, False)  # "will fly to Cairo and meet Mubarak": the first verb's auxiliary counts
    if dep == "acl" and node.tag_ == "VBN" and node.lower_ in grammar().planned_participles:
        return PLANNED, True, None
    return None


def habitual(token, verb, context, clause=None):
    """ "The two countries meet regularly", "visits by foreign leaders", "visits Baghdad every two
    months": no single event."""
    words = context.lexicon
    if clause is not None and _repeated(token, verb, clause, context):
        return True
    for node in filter(None, (token, verb)):
        if any(c.dep_ == "advmod" and c.lower_ in words["habitual"] for c in node.children):
            return True
    if token.tag_ == "NNS" and token.lower_ not in words["plural_events"]:
        if any(c.dep_ == "nummod" and c.lower_ not in grammar().singular_numbers for c in token.children):
            return True  # "the Red Cross made 453 visits to prisons", "three meetings": several events
        # plural "visits", "meetings" with nothing that picks some out: "high-level visits"
        determiners = {c.lower_ for c in token.children if c.dep_ in {"det", "poss", "nummod"}}
        if not determiners - grammar().vague_determiners and not any(
                c.dep_ == "prep" and c.lower_ in grammar().with_between for c in token.children):
            return True
    if verb is not None and verb.tag_ in {"VBZ", "VBP"} and not aux(verb):
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if subjects and all(s.tag_ == "NNS" and not any(c.lower_ in grammar().pair_of_two for c in s.children)
                            for s in subjects):
            return True  # "ministers meet": a generic statement
    return False


def _repeated(token, verb, clause, context):
    """A set of times ("every two months", "each year") attached to the event's clause."""
    from ...temporal import SET
    from .tree import path_to, root_of

    targets = {t.i for t in filter(None, (token, verb))}
    for mention in context.doc.dates:
        if mention.type != SET or not (clause.sentence.start <= mention.start < clause.sentence.end):
            continue
        root = root_of(clause.tokens, mention.start - clause.base, mention.end - clause.base)
        if root is not None and path_to(root, targets) is not None:
            return True
    return False


def what_of(token, kind, context):
    """What was signed ("documents of accession") or agreed ("to carry out joint exercises"),
    in the text's words, for the title; and the verb of a signing."""
    from ..types import AGREEMENT, AGREEMENT_TO_ACT
    from .tree import phrase_tokens

    if kind == AGREEMENT:
        objects = [c for c in token.children if c.dep_ in {"dobj", "nsubjpass", "attr"}]
        if token.dep_ in {"acl", "relcl"}:
            objects = [token.head]
        if token.pos_ == "NOUN":
            objects = [o for p in token.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"]
        if not objects:
            return None, None
        words = [t for t in phrase_tokens(objects[0], of=True) if t.dep_ not in {"det", "poss", "punct", "case"}
                 and t.ent_type_ not in {"DATE", "TIME", "CARDINAL"}]
        phrase = "".join(t.text_with_ws for t in sorted(words, key=lambda t: t.i)[-6:]).strip()
        return phrase or None, context.lexicon.signing_verbs.get(token.lemma_.lower(), "sign")
    if kind == AGREEMENT_TO_ACT:
        return _agreed(token), None
    return None, None


def _agreed(token):
    from .tree import phrase_tokens

    complement = next((c for c in token.children if c.dep_ == "xcomp"
                       or (token.pos_ == "NOUN" and c.dep_ in {"acl", "relcl"} and c.tag_ == "VB")), None)
    if complement is None:
        on = next((c for c in token.children if c.dep_ == "prep" and c.lower_ in grammar().agreed_prepositions), None)
        if on is None:
            return None
        words = [on, *[t for o in on.children if o.dep_ == "pobj" for t in phrase_tokens(o)]]
    else:
        words = list(complement.subtree)  # "to further strengthen bilateral relations"
    words = [t for t in sorted(words, key=lambda t: t.i) if t.ent_type_ not in {"DATE", "TIME"}]
    cut = next((i for i, t in enumerate(words) if i > 2 and (t.dep_ in {"advcl", "mark"}
                                                            or t.text in {",", ";", ":", "(", ")", "--"}
                                                            or t.lower_ in grammar().agreed_ends)), None)
    words = words[:cut][:10]
    while words and words[-1].pos_ in {"PART", "ADP", "DET", "CCONJ", "PUNCT", "SCONJ"}:
        words.pop()  # "to set up a panel to" -> "to set up a panel"
    return "".join(t.text_with_ws for t in words).strip() or None
