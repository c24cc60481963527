"""Obligations as each kind of document writes them (the contract's "cases that come up in every
kind of document"): execution clauses, headings and lead-ins that name the unit, plans' attribute
lines and annex tables, lists of units with shared heads, and what is not a duty. One row per way
of writing; the texts are shortened from real documents of the corpus."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from extractors import lexicon
from extractors.deadlines import extract_deadlines
from extractors.obligations import extract_obligations
from extractors.document import extract_text
from extractors.task_tables import _columns
from extractors.unit_lists import read_units


@dataclass
class Head:
    doc_type: str = "quyet_dinh"
    issuer: str | None = "Ủy ban nhân dân tỉnh Ninh Bình"
    issued_on: str | None = "2025-11-18"


def run(text: str, doc_type: str = "quyet_dinh", issuer: str | None = "Ủy ban nhân dân tỉnh Ninh Bình") -> list[dict]:
    head = Head(doc_type, issuer)
    return extract_obligations(text, head, extract_deadlines(text, head.issued_on))


def who(found: list[dict]) -> list[tuple[str, str | None]]:
    return [(o["assignee"], o["due"]) for o in found]


# Lines of 60-100 characters make a text "wrapped" (a saved web page keeps the page's line breaks).
FILLER = ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025 của Quốc hội;\n"
          "Căn cứ Nghị định số 63/2010/NĐ-CP ngày 08/6/2010 của Chính phủ về kiểm soát thủ tục;\n") * 3

ROWS = [
    pytest.param(
        "Điều 4. Chánh Văn phòng UBND tỉnh, Giám đốc Sở Văn hoá và Thể thao, Giám đốc Sở Khoa học và Công "
        "nghệ, Chủ tịch UBND các xã, phường; Giám đốc Trung tâm Phục vụ hành chính công cấp tỉnh, cấp xã và tổ "
        "chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này./.",
        "quyet_dinh",
        [("Chánh Văn phòng UBND tỉnh", None), ("Giám đốc Sở Văn hoá và Thể thao", None),
         ("Giám đốc Sở Khoa học và Công nghệ", None), ("Chủ tịch UBND các xã, phường", None),
         ("Giám đốc Trung tâm Phục vụ hành chính công cấp tỉnh, cấp xã", None),
         ("tổ chức, cá nhân có liên quan", None)], id="execution-clause"),
    pytest.param(
        "Điều 4. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc các Sở: Nông nghiệp và Môi trường, Tài chính; "
        "Thủ trưởng các Ban, Ngành cấp tỉnh liên quan; UBND các xã, phường và các cơ quan, tổ chức, cá nhân có "
        "liên quan chịu trách nhiệm thi hành Quyết định này./.",
        "quyet_dinh",
        [("Chánh Văn phòng Ủy ban nhân dân tỉnh", None), ("Giám đốc Sở Nông nghiệp và Môi trường", None),
         ("Giám đốc Sở Tài chính", None), ("Thủ trưởng các Ban, Ngành cấp tỉnh liên quan", None),
         ("UBND các xã, phường", None), ("các cơ quan, tổ chức, cá nhân có liên quan", None)],
        id="execution-clause-with-a-shared-head"),
    pytest.param(
        "Điều 2. Giao Sở Tài chính:\n1. Xây dựng quy trình điện tử giải quyết thủ tục hành chính theo nội dung "
        "phê duyệt.\nThời hạn hoàn thành không quá 05 ngày làm việc kể từ ngày ban hành Quyết định.\n",
        "quyet_dinh", [("Sở Tài chính", "2025-11-25")], id="time-line-of-the-task-above"),
    pytest.param(
        "Điều 2. Trách nhiệm thực hiện Sở Văn hoá và Thể thao, Sở Khoa học và Công nghệ; Viễn thông Ninh Bình; "
        "Chủ tịch UBND các xã, phường thực hiện trách nhiệm theo Điều 2 Quyết định số 412/QĐ-UBND.",
        "quyet_dinh",
        [("Sở Văn hoá và Thể thao", None), ("Sở Khoa học và Công nghệ", None), ("Viễn thông Ninh Bình", None),
         ("Chủ tịch UBND các xã, phường", None)], id="units-before-the-verb-over-semicolons"),
    pytest.param(
        "Điều 5. Hiệu lực và trách nhiệm thi hành\n1. Nghị định này có hiệu lực từ ngày 01 tháng 01 năm 2026.\n"
        "2. Người sử dụng lao động có trách nhiệm tổ chức rà soát lại các thỏa thuận trong hợp đồng lao động.\n"
        "Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Thủ trưởng cơ quan thuộc Chính phủ, Chủ tịch Ủy ban nhân dân "
        "tỉnh, thành phố trực thuộc trung ương và người sử dụng lao động chịu trách nhiệm thi hành Nghị định này.",
        "nghi_dinh",
        [("Người sử dụng lao động", None), ("Các Bộ trưởng", None), ("Thủ trưởng cơ quan ngang bộ", None),
         ("Thủ trưởng cơ quan thuộc Chính phủ", None),
         ("Chủ tịch Ủy ban nhân dân tỉnh, thành phố trực thuộc trung ương", None),
         ("người sử dụng lao động", None)], id="decree-execution-article"),
    pytest.param(
        "Điều 3. Mức lương tối thiểu\n1. Chính phủ quy định chi tiết mức lương tối thiểu theo vùng.\n"
        "2. Bộ Nội vụ có thẩm quyền hướng dẫn việc áp dụng.\n",
        "nghi_dinh", [], id="decree-rules-are-not-duties"),
    pytest.param(
        "1. Thủ trưởng các sở, ban, ngành tỉnh; Chủ tịch UBND các xã, phường\n\n"
        "a) Thực hiện nghiêm việc cải cách thủ tục hành chính.\n\nb) Tiếp tục rà soát, đơn giản hóa thủ tục.\n",
        "chi_thi",
        [("Thủ trưởng các sở, ban, ngành tỉnh", None), ("Chủ tịch UBND các xã, phường", None)] * 2,
        id="heading-with-two-units"),
    pytest.param(
        "5. Các Bộ: Quốc phòng, Công an chủ động chỉ đạo các đơn vị đóng trên địa bàn sẵn sàng hỗ trợ địa phương.\n"
        "6. Các Bộ: Giáo dục và Đào tạo, Y tế, Khoa học và Công nghệ, Văn hóa, Thể thao và Du lịch theo chức năng, "
        "nhiệm vụ chủ động phối hợp với địa phương.\n",
        "cong_dien",
        [("Bộ Quốc phòng", None), ("Bộ Công an", None), ("Bộ Giáo dục và Đào tạo", None), ("Bộ Y tế", None),
         ("Bộ Khoa học và Công nghệ", None), ("Bộ Văn hóa, Thể thao và Du lịch", None)], id="shared-head-distributed"),
    pytest.param(
        "Thủ tướng Chính phủ yêu cầu Chủ tịch Ủy ban nhân dân các tỉnh, thành phố nêu trên và lãnh đạo các Bộ, "
        "ngành có liên quan theo chức năng, nhiệm vụ tập trung chỉ đạo khắc phục nhanh hậu quả bão lũ, trong đó "
        "tập trung một số nhiệm vụ cụ thể sau:\n\n1. Bộ Xây dựng chỉ đạo bảo đảm an toàn giao thông.\n",
        "cong_dien",
        [("Chủ tịch Ủy ban nhân dân các tỉnh, thành phố nêu trên", None),
         ("lãnh đạo các Bộ, ngành có liên quan", None), ("Bộ Xây dựng", None)], id="authority-hands-on-the-task"),
    pytest.param(
        "Chủ tịch UBND tỉnh yêu cầu Thủ trưởng các sở, ban, ngành tập trung thực hiện các nhiệm vụ, giải pháp "
        "sau:\n\n1. Sở Tài chính\n\na) Thẩm định dự toán.\n",
        "chi_thi", [("Sở Tài chính", None)], id="generic-lead-in-is-no-task"),
    pytest.param(
        "2. Yêu cầu Bộ Y tế, Ban Quản lý dự án và các nhà thầu tiếp tục quyết tâm hoàn thành công trình, "
        "trong đó lưu ý:\n(1) Bộ Y tế chỉ đạo Ban Quản lý dự án hoàn thành việc xây dựng trước ngày 30 tháng 11 "
        "năm 2025.\n- Chủ trì, phối hợp với Bộ Tài chính hoàn thiện hồ sơ trình.\n",
        "thong_bao",
        [("Bộ Y tế", None), ("Ban Quản lý dự án", None), ("các nhà thầu", None), ("Bộ Y tế", "2025-11-30"),
         ("Bộ Y tế", None)], id="item-subject-to-its-dash-items"),
    pytest.param(
        "Để đạt mục tiêu tăng trưởng năm 2025, tỉnh Đắk Lắk cần tiếp tục thực hiện quyết liệt các chủ trương "
        "của Đảng, văn bản chỉ đạo của Thủ tướng Chính phủ, trong đó lưu ý tập trung thực hiện một số nội dung "
        "sau:\n\n1. Khẩn trương rà soát, điều chỉnh các quy hoạch theo thẩm quyền.\n",
        "thong_bao", [("Ủy ban nhân dân tỉnh Đắk Lắk", None)], id="province-as-subject"),
    pytest.param(
        "Ủy ban nhân dân tỉnh Đắk Lắk tiếp tục rà soát, thống kê đầy đủ thiệt hại, gửi Bộ Nông nghiệp và Môi "
        "trường, Bộ Tài chính để tổng hợp, báo cáo Thủ tướng Chính phủ.",
        "thong_bao",
        [("Ủy ban nhân dân tỉnh Đắk Lắk", None), ("Bộ Nông nghiệp và Môi trường", None), ("Bộ Tài chính", None)],
        id="relay-to-a-list"),
    pytest.param(
        "3. Trong quá trình thực hiện, nếu có khó khăn, vướng mắc các cơ quan, đơn vị, địa phương kịp thời "
        "phản ánh về Sở Khoa học và Công nghệ để tổng hợp, báo cáo Ủy ban nhân dân tỉnh.",
        "ke_hoach",
        [("các cơ quan, đơn vị, địa phương", None), ("Sở Khoa học và Công nghệ", None)], id="problems-reported-back"),
    pytest.param(
        "2. Giao Thường trực Hội đồng nhân dân tỉnh, các Ban của Hội đồng nhân dân tỉnh, Tổ đại biểu Hội đồng "
        "nhân dân tỉnh và đại biểu Hội đồng nhân dân tỉnh giám sát việc thực hiện Nghị quyết.",
        "nghi_quyet",
        [("Thường trực Hội đồng nhân dân tỉnh", None), ("các Ban của Hội đồng nhân dân tỉnh", None),
         ("Tổ đại biểu Hội đồng nhân dân tỉnh", None), ("đại biểu Hội đồng nhân dân tỉnh", None)],
        id="supervisors-of-a-resolution"),
    pytest.param(
        "4. Các cơ quan được phân công chủ trì thực hiện nhiệm vụ theo Kế hoạch này có trách nhiệm lập dự toán.",
        "ke_hoach",
        [("Các cơ quan được phân công chủ trì thực hiện nhiệm vụ theo Kế hoạch này", None)], id="relative-clause-unit"),
    pytest.param("+ Thành phần gồm: Sở Tài chính; Sở Nội vụ; Chi cục Phát triển nông thôn.", "bao_cao", [],
                 id="composition-is-no-task"),
    pytest.param(
        "THỦ TƯỚNG CHÍNH PHỦ điện:\n\n- Chủ tịch Ủy ban nhân dân các tỉnh: Khánh Hòa, Đắk Lắk;\n"
        "- Các Bộ: Quốc phòng, Công an.\n\nLũ trên các sông đang ở mức rất cao, gây ngập sâu nhiều khu vực.\n",
        "cong_dien", [], id="addressees-of-a-cong-dien"),
    pytest.param(
        "Văn phòng Chính phủ thông báo để các Bộ Y tế, Công an, Ủy ban nhân dân tỉnh Ninh Bình biết, thực hiện./.",
        "thong_bao", [], id="closing-notice"),
    pytest.param(
        "Về vấn đề này, Cục Thuế có ý kiến như sau:\n- Tại khoản 2 Điều 257 Luật Đất đai năm 2024 quy định:\n"
        "“Điều 257. Giải quyết về tài chính đất đai.\nd) Chính phủ quy định về việc áp dụng phương pháp định "
        "giá đất”.\n- Căn cứ khoản 1 Điều 3 Nghị định số 291/2025/NĐ-CP của Chính phủ.\nĐề nghị Thuế tỉnh Ninh "
        "Bình căn cứ quy định tại Luật Đất đai để xem xét, xử lý đảm bảo tuân thủ quy định của pháp luật.\n",
        "cong_van", [("Thuế tỉnh Ninh Bình", None)], id="quoted-law-and-cited-bases-are-no-tasks"),
    pytest.param(
        "1. Sở Tài chính\n\n- Căn cứ chức năng, nhiệm vụ, phối hợp với các cơ quan, đơn vị tham mưu bố trí kinh phí.\n",
        "ke_hoach", [("Sở Tài chính", None)], id="can-cu-opening-a-task"),
    pytest.param(
        "IV. TỔ CHỨC THỰC HIỆN\n\n1. Ủy ban nhân dân cấp xã\n\n- Tổ chức thực hiện giám sát theo Kế hoạch.\n\n"
        "Trên đây là Kế hoạch giám sát của Ủy ban nhân dân thành phố. Đề nghị báo cáo kết quả đúng hạn.\n",
        "ke_hoach", [("Ủy ban nhân dân cấp xã", None)], id="nothing-inherited-after-the-closing"),
]


@pytest.mark.parametrize("text,doc_type,expected", ROWS)
def test_duties(text, doc_type, expected):
    assert who(run(text, doc_type)) == expected


def test_plan_attribute_lines_give_unit_time_and_partners():
    text = ("II. NỘI DUNG KẾ HOẠCH\n\n1. Tổ chức tuyên truyền, phổ biến nội dung Luật.\n\n"
            "- Cơ quan thực hiện: Sở Khoa học và Công nghệ; Sở Tư pháp; Báo và Phát thanh Truyền hình Lai Châu "
            "và các sở, ngành có liên quan.\n\n- Cơ quan phối hợp: Ủy ban nhân dân các xã, phường.\n\n"
            "- Thời gian thực hiện: Quý IV năm 2025 và các năm tiếp theo.\n")
    found = run(text, "ke_hoach", "Ủy ban nhân dân tỉnh Lai Châu")
    assert who(found) == [("Sở Khoa học và Công nghệ", "2025-12-31"), ("Sở Tư pháp", "2025-12-31"),
                          ("Báo và Phát thanh Truyền hình Lai Châu", "2025-12-31"),
                          ("các sở, ngành có liên quan", "2025-12-31")]
    assert found[0]["support"] == ["Ủy ban nhân dân các xã, phường"]
    assert found[0]["action"].startswith("Tổ chức tuyên truyền")


def test_wrapped_unit_name_and_heading():
    text = FILLER + ("2. Sở\nKhoa học và Công nghệ\n\na) Bám sát các nhiệm vụ, chỉ tiêu của tỉnh; chủ động kết nối "
                     "dữ liệu triển khai ở các\nhệ thống thông tin giải quyết thủ tục hành chính của tỉnh.\n")
    assert who(run(text, "chi_thi")) == [("Sở Khoa học và Công nghệ", None)]


@pytest.mark.parametrize("signature", ["TM. CHÍNH PHỦ\nKT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG\n(Đã ký)\nPhạm Thị Thanh Trà\n",
                                       "THỦ TƯỚNG\n(Đã ký)\nPhạm Minh Chính\n"], ids=["delegation", "title-signed"])
def test_execution_clause_right_above_the_signature_without_noi_nhan(signature):
    # The last line of the body runs straight into the signature block ("TM. CHÍNH PHỦ" …):
    # the signature is not an item of that line.
    text = ("CHÍNH PHỦ\nSố: 321/2025/NĐ-CP\nHà Nội, ngày 10 tháng 12 năm 2025\nNGHỊ ĐỊNH\nQuy định về việc lấy ý kiến\n"
            "Điều 10. Tổ chức thực hiện\n1. Bộ Nội vụ kiểm tra, hướng dẫn Ủy ban nhân dân các cấp.\n"
            "2. Các Bộ trưởng, Chủ tịch Ủy ban nhân dân tỉnh và các tổ chức, cá nhân có liên quan chịu trách nhiệm thi "
            "hành Nghị định này\n" + signature)
    got = extract_text(text)["obligations"]
    assert [o["assignee"] for o in got if "thi hành" in o["action"]] == [
        "Các Bộ trưởng", "Chủ tịch Ủy ban nhân dân tỉnh", "các tổ chức, cá nhân có liên quan"]


@pytest.mark.parametrize("middle", [
    "Điều 2. Sửa đổi, bổ sung Phụ lục II như sau:\n“Phụ lục II\nQUY MÔ KHOÁNG SẢN\n(Kèm theo Nghị định số "
    "193/2025/NĐ-CP ngày 02 tháng 7 năm 2025 của Chính phủ)\nTT\nLoại khoáng sản\n1\nThan\n”.\n",
    "Điều 2. Nơi nhận báo cáo\n1. Nơi nhận Báo cáo tài chính:\nTT\nLoại báo cáo\nNơi nhận báo cáo\nTrong ngành\n",
], ids=["quoted-amended-annex", "noi-nhan-as-a-table-head"])
def test_the_body_goes_on_past_a_quoted_annex_or_a_table_head(middle):
    text = ("CHÍNH PHỦ\nSố: 21/2026/NĐ-CP\nHà Nội, ngày 10 tháng 01 năm 2026\nNGHỊ ĐỊNH\nSửa đổi Nghị định số 193\n"
            "Điều 1. Sửa đổi khoản 2 Điều 3.\n" + middle + "Điều 3. Điều khoản thi hành\n1. Nghị định này có hiệu "
            "lực thi hành kể từ ngày ký.\n2. Các Bộ trưởng và tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành "
            "Nghị định này./.\nNơi nhận:\n- Như trên;\n")
    got = extract_text(text)["obligations"]
    assert [o["assignee"] for o in got if "thi hành" in o["action"]] == ["Các Bộ trưởng", "tổ chức, cá nhân có liên quan"]


TABLE = FILLER + """Nơi nhận:
- Như trên;
- Lưu: VT.

PHỤ LỤC

NHIỆM VỤ VÀ GIẢI PHÁP THỰC HIỆN

STT

NHIỆM VỤ VÀ GIẢI PHÁP

CHỦ TRÌ

PHỐI HỢP

THỜI GIAN

I

NHÓM GIẢI PHÁP VỀ CƠ CHẾ CHÍNH SÁCH

1

Rà soát, kịp thời cụ thể hoá các cơ chế, chính sách khuyến khích xã hội hóa.

Sở Tài chính

Sở, ban, ngành có liên quan

Thường xuyên

2

Đề xuất giải pháp cải thiện
môi trường đầu tư, kinh doanh.

Sở Tài chính; Sở Công Thương

2026

3

Xây dựng chương trình hỗ trợ đổi mới công nghệ cho doanh nghiệp.

Sở Khoa học và Công nghệ

Sở, ban, ngành có liên quan

Quý II/2026
"""


def test_annex_task_table_rows():
    found = run(TABLE, "ke_hoach", "Ủy ban nhân dân tỉnh Đồng Tháp")
    assert who(found) == [("Sở Tài chính", None), ("Sở Tài chính", "2026-12-31"), ("Sở Công Thương", "2026-12-31"),
                          ("Sở Khoa học và Công nghệ", "2026-06-30")]
    assert found[0]["support"] == ["Sở, ban, ngành có liên quan"]
    assert found[1]["action"] == "Đề xuất giải pháp cải thiện môi trường đầu tư, kinh doanh"


@pytest.mark.parametrize("header,kind", list(lexicon.load("obligations.json")["task_table"]["examples"].items()))
def test_task_table_column_examples(header, kind):
    assert next(k for k, p in _columns() if p.match(header)) == kind


@pytest.mark.parametrize("phrase,units", [
    ("Các Bộ: Quốc phòng, Công an chủ động", ["Bộ Quốc phòng", "Bộ Công an"]),
    ("Giám đốc: Trung tâm Công báo - Tin học tỉnh, Trung tâm Phục vụ hành chính công thực hiện",
     ["Giám đốc Trung tâm Công báo - Tin học tỉnh", "Giám đốc Trung tâm Phục vụ hành chính công"]),
    ("Chủ tịch Ủy ban nhân dân các tỉnh: Khánh Hòa, Đắk Lắk, Gia Lai và lãnh đạo các Bộ, ngành tiếp tục",
     ["Chủ tịch Ủy ban nhân dân các tỉnh: Khánh Hòa, Đắk Lắk, Gia Lai", "lãnh đạo các Bộ, ngành"]),
    ("Ban Tuyên giáo và Dân vận Trung ương, Bộ Văn hóa, Thể thao và Du lịch, các cơ quan báo chí của Trung "
     "ương chỉ đạo", ["Ban Tuyên giáo và Dân vận Trung ương", "Bộ Văn hóa, Thể thao và Du lịch",
                     "các cơ quan báo chí của Trung ương"]),
    ("Thuế tỉnh, Kho bạc Nhà nước khu vực XI, Ngân hàng Nhà nước khu vực 8 tăng cường",
     ["Thuế tỉnh", "Kho bạc Nhà nước khu vực XI", "Ngân hàng Nhà nước khu vực 8"]),
    ("Cơ quan thuế của địa phương hướng dẫn kê khai", ["Cơ quan thuế của địa phương"]),
    ("Các Bộ, cơ quan: Tài chính, Văn hóa, Thể thao và Du lịch, Giáo dục và Đào tạo, Tập đoàn Điện lực Việt "
     "Nam theo chức năng", ["Bộ Tài chính", "Bộ Văn hóa, Thể thao và Du lịch", "Bộ Giáo dục và Đào tạo",
                            "Tập đoàn Điện lực Việt Nam"]),
    ("Bộ trưởng các Bộ: Quốc phòng, Giáo dục và Đào tạo, Y tế; Chủ tịch Ủy ban nhân dân các tỉnh, thành phố "
     "ven biển từ Đà Nẵng đến Lâm Đồng tổ chức", ["Bộ trưởng Bộ Quốc phòng", "Bộ trưởng Bộ Giáo dục và Đào tạo",
     "Bộ trưởng Bộ Y tế", "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố ven biển từ Đà Nẵng đến Lâm Đồng"]),
    ("Sở Tư pháp, Đài Phát thanh và Truyền hình Thành phố, cơ quan thông tấn báo chí và Ủy ban nhân dân xã, "
     "phường chủ động", ["Sở Tư pháp", "Đài Phát thanh và Truyền hình Thành phố", "cơ quan thông tấn báo chí",
                         "Ủy ban nhân dân xã, phường"]),
    ("các sở, ban, ngành, Ủy ban nhân dân phường, xã và các cơ quan, tổ chức có liên quan kịp thời",
     ["các sở, ban, ngành", "Ủy ban nhân dân phường, xã", "các cơ quan, tổ chức có liên quan"]),
    ("Chánh Văn phòng UBND tỉnh; Giám đốc\ncác Sở: Nội vụ, Xây dựng và ông Bạch Đăng Ngọc chịu trách nhiệm",
     ["Chánh Văn phòng UBND tỉnh", "Giám đốc Sở Nội vụ", "Giám đốc Sở Xây dựng", "ông Bạch Đăng Ngọc"]),
    ("Chánh Văn\nphòng Ủy ban nhân dân thành phố, Giám đốc: Sở Nông nghiệp và Môi trường, Sở Nội\nvụ; Chủ tịch Ủy "
     "ban nhân dân xã, phường chịu trách nhiệm", ["Chánh Văn phòng Ủy ban nhân dân thành phố",
     "Giám đốc Sở Nông nghiệp và Môi trường", "Giám đốc Sở Nội vụ", "Chủ tịch Ủy ban nhân dân xã, phường"]),
    ("Các đồng chí Bộ trưởng,\nThủ trưởng cơ quan ngang Bộ, cơ quan thuộc Chính phủ theo chức năng",
     ["Bộ trưởng", "Thủ trưởng cơ quan ngang Bộ", "Thủ trưởng cơ quan thuộc Chính phủ"]),
], ids=["ministries", "director-of-two-centres", "chairs-of-provinces", "media-bodies", "new-regional-bodies",
        "owner-after-cua", "ministries-and-bodies", "known-names-whole-and-a-place-range",
        "lower-case-group-in-a-list", "organisations-noun-after-a-group", "a-person-in-the-list", "a-person-head-over-a-colon-list", "head-over-two-kinds-of-bodies"])
def test_unit_lists(phrase, units):
    got = read_units(phrase, 0)
    assert got is not None and got[1] == units


@pytest.mark.parametrize("mode,expected", [("underthesea", "Sở Nội vụ"), ("rules", None)])
def test_tagger_ends_a_name_at_a_verb(monkeypatch, mode, expected):
    """"thẩm định" is in no vocabulary: the rules take it into the name (a capitalised word follows),
    underthesea's tagger reads a verb."""
    monkeypatch.setenv("VANTHU_NLP", mode)
    got = read_units("Sở Nội vụ thẩm định Đề án vị trí việc làm.", 0)
    if expected is None:
        assert got is not None and got[1] != ["Sở Nội vụ"]
    else:
        assert got is not None and got[1] == [expected]


_EXECUTION = lexicon.load("obligations.json")["execution_article"]


@pytest.mark.parametrize("title", _EXECUTION["examples"])
def test_execution_article_titles(title):
    from extractors.subjects import cues
    assert cues().execution_article.match(title)


@pytest.mark.parametrize("title", _EXECUTION["annex_examples"])
def test_rule_set_task_article_titles(title):
    from extractors.subjects import cues
    assert not cues().execution_article.match(title) and cues().annex_article.match(title)


@pytest.mark.parametrize("title", _EXECUTION["not_examples"])
def test_standing_rule_article_titles(title):
    from extractors.subjects import cues
    assert not cues().execution_article.match(title)


@pytest.mark.parametrize("line", lexicon.load("obligations.json")["time_line"]["examples"])
def test_time_line_examples(line):
    from extractors.subjects import cues
    assert cues().time_line.match(line)


def test_a_title_naming_a_list_is_not_an_annex_before_the_body():
    # "QUYẾT ĐỊNH CÔNG BỐ DANH MỤC …": the list is the subject, the body's tasks still count
    text = ("ỦY BAN NHÂN DÂN\nTỈNH VĨNH LONG\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n---------------\n"
            "Số: 2637/QĐ-UBND\nVĩnh Long, ngày 16 tháng 11 năm 2025\nQUYẾT ĐỊNH\nCÔNG BỐ\n"
            "DANH MỤC 12 THỦ TỤC HÀNH CHÍNH ĐƯỢC SỬA ĐỔI\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH\n"
            "Căn cứ Luật Tổ chức chính quyền địa phương;\nQUYẾT ĐỊNH:\nĐiều 1. Công bố danh mục.\n"
            "Điều 2. Chánh Văn phòng Ủy ban nhân dân tỉnh; Giám đốc Sở Tư pháp chịu trách nhiệm thi hành "
            "Quyết định này./.\nNơi nhận:\n- Như Điều 2;\n- Lưu: VT.\n")
    got = extract_text(text)["obligations"]
    assert [o["assignee"] for o in got] == ["Chánh Văn phòng Ủy ban nhân dân tỉnh", "Giám đốc Sở Tư pháp"]


def test_a_stray_opening_quote_from_ocr_does_not_quote_the_rest_of_the_document():
    from extractors.outline import quotations
    c = "Số: 2“ /CT-UBND\nCHỈ THỊ\n1. Cục Thuế tỉnh:\n- Chủ trì tập huấn.\n2. Sở Tư pháp “phối hợp”\nthực hiện."
    assert quotations(c, 0, len(c)) == []
    quoted = "quy định: “Điều 257.\nd) Chính phủ quy định”."
    assert quotations(quoted, 0, len(quoted)) == [(quoted.index("“"), quoted.index("”"))]


@pytest.mark.parametrize("middle", [
    "2. Quy định mức chi thuê chuyên gia (tại Phụ lục II\nkèm theo Nghị quyết này).\n",
    "Điều 1.\nBan hành kèm theo Quyết định này Quy chế quản lý.\n",
    "Chương II\nDANH MỤC VÀ YÊU CẦU ĐỐI VỚI NỘI DUNG QUẢNG CÁO\nĐiều 3. Danh mục sản phẩm\n",
])
def test_the_body_goes_on_past_lines_that_only_look_like_an_annex(middle):
    from extractors.outline import body_range
    text = ("HỘI ĐỒNG NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI\nSố: 77/2025/NQ-HĐND\nNGHỊ QUYẾT\nQuy định mức chi\n"
            "Căn cứ Luật Tổ chức chính quyền địa phương;\nQUYẾT NGHỊ:\n" + middle
            + "Điều 5. Tổ chức thực hiện\n1. Giao Ủy ban nhân dân Thành phố hướng dẫn thực hiện.\n"
            "Nơi nhận:\n- Như Điều 5;\n")
    assert text[slice(*body_range(text))].rstrip().endswith("hướng dẫn thực hiện.")


def _body_duties(body: str, kind: str = "KẾ HOẠCH", number: str = "Số: 12/KH-UBND",
                 issuer: str = "ỦY BAN NHÂN DÂN\nTỈNH ĐIỆN BIÊN") -> list[tuple[str, str]]:
    text = (f"{issuer}\n{number}\nHà Nội, ngày 02 tháng 12 năm 2025\n{kind}\n"
            "Về việc thực hiện nhiệm vụ\n" + body + "\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n")
    return [(o["assignee"], o["action"][:20]) for o in extract_text(text)["obligations"]]


@pytest.mark.parametrize("body,expected", [
    ("III. TỔ CHỨC THỰC HIỆN\n7. Các doanh nghiệp hoạt động trong lĩnh vực xây dựng trên địa bàn Tỉnh\n"
     "- Chủ động phối hợp triển khai các giải pháp.\n",
     [("Các doanh nghiệp hoạt động trong lĩnh vực xây dựng trên địa bàn Tỉnh", "Chủ động phối hợp tr")]),
    ("III. TỔ CHỨC THỰC HIỆN\nĐề nghị các cơ quan, đơn vị nghiêm túc triển khai thực hiện. Định kỳ hằng năm "
     "(trước ngày 30 tháng 11) báo cáo kết quả thực hiện về Sở Xây dựng, để tổng hợp báo cáo Ủy ban nhân dân Tỉnh.\n",
     [("các cơ quan, đơn vị", "nghiêm túc triển kha"), ("các cơ quan, đơn vị", "Định kỳ hằng năm (tr"),
      ("Sở Xây dựng", "tổng hợp báo cáo Ủy ")]),
    ("II. NHIỆM VỤ\n1. Chủ tịch Ủy ban nhân dân các tỉnh: Đắk Lắk, Gia Lai chỉ đạo khẩn trương rà soát, "
     "tổng hợp báo cáo cụ thể về một số nội dung sau:\n(1) Số hộ dân có nhà bị sập cần xây dựng lại.\n"
     "(2) Tổng kinh phí cần thiết hỗ trợ Nhân dân.\n",
     []),
    ("II. NHIỆM VỤ\n13. Đề nghị các doanh nghiệp viễn thông (VNPT, Viettel): Đảm bảo thông tin liên lạc ổn định.\n",
     [("các doanh nghiệp viễn thông", "Đảm bảo thông tin li")]),
    ("III. TỔ CHỨC THỰC HIỆN\nYêu cầu Thủ trưởng các cơ quan, đơn vị và địa phương nghiêm túc triển khai thực "
     "hiện. Trường hợp phát sinh vướng mắc, khó khăn, kịp thời phản ánh về Ủy ban nhân dân tỉnh.\n",
     [("Thủ trưởng các cơ quan, đơn vị", "nghiêm túc triển kha"), ("địa phương", "nghiêm túc triển kha"),
      ("Thủ trưởng các cơ quan, đơn vị", "Trường hợp phát sinh"), ("địa phương", "Trường hợp phát sinh")]),
    ("Điều 3. Trách nhiệm thi hành\nChánh Văn phòng Ủy ban nhân dân tỉnh; Thủ trưởng các tổ chức hành chính "
     "khác, đơn vị sự nghiệp công lập thuộc tỉnh; Chủ tịch Ủy ban nhân dân tỉnh, thành phố nơi có đặc khu và Thủ "
     "trưởng các cơ quan, tổ chức, đơn vị, doanh nghiệp, cá nhân có liên quan chịu trách nhiệm thi hành Quyết "
     "định này./.\n",
     [("Chánh Văn phòng Ủy ban nhân dân tỉnh", "chịu trách nhiệm thi"),
      ("Thủ trưởng các tổ chức hành chính khác, đơn vị sự nghiệp công lập thuộc tỉnh", "chịu trách nhiệm thi"),
      ("Chủ tịch Ủy ban nhân dân tỉnh, thành phố nơi có đặc khu", "chịu trách nhiệm thi"),
      ("Thủ trưởng các cơ quan, tổ chức, đơn vị, doanh nghiệp, cá nhân có liên quan", "chịu trách nhiệm thi")]),
    ("III. TỔ CHỨC THỰC HIỆN\n4. Các doanh nghiệp viễn thông\n- Đảm bảo tốc độ đường truyền.\n"
     "- Tăng cường chia sẻ hạ tầng.\n",
     [("Các doanh nghiệp viễn thông", "Đảm bảo tốc độ đường"), ("Các doanh nghiệp viễn thông", "Tăng cường chia sẻ h")]),
    ("II. NHIỆM VỤ\n2. Bộ trưởng Bộ Tài chính chủ trì rà soát các dự án. Ủy ban nhân dân thành phố Đà Nẵng "
     "khẩn trương hoàn thành việc rà soát. Thời hạn hoàn thành: trước ngày 30/11/2025.\n",
     [("Bộ trưởng Bộ Tài chính", "chủ trì rà soát các d"[:20]), ("Ủy ban nhân dân thành phố Đà Nẵng", "khẩn trương hoàn thà")]),
], ids=["described-group-heading", "timed-sentence-and-relay", "report-contents-are-not-tasks",
        "description-before-a-bracket", "difficulties-sentence-is-a-task", "execution-clause-groups",
        "group-heading-with-items", "an-item-s-closing-time"])
def test_plan_duties(body, expected):
    assert _body_duties(body) == expected
    if "Thời hạn hoàn thành:" in body:
        dues = {o["due"] for o in extract_text("ỦY BAN NHÂN DÂN\nTỈNH ĐIỆN BIÊN\nSố: 12/KH-UBND\nKẾ HOẠCH\nVề việc\n"
                                                + body)["obligations"]}
        assert dues == {"2025-11-30"}


def test_a_conclusion_notice_about_a_province():
    body = ("I. ĐÁNH GIÁ CHUNG\nĐể tiếp tục phát triển, tỉnh Điện Biên cần tập trung thực hiện tốt một số "
            "nhiệm vụ, giải pháp sau đây:\n1. Tập trung ưu tiên đầu tư các lĩnh vực giáo dục và y tế.\n"
            "II. VỀ CÁC KIẾN NGHỊ\n1. Về dự án đường cao tốc Sơn La - Điện Biên: Tỉnh thực hiện theo chỉ đạo "
            "của Thủ tướng Chính phủ.\n2. Về đề nghị các bộ quan tâm hướng dẫn: Bộ Tài chính chủ trì, phối hợp "
            "với Bộ Y tế nghiên cứu.\n")
    got = _body_duties(body, "THÔNG BÁO", "Số: 648/TB-VPCP", "VĂN PHÒNG CHÍNH PHỦ")
    assert [a for a, _ in got] == ["Ủy ban nhân dân tỉnh Điện Biên", "Ủy ban nhân dân tỉnh Điện Biên",
                                   "Bộ Tài chính"]


# Stop 12: units as conclusion notices and execution clauses write them (shortened from corpus texts).
@pytest.mark.parametrize("phrase,units", [
    ("Bộ Quốc phòng phát huy phẩm chất “Bộ đội Cụ Hồ”, chỉ đạo các quân khu hỗ trợ", ["Bộ Quốc phòng"]),
    ("Giám đốc các đơn vị điện lực trên địa bàn tỉnh và các tổ chức, cá nhân có liên quan chịu trách nhiệm",
     ["Giám đốc các đơn vị điện lực trên địa bàn tỉnh", "các tổ chức, cá nhân có liên quan"]),
    ("Nhà đầu tư (Tập đoàn Đèo Cả) rà soát, điều chỉnh lại kế hoạch", ["Nhà đầu tư (Tập đoàn Đèo Cả)"]),
    ("Ủy ban nhân dân các tỉnh, thành phố: Tuyên Quang, Đồng Nai, Đồng Tháp quyết liệt chỉ đạo",
     ["Ủy ban nhân dân các tỉnh, thành phố: Tuyên Quang, Đồng Nai, Đồng Tháp"]),
    ("các bộ, ngành, cơ quan chủ quản, nhất là ACV cần khẩn trương", ["các bộ, ngành, cơ quan chủ quản", "ACV"]),
    ("lãnh đạo các Bộ, ngành có liên quan, nhất là các Bộ: Quốc phòng, Công an theo chức năng",
     ["lãnh đạo các Bộ, ngành có liên quan"]),
    ("Chánh Văn phòng UBND tỉnh, Giám đốc Công an tỉnh; thành\nviên Ban Chỉ đạo 138 tỉnh; thành viên Hội đồng "
     "thẩm định địa bàn trọng\nđiểm, phức tạp về TTATXH; Chủ tịch UBND 07\nxã, phường có tên tại Điều 1 chịu",
     ["Chánh Văn phòng UBND tỉnh", "Giám đốc Công an tỉnh", "thành viên Ban Chỉ đạo 138 tỉnh",
      "thành viên Hội đồng thẩm định địa bàn trọng điểm, phức tạp về TTATXH", "Chủ tịch UBND 07 xã, phường"]),
], ids=["verb-after-a-known-name", "group-described-before-its-qualifier", "bracket-names-the-body",
        "provinces-and-cities-colon-list", "emphasis-by-acronym", "emphasis-list-not-split", "members-of-bodies"])
def test_unit_lists_stop12(phrase, units):
    got = read_units(phrase, 0)
    assert got is not None and got[1] == units


@pytest.mark.parametrize("text,expected", [
    ("b) Thành phố Hà Nội và các tỉnh Bắc Ninh, Gia Lai đẩy nhanh tiến độ lập, phê duyệt Báo cáo nghiên cứu "
     "khả thi dự án đường nối sân bay Gia Bình, hoàn thành trong năm 2025.\n",
     [("Ủy ban nhân dân thành phố Hà Nội", "2025-12-31"), ("các tỉnh Bắc Ninh, Gia Lai", "2025-12-31")]),
    ("d) Thành phố Hồ Chí Minh, tỉnh Lâm Đồng đẩy nhanh việc lựa chọn nhà đầu tư để khởi công dự án vào ngày "
     "19 tháng 12 năm 2025.\n",
     [("Ủy ban nhân dân thành phố Hồ Chí Minh", "2025-12-19"), ("Ủy ban nhân dân tỉnh Lâm Đồng", "2025-12-19")]),
    # A notice signed on 18/11 keeps the meeting's day three days earlier as the deadline.
    ("b) Ủy ban nhân dân tỉnh Hưng Yên khẩn trương làm việc với các địa phương để thống nhất phương án khai "
     "thác vật liệu; báo cáo Phó Thủ tướng trước ngày 15 tháng 11 năm 2025.\n",
     [("Ủy ban nhân dân tỉnh Hưng Yên", "2025-11-15")]),
], ids=["places-joined-by-va", "places-joined-by-comma", "deadline-days-before-the-notice"])
def test_conclusion_notice_places(text, expected):
    assert who(run(text, "thong_bao", "Văn phòng Chính phủ")) == expected


@pytest.mark.parametrize("text,expected", [
    # A point's title, then tasks numbered inside the sentence, each with its own subject.
    ("3. Khẩn trương xây dựng và ban hành chiến lược chuyển đổi số và chiến lược dữ liệu: (1) Thanh\n"
     "tra Chính phủ ban hành trước ngày 25 tháng 11 năm 2025; (2) Bộ Công an\nchủ trì, phối hợp các bộ, "
     "cơ quan liên quan ban hành hướng dẫn rà soát các cơ sở dữ liệu; hoàn thành trước ngày 30 tháng 11 năm 2025.\n",
     [("Thanh tra Chính phủ", "2025-11-25"), ("Bộ Công an", "2025-11-30")]),
    # A unit's point whose tasks are numbered inside it, in lower case: one record per number.
    ("a) Bộ Khoa học và Công nghệ: (1) trình Thủ\ntướng Chính phủ Chương trình quốc gia phát triển sản phẩm "
     "công nghệ chiến lược, hoàn thành trong tháng 11 năm 2025; (2) chủ\ntrì, phối hợp với các bộ, ngành hoàn "
     "thành Bộ công cụ theo dõi, giám sát trước ngày 10 tháng 12 năm 2025; (3) Khẩn trương trình cấp có thẩm "
     "quyền ban hành Chương trình Chuyển đổi số quốc gia.\n",
     [("Bộ Khoa học và Công nghệ", "2025-11-30"), ("Bộ Khoa học và Công nghệ", "2025-12-10"),
      ("Bộ Khoa học và Công nghệ", None)]),
], ids=["numbered-tasks-after-a-title", "numbered-tasks-of-one-unit"])
def test_conclusion_notice_numbered_tasks(text, expected):
    assert who(run(text, "thong_bao", "Văn phòng Chính phủ")) == expected


def test_items_numbered_in_small_roman_under_a_request():
    text = ("b) Để làm tốt các nhiệm vụ sắp tới, đề nghị:\n"
            "(i) Tập đoàn Công nghiệp-Năng lượng quốc gia Việt Nam báo cáo Thủ tướng Chính phủ xem xét về thời "
            "gian khánh thành dự án.\n"
            "(ii) Ủy ban nhân dân tỉnh Đồng Nai chỉ đạo đơn vị liên quan hoàn thành bàn giao mặt bằng xây dựng "
            "trong tháng 11 năm 2025.\n")
    assert who(run(text, "thong_bao", "Văn phòng Chính phủ")) == [
        ("Tập đoàn Công nghiệp-Năng lượng quốc gia Việt Nam", None), ("Ủy ban nhân dân tỉnh Đồng Nai", "2025-11-30")]


def test_opening_condition_stays_with_the_task():
    text = ("Trong quá trình tổ chức thực hiện nếu có khó khăn, vướng mắc, các cơ quan, đơn vị và địa phương phản "
            "ánh về Sở Y tế tổng hợp, báo cáo, tham mưu trình Ủy ban nhân dân thành phố xem xét, chỉ đạo kịp thời./.\n")
    found = run(text, "ke_hoach")
    assert found and found[0]["assignee"] == "các cơ quan, đơn vị và địa phương"
    assert found[0]["action"].startswith("Trong quá trình tổ chức thực hiện nếu có khó khăn, vướng mắc, phản ánh về Sở Y tế")


def test_request_to_the_addressee_by_its_bare_head():
    text = ("Kính gửi: Công ty TNHH Tokokosen.\n\nTrả lời công văn số 12/CV ngày 22/10/2025 của Công ty TNHH "
            "Tokokosen, Cục Hải quan có ý kiến như sau:\n\nĐề nghị Công ty căn cứ các quy định nêu trên để thực hiện.\n")
    head = Head("cong_van", "Cục Hải quan")
    head.recipients = ["Công ty TNHH Tokokosen"]
    found = extract_obligations(text, head, [])
    assert [(o["assignee"], o["basis"]) for o in found] == [("Công ty TNHH Tokokosen", "requested")]


@pytest.mark.parametrize("phrase,units", [
    ("Giám đốc Sở Công Thương, Giám đốc Sở Khoa học và Công nghệ Giám đốc Trung tâm Phục vụ hành chính công tỉnh "
     "chịu trách nhiệm", ["Giám đốc Sở Công Thương", "Giám đốc Sở Khoa học và Công nghệ",
                         "Giám đốc Trung tâm Phục vụ hành chính công tỉnh"]),
    ("Chủ tịch Hội đồng quản trị, Tổng Giám đốc Ngân hàng Chính\nsách xã hội và Thủ trưởng các cơ quan liên quan "
     "chịu trách nhiệm", ["Chủ tịch Hội đồng quản trị", "Tổng Giám đốc Ngân hàng Chính sách xã hội",
                         "Thủ trưởng các cơ quan liên quan"]),
    ("Đài Truyền hình Việt Nam, Đài Tiếng nói Việt\nNam, Thông tấn xã Việt Nam và hệ thống các cơ quan báo chí phối "
     "hợp với các Bộ", ["Đài Truyền hình Việt Nam", "Đài Tiếng nói Việt Nam", "Thông tấn xã Việt Nam",
                        "hệ thống các cơ quan báo chí"]),
], ids=["comma-left-out-before-an-official", "general-director-is-one-title", "a-system-of-bodies"])
def test_unit_lists_officials(phrase, units):
    got = read_units(phrase, 0)
    assert got is not None and got[1] == units


def test_normative_decision_rule_articles_are_not_tasks():
    text = ("Điều 2. Cấp dự báo cháy rừng\n\n1. Dự báo cháy rừng cấp I\n\na) Chủ tịch Ủy ban nhân dân cấp xã chỉ đạo "
            "Ban Chỉ huy phòng cháy, chữa cháy rừng cấp xã kiểm tra các khu rừng.\n\n"
            "Điều 3. Tổ chức thực hiện\n\n1. Sở Nông nghiệp và Môi trường chủ trì, phối hợp với các đơn vị có liên quan "
            "tổ chức thực hiện Quyết định này.\n\n"
            "Điều 4. Chánh Văn phòng Ủy ban nhân dân thành phố, Giám đốc các Sở chịu trách nhiệm thi hành Quyết định "
            "này./.\n")
    head = Head("quyet_dinh", "Ủy ban nhân dân thành phố Hải Phòng")
    head.number = "213/2025/QĐ-UBND"
    found = extract_obligations(text, head, [])
    assert [o["assignee"] for o in found] == ["Sở Nông nghiệp và Môi trường", "Chánh Văn phòng Ủy ban nhân dân thành phố",
                                              "Giám đốc các Sở"]
    head.number = "2813/QĐ-UBND"                     # an administrative decision: every article is the decision
    assert "Chủ tịch Ủy ban nhân dân cấp xã" in [o["assignee"] for o in extract_obligations(text, head, [])]


def test_deputy_prime_minister_assigned_and_speaking():
    text = ("Phó Thủ tướng Thường trực Chính phủ Nguyễn Hòa Bình kết luận như sau:\n\n"
            "1. Các Bộ, cơ quan ngang Bộ rà soát các chương trình mục tiêu quốc gia.\n\n"
            "2. Thứ nhất, vùng lõi nghèo hiện nay chủ yếu ở miền núi, cần nhận thức rõ nhiệm vụ.\n\n"
            "3. Giao Phó Thủ tướng Chính phủ Trần Hồng Hà trực tiếp chỉ đạo công tác chuẩn bị, kiểm tra tiến độ.\n")
    assert [o["assignee"] for o in run(text, "thong_bao", "Văn phòng Chính phủ")] == [
        "Các Bộ", "cơ quan ngang Bộ", "Phó Thủ tướng Chính phủ Trần Hồng Hà"]


def test_units_of_an_attribute_line_with_a_qualifier():
    text = ("4. Tổ chức kiểm tra việc thi hành Luật Việc làm và các văn bản quy phạm pháp luật\n\n"
            "- Cơ quan thực hiện: Sở Nội vụ, các sở, ban, ngành Thành phố trong phạm vi chức năng, nhiệm vụ của mình "
            "và các cơ quan, tổ chức khác có liên quan.\n\n- Thời gian thực hiện: Năm 2026 và các năm tiếp theo.\n")
    assert [o["assignee"] for o in run(text, "ke_hoach")] == [
        "Sở Nội vụ", "các sở, ban, ngành Thành phố", "các cơ quan, tổ chức khác có liên quan"]


def test_article_number_on_the_line_after_its_word():
    text = ("QUY ĐỊNH\n\nĐiều\n10. Trách nhiệm của các đơn vị điện lực\n\n1. Thực hiện đầy đủ trách nhiệm chung bảo "
            "đảm về an toàn điện quy định tại Điều 69 Luật Điện lực.\n\n2. Chủ động phối hợp với các sở, ban, ngành kiểm "
            "tra hành lang an toàn lưới điện.\n")
    assert [o["assignee"] for o in run(text)] == ["các đơn vị điện lực", "các đơn vị điện lực"]


def test_execution_clause_read_to_its_verb_when_a_name_is_unusual():
    text = ("Điều 15. Trách nhiệm thi hành\nBộ trưởng, Thủ trưởng cơ quan ngang bộ, người đứng đầu tổ chức do Chính phủ, "
            "Thủ tướng Chính phủ thành lập mà không phải là đơn vị sự nghiệp công lập (trong trường hợp được giao thẩm "
            "quyền quản lý công chức), Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương, các cơ quan, tổ "
            "chức và cá nhân có liên quan chịu trách nhiệm thi hành Nghị định này.\n")
    found = run(text, "nghi_dinh", "Chính phủ")
    assert [o["assignee"] for o in found] == [
        "Bộ trưởng", "Thủ trưởng cơ quan ngang bộ",
        "người đứng đầu tổ chức do Chính phủ, Thủ tướng Chính phủ thành lập mà không phải là đơn vị sự nghiệp công lập "
        "(trong trường hợp được giao thẩm quyền quản lý công chức)",
        "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương", "các cơ quan, tổ chức và cá nhân có liên quan"]
    assert {o["action"] for o in found} == {"chịu trách nhiệm thi hành Nghị định này"}


def test_heading_with_a_colon_after_de_nghi_names_associations():
    text = ("6. Đề nghị: Hiệp hội Doanh nghiệp tỉnh, Hội Nông dân tỉnh\n\n"
            "a) Tuyên truyền, vận động hội viên tích cực tham gia các hoạt động chuyển đổi số.\n\n"
            "b) Phối hợp với Sở Khoa học và Công nghệ thực hiện đánh giá hiện trạng chuyển đổi số.\n")
    found = run(text, "ke_hoach")
    assert [o["assignee"] for o in found] == ["Hiệp hội Doanh nghiệp tỉnh", "Hội Nông dân tỉnh"] * 2
    assert {o["basis"] for o in found} == {"requested"}


def test_an_item_naming_solutions_is_not_a_plan_heading():
    text = ("II. MỤC TIÊU, ĐỐI TƯỢNG\n\n2. Đối tượng áp dụng\n\n"
            "b) Các doanh nghiệp, cơ quan, tổ chức, hiệp hội, các trường đại học, cao đẳng cung cấp các công nghệ số, "
            "nền tảng số và các giải pháp, phần mềm thúc đẩy chuyển đổi số doanh nghiệp.\n\n"
            "III. NHIỆM VỤ, GIẢI PHÁP\n\n1. Sở Công Thương chủ trì xây dựng kế hoạch hỗ trợ doanh nghiệp.\n")
    assert [o["assignee"] for o in run(text, "ke_hoach")] == ["Sở Công Thương"]


def test_responsibilities_of_people_who_are_not_a_known_unit():
    text = ("QUY CHẾ\n\nĐiều 12. Trách nhiệm của cá nhân sử dụng Hệ thống thư điện tử công vụ\n\n"
            "1. Chấp hành các quy định của pháp luật về thư điện tử công vụ.\n\n"
            "2. Tự quản lý, bảo vệ mật khẩu hộp thư điện tử cá nhân.\n\n"
            "Điều 13. Nhiệm vụ, quyền hạn của người ra quyết định thanh tra\n\n"
            "1. Quyết định xử lý theo thẩm quyền kết quả thanh tra.\n")
    found = run(text, "quyet_dinh")
    assert [o["assignee"] for o in found] == ["cá nhân sử dụng Hệ thống thư điện tử công vụ"] * 2


def test_customs_reply_contact_advice_is_not_a_duty():
    text = ("BỘ TÀI CHÍNH\nCỤC HẢI QUAN\nSố: 39365/CHQ-GSQL\nV/v thủ tục hải quan\n"
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHà Nội, ngày 05 tháng 11 năm 2025\n\n"
            "Kính gửi: Công ty TNHH Tokokosen\n\nCục Hải quan có ý kiến như sau:\n1. Về phương tiện quay vòng\n"
            "- Thủ tục hải quan được quy định tại Điều 49 Nghị định số 08/2015/NĐ-CP.\nĐề nghị Công ty căn cứ "
            "các quy định nêu trên để thực hiện. Trường hợp có vướng mắc thì liên hệ với đơn vị Hải quan nơi làm thủ tục "
            "để được hướng dẫn.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n")
    found = extract_text(text)["obligations"]
    assert [(o["assignee"], o["action"].split(".")[0]) for o in found] == [
        ("Công ty TNHH Tokokosen", "căn cứ các quy định nêu trên để thực hiện")]


def test_lead_in_that_leads_and_coordinates_gives_its_units_to_the_items():
    text = ("2. Bộ Quốc phòng, Bộ Công an theo chức năng, nhiệm vụ, thẩm quyền chủ trì, phối hợp với các Bộ, cơ quan "
            "liên quan và các địa phương:\na) Rà soát các mặt hàng dự trữ quốc gia thuộc lĩnh vực quản lý.\n"
            "b) Huy động lực lượng, phương tiện tham gia công tác vận chuyển hàng dự trữ quốc gia.\n")
    found = run(text, "cong_dien", "Thủ tướng Chính phủ")
    assert [(o["assignee"], o["action"].split()[0]) for o in found] == [
        ("Bộ Quốc phòng", "Rà"), ("Bộ Công an", "Rà"), ("Bộ Quốc phòng", "Huy"), ("Bộ Công an", "Huy")]


def test_what_a_task_covers_is_listed_under_it_not_tasks_of_their_own():
    text = ("5. Công an thành phố\n\nh) Chủ trì triển khai, thực hiện các nhiệm vụ được giao tại các dự án trong Chương "
            "trình, bao gồm:\n\n- Dự án 1: Phòng ngừa, đấu tranh tội phạm về ma túy.\n\n- Dự án 2: Ứng dụng khoa học và "
            "công nghệ trong phòng, chống ma túy.\n")
    found = run(text, "ke_hoach")
    assert [(o["assignee"], o["action"][:30]) for o in found] == [("Công an thành phố", "Chủ trì triển khai, thực hiện ")]


@pytest.mark.parametrize("phrase, units", [
    ("Thủ trưởng các Sở, ban, ngành của tỉnh; Chủ tịch Ủy ban nhân dân các huyện, thành phố trong tỉnh có trách nhiệm:",
     ["Thủ trưởng các Sở, ban, ngành của tỉnh", "Chủ tịch Ủy ban nhân dân các huyện, thành phố trong tỉnh"]),
    ("Thủ trưởng các sở, ban, ngành, đoàn thể của tỉnh; Chủ tịch Ủy ban nhân dân các huyện, thành phố và các cơ quan "
     "đơn vị có liên quan triển khai thực hiện nghiêm túc Chỉ thị này.",
     ["Thủ trưởng các sở, ban, ngành, đoàn thể của tỉnh", "Chủ tịch Ủy ban nhân dân các huyện, thành phố",
      "các cơ quan đơn vị có liên quan"]),
], ids=["of-the-province-and-in-the-province", "of-the-province-then-more-groups"])
def test_groups_qualified_by_their_province(phrase, units):
    got = read_units(phrase, 0)
    assert got is not None and got[1] == units


def test_the_issuer_named_in_its_own_execution_clause_is_bound_by_it():
    text = ("Điều 4. Sở Dân tộc và Tôn giáo Thành phố, Trung tâm Phục vụ hành chính công Thành phố và các tổ chức, cá "
            "nhân có liên quan chịu trách nhiệm thi hành Quyết định này./.\n")
    found = run(text, "quyet_dinh", "Trung tâm Phục vụ hành chính công Thành phố")
    assert [(o["assignee"], o["basis"]) for o in found] == [
        ("Sở Dân tộc và Tôn giáo Thành phố", "assigned"), ("Trung tâm Phục vụ hành chính công Thành phố", "assigned"),
        ("các tổ chức, cá nhân có liên quan", "assigned")]


def test_head_of_the_tax_office_in_an_execution_clause():
    text = ("4. Chánh Văn phòng Ủy ban nhân dân tỉnh; Giám đốc các Sở: Tài chính, Xây dựng; Trưởng Thuế tỉnh; Chủ tịch "
            "Ủy ban nhân dân các xã, phường chịu trách nhiệm thi hành Quyết định này.\n")
    assert [o["assignee"] for o in run(text)] == [
        "Chánh Văn phòng Ủy ban nhân dân tỉnh", "Giám đốc Sở Tài chính", "Giám đốc Sở Xây dựng", "Trưởng Thuế tỉnh",
        "Chủ tịch Ủy ban nhân dân các xã, phường"]


def test_governor_and_officials_head_an_execution_clause_without_continuing_other_names():
    text = ("Điều 3. Hiệu lực và trách nhiệm thi hành:\n1. Nghị quyết này có hiệu lực thi hành kể từ ngày ký ban hành.\n"
            "2. Thống đốc Ngân hàng Nhà nước Việt Nam, các Bộ trưởng, Thủ trưởng cơ quan, tổ chức liên quan chịu trách "
            "nhiệm thi hành Nghị quyết này.\n")
    assert [o["assignee"] for o in run(text, "nghi_quyet", "Chính phủ")] == [
        "Thống đốc Ngân hàng Nhà nước Việt Nam", "các Bộ trưởng", "Thủ trưởng cơ quan, tổ chức liên quan"]
    assert read_units("Các Bộ, cơ quan thống nhất chỉ có một cơ quan chủ trì", 0)[1] == ["Các Bộ, cơ quan"]


def test_items_numbered_inside_one_sentence_are_tasks_each():
    text = ("Điều 2. Giao Bộ trưởng Bộ Tài chính: (i) Thừa ủy quyền Thủ tướng Chính phủ, thay mặt Chính phủ ký Tờ trình "
            "của Chính phủ về dự thảo Nghị quyết; (ii) Căn cứ ý kiến của cơ quan có thẩm quyền để hoàn thiện hồ sơ dự thảo "
            "Nghị quyết.\n")
    found = run(text, "nghi_quyet", "Chính phủ")
    assert [(o["assignee"], o["action"].split(",")[0]) for o in found] == [
        ("Bộ trưởng Bộ Tài chính", "Thừa ủy quyền Thủ tướng Chính phủ"),
        ("Bộ trưởng Bộ Tài chính", "Căn cứ ý kiến của cơ quan có thẩm quyền để hoàn thiện hồ sơ dự thảo Nghị quyết")]


def test_described_group_heading_ending_with_a_colon():
    text = ("4. Các cơ sở sản xuất giống, NTTS thương phẩm:\n\n- Chủ cơ sở có trách nhiệm giám sát chất lượng nước cấp.\n\n"
            "- Theo dõi các diễn biến bất thường của môi trường NTTS.\n")
    assert [o["assignee"] for o in run(text, "ke_hoach")] == ["Các cơ sở sản xuất giống, NTTS thương phẩm"] * 2


def test_bodies_named_in_the_rules_a_decision_issues_are_bound():
    text = ("Điều 7. Phối hợp trao đổi, cung cấp thông tin, tài liệu\n1. Bộ Công an, Bộ Quốc phòng có trách nhiệm:\n"
            "a) Định kỳ hằng năm trao đổi, cung cấp cho các bộ những thông tin có tính chất cảnh báo.\n"
            "b) Căn cứ yêu cầu điều tra, trao đổi, cung cấp ngay cho các bộ thông tin về vụ việc.\n"
            "2. Tổ chức, cá nhân có trách nhiệm bảo vệ an toàn công trình điện lực.\n"
            "Điều 8. Trách nhiệm thi hành\nCác Bộ trưởng chịu trách nhiệm thi hành Quyết định này.\n")
    head = Head("quyet_dinh", "Thủ tướng Chính phủ")
    head.number = "30/2025/QĐ-TTg"                    # a normative decision: its articles are rules
    found = extract_obligations(text, head, [])
    assert [o["assignee"] for o in found] == ["Bộ Công an", "Bộ Quốc phòng", "Bộ Công an", "Bộ Quốc phòng",
                                              "Các Bộ trưởng"]
    head.doc_type = "nghi_dinh"                       # a decree's rule articles stay standing rules
    assert [o["assignee"] for o in extract_obligations(text, head, [])] == ["Các Bộ trưởng"]


def test_the_enacting_formula_is_not_a_task():
    text = ("Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15;\nTheo đề nghị của Bộ trưởng Bộ Công an;\n"
            "Thủ tướng Chính phủ ban hành Quy chế phối hợp trong đấu tranh, ngăn chặn hoạt động tài trợ khủng bố.\n"
            "Điều 1. Phạm vi điều chỉnh\nQuy chế này quy định việc phối hợp.\n"
            "Điều 2. Trách nhiệm thi hành\nCác Bộ trưởng chịu trách nhiệm thi hành Quyết định này.\n")
    head = Head("quyet_dinh", "Chính phủ")
    head.number = "30/2025/QĐ-TTg"
    assert [o["assignee"] for o in extract_obligations(text, head, [])] == ["Các Bộ trưởng"]


def test_heading_that_leads_and_coordinates_without_a_colon():
    text = ("2. Sở Công Thương chủ trì, phối hợp thực hiện\n\na) Tiếp tục rà soát và triển khai thực hiện hiệu quả Chỉ thị "
            "số 12/CT-BCT.\n\nb) Theo dõi, đánh giá thường xuyên nguồn cung, nhu cầu hàng hóa trên địa bàn tỉnh.\n")
    assert [o["assignee"] for o in run(text, "chi_thi")] == ["Sở Công Thương"] * 2


def test_a_submission_asks_the_body_it_is_addressed_to():
    text = ("Để đảm bảo cơ cấu tổ chức của UBND tỉnh theo quy định; Chủ tịch UBND tỉnh kính trình HĐND tỉnh miễn nhiệm "
            "chức danh Ủy viên UBND tỉnh Quảng Ngãi, nhiệm kỳ 2021 - 2026 đối với ông Trần Văn Mẫn.\n\n"
            "Kính trình HĐND tỉnh xem xét, quyết định./.\n")
    found = run(text, "to_trinh", "Ủy ban nhân dân tỉnh Quảng Ngãi")
    assert [(o["assignee"], o["basis"], o["action"][:22]) for o in found] == [
        ("HĐND tỉnh", "requested", "miễn nhiệm chức danh Ủ")]


def test_reply_points_on_a_topic_ask_the_company():
    text = ("BỘ TÀI CHÍNH\nCỤC HẢI QUAN\nSố: 37563/CHQ-GSQL\nV/v thủ tục hải quan\n"
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nHà Nội, ngày 05 tháng 11 năm 2025\n\n"
            "Kính gửi: Công ty TNHH Sunrise Apparel Việt Nam.\n"
            "Trả lời công văn số 1025-CVHQ của Công ty, Cục Hải quan có ý kiến như sau:\n"
            "1. Về thủ tục hải quan: đề nghị\nCông ty nghiên cứu quy định tại Điều 67 Thông tư số 38/2015/TT-BTC.\n"
            "2. Về chính sách thuế giá trị\ngia tăng: đề nghị Công ty nghiên cứu quy định tại Điều 3 Luật\n"
            "Thuế giá trị gia tăng số 48/2024/QH15.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n")
    found = extract_text(text)["obligations"]
    assert [o["action"][:40] for o in found] == ["nghiên cứu quy định tại Điều 67 Thông tư",
                                                 "nghiên cứu quy định tại Điều 3 Luật"]
    assert {o["assignee"] for o in found} == {"Công ty TNHH Sunrise Apparel Việt Nam"}


def test_a_request_after_a_contingency_keeps_the_contingency():
    text = ("Trong quá trình tổ chức thực hiện, nếu có khó khăn, vướng mắc vượt thẩm quyền, đề nghị các cơ quan, đơn vị "
            "kịp thời phản ánh về Sở Nông nghiệp và Môi trường tổng hợp, báo cáo Ủy ban nhân dân thành phố xem xét./.\n")
    first = run(text, "ke_hoach")[0]
    assert first["assignee"] == "các cơ quan, đơn vị" and first["basis"] == "requested"
    assert first["action"].startswith("Trong quá trình tổ chức thực hiện, nếu có khó khăn")


def test_powers_in_the_rules_are_not_duties_and_resolutions_keep_their_rules():
    text = ("QUY CHẾ\n\nĐiều 5. Tổ chức và hoạt động của Quỹ\n\n1. Giám đốc Quỹ có nhiệm vụ, quyền hạn:\n\n"
            "a) Tuyển dụng, bổ nhiệm, miễn nhiệm nhân sự theo thẩm quyền.\n\nb) Ký kết hợp đồng theo phân cấp.\n\n"
            "Điều 6. Trách nhiệm của Bộ Tài chính\n\n1. Kiểm tra, giám sát việc quản lý và sử dụng Quỹ.\n")
    assert [o["assignee"] for o in run(text, "quyet_dinh")] == ["Bộ Tài chính"]
    assert run(text.replace("Trách nhiệm của Bộ Tài chính", "Kiểm tra"), "nghi_quyet") == []


def test_heads_of_one_body_and_the_bodies_concerned_stay_one_record():
    assert read_units("Bộ trưởng, Thủ trưởng cơ quan ngang Bộ, cơ quan có liên quan chịu trách nhiệm", 0)[1] == [
        "Bộ trưởng", "Thủ trưởng cơ quan ngang Bộ, cơ quan có liên quan"]
    assert read_units("Thủ trưởng cơ quan ngang bộ, cơ quan thuộc Chính phủ chịu trách nhiệm", 0)[1] == [
        "Thủ trưởng cơ quan ngang bộ", "Thủ trưởng cơ quan thuộc Chính phủ"]


def test_the_letter_begins_after_its_addressee_even_without_a_blank_line():
    text = ("VĂN PHÒNG\nCHÍNH PHỦ\n-------\nSố: 11520/VPCP-CN\nV/v\nChỉ thị của Thủ tướng Chính phủ về nhiên liệu sinh học\n\n"
            "Hà Nội,\nngày 25 tháng 11 năm 2025\n\nKính gửi: Bộ trưởng\nBộ Công Thương\nXét đề nghị của Bộ Công Thương tại Tờ\n"
            "trình số 8798/TTr-BCT ngày 07 tháng 11 năm 2025 về dự thảo Chỉ thị, Phó Thủ tướng Chính phủ có ý kiến như sau:\n"
            "Bộ Công Thương chủ trì phối hợp với\ncác Bộ, cơ quan liên quan khẩn trương làm rõ các nội dung còn vướng mắc; "
            "báo cáo Thủ tướng Chính phủ kết quả thực hiện\ntrong tháng 11 năm 2025.\n"
            "Văn phòng Chính phủ thông báo để đồng\nchí Bộ trưởng biết, chỉ đạo thực hiện./.\n\nNơi nhận:\n- Như trên;\n")
    found = extract_text(text)
    assert found["document"]["recipients"] == ["Bộ trưởng Bộ Công Thương"]
    assert [(o["assignee"], o["due"]) for o in found["obligations"]] == [("Bộ Công Thương", "2025-11-30")]


def test_province_typed_without_its_dot_at_the_end_of_a_name():
    text = ("4. Chánh Văn phòng Ủy ban nhân dân tính, Giám đốc Sở Tài chính, Thủ trưởng các sở, ban, ngành ở tỉnh chịu "
            "trách nhiệm thi hành Quyết định này./.\n")
    assert [o["assignee"] for o in run(text)] == [
        "Chánh Văn phòng Ủy ban nhân dân tỉnh", "Giám đốc Sở Tài chính", "Thủ trưởng các sở, ban, ngành ở tỉnh"]


def test_rows_of_an_annex_table_take_the_horizon_of_its_title():
    text = ("KẾ HOẠCH\n\n1. Sở Tài chính chủ trì theo dõi việc thực hiện Kế hoạch.\n\nNơi nhận:\n- Như trên;\n\n"
            "PHỤ LỤC\n\nPHÂN CÔNG THỰC HIỆN CÁC CHỈ TIÊU PHÁT TRIỂN KINH TẾ SỐ,\nXÃ HỘI SỐ ĐẾN NĂM 2030\n\n"
            "(Ban hành kèm theo Kế hoạch số 144/KH-UBND ngày 24 tháng 11 năm 2025 của UBND tỉnh)\n\n"
            "TT\n\nChỉ tiêu\n\nChủ trì\n\n1\n\nKinh tế số chiếm 45% GRDP tỉnh.\n\nSở Tài chính\n\n"
            "2\n\nTỷ lệ doanh nghiệp vừa và nhỏ ứng dụng công nghệ số đạt 60%\n\nSở Khoa học và Công nghệ\n")
    head = Head("ke_hoach", "Ủy ban nhân dân tỉnh Bắc Ninh")
    found = extract_obligations(text, head, extract_deadlines(text, "2025-11-24"))
    assert [(o["assignee"], o["due"]) for o in found][-2:] == [
        ("Sở Tài chính", "2030-12-31"), ("Sở Khoa học và Công nghệ", "2030-12-31")]


def test_organisations_before_their_responsibility():
    assert read_units("Các cơ quan, tổ chức có trách nhiệm trả lời bằng văn bản trong thời hạn 10 ngày.", 0)[1] == [
        "Các cơ quan, tổ chức"]


def test_a_body_named_by_what_it_does_before_its_responsibility():
    text = ("Điều 5. Trình tự lập đề án\n1. Cơ quan lập đề án vùng phát thải thấp có trách nhiệm:\n"
            "a) Đăng tải hồ sơ dự thảo đề án để lấy ý kiến.\nb) Tổ chức lấy ý kiến phản biện xã hội.\n"
            "2. Cơ quan lập đề án có trách nhiệm hoàn thiện hồ sơ theo các ý kiến góp ý.\n")
    found = run(text, "nghi_quyet", "Hội đồng nhân dân thành phố Hà Nội")
    assert [o["assignee"] for o in found] == ["Cơ quan lập đề án vùng phát thải thấp"] * 2 + ["Cơ quan lập đề án"]
    text = "Điều 12. Tổ chức thực hiện\n1. Đơn vị cung cấp dịch vụ kiểm định, kiểm tra có trách nhiệm kê khai, niêm yết giá.\n"
    assert [o["assignee"] for o in run(text, "thong_tu", "Bộ Xây dựng")] == ["Đơn vị cung cấp dịch vụ kiểm định, kiểm tra"]


def test_a_paragraph_on_results_that_turns_to_what_comes_next():
    text = ("I. TÌNH HÌNH, KẾT QUẢ\n\nKinh tế của tỉnh Điện Biên tăng trưởng khá, thu ngân sách đạt cao. Trong thời gian "
            "tới, Tỉnh tổ chức thực hiện nghiêm túc nhiệm vụ, chỉ tiêu Trung ương giao, bảo đảm hiệu quả.\n\n"
            "II. KIẾN NGHỊ\n")
    found = run(text, "thong_bao", "Văn phòng Chính phủ")
    assert [(o["assignee"], o["action"][:22]) for o in found] == [("Ủy ban nhân dân tỉnh Điện Biên", "Trong thời gian tới, t")]


def test_a_standing_body_that_also_leads_is_a_task():
    text = "1. Sở Khoa học và Công nghệ\n\n- Là cơ quan thường trực, chủ trì tham mưu Ủy ban nhân dân Tỉnh triển khai Kế hoạch.\n"
    assert [o["assignee"] for o in run(text, "ke_hoach")] == ["Sở Khoa học và Công nghệ"]
    assert run("1. Sở Nội vụ là cơ quan đầu mối của Ban Chỉ đạo.\n", "ke_hoach") == []


def test_a_joint_office_named_with_and_stays_whole():
    assert read_units("Văn phòng Đoàn đại biểu Quốc hội và HĐND tỉnh, Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh tăng cường", 0)[1] == [
        "Văn phòng Đoàn đại biểu Quốc hội và HĐND tỉnh", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"]


def test_a_title_naming_scope_and_plan_holds_tasks():
    text = ("II. PHẠM VI, ĐỐI TƯỢNG, NHU CẦU, PHƯƠNG ÁN HỖ TRỢ\n\n4. Phương án hỗ trợ\n\n"
            "- UBND xã, phường thực hiện trực ban phòng chống thiên tai 24/24, duy trì thông tin liên lạc.\n\n"
            "III. PHẠM VI ĐIỀU CHỈNH\n\n- UBND xã, phường thực hiện rà soát các hộ dân.\n")
    assert [o["action"][:18] for o in run(text, "ke_hoach")] == ["thực hiện trực ban"]


def test_points_counted_in_words_open_a_task():
    text = ("II. MỘT SỐ YÊU CẦU\n\nThứ nhất, các bộ, ngành, địa phương, các nhà đầu tư, nhà thầu chủ động giải quyết công "
            "việc theo thẩm quyền, phấn đấu hoàn thành bằng được các mục tiêu đã đề ra.\n")
    found = run(text, "thong_bao", "Văn phòng Chính phủ")
    assert [o["assignee"] for o in found] == ["các bộ, ngành, địa phương", "các nhà đầu tư, nhà thầu"]


def test_an_opening_about_tasks_before_the_units():
    text = ("2. Đối với các nhiệm vụ triển khai trong năm 2025, các sở, ngành liên quan và Ủy ban nhân dân các xã, phường "
            "chủ động cân đối bố trí trong nguồn ngân sách nhà nước đã được giao năm 2025 để triển khai thực hiện.\n")
    head = Head("ke_hoach")
    found = extract_obligations(text, head, extract_deadlines(text, head.issued_on))
    assert [(o["assignee"], o["due"]) for o in found] == [
        ("các sở, ngành liên quan", None), ("Ủy ban nhân dân các xã, phường", None)]   # the year names the tasks
    assert run("Người nộp thuế tự chịu trách nhiệm về tính chính xác của hồ sơ khai thuế.\n", "cong_van") == []


def test_a_request_made_with_respect_and_what_it_asks_them_to_say():
    text = ("Bộ Nội vụ trân trọng đề nghị Ban Tuyên giáo và Dân vận Trung ương, Bộ Văn hóa, Thể thao và Du lịch chỉ đạo "
            "các cơ quan thông tấn, báo chí định hướng thông tin đúng về chủ trương, cụ thể như sau:\n\n"
            "1. Trong thời gian qua, nước ta đã tiến hành cuộc cách mạng về sắp xếp tổ chức bộ máy.\n\n"
            "2. Hiện nay, Trung ương Đảng, Quốc hội, Chính phủ không có chủ trương tiếp tục sắp xếp đơn vị hành chính.\n")
    found = run(text, "cong_van", "Bộ Nội vụ")
    assert [(o["assignee"], o["basis"]) for o in found] == [
        ("Ban Tuyên giáo và Dân vận Trung ương", "requested"), ("Bộ Văn hóa, Thể thao và Du lịch", "requested")]


def test_functions_assigned_to_a_group_are_not_a_past_event():
    assert [o["assignee"] for o in run("Các sở, ban, ngành khẩn trương thực hiện đúng chức năng được giao.\n", "ke_hoach")] == [
        "Các sở, ban, ngành"]
    assert run("Các sở, ban, ngành đã thực hiện đúng chức năng được giao.\n", "ke_hoach") == []


def test_a_line_of_units_ending_in_a_semicolon_goes_on_to_the_verb():
    text = ("3. Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ;\nỦy ban nhân dân các tỉnh, thành phố trực thuộc trung "
            "ương và các cơ quan thanh\ntra căn cứ chức năng, nhiệm vụ được giao khẩn trương triển khai hiệu quả các "
            "nhiệm vụ nêu trên.\n")
    assert [o["assignee"] for o in run(text, "cong_dien", "Thủ tướng Chính phủ")] == [
        "Các bộ", "cơ quan ngang bộ", "cơ quan thuộc Chính phủ",   # one record per kind of body
        "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương", "các cơ quan thanh tra"]


def test_a_regulation_item_that_names_its_body_before_a_colon_is_its_duty():
    text = ("QUY ĐỊNH\n\nĐiều 3. Cơ cấu tổ chức\n\n1. Lãnh đạo: Sở Nội vụ có Giám đốc và các Phó Giám đốc.\n\n"
            "Điều 8. Tổng hợp, phân tích, dự báo giá thị trường\n\n1. Phân công nhiệm vụ tổng hợp, phân tích, dự báo "
            "giá thị trường:\n\na) Sở Tài chính:\n\nChủ trì tổng hợp, phân tích, dự báo giá thị trường.\n\n"
            "b) Sở Xây dựng: Tổng hợp,\nphân tích, dự báo giá thị trường đối với vật liệu xây dựng.\n\n"
            "c) Sở Y tế: Tổng hợp, phân tích, dự báo giá thị trường đối với dịch vụ y tế.\n")
    assert [o["assignee"] for o in run(text)] == ["Sở Tài chính", "Sở Xây dựng", "Sở Y tế"]
    assert [o["assignee"] for o in run(text, "thong_tu", "Bộ Tài chính")] == []   # a circular's rules: standing


def test_an_execution_clause_counts_whatever_its_article_is_called():
    text = ("THÔNG TƯ\n\nĐiều 11. Điều khoản thi hành\n\n1. Thông tư này có hiệu lực kể từ ngày ký.\n\n"
            "2. Thông tư này sửa đổi Điều 3 Thông tư 16/2014/TT-NHNN như sau: “Thủ trưởng các đơn vị thuộc Ngân hàng "
            "Nhà nước chịu trách nhiệm thi hành Quyết định này.”\n\n"
            "Điều 12. Trách nhiệm t ổ chức thực hiện\n\nThủ trưởng các đơn vị thuộc Ngân hàng Nhà nước Việt Nam, tổ "
            "chức, cá nhân có liên quan chịu trách nhiệm thi hành Thông tư này.\n")
    found = run(text, "thong_tu", "Ngân hàng Nhà nước Việt Nam")
    assert [o["assignee"] for o in found] == [
        "Thủ trưởng các đơn vị thuộc Ngân hàng Nhà nước Việt Nam", "tổ chức, cá nhân có liên quan"]


@pytest.mark.parametrize("text,units", [
    ("Giám đốc Sở Tài chính, tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành.",
     ["Giám đốc Sở Tài chính", "tổ chức, cá nhân có liên quan"]),
    ("Chủ tịch UBND các xã, phường, cơ quan, tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành.",
     ["Chủ tịch UBND các xã, phường", "cơ quan, tổ chức, cá nhân có liên quan"]),
    ("các sở, ban, ngành, cơ quan, tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành.",
     ["các sở, ban, ngành, cơ quan, tổ chức, cá nhân có liên quan"]),
    ("Người đứng đầu cơ quan, tổ chức, cá nhân chịu sự giám sát.", ["Người đứng đầu cơ quan, tổ chức, cá nhân"]),
])
def test_people_concerned_after_a_named_body_are_a_unit_of_their_own(text, units):
    assert read_units(text, 0)[1] == units


def test_the_request_to_report_difficulties_binds_in_any_article_of_a_regulation():
    text = ("QUY CHẾ\n\nĐiều 14. Quản lý hộp thư\n\nHộp thư điện tử được cấp cho mỗi cơ quan.\n\n"
            "Điều 15. Sửa đổi, bổ sung Quy chế\n\nTrong quá trình thực hiện Quy chế, nếu có khó khăn, vướng mắc, phát "
            "sinh cần sửa đổi, bổ sung, đề nghị các cơ quan, đơn vị kịp thời báo cáo về Sở Khoa học và Công nghệ để "
            "tổng hợp và tham mưu Ủy ban nhân dân tỉnh xem xét, điều chỉnh cho phù hợp./.\n")
    assert [o["assignee"] for o in run(text)] == ["các cơ quan, đơn vị", "Sở Khoa học và Công nghệ"]


@pytest.mark.parametrize("clause,units", [
    ("Sở Giao dịch Chứng khoán Việt Nam, Sở Giao dịch Chứng khoán Hà Nội, tổ chức niêm yết, tổ chức đăng ký giao "
     "dịch, công ty đại chúng và các tổ chức, cá nhân khác có liên quan chịu trách nhiệm thi hành Thông tư này.",
     ["Sở Giao dịch Chứng khoán Việt Nam", "Sở Giao dịch Chứng khoán Hà Nội", "tổ chức niêm yết",
      "tổ chức đăng ký giao dịch", "công ty đại chúng", "các tổ chức, cá nhân khác có liên quan"]),
    ("Chánh Văn phòng Bộ, Vụ trưởng Vụ Kế hoạch, Tài chính, Viện trưởng Viện Văn hoá, Nghệ thuật, Thể thao và Du "
     "lịch Việt Nam chịu trách nhiệm thi hành Quyết định này.",
     ["Chánh Văn phòng Bộ", "Vụ trưởng Vụ Kế hoạch, Tài chính",
      "Viện trưởng Viện Văn hoá, Nghệ thuật, Thể thao và Du lịch Việt Nam"]),
    ("Bộ trưởng, người đứng đầu cơ quan do Chính phủ, Thủ tướng Chính phủ thành lập và các cơ quan có liên quan "
     "chịu trách nhiệm thi hành Nghị định này.",
     ["Bộ trưởng", "người đứng đầu cơ quan do Chính phủ, Thủ tướng Chính phủ thành lập", "các cơ quan có liên quan"]),
])
def test_an_execution_clause_lists_named_bodies_and_kinds_of_bodies_one_by_one(clause, units):
    from extractors.addressees import execution_units
    assert execution_units(clause, 0, clause.index(" chịu")) == units


def test_the_new_wording_of_an_amended_provision_is_not_a_task():
    text = ("Điều 1. Sửa đổi, bổ sung một số điều của Nghị quyết số 25/2022/NQ-HĐND\n"
            "1. Sửa đổi, bổ sung điểm a, c khoản 1 Điều 3 như sau:\n"
            "a) Ưu tiên hỗ trợ cho các xã đặc biệt khó khăn, xã đạt dưới 15 tiêu chí.\n"
            "c) Ủy ban nhân dân thành phố căn cứ vào mục tiêu, nhiệm vụ thực hiện Chương trình để phân bổ vốn hằng "
            "năm cho các xã, phường.\n"
            "Điều 2. Tổ chức thực hiện\n"
            "1. Giao Ủy ban nhân dân thành phố triển khai thực hiện Nghị quyết.\n")
    assert who(run(text, "nghi_quyet", "Hội đồng nhân dân thành phố Huế")) == [("Ủy ban nhân dân thành phố", None)]


OVERDUE = """PHỤ LỤC I
TỔNG HỢP CÁC NHIỆM VỤ CHẬM MUỘN THEO VĂN BẢN ĐÔN ĐỐC
(Kèm theo Thông báo kết luận số 624/TB-VPCP ngày 16 tháng 11 năm 2025 của Văn phòng Chính phủ)

STT

Nhiệm vụ

Văn bản giao
nhiệm vụ

Cơ quan chủ trì
thực hiện

Thời hạn hoàn
thành

1.

Rà soát các quy định pháp luật để tháo gỡ kịp thời
các điểm nghẽn phục vụ hoạt động phát triển khoa học, công nghệ

Nghị quyết số 71/NQ-CP

Các bộ, ngành

30/06/2025

2.

Xây dựng Luật Thuế thu nhập cá nhân (thay thế)

Nghị quyết số 71/NQ-CP

Bộ Tài chính

31/05/2025
"""


def test_a_table_of_tasks_other_documents_assigned_gives_no_duty():
    body = ("2. Các bộ, ngành rà soát các nhiệm vụ chậm tiến độ tại Phụ lục kèm theo, hoàn thành trước ngày 25 "
            "tháng 11 năm 2025.\n\n")
    found = run(FILLER + body + OVERDUE, "thong_bao", "Văn phòng Chính phủ")
    assert who(found) == [("Các bộ, ngành", "2025-11-25")]
    products = OVERDUE.replace("Văn bản giao\nnhiệm vụ", "Sản phẩm")     # a table of this document's tasks
    assert [o["assignee"] for o in run(FILLER + body + products, "thong_bao", "Văn phòng Chính phủ")][1:] \
        == ["Các bộ, ngành", "Bộ Tài chính"]


RESOLUTION = """Điều 6. Cập nhật, công bố, kết nối, chia sẻ dữ liệu
Các cơ quan chủ quản cơ sở dữ liệu có trách nhiệm:
1. Tổ chức cập nhật kịp thời, đầy đủ thông tin trong cơ sở dữ liệu và công bố phạm vi thông tin được khai thác.
2. Hoàn thành việc rà soát, khắc phục sai sót, cập nhật dữ liệu trước ngày 01 tháng 01 năm 2026.
Điều 7. Quy trình tiếp nhận hồ sơ
1. Trường hợp hồ sơ nộp trực tuyến, người có thẩm quyền tiếp nhận phải có thông báo yêu cầu bổ sung hồ sơ.
2. Cá nhân, tổ chức nộp hồ sơ trực tuyến trước ngày 01 tháng 3 năm 2026 theo hướng dẫn.
Điều 8. Tổ chức thi hành
1. Văn phòng Chính phủ có trách nhiệm theo dõi, đôn đốc, kiểm tra việc thực hiện Nghị quyết này.
2. Bộ trưởng, Thủ trưởng cơ quan ngang bộ chịu trách nhiệm thi hành Nghị quyết này./.
"""


def test_a_normative_resolution_binds_through_its_carrying_out_article_and_its_dated_tasks():
    # "66.7/2025/NQ-CP": a Government resolution with the year in its number lays down rules like
    # a decree; in its other articles only a one-off task with its own date binds a unit, not an
    # undated standing duty, and not whoever applies ("Cá nhân, tổ chức …").
    head = Head("nghi_quyet", "Chính phủ", "2025-11-15")
    head.number = "66.7/2025/NQ-CP"
    found = extract_obligations(RESOLUTION, head, extract_deadlines(RESOLUTION, head.issued_on))
    assert who(found) == [("Các cơ quan chủ quản cơ sở dữ liệu", "2026-01-01"), ("Văn phòng Chính phủ", None),
                          ("Bộ trưởng", None), ("Thủ trưởng cơ quan ngang bộ", None)]
    head.number = "66/NQ-CP"                              # a resolution that is no rule: every duty
    found = extract_obligations(RESOLUTION, head, extract_deadlines(RESOLUTION, head.issued_on))
    assert ("Các cơ quan chủ quản cơ sở dữ liệu", None) in who(found)


def test_a_unit_qualified_by_what_it_has_done_and_a_topic_that_is_no_task():
    text = ("Điều 8. Điều khoản chuyển tiếp\n"
            "1. Đối với các đơn vị hành chính cấp xã đã được công nhận là xã đảo trước thời điểm Quyết định này "
            "có hiệu lực thì người dân được áp dụng các chế độ, chính sách như đối với xã đảo.\n"
            "2. Đối với các bộ, cơ quan ngang bộ đã triển khai mạng dùng riêng có trách nhiệm duy trì mạng dùng "
            "riêng bảo đảm hoạt động liên tục; trước ngày 31 tháng 12 năm 2025 thống nhất với Bộ Khoa học và Công "
            "nghệ kế hoạch chuyển đổi.\n")
    found = run(text, "quyet_dinh", "Thủ tướng Chính phủ")
    assert who(found) == [("các bộ", "2025-12-31"), ("cơ quan ngang bộ", "2025-12-31")]
    assert found[0]["action"].startswith("duy trì mạng dùng riêng")


def test_a_copy_list_headed_with_a_split_word_is_no_task():
    # vbpl copies may split a word ("Nơi nh ận:"): the list that follows is still the copies.
    text = FILLER + ("Điều 5. Trách nhiệm thi hành\nBộ trưởng, Thủ trưởng cơ quan ngang bộ chịu trách nhiệm thi "
                     "hành Nghị định này.\nNơi nh ận:\n- Ban Bí thư Trung ương Đảng;\n- HĐND, UBND các t ỉnh, thành "
                     "phố trực thuộc trung ương;\n- Văn phòng Trung ương và các Ban c ủa Đảng;\n")
    assert who(run(text, "nghi_dinh", "Chính phủ")) == [("Bộ trưởng", None), ("Thủ trưởng cơ quan ngang bộ", None)]


def test_a_short_item_without_a_verb_is_a_table_cell_not_a_task():
    # underthesea tags the few words of a candidate: "Số thành viên đoàn" has no verb.
    text = ("Điều 3. Trách nhiệm thực hiện\n1. Trung tâm Chuyển đổi số có trách nhiệm:\na) Số thành viên đoàn;\n"
            "b) Tổng hợp, báo cáo kết quả thực hiện Quyết định này.\n")
    assert [o["action"] for o in run(text)] == ["Tổng hợp, báo cáo kết quả thực hiện Quyết định này"]


def test_the_forms_annexed_to_a_rule_set_are_not_its_articles():
    rules = ("QUY CHẾ\nQuản lý việc đi công tác nước ngoài\n(Ban hành kèm theo Thông tư số 25/2025/TT-BGDĐT)\n"
             "Điều 12. Trách nhiệm của các đơn vị, cá nhân liên quan trong việc cử đoàn ra\n"
             "1. Cục Hợp tác quốc tế chủ trì hướng dẫn, kiểm tra việc thực hiện Quy chế này.\n"
             "Phụ lục I\nCÔNG VĂN CỬ ĐOÀN ĐI CÔNG TÁC NƯỚC NGOÀI\nBỘ GIÁO DỤC VÀ ĐÀO TẠO\n"
             "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nKính gửi: Bộ Giáo dục và Đào tạo (Cục Hợp tác quốc tế)\n"
             "Tên đoàn ra: ghi rõ tên đoàn công tác và nội dung làm việc\nMục đích chuyến đi\n")
    text = FILLER + "Điều 3. Chánh Văn phòng chịu trách nhiệm thi hành Thông tư này./.\nNơi nhận:\n- Như Điều 3;\n" + rules
    assert [o["assignee"] for o in run(text, "thong_tu", "Bộ Giáo dục và Đào tạo")] == [
        "Chánh Văn phòng", "Cục Hợp tác quốc tế"]
