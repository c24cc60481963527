"""``vanthu scans``: the OCR'd documents, least trustworthy first, for a person to check them
against the paper. A document is ranked by its worst page (``documents.ocr_min_confidence``:
the lowest per-page mean word confidence of Tesseract, 0–100).

Light at import time: models, SQLAlchemy and rich are imported inside the command, so that
registering it in vanthu/cli.py does not slow ``vanthu extract`` down.
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click

from vanthu.app import db_option, json_option

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from models import Document

# Below this lowest-page confidence a scan is flagged for review (`vanthu show` warns; the
# default of `vanthu scans --below`). Clean 300 dpi scans read at 85–95; pages with
# hand-written numbers, stamps over the text or a skewed sheet fall under 70.
REVIEW_BELOW = 70.0


def scanned_documents(engine: Engine, below: float | None = None, limit: int | None = None
                      ) -> list[Document]:
    """Documents with OCR'd pages, lowest confidence first (then newest); only those whose
    lowest page confidence is under ``below`` when given."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session, load_only

    from models import Document

    query = (select(Document)
             .options(load_only(Document.id, Document.number, Document.doc_type,
                                Document.issued_on, Document.file_name, Document.path,
                                Document.pages, Document.ocr_pages, Document.ocr_min_confidence,
                                Document.extraction))
             .where(Document.ocr_pages > 0)
             .order_by(Document.ocr_min_confidence.asc().nulls_first(), Document.id.desc()))
    if below is not None:
        query = query.where((Document.ocr_min_confidence < below)
                            | Document.ocr_min_confidence.is_(None))
    if limit is not None:
        query = query.limit(limit)
    with Session(engine, expire_on_commit=False) as session:
        return list(session.scalars(query))


def _worst_pages(doc: Document) -> list[int]:
    """The pages (not blank) whose confidence is the document's lowest."""
    from extractors.readers import page_confidences

    pages = ((doc.extraction or {}).get("source") or {}).get("ocr_pages") or []
    return [p["page"] for p in pages if isinstance(p, dict) and page_confidences([p])
            and p["confidence"] == doc.ocr_min_confidence]


def scan_json(doc: Document) -> dict[str, Any]:
    return {"id": doc.id, "number": doc.number, "doc_type": doc.doc_type,
            "issued_on": doc.issued_on.isoformat() if doc.issued_on else None,
            "file_name": doc.file_name, "path": doc.path, "pages": doc.pages,
            "ocr_pages": doc.ocr_pages, "ocr_min_confidence": doc.ocr_min_confidence,
            "worst_pages": _worst_pages(doc)}


@click.command("scans", epilog="""\b
Ví dụ:
  vanthu scans --review
  vanthu scans --below 80 --limit 20""")
@db_option
@click.option("--below", type=click.FloatRange(0, 100), default=None, metavar="N",
              help=f"Chỉ bản quét có trang kém nhất với độ tin cậy dưới N (0–100); "
                   f"--review là --below {REVIEW_BELOW:g}.")
@click.option("--review", is_flag=True,
              help=f"Chỉ các bản quét cần đối chiếu với bản giấy (trang kém nhất dưới "
                   f"{REVIEW_BELOW:g}).")
@click.option("--limit", type=click.IntRange(1), default=None, metavar="N",
              help="Liệt kê nhiều nhất N văn bản.")
@json_option
def scans(db_url: str | None, below: float | None, review: bool, limit: int | None,
          as_json: bool) -> None:
    """Liệt kê văn bản quét (OCR), độ tin cậy thấp nhất trước, để đối chiếu với bản giấy.

    Liệt kê các văn bản đọc bằng OCR, kém tin cậy nhất trước: số trang đã OCR, độ tin cậy
    thấp nhất của một trang (trung bình độ tin cậy các từ theo Tesseract, 0–100) và trang
    đó. --review giữ các văn bản dưới ngưỡng cần xem lại; --below N đặt ngưỡng khác.
    """
    from rich.console import Console
    from rich.table import Table

    from vanthu.app import _open_db
    from vanthu.display import EMPTY, fmt_date, fmt_number

    if review and below is None:
        below = REVIEW_BELOW
    docs = scanned_documents(_open_db(db_url, must_exist=True), below, limit)
    if as_json:
        click.echo(json.dumps([scan_json(d) for d in docs], ensure_ascii=False, indent=1))
        return
    if not docs:
        click.echo("Không có văn bản quét nào" +
                   (f" có độ tin cậy dưới {fmt_number(below)}." if below is not None else "."))
        return
    title = "Văn bản quét (OCR)" + (f", độ tin cậy dưới {fmt_number(below)}"
                                    if below is not None else "") + f" ({len(docs)})"
    table = Table(title=title, title_justify="left")
    table.add_column("Số/ký hiệu", no_wrap=True)
    table.add_column("Ngày", no_wrap=True)
    table.add_column("Tệp", overflow="fold")
    table.add_column("Trang OCR", justify="right", no_wrap=True)
    table.add_column("Độ tin cậy thấp nhất", justify="right")
    table.add_column("Ở trang", justify="right")
    for doc in docs:
        low = doc.ocr_min_confidence
        table.add_row(doc.number or EMPTY, fmt_date(doc.issued_on), doc.file_name,
                      f"{doc.ocr_pages}/{doc.pages or doc.ocr_pages}",
                      EMPTY if low is None else fmt_number(low) + (" ⚠" if low < REVIEW_BELOW else ""),
                      ", ".join(map(str, _worst_pages(doc))) or EMPTY)
    Console(highlight=False).print(table)
