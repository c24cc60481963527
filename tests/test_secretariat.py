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
    app.state.engine.dispose()
