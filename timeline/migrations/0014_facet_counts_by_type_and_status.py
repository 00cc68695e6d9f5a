"""The summary by actor, topic and country (0010) also by event type and status, so that one
such filter with types or statuses ("Pakistan, happened") reads the summary too. The triggers
of 0010 are replaced by the same triggers keyed by the event's cell: (month, type, status)."""

import importlib

from django.db import migrations, models

TABLE = "timeline_monthfacetcount"
VISIBLE = "NOT {e}.is_hidden AND {e}.merged_into_id IS NULL AND {e}.date_start IS NOT NULL"
EVENT_COLUMNS = "date_start, is_hidden, merged_into_id, event_type, status"


def previous():
    return importlib.import_module("timeline.migrations.0010_monthfacetcount")


# the same SQL pieces as 0010's
month, text, keys_of, other_link_of_country = (previous().month, previous().text, previous().keys_of,
                                               previous().other_link_of_country)


def upsert(dialect):
    prefix = f"{TABLE}." if dialect == "postgresql" else ""
    return f"ON CONFLICT (facet, facet_key, month, event_type, status) DO UPDATE SET n = {prefix}n + 1"


def recount(dialect, facet=None):
    """Every count of one facet (or all), from the rows."""
    e = VISIBLE.format(e="e")
    cell = f"{month(dialect, 'e.date_start')}, e.event_type, e.status"
    parts = {
        "actor": f"SELECT {cell}, 'actor', {text(dialect, 'x.actor_id')}, count(*) FROM timeline_event e "
                 f"JOIN timeline_eventactor x ON x.event_id = e.id WHERE {e} GROUP BY 1, 2, 3, 5",
        "topic": f"SELECT {cell}, 'topic', {text(dialect, 't.topic_id')}, count(*) FROM timeline_event e "
                 f"JOIN timeline_event_topics t ON t.event_id = e.id WHERE {e} GROUP BY 1, 2, 3, 5",
        "country": f"SELECT {cell}, 'country', a.country, count(DISTINCT e.id) FROM timeline_event e "
                   f"JOIN timeline_eventactor x ON x.event_id = e.id JOIN timeline_actor a ON a.id = x.actor_id "
                   f"WHERE {e} AND a.country <> '' GROUP BY 1, 2, 3, 5",
    }
    chosen = [facet] if facet else list(parts)
    statements = [f"DELETE FROM {TABLE} WHERE facet = '{name}'" for name in chosen]
    statements += [f"INSERT INTO {TABLE} (month, event_type, status, facet, facet_key, n) {parts[name]}" for name in chosen]
    return statements


def postgresql():
    e = VISIBLE.format(e="e")
    cell = "date_trunc('month', e.date_start)::date, e.event_type, e.status"
    at_cell = "month = m AND event_type = t AND status = s"
    return [f"""
CREATE FUNCTION timeline_facet_actor_link() RETURNS trigger AS $$
DECLARE m date; t varchar; s varchar;
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    SELECT {cell} INTO m, t, s FROM timeline_event e WHERE e.id = OLD.event_id AND {e};
    IF m IS NOT NULL THEN
      UPDATE {TABLE} SET n = n - 1 WHERE {at_cell} AND facet = 'actor' AND facet_key = OLD.actor_id::text;
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    m := NULL;
    SELECT {cell} INTO m, t, s FROM timeline_event e WHERE e.id = NEW.event_id AND {e};
    IF m IS NOT NULL THEN
      INSERT INTO {TABLE} (month, event_type, status, facet, facet_key, n) VALUES (m, t, s, 'actor', NEW.actor_id::text, 1)
        {upsert('postgresql')};
    END IF;
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql""",
        # An event counts once for a country however many of its actors are of it. A row
        # trigger that runs after the statement sees all of a multi-row insert or delete at
        # once (every link then finds another of its country, and none counts); one that runs
        # before each row sees the rows before it, so the first link of a country adds it and
        # the last one removed takes it away. (A link an insert then skips as a duplicate has
        # the same country as the link it duplicates, so it adds nothing here.)
        f"""
CREATE FUNCTION timeline_facet_country_link() RETURNS trigger AS $$
DECLARE m date; t varchar; s varchar; c varchar;
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    SELECT {cell} INTO m, t, s FROM timeline_event e WHERE e.id = OLD.event_id AND {e};
    SELECT country INTO c FROM timeline_actor WHERE id = OLD.actor_id;
    IF m IS NOT NULL AND c <> '' AND NOT {other_link_of_country('OLD.event_id', 'OLD.id', 'c')} THEN
      UPDATE {TABLE} SET n = n - 1 WHERE {at_cell} AND facet = 'country' AND facet_key = c;
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    m := NULL;
    SELECT {cell} INTO m, t, s FROM timeline_event e WHERE e.id = NEW.event_id AND {e};
    SELECT country INTO c FROM timeline_actor WHERE id = NEW.actor_id;
    IF m IS NOT NULL AND c <> '' AND NOT {other_link_of_country('NEW.event_id', 'NEW.id', 'c')} THEN
      INSERT INTO {TABLE} (month, event_type, status, facet, facet_key, n) VALUES (m, t, s, 'country', c, 1)
        {upsert('postgresql')};
    END IF;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql""",
        "CREATE TRIGGER timeline_facet_country_link BEFORE INSERT OR DELETE OR UPDATE OF event_id, actor_id "
        "ON timeline_eventactor FOR EACH ROW EXECUTE FUNCTION timeline_facet_country_link()",
        "CREATE TRIGGER timeline_facet_actor_link AFTER INSERT OR DELETE OR UPDATE OF event_id, actor_id "
        "ON timeline_eventactor FOR EACH ROW EXECUTE FUNCTION timeline_facet_actor_link()",
        f"""
CREATE FUNCTION timeline_facet_topic_link() RETURNS trigger AS $$
DECLARE m date; t varchar; s varchar;
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    SELECT {cell} INTO m, t, s FROM timeline_event e WHERE e.id = OLD.event_id AND {e};
    IF m IS NOT NULL THEN
      UPDATE {TABLE} SET n = n - 1 WHERE {at_cell} AND facet = 'topic' AND facet_key = OLD.topic_id::text;
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    m := NULL;
    SELECT {cell} INTO m, t, s FROM timeline_event e WHERE e.id = NEW.event_id AND {e};
    IF m IS NOT NULL THEN
      INSERT INTO {TABLE} (month, event_type, status, facet, facet_key, n) VALUES (m, t, s, 'topic', NEW.topic_id::text, 1)
        {upsert('postgresql')};
    END IF;
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql""",
        "CREATE TRIGGER timeline_facet_topic_link AFTER INSERT OR DELETE OR UPDATE OF event_id, topic_id "
        "ON timeline_event_topics FOR EACH ROW EXECUTE FUNCTION timeline_facet_topic_link()",
        f"""
CREATE FUNCTION timeline_facet_event() RETURNS trigger AS $$
BEGIN
  IF {VISIBLE.format(e='OLD')} THEN
    UPDATE {TABLE} f SET n = f.n - 1 FROM ({keys_of('postgresql', 'OLD.id')}) k
     WHERE f.month = {month('postgresql', 'OLD.date_start')} AND f.event_type = OLD.event_type AND f.status = OLD.status
       AND f.facet = k.facet AND f.facet_key = k.facet_key;
  END IF;
  IF {VISIBLE.format(e='NEW')} THEN
    INSERT INTO {TABLE} (month, event_type, status, facet, facet_key, n)
    SELECT {month('postgresql', 'NEW.date_start')}, NEW.event_type, NEW.status, k.facet, k.facet_key, 1
      FROM ({keys_of('postgresql', 'NEW.id')}) k
    {upsert('postgresql')};
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql""",
        f"CREATE TRIGGER timeline_facet_event AFTER UPDATE OF {EVENT_COLUMNS} "
        "ON timeline_event FOR EACH ROW EXECUTE FUNCTION timeline_facet_event()",
        f"""
CREATE FUNCTION timeline_facet_actor_country() RETURNS trigger AS $$
BEGIN
  {'; '.join(recount('postgresql', 'country'))};
  RETURN NULL;
END
$$ LANGUAGE plpgsql""",
        "CREATE TRIGGER timeline_facet_actor_country AFTER UPDATE OF country ON timeline_actor "
        "FOR EACH STATEMENT EXECUTE FUNCTION timeline_facet_actor_country()",
        *recount("postgresql"),
    ]


POSTGRESQL_REVERSE = ["DROP TRIGGER IF EXISTS timeline_facet_country_link ON timeline_eventactor",
                      "DROP FUNCTION IF EXISTS timeline_facet_country_link()"]


def sqlite():
    e = VISIBLE.format(e="e")
    cell = f"{month('sqlite', 'e.date_start')}, e.event_type, e.status"
    columns = "(month, event_type, status, facet, facet_key, n)"

    def at_cell(row):
        """The summary rows of the cell of the (visible) event of link ``row``."""
        return (f"(month, event_type, status) IN (SELECT {cell} FROM timeline_event e "
                f"WHERE e.id = {row}.event_id AND {e})")

    def actor_add(row):
        return (f"INSERT INTO {TABLE} {columns} SELECT {cell}, 'actor', CAST({row}.actor_id AS TEXT), 1 "
                f"FROM timeline_event e WHERE e.id = {row}.event_id AND {e} {upsert('sqlite')}; "
                f"INSERT INTO {TABLE} {columns} SELECT {cell}, 'country', a.country, 1 "
                f"FROM timeline_event e, timeline_actor a WHERE e.id = {row}.event_id AND {e} AND a.id = {row}.actor_id "
                f"AND a.country <> '' AND NOT {other_link_of_country(f'{row}.event_id', f'{row}.id', 'a.country')} "
                f"{upsert('sqlite')};")

    def actor_remove(row):
        country = f"(SELECT a.country FROM timeline_actor a WHERE a.id = {row}.actor_id)"
        return (f"UPDATE {TABLE} SET n = n - 1 WHERE facet = 'actor' AND facet_key = CAST({row}.actor_id AS TEXT) "
                f"AND {at_cell(row)}; "
                f"UPDATE {TABLE} SET n = n - 1 WHERE facet = 'country' AND facet_key = {country} AND facet_key <> '' "
                f"AND {at_cell(row)} AND NOT {other_link_of_country(f'{row}.event_id', f'{row}.id', country)};")

    def topic_add(row):
        return (f"INSERT INTO {TABLE} {columns} SELECT {cell}, 'topic', CAST({row}.topic_id AS TEXT), 1 "
                f"FROM timeline_event e WHERE e.id = {row}.event_id AND {e} {upsert('sqlite')};")

    def topic_remove(row):
        return (f"UPDATE {TABLE} SET n = n - 1 WHERE facet = 'topic' AND facet_key = CAST({row}.topic_id AS TEXT) "
                f"AND {at_cell(row)};")

    return [
        f"CREATE TRIGGER timeline_facet_actor_insert AFTER INSERT ON timeline_eventactor BEGIN {actor_add('NEW')} END",
        f"CREATE TRIGGER timeline_facet_actor_delete AFTER DELETE ON timeline_eventactor BEGIN {actor_remove('OLD')} END",
        f"CREATE TRIGGER timeline_facet_actor_update AFTER UPDATE OF event_id, actor_id ON timeline_eventactor "
        f"BEGIN {actor_remove('OLD')} {actor_add('NEW')} END",
        f"CREATE TRIGGER timeline_facet_topic_insert AFTER INSERT ON timeline_event_topics BEGIN {topic_add('NEW')} END",
        f"CREATE TRIGGER timeline_facet_topic_delete AFTER DELETE ON timeline_event_topics BEGIN {topic_remove('OLD')} END",
        f"CREATE TRIGGER timeline_facet_topic_update AFTER UPDATE OF event_id, topic_id ON timeline_event_topics "
        f"BEGIN {topic_remove('OLD')} {topic_add('NEW')} END",
        f"CREATE TRIGGER timeline_facet_event_old AFTER UPDATE OF {EVENT_COLUMNS} ON timeline_event "
        f"WHEN {VISIBLE.format(e='OLD')} BEGIN "
        f"UPDATE {TABLE} SET n = n - 1 WHERE month = {month('sqlite', 'OLD.date_start')} "
        f"AND event_type = OLD.event_type AND status = OLD.status "
        f"AND (facet, facet_key) IN ({keys_of('sqlite', 'OLD.id')}); END",
        f"CREATE TRIGGER timeline_facet_event_new AFTER UPDATE OF {EVENT_COLUMNS} ON timeline_event "
        f"WHEN {VISIBLE.format(e='NEW')} BEGIN "
        f"INSERT INTO {TABLE} {columns} SELECT {month('sqlite', 'NEW.date_start')}, NEW.event_type, NEW.status, "
        f"k.facet, k.facet_key, 1 FROM ({keys_of('sqlite', 'NEW.id')}) k WHERE true {upsert('sqlite')}; END",
        f"CREATE TRIGGER timeline_facet_actor_country AFTER UPDATE OF country ON timeline_actor "
        f"WHEN OLD.country IS NOT NEW.country BEGIN {'; '.join(recount('sqlite', 'country'))}; END",
        *recount("sqlite"),
    ]


def run(schema_editor, statements):
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def drop_triggers(apps, schema_editor):
    """The triggers of 0010 or of this migration (the same names, and one more here)."""
    on_postgresql = schema_editor.connection.vendor == "postgresql"
    run(schema_editor, [*previous().POSTGRESQL_REVERSE, *POSTGRESQL_REVERSE] if on_postgresql else previous().SQLITE_REVERSE)


def create_triggers(apps, schema_editor):
    run(schema_editor, postgresql() if schema_editor.connection.vendor == "postgresql" else sqlite())


def clear_counts(apps, schema_editor):
    schema_editor.execute(f"DELETE FROM {TABLE}")


def create_previous_triggers(apps, schema_editor):
    run(schema_editor, previous().postgresql() if schema_editor.connection.vendor == "postgresql" else previous().sqlite())


class Migration(migrations.Migration):

    dependencies = [
        ("timeline", "0013_actor_chronology"),
    ]

    operations = [
        # the triggers go before the table changes (SQLite rebuilds the table, and refuses while
        # triggers name it) and come back after, in either direction
        migrations.RunPython(drop_triggers, create_previous_triggers),
        migrations.RemoveConstraint(model_name="monthfacetcount", name="month_facet_count_key"),
        # going back, the rows by type and status would break the old key: the old triggers
        # count them again from the events
        migrations.RunPython(migrations.RunPython.noop, clear_counts),
        migrations.AddField(model_name="monthfacetcount", name="event_type", field=models.CharField(default="", max_length=24)),
        migrations.AddField(model_name="monthfacetcount", name="status", field=models.CharField(default="", max_length=10)),
        migrations.AddConstraint(
            model_name="monthfacetcount",
            constraint=models.UniqueConstraint(fields=("facet", "facet_key", "month", "event_type", "status"),
                                               name="facet_month_count_key"),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
