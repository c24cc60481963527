"""``vanthu obligations``, ``vanthu deadlines``, ``vanthu done`` / ``vanthu reopen`` and
``vanthu export ics``: what binds a unit, what falls due, status changes, and a calendar.

Light at import time (models, SQLAlchemy, rich and icalendar load inside the commands), so
registering them in vanthu/cli.py does not slow ``vanthu extract`` down. Today's date is read
here, at the edge, and only when ``--as-of`` is not given.
"""
from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, TypeVar

import click

from vanthu.app import db_option, json_option
from vanthu.sheets import file_options, write_files

F = TypeVar("F", bound=Callable[..., Any])
_WITHIN = re.compile(r"^\s*(\d+)\s*([dwn]|ngay|ngày|tuan|tuần)?\s*$", re.IGNORECASE)


def parse_date(_ctx: Any, _param: Any, value: str | None) -> date | None:
    """``--as-of``: ISO (2020-04-01) or dd/mm/yyyy (01/04/2020)."""
    if value is None:
        return None
    text = value.strip()
    try:
        if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", text):
            day, month, year = (int(p) for p in text.split("/"))
            return date(year, month, day)
        return date.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(f"ngày không hợp lệ: {value} (dùng dd/mm/yyyy hoặc yyyy-mm-dd)")


def parse_within(_ctx: Any, _param: Any, value: str) -> int:
    """``--within``: days, as "14d", "2w" (weeks) or "14"."""
    m = _WITHIN.match(value)
    if not m:
        raise click.BadParameter(f"khoảng thời gian không hợp lệ: {value} (ví dụ 14d, 2w)")
    weeks = (m.group(2) or "d").lower() in {"w", "tuan", "tuần"}
    return int(m.group(1)) * (7 if weeks else 1)


def as_of_option(fn: F) -> F:
    return click.option("--as-of", "as_of", callback=parse_date, metavar="NGÀY",
                        help="Ngày tính hạn (dd/mm/yyyy hoặc yyyy-mm-dd; mặc định: hôm "
                             "nay).")(fn)


# Rows a listing shows unless --limit says otherwise.
DEFAULT_LIMIT = 50


def limit_option(fn: F) -> F:
    return click.option("--limit", "limit", default=DEFAULT_LIMIT, show_default=True,
                        type=click.IntRange(min=0), metavar="N",
                        help="In nhiều nhất N dòng, hạn gần nhất trước (0: tất cả); luôn "
                             "cho biết tổng số.")(fn)


UNIT_HELP = ("Đơn vị, viết theo cách thường dùng (\"Sở NN&PTNT\", \"UBND huyện Mộ Đức\"): "
             "nhiệm vụ của chính đơn vị và của các nhóm có đơn vị đó. Tên không có trong "
             "danh bạ là lỗi, kèm các tên gần giống nhất.")


def unit_option(fn: F) -> F:
    return click.option("--unit", "unit", metavar="TÊN_ĐƠN_VỊ", help=UNIT_HELP)(fn)


@contextmanager
def unit_errors() -> Iterator[None]:
    """A ``--unit`` the directory does not know: one Vietnamese line with suggestions, and
    exit 1."""
    from models.unit_lookup import UnknownUnit
    from vanthu.display import unknown_unit_vi

    try:
        yield
    except UnknownUnit as e:
        click.echo("Lỗi: " + unknown_unit_vi(e.name, e.suggestions), err=True)
        sys.exit(1)


def today() -> date:
    """Today's date: only the CLI edge calls this, the queries take the date as argument."""
    return date.today()


@click.command("obligations", epilog="""\b
Ví dụ:
  vanthu obligations --unit "Sở NN&PTNT"
  vanthu obligations --unit "UBND huyện Mộ Đức" --status overdue
  vanthu obligations --unit "Sở Tài chính" --xlsx nhiem_vu.xlsx""")
@unit_option
@click.option("--status", type=click.Choice(["open", "done", "overdue"]),
              help="Chỉ nhiệm vụ chưa xong (open), đã xong (done) hoặc quá hạn (overdue: chưa "
                   "xong, hạn trước ngày tính hạn).")
@limit_option
@as_of_option
@db_option
@json_option
@file_options
def obligations(unit: str | None, status: str | None, limit: int, as_of: date | None,
                db_url: str | None, as_json: bool, csv_path: str | None,
                xlsx_path: str | None) -> None:
    """Nhiệm vụ của một đơn vị: hạn, văn bản giao, trích đoạn văn bản, phản hồi.

    Mọi nhiệm vụ giao cho đơn vị (trực tiếp hoặc qua nhóm như "UBND các huyện, thành
    phố"), kèm thời hạn, văn bản giao (số, ngày), câu văn giao nhiệm vụ, các báo cáo đã phản
    hồi và lịch sử xử lý.
    """
    from rich.console import Console

    from models.obligations import tasks_for
    from vanthu.app import _open_db, _print_json
    from vanthu.display import more_line
    from vanthu.obligations_view import scope_json, scope_text, task_json, tasks_view

    from models.dashboard import events_for

    engine = _open_db(db_url, must_exist=True)
    export = bool(csv_path or xlsx_path)   # a file holds every row, not a page
    with unit_errors():
        found = tasks_for(engine, unit, as_of or today(), status,
                          None if export else (limit or None))
    history = events_for(engine, [t.id for t in found.tasks if t.id is not None])
    if export:
        from vanthu.sheets import tasks_sheet

        write_files(tasks_sheet(found.tasks, history), csv_path, xlsx_path)
        return
    if as_json:
        _print_json({**scope_json(found), "total": found.count,
                     "tasks": [task_json(t, history.get(t.id or -1, [])) for t in found.tasks]})
        return
    console = Console(highlight=False)
    line = scope_text(unit, found)
    if line:
        console.print(line, style="bold" if found.known else "yellow")
    console.print(tasks_view(found.tasks, found.count, history))
    more = more_line(len(found.tasks), found.count, "nhiệm vụ")
    if more:
        console.print(more, style="dim")


@click.command("deadlines", epilog="""\b
Ví dụ:
  vanthu deadlines --upcoming --within 7d          # việc đến hạn trong tuần tới
  vanthu deadlines --overdue --unit "Sở NN&PTNT"   # việc đã quá hạn của một đơn vị
  vanthu deadlines --upcoming --within 7d --xlsx han-tuan-nay.xlsx""")
@unit_option
@click.option("--within", "within", default="30d", show_default=True, callback=parse_within,
              metavar="KHOẢNG",
              help="Khoảng thời gian sau ngày tính hạn: 14d (ngày), 2w (tuần).")
@click.option("--overdue", "overdue_only", is_flag=True, help="Chỉ các việc đã quá hạn.")
@click.option("--upcoming", "upcoming_only", is_flag=True,
              help="Chỉ các việc chưa quá hạn: hạn từ ngày tính hạn đến hết khoảng --within.")
@limit_option
@as_of_option
@db_option
@json_option
@file_options
def deadlines(unit: str | None, within: int, overdue_only: bool, upcoming_only: bool,
              limit: int, as_of: date | None, db_url: str | None, as_json: bool,
              csv_path: str | None, xlsx_path: str | None) -> None:
    """Việc quá hạn và sắp đến hạn (kể cả thời hạn định kỳ).

    Các việc đã quá hạn và các việc đến hạn trong khoảng --within sau ngày tính hạn; thời
    hạn định kỳ ("20/6 và 20/12 hằng năm") được tính ra từng lần.
    """
    if overdue_only and upcoming_only:
        click.echo("Lỗi: chỉ chọn một trong --overdue và --upcoming.", err=True)
        sys.exit(2)
    from rich.console import Console

    from models.due import due_items
    from vanthu.app import _open_db, _print_json
    from vanthu.display import more_line
    from vanthu.obligations_view import due_json, due_view, scope_json, scope_text

    ref = as_of or today()
    engine = _open_db(db_url, must_exist=True)
    export = bool(csv_path or xlsx_path)   # a file holds every row, not a page
    with unit_errors():
        found, items = due_items(engine, unit, ref, within, overdue_only,
                                 None if export else (limit or None),
                                 upcoming_only=upcoming_only)
    if export:
        from vanthu.sheets import due_sheet

        write_files(due_sheet(items), csv_path, xlsx_path)
        return
    if as_json:
        _print_json({**scope_json(found), "as_of": ref.isoformat(), "within_days": within,
                     "total": items.total, "items": [due_json(i) for i in items]})
        return
    console = Console(highlight=False)
    line = scope_text(unit, found)
    if line:
        console.print(line, style="bold" if found.known else "yellow")
    console.print(due_view(items, ref, within, items.total))
    more = more_line(len(items), items.total, "thời hạn")
    if more:
        console.print(more, style="dim")


def _change(obligation_id: int, status: str, by: str | None, note: str | None,
            unit: str | None, db_url: str | None) -> None:
    from models.obligations import UnknownObligation, set_status
    from models.status import NotAGroupTask, NotAMember
    from vanthu.app import _open_db
    from vanthu.display import fmt_time
    from vanthu.obligations_view import STATUS_LABELS, progress_label, short

    if not (by or "").strip():
        click.echo("Lỗi: hãy ghi rõ người cập nhật: --by \"Họ tên\" (hoặc tên đơn vị).", err=True)
        sys.exit(2)
    engine = _open_db(db_url, must_exist=True)
    try:
        with unit_errors():
            change = set_status(engine, obligation_id, status, by, note, unit=unit)
    except UnknownObligation:
        click.echo(f"Không tìm thấy nhiệm vụ mã {obligation_id}.", err=True)
        sys.exit(1)
    except NotAGroupTask:
        click.echo(f"Lỗi: nhiệm vụ {obligation_id} không giao cho một nhóm đơn vị; bỏ --unit "
                   "để cập nhật cả nhiệm vụ.", err=True)
        sys.exit(1)
    except NotAMember as e:
        shown = "; ".join(e.members[:10]) + (" …" if len(e.members) > 10 else "")
        click.echo(f"Lỗi: “{e.unit}” không thuộc nhóm “{e.group}” của nhiệm vụ "
                   f"{obligation_id}. Các đơn vị của nhóm: {shown or 'chưa có'}.", err=True)
        sys.exit(1)
    whose = f" — {change.unit}" if change.unit else ""
    if change.repeat:
        state = "đã hoàn thành" if status == "done" else "đang chưa hoàn thành"
        since = ""
        if change.since is not None:
            since = f" từ {fmt_time(change.since.at)}"
            since += f" (người cập nhật: {change.since.actor})" if change.since.actor else ""
        click.echo(f"Cảnh báo: nhiệm vụ {change.id}{whose} {state}{since}; không ghi thêm.",
                   err=True)
        return
    click.echo(f"Nhiệm vụ {change.id}{whose}: {STATUS_LABELS[status]} (người cập nhật: {by}) "
               f"— {short(change.action, 100)}")
    if change.progress is not None:
        line = progress_label(change.progress)
        if change.whole and change.unit:
            line += f"; cả nhiệm vụ: {STATUS_LABELS[status].lower()}"
        click.echo(line)


_BY_HELP = "Người (hoặc đơn vị) cập nhật: bắt buộc, được ghi vào lịch sử."
_MEMBER_HELP = ("Với nhiệm vụ giao cho một nhóm (\"UBND các huyện, thành phố\"): đơn vị thành "
                "viên có phần việc này; nhiệm vụ xong khi mọi đơn vị thành viên đã xong.")


@click.command("done", epilog="""\b
Ví dụ:
  vanthu done 55 --by "Nguyễn Văn A" --note "Đã gửi Báo cáo 12/BC-UBND"
  vanthu done 55 --by "Nguyễn Văn A" --unit "UBND huyện Mộ Đức"
""")
@click.argument("obligation_id", metavar="MÃ", type=int)
@click.option("--by", "by", metavar="TÊN", help=_BY_HELP)
@click.option("--note", "note", metavar="GHI_CHÚ",
              help="Ghi chú, ví dụ số báo cáo đã gửi.")
@click.option("--unit", "unit", metavar="TÊN_ĐƠN_VỊ", help=_MEMBER_HELP)
@db_option
def done(obligation_id: int, by: str | None, note: str | None, unit: str | None,
         db_url: str | None) -> None:
    """Đánh dấu nhiệm vụ MÃ đã hoàn thành (ghi lại người, thời điểm, ghi chú).

    MÃ là cột "Mã" của `vanthu obligations` và `vanthu show`. Thay đổi được ghi lại (ai,
    lúc nào, ghi chú); đánh dấu lần hai chỉ cảnh báo, không ghi thêm.
    """
    _change(obligation_id, "done", by, note, unit, db_url)


@click.command("reopen", epilog="""\b
Ví dụ:
  vanthu reopen 55 --by "Nguyễn Văn A" --note "Báo cáo còn thiếu số liệu"
  vanthu reopen 55 --by "Nguyễn Văn A" --unit "UBND huyện Mộ Đức"
""")
@click.argument("obligation_id", metavar="MÃ", type=int)
@click.option("--by", "by", metavar="TÊN", help=_BY_HELP)
@click.option("--note", "note", metavar="GHI_CHÚ", help="Lý do mở lại.")
@click.option("--unit", "unit", metavar="TÊN_ĐƠN_VỊ", help=_MEMBER_HELP)
@db_option
def reopen(obligation_id: int, by: str | None, note: str | None, unit: str | None,
           db_url: str | None) -> None:
    """Mở lại nhiệm vụ MÃ (chưa hoàn thành), ghi lại người và thời điểm.

    Nhiệm vụ MÃ (hoặc phần việc của một đơn vị thành viên) trở lại chưa hoàn thành; thay
    đổi được ghi lại (ai, lúc nào).
    """
    _change(obligation_id, "open", by, note, unit, db_url)


@click.group("export", epilog="""\b
Ví dụ:
  vanthu export ics --out lich.ics""")
def export() -> None:
    """Xuất dữ liệu ra tệp cho phần mềm khác (lịch iCalendar).

    `vanthu export ics` ghi thời hạn các nhiệm vụ thành tệp lịch.
    """


@export.command("ics", epilog="""\b
Ví dụ:
  vanthu export ics --unit "UBND huyện Mộ Đức" --out lich.ics
  vanthu export ics --overdue-within 30d --out lich.ics""")
@unit_option
@click.option("--out", "out", type=click.Path(dir_okay=False), metavar="TỆP",
              help="Ghi lịch vào TỆP (mặc định: in ra màn hình).")
@click.option("--overdue-within", "overdue_within", default="90d", show_default=True,
              callback=parse_within, metavar="KHOẢNG",
              help="Chỉ giữ việc quá hạn khi hạn nằm trong khoảng này trước ngày tính hạn "
                   "(lịch đầy việc quá hạn nhiều năm không giúp được ai).")
@as_of_option
@db_option
def export_ics(unit: str | None, out: str | None, overdue_within: int, as_of: date | None,
               db_url: str | None) -> None:
    """Xuất lịch thời hạn nhiệm vụ (.ics) cho Outlook, Google Calendar, Thunderbird.

    Tệp iCalendar các nhiệm vụ còn mở (việc định kỳ lặp lại từ lần tới), mỗi việc là một sự
    kiện cả ngày, nhắc trước một ngày; việc quá hạn lâu hơn --overdue-within được bỏ ra.
    """
    from datetime import timedelta

    from models.obligations import open_tasks
    from vanthu.app import _open_db
    from vanthu.obligations_view import calendar_ics

    ref = as_of or today()
    engine = _open_db(db_url, must_exist=True)
    with unit_errors():
        _found, tasks = open_tasks(engine, unit, ref)
    oldest = ref - timedelta(days=overdue_within)
    kept = [t for t in tasks if t.rrule or (t.due is not None and t.due >= oldest)]
    old = sum(1 for t in tasks if not t.rrule and t.due is not None and t.due < oldest)
    payload = calendar_ics(kept, datetime.now(timezone.utc), unit or "tất cả đơn vị")
    if out:
        Path(out).write_bytes(payload)
        events = payload.count(b"BEGIN:VEVENT")
        click.echo(f"Đã ghi {events} sự kiện vào {out}", err=True)
    else:
        sys.stdout.buffer.write(payload)
    if old:
        click.echo(f"Bỏ qua {old} nhiệm vụ quá hạn trước {ref.strftime('%d/%m/%Y')} hơn "
                   f"{overdue_within} ngày (--overdue-within).", err=True)
