"""The density chart's summary: visible, dated events per month, type and status, kept by
triggers on the event table so that it stays right whatever writes events (ingest, curation,
bulk updates, the admin)."""

from django.db import migrations, models

VISIBLE = "NOT {row}.is_hidden AND {row}.merged_into_id IS NULL AND {row}.date_start IS NOT NULL"
COLUMNS = "date_start, event_type, status, is_hidden, merged_into_id"

POSTGRESQL = f"""
CREATE OR REPLACE FUNCTION timeline_month_count() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND {VISIBLE.format(row="OLD")} THEN
    UPDATE timeline_monthcount SET n = n - 1
     WHERE month = date_trunc('month', OLD.date_start)::date AND event_type = OLD.event_type AND status = OLD.status;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND {VISIBLE.format(row="NEW")} THEN
    INSERT INTO timeline_monthcount (month, event_type, status, n)
    VALUES (date_trunc('month', NEW.date_start)::date, NEW.event_type, NEW.status, 1)
    ON CONFLICT (month, event_type, status) DO UPDATE SET n = timeline_monthcount.n + 1;
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER timeline_month_count AFTER INSERT OR DELETE OR UPDATE OF {COLUMNS} ON timeline_event
  FOR EACH ROW EXECUTE FUNCTION timeline_month_count();
INSERT INTO timeline_monthcount (month, event_type, status, n)
  SELECT date_trunc('month', date_start)::date, event_type, status, count(*) FROM timeline_event
   WHERE {VISIBLE.format(row="timeline_event")} GROUP BY 1, 2, 3;
"""
POSTGRESQL_REVERSE = """
DROP TRIGGER IF EXISTS timeline_month_count ON timeline_event;
DROP FUNCTION IF EXISTS timeline_month_count();
"""

_ADD = """INSERT INTO timeline_monthcount (month, event_type, status, n)
    VALUES (strftime('%Y-%m-01', NEW.date_start), NEW.event_type, NEW.status, 1)
    ON CONFLICT (month, event_type, status) DO UPDATE SET n = n + 1;"""
_REMOVE = """UPDATE timeline_monthcount SET n = n - 1
    WHERE month = strftime('%Y-%m-01', OLD.date_start) AND event_type = OLD.event_type AND status = OLD.status;"""
SQLITE = [
    f"CREATE TRIGGER timeline_month_count_insert AFTER INSERT ON timeline_event "
    f"WHEN {VISIBLE.format(row='NEW')} BEGIN {_ADD} END",
    f"CREATE TRIGGER timeline_month_count_delete AFTER DELETE ON timeline_event "
    f"WHEN {VISIBLE.format(row='OLD')} BEGIN {_REMOVE} END",
    f"CREATE TRIGGER timeline_month_count_update_old AFTER UPDATE OF {COLUMNS} ON timeline_event "
    f"WHEN {VISIBLE.format(row='OLD')} BEGIN {_REMOVE} END",
    f"CREATE TRIGGER timeline_month_count_update_new AFTER UPDATE OF {COLUMNS} ON timeline_event "
    f"WHEN {VISIBLE.format(row='NEW')} BEGIN {_ADD} END",
    "INSERT INTO timeline_monthcount (month, event_type, status, n) "
    f"SELECT strftime('%Y-%m-01', date_start), event_type, status, count(*) FROM timeline_event "
    f"WHERE {VISIBLE.format(row='timeline_event')} GROUP BY 1, 2, 3",
]
SQLITE_REVERSE = [f"DROP TRIGGER IF EXISTS timeline_month_count_{name}" for name in
                  ("insert", "delete", "update_old", "update_new")]


def create_triggers(apps, schema_editor):
    connection = schema_editor.connection
    statements = [POSTGRESQL] if connection.vendor == "postgresql" else SQLITE
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def drop_triggers(apps, schema_editor):
    connection = schema_editor.connection
    statements = [POSTGRESQL_REVERSE] if connection.vendor == "postgresql" else SQLITE_REVERSE
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("timeline", "0008_evidence_sentence_key"),
    ]

    operations = [
        migrations.CreateModel(
            name="MonthCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("month", models.DateField()),
                ("event_type", models.CharField(max_length=24)),
                ("status", models.CharField(max_length=10)),
                ("n", models.IntegerField(default=0)),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("month", "event_type", "status"), name="month_count_key")],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
