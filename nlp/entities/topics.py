"""Topics of a passage from the keyword taxonomy in ``data/topics.json``.

Plain Python, no Django.

>>> sorted(topics_in("They discussed gas pipelines and the supply of helicopters."))
['Defence', 'Energy']
"""

import functools
import json
import re
from pathlib import Path

TAXONOMY_PATH = Path(__file__).resolve().parent.parent / "data" / "en" / "topics.json"


@functools.cache
def taxonomy():
    """[(topic name, compiled pattern)] in the taxonomy's order."""
    data = json.loads(TAXONOMY_PATH.read_text(encoding="utf-8"))
    compiled = []
    for topic in data["topics"]:
        words = []
        for keyword in topic["keywords"]:
            escaped = re.escape(keyword.rstrip("*"))
            words.append(escaped + (r"\w*" if keyword.endswith("*") else ""))
        compiled.append((topic["name"], re.compile(r"(?<![\w-])(?:" + "|".join(words) + r")(?![\w-])", re.IGNORECASE)))
    return compiled


def topics_in(text):
    """The set of topic names whose keywords occur in ``text``."""
    return {name for name, pattern in taxonomy() if pattern.search(text)}
