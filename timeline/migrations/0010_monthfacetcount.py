"""The density chart's summary by actor, topic and country: visible, dated events per month
that name an actor, carry a topic, or have an actor of a country (an event with two actors of
one country counts once for it). Kept by triggers on the event, event-actor, event-topic and
actor tables, like MonthCount (0009)."""

from django.db import migrations, models

EVENT_VISIBLE = "NOT {e}.is_hidden AND {e}.merged_into_id IS NULL AND {e}.date_start IS NOT NULL"
TABLE = "timeline_monthfacetcount"


def month(dialect, column):
    return f"date_trunc('month', {column})::date" if dialect == "postgresql" else f"strftime('%Y-%m-01', {column})"


def text(dialect, column):
    return f"{column}::text" if dialect == "postgresql" else f"CAST({column} AS TEXT)"


def upsert(dialect):
    prefix = f"{TABLE}." if dialect == "postgresql" else ""
    return f"ON CONFLICT (month, facet, facet_key) DO UPDATE SET n = {prefix}n + 1"


def keys_of(dialect, event):
    """The (facet, facet_key) pairs of one event: its actors, its topics, its actors' countries."""
    return (f"SELECT 'actor' AS facet, {text(dialect, 'actor_id')} AS facet_key FROM timeline_eventactor WHERE event_id = {event} "
            f"UNION SELECT 'topic', {text(dialect, 'topic_id')} FROM timeline_event_topics WHERE event_id = {event} "
            f"UNION SELECT 'country', a.country FROM timeline_eventactor x JOIN timeline_actor a ON a.id = x.actor_id "
            f"WHERE x.event_id = {event} AND a.country <> ''")


def recount(dialect, facet=None):
    """Every count of one facet (or all), from the rows."""
    e = EVENT_VISIBLE.format(e="e")
    parts = {
        "actor": f"SELECT {month(dialect, 'e.date_start')}, 'actor', {text(dialect, 'x.actor_id')}, count(*) FROM timeline_event e "
                 f"JOIN timeline_eventactor x ON x.event_id = e.id WHERE {e} GROUP BY 1, 3",
        "topic": f"SELECT {month(dialect, 'e.date_start')}, 'topic', {text(dialect, 't.topic_id')}, count(*) FROM timeline_event e "
                 f"JOIN timeline_event_topics t ON t.event_id = e.id WHERE {e} GROUP BY 1, 3",
        "country": f"SELECT {month(dialect, 'e.date_start')}, 'country', a.country, count(DISTINCT e.id) FROM timeline_event e "
                   f"JOIN timeline_eventactor x ON x.event_id = e.id JOIN timeline_actor a ON a.id = x.actor_id "
                   f"WHERE {e} AND a.country <> '' GROUP BY 1, 3",
    }
    chosen = [facet] if facet else list(parts)
    statements = [f"DELETE FROM {TABLE} WHERE facet = '{name}'" for name in chosen]
    statements += [f"INSERT INTO {TABLE} (month, facet, facet_key, n) {parts[name]}" for name in chosen]
    return statements


def other_link_of_country(event, link, country):
    return (f"EXISTS (SELECT 1 FROM timeline_eventactor y JOIN timeline_actor b ON b.id = y.actor_id "
            f"WHERE y.event_id = {event} AND y.id <> {link} AND b.country = {country})")


def postgresql():
    visible_old, visible_new = EVENT_VISIBLE.format(e="OLD"), EVENT_VISIBLE.format(e="NEW")
    m = month("postgresql", "date_start")
    return [f"""
CREATE FUNCTION timeline_facet_actor_link() RETURNS trigger AS $$
DECLARE m date; c varchar;
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    SELECT {m} INTO m FROM timeline_event e WHERE e.id = OLD.event_id AND {EVENT_VISIBLE.format(e='e')};
    IF m IS NOT NULL THEN
      UPDATE {TABLE} SET n = n - 1 WHERE month = m AND facet = 'actor' AND facet_key = OLD.actor_id::text;
      SELECT country INTO c FROM timeline_actor WHERE id = OLD.actor_id;
      IF c <> '' AND NOT {other_link_of_country('OLD.event_id', 'OLD.id', 'c')} THEN
        UPDATE {TABLE} SET n = n - 1 WHERE month = m AND facet = 'country' AND facet_key = c;
      END IF;
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    m := NULL;
    SELECT {m} INTO m FROM timeline_event e WHERE e.id = NEW.event_id AND {EVENT_VISIBLE.format(e='e')};
    IF m IS NOT NULL THEN
      INSERT INTO {TABLE} (month, facet, facet_key, n) VALUES (m, 'actor', NEW.actor_id::text, 1) {upsert('postgresql')};
      SELECT country INTO c FROM timeline_actor WHERE id = NEW.actor_id;
      IF c <> '' AND NOT {other_link_of_country('NEW.event_id', 'NEW.id', 'c')} THEN
        INSERT INTO {TABLE} (month, facet, facet_key, n) VALUES (m, 'country', c, 1) {upsert('postgresql')};
      END IF;
    END IF;
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql""",
        "CREATE TRIGGER timeline_facet_actor_link AFTER INSERT OR DELETE OR UPDATE OF event_id, actor_id "
        "ON timeline_eventactor FOR EACH ROW EXECUTE FUNCTION timeline_facet_actor_link()",
        f"""
CREATE FUNCTION timeline_facet_topic_link() RETURNS trigger AS $$
DECLARE m date;
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    SELECT {m} INTO m FROM timeline_event e WHERE e.id = OLD.event_id AND {EVENT_VISIBLE.format(e='e')};
    IF m IS NOT NULL THEN
      UPDATE {TABLE} SET n = n - 1 WHERE month = m AND facet = 'topic' AND facet_key = OLD.topic_id::text;
    END IF;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    m := NULL;
    SELECT {m} INTO m FROM timeline_event e WHERE e.id = NEW.event_id AND {EVENT_VISIBLE.format(e='e')};
    IF m IS NOT NULL THEN
      INSERT INTO {TABLE} (month, facet, facet_key, n) VALUES (m, 'topic', NEW.topic_id::text, 1) {upsert('postgresql')};
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
  IF {visible_old} THEN
    UPDATE {TABLE} f SET n = f.n - 1 FROM ({keys_of('postgresql', 'OLD.id')}) k
     WHERE f.month = {month('postgresql', 'OLD.date_start')} AND f.facet = k.facet AND f.facet_key = k.facet_key;
  END IF;
  IF {visible_new} THEN
    INSERT INTO {TABLE} (month, facet, facet_key, n)
    SELECT {month('postgresql', 'NEW.date_start')}, k.facet, k.facet_key, 1 FROM ({keys_of('postgresql', 'NEW.id')}) k
    {upsert('postgresql')};
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql""",
        "CREATE TRIGGER timeline_facet_event AFTER UPDATE OF date_start, is_hidden, merged_into_id "
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


POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS timeline_facet_actor_link ON timeline_eventactor",
    "DROP TRIGGER IF EXISTS timeline_facet_topic_link ON timeline_event_topics",
    "DROP TRIGGER IF EXISTS timeline_facet_event ON timeline_event",
    "DROP TRIGGER IF EXISTS timeline_facet_actor_country ON timeline_actor",
    *[f"DROP FUNCTION IF EXISTS {name}()" for name in ("timeline_facet_actor_link", "timeline_facet_topic_link",
                                                        "timeline_facet_event", "timeline_facet_actor_country")],
]


def sqlite():
    e = EVENT_VISIBLE.format(e="e")
    m = month("sqlite", "e.date_start")

    def actor_add(row):
        return (f"INSERT INTO {TABLE} (month, facet, facet_key, n) SELECT {m}, 'actor', CAST({row}.actor_id AS TEXT), 1 "
                f"FROM timeline_event e WHERE e.id = {row}.event_id AND {e} {upsert('sqlite')}; "
                f"INSERT INTO {TABLE} (month, facet, facet_key, n) SELECT {m}, 'country', a.country, 1 "
                f"FROM timeline_event e, timeline_actor a WHERE e.id = {row}.event_id AND {e} AND a.id = {row}.actor_id "
                f"AND a.country <> '' AND NOT {other_link_of_country(f'{row}.event_id', f'{row}.id', 'a.country')} "
                f"{upsert('sqlite')};")

    def actor_remove(row):
        event_month = f"(SELECT {m} FROM timeline_event e WHERE e.id = {row}.event_id AND {e})"
        country = f"(SELECT a.country FROM timeline_actor a WHERE a.id = {row}.actor_id)"
        return (f"UPDATE {TABLE} SET n = n - 1 WHERE facet = 'actor' AND facet_key = CAST({row}.actor_id AS TEXT) "
                f"AND month = {event_month}; "
                f"UPDATE {TABLE} SET n = n - 1 WHERE facet = 'country' AND facet_key = {country} AND facet_key <> '' "
                f"AND month = {event_month} AND NOT {other_link_of_country(f'{row}.event_id', f'{row}.id', country)};")

    def topic_add(row):
        return (f"INSERT INTO {TABLE} (month, facet, facet_key, n) SELECT {m}, 'topic', CAST({row}.topic_id AS TEXT), 1 "
                f"FROM timeline_event e WHERE e.id = {row}.event_id AND {e} {upsert('sqlite')};")

    def topic_remove(row):
        return (f"UPDATE {TABLE} SET n = n - 1 WHERE facet = 'topic' AND facet_key = CAST({row}.topic_id AS TEXT) "
                f"AND month = (SELECT {m} FROM timeline_event e WHERE e.id = {row}.event_id AND {e});")

    old_keys = keys_of("sqlite", "OLD.id")
    return [
        f"CREATE TRIGGER timeline_facet_actor_insert AFTER INSERT ON timeline_eventactor BEGIN {actor_add('NEW')} END",
        f"CREATE TRIGGER timeline_facet_actor_delete AFTER DELETE ON timeline_eventactor BEGIN {actor_remove('OLD')} END",
        f"CREATE TRIGGER timeline_facet_actor_update AFTER UPDATE OF event_id, actor_id ON timeline_eventactor "
        f"BEGIN {actor_remove('OLD')} {actor_add('NEW')} END",
        f"CREATE TRIGGER timeline_facet_topic_insert AFTER INSERT ON timeline_event_topics BEGIN {topic_add('NEW')} END",
        f"CREATE TRIGGER timeline_facet_topic_delete AFTER DELETE ON timeline_event_topics BEGIN {topic_remove('OLD')} END",
        f"CREATE TRIGGER timeline_facet_topic_update AFTER UPDATE OF event_id, topic_id ON timeline_event_topics "
        f"BEGIN {topic_remove('OLD')} {topic_add('NEW')} END",
        f"CREATE TRIGGER timeline_facet_event_old AFTER UPDATE OF date_start, is_hidden, merged_into_id ON timeline_event "
        f"WHEN {EVENT_VISIBLE.format(e='OLD')} BEGIN "
        f"UPDATE {TABLE} SET n = n - 1 WHERE month = {month('sqlite', 'OLD.date_start')} "
        f"AND (facet, facet_key) IN ({old_keys}); END",
        f"CREATE TRIGGER timeline_facet_event_new AFTER UPDATE OF date_start, is_hidden, merged_into_id ON timeline_event "
        f"WHEN {EVENT_VISIBLE.format(e='NEW')} BEGIN "
        f"INSERT INTO {TABLE} (month, facet, facet_key, n) SELECT {month('sqlite', 'NEW.date_start')}, k.facet, k.facet_key, 1 "
        f"FROM ({keys_of('sqlite', 'NEW.id')}) k WHERE true {upsert('sqlite')}; END",
        f"CREATE TRIGGER timeline_facet_actor_country AFTER UPDATE OF country ON timeline_actor "
        f"WHEN OLD.country IS NOT NEW.country BEGIN {'; '.join(recount('sqlite', 'country'))}; END",
        *recount("sqlite"),
    ]


SQLITE_REVERSE = [f"DROP TRIGGER IF EXISTS timeline_facet_{name}" for name in (
    "actor_insert", "actor_delete", "actor_update", "topic_insert", "topic_delete", "topic_update",
    "event_old", "event_new", "actor_country")]


def create_triggers(apps, schema_editor):
    connection = schema_editor.connection
    statements = postgresql() if connection.vendor == "postgresql" else sqlite()
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def drop_triggers(apps, schema_editor):
    connection = schema_editor.connection
    statements = POSTGRESQL_REVERSE if connection.vendor == "postgresql" else SQLITE_REVERSE
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("timeline", "0009_monthcount"),
    ]

    operations = [
        migrations.CreateModel(
            name="MonthFacetCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("month", models.DateField()),
                ("facet", models.CharField(max_length=8)),
                ("facet_key", models.CharField(max_length=40)),
                ("n", models.IntegerField(default=0)),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("month", "facet", "facet_key"), name="month_facet_count_key")],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
