"""The ``documents`` table (one row per distinct file content) and ``failures``."""
from __future__ import annotations

from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Any

from sqlalchemy import (BigInteger, Boolean, Date, Float, Index, Integer, String, Text,
                        UniqueConstraint, text)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, JSONType, UTCDateTime

if TYPE_CHECKING:
    from .facts import Deadline, DocReference, Funding, Obligation, Statistic, Target


# The columns ix_documents_head holds beside the id.
HEAD_COLUMNS = ("issued_on", "number", "doc_type", "issuer", "file_name", "subject")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Document(Base):
    """One read and extracted document. ``sha256`` identifies it: the same content found at
    another path is the same document."""

    __tablename__ = "documents"
    # ix_documents_head: the header columns of a page of documents read from an index,
    # never walking a row's long text to reach the columns after it (SQLite; migration 0011).
    __table_args__ = (Index("ix_documents_head", "id", *HEAD_COLUMNS),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    path: Mapped[str] = mapped_column(Text)
    file_name: Mapped[str] = mapped_column(String(255))
    format: Mapped[str] = mapped_column(String(16))
    size: Mapped[int] = mapped_column(BigInteger)
    pages: Mapped[int | None] = mapped_column(Integer)
    ocr: Mapped[bool] = mapped_column(Boolean, default=False)
    # OCR facts of the extraction's source: pages OCR'd (0 for a text layer or another
    # format) and the lowest per-page confidence (each page's mean word confidence, 0–100;
    # None without OCR). The lowest, not the mean: one badly read page is enough to make a
    # scan worth a second look (`vanthu scans --below 70`).
    # Indexed: the scans to review are found without reading every row (the column comes
    # after the long text in the row).
    ocr_pages: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"),
                                           index=True)
    ocr_min_confidence: Mapped[float | None] = mapped_column(Float)
    # The normalised text every span points into, and its accent-folded search form.
    text: Mapped[str] = mapped_column(Text)
    folded_text: Mapped[str] = mapped_column(Text)
    extractor_version: Mapped[str] = mapped_column(String(32))
    doc_type: Mapped[str | None] = mapped_column(String(32), index=True)
    number: Mapped[str | None] = mapped_column(String(128))
    number_key: Mapped[str | None] = mapped_column(String(128), index=True)
    # Indexed: the web page's issuer filter and its list of issuers (models/dashboard.py).
    issuer: Mapped[str | None] = mapped_column(Text, index=True)
    parent_issuer: Mapped[str | None] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(String(128))
    issued_on: Mapped[date | None] = mapped_column(Date, index=True)
    subject: Mapped[str | None] = mapped_column(Text)
    folded_subject: Mapped[str | None] = mapped_column(Text)
    recipients: Mapped[list[str]] = mapped_column(JSONType, default=list)
    cc: Mapped[list[str]] = mapped_column(JSONType, default=list)
    signer_name: Mapped[str | None] = mapped_column(String(255))
    signer_title: Mapped[str | None] = mapped_column(String(255))
    signer_authority: Mapped[str | None] = mapped_column(String(255))
    urgency: Mapped[str | None] = mapped_column(String(32))
    secrecy: Mapped[str | None] = mapped_column(String(32))
    # The whole extraction contract dict, as produced.
    extraction: Mapped[dict[str, Any]] = mapped_column(JSONType)
    ingested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow,
                                                 onupdate=utcnow)

    references: Mapped[list[DocReference]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True,
        order_by="DocReference.id")
    deadlines: Mapped[list[Deadline]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True,
        order_by="Deadline.id")
    obligations: Mapped[list[Obligation]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True,
        order_by="Obligation.id")
    targets: Mapped[list[Target]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True,
        order_by="Target.id")
    funding: Mapped[list[Funding]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True,
        order_by="Funding.id")
    statistics: Mapped[list[Statistic]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True,
        order_by="Statistic.id")

    def __repr__(self) -> str:
        return f"Document(id={self.id!r}, number={self.number!r}, file_name={self.file_name!r})"


class Failure(Base):
    """A file that could not be ingested, kept for review. One row per (path, content)."""

    __tablename__ = "failures"
    __table_args__ = (UniqueConstraint("path", "sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    path: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str | None] = mapped_column(String(64))
    code: Mapped[str] = mapped_column(String(64))
    message_vi: Mapped[str] = mapped_column(Text)
    detail: Mapped[str] = mapped_column(Text, default="")
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kept_path: Mapped[str | None] = mapped_column(Text)


# SQLite refuses a compound SELECT of more than 500 terms (SQLITE_MAX_COMPOUND_SELECT): a
# union over every unit a common name matches ("Sở Tài chính" in 25,000 documents) is run
# in chunks of this many parts.
UNION_CHUNK = 100


def union_rows(session: Any, parts: list[Any]) -> list[Any]:
    """The rows of UNION ALL of ``parts`` (each a SELECT), run ``UNION_CHUNK`` parts at a time."""
    from sqlalchemy import union_all

    rows: list[Any] = []
    for at in range(0, len(parts), UNION_CHUNK):
        chunk = parts[at:at + UNION_CHUNK]
        rows += session.execute(union_all(*chunk) if len(chunk) > 1 else chunk[0]).all()
    return rows
