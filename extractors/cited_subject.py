"""The subject of a cited document as the citing text names it right after the citation
("Quyết định số 490/QĐ-TTg … phê duyệt Chương trình mỗi xã một sản phẩm giai đoạn
2018-2020;"): the ``subject`` of a reference, which the register of cited documents takes as
a vote for the cited document's subject (models/register.py stores it, reads no text)."""
from __future__ import annotations

import re

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
# How much of the text after a citation is read for its subject.
SUBJECT_WINDOW = 300


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


def add_cited_subjects(text: str, references: list[dict]) -> None:
    """Give each reference the subject its citation names (``subject``, only when found)."""
    for ref in references:
        span = ref.get("span")
        if not span or span[1] is None:
            continue
        after = text[span[1]:span[1] + SUBJECT_WINDOW]
        subject = subject_after(after) if after else None
        if subject:
            ref["subject"] = subject
