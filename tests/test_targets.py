"""Targets (goals a document sets) and statistics (quantities it reports)."""
from __future__ import annotations

import pytest
import regex as re

from extractors import lexicon
from extractors.targets import extract_targets

GOAL = "1. Mục tiêu thực hiện chương trình OCOP năm 2019\n\n- {}\n"

TARGETS = [
    ("at_least", GOAL.format("Có ít nhất 20 sản phẩm đạt 3 sao trở lên cấp tỉnh;"), (20, None, "sản phẩm", "2019")),
    ("range_with_stars", "Theo đó, đã đặt ra mục tiêu đến hết năm 2020 toàn tỉnh có 20 - 25 sản phẩm OCOP được "
     "chứng nhận đạt 3 - 5 sao.", (20, 25, "sản phẩm", "2020")),
    ("about", GOAL.format("Đào tạo cho khoảng 400 cán bộ quản lý nhà nước (cấp huyện, xã)."), (400, 400, "cán bộ", "2019")),
    ("percent", GOAL.format("Tập huấn cho 100% lãnh đạo doanh nghiệp tham gia Chương trình."), (100, 100, "%", "2019")),
    ("head_noun", GOAL.format("Có tối thiểu 10 tổ chức kinh tế (doanh nghiệp, HTX) tham gia;"), (10, None, "tổ chức", "2019")),
    ("about_range", GOAL.format("phát triển mới khoảng 3 - 5 sản phẩm;"), (3, 5, "sản phẩm", "2019")),
    ("bare_number", GOAL.format("1 sản phẩm đạt 4 - 5 sao cấp quốc gia;"), (1, 1, "sản phẩm", "2019")),
    ("at_most", "Các địa phương phấn đấu có không quá 5 xã chưa đạt chuẩn.", (None, 5, "xã", None)),
    ("phan_dau", "Năm 2021, các huyện phấn đấu có trên 90% số hộ tham gia.", (90, None, "%", "2021")),
    ("yearly", "d) Tổ chức Hội nghị đối tác OCOP định kỳ ít nhất 01 hội nghị đối tác/năm để kết nối tiêu thụ.",
     (1, None, "hội nghị", "hằng năm")),
    ("thousands", GOAL.format("Giải quyết việc làm cho khoảng 1.200 lao động."), (1200, 1200, "lao động", "2019")),
]


def _keys(items: list[dict]) -> list[tuple]:
    return [(t["min"], t["max"], t["unit"], t["period"]) for t in items]


@pytest.mark.parametrize("text,expected", [t[1:] for t in TARGETS], ids=[t[0] for t in TARGETS])
def test_target(text, expected):
    targets, _ = extract_targets(text, "2019-03-28")
    assert expected in _keys(targets)


@pytest.mark.parametrize("text,expected", [t[1:] for t in TARGETS], ids=[t[0] for t in TARGETS])
def test_target_span_points_at_the_number(text, expected):
    targets, _ = extract_targets(text, "2019-03-28")
    t = next(t for t in targets if _keys([t])[0] == expected)
    assert re.search(r"\d", text[slice(*t["span"])])


NOT_TARGETS = [
    ("stars_qualify", "Theo đó, đặt ra mục tiêu có sản phẩm đạt 5 sao cấp tỉnh."),
    ("threshold", "II. Kế hoạch thực hiện\n- Chuyển hồ sơ và sản phẩm đạt từ 50 điểm trở lên đề nghị cấp tỉnh đánh giá."),
    ("statistic", "Tổng số sản phẩm đã đăng ký đầu năm: 99 sản phẩm, gồm 27 sản phẩm mới."),
    ("money", GOAL.format("Hỗ trợ kinh phí 500 triệu đồng cho 30.000.000 đồng.")),
    ("date_and_number", GOAL.format("Thực hiện Quyết định số 490/QĐ-TTg ngày 07/5/2018 trong tháng 3/2020.")),
    ("proposed_structure", GOAL.format("Thành lập các Tổ chuyên trách OCOP (03 tổ chuyên trách).")),
    ("legal_article", GOAL.format("Theo quy định tại khoản 2 Điều 5 Nghị định 98.")),
    ("past_horizon", "Đến hết năm 2018 toàn tỉnh đã có 20 sản phẩm."),
    ("no_goal_context", "Hội đồng có ít nhất 05 thành viên."),
]


@pytest.mark.parametrize("text", [t[1] for t in NOT_TARGETS], ids=[t[0] for t in NOT_TARGETS])
def test_not_a_target(text):
    targets, _ = extract_targets(text, "2019-03-28")
    assert targets == []


STATISTICS = [
    ("reported_total", "Tổng số sản phẩm đã đăng ký đầu năm: 99 sản phẩm, gồm 27 sản phẩm mới.", (99, 99, "sản phẩm")),
    ("label_without_unit", "Số lượng tổ chức kinh tế tham gia vào chương trình: 90 (gồm 14 doanh nghiệp).",
     (90, 90, None)),
    ("result", "Kết quả có 135 đại biểu tham dự tập huấn.", (135, 135, "đại biểu")),
]


@pytest.mark.parametrize("text,expected", [s[1:] for s in STATISTICS], ids=[s[0] for s in STATISTICS])
def test_statistic(text, expected):
    targets, statistics = extract_targets(text, "2021-08-01")
    assert targets == []
    assert expected in [(s["min"], s["max"], s["unit"]) for s in statistics]


def test_metric_is_the_counted_phrase():
    targets, _ = extract_targets(GOAL.format("Có ít nhất 20 sản phẩm đạt 3 sao trở lên cấp tỉnh;"), None)
    assert targets[0]["metric"] == "sản phẩm đạt 3 sao trở lên cấp tỉnh"


# --------------------------------------------------------------------------- the data file

VOCAB = lexicon.load("targets.json")


@pytest.mark.parametrize("entry", VOCAB["units"], ids=[u["unit"] for u in VOCAB["units"]])
def test_unit_examples_are_read_as_that_unit(entry):
    assert entry["examples"]
    for example in entry["examples"]:
        targets, _ = extract_targets("Mục tiêu: " + example, None)
        units = [t["unit"] for t in targets]
        assert any(u == entry["unit"] or u.startswith(entry["unit"] + "/") for u in units), example


@pytest.mark.parametrize("entry", VOCAB["excluded_units"], ids=[u["word"] for u in VOCAB["excluded_units"]])
def test_excluded_unit_examples_are_never_targets(entry):
    assert entry["examples"], entry["word"]
    for example in entry["examples"]:
        targets, _ = extract_targets("Mục tiêu: có " + example, None)
        assert targets == [], example


@pytest.mark.parametrize("entry", VOCAB["qualifiers"], ids=[q["bound"] for q in VOCAB["qualifiers"]])
def test_qualifier_examples_bound_the_number(entry):
    assert entry["examples"], entry["bound"]
    for example in entry["examples"]:
        targets, _ = extract_targets("Mục tiêu: " + example, None)
        assert targets, example
        t = targets[0]
        if entry["bound"] == "min":
            assert t["min"] is not None and t["max"] is None, example
        elif entry["bound"] == "max":
            assert t["max"] is not None and t["min"] is None, example
        else:
            assert t["min"] is not None and t["max"] is not None, example


@pytest.mark.parametrize("group", ["goal_triggers", "goal_headings", "horizon", "report_markers"])
def test_pattern_examples_are_matched(group):
    entry = VOCAB[group]
    assert entry["examples"]
    for example in entry["examples"]:
        assert re.search(entry["pattern"], example, re.I), example


@pytest.mark.parametrize("entry", VOCAB["frequencies"], ids=[f["period"] for f in VOCAB["frequencies"]])
def test_frequency_examples_are_matched(entry):
    assert entry["examples"], entry["period"]
    for example in entry["examples"]:
        assert re.search(entry["pattern"], example, re.I), example


# --------------------------------------------------------------------------- real cases

REAL_TARGETS = [
    ("bounded_pct_in_task", "b) Tiếp tục rà soát, thực hiện đơn giản hóa TTHC, đảm bảo cắt giảm tối thiểu 30% thời gian "
     "thực hiện TTHC và đơn giản hóa thành phần hồ sơ.", "chi_thi", (30, None, "%")),
    ("goal_after_muc_tieu", "đạt được mục tiêu tăng trưởng kinh tế 8% trong năm 2025 của Tỉnh và góp phần đạt mục tiêu "
     "tăng trưởng kinh tế từ 8,3 - 8,5% của cả nước", "thong_bao", (8.3, 8.5, "%")),
    ("quyet_tam", "2. Đẩy mạnh giải ngân đầu tư công, quyết tâm giải ngân 100% kế hoạch vốn năm 2025.", "thong_bao",
     (100, 100, "%")),
    ("phan_dau_list_later_item", "cụ thể: Phấn đấu tổng tỷ suất sinh đạt 2,1 con/phụ nữ; tỷ số giới tính khi sinh "
     "dưới 109 bé trai/100 bé gái sinh\nra sống; giảm 50% số cặp tảo hôn, giảm 60% số cặp hôn nhân cận huyết thống;",
     "ke_hoach", (60, 60, "%")),
    ("rate_unit", "cụ thể: Phấn đấu tổng tỷ suất sinh đạt 2,1 con/phụ nữ; tỷ số giới tính khi sinh dưới 109 bé "
     "trai/100 bé gái sinh ra sống;", "ke_hoach", (None, 109, "bé trai/100 bé gái sinh ra sống")),
    ("hoan_thanh", "- Các xã, phường hoàn thành 100% hồ sơ số hóa trong quý I.", "ke_hoach", (100, 100, "%")),
    ("dat_tren", "Tỷ lệ người dân hài lòng đạt trên 95%.", "ke_hoach", (95, None, "%")),
    ("pct_in_brackets", "Tập trung thi công (phấn đấu sản lượng mỗi tháng đạt tối thiểu 20%), kiểm soát chất lượng.",
     "thong_bao", (20, None, "%")),
    ("criteria_table", "Nội dung, tiêu chí đánh giá\nTiêu chuẩn đánh giá\nĐạt\nA\n7\nCó tối thiểu 01 camera hoạt động "
     "và lưu trữ hình ảnh", "thong_tu", (1, None, "camera")),
    ("criteria_typo", "Tiêu chuẩn đánh giá\n9\nCó tối thiếu 01 công cụ đánh giá mức độ hài lòng", "thong_tu",
     (1, None, "công cụ")),
    ("per_person_year", "Tiêu chuẩn đánh giá\n16\nCử viên chức tham gia đào tạo tối thiểu 01 lượt/người/năm (không áp "
     "dụng với người nghỉ ốm)", "thong_tu", (1, None, "lượt/người/năm")),
    ("tro_len_after_noun", "Tiêu chuẩn đánh giá\n23\nnăm 2026 đạt 90% đánh giá hài lòng trở lên, năm 2027 đạt 95% đánh "
     "giá hài lòng trở lên", "thong_tu", (95, None, "%")),
    ("not_exceed", "Tiêu chuẩn đánh giá\n21\nbảo đảm tỷ lệ sai sót không vượt quá 0,1% trên tổng số hồ sơ", "thong_tu",
     (None, 0.1, "%")),
    ("symbol_min", "tỷ lệ chất thải rắn sinh hoạt được thu gom, xử lý đạt ≥ 80%;", "quyet_dinh", (80, None, "%")),
]


@pytest.mark.parametrize("text,doc_type,expected", [t[1:] for t in REAL_TARGETS], ids=[t[0] for t in REAL_TARGETS])
def test_real_target(text, doc_type, expected):
    targets, _ = extract_targets(text, "2025-11-20", doc_type)
    assert expected in [(t["min"], t["max"], t["unit"]) for t in targets]


REAL_NOT_TARGETS = [
    ("example_in_brackets", "thỏa thuận có lợi hơn (như chế độ trả lương cao hơn ít nhất 7% so với mức lương tối thiểu)",
     "nghi_dinh"),
    ("reported_rate", "Tổng kim ngạch xuất khẩu đạt 2,6 tỷ USD, đạt 116,8% kế hoạch, tăng 42% so với cùng kỳ.", "thong_bao"),
    ("computed_saving", "- Tỷ lệ cắt giảm chi phí: 10%.", "quyet_dinh"),
    ("norm_in_decree", "Tỷ lệ tổ chức được xếp loại xuất sắc không vượt quá 20% trong tổng số tổ chức.", "nghi_dinh"),
    ("share_of_money", "Quỹ được sử dụng tối đa 50% số kết dư Quỹ năm trước.", "quyet_dinh"),
    ("scoring_row", "Tỷ lệ đạt từ 95% trở\nlên: 2,5\n", "quyet_dinh"),
    ("quoted_slogan", "Phấn đấu làm việc “3 ca, 4 kíp”, “ăn tranh thủ, ngủ khẩn trương”.", "cong_dien"),
    ("two_digit_idiom", "tạo đà để thực hiện mục tiêu tăng trưởng 2 con số trong những năm tiếp theo.", "cong_dien"),
    ("targeted_transfer", "Điều 1. Bổ sung có mục tiêu từ ngân sách trung ương cho 27 địa phương số tiền 2.615 tỷ đồng.",
     "quyet_dinh"),
    ("year_is_not_a_count", "Mục tiêu: Kế hoạch 2026 triển khai trên toàn tỉnh.", "ke_hoach"),
    ("already_named", "Đoàn kiểm tra tiến độ 02 công trình dự án. Yêu cầu phấn đấu hoàn thành 02 công trình dự án "
     "trước ngày 30/11/2025.", "thong_bao"),
    ("report_document", "Tỷ lệ hồ sơ trực tuyến đạt 85%.", "bao_cao"),
]


@pytest.mark.parametrize("text,doc_type", [t[1:] for t in REAL_NOT_TARGETS], ids=[t[0] for t in REAL_NOT_TARGETS])
def test_real_not_target(text, doc_type):
    targets, _ = extract_targets(text, "2025-11-20", doc_type)
    assert targets == []


def test_a_count_inside_a_percentage_goal_qualifies_it():
    targets, _ = extract_targets("Phấn đấu 70% phụ nữ mang thai được tầm soát ít nhất 4 loại bệnh tật bẩm sinh.",
                                 "2025-11-20", "ke_hoach")
    assert [(t["min"], t["max"], t["unit"]) for t in targets] == [(70, 70, "%")]


def test_alternatives_give_the_first_only():
    text = ("Tiêu chuẩn đánh giá\n12\nMỗi viên chức được trang bị 01 bộ máy vi tính để bàn hoặc 01 chiếc máy vi tính "
            "xách tay hoặc 01 thiết bị công nghệ thông tin tương đương")
    targets, _ = extract_targets(text, "2025-11-20", "thong_tu")
    assert [(t["min"], t["max"], t["unit"]) for t in targets] == [(1, 1, "bộ")]


@pytest.mark.parametrize("entry", VOCAB["goal_verbs"]["examples"] + VOCAB["shares"]["examples"])
def test_goal_verb_and_share_examples(entry):
    assert re.search(VOCAB["goal_verbs"]["pattern"], entry, re.I) or re.search(VOCAB["shares"]["pattern"], entry, re.I)


@pytest.mark.parametrize("group", ["goal_zones", "reported_rates", "report_headings"])
def test_more_pattern_examples(group):
    for example in VOCAB[group]["examples"]:
        assert re.search(VOCAB[group]["pattern"], example, re.I | re.M), example


def test_linear_time_on_long_text():
    import time
    block = "- Phấn đấu đạt tối thiểu 30% số xã; có 20 sản phẩm đạt 3 sao.\n" * 1000
    start = time.perf_counter()
    extract_targets(block, "2025-11-20", "ke_hoach")
    small = time.perf_counter() - start
    start = time.perf_counter()
    extract_targets(block * 4, "2025-11-20", "ke_hoach")
    assert time.perf_counter() - start < small * 8


def test_goals_under_a_wrapped_heading_and_a_list_a_goal_sentence_introduces():
    from extractors.document import extract_text
    text = ("ỦY BAN NHÂN DÂN\nTỈNH ĐỒNG THÁP\nSố: 552/KH-UBND\nĐồng Tháp, ngày 02 tháng 12 năm 2025\nKẾ HOẠCH\n"
            "Đổi mới công nghệ\nII. MỤC\nTIÊU\n1. Mục\ntiêu cụ thể\n- Hình thành ít nhất\n150 sản phẩm đổi mới "
            "sáng tạo; 100 doanh\nnghiệp khởi nghiệp.\nIII. NHIỆM VỤ\n2. Kế hoạch giai đoạn 2026 - 2030\n"
            "Trong giai đoạn 2026 - 2030, phấn đấu triển khai phát triển trạm 5G, cụ thể như sau:\n"
            "+ Lắp đặt mới trạm 3G/4G: 58 trạm;\n+ Đầu tư mới trạm 5G: 35 trạm.\n3. Tổ chức thực hiện\n"
            "Hiện có 87 trạm.\n")
    got = {(t["min"], t["max"], t["unit"]) for t in extract_text(text)["targets"]}
    assert {(150, None, "sản phẩm"), (100, 100, "doanh nghiệp"), (58, 58, "trạm"), (35, 35, "trạm")} <= got
    assert (87, 87, "trạm") not in got


def test_a_qualifier_goes_on_over_a_list_of_counts_of_one_kind():
    text = ("Mục tiêu đến năm 2030: Hình thành ít nhất 100 doanh nghiệp khởi nghiệp sáng tạo, 50 doanh nghiệp khoa học "
            "công nghệ.")
    got = {(t["min"], t["max"], t["unit"]) for t in extract_targets(text, "2025-11-01", "ke_hoach")[0]}
    assert got == {(100, None, "doanh nghiệp"), (50, None, "doanh nghiệp")}


def test_allocations_in_a_bracket_are_goals_and_a_unit_may_wrap_to_the_next_line():
    text = ("II. MỤC TIÊU\n1. Mục tiêu giai đoạn 2026 - 2030\n"
            "+ Chuyển đổi từ trạm 3G/4G sang trạm 5G: 125 trạm\n(Trong đó: MobiFone: 22 trạm, VNPT: 56 trạm, Viettel: 47 "
            "trạm), nâng tổng số trạm 5G: 188 trạm.\n"
            "+ Có ít nhất 50 doanh nghiệp trở thành hạt nhân đổi mới công nghệ, trong đó có 20\ndoanh nghiệp công nghệ cao.\n"
            "12\nHệ thống máy móc hoạt động ổn định\n13\nĐơn vị tự bảo đảm chi thường xuyên.\n")
    got = {(t["min"], t["max"], t["unit"]) for t in extract_targets(text, "2025-11-20", "ke_hoach")[0]}
    assert {(125, 125, "trạm"), (22, 22, "trạm"), (56, 56, "trạm"), (47, 47, "trạm"), (188, 188, "trạm"),
            (20, 20, "doanh nghiệp")} <= got
    assert not any(unit == "đơn vị" for _, _, unit in got)        # a table's row number before "Đơn vị …"


def test_qualifier_and_unit_wrapped_over_lines():
    text = ("II. MỤC TIÊU\n- Phấn đấu mỗi năm phát triển từ\n05 bộ dữ liệu mở chất lượng cao; có tối\nthiểu 05 kịch bản ứng "
            "dụng dữ liệu. Đến năm 2030, tỉnh có ít nhất 20 tập dữ\nliệu mở được công bố.\n")
    got = {(t["min"], t["max"], t["unit"]) for t in extract_targets(text, "2025-11-20", "ke_hoach")[0]}
    assert {(5, None, "bộ dữ liệu"), (5, None, "kịch bản"), (20, None, "tập dữ liệu")} <= got


def test_a_goal_restated_in_an_annex_is_one_goal():
    text = ("II. MỤC TIÊU\n- Kinh phí chi cho nghiên cứu phát triển (R&D)/GRDP tối thiểu 2%.\n"
            "- Tỷ lệ phủ sóng 5G đạt 100%; xây dựng trạm BTS 5G tại các KCN đạt 100%.\n\n"
            "- Phấn đấu kinh phí chi cho nghiên cứu phát triển (R&D)/GRDP tối thiểu 2%.\n")
    got = [(t["min"], t["max"], t["unit"]) for t in extract_targets(text, "2025-11-20", "ke_hoach")[0]]
    assert got.count((2, None, "%")) == 1 and got.count((100, 100, "%")) == 2


def test_the_rate_reached_so_far_in_a_bracket_is_not_a_goal():
    text = ("(4) đôn đốc các doanh nghiệp viễn thông phủ sóng 5G trên phạm vi toàn quốc, phải đạt 90% trong năm "
            "2025 (đến nay mới đạt 39,5%);")
    targets, _ = extract_targets(text, "2025-11-16", "thong_bao")
    assert [(t["min"], t["max"], t["unit"]) for t in targets] == [(90, 90, "%")]
