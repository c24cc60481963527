"""The web page in a real browser: headless Chromium (Debian's ``chromium`` package, which
scripts/install installs) driven by Playwright, against ``vanthu web``'s application served by
uvicorn on 127.0.0.1. The samples are ingested by the Prefect flow, as ``vanthu ingest`` does
(so the module is marked slow: it gets the Prefect test server). Each scenario saves a
screenshot into docs/screenshots/, which the README shows.

Skipped, with the reason, only where Chromium cannot run (not installed, or it fails to
start)."""
from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Obligation, connect
from models.users import add_user
from vanthu.web.app import WebConfig, create_app
from vanthu.web.auth import hash_password

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "data" / "samples"
SHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = os.environ.get("VANTHU_CHROMIUM", "/usr/bin/chromium")
PASSWORD = "mat-khau-vanthu-1"
UNIT = "UBND huyện Mộ Đức"
SCRIPT_DOC = """ỦY BAN NHÂN DÂN HUYỆN THỬ
Số: 77/UBND-TH
Thử, ngày 02 tháng 01 năm 2020

CÔNG VĂN
Về việc kiểm tra hiển thị

Nội dung có thẻ <script>window.__pwned = 1; document.title = "HACKED"</script> phải hiện nguyên văn.
<img src=x onerror="window.__pwned = 2">
"""
GOOD_DOC = """ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI
Số: 1234/UBND-KT
Quảng Ngãi, ngày 15 tháng 4 năm 2020

CÔNG VĂN
V/v báo cáo tình hình thực hiện Chương trình OCOP quý II

Kính gửi: UBND các huyện, thành phố

UBND tỉnh đề nghị UBND các huyện, thành phố báo cáo kết quả thực hiện trước ngày 30/6/2020.
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip(f"Chromium is not installed ({CHROMIUM}); scripts/install installs it")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as e:  # pragma: no cover - the test extra installs it
        pytest.skip(f"playwright is not installed: {e}")
    with sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=CHROMIUM if Path(CHROMIUM).exists()
                                  else shutil.which("chromium"), args=["--no-sandbox"])
        except Exception as e:  # noqa: BLE001 - any launch failure means skip, with why
            pytest.skip(f"Chromium cannot start here: {str(e).splitlines()[0]}")
        yield b
        b.close()


@pytest.fixture(scope="module")
def server(prefect_harness: None, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[dict[str, Any]]:
    """``vanthu web`` on a free port, its database holding the five samples ingested by the
    Prefect flow and a document with HTML in its text; a clerk "vanthu1"."""
    import uvicorn

    from pipelines.ingest import ingest_flow

    tmp = tmp_path_factory.mktemp("web")
    url = f"sqlite:///{tmp / 'vanthu.db'}"
    script = tmp / "script.txt"
    script.write_text(SCRIPT_DOC, encoding="utf-8")
    report = ingest_flow([str(SAMPLES), str(script)], db_url=url, progress=False)
    assert report.ingested == 6, report
    engine = connect(url)
    add_user(engine, "vanthu1", hash_password(PASSWORD), "clerk")
    app = create_app(WebConfig(db_url=url, secret="s" * 40, office=(UNIT,),
                               upload_dir=tmp / "uploads"))
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not srv.started and time.time() < deadline:
        time.sleep(0.05)
    assert srv.started, "the web server did not start"
    yield {"base": f"http://127.0.0.1:{port}", "engine": engine, "tmp": tmp}
    srv.should_exit = True
    thread.join(10)
    engine.dispose()
    app.state.engine.dispose()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    pg = context.new_page()
    yield pg
    context.close()


def shot(pg: Any, name: str, full: bool = False) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)


def log_in(pg: Any, base: str, next_path: str = "/") -> None:
    pg.goto(f"{base}/dang-nhap?next={next_path}")
    pg.fill("input[name=username]", "vanthu1")
    pg.fill("input[name=password]", PASSWORD)
    pg.click("form button[type=submit]:has-text('Đăng nhập')")
    pg.wait_for_load_state()
    assert "vanthu1" in pg.inner_text("header")


def duty_id(server: dict[str, Any]) -> int:
    with Session(server["engine"]) as session:
        rows = session.execute(select(Obligation.id, Obligation.due, Obligation.assignee)).all()
    return next(i for i, due, who in rows
                if str(due) == "2020-04-10" and "huyện" in (who or ""))


def soon_rows(pg: Any) -> list[str]:
    return [r.inner_text() for r in pg.query_selector_all("table.soon tbody tr")]


def test_dashboard_as_of_shows_the_duty_of_mo_duc(page: Any, server: dict[str, Any]) -> None:
    pg, base = page, server["base"]
    pg.goto(base + "/")
    pg.fill("input[name=ngay]", "01/04/2020")
    pg.fill("input[name=don_vi]", UNIT)
    pg.click("button:has-text('Xem')")
    pg.wait_for_load_state()
    rows = soon_rows(pg)
    assert any("10/04/2020" in r and "Còn 9 ngày" in r and "878/UBND-NNTN" in r for r in rows)
    assert pg.query_selector("svg.chart rect.bar") is not None
    shot(pg, "dashboard", full=True)


def test_search_without_diacritics_finds_the_kbang_report(page: Any, server: dict[str, Any]
                                                          ) -> None:
    pg, base = page, server["base"]
    pg.goto(base + "/tim-kiem")
    pg.fill("input[name=q]", "tien do ocop kbang")
    pg.press("input[name=q]", "Enter")
    pg.wait_for_load_state()
    first = pg.inner_text("ol.hits li:first-child")
    assert "298/BC-UBND" in first and "Kbang" in first
    assert [m.inner_text() for m in pg.query_selector_all("ol.hits li:first-child mark")]
    shot(pg, "search")


def test_marking_the_duty_done_removes_it_and_the_history_shows_who(
        page: Any, server: dict[str, Any]) -> None:
    pg, base = page, server["base"]
    ob = duty_id(server)
    log_in(pg, base)
    pg.goto(f"{base}/don-vi?ten={UNIT}&ngay=01/04/2020")
    row = pg.locator(f"#nv-{ob}")
    row.locator("input[name=ghi_chu]").fill("Đã thành lập Hội đồng")
    row.locator("button[name=trang_thai]").click()   # "Đơn vị này đã xong": its share
    pg.wait_for_load_state()
    row = pg.locator(f"#nv-{ob}")
    text = row.inner_text()
    assert "Đã hoàn thành" in text and "vanthu1" in text and "Đã thành lập Hội đồng" in text
    shot(pg, "unit")
    pg.goto(f"{base}/?ngay=01/04/2020&don_vi={UNIT}")
    assert not any("10/04/2020" in r for r in soon_rows(pg))
    # Reopened, it is due again (and the history keeps both changes).
    pg.goto(f"{base}/don-vi?ten={UNIT}&ngay=01/04/2020")
    pg.locator(f"#nv-{ob} button:has-text('Mở lại')").click()
    pg.wait_for_load_state()
    assert pg.locator(f"#nv-{ob} details.history li").count() == 2
    pg.goto(f"{base}/?ngay=01/04/2020&don_vi={UNIT}")
    assert any("10/04/2020" in r for r in soon_rows(pg))


def test_a_script_in_a_document_stays_inert(page: Any, server: dict[str, Any]) -> None:
    pg, base = page, server["base"]
    pg.goto(base + "/tim-kiem?q=77+UBND+TH")
    pg.click("ol.hits li:first-child a")
    pg.wait_for_load_state()
    assert pg.evaluate("window.__pwned") is None
    assert pg.title() != "HACKED"
    body = pg.inner_text("pre.text")
    assert '<script>window.__pwned = 1; document.title = "HACKED"</script>' in body
    assert '<img src=x onerror="window.__pwned = 2">' in body
    shot(pg, "script-inert")


def test_a_write_without_login_is_refused(page: Any, server: dict[str, Any]) -> None:
    pg, base = page, server["base"]
    ob = duty_id(server)
    pg.goto(f"{base}/don-vi?ten={UNIT}&ngay=01/04/2020")
    assert pg.locator("button[name=trang_thai]").count() == 0
    assert "Đăng nhập để đánh dấu hoàn thành" in pg.inner_text("main")
    response = pg.request.post(f"{base}/nhiem-vu/{ob}/trang-thai",
                               form={"trang_thai": "done"}, max_redirects=0)
    assert response.status == 401 and "Cần đăng nhập" in response.text()
    pg.goto(f"{base}/tai-len")
    assert "Cần đăng nhập để tải lên văn bản" in pg.inner_text("main")
    with Session(server["engine"]) as session:
        assert session.get(Obligation, ob).status == "open"


def test_upload_one_good_and_one_corrupt_file(page: Any, server: dict[str, Any]) -> None:
    pg, base, tmp = page, server["base"], server["tmp"]
    good = tmp / "cong-van-1234.txt"
    good.write_text(GOOD_DOC, encoding="utf-8")
    bad = tmp / "hong.pdf"
    bad.write_bytes(b"%PDF-1.4 this is not really a PDF")
    log_in(pg, base, "/tai-len")
    pg.goto(base + "/tai-len")
    pg.set_input_files("input[name=tep]", [str(good), str(bad)])
    assert "cong-van-1234.txt" in pg.inner_text("#chosen")
    pg.click("button:has-text('Tải lên')")
    pg.wait_for_selector("table.results", timeout=120_000)
    ok = pg.inner_text("tr.ok-row")
    assert "cong-van-1234.txt" in ok and "Đã lưu" in ok and "1234/UBND-KT" in ok
    failed = pg.inner_text("tr.fail-row")
    assert "hong.pdf" in failed and re.search(r"Lỗi: \S+", failed)
    assert "Đã nhập: 1" in pg.inner_text("p.summary")
    shot(pg, "upload")
    pg.click("tr.ok-row a")
    pg.wait_for_load_state()
    assert "1234/UBND-KT" in pg.inner_text("h1")


def test_document_page_screenshot(page: Any, server: dict[str, Any]) -> None:
    pg, base = page, server["base"]
    pg.goto(base + "/tim-kiem?q=878+NNTN")
    pg.click("ol.hits li:first-child a")
    pg.wait_for_load_state()
    link = pg.locator("pre.text mark.k-reference a").first
    assert "490/QĐ-TTg" in link.inner_text()
    side = pg.locator("aside.facts a[href^='#f-obligation-']").first
    side.click()
    assert pg.evaluate("location.hash").startswith("#f-obligation-")
    pg.goto(pg.url.split("#")[0])
    shot(pg, "document")
    link.click()
    pg.wait_for_load_state()
    assert "Văn bản 490/QĐ-TTg" in pg.inner_text("h1")
    assert "878/UBND-NNTN" in pg.inner_text("main")
    shot(pg, "register")
