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
    for option in reversed([
        click.option("--db", "db_url", envvar="VANTHU_DB", metavar="URL",
                     help="Database: a SQLite file path or a URL (default: $VANTHU_DB, else vanthu.db in the user "
                          "data folder)."),
        click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table."),
        click.option("--csv", "csv_path", type=click.Path(dir_okay=False), metavar="FILE",
                     help="Write the rows to FILE as CSV (UTF-8 with BOM, opens in Excel)."),
        click.option("--xlsx", "xlsx_path", type=click.Path(dir_okay=False), metavar="FILE",
                     help="Write the rows to FILE as an Excel workbook (Vietnamese headers, "
                          "numbers and dates as real values)."),
    ]):
        fn = option(fn)
    return fn


def _export(sheet: Sheet, csv_path: str | None, xlsx_path: str | None) -> None:
    """Write the requested files (vanthu/sheets.py: the one writer of every list)."""
    from vanthu.sheets import write_files

    write_files(sheet, csv_path, xlsx_path)


@click.command("funding")
@click.option("--year", type=int, metavar="YYYY", help="Only amounts for this year.")
@click.option("--source", metavar="TEXT",
              help="Only amounts whose source contains TEXT, diacritics ignored "
                   "(\"ngan sach tinh\").")
@click.option("--unit", metavar="NAME",
              help="Only documents concerning this unit, as written anywhere (\"Sở NN&PTNT\", "
                   "\"UBND huyện Kbang tỉnh Gia Lai\"): assigning it or its groups a task, or "
                   "issued by or sent to it. An unknown name is an error with suggestions.")
@_output_options
def funding(year: int | None, source: str | None, unit: str | None, db_url: str | None,
            as_json: bool, csv_path: str | None, xlsx_path: str | None) -> None:
    """Kinh phí: các khoản tiền được bố trí, giải ngân trong văn bản, và tổng cộng.

    List every amount of money read from the stored documents, with its document (number,
    date, issuer), purpose, source and year, and the total. An amount that is part of a
    larger amount listed from the same document is shown indented under it and is not added
    to the total again.
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


@click.command("targets")
@click.option("--year", type=int, metavar="YYYY",
              help="Only targets for this year (their period covers it).")
@click.option("--unit", metavar="NAME",
              help="Only documents concerning this unit (as for `vanthu funding --unit`).")
@_output_options
def targets(year: int | None, unit: str | None, db_url: str | None, as_json: bool,
            csv_path: str | None, xlsx_path: str | None) -> None:
    """Chỉ tiêu: mục tiêu trong kế hoạch so với kết quả đạt được trong báo cáo sau đó.

    List the targets (goals) read from the stored documents. Where a later report of a
    related unit states the achieved figure for the same metric (same unit, matching words),
    show the two side by side with the ratio achieved / target and whether it was met.
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
