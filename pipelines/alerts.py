"""The deadline alerts flow: for a date, one digest per unit of what is overdue and what falls
due within N days, written to ``out_dir`` (one .txt per unit) and e-mailed over SMTP when
configured; served daily with Prefect's ``flow.serve``.

A digest goes to the unit a task names; a task given to a group ("UBND các huyện, thành
phố") goes to every stored unit of that group that has not yet responded to it (to the group
itself while none is known).
"""
from __future__ import annotations

import json
import os
import re
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from pydantic import BaseModel, Field

from extractors.normalize import fold
from models import connect
from models.db import default_url
from models.due import due_items
from models.obligations import DueItem, canonical_units, memberships

DEFAULT_CRON = "0 7 * * *"
TIMEZONE = "Asia/Ho_Chi_Minh"
DEPLOYMENT_NAME = "vanthu-deadline-alerts"
# A scheduled run that fails (the mail server down, the database restarting) is tried again
# this many times, this many seconds apart (the runner loads the flow as decorated here);
# `vanthu alerts` run by hand fails at once (vanthu/alerts_cmd.py: retries=0).
RETRIES = 2
RETRY_DELAY_S = 600


def _fmt(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


class SmtpSettings(BaseModel):
    """Where and to whom digests are e-mailed. ``recipients``: unit (as written, any alias)
    → addresses. User and password, when the server needs them, are read from
    $VANTHU_SMTP_USER / $VANTHU_SMTP_PASSWORD at sending time (never stored in a deployment)."""

    host: str
    port: int = 25
    sender: str = "vanthu@localhost"
    starttls: bool = False
    recipients: dict[str, list[str]] = Field(default_factory=dict)

    @classmethod
    def from_env(cls, recipients_file: str | Path | None = None) -> SmtpSettings | None:
        """$VANTHU_SMTP_HOST/PORT/FROM and a JSON file {"UBND huyện Mộ Đức": "a@b.vn" or
        [...]}; None when no host is configured."""
        host = os.environ.get("VANTHU_SMTP_HOST")
        if not host:
            return None
        recipients: dict[str, list[str]] = {}
        path = recipients_file or os.environ.get("VANTHU_ALERT_RECIPIENTS")
        if path:
            raw = json.loads(Path(path).read_text(encoding="utf-8"))
            recipients = {k: [v] if isinstance(v, str) else list(v) for k, v in raw.items()}
        return cls(host=host, port=int(os.environ.get("VANTHU_SMTP_PORT") or 25),
                   sender=os.environ.get("VANTHU_SMTP_FROM") or "vanthu@localhost",
                   starttls=os.environ.get("VANTHU_SMTP_STARTTLS", "") in {"1", "true", "yes"},
                   recipients=recipients)


@dataclass(frozen=True)
class Digest:
    unit: str
    overdue: tuple[DueItem, ...]
    upcoming: tuple[DueItem, ...]


@dataclass
class AlertReport:
    files: list[str] = field(default_factory=list)
    sent: dict[str, list[str]] = field(default_factory=dict)   # unit → addresses
    no_address: list[str] = field(default_factory=list)


def _item_lines(n: int, item: DueItem, as_of: date) -> list[str]:
    t = item.task
    days = (item.due - as_of).days
    when = (f"quá hạn {-days} ngày" if item.overdue
            else "đến hạn hôm nay" if days == 0 else f"còn {days} ngày")
    doc = t.number or "không số"
    doc += f" ngày {_fmt(t.issued_on)}" if t.issued_on else ""
    periodic = " (định kỳ)" if item.recurring else ""
    lines = [f"{n}. Hạn {_fmt(item.due)}{periodic} ({when}) — Văn bản {doc}",
             f"   Nhiệm vụ: {' '.join((t.action or t.sentence or '').split())}"]
    if t.assignee:
        lines.append(f"   Giao cho: {t.assignee}")
    if t.id is not None:
        lines.append(f"   Mã nhiệm vụ: {t.id}")
    return lines


def digest_text(digest: Digest, as_of: date, within_days: int) -> str:
    """The digest as plain Vietnamese text."""
    lines = ["NHẮC VIỆC: THỜI HẠN THỰC HIỆN NHIỆM VỤ", f"Đơn vị: {digest.unit}",
             f"Ngày: {_fmt(as_of)}", ""]
    lines.append(f"Quá hạn ({len(digest.overdue)} nhiệm vụ):" if digest.overdue
                 else "Quá hạn: không có.")
    for n, item in enumerate(digest.overdue, 1):
        lines += _item_lines(n, item, as_of)
    lines.append("")
    head = f"Sắp đến hạn trong {within_days} ngày"
    lines.append(f"{head} ({len(digest.upcoming)} nhiệm vụ):" if digest.upcoming
                 else f"{head}: không có.")
    for n, item in enumerate(digest.upcoming, 1):
        lines += _item_lines(n, item, as_of)
    lines += ["", "—", "Thư tự động của vanthu. Khi đã hoàn thành, ghi nhận bằng lệnh: "
              "vanthu done <mã nhiệm vụ> --by <người thực hiện>."]
    return "\n".join(lines) + "\n"


def subject(digest: Digest, as_of: date) -> str:
    return (f"Nhắc hạn nhiệm vụ ngày {_fmt(as_of)}: {len(digest.overdue)} quá hạn, "
            f"{len(digest.upcoming)} sắp đến hạn — {digest.unit}")


def file_name(unit: str) -> str:
    return (re.sub(r"[^a-z0-9]+", "-", fold(unit)).strip("-") or "don-vi") + ".txt"


def group_digests(items: Sequence[DueItem], members: dict[str, list[str]]) -> list[Digest]:
    """Items by the unit that must act: a group's items go to each of its known members that
    has not responded to the task (to the group itself while no member is known)."""
    by_unit: dict[str, list[DueItem]] = {}
    for item in items:
        unit = item.task.unit
        if unit is None:
            continue
        responded = {r.unit for r in item.task.responses}
        for target in members.get(unit) or [unit]:
            if target not in responded:
                by_unit.setdefault(target, []).append(item)
    return [Digest(unit, tuple(i for i in found if i.overdue),
                   tuple(i for i in found if not i.overdue))
            for unit, found in sorted(by_unit.items())]


@task(name="build-digests", cache_policy=NO_CACHE)
def build_digests(db_url: str, as_of: date, within_days: int,
                  units: list[str] | None = None) -> list[Digest]:
    """Every unit's digest; with ``units`` (canonical names), only theirs."""
    engine = connect(db_url)
    try:
        _found, items = due_items(engine, None, as_of, within_days)
        digests = group_digests(items, memberships(engine))
        return digests if units is None else [d for d in digests if d.unit in set(units)]
    finally:
        engine.dispose()


@task(name="write-digests", cache_policy=NO_CACHE)
def write_digests(digests: list[Digest], as_of: date, within_days: int, out_dir: str
                  ) -> list[str]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for digest in digests:
        path = out / file_name(digest.unit)
        path.write_text(digest_text(digest, as_of, within_days), encoding="utf-8")
        paths.append(str(path))
    return paths


def addresses(db_url: str, smtp: SmtpSettings) -> dict[str, list[str]]:
    """Canonical unit name → addresses, from the recipients mapping (any alias as key)."""
    engine = connect(db_url)
    try:
        found = canonical_units(engine, smtp.recipients)
    finally:
        engine.dispose()
    out: dict[str, list[str]] = {}
    for name, to in smtp.recipients.items():
        for unit in found.get(name) or [name]:
            out.setdefault(unit, []).extend(a for a in to if a not in out.get(unit, []))
    return out


@task(name="send-digests", cache_policy=NO_CACHE)
def send_digests(digests: list[Digest], as_of: date, within_days: int, smtp: SmtpSettings,
                 to_by_unit: dict[str, list[str]]) -> AlertReport:
    report = AlertReport()
    messages = []
    for digest in digests:
        to = to_by_unit.get(digest.unit)
        if not to:
            report.no_address.append(digest.unit)
            continue
        msg = EmailMessage()
        msg["From"], msg["To"], msg["Subject"] = smtp.sender, ", ".join(to), subject(digest, as_of)
        msg.set_content(digest_text(digest, as_of, within_days), charset="utf-8")
        messages.append((digest.unit, to, msg))
    if not messages:
        return report
    user = os.environ.get("VANTHU_SMTP_USER")
    if (user or os.environ.get("VANTHU_SMTP_PASSWORD")) and not smtp.starttls:
        raise InsecureSmtp("VANTHU_SMTP_USER/PASSWORD set without VANTHU_SMTP_STARTTLS=1: "
                           "the password would cross the network unencrypted")
    with smtplib.SMTP(smtp.host, smtp.port, timeout=30) as client:
        if smtp.starttls:
            client.starttls()   # raises SMTPNotSupportedError when the server cannot: never sent plain
        if user:
            client.login(user, os.environ.get("VANTHU_SMTP_PASSWORD", ""))
        for unit, to, msg in messages:
            client.send_message(msg)
            report.sent[unit] = list(to)
    return report


class InsecureSmtp(Exception):
    """An SMTP password would be sent without TLS."""


def public_url(url: str | None) -> str | None:
    """``url`` when it holds no password, else None: a URL with a password is never a
    Prefect parameter (Prefect stores parameters in its database); the flow then reads
    $VANTHU_DB, which the command sets in its own environment."""
    if url is None:
        return None
    from sqlalchemy import make_url

    try:
        return None if make_url(url).password else url
    except Exception:  # noqa: BLE001 - not a URL: let the flow fail on it, but not store it
        return None


@flow(name="vanthu-deadline-alerts", retries=RETRIES, retry_delay_seconds=RETRY_DELAY_S)
def deadline_alerts(as_of: date | None = None, within_days: int = 7, out_dir: str = "alerts",
                    smtp: SmtpSettings | None = None, db_url: str | None = None,
                    units: list[str] | None = None) -> AlertReport:
    """Digests of overdue and upcoming tasks per unit for ``as_of`` (a scheduled run, given
    no date, uses the day it runs), written to ``out_dir`` and e-mailed when ``smtp`` is set;
    with ``units`` (canonical names, see models/unit_lookup.py), only those units'."""
    logger = get_run_logger()
    ref = as_of or date.today()  # the edge of a scheduled run
    url = db_url or default_url()
    digests = build_digests(url, ref, within_days, units)
    files = write_digests(digests, ref, within_days, out_dir)
    report = AlertReport(files=files)
    if smtp is not None:
        sent = send_digests(digests, ref, within_days, smtp, addresses(url, smtp))
        report.sent, report.no_address = sent.sent, sent.no_address
    logger.info("%d digests written to %s, %d e-mailed", len(files), out_dir, len(report.sent))
    return report


def build_deployment(cron: str = DEFAULT_CRON, within_days: int = 7, out_dir: str = "alerts",
                     smtp: SmtpSettings | None = None, db_url: str | None = None,
                     units: list[str] | None = None) -> Any:
    """The daily deployment (a RunnerDeployment with a cron schedule in Vietnam's time zone,
    its runs retried RETRIES times) that :func:`serve` runs; building it starts nothing."""
    from prefect.schedules import Cron

    parameters: dict[str, Any] = {"within_days": within_days, "out_dir": out_dir,
                                  "db_url": public_url(db_url or default_url()), "units": units}
    if smtp is not None:
        parameters["smtp"] = smtp.model_dump()
    return deadline_alerts.to_deployment(
        name=DEPLOYMENT_NAME, tags=["vanthu", "nhac-viec"],
        schedules=[Cron(cron, timezone=TIMEZONE)], parameters=parameters,
        description="Nhắc việc hằng ngày: nhiệm vụ quá hạn và sắp đến hạn theo đơn vị.")


def serve(cron: str = DEFAULT_CRON, **kwargs: Any) -> None:  # pragma: no cover - long-running
    """Serve the daily deployment until interrupted."""
    from prefect import serve as prefect_serve

    prefect_serve(build_deployment(cron, **kwargs))
