"""What the map, the actor finder and the time axis's lanes count, kept by the database as events
change (ingest, curation, bulk updates, the admin), like MonthCount (0009) and MonthFacetCount
(0010, 0014), and filled here from the rows already stored:

- ``PlaceCount``: visible events, dated or not, per place (0: no place), type and status;
- ``ActorCount``: visible events, dated or not, per actor;
- ``MonthLaneCount``: visible dated events per month, type and status by the whole set of
  countries, or of actors (countries aside), that each names, its keys sorted and joined by
  commas;

and, on PostgreSQL, indexes of trigrams of actors' names and aliases for the finder's search.

An event's set of keys changes with each link made or removed. The link triggers run before the
row changes and compare the event's keys as they are with the keys it will have: on PostgreSQL a
trigger before each row sees the rows of its statement before it (one that runs after the
statement would see every link of a multi-row insert at once); a link an insert then skips as a
duplicate changes no key. An actor whose country or kind changes (a curator's correction, rare)
recounts the lanes from the rows."""

from django.db import migrations, models

VISIBLE = "NOT {e}.is_hidden AND {e}.merged_into_id IS NULL"
DATED = VISIBLE + " AND {e}.date_start IS NOT NULL"
PLACES, ACTORS, LANES = "timeline_placecount", "timeline_actorcount", "timeline_monthlanecount"
LANE_KINDS = ("country", "actor")
LANE_KEY = "(lane, month, event_type, status, keys)"
PLACE_COLUMNS = ("place_id", "event_type", "status", "is_hidden", "merged_into_id")
LANE_COLUMNS = ("date_start", "is_hidden", "merged_into_id", "event_type", "status")


def month(dialect, column):
    return f"date_trunc('month', {column})::date" if dialect == "postgresql" else f"strftime('%Y-%m-01', {column})"


def differs(dialect):
    return "IS DISTINCT FROM" if dialect == "postgresql" else "IS NOT"


def changed(dialect, columns):
    """Whether an update changed any of these columns of the event (the month of its date):
    a save rewrites every column, and only a change the counts depend on needs counting."""
    parts = []
    for column in columns:
        old, new = f"OLD.{column}", f"NEW.{column}"
        if column == "date_start":
            old, new = month(dialect, old), month(dialect, new)
        parts.append(f"{old} {differs(dialect)} {new}")
    return " OR ".join(parts)


def lane_keys(dialect, lane, event, skip=None, extra=None):
    """The keys of one event for one kind of lane, sorted and joined by commas (NULL for none):
    its actors' countries, or its actors that are not countries. ``skip``: a link left out (the
    one being removed); ``extra``: an actor added (the one of the link being made)."""
    key = "a.country" if lane == "country" else ("a.id::text" if dialect == "postgresql" else "CAST(a.id AS TEXT)")
    named = "a.country <> ''" if lane == "country" else "a.kind <> 'country'"
    found = (f"SELECT DISTINCT {key} AS k FROM timeline_eventactor x JOIN timeline_actor a ON a.id = x.actor_id "
             f"WHERE x.event_id = {event} AND {named}")
    if skip:
        found += f" AND x.id {differs(dialect)} {skip}"
    if extra:
        found += f" UNION SELECT {key} FROM timeline_actor a WHERE a.id = {extra} AND {named}"
    if dialect == "postgresql":
        return f"(SELECT string_agg(k, ',' ORDER BY k) FROM ({found}) lane_keys)"
    # SQLite (3.40) has no ORDER BY inside an aggregate; it concatenates in the order of a
    # subquery that is sorted (it never merges a sorted subquery into an aggregate)
    return f"(SELECT group_concat(k, ',') FROM ({found} ORDER BY 1))"


def recount_lanes(dialect):
    """Every count of the lanes, from the rows."""
    cells = " UNION ALL ".join(
        f"SELECT {month(dialect, 'e.date_start')} AS month, e.event_type, e.status, '{lane}' AS lane, "
        f"{lane_keys(dialect, lane, 'e.id')} AS keys FROM timeline_event e WHERE {DATED.format(e='e')}"
        for lane in LANE_KINDS)
    return [f"DELETE FROM {LANES}",
            f"INSERT INTO {LANES} (month, event_type, status, lane, keys, n) "
            f"SELECT month, event_type, status, lane, keys, count(*) FROM ({cells}) cells "
            f"WHERE keys IS NOT NULL GROUP BY 1, 2, 3, 4, 5"]


FILL = [
    f"INSERT INTO {PLACES} (place_key, event_type, status, n) SELECT COALESCE(e.place_id, 0), e.event_type, e.status, "
    f"count(*) FROM timeline_event e WHERE {VISIBLE.format(e='e')} GROUP BY 1, 2, 3",
    f"INSERT INTO {ACTORS} (actor_id, n) SELECT x.actor_id, count(*) FROM timeline_eventactor x "
    f"JOIN timeline_event e ON e.id = x.event_id WHERE {VISIBLE.format(e='e')} GROUP BY 1",
]


def postgresql():
    visible_link = "EXISTS (SELECT 1 FROM timeline_event e WHERE e.id = {row}.event_id AND " + VISIBLE.format(e="e") + ")"
    # the keys of both lanes as they are and as they will be, in one reading of the event's
    # links (the one being made joins them as a link without id): the same strings lane_keys gives
    lane_key = {"country": ("a.country", "a.country <> ''"), "actor": ("a.id::text", "a.kind <> 'country'")}
    now, then = "l.link IS NOT NULL", "(l.link IS NULL OR l.link IS DISTINCT FROM v_skip)"
    both = ", ".join(f"string_agg(DISTINCT {key}, ',' ORDER BY {key}) FILTER (WHERE {named} AND {when})"
                     for key, named in lane_key.values() for when in (now, then))
    read = (f"SELECT {both} INTO {', '.join(f'v_{lane}_was, v_{lane}_becomes' for lane in LANE_KINDS)} "
            "FROM (SELECT x.id AS link, x.actor_id FROM timeline_eventactor x WHERE x.event_id = v_event "
            "UNION ALL SELECT NULL, v_extra WHERE v_extra IS NOT NULL) l JOIN timeline_actor a ON a.id = l.actor_id;")
    moves = [f"\n    {read}"]
    for lane in LANE_KINDS:
        moves.append(f"""
    IF v_{lane}_was IS DISTINCT FROM v_{lane}_becomes THEN
      UPDATE {LANES} SET n = n - 1
       WHERE lane = '{lane}' AND month = v_month AND event_type = v_type AND status = v_status AND keys = v_{lane}_was;
      IF v_{lane}_becomes IS NOT NULL THEN
        INSERT INTO {LANES} (month, event_type, status, lane, keys, n)
        VALUES (v_month, v_type, v_status, '{lane}', v_{lane}_becomes, 1)
        ON CONFLICT {LANE_KEY} DO UPDATE SET n = {LANES}.n + 1;
      END IF;
    END IF;""")
    keys_of = " UNION ALL ".join(f"SELECT '{lane}' AS lane, {lane_keys('postgresql', lane, '{row}.id')} AS keys"
                                 for lane in LANE_KINDS)
    return [
        f"""
CREATE FUNCTION timeline_place_count() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND {VISIBLE.format(e='OLD')} THEN
    UPDATE {PLACES} SET n = n - 1
     WHERE place_key = COALESCE(OLD.place_id, 0) AND event_type = OLD.event_type AND status = OLD.status;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND {VISIBLE.format(e='NEW')} THEN
    INSERT INTO {PLACES} (place_key, event_type, status, n) VALUES (COALESCE(NEW.place_id, 0), NEW.event_type, NEW.status, 1)
    ON CONFLICT (place_key, event_type, status) DO UPDATE SET n = {PLACES}.n + 1;
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql""",
        "CREATE TRIGGER timeline_place_count AFTER INSERT OR DELETE ON timeline_event "
        "FOR EACH ROW EXECUTE FUNCTION timeline_place_count()",
        f"CREATE TRIGGER timeline_place_count_update AFTER UPDATE OF {', '.join(PLACE_COLUMNS)} ON timeline_event "
        f"FOR EACH ROW WHEN ({changed('postgresql', PLACE_COLUMNS)}) EXECUTE FUNCTION timeline_place_count()",
        f"""
CREATE FUNCTION timeline_actor_count_link() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND {visible_link.format(row='OLD')} THEN
    UPDATE {ACTORS} SET n = n - 1 WHERE actor_id = OLD.actor_id;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND {visible_link.format(row='NEW')} THEN
    INSERT INTO {ACTORS} (actor_id, n) VALUES (NEW.actor_id, 1) ON CONFLICT (actor_id) DO UPDATE SET n = {ACTORS}.n + 1;
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql""",
        "CREATE TRIGGER timeline_actor_count_link AFTER INSERT OR DELETE ON timeline_eventactor "
        "FOR EACH ROW EXECUTE FUNCTION timeline_actor_count_link()",
        "CREATE TRIGGER timeline_actor_count_link_update AFTER UPDATE OF event_id, actor_id ON timeline_eventactor "
        f"FOR EACH ROW WHEN ({changed('postgresql', ('event_id', 'actor_id'))}) EXECUTE FUNCTION timeline_actor_count_link()",
        f"""
CREATE FUNCTION timeline_actor_count_event() RETURNS trigger AS $$
BEGIN
  IF {VISIBLE.format(e='OLD')} THEN
    UPDATE {ACTORS} c SET n = c.n - 1 FROM timeline_eventactor x WHERE x.event_id = OLD.id AND c.actor_id = x.actor_id;
  END IF;
  IF {VISIBLE.format(e='NEW')} THEN
    INSERT INTO {ACTORS} (actor_id, n) SELECT actor_id, 1 FROM timeline_eventactor WHERE event_id = NEW.id
    ON CONFLICT (actor_id) DO UPDATE SET n = {ACTORS}.n + 1;
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql""",
        "CREATE TRIGGER timeline_actor_count_event AFTER UPDATE OF is_hidden, merged_into_id ON timeline_event "
        f"FOR EACH ROW WHEN (({VISIBLE.format(e='OLD')}) IS DISTINCT FROM ({VISIBLE.format(e='NEW')})) "
        "EXECUTE FUNCTION timeline_actor_count_event()",
        f"""
CREATE FUNCTION timeline_lane_link() RETURNS trigger AS $$
DECLARE v_event bigint; v_skip bigint; v_extra bigint; v_month date; v_type varchar; v_status varchar;
        v_country_was text; v_country_becomes text; v_actor_was text; v_actor_becomes text;
BEGIN
  v_skip := CASE WHEN TG_OP <> 'INSERT' THEN OLD.id END;
  FOR v_event IN SELECT DISTINCT id FROM unnest(ARRAY[CASE WHEN TG_OP <> 'INSERT' THEN OLD.event_id END,
                                                      CASE WHEN TG_OP <> 'DELETE' THEN NEW.event_id END]) AS id
                  WHERE id IS NOT NULL LOOP
    v_month := NULL;
    SELECT {month('postgresql', 'e.date_start')}, e.event_type, e.status INTO v_month, v_type, v_status
      FROM timeline_event e WHERE e.id = v_event AND {DATED.format(e='e')};
    CONTINUE WHEN v_month IS NULL;
    v_extra := CASE WHEN TG_OP <> 'DELETE' AND NEW.event_id = v_event THEN NEW.actor_id END;{''.join(moves)}
  END LOOP;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END
$$ LANGUAGE plpgsql""",
        "CREATE TRIGGER timeline_lane_link BEFORE INSERT OR DELETE ON timeline_eventactor "
        "FOR EACH ROW EXECUTE FUNCTION timeline_lane_link()",
        "CREATE TRIGGER timeline_lane_link_update BEFORE UPDATE OF event_id, actor_id ON timeline_eventactor "
        f"FOR EACH ROW WHEN ({changed('postgresql', ('event_id', 'actor_id'))}) EXECUTE FUNCTION timeline_lane_link()",
        f"""
CREATE FUNCTION timeline_lane_event() RETURNS trigger AS $$
BEGIN
  IF {DATED.format(e='OLD')} THEN
    UPDATE {LANES} l SET n = l.n - 1 FROM ({keys_of.format(row='OLD')}) k
     WHERE l.lane = k.lane AND l.keys = k.keys AND l.month = {month('postgresql', 'OLD.date_start')}
       AND l.event_type = OLD.event_type AND l.status = OLD.status;
  END IF;
  IF {DATED.format(e='NEW')} THEN
    INSERT INTO {LANES} (month, event_type, status, lane, keys, n)
    SELECT {month('postgresql', 'NEW.date_start')}, NEW.event_type, NEW.status, k.lane, k.keys, 1
      FROM ({keys_of.format(row='NEW')}) k WHERE k.keys IS NOT NULL
    ON CONFLICT {LANE_KEY} DO UPDATE SET n = {LANES}.n + 1;
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql""",
        f"CREATE TRIGGER timeline_lane_event AFTER UPDATE OF {', '.join(LANE_COLUMNS)} ON timeline_event "
        f"FOR EACH ROW WHEN ({changed('postgresql', LANE_COLUMNS)}) EXECUTE FUNCTION timeline_lane_event()",
        # a trigger with a list of columns cannot see the statement's rows: this one runs after
        # every update of actors and recounts only when a country or a kind changed
        f"""
CREATE FUNCTION timeline_lane_actor() RETURNS trigger AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM old_actors o JOIN new_actors c ON c.id = o.id
              WHERE o.country IS DISTINCT FROM c.country OR o.kind IS DISTINCT FROM c.kind) THEN
    {'; '.join(recount_lanes('postgresql'))};
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql""",
        "CREATE TRIGGER timeline_lane_actor AFTER UPDATE ON timeline_actor "
        "REFERENCING OLD TABLE AS old_actors NEW TABLE AS new_actors FOR EACH STATEMENT EXECUTE FUNCTION timeline_lane_actor()",
    ]


POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS timeline_place_count ON timeline_event",
    "DROP TRIGGER IF EXISTS timeline_place_count_update ON timeline_event",
    "DROP TRIGGER IF EXISTS timeline_actor_count_link ON timeline_eventactor",
    "DROP TRIGGER IF EXISTS timeline_actor_count_link_update ON timeline_eventactor",
    "DROP TRIGGER IF EXISTS timeline_actor_count_event ON timeline_event",
    "DROP TRIGGER IF EXISTS timeline_lane_link ON timeline_eventactor",
    "DROP TRIGGER IF EXISTS timeline_lane_link_update ON timeline_eventactor",
    "DROP TRIGGER IF EXISTS timeline_lane_event ON timeline_event",
    "DROP TRIGGER IF EXISTS timeline_lane_actor ON timeline_actor",
    *[f"DROP FUNCTION IF EXISTS {name}()" for name in ("timeline_place_count", "timeline_actor_count_link",
                                                        "timeline_actor_count_event", "timeline_lane_link",
                                                        "timeline_lane_event", "timeline_lane_actor")],
]


def sqlite():
    def visible_event(event):
        return f"EXISTS (SELECT 1 FROM timeline_event e WHERE e.id = {event} AND {VISIBLE.format(e='e')})"

    def place_add(row):
        return (f"INSERT INTO {PLACES} (place_key, event_type, status, n) "
                f"VALUES (COALESCE({row}.place_id, 0), {row}.event_type, {row}.status, 1) "
                f"ON CONFLICT (place_key, event_type, status) DO UPDATE SET n = n + 1;")

    def place_remove(row):
        return (f"UPDATE {PLACES} SET n = n - 1 "
                f"WHERE place_key = COALESCE({row}.place_id, 0) AND event_type = {row}.event_type AND status = {row}.status;")

    def actor_add(actor, condition):
        return (f"INSERT INTO {ACTORS} (actor_id, n) SELECT {actor}, 1 WHERE {condition} "
                f"ON CONFLICT (actor_id) DO UPDATE SET n = n + 1;")

    def lane_move(lane, event, skip=None, extra=None, guard="1"):
        """One event's count moved from its keys as they are to the keys it will have."""
        was, becomes = lane_keys("sqlite", lane, event), lane_keys("sqlite", lane, event, skip, extra)
        cell = f"{month('sqlite', 'e.date_start')}, e.event_type, e.status"
        dated = f"FROM timeline_event e WHERE e.id = {event} AND {DATED.format(e='e')}"
        return (f"UPDATE {LANES} SET n = n - 1 WHERE {guard} AND lane = '{lane}' AND keys = {was} "
                f"AND {was} IS NOT {becomes} AND (month, event_type, status) IN (SELECT {cell} {dated}); "
                f"INSERT INTO {LANES} (month, event_type, status, lane, keys, n) SELECT {cell}, '{lane}', {becomes}, 1 "
                f"{dated} AND {guard} AND {becomes} IS NOT NULL AND {becomes} IS NOT {was} "
                f"ON CONFLICT {LANE_KEY} DO UPDATE SET n = n + 1;")

    def lane_moves(event, skip=None, extra=None, guard="1"):
        return " ".join(lane_move(lane, event, skip, extra, guard) for lane in LANE_KINDS)

    place_changed, lane_changed = changed("sqlite", PLACE_COLUMNS), changed("sqlite", LANE_COLUMNS)
    link_changed = changed("sqlite", ("event_id", "actor_id"))
    visible_old, visible_new = VISIBLE.format(e="OLD"), VISIBLE.format(e="NEW")
    dated_old, dated_new = DATED.format(e="OLD"), DATED.format(e="NEW")
    old_keys = " OR ".join(f"(lane = '{lane}' AND keys = {lane_keys('sqlite', lane, 'OLD.id')})" for lane in LANE_KINDS)
    new_keys = " UNION ALL ".join(f"SELECT '{lane}' AS lane, {lane_keys('sqlite', lane, 'NEW.id')} AS keys"
                                  for lane in LANE_KINDS)
    return [
        f"CREATE TRIGGER timeline_place_count_insert AFTER INSERT ON timeline_event WHEN {visible_new} "
        f"BEGIN {place_add('NEW')} END",
        f"CREATE TRIGGER timeline_place_count_delete AFTER DELETE ON timeline_event WHEN {visible_old} "
        f"BEGIN {place_remove('OLD')} END",
        f"CREATE TRIGGER timeline_place_count_update_old AFTER UPDATE OF {', '.join(PLACE_COLUMNS)} ON timeline_event "
        f"WHEN ({place_changed}) AND {visible_old} BEGIN {place_remove('OLD')} END",
        f"CREATE TRIGGER timeline_place_count_update_new AFTER UPDATE OF {', '.join(PLACE_COLUMNS)} ON timeline_event "
        f"WHEN ({place_changed}) AND {visible_new} BEGIN {place_add('NEW')} END",
        f"CREATE TRIGGER timeline_actor_count_insert AFTER INSERT ON timeline_eventactor "
        f"WHEN {visible_event('NEW.event_id')} BEGIN {actor_add('NEW.actor_id', '1')} END",
        f"CREATE TRIGGER timeline_actor_count_delete AFTER DELETE ON timeline_eventactor "
        f"WHEN {visible_event('OLD.event_id')} BEGIN UPDATE {ACTORS} SET n = n - 1 WHERE actor_id = OLD.actor_id; END",
        f"CREATE TRIGGER timeline_actor_count_update AFTER UPDATE OF event_id, actor_id ON timeline_eventactor "
        f"WHEN {link_changed} BEGIN "
        f"UPDATE {ACTORS} SET n = n - 1 WHERE actor_id = OLD.actor_id AND {visible_event('OLD.event_id')}; "
        f"{actor_add('NEW.actor_id', visible_event('NEW.event_id'))} END",
        f"CREATE TRIGGER timeline_actor_count_hidden AFTER UPDATE OF is_hidden, merged_into_id ON timeline_event "
        f"WHEN ({visible_old}) AND NOT ({visible_new}) BEGIN UPDATE {ACTORS} SET n = n - 1 "
        f"WHERE actor_id IN (SELECT actor_id FROM timeline_eventactor WHERE event_id = NEW.id); END",
        f"CREATE TRIGGER timeline_actor_count_shown AFTER UPDATE OF is_hidden, merged_into_id ON timeline_event "
        f"WHEN NOT ({visible_old}) AND ({visible_new}) BEGIN INSERT INTO {ACTORS} (actor_id, n) "
        f"SELECT actor_id, 1 FROM timeline_eventactor WHERE event_id = NEW.id ON CONFLICT (actor_id) DO UPDATE SET n = n + 1; END",
        # SQLite runs a row's triggers before the next row changes, so the link triggers may run
        # before or after it; before, as on PostgreSQL, the same SQL serves both
        f"CREATE TRIGGER timeline_lane_link_insert BEFORE INSERT ON timeline_eventactor "
        f"BEGIN {lane_moves('NEW.event_id', extra='NEW.actor_id')} END",
        f"CREATE TRIGGER timeline_lane_link_delete BEFORE DELETE ON timeline_eventactor "
        f"BEGIN {lane_moves('OLD.event_id', skip='OLD.id')} END",
        f"CREATE TRIGGER timeline_lane_link_update BEFORE UPDATE OF event_id, actor_id ON timeline_eventactor "
        f"WHEN {link_changed} BEGIN "
        f"{lane_moves('OLD.event_id', skip='OLD.id', extra='CASE WHEN NEW.event_id = OLD.event_id THEN NEW.actor_id END')} "
        f"{lane_moves('NEW.event_id', skip='OLD.id', extra='NEW.actor_id', guard='NEW.event_id IS NOT OLD.event_id')} END",
        f"CREATE TRIGGER timeline_lane_event_old AFTER UPDATE OF {', '.join(LANE_COLUMNS)} ON timeline_event "
        f"WHEN ({lane_changed}) AND {dated_old} BEGIN UPDATE {LANES} SET n = n - 1 "
        f"WHERE month = {month('sqlite', 'OLD.date_start')} AND event_type = OLD.event_type AND status = OLD.status "
        f"AND ({old_keys}); END",
        f"CREATE TRIGGER timeline_lane_event_new AFTER UPDATE OF {', '.join(LANE_COLUMNS)} ON timeline_event "
        f"WHEN ({lane_changed}) AND {dated_new} BEGIN INSERT INTO {LANES} (month, event_type, status, lane, keys, n) "
        f"SELECT {month('sqlite', 'NEW.date_start')}, NEW.event_type, NEW.status, k.lane, k.keys, 1 FROM ({new_keys}) k "
        f"WHERE k.keys IS NOT NULL ON CONFLICT {LANE_KEY} DO UPDATE SET n = n + 1; END",
        f"CREATE TRIGGER timeline_lane_actor AFTER UPDATE OF country, kind ON timeline_actor "
        f"WHEN OLD.country IS NOT NEW.country OR OLD.kind IS NOT NEW.kind BEGIN {'; '.join(recount_lanes('sqlite'))}; END",
    ]


SQLITE_REVERSE = [f"DROP TRIGGER IF EXISTS timeline_{name}" for name in (
    "place_count_insert", "place_count_delete", "place_count_update_old", "place_count_update_new",
    "actor_count_insert", "actor_count_delete", "actor_count_update", "actor_count_hidden", "actor_count_shown",
    "lane_link_insert", "lane_link_delete", "lane_link_update", "lane_event_old", "lane_event_new", "lane_actor")]


# The finder's substring search (``icontains``: UPPER(name) LIKE UPPER('%text%')) reads these
# indexes of trigrams for three letters or more; pg_trgm is a trusted extension (PostgreSQL 13+),
# which the database's owner may create. Without the extension the finder reads every name.
TRIGRAM_INDEXES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX actor_name_trigrams ON timeline_actor USING gin ((UPPER(name::text)) gin_trgm_ops)",
    "CREATE INDEX actor_alias_name_trigrams ON timeline_actoralias USING gin ((UPPER(name::text)) gin_trgm_ops)",
]
TRIGRAM_INDEXES_REVERSE = ["DROP INDEX IF EXISTS actor_name_trigrams", "DROP INDEX IF EXISTS actor_alias_name_trigrams"]


def run(schema_editor, statements):
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def create_triggers(apps, schema_editor):
    dialect = schema_editor.connection.vendor
    run(schema_editor, [*(postgresql() if dialect == "postgresql" else sqlite()), *FILL, *recount_lanes(dialect)])


def drop_triggers(apps, schema_editor):
    run(schema_editor, POSTGRESQL_REVERSE if schema_editor.connection.vendor == "postgresql" else SQLITE_REVERSE)


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
            available = cursor.fetchone()
        if available:
            run(schema_editor, TRIGRAM_INDEXES)


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        run(schema_editor, TRIGRAM_INDEXES_REVERSE)


class Migration(migrations.Migration):

    dependencies = [
        ("timeline", "0018_curators_edit_actors_of_events"),
    ]

    operations = [
        migrations.CreateModel(
            name="PlaceCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("place_key", models.BigIntegerField()),
                ("event_type", models.CharField(max_length=24)),
                ("status", models.CharField(max_length=10)),
                ("n", models.IntegerField(default=0)),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("place_key", "event_type", "status"), name="place_count_key")],
            },
        ),
        migrations.CreateModel(
            name="ActorCount",
            fields=[
                ("actor", models.OneToOneField(db_constraint=False, on_delete=models.deletion.DO_NOTHING, primary_key=True,
                                               related_name="+", serialize=False, to="timeline.actor")),
                ("n", models.IntegerField(default=0)),
            ],
        ),
        migrations.CreateModel(
            name="MonthLaneCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("month", models.DateField()),
                ("event_type", models.CharField(max_length=24)),
                ("status", models.CharField(max_length=10)),
                ("lane", models.CharField(max_length=8)),
                ("keys", models.TextField()),
                ("n", models.IntegerField(default=0)),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("lane", "month", "event_type", "status", "keys"),
                                                        name="month_lane_count_key")],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes),
    ]
