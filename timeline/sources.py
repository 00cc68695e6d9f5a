"""Reading article files from disk: bytes to text, plus the metadata that travels with it.

Plain Python, no Django. Metadata comes, in this order of precedence, from a front-matter
block at the top of the file, from a ``manifest.csv`` in the same folder, or from
defaults given by the caller (the ``--published`` option of the ingest command).

>>> parse_front_matter("---\\npublished: 2021-04-07\\ntitle: Talks\\n---\\nBody")
({'published': '2021-04-07', 'title': 'Talks'}, 'Body')
"""

import csv
import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from charset_normalizer import from_bytes

ARTICLE_SUFFIXES = {".txt", ".md"}
MANIFEST_NAME = "manifest.csv"
# A long feature is ~50 KB of text; 1 MiB is twenty long features in one file, which is
# an export or a dump, not an article.
MAX_ARTICLE_BYTES = 1024 * 1024
FRONT_MATTER_KEYS = {"published", "published_certainty", "title", "source", "url", "note"}
MANIFEST_COLUMNS = ["file", "published", "source", "title", "url"]
CERTAINTIES = {"exact", "approximate"}


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
    origin_of_date: str = ""  # "front matter", "manifest.csv", "--published"

    def merged_over(self, fallback):
        """Fields set here win; empty ones come from ``fallback``."""
        published = self.published or fallback.published
        return SourceMetadata(
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
    path: Path
    text: str
    metadata: SourceMetadata = field(default_factory=SourceMetadata)
    encoding: str = "utf-8"


def parse_date(value, *, where):
    value = value.strip()
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise SourceError(f"{where}: published date {value!r} is not a date in YYYY-MM-DD form") from None


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
        if number > 40:
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

    A malformed row does not spoil the others: the file it names gets the error.
    """
    path = Path(folder) / MANIFEST_NAME
    if not path.is_file():
        return {}
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in MANIFEST_COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise SourceError(f"{path}: manifest lacks the column(s) {', '.join(missing)}")
            rows = {}
            for line_number, row in enumerate(reader, start=2):
                name = (row.get("file") or "").strip()
                if not name:
                    continue
                where = f"{path.name} line {line_number}"
                try:
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
                    rows[name] = metadata
                except SourceError as error:
                    rows[name] = error
            return rows
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise SourceError(f"{path}: manifest cannot be read ({error})") from error


def decode(data, *, name):
    """Bytes to text: UTF-8, or another encoding only when it can be told reliably."""
    if not data.strip():
        raise SourceError(f"{name}: the file is empty")
    if b"\x00" in data[:8192]:
        raise SourceError(f"{name}: binary file (contains NUL bytes), not an article")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    # Short or ambiguous byte strings give guesses; a guess with noise in it is a refusal.
    if best is None or best.chaos > 0.1 or len(data) < 64:
        raise SourceError(
            f"{name}: text is not UTF-8 and its encoding cannot be told reliably; "
            "convert it to UTF-8 (e.g. iconv -f WINDOWS-1252 -t UTF-8)"
        )
    return str(best), best.encoding


def read_article(path, *, manifest=None):
    """Read one article file. Raises SourceError with a readable reason."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            raise SourceError(
                f"{path}: {size:,} bytes is too large to be an article (limit {MAX_ARTICLE_BYTES:,} bytes)"
            )
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(f"{path}: cannot be read ({error.strerror or error})") from error
    text, encoding = decode(data, name=str(path))
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


def find_articles(paths):
    """Yield ``(path, error)`` for every article below ``paths``, sorted within folders.

    A path that does not exist or is not an article gives an error, not an exception.
    """
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                if found.is_file() and found.suffix.lower() in ARTICLE_SUFFIXES:
                    yield found, None
        elif path.is_file():
            if path.suffix.lower() in ARTICLE_SUFFIXES:
                yield path, None
            else:
                yield path, SourceError(f"{path}: not a .txt or .md file")
        else:
            yield path, SourceError(f"{path}: no such file or folder")
