"""The register of legal documents (``legal_documents``): one entry per document that was ever
cited or ingested, keyed by its normalised number, with what is best known about it merged
from every citation and from the document's own header when it is in the database.

The register is kept up to date inside the transaction that stores an extraction
(:func:`update_register`): a document and the register entries it touches change together.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import (Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint,
                        delete, func, select, update)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from extractors.header import type_from_symbol

from .base import Base, JSONType, UTCDateTime
from .citing import subject_after
from .documents import Document, utcnow
from .facts import DocReference

# doc_type values that say nothing about which document is meant.
VAGUE_TYPES = frozenset({None, "", "other"})
# How much of the citing text after a citation is read for the cited document's subject.
SUBJECT_WINDOW = 300


class LegalDocument(Base):
    """One cited or ingested document. ``type_key`` is "" for the entry of a number; it is
    the doc_type only for a second document of another type with the same number (a number
    without a type code in its symbol, e.g. "15/UBND-VX" as công văn and as quyết định)."""

    __tablename__ = "legal_documents"
    __table_args__ = (UniqueConstraint("number_key", "type_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number_key: Mapped[str] = mapped_column(String(128))
    type_key: Mapped[str] = mapped_column(String(32), default="", server_default="")
    number: Mapped[str] = mapped_column(String(128))
    doc_type: Mapped[str | None] = mapped_column(String(32))
    issued_on: Mapped[date | None] = mapped_column(Date)
    # Every date seen for it (ISO), the best first; date_conflict when there is more than one.
    dates: Mapped[list[str]] = mapped_column(JSONType, default=list)
    date_conflict: Mapped[bool] = mapped_column(Boolean, default=False,
                                                server_default="0")
    issuer: Mapped[str | None] = mapped_column(Text)
    subject: Mapped[str | None] = mapped_column(Text)
    # The ingested document with this number, when it is in the database.
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"), index=True)
    # How many stored documents cite it.
    citation_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"LegalDocument(id={self.id!r}, number={self.number!r})"


def _insert(session: Session, values: dict[str, Any]) -> None:
    """Insert an entry unless its (number_key, type_key) exists (another writer may have
    added it a moment ago: no IntegrityError, the caller reads it back)."""
    dialect = session.get_bind().dialect.name
    make = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = make(LegalDocument).values(dates=[], date_conflict=False, citation_count=0,
                                      updated_at=utcnow(), **values)
    session.execute(stmt.on_conflict_do_nothing(index_elements=["number_key", "type_key"]))


def resolve(session: Session, number_key: str, doc_type: str | None, number: str) -> int:
    """The id of the entry for this number (and type), created when missing.

    A number whose symbol names its type ("490/QĐ-TTg") has one entry whatever the citations
    call it. Otherwise a citation of another, known type than the entry's is another document
    with the same number and gets its own entry."""
    rows = session.execute(select(LegalDocument.id, LegalDocument.type_key,
                                  LegalDocument.doc_type)
                           .where(LegalDocument.number_key == number_key)
                           .order_by(LegalDocument.type_key)).all()
    if not rows:
        _insert(session, {"number_key": number_key, "type_key": "", "number": number,
                          "doc_type": None if doc_type in VAGUE_TYPES else doc_type})
        return resolve(session, number_key, doc_type, number)
    primary = next((r for r in rows if r.type_key == ""), rows[0])
    if doc_type in VAGUE_TYPES or type_from_symbol(number) is not None:
        return primary.id
    for row in rows:
        if row.doc_type == doc_type or row.type_key == doc_type:
            return row.id
    if primary.doc_type in VAGUE_TYPES:
        session.execute(update(LegalDocument).where(LegalDocument.id == primary.id)
                        .values(doc_type=doc_type))
        return primary.id
    assert doc_type is not None
    _insert(session, {"number_key": number_key, "type_key": doc_type, "number": number,
                      "doc_type": doc_type})
    return session.execute(select(LegalDocument.id).where(
        LegalDocument.number_key == number_key, LegalDocument.type_key == doc_type)).scalar_one()


def touched_by(session: Session, document_id: int) -> set[int]:
    """Entries that a stored document is part of: those it cites and its own."""
    cited = session.scalars(select(DocReference.legal_document_id).where(
        DocReference.document_id == document_id, DocReference.legal_document_id.is_not(None)))
    own = session.scalars(select(LegalDocument.id).where(LegalDocument.document_id == document_id))
    return {i for i in cited if i is not None} | set(own)


def update_register(session: Session, doc: Document, touched: Iterable[int] = ()) -> None:
    """Link ``doc`` and its references to their entries, then recompute every entry involved
    (``touched``: the entries the document was part of before a re-extraction)."""
    session.flush()
    ids = set(touched)
    # Sorted, so that concurrent writers create and lock entries in the same order.
    wanted = sorted({(r.number_key, r.doc_type or "", r.number or "") for r in doc.references
                     if r.number_key})
    keys: dict[tuple[str, str, str], int] = {}
    if doc.number_key:
        own = resolve(session, doc.number_key, doc.doc_type, doc.number or doc.number_key)
        ids.add(own)
    for number_key, doc_type, number in wanted:
        keys[(number_key, doc_type, number)] = resolve(session, number_key, doc_type or None,
                                                       number)
    for ref in doc.references:
        if ref.number_key:
            ref.legal_document_id = keys[(ref.number_key, ref.doc_type or "", ref.number or "")]
            ids.add(ref.legal_document_id)
    session.flush()
    recompute(session, ids)


def recompute(session: Session, ids: Iterable[int]) -> None:
    """Merge every citation and the linked document into each entry; drop entries that no
    document cites and none is (left over after a re-extraction)."""
    wanted = sorted(set(ids))
    if not wanted:
        return
    # Lock the entries (PostgreSQL) so that concurrent writers merge one after the other.
    entries = session.scalars(select(LegalDocument).where(LegalDocument.id.in_(wanted))
                              .order_by(LegalDocument.id).with_for_update()).all()
    for entry in entries:
        _merge(session, entry)


def _own_document(session: Session, entry: LegalDocument) -> Any:
    """The stored document that is this entry (lowest id when several have its number)."""
    others = set(session.scalars(select(LegalDocument.type_key).where(
        LegalDocument.number_key == entry.number_key, LegalDocument.id != entry.id)))
    rows = session.execute(select(Document.id, Document.number, Document.doc_type,
                                  Document.issued_on, Document.issuer, Document.subject)
                           .where(Document.number_key == entry.number_key)
                           .order_by(Document.id)).all()
    for row in rows:
        if entry.type_key:
            if row.doc_type == entry.type_key:
                return row
        elif row.doc_type not in others or type_from_symbol(row.number) is not None:
            return row
    return None


def _best(values: Iterable[Any]) -> Any:
    """The most frequent non-empty value, the first seen among equals."""
    counted = Counter(v for v in values if v not in (None, ""))
    return counted.most_common(1)[0][0] if counted else None


def _merge(session: Session, entry: LegalDocument) -> None:
    own = _own_document(session, entry)
    cites = session.execute(
        select(DocReference.document_id, DocReference.number, DocReference.doc_type,
               DocReference.issued_on, DocReference.issuer, DocReference.date_conflicts,
               func.substr(Document.text, DocReference.span_end + 1, SUBJECT_WINDOW)
               .label("after"))
        .join(Document, Document.id == DocReference.document_id)
        .where(DocReference.legal_document_id == entry.id)
        .order_by(DocReference.id)).all()
    if own is None and not cites:
        session.execute(delete(LegalDocument).where(LegalDocument.id == entry.id))
        return
    seen: list[str] = []
    for cite in cites:
        if cite.issued_on:
            seen.append(cite.issued_on.isoformat())
        seen.extend(d for d in cite.date_conflicts or [] if isinstance(d, str))
    best_date = own.issued_on.isoformat() if own is not None and own.issued_on else _best(seen)
    counted = Counter(seen)
    dates = ([best_date] if best_date else []) + [
        d for d, _n in counted.most_common() if d != best_date]
    entry.document_id = own.id if own is not None else None
    entry.number = (own.number if own is not None and own.number
                    else _best(c.number for c in cites) or entry.number)
    entry.doc_type = (entry.type_key or (own.doc_type if own is not None
                                         and own.doc_type not in VAGUE_TYPES else None)
                      or type_from_symbol(entry.number)
                      or _best(c.doc_type for c in cites if c.doc_type not in VAGUE_TYPES))
    entry.issued_on = date.fromisoformat(best_date) if best_date else None
    entry.dates = dates
    entry.date_conflict = len(dates) > 1
    entry.issuer = (own.issuer if own is not None and own.issuer
                    else _best(c.issuer for c in cites))
    entry.subject = (own.subject if own is not None and own.subject
                     else _best(subject_after(c.after) for c in cites if c.after))
    entry.citation_count = len({c.document_id for c in cites})


def rebuild_register(session: Session) -> None:
    """Recompute the whole register from the stored documents (after the migration that
    added it, or to repair it): every reference relinked, every entry merged again."""
    session.execute(update(DocReference).values(legal_document_id=None))
    session.execute(update(LegalDocument).values(document_id=None))
    session.execute(delete(LegalDocument))
    for doc_id in session.scalars(select(Document.id).order_by(Document.id)).all():
        doc = session.get(Document, doc_id)
        assert doc is not None
        update_register(session, doc)
        session.expire(doc)
