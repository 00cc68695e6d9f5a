"""The Doc: one news text and everything the pipeline has read in it, layer by layer.

Plain Python, no Django. ``nlp.pipeline.understand`` makes a Doc from the raw text and passes
it through its stages; each stage adds one layer (cleaned blocks, sentences, date mentions,
actors, places, topics, event mentions) and returns the Doc. Offsets are into ``doc.text``,
the cleaned text that the timeline stores and shows.

The language objects the timeline stores also live here: ``DateReading`` (a date with its
granularity, certainty and explanation), ``EventMention`` with its ``EventActor``s and
``Evidence``.

>>> doc = Doc("Talks were held.", datetime.date(2021, 4, 7))
>>> doc.text, doc.sentences, doc.events
('', [], [])
"""

import datetime
from dataclasses import dataclass, field

BODY, HEADING, CAPTION, SUMMARY = "body", "heading", "caption", "summary"
PERSON, COUNTRY, ORGANISATION = "person", "country", "organisation"
OCCURRED, PLANNED, CANCELLED = "occurred", "planned", "cancelled"


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph of the cleaned text and what it is: body, heading, caption or summary bullet."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    block: int  # index into doc.blocks
    kind: str  # the block's kind
    first_in_block: bool = False
    topics: frozenset = frozenset()


@dataclass
class DateReading:
    """A date as an event carries it: the calendar interval (or none), granularity, TIMEX3
    value, certainty, the expression it came from and why it means that date."""

    start: datetime.date | None
    end: datetime.date | None
    granularity: str
    timex: str
    certainty: str
    text: str
    explanation: str
    expression_start: int | None = None
    expression_end: int | None = None
    # The text gives no date for the event; the discourse supplies one (the day of the report's
    # news, the dates of the visit it took place during). Another reading's date wins over it.
    inferred: bool = False
    # "arrived on Monday" gives the first day of the event, "ended his visit on Wednesday" the
    # last ("start", "end"); a start and an end together give the event its stretch.
    edge: str = ""

    @property
    def resolved(self):
        return self.start is not None

    @classmethod
    def from_mention(cls, mention):
        """The reading of a ``nlp.temporal.TemporalMention``."""
        return cls(mention.start_date, mention.end_date, mention.granularity, mention.timex, mention.certainty,
                   mention.text, mention.explanation, mention.start, mention.end)

    @classmethod
    def unknown(cls, why):
        return cls(None, None, "unknown", "", "unresolved", "", why)


@dataclass
class EventActor:
    key: str  # the actor's canonical name
    kind: str  # person | country | organisation
    country: str  # ISO 3166 alpha-3
    role: str  # source | target | participant
    title: str = ""  # the person's role ("Foreign Minister of Russia")


@dataclass
class Evidence:
    """One sentence that tells of an event, with the trigger and the date it gives."""

    sentence_start: int
    sentence_end: int
    trigger_start: int
    trigger_end: int
    section: str
    date: DateReading
    status: str = OCCURRED


@dataclass
class EventMention:
    """An event as a document tells it; several mentions of one event are merged into one."""

    event_type: str
    status: str
    title: str
    actors: list[EventActor]
    place: object | None  # nlp.entities.places.Place
    topics: set[str]
    date: DateReading
    evidence: list[Evidence]
    cameo: str = ""
    plover: str = ""
    conflict: list[DateReading] = field(default_factory=list)
    paragraph: int = -1  # offset of the paragraph of the first mention
    definite: bool = False  # named as an event already known: "their meeting", "the Astana meeting"
    what: str = ""  # what was signed or agreed, in the text's words ("memorandum of understanding")
    antecedent_at: int = -1  # the trigger of the event this mention refers back to ("the agreement was reached")

    @property
    def people(self):
        return {a.key for a in self.actors if a.kind == PERSON}

    @property
    def parties(self):
        """Countries and organisations involved, counting people's countries."""
        found = {a.country or a.key for a in self.actors if a.kind in {COUNTRY, PERSON} and (a.country or a.kind == COUNTRY)}
        found |= {a.key for a in self.actors if a.kind == ORGANISATION}
        return found


@dataclass
class Doc:
    """A text and its layers. ``raw`` and ``published`` are given; the stages fill the rest."""

    raw: str
    published: datetime.date | None = None
    published_approximate: bool = False
    text: str = ""  # the cleaned text; every offset below points into it
    blocks: list[Block] = field(default_factory=list)
    dropped: dict[str, int] = field(default_factory=dict)  # what cleaning removed, by reason
    sentences: list[Sentence] = field(default_factory=list)
    dates: list = field(default_factory=list)  # nlp.temporal.TemporalMention, every kind
    actors: list = field(default_factory=list)  # nlp.entities.actors.ActorMention
    places: list = field(default_factory=list)  # nlp.entities.places.PlaceMention
    datelines: dict = field(default_factory=dict)  # block index -> Place of its dateline
    dateline_ends: dict = field(default_factory=dict)  # block index -> offset where its dateline ends
    events: list[EventMention] = field(default_factory=list)
    reader: str = ""  # the name of the event reader that read the events
    rejections: list = field(default_factory=list)  # what a reader's rules rejected (nlp.events.parse.reading.Rejection)
    # A reader's working layers: the parses of the sentences it read, the document's cast and
    # one Reading per trigger. Kept for inspection within the process; never stored, never pickled.
    parses: list = field(default_factory=list, repr=False, compare=False)
    cast: object = field(default=None, repr=False, compare=False)
    readings: list = field(default_factory=list, repr=False, compare=False)

    def __getstate__(self):
        state = dict(self.__dict__)
        state.update(parses=[], cast=None, readings=[])
        return state

    def sentence_text(self, sentence):
        return self.text[sentence.start:sentence.end]

    def block_text(self, index):
        block = self.blocks[index]
        return self.text[block.start:block.end]

    def kind_at(self, offset):
        for block in self.blocks:
            if block.start <= offset < block.end:
                return block.kind
        return BODY

    @property
    def dateline(self):
        """The place of the first dateline of the document ("BEIJING, CHINA: ...")."""
        return next(iter(self.datelines.values()), None)
