"""The English words of the date resolver, read from ``nlp/data/en/temporal.toml``.

Code reads the words from here, never spells them: a new month abbreviation, false friend
or quantity noun is one line in the data file.

>>> words = vocabulary()
>>> words.months["sept"], words.units["fortnight"], words.approximators["nearly"]
(9, 'W', 'LESS_THAN')
>>> pattern_words()["MONTH_ABBREVIATION"][:3]
['Jan', 'Feb', 'Mar']
"""

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

VOCABULARY_PATH = Path(__file__).resolve().parent.parent / "data" / "en" / "temporal.toml"


@dataclass(frozen=True)
class Vocabulary:
    month_names: list  # "January" ... "December", calendar order
    months: dict  # every lower-case month word, abbreviations too -> 1..12
    weekday_names: list
    weekdays: dict  # "monday" -> 0
    seasons: dict  # "fall" -> "FA"
    season_names: dict  # "FA" -> "autumn"
    parts_of_day: dict  # "evening" -> "EV"
    decade_words: dict  # "sixties" -> 6
    numbers: dict  # "a couple of" -> 2
    holidays: dict  # "thanksgiving day" -> "4 Thursday 11"
    vague_numbers: frozenset
    ordinals: dict  # "nineteenth" -> 19
    quarter_ordinals: dict  # "final" -> 4
    units: dict  # "week" -> "W"
    unit_plurals: dict  # "centuries" -> "century"
    clock_units: frozenset
    unit_names: dict  # "DE" -> "decade"
    clock_unit_names: dict  # "M" -> "minute" in PT... values
    mods: dict  # "early" -> "START"
    approximators: dict  # "more than" -> "MORE_THAN"
    ago_mods: dict
    relative_offsets: dict  # "last" -> -1
    backward: frozenset
    forward: frozenset
    anaphoric_backward: frozenset
    anaphoric_forward: frozenset
    deictic_offsets: dict
    past_references: frozenset
    future_references: frozenset
    set_periods: dict
    set_adjectives_of_kind: frozenset
    before_bare_month: frozenset
    before_season: frozenset
    before_season_with_mod: frozenset
    before_clock: frozenset
    before_noon: frozenset
    not_now_after: list
    lowercase_without_number: frozenset
    lowercase_verbs: frozenset
    may_verb_followers: list
    march_verb_followers: list
    march_month_before: frozenset
    quantity_nouns: frozenset
    quantity_unit_suffixes: list
    quantity_labels: frozenset
    currency_symbols: list
    currency_words: list
    past_words: frozenset
    ed_not_past: frozenset
    future_words: frozenset
    present_verbs: frozenset
    strong_future: frozenset
    future_infinitives: frozenset
    expectation_lead_ins: tuple
    deadline_lead_ins: tuple
    deferrals: frozenset
    determiners: frozenset
    clause_breaks: frozenset
    deferral_until: frozenset
    be_present: frozenset
    be_forms: frozenset
    future_auxiliaries: frozenset
    passive_auxiliaries: frozenset
    failed_tries: tuple  # word sequences: ("could", "not")
    set_followers: frozenset
    chrome_labels: list
    mod_prefixes: dict  # "START" -> "early "
    resolvers: "ResolverWords"


@dataclass(frozen=True)
class ResolverWords:
    """The words the resolvers compare a match's words with ([resolvers] of the data file)."""

    stretch_words: frozenset
    few_stretches: frozenset
    not_stretch_plurals: frozenset
    following: frozenset
    later_after_date: frozenset
    earlier_after_date: frozenset
    rel_directions: dict  # "last" -> "past"
    period_year_offsets: dict  # "next" -> 1
    month_modifier_before: frozenset
    night_words: frozenset
    part_of_day_mods: dict  # "early" -> "START"
    recent_words: frozenset
    spoken_year_fillers: tuple
    spoken_two_thousand: list
    spoken_hundred: list
    decade_joiners: list
    short_decade_joiners: list
    anaphoric_parts_of_day: frozenset
    same_parts_of_day: frozenset
    event_directions: frozenset
    dated_directions: frozenset
    backward_directions: frozenset
    event_after: str  # a regular expression
    vague_starts: tuple
    after_a_second: list
    rate_before: str  # a regular expression
    indefinite_articles: frozenset
    noon_words: frozenset


@functools.cache
def _table():
    with VOCABULARY_PATH.open("rb") as file:
        return tomllib.load(file)


@functools.cache
def vocabulary():
    """The vocabulary, read once per process."""
    data = _table()
    cal, num, units, mods, rel = data["calendar"], data["numbers"], data["units"], data["modifiers"], data["relative"]
    ctx, friends, qty, tense = data["context"], data["false_friends"], data["quantities"], data["tense"]
    months = {name.lower(): index for index, name in enumerate(cal["months"], 1)}
    months |= {abbreviation.lower(): number for abbreviation, number in cal["month_abbreviations"].items()}
    return Vocabulary(
        month_names=[""] + cal["months"],
        months=months,
        weekday_names=cal["weekdays"],
        weekdays={name.lower(): index for index, name in enumerate(cal["weekdays"])},
        seasons=cal["seasons"],
        season_names=data["explanation"]["season_names"],
        parts_of_day=cal["parts_of_day"],
        decade_words=cal["decade_words"],
        numbers=num["values"],
        holidays={name.lower(): rule for name, rule in cal["holidays"].items()},
        vague_numbers=frozenset(num["vague"]),
        ordinals=num["ordinals"],
        quarter_ordinals=num["quarter_ordinals"],
        units=units["codes"],
        unit_plurals={plural: singular for singular, plural in units["plurals"].items()},
        clock_units=frozenset(units["clock_units"]),
        unit_names=units["names"],
        clock_unit_names=units["clock_names"],
        mods=mods["parts"],
        approximators=mods["approximators"],
        ago_mods=mods["ago_mods"],
        relative_offsets=rel["offsets"],
        backward=frozenset(rel["backward"]),
        forward=frozenset(rel["forward"]),
        anaphoric_backward=frozenset(rel["anaphoric_backward"]),
        anaphoric_forward=frozenset(rel["anaphoric_forward"]),
        deictic_offsets=rel["deictic_offsets"],
        past_references=frozenset(rel["past_references"]),
        future_references=frozenset(rel["future_references"]),
        set_periods=rel["set_periods"],
        set_adjectives_of_kind=frozenset(rel["set_adjectives_of_kind"]),
        before_bare_month=frozenset(ctx["before_bare_month"]),
        before_season=frozenset(ctx["before_season"]),
        before_season_with_mod=frozenset(ctx["before_season_with_mod"]),
        before_clock=frozenset(ctx["before_clock"]),
        before_noon=frozenset(ctx["before_noon"]),
        not_now_after=ctx["not_now_after"],
        lowercase_without_number=frozenset(friends["lowercase_without_number"]),
        lowercase_verbs=frozenset(friends["lowercase_verbs"]),
        may_verb_followers=friends["may_verb_followers"],
        march_verb_followers=friends["march_verb_followers"],
        march_month_before=frozenset(friends["march_month_before"]),
        quantity_nouns=frozenset(qty["nouns"]),
        quantity_unit_suffixes=qty["unit_suffixes"],
        quantity_labels=frozenset(qty["labels"]),
        currency_symbols=qty["currency_symbols"],
        currency_words=qty["currency_words"],
        past_words=frozenset(tense["past"]),
        ed_not_past=frozenset(tense["ed_not_past"]),
        future_words=frozenset(tense["future"]),
        present_verbs=frozenset(tense["present"]),
        strong_future=frozenset(tense["strong_future"]),
        future_infinitives=frozenset(tense["future_infinitives"]),
        expectation_lead_ins=tuple(tense["expectation_lead_ins"]),
        deadline_lead_ins=tuple(tense["deadline_lead_ins"]),
        deferrals=frozenset(tense["deferrals"]),
        determiners=frozenset(tense["determiners"]),
        clause_breaks=frozenset(tense["clause_breaks"]),
        deferral_until=frozenset(tense["deferral_until"]),
        be_present=frozenset(tense["be_present"]),
        be_forms=frozenset(tense["be_forms"]),
        future_auxiliaries=frozenset(tense["future_auxiliaries"]),
        passive_auxiliaries=frozenset(tense["passive_auxiliaries"]),
        failed_tries=tuple(tense["failed_tries"]),
        set_followers=frozenset(tense["set_followers"]),
        chrome_labels=data["page_chrome"]["labels"],
        mod_prefixes=data["explanation"]["mod_prefixes"],
        resolvers=_resolver_words(data["resolvers"]),
    )


def _resolver_words(words):
    sets = {"stretch_words", "few_stretches", "not_stretch_plurals", "following", "later_after_date",
            "earlier_after_date", "month_modifier_before", "night_words", "recent_words", "anaphoric_parts_of_day",
            "same_parts_of_day", "event_directions", "dated_directions", "backward_directions", "indefinite_articles",
            "noon_words"}
    tuples = {"spoken_year_fillers", "vague_starts"}
    return ResolverWords(**{name: frozenset(value) if name in sets else tuple(value) if name in tuples else value
                            for name, value in words.items()})


@functools.cache
def pattern_words():
    """The word lists rule patterns use as macros (``{MONTH_NAME}``), in the order tried."""
    data = _table()
    cal, num, units = data["calendar"], data["numbers"], data["units"]
    unit_words = []
    for unit in units["codes"]:
        unit_words.append(unit)
        if unit in units["plurals"]:
            unit_words.append(units["plurals"][unit])  # "centuries": {UNIT} adds only "s"
    return {
        "MONTH_NAME": cal["months"],
        "MONTH_ABBREVIATION": list(cal["month_abbreviations"]),
        "WEEKDAY": cal["weekdays"],
        "SEASON": list(cal["seasons"]),
        "DECADE_WORD": list(cal["decade_words"]),
        "HOLIDAY": sorted(cal["holidays"], key=len, reverse=True),  # "Christmas Day" before "Christmas"
        "COUNT_WORD": num["count_words"],
        "ORDINAL": list(num["ordinals"]),
        "QUARTER_ORDINAL": list(num["quarter_ordinals"]),
        "UNIT_WORD": unit_words,
        "MOD_WORD": list(data["modifiers"]["parts"]),
        "APPROX_WORD": list(data["modifiers"]["approximators"]),
    }


def alternation(words):
    """A regex group matching any of ``words``, in order; spaces match any whitespace."""
    return "(?:" + "|".join(r"\s+".join(map(re.escape, word.split())) for word in words) + ")"


def first_token(phrase):
    """The scanner token a phrase begins with: "#digit" for "1st", "twenty" for "twenty-first"."""
    if phrase[0].isdigit():
        return "#digit"
    return re.match(r"[A-Za-z]+|'", phrase).group().lower()


@functools.cache
def first_word_macros():
    """What a rule's ``first`` entries such as "@months" stand for: the words a macro can begin with."""
    words = {name: sorted({first_token(word) for word in values}) for name, values in pattern_words().items()}
    plural_units = [unit + "s" for unit in pattern_words()["UNIT_WORD"]]  # {UNIT} is {UNIT_WORD}s?
    return {
        "@months": words["MONTH_NAME"] + words["MONTH_ABBREVIATION"],
        "@month_names": words["MONTH_NAME"],
        "@weekdays": words["WEEKDAY"],
        "@seasons": words["SEASON"],
        "@decade_words": words["DECADE_WORD"],
        "@holidays": words["HOLIDAY"],
        "@ordinals": words["ORDINAL"],
        "@quarter_ordinals": words["QUARTER_ORDINAL"],
        "@num": ["#digit"] + words["COUNT_WORD"],
        "@units": words["UNIT_WORD"] + plural_units,
        "@mod": _table()["modifiers"]["lead_words"] + words["MOD_WORD"],  # {MOD} may begin "the very early ..."
        "@approx": words["APPROX_WORD"],
    }


# -- what a matched word means ------------------------------------------------------------


def number_of(value):
    """The count a matched number stands for: 2 for "a couple of", None for "several"."""
    if value is None:
        return None
    words = vocabulary()
    value = " ".join(value.lower().split())
    if value in words.numbers:
        return words.numbers[value]
    if value in words.vague_numbers:
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return int(number) if number == int(number) else number


def unit_of(value):
    """The singular unit of a matched unit word: "centuries" -> "century", "weeks" -> "week"."""
    words = vocabulary()
    value = value.lower()
    if value in words.unit_plurals:
        return words.unit_plurals[value]
    return value[:-1] if value.endswith("s") and value[:-1] in words.units else value


def month_of(name):
    """1..12 for a month name or abbreviation ("Sept." -> 9)."""
    return vocabulary().months[name.lower().rstrip(".")]


@functools.cache
def _mod_word_patterns():
    return [(re.compile(rf"\b{word}\b", re.IGNORECASE), mod) for word, mod in vocabulary().mods.items()]


def mod_of(text):
    """The TIMEX3 mod of a matched "early", "the end of", "mid-": START, END, MID or ""."""
    if not text:
        return ""
    for pattern, mod in _mod_word_patterns():
        if pattern.search(text):
            return mod
    return ""
