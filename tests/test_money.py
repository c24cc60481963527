"""Money: amounts in digits and in words, the đồng formatter, and funding records with their links."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors import lexicon
from extractors.money import (amount_in_words, extract_funding, format_vnd, parse_amount,
                              parse_amount_words, parse_number)

AMOUNTS = [
    ("30.000.000 đồng", 30_000_000),
    ("500 triệu đồng", 500_000_000),
    ("589,72 triệu đồng", 589_720_000),
    ("6.400 triệu đồng", 6_400_000_000),
    ("6,4 tỷ đồng", 6_400_000_000),
    ("1,5 nghìn tỷ đồng", 1_500_000_000_000),
    ("1,5 nghìn tỷ", 1_500_000_000_000),
    ("2 tỷ 350 triệu đồng", 2_350_000_000),
    ("15 triệu VNĐ", 15_000_000),
    ("500.000đ", 500_000),
    ("12 triệu đ", 12_000_000),
    ("200 ngàn đồng", 200_000),
    ("kinh phí là 30.000.000 đồng.", 30_000_000),
]


@pytest.mark.parametrize("text,vnd", AMOUNTS, ids=[a[0] for a in AMOUNTS])
def test_parse_amount(text, vnd):
    assert parse_amount(text) == vnd


@pytest.mark.parametrize("text", ["5 đồng chí", "ngày 12/3/2020", "20 sản phẩm", "5 triệu USD"])
def test_not_an_amount(text):
    assert parse_amount(text) is None


NUMBERS = [("30.000.000", 30_000_000), ("589,72", "589.72"), ("1.5", "1.5"), ("1,234,567", 1_234_567),
           ("1.234,5", "1234.5")]


@pytest.mark.parametrize("text,value", NUMBERS, ids=[n[0] for n in NUMBERS])
def test_parse_number_uses_decimal(text, value):
    from decimal import Decimal
    assert parse_number(text) == Decimal(str(value))


WORDS = [
    ("Sáu tỷ, bốn trăm triệu đồng", 6_400_000_000),
    ("một trăm linh năm triệu", 105_000_000),
    ("một trăm lẻ năm triệu", 105_000_000),
    ("hai mươi mốt", 21),
    ("mười lăm", 15),
    ("hai mươi lăm", 25),
    ("ba mươi tư", 34),
    ("chín mươi", 90),
    ("bảy ngàn", 7_000),
    ("một nghìn không trăm linh năm", 1_005),
    ("Ba mươi triệu đồng chẵn", 30_000_000),
    ("một nghìn năm trăm tỷ", 1_500_000_000_000),
    ("một nghìn tỷ một tỷ", 1_001_000_000_000),
    ("hai tỷ ba trăm năm mươi triệu", 2_350_000_000),
]


@pytest.mark.parametrize("text,value", WORDS, ids=[w[0] for w in WORDS])
def test_parse_amount_words(text, value):
    assert parse_amount_words(text) == value


@pytest.mark.parametrize("text", ["", "đồng", "Sáu tỷ bốn trăm triệu đô la", "mươi hai", "hai trăm trăm"])
def test_words_that_are_not_a_number(text):
    assert parse_amount_words(text) is None


@pytest.mark.parametrize("amount,text", [(6_400_000_000, "6.400.000.000 đồng"), (0, "0 đồng"),
                                         (999, "999 đồng"), (1_000, "1.000 đồng")])
def test_format_vnd(amount, text):
    assert format_vnd(amount) == text


@pytest.mark.parametrize("amount,words", [(1_005, "một nghìn không trăm linh năm"), (21, "hai mươi mốt"),
                                          (15, "mười lăm"), (6_400_000_000, "sáu tỷ bốn trăm triệu")])
def test_amount_in_words(amount, words):
    assert amount_in_words(amount) == words


@given(st.integers(min_value=0, max_value=10 ** 18))
def test_format_then_parse_round_trips(amount):
    assert parse_amount(format_vnd(amount)) == amount


@given(st.integers(min_value=0, max_value=10 ** 18 - 1))
def test_words_then_parse_round_trips(amount):
    assert parse_amount_words(amount_in_words(amount) + " đồng") == amount


@given(st.integers(min_value=0, max_value=10 ** 15 - 1))
def test_num2words_vietnamese_is_read_back(amount):
    """An independent writer: num2words' 'vi' converter (exact below 10^15, where it uses floats)."""
    num2words = pytest.importorskip("num2words").num2words
    assert parse_amount_words(num2words(amount, lang="vi")) == amount


# --------------------------------------------------------------------------- the data file

MONEY = lexicon.load("money.json")
DIGIT_EXAMPLES = [ex for group in ("currencies", "scales") for e in MONEY[group] for ex in e["examples"]]


@pytest.mark.parametrize("example", DIGIT_EXAMPLES, ids=[e["text"] for e in DIGIT_EXAMPLES])
def test_currency_and_scale_examples_are_read(example):
    assert parse_amount(example["text"]) == example["vnd"]


@pytest.mark.parametrize("example", MONEY["number_words"]["examples"],
                         ids=[e["text"] for e in MONEY["number_words"]["examples"]])
def test_number_word_examples_are_read(example):
    assert parse_amount_words(example["text"]) == example["value"]


@pytest.mark.parametrize("entry", MONEY["sources"], ids=[s["pattern"][:30] for s in MONEY["sources"]])
def test_source_examples_are_matched(entry):
    import regex as re
    assert entry["examples"]
    for example in entry["examples"]:
        assert re.search(entry["pattern"], example, re.I), example


@pytest.mark.parametrize("group", ["totals", "labels"])
def test_total_and_label_examples_are_matched(group):
    import regex as re
    assert MONEY[group]["examples"], group
    for example in MONEY[group]["examples"]:
        assert re.search(MONEY[group]["pattern"], example, re.I).group(0).strip(), example


# --------------------------------------------------------------------------- funding records

def _by_amount(text: str, issued_on: str | None = "2019-03-28") -> dict[int, dict]:
    return {f["amount_vnd"]: f for f in extract_funding(text, issued_on)}


def test_words_in_brackets_are_read_and_compared():
    text = "Dự kiến nhu cầu kinh phí từ nguồn ngân sách năm 2019 là: 6.400 triệu đồng (Bằng chữ: Sáu tỷ, bốn trăm triệu đồng)."
    f = _by_amount(text)[6_400_000_000]
    assert f["in_words_vnd"] == 6_400_000_000 and f["words_mismatch"] is False
    assert f["source"] == "nguồn ngân sách" and f["year"] == 2019
    assert f["text"] == "6.400 triệu đồng" and text[slice(*f["span"])] == f["text"]


def test_words_that_disagree_are_flagged():
    f = extract_funding("Tổng kinh phí 6.400 triệu đồng (Bằng chữ: Sáu tỷ, năm trăm triệu đồng).")[0]
    assert f["in_words_vnd"] == 6_500_000_000 and f["words_mismatch"] is True


PARTS = [
    ("trong_do", "Tổng kinh phí: 556,40 triệu đồng, trong đó ngân sách nhà nước hỗ trợ 273,38 triệu đồng.",
     {273_380_000: 556_400_000}),
    ("parenthesised", "tổng kinh phí tổ chức tham gia các chợ 589,72 triệu đồng (Nguồn hỗ trợ OCOP: 226,62 triệu "
     "đồng, nguồn hỗ trợ cây trồng: 363,1 triệu đồng).", {226_620_000: 589_720_000, 363_100_000: 589_720_000}),
    ("gom_list", "Năm 2018 đã triển khai 2 dự án, tổng kinh phí 300 triệu đồng, gồm:\n- Dự án A, kinh phí 100 triệu "
     "đồng;\n- Dự án B, kinh phí thực hiện 200 triệu đồng.", {100_000_000: 300_000_000, 200_000_000: 300_000_000}),
    ("list_not_summing", "Tổng kinh phí 300 triệu đồng, gồm:\n- Dự án A: 100 triệu đồng;\n- Dự án B: 150 triệu đồng.",
     {}),
]


@pytest.mark.parametrize("text,links", [p[1:] for p in PARTS], ids=[p[0] for p in PARTS])
def test_part_of_links_sub_amounts_to_their_total(text, links):
    found = _by_amount(text)
    assert {a: f["part_of"] for a, f in found.items() if "part_of" in f} == links


def test_source_purpose_and_year_of_a_sentence():
    text = ("Tổng kinh phí UBND tỉnh đã bố trí để triển khai chương trình OCOP năm 2018 là 500 triệu đồng "
            "(Nguồn vốn: Sự nghiệp Ngân sách Trung ương);")
    f = _by_amount(text)[500_000_000]
    assert f["source"] == "Sự nghiệp Ngân sách Trung ương"
    assert f["purpose"] == "Tổng kinh phí UBND tỉnh đã bố trí để triển khai chương trình OCOP năm 2018"
    assert f["year"] == 2018


def test_year_falls_back_to_heading_then_document():
    text = "2. Kết quả triển khai trong năm 2018\n\nĐã hỗ trợ tham gia hội chợ, tổng kinh phí 90 triệu đồng.\n"
    assert extract_funding(text, "2019-03-28")[0]["year"] == 2018
    assert extract_funding("Kinh phí 90 triệu đồng.", "2019-03-28")[0]["year"] == 2019


@pytest.mark.parametrize("text", ["Có 5 đồng chí tham dự.", "Ngày 12/3/2020, 20 sản phẩm đạt 3 sao.",
                                  "Đạt 5 triệu USD kim ngạch."])
def test_no_funding(text):
    assert extract_funding(text) == []


# --------------------------------------------------------------------------- real cases

FUNDING_CASES = [
    ("wrapped_currency", "- Chi phí tiết kiệm: 3.200.000\nđồng/năm.", 3_200_000, "đồng/năm"),
    ("per_person_wrapped", "Dẫn chương trình (không quá 02 người): 1.000.000\nđồng/người/buổi.", 1_000_000,
     "đồng/người/buổi"),
    ("per_person_month", "Hỗ trợ 80.000 đồng/người/tháng cho cộng tác viên.", 80_000, "đồng/người/tháng"),
    ("rate_per_session", "mức chi 200.000 đồng/buổi;", 200_000, "đồng/buổi"),
    ("dong_viet_nam", "tối đa là 100 triệu Đồng Việt Nam trong một tháng.", 100_000_000, None),
    ("scale_on_next_line", "- Dự kiến cả nước năm 2026: 2.000.000\ntỷ đồng", 2_000_000_000_000_000, None),
    ("scale_wrapped", "Mức cho vay tối đa là 30 triệu đồng/công trình nước sạch và 50\ntriệu đồng/công trình vệ sinh.",
     50_000_000, "đồng/công trình vệ sinh"),
]


@pytest.mark.parametrize("text,vnd,unit", [c[1:] for c in FUNDING_CASES], ids=[c[0] for c in FUNDING_CASES])
def test_funding_case(text, vnd, unit):
    found = _by_amount(text)
    assert vnd in found
    assert found[vnd].get("unit") == unit


@pytest.mark.parametrize("text", ["Điểm trừ\n1,2\n\nđ\n", "TT\n\n23\n\nĐỒNG THÁP\n\n106.600",
                                  "quy định tại mục 4đ Biểu thuế", "Chủ tịch Hội đồng: 01 đồng chí Chỉ huy",
                                  "phụ cấp đặc thù tháng 5 năm 2026 đồng chí A được hưởng"])
def test_not_money_across_lines_or_words(text):
    assert extract_funding(text) == []


TABLES = MONEY["table_units"]["examples"]


@pytest.mark.parametrize("example", TABLES, ids=[f"table{i}" for i in range(len(TABLES))])
def test_table_cells_under_a_money_unit(example):
    assert sorted({f["amount_vnd"] for f in extract_funding(example["text"])}) == sorted(set(example["vnd"]))


def test_table_cells_keep_the_unit_and_span():
    text = "Vùng\nMức lương tối thiểu tháng\n(Đơn vị: đồng/tháng)\nVùng I\n5.310.000\nVùng II\n4.730.000\n"
    found = extract_funding(text)
    assert [f["amount_vnd"] for f in found] == [5_310_000, 4_730_000]
    assert all(f["unit"] == "đồng/tháng" and text[slice(*f["span"])] == f["text"] for f in found)


@pytest.mark.parametrize("example", MONEY["not_currency"]["examples"])
def test_not_currency_words(example):
    assert parse_amount(example) is None
