"""Search with filters and pages (the web page's search): the words of models/search.py
(accent-folded, number fragments as tokens) and the document's type, issuer, year and a unit
its tasks bind. Without filters, the ranking is models/search.py's own; with filters, the
full-text match is joined to the filtered documents and ranked by bm25 (ts_rank on
PostgreSQL) without the number/subject bonus. Without words, the filtered documents come
newest first."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Engine, Select, column, exists, func, literal_column, select, table, text
from sqlalchemy.orm import Session

from .documents import Document
from .facts import Obligation
from .obligations import _scope
from .queries import Page
from .search import (_COLUMNS, COUNT_CAP, PG_VECTOR, SQLITE_WEIGHTS, Hit, _hit, fts5_query,
                     pg_tsquery, query_tokens, search)


@dataclass(frozen=True)
class Filters:
    doc_type: str | None = None
    issuer: str | None = None
    year: int | None = None
    unit: str | None = None

    @property
    def any(self) -> bool:
        return any(v not in (None, "") for v in (self.doc_type, self.issuer, self.year,
                                                   self.unit))


def _conditions(session: Session, filters: Filters) -> list[Any]:
    conds: list[Any] = []
    if filters.doc_type:
        conds.append(Document.doc_type == filters.doc_type)
    if filters.issuer:
        conds.append(Document.issuer == filters.issuer)
    if filters.year:
        conds += [Document.issued_on >= date(filters.year, 1, 1),
                  Document.issued_on <= date(filters.year, 12, 31)]
    if filters.unit:
        scope = _scope(session, filters.unit)
        conds.append(exists().where(Obligation.document_id == Document.id, *scope.conds()))
    return conds


def find(engine: Engine, words: str, filters: Filters = Filters(), limit: int = 20,
         offset: int = 0) -> Page[Hit]:
    """One page of the documents matching ``words`` (every word) and ``filters``: hits
    ``offset`` to ``offset + limit`` in rank order, with the total."""
    tokens = query_tokens(words)
    if not filters.any:
        if not tokens:
            return Page()
        hits = search(engine, tokens, limit=offset + limit)
        return Page(hits[offset:offset + limit], hits.total, hits.exact)
    with Session(engine) as session:
        conds = _conditions(session, filters)
        if not tokens:
            total = len(session.execute(select(Document.id).where(*conds)
                                        .limit(COUNT_CAP + 1)).all())
            page = session.scalars(
                select(Document.id).where(*conds)
                .order_by(Document.issued_on.desc(), Document.id.desc())
                .limit(limit).offset(offset)).all()
            ranked = [(doc_id, 0.0) for doc_id in page]
        else:
            stmt = _matching(session, tokens, conds)
            total = len(session.execute(stmt.with_only_columns(stmt.selected_columns[0])
                                        .limit(COUNT_CAP + 1)).all())
            rows = session.execute(stmt.order_by(literal_column("score").desc(), Document.id)
                                   .limit(limit).offset(offset)).all()
            ranked = [(row.id, float(row.score)) for row in rows]
        found = {}
        if ranked:
            conn = session.connection()
            marks = ", ".join(f":p{i}" for i in range(len(ranked)))
            found = {row.id: row for row in conn.execute(
                text(f"SELECT {_COLUMNS} FROM documents d WHERE d.id IN ({marks})"),
                {f"p{i}": doc_id for i, (doc_id, _s) in enumerate(ranked)})}
    hits = [_hit(found[i], score, tokens) for i, score in ranked if i in found]
    return Page(hits, min(total, COUNT_CAP), exact=total <= COUNT_CAP)


def _matching(session: Session, tokens: list[str], conds: list[Any]) -> Select[Any]:
    """(id, score) of the documents holding every token and meeting ``conds``."""
    if session.get_bind().dialect.name == "sqlite":
        fts = table("documents_fts", column("rowid"))
        weights = ", ".join(map(str, SQLITE_WEIGHTS))
        return (select(Document.id.label("id"),
                       literal_column(f"-bm25(documents_fts, {weights})").label("score"))
                .select_from(fts.join(Document, Document.id == fts.c.rowid))
                .where(text("documents_fts MATCH :q").bindparams(q=fts5_query(tokens)), *conds))
    vector = literal_column(PG_VECTOR)
    every = func.to_tsquery("simple", pg_tsquery(tokens, "&"))
    some = func.to_tsquery("simple", pg_tsquery(tokens, "|"))
    return (select(Document.id.label("id"), func.ts_rank(vector, some).label("score"))
            .where(vector.op("@@")(every), *conds))
