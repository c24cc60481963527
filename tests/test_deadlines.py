"""Deadlines (extractors/deadlines.py): one row per written form, the non-deadlines, working
days, and every example of data/temporal.json read back."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors import lexicon
from extractors.deadlines import add_working_days, extract_deadlines, is_day_off, month_end
from extractors.recurring import recurring

ISSUED = "2020-03-05"


def only(text: str, issued_on: str | None = ISSUED) -> dict:
    found = extract_deadlines(text, issued_on)
    assert len(found) == 1, found
    d = found[0]
    assert text[d["span"][0]:d["span"][1]] == d["text"]
    return d


FORMS = [
    pytest.param("chuyển hồ sơ về Sở chậm nhất vào ngày 10/4/2020 để", ("by_date", "2020-04-10"), id="chậm-nhất-ngày"),
    pytest.param("hoàn thành việc đánh giá trước ngày 30/9/2021;", ("by_date", "2021-09-30"), id="trước-ngày"),
    pytest.param("Hạn chót 15/01/2021.", ("by_date", "2021-01-15"), id="hạn-chót-bare-date"),
    pytest.param("gửi báo cáo trước ngày 10 tháng 4 năm 2020.", ("by_date", "2020-04-10"), id="date-in-words"),
    pytest.param("gửi báo cáo chậm nhất ngày 25/4.", ("by_date", "2020-04-25"), id="no-year-takes-issue-year"),
    pytest.param("Kế hoạch năm 2021: gửi hồ sơ trước ngày 15/02 để thẩm định năm 2021.", ("by_date", "2021-02-15"),
                 id="no-year-takes-sentence-year"),
    pytest.param("quyết định công nhận chậm nhất trong tháng 5/2020;", ("by_month", "2020-05-31"), id="chậm-nhất-tháng"),
    pytest.param("ban hành trong tháng 4/2020 để", ("by_month", "2020-04-30"), id="trong-tháng"),
    pytest.param("hoàn thành chậm nhất trong tháng 2/2024;", ("by_month", "2024-02-29"), id="tháng-2-leap-year"),
    pytest.param("hoàn thành chậm nhất trong tháng 2/2023;", ("by_month", "2023-02-28"), id="tháng-2-common-year"),
    pytest.param("hoàn thành chậm nhất trong tháng 12/2020;", ("by_month", "2020-12-31"), id="tháng-12-year-end"),
    pytest.param("hoàn thành trong Quý 1/2024;", ("by_quarter", "2024-03-31"), id="quý-arabic"),
    pytest.param("tổ chức hội nghị vào trung tuần tháng 3/2020;", ("by_dekad", "2020-03-20"), id="trung-tuần"),
    pytest.param("tổ chức hội nghị vào thượng tuần tháng 4/2020;", ("by_dekad", "2020-04-10"), id="thượng-tuần"),
    pytest.param("tổ chức hội nghị vào hạ tuần tháng 2/2024;", ("by_dekad", "2024-02-29"), id="hạ-tuần-leap"),
    pytest.param("trình UBND tỉnh trong Quý IV/2020.", ("by_quarter", "2020-12-31"), id="quý-roman"),
    pytest.param("Thời gian: Trong quý II năm 2020.", ("by_quarter", "2020-06-30"), id="quý-năm"),
    pytest.param("Thời gian dự kiến: Quý I - II năm 2020", ("by_quarter", "2020-06-30"), id="quý-range"),
    pytest.param("Hoàn thành trong quy III năm 2020.", ("by_quarter", "2020-09-30"), id="quy-typo"),
    pytest.param("hoàn thành trong quí 3/2020.", ("by_quarter", "2020-09-30"), id="quí-arabic"),
    pytest.param("hoàn thành trong Q.IV/2020.", ("by_quarter", "2020-12-31"), id="Q-dot"),
    pytest.param("Thời gian: từ quý I - quý IV năm 2020.", ("by_quarter", "2020-12-31"), id="từ-quý-đến-quý"),
    pytest.param("Thời gian: quý II, III và IV năm 2020", ("by_quarter", "2020-12-31"), id="quý-list"),
    pytest.param("Dự kiến hoàn thành quý I hoặc đầu quý II/2020.", ("by_quarter", "2020-06-30"), id="quý-hoặc-đầu"),
    pytest.param("hoàn thành trong 6 tháng đầu năm 2021.", ("by_half", "2021-06-30"), id="6-tháng-đầu"),
    pytest.param("triển khai trong 6 tháng cuối năm.", ("by_half", "2020-12-31"), id="6-tháng-cuối-no-year"),
    pytest.param("kế hoạch thực hiện đến cuối năm 2020", ("by_year", "2020-12-31"), id="đến-cuối-năm"),
    pytest.param("mục tiêu đến hết năm 2020 toàn tỉnh có 20 sản phẩm", ("by_year", "2020-12-31"), id="đến-hết-năm"),
    pytest.param("hoàn thành đến cuối năm.", ("by_year", "2020-12-31"), id="đến-cuối-năm-no-year"),
    pytest.param("II. KẾ HOẠCH THỰC HIỆN TRONG NĂM 2020", ("by_year", "2020-12-31"), id="trong-năm"),
    pytest.param("báo cáo trong vòng 15 ngày kể từ ngày ký.", ("relative", "2020-03-20"), id="relative-days"),
    pytest.param("gửi ý kiến trong thời hạn 01 tháng kể từ ngày nhận được văn bản này.", ("relative", "2020-04-05"),
                 id="relative-month-on-receipt"),
    pytest.param("Thời hạn hoàn thành không quá 05 ngày làm việc kể từ ngày ban hành Quyết định.",
                 ("relative", "2020-03-12"), id="relative-không-quá-own-decision"),
    pytest.param("hoàn thành trong thời gian 90 ngày kể từ ngày ban hành Quyết định này, phù hợp",
                 ("relative", "2020-06-03"), id="relative-ban-hành-này"),
    pytest.param("gửi báo cáo kết quả trước 17 giờ ngày 20/11/2020.", ("by_date", "2020-11-20"), id="time-giờ"),
    pytest.param("gửi về Sở Tài chính trước 16h00 ngày 25/11/2020 để tổng hợp", ("by_date", "2020-11-25"), id="time-h"),
    pytest.param("báo cáo chậm nhất 15:00, thứ Sáu, ngày 27/3/2020;", ("by_date", "2020-03-27"), id="time-weekday"),
    pytest.param("Thời gian hoàn thành: Tháng 11 - 12/2020.", ("by_month", "2020-12-31"), id="month-range"),
    pytest.param("3. Thời gian thực hiện: Từ năm 2026 - 2030.", ("by_year", "2030-12-31"), id="year-range-after-lead"),
    pytest.param("Hoàn thành trong giai đoạn 2026 - 2027 và vận hành thường xuyên", ("by_year", "2027-12-31"),
                 id="giai-đoạn-after-lead"),
    pytest.param("[2] Dự kiến Tổ chức ngày 19 tháng 12 năm 2020 (khánh thành 02 công trình).",
                 ("by_date", "2020-12-19"), id="planned-event"),
    pytest.param("hoàn thành sửa chữa nhà ở cho người dân trước Tết Nguyên đán Bính Ngọ 2026.",
                 ("by_date", "2026-02-16"), id="before-tết"),
    pytest.param("tổ chức thăm hỏi, tặng quà gia đình chính sách dịp Tết Nguyên đán Tân Sửu",
                 ("by_date", "2021-02-12"), id="dịp-tết-canchi"),
    pytest.param("Thời hạn hoàn thành chậm nhất 05 ngày làm việc kể từ ngày ban hành Quyết định.",
                 ("relative", "2020-03-12"), id="relative-chậm-nhất"),
    pytest.param("Hội đồng nhân dân các tỉnh phải có lộ trình giảm dần số lượng Phó Chủ tịch để đến tháng 7 năm "
                 "2030 thì số lượng Phó Chủ tịch thực hiện đúng quy định.", ("by_month", "2030-07-31"),
                 id="by-then-thì"),
    pytest.param("Ban hành văn bản quy phạm pháp luật để cắt giảm thủ tục hành chính, bảo đảm có hiệu lực trước "
                 "ngày 01 tháng 3 năm 2027;", ("by_date", "2027-03-01"), id="in-force-by"),
    pytest.param("Các cơ quan ban hành quy định xử lý phản ánh trong thời hạn 60 ngày kể từ ngày Quy chế này được "
                 "ban hành.", ("relative", "2020-05-04"), id="from-the-rules-issued-with-it"),
]


@pytest.mark.parametrize("text, expected", FORMS)
def test_deadline_forms(text: str, expected: tuple[str, str]) -> None:
    d = only(text)
    assert (d["kind"], d["due"]) == expected
    assert d["rrule"] is None


RECURRING = [
    pytest.param("2. Định kỳ 06 (sáu) tháng hoặc đột xuất, Văn phòng UBND tỉnh báo cáo UBND tỉnh",
                 "FREQ=MONTHLY;INTERVAL=6", id="count-spelled-in-brackets"),
    pytest.param("Định kỳ 06 tháng, năm (20/6 và 20/12 hàng năm), các Sở báo cáo",
                 "FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=20", id="two-dates-yearly"),
    pytest.param("định kỳ hằng tháng trước ngày 25 gửi báo cáo", "FREQ=MONTHLY;BYMONTHDAY=25", id="monthly-day"),
    pytest.param("Trước ngày 20 hằng tháng, Kho bạc tổng hợp báo cáo", "FREQ=MONTHLY;BYMONTHDAY=20", id="day-monthly"),
    pytest.param("Trước ngày 31 tháng 12 hằng năm, các đơn vị báo cáo", "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31",
                 id="date-yearly"),
    pytest.param("Định kỳ hàng năm (chậm nhất vào ngày 25/12), báo cáo Bộ trưởng",
                 "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25", id="yearly-then-date"),
    pytest.param("gửi trước ngày 15 của tháng cuối quý", "FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=15",
                 id="quarter-end-month"),
    pytest.param("Định kỳ hằng quý, Sở tổng hợp báo cáo UBND tỉnh", "FREQ=MONTHLY;INTERVAL=3", id="hằng-quý"),
    pytest.param("Định kỳ hằng năm, Bộ báo cáo Chính phủ", "FREQ=YEARLY", id="hằng-năm"),
    pytest.param("báo cáo định kỳ 6 tháng một lần", "FREQ=MONTHLY;INTERVAL=6", id="every-6-months"),
    pytest.param("chỉ đạo thực hiện nghiêm việc báo cáo\nThủ tướng Chính phủ hằng tuần về tiến độ",
                 "FREQ=WEEKLY", id="report-weekly"),
    pytest.param("báo cáo Chủ tịch Ủy ban nhân dân tỉnh kết quả\nthực hiện hằng năm theo quy định;",
                 "FREQ=YEARLY", id="report-yearly"),
    pytest.param("- Tổng hợp, lồng ghép báo\ncáo công tác truyền thông trong báo cáo công tác giảm nghèo hàng\nnăm của cơ "
                 "quan, đơn vị", "FREQ=YEARLY", id="report-noun-yearly"),
    pytest.param("d) Hằng năm báo cáo Hội đồng nhân dân Thành phố kết quả thực hiện;", "FREQ=YEARLY",
                 id="clause-opening-yearly"),
    pytest.param("tổng hợp nhu cầu từ cơ sở, báo cáo UBND tỉnh trước 19h00’ hằng ngày và đột xuất khi cần thiết.",
                 "FREQ=DAILY", id="report-daily"),
    pytest.param("hướng dẫn mẫu báo cáo hàng tuần trước 15:00 ngày thứ Sáu hàng tuần và theo dõi",
                 "FREQ=WEEKLY;BYDAY=FR", id="weekday-weekly"),
    pytest.param("Hàng năm, trước ngày 25 tháng 12, các cơ quan, đơn vị chủ trì báo cáo", "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25",
                 id="yearly-comma-date"),
    pytest.param("b) Định kỳ hằng năm (trước ngày 15/12), báo cáo Ủy ban nhân dân tỉnh",
                 "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=15", id="yearly-bracket-date"),
    pytest.param("1. Chậm nhất đến ngày 31 tháng 12 hàng năm, người làm công tác quốc tịch phải thống kê",
                 "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31", id="chậm-nhất-đến-yearly"),
    pytest.param("tổng hợp, báo cáo Bộ trưởng số lượng hóa chất cấm trước 30 tháng 01 hằng năm.",
                 "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=30", id="yearly-without-ngày"),
    pytest.param("“1. Hằng năm, trước ngày 30 tháng 01 của năm tiếp theo, chủ giấy phép lập báo cáo",
                 "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=30", id="yearly-next-year"),
    pytest.param("Cục Đường sắt gửi báo cáo trước ngày 25 tháng cuối của quý.", "FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=25",
                 id="quarter-end-month-của"),
    pytest.param("Ban Chỉ huy Phòng thủ dân sự cấp tỉnh\n\nTháng 12 hằng năm\n\nBáo cáo của Ban Chỉ huy",
                 "FREQ=YEARLY;BYMONTH=12", id="month-yearly-table-cell"),
    pytest.param("quản lý; định kỳ 01\ntháng 01 lần tổ chức ra quân vệ sinh môi trường", "FREQ=MONTHLY",
                 id="once-a-month"),
    pytest.param("b) Sở Nội vụ tổng hợp kết quả từ ngày 16 đến ngày 31 tháng 12 hằng năm;",
                 "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31", id="window-end-yearly"),
]


@pytest.mark.parametrize("text, rrule", RECURRING)
def test_recurring_forms(text: str, rrule: str) -> None:
    d = only(text)
    assert (d["kind"], d["due"], d["rrule"]) == ("recurring", None, rrule)


LISTS = [
    pytest.param("Báo cáo Ủy ban nhân dân Tỉnh định kỳ 06 tháng (trước ngày 30/6), năm (trước ngày 25/12).",
                 ["FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=30", "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25"],
                 id="six-months-and-year-each-dated"),
    pytest.param("Định kỳ hàng tháng (trước ngày 16 hàng tháng), 6 tháng (trước\nngày 16/6), tổng kết năm (trước ngày "
                 "20/11 hàng năm) hoặc khi có yêu cầu", ["FREQ=MONTHLY;BYMONTHDAY=16", "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=16",
                                                          "FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=20"], id="three-dated-items"),
    pytest.param("định kỳ 06 tháng (trước ngày 20 tháng 6 hằng năm) và 01 năm (trước ngày 15\ntháng 11 hằng năm) báo cáo",
                 ["FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=20", "FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=15"], id="và-01-năm"),
    pytest.param("Định kỳ 6 tháng (gửi trước ngày 15/6) và hằng năm (gửi trước ngày 15/11), gửi báo cáo",
                 ["FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=15", "FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=15"], id="gửi-trước"),
    pytest.param("đánh giá việc thực hiện kế hoạch định kỳ hằng tháng, quý, 6 tháng, năm, giai đoạn và đột xuất.",
                 ["FREQ=MONTHLY", "FREQ=MONTHLY;INTERVAL=3", "FREQ=MONTHLY;INTERVAL=6", "FREQ=YEARLY"], id="undated-items"),
    pytest.param("Báo cáo Hội đồng quản trị định kỳ hằng quý, 6 tháng, 9 tháng và hằng năm",
                 ["FREQ=MONTHLY;INTERVAL=3", "FREQ=MONTHLY;INTERVAL=6", "FREQ=YEARLY"], id="nine-months-is-no-step"),
]


@pytest.mark.parametrize("text, rules", LISTS)
def test_periodic_lists_give_one_rule_per_item(text: str, rules: list[str]) -> None:
    found = extract_deadlines(text, ISSUED)
    assert [d["rrule"] for d in found] == rules
    assert all(d["kind"] == "recurring" and d["due"] is None for d in found)
    spans = [d["span"] for d in found]
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))  # each item its own tight span


def test_dated_and_recurring_deadline_in_one_sentence() -> None:
    found = extract_deadlines("báo cáo Thủ tướng Chính phủ trước ngày 20 tháng 11 năm 2020 và hàng tháng; rà soát", ISSUED)
    assert [(d["kind"], d["due"], d["rrule"]) for d in found] == [
        ("by_date", "2020-11-20", None), ("recurring", None, "FREQ=MONTHLY")]


def test_two_days_in_one_yearly_phrase_give_two_rules() -> None:
    found = extract_deadlines("định kỳ trước ngày 01/6 và 15/11 hằng năm báo cáo", ISSUED)
    assert [d["rrule"] for d in found] == ["FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=1", "FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=15"]


NOT_DEADLINES = [
    pytest.param("Theo đó, tính đến hết ngày 30/7/2021, các huyện đã triển khai", id="cut-off"),
    pytest.param("I. Tiến độ thực hiện Chương trình OCOP 8 tháng đầu năm 2020:", id="reporting-period"),
    pytest.param("Báo cáo kết quả 6 tháng đầu năm 2020", id="half-in-title"),
    pytest.param("Thực hiện Quyết định số 490/QĐ-TTg ngày 07/5/2018 của Thủ tướng Chính phủ", id="cited-document"),
    pytest.param("Quảng Trị, ngày 28 tháng 7 năm 2021", id="date-line"),
    pytest.param("Luật này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2026.", id="effective-date"),
    pytest.param("Nghị định này có hiệu lực kể từ ngày ký.", id="effective-on-signing"),
    pytest.param("Tháng 7 năm 2021, Ban điều hành Chương trình OCOP tỉnh đã tổ chức Hội nghị", id="past-event"),
    pytest.param("Trong quý II/2021, Sở đã tổ chức 3 lớp tập huấn", id="past-quarter"),
    pytest.param("I. KẾT QUẢ THỰC HIỆN TRONG NĂM 2019.", id="before-issue-date"),
    pytest.param("phê duyệt Đề án giai đoạn 2018 - 2020, định hướng đến năm 2030", id="horizon"),
    pytest.param("Trường hợp giao đất trước ngày 01 tháng 7 năm 2024 thì giá đất áp dụng", id="condition"),
    pytest.param("Văn bản chấp thuận có hiệu lực trong thời hạn 12 tháng kể từ ngày ký.", id="validity-period"),
    pytest.param("trong thời hạn 15 ngày kể từ ngày nhận được hồ sơ hợp lệ", id="procedural-period"),
    pytest.param("Trong thời hạn năm (05) ngày làm việc, kể từ ngày nhận đủ mẫu vật", id="năm-is-five"),
    pytest.param("gửi Cục trước ngày 31 tháng 12 của năm trước liền kề", id="year-by-role"),
    pytest.param("Tổ chức Hội nghị đối tác OCOP định kỳ ít nhất 01 hội nghị đối tác/năm", id="frequency-target"),
    pytest.param("Trong thời hạn 05 ngày làm việc kể từ ngày ban hành quyết định thu hồi, cơ quan gửi",
                 id="procedure-counted-from-another-decision"),
    pytest.param("Thời gian thực hiện: Từ tháng 11/2020 đến khi kết thúc Tổng kiểm kê.", id="start-month"),
    pytest.param("Thời hạn hoàn thành: Từ ngày 01/01/2021.", id="start-date"),
    pytest.param("Báo cáo định kỳ 06 tháng đầu năm: Thời gian chốt số liệu tính từ ngày 15 tháng 12 năm trước kỳ báo "
                 "cáo đến ngày 14 tháng 6 của kỳ báo cáo.", id="data-window"),
    pytest.param("2. Sau ngày 15 tháng 4 hàng năm, căn cứ báo cáo năm của doanh nghiệp", id="after-yearly-date"),
    pytest.param("quyết định ban hành hệ số điều chỉnh giá đất áp dụng từ ngày 01 tháng 01 hằng năm", id="applies-from"),
    pytest.param("phê duyệt dự toán, bố trí trong dự toán ngân sách hằng năm để báo cáo UBND tỉnh", id="budget-yearly"),
    pytest.param("người sử dụng đất phải nộp tiền thuê đất hằng năm từ thời điểm", id="rent-yearly"),
    pytest.param("xử lý nghiêm các vi phạm gắn với công tác thi đua khen thưởng hàng năm của đơn vị.", id="emulation-yearly"),
    pytest.param("Bộ KH&CN đã báo cáo Ban chỉ đạo về Phương án chấm điểm hàng tháng với các bộ", id="past-report"),
    pytest.param("từ ngày 25 đến hết ngày 31 của tháng 01 và tháng 12 hàng năm, thời hạn giải quyết là", id="month-span"),
    pytest.param("năm 2029 đạt 98% đánh giá hài lòng trở lên và đến năm 2030 đạt 99% đánh giá hài lòng", id="target-horizon"),
    pytest.param("Thực hiện Kế hoạch 5 năm giai đoạn 2026 - 2030 của tỉnh", id="period-name"),
    pytest.param("Nghị quyết này có hiệu lực từ ngày 01 tháng 01 năm 2021 đến hết ngày 31 tháng 12 năm 2025.",
                 id="effective-span"),
    pytest.param("Quyết định này có hiệu lực thi hành kể từ ngày 15/12/2020 đến hết năm 2021.", id="effective-until-year"),
    pytest.param("khai trương sau Tết Nguyên đán 2021", id="after-tết"),
    pytest.param("thời điểm phê duyệt không phải là thời điểm trong tháng 12 hằng năm thì thời gian tạm dừng",
                 id="yearly-condition"),
    pytest.param("được cấp tiền tàu xe 02 lần vào dịp tết nguyên đán và dịp nghỉ hè", id="tết-without-year"),
]


@pytest.mark.parametrize("text", NOT_DEADLINES)
def test_not_deadlines(text: str) -> None:
    assert extract_deadlines(text, "2020-09-04") == []


def test_relative_without_issue_date_has_no_due() -> None:
    d = only("báo cáo trong vòng 15 ngày kể từ ngày ký.", None)
    assert (d["kind"], d["due"]) == ("relative", None)


FEASTS = [pytest.param(e["text"], e["issued_on"], e["due"], id=e["text"])
          for e in lexicon.load("temporal.json")["feasts"]["examples"]]


@pytest.mark.parametrize("text, issued_on, due", FEASTS)
def test_feast_examples(text: str, issued_on: str, due: str | None) -> None:
    assert [d["due"] for d in extract_deadlines(text, issued_on)] == ([due] if due else [])


RECURRING_CUES = [pytest.param(text, rules, id=f"{group}:{text}")
                  for group in ("report_verbs", "opening_report_verbs", "opening_task_verbs", "not_report", "not_recurring")
                  for text, rules in lexicon.load("temporal.json")["recurring"][group]["examples"].items()]


@pytest.mark.parametrize("text, rules", RECURRING_CUES)
def test_recurring_cue_examples(text: str, rules: list[str]) -> None:
    assert [rule for _, _, rule in recurring(text)] == rules


def test_feasts_joined_by_và() -> None:
    found = extract_deadlines("phục vụ nhu cầu đi lại của nhân dân dịp Tết dương lịch 2026 và Tết Bính Ngọ.", "2025-11-18")
    assert [(d["due"], d["text"]) for d in found] == [("2026-01-01", "dịp Tết dương lịch 2026"),
                                                     ("2026-02-17", "Tết Bính Ngọ")]


WORKING_DAYS = [
    pytest.param("2020-03-05", 5, "2020-03-12", id="across-a-weekend"),
    pytest.param("2020-04-28", 3, "2020-05-05", id="across-30-4-and-1-5"),
    pytest.param("2021-08-31", 2, "2021-09-06", id="across-2-9-and-announced-3-9"),
    pytest.param("2021-12-30", 1, "2021-12-31", id="before-new-year"),
    pytest.param("2022-04-29", 1, "2022-05-04", id="weekend-holiday-moved-to-monday"),
    pytest.param("2026-02-12", 3, "2026-02-24", id="across-tết-2026"),
    pytest.param("2026-04-24", 1, "2026-04-28", id="giỗ-tổ-on-sunday-moved-to-monday"),
    pytest.param("2026-04-29", 1, "2026-05-04", id="across-30-4-and-1-5-2026"),
    pytest.param("2026-08-31", 1, "2026-09-03", id="quốc-khánh-2026-by-rule"),
    # Tết 2030 is not announced yet: the holidays package's days (29 Tết to mùng 5).
    pytest.param("2030-01-30", 1, "2030-02-07", id="across-tết-2030-as-the-package-sets-it"),
]


@pytest.mark.parametrize("start, n, expected", WORKING_DAYS)
def test_working_days(start: str, n: int, expected: str) -> None:
    assert add_working_days(dt.date.fromisoformat(start), n).isoformat() == expected


def test_working_days_in_text() -> None:
    d = only("trả lời trong thời hạn 05 ngày làm việc kể từ ngày ký.", "2020-04-28")
    assert d["due"] == "2020-05-07"
    assert is_day_off(dt.date(2020, 5, 1)) and not is_day_off(dt.date(2020, 5, 4))
    assert is_day_off(dt.date(2022, 5, 3))  # 30/4 and 1/5 on a weekend: both moved


@given(st.integers(2000, 2099), st.integers(1, 12))
def test_by_month_due_is_the_last_day_of_its_month(year: int, month: int) -> None:
    [d] = extract_deadlines(f"hoàn thành trong tháng {month}/{year}.", None)
    due = dt.date.fromisoformat(d["due"])
    assert d["kind"] == "by_month" and (due.year, due.month) == (year, month)
    assert (due + dt.timedelta(days=1)).day == 1 and due == month_end(year, month)


VOCAB = lexicon.load("temporal.json")
TRIGGER_EXAMPLES = [pytest.param(text, due, id=f"{group}:{text}")
                    for group in ("leads", "preps") for e in VOCAB[group] for text, due in e["examples"].items()]
NEGATIVE_EXAMPLES = [pytest.param(text, id=text) for e in VOCAB["not_deadline"] for text in e["examples"]]
NEGATIVE_EXAMPLES += [pytest.param(text, id=text) for key in ("past_markers", "conditional")
                      for text in VOCAB[key]["examples"]]


@pytest.mark.parametrize("entry", [*VOCAB["leads"], *VOCAB["preps"], *VOCAB["not_deadline"],
                                   VOCAB["past_markers"], VOCAB["conditional"]], ids=lambda e: e["pattern"])
def test_every_temporal_entry_has_examples(entry: dict) -> None:
    assert entry["examples"]


@pytest.mark.parametrize("text, due", TRIGGER_EXAMPLES)
def test_trigger_examples(text: str, due: str | None) -> None:
    found = extract_deadlines(text, None)
    assert [d["due"] for d in found] == ([due] if due else [])


@pytest.mark.parametrize("text", NEGATIVE_EXAMPLES)
def test_not_deadline_examples(text: str) -> None:
    assert extract_deadlines(text, None) == []


EFFECTIVE = "Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2026.\n"
EFFECTIVE_DATE_AGAIN = [
    pytest.param("+ Thời hạn ban hành: trước ngày 01 tháng 01 năm 2026.", ["2026-01-01"], id="lead-makes-it-a-deadline"),
    pytest.param("kết nối cơ sở dữ liệu, hoàn thành trước ngày 01 tháng 01 năm 2026.", ["2026-01-01"], id="hoàn-thành"),
    pytest.param("Văn bản ban hành trước ngày 01 tháng 01 năm 2026 tiếp tục có hiệu lực thi hành", [],
                 id="transitional-provision"),
    pytest.param("thời gian làm việc từ ngày 01 tháng 7 năm 2025 đến trước ngày 01 tháng 01 năm 2026 ở vùng", [],
                 id="period-up-to-it"),
]


@pytest.mark.parametrize("text, dues", EFFECTIVE_DATE_AGAIN)
def test_the_effective_date_named_again(text: str, dues: list[str]) -> None:
    found = extract_deadlines(EFFECTIVE + text, "2025-11-29")
    assert [d["due"] for d in found] == dues


@pytest.mark.parametrize("effective,due", [
    ("Quyết định này có hiệu lực thi hành kể từ ngày ký.", "2025-11-19"),
    ("Quyết định này có hiệu lực từ ngày 20 tháng 11 năm 2025.", "2025-11-23"),
    ("", None)])
def test_relative_to_the_day_the_decision_takes_effect(effective: str, due: str | None) -> None:
    text = ("Điều 3. Giám đốc Sở Tư pháp thiết lập quy trình điện tử trong thời hạn 03\n"
            "ngày kể từ ngày Quyết định có hiệu lực thi hành.\nĐiều 4. " + effective)
    found = [d for d in extract_deadlines(text, "2025-11-16") if d["kind"] == "relative"]
    assert [d["due"] for d in found] == [due]


@pytest.mark.parametrize("cell,due,rrule", [
    ("Quý IV/2025- Quý II/2026", "2026-06-30", None), ("2025 - 2030", "2030-12-31", None),
    ("Quý III Năm 2026", "2026-09-30", None), ("2026", "2026-12-31", None),
    ("Hàng năm", None, "FREQ=YEARLY"), ("Thường xuyên", None, None),
    ("Phiên họp tháng 12/2025", "2025-12-31", None), ("Kỳ họp thứ 11 (tháng 4/2026)", "2026-04-30", None),
    ("Hội nghị quý II năm 2026", "2026-06-30", None)])
def test_a_task_table_time_cell_names_a_deadline(cell: str, due: str | None, rrule: str | None) -> None:
    from extractors.task_tables import time_deadline
    got = time_deadline(cell, "2025-11-01")
    assert (got["due"], got["rrule"]) == (due, rrule) if (due or rrule) else got is None


def test_time_cells_of_a_task_table_are_deadlines_of_the_document() -> None:
    from extractors.document import extract_text
    text = ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI\nSố: 310/KH-UBND\nHà Nội, ngày 01 tháng 11 năm 2025\nKẾ HOẠCH\n"
            "Phát triển hạ tầng 5G\nI. MỤC ĐÍCH\nPhát triển hạ tầng.\nNơi nhận:\n- Như trên.\n\nPHỤ LỤC\n\n"
            "TT\n\nNội dung/nhiệm vụ\n\nCơ quan chủ trì\n\nCơ quan phối hợp\n\nThời gian thực hiện\n\n1\n\n"
            "Khảo sát thực trạng hạ tầng viễn thông\n\nSở Khoa học và Công nghệ\n\nSở Công Thương\n\n"
            "Quý IV/2025- Quý II/2026\n\n2\n\nBáo cáo kết quả\n\nSở Khoa học và Công nghệ\n\nSở Tài chính\n\nHàng năm\n")
    doc = extract_text(text)
    assert {(d["due"], d["rrule"]) for d in doc["deadlines"]} == {("2026-06-30", None), (None, "FREQ=YEARLY")}
    assert [(o["assignee"], o["due"]) for o in doc["obligations"]] == [
        ("Sở Khoa học và Công nghệ", "2026-06-30"), ("Sở Khoa học và Công nghệ", None)]


@pytest.mark.parametrize("text, due", [
    ("Điều 2. Giao Sở Tư pháp chủ trì, phối hợp với Văn phòng UBND tỉnh căn cứ Quyết định này, trong thời hạn 03 ngày "
     "làm việc công khai các TTHC trên cơ sở dữ liệu quốc gia.", "2025-11-24"),
    ("Điều 2. Giao Sở Văn hóa chủ trì căn cứ Quyết định này, trong thời hạn 03 ngày làm việc, xây dựng quy trình điện "
     "tử giải quyết TTHC.", "2025-11-24"),
    ("Điều 2. Giao Sở Tài chính trong thời hạn 10 ngày rà soát các thủ tục.", "2025-11-29"),
])
def test_a_period_without_a_start_in_an_assignment_runs_from_the_issue_date(text, due):
    assert [(d["kind"], d["due"]) for d in extract_deadlines(text, "2025-11-19")] == [("relative", due)]


@pytest.mark.parametrize("text", [
    "Cơ quan tiếp nhận trong thời hạn 03 ngày làm việc phải trả lời bằng văn bản.",      # a rule, not an assignment
    "Giao cơ quan chủ trì trong thời hạn 07 ngày làm việc kể từ ngày nhận được đề nghị phối hợp trả lời.",
])
def test_a_period_from_another_event_or_outside_an_assignment_is_no_deadline(text):
    assert [d for d in extract_deadlines(text, "2025-11-19") if d["kind"] == "relative"] == []


@pytest.mark.parametrize("text, found", [
    ("I. MỤC TIÊU\n\n2. Mục tiêu cụ thể đến năm 2030\n\n- Hoàn thành đánh giá hiện trạng hạ tầng.", ["2030-12-31"]),
    ("II. MỤC TIÊU\n\na) Phát triển\nkinh tế số đến năm 2030\n\n- Kinh tế số chiếm 45% GRDP.", ["2030-12-31"]),
    ("Phấn đấu đến năm 2030, công tác quản lý được vận hành hoàn toàn trên môi trường số.", ["2030-12-31"]),
    ("Mục tiêu tỷ lệ phủ sóng mạng 5G tại các KCN đến năm 2030 đạt 100%.", []),          # inside a goal sentence
    ("KẾ HOẠCH\nPhát triển hạ tầng số giai đoạn 2026 - 2030, tầm nhìn đến năm 2045\n\n", []),   # a vision
    ("Căn cứ Quyết định số 1999/QĐ-TTg phê duyệt Chương trình chăm sóc người cao tuổi đến năm 2030\n\n", []),
])
def test_the_horizon_that_heads_a_plan_s_goals(text, found):
    assert [d["due"] for d in extract_deadlines(text, "2025-11-20") if d["kind"] == "by_year"] == found


def test_a_season_of_every_year_is_no_deadline():
    text = "Tháng 3, 4 và tháng 9 đến tháng 11 tần suất quan trắc 02 đợt/tháng; tháng 5 đến tháng 8 tần suất 01 đợt/tháng."
    assert extract_deadlines(text, "2025-09-20") == []
    assert [d["due"] for d in extract_deadlines("thực hiện từ tháng 9 đến tháng 11/2025.", "2025-09-20")] == ["2025-11-30"]


def test_a_decrees_standing_procedure_dates_no_deadline_its_duties_do() -> None:
    """In a law, decree or circular a date that only a standing procedure gives ("Trước ngày 15
    tháng 11 hằng năm, Chính phủ trình …") is no deadline; one that dates a duty of a unit is."""
    from extractors.document import extract_text
    text = ("CHÍNH PHỦ\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------\n"
            "Số: 01/2026/NĐ-CP\nHà Nội, ngày 05 tháng 01 năm 2026\n\nNGHỊ ĐỊNH\nQuy định về cử lực lượng tham gia "
            "hoạt động gìn giữ hòa bình\n\nCăn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;\n\nChính phủ ban "
            "hành Nghị định quy định về cử lực lượng tham gia hoạt động gìn giữ hòa bình.\n\nĐiều 1. Kế hoạch cử "
            "lực lượng\nTrước ngày 15 tháng 11 hằng năm, Chính phủ trình Hội đồng Quốc phòng và An ninh kế hoạch "
            "cử lực lượng luân phiên.\n\nĐiều 2. Hiệu lực thi hành\n1. Nghị định này có hiệu lực thi hành từ ngày 01 "
            "tháng 3 năm 2026.\n2. Bộ Quốc phòng có trách nhiệm rà soát, báo cáo Chính phủ kết quả thực hiện trước "
            "ngày 31 tháng 12 năm 2026.\n3. Các Bộ trưởng, Thủ trưởng cơ quan ngang bộ chịu trách nhiệm thi hành "
            "Nghị định này.\n")
    found = extract_text(text)
    assert found["document"]["doc_type"] == "nghi_dinh"
    assert [(d["due"], d["rrule"]) for d in found["deadlines"]] == [("2026-12-31", None)]
    assert ("Bộ Quốc phòng", "2026-12-31") in [(o["assignee"], o["due"]) for o in found["obligations"]]
