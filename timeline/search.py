"""Full-text search on both databases, with the same idea of ranking: relevance of the query
words in an event's title, actors, place, topics and source sentences.

PostgreSQL: a GIN index on ``to_tsvector('english', search_text)``, queried with
``websearch_to_tsquery`` and ranked by ``ts_rank``. SQLite: an FTS5 table over the same
column, kept in step by triggers, queried with quoted terms and ranked by ``bm25``.
"""

import re

from django.db import connection
from django.db.models import BooleanField, F, FloatField
from django.db.models.expressions import RawSQL

_WORD = re.compile(r"\w[\w'’-]*", re.UNICODE)


def fts5_query(text):
    """User text as an FTS5 query: every word quoted (no operators can leak in), all required."""
    words = _WORD.findall(text)[:12]
    return " ".join('"' + word.replace('"', "") + '"' for word in words)


def search_events(queryset, text, *, ranked=False):
    text = text.strip()
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        condition = RawSQL(
            "to_tsvector('english', timeline_event.search_text) @@ websearch_to_tsquery('english', %s)", (text,),
            output_field=BooleanField(),
        )
        queryset = queryset.filter(condition)
        if ranked:
            rank = RawSQL("ts_rank(to_tsvector('english', timeline_event.search_text), websearch_to_tsquery('english', %s))",
                          (text,), output_field=FloatField())
            queryset = queryset.annotate(rank=rank).order_by(F("rank").desc(), "id")
        return queryset
    query = fts5_query(text)
    if not query:
        return queryset.none()
    matching = RawSQL("SELECT rowid FROM timeline_event_fts WHERE timeline_event_fts MATCH %s", (query,))
    queryset = queryset.filter(id__in=matching)
    if ranked:
        rank = RawSQL("(SELECT bm25(timeline_event_fts) FROM timeline_event_fts WHERE timeline_event_fts MATCH %s "
                      "AND rowid = timeline_event.id)", (query,), output_field=FloatField())
        queryset = queryset.annotate(rank=rank).order_by("rank", "id")  # bm25: lower is better
    return queryset
