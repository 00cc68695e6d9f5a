from django.db import migrations

# The GiST index of date intervals (0011) held undated events too, as unbounded ranges that
# contain every day: a date filter read all of them before dropping them. Dated events only.
RANGES = ("CREATE INDEX IF NOT EXISTS event_date_range ON timeline_event USING gist (daterange(date_start, date_end, '[]')) "
          "WHERE date_start IS NOT NULL")
DROP = "DROP INDEX IF EXISTS event_date_range"
OLD = "CREATE INDEX IF NOT EXISTS event_date_range ON timeline_event USING gist (daterange(date_start, date_end, '[]'))"


def dated_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)
        schema_editor.execute(RANGES)


def back(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)
        schema_editor.execute(OLD)


class Migration(migrations.Migration):

    dependencies = [
        ("timeline", "0011_event_undated_and_date_ranges"),
    ]

    operations = [migrations.RunPython(dated_only, back)]
