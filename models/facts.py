"""Facts read out of a document, each row pointing at its ``[span_start, span_end)`` in the
document's normalised text; and the ``units`` registry of organisations."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Mapped, mapped_column, orm_insert_sentinel, relationship

from extractors.normalize import fold

from .base import Base, JSONType, UTCDateTime
from .documents import Document


# The condition of the partial indexes of recurring deadlines and tasks.
RECURRING = sql_text("rrule IS NOT NULL")
# Deadlines no task carries (``Deadline.loose``), fixed and recurring apart, as each
# database renders ``Deadline.loose.is_(True)`` … (migration 0011).
_LOOSE = {"sqlite": "loose = 1", "postgresql": "loose = true"}
# Fixed-date tasks (migration 0011).
FIXED = sql_text("rrule IS NULL")


def _loose_where(rest: str) -> dict[str, Any]:
    return {f"{d}_where": sql_text(f"{cond} AND {rest}") for d, cond in _LOOSE.items()}


class Fact(Base):
    """Columns every fact table shares: its document and where in the text it was read."""

    __abstract__ = True

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)
    # Lets the ORM insert a document's facts in one statement and still match the ids
    # RETURNING gives back to the rows (SQLite does not return them in insert order).
    _sentinel: Mapped[int | None] = orm_insert_sentinel()


class DocReference(Fact):
    """Another document cited by number."""

    __tablename__ = "doc_references"
    # The documents citing an entry, oldest first, one page at a time (and counted by
    # relation) from the index alone: models/register_queries.py.
    __table_args__ = (Index("ix_doc_references_citing_order", "legal_document_id",
                            "document_issued_on", "document_id", "id", "relation"),)

    doc_type: Mapped[str | None] = mapped_column(String(32))
    number: Mapped[str | None] = mapped_column(String(128))
    number_key: Mapped[str | None] = mapped_column(String(128), index=True)
    issued_on: Mapped[date | None] = mapped_column(Date)
    issuer: Mapped[str | None] = mapped_column(Text)
    relation: Mapped[str | None] = mapped_column(String(32))
    text: Mapped[str | None] = mapped_column(Text)
    # Other dates the same text gives for this number (ISO), as the extractor found them.
    date_conflicts: Mapped[list[str] | None] = mapped_column(JSONType)
    # The cited document's subject as the citing text gives it right after the citation
    # ("… phê duyệt Chương trình …"), read when the register is updated (models/register.py).
    cited_subject: Mapped[str | None] = mapped_column(Text)
    # The register entry of the cited document (models/register.py).
    legal_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("legal_documents.id", ondelete="SET NULL"))
    # A copy of the citing document's issued_on, kept by database triggers (migration 0005),
    # so that an entry's citing documents come in date order from an index.
    document_issued_on: Mapped[date | None] = mapped_column(Date)

    document: Mapped[Document] = relationship(back_populates="references")


class Deadline(Fact):
    """A point in time by which something must be done (``due``), or a recurrence (``rrule``)."""

    __tablename__ = "deadlines"
    # The recurring ones apart, with what expanding them takes (models/obligations.py).
    __table_args__ = (Index("ix_deadlines_recurring", "rrule", "document_issued_on",
                            sqlite_where=RECURRING, postgresql_where=RECURRING),
                      Index("ix_deadlines_loose", "due", "id",
                            **_loose_where("rrule IS NULL AND due IS NOT NULL")),
                      Index("ix_deadlines_loose_recurring", "rrule", "document_issued_on", "id",
                            **_loose_where("rrule IS NOT NULL")))

    due: Mapped[date | None] = mapped_column(Date, index=True)
    kind: Mapped[str | None] = mapped_column(String(32))
    rrule: Mapped[str | None] = mapped_column(String(255))
    text: Mapped[str | None] = mapped_column(Text)
    # A copy of the document's issued_on, kept by database triggers (migration 0005): where
    # a recurring deadline starts, without reading the document row.
    document_issued_on: Mapped[date | None] = mapped_column(Date)
    # No task of the same document carries this due date and rule, and no earlier deadline
    # of the document has them: listed on its own when every unit's deadlines are (set by
    # :func:`mark_loose` whenever a document's deadlines or its tasks' due dates change).
    loose: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")

    document: Mapped[Document] = relationship(back_populates="deadlines")


class Obligation(Fact):
    """A task the document assigns to a unit."""

    __tablename__ = "obligations"
    # A unit's tasks (or everyone's) in the order they are listed — due date, then the
    # document's date — one page at a time, and counted, from the index alone:
    # models/obligations.py.
    __table_args__ = (
        Index("ix_obligations_unit_order", "unit_id", "status", "due", "document_issued_on",
              "id"),
        Index("ix_obligations_status_order", "status", "due", "document_issued_on", "id"),
        # The recurring ones (few) apart, with what expanding them takes.
        Index("ix_obligations_recurring", "status", "unit_id", "rrule", "document_issued_on",
              sqlite_where=RECURRING, postgresql_where=RECURRING),
        # Every unit's fixed-date tasks, counted and listed from the index alone.
        Index("ix_obligations_fixed_order", "status", "due", "document_issued_on", "id",
              sqlite_where=FIXED, postgresql_where=FIXED),
    )

    assignee: Mapped[str | None] = mapped_column(Text)
    role: Mapped[str | None] = mapped_column(String(16))
    action: Mapped[str | None] = mapped_column(Text)
    due: Mapped[date | None] = mapped_column(Date, index=True)
    rrule: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(16), default="open", server_default="open")
    # assigned | requested | self_plan | reported: how the document binds the unit.
    basis: Mapped[str | None] = mapped_column(String(32))
    # The units named to help ("phối hợp với …", "Cơ quan phối hợp: …"), as written.
    support: Mapped[list[str] | None] = mapped_column(JSONType)
    # The canonical unit the assignee resolves to (units directory), when it does.
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"))
    # A copy of the document's issued_on, kept by database triggers (migration 0005): the
    # second sort key of a unit's tasks, in the index.
    document_issued_on: Mapped[date | None] = mapped_column(Date)

    document: Mapped[Document] = relationship(back_populates="obligations")
    events: Mapped[list[ObligationEvent]] = relationship(
        back_populates="obligation", cascade="all, delete-orphan", passive_deletes=True,
        order_by="ObligationEvent.id")


def mark_loose(deadlines: list[Deadline], obligations: list[Obligation]) -> None:
    """Set ``loose`` on a document's deadlines (in the order they are stored, which is their
    ids' order): a deadline with a date or a rule that no task of the document carries
    (same due date and rule), the first of equal ones."""
    carried = {(o.due, o.rrule) for o in obligations}
    seen: set[tuple[Any, Any]] = set()
    for d in deadlines:
        key = (d.due, d.rrule)
        d.loose = (d.due is not None or d.rrule is not None) and key not in carried \
            and key not in seen
        seen.add(key)


class ObligationEvent(Base):
    """A status change of an obligation: who, when, and why."""

    __tablename__ = "obligation_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    obligation_id: Mapped[int] = mapped_column(
        ForeignKey("obligations.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    # The document (e.g. a report responding to the directive) that caused the change.
    source_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    # A group task's member unit (canonical name) this change is for; None: the whole task.
    unit: Mapped[str | None] = mapped_column(Text)

    obligation: Mapped[Obligation] = relationship(back_populates="events")


class Quantity(Fact):
    """Columns of a counted quantity: what is counted, its range and unit, and its period."""

    __abstract__ = True

    metric: Mapped[str | None] = mapped_column(Text)
    min_value: Mapped[float | None] = mapped_column(Float)
    max_value: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(64))
    period: Mapped[str | None] = mapped_column(String(64))


class Target(Quantity):
    """A quantity set as a goal."""

    __tablename__ = "targets"

    document: Mapped[Document] = relationship(back_populates="targets")


class Statistic(Quantity):
    """A figure the document reports as achieved (not a goal): what reports compare against
    targets."""

    __tablename__ = "statistics"

    document: Mapped[Document] = relationship(back_populates="statistics")


class Funding(Fact):
    """An amount of money, in whole đồng."""

    __tablename__ = "funding"

    amount_vnd: Mapped[int | None] = mapped_column(BigInteger)
    text: Mapped[str | None] = mapped_column(Text)
    in_words_vnd: Mapped[int | None] = mapped_column(BigInteger)
    source: Mapped[str | None] = mapped_column(Text)
    purpose: Mapped[str | None] = mapped_column(Text)
    year: Mapped[int | None] = mapped_column(Integer)
    # amount_vnd of the total this amount is a part of (so totals do not double count).
    part_of: Mapped[int | None] = mapped_column(BigInteger)
    # The amount in digits and its "Bằng chữ" reading disagree.
    words_mismatch: Mapped[bool | None] = mapped_column(Boolean)

    document: Mapped[Document] = relationship(back_populates="funding")


def _canonical_key(context: Any) -> str | None:
    name = context.get_current_parameters().get("canonical_name")
    return fold(name) if name else None


class Unit(Base):
    """An organisation (issuer, assignee), with its place in the hierarchy."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    canonical_name: Mapped[str] = mapped_column(Text, unique=True)
    # The canonical name folded (accents and case aside), computed on insert: a user's
    # spelling finds the unit, and every province's unit of a name, through an index
    # (models/units.py find_units).
    canonical_key: Mapped[str | None] = mapped_column(Text, index=True,
                                                      default=_canonical_key)
    kind: Mapped[str | None] = mapped_column(String(32))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"),
                                                  index=True)


class UnitAlias(Base):
    """One way a unit is written ("Sở NN&PTNT", "SNNPTNT"), folded for lookup."""

    __tablename__ = "unit_aliases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(Text)
    alias_key: Mapped[str] = mapped_column(String(255), unique=True)
