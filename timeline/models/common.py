"""What every stored reading shares: its date fields and their limits, fingerprints, choices."""

import datetime
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import models

from nlp.doc import DateReading




def sentence_key(sentence):
    """A short fingerprint of a sentence that ignores how its spaces and lines were laid out.

    >>> sentence_key("Fidan visited  Baku.") == sentence_key("Fidan visited\\nBaku.")
    True
    """
    return hashlib.sha1(" ".join(sentence.split()).encode()).hexdigest()[:16]


def content_hash(text):
    """sha256 of a document's text: the same text ingested twice is one document."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def new_public_id():
    # 10 hex characters: short enough to read out, 40 random bits against collisions.
    return secrets.token_hex(5)


class Granularity(models.TextChoices):
    DAY = "day", "day"
    WEEK = "week", "week"
    MONTH = "month", "month"
    SEASON = "season", "season"
    QUARTER = "quarter", "quarter"
    YEAR = "year", "year"
    DECADE = "decade", "decade"
    CENTURY = "century", "century"
    UNKNOWN = "unknown", "unknown"


# "dated to at least": the granularities each precision admits, finest first
PRECISIONS = {
    "day": (Granularity.DAY,),
    "month": (Granularity.DAY, Granularity.WEEK, Granularity.MONTH),
    "year": (Granularity.DAY, Granularity.WEEK, Granularity.MONTH, Granularity.SEASON, Granularity.QUARTER,
             Granularity.YEAR),
}


class DateCertainty(models.TextChoices):
    EXACT = "exact", "exact"
    APPROXIMATE = "approximate", "approximate"
    UNRESOLVED = "unresolved", "unresolved"


class PublicationDateCertainty(models.TextChoices):
    EXACT = "exact", "exact"
    APPROXIMATE = "approximate", "approximate"
    UNKNOWN = "unknown", "unknown"


# The dates the timeline can show and compute with: a day before and after each of them exists,
# so every "next day" and "next month" is on the calendar. A curator's or a file's date outside
# them is refused with a message; a reading outside them stays undated.
EARLIEST_DATE = datetime.date(1, 1, 1)
LATEST_DATE = datetime.date(9998, 12, 31)


def validate_timeline_date(value):
    if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(f"{value.isoformat()} is outside the dates the timeline can show "
                              f"({EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()}).")


def moved(day, days):
    """``day`` moved by ``days``, stopping at the calendar's first or last day."""
    try:
        return day + datetime.timedelta(days=days)
    except OverflowError:
        return datetime.date.min if days < 0 else datetime.date.max


def month_after(year, month):
    """The first day of the month after ``year``-``month``; the calendar's last day past 9999."""
    try:
        return datetime.date(year + month // 12, month % 12 + 1, 1)
    except ValueError:
        return datetime.date.max


class DatedReading(models.Model):
    """A resolved date: the interval, its granularity and where it came from."""

    date_start = models.DateField(null=True, blank=True, validators=[validate_timeline_date])
    date_end = models.DateField(null=True, blank=True, validators=[validate_timeline_date])
    granularity = models.CharField(max_length=10, choices=Granularity, default=Granularity.UNKNOWN)
    timex = models.CharField("TIMEX3 value", max_length=32, blank=True)
    date_certainty = models.CharField(
        max_length=12, choices=DateCertainty, default=DateCertainty.UNRESOLVED
    )
    date_text = models.CharField("date expression", max_length=200, blank=True)
    date_explanation = models.TextField(blank=True)

    class Meta:
        abstract = True

    READING_FIELDS = ("date_start", "date_end", "granularity", "timex", "date_certainty", "date_text", "date_explanation")

    @property
    def reading(self):
        """The stored date as the language layer's ``DateReading``."""
        return DateReading(self.date_start, self.date_end, self.granularity, self.timex, self.date_certainty,
                           self.date_text, self.date_explanation)

    def set_reading(self, reading: DateReading):
        if reading.resolved and not (EARLIEST_DATE <= reading.start <= reading.end <= LATEST_DATE):
            reading = DateReading.unknown(f"{reading.text or reading.timex} lies outside the dates the timeline "
                                          f"can show ({EARLIEST_DATE.year} to {LATEST_DATE.year})")
        self.date_start, self.date_end = reading.start, reading.end
        self.granularity = reading.granularity or Granularity.UNKNOWN
        self.timex = reading.timex[:32]
        self.date_certainty = reading.certainty
        self.date_text = reading.text[:200]
        self.date_explanation = reading.explanation

    def copy_reading(self, other):
        for name in self.READING_FIELDS:
            setattr(self, name, getattr(other, name))
