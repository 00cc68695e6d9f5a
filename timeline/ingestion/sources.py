"""Reading article files from disk: bytes to text, plus the metadata that travels with it.

Plain Python, no Django. Metadata comes, in this order of precedence, from a front-matter
block at the top of the file, from a ``manifest.csv`` in the same folder, or from
defaults given by the caller (the ``--published`` option of the ingest command).

Nothing is guessed: text is UTF-8, UTF-16 with a byte order mark, or in the encoding its
front matter declares; a folder is read without following links out of it.

>>> parse_front_matter("---\\npublished: 2021-04-07\\ntitle: Talks\\n---\\nBody")
({'published': '2021-04-07', 'title': 'Talks'}, 'Body')
"""

import codecs
import csv
import datetime
import errno
import io
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

PAGE_SUFFIXES = {".html", ".htm"}  # saved web pages, read by timeline.ingestion.pages
ARTICLE_SUFFIXES = {".txt", ".md"} | PAGE_SUFFIXES
MANIFEST_NAME = "manifest.csv"
# A long feature is ~50 KB of text; 1 MiB is twenty long features in one file, which is
# an export or a dump, not an article.
MAX_ARTICLE_BYTES = 1024 * 1024
MAX_MANIFEST_BYTES = 64 * 1024 * 1024
FRONT_MATTER_KEYS = {"published", "published_certainty", "title", "source", "url", "note", "encoding"}
FRONT_MATTER_MAX_LINES = 40
MANIFEST_COLUMNS = ["file", "published", "source", "title", "url"]
CERTAINTIES = {"exact", "approximate"}
# A byte order mark names its encoding (the codec that reads the text after it); text
# without one is UTF-8 unless its front matter declares otherwise.
BYTE_ORDER_MARKS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]
# The declaration a refusal suggests: articles not in UTF-8 mostly come from Windows editors.
ENCODING_EXAMPLE = "windows-1252"
# Never blocks on a FIFO renamed .txt; never follows a link swapped in after the folder was listed.
OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)


class SourceError(Exception):
    """A file that cannot be ingested, with a message saying why."""


@dataclass
class SourceMetadata:
    published: datetime.date | None = None
    published_certainty: str = "unknown"  # exact | approximate | unknown
    title: str = ""
    outlet: str = ""
    url: str = ""
    note: str = ""
    origin_of_date: str = ""  # "front matter", "manifest.csv", "--published", "the page's ..."
    author: str = ""
    language: str = ""
    canonical_url: str = ""  # a web page's own address for itself
    text_from: str = ""  # a web document: "the page", or the feed entry's summary and why

    def merged_over(self, fallback):
        """Fields set here win; empty ones come from ``fallback``."""
        published = self.published or fallback.published
        return SourceMetadata(
            author=self.author or fallback.author, language=self.language or fallback.language,
            canonical_url=self.canonical_url or fallback.canonical_url,
            text_from=self.text_from or fallback.text_from,
            published=published,
            published_certainty=(
                self.published_certainty if self.published else fallback.published_certainty
            ),
            title=self.title or fallback.title,
            outlet=self.outlet or fallback.outlet,
            url=self.url or fallback.url,
            note=self.note or fallback.note,
            origin_of_date=self.origin_of_date if self.published else fallback.origin_of_date,
        )


@dataclass
class SourceText:
    path: Path | None
    text: str
    metadata: SourceMetadata = field(default_factory=SourceMetadata)
    encoding: str = "utf-8"
    origin: str = ""  # what identifies the document: its path, or a web page's canonical address
    feed_entry: tuple = ()  # (entry key, entry stamp) of a feed's entry

    def ingest_options(self, metadata=None):
        """The keyword arguments of ``ingest_text`` for this text with ``metadata`` (its own, or
        it merged over the command's defaults); JSON-able but the date."""
        metadata = metadata or self.metadata
        return {
            "origin": self.origin or str(self.path), "published": metadata.published,
            "published_certainty": metadata.published_certainty, "title": metadata.title or "",
            "outlet": metadata.outlet or "", "url": metadata.url or "", "note": metadata.note or "",
            "date_found_in": metadata.origin_of_date or "", "author": metadata.author or "",
            "language": metadata.language or "", "text_from": metadata.text_from or "",
        }


def parse_date(value, *, where):
    from timeline.models import EARLIEST_DATE, LATEST_DATE

    value = value.strip()
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise SourceError(f"{where}: published date {value!r} is not a date in YYYY-MM-DD form") from None
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise SourceError(f"{where}: published date {value} is outside the dates the timeline can show "
                          f"({EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()})")
    return day


def parse_certainty(value, *, where):
    value = (value or "").strip().lower() or "exact"
    if value not in CERTAINTIES:
        raise SourceError(f"{where}: date certainty {value!r} must be 'exact' or 'approximate'")
    return value


def parse_front_matter(text):
    """Split a ``---`` delimited ``key: value`` block from the top of ``text``.

    Returns ``(fields, body)``; a text without front matter gives ``({}, text)``.
    Raises SourceError for a block that is opened but malformed.
    """
    if not (text.startswith("---\n") or text.startswith("---\r\n")):
        return {}, text
    lines = text.splitlines(keepends=True)
    fields = {}
    for number, line in enumerate(lines[1:], start=2):
        stripped = line.strip()
        if stripped == "---":
            return fields, "".join(lines[number:])
        if not stripped or stripped.startswith("#"):
            continue
        key, colon, value = stripped.partition(":")
        key = key.strip().lower()
        if not colon or not re.fullmatch(r"[a-z_]+", key):
            raise SourceError(f"front matter line {number} is not 'key: value': {stripped[:60]!r}")
        if key not in FRONT_MATTER_KEYS:
            raise SourceError(
                f"front matter line {number}: unknown key {key!r} (known: {', '.join(sorted(FRONT_MATTER_KEYS))})"
            )
        fields[key] = value.strip().strip("\"'")
        if number > FRONT_MATTER_MAX_LINES:
            break
    raise SourceError("front matter opened with '---' is never closed by a '---' line")


def metadata_from_front_matter(fields):
    where = "front matter"
    metadata = SourceMetadata(
        title=fields.get("title", ""),
        outlet=fields.get("source", ""),
        url=fields.get("url", ""),
        note=fields.get("note", ""),
    )
    if fields.get("published"):
        metadata.published = parse_date(fields["published"], where=where)
        metadata.published_certainty = parse_certainty(fields.get("published_certainty"), where=where)
        metadata.origin_of_date = where
    return metadata


def read_manifest(folder):
    """Rows of ``folder/manifest.csv`` by file name: ``{name: SourceMetadata | SourceError}``.

    A malformed row does not spoil the others: the file it names gets the error; so do two rows
    for one file (which of them is right is the curator's to say). The manifest is read as an
    article is: a link to a file outside ``folder`` is refused, not followed.
    """
    path = Path(folder) / MANIFEST_NAME
    if not (path.is_file() or path.is_symlink()):
        return {}
    try:
        text = read_bytes(path, within=Path(folder).resolve(), limit=MAX_MANIFEST_BYTES,
                          what="a manifest").decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SourceError(f"{path}: manifest cannot be read ({error})") from error
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        missing = [c for c in MANIFEST_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise SourceError(f"{path}: manifest lacks the column(s) {', '.join(missing)}")
        rows, lines = {}, {}
        for line_number, row in enumerate(reader, start=2):
            name = (row.get("file") or "").strip()
            if not name:
                continue
            where = f"{path.name} line {line_number}"
            if name in lines:
                rows[name] = SourceError(f"{path.name} lines {lines[name]} and {line_number} both describe {name}; "
                                         "keep one")
                continue
            lines[name] = line_number
            try:
                rows[name] = _manifest_row(row, where)
            except SourceError as error:
                rows[name] = error
        return rows
    except csv.Error as error:
        raise SourceError(f"{path}: manifest cannot be read ({error})") from error


def _manifest_row(row, where):
    if None in row or any(value is None for value in row.values()):
        raise SourceError(f"{where}: the row does not have one value per column")
    metadata = SourceMetadata(
        title=row["title"].strip(),
        outlet=row["source"].strip(),
        url=row["url"].strip(),
        note=(row.get("note") or "").strip(),
    )
    if row["published"].strip():
        metadata.published = parse_date(row["published"], where=where)
        metadata.published_certainty = parse_certainty(row.get("date_certainty"), where=where)
        metadata.origin_of_date = MANIFEST_NAME
    return metadata


def declared_encoding(data):
    """The ``encoding:`` that the front matter at the top of raw bytes names, or None.

    Only that line need be ASCII, so it is read before the rest is decoded.

    >>> declared_encoding(b"---\\ntitle: Affaires \\xe9trang\\xe8res\\nencoding: latin-1\\n---\\nBody")
    'latin-1'
    >>> declared_encoding(b"---\\nencoding: cp1252  # from Word\\n---\\nBody")
    'cp1252'
    >>> declared_encoding(b"Body\\nencoding: latin-1\\n") is None
    True
    """
    if not data.startswith((b"---\n", b"---\r\n")):
        return None
    for line in data.splitlines()[1:FRONT_MATTER_MAX_LINES]:
        stripped = line.strip()
        if stripped == b"---":
            return None
        key, colon, value = stripped.partition(b":")
        if colon and key.strip().lower() == b"encoding":
            value = value.partition(b"#")[0]  # a trailing comment, as in the README example
            return value.strip().strip(b"\"'").decode("ascii", errors="replace")
    return None


def text_codec(declared, *, name):
    """The canonical name of an encoding declared in front matter.

    SourceError for a name Python does not know as a text encoding, and for one that cannot
    have written the ASCII front matter that declares it (utf-16: every character would be wrong).

    >>> text_codec("Windows-1252", name="a.txt"), text_codec("latin-1", name="a.txt")
    ('cp1252', 'iso8859-1')
    """
    try:
        reads_ascii = b"---\n".decode(declared) == "---\n"  # LookupError for base64 and the like too
    except LookupError:
        raise SourceError(
            f"{name}: front matter declares encoding {declared!r}, which is not a text encoding "
            f"Python knows (e.g. utf-8, {ENCODING_EXAMPLE}, latin-1)"
        ) from None
    except UnicodeDecodeError:
        reads_ascii = False
    if not reads_ascii:
        raise SourceError(f"{name}: encoding {declared!r} cannot be declared in front matter written in ASCII")
    return codecs.lookup(declared).name


def decode_strictly(data, codec, *, offset=0):
    """``data`` decoded with ``codec``, or the UnicodeDecodeError with its offset in the file."""
    try:
        return data.decode(codec), None
    except UnicodeDecodeError as error:
        return None, (error.object[error.start], offset + error.start)


def decode(data, *, name):
    """Bytes to ``(text, encoding)``, never guessing.

    A byte order mark names the encoding (UTF-8, UTF-16 LE or BE); otherwise the text is the
    encoding its front matter declares (``encoding: windows-1252``), or else UTF-8.

    >>> decode("caf\\u00e9".encode("utf-16"), name="a.txt")
    ('café', 'utf-16-le')
    >>> decode(b"---\\nencoding: latin-1\\n---\\ncaf\\xe9", name="a.txt")
    ('---\\nencoding: latin-1\\n---\\ncafé', 'iso8859-1')
    >>> decode(b"caf\\xe9", name="a.txt")
    Traceback (most recent call last):
    ...
    timeline.ingestion.sources.SourceError: a.txt: not UTF-8 (first bad byte 0xE9 at offset 3): ...
    """
    for mark, codec in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            text, bad = decode_strictly(data[len(mark):], codec, offset=len(mark))
            if bad:
                raise SourceError(f"{name}: not {codec} as its byte order mark says ({describe_bad_byte(*bad)})")
            return refuse_unreadable(text, name=name), codec
    if b"\x00" in data[:8192]:
        raise SourceError(f"{name}: binary file (contains NUL bytes), not an article")
    declared = declared_encoding(data)
    if declared is None:
        text, bad = decode_strictly(data, "utf-8")
        if bad:
            raise SourceError(
                f"{name}: not UTF-8 ({describe_bad_byte(*bad, first=True)}): re-save it as UTF-8 "
                f"or declare its encoding in front matter (encoding: {ENCODING_EXAMPLE})"
            )
        return refuse_unreadable(text, name=name), "utf-8"
    codec = text_codec(declared, name=name)
    text, bad = decode_strictly(data, codec)
    if bad:
        raise SourceError(f"{name}: not {declared} as its front matter declares ({describe_bad_byte(*bad)})")
    return refuse_unreadable(text, name=name), codec


def describe_bad_byte(value, offset, *, first=False):
    """``bad byte 0xFF at offset 12``: what a reader needs to find it in a hex editor."""
    return f"{'first ' if first else ''}bad byte 0x{value:02X} at offset {offset}"


def refuse_unreadable(text, *, name):
    """``text`` unless it is blank or binary (a UTF-16 file is read before it can be told binary)."""
    if not text.strip():
        raise SourceError(f"{name}: the file is empty")
    if "\x00" in text[:8192]:
        raise SourceError(f"{name}: binary file (contains NUL bytes), not an article")
    return text


def link_problem(link):
    """Why the symbolic link ``link`` cannot be followed (a loop, a missing target), or None."""
    try:
        link.resolve(strict=True)
    except RuntimeError:  # Python 3.12 reports a loop this way
        return "a symbolic link loop; not followed"
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "a symbolic link loop; not followed"
        if error.errno == errno.ENOENT:
            return f"a link to a missing file ({os.readlink(link)}); not followed"
        return f"a link that cannot be followed ({error.strerror or error})"
    return None


def open_within(path, within=None):
    """A file descriptor for the file ``path`` resolves to, which must lie ``within`` that
    folder when one is given. The resolved file itself is opened, so a link put in its place
    after the check is refused, not followed.
    """
    if path.is_symlink() and (problem := link_problem(path)):
        raise SourceError(f"{path}: {problem}")
    try:
        target = path.resolve(strict=True)
        if within is not None and not target.is_relative_to(Path(within).resolve()):
            raise SourceError(f"{path}: a link to {target} outside {within}; not followed")
        return os.open(target, OPEN_FLAGS)
    except OSError as error:
        raise SourceError(f"{path}: cannot be read ({error.strerror or error})") from error


def read_bytes(path, *, within=None, limit=None, what="an article"):
    """The bytes of the regular file ``path`` (see ``open_within``), at most ``limit``
    (``MAX_ARTICLE_BYTES``)."""
    limit = limit or MAX_ARTICLE_BYTES
    with open(open_within(path, within), "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise SourceError(f"{path}: not a regular file")
        data = handle.read(limit + 1)
    size = max(status.st_size, len(data))
    if size > limit:
        raise SourceError(f"{path}: {size:,} bytes is too large to be {what} (limit {limit:,} bytes)")
    return data


def read_article(path, *, manifest=None, within=None):
    """Read one article file. Raises SourceError with a readable reason.

    ``within`` is the folder the file was found in (``find_articles`` passes it along with
    the path): a file that resolves outside it, say a link swapped in since, is refused.
    """
    within = within or getattr(path, "within", None)
    path = Path(path)
    if path.suffix.lower() in PAGE_SUFFIXES:
        return _read_saved_page(path, manifest, within)
    text, encoding = decode(read_bytes(path, within=within), name=str(path))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        fields, body = parse_front_matter(text)
    except SourceError as error:
        raise SourceError(f"{path}: {error}") from error
    try:
        metadata = metadata_from_front_matter(fields)
    except SourceError as error:
        raise SourceError(f"{path}: {error}") from error
    row = (manifest or {}).get(path.name)
    if isinstance(row, SourceError):
        raise SourceError(f"{path}: {row}")
    if row is not None:
        metadata = metadata.merged_over(row)
    if not body.strip():
        raise SourceError(f"{path}: the file has front matter but no article text")
    return SourceText(path=path, text=body, metadata=metadata, encoding=encoding)


def _read_saved_page(path, manifest, within):
    """A saved web page: its text and metadata from the page, its manifest row over them."""
    from timeline.ingestion.pages import read_page  # pages reads with this module's errors

    row = (manifest or {}).get(path.name)
    if isinstance(row, SourceError):
        raise SourceError(f"{path}: {row}")
    source = read_page(read_bytes(path, within=within), name=str(path), path=path)
    if row is not None:
        source.metadata = row.merged_over(source.metadata)
    return source


class FoundPath(Path):
    """A path ``find_articles`` found in a folder, carrying that folder (resolved) as ``within``
    so that ``read_article`` can check the file is still inside it when it is read.
    Paths derived from it (``parent``, ``/``) are plain paths.
    """

    def __init__(self, *segments, within):
        super().__init__(*segments)
        self.within = within

    def with_segments(self, *segments):
        return Path(*segments)

    def __reduce__(self):  # the ingest command hands paths to worker processes
        return _found_path, (str(self), str(self.within))


def _found_path(path, within):
    return FoundPath(path, within=Path(within))


def may_hold_articles(path):
    """Whether a link whose target is unknown (a loop, a missing file) could be an article or a
    folder of them: an article suffix, or none as folders have. ``image.png`` could be neither.
    """
    return path.suffix.lower() in ARTICLE_SUFFIXES or not path.suffix


def outside_link_problem(link, root):
    """Why ``link``, found below ``root``, is not followed, or None for a link that is fine:
    one into the tree (its target is visited anyway), or to a file that is not an article.
    """
    if problem := link_problem(link):
        return problem if may_hold_articles(link) else None
    target = link.resolve()
    if target.is_relative_to(root):
        return None
    if target.is_dir() or link.suffix.lower() in ARTICLE_SUFFIXES:
        return f"a link to {target} outside {root}; not followed"
    return None


def articles_in_folder(folder):
    """``(path, error)`` for the articles below ``folder``, sorted, never leaving it by a link."""
    root = folder.resolve()
    # Path.walk lists links (to files and folders alike) as files and never enters them.
    entries = sorted(directory / name for directory, _, names in folder.walk() for name in names)
    for entry in entries:
        if entry.is_symlink() and (problem := outside_link_problem(entry, root)):
            yield entry, SourceError(f"{entry}: {problem}")
        elif entry.suffix.lower() in ARTICLE_SUFFIXES and entry.is_file():
            yield FoundPath(entry, within=root), None


def find_articles(paths):
    """Yield ``(path, error)`` for every article below ``paths``, sorted within folders.

    A path that does not exist or is not an article gives an error, not an exception. A file
    named on its own is trusted as given, link or not; in a folder, a link out of the folder
    is reported and not followed, as are links that loop or lead nowhere.
    """
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from articles_in_folder(path)
        elif path.is_file():
            if path.suffix.lower() in ARTICLE_SUFFIXES:
                yield path, None
            else:
                yield path, SourceError(f"{path}: not a .txt, .md, .html or .htm file")
        else:
            problem = path.is_symlink() and link_problem(path)
            yield path, SourceError(f"{path}: {problem or 'no such file or folder'}")
