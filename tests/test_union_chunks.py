"""A unit name binding many units (one per province: "Sở Tài chính") makes one select per
unit and status; SQLite refuses a UNION ALL of more than 500 of them, so they are run in
chunks (models.documents.union_rows) with the same result."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

import models.documents as documents
from models.due import due_items
from models.obligations import tasks_for
from tests.test_obligations_db import store_directive


@pytest.mark.parametrize("unit", ["UBND huyện Mộ Đức", "Sở NN&PTNT", None])
def test_chunked_unions_give_the_same_pages(engine: Engine, unit: str | None,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    store_directive(engine)
    day = date(2020, 4, 1)
    whole = [t.id for t in tasks_for(engine, unit, day, limit=2).tasks]
    due = [(i.due, i.task.id) for i in due_items(engine, unit, day, 60, limit=2)[1]]
    monkeypatch.setattr(documents, "UNION_CHUNK", 1)
    assert [t.id for t in tasks_for(engine, unit, day, limit=2).tasks] == whole
    assert [(i.due, i.task.id) for i in due_items(engine, unit, day, 60, limit=2)[1]] == due
