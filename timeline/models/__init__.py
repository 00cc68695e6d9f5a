"""The timeline's data: documents, the events read from them, and the evidence between.

Every event date can explain itself: the event keeps the chosen reading (start, end,
granularity, TIMEX3 value, certainty, expression, explanation) and each piece of
evidence keeps the reading its own sentence gave, so disagreements stay visible.

One module per kind of thing, all importable from here:

| module | holds |
|---|---|
| `common` | the date fields every reading shares (`DatedReading`), the calendar's ends, fingerprints |
| `documents` | `Document`, `DateMention` |
| `actors` | `Actor`, `ActorAlias`, `Topic`, `Place` |
| `queries` | `EventQuerySet` (every read of events), `EventStatus`, the kinds of event |
| `events` | `Event`, `EventActor`, its history, `Evidence`, `DeletedEvent` |
| `counts` | the summary tables (`MonthCount` ... `ActorCount`) |
| `search`, `sql`, `availability` | full-text search, SQL expressions, whether the database answers |
"""

from timeline.models.common import (  # noqa: F401
    EARLIEST_DATE, LATEST_DATE, DateCertainty, DatedReading, Granularity, PublicationDateCertainty, content_hash,
    month_after, moved, new_public_id, sentence_key, validate_timeline_date,
)
from timeline.models.documents import DateMention, Document, DocumentQuerySet, Feed, FeedState  # noqa: F401
from timeline.models.actors import Actor, ActorAlias, ActorQuerySet, Place, Topic, person_name_key  # noqa: F401
from timeline.models.queries import EventQuerySet, EventStatus, event_type_choices  # noqa: F401
from timeline.models.counts import (  # noqa: F401
    ActorCount, MonthCount, MonthCountQuerySet, MonthFacetCount, MonthFacetCountQuerySet, MonthLaneCount,
    MonthLaneCountQuerySet, PlaceCount, PlaceCountQuerySet, WordCount, YearLaneCount,
)
from timeline.models.events import (  # noqa: F401
    LINK_COLUMNS, DeletedEvent, Event, EventActor, EventHistory, EventHistoryManager, Evidence, EvidenceQuerySet,
    RetiredEvent, links_of,
)
