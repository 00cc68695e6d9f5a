"""How well the event readers find the events an analyst would list, side by side.

    .venv/bin/python bench/event_quality.py --data CORPUS [--data ...] --gold GOLD.jsonl [--gold ...]
        [--readers pattern,parse] [--misses] [--noise] [--json]

CORPUS is a JSONL file of documents (``doc_id``, ``text``, ``dct_date`` or null: the
TempEval-3 file in ../shared/corpora has this shape) or a folder of .txt files with a
``manifest.csv`` (``file``, ``published``, ``date_certainty``), like ``seeds/``. GOLD files
(``bench/gold/*.jsonl``) list, per document, the events an analyst wrote down before any
reader was run on it: type, status, actors, place, date (TIMEX3 or "undated"), whether the
event is core, and the trigger's offset. Documents of the gold with no events count too:
whatever a reader finds there is noise.

Every reader reads every gold document through the whole pipeline (``nlp.pipeline.understand``),
in a process of its own. Matching is strict and one-to-one: a system event matches a gold
event of the same document when the types are compatible (the same, or meeting~talks,
meeting~summit, agreement~agreement_to_act) and they share an actor or the place; among
candidates the best pair wins (same type, more shared actors, the place, the trigger nearest
the gold trigger). Then:

    core recall      matched core gold events / core gold events
    recall (all)     matched gold events / gold events
    precision        matched system events / system events (a system event matching a
                     non-core gold event is not noise)
    dates right      matched pairs whose date is right: the same TIMEX3 value, or the same
                     calendar interval, or both undated (a date with no calendar interval,
                     such as XXXX-08 in an undated document, counts as undated)
    status right     matched pairs with the gold status
    docs/s           documents per second through the whole understand(), one core, after
                     the reader's models are loaded (the load is shown apart), and the peak
                     resident memory of the process

``--before COMMIT`` adds a column: the last reader asked for as that commit had it (its
pattern reader before issue 11), read from a throwaway git
worktree (for code before the layout issue, ``timeline.events``), so a change is measured
against the code before it in the same run.

Strict figures count one timeline event per real event and need the status to agree:

    strict core recall   core gold events matched one-to-one by a system event of the same
                         status / core gold events
    strict precision     system events so matched (or matching a non-core gold event with the
                         same status) / system events
    over-merges          system events whose evidence names mentions of two or more gold events
                         (gold ``mentions``, or the trigger offset), and of those how many mix
                         kinds (gold events of different types)
    twins                gold events whose mentions are read into two or more system events, or
                         whose match has an unmatched system event of its kind and people beside it
    B-cubed F1           of events over gold mentions: each gold mention's system event is the
                         one whose evidence trigger overlaps it (a mention no evidence overlaps is
                         a singleton); precision and recall averaged over mentions
    rejections by rule   how often each named filter rule of the reader rejected a reading

A gold file whose name says ``sealed`` holds the unseen part: its documents are scored apart
(the "sealed" column) and never listed by ``--misses``, ``--noise`` or ``--wrong``.

``--misses`` lists the core gold events no system event matched, ``--noise`` the system
events that matched nothing, ``--wrong`` the matched pairs with a wrong date or status.
"""

import argparse
import csv
import datetime
import json
import os
import resource
import shutil
import tempfile
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
# a worker reading with the code of another commit (--before) imports that checkout instead
CODE = Path(os.environ.get("EVENT_QUALITY_CODE", PROJECT))
sys.path.insert(0, str(CODE))

COMPATIBLE = [{"meeting", "talks"}, {"meeting", "summit"}, {"agreement", "agreement_to_act"}]
TITLES = {"president", "prime", "minister", "foreign", "secretary", "general", "king", "queen", "mr", "mrs", "ms",
          "dr", "premier", "chancellor", "envoy", "ambassador", "u.n.", "un", "the", "of", "state", "defence",
          "defense", "deputy", "vice", "sheikh", "prince", "pope", "director"}


# ---------------------------------------------------------------------------------------- input


def load_documents(paths):
    documents = {}
    for path in map(Path, paths):
        if path.is_dir():
            manifest = {row["file"]: row for row in csv.DictReader((path / "manifest.csv").open(encoding="utf-8"))}
            for file in sorted(path.glob("*.txt")):
                row = manifest.get(file.name, {})
                published = row.get("published") or None
                documents[file.name] = {"text": file.read_text(encoding="utf-8"), "dct": published,
                                        "approximate": row.get("date_certainty") == "approximate"}
        else:
            for line in path.open(encoding="utf-8"):
                item = json.loads(line)
                documents[item["doc_id"]] = {"text": item["text"], "dct": item.get("dct_date") or item.get("dct"),
                                             "approximate": False}
    return documents


def load_gold(paths):
    gold = {}
    for path in paths:
        for line in open(path, encoding="utf-8"):
            item = json.loads(line)
            gold[item["doc_id"]] = item["events"]
    return gold


def sealed_documents(paths):
    """The documents of the gold files that hold the unseen part (``*sealed*``)."""
    return {json.loads(line)["doc_id"] for path in paths if "sealed" in Path(path).name
            for line in open(path, encoding="utf-8")}


# ---------------------------------------------------------------------------------------- reading


def _understanding(reader):
    """``understand(text, dct, approximate)`` with ``reader``, for the code this process imports:
    ``nlp.pipeline`` since the layout issue, ``timeline.events`` (the pattern reader) before it."""
    try:
        from nlp.pipeline import pipeline, understand
    except ImportError:
        from timeline.cleaning import clean
        from timeline.events import read_events

        def understand_then(text, dct, approximate=False, reader=None):
            cleaned = clean(text)
            cleaned.events = read_events(cleaned, dct, dct_is_approximate=approximate)
            return cleaned

        return understand_then
    pipeline(reader=reader)  # builds the reader (and loads its models) once
    return lambda text, dct, approximate=False, reader=reader: understand(text, dct, approximate=approximate,
                                                                          reader=reader)


def read_all(reader, documents, ids):
    """Run in a process of its own: every document through understand() with ``reader``."""
    started = time.perf_counter()
    understand = _understanding(reader)
    understand("Warm-up: the minister met his counterpart on Monday.", datetime.date(2020, 1, 1))
    load_seconds = time.perf_counter() - started
    results, docs = {}, {}
    started = time.perf_counter()
    for doc_id in ids:
        document = documents[doc_id]
        dct = datetime.date.fromisoformat(document["dct"]) if document["dct"] else None
        docs[doc_id] = understand(document["text"], dct, approximate=document["approximate"])
    seconds = time.perf_counter() - started
    rejections = {}
    for doc_id, doc in docs.items():
        results[doc_id] = [_event_record(doc, event, documents[doc_id]["text"]) for event in doc.events]
        for rule in _rejection_rules(doc):
            rejections[rule] = rejections.get(rule, 0) + 1
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"events": results, "seconds": seconds, "load_seconds": load_seconds, "peak_mib": peak_mib,
            "characters": sum(len(documents[i]["text"]) for i in ids), "rejections": rejections}


def _rejection_rules(doc):
    """The names of the rules that rejected readings of ``doc`` (older code kept reasons only)."""
    if hasattr(doc, "rejections"):
        return [rejection.rule for rejection in doc.rejections]
    return [entry[3] for entry in getattr(doc, "scratch", {}).get("rejected", ())]


def raw_offset(raw, cleaned, start, end):
    """Where a stretch of the cleaned text lies in the raw text: the same occurrence of the same
    words (cleaning drops chrome and doubled bodies, so by rank when the counts agree, else the
    occurrence nearest the same relative position)."""
    words = cleaned[start:end]
    if not words:
        return None
    in_cleaned = [i for i in _occurrences(cleaned, words)]
    in_raw = [i for i in _occurrences(raw, words)]
    if not in_raw:
        return None
    if len(in_cleaned) == len(in_raw) and start in in_cleaned:
        return in_raw[in_cleaned.index(start)]
    position = start / max(len(cleaned), 1) * len(raw)
    return min(in_raw, key=lambda i: abs(i - position))


def _occurrences(text, words):
    found, at = [], text.find(words)
    while at >= 0:
        found.append(at)
        at = text.find(words, at + 1)
    return found


def _event_record(doc, event, raw):
    return {
        "type": event.event_type, "status": event.status, "title": event.title,
        "actors": [[a.key, a.kind, a.country] for a in event.actors],
        "place": [event.place.name, event.place.country] if event.place else None,
        "timex": event.date.timex, "start": event.date.start.isoformat() if event.date.start else None,
        "end": event.date.end.isoformat() if event.date.end else None,
        # offsets into the cleaned text, and the trigger words to find them in the raw text
        "triggers": [doc.text[e.trigger_start:e.trigger_end] for e in event.evidence],
        "raw_triggers": [[raw_offset(raw, doc.text, e.trigger_start, e.trigger_end), e.trigger_end - e.trigger_start]
                         for e in event.evidence],
        "sentence": doc.text[event.evidence[0].sentence_start:event.evidence[0].sentence_end],
    }


def run_reader(reader, args, ids, code=PROJECT):
    """Read in a child process, so each reader's time and memory are its own; ``code`` is the
    checkout whose language code it imports."""
    command = [sys.executable, __file__, "--worker", reader, *sum((["--data", d] for d in args.data), []),
               "--ids", ",".join(ids)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=code,
                            env={**os.environ, "EVENT_QUALITY_CODE": str(code)})
    if result.returncode:
        sys.exit(f"reader {reader} failed:\n{result.stderr}")
    return json.loads(result.stdout)


def read_before(ref, args, ids, reader="pattern"):
    """A reader as it was at the commit ``ref`` (a throwaway git worktree), so the code before
    and after a change are measured in the same run; a commit without that reader (the parse
    reader came with issue 11) is read with its pattern reader."""
    folder = Path(tempfile.mkdtemp(prefix="event-quality-"))
    checkout = folder / "code"
    subprocess.run(["git", "worktree", "add", "--detach", "--force", str(checkout), ref], cwd=PROJECT, check=True,
                   capture_output=True)
    try:
        events = checkout / "nlp" / "events"
        if reader == "parse" and not ((events / "parsed.py").exists() or (events / "parse" / "__init__.py").exists()):
            reader = "pattern"
        return run_reader(reader, args, ids, code=checkout)
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(checkout)], cwd=PROJECT, capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


# ---------------------------------------------------------------------------------------- matching


def _norm(text):
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join(text.replace(".", " ").replace("-", " ").replace("'s", "").split())


class Names:
    """Gold names to what the system calls them: registry aliases, countries by code."""

    def __init__(self):
        from nlp.entities.actors import Registry
        from nlp.entities.places import gazetteer

        self.registry = Registry.default()
        self.gazetteer = gazetteer()

    def actor_keys(self, name):
        """The normalised names and country codes a gold actor can match."""
        keys = {_norm(name)}
        record = self.registry.lookup(name) or self.registry.country_of_adjective(name)
        if record is not None:
            keys.add(_norm(record.key))
            if record.kind == "country":
                keys.add("country:" + record.country)
        place = self.gazetteer.get(name)
        if place is not None and place.kind == "country":
            keys.add("country:" + place.country)
        # "Afghan factions", "Egyptian Foreign Minister": the country's side
        for word in name.split():
            country = self.registry.country_of_adjective(word.rstrip("s")) or self.registry.country_of_adjective(word)
            if country is not None and word[0].isupper() and word != name:
                keys.add("country:" + country.country)
        words = [w for w in _norm(name).split() if w not in TITLES]
        if len(words) >= 2:
            keys.add("surname:" + words[-1])
        return keys

    def system_keys(self, actor):
        key, kind, country = actor
        keys = {_norm(key)}
        if kind == "country" and country:
            keys.add("country:" + country)
        words = [w for w in _norm(key).split() if w not in TITLES]
        if kind == "person" and words:
            keys.add("surname:" + words[-1])
        return keys

    def place_keys(self, name):
        keys = {_norm(name)}
        place = self.gazetteer.get(name)
        if place is not None:
            keys.add(_norm(place.name))
        return keys


def _compatible(a, b):
    return a == b or any({a, b} <= group for group in COMPATIBLE)


def _gold_interval(value):
    """(start, end) of a gold TIMEX3 value, or None."""
    if not value or value == "undated":
        return None
    if "/" in value:
        first, last = value.split("/")
        a, b = _gold_interval(first), _gold_interval(last)
        return (a[0], b[1]) if a and b else None
    try:
        if len(value) == 4 and value.isdigit():
            return datetime.date(int(value), 1, 1), datetime.date(int(value), 12, 31)
        if len(value) == 7 and value[4] == "-" and value[5:].isdigit():
            year, month = int(value[:4]), int(value[5:])
            end = datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)
            return datetime.date(year, month, 1), end
        if len(value) == 10:
            day = datetime.date.fromisoformat(value)
            return day, day
        if "-W" in value:
            year, week = value.split("-W")
            monday = datetime.date.fromisocalendar(int(year), int(week[:2]), 1)
            return monday, monday + datetime.timedelta(days=6)
    except ValueError:
        return None
    return None


def date_right(gold_value, system):
    if gold_value == "undated" or not gold_value:
        return system["start"] is None
    if system["start"] is None:
        return False
    if system["timex"] == gold_value:
        return True
    interval = _gold_interval(gold_value)
    return interval is not None and (system["start"], system["end"]) == (interval[0].isoformat(), interval[1].isoformat())


def match_document(gold_events, system_events, text, names, *, strict=False):
    """One-to-one pairs (gold index, system index) by the best score first; ``strict`` pairs
    only events whose status agrees."""
    candidates = []
    for g, gold in enumerate(gold_events):
        gold_actor_keys = [names.actor_keys(a) for a in gold["actors"]]
        gold_place = names.place_keys(gold["place"]) if gold.get("place") else set()
        for s, system in enumerate(system_events):
            if not _compatible(gold["type"], system["type"]) or (strict and gold["status"] != system["status"]):
                continue
            system_keys = set().union(*(names.system_keys(a) for a in system["actors"])) if system["actors"] else set()
            shared = sum(1 for keys in gold_actor_keys if keys & system_keys)
            place = bool(system["place"] and gold_place & names.place_keys(system["place"][0]))
            if not shared and not place:
                continue
            distance = min((abs(text.find(t) - gold["offset"]) for t in system["triggers"] if t in text), default=10**6)
            candidates.append(((gold["type"] == system["type"], shared, place, -distance), g, s))
    candidates.sort(reverse=True)
    pairs, used_gold, used_system = [], set(), set()
    for _, g, s in candidates:
        if g not in used_gold and s not in used_system:
            pairs.append((g, s))
            used_gold.add(g)
            used_system.add(s)
    return pairs


# ---------------------------------------------------------------------------------------- mentions

SLACK = 0  # characters before a gold mention where a reader's trigger may begin


def gold_mentions(event):
    return event.get("mentions") or [{"trigger": event["trigger"], "offset": event["offset"]}]


def mention_links(gold_events, system_events):
    """``{(gold index, mention index): [system indexes]}``: the system events whose evidence
    trigger overlaps each gold mention, events of a compatible kind first."""
    links = {}
    for g, gold in enumerate(gold_events):
        for m, mention in enumerate(gold_mentions(gold)):
            # a reader's trigger overlaps the mention, or begins just before it ("visit" / "paid a visit")
            low, high = mention["offset"] - SLACK, mention["offset"] + len(mention["trigger"])
            hits = sorted({s for s, system in enumerate(system_events) for start, length in system.get("raw_triggers", ())
                           if start is not None and start < high and low < start + length},
                          key=lambda s: not _compatible(gold["type"], system_events[s]["type"]))
            if hits:
                links[(g, m)] = hits
    return links


def over_merges(gold_events, system_events, links):
    """System events whose evidence overlaps mentions of two or more gold events: ``[(system
    index, gold indexes)]``."""
    reached = {}
    for (g, _), systems in links.items():
        for s in systems:
            reached.setdefault(s, set()).add(g)
    return [(s, sorted(gs)) for s, gs in sorted(reached.items()) if len(gs) >= 2]


def twins(gold_events, system_events, links, pairs, names):
    """Gold events read as two or more system events: their mentions overlap the evidence of
    several, or beside their match stands an unmatched system event of a compatible kind that
    shares an actor and overlaps no other gold event."""
    found = set()
    for g, _ in enumerate(gold_events):
        reached = {systems[0] for (gg, _), systems in links.items() if gg == g}
        if len(reached) >= 2:
            found.add(g)
    matched_system = {s for _, s in pairs}
    linked_elsewhere = {s for (g, _), systems in links.items() for s in systems}
    for g, s in pairs:
        gold_keys = [names.actor_keys(a) for a in gold_events[g]["actors"]]
        for other, system in enumerate(system_events):
            if other in matched_system or other == s or not _compatible(gold_events[g]["type"], system["type"]):
                continue
            if other in linked_elsewhere and not any(other in systems for (gg, _), systems in links.items() if gg == g):
                continue
            keys = set().union(*(names.system_keys(a) for a in system["actors"])) if system["actors"] else set()
            if any(k & keys for k in gold_keys):
                found.add(g)
    return found


def b_cubed(gold_events, links):
    """(precision sum, recall sum, mentions) over the gold mentions of one document."""
    items = [(g, m) for g, event in enumerate(gold_events) for m, _ in enumerate(gold_mentions(event))]
    system_of = {item: links[item][0] for item in items if item in links}
    precision = recall = 0.0
    for item in items:
        gold_cluster = {i for i in items if i[0] == item[0]}
        system_cluster = {i for i in items if item in system_of and system_of.get(i) == system_of[item]} or {item}
        shared = len(gold_cluster & system_cluster)
        precision += shared / len(system_cluster)
        recall += shared / len(gold_cluster)
    return precision, recall, len(items)


# ---------------------------------------------------------------------------------------- scoring

TOTALS = ("by_type", "core", "core_matched", "core_strict", "gold", "gold_matched", "system", "system_matched", "system_strict",
          "dates_right", "status_right", "matched", "strict_dates_right", "strict", "both_right",
          "noise_in_other_documents", "other_documents", "over_merges", "over_merges_mixed", "twins",
          "bcubed_p", "bcubed_r", "mentions")


def score(gold, documents, read, names, ids=None):
    totals = dict.fromkeys(TOTALS, 0)
    totals["by_type"] = {}
    misses, noise, wrong = [], [], []
    merges = []  # (doc_id, what, gold events, system events): over-merges and twins, to list
    for doc_id, gold_events in gold.items():
        if ids is not None and doc_id not in ids:
            continue
        system_events = read["events"].get(doc_id, [])
        text = documents[doc_id]["text"]
        pairs = match_document(gold_events, system_events, text, names)
        strict = match_document(gold_events, system_events, text, names, strict=True)
        strict_gold, strict_system = {g for g, _ in strict}, {s for _, s in strict}
        totals["gold"] += len(gold_events)
        totals["core"] += sum(1 for e in gold_events if e.get("core", True))
        totals["gold_matched"] += len(pairs)
        totals["core_matched"] += sum(1 for g, _ in pairs if gold_events[g].get("core", True))
        totals["core_strict"] += sum(1 for g, _ in strict if gold_events[g].get("core", True))
        for g, event in enumerate(gold_events):
            if event.get("core", True):
                kind = totals.setdefault("by_type", {}).setdefault(event["type"], [0, 0])
                kind[0] += 1
                kind[1] += g in strict_gold
        totals["system"] += len(system_events)
        totals["system_matched"] += len(pairs)
        totals["system_strict"] += len(strict)
        if not gold_events:
            totals["other_documents"] += 1
            totals["noise_in_other_documents"] += len(system_events)
        for g, s in pairs:
            gold_event, system_event = gold_events[g], system_events[s]
            date_ok = date_right(gold_event["date"], system_event)
            status_ok = gold_event["status"] == system_event["status"]
            totals["matched"] += 1
            totals["dates_right"] += date_ok
            totals["status_right"] += status_ok
            totals["both_right"] += date_ok and status_ok
            if not (date_ok and status_ok):
                wrong.append((doc_id, gold_event, system_event, date_ok, status_ok))
        for g, s in strict:
            totals["strict"] += 1
            totals["strict_dates_right"] += date_right(gold_events[g]["date"], system_events[s])
        links = mention_links(gold_events, system_events)
        merged = over_merges(gold_events, system_events, links)
        totals["over_merges"] += len(merged)
        totals["over_merges_mixed"] += sum(1 for _, gs in merged if len({gold_events[g]["type"] for g in gs}) > 1)
        twinned = twins(gold_events, system_events, links, pairs, names)
        totals["twins"] += len(twinned)
        merges += [(doc_id, "over-merge", [gold_events[g] for g in gs], [system_events[s]]) for s, gs in merged]
        merges += [(doc_id, "twin", [gold_events[g]], [system_events[s] for s in sorted(
            {s for (gg, _), systems in links.items() if gg == g for s in systems[:1]})]) for g in sorted(twinned)]
        precision, recall, count = b_cubed(gold_events, links)
        totals["bcubed_p"] += precision
        totals["bcubed_r"] += recall
        totals["mentions"] += count
        misses += [(doc_id, e) for i, e in enumerate(gold_events) if i not in strict_gold and e.get("core", True)]
        noise += [(doc_id, e) for i, e in enumerate(system_events) if i not in strict_system]
    score.merges = merges
    return totals, misses, noise, wrong


def _pct(part, whole):
    return 100.0 * part / whole if whole else 0.0


def figures(totals, read, document_count):
    bp, br = _pct(totals["bcubed_p"], totals["mentions"]), _pct(totals["bcubed_r"], totals["mentions"])
    return {
        "strict core recall": _pct(totals["core_strict"], totals["core"]),
        "strict precision": _pct(totals["system_strict"], totals["system"]),
        "dates right (strict pairs)": _pct(totals["strict_dates_right"], totals["strict"]),
        "core recall": _pct(totals["core_matched"], totals["core"]),
        "recall (all)": _pct(totals["gold_matched"], totals["gold"]),
        "precision": _pct(totals["system_matched"], totals["system"]),
        "dates right": _pct(totals["dates_right"], totals["matched"]),
        "status right": _pct(totals["status_right"], totals["matched"]),
        "date and status right": _pct(totals["both_right"], totals["matched"]),
        "over-merges": totals["over_merges"],
        "over-merges mixing kinds": totals["over_merges_mixed"],
        "twins": totals["twins"],
        "twins % of gold events": _pct(totals["twins"], totals["gold"]),
        "B-cubed F1": 2 * bp * br / (bp + br) if bp + br else 0.0,
        "system events": totals["system"],
        "noise in documents with no gold event": totals["noise_in_other_documents"],
        "docs/s": document_count / read["seconds"] if read["seconds"] else 0.0,
        "chars/s": read["characters"] / read["seconds"] if read["seconds"] else 0.0,
        "load s": read["load_seconds"],
        "peak MiB": read["peak_mib"],
    }


SPEED = {"docs/s", "chars/s", "load s", "peak MiB"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", action="append", required=True, help="JSONL corpus or a folder with manifest.csv")
    parser.add_argument("--gold", action="append", help="gold JSONL (bench/gold/*.jsonl)")
    parser.add_argument("--readers", default="pattern", help="comma-separated reader names")
    parser.add_argument("--before", metavar="COMMIT", help="also the last reader asked for as this commit had it (git worktree)")
    parser.add_argument("--by-file", action="store_true", help="figures for each gold file too")
    parser.add_argument("--rejections", action="store_true", help="how often each rule rejected a reading")
    parser.add_argument("--by-type", action="store_true", help="strict core recall by kind of event")
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--noise", action="store_true")
    parser.add_argument("--wrong", action="store_true")
    parser.add_argument("--merges", action="store_true", help="list over-merges and twins")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--ids", help=argparse.SUPPRESS)
    args = parser.parse_args()

    documents = load_documents(args.data)
    if args.worker:
        print(json.dumps(read_all(args.worker, documents, args.ids.split(","))))
        return
    if not args.gold:
        parser.error("--gold is required")
    gold = load_gold(args.gold)
    sealed = sealed_documents(args.gold)
    missing = sorted(set(gold) - set(documents))
    if missing:
        sys.exit(f"gold documents not in --data: {', '.join(missing[:5])}{' ...' if len(missing) > 5 else ''}")
    ids = sorted(gold)
    names = Names()
    readers = [r.strip() for r in args.readers.split(",") if r.strip()]
    if args.before:
        # the last reader asked for, as that commit had it (the pattern reader before issue 11)
        readers.insert(0, f"before:{args.before[:10]}:{readers[-1]}")
    groups = {"all" if not sealed else "development": set(ids) - sealed}
    if sealed:
        groups["sealed"] = sealed
    if args.by_file:
        for path in args.gold:
            groups[Path(path).stem] = {json.loads(line)["doc_id"] for line in open(path, encoding="utf-8")}
    results = {}
    for reader in readers:
        read = (read_before(args.before, args, ids, reader.rsplit(":", 1)[1]) if reader.startswith("before:")
                else run_reader(reader, args, ids))
        results[reader] = {"read": read, "groups": {}}
        for group, members in groups.items():
            totals, misses, noise, wrong = score(gold, documents, read, names, members)
            results[reader]["groups"][group] = {"figures": figures(totals, read, len(ids)), "totals": totals,
                                                "misses": misses, "noise": noise, "wrong": wrong,
                                                "merges": list(score.merges)}
    if args.json:
        print(json.dumps({r: {g: {"figures": v["figures"], "totals": v["totals"]} for g, v in result["groups"].items()}
                          for r, result in results.items()}, indent=1))
        return
    core = sum(1 for events in gold.values() for e in events if e.get("core", True))
    print(f"{len(ids)} documents ({sum(1 for e in gold.values() if e)} with gold events), "
          f"{sum(len(e) for e in gold.values())} gold events ({core} core)")
    for number, (group, members) in enumerate(groups.items()):
        group_core = sum(1 for i in members for e in gold[i] if e.get("core", True))
        if len(groups) > 1:
            print(f"\n{group}: {len(members)} documents, {sum(len(gold[i]) for i in members)} gold events "
                  f"({group_core} core)")
        print(f"{'':42}" + "".join(f"{r:>14}" for r in readers))
        for key in results[readers[0]]["groups"][group]["figures"]:
            if key in SPEED and number:
                continue  # speed is the whole run's
            values = [results[r]["groups"][group]["figures"][key] for r in readers]
            shown = "".join(f"{v:>14.1f}" if isinstance(v, float) else f"{v:>14}" for v in values)
            print(f"{key:42}{shown}")
    if args.by_type:
        for group in groups:
            print(f"\nstrict core recall by kind, {group}: found / core gold events")
            kinds = sorted({k for r in readers for k in results[r]["groups"][group]["totals"]["by_type"]})
            for kind in kinds:
                print(f"{kind:42}" + "".join(
                    f"{'%d / %d' % tuple(results[r]['groups'][group]['totals']['by_type'].get(kind, (0, 0))[::-1]):>14}"
                    for r in readers))
    if args.rejections:
        print("\nrejections by rule (all documents)")
        rules = sorted({rule for r in readers for rule in results[r]["read"].get("rejections", {})})
        for rule in rules:
            print(f"{rule[:42]:42}" + "".join(f"{results[r]['read'].get('rejections', {}).get(rule, 0):>14}"
                                                for r in readers))
    listed = next(iter(groups))  # the development part: the sealed part is never listed
    for reader in readers:
        result = results[reader]["groups"][listed]
        if args.misses:
            print(f"\n== {reader}: missed core events, strict ({len(result['misses'])})")
            for doc_id, event in result["misses"]:
                text = documents[doc_id]["text"]
                print(f"- {doc_id} {event['type']}/{event['status']} {event['actors']} @{event.get('place')} "
                      f"{event['date']} | {_context(text, event['offset'])}")
        if args.noise:
            print(f"\n== {reader}: noise, strict ({len(result['noise'])})")
            for doc_id, event in result["noise"]:
                print(f"- {doc_id} {event['type']}/{event['status']} {event['title']!r} {event['timex']} | {event['sentence'][:160]}")
        if args.merges:
            print(f"\n== {reader}: over-merges and twins ({len(result['merges'])})")
            for doc_id, what, gold_events, system_events in result["merges"]:
                print(f"- {doc_id} {what}: gold " + "; ".join(f"{g['type']} {g['actors']} {g['date']}" for g in gold_events)
                      + " | system " + "; ".join(f"{e['type']} {e['title']!r} {e['timex']}" for e in system_events))
        if args.wrong:
            print(f"\n== {reader}: matched with a wrong date or status ({len(result['wrong'])})")
            for doc_id, gold_event, system_event, date_ok, status_ok in result["wrong"]:
                print(f"- {doc_id} {gold_event['type']} gold {gold_event['status']} {gold_event['date']} | system "
                      f"{system_event['status']} {system_event['timex'] or 'undated'} {system_event['title']!r}"
                      f"{'' if date_ok else ' [date]'}{'' if status_ok else ' [status]'}")


def _context(text, offset, width=70):
    return " ".join(text[max(0, offset - width):offset + width].split())


if __name__ == "__main__":
    main()
