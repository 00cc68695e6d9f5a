from django.db import migrations, models


def fingerprint_stored_sentences(apps, schema_editor):
    from timeline.models import sentence_key

    Evidence = apps.get_model("timeline", "Evidence")
    batch = []
    for item in Evidence.objects.only("id", "sentence").iterator(chunk_size=2000):
        item.sentence_key = sentence_key(item.sentence)
        batch.append(item)
        if len(batch) == 2000:
            Evidence.objects.bulk_update(batch, ["sentence_key"])
            batch = []
    Evidence.objects.bulk_update(batch, ["sentence_key"])


class Migration(migrations.Migration):
    dependencies = [
        ("timeline", "0007_actor_name_key"),
    ]

    operations = [
        migrations.AddField(
            model_name="evidence",
            name="sentence_key",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=16),
        ),
        migrations.RunPython(fingerprint_stored_sentences, migrations.RunPython.noop),
    ]
