"""Where a number sits in a document: its sentence, the headings above it, the year a
document was issued. Shared by :mod:`.targets` and :mod:`.money`.

Headings are the numbered, lettered and named lines ("I.", "1.2.", "a)", "Điều 3",
"Chương II", "Phần I"); each knows its parent, so the chain above a position is found in
O(depth) however long the document is.
"""
from __future__ import annotations

import bisect
import datetime as dt

from . import rx as re

# A line break ends a sentence unless the next line goes on in lower case (a hard wrap).
_SENTENCE_END = re.compile(r"\n(?![ \t]*\p{Ll})|[.;!?](?=[ \t]|$)")
_SENTENCE_END_BACK = re.compile(_SENTENCE_END.pattern, _SENTENCE_END.flags | re.REVERSE)
_HEADING = re.compile(r"^[ \t]*(?:(?P<roman>[IVXL]+)\.|(?P<num>\d+(?:\.\d+)*)\.?(?=[ \t])|"
                      r"(?P<letter>[a-zđ])[)/]|Điều[ \t]+\d+|Phần[ \t]+[IVX\d]+|Chương[ \t]+[IVX\d]+)"
                      r"[ \t]*(?P<title>[^\n]{0,160})$", re.M)
# The rest of a heading hard-wrapped onto the next line.
_WRAPPED_TITLE = re.compile(r"\n[ \t]*(?![-+•]|\d+[.)]|[IVXL]+\.|[a-zđ][)/])([^\n]{1,120})")
_ISO_YEAR = re.compile(r"(\d{4})-")

# (start, level, line, index of the enclosing heading or -1), in reading order.
Outline = list[tuple[int, int, str, int]]


def issued_year(issued_on: dt.date | str | None) -> int | None:
    """The year of an issue date given as a date or an ISO string ("2019-03-28")."""
    if isinstance(issued_on, dt.date):
        return issued_on.year
    m = _ISO_YEAR.match(issued_on or "")
    return int(m.group(1)) if m else None


def heading_level(m: re.Match[str]) -> int:
    """Outline level of a heading match: Phần/Chương 0, I. 1, Điều 1, 1. 2, 1.1. 3, a) 5."""
    if m.group("roman"):
        return 1
    if m.group("num"):
        return 1 + m.group("num").count(".") + 1
    if m.group("letter"):
        return 5
    return 0 if m.group(0).lstrip()[:1] in "PC" else 1


def outline(text: str) -> Outline:
    """Every heading line of ``text`` with the heading that encloses it (computed once)."""
    out: Outline = []
    stack: list[int] = []                      # indexes of open headings, levels increasing
    for m in _HEADING.finditer(text):
        level = heading_level(m)
        while stack and out[stack[-1]][1] >= level:
            stack.pop()
        line = m.group(0).strip()
        wrapped = _WRAPPED_TITLE.match(text, m.end())
        if wrapped and len(m.group("title").split()) <= 3 and (
                wrapped.group(1)[:1].islower() or m.group("title").isupper() and wrapped.group(1).isupper()):
            line += " " + wrapped.group(1).strip()      # "II. MỤC" ⏎ "TIÊU", "1. Mục" ⏎ "tiêu tổng quát"
        out.append((m.start(), level, line, stack[-1] if stack else -1))
        stack.append(len(out) - 1)
    return out


def headings_above(headings: Outline, pos: int) -> list[tuple[int, str]]:
    """The chain of (level, line) headings enclosing ``pos``, nearest first."""
    chain: list[tuple[int, str]] = []
    i = bisect.bisect_left(headings, (pos,)) - 1
    while i >= 0:
        _, level, line, parent = headings[i]
        chain.append((level, line))
        i = parent
    return chain


# The longest stretch a sentence is taken to run on either side of what it holds. A text
# without line or sentence ends (a fuzzed file, a run of digits) made every sentence the whole
# text, and every extractor that reads a fact's sentence quadratic in the text's length.
SENTENCE_REACH = 3000


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) of the sentence around text[start:end]: lines and ". ; ! ?" end sentences
    (at most SENTENCE_REACH characters either side)."""
    last = _SENTENCE_END_BACK.search(text, max(0, start - 600), start)   # the last end before start
    left = last.end() if last else start
    if left == start:
        floor = max(0, start - SENTENCE_REACH)
        left = max(floor, text.rfind("\n", floor, start) + 1)
    right_m = _next_end(text, end)
    right = right_m.start() if right_m else len(text)
    return left, min(right, end + SENTENCE_REACH)


# The last forward search, reused by the next call on the same text: the extractors ask for
# sentences in reading order, and in a text without sentence ends each search ran to its end.
_LAST_END: tuple = (None, 0, None)       # (text, searched from, the match found or None)


def _next_end(text: str, pos: int) -> re.Match[str] | None:
    """``_SENTENCE_END.search(text, pos)``; from where the last search found nothing before
    its match, that match (a match does not depend on where the search started)."""
    held, searched, found = _LAST_END
    if held is text and searched <= pos and (found is None or pos <= found.start()):
        return found
    found = _SENTENCE_END.search(text, pos)
    globals()["_LAST_END"] = (text, pos, found)
    return found
