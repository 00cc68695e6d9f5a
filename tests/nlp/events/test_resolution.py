"""``same_occasion`` across reports when one of them gives no date, and an organisation's meeting
as its summit."""

import datetime

import pytest

from nlp.doc import OCCURRED, PLANNED, DateReading, EventActor, EventMention, Evidence
from nlp.entities.places import Place
from nlp.events.occasion import same_occasion
from nlp.events.resolution import merge_within_document


def same_event(a, b, **options):
    return bool(same_occasion(a, b, **options))

DAY = datetime.date(2019, 6, 13)
ON_THE_DAY = DateReading(DAY, DAY, "day", "2019-06-13", "exact", "June 13, 2019", "")
UNDATED = DateReading.unknown("the text gives no date for this event")
KHAN = EventActor("Imran Khan", "person", "PAK", "participant")
PUTIN = EventActor("Vladimir Putin", "person", "RUS", "participant")
SCO = EventActor("Shanghai Cooperation Organisation", "organisation", "", "participant")
BISHKEK = Place("Bishkek", "city", "KGZ")


def mention(event_type, actors, date, *, status=OCCURRED, place=None, at=0):
    """A mention read from one sentence starting at ``at``."""
    evidence = [Evidence(at, at + 50, at + 10, at + 15, "body", date, status)]
    return EventMention(event_type, status, event_type, list(actors), place, set(), date, evidence)


@pytest.mark.parametrize(("published", "approximate", "same"), [
    (DAY, False, True),
    (DAY + datetime.timedelta(days=2), False, True),
    (DAY + datetime.timedelta(days=31), False, True),
    (DAY + datetime.timedelta(days=32), False, False),  # a month on, it could be a later meeting
    (DAY - datetime.timedelta(days=1), False, False),  # told as done before it happened
    (DAY - datetime.timedelta(days=5), True, True),  # the report's day is known only roughly
    (None, False, False),
])
def test_an_undated_report_is_of_the_meeting_it_came_out_soon_after(published, approximate, same):
    dated = mention("meeting", [KHAN, PUTIN], ON_THE_DAY)
    undated = mention("meeting", [KHAN, PUTIN], UNDATED)
    assert same_event(dated, undated, same_document=False, published=published, approximate=approximate) is same
    assert same_event(undated, dated, same_document=False, published=published, approximate=approximate) is same


def test_across_reports_two_undated_mentions_or_a_planned_one_stay_apart():
    undated = mention("meeting", [KHAN, PUTIN], UNDATED)
    assert not same_event(undated, mention("meeting", [KHAN, PUTIN], UNDATED), same_document=False, published=DAY)
    planned = mention("meeting", [KHAN, PUTIN], UNDATED, status=PLANNED)
    assert not same_event(mention("meeting", [KHAN, PUTIN], ON_THE_DAY), planned, same_document=False, published=DAY)


def test_other_people_are_another_meeting_whenever_the_report_came_out():
    dated = mention("meeting", [KHAN, PUTIN], ON_THE_DAY)
    other = mention("meeting", [KHAN, EventActor("Xi Jinping", "person", "CHN", "participant")], UNDATED)
    assert not same_event(dated, other, same_document=False, published=DAY)


def test_an_organisations_meeting_is_its_summit():
    summit = mention("summit", [KHAN, SCO, PUTIN], UNDATED, place=BISHKEK)
    council = mention("meeting", [SCO], ON_THE_DAY)
    assert same_event(summit, council, same_document=False, published=DAY + datetime.timedelta(days=2))
    assert same_event(council, summit)
    elsewhere = mention("meeting", [SCO], ON_THE_DAY, place=Place("Astana", "city", "KAZ"))
    assert not same_event(summit, elsewhere)


def test_a_meeting_between_leaders_on_a_summits_sidelines_is_not_the_summit():
    summit = mention("summit", [SCO], ON_THE_DAY, place=BISHKEK)
    assert not same_event(summit, mention("meeting", [KHAN, PUTIN, SCO], ON_THE_DAY))
    assert not same_event(summit, mention("meeting", [KHAN, PUTIN], ON_THE_DAY))


def test_within_a_report_the_summit_absorbs_the_organisations_meeting():
    council = mention("meeting", [SCO], ON_THE_DAY)
    summit = mention("summit", [KHAN, SCO, PUTIN], UNDATED, place=BISHKEK, at=100)
    [event] = merge_within_document([council, summit])
    assert (event.event_type, event.title, event.date.start, event.place.name) == ("summit", "summit", DAY, "Bishkek")
