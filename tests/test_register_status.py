"""The in-force status of a register entry (models/register_status.py) from real Vietnamese
texts run through the extractor: "Còn hiệu lực", "Được sửa đổi, bổ sung bởi …", "Hết hiệu lực
một phần", "Bị thay thế bởi …", each with the sentence and the document that says so, in
``vanthu refs``, its ``--json`` and the web register page."""
from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from extractors import extract, lexicon, source_from_text
from models import lookup_register, save_extraction
from models.register_status import (AMENDED, IN_FORCE, PARTLY, REPLACED, in_force,
                                    is_partial)
from vanthu.cli import cli

# A tax office's công văn citing a decree with another decree's amendment in a parenthesis:
# it amends nothing (issue 14: `refs 123/2020/NĐ-CP` said "Điều chỉnh bởi 5282/CT-CS").
CONG_VAN = """CỤC THUẾ
THUẾ TỈNH QUẢNG NGÃI
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 5282/CT-CS
Quảng Ngãi, ngày 20 tháng 11 năm 2025
V/v hướng dẫn lập hóa đơn điện tử
Kính gửi: Công ty TNHH Thương mại Sông Trà.
Căn cứ Nghị định số 123/2020/NĐ-CP ngày 19/10/2020 của Chính phủ quy định về hóa đơn, chứng từ
(được sửa đổi, bổ sung bởi Nghị định số 70/2025/NĐ-CP ngày 20/3/2025 của Chính phủ);
Trả lời Công văn số 15/CV-ST ngày 05/11/2025 của Công ty, Thuế tỉnh hướng dẫn như sau:
Công ty lập hóa đơn theo quy định tại Điều 4 Nghị định số 123/2020/NĐ-CP đã được sửa đổi.
Nơi nhận:
- Như trên;
- Lưu: VT.
KT. TRƯỞNG THUẾ TỈNH
PHÓ TRƯỞNG THUẾ TỈNH
Nguyễn Văn An
"""

# A decree whose title amends 123/2020/NĐ-CP.
DECREE = """CHÍNH PHỦ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 70/2025/NĐ-CP
Hà Nội, ngày 20 tháng 3 năm 2025
NGHỊ ĐỊNH
Sửa đổi, bổ sung một số điều của Nghị định số 123/2020/NĐ-CP ngày 19 tháng 10 năm 2020 của Chính phủ quy định về hóa đơn, chứng từ
Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;
Chính phủ ban hành Nghị định sửa đổi, bổ sung một số điều của Nghị định số 123/2020/NĐ-CP.
Điều 1. Sửa đổi, bổ sung một số điều của Nghị định số 123/2020/NĐ-CP như sau:
Nghị định này có hiệu lực từ ngày 01 tháng 6 năm 2025.
TM. CHÍNH PHỦ
THỦ TƯỚNG
Phạm Minh Chính
"""


def decision(number: str, day: str, body: str) -> str:
    return f"""ỦY BAN NHÂN DÂN
TỈNH BẮC NINH
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: {number}
Bắc Ninh, ngày {day}
QUYẾT ĐỊNH
Về việc ban hành Quy chế phối hợp
CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH
Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;
QUYẾT ĐỊNH:
{body}
Nơi nhận:
- Như Điều 3;
- Lưu: VT.
CHỦ TỊCH
Nguyễn Văn Bình
"""


def ingest(engine: Engine, name: str, text: str) -> None:
    source = source_from_text(text, f"/d/{name}.txt")
    save_extraction(engine, source, extract(source))


def refs_json(db_url: str, number: str) -> dict[str, Any]:
    out = CliRunner().invoke(cli, ["refs", number, "--db", db_url, "--json"],
                             catch_exceptions=False).output
    return json.loads(out)


def flat(db_url: str, number: str) -> str:
    out = CliRunner().invoke(cli, ["refs", number, "--db", db_url], catch_exceptions=False)
    return " ".join(out.output.split())


def test_a_citing_cong_van_leaves_the_decree_in_force(engine: Engine, db_url: str) -> None:
    """The parenthesis of the công văn credits no amendment: 123/2020 and 70/2025 are both
    "Còn hiệu lực" as long as only the công văn is stored."""
    ingest(engine, "cv", CONG_VAN)
    for number in ("123/2020/NĐ-CP", "70/2025/NĐ-CP"):
        data = refs_json(db_url, number)
        assert data["in_force"]["status"] == IN_FORCE and data["in_force"]["evidence"] == []
        assert data["entry"]["amended_by"] == [] and data["entry"]["replaced_by"] == []
        assert [c["number"] for c in data["citing"]] == ["5282/CT-CS"]
        assert data["citing"][0]["relation"] in ("based_on", "mentions")
    out = flat(db_url, "123/2020/NĐ-CP")
    assert "Hiệu lực Còn hiệu lực (chưa có văn bản nào trong CSDL" in out
    assert "5282/CT-CS" in out and "Được sửa đổi" not in out


def test_the_amending_decree_s_title_amends(engine: Engine, db_url: str) -> None:
    """Once the decree itself is stored, its title makes 123/2020 "Được sửa đổi, bổ sung bởi
    70/2025/NĐ-CP", with its sentence; the công văn is still no amendment."""
    ingest(engine, "cv", CONG_VAN)
    ingest(engine, "nd", DECREE)
    data = refs_json(db_url, "123/2020/NĐ-CP")
    status = data["in_force"]
    assert status["status"] == AMENDED
    assert status["label"] == "Được sửa đổi, bổ sung bởi 70/2025/NĐ-CP (ngày 20/03/2025)"
    [evidence] = status["evidence"]
    assert (evidence["number"], evidence["relation"], evidence["change_vi"]) == \
        ("70/2025/NĐ-CP", "amends", "sửa đổi, bổ sung")
    assert "Sửa đổi, bổ sung một số điều của Nghị định số 123/2020/NĐ-CP" in evidence["sentence"]
    assert evidence["file_name"] == "nd.txt"
    out = flat(db_url, "123/2020/NĐ-CP")
    assert "Hiệu lực Được sửa đổi, bổ sung bởi 70/2025/NĐ-CP (ngày 20/03/2025)" in out
    assert "Văn bản sửa đổi, bổ sung, thay thế 123/2020/NĐ-CP (1)" in out
    assert "70/2025/NĐ-CP · ngày 20/03/2025 — sửa đổi, bổ sung (tệp nd.txt)" in out


def test_replaced_whole_and_in_part(engine: Engine, db_url: str) -> None:
    ingest(engine, "qd1", decision("25/QĐ-UBND", "05 tháng 3 năm 2024",
                                   "Điều 1. Ban hành Quy chế phối hợp giữa các sở."))
    ingest(engine, "qd2", decision("1849/QĐ-UBND", "20 tháng 8 năm 2024",
                                   "Điều 1. Ban hành Kế hoạch kiểm tra."))
    ingest(engine, "qd3", decision("59/QĐ-UBND", "09 tháng 12 năm 2025",
                                   "Điều 1. Ban hành kèm theo Quyết định này Quy chế mới.\n"
                                   "Điều 2. Quyết định này có hiệu lực kể từ ngày ký và thay thế "
                                   "Quyết định số 25/QĐ-UBND ngày 05/3/2024 của Chủ tịch UBND tỉnh.\n"
                                   "Điều 3. Thay thế Phụ lục II ban hành kèm theo Quyết định số "
                                   "1849/QĐ-UBND ngày 20/8/2024 của Chủ tịch UBND tỉnh."))
    whole = refs_json(db_url, "25/QĐ-UBND")["in_force"]
    assert whole["status"] == REPLACED
    assert whole["label"] == "Bị thay thế bởi 59/QĐ-UBND (ngày 09/12/2025)"
    part = refs_json(db_url, "1849/QĐ-UBND")["in_force"]
    assert part["status"] == PARTLY and part["label"] == "Hết hiệu lực một phần"
    assert part["evidence"][0]["change_vi"] == "thay thế một phần"
    assert "Hiệu lực Hết hiệu lực một phần" in flat(db_url, "1849/QĐ-UBND")


def test_repealed_whole_and_in_part(engine: Engine, db_url: str) -> None:
    """"bãi bỏ Quyết định số …" ends an entry's force ("Bị bãi bỏ bởi"); "bãi bỏ khoản 2 Điều
    5 của Quyết định số …" a part of it."""
    ingest(engine, "qd4", decision("60/QĐ-UBND", "10 tháng 12 năm 2025",
                                   "Điều 1. Ban hành Quy định mới.\n"
                                   "Điều 2. Quyết định này có hiệu lực kể từ ngày ký; bãi bỏ Quyết định số "
                                   "26/QĐ-UBND ngày 06/3/2024 của Chủ tịch UBND tỉnh.\n"
                                   "Điều 3. Bãi bỏ khoản 2 Điều 5 của Quyết định số 1850/QĐ-UBND ngày "
                                   "21/8/2024 của Chủ tịch UBND tỉnh."))
    whole = refs_json(db_url, "26/QĐ-UBND")["in_force"]
    assert whole["status"] == REPLACED and whole["label"] == "Bị bãi bỏ bởi 60/QĐ-UBND (ngày 10/12/2025)"
    assert whole["evidence"][0]["change_vi"] == "bãi bỏ"
    part = refs_json(db_url, "1850/QĐ-UBND")["in_force"]
    assert part["status"] == PARTLY and part["evidence"][0]["change_vi"] == "bãi bỏ một phần"


def test_the_register_page_shows_the_status_escaped(engine: Engine, db_url: str) -> None:
    from starlette.testclient import TestClient

    from models.users import add_user
    from vanthu.web.app import WebConfig, create_app
    from vanthu.web.auth import hash_password

    ingest(engine, "nd", DECREE.replace("quy định về hóa đơn, chứng từ\nCăn cứ",
                                        "quy định về hóa đơn <b>chứng từ</b>\nCăn cứ"))
    entry = lookup_register(engine, "123/2020/NĐ-CP").entry
    assert entry is not None and in_force(engine, entry).status == AMENDED
    add_user(engine, "xem1", hash_password("mat-khau-vanthu-1"), "viewer")
    app = create_app(WebConfig(db_url=db_url, secret="k" * 40))
    with TestClient(app) as client:
        page = client.get("/dang-nhap").text
        token = page.split('name="csrf" value="')[1].split('"')[0]
        client.post("/dang-nhap", data={"username": "xem1", "password": "mat-khau-vanthu-1",
                                        "csrf": token, "next": "/"})
        page = client.get(f"/so-dang-ky/{entry.id}").text
    app.state.engine.dispose()
    assert "Được sửa đổi, bổ sung bởi 70/2025/NĐ-CP (ngày 20/03/2025)" in page
    assert "Văn bản sửa đổi, bổ sung, thay thế 123/2020/NĐ-CP" in page
    assert "<b>chứng từ</b>" not in page and "&lt;b&gt;chứng từ&lt;/b&gt;" in page


@pytest.mark.parametrize("example", lexicon.load("reference_relations.json")["in_force"]["examples"],
                         ids=lambda e: e["number"])
def test_partial_examples(example: dict) -> None:
    assert is_partial(example["text"], example["number"])


@pytest.mark.parametrize("example",
                         lexicon.load("reference_relations.json")["in_force"]["whole_examples"],
                         ids=lambda e: e["number"])
def test_whole_examples(example: dict) -> None:
    assert not is_partial(example["text"], example["number"])
