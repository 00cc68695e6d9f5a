"""Issue 26, item 2: a few anonymous clients cannot take the site down. Expensive pages (the
axis, the map, exports being written) run in slots shared by every process of the machine: a
client whose slots are taken, or a machine whose slots stay taken, is answered 429 with
Retry-After while cheap pages answer as usual; a killed process gives its slot back; a search
that names only words to leave out is refused by the form; a search inside a subquery tests
the subquery's rows (it was a correlated subquery, one scan per outer row)."""

import signal
import subprocess
import sys
import textwrap

import pytest
from django.contrib.auth.models import User
from django.test import RequestFactory

from tests.conftest import PROJECT_DIR
from timeline.web import admission
from timeline.models import Event, EventActor

pytestmark = pytest.mark.django_db
EXPENSIVE = ["/axis/?lanes=country", "/map/", "/axis/?q=visit&lanes=actor"]
CHEAP = ["/", "/?q=visit", "/documents/", "/healthz"]


@pytest.fixture
def no_waiting(settings):
    settings.ADMISSION = {name: {**pool, "wait": 0} for name, pool in settings.ADMISSION.items()}


def test_a_client_whose_slots_are_taken_is_told_to_come_back_and_cheap_pages_still_answer(client, seeded, no_waiting):
    pool = admission.pool("expensive")
    held = [pool.take("127.0.0.1", machine=False) for _ in range(pool.per_client)]
    assert all(held)
    for url in EXPENSIVE:
        answer = client.get(url)
        assert answer.status_code == 429 and answer["Retry-After"] == str(pool.retry_after), url
        assert "Content-Security-Policy" in answer and "Too many of these requests" in answer.content.decode()
    assert client.get(url, REMOTE_ADDR="192.0.2.7").status_code == 200  # another client is served
    for url in CHEAP + [Event.objects.visible().first().get_absolute_url()]:
        assert client.get(url).status_code == 200, url
    for slot in held:
        slot.release()
    assert all(client.get(url).status_code == 200 for url in EXPENSIVE)


def test_a_machine_whose_slots_are_taken_refuses_every_client_after_waiting(client, seeded, no_waiting):
    pool = admission.pool("expensive")
    held = [pool.take(f"198.51.100.{i}", client_slot=False) for i in range(pool.at_once)]
    assert all(held)
    assert client.get("/map/", REMOTE_ADDR="192.0.2.8").status_code == 429
    assert client.get("/documents/", REMOTE_ADDR="192.0.2.8").status_code == 200
    held.pop().release()
    assert client.get("/map/", REMOTE_ADDR="192.0.2.8").status_code == 200


def test_curators_are_not_counted(client, seeded, no_waiting):
    pool = admission.pool("expensive")
    held = [pool.take("127.0.0.1", machine=False) for _ in range(pool.per_client)]
    client.force_login(User.objects.create_user("cur", password="x-long-password-1", is_staff=True))
    assert client.get("/axis/").status_code == 200
    for slot in held:
        slot.release()


def test_a_slot_held_by_a_killed_process_is_free_again(client, seeded, no_waiting, settings):
    """The slots are the kernel's locks: another process holding them counts, and its death
    (kill -9 of a worker) frees them."""
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import os, sys
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
        os.environ["ADMISSION_DIR"] = {settings.ADMISSION_DIR!r}
        import django; django.setup()
        from timeline.web import admission
        pool = admission.pool("expensive")
        slots = [pool.take("127.0.0.1", machine=False) for _ in range(pool.per_client)]
        print("held" if all(slots) else "refused", flush=True)
        sys.stdin.read()
        """)], cwd=PROJECT_DIR, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        assert client.get("/axis/").status_code == 429
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(10)
    assert client.get("/axis/").status_code == 200


def test_the_client_address_behind_a_trusted_proxy(settings):
    settings.TRUSTED_PROXIES = frozenset({"10.0.0.2"})
    factory = RequestFactory()
    direct = factory.get("/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert admission.client_address(direct) == "203.0.113.5"  # a client cannot name itself
    proxied = factory.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    assert admission.client_address(proxied) == "203.0.113.9"  # the last address the proxy saw


@pytest.mark.parametrize("text", ["-zqab", '-"state visit"', "-visit -talks"])
def test_a_search_for_words_to_leave_out_only_is_refused_with_a_message(client, seeded, text):
    for url in ["/", "/axis/?lanes=country", "/map/"]:
        answer = client.get(url, {"q": text})
        assert answer.status_code == 200
        assert "names no word the events must contain" in answer.content.decode(), url
    assert client.get("/export.csv", {"q": text}).status_code == 400
    assert client.get("/", {"q": "visit -talks"}).status_code == 200


def test_a_search_inside_a_subquery_tests_the_subquerys_rows(seeded):
    events = Event.objects.visible().search("visit")
    expected = set(EventActor.objects.filter(event_id__in=list(events.values_list("id", flat=True))).values_list("id", flat=True))
    assert expected
    nested = EventActor.objects.filter(event__in=events.values("id"))
    assert set(nested.values_list("id", flat=True)) == expected
    dated = Event.objects.filter(date_start__isnull=False).order_by("date_start")
    day = dated.last().date_start
    spanning = EventActor.objects.filter(event__in=Event.objects.spanning(day).values("id"))
    assert set(spanning.values_list("event_id", flat=True)) == set(Event.objects.spanning(day).values_list("id", flat=True))
