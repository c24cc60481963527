"""Reading around a citation in the citing document's text: the sentence it stands in; and the
tokens a document number is matched by. (The subject that follows a citation is read at
extraction, extractors/cited_subject.py.)"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import and_, case, func, select, text
from sqlalchemy.orm import Session

from extractors import lexicon
from extractors.normalize import fold

from .documents import HEAD_COLUMNS, Document

_TOKEN = re.compile(r"[^\W_]+")
# A sentence ends at a line break, or at . ! ? before an upper-case letter.
_END = re.compile(r"\n|[.!?](?=[ \t]+(\S))")
SENTENCE_MAX = 400
# How far either side of a span :func:`sentence_around` looks for the sentence's ends: a
# slice of the text this wide around the span gives the same sentence as the whole text.
SENTENCE_REACH = 3000


def _ends(text: str, lo: int, hi: int) -> list[re.Match[str]]:
    return [m for m in _END.finditer(text, lo, hi) if _is_end(m)]


def _is_end(m: re.Match[str]) -> bool:
    return m.group() == "\n" or m.group(1).isupper()


def _first_end(text: str, lo: int, hi: int) -> re.Match[str] | None:
    """The first of :func:`_ends` (without finding the others)."""
    return next((m for m in _END.finditer(text, lo, hi) if _is_end(m)), None)


def _last_end(text: str, lo: int, hi: int) -> re.Match[str] | None:
    """The last of :func:`_ends`, looking back from ``hi`` in growing steps. Every match is
    one character whose look-ahead stops at ``hi``, so where a scan begins changes nothing."""
    bound, step = hi, 200
    while bound > lo:
        begin = max(lo, bound - step)
        last = None
        for m in _END.finditer(text, begin, hi):
            if m.start() >= bound:
                break
            if _is_end(m):
                last = m
        if last is not None:
            return last
        bound, step = begin, step * 4
    return None


def sentence_around(text: str, start: int, end: int, limit: int = SENTENCE_MAX) -> str:
    """The sentence of ``text`` that holds ``[start, end)``, on one line, cut to about
    ``limit`` characters around the span (with "…" where it was cut)."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    before = _last_end(text, max(0, start - SENTENCE_REACH), start)
    left = before.end() if before else 0
    after = _first_end(text, end, min(len(text), end + SENTENCE_REACH))
    right = (after.start() + (0 if after.group() == "\n" else 1)) if after else len(text)
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


def sentence_in_window(window: str, offset: int, start: int, end: int,
                       limit: int = SENTENCE_MAX) -> str | None:
    """:func:`sentence_around` from the slice of the text that starts at ``offset`` and
    reaches :data:`SENTENCE_REACH` characters beyond each side of the span (or the text's
    ends): the same sentence as from the whole text. None for a span past the end of the
    text, where only the whole text will do."""
    if start - offset > len(window) or limit > SENTENCE_REACH:
        return None
    return sentence_around(window, start - offset, end - offset, limit)


@dataclass(frozen=True)
class DocumentSlice:
    """Columns of one document and the slice ``window`` of its text that starts at character
    ``offset``: enough to cut the sentence of every span it was read for."""

    values: tuple[Any, ...]
    offset: int
    window: str

    def sentence(self, start: int | None, end: int | None) -> str | None:
        """The sentence around ``[start, end)`` (None without a span, or for a span past the
        end of the text, for which only the whole text will do)."""
        if start is None or end is None:
            return None
        return sentence_in_window(self.window, self.offset, start, end)


def read_documents(session: Session, facts: Sequence[Any], *columns: Any
                   ) -> dict[int, DocumentSlice]:
    """``columns`` of the documents of ``facts`` (rows of one fact table: a page of results),
    each document read once with the one slice of its text that covers its facts' spans: a
    page costs its distinct documents and never carries whole texts. The slices are worked
    out by the database from the facts' ids (the statement is the same for every page)."""
    if not facts:
        return {}
    model = type(facts[0])
    spanned = and_(model.span_start.is_not(None), model.span_end.is_not(None))
    first = func.min(case((spanned, model.span_start)))
    last = func.max(case((spanned, case((model.span_end > model.span_start, model.span_end),
                                        else_=model.span_start))))
    spans = (select(model.document_id.label("doc"),
                    case((first > SENTENCE_REACH, first - SENTENCE_REACH), else_=0).label("lo"),
                    (last + SENTENCE_REACH).label("hi"))
             .where(model.id.in_(sorted({f.id for f in facts})))
             .group_by(model.document_id).subquery())
    names = [getattr(c, "key", None) for c in columns]
    if session.get_bind().dialect.name != "sqlite" or not set(names) <= set(HEAD_COLUMNS):
        rows = session.execute(
            select(Document.id, spans.c.lo,
                   func.substr(Document.text, spans.c.lo + 1, spans.c.hi - spans.c.lo),
                   *columns)
            .join(spans, spans.c.doc == Document.id)).all()
        return {row[0]: DocumentSlice(tuple(row[3:]), row[1], row[2] or "") for row in rows}
    # SQLite: the slices from the rows (the text is their first long column), the header
    # columns from ix_documents_head (in the rows they come after the long text columns).
    slices = session.execute(
        select(Document.id, spans.c.lo,
               func.substr(Document.text, spans.c.lo + 1, spans.c.hi - spans.c.lo))
        .join(spans, spans.c.doc == Document.id)).all()
    heads = head_columns(session, [row[0] for row in slices], names) if names else {}
    return {doc_id: DocumentSlice(heads.get(doc_id, ()), lo, window or "")
            for doc_id, lo, window in slices}


def head_columns(session: Session, ids: Sequence[int], names: Sequence[str]
                 ) -> dict[int, tuple[Any, ...]]:
    """``names`` (among HEAD_COLUMNS) of the documents ``ids``, read from ix_documents_head
    on SQLite."""
    table = Document.__table__
    out: dict[int, tuple[Any, ...]] = {}
    wanted = sorted(set(ids))
    hint = " INDEXED BY ix_documents_head" \
        if session.get_bind().dialect.name == "sqlite" else ""
    for i in range(0, len(wanted), 500):
        chunk = wanted[i:i + 500]
        stmt = text(f"SELECT id, {', '.join(names)} FROM documents{hint}"
                    f" WHERE id IN ({', '.join(f':p{j}' for j in range(len(chunk)))})")
        stmt = stmt.columns(table.c.id, *(table.c[n] for n in names))
        for row in session.execute(stmt, {f"p{j}": v for j, v in enumerate(chunk)}):
            out[row[0]] = tuple(row[1:])
    return out


def full_sentence(session: Session, document_id: int, start: int | None, end: int | None,
                  fallback: str | None) -> str:
    """The sentence around a span from the whole text (a span past the end of it)."""
    if start is None or end is None:
        return fallback or ""
    text = session.scalar(select(Document.text).where(Document.id == document_id))
    return sentence_around(text, start, end) if text else (fallback or "")


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
