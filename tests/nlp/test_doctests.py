"""The examples in the language modules' docstrings are run, so they stay true; and the
language package never imports Django."""

import ast
import doctest
import importlib
from pathlib import Path

import pytest

NLP = Path(__file__).resolve().parents[2] / "nlp"
NLP_MODULES = sorted(
    ".".join(path.relative_to(NLP.parent).with_suffix("").parts).removesuffix(".__init__")
    for path in NLP.rglob("*.py")
)
# The modules whose public functions carry examples (a module of types or an interface may have none).
WITH_EXAMPLES = ["nlp.temporal", "nlp.model", "nlp.cleaning", "nlp.sentences", "nlp.doc", "nlp.pipeline", "nlp.entities.actors",
                 "nlp.entities.places", "nlp.entities.topics", "nlp.events.types", "nlp.events.patterns",
                 "nlp.events.titles", "nlp.events.resolution", "nlp.events.parse",
                 "nlp.events.parse.words"]


@pytest.mark.parametrize("name", NLP_MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    if name in WITH_EXAMPLES:
        assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0


def test_the_language_package_never_imports_django():
    checked = 0
    for path in NLP.rglob("*.py"):
        tree = ast.parse(path.read_text())
        imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert not any(module.split(".")[0] in {"django", "timeline", "config"} for module in imported), path
        checked += 1
    assert checked >= 10
