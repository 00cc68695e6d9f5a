"""Check event gold files against their corpus: every field well formed, every offset pointing
at its trigger (bench/gold/GUIDELINES.md).

    .venv/bin/python bench/check_gold.py --data CORPUS.jsonl GOLD.jsonl [GOLD.jsonl ...]

Prints one line per problem and exits 1 if there is any. Reads only the texts and the gold:
no reader runs.
"""

import argparse
import datetime
import json
import re
import sys

TYPES = {"visit", "meeting", "talks", "summit", "agreement", "agreement_to_act", "cancellation", "exercise"}
STATUSES = {"occurred", "planned", "cancelled"}
DATE = re.compile(r"^(?:undated|\d{4}(?:-\d{2}(?:-\d{2})?)?|\d{4}-W\d{2}|\d{4}-\d{2}-\d{2}/\d{4}-\d{2}-\d{2}|"
                  r"\d{4}-\d{2}/\d{4}-\d{2})$")


def _date_problem(value):
    if not isinstance(value, str) or not DATE.match(value):
        return f"date {value!r} is not a TIMEX3 day, week, month, year, range or 'undated'"
    for part in value.split("/"):
        if part == "undated" or "W" in part:
            continue
        pieces = [int(p) for p in part.split("-")] + [1, 1]
        try:
            datetime.date(pieces[0], pieces[1], pieces[2])
        except ValueError:
            return f"date {value!r} is not on the calendar"
    if "/" in value and value.split("/")[0] > value.split("/")[1]:
        return f"date range {value!r} ends before it starts"
    return None


def check_event(event, text, ids):
    problems = []
    if event.get("type") not in TYPES:
        problems.append(f"type {event.get('type')!r}")
    if event.get("status") not in STATUSES:
        problems.append(f"status {event.get('status')!r}")
    if (event.get("type") == "cancellation") != (event.get("status") == "cancelled"):
        problems.append("only a cancellation is 'cancelled', and it always is")
    if not isinstance(event.get("actors"), list) or not all(isinstance(a, str) and a for a in event["actors"]):
        problems.append("actors must be a list of names")
    if event.get("place") is not None and not isinstance(event["place"], str):
        problems.append("place must be a name or null")
    problem = _date_problem(event.get("date"))
    if problem:
        problems.append(problem)
    if not isinstance(event.get("core"), bool):
        problems.append("core must be true or false")
    mentions = event.get("mentions") or [{"trigger": event.get("trigger"), "offset": event.get("offset")}]
    for mention in [{"trigger": event.get("trigger"), "offset": event.get("offset")}, *mentions]:
        trigger, offset = mention.get("trigger"), mention.get("offset")
        if not isinstance(trigger, str) or not isinstance(offset, int) or text[offset:offset + len(trigger)] != trigger:
            found = [m.start() for m in re.finditer(re.escape(trigger), text)] if isinstance(trigger, str) else []
            problems.append(f"trigger {trigger!r} is not at offset {offset} (found at {found[:5]})")
    if event.get("part_of") is not None and event["part_of"] not in ids:
        problems.append(f"part_of {event['part_of']!r} names no event of this document")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", action="append", required=True)
    parser.add_argument("gold", nargs="+")
    args = parser.parse_args()
    texts = {}
    for path in args.data:
        for line in open(path, encoding="utf-8"):
            item = json.loads(line)
            texts[item["doc_id"]] = (item["text"], item.get("dct_date") or item.get("dct"))
    problems, documents, events, seen = [], 0, 0, set()
    for path in args.gold:
        for number, line in enumerate(open(path, encoding="utf-8"), 1):
            where = f"{path}:{number}"
            try:
                item = json.loads(line)
            except json.JSONDecodeError as error:
                problems.append(f"{where}: not JSON ({error})")
                continue
            doc_id = item.get("doc_id")
            if doc_id not in texts:
                problems.append(f"{where}: {doc_id!r} is not in the corpus")
                continue
            if doc_id in seen:
                problems.append(f"{where}: {doc_id} has gold twice")
            seen.add(doc_id)
            text, dct = texts[doc_id]
            if item.get("dct") != dct:
                problems.append(f"{where}: dct {item.get('dct')!r}, the corpus says {dct!r}")
            documents += 1
            ids = [e.get("id") for e in item.get("events", [])]
            if item.get("diplomatic") is not bool(item.get("events")) and item.get("events"):
                problems.append(f"{where}: events listed, but diplomatic is not true")
            for event in item.get("events", []):
                events += 1
                for problem in check_event(event, text, set(ids)):
                    problems.append(f"{where} {doc_id} {event.get('id', '?')}: {problem}")
    for problem in problems:
        print(problem)
    print(f"{documents} documents, {events} events, {len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
