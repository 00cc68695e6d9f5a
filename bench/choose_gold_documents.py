"""Choose the wire reports to write event gold for, before any reader runs on them.

    .venv/bin/python bench/choose_gold_documents.py --data ../shared/corpora/gigaword-silver-dev.jsonl \
        [--count 130] [--sealed 40] [--seed 23] [--out bench/gold/gigaword_selection.json]

Stratified by agency and year (from the ``doc_id``: ``XIN_ENG_20051122.0128``) and by length
(terciles of the whole corpus): every agency-year group gets the same share, spread evenly
over the three lengths. Within a stratum about a quarter of the picks come from reports that
name no diplomatic cue word (``CUES``, a plain word list, not the readers' lexicon), so the
gold holds reports with no event as well as reports with several; the rest from reports that
do. In each agency-year group a fixed share is sealed: their gold is committed, but their
per-event output is never looked at, and they are reported apart as the unseen figure.

Deterministic: the same corpus, count and seed give the same choice.
"""

import argparse
import collections
import json
import random
import re
from pathlib import Path

# A plain screen for "may tell of diplomacy", independent of the readers.
CUES = re.compile(r"\b(?:visit\w*|talks|met|meet\w*|summit\w*|sign\w*|agreement|accord|treaty|pact|memorandum|"
                  r"delegation|envoy|counterpart|telephone|postpone\w*|cancel\w*|exercises?)\b", re.IGNORECASE)


def strata(documents):
    lengths = sorted(len(d["text"]) for d in documents)
    cuts = lengths[len(lengths) // 3], lengths[2 * len(lengths) // 3]
    groups = collections.defaultdict(lambda: collections.defaultdict(list))
    for document in documents:
        agency, year = document["doc_id"][:3], document["doc_id"][8:12]
        size = len(document["text"])
        band = "short" if size < cuts[0] else "medium" if size < cuts[1] else "long"
        groups[(agency, year)][band].append(document)
    return groups, cuts


def choose(documents, count, sealed, seed, plain_share=0.25):
    rng = random.Random(seed)
    groups, cuts = strata(documents)
    keys = sorted(groups)
    per_group = [count // len(keys) + (1 if i < count % len(keys) else 0) for i in range(len(keys))]
    sealed_per_group = [sealed // len(keys) + (1 if i < sealed % len(keys) else 0) for i in range(len(keys))]
    chosen = []
    for key, quota, sealed_quota in zip(keys, per_group, sealed_per_group):
        bands = ["short", "medium", "long"]
        band_quota = {b: quota // 3 + (1 if i < quota % 3 else 0) for i, b in enumerate(bands)}
        picked = []
        for band in bands:
            pool = sorted(groups[key][band], key=lambda d: d["doc_id"])
            cued = [d for d in pool if len(CUES.findall(d["text"])) >= 2]
            plain = [d for d in pool if len(CUES.findall(d["text"])) < 2]
            want_plain = round(band_quota[band] * plain_share)
            take = rng.sample(plain, min(want_plain, len(plain)))
            take += rng.sample(cued, min(band_quota[band] - len(take), len(cued)))
            rest = [d for d in plain if d not in take]  # a band with too few cued reports
            take += rng.sample(rest, min(band_quota[band] - len(take), len(rest)))
            picked += [(d, band) for d in take]
        order = list(range(len(picked)))
        rng.shuffle(order)
        sealed_indexes = set(order[:sealed_quota])
        for index, (document, band) in enumerate(picked):
            chosen.append({"doc_id": document["doc_id"], "agency": key[0], "year": key[1], "length": band,
                           "characters": len(document["text"]), "cues": len(CUES.findall(document["text"])),
                           "sealed": index in sealed_indexes})
    return sorted(chosen, key=lambda c: c["doc_id"]), cuts


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True)
    parser.add_argument("--count", type=int, default=130)
    parser.add_argument("--sealed", type=int, default=40)
    parser.add_argument("--seed", type=int, default=23)
    parser.add_argument("--plain-share", type=float, default=0.25,
                        help="the share of each stratum taken from reports with no diplomatic cue word")
    parser.add_argument("--exclude", action="append", default=[],
                        help="a selection file (JSON) whose documents are not chosen again")
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent / "gold" / "gigaword_selection.json"))
    args = parser.parse_args()
    documents = [json.loads(line) for line in open(args.data, encoding="utf-8")]
    taken = {d["doc_id"] for path in args.exclude for d in json.load(open(path, encoding="utf-8"))["documents"]}
    documents = [d for d in documents if d["doc_id"] not in taken]
    chosen, cuts = choose(documents, args.count, args.sealed, args.seed, args.plain_share)
    summary = collections.Counter((c["agency"], c["year"], c["length"], c["sealed"]) for c in chosen)
    Path(args.out).write_text(json.dumps({
        "corpus": Path(args.data).name, "count": args.count, "sealed": args.sealed, "seed": args.seed,
        "plain_share": args.plain_share, "excluded": [Path(p).name for p in args.exclude],
        "length_cuts": list(cuts), "documents": chosen}, indent=1) + "\n", encoding="utf-8")
    print(f"{len(chosen)} documents ({sum(c['sealed'] for c in chosen)} sealed) -> {args.out}")
    for key in sorted(summary):
        print(f"  {key[0]} {key[1]} {key[2]:6} {'sealed' if key[3] else 'dev   '} {summary[key]}")


if __name__ == "__main__":
    main()
