"""What the reads keep in the shared cache, and the version of the data their keys carry.

A read's result is computed once per version of the data and kept (``remembered``); the
version changes whenever an event, a document or an actor does (``data_version``), so a page
never shows what the data no longer says, and never recomputes what it still does.
"""

import datetime
import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from timeline.models import Actor, DeletedEvent, Document, Event


def remembered(key, compute, seconds=None):
    """``compute()``, kept under ``key`` for ``seconds`` (by default ``RESULTS_CACHE_SECONDS``,
    whose keys carry the data's version); ``0`` computes it every time."""
    seconds = settings.RESULTS_CACHE_SECONDS if seconds is None else seconds
    value = cache.get(key) if seconds else None
    if value is None:
        value = compute()
        if seconds:
            cache.set(key, value, seconds)
    return value


def cache_key(kind, *parts):
    """``timeline:KIND:`` and a digest of ``parts`` (a version, filters' keys...)."""
    return f"timeline:{kind}:" + hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()


@functools.cache
def _version_sql():
    # written once per process: the history's manager is built anew at each access
    tables = [Event._meta.db_table, Document._meta.db_table, DeletedEvent._meta.db_table, Actor.history.model._meta.db_table]
    return (f"SELECT (SELECT MAX(updated_at) FROM {tables[0]}), (SELECT MAX(updated_at) FROM {tables[1]}),"
            f" (SELECT MAX(id) FROM {tables[2]}), (SELECT MAX(history_id) FROM {tables[3]})")


def data_version():
    """Changes whenever an event is stored, changed or deleted, a document is changed (its
    title, outlet or date show on permalinks), and when an actor is renamed, merged or added
    by a curator: four index lookups in one query. The actors' version comes last."""
    with connection.cursor() as cursor:
        cursor.execute(_version_sql())
        latest, document, deleted, actor_change = cursor.fetchone()
    stamps = []
    for value in (latest, document):
        if isinstance(value, str):  # SQLite returns the aggregate of a datetime column as text
            value = datetime.datetime.fromisoformat(value)
        stamps.append(value.timestamp() if value else 0)
    return f"{stamps[0]}:{stamps[1]}:{deleted or 0}:{actor_change or 0}"
