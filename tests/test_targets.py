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
    for example in entry["examples"]:
        targets, _ = extract_targets("Mục tiêu: có " + example, None)
        assert targets == [], example


@pytest.mark.parametrize("entry", VOCAB["qualifiers"], ids=[q["bound"] for q in VOCAB["qualifiers"]])
def test_qualifier_examples_bound_the_number(entry):
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
    for example in entry["examples"]:
        assert re.search(entry["pattern"], example, re.I), example
