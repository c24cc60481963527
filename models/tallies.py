"""Every unit's tasks counted without reading them: ``task_tallies`` holds how many tasks there
are per status, recurring or not, and due date (``UNDATED`` for none), kept by database
triggers on ``obligations`` (migration 0011) whatever writes the rows (a store, a
re-extraction, ``done``/``reopen``, a correction, a deleted document). The listings of
models/obligations.py and models/due.py read their page from an index and their total from
here, so that a page for every unit costs the same at any size of the database: at most one
row per status and day is summed."""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Boolean, Date, Integer, String, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from .base import Base

# The day of the tasks without a due date (a primary key cannot hold NULL).
UNDATED = date(1, 1, 1)


class TaskTally(Base):
    __tablename__ = "task_tallies"

    status: Mapped[str] = mapped_column(String(16), primary_key=True)
    recurring: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


def tasks_counted(session: Session, status: str | None = None, fixed: bool = False,
                  before: date | None = None, since: date | None = None,
                  until: date | None = None) -> int:
    """How many tasks of every unit have ``status`` (any when None); with ``fixed``, only
    the dated tasks without a rule, due before ``before``, from ``since``, up to ``until``
    (each when given)."""
    conds: list[Any] = []
    if status is not None:
        conds.append(TaskTally.status == status)
    if fixed:
        conds += [TaskTally.recurring.is_(False), TaskTally.day > UNDATED]
        if before is not None:
            conds.append(TaskTally.day < before)
        if since is not None:
            conds.append(TaskTally.day >= since)
        if until is not None:
            conds.append(TaskTally.day <= until)
    return int(session.scalar(select(func.coalesce(func.sum(TaskTally.n), 0)).where(*conds))
               or 0)


def fixed_per_day(session: Session, status: str, since: date, before: date
                  ) -> list[tuple[date, int]]:
    """(due date, tasks) of every unit's dated tasks without a rule with ``status``, due from
    ``since`` to before ``before``."""
    return [(day, n) for day, n in session.execute(
        select(TaskTally.day, TaskTally.n).where(
            TaskTally.status == status, TaskTally.recurring.is_(False),
            TaskTally.day >= since, TaskTally.day < before, TaskTally.n > 0))]
