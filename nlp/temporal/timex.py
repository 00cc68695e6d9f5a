"""TIMEX3 values: which are well formed, and how durations are written.

>>> duration_value(2, "fortnight"), duration_value(None, "hour"), duration_words("P3DE")
('P4W', 'PTXH', '3 decades')
"""

import re

from .vocabulary import vocabulary

DATE, TIME, DURATION, SET = "DATE", "TIME", "DURATION", "SET"
REFERENCES = frozenset({"PAST_REF", "PRESENT_REF", "FUTURE_REF"})

_TIMEX_VALUE = re.compile(
    r"""^(?:
        (?:\d{4}|X{4})(?:-(?:\d\d|XX)(?:-(?:\d\d|XX))?)?(?:T(?:\d\d:\d\d|MO|AF|EV|NI|MI|DT))?
      | \d{4}-W(?:\d\d|XX)(?:-(?:[1-7]|WE))?
      | XXXX-WXX-[1-7](?:T(?:MO|AF|EV|NI|MI|DT))?
      | (?:\d{4}|XXXX)-(?:Q[1-4]|H[12]|SP|SU|FA|WI)
      | \d{1,3}
      | FY\d{4}
      | PRESENT_REF|PAST_REF|FUTURE_REF
      | XXXX(?:-XX)?
      | T(?:\d\d:\d\d|MO|AF|EV|NI|MI)
      | P(?:T)?(?:\d+(?:\.\d+)?|X)(?:Y|M|W|D|H|S|DE|CE|Q)
      | P\d+Y\d+M | P\d+M\d+D | P\d+DT\d+H | PT\d+H\d+M | PT\d+M\d+S
      | (?:\d{4}-\d\d-\d\d|XXXX-XX-XX)T\d\d:\d\d
    )$""",
    re.VERBOSE,
)


def is_valid_timex(value):
    """True when ``value`` is a well-formed TIMEX3 value as this package writes them.

    >>> is_valid_timex("2014-08"), is_valid_timex("196"), is_valid_timex("P2D"), is_valid_timex("2014-13x")
    (True, True, True, False)
    """
    return bool(_TIMEX_VALUE.match(value))


def duration_value(number, unit):
    """The TIMEX3 value of ``number`` ``unit``s; ``None`` is an unspecified count (PXY)."""
    code = vocabulary().units.get(unit, "Y")
    if unit == "fortnight":
        number = 2 * number if number is not None else None
    if unit == "quarter":
        code = "M"
        number = 3 * number if number is not None else None
    if unit == "century":
        code = "CE"
    amount = "X" if number is None else (f"{number:g}" if isinstance(number, float) else str(number))
    if unit in vocabulary().clock_units:
        return f"PT{amount}{code}"
    return f"P{amount}{code}"


def duration_words(value):
    """A duration value in words, for explanations: "P3DE" is "3 decades"."""
    words = vocabulary()
    parts = []
    clock = False
    for marker, amount, code in re.findall(r"(T?)(\d+(?:\.\d+)?|X)(DE|CE|[YMWDHSQ])", value[1:]):
        clock = clock or bool(marker)
        unit = (words.clock_unit_names.get(code) if clock else None) or words.unit_names[code]
        if amount == "X":
            parts.append(f"some {unit}s")
        else:
            parts.append(f"{amount} {unit}{'' if amount == '1' else 's'}")
    return " ".join(parts).replace("centurys", "centuries")
