"""The interface every event reader fulfils, and the readers by name.

Plain Python, no Django. A reader takes a Doc whose earlier layers are filled (text,
sentences, dates, actors, places, topics) and returns the event mentions it finds, one per
trigger, not yet merged: merging is ``nlp.events.resolution``'s, the same for every reader.
Readers register themselves by name (``register_reader``); ``make_reader`` builds one.
"""

import importlib
from typing import Protocol

from ..doc import Doc, EventMention


class EventReader(Protocol):
    name: str

    def read(self, doc: Doc) -> list[EventMention]:
        """The event mentions of ``doc``, in text order."""
        ...


DEFAULT_READER = "parse"
READERS = {}  # name -> reader class
# The module that registers each reader, imported when the reader is first asked for (the
# parse reader loads spaCy; the pattern reader does not need it).
_MODULES = {"parse": "nlp.events.parse", "pattern": "nlp.events.patterns"}


def register_reader(name):
    def register(cls):
        READERS[name] = cls
        return cls

    return register


def make_reader(name=None, registry=None) -> EventReader:
    """The reader called ``name`` ("pattern"), built with this actor registry; ``name`` may
    also be ``"module:Class"``, a reader class of one's own (a test's, say)."""
    name = name or DEFAULT_READER
    if ":" in name:
        module, _, attribute = name.partition(":")
        return getattr(importlib.import_module(module), attribute)(registry)
    if name not in READERS and name in _MODULES:
        importlib.import_module(_MODULES[name])
    if name not in READERS:
        raise ValueError(f"unknown event reader {name!r}: choose one of {', '.join(sorted(_MODULES))}")
    return READERS[name](registry)
