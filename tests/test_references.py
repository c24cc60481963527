"""Citations of other documents (extractors/references.py), one row per citation form."""
from __future__ import annotations

from pathlib import Path

import pytest

from extractors import lexicon
from extractors.references import extract_references

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"


def refs(text: str, own: str | None = None, issued_on: str | None = None) -> list[dict]:
    return extract_references(text, own, issued_on)


def only(text: str, **kw: str | None) -> dict:
    found = refs(text, **kw)
    assert len(found) == 1, found
    return found[0]


FORMS = [
    pytest.param("Thực hiện Quyết định số 490/QĐ-TTg ngày 07/5/2018 của Thủ tướng Chính phủ phê duyệt "
                 "Chương trình mỗi xã một sản phẩm;",
                 ("quyet_dinh", "490/QĐ-TTg", "2018-05-07", "Thủ tướng Chính phủ"), id="full"),
    pytest.param("- Căn cứ Quyết định 34/QĐ-UBND ngày 23/01/2020 của UBND tỉnh Gia Lai V/v phê duyệt Đề án",
                 ("quyet_dinh", "34/QĐ-UBND", "2020-01-23", "UBND tỉnh Gia Lai"), id="no-so"),
    pytest.param("Thực hiện Công văn số: 2205/SNNPTNT-CCPTNT ngày 21/8/2020 của Sở Nông nghiệp và PTNT Tỉnh V/v "
                 "đẩy nhanh tiến độ",
                 ("cong_van", "2205/SNNPTNT-CCPTNT", "2020-08-21", "Sở Nông nghiệp và PTNT Tỉnh"), id="colon"),
    pytest.param("nguồn vốn theo Nghị quyết số 30/2017/NQ-HĐND tỉnh về xây dựng nông thôn mới.",
                 ("nghi_quyet", "30/2017/NQ-HĐND", None, None), id="year-in-number"),
    pytest.param("Sở đã ban hành kế hoạch số 278/KH-SNN ngày 04/3/2018 về việc thực hiện chương trình",
                 ("ke_hoach", "278/KH-SNN", "2018-03-04", None), id="lower-case"),
    pytest.param("Căn cứ Nghị định số 15/2020/NĐ-CP ngày 03 tháng 02 năm 2020 của Chính phủ;",
                 ("nghi_dinh", "15/2020/NĐ-CP", "2020-02-03", "Chính phủ"), id="date-in-words"),
    pytest.param("Căn cứ Luật Ngân sách nhà nước số 83/2015/QH13 ngày 25 tháng 6 năm 2015;",
                 ("luat", "83/2015/QH13", "2015-06-25", None), id="law-by-name"),
    pytest.param("Căn cứ Luật số 43/2024/QH15;", ("luat", "43/2024/QH15", None, None), id="law-number-only"),
    pytest.param("Căn cứ Nghị định số\n63/2010/NĐ-CP ngày 08/6/2010 của Chính\nphủ về kiểm soát thủ tục;",
                 ("nghi_dinh", "63/2010/NĐ-CP", "2010-06-08", "Chính phủ"), id="hard-wrapped"),
    pytest.param("Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá",
                 ("nghi_quyet", "57-NQ/TW", "2024-12-22", "Bộ Chính trị"), id="party-style"),
    pytest.param("Phúc đáp văn bản số 123/UBND-KT ngày 15/3 của UBND huyện;",
                 ("cong_van", "123/UBND-KT", "2021-03-15", "UBND huyện"), id="no-year-takes-own"),
    pytest.param("Bộ đã có Tờ trình số 45/TTr-BTC ngày 02/3/2021 gửi Chính phủ.",
                 ("to_trinh", "45/TTr-BTC", "2021-03-02", None), id="type-from-word"),
    pytest.param("Theo văn bản số 88/TB-VPCP ngày 01/02/2021 thì",
                 ("thong_bao", "88/TB-VPCP", "2021-02-01", None), id="type-from-symbol"),
    pytest.param("Căn cứ vào Bảng khung giá các loại đất quy định tại Nghị định số 87-CP ngày 17 tháng 8 năm 1994 "
                 "của Chính phủ;", ("nghi_dinh", "87-CP", "1994-08-17", "Chính phủ"), id="old-style-no-slash"),
    pytest.param("Trả lời công văn số 1025-CVHQ ngày 10/10/2025 của Công ty TNHH Minh Long về việc",
                 ("cong_van", "1025-CVHQ", "2025-10-10", "Công ty TNHH Minh Long"), id="old-style-cong-van"),
    pytest.param("theo Hướng dẫn số 9151-CV/BTCTW ngày 12/3/2025 của Ban Tổ chức Trung ương",
                 ("huong_dan", "9151-CV/BTCTW", "2025-03-12", "Ban Tổ chức Trung ương"), id="party-cv"),
    pytest.param("Chương trình hành động số 10-CTr/TU ngày\n13/8/2025 của Ban Thường vụ Tỉnh ủy về thực hiện",
                 ("chuong_trinh", "10-CTr/TU", "2025-08-13", "Ban Thường vụ Tỉnh ủy"), id="party-lower-case-code"),
    pytest.param("các tiêu chí: quán triệt Chỉ thị so 41-CT/TW ngày 03/12/2024 của Ban Bí thư;",
                 ("chi_thi", "41-CT/TW", "2024-12-03", "Ban Bí thư"), id="so-typo"),
    pytest.param("(3) Thông tư số 37/2025/TTBNN MT ngày 02/7/2025; (4) Thông tư",
                 ("thong_tu", "37/2025/TTBNNMT", "2025-07-02", None), id="stray-space-in-symbol"),
    pytest.param("Công văn số 1234/BXD-QLN& TTBĐS ngày 10/10/2025 của Bộ Xây dựng về nhà ở",
                 ("cong_van", "1234/BXD-QLN&TTBĐS", "2025-10-10", "Bộ Xây dựng"), id="ampersand-and-space"),
    pytest.param("Nghị quyết số 46/NQ-CP của Chính phủ ngày 08 tháng 3 năm 2025 và chỉ đạo của Thủ tướng",
                 ("nghi_quyet", "46/NQ-CP", "2025-03-08", "Chính phủ"), id="date-after-issuer"),
    pytest.param("2. Ngày 16/6/2025, Quốc hội\nđã thông qua Luật Tổ chức chính quyền địa phương số 72/2025/QH15 với",
                 ("luat", "72/2025/QH15", "2025-06-16", None), id="date-opens-sentence"),
    pytest.param("Ngày 21/8/2025, Cục Quản lý nhà ở có công văn số 456/QLN-PC gửi Sở Xây dựng đề nghị báo cáo.",
                 ("cong_van", "456/QLN-PC", "2025-08-21", None), id="date-opens-sentence-cong-van"),
    pytest.param("Ngày 22/10/2025, tại Thông báo số 569/TB-VPCP của Văn phòng Chính phủ, Phó Thủ tướng",
                 ("thong_bao", "569/TB-VPCP", "2025-10-22", "Văn phòng Chính phủ"), id="date-opens-sentence-tai"),
    pytest.param("Trả lời công văn số\nUSABC-HN-20251121-01 ngày 21/11/2025 của Hội đồng Kinh doanh Hoa Kỳ - ASEAN về",
                 ("cong_van", "USABC-HN-20251121-01", "2025-11-21", "Hội đồng Kinh doanh Hoa Kỳ - ASEAN"),
                 id="correspondent-code"),
    pytest.param("Trên cơ sở hồ sơ, Đơn đề nghị\nsố LOR2025/01 ngày 10/10/2025 của Công ty TNHH Vàng Anh, mã số",
                 ("other", "LOR2025/01", "2025-10-10", "Công ty TNHH Vàng Anh"), id="application-code"),
    pytest.param("Căn cứ Nghị định số 63/2010/NĐ-CP ngày ngày 08\ntháng 6 năm 2010 của Chính phủ về kiểm soát thủ tục",
                 ("nghi_dinh", "63/2010/NĐ-CP", "2010-06-08", "Chính phủ"), id="ngày-typed-twice"),
    pytest.param("- Thông tư liên tịch số 01/2012/TTLT-BQP-\nBLĐTBXH-BTC ngày 05/01/2012 của Bộ Quốc phòng về",
                 ("thong_tu_lien_tich", "01/2012/TTLT-BQP-BLĐTBXH-BTC", "2012-01-05", "Bộ Quốc phòng"),
                 id="symbol-wrapped-after-a-dash"),
]


@pytest.mark.parametrize("text, expected", FORMS)
def test_citation_forms(text: str, expected: tuple) -> None:
    r = only(text, issued_on="2021-05-04")
    assert (r["doc_type"], r["number"], r["issued_on"], r["issuer"]) == expected
    assert text[r["span"][0]:r["span"][1]] == r["text"]
    assert r["number"].split("/")[0] in r["text"]


LISTS = [
    pytest.param("theo Quyết định số 1048/QĐ-TTg ngày 21/8/2019 của Thủ tướng Chính phủ và Quyết định số "
                 "781/QĐ-TTg ngày 11/6/2020 của Thủ tướng Chính phủ.",
                 [("1048/QĐ-TTg", "quyet_dinh", "implements"), ("781/QĐ-TTg", "quyet_dinh", "implements")],
                 id="shared-trigger"),
    pytest.param("Căn cứ các Quyết định số 12/QĐ-UBND, 13/QĐ-UBND của UBND tỉnh;",
                 [("12/QĐ-UBND", "quyet_dinh", "based_on"), ("13/QĐ-UBND", "quyet_dinh", "based_on")],
                 id="bare-second-number"),
    pytest.param("Căn cứ các Nghị định của Chính phủ: số 63/2010/NĐ-CP ngày 08/6/2010 về kiểm soát thủ tục "
                 "hành chính; số 48/2013/NĐ-CP ngày 14/5/2013 sửa đổi các nghị định;",
                 [("63/2010/NĐ-CP", "nghi_dinh", "based_on"), ("48/2013/NĐ-CP", "nghi_dinh", "based_on")],
                 id="list-head-type"),
    pytest.param("Căn cứ:\n- Luật Tổ chức Chính phủ số 76/2015/QH13;\n- Nghị định số 15/2020/NĐ-CP ngày 03/02/2020;\n",
                 [("76/2015/QH13", "luat", "based_on"), ("15/2020/NĐ-CP", "nghi_dinh", "based_on")],
                 id="enumerated-list"),
    pytest.param("1.1. Các văn bản chỉ đạo:\n\nQuyết định số 490/QĐ-TTg ngày 07/5/2018;\n\n"
                 "Thông báo số 268/TB-VPCP ngày 31/7/2018.\n",
                 [("490/QĐ-TTg", "quyet_dinh", "mentions"), ("268/TB-VPCP", "thong_bao", "mentions")],
                 id="list-without-trigger"),
    pytest.param("Thực hiện Quyết định số 490/QĐ-TTg ngày 07/5/2018, UBND tỉnh đã ban hành Quyết định số "
                 "1124/QĐ-UBND ngày 04/12/2018.",
                 [("490/QĐ-TTg", "quyet_dinh", "implements"), ("1124/QĐ-UBND", "quyet_dinh", "mentions")],
                 id="new-clause-ends-list"),
    pytest.param("tiếp theo các Công điện số 217/CĐ-TTg,\n218/CĐ-TTg, 219/CĐ-TTg và 222/CĐ-TTg ngày 19/11/2025, Thủ tướng",
                 [("217/CĐ-TTg", "cong_dien", "implements"), ("218/CĐ-TTg", "cong_dien", "implements"),
                  ("219/CĐ-TTg", "cong_dien", "implements"), ("222/CĐ-TTg", "cong_dien", "implements")],
                 id="list-wrapped-after-comma"),
    pytest.param("Sở đã ban hành Công văn số 36/SNN-PTNT về việc kiện toàn hệ thống tổ chức thực hiện cấp huyện, "
                 "xã và Công văn số 37/SNN-PTNT.",
                 [("36/SNN-PTNT", "cong_van", "mentions"), ("37/SNN-PTNT", "cong_van", "mentions")],
                 id="trigger-does-not-reach-next-item"),
]


@pytest.mark.parametrize("text, expected", LISTS)
def test_lists(text: str, expected: list[tuple]) -> None:
    assert [(r["number"], r["doc_type"], r["relation"]) for r in refs(text)] == expected


def test_short_form_completed_by_later_full_citation() -> None:
    text = ("UBND tỉnh đã ban hành Quyết định số 116/QĐ-UBND phê duyệt Đề án.\n"
            "Rà soát, điều chỉnh Quyết định số 116/QĐ-UBND ngày 18/02/2019 của UBND tỉnh.")
    r = only(text)
    assert (r["issued_on"], r["issuer"], r["relation"]) == ("2019-02-18", "UBND tỉnh", "amends")
    assert r["span"][0] == text.index("Quyết định số 116")
    assert "date_conflicts" not in r


def test_date_conflict_keeps_first_date() -> None:
    text = ("Căn cứ Quyết định số 800/QĐ-UBND ngày 08/6/2011 của UBND thành phố;\n"
            "Bãi bỏ Quyết định số 800/QĐ-UBND ngày 06/11/2024 của UBND thành phố.")
    r = only(text)
    assert r["issued_on"] == "2011-06-08"
    assert r["date_conflicts"] == ["2024-11-06"]


def test_own_number_excluded() -> None:
    text = "Số: 298 /BC-UBND\n\nThực hiện Công văn số 2205/SNN-CCPTNT ngày 21/8/2020 của Sở Nông nghiệp;"
    assert [r["number"] for r in refs(text, own="298/BC-UBND")] == ["2205/SNN-CCPTNT"]


def test_report_on_a_request_responds_to_it() -> None:
    text = "Thực hiện Công văn số 2205/SNN-CCPTNT ngày 21/8/2020 của Sở Nông nghiệp;"
    assert only(text, own="298/BC-UBND")["relation"] == "responds_to"
    assert only(text, own="12/QĐ-UBND")["relation"] == "implements"


RELATIONS = [
    pytest.param("Căn cứ Nghị định số 15/2020/NĐ-CP;", "based_on", id="can-cu"),
    pytest.param("Thực hiện Kế hoạch số 76/KH-UBND;", "implements", id="thuc-hien"),
    pytest.param("Triển khai Chỉ thị số 05/CT-UBND;", "implements", id="trien-khai"),
    pytest.param("Theo Quyết định số 1048/QĐ-TTg;", "implements", id="theo"),
    pytest.param("theo quy định tại Điều 5 Thông tư số 01/2020/TT-BTC.", "implements", id="theo-quy-dinh-tai"),
    pytest.param("Sửa đổi, bổ sung Nghị định số 15/2018/NĐ-CP.", "amends", id="sua-doi"),
    pytest.param("điều chỉnh Quyết định số 116/QĐ-UBND.", "amends", id="dieu-chinh"),
    pytest.param("Quyết định này thay thế Quyết định số 1521/QĐ-UBND.", "replaces", id="thay-the"),
    pytest.param("Trả lời công văn số 37/SNN-PTNT của Sở,", "responds_to", id="tra-loi"),
    pytest.param("Sở đã nhận Công văn số 37/SNN-PTNT.", "mentions", id="no-trigger"),
    pytest.param("để theo dõi Công văn số 37/SNN-PTNT.", "mentions", id="ignored-phrase"),
]


@pytest.mark.parametrize("text, relation", RELATIONS)
def test_relation_triggers(text: str, relation: str) -> None:
    assert only(text)["relation"] == relation


def _data_examples() -> list:
    return [pytest.param(ex, rel["relation"], id=f"{rel['relation']}-{i}")
            for rel in lexicon.load("reference_relations.json")["relations"]
            for i, ex in enumerate(rel["examples"])]


@pytest.mark.parametrize("text, relation", _data_examples())
def test_data_file_examples(text: str, relation: str) -> None:
    found = refs(text)
    assert found and found[0]["relation"] == relation


@pytest.mark.parametrize("example", lexicon.load("reference_relations.json")["ignore_examples"],
                         ids=lambda e: e["number"])
def test_a_history_in_passing_is_no_amendment_by_this_document(example: dict) -> None:
    """"(được sửa đổi, bổ sung bởi Nghị định số 70/2025/NĐ-CP)" tells another decree's history:
    the citing document does not amend 70/2025 (the register would credit it otherwise)."""
    found = {r["number"]: r["relation"] for r in refs(example["text"])}
    assert found[example["number"]] == example["relation"]


NOT_CITATIONS = [
    pytest.param("Điều 5 khoản 2 điểm a của Quyết định này.", id="articles"),
    pytest.param("Đơn đề nghị tạm dừng làm thủ tục hải quan theo mẫu số 02-SHTT ban hành kèm theo", id="form-number"),
    pytest.param("Báo cáo tình hình sử dụng biên lai theo Mẫu số BC26/BLĐT Phụ lục IA", id="form-code"),
    pytest.param("Bổ sung chỉ tiêu [05a] tại Mẫu số 02/KK-TNCN, Mẫu số 04/ĐTV-TNCN.", id="form-slash-code"),
    pytest.param("Văn bản đề nghị theo mẫu số 01/MGTH ban hành kèm theo", id="form-slash-code-lower"),
    pytest.param("Căn cứ Công văn số........ ngày ....", id="blank-number"),
    pytest.param("Điện thoại: 0235.3812345; Fax: 0235/3812346.", id="phone"),
    pytest.param("đơn phản ánh kiến nghị số PAKN.1761647228267 của ông A.", id="pakn-id"),
    pytest.param("tính đến hết ngày 30/7/2021, số 15/3/2020.", id="dates"),
    pytest.param("theo quy định của pháp luật và 20/QĐ-UBND", id="bare-number-alone"),
]


@pytest.mark.parametrize("text", NOT_CITATIONS)
def test_not_citations(text: str) -> None:
    assert refs(text) == []


SHORT_FORMS = [
    pytest.param("Căn cứ Quyết định số 116/QĐ-UBND ngày 18/02/2019 của UBND tỉnh.\n"
                 "Các sở triển khai Quyết định 116 đúng tiến độ.", ["116/QĐ-UBND"], [], id="one-candidate"),
    pytest.param("Căn cứ Quyết định số 116/QĐ-UBND ngày 18/02/2019 của UBND tỉnh và Quyết định số "
                 "116/QĐ-TTg ngày 05/3/2019 của Thủ tướng Chính phủ.\nThực hiện Quyết định số 116.",
                 [], ["116/QĐ-UBND", "116/QĐ-TTg"], id="two-candidates"),
    pytest.param("Tiếp tục thực hiện Chương trình 135 trên địa bàn.", [], [], id="no-candidate-not-a-citation"),
    pytest.param("Thực hiện Kế hoạch số 4565/KH-UBND.\nQuyết định 4565 không liên quan.", [], [],
                 id="type-must-match"),
]


@pytest.mark.parametrize("text, resolved, candidates", SHORT_FORMS)
def test_short_forms_resolve_only_with_exactly_one_candidate(text: str, resolved: list[str],
                                                             candidates: list[str]) -> None:
    from extractors.references import extract_references, resolve_short_forms

    references = extract_references(text, None, "2020-03-05")
    unresolved = resolve_short_forms(text, references)
    assert [r["number"] for r in references if r.get("short_forms")] == resolved
    for r in references:
        for s, e in r.get("short_forms", []):
            assert text[s:e].split()[-1] == r["number"].split("/")[0]
    assert [u["candidates"] for u in unresolved] == ([candidates] if candidates else [])


def test_capital_title_words_are_not_joined_to_a_symbol() -> None:
    r = only("KẾ HOẠCH THỰC HIỆN CHỈ THỊ SỐ 32/CT-TTG NGÀY 21/10/2025 CỦA THỦ TƯỚNG CHÍNH PHỦ")
    assert (r["number"], r["issued_on"]) == ("32/CT-TTG", "2025-10-21")


SELF_CITATIONS = [
    pytest.param("Thông tư số 55/TT-BCT ngày 28 tháng 11 năm 2025 của Bộ trưởng Bộ Công Thương",
                 "55/2025/TT-BCT", "2025-11-28", [], id="own-number-without-year"),
    pytest.param("(Kèm theo Quyết định số 1498/QĐ-UBND ngày 20/11/2025 của UBND tỉnh)",
                 "1498/QĐ-UBND", "2025-11-20", [], id="own-number"),
    pytest.param("thay thế Thông tư số 55/2018/TT-BCT ngày 01/3/2018", "55/2025/TT-BCT", "2025-11-28",
                 ["55/2018/TT-BCT"], id="same-number-other-year"),
]


@pytest.mark.parametrize("text, own, issued_on, expected", SELF_CITATIONS)
def test_the_document_itself_is_not_a_reference(text: str, own: str, issued_on: str, expected: list[str]) -> None:
    assert [r["number"] for r in refs(text, own, issued_on)] == expected


@pytest.mark.parametrize("text", [
    "Thông tư số 13/2020/TT-BTC ngày 14/3/2020; khoản 4 Điều 1 Thông tư số 13/2020/TT BTC như sau",
    "Thông tư số 13/2020/TTBTC ngày 14/3/2020; khoản 4 Điều 1 Thông tư số 13/2020/TT-BTC như sau",
], ids=["dash-first", "dash-later"])
def test_one_reference_for_a_symbol_printed_with_and_without_its_dash(text: str) -> None:
    found = refs(text)
    assert [(r["number"], r["issued_on"]) for r in found] == [("13/2020/TT-BTC", "2020-03-14")]


def test_cyrillic_look_alikes_in_a_symbol_are_one_reference() -> None:
    got = refs("hướng dẫn tại văn bản số 16495/BTC-PTHT ngày 22/10/2025; văn bản số 16495/BТС-PTHT "
               "ngày 22/10/2025 của Bộ Tài chính")
    assert [r["number"] for r in got] == ["16495/BTC-PTHT"]


def test_an_underscore_typed_for_a_symbols_hyphen_reads_as_the_hyphen() -> None:
    got = refs("theo quy định tại Nghị định số 54/2019/NĐ_CP ngày 19 tháng 6 năm 2019 của Chính phủ quy định về "
               "kinh doanh dịch vụ ka-ra-ô-kê")
    assert [(r["number"], r["issued_on"], r["doc_type"]) for r in got] == [("54/2019/NĐ-CP", "2019-06-19", "nghi_dinh")]


def test_a_full_symbol_after_a_law_name_is_cited_without_so():
    text = ("đề nghị Công ty nghiên cứu quy định tại khoản 6 Điều 16 Luật\nThuế xuất khẩu, thuế nhập khẩu 107/2016/QH13, "
            "khoản 1 Điều 11 Nghị định số 134/2016/NĐ-CP ngày 01/9/2016 của Chính phủ; khoản 2 Điều 13 Luật Thuế GTGT "
            "13/2008/QH12.")
    found = {r["number"]: r["doc_type"] for r in extract_references(text, None, "2025-11-20")}
    assert found == {"107/2016/QH13": "luat", "134/2016/NĐ-CP": "nghi_dinh", "13/2008/QH12": "luat"}


def test_numbers_sharing_one_date_and_a_misprinted_year_word():
    text = ("Các Công điện: số 007/CĐ-UBND ngày\n17/11/2025, số 008/CĐ-UBND và số 009/CĐ-UBND ngày 19/11/2025; Căn cứ "
            "Quyết định số\n1085/QĐ-TTg ngày 15 tháng 9 tháng 2022 của Thủ tướng Chính phủ")
    found = {r["number"]: r["issued_on"] for r in extract_references(text, None, "2025-11-21")}
    assert found == {"007/CĐ-UBND": "2025-11-17", "008/CĐ-UBND": "2025-11-19", "009/CĐ-UBND": "2025-11-19",
                     "1085/QĐ-TTg": "2022-09-15"}


def test_windowed_citation_scan_finds_what_the_whole_text_scan_finds():
    """The citation pattern runs only near numbers and dates (a speed-up): on the bundled samples
    and on a text with a law named in 20 words before its number, the matches are the same."""
    from extractors.normalize import canon_text
    from extractors.references import _cite_matches, _cite_re
    long_law = ("Căn cứ Luật " + " ".join(["Tổ chức chính quyền địa phương và các cơ quan"] * 2)
                + " số 72/2025/QH15 ngày 16 tháng 6 năm 2025;\nCông văn số 12a/UBND ngày 03/01/2025.\n")
    texts = [p.read_text("utf-8") for p in sorted(SAMPLES.glob("*.txt"))] + [long_law, "x" * 5000 + long_law]
    for text in texts:
        c = canon_text(text)
        assert [(m.span(), m.group(0)) for m in _cite_matches(c)] == \
            [(m.span(), m.group(0)) for m in _cite_re().finditer(c)]


@pytest.mark.parametrize("example", lexicon.load("reference_relations.json")["legal_types"]["examples"],
                         ids=lambda e: e["own_type"])
def test_only_a_legal_document_amends_or_replaces_one(example: dict) -> None:
    """A tax office's công văn that asks for a decision to be "điều chỉnh, bổ sung" is no
    amendment of it (`vanthu refs` showed such letters as "Điều chỉnh bởi"); a decision's own
    article and a plan replacing a plan are."""
    found = {r["number"]: r["relation"] for r in
             extract_references(example["text"], example["own_number"], None, example["own_type"])}
    assert found[example["number"]] == example["relation"]


@pytest.mark.parametrize("example", lexicon.load("reference_relations.json")["history"]["examples"],
                         ids=lambda e: e["number"])
def test_a_third_documents_history_is_no_amendment_by_this_one(example: dict) -> None:
    """A passive history ("được sửa đổi\\nbổ sung bởi …", no comma, a line break), a verb of the
    citation before ("Nghị định số 280/2025/NĐ-CP … sửa đổi, bổ sung … Nghị định số
    23/2015/NĐ-CP") and a proposal ("tham mưu … điều chỉnh, bổ sung Quyết định số …") credit no
    amendment to the citing document; its own article ("Điều 1. Sửa đổi, bổ sung Quyết định số
    …") does."""
    found = {r["number"]: r["relation"] for r in
             extract_references(example["text"], example["own_number"], None, example["own_type"])}
    assert found[example["number"]] == example["relation"]


def test_a_citing_cong_van_credits_no_amendment() -> None:
    """The issue's case: a tax office's công văn that cites a decree with its history in a
    parenthesis amends nothing; the decree it rests on is a basis, the amending decree too."""
    text = ("Căn cứ Nghị định số 123/2020/NĐ-CP ngày 19/10/2020 của Chính phủ quy định về hóa đơn,"
            " chứng từ (được sửa đổi, bổ sung bởi Nghị định số 70/2025/NĐ-CP ngày 20/3/2025 của "
            "Chính phủ);\nCục Thuế tỉnh trả lời như sau: doanh nghiệp lập hóa đơn theo quy định "
            "tại Điều 4 Nghị định số 123/2020/NĐ-CP đã được sửa đổi, bổ sung.")
    found = {r["number"]: r["relation"] for r in extract_references(text, "5282/CT-CS", "2025-11-20", "cong_van")}
    assert found == {"123/2020/NĐ-CP": "based_on", "70/2025/NĐ-CP": "based_on"}
    assert not {"amends", "replaces"} & set(found.values())
