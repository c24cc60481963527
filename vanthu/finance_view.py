"""How ``vanthu funding`` and ``vanthu targets`` look: rich tables, ``--json`` dicts, and
sheets written to CSV (UTF-8 with BOM, so Excel reads the Vietnamese) or Excel.

In the .xlsx, numbers and dates are real numbers and dates; their formats carry the
Vietnamese locale tag ``[$-42A]``, so they show as "6.400.000.000" and "28/03/2019"
(LibreOffice follows the tag; Excel uses the computer's separators, which are these on a
Vietnamese system).
"""
from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from extractors.money import format_vnd
from models.finance import DocInfo, FundingReport, FundingRow, TargetRow
from vanthu.display import EMPTY, fmt_date, fmt_number, type_label

Kind = Literal["text", "vnd", "number", "year", "date", "ratio"]
VI_LOCALE = "[$-42A]"
XLSX_FORMATS: dict[str, str] = {"vnd": f"{VI_LOCALE}#,##0", "year": "0",
                                "date": f"{VI_LOCALE}dd/mm/yyyy", "ratio": f"{VI_LOCALE}0.0%"}
_MET_LABELS = {True: "Đạt", False: "Chưa đạt", None: EMPTY}


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = "text"
    width: int = 14


@dataclass(frozen=True)
class Sheet:
    """A table to export: one header row, then rows of plain values (None is an empty cell);
    ``footer`` rows go only to the .xlsx, below a blank row (a CSV stays one table)."""

    title: str
    columns: tuple[Column, ...]
    rows: list[tuple[Any, ...]]
    footer: list[tuple[Any, ...]] = field(default_factory=list)


def fmt_vnd(amount: int | None) -> str:
    return format_vnd(amount) if amount is not None else EMPTY


def fmt_ratio(ratio: float | None) -> str:
    return f"{ratio * 100:.1f}%".replace(".", ",") if ratio is not None else EMPTY


def _text(value: Any) -> str:
    return EMPTY if value in (None, "") else str(value)


def _doc_label(doc: DocInfo) -> str:
    return f"{doc.number or doc.file_name}\n{fmt_date(doc.issued_on)}"


def _doc_json(doc: DocInfo) -> dict[str, Any]:
    return {"document_id": doc.id, "number": doc.number, "doc_type": doc.doc_type,
            "issued_on": doc.issued_on.isoformat() if doc.issued_on else None,
            "issuer": doc.issuer, "file_name": doc.file_name}


# ----------------------------------------------------------------------------- funding

def _amount_cell(row: FundingRow) -> Text:
    cell = Text("   " * (row.depth - 1) + "└ " if row.depth else "")
    cell.append(fmt_vnd(row.amount_vnd), style="dim" if row.depth or row.repeat_of else "bold")
    if row.repeat_of is not None:
        cell.append("\n(nhắc lại khoản trên, không cộng lại)", style="dim")
    if row.words_mismatch:
        cell.append(f"\n⚠ bằng chữ: {fmt_vnd(row.in_words_vnd)}", style="red")
    elif row.part_of is not None and row.depth == 0:
        cell.append(f"\n(thuộc tổng {fmt_vnd(row.part_of)})", style="dim")
    return cell


def funding_view(report: FundingReport) -> RenderableType:
    """The amounts (parts indented under their total), then the totals, overall and by year."""
    table = Table(title=f"Kinh phí ({len(report.rows)} khoản)", title_justify="left")
    table.add_column("Số tiền", no_wrap=True)
    for header in ("Văn bản", "Cơ quan ban hành", "Mục đích", "Nguồn", "Năm"):
        table.add_column(header, overflow="fold")
    for row in report.rows:
        table.add_row(_amount_cell(row), _doc_label(row.document), _text(row.document.issuer),
                      _text(row.purpose), _text(row.source), _text(row.year))
    lines = [Text("Cộng theo từng văn bản (không cộng các văn bản với nhau):", style="bold")]
    lines += [Text(f"  {doc.number or doc.file_name} ngày {fmt_date(doc.issued_on)}: "
                   f"{format_vnd(total)}" + (f" ({n} khoản)" if n > 1 else ""))
              for doc, total, n in report.documents]
    parts = sum(1 for row in report.rows if row.parent_id is not None)
    again = sum(1 for row in report.rows if row.repeat_of is not None)
    if parts:
        lines.append(Text(f"({parts} khoản là phần của một khoản tổng đã liệt kê, không cộng "
                          "lại vào tổng)", style="dim"))
    if again:
        lines.append(Text(f"({again} khoản nhắc lại một khoản đã nêu trong cùng văn bản, "
                          "không cộng lại)", style="dim"))
    return Group(table, *lines)


def funding_json(report: FundingReport) -> dict[str, Any]:
    return {"total_vnd": report.total_vnd,
            "by_year": [{"year": y, "total_vnd": a} for y, a in report.by_year],
            "documents": [{"document": _doc_json(doc), "total_vnd": total, "counted": n}
                          for doc, total, n in report.documents],
            "amounts": [{"id": r.id, "amount_vnd": r.amount_vnd, "text": r.text,
                         "in_words_vnd": r.in_words_vnd, "words_mismatch": r.words_mismatch,
                         "source": r.source, "purpose": r.purpose, "year": r.year,
                         "part_of": r.part_of, "parent_id": r.parent_id,
                         "repeat_of": r.repeat_of, "counted": r.counted,
                         "span": list(r.span) if r.span else None,
                         "document": _doc_json(r.document)} for r in report.rows]}


FUNDING_COLUMNS = (
    Column("Số tiền (đồng)", "vnd", 20), Column("Thuộc khoản tổng (đồng)", "vnd", 20),
    Column("Tính vào tổng"), Column("Nguyên văn", width=20), Column("Bằng chữ (đồng)", "vnd", 20),
    Column("Lệch bằng chữ"), Column("Nguồn", width=30), Column("Mục đích", width=50),
    Column("Năm", "year", 8), Column("Số/ký hiệu", width=18), Column("Loại văn bản"),
    Column("Ngày ban hành", "date", 14), Column("Cơ quan ban hành", width=36),
    Column("Tệp", width=24))


def funding_sheet(report: FundingReport) -> Sheet:
    rows = [(r.amount_vnd, r.part_of, "Có" if r.counted else "Không", r.text, r.in_words_vnd,
             "Có" if r.words_mismatch else None, r.source,
             r.purpose, r.year, r.document.number,
             type_label(r.document.doc_type), r.document.issued_on, r.document.issuer,
             r.document.file_name) for r in report.rows]
    footer = [(total, None, "Cộng văn bản (không tính trùng khoản thành phần, khoản nhắc "
                            "lại)", None, None, None, None, None, None, doc.number,
               type_label(doc.doc_type), doc.issued_on, doc.issuer, doc.file_name)
              for doc, total, _n in report.documents]
    return Sheet("Kinh phí", FUNDING_COLUMNS, rows, footer)


# ----------------------------------------------------------------------------- targets

def _goal_text(row: TargetRow) -> str:
    lo, hi = row.min_value, row.max_value
    unit = f" {row.unit}" if row.unit else ""
    if lo is not None and hi is not None and lo != hi:
        return f"{fmt_number(lo)} – {fmt_number(hi)}{unit}"
    if lo is not None and hi is None:
        return f"≥ {fmt_number(lo)}{unit}"
    if lo is None and hi is not None:
        return f"≤ {fmt_number(hi)}{unit}"
    return f"{fmt_number(lo)}{unit}"


def targets_view(rows: Sequence[TargetRow]) -> RenderableType:
    """Each goal beside what a later report says was achieved (mục tiêu / đạt được / tỷ lệ)."""
    table = Table(title=f"Chỉ tiêu ({len(rows)})", title_justify="left")
    table.add_column("Chỉ tiêu", overflow="fold")
    for header in ("Kỳ", "Văn bản", "Mục tiêu", "Đạt được", "Báo cáo", "Tỷ lệ", "Đánh giá"):
        table.add_column(header, overflow="fold", no_wrap=header in ("Văn bản", "Báo cáo"))
    for row in rows:
        got = row.achieved
        met = Text(_MET_LABELS[row.met], style={True: "green", False: "red"}.get(row.met, ""))
        table.add_row(_text(row.metric), _text(row.period), _doc_label(row.document),
                      _goal_text(row), f"{fmt_number(got.value)} {got.unit or ''}".strip()
                      if got else EMPTY, _doc_label(got.document) if got else EMPTY,
                      fmt_ratio(row.ratio), met)
    paired = sum(1 for row in rows if row.achieved)
    return Group(table, Text(f"{paired}/{len(rows)} chỉ tiêu có số liệu đạt được từ báo cáo "
                             "sau đó.", style="dim"))


def targets_json(rows: Sequence[TargetRow]) -> list[dict[str, Any]]:
    def achieved(row: TargetRow) -> dict[str, Any] | None:
        a = row.achieved
        return None if a is None else {
            "statistic_id": a.statistic_id, "metric": a.metric, "value": a.value,
            "unit": a.unit, "period": a.period, "score": a.score,
            "document": _doc_json(a.document)}

    return [{"id": r.id, "metric": r.metric, "min": r.min_value, "max": r.max_value,
             "unit": r.unit, "period": r.period, "span": list(r.span) if r.span else None,
             "document": _doc_json(r.document), "achieved": achieved(r), "ratio": r.ratio,
             "met": r.met} for r in rows]


TARGET_COLUMNS = (
    Column("Chỉ tiêu", width=50), Column("Mục tiêu tối thiểu", "number"),
    Column("Mục tiêu tối đa", "number"), Column("Đơn vị tính", width=12), Column("Kỳ", width=10),
    Column("Văn bản đặt mục tiêu", width=18), Column("Ngày ban hành", "date"),
    Column("Cơ quan ban hành", width=36), Column("Đạt được", "number"),
    Column("Nội dung báo cáo", width=50), Column("Văn bản báo cáo", width=18),
    Column("Ngày báo cáo", "date"), Column("Tỷ lệ", "ratio", 10), Column("Đánh giá", width=10))


def targets_sheet(rows: Sequence[TargetRow]) -> Sheet:
    out = []
    for r in rows:
        got = r.achieved
        out.append((r.metric, r.min_value, r.max_value, r.unit, r.period, r.document.number,
                    r.document.issued_on, r.document.issuer, got.value if got else None,
                    got.metric if got else None, got.document.number if got else None,
                    got.document.issued_on if got else None, r.ratio,
                    None if r.met is None else _MET_LABELS[r.met]))
    return Sheet("Chỉ tiêu", TARGET_COLUMNS, out)


# ----------------------------------------------------------------------------- files

def _csv_value(value: Any) -> str:
    """A cell as CSV text: text on one line without indent or padding (a sentence read
    across lines, a table's cell), dates dd/mm/yyyy, whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def write_csv(sheet: Sheet, path: str | Path) -> None:
    """UTF-8 with BOM, comma-separated; numbers in plain digits ("6400000000", "2.5"),
    dates dd/mm/yyyy."""
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([c.header for c in sheet.columns])
        writer.writerows([_csv_value(v) for v in row] for row in sheet.rows)


def number_format(kind: Kind, value: Any) -> str | None:
    """The .xlsx format of a value: đồng grouped with dots, decimals with a comma (as many
    places as the value has, up to 3), dates dd/mm/yyyy."""
    if kind == "number" and isinstance(value, (int, float)):
        places = 0 if float(value).is_integer() else min(
            3, len(repr(float(value)).split(".")[1]))
        return f"{VI_LOCALE}#,##0" + ("." + "0" * places if places else "")
    return XLSX_FORMATS.get(kind)


def write_xlsx(sheet: Sheet, path: str | Path) -> None:
    """One worksheet: bold Vietnamese headers, frozen header row, numbers and dates as real
    cell values with Vietnamese formats, the footer (totals) in bold below a blank row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = re.sub(r"[\\/?*\[\]:]", "-", sheet.title)[:31]   # what Excel forbids in a name
    ws.append([c.header for c in sheet.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    footer_start = len(sheet.rows) + 3
    for r, row in enumerate([*sheet.rows, *([()] if sheet.footer else []), *sheet.footer], 2):
        for c, (column, value) in enumerate(zip(sheet.columns, row), 1):
            if value is None:
                continue
            cell = ws.cell(row=r, column=c, value=value)
            fmt = number_format(column.kind, value) if not isinstance(value, str) else None
            if fmt:
                cell.number_format = fmt
            if r >= footer_start:
                cell.font = Font(bold=True)
    for c, column in enumerate(sheet.columns, 1):
        ws.column_dimensions[get_column_letter(c)].width = column.width
    book.save(path)
