"""Reading around a citation in the citing document's text: the subject that follows it, the
sentence it stands in; and the tokens a document number is matched by."""
from __future__ import annotations

import re
from functools import cache

from extractors import lexicon
from extractors.normalize import fold

_TOKEN = re.compile(r"[^\W_]+")
# Words after a citation that open the cited document's subject ("… của Thủ tướng Chính phủ
# phê duyệt Chương trình …", "… về việc Triển khai …").
_SUBJECT_OPEN = re.compile(
    r"^[\s,]*(?:(?P<about>về việc|v/v|về)\s+|(?=(?:phê duyệt|ban hành|quy định|hướng dẫn|"
    r"sửa đổi|bổ sung|điều chỉnh|thành lập|kiện toàn|giao|phân bổ)\s))", re.IGNORECASE)
# Where that subject ends: a clause mark, a line break, a sentence end, a comma not part of
# "sửa đổi, bổ sung".
_SUBJECT_END = re.compile(r"[;\n“”\"]|\.(?=\s|$)|,(?!\s*bổ sung)", re.IGNORECASE)
SUBJECT_MAX = 200
MIN_SUBJECT = 8
# A sentence ends at a line break, or at . ! ? before an upper-case letter.
_END = re.compile(r"\n|[.!?](?=[ \t]+(\S))")
SENTENCE_MAX = 400


def subject_after(after: str) -> str | None:
    """The cited document's subject when the citing text names it right after the citation
    ("phê duyệt Chương trình mỗi xã một sản phẩm giai đoạn 2018-2020;"), else None."""
    m = _SUBJECT_OPEN.match(after)
    if not m:
        return None
    rest = after[m.end():]
    end = _SUBJECT_END.search(rest)
    subject = rest[:end.start()] if end else rest
    subject = re.sub(r"\s+", " ", subject).strip(" ,:-")
    if len(subject) > SUBJECT_MAX or (end is None and len(after) >= 250):
        return None  # ran on without an end: not a subject line
    if len(subject) < MIN_SUBJECT:
        return None
    return subject[0].upper() + subject[1:]


def _ends(text: str, lo: int, hi: int) -> list[re.Match[str]]:
    return [m for m in _END.finditer(text, lo, hi) if m.group() == "\n" or m.group(1).isupper()]


def sentence_around(text: str, start: int, end: int, limit: int = SENTENCE_MAX) -> str:
    """The sentence of ``text`` that holds ``[start, end)``, on one line, cut to about
    ``limit`` characters around the span (with "…" where it was cut)."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    before = _ends(text, max(0, start - 3000), start)
    left = before[-1].end() if before else 0
    after = _ends(text, end, min(len(text), end + 3000))
    right = (after[0].start() + (0 if after[0].group() == "\n" else 1)) if after else len(text)
    room = max(0, limit - (end - start))
    left_room = max(room // 2, room - (right - end))
    right_room = max(room // 2, room - (start - left))
    cut_left, cut_right = max(left, start - left_room), min(right, end + right_room)
    prefix = suffix = ""
    if cut_left > left:
        space = text.find(" ", cut_left, start)
        cut_left = space + 1 if space >= 0 else cut_left
        prefix = "…"
    if cut_right < right:
        space = text.rfind(" ", end, cut_right)
        cut_right = space if space >= 0 else cut_right
        suffix = "…"
    body = re.sub(r"\s+", " ", text[cut_left:cut_right]).strip()
    return prefix + body + suffix


@cache
def _type_words() -> tuple[tuple[re.Pattern[str], str], ...]:
    """(folded type name pattern, folded symbol code or "") for every document type, the
    longest names first: "quyết định" stands for "qd" in a number query."""
    pairs: list[tuple[str, str]] = []
    for entry in lexicon.doc_types():
        codes = entry.get("symbol_codes") or []
        code = fold(codes[0]) if codes and entry["code"] not in {"luat", "other"} else ""
        pairs.extend((fold(name), code) for name in entry.get("names") or [entry["name"]])
    pairs.sort(key=lambda p: len(p[0]), reverse=True)
    return tuple((re.compile(rf"(?<![^\W_]){re.escape(name)}(?![^\W_])"), code)
                 for name, code in pairs)


def number_tokens(query: str) -> list[str]:
    """A loosely typed number as tokens: folded, type names turned into their symbol codes,
    "số" dropped ("Quyết định số 490 TTg" → 490, qd, ttg; "490/QĐ-TTg" → 490, qd, ttg)."""
    folded = f" {fold(query)} "
    for pattern, code in _type_words():
        folded = pattern.sub(f" {code} ", folded)
    return list(dict.fromkeys(t for t in _TOKEN.findall(folded) if t != "so"))


def key_tokens(number_key: str) -> list[str]:
    """The tokens of a stored number key ("490/qd-ttg" → 490, qd, ttg)."""
    return _TOKEN.findall(number_key)
