"""The document read as a whole: what one sentence leaves open, the report fills (sentences of
our own, in the styles of wire copy, readouts and feed items)."""

import datetime

from nlp.pipeline import understand

D = datetime.date


def events(text, published):
    return understand(text, published, reader="parse").events


def of_kind(found, kind):
    return [e for e in found if e.event_type == kind]


def people(event):
    return {a.key for a in event.actors if a.kind == "person"}


def countries(event):
    return {a.key for a in event.actors if a.kind == "country"}


def test_here_without_a_dateline_is_the_hosts_country():
    text = ("Kenyan President Mwai Kibaki met visiting Finnish Foreign Minister Erkki Tuomioja here Thursday on "
            "trade ties. Tuomioja arrived here on Wednesday for a three-day visit.")
    [visit] = of_kind(events(text, D(2005, 11, 24)), "visit")
    assert countries(visit) == {"Kenya"} and "Erkki Tuomioja" in people(visit)
    assert (visit.date.start, visit.date.end) == (D(2005, 11, 23), D(2005, 11, 25))


def test_their_meeting_is_of_the_two_people_of_its_clause():
    text = "Premier Li Peng told French Defence Minister Charles Millon at the start of their meeting that ties were good."
    [meeting] = of_kind(events(text, D(1997, 4, 7)), "meeting")
    assert people(meeting) == {"Li Peng", "Charles Millon"}


def test_the_news_of_the_day_is_dated_by_the_lead_but_gives_way_to_a_date_of_its_own():
    text = ("Pressure mounted on Wednesday to send a protection force to the region.\n\n"
            "The envoy Franz Vranitzky spoke after talks in Rome with Italian Foreign Minister Lamberto Dini.\n\n"
            "Dini and Vranitzky had met in Vienna in March.")
    talks = of_kind(events(text, D(1997, 4, 2)), "talks")
    [rome] = [e for e in talks if e.place is not None and e.place.name == "Rome"]
    assert rome.date.start == D(1997, 4, 2) and rome.date.inferred
    assert "the report's news is of the day its lead gives" in rome.date.explanation
    meetings = of_kind(events(text, D(1997, 4, 2)), "meeting")
    assert all(m.date.start != D(1997, 4, 2) for m in meetings)


def test_he_also_met_takes_the_day_of_the_last_meeting_of_the_same_person():
    text = ("Georgian Prime Minister Zurab Nogaideli met US Secretary of State Condoleezza Rice on Monday. "
            "Nogaideli also met national security adviser Stephen Hadley.")
    found = of_kind(events(text, D(2006, 12, 12)), "meeting")
    hadley = next(e for e in found if "Stephen Hadley" in people(e))
    assert hadley.date.start == D(2006, 12, 11)


def test_a_meeting_during_a_dated_visit_takes_the_visits_dates():
    text = ("Russian Prime Minister Mikhail Fradkov paid an official visit to China on November 3-4. "
            "Fradkov held his regular meeting with Chinese Premier Wen Jiabao during his stay in Beijing.")
    [meeting] = of_kind(events(text, D(2005, 11, 5)), "meeting")
    assert (meeting.date.start, meeting.date.end) == (D(2005, 11, 3), D(2005, 11, 4)) and meeting.date.inferred


def test_on_the_eve_of_a_summit_the_summit_is_the_next_day():
    text = "A German official said on Wednesday on the eve of a crucial EU summit in Brussels that no deal was near."
    [summit] = of_kind(events(text, D(2005, 12, 14)), "summit")
    assert summit.date.start == D(2005, 12, 15) and summit.status == "planned"


def test_a_cancellation_absorbs_the_planned_talks_it_calls_off():
    text = ("New talks between Nepal and Bhutan had been scheduled for November, but the talks were put off "
            "because of the crisis.")
    found = events(text, D(2006, 12, 12))
    assert [e.event_type for e in found] == ["cancellation"]
    assert countries(found[0]) >= {"Nepal", "Bhutan"}


def test_the_agreement_reached_is_the_one_they_agreed_to_before():
    text = ("Last month, Chile and Peru agreed to hold joint naval exercises.\n\n"
            "The agreement was reached during talks in Lima between Defence Minister Jaime Ravinet of Chile "
            "and his Peruvian counterpart Roberto Chiabra.")
    agreements = [e for e in events(text, D(2006, 5, 10)) if e.event_type.startswith("agreement")]
    assert len(agreements) == 1


def test_a_headline_is_the_event_its_body_tells():
    text = ("Japan, Philippines sign defence pact\n\nJapan and the Philippines signed a reciprocal access "
            "agreement in Manila on Monday, allowing troops to train in each other's territory.")
    [agreement] = events(text, D(2024, 7, 8))
    assert countries(agreement) == {"Japan", "Philippines"} and agreement.date.start == D(2024, 7, 8)
    assert {v.section for v in agreement.evidence} == {"heading", "body"}
    assert "reciprocal access agreement" in agreement.title


def test_a_headlines_infinitive_is_a_plan():
    text = ("Putin to visit India next month\n\nRussian President Vladimir Putin will visit India in December, "
            "the Kremlin said on Tuesday.")
    [visit] = of_kind(events(text, D(2021, 11, 2)), "visit")
    assert visit.status == "planned" and visit.date.timex == "2021-12"


def test_a_three_sentence_readout_yields_its_call():
    text = ("Readout of the Secretary's call with the Indian foreign minister\n\n"
            "Secretary of State Antony Blinken spoke today with Indian External Affairs Minister Subrahmanyam "
            "Jaishankar. They discussed the situation in Afghanistan.")
    [talks] = of_kind(events(text, D(2021, 8, 16)), "talks")
    assert people(talks) >= {"Antony Blinken"} and talks.date.start == D(2021, 8, 16)
