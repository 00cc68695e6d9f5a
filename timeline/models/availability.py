"""Whether the database answers, and how long to wait for it when it does not.

A database restarting, failing over or cut off for a moment raises ``OperationalError`` or
``InterfaceError``; so does a query the database refuses for the document's sake (SQLite's
"too many SQL variables"). Which of the two it was is asked of the database itself: if it
answers a trivial query now, the error was the work's, and trying again would not help.
"""

import random

from django.db import DatabaseError, InterfaceError, OperationalError, connection

# the errors of a database that may not be answering
UNAVAILABLE = (OperationalError, InterfaceError)


def database_answers():
    """Whether the database answers ``SELECT 1`` now, on a new connection if the last one broke."""
    try:
        if not connection.in_atomic_block:  # (a test's transaction: closing would break it)
            connection.close_if_unusable_or_obsolete()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError:
        if not connection.in_atomic_block:
            connection.close()  # the next try connects afresh
        return False


def retry_delay(attempt):
    """Seconds to wait before trying again after failed try number ``attempt`` (0, 1, ...):
    1, 2, 4, ... at most 60, give or take a tenth, so that workers that failed together do not
    all come back at the same moment."""
    return min(60.0, 2.0 ** attempt) * random.uniform(0.9, 1.1)


def patiently(call, *, errors, tries, on_wait=None, give_up=None, sleep=None):
    """``call()``, tried up to ``tries`` times while it raises one of ``errors``, waiting
    ``retry_delay`` between tries; ``give_up(error)`` true re-raises at once (the error was not
    the kind that passes), ``on_wait(error, seconds)`` is told of each wait. The last error is
    raised when every try failed."""
    import time

    sleep = sleep or time.sleep
    for attempt in range(tries):
        try:
            return call()
        except errors as error:
            if attempt + 1 >= tries or (give_up is not None and give_up(error)):
                raise
            delay = retry_delay(attempt)
            if on_wait is not None:
                on_wait(error, delay)
            sleep(delay)
    raise ValueError("tries must be at least 1")
