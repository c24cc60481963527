"""``vanthu funding`` and ``vanthu targets`` (models/finance.py, vanthu/finance_*.py): totals
that count each đồng once, diacritic-insensitive filters, targets paired with what later
reports achieved, CSV/XLSX exports; on SQLite and (when configured) PostgreSQL.

Extractions are built by hand in the contract's shape, so these tests do not depend on what
the extractors currently find; one end-to-end test runs the extractors over data/samples."""
from __future__ import annotations

import csv
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from rich.console import Console
from sqlalchemy import Engine

from extractors import extract, read_file, source_from_text
from models import Funding, save_extraction
from models.finance import (funding, link_parts, metric_score, metric_tokens, org_key,
                            period_years, targets)
from vanthu.cli import cli
from vanthu.finance_view import (funding_sheet, funding_view, targets_sheet, targets_view,
                                 write_csv, write_xlsx)

from conftest import header

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
PROVINCE = "Ủy ban nhân dân tỉnh Quảng Trị"
DEPARTMENT = "Sở Nông nghiệp và Phát triển nông thôn"


def store(engine: Engine, path: str, doc: dict[str, Any], **facts: list[dict[str, Any]]
          ) -> int:
    """Store a document with the given header fields and facts; return its id."""
    source = source_from_text(f"Văn bản {doc.get('number')}.\n", path)
    data: dict[str, Any] = {"schema": "vanthu.extract/1", "extractor_version": "0.1.0",
                            "source": source.contract(), "document": header(**doc),
                            "references": [], "deadlines": [], "obligations": [],
                            "targets": [], "funding": [], "statistics": []}
    data.update(facts)
    return save_extraction(engine, source, data)[0].id


def money(amount: int, source: str | None, year: int, start: int, **extra: Any
          ) -> dict[str, Any]:
    return {"amount_vnd": amount, "text": f"{amount} đồng", "in_words_vnd": None,
            "source": source, "purpose": extra.pop("purpose", "Thực hiện Chương trình OCOP"),
            "year": year, "span": [start, start + 10], **extra}


def quantity(metric: str, value: float | None, unit: str | None, period: str | None,
             maximum: float | None = None) -> dict[str, Any]:
    return {"metric": metric, "min": value, "max": maximum, "unit": unit, "period": period,
            "span": None}


@pytest.fixture
def plan_and_reports(engine: Engine) -> Engine:
    """A province plan (targets, a 2 tỷ total with two parts, 300 triệu for 2020), its
    department's later report (achieved figures, 1,2 tỷ spent), an unrelated district report
    and a report older than the plan."""
    store(engine, "/d/kh.txt", dict(
        doc_type="ke_hoach", number="12/KH-UBND", issuer=PROVINCE, issued_on="2019-01-10",
        recipients=[DEPARTMENT, "Sở Tài chính"]),
        funding=[money(2_000_000_000, None, 2019, 100, purpose="Tổng kinh phí"),
                 money(1_500_000_000, "Ngân sách tỉnh", 2019, 200, part_of=2_000_000_000),
                 money(500_000_000, "Vốn lồng ghép", 2019, 300, part_of=2_000_000_000),
                 money(300_000_000, "Ngân sách Trung ương", 2020, 400)],
        targets=[quantity("sản phẩm đạt 3 sao trở lên", 20, "sản phẩm", "2019"),
                 quantity("sản phẩm đạt 4 - 5 sao", 1, "sản phẩm", "2019"),
                 quantity("cán bộ được tập huấn", 400, "cán bộ", "2019", 400),
                 quantity("xã đạt chuẩn nông thôn mới", 50, "%", "2019")])
    store(engine, "/d/bc.txt", dict(
        doc_type="bao_cao", number="34/BC-SNN", issuer=DEPARTMENT, issued_on="2020-01-15",
        parent_issuer="UBND tỉnh Quảng Trị"),
        funding=[money(1_200_000_000, "ngân sách tỉnh", 2019, 50, purpose="Đã giải ngân")],
        statistics=[quantity("sản phẩm được công nhận đạt 3 sao trở lên", 18, "sản phẩm", "2019"),
                    quantity("sản phẩm đạt 4 - 5 sao", 2, "sản phẩm", "2019"),
                    quantity("cán bộ được tập huấn", 450, "cán bộ", "2018"),
                    quantity("lượt cán bộ được tập huấn", 420, "cán bộ", "2019")])
    store(engine, "/d/kbang.txt", dict(
        doc_type="bao_cao", number="298/BC-UBND", issuer="Ủy ban nhân dân huyện Kbang",
        issued_on="2020-02-01"),
        statistics=[quantity("sản phẩm đạt 3 sao trở lên", 99, "sản phẩm", "2019")])
    store(engine, "/d/old.txt", dict(
        doc_type="bao_cao", number="5/BC-SNN", issuer=DEPARTMENT, issued_on="2018-12-01"),
        statistics=[quantity("sản phẩm đạt 3 sao trở lên", 7, "sản phẩm", "2019")])
    return engine


# ----------------------------------------------------------------------------- funding

def test_totals_count_parts_once_and_show_them_under_their_total(plan_and_reports: Engine
                                                                 ) -> None:
    report = funding(plan_and_reports)
    shown = [(r.amount_vnd, r.depth, r.counted) for r in report.rows]
    assert shown == [(2_000_000_000, 0, True), (1_500_000_000, 1, False),
                     (500_000_000, 1, False), (300_000_000, 0, True),
                     (1_200_000_000, 0, True)]
    assert report.rows[1].parent_id == report.rows[0].id
    assert report.total_vnd == 3_500_000_000
    assert report.by_year == ((2019, 3_200_000_000), (2020, 300_000_000))
    assert report.rows[0].document.number == "12/KH-UBND"
    assert report.rows[0].document.issued_on == date(2019, 1, 10)


@pytest.mark.parametrize("filters, amounts, total", [
    ({"year": 2020}, [300_000_000], 300_000_000),
    # The part matches, its total does not: the part is counted on its own.
    ({"source": "ngan sach tinh"}, [1_500_000_000, 1_200_000_000], 2_700_000_000),
    ({"source": "NGÂN SÁCH"}, [1_500_000_000, 300_000_000, 1_200_000_000], 3_000_000_000),
    ({"unit": "Sở NN&PTNT"}, [2_000_000_000, 1_500_000_000, 500_000_000, 300_000_000,
                                  1_200_000_000], 3_500_000_000),
    ({"unit": "UBND tỉnh Quảng Trị"}, [2_000_000_000, 1_500_000_000, 500_000_000,
                                       300_000_000], 2_300_000_000),
    ({"unit": "UBND huyện Kbang"}, [], 0),
    ({"year": 2019, "unit": "Sở NN&PTNT", "source": "vốn"}, [500_000_000], 500_000_000),
], ids=["year", "source-part-alone", "source-upper-accents", "unit-recipient",
        "unit-abbreviated", "unit-none", "all-three"])
def test_funding_filters(plan_and_reports: Engine, filters: dict[str, Any],
                         amounts: list[int], total: int) -> None:
    report = funding(plan_and_reports, **filters)
    assert [r.amount_vnd for r in report.rows] == amounts
    assert report.total_vnd == total


def test_link_parts_picks_the_nearest_total_before_and_breaks_cycles() -> None:
    rows = [Funding(id=1, amount_vnd=100, span_start=0), Funding(id=2, amount_vnd=40,
            part_of=100, span_start=10), Funding(id=3, amount_vnd=100, span_start=20),
            Funding(id=4, amount_vnd=60, part_of=100, span_start=30),
            Funding(id=5, amount_vnd=7, part_of=999, span_start=40)]
    assert link_parts(rows) == {2: 1, 4: 3}
    loop = [Funding(id=1, amount_vnd=5, part_of=5, span_start=0),
            Funding(id=2, amount_vnd=5, part_of=5, span_start=1)]
    assert link_parts(loop) == {2: 1}  # not 1 → 2 → 1: the first stays the total


def test_funding_view_flags_a_words_mismatch(engine: Engine) -> None:
    store(engine, "/d/tt.txt", dict(number="9/TTr-STC", issuer="Sở Tài chính"),
          funding=[money(6_400_000_000, None, 2019, 0, in_words_vnd=6_500_000_000,
                         words_mismatch=True)])
    console = Console(width=200, record=True)
    console.print(funding_view(funding(engine)))
    out = console.export_text()
    assert "6.400.000.000 đồng" in out and "⚠ bằng chữ: 6.500.000.000 đồng" in out
    assert "Cộng theo từng văn bản" in out and "9/TTr-STC" in out.split("Cộng theo")[1]


def test_an_amount_named_again_in_the_same_document_is_counted_once(engine: Engine) -> None:
    """Thông báo 624/TB-VPCP (shared/corpus) names "Chương trình tín dụng 500 nghìn tỷ đồng"
    three times (and 25 nghìn tỷ for two different years): the amounts as the extractor reads
    them. Counted: 500 nghìn tỷ once; the 2024 and 2025 amounts of 25 nghìn tỷ both."""
    tn = 10 ** 12
    store(engine, "/d/624.txt", dict(doc_type="thong_bao", number="624/TB-VPCP",
                                     issuer="Văn phòng Chính phủ", issued_on="2025-11-25"),
          funding=[
              money(25_000 * 10 ** 9, None, 2025, 2014,
                    purpose="(3) nguồn lực\ntài chính được quan tâm tăng cường, bổ sung"),
              money(500 * tn, None, 2025, 12638, purpose="Chương trình tín dụng"),
              money(25 * tn, None, 2024, 59701, purpose=None),
              money(500 * tn, None, 2025, 61652,
                    purpose="Ngân hàng Nhà nước Việt Nam và các ngân hàng\nthương mại cổ phần "
                            "tổ chức triển khai Chương trình tín dụng"),
              money(500 * tn, None, 2025, 62432, purpose="Chương trình"),
              money(555 * 10 ** 9, None, 2024, 60180, purpose="cho Bộ Công an"),
              money(500 * 10 ** 9, None, 2024, 60321, purpose="cho Bộ Công an để thực hiện Đề án")])
    store(engine, "/d/other.txt", dict(doc_type="ke_hoach", number="5/KH-UBND",
                                       issuer=PROVINCE, issued_on="2025-12-01"),
          funding=[money(500 * tn, None, 2025, 10, purpose="Chương trình tín dụng")])
    report = funding(engine)
    notice = [r for r in report.rows if r.document.number == "624/TB-VPCP"]
    assert [r.amount_vnd for r in notice if r.counted] == [
        25 * tn, 500 * tn, 25 * tn, 555 * 10 ** 9, 500 * 10 ** 9]
    assert sum(r.repeat_of is not None for r in notice) == 2
    totals = {doc.number: (total, n) for doc, total, n in report.documents}
    assert totals == {"624/TB-VPCP": (551_055 * 10 ** 9, 5), "5/KH-UBND": (500 * tn, 1)}
    console = Console(width=200, record=True)
    console.print(funding_view(report))
    out = console.export_text()
    assert "624/TB-VPCP ngày 25/11/2025: 551.055.000.000.000 đồng (5 khoản)" in out
    assert out.count("nhắc lại khoản trên, không cộng lại") == 2
    assert "1.051.055.000.000.000" not in out   # the two documents are not added together


# ----------------------------------------------------------------------------- targets

@pytest.mark.parametrize("target, unit, statistic, score", [
    ("sản phẩm đạt 3 sao trở lên", "sản phẩm", "sản phẩm được công nhận đạt 3 sao trở lên", 1.0),
    ("sản phẩm đạt 3 sao", "sản phẩm", "sản phẩm đạt 4 - 5 sao", 0.0),
    ("cán bộ được tập huấn", "cán bộ", "lượt cán bộ được tập huấn", 1.0),
    ("tổ chức kinh tế tham gia chương trình", "tổ chức", "doanh nghiệp tham gia", 2 / 6),
    ("sản phẩm", "sản phẩm", "sản phẩm", 1.0),
    ("sản phẩm", "sản phẩm", "sản phẩm mới", 0.5),
], ids=["words-inside", "stars-differ", "extra-word", "little-overlap", "unit-only",
        "unit-only-vs-named"])
def test_metric_score(target: str, unit: str, statistic: str, score: float) -> None:
    assert metric_score(metric_tokens(target, unit),
                        metric_tokens(statistic, unit)) == pytest.approx(score)


@pytest.mark.parametrize("period, years", [
    ("2019", range(2019, 2020)), ("2018 - 2020", range(2018, 2021)),
    ("giai đoạn 2021-2025", range(2021, 2026)), ("hằng năm", None), (None, None)])
def test_period_years(period: str | None, years: range | None) -> None:
    assert period_years(period) == years


def test_org_key_reads_abbreviations_alike() -> None:
    assert org_key("UBND tỉnh Quảng Trị") == org_key("Ủy ban nhân dân tỉnh Quảng Trị")
    assert org_key("Sở NN&PTNT") == org_key(DEPARTMENT)


def test_targets_pair_with_the_later_related_report(plan_and_reports: Engine) -> None:
    rows = {r.metric: r for r in targets(plan_and_reports)}
    three = rows["sản phẩm đạt 3 sao trở lên"]
    assert three.achieved is not None and three.achieved.value == 18
    assert three.achieved.document.number == "34/BC-SNN"  # not Kbang's, not the older one
    assert three.ratio == pytest.approx(0.9) and three.met is False
    four = rows["sản phẩm đạt 4 - 5 sao"]
    assert four.achieved is not None and four.achieved.value == 2 and four.met is True
    trained = rows["cán bộ được tập huấn"]  # the 2018 figure is for another period
    assert trained.achieved is not None and trained.achieved.value == 420
    assert trained.ratio == pytest.approx(1.05) and trained.met is True
    assert rows["xã đạt chuẩn nông thôn mới"].achieved is None
    assert rows["xã đạt chuẩn nông thôn mới"].ratio is None


def test_a_report_citing_the_plan_is_related(engine: Engine) -> None:
    store(engine, "/d/kh.txt", dict(number="12/KH-UBND", issuer=PROVINCE,
                                     issued_on="2019-01-10"),
          targets=[quantity("sản phẩm OCOP", 20, "sản phẩm", "2019")])
    store(engine, "/d/bc.txt", dict(number="3/BC-UBND", issuer="Ủy ban nhân dân huyện Kbang",
                                     issued_on="2019-12-20"),
          references=[{"doc_type": "ke_hoach", "number": "12/KH-UBND", "issued_on": None,
                       "issuer": None, "relation": "responds_to", "text": None, "span": None}],
          statistics=[quantity("sản phẩm OCOP", 25, "sản phẩm", "2019")])
    [row] = targets(engine)
    assert row.achieved is not None and row.achieved.value == 25 and row.met is True


@pytest.mark.parametrize("filters, count", [
    ({"year": 2019}, 4), ({"year": 2020}, 0), ({"unit": "Sở NN&PTNT"}, 4),
    ({"unit": "UBND huyện Kbang"}, 0)], ids=["year", "other-year", "unit-recipient", "unit-none"])
def test_targets_filters(plan_and_reports: Engine, filters: dict[str, Any], count: int
                         ) -> None:
    assert len(targets(plan_and_reports, **filters)) == count


def test_targets_view_shows_goal_achieved_ratio(plan_and_reports: Engine) -> None:
    console = Console(width=220, record=True)
    console.print(targets_view(targets(plan_and_reports)))
    out = console.export_text()
    assert "≥ 20 sản phẩm" in out and "90,0%" in out and "Chưa đạt" in out
    assert "3/4 chỉ tiêu có số liệu đạt được" in out


# ----------------------------------------------------------------------------- exports

def test_csv_round_trip(plan_and_reports: Engine, tmp_path: Path) -> None:
    path = tmp_path / "kinh-phi.csv"
    write_csv(funding_sheet(funding(plan_and_reports)), path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [int(r["Số tiền (đồng)"]) for r in rows][:2] == [2_000_000_000, 1_500_000_000]
    assert rows[1]["Thuộc khoản tổng (đồng)"] == "2000000000"
    assert rows[1]["Tính vào tổng"] == "Không" and rows[0]["Tính vào tổng"] == "Có"
    assert rows[0]["Ngày ban hành"] == "10/01/2019" and rows[0]["Năm"] == "2019"
    assert rows[0]["Loại văn bản"] == "Kế hoạch"

    path = tmp_path / "chi-tieu.csv"
    write_csv(targets_sheet(targets(plan_and_reports)), path)
    with open(path, encoding="utf-8-sig", newline="") as f:
        first = next(csv.DictReader(f))
    assert first["Chỉ tiêu"] == "sản phẩm đạt 3 sao trở lên"
    assert first["Mục tiêu tối thiểu"] == "20" and first["Đạt được"] == "18"
    assert float(first["Tỷ lệ"]) == pytest.approx(0.9)
    assert first["Ngày báo cáo"] == "15/01/2020" and first["Đánh giá"] == "Chưa đạt"


def test_xlsx_round_trip(plan_and_reports: Engine, tmp_path: Path) -> None:
    path = tmp_path / "kinh-phi.xlsx"
    write_xlsx(funding_sheet(funding(plan_and_reports)), path)
    ws = load_workbook(path).active
    assert ws is not None and ws.title == "Kinh phí"
    headers = [c.value for c in ws[1]]
    assert headers[:3] == ["Số tiền (đồng)", "Thuộc khoản tổng (đồng)", "Tính vào tổng"]
    amount, day = ws.cell(2, 1), ws.cell(2, headers.index("Ngày ban hành") + 1)
    assert amount.value == 2_000_000_000 and amount.data_type == "n"
    assert amount.number_format == "[$-42A]#,##0"
    assert isinstance(day.value, datetime) and day.value.date() == date(2019, 1, 10)
    assert day.number_format == "[$-42A]dd/mm/yyyy"
    year = ws.cell(2, headers.index("Năm") + 1)
    assert year.value == 2019 and year.number_format == "0"
    plan_row, report_row = ws.max_row - 1, ws.max_row  # one total per document, no sum of both
    assert ws.cell(plan_row, 1).value == 2_300_000_000 and ws.cell(plan_row, 1).font.b
    assert "Cộng văn bản" in ws.cell(plan_row, 3).value
    assert ws.cell(plan_row, headers.index("Số/ký hiệu") + 1).value == "12/KH-UBND"
    assert ws.cell(report_row, 1).value == 1_200_000_000
    assert 3_500_000_000 not in [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)]

    path = tmp_path / "chi-tieu.xlsx"
    write_xlsx(targets_sheet(targets(plan_and_reports)), path)
    ws = load_workbook(path).active
    assert ws is not None
    headers = [c.value for c in ws[1]]
    assert headers[:2] == ["Chỉ tiêu", "Mục tiêu tối thiểu"] and "Tỷ lệ" in headers
    ratio = ws.cell(2, headers.index("Tỷ lệ") + 1)
    assert ratio.value == pytest.approx(0.9) and ratio.number_format == "[$-42A]0.0%"
    assert ws.cell(2, 2).value == 20 and ws.cell(2, 2).data_type == "n"


# ----------------------------------------------------------------------------- commands

def invoke(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), env={"COLUMNS": "200"}, catch_exceptions=False)


@pytest.mark.parametrize("name", ["funding", "targets"])
def test_commands_have_help(name: str) -> None:
    result = invoke(name, "--help")
    assert result.exit_code == 0
    for option in ("--year", "--unit", "--db", "--json", "--csv", "--xlsx"):
        assert option in result.output
    assert ("Kinh phí" if name == "funding" else "Chỉ tiêu") in result.output


def test_funding_command(plan_and_reports: Engine, db_url: str, tmp_path: Path) -> None:
    result = invoke("funding", "--db", db_url)
    assert result.exit_code == 0, result.output
    assert "2.000.000.000 đồng" in result.output and "12/KH-UBND" in result.output
    assert "Tổng cộng" not in result.output and "3.500.000.000" not in result.output
    assert "12/KH-UBND ngày 10/01/2019: 2.300.000.000 đồng (2 khoản)" in result.output
    assert "34/BC-SNN ngày 15/01/2020: 1.200.000.000 đồng" in result.output
    data = json.loads(invoke("funding", "--db", db_url, "--year", "2019", "--json").output)
    assert data["total_vnd"] == 3_200_000_000
    assert [a["counted"] for a in data["amounts"]] == [True, False, False, True]
    xlsx, csv_file = tmp_path / "a.xlsx", tmp_path / "a.csv"
    result = invoke("funding", "--db", db_url, "--source", "ngân sách tỉnh", "--xlsx",
                    str(xlsx), "--csv", str(csv_file))
    assert result.exit_code == 0 and f"Đã ghi 2 dòng vào {xlsx}" in result.output
    assert xlsx.exists() and csv_file.exists()
    result = invoke("funding", "--db", db_url, "--unit", "UBND huyện Kbang")
    assert "Không có khoản kinh phí nào" in result.output


@pytest.mark.parametrize("name", ["funding", "targets"])
def test_an_unknown_unit_is_an_error_with_suggestions(plan_and_reports: Engine, db_url: str,
                                                      name: str) -> None:
    """--unit means a unit of the directory here as in `obligations`: a word found in no
    unit's name is not a filter that silently matches nothing."""
    result = CliRunner().invoke(cli, [name, "--db", db_url, "--unit", "Kbangg"])
    assert result.exit_code == 1
    assert "không có đơn vị “Kbangg” trong danh bạ đơn vị" in result.output
    assert "Có phải bạn muốn tìm: “Ủy ban nhân dân huyện Kbang”" in result.output


def test_targets_command(plan_and_reports: Engine, db_url: str, tmp_path: Path) -> None:
    result = invoke("targets", "--db", db_url, "--unit", "Sở NN&PTNT")
    assert result.exit_code == 0, result.output
    assert "34/BC-SNN" in result.output and "Mục tiêu" in result.output
    data = json.loads(invoke("targets", "--db", db_url, "--json").output)
    assert data[0]["achieved"]["value"] == 18 and data[0]["met"] is False
    assert invoke("targets", "--db", db_url, "--year", "2031").output.startswith(
        "Không có chỉ tiêu nào")
    bad = tmp_path / "missing" / "x.csv"
    result = CliRunner().invoke(cli, ["targets", "--db", db_url, "--csv", str(bad)])
    assert result.exit_code == 1 and "Lỗi: không ghi được tệp" in result.output


# ----------------------------------------------------------------------------- end to end

def test_sample_report_funding_end_to_end(engine: Engine) -> None:
    """Seed 002 (78/BC-SNN): 6.400 triệu đồng with its "Bằng chữ", and 556,40 triệu with a
    273,38 triệu part from the state budget."""
    source = read_file(next(SAMPLES.glob("002_*.txt")))
    save_extraction(engine, source, extract(source))
    report = funding(engine)
    by_amount = {r.amount_vnd: r for r in report.rows}
    plan = by_amount[6_400_000_000]
    assert plan.in_words_vnd == 6_400_000_000 and not plan.words_mismatch and plan.counted
    total, part = by_amount[556_400_000], by_amount[273_380_000]
    assert total.counted and not part.counted and part.parent_id == total.id
    assert report.rows.index(part) > report.rows.index(total) and part.depth == 1
    assert report.total_vnd == sum(r.amount_vnd or 0 for r in report.rows if r.counted)
    assert report.total_vnd < sum(r.amount_vnd or 0 for r in report.rows)
    nsnn = funding(engine, source="ngan sach nha nuoc")
    assert [r.amount_vnd for r in nsnn.rows] == [273_380_000]
    assert nsnn.total_vnd == 273_380_000
