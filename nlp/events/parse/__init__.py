"""The parse reader: diplomatic events read from a linguistic parse of the sentences that may
tell of one, as a chain of small components over the Doc (spaCy's component model).

Plain Python, no Django. Each component takes the Doc and the reader's ``Context`` and fills
one typed field, in order:

    parse      doc.parses      the sentences with a trigger word, parsed by spaCy in one batch
    cast       doc.cast        everyone the document names (people, countries, bodies)
    triggers   doc.readings    a Reading per trigger token (lemma and part of speech in triggers.toml)
    frames     reading.frame   kind, status and any cue against it ("did not", "hoped to", "may")
    arguments  reading.arguments  who acts, with whom, where to and where, from the tree
    dates      reading.date    the date the tree attaches to the trigger's clause
    discourse  reading.filled, reading.rejection, reading.events
                               the document fills what a sentence left open, the filters
                               (``filters.RULES``) decide, kept readings become event mentions

>>> import datetime
>>> from nlp.pipeline import understand
>>> doc = understand("Annan wrapped up a three hour meeting with Iraqi president Saddam Hussein in Baghdad "
...                  "on Sunday.", datetime.date(1998, 2, 23), reader="parse")
>>> [(e.event_type, e.status, e.title, e.date.timex) for e in doc.events]
[('meeting', 'occurred', 'Annan meets Saddam Hussein in Baghdad', '1998-02-22')]
"""

import bisect
import functools
from dataclasses import dataclass

from ...entities.actors import Registry
from ..lexicon import Lexicon
from ..reader import register_reader
from .arguments import read_arguments
from .dates import read_dates
from .discourse import read_discourse
from .frame import read_frames
from .people import cast_of
from .triggers import find_triggers, parse_candidates


@dataclass(frozen=True)
class Context:
    """What every component may consult: the Doc being read, the lexicon and the actor registry."""

    doc: object
    lexicon: Lexicon
    registry: Registry

    @functools.cached_property
    def _actors_in_order(self):
        ordered = sorted(self.doc.actors, key=lambda mention: mention.start)
        return ordered, [mention.start for mention in ordered]

    def actors_from(self, low, high):
        """The Doc's actor mentions that begin at ``low`` or after and before ``high``, in text
        order (found by bisection: a long text's many mentions are not all read each time)."""
        ordered, starts = self._actors_in_order
        return ordered[bisect.bisect_left(starts, low):bisect.bisect_left(starts, high)]


def find_cast(doc, context):
    doc.cast = cast_of(doc, doc.parses, context.registry, context.lexicon)
    return doc


COMPONENTS = {
    "parse": parse_candidates,
    "cast": find_cast,
    "triggers": find_triggers,
    "frames": read_frames,
    "arguments": read_arguments,
    "dates": read_dates,
    "discourse": read_discourse,
}
CHAIN = ("parse", "cast", "triggers", "frames", "arguments", "dates", "discourse")


@register_reader("parse")
class ParseReader:
    """The ``EventReader`` built on spaCy's parse: ``read(doc)`` gives event mentions in text order."""

    name = "parse"

    def __init__(self, registry=None, lexicon=None, chain=CHAIN):
        self.registry = registry or Registry.default()
        self.lexicon = lexicon or Lexicon.default()
        self.chain = [COMPONENTS[name] for name in chain]

    def read(self, doc):
        context = Context(doc, self.lexicon, self.registry)
        for component in self.chain:
            doc = component(doc, context)
        events = [event for reading in doc.readings for event in reading.events]
        return sorted(events, key=lambda e: e.evidence[0].trigger_start)
