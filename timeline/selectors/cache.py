"""A value computed once and kept in the shared cache: the pages' counts and lists."""

from django.conf import settings
from django.core.cache import cache


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
