"""The parse reader on sentences of our own: triggers by lemma, arguments from the tree,
status from grammar, dates attached by syntax, and what is not an event."""

import datetime

import pytest

from nlp.pipeline import understand

D = datetime.date


def events(text, dct=D(1999, 5, 12)):
    return understand(text, dct, reader="parse").events


def one(text, dct=D(1999, 5, 12)):
    found = events(text, dct)
    assert len(found) == 1, [(e.event_type, e.title) for e in found]
    return found[0]


def people(event):
    return {a.key for a in event.actors if a.kind == "person"}


def countries(event):
    return {a.key for a in event.actors if a.kind == "country"}


# sentence, publication date, type, status, TIMEX3 of the date ("" when undated)
READ = [
    # trigger wording
    ("The foreign ministers of Latvia and Lithuania signed documents of accession on Tuesday in Brussels.",
     D(2004, 3, 31), "agreement", "occurred", "2004-03-30"),
    ("Minister Jaswant Singh had just spoken by telephone with Japanese Foreign Minister Masahiko Koumura.",
     D(1999, 5, 12), "talks", "occurred", ""),
    ("Secretary of State Warren Christopher left for Cairo on Sunday.", D(1994, 3, 14), "visit", "occurred", "1994-03-13"),
    ("Egyptian foreign minister Amr Moussa wrapped up a two-hour meeting with Syrian president Hafez al-Assad "
     "in Damascus on Sunday.", D(1999, 5, 11), "meeting", "occurred", "1999-05-09"),
    ("The Norwegian envoy discussed the ceasefire with Sri Lankan President Chandrika Kumaratunga in Colombo.",
     D(2000, 2, 2), "talks", "occurred", ""),
    ("Chancellor Helmut Kohl held talks with President Boris Yeltsin in the Kremlin on Friday.",
     D(1997, 4, 21), "talks", "occurred", "1997-04-18"),
    # status from grammar
    ("Prime Minister Keizo Obuchi will meet Chinese President Jiang Zemin on Monday.", D(1999, 7, 6),
     "meeting", "planned", "1999-07-12"),
    ("King Abdullah is to visit Washington next month.", D(1999, 4, 20), "visit", "planned", "1999-05"),
    ("The summit of the two leaders would still be held in Oslo on June 8 and 9.", D(1999, 6, 2),
     "summit", "planned", "1999-06-08"),
    ("Indian Prime Minister Atal Bihari Vajpayee arrived in Lahore on Saturday by bus.", D(1999, 2, 21),
     "visit", "occurred", "1999-02-20"),
    ("President Bill Clinton's planned trip to Hanoi was called off on Wednesday.", D(2000, 11, 10),
     "cancellation", "cancelled", "2000-11-08"),
]


@pytest.mark.parametrize("text, dct, event_type, status, timex", READ)
def test_events_read_from_the_parse(text, dct, event_type, status, timex):
    event = next((e for e in events(text, dct) if e.event_type == event_type), None)
    assert event is not None, [(e.event_type, e.title) for e in events(text, dct)]
    assert (event.status, event.date.timex) == (status, timex), event.title


NOT_EVENTS = [
    "The aircraft carrier Nimitz headed to the Persian Gulf on Friday.",
    "The new factory tried hard to meet the emission standards.",
    "A multinational force was dispatched to East Timor.",
    "President Carlos Menem hopes to visit Britain next year.",
    "The Brazilian president did not meet the Argentine foreign minister.",
    "Foreign ministers of the region meet regularly to discuss trade.",
    "If the talks fail, the envoy may travel to Belgrade.",
    "He said he was ready to meet President Slobodan Milosevic at any time.",
    "Critics urged the chancellor to cancel his visit to Beijing.",
    "Analysts agree that the treaty will not survive.",
    "Shipments of grain arrived in Pyongyang on Monday.",
]


@pytest.mark.parametrize("text", NOT_EVENTS)
def test_what_is_not_an_event(text):
    assert [(e.event_type, e.title) for e in events(text)] == []


def test_actors_from_titles_in_any_case_and_name_particles():
    meeting = one("Kenyan president Daniel arap Moi met British Foreign Secretary Robin Cook in Nairobi.", D(1998, 1, 10))
    assert people(meeting) == {"Daniel arap Moi", "Robin Cook"}
    assert meeting.place.name == "Nairobi"


def test_a_surname_links_to_the_full_name_said_before():
    found = events("U.N. Secretary-General Kofi Annan flew to Jakarta on Monday. Annan met President B.J. Habibie "
                   "on Tuesday.", D(1999, 9, 15))
    meeting = next(e for e in found if e.event_type == "meeting")
    assert "Kofi Annan" in people(meeting)


def test_a_title_links_to_the_person_named_before():
    found = events("King Hussein received the Israeli prime minister, Benjamin Netanyahu, in Amman on Sunday. "
                   "The monarch later discussed the peace process with the visiting delegation.", D(1997, 3, 3))
    assert any("King Hussein" in people(e) or "Hussein" in " ".join(people(e)) for e in found)


def test_a_president_of_the_1990s_is_not_a_secretary_of_state_of_the_2010s():
    meeting = one("President Clinton met Russian President Boris Yeltsin in Vancouver on Sunday.", D(1993, 4, 5))
    assert "Hillary Clinton" not in people(meeting)
    assert "Boris Yeltsin" in people(meeting)


def test_the_date_of_a_reporting_verb_is_not_the_event_date():
    visit = next(e for e in events("Officials said on Friday that the talks would go on until U.N. Secretary-General "
                                   "Kofi Annan visits Baghdad.", D(1998, 2, 20)) if e.event_type == "visit")
    assert visit.status == "planned" and visit.date.timex == ""


def test_a_planned_weekday_is_resolved_forward():
    meeting = one("Japanese Prime Minister Keizo Obuchi said he will meet President Bill Clinton on Monday.", D(1999, 4, 28))
    assert meeting.status == "planned" and meeting.date.timex == "1999-05-03"


def test_the_two_leaders_continue_the_event_just_told():
    found = events("Presidents Jiang Zemin and Boris Yeltsin signed a border treaty on Tuesday. The two leaders "
                   "met in Beijing after the ceremony.", D(1997, 11, 12))
    meeting = next(e for e in found if e.event_type == "meeting")
    assert people(meeting) == {"Jiang Zemin", "Boris Yeltsin"} and meeting.date.timex == "1997-11-11"


def test_without_a_publication_date_no_relative_date_is_made_concrete():
    event = one("Secretary of State Warren Christopher left for Cairo on Sunday.", None)
    assert not event.date.resolved


def test_a_private_journey_is_no_visit():
    assert events("Her cousin flew to Havana on Monday to see the family.", D(2000, 4, 5)) == []


def test_a_person_named_without_a_title_has_the_title_the_report_gave_before():
    found = events("Yugoslav President Slobodan Milosevic rejected the plan on Monday. Fighting continued near the "
                   "border. Milosevic agreed on Tuesday to allow international monitors into Kosovo.", D(1998, 10, 14))
    agreed = next(e for e in found if e.event_type == "agreement_to_act")
    assert people(agreed) == {"Slobodan Milosevic"} and agreed.date.timex == "1998-10-13"


def test_who_addresses_a_meeting_took_part_in_it_and_what_they_said_does_not_date_it():
    meeting = one("German Foreign Minister Joschka Fischer told a NATO foreign ministers' meeting in Brussels on "
                  "Thursday that the attacks of March 3 had changed the alliance.", D(1999, 5, 12))
    assert meeting.event_type == "meeting" and meeting.status == "occurred"
    assert "Joschka Fischer" in people(meeting) and "NATO" in {a.key for a in meeting.actors}
    assert meeting.date.timex == "1999-05-06"


def test_separate_calls_are_one_event_each():
    found = events("French President Jacques Chirac held separate telephone calls with Egyptian President Hosni "
                   "Mubarak and Jordan's King Abdullah on Monday.", D(1999, 5, 12))
    talks = [e for e in found if e.event_type == "talks"]
    assert len(talks) == 2
    with_mubarak = [e for e in talks if "Hosni Mubarak" in people(e)]
    assert len(with_mubarak) == 1 and people(with_mubarak[0]) == {"Jacques Chirac", "Hosni Mubarak"}
    other = next(e for e in talks if e is not with_mubarak[0])
    assert "Jacques Chirac" in people(other) and "Jordan" in countries(other)


def test_who_hosts_a_meeting_takes_part_in_it():
    found = events("The Armenian and Azerbaijani presidents resumed the US-hosted talks in Key West on Tuesday.",
                   D(2001, 4, 5))
    talks = next(e for e in found if e.event_type == "talks")
    assert "United States" in countries(talks)


def test_a_one_name_leader_introduced_with_a_title_is_known_later():
    found = events("President Sukarno greeted Prime Minister Jawaharlal Nehru at the airport. "
                   "The Nehru-Sukarno meeting lasted three hours.", D(1955, 4, 18))
    meeting = next(e for e in found if e.event_type == "meeting")
    assert people(meeting) == {"Sukarno", "Jawaharlal Nehru"}


def test_he_is_the_subject_named_in_apposition_just_before():
    found = events("Kofi Annan said the talks had failed. In London, the British Foreign Secretary, Robin Cook, "
                   "warned Belgrade again. He will visit Moscow on Friday.", D(1999, 5, 12))
    visit = next(e for e in found if e.event_type == "visit")
    assert people(visit) == {"Robin Cook"} and visit.status == "planned"


def test_an_audience_of_business_people_is_no_diplomatic_meeting():
    assert events("Indian Finance Minister Yashwant Sinha told a meeting of business leaders in Mumbai on Friday "
                  "that taxes would fall.", D(1999, 5, 12)) == []


def test_a_participle_in_a_sentence_about_another_time_is_not_under_way():
    found = events("Alliance members debated the accord for months. The process began in February, with Norway "
                   "being the first member state starting its ratification.", D(1998, 12, 3))
    assert found and all(e.date.timex != "1998-12-03" for e in found)


def test_calls_set_off_by_a_comma_are_the_speakers():
    found = events("French President Jacques Chirac said Yasser Arafat remained a partner for peace, in separate calls "
                   "with Israeli Prime Minister Ehud Barak and Egyptian President Hosni Mubarak on Sunday.", D(2000, 10, 16))
    assert sorted(sorted(people(e)) for e in found if e.event_type == "talks") == [
        ["Ehud Barak", "Jacques Chirac"], ["Hosni Mubarak", "Jacques Chirac"]]
    assert all(e.date.timex == "2000-10-15" for e in found)


def test_a_visit_set_off_by_commas_before_the_verb_is_the_subjects():
    visit = one("Last week, German Foreign Minister Joschka Fischer, on a working visit to Chile, urged Chilean "
                "officials to help, diplomats have said.", D(1999, 1, 22))
    assert visit.event_type == "visit" and people(visit) == {"Joschka Fischer"}


def test_a_call_for_something_is_an_appeal_not_a_conversation():
    assert [e for e in events("Militants defied Yasser Arafat's call for a truce with Israel on Tuesday.", D(2001, 12, 5))
            if e.event_type == "talks"] == []
