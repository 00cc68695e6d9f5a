"""The kinds of diplomatic event, read from ``data/en/event_types.toml``.

Plain Python, no Django. A kind is defined once, as data: its key, label, CAMEO and PLOVER
codes, the noun of a generic title and the nouns that refer back to it. The readers, the
database's choices, the filters, the admin and the generator all read it from here.

>>> EVENT_TYPES["visit"].cameo, EVENT_TYPES["talks"].label
('042', 'talks / call')
>>> choices()[:2]
[('visit', 'visit'), ('meeting', 'meeting')]
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "en" / "event_types.toml"

# The kinds some code treats specially (a visit has a destination, a cancellation absorbs
# the visit it cancels); any other kind in the data needs no code.
VISIT, MEETING, TALKS, SUMMIT = "visit", "meeting", "talks", "summit"
AGREEMENT, AGREEMENT_TO_ACT, CANCELLATION, EXERCISE = "agreement", "agreement_to_act", "cancellation", "exercise"


@dataclass(frozen=True, slots=True)
class EventType:
    key: str
    label: str
    cameo: str
    plover: str
    noun: str
    refers_to: frozenset


def load(path=DATA):
    """{key: EventType} in the data's order."""
    data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    return {item["key"]: EventType(item["key"], item["label"], item.get("cameo", ""), item.get("plover", ""),
                                   item.get("noun", item["key"]), frozenset(item.get("refers_to", ())))
            for item in data["type"]}


EVENT_TYPES = load()


def choices():
    """``[(key, label)]`` for forms and the database field (a callable, so a new kind needs no migration)."""
    return [(kind.key, kind.label) for kind in EVENT_TYPES.values()]


def codes(key):
    """``(cameo, plover)`` of a kind."""
    kind = EVENT_TYPES[key]
    return kind.cameo, kind.plover
