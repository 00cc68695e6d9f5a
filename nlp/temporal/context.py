"""The text around a mention: the words before it, its clause, the tense of that clause,
page chrome, and numbers that are quantities rather than years.

>>> text = "The ministry said on Tuesday that talks will resume on Wednesday."
>>> tense(text, 20, 27), tense(text, 56, 65)
('past', 'future')
"""

import functools
import re

from .vocabulary import alternation, vocabulary

WORDS = vocabulary()
_WORD = re.compile(r"[A-Za-z']+")
_CLAUSE_TOKENS = re.compile(r"[A-Za-z']+|[,;:()]")


def words_before(text, position, count=6):
    window = text[max(0, position - 60):position]
    return [w.lower() for w in _WORD.findall(window)][-count:]


def word_before(text, position):
    words = words_before(text, position, 1)
    return words[0] if words else ""


def clause(text, start, end):
    """The clause around a mention: from the last sentence or clause break to the next."""
    left_limit = max(0, start - 200)
    left = text[left_limit:start]
    cut = max(left.rfind(". "), left.rfind("; "), left.rfind("\n"), left.rfind("? "), left.rfind("! "))
    left = left[cut + 1:] if cut >= 0 else left
    right = text[end:end + 160]
    stops = [i for i in (right.find(". "), right.find("; "), right.find("\n"), right.find(".\n")) if i >= 0]
    right = right[: min(stops)] if stops else right
    return left, right


_EXPECTATIONS = tuple(" " + lead for lead in WORDS.expectation_lead_ins)
_DEADLINES = tuple(" " + lead for lead in WORDS.deadline_lead_ins)
_UNTIL = WORDS.deferral_until
_BE_PRESENT = WORDS.be_present
_BE_FORMS = WORDS.be_forms
_SET_FOLLOWERS = tuple([word] for word in WORDS.set_followers)


def tense(text, start, end):
    """'past' or 'future' from the verbs nearest a mention; None when nothing tells.

    "said on Tuesday" is the past Tuesday, "will arrive on Wednesday" the next one, and
    "accepted an invitation to attend the summit in November" the coming November.
    """
    left, right = clause(text, start, end)
    left_words = [w.lower() for w in _CLAUSE_TOKENS.findall(left)]
    right_words = [w.lower() for w in _CLAUSE_TOKENS.findall(right)]
    # 0. An expectation right before it ("as early as Tuesday").
    just_before = " " + " ".join(left_words[-3:])
    if just_before.endswith(_EXPECTATIONS):
        return "future"
    # 1. The nearest verb before the mention, within its clause ("the ministry said on Tuesday").
    recent = left_words[-8:]
    for index in range(len(recent) - 1, -1, -1):
        word = recent[index]
        if word in WORDS.clause_breaks:
            break
        verdict = verb_tense(word)
        if verdict == "past" and set(recent[max(0, index - 3):index]) & WORDS.future_auxiliaries \
                and set(recent[max(0, index - 3):index]) & WORDS.passive_auxiliaries:
            return "future"  # "would still be held on April 24": a passive still to come
        if verdict == "past" and index > 0 and recent[index - 1] == "be":
            if recent[max(0, index - 3):index - 1] in WORDS.failed_tries:
                return "past"  # "could not be reached Wednesday": a failed try, already made
            return "future"  # "expect it to be completed by Dec. 15", "could be signed on Monday"
        if word == "set" and recent[index + 1:index + 2] not in _SET_FOLLOWERS:
            verdict = "past"  # "beat the record set on Aug. 6"; "set to meet", "set for" look forward
        if verdict == "past" and index > 0 and recent[index - 1] in WORDS.determiners:
            continue  # "a still unspecified date", "the armed forces": an adjective, not a verb
        if word in WORDS.deferrals and set(recent[index + 1:]) & _UNTIL:
            return "future"  # "postponed until Tuesday", "put off till next week": moved forward
        if verdict:
            return verdict
        if word.endswith("s") and word in WORDS.present_verbs or word in _BE_PRESENT:
            break
    # 2. A future marker earlier in the sentence ("invitation to attend ... in November").
    window = left_words[-15:]
    for index, word in enumerate(window):
        if word in WORDS.strong_future:
            return "future"
        if word == "to" and index + 1 < len(window) and window[index + 1] in WORDS.future_infinitives:
            return "future"
        if word == "to" and index > 0 and window[index - 1] in _BE_PRESENT:
            return "future"  # "is to resume trading Tuesday": an arrangement still to come
    # 3. The first verb after it, up to the next clause break ("on Tuesday he met ..."); a comma
    # right after a mention that opens its clause does not end it ("On Tuesday, the league plans").
    ahead = right_words[:6]
    if right_words[:1] == [","] and len(left_words) <= 2:
        ahead = right_words[1:10]
    previous = None
    for word in ahead:
        if word in WORDS.clause_breaks:
            break
        verdict = verb_tense(word)
        if verdict == "future" and word.endswith("ed") and previous not in _BE_FORMS:
            return "past"  # "On Friday, the government planned to pay": a plan already made
        if verdict:
            return verdict
        previous = word
    # 4. A deadline with no verb near it to say otherwise ("until Tuesday", "by Jan. 14"); "until
    # Thursday, Oslo had not confirmed the talks" was settled by the verb after it.
    if just_before.endswith(_DEADLINES):
        return "future"
    return None


def verb_tense(word):
    if word in WORDS.future_words:
        return "future"
    if word in WORDS.past_words:
        return "past"
    if word.endswith("ed") and len(word) > 4 and word not in WORDS.ed_not_past:
        return "past"
    return None


def followed_by(text, end, words, window):
    """True when one of ``words`` (as written) begins within ``window`` characters after ``end``."""
    return bool(_follower_pattern(tuple(words)).match(text, end, end + window))


@functools.cache
def _follower_pattern(words):
    return re.compile(r"\s+" + alternation(words) + r"\b")


# -- page chrome ----------------------------------------------------------------------------


def _labels_pattern(labels):
    """One alternative per first word ("last" edited/seen/...): the search runs on every line."""
    rests = {}
    for label in labels:
        first, *rest = label.split(maxsplit=1)
        rests.setdefault(first, []).extend(rest)
    alternatives = []
    for first, words in rests.items():
        pattern = (r"\b" if re.match(r"\w", first) else "") + re.escape(first)
        if words:
            optional = "?" if first in labels else ""  # "last" alone is a label too
            pattern += r"(?:\s+" + alternation(words) + ")" + optional
        alternatives.append(pattern)
    return "(?:" + "|".join(alternatives) + ")"


_CHROME_LABEL = re.compile(
    r"(?P<lead>^|[^\w\s,]\s*|\b\w+\s+)(?P<label>" + _labels_pattern(WORDS.chrome_labels) + r")(?P<tail>[\s:\-–•]*)$",
    re.IGNORECASE,
)


def _is_chrome_label(match):
    """A label as chrome writes it, not the same words in prose ("the consul was last seen Nov. 3").

    Chrome puts the label at the start of a line or after a separator, capitalises it, or ends it
    with a colon; a symbol (©) is chrome wherever it is.
    """
    if not match:
        return False
    label = match.group("label")
    if not label[0].isalpha() or ":" in match.group("tail") or label[0].isupper():
        return True
    return not match.group("lead").strip() or not match.group("lead").strip()[-1].isalnum()


_CHROME_LOOKBACK = 120


def is_chrome(text, start):
    """True for a date in page or forum chrome: "Joined May 21, 2006", "© 2021"."""
    # A label ends right before the date (or ends the line above it): looking back a short
    # way is enough, and keeps the check from reading a whole megabyte-long line per date.
    window = max(0, start - _CHROME_LOOKBACK)
    line_start = text.rfind("\n", window, start) + 1 or window
    before = text[line_start:start]
    if _is_chrome_label(_CHROME_LABEL.search(before)):
        return True
    if before.strip(" -•*\t") == "" and line_start > 0 and text[line_start - 1] == "\n":
        window = max(0, line_start - 1 - _CHROME_LOOKBACK)
        previous_start = text.rfind("\n", window, line_start - 1) + 1 or window
        return _is_chrome_label(_CHROME_LABEL.search(text[previous_start:line_start - 1].strip()))
    return False


# -- numbers that are quantities --------------------------------------------------------------

_CURRENCY_BEFORE = re.compile(
    "(?:[" + "".join(map(re.escape, WORDS.currency_symbols)) + r"]|\b" + alternation(WORDS.currency_words)
    + r"\.?)\s*$"
)
_NEXT_WORD = re.compile(r"\s*([A-Za-z]+)")
_UNIT_AFTER = re.compile(r"\s*(?:-|–)?\s*" + alternation(WORDS.quantity_unit_suffixes) + r"\b", re.IGNORECASE)


def is_quantity(text, start, end):
    """True when the number at ``start:end`` counts something: "2000 troops", "Rs 2010", "flight 1999"."""
    before = text[max(0, start - 12):start]
    after = text[end:end + 24]
    if _CURRENCY_BEFORE.search(before):
        return True
    if word_before(text, start) in WORDS.quantity_labels:
        return True
    next_word = _NEXT_WORD.match(after)
    if next_word and next_word.group(1).lower() in WORDS.quantity_nouns:
        return True
    return bool(_UNIT_AFTER.match(after))
