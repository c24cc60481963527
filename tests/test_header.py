"""Header extraction: one table row per form seen in real documents."""
from __future__ import annotations

import pytest

from extractors import extract_header
from extractors.normalize import normalize


def header(text: str):
    return extract_header(normalize(text))


NUMBER_ROWS = [
    ("Số: 302/PTNT-KTHT\nV/v Giải trình", "302/PTNT-KTHT"),
    ("ỦY BAN NHÂN DÂN\nHUYỆN KBANG\nSố: 298 /BC-UBND", "298/BC-UBND"),
    ("Số: **878**/UBND-NNTN", "878/UBND-NNTN"),
    ("Số:\n5664/CT-CS\nV/v chính sách thuế", "5664/CT-CS"),
    ("QUỐC HỘI\nLuật số: 101/2025/QH15", "101/2025/QH15"),
    ("Nghị quyết số: 105/2025/UBTVQH15", "105/2025/UBTVQH15"),
    ("Số: 30/2017/NQ-HĐND", "30/2017/NQ-HĐND"),
    ("Số: 66.12/2026/NQ-CP", "66.12/2026/NQ-CP"),
    ("Số: 12/QĐ–UBND", "12/QĐ-UBND"),
    ("HUYỆN KBANG Số: 298/BC-UBND Kbang, ngày 04 tháng 9 năm 2020", "298/BC-UBND"),
    # e-office export: the number is stamped at signing time, the body leaves it blank
    ("Số: /2025/TT-BNNMT\nHà Nội, ngày 31 tháng 12 năm 2025", None),
    # a number cited in the body of a news article is not the document's own
    ("Tình hình OCOP\n\nTheo Công văn số 780/UBND-KT ngày 17/5/2021 của UBND tỉnh.", None),
]


@pytest.mark.parametrize("text,expected", NUMBER_ROWS, ids=[r[0][:30] for r in NUMBER_ROWS])
def test_number(text, expected):
    assert header(text).number == expected


DATE_ROWS = [
    ("Quảng Trị, ngày 28 tháng 7 năm 2021", "Quảng Trị", "2021-07-28"),
    ("Quảng Ngãi, ngày **05** tháng 3 năm 2020", "Quảng Ngãi", "2020-03-05"),
    ("Hà Nội, ngày 16\ntháng 11 năm 2025", "Hà Nội", "2025-11-16"),
    ("Đồng Tháp,\nngày 19 tháng 11 năm 2025", "Đồng Tháp", "2025-11-19"),
    ("Hà Nội ngày 01\ntháng 12 năm 2025", "Hà Nội", "2025-12-01"),
    ("TP. Hồ Chí Minh, ngày 3 tháng 2 năm 2024", "TP. Hồ Chí Minh", "2024-02-03"),
    ("Hà N ội, ngày 25 tháng 12 năm 2025", "Hà Nội", "2025-12-25"),
    ("Quảng\nTrị, ngày 27 tháng 11 năm 2025", "Quảng Trị", "2025-11-27"),
    ("Hà Nội, ngày    tháng 3 năm 2020", "Hà Nội", None),        # day left for the signing stamp
    ("Kbang, ngày 31 tháng 2 năm 2020", "Kbang", None),            # impossible date
]


@pytest.mark.parametrize("text,place,iso", DATE_ROWS, ids=[r[0][:30] for r in DATE_ROWS])
def test_place_and_date(text, place, iso):
    h = header("Số: 1/UBND-VP\n" + text)
    assert (h.place, h.issued_on) == (place, iso)


def test_law_is_dated_by_its_adoption():
    h = header("QUỐC HỘI\nLuật số: 101/2025/QH15\nLUẬT\nPHÒNG, CHỐNG MA TÚY\nCăn cứ Hiến pháp;\n"
               "Luật này được Quốc hội khóa XV, Kỳ họp thứ 10 thông qua ngày 26 tháng 11 năm 2025.")
    assert (h.doc_type, h.issued_on, h.place) == ("luat", "2025-11-26", None)


ISSUER_ROWS = [
    ("ỦY BAN NHÂN DÂN\nHUYỆN KBANG\nSố: 298 /BC-UBND", "Ủy ban nhân dân huyện Kbang", None),
    ("BỘ TÀI CHÍNH\nCỤC THUẾ\n-------\nSố: 5664/CT-CS", "Cục Thuế", "Bộ Tài chính"),
    ("THỦ TƯỚNG CHÍNH\nPHỦ\n-------\nCỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM\nSố: 217/CĐ-TTg",
     "Thủ tướng Chính phủ", None),
    ("NGÂN HÀNG NHÀ NƯỚC\nVIỆT NAM\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 72/2025/TT-NHNN",
     "Ngân hàng Nhà nước Việt Nam", None),
    ("ỦY\nBAN NHÂN DÂN\nTỈNH QUẢNG TRỊ\nSố: 2828/QĐ-UBND", "Ủy ban nhân dân tỉnh Quảng Trị", None),
    ("VĂN PHÒNG\nCHÍNH PHỦ\n-------\nSố: 11520/VPCP-CN", "Văn phòng Chính phủ", None),
    ("UỶ BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH QUẢNG NGÃI Độc lập - Tự do - Hạnh phúc\n"
     "Số: 12/QĐ-UBND", "Uỷ ban nhân dân tỉnh Quảng Ngãi", None),
    ("SỞ NÔNG NGHIỆP VÀ PTNT\nCHI CỤC PHÁT TRIỂN NÔNG THÔN\nSố: 302/PTNT-KTHT",
     "Chi cục Phát triển nông thôn", "Sở Nông nghiệp và PTNT"),
]


@pytest.mark.parametrize("text,issuer,parent", ISSUER_ROWS, ids=[r[1] for r in ISSUER_ROWS])
def test_issuer_from_header_lines(text, issuer, parent):
    h = header(text)
    assert (h.issuer, h.parent_issuer, h.issuer_source) == (issuer, parent, "header")


def test_issuer_inferred_from_symbol_when_header_is_missing():
    h = header("Số: 78/BC-SNN\n\nQuảng Trị, ngày 28 tháng 3 năm 2019\n\nBÁO CÁO\nKết quả\n\n"
               "Sở Nông nghiệp và PTNT báo cáo UBND tỉnh chỉ đạo thực hiện./.")
    assert h.issuer == "Sở Nông nghiệp và Phát triển nông thôn"
    assert h.parent_issuer == "Ủy ban nhân dân tỉnh Quảng Trị"
    assert h.issuer_source == "inferred"


def test_issuer_not_inferred_without_confirmation_in_text():
    # SNN is in the symbol, but nothing in the text names the department: leave it null.
    h = header("Số: 78/BC-SNN\n\nQuảng Trị, ngày 28 tháng 3 năm 2019\n\nBÁO CÁO\nKết quả")
    assert h.issuer is None


def test_ubnd_level_comes_from_the_province_in_the_place_line():
    h = header("Số: 878/UBND-NNTN\n\nQuảng Ngãi, ngày 05 tháng 3 năm 2020\n\nV/v đẩy nhanh\n\n"
               "Chủ tịch UBND tỉnh có ý kiến như sau:")
    assert h.issuer == "Ủy ban nhân dân tỉnh Quảng Ngãi"


TYPE_ROWS = [
    ("Số: 298/BC-UBND\n\nBÁO CÁO\nTiến độ", "bao_cao"),
    ("Số: 308/2025/NĐ-CP\n\nNGHỊ\nĐỊNH\n\nQUY ĐỊNH CHI TIẾT", "nghi_dinh"),
    ("Số: 878/UBND-NNTN\nV/v đẩy nhanh", "cong_van"),
    ("Số: 5253/CT-CS\nV/v chính sách thuế", "cong_van"),            # CT = Cục Thuế, not chỉ thị
    ("Số: 05/CT-UBND\n\nCHỈ THỊ\nVề việc tăng cường", "chi_thi"),
    ("Số: 217/CĐ-TTg\n\nCÔNG ĐIỆN\nV/V CHỦ ĐỘNG PHÒNG, TRÁNH", "cong_dien"),
    ("Số: 57/VBHN-BCT\n\nTHÔNG TƯ\nQuy định", "other"),                # consolidated text
    ("Luật số: 45/2019/QH14\n\nLUẬT\nTHI ĐUA, KHEN THƯỞNG", "luat"),
    ("Số: 12/TTr-UBND\n\nTỜ TRÌNH\nVề việc", "to_trinh"),
    ("Tình hình triển khai OCOP\n\nVừa qua, Sở đã đánh giá.", "other"),
]


@pytest.mark.parametrize("text,doc_type", TYPE_ROWS, ids=[r[1] + ":" + r[0][:20] for r in TYPE_ROWS])
def test_doc_type(text, doc_type):
    assert header(text).doc_type == doc_type


SUBJECT_ROWS = [
    ("Số: 1/UBND-NNTN\nV/v đẩy nhanh tiến độ triển\nkhai thực hiện Chương trình\nOCOP trên địa bàn tỉnh\n\n"
     "Kính gửi: Sở Tài chính", "đẩy nhanh tiến độ triển khai thực hiện Chương trình OCOP trên địa bàn tỉnh"),
    ("Số: 39365/CHQ-GSQL\nV/v nhập khẩu hàng\nhóa\n\nHà Nội, ngày 02 tháng 12 năm 2025", "nhập khẩu hàng hóa"),
    ("Số: 78/BC-SNN\n\nBÁO CÁO\n\nKết quả triển khai chương trình\n\nThực hiện Quyết định",
     "Kết quả triển khai chương trình"),
    ("Số: 1521/QĐ-UBND\nQUYẾT ĐỊNH\nVỀ VIỆC CHUẨN HÓA DANH MỤC THỦ TỤC\nTRÊN ĐỊA BÀN TỈNH BẮC NINH\n"
     "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẮC NINH\nCăn cứ Luật", "Về việc chuẩn hóa danh mục thủ tục trên địa bàn tỉnh Bắc Ninh"),
    ("Số: 165/KH-UBND\n\nKẾ HOẠCH\n\nTHỰC HIỆN CHỈ THỊ SỐ 27/CT-TTG NGÀY 15 THÁNG 8 NĂM 2024\n\nThực hiện Chỉ thị",
     "Thực hiện chỉ thị số 27/CT-TTG ngày 15 tháng 8 năm 2024"),
    ("Số: 1/BC-UBND\nBÁO CÁO\nTiến độ *thực hiện* Chương trình OCOP\n\nThực hiện", "Tiến độ thực hiện Chương trình OCOP"),
]


@pytest.mark.parametrize("text,subject", SUBJECT_ROWS, ids=[r[1][:30] for r in SUBJECT_ROWS])
def test_subject(text, subject):
    assert header(text).subject == subject


RECIPIENT_ROWS = [
    ("Kính gửi: Sở Kế hoạch và Đầu tư tỉnh Quảng Trị\n\nThực hiện", ["Sở Kế hoạch và Đầu tư tỉnh Quảng Trị"]),
    ("Kính gửi:\n\n- Các Sở: Tài chính, Văn hóa, Thể thao và Du lịch, Y tế;\n- UBND các huyện, thành phố;\n\nThực hiện",
     ["Sở Tài chính", "Sở Văn hóa, Thể thao và Du lịch", "Sở Y tế", "UBND các huyện, thành phố"]),
    ("Kính\ngửi: Công ty TNHH\nTokokosen.\n(Địa chỉ: Phòng 11.05)\nTrả lời công văn", ["Công ty TNHH Tokokosen"]),
    ("Kính gửi: Ông Thái Mạnh\nCường\nCục Thuế nhận được\nđơn phản ánh của ông", ["Ông Thái Mạnh Cường"]),
    ("Kính gửi: Bộ trưởng\nBộ Công Thương\nXét đề nghị của Bộ", ["Bộ trưởng Bộ Công Thương"]),
]


@pytest.mark.parametrize("text,expected", RECIPIENT_ROWS, ids=[r[1][0][:25] for r in RECIPIENT_ROWS])
def test_recipients(text, expected):
    assert header("Số: 1/UBND-VP\nV/v việc\n\n" + text).recipients == expected


def test_cc_lines_as_printed_and_noi_nhan_misspelled():
    text = ("Số: 1/BC-UBND\n\nBÁO CÁO\nX\n\nNội dung./.\n\nNoi nhận:\n\n- Sở Nông nghiệp và PTNT tỉnh;\n"
            "- TT UBND huyện;\n- Lưu VT, VP, TH.\n\nTM. ỦY BAN NHÂN DÂN HUYỆN\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n\n"
            "Nguyễn Văn Dũng")
    h = header(text)
    assert h.cc == ["Sở Nông nghiệp và PTNT tỉnh", "TT UBND huyện", "Lưu VT, VP, TH"]
    assert h.signer["name"] == "Nguyễn Văn Dũng"
    assert h.signer["title"] == "Phó Chủ tịch"
    assert h.signer["authority"] == "KT. Chủ tịch"
    assert h.signer["authorities"] == ["KT. Chủ tịch", "TM. Ủy ban nhân dân huyện"]


SIGNER_ROWS = [
    ("KT.GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\nTrần Thanh Hiền", ("Trần Thanh Hiền", "Phó Giám đốc", "KT. Giám đốc")),
    ("KT. THỐNG ĐỐC\nPHÓ THỐNG ĐỐC\n(Đã ký)\nĐoàn Thái Sơn\nPHỤ LỤC I\nMẪU VĂN BẢN",
     ("Đoàn Thái Sơn", "Phó Thống đốc", "KT. Thống đốc")),
    ("BỘ TRƯỞNG\n(Đã ký)\nĐại tướng Lương Tam Quang", ("Lương Tam Quang", "Bộ trưởng", None)),
    ("CHỦ TỊCH\nLê Trường Lưu", ("Lê Trường Lưu", "Chủ tịch", None)),
    ("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn\nVăn Khởi\n\nDANH MỤC THỦ TỤC", ("Nguyễn Văn Khởi", "Phó Chủ tịch", "KT. Chủ tịch")),
    ("TL. CỤC TRƯỞNG\nKT. TRƯỞNG BAN CHÍNH SÁCH,\nTHUẾ QUỐC TẾ\nPHÓ TRƯỞNG BAN\nPhạm Thị Minh Hiền",
     ("Phạm Thị Minh Hiền", "Phó Trưởng ban", "KT. Trưởng ban chính sách, thuế quốc tế")),
    ("Hoàng Minh Trí", ("Hoàng Minh Trí", None, None)),
]


@pytest.mark.parametrize("tail,expected", SIGNER_ROWS, ids=[r[1][0] for r in SIGNER_ROWS])
def test_signer(tail, expected):
    h = header("Số: 1/BC-UBND\n\nBÁO CÁO\nX\n\nThực hiện nội dung trên./.\n\n" + tail)
    s = h.signer
    assert (s["name"], s["title"], s["authority"]) == expected


def test_news_article_has_no_signer_and_its_headline_is_the_subject():
    h = header("Tình hình triển khai thực hiện chương trình OCOP\n\nVừa qua, Sở Nông nghiệp và PTNT đã đánh giá.\n\n"
               "Tiếp tục triển khai thực hiện Chương trình OCOP năm 2022")
    assert (h.doc_type, h.number, h.signer["name"]) == ("other", None, None)
    assert h.subject == "Tình hình triển khai thực hiện chương trình OCOP"


@pytest.mark.parametrize("mark,field,value", [("KHẨN", "urgency", "khẩn"), ("HỎA TỐC", "urgency", "hỏa tốc"),
                                              ("THƯỢNG KHẨN", "urgency", "thượng khẩn"),
                                              ("MẬT", "secrecy", "mật"), ("TỐI MẬT", "secrecy", "tối mật")])
def test_urgency_and_secrecy_marks(mark, field, value):
    h = header(f"ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 12/UBND-VP\n{mark}\nV/v việc")
    assert getattr(h, field) == value
    assert h.issuer == "Ủy ban nhân dân tỉnh Quảng Ngãi"


def test_spans_point_at_the_values():
    text = normalize("ỦY BAN NHÂN DÂN\nHUYỆN KBANG\nSố: 298/BC-UBND\n\nKbang, ngày 04 tháng 9 năm 2020\n\n"
                     "BÁO CÁO\nTiến độ thực hiện\n\nThực hiện Công văn.")
    spans = extract_header(text).spans()
    assert text[slice(*spans["number"])] == "298/BC-UBND"
    assert text[slice(*spans["issued_on"])] == "04 tháng 9 năm 2020"
    assert text[slice(*spans["place"])] == "Kbang"
    assert text[slice(*spans["subject"])] == "Tiến độ thực hiện"
