"""Exports of the lists: due dates (dashboard), a unit's tasks and search results, as CSV
(UTF-8 with BOM) or XLSX through vanthu/finance_view.py's writers, and the task lists as
iCalendar through vanthu/obligations_view.py's (the same files as the CLI's)."""
from __future__ import annotations

import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from models.due import due_items
from models.obligations import tasks_for
from models.search_filters import find
from vanthu.display import type_label
from vanthu.finance_view import Column, Sheet, write_csv, write_xlsx
from vanthu.obligations_view import calendar_ics

from .app import as_of, within_days
from .views_search import filters_of

# Rows an export holds at most.
EXPORT_MAX = 10_000
MEDIA = {"csv": "text/csv; charset=utf-8",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "ics": "text/calendar; charset=utf-8"}
TASK_COLUMNS = (Column("Hạn", "date", 12), Column("Tình trạng", width=16),
                Column("Đơn vị thực hiện", width=40), Column("Nhiệm vụ", width=80),
                Column("Văn bản giao", width=20), Column("Ngày văn bản", "date", 12),
                Column("Mã", width=8))
HIT_COLUMNS = (Column("Số, ký hiệu", width=20), Column("Loại", width=14),
               Column("Cơ quan ban hành", width=40), Column("Ngày ban hành", "date", 12),
               Column("Trích yếu", width=80))


def _task_row(due: Any, status: str, t: Any) -> tuple[Any, ...]:
    return (due, status, t.assignee or t.unit, t.action or t.sentence, t.number, t.issued_on,
            t.id)


def _sheet(engine: Any, kind: str, request: Request) -> tuple[Sheet, list[Any], str]:
    q = request.query_params
    day = as_of(request)
    if kind == "han":
        unit = (q.get("don_vi") or "").strip() or None
        _found, items = due_items(engine, unit, day, within_days(request), limit=EXPORT_MAX)
        rows = [_task_row(i.due, "Quá hạn" if i.overdue else "Sắp đến hạn", i.task)
                for i in items]
        return Sheet("Thời hạn", TASK_COLUMNS, rows), [i.task for i in items], unit or ""
    if kind == "nhiem-vu":
        unit = (q.get("ten") or "").strip() or None
        status = q.get("trang_thai") or None
        found = tasks_for(engine, unit, day, status, EXPORT_MAX)
        labels = {"done": "Đã hoàn thành", "open": "Chưa hoàn thành"}
        rows = [_task_row(t.due or t.next_due, "Quá hạn" if t.overdue else labels.get(
            t.status, t.status), t) for t in found.tasks]
        return Sheet("Nhiệm vụ", TASK_COLUMNS, rows), list(found.tasks), unit or ""
    if kind == "tim-kiem":
        words, filters, _params = filters_of(request)
        hits = find(engine, words, filters, limit=1000)
        rows = [(h.number, type_label(h.doc_type), h.issuer, h.issued_on, h.subject)
                for h in hits]
        return Sheet("Kết quả tìm kiếm", HIT_COLUMNS, rows), [], words
    raise HTTPException(404)


def _payload(engine: Any, kind: str, fmt: str, request: Request) -> bytes:
    sheet, tasks, name = _sheet(engine, kind, request)
    if fmt == "ics":
        if kind == "tim-kiem":
            raise HTTPException(404)
        return calendar_ics(tasks, datetime.now(timezone.utc), name or "tất cả đơn vị")
    with tempfile.TemporaryDirectory(prefix="vanthu-export-") as tmp:
        path = Path(tmp) / f"export.{fmt}"
        (write_csv if fmt == "csv" else write_xlsx)(sheet, path)
        return path.read_bytes()


async def export(request: Request) -> Response:
    kind, fmt = request.path_params["kind"], request.path_params["fmt"]
    if fmt not in MEDIA:
        raise HTTPException(404)
    body = await run_in_threadpool(_payload, request.app.state.engine, kind, fmt, request)
    name = {"han": "thoi-han", "nhiem-vu": "nhiem-vu", "tim-kiem": "tim-kiem"}[kind]
    return Response(body, media_type=MEDIA[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})
