"""Find the date expressions in news text and resolve them to TIMEX3 values and intervals.

Plain Python, no Django. One compiled pattern finds candidate expressions in a single
scan; each match is then checked against its context (false friends such as "may" the
verb, "2,000 troops", "RD-93") and resolved against the publication date (the DCT), or
against the last date the text mentioned for anaphoric expressions ("a day earlier").

>>> import datetime
>>> [m.timex for m in extract("Putin visited Pakistan last August.", datetime.date(2015, 5, 14))]
['2014-08']
>>> [m.timex for m in extract("Putin visited Pakistan last August.", None)]
['XXXX-08']

Nothing here reads the machine's clock: without a publication date, relative expressions
stay underspecified.
"""

import datetime
import re
from dataclasses import dataclass

from .calendar import add_months as _add_months
from .calendar import interval as _interval
from .calendar import narrow as _apply_mod
from .calendar import week_interval as _week_interval
from .calendar import week_value as _week_value
from .calendar import year_ok as _year_ok
from .context import is_chrome as _is_chrome
from .context import is_quantity
from .context import tense as _tense
from .context import word_before as _word_before
from .mention import TemporalMention
from .timex import DATE, DURATION, SET, TIME, is_valid_timex
from .timex import duration_value as _duration_value
from .vocabulary import mod_of as _mod_of
from .vocabulary import month_of as _month_number
from .vocabulary import number_of as _num
from .vocabulary import unit_of as _unit
from .vocabulary import vocabulary

__all__ = ["TemporalMention", "extract", "is_valid_timex"]


# ---------------------------------------------------------------------------------------
# Vocabulary: nlp/data/en/temporal.toml

WORDS = vocabulary()
MONTHS = WORDS.months
MONTH_NAMES = WORDS.month_names
WEEKDAYS = WORDS.weekdays
SEASONS = WORDS.seasons
SEASON_NAMES = WORDS.season_names
PARTS_OF_DAY = WORDS.parts_of_day
ORDINALS = {**WORDS.ordinals, **WORDS.quarter_ordinals}
DECADE_WORDS = WORDS.decade_words
TIME_UNITS = WORDS.clock_units
APPROX_WORDS = WORDS.approximators

# ---------------------------------------------------------------------------------------
# Patterns

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_MONTH_FULL = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d:])"
_YEAR = r"(?:1[5-9]\d\d|20\d\d|2100)(?![\d,]\d)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_SEASON = r"(?:spring|summer|autumn|fall|winter)"
_NUM = (
    r"(?:\d+(?:\.\d+)?|a\s+couple\s+of|couple\s+of|a\s+dozen|half\s+a|a\s+few|a\s+number\s+of"
    r"|several|few|many|some|dozens\s+of|hundreds\s+of|a|an|one|two|three|four|five|six|seven"
    r"|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    r"|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)"
)
_UNIT = r"(?:second|minute|hour|day|week|fortnight|month|quarter|year|decade|centur(?:y|ies))s?"
_CAL_UNIT = r"(?:day|week|weekend|fortnight|month|quarter|year|decade|century)"
_MOD = (
    r"(?:(?:the\s+)?(?:very\s+)?(?:early|late|mid|end|beginning|start|middle|close)"
    r"(?:\s+of(?:\s+the)?)?[\s-]+)"
)
_APPROX = (
    r"(?:about|around|approximately|roughly|nearly|almost|less\s+than|more\s+than|over|at\s+least"
    r"|just\s+over|just\s+under|up\s+to|under|some)\s+"
)
_ORDINAL = (
    r"(?:first|second|third|fourth|final|last|1st|2nd|3rd|4th)"
)
_CENTURY_ORD = (
    r"(?:\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth"
    r"|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth"
    r"|nineteenth|twentieth|twenty-first)"
)

_PATTERNS = [
    # "13–14 June 2019", "June 13-14, 2019": two days in one phrase.
    ("day_range_dm", rf"(?P<dr_d1>{_DAY})\s*(?:-|–|—|to|and)\s*(?P<dr_d2>{_DAY})\s+(?:of\s+)?(?P<dr_m>{_MONTH})(?:,?\s+(?P<dr_y>{_YEAR}))?"),
    ("day_range_md", rf"(?P<mr_m>{_MONTH})\s+(?P<mr_d1>{_DAY})\s*(?:-|–|—|to|and)\s*(?P<mr_d2>{_DAY})(?:,?\s+(?P<mr_y>{_YEAR}))?"),
    # "Tuesday, 6 April 2021", "13 June 2019", "the 13th of June"
    ("dmy", rf"(?:(?P<dmy_wd>{_WEEKDAY}),?\s+)?(?:the\s+)?(?P<dmy_d>{_DAY})\s+(?:of\s+)?(?P<dmy_m>{_MONTH})(?:,?\s+(?P<dmy_y>{_YEAR}))?"),
    # "Tuesday, April 6, 2021", "June 13, 2019", "Sept. 4"
    ("mdy", rf"(?:(?P<mdy_wd>{_WEEKDAY}),?\s+)?(?P<mdy_m>{_MONTH})\s+(?P<mdy_d>{_DAY})(?:,?\s+(?P<mdy_y>{_YEAR}))?"),
    ("iso", r"(?P<iso_y>1[5-9]\d\d|20\d\d)-(?P<iso_m>0[1-9]|1[0-2])-(?P<iso_d>0[1-9]|[12]\d|3[01])(?!\d)"),
    ("numeric", r"(?P<num_a>[0-3]?\d)[/.](?P<num_b>[0-3]?\d)[/.](?P<num_y>(?:19|20)\d\d)(?!\d)"),
    # "mid-2019", "early October 2012", "the end of March 2020", "October 2012"
    ("month_year", rf"(?P<my_mod>{_MOD})?(?P<my_m>{_MONTH}),?\s+(?:of\s+)?(?P<my_y>{_YEAR})"),
    ("season_year", rf"(?P<sy_mod>{_MOD})?(?:the\s+)?(?P<sy_s>{_SEASON})\s+(?:of\s+)?(?P<sy_y>{_YEAR})"),
    ("quarter", rf"(?:(?P<q_q>Q[1-4])\s*(?P<q_y>{_YEAR})?|(?:the\s+)?(?P<q_ord>{_ORDINAL})\s+(?:fiscal\s+|financial\s+)?quarter(?:\s+of\s+(?:(?P<q_y2>{_YEAR})|(?P<q_rel>this|last|next|the)\s+(?:fiscal\s+)?year))?)"),
    ("half", rf"(?:the\s+)?(?P<h_ord>first|second|latter)\s+half\s+of\s+(?:(?P<h_y>{_YEAR})|(?P<h_rel>this|last|next|the)\s+year)"),
    ("century", rf"(?P<c_mod>{_MOD})?(?:the\s+)?(?P<c_ord>{_CENTURY_ORD})(?:\s+(?:and|or|to)\s+(?P<c_ord2>{_CENTURY_ORD}))?\s+centur(?:y|ies)"),
    ("decade", rf"(?P<dc_mod>{_MOD})?(?:the\s+)?(?:(?P<dc_full>(?:1[5-9]|20)\d0)'?s|'(?P<dc_short>[0-9]0)'?s|(?P<dc_word>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))(?![\w'])"),
    ("decade_short", r"(?<=\band\s)(?P<ds_short>[2-9]0)s\b"),
    # "a year ago", "more than two decades ago"
    ("ago", rf"(?P<ago_approx>{_APPROX})?(?:(?P<ago_n>{_NUM})[\s-]*)?(?P<ago_u>{_UNIT})\s+ago\b"),
    # "a day earlier", "two weeks later"
    ("anaphoric", rf"(?P<an_n>{_NUM})\s+(?P<an_u>{_UNIT})\s+(?P<an_dir>earlier|later|afterwards|after|before|prior)(?=\s*(?:[,.;:)]|$|\s+(?:on|in|at|when|he|she|they|it|the)\b))"),
    ("anaphoric_the", rf"(?:the\s+(?P<at_dir>next|following|previous|preceding|same|prior|subsequent)|(?P<at_dir2>following|preceding|subsequent))\s+(?P<at_u>day|week|weekend|month|year|decade|morning|evening|night|afternoon)\b(?!\s*(?:'s)?\s*(?:visit|meeting|talks|summit|elections?|session|round|budget|century))"),
    ("anaphoric_that", rf"(?:that|the\s+same)\s+(?P<th_u>day|week|month|year|night|morning|evening)\b"),
    ("day_before", r"the\s+(?P<db_u>day|night|week|month|year)\s+(?P<db_dir>before|after)(?=\s*(?:[,.;:)]|$|\s+(?:yesterday|tomorrow)))"),
    ("deictic_pair", r"the\s+day\s+(?P<dp_dir>before\s+yesterday|after\s+tomorrow)"),
    # "earlier this month", "later this year", "at the end of the year"
    ("same_day", r"(?P<sd_side>earlier|later)\s+(?:in\s+the|that|the\s+same)\s+day"),
    ("edge_of_period", rf"(?:(?P<ep_side>earlier|later)\s+(?:(?P<ep_rel>this|last|next)|in\s+the)\s+(?P<ep_u>week|month|year|decade|quarter))"),
    ("edge_mod", rf"(?P<em_mod>{_MOD})(?:the\s+)?(?:(?P<em_rel>this|last|next|the|current|coming|previous)\s+)(?P<em_u>week|month|year|decade|quarter|century)\b"),
    # "last August", "next week", "the past three years", "this summer", "last Tuesday"
    ("relative", rf"(?P<rel_the>the\s+)?(?P<rel_w>last|this|next|past|previous|coming|current|following|present)\s+(?:(?P<rel_n>{_NUM})\s+)?(?P<rel_x>{_UNIT}|weekend|{_MONTH_FULL}|{_WEEKDAY}|{_SEASON})(?!\w)(?:\s+(?P<rel_pod>morning|afternoon|evening|night))?"),
    ("recent", r"(?:(?P<rc_in>in|over|during|within)\s+)?(?:the\s+)?(?P<rc_w>recent|coming|next\s+few|past\s+few|last\s+few|past\s+several|last\s+several)\s+(?P<rc_u>days|weeks|months|years|decades)"),
    ("now", r"(?P<now_w>now|currently|presently|at\s+present|nowadays|these\s+days|at\s+the\s+moment|the\s+present|recently|lately|in\s+the\s+past|the\s+future|in\s+future|in\s+the\s+near\s+future|the\s+near\s+future|in\s+the\s+long\s+run|once\s+again)\b"),
    ("deictic", rf"(?P<dx>today|yesterday|tomorrow|tonight|last\s+night)(?:\s+(?P<dx_pod>morning|afternoon|evening|night))?(?!['’]s\s+(?:world|society|generation|youth|economy|technology))"),
    ("this_pod", r"this\s+(?P<tp>morning|afternoon|evening)"),
    # "Tuesday", "on Tuesday morning"
    ("weekday", rf"(?P<wd>{_WEEKDAY})(?:['’]s)?(?:\s+(?P<wd_pod>morning|afternoon|evening|night))?"),
    # "in October", "early August", "October" after a temporal word
    ("month", rf"(?P<mo_mod>{_MOD})?(?P<mo>{_MONTH_FULL})(?!\w)"),
    ("season", rf"(?P<ss_mod>{_MOD})?(?:the\s+)?(?P<ss>{_SEASON})\b(?!\s+(?:session|offensive|games|olympics|school|camp|palace|storm))"),
    ("fiscal_year", rf"(?:fiscal|financial)\s+(?:year\s+)?(?P<fy>{_YEAR}(?:[-–/](?:\d\d){{1,2}})?)|FY\s?(?P<fy2>(?:20)?\d\d)(?:[-–/]\d\d)?"),
    # "2010-2015", "2012-13"
    ("year_range", rf"(?P<yr_mod>{_MOD})?(?P<yr_1>{_YEAR})\s*(?:-|–|—|to|and)\s*(?P<yr_2>{_YEAR}|\d\d)(?![\d%])"),
    ("year", rf"(?P<y_mod>{_MOD})?(?P<y>{_YEAR})(?!\s*(?:%|per\s*cent|percent))"),
    # durations: "nine years", "a decade", "the past 12 months", "two-day", "48 hours"
    ("duration", rf"(?P<du_the>the\s+(?:past|last|next|first|previous|coming|final)\s+)?(?P<du_approx>{_APPROX})?(?P<du_n>{_NUM})[\s-]+(?P<du_u>{_UNIT})(?P<du_adj>-long|-old|\s+old)?(?!\w)"),
    ("bare_units", r"(?<=\bfor\s)(?P<bu>days|weeks|months|years|decades|centuries)\b"),
    # SET: "every year", "annually", "twice a year"
    ("set", r"(?P<set_w>(?:every|each)\s+(?:other\s+)?(?:day|week|month|year|decade|morning|evening|night|summer|winter|spring|autumn)|daily|weekly|monthly|annually|annual|yearly|biannual|biennial|quarterly|(?:once|twice|(?:three|four)\s+times)\s+a\s+(?:day|week|month|year))\b"),
    # TIME: "5 p.m.", "14:00 GMT", "noon"
    ("clock", r"(?P<ck_h>[01]?\d|2[0-3])(?::(?P<ck_m>[0-5]\d))?\s*(?P<ck_ap>a\.m\.|p\.m\.|am\b|pm\b|a\.m|p\.m)|(?P<ck_h2>[01]?\d|2[0-3]):(?P<ck_m2>[0-5]\d)\s*(?P<ck_tz>GMT|UTC|PST|hours|hrs|local\s+time|IST|PKT)?"),
    ("noon", r"(?P<nn>noon|midday|midnight)"),
]

# Case matters for some words ("May" the month, "may" the verb), so the scan is
# case-insensitive and the checks below look at the original spelling.
_SCANNER = re.compile(
    r"(?<![\w$€£¥'’\-/.])(?:" + "|".join(f"(?P<{name}>{pattern})" for name, pattern in _PATTERNS) + r")(?![\w/]|-\d|\.\d)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z']+")

# Every pattern above begins with a digit, an apostrophe before a digit, or one of these
# words. Trying the scanner only where such a token starts gives the same matches as
# scanning every position, several times faster (tests/test_temporal.py checks the two agree).
_FIRST_WORDS = frozenset(
    """the a an very early late mid end beginning start middle close last this next past previous
    coming current following present preceding same prior subsequent that earlier later about
    around approximately roughly nearly almost less more over at just up under some several few
    many couple dozen dozens hundreds half number one two three four five six seven eight nine ten
    eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty
    fifty sixty seventy eighty ninety hundred first second third fourth fifth sixth seventh eighth
    ninth tenth twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth
    twentieth final latter q fy fiscal financial today yesterday tomorrow tonight now currently
    presently nowadays these recently lately in once twice during within recent every each daily
    weekly monthly annually annual yearly biannual biennial quarterly noon midday midnight spring
    summer autumn fall winter twenties thirties forties fifties sixties seventies eighties nineties
    second seconds minute minutes hour hours day days week weeks fortnight fortnights month months
    quarter quarters year years decade decades century centuries""".split()
    + [name.lower() for name in MONTHS]
    + list(WEEKDAYS)
)
_TOKEN = re.compile(r"[A-Za-z]+|\d+|'(?=\d)")


def _candidate_matches(text):
    """The scanner's matches, leftmost first and non-overlapping, as ``finditer`` gives them."""
    last_end = 0
    match_at = _SCANNER.match
    first_words = _FIRST_WORDS
    for token in _TOKEN.finditer(text):
        position = token.start()
        if position < last_end:
            continue
        word = token.group()
        if not (word[0].isdigit() or word == "'" or word.lower() in first_words):
            continue
        match = match_at(text, position)
        if match is not None and match.end() > position:
            last_end = match.end()
            yield match
# ---------------------------------------------------------------------------------------
# Results

@dataclass(slots=True)
class _Reading:
    timex: str
    type: str = DATE
    granularity: str = "day"
    start: datetime.date | None = None
    end: datetime.date | None = None
    mod: str = ""
    anchor: str = "absolute"
    human: str = ""
    approximate: bool = False


def _fmt_day(day):
    return f"{WORDS.weekday_names[day.weekday()]} {day.day} {MONTH_NAMES[day.month]} {day.year}"


def _fmt_dct(dct):
    return f"{dct.day} {MONTH_NAMES[dct.month]} {dct.year}"


_MOD_HUMAN = WORDS.mod_prefixes


# ---------------------------------------------------------------------------------------
# Resolution

class _Reject(Exception):
    """The match is not a date expression after all (a false friend)."""


def _check_month_word(match_text, month_text, has_number):
    """Reject "may"/"march" the verbs and abbreviations that are names ("Jan")."""
    lowered = month_text.lower().rstrip(".")
    if month_text[0].islower() and lowered in WORDS.lowercase_without_number and not has_number:
        raise _Reject
    if month_text.islower() and lowered in WORDS.lowercase_verbs:
        raise _Reject


class _Resolver:
    def __init__(self, text, dct, dct_is_approximate=False):
        self.text = text
        self.dct = dct
        self.dct_is_approximate = dct_is_approximate
        self.reference = None  # (_Reading, text) of the last resolved date, for "a day earlier"

    # -- helpers ---------------------------------------------------------------------

    def _publication(self):
        return ("about " if self.dct_is_approximate else "") + _fmt_dct(self.dct)

    def _year_for_month(self, month, tense, day=None):
        """The year of a month (or month-day) named without one, from the DCT and tense."""
        dct = self.dct
        if day is not None:
            try:
                candidate = datetime.date(dct.year, month, day)
            except ValueError:
                candidate = datetime.date(dct.year, month, 28)
            if tense == "future":
                return dct.year if candidate >= dct else dct.year + 1
            if tense == "past":
                return dct.year if candidate <= dct else dct.year - 1
            # Neither: the nearest occurrence.
            options = []
            for year in (dct.year - 1, dct.year, dct.year + 1):
                try:
                    options.append((abs((datetime.date(year, month, min(day, 28)) - dct).days), year))
                except ValueError:
                    continue
            return min(options)[1]
        if tense == "future":
            return dct.year if month >= dct.month else dct.year + 1
        if tense == "past":
            return dct.year if month <= dct.month else dct.year - 1
        if abs(month - dct.month) <= 6:
            return dct.year
        return dct.year - 1 if month > dct.month else dct.year + 1

    def _day_reading(self, day, anchor, weekday=False):
        return _Reading(
            timex=day.isoformat(), granularity="day", start=day, end=day, anchor=anchor,
            human=_fmt_day(day) if weekday or anchor != "absolute" else f"{day.day} {MONTH_NAMES[day.month]} {day.year}",
        )

    def _month_reading(self, year, month, mod="", anchor="absolute"):
        start, end = _apply_mod(*_interval("month", year, month), mod)
        return _Reading(timex=f"{year:04d}-{month:02d}", granularity="month", start=start, end=end, mod=mod,
                        anchor=anchor, human=f"{_MOD_HUMAN.get(mod, '')}{MONTH_NAMES[month]} {year}")

    def _year_reading(self, year, mod="", anchor="absolute"):
        if not _year_ok(year):
            raise _Reject
        start, end = _apply_mod(*_interval("year", year), mod)
        return _Reading(timex=f"{year:04d}", granularity="year", start=start, end=end, mod=mod, anchor=anchor,
                        human=f"{_MOD_HUMAN.get(mod, '')}{year}")

    def _unresolved(self, timex, granularity, human, type_=DATE, mod=""):
        return _Reading(timex=timex, type=type_, granularity=granularity, anchor="none", human=human, mod=mod)

    def _period_reading(self, unit, offset, base, anchor, mod=""):
        """The calendar unit containing ``base``, shifted by ``offset`` units."""
        if unit == "day":
            day = base + datetime.timedelta(days=offset)
            return self._day_reading(day, anchor, weekday=True)
        if unit in {"week", "fortnight"}:
            day = base + datetime.timedelta(weeks=offset)
            start, end = _apply_mod(*_week_interval(day), mod)
            return _Reading(timex=_week_value(day), granularity="week", start=start, end=end, mod=mod,
                            anchor=anchor, human=f"{_MOD_HUMAN.get(mod, '')}the week of {_fmt_dct(_week_interval(day)[0])}")
        if unit == "weekend":
            day = base + datetime.timedelta(weeks=offset)
            monday = _week_interval(day)[0]
            saturday = monday + datetime.timedelta(days=5)
            return _Reading(timex=_week_value(day) + "-WE", granularity="week", start=saturday,
                            end=saturday + datetime.timedelta(days=1), anchor=anchor,
                            human=f"the weekend of {_fmt_dct(saturday)}")
        if unit == "month":
            day = _add_months(base.replace(day=1), offset)
            return self._month_reading(day.year, day.month, mod, anchor)
        if unit == "quarter":
            index = base.year * 4 + (base.month - 1) // 3 + offset
            year, quarter = divmod(index, 4)
            start, end = _apply_mod(*_interval("quarter", year, quarter + 1), mod)
            return _Reading(timex=f"{year:04d}-Q{quarter + 1}", granularity="quarter", start=start, end=end,
                            mod=mod, anchor=anchor, human=f"{_MOD_HUMAN.get(mod, '')}Q{quarter + 1} {year}")
        if unit == "year":
            return self._year_reading(base.year + offset, mod, anchor)
        if unit == "decade":
            decade = (base.year // 10 + offset) * 10
            start, end = _apply_mod(*_interval("decade", decade), mod)
            return _Reading(timex=f"{decade // 10:03d}", granularity="decade", start=start, end=end, mod=mod,
                            anchor=anchor, human=f"{_MOD_HUMAN.get(mod, '')}the {decade}s")
        if unit == "century":
            century = base.year // 100 + offset
            start, end = _apply_mod(*_interval("century", century * 100), mod)
            return _Reading(timex=f"{century:02d}", granularity="century", start=start, end=end, mod=mod,
                            anchor=anchor, human=f"{_MOD_HUMAN.get(mod, '')}the {century * 100}s")
        raise _Reject

    def _dct_or_ref(self, prefer_reference):
        """Base for anaphoric expressions: the last mentioned date, else the DCT."""
        if prefer_reference and self.reference is not None:
            return self.reference[0].start, "previous date"
        if self.dct is not None:
            return self.dct, "publication date"
        return None, "none"

    def _underspecified_relative(self, direction, granularity, words):
        value = {"past": "PAST_REF", "future": "FUTURE_REF"}.get(direction, "PRESENT_REF")
        return self._unresolved(value, granularity, words)

    # -- expression kinds ------------------------------------------------------------

    def resolve(self, kind, g, start, end):
        method = getattr(self, "_r_" + kind)
        return method(g, start, end)

    def _full_date(self, day, month_text, year_text, weekday_text, start, end):
        month = _month_number(month_text)
        day = int(re.match(r"\d+", day).group())
        _check_month_word(self.text[start:end], month_text, True)
        if len(month_text.rstrip(".")) <= 4 and month_text[0].islower():
            raise _Reject
        if year_text:
            try:
                date = datetime.date(int(year_text), month, day)
            except ValueError:
                raise _Reject from None
            return self._day_reading(date, "absolute", weekday=bool(weekday_text))
        if self.dct is None:
            return self._unresolved(f"XXXX-{month:02d}-{day:02d}", "day", f"{day} {MONTH_NAMES[month]} of an unknown year")
        year = self._year_for_month(month, _tense(self.text, start, end), day)
        if weekday_text:
            # "Tuesday, April 6": the year whose April 6 is a Tuesday, near the DCT.
            wanted = WEEKDAYS[weekday_text.lower()]
            for candidate in (year, year - 1, year + 1):
                try:
                    if datetime.date(candidate, month, day).weekday() == wanted:
                        year = candidate
                        break
                except ValueError:
                    continue
        try:
            date = datetime.date(year, month, day)
        except ValueError:
            raise _Reject from None
        return self._day_reading(date, "publication date", weekday=True)

    def _r_dmy(self, g, start, end):
        return self._full_date(g["dmy_d"], g["dmy_m"], g["dmy_y"], g["dmy_wd"], start, end)

    def _r_mdy(self, g, start, end):
        month_text = g["mdy_m"]
        if month_text.lower() == "may" and not g["mdy_y"] and month_text[0].islower():
            raise _Reject
        return self._full_date(g["mdy_d"], month_text, g["mdy_y"], g["mdy_wd"], start, end)

    def _r_iso(self, g, start, end):
        try:
            date = datetime.date(int(g["iso_y"]), int(g["iso_m"]), int(g["iso_d"]))
        except ValueError:
            raise _Reject from None
        return self._day_reading(date, "absolute")

    def _r_numeric(self, g, start, end):
        a, b, year = int(g["num_a"]), int(g["num_b"]), int(g["num_y"])
        # Day-first unless that is impossible: most of the world's press writes 13/06/2019.
        day, month = (a, b) if b <= 12 else (b, a)
        try:
            date = datetime.date(year, month, day)
        except ValueError:
            raise _Reject from None
        return self._day_reading(date, "absolute")

    def _r_month_year(self, g, start, end):
        _check_month_word(self.text[start:end], g["my_m"], True)
        month = _month_number(g["my_m"])
        return self._month_reading(int(g["my_y"]), month, _mod_of(g["my_mod"]))

    def _r_season_year(self, g, start, end):
        season = SEASONS[g["sy_s"].lower()]
        year = int(g["sy_y"])
        mod = _mod_of(g["sy_mod"])
        s, e = _apply_mod(*_interval("season", year, season), mod)
        return _Reading(timex=f"{year:04d}-{season}", granularity="season", start=s, end=e, mod=mod,
                        human=f"{_MOD_HUMAN.get(mod, '')}{SEASON_NAMES[season]} {year}")

    def _quarter_year(self, year_text, rel, start, end):
        if year_text:
            return int(year_text), "absolute"
        if self.dct is None:
            return None, "none"
        if rel == "last":
            return self.dct.year - 1, "publication date"
        if rel == "next":
            return self.dct.year + 1, "publication date"
        return self.dct.year, "publication date"

    def _r_quarter(self, g, start, end):
        if g["q_q"]:
            quarter = int(g["q_q"][1])
            if not g["q_y"] and g["q_q"][0] == "q":
                raise _Reject
            year, anchor = self._quarter_year(g["q_y"], None, start, end)
        else:
            quarter = ORDINALS.get(g["q_ord"].lower(), None) or int(g["q_ord"][0])
            if g["q_ord"].lower() == "last" and not (g["q_y2"] or g["q_rel"]):
                # "the last quarter" is the previous quarter, counted from the DCT.
                base, anchor = self._dct_or_ref(False)
                if base is None:
                    return self._unresolved("PAST_REF", "quarter", "the previous quarter")
                return self._period_reading("quarter", -1, base, anchor)
            year, anchor = self._quarter_year(g["q_y2"], g["q_rel"], start, end)
        if year is None:
            return self._unresolved(f"XXXX-Q{quarter}", "quarter", f"Q{quarter} of an unknown year")
        s, e = _interval("quarter", year, quarter)
        return _Reading(timex=f"{year:04d}-Q{quarter}", granularity="quarter", start=s, end=e, anchor=anchor,
                        human=f"Q{quarter} {year}")

    def _r_half(self, g, start, end):
        half = 1 if g["h_ord"].lower() == "first" else 2
        year, anchor = self._quarter_year(g["h_y"], g["h_rel"], start, end)
        if year is None:
            return self._unresolved(f"XXXX-H{half}", "half", f"half {half} of an unknown year")
        s, e = _interval("half", year, half)
        return _Reading(timex=f"{year:04d}-H{half}", granularity="quarter", start=s, end=e, anchor=anchor,
                        human=f"the {'first' if half == 1 else 'second'} half of {year}")

    def _century_number(self, ordinal):
        ordinal = ordinal.lower()
        if ordinal in ORDINALS:
            return ORDINALS[ordinal] if ordinal != "twenty-first" else 21
        return int(re.match(r"\d+", ordinal).group())

    def _r_century(self, g, start, end):
        number = self._century_number(g["c_ord"])
        if not 1 <= number <= 22:
            raise _Reject
        mod = _mod_of(g["c_mod"])
        first = (number - 1) * 100
        s, e = _apply_mod(*_interval("century", first), mod)
        return _Reading(timex=f"{number - 1:02d}", granularity="century", start=s, end=e, mod=mod,
                        human=f"{_MOD_HUMAN.get(mod, '')}the {number}th century".replace("1th", "1st").replace("2th", "2nd").replace("3th", "3rd").replace("11st", "11th").replace("12nd", "12th").replace("13rd", "13th"))

    def _decade_reading(self, decade, mod):
        s, e = _apply_mod(*_interval("decade", decade), mod)
        return _Reading(timex=f"{decade // 10:03d}", granularity="decade", start=s, end=e, mod=mod,
                        human=f"{_MOD_HUMAN.get(mod, '')}the {decade}s")

    def _r_decade(self, g, start, end):
        mod = _mod_of(g["dc_mod"])
        if g["dc_full"]:
            full = int(g["dc_full"])
            if full % 100 == 0 and not self.text[start:end].lower().startswith("the"):
                # "1800s" usually means the century, "the 1900s" too; keep as century.
                s, e = _apply_mod(*_interval("century", full), mod)
                return _Reading(timex=f"{full // 100:02d}", granularity="century", start=s, end=e, mod=mod,
                                human=f"{_MOD_HUMAN.get(mod, '')}the {full}s")
            return self._decade_reading(full, mod)
        short = int(g["dc_short"] or DECADE_WORDS[g["dc_word"].lower()] * 10)
        century = self._context_century(start, short)
        return self._decade_reading(century + short, mod)

    def _context_century(self, start, short):
        # "the 1960s and 70s": the century of the decade just named; else the 1900s for
        # decades still ahead of the DCT ("the 90s" in 2015 is the 1990s).
        previous = re.search(r"(1[5-9]|20)\d0'?s\W+(?:and|or|to|through|-|–)?\s*$", self.text[max(0, start - 20):start])
        if previous:
            return int(previous.group(1)) * 100
        if self.dct is not None and 2000 + short <= self.dct.year:
            return 2000 if short < 30 else 1900
        return 1900 if short >= 30 else 2000

    def _r_decade_short(self, g, start, end):
        previous = re.search(r"(1[5-9]|20)\d0'?s\s+and\s*$", self.text[max(0, start - 20):start])
        if not previous:
            raise _Reject
        return self._decade_reading(int(previous.group(1)) * 100 + int(g["ds_short"]), "")

    def _r_ago(self, g, start, end):
        unit = _unit(g["ago_u"])
        number = _num(g["ago_n"]) if g["ago_n"] else (1 if not g["ago_u"].lower().endswith("s") else None)
        approx = (g["ago_approx"] or "").strip().lower()
        mod = APPROX_WORDS.get(" ".join(approx.split()), "")
        mod = {"MORE_THAN": "BEFORE", "EQUAL_OR_MORE": "BEFORE", "LESS_THAN": "AFTER"}.get(mod, mod)
        if self.dct is None:
            return self._unresolved("PAST_REF", "unknown", "some time before the (unknown) publication date", mod=mod)
        if number is None or isinstance(number, float):
            return _Reading(timex="PAST_REF", granularity=unit if unit in {"day", "week", "month", "year", "decade", "century"} else "unknown",
                            anchor="publication date", human="some time before publication", mod=mod,
                            start=None, end=None)
        if unit in TIME_UNITS:
            return _Reading(timex=self.dct.isoformat(), granularity="day", start=self.dct, end=self.dct,
                            anchor="publication date", human=_fmt_day(self.dct), mod=mod)
        try:
            if unit == "day":
                reading = self._day_reading(self.dct - datetime.timedelta(days=number), "publication date", True)
            elif unit in {"week", "fortnight"}:
                reading = self._period_reading("week", -number * (2 if unit == "fortnight" else 1), self.dct, "publication date")
            elif unit == "month":
                reading = self._period_reading("month", -number, self.dct, "publication date")
            elif unit == "quarter":
                reading = self._period_reading("month", -3 * number, self.dct, "publication date")
            elif unit == "year":
                reading = self._year_reading(self.dct.year - number, anchor="publication date")
            elif unit == "decade":
                reading = self._year_reading(self.dct.year - 10 * number, anchor="publication date")
                reading.approximate = True
            else:
                reading = self._year_reading(self.dct.year - 100 * number, anchor="publication date")
                reading.approximate = True
        except (OverflowError, ValueError):
            raise _Reject from None
        reading.mod = mod
        if mod in {"BEFORE", "AFTER", "APPROX"}:
            reading.approximate = True
            reading.human = _MOD_HUMAN.get(mod, "") + reading.human
        return reading

    def _anaphoric(self, number, unit, direction, start, end, explicit_reference=True):
        sign = -1 if direction in {"earlier", "before", "prior", "previous", "preceding"} else 1
        base, anchor = self._dct_or_ref(explicit_reference)
        if base is None:
            return self._unresolved("PAST_REF" if sign < 0 else "FUTURE_REF", unit,
                                    f"{number} {unit}(s) {direction} an unknown date")
        try:
            if unit in {"morning", "evening", "night", "afternoon"}:
                day = base + datetime.timedelta(days=sign)
                reading = self._day_reading(day, anchor, True)
                reading.type = TIME
                reading.timex += "T" + PARTS_OF_DAY[unit]
                return reading
            if unit in TIME_UNITS:
                return self._day_reading(base, anchor, True)
            if unit == "quarter":
                return self._period_reading("month", sign * 3 * number, base, anchor)
            if unit == "decade":
                return self._period_reading("decade", sign * number, base, anchor)
            return self._period_reading(unit, sign * number, base, anchor)
        except (OverflowError, ValueError):
            raise _Reject from None

    def _r_anaphoric(self, g, start, end):
        number = _num(g["an_n"])
        unit = _unit(g["an_u"])
        if number is None or isinstance(number, float):
            raise _Reject
        direction = g["an_dir"].lower()
        if direction in {"after", "before"} and self.reference is None:
            raise _Reject
        return self._anaphoric(number, unit, "earlier" if direction in {"before", "prior"} else direction, start, end)

    def _r_anaphoric_the(self, g, start, end):
        direction = (g["at_dir"] or g["at_dir2"]).lower()
        unit = g["at_u"].lower()
        if direction == "same":
            return self._same(unit)
        sign_word = "later" if direction in {"next", "following", "subsequent"} else "earlier"
        if direction in {"previous", "preceding", "prior"} and unit == "year" and self.reference is None:
            return self._anaphoric(1, unit, sign_word, start, end, explicit_reference=False)
        return self._anaphoric(1, unit, sign_word, start, end)

    def _same(self, unit):
        base, anchor = self._dct_or_ref(True)
        if base is None:
            raise _Reject
        if unit in {"night", "morning", "evening"}:
            reading = self._day_reading(base, anchor, True)
            reading.type = TIME
            reading.timex += "T" + PARTS_OF_DAY[unit]
            return reading
        return self._period_reading(unit, 0, base, anchor)

    def _r_anaphoric_that(self, g, start, end):
        if self.reference is None:
            raise _Reject
        return self._same(g["th_u"].lower())

    def _r_day_before(self, g, start, end):
        unit = g["db_u"].lower()
        if unit == "night":
            unit = "day"
        return self._anaphoric(1, unit, "earlier" if g["db_dir"].lower() == "before" else "later", start, end)

    def _r_deictic_pair(self, g, start, end):
        offset = -2 if g["dp_dir"].lower().startswith("before") else 2
        if self.dct is None:
            return self._unresolved("PAST_REF" if offset < 0 else "FUTURE_REF", "day", "two days from an unknown date")
        return self._day_reading(self.dct + datetime.timedelta(days=offset), "publication date", True)

    def _r_same_day(self, g, start, end):
        # "Earlier in the day" in a report is the day of the report: its publication date.
        if self.dct is None:
            return self._unresolved("PRESENT_REF", "day", "the day of an unknown publication date")
        return self._day_reading(self.dct, "publication date", True)

    def _r_edge_of_period(self, g, start, end):
        side = g["ep_side"].lower()
        rel = (g["ep_rel"] or "this").lower()
        unit = g["ep_u"].lower()
        if self.dct is None:
            direction = {"last": "past", "next": "future"}.get(rel, "future" if side == "later" else "past")
            return self._underspecified_relative(direction, unit,
                                                 f"{side} in a {unit} relative to an unknown date")
        offset = {"this": 0, "last": -1, "next": 1}[rel]
        reading = self._period_reading(unit, offset, self.dct, "publication date")
        if rel == "this":
            # "later this year": from the DCT to the end of the year; "earlier": up to it.
            if side == "later":
                reading.start = min(self.dct + datetime.timedelta(days=1), reading.end)
            else:
                reading.end = max(self.dct - datetime.timedelta(days=1), reading.start)
            reading.human = f"{reading.human}, {'after' if side == 'later' else 'before'} {_fmt_dct(self.dct)}"
        else:
            reading.start, reading.end = _apply_mod(reading.start, reading.end, "START" if side == "earlier" else "END")
        reading.approximate = True
        return reading

    def _r_edge_mod(self, g, start, end):
        mod = _mod_of(g["em_mod"])
        rel = g["em_rel"].lower()
        unit = g["em_u"].lower()
        offset = {"last": -1, "previous": -1, "next": 1, "coming": 1}.get(rel, 0)
        if rel == "the" and self.reference is not None and unit == "year":
            base, anchor = self.reference[0].start, "previous date"
        else:
            base, anchor = self.dct, "publication date"
        if base is None:
            return self._underspecified_relative({-1: "past", 1: "future"}.get(offset, "present"), unit,
                                                 f"the {unit} relative to an unknown date")
        return self._period_reading(unit, offset, base, anchor, mod)

    def _r_relative(self, g, start, end):
        word = g["rel_w"].lower()
        the = bool(g["rel_the"])
        target = g["rel_x"]
        lowered = target.lower()
        number_text = g["rel_n"]
        if lowered in WEEKDAYS:
            return self._weekday(WEEKDAYS[lowered], word, g["rel_pod"], start, end)
        if lowered in MONTHS:
            if target[0].islower():
                raise _Reject
            return self._named_month(MONTHS[lowered], word, start, end)
        if lowered in SEASONS:
            return self._named_season(SEASONS[lowered], word, start, end)
        unit = "weekend" if lowered == "weekend" else _unit(target)
        plural = lowered.endswith("s") and lowered not in {"weekends"}
        # "the past three years", "the last year", "the next five years": a duration.
        if number_text or plural or (the and word in {"past", "last", "next", "coming", "previous", "following", "first"}):
            number = _num(number_text) if number_text else (None if plural else 1)
            if word in {"following", "next"} and the and not number_text and not plural and self.reference is not None:
                return self._anaphoric(1, unit, "later", start, end)
            if word in {"previous"} and the and not number_text and not plural and self.reference is not None:
                return self._anaphoric(1, unit, "earlier", start, end)
            if unit == "weekend":
                raise _Reject
            value = _duration_value(number, unit)
            return _Reading(timex=value, type=DURATION, granularity="unknown", anchor="absolute",
                            human=f"a duration of {self._duration_words(value)}")
        if word in {"following"}:
            return self._anaphoric(1, unit, "later", start, end)
        offset = {"last": -1, "past": -1, "previous": -1, "this": 0, "current": 0, "present": 0, "next": 1, "coming": 1}[word]
        if self.dct is None:
            if unit == "century" and offset == 0:
                return self._unresolved("PRESENT_REF", "century", "the present century")
            return self._underspecified_relative({-1: "past", 1: "future"}.get(offset, "present"), unit if unit != "weekend" else "week",
                                                 f"the {unit} relative to an unknown publication date")
        try:
            return self._period_reading(unit, offset, self.dct, "publication date")
        except (OverflowError, ValueError):
            raise _Reject from None

    @staticmethod
    def _duration_words(value):
        amount = re.search(r"(\d+(?:\.\d+)?|X)", value).group()
        code = value[-2:] if value.endswith(("DE", "CE")) else value[-1]
        unit = {"Y": "year", "M": "month" if not value.startswith("PT") else "minute", "W": "week", "D": "day", "H": "hour",
                "S": "second", "DE": "decade", "CE": "century", "Q": "quarter"}[code]
        if amount == "X":
            return f"some {unit}s".replace("centurys", "centuries")
        return f"{amount} {unit}{'' if amount == '1' else 's'}".replace("centurys", "centuries")

    def _weekday(self, weekday, word, part_of_day, start, end):
        if self.dct is None:
            reading = self._unresolved(f"XXXX-WXX-{weekday + 1}", "day", f"a {WORDS.weekday_names[weekday]} of an unknown week")
        else:
            dct = self.dct
            if word in {"last", "past", "previous"}:
                delta = (dct.weekday() - weekday) % 7 or 7
                day = dct - datetime.timedelta(days=delta)
            elif word in {"next", "coming"}:
                delta = (weekday - dct.weekday()) % 7 or 7
                day = dct + datetime.timedelta(days=delta)
            elif word == "this":
                day = dct + datetime.timedelta(days=weekday - dct.weekday())
            else:
                tense = _tense(self.text, start, end)
                if tense == "future":
                    delta = (weekday - dct.weekday()) % 7 or 7
                    day = dct + datetime.timedelta(days=delta)
                else:
                    # News reports the recent past: the last such day up to publication.
                    delta = (dct.weekday() - weekday) % 7
                    day = dct - datetime.timedelta(days=delta)
            reading = self._day_reading(day, "publication date", weekday=True)
        if part_of_day:
            reading.type = TIME
            reading.timex += "T" + PARTS_OF_DAY[part_of_day.lower()]
            reading.human += f" ({part_of_day.lower()})"
        return reading

    def _named_month(self, month, word, start, end):
        if self.dct is None:
            return self._unresolved(f"XXXX-{month:02d}", "month", f"{MONTH_NAMES[month]} of an unknown year")
        dct = self.dct
        if word in {"last", "past", "previous"}:
            year = dct.year if month < dct.month else dct.year - 1
        elif word in {"next", "coming"}:
            year = dct.year if month > dct.month else dct.year + 1
        else:
            year = dct.year
        return self._month_reading(year, month, anchor="publication date")

    def _named_season(self, season, word, start, end):
        if self.dct is None:
            return self._unresolved(f"XXXX-{season}", "season", f"{SEASON_NAMES[season]} of an unknown year")
        dct = self.dct
        order = ["WI", "SP", "SU", "FA"]
        current = order[(dct.month % 12) // 3]
        year = dct.year + (1 if dct.month == 12 else 0) if season == "WI" else dct.year
        if word in {"last", "past", "previous"}:
            if order.index(season) >= order.index(current):
                year -= 1
        elif word in {"next", "coming"}:
            if order.index(season) <= order.index(current):
                year += 1
        elif word == "this" and season == "WI" and dct.month >= 6:
            year = dct.year + 1
        s, e = _interval("season", year, season)
        return _Reading(timex=f"{year:04d}-{season}", granularity="season", start=s, end=e, anchor="publication date",
                        human=f"{SEASON_NAMES[season]} {year}")

    def _r_recent(self, g, start, end):
        word = " ".join(g["rc_w"].lower().split())
        unit = g["rc_u"].lower()[:-1]
        if word in {"recent", "past few", "last few", "past several", "last several"}:
            if word == "recent":
                value, direction = "PAST_REF", -1
            else:
                # "the past few years" is a stretch of time that ends now.
                return _Reading(timex=_duration_value(None, unit), type=DURATION, granularity="unknown",
                                human=f"a duration of some {unit}s")
        else:
            if word == "next few":
                return _Reading(timex=_duration_value(None, unit), type=DURATION, granularity="unknown",
                                human=f"a duration of some {unit}s")
            value, direction = "FUTURE_REF", 1
        if self.dct is None:
            return self._unresolved(value, unit, f"{'recent' if direction < 0 else 'coming'} {unit}s, relative to an unknown date")
        span = {"day": 7, "week": 42, "month": 183, "year": 5 * 365, "decade": 30 * 365}[unit]
        if direction < 0:
            s, e = self.dct - datetime.timedelta(days=span), self.dct
        else:
            s, e = self.dct, self.dct + datetime.timedelta(days=span)
        return _Reading(timex=value, granularity=unit, start=s, end=e, anchor="publication date", approximate=True,
                        human=f"the {'recent' if direction < 0 else 'coming'} {unit}s around {_fmt_dct(self.dct)}")

    def _r_now(self, g, start, end):
        word = " ".join(g["now_w"].lower().split())
        if word == "once again":
            raise _Reject
        if word in {"recently", "lately", "in the past"}:
            value, span = "PAST_REF", -1
        elif word in {"the future", "in future", "in the near future", "the near future", "in the long run"}:
            value, span = "FUTURE_REF", 1
        else:
            value, span = "PRESENT_REF", 0
        if word == "now" and re.match(r"\s+(?:that|on)\b", self.text[end:end + 6]):
            raise _Reject
        if self.dct is None:
            return self._unresolved(value, "unknown", "relative to an unknown publication date")
        if span == 0:
            return _Reading(timex=value, granularity="day", start=self.dct, end=self.dct, anchor="publication date",
                            human=f"the time of publication, {_fmt_dct(self.dct)}")
        if word in {"recently", "lately"}:
            return _Reading(timex=value, granularity="unknown", start=self.dct - datetime.timedelta(days=183), end=self.dct,
                            anchor="publication date", approximate=True,
                            human=f"the months before {_fmt_dct(self.dct)}")
        return _Reading(timex=value, granularity="unknown", anchor="publication date",
                        human=f"{'before' if span < 0 else 'after'} {_fmt_dct(self.dct)}, no nearer")

    def _r_deictic(self, g, start, end):
        word = " ".join(g["dx"].lower().split())
        part = g["dx_pod"]
        offsets = {"today": 0, "yesterday": -1, "tomorrow": 1, "tonight": 0, "last night": -1}
        if word == "today" and re.match(r"['’]s\s+(?:world|society|generation|youth)", self.text[end:end + 20]):
            raise _Reject
        if self.dct is None:
            value = {-1: "PAST_REF", 0: "PRESENT_REF", 1: "FUTURE_REF"}[offsets[word]]
            return self._unresolved(value, "day", f"{word}, relative to an unknown publication date")
        reading = self._day_reading(self.dct + datetime.timedelta(days=offsets[word]), "publication date", True)
        if word in {"tonight", "last night"} or part:
            reading.type = TIME
            reading.timex += "T" + PARTS_OF_DAY[(part or "night").lower()]
        return reading

    def _r_this_pod(self, g, start, end):
        part = g["tp"].lower()
        if self.dct is None:
            return self._unresolved("PRESENT_REF", "day", f"this {part}, relative to an unknown publication date", type_=TIME)
        reading = self._day_reading(self.dct, "publication date", True)
        reading.type = TIME
        reading.timex += "T" + PARTS_OF_DAY[part]
        return reading

    def _r_weekday(self, g, start, end):
        return self._weekday(WEEKDAYS[g["wd"].lower()], "", g["wd_pod"], start, end)

    def _r_month(self, g, start, end):
        month_text = g["mo"]
        if month_text[0].islower():
            raise _Reject
        mod = _mod_of(g["mo_mod"])
        before = _word_before(self.text, start)
        # A bare month needs a temporal word before it ("in October", "early May"), which
        # keeps out "May I", "March on Islamabad", "Aurat March".
        if not mod and before not in {"in", "since", "by", "until", "till", "through", "during", "from", "to",
                                      "before", "after", "between", "and", "or", "of", "late", "early", "mid",
                                      "end", "throughout", "last", "this", "next", "as", "around", "for", "on",
                                      "starting", "until", "till", "into"}:
            raise _Reject
        if month_text.lower() == "may" and re.match(r"\s+(?:be|have|not|also|well|still|I|we|you|he|she|it|they)\b", self.text[end:end + 8]):
            raise _Reject
        if month_text.lower() == "march" and re.match(r"\s+(?:on|to|towards|through|from)\b", self.text[end:end + 10]) and before not in {"in", "since", "until", "by"}:
            raise _Reject
        month = MONTHS[month_text.lower()]
        if self.dct is None:
            return self._unresolved(f"XXXX-{month:02d}", "month", f"{MONTH_NAMES[month]} of an unknown year", mod=mod)
        year = self._year_for_month(month, _tense(self.text, start, end))
        return self._month_reading(year, month, mod, "publication date")

    def _r_season(self, g, start, end):
        mod = _mod_of(g["ss_mod"])
        before = _word_before(self.text, start)
        text = self.text[start:end].lower()
        if not (text.startswith("the") or mod) or before not in {"in", "during", "by", "since", "until", "through", "over", "of", "this", "last", "next"}:
            if not (mod and before in {"in", "by", "until", "since", "from", "during"}):
                raise _Reject
        season = SEASONS[g["ss"].lower()]
        if self.dct is None:
            return self._unresolved(f"XXXX-{season}", "season", f"{SEASON_NAMES[season]} of an unknown year", mod=mod)
        reading = self._named_season(season, "this", start, end)
        if _tense(self.text, start, end) == "past" and reading.start > self.dct:
            reading = self._named_season(season, "last", start, end)
        reading.mod = mod
        reading.start, reading.end = _apply_mod(reading.start, reading.end, mod)
        return reading

    def _r_fiscal_year(self, g, start, end):
        text = g["fy"] or g["fy2"]
        year = int(text[:4]) if len(text) >= 4 else 2000 + int(text[:2])
        if not _year_ok(year):
            raise _Reject
        s, e = _interval("year", year)
        return _Reading(timex=f"FY{year:04d}", granularity="year", start=s, end=e, human=f"fiscal year {year}",
                        approximate=True)

    def _r_year_range(self, g, start, end):
        raise AssertionError("year ranges are split before resolution")  # pragma: no cover

    def _year_is_quantity(self, start, end):
        return is_quantity(self.text, start, end)

    def _r_year(self, g, start, end):
        year = int(g["y"])
        mod = _mod_of(g["y_mod"])
        if not 1800 <= year <= 2100 and not mod:
            raise _Reject
        if self._year_is_quantity(start + (len(self.text[start:end]) - len(g["y"])), end):
            raise _Reject
        return self._year_reading(year, mod)

    def _r_duration(self, g, start, end):
        number = _num(g["du_n"])
        unit = _unit(g["du_u"])
        text = self.text[start:end]
        number_text = g["du_n"].lower()
        if number is None and number_text.strip() not in WORDS.vague_numbers and not number_text.strip().startswith(("a few", "a number", "dozens", "hundreds", "few", "several", "many", "some")):
            raise _Reject
        if isinstance(number, (int, float)) and number > 1000:
            raise _Reject
        if re.match(r"\d", number_text) and self._year_is_quantity(start, start) and not g["du_the"]:
            raise _Reject
        value = _duration_value(number, unit)
        approx = " ".join((g["du_approx"] or "").lower().split())
        mod = APPROX_WORDS.get(approx, "")
        human = f"a duration of {_MOD_HUMAN.get(mod, '')}{self._duration_words(value)}"
        return _Reading(timex=value, type=DURATION, granularity="unknown", mod=mod, human=human)

    def _r_bare_units(self, g, start, end):
        unit = _unit(g["bu"])
        value = _duration_value(None, unit)
        return _Reading(timex=value, type=DURATION, granularity="unknown", human=f"a duration of {self._duration_words(value)}")

    def _r_set(self, g, start, end):
        word = " ".join(g["set_w"].lower().split())
        mapping = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "annual": "P1Y", "yearly": "P1Y",
                   "biannual": "P6M", "biennial": "P2Y", "quarterly": "P3M"}
        if word in mapping:
            value = mapping[word]
        else:
            last = word.split()[-1]
            if last in SEASONS:
                value = f"XXXX-{SEASONS[last]}"
            elif last in PARTS_OF_DAY:
                value = f"T{PARTS_OF_DAY[last]}"
            else:
                value = _duration_value(2 if "other" in word else 1, last)
        return _Reading(timex=value, type=SET, granularity="unknown", human=f"a recurring time ({word})")

    def _r_clock(self, g, start, end):
        if g["ck_h"] is not None:
            hour = int(g["ck_h"])
            minute = int(g["ck_m"] or 0)
            ampm = g["ck_ap"].lower().replace(".", "")
            if hour > 12 or hour == 0:
                raise _Reject
            if ampm == "pm" and hour != 12:
                hour += 12
            if ampm == "am" and hour == 12:
                hour = 0
        else:
            hour, minute = int(g["ck_h2"]), int(g["ck_m2"])
            # "14:00" needs a clock context: a zone, "hours", or "at"; "3:1" scores do not.
            if not g["ck_tz"] and _word_before(self.text, start) not in {"at", "by", "from", "until", "till", "around", "about"}:
                raise _Reject
        clock = f"T{hour:02d}:{minute:02d}"
        return self._time_on_day(clock, f"{hour:02d}:{minute:02d}")

    def _time_on_day(self, clock, human):
        base = self.reference[0].start if self.reference and self.reference[0].granularity == "day" else self.dct
        if base is None:
            return self._unresolved("XXXX-XX-XX" + clock, "day", f"{human} on an unknown day", type_=TIME)
        reading = self._day_reading(base, "previous date" if base is not self.dct else "publication date", True)
        reading.type = TIME
        reading.timex += clock
        reading.human += f", {human}"
        return reading

    def _r_noon(self, g, start, end):
        word = g["nn"].lower()
        before = _word_before(self.text, start)
        if before not in {"at", "by", "after", "before", "until", "till", "around", "about", "past", "from", "since"}:
            raise _Reject
        clock = "T12:00" if word in {"noon", "midday"} else "T24:00"
        if clock == "T24:00":
            clock = "T00:00"
        return self._time_on_day(clock, word)

    # -- after resolution ------------------------------------------------------------

    def remember(self, reading, text):
        if reading.type in {DATE, TIME} and reading.start is not None and reading.granularity in {"day", "week", "month", "year", "quarter", "season"} and reading.timex not in {"PAST_REF", "PRESENT_REF", "FUTURE_REF"}:
            self.reference = (reading, text)


# ---------------------------------------------------------------------------------------
# Putting it together


def _explain(text, reading, resolver, reference_text=None):
    quoted = f"'{' '.join(text.split())}'"
    if reading.type == DURATION:
        return f"{quoted} is a length of time ({reading.human.removeprefix('a duration of ')}), not a date"
    if reading.type == SET:
        return f"{quoted} is {reading.human}, not a single date"
    if reading.start is None:
        if resolver.dct is None and reading.anchor == "none":
            return f"{quoted} is relative, and the text has no publication date -> unresolved ({reading.timex})"
        return f"{quoted} -> {reading.human} ({reading.timex}); no calendar dates can be given"
    if reading.anchor == "publication date":
        return f"{quoted} in a text published {resolver._publication()} -> {reading.human}"
    if reading.anchor == "previous date" and reference_text:
        ref = " ".join(reference_text.split())
        return f"{quoted} counted from '{ref}', mentioned just before -> {reading.human}"
    return f"{quoted} is a calendar date -> {reading.human}"


def _certainty(reading, resolver):
    if reading.start is None:
        return "unresolved"
    if reading.approximate or reading.mod in {"APPROX", "BEFORE", "AFTER", "MORE_THAN", "LESS_THAN"}:
        return "approximate"
    if reading.anchor in {"publication date"} and resolver.dct_is_approximate and reading.granularity in {"day", "week"}:
        return "approximate"
    if reading.timex in {"PAST_REF", "FUTURE_REF", "PRESENT_REF"} and reading.granularity not in {"day"}:
        return "approximate"
    return "exact"


_GRANULARITIES = {"day", "week", "month", "season", "quarter", "year", "decade", "century", "unknown"}
_GRANULARITY_OF = {"half": "quarter", "weekend": "week", "fortnight": "week", "morning": "day", "afternoon": "day",
                   "evening": "day", "night": "day"}


def _make(text_all, start, end, reading, resolver, reference_text=None):
    text = text_all[start:end]
    if reading.start is not None and reading.end is not None and reading.end < reading.start:
        reading.start, reading.end = reading.end, reading.start
    return TemporalMention(
        start=start, end=end, text=text, timex=reading.timex, type=reading.type,
        granularity=_GRANULARITY_OF.get(reading.granularity, reading.granularity if reading.granularity in _GRANULARITIES else "unknown"),
        start_date=reading.start, end_date=reading.end,
        explanation=_explain(text, reading, resolver, reference_text),
        mod=reading.mod, anchor=reading.anchor, certainty=_certainty(reading, resolver),
    )


def _split_ranges(match, kind, text):
    """Two-part matches ("13-14 June 2019", "2010-2015") become two mentions."""
    g = match.groupdict()
    if kind == "year_range":
        first, second = match.span("yr_1"), match.span("yr_2")
        second_text = g["yr_2"]
        if len(second_text) == 2:
            century = int(g["yr_1"][:2])
            year2 = century * 100 + int(second_text)
            if year2 <= int(g["yr_1"]):
                return None
        else:
            year2 = int(second_text)
        if not (1800 <= int(g["yr_1"]) <= 2100 and int(g["yr_1"]) < year2 <= 2100):
            return None
        mod_start = match.start() if g["yr_mod"] else first[0]
        return [("year", mod_start, first[1], {"y": g["yr_1"], "y_mod": g["yr_mod"]}),
                ("year", second[0], second[1], {"y": str(year2), "y_mod": None})]
    if kind == "day_range_dm":
        d1, d2 = match.span("dr_d1"), match.span("dr_d2")
        return [("dmy", d1[0], d1[1], {"dmy_d": g["dr_d1"], "dmy_m": g["dr_m"], "dmy_y": g["dr_y"], "dmy_wd": None}),
                ("dmy", d2[0], match.end(), {"dmy_d": g["dr_d2"], "dmy_m": g["dr_m"], "dmy_y": g["dr_y"], "dmy_wd": None})]
    if kind == "day_range_md":
        d2 = match.span("mr_d2")
        first_end = match.end("mr_d1")
        return [("mdy", match.start(), first_end, {"mdy_m": g["mr_m"], "mdy_d": g["mr_d1"], "mdy_y": g["mr_y"], "mdy_wd": None}),
                ("mdy", d2[0], match.end(), {"mdy_m": g["mr_m"], "mdy_d": g["mr_d2"], "mdy_y": g["mr_y"], "mdy_wd": None})]
    return None


_SPLIT_KINDS = {"year_range", "day_range_dm", "day_range_md"}
_PREPOSITION_TRIM = re.compile(r"^(?:in|over|during|within)\s+", re.IGNORECASE)


def extract(text: str, dct: datetime.date | None, *, dct_is_approximate: bool = False) -> list[TemporalMention]:
    """Every date, time, duration and set expression in ``text``, resolved against ``dct``.

    ``dct`` is the publication date (``None`` when unknown: relative expressions then stay
    underspecified). Mentions come in text order with ``text[m.start:m.end] == m.text``.

    >>> m = extract("Lavrov visited Islamabad on Tuesday.", datetime.date(2021, 4, 7))[0]
    >>> (m.text, m.timex, m.granularity, str(m.start_date))
    ('Tuesday', '2021-04-06', 'day', '2021-04-06')
    """
    if not text:
        return []
    if isinstance(dct, datetime.datetime):
        dct = dct.date()
    resolver = _Resolver(text, dct, dct_is_approximate)
    mentions = []
    for match in _candidate_matches(text):
        kind = match.lastgroup
        parts = _split_ranges(match, kind, text) if kind in _SPLIT_KINDS else None
        if kind in _SPLIT_KINDS and parts is None:
            if kind == "year_range":
                # "2012-2008" or "1999-00": fall back to the first year alone.
                span = match.span("yr_1")
                parts = [("year", span[0], span[1], {"y": match.group("yr_1"), "y_mod": None})]
            else:
                continue
        if parts is None:
            start, end = match.span()
            groups = match.groupdict()
            if kind == "recent" and groups.get("rc_in"):
                start += len(_PREPOSITION_TRIM.match(text[start:end]).group())
            parts = [(kind, start, end, groups)]
        for part_kind, start, end, groups in parts:
            if _is_chrome(text, start):
                continue
            try:
                reading = resolver.resolve(part_kind, groups, start, end)
            except (_Reject, OverflowError, ValueError, KeyError):
                continue
            if reading is None or not is_valid_timex(reading.timex):
                continue
            reference_text = resolver.reference[1] if resolver.reference else None
            mentions.append(_make(text, start, end, reading, resolver, reference_text))
            resolver.remember(reading, text[start:end])
    return mentions
