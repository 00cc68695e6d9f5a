"""Quality of nlp.temporal.extract against human TIMEX3 gold, scored the way TempEval-3 scores it.

    .venv/bin/python bench/temporal_quality.py --data PATH [--limit N] [--errors N] [--by-doc-set] [--json]

PATH is a JSONL corpus, one document a line (``doc_id``, ``set``, ``dct_date``, ``text``, and
``timexes`` with ``start``, ``end``, ``text``, ``type``, ``value``): the TempEval-3 development
corpus (TimeBank 1.2 and AQUAINT, 234 news documents, 1,594 gold expressions) lives outside the
repository, which keeps no copy of it (see bench/README.md, "Temporal quality"). Each document
goes through ``extract(text, dct_date)`` once; the whole corpus takes well under a second.

Spans. Relaxed: a system mention and a gold expression match when their character spans
overlap; pairs are made one-to-one, greedily, largest overlap first. Strict: identical start
and end offsets. Precision, recall and F1 for both. By type, recall counts the gold
expressions of that type and precision the system mentions of that type (a gold DURATION
found as a DATE counts for DURATION recall and DATE precision).

Attributes, over the relaxed pairs: type accuracy (system type == gold type) and value
accuracy (normalised values equal). Value F1 = relaxed F1 x value accuracy, TempEval-3's
definition. By type, the pairs are grouped by gold type. ``mod`` is not scored.

Value normalisation. Only notations that denote the same thing are made equal:
  - case and surrounding spaces are ignored;
  - week numbers are zero-padded: TimeBank's ``2000-W7`` is ``2000-W07``;
  - a trailing X on a decade or century is dropped: ``199X`` is the decade ``199``, ``19XX``
    the century ``19`` (TimeBank writes both);
  - TimeBank's one-letter duration units become TIMEX3's: ``E`` decade -> ``DE``, ``C``
    century -> ``CE``, ``L`` millennium -> ``ML`` (``P1E`` is ``P1DE``);
  - a time given to the hour is that hour: ``T17`` is ``T17:00``;
  - midnight at the end of a day is midnight at the start of the next: ``1989-10-27T24:00`` is
    ``1989-10-28T00:00`` (calendar arithmetic).
Everything else is compared as written and counts as a mismatch when it differs, even where
TimeBank's convention explains the difference: a day and a time on that day
(``1998-02-27`` vs ``1998-02-27T00:00``), a fiscal year and a calendar year (``FY1989`` vs
``1989``, TimeBank writes fiscal years as plain years), ``PRESENT_REF`` and the publication
day, a day and its month, ``P12M`` and ``P1Y`` (TIMEX3 keeps the expression's unit).

The calendar. TimeBank's values are occasionally wrong on weekday arithmetic. When a gold
expression names its day only by a weekday ("Tuesday", "last Friday", "Sunday night",
"9 a.m. Tuesday") and its gold date falls on another weekday, the gold contradicts the
calendar. Those pairs stay as the gold says in every headline figure; a separate line counts
them and gives the value accuracy when, for them only, the value that agrees with the calendar
counts as right (the named weekday within three days of the gold date, the only such day, with
the same time part) and the gold's own value as wrong.
"""

import argparse
import calendar
import collections
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
# scoring the code of another commit (--before) imports that checkout instead
sys.path.insert(0, os.environ.get("TEMPORAL_QUALITY_CODE", str(PROJECT)))

try:
    from nlp.temporal import extract  # noqa: E402
except ImportError:  # code from before the layout issue
    from timeline.temporal import extract  # noqa: E402

TYPES = ("DATE", "TIME", "DURATION", "SET")

# ---------------------------------------------------------------------------------------
# Values

_WEEK = re.compile(r"^(\d{4})-W(\d)(?=$|-)")
_DECADE_OR_CENTURY_X = re.compile(r"^(\d{2}|\d{3})X+$")
_ONE_LETTER_UNIT = re.compile(r"^P(\d+(?:\.\d+)?|X)([ECL])$")
_TIMEBANK_UNITS = {"E": "DE", "C": "CE", "L": "ML"}
_HOUR_ONLY = re.compile(r"T(\d\d)$")
_END_OF_DAY = re.compile(r"^(\d{4})-(\d\d)-(\d\d)T24:00$")
_DAY = re.compile(r"^(\d{4})-(\d\d)-(\d\d)")


def normalise_value(value):
    """The TIMEX3 value in the one notation both sides are compared in (see the docstring above).

    >>> [normalise_value(v) for v in ["2000-W7", "199X", "P1E", "1989-11-06T17", "1989-10-27T24", "FY1989"]]
    ['2000-W07', '199', 'P1DE', '1989-11-06T17:00', '1989-10-28T00:00', 'FY1989']
    """
    value = (value or "").strip().upper()
    value = _WEEK.sub(r"\1-W0\2", value)
    value = _DECADE_OR_CENTURY_X.sub(r"\1", value)
    value = _ONE_LETTER_UNIT.sub(lambda m: f"P{m[1]}{_TIMEBANK_UNITS[m[2]]}", value)
    value = _HOUR_ONLY.sub(r"T\1:00", value)
    if end_of_day := _END_OF_DAY.match(value):
        next_day = datetime.date(*map(int, end_of_day.groups())) + datetime.timedelta(days=1)
        value = f"{next_day.isoformat()}T00:00"
    return value


def value_shape(value):
    """What kind of value this is, for counting mismatches: ``1998-02-27`` -> ``day``."""
    if value in {"PRESENT_REF", "PAST_REF", "FUTURE_REF"}:
        return value
    shapes = [
        (r"P.*", "duration"), (r"FY.*", "fiscal year"), (r"\d{4}-\d\d-\d\dT.*", "day+time"),
        (r"\d{4}-\d\d-\d\d", "day"), (r"\d{4}-W\d\d-WE", "weekend"), (r"\d{4}-W\d\d", "week"),
        (r"\d{4}-Q\d", "quarter"), (r"\d{4}-H\d", "half"), (r"\d{4}-(?:SP|SU|FA|WI)", "season"),
        (r"\d{4}-\d\d", "month"), (r"\d{4}", "year"), (r"\d{3}", "decade"), (r"\d{2}", "century"),
        (r"T.*", "time"), (r".*X.*", "underspecified"),
    ]
    for pattern, shape in shapes:
        if re.fullmatch(pattern, value):
            return shape
    return "other"


_WEEKDAY_NUMBER = {name.lower(): number for number, name in enumerate(calendar.day_name)}
# A gold expression that names a day only by its weekday ("Tuesday", "last Friday", "Sunday
# night", "9 a.m. EST Tuesday"): its date must fall on that weekday. "the day before last
# Tuesday" is not one (its date is, rightly, a Monday).
_WEEKDAY_EXPRESSION = re.compile(
    r"^(?:(?:\d{1,2}(?::\d\d)?\s*[ap]\.?m\.?|noon|midnight)\s+(?:[A-Z]{3}\s+)?)?"
    r"(?:(?:on|last|this|next|coming|past|early|late)\s+)*"
    r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:['’]s)?"
    r"(?:\s+(?:morning|afternoon|evening|night))?$",
    re.IGNORECASE,
)


def _day_of(value):
    match = _DAY.match(value)
    if not match:
        return None
    try:
        return datetime.date(*map(int, match.groups()))
    except ValueError:
        return None


def weekday_contradiction(gold_text, gold_value):
    """The weekday the gold text names when the gold date (as written) falls on another one, else None.

    >>> weekday_contradiction("Tuesday", "2000-04-05"), weekday_contradiction("9 a.m. Tuesday", "2000-04-04T09:00")
    (1, None)
    """
    named = _WEEKDAY_EXPRESSION.match(" ".join(gold_text.split()))
    day = _day_of(gold_value)
    if not named or day is None:
        return None
    weekday = _WEEKDAY_NUMBER[named["weekday"].lower()]
    return weekday if day.weekday() != weekday else None


def agrees_with_calendar(gold_value, system_value, weekday):
    """True when the system gives the named weekday nearest the (miscounted) gold date."""
    gold_day, system_day = _day_of(gold_value), _day_of(system_value)
    return (
        gold_day is not None and system_day is not None and system_day.weekday() == weekday
        and abs((system_day - gold_day).days) <= 3 and gold_value[10:] == system_value[10:]
    )


# ---------------------------------------------------------------------------------------
# Matching


def relaxed_pairs(gold, system):
    """One-to-one (gold index, system index) pairs of overlapping spans, largest overlap first."""
    candidates = []
    for g, expression in enumerate(gold):
        for s, mention in enumerate(system):
            overlap = min(expression["end"], mention.end) - max(expression["start"], mention.start)
            if overlap > 0:
                candidates.append((-overlap, expression["start"], mention.start, g, s))
    candidates.sort()
    used_gold, used_system, pairs = set(), set(), []
    for _, _, _, g, s in candidates:
        if g not in used_gold and s not in used_system:
            used_gold.add(g)
            used_system.add(s)
            pairs.append((g, s))
    return sorted(pairs)


def strict_pairs(gold, system):
    by_span = collections.defaultdict(list)
    for s, mention in enumerate(system):
        by_span[(mention.start, mention.end)].append(s)
    pairs = []
    for g, expression in enumerate(gold):
        candidates = by_span.get((expression["start"], expression["end"]))
        if candidates:
            pairs.append((g, candidates.pop(0)))
    return pairs


# ---------------------------------------------------------------------------------------
# Counting


class Tally:
    """Counts for one slice (everything, or one gold/system type) of one set of documents."""

    def __init__(self):
        self.gold = self.system = 0
        self.gold_found_relaxed = self.system_found_relaxed = 0
        self.gold_found_strict = self.system_found_strict = 0
        self.pairs = self.type_right = self.value_right = 0
        self.calendar_contradicted = self.calendar_agreed = self.value_right_by_calendar = 0

    def figures(self):
        def ratio(numerator, denominator):
            return numerator / denominator if denominator else None

        def prf(gold_found, system_found):
            precision, recall = ratio(system_found, self.system), ratio(gold_found, self.gold)
            if precision is None or recall is None:
                f1 = None
            else:
                f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
            return {"precision": precision, "recall": recall, "f1": f1}

        relaxed = prf(self.gold_found_relaxed, self.system_found_relaxed)
        value_accuracy = ratio(self.value_right, self.pairs)
        calendar_accuracy = ratio(self.value_right_by_calendar, self.pairs)
        return {
            "gold": self.gold, "system": self.system,
            "strict": prf(self.gold_found_strict, self.system_found_strict), "relaxed": relaxed,
            "pairs": self.pairs,
            "type_accuracy": ratio(self.type_right, self.pairs),
            "value_accuracy": value_accuracy,
            "value_f1": _product(relaxed["f1"], value_accuracy),
            "calendar": {
                "gold_contradicts_calendar": self.calendar_contradicted,
                "system_agrees_with_calendar": self.calendar_agreed,
                "value_accuracy": calendar_accuracy,
                "value_f1": _product(relaxed["f1"], calendar_accuracy),
            },
        }


def _product(a, b):
    return None if a is None or b is None else a * b


class Scores:
    """Tallies overall and by type, and the examples ``--errors`` prints."""

    def __init__(self):
        self.tallies = {"all": Tally(), **{kind: Tally() for kind in TYPES}}
        self.documents = 0
        self.mismatch_kinds = collections.Counter()
        self.value_mismatches, self.misses, self.spurious = [], [], []

    def tally(self, kind):
        return self.tallies.setdefault(kind, Tally())

    def add(self, document, gold, system):
        self.documents += 1
        relaxed = relaxed_pairs(gold, system)
        strict = strict_pairs(gold, system)
        for expression in gold:
            for key in ("all", expression["type"]):
                self.tally(key).gold += 1
        for mention in system:
            for key in ("all", mention.type):
                self.tally(key).system += 1
        for g, s in relaxed:
            for key in ("all", gold[g]["type"]):
                self.tally(key).gold_found_relaxed += 1
            for key in ("all", system[s].type):
                self.tally(key).system_found_relaxed += 1
        for g, s in strict:
            for key in ("all", gold[g]["type"]):
                self.tally(key).gold_found_strict += 1
            for key in ("all", system[s].type):
                self.tally(key).system_found_strict += 1
        for g, s in relaxed:
            expression, mention = gold[g], system[s]
            gold_value, system_value = normalise_value(expression["value"]), normalise_value(mention.timex)
            value_right = gold_value == system_value
            weekday = weekday_contradiction(expression["text"], expression["value"])
            agreed = weekday is not None and agrees_with_calendar(gold_value, system_value, weekday)
            for key in ("all", expression["type"]):
                tally = self.tally(key)
                tally.pairs += 1
                tally.type_right += expression["type"] == mention.type
                tally.value_right += value_right
                tally.calendar_contradicted += weekday is not None
                tally.calendar_agreed += agreed
                tally.value_right_by_calendar += agreed if weekday is not None else value_right
            if not value_right:
                self.mismatch_kinds[(value_shape(gold_value), value_shape(system_value))] += 1
                self.value_mismatches.append(_example(document, expression, mention, weekday, agreed))
        found_gold = {g for g, _ in relaxed}
        found_system = {s for _, s in relaxed}
        self.misses += [_example(document, gold[g], None) for g in range(len(gold)) if g not in found_gold]
        self.spurious += [_example(document, None, system[s]) for s in range(len(system)) if s not in found_system]

    def figures(self):
        return {kind: tally.figures() for kind, tally in self.tallies.items()}


def _context(text, start, end, width=50):
    return " ".join(f"{text[max(0, start - width):start]}[{text[start:end]}]{text[end:end + width]}".split())


def _example(document, expression, mention, weekday=None, agreed=False):
    example = {"doc_id": document["doc_id"], "dct": document.get("dct_date")}
    if expression is not None:
        example["gold"] = {key: expression[key] for key in ("text", "type", "value", "start", "end")}
    if mention is not None:
        example["system"] = {"text": mention.text, "type": mention.type, "value": mention.timex,
                             "start": mention.start, "end": mention.end, "explanation": mention.explanation}
    start = min(x["start"] for x in (example.get("gold"), example.get("system")) if x)
    end = max(x["end"] for x in (example.get("gold"), example.get("system")) if x)
    example["context"] = _context(document["text"], start, end)
    if weekday is not None:
        example["calendar"] = (f"gold is not a {calendar.day_name[weekday]}"
                               + ("; system agrees with the calendar" if agreed else ""))
    return example


# ---------------------------------------------------------------------------------------
# Reading and reporting


def load(path, limit=None):
    documents = []
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                documents.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise SystemExit(f"{path}:{number}: not JSON ({error})")
            if limit is not None and len(documents) >= limit:
                break
    return documents


def score(documents, by_doc_set=False):
    """Run extract() over the documents; returns {"all": Scores, and one Scores per set if asked}."""
    scores = {"all": Scores()}
    for document in documents:
        dct = datetime.date.fromisoformat(document["dct_date"]) if document.get("dct_date") else None
        system = extract(document["text"], dct)
        gold = document.get("timexes") or []
        scores["all"].add(document, gold, system)
        if by_doc_set:
            scores.setdefault(document.get("set") or "(no set)", Scores()).add(document, gold, system)
    return scores


def _rounded(figures):
    """Fractions to four decimals for --json (0.9285714 -> 0.9286)."""
    if isinstance(figures, float):
        return round(figures, 4)
    if isinstance(figures, dict):
        return {key: _rounded(value) for key, value in figures.items()}
    if isinstance(figures, list):
        return [_rounded(value) for value in figures]
    return figures


def _percent(value):
    return "    -" if value is None else f"{100 * value:5.1f}"


def table(title, scores):
    figures = scores.figures()
    lines = [
        title,
        "                          ------ strict -------   ------ relaxed ------   type   value  value",
        "type        gold  system      P      R     F1      P      R     F1      acc    acc     F1",
    ]
    for kind in ("all", *TYPES, *sorted(set(figures) - {"all", *TYPES})):
        f = figures[kind]
        lines.append(
            f"{kind:<9}{f['gold']:>7,}{f['system']:>8,}  "
            + " ".join(_percent(f["strict"][k]) + " " for k in ("precision", "recall", "f1"))
            + " " + " ".join(_percent(f["relaxed"][k]) + " " for k in ("precision", "recall", "f1"))
            + f"  {_percent(f['type_accuracy'])}  {_percent(f['value_accuracy'])}  {_percent(f['value_f1'])}"
        )
    overall = figures["all"]
    cal = overall["calendar"]
    lines.append(f"relaxed pairs: {overall['pairs']:,}, value mismatches: "
                 f"{overall['pairs'] - scores.tallies['all'].value_right:,}")
    lines.append(
        f"calendar: on {cal['gold_contradicts_calendar']} pairs the gold date is not the weekday its text names; "
        f"the system agrees with the calendar on {cal['system_agrees_with_calendar']} (value accuracy "
        f"{_percent(cal['value_accuracy']).strip()}, value F1 {_percent(cal['value_f1']).strip()} with those scored "
        f"by the calendar)"
    )
    return lines


def mismatch_lines(scores, top=12):
    lines = ["value mismatches by kind (gold -> system):"]
    for (gold_shape, system_shape), count in scores.mismatch_kinds.most_common(top):
        lines.append(f"  {count:5}  {gold_shape} -> {system_shape}")
    rest = sum(scores.mismatch_kinds.values()) - sum(c for _, c in scores.mismatch_kinds.most_common(top))
    if rest:
        lines.append(f"  {rest:5}  other kinds")
    return lines


def _describe(side):
    return f"'{side['text']}' {side['type']} {side['value']}" if side else "-"


def error_lines(scores, count):
    lines = []
    for title, examples in (("value mismatches", scores.value_mismatches), ("misses (gold not found)", scores.misses),
                            ("spurious (system, no gold)", scores.spurious)):
        lines.append(f"first {min(count, len(examples))} of {len(examples)} {title}:")
        for example in examples[:count]:
            lines.append(f"  {example['doc_id']} (dct {example['dct']}): gold {_describe(example.get('gold'))}"
                         f" | system {_describe(example.get('system'))}")
            lines.append(f"      {example['context']}")
            if "calendar" in example:
                lines.append(f"      calendar: {example['calendar']}")
            if "system" in example and "gold" in example:
                lines.append(f"      system: {example['system']['explanation']}")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", metavar="PATH", help="TempEval-3 JSONL corpus (required)")
    parser.add_argument("--limit", type=int, metavar="N", help="only the first N documents")
    parser.add_argument("--errors", type=int, default=0, metavar="N",
                        help="print the first N value mismatches, misses and spurious mentions")
    parser.add_argument("--by-doc-set", action="store_true", help="also score each document set (timebank, aquaint)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--before", metavar="COMMIT",
                        help="also score the code of this commit (a throwaway git worktree) and compare value F1 by type")
    args = parser.parse_args()
    if not args.data:
        parser.error("--data PATH is required: the TempEval-3 JSONL corpus to score against "
                     "(see bench/README.md, 'Temporal quality'); there is no default")
    if not Path(args.data).is_file():
        parser.error(f"--data {args.data}: no such file")

    started = time.perf_counter()
    documents = load(args.data, args.limit)
    scores = score(documents, args.by_doc_set)
    elapsed = time.perf_counter() - started
    if args.json:
        print(json.dumps(_rounded(json_report(args, documents, scores, elapsed)), indent=2, ensure_ascii=False))
    else:
        print("\n".join(text_report(args, documents, scores, elapsed)))
    if args.before:
        print("\n".join(comparison(args.before, score_before(args.before, args), scores["all"])))


def score_before(commit, args):
    """The figures of the code at ``commit``: this script run against a throwaway worktree."""
    folder = Path(tempfile.mkdtemp(prefix="temporal-quality-"))
    checkout = folder / "code"
    subprocess.run(["git", "worktree", "add", "--detach", "--force", str(checkout), commit], cwd=PROJECT,
                   check=True, capture_output=True)
    try:
        command = [sys.executable, __file__, "--data", args.data, "--json"] + (
            ["--limit", str(args.limit)] if args.limit else [])
        result = subprocess.run(command, capture_output=True, text=True, check=True, cwd=checkout,
                                env={**os.environ, "TEMPORAL_QUALITY_CODE": str(checkout)})
        return json.loads(result.stdout)["figures"]
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(checkout)], cwd=PROJECT, capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def comparison(commit, before, after):
    """Relaxed F1, value accuracy and value F1 by type, before and after, in percent."""
    after = _rounded(json.loads(json.dumps(after.figures())))
    lines = ["", f"before ({commit}) -> now: relaxed F1, value accuracy, value F1 by type"]
    for kind in before:
        b, a = before[kind], after.get(kind, {})
        cells = []
        for label, get in (("relaxed F1", lambda f: f["relaxed"]["f1"]), ("value acc", lambda f: f["value_accuracy"]),
                           ("value F1", lambda f: f["value_f1"])):
            old, new = get(b), get(a) if a else None
            shown = lambda v: "-" if v is None else f"{100 * v:.1f}"
            cells.append(f"{label} {shown(old):>5} -> {shown(new):>5}")
        lines.append(f"  {kind:<9}" + "   ".join(cells))
    return lines


def json_report(args, documents, scores, elapsed):
    overall = scores["all"]
    report = {
        "data": args.data, "documents": len(documents), "seconds": round(elapsed, 2), "figures": overall.figures(),
        "value_mismatch_kinds": [{"gold": gold, "system": system, "count": count}
                                 for (gold, system), count in overall.mismatch_kinds.most_common()],
    }
    if args.by_doc_set:
        report["by_doc_set"] = {name: {"documents": set_scores.documents, "figures": set_scores.figures()}
                                for name, set_scores in scores.items() if name != "all"}
    if args.errors:
        report["errors"] = {"value_mismatches": overall.value_mismatches[:args.errors],
                            "misses": overall.misses[:args.errors], "spurious": overall.spurious[:args.errors]}
    return report


def text_report(args, documents, scores, elapsed):
    sets = collections.Counter(document.get("set") or "(no set)" for document in documents)
    split = ", ".join(f"{count} {name}" for name, count in sorted(sets.items()))
    lines = table(f"nlp.temporal.extract against TIMEX3 gold: {len(documents)} documents ({split}), {elapsed:.1f} s",
                  scores["all"])
    for name, set_scores in scores.items():
        if name != "all":
            plural = "" if set_scores.documents == 1 else "s"
            lines += ["", *table(f"set {name}: {set_scores.documents} document{plural}", set_scores)]
    lines += ["", *mismatch_lines(scores["all"])]
    if args.errors:
        lines += ["", *error_lines(scores["all"], args.errors)]
    command = "reproduce: .venv/bin/python bench/temporal_quality.py --data " + args.data
    command += f" --limit {args.limit}" if args.limit is not None else ""
    command += " --by-doc-set" if args.by_doc_set else ""
    lines += ["percentages; by type, recall counts gold of the type and precision system mentions of the type", command]
    return lines

if __name__ == "__main__":
    main()
