"""The interface every event reader fulfils, and the readers by name.

Plain Python, no Django. A reader takes a Doc whose earlier layers are filled (text,
sentences, dates, actors, places, topics) and returns the event mentions it finds, one per
trigger, not yet merged: merging is ``nlp.events.resolution``'s, the same for every reader.
"""

from typing import Protocol

from ..doc import Doc, EventMention


class EventReader(Protocol):
    name: str

    def read(self, doc: Doc) -> list[EventMention]:
        """The event mentions of ``doc``, in text order."""
        ...


DEFAULT_READER = "parse"


def make_reader(name=None, registry=None) -> EventReader:
    """The reader called ``name`` ("pattern"), built with this actor registry."""
    name = name or DEFAULT_READER
    if name == "pattern":
        from .patterns import PatternReader

        return PatternReader(registry)
    if name == "parse":
        from .parsed import ParseReader

        return ParseReader(registry)
    raise ValueError(f"unknown event reader {name!r}: choose 'parse' or 'pattern'")
