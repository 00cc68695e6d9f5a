"""``understand(raw, published) -> Doc``: the whole language pipeline, one stage after another.

Plain Python, no Django. Each stage takes the Doc and returns it with one more layer, as
spaCy's components do, so a stage can be tested, timed, replaced or reordered on its own:

    clean_text      raw text -> cleaned text and labelled blocks (headings, captions, bullets)
    split_sentences blocks -> sentences
    find_dates      date, time, duration and set expressions, resolved against the publication date
    FindActors      people, countries and organisations (with the actor registry)
    find_places     datelines and the places the text names
    find_topics     each sentence's topics
    ReadEvents      event mentions from an EventReader, merged within the document, each
                    sentence once in an event's evidence

>>> import datetime
>>> doc = understand("Lavrov visited Islamabad on Tuesday.", datetime.date(2021, 4, 7))
>>> [s.kind for s in doc.sentences], [m.timex for m in doc.dates], [a.key for a in doc.actors]
(['body'], ['2021-04-06'], ['Sergey Lavrov', 'Pakistan'])
>>> [(e.event_type, e.title) for e in doc.events]
[('visit', 'Sergey Lavrov visits Islamabad')]
"""

import dataclasses
import functools

from .cleaning import clean
from .doc import Doc, Sentence
from .entities.actors import Registry, find_actors
from .entities.places import dateline, places_in
from .entities.topics import topics_in
from .events.reader import make_reader
from .events.resolution import dates_of_parts, merge_within_document, one_passage_per_sentence
from .sentences import split_sentences
from .temporal import extract


def clean_text(doc):
    cleaned = clean(doc.raw)
    doc.text, doc.blocks, doc.dropped = cleaned.text, cleaned.blocks, cleaned.dropped
    return doc


def split_into_sentences(doc):
    doc.sentences = [
        Sentence(start, end, index, block.kind, first_in_block=number == 0)
        for index, block in enumerate(doc.blocks)
        for number, (start, end, _) in enumerate(split_sentences(doc.text, block.start, block.end))
    ]
    return doc


def find_dates(doc):
    doc.dates = extract(doc.text, doc.published, dct_is_approximate=doc.published_approximate)
    return doc


class FindActors:
    def __init__(self, registry):
        self.registry = registry

    def __call__(self, doc):
        doc.actors = find_actors(doc.text, self.registry, doc.published)
        return doc


def find_places(doc):
    for index, block in enumerate(doc.blocks):
        found = dateline(doc.block_text(index))
        if found is not None:
            place, length = found
            doc.dateline_ends[index] = block.start + length
            if place is not None:
                doc.datelines[index] = place
    doc.places = places_in(doc.text)
    return doc


def find_topics(doc):
    doc.sentences = [dataclasses.replace(s, topics=frozenset(topics_in(doc.sentence_text(s)))) for s in doc.sentences]
    return doc


class ReadEvents:
    def __init__(self, reader):
        self.reader = reader

    def __call__(self, doc):
        doc.events = dates_of_parts(one_passage_per_sentence(merge_within_document(self.reader.read(doc)), doc.text))
        doc.reader = self.reader.name
        return doc


class Pipeline:
    """Stages run in order over a Doc."""

    def __init__(self, stages):
        self.stages = list(stages)

    def __call__(self, doc):
        for stage in self.stages:
            doc = stage(doc)
        return doc

    @property
    def names(self):
        return [getattr(stage, "__name__", type(stage).__name__) for stage in self.stages]


@functools.lru_cache(maxsize=8)  # a few registries (curators add actors) and readers per process
def _pipeline(registry, reader):
    return Pipeline([clean_text, split_into_sentences, find_dates, FindActors(registry), find_places, find_topics,
                     ReadEvents(make_reader(reader, registry))])


def pipeline(*, registry=None, reader=None):
    """The standard pipeline for an actor registry and an event reader (by name)."""
    return _pipeline(registry or Registry.default(), reader)


def understand(raw, published=None, *, approximate=False, registry=None, reader=None) -> Doc:
    """Everything the language work reads in ``raw``, against its publication date."""
    doc = Doc(raw, published, published_approximate=approximate)
    return pipeline(registry=registry, reader=reader)(doc)
