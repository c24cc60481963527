"""Obligations by unit: what binds a unit (directly or through its group), what falls due in a
window (recurring deadlines expanded from the issue date), status
changes (``done``/``reopen``) and the reports that respond to a directive.

Every query takes the reference date ``as_of`` as an argument; nothing here reads the clock
except to stamp an event. Listings can be cut to their first ``limit`` rows and still say how
many there are: the order is an index's (migration 0005), so a page costs the same whatever
the size of the database, and only the slice of each document's text around a task is read.
What falls due in a window is models/due.py; recurring deadlines are expanded by
models/recurrence.py; what happens when a document is stored (its units, reports ↔
directives) is models/linking.py.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, func, select, true
from sqlalchemy.orm import Session
from .citing import DocumentSlice, full_sentence, read_documents, sentence_around
from .documents import Document, union_rows, utcnow
from .facts import Deadline, Obligation, ObligationEvent
from .recurrence import next_occurrence
from .tallies import tasks_counted
from .status import Progress, StatusChange, change_status, progress_of
from .unit_lookup import match_unit
from .units import GROUP, find_units, units_by_id

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
    # A group task: which of its member units have finished it.
    progress: Progress | None = None


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
    # How many tasks the query found in all (``tasks`` may hold only the first of them);
    # None: every one is in ``tasks``.
    total: int | None = None

    @property
    def count(self) -> int:
        return len(self.tasks) if self.total is None else self.total


# ---------------------------------------------------------------- reading

# The order tasks are listed in: dated ones by due date, then the rest; then by the date of
# the document that assigned them (its copy on the obligation row), then id. An index serves
# it for one unit and status (ix_obligations_unit_order) or one status (…_status_order).
TASK_ORDER = (Obligation.due.is_(None), Obligation.due, Obligation.document_issued_on,
              Obligation.id)


def _sentence(text: str | None, start: int | None, end: int | None, fallback: str | None) -> str:
    if text and start is not None and end is not None:
        return sentence_around(text, start, end)
    return fallback or ""


def _fact_sentence(session: Session, doc: DocumentSlice | None, fact: Any,
                   fallback: str | None) -> str:
    """The sentence ``fact`` (an obligation or deadline row) was read from, out of the slice
    of its document's text read with the page (the whole text only for a span past its end)."""
    found = doc.sentence(fact.span_start, fact.span_end) if doc is not None else None
    if found is not None:
        return found
    return full_sentence(session, fact.document_id, fact.span_start, fact.span_end, fallback)


# What a task shows of its document.
_HEAD = (Document.number, Document.issued_on, Document.issuer)


def _with_documents(session: Session, facts: Sequence[Any]) -> list[tuple[Any, DocumentSlice | None]]:
    docs = read_documents(session, facts, *_HEAD)
    return [(f, docs.get(f.document_id)) for f in facts]


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


@dataclass(frozen=True)
class _Scope:
    """What ``--unit NAME`` selects: the units whose tasks bind it (the units the name
    matches and their groups; one ``unit_id IN …`` condition), and what to tell the user."""

    units: list[int | None]  # unit ids; [None] for every unit
    names: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    via: frozenset[int] = frozenset()
    known: bool = True
    asked: frozenset[str] | None = None

    def conds(self) -> list[Any]:
        """All of the scope's units at once."""
        if self.units == [None]:
            return []
        return [Obligation.unit_id.in_([u for u in self.units if u is not None] or [-1])]

    def found(self, tasks: Sequence[Task] = (), total: int | None = None) -> UnitTasks:
        return UnitTasks(self.names, self.groups, tuple(tasks), self.known, total)


def _scope(session: Session, unit: str | None) -> _Scope:
    if unit is None:
        return _Scope([None])
    match = match_unit(session, unit)   # UnknownUnit when the directory has no such unit
    found, bound = match.units, match.bound
    via = {i for i, u in bound.items() if u.kind == GROUP and u not in found}
    names = tuple(u.canonical_name for u in found)
    return _Scope(sorted(bound), names, tuple(bound[i].canonical_name for i in sorted(via)),
                  frozenset(via), bool(found), frozenset(names))


def _count(session: Session, model: Any, conds: Sequence[Any]) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*conds)) or 0


def _nulls_first(session: Session) -> bool:
    """Whether NULL sorts before a value in ``ORDER BY x`` on this database."""
    return session.get_bind().dialect.name == "sqlite"


def _task_key(due: date | None, issued_on: date | None, ob_id: int, nulls_first: bool
              ) -> tuple[Any, ...]:
    """TASK_ORDER in Python, as the database sorts it."""
    undated = issued_on is None
    return (due is None, due or date.min, undated != nulls_first, issued_on or date.min, ob_id)


def _first_tasks(session: Session, scope: _Scope, statuses: Sequence[str | None],
                 extra: Sequence[Any], n: int) -> list[int]:
    """The ids of the first ``n`` tasks in TASK_ORDER. For a unit: one query over the scope's
    units (``unit_id IN …``: the index range of each unit, sorted), however many units a name
    matches. For every unit: the first ``n`` of each status, dated and undated apart (each an
    index range read in order, so that a page never sorts the whole table), merged."""
    if scope.units != [None]:
        status = [Obligation.status.in_([s for s in statuses if s is not None])] \
            if None not in statuses else []
        return list(session.scalars(select(Obligation.id).where(*scope.conds(), *status, *extra)
                                    .order_by(*TASK_ORDER).limit(n)))
    parts = []
    for status in statuses:
        conds = list(extra)
        if status is not None:
            conds.append(Obligation.status == status)
        for dated in (True, False):
            due = Obligation.due.is_not(None) if dated else Obligation.due.is_(None)
            parts.append(select(Obligation.id, Obligation.due, Obligation.document_issued_on)
                         .where(*conds, due).order_by(*TASK_ORDER[1:]).limit(n)
                         .subquery().select())
    rows = union_rows(session, parts)
    nulls_first = _nulls_first(session)
    rows = sorted(rows, key=lambda r: _task_key(r[1], r[2], r[0], nulls_first))
    return [r[0] for r in rows[:n]]


def _task_rows(session: Session, conds: Sequence[Any]) -> list[tuple[Any, DocumentSlice | None]]:
    """Obligations in TASK_ORDER, each with its document's number, date and issuer and the
    slice of its text around the obligation (each document read once)."""
    return _with_documents(session, session.scalars(
        select(Obligation).where(*conds).order_by(*TASK_ORDER)).all())


def _build_tasks(session: Session, rows: Sequence[tuple[Any, DocumentSlice | None]],
                 as_of: date, asked: frozenset[str] | None, via: frozenset[int]) -> list[Task]:
    """Tasks from :func:`_task_rows`; a group task shows only the responses of the ``asked``
    units (all responses when ``asked`` is None)."""
    units = units_by_id(session, (o.unit_id for o, _ in rows if o.unit_id is not None))
    responses = _responses(session, [o.id for o, _ in rows])
    progress = progress_of(session, [o for o, _ in rows])
    out = []
    for ob, doc in rows:
        number, issued_on, issuer = doc.values if doc is not None else (None, None, None)
        unit = units.get(ob.unit_id) if ob.unit_id is not None else None
        every = asked is None or unit is None or unit.kind != GROUP or unit.canonical_name in asked
        mine = [r for r in responses.get(ob.id, []) if every or r.unit in (asked or ())]
        start = issued_on or as_of
        next_due = next_occurrence(ob.rrule, start, as_of) if ob.rrule else ob.due
        done = progress.get(ob.id)
        status = ob.status
        if done is not None and asked and ob.unit_id in via and asked & set(done.done):
            status = DONE   # the asked unit has finished its share of the group task
        out.append(Task(
            id=ob.id, assignee=ob.assignee, unit=unit.canonical_name if unit else None,
            via_group=ob.unit_id in via, role=ob.role, action=ob.action, due=ob.due,
            rrule=ob.rrule, next_due=next_due, status=status,
            overdue=status == OPEN and ob.rrule is None and ob.due is not None
            and ob.due < as_of, document_id=ob.document_id, number=number,
            issued_on=issued_on, issuer=issuer,
            sentence=_fact_sentence(session, doc, ob, ob.action), responses=tuple(mine),
            progress=done))
    return out


def _tasks(session: Session, where: Iterable[Any], as_of: date, asked: set[str] | None,
           via: set[int]) -> list[Task]:
    """Every task matching ``where``, in TASK_ORDER (see :func:`_build_tasks`)."""
    return _build_tasks(session, _task_rows(session, list(where)), as_of,
                        frozenset(asked) if asked is not None else None, frozenset(via))


def tasks_for(engine: Engine, unit: str | None, as_of: date, status: str | None = None,
              limit: int | None = None) -> UnitTasks:
    """The tasks binding ``unit`` (every task when None) as of ``as_of``: dated ones first by
    due date (so the overdue ones come first), then the others, each by the date of the
    document that assigned them; at most ``limit`` of them (all when None), and in ``total``
    how many there are in all. ``status``: open, done or overdue (open, not recurring, due
    before ``as_of``)."""
    with Session(engine) as session:
        scope = _scope(session, unit)
        extra: list[Any] = []
        if status in (OPEN, "overdue"):
            extra.append(Obligation.status == OPEN)
        elif status == DONE:
            extra.append(Obligation.status == DONE)
        if status == "overdue":
            extra += [Obligation.rrule.is_(None), Obligation.due.is_not(None),
                      Obligation.due < as_of]
        if scope.units == [None]:   # every unit: from the tallies
            total = tasks_counted(session, OPEN if status in (OPEN, "overdue") else status,
                                  fixed=status == "overdue",
                                  before=as_of if status == "overdue" else None)
        else:
            total = _count(session, Obligation, [*scope.conds(), *extra])
        if limit is None or total <= limit:
            rows = _task_rows(session, [*scope.conds(), *extra])
        else:
            statuses = [OPEN] if status in (OPEN, "overdue") else [DONE] if status == DONE \
                else list(STATUSES)
            first = _first_tasks(session, scope, statuses, extra, limit) if limit > 0 else []
            rows = _task_rows(session, [Obligation.id.in_(first)]) if first else []
        tasks = _build_tasks(session, rows, as_of, scope.asked, scope.via)
        if status in (OPEN, "overdue"):   # shares of group tasks the unit has finished
            kept = [t for t in tasks if t.status == OPEN]
            total -= len(tasks) - len(kept)
            tasks = kept
    return scope.found(tasks, total)


def _loose_conditions() -> list[Any]:
    """Deadlines read from documents that no obligation of the same document carries (the
    same due date and rule), each once (the first of equal ones): ``Deadline.loose``, set
    when they are stored (models.facts.mark_loose), read from its partial indexes."""
    return [Deadline.loose == true()]


def _loose_rows(session: Session, conds: Sequence[Any]) -> list[tuple[Any, DocumentSlice | None]]:
    return _with_documents(session, session.scalars(
        select(Deadline).where(*_loose_conditions(), *conds)
        .order_by(Deadline.due, Deadline.id)).all())


def _loose_tasks(session: Session, rows: Sequence[tuple[Any, DocumentSlice | None]],
                 as_of: date) -> list[tuple[int, Task]]:
    """(deadline id, task) for rows of :func:`_loose_rows`."""
    out = []
    for dl, doc in rows:
        number, issued_on, issuer = doc.values if doc is not None else (None, None, None)
        next_due = next_occurrence(dl.rrule, issued_on or as_of, as_of) if dl.rrule else dl.due
        out.append((dl.id, Task(None, None, None, False, None, dl.text, dl.due, dl.rrule,
                                next_due, OPEN, False, dl.document_id, number, issued_on,
                                issuer, _fact_sentence(session, doc, dl, dl.text))))
    return out


def _loose_deadlines(session: Session, as_of: date) -> list[Task]:
    """Deadlines read from documents that no obligation of the same document carries."""
    return [task for _id, task in _loose_tasks(session, _loose_rows(session, []), as_of)]


def open_tasks(engine: Engine, unit: str | None, as_of: date) -> tuple[UnitTasks, list[Task]]:
    """The open tasks binding ``unit``; without a unit, every open task and the deadlines
    that no obligation carries."""
    found = tasks_for(engine, unit, as_of, OPEN)
    tasks = list(found.tasks)
    if unit is None:
        with Session(engine) as session:
            tasks += _loose_deadlines(session, as_of)
    return found, tasks


# ---------------------------------------------------------------- status changes


def set_status(engine: Engine, obligation_id: int, status: str, actor: str | None = None,
               note: str | None = None, at: datetime | None = None,
               unit: str | None = None) -> StatusChange:
    """Mark an obligation (or one member unit's share of a group task) done or open again,
    recording who, when and why (models/status.py); a repeat records nothing."""
    return change_status(engine, obligation_id, status, actor, note, at, unit)


def events_of(engine: Engine, obligation_id: int) -> list[ObligationEvent]:
    with Session(engine, expire_on_commit=False) as session:
        return list(session.scalars(select(ObligationEvent).where(
            ObligationEvent.obligation_id == obligation_id).order_by(ObligationEvent.id)))


def memberships(engine: Engine) -> dict[str, list[str]]:
    """Every group unit → the stored units it binds (for per-unit digests)."""
    from .units import group_memberships

    with Session(engine) as session:
        return group_memberships(session)


def canonical_units(engine: Engine, names: Iterable[str]) -> dict[str, list[str]]:
    """Each name as a user wrote it → the canonical names of the units it means."""
    with Session(engine) as session:
        return {name: [u.canonical_name for u in find_units(session, name)] for name in names}
