"""Reading: documents by number, and the overview table."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, selectinload

from .contract import FACT_KINDS, number_key
from .documents import Document, Failure


T = TypeVar("T")


class Page(list[T]):
    """One page of a query's results (a list, in order) and ``total``: how many results
    there are in all, so that a user can be told "showing 50 of 10,234" (``exact`` false:
    there are more than ``total``, which were not all counted)."""

    def __init__(self, items: Iterable[T] = (), total: int | None = None,
                 exact: bool = True) -> None:
        super().__init__(items)
        self.total = len(self) if total is None else max(total, len(self))
        self.exact = exact

    @property
    def complete(self) -> bool:
        """Whether every result is on this page."""
        return self.total <= len(self)


@dataclass(frozen=True)
class SummaryRow:
    number: str | None
    doc_type: str | None
    issuer: str | None
    issued_on: date | None
    file_name: str


def find_documents(engine: Engine, number_or_fragment: str) -> list[Document]:
    """Documents whose number is exactly this one (case, accents and spaces aside); if there
    are none, the documents whose number contains it ("490" finds "490/QĐ-TTg"); if still
    none, those whose file name contains it. Facts are loaded, so the documents can be used
    after the session closes."""
    wanted = number_key(number_or_fragment)
    if not wanted:
        return []
    loads = [selectinload(getattr(Document, relation)) for relation, _ in FACT_KINDS.values()]
    order = (Document.issued_on.desc(), Document.id)
    with Session(engine, expire_on_commit=False) as session:
        docs = session.scalars(select(Document).options(*loads)
                               .where(Document.number_key == wanted).order_by(*order)).all()
        if not docs:
            docs = session.scalars(
                select(Document).options(*loads)
                .where(Document.number_key.contains(wanted, autoescape=True))
                .order_by(*order)).all()
        if not docs:
            # A document without a number (a news page, an e-office export whose number is
            # stamped at signing) is found by its file name.
            docs = session.scalars(
                select(Document).options(*loads)
                .where(func.lower(Document.file_name).contains(number_or_fragment.strip().lower(),
                                                               autoescape=True))
                .order_by(*order)).all()
        return list(docs)


def get_document(engine: Engine, document_id: int) -> Document | None:
    """A stored document by id, its facts loaded (usable after the session closes)."""
    loads = [selectinload(getattr(Document, relation)) for relation, _ in FACT_KINDS.values()]
    with Session(engine, expire_on_commit=False) as session:
        return session.scalar(select(Document).options(*loads).where(Document.id == document_id))


def summary(engine: Engine) -> list[SummaryRow]:
    """Every document, newest first: number, type, issuer, date, file name."""
    with engine.connect() as conn:
        rows = conn.execute(select(Document.number, Document.doc_type, Document.issuer,
                                   Document.issued_on, Document.file_name)
                            .order_by(Document.issued_on.desc(), Document.file_name))
        return [SummaryRow(*row) for row in rows]


def counts(engine: Engine) -> dict[str, int]:
    """How many documents and recorded failures the database holds."""
    with engine.connect() as conn:
        return {"documents": conn.scalar(select(func.count()).select_from(Document)) or 0,
                "failures": conn.scalar(select(func.count()).select_from(Failure)) or 0}
