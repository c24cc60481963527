"""``vanthu web`` (the secretariat's web page) and ``vanthu user add/list/remove`` (who may
log in to it, with which role).

Light at import time: Starlette, uvicorn, argon2 and the models load inside the commands."""
from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import click

ROLE_HELP = "viewer (chỉ xem), clerk (văn thư: cập nhật, tải lên), admin (quản trị)"


def _secret(db_url: str | None) -> str:
    """``$VANTHU_WEB_SECRET``, else a random key kept in ``web_secret`` in the user data
    folder (made on first use, readable by its owner only): sessions survive a restart."""
    env = os.environ.get("VANTHU_WEB_SECRET")
    if env:
        return env
    from platformdirs import user_data_dir

    path = Path(user_data_dir("vanthu")) / "web_secret"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


@click.command("web")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (only this machine by default; 0.0.0.0 for the "
                   "office network).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="Port to listen on.")
@click.option("--db", "db_url", envvar="VANTHU_DB", metavar="URL",
              help="Database: a SQLite file path or a URL (default: $VANTHU_DB, else vanthu.db in the user data "
                   "folder).")
@click.option("--private", is_flag=True,
              help="Every page needs a login (by default reading is open, writing needs a "
                   "login).")
@click.option("--office", "office", multiple=True, metavar="UNIT", envvar="VANTHU_OFFICE",
              help="A unit of \"my office\" on the dashboard (repeat the option; "
                   "$VANTHU_OFFICE: names separated by ';').")
def web(host: str, port: int, db_url: str | None, private: bool, office: tuple[str, ...]
        ) -> None:
    """Chạy trang web cho văn thư: bảng điều khiển, văn bản, tìm kiếm, đơn vị, tải lên.

    Serve the web application at http://HOST:PORT (127.0.0.1:8000 by default).
    """
    import uvicorn

    from models.db import default_url
    from vanthu.app import _open_db
    from vanthu.web.app import WebConfig, create_app

    url = db_url or default_url()
    _open_db(url).dispose()  # a bad URL fails here with one clear line
    units = tuple(u.strip() for item in office for u in item.split(";") if u.strip())
    app = create_app(WebConfig(db_url=url, secret=_secret(url), private=private, office=units))
    click.echo(f"vanthu web: http://{host}:{port}/ (Ctrl+C để dừng)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


@click.group("user")
def user() -> None:
    """Quản lý tài khoản đăng nhập trang web (add, list, remove).

    Users of `vanthu web`: viewer, clerk or admin.
    """


@user.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(["viewer", "clerk", "admin"]), default="clerk",
              show_default=True, help=ROLE_HELP)
@click.option("--password-stdin", is_flag=True,
              help="Read the password from standard input (one line) instead of asking.")
@click.option("--db", "db_url", envvar="VANTHU_DB", metavar="URL", help="Database URL.")
def user_add(username: str, role: str, password_stdin: bool, db_url: str | None) -> None:
    """Thêm tài khoản USERNAME (hỏi mật khẩu hai lần)."""
    from models.users import UserExists, add_user
    from vanthu.app import _open_db
    from vanthu.web.auth import hash_password

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Mật khẩu", hide_input=True, confirmation_prompt="Nhập lại")
    if len(password) < 8:
        click.echo("Lỗi: mật khẩu phải có ít nhất 8 ký tự.", err=True)
        sys.exit(1)
    try:
        add_user(_open_db(db_url), username.strip(), hash_password(password), role)
    except UserExists:
        click.echo(f"Lỗi: đã có tài khoản {username}.", err=True)
        sys.exit(1)
    click.echo(f"Đã thêm tài khoản {username} (vai trò: {role}).")


@user.command("list")
@click.option("--db", "db_url", envvar="VANTHU_DB", metavar="URL", help="Database URL.")
def user_list(db_url: str | None) -> None:
    """Liệt kê các tài khoản."""
    from models.users import list_users
    from vanthu.app import _open_db
    from vanthu.web.app import local_time

    users = list_users(_open_db(db_url))
    if not users:
        click.echo("Chưa có tài khoản nào (thêm bằng: vanthu user add TÊN --role clerk).")
    for u in users:
        click.echo(f"{u.username}\t{u.role}\ttạo lúc {local_time(u.created_at)}")


@user.command("remove")
@click.argument("username")
@click.option("--db", "db_url", envvar="VANTHU_DB", metavar="URL", help="Database URL.")
def user_remove(username: str, db_url: str | None) -> None:
    """Xóa tài khoản USERNAME."""
    from models.users import remove_user
    from vanthu.app import _open_db

    if not remove_user(_open_db(db_url), username):
        click.echo(f"Không có tài khoản {username}.", err=True)
        sys.exit(1)
    click.echo(f"Đã xóa tài khoản {username}.")
