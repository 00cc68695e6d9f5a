"""The development corpus is measuring material: the repository never contains its sentences
(../shared/corpora/README.md). Where the corpus is on disk, no run of eight of its words may
appear in a file of the project."""

import json
import os
import re
from pathlib import Path

import pytest

from tests.conftest import PROJECT_DIR

CORPUS = Path(os.environ.get("TEMPEVAL_CORPUS", "/work/shared/corpora/tempeval3-tbaq-dev.jsonl"))
RUN = 8
SKIPPED_DIRS = {".venv", ".git", "node_modules", "test-artifacts", "staticfiles", "__pycache__"}
SUFFIXES = {".py", ".toml", ".md", ".html", ".txt", ".csv", ".jsonl", ".json", ".sh", ".js", ".css", ".yaml", ".cfg"}
_WORDS = re.compile(r"[a-z0-9$%']+")


def runs(text):
    words = _WORDS.findall(text.lower())
    return {" ".join(words[i:i + RUN]) for i in range(len(words) - RUN + 1)}


def project_files():
    for path in PROJECT_DIR.rglob("*"):
        if path.suffix in SUFFIXES and path.is_file() and not SKIPPED_DIRS & set(path.relative_to(PROJECT_DIR).parts):
            yield path


@pytest.mark.skipif(not CORPUS.exists(), reason=f"the development corpus is not on this machine ({CORPUS})")
def test_no_sentence_of_the_development_corpus_is_in_the_repository():
    corpus = set()
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        corpus |= runs(json.loads(line)["text"])
    copied = {}
    for path in project_files():
        found = runs(path.read_text(encoding="utf-8", errors="ignore")) & corpus
        if found:
            copied[str(path.relative_to(PROJECT_DIR))] = sorted(found)[:3]
    assert copied == {}


def test_the_check_finds_a_copied_run():
    text = "Officials said the delegation would return to Geneva next week for a second round."
    assert runs(text) & runs("Yesterday officials said the delegation would return to Geneva next week")
    assert not runs("the end of the year") & runs(text)
