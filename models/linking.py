"""At save time, inside the transaction that stores a document (models/store.py): the units
of its obligations, the links between reports and the directives they answer, and the status
history people recorded on a re-extracted document's tasks."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from extractors.normalize import fold

from .documents import Document, utcnow
from .facts import DocReference, Obligation, ObligationEvent, Unit
from .obligations import REPORT_TYPE, RESPONDED, RESPONSE_RELATIONS
from .register import LegalDocument
from .units import binding_units, context_of, ensure_unit, ensure_units, first_name, resolve_name


HistoryKey = tuple[str, str]


def _history_key(assignee: str | None, action: str | None) -> HistoryKey:
    return fold(assignee or ""), fold(action or "")


def manual_history(session: Session, document_id: int) -> dict[HistoryKey, tuple[str, list[dict[str, Any]]]]:
    """What people recorded on ``document_id``'s obligations (done / reopened, by whom, when),
    keyed by the task's assignee and action: kept across a re-extraction, which replaces the
    obligation rows. Responses are not kept here; they are linked again from the documents."""
    rows = session.execute(
        select(Obligation.assignee, Obligation.action, Obligation.status, ObligationEvent)
        .join(ObligationEvent, ObligationEvent.obligation_id == Obligation.id)
        .where(Obligation.document_id == document_id, ObligationEvent.status != RESPONDED)
        .order_by(ObligationEvent.id)).all()
    kept: dict[HistoryKey, tuple[str, list[dict[str, Any]]]] = {}
    for assignee, action, status, ev in rows:
        _status, events = kept.setdefault(_history_key(assignee, action), (status, []))
        events.append({"status": ev.status, "actor": ev.actor, "note": ev.note,
                       "source_document_id": ev.source_document_id, "at": ev.at,
                       "unit": ev.unit})
    return kept


def restore_history(session: Session, doc: Document,
                    kept: dict[HistoryKey, tuple[str, list[dict[str, Any]]]]) -> None:
    """Give the re-extracted obligations of ``doc`` the status and events people recorded on
    the same task (same assignee and action) before."""
    if not kept:
        return
    session.flush()
    for ob in doc.obligations:
        found = kept.get(_history_key(ob.assignee, ob.action))
        if found:
            ob.status = found[0]
            session.add_all(ObligationEvent(obligation_id=ob.id, **event) for event in found[1])


def _issuer_unit(session: Session, doc: Any) -> Unit | None:
    """The unit that issued ``doc`` (created when first seen)."""
    ctx = context_of(doc.place, doc.issuer, doc.parent_issuer, doc.text)
    name = resolve_name(doc.issuer, ctx) if doc.issuer else None
    return session.get(Unit, ensure_unit(session, name, doc.issuer)) if name else None


def assign_units(session: Session, doc: Document) -> int | None:
    """Resolve ``doc``'s issuer and the assignees of its obligations to units (created when
    first seen); returns the issuer's unit id. Runs before the document is flushed, so that its
    obligations are inserted with their units."""
    ctx = context_of(doc.place, doc.issuer, doc.parent_issuer, doc.text)
    issuer_name = resolve_name(doc.issuer, ctx) if doc.issuer else None
    wanted: list[tuple[Any, str | None]] = [(issuer_name, doc.issuer)] if issuer_name else []
    slots: list[int | None] = []  # per obligation: its unit's index in ``wanted``
    for ob in doc.obligations:
        name = first_name(ob.assignee)
        if name is None and ob.basis == "self_plan" and issuer_name is not None:
            slots.append(0)
            continue
        resolved = resolve_name(name, ctx) if name else None
        slots.append(len(wanted) if resolved else None)
        if resolved:
            wanted.append((resolved, name))
    with session.no_autoflush:
        ids = ensure_units(session, wanted)
        for ob, slot in zip(doc.obligations, slots):
            ob.unit_id = ids[slot] if slot is not None else None
    return ids[0] if issuer_name is not None else None


def link_obligations(session: Session, doc: Document, issuer_id: int | None,
                     own_entry: int | None = None) -> None:
    """Link responses both ways, after :func:`assign_units` (which gave ``issuer_id``) and the
    register update: ``doc`` as a report answering stored directives, and stored reports
    answering ``doc`` (only when its register entry, ``own_entry`` when the caller knows it,
    is cited at all)."""
    session.flush()
    answered = _answered(session, doc) if issuer_id is not None else []
    issuer = session.get(Unit, issuer_id) if answered else None
    for directive_id in answered:
        assert issuer is not None
        _respond(session, directive_id, issuer, doc)
    entry = session.get(LegalDocument, own_entry) if own_entry is not None else None
    if entry is not None and entry.document_id == doc.id and entry.citation_count == 0:
        return  # its entry (merged just now, no query) is cited by nothing: no report yet
    entries = select(LegalDocument.id).where(LegalDocument.document_id == doc.id)
    reports = session.scalars(
        select(Document).join(DocReference, DocReference.document_id == Document.id)
        .where(DocReference.legal_document_id.in_(entries), Document.id != doc.id,
               DocReference.relation.in_(RESPONSE_RELATIONS))
        .order_by(Document.id).distinct()).all()
    for report in reports:
        reporter = _issuer_unit(session, report) if _responds(report, doc.id, session) else None
        if reporter is not None:
            _respond(session, doc.id, reporter, report)


def _qualifies(relation: str | None, doc_type: str | None) -> bool:
    return relation == "responds_to" or (relation == "implements" and doc_type == REPORT_TYPE)


def _answered(session: Session, doc: Document) -> list[int]:
    """The stored directives ``doc`` responds to."""
    ids = [r.legal_document_id for r in doc.references
           if r.legal_document_id is not None and _qualifies(r.relation, doc.doc_type)]
    if not ids:
        return []
    found = session.scalars(select(LegalDocument.document_id).where(
        LegalDocument.id.in_(ids), LegalDocument.document_id.is_not(None))).all()
    return sorted({i for i in found if i is not None and i != doc.id})


def _responds(report: Document, directive_id: int, session: Session) -> bool:
    return directive_id in _answered(session, report)


def _respond(session: Session, directive_id: int, reporter: Unit, report: Document) -> None:
    """A "responded" event, pointing at ``report``, on each of the directive's obligations
    that bind the reporting unit (once)."""
    bound = sorted(binding_units(session, [reporter]))
    obligations = session.scalars(select(Obligation).where(
        Obligation.document_id == directive_id, Obligation.unit_id.in_(bound))).all()
    for ob in obligations:
        exists = session.scalar(select(ObligationEvent.id).where(
            ObligationEvent.obligation_id == ob.id, ObligationEvent.status == RESPONDED,
            ObligationEvent.source_document_id == report.id,
            ObligationEvent.actor == reporter.canonical_name))
        if exists is None:
            label = f"Báo cáo số {report.number}" if report.number else "Văn bản phản hồi"
            session.add(ObligationEvent(obligation_id=ob.id, status=RESPONDED,
                                        actor=reporter.canonical_name, note=label,
                                        source_document_id=report.id, at=utcnow()))
    session.flush()
