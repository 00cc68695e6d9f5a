"""PostgreSQL: how many visible events each search word (a lexeme of the text search) matches,
per month (and undated, month NULL), kept by a trigger on the event table. A one-word search
then reads its chart, its total and where its first page lies from this table instead of
finding every matching event (which grows with the archive). SQLite has no such table: its
full-text table is small enough to count on a single machine's archive."""

from django.db import migrations, models

VISIBLE = "NOT {e}.is_hidden AND {e}.merged_into_id IS NULL"
LEXEMES = "unnest(tsvector_to_array(to_tsvector('english', {e}.search_text)))"

POSTGRESQL = [
    f"""CREATE FUNCTION timeline_word_count() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND {VISIBLE.format(e='OLD')} THEN
    UPDATE timeline_wordcount SET n = n - 1
     WHERE month IS NOT DISTINCT FROM date_trunc('month', OLD.date_start)::date
       AND word IN (SELECT {LEXEMES.format(e='OLD')});
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND {VISIBLE.format(e='NEW')} THEN
    INSERT INTO timeline_wordcount (word, month, n)
    SELECT {LEXEMES.format(e='NEW')}, date_trunc('month', NEW.date_start)::date, 1
    ON CONFLICT (word, month) DO UPDATE SET n = timeline_wordcount.n + 1;
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql""",
    "CREATE TRIGGER timeline_word_count_insert AFTER INSERT OR DELETE ON timeline_event "
    "FOR EACH ROW EXECUTE FUNCTION timeline_word_count()",
    # a save rewrites every column: only a change the counts depend on recounts the words
    "CREATE TRIGGER timeline_word_count_update AFTER UPDATE OF search_text, date_start, is_hidden, merged_into_id "
    "ON timeline_event FOR EACH ROW WHEN (OLD.search_text IS DISTINCT FROM NEW.search_text "
    "OR date_trunc('month', OLD.date_start) IS DISTINCT FROM date_trunc('month', NEW.date_start) "
    "OR OLD.is_hidden IS DISTINCT FROM NEW.is_hidden OR OLD.merged_into_id IS DISTINCT FROM NEW.merged_into_id) "
    "EXECUTE FUNCTION timeline_word_count()",
    f"""INSERT INTO timeline_wordcount (word, month, n)
        SELECT word, date_trunc('month', e.date_start)::date, count(*)
          FROM timeline_event e, {LEXEMES.format(e='e')} AS word WHERE {VISIBLE.format(e='e')} GROUP BY 1, 2""",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS timeline_word_count_insert ON timeline_event",
    "DROP TRIGGER IF EXISTS timeline_word_count_update ON timeline_event",
    "DROP FUNCTION IF EXISTS timeline_word_count()",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL_REVERSE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ("timeline", "0014_facet_counts_by_type_and_status"),
    ]

    operations = [
        # the table exists on PostgreSQL only (required_db_vendor)
        migrations.CreateModel(
            name="WordCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("word", models.TextField()),
                ("month", models.DateField(null=True)),
                ("n", models.IntegerField(default=0)),
            ],
            options={
                "required_db_vendor": "postgresql",
                "required_db_features": {"supports_nulls_distinct_unique_constraints"},
                "constraints": [models.UniqueConstraint(fields=("word", "month"), name="word_count_key", nulls_distinct=False)],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
