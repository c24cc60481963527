"""Full-text search over the accent-folded text: FTS5 + bm25 on SQLite, a GIN-indexed
tsvector + ts_rank on PostgreSQL. Snippets are cut from the original text, so the user sees
Vietnamese with its diacritics.

Ranking on SQLite, bounded for a large database (every result matches every word):

- A query matching at most ``EXACT_RANK_MAX`` documents is ranked exactly: bm25 over the
  three columns, plus a bonus for each word found in the number and in the subject.
- A query matching more (common words: a word found in most documents has a bm25 weight near
  zero, and scoring every match of it would grow with the database) lists the documents
  holding every word in their number or subject first, then the others; each group has its
  most recently added documents first, with the number/subject bonus first within the page.
  Both come out of the indexes in rowid order, so the cost does not grow with the matches.
- ``total`` is exact up to ``COUNT_CAP`` matches ("more than" beyond).

``documents_fts_head`` (migration 0005) is a small FTS5 table of the number and subject alone,
with its own copy of them: it finds the documents holding every word there without scanning
the long doclists of the text, and gives the bonus of any document cheaply.
"""
from __future__ import annotations

import heapq
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import chain
from typing import Any

from sqlalchemy import Connection, Engine, text

from extractors.normalize import fold, strip_accents

from .queries import Page

# bm25 column weights for (number_key, folded_subject, folded_text).
SQLITE_WEIGHTS = (10.0, 4.0, 1.0)
# FTS5's bm25 adds the column-weighted hits up before it saturates them, so the column
# weights alone barely lift a match in the number over a short text. Each query word found
# in the number (subject) adds this much to the score on top.
SQLITE_NUMBER_BONUS = 5.0
SQLITE_SUBJECT_BONUS = 2.0
# Matches ranked exactly (bm25 + bonuses); above this, the bounded ranking (module doc).
EXACT_RANK_MAX = 500
# Matches counted exactly; above this the total is "more than COUNT_CAP".
COUNT_CAP = 10_000
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


def search(engine: Engine, words: str | Iterable[str], limit: int = 20) -> Page[Hit]:
    """Documents containing every word, best first, diacritics ignored: at most ``limit``,
    with ``total`` the number of documents that match (``exact`` false: more than that)."""
    tokens = query_tokens(words)
    if not tokens or limit <= 0:
        return Page()
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            ranked, total = _sqlite_ranked(conn, tokens, limit)
        elif conn.dialect.name == "postgresql":
            ranked, total = _pg_ranked(conn, tokens, limit)
        else:
            raise NotImplementedError(f"search is not available on {conn.dialect.name}")
        rows = {row.id: row for row in conn.execute(
            text(f"SELECT {_COLUMNS} FROM documents d WHERE d.id IN ({_marks(len(ranked))})"),
            {f"p{i}": doc_id for i, (doc_id, _score) in enumerate(ranked)})} if ranked else {}
    hits = [_hit(rows[doc_id], score, tokens) for doc_id, score in ranked if doc_id in rows]
    return Page(hits, min(total, COUNT_CAP), exact=total <= COUNT_CAP)


def _marks(n: int) -> str:
    return ", ".join(f":p{i}" for i in range(n))


def _count(conn: Connection, sql: str, params: dict[str, Any]) -> int:
    """How many rows ``sql`` gives, counting at most COUNT_CAP + 1."""
    return int(conn.execute(text(f"SELECT count(*) FROM ({sql} LIMIT {COUNT_CAP + 1}) AS m"),
                            params).scalar_one())


def _pg_ranked(conn: Connection, tokens: list[str], limit: int
               ) -> tuple[list[tuple[int, float]], int]:
    # Match every word; rank on any word, so that ts_rank weighs where the words are
    # (number A, subject B, text D) rather than how close together they stand.
    params = {"all": pg_tsquery(tokens, "&"), "any": pg_tsquery(tokens, "|"), "limit": limit}
    matches = f"SELECT d.id FROM documents d WHERE ({PG_VECTOR}) @@ to_tsquery('simple', :all)"
    total = _count(conn, matches, params)
    rows = conn.execute(text(
        f"SELECT d.id, ts_rank({PG_VECTOR}, to_tsquery('simple', :any)) AS score"
        f" FROM documents d WHERE ({PG_VECTOR}) @@ to_tsquery('simple', :all)"
        " ORDER BY score DESC, d.id LIMIT :limit"), params).all()
    return [(row.id, float(row.score)) for row in rows], total


def _sqlite_ranked(conn: Connection, tokens: list[str], limit: int
                   ) -> tuple[list[tuple[int, float]], int]:
    """(document id, score) best first, and how many documents match (module doc)."""
    q = fts5_query(tokens)
    total = _count(conn, "SELECT rowid FROM documents_fts WHERE documents_fts MATCH :q",
                   {"q": q})
    if total == 0:
        return [], 0
    if total <= EXACT_RANK_MAX:
        weights = ", ".join(map(str, SQLITE_WEIGHTS))
        scored = conn.execute(text(
            f"SELECT rowid, -bm25(documents_fts, {weights}) FROM documents_fts"
            " WHERE documents_fts MATCH :q"), {"q": q}).all()
        bonus = _bonuses(conn, [doc_id for doc_id, _ in scored], tokens)
        ranked = sorted(((doc_id, float(score) + bonus.get(doc_id, 0.0))
                         for doc_id, score in scored), key=lambda p: (-p[1], p[0]))
        return ranked[:limit], total
    # Every word in the number or subject first, then the rest; the newest of each.
    head = list(conn.execute(text(
        "SELECT rowid FROM documents_fts_head WHERE documents_fts_head MATCH :q"
        " ORDER BY rowid DESC LIMIT :n"), {"q": q, "n": limit}).scalars())
    rest: list[int] = []
    if len(head) < limit:
        seen = set(head)
        rest = [doc_id for doc_id in conn.execute(text(
            "SELECT rowid FROM documents_fts WHERE documents_fts MATCH :q"
            " ORDER BY rowid DESC LIMIT :n"), {"q": q, "n": limit + len(head)}).scalars()
            if doc_id not in seen][:limit - len(head)]
    bonus = _bonuses(conn, head + rest, tokens)
    order = sorted(head, key=lambda i: (-bonus.get(i, 0.0), -i)) + \
        sorted(rest, key=lambda i: (-bonus.get(i, 0.0), -i))
    return [(doc_id, bonus.get(doc_id, 0.0)) for doc_id in order], total


def _bonuses(conn: Connection, ids: Sequence[int], tokens: list[str]) -> dict[int, float]:
    """Per document, SQLITE_NUMBER_BONUS for each query word in its number and
    SQLITE_SUBJECT_BONUS for each in its subject (read from documents_fts_head's copy)."""
    out: dict[int, float] = {}
    wanted = set(tokens)
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for doc_id, number, subject in conn.execute(text(
                "SELECT rowid, number_key, folded_subject FROM documents_fts_head"
                f" WHERE rowid IN ({_marks(len(chunk))})"),
                {f"p{j}": v for j, v in enumerate(chunk)}):
            in_number = wanted.intersection(_TOKEN.findall(number or ""))
            in_subject = wanted.intersection(_TOKEN.findall(subject or ""))
            score = SQLITE_NUMBER_BONUS * len(in_number) + SQLITE_SUBJECT_BONUS * len(in_subject)
            if score:
                out[doc_id] = score
    return out


def _sqlite_query(tokens: list[str], limit: int) -> tuple[Any, dict[str, Any]]:
    """The FTS5 statement the bounded ranking starts from (a diagnostic for benchmarks): the
    first ``limit`` matches with every word in the number or subject."""
    return (text("SELECT rowid FROM documents_fts_head WHERE documents_fts_head MATCH :q"
                 " ORDER BY rowid DESC LIMIT :limit"),
            {"q": fts5_query(tokens), "limit": limit})


def _hit(row: Any, score: float, tokens: list[str]) -> Hit:
    issued_on = row.issued_on
    if isinstance(issued_on, str):  # raw SQL on SQLite returns the stored ISO text
        issued_on = date.fromisoformat(issued_on)
    snippet, highlights = make_snippet(row.text, tokens)
    return Hit(document_id=row.id, number=row.number, doc_type=row.doc_type, issuer=row.issuer,
               issued_on=issued_on, subject=row.subject, file_name=row.file_name,
               score=score, snippet=snippet, highlights=highlights)


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    folded = strip_accents(c).lower()
    return folded if len(folded) == 1 else c


def fold_in_place(text: str) -> str:
    """Like :func:`extractors.normalize.fold` but one character for one, so an offset in the
    result is the same offset in ``text`` (whitespace is not collapsed)."""
    return text.translate({ord(c): _fold_char(c) for c in set(text)})


@lru_cache(maxsize=1)
def _unfolded() -> dict[str, str]:
    """Folded character → the characters folding to it, over the alphabets a Vietnamese
    document uses (Latin with its extensions and Vietnamese letters, Greek, Cyrillic)."""
    found: dict[str, set[str]] = {}
    for code in chain(range(0x20, 0x250), range(0x370, 0x530), range(0x1E00, 0x2000)):
        c = chr(code)
        found.setdefault(_fold_char(c), set()).add(c)
    return {f: "".join(sorted(cs)) for f, cs in found.items()}


def _one_of(ch: str) -> str:
    chars = sorted(set(_unfolded().get(ch, "")) | {ch})
    return re.escape(ch) if len(chars) == 1 else \
        "[" + "".join(re.escape(c) for c in chars) + "]"


@lru_cache(maxsize=4096)
def _word_pattern(token: str) -> re.Pattern[str]:
    """A query word as it may be written in the original text ("thuc" → "thực", "Thức"…),
    whole words only: finds in the text what the word finds in :func:`fold_in_place` of it,
    without folding the text. The pattern starts with a character class (which the regex
    engine scans for quickly) and checks the character before it just after."""
    rest = "".join(map(_one_of, token[1:]))
    return re.compile(rf"{_one_of(token[0])}(?<![^\W_].){rest}(?![^\W_])")


def _occurrences(text: str, tokens: Iterable[str]) -> Iterator[re.Match[str]]:
    """Every whole-word occurrence of any of ``tokens`` in ``text``, in order. Whole words
    cannot overlap, so merging each word's occurrences gives what one alternation would."""
    patterns = [_word_pattern(t) for t in sorted(set(tokens), key=len, reverse=True)]
    if len(patterns) == 1:
        return patterns[0].finditer(text)
    return heapq.merge(*(p.finditer(text) for p in patterns), key=lambda m: m.start())


def make_snippet(text: str, tokens: list[str], width: int = SNIPPET_WIDTH
                 ) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A window of the original ``text`` holding as many distinct query words as possible
    (the first such window among the first 5000 occurrences), with the offsets of the words
    in it. The text is read only as far as the window: it stops at the first window holding
    every word."""
    found = _occurrences(text, tokens)
    matches: list[re.Match[str]] = []
    words: list[str] = []
    folded: dict[str, str] = {}

    def upto(position: int) -> None:
        """Read occurrences (at most 5000 in all) until one starts at or after ``position``."""
        while len(matches) < 5000 and (not matches or matches[-1].start() < position):
            m = next(found, None)
            if m is None:
                return
            matches.append(m)
            word = m.group()
            if word not in folded:
                folded[word] = "".join(_fold_char(c) for c in word)
            words.append(folded[word])

    every = len(set(tokens))
    best, best_count, counts, j, i = 0, 0, Counter[str](), 0, 0
    upto(0)
    while i < len(matches):  # two pointers: matches[i:j] fit in one window
        m = matches[i]
        upto(m.start() + width)
        while j < len(matches) and matches[j].end() <= m.start() + width:
            counts[words[j]] += 1
            j += 1
        if len(counts) > best_count:
            best, best_count = i, len(counts)
            if best_count == every:  # no later window can hold more
                break
        counts[words[i]] -= 1
        if not counts[words[i]]:
            del counts[words[i]]
        i += 1
    start = max(0, matches[best].start() - width // 5) if matches else 0
    if start:
        space = text.rfind(" ", max(0, start - 20), start)
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.find(" ", end, end + 20)
        end = space if space >= 0 else end
    upto(end)
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
