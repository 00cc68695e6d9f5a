"""Health checks for load balancers: ``livez`` (the process answers) and ``healthz`` (the
database and the cache too)."""

from django.core.cache import cache
from django.http import HttpResponse
from django.views.decorators.http import require_safe

from timeline.models.availability import database_answers


@require_safe
def livez(request):
    """Liveness: this process answers (no database, no cache asked)."""
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def healthz(request):
    """Readiness: the database answers (else 503: this server cannot serve pages), and whether
    the cache does (without it pages are slower, not broken). One line each, in words."""
    database = database_answers()
    lines = [f"database: {'ok' if database else 'down'}", f"cache: {_cache_answers()}"]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain", status=200 if database else 503)
    if not database:
        response["Retry-After"] = "30"
    return response


def _cache_answers():
    """"ok", "down" (pages are computed without it) or "local" (a per-process cache, nothing to ask)."""
    ping = getattr(cache, "ping", None)
    if ping is None:
        return "local"
    return "ok" if ping() else "down"
