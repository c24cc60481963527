"""The web page (``vanthu web``) through Starlette's test client, on SQLite and PostgreSQL:
what a secretariat sees on each page, and who may write. The same scenarios in a real
browser are tests/test_web_browser.py."""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from starlette.testclient import TestClient

from models import Obligation
from models.users import add_user
from pipelines.files import process_file
from vanthu.web.app import WebConfig, create_app
from vanthu.web.auth import hash_password

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
PASSWORD = "mat-khau-vanthu-1"
SCRIPT_DOC = """ỦY BAN NHÂN DÂN HUYỆN THỬ
Số: 77/UBND-TH
Thử, ngày 02 tháng 01 năm 2020

CÔNG VĂN
Về việc kiểm tra <script>window.__pwned = 1</script> hiển thị

Nội dung có thẻ <script>alert("xss")</script> và <b>in đậm</b> phải hiện nguyên văn.
"""


def store_samples(engine: Engine, folder: Path) -> dict[str, int]:
    """The five samples stored the way ingest stores them (no flow): file name → id."""
    ids = {}
    for path in sorted(SAMPLES.glob("*.txt")):
        result = process_file(engine, str(path), None, folder)
        assert result.outcome == "ingested", result
        ids[path.name[:3]] = result.document_id
    return ids


@pytest.fixture
def site(engine: Engine, db_url: str, tmp_path: Path) -> Iterator[tuple[TestClient, dict[str, int]]]:
    ids = store_samples(engine, tmp_path / "keep")
    script = tmp_path / "script.txt"
    script.write_text(SCRIPT_DOC, encoding="utf-8")
    ids["script"] = process_file(engine, str(script), None, tmp_path / "keep").document_id
    add_user(engine, "vanthu1", hash_password(PASSWORD), "clerk")
    add_user(engine, "xem1", hash_password(PASSWORD), "viewer")
    app = create_app(WebConfig(db_url=db_url, secret="k" * 40,
                               office=("UBND huyện Mộ Đức",), upload_dir=tmp_path / "up"))
    with TestClient(app) as client:
        yield client, ids
    app.state.engine.dispose()


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html)
    assert m, "no CSRF field on the page"
    return m.group(1)


def login(client: TestClient, username: str = "vanthu1", password: str = PASSWORD) -> Any:
    token = csrf_of(client.get("/dang-nhap").text)
    return client.post("/dang-nhap", data={"username": username, "password": password,
                                           "csrf": token, "next": "/"},
                       follow_redirects=False)


def task_id(engine: Engine, due: str, assignee_part: str) -> int:
    with Session(engine) as session:
        rows = session.execute(select(Obligation.id, Obligation.assignee, Obligation.due)).all()
    return next(i for i, who, d in rows if str(d) == due and assignee_part in (who or ""))


def test_dashboard_as_of_shows_the_unit_duty_due_in_nine_days(site: Any) -> None:
    client, _ids = site
    page = client.get("/", params={"ngay": "01/04/2020", "don_vi": "UBND huyện Mộ Đức"}).text
    soon = page[page.index("Sắp đến hạn trong 14 ngày"):]
    assert "10/04/2020" in soon and "Còn 9 ngày" in soon and "878/UBND-NNTN" in soon
    assert "Tính đến ngày" in page and 'value="01/04/2020"' in page
    assert "<svg" in page and "Tuần từ 06/04/2020: 1 nhiệm vụ" in page  # the chart per week
    assert re.search(r"Ủy ban nhân dân các huyện, thị xã, thành phố tỉnh Quảng Ngãi: quá hạn "
                     r"\d+, sắp đến hạn [1-9]", page)  # the chart per unit
    assert re.search(r"<b>\d+</b> chưa hoàn thành", page)
    mine = client.get("/", params={"ngay": "01/04/2020", "van_phong": "1"}).text
    assert "Văn phòng của tôi: UBND huyện Mộ Đức" in mine and "10/04/2020" in mine


def test_dates_are_dd_mm_yyyy_and_labels_vietnamese(site: Any) -> None:
    client, ids = site
    page = client.get(f"/van-ban/{ids['004']}").text
    assert "05/03/2020" in page and "2020-03-05" not in page
    for label in ("Số, ký hiệu", "Cơ quan ban hành", "Trích yếu", "Người ký", "Toàn văn"):
        assert label in page


def test_document_page_marks_facts_in_place_and_links_references(site: Any) -> None:
    client, ids = site
    page = client.get(f"/van-ban/{ids['004']}").text
    assert '<mark class="k-number" id="f-number-number"' in page
    ref = re.search(r'<mark class="k-reference" id="(f-reference-\d+)"[^>]*><a href="'
                    r'(/so-dang-ky/\d+)">Quyết định số 490/QĐ-TTg', page)
    assert ref, "the citation of 490/QĐ-TTg is marked and links to its register page"
    assert f'href="#{ref.group(1)}"' in page  # the side list jumps to it
    assert re.search(r'<mark class="k-obligation" id="f-obligation-\d+"', page)
    assert re.search(r'<mark class="k-deadline" id="f-deadline-\d+"', page)
    register = client.get(ref.group(2)).text
    assert "Văn bản 490/QĐ-TTg" in register and "878/UBND-NNTN" in register
    assert "07/05/2018" in register and "Thực hiện" in register


def test_document_text_is_escaped(site: Any) -> None:
    client, ids = site
    page = client.get(f"/van-ban/{ids['script']}").text
    assert "<script>window.__pwned" not in page and "<script>alert" not in page
    assert "&lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;" in page
    assert "&lt;b&gt;in đậm&lt;/b&gt;" in page
    hits = client.get("/tim-kiem", params={"q": "in dam"}).text
    assert "<b>in đậm</b>" not in hits and "&lt;b&gt;" in hits


def test_download_by_id_gives_the_original_file(site: Any) -> None:
    client, ids = site
    r = client.get(f"/van-ban/{ids['004']}/tep")
    assert r.status_code == 200
    assert r.content == (SAMPLES / "004_b9cb7e9834b222b8.txt").read_bytes()
    assert "004_b9cb7e9834b222b8.txt" in r.headers["content-disposition"]
    assert client.get("/van-ban/999999/tep").status_code == 404
    assert client.get("/van-ban/..%2F..%2Fetc%2Fpasswd/tep").status_code == 404


def test_search_without_diacritics_paged_and_filtered(site: Any) -> None:
    client, ids = site
    page = client.get("/tim-kiem", params={"q": "tien do ocop kbang"}).text
    first = page[page.index('<ol class="hits"'):]
    assert first.index("298/BC-UBND") < first.index("</li>")
    assert "<mark>tiến</mark> <mark>độ</mark>" in page or "<mark>Kbang</mark>" in page
    assert "Tìm thấy 1 văn bản" in page
    by_number = client.get("/tim-kiem", params={"q": "878 NNTN"}).text
    assert "878/UBND-NNTN" in by_number
    typed = client.get("/tim-kiem", params={"q": "ocop", "loai": "bao_cao"}).text
    assert "298/BC-UBND" in typed and "78/BC-SNN" in typed and "878/UBND-NNTN" not in typed
    year = client.get("/tim-kiem", params={"q": "ocop", "nam": "2020"}).text
    assert "878/UBND-NNTN" in year and "78/BC-SNN" not in year
    unit = client.get("/tim-kiem", params={"don_vi": "UBND huyện Mộ Đức"}).text
    assert "878/UBND-NNTN" in unit and "298/BC-UBND" not in unit
    issuer = client.get("/tim-kiem", params={"co_quan": "Ủy ban nhân dân huyện Kbang"}).text
    assert "298/BC-UBND" in issuer and "878/UBND-NNTN" not in issuer


def test_mark_done_needs_a_login_and_a_csrf_token(site: Any, engine: Engine) -> None:
    client, _ids = site
    ob = task_id(engine, "2020-04-10", "huyện")
    refused = client.post(f"/nhiem-vu/{ob}/trang-thai", data={"trang_thai": "done"})
    assert refused.status_code == 401 and "Cần đăng nhập" in refused.text
    unit_page = client.get("/don-vi", params={"ten": "UBND huyện Mộ Đức", "ngay": "01/04/2020"})
    assert "Hoàn thành</button>" not in unit_page.text
    assert login(client, "xem1").status_code == 303
    viewer = client.post(f"/nhiem-vu/{ob}/trang-thai",
                         data={"trang_thai": "done", "csrf": csrf_of(client.get("/").text)})
    assert viewer.status_code == 403
    assert login(client).status_code == 303
    forged = client.post(f"/nhiem-vu/{ob}/trang-thai", data={"trang_thai": "done",
                                                             "csrf": "forged"})
    assert forged.status_code == 403
    with Session(engine) as session:
        assert session.get(Obligation, ob).status == "open"


def test_mark_done_and_reopen_with_history(site: Any, engine: Engine) -> None:
    client, _ids = site
    ob = task_id(engine, "2020-04-10", "huyện")
    assert login(client).status_code == 303
    params = {"ten": "UBND huyện Mộ Đức", "ngay": "01/04/2020"}
    page = client.get("/don-vi", params=params).text
    r = client.post(f"/nhiem-vu/{ob}/trang-thai",
                    data={"trang_thai": "done", "csrf": csrf_of(page), "ghi_chu": "Đã gửi BC",
                          "next": "/don-vi?ten=UBND+huy%E1%BB%87n+M%E1%BB%99+%C4%90%E1%BB%A9c"},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/don-vi")
    page = client.get("/don-vi", params=params).text
    row = page[page.index(f'id="nv-{ob}"'):]
    row = row[:row.index("</tr>")]
    assert "Đã hoàn thành" in row and "bởi <b class=\"actor\">vanthu1</b>: Đã gửi BC" in row
    assert "Mở lại phần của đơn vị này</button>" in row   # a group task: the unit's share
    dash = client.get("/", params={"ngay": "01/04/2020", "don_vi": "UBND huyện Mộ Đức"}).text
    assert "10/04/2020" not in dash[dash.index("Sắp đến hạn trong 14 ngày (đến"):]
    client.post(f"/nhiem-vu/{ob}/trang-thai", data={"trang_thai": "open", "csrf": csrf_of(page)})
    dash = client.get("/", params={"ngay": "01/04/2020", "don_vi": "UBND huyện Mộ Đức"}).text
    assert "10/04/2020" in dash[dash.index("Sắp đến hạn trong 14 ngày (đến"):]


MO_DUC = "Ủy ban nhân dân huyện Mộ Đức tỉnh Quảng Ngãi"


def _row(page: str, ob: int) -> str:
    row = page[page.index(f'id="nv-{ob}"'):]
    return row[:row.index("</tr>")]


def test_unit_page_marks_the_units_own_share_of_a_group_task(site: Any, engine: Engine) -> None:
    """A task given to "UBND các huyện, thành phố": the district's page closes the district's
    share only ("1/1 đơn vị đã xong", the task stays open as a whole), as `vanthu done ID
    --unit`; the same login, role and CSRF guard as every write."""
    from models.facts import ObligationEvent

    client, _ids = site
    ob = task_id(engine, "2020-04-10", "huyện")
    params = {"ten": "UBND huyện Mộ Đức", "ngay": "01/04/2020"}
    share = {"trang_thai": "done", "don_vi": MO_DUC, "ghi_chu": "BC 5/BC-UBND"}
    assert client.post(f"/nhiem-vu/{ob}/trang-thai", data=share).status_code == 401
    assert login(client, "xem1").status_code == 303
    token = csrf_of(client.get("/").text)
    assert client.post(f"/nhiem-vu/{ob}/trang-thai", data={**share, "csrf": token}
                       ).status_code == 403
    assert login(client).status_code == 303
    assert client.post(f"/nhiem-vu/{ob}/trang-thai", data={**share, "csrf": "forged"}
                       ).status_code == 403
    row = _row(client.get("/don-vi", params=params).text, ob)
    assert "0/1 đơn vị đã xong" in row and "Đơn vị này đã xong</button>" in row
    assert f'name="don_vi" value="{MO_DUC}"' in row
    r = client.post(f"/nhiem-vu/{ob}/trang-thai",
                    data={**share, "csrf": csrf_of(client.get("/").text)},
                    follow_redirects=False)
    assert r.status_code == 303
    row = _row(client.get("/don-vi", params=params).text, ob)
    assert "Đã hoàn thành" in row and "1/1 đơn vị đã xong" in row
    assert f"({MO_DUC}) bởi <b class=\"actor\">vanthu1</b>: BC 5/BC-UBND" in row
    assert "Mở lại phần của đơn vị này</button>" in row
    with Session(engine) as session:
        assert session.get(Obligation, ob).status == "open"   # the group task as a whole
        [event] = session.scalars(select(ObligationEvent).where(
            ObligationEvent.obligation_id == ob)).all()
        assert (event.unit, event.actor, event.status) == (MO_DUC, "vanthu1", "done")
    whole = client.get("/don-vi", params={"ten": "Sở NN&PTNT", "ngay": "01/04/2020"}).text
    not_group = task_id(engine, "2020-03-20", "Sở")
    assert 'name="don_vi"' not in _row(whole, not_group)   # its own task: the whole task
    wrong = client.post(f"/nhiem-vu/{not_group}/trang-thai",
                        data={**share, "csrf": csrf_of(whole)})
    assert wrong.status_code == 400 and "không giao cho một nhóm đơn vị" in wrong.text
    client.post(f"/nhiem-vu/{ob}/trang-thai",
                data={"trang_thai": "open", "don_vi": MO_DUC, "csrf": csrf_of(whole)})
    row = _row(client.get("/don-vi", params=params).text, ob)
    assert "0/1 đơn vị đã xong" in row and "Đơn vị này đã xong</button>" in row


def test_login_failure_and_session_cookie_flags(site: Any) -> None:
    client, _ids = site
    token = csrf_of(client.get("/dang-nhap").text)
    bad = client.post("/dang-nhap", data={"username": "vanthu1", "password": "sai-mat-khau",
                                          "csrf": token})
    assert bad.status_code == 401 and "Sai tên đăng nhập hoặc mật khẩu" in bad.text
    ok = login(client)
    cookie = ok.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert "vanthu1" in client.get("/").text


def test_private_mode_requires_a_login_to_read(engine: Engine, db_url: str, tmp_path: Path
                                               ) -> None:
    add_user(engine, "xem1", hash_password(PASSWORD), "viewer")
    app = create_app(WebConfig(db_url=db_url, secret="k" * 40, private=True))
    with TestClient(app) as client:
        r = client.get("/tim-kiem", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/dang-nhap")
        assert client.get("/static/style.css").status_code == 200
        assert login(client, "xem1").status_code == 303
        assert client.get("/tim-kiem").status_code == 200
    app.state.engine.dispose()


def test_exports_csv_xlsx_ics(site: Any) -> None:
    client, _ids = site
    params = {"ngay": "01/04/2020", "trong": "14", "don_vi": "UBND huyện Mộ Đức"}
    r = client.get("/xuat/han.csv", params=params)
    assert r.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Hạn", "Tình trạng", "Đơn vị thực hiện"]
    assert any(row[0] == "10/04/2020" for row in rows[1:])
    xlsx = client.get("/xuat/nhiem-vu.xlsx", params={"ten": "UBND huyện Mộ Đức"})
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A1"].value == "Hạn" and sheet.max_row > 1
    ics = client.get("/xuat/han.ics", params=params)
    assert ics.headers["content-type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in ics.content


def test_register_lookup_scans_and_missing_pages(site: Any) -> None:
    client, _ids = site
    r = client.get("/so-dang-ky", params={"so": "qd 490"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/so-dang-ky/")
    assert "Không tìm thấy" in client.get("/so-dang-ky", params={"so": "999/XYZ"}).text
    assert "Bản quét cần rà soát" in client.get("/ban-quet").text
    missing = client.get("/van-ban/999999")
    assert missing.status_code == 404 and "Không tìm thấy văn bản này" in missing.text


def test_upload_needs_a_clerk(site: Any) -> None:
    client, _ids = site
    assert "Cần <a href=\"/dang-nhap?next=/tai-len\">đăng nhập</a>" in client.get("/tai-len").text
    r = client.post("/tai-len", files={"tep": ("a.txt", b"x")})
    assert r.status_code == 401


def test_corrections_are_kept_beside_the_extracted_value_and_survive_reextraction(
        site: Any, engine: Engine, tmp_path: Path) -> None:
    from models import Document
    from models.corrections import corrections_of

    client, ids = site
    doc_id = ids["004"]
    ob = task_id(engine, "2020-04-10", "huyện")
    refused = client.post(f"/van-ban/{doc_id}/sua", data={"truong": "number",
                                                           "gia_tri": "879/UBND-NNTN"})
    assert refused.status_code == 401
    assert login(client).status_code == 303
    token = csrf_of(client.get(f"/van-ban/{doc_id}").text)
    client.post(f"/van-ban/{doc_id}/sua", data={"truong": "number", "gia_tri": "879/UBND-NNTN",
                                                "csrf": token})
    client.post(f"/nhiem-vu/{ob}/sua", data={"truong": "due", "gia_tri": "17/04/2020",
                                              "van_ban": str(doc_id), "csrf": token})
    page = client.get(f"/van-ban/{doc_id}").text
    assert "879/UBND-NNTN" in page
    assert re.search(r"Số, ký hiệu</b>: 879/UBND-NNTN — sửa bởi <b class=\"actor\">vanthu1</b>"
                     r" lúc [0-9:]+ \d\d/\d\d/\d{4}; giá trị trích xuất: 878/UBND-NNTN", page)
    assert "Đã sửa hạn: 17/04/2020 (bởi vanthu1" in page
    dash = client.get("/", params={"ngay": "01/04/2020", "trong": "30",
                                   "don_vi": "UBND huyện Mộ Đức"}).text
    soon = dash[dash.index("Sắp đến hạn trong 30 ngày (đến"):]
    assert "17/04/2020" in soon and "10/04/2020" not in soon
    # A new extractor version re-extracts the file: the corrections are applied again.
    from extractors import extract, read_file
    from models import save_extraction

    source = read_file(str(SAMPLES / "004_b9cb7e9834b222b8.txt"))
    data = extract(source)
    data["extractor_version"] = "9.9.9"
    _doc, status = save_extraction(engine, source, data)
    assert status == "updated"
    with Session(engine) as session:
        doc = session.get(Document, doc_id)
        assert doc.number == "879/UBND-NNTN"
        assert doc.extraction["document"]["number"] == "878/UBND-NNTN"
    assert task_id(engine, "2020-04-17", "huyện")
    assert [c.field for c in corrections_of(engine, doc_id)] == ["number", "due"]


def test_user_commands_add_list_remove(sqlite_url: str) -> None:
    from click.testing import CliRunner

    from models import connect
    from models.users import get_user
    from vanthu.cli import cli
    from vanthu.web.auth import check_password

    run = CliRunner()
    added = run.invoke(cli, ["user", "add", "nguyenvana", "--role", "clerk", "--db", sqlite_url,
                             "--password-stdin"], input="mat-khau-dai-1\n")
    assert added.exit_code == 0 and "Đã thêm tài khoản nguyenvana (vai trò: clerk)" in added.output
    again = run.invoke(cli, ["user", "add", "nguyenvana", "--db", sqlite_url,
                             "--password-stdin"], input="mat-khau-dai-1\n")
    assert again.exit_code == 1 and "đã có tài khoản nguyenvana" in again.output
    short = run.invoke(cli, ["user", "add", "b", "--db", sqlite_url, "--password-stdin"],
                       input="ngan\n")
    assert short.exit_code == 1 and "ít nhất 8 ký tự" in short.output
    stored = get_user(connect(sqlite_url), "nguyenvana")
    assert stored is not None and stored.password_hash.startswith("$argon2id$")
    assert "mat-khau-dai-1" not in stored.password_hash
    assert check_password(stored.password_hash, "mat-khau-dai-1")
    listed = run.invoke(cli, ["user", "list", "--db", sqlite_url])
    assert "nguyenvana\tclerk" in listed.output
    assert run.invoke(cli, ["user", "remove", "nguyenvana", "--db", sqlite_url]).exit_code == 0
    assert run.invoke(cli, ["user", "remove", "nguyenvana", "--db", sqlite_url]).exit_code == 1


def test_vanthu_web_serves_on_localhost_by_default(sqlite_url: str, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys
    import time
    import urllib.request

    from tests.test_web_browser import _free_port

    port = _free_port()
    env = {**os.environ, "VANTHU_WEB_SECRET": "t" * 40, "VANTHU_DB": sqlite_url}
    proc = subprocess.Popen([sys.executable, "-m", "vanthu.cli", "web", "--port", str(port)],
                            env=env, stderr=subprocess.PIPE, text=True)
    try:
        deadline, page = time.time() + 60, ""
        while time.time() < deadline and not page:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
                    page = r.read().decode("utf-8")
            except OSError:
                time.sleep(0.3)
        assert "Bảng điều khiển" in page and '<html lang="vi">' in page
    finally:
        proc.terminate()
        proc.wait(10)


def test_scans_with_a_doubtful_number_or_date_are_listed(engine: Engine, db_url: str,
                                                         tmp_path: Path) -> None:
    from extractors import source_from_text
    from models import save_extraction
    from tests.conftest import header

    def scan(name: str, number: str | None, confidence: float, issued: str | None) -> None:
        source = source_from_text(f"Số: {number or '…'}\\nNội dung {name}", name)
        contract = source.contract()
        contract.update(format="pdf", pages=1, ocr=True,
                        ocr_pages=[{"page": 1, "confidence": confidence, "words": 40}],
                        ocr_confidence=confidence)
        data = {"schema": "vanthu.extract/1", "extractor_version": "0.1.0",
                "source": contract, "document": header(number=number, issued_on=issued),
                "references": [], "deadlines": [], "targets": [], "funding": [],
                "obligations": []}
        save_extraction(engine, source, data)

    scan("12-UBND-TH.pdf", "21/UBND-TH", 91.0, "2020-01-02")   # number ≠ file name
    scan("ro-rang.pdf", "30/UBND-TH", 93.0, "2020-01-02")      # nothing to doubt
    scan("mo.pdf", "31/UBND-TH", 52.0, "2020-01-02")           # a badly read page
    scan("khong-so.pdf", None, 90.0, None)                     # no number, no date
    app = create_app(WebConfig(db_url=db_url, secret="k" * 40))
    with TestClient(app) as client:
        page = client.get("/ban-quet").text
    app.state.engine.dispose()
    assert "Số 21/UBND-TH khác số trong tên tệp (12…)" in page
    assert "Trang đọc kém: 1" in page
    assert "Chưa đọc được số, ký hiệu" in page and "Chưa đọc được ngày ban hành" in page
    assert "ro-rang.pdf" not in page


def test_pages_forbid_inline_scripts_and_framing(site: Any) -> None:
    client, ids = site
    r = client.get(f"/van-ban/{ids['script']}")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "<script" not in r.text.lower().replace("&lt;script", "")
