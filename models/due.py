"""What falls due for a unit from a date to a date: fixed deadlines in index order, recurring
ones expanded near the window (models/recurrence.py), overdue first; one page at a time with
the total. Built on the task listing of models/obligations.py."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import Engine, and_, func, or_, select
from sqlalchemy.orm import Session

from .facts import Deadline, Obligation
from .obligations import (OPEN, TASK_ORDER, DueItem, UnitTasks, _build_tasks, _count,
                          _loose_conditions, _loose_rows, _loose_tasks, _scope, _Scope,
                          _task_rows)
from .queries import Page
from .tallies import tasks_counted
from .recurrence import occurrences


@dataclass(frozen=True)
class _Due:
    """A due date before its task is read: which fact (obligation, or a loose deadline) and
    when."""

    due: date
    loose: bool
    fact_id: int


def _first_fixed(session: Session, model: Any, conds: Sequence[Any], total: int,
                 limit: int | None) -> list[_Due]:
    """The fixed due dates of ``model`` rows matching ``conds``: all of them when ``limit``
    is None or they are no more; else the first ``limit`` by date and every other one on the
    last of those dates (the order among a date's items is decided by their documents).
    One query (an index range in order; for a unit's, the ranges of its units sorted)."""
    loose = model is Deadline
    if limit is None or total <= limit:
        rows = session.execute(select(model.id, model.due).where(*conds)).all()
        return [_Due(due, loose, i) for i, due in rows]
    order = TASK_ORDER[1:] if model is Obligation else (model.due, model.id)  # index order
    rows = session.execute(select(model.id, model.due).where(*conds).order_by(*order)
                           .limit(limit)).all()
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
    partial index holds these rows: they are counted per rule and start (one grouped query),
    each rule and start expanded once (cached per phase), and the ids read only for the
    rules and starts with a date on the page."""
    # A rule counted from a document issued after ``until`` has no date in the window.
    where = [*conds, model.rrule.is_not(None),
             or_(model.document_issued_on.is_(None), model.document_issued_on <= until)]
    groups = session.execute(select(model.rrule, model.document_issued_on, func.count())
                             .where(*where)
                             .group_by(model.rrule, model.document_issued_on)).all()
    loose = model is Deadline
    # Rows of one rule and one start share their dates: each expanded once.
    starts: dict[tuple[str, date], int] = {}
    for rule, issued_on, n in groups:
        key = (rule, issued_on or as_of)
        starts[key] = starts.get(key, 0) + n
    total, counted = 0, []
    dates_of: dict[tuple[str, date], tuple[date, ...]] = {}
    for key, n in starts.items():
        dates = _dates(key[0], key[1], as_of, until)
        if dates:
            total += len(dates) * n
            dates_of[key] = dates
            counted += [(d, n) for d in dates]
    if not dates_of:
        return 0, []
    last = None   # the date of the ``limit``-th item: every item up to it is on the page
    if limit is not None:
        seen = 0
        for d, n in sorted(counted):
            seen += n
            if seen >= limit:
                last = d
                break
    wanted = {k: v for k, v in dates_of.items() if last is None or v[0] <= last}
    ids: dict[tuple[str, date], list[int]] = {}
    per_rule: dict[str, list[date]] = {}
    for rule, start in wanted:
        per_rule.setdefault(rule, []).append(start)
    keys = [and_(model.rrule == rule, or_(model.document_issued_on.in_(sorted(starts)),
                                          *([model.document_issued_on.is_(None)]
                                            if as_of in starts else [])))
            for rule, starts in sorted(per_rule.items())]
    for fact_id, rule, issued_on in session.execute(
            select(model.id, model.rrule, model.document_issued_on)
            .where(*where, or_(*keys))):
        key = (rule, issued_on or as_of)
        if key in wanted:
            ids.setdefault(key, []).append(fact_id)
    first = sorted((d, fact_id) for key, fact_ids in ids.items() for d in wanted[key]
                   if last is None or d <= last for fact_id in fact_ids)
    if limit is not None and limit <= 0:
        first = []
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
              overdue_only: bool = False, limit: int | None = None,
              upcoming_only: bool = False) -> tuple[UnitTasks, Page[DueItem]]:
    """What falls due from ``as_of`` to ``as_of + within_days`` (recurring deadlines
    expanded) and, first, what is overdue (not with ``upcoming_only``); open tasks only (see
    :func:`open_tasks`). The items
    come soonest first: at most ``limit`` of them (all when None), with the number there are in
    all in ``items.total``."""
    until = as_of + timedelta(days=within_days)
    with Session(engine) as session:
        scope = _scope(session, unit)
        base = [*scope.conds(), Obligation.status == OPEN]
        fixed = [*base, Obligation.rrule.is_(None), Obligation.due.is_not(None),
                 Obligation.due < as_of if overdue_only else Obligation.due <= until,
                 *([Obligation.due >= as_of] if upcoming_only else [])]
        if unit is None:   # every unit: from the tallies
            total = tasks_counted(session, OPEN, fixed=True,
                                  before=as_of if overdue_only else None,
                                  since=as_of if upcoming_only else None,
                                  until=None if overdue_only else until)
        else:
            total = _count(session, Obligation, fixed)
        dues = _first_fixed(session, Obligation, fixed, total, limit)
        if not overdue_only:
            count, first = _recurring(session, Obligation, base, as_of, until, limit)
            total, dues = total + count, dues + first
        if unit is None:
            loose = [*_loose_conditions(), Deadline.rrule.is_(None), Deadline.due.is_not(None),
                     Deadline.due < as_of if overdue_only else Deadline.due <= until,
                     *([Deadline.due >= as_of] if upcoming_only else [])]
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
    finished = [i for i in items if i.task.status != OPEN]   # a member unit's done share
    items = [i for i in items if i.task.status == OPEN]
    total -= len(finished)
    items.sort(key=lambda i: (not i.overdue, i.due, i.task.number or "", i.task.id or 0))
    return scope.found(), Page(items if limit is None else items[:limit], total)
