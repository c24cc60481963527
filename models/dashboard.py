"""What the web page's dashboard and lists show beside the task listings of
models/obligations.py and models/due.py: task counts by status, open deadlines per week and
per unit, the history of many tasks at once, and the choices of the search filters.

Like the rest of models/, every query takes the reference date as an argument."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import Date, Engine, bindparam, func, select
from sqlalchemy.orm import Session

from .documents import Document
from .facts import Obligation, ObligationEvent, Unit
from .obligations import DONE, OPEN, _count, _scope
from .tallies import fixed_per_day, tasks_counted


@dataclass(frozen=True)
class StatusCounts:
    open: int
    done: int
    overdue: int  # open, not recurring, due before the reference date

    @property
    def total(self) -> int:
        return self.open + self.done


@dataclass(frozen=True)
class Event:
    """One status change of a task, as its history shows it."""

    obligation_id: int
    status: str
    actor: str | None
    note: str | None
    at: datetime
    source_document_id: int | None
    unit: str | None = None  # the member unit of a group task the change is for


def status_counts(engine: Engine, unit: str | None, as_of: date) -> StatusCounts:
    """How many tasks bind ``unit`` (every task when None), by status."""
    with Session(engine) as session:
        scope = _scope(session, unit)
        if unit is None:   # every unit: from the tallies
            return StatusCounts(tasks_counted(session, OPEN), tasks_counted(session, DONE),
                                tasks_counted(session, OPEN, fixed=True, before=as_of))
        base = scope.conds()
        open_ = _count(session, Obligation, [*base, Obligation.status == OPEN])
        done = _count(session, Obligation, [*base, Obligation.status == DONE])
        overdue = _count(session, Obligation, [*base, Obligation.status == OPEN,
                                                Obligation.rrule.is_(None),
                                                Obligation.due.is_not(None),
                                                Obligation.due < as_of])
    return StatusCounts(open_, done, overdue)


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def due_per_week(engine: Engine, unit: str | None, as_of: date, weeks_before: int = 4,
                 weeks_after: int = 8) -> list[tuple[date, int]]:
    """Open tasks with a fixed due date binding ``unit``, counted per week (Monday first),
    from ``weeks_before`` weeks before ``as_of``'s week to ``weeks_after`` after it; every
    week listed, empty ones with 0."""
    first = week_start(as_of) - timedelta(weeks=weeks_before)
    last = week_start(as_of) + timedelta(weeks=weeks_after + 1)
    with Session(engine) as session:
        scope = _scope(session, unit)
        rows = fixed_per_day(session, OPEN, first, last) if unit is None else session.execute(
            select(Obligation.due, func.count()).where(
                *scope.conds(), Obligation.status == OPEN, Obligation.rrule.is_(None),
                Obligation.due >= first, Obligation.due < last)
            .group_by(Obligation.due)).all()
    counts: Counter[date] = Counter()
    for due, n in rows:
        if isinstance(due, str):
            due = date.fromisoformat(due)
        counts[week_start(due)] += n
    return [(first + timedelta(weeks=i), counts.get(first + timedelta(weeks=i), 0))
            for i in range(weeks_before + weeks_after + 1)]


def due_per_unit(engine: Engine, as_of: date, within_days: int, limit: int = 10,
                 overdue_days: int = 90) -> list[tuple[str, int, int]]:
    """The units with the most open tasks fallen due in the ``overdue_days`` before
    ``as_of`` or due within ``within_days`` after it: (unit name, overdue, due soon), most
    first. (Tasks overdue for longer are counted by :func:`status_counts`.)"""
    until = as_of + timedelta(days=within_days)
    since = as_of - timedelta(days=overdue_days)
    late = (Obligation.due < bindparam("as_of", as_of, type_=Date)).label("late")
    with Session(engine) as session:
        rows = session.execute(
            select(Unit.canonical_name, late, func.count())
            .join(Unit, Unit.id == Obligation.unit_id)
            .where(Obligation.status == OPEN, Obligation.rrule.is_(None),
                   Obligation.due >= since, Obligation.due <= until)
            .group_by(Unit.canonical_name, late)).all()
    per: dict[str, list[int]] = {}
    for name, late, n in rows:
        per.setdefault(name, [0, 0])[0 if late else 1] += n
    ranked = sorted(per.items(), key=lambda kv: (-(kv[1][0] + kv[1][1]), kv[0]))
    return [(name, late, soon) for name, (late, soon) in ranked[:limit]]


def events_for(engine: Engine, obligation_ids: Sequence[int]) -> dict[int, list[Event]]:
    """The status history of each task, oldest first."""
    out: dict[int, list[Event]] = {}
    ids = sorted(set(obligation_ids))
    with Session(engine) as session:
        for i in range(0, len(ids), 500):
            for e in session.scalars(select(ObligationEvent).where(
                    ObligationEvent.obligation_id.in_(ids[i:i + 500]))
                    .order_by(ObligationEvent.id)):
                out.setdefault(e.obligation_id, []).append(Event(
                    e.obligation_id, e.status, e.actor, e.note, e.at, e.source_document_id,
                    e.unit))
    return out


def issuers(engine: Engine, limit: int = 300) -> list[str]:
    """The issuers of stored documents, the most frequent first (at most ``limit``)."""
    with Session(engine) as session:
        rows = session.execute(
            select(Document.issuer, func.count().label("n")).where(Document.issuer.is_not(None))
            .group_by(Document.issuer).order_by(func.count().desc(), Document.issuer)
            .limit(limit)).all()
    return [name for name, _n in rows]


def unit_names(engine: Engine, limit: int = 2000) -> list[str]:
    """Canonical unit names, alphabetical (at most ``limit``): the choices offered where a
    unit is typed."""
    with Session(engine) as session:
        return list(session.scalars(select(Unit.canonical_name).order_by(Unit.canonical_name)
                                    .limit(limit)))
