"""Obligations by unit: what binds a unit (directly or through its group), what falls due in a
window (recurring deadlines expanded from the issue date), status
changes (``done``/``reopen``) and the reports that respond to a directive.

Every query takes the reference date ``as_of`` as an argument; nothing here reads the clock
except to stamp an event. Listings can be cut to their first ``limit`` rows and still say how
many there are: the order is an index's (migration 0005), so a page costs the same whatever
the size of the database, and only the slice of each document's text around a task is read.
Recurring deadlines are expanded by models/recurrence.py; what happens when a document is
stored (its units, reports ↔ directives) is models/linking.py.
"""
from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from itertools import islice, takewhile
from typing import Any

from sqlalchemy import Engine, exists, func, or_, select, union_all
from sqlalchemy.orm import Session, aliased

from .citing import DocumentSlice, full_sentence, read_documents, sentence_around
from .documents import Document, utcnow
from .facts import Deadline, Obligation, ObligationEvent
from .queries import Page
from .recurrence import next_occurrence, occurrences
from .units import GROUP, binding_units, find_units, units_by_id

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
    """What ``--unit NAME`` selects: conditions on obligations, one per index prefix (a
    unit), and what to tell the user about it."""

    units: list[int | None]  # unit ids; [None] for every unit
    names: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    via: frozenset[int] = frozenset()
    known: bool = True
    asked: frozenset[str] | None = None

    def unit_conds(self, unit_id: int | None) -> list[Any]:
        return [] if unit_id is None else [Obligation.unit_id == unit_id]

    def conds(self) -> list[Any]:
        """All of the scope's units at once (for counting)."""
        if self.units == [None]:
            return []
        return [Obligation.unit_id.in_([u for u in self.units if u is not None] or [-1])]

    def found(self, tasks: Sequence[Task] = (), total: int | None = None) -> UnitTasks:
        return UnitTasks(self.names, self.groups, tuple(tasks), self.known, total)


def _scope(session: Session, unit: str | None) -> _Scope:
    if unit is None:
        return _Scope([None])
    found = find_units(session, unit)
    bound = binding_units(session, found, unit)
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
    """The ids of the first ``n`` tasks in TASK_ORDER: the first ``n`` of each unit and
    status (dated and undated apart, each an index range), merged."""
    parts = []
    for unit_id in scope.units:
        for status in statuses:
            conds = [*scope.unit_conds(unit_id), *extra]
            if status is not None:
                conds.append(Obligation.status == status)
            for dated in (True, False):
                due = Obligation.due.is_not(None) if dated else Obligation.due.is_(None)
                parts.append(select(Obligation.id, Obligation.due, Obligation.document_issued_on)
                             .where(*conds, due).order_by(*TASK_ORDER[1:]).limit(n)
                             .subquery().select())
    if not parts:
        return []
    rows = session.execute(union_all(*parts) if len(parts) > 1 else parts[0]).all()
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
    out = []
    for ob, doc in rows:
        number, issued_on, issuer = doc.values if doc is not None else (None, None, None)
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
            sentence=_fact_sentence(session, doc, ob, ob.action), responses=tuple(mine)))
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
        total = _count(session, Obligation, [*scope.conds(), *extra])
        if limit is None or total <= limit:
            rows = _task_rows(session, [*scope.conds(), *extra])
        else:
            statuses = [OPEN] if status in (OPEN, "overdue") else [DONE] if status == DONE \
                else list(STATUSES)
            first = _first_tasks(session, scope, statuses, extra, limit) if limit > 0 else []
            rows = _task_rows(session, [Obligation.id.in_(first)]) if first else []
        tasks = _build_tasks(session, rows, as_of, scope.asked, scope.via)
    return scope.found(tasks, total)


def _loose_conditions() -> list[Any]:
    """Deadlines read from documents that no obligation of the same document carries (the
    same due date and rule), each once (the first of equal ones)."""
    twin = aliased(Deadline)
    carried = exists().where(Obligation.document_id == Deadline.document_id,
                             Obligation.due.is_not_distinct_from(Deadline.due),
                             Obligation.rrule.is_not_distinct_from(Deadline.rrule))
    repeated = exists().where(twin.document_id == Deadline.document_id,
                              twin.due.is_not_distinct_from(Deadline.due),
                              twin.rrule.is_not_distinct_from(Deadline.rrule),
                              twin.id < Deadline.id)
    return [~carried, ~repeated, or_(Deadline.due.is_not(None), Deadline.rrule.is_not(None))]


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


@dataclass(frozen=True)
class _Due:
    """A due date before its task is read: which fact (obligation, or a loose deadline) and
    when."""

    due: date
    loose: bool
    fact_id: int


def _first_fixed(session: Session, model: Any, conds: Sequence[Any], total: int,
                 limit: int | None, per_unit: Sequence[Sequence[Any]] = ((),)) -> list[_Due]:
    """The fixed due dates of ``model`` rows matching ``conds``: all of them when ``limit``
    is None or they are no more; else the first ``limit`` by date and every other one on the
    last of those dates (the order among a date's items is decided by their documents)."""
    loose = model is Deadline
    if limit is None or total <= limit:
        rows = session.execute(select(model.id, model.due).where(*conds)).all()
        return [_Due(due, loose, i) for i, due in rows]
    order = TASK_ORDER[1:] if model is Obligation else (model.due, model.id)  # index order
    parts = [select(model.id, model.due).where(*conds, *unit).order_by(*order)
             .limit(limit).subquery().select() for unit in per_unit]
    rows = sorted(session.execute(union_all(*parts) if len(parts) > 1 else parts[0]).all(),
                  key=lambda r: (r[1], r[0]))[:limit]
    if not rows:
        return []
    last = rows[-1][1]
    ties = session.execute(select(model.id, model.due).where(*conds, model.due == last)).all()
    return [_Due(due, loose, i) for i, due in {*(r for r in rows if r[1] < last), *ties}]


def _recurring(session: Session, model: Any, conds: Sequence[Any], as_of: date, until: date,
               limit: int | None) -> tuple[int, list[_Due]]:
    """How many dates in ``[as_of, until]`` the recurring ``model`` rows matching ``conds``
    have in all (each rule counted from its document's date), and the first ``limit`` of
    them with every other one on the last of those dates (all when ``limit`` is None). A
    partial index holds these rows; expansions are cached per rule and phase, and only the
    first dates are turned into items."""
    rows = session.execute(select(model.id, model.rrule, model.document_issued_on)
                           .where(*conds, model.rrule.is_not(None))).all()
    loose = model is Deadline
    total, lists = 0, []
    for fact_id, rule, issued_on in rows:
        dates = _dates(rule, issued_on or as_of, as_of, until)
        if dates:
            total += len(dates)
            lists.append([(d, fact_id) for d in dates] if limit is None or len(dates) <= limit
                         else [(d, fact_id) for d in dates[:limit]])
    merged = heapq.merge(*lists)
    first = list(merged if limit is None else islice(merged, limit))
    if limit is not None and len(first) == limit and first:
        first += takewhile(lambda p: p[0] == first[-1][0], merged)
    return total, [_Due(d, loose, fact_id) for d, fact_id in first]


@lru_cache(maxsize=65536)
def _dates(rule: str, start: date, after: date, until: date) -> tuple[date, ...]:
    return tuple(occurrences(rule, start, after, until))


def _due_page(session: Session, dues: Sequence[_Due], scope: _Scope, as_of: date
              ) -> list[DueItem]:
    """The items of ``dues``, each with its task read (obligations in TASK_ORDER, then loose
    deadlines by date), in no particular order."""
    dates: dict[tuple[bool, int], list[date]] = {}
    for d in dues:
        dates.setdefault((d.loose, d.fact_id), []).append(d.due)
    obligations = sorted(i for loose, i in dates if not loose)
    deadlines = sorted(i for loose, i in dates if loose)
    tasks = [((False, t.id), t) for t in _build_tasks(
        session, _task_rows(session, [Obligation.id.in_(obligations)]), as_of, scope.asked,
        scope.via)] if obligations else []
    tasks += [((True, i), t) for i, t in _loose_tasks(
        session, _loose_rows(session, [Deadline.id.in_(deadlines)]), as_of)] if deadlines else []
    items = []
    for key, task in tasks:
        for due in sorted(dates[key]):
            if task.rrule:
                items.append(DueItem(due, False, True, replace(task, next_due=due)))
            elif due < as_of:
                items.append(DueItem(due, True, False, replace(task, overdue=True)))
            else:
                items.append(DueItem(due, False, False, task))
    return items


def due_items(engine: Engine, unit: str | None, as_of: date, within_days: int,
              overdue_only: bool = False, limit: int | None = None
              ) -> tuple[UnitTasks, Page[DueItem]]:
    """What falls due from ``as_of`` to ``as_of + within_days`` (recurring deadlines
    expanded) and, first, what is overdue; open tasks only (see :func:`open_tasks`). The items
    come soonest first: at most ``limit`` of them (all when None), with the number there are in
    all in ``items.total``."""
    until = as_of + timedelta(days=within_days)
    with Session(engine) as session:
        scope = _scope(session, unit)
        base = [*scope.conds(), Obligation.status == OPEN]
        fixed = [*base, Obligation.rrule.is_(None), Obligation.due.is_not(None),
                 Obligation.due < as_of if overdue_only else Obligation.due <= until]
        total = _count(session, Obligation, fixed)
        per_unit = [scope.unit_conds(u) for u in scope.units]
        dues = _first_fixed(session, Obligation, fixed, total, limit, per_unit)
        if not overdue_only:
            count, first = _recurring(session, Obligation, base, as_of, until, limit)
            total, dues = total + count, dues + first
        if unit is None:
            loose = [*_loose_conditions(), Deadline.rrule.is_(None), Deadline.due.is_not(None),
                     Deadline.due < as_of if overdue_only else Deadline.due <= until]
            loose_total = _count(session, Deadline, loose)
            total += loose_total
            dues += _first_fixed(session, Deadline, loose, loose_total, limit)
            if not overdue_only:
                count, first = _recurring(session, Deadline, _loose_conditions(), as_of, until,
                                          limit)
                total, dues = total + count, dues + first
        # Each list is whole up to its own last date, so the union is whole up to the
        # ``limit``-th date of all.
        dues = sorted(dues, key=lambda d: d.due)
        if limit is not None and len(dues) > limit:
            dues = [d for d in dues if d.due <= dues[limit - 1].due] if limit > 0 else []
        items = _due_page(session, dues, scope, as_of)
    items.sort(key=lambda i: (not i.overdue, i.due, i.task.number or "", i.task.id or 0))
    return scope.found(), Page(items if limit is None else items[:limit], total)


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


def memberships(engine: Engine) -> dict[str, list[str]]:
    """Every group unit → the stored units it binds (for per-unit digests)."""
    from .units import group_memberships

    with Session(engine) as session:
        return group_memberships(session)


def canonical_units(engine: Engine, names: Iterable[str]) -> dict[str, list[str]]:
    """Each name as a user wrote it → the canonical names of the units it means."""
    with Session(engine) as session:
        return {name: [u.canonical_name for u in find_units(session, name)] for name in names}
