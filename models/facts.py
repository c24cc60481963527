"""Facts read out of a document, each row pointing at its ``[span_start, span_end)`` in the
document's normalised text; and the ``units`` registry of organisations."""
from __future__ import annotations

from datetime import date

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Date, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, JSONType, UTCDateTime
from .documents import Document


class Fact(Base):
    """Columns every fact table shares: its document and where in the text it was read."""

    __abstract__ = True

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)


class DocReference(Fact):
    """Another document cited by number."""

    __tablename__ = "doc_references"

    doc_type: Mapped[str | None] = mapped_column(String(32))
    number: Mapped[str | None] = mapped_column(String(128))
    number_key: Mapped[str | None] = mapped_column(String(128), index=True)
    issued_on: Mapped[date | None] = mapped_column(Date)
    issuer: Mapped[str | None] = mapped_column(Text)
    relation: Mapped[str | None] = mapped_column(String(32))
    text: Mapped[str | None] = mapped_column(Text)
    # Other dates the same text gives for this number (ISO), as the extractor found them.
    date_conflicts: Mapped[list[str] | None] = mapped_column(JSONType)
    # The register entry of the cited document (models/register.py).
    legal_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("legal_documents.id", ondelete="SET NULL"), index=True)

    document: Mapped[Document] = relationship(back_populates="references")


class Deadline(Fact):
    """A point in time by which something must be done (``due``), or a recurrence (``rrule``)."""

    __tablename__ = "deadlines"

    due: Mapped[date | None] = mapped_column(Date, index=True)
    kind: Mapped[str | None] = mapped_column(String(32))
    rrule: Mapped[str | None] = mapped_column(String(255))
    text: Mapped[str | None] = mapped_column(Text)

    document: Mapped[Document] = relationship(back_populates="deadlines")


class Obligation(Fact):
    """A task the document assigns to a unit."""

    __tablename__ = "obligations"

    assignee: Mapped[str | None] = mapped_column(Text)
    role: Mapped[str | None] = mapped_column(String(16))
    action: Mapped[str | None] = mapped_column(Text)
    due: Mapped[date | None] = mapped_column(Date, index=True)
    rrule: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(16), default="open", server_default="open")
    # assigned | requested | self_plan | reported: how the document binds the unit.
    basis: Mapped[str | None] = mapped_column(String(32))
    # The canonical unit the assignee resolves to (units directory), when it does.
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="SET NULL"),
                                                index=True)

    document: Mapped[Document] = relationship(back_populates="obligations")
    events: Mapped[list[ObligationEvent]] = relationship(
        back_populates="obligation", cascade="all, delete-orphan", passive_deletes=True,
        order_by="ObligationEvent.id")


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


class Unit(Base):
    """An organisation (issuer, assignee), with its place in the hierarchy."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    canonical_name: Mapped[str] = mapped_column(Text, unique=True)
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
