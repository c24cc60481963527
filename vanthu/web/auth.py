"""Who may do what on the web page: password hashing (argon2id), the signed session cookie's
user, CSRF tokens, and the login and logout pages.

Reading needs no login unless the server runs with ``--private``; every write (POST) needs a
user whose role is clerk or admin and the form's CSRF token."""
from __future__ import annotations

import hmac
import secrets
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from models.users import Account, get_user, set_password_hash

_HASHER = PasswordHasher()
# Verified against when the user does not exist, so both cases cost the same time.
_DUMMY_HASH = _HASHER.hash("vanthu-no-such-user")


class Forbidden(Exception):
    """A request the current user may not make; ``login`` when logging in would help."""

    def __init__(self, message: str, login: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.login = login


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def check_password(stored_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def authenticate(engine: Any, username: str, password: str) -> Account | None:
    user = get_user(engine, username)
    if user is None:
        check_password(_DUMMY_HASH, password)
        return None
    if not check_password(user.password_hash, password):
        return None
    if _HASHER.check_needs_rehash(user.password_hash):
        set_password_hash(engine, username, hash_password(password))
    return user


def current_user(request: Request) -> Account | None:
    """The logged-in user (read once per request; a removed user is logged out)."""
    if not hasattr(request.state, "user"):
        name = request.session.get("user")
        user = get_user(request.app.state.engine, name) if name else None
        if name and user is None:
            request.session.pop("user", None)
        request.state.user = user
    return request.state.user


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def check_csrf(request: Request, form: Any) -> None:
    expected = request.session.get("csrf") or ""
    given = str(form.get("csrf") or "")
    if not expected or not hmac.compare_digest(expected, given):
        raise Forbidden("Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. "
                        "Vui lòng tải lại trang và thử lại.")


async def writer(request: Request) -> tuple[Account, Any]:
    """The form of a write request and its user, or Forbidden: not logged in, a viewer, or
    a bad CSRF token."""
    user = await run_in_threadpool(current_user, request)
    if user is None:
        raise Forbidden("Cần đăng nhập để thay đổi dữ liệu.", login=True)
    if not user.can_write:
        raise Forbidden(f"Tài khoản {user.username} (vai trò: xem) không được thay đổi dữ liệu.")
    form = await request.form()
    check_csrf(request, form)
    return user, form


def safe_next(value: str | None) -> str:
    """A local path to go back to after logging in (never another site)."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/"


async def login_page(request: Request) -> Response:
    from .app import render

    if request.method == "GET":
        return render(request, "login.html", {"next": safe_next(request.query_params.get("next")),
                                              "error": None})
    form = await request.form()
    check_csrf(request, form)
    username = str(form.get("username") or "").strip()
    password = str(form.get("password") or "")
    user = await run_in_threadpool(authenticate, request.app.state.engine, username, password)
    target = safe_next(str(form.get("next") or "/"))
    if user is None:
        return render(request, "login.html", {"next": target, "username": username,
                                              "error": "Sai tên đăng nhập hoặc mật khẩu."},
                      status_code=401)
    request.session.clear()
    request.session["user"] = user.username
    request.session["csrf"] = secrets.token_urlsafe(32)
    return RedirectResponse(target, status_code=303)


async def logout(request: Request) -> Response:
    form = await request.form()
    check_csrf(request, form)
    request.session.clear()
    return RedirectResponse("/", status_code=303)
