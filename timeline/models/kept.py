"""Counts the database keeps true itself, each declared once.

A summary table is a GROUP BY over what each event contributes: MonthCount counts one for a
visible dated event in its (month, type, status); the facets one for each of its actors,
topics and countries; the lanes one for the set of keys it names. A declaration (``Kept``) is
that one query, written over the relations ``{event}``, ``{eventactor}``, ``{actor}`` and
``{topics}`` and limited to ``{scope}``, plus the columns of each table it reads. From it come:

- the triggers, for each database: after a change, the events it touched are counted twice, as
  the tables were before the change and as they are, and the table gains the difference.
  SQLite runs one per row, right after the row, and reads "before" from ``OLD`` and ``NEW``;
  PostgreSQL does the same for events, and for links, topics and actors runs one per statement
  that reads "before" from its transition tables (all of a bulk insert's links in one pass).
  The same query, the same relations, two ways of naming them.
- ``recount()``: every count from the rows (a migration's fill, a repair);
- ``from_rows()``: the counts of some events, straight from the rows, as a dict.

``install()`` replaces what an earlier installation made; a migration calls it whenever a
declaration changes and records the declarations' ``fingerprint()``, and
``tests/timeline/test_kept_counts.py`` fails when the newest recorded one is not today's.
"""

from dataclasses import dataclass, field, replace
from importlib import import_module

from django.db import connection

# the tables a declaration can read, and the column by which a row of each names its event
# (a relation standing for a table "as it was" carries the columns the declarations read)
TABLES = {
    "event": ("timeline_event", "id"),
    "eventactor": ("timeline_eventactor", "event_id"),
    "topics": ("timeline_event_topics", "event_id"),
    "actor": ("timeline_actor", None),  # its events: those that link to it
}
PREFIX = "timeline_kept"


@dataclass(frozen=True)
class Dialect:
    vendor: str

    def month(self, column):
        if self.vendor == "postgresql":
            return f"date_trunc('month', {column})::date"
        return f"strftime('%Y-%m-01', {column})"

    def year(self, column):
        if self.vendor == "postgresql":
            return f"date_trunc('year', {column})::date"
        return f"strftime('%Y-01-01', {column})"

    def text(self, column):
        return f"{column}::text" if self.vendor == "postgresql" else f"CAST({column} AS TEXT)"

    def joined(self, rows):
        """The values ``k`` of the query ``rows``, distinct, sorted and joined by commas (NULL
        for none)."""
        if self.vendor == "postgresql":
            return f"(SELECT string_agg(k, ',' ORDER BY k) FROM (SELECT DISTINCT k FROM ({rows}) r) d)"
        # SQLite (3.40) has no ORDER BY inside an aggregate; it concatenates in the order of a
        # subquery that is sorted (it never merges a sorted subquery into an aggregate)
        return f"(SELECT group_concat(k, ',') FROM (SELECT DISTINCT k FROM ({rows}) r ORDER BY 1))"


@dataclass(frozen=True)
class Relations:
    """The names a declaration's query is written with: the dialect's helpers, each table as
    a relation (the table itself, or the table as it was), and the events in scope."""

    dialect: Dialect
    event: str = "timeline_event"
    eventactor: str = "timeline_eventactor"
    actor: str = "timeline_actor"
    topics: str = "timeline_event_topics"
    scope_sql: str = "{e} IS NOT NULL"

    def scope(self, column):
        return self.scope_sql.format(e=column)

    def __getattr__(self, name):
        return getattr(self.dialect, name)


@dataclass(frozen=True)
class Kept:
    """One summary table and the query of what each event contributes to it: rows of
    ``event`` (the event's id) and the ``key`` columns, for the events in ``scope``. ``reads``:
    each table the query reads and the columns whose change can change a contribution."""

    model: type
    key: tuple
    reads: dict
    query: object  # Relations -> SQL
    vendors: tuple = ("postgresql", "sqlite")
    name: str = field(default="")
    part: dict = field(default_factory=dict)  # the table's rows this declaration keeps, if not all

    @property
    def rows(self):
        """The table's rows this declaration keeps."""
        return self.model.objects.filter(**self.part)

    def _part_sql(self):
        return " AND ".join(f"{column} = '{value}'" for column, value in self.part.items()) or "TRUE"

    @property
    def table(self):
        return self.model._meta.db_table

    @property
    def fields(self):
        return {f.column: f for f in self.model._meta.concrete_fields}

    def contributions(self, relations):
        return self.query(relations)

    def delta(self, after, before):
        """SQL adding to the table the difference between the contributions under ``after``
        and under ``before`` (either may be None: nothing)."""
        keys = ", ".join(self.key)
        parts = []
        if after is not None:
            parts.append(f"SELECT {keys}, count(DISTINCT event) AS d FROM ({self.contributions(after)}) c "
                         f"GROUP BY {keys}")
        if before is not None:
            parts.append(f"SELECT {keys}, -count(DISTINCT event) AS d FROM ({self.contributions(before)}) c "
                         f"GROUP BY {keys}")
        # a count taken away goes to a row that exists: a row emptied first (SQLite's flush of
        # every table, in the order of their names) is not given a negative count
        vendor = (after or before).dialect.vendor
        same = " AND ".join(
            f"t.{k} {'IS' if vendor == 'sqlite' else 'IS NOT DISTINCT FROM'} deltas.{k}" if self.fields[k].null
            else f"t.{k} = deltas.{k}" for k in self.key)
        return (f"INSERT INTO {self.table} ({keys}, n) SELECT {keys}, sum(d) "
                f"FROM ({' UNION ALL '.join(parts)}) deltas GROUP BY {keys} "
                f"HAVING sum(d) > 0 OR (sum(d) < 0 AND EXISTS (SELECT 1 FROM {self.table} t WHERE {same})) "
                f"ON CONFLICT ({keys}) DO UPDATE SET n = {self.table}.n + excluded.n")

    def recount_sql(self, vendor):
        keys = ", ".join(self.key)
        every = Relations(Dialect(vendor))
        return [f"DELETE FROM {self.table} WHERE {self._part_sql()}",
                f"INSERT INTO {self.table} ({keys}, n) SELECT {keys}, count(DISTINCT event) "
                f"FROM ({self.contributions(every)}) c GROUP BY {keys}"]

    def recount(self, using=None):
        """Every count from the rows."""
        with (using or connection).cursor() as cursor:
            for statement in self.recount_sql(cursor.db.vendor):
                cursor.execute(statement)

    def from_rows(self, events=None):
        """{key tuple: events} counted from the rows, of all events or of the events of a
        queryset, as the table would say for them (keys with nothing counted left out)."""
        keys = ", ".join(self.key)
        chosen = "{e} IN (SELECT id FROM chosen_events)" if events is not None else "{e} IS NOT NULL"
        relations = Relations(Dialect(connection.vendor), scope_sql=chosen)
        query = f"SELECT {keys}, count(DISTINCT event) FROM ({self.contributions(relations)}) c GROUP BY {keys}"
        params = ()
        if events is not None:  # the queryset's SQL carries its own placeholders
            sql, params = events.values("pk").query.sql_with_params()
            query = query.replace("%", "%%").replace("(SELECT id FROM chosen_events)", f"({sql})")
        python = [self.fields[column].to_python for column in self.key]  # SQLite gives its dates as text
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            return {tuple(convert(value) for convert, value in zip(python, row)): row[-1] for row in cursor.fetchall()}


DECLARED = []


def keeps(model, *, key, reads, vendors=("postgresql", "sqlite"), part=None):
    """Declare, under ``model``, what each event contributes to it (the decorated function:
    Relations -> SQL); ``part``: the columns and values of the rows it keeps, when several
    declarations keep one table (each reads only what its rows depend on)."""
    def declare(query):
        name = model.__name__ + "".join(f"_{value}" for value in (part or {}).values())
        DECLARED.append(Kept(model, tuple(key), reads, query, tuple(vendors), name, dict(part or {})))
        return query
    return declare


# -- which events a change touches, and the tables as they were -------------------------------

def _columns(name):
    """The columns of the table ``name`` the declarations read: a relation standing for the
    table as it was (or for one row) carries these."""
    read = {column for item in DECLARED for column in item.reads.get(name, ())}
    return ["id", *sorted(read - {"id"})]


def _events_of(name, rows):
    """SQL of the ids of the events the rows ``rows`` (a relation of the table ``name``) belong to."""
    column = TABLES[name][1]
    if column:
        return f"SELECT {column} FROM {rows}"
    return f"SELECT x.event_id FROM timeline_eventactor x WHERE x.actor_id IN (SELECT id FROM {rows})"


def _changed(columns, old="o", new="n"):
    return " OR ".join(f"{old}.{c} IS DISTINCT FROM {new}.{c}" for c in columns)


def _as_it_was(name, removed, added):
    """The table ``name`` as it was before a change: without the rows ``added``, with the rows
    ``removed`` (relations, or None)."""
    table = TABLES[name][0]
    columns = ", ".join(_columns(name))
    parts = [f"SELECT {columns} FROM {table}" + (f" WHERE id NOT IN (SELECT id FROM {added})" if added else "")]
    if removed:
        parts.append(f"SELECT {columns} FROM {removed} removed")
    return "(" + " UNION ALL ".join(parts) + ")"


OPS = ("insert", "update", "delete")


def _relations(dialect, name, op, scope, old, new):
    """The relations "after" and "before" a change of ``op`` to table ``name``: ``old``/``new``
    name the removed and added rows (a relation; SQLite's are one-row SELECTs)."""
    if name == "event":  # the events in scope are exactly the changed ones: their old and new rows
        after = None if op == "delete" else Relations(dialect, event=new, scope_sql=scope)
        before = None if op == "insert" else Relations(dialect, event=old, scope_sql=scope)
        return after, before
    after = Relations(dialect, scope_sql=scope)
    before = Relations(dialect, scope_sql=scope, **{
        name: _as_it_was(name, old if op != "insert" else None, new if op != "delete" else None)})
    return after, before


# -- one row's change: every change on SQLite, the events' on PostgreSQL ----------------------

def _row(name, which):
    return "(SELECT " + ", ".join(f"{which}.{c} AS {c}" for c in _columns(name)) + ")"


def _row_change(dialect, name, op, item):
    """What one row's change (``OLD``/``NEW``) to the table ``name`` adds to ``item``'s table,
    and the condition on the row (an update that changed what the count reads)."""
    column = TABLES[name][1]
    rows = {"insert": ["NEW"], "delete": ["OLD"], "update": ["OLD", "NEW"]}[op]
    if column:
        scope = "{e} IN (" + ", ".join(f"{which}.{column}" for which in rows) + ")"
    else:
        scope = "{e} IN (SELECT event_id FROM timeline_eventactor WHERE actor_id = NEW.id)"
    old = _row(name, "OLD") if op != "insert" else None
    new = _row(name, "NEW") if op != "delete" else None
    after, before = _relations(dialect, name, op, scope, old, new)
    return item.delta(after, before), _changed(item.reads[name], "OLD", "NEW") if op == "update" else ""


def _sqlite_trigger(name, op, item):
    """SQLite runs a trigger right after each row, before the next: "before" is the tables
    now, with ``OLD`` instead of ``NEW``."""
    delta, when = _row_change(Dialect("sqlite"), name, op, item)
    trigger = f"{PREFIX}_{item.name.lower()}_{name}_{op}"
    when = f" WHEN {when}" if when else ""
    return f"CREATE TRIGGER {trigger} AFTER {op.upper()} ON {TABLES[name][0]} FOR EACH ROW{when} BEGIN {delta}; END"


# -- PostgreSQL: statement by statement, and events' updates row by row -----------------------
# A trigger after each row runs once the whole statement is done, and sees every row it changed:
# right for events (a statement changes each event once, and "before" is OLD), wrong for links
# (three links of one event in one statement). Links, topics and actors read the statement's
# transition tables; an insert, the writer's path, only to list the new rows' ids. New and
# removed events are their transition table; an update of events runs for the rows whose
# counted columns changed (a save rewrites every column), each with its OLD and NEW.

def _pg(function, body, declare=""):
    # Every query here looks a few rows up by key. A function keeps the plans it made first, when
    # the tables may have been small and without statistics, and a scan of the whole table planned
    # then would stay, growing with the archive: no scans where a key leads.
    return (f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$\n{declare}BEGIN"
            + "".join(body) + "\n  RETURN NULL;\nEND\n$$ LANGUAGE plpgsql SET enable_seqscan = off")


def _pg_events(op, kept):
    dialect, table = Dialect("postgresql"), TABLES["event"][0]
    if op != "update":  # the statement's new (or removed) events, all at once
        function = f"{PREFIX}_event_{op}"
        rows = "new_rows" if op == "insert" else "old_rows"
        after, before = _relations(dialect, "event", op, "{e} IS NOT NULL", "old_rows", "new_rows")
        body = [f"\n  -- {item.name}\n  {item.delta(after, before)};" for item in kept]
        return [_pg(function, body),
                f"CREATE TRIGGER {function} AFTER {op.upper()} ON {table} "
                f"REFERENCING {'NEW' if op == 'insert' else 'OLD'} TABLE AS {rows} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()"]
    statements = []
    for item in kept:
        delta, when = _row_change(dialect, "event", op, item)
        function = f"{PREFIX}_{item.name.lower()}_event_update"
        statements += [_pg(function, [f"\n  {delta};"]),
                       f"CREATE TRIGGER {function} AFTER UPDATE OF {', '.join(item.reads['event'])} ON {table} "
                       f"FOR EACH ROW WHEN ({when}) EXECUTE FUNCTION {function}()"]
    return statements


def _pg_statement(name, op, kept):
    table, column = TABLES[name]
    dialect = Dialect("postgresql")
    # the events looked up by key alone, whatever the planner guesses of the other conditions
    # (without statistics it scans every visible event instead)
    looked_up = f"(SELECT {', '.join(_columns('event'))} FROM timeline_event WHERE id = ANY(ids) OFFSET 0)"
    steps = []
    if op == "insert":  # the table before: without the new rows (their ids)
        steps.append(f"\n  added := ARRAY(SELECT id FROM new_rows);\n  ids := ARRAY({_events_of(name, 'new_rows')});")
        before = Relations(dialect, scope_sql="{e} = ANY(ids)",
                           **{name: f"(SELECT {', '.join(_columns(name))} FROM {table} WHERE id <> ALL(added))"})
        after = Relations(dialect, scope_sql="{e} = ANY(ids)")
    for item in kept:
        if op == "update":
            changed = f"old_rows o JOIN new_rows n ON n.id = o.id WHERE {_changed(item.reads[name])}"
            if column:  # the events of the rows as they were and as they are (a link moved: both)
                ids = f"SELECT o.{column} FROM {changed} UNION SELECT n.{column} FROM {changed}"
            else:  # actors: the events linked to a changed one
                ids = f"SELECT x.event_id FROM timeline_eventactor x WHERE x.actor_id IN (SELECT o.id FROM {changed})"
            steps.append(f"\n  ids := ARRAY({ids});")
        elif op == "delete":
            steps.append(f"\n  ids := ARRAY({_events_of(name, 'old_rows')});")
        if op != "insert":
            after, before = _relations(dialect, name, op, "{e} = ANY(ids)", "old_rows", "new_rows")
        after, before = replace(after, event=looked_up), replace(before, event=looked_up)
        steps.append(f"\n  -- {item.name}\n  IF cardinality(ids) > 0 THEN\n    {item.delta(after, before)};\n  END IF;")
    function = f"{PREFIX}_{name}_{op}"
    references = {"insert": "NEW TABLE AS new_rows", "delete": "OLD TABLE AS old_rows",
                  "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows"}[op]
    return [_pg(function, steps, "DECLARE ids bigint[]; added bigint[];\n"),
            f"CREATE TRIGGER {function} AFTER {op.upper()} ON {table} REFERENCING {references} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()"]


def _ops(name):
    return ("update",) if name == "actor" else OPS  # a new actor has no links; links go before it


def install_sql(vendor, declared=None):
    """The statements that make the triggers of every declaration for this database (after
    ``uninstall_sql`` has removed an earlier installation's)."""
    declared = [item for item in (DECLARED if declared is None else declared) if vendor in item.vendors]
    statements = []
    for name in TABLES:
        kept = [item for item in declared if name in item.reads]
        for op in _ops(name) if kept else ():
            if vendor == "sqlite":
                statements += [_sqlite_trigger(name, op, item) for item in kept]
            elif name == "event":
                statements += _pg_events(op, kept)
            else:
                statements += _pg_statement(name, op, kept)
    return statements


def fingerprint():
    """A short hash of what the declarations make on both databases: the migration that installs
    them records it (``KEPT_FINGERPRINT``), and a test compares."""
    import hashlib

    made = [*install_sql("postgresql"), *install_sql("sqlite")]
    made += [sql for item in DECLARED for vendor in item.vendors for sql in item.recount_sql(vendor)]
    return hashlib.sha256("\n".join(made).encode()).hexdigest()[:16]


def installed(cursor):
    """The names of the triggers an installation made, as the database lists them."""
    if cursor.db.vendor == "postgresql":
        cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE %s", [PREFIX + "%"])
    else:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [PREFIX + "%"])
    return sorted(name for (name,) in cursor.fetchall())


def uninstall_sql(cursor):
    if cursor.db.vendor == "postgresql":
        cursor.execute("SELECT tgname, tgrelid::regclass::text FROM pg_trigger WHERE NOT tgisinternal "
                       "AND tgname LIKE %s", [PREFIX + "%"])
        triggers = [f"DROP TRIGGER {name} ON {table}" for name, table in cursor.fetchall()]
        cursor.execute("SELECT proname FROM pg_proc WHERE proname LIKE %s", [PREFIX + "%"])
        return triggers + [f"DROP FUNCTION {name}()" for (name,) in cursor.fetchall()]
    return [f"DROP TRIGGER {name}" for name in installed(cursor)]


def uninstall(schema_editor):
    """Remove the installed triggers. On SQLite a migration that rebuilds one of the tables
    they read (a changed column) runs this before, and ``install`` after: SQLite refuses to
    rename a table that another table's trigger names."""
    with schema_editor.connection.cursor() as cursor:
        statements = uninstall_sql(cursor)
    for statement in statements:
        schema_editor.execute(statement, params=None)


def install(schema_editor, *, recount=True, leave_out=()):
    """Replace the installed triggers with the declarations' and (by default) count every
    table again from the rows. The declarations of tables that do not exist (yet: a migration
    before the one that makes them), or named in ``leave_out``, are left out."""
    import_module("timeline.models.counts")  # the declarations are made on import

    vendor = schema_editor.connection.vendor
    with schema_editor.connection.cursor() as cursor:
        tables = set(schema_editor.connection.introspection.table_names(cursor)) - set(leave_out)
    declared = [item for item in DECLARED if item.table in tables and vendor in item.vendors]
    uninstall(schema_editor)
    for statement in install_sql(vendor, declared):
        schema_editor.execute(statement, params=None)
    if recount:
        for item in declared:
            for statement in item.recount_sql(vendor):
                schema_editor.execute(statement, params=None)
