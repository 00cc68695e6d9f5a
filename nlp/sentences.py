"""Split news text into sentences, keeping character offsets.

Plain Python, no Django. News prose is regular enough for rules: a sentence ends at
. ! or ? (with any closing quote) followed by space and a capital, a digit or an opening
quote, unless the word before the full stop is an abbreviation ("Gen.", "U.S.", "Sept.")
or an initial ("Viktor V. Chirkov").

>>> [text for _, _, text in split_sentences("Gen. Bajwa met Mr. Lavrov. They discussed trade.")]
['Gen. Bajwa met Mr. Lavrov.', 'They discussed trade.']
"""

import re

from .words import table

ABBREVIATIONS = frozenset(table("text")["sentences"]["abbreviations"])
# No news sentence is this long; a run-on "sentence" longer than this (a table flattened into one
# line, a list of names, a scraped page with its full stops lost) is cut into pieces of at most
# this many characters, at a semicolon, a comma or a space, so that the work every later stage
# does per sentence stays bounded and the whole pipeline linear in the length of the text.
MAX_SENTENCE_CHARS = 1000
_PIECE_BREAKS = ("; ", ", ", " ")
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9•])")


def split_sentences(text, start=0, end=None):
    """``(start, end, sentence)`` triples for the sentences of ``text[start:end]``."""
    end = len(text) if end is None else end
    sentences = []
    position = start
    for boundary in _BOUNDARY.finditer(text, start, end):
        stop = boundary.end()
        word = re.search(r"([A-Za-z.]+)\.$", text[max(position, stop - 12):boundary.start() + 1])
        if text[boundary.start()] == "." and word:
            token = word.group(1).lower().rstrip(".")
            if token in ABBREVIATIONS or len(token) == 1:
                continue
        _append(text, position, stop, sentences)
        position = stop
    _append(text, position, end, sentences)
    return sentences


def _append(text, start, end, sentences):
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE_CHARS:
        cut = _piece_end(text, start, start + MAX_SENTENCE_CHARS)
        _append(text, start, cut, sentences)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        sentences.append((start, end, text[start:end]))


def _piece_end(text, start, limit):
    """Where to cut an over-long sentence before ``limit``: after its last semicolon, else its
    last comma, else its last space in the second half of the piece; else at ``limit``.

    >>> text = "a, b; c d " * 200
    >>> [len(s) <= MAX_SENTENCE_CHARS for _, _, s in split_sentences(text)] == [True] * 3
    True
    """
    for mark in _PIECE_BREAKS:
        found = text.rfind(mark, start + (limit - start) // 2, limit)
        if found != -1:
            return found + len(mark)
    return limit
