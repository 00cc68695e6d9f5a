"""The models read what the language package defines."""

from nlp.events import types


def test_the_database_and_the_filters_offer_the_kinds_of_the_data():
    from timeline.web.forms import EventFilterForm
    from timeline.models import Event

    field = Event._meta.get_field("event_type")
    assert list(field.choices) == types.choices()
    assert list(EventFilterForm().fields["type"].choices) == types.choices()
