"""Full-text search over the accent-folded text: FTS5 + bm25 on SQLite, a GIN-indexed
tsvector + ts_rank on PostgreSQL. Snippets are cut from the original text, so the user sees
Vietnamese with its diacritics."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import Engine, text

from extractors.normalize import fold, strip_accents

# bm25 column weights for (number_key, folded_subject, folded_text).
SQLITE_WEIGHTS = (10.0, 4.0, 1.0)
# FTS5's bm25 adds the column-weighted hits up before it saturates them, so the column
# weights alone barely lift a match in the number over a short text. Each query word found
# in the number (subject) adds this much to the score on top.
SQLITE_NUMBER_BONUS = 5.0
SQLITE_SUBJECT_BONUS = 2.0
# Must be the expression of documents_search_idx (migration 0001) for the index to be used.
PG_VECTOR = (
    "setweight(to_tsvector('simple', regexp_replace(coalesce(number_key, ''), "
    "'[^[:alnum:]]+', ' ', 'g')), 'A') || "
    "setweight(to_tsvector('simple', regexp_replace(coalesce(folded_subject, ''), "
    "'[^[:alnum:]]+', ' ', 'g')), 'B') || "
    "to_tsvector('simple', regexp_replace(folded_text, '[^[:alnum:]]+', ' ', 'g'))"
)
_COLUMNS = "d.id, d.number, d.doc_type, d.issuer, d.issued_on, d.subject, d.file_name, d.text"
SNIPPET_WIDTH = 220
_TOKEN = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Hit:
    """One search result; ``highlights`` are [start, end) offsets of query words in ``snippet``."""

    document_id: int
    number: str | None
    doc_type: str | None
    issuer: str | None
    issued_on: date | None
    subject: str | None
    file_name: str
    score: float  # higher is better
    snippet: str
    highlights: tuple[tuple[int, int], ...]


def query_tokens(words: str | Iterable[str]) -> list[str]:
    """The search words as index tokens: folded, split on anything not a letter or digit
    ("Quyết định 490/QĐ-TTg" → quyet, dinh, 490, qd, ttg), each once."""
    joined = words if isinstance(words, str) else " ".join(words)
    return list(dict.fromkeys(_TOKEN.findall(fold(joined))))


def fts5_query(tokens: Iterable[str]) -> str:
    """An FTS5 query matching every token. Tokens hold only letters and digits and are quoted,
    so user input never reaches FTS5 as syntax (AND, NEAR, *, quotes, parentheses)."""
    return " ".join(f'"{t}"' for t in tokens)


def pg_tsquery(tokens: Iterable[str], operator: str) -> str:
    """A PostgreSQL tsquery of quoted tokens joined by ``&`` or ``|`` (tokens hold only
    letters and digits, so nothing in them is tsquery syntax)."""
    return f" {operator} ".join(f"'{t}'" for t in tokens)


def search(engine: Engine, words: str | Iterable[str], limit: int = 20) -> list[Hit]:
    """Documents containing every word, best first, diacritics ignored."""
    tokens = query_tokens(words)
    if not tokens or limit <= 0:
        return []
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            rows = conn.execute(*_sqlite_query(tokens, limit)).all()
        elif conn.dialect.name == "postgresql":
            # Match every word; rank on any word, so that ts_rank weighs where the words are
            # (number A, subject B, text D) rather than how close together they stand.
            rows = conn.execute(text(
                f"SELECT {_COLUMNS}, ts_rank({PG_VECTOR}, to_tsquery('simple', :any)) AS score"
                f" FROM documents d WHERE ({PG_VECTOR}) @@ to_tsquery('simple', :all)"
                " ORDER BY score DESC, d.id LIMIT :limit"),
                {"all": pg_tsquery(tokens, "&"), "any": pg_tsquery(tokens, "|"),
                 "limit": limit}).all()
        else:
            raise NotImplementedError(f"search is not available on {conn.dialect.name}")
    return [_hit(row, tokens) for row in rows]


def _sqlite_query(tokens: list[str], limit: int) -> tuple[Any, dict[str, Any]]:
    """The FTS5 query: every word must match; score = -bm25 + per-word column bonuses."""
    params: dict[str, Any] = {"q": fts5_query(tokens), "limit": limit}
    bonuses = []
    for i, token in enumerate(tokens):
        for column, weight in (("number_key", SQLITE_NUMBER_BONUS),
                               ("folded_subject", SQLITE_SUBJECT_BONUS)):
            name = f"{column}_{i}"
            params[name] = f'{column} : "{token}"'
            bonuses.append(f"{weight} * (d.id IN (SELECT rowid FROM documents_fts"
                           f" WHERE documents_fts MATCH :{name}))")
    weights = ", ".join(map(str, SQLITE_WEIGHTS))
    sql = (f"SELECT {_COLUMNS}, -bm25(documents_fts, {weights}) + {' + '.join(bonuses)}"
           " AS score FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid"
           " WHERE documents_fts MATCH :q ORDER BY score DESC, d.id LIMIT :limit")
    return text(sql), params


def _hit(row: Any, tokens: list[str]) -> Hit:
    issued_on = row.issued_on
    if isinstance(issued_on, str):  # raw SQL on SQLite returns the stored ISO text
        issued_on = date.fromisoformat(issued_on)
    snippet, highlights = make_snippet(row.text, tokens)
    return Hit(document_id=row.id, number=row.number, doc_type=row.doc_type, issuer=row.issuer,
               issued_on=issued_on, subject=row.subject, file_name=row.file_name,
               score=float(row.score), snippet=snippet, highlights=highlights)


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    folded = strip_accents(c).lower()
    return folded if len(folded) == 1 else c


def fold_in_place(text: str) -> str:
    """Like :func:`extractors.normalize.fold` but one character for one, so an offset in the
    result is the same offset in ``text`` (whitespace is not collapsed)."""
    return text.translate({ord(c): _fold_char(c) for c in set(text)})


def make_snippet(text: str, tokens: list[str], width: int = SNIPPET_WIDTH
                 ) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A window of the original ``text`` holding as many distinct query words as possible,
    with the offsets of the words in it."""
    folded = fold_in_place(text)
    alternatives = "|".join(map(re.escape, sorted(set(tokens), key=len, reverse=True)))
    pattern = re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])")
    matches = [m for _, m in zip(range(5000), pattern.finditer(folded))]
    best, best_count, counts, j = 0, 0, Counter[str](), 0
    for i, m in enumerate(matches):  # two pointers: matches[i:j] fit in one window
        while j < len(matches) and matches[j].end() <= m.start() + width:
            counts[matches[j].group()] += 1
            j += 1
        if len(counts) > best_count:
            best, best_count = i, len(counts)
        counts[m.group()] -= 1
        if not counts[m.group()]:
            del counts[m.group()]
    start = max(0, matches[best].start() - width // 5) if matches else 0
    if start:
        space = text.rfind(" ", max(0, start - 20), start)
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.find(" ", end, end + 20)
        end = space if space >= 0 else end
    prefix, suffix = ("…" if start else ""), ("…" if end < len(text) else "")
    # Whitespace runs (line breaks too) become one space; where[i] is text[i]'s new offset.
    body: list[str] = []
    where: dict[int, int] = {}
    for i in range(start, end):
        where[i] = len(prefix) + len(body)
        if not text[i].isspace():
            body.append(text[i])
        elif body and body[-1] != " ":
            body.append(" ")
    where[end] = len(prefix) + len(body)
    highlights = tuple((where[m.start()], where[m.end()]) for m in matches
                       if m.start() >= start and m.end() <= end)
    return prefix + "".join(body).rstrip() + suffix, highlights
