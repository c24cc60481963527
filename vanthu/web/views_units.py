"""A unit's page: every task binding it (directly or through its groups) with due date,
status and history; marking a task done or open again (clerks and admins): a task given to
one of its groups by the unit's own share ("3/14 đơn vị đã xong")."""
from __future__ import annotations

from functools import partial
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from models.dashboard import events_for, status_counts, unit_names
from models.obligations import DONE, OPEN, UnknownObligation, set_status, tasks_for
from models.status import NotAGroupTask, NotAMember
from vanthu.display import fmt_date

from .app import as_of, data_changed, error_page, render
from .auth import safe_next, writer

# Tasks a unit's page lists (the total is always given; the exports hold them all).
TASK_ROWS = 100
STATUS_CHOICES = (("", "Tất cả"), ("open", "Chưa hoàn thành"), ("overdue", "Quá hạn"),
                  ("done", "Đã hoàn thành"))


def _load(engine: Any, unit: str | None, day: Any, status: str | None) -> dict[str, Any]:
    if not unit:
        return {"found": None, "choices": unit_names(engine)}
    found = tasks_for(engine, unit, day, status or None, TASK_ROWS)
    history = events_for(engine, [t.id for t in found.tasks if t.id is not None])
    return {"found": found, "history": history, "counts": status_counts(engine, unit, day),
            "choices": unit_names(engine)}


async def unit_page(request: Request) -> Response:
    unit = (request.query_params.get("ten") or "").strip() or None
    status = request.query_params.get("trang_thai") or ""
    if status not in dict(STATUS_CHOICES):
        status = ""
    day = as_of(request)
    data = await run_in_threadpool(_load, request.app.state.engine, unit, day, status)
    params = {"ten": unit or "", "trang_thai": status, "ngay": fmt_date(day)}
    return render(request, "unit.html", {"unit": unit, "status": status, "day": day,
                                         "statuses": STATUS_CHOICES, "params": params,
                                         "back": str(request.url.path) + (
                                             "?" + request.url.query if request.url.query
                                             else ""), **data})


async def change_status(request: Request) -> Response:
    """POST: mark a task done (``trang_thai=done``) or open again, recorded with the
    logged-in user's name and the time; with ``don_vi``, only that member unit's share of a
    group task (as ``vanthu done ID --unit``)."""
    user, form = await writer(request)
    status = str(form.get("trang_thai") or "")
    if status not in (DONE, OPEN):
        return error_page(request, 400, "Trạng thái không hợp lệ.")
    note = str(form.get("ghi_chu") or "").strip()[:500] or None
    member = str(form.get("don_vi") or "").strip()[:300] or None
    try:
        await run_in_threadpool(partial(set_status, unit=member), request.app.state.engine,
                                request.path_params["ob_id"], status, user.username, note)
    except UnknownObligation:
        return error_page(request, 404, "Không tìm thấy nhiệm vụ này.")
    except NotAGroupTask:
        return error_page(request, 400, "Nhiệm vụ này không giao cho một nhóm đơn vị: chỉ "
                                        "cập nhật được cả nhiệm vụ.")
    except NotAMember as e:
        return error_page(request, 400, f"“{e.unit}” không thuộc nhóm “{e.group}” của "
                                        "nhiệm vụ này.")
    data_changed(request.app)
    return RedirectResponse(safe_next(str(form.get("next") or "/")), status_code=303)
