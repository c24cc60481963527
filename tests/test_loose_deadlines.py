"""Deadlines no task carries (listed on their own by ``vanthu deadlines`` without ``--unit``
and on the dashboard) are marked when stored (``deadlines.loose``, migration 0011): what the
lists show stays what the rule says when a duty's due date is corrected on the web page, and
a database stored before the column existed gets it right when it is upgraded."""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from models import Obligation, save_extraction
from models.corrections import correct_duty
from models.due import due_items
from models.obligations import open_tasks
from tests.test_query_paging import AS_OF, directive
from tests.test_register import downgrade_then_upgrade


def _with_deadlines(engine: Engine) -> int:
    """Directive 0 (its first task due 01/01/2020) with a deadline on 10/02/2020 twice, one on
    the task's date, a yearly one and one with neither date nor rule; returns its id."""
    source, data = directive(0)
    deadline: dict[str, Any] = {"kind": "by_date", "rrule": None, "span": None}
    data["deadlines"] = [
        {**deadline, "due": "2020-02-10", "text": "trước 10/2"},
        {**deadline, "due": "2020-02-10", "text": "trước 10/2 (lặp)"},
        {**deadline, "due": "2020-01-01", "text": "trước 01/01 (như nhiệm vụ)"},
        {**deadline, "due": None, "kind": "recurring", "text": "20/6 hằng năm",
         "rrule": "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=20"},
        {**deadline, "due": None, "text": "sớm nhất có thể"}]
    doc, _status = save_extraction(engine, source, data)
    return doc.id


def _loose(engine: Engine) -> list[tuple[date | None, str | None]]:
    _found, tasks = open_tasks(engine, None, AS_OF)
    return sorted(((t.due, t.action) for t in tasks
                   if t.id is None), key=lambda p: (p[0] or date.min, p[1] or ""))


def test_only_deadlines_no_task_carries_are_listed_once(engine: Engine) -> None:
    _with_deadlines(engine)
    assert _loose(engine) == [(None, "20/6 hằng năm"), (date(2020, 2, 10), "trước 10/2")]
    _found, items = due_items(engine, None, AS_OF, 30)
    assert [(i.due, i.task.action) for i in items if i.task.id is None] == [
        (date(2020, 2, 10), "trước 10/2"), (date(2020, 6, 20), "20/6 hằng năm")]


def test_a_corrected_due_date_carries_the_deadline_or_lets_it_go(engine: Engine) -> None:
    document_id = _with_deadlines(engine)
    with Session(engine) as session:
        first = session.scalars(select(Obligation.id).where(
            Obligation.document_id == document_id, Obligation.due == date(2020, 1, 1))).one()
    correct_duty(engine, first, "due", "10/02/2020", "Nguyễn Văn A")
    # The task now carries 10/02 (no longer listed apart); 01/01 is carried by no task.
    assert _loose(engine) == [(None, "20/6 hằng năm"),
                              (date(2020, 1, 1), "trước 01/01 (như nhiệm vụ)")]
    _found, page = due_items(engine, None, AS_OF, 30, limit=1)
    _found, whole = due_items(engine, None, AS_OF, 30)
    assert page.total == whole.total and [i.due for i in page] == [date(2020, 1, 1)]


def test_an_upgraded_database_marks_the_deadlines_stored_before(engine: Engine) -> None:
    _with_deadlines(engine)
    # As vanthu 0.6.0 left it (no flag, no tallies), then connected to by this vanthu.
    downgrade_then_upgrade(engine, "0010")
    assert _loose(engine) == [(None, "20/6 hằng năm"), (date(2020, 2, 10), "trước 10/2")]
    with engine.connect() as conn:
        assert conn.execute(text("SELECT sum(n) FROM task_tallies")).scalar() == 5
