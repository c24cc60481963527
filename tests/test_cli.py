"""The ``vanthu`` commands as a user runs them (click's CliRunner). Commands that run the
ingest flow are marked slow (they need the Prefect test server)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from models import save_extraction
from vanthu.cli import cli

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"


def invoke(*args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help(name: str) -> None:
    command = cli.commands[name]
    assert command.help and len(command.help.split()) > 5
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"{name} {param.opts} has no help"
    result = invoke(name, "--help")
    assert result.exit_code == 0 and "Cách dùng" in result.output


def test_extract_does_not_import_the_database_or_prefect() -> None:
    code = ("import sys; from click.testing import CliRunner; from vanthu.cli import cli; "
            f"r = CliRunner().invoke(cli, ['extract', {str(next(SAMPLES.glob('*.txt')))!r}]); "
            "assert r.exit_code == 0, r.output; "
            "print(sorted(m for m in ('prefect', 'sqlalchemy', 'alembic') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120)
    assert out.stdout.strip() == "[]"


@pytest.fixture
def stored(engine: Engine, decision: Any, store_text: Any, db_url: str) -> str:
    save_extraction(engine, *decision)
    store_text("Thực hiện Quyết định số 490/QĐ-TTg, đề nghị các huyện báo cáo.", "/d/878.txt",
               number="878/UBND-NNTN", doc_type="cong_van", issued_on="2020-03-05",
               subject="Đẩy nhanh tiến độ Chương trình OCOP")
    for i in range(4):
        store_text(f"Thông báo số {i} về lịch họp.", f"/d/tb{i}.txt", number=f"{i}/TB-VP")
    return db_url


def test_show_prints_everything_known(stored: str) -> None:
    result = invoke("show", "490/qd-ttg", "--db", stored)
    assert result.exit_code == 0, result.output
    out = result.output
    for expected in ["490/QĐ-TTg", "Quyết định", "Thủ tướng Chính phủ", "07/05/2018",
                     "Phê duyệt Chương trình mỗi xã một sản phẩm", "Trịnh Đình Dũng",
                     "KT. Thủ tướng", "Lưu: VT, NN", "490-QD-TTg.txt", "32/2016/QH14",
                     "23/11/2016", "30/09/2018", "6.400.000.000 đ", "sản phẩm đạt 3 sao",
                     "0.1.0"]:
        assert expected in out, expected


def test_show_json_and_env_database(stored: str) -> None:
    result = invoke("show", "490/QĐ-TTg", "--json", env={"VANTHU_DB": stored})
    [doc] = json.loads(result.output)
    assert doc["document"]["number"] == "490/QĐ-TTg"
    assert doc["funding"][0]["amount_vnd"] == 6_400_000_000
    assert len(doc["source"]["sha256"]) == 64


def test_show_unknown_number(stored: str) -> None:
    result = CliRunner().invoke(cli, ["show", "999/XYZ", "--db", stored])
    assert result.exit_code == 1
    assert "Không tìm thấy văn bản số 999/XYZ" in result.output


def test_search_without_diacritics_shows_vietnamese(stored: str) -> None:
    result = invoke("search", "quyet", "dinh", "490", "--db", stored)
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.index("490/QĐ-TTg") < out.index("878/UBND-NNTN")
    assert "Quyết định" in out and "07/05/2018" in out


def test_search_json(stored: str) -> None:
    found = json.loads(invoke("search", "de nghi cac huyen", "--db", stored, "--json").output)
    assert found["cited"] == []
    hits = found["hits"]
    assert [h["number"] for h in hits] == ["878/UBND-NNTN"]
    hit = hits[0]
    assert [hit["snippet"][a:b] for a, b in hit["highlights"]] == ["đề", "nghị", "các", "huyện"]
    assert found["total"] == 1 and found["total_exact"] is True
    assert json.loads(invoke("search", "khong co tu nay", "--db", stored, "--json").output) == {
        "cited": [], "total": 0, "total_exact": True, "hits": []}


def test_search_nothing_found(stored: str) -> None:
    result = invoke("search", "xyzzy", "--db", stored)
    assert result.exit_code == 0 and "Không tìm thấy văn bản nào" in result.output


def test_bad_database_url_is_one_clear_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["show", "1", "--db",
                                      "postgresql+psycopg://nobody@127.0.0.1:1/x"])
    assert result.exit_code == 1 and "không mở được cơ sở dữ liệu" in result.output


@pytest.mark.slow
def test_ingest_reports_counts_and_failures(sqlite_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "cv.txt").write_text("Số: 5/UBND\nV/v họp", encoding="utf-8")
    (folder / "rong.txt").write_bytes(b"")
    result = invoke("ingest", str(folder), "--db", sqlite_url, "--workers", "2")
    assert result.exit_code == 0, result.output
    assert "Đã nhập: 1, Bỏ qua (đã có): 0, Cập nhật: 0, Lỗi: 1" in result.output
    assert "rong.txt: Tệp rỗng, không có nội dung" in result.output
    again = invoke("ingest", str(folder), "--db", sqlite_url, "-v")
    assert "Đã nhập: 0, Bỏ qua (đã có): 1, Cập nhật: 0, Lỗi: 1" in again.output
    assert "empty: 0 bytes" in again.output  # the English detail, with --verbose
    only_bad = CliRunner().invoke(cli, ["ingest", str(folder / "rong.txt"), "--db", sqlite_url])
    assert only_bad.exit_code == 1


@pytest.mark.slow
def test_demo_ingests_the_samples_and_prints_a_summary(sqlite_url: str) -> None:
    result = invoke("demo", "--db", sqlite_url)
    assert result.exit_code == 0, result.output
    count = len(list(SAMPLES.glob("*.txt")))
    assert f"Đã nhập: {count}," in result.output
    for header in ["Số/ký hiệu", "Loại", "Cơ quan ban hành", "Ngày"]:
        assert header in result.output
