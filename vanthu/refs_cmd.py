"""``vanthu refs NUMBER``: the register entry of a document and every stored document that
cites it (``--cited-by`` says so explicitly; ``--cites`` lists the other direction, every
document it cites), each with the citing sentence.

Light at import time: models, SQLAlchemy and rich are imported inside the command, so that
registering it in vanthu/cli.py does not slow ``vanthu extract`` down.
"""
from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from vanthu.app import db_option
from vanthu.sheets import citations_sheet, file_options, write_files

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from models import RegisterEntry


def _candidates_message(number: str, entries: tuple[RegisterEntry, ...]) -> str:
    from vanthu.display import fmt_count, fmt_date, type_label

    lines = [f"Có {len(entries)} văn bản khớp với “{number}”, vui lòng ghi số/ký hiệu "
             "cụ thể hơn:"]
    lines += [f"  {e.number} · {type_label(e.doc_type)} · {fmt_date(e.issued_on)} · "
              f"{fmt_count(e.citation_count)} lần được dẫn chiếu" for e in entries]
    return "\n".join(lines)


def _file_name(engine: Engine, document_id: int | None) -> str | None:
    if document_id is None:
        return None
    from sqlalchemy import select

    from models import Document

    with engine.connect() as conn:
        return conn.scalar(select(Document.file_name).where(Document.id == document_id))


@click.command("refs", epilog="""\b
Ví dụ:
  vanthu refs 490/QĐ-TTg
  vanthu refs "qd 490" --cites
  vanthu refs 123/2020/NĐ-CP --xlsx dan_chieu.xlsx""")
@click.argument("number", metavar="SỐ_KÝ_HIỆU")
@db_option
@click.option("--json", "as_json", is_flag=True, help="In dạng JSON thay cho văn bản.")
@click.option("--cited-by", "cited_by", is_flag=True,
              help="Mọi văn bản đã lưu dẫn chiếu đến SỐ_KÝ_HIỆU (mặc định).")
@click.option("--cites", "cites", is_flag=True,
              help="Chiều ngược lại: mọi văn bản mà chính SỐ_KÝ_HIỆU dẫn chiếu.")
@click.option("--limit", "limit", default=50, show_default=True, type=click.IntRange(min=0),
              metavar="N", help="In nhiều nhất N văn bản dẫn chiếu, cũ nhất trước (0: tất cả); "
                                "luôn cho biết tổng số.")
@file_options
def refs(number: str, db_url: str | None, as_json: bool, cited_by: bool, cites: bool, limit: int,
         csv_path: str | None, xlsx_path: str | None) -> None:
    """Tra cứu văn bản được dẫn chiếu: văn bản nào căn cứ vào SỐ_KÝ_HIỆU.

    In mục sổ đăng ký của văn bản SỐ_KÝ_HIỆU (ngày ban hành đáng tin nhất, cảnh báo khi các
    nguồn ghi khác ngày; cơ quan ban hành; trích yếu; đã có trong CSDL chưa; hiệu lực: "Còn
    hiệu lực", "Được sửa đổi, bổ sung bởi …", "Hết hiệu lực một phần" hoặc "Bị thay thế bởi
    …", kèm câu trích từ văn bản sửa đổi, thay thế nó), rồi mọi văn bản đã lưu dẫn chiếu đến nó
    (--cited-by), kèm quan hệ và câu dẫn chiếu. Với --cites: mọi văn bản mà SỐ_KÝ_HIỆU dẫn
    chiếu. Số được so khớp linh hoạt ("490/qd-ttg", "490 TTg", "qd 490").
    """
    from rich.console import Console

    from models import cited_documents, citing_documents, lookup_register
    from models.register_queries import changes_of
    from models.register_status import in_force
    from vanthu.app import _open_db, _print_json
    from vanthu.display import (citation_json, citations_view, entry_json, more_line,
                                register_entry_view)
    from vanthu.register_status_view import in_force_json, in_force_view, status_text

    if cited_by and cites:
        raise click.UsageError("Chỉ chọn một trong hai: --cited-by (văn bản dẫn chiếu đến "
                               "SỐ_KÝ_HIỆU) hoặc --cites (văn bản SỐ_KÝ_HIỆU dẫn chiếu).")
    engine = _open_db(db_url, must_exist=True)
    found = lookup_register(engine, number)
    if found.entry is None and found.candidates:
        if as_json:
            _print_json({"candidates": [entry_json(e) for e in found.candidates]})
        else:
            click.echo(_candidates_message(number, found.candidates), err=True)
        sys.exit(1)
    entry = found.entry
    if entry is None:
        click.echo(f"Không tìm thấy văn bản số {number} trong sổ văn bản được dẫn chiếu.",
                   err=True)
        sys.exit(1)
    console = Console(highlight=False)
    status = in_force(engine, entry)
    if cites:
        if entry.document_id is None:
            click.echo(f"Văn bản {entry.number} chưa có trong cơ sở dữ liệu (chỉ được dẫn "
                       "chiếu), nên không biết nó dẫn chiếu những văn bản nào.", err=True)
            sys.exit(1)
        cited = cited_documents(engine, entry.document_id)
        if csv_path or xlsx_path:
            write_files(citations_sheet(f"{entry.number} dẫn chiếu", cited), csv_path,
                        xlsx_path)
            return
        if as_json:
            _print_json({"entry": entry_json(entry), "in_force": in_force_json(status),
                         "cites": [citation_json(c) for c in cited]})
            return
        console.rule(f"Văn bản {entry.number}")
        console.print(register_entry_view(entry, _file_name(engine, entry.document_id),
                                          status_text(status)))
        console.print(citations_view(f"Văn bản {entry.number} dẫn chiếu", cited))
        return
    if csv_path or xlsx_path:   # a file holds every citing document, not a page
        write_files(citations_sheet(f"Dẫn chiếu đến {entry.number}",
                                    citing_documents(engine, entry.id, limit=None)),
                    csv_path, xlsx_path)
        return
    page = limit or None
    citing = citing_documents(engine, entry.id, limit=page)
    # What the document amends or replaces, with the documents resting on each.
    # (Who else amended each of those entries is shown only in JSON.)
    affected = changes_of(engine, entry.document_id, limit=page, amendments=as_json) \
        if entry.document_id else []
    if as_json:
        _print_json({"entry": entry_json(entry), "in_force": in_force_json(status),
                     "citing_total": citing.total,
                     "citing": [citation_json(c) for c in citing],
                     "changes": [{"entry": entry_json(old), "affected_total": docs.total,
                                  "affected": [citation_json(c) for c in docs]}
                                 for old, docs in affected]})
        return
    console.rule(f"Văn bản {entry.number}")
    console.print(register_entry_view(entry, _file_name(engine, entry.document_id),
                                      status_text(status)))
    if status.evidence:
        console.print(in_force_view(entry.number, status))
    console.print(citations_view(f"Văn bản dẫn chiếu đến {entry.number}", citing,
                                 best=entry.issued_on, total=citing.total))
    more = more_line(len(citing), citing.total, "văn bản dẫn chiếu")
    if more:
        console.print(more, style="dim")
    if citing and (entry.amended_by or entry.replaced_by):
        console.print("Các văn bản trên căn cứ vào văn bản đã được điều chỉnh/thay thế: "
                      "cần rà soát lại.", style="bold red")
    for old, docs in affected:
        console.print(citations_view(f"Văn bản căn cứ vào {old.number} (bị ảnh hưởng)", docs,
                                     total=docs.total))
        more = more_line(len(docs), docs.total, "văn bản bị ảnh hưởng")
        if more:
            console.print(more, style="dim")
