"""Every unit's task totals come from ``task_tallies`` (models/tallies.py), kept by triggers:
after stores, re-extractions, done/reopen, corrections and a deleted document they are what
counting the tasks gives, and the listings' totals do not change."""
from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from models import Document, Obligation, save_extraction
from models.corrections import correct_duty
from models.dashboard import due_per_week, status_counts
from models.due import due_items
from models.obligations import set_status, tasks_for
from models.tallies import UNDATED, TaskTally
from tests.test_query_paging import AS_OF, directive


def _counted(engine: Engine) -> Counter[tuple[str, bool, date]]:
    with Session(engine) as session:
        return Counter((status, rule is not None, due or UNDATED) for status, rule, due in
                       session.execute(select(Obligation.status, Obligation.rrule,
                                              Obligation.due)))


def _tallied(engine: Engine) -> Counter[tuple[str, bool, date]]:
    with Session(engine) as session:
        return Counter({(t.status, bool(t.recurring), t.day): t.n
                        for t in session.scalars(select(TaskTally)) if t.n})


def test_tallies_follow_every_change_of_the_tasks(engine: Engine) -> None:
    for i in range(6):
        save_extraction(engine, *directive(i))
    assert _tallied(engine) == _counted(engine) and sum(_counted(engine).values()) == 30
    ids = [t.id for t in tasks_for(engine, None, AS_OF).tasks]
    set_status(engine, ids[0], "done", actor="Nguyễn Văn A")
    set_status(engine, ids[1], "done", actor="Nguyễn Văn A")
    set_status(engine, ids[1], "open", actor="Nguyễn Văn A")
    correct_duty(engine, ids[2], "due", "15/07/2020", "Nguyễn Văn A")
    source, data = directive(3)   # re-extracted: its tasks replaced
    data["obligations"] = data["obligations"][:2]
    save_extraction(engine, source, {**data, "extractor_version": "0.2.0"})
    with Session(engine) as session, session.begin():
        session.execute(delete(Document).where(Document.path == "/docs/4.txt"))
    assert _tallied(engine) == _counted(engine)
    assert sum(_counted(engine).values()) == 30 - 3 - 5


def test_totals_for_every_unit_are_those_counted(engine: Engine) -> None:
    for i in range(8):
        save_extraction(engine, *directive(i))
    ids = [t.id for t in tasks_for(engine, None, AS_OF).tasks]
    for ob_id in ids[::3]:
        set_status(engine, ob_id, "done", actor="Nguyễn Văn A")
    for status in (None, "open", "done", "overdue"):
        whole = tasks_for(engine, None, AS_OF, status)
        page = tasks_for(engine, None, AS_OF, status, limit=2)
        assert page.total == len(whole.tasks) > 0, status
    for overdue_only, upcoming_only in ((False, False), (True, False), (False, True)):
        _f, whole = due_items(engine, None, AS_OF, 60, overdue_only,
                              upcoming_only=upcoming_only)
        _f, page = due_items(engine, None, AS_OF, 60, overdue_only, limit=1,
                             upcoming_only=upcoming_only)
        assert page.total == len(whole) > 0
    counts = status_counts(engine, None, AS_OF)
    every = tasks_for(engine, None, AS_OF).tasks
    assert (counts.open, counts.done) == (sum(t.status == "open" for t in every),
                                          sum(t.status == "done" for t in every))
    assert counts.overdue == sum(t.overdue for t in every) > 0
    day = max(t.due for t in every if t.status == "open" and t.due and not t.rrule)
    weeks = dict(due_per_week(engine, None, day))
    end = max(weeks) + timedelta(days=7)
    assert sum(weeks.values()) == sum(1 for t in every if t.status == "open" and not t.rrule
                                      and t.due and min(weeks) <= t.due < end) > 0
