"""Where a block of a document's body stands: which article holds it (one on carrying the
document out, a responsibility article of a rule set, or a rule article of a normative
decision), which section zone its headings name ("account" of what was done, "goal",
"plan"), and what binds a named body inside a rule set all the same. Read by
:mod:`extractors.obligations`; the title patterns are data (``data/obligations.json``:
``execution_article``, ``sections``)."""
from __future__ import annotations

from . import rx as re

from .addressees import EXECUTION_CLAUSE
from .outline import Block, ancestors
from .subjects import cues, heading_units, read_subject

_I = re.I


def normative_decision(doc_type: str, number: str | None) -> bool:
    """A decision that is a legal normative document ("213/2025/QĐ-UBND": the year in its number)
    lays down rules in articles: like a decree, only its articles on carrying it out hold tasks."""
    return doc_type == "quyet_dinh" and bool(number) and bool(re.search(r"/(?:19|20)\d\d/QĐ-", number or "")) \
        or doc_type == "nghi_quyet" and bool(re.search(r"/(?:19|20)\d\d/(?!NQ-HĐND)", number or ""))


STANDING_RULES = frozenset({"nghi_dinh", "thong_tu", "thong_tu_lien_tich", "luat", "phap_lenh"})


def standing_rules(doc_type: str | None) -> bool:
    """A law, decree or circular: what its articles say is done "hằng năm" is procedure, not a
    task of its own. (A normative decision's rule set dates tasks the gold keeps: not here.)"""
    return doc_type in STANDING_RULES


def rule_article(c: str, items: list[Block], i: int) -> bool:
    """Whether block ``i`` lies in an article with a title of its own ("Điều 2. Cấp dự báo
    cháy rừng" over its clauses), not one whose text is the decision itself ("Điều 2. Giao Sở
    X …", "Điều 3. Chánh Văn phòng … chịu trách nhiệm thi hành …")."""
    for j in range(i, -1, -1):                      # the nearest article above ("II." inside one
        if items[j].kind == "article":               # is no child of it: both are top level)
            own = c[items[j].body:items[j].end].rstrip()
            return items[j].children > 0 and len(own) < 160 and not re.search(r"[.;:]$", own)
    return False


def zone_of(c: str, items: list[Block], i: int, titles: dict[int, str | None]) -> str | None:
    """"account", "goal" or "plan" from the nearest heading that says which (each heading's
    title read once, into ``titles``)."""
    for j in [i, *ancestors(items, i)]:
        if not items[j].heading_like:
            continue
        if j not in titles:   # an item without items of its own names its zone only at its start
            titles[j] = _title_zone(c[items[j].body:items[j].end][:160], leaf=not items[j].children)
        if titles[j]:
            return titles[j]
    return None


def _title_zone(title: str, leaf: bool = False) -> str | None:
    sections = cues().sections
    for name in ("account", "goal", "plan"):
        if sections[name].search(title) and (name == "plan" and not leaf or sections[name].match(title)):
            if name == "goal" and not leaf and any(sections["plan"].match(part.strip())
                                                   for part in title.split(",")[1:]):
                return None                          # "PHẠM VI, ĐỐI TƯỢNG, …, PHƯƠNG ÁN HỖ TRỢ": both
            return name
    return None


_OWN_NOUN = {"thong_tu": "thông tư", "nghi_dinh": "nghị định", "quyet_dinh": "quyết định", "nghi_quyet": "nghị quyết",
             "chi_thi": "chỉ thị"}


def in_execution_article(c: str, items: list[Block], i: int, annex: bool, doc_type: str | None = None) -> bool:
    """In a regulation, whether block ``i`` lies in an article on carrying it out ("Điều 5.
    Hiệu lực và trách nhiệm thi hành"); in a rule set issued with a decision also in one that
    gives a body its tasks ("Điều 12. Trách nhiệm của Sở Tài chính")."""
    q = cues()
    own = EXECUTION_CLAUSE.search(c, items[i].body, items[i].end)
    noun = _OWN_NOUN.get(doc_type or "")
    if own and not re.match(r"[\s./]*[”\"]", c[own.end():own.end() + 6]) \
            and (noun is None or noun in " ".join(own.group(0).casefold().split())):
        return True                                 # "… chịu trách nhiệm thi hành Thông tư này", whatever the title
                                                    # (not the quoted clause of a text it amends: "… này.”",
                                                    # nor a form's: "Quyết định này" in a decree's annex)
    for j in [i, *ancestors(items, i)]:
        if items[j].kind == "article":
            title = c[items[j].body:min(items[j].end, items[j].body + 160)]
            return bool(q.execution_article.match(title) or annex and q.annex_article.match(title)
                         or EXECUTION_CLAUSE.search(c, items[j].body, min(items[j].end, items[j].body + 800)))
    return False


_RESPONSIBLE = re.compile(r"(?<![\p{L}])(?:có|chịu)\s+trách\s+nhiệm\b", _I)


def named_duty(c: str, items: list[Block], i: int, given: dict, issuer: str | None,
              doc_type: str | None, rules: set[int] = frozenset()) -> bool:
    """In the rules a decision issues (a Quy chế, or a normative decision's articles), what
    binds a named body all the same: a heading that names it ("1. Sở Tài chính", "Bộ Công an
    có trách nhiệm:") and its items, an item "d) Sở Xây dựng: Tổng hợp …", or a sentence "X có
    trách nhiệm …"; in any regulation, the request to report difficulties met ("nếu có vướng mắc,
    … phản ánh về Sở X"). Not in a circular's, decree's or law's rules otherwise: there "X có trách
    nhiệm …" is a standing rule ("Doanh nghiệp kinh doanh vận tải đường sắt có trách nhiệm cấp vé …")."""
    b = items[i]
    if _FEEDBACK.search(c, b.body, b.end):
        return True                                 # "… nếu có vướng mắc, các cơ quan phản ánh về Sở X để …"
    if doc_type != "quyet_dinh":
        return False
    if any(j in given and j not in rules for j in ancestors(items, i)):
        return True
    if b.children and heading_units(c, b) is not None:
        heading = c[b.body:b.end]                   # "Giám đốc Quỹ có nhiệm vụ, quyền hạn:": powers
        return not re.search(r"quyền|nhiệm\s+vụ", heading, _I) or bool(_RESPONSIBLE.search(heading))
    head = _RESPONSIBLE.search(c, b.body, min(b.end, b.body + 300))
    sub = read_subject(c, b.body, head.end(), issuer) if head else None
    if sub is None and b.kind != "para":            # "d) Sở Xây dựng: Tổng hợp, phân tích …"
        sub = read_subject(c, b.body, b.end, issuer)
        if sub is not None and (sub.basis is not None or ":" not in c[b.body:sub.action_start]
                                or any(":" in u for u in sub.units) or _DESCRIBED.match(c, sub.action_start)):
            sub = None                              # "1. Lãnh đạo: Sở Nội vụ có Giám đốc …": a description
    return sub is not None and bool(sub.units) and not all(ANYONE.match(u) for u in sub.units)


# The request to report difficulties met in carrying the rules out, wherever it stands ("Điều 15.
# Sửa đổi, bổ sung Quy chế: Trong quá trình thực hiện, nếu có vướng mắc, đề nghị các cơ quan kịp
# thời báo cáo về Sở Khoa học và Công nghệ để tổng hợp …").
_FEEDBACK = re.compile(r"vướng\s+mắc[^.]{0,200}?(?:phản\s+ánh|báo\s+cáo|gửi\s+(?:văn\s+bản|ý\s+kiến))"
                       r"[^.]{0,40}?\s(?:về|đến|tới)\s", _I)
_DESCRIBED = re.compile(r"(?:có|là|gồm|bao\s+gồm)\s", _I)

# Whoever the rules apply to, not a body given a task: "Tổ chức, cá nhân có trách nhiệm bảo vệ …".
ANYONE = re.compile(r"(?:các\s+)?(?:tổ\s+chức|cá\s+nhân)\b", _I)
