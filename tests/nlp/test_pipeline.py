"""The pipeline: one Doc through ordered stages, each adding a layer; readers are replaceable."""

import datetime
import pickle

from nlp.doc import Doc
from nlp.pipeline import Pipeline, ReadEvents, clean_text, find_dates, pipeline, split_into_sentences, understand

D = datetime.date
TEXT = "PM WELCOMES ENVOY\n\nThe Japanese envoy met the prime minister in Tokyo on Monday. They discussed trade.\n"


def test_each_stage_adds_its_layer():
    doc = Doc(TEXT, D(2023, 3, 8))
    doc = clean_text(doc)
    assert [b.kind for b in doc.blocks] == ["heading", "body"] and doc.sentences == []
    doc = split_into_sentences(doc)
    assert [doc.sentence_text(s) for s in doc.sentences] == [
        "PM WELCOMES ENVOY", "The Japanese envoy met the prime minister in Tokyo on Monday.", "They discussed trade."]
    assert doc.dates == []
    doc = find_dates(doc)
    assert [(m.text, m.timex) for m in doc.dates] == [("Monday", "2023-03-06")]


def test_the_whole_pipeline_fills_every_layer():
    doc = understand(TEXT, D(2023, 3, 8))
    assert doc.text and doc.blocks and doc.sentences and doc.dates and doc.actors and doc.places
    assert [p.name for p in doc.places] == ["Tokyo"]
    assert any("Trade" in s.topics for s in doc.sentences)
    assert doc.reader == "parse"
    assert pipeline().names == ["clean_text", "split_into_sentences", "find_dates", "FindActors", "find_places",
                                "find_topics", "ReadEvents"]


class _NamedReader:
    """A reader that reports one event per sentence that mentions a date: another reader
    plugs in behind the same interface."""

    name = "dated-sentences"

    def read(self, doc):
        from nlp.doc import DateReading, EventMention, Evidence

        found = []
        for sentence in doc.sentences:
            dates = [m for m in doc.dates if sentence.start <= m.start < sentence.end]
            if dates:
                reading = DateReading.from_mention(dates[0])
                evidence = Evidence(sentence.start, sentence.end, dates[0].start, dates[0].end, sentence.kind, reading)
                found.append(EventMention("meeting", "occurred", "a dated sentence", [], None, set(), reading, [evidence]))
        return found


def test_a_reader_is_one_replaceable_stage():
    standard = pipeline()
    custom = Pipeline([*standard.stages[:-1], ReadEvents(_NamedReader())])
    doc = custom(Doc(TEXT, D(2023, 3, 8)))
    assert doc.reader == "dated-sentences"
    assert [(e.title, e.date.timex) for e in doc.events] == [("a dated sentence", "2023-03-06")]


def test_a_doc_pickles_without_its_working_layers():
    doc = understand(TEXT, D(2023, 3, 8))
    # the reader's parses, cast and readings are not sent between processes; its rejections are
    assert doc.parses and doc.readings and doc.cast is not None
    copy = pickle.loads(pickle.dumps(doc))
    assert (copy.parses, copy.readings, copy.cast) == ([], [], None)
    assert copy.events == doc.events and copy.text == doc.text and copy.rejections == doc.rejections


def test_no_publication_date_no_concrete_relative_date():
    doc = understand(TEXT, None)
    assert [(m.text, m.start_date) for m in doc.dates] == [("Monday", None)]
    assert all(not e.date.resolved for e in doc.events)
