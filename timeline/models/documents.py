"""Documents as ingested, and the date expressions found in them."""


from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from nlp.doc import DateReading

from timeline.models.common import DatedReading, PublicationDateCertainty, content_hash, validate_timeline_date



class DocumentQuerySet(models.QuerySet):
    def with_event_counts(self):
        """Each document with ``event_count``: the public events it reports."""
        return self.annotate(event_count=models.Count(
            "evidence__event", filter=models.Q(evidence__event__is_hidden=False, evidence__event__merged_into__isnull=True),
            distinct=True))


class Document(models.Model):
    origin = models.CharField(
        max_length=500, db_index=True, help_text="File path or other origin of the text."
    )
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    raw_text = models.TextField()
    cleaned_text = models.TextField(blank=True)
    title = models.CharField(max_length=500, blank=True)
    outlet = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    publication_date = models.DateField(null=True, blank=True, validators=[validate_timeline_date])
    publication_date_certainty = models.CharField(
        max_length=12, choices=PublicationDateCertainty, default=PublicationDateCertainty.UNKNOWN
    )
    publication_date_note = models.CharField(max_length=500, blank=True)
    date_found_in = models.CharField(
        max_length=200, blank=True,
        help_text="Where the publication date was found: front matter, manifest.csv, --published, "
                  "the page's metadata (which), the feed entry.")
    author = models.CharField(max_length=200, blank=True)
    language = models.CharField(max_length=20, blank=True, help_text="As the page declares it (its lang attribute).")
    text_from = models.CharField(
        max_length=300, blank=True,
        help_text="A web document: whether its text is the page's, or the feed entry's and why.")
    cleaning_notes = models.JSONField(
        default=dict, blank=True, help_text="What cleaning removed from the raw text, by reason."
    )
    publication_date_set_by_curator = models.BooleanField(
        default=False, help_text="A curator set the publication date; files and manifests no longer change it."
    )
    # what the file (its front matter, its manifest row) last said of the document's title, outlet
    # and address: a value the file changes is taken unless a curator changed it since
    source_metadata = models.JSONField(default=dict, blank=True, editable=False)
    ingested_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["raw_text", "cleaned_text", "source_metadata"])

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["publication_date", "id"]
        indexes = [models.Index(fields=["updated_at"], name="document_updated")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(publication_date__isnull=False)
                | models.Q(publication_date_certainty="unknown"),
                name="document_undated_is_unknown",
            ),
        ]

    def __str__(self):
        return self.title or self.origin

    def save(self, *args, **kwargs):
        self.content_hash = content_hash(self.raw_text)
        if self.publication_date is None:
            self.publication_date_certainty = PublicationDateCertainty.UNKNOWN
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("timeline:document", args=[self.pk])




class FeedState(models.TextChoices):
    ACTIVE = "active", "followed"
    PAUSED = "paused", "paused"


class Feed(models.Model):
    """An RSS or Atom feed that ``manage.py poll_feeds`` (and the Celery beat schedule) follows:
    each poll asks with the ETag and Last-Modified of the last answer, and stores the entries not
    seen before (or changed since) as documents."""

    url = models.URLField(max_length=1000, unique=True, help_text="The feed's address (RSS or Atom).")
    outlet = models.CharField(max_length=200, blank=True, help_text="Who publishes it; else the feed's own title.")
    title = models.CharField(max_length=500, blank=True, editable=False)
    state = models.CharField(max_length=10, choices=FeedState, default=FeedState.ACTIVE)
    last_polled_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_changed_at = models.DateTimeField(null=True, blank=True, editable=False,
                                           help_text="When a poll last found new or changed entries.")
    etag = models.CharField(max_length=500, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    last_error = models.TextField(blank=True, editable=False)
    # entry key -> the stamp it had when stored: an entry is read again only when its stamp changes
    seen = models.JSONField(default=dict, blank=True, editable=False)
    documents_stored = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["url"]

    def __str__(self):
        return self.outlet or self.title or self.url


class DateMention(DatedReading):
    """A date, time, duration or set expression found in a document's cleaned text at ingest,
    as the resolver read it: what the document page marks and explains."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="date_mentions")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, help_text="DATE, TIME, DURATION or SET (TIMEX3 types).")

    class Meta:
        ordering = ["document_id", "start"]
        constraints = [models.CheckConstraint(condition=models.Q(start__lt=models.F("end")), name="date_mention_span")]

    def __str__(self):
        return f"{self.date_text} ({self.timex})"

    @classmethod
    def of(cls, document, mention):
        """The row of a ``nlp.temporal.TemporalMention``."""
        row = cls(document=document, start=mention.start, end=mention.end, kind=mention.type)
        row.set_reading(DateReading.from_mention(mention))
        return row
