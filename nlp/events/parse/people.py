"""The document's cast: every person, country and body it names, whatever label spaCy gives
them, so that later surnames, titles and pronouns find who they stand for.

Plain Python, no Django. ``cast_of`` is the first part of the reader's discourse work: it reads
the Doc's actors (registry names, people named with a title) and the named entities of the
parsed sentences; the other sentences are read for names only when a short name needs them.
"""

from ...entities.actors import offices
from ...entities.coreference import Actor, Cast
from ...entities.places import gazetteer
from .tree import entity_span
from .words import grammar


def cast_of(doc, parses, registry, lexicon=None):
    """Everyone the document names, in order: the actors the Doc found (registry names,
    people named with a title) and the named entities of the parsed sentences."""
    cast = Cast(doc.text, registry, doc.published)
    spans = []
    for mention in doc.actors:
        if mention.via in {"registry", "title"}:
            cast.see(Actor(mention.key, mention.kind, mention.country, mention.role), mention.start, mention.key)
            spans.append((mention.start, mention.end))
    for clause in parses:
        _see_entities(cast, clause.tokens, clause.base, spans, parsed=True)
        if lexicon is not None:
            _see_titled_in_apposition(cast, clause, lexicon)
    cast.more_context = _NamesOnDemand(doc, parses, cast, spans)
    return cast


def _see_titled_in_apposition(cast, clause, lexicon):
    """People the model left unlabelled, known by the title set beside their name: "Farooq
    Feroze Khan, chairman of Pakistan's joint chiefs of staff committee, went ..."."""
    roles = lexicon["person_roles"] | grammar().title_words
    for token in clause.tokens:
        if token.pos_ != "PROPN" or token.ent_type_ or token.dep_ == "compound":
            continue
        titles = [c for c in token.children if c.dep_ == "appos" and c.pos_ == "NOUN" and c.lemma_.lower() in roles]
        if not titles:
            continue
        name = full_name(token)
        if len(name.split()) < 2 or any(word[:1].islower() for word in name.split()
                                        if word.lower() not in grammar().name_particles):
            continue
        title = titles[0]
        words = [t for t in title.subtree if t.dep_ not in {"det", "punct", "relcl"}][:6]
        country = next((_country_word(t, cast) for t in title.subtree if t.ent_type_ in {"NORP", "GPE"}), "")
        first = token.doc[token.i - len(name.split()) + 1]
        start = clause.base + first.idx
        cast.see_person(name, start, title=" ".join(t.text for t in sorted(words, key=lambda t: t.i)),
                        country=country)
        if token.dep_ in {"nsubj", "nsubjpass"}:
            cast.see(cast.person(name, start), start, name, subject=True)


def _see_entities(cast, spacy_doc, base, spans, *, parsed):
    first_person = True
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
            _see_person(cast, entity, start, parsed=parsed, first=first_person)
            first_person = False
        elif entity.label_ == "ORG" and cast.known_person(name_text(entity), start) is None:
            actor = cast.organisation(entity.text)
            if actor is not None:
                cast.see(actor, start, entity.text)


def _see_person(cast, entity, start, *, parsed, first):
    root = entity.root
    # "the US Defence Secretary, Donald Rumsfeld, has told ...": the subject in apposition
    subject = (root.dep_ in {"nsubj", "nsubjpass"} or (root.dep_ == "appos" and root.head.dep_ in {
        "nsubj", "nsubjpass"})) if parsed else first
    name = full_name(root) if parsed else name_text(entity)
    if len(name.split()) >= 2:
        title, country = title_of(root, cast) if parsed else _title_before(entity, cast)
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
                    cast.see(cast.person(name, start, title=title, country=country), start, name, subject=True)


def name_text(entity):
    """An entity's name without a possessive: "Annan's" -> "Annan"."""
    return " ".join(t.text for t in entity if t.tag_ != "POS" and t.text not in {"'s", "’s"}).strip()


def _title_before(entity, cast):
    """Title words just before a name, for sentences read for names only: "Iraqi president"."""
    words, country = [], ""
    titles = grammar().title_words
    index = entity.start - 1
    if index > 0 and entity.doc[index].text == "," and entity.doc[index - 1].lower_ in titles:
        index -= 1  # "the British Foreign Secretary, Robin Cook"
    while index >= 0 and len(words) < 4:
        token = entity.doc[index]
        if token.lower_ in titles or token.lower_ in grammar().title_joiners or (token.ent_type_ == "ORG" and words):
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
        parsed = {clause.sentence.start for clause in parses}
        self.doc, self.cast, self.spans = doc, cast, spans
        self.unread = [s for s in doc.sentences if s.start not in parsed]

    def __call__(self, start, count):
        before = [s for s in self.unread if s.end <= start][-count:]
        if not before:
            return 0
        from ...model import load
        from .triggers import text_start

        nlp = load()
        bases = [text_start(self.doc, s) for s in before]
        with nlp.select_pipes(enable=["tok2vec", "ner"]):
            read = list(nlp.pipe([self.doc.text[base:s.end] for s, base in zip(before, bases)]))
        for sentence, spacy_doc, base in zip(before, read, bases):
            _see_entities(self.cast, spacy_doc, base, self.spans, parsed=False)
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
        if previous.lower_ in grammar().title_words or previous.ent_type_ in {"NORP", "GPE", "ORG"} or \
                previous.tag_ == "POS":
            break
        if not (previous.pos_ == "PROPN" or previous.lower_ in grammar().name_particles):
            break
        if head.i not in {a.i for a in previous.ancestors}:
            break
        start -= 1
    while start < head.i and _country_name(head.doc[start]):
        start += 1  # "Vice President of Democratic Republic of Congo Abdoulaye Yerodia Ndombasi"
    return " ".join(t.text for t in head.doc[start:head.i + 1] if t.tag_ != "POS")


def _country_name(token):
    from ...entities.actors import Registry

    place = gazetteer().get(token.text)
    record = Registry.default().lookup(token.text)
    return (place is not None and place.kind == "country") or (record is not None and record.kind == "country")


def _name_start(head):
    titles = grammar().title_words
    start = head.i
    while start > 0 and head.doc[start - 1].dep_ == "compound" and head.doc[start - 1].pos_ == "PROPN" and \
            head.doc[start - 1].lower_ not in titles and head.doc[start - 1].ent_type_ == "PERSON":
        start -= 1
    return start


def _country_word(token, cast):
    found = cast.country(token.text)
    city = gazetteer().get(token.text) if found is None else None
    return found.country if found else (city.country if city is not None else "")


def title_of(head, cast):
    """The title and country a person's noun phrase gives: "Iraqi president Saddam Hussein"
    -> ("president", "IRQ"); "U.N. Secretary-General Kofi Annan" -> ("U.N. Secretary-General", "")."""
    from .tree import between

    name_start = min(_name_start(head), head.i - len(full_name(head).split()) + 1)
    words, country = [], ""
    # the title words just before the name, however they were attached: "Presidents Jiang Zemin"
    index, adjacent = name_start - 1, []
    while index >= 0 and head.doc[index].lower_ in grammar().title_words:
        adjacent.insert(0, head.doc[index].text)
        index -= 1
    before = sorted((t for t in head.subtree if t.i < name_start and not any(
        a.dep_ in {"relcl", "acl", "appos", "conj"} and a.i != head.i for a in between(t, head))), key=lambda t: t.i)
    possessors = {t.i for b in before if b.dep_ == "poss" for t in b.subtree}
    for token in before:
        if token.dep_ in {"det", "poss", "punct", "case"} or token.tag_ == "POS" or token.i in possessors:
            continue
        if token.ent_type_ in {"NORP", "GPE"} and not country:
            country = _country_word(token, cast)
            if token.ent_type_ == "NORP":
                continue
        words.append(token.text)
    for token in head.children:
        if token.dep_ == "appos" and token.i > head.i and token.pos_ == "NOUN":
            words += [t.text for t in token.subtree if t.dep_ not in {"det", "punct", "poss"}][:4]
    if not words and adjacent:
        words = adjacent
    if not words and head.dep_ == "appos" and head.head.pos_ == "NOUN" and head.head.lower_ in grammar().title_words:
        words, country = _explained_title(head.head, cast, country)
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lower_ in grammar().title_words:
        # "Vice President of Democratic Republic of Congo Abdoulaye Yerodia Ndombasi", the name
        # parsed as what the title is of: the title is the noun above, the rest its country
        office = head.head.head
        words = [t.text for t in office.subtree if t.i <= office.i and t.dep_ not in {"det", "poss", "punct"}] + \
            ["of"] + words
        if not country:
            named = cast.country(" ".join(t.text for t in head.subtree if t.i < name_start and t.dep_ != "det"))
            country = named.country if named is not None else ""
    if not words and head.dep_ == "conj" and head.head.ent_type_ == "PERSON":
        shared, shared_country = title_of(head.head, cast)
        if shared.lower().endswith("s"):
            return shared, country or shared_country  # "Presidents Jiang Zemin and Boris Yeltsin"
    return " ".join(words), country


def _explained_title(title, cast, country):
    """ "the British Foreign Secretary, Robin Cook": the title is the noun the name explains."""
    words = []
    for token in title.subtree:
        if token.i > title.i or token.dep_ in {"det", "punct", "poss", "case"}:
            continue
        if token.ent_type_ in {"NORP", "GPE"}:
            found = cast.country(token.text)
            country = country or (found.country if found else "")
            if token.ent_type_ == "NORP":
                continue
        words.append(token.text)
    return words, country


def entity_name(token):
    """The text of the entity a token is in, or the token's own."""
    span = entity_span(token)
    return span.text if span is not None else token.text
