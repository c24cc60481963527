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
from models import Citation, Document, Hit, RegisterEntry, SummaryRow, as_contract
from models.register_queries import Amendment

_ROLES = {"lead": "Chủ trì", "support": "Phối hợp"}
# How a deadline was written (the contract's ``kind``), as a secretariat reads it.
DEADLINE_KINDS = {"by_date": "Ngày cụ thể", "by_dekad": "Thượng/trung/hạ tuần",
                  "by_month": "Trong tháng", "by_quarter": "Trong quý",
                  "by_half": "Trong 6 tháng", "by_year": "Trong năm",
                  "by_year_range": "Trong giai đoạn nhiều năm", "relative": "Tính từ một mốc",
                  "recurring": "Định kỳ"}
STATUS_VI = {"open": "Chưa hoàn thành", "done": "Đã hoàn thành"}

EMPTY = "—"


def fmt_date(value: date | datetime | None) -> str:
    return value.strftime("%d/%m/%Y") if value else EMPTY


def fmt_time(value: datetime | None) -> str:
    """An event's time in Vietnam's time zone: "09:30 04/12/2026"."""
    if value is None:
        return EMPTY
    from zoneinfo import ZoneInfo

    if value.tzinfo is not None:
        value = value.astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
    return value.strftime("%H:%M %d/%m/%Y")


EVENT_LABELS = {"done": "Đánh dấu hoàn thành", "open": "Mở lại",
                "responded": "Có báo cáo phản hồi"}


def event_line(status: str, at: datetime | None, actor: str | None, note: str | None,
               unit: str | None = None) -> str:
    """"09:30 04/12/2026 — Đánh dấu hoàn thành (UBND huyện X) bởi Nguyễn Văn A: note"."""
    line = f"{fmt_time(at)} — {EVENT_LABELS.get(status, status)}"
    if unit:
        line += f" ({unit})"
    if actor:
        line += f" bởi {actor}"
    return line + (f": {note}" if note else "")


def fmt_count(n: int) -> str:
    """10234 → "10.234" (Vietnamese thousands separator)."""
    return f"{n:,}".replace(",", ".")


def shown_of(shown: int, total: int, exact: bool = True) -> str:
    """"50/10.234" (or "50/hơn 10.000" when the total was not all counted)."""
    return f"{fmt_count(shown)}/{'' if exact else 'hơn '}{fmt_count(total)}"


def more_line(shown: int, total: int, noun: str, exact: bool = True) -> str | None:
    """The line telling the user that only part of the results is shown, e.g. "Hiển thị
    50/10.234 nhiệm vụ — dùng --limit để xem thêm"; None when all are shown."""
    if exact and shown >= total:
        return None
    return f"Hiển thị {shown_of(shown, total, exact)} {noun} — dùng --limit để xem thêm"


def unknown_unit_vi(name: str, suggestions: Sequence[str]) -> str:
    """The error for a ``--unit`` the directory does not know, with the closest names."""
    line = f"không có đơn vị “{name}” trong danh bạ đơn vị."
    if suggestions:
        return line + " Có phải bạn muốn tìm: " + "; ".join(f"“{s}”" for s in suggestions) + "?"
    return line + (" Hãy ghi tên đầy đủ kèm tỉnh (ví dụ “UBND huyện Mộ Đức tỉnh Quảng Ngãi”) "
                   "hoặc tên một đơn vị đã có trong văn bản đã nhập.")


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


def document_view(doc: Document, history: dict[int, list[Any]] | None = None
                  ) -> RenderableType:
    """Everything stored about one document: header, source, then each kind of fact; the
    duties with their Mã (for `vanthu done`) and ``history``, each duty's status changes."""
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
        *([("Nhận dạng chữ (OCR)", ocr_summary(doc))] if doc.ocr_pages else []),
        ("SHA-256", doc.sha256), ("Phiên bản trích xuất", doc.extractor_version),
        ("Nhập lúc", fmt_date(doc.ingested_at)),
    ]:
        fields.add_row(label, value)
    parts: list[RenderableType] = [fields]
    signatures = [f for f in ((doc.extraction or {}).get("source") or {}).get("signatures") or []
                  if f.get("source") == "signature"]
    if signatures:  # digital signatures of a PDF, kept in the stored extraction only
        parts.append(_table("Chữ ký số", ["Thời điểm ký", "Người/cơ quan ký", "Tổ chức",
                                           "Lý do", "Nơi ký"],
                            [(_text(f.get("signing_time")), _text(f.get("subject")),
                              _text(", ".join(filter(None, (f.get("unit"), f.get("organization"))))
                                    or None),
                              _text(f.get("reason")), _text(f.get("location")))
                             for f in signatures]))
    parts.append(_table("Văn bản được dẫn chiếu",
                        ["Số/ký hiệu", "Loại", "Ngày", "Cơ quan", "Quan hệ", "Vị trí"],
                        [(_text(r.number), type_label(r.doc_type), fmt_date(r.issued_on),
                          _text(r.issuer), relation_label(r.relation), _span(r))
                         for r in doc.references]))
    from vanthu.obligations_view import describe_rrule

    parts.append(_table("Thời hạn",
                        ["Hạn", "Kiểu", "Lặp lại", "Nguyên văn", "Vị trí"],
                        [(fmt_date(d.due), DEADLINE_KINDS.get(d.kind or "", _text(d.kind)),
                          describe_rrule(d.rrule), _text(d.text), _span(d))
                         for d in doc.deadlines]))
    parts.append(_table("Nhiệm vụ",
                        ["Mã", "Đơn vị thực hiện", "Vai trò", "Nội dung", "Phối hợp", "Hạn",
                         "Trạng thái"],
                        [(str(o.id), _text(o.assignee), _ROLES.get(o.role or "", _text(o.role)),
                          _text(o.action), _text("; ".join(o.support)) if o.support else "",
                          fmt_date(o.due) if o.due else describe_rrule(o.rrule),
                          STATUS_VI.get(o.status, o.status))
                         for o in doc.obligations]))
    events = [(o.id, e) for o in doc.obligations for e in (history or {}).get(o.id, [])
              if e.status != "responded"]
    if events:
        parts.append(_table("Lịch sử cập nhật nhiệm vụ",
                            ["Mã", "Thời điểm", "Cập nhật", "Đơn vị", "Người cập nhật",
                             "Ghi chú"],
                            [(str(ob_id), fmt_time(e.at), EVENT_LABELS.get(e.status, e.status),
                              _text(e.unit), _text(e.actor), _text(e.note))
                             for ob_id, e in events]))
    parts.append(_table("Chỉ tiêu",
                        ["Chỉ tiêu", "Tối thiểu", "Tối đa", "Đơn vị", "Kỳ"],
                        [(_text(t.metric), fmt_number(t.min_value), fmt_number(t.max_value),
                          _text(t.unit), _text(t.period)) for t in doc.targets]))
    parts.append(_table("Kinh phí",
                        ["Số tiền", "Nguyên văn", "Nguồn", "Mục đích", "Năm"],
                        [(fmt_vnd(f.amount_vnd), _text(f.text), _text(f.source),
                          _text(f.purpose), _text(f.year)) for f in doc.funding]))
    return Group(*parts)


def candidates_view(number: str, docs: Sequence[Document]) -> RenderableType:
    """The documents a number matches, when there are several: each with the mã that
    `vanthu show "#mã"` takes."""
    head = Text(f"Có {fmt_count(len(docs))} văn bản trùng số “{number}”, dùng mã: "
                f"vanthu show \"#mã\"", style="bold")
    table = Table(show_header=True, box=None, padding=(0, 1))
    for header in ("Mã", "Số/ký hiệu", "Loại", "Ngày", "Cơ quan ban hành", "Trích yếu"):
        table.add_column(header, overflow="fold")
    for doc in docs:
        table.add_row(f"#{doc.id}", _text(doc.number) if doc.number else doc.file_name,
                      type_label(doc.doc_type), fmt_date(doc.issued_on), _text(doc.issuer),
                      _text(doc.subject if not doc.subject or len(doc.subject) <= 90
                            else doc.subject[:90].rsplit(" ", 1)[0] + "…"))
    return Group(head, table)


def ocr_summary(doc: Document) -> str:
    """What was OCR'd and how well: "cả 3 trang; độ tin cậy thấp nhất 61,2 (trang 2), trung
    bình 78,4", or "1 trang (trang 1); độ tin cậy 93,3" for a mixed PDF. Confidence is
    Tesseract's mean word confidence of a page, 0–100, blank pages left out; under the
    review mark of `vanthu scans --review` a warning follows."""
    from extractors.readers import page_confidences
    from vanthu.scans_cmd import REVIEW_BELOW

    pages = [p for p in ((doc.extraction or {}).get("source") or {}).get("ocr_pages") or []
             if isinstance(p, dict)]
    if doc.pages and doc.ocr_pages == doc.pages:
        out = f"cả {doc.ocr_pages} trang" if doc.ocr_pages > 1 else "1 trang"
    else:
        numbers = [str(p.get("page")) for p in pages]
        shown = ", ".join(numbers[:10]) + (", …" if len(numbers) > 10 else "")
        out = f"{doc.ocr_pages} trang" + (f" (trang {shown})" if numbers else "")
    read = [p for p in pages if page_confidences([p])]
    blank = [str(p.get("page")) for p in pages if p not in read]
    if blank:
        out += f", trang trắng: {', '.join(blank)}"
    low = doc.ocr_min_confidence
    if low is None:
        return out
    if len(read) > 1:
        worst = ", ".join(str(p.get("page")) for p in read if p["confidence"] == low)
        confs = page_confidences(read)
        out += (f"; độ tin cậy thấp nhất {fmt_number(low)} (trang {worst}), "
                f"trung bình {fmt_number(round(sum(confs) / len(confs), 1))}")
    else:
        out += f"; độ tin cậy {fmt_number(low)}"
    if low < REVIEW_BELOW:
        out += " — ⚠ nên đối chiếu với bản giấy"
    return out


def document_json(doc: Document) -> dict[str, Any]:
    return {"id": doc.id, "file_name": doc.file_name, "ingested_at": doc.ingested_at.isoformat(),
            "ocr_pages": doc.ocr_pages, "ocr_min_confidence": doc.ocr_min_confidence,
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


# --- The register of cited documents (vanthu refs, the first block of vanthu search) ---

def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def date_with_conflicts(entry: RegisterEntry) -> str:
    """The best date, and every other date the citations give when they disagree."""
    best = fmt_date(entry.issued_on)
    if entry.date_doubt:
        best += f" (⚠ có thể sai: trích yếu nói năm {entry.date_doubt})"
    if not entry.date_conflict:
        return best
    others = "; ".join(fmt_date(d) for d in entry.dates[1:])
    return f"{best} (⚠ ngày không thống nhất: các trích dẫn còn ghi {others})"


def _changes(items: Sequence[Amendment]) -> str:
    return ", ".join(f"{a.number or EMPTY} ({fmt_date(a.issued_on)})" for a in items) or EMPTY


def register_entry_view(entry: RegisterEntry, file_name: str | None = None,
                        in_force: str | None = None) -> RenderableType:
    """One register entry: number, type, best date (conflicts flagged), issuer, subject,
    whether it is in the database, its in-force status (``in_force``, see
    vanthu/register_status_view.py) else what amends or replaces it."""
    fields = Table.grid(padding=(0, 2))
    fields.add_column(style="bold")
    fields.add_column(overflow="fold")
    stored = f"Có ({file_name})" if entry.in_database and file_name else (
        "Có" if entry.in_database else "Chưa có")
    rows = [("Số/ký hiệu", entry.number), ("Loại văn bản", type_label(entry.doc_type)),
            ("Ngày ban hành", date_with_conflicts(entry)),
            ("Cơ quan ban hành", _text(entry.issuer)), ("Trích yếu", _text(entry.subject)),
            ("Trong cơ sở dữ liệu", stored),
            ("Số văn bản dẫn chiếu", fmt_count(entry.citation_count))]
    if in_force:
        rows.append(("Hiệu lực", in_force))
    elif entry.amended_by:
        rows.append(("Điều chỉnh bởi", _changes(entry.amended_by)))
    if entry.replaced_by and not in_force:
        rows.append(("Thay thế bởi", _changes(entry.replaced_by)))
    for label, value in rows:
        fields.add_row(label, value)
    return fields


def citations_view(title: str, citations: Sequence[Citation], best: date | None = None,
                   total: int | None = None) -> RenderableType:
    """Numbered citations: number · type · date — relation, the date the citation gives when
    it differs from the cited document's best date (``best``, else the citation's own
    ``issued_on``), then the citing sentence with the cited number in bold. ``total``: how
    many there are in all, when ``citations`` holds only the first of them."""
    if not citations:
        return Text(f"{title}: không có", style="dim")
    count = fmt_count(len(citations)) if total is None or total <= len(citations) else \
        shown_of(len(citations), total)
    blocks: list[RenderableType] = [Text(f"{title} ({count})", style="bold")]
    for rank, c in enumerate(citations, 1):
        head = Text(f"{rank}. ", style="bold")
        head.append(c.number or c.file_name or EMPTY, style="bold cyan")
        head.append(f" · {type_label(c.doc_type)} · {fmt_date(c.issued_on)} — ")
        head.append(relation_label(c.relation), style="green")
        if c.cited_date and c.cited_date != (best or c.issued_on):
            head.append(f" (trích dẫn ghi ngày {fmt_date(c.cited_date)})", style="dim")
        sentence = Text(c.sentence)
        if c.number:
            sentence.highlight_words([c.number], style="bold yellow")
        blocks.append(Group(head, Padding(sentence, (0, 0, 1, 3))))
    return Group(*blocks)


def register_hits_view(entries: Sequence[RegisterEntry]) -> RenderableType:
    """The "Văn bản được dẫn chiếu" block of a search: matching register entries."""
    return _table("Văn bản được dẫn chiếu",
                  ["Số/ký hiệu", "Loại", "Ngày", "Cơ quan ban hành", "Số lần được dẫn chiếu",
                   "Trong CSDL"],
                  [(e.number, type_label(e.doc_type),
                    fmt_date(e.issued_on) + (" ⚠" if e.date_conflict else ""),
                    _text(e.issuer), fmt_count(e.citation_count),
                    "Có" if e.in_database else "Chưa có") for e in entries])


def entry_json(entry: RegisterEntry) -> dict[str, Any]:
    def changes(items: Sequence[Amendment]) -> list[dict[str, Any]]:
        return [{"document_id": a.document_id, "number": a.number,
                 "issued_on": _iso(a.issued_on)} for a in items]

    return {"id": entry.id, "number": entry.number, "number_key": entry.number_key,
            "doc_type": entry.doc_type, "issued_on": _iso(entry.issued_on),
            "dates": [d.isoformat() for d in entry.dates], "date_conflict": entry.date_conflict,
            "date_doubt_year": entry.date_doubt,
            "issuer": entry.issuer, "subject": entry.subject,
            "in_database": entry.in_database, "document_id": entry.document_id,
            "citation_count": entry.citation_count,
            "amended_by": changes(entry.amended_by), "replaced_by": changes(entry.replaced_by)}


def citation_json(c: Citation) -> dict[str, Any]:
    return {"document_id": c.document_id, "number": c.number, "doc_type": c.doc_type,
            "issued_on": _iso(c.issued_on), "subject": c.subject, "file_name": c.file_name,
            "relation": c.relation, "relation_vi": relation_label(c.relation),
            "cited_date": _iso(c.cited_date), "sentence": c.sentence,
            "span": list(c.span) if c.span else None}
