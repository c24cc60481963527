"""A document's page (header fields, the text with its facts marked, the side list, OCR
confidence), the download of its original file (by id only) and the scans to review."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response

from extractors.readers import page_confidences
from models import Document
from models.queries import get_document
from models.corrections import HEADER_FIELDS, corrections_of
from vanthu.scans_cmd import REVIEW_BELOW, scanned_documents

from .app import error_page, render
from .highlight import KIND_TITLES, document_facts, highlighted
from .views_corrections import FIELD_LABELS


def ocr_pages(doc: Document) -> list[dict[str, Any]]:
    """Each OCR'd page (not blank) with its confidence and whether it needs a look."""
    pages = ((doc.extraction or {}).get("source") or {}).get("ocr_pages") or []
    out = []
    for p in pages:
        if isinstance(p, dict) and page_confidences([p]):
            conf = float(p.get("confidence") or 0)
            out.append({"page": p.get("page"), "confidence": conf,
                        "words": p.get("words"), "rotation": p.get("rotation"),
                        "low": conf < REVIEW_BELOW})
    return out


def _load(engine: Any, doc_id: int) -> dict[str, Any] | None:
    doc = get_document(engine, doc_id)
    if doc is None:
        return None
    facts = document_facts(doc)
    groups: dict[str, list[Any]] = {}
    for f in facts:
        groups.setdefault("header" if f.kind == "number" else f.kind, []).append(f)
    fixes = corrections_of(engine, doc_id)
    return {"corrections": [f for f in fixes if f.obligation_id is None and f.field in
                            HEADER_FIELDS],
            "duty_fixes": {f.obligation_id: [g for g in fixes if g.obligation_id ==
                                             f.obligation_id] for f in fixes
                           if f.obligation_id is not None},
            "field_labels": FIELD_LABELS, "header_fields": HEADER_FIELDS, "doc": doc, "text": highlighted(doc.text or "", facts),
            "groups": [(KIND_TITLES[k], groups[k]) for k in KIND_TITLES if k in groups],
            "pages": ocr_pages(doc), "review_below": REVIEW_BELOW,
            "has_file": Path(doc.path).is_file()}


async def document_page(request: Request) -> Response:
    data = await run_in_threadpool(_load, request.app.state.engine,
                                   request.path_params["doc_id"])
    if data is None:
        return error_page(request, 404, "Không tìm thấy văn bản này.")
    return render(request, "document.html", data)


def _file_of(engine: Any, doc_id: int) -> tuple[Path, str] | None:
    with Session(engine) as session:
        row = session.execute(select(Document.path, Document.file_name)
                              .where(Document.id == doc_id)).first()
    if row is None:
        return None
    return Path(row.path), row.file_name


async def download(request: Request) -> Response:
    """The original file of a stored document: the path is the one stored at ingest, looked
    up by the document's id; nothing of the request names a file."""
    found = await run_in_threadpool(_file_of, request.app.state.engine,
                                    request.path_params["doc_id"])
    if found is None:
        raise HTTPException(404)
    path, name = found
    if not path.is_file():
        return error_page(request, 404, f"Tệp gốc {name} không còn ở nơi đã nạp ({path}).")
    return FileResponse(path, filename=name)


# A document number at the start of a file name: "878-UBND-NNTN.pdf", "878_QD-UBND.pdf".
_FILE_NUMBER = re.compile(r"^(\d{1,6})[-_ .]+([A-ZĐ]{2,})", re.IGNORECASE)
# Scans listed for review at most.
SCANS_MAX = 1000


def doubts(doc: Document) -> list[str]:
    """Why a scan's reading may be wrong: a badly read page, no number or date read, or a
    number that disagrees with the one the file name starts with."""
    out = []
    low = [p["page"] for p in ocr_pages(doc) if p["low"]]
    if low or (doc.ocr_min_confidence is not None and doc.ocr_min_confidence < REVIEW_BELOW):
        out.append("Trang đọc kém: " + (", ".join(str(p) for p in low) or "—"))
    if not doc.number:
        out.append("Chưa đọc được số, ký hiệu")
    if not doc.issued_on:
        out.append("Chưa đọc được ngày ban hành")
    m = _FILE_NUMBER.match(doc.file_name or "")
    if m and doc.number and not doc.number.startswith(m.group(1) + "/"):
        out.append(f"Số {doc.number} khác số trong tên tệp ({m.group(1)}…)")
    return out


async def scans_page(request: Request) -> Response:
    docs = await run_in_threadpool(scanned_documents, request.app.state.engine, None,
                                   SCANS_MAX)
    rows = [(d, found) for d in docs if (found := doubts(d))]
    return render(request, "scans.html", {"rows": rows, "review_below": REVIEW_BELOW})
