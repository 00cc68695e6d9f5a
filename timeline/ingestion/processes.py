"""What keeps ingestion's processes honest: a time budget per document, and worker processes
that die with the command that started them and never hold its database connection.

Plain Python, no Django models.
"""

import contextlib
import ctypes
import os
import signal
import threading

_PR_SET_PDEATHSIG = 1


class OverBudget(Exception):
    """Understanding a document took longer than its budget."""


@contextlib.contextmanager
def time_budget(seconds, *, what="understanding the text"):
    """Raise ``OverBudget`` in this thread's Python code once ``seconds`` have passed.

    Uses the process's real-time alarm, so it works in the main thread only (the ingest
    command's own thread, or a worker process's); elsewhere, or with ``seconds`` 0, the code
    runs without a limit. Code inside a single C call is interrupted when it returns.
    """
    usable = seconds and seconds > 0 and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expired(signum, frame):
        raise OverBudget(f"{what} took longer than {seconds:g} s (INGEST_SECONDS_PER_DOCUMENT)")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def die_with_parent(parent_pid):
    """In a worker process: be killed by the kernel when the process that started it dies,
    even by ``kill -9`` (Linux's parent-death signal), so that nothing it inherited (a pipe,
    a socket) outlives the command."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the executor's own shutdown is all there is
        return
    if os.getppid() != parent_pid:  # the parent died before the signal was asked for
        os._exit(1)
