"""SQL the ORM has no expression for, written over the model's columns by name.

``RawSQL`` names a table (``timeline_event.search_text``); inside a subquery Django gives the
table another alias (``U0``), and the raw text then points at the outer query's row: a
correlated subquery that PostgreSQL runs once per outer row (a minute instead of milliseconds)
and that tests the wrong row. ``ColumnSQL`` compiles each column as the query names it.
"""

from django.db.models import F, Func


class ColumnSQL(Func):
    """``template`` with ``{0}``, ``{1}``… for ``columns`` (field names, compiled under the
    query's alias for their table) and ``%s`` for ``params``, after the columns."""

    def __init__(self, template, columns, params=(), *, output_field):
        super().__init__(*[F(column) for column in columns], output_field=output_field)
        self.sql_template, self.sql_params = template, tuple(params)

    def as_sql(self, compiler, connection, **extra_context):
        compiled = [compiler.compile(expression) for expression in self.get_source_expressions()]
        if any(params for _, params in compiled):
            raise ValueError("ColumnSQL takes plain columns")
        return self.sql_template.format(*(sql for sql, _ in compiled)), self.sql_params
