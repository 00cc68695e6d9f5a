"""End-to-end ingestion: files in, events with evidence out, merged across reports."""

import datetime
import io
import json
import shutil

import pytest
from django.core.management import call_command

from timeline.ingestion import writer as ingest_module
from timeline.ingestion.writer import ingest_text
from timeline.models import Document, Event, Evidence

from tests.conftest import PROJECT_DIR

pytestmark = pytest.mark.django_db
FIXTURES = PROJECT_DIR / "tests" / "fixtures"


def test_seed_events_are_dated_sourced_and_explained(seeded):
    events = list(Event.objects.visible())
    assert len(events) >= 20
    for event in events:
        assert event.evidence.exists(), event.title
        if event.date_start is not None:
            assert event.date_explanation, event.title
    # nothing from forum chrome or readers' comments
    sentences = " ".join(Evidence.objects.values_list("sentence", flat=True))
    assert "Joined" not in sentences and "Indian cow" not in sentences and "Russians?" not in sentences


def test_an_event_two_reports_share_is_one_event_with_both_sources(seeded):
    cancelled = Event.objects.get(event_type="cancellation")
    documents = {e.document.origin.rsplit("/", 1)[-1] for e in cancelled.evidence.select_related("document")}
    assert documents == {"000_4dce1f96345d0091.txt", "001_2025f20039c444d8.txt"}
    assert cancelled.timex == "2012-10"  # the more precise of "in 2012" and "in October 2012"
    assert cancelled.status == "cancelled"


def test_the_self_contradicting_date_is_flagged(seeded):
    astana = Event.objects.get(place__name="Astana")
    assert astana.has_conflict
    readings = set(astana.evidence.values_list("timex", flat=True))
    assert {"2024", "2023"} <= readings


def test_relative_dates_follow_the_manifest_publication_date(seeded):
    chirkov = Event.objects.get(actors__name__contains="Chirkov")
    assert (chirkov.timex, chirkov.date_start) == ("2014-08", datetime.date(2014, 8, 1))
    assert chirkov.date_explanation == "'last August' in a text published about 14 May 2015 -> August 2014"


def test_reingesting_the_same_files_changes_nothing(seeded, seeds_dir):
    before = sorted(Event.objects.values_list("public_id", "updated_at"))
    out = io.StringIO()
    call_command("ingest", str(seeds_dir), stdout=out)
    assert "0 new, 5 unchanged" in out.getvalue() and "events: 0 created" in out.getvalue()
    assert sorted(Event.objects.values_list("public_id", "updated_at")) == before


def test_permalink_ids_are_stable_across_rebuilds(seeds_dir):
    call_command("ingest", str(seeds_dir), stdout=io.StringIO())
    first = set(Event.objects.values_list("public_id", flat=True))
    Event.objects.all().delete()
    Document.objects.all().delete()
    call_command("ingest", str(seeds_dir), stdout=io.StringIO())
    assert set(Event.objects.values_list("public_id", flat=True)) == first


def test_forum_repost_about_other_countries(tmp_path):
    shutil.copytree(FIXTURES / "forum", tmp_path / "forum")
    call_command("ingest", str(tmp_path / "forum"), stdout=io.StringIO())
    document = Document.objects.get()
    assert document.publication_date == datetime.date(2024, 2, 20)
    assert document.cleaning_notes == {"forum chrome": 10, "duplicate": 3, "comment": 4, "link": 1}
    titles = dict(Event.objects.values_list("title", "timex"))
    assert titles["Hakan Fidan visits Baku"] == "2024-02-19"
    assert titles["Ilham Aliyev visits Ankara"] == "2023-03"
    memorandum = Event.objects.get(event_type="agreement", title__contains="memorandum of understanding")
    assert memorandum.timex == "2023-03"  # "last March, when the two countries signed"
    assert {a.name for a in memorandum.actors.all()} == {"Turkey", "Azerbaijan"}
    assert titles["Hakan Fidan's visit to Yerevan cancelled"] == "2024-W07"
    assert not any("hope" in title.lower() for title in titles)


def test_front_matter_metadata(tmp_path):
    shutil.copy(FIXTURES / "india_japan.md", tmp_path)
    call_command("ingest", str(tmp_path), stdout=io.StringIO())
    document = Document.objects.get()
    assert (document.title, document.outlet, document.url) == (
        "Kishida meets Modi in New Delhi", "Example Wire", "https://example.org/kishida-modi")
    meeting = Event.objects.get(event_type="meeting")
    assert meeting.place.name == "New Delhi" and meeting.timex == "2023-03-20"
    assert not Event.objects.filter(title__icontains="Red Fort").exists()


def test_broken_files_are_reported_and_the_others_ingested(tmp_path, capsys):
    shutil.copytree(FIXTURES / "broken", tmp_path / "broken")
    with pytest.raises(SystemExit):
        call_command("ingest", str(tmp_path / "broken"))
    captured = capsys.readouterr()
    assert "4 failed" in captured.out and "1 new" in captured.out
    assert "binary" in captured.err and "empty" in captured.err and "YYYY-MM-DD" in captured.err
    # Latin-1 is read only when declared (latin1_declared.txt); undeclared, it is refused, not guessed.
    assert "latin1_undeclared.txt: not UTF-8 (first bad byte 0xE9 at offset 30)" in captured.err
    assert Document.objects.get().cleaned_text.startswith("Les ministres se sont rencontrés à Genève")


def test_a_changed_file_updates_its_document_and_events(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text("Turkish Foreign Minister Hakan Fidan visited Baku on Monday.\n")
    call_command("ingest", str(path), published="2024-02-20", stdout=io.StringIO())
    assert Event.objects.get().title == "Hakan Fidan visits Baku"
    path.write_text("Turkish Foreign Minister Hakan Fidan visited Yerevan on Tuesday.\n")
    out = io.StringIO()
    call_command("ingest", str(path), published="2024-02-20", stdout=out)
    assert "1 updated" in out.getvalue()
    assert "events: 0 created, 0 merged, 1 updated" in out.getvalue()
    assert Document.objects.count() == 1
    event = Event.objects.get()
    assert (event.title, event.timex) == ("Hakan Fidan visits Yerevan", "2024-02-20")


def test_date_mentions_are_stored_with_the_document_and_follow_a_new_publication_date():
    from timeline.ingestion.writer import reread_document

    result = ingest_text("Lavrov met Qureshi on Tuesday. Talks lasted two days.\n", origin="d.txt",
                         published=datetime.date(2021, 4, 7))
    document = result.document
    assert [(m.date_text, m.timex, m.kind) for m in document.date_mentions.all()] == [
        ("Tuesday", "2021-04-06", "DATE"), ("two days", "P2D", "DURATION")]
    document.publication_date = datetime.date(2021, 4, 14)
    document.save()
    reread_document(document)
    assert document.date_mentions.get(kind="DATE").timex == "2021-04-13"
    assert document.date_mentions.count() == 2


def test_a_failure_leaves_no_half_written_document(monkeypatch):
    def broken_store(*args, **kwargs):
        Event.objects.create(event_type="visit", title="half written")
        raise RuntimeError("extraction crashed")

    monkeypatch.setattr(ingest_module, "store_events", broken_store)
    with pytest.raises(RuntimeError):
        ingest_text("Lavrov visited Islamabad on Tuesday.\n", origin="x.txt", published=datetime.date(2021, 4, 7))
    assert Document.objects.count() == 0 and Event.objects.count() == 0


def test_undated_document_never_borrows_a_date(tmp_path):
    (tmp_path / "undated.txt").write_text("Lavrov visited Islamabad in October 2012. Putin met Imran Khan in Moscow last week.\n")
    call_command("ingest", str(tmp_path), stdout=io.StringIO(), stderr=io.StringIO())
    visit = Event.objects.get(event_type="visit")
    meeting = Event.objects.get(event_type="meeting")
    assert visit.timex == "2012-10"
    assert meeting.date_start is None and meeting.date_certainty == "unresolved"
    assert "no publication date" in meeting.date_explanation


def test_export_json_contract(seeded):
    out = io.StringIO()
    call_command("export_events", "--format", "json", "--base-url", "https://t.example", stdout=out)
    data = json.loads(out.getvalue())
    assert len(data["events"]) == Event.objects.visible().count()
    record = data["events"][0]
    assert set(record) >= {"id", "url", "type", "status", "title", "date", "actors", "place", "topics", "cameo",
                           "plover", "sources", "conflicts"}
    assert set(record["date"]) == {"start", "end", "granularity", "timex", "certainty", "text", "explanation"}
    assert record["url"].startswith("https://t.example/events/")
    assert set(record["sources"][0]) >= {"document", "published", "sentence", "start", "end"}
    astana = next(e for e in data["events"] if e["place"] == "Astana")
    assert [c["timex"] for c in astana["conflicts"]] == ["2023"]
    # evidence offsets point into the document's cleaned text
    for event in data["events"]:
        for source in event["sources"]:
            text = Document.objects.get(pk=source["document_id"]).cleaned_text
            assert text[source["start"]:source["end"]] == source["sentence"]


def test_export_filters_and_formats(seeded):
    out = io.StringIO()
    call_command("export_events", "--format", "csv", "--status", "planned", stdout=out)
    rows = out.getvalue().strip().splitlines()
    assert rows[0].startswith("id,url,type,status,title")
    assert len(rows) - 1 == Event.objects.filter(status="planned").count()
    assert all(",planned," in row for row in rows[1:])
    out = io.StringIO()
    call_command("export_events", "--format", "ics", "--start", "2021", "--end", "2021", stdout=out)
    calendar = out.getvalue()
    assert calendar.startswith("BEGIN:VCALENDAR") and calendar.rstrip().endswith("END:VCALENDAR")
    # no 2015 event: look at the events' dates only (DTSTAMP, the time of export, may hold "20150")
    starts = [line for line in calendar.splitlines() if line.startswith("DTSTART")]
    assert "DTSTART;VALUE=DATE:20210406" in starts and not any(":2015" in line for line in starts)


def test_the_same_person_spelled_two_ways_in_two_reports_is_one_actor():
    from timeline.models import Actor

    ingest_text("Russian Foreign Minister Yevgeny Primakov met Iraqi Deputy Prime Minister Tariq Aziz in Moscow "
                "on Monday.\n", origin="one.txt", published=datetime.date(1997, 11, 12))
    ingest_text("Russian Foreign Minister Yevgeni Primakov met French Foreign Minister Hubert Vedrine in Paris "
                "on Friday.\n", origin="two.txt", published=datetime.date(1997, 11, 16))
    primakov = Actor.objects.get(name="Yevgeny Primakov")
    assert list(primakov.aliases.values_list("name", flat=True)) == ["Yevgeni Primakov"]
    assert primakov.events.count() == 2


def test_a_bare_surname_is_someone_only_within_its_report():
    from timeline.models import Actor

    ingest_text("Minister Lindqvist met Ambassador Okafor in Lagos on Monday. Lindqvist left on Tuesday.\n",
                origin="a.txt", published=datetime.date(2001, 3, 7))
    ingest_text("Minister Lindqvist met Ambassador Herrera in Quito on Monday.\n", origin="b.txt",
                published=datetime.date(2001, 3, 7))
    assert Actor.objects.filter(name="Lindqvist").count() == 2
