"""Turn a scraped article into the text the timeline reads and shows.

Plain Python, no Django. Scraped news comes wrapped in page and forum chrome: the poster's
name, rank, "Joined <date>" and message counts; the article body pasted twice; readers'
comments after it; link and share lines; photo credits. ``clean`` drops what is not news
and labels what it keeps (heading, caption, summary bullet, body), so that event
evidence can point into the cleaned text by character offsets. The words of chrome are
data ([cleaning] of ``data/en/text.toml``).

>>> cleaned = clean("NAME\\nMEMBER\\n- Joined\\n- May 21, 2006\\n- Messages\\n- 33\\nTalks were held.\\n")
>>> cleaned.text
'Talks were held.\\n'
>>> [(b.kind, cleaned.text[b.start:b.end]) for b in cleaned.blocks]
[('body', 'Talks were held.')]
"""

import re
from dataclasses import dataclass, field

from .doc import BODY, CAPTION, HEADING, SUMMARY, Block
from .words import alternation, pattern, table


_WORDS = table("text")["cleaning"]
# Forum post header: "- Joined", "- Messages", "- Reaction score", ... each followed by a value line.
_CHROME_LABEL = re.compile(r"^[-•*\s]*(" + "|".join(map(re.escape, _WORDS["forum_labels"])) + r")\s*:?\s*(.*)$", re.IGNORECASE)
_POST_START_LABELS = frozenset(_WORDS["post_start_labels"])
_RANK = re.compile(r"^[A-Z][A-Z .'-]{2,40}$")  # "ELITE MEMBER", "FULL MEMBER", "SENIOR MEMBER"
_LINK_LINE = re.compile(
    r"^\s*(?:" + alternation(_WORDS["link_lead_ins"]) + r"\s*:?\s*)?"
    r"(?:https?://\S+|www\.\S+|[a-z0-9-]+(?:\.[a-z0-9-]+)*\." + alternation(_WORDS["link_domains"]) + r"(?:/\S*)?)\s*$",
    re.IGNORECASE,
)
_CREDIT_LINE = re.compile(
    r"^\s*" + alternation(_WORDS["credit_labels"]) + r"\s*" + alternation(_WORDS["credit_suffixes"]) + r"?\s*:", re.IGNORECASE
)
_CAPTION_START = re.compile(r"^\s*" + alternation(_WORDS["caption_labels"]) + r"\s*[:\-–]", re.IGNORECASE)
_UI_LINE = re.compile(pattern(_WORDS["ui_line"]), re.IGNORECASE)
_NAV_LINE = re.compile(r"^[^.!?]{1,80}(?:\s\|\s[^.!?|]{1,40}){1,}$")  # "The Pulse | Diplomacy | South Asia"
_BULLET = re.compile(r"^\s*(?:[•●▪◦·*]|-\s)\s*")
_DANGLING = re.compile(r"\b" + alternation(_WORDS["dangling_words"]) + "$")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s*$")


@dataclass
class CleanedText:
    text: str
    blocks: list[Block] = field(default_factory=list)
    dropped: dict[str, int] = field(default_factory=dict)  # what was removed, by reason

    def kind_at(self, offset):
        for block in self.blocks:
            if block.start <= offset < block.end:
                return block.kind
        return BODY


def _normal(line):
    return " ".join(line.lower().split())


def _paragraphs(raw):
    """Non-empty lines; a paragraph hard-wrapped over several lines is joined back."""
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    paragraphs = []
    current = []
    hard_wrapped = _looks_hard_wrapped(lines)
    for line in lines:
        stripped = line.strip()
        if not stripped:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        if current and not _SENTENCE_END.search(current[-1]) and not _BULLET.match(stripped) and (
            hard_wrapped or stripped[0].islower() or _DANGLING.search(current[-1])
        ):
            # "...Imran Khan was\nseen informally ...", "...leaders' summit in\nBishkek, Kyrgyzstan."
            current.append(stripped)
            continue
        if current:
            paragraphs.append(" ".join(current))
        current = [stripped]
    if current:
        paragraphs.append(" ".join(current))
    return paragraphs


def _looks_hard_wrapped(lines):
    # Text wrapped at a fixed width ("...Imran Khan was\nseen informally ...") has many
    # lines of similar length that stop mid-sentence.
    long_lines = [line for line in lines if len(line.strip()) > 50]
    if len(long_lines) < 3:
        return False
    unfinished = sum(1 for line in long_lines[:12] if not _SENTENCE_END.search(line) and len(line) < 100)
    return unfinished >= 3


def _looks_like_value(line):
    """A label's value on its own line: "- May 21, 2006", "- 33,771", "- -7"."""
    return len(line) < 45 and bool(re.match(r"^\s*(?:[-•]\s*\S|[\d,.+\-]+\s*$)", line))


def _forum_headers(paragraphs):
    """``(first, end)`` index spans of forum post headers: name, rank, "- Joined", counts."""
    spans = []
    i = 0
    while i < len(paragraphs):
        label = _CHROME_LABEL.match(paragraphs[i])
        if label and label.group(1).lower() in _POST_START_LABELS and len(paragraphs[i]) < 60:
            first = i
            floor = spans[-1][1] if spans else 0
            # up to two short lines above it: the poster's name and rank
            while first > floor and i - first < 2 and len(paragraphs[first - 1].split()) <= 4:
                first -= 1
            end = i + 1
            while end < len(paragraphs) and (
                (_CHROME_LABEL.match(paragraphs[end]) and len(paragraphs[end]) < 60) or _looks_like_value(paragraphs[end])
            ):
                end += 1
            spans.append((first, end))
            i = end
        else:
            i += 1
    return spans


def clean(raw):
    """Clean a scraped article. Returns the kept text and its labelled blocks."""
    paragraphs = _paragraphs(raw)
    dropped = {"forum chrome": 0, "duplicate": 0, "comment": 0, "link": 0, "page chrome": 0}
    keep = [True] * len(paragraphs)

    # 1. Forum post headers. The first post carries the article; a later post in the same
    #    thread is a reader's reply, dropped with its header.
    headers = _forum_headers(paragraphs)
    posts_seen = len(headers)
    for number, (first, end) in enumerate(headers):
        for i in range(first, end):
            keep[i] = False
            dropped["forum chrome"] += 1
        if number > 0:
            reply_end = headers[number + 1][0] if number + 1 < len(headers) else len(paragraphs)
            for i in range(end, reply_end):
                keep[i] = False
                dropped["comment"] += 1

    # 2. Link lines, UI words, navigation and photo credits.
    last_link = None
    for i, line in enumerate(paragraphs):
        if not keep[i]:
            continue
        if _LINK_LINE.match(line):
            keep[i] = False
            dropped["link"] += 1
            last_link = i
        elif _UI_LINE.match(line) or _NAV_LINE.match(line) or _CREDIT_LINE.match(line):
            keep[i] = False
            dropped["page chrome"] += 1

    # 3. Readers' comments: in a scraped thread the source link closes the article, and
    #    what follows it is readers talking ("I guess now the Pakistanis will be ...").
    #    Those paragraphs are comments wherever else they appear.
    comment_texts = set()
    if last_link is not None and posts_seen:
        for i in range(last_link + 1, len(paragraphs)):
            if keep[i]:
                keep[i] = False
                dropped["comment"] += 1
                comment_texts.add(_normal(paragraphs[i]))
    for i, line in enumerate(paragraphs):
        if keep[i] and _normal(line) in comment_texts:
            keep[i] = False
            dropped["comment"] += 1

    # 4. The second copy of a doubled body: a paragraph already kept is not kept again.
    seen = set()
    for i, line in enumerate(paragraphs):
        if not keep[i]:
            continue
        key = _normal(line)
        if key in seen:
            keep[i] = False
            dropped["duplicate"] += 1
        else:
            seen.add(key)

    # 5. What is left, labelled.
    kept = [i for i, flag in enumerate(keep) if flag]
    pieces = []
    blocks = []
    offset = 0
    for position, i in enumerate(kept):
        line = paragraphs[i]
        kind = _kind(line, paragraphs, i)
        if kind == SUMMARY:
            line = _BULLET.sub("• ", line, count=1)
        pieces.append(line)
        blocks.append(Block(offset, offset + len(line), kind))
        offset += len(line) + 2
    text = "\n\n".join(pieces)
    if text:
        text += "\n"
    return CleanedText(text=text, blocks=blocks, dropped={k: v for k, v in dropped.items() if v})


def _kind(line, paragraphs, index):
    if _BULLET.match(line):
        return SUMMARY
    following = paragraphs[index + 1] if index + 1 < len(paragraphs) else ""
    if _CREDIT_LINE.match(following) or _CAPTION_START.match(line):
        return CAPTION
    words = line.split()
    if len(words) <= 16 and not _SENTENCE_END.search(line):
        return HEADING
    return BODY
