"""RSS 0.9x/1.0/2.0 and Atom feeds to entries: plain Python (feedparser), no Django.

``read_feed(data)`` gives the feed's title and its entries, each with its link, id, title,
date (the publication date as the feed's own time zone gives it, else the update date) and the
text of its content or summary, for when the page itself cannot be fetched. A document that is
not a feed at all is a SourceError; a feed with an XML fault that still gives entries is read,
and the fault is reported beside them.
"""

import datetime
import email.utils
from dataclasses import dataclass, field

import feedparser
from lxml import html as lxml_html

from timeline.ingestion.sources import SourceError


@dataclass
class Entry:
    link: str
    key: str  # the entry's id, else its link: what "seen before" remembers
    title: str = ""
    published: datetime.date | None = None
    date_from: str = ""  # "published" | "updated"
    changed: str = ""  # the entry's updated (else published) stamp as the feed writes it
    content: str = ""  # the entry's own text: its content, else its summary
    content_from: str = ""  # "content" | "summary"


@dataclass
class Feed:
    title: str = ""
    link: str = ""
    entries: list = field(default_factory=list)
    fault: str = ""  # an XML fault feedparser read past


def _local_date(raw, parsed):
    """The entry's date as written (its own time zone), else feedparser's UTC reading."""
    raw = (raw or "").strip()
    if raw:
        try:  # RSS: RFC 822
            return email.utils.parsedate_to_datetime(raw).date()
        except (TypeError, ValueError, IndexError):
            pass
        try:  # Atom: RFC 3339
            return datetime.datetime.fromisoformat(raw.replace("Z", "+00:00")).date()
        except ValueError:
            pass
    if parsed:
        return datetime.date(*parsed[:3])
    return None


def text_of(fragment):
    """The readable text of an HTML fragment, a paragraph per block.

    >>> text_of("<p>One &amp; two.</p><p>Three</p>")
    'One & two.\\n\\nThree'
    """
    if not fragment or not fragment.strip():
        return ""
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, lxml_html.etree.ParserError):
        return fragment.strip()
    for block in root.iter("p", "div", "br", "li", "h1", "h2", "h3", "h4", "blockquote"):
        block.tail = "\n\n" + (block.tail or "")
    lines = [" ".join(line.split()) for line in root.text_content().split("\n\n")]
    return "\n\n".join(line for line in lines if line)


def read_feed(data, *, name="feed"):
    """The ``Feed`` in ``data`` (bytes), or SourceError for what is not a feed."""
    if not isinstance(data, bytes):
        raise TypeError("read_feed takes the feed's bytes")  # feedparser would take a str for an address
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=True)
    fault = ""
    if parsed.bozo:
        fault = f"{type(parsed.bozo_exception).__name__}: {parsed.bozo_exception}"
    if not parsed.entries and (parsed.bozo or not parsed.version):
        raise SourceError(f"{name}: not a well-formed RSS or Atom feed ({fault or 'no feed element'})")
    feed = Feed(title=parsed.feed.get("title", ""), link=parsed.feed.get("link", ""), fault=fault)
    for item in parsed.entries:
        link = (item.get("link") or "").strip()
        contents = [c.get("value", "") for c in item.get("content", []) if c.get("value")]
        content, content_from = (contents[0], "content") if contents else (item.get("summary", ""), "summary")
        # dict.get: feedparser's own get() answers "updated" with "published" (and warns)
        published = _local_date(dict.get(item, "published"), dict.get(item, "published_parsed"))
        date_from = "published" if published else ""
        if published is None:
            published = _local_date(dict.get(item, "updated"), dict.get(item, "updated_parsed"))
            date_from = "updated" if published else ""
        feed.entries.append(Entry(
            link=link, key=(item.get("id") or link).strip(), title=(item.get("title") or "").strip(),
            published=published, date_from=date_from,
            changed=(dict.get(item, "updated") or dict.get(item, "published") or "").strip(),
            content=text_of(content), content_from=content_from if content else "",
        ))
    return feed
