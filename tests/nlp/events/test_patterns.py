"""Events from real sentences: type, status, codes, actors, place, date, and merging."""

import datetime

import pytest

from nlp.pipeline import understand

D = datetime.date


def events_of(text, dct=D(2021, 4, 7)):
    return understand(text + "\n", dct, reader="pattern").events


def only_event(text, dct=D(2021, 4, 7)):
    events = events_of(text, dct)
    assert len(events) == 1, [e.title for e in events]
    return events[0]


TYPED = [
    # sentence, publication date, type, status, CAMEO, title, TIMEX3 of the event date
    ("Russian Foreign Minister Sergey Lavrov arrived in Pakistan on Tuesday for a two-day visit.", D(2021, 4, 7),
     "visit", "occurred", "042", "Sergey Lavrov visits Pakistan", "2021-04-06"),
    ("Pakistan’s prime minister Imran Khan will arrive in Moscow on Wednesday.", D(2022, 2, 22),
     "visit", "planned", "042", "Imran Khan to visit Moscow", "2022-02-23"),
    ("The two leaders met in Beijing on the sidelines of the SCO summit on Tuesday, Prime Minister Shehbaz Sharif "
     "and President Vladimir Putin said.", D(2025, 9, 2), "meeting", "occurred", "044", None, "2025-09-02"),
    ("Indian Prime Minister Narendra Modi spoke by phone with Japanese Prime Minister Fumio Kishida on Monday.", D(2023, 3, 21),
     "talks", "occurred", "041", "Narendra Modi–Fumio Kishida phone call", "2023-03-20"),
    ("Russia and Pakistan signed a military cooperation agreement in Islamabad in November 2014.", D(2015, 5, 14),
     "agreement", "occurred", "057", "Russia and Pakistan sign military cooperation agreement", "2014-11"),
    ("Last month, Pakistan and Russia agreed to carry out their first joint military exercises.", D(2015, 5, 14),
     "agreement_to_act", "occurred", "030", "Pakistan and Russia agree to carry out their first joint military exercises", "2015-04"),
    ("In 2012, President Putin had abruptly cancelled a visit to Islamabad.", D(2015, 5, 14),
     "cancellation", "cancelled", "161", "Vladimir Putin's visit to Islamabad cancelled", "2012"),
    ("Turkish Foreign Minister Hakan Fidan's planned trip to Yerevan was postponed last week.", D(2024, 2, 20),
     "cancellation", "cancelled", "161", "Hakan Fidan's visit to Yerevan cancelled", "2024-W07"),
    ("Troops from China and Pakistan began joint military exercises in Punjab on Monday.", D(2023, 11, 15),
     "exercise", "occurred", "062", "China and Pakistan joint military exercise", "2023-11-13"),
    ("Kyrgyz President Sadyr Japarov attended the SCO summit in Astana on Thursday.", D(2024, 7, 5),
     "summit", "occurred", "044", "SCO summit in Astana", "2024-07-04"),
]


@pytest.mark.parametrize("text, dct, event_type, status, cameo, title, timex", TYPED)
def test_event_types_status_and_codes(text, dct, event_type, status, cameo, title, timex):
    event = next(e for e in events_of(text, dct) if e.event_type == event_type)
    assert (event.event_type, event.status, event.cameo, event.date.timex) == (event_type, status, cameo, timex)
    if title:
        assert event.title == title


NOT_EVENTS = [
    "Visit our website for more pictures of the ceremony.",
    "Tourists visit the Red Fort every day.",
    "I hope to visit Russia one day, the Pakistani student said.",
    "Prime Minister Imran Khan would like to visit Moscow, he told reporters.",
    "Lavrov suggested another high-level meeting could again be held in Moscow.",
    "President Putin’s visit to Pakistan is also long overdue.",
    "It would have been the first visit to Pakistan by a Russian head of state.",
    "The minister did not visit Kabul, officials in Islamabad said.",
    "All heads of Pakistan’s Armed Forces have visited Moscow in the recent past.",
    "Pakistan and Russia are in constant talks to finalise the dates.",
    "The plan met with criticism from the opposition in Islamabad and Delhi.",
]


@pytest.mark.parametrize("text", NOT_EVENTS)
def test_sentences_that_are_not_diplomatic_events(text):
    assert events_of(text) == []


def test_recent_visit_is_dated_before_publication_approximately():
    event = next(e for e in events_of(
        "A defence agreement was signed during Russian Defence Minister Sergei Shoigu’s recent visit to Islamabad.",
        D(2015, 5, 14)) if e.event_type == "visit")
    assert event.date.timex == "PAST_REF"
    assert event.date.certainty == "approximate"
    assert event.date.end == D(2015, 5, 14) and event.date.start < D(2015, 5, 14)


def test_no_date_in_the_text_is_no_date_never_the_publication_date():
    event = only_event("Prime Minister Imran Khan met Russian President Vladimir Putin in Bishkek.", D(2019, 6, 15))
    assert event.date.start is None and event.date.certainty == "unresolved"
    assert "no date" in event.date.explanation


def test_the_statement_date_is_not_the_event_date():
    # "said on Wednesday" dates the statement; the exercises are planned and undated.
    event = only_event("Russia’s foreign minister on Wednesday said Moscow and Islamabad would boost ties, with the two "
                       "countries holding joint exercises at sea and in the mountains.")
    assert event.event_type == "exercise" and event.status == "planned" and event.date.start is None


def test_actors_short_forms_and_roles():
    events = events_of("Foreign Minister Lavrov also separately called on Prime Minister Imran Khan and Army Chief Gen "
                       "Qamar Javed Bajwa later in the day. During the meeting with the premier, bilateral relations "
                       "were discussed.")
    assert len(events) == 1
    event = events[0]
    assert {a.key for a in event.actors if a.kind == "person"} == {"Sergey Lavrov", "Imran Khan", "Qamar Javed Bajwa"}
    assert len(event.evidence) == 2
    assert event.date.timex == "2021-04-07"


def test_two_readings_of_one_event_merge_and_the_most_precise_date_wins():
    events = events_of("Lavrov arrived in Islamabad on Tuesday. Sergey Lavrov’s visit to Islamabad this week is the first in nine years.")
    assert len(events) == 1
    assert events[0].date.timex == "2021-04-06" and len(events[0].evidence) == 2


def test_different_meetings_of_one_person_stay_apart():
    events = events_of("Lavrov met Foreign Minister Shah Mahmood Qureshi on Wednesday. Lavrov also met Prime Minister "
                       "Imran Khan on Wednesday.")
    assert len(events) == 2


def test_a_self_contradicting_article_is_flagged():
    text = ("Prime Minister Shehbaz Sharif met President Vladimir Putin in Beijing on Tuesday. Shehbaz noted that after "
            "their meeting in Astana last year, ties had grown. He recalled that their Astana meeting in 2023 had set the momentum.")
    astana = [e for e in events_of(text, D(2025, 9, 2)) if e.place is not None and e.place.name == "Astana"]
    assert len(astana) == 1
    assert astana[0].date.timex == "2024"
    assert [r.timex for r in astana[0].conflict] == ["2023"]


def test_a_past_and_a_planned_visit_are_not_a_conflict():
    events = events_of("Putin visited Islamabad in 2012. Putin will visit Islamabad later this year.", D(2015, 5, 14))
    assert sorted((e.status, e.date.timex) for e in events) == [("occurred", "2012"), ("planned", "2015")]
    assert all(not e.conflict for e in events)


def test_undated_document_keeps_explicit_dates_and_leaves_relative_ones_unresolved():
    events = understand("Lavrov visited Islamabad in October 2012. Putin met Imran Khan in Moscow last week.\n", None,
                        reader="pattern").events
    dates = {e.title: (e.date.timex, e.date.start) for e in events}
    assert dates["Sergey Lavrov visits Islamabad"] == ("2012-10", D(2012, 10, 1))
    assert dates["Vladimir Putin meets Imran Khan in Moscow"][1] is None


def test_seed_reports_give_the_events_an_analyst_lists(seeds_dir):
    expected = {
        "001_2025f20039c444d8.txt": (D(2015, 5, 14), {
            ("cancellation", "2012"), ("visit", "2012-10"), ("visit", "2014-08"), ("agreement_to_act", "2015-04"),
            ("meeting", "2015-04"), ("visit", "2015"),
        }),
        "003_cbbb931ec3b5e21e.txt": (D(2021, 4, 7), {("visit", "2021-04-06"), ("meeting", "2021-04-07"), ("meeting", "2019-06")}),
        "004_c4f2c24ab931627e.txt": (D(2025, 9, 2), {("meeting", "2025-09-02"), ("summit", "2025-09-01"), ("summit", "2025-11"),
                                                     ("meeting", "2024")}),
    }
    for name, (dct, wanted) in expected.items():
        found = {(e.event_type, e.date.timex) for e in understand((seeds_dir / name).read_text(), dct, reader="pattern").events}
        assert wanted <= found, (name, wanted - found)
