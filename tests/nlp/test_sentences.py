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


def test_a_run_on_sentence_is_cut_into_bounded_pieces_that_keep_every_word():
    from nlp.sentences import MAX_SENTENCE_CHARS

    text = "Talks went on; officials met, ministers spoke and " * 20_000 + "it ended."  # 1 MB, no full stop
    pieces = split_sentences(text)
    assert len(pieces) > 1000
    assert all(len(piece) <= MAX_SENTENCE_CHARS and text[start:end] == piece for start, end, piece in pieces)
    assert " ".join(piece for _, _, piece in pieces).split() == text.split()
    # cut after a semicolon or comma where there is one, not inside a word
    assert all(piece.endswith((";", ",", "and", "it ended.")) or piece[-1].isalpha() for _, _, piece in pieces)


def test_ordinary_sentences_are_not_cut():
    text = "Lavrov met Dar in Islamabad on Tuesday, and the two discussed trade, energy and security. " * 3
    assert [len(p) for _, _, p in split_sentences(text)] == [len(text.split(". ")[0]) + 1] * 3
