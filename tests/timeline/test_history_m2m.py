"""An event's history keeps its actors and topics with each entry: one save of the change page
is one entry that names the actors and topics it added and removed, beside its other changes."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.db import connection

from tests.timeline.test_admin import (  # noqa: F401 (fixtures)
    REPORT_V2, SOURCES, change, form_data, history, history_page, ingest, merge_in_admin, report,
)
from timeline.curation.services import READ_FROM_SOURCES
from timeline.models import Actor, Event, EventActor, Topic, links_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(report):
    """Hakan Fidan (initiator) visits Azerbaijan (counterpart / host), with no topic."""
    event = Event.objects.get(title="Hakan Fidan visits Baku")
    assert set(EventActor.objects.filter(event=event).values_list("actor__name", "role")) == {
        ("Hakan Fidan", "source"), ("Azerbaijan", "target")}
    assert not event.topics.exists()
    return event


@pytest.fixture
def bayramov():
    return Actor.objects.create(name="Jeyhun Bayramov", kind="person", country="AZE", slug="jeyhun-bayramov")


def save(client, event, edit):
    """Post the event's change page as the browser would, after ``edit(data, rows)`` changed its
    fields; ``rows`` gives each actor's row of the actors' table, and "new" the empty one."""
    url = f"/admin/timeline/event/{event.pk}/change/"
    data = form_data(client.get(url))
    rows = {}
    for index in range(int(data["eventactor_set-TOTAL_FORMS"])):
        actor = data.get(f"eventactor_set-{index}-actor")
        rows[Actor.objects.get(pk=actor).name if actor else "new"] = f"eventactor_set-{index}-"
    edit(data, rows)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    return Event.objects.get(pk=event.pk)


def test_one_save_is_one_entry_naming_the_actors_and_topics_it_added_and_removed(client, curator, visit, bayramov):
    energy = Topic.objects.create(name="Caspian energy")

    def edit(data, rows):
        data["title"] = "Fidan in Baku"
        data["topics"] = [energy.pk]
        data[rows["new"] + "actor"] = bayramov.pk
        data[rows["Azerbaijan"] + "DELETE"] = "on"

    save(client, visit, edit)
    assert [entry[:2] for entry in history(visit)] == [SOURCES[:2], ("~", "ana")]
    text = history_page(client, visit)
    assert "Actors: added Jeyhun Bayramov (participant); removed Azerbaijan" in text
    assert "Topics: added Caspian energy" in text
    assert "Title: Hakan Fidan visits Baku → Fidan in Baku" in text
    latest = visit.history.first()
    assert links_of(latest) == links_of(visit)  # the entry holds the links as the save left them


def test_a_save_that_changes_only_an_actor_is_one_entry_that_says_so(client, curator, visit):
    def edit(data, rows):
        data[rows["Hakan Fidan"] + "role"] = "participant"

    save(client, visit, edit)
    assert [entry[:2] for entry in history(visit)] == [SOURCES[:2], ("~", "ana")]
    assert visit.history.first().diff_against(visit.history.last()).changed_fields == ["actors", "curated_fields"]
    assert "Actors: Hakan Fidan: initiator → participant" in history_page(client, visit)
    save(client, visit, lambda data, rows: None)  # saved unchanged: no entry
    assert len(history(visit)) == 2


def test_a_save_that_changes_only_topics_is_one_entry_that_says_so(client, curator, visit):
    energy = Topic.objects.create(name="Caspian energy")
    save(client, visit, lambda data, rows: data.update(topics=[energy.pk]))
    save(client, visit, lambda data, rows: data.update(topics=[]))
    save(client, visit, lambda data, rows: None)
    assert [entry[:2] for entry in history(visit)] == [SOURCES[:2], ("~", "ana"), ("~", "ana")]
    text = history_page(client, visit)
    assert "Topics: added Caspian energy" in text and "Topics: removed Caspian energy" in text
    assert "Actors:" not in text


def test_links_a_re_reading_changed_are_not_shown_as_the_curators_change(client, curator, visit):
    client.post("/admin/timeline/event/", {"action": "mark_verified", "_selected_action": [visit.pk]})
    aliyev = Actor.objects.get(name="Ilham Aliyev")
    EventActor.objects.create(event=visit, actor=aliyev)  # as re-reading a source does, without history
    change(client, visit, title="Fidan in Baku")
    assert history(visit) == [SOURCES, ("~", "ana", "marked verified"), ("~", None, READ_FROM_SOURCES),
                              ("~", "ana", "edited")]
    edited, reread, verified = list(visit.history.all())[:3]
    assert edited.diff_against(reread).changed_fields == ["curated_fields", "title"]
    assert reread.diff_against(verified).changed_fields == ["actors"]
    assert "Actors: added Ilham Aliyev (participant)" in history_page(client, visit)


def test_links_a_re_reading_changed_are_not_shown_as_a_verification(client, curator, visit):
    """The same for the list's actions: verifying after a re-read added an actor writes the
    sources' entry first, and the verification's entry changes only the flag."""
    client.post("/admin/timeline/event/", {"action": "hide", "_selected_action": [visit.pk]})
    EventActor.objects.create(event=visit, actor=Actor.objects.get(name="Ilham Aliyev"))
    client.post("/admin/timeline/event/", {"action": "mark_verified", "_selected_action": [visit.pk]})
    assert history(visit) == [SOURCES, ("~", "ana", "hidden"), ("~", None, READ_FROM_SOURCES),
                              ("~", "ana", "marked verified")]
    verified, reread = list(visit.history.all())[:2]
    assert verified.diff_against(reread).changed_fields == ["is_verified"]


def test_an_actor_deleted_since_is_named_as_deleted(client, curator, visit):
    change(client, visit, title="Fidan in Baku")
    azerbaijan = Actor.objects.get(name="Azerbaijan")
    gone = azerbaijan.pk
    azerbaijan.delete()  # as merging actors does to the ones merged away
    change(client, visit, title="Fidan in Azerbaijan")
    assert f"Actors: removed a deleted actor (#{gone})" in history_page(client, visit)


def test_curated_actors_and_topics_survive_re_ingesting_which_writes_no_entry(client, curator, report, visit, bayramov):
    energy = Topic.objects.create(name="Caspian energy")

    def edit(data, rows):
        data["topics"] = [energy.pk]
        data[rows["new"] + "actor"] = bayramov.pk
        data[rows["Azerbaijan"] + "DELETE"] = "on"

    visit = save(client, visit, edit)
    assert {"actors", "topics"} <= set(visit.curated_fields)
    links = links_of(visit)
    ingest(report, REPORT_V2)
    assert links_of(visit) == links
    assert [entry[:2] for entry in history(visit)] == [SOURCES[:2], ("~", "ana")]


def test_a_merge_entry_holds_the_actors_the_merge_brought(client, curator, visit):
    meeting = Event.objects.get(event_type="meeting")
    merge_in_admin(client, visit, meeting)
    assert [entry[:2] for entry in history(visit)] == [SOURCES[:2], ("~", "ana")]
    assert visit.history.first().diff_against(visit.history.last()).changed_fields == ["actors"]
    assert "Actors: added Ilham Aliyev (participant)" in history_page(client, visit)


def test_an_event_added_in_the_admin_keeps_its_first_actors_and_topics(client, report, bayramov):
    client.force_login(User.objects.create_superuser("ana", password="x-long-password-1"))  # curators add no events
    energy = Topic.objects.create(name="Caspian energy")
    data = form_data(client.get("/admin/timeline/event/add/"))
    data.update({"title": "Bayramov visits Ankara", "event_type": "visit", "status": "occurred", "granularity": "day",
                 "topics": [energy.pk], "eventactor_set-0-actor": bayramov.pk})
    assert client.post("/admin/timeline/event/add/", data).status_code == 302
    event = Event.objects.get(title="Bayramov visits Ankara")
    assert history(event) == [("+", "ana", None)]
    assert links_of(event.history.get()) == links_of(event) == {"actors": {(bayramov.pk, "participant")},
                                                                "topics": {(energy.pk,)}}
    change(client, event, title="Bayramov in Ankara")
    assert event.history.first().diff_against(event.history.last()).changed_fields == ["title"]  # no actor "added" again


def test_entries_written_before_the_links_were_kept_are_given_the_links_of_now(client, curator, visit):
    """Migration 0020: an entry without links would make the next one say every actor was added."""
    client.post("/admin/timeline/event/", {"action": "mark_verified", "_selected_action": [visit.pk]})
    entries = list(visit.history.all())
    for entry in entries:
        entry.actors.all().delete()
        entry.topics.all().delete()
    visit.topics.add(Topic.objects.create(name="Caspian energy"))

    class SchemaEditor:  # what the migration uses of one
        quote_name = staticmethod(connection.ops.quote_name)

        def execute(self, sql):
            with connection.cursor() as cursor:
                cursor.execute(sql)

    migration = importlib.import_module("timeline.migrations.0020_history_of_event_links")
    migration.give_old_entries_the_links_of_now(apps, SchemaEditor())
    assert all(links_of(entry) == links_of(visit) for entry in entries)
    assert "Actors:" not in history_page(client, visit) and "Topics:" not in history_page(client, visit)
