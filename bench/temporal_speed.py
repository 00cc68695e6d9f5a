"""Speed of nlp.temporal.extract against dateparser.search_dates, same text, same run.

    .venv/bin/python bench/temporal_speed.py [--rounds N] [FILE ...]

Default text: the seed documents (seeds/*.txt), each with its manifest publication date; a
FILE ending in .jsonl is a corpus in the TempEval-3 JSONL format (../shared/corpora/README.md),
each document with its "dct_date".
Both tools get each document with its publication date (dateparser as RELATIVE_BASE,
languages=["en"]). One process, one core; each tool is warmed up first, then timed over
N rounds, and the best round counts (the least disturbed by the rest of the machine).
"""

import argparse
import csv
import datetime
import json
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from dateparser.search import search_dates  # noqa: E402

from nlp.temporal import extract  # noqa: E402


def load_corpus(files):
    if files:
        corpus = []
        for name in files:
            if name.endswith(".jsonl"):
                for line in Path(name).read_text(encoding="utf-8").splitlines():
                    document = json.loads(line)
                    dct = document.get("dct_date")
                    corpus.append((document["text"], datetime.date.fromisoformat(dct) if dct else None))
            else:
                corpus.append((Path(name).read_text(encoding="utf-8"), None))
        return corpus
    manifest = {row["file"]: row["published"] for row in csv.DictReader((PROJECT / "seeds" / "manifest.csv").open())}
    corpus = []
    for path in sorted((PROJECT / "seeds").glob("*.txt")):
        published = manifest.get(path.name)
        corpus.append((path.read_text(encoding="utf-8"), datetime.date.fromisoformat(published) if published else None))
    return corpus


def run_ours(corpus):
    return sum(len(extract(text, dct)) for text, dct in corpus)


def run_dateparser(corpus):
    found = 0
    for text, dct in corpus:
        settings = {"RELATIVE_BASE": datetime.datetime.combine(dct, datetime.time())} if dct else {}
        found += len(search_dates(text, languages=["en"], settings=settings) or [])
    return found


def best_time(function, corpus, rounds):
    function(corpus)  # warm-up: imports, compiled patterns, caches
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        found = function(corpus)
        timings.append(time.perf_counter() - started)
    return min(timings), found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    corpus = load_corpus(args.files)
    characters = sum(len(text) for text, _ in corpus)
    ours, ours_found = best_time(run_ours, corpus, args.rounds)
    theirs, theirs_found = best_time(run_dateparser, corpus, args.rounds)
    ours_speed = characters / ours
    theirs_speed = characters / theirs
    print(f"corpus: {len(corpus)} documents, {characters:,} characters, best of {args.rounds} rounds")
    print(f"nlp.temporal.extract        {ours_speed:12,.0f} chars/s  ({ours * 1000:8.1f} ms, {ours_found} expressions)")
    print(f"dateparser.search_dates     {theirs_speed:12,.0f} chars/s  ({theirs * 1000:8.1f} ms, {theirs_found} expressions)")
    print(f"ratio (extract / dateparser): {ours_speed / theirs_speed:.1f}x")
    print("reproduce: .venv/bin/python bench/temporal_speed.py" + (f" --rounds {args.rounds}" if args.rounds != 5 else "")
          + "".join(f" {name}" for name in args.files))


if __name__ == "__main__":
    main()
