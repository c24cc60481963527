"""``vanthu web`` (the secretariat's web page) and ``vanthu user add/list/remove`` (who may
log in to it, with which role).

Light at import time: Starlette, uvicorn, argon2 and the models load inside the commands."""
from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import click

from vanthu.app import db_option

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


@click.command("web", epilog="""\b
Ví dụ:
  vanthu web
  vanthu web --host 0.0.0.0 --port 8080 --private
  vanthu web --office "Sở NN&PTNT" --office "Chi cục Thủy lợi"
""")
@click.option("--host", default="127.0.0.1", show_default=True, metavar="ĐỊA_CHỈ",
              help="Địa chỉ lắng nghe (mặc định chỉ máy này; 0.0.0.0 cho cả mạng nội bộ của "
                   "cơ quan).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              metavar="CỔNG", help="Cổng lắng nghe.")
@db_option
@click.option("--private", is_flag=True,
              help="Trang nào cũng phải đăng nhập (mặc định ai cũng xem được, chỉ việc ghi "
                   "mới cần đăng nhập).")
@click.option("--office", "office", multiple=True, metavar="TÊN_ĐƠN_VỊ", envvar="VANTHU_OFFICE",
              help="Một đơn vị của \"cơ quan tôi\" trên bảng điều khiển (lặp lại tuỳ chọn cho "
                   "nhiều đơn vị; biến VANTHU_OFFICE: các tên cách nhau bằng ';').")
def web(host: str, port: int, db_url: str | None, private: bool, office: tuple[str, ...]
        ) -> None:
    """Chạy trang web cho văn thư: bảng điều khiển, văn bản, tìm kiếm, đơn vị, tải lên.

    Mở trang web tại http://ĐỊA_CHỈ:CỔNG (mặc định 127.0.0.1:8000).
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


@click.group("user", epilog="""\b
Ví dụ:
  vanthu user add lan --role clerk
  vanthu user list""")
def user() -> None:
    """Quản lý tài khoản đăng nhập trang web (add, list, remove).

    Người dùng của `vanthu web`: viewer (chỉ xem), clerk (văn thư) hoặc admin (quản trị).
    """


@user.command("add", epilog="""\b
Ví dụ:
  vanthu user add lan --role clerk
  echo "mat-khau-dai" | vanthu user add minh --role viewer --password-stdin""")
@click.argument("username", metavar="TÊN_ĐĂNG_NHẬP")
@click.option("--role", type=click.Choice(["viewer", "clerk", "admin"]), default="clerk",
              show_default=True, help=ROLE_HELP)
@click.option("--password-stdin", is_flag=True,
              help="Đọc mật khẩu từ đầu vào chuẩn (một dòng) thay vì hỏi.")
@db_option
def user_add(username: str, role: str, password_stdin: bool, db_url: str | None) -> None:
    """Thêm tài khoản TÊN_ĐĂNG_NHẬP (hỏi mật khẩu hai lần)."""
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


@user.command("list", epilog="""\b
Ví dụ:
  vanthu user list
  vanthu user list --db /srv/vanthu.db""")
@db_option
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


@user.command("remove", epilog="""\b
Ví dụ:
  vanthu user remove lan""")
@click.argument("username", metavar="TÊN_ĐĂNG_NHẬP")
@db_option
def user_remove(username: str, db_url: str | None) -> None:
    """Xóa tài khoản TÊN_ĐĂNG_NHẬP."""
    from models.users import remove_user
    from vanthu.app import _open_db

    if not remove_user(_open_db(db_url), username):
        click.echo(f"Không có tài khoản {username}.", err=True)
        sys.exit(1)
    click.echo(f"Đã xóa tài khoản {username}.")
