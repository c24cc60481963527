"""Corrections on a document's page (clerks and admins): a header field, or a duty's
assignee or due date. Stored with who and when beside the extracted value (models/
corrections.py), and applied again when the document is re-extracted."""
from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from models.corrections import BadCorrection, correct_document, correct_duty

from .app import data_changed, error_page
from .auth import writer

FIELD_LABELS = {"number": "Số, ký hiệu", "doc_type": "Loại văn bản (mã)",
                "issuer": "Cơ quan ban hành", "issued_on": "Ngày ban hành",
                "subject": "Trích yếu", "place": "Nơi ban hành",
                "assignee": "Đơn vị thực hiện", "due": "Hạn"}


async def correct_header(request: Request) -> Response:
    user, form = await writer(request)
    doc_id = request.path_params["doc_id"]
    try:
        await run_in_threadpool(correct_document, request.app.state.engine, doc_id,
                                str(form.get("truong") or ""), str(form.get("gia_tri") or ""),
                                user.username)
    except BadCorrection as e:
        return error_page(request, 400, f"Không lưu được: {e}.")
    except LookupError:
        return error_page(request, 404, "Không tìm thấy văn bản này.")
    data_changed(request.app)
    return RedirectResponse(f"/van-ban/{doc_id}#sua", status_code=303)


async def correct_task(request: Request) -> Response:
    user, form = await writer(request)
    ob_id = request.path_params["ob_id"]
    try:
        await run_in_threadpool(correct_duty, request.app.state.engine, ob_id,
                                str(form.get("truong") or ""), str(form.get("gia_tri") or ""),
                                user.username)
    except BadCorrection as e:
        return error_page(request, 400, f"Không lưu được: {e}.")
    except LookupError:
        return error_page(request, 404, "Không tìm thấy nhiệm vụ này.")
    data_changed(request.app)
    doc_id = str(form.get("van_ban") or "")
    target = f"/van-ban/{doc_id}#f-obligation-{ob_id}" if doc_id.isdigit() else "/"
    return RedirectResponse(target, status_code=303)
