"""Build the second development corpus of real news from the PyPI wheel that ships it.

    .venv/bin/python bench/lee_corpus.py OUT.jsonl

The Lee background corpus (Lee, Pincombe and Welsh, 2005: 300 short news stories of the
Australian Broadcasting Corporation's news mail service, late 2001) ships in gensim's test
data. This downloads gensim 4.4.0's wheel with pip (no install), reads
``gensim/test/test_data/lee_background.cor`` from it and writes one JSON object a story:
``doc_id`` ("lee-000" for the first line), ``text``, and ``dct_date`` null: the stories carry
no publication date, so they also measure a reader on undated documents. The corpus is
measuring material, like ../shared/corpora: it is read by path, never copied into the
project; ``bench/gold/lee_events.jsonl`` holds the events an analyst wrote down for it.
"""

import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

WHEEL = "gensim==4.4.0"
MEMBER = "gensim/test/test_data/lee_background.cor"


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = Path(sys.argv[1])
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary", ":all:",
                        "-d", folder, WHEEL], check=True)
        wheel = next(Path(folder).glob("gensim-*.whl"))
        text = zipfile.ZipFile(wheel).read(MEMBER).decode("latin-1")
    with out.open("w", encoding="utf-8") as handle:
        for number, line in enumerate(text.splitlines()):
            handle.write(json.dumps({"doc_id": f"lee-{number:03d}", "set": "lee_background", "dct": None,
                                     "dct_date": None, "title": None, "text": line.strip() + "\n"}) + "\n")
    print(f"{number + 1} stories written to {out}")


if __name__ == "__main__":
    main()
