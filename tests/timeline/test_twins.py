"""Issue 5, "content repeats": a sentence is quoted once among an event's sources (page and
JSON), a dated and an undated mention of one meeting in one report are one event, two
meetings stay two, an undated report of a summit joins the dated one it came out soon after,
and re-ingesting keeps what curators did about twins."""

import datetime
import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from timeline.curation import services as curation
from timeline.ingestion.writer import ingest_text
from timeline.models import Event, Evidence

pytestmark = pytest.mark.django_db

# Invented reports. A scraped page often shows a teaser and then the whole article: the
# teaser's sentences come again inside a longer paragraph, which cleaning cannot drop as a copy.
LEAD = ("ANKARA - Turkish Foreign Minister Hakan Fidan met Indian External Affairs Minister Subrahmanyam "
        "Jaishankar in Ankara on Wednesday to discuss shipping routes, the ministry said.")
CONSULATE = "Fidan and Jaishankar agreed to open a new consulate in Izmir next year."
TONE = "Officials on both sides described the talks as warm and practical."
DOUBLED = f"{LEAD} {CONSULATE}\n\n{LEAD} {CONSULATE} {TONE}\n"
# two words of one sentence, "welcomed" and "talks", read as the same meeting
WELCOMED = ("Foreign Minister Hakan Fidan welcomed Jeyhun Bayramov at the ministry in Ankara on Tuesday "
            "for delegation-level talks.\n")
SUMMIT = ("Prime Minister Shehbaz Sharif attended the SCO summit on 4 July 2024, his office said.\n\n"
          "Sharif and Putin spoke briefly about energy.\n\n"
          "Analysts in Islamabad said the SCO summit in Astana had given Sharif a welcome stage.\n")
TWO_MEETINGS = ("Chinese Foreign Minister Wang Yi met Indian External Affairs Minister Subrahmanyam Jaishankar "
                "in Beijing on Tuesday.\n\n"
                "Wang and Jaishankar had also met in New Delhi on 12 January.\n\n"
                "The meeting between Wang and Jaishankar covered the border dispute.\n")
MEETING = ("Russian Foreign Minister Sergey Lavrov met Pakistani Foreign Minister Shah Mahmood Qureshi in "
           "Islamabad on Tuesday.\n\n"
           "The meeting between Lavrov and Qureshi covered trade and energy.\n")
MEETING_V2 = MEETING + "\nLavrov later flew to New Delhi on Wednesday.\n"
# A commentary that names a summit and a meeting on its sidelines without dates, and later
# reports that date them.
COMMENTARY = ("Singapore's Prime Minister Lee Hsien Loong was seen chatting with Indonesian President Joko Widodo "
              "at the Association of Southeast Asian Nations summit in Jakarta. Both leaders smiled for the cameras.\n\n"
              "Lee and Widodo also met briefly on the sidelines to discuss fisheries.\n")
CAPTION = ("Leaders at an expanded meeting of the Association of Southeast Asian Nations, September 6, 2023.\n\n"
           "Singapore wants closer trade ties with Indonesia.\n")
DATED_MEETING = ("Singapore's Prime Minister Lee Hsien Loong met Indonesian President Joko Widodo in Jakarta on "
                 "{day}, the ministry said.\n\nThe two leaders discussed fisheries.\n")
UNDATED_MEETING = ("Singapore's Prime Minister Lee Hsien Loong met Indonesian President Joko Widodo to discuss "
                   "fisheries, officials said.\n\nBoth sides described the meeting as warm.\n")


def sentences(event):
    return [item.sentence for item in event.evidence.order_by("sentence_start")]


def exported(client, event):
    data = json.loads(b"".join(client.get("/export.json").streaming_content))
    return next(record for record in data["events"] if record["id"] == event.public_id)


def test_a_doubled_body_quotes_each_sentence_once(client):
    ingest_text(DOUBLED, origin="forum/fidan.txt", title="Fidan hosts Jaishankar", published=datetime.date(2024, 3, 8))
    meeting = Event.objects.get(event_type="meeting")
    assert sentences(meeting) == [LEAD, TONE]
    for event in Event.objects.all():
        quoted = [item.sentence for item in event.evidence.all()]
        assert len(quoted) == len(set(quoted)), event.title
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert page.count("to discuss shipping routes") == 1 and page.count('<blockquote class="evidence') == 2
    assert "Sources (1 document, 2 passages)" in page
    assert [source["sentence"] for source in exported(client, meeting)["sources"]] == [LEAD, TONE]


def test_two_words_of_one_sentence_quote_it_once(client):
    ingest_text(WELCOMED, origin="welcomed.txt", title="Fidan hosts Bayramov", published=datetime.date(2024, 3, 8))
    meeting = Event.objects.get(event_type="meeting")
    assert sentences(meeting) == [WELCOMED.strip()]
    assert meeting.date_start == datetime.date(2024, 3, 5)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert page.count("at the ministry in Ankara") == 1 and "Sources (1 document, 1 passage)" in page
    assert len(exported(client, meeting)["sources"]) == 1


def test_the_same_sentence_in_two_reports_is_two_sources(client):
    """The same wire sentence in two outlets: two documents vouch for it, both are listed."""
    ingest_text(WELCOMED, origin="wire.txt", outlet="Wire", published=datetime.date(2024, 3, 8))
    ingest_text(WELCOMED + "\nThe visit was Bayramov's second this year.\n", origin="paper.txt", outlet="Paper",
                published=datetime.date(2024, 3, 8))
    meeting = Event.objects.get(event_type="meeting")
    assert sentences(meeting) == [WELCOMED.strip()] * 2
    assert "Sources (2 documents, 2 passages)" in client.get(meeting.get_absolute_url()).content.decode()
    assert len({source["document_id"] for source in exported(client, meeting)["sources"]}) == 2


def test_a_dated_and_an_undated_mention_in_one_report_are_one_event():
    ingest_text(SUMMIT, origin="summit.txt", published=datetime.date(2024, 7, 6))
    summit = Event.objects.get(event_type="summit")
    assert (summit.date_start, summit.place.name) == (datetime.date(2024, 7, 4), "Astana")
    assert sentences(summit) == [SUMMIT.split("\n\n")[0], SUMMIT.split("\n\n")[2].strip()]


def test_an_undated_report_joins_the_summit_and_meeting_it_came_out_soon_after(client):
    """A commentary published three days after a summit names it and a meeting on its sidelines
    without dates; a caption months later dates "a meeting of" the organisation, and another
    report dates the meeting. Each is one event, with the date the later reports give."""
    ingest_text(COMMENTARY, origin="commentary.txt", published=datetime.date(2023, 9, 9))
    assert Event.objects.filter(date_start__isnull=True).count() == 2
    ingest_text(CAPTION, origin="caption.txt", published=datetime.date(2023, 11, 2))
    ingest_text(DATED_MEETING.format(day="6 September 2023"), origin="ministry.txt", published=datetime.date(2024, 2, 2))
    summit = Event.objects.get(event_type="summit")
    assert (summit.title, summit.date_start, summit.place.name) == (
        "ASEAN summit in Jakarta", datetime.date(2023, 9, 6), "Jakarta")
    assert summit.evidence.values("document").distinct().count() == 2
    meeting = Event.objects.get(event_type="meeting")
    assert meeting.date_start == datetime.date(2023, 9, 6)
    assert meeting.evidence.values("document").distinct().count() == 2
    assert Event.objects.count() == 2
    page = client.get(summit.get_absolute_url()).content.decode()
    assert "Sources (2 documents, 2 passages)" in page, page[page.find("Sources ("):][:40]
    assert "published 9 Sep 2023 · says occurred, gives no date" in " ".join(page.split())


def test_a_dated_event_already_stored_takes_an_undated_report_that_came_out_soon_after():
    ingest_text(DATED_MEETING.format(day="6 September 2023"), origin="ministry.txt", published=datetime.date(2023, 9, 7))
    ingest_text(UNDATED_MEETING, origin="commentary.txt", published=datetime.date(2023, 9, 20))
    meeting = Event.objects.get()
    assert meeting.date_start == datetime.date(2023, 9, 6) and meeting.evidence.count() == 3


def test_an_undated_report_long_after_or_between_two_meetings_joins_neither():
    """Five months later an undated meeting could be any since; three days after two meetings
    in a month, it could be either."""
    ingest_text(DATED_MEETING.format(day="6 September 2023"), origin="ministry.txt", published=datetime.date(2023, 9, 7))
    ingest_text(UNDATED_MEETING, origin="later.txt", published=datetime.date(2024, 2, 2))
    assert Event.objects.filter(date_start__isnull=True).count() == 1
    ingest_text(DATED_MEETING.format(day="20 August 2023"), origin="august.txt", published=datetime.date(2023, 8, 21))
    ingest_text(UNDATED_MEETING.replace("fisheries", "the haze").replace("warm", "frank"), origin="commentary.txt",
                published=datetime.date(2023, 9, 9))
    assert sorted(Event.objects.values_list("date_start", flat=True), key=str) == [
        datetime.date(2023, 8, 20), datetime.date(2023, 9, 6), None, None]
    assert all(event.evidence.values("document").distinct().count() == 1 for event in Event.objects.all())


def test_two_meetings_stay_two_and_a_mention_of_either_joins_neither():
    ingest_text(TWO_MEETINGS, origin="wang.txt", published=datetime.date(2024, 3, 8))
    dated = {event.date_start: sentences(event) for event in Event.objects.filter(date_start__isnull=False)}
    paragraphs = [p.strip() for p in TWO_MEETINGS.split("\n\n")]
    assert dated == {datetime.date(2024, 3, 5): [paragraphs[0]], datetime.date(2024, 1, 12): [paragraphs[1]]}
    undated = Event.objects.get(date_start__isnull=True)
    assert sentences(undated) == [paragraphs[2]]


def test_a_mention_in_the_paragraph_of_one_of_two_meetings_joins_that_one():
    text = TWO_MEETINGS.replace(".\n\nThe meeting between", ". That meeting between")
    ingest_text(text, origin="wang.txt", published=datetime.date(2024, 3, 8))
    assert Event.objects.count() == 2
    january = Event.objects.get(date_start=datetime.date(2024, 1, 12))
    assert sentences(january)[-1] == "That meeting between Wang and Jaishankar covered the border dispute."


def test_reingesting_keeps_a_curated_twin_and_brings_no_twin_back(client):
    ingest_text(MEETING, origin="lavrov.txt", published=datetime.date(2021, 4, 8))
    meeting = Event.objects.get(event_type="meeting")
    meeting.title, meeting.date_start, meeting.date_end = "Lavrov and Qureshi in Islamabad", *[datetime.date(2021, 4, 5)] * 2
    curation.mark_curated(meeting, ["title", "date_start", "date_end"])
    meeting.save()
    ingest_text(MEETING_V2, origin="lavrov.txt", published=datetime.date(2021, 4, 8))
    assert list(Event.objects.filter(event_type="meeting")) == [meeting]
    meeting.refresh_from_db()
    assert (meeting.title, meeting.date_start) == ("Lavrov and Qureshi in Islamabad", datetime.date(2021, 4, 5))
    assert len(sentences(meeting)) == 2


def test_reingesting_does_not_merge_back_what_a_curator_split_off():
    """A curator judged the undated sentence another meeting: the next reading, which merges
    it with the dated one again, leaves it where the curator put it, and the first event keeps
    its permalink."""
    ingest_text(MEETING, origin="lavrov.txt", published=datetime.date(2021, 4, 8))
    meeting = Event.objects.get(event_type="meeting")
    first, second = sentences(meeting)
    split = curation.split_evidence(Evidence.objects.filter(event=meeting, sentence=second))
    ingest_text(MEETING_V2, origin="lavrov.txt", published=datetime.date(2021, 4, 8))
    assert set(Event.objects.filter(event_type="meeting")) == {meeting, split}
    assert (sentences(meeting), sentences(split)) == ([first], [second])
    meeting.refresh_from_db()
    assert meeting.date_start == datetime.date(2021, 4, 6)
    assert Event.objects.filter(title="Sergey Lavrov visits New Delhi").exists()  # what the new text adds is read


def test_a_curators_merge_quotes_a_sentence_both_events_had_once():
    ingest_text(WELCOMED, origin="welcomed.txt", published=datetime.date(2024, 3, 8))
    meeting = Event.objects.get(event_type="meeting")
    other = Event.objects.create(event_type="talks", title="Fidan–Bayramov talks")
    item = meeting.evidence.get()
    item.pk, item.event, item.trigger_start, item.trigger_end = None, other, item.sentence_end - 6, item.sentence_end - 1
    item.save()
    curation.merge_events(meeting, [other])
    assert sentences(meeting) == [WELCOMED.strip()]


@pytest.mark.django_db(transaction=True)
def test_the_migration_drops_stored_copies_keeping_the_first_that_gives_a_date():
    before, after = [("timeline", "0016_document_updated_index")], [("timeline", "0017_evidence_one_per_sentence")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        apps = executor.loader.project_state(before).apps
        Document, Event, Evidence = (apps.get_model("timeline", name) for name in ("Document", "Event", "Evidence"))
        document = Document.objects.create(origin="old.txt", content_hash="x" * 64, raw_text="...")
        event = Event.objects.create(public_id="old-event", event_type="meeting", title="An old meeting")
        sentence = "The two ministers met on Monday."

        def quote(start, day=None):
            return Evidence.objects.create(event=event, document=document, sentence=sentence, sentence_key="k",
                                           sentence_start=start, sentence_end=start + 31, trigger_start=start + 15,
                                           trigger_end=start + 18, date_start=day, date_end=day).pk

        undated, dated, later = quote(0), quote(40, datetime.date(2024, 3, 4)), quote(80, datetime.date(2024, 3, 4))
        other = Evidence.objects.create(event=event, document=document, sentence="They spoke of trade.", sentence_key="",
                                        sentence_start=120, sentence_end=140, trigger_start=125, trigger_end=130).pk
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        apps = executor.loader.project_state(after).apps
        assert set(apps.get_model("timeline", "Evidence").objects.values_list("id", flat=True)) == {dated, other}
        assert undated and later
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


BOTH = ("Russian Foreign Minister Sergey Lavrov met Pakistani Foreign Minister Shah Mahmood Qureshi in "
        "Islamabad on Tuesday.\n\n"
        "The meeting between Lavrov and Qureshi covered trade and energy, and Qureshi said he would visit Moscow in May.\n")


def test_a_split_off_sentence_still_feeds_the_other_kind_of_event_it_reports():
    """The second sentence reports the meeting and a planned visit. A curator splits it off the
    meeting; the next reading sends it back to the split-off meeting only, and the visit keeps
    it as its own evidence."""
    ingest_text(BOTH, origin="both.txt", published=datetime.date(2021, 4, 8))
    meeting = Event.objects.get(event_type="meeting")
    visit = Event.objects.get(event_type="visit")
    second = sentences(meeting)[1]
    assert sentences(visit) == [second]
    split = curation.split_evidence(Evidence.objects.filter(event=meeting, sentence=second))
    ingest_text(BOTH + "\nLavrov later flew to New Delhi on Wednesday.\n", origin="both.txt", published=datetime.date(2021, 4, 8))
    visit = Event.objects.get(event_type="visit", status="planned")
    assert sentences(visit) == [second]
    assert sentences(split) == [second] and len(sentences(meeting)) == 1
