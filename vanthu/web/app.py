"""The web application: configuration, templates (autoescaped), middleware (signed session
cookie, login for ``--private``), error pages and the routes of every page."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from vanthu.display import fmt_count, fmt_date, relation_label, type_label

from . import auth

HERE = Path(__file__).resolve().parent
LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
SESSION_HOURS = 8


@dataclass(frozen=True)
class WebConfig:
    db_url: str
    secret: str
    private: bool = False
    office: tuple[str, ...] = ()  # "my office": the units the dashboard follows
    upload_dir: Path | None = None
    today: date | None = None  # fixed "today" (tests); else the server's date
    extra: dict[str, Any] = field(default_factory=dict)


def today(request: Request) -> date:
    return request.app.state.config.today or datetime.now(LOCAL_TZ).date()


def parse_day(value: str | None) -> date | None:
    """dd/mm/yyyy or yyyy-mm-dd, else None."""
    text = (value or "").strip()
    try:
        if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", text):
            d, m, y = (int(p) for p in text.split("/"))
            return date(y, m, d)
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def local_time(value: datetime | None) -> str:
    if value is None:
        return "—"
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(LOCAL_TZ).strftime("%H:%M %d/%m/%Y")


def value_text(value: str | None) -> str:
    """A stored value as the page shows it: an ISO date as dd/mm/yyyy."""
    if value and re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return fmt_date(date.fromisoformat(value))
    return value or "—"


def mark(text: str | None, spans: Any) -> Markup:
    """``text`` escaped, with each [start, end) of ``spans`` in <mark>."""
    text = text or ""
    out, at = [], 0
    for start, end in sorted(spans or ()):
        if start < at:
            continue
        out += [escape(text[at:start]), Markup("<mark>"), escape(text[start:end]),
                Markup("</mark>")]
        at = end
    out.append(escape(text[at:]))
    return Markup("").join(out)


def query_url(path: str, params: dict[str, Any], **changes: Any) -> str:
    merged = {**params, **changes}
    clean = {k: v for k, v in merged.items() if v not in (None, "", 0) or k == "page"}
    return path + ("?" + urlencode(clean) if clean else "")


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"),
                      autoescape=select_autoescape(["html", "xml", "svg"], default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(d=fmt_date, n=fmt_count, t=local_time, type_label=type_label,
                       relation=relation_label, mark=mark, v=value_text)
    env.globals.update(query_url=query_url, timedelta=timedelta)
    return env


TEMPLATES = _environment()


def render(request: Request, name: str, context: dict[str, Any],
           status_code: int = 200) -> HTMLResponse:
    user = auth.current_user(request)
    page = TEMPLATES.get_template(name).render(
        request=request, user=user, csrf=auth.csrf_token(request),
        config=request.app.state.config, path=request.url.path, **context)
    return HTMLResponse(page, status_code=status_code)


def error_page(request: Request, status: int, message: str, login: bool = False
               ) -> HTMLResponse:
    return render(request, "error.html", {"status": status, "message": message,
                                          "login": login}, status_code=status)


async def _unknown_unit(request: Request, exc: Exception) -> Response:
    """A unit name (unit page, dashboard filter, export) the directory does not know: 404
    with the closest names, each a link to its unit page."""
    from models.unit_lookup import UnknownUnit

    assert isinstance(exc, UnknownUnit)
    return render(request, "error.html", {
        "status": 404, "message": f"Không có đơn vị “{exc.name}” trong danh bạ đơn vị.",
        "suggestions": exc.suggestions, "login": False}, status_code=404)


async def _forbidden(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, auth.Forbidden)
    return error_page(request, 401 if exc.login else 403, exc.message, exc.login)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    messages = {404: "Không tìm thấy trang hoặc văn bản này.",
                405: "Thao tác không được hỗ trợ.", 400: "Yêu cầu không hợp lệ."}
    return error_page(request, exc.status_code,
                      str(exc.detail) if exc.detail and exc.status_code not in (404, 405)
                      else messages.get(exc.status_code, "Có lỗi xảy ra."))


SECURITY_HEADERS = [
    (b"content-security-policy",
     b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
     b"object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
]


class SecurityHeadersMiddleware:
    """Every response forbids inline scripts and framing: a script that got into a page
    would not run, on top of the escaping."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)


class PrivateMiddleware:
    """With ``--private``, every page but the login page and the stylesheet needs a login."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["app"].state.config.private:
            path = scope["path"]
            if not (path.startswith("/static/") or path == "/dang-nhap"):
                request = Request(scope, receive)
                from starlette.concurrency import run_in_threadpool

                if await run_in_threadpool(auth.current_user, request) is None:
                    target = "/dang-nhap?" + urlencode({"next": path})
                    await RedirectResponse(target, status_code=303)(scope, receive, send)
                    return
        await self.app(scope, receive, send)


def create_app(config: WebConfig) -> Starlette:
    from models import connect

    from . import (views_corrections, views_dashboard, views_documents, views_export,
                   views_register, views_search, views_units, views_upload)

    routes = [
        Route("/", views_dashboard.dashboard),
        Route("/van-ban/{doc_id:int}", views_documents.document_page),
        Route("/van-ban/{doc_id:int}/tep", views_documents.download),
        Route("/van-ban/{doc_id:int}/sua", views_corrections.correct_header, methods=["POST"]),
        Route("/nhiem-vu/{ob_id:int}/sua", views_corrections.correct_task, methods=["POST"]),
        Route("/ban-quet", views_documents.scans_page),
        Route("/tim-kiem", views_search.search_page),
        Route("/don-vi", views_units.unit_page),
        Route("/nhiem-vu/{ob_id:int}/trang-thai", views_units.change_status, methods=["POST"]),
        Route("/so-dang-ky", views_register.lookup_page),
        Route("/so-dang-ky/{entry_id:int}", views_register.entry_page),
        Route("/tai-len", views_upload.upload_page, methods=["GET", "POST"]),
        Route("/tai-len/{job_id}", views_upload.job_page),
        Route("/xuat/{kind}.{fmt}", views_export.export),
        Route("/dang-nhap", auth.login_page, methods=["GET", "POST"]),
        Route("/dang-xuat", auth.logout, methods=["POST"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    middleware = [
        Middleware(SecurityHeadersMiddleware),
        Middleware(SessionMiddleware, secret_key=config.secret, session_cookie="vanthu_session",
                   max_age=SESSION_HOURS * 3600, same_site="lax", https_only=False),
        Middleware(PrivateMiddleware),
    ]
    from models.unit_lookup import UnknownUnit

    app = Starlette(routes=routes, middleware=middleware,
                    exception_handlers={auth.Forbidden: _forbidden, HTTPException: _http_error,
                                        UnknownUnit: _unknown_unit})
    app.state.config = config
    app.state.engine = connect(config.db_url)
    app.state.jobs = {}
    app.state.dashboards = {}
    app.state.data_version = 0  # bumped by every write (views_dashboard's cache)
    return app


def data_changed(app: Any) -> None:
    """Called after every write: cached pages are computed again."""
    app.state.data_version += 1


def page_of(request: Request, size: int) -> tuple[int, int]:
    """(page number from 1, offset) of ``?page=``."""
    try:
        page = max(1, int(request.query_params.get("page") or 1))
    except ValueError:
        page = 1
    return page, (page - 1) * size


def within_days(request: Request, default: int = 14) -> int:
    value = request.query_params.get("trong")
    return int(value) if value in ("7", "14", "30") else default


def as_of(request: Request) -> date:
    return parse_day(request.query_params.get("ngay")) or today(request)


__all__ = ["WebConfig", "as_of", "create_app", "error_page", "page_of", "parse_day", "render",
           "timedelta", "today", "within_days"]
