"""Facts read out of a document, each row pointing at its ``[span_start, span_end)`` in the
document's normalised text; and the ``units`` registry of organisations."""
from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Date, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, JSONType
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

    document: Mapped[Document] = relationship(back_populates="obligations")


class Target(Fact):
    """A quantity set as a goal."""

    __tablename__ = "targets"

    metric: Mapped[str | None] = mapped_column(Text)
    min_value: Mapped[float | None] = mapped_column(Float)
    max_value: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(64))
    period: Mapped[str | None] = mapped_column(String(64))

    document: Mapped[Document] = relationship(back_populates="targets")


class Funding(Fact):
    """An amount of money, in whole đồng."""

    __tablename__ = "funding"

    amount_vnd: Mapped[int | None] = mapped_column(BigInteger)
    text: Mapped[str | None] = mapped_column(Text)
    in_words_vnd: Mapped[int | None] = mapped_column(BigInteger)
    source: Mapped[str | None] = mapped_column(Text)
    purpose: Mapped[str | None] = mapped_column(Text)
    year: Mapped[int | None] = mapped_column(Integer)

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
