"""How much expensive work anonymous visitors may start at once.

A time axis with lanes, a map or an export reads many rows; the statement timeout bounds each
query, but not how many such requests run together. A few clients looping on them would take
every worker and every core, and the cheap pages (permalinks, ``/healthz``) would wait behind
them. So each kind of expensive work has a pool of slots, shared by every process and thread
on this machine: at most ``at_once`` requests of the kind run together, and at most
``per_client`` of them for one client address. A request that finds its client's slots taken
is refused at once (429, Retry-After): that client is already being served. One that finds
the machine's slots taken waits up to ``wait`` seconds for one, then is refused the same way.

The slots are advisory locks (``flock``) on small files in ``settings.ADMISSION_DIR`` (by
default a folder of the system's temporary folder, one per site): the
kernel releases them when a process dies (a killed worker leaves no slot taken), they need no
Redis or database (a slot is as cheap to take when either is down), and every open of a file
is its own lock, so threads of one process count apart. A rate limit (django-ratelimit) counts
requests per minute in the cache; it does not bound how many run at once, which is what keeps
the cheap pages fast, and it would share the cache's fate when Redis is down.
"""

import fcntl
import hashlib
import os
import tempfile
import time
from dataclasses import dataclass

from django.conf import settings

# clients are spread over this many files per pool: two addresses share a limit only when
# their hashes meet (one chance in a thousand), and the folder never holds more files
CLIENT_BUCKETS = 1024
POLL_SECONDS = 0.05


def local_folder(kind, configured=""):
    """``configured``, or a folder of the system's temporary folder for this site (its code and
    its database) and ``kind``: what the processes of one machine share. Created if missing."""
    if not configured:
        database = settings.DATABASES["default"]
        identity = f"{settings.BASE_DIR}|{database.get('HOST', '')}|{database.get('PORT', '')}|{database['NAME']}"
        configured = os.path.join(tempfile.gettempdir(),
                                  f"timeline-{kind}-" + hashlib.sha1(identity.encode()).hexdigest()[:12])
    os.makedirs(configured, mode=0o700, exist_ok=True)
    return configured


class Slot:
    """A taken slot: the client's and the machine's locks, released once."""

    def __init__(self, descriptors):
        self._descriptors = descriptors

    def release(self):
        descriptors, self._descriptors = self._descriptors, []
        for descriptor in descriptors:
            os.close(descriptor)  # closing the file releases its lock


@dataclass(frozen=True)
class Pool:
    name: str
    at_once: int
    per_client: int
    wait: float  # seconds a request may wait for one of the machine's slots
    retry_after: int  # seconds the refusal asks the client to wait

    def take(self, client, *, machine=True, client_slot=True):
        """A ``Slot`` for a request from ``client`` (an address), or ``None`` when it must be
        refused: the client's slots are taken, or the machine's stay taken for ``wait`` seconds.
        ``machine=False`` takes the client's slot only, ``client_slot=False`` the machine's only."""
        folder = local_folder("admission", getattr(settings, "ADMISSION_DIR", ""))
        taken = []
        if client_slot:
            bucket = int(hashlib.sha1(client.encode()).hexdigest(), 16) % CLIENT_BUCKETS
            mine = _lock_one([os.path.join(folder, f"{self.name}-client-{bucket}-{i}") for i in range(self.per_client)])
            if mine is None:
                return None
            taken.append(mine)
        if machine:
            slots = [os.path.join(folder, f"{self.name}-{i}") for i in range(self.at_once)]
            deadline = time.monotonic() + self.wait
            while (held := _lock_one(slots)) is None:
                if time.monotonic() >= deadline:
                    Slot(taken).release()
                    return None
                time.sleep(POLL_SECONDS)
            taken.append(held)
        return Slot(taken)


def _lock_one(paths):
    """An open descriptor holding the lock of the first free file of ``paths``, or None."""
    for path in paths:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return descriptor
        except BlockingIOError:
            os.close(descriptor)
    return None


def pool(name):
    """The pool ``name`` as the settings size it (``ADMISSION``: {name: {at_once, per_client,
    wait, retry_after}})."""
    return Pool(name, **settings.ADMISSION[name])


def client_address(request):
    """The address a request comes from: the peer, or, when the peer is one of the proxies
    named in ``settings.TRUSTED_PROXIES``, the last address before them in X-Forwarded-For."""
    peer = request.META.get("REMOTE_ADDR", "")
    trusted = settings.TRUSTED_PROXIES
    if peer not in trusted:
        return peer
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    for address in reversed(forwarded):
        if address not in trusted:
            return address
    return peer
