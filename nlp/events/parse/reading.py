"""What the parse reader knows of one trigger, layer by layer: the typed fields its components
fill in order (frame, arguments, date), the discourse's links, and the rule that rejected it.

Plain Python, no Django. A component reads the fields earlier ones set and sets its own; none
writes another's.
"""

from dataclasses import dataclass, field

from ...doc import DateReading, EventMention, Sentence


@dataclass(frozen=True)
class Clause:
    """A parsed sentence: the Doc's sentence, spaCy's parse of it and where the parse starts in
    the Doc's text (after a dateline: "BAGHDAD, Iraq (AP) --" says where, not who)."""

    sentence: Sentence
    tokens: object  # spaCy Doc
    base: int


@dataclass(frozen=True)
class Cue:
    """What in the grammar makes a trigger no event of its own: "negated" ("did not meet"),
    "hedge" ("probably went"), "unreal" ("hoped to visit"), with the word that says so."""

    kind: str
    word: str = ""


@dataclass(frozen=True)
class Frame:
    """The kind of event and how the text holds it: its status ("occurred", "planned",
    "cancelled", or None when the date must decide: "at the summit next week"), whether the
    grammar says so (a tense, a modal) rather than by default, and any cue against it."""

    kind: str
    status: str | None
    explicit: bool
    cue: Cue | None = None
    habitual: bool = False
    setting: bool = False  # "at the summit", "during the visit": the clause's setting


@dataclass(frozen=True)
class Reference:
    """An argument only the document can fill: "the two leaders", "both countries", "they"
    (``kind`` "people", "parties"), or an event noun already read as an event ("the meeting
    between Kerry and Lavrov produced an agreement": ``kind`` "event", at ``offset``)."""

    kind: str
    offset: int = -1
    fallback: tuple = ()  # the phrase's own actors, if that event was not kept


@dataclass
class Arguments:
    """Who acts, with whom, where to and where: actors (``nlp.entities.coreference.Actor``) or
    ``Reference``s the discourse stage replaces."""

    subjects: list
    partners: list
    destination: object | None  # nlp.entities.places.Place
    place: object | None
    here: bool = False  # "talks here today": the dateline's place


@dataclass
class Filled:
    """A reading's arguments once the document has filled them: references resolved, an event
    referred back to ("the meeting") lending its people and place, the dateline's place; and
    the status the discourse leaves it with."""

    subjects: list
    partners: list
    destination: object | None
    place: object | None
    status: str | None
    place_from_dateline: bool = False

    @property
    def actors(self):
        seen, found = set(), []
        for actor in self.subjects + self.partners:
            if actor.key not in seen:
                seen.add(actor.key)
                found.append(actor)
        return found


@dataclass(frozen=True)
class Rejection:
    """A reading that tells of no event: where, the trigger word, its kind, the rule's name and
    why. The Doc keeps every one (``doc.rejections``)."""

    offset: int
    word: str
    kind: str
    rule: str
    reason: str


@dataclass
class Reading:
    """One trigger and everything read of it so far."""

    clause: Clause
    token: object  # spaCy Token
    entry: object  # nlp.events.lexicon.Entry
    kind: str
    verb: object | None = None  # the verb whose clause tells the event
    frame: Frame | None = None
    arguments: Arguments | None = None
    date: DateReading | None = None
    filled: Filled | None = None
    borrowed: object | None = None  # the event (EventMention) whose people "the two leaders" stand for
    antecedent: object | None = None  # the event "the meeting" refers back to
    rejection: Rejection | None = None
    events: list[EventMention] = field(default_factory=list)

    @property
    def start(self):
        """The trigger's offset in the Doc's text."""
        return self.clause.base + self.token.idx

    @property
    def sentence(self):
        return self.clause.sentence
