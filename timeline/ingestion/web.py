"""Web pages and feeds into sources the writer stores: the glue of ``fetch``, ``pages`` and
``feeds`` with the settings.

A page becomes a ``SourceText`` whose origin is its canonical address (``pages.canonical_key``),
so the same article reached through two feeds, with a tracking parameter or over http and https
is one document; the same text under another address is one document too (the writer's text
fingerprint). A feed entry whose page cannot be fetched or read is read from the entry's own
content or summary, and the document says so; the entry's date is the publication date when the
page gives none.
"""

import dataclasses
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings

from timeline.ingestion.feeds import read_feed
from timeline.ingestion.fetch import Fetched, Fetcher, FetchError, FetchPolicy
from timeline.ingestion.pages import canonical_key, read_page
from timeline.ingestion.sources import SourceError, SourceMetadata, SourceText, read_bytes


def fetch_policy(**overrides):
    """The ``FetchPolicy`` the settings give (``FETCH_*``)."""
    return dataclasses.replace(FetchPolicy(
        user_agent=settings.FETCH_USER_AGENT, connect_timeout=settings.FETCH_CONNECT_TIMEOUT,
        read_timeout=settings.FETCH_READ_TIMEOUT, max_bytes=settings.FETCH_MAX_BYTES,
        max_redirects=settings.FETCH_MAX_REDIRECTS, per_host_interval=settings.FETCH_PER_HOST_SECONDS,
        tries=settings.FETCH_TRIES, longest_wait=settings.FETCH_LONGEST_WAIT,
        allowed_networks=tuple(settings.FETCH_ALLOWED_NETWORKS), honour_robots=settings.FETCH_HONOUR_ROBOTS,
    ), **overrides)


def fetcher():
    return Fetcher(fetch_policy())


def _with_origin(source, address):
    source.origin = canonical_key(source.metadata.canonical_url or address)
    return source


def page_source(client, url):
    """The ``SourceText`` of the page at ``url``; FetchError or SourceError with the reason."""
    fetched = client.page(url)
    source = read_page(fetched.content, url=fetched.final_url, charset=fetched.charset, name=url)
    return _with_origin(source, fetched.final_url)


def page_sources(client, urls):
    """``(url, SourceText | error)`` for each address, in order."""
    for url in urls:
        try:
            yield url, page_source(client, url)
        except (FetchError, SourceError) as error:
            yield url, SourceError(str(error))


def feed_bytes(client, where, *, etag=None, last_modified=None):
    """The fetched feed at an address, or a file's bytes as a ``Fetched``-like answer."""
    if where.startswith(("http://", "https://")):
        return client.feed(where, etag=etag, last_modified=last_modified)
    path = Path(where)
    if not path.is_file():
        raise SourceError(f"{where}: no such feed file (give an http(s) address or a file)")
    return Fetched(url=where, final_url=path.resolve().as_uri(), status=200, content=read_bytes(path, what="a feed"))


def entry_source(client, entry, *, feed_name):
    """The ``SourceText`` of one feed entry: its page, else its own text (and why)."""
    label = entry.link or f"{feed_name}: entry {entry.title or entry.key!r}"
    reason = "the entry has no link"
    if entry.link:
        try:
            source = page_source(client, entry.link)
        except (FetchError, SourceError) as error:
            reason = getattr(error, "reason", None) or str(error)
        else:
            if source.metadata.published is None and entry.published:
                source.metadata.published, source.metadata.published_certainty = entry.published, "exact"
                source.metadata.origin_of_date = f"the feed entry's {entry.date_from} date"
            named_by_address = source.metadata.outlet in {urlsplit(a).netloc for a in (entry.link, source.metadata.url)}
            if not source.metadata.outlet or named_by_address:  # the feed's name says more than its address
                source.metadata.outlet = feed_name[:200]
            return label, source
    if not entry.content:
        return label, SourceError(f"{label}: the page could not be read ({reason}) and the feed entry has no text")
    text = "\n\n".join(filter(None, [entry.title, entry.content])) + "\n"
    metadata = SourceMetadata(
        title=entry.title[:500], outlet=feed_name[:200], url=entry.link, published=entry.published,
        published_certainty="exact" if entry.published else "unknown",
        origin_of_date=f"the feed entry's {entry.date_from} date" if entry.published else "",
        text_from=f"the feed entry's {entry.content_from}: the page could not be read ({reason})"[:300],
    )
    source = SourceText(path=None, text=text, metadata=metadata)
    source.origin = canonical_key(entry.link) if entry.link else f"feed:{feed_name}:{entry.key}"
    return label, source


def feed_sources(client, where, *, seen=None, answer=None, notes=None, outlet="", skipped=None):
    """``(label, SourceText | error)`` for each entry of the feed at ``where`` (an address or a
    file) not in ``seen`` (entry key -> the stamp it had when stored). Each source carries its
    ``feed_entry`` (key, stamp), for the caller to remember once it is stored. ``answer`` is the
    feed already fetched. A feed that cannot be fetched or read is one error; XML faults read past
    go to ``notes``."""
    try:
        answer = answer or feed_bytes(client, where)
        feed = read_feed(answer.content, name=where)
    except (FetchError, SourceError) as error:
        yield where, SourceError(str(error))
        return
    if feed.fault and notes is not None:
        notes.append(f"{where}: the feed is not well-formed ({feed.fault}); {len(feed.entries)} entries were read")
    name = outlet or feed.title or where
    for entry in feed.entries:
        if seen is not None and seen.get(entry.key) == entry.changed:
            if skipped is not None:
                skipped.append(entry.key)
            continue
        label, source = entry_source(client, entry, feed_name=name)
        if isinstance(source, SourceText):
            source.feed_entry = (entry.key, entry.changed)
        yield label, source
