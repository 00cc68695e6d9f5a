"""Curation in the admin, as a curator: every action, and re-ingesting never undoing it."""

import datetime
import html
import io
import re

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db.models import Model
from django.test import Client
from django.utils.html import strip_tags

from timeline.curation import services as curation
from timeline.models import Actor, DeletedEvent, Document, Event, Evidence, Topic

pytestmark = pytest.mark.django_db
REPORT_V1 = ("Turkish Foreign Minister Hakan Fidan visited Baku on Monday. He met Azerbaijani President "
             "Ilham Aliyev in Baku on Monday. Fidan and Aliyev agreed to hold joint military exercises.\n")
REPORT_V2 = REPORT_V1 + "Fidan later visited Tbilisi on Tuesday.\n"


@pytest.fixture
def report(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(REPORT_V1)
    call_command("ingest", str(path), published="2024-02-20", stdout=io.StringIO())
    return path


@pytest.fixture
def conflict(seeds_dir):
    """The Astana summit, dated 2024 by most sources and 2023 by one: the event and that reading."""
    call_command("ingest", str(seeds_dir), stdout=io.StringIO())
    astana = Event.objects.get(place__name="Astana")
    assert astana.has_conflict and astana.timex == "2024"
    return astana, astana.evidence.get(timex="2023")


@pytest.fixture
def strict_client(curator):
    """A curator's browser as the real one is: every POST must carry the CSRF token."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(curator)
    return browser


def csrf_token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def use_reading_url(event, reading):
    return f"/admin/timeline/event/{event.pk}/use-reading/{reading.pk}/"


def ingest(path, text=None):
    if text is not None:
        path.write_text(text)
    call_command("ingest", str(path), published="2024-02-20", stdout=io.StringIO())


def form_data(response):
    """The POST data of an admin change page, as the browser would send it unchanged."""
    def plain(value):
        if isinstance(value, Model):
            return value.pk
        if isinstance(value, (datetime.date,)):
            return value.isoformat()
        if isinstance(value, (list, tuple)) or hasattr(value, "all"):
            items = value.all() if hasattr(value, "all") else value
            return [plain(item) for item in items]
        return "" if value is None else value

    data = {}

    def add(form, prefix=""):
        for name, field in form.fields.items():
            key = f"{prefix}{name}"
            value = form.initial.get(name, field.initial)
            if isinstance(value, bool) or field.widget.input_type == "checkbox" if hasattr(field.widget, "input_type") else False:
                if value:
                    data[key] = "on"
                continue
            data[key] = plain(value)

    add(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):  # a history version has none
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{name}"] = value
        for index, form in enumerate(formset.forms):
            add(form, f"{formset.prefix}-{index}-")
    return data


def change(client, event, **fields):
    url = f"/admin/timeline/event/{event.pk}/change/"
    data = form_data(client.get(url))
    data.update(fields)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    return Event.objects.get(pk=event.pk)


def test_admin_needs_a_login_and_the_public_cannot_write(client):
    assert client.get("/admin/timeline/event/").status_code == 302
    assert client.post("/", {"title": "x"}).status_code == 405


def test_curator_group_has_exactly_the_needed_permissions():
    codenames = set(Group.objects.get(name="curator").permissions.values_list("codename", flat=True))
    assert {"change_event", "delete_event", "delete_evidence", "add_document", "change_document", "change_actor", "add_actoralias"} <= codenames
    assert not any(c.startswith(("add_user", "change_user", "delete_document")) for c in codenames)
    assert "add_event" not in codenames  # events come from the sources; who took part can change
    assert {"add_eventactor", "change_eventactor", "delete_eventactor"} <= codenames


def test_a_curator_can_change_who_took_part(client, curator, report):
    """A curator (not a superuser) sees the event's actors as a table to edit."""
    event = Event.objects.get(title="Hakan Fidan visits Baku")
    html = client.get(f"/admin/timeline/event/{event.pk}/change/").content.decode()
    assert 'name="eventactor_set-TOTAL_FORMS"' in html and "Hakan Fidan" in html


def test_changelist_filters_and_search(client, curator, report):
    actor = Actor.objects.get(name="Hakan Fidan")
    document = Document.objects.get()
    for query in ["", "event_type__exact=visit", "status__exact=occurred", "is_verified__exact=0", "is_hidden__exact=0",
                  "has_conflict__exact=0", "dated=no", "dated=yes", f"actors__id__exact={actor.pk}",
                  f"document={document.pk}", "q=Baku", "topics__id__exact=1"]:
        response = client.get(f"/admin/timeline/event/?{query}")
        assert response.status_code == 200, query
    assert "Hakan Fidan visits Baku" in client.get("/admin/timeline/event/?q=Baku").content.decode()


def test_change_page_shows_highlighted_evidence_and_permalink(client, curator, report):
    event = Event.objects.get(title="Hakan Fidan visits Baku")
    html = client.get(f"/admin/timeline/event/{event.pk}/change/").content.decode()
    assert '<mark class="trigger">visited</mark>' in html and '<mark class="date">Monday</mark>' in html
    assert event.get_absolute_url() in html


def test_verify_hide_and_unhide(client, curator, report):
    event = Event.objects.get(title="Hakan Fidan visits Baku")
    client.post("/admin/timeline/event/", {"action": "mark_verified", "_selected_action": [event.pk]})
    assert Event.objects.get(pk=event.pk).is_verified
    client.post("/admin/timeline/event/", {"action": "hide", "_selected_action": [event.pk]})
    assert client.get(event.get_absolute_url()).status_code == 410  # withdrawn by a curator
    assert event.title not in client.get("/").content.decode()
    client.post("/admin/timeline/event/", {"action": "unhide", "_selected_action": [event.pk]})
    assert client.get(event.get_absolute_url()).status_code == 200


def test_edited_fields_are_kept_through_reingesting(client, curator, report):
    event = Event.objects.get(title="Hakan Fidan visits Baku")
    event = change(client, event, title="Fidan's first visit to Baku as foreign minister",
                   date_start="2024-02-18", date_end="2024-02-19", date_text="curator: 18-19 February")
    assert set(event.curated_fields) >= {"title", "date"}
    ingest(report)                   # the same text: nothing changes
    ingest(report, REPORT_V2)        # a changed text: read again
    event = Event.objects.get(pk=event.pk)
    assert event.title == "Fidan's first visit to Baku as foreign minister"
    assert (event.date_start, event.date_end) == (datetime.date(2024, 2, 18), datetime.date(2024, 2, 19))
    assert Event.objects.filter(title__contains="visits Baku").count() == 0  # no twin came back
    assert Event.objects.filter(title="Hakan Fidan visits Tbilisi").exists()
    history = list(event.history.order_by("history_date"))
    assert history[-1].history_user.username == "ana" or any(h.history_user and h.history_user.username == "ana" for h in history)


def test_a_changed_copy_under_another_path_reattaches_to_the_curated_event(client, curator, report, tmp_path):
    """The same report saved again elsewhere with an edit (a mirror, a later version of the
    page) is the same report: its sentence reads the date the curator corrected, and that
    reading joins the curated event instead of standing beside it as a twin."""
    event = Event.objects.get(title="Hakan Fidan visits Baku")
    event = change(client, event, date_start="2024-02-18", date_end="2024-02-18", date_text="curator: 18 February")
    copy = tmp_path / "mirror" / "report-copy.txt"
    copy.parent.mkdir()
    ingest(copy, REPORT_V2)
    visits = Event.objects.visible().filter(event_type="visit", place__name="Baku")
    assert list(visits) == [event]
    event = Event.objects.get(pk=event.pk)
    assert (event.date_start, event.date_end) == (datetime.date(2024, 2, 18), datetime.date(2024, 2, 18))
    assert {item.document.origin for item in event.evidence.all()} == {str(report), str(copy)}
    assert Event.objects.filter(title="Hakan Fidan visits Tbilisi").exists()  # what the copy adds is read


def test_hidden_event_stays_hidden_after_reingesting(client, curator, report):
    event = Event.objects.get(title="Hakan Fidan visits Baku")
    client.post("/admin/timeline/event/", {"action": "hide", "_selected_action": [event.pk]})
    ingest(report, REPORT_V2)
    assert Event.objects.get(pk=event.pk).is_hidden
    assert not Event.objects.visible().filter(title="Hakan Fidan visits Baku").exists()


def test_deleted_event_does_not_come_back(client, curator, report):
    event = Event.objects.get(title="Hakan Fidan visits Baku")
    response = client.post(f"/admin/timeline/event/{event.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert DeletedEvent.objects.get().title == "Hakan Fidan visits Baku"
    ingest(report, REPORT_V2)
    assert not Event.objects.filter(title="Hakan Fidan visits Baku").exists()
    assert Event.objects.filter(title="Hakan Fidan visits Tbilisi").exists()


def test_merge_asks_first_and_the_curator_chooses_the_survivor(client, curator, report):
    """Issue 13, item 11: the merge action shows a confirmation that lists the events and
    proposes one to keep; nothing changes until the curator confirms, and the curator may
    keep another; merged events are marked in the list and can be filtered."""
    visit = Event.objects.get(title="Hakan Fidan visits Baku")
    meeting = Event.objects.get(event_type="meeting")
    page = client.post("/admin/timeline/event/", {"action": "merge_events", "_selected_action": [visit.pk, meeting.pk]})
    html = page.content.decode()
    assert page.status_code == 200 and "Choose the one that stays" in html
    assert f'name="survivor" value="{visit.pk}"' in html and f'name="survivor" value="{meeting.pk}"' in html
    assert Event.objects.filter(merged_into__isnull=False).count() == 0  # nothing yet
    client.post("/admin/timeline/event/", {"action": "merge_events", "_selected_action": [visit.pk, meeting.pk],
                                           "confirm": "yes", "survivor": meeting.pk})
    assert Event.objects.get(pk=visit.pk).merged_into_id == meeting.pk
    merged_list = client.get("/admin/timeline/event/?merged=yes").content.decode()
    assert visit.title in merged_list and f"#{meeting.pk}" in merged_list
    assert visit.title not in client.get("/admin/timeline/event/?merged=no").content.decode()


def merge_in_admin(client, *events):
    client.post("/admin/timeline/event/", {"action": "merge_events", "_selected_action": [e.pk for e in events],
                                           "confirm": "yes", "survivor": events[0].pk})


def test_merge_redirects_and_survives_reingesting(client, curator, report):
    visit = Event.objects.get(title="Hakan Fidan visits Baku")
    meeting = Event.objects.get(event_type="meeting")
    old_url = meeting.get_absolute_url()
    merge_in_admin(client, visit, meeting)
    survivor = Event.objects.get(pk=visit.pk)
    assert Event.objects.get(pk=meeting.pk).merged_into_id == survivor.pk
    assert survivor.evidence.count() == 2
    assert {a.name for a in survivor.actors.all()} >= {"Hakan Fidan", "Ilham Aliyev"}
    response = client.get(old_url)
    assert response.status_code == 301 and response.url == survivor.get_absolute_url()
    ingest(report, REPORT_V2)
    assert Event.objects.get(pk=meeting.pk).merged_into_id == survivor.pk
    assert Event.objects.visible().filter(event_type="meeting").count() == 0


def test_split_evidence_into_a_new_event(client, curator, report):
    visit = Event.objects.get(title="Hakan Fidan visits Baku")
    meeting = Event.objects.get(event_type="meeting")
    merge_in_admin(client, visit, meeting)
    piece = Evidence.objects.filter(event=visit).order_by("trigger_start").last()
    response = client.post("/admin/timeline/evidence/", {"action": "split_into_new_event", "_selected_action": [piece.pk]})
    assert response.status_code == 302
    piece.refresh_from_db()
    assert piece.event_id != visit.pk and Event.objects.get(pk=piece.event_id).evidence.count() == 1
    assert Event.objects.get(pk=visit.pk).evidence.count() == 1


def test_resolve_a_conflict_by_choosing_a_reading(client, curator, seeds_dir, conflict):
    astana, reading = conflict
    assert client.post(use_reading_url(astana, reading)).status_code == 302
    astana.refresh_from_db()
    assert (astana.timex, astana.has_conflict, "date" in astana.curated_fields) == ("2023", False, True)
    call_command("ingest", str(seeds_dir), stdout=io.StringIO())
    astana.refresh_from_db()
    assert astana.timex == "2023"


def test_choosing_a_reading_by_get_changes_nothing(client, curator, conflict):
    astana, reading = conflict
    assert client.get(use_reading_url(astana, reading)).status_code == 405
    astana.refresh_from_db()
    assert (astana.timex, astana.has_conflict, "date" in astana.curated_fields) == ("2024", True, False)


def test_choosing_a_reading_without_the_csrf_token_is_refused(strict_client, conflict):
    astana, reading = conflict
    assert strict_client.post(use_reading_url(astana, reading)).status_code == 403
    astana.refresh_from_db()
    assert (astana.timex, astana.has_conflict, "date" in astana.curated_fields) == ("2024", True, False)


def test_the_change_page_posts_the_chosen_reading_with_its_csrf_token(strict_client, conflict):
    astana, reading = conflict
    url = use_reading_url(astana, reading)
    html = strict_client.get(f"/admin/timeline/event/{astana.pk}/change/").content.decode()
    # a button in the evidence inline, bound to a POST form of its own after the change form (forms cannot nest)
    assert f'form="use-reading-{reading.pk}">use this date</button>' in html and f'href="{url}"' not in html
    form = re.search(rf'<form id="use-reading-{reading.pk}" method="post" action="{re.escape(url)}">(.*?)</form>', html)
    assert form and html.index("</form></div>") < form.start()
    response = strict_client.post(url, {"csrfmiddlewaretoken": csrf_token(form.group(1))})
    assert response.status_code == 302 and response.url == f"/admin/timeline/event/{astana.pk}/change/"
    astana.refresh_from_db()
    assert (astana.timex, astana.has_conflict, "date" in astana.curated_fields) == ("2023", False, True)


def everything():
    """What the admin's actions can change, to compare before and after."""
    return (list(Event.objects.order_by("pk").values_list("pk", "is_verified", "is_hidden", "merged_into_id")),
            list(Evidence.objects.order_by("pk").values_list("pk", "event_id")),
            list(Actor.objects.order_by("pk").values_list("pk", flat=True)))


def prepare_action(action):
    """The changelist, the selection on which ``action`` changes something, and what its
    confirmation page posts (merging asks first)."""
    visit = Event.objects.get(title="Hakan Fidan visits Baku")
    meeting = Event.objects.get(event_type="meeting")
    if action == "unhide":
        Event.objects.filter(pk=visit.pk).update(is_hidden=True)
    if action == "merge_events":
        return "event", [visit.pk, meeting.pk], {"confirm": "yes", "survivor": visit.pk}
    if action == "split_into_new_event":
        curation.merge_events(visit, [meeting])
        return "evidence", [Evidence.objects.filter(event=visit).order_by("trigger_start").last().pk], {}
    if action == "rerun_extraction":
        Event.objects.filter(event_type="meeting").delete()
        return "document", [Document.objects.get().pk], {}
    if action == "merge_actors":
        twin = Actor.objects.create(name="H. Fidan", kind="person", country="TUR", slug="h-fidan", discovered=True)
        return "actor", [Actor.objects.get(name="Hakan Fidan").pk, twin.pk], {}
    return "event", [visit.pk], {}


@pytest.mark.parametrize("action", ["mark_verified", "hide", "unhide", "merge_events", "split_into_new_event",
                                    "rerun_extraction", "merge_actors"])
def test_admin_actions_change_data_only_on_a_post_with_the_csrf_token(strict_client, report, action):
    model, selected, confirmation = prepare_action(action)
    url = f"/admin/timeline/{model}/"
    data = {"action": action, "_selected_action": selected, **confirmation}
    before = everything()
    strict_client.get(url, data)
    assert everything() == before
    assert strict_client.post(url, data).status_code == 403
    assert everything() == before
    token = csrf_token(strict_client.get(url).content.decode())
    answer = strict_client.post(url, {**data, "csrfmiddlewaretoken": token})
    assert answer.status_code == 302
    if action == "rerun_extraction":  # a batch: its page reads it, a step per POST with the token
        assert everything() == before
        assert strict_client.post(answer.url).status_code == 403
        assert everything() == before
        step_token = csrf_token(strict_client.get(answer.url).content.decode())
        assert strict_client.post(answer.url, {"csrfmiddlewaretoken": step_token}).status_code == 302
    assert everything() != before


def test_add_a_document_by_pasting_text(client, curator):
    response = client.post("/admin/timeline/document/add/", {
        "origin": "", "title": "Fidan in Baku", "outlet": "Example Wire", "url": "", "raw_text": REPORT_V1,
        "publication_date": "2024-02-20", "publication_date_certainty": "exact", "publication_date_note": "",
    })
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.cleaned_text.startswith("Turkish Foreign Minister")
    assert Event.objects.get(title="Hakan Fidan visits Baku").timex == "2024-02-19"
    again = client.post("/admin/timeline/document/add/", {"raw_text": REPORT_V1, "publication_date_certainty": "unknown"})
    assert "already in the timeline" in again.content.decode()


def test_correcting_the_publication_date_moves_relative_dates(client, curator, report):
    document = Document.objects.get()
    meeting = Event.objects.get(event_type="meeting")
    agreement = Event.objects.get(event_type="agreement_to_act")
    agreement = change(client, agreement, date_start="2024-01-01", date_end="2024-01-31", granularity="month",
                       timex="2024-01", date_text="curator")
    url = f"/admin/timeline/document/{document.pk}/change/"
    data = {"origin": document.origin, "title": document.title, "outlet": "", "url": "", "publication_date": "2024-03-06",
            "publication_date_certainty": "approximate", "publication_date_note": "corrected from the print edition"}
    assert client.post(url, data).status_code == 302
    document.refresh_from_db()
    assert document.publication_date_set_by_curator and document.publication_date_certainty == "approximate"
    meeting.refresh_from_db()
    assert meeting.timex == "2024-03-04"  # "on Monday", now counted from 6 March
    assert "published about 6 March 2024" in meeting.date_explanation
    assert Event.objects.get(pk=agreement.pk).timex == "2024-01"  # the curator's date stays
    ingest(report)  # the file's own --published no longer overrides the curator
    assert Document.objects.get().publication_date == datetime.date(2024, 3, 6)


def test_rerun_extraction_action(client, curator, report):
    document = Document.objects.get()
    Event.objects.filter(event_type="meeting").delete()
    batch = client.post("/admin/timeline/document/", {"action": "rerun_extraction", "_selected_action": [document.pk]})
    assert client.post(batch.url).status_code == 302  # the batch's one step
    assert Event.objects.filter(event_type="meeting").count() == 1
    assert "Done: 1 document read again" in client.get(batch.url).content.decode()


def test_actor_aliases_are_used_by_the_next_ingest(client, curator, tmp_path):
    person = Actor.objects.create(name="Musalia Mudavadi", kind="person", country="KEN", role="Prime Cabinet Secretary",
                                  slug="musalia-mudavadi")
    url = f"/admin/timeline/actor/{person.pk}/change/"
    data = {"name": person.name, "slug": person.slug, "kind": "person", "country": "KEN", "role": person.role,
            "aliases-TOTAL_FORMS": "1", "aliases-INITIAL_FORMS": "0", "aliases-MIN_NUM_FORMS": "0",
            "aliases-MAX_NUM_FORMS": "1000", "aliases-0-name": "Mudavadi", "aliases-0-actor": person.pk}
    assert client.post(url, data).status_code == 302
    path = tmp_path / "kenya.txt"
    path.write_text("Mudavadi met Indian Prime Minister Narendra Modi in New Delhi on Monday.\n")
    call_command("ingest", str(path), published="2024-02-20", stdout=io.StringIO())
    event = Event.objects.get(event_type="meeting")
    assert {a.name for a in event.actors.all()} >= {"Musalia Mudavadi", "Narendra Modi"}


def test_merge_two_actors(client, curator, report):
    fidan = Actor.objects.get(name="Hakan Fidan")
    twin = Actor.objects.create(name="H. Fidan", kind="person", country="TUR", slug="h-fidan", discovered=True)
    event = Event.objects.get(title="Hakan Fidan visits Baku")
    event.actors.add(twin)
    client.post("/admin/timeline/actor/", {"action": "merge_actors", "_selected_action": [fidan.pk, twin.pk]})
    assert not Actor.objects.filter(pk=twin.pk).exists()
    assert "H. Fidan" in set(fidan.aliases.values_list("name", flat=True))
    assert fidan in event.actors.all()


def test_repeated_failed_logins_lock_the_account_out(client, db):
    User.objects.create_user("bob", password="right-password-42", is_staff=True)
    for _ in range(5):
        client.post("/admin/login/?next=/admin/", {"username": "bob", "password": "wrong"})
    response = client.post("/admin/login/?next=/admin/", {"username": "bob", "password": "right-password-42"})
    assert response.status_code in {403, 429}
    assert not response.wsgi_request.user.is_authenticated


def test_create_curator_from_the_environment(monkeypatch):
    from django.core.management.base import CommandError

    monkeypatch.delenv("CURATOR_USERNAME", raising=False)
    with pytest.raises(CommandError, match="CURATOR_USERNAME"):
        call_command("create_curator")
    monkeypatch.setenv("CURATOR_USERNAME", "ana")
    monkeypatch.setenv("CURATOR_PASSWORD", "short")
    with pytest.raises(CommandError, match="too weak"):
        call_command("create_curator")
    monkeypatch.setenv("CURATOR_PASSWORD", "a sufficiently long passphrase")
    call_command("create_curator", stdout=io.StringIO())
    user = User.objects.get(username="ana")
    assert user.is_staff and not user.is_superuser and user.groups.filter(name="curator").exists()
    assert user.check_password("a sufficiently long passphrase")


def test_the_admin_shows_and_takes_iso_dates(client, curator, report):
    """Issue 13, item 11: date boxes show 2024-02-19, not 19/02/2024."""
    visit = Event.objects.get(title="Hakan Fidan visits Baku")
    html = client.get(f"/admin/timeline/event/{visit.pk}/change/").content.decode()
    assert 'name="date_start" value="2024-02-19"' in html


def test_a_date_set_by_a_curator_explains_itself_on_the_permalink(client, curator, report):
    """Issue 13, item 4: after a curator sets the date, the permalink says who set it and what
    it replaced, the TIMEX follows the new date, and no box claims the sources chose it."""
    visit = Event.objects.get(title="Hakan Fidan visits Baku")
    Event.objects.filter(pk=visit.pk).update(date_certainty="approximate")  # as "around mid-February" would leave it
    visit.refresh_from_db()
    before = visit.date_explanation
    assert before
    edited = change(client, visit, date_start="2024-07-03", date_end="2024-07-03")
    assert edited.timex == "2024-07-03" and "date" in edited.curated_fields
    # issue 25, item 6: the curator is named, and a day set by hand is exact (no "≈")
    assert (edited.granularity, edited.date_certainty) == ("day", "exact")
    assert edited.date_explanation.startswith("Date set by the curator ana on ")
    assert edited.date_explanation.endswith(f", replacing: {before}")
    page = client.get(edited.get_absolute_url()).content.decode()
    assert "Date set by the curator ana on" in page and "2024-07-03" in page
    assert '<time datetime="2024-07-03">3 Jul 2024</time>' in page and "<dt>Certainty</dt><dd>exact</dd>" in page
    assert "This date was chosen because more sources" not in page


SOURCES = ("+", None, "as read from the sources")  # ingesting writes no history: the state a curator first changed


def history(event):
    """(type, user, reason) of each entry of an event's history, oldest first."""
    return [(entry.history_type, entry.history_user.username if entry.history_user else None, entry.history_change_reason)
            for entry in event.history.order_by("history_date", "history_id")]


def history_page(client, event):
    """The text of an event's history page, as a reader sees it."""
    page = client.get(f"/admin/timeline/event/{event.pk}/history/").content.decode()
    return " ".join(html.unescape(strip_tags(page)).split())


def test_one_admin_save_is_one_history_entry_that_shows_what_it_changed(client, curator, report):
    """The issue: history said who and when but not what, and one save left two identical entries."""
    event = Event.objects.get(title="Hakan Fidan visits Baku")
    change(client, event, date_start="2024-01-01", date_end="2024-01-01")
    assert history(event) == [SOURCES, ("~", "ana", "edited")]
    change(client, event, date_start="2024-07-03", date_end="2024-07-03")
    assert history(event) == [SOURCES, ("~", "ana", "edited"), ("~", "ana", "edited")]
    text = history_page(client, event)
    assert "Date start: 2024-02-19 → 2024-01-01" in text and "Date start: 2024-01-01 → 2024-07-03" in text
    change(client, event)  # saved unchanged: an entry would repeat the last one
    assert len(history(event)) == 3


def test_the_merge_page_counts_sources_whatever_the_search(client, curator, report):
    """The changelist's search joins the evidence once per word: the counts on the merge page
    (which propose the event to keep) must not grow with it."""
    visit = Event.objects.get(title="Hakan Fidan visits Baku")
    meeting = Event.objects.get(event_type="meeting")
    second = visit.evidence.first()
    second.pk, second.sentence, second.sentence_key = None, "Hakan Fidan was in Baku on Monday, officials said.", "another"
    second.trigger_start, second.trigger_end = second.trigger_start + 1000, second.trigger_end + 1000
    second.sentence_start, second.sentence_end = second.sentence_start + 1000, second.sentence_end + 1000
    second.save()
    page = client.post("/admin/timeline/event/?q=Fidan+Baku",
                       {"action": "merge_events", "_selected_action": [visit.pk, meeting.pk]})
    html = page.content.decode()
    n = visit.evidence.count()
    assert n == 2 and "2 source sentences" in html and "4 source sentences" not in html


def test_reverting_to_an_earlier_version_is_recorded(client, curator, report):
    event = Event.objects.get(title="Hakan Fidan visits Baku")
    change(client, event, date_start="2024-01-01", date_end="2024-01-01")
    first = event.history.order_by("history_date", "history_id").first()
    url = f"/admin/timeline/event/{event.pk}/history/{first.history_id}/"
    assert client.post(url, form_data(client.get(url))).status_code == 302
    event.refresh_from_db()
    assert event.date_start == datetime.date(2024, 2, 19)
    assert history(event)[-1] == ("~", "ana", "reverted to an earlier version")
    assert event.history.latest().date_start == datetime.date(2024, 2, 19)


def test_an_entry_names_the_topics_and_actors_a_save_changed(client, report):
    client.force_login(User.objects.create_superuser("ana", password="x-long-password-1"))  # the actors inline's
    event = Event.objects.get(title="Hakan Fidan visits Baku")
    topic = Topic.objects.create(name="Caspian energy")
    minister = Actor.objects.create(name="Jeyhun Bayramov", kind="person", country="AZE", slug="jeyhun-bayramov")
    url = f"/admin/timeline/event/{event.pk}/change/"
    data = form_data(client.get(url))
    extra = int(data["eventactor_set-TOTAL_FORMS"]) - 1  # the inline's empty row
    data.update({"topics": [*data["topics"], topic.pk], f"eventactor_set-{extra}-actor": minister.pk})
    assert client.post(url, data).status_code == 302
    assert history(event) == [SOURCES, ("~", "ana", "edited; topics +Caspian energy; actors +Jeyhun Bayramov (participant)")]
    assert "actors" in event.history.latest().curated_fields  # written after the actors were saved


def test_verifying_hiding_and_showing_again_are_one_entry_each(client, curator, report):
    event = Event.objects.get(title="Hakan Fidan visits Baku")
    for action in ["mark_verified", "hide", "unhide", "mark_verified"]:  # the last one changes nothing
        client.post("/admin/timeline/event/", {"action": action, "_selected_action": [event.pk]})
    assert history(event) == [SOURCES, ("~", "ana", "marked verified"), ("~", "ana", "hidden"), ("~", "ana", "public again")]
    text = history_page(client, event)
    assert "Verified: no → yes" in text and "Hidden: no → yes" in text and "Hidden: yes → no" in text


def test_what_re_reading_changed_is_not_shown_as_the_curators_change(client, curator, report):
    event = Event.objects.get(title="Hakan Fidan visits Baku")
    client.post("/admin/timeline/event/", {"action": "mark_verified", "_selected_action": [event.pk]})
    Event.objects.filter(pk=event.pk).update(status="planned")  # as re-reading a source does, without history
    client.post("/admin/timeline/event/", {"action": "hide", "_selected_action": [event.pk]})
    assert history(event) == [SOURCES, ("~", "ana", "marked verified"), ("~", None, "as read from the sources"),
                              ("~", "ana", "hidden")]
    hidden, reread = event.history.all()[:2]
    assert hidden.diff_against(reread).changed_fields == ["is_hidden"]


def test_a_merge_is_one_entry_on_each_event_saying_so(client, curator, report):
    visit = Event.objects.get(title="Hakan Fidan visits Baku")
    meeting = Event.objects.get(event_type="meeting")
    merge_in_admin(client, visit, meeting)
    assert history(visit) == [SOURCES, ("~", "ana", f"merged with #{meeting.pk} ({meeting.public_id})")]
    assert history(meeting) == [SOURCES, ("~", "ana", f"merged into #{visit.pk} ({visit.public_id})")]
    assert f"Merged into: – → {visit.title}" in history_page(client, meeting)


def test_a_split_is_one_entry_on_each_event_saying_so(client, curator, report):
    visit = Event.objects.get(title="Hakan Fidan visits Baku")
    merge_in_admin(client, visit, Event.objects.get(event_type="meeting"))
    piece = Evidence.objects.filter(event=visit).order_by("trigger_start").last()
    client.post("/admin/timeline/evidence/", {"action": "split_into_new_event", "_selected_action": [piece.pk]})
    new = Event.objects.get(evidence=piece)
    assert history(new) == [("+", "ana", f"split from #{visit.pk} ({visit.public_id})")]
    assert history(visit)[-1] == ("~", "ana", f"split into #{new.pk} ({new.public_id})")
    assert new.history.get().date_start == new.date_start  # recorded after its date was read


def test_choosing_a_reading_is_one_entry_with_the_date_it_changed(client, curator, conflict):
    astana, reading = conflict
    client.post(use_reading_url(astana, reading))
    entries = history(astana)
    assert [entry[:2] for entry in entries] == [SOURCES[:2], ("~", "ana")]
    assert entries[1][2].startswith(f"date chosen from “{reading.date_text}” in ")
    assert "TIMEX3 value: 2024 → 2023" in history_page(client, astana)


def test_correcting_a_publication_date_is_one_history_entry(client, curator, report):
    """Re-reading the document after the correction stored it again, as a second, identical entry."""
    document = Document.objects.get()
    data = {"origin": document.origin, "title": document.title, "outlet": "", "url": "", "publication_date": "2024-03-06",
            "publication_date_certainty": "approximate", "publication_date_note": "corrected from the print edition"}
    assert client.post(f"/admin/timeline/document/{document.pk}/change/", data).status_code == 302
    assert [(entry.history_type, entry.history_user.username) for entry in document.history.all()] == [("~", "ana")]


def test_the_merge_page_says_what_the_same_occasion_rule_says_and_warns_of_different_kinds(client, curator, report):
    visit = Event.objects.get(title="Hakan Fidan visits Baku")
    meeting = Event.objects.get(event_type="meeting")
    page = client.post("/admin/timeline/event/", {"action": "merge_events", "_selected_action": [visit.pk, meeting.pk]})
    text = " ".join(strip_tags(page.content.decode()).split())
    assert "These events are of different kinds" in text
    assert "one is part of the other — a meeting during a visit is part of the visit" in text


def test_the_change_page_suggests_the_same_occasion_with_its_reasons(client, curator, report, tmp_path):
    meeting = Event.objects.get(event_type="meeting")
    other = tmp_path / "other.txt"
    other.write_text("Azerbaijani President Ilham Aliyev received Turkish Foreign Minister Hakan Fidan in Baku on "
                     "Monday.\n")
    call_command("ingest", str(other), published="2024-02-20", stdout=io.StringIO())
    meeting.refresh_from_db()
    assert meeting.evidence.count() == 2  # the second report joined the meeting
    split = curation.split_evidence(meeting.evidence.filter(document__origin__endswith="other.txt"))
    page = client.get(f"/admin/timeline/event/{meeting.pk}/change/")
    text = " ".join(strip_tags(page.content.decode()).split())
    assert "The same occasion?" in text
    assert f"{split.title} (meeting, occurred): the same event — the same kind (meeting)" in text
    assert "the same people: Hakan Fidan, Ilham Aliyev" in text
    assert "Hakan Fidan visits Baku (visit, occurred): this event is part of it" in text
    assert f"?id__in={meeting.pk},{split.pk}" in page.content.decode()
