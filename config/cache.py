"""A Redis cache that is an optimisation, never a dependency: with Redis down or slow, every
read is a miss and every write is dropped, pages are computed without it, and a warning is
logged at most once a minute (per process) instead of a 500 on every page.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("timeline.cache")

# How often a process says again that the cache is down.
WARN_EVERY_SECONDS = 60


class ForgivingRedisCache(RedisCache):
    """Django's Redis cache whose failures are misses. Give it short socket timeouts
    (``OPTIONS``: ``socket_connect_timeout``, ``socket_timeout``) so a dead Redis costs a
    request milliseconds, not seconds."""

    _last_warning = 0.0

    def _forgive(self, error, default=None):
        now = time.monotonic()
        if now - ForgivingRedisCache._last_warning >= WARN_EVERY_SECONDS:
            ForgivingRedisCache._last_warning = now
            logger.warning("the cache (Redis) is not answering; pages are computed without it: %s", error)
        return default

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            return self._forgive(error, default)

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except RedisError as error:
            return self._forgive(error, {})

    def set(self, key, value, timeout=None, version=None):
        try:
            return super().set(key, value, timeout, version)
        except RedisError as error:
            return self._forgive(error)

    def set_many(self, data, timeout=None, version=None):
        try:
            return super().set_many(data, timeout, version)
        except RedisError as error:
            return self._forgive(error, list(data))

    def add(self, key, value, timeout=None, version=None):
        try:
            return super().add(key, value, timeout, version)
        except RedisError as error:
            return self._forgive(error, False)

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except RedisError as error:
            return self._forgive(error, False)

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except RedisError as error:
            return self._forgive(error, False)

    def touch(self, key, timeout=None, version=None):
        try:
            return super().touch(key, timeout, version)
        except RedisError as error:
            return self._forgive(error, False)

    def clear(self):
        try:
            return super().clear()
        except RedisError as error:
            return self._forgive(error, False)

    def ping(self):
        """Whether Redis answers now (for the readiness check); raises nothing."""
        try:
            client = self._cache.get_client(write=False)
            return bool(client.ping())
        except RedisError:
            return False
