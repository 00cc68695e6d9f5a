"""Issue 26, item 5: decisions stay. A merged-away event does not come back when a changed copy
of its report arrives under another path; a document's publication date (and what its file says
about it) is part of what "changed" means, so a date added to a file already stored is taken and
its events are read again, while a date or title a curator set stays theirs."""

import datetime
import io

import pytest
from django.core.management import call_command

from timeline.curation import services as curation
from timeline.models import Document, Event

pytestmark = pytest.mark.django_db
REPORT = ("Turkish Foreign Minister Hakan Fidan visited Baku on Monday. He met Azerbaijani President "
          "Ilham Aliyev in Baku on Monday. Fidan and Aliyev agreed to hold joint military exercises.\n")
# the same report as another outlet ran it: its first sentence reworded, a line added
CHANGED_COPY = ("Turkey's Foreign Minister Hakan Fidan visited Baku on Monday, his first stop. He met Azerbaijani "
                "President Ilham Aliyev in Baku on Monday. Fidan and Aliyev agreed to hold joint military "
                "exercises.\nThe visit was announced last week.\n")


def ingest(path, text=None, **options):
    if text is not None:
        path.write_text(text)
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("ingest", str(path), stdout=out, stderr=err, **options)
    except SystemExit:
        pytest.fail(f"ingest failed: {err.getvalue()}")
    return out.getvalue()


def test_a_merged_away_event_stays_merged_when_a_changed_copy_arrives_under_another_path(tmp_path):
    first = tmp_path / "agency.txt"
    ingest(first, REPORT, published="2024-02-20")
    visit = Event.objects.get(event_type="visit")
    meeting = Event.objects.get(event_type="meeting")
    curation.merge_events(visit, [meeting])
    public = set(Event.objects.visible().values_list("pk", flat=True))
    ingest(tmp_path / "paper.txt", CHANGED_COPY, published="2024-02-21")
    assert set(Event.objects.visible().values_list("pk", flat=True)) == public
    assert Event.objects.visible().filter(event_type="meeting").count() == 0
    assert Event.objects.get(pk=visit.pk).evidence.values("document").distinct().count() == 2


def test_a_date_added_to_a_stored_file_is_taken_and_its_events_are_dated(tmp_path):
    path = tmp_path / "report.txt"
    assert "1 new" in ingest(path, REPORT)
    document = Document.objects.get()
    assert document.publication_date is None
    assert Event.objects.filter(date_start__isnull=False).count() == 0  # no date is borrowed
    summary = ingest(path, "---\npublished: 2024-02-21\n---\n" + REPORT)
    assert "0 unchanged, 1 updated" in summary
    document.refresh_from_db()
    assert document.publication_date == datetime.date(2024, 2, 21)
    visit = Event.objects.get(event_type="visit")
    assert visit.date_start == datetime.date(2024, 2, 19)  # "on Monday", from the new date
    assert "1 unchanged" in ingest(path)  # the same file and date again: nothing to do


def test_a_manifest_row_added_later_dates_the_document(tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    ingest(folder / "report.txt", REPORT)
    (folder / "manifest.csv").write_text("file,published,source,title,url\nreport.txt,2024-02-21,Daily Sabah,,\n")
    assert "1 updated" in ingest(folder)
    document = Document.objects.get()
    assert document.publication_date == datetime.date(2024, 2, 21) and document.outlet == "Daily Sabah"
    assert Event.objects.get(event_type="visit").date_start == datetime.date(2024, 2, 19)


def test_a_date_or_title_a_curator_set_is_not_undone_by_the_file(tmp_path):
    path = tmp_path / "report.txt"
    ingest(path, "---\npublished: 2024-02-21\ntitle: Fidan in Baku\n---\n" + REPORT)
    document = Document.objects.get()
    document.publication_date = datetime.date(2024, 3, 6)
    document.publication_date_set_by_curator = True
    document.title = "Fidan's visit to Baku (corrected)"
    document.save()
    curation.reread_documents([document])
    ingest(path, "---\npublished: 2024-02-22\ntitle: Fidan in Baku\n---\n" + REPORT)
    document.refresh_from_db()
    assert document.publication_date == datetime.date(2024, 3, 6)
    assert document.title == "Fidan's visit to Baku (corrected)"
    assert Event.objects.get(event_type="visit").date_start == datetime.date(2024, 3, 4)
    # what the file changes that nobody corrected is taken
    ingest(path, "---\npublished: 2024-02-22\ntitle: Fidan in Baku\nsource: Anadolu\n---\n" + REPORT)
    document.refresh_from_db()
    assert document.outlet == "Anadolu" and document.title == "Fidan's visit to Baku (corrected)"
