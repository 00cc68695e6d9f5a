"""A sentence is quoted once per event and document (issue 5, "content repeats"): a scraped page
that repeats its body, or two words of one sentence read as the same event, had stored the same
sentence twice among an event's sources. The copies already stored go, keeping the first that
gives a date, else the first in the document; then the database refuses new ones.

The events keep the dates they have: a repeated sentence repeats its reading, so the date its
copies supported is still the date its first copy supports. Their ``updated_at`` moves, so
pages cached for the data's version are rendered again without the copies.
"""

from django.db import migrations, models
from django.db.models import Case, Count, When
from django.utils import timezone

CHUNK = 500


def fingerprint_missing_sentence_keys(apps, schema_editor):
    from timeline.models import sentence_key

    Evidence = apps.get_model("timeline", "Evidence")
    batch = []
    for item in Evidence.objects.filter(sentence_key="").only("id", "sentence").iterator(chunk_size=2000):
        item.sentence_key = sentence_key(item.sentence)
        batch.append(item)
    Evidence.objects.bulk_update(batch, ["sentence_key"], batch_size=2000)


def drop_repeated_sentences(apps, schema_editor):
    Evidence = apps.get_model("timeline", "Evidence")
    Event = apps.get_model("timeline", "Event")
    repeated = (Evidence.objects.order_by().values("event_id", "document_id", "sentence_key").annotate(n=Count("id"))
                .filter(n__gt=1).values_list("event_id", flat=True).distinct())
    event_ids = sorted(set(repeated))
    for start in range(0, len(event_ids), CHUNK):
        chunk = event_ids[start:start + CHUNK]
        rows = (Evidence.objects.filter(event_id__in=chunk)
                .annotate(undated=Case(When(date_start__isnull=True, then=1), default=0,
                                       output_field=models.IntegerField()))
                .order_by("event_id", "document_id", "sentence_key", "undated", "sentence_start", "trigger_start", "id")
                .values_list("id", "event_id", "document_id", "sentence_key"))
        seen, doomed = set(), []
        for pk, event_id, document_id, key in rows:
            if (event_id, document_id, key) in seen:
                doomed.append(pk)
            else:
                seen.add((event_id, document_id, key))
        Evidence.objects.filter(id__in=doomed).delete()
        Event.objects.filter(id__in=chunk).update(updated_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("timeline", "0016_document_updated_index"),
    ]

    operations = [
        migrations.RunPython(fingerprint_missing_sentence_keys, migrations.RunPython.noop),
        migrations.RunPython(drop_repeated_sentences, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="evidence",
            constraint=models.UniqueConstraint(fields=("event", "document", "sentence_key"),
                                               name="unique_evidence_sentence"),
        ),
    ]
