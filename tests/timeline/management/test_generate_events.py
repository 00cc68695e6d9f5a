import io

import pytest
from django.core.management import call_command

from timeline.models import Document, Event, Evidence

pytestmark = pytest.mark.django_db


def test_generator_is_deterministic_and_realistic(client):
    call_command("generate_events", "--events", "300", "--documents", "20", "--seed", "3", stdout=io.StringIO())
    first = list(Event.objects.order_by("public_id").values_list("public_id", "title", "timex", "granularity"))
    assert len(first) == 300 and Document.objects.count() == 20
    assert {g for *_, g in first} >= {"day", "month", "year", "decade", "unknown"}
    assert set(Event.objects.values_list("event_type", flat=True)) >= {"visit", "meeting", "cancellation", "exercise"}
    for evidence in Evidence.objects.select_related("document")[:50]:
        assert evidence.document.cleaned_text[evidence.sentence_start:evidence.sentence_end] == evidence.sentence
    assert client.get("/").status_code == 200
    Event.objects.all().delete()
    Document.objects.all().delete()
    call_command("generate_events", "--events", "300", "--documents", "20", "--seed", "3", stdout=io.StringIO())
    assert list(Event.objects.order_by("public_id").values_list("public_id", "title", "timex", "granularity")) == first
