"""Temporal resolution on real news sentences: input, publication date, expected values.

Each row: the sentence, its publication date (DCT), the expression expected in it, and the
TIMEX3 value, granularity and interval expected for that expression.
"""

import datetime

import pytest

from nlp.temporal import extract, is_valid_timex

D = datetime.date


def only(text, dct, expression):
    mentions = [m for m in extract(text, dct) if m.text == expression]
    assert mentions, f"{expression!r} not found in {[m.text for m in extract(text, dct)]}"
    return mentions[0]


ABSOLUTE = [
    ("The SCO summit opened in Bishkek on June 13, 2019.", D(2019, 6, 15), "June 13, 2019", "2019-06-13", "day", D(2019, 6, 13), D(2019, 6, 13)),
    ("The leaders met on 13 June 2019 on the sidelines.", D(2019, 6, 15), "13 June 2019", "2019-06-13", "day", D(2019, 6, 13), D(2019, 6, 13)),
    ("Talks will resume on Sept. 4, officials said.", D(2019, 6, 15), "Sept. 4", "2019-09-04", "day", D(2019, 9, 4), D(2019, 9, 4)),
    ("Putin dispatched Foreign Minister Sergei Lavrov in October 2012 to Islamabad.", D(2015, 5, 14), "October 2012", "2012-10", "month", D(2012, 10, 1), D(2012, 10, 31)),
    ("In 2012, President Putin had abruptly cancelled a visit to Islamabad.", D(2015, 5, 14), "2012", "2012", "year", D(2012, 1, 1), D(2012, 12, 31)),
    ("Moscow shared a special relationship with New Delhi going back to the 1950s.", D(2015, 5, 14), "the 1950s", "195", "decade", D(1950, 1, 1), D(1959, 12, 31)),
    ("The deal is expected to close in mid-2019.", D(2018, 11, 2), "mid-2019", "2019", "year", D(2019, 5, 2), D(2019, 8, 30)),
    ("Elections are due in early 2020.", D(2019, 6, 1), "early 2020", "2020", "year", D(2020, 1, 1), D(2020, 5, 1)),
    ("Exports grew 4% in Q3 2021.", D(2021, 11, 1), "Q3 2021", "2021-Q3", "quarter", D(2021, 7, 1), D(2021, 9, 30)),
    ("Growth slowed in the third quarter of 2021.", D(2021, 11, 1), "the third quarter of 2021", "2021-Q3", "quarter", D(2021, 7, 1), D(2021, 9, 30)),
    ("Talks stalled during the winter of 2014.", D(2015, 5, 14), "the winter of 2014", "2014-WI", "season", D(2013, 12, 1), D(2014, 2, 28)),
    ("The agreement was signed on 2021-04-07 in Islamabad.", None, "2021-04-07", "2021-04-07", "day", D(2021, 4, 7), D(2021, 4, 7)),
    ("Pakistan bought Mi-17 helicopters in the late 2000s.", D(2015, 5, 14), "the late 2000s", "200", "decade", D(2006, 9, 2), D(2009, 12, 31)),
    ("Relations date back to the 20th century.", D(2015, 5, 14), "the 20th century", "19", "century", D(1900, 1, 1), D(1999, 12, 31)),
    ("The plan was agreed in the first half of 2018.", D(2019, 1, 1), "the first half of 2018", "2018-H1", "quarter", D(2018, 1, 1), D(2018, 6, 30)),
    ("The visit took place on Tuesday, 6 April 2021.", D(2021, 4, 7), "Tuesday, 6 April 2021", "2021-04-06", "day", D(2021, 4, 6), D(2021, 4, 6)),
    ("Troops arrived in late October 2012.", D(2015, 5, 14), "late October 2012", "2012-10", "month", D(2012, 10, 22), D(2012, 10, 31)),
    ("He is the first Pakistani prime minister to make the trip since 1999.", D(2022, 2, 22), "1999", "1999", "year", D(1999, 1, 1), D(1999, 12, 31)),
    ("The accord was initialled in fiscal 2021.", D(2022, 1, 1), "fiscal 2021", "FY2021", "year", D(2021, 1, 1), D(2021, 12, 31)),
]


@pytest.mark.parametrize("text, dct, expression, timex, granularity, start, end", ABSOLUTE)
def test_absolute_dates(text, dct, expression, timex, granularity, start, end):
    mention = only(text, dct, expression)
    assert (mention.timex, mention.granularity, mention.start_date, mention.end_date) == (timex, granularity, start, end)
    assert mention.type == "DATE"


def test_two_decades_in_one_phrase():
    text = "Pakistan got a variety of defence equipment from Soviet Union in 1960s and 70s."
    mentions = extract(text, D(2015, 5, 14))
    assert [(m.text, m.timex) for m in mentions] == [("1960s", "196"), ("70s", "197")]
    assert mentions[1].start_date == D(1970, 1, 1)


def test_two_days_in_one_phrase():
    text = "The SCO summit was held on 13-14 June 2019 in Bishkek."
    assert [(m.text, m.timex) for m in extract(text, D(2019, 6, 15))] == [("13", "2019-06-13"), ("14 June 2019", "2019-06-14")]


RELATIVE = [
    # (sentence, DCT, expression, TIMEX3, granularity, start, end)
    ("The new members join in April next year.", D(1998, 12, 3), "April next year", "1999-04", "month",
     D(1999, 4, 1), D(1999, 4, 30)),
    ("The treaty was first debated in March last year.", D(2004, 1, 9), "March last year", "2003-03", "month",
     D(2003, 3, 1), D(2003, 3, 31)),
    ("Lavrov arrived in Islamabad today.", D(2021, 4, 7), "today", "2021-04-07", "day", D(2021, 4, 7), D(2021, 4, 7)),
    ("Lavrov arrived in New Delhi yesterday.", D(2021, 4, 7), "yesterday", "2021-04-06", "day", D(2021, 4, 6), D(2021, 4, 6)),
    ("He leaves for Moscow tomorrow.", D(2021, 4, 7), "tomorrow", "2021-04-08", "day", D(2021, 4, 8), D(2021, 4, 8)),
    ("Diplomatic sources said on Wednesday that the visit was on.", D(2015, 5, 14), "Wednesday", "2015-05-13", "day", D(2015, 5, 13), D(2015, 5, 13)),
    ("Pakistani authorities said Tuesday that the trip would go ahead.", D(2022, 2, 22), "Tuesday", "2022-02-22", "day", D(2022, 2, 22), D(2022, 2, 22)),
    ("A high-level delegation will arrive in Russia on Wednesday for a two-day visit.", D(2022, 2, 22), "Wednesday", "2022-02-23", "day", D(2022, 2, 23), D(2022, 2, 23)),
    ("The minister will arrive in Moscow on Tuesday.", D(2021, 4, 7), "Tuesday", "2021-04-13", "day", D(2021, 4, 13), D(2021, 4, 13)),
    ("The two sides met last week in Tashkent.", D(2021, 4, 7), "last week", "2021-W13", "week", D(2021, 3, 29), D(2021, 4, 4)),
    ("Khan will meet Putin this week, authorities said.", D(2022, 2, 22), "this week", "2022-W08", "week", D(2022, 2, 21), D(2022, 2, 27)),
    ("The commission meets next week.", D(2021, 4, 7), "next week", "2021-W15", "week", D(2021, 4, 12), D(2021, 4, 18)),
    ("Last month, Pakistan and Russia agreed to hold joint exercises.", D(2015, 5, 14), "Last month", "2015-04", "month", D(2015, 4, 1), D(2015, 4, 30)),
    ("Exports rose this month.", D(2015, 5, 14), "this month", "2015-05", "month", D(2015, 5, 1), D(2015, 5, 31)),
    ("The pipeline will be finished next month.", D(2015, 5, 14), "next month", "2015-06", "month", D(2015, 6, 1), D(2015, 6, 30)),
    ("Their meeting in Astana last year set the tone.", D(2025, 9, 2), "last year", "2024", "year", D(2024, 1, 1), D(2024, 12, 31)),
    ("Both sides expect defence pacts during the visit sometime this year.", D(2015, 5, 14), "this year", "2015", "year", D(2015, 1, 1), D(2015, 12, 31)),
    ("Elections are due next year.", D(2015, 5, 14), "next year", "2016", "year", D(2016, 1, 1), D(2016, 12, 31)),
    ("Naval Chief Admiral Viktor Chirkov visited Pakistan last August.", D(2015, 5, 14), "last August", "2014-08", "month", D(2014, 8, 1), D(2014, 8, 31)),
    ("Putin is expected to pay his first visit to Pakistan sometime later this year.", D(2022, 2, 22), "later this year", "2022", "year", D(2022, 2, 23), D(2022, 12, 31)),
    ("The trade deal was initialled earlier this month.", D(2015, 5, 14), "earlier this month", "2015-05", "month", D(2015, 5, 1), D(2015, 5, 13)),
    ("A series of high-level contacts in recent months aimed at expanding cooperation.", D(2025, 9, 2), "recent months", "PAST_REF", "month", D(2025, 3, 3), D(2025, 9, 2)),
    ("The case was first reported a year ago.", D(2021, 4, 7), "a year ago", "2020", "year", D(2020, 1, 1), D(2020, 12, 31)),
    ("Washington reviews an agreement it signed more than a year ago with the Taliban.", D(2021, 4, 7), "more than a year ago", "2020", "year", D(2020, 1, 1), D(2020, 12, 31)),
    ("They met three weeks ago.", D(2021, 4, 7), "three weeks ago", "2021-W11", "week", D(2021, 3, 15), D(2021, 3, 21)),
    ("Officials met in Moscow two months ago.", D(2021, 4, 7), "two months ago", "2021-02", "month", D(2021, 2, 1), D(2021, 2, 28)),
    ("Putin last summer hosted the talks.", D(2015, 5, 14), "last summer", "2014-SU", "season", D(2014, 6, 1), D(2014, 8, 31)),
    ("Khan said in an interview this morning that ties were warm.", D(2019, 6, 15), "this morning", "2019-06-15TMO", "day", D(2019, 6, 15), D(2019, 6, 15)),
    ("Accepting the invitation to attend the SCO summit in November, he thanked Putin.", D(2025, 9, 2), "November", "2025-11", "month", D(2025, 11, 1), D(2025, 11, 30)),
    ("The minister visited Kabul in March, officials said.", D(2021, 4, 7), "March", "2021-03", "month", D(2021, 3, 1), D(2021, 3, 31)),
    ("The US rethinks a May 1 withdrawal of its soldiers.", D(2021, 4, 7), "May 1", "2021-05-01", "day", D(2021, 5, 1), D(2021, 5, 1)),
]


@pytest.mark.parametrize("text, dct, expression, timex, granularity, start, end", RELATIVE)
def test_relative_to_publication_date(text, dct, expression, timex, granularity, start, end):
    mention = only(text, dct, expression)
    assert (mention.timex, mention.granularity, mention.start_date, mention.end_date) == (timex, granularity, start, end)
    assert mention.anchor == "publication date"


DURATIONS = [
    ("It was the first visit by a Russian foreign minister in nine years.", "nine years", "P9Y"),
    ("It has taken place after almost a decade.", "almost a decade", "P1DE"),
    ("Lavrov is on a two-day trip to Pakistan.", "two-day", "P2D"),
    ("Trade doubled over the past three years.", "the past three years", "P3Y"),
    ("Talks lasted 48 hours.", "48 hours", "PT48H"),
    ("The countries have been rivals for decades.", "decades", "PXDE"),
    ("Prices rose over the past few months.", "the past few months", "PXM"),
]


@pytest.mark.parametrize("text, expression, timex", DURATIONS)
def test_durations(text, expression, timex):
    mention = only(text, D(2021, 4, 7), expression)
    assert (mention.type, mention.timex, mention.start_date, mention.end_date) == ("DURATION", timex, None, None)


def test_sets_and_times():
    text = ("The commission meets every year and reports annually. The annual dialogue opened at 5 p.m. "
            "on Tuesday night.")
    found = {m.text: (m.type, m.timex) for m in extract(text, D(2021, 4, 7))}
    assert found["every year"] == ("SET", "P1Y")
    assert found["annually"] == ("SET", "P1Y")
    assert "annual" not in found  # before a noun it names a kind of dialogue, not a time (TimeML)
    assert found["5 p.m."][0] == "TIME"
    assert found["Tuesday night"] == ("TIME", "2021-04-06TNI")


ANAPHORIC = [
    ("Lavrov arrived in Islamabad on 6 April 2021. A day earlier he was in New Delhi.", "A day earlier", "2021-04-05", D(2021, 4, 5)),
    ("The talks opened on 13 June 2019. Two days later the leaders signed a protocol.", "Two days later", "2019-06-15", D(2019, 6, 15)),
    ("The talks were held on 13 June 2019. The following week the delegation flew to Moscow.", "The following week", "2019-W25", D(2019, 6, 17)),
    ("The summit opened in October 2012. The next year Lavrov returned.", "The next year", "2013", D(2013, 1, 1)),
    ("The accord was signed on 2 March 2018. That year trade doubled.", "That year", "2018", D(2018, 1, 1)),
]


@pytest.mark.parametrize("text, expression, timex, start", ANAPHORIC)
def test_relative_to_a_date_in_the_text(text, expression, timex, start):
    # The publication date is far away, so a value counted from it would be wrong.
    mention = only(text, D(2025, 1, 1), expression)
    assert (mention.timex, mention.start_date) == (timex, start)
    assert mention.anchor == "previous date"
    assert "counted from" in mention.explanation


def test_anaphoric_without_earlier_date_counts_from_publication():
    mention = only("The SCO summit concluded a day earlier.", D(2025, 9, 2), "a day earlier")
    assert mention.timex == "2025-09-01"
    assert mention.anchor == "publication date"


NO_DCT = [
    ("The new members join in April next year.", "April next year", "XXXX-04"),
    ("Putin visited Pakistan last August.", "last August", "XXXX-08"),
    ("The ministry said on Tuesday that talks went well.", "Tuesday", "XXXX-WXX-2"),
    ("The deal was signed a year ago.", "a year ago", "PAST_REF"),
    ("They met last year.", "last year", "PAST_REF"),
    ("They will meet next week.", "next week", "FUTURE_REF"),
    ("Putin is expected to visit later this year.", "later this year", "FUTURE_REF"),
    ("Trade grew in recent months.", "recent months", "PAST_REF"),
    ("Lavrov arrived yesterday.", "yesterday", "PAST_REF"),
    ("The talks are under way today.", "today", "PRESENT_REF"),
    ("They met on June 13.", "June 13", "XXXX-06-13"),
    ("Talks were held in October.", "October", "XXXX-10"),
]


@pytest.mark.parametrize("text, expression, timex", NO_DCT)
def test_without_publication_date_relative_stays_underspecified(text, expression, timex):
    mention = only(text, None, expression)
    assert mention.timex == timex
    assert mention.start_date is None and mention.end_date is None
    assert mention.certainty == "unresolved"
    assert "no publication date" in mention.explanation


def test_without_publication_date_absolute_dates_still_resolve():
    mention = only("Lavrov visited Islamabad in October 2012.", None, "October 2012")
    assert (mention.timex, mention.start_date) == ("2012-10", D(2012, 10, 1))


def test_never_uses_the_clock():
    # A sentence resolved against two publication dates gives two answers; with none, none.
    text = "The delegation arrived yesterday."
    assert only(text, D(2001, 1, 2), "yesterday").timex == "2001-01-01"
    assert only(text, D(2030, 1, 2), "yesterday").timex == "2030-01-01"
    assert only(text, None, "yesterday").start_date is None


FALSE_FRIENDS = [
    "We may see more visits, and the two armies march together.",
    "Pakistan deployed 2,000 troops along the border.",
    "Bilateral trade stands at $542 million.",
    "Russia supplies RD-93 engines for the JF-17 Thunder, while the F-16 fleet ages.",
    "Pakistan ordered four Mi-35 helicopters.",
    "The council adopted Resolution 1172 after the tests.",
    "The COVID-19 pandemic slowed trade.",
    "The hotline works 24/7.",
    "We will see. The Sun reported it. They wed after the war.",
    "Pakistan bought 1999 tanks, a total of 2000 vehicles.",
    "He scored 3:1 in the match.",
    "March on Islamabad, the protesters chanted.",
    "- Joined\n- May 21, 2006\n- Messages\n- 33,771",
    "Last edited: Apr 7, 2021",
    "Visit our website for more; share this story.",
]


@pytest.mark.parametrize("text", FALSE_FRIENDS)
def test_false_friends_are_not_dates(text):
    assert [m.text for m in extract(text, D(2021, 4, 7))] == []


def test_month_named_may_in_a_date_is_found():
    assert [m.timex for m in extract("The deal was signed in May 2014.", None)] == ["2014-05"]
    assert [m.timex for m in extract("Talks resumed in May.", D(2014, 9, 1))] == ["2014-05"]


def test_explanations_read_as_plain_english():
    mention = only("Admiral Chirkov visited Pakistan last August.", D(2015, 5, 14), "last August")
    assert mention.explanation == "'last August' in a text published 14 May 2015 -> August 2014"
    approximate = extract("Admiral Chirkov visited Pakistan on Tuesday.", D(2015, 5, 14), dct_is_approximate=True)[0]
    assert "published about 14 May 2015" in approximate.explanation
    assert approximate.certainty == "approximate"


def test_offsets_and_order():
    text = "On 6 April 2021 Lavrov met Qureshi; a day earlier he was in Delhi, and next week he flies home."
    mentions = extract(text, D(2021, 4, 7))
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    for mention in mentions:
        assert text[mention.start:mention.end] == mention.text
        assert is_valid_timex(mention.timex)


def test_seed_documents_dates(seeds_dir):
    """The dates an analyst reads in the seed reports, resolved against their manifest dates."""
    expectations = {
        "001_2025f20039c444d8.txt": (D(2015, 5, 14), {"last August": "2014-08", "Last month": "2015-04",
                                                       "October 2012": "2012-10", "Wednesday": "2015-05-13"}),
        "002_829f5277c4447c62.txt": (D(2022, 2, 22), {"this week": "2022-W08", "Wednesday": "2022-02-23",
                                                       "later this year": "2022", "1999": "1999"}),
        "003_cbbb931ec3b5e21e.txt": (D(2021, 4, 7), {"Tuesday": "2021-04-06", "June 2019": "2019-06",
                                                      "last month": "2021-03", "nine years": "P9Y"}),
        "004_c4f2c24ab931627e.txt": (D(2025, 9, 2), {"Tuesday": "2025-09-02", "a day earlier": "2025-09-01",
                                                      "last year": "2024", "2023": "2023", "November": "2025-11"}),
        "000_4dce1f96345d0091.txt": (D(2019, 6, 15), {"October 2012": "2012-10", "Thursday": "2019-06-13"}),
    }
    for name, (dct, expected) in expectations.items():
        text = (seeds_dir / name).read_text()
        found = {}
        for mention in extract(text, dct):
            found.setdefault(mention.text, set()).add(mention.timex)
        for expression, timex in expected.items():
            assert found.get(expression) == {timex}, (name, expression, found.get(expression))
        # forum chrome: the poster's "Joined" date is not a date of the news
        assert "2006" not in " ".join(m.timex for m in extract(text, dct))


# Issue 12: a quarter whose year comes first; "a year ago" beside a quarter; a month and day a few
# weeks the "wrong" side of the publication date; expectations and deadlines before a weekday.
DIRECTIONS = [
    ("Exports fell from the year-earlier second quarter.", D(2021, 8, 3), "the year-earlier second quarter", "2020-Q2"),
    ("Orders in the 2019 fourth quarter were weak.", D(2021, 8, 3), "the 2019 fourth quarter", "2019-Q4"),
    ("Analysts expect a rebound in next year's first quarter.", D(2021, 8, 3), "next year's first quarter", "2022-Q1"),
    ("Second-quarter trade rose 4%, against a 2% fall a year ago.", D(2021, 8, 3), "a year ago", "2020-Q2"),
    ("The ministry said on Monday that trade rose 3% a year ago.", D(2021, 8, 3), "a year ago", "2020"),
    ("The ministry extended the deadline to Aug. 20, officials said.", D(2021, 8, 3), "Aug. 20", "2021-08-20"),
    ("The delegation said it arrived on Dec. 28.", D(2021, 8, 3), "Dec. 28", "2020-12-28"),
    ("He said he would sign the agreement on July 30.", D(2021, 8, 3), "July 30", "2021-07-30"),
    ("The envoy could arrive as early as Thursday, diplomats said.", D(2021, 8, 3), "Thursday", "2021-08-05"),
    ("Negotiators have until Friday to settle the text.", D(2021, 8, 3), "Friday", "2021-08-06"),
    ("The envoy arrived on Thursday.", D(2021, 8, 3), "Thursday", "2021-07-29"),
    ("The ministry said in a statement on Saturday, July 31: talks will resume.", D(2021, 8, 3),
     "Saturday, July 31", "2021-07-31"),  # a colon after the day is punctuation, not a clock
    ("Negotiators have until 9 a.m. Tuesday to agree.", D(2021, 8, 2), "9 a.m. Tuesday", "2021-08-03T09:00"),
    ("The envoy said the round was held in mid-November.", D(2021, 10, 30), "mid-November", "2021-11"),
    ("The envoy said the round was held in December.", D(2021, 10, 30), "December", "2020-12"),
    ("They said they expect the accord to be signed by Dec. 15.", D(2021, 10, 30), "Dec. 15", "2021-12-15"),
    ("Aid was to go out on a still unspecified date before Dec. 20.", D(2021, 10, 30), "Dec. 20", "2021-12-20"),
]


@pytest.mark.parametrize("text, dct, expression, value", DIRECTIONS)
def test_quarters_and_the_direction_of_dates_named_without_a_year(text, dct, expression, value):
    mention = only(text, dct, expression)
    assert mention.timex == value, mention.explanation
    assert mention.explanation and is_valid_timex(mention.timex)


REPORT_QUARTERS = [
    ("Profit in the latest quarter rose 8%.", D(2021, 8, 3), "the latest quarter", "2021-Q2"),
    ("Second-quarter exports rose. In the quarter, imports fell.", D(2021, 8, 3), "the quarter", "2021-Q2"),
    ("Sales fell 3% from the year-earlier period.", D(2021, 8, 3), "the year-earlier period", "2020-Q2"),
]


@pytest.mark.parametrize("text, dct, expression, value", REPORT_QUARTERS)
def test_the_quarter_a_report_of_quarterly_figures_means(text, dct, expression, value):
    assert only(text, dct, expression).timex == value


@pytest.mark.parametrize("text", [
    "The envoy met a 6-year-old girl and her 52-year-old father.",  # ages
    "The minister said he was 61 years old.",
    "The two countries will prosper in the long run.",  # a manner of speaking
    "The board raised its quarterly dividend.",  # a kind of payment
    "He lives in the quarter near the port.",  # a district
])
def test_what_timeml_does_not_count_as_a_time(text):
    assert extract(text, D(2021, 8, 3)) == []


# Issue 12, second round: tense cues, spoken years, weekends, holidays, clock times on dates,
# reports of quarterly figures, rates.
MORE_DIRECTIONS = [
    # a month with no year and no tense falls in the twelve months ending two after publication
    ("The envoy, posted to Riga in March, returns home today.", D(1989, 11, 2), "March", "1989-03"),
    ("Its grain exports, weak in December, picked up.", D(1989, 11, 2), "December", "1989-12"),
    ("Its grain exports, weak in January, picked up.", D(1989, 11, 2), "January", "1990-01"),
    # words around a weekday
    ("The ceasefire vote was postponed until Tuesday.", D(2021, 8, 4), "Tuesday", "2021-08-10"),
    ("The border crossing is to reopen Tuesday.", D(2021, 8, 4), "Tuesday", "2021-08-10"),
    ("Until Thursday, Oslo had not confirmed the talks.", D(2021, 8, 6), "Thursday", "2021-08-05"),
    ("On Friday, the ministry planned to release the detainees.", D(2021, 8, 4), "Friday", "2021-07-30"),
    # a chrome label written as prose is not chrome
    ("The consul was last seen Nov. 3 at the embassy gate.", D(1999, 5, 7), "Nov. 3", "1998-11-03"),
    # years said in words
    ("The first talks were held in nineteen ninety-six.", D(1998, 2, 27), "nineteen ninety-six", "1996"),
    ("In January nineteen ninety-seven the envoys met.", D(1998, 2, 27), "January nineteen ninety-seven", "1997-01"),
    ("The pact runs to the year two thousand.", D(1998, 2, 27), "the year two thousand", "2000"),
    # the weekend: the tense, else the nearest
    ("Talks continued over the weekend.", D(2021, 8, 2), "the weekend", "2021-W30-WE"),
    ("Talks will continue over the weekend.", D(2021, 8, 2), "the weekend", "2021-W31-WE"),
    ("Leaders gather at the weekend.", D(2021, 8, 5), "the weekend", "2021-W31-WE"),
    # holidays
    ("The envoys met on Thanksgiving Day.", D(2000, 1, 6), "Thanksgiving Day", "1999-11-25"),
    ("The talks will resume after Thanksgiving.", D(2000, 1, 6), "Thanksgiving", "2000-11-23"),
    ("Last Christmas the ministers met in Vienna.", D(2000, 1, 6), "Last Christmas", "1999-12-25"),
    ("The Easter 2019 attacks changed the talks.", D(2021, 8, 4), "Easter 2019", "2019-04-21"),
    # a clock time on a date or weekday is one expression
    ("Comments on the draft are due by 5 p.m. EST Nov. 9.", D(1989, 11, 2), "5 p.m. EST Nov. 9", "1989-11-09T17:00"),
    ("The envoys walked out at noon Thursday.", D(1998, 2, 13), "noon Thursday", "1998-02-12T12:00"),
    # "A year earlier" before a name
    ("Trade rose. A year earlier Vietnam sold half as much rice.", D(1989, 11, 1), "A year earlier", "1988"),
    # tense: a failed try is past, "set" without "to" is a participle, "is" ends the look-back
    ("The spokesman could not be reached Wednesday.", D(2000, 1, 6), "Wednesday", "2000-01-05"),
    ("Turnout beat the record set on Aug. 6 in the first round.", D(1998, 2, 6), "Aug. 6", "1997-08-06"),
    ("The talks are set to resume on Aug. 6.", D(1998, 2, 6), "Aug. 6", "1998-08-06"),
    ("Paris said it is pressing for a summit on Dec. 7 with both leaders.", D(1989, 10, 30), "Dec. 7", "1989-12-07"),
    # "in the past" is the past; "in the past three years" a duration
    ("The two countries have fought in the past.", D(2021, 8, 3), "the past", "PAST_REF"),
    ("Trade fell in the past three years.", D(2021, 8, 3), "the past three years", "P3Y"),
    # a report's year: the year ended on a date is a year's length; "for the year" this one
    ("The aid agency spent $40 million in the year ended June 30.", D(1989, 10, 27), "the year", "P1Y"),
    ("For the year, arms sales to the region fell.", D(1989, 10, 27), "the year", "1989"),
    ("Aid in the current fiscal year will rise.", D(1989, 10, 27), "the current fiscal year", "1989"),
    ("The treaty should be ratified by year-end.", D(1989, 10, 27), "year-end", "1989"),
    ("Both currencies have fallen 4% since year-end.", D(1989, 10, 27), "year-end", "1988"),
    ("A second round may be held at a later date.", D(1989, 10, 27), "a later date", "FUTURE_REF"),
    ("The monitors will stay well into the summer.", D(1989, 4, 27), "the summer", "1989-SU"),
    # a month before its noun
    ("They honoured a June ceasefire with the rebels.", D(1989, 10, 27), "June", "1989-06"),
    # counted from an event, or by a vague number: a length of time, not a date
    ("Ties resumed ten years after the embassy was closed.", D(1998, 3, 4), "ten years", "P10Y"),
    ("The envoy left. A few days later, the rebels freed two hostages.", D(1989, 10, 27), "A few days", "PXD"),
    ("Four working days after the vote, the cabinet resigned.", D(1989, 10, 27), "Four working days", "P4D"),
    ("Observers will stay for two more weeks.", D(2000, 6, 1), "two more weeks", "P2W"),
    # a part of a day; "over the years"
    ("On 3 May 2016 the envoys met. By mid-afternoon the talks had ended.", D(2016, 5, 4), "mid-afternoon",
     "2016-05-03TAF"),
    ("The shelling stopped mid-afternoon yesterday.", D(1989, 11, 2), "mid-afternoon yesterday", "1989-11-01TAF"),
    ("Relations have improved over the years.", D(2021, 8, 3), "the years", "PXY"),
    # halves
    ("The refugees waited in the camps for 3 1/2 years.", D(1998, 2, 27), "3 1/2 years", "P3Y6M"),
    ("The call lasted a minute and a half.", D(1998, 1, 14), "a minute and a half", "PT1M30S"),
]


@pytest.mark.parametrize("text, dct, expression, value", MORE_DIRECTIONS)
def test_more_directions_and_expressions(text, dct, expression, value):
    mention = only(text, dct, expression)
    assert mention.timex == value, mention.explanation
    assert mention.explanation and is_valid_timex(mention.timex)


MORE_REPORT_QUARTERS = [
    # the quarter of a report that has moved on to other dates: the last one completed
    ("Third-quarter rice exports rose 5%. Prices eased in September, and in the quarter freight fell.",
     D(1989, 10, 26), "the quarter", "1989-Q3"),
    ("Third-quarter arms exports rose 5%. Those in the 1988 period were flat.", D(1989, 10, 26), "the 1988 period",
     "1988-Q3"),
    ("Aid in the third quarter rose from last year's quarter.", D(1989, 10, 26), "last year's quarter", "1988-Q3"),
    ("Third-quarter remittances rose from the corresponding period last year.", D(1989, 10, 26),
     "the corresponding period last year", "1988-Q3"),
    # a comparison does not become what the next comparison counts from
    ("Third-quarter trade rose from a year ago. Imports were up from a year earlier.", D(1989, 10, 26),
     "a year earlier", "1988-Q3"),
]


@pytest.mark.parametrize("text, dct, expression, value", MORE_REPORT_QUARTERS)
def test_more_quarters_of_reports(text, dct, expression, value):
    assert only(text, dct, expression).timex == value


@pytest.mark.parametrize("text", [
    "The loan costs Kiev $3 million a year in interest.",  # rates
    "The airline will run three flights a week to Tashkent.",
    "A second delegation arrived from Cairo.",  # the ordinal
    "Vendors sold Christmas trees outside the embassy.",  # a holiday's name as an adjective
    "He paid with nineteen twenty-dollar bills.",  # numbers in words that are not a year
    "The quarter-to-quarter rise in exports was small.",  # a compound, not a quarter
])
def test_more_of_what_is_not_a_time(text):
    assert extract(text, D(2021, 8, 3)) == []
