"""Speed and memory of the whole language pipeline, ``understand()``, for each event reader,
against spaCy's full small pipeline run on every sentence, in the same run.

    .venv/bin/python bench/understand_speed.py --data CORPUS [--data ...] [--rounds 3]

CORPUS is a JSONL file of documents (``text``, ``dct_date``): the TempEval-3 file in
../shared/corpora has this shape. Each measurement runs in a process of its own (one core),
loads what it needs first, reads every document once to warm up, then times N rounds and
keeps the best (the least disturbed by the rest of the machine). It prints documents and
characters per second, the peak resident memory of the process (what one ingest worker
needs), and each figure's ratio to the baseline:

    pattern    understand() with the pattern reader (no parse)
    parse      understand() with the parse reader: spaCy parses only the sentences with a
               trigger word, and reads others for names only when a name needs them
    baseline   cleaning and sentence splitting, then spaCy's full small pipeline (tagger,
               parser, lemmatizer, entities) on every sentence: what a reader that parsed
               everything would pay for the parse alone
"""

import argparse
import datetime
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))


def load(paths):
    documents = []
    for path in paths:
        for line in open(path, encoding="utf-8"):
            item = json.loads(line)
            dct = item.get("dct_date") or item.get("dct")
            documents.append((item["text"], datetime.date.fromisoformat(dct) if dct else None))
    return documents


def run(kind, documents, rounds):
    from nlp.pipeline import pipeline, understand

    if kind == "baseline":
        from nlp.cleaning import clean
        from nlp.model import load as load_model
        from nlp.sentences import split_sentences

        nlp = load_model()

        def work(text, dct):
            cleaned = clean(text)
            sentences = [s for block in cleaned.blocks
                         for _, _, s in split_sentences(cleaned.text, block.start, block.end)]
            for _ in nlp.pipe(sentences, batch_size=64):
                pass
    else:
        pipeline(reader=kind)

        def work(text, dct):
            understand(text, dct, reader=kind)

    for text, dct in documents:  # warm up: models loaded, caches filled
        work(text, dct)
    best = None
    for _ in range(rounds):
        started = time.perf_counter()
        for text, dct in documents:
            work(text, dct)
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    return {"seconds": best, "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", action="append", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--kinds", default="pattern,parse,baseline")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    documents = load(args.data)
    if args.worker:
        print(json.dumps(run(args.worker, documents, args.rounds)))
        return
    characters = sum(len(text) for text, _ in documents)
    results = {}
    for kind in args.kinds.split(","):
        command = [sys.executable, __file__, "--worker", kind, "--rounds", str(args.rounds),
                   *sum((["--data", d] for d in args.data), [])]
        done = subprocess.run(command, capture_output=True, text=True, cwd=PROJECT)
        if done.returncode:
            sys.exit(f"{kind} failed:\n{done.stderr}")
        results[kind] = json.loads(done.stdout)
    print(f"{len(documents)} documents, {characters:,} characters; best of {args.rounds} rounds, one core")
    print(f"{'':10}{'docs/s':>10}{'chars/s':>12}{'peak MiB':>10}{'vs baseline':>13}")
    base = results.get("baseline")
    for kind, result in results.items():
        rate = len(documents) / result["seconds"]
        ratio = f"{base['seconds'] / result['seconds']:.1f}x" if base else "-"
        print(f"{kind:10}{rate:>10.1f}{characters / result['seconds']:>12,.0f}{result['peak_mib']:>10.0f}{ratio:>13}")


if __name__ == "__main__":
    main()
