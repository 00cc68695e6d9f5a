"""Bounded work per request: what a public request may ask for, how long its queries may run,
and what the visitor sees when the database refuses (never a 500).

``too_much(request)`` is checked by the public views before any query; ``QueryGuard`` is the
middleware that gives every request's queries a time limit (PostgreSQL's
``statement_timeout``, SQLite's progress handler) and turns a database error into a page
that says what happened.
"""

import sys
import time
from contextlib import contextmanager
from functools import wraps

from django.conf import settings
from django.db import DatabaseError, DataError, InterfaceError, OperationalError, connection
from django.shortcuts import render

from timeline.models.availability import database_answers

# A shared link names a handful of filters; these limits are far above any real one.
MAX_QUERY_STRING = 4096  # characters
MAX_PARAMETERS = 60  # name=value pairs in one URL
MAX_VALUES = 20  # distinct values of one filter (20 actors, 20 topics...)


def too_much(request):
    """Why the URL asks for more than a request may do, in words; ``None`` when it does not."""
    query = request.META.get("QUERY_STRING", "")
    if len(query) > MAX_QUERY_STRING:
        return f"The address is {len(query):,} characters long; a timeline address has at most {MAX_QUERY_STRING:,}."
    pairs = sum(len(values) for values in request.GET.lists())
    if pairs > MAX_PARAMETERS:
        return f"The address carries {pairs} values; a timeline address has at most {MAX_PARAMETERS}."
    for name, values in request.GET.lists():
        distinct = len(set(values))
        if distinct > MAX_VALUES:
            return f"The address asks for {distinct} different values of “{name[:40]}”; at most {MAX_VALUES} can be combined."
    return None


# A visitor asked to come back is told when.
RETRY_AFTER_SECONDS = 30
UNAVAILABLE = ("The timeline's database is not answering at the moment. Nothing is lost: try again in a "
               "minute.")


def refuse(request, message, *, status=400, heading="This request cannot be answered", retry_after=None):
    response = render(request, "error.html", {"heading": heading, "message": message}, status=status)
    if status in {429, 503}:
        response["Retry-After"] = str(retry_after or RETRY_AFTER_SECONDS)
    return response


def unavailable(request):
    """The page for a database that does not answer (it needs none itself)."""
    return refuse(request, UNAVAILABLE, status=503, heading="Unavailable")


def server_error(request):
    """``handler500``: a database that went away during a request is a 503 that asks to come
    back, whichever layer noticed; anything else is the plain 500 page."""
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        return unavailable(request)
    return refuse(request, "Something went wrong on our side; it has been logged.", status=500,
                  heading="Server error")


def bad_request(request, exception):
    """``handler400``: the same page (and the same security headers) as every other refusal."""
    return refuse(request, "This request could not be understood.")


BUSY = ("Too many of these requests are running at once (yours, or everyone's). Cheap pages still "
        "answer at once; this one will too in a few seconds.")


def admitted(pool_name):
    """A view decorator: an anonymous request runs only in a slot of the pool ``pool_name``
    (``timeline.admission``), else it is a 429 page with Retry-After. Curators (logged in)
    are not counted."""
    from timeline.web import admission

    def decorate(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if request.user.is_authenticated:
                return view(request, *args, **kwargs)
            pool = admission.pool(pool_name)
            slot = pool.take(admission.client_address(request))
            if slot is None:
                return refuse(request, BUSY, status=429, heading="Busy", retry_after=pool.retry_after)
            try:
                return view(request, *args, **kwargs)
            finally:
                slot.release()
        return guarded
    return decorate


class QueryGuard:
    """Every request's queries get ``settings.REQUEST_QUERY_SECONDS``; a database error is a
    page, not a crash: a value the database cannot take is a 400, a query stopped at its
    time limit (or a database that does not answer) a 503 that asks to retry."""

    def __init__(self, get_response):
        self.get_response = get_response

    # the health checks ask the database themselves, with their own answer when it is down
    UNGUARDED = frozenset({"/healthz", "/livez"})

    def __call__(self, request):
        seconds = getattr(settings, "REQUEST_QUERY_SECONDS", 0) if request.path not in self.UNGUARDED else 0
        try:
            if seconds:
                self._limit(seconds)
            return self.get_response(request)
        except (OperationalError, InterfaceError):
            return unavailable(request)  # the database went away before the view began
        finally:
            if seconds and connection.vendor == "sqlite" and connection.connection is not None:
                connection.connection.set_progress_handler(None, 0)

    @staticmethod
    def _limit(seconds):
        if connection.vendor == "postgresql":
            # on every request (one round trip): a rolled-back transaction undoes a SET
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('statement_timeout', %s, false)", [f"{int(seconds * 1000)}ms"])
        elif connection.vendor == "sqlite":
            connection.ensure_connection()
            deadline = time.monotonic() + seconds
            # called every few thousand SQLite instructions; a true answer interrupts the query
            connection.connection.set_progress_handler(lambda: time.monotonic() > deadline, 20_000)

    def process_exception(self, request, exception):
        if not isinstance(exception, DatabaseError):
            return None
        if isinstance(exception, DataError):
            return refuse(request, "A value in this address is not one the timeline can look up "
                                   "(a character or a number out of range).")
        if isinstance(exception, InterfaceError) or (isinstance(exception, OperationalError) and not database_answers()):
            return unavailable(request)
        if isinstance(exception, OperationalError):
            return refuse(request, "The database took too long to answer this request, or did not answer. "
                                   "Try again in a moment, or narrow the filters.",
                          status=503, heading="Busy")
        return refuse(request, "The database could not answer this request.")


@contextmanager
def without_time_limit():
    """The queries inside run without the request's limit on SQLite, whose limit is one for the
    whole request (PostgreSQL's is per statement and stays): for work bounded otherwise, such
    as an export written in a slot of its pool."""
    if connection.vendor != "sqlite" or connection.connection is None:
        yield
        return
    connection.connection.set_progress_handler(None, 0)
    yield
