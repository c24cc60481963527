"""Who a duty binds, as the subject of a sentence writes it: a body described by what it does
before "có trách nhiệm", the generic "Sở quản lý ngành, lĩnh vực", the Chairman's "chỉ thị" that
hands the items below to the units it names, and a verb that ends a name. The texts are shortened
from real documents of the corpus (thông tư, a Quy chế on prices, a provincial chỉ thị)."""
from __future__ import annotations

import pytest

from extractors import lexicon
from extractors.subjects import read_subject

from test_obligations_genre import FILLER, run


def duties(text: str, doc_type: str) -> list[tuple[str, str]]:
    return [(o["assignee"], " ".join(o["action"].split())) for o in run(FILLER + text, doc_type)]


@pytest.mark.parametrize("phrase,unit", [
    ("Sở Tư pháp cấp, khóa, mở lại tài khoản", "Sở Tư pháp"),           # "cấp" a verb: grants
    ("Trung tâm Phục vụ hành chính công cấp tỉnh, cấp xã tiếp nhận", "Trung tâm Phục vụ hành chính công cấp tỉnh, cấp xã"),
    ("Ủy ban nhân dân cấp xã có trách nhiệm", "Ủy ban nhân dân cấp xã"),
    ("Bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ chịu trách nhiệm thi hành Thông tư này",
     "Bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ"),               # a circular's generic "Bộ"
])
def test_a_level_ends_a_name_only_with_its_level(phrase, unit):
    from extractors.normalize import canon_text
    from extractors.units import read_unit
    c = canon_text(phrase)
    assert c[:read_unit(c, 0)] == unit


@pytest.mark.parametrize("text,doc_type,expected", [
    pytest.param(
        "Điều 13. Trách nhiệm thi hành\n1. Người đứng đầu cơ sở hoạt động giáo dục nghề nghiệp có trách nhiệm "
        "chỉ đạo xây dựng, ban hành văn bản quy định cụ thể về chế độ làm việc đối với nhà giáo.\n",
        "thong_tu",
        [("Người đứng đầu cơ sở hoạt động giáo dục nghề nghiệp", "có trách nhiệm chỉ đạo xây")],
        id="head-of-a-described-body"),
    pytest.param(
        "QUY CHẾ\nĐiều 4. Thẩm định phương án giá\n1. Sở quản lý ngành, lĩnh vực có trách nhiệm trình Ủy ban "
        "nhân dân tỉnh xem xét, ban hành văn bản định giá.\n2. Tổ chức, cá nhân sản xuất, kinh doanh hàng hóa, "
        "dịch vụ có trách nhiệm chấp hành biện pháp bình ổn giá được công bố.\n",
        "quyet_dinh",
        [("Sở quản lý ngành, lĩnh vực", "có trách nhiệm trình Ủy"),
         ("Tổ chức, cá nhân sản xuất, kinh doanh hàng hóa, dịch vụ", "có trách nhiệm chấp hành biện")],
        id="sector-department-and-described-businesses"),
    pytest.param(
        "Để cải thiện môi trường đầu tư, UBND tỉnh chỉ thị các sở, ban ngành, UBND các huyện, thành phố tập "
        "trung triển khai thực hiện các nhiệm vụ sau:\n1. Thực hiện nghiêm túc Nghị quyết số 19/NQ-CP của "
        "Chính phủ.\n2. Giao Sở Xây dựng tiến hành rà soát các dự án liên quan về Khu dân cư.\n",
        "chi_thi",
        [("các sở, ban ngành", "Thực hiện nghiêm túc Nghị quyết"),
         ("UBND các huyện, thành phố", "Thực hiện nghiêm túc Nghị quyết"),
         ("Sở Xây dựng", "tiến hành rà soát các dự")],
        id="chi-thi-lead-in-and-a-verb-after-the-name"),
    pytest.param(
        "Điều 5. Sở Tài chính theo chức năng, nhiệm vụ được giao có trách nhiệm hướng dẫn các đơn vị thực hiện.\n",
        "quyet_dinh",
        [("Sở Tài chính", "theo chức năng, nhiệm vụ được")],
        id="an-adverbial-is-not-part-of-the-name"),
    pytest.param(
        "QUYẾT ĐỊNH\nĐiều 1. Ban hành kèm theo Quyết định này Quy định quản lý an toàn trong sử dụng điện.\n"
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\nQUY ĐỊNH\nQuản lý an toàn trong sử dụng điện\n"
        "Chương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi điều chỉnh\nQuy định này quy định về quản lý an toàn trong "
        "sử dụng điện trên địa bàn tỉnh.\nĐiều 2. An toàn trong sử dụng điện cho sinh hoạt\n1. Hộ gia đình sử "
        "dụng thiết bị điện đạt tiêu chuẩn.\nChương II\nTỔ CHỨC THỰC HIỆN\nĐiều 3. Trách nhiệm quản lý an toàn "
        "trong sử dụng điện\n1. Sở Công Thương chủ trì, hướng dẫn, theo dõi, đôn đốc các cơ quan, đơn vị triển "
        "khai thực hiện Quyết định này.\n2. Ủy ban nhân dân các xã, phường và đặc khu chủ\ntrì, phối hợp với "
        "đơn vị điện lực thực hiện công tác kiểm tra an toàn trong sử dụng điện.\n",
        "quyet_dinh",
        [("Sở Công Thương", "chủ trì, hướng dẫn"),
         ("Ủy ban nhân dân các xã, phường và đặc khu", "chủ trì, phối hợp với đơn vị điện lực")],
        id="responsibility-article-of-a-rule-set-and-a-list-of-places"),
    pytest.param(
        "Điều 5. Bộ trưởng các Bộ:\nXây dựng, Ngoại giao, Tư pháp và\nThủ trưởng các cơ quan, đơn vị liên quan "
        "chịu trách nhiệm thi hành Nghị quyết này./.\n",
        "nghi_quyet",
        [("Bộ trưởng Bộ Xây dựng", "chịu trách nhiệm thi hành"), ("Bộ trưởng Bộ Ngoại giao", "chịu trách nhiệm thi hành"),
         ("Bộ trưởng Bộ Tư pháp", "chịu trách nhiệm thi hành"),
         ("Thủ trưởng các cơ quan, đơn vị liên quan", "chịu trách nhiệm thi hành")],
        id="shared-head-before-a-line-break"),
    pytest.param(
        "Điều 1. Tỷ lệ hỗ trợ\n\n15.2\n\nCác xã: Quảng Công, Quảng\nNgạn\n\n40\n\n60\n\n16\n\nXã Phú Vinh\n\n35\n\n65\n\n"
        "17\n\nXã Phú Hồ\n\n35\n\n65\n",
        "nghi_quyet",
        [],
        id="a-flattened-table-of-places-and-figures-is-no-task"),
    pytest.param(
        "Điều 2. Điều khoản thi hành\n1. Thông tư này có hiệu lực thi hành từ ngày 10 tháng 01 năm 2026.\n"
        "2. Vụ trưởng Vụ Tài chính - Kinh tế ngành, Thủ trưởng\ncác đơn vị thuộc Bộ Tài chính và các cơ quan, tổ "
        "chức, cá nhân có liên quan chịu\ntrách nhiệm thi hành Thông tư này./.\n",
        "thong_tu",
        [("Vụ trưởng Vụ Tài chính - Kinh tế ngành", "chịu trách nhiệm thi hành"),
         ("Thủ trưởng các đơn vị thuộc Bộ Tài chính", "chịu trách nhiệm thi hành"),
         ("các cơ quan, tổ chức, cá nhân có liên quan", "chịu trách nhiệm thi hành")],
        id="a-circulars-execution-clause-led-by-a-vu-truong"),
    pytest.param(
        "Điều 4. Quy định chuyển tiếp\nDự án đầu tư xây dựng đã được phê duyệt trước khi Thông tư này có hiệu lực "
        "thì thực hiện theo quy định cũ.\nĐiều 5. Các Bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ, Ủy ban nhân dân "
        "các tỉnh, thành phố trực thuộc Trung ương và các tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành "
        "Thông tư này./.\n",
        "thong_tu",
        [("Các Bộ", "chịu trách nhiệm thi hành"), ("cơ quan ngang bộ", "chịu trách nhiệm thi hành"),
         ("cơ quan thuộc Chính phủ", "chịu trách nhiệm thi hành"),
         ("Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương", "chịu trách nhiệm thi hành"),
         ("các tổ chức, cá nhân có liên quan", "chịu trách nhiệm thi hành")],
        id="an-untitled-article-that-is-the-execution-clause"),
    pytest.param(
        "QUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Quy chế phối hợp.\nĐiều 3. Chánh Văn phòng Ủy ban "
        "nhân dân thành phố; Giám đốc các Sở: Nội vụ, Tư pháp; Chủ tịch Ủy ban nhân\ndân các xã, phường thuộc vùng "
        "đồng bào dân tộc thiểu số và miền núi; Thủ trưởng các đơn vị liên quan, chịu trách nhiệm thi hành Quyết "
        "định này./.\n",
        "quyet_dinh",
        [("Chánh Văn phòng Ủy ban nhân dân thành phố", "chịu trách nhiệm thi hành"),
         ("Giám đốc Sở Nội vụ", "chịu trách nhiệm thi hành"), ("Giám đốc Sở Tư pháp", "chịu trách nhiệm thi hành"),
         ("Chủ tịch Ủy ban nhân dân các xã, phường thuộc vùng đồng bào dân tộc thiểu số và miền núi",
          "chịu trách nhiệm thi hành"),
         ("Thủ trưởng các đơn vị liên quan", "chịu trách nhiệm thi hành")],
        id="a-group-named-by-the-region-it-belongs-to"),
    pytest.param(
        "QUYẾT ĐỊNH:\nĐiều 1. Điều chỉnh danh mục.\nĐiều 3. Thủ\ntrưởng các cơ quan: Văn phòng UBND tỉnh, Sở Công "
        "Thương, Sở Văn hóa, Thể thao\nvà Du lịch, Ban Quản lý các khu công nghiệp tỉnh; Chủ tịch UBND các xã, "
        "phường\nvà các tổ chức, cá nhân liên quan căn cứ Quyết định thi hành./.\n",
        "quyet_dinh",
        [("Văn phòng UBND tỉnh", "căn cứ Quyết định thi hành"), ("Sở Công Thương", "căn cứ Quyết định thi hành"),
         ("Sở Văn hóa, Thể thao và Du lịch", "căn cứ Quyết định thi hành"),
         ("Ban Quản lý các khu công nghiệp tỉnh", "căn cứ Quyết định thi hành"),
         ("Chủ tịch UBND các xã, phường", "căn cứ Quyết định thi hành"),
         ("các tổ chức, cá nhân liên quan", "căn cứ Quyết định thi hành")],
        id="heads-of-the-bodies-listed-after-a-colon"),
    pytest.param(
        "QUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Quy chế phối hợp quản lý nhà nước về tín ngưỡng.\n"
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\nQUY CHẾ\nPhối hợp quản lý nhà nước\n"
        "Điều 5. Nội\ndung Sở Dân tộc và Tôn giáo có trách nhiệm chủ trì\n\n1. Xây dựng, ban hành, đánh giá\nviệc "
        "thực hiện chính sách về tín ngưỡng, tôn giáo.\n\n2. Công tác tuyên truyền, vận động chức sắc chấp hành "
        "pháp luật.\n\nĐiều 6. Nội\ndung Bộ Chỉ huy quân sự tỉnh có trách nhiệm chủ trì\n\n1. Tham mưu công tác "
        "quốc phòng, quân sự địa phương liên quan đến tín ngưỡng, tôn giáo.\n",
        "quyet_dinh",
        [("Sở Dân tộc và Tôn giáo", "Xây dựng, ban hành"), ("Sở Dân tộc và Tôn giáo", "Công tác tuyên truyền"),
         ("Bộ Chỉ huy quân sự tỉnh", "Tham mưu công tác quốc phòng")],
        id="an-article-titled-with-the-unit-that-leads-its-items"),
    pytest.param(
        "QUYẾT ĐỊNH:\nĐiều 1. Phê duyệt Kế hoạch.\nĐiều 5. Chánh Văn phòng UBND tỉnh; Giám đốc Công an tỉnh; Chỉ huy "
        "trưởng Bộ Chỉ\nhuy Quân sự tỉnh; Chánh Văn phòng Ban Chỉ huy phòng chống thiên tai\ntỉnh; Chủ tịch UBND "
        "huyện Minh Long; cơ quan, tổ chức và cá nhân có liên quan chịu trách nhiệm thi\nhành Quyết định này./.\n",
        "quyet_dinh",
        [("Chánh Văn phòng UBND tỉnh", "chịu trách nhiệm thi hành"), ("Giám đốc Công an tỉnh", "chịu trách nhiệm thi hành"),
         ("Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh", "chịu trách nhiệm thi hành"),
         ("Chánh Văn phòng Ban Chỉ huy phòng chống thiên tai tỉnh", "chịu trách nhiệm thi hành"),
         ("Chủ tịch UBND huyện Minh Long", "chịu trách nhiệm thi hành"),
         ("cơ quan, tổ chức và cá nhân có liên quan", "chịu trách nhiệm thi hành")],
        id="an-execution-clause-whose-list-holds-a-name-with-lower-case-words"),
    pytest.param(
        "Điều 4. Tổ chức thực hiện\n1. Các Bộ chịu trách nhiệm thi hành Thông tư này.\n2. Cục Đo đạc, Bản đồ và "
        "Thông tin địa lý Việt Nam có trách nhiệm phổ biến, kiểm tra việc thực hiện Thông tư này.\n",
        "thong_tu",
        [("Các Bộ", "chịu trách nhiệm thi hành"),
         ("Cục Đo đạc, Bản đồ và Thông tin địa lý Việt Nam", "có trách nhiệm phổ biến")],
        id="a-comma-inside-a-name"),
    pytest.param(
        "Điều 3. Điều khoản thi hành\n1. Thông tư này có hiệu lực thi hành kể từ ngày ký ban hành.\n2. Trong quá "
        "trình thực hiện, nếu có khó khăn, vướng mắc, đề nghị các cơ quan, tổ chức, cá nhân liên quan phản ánh về "
        "Bộ Nông nghiệp và Môi trường để kịp thời xem xét, giải quyết./.\nNơi nhận:\n- Văn phòng Chính phủ;\n"
        "- Lưu: VT.\nBỘ TRƯỞNG\nPHỤ LỤC\nMẫu Đơn đề nghị\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "ĐƠN ĐỀ NGHỊ ĐIỀU CHỈNH\nKính gửi: Cục Biến đổi khí hậu, Bộ Nông nghiệp và Môi trường\n"
        "Chúng tôi là ... (1)..., Chủ Dự án\n",
        "thong_tu",
        [("các cơ quan, tổ chức, cá nhân liên quan", "Trong quá trình thực hiện")],
        id="a-forms-addressee-line-in-an-annex-does-not-move-the-body"),
])
def test_subject_of_a_duty(text, doc_type, expected):
    found = duties(text, doc_type)
    assert [u for u, _ in found] == [u for u, _ in expected]
    for (_, action), (_, begins) in zip(found, expected):
        assert action.startswith(begins)


_ARTICLES = lexicon.load("obligations.json")["execution_article"]


@pytest.mark.parametrize("title", _ARTICLES["annex_not_examples"])
def test_liability_articles_of_a_rule_set_hold_no_tasks(title):
    from extractors.subjects import cues
    assert not cues().annex_article.match(title) and not cues().execution_article.match(title)


_DELEGATION = """ỦY BAN NHÂN DÂN
TỈNH CAO BẰNG
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 52/2025/QĐ-CTUBND
Cao Bằng, ngày 15 tháng 8 năm 2025
QUYẾT ĐỊNH
QUY ĐỊNH PHÂN CẤP CHO SỞ GIÁO DỤC VÀ ĐÀO TẠO THỰC HIỆN MỘT SỐ NHIỆM VỤ TRONG LĨNH VỰC GIÁO DỤC
CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH CAO BẰNG
Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;
QUYẾT ĐỊNH:
Điều 1. Phạm vi điều chỉnh
Quyết định này quy định việc phân cấp cho Sở Giáo dục và Đào tạo.
Điều 2. Sở Giáo dục và Đào tạo
1. Quyết định việc nâng bậc lương thường xuyên đối với viên chức trong các cơ sở giáo dục.
2. Quyết định phê duyệt vị trí việc làm trong các cơ sở giáo dục công lập.
Điều 3. Tổ chức thực hiện
1. Sở Giáo dục và Đào tạo có trách nhiệm định kỳ báo cáo Chủ tịch Ủy ban nhân dân tỉnh về tình hình thực hiện phân cấp.
2. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Giáo dục và Đào tạo chịu trách nhiệm thi hành Quyết định này./.
Nơi nhận:
- Như Điều 3;
- Lưu: VT.
CHỦ TỊCH
Lê Hải Hòa
"""


def test_powers_a_decision_delegates_are_not_tasks():
    """A phân cấp decision's "Quyết định việc …" items are powers the delegate may use; the report
    it asks for and its execution clause are tasks. The same items in a plan stay tasks."""
    from extractors.document import extract_text
    found = [(o["assignee"], o["action"][:30]) for o in extract_text(_DELEGATION)["obligations"]]
    assert [u for u, _ in found] == ["Sở Giáo dục và Đào tạo", "Chánh Văn phòng Ủy ban nhân dân tỉnh",
                                     "Giám đốc Sở Giáo dục và Đào tạo"]
    plain = _DELEGATION.replace("QUY ĐỊNH PHÂN CẤP CHO", "VỀ VIỆC GIAO NHIỆM VỤ CHO")
    assert len(extract_text(plain)["obligations"]) == 5


@pytest.mark.parametrize("text", [
    "1. Ban Quản lý Khu kinh tế mở Chu Lai (sau đây gọi tắt là Ban Quản lý) là cơ quan hành chính thuộc Ủy ban "
    "nhân dân thành phố Đà Nẵng, thực hiện chức năng quản lý nhà nước trực tiếp đối với các khu kinh tế.\n",
    "2. Ban Quản lý có tư cách pháp nhân, có tài khoản, con dấu hình Quốc huy.\n",
    "3. Ban Quản lý thực hiện nhiệm vụ, quyền hạn theo quy định của pháp luật hiện hành.\n",
])
def test_what_a_body_is_is_not_a_task(text):
    assert duties("QUYẾT ĐỊNH:\nĐiều 1. Thành lập Ban Quản lý\n" + text, "quyet_dinh") == []


def test_deputy_groups_and_deputies_of_one_council_are_two_assignees():
    text = ("Điều 3. Tổ chức thực hiện\n1. Giao Ủy ban nhân dân Thành phố tổ chức thực hiện Nghị quyết.\n"
            "2. Thường trực Hội đồng nhân dân, các Ban của Hội đồng nhân dân, các Tổ đại biểu, đại biểu Hội đồng "
            "nhân dân Thành phố giám sát việc tổ chức thực hiện Nghị quyết.\n")
    assert [u for u, _ in duties(text, "nghi_quyet")] == [
        "Ủy ban nhân dân Thành phố", "Thường trực Hội đồng nhân dân", "các Ban của Hội đồng nhân dân",
        "các Tổ đại biểu Hội đồng nhân dân Thành phố", "đại biểu Hội đồng nhân dân Thành phố"]


def test_a_submission_asks_the_council_after_the_proposal_it_rests_on():
    text = ("Kính gửi: Hội đồng nhân dân tỉnh\n\nThực hiện quy định của Luật Ban hành văn bản quy phạm pháp luật năm\n"
            "2015; xét đề nghị của Giám đốc Sở Giáo dục và Đào tạo tại Tờ\ntrình số 38/TTr-SGDĐT ngày 03/01/2025, UBND "
            "tỉnh kính trình HĐND tỉnh\nxem xét, ban hành Nghị quyết bãi bỏ các nghị quyết của Hội đồng nhân dân tỉnh\n"
            "như sau:\n\nI. SỰ CẦN THIẾT BAN HÀNH NGHỊ QUYẾT\n\nNghị quyết số 39/2011/NQ-HĐND không còn phù hợp.\n")
    found = duties(text, "to_trinh")
    assert [u for u, _ in found] == ["HĐND tỉnh"]
    assert found[0][1].startswith("xem xét, ban hành Nghị quyết")


@pytest.mark.parametrize("text, unit", [
    ("Tổ chức, cá nhân đào tạo vận động viên đạt thành tích tại các giải thể thao", "Tổ chức, cá nhân"),   # a verb
    ("các đơn vị đầu mối giao kế hoạch khẩn trương rà soát", "các đơn vị đầu mối"),                        # a noun
])
def test_a_name_never_ends_inside_a_word(text, unit):
    from extractors.nlp import enabled
    from extractors.units import read_unit
    if not enabled():
        pytest.skip("VANTHU_NLP=rules: word segmentation is off")
    assert text[:read_unit(text, 0)] == unit


def test_an_execution_clause_goes_on_after_and_with_an_officials_title_in_lower_case():
    text = ("Điều 15. Trách nhiệm thi hành\n4. Chánh Văn phòng, Thủ trưởng các đơn vị có liên quan thuộc Bộ Giáo dục và "
            "Đào tạo và hiệu trưởng, giám đốc cơ sở hoạt động giáo dục nghề nghiệp chịu trách nhiệm thi hành Thông "
            "tư này./.\n")
    assert [u for u, _ in duties(text, "thong_tu")] == [
        "Chánh Văn phòng", "Thủ trưởng các đơn vị có liên quan thuộc Bộ Giáo dục và Đào tạo",
        "hiệu trưởng, giám đốc cơ sở hoạt động giáo dục nghề nghiệp"]


@pytest.mark.parametrize("text,unit,action", [
    ("Các tổ chức, cá nhân sản xuất, kinh doanh hợp pháp Carisoprodol, Etomidate thực hiện các quy định về quản lý",
     "Các tổ chức, cá nhân sản xuất, kinh doanh hợp pháp Carisoprodol, Etomidate", "thực hiện"),
    ("Các cơ sở sản xuất, kinh doanh phải báo cáo Sở Công Thương", "Các cơ sở sản xuất, kinh doanh", "phải báo cáo"),
    ("Sở Công Thương chủ trì, kinh doanh", "Sở Công Thương", "chủ trì"),
], ids=["trades-and-goods", "two-trades", "no-trade-at-the-end"])
def test_a_group_qualified_by_a_list_of_trades(text, unit, action):
    sub = read_subject(text, 0, len(text))
    assert sub.units == [unit] and text[sub.action_start:].startswith(action)
