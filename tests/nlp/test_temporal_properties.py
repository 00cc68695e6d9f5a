"""Properties of extract(): it never raises, and every mention is well formed."""

import datetime
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp.temporal import extract, is_valid_timex

DATE_WORDS = [
    "last", "next", "this", "the", "following", "previous", "past", "coming", "a", "two", "nine",
    "several", "day", "days", "week", "weeks", "month", "months", "year", "years", "decade",
    "decades", "century", "ago", "earlier", "later", "before", "after", "since", "in", "on", "of",
    "early", "mid-", "late", "end", "May", "may", "March", "march", "August", "Sept.", "Dec",
    "Tuesday", "Wednesday", "today", "yesterday", "tomorrow", "tonight", "morning", "night",
    "summer", "winter", "Q3", "quarter", "third", "half", "first", "1960s", "70s", "'90s",
    "the 1800s", "2012", "2,000", "1999", "2010-2015", "2012-13", "13", "June", "4", "31",
    "21st", "20th", "fiscal", "FY", "5", "p.m.", "14:00", "GMT", "noon", "every", "annual",
    "recent", "recently", "now", "currently", "-", "–", ",", ".", "\n", "Joined", "$", "RD-93",
    "24/7", "COVID-19", "said", "will", "was", "visited", "more", "than", "about", "nearly",
    "0", "00", "9999", "1500", "2100", "2101", "30", "29", "February", "Feb.", "29th",
]

texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(st.sampled_from(DATE_WORDS), st.text(max_size=6)), max_size=40).map(" ".join),
    st.lists(st.sampled_from(DATE_WORDS), max_size=40).map(" ".join),
)
dcts = st.one_of(st.none(), st.dates(), st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 12, 31)))


@settings(max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", 400)), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, dct=dcts, approximate=st.booleans())
def test_extract_is_total_and_well_formed(text, dct, approximate):
    mentions = extract(text, dct, dct_is_approximate=approximate)
    previous_end = 0
    for mention in mentions:
        assert 0 <= mention.start < mention.end <= len(text)
        assert text[mention.start:mention.end] == mention.text
        assert mention.start >= previous_end, "mentions overlap or are out of order"
        previous_end = mention.end
        assert is_valid_timex(mention.timex), mention.timex
        assert mention.type in {"DATE", "TIME", "DURATION", "SET"}
        assert mention.granularity in {"day", "week", "month", "season", "quarter", "year", "decade", "century", "unknown"}
        assert (mention.start_date is None) == (mention.end_date is None)
        if mention.start_date is not None:
            assert mention.start_date <= mention.end_date
        assert mention.certainty in {"exact", "approximate", "unresolved"}
        assert mention.explanation.startswith("'")
        if dct is None:
            # nothing relative may resolve without a publication date
            assert mention.anchor in {"absolute", "none", "previous date"}


@settings(max_examples=200, deadline=None)
@given(text=texts)
def test_without_dct_no_mention_is_anchored_on_a_publication_date(text):
    for mention in extract(text, None):
        assert mention.anchor != "publication date"


def full_scan(text):
    from nlp.temporal.scanner import full_matches

    return [(m.span(), m.lastgroup) for m in full_matches(text)]


def candidate_scan(text):
    from nlp.temporal.scanner import candidate_matches

    return [(m.span(), m.lastgroup) for m in candidate_matches(text)]


@settings(max_examples=int(os.environ.get("HYPOTHESIS_EXAMPLES", 400)), deadline=None)
@given(text=texts)
def test_scanning_only_candidate_words_finds_what_a_full_scan_finds(text):
    assert candidate_scan(text) == full_scan(text)


def test_candidate_scan_matches_full_scan_on_the_seeds(seeds_dir):
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text()
        assert candidate_scan(text) == full_scan(text), path.name
