"""Exports of the lists: due dates (dashboard), a unit's tasks and search results, as CSV
(UTF-8 with BOM) or XLSX with the CLI's sheets (vanthu/sheets.py), and the task lists as
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
from vanthu.finance_view import Sheet, write_csv, write_xlsx
from vanthu.obligations_view import calendar_ics
from vanthu.sheets import due_sheet, hits_sheet, tasks_sheet

from .app import as_of, within_days
from .views_search import filters_of

# Rows an export holds at most.
EXPORT_MAX = 10_000
MEDIA = {"csv": "text/csv; charset=utf-8",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "ics": "text/calendar; charset=utf-8"}

def _sheet(engine: Any, kind: str, request: Request) -> tuple[Sheet, list[Any], str]:
    q = request.query_params
    day = as_of(request)
    if kind == "han":
        unit = (q.get("don_vi") or "").strip() or None
        _found, items = due_items(engine, unit, day, within_days(request), limit=EXPORT_MAX)
        return due_sheet(items), [i.task for i in items], unit or ""
    if kind == "nhiem-vu":
        unit = (q.get("ten") or "").strip() or None
        status = q.get("trang_thai") or None
        found = tasks_for(engine, unit, day, status, EXPORT_MAX)
        return tasks_sheet(found.tasks), list(found.tasks), unit or ""
    if kind == "tim-kiem":
        words, filters, _params = filters_of(request)
        hits = find(engine, words, filters, limit=1000)
        return hits_sheet(hits), [], words
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
