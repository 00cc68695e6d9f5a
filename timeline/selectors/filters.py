"""What a timeline address asks for, as one typed value that every read takes.

The filter form (``timeline.web.forms.EventFilterForm``) parses an address once; the
``EventFilters`` it gives says which events are matched (text, actors, country, topics, types,
statuses, dates, document, place) and, apart, the order they are shown in. Its ``query()`` is
the address it came from (the filters the page applied, as they were written), its ``key()``
what a cached count depends on (the order aside).

>>> import datetime
>>> filters = EventFilters.of(type=["visit"], start=datetime.date(2012, 1, 1), order="newest")
>>> filters.shape, filters.key() == filters.ordered("oldest").key()
(frozenset({'start', 'type'}), True)
>>> filters.query()
'type=visit&start=2012-01-01&order=newest'
"""

import dataclasses
import datetime
from urllib.parse import urlencode

# the address's names for the fields, in the order an address lists them
NAMES = {"q": "text", "actor": "actors", "country": "country", "with": "partner", "topic": "topics", "type": "types",
         "status": "statuses", "start": "start", "end": "end", "within": "within", "precision": "precision",
         "verified": "verified", "since": "since", "document": "document", "place": "place"}
SEVERAL = {"actor", "topic", "type", "status"}
ORDERS = ("oldest", "newest", "relevance")
NOT_GIVEN = (None, "", (), False)


@dataclasses.dataclass(frozen=True)
class EventFilters:
    text: str = ""
    actors: tuple = ()  # slugs; an event must name every one
    country: str = ""  # an ISO alpha-3 code or a country's name, as the address gave it
    partner: str = ""  # a second country (``with``): events naming both, a relationship's events
    topics: tuple = ()  # slugs; an event must carry every one
    types: tuple = ()
    statuses: tuple = ()
    start: datetime.date | None = None
    end: datetime.date | None = None
    within: bool = False  # dated wholly inside start–end, not only overlapping it
    precision: str = ""  # dated to at least the day, month or year (``models.common.PRECISIONS``)
    verified: bool = False  # verified by a curator
    since: datetime.date | None = None  # added to the timeline on or after this day
    document: int | None = None
    place: str = ""  # a place's slug
    order: str = "oldest"  # how the events are listed; no part of what is matched
    # the address the filters came from, as written ("start=2012"): what links carry
    applied: str = dataclasses.field(default="", compare=False)

    @classmethod
    def of(cls, *, order=None, applied="", **params):
        """From the address's names (``q``, ``actor``, ``type``…), lists where several values
        may be given; empty values are no filter."""
        unknown = set(params) - set(NAMES)
        if unknown:
            raise TypeError(f"unknown filters: {', '.join(sorted(unknown))}")
        values = {}
        for name, value in params.items():
            if value in NOT_GIVEN or value == []:
                continue
            values[NAMES[name]] = tuple(dict.fromkeys(value)) if name in SEVERAL else value
        return cls(**values, order=order or "oldest", applied=applied)

    def params(self):
        """{address name: value} of the filters given (lists for those that take several), the
        order left out."""
        found = {}
        for name, field in NAMES.items():
            value = getattr(self, field)
            if value not in NOT_GIVEN:
                found[name] = list(value) if name in SEVERAL else value
        return found

    @property
    def shape(self):
        """The names of the filters given: what decides which summary can answer."""
        return frozenset(self.params())

    def key(self):
        """What a count of the matching events depends on (not their order), as text."""
        return repr(sorted((name, str(value)) for name, value in self.params().items()))

    def query(self):
        """The address these filters came from (or, made in code, an address that gives them)."""
        if self.applied:
            return self.applied
        pairs = []
        for name, value in self.params().items():
            for item in value if name in SEVERAL else [value]:
                pairs.append((name, item.isoformat() if isinstance(item, datetime.date) else
                              "1" if item is True else item))
        if self.order != "oldest":
            pairs.append(("order", self.order))
        return urlencode(pairs)

    def ordered(self, order):
        """The same filters, listed in ``order``."""
        return dataclasses.replace(self, order=order)

    def without(self, *names):
        """The same filters but those of these address names."""
        return dataclasses.replace(self, applied="", **{NAMES[name]: EventFilters.__dataclass_fields__[NAMES[name]].default
                                                     for name in names})

    def replaced(self, **params):
        """The same filters with these (address names) set anew."""
        changed = EventFilters.of(**params)
        return dataclasses.replace(self, applied="", **{NAMES[name]: getattr(changed, NAMES[name]) for name in params})

    @property
    def dates(self):
        return self.start is not None or self.end is not None
