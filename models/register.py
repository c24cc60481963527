"""The register of legal documents (``legal_documents``): one entry per document that was ever
cited or ingested, keyed by its normalised number, with what is best known about it merged
from every citation and from the document's own header when it is in the database.

The register is kept up to date inside the transaction that stores an extraction
(:func:`update_register`): a document and the register entries it touches change together.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from datetime import date, datetime
from typing import Any

from sqlalchemy import (BigInteger, Boolean, Date, ForeignKey, Integer, String, Text,
                        UniqueConstraint, bindparam, case, delete, select, update)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, mapped_column

from .base import Base, JSONType, UTCDateTime
from .documents import Document, utcnow
from .facts import DocReference

# doc_type values that say nothing about which document is meant.
VAGUE_TYPES = frozenset({None, "", "other"})


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


def _insert(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert entries unless their (number_key, type_key) exists (another writer may have
    added one a moment ago: no IntegrityError, the caller reads them back)."""
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    make = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = make(LegalDocument).on_conflict_do_nothing(index_elements=["number_key", "type_key"])
    now = utcnow()
    session.execute(stmt, [{"dates": [], "date_conflict": False, "citation_count": 0,
                            "updated_at": now, **row} for row in rows])


@dataclass
class _Known:
    """An entry as :func:`resolve_all` sees it."""

    id: int
    type_key: str
    doc_type: str | None


def _known(session: Session, keys: Iterable[str]) -> dict[str, list[_Known]]:
    """The entries of these number keys, by key, the entry of the number ("" type) first."""
    out: dict[str, list[_Known]] = {}
    for row in session.execute(select(LegalDocument.number_key, LegalDocument.id,
                                      LegalDocument.type_key, LegalDocument.doc_type)
                               .where(LegalDocument.number_key.in_(sorted(set(keys))))
                               .order_by(LegalDocument.number_key, LegalDocument.type_key)):
        out.setdefault(row.number_key, []).append(_Known(row.id, row.type_key, row.doc_type))
    return out


def resolve_all(session: Session, wanted: Sequence[tuple[str, str | None, str]]) -> list[int]:
    """The ids of the entries for these (number key, doc_type, number), in order, created
    when missing, as if :func:`resolve` were called for each in turn (with a few queries in
    all instead of a few per number)."""
    known = _known(session, (k for k, _t, _n in wanted))
    first: dict[str, tuple[str | None, str]] = {}
    for number_key, doc_type, number in wanted:
        if number_key not in known:
            first.setdefault(number_key, (doc_type, number))
    if first:
        _insert(session, [{"number_key": k, "type_key": "", "number": n,
                           "doc_type": None if t in VAGUE_TYPES else t}
                          for k, (t, n) in sorted(first.items())])
        known.update(_known(session, first))
    return [_resolve_one(session, known[k], k, t, n) for k, t, n in wanted]


def resolve(session: Session, number_key: str, doc_type: str | None, number: str) -> int:
    """The id of the entry for this number (and type), created when missing.

    A number whose symbol names its type ("490/QĐ-TTg") has one entry whatever the citations
    call it. Otherwise a citation of another, known type than the entry's is another document
    with the same number and gets its own entry."""
    return resolve_all(session, [(number_key, doc_type, number)])[0]


def _resolve_one(session: Session, rows: list[_Known], number_key: str, doc_type: str | None,
                 number: str) -> int:
    """:func:`resolve` on the known entries of ``number_key`` (kept up to date)."""
    from extractors.header import type_from_symbol  # writing only: the rules load here

    primary = next((r for r in rows if r.type_key == ""), rows[0])
    if doc_type in VAGUE_TYPES or type_from_symbol(number) is not None:
        return primary.id
    for row in rows:
        if row.doc_type == doc_type or row.type_key == doc_type:
            return row.id
    if primary.doc_type in VAGUE_TYPES:
        session.execute(update(LegalDocument).where(LegalDocument.id == primary.id)
                        .values(doc_type=doc_type))
        primary.doc_type = doc_type
        return primary.id
    assert doc_type is not None
    _insert(session, [{"number_key": number_key, "type_key": doc_type, "number": number,
                       "doc_type": doc_type}])
    rows[:] = _known(session, [number_key])[number_key]
    return next(r.id for r in rows if r.type_key == doc_type)


def touched_by(session: Session, document_id: int) -> set[int]:
    """Entries that a stored document is part of: those it cites and its own."""
    cited = session.scalars(select(DocReference.legal_document_id).where(
        DocReference.document_id == document_id, DocReference.legal_document_id.is_not(None)))
    own = session.scalars(select(LegalDocument.id).where(LegalDocument.document_id == document_id))
    return {i for i in cited if i is not None} | set(own)


# ---------------------------------------------------------------- tallies
# Every citation votes for what it says about the cited document (its dates, number, type,
# issuer and subject); an entry keeps the count of each value in ``register_tallies``, so that
# storing a document changes the counts of the entries it cites instead of reading every
# citation of each entry again (a much-cited law has thousands).
DATE, NUMBER, TYPE, ISSUER, SUBJECT = "date", "number", "doc_type", "issuer", "subject"
# A vote's order key is its reference's id times this plus its place among the reference's
# votes for the same field (its issue date, then its conflicting dates).
_SLOTS = 64


class RegisterTally(Base):
    """How many citations of an entry give ``value`` for ``field``; ``first_seen`` orders
    values cited equally often (the first cited wins, as in the text order of citations)."""

    __tablename__ = "register_tallies"

    legal_document_id: Mapped[int] = mapped_column(
        ForeignKey("legal_documents.id", ondelete="CASCADE"), primary_key=True)
    field: Mapped[str] = mapped_column(String(16), primary_key=True)
    value: Mapped[str] = mapped_column(Text, primary_key=True)
    n: Mapped[int] = mapped_column(Integer)
    first_seen: Mapped[int] = mapped_column(BigInteger)


Vote = tuple[int, str, str]  # (entry id, field, value)


def _votes(ref: DocReference) -> list[tuple[Vote, int]]:
    """What one linked citation says about its entry, each vote with its order key."""
    assert ref.legal_document_id is not None and ref.id is not None
    entry, base = ref.legal_document_id, ref.id * _SLOTS
    dates = [ref.issued_on.isoformat()] if ref.issued_on else []
    dates += [d for d in ref.date_conflicts or [] if isinstance(d, str)]
    out = [((entry, DATE, d), base + min(i, _SLOTS - 1)) for i, d in enumerate(dates)]
    if ref.number:
        out.append(((entry, NUMBER, ref.number), base))
    if ref.doc_type not in VAGUE_TYPES:
        out.append(((entry, TYPE, str(ref.doc_type)), base))
    if ref.issuer:
        out.append(((entry, ISSUER, ref.issuer), base))
    if ref.cited_subject:
        out.append(((entry, SUBJECT, ref.cited_subject), base))
    return out


def _count(session: Session, refs: Iterable[DocReference], sign: int) -> None:
    """Add (sign 1) or withdraw (sign -1) the votes of ``refs`` and their citing document
    from the tallies and citation counts of their entries."""
    votes: dict[Vote, list[int]] = {}
    cited: set[int] = set()
    for ref in refs:
        if ref.legal_document_id is None:
            continue
        cited.add(ref.legal_document_id)
        for vote, order in _votes(ref):
            seen = votes.setdefault(vote, [0, order])
            seen[0] += 1
            seen[1] = min(seen[1], order)
    if not cited:
        return
    # Sorted, so that concurrent writers lock rows in the same order.
    rows = [{"legal_document_id": e, "field": f, "value": v, "n": sign * n, "first_seen": o}
            for (e, f, v), (n, o) in sorted(votes.items())]
    if sign > 0 and rows:
        session.execute(_upsert_votes(session.get_bind().dialect.name), rows)
    elif rows:
        table = RegisterTally.__table__
        session.execute(
            update(table).where(table.c.legal_document_id == bindparam("e"),
                                table.c.field == bindparam("f"), table.c.value == bindparam("v"))
            .values(n=table.c.n + bindparam("d")),
            [{"e": r["legal_document_id"], "f": r["field"], "v": r["value"], "d": r["n"]}
             for r in rows])
        session.execute(delete(table).where(table.c.legal_document_id.in_(sorted(cited)),
                                            table.c.n <= 0))
    session.execute(update(LegalDocument).where(LegalDocument.id.in_(sorted(cited)))
                    .values(citation_count=LegalDocument.citation_count + sign)
                    .execution_options(synchronize_session=False))


@cache
def _upsert_votes(dialect: str) -> Any:
    """INSERT … ON CONFLICT: add votes to the tallies (built once per dialect)."""
    table = RegisterTally.__table__
    stmt = (pg_insert if dialect == "postgresql" else sqlite_insert)(table)
    return stmt.on_conflict_do_update(
        index_elements=["legal_document_id", "field", "value"],
        set_={"n": table.c.n + stmt.excluded.n,
              "first_seen": case((stmt.excluded.first_seen < table.c.first_seen,
                                  stmt.excluded.first_seen), else_=table.c.first_seen)})


def retract(session: Session, document_id: int) -> set[int]:
    """Withdraw a stored document's citations from the register before its facts are
    replaced (re-extraction); returns the entries it was part of, to merge again."""
    touched = touched_by(session, document_id)
    refs = session.scalars(select(DocReference).where(
        DocReference.document_id == document_id,
        DocReference.legal_document_id.is_not(None))).all()
    _count(session, refs, -1)
    return touched


def update_register(session: Session, doc: Document, touched: Iterable[int] = ()
                    ) -> int | None:
    """Link ``doc`` and its references to their entries, count their votes, then merge every
    entry involved again (``touched``: the entries the document was part of before a
    re-extraction, see :func:`retract`). Returns the id of ``doc``'s own entry."""
    ids = set(touched)
    # Sorted, so that concurrent writers create and lock entries in the same order.
    wanted = sorted({(r.number_key, r.doc_type or "", r.number or "") for r in doc.references
                     if r.number_key})
    calls = [(k, t or None, n) for k, t, n in wanted]
    if doc.number_key:
        calls.insert(0, (doc.number_key, doc.doc_type, doc.number or doc.number_key))
    with session.no_autoflush:  # the document and its facts are inserted once, linked
        found = resolve_all(session, calls)
    own = found[0] if doc.number_key else None
    ids.update(found)
    keys = dict(zip(wanted, found[1:] if doc.number_key else found))
    for ref in doc.references:
        if ref.number_key:
            ref.legal_document_id = keys[(ref.number_key, ref.doc_type or "", ref.number or "")]
            ids.add(ref.legal_document_id)
    session.flush()
    _count(session, doc.references, 1)
    recompute(session, ids)
    return own


def recompute(session: Session, ids: Iterable[int]) -> None:
    """Merge the tallies and the linked document into each entry; drop entries that no
    document cites and none is (left over after a re-extraction)."""
    wanted = sorted(set(ids))
    if not wanted:
        return
    # The entries and the others with the same numbers (another type's document), locked
    # (PostgreSQL) so that concurrent writers merge one after the other.
    keys = select(LegalDocument.number_key).where(LegalDocument.id.in_(wanted))
    family = session.scalars(select(LegalDocument).where(LegalDocument.number_key.in_(keys))
                             .order_by(LegalDocument.id).with_for_update()
                             .execution_options(populate_existing=True)).all()
    chosen = set(wanted)
    entries = [e for e in family if e.id in chosen]
    tallies: dict[int, dict[str, list[str]]] = {}
    for t in session.execute(select(RegisterTally.legal_document_id, RegisterTally.field,
                                    RegisterTally.value)
                             .where(RegisterTally.legal_document_id.in_(wanted))
                             .order_by(RegisterTally.legal_document_id, RegisterTally.field,
                                       RegisterTally.n.desc(), RegisterTally.first_seen)):
        tallies.setdefault(t.legal_document_id, {}).setdefault(t.field, []).append(t.value)
    own = _own_documents(session, entries, family)
    for entry in entries:
        _merge(session, entry, own.get(entry.id), tallies.get(entry.id, {}))


def _own_documents(session: Session, entries: Sequence[LegalDocument],
                   family: Sequence[LegalDocument]) -> dict[int, Any]:
    """Entry id → the stored document that is this entry (lowest id when several have its
    number), for the entries that have one; ``family``: every entry with their numbers."""
    keys = sorted({e.number_key for e in entries})
    docs: dict[str, list[Any]] = {}
    for row in session.execute(select(Document.id, Document.number_key, Document.number,
                                      Document.doc_type, Document.issued_on, Document.issuer,
                                      Document.subject)
                               .where(Document.number_key.in_(keys)).order_by(Document.id)):
        docs.setdefault(row.number_key, []).append(row)
    if not docs:
        return {}
    from extractors.header import type_from_symbol  # writing only: the rules load here

    types: dict[str, list[tuple[int, str]]] = {}
    for e in family:
        types.setdefault(e.number_key, []).append((e.id, e.type_key))
    out: dict[int, Any] = {}
    for entry in entries:
        others = {t for i, t in types.get(entry.number_key, []) if i != entry.id}
        for row in docs.get(entry.number_key, []):
            if (row.doc_type == entry.type_key if entry.type_key
                    else row.doc_type not in others or type_from_symbol(row.number) is not None):
                out[entry.id] = row
                break
    return out


def _merge(session: Session, entry: LegalDocument, own: Any, votes: dict[str, list[str]]
           ) -> None:
    """Set what is best known about ``entry``: its own document's header where it is stored,
    else the values most citations give (``votes``: field → values, most given first)."""
    if own is None and entry.citation_count <= 0:
        session.execute(delete(LegalDocument).where(LegalDocument.id == entry.id))
        return

    from extractors.header import type_from_symbol  # writing only: the rules load here

    def best(field: str) -> str | None:
        return (votes.get(field) or [None])[0]

    seen = votes.get(DATE, [])
    best_date = own.issued_on.isoformat() if own is not None and own.issued_on else best(DATE)
    dates = ([best_date] if best_date else []) + [d for d in seen if d != best_date]
    entry.document_id = own.id if own is not None else None
    entry.number = (own.number if own is not None and own.number
                    else best(NUMBER) or entry.number)
    entry.doc_type = (entry.type_key or (own.doc_type if own is not None
                                         and own.doc_type not in VAGUE_TYPES else None)
                      or type_from_symbol(entry.number) or best(TYPE))
    entry.issued_on = date.fromisoformat(best_date) if best_date else None
    entry.dates = dates
    entry.date_conflict = len(dates) > 1
    entry.issuer = own.issuer if own is not None and own.issuer else best(ISSUER)
    entry.subject = own.subject if own is not None and own.subject else best(SUBJECT)


def rebuild_register(session: Session) -> None:
    """Recompute the whole register from the stored documents (after the migration that
    added it, or to repair it): every reference relinked, every entry merged again."""
    session.execute(update(DocReference).values(legal_document_id=None))
    session.execute(update(LegalDocument).values(document_id=None))
    session.execute(delete(RegisterTally))
    session.execute(delete(LegalDocument))
    for doc_id in session.scalars(select(Document.id).order_by(Document.id)).all():
        doc = session.get(Document, doc_id)
        assert doc is not None
        update_register(session, doc)
        session.expire(doc)
