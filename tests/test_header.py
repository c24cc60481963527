"""Header extraction: one table row per form seen in real documents."""
from __future__ import annotations

import pytest

from extractors import extract_header, lexicon
from extractors.normalize import normalize
from extractors.lines import close_gaps
from extractors.recipients import distribute
from extractors.signer import is_name


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
    # stray spaces inside the label or the digits (vbpl copies)
    ("S ố: 309/2025/NĐ-CP", "309/2025/NĐ-CP"),
    ("Số: 2 95 /2025/NĐ-CP", "295/2025/NĐ-CP"),
    ("Luật số: 120 /202 5 /QH1 5", "120/2025/QH15"),
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
    # a province-level place wrapped with its city prefix, or sharing its line with the number
    ("Thành phố Hồ Chí\nMinh, ngày 21 tháng 11 năm 2025", "Thành phố Hồ Chí Minh", "2025-11-21"),
    ("Thành phố Huế, ngày 27 tháng 11 năm 2025", "Thành phố Huế", "2025-11-27"),
    ("TP. Hồ\nChí Minh, ngày 3 tháng 2 năm 2024", "TP. Hồ Chí Minh", "2024-02-03"),
    ("VĂN PHÒNG CHÍNH PHỦ Hà Nội, ngày 05 tháng 04 năm 2019", "Hà Nội", "2019-04-05"),
    # stray spaces inside the words and the year (vbpl copies)
    ("Hà N ội, ng ày 31 tháng 12 năm 2025", "Hà Nội", "2025-12-31"),
    ("Hà Nội, ngày 13 tháng 02 năm 20 26", "Hà Nội", "2026-02-13"),
]


def test_a_date_cited_in_the_title_is_not_the_date_line():
    # the header's year is split; the title cites "…/NĐ-CP" / "ngày 19 tháng 01 năm 2005"
    h = header("CHÍNH PHỦ\nSố: 62/2026/NĐ-CP\nHà Nội, ngày 13 tháng 02 năm 20 26\nNGHỊ ĐỊNH\n"
               "Sửa đổi, bổ sung một số điều của Nghị định số 06/2005/NĐ-CP\nngày 19 tháng 01 năm 2005 của Chính phủ")
    assert (h.place, h.issued_on) == ("Hà Nội", "2026-02-13")
    h = header("CHÍNH PHỦ\nSố: 62/2026/NĐ-CP\nNGHỊ ĐỊNH\n"
               "Sửa đổi, bổ sung một số điều của Nghị định số 06/2005/NĐ-CP\nngày 19 tháng 01 năm 2005 của Chính phủ")
    assert (h.place, h.issued_on) == (None, None)


@pytest.mark.parametrize("text,place,iso", DATE_ROWS, ids=[r[0][:30] for r in DATE_ROWS])
def test_place_and_date(text, place, iso):
    h = header("Số: 1/UBND-VP\n" + text)
    assert (h.place, h.issued_on) == (place, iso)


def test_place_on_the_number_line():
    h = header("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH\nSố: 12/QĐ-UBND TP. Hồ Chí\nMinh, ngày 21 tháng 11 năm 2025\n"
               "QUYẾT ĐỊNH\nVề việc X\nCăn cứ Luật")
    assert (h.number, h.place, h.issued_on) == ("12/QĐ-UBND", "TP. Hồ Chí Minh", "2025-11-21")


def test_law_is_dated_by_its_adoption():
    h = header("QUỐC HỘI\nLuật số: 101/2025/QH15\nLUẬT\nPHÒNG, CHỐNG MA TÚY\nCăn cứ Hiến pháp;\n"
               "Luật này được Quốc hội khóa XV, Kỳ họp thứ 10 thông qua ngày 26 tháng 11 năm 2025.")
    assert (h.doc_type, h.issued_on, h.place) == ("luat", "2025-11-26", None)


@pytest.mark.parametrize("text,iso", [
    # vbpl copies put a stray space inside the digits of the day, the month and the year
    ("CHÍNH PHỦ\nSố: 2 95 /2025/NĐ-CP\nHà Nội, ngày 1 5 tháng 1 1 năm 2025\nNGHỊ ĐỊNH\nQuy định X\nCăn cứ Luật",
     "2025-11-15"),
    ("QUỐC HỘI\nLuật số: 128/2025/QH15\nLUẬT\nTHI HÀNH TẠM GIỮ\nCăn cứ Hiến pháp;\n"
     "L uật này được Quốc hội khoá X V , Kỳ họp thứ 10 thông qua ngày 10 tháng 1 2 năm 20 25 .", "2025-12-10"),
    ("ỦY BAN THƯỜNG VỤ QUỐC HỘI\nNghị quyết số: 105/2025/UBTVQH15\nNGHỊ QUYẾT\nCHƯƠNG TRÌNH LẬP PHÁP NĂM 2026\n"
     "Căn cứ Hiến pháp;\nNghị quyết này được Ủy ban Thường vụ Quốc hội khóa XV thông qua tại Phiên họp thứ 49 "
     "ngày 26 tháng 9 năm 2025.", "2025-09-26"),
], ids=["spaced-day-and-month", "spaced-adoption-date", "adopted-at-a-sitting"])
def test_spaced_digits_and_sittings_still_date_the_document(text, iso):
    assert header(text).issued_on == iso


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
    # "tỉnh" misread in OCR'd copies; "Hà Tĩnh" stays itself
    ("ỦY BAN NHÂN DÂN\nTĨNH QUẢNG NGÃI\nSố: 12/QĐ-UBND", "Ủy ban nhân dân tỉnh Quảng Ngãi", None),
    ("ỦY BAN NHÂN DÂN\nTÍNH QUẢNG NGÃI\nSố: 53/TB-UBND", "Ủy ban nhân dân tỉnh Quảng Ngãi", None),
    ("ỦY BAN NHÂN DÂN\nTỈNH HÀ TĨNH\nSố: 12/QĐ-UBND", "Ủy ban nhân dân tỉnh Hà Tĩnh", None),
    # stray spaces inside words (vbpl copies), a misprinted quốc hiệu
    ("B Ộ KHOA HỌC V À CÔNG NGH Ệ\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nS ố: 54/2025/TT-BKHCN",
     "Bộ Khoa học và Công nghệ", None),
    ("CH Í NH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 62/2026/NĐ-CP", "Chính phủ", None),
    ("QU Ố C H Ộ I\nLuật số: 120/2025/QH15", "Quốc hội", None),
    ("BỘ VĂN HÓA, T HỂ THAO VÀ DU LỊCH\nSố: 16/2025/TT-BVHTTDL", "Bộ Văn hóa, Thể thao và Du lịch", None),
    ("THANH TRA CHÍNH PHỦ\nCỘNG HOÀ XÃ HỘI CHỦ NCHĨA VIỆT NAM\nSố: 07/2025/TT-TTCP", "Thanh tra Chính phủ", None),
    # an office that issues in its own name, its line wrapped inside the name
    ("CHỦ TỊCH ỦY\nBAN NHÂN DÂN\nTỈNH ĐỒNG THÁP\n--------\nSố: 144/2025/QĐ-CTUBND",
     "Chủ tịch Ủy ban nhân dân tỉnh Đồng Tháp", None),
]


@pytest.mark.parametrize("text,issuer,parent", ISSUER_ROWS, ids=[r[1] for r in ISSUER_ROWS])
def test_issuer_from_header_lines(text, issuer, parent):
    h = header(text)
    assert (h.issuer, h.parent_issuer, h.issuer_source) == (issuer, parent, "header")


GAP_ROWS = [
    ("B Ộ KHOA HỌC V À CÔNG NGH Ệ", "BỘ KHOA HỌC VÀ CÔNG NGHỆ"),
    ("CH Í NH PHỦ", "CHÍNH PHỦ"),
    ("QU Ố C H Ộ I", "QUỐC HỘI"),
    ("BỘ VĂN HÓA, T HỂ THAO VÀ DU LỊCH", "BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH"),
    # abbreviations and one-letter words stay apart
    ("SỞ NN VÀ PTNT", "SỞ NN VÀ PTNT"),
    ("UBND TỈNH QUẢNG NGÃI", "UBND TỈNH QUẢNG NGÃI"),
    ("VÀ Y TẾ", "VÀ Y TẾ"),
    ("TP. HỒ CHÍ MINH", "TP. HỒ CHÍ MINH"),
]


@pytest.mark.parametrize("printed,whole", GAP_ROWS, ids=[r[0] for r in GAP_ROWS])
def test_stray_spaces_inside_header_words_are_closed(printed, whole):
    assert close_gaps(printed) == whole


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
    # no type name read, a "V/v" line: the symbol's type code decides when it cannot be a
    # công văn's issuer code
    ("Số: 217/CĐ-TTg\nV/v chủ động phòng, tránh mưa lũ", "cong_dien"),
    ("Số: 16/CT-TTg\nV/v tăng cường công tác", "chi_thi"),
    ("Số: 5253/CT-CS\nV/v chính sách thuế", "cong_van"),
    ("Số: 32/CT-TTg\nCHỈ THỊ Về tăng cường công tác bảo vệ bí mật nhà nước\nThời gian qua", "chi_thi"),
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
    # a title line that ends "CỦA" goes on over the authority's name
    ("Số: 165/KH-UBND\n\nKẾ HOẠCH\n\nTHỰC HIỆN CHỈ THỊ SỐ 27/CT-TTG NGÀY 15 THÁNG 8 NĂM 2024 CỦA\n"
     "THỦ TƯỚNG CHÍNH PHỦ VỀ VIỆC TĂNG CƯỜNG CÔNG TÁC DÂN SỐ\n\nThực hiện Chỉ thị",
     "Thực hiện chỉ thị số 27/CT-TTG ngày 15 tháng 8 năm 2024 của Thủ tướng Chính phủ về việc tăng cường "
     "công tác dân số"),
    # the subject of a nghị quyết / công điện / chỉ thị on the line after the type name
    ("Số: 12/NQ-HĐND\n\nNGHỊ QUYẾT\n\nVề việc thông qua kế hoạch\n\nHỘI ĐỒNG NHÂN DÂN TỈNH X\nCăn cứ",
     "Về việc thông qua kế hoạch"),
    ("Số: 229/CĐ-TTg\nCÔNG ĐIỆN\nVỀ KHẨN TRƯƠNG TRIỂN KHAI CÁC ĐỢT THI ĐUA CAO ĐIỂM TẠO ĐÀ CHO NHỮNG NĂM TIẾP\n"
     "THEO\nTHỦ TƯỚNG CHÍNH PHỦ điện:\n- Bộ trưởng;",
     "Về khẩn trương triển khai các đợt thi đua cao điểm tạo đà cho những năm tiếp theo"),
    ("Số: 32/CT-TTg\nCHỈ THỊ\nVề tăng cường công tác bảo vệ bí mật nhà nước\n\nThời gian qua, công tác",
     "Về tăng cường công tác bảo vệ bí mật nhà nước"),
    ("Số: 32/CT-TTg\nCHỈ THỊ Về tăng cường công tác bảo vệ bí mật nhà nước\nThời gian qua, công tác",
     "Về tăng cường công tác bảo vệ bí mật nhà nước"),
    ("Số: 1/TB-VPCP\nTHÔNG BÁO Kết luận của Phó Thủ tướng tại buổi làm việc\nNgày 18 tháng 11",
     "Kết luận của Phó Thủ tướng tại buổi làm việc"),
    # a capitalised subject, then the body in normal case with no blank line
    ("Số: 648/TB-VPCP\nTHÔNG BÁO\nKẾT LUẬN CỦA PHÓ THỦ TƯỚNG TẠI BUỔI LÀM VIỆC\nTrong các ngày 08 và 09 tháng 11",
     "Kết luận của phó Thủ tướng tại buổi làm việc"),
    ("Số: 13/2026/TT-BQP\nTHÔNG TƯ\nQuy định chi tiết và hướng dẫn thi hành\nmột số điều của Luật Hóa chất\n"
     "C ăn cứ Luật Hóa chất số 69/2025/QH15;", "Quy định chi tiết và hướng dẫn thi hành một số điều của Luật Hóa chất"),
    # the quốc hiệu inside a title does not end it; a type name with a stray space (vbpl)
    ("Số: 06/2026/TT-BCT\nTHÔNG TƯ\nQuy định về hạn ngạch thuế quan giữa Chính phủ nước Cộng hòa Xã hội Chủ nghĩa "
     "Việt Nam và Chính phủ Vương quốc Campuchia\n____________\nCăn cứ Luật",
     "Quy định về hạn ngạch thuế quan giữa Chính phủ nước Cộng hòa Xã hội Chủ nghĩa Việt Nam và Chính phủ "
     "Vương quốc Campuchia"),
    ("Số: 34/2026/NĐ-CP\nN GHỊ ĐỊNH\nSửa đổi, bổ sung một số điều của Nghị định số 178/2025/NĐ-CP\n____\nCăn cứ",
     "Sửa đổi, bổ sung một số điều của Nghị định số 178/2025/NĐ-CP"),
    ("Số: 144/KH-UBND\nKẾ HOẠCH\n\nPHÁT TRIỂN KINH TẾ SỐ GIAI ĐOẠN\n2026 - 2030\n\nCăn cứ",
     "Phát triển kinh tế số giai đoạn 2026 - 2030"),
    # the date column beside or between the "V/v" lines
    ("Số: 878/UBND-NNTN\nV/v đẩy nhanh tiến độ Quảng Ngãi, ngày 05 tháng 3 năm 2020\n\nKính gửi: Sở Tài chính",
     "đẩy nhanh tiến độ"),
    ("Số: 878/UBND-NNTN\nV/v đẩy nhanh tiến độ\nQuảng Ngãi, ngày 05 tháng 3 năm 2020\ntriển khai Chương trình OCOP\n\n"
     "Kính gửi: Sở Tài chính", "đẩy nhanh tiến độ triển khai Chương trình OCOP"),
    ("Số: 302/PTNT-KTHT\nV/v giải trình một số nội dung\nĐộc lập - Tự do - Hạnh phúc\nthực hiện Kế hoạch OCOP\n\n"
     "Quảng Trị, ngày 28 tháng 7 năm 2021", "giải trình một số nội dung thực hiện Kế hoạch OCOP"),
    # a flattened header: "V/v" on the number's line
    ("Số: 2739/VPCP-ĐMDN V/v quy định về quản trị doanh nghiệp\nHà Nội, ngày 05 tháng 04 năm 2019",
     "quy định về quản trị doanh nghiệp"),
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
    # the first addressee on the line after "Kính gửi:", wrapped, then distributed
    ("Kính gửi:\n\nChủ tịch Ủy ban nhân dân các tỉnh: Hưng Yên, Ninh\nBình, Bắc Ninh.\n\nXét báo cáo",
     ["Chủ tịch Ủy ban nhân dân tỉnh Hưng Yên", "Chủ tịch Ủy ban nhân dân tỉnh Ninh Bình",
      "Chủ tịch Ủy ban nhân dân tỉnh Bắc Ninh"]),
    ("Kính gửi:\nCông ty TNHH Sunny Automotive Vina.\n(Đ/c: Lô CN06, KCN Bình Xuyên II)\nCục Hải quan nhận được",
     ["Công ty TNHH Sunny Automotive Vina"]),
    # the body's first paragraph follows without a blank line; an address is left out
    ("Kính gửi: Thuế tỉnh Ninh Bình\nCục Thuế nhận được công văn số 2313/NBI-QLDN1\nngày 13/9/2025 của Thuế tỉnh",
     ["Thuế tỉnh Ninh Bình"]),
    ("Kính gửi: Thuế\ntỉnh Quảng Ninh\nCục Thuế nhận được công văn số 1108/QNI-QLDN2 ngày\n22/9/2025",
     ["Thuế tỉnh Quảng Ninh"]),
    ("Kính gửi: Bà Huỳnh Thị Mỹ Hằng\n(Địa chỉ: 33 Hai Bà Trưng, Phường Nghĩa Lộ;\nSố ĐT: 0971171792)\nCục Thuế",
     ["Bà Huỳnh Thị Mỹ Hằng"]),
    # an inline list over several lines, items split at semicolons; dash items after the cue
    ("Kính gửi: Bộ trưởng, Thủ trưởng cơ quan ngang bộ, cơ quan\nthuộc Chính phủ; Chủ tịch Ủy ban nhân dân "
     "các tỉnh,\nthành phố trực thuộc Trung ương.\n\nThực hiện",
     ["Bộ trưởng, Thủ trưởng cơ quan ngang bộ, cơ quan thuộc Chính phủ",
      "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"]),
    ("Kính gửi: - Bộ Tài chính;\n- Bộ Xây dựng.\n\nThực hiện", ["Bộ Tài chính", "Bộ Xây dựng"]),
    # a dash item holding a list split at its semicolons
    ("Kính gửi:\n\n- Bộ trưởng; Thủ trưởng cơ quan ngang Bộ, cơ quan\nthuộc Chính phủ;\n- Chủ tịch Ủy ban nhân dân "
     "các tỉnh, thành phố trực thuộc Trung ương.\n\nNgày 22/10/2025",
     ["Bộ trưởng", "Thủ trưởng cơ quan ngang Bộ, cơ quan thuộc Chính phủ",
      "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"]),
    # a flattened header: "Kính gửi" on the date line
    ("Hà Nội, ngày 05 tháng 04 năm 2019 Kính gửi: Bộ Kế hoạch và Đầu tư.\nBáo Đấu thầu ngày 26 tháng 3",
     ["Bộ Kế hoạch và Đầu tư"]),
]


@pytest.mark.parametrize("text,expected", RECIPIENT_ROWS, ids=[r[1][0][:25] for r in RECIPIENT_ROWS])
def test_recipients(text, expected):
    assert header("Số: 1/UBND-VP\nV/v việc\n\n" + text).recipients == expected


SHARED_HEAD_ROWS = lexicon.load("recipients.json")["examples"]


@pytest.mark.parametrize("item,expected", SHARED_HEAD_ROWS, ids=[r[0][:40] for r in SHARED_HEAD_ROWS])
def test_shared_heads_are_distributed(item, expected):
    assert distribute(item) == expected


def test_cong_dien_addressees_after_dien_with_a_list_broken_over_dash_items():
    h = header("THỦ TƯỚNG CHÍNH PHỦ\nSố: 223/CĐ-TTg\nHà Nội, ngày 20 tháng 11 năm 2025\nCÔNG ĐIỆN\n"
               "V/V TẬP TRUNG ỨNG PHÓ LŨ\nTHỦ TƯỚNG CHÍNH PHỦ điện:\n\n- Bí thư tỉnh ủy, Chủ tịch Ủy ban nhân dân các\n"
               "tỉnh: Gia Lai,\n- Đắk Lắk và Khánh Hòa;\n- Các Bộ: Quốc phòng, Công an;\n\nLũ trên các sông ở Khánh Hòa")
    assert h.doc_type == "cong_dien"
    assert h.recipients == ["Bí thư Tỉnh ủy Gia Lai", "Bí thư Tỉnh ủy Đắk Lắk", "Bí thư Tỉnh ủy Khánh Hòa",
                            "Chủ tịch Ủy ban nhân dân tỉnh Gia Lai", "Chủ tịch Ủy ban nhân dân tỉnh Đắk Lắk",
                            "Chủ tịch Ủy ban nhân dân tỉnh Khánh Hòa", "Bộ Quốc phòng", "Bộ Công an"]


def test_cong_dien_addressees_on_the_dien_line():
    h = header("Số: 12/CĐ-TTg\nCÔNG ĐIỆN\nVề việc X\nTHỦ TƯỚNG CHÍNH PHỦ điện: Bộ trưởng các Bộ: Quốc phòng, Công an.\n\n"
               "Thời gian qua")
    assert (h.subject, h.recipients) == ("Về việc X", ["Bộ trưởng Bộ Quốc phòng", "Bộ trưởng Bộ Công an"])


def test_a_kinh_gui_form_in_an_appendix_is_not_an_addressee():
    h = header("BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG\nSố: 78/2025/TT-BNNMT\nHà Nội, ngày 1 tháng 12 năm 2025\nTHÔNG TƯ\n"
               "Quy định X\nCăn cứ Luật Bảo vệ môi trường;\nĐiều 1. Phạm vi\nMẫu 01\n"
               "Kính gửi: Cục Biến đổi khí hậu, Bộ Nông nghiệp và Môi trường")
    assert h.recipients == []


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
    # a wrapped word of the issuing body is not the signer's name
    ("TM. ỦY BAN\nNHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nDương Đức Tuấn",
     ("Dương Đức Tuấn", "Phó Chủ tịch", "KT. Chủ tịch")),
    ("TM.\nỦY BAN NHÂN DÂN\nCHỦ TỊCH\nLê Hải Hoà", ("Lê Hải Hoà", "Chủ tịch", "TM. Ủy ban nhân dân")),
    # names and titles hard-wrapped
    ("CHỦ TỊCH\nLê Hải\nHòa\n\nFILE ĐƯỢC ĐÍNH KÈM", ("Lê Hải Hòa", "Chủ tịch", None)),
    ("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Quỳnh\nThiện\n\nPHỤ LỤC I", ("Nguyễn Quỳnh Thiện", "Phó Chủ tịch", "KT. Chủ tịch")),
    ("CHỦ\nTỊCH\nPhùng Thị Hồng Hà\n\nPhụ lục I", ("Phùng Thị Hồng Hà", "Chủ tịch", None)),
    ("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Thị\nNgọc Điệp", ("Nguyễn Thị Ngọc Điệp", "Phó Chủ tịch", "KT. Chủ tịch")),
    # a title with the body it heads
    ("CHÁNH ÁN TÒA ÁN NHÂN DÂN TỐI CAO\n(Đã ký)\nLê Minh Trí",
     ("Lê Minh Trí", "Chánh án Tòa án nhân dân tối cao", None)),
    ("TỔNG KIỂM TOÁN NHÀ\nNƯỚC\nNgô\nVăn Tuấn", ("Ngô Văn Tuấn", "Tổng Kiểm toán Nhà nước", None)),
    ("KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nĐại\ntướng Nguyễn Tân Cương", ("Nguyễn Tân Cương", "Thứ trưởng", "KT. Bộ trưởng")),
    # titles with a qualifier, on one line or two, and a title the data does not list
    ("KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG THƯỜNG TRỰC\nVũ Mạnh Hà", ("Vũ Mạnh Hà", "Thứ trưởng Thường trực", "KT. Bộ trưởng")),
    ("KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nTHƯỜNG TRỰC\n(Đã ký)\nVũ Mạnh Hà",
     ("Vũ Mạnh Hà", "Thứ trưởng Thường trực", "KT. Bộ trưởng")),
    ("KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG THƯỜNG TRỤC\n(Đã ký)\nPhạm Ngọc Thường",
     ("Phạm Ngọc Thường", "Thứ trưởng thường trục", "KT. Bộ trưởng")),
    ("KT. BỘ TRƯỞNG,\nCHỦ NHIỆM\nPHÓ CHỦ NHIỆM\nNguyễn Sỹ Hiệp", ("Nguyễn Sỹ Hiệp", "Phó Chủ nhiệm", "KT. Bộ trưởng, Chủ nhiệm")),
    ("TL. CỤC TRƯỞNG\nTRƯỞNG BAN BAN CHÍNH SÁCH,\nTHUẾ QUỐC TẾ\nNguyễn Thị Thanh Hằng",
     ("Nguyễn Thị Thanh Hằng", "Trưởng ban Ban Chính sách, Thuế quốc tế", "TL. Cục trưởng")),
    ("TL.\nCỤC TRƯỞNG\nTRƯỞNG BAN GIÁM SÁT QUẢN LÝ VỀ HQ\nĐào Duy Tám",
     ("Đào Duy Tám", "Trưởng ban giám sát quản lý về HQ", "TL. Cục trưởng")),
    ("KT. TRƯỞNG BAN GIÁM SÁT QUẢN LÝ\nVỀ HQ PHÓ TRƯỞNG BAN\nNguyễn Bắc Hải",
     ("Nguyễn Bắc Hải", "Phó Trưởng ban", "KT. Trưởng ban giám sát quản lý về HQ")),
    ("TL. CỤC TRƯỞNG\nKT.\nTRƯỞNG BAN NGHIỆP VỤ THUẾ HQ\nPHÓ\nTRƯỞNG BAN\nĐào Thu Hương",
     ("Đào Thu Hương", "Phó Trưởng ban", "KT. Trưởng ban nghiệp vụ thuế HQ")),
    ("KT. BỘ TRƯỞNG\nBỘ CÔNG AN\nTHỨ TRƯỞNG\n(Đã ký)\nThượng tướng Lê Quốc Hùng",
     ("Lê Quốc Hùng", "Thứ trưởng", "KT. Bộ trưởng Bộ Công an")),
    # stray spaces inside words (vbpl copies)
    ("TM. CHÍNH PH Ủ\nKT. TH Ủ TƯỚNG\nPHÓ TH Ủ TƯỚNG\n(Đã ký)\nTr ần Hồng Hà",
     ("Trần Hồng Hà", "Phó Thủ tướng", "KT. Thủ tướng")),
    ("CHỦ TỊCH QUỐC HỘI\nTr ầ n Thanh M ẫ n", ("Trần Thanh Mẫn", "Chủ tịch Quốc hội", None)),
    ("B Ộ TRƯỞNG\nNguy ễn Mạnh H ùng", ("Nguyễn Mạnh Hùng", "Bộ trưởng", None)),
    # a middle name that is also a word of a heading
    ("KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\n(Đã ký)\nNguyễn Danh Huy", ("Nguyễn Danh Huy", "Thứ trưởng", "KT. Bộ trưởng")),
    # a title in normal case, a signed mark beside the title or the name
    ("Bộ trưởng\n(Đã ký)\nNguyễn Văn Hùng", ("Nguyễn Văn Hùng", "Bộ trưởng", None)),
    ("THỐNG ĐỐC\nPhó Thống Đốc\n(đã ký)\nPhạm Thanh Hà", ("Phạm Thanh Hà", "Phó Thống đốc", None)),
    ("THỨ TRƯỞNG (Đã ký)\nNguyễn Văn Hùng", ("Nguyễn Văn Hùng", "Thứ trưởng", None)),
    ("KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\n(Đã ký) Nguyễn Văn Hùng", ("Nguyễn Văn Hùng", "Thứ trưởng", "KT. Bộ trưởng")),
    ("KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\n[daky]\nNguyễn Văn Hùng", ("Nguyễn Văn Hùng", "Thứ trưởng", "KT. Bộ trưởng")),
    ("BỘ TRƯỞNG\n(Đã ký)\nThượng tướng Võ Minh Lươn g", ("Võ Minh Lương", "Bộ trưởng", None)),
    # the "Nơi nhận" column interleaved with the block, line by line
    ("Nơi nhận:\nTM. ỦY BAN NHÂN DÂN\n- Như trên;\nKT. CHỦ TỊCH\n- TT Tỉnh ủy;\nPHÓ CHỦ TỊCH\n- Lưu: VT.\n\n\nTrần Văn Bình",
     ("Trần Văn Bình", "Phó Chủ tịch", "KT. Chủ tịch")),
    # the block flattened onto the end of the "Nơi nhận" list
    ("Nơi nhận:\n- Như trên;\n- Lưu: VT, ĐMDN (2b). Trung Anh BỘ TRƯỞNG, CHỦ NHIỆM Mai Tiến Dũng",
     ("Mai Tiến Dũng", "Bộ trưởng, Chủ nhiệm", None)),
]


@pytest.mark.parametrize("tail,expected", SIGNER_ROWS, ids=[r[1][0] for r in SIGNER_ROWS])
def test_signer(tail, expected):
    h = header("Số: 1/BC-UBND\n\nBÁO CÁO\nX\n\nThực hiện nội dung trên./.\n\n" + tail)
    s = h.signer
    assert (s["name"], s["title"], s["authority"]) == expected


@pytest.mark.parametrize("line", lexicon.load("signature.json")["not_names"]["examples"])
def test_words_near_a_signature_are_not_names(line):
    assert not is_name(line)


@pytest.mark.parametrize("name", lexicon.load("signature.json")["not_names"]["names"])
def test_names_with_heading_words_are_names(name):
    assert is_name(name)


SUMMARY = ("Công điện 223/CĐ-TTg năm 2025 tập trung ứng phó lũ đặc biệt lớn tại Khánh Hòa, Đắk Lắk và Gia Lai "
           "do Thủ tướng Chính phủ điện\n\nNgày 20/11/2025, Thủ tướng Chính phủ đã ký Công điện 223/CĐ-TTg. Kính gửi "
           "các địa phương: Thủ tướng yêu cầu Bí thư, Chủ tịch các tỉnh tập trung ứng phó với lũ.\n\n"
           "Thực hiện ngay các biện pháp sơ tán người dân ra khỏi khu vực nguy hiểm, bảo đảm an toàn.\n\n")
DOC = ("THỦ TƯỚNG CHÍNH PHỦ\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
       "---------------\nSố: 223/CĐ-TTg\nHà Nội, ngày 20\ntháng 11 năm 2025\nCÔNG ĐIỆN\nV/V TẬP TRUNG ỨNG\n"
       "PHÓ LŨ ĐẶC BIỆT LỚN TẠI KHÁNH HÒA\nTHỦ TƯỚNG CHÍNH PHỦ điện:\n\n- Các Bộ: Quốc phòng, Công an;\n\n"
       "Lũ trên các sông ở Khánh Hòa đang ở mức rất cao.\n\nKT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG\nHồ Quốc Dũng")


FLAT = ("Công văn 5095/SGDĐT-CTTT năm 2019 về tăng cường công tác do Sở Giáo dục và Đào tạo tỉnh Quảng Ngãi ban hành\n"
        "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI SỞ GIÁO DỤC VÀ ĐÀO TẠO -------\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ---------------\n"
        "Số: 5095/SGDĐT-CTTT V/v tăng cường công tác phòng chống dịch bệnh trong trường học\n"
        "Quảng Ngãi, ngày 05 tháng 04 năm 2019 Kính gửi: - Phòng Giáo dục và Đào tạo các huyện, thành phố; "
        "- Các trường THPT.\nThực hiện Công văn số 12/UBND ngày 1/4/2019 của UBND tỉnh.\nNơi nhận:\n- Như trên;\n"
        "- Lưu: VT. KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC Nguyễn Văn Hùng")


def test_a_header_flattened_onto_few_lines():
    h = header(FLAT)
    assert (h.doc_type, h.number, h.issuer, h.parent_issuer, h.place, h.issued_on) == (
        "cong_van", "5095/SGDĐT-CTTT", "Sở Giáo dục và Đào tạo", "Ủy ban nhân dân tỉnh Quảng Ngãi", "Quảng Ngãi",
        "2019-04-05")
    assert h.subject == "tăng cường công tác phòng chống dịch bệnh trong trường học"
    assert h.recipients == ["Phòng Giáo dục và Đào tạo các huyện, thành phố", "Các trường THPT"]
    assert (h.signer["name"], h.signer["title"], h.signer["authority"]) == ("Nguyễn Văn Hùng", "Phó Giám đốc",
                                                                          "KT. Giám đốc")


def test_a_web_summary_before_the_document_is_not_its_header():
    alone, after = header(DOC), header(SUMMARY + DOC)
    assert after.contract() == alone.contract()
    assert (after.doc_type, after.subject, after.recipients) == (
        "cong_dien", "V/V tập trung ứng phó lũ đặc biệt lớn tại Khánh Hòa", ["Bộ Quốc phòng", "Bộ Công an"])


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


def test_cong_dien_addressee_head_wrapped_before_its_list_across_a_blank_line():
    # web copies break "- Bộ trưởng các Bộ:" over two lines and leave a blank line before the list
    h = header("THỦ TƯỚNG CHÍNH PHỦ\nSố: 226/CĐ-TTg\nHà Nội, ngày 21 tháng 11 năm 2025\nCÔNG ĐIỆN\n"
               "VỀ VIỆC HỖ TRỢ MƯA LŨ\nTHỦ TƯỚNG CHÍNH PHỦ điện:\n\n- Bộ trưởng\ncác Bộ:\n\n"
               "Quốc phòng, Công an,\nY tế.\n\n- Chủ tịch\nỦy ban nhân dân các tỉnh: Huế,\nGia Lai.\n\nTrong tháng 11")
    assert h.recipients == ["Bộ trưởng Bộ Quốc phòng", "Bộ trưởng Bộ Công an", "Bộ trưởng Bộ Y tế",
                            "Chủ tịch Ủy ban nhân dân tỉnh Huế", "Chủ tịch Ủy ban nhân dân tỉnh Gia Lai"]


@pytest.mark.parametrize("day", ["@@", "0†", "Z", ""])
def test_a_date_line_whose_day_ocr_could_not_read_still_gives_the_place(day):
    h = header(f"ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 280 /BC-UBND\nQuảng Ngãi, ngày {day} tháng 11 năm 2024\n"
               "BÁO CÁO\nVề việc điều chỉnh dự toán")
    assert (h.place, h.issued_on) == ("Quảng Ngãi", None)
    assert header("Số: 1/UBND-VP\nQuảng Ngãi, ngày 04tháng 02 năm 2025").issued_on == "2025-02-04"


@pytest.mark.parametrize("name,number", [
    ("095_to_trinh_QuangNgai-24-TTR", "24/TTr-UBND"), ("117_chi_thi_QuangNgai-05CT", None),
    ("scan", None), ("to_trinh_24-BC", None)])
def test_an_unreadable_number_is_taken_from_the_file_name_beside_the_same_type_code(name, number):
    from extractors.document import extract_text
    doc = extract_text("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: #4 /TTr -UBND\n"
                       "Quảng Ngãi, ngày 07 tháng 02 năm 2025\nTỜ TRÌNH\nVề việc miễn nhiệm\n", name + ".pdf")
    assert doc["document"]["number"] == number
    if number:
        assert doc["document"]["provenance"]["number"] == "file name"
    chi_thi = extract_text("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 2 #ˆ /CT-UBND\nCHỈ THỊ\nVề việc X\n",
                           "117_chi_thi_QuangNgai-05CT.pdf")
    assert chi_thi["document"]["number"] == "05/CT-UBND"
    assert extract_text("Số: 12/TTr-UBND\nTỜ TRÌNH\n", "x-24-TTR.pdf")["document"]["number"] == "12/TTr-UBND"


@pytest.mark.parametrize("line,name", lexicon.load("signature.json")["surnames"]["examples"])
def test_a_scan_signer_name_merged_into_a_cc_line(line, name):
    from extractors.signer import tail_name
    assert tail_name(line) == name


def test_ocr_noise_above_a_scan_subject_is_left_out():
    h = header("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 280 /BC-UBND\nQuảng Ngãi, ngày 22 tháng 11 năm 2024\n\n"
               "BÁO CÁO\n\nÀ .^A .À ” Lá ˆ , - ˆ F‹ ° Lá `4\nVề việc điều chỉnh dự toán ngân sách năm 2024\n\n"
               "Kính gửi: Hội đồng nhân dân tỉnh\n")
    assert h.subject == "Về việc điều chỉnh dự toán ngân sách năm 2024"


def test_addressee_with_the_body_run_on_the_same_line():
    text = ("BỘ KẾ HOẠCH VÀ ĐẦU TƯ ----------- CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc\n"
            "Số: 3397/BKHĐT-QLKTTW V/v hướng dẫn áp dụng Luật DN 2014 Hà Nội, ngày 23 tháng 5 năm 2019 Kính gửi: Tổng "
            "công ty Khí Việt Nam-CTCP (PV GAS) Phúc đáp Công văn số 615/KVN-PC ngày 3 tháng 4 năm 2019 của Tổng công ty, "
            "Bộ Kế hoạch và Đầu tư có ý kiến như sau:\n1. Về chấp thuận các hợp đồng.\n")
    assert extract_header(text).recipients == ["Tổng công ty Khí Việt Nam-CTCP (PV GAS)"]


@pytest.mark.parametrize("line,title", [("PHÓ CHỦ TỊC", "Phó Chủ tịch"), ("GIÁM ĐỐ", "Giám đốc"),
                                        ("PHÓ CHỦ TỊCH", "Phó Chủ tịch"), ("Nguyễn Văn", None)])
def test_a_title_whose_last_letter_ocr_lost_is_still_read(line, title):
    from extractors.titles import title_of
    assert title_of(line) == title
