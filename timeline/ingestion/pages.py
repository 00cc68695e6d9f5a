"""Web pages to article text: plain Python, no Django.

``read_page(data, url=...)`` decodes the page as a browser would (the HTTP charset, a byte
order mark, the page's own ``<meta charset>``, else UTF-8, else windows-1252 as the HTML
standard says), takes its main text with trafilatura (navigation, comments, share widgets and
related-story lists left out; headline and paragraphs kept as blocks), its title, outlet,
author, language and canonical address from the page's metadata, and its publication date with
htmldate: the original date, not the "updated" one, with where the page states it
("the page's article:published_time", "the page's JSON-LD datePublished", "the page's
address"). A page with no date gives none.
"""

import codecs
import datetime
import json
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import htmldate
import trafilatura
from lxml import html as lxml_html

from timeline.ingestion.sources import SourceError, SourceMetadata, SourceText

# the HTML standard's prescan looks for the declaration in the first 1,024 bytes
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
# query parameters that say how a reader arrived, not what they read
TRACKING = re.compile(r"^(utm_.*|fbclid|gclid|dclid|mc_[a-z]+|ref|ref_src|cmpid|ocid|at_medium|at_campaign|"
                      r"ito|src|smid|mkt_tok|_ga|igshid|spm)$", re.I)
# metadata that name a *modification*: the date they carry is never the publication date's source
MODIFIED = re.compile(r"modif|updat|revis|lastmod", re.I)
# fewer words than this is a menu, a paywall or an error page, not an article
MIN_WORDS = 15
EARLIEST = datetime.date(1995, 1, 1)  # htmldate's own lower bound: the web's first news pages


def decode_page(data, *, charset="", name="page"):
    """``(text, encoding)`` of an HTML page's bytes, by the HTML standard's order of evidence.

    >>> decode_page(b'<meta charset="windows-1252"><p>C\\xf4te', name="a")[1]
    'cp1252'
    >>> decode_page(b'<p>caf\\xc3\\xa9', name="a")
    ('<p>café', 'utf-8')
    """
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise SourceError(f"{name}: binary content, not a web page")
    for mark, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                        (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(mark):
            return data[len(mark):].decode(codec, errors="replace"), codec
    candidates = [charset]
    if match := META_CHARSET.search(data[:1024]):
        candidates.append(match.group(1).decode("ascii"))
    for candidate in candidates:
        try:
            codec = codecs.lookup(candidate).name if candidate else None
        except LookupError:
            codec = None
        if codec:
            # pages that declare latin-1 are written in windows-1252 (the HTML standard maps one to the other)
            codec = "cp1252" if codec in ("iso8859-1", "ascii") else codec
            return data.decode(codec, errors="replace"), codec
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def canonical_key(url):
    """The identity of an article's address: one document whatever the scheme, ``www.``,
    tracking parameters, fragment or trailing slash it was reached by.

    >>> canonical_key("HTTP://www.Example.org/news/a/?utm_source=rss&id=7#top")
    'https://example.org/news/a?id=7'
    """
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not TRACKING.match(k)))
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("https", host, path if path != "/" or query else "", query, ""))


def _web_address(value):
    """``value`` when it is an absolute http(s) address, else "" (never a ``javascript:`` link)."""
    value = (value or "").strip()
    parts = urlsplit(value)
    return value if parts.scheme in ("http", "https") and parts.hostname else ""


def _date_in(value):
    """The first ``YYYY-MM-DD``-like date in a string of metadata, or None."""
    match = re.search(r"(\d{4})[-/.]?(\d{2})[-/.]?(\d{2})", value or "")
    if not match:
        return None
    try:
        return datetime.date(*map(int, match.groups()))
    except ValueError:
        return None


def _json_ld_dates(tree):
    for script in tree.xpath('//script[contains(@type, "ld+json")]'):
        try:
            data = json.loads(script.text_content())
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                for key, value in item.items():
                    if isinstance(value, str) and key in ("datePublished", "dateCreated", "uploadDate"):
                        yield key, value
                    elif isinstance(value, (list, dict)):
                        stack.append(value)


def where_stated(tree, url, day):
    """Where the page states ``day``, as the document page shows it: the first of its
    metadata, JSON-LD, ``<time>`` elements, microformats and address that carries that date,
    skipping those that name a modification; else its text."""
    for meta in tree.xpath("//meta[@content]"):
        attribute = next((a for a in ("property", "name", "itemprop", "http-equiv") if meta.get(a)), None)
        if attribute and not MODIFIED.search(meta.get(attribute)) and _date_in(meta.get("content")) == day:
            return f"the page's <meta {attribute}=\"{meta.get(attribute)}\">"
    for key, value in _json_ld_dates(tree):
        if _date_in(value) == day:
            return f"the page's JSON-LD {key}"
    for element in tree.xpath("//time[@datetime] | //abbr[@title] | //*[@itemprop][@content]"):
        context = " ".join(filter(None, [element.get("class"), element.get("itemprop"), element.get("title")]))
        value = element.get("datetime") or element.get("content") or element.get("title")
        if not MODIFIED.search(context) and _date_in(value) == day:
            what = {"time": "<time datetime> element", "abbr": f"<abbr class=\"{element.get('class')}\">"}.get(
                element.tag, f"itemprop {element.get('itemprop')}")
            return f"the page's {what}"
    path = urlsplit(url or "").path
    if day and re.search(rf"{day.year}[/-]?{day.month:02d}[/-]?{day.day:02d}", path):
        return "the page's address"
    return "the page's text (a date line near the headline)"


def _tree(text):
    try:
        return lxml_html.document_fromstring(text)
    except (ValueError, lxml_html.etree.ParserError) as error:
        raise SourceError(f"not a readable web page ({error})") from error


def find_published(tree, url=""):
    """``(date, where)`` of the page's original publication, or ``(None, "")``."""
    found = htmldate.find_date(tree, url=url or None, original_date=True, extensive_search=True,
                               outputformat="%Y-%m-%d", min_date=EARLIEST.isoformat())
    if not found:
        return None, ""
    day = datetime.date.fromisoformat(found)
    return day, where_stated(tree, url, day)


def read_page(data, *, url="", charset="", name=None, path=None):
    """A page's bytes to a ``SourceText``: main text (headline first, then paragraphs, each a
    block), and metadata. SourceError when the page has no main text."""
    name = name or url or str(path)
    text, encoding = decode_page(data, charset=charset, name=name)
    tree = _tree(text)
    language = (tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang") or "").strip()[:20]
    canonical = ""
    for link in tree.xpath('//link[@rel="canonical"][@href] | //meta[@property="og:url"][@content]'):
        canonical = _web_address(link.get("href") or link.get("content"))
        if canonical:
            break
    published, where = find_published(tree, url or canonical)
    # a tree of its own: trafilatura prunes the one it is given
    extracted = trafilatura.bare_extraction(_tree(text), url=url or canonical or None, with_metadata=True,
                                            include_comments=False, include_tables=True, include_images=False,
                                            deduplicate=False)
    body = (extracted.text or "").strip() if extracted else ""
    if (words := len(body.split())) < MIN_WORDS:
        raise SourceError(f"{name}: no main text found in the page ({words} word{'' if words == 1 else 's'})")
    title = (extracted.title or "").strip()
    paragraphs = [line.strip() for line in body.split("\n") if line.strip()]
    if title and paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    article = "\n\n".join(([title] if title else []) + paragraphs) + "\n"
    metadata = SourceMetadata(
        title=title[:500], outlet=(extracted.sitename or "").strip()[:200],
        url=canonical or _web_address(url), published=published,
        published_certainty="exact" if published else "unknown", origin_of_date=where,
        author=(extracted.author or "").strip()[:200], language=language,
        canonical_url=canonical or _web_address(url), text_from="the page",
    )
    return SourceText(path=path, text=article, metadata=metadata, encoding=encoding)
