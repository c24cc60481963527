"""Deadline alerts: the digest text, which unit gets which task, delivery to a local SMTP
server (aiosmtpd, started here), the whole flow under Prefect's test server, and the daily
deployment (built, never served)."""
from __future__ import annotations

import socket
from collections.abc import Iterator
from datetime import date
from email import message_from_bytes
from email.message import Message
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from models.obligations import DueItem, Response, Task
from pipelines.alerts import (Digest, SmtpSettings, build_deployment, deadline_alerts,
                              digest_text, file_name, group_digests, send_digests, subject)
from tests.test_obligations_db import store_directive

AS_OF = date(2020, 4, 5)
GROUP = "Ủy ban nhân dân các huyện, thị xã, thành phố tỉnh Quảng Ngãi"
MO_DUC = "Ủy ban nhân dân huyện Mộ Đức tỉnh Quảng Ngãi"
SON_TINH = "Ủy ban nhân dân huyện Sơn Tịnh tỉnh Quảng Ngãi"


def task(id: int, action: str, due: date | None, unit: str, assignee: str,
         responses: tuple[Response, ...] = ()) -> Task:
    return Task(id=id, assignee=assignee, unit=unit, via_group=False, role="lead",
                action=action, due=due, rrule=None, next_due=due, status="open",
                overdue=due is not None and due < AS_OF, document_id=1, number="878/UBND-NNTN",
                issued_on=date(2020, 3, 5), issuer="Ủy ban nhân dân tỉnh Quảng Ngãi",
                sentence=action, responses=responses)


OVERDUE = DueItem(date(2020, 3, 20), True, False,
                  task(1, "Ban hành kế hoạch thực hiện Chương trình OCOP", date(2020, 3, 20),
                       MO_DUC, "UBND huyện Mộ Đức"))
UPCOMING = DueItem(date(2020, 4, 10), False, False,
                   task(2, "Thành lập Hội đồng đánh giá, phân hạng sản phẩm OCOP",
                        date(2020, 4, 10), GROUP, "UBND các huyện, thành phố"))


def test_digest_text_is_vietnamese_with_dates_numbers_and_actions() -> None:
    text = digest_text(Digest(MO_DUC, (OVERDUE,), (UPCOMING,)), AS_OF, 7)
    assert text.splitlines()[:3] == ["NHẮC VIỆC: THỜI HẠN THỰC HIỆN NHIỆM VỤ",
                                     f"Đơn vị: {MO_DUC}", "Ngày: 05/04/2020"]
    assert "Quá hạn (1 nhiệm vụ):" in text
    assert ("1. Hạn 20/03/2020 (quá hạn 16 ngày) — Văn bản 878/UBND-NNTN ngày 05/03/2020"
            in text)
    assert "Sắp đến hạn trong 7 ngày (1 nhiệm vụ):" in text
    assert "1. Hạn 10/04/2020 (còn 5 ngày)" in text
    assert "   Nhiệm vụ: Thành lập Hội đồng đánh giá, phân hạng sản phẩm OCOP" in text
    assert "   Giao cho: UBND các huyện, thành phố" in text and "Mã nhiệm vụ: 2" in text
    empty = digest_text(Digest(MO_DUC, (), ()), AS_OF, 14)
    assert "Quá hạn: không có." in empty and "Sắp đến hạn trong 14 ngày: không có." in empty
    assert subject(Digest(MO_DUC, (OVERDUE,), (UPCOMING,)), AS_OF) == (
        f"Nhắc hạn nhiệm vụ ngày 05/04/2020: 1 quá hạn, 1 sắp đến hạn — {MO_DUC}")
    assert file_name(MO_DUC) == "uy-ban-nhan-dan-huyen-mo-duc-tinh-quang-ngai.txt"


def test_group_tasks_go_to_each_member_that_has_not_responded() -> None:
    answered = DueItem(UPCOMING.due, False, False, task(
        3, "Báo cáo kết quả", date(2020, 4, 10), GROUP, "UBND các huyện, thành phố",
        (Response(9, "12/BC-UBND", date(2020, 4, 2), SON_TINH),)))
    digests = group_digests([OVERDUE, UPCOMING, answered], {GROUP: [MO_DUC, SON_TINH]})
    by_unit = {d.unit: ([i.task.id for i in d.overdue], [i.task.id for i in d.upcoming])
               for d in digests}
    assert by_unit == {MO_DUC: ([1], [2, 3]), SON_TINH: ([], [2])}
    alone = group_digests([UPCOMING], {})
    assert [d.unit for d in alone] == [GROUP]  # no member known yet: the group itself


class Inbox:
    """aiosmtpd handler keeping every message received."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Message]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        msg = message_from_bytes(envelope.content, policy=default_policy)
        self.messages.append((list(envelope.rcpt_tos), msg))
        return "250 OK"


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    from aiosmtpd.controller import Controller

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def test_digests_are_emailed_to_the_mapped_addresses(smtp_server: tuple[Inbox, int]) -> None:
    inbox, port = smtp_server
    settings = SmtpSettings(host="127.0.0.1", port=port, sender="vanphong@quangngai.gov.vn")
    digests = [Digest(MO_DUC, (OVERDUE,), (UPCOMING,)), Digest(SON_TINH, (), (UPCOMING,))]
    report = send_digests.fn(digests, AS_OF, 7, settings, {MO_DUC: ["vp@moduc.gov.vn"]})
    assert report.sent == {MO_DUC: ["vp@moduc.gov.vn"]} and report.no_address == [SON_TINH]
    assert len(inbox.messages) == 1
    to, msg = inbox.messages[0]
    assert to == ["vp@moduc.gov.vn"] and msg["From"] == "vanphong@quangngai.gov.vn"
    assert str(msg["Subject"]).startswith("Nhắc hạn nhiệm vụ ngày 05/04/2020: 1 quá hạn")
    body = msg.get_body().get_content()  # type: ignore[union-attr]
    assert "Quá hạn (1 nhiệm vụ)" in body and "Sắp đến hạn trong 7 ngày" in body


def test_settings_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VANTHU_SMTP_HOST", raising=False)
    assert SmtpSettings.from_env() is None
    mapping = tmp_path / "dia_chi.json"
    mapping.write_text('{"UBND huyện Mộ Đức": "vp@moduc.gov.vn", "Sở NN&PTNT": ["a@b", "c@d"]}',
                       encoding="utf-8")
    monkeypatch.setenv("VANTHU_SMTP_HOST", "mail.local")
    monkeypatch.setenv("VANTHU_SMTP_PORT", "2525")
    monkeypatch.setenv("VANTHU_SMTP_FROM", "vanthu@quangngai.gov.vn")
    settings = SmtpSettings.from_env(mapping)
    assert settings is not None
    assert (settings.host, settings.port, settings.sender) == ("mail.local", 2525,
                                                               "vanthu@quangngai.gov.vn")
    assert settings.recipients == {"UBND huyện Mộ Đức": ["vp@moduc.gov.vn"],
                                   "Sở NN&PTNT": ["a@b", "c@d"]}


def test_the_daily_deployment_is_built_not_served() -> None:
    settings = SmtpSettings(host="127.0.0.1", recipients={"UBND huyện Mộ Đức": ["vp@moduc"]})
    deployment = build_deployment("0 7 * * *", within_days=7, out_dir="/tmp/nhac-viec",
                                  smtp=settings, db_url="sqlite:///x.db")
    schedule = deployment.schedules[0].schedule
    assert (schedule.cron, schedule.timezone) == ("0 7 * * *", "Asia/Ho_Chi_Minh")
    assert deployment.parameters["within_days"] == 7
    assert deployment.parameters["smtp"]["recipients"] == {"UBND huyện Mộ Đức": ["vp@moduc"]}
    assert deployment.name == "vanthu-deadline-alerts"
    assert deployment.parameters["db_url"] == "sqlite:///x.db"
    assert "as_of" not in deployment.parameters          # each run uses its own day
    assert deployment.entrypoint.endswith("pipelines/alerts.py:deadline_alerts")
    assert (deadline_alerts.retries, deadline_alerts.retry_delay_seconds) == (2, 600)


@pytest.mark.slow
def test_the_deployment_is_registered_with_its_schedule_and_a_failed_run_retried() -> None:
    """What the Prefect UI shows: the deployment with its Vietnam-time schedule and
    parameters, registered on a server (the test server); a failed run is run again."""
    import asyncio

    from prefect.client.orchestration import get_client

    deployment = build_deployment("30 6 * * 1-5", within_days=3, out_dir="/tmp/nhac-viec",
                                  db_url="postgresql+psycopg://vanthu:secret@db/vanthu")
    deployment_id = deployment.apply()

    async def read() -> tuple[Any, Any]:
        async with get_client() as client:
            stored = await client.read_deployment(deployment_id)
            flow = await client.read_flow(stored.flow_id)
            return stored, flow

    stored, flow = asyncio.run(read())
    assert flow.name == "vanthu-deadline-alerts"
    assert stored.name == "vanthu-deadline-alerts"
    cron = stored.schedules[0].schedule
    assert (cron.cron, cron.timezone) == ("30 6 * * 1-5", "Asia/Ho_Chi_Minh")
    assert stored.parameters["within_days"] == 3
    assert stored.parameters["db_url"] is None         # a password never goes to Prefect
    assert set(stored.tags) == {"vanthu", "nhac-viec"}

    failing = deadline_alerts.with_options(retry_delay_seconds=0)
    state = failing(as_of=AS_OF, db_url="postgresql+psycopg://nobody@127.0.0.1:1/x",
                    out_dir="/tmp/nhac-viec-khong", return_state=True)
    assert state.is_failed()

    async def runs() -> int:
        async with get_client() as client:
            run = await client.read_flow_run(state.state_details.flow_run_id)
            return run.run_count

    assert asyncio.run(runs()) == 3                     # the run and its 2 retries


@pytest.mark.slow
def test_the_flow_writes_and_sends_a_digest_per_unit(sqlite_url: str, tmp_path: Path,
                                                     smtp_server: tuple[Inbox, int]) -> None:
    from models import connect

    inbox, port = smtp_server
    engine: Engine = connect(sqlite_url)
    store_directive(engine)
    engine.dispose()
    settings = SmtpSettings(host="127.0.0.1", port=port,
                            recipients={"UBND huyện Mộ Đức": ["vp@moduc.gov.vn"]})
    out = tmp_path / "nhac_viec"
    report = deadline_alerts(as_of=AS_OF, within_days=7, out_dir=str(out), smtp=settings,
                             db_url=sqlite_url)
    names = sorted(p.name for p in out.iterdir())
    assert names == ["so-nong-nghiep-va-phat-trien-nong-thon-tinh-quang-ngai.txt",
                     "uy-ban-nhan-dan-huyen-mo-duc-tinh-quang-ngai.txt"]
    mo_duc = (out / names[1]).read_text(encoding="utf-8")
    assert "Hạn 10/04/2020 (còn 5 ngày)" in mo_duc and "878/UBND-NNTN" in mo_duc
    assert report.sent == {MO_DUC: ["vp@moduc.gov.vn"]}
    assert [to for to, _msg in inbox.messages] == [["vp@moduc.gov.vn"]]


@pytest.mark.slow
def test_cli_alerts_once(sqlite_url: str, tmp_path: Path) -> None:
    from models import connect
    from vanthu.cli import cli

    engine = connect(sqlite_url)
    store_directive(engine)
    engine.dispose()
    out = tmp_path / "nhac_viec"
    result = CliRunner().invoke(cli, ["alerts", "--as-of", "05/04/2020", "--within", "1w",
                                      "--out", str(out), "--db", sqlite_url])
    assert result.exit_code == 0, result.output
    assert "Đã ghi 2 bản nhắc việc" in result.output
    unsent = CliRunner().invoke(cli, ["alerts", "--send", "--db", sqlite_url],
                                env={"VANTHU_SMTP_HOST": ""})
    assert unsent.exit_code == 1 and "VANTHU_SMTP_HOST" in unsent.output
