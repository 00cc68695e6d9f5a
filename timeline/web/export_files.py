"""The web page's exports, written whole to a file before the first byte is sent.

A streamed export answers 200 before it has read its events: when the stream then fails (a
worker's timeout, a database gone) the visitor holds a file cut short that looked like a
success. Here the file is written first, from one snapshot of the data, with its count; the
answer is the finished file (``Content-Length``, ``X-Export-Count``) or an error page, never
a 200 for part of a file. The same export asked again, before the data changes, is the same
file: twenty analysts downloading everything cost one pass over the events, and a request
for a file another request is writing waits for it instead of writing it again.

Writing a file takes a slot of the "export" pool (``timeline.admission``): a client may have
one export in progress and the machine two at once; the others are told to come back (429).
A finished file needs no slot. Files live in ``settings.EXPORT_DIR`` for
``settings.EXPORT_FILE_SECONDS`` at most; the oldest beyond ``EXPORT_FILES_KEPT`` go first.
"""

import fcntl
import hashlib
import os
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction

from timeline.web import admission
from timeline.web.export import WRITERS, exported
from timeline.web.guards import without_time_limit


class Busy(Exception):
    """No slot to write this export now; ``retry_after`` seconds is a good time to ask again."""

    def __init__(self, retry_after):
        super().__init__(f"busy: retry after {retry_after} s")
        self.retry_after = retry_after


@dataclass(frozen=True)
class ExportFile:
    file: object  # open for reading (binary): a file pruned meanwhile stays readable
    count: int


def export_file(fmt, events, base_url, identity, client):
    """The finished file of ``events`` (a queryset) in format ``fmt``, written now or earlier
    for the same ``identity`` (the filters and the data's version, as text)."""
    folder = admission.local_folder("exports", getattr(settings, "EXPORT_DIR", ""))
    key = hashlib.sha1(f"{fmt}|{base_url}|{identity}".encode()).hexdigest()
    path = os.path.join(folder, f"{key}.{fmt}")
    ready = _ready(path)
    if ready:
        return ready
    pool = admission.pool("export")
    mine = pool.take(client, machine=False)  # one export in progress per client, waiting included
    if mine is None:
        raise Busy(pool.retry_after)
    try:
        with _held(os.path.join(folder, f"{key}.lock"), settings.EXPORT_WAIT_SECONDS, pool.retry_after):
            ready = _ready(path)  # written by the request that held the lock before
            if ready:
                return ready
            slot = pool.take(client, client_slot=False)
            if slot is None:
                raise Busy(pool.retry_after)
            try:
                made = _write(fmt, events, base_url, path)
            finally:
                slot.release()
    finally:
        mine.release()
    _prune(folder)
    return made


def _ready(path):
    """The finished file at ``path``, open, while it is fresh; else None."""
    try:
        with open(path + ".count") as counted:
            count = int(counted.read())
        finished = open(path, "rb")
    except (FileNotFoundError, ValueError):
        return None
    if time.time() - os.fstat(finished.fileno()).st_mtime > settings.EXPORT_FILE_SECONDS:
        finished.close()
        return None
    return ExportFile(finished, count)


class _held:
    """The lock file at ``path``, waited for up to ``seconds`` (else ``Busy``)."""

    def __init__(self, path, seconds, retry_after):
        self.path, self.seconds, self.retry_after = path, seconds, retry_after

    def __enter__(self):
        self.descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + self.seconds
        while True:
            try:
                fcntl.flock(self.descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return self
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(self.descriptor)
                    raise Busy(self.retry_after) from None
                time.sleep(0.1)

    def __exit__(self, *exc):
        os.close(self.descriptor)


def _write(fmt, events, base_url, path):
    """Write the file beside ``path`` and move it there once whole: a reader sees the finished
    file or none. Its count and its events come from one snapshot of the database."""
    partial = f"{path}.{os.getpid()}-{threading.get_ident()}.partial"
    outermost = not connection.in_atomic_block  # (inside a test's transaction, the snapshot is its)
    try:
        with transaction.atomic(), without_time_limit():
            if connection.vendor == "postgresql" and outermost:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            count = exported(fmt, events).count()
            with open(partial, "w", encoding="utf-8", newline="") as out:
                for block in WRITERS[fmt](events, base_url):
                    out.write(block)
        with open(partial + ".count", "w") as counted:
            counted.write(str(count))
        os.replace(partial + ".count", path + ".count")
        finished = open(partial, "rb")
        os.replace(partial, path)
    finally:
        for leftover in (partial, partial + ".count"):
            if os.path.exists(leftover):
                os.unlink(leftover)
    return ExportFile(finished, count)


def _prune(folder):
    """Leave out files older than ``EXPORT_FILE_SECONDS`` and all but the newest
    ``EXPORT_FILES_KEPT`` (a file being sent stays readable until its answer ends)."""
    now = time.time()
    files = []
    for entry in os.scandir(folder):
        if entry.name.endswith((".json", ".csv", ".ics")):
            try:
                files.append((entry.stat().st_mtime, entry.path))
            except FileNotFoundError:
                continue
    files.sort(reverse=True)
    for rank, (modified, path) in enumerate(files):
        if rank >= settings.EXPORT_FILES_KEPT or now - modified > settings.EXPORT_FILE_SECONDS:
            for stale in (path, path + ".count"):
                try:
                    os.unlink(stale)
                except FileNotFoundError:
                    pass
