from nlp.sentences import split_sentences


def test_abbreviations_initials_and_quotes():
    text = ("Russian Naval Chief Admiral Viktor V. Chirkov visited Pakistan last August. “Currently, we are focusing on it,” "
            "the diplomat said. Gen. Bajwa met U.S. officials on Sept. 4. He left.")
    assert [sentence for _, _, sentence in split_sentences(text)] == [
        "Russian Naval Chief Admiral Viktor V. Chirkov visited Pakistan last August.",
        "“Currently, we are focusing on it,” the diplomat said.",
        "Gen. Bajwa met U.S. officials on Sept. 4.",
        "He left.",
    ]


def test_offsets_are_exact():
    text = "  First one. Second one!  Third?"
    for start, end, sentence in split_sentences(text):
        assert text[start:end] == sentence
