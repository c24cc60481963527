"""How stored documents look to a secretariat: Vietnamese labels, dd/mm/yyyy dates, đồng
amounts grouped with dots; rich renderables for the CLI and plain dicts for ``--json``."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from extractors import lexicon
from models import Document, Hit, SummaryRow, as_contract

EMPTY = "—"


def fmt_date(value: date | datetime | None) -> str:
    return value.strftime("%d/%m/%Y") if value else EMPTY


def fmt_vnd(amount: int | None) -> str:
    return f"{amount:,}".replace(",", ".") + " đ" if amount is not None else EMPTY


def fmt_number(value: float | None) -> str:
    if value is None:
        return EMPTY
    return str(int(value)) if value == int(value) else str(value).replace(".", ",")


def type_label(code: str | None) -> str:
    """"quyet_dinh" → "Quyết định" (the code itself when it is not in data/doc_types.json)."""
    if not code:
        return EMPTY
    names = {t["code"]: t["name"] for t in lexicon.doc_types()}
    return names.get(code, code)


# How a citing document relates to the cited one, as a secretariat reads it.
RELATION_LABELS = {"based_on": "Căn cứ", "implements": "Thực hiện", "amends": "Sửa đổi, bổ sung",
                   "replaces": "Thay thế", "responds_to": "Trả lời / báo cáo", "mentions": "Nhắc đến"}


def relation_label(code: str | None) -> str:
    return RELATION_LABELS.get(code or "", code or "—")


def _text(value: Any) -> str:
    return EMPTY if value in (None, "", []) else str(value)


def _table(title: str, headers: Sequence[str], rows: Iterable[Sequence[str]]
           ) -> RenderableType:
    """A titled table, or one "title: không có" line when there are no rows."""
    rows = list(rows)
    if not rows:
        return Text(f"{title}: không có", style="dim")
    table = Table(title=f"{title} ({len(rows)})", title_justify="left")
    for header in headers:
        table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(*row)
    return table


def _span(fact: Any) -> str:
    return f"{fact.span_start}–{fact.span_end}" if fact.span_start is not None else EMPTY


def document_view(doc: Document) -> RenderableType:
    """Everything stored about one document: header, source, then each kind of fact."""
    fields = Table.grid(padding=(0, 2))
    fields.add_column(style="bold")
    fields.add_column(overflow="fold")
    pages = f", {doc.pages} trang" if doc.pages else ""
    for label, value in [
        ("Số/ký hiệu", _text(doc.number)), ("Loại văn bản", type_label(doc.doc_type)),
        ("Cơ quan ban hành", _text(doc.issuer)), ("Cơ quan chủ quản", _text(doc.parent_issuer)),
        ("Địa danh", _text(doc.place)), ("Ngày ban hành", fmt_date(doc.issued_on)),
        ("Trích yếu", _text(doc.subject)), ("Độ khẩn", _text(doc.urgency)),
        ("Độ mật", _text(doc.secrecy)),
        ("Kính gửi", "\n".join(doc.recipients) if doc.recipients else EMPTY),
        ("Nơi nhận", "\n".join(doc.cc) if doc.cc else EMPTY),
        ("Người ký", _text(doc.signer_name)), ("Chức vụ", _text(doc.signer_title)),
        ("Thẩm quyền ký", _text(doc.signer_authority)),
        ("Tệp nguồn", f"{doc.path} ({doc.format}{pages}{', OCR' if doc.ocr else ''})"),
        ("SHA-256", doc.sha256), ("Phiên bản trích xuất", doc.extractor_version),
        ("Nhập lúc", fmt_date(doc.ingested_at)),
    ]:
        fields.add_row(label, value)
    parts: list[RenderableType] = [fields]
    parts.append(_table("Văn bản được dẫn chiếu",
                        ["Số/ký hiệu", "Loại", "Ngày", "Cơ quan", "Quan hệ", "Vị trí"],
                        [(_text(r.number), type_label(r.doc_type), fmt_date(r.issued_on),
                          _text(r.issuer), relation_label(r.relation), _span(r))
                         for r in doc.references]))
    parts.append(_table("Thời hạn",
                        ["Hạn", "Kiểu", "Lặp lại", "Nguyên văn", "Vị trí"],
                        [(fmt_date(d.due), _text(d.kind), _text(d.rrule), _text(d.text),
                          _span(d)) for d in doc.deadlines]))
    parts.append(_table("Nhiệm vụ",
                        ["Đơn vị thực hiện", "Vai trò", "Nội dung", "Hạn", "Trạng thái"],
                        [(_text(o.assignee), _text(o.role), _text(o.action),
                          fmt_date(o.due) if o.due else _text(o.rrule), o.status)
                         for o in doc.obligations]))
    parts.append(_table("Chỉ tiêu",
                        ["Chỉ tiêu", "Tối thiểu", "Tối đa", "Đơn vị", "Kỳ"],
                        [(_text(t.metric), fmt_number(t.min_value), fmt_number(t.max_value),
                          _text(t.unit), _text(t.period)) for t in doc.targets]))
    parts.append(_table("Kinh phí",
                        ["Số tiền", "Nguyên văn", "Nguồn", "Mục đích", "Năm"],
                        [(fmt_vnd(f.amount_vnd), _text(f.text), _text(f.source),
                          _text(f.purpose), _text(f.year)) for f in doc.funding]))
    return Group(*parts)


def document_json(doc: Document) -> dict[str, Any]:
    return {"id": doc.id, "file_name": doc.file_name, "ingested_at": doc.ingested_at.isoformat(),
            **as_contract(doc)}


def search_view(hits: Sequence[Hit]) -> RenderableType:
    """Hits best first, each as: rank, number · type · issuer · date; subject; the passage
    with the query words highlighted."""
    blocks: list[RenderableType] = []
    for rank, hit in enumerate(hits, 1):
        head = Text(f"{rank}. ", style="bold")
        head.append(hit.number or hit.file_name, style="bold cyan")
        head.append(f" · {type_label(hit.doc_type)} · {_text(hit.issuer)} · "
                    f"{fmt_date(hit.issued_on)}")
        snippet = Text(hit.snippet)
        for start, end in hit.highlights:
            snippet.stylize("bold yellow", start, end)
        blocks.append(Group(head, Padding(Text(_text(hit.subject), style="italic"), (0, 0, 0, 3)),
                            Padding(snippet, (0, 0, 1, 3))))
    return Group(*blocks)


def hit_json(hit: Hit) -> dict[str, Any]:
    return {"document_id": hit.document_id, "number": hit.number, "doc_type": hit.doc_type,
            "issuer": hit.issuer, "issued_on": hit.issued_on.isoformat() if hit.issued_on else None,
            "subject": hit.subject, "file_name": hit.file_name, "score": hit.score,
            "snippet": hit.snippet, "highlights": [list(h) for h in hit.highlights]}


def summary_table(rows: Sequence[SummaryRow]) -> RenderableType:
    return _table("Văn bản trong cơ sở dữ liệu",
                  ["Số/ký hiệu", "Loại", "Cơ quan ban hành", "Ngày"],
                  [(_text(r.number), type_label(r.doc_type), _text(r.issuer),
                    fmt_date(r.issued_on)) for r in rows])
