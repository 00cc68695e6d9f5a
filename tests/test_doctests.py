"""The examples in the language modules' docstrings are run, so they stay true."""

import doctest
import importlib

import pytest

MODULES = ["nlp.temporal", "nlp.cleaning", "nlp.sentences", "nlp.actors", "nlp.places",
           "nlp.topics", "nlp.events", "timeline.sources"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0


def test_language_modules_do_not_import_django():
    import ast
    from pathlib import Path

    for name in MODULES:
        path = Path(importlib.import_module(name).__file__)
        tree = ast.parse(path.read_text())
        imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert not any(module.startswith("django") for module in imported), name
