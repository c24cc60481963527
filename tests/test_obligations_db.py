"""Obligations by unit on SQLite and PostgreSQL: queries with as-of and within, recurring
deadlines, done/reopen events, reports linked to the directives they answer (both orders of
ingest), the ``vanthu obligations/deadlines/done/reopen/export ics`` commands, and seed 004
end to end."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from extractors import source_from_text
from models import Obligation, ObligationEvent, save_extraction
from models.due import due_items
from models.obligations import events_of, set_status, tasks_for
from models.recurrence import next_occurrence, occurrences
from tests.conftest import header
from vanthu.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SEED_004 = ROOT / "data" / "samples" / "004_b9cb7e9834b222b8.txt"

DIRECTIVE = """ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI
Số: 878/UBND-NNTN
Quảng Ngãi, ngày 05 tháng 3 năm 2020
1. Sở NN&PTNT tổng hợp, báo cáo UBND tỉnh vào trung tuần tháng 3/2020.
2. UBND các huyện, thành phố thành lập Hội đồng đánh giá chậm nhất vào ngày 10/4/2020.
3. UBND huyện Mộ Đức tổ chức trưng bày sản phẩm OCOP chậm nhất trong tháng 4/2020.
Định kỳ 20/6 và 20/12 hàng năm, các Sở, ngành liên quan báo cáo kết quả thực hiện.
"""
RRULE = "FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=20"
DIRECTIVE_TASKS = [
    ("Sở NN&PTNT", "tổng hợp, báo cáo UBND tỉnh", "2020-03-20", None),
    ("UBND các huyện, thành phố", "thành lập Hội đồng đánh giá", "2020-04-10", None),
    ("UBND huyện Mộ Đức", "tổ chức trưng bày sản phẩm OCOP", "2020-04-30", None),
    ("các Sở, ngành liên quan", "báo cáo kết quả thực hiện", None, RRULE),
]


def contract(body: str, path: str, tasks: list[tuple[str | None, str, str | None, str | None]],
             references: list[dict[str, Any]] | None = None, version: str = "0.1.0",
             **fields: Any) -> tuple[Any, dict[str, Any]]:
    """A handmade extraction: the obligations' spans are where their action is in ``body``."""
    source = source_from_text(body, path)
    obligations = []
    for assignee, action, due, rule in tasks:
        start = source.text.find(action)
        obligations.append({"assignee": assignee, "role": "lead", "action": action, "due": due,
                            "rrule": rule, "basis": "assigned",
                            "span": [start, start + len(action)] if start >= 0 else None})
    data = {"schema": "vanthu.extract/1", "extractor_version": version,
            "source": source.contract(), "document": header(**fields),
            "references": references or [], "deadlines": [], "targets": [], "funding": [],
            "obligations": obligations}
    return source, data


def store_directive(engine: Engine, version: str = "0.1.0") -> Any:
    source, data = contract(DIRECTIVE, "/docs/878.txt", DIRECTIVE_TASKS, version=version,
                            doc_type="cong_van", number="878/UBND-NNTN", place="Quảng Ngãi",
                            issuer="Ủy ban nhân dân tỉnh Quảng Ngãi", issued_on="2020-03-05")
    return save_extraction(engine, source, data)[0]


def _dues(items: list[Any]) -> list[tuple[str, bool]]:
    return [(i.due.isoformat(), i.overdue) for i in items]


RRULE_ROWS = [
    (RRULE, "2020-03-05", "2020-01-01", "2021-12-31",
     ["2020-06-20", "2020-12-20", "2021-06-20", "2021-12-20"]),
    (RRULE, "2020-07-01", "2020-06-01", "2020-12-31", ["2020-12-20"]),
    ("FREQ=MONTHLY;BYMONTHDAY=25", "2020-03-05", "2020-03-01", "2020-05-31",
     ["2020-03-25", "2020-04-25", "2020-05-25"]),
    ("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15", "2020-01-10", "2020-01-01", "2020-12-31",
     ["2020-01-15", "2020-04-15", "2020-07-15", "2020-10-15"]),
    ("FREQ=WEEKLY;BYDAY=FR", "2020-04-01", "2020-04-01", "2020-04-14",
     ["2020-04-03", "2020-04-10"]),
    ("not a rule", "2020-01-01", "2020-01-01", "2020-12-31", []),
]


@pytest.mark.parametrize("rule,start,after,until,expected", RRULE_ROWS,
                         ids=[f"{r[0]}@{r[1]}" for r in RRULE_ROWS])
def test_recurring_deadlines_expand_from_the_issue_date(rule: str, start: str, after: str,
                                                        until: str, expected: list[str]) -> None:
    got = occurrences(rule, date.fromisoformat(start), date.fromisoformat(after),
                      date.fromisoformat(until))
    assert [d.isoformat() for d in got] == expected


def test_next_occurrence() -> None:
    assert next_occurrence(RRULE, date(2020, 3, 5), date(2020, 6, 21)) == date(2020, 12, 20)
    assert next_occurrence(RRULE, date(2020, 3, 5), date(2020, 6, 20)) == date(2020, 6, 20)


def test_obligations_resolve_to_units_at_save_time(engine: Engine) -> None:
    store_directive(engine)
    found = tasks_for(engine, None, date(2020, 4, 1))
    assert [(t.assignee, t.unit) for t in found.tasks] == [
        ("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn tỉnh Quảng Ngãi"),
        ("UBND các huyện, thành phố",
         "Ủy ban nhân dân các huyện, thị xã, thành phố tỉnh Quảng Ngãi"),
        ("UBND huyện Mộ Đức", "Ủy ban nhân dân huyện Mộ Đức tỉnh Quảng Ngãi"),
        ("các Sở, ngành liên quan", "Các sở, ban, ngành liên quan tỉnh Quảng Ngãi")]


def test_a_unit_sees_its_own_tasks_and_its_groups_tasks(engine: Engine) -> None:
    store_directive(engine)
    found = tasks_for(engine, "UBND huyện Mộ Đức", date(2020, 4, 1))
    assert found.units == ("Ủy ban nhân dân huyện Mộ Đức tỉnh Quảng Ngãi",)
    assert found.groups == ("Ủy ban nhân dân các huyện, thị xã, thành phố tỉnh Quảng Ngãi",)
    assert [(t.due, t.via_group) for t in found.tasks] == [
        (date(2020, 4, 10), True), (date(2020, 4, 30), False)]
    task = found.tasks[0]
    assert (task.number, task.issued_on) == ("878/UBND-NNTN", date(2020, 3, 5))
    assert task.sentence == ("UBND các huyện, thành phố thành lập Hội đồng đánh giá chậm nhất "
                             "vào ngày 10/4/2020.")
    department = tasks_for(engine, "SNNPTNT", date(2020, 4, 1))
    assert [t.action for t in department.tasks] == ["tổng hợp, báo cáo UBND tỉnh",
                                                    "báo cáo kết quả thực hiện"]
    assert department.tasks[1].next_due == date(2020, 6, 20)


STATUS_ROWS = [("2020-03-19", None, 3), ("2020-04-01", "overdue", 1), ("2020-04-11", "overdue", 2),
               ("2020-05-01", "overdue", 3), ("2020-05-01", "open", 4), ("2020-05-01", "done", 0)]


@pytest.mark.parametrize("as_of,status,count", STATUS_ROWS,
                         ids=[f"{s}@{d}" for d, s, _ in STATUS_ROWS])
def test_status_filter_with_as_of(engine: Engine, as_of: str, status: str | None,
                                  count: int) -> None:
    store_directive(engine)
    found = tasks_for(engine, None, date.fromisoformat(as_of), status)
    if status is None:
        assert sum(t.overdue for t in found.tasks) == 0 and len(found.tasks) == 4
    else:
        assert len(found.tasks) == count


def test_deadlines_within_a_window_and_overdue(engine: Engine) -> None:
    store_directive(engine)
    _found, items = due_items(engine, None, date(2020, 4, 1), 14)
    assert _dues(items) == [("2020-03-20", True), ("2020-04-10", False)]
    _found, items = due_items(engine, None, date(2020, 4, 1), 90)
    assert _dues(items) == [("2020-03-20", True), ("2020-04-10", False), ("2020-04-30", False),
                            ("2020-06-20", False)]
    assert items[-1].recurring
    _found, items = due_items(engine, None, date(2020, 6, 1), 365, overdue_only=True)
    assert _dues(items) == [("2020-03-20", True), ("2020-04-10", True), ("2020-04-30", True)]
    _found, items = due_items(engine, "UBND huyện Mộ Đức", date(2020, 4, 1), 30)
    assert _dues(items) == [("2020-04-10", False), ("2020-04-30", False)]
    # A unit no document has named yet: by its province, through the group binding it.
    _found, items = due_items(engine, "Sở Tài chính tỉnh Quảng Ngãi", date(2020, 6, 1), 220)
    assert _dues(items) == [("2020-06-20", False), ("2020-12-20", False)]  # via the group


def test_done_and_reopen_are_recorded_with_who_and_when(engine: Engine) -> None:
    store_directive(engine)
    overdue = tasks_for(engine, None, date(2020, 4, 1), "overdue").tasks
    assert len(overdue) == 1
    ob_id = overdue[0].id
    assert ob_id is not None
    set_status(engine, ob_id, "done", "Nguyễn Văn A", "Đã gửi Báo cáo số 12/BC-SNN")
    assert tasks_for(engine, None, date(2020, 4, 1), "overdue").tasks == ()
    assert [t.id for t in tasks_for(engine, None, date(2020, 4, 1), "done").tasks] == [ob_id]
    set_status(engine, ob_id, "open", "Trần Thị B")
    events = events_of(engine, ob_id)
    assert [(e.status, e.actor) for e in events] == [("done", "Nguyễn Văn A"),
                                                    ("open", "Trần Thị B")]
    assert events[0].note == "Đã gửi Báo cáo số 12/BC-SNN" and events[0].at.tzinfo is not None
    assert [t.id for t in tasks_for(engine, None, date(2020, 4, 1), "overdue").tasks] == [ob_id]
    with pytest.raises(ValueError):
        set_status(engine, ob_id, "finished")


GIA_LAI_DIRECTIVE = """SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN TỈNH GIA LAI
Số: 2205/SNNPTNT-CCPTNT
Gia Lai, ngày 21 tháng 8 năm 2020
Đề nghị UBND các huyện, thị xã, thành phố báo cáo tiến độ thực hiện Chương trình OCOP trước ngày 05/9/2020.
Sở Tài chính bố trí kinh phí thực hiện Chương trình.
"""
REPORT = """ỦY BAN NHÂN DÂN HUYỆN KBANG
Số: 298/BC-UBND
Kbang, ngày 04 tháng 9 năm 2020
BÁO CÁO
Thực hiện Công văn số 2205/SNNPTNT-CCPTNT ngày 21/8/2020 của Sở Nông nghiệp và PTNT tỉnh, Ủy ban nhân dân huyện Kbang báo cáo tiến độ thực hiện Chương trình OCOP trên địa bàn huyện như sau, theo Quyết định của UBND tỉnh Gia Lai.
"""


def _gia_lai(engine: Engine, version: str = "0.1.0") -> Any:
    source, data = contract(
        GIA_LAI_DIRECTIVE, "/docs/2205.txt",
        [("UBND các huyện, thị xã, thành phố", "báo cáo tiến độ thực hiện Chương trình OCOP",
          "2020-09-05", None),
         ("Sở Tài chính", "bố trí kinh phí thực hiện Chương trình", None, None)],
        version=version, doc_type="cong_van", number="2205/SNNPTNT-CCPTNT", place="Gia Lai",
        issuer="Sở Nông nghiệp và Phát triển nông thôn", issued_on="2020-08-21")
    return save_extraction(engine, source, data)[0]


def _report(engine: Engine, relation: str = "responds_to", doc_type: str = "bao_cao") -> Any:
    ref = {"doc_type": "cong_van", "number": "2205/SNNPTNT-CCPTNT", "issued_on": "2020-08-21",
           "issuer": "Sở Nông nghiệp và PTNT tỉnh", "relation": relation, "text": None,
           "span": None}
    source, data = contract(REPORT, "/docs/298.txt", [], [ref], doc_type=doc_type,
                            number="298/BC-UBND", place="Kbang",
                            issuer="Ủy ban nhân dân huyện Kbang", issued_on="2020-09-04")
    return save_extraction(engine, source, data)[0]


@pytest.mark.parametrize("report_first", [False, True], ids=["directive-first", "report-first"])
def test_a_report_is_linked_to_the_directive_it_answers(engine: Engine,
                                                        report_first: bool) -> None:
    if report_first:
        report = _report(engine)
        _gia_lai(engine)
    else:
        _gia_lai(engine)
        report = _report(engine)
    with Session(engine) as session:
        events = session.execute(
            select(Obligation.assignee, ObligationEvent.status, ObligationEvent.actor,
                   ObligationEvent.source_document_id)
            .join(Obligation, Obligation.id == ObligationEvent.obligation_id)).all()
    assert [tuple(e) for e in events] == [("UBND các huyện, thị xã, thành phố", "responded",
                                           "Ủy ban nhân dân huyện Kbang tỉnh Gia Lai", report.id)]
    kbang = tasks_for(engine, "UBND huyện Kbang", date(2020, 9, 10))
    assert [(r.number, r.issued_on) for t in kbang.tasks for r in t.responses] == [
        ("298/BC-UBND", date(2020, 9, 4))]
    # Another district of the group has not answered: no response shown for it.
    other = tasks_for(engine, "UBND huyện Chư Păh tỉnh Gia Lai", date(2020, 9, 10))
    assert [t.responses for t in other.tasks] == [()]
    group = tasks_for(engine, "UBND các huyện, thị xã, thành phố tỉnh Gia Lai", date(2020, 9, 10))
    assert [len(t.responses) for t in group.tasks] == [1]


def test_linking_survives_a_reextraction_without_duplicates(engine: Engine) -> None:
    _gia_lai(engine)
    _report(engine)
    _gia_lai(engine, version="0.2.0")  # facts replaced: the link is made again, once
    _report(engine)  # skipped: same version
    with Session(engine) as session:
        assert len(session.scalars(select(ObligationEvent)).all()) == 1


@pytest.mark.parametrize("relation,doc_type,linked", [
    ("implements", "bao_cao", True), ("implements", "cong_van", False),
    ("based_on", "bao_cao", False), ("responds_to", "cong_van", True)])
def test_which_citations_count_as_a_response(engine: Engine, relation: str, doc_type: str,
                                             linked: bool) -> None:
    _gia_lai(engine)
    _report(engine, relation, doc_type)
    with Session(engine) as session:
        assert bool(session.scalars(select(ObligationEvent)).all()) is linked


def invoke(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_cli_obligations_deadlines_done_reopen(engine: Engine, db_url: str) -> None:
    store_directive(engine)
    out = invoke("obligations", "--unit", "UBND huyện Mộ Đức", "--as-of", "2020-04-01",
                 "--db", db_url, "--json")
    payload = json.loads(out.output)
    assert [t["due"] for t in payload["tasks"]] == ["2020-04-10", "2020-04-30"]
    assert payload["tasks"][0]["document"]["number"] == "878/UBND-NNTN"
    text = invoke("obligations", "--unit", "Sở NN và PTNT", "--status", "overdue",
                  "--as-of", "01/04/2020", "--db", db_url).output
    assert "Quá hạn" in text and "20/03/2020" in text and "878/UBND-NNTN" in text
    ob_id = json.loads(invoke("obligations", "--unit", "SNNPTNT", "--status", "overdue",
                              "--as-of", "2020-04-01", "--db", db_url, "--json").output
                       )["tasks"][0]["id"]
    done = invoke("done", str(ob_id), "--by", "Nguyễn Văn A", "--note", "xong", "--db", db_url)
    assert done.exit_code == 0 and "Đã hoàn thành" in done.output
    listed = invoke("deadlines", "--overdue", "--as-of", "2020-04-01", "--db", db_url, "--json")
    assert json.loads(listed.output)["items"] == []
    assert invoke("reopen", str(ob_id), "--by", "Trần Thị B", "--db", db_url).exit_code == 0
    table = invoke("deadlines", "--unit", "UBND huyện Mộ Đức", "--within", "2w", "--as-of",
                   "2020-04-01", "--db", db_url).output
    assert "10/04/2020" in table and "Còn 9 ngày" in table and "30/04/2020" not in table
    missing = CliRunner().invoke(cli, ["done", "99999", "--by", "A", "--db", db_url])
    assert missing.exit_code == 1 and "Không tìm thấy nhiệm vụ mã 99999" in missing.output
    bad = CliRunner().invoke(cli, ["deadlines", "--within", "soon", "--db", db_url])
    assert bad.exit_code == 2


def test_export_ics_parses_back_and_keeps_the_rrule(engine: Engine, db_url: str,
                                                    tmp_path: Path) -> None:
    from icalendar import Calendar

    store_directive(engine)
    out = tmp_path / "han.ics"
    result = invoke("export", "ics", "--out", str(out), "--as-of", "2020-04-01", "--db", db_url)
    assert result.exit_code == 0
    cal = Calendar.from_ical(out.read_bytes())
    events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert len(events) == 4
    starts = sorted(e.decoded("DTSTART") for e in events.values())
    assert starts == [date(2020, 3, 20), date(2020, 4, 10), date(2020, 4, 30), date(2020, 6, 20)]
    recurring = [e for e in events.values() if "RRULE" in e]
    assert len(recurring) == 1
    rule = recurring[0]["RRULE"]
    assert (rule["FREQ"], rule["BYMONTH"], rule["BYMONTHDAY"]) == (["YEARLY"], [6, 12], [20])
    assert "878/UBND-NNTN" in str(recurring[0]["SUMMARY"])
    assert "Các sở" in str(recurring[0]["DESCRIPTION"]) or "các Sở" in str(
        recurring[0]["DESCRIPTION"])
    unit_only = invoke("export", "ics", "--unit", "UBND huyện Mộ Đức", "--as-of", "2020-04-01",
                       "--db", db_url)
    assert Calendar.from_ical(unit_only.stdout_bytes).walk("VEVENT").__len__() == 2


@pytest.mark.slow
def test_seed_004_end_to_end(sqlite_url: str) -> None:
    ingest = invoke("ingest", str(SEED_004), "--db", sqlite_url, "--no-progress")
    assert ingest.exit_code == 0, ingest.output
    out = invoke("deadlines", "--unit", "UBND huyện Mộ Đức", "--as-of", "2020-04-01",
                 "--db", sqlite_url, "--json")
    dues = {item["due"] for item in json.loads(out.output)["items"]}
    assert {"2020-04-10", "2020-04-30"} <= dues


def test_status_recorded_by_people_survives_a_reextraction(engine: Engine) -> None:
    store_directive(engine)
    [task] = tasks_for(engine, None, date(2020, 4, 1), "overdue").tasks
    set_status(engine, task.id, "done", "Nguyễn Văn A", "Đã gửi báo cáo")
    store_directive(engine, version="9.9.9")          # a newer extractor re-reads the file
    [again] = tasks_for(engine, None, date(2020, 4, 1), "done").tasks
    # The obligation rows were replaced (SQLite may reuse the id); the history was kept.
    assert [(e.status, e.actor, e.note) for e in events_of(engine, again.id)] == [
        ("done", "Nguyễn Văn A", "Đã gửi báo cáo")]
    assert tasks_for(engine, None, date(2020, 4, 1), "overdue").tasks == ()
