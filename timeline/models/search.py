"""Full-text search on both databases, with the same idea of ranking: relevance of the query
words in an event's title, actors, place, topics and source sentences.

PostgreSQL: a GIN index on ``to_tsvector('english', search_text)``, queried with
``websearch_to_tsquery`` and ranked by ``ts_rank``. SQLite: an FTS5 table over the same
column, kept in step by triggers, queried in the same web-search syntax (``fts5_query``) and
ranked by ``bm25``.
"""

import re
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import BooleanField, F, FloatField
from django.db.models.expressions import RawSQL

from timeline.models.sql import ColumnSQL

_WORD = re.compile(r"\w[\w'’-]*", re.UNICODE)
_TERM = re.compile(r'(-?)(?:"([^"]*)"?|(\S+))')
# "Imran's" looks for Imran, as PostgreSQL's English dictionary reads it
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
# the syntax the search box explains under it, on both databases
SYNTAX_HELP = ('All words must appear; "a phrase" in quotes; OR between words for either; '
               "-word to leave a word out; Putin's finds Putin.")


def _fts5_phrase(text):
    words = [_POSSESSIVE.sub("", word) for word in _WORD.findall(text)]
    words = [word for word in words if word]
    return '"' + " ".join(words).replace('"', "") + '"' if words else ""


def fts5_query(text):
    """User text in web-search syntax (PostgreSQL's ``websearch_to_tsquery``: words all
    required, "quoted phrases", OR, -word) as an FTS5 query. Every word is quoted, so no FTS5
    operator can leak in; possessives look for the name.

    >>> fts5_query("Putin OR Khan moscow -Lavrov")
    '("Putin" OR "Khan") AND "moscow" NOT "Lavrov"'
    >>> fts5_query('"state visit" Imran’s'), fts5_query("-visit")
    ('"state visit" AND "Imran"', '')
    """
    groups, left_out, either = [], [], False
    for minus, phrase, word in _TERM.findall(text)[:24]:
        if word and not minus and word.upper() == "OR":
            either = bool(groups)
            continue
        term = _fts5_phrase(phrase if phrase or not word else word)
        if not term:
            continue
        if minus:
            left_out.append(term)
        elif either:
            groups[-1].append(term)
        else:
            groups.append([term])
        either = False
    if not groups:
        return ""
    wanted = " AND ".join(group[0] if len(group) == 1 else "(" + " OR ".join(group) + ")" for group in groups)
    return wanted + "".join(f" NOT {term}" for term in left_out)



def looks_for_nothing(text):
    """Whether a search names no word to look for, only words to leave out ("-visit"): such a
    search would test every event's words (no index finds what is not there), so the form
    refuses it. On PostgreSQL its own reading of the query decides (a query of stop words and
    negations alone is one it cannot look up in its index).

    >>> looks_for_nothing("-visit"), looks_for_nothing('-"state visit" -talks'), looks_for_nothing("visit -talks")
    (True, True, False)
    """
    positive = False
    for negated, phrase, word in _TERM.findall(text):
        words = _WORD.findall(phrase if phrase or not word else word)
        if words and not negated and not (word and word.lower() == "or"):
            positive = True
    if not positive:
        return bool(text.strip())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT querytree(websearch_to_tsquery('english', %s))", [text])
            return cursor.fetchone()[0] == "T"
    return False


def search_events(queryset, text):
    """The events of ``queryset`` whose words match ``text`` (all of them, on SQLite)."""
    text = text.strip()
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        return queryset.filter(ColumnSQL("to_tsvector('english', {0}) @@ websearch_to_tsquery('english', %s)",
                                         ["search_text"], [text], output_field=BooleanField()))
    query = fts5_query(text)
    if not query:
        return queryset.none()
    return queryset.filter(id__in=RawSQL("SELECT rowid FROM timeline_event_fts WHERE timeline_event_fts MATCH %s",
                                         (query,)))


def ranked_events(queryset, text):
    """The events of ``queryset`` (matched by ``text`` already), the best matches first."""
    text = text.strip()
    if connection.vendor == "postgresql":
        rank = ColumnSQL("ts_rank(to_tsvector('english', {0}), websearch_to_tsquery('english', %s))",
                         ["search_text"], [text], output_field=FloatField())
        return queryset.annotate(rank=rank).order_by(F("rank").desc(), "id")
    rank = ColumnSQL("(SELECT bm25(timeline_event_fts) FROM timeline_event_fts WHERE rowid = {0} "
                     "AND timeline_event_fts MATCH %s)", ["id"], [fts5_query(text)], output_field=FloatField())
    return queryset.annotate(rank=rank).order_by("rank", "id")  # bm25: lower is better


def word_counts(text):
    """PostgreSQL, a search for one word: ({(year, month): visible events}, undated visible
    events) that the word matches, from the summary the database keeps (``WordCount``); None
    for anything else (several words, operators, phrases, another database), which is counted
    from the events."""
    if connection.vendor != "postgresql" or not text.strip():
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT numnode(q), querytree(q) FROM websearch_to_tsquery('english', %s) AS q", [text.strip()])
        nodes, tree = cursor.fetchone()
        if nodes != 1 or not (tree.startswith("'") and tree.endswith("'")):
            return None
        word = tree[1:-1].replace("''", "'")
        cursor.execute("SELECT month, n FROM timeline_wordcount WHERE word = %s AND n > 0", [word])
        months, undated = {}, 0
        for month, n in cursor.fetchall():
            if month is None:
                undated = n
            else:
                months[(month.year, month.month)] = n
    return months, undated


@contextmanager
def through_search_index():
    """PostgreSQL: the queries inside find their rows through bitmap scans (the search index
    and the others, combined) instead of walking one index in order and testing the words on
    each row it passes. The planner does not know that testing a row's words (computing its
    ``to_tsvector``) costs tens of microseconds, and would walk thousands of rows to find a
    rare word's first page."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_indexscan = off")
        yield
