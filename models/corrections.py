"""Corrections people make to what was extracted: a header field of a document or a duty's
assignee or due date, stored with who and when beside the extracted value, applied to the
stored rows at once, and applied again when the document is re-extracted (a duty is found
again by its extracted assignee and action, as its done/reopen history is)."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from extractors.normalize import fold

from .base import Base, UTCDateTime
from .documents import Document, utcnow
from .facts import Obligation, mark_loose

HEADER_FIELDS = ("number", "doc_type", "issuer", "issued_on", "subject", "place")
DUTY_FIELDS = ("assignee", "due")
DATE_FIELDS = ("issued_on", "due")


class Correction(Base):
    """One correction: of a document's header field (``duty_action`` None), or of a duty,
    found by the assignee and action it was extracted with."""

    __tablename__ = "corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"),
                                             index=True)
    duty_assignee: Mapped[str | None] = mapped_column(Text)
    duty_action: Mapped[str | None] = mapped_column(Text)
    field: Mapped[str] = mapped_column(String(32))
    value: Mapped[str | None] = mapped_column(Text)
    extracted_value: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


@dataclass(frozen=True)
class CorrectionView:
    """A correction as a page shows it."""

    field: str
    value: str | None
    extracted_value: str | None
    actor: str
    at: datetime
    obligation_id: int | None


class BadCorrection(ValueError):
    """A field that cannot be corrected, or a value that does not fit it."""


def _convert(field: str, value: str | None) -> Any:
    value = (value or "").strip() or None
    if value is None or field not in DATE_FIELDS:
        return value
    try:
        parts = value.split("/")
        if len(parts) == 3:
            return date(int(parts[2]), int(parts[1]), int(parts[0]))
        return date.fromisoformat(value)
    except ValueError as e:
        raise BadCorrection(f"ngày không hợp lệ: {value}") from e


def _text(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, date) else value


def _set_header(doc: Document, field: str, value: Any) -> None:
    setattr(doc, field, value)
    if field == "number":
        from .contract import number_key  # writing only

        doc.number_key = number_key(value)
    elif field == "subject":
        doc.folded_subject = fold(value) if value else None


def _duty_key(assignee: str | None, action: str | None) -> tuple[str, str]:
    return fold(assignee or ""), fold(action or "")


def _extracted_key(session: Session, ob: Obligation) -> tuple[str | None, str | None]:
    """The assignee and action ``ob`` was extracted with (before any correction)."""
    first = session.scalar(select(Correction).where(
        Correction.document_id == ob.document_id, Correction.field == "assignee",
        Correction.duty_action == ob.action, Correction.value == ob.assignee)
        .order_by(Correction.id))
    return (first.duty_assignee if first else ob.assignee), ob.action


def correct_document(engine: Engine, document_id: int, field: str, value: str | None,
                     actor: str) -> None:
    """Correct a header field of a stored document (the extracted value is kept)."""
    if field not in HEADER_FIELDS:
        raise BadCorrection(f"không sửa được trường {field}")
    converted = _convert(field, value)
    with Session(engine.execution_options(sqlite_begin="IMMEDIATE")) as session, \
            session.begin():
        doc = session.get(Document, document_id)
        if doc is None:
            raise LookupError(document_id)
        extracted = ((doc.extraction or {}).get("document") or {}).get(field)
        session.add(Correction(document_id=document_id, field=field, value=_text(converted),
                               extracted_value=extracted if isinstance(extracted, str)
                               else None, actor=actor, at=utcnow()))
        _set_header(doc, field, converted)


def correct_duty(engine: Engine, obligation_id: int, field: str, value: str | None,
                 actor: str) -> None:
    """Correct a duty's assignee or due date (its unit is resolved again)."""
    from .linking import assign_units

    if field not in DUTY_FIELDS:
        raise BadCorrection(f"không sửa được trường {field}")
    converted = _convert(field, value)
    with Session(engine.execution_options(sqlite_begin="IMMEDIATE")) as session, \
            session.begin():
        ob = session.get(Obligation, obligation_id)
        if ob is None:
            raise LookupError(obligation_id)
        assignee, action = _extracted_key(session, ob)
        session.add(Correction(document_id=ob.document_id, duty_assignee=assignee,
                               duty_action=action, field=field, value=_text(converted),
                               extracted_value=_text(getattr(ob, field)), actor=actor,
                               at=utcnow()))
        setattr(ob, field, converted)
        if field == "assignee":
            assign_units(session, ob.document)
        else:   # which deadlines no task carries may have changed
            mark_loose(sorted(ob.document.deadlines, key=lambda d: d.id),
                       ob.document.obligations)


def apply_corrections(session: Session, doc: Document) -> None:
    """Apply the corrections recorded on ``doc`` to its freshly extracted fields and duties
    (at a re-extraction, before its units are resolved), the latest of each field winning."""
    if doc.id is None:
        return
    rows = session.scalars(select(Correction).where(Correction.document_id == doc.id)
                           .order_by(Correction.id)).all()
    duties: dict[tuple[str, str], list[Correction]] = {}
    for c in rows:
        if c.duty_action is None and c.field in HEADER_FIELDS:
            _set_header(doc, c.field, _convert(c.field, c.value))
        elif c.field in DUTY_FIELDS:
            duties.setdefault(_duty_key(c.duty_assignee, c.duty_action), []).append(c)
    if duties:
        for ob in doc.obligations:
            for c in duties.get(_duty_key(ob.assignee, ob.action), []):
                setattr(ob, c.field, _convert(c.field, c.value))


def corrections_of(engine: Engine, document_id: int) -> list[CorrectionView]:
    """Every correction of a document, oldest first; a duty's with the id of the duty it
    now applies to (None when the re-extracted document no longer has it)."""
    with Session(engine) as session:
        rows = session.scalars(select(Correction).where(Correction.document_id == document_id)
                               .order_by(Correction.id)).all()
        obs = session.execute(select(Obligation.id, Obligation.assignee, Obligation.action)
                              .where(Obligation.document_id == document_id)).all()
        out = []
        for c in rows:
            ob_id = None
            if c.duty_action is not None:
                ob_id = next((i for i, who, action in obs if action == c.duty_action
                              and (who == c.duty_assignee or (c.field == "assignee" and
                                                              who == c.value)
                                   or _applies(rows, c, who))), None)
            out.append(CorrectionView(c.field, c.value, c.extracted_value, c.actor, c.at,
                                      ob_id))
        return out


def _applies(rows: Iterable[Correction], c: Correction, assignee: str | None) -> bool:
    """Whether a duty now assigned to ``assignee`` is ``c``'s (its assignee corrected)."""
    return any(r.field == "assignee" and r.duty_action == c.duty_action
               and r.duty_assignee == c.duty_assignee and r.value == assignee for r in rows)
