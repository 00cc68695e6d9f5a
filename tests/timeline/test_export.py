"""The exports as a spreadsheet user opens them: no cell of the CSV runs as a formula, and the
data formats (JSON, iCalendar) keep the text as it was read."""

import csv
import datetime
import io
import json

import pytest
from django.core.management import call_command

from timeline.web.export import spreadsheet_safe
from timeline.ingestion.writer import ingest_text
from timeline.models import Actor, Event, EventActor, Place, Topic

pytestmark = pytest.mark.django_db
REPORT = ("Turkish Foreign Minister Hakan Fidan visited Baku on Monday. He met Azerbaijani President "
          "Ilham Aliyev in Baku on Monday.\n")
# One cell per way a spreadsheet starts a formula, by CSV column.
HOSTILE = {
    "title": '=HYPERLINK("http://evil.example","click")',
    "date_text": "+1+cmd|' /C calc'!A0",
    "date_explanation": "-2+3 read from a hostile page",
    "place": "@SUM(A1:A9)",
    "actors": "\t=1+2",
    "topics": "\r=1+2",
    "documents": '=HYPERLINK("http://evil.example","source")',
}


@pytest.fixture
def hostile_event():
    """An event read from a document with a hostile title, its other text cells made hostile too."""
    ingest_text(REPORT, origin="hostile.txt", published=datetime.date(2024, 2, 20), title=HOSTILE["documents"])
    event = Event.objects.get(event_type="visit")
    event.title, event.date_text, event.date_explanation = HOSTILE["title"], HOSTILE["date_text"], HOSTILE["date_explanation"]
    event.place = Place.objects.create(name=HOSTILE["place"], slug="hostile-place")
    event.save()
    event.actors.clear()
    EventActor.objects.create(event=event, actor=Actor.objects.create(name=HOSTILE["actors"], kind="person", slug="hostile"))
    event.topics.set([Topic.objects.create(name=HOSTILE["topics"], slug="hostile-topic")])
    return event


def parse(text):
    # newline="": a carriage return inside a quoted cell is part of the cell, as in a spreadsheet
    return {row["id"]: row for row in csv.DictReader(io.StringIO(text, newline=""))}


def web_csv(client):
    return parse(b"".join(client.get("/export.csv").streaming_content).decode())


def command_csv():
    out = io.StringIO()
    call_command("export_events", "--format", "csv", stdout=out)
    return parse(out.getvalue())


@pytest.mark.parametrize("export", [web_csv, command_csv], ids=["web", "command"])
def test_csv_cells_that_would_run_as_formulas_are_quoted(client, hostile_event, export):
    row = export(client) if export is web_csv else export()
    cells = row[hostile_event.public_id]
    for column, text in HOSTILE.items():
        assert cells[column] == "'" + text, column
    # what we write ourselves is left as it is
    assert (cells["date_start"], cells["timex"], cells["source_count"]) == ("2024-02-19", "2024-02-19", "1")
    assert cells["url"].endswith(hostile_event.get_absolute_url())


def test_csv_keeps_ordinary_text_unchanged(client, hostile_event):
    rows = web_csv(client)
    meeting = Event.objects.get(event_type="meeting")
    cells = rows[meeting.public_id]
    assert cells["title"] == meeting.title == "Hakan Fidan meets Ilham Aliyev in Baku"
    assert cells["place"] == "Baku" and cells["actors"] == "Azerbaijan; Hakan Fidan; Ilham Aliyev"
    assert cells["date_start"] == meeting.date_start.isoformat() and cells["source_count"] == "1"
    assert cells["documents"] == "'" + HOSTILE["documents"]  # the same hostile source
    # issue 25, item 11: the sources themselves, not only how many
    assert cells["sources"] == "'" + HOSTILE["documents"] + " (2024-02-20) <hostile.txt>"
    assert cells["verified"] == ""


def test_data_formats_keep_the_text_as_read(client, hostile_event):
    data = json.loads(b"".join(client.get("/export.json").streaming_content))
    record = next(e for e in data["events"] if e["id"] == hostile_event.public_id)
    assert record["title"] == HOSTILE["title"] and record["place"] == HOSTILE["place"]
    assert [a["name"] for a in record["actors"]] == [HOSTILE["actors"]]
    ics = b"".join(client.get("/export.ics").streaming_content).decode()
    assert "SUMMARY:=HYPERLINK" in ics


@pytest.mark.parametrize("value, shown", [
    ("=1+2", "'=1+2"), ("+44 20 7946 0000", "'+44 20 7946 0000"), ("-5", "'-5"), ("@user", "'@user"),
    ("\tindented", "'\tindented"), ("\rline", "'\rline"),
    ("2012-10-05", "2012-10-05"), ("XXXX-10", "XXXX-10"), ("−5 °C", "−5 °C"), ("a = b", "a = b"), ("", ""),
    (3, 3), (None, None),
])
def test_spreadsheet_safe(value, shown):
    assert spreadsheet_safe(value) == shown
