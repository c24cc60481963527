"""The ``vanthu`` command group and what its commands share: the --db and --json options,
opening the database with one clear error, JSON output.

Command modules (vanthu/*_cmd.py) import this module, never vanthu/cli.py, which imports
them to register their commands: imports go one way, cli → commands → app. Light at import
time (click only): each command imports the database, Prefect and rich inside its body.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from vanthu.click_vi import install as _click_in_vietnamese

_click_in_vietnamese()  # before any command is declared: help options take their text then

if TYPE_CHECKING:
    from sqlalchemy import Engine

F = TypeVar("F", bound=Callable[..., Any])


def _echo_err(msg: str) -> None:
    click.echo(msg, err=True)


def _print_version(ctx: click.Context, _param: Any, value: bool) -> None:
    """--version: "vanthu 0.12.0 (bộ trích xuất 0.12.0)" (the extractor loaded only here)."""
    if not value or ctx.resilient_parsing:
        return
    from importlib.metadata import version

    from extractors.document import EXTRACTOR_VERSION

    click.echo(f"vanthu {version('vanthu')} (bộ trích xuất {EXTRACTOR_VERSION})")
    ctx.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True,
              callback=_print_version,
              help="Xem phiên bản (chương trình và bộ trích xuất) rồi thoát.")
def cli() -> None:
    """vanthu — văn bản hành chính → cơ sở dữ liệu chỉ đạo, nhiệm vụ, thời hạn.

    Đọc văn bản hành chính (công văn, quyết định, kế hoạch, …), lưu các nhiệm vụ, thời hạn,
    chỉ tiêu, kinh phí và văn bản dẫn chiếu để tra cứu. Xem hướng dẫn từng lệnh:
    vanthu LỆNH --help.
    """


def db_option(fn: F) -> F:
    return click.option("--db", "db_url", envvar="VANTHU_DB", metavar="URL",
                        help="Cơ sở dữ liệu: đường dẫn tệp SQLite (/srv/vanthu.db) hoặc địa chỉ "
                             "như sqlite:///vanthu.db, postgresql+psycopg://người_dùng@máy/csdl "
                             "(mặc định: biến VANTHU_DB, nếu không có thì vanthu.db trong thư "
                             "mục dữ liệu của người dùng). Thư mục phải có sẵn.")(fn)


def json_option(fn: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="In dạng JSON thay cho bảng.")(fn)


def _open_db(db_url: str | None, must_exist: bool = False) -> Engine:
    """The migrated database, or one clear line (its password hidden) and exit 1 when it
    cannot be opened. ``must_exist``: a command that only reads never creates a database;
    no command creates the folder of a database the user named (a mistyped path)."""
    from models import connect
    from models.db import MissingDatabase, MissingFolder
    from vanthu.redact import hide_url, scrub

    try:
        return connect(db_url, must_exist=must_exist, create_folder=False)
    except MissingDatabase as e:
        _echo_err(f"Lỗi: chưa có cơ sở dữ liệu {scrub(str(e.path))}: hãy nhập văn bản trước "
                  f"(vanthu ingest …) hoặc chỉ đúng --db.")
        sys.exit(1)
    except MissingFolder as e:
        _echo_err(f"Lỗi: không có thư mục {scrub(str(e.path.parent))} để đặt cơ sở dữ liệu "
                  f"{scrub(e.path.name)}: hãy kiểm tra lại đường dẫn (--db hoặc VANTHU_DB) "
                  "hoặc tạo thư mục trước.")
        sys.exit(1)
    except Exception as e:  # noqa: BLE001 - a bad URL, a driver missing, a server down: one line
        shown = hide_url(db_url) if db_url else "mặc định"
        _echo_err(f"Lỗi: không mở được cơ sở dữ liệu {shown}: {db_error_vi(e)}")
        sys.exit(1)


def db_error_vi(error: BaseException) -> str:
    """Why a database could not be opened, in one Vietnamese line (passwords hidden)."""
    from vanthu.redact import scrub

    name = type(error).__name__
    first = scrub(str(error).strip().splitlines()[0] if str(error).strip() else name)[:300]
    if name == "ArgumentError":
        return f"địa chỉ (URL) không hợp lệ ({first})"
    if name == "NoSuchModuleError":
        return ("loại cơ sở dữ liệu không được hỗ trợ; dùng sqlite:///tệp.db hoặc "
                f"postgresql+psycopg://người_dùng@máy/csdl ({first})")
    if name in ("ModuleNotFoundError", "ImportError"):
        return ("thiếu trình điều khiển cho loại cơ sở dữ liệu này; dùng sqlite:///… hoặc "
                f"postgresql+psycopg://… ({first})")
    if name == "OperationalError":
        return f"không kết nối hoặc mở được ({first})"
    return f"{name}: {first}"


def _print_json(payload: Any) -> None:
    click.echo(json.dumps(payload, ensure_ascii=False, indent=1))


def localise_usage(command: click.Command) -> None:
    """The usage line in Vietnamese ("Cách dùng: vanthu done [TUỲ_CHỌN] MÃ") for ``command``
    and every command under it."""
    command.options_metavar = "[TUỲ_CHỌN]"
    if isinstance(command, click.Group):
        command.subcommand_metavar = "LỆNH [THAM_SỐ]…"
        for sub in command.commands.values():
            localise_usage(sub)
