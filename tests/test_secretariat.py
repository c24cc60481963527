"""What a secretariat notices (issue 14): an unknown unit is an error with suggestions in
every command and on the web unit page; status changes need a name and show their history;
holidays, upcoming-only deadlines and the calendar; CSV/XLSX of every list; Vietnamese
labels in `show`; the version; the database given as a plain path."""
from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from tests.test_obligations_db import store_directive
from vanthu.cli import cli

MO_DUC = "Ủy ban nhân dân huyện Mộ Đức tỉnh Quảng Ngãi"


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), env={"COLUMNS": "200"})


# ----------------------------------------------------------------------------- units

@pytest.mark.parametrize("command", [
    ["obligations"], ["deadlines"], ["export", "ics"], ["funding"], ["targets"]])
def test_a_mistyped_unit_is_an_error_with_suggestions(engine: Engine, db_url: str,
                                                      command: list[str]) -> None:
    store_directive(engine)
    result = run(*command, "--unit", "Mộ Đứcc", "--db", db_url)
    assert result.exit_code == 1, result.output
    assert "Lỗi: không có đơn vị “Mộ Đứcc” trong danh bạ đơn vị." in result.output
    assert f"Có phải bạn muốn tìm: “{MO_DUC}”" in result.output


def test_a_word_matching_no_unit_is_an_error_not_every_groups_tasks(engine: Engine,
                                                                    db_url: str) -> None:
    store_directive(engine)
    result = run("obligations", "--unit", "xyz", "--db", db_url, "--as-of", "2020-04-01")
    assert result.exit_code == 1
    assert "không có đơn vị “xyz”" in result.output and "Nhiệm vụ (" not in result.output


def test_alerts_for_one_unit_and_an_unknown_one(engine: Engine, db_url: str,
                                                tmp_path: Any) -> None:
    store_directive(engine)
    bad = run("alerts", "--unit", "Mộ Đứcc", "--db", db_url, "--out", str(tmp_path / "a"))
    assert bad.exit_code == 1 and "Có phải bạn muốn tìm" in bad.output
    assert not (tmp_path / "a").exists()


def test_the_unit_page_suggests_names_for_an_unknown_unit(engine: Engine, db_url: str,
                                                          tmp_path: Any) -> None:
    from starlette.testclient import TestClient

    from vanthu.web.app import WebConfig, create_app

    store_directive(engine)
    app = create_app(WebConfig(db_url=db_url, secret="x" * 32, upload_dir=tmp_path))
    with TestClient(app) as client:
        page = client.get("/don-vi", params={"ten": "Mộ Đứcc"})
        assert page.status_code == 404
        assert "Không có đơn vị “Mộ Đứcc” trong danh bạ đơn vị." in page.text
        assert "Có phải bạn muốn tìm:" in page.text and MO_DUC in page.text
        assert client.get("/don-vi", params={"ten": "UBND huyện Mộ Đức"}).status_code == 200
        assert client.get("/", params={"don_vi": "Mộ Đứcc"}).status_code == 404
    app.state.engine.dispose()


def test_my_office_not_in_the_directory_yet_is_a_warning_not_an_error(db_url: str,
                                                                       tmp_path: Any) -> None:
    from starlette.testclient import TestClient

    from vanthu.web.app import WebConfig, create_app

    app = create_app(WebConfig(db_url=db_url, secret="x" * 32, upload_dir=tmp_path,
                               office=("UBND huyện Sơn Tịnh",)))
    with TestClient(app) as client:   # an empty database: no unit known yet
        page = client.get("/", params={"van_phong": "1"})
        assert page.status_code == 200
        assert "Chưa có trong danh bạ đơn vị (chưa văn bản nào nhắc tới): UBND huyện Sơn Tịnh" \
            in page.text
    app.state.engine.dispose()


# ----------------------------------------------------------------------------- status

def _task(db_url: str, unit: str, due: str) -> int:
    import json

    out = run("obligations", "--unit", unit, "--as-of", "2020-04-01", "--db", db_url, "--json")
    return next(t["id"] for t in json.loads(out.output)["tasks"] if t["due"] == due)


def test_done_needs_by_warns_on_a_repeat_and_shows_the_history(engine: Engine,
                                                               db_url: str) -> None:
    store_directive(engine)
    ob = _task(db_url, "Sở NN&PTNT", "2020-03-20")
    no_by = run("done", str(ob), "--db", db_url)
    assert no_by.exit_code == 2 and "--by" in no_by.output and "Đã hoàn thành" not in no_by.output
    first = run("done", str(ob), "--by", "Nguyễn Văn A", "--note", "Đã gửi BC 12", "--db", db_url)
    assert first.exit_code == 0 and "Đã hoàn thành (người cập nhật: Nguyễn Văn A)" in first.output
    again = run("done", str(ob), "--by", "Trần B", "--db", db_url)
    assert again.exit_code == 0
    assert f"Cảnh báo: nhiệm vụ {ob} đã hoàn thành từ " in again.output
    assert "(người cập nhật: Nguyễn Văn A); không ghi thêm." in again.output
    listing = run("obligations", "--unit", "Sở NN&PTNT", "--as-of", "2020-04-01",
                  "--db", db_url).output
    assert "Lịch sử:" in listing and "Đánh dấu hoàn thành bởi Nguyễn Văn A: Đã gửi BC 12" in \
        " ".join(listing.split())
    shown = run("show", "878/UBND-NNTN", "--db", db_url).output
    assert "Lịch sử cập nhật nhiệm vụ (1)" in shown and "Nguyễn Văn A" in shown
    assert "Đã gửi BC 12" in shown and "Trần B" not in shown   # the repeat recorded nothing


def test_a_member_unit_closes_only_its_share_of_a_group_task(engine: Engine,
                                                             db_url: str) -> None:
    import json

    store_directive(engine)
    ob = _task(db_url, "UBND huyện Mộ Đức", "2020-04-10")   # given to "UBND các huyện, …"
    done = run("done", str(ob), "--by", "Lê C", "--unit", "UBND huyện Mộ Đức", "--db", db_url)
    assert done.exit_code == 0, done.output
    assert f"Nhiệm vụ {ob} — {MO_DUC}: Đã hoàn thành" in done.output
    assert "1/1 đơn vị đã xong" in done.output
    # The district no longer sees it as due; the group task stays open as a whole.
    due = json.loads(run("deadlines", "--unit", "UBND huyện Mộ Đức", "--as-of", "2020-04-01",
                         "--db", db_url, "--json").output)
    assert ob not in [i["task"]["id"] for i in due["items"]]
    whole = json.loads(run("obligations", "--status", "open", "--as-of", "2020-04-01",
                           "--db", db_url, "--json").output)
    [task] = [t for t in whole["tasks"] if t["id"] == ob]
    assert task["members"] == {"done": [MO_DUC], "total": 1}
    assert task["history"][0]["unit"] == MO_DUC
    table = run("obligations", "--as-of", "2020-04-01", "--db", db_url).output
    assert "1/1 đơn vị đã xong" in table
    wrong = run("done", str(_task(db_url, "Sở NN&PTNT", "2020-03-20")), "--by", "A",
                "--unit", "UBND huyện Mộ Đức", "--db", db_url)
    assert wrong.exit_code == 1 and "không giao cho một nhóm đơn vị" in wrong.output
    reopened = run("reopen", str(ob), "--by", "Lê C", "--unit", "UBND huyện Mộ Đức",
                   "--db", db_url)
    assert reopened.exit_code == 0 and "0/1 đơn vị đã xong" in reopened.output


# ----------------------------------------------------------------------------- time

def test_deadlines_upcoming_leaves_out_the_overdue(engine: Engine, db_url: str) -> None:
    import json

    store_directive(engine)
    args = ("--as-of", "2020-04-01", "--within", "30d", "--db", db_url, "--json")
    every = json.loads(run("deadlines", *args).output)["items"]
    upcoming = json.loads(run("deadlines", "--upcoming", *args).output)
    assert any(i["overdue"] for i in every)
    assert [i["due"] for i in upcoming["items"]] == ["2020-04-10", "2020-04-30"]
    assert upcoming["total"] == 2
    both = run("deadlines", "--upcoming", "--overdue", "--db", db_url)
    assert both.exit_code == 2 and "chỉ chọn một" in both.output


def test_the_calendar_holds_open_tasks_not_years_old_ones(engine: Engine, db_url: str,
                                                          tmp_path: Any) -> None:
    from icalendar import Calendar

    store_directive(engine)
    out = tmp_path / "lich.ics"
    result = run("export", "ics", "--out", str(out), "--as-of", "2023-01-02", "--db", db_url)
    assert result.exit_code == 0
    assert "Bỏ qua 3 nhiệm vụ quá hạn trước 02/01/2023 hơn 90 ngày" in result.output
    [event] = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert "RRULE" in event and event.decoded("DTSTART").isoformat() == "2023-06-20"


# ----------------------------------------------------------------------------- exports

def _csv_rows(path: Any) -> list[list[str]]:
    import csv

    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


@pytest.mark.parametrize("command", [
    ["deadlines", "--upcoming", "--within", "30d"], ["obligations"], ["refs", "490/QĐ-TTg"],
    ["search", "OCOP"]])
def test_every_list_goes_to_csv_and_xlsx(engine: Engine, db_url: str, tmp_path: Any,
                                         command: list[str]) -> None:
    from openpyxl import load_workbook

    from tests.test_obligations_db import DIRECTIVE, contract
    from models import save_extraction

    store_directive(engine)
    cites = [{"doc_type": "quyet_dinh", "number": "490/QĐ-TTg", "issued_on": "2018-05-07",
              "issuer": None, "relation": "implements", "text": "Quyết định số 490/QĐ-TTg",
              "span": None}]
    source, data = contract(DIRECTIVE + "Thực hiện Quyết định số 490/QĐ-TTg về OCOP.\n",
                            "/docs/12.txt", [], references=cites, doc_type="ke_hoach",
                            number="12/KH-UBND", issued_on="2020-03-10")
    save_extraction(engine, source, data)
    csv_file, xlsx = tmp_path / "ds.csv", tmp_path / "ds.xlsx"
    result = run(*command, "--as-of", "2020-04-01", "--db", db_url, "--csv", str(csv_file),
                 "--xlsx", str(xlsx)) if command[0] in ("deadlines", "obligations") else \
        run(*command, "--db", db_url, "--csv", str(csv_file), "--xlsx", str(xlsx))
    assert result.exit_code == 0, result.output
    rows = _csv_rows(csv_file)
    assert len(rows) >= 2 and f"Đã ghi {len(rows) - 1} dòng vào {csv_file}" in result.output
    for row in rows:
        assert all(cell == " ".join(cell.split()) for cell in row)   # no indent, one line
    sheet = load_workbook(xlsx).active
    assert [c.value for c in sheet[1]] == rows[0]


def test_csv_of_deadlines_holds_every_row_not_a_page(engine: Engine, db_url: str,
                                                     tmp_path: Any) -> None:
    store_directive(engine)
    out = tmp_path / "han.csv"
    run("deadlines", "--as-of", "2020-04-01", "--within", "365d", "--limit", "1",
        "--db", db_url, "--csv", str(out))
    rows = _csv_rows(out)
    assert rows[0][:3] == ["Hạn", "Tình trạng", "Đơn vị thực hiện"]
    assert len(rows) - 1 == 5 and rows[1][:2] == ["20/03/2020", "Quá hạn"]


def test_funding_csv_has_no_indent_spaces(tmp_path: Any) -> None:
    from vanthu.finance_view import Column, Sheet, write_csv

    out = tmp_path / "k.csv"
    write_csv(Sheet("Kinh phí", (Column("Mục đích"),), [("    └ vốn\n  lồng ghép ",)]), out)
    assert _csv_rows(out)[1] == ["└ vốn lồng ghép"]


# ----------------------------------------------------------------------------- display

def test_version_gives_the_package_and_the_extractor() -> None:
    import tomllib
    from pathlib import Path

    import vanthu
    from extractors import EXTRACTOR_VERSION

    project = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())
    version = project["project"]["version"]
    assert version == vanthu.__version__ == EXTRACTOR_VERSION == "0.12.0"
    out = run("--version").output
    assert out.strip() == f"vanthu {version} (bộ trích xuất {EXTRACTOR_VERSION})"


@pytest.mark.parametrize("rule, said", [
    ("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25", "Định kỳ hằng năm, ngày 25/12"),
    ("FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=20", "Định kỳ hằng năm, ngày 20/6 và 20/12"),
    ("FREQ=MONTHLY;INTERVAL=6", "Định kỳ 6 tháng một lần"),
    ("FREQ=MONTHLY;BYMONTHDAY=25", "Định kỳ hằng tháng, ngày 25"),
    ("FREQ=WEEKLY;BYDAY=FR", "Định kỳ hằng tuần, thứ Sáu"),
    ("FREQ=MONTHLY;BYMONTHDAY=-1", "Định kỳ hằng tháng, ngày cuối tháng"),
])
def test_rules_read_as_a_secretariat_says_them(rule: str, said: str) -> None:
    from vanthu.obligations_view import describe_rrule

    assert describe_rrule(rule) == said


def test_show_uses_vietnamese_labels_and_the_ma_column(engine: Engine, db_url: str) -> None:
    import regex as re

    store_directive(engine)
    out = run("show", "878/UBND-NNTN", "--db", db_url).output
    assert "Mã" in out and "Chủ trì" in out and "Chưa hoàn thành" in out
    assert "Định kỳ hằng năm, ngày 20/6 và 20/12" in out
    for code in ("lead", "support", "open", "by_dekad", "by_date", "FREQ="):
        assert not re.search(rf"(?<!\w){code}(?!\w)", out), code
    ids = re.findall(r"│\s*(\d+)\s*│", out.split("Nhiệm vụ (")[1])
    assert len(ids) == 4   # one Mã per duty, the one `vanthu done` takes


def test_show_lists_the_documents_a_number_matches(engine: Engine, db_url: str) -> None:
    from models import save_extraction
    from tests.test_obligations_db import DIRECTIVE, contract

    store_directive(engine)
    for n in ("87/KH-UBND", "8788/STC-NS"):
        source, data = contract(DIRECTIVE + n + "\n", f"/docs/{n[:4]}.txt", [], number=n)
        save_extraction(engine, source, data)
    out = run("show", "87", "--db", db_url)
    assert out.exit_code == 0
    assert "Có 3 văn bản trùng số “87”, dùng mã: vanthu show \"#mã\"" in out.output
    assert "Số/ký hiệu            " not in out.output   # no document printed whole
    import re

    first = re.findall(r"#(\d+)", out.output)[0]
    one = run("show", f"#{first}", "--db", db_url).output
    assert one.count("Số/ký hiệu            ") == 1


# ----------------------------------------------------------------------------- database path

def test_a_plain_path_is_a_database(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from models.db import as_url

    assert as_url("/tmp/x.db") == "sqlite:////tmp/x.db"
    assert as_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    monkeypatch.chdir(tmp_path)
    assert as_url("du_lieu.db") == f"sqlite:///{tmp_path / 'du_lieu.db'}"
    monkeypatch.setenv("VANTHU_DB", str(tmp_path / "vanthu.db"))
    made = run("search", "OCOP")   # read-only: no database yet
    assert made.exit_code == 1 and "chưa có cơ sở dữ liệu" in made.output
    from models import connect

    connect(str(tmp_path / "vanthu.db")).dispose()
    found = run("search", "OCOP")
    assert found.exit_code == 0 and "Không tìm thấy văn bản nào" in found.output


def test_a_folder_that_does_not_exist_is_an_error_not_created(tmp_path: Any) -> None:
    missing = tmp_path / "khong_co" / "con"
    result = run("demo", "--db", str(missing / "vanthu.db"))
    assert result.exit_code == 1
    assert f"Lỗi: không có thư mục {missing} để đặt cơ sở dữ liệu vanthu.db" in result.output
    assert not (tmp_path / "khong_co").exists()


def test_every_imported_package_is_declared() -> None:
    import ast
    import sys
    import tomllib
    from importlib.metadata import packages_distributions
    from pathlib import Path

    import regex as re

    root = Path(__file__).parent.parent
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    declared = {re.split(r"[\[=<>~! ]", d)[0].lower().replace("_", "-")
                for d in project["dependencies"]}
    dists = packages_distributions()
    own = {"extractors", "models", "pipelines", "vanthu"}
    missing = set()
    for folder in own:
        for path in (root / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                    [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 \
                    and node.module else []
                for name in names:
                    top = name.split(".")[0]
                    if top in sys.stdlib_module_names or top in own:
                        continue
                    if not {d.lower().replace("_", "-") for d in dists.get(top, [top])} & declared:
                        missing.add(f"{top} ({path.relative_to(root)})")
    assert not missing, sorted(missing)
