"""Obligations by unit: what binds a unit (directly or through its group), what falls due in a
window (recurring deadlines expanded with dateutil's rrule from the issue date), status
changes (``done``/``reopen``) and the reports that respond to a directive.

Every query takes the reference date ``as_of`` as an argument; nothing here reads the clock
except to stamp an event. :func:`link_obligations` runs inside the transaction that stores a
document (models/store.py).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from dateutil.rrule import rrulestr
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from extractors.normalize import fold

from .citing import sentence_around
from .documents import Document, utcnow
from .facts import Deadline, DocReference, Obligation, ObligationEvent, Unit
from .register import LegalDocument
from .units import (GROUP, binding_units, context_of, ensure_unit, find_units, first_name,
                    resolve_name, units_by_id)

OPEN, DONE, RESPONDED = "open", "done", "responded"
STATUSES = (OPEN, DONE)
# A citing document responds to a directive through these relations (``implements`` only
# from a report).
RESPONSE_RELATIONS = ("responds_to", "implements")
REPORT_TYPE = "bao_cao"


class UnknownObligation(LookupError):
    """No obligation has this id."""


@dataclass(frozen=True)
class Response:
    """A document that responds to a task (a report implementing the directive)."""

    document_id: int
    number: str | None
    issued_on: date | None
    unit: str | None


@dataclass(frozen=True)
class Task:
    """One obligation (or, with ``id`` None, a deadline no obligation carries) as a
    secretariat tracks it."""

    id: int | None
    assignee: str | None
    unit: str | None
    via_group: bool
    role: str | None
    action: str | None
    due: date | None
    rrule: str | None
    next_due: date | None
    status: str
    overdue: bool
    document_id: int
    number: str | None
    issued_on: date | None
    issuer: str | None
    sentence: str
    responses: tuple[Response, ...] = ()


@dataclass(frozen=True)
class DueItem:
    """One due date of a task: a fixed deadline, or one occurrence of a recurring one."""

    due: date
    overdue: bool
    recurring: bool
    task: Task


@dataclass(frozen=True)
class UnitTasks:
    """The units ``--unit NAME`` was taken to mean, the groups binding them, and the tasks."""

    units: tuple[str, ...]
    groups: tuple[str, ...]
    tasks: tuple[Task, ...]
    known: bool = True  # False: the unit is not in the directory yet (groups by kind only)


# ---------------------------------------------------------------- recurring deadlines


def occurrences(rule: str, start: date, after: date, until: date) -> list[date]:
    """The dates in ``[after, until]`` of the RRULE ``rule`` counted from ``start`` (the issue
    date): "FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=20" → 20/6 and 20/12 of every year."""
    try:
        rule_set = rrulestr(rule, dtstart=datetime.combine(start, time()))
    except (ValueError, TypeError):
        return []
    found = rule_set.between(datetime.combine(after, time()), datetime.combine(until, time()),
                             inc=True)
    return [d.date() for d in found]


def next_occurrence(rule: str, start: date, as_of: date) -> date | None:
    """The first date on or after ``as_of`` of a recurring deadline."""
    try:
        rule_set = rrulestr(rule, dtstart=datetime.combine(start, time()))
    except (ValueError, TypeError):
        return None
    found = rule_set.after(datetime.combine(as_of, time()), inc=True)
    return found.date() if found else None


# ---------------------------------------------------------------- reading


def _sentence(text: str | None, start: int | None, end: int | None, fallback: str | None) -> str:
    if text and start is not None and end is not None:
        return sentence_around(text, start, end)
    return fallback or ""


def _responses(session: Session, ids: Sequence[int]) -> dict[int, list[Response]]:
    out: dict[int, list[Response]] = {}
    if not ids:
        return out
    rows = session.execute(
        select(ObligationEvent.obligation_id, ObligationEvent.actor, Document.id,
               Document.number, Document.issued_on)
        .join(Document, Document.id == ObligationEvent.source_document_id)
        .where(ObligationEvent.obligation_id.in_(ids), ObligationEvent.status == RESPONDED)
        .order_by(ObligationEvent.id)).all()
    for ob_id, actor, doc_id, number, issued_on in rows:
        out.setdefault(ob_id, []).append(Response(doc_id, number, issued_on, actor))
    return out


def _tasks(session: Session, where: Iterable[Any], as_of: date, asked: set[str] | None,
           via: set[int]) -> list[Task]:
    """Tasks with their document; a group task shows only the responses of the ``asked``
    units (all responses when ``asked`` is None)."""
    rows = session.execute(
        select(Obligation, Document.number, Document.issued_on, Document.issuer, Document.text)
        .join(Document, Document.id == Obligation.document_id)
        .where(*where).order_by(Obligation.due.is_(None), Obligation.due, Document.issued_on,
                                Obligation.id)).all()
    units = units_by_id(session, (o.unit_id for o, *_ in rows if o.unit_id is not None))
    responses = _responses(session, [o.id for o, *_ in rows])
    out = []
    for ob, number, issued_on, issuer, text in rows:
        unit = units.get(ob.unit_id) if ob.unit_id is not None else None
        every = asked is None or unit is None or unit.kind != GROUP or unit.canonical_name in asked
        mine = [r for r in responses.get(ob.id, []) if every or r.unit in (asked or ())]
        start = issued_on or as_of
        next_due = next_occurrence(ob.rrule, start, as_of) if ob.rrule else ob.due
        out.append(Task(
            id=ob.id, assignee=ob.assignee, unit=unit.canonical_name if unit else None,
            via_group=ob.unit_id in via, role=ob.role, action=ob.action, due=ob.due,
            rrule=ob.rrule, next_due=next_due, status=ob.status,
            overdue=ob.status == OPEN and ob.rrule is None and ob.due is not None
            and ob.due < as_of, document_id=ob.document_id, number=number,
            issued_on=issued_on, issuer=issuer,
            sentence=_sentence(text, ob.span_start, ob.span_end, ob.action),
            responses=tuple(mine)))
    return out


def tasks_for(engine: Engine, unit: str | None, as_of: date, status: str | None = None
              ) -> UnitTasks:
    """Every task binding ``unit`` (every task when None) as of ``as_of``; ``status``:
    open, done or overdue (open and due before ``as_of``)."""
    with Session(engine) as session:
        where: list[Any] = []
        names: tuple[str, ...] = ()
        groups: tuple[str, ...] = ()
        via: set[int] = set()
        known = True
        asked: set[str] | None = None
        if unit is not None:
            found = find_units(session, unit)
            known = bool(found)
            bound = binding_units(session, found, unit)
            via = {i for i, u in bound.items() if u.kind == GROUP and u not in found}
            names = tuple(u.canonical_name for u in found)
            groups = tuple(bound[i].canonical_name for i in sorted(via))
            asked = set(names)
            where.append(Obligation.unit_id.in_(sorted(bound) or [-1]))
        if status in (OPEN, "overdue"):
            where.append(Obligation.status == OPEN)
        elif status == DONE:
            where.append(Obligation.status == DONE)
        tasks = _tasks(session, where, as_of, asked, via)
    if status == "overdue":
        tasks = [t for t in tasks if t.overdue]
    return UnitTasks(names, groups, tuple(tasks), known)


def _loose_deadlines(session: Session, as_of: date) -> list[Task]:
    """Deadlines read from documents that no obligation of the same document carries."""
    carried = {(d, due, rule) for d, due, rule in session.execute(
        select(Obligation.document_id, Obligation.due, Obligation.rrule))}
    rows = session.execute(
        select(Deadline, Document.number, Document.issued_on, Document.issuer, Document.text)
        .join(Document, Document.id == Deadline.document_id)
        .order_by(Deadline.due, Deadline.id)).all()
    seen: set[tuple[int, date | None, str | None]] = set()
    out = []
    for dl, number, issued_on, issuer, text in rows:
        k = (dl.document_id, dl.due, dl.rrule)
        if k in carried or k in seen or (dl.due is None and dl.rrule is None):
            continue
        seen.add(k)
        next_due = next_occurrence(dl.rrule, issued_on or as_of, as_of) if dl.rrule else dl.due
        out.append(Task(None, None, None, False, None, dl.text, dl.due, dl.rrule, next_due,
                        OPEN, False, dl.document_id, number, issued_on, issuer,
                        _sentence(text, dl.span_start, dl.span_end, dl.text)))
    return out


def open_tasks(engine: Engine, unit: str | None, as_of: date) -> tuple[UnitTasks, list[Task]]:
    """The open tasks binding ``unit``; without a unit, every open task and the deadlines
    that no obligation carries."""
    found = tasks_for(engine, unit, as_of, OPEN)
    tasks = list(found.tasks)
    if unit is None:
        with Session(engine) as session:
            tasks += _loose_deadlines(session, as_of)
    return found, tasks


def due_items(engine: Engine, unit: str | None, as_of: date, within_days: int,
              overdue_only: bool = False) -> tuple[UnitTasks, list[DueItem]]:
    """What falls due from ``as_of`` to ``as_of + within_days`` (recurring deadlines
    expanded) and, first, what is overdue; open tasks only (see :func:`open_tasks`)."""
    found, tasks = open_tasks(engine, unit, as_of)
    until = as_of + timedelta(days=within_days)
    items: list[DueItem] = []
    for task in tasks:
        if task.rrule:
            if not overdue_only:
                start = task.issued_on or as_of
                items += [DueItem(d, False, True, replace(task, next_due=d))
                          for d in occurrences(task.rrule, start, as_of, until)]
        elif task.due is not None and task.due < as_of:
            items.append(DueItem(task.due, True, False, replace(task, overdue=True)))
        elif task.due is not None and task.due <= until and not overdue_only:
            items.append(DueItem(task.due, False, False, task))
    items.sort(key=lambda i: (not i.overdue, i.due, i.task.number or "", i.task.id or 0))
    return found, items


# ---------------------------------------------------------------- status changes


def set_status(engine: Engine, obligation_id: int, status: str, actor: str | None = None,
               note: str | None = None, at: datetime | None = None) -> Obligation:
    """Mark an obligation done or open again, recording who, when and why."""
    if status not in STATUSES:
        raise ValueError(f"status must be one of {STATUSES}")
    with Session(engine.execution_options(sqlite_begin="IMMEDIATE"),
                 expire_on_commit=False) as session, session.begin():
        ob = session.get(Obligation, obligation_id)
        if ob is None:
            raise UnknownObligation(obligation_id)
        ob.status = status
        session.add(ObligationEvent(obligation_id=ob.id, status=status, actor=actor, note=note,
                                    at=at or utcnow()))
        return ob


def events_of(engine: Engine, obligation_id: int) -> list[ObligationEvent]:
    with Session(engine, expire_on_commit=False) as session:
        return list(session.scalars(select(ObligationEvent).where(
            ObligationEvent.obligation_id == obligation_id).order_by(ObligationEvent.id)))


# ---------------------------------------------------------------- at save time

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
                       "source_document_id": ev.source_document_id, "at": ev.at})
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


def link_obligations(session: Session, doc: Document) -> None:
    """Resolve ``doc``'s obligations to units, then link responses both ways: ``doc`` as a
    report answering stored directives, and stored reports answering ``doc``."""
    session.flush()
    ctx = context_of(doc.place, doc.issuer, doc.parent_issuer, doc.text)
    issuer = _issuer_unit(session, doc)
    for ob in doc.obligations:
        name = first_name(ob.assignee)
        if name is None and ob.basis == "self_plan" and issuer is not None:
            ob.unit_id = issuer.id
            continue
        resolved = resolve_name(name, ctx) if name else None
        ob.unit_id = ensure_unit(session, resolved, name) if resolved else None
    session.flush()
    if issuer is not None:
        for directive_id in _answered(session, doc):
            _respond(session, directive_id, issuer, doc)
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


def memberships(engine: Engine) -> dict[str, list[str]]:
    """Every group unit → the stored units it binds (for per-unit digests)."""
    from .units import group_memberships

    with Session(engine) as session:
        return group_memberships(session)


def canonical_units(engine: Engine, names: Iterable[str]) -> dict[str, list[str]]:
    """Each name as a user wrote it → the canonical names of the units it means."""
    with Session(engine) as session:
        return {name: [u.canonical_name for u in find_units(session, name)] for name in names}
