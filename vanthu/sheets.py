"""Every list as a sheet for ``--csv FILE`` / ``--xlsx FILE`` (deadlines, obligations, refs,
search, funding, targets) and for the web page's exports: one set of columns per list and one
writer (vanthu/finance_view.py's CSV with BOM and Excel with Vietnamese formats).

Light at import time (click only at module level), so commands can decorate with
:func:`file_options` without loading openpyxl or rich.
"""
from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from models.obligations import DueItem, Task
    from vanthu.finance_view import Sheet

F = TypeVar("F", bound=Callable[..., Any])

STATUS_VI = {"done": "Đã hoàn thành", "open": "Chưa hoàn thành"}


def file_options(fn: F) -> F:
    """--csv FILE and --xlsx FILE."""
    fn = click.option("--xlsx", "xlsx_path", type=click.Path(dir_okay=False), metavar="TỆP",
                      help="Ghi mọi dòng vào TỆP Excel (tiêu đề cột tiếng Việt, số và ngày "
                           "tháng giữ đúng kiểu).")(fn)
    return click.option("--csv", "csv_path", type=click.Path(dir_okay=False), metavar="TỆP",
                        help="Ghi mọi dòng vào TỆP CSV (UTF-8 có BOM, mở được bằng "
                             "Excel).")(fn)


def write_files(sheet: Sheet, csv_path: str | None, xlsx_path: str | None) -> None:
    """Write the requested files, saying how many rows went where; one clear line and exit 1
    when one cannot be written."""
    from vanthu.finance_view import write_csv, write_xlsx

    for path, write in ((csv_path, write_csv), (xlsx_path, write_xlsx)):
        if not path:
            continue
        try:
            write(sheet, path)
        except OSError as e:
            click.echo(f"Lỗi: không ghi được tệp {path}: {e.strerror or e}", err=True)
            sys.exit(1)
        click.echo(f"Đã ghi {len(sheet.rows)} dòng vào {path}", err=True)


def _columns(*spec: tuple[str, str, int]) -> tuple[Any, ...]:
    from vanthu.finance_view import Column

    return tuple(Column(header, kind, width) for header, kind, width in spec)  # type: ignore[arg-type]


def task_columns() -> tuple[Any, ...]:
    return _columns(("Hạn", "date", 12), ("Tình trạng", "text", 16),
                    ("Đơn vị thực hiện", "text", 40), ("Nhiệm vụ", "text", 80),
                    ("Văn bản giao", "text", 20), ("Ngày văn bản", "date", 12),
                    ("Mã", "text", 8), ("Định kỳ", "text", 30), ("Cập nhật gần nhất", "text", 40))


def task_row(due: Any, status: str, t: Task, last: str | None = None) -> tuple[Any, ...]:
    from vanthu.obligations_view import describe_rrule

    return (due, status, t.assignee or t.unit, t.action or t.sentence, t.number, t.issued_on,
            t.id, describe_rrule(t.rrule) if t.rrule else None, last)


def _last_change(history: dict[int, list[Any]] | None, task: Task) -> str | None:
    from vanthu.display import event_line

    events = [e for e in (history or {}).get(task.id or -1, []) if e.status != "responded"]
    if not events:
        return None
    e = events[-1]
    return event_line(e.status, e.at, e.actor, e.note, e.unit)


def tasks_sheet(tasks: Sequence[Task], history: dict[int, list[Any]] | None = None) -> Sheet:
    from vanthu.finance_view import Sheet

    rows = [task_row(t.due or t.next_due, "Quá hạn" if t.overdue else STATUS_VI.get(
        t.status, t.status), t, _last_change(history, t)) for t in tasks]
    return Sheet("Nhiệm vụ", task_columns(), rows)


def due_sheet(items: Sequence[DueItem]) -> Sheet:
    from vanthu.finance_view import Sheet

    rows = [task_row(i.due, "Quá hạn" if i.overdue else "Sắp đến hạn", i.task) for i in items]
    return Sheet("Thời hạn", task_columns(), rows)


def hit_columns() -> tuple[Any, ...]:
    return _columns(("Số, ký hiệu", "text", 20), ("Loại", "text", 14),
                    ("Cơ quan ban hành", "text", 40), ("Ngày ban hành", "date", 12),
                    ("Trích yếu", "text", 80))


def hits_sheet(hits: Sequence[Any]) -> Sheet:
    from vanthu.display import type_label
    from vanthu.finance_view import Sheet

    rows = [(h.number, type_label(h.doc_type), h.issuer, h.issued_on, h.subject) for h in hits]
    return Sheet("Kết quả tìm kiếm", hit_columns(), rows)


def citations_sheet(title: str, citations: Sequence[Any]) -> Sheet:
    from vanthu.display import relation_label, type_label
    from vanthu.finance_view import Sheet

    columns = _columns(("Số, ký hiệu", "text", 20), ("Loại", "text", 14),
                       ("Ngày ban hành", "date", 12), ("Trích yếu", "text", 60),
                       ("Quan hệ", "text", 18), ("Ngày theo trích dẫn", "date", 12),
                       ("Câu trích dẫn", "text", 80), ("Tệp", "text", 24))
    rows = [(c.number, type_label(c.doc_type), c.issued_on, c.subject,
             relation_label(c.relation), c.cited_date, c.sentence, c.file_name)
            for c in citations]
    return Sheet(title[:31], columns, rows)
