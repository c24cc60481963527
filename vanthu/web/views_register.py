"""The register of cited documents: look a number up (typed loosely), and an entry's page:
its best-known facts and date conflicts, who cites it and how, its in-force status with the
documents that amended or replaced it (and the sentence of each),
and what the document itself amends (with the documents affected)."""
from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from models import citing_documents, lookup_register
from models.register_queries import changes_of, get_entry
from models.register_status import in_force
from vanthu.register_status_view import change_label, status_text

from .app import error_page, page_of, render

CITING_ROWS = 50  # as the CLI (vanthu refs --limit)


async def lookup_page(request: Request) -> Response:
    number = (request.query_params.get("so") or "").strip()
    if not number:
        return render(request, "register_lookup.html", {"number": "", "found": None})
    found = await run_in_threadpool(lookup_register, request.app.state.engine, number)
    if found.entry is not None:
        return RedirectResponse(f"/so-dang-ky/{found.entry.id}", status_code=303)
    return render(request, "register_lookup.html", {"number": number, "found": found})


def _load(engine: Any, entry_id: int, offset: int) -> dict[str, Any] | None:
    entry = get_entry(engine, entry_id)
    if entry is None:
        return None
    citing = citing_documents(engine, entry_id, limit=offset + CITING_ROWS)
    affected = changes_of(engine, entry.document_id, limit=CITING_ROWS, amendments=False) \
        if entry.document_id else []
    status = in_force(engine, entry)
    return {"entry": entry, "citing": citing[offset:], "citing_total": citing.total,
            "affected": affected, "status": status, "status_text": status_text(status),
            "changes": [(e, change_label(e)) for e in status.evidence]}


async def entry_page(request: Request) -> Response:
    page, offset = page_of(request, CITING_ROWS)
    data = await run_in_threadpool(_load, request.app.state.engine,
                                   request.path_params["entry_id"], offset)
    if data is None:
        return error_page(request, 404, "Không có văn bản này trong sổ văn bản dẫn chiếu.")
    return render(request, "register.html", {"page": page, "size": CITING_ROWS,
                                             "offset": offset, **data})
