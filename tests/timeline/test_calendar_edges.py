"""Issue 26, item 4: the calendar's ends. A curator's or a file's date outside 0001-01-01 to
9998-12-31 is refused with a clear message; what is inside works on every page and export; the
language work reads a report of the calendar's first or last day without an overflow."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.admin import site
from django.core.management import call_command
from django.test import RequestFactory

from nlp.pipeline import understand
from timeline.ingestion.writer import ingest_text
from timeline.models import LATEST_DATE, Document, Event

pytestmark = pytest.mark.django_db
TEXT = ("Foreign Minister Hakan Fidan visited Baku last year and will meet Jeyhun Bayramov next month. "
        "His recent visit to Tbilisi and talks on Tuesday were useful. He arrived on Monday for a three-day visit.\n")


@pytest.mark.parametrize("published", [datetime.date(1, 1, 1), datetime.date(1, 3, 1), LATEST_DATE])
def test_the_language_work_reads_a_report_of_the_calendars_ends(published):
    doc = understand(TEXT, published)
    assert doc.events and all(e.date.start is None or e.date.start.year >= 1 for e in doc.events)


@pytest.mark.parametrize("published, refused", [("9999-12-31", True), ("0001-01-01", False), ("9998-12-31", False)])
def test_a_publication_date_outside_the_range_is_refused_with_a_message(tmp_path, published, refused):
    (tmp_path / "report.txt").write_text(f"---\npublished: {published}\n---\n{TEXT}")
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("ingest", str(tmp_path), stdout=out, stderr=err)
    except SystemExit as stop:
        assert stop.code == 1
    if refused:
        assert f"published date {published} is outside the dates the timeline can show (0001-01-01 to 9998-12-31)" \
            in err.getvalue()
        assert Document.objects.count() == 0
    else:
        assert "1 new" in out.getvalue() and "Traceback" not in err.getvalue()


def test_ingest_text_refuses_such_a_date_too():
    with pytest.raises(Exception, match="outside the dates the timeline can show"):
        ingest_text(TEXT, origin="x.txt", published=datetime.date(9999, 12, 31))
    assert Document.objects.count() == 0


def test_a_curator_cannot_set_a_date_past_the_range_and_the_last_day_works_everywhere(client):
    ingest_text(TEXT, origin="x.txt", published=datetime.date(2024, 2, 20))
    event = Event.objects.filter(date_start__isnull=False).first()
    user = User.objects.create_user("ana", password="x-long-password-1", is_staff=True)
    user.groups.add(Group.objects.get(name="curator"))
    request = RequestFactory().get("/admin/")
    request.user = user
    event_admin = site._registry[Event]
    form_class = event_admin.get_form(request, event, change=True)
    data = {name: getattr(event, name) for name in form_class.base_fields if hasattr(event, name)}
    data.update({"date_start": "9999-12-31", "date_end": "9999-12-31"})
    form = form_class(data, instance=event)
    assert not form.is_valid()
    assert "outside the dates the timeline can show" in str(form.errors["date_start"])
    client.force_login(user)
    Event.objects.filter(pk=event.pk).update(date_start=LATEST_DATE, date_end=LATEST_DATE)
    for url in ["/?q=Fidan", "/?start=9998&end=9998", "/?order=newest", "/axis/?start=9998-12", event.get_absolute_url()]:
        assert client.get(url).status_code == 200, url
    calendar = b"".join(client.get("/export.ics").streaming_content).decode()
    assert calendar.rstrip().endswith("END:VCALENDAR") and "DTEND;VALUE=DATE:99990101" in calendar


def test_a_reading_outside_the_range_is_stored_undated():
    ingest_text("Chancellor Olaf Scholz met President Emmanuel Macron in Paris on 5 March 9999.\n", origin="y.txt",
                published=datetime.date(2024, 2, 20))
    assert Event.objects.filter(date_start__gt=LATEST_DATE).count() == 0
