"""The timeline as JSON, CSV and iCalendar: the same records for the web page's export links
and ``manage.py export_events``. Each writer streams, a chunk of events at a time, so a large
export runs in constant memory.

The JSON shape is a stable contract:
``{"events": [{"id", "url", "type", "status", "title", "date": {...}, "actors": [...],
"place", "topics", "cameo", "plover", "sources": [...], "conflicts": [...]}], "count": n}``;
``count``, the number of events written, comes last, so that a file cut short lacks it (an
iCalendar file ends with ``END:VCALENDAR``; the web page's files also carry their count in
the ``X-Export-Count`` header and their length in ``Content-Length``).

Only the CSV is meant to be opened in a spreadsheet, so only its cells are neutralised
against formula injection (see ``spreadsheet_safe``); JSON and iCalendar carry the text as read.
"""

import csv
import datetime
import io
import json

from django.db.models import Prefetch

from timeline.models import Evidence

CHUNK = 500
BLOCK = 64 * 1024  # characters handed on at once: one write per block, not one per event
CSV_COLUMNS = [
    "id", "url", "type", "status", "title", "date_start", "date_end", "granularity", "timex", "certainty",
    "date_text", "date_explanation", "actors", "countries", "place", "topics", "cameo", "plover", "verified",
    "source_count", "sources", "documents", "conflict",
]


def export_queryset(events):
    evidence = Evidence.objects.select_related("document").order_by("document__publication_date", "document_id", "sentence_start")
    return events.select_related("place").prefetch_related("actors", "topics", Prefetch("evidence", queryset=evidence))


def exported(fmt, events):
    """The events a file of format ``fmt`` holds: the iCalendar has only the dated ones."""
    return events.filter(date_start__isnull=False) if fmt == "ics" else events


def in_blocks(pieces):
    """The same text in blocks of about ``BLOCK`` characters."""
    block, size = [], 0
    for piece in pieces:
        block.append(piece)
        size += len(piece)
        if size >= BLOCK:
            yield "".join(block)
            block, size = [], 0
    if block:
        yield "".join(block)


def _iso(value):
    return value.isoformat() if value else None


def event_record(event, base_url=""):
    """One event as the JSON contract gives it."""
    evidence = list(event.evidence.all())
    conflicts = [{
        "timex": item.timex, "start": _iso(item.date_start), "end": _iso(item.date_end),
        "text": item.date_text, "document": str(item.document), "sentence": item.sentence,
    } for item in (event.conflicting_evidence(evidence) if event.has_conflict else [])]
    return {
        "id": event.public_id,
        "url": base_url + event.get_absolute_url(),
        "type": event.event_type,
        "status": event.status,
        "title": event.title,
        "verified": event.is_verified,
        "date": {
            "start": _iso(event.date_start), "end": _iso(event.date_end), "granularity": event.granularity,
            "timex": event.timex or None, "certainty": event.date_certainty, "text": event.date_text or None,
            "explanation": event.date_explanation or None,
        },
        "actors": [{"name": a.name, "kind": a.kind, "country": a.country or None} for a in event.actors.all()],
        "place": event.place.name if event.place else None,
        "topics": [t.name for t in event.topics.all()],
        "cameo": event.cameo or None,
        "plover": event.plover or None,
        "sources": [{
            "document": str(item.document), "document_id": item.document_id, "origin": item.document.origin,
            "address": item.document.url or None, "outlet": item.document.outlet or None,
            "published": _iso(item.document.publication_date), "sentence": item.sentence,
            "start": item.sentence_start, "end": item.sentence_end,
        } for item in evidence],
        "conflicts": conflicts,
    }


def iter_json(events, base_url=""):
    """The JSON document in blocks, the events' count last."""
    return in_blocks(_json_pieces(events, base_url))


def _json_pieces(events, base_url):
    yield '{"events": ['
    count = 0
    for event in export_queryset(events).iterator(chunk_size=CHUNK):
        yield ("," if count else "") + "\n" + json.dumps(event_record(event, base_url), ensure_ascii=False)
        count += 1
    yield f'\n], "count": {count}}}\n'


# The first characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A CSV cell that a spreadsheet shows as text: a string starting with ``= + - @``, a tab
    or a carriage return gets a leading single quote, the OWASP way; anything else is unchanged.

    >>> spreadsheet_safe("=1+2"), spreadsheet_safe("@SUM(A1:A9)")
    ("'=1+2", "'@SUM(A1:A9)")
    >>> spreadsheet_safe("2012-10-05"), spreadsheet_safe(3), spreadsheet_safe("−5 °C in Astana")
    ('2012-10-05', 3, '−5 °C in Astana')

    Every text cell is text read from a document or typed by a curator (titles, sentences,
    actors, places, topics, outlets, notes), so a leading "-" is quoted too: "-5" in a title
    is text, and "-1+A1" would be a formula. What we produce ourselves is never touched: ISO
    dates and TIMEX values start with a digit or a letter, and counts are written as numbers
    (ints), not strings. The typographic minus "−" (U+2212) starts no formula and is kept.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def sources_cell(sources):
    """The documents an event's passages come from, once each, in the order of the passages:
    "title (outlet, published) <address>", the address its URL or else its origin."""
    seen = {}
    for source in sources:
        if source["document_id"] in seen:
            continue
        about = ", ".join(filter(None, [source["outlet"], source["published"]]))
        seen[source["document_id"]] = (f"{source['document']}{f' ({about})' if about else ''} "
                                       f"<{source['address'] or source['origin']}>")
    return "; ".join(seen.values())


def iter_csv(events, base_url=""):
    """The CSV export, one row per event, every cell passed through ``spreadsheet_safe``."""
    return in_blocks(_csv_rows(events, base_url))


def _csv_rows(events, base_url):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for event in export_queryset(events).iterator(chunk_size=CHUNK):
        record = event_record(event, base_url)
        writer.writerow(spreadsheet_safe(cell) for cell in [
            record["id"], record["url"], record["type"], record["status"], record["title"],
            record["date"]["start"] or "", record["date"]["end"] or "", record["date"]["granularity"],
            record["date"]["timex"] or "", record["date"]["certainty"], record["date"]["text"] or "",
            record["date"]["explanation"] or "",
            "; ".join(a["name"] for a in record["actors"]),
            "; ".join(sorted({a["country"] for a in record["actors"] if a["country"]})),
            record["place"] or "", "; ".join(record["topics"]), record["cameo"] or "", record["plover"] or "",
            "yes" if record["verified"] else "", len(record["sources"]), sources_cell(record["sources"]),
            "; ".join(sorted({s["document"] for s in record["sources"]})),
            "yes" if record["conflicts"] else "",
        ])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.getvalue():
        yield buffer.getvalue()


def iter_ics(events, base_url="", host="timeline.local"):
    """All-day iCalendar events spanning each event's interval; undated events are left out."""
    return in_blocks(_ics_pieces(events, base_url, host))


def _ics_pieces(events, base_url, host):
    from icalendar import Calendar
    from icalendar import Event as CalendarEvent

    header = Calendar()
    header.add("prodid", "-//Diplomatic timeline//EN")
    header.add("version", "2.0")
    head, _, tail = header.to_ical().decode().partition("END:VCALENDAR")
    yield head
    stamp = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    # a calendar entry needs the event's own fields and its place only
    for event in exported("ics", events).select_related("place").iterator(chunk_size=CHUNK):
        item = CalendarEvent()
        item.add("uid", f"{event.public_id}@{host}")
        item.add("dtstamp", stamp)
        item.add("dtstart", event.date_start)
        item.add("dtend", min(event.date_end, datetime.date.max - datetime.timedelta(days=1)) + datetime.timedelta(days=1))
        prefix = {"planned": "[planned] ", "cancelled": "[cancelled] "}.get(event.status, "")
        item.add("summary", prefix + event.title)
        description = [event.date_explanation or "", f"Date: {event.date_text or event.timex} ({event.granularity}, {event.date_certainty})"]
        item.add("description", "\n".join(line for line in description if line))
        if event.place:
            item.add("location", event.place.name)
        item.add("url", base_url + event.get_absolute_url())
        item.add("categories", [event.event_type, event.status])
        yield item.to_ical().decode()
    yield "END:VCALENDAR\r\n"


WRITERS = {"json": iter_json, "csv": iter_csv, "ics": iter_ics}
CONTENT_TYPES = {"json": "application/json", "csv": "text/csv; charset=utf-8", "ics": "text/calendar; charset=utf-8"}
