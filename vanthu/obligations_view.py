"""How tasks and deadlines look to a secretariat: Vietnamese labels, dd/mm/yyyy dates, rich
tables for the CLI, plain dicts for ``--json``, and an iCalendar file for Outlook, Google
Calendar and Thunderbird."""
from __future__ import annotations

import zlib
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from models.obligations import DueItem, Task, UnitTasks
from models.status import Progress
from vanthu.display import EMPTY, event_line, fmt_count, fmt_date, shown_of

STATUS_LABELS = {"open": "Chưa hoàn thành", "done": "Đã hoàn thành", "overdue": "Quá hạn"}
ROLE_LABELS = {"lead": "Chủ trì", "support": "Phối hợp"}
_WEEKDAYS = {"MO": "thứ Hai", "TU": "thứ Ba", "WE": "thứ Tư", "TH": "thứ Năm", "FR": "thứ Sáu",
             "SA": "thứ Bảy", "SU": "Chủ nhật"}
ACTION_MAX = 160


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _rule_parts(rule: str) -> dict[str, str]:
    return dict(p.split("=", 1) for p in rule.split(";") if "=" in p)


_FREQ_UNITS = {"YEARLY": "năm", "MONTHLY": "tháng", "WEEKLY": "tuần", "DAILY": "ngày"}


def describe_rrule(rule: str | None) -> str:
    """An RRULE as a secretariat says it: "FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=20" →
    "Định kỳ hằng năm, ngày 20/6 và 20/12"; "FREQ=MONTHLY;INTERVAL=3" → "Định kỳ 3 tháng một
    lần"; "FREQ=WEEKLY;BYDAY=FR" → "Định kỳ hằng tuần, thứ Sáu"."""
    if not rule:
        return EMPTY
    parts = _rule_parts(rule)
    freq = parts.get("FREQ", "")
    if freq not in _FREQ_UNITS:
        return f"Định kỳ ({rule})"
    interval = parts.get("INTERVAL", "1")
    every = (f"hằng {_FREQ_UNITS[freq]}" if interval in ("", "1")
             else f"{interval} {_FREQ_UNITS[freq]} một lần")
    days = [d for d in parts.get("BYMONTHDAY", "").split(",") if d]
    months = [m for m in parts.get("BYMONTH", "").split(",") if m]
    when = ""
    if months and days:
        when = "ngày " + " và ".join(f"{d}/{m}" for m in months for d in days)
    elif months:
        when = "tháng " + " và ".join(months)
    elif days:
        when = " và ".join("ngày cuối tháng" if d == "-1" else f"ngày {d}" for d in days)
    elif parts.get("BYDAY"):
        when = " và ".join(_WEEKDAYS.get(d, d) for d in parts["BYDAY"].split(","))
    return f"Định kỳ {every}" + (f", {when}" if when else "")


def due_label(task: Task) -> str:
    if task.rrule:
        nxt = f" (lần tới {fmt_date(task.next_due)})" if task.next_due else ""
        return describe_rrule(task.rrule) + nxt
    return fmt_date(task.due)


def status_label(task: Task) -> str:
    label = STATUS_LABELS["overdue" if task.overdue else task.status]
    if task.progress is not None and task.progress.total:
        label += "\n" + progress_label(task.progress)
    return label


def progress_label(progress: Progress) -> str:
    """"3/14 đơn vị đã xong" for a group task."""
    return f"{fmt_count(len(progress.done))}/{fmt_count(progress.total)} đơn vị đã xong"


def document_label(task: Task) -> str:
    number = task.number or "(không số)"
    return f"{number} ngày {fmt_date(task.issued_on)}" if task.issued_on else number


def response_label(task: Task) -> str:
    if not task.responses:
        return EMPTY
    return "; ".join(f"{r.number or 'văn bản không số'}"
                     + (f" ngày {fmt_date(r.issued_on)}" if r.issued_on else "")
                     + (f" ({r.unit})" if r.unit else "") for r in task.responses)


def short(text: str | None, limit: int = ACTION_MAX) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def task_json(task: Task, history: Sequence[Any] = ()) -> dict[str, Any]:
    progress = ({"done": list(task.progress.done), "total": task.progress.total}
                if task.progress is not None else None)
    return {"history": [event_json(e) for e in history], "members": progress, "id": task.id, "assignee": task.assignee, "unit": task.unit,
            "via_group": task.via_group, "role": task.role, "action": task.action,
            "due": _iso(task.due), "rrule": task.rrule, "next_due": _iso(task.next_due),
            "status": "overdue" if task.overdue else task.status,
            "document": {"id": task.document_id, "number": task.number,
                         "issued_on": _iso(task.issued_on), "issuer": task.issuer},
            "sentence": task.sentence,
            "responses": [{"document_id": r.document_id, "number": r.number,
                           "issued_on": _iso(r.issued_on), "unit": r.unit}
                          for r in task.responses]}


def due_json(item: DueItem) -> dict[str, Any]:
    return {"due": item.due.isoformat(), "overdue": item.overdue, "recurring": item.recurring,
            "task": task_json(item.task)}


def scope_json(found: UnitTasks) -> dict[str, Any]:
    return {"units": list(found.units), "groups": list(found.groups), "known": found.known}


def _count(shown: int, total: int | None) -> str:
    """"12" when all are shown, "50/10.234" when only the first 50 are."""
    return fmt_count(shown) if total is None or total <= shown else shown_of(shown, total)


def scope_text(asked: str | None, found: UnitTasks) -> str | None:
    """One line saying which units ``--unit`` was taken to mean."""
    if asked is None:
        return None
    groups = f"; qua nhóm: {'; '.join(found.groups)}" if found.groups else ""
    if not found.known:
        return (f"Đơn vị “{asked}” chưa có trong danh bạ đơn vị: chỉ tính các nhiệm vụ giao "
                f"cho nhóm đơn vị cùng cấp{groups}.")
    return f"Đơn vị: {'; '.join(found.units)}{groups}"


def _assignee(task: Task) -> str:
    name = task.assignee or task.unit or EMPTY
    role = ROLE_LABELS.get(task.role or "")
    return f"{name} ({role.lower()})" if role else name


def _task_cell(task: Task, body: str, history: Sequence[Any] = ()) -> Text:
    """The task as one cell: who (bold), what, from which document, its responses and the
    history of its status (who, when, note)."""
    cell = Text(_assignee(task), style="bold")
    cell.append(f"\n{body}")
    cell.append(f"\nVăn bản: {document_label(task)}", style="dim")
    if task.responses:
        cell.append(f"\nĐã phản hồi: {response_label(task)}", style="green")
    changes = [e for e in history if e.status != "responded"]
    if changes:
        cell.append("\nLịch sử: " + "; ".join(
            event_line(e.status, e.at, e.actor, e.note, e.unit) for e in changes), style="cyan")
    return cell


def event_json(e: Any) -> dict[str, Any]:
    return {"status": e.status, "at": e.at.isoformat() if e.at else None, "by": e.actor,
            "note": e.note, "unit": e.unit, "source_document_id": e.source_document_id}


def tasks_view(tasks: Sequence[Task], total: int | None = None,
               history: dict[int, list[Any]] | None = None) -> RenderableType:
    """The tasks as a table; ``total``: how many there are in all, when ``tasks`` holds only
    the first of them; ``history``: each task's status changes."""
    if not tasks:
        return Text("Không có nhiệm vụ nào.", style="dim")
    table = Table(title=f"Nhiệm vụ ({_count(len(tasks), total)})", title_justify="left",
                  show_lines=True)
    table.add_column("Mã", justify="right")
    table.add_column("Hạn", overflow="fold", max_width=24)
    table.add_column("Trạng thái", overflow="fold")
    table.add_column("Nhiệm vụ (trích văn bản)", overflow="fold", ratio=1)
    for t in tasks:
        style = "bold red" if t.overdue else ("green" if t.status == "done" else "")
        table.add_row(str(t.id), due_label(t), Text(status_label(t), style=style),
                      _task_cell(t, t.sentence or short(t.action),
                                 (history or {}).get(t.id or -1, ())))
    return table


def days_label(item: DueItem, as_of: date) -> str:
    days = (item.due - as_of).days
    if item.overdue:
        return f"Quá hạn {fmt_count(-days)} ngày"
    return "Đến hạn hôm nay" if days == 0 else f"Còn {fmt_count(days)} ngày"


def due_view(items: Sequence[DueItem], as_of: date, within_days: int,
             total: int | None = None) -> RenderableType:
    """The due items as a table; ``total``: how many there are in all, when ``items`` holds
    only the first of them."""
    if not items:
        return Text(f"Không có nhiệm vụ nào quá hạn hoặc đến hạn trong {within_days} ngày "
                    f"kể từ {fmt_date(as_of)}.", style="dim")
    table = Table(title=f"Thời hạn tính đến {fmt_date(as_of)} "
                        f"({_count(len(items), total)})",
                  title_justify="left", show_lines=True)
    table.add_column("Hạn", overflow="fold")
    table.add_column("Tình trạng", overflow="fold")
    table.add_column("Nhiệm vụ", overflow="fold", ratio=1)
    table.add_column("Mã", justify="right")
    for item in items:
        t = item.task
        when = fmt_date(item.due) + ("\n(định kỳ)" if item.recurring else "")
        table.add_row(when, Text(days_label(item, as_of), style="bold red" if item.overdue else ""),
                      _task_cell(t, short(t.action or t.sentence)),
                      str(t.id) if t.id is not None else EMPTY)
    return table


def calendar_ics(tasks: Sequence[Task], stamp: datetime, name: str = "vanthu") -> bytes:
    """An iCalendar file: one all-day event per task with a deadline (recurring ones with
    their RRULE from their next occurrence as of the listing's date, so a rule of 2019 does
    not fill the calendar's past), with a reminder the day before. ``stamp`` is the DTSTAMP
    (the export time, given by the caller)."""
    from icalendar import Alarm, Calendar, Event, vRecur

    cal = Calendar()
    cal.add("prodid", "-//vanthu//Thời hạn nhiệm vụ//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"Thời hạn nhiệm vụ — {name}")
    for t in tasks:
        start = t.next_due if t.rrule else t.due
        if start is None:
            continue
        event = Event()
        uid = (f"obligation-{t.id}@vanthu" if t.id is not None else
               f"deadline-{t.document_id}-{start.isoformat()}-"
               f"{zlib.crc32((t.rrule or '').encode()):08x}@vanthu")
        event.add("uid", uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(days=1))
        if t.rrule:
            event.add("rrule", vRecur.from_ical(t.rrule))
        event.add("summary", f"[{t.number or 'Văn bản'}] {short(t.action or t.sentence, 90)}")
        lines = [f"Đơn vị thực hiện: {_assignee(t)}", f"Văn bản: {document_label(t)}",
                 f"Hạn: {due_label(t)}", "", t.sentence or (t.action or "")]
        event.add("description", "\n".join(lines))
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Sắp đến hạn: {short(t.action or t.sentence, 90)}")
        alarm.add("trigger", timedelta(days=-1))
        event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()
