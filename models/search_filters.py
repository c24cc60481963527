"""Search with filters and pages (the web page's search): the words of models/search.py
(accent-folded, number fragments as tokens) and the document's type, issuer, year and a unit
its tasks bind.

Without filters, the ranking is models/search.py's own. With filters, the documents meeting
every filter and holding every word come newest first: each filter and the full-text match
give their document ids from an index of their own (never reading a document row, whose
long text would have to be walked to reach the columns after it), the sets are intersected,
and the page is cut in the order of the issue-date index."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy import select
from sqlalchemy.orm import Session

from .documents import Document
from .facts import Obligation
from .obligations import _scope
from .queries import Page
from .search import _COLUMNS, COUNT_CAP, PG_VECTOR, Hit, _hit, fts5_query, pg_tsquery, \
    query_tokens, search


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


def _year(filters: Filters) -> list[Any]:
    if not filters.year:
        return []
    return [Document.issued_on >= date(filters.year, 1, 1),
            Document.issued_on <= date(filters.year, 12, 31)]


def _id_sets(session: Session, tokens: list[str], filters: Filters) -> list[set[int]]:
    """One set of document ids per filter (and one for the words), each from its index."""
    sets: list[set[int]] = []

    def ids(stmt: Any) -> None:
        sets.append(set(session.scalars(stmt)))

    if filters.doc_type:
        ids(select(Document.id).where(Document.doc_type == filters.doc_type))
    if filters.issuer:
        ids(select(Document.id).where(Document.issuer == filters.issuer))
    if filters.year:
        ids(select(Document.id).where(*_year(filters)))
    if filters.unit:
        scope = _scope(session, filters.unit)
        ids(select(Obligation.document_id).where(*scope.conds()).distinct())
    if tokens:
        if session.get_bind().dialect.name == "sqlite":
            ids(text("SELECT rowid FROM documents_fts WHERE documents_fts MATCH :q")
                .bindparams(q=fts5_query(tokens)))
        else:
            ids(text(f"SELECT d.id FROM documents d WHERE ({PG_VECTOR}) @@ "
                     "to_tsquery('simple', :q)").bindparams(q=pg_tsquery(tokens, "&")))
    return sets


def _newest_first(session: Session, wanted: set[int], filters: Filters, stop: int) -> list[int]:
    """The first ``stop`` of ``wanted`` by issue date (newest first, then id), read from the
    issue-date index; undated documents last."""
    out: list[int] = []
    dated = select(Document.id).where(Document.issued_on.is_not(None), *_year(filters)) \
        .order_by(Document.issued_on.desc(), Document.id.desc())
    for doc_id in session.scalars(dated).yield_per(5000):
        if doc_id in wanted:
            out.append(doc_id)
            if len(out) >= stop:
                return out
    if not filters.year:
        undated = sorted((i for i in wanted if i not in set(out)), reverse=True)
        seen = set(session.scalars(select(Document.id).where(
            Document.id.in_(undated[:stop * 4] or [-1]), Document.issued_on.is_(None))))
        out += [i for i in undated if i in seen][:stop - len(out)]
    return out


def find(engine: Engine, words: str, filters: Filters = Filters(), limit: int = 20,
         offset: int = 0) -> Page[Hit]:
    """One page of the documents matching ``words`` (every word) and ``filters``: hits
    ``offset`` to ``offset + limit``, with the total."""
    tokens = query_tokens(words)
    if not filters.any:
        if not tokens:
            return Page()
        hits = search(engine, tokens, limit=offset + limit)
        return Page(hits[offset:offset + limit], hits.total, hits.exact)
    with Session(engine) as session:
        sets = _id_sets(session, tokens, filters)
        wanted = set.intersection(*sets) if sets else set()
        page = _newest_first(session, wanted, filters, offset + limit)[offset:] if wanted else []
        found = {}
        if page:
            marks = ", ".join(f":p{i}" for i in range(len(page)))
            found = {row.id: row for row in session.connection().execute(
                text(f"SELECT {_COLUMNS} FROM documents d WHERE d.id IN ({marks})"),
                {f"p{i}": doc_id for i, doc_id in enumerate(page)})}
    hits = [_hit(found[i], 0.0, tokens) for i in page if i in found]
    return Page(hits, min(len(wanted), COUNT_CAP), exact=len(wanted) <= COUNT_CAP)
