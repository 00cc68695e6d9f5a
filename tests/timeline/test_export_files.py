"""Issue 26, item 3: exports that finish. The web page's export is written whole before its
first byte is sent, so it arrives complete (Content-Length, X-Export-Count, the JSON's count
last, the calendar's END:VCALENDAR) or as an error page, never as a 200 cut short; the same
export asked again before the data changes is the same file, written once however many ask at
once; a machine already writing its exports tells the next client when to come back."""

import csv
import io
import json
import os
import threading

import pytest
from django.db import OperationalError, connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from timeline.web import admission

from timeline.web import export
from timeline.models import Event

pytestmark = pytest.mark.django_db


def body(response):
    return b"".join(response.streaming_content)


def test_an_export_is_a_finished_file_that_says_how_many_events_it_holds(client, seeded):
    visible = Event.objects.visible()
    answer = client.get("/export.json")
    data = body(answer)
    assert answer.status_code == 200 and int(answer["Content-Length"]) == len(data)
    assert answer["Content-Disposition"] == 'attachment; filename="timeline.json"'
    parsed = json.loads(data)
    assert int(answer["X-Export-Count"]) == parsed["count"] == len(parsed["events"]) == visible.count()
    assert list(parsed)[-1] == "count"  # last: a file cut short has none
    rows = list(csv.reader(io.StringIO(body(client.get("/export.csv")).decode())))
    assert len(rows) - 1 == int(client.get("/export.csv")["X-Export-Count"]) == visible.count()
    calendar = client.get("/export.ics")
    text = body(calendar).decode()
    assert text.endswith("END:VCALENDAR\r\n")
    assert text.count("BEGIN:VEVENT") == int(calendar["X-Export-Count"]) == visible.filter(date_start__isnull=False).count()


def test_the_same_export_again_is_the_same_file_until_the_data_changes(client, seeded):
    first = body(client.get("/export.json?type=visit"))
    with CaptureQueriesContext(connection) as queries:
        again = body(client.get("/export.json?type=visit"))
    assert again == first
    assert not [q for q in queries.captured_queries if "timeline_evidence" in q["sql"]]  # not read again
    event = Event.objects.visible().filter(event_type="visit").first()
    event.is_hidden = True
    event.save()
    after = json.loads(body(client.get("/export.json?type=visit")))
    assert event.public_id not in {record["id"] for record in after["events"]}
    assert after["count"] == json.loads(first)["count"] - 1


def test_an_export_that_fails_midway_is_an_error_page_and_leaves_no_file(client, seeded, monkeypatch, settings):
    def failing(events, base_url=""):
        yield '{"events": ['
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setitem(export.WRITERS, "json", failing)
    answer = client.get("/export.json")
    assert answer.status_code == 503 and "Retry-After" in answer
    assert not [name for name in os.listdir(settings.EXPORT_DIR) if not name.endswith(".lock")]


def test_a_machine_writing_its_exports_tells_the_next_client_when_to_come_back(client, seeded, settings):
    settings.ADMISSION = {**settings.ADMISSION, "export": {**settings.ADMISSION["export"], "wait": 0}}
    ready = body(client.get("/export.csv"))
    pool = admission.pool("export")
    held = [pool.take(f"198.51.100.{i}", client_slot=False) for i in range(pool.at_once)]
    try:
        answer = client.get("/export.csv?type=visit")
        assert answer.status_code == 429 and answer["Retry-After"] == str(pool.retry_after)
        assert "try again in" in answer.content.decode()
        assert body(client.get("/export.csv")) == ready  # a finished file needs no slot
    finally:
        for slot in held:
            slot.release()
    assert client.get("/export.csv?type=visit").status_code == 200


def test_a_client_with_an_export_in_progress_is_told_to_come_back(client, seeded):
    pool = admission.pool("export")
    held = [pool.take("127.0.0.1", machine=False) for _ in range(pool.per_client)]
    try:
        assert client.get("/export.json").status_code == 429
        assert client.get("/export.json", REMOTE_ADDR="192.0.2.9").status_code == 200
    finally:
        for slot in held:
            slot.release()


@pytest.mark.django_db(transaction=True)
def test_many_clients_asking_for_the_same_export_at_once_get_one_file_written_once(seeded, monkeypatch):
    written = []
    original = export.WRITERS["json"]

    def counted(events, base_url=""):
        written.append(1)
        yield from original(events, base_url)

    monkeypatch.setitem(export.WRITERS, "json", counted)
    answers = [None] * 6

    def ask(i):
        response = Client().get("/export.json", REMOTE_ADDR=f"192.0.2.{i + 1}")
        answers[i] = (response.status_code, body(response))
        response.close()
        connections.close_all()  # this thread's (the test client leaves them open)

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(answers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert [status for status, _ in answers] == [200] * len(answers)
    assert len({data for _, data in answers}) == 1 and json.loads(answers[0][1])["count"] > 0
    assert len(written) == 1
