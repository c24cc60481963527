"""``vanthu funding`` and ``vanthu targets``: money allocated and spent, goals set and reached,
as a table, JSON, CSV or Excel.

Light at import time: models, SQLAlchemy, rich and openpyxl are imported inside the commands,
so that registering them in vanthu/cli.py does not slow ``vanthu extract`` down.
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from vanthu.finance_view import Sheet

F = TypeVar("F", bound=Callable[..., Any])


def _output_options(fn: F) -> F:
    """--db, --json, --csv FILE, --xlsx FILE, shared by both commands."""
    from vanthu.app import db_option, json_option
    from vanthu.sheets import file_options

    return db_option(json_option(file_options(fn)))


def _export(sheet: Sheet, csv_path: str | None, xlsx_path: str | None) -> None:
    """Write the requested files (vanthu/sheets.py: the one writer of every list)."""
    from vanthu.sheets import write_files

    write_files(sheet, csv_path, xlsx_path)


@click.command("funding", epilog="""\b
Ví dụ:
  vanthu funding --year 2025
  vanthu funding --source "ngan sach tinh" --xlsx kinh_phi.xlsx
  vanthu funding --unit "Sở NN&PTNT"
""")
@click.option("--year", type=int, metavar="NĂM", help="Chỉ các khoản của năm này (yyyy).")
@click.option("--source", metavar="NGUỒN",
              help="Chỉ các khoản có nguồn chứa NGUỒN, không phân biệt dấu "
                   "(\"ngan sach tinh\").")
@click.option("--unit", metavar="TÊN_ĐƠN_VỊ",
              help="Chỉ văn bản liên quan đến đơn vị này, viết theo cách thường dùng (\"Sở "
                   "NN&PTNT\", \"UBND huyện Kbang tỉnh Gia Lai\"): giao nhiệm vụ cho đơn vị "
                   "hoặc nhóm có đơn vị đó, hoặc do đơn vị ban hành hay gửi đến đơn vị. Tên "
                   "không có trong danh bạ là lỗi, kèm các tên gần giống.")
@_output_options
def funding(year: int | None, source: str | None, unit: str | None, db_url: str | None,
            as_json: bool, csv_path: str | None, xlsx_path: str | None) -> None:
    """Kinh phí: các khoản tiền được bố trí, giải ngân trong văn bản, và tổng cộng.

    Liệt kê mọi khoản tiền đọc được từ các văn bản đã lưu, kèm văn bản (số, ngày, cơ quan
    ban hành), mục đích, nguồn, năm, và tổng cộng của từng văn bản. Khoản là một phần của
    khoản lớn hơn trong cùng văn bản được ghi dưới khoản đó và không cộng thêm lần nữa.
    """
    from rich.console import Console

    from models.finance import funding as funding_query
    from vanthu.app import _open_db, _print_json
    from vanthu.finance_view import funding_json, funding_sheet, funding_view

    from vanthu.obligations_cmd import unit_errors

    engine = _open_db(db_url, must_exist=True)
    with unit_errors():
        report = funding_query(engine, year=year, source=source, unit=unit)
    _export(funding_sheet(report), csv_path, xlsx_path)
    if as_json:
        _print_json(funding_json(report))
    elif not (csv_path or xlsx_path):
        if not report.rows:
            click.echo("Không có khoản kinh phí nào khớp điều kiện lọc.")
            return
        Console(highlight=False).print(funding_view(report))


@click.command("targets", epilog="""\b
Ví dụ:
  vanthu targets --year 2025
  vanthu targets --unit "UBND huyện Mộ Đức" --xlsx chi_tieu.xlsx""")
@click.option("--year", type=int, metavar="NĂM",
              help="Chỉ chỉ tiêu của năm này (thời kỳ của chỉ tiêu bao gồm năm đó).")
@click.option("--unit", metavar="TÊN_ĐƠN_VỊ",
              help="Chỉ văn bản liên quan đến đơn vị này (như `vanthu funding --unit`).")
@_output_options
def targets(year: int | None, unit: str | None, db_url: str | None, as_json: bool,
            csv_path: str | None, xlsx_path: str | None) -> None:
    """Chỉ tiêu: mục tiêu trong kế hoạch so với kết quả đạt được trong báo cáo sau đó.

    Liệt kê các chỉ tiêu (mục tiêu) đọc được từ văn bản đã lưu. Khi một báo cáo sau đó của
    đơn vị liên quan nêu kết quả cùng chỉ số (cùng đơn vị tính, từ ngữ khớp), in hai con số
    cạnh nhau, kèm tỉ lệ đạt được / chỉ tiêu và đã đạt hay chưa.
    """
    from rich.console import Console

    from models.finance import targets as targets_query
    from vanthu.app import _open_db, _print_json
    from vanthu.finance_view import targets_json, targets_sheet, targets_view

    from vanthu.obligations_cmd import unit_errors

    engine = _open_db(db_url, must_exist=True)
    with unit_errors():
        rows = targets_query(engine, year=year, unit=unit)
    _export(targets_sheet(rows), csv_path, xlsx_path)
    if as_json:
        _print_json(targets_json(rows))
    elif not (csv_path or xlsx_path):
        if not rows:
            click.echo("Không có chỉ tiêu nào khớp điều kiện lọc.")
            return
        Console(highlight=False).print(targets_view(rows))
