"""Obligations (extractors/obligations.py): one row per way a task is written, the lines that
are not tasks, and every example of data/obligations.json read back."""
from __future__ import annotations

from dataclasses import dataclass

import pytest
import regex as re

from extractors import lexicon
from extractors.deadlines import extract_deadlines
from extractors.obligations import extract_obligations
from extractors.unit_lists import read_units, split_units
from extractors.units import read_unit, same_unit, unit_vocab
from extractors.outline import blocks


@dataclass
class Head:
    doc_type: str = "cong_van"
    issuer: str | None = "Ủy ban nhân dân tỉnh Quảng Ngãi"
    issued_on: str | None = "2020-03-05"


def run(text: str, head: Head | None = None) -> list[dict]:
    head = head or Head()
    return extract_obligations(text, head, extract_deadlines(text, head.issued_on))


def keys(found: list[dict]) -> list[tuple]:
    return [(o["assignee"], o["role"], o["basis"], o["due"]) for o in found]


ROWS = [
    pytest.param("1. Sở Nông nghiệp và Phát triển nông thôn\n\na) Chủ trì, phối hợp với các sở rà soát, tham mưu "
                 "tổ chức hội nghị vào trung tuần tháng 3/2020;\n\nb) Tổ chức tập huấn cho cán bộ cấp xã.\n",
                 [("Sở Nông nghiệp và Phát triển nông thôn", "lead", "assigned", "2020-03-20"),
                  ("Sở Nông nghiệp và Phát triển nông thôn", "lead", "assigned", None)], id="heading-letters"),
    pytest.param("3. UBND các huyện, thành phố\n\nPhối hợp với Sở Tài chính thực hiện các nhiệm vụ sau:\n\n"
                 "- Thành lập Hội đồng đánh giá sản phẩm chậm nhất vào ngày 10/4/2020;\n"
                 "- Chủ động bố trí ngân sách địa phương.\n",
                 [("UBND các huyện, thành phố", "lead", "assigned", "2020-04-10"),
                  ("UBND các huyện, thành phố", "lead", "assigned", None)], id="heading-dashes-after-lead-in"),
    pytest.param("Giao Sở Tài chính chủ trì, phối hợp với các đơn vị liên quan thẩm định dự toán trong tháng 4/2020.",
                 [("Sở Tài chính", "lead", "assigned", "2020-04-30")], id="giao-chu-tri"),
    pytest.param("- Đề nghị các Sở: Công thương, Y tế và các đơn vị liên quan trên cơ sở chức năng phối hợp cùng "
                 "với Sở Nông nghiệp tổ chức thực hiện Chương trình.",
                 [("Sở Công thương", "support", "requested", None), ("Sở Y tế", "support", "requested", None),
                  ("các đơn vị liên quan", "support", "requested", None)],
                 id="de-nghi-phoi-hop"),
    pytest.param("3. UBND các huyện, thành phố\n\n- Riêng UBND huyện Mộ Đức phối hợp với các sở tổ chức trưng bày "
                 "sản phẩm OCOP.\n",
                 [("UBND huyện Mộ Đức", "support", "assigned", None)], id="rieng"),
    pytest.param("5. Kiến nghị\n\nKính đề nghị UBND tỉnh:\n\nThường xuyên quan tâm chỉ đạo các Sở, ngành.\n\n"
                 "Quan tâm bố trí kinh phí để triển khai thực hiện chương trình.\n",
                 [("UBND tỉnh", "lead", "requested", None)] * 2, id="kinh-de-nghi-lead-in"),
    pytest.param("- Sở Nông nghiệp và PTNT: Giao Chi cục Phát triển nông thôn chủ trì, tham mưu thực hiện chương trình.",
                 [("Chi cục Phát triển nông thôn", "lead", "assigned", None)], id="dash-unit-colon-giao"),
    pytest.param("Định kỳ 06 tháng, năm (20/6 và 20/12 hàng năm), các Sở, ngành liên quan và UBND các huyện, thành "
                 "phố báo cáo kết quả thực hiện về Sở Nông nghiệp và Phát triển nông thôn tổng hợp báo cáo UBND tỉnh./.",
                 [("các Sở, ngành liên quan", "lead", "assigned", None),
                  ("UBND các huyện, thành phố", "lead", "assigned", None),
                  ("Sở Nông nghiệp và Phát triển nông thôn", "lead", "assigned", None)], id="periodic-groups"),
    pytest.param("Chi cục Phát triển nông thôn kính giải trình để Sở Kế hoạch và Đầu tư xem xét thông báo kế hoạch vốn.",
                 [("Sở Kế hoạch và Đầu tư", "lead", "requested", None)], id="kinh-giai-trinh-de"),
    pytest.param("Điều 5. Trách nhiệm của Sở Tài chính\n\n1. Hướng dẫn các đơn vị lập dự toán.\n",
                 [("Sở Tài chính", "lead", "assigned", None)], id="article-duty"),
    pytest.param("Điều 6. Tổ chức thực hiện\n\n1. Sở Y tế chuẩn bị các điều kiện cần thiết để triển khai.\n"
                 "2. Công an tỉnh trang bị phương tiện cho lực lượng xung kích.\n",
                 [("Sở Y tế", "lead", "assigned", None), ("Công an tỉnh", "lead", "assigned", None)],
                 id="prepare-is-no-passive"),   # "chuẩn bị", "trang bị": not the passive "bị"
    pytest.param("1.2.\nSở Tài chính - Cơ quan thường trực Ban Chỉ đạo\n\n- Tham mưu triển khai thực hiện kế hoạch "
                 "kiểm kê.\n\nThời\ngian hoàn thành: Tháng 11 - 12/2020.\n\n- Tổng hợp kết quả kiểm kê, báo cáo Bộ "
                 "Tài chính.\n\nThời gian thực hiện: Từ tháng 11/2020 đến khi kết thúc Tổng kiểm kê.\n\n- Báo cáo "
                 "kết quả.\n\nThời hạn hoàn thành: Trước ngày 15/4/2021.\n",
                 [("Sở Tài chính", "lead", "assigned", "2020-12-31"), ("Sở Tài chính", "lead", "assigned", None),
                  ("Sở Tài chính", "lead", "assigned", "2021-04-15")],
                 id="heading-role-after-dash-and-time-lines"),   # a plan's "Thời gian hoàn thành:" after each task
    pytest.param("Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025; Căn cứ Nghị định số\n"
                 "118/2025/NĐ-CP ngày 09 tháng 6 năm 2025 của Chính phủ về thực hiện thủ tục hành chính theo\n"
                 "cơ chế một cửa, một cửa liên thông tại Bộ phận Một cửa và Cổng Dịch vụ công quốc gia;\n"
                 "Điều 2. Giao các cơ quan, đơn vị:\n1. Sở\nTài chính chủ trì, phối hợp với Văn phòng UBND tỉnh (Trung "
                 "tâm Phục vụ hành\nchính công tỉnh)\nRà\nsoát, xây dựng quy trình nội bộ, quy trình điện tử trong giải "
                 "quyết TTHC theo\nnội dung công bố tại Quyết định này.\nThời\nhạn chậm nhất 05 ngày làm việc kể từ ngày "
                 "ban hành Quyết định.\n2.\nCác Sở, ngành niêm yết công khai TTHC tại đơn vị.\n",
                 [("Sở Tài chính", "lead", "assigned", "2020-03-12"), ("Các Sở, ngành", "lead", "assigned", None)],
                 id="lead-with-partner-heading-over-its-task"),   # a wrapped table: unit cell, task cell, time cell
]


@pytest.mark.parametrize("text,expected", ROWS)
def test_obligations(text, expected):
    assert keys(run(text)) == expected


def test_periodic_duties_carry_the_rrule():
    text = ROWS[7].values[0]
    assert {o["rrule"] for o in run(text)} == {"FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=20"}


REPORT = Head(doc_type="bao_cao", issuer="Ủy ban nhân dân huyện Kbang", issued_on="2020-09-04")
PLAN_ROWS = [
    pytest.param("I. Tiến độ thực hiện\n\n- Đã tổ chức lớp tập huấn.\n\n- Đang xây dựng kế hoạch hỗ trợ.\n\n"
                 "II. Kế hoạch thực hiện đến cuối năm 2020:\n\n- Tổ chức hội nghị đánh giá sản phẩm.\n",
                 [("Ủy ban nhân dân huyện Kbang", "lead", "self_plan", "2020-12-31")], id="self-plan-vs-past-work"),
    pytest.param("2. Nội dung thực hiện\n\n2.3. Tập huấn cho cán bộ\n\n- Thời gian: Trong quý II năm 2021.\n",
                 [("Ủy ban nhân dân huyện Kbang", "lead", "self_plan", "2021-06-30")], id="heading-with-time-line"),
    pytest.param("II. Kế hoạch thực hiện\n\n- Chi cục sẽ tham mưu tổ chức nếu có kinh phí.\n", [],
                 id="self-plan-without-time"),
]


@pytest.mark.parametrize("text,expected", PLAN_ROWS)
def test_report_plans(text, expected):
    assert keys(run(text, REPORT)) == expected


def test_news_tasks_are_reported_one_per_clause():
    text = ("Về một số nhiệm vụ trong thời gian tới: Các địa phương tiếp tục quán triệt thực hiện Công văn, "
            "các địa phương phấn đấu hoàn thành việc đánh giá trước ngày 30/9/2021; Tích cực chỉ đạo, hướng dẫn "
            "triển khai chu trình.\nVề phía Sở Nông nghiệp và PTNT sẽ xây dựng kế hoạch tập huấn; tổ chức hội nghị "
            "cấp tỉnh (dự kiến trong Quý IV/2021).\n")
    found = keys(run(text, Head(doc_type="other", issuer=None, issued_on=None)))
    assert found == [("Các địa phương", "lead", "reported", None), ("các địa phương", "lead", "reported", "2021-09-30"),
                     ("Các địa phương", "lead", "reported", None),
                     ("Sở Nông nghiệp và PTNT", "lead", "reported", None),
                     ("Sở Nông nghiệp và PTNT", "lead", "reported", "2021-12-31")]


NOT_TASKS = [
    pytest.param("Căn cứ Nghị định số 30/2020/NĐ-CP của Chính phủ quy định về công tác văn thư;", id="preamble"),
    pytest.param("Năm 2021, các địa phương chưa được phân bổ kinh phí thực hiện Chương trình.", id="statement"),
    pytest.param("Trên đây là kết quả thực hiện, Sở Nông nghiệp và PTNT báo cáo UBND tỉnh chỉ đạo thực hiện./.",
                 id="report-closing"),
    pytest.param("+ Trưởng ban: Lãnh đạo UBND tỉnh phụ trách lĩnh vực nông nghiệp;", id="composition"),
    pytest.param("Điều 3. Chánh Văn phòng ..., ........(02)............, tổ chức, cá nhân có liên quan chịu trách "
                 "nhiệm thi hành Quyết định này./.", id="model-form-execution-clause"),
    pytest.param("1. Trung tâm Chuyển đổi số\n\n- Họ và tên người yêu cầu:…………………Chức vụ:………………………\n\n"
                 "- Đề nghị cấp tài khoản cho cán bộ, ngày.... tháng.... năm 2025\n", id="model-form-blanks"),
    pytest.param("UBND tỉnh đã ban hành Quyết định số 1124/QĐ-UBND phê duyệt kế hoạch.", id="past"),
]


@pytest.mark.parametrize("text", NOT_TASKS)
def test_not_a_task(text):
    assert run(text) == []


def test_deadline_is_the_one_inside_the_task():
    text = ("1. Sở Tài chính\n\n- Thẩm định dự toán chậm nhất vào ngày 10/4/2020;\n\n- Tổng hợp báo cáo.\n\n"
            "- Trình UBND tỉnh trong Quý IV/2020.\n")
    assert [o["due"] for o in run(text)] == ["2020-04-10", None, "2020-12-31"]


def test_spans_point_at_the_task():
    text = ROWS[2].values[0]
    o = run(text)[0]
    assert "thẩm định dự toán" in text[o["span"][0]:o["span"][1]]


def test_outline_joins_wrapped_lines():
    text = "a) Chủ trì rà soát kết quả hai\n\nnăm 2018, 2019;\n\nb) Tổ chức tập huấn.\n"
    found = blocks(text)
    assert [(b.kind, text[b.body:b.end]) for b in found] == [
        ("letter", "Chủ trì rà soát kết quả hai\n\nnăm 2018, 2019;"), ("letter", "Tổ chức tập huấn.")]


# ------------------------------------------------------------- data/obligations.json

DATA = lexicon.load("obligations.json")


@pytest.mark.parametrize("phrase,unit", list(DATA["units"]["examples"].items()))
def test_unit_examples(phrase, unit):
    end = read_unit(phrase)
    assert (phrase[:end] if end is not None else None) == unit


@pytest.mark.parametrize("phrase,unit", list(DATA["name_words"]["examples"].items()))
def test_name_word_examples(phrase, unit):
    assert phrase[:read_unit(phrase)] == unit


@pytest.mark.parametrize("phrase,unit", list(DATA["dash_roles"]["examples"].items()))
def test_dash_role_examples_end_the_unit(phrase, unit):
    assert phrase[:read_unit(phrase)] == unit


@pytest.mark.parametrize("phrase", DATA["stop_words"]["examples"])
def test_stop_word_examples_end_the_unit(phrase):
    end = read_unit(phrase)
    rest = phrase[end:].strip()
    assert any(rest.casefold().startswith(w) for w in unit_vocab().stop_words), rest


@pytest.mark.parametrize("name", ["unit_heads", "group_heads", "short_heads", "unit_words", "bare_groups",
                                  "org_heads", "level_after_short", "official_titles"])
def test_word_list_examples_read_as_units(name):
    assert DATA[name]["examples"], name
    for example in DATA[name]["examples"]:
        assert read_unit(example) is not None, example


@pytest.mark.parametrize("text,units", DATA["own_groups"]["examples"])
def test_own_group_examples_start_a_record_of_their_own(text, units):
    assert read_units(text, 0)[1] == units


PATTERNS = [("openers", DATA["openers"]), ("subject_lead", DATA["subject_lead"]), ("past", DATA["past"]),
            ("time_only", DATA["time_only"]), ("closing", DATA["closing"])] + \
           [(f"sections.{k}", v) for k, v in DATA["sections"].items() if k != "about"] + \
           [(f"triggers.{t['basis']}.{i}", t) for i, t in enumerate(DATA["triggers"]["items"])] + \
           [(k, DATA[k]) for k in ("attributes", "not_duty", "heading_lead", "heading_tail", "article_title",
                                   "relative_unit", "authorities", "composition", "place_subject", "time_line", "topic_lead")]


@pytest.mark.parametrize("entry", [p[1] for p in PATTERNS], ids=[p[0] for p in PATTERNS])
def test_pattern_examples_match(entry):
    assert entry["examples"]
    for example in entry["examples"]:
        assert re.search(entry["pattern"], example, re.I), example


@pytest.mark.parametrize("example", DATA["past"]["not_examples"])
def test_preparing_is_no_past_event(example):
    assert not re.search(DATA["past"]["pattern"], example, re.I)   # "chuẩn bị" holds no passive "bị"


@pytest.mark.parametrize("action,role", list(DATA["roles"]["examples"].items()))
def test_role_examples(action, role):
    from extractors.duty_records import _role
    assert _role(action) == role


@pytest.mark.parametrize("text", DATA["relay"]["examples"])
def test_relay_examples(text):
    assert re.search(DATA["relay"]["pattern"], text, re.I)


@pytest.mark.parametrize("name,expanded", list(DATA["expansions"]["examples"].items()))
def test_expansion_examples(name, expanded):
    from extractors.units import _expand
    assert _expand(name) == expanded


@pytest.mark.parametrize("a,b,same", [("UBND huyện Kbang", "Ủy ban nhân dân huyện Kbang", True),
                                      ("Sở Kế hoạch và Đầu tư tỉnh Quảng Trị", "Sở Kế hoạch và Đầu tư", True),
                                      ("Sở Tài chính", "Sở Nội vụ", False)])
def test_same_unit(a, b, same):
    assert same_unit(a, b) is same


def test_split_units_keeps_names_with_va():
    assert split_units("Sở Kế hoạch và Đầu tư") == ["Sở Kế hoạch và Đầu tư"]
    assert split_units("các Sở, ngành liên quan và UBND các huyện, thành phố") == [
        "các Sở, ngành liên quan", "UBND các huyện, thành phố"]


def test_assignee_and_action_keep_the_documents_spelling() -> None:
    text = ("1. Sở Văn hoá, Thể thao và Du lịch\n"
            "a) Chủ trì, phối hợp với UBND các huyện tổ chức hoà giải và báo cáo trước ngày 30/9/2021.\n")
    from extractors import extract_text
    [ob] = extract_text("Số: 1/UBND-VX\nV/v triển khai\n\nKính gửi: Các sở\n\n" + text)["obligations"]
    assert "Văn hoá" in ob["assignee"] and "hoà giải" in ob["action"]


def test_a_hard_wrapped_line_continues_its_task_even_when_it_starts_with_a_capital() -> None:
    from extractors import extract_text
    text = ("Số: 1/KH-UBND\n\nKẾ HOẠCH\nBảo vệ bí mật nhà nước\n\n1. Công an tỉnh\n\n"
            "- Chủ trì, phối hợp với các cơ quan có liên quan tham mưu sửa đổi Quy chế ban hành kèm theo\n"
            "Quyết định số 15/2021/QĐ-UBND ngày 08/7/2021 của UBND tỉnh cho phù hợp.\n")
    obligations = extract_text(text)["obligations"]
    assert len(obligations) == 1
    assert obligations[0]["action"].endswith("cho phù hợp")
