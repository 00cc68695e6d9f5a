"""What ``extract`` returns: one ``TemporalMention`` per expression found."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TemporalMention:
    start: int
    end: int
    text: str
    timex: str
    type: str
    granularity: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    explanation: str
    mod: str = ""
    anchor: str = "absolute"  # absolute | publication date | previous date | none
    certainty: str = "exact"  # exact | approximate | unresolved

    @property
    def resolved(self):
        return self.start_date is not None
