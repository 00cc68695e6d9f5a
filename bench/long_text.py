"""Understanding one run-on sentence of growing length: linear time shows as a flat time per
kilobyte. A scraped page that lost its full stops, or a table flattened into one line, is one
"sentence" of hundreds of kilobytes; before the hardening issue such a text of 1,040,000 bytes
never finished in 600 s.

    .venv/bin/python bench/long_text.py                          # 16 KB to 1 MB
    .venv/bin/python bench/long_text.py --before 6a6121d --sizes 16000,32000,64000
    .venv/bin/python bench/long_text.py --kind names --before 512865e   # the cast's own growth

``--before COMMIT`` measures the code of that commit too (a throwaway git worktree), in the same
run, each size in its own process with ``--limit`` seconds at most.
"""

import argparse
import datetime
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
WORDS = ("the minister said that talks with Pakistan on trade and visit of Putin to Moscow on Tuesday "
         "were held and officials met").split()
# ``--kind names``: people named in full, by surname, by title and by pronoun, again and again
# (what the document's cast links: a name to the nearest earlier compatible mention)
NAMES = ("Prime Minister Imran Khan said he met President Vladimir Putin and Foreign Minister Sergey Lavrov in "
         "Moscow on Tuesday while Khan told the premier that Lavrov and Putin would visit Islamabad and the minister "
         "said his talks with Ambassador Selim Kaya and Kaya were useful and Qureshi met the king").split()
KIND = {"words": WORDS, "names": NAMES}


def run_on(size, kind="words"):
    """One run-on sentence of ``size`` characters, every word one the readers look at."""
    words = KIND[kind]
    return " ".join(words[i % len(words)] for i in range(size // 4))[:size] + "."


def measure(size, kind="words"):
    from nlp.entities.actors import Registry
    from nlp.pipeline import understand

    understand("Lavrov visited Islamabad on Tuesday.", datetime.date(2021, 4, 7), registry=Registry.default(),
               reader="parse")  # load the model outside the timing
    text = run_on(size, kind)
    began = time.perf_counter()
    doc = understand(text, datetime.date(2021, 4, 7), registry=Registry.default(), reader="parse")
    return {"size": size, "seconds": time.perf_counter() - began, "events": len(doc.events)}


def in_process(code, size, limit, kind="words"):
    command = [sys.executable, str(Path(__file__).resolve()), "--one", str(size), "--kind", kind]
    try:
        result = subprocess.run(command, cwd=code, capture_output=True, text=True, timeout=limit,
                                env={"PYTHONPATH": str(code), "PATH": "/usr/bin:/bin"})
    except subprocess.TimeoutExpired:
        return {"size": size, "seconds": None, "events": None}
    if result.returncode:
        sys.exit(result.stderr)
    return json.loads(result.stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="16000,64000,256000,1040000")
    parser.add_argument("--before", metavar="COMMIT")
    parser.add_argument("--limit", type=float, default=600, help="seconds one size may take")
    parser.add_argument("--kind", choices=sorted(KIND), default="words",
                        help="words: event words and places; names: people named, re-named and referred to")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        sys.path.insert(0, ".")
        print(json.dumps(measure(args.one, args.kind)))
        return
    sizes = [int(size) for size in args.sizes.split(",")]
    columns = [("now", PROJECT)]
    folder = None
    if args.before:
        folder = Path(tempfile.mkdtemp(prefix="long-text-"))
        subprocess.run(["git", "worktree", "add", "--detach", "--force", str(folder / "code"), args.before],
                       cwd=PROJECT, check=True, capture_output=True)
        columns.insert(0, (f"before {args.before[:10]}", folder / "code"))
    try:
        print(f"{'code':<18} {'size':>10} {'seconds':>9} {'ms per KB':>10} {'events':>7}")
        for name, code in columns:
            per_kb = []
            for size in sizes:
                row = in_process(code, size, args.limit, args.kind)
                if row["seconds"] is None:
                    print(f"{name:<18} {size:>10,} {'> ' + format(args.limit, 'g'):>9} {'':>10} {'':>7}")
                    continue
                per_kb.append(row["seconds"] * 1000 / (size / 1000))
                print(f"{name:<18} {size:>10,} {row['seconds']:>9.2f} {per_kb[-1]:>10.1f} {row['events']:>7}")
            if len(per_kb) >= 2:
                print(f"{name:<18} time per KB, largest size measured / smallest: {per_kb[-1] / per_kb[0]:.2f} "
                      "(1 is linear)")
    finally:
        if folder is not None:
            subprocess.run(["git", "worktree", "remove", "--force", str(folder / "code")], cwd=PROJECT,
                           capture_output=True)
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
