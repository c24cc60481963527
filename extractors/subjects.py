"""Who a clause names and where its task begins: the subject of a sentence ("Sở Tài chính chủ
trì …", "Các Bộ: Quốc phòng, Công an chủ động …"), the units a trigger hands the task to ("Giao
Sở X …", "Thủ tướng Chính phủ yêu cầu Chủ tịch UBND các tỉnh …", "kính giải trình để Sở X …"),
the units of a heading or lead-in ("a) Sở Tư pháp có trách nhiệm:"), and the clauses of an item.

The cue phrases are data (``data/obligations.json``); units are read by :mod:`extractors.units`.
Offsets are into the canonical text (:func:`extractors.normalize.canon_text`).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from . import rx as re

from . import lexicon
from .outline import Block
from .normalize import key
from .addressees import EXECUTION_CLAUSE, execution_units
from .unit_lists import read_units
from .units import _SEP, bare_person, clean_unit, phrase_at, read_unit, same_unit, unit_vocab

_I = re.I


# A body with no head word, named by capitalised words or an acronym, before a task verb.
_NAMED_BODY = re.compile(
    r"(?P<name>(?-i:\p{Lu}{2,}[\p{L}\d&]*|\p{Lu}\p{Ll}+)(?:[ \t]+(?-i:\p{Lu})[\p{L}\d&.-]*){1,4})[ \t]+"
    r"(?=(?:chủ\s+động|chủ\s+trì|phối\s+hợp|có\s+trách\s+nhiệm|chịu\s+trách\s+nhiệm|khẩn\s+trương|"
    r"tập\s+trung|triển\s+khai|tổ\s+chức|rà\s+soát|tham\s+mưu|hướng\s+dẫn)\s)")


@dataclass(frozen=True)
class Cues:
    opener: re.Pattern[str]
    subject_lead: re.Pattern[str]
    triggers: tuple[tuple[re.Pattern[str], str], ...]
    support: re.Pattern[str]
    lead: re.Pattern[str]
    relay: re.Pattern[str]
    past: re.Pattern[str]
    sections: dict[str, re.Pattern[str]]
    time_only: re.Pattern[str]
    attribute: re.Pattern[str]
    closing: re.Pattern[str]
    not_duty: re.Pattern[str]
    heading_tail: re.Pattern[str]
    heading_lead: re.Pattern[str]
    article_title: re.Pattern[str]
    execution_article: re.Pattern[str]
    annex_article: re.Pattern[str]
    relative_unit: re.Pattern[str]
    authorities: re.Pattern[str]
    composition: re.Pattern[str]
    time_line: re.Pattern[str]
    place_subject: re.Pattern[str]
    duty: re.Pattern[str]
    topic_lead: re.Pattern[str]
    delegation_subject: re.Pattern[str]
    delegated_power: re.Pattern[str]


@cache
def cues() -> Cues:
    d = lexicon.load("obligations.json")
    p = {k: re.compile(d[k]["pattern"], _I) for k in (
        "openers", "subject_lead", "relay", "past", "time_only", "attributes", "closing", "not_duty",
        "heading_tail", "heading_lead", "article_title", "execution_article",
        "relative_unit", "authorities", "composition", "place_subject", "time_line", "topic_lead",
        "delegation_subject", "delegated_power")}
    return Cues(
        opener=p["openers"], subject_lead=p["subject_lead"],
        triggers=tuple((re.compile(t["pattern"] + r"\s*:?\s+", _I), t["basis"]) for t in d["triggers"]["items"]),
        support=re.compile(d["roles"]["support"], _I), lead=re.compile(d["roles"]["lead"], _I),
        relay=p["relay"], past=p["past"],
        sections={k: re.compile(v["pattern"], _I) for k, v in d["sections"].items() if k != "about"},
        time_only=p["time_only"], attribute=p["attributes"], closing=p["closing"], not_duty=p["not_duty"],
        heading_tail=p["heading_tail"], heading_lead=p["heading_lead"], article_title=p["article_title"],
        execution_article=p["execution_article"],
        annex_article=re.compile(d["execution_article"]["annex"], _I), relative_unit=p["relative_unit"],
        authorities=p["authorities"], composition=p["composition"], place_subject=p["place_subject"],
        time_line=p["time_line"], topic_lead=p["topic_lead"],
        delegation_subject=p["delegation_subject"], delegated_power=p["delegated_power"],
        duty=re.compile(r"(?:trách\s+nhiệm|nhiệm\s+vụ)(?:,?\s+(?:quyền\s+hạn|quyền))?\s+(?:của|đối\s+với)\s+", _I),
    )


# ---------------------------------------------------------------------------- subjects


_PLACE_NAME = r"(?-i:\p{Lu})[\p{L}]*(?:\s+(?-i:\p{Lu})[\p{L}]*){0,3}"
# The further places of a place subject ("…, tỉnh Lâm Đồng", "… và các tỉnh Bắc Ninh, Gia Lai").
_MORE_PLACES = re.compile(r"(?:\s*,\s*|\s+và\s+)\K(?P<plural>các\s+)?(?P<level>tỉnh|thành\s+phố)\s+"
                          r"(?P<names>" + _PLACE_NAME + r"(?:\s*,\s*" + _PLACE_NAME + r")*)", _I)


@dataclass
class Subject:
    units: list[str]
    basis: str | None
    action_start: int          # where the task's words begin (absolute)
    opener: tuple[int, int] | None = None   # an opening adverbial before the subject (absolute)


_TASK_VERB = re.compile(r"(?:chỉ\s+đạo|tổ\s+chức|thực\s+hiện|triển\s+khai|xây\s+dựng|chủ\s+trì|phối\s+hợp|hướng\s+dẫn|"
                        r"tham\s+mưu|kiểm\s+tra|tăng\s+cường|đẩy\s+mạnh|lồng\s+ghép|bố\s+trí)\s", _I)


_ASK = re.compile(r"(?:kính\s+)?đề\s+nghị\s+", _I)


_SUBMITS = re.compile(r"\s+(?:kính\s+trình|trân\s+trọng\s+(?:đề\s+nghị|trình))\s", _I)


def after_opener(c: str, pos: int, end: int) -> int:
    """Where the subject starts after an opening adverbial ("Định kỳ 06 tháng, các Sở …"):
    after the first comma (outside brackets, within 300 characters) that a unit or a province
    ("…, tỉnh Đắk Lắk cần …") follows, else ``pos``."""
    depth = 0
    listing = False                                  # inside "… của Tổng Bí thư, Chính phủ, …"
    for k in range(pos, min(end, pos + 300)):
        if c[k] in "“\"":
            break                                    # a quotation is not where the subject stands
        depth += c[k] == "("
        depth -= c[k] == ")" and depth > 0
        if c[k] == "," and depth == 0 or c.startswith("vướng mắc", k - 8):
            nxt = _SEP.match(c, k + 1).end()
            stretch = c[max(pos, c.rfind(",", pos, k) + 1):k]
            if c.rfind(",", pos, k) >= pos and _TASK_VERB.match(stretch.strip()):
                break                                    # "Căn cứ …, chỉ đạo các cơ sở …, các …": the task began
            seg, lo = window(c, pos, end)
            unit = read_unit(seg, nxt - lo)
            unit = None if unit is None else unit + lo
            if unit is not None and _SUBMITS.match(c, unit, unit + 30):
                return nxt                               # "xét đề nghị của Sở A tại Tờ trình số …, UBND tỉnh kính trình …"
            if re.search(r"(?:của|(?<![Đđ]ối\s)với|cho|tại|theo|và|gồm)\s+(?:\p{Lu}|các\s)", stretch):
                listing = True
                continue
            if listing and unit is not None and re.match(r"[\s\[\]\d]*(?:,|và\s)", c[unit:unit + 8]):
                continue
            listing = False
            asked = _ASK.match(c, nxt, min(end, nxt + 20))  # "…, vướng mắc, đề nghị các cơ quan … phản ánh"
            if unit is not None or cues().subject_lead.match(c, nxt, end) or cues().place_subject.match(c, nxt, end) \
                    or asked and read_unit(seg, asked.end() - lo) is not None:
                return nxt
    return pos


@lru_cache(maxsize=8)
def _province_of(c: str) -> str | None:
    """The first province the document names ("… LÀM VIỆC VỚI LÃNH ĐẠO TỈNH ĐIỆN BIÊN")."""
    for m in re.finditer(r"(?:tỉnh|thành\s+phố)\s+(\p{Lu}[\p{L}]*(?:\s+\p{Lu}[\p{L}]*){0,3})", c, _I):
        words = m.group(1).split()
        for n in range(len(words), 0, -1):
            known = lexicon.provinces().get(key(" ".join(words[:n])))
            if known:
                return known["name"]
    return None


# What a reader of a clause may look at before the clause (lookbehinds, the comma before a
# unit). Each clause is read in ``c[start - LOOK_BEHIND:end]`` rather than ``c[:end]``: a
# slice from the start of the text at every clause made a long text's scan quadratic.
LOOK_BEHIND = 2000


def window(c: str, start: int, end: int) -> tuple[str, int]:
    """``c`` up to ``end``, from LOOK_BEHIND characters before ``start``; and its offset."""
    lo = max(0, start - LOOK_BEHIND)
    return c[lo:end], lo


def units_upto(c: str, pos: int, end: int) -> tuple[int, list[str]] | None:
    """``read_units(c[:end], pos)``, read in a window of ``c`` (offsets into ``c``)."""
    seg, lo = window(c, pos, end)
    got = read_units(seg, pos - lo)
    return None if got is None else (got[0] + lo, got[1])


# A body named by what it does, before its responsibility: "Cơ quan lập đề án vùng phát thải thấp có
# trách nhiệm", "Đơn vị được giao chủ trì có trách nhiệm" (no known head, so bounded by the duty).
_DESCRIBED_BODY = re.compile(r"(?P<unit>(?-i:Cơ\s+quan|Đơn\s+vị|Tổ\s+chức|Chủ\s+đầu\s+tư|Nhà\s+đầu\s+tư|Doanh\s+nghiệp)"
                             r"(?:,?[ \t\n]+\p{Ll}+){1,9}?)(?<!\stự)[ \t\n]+(?=(?:có|chịu)\s+trách\s+nhiệm\b)")


def read_subject(c: str, start: int, end: int, issuer: str | None = None) -> Subject | None:
    """The units a clause ``c[start:end]`` names as its subject, and where its action begins."""
    seg, lo = window(c, start, end)
    sub = _read_subject(seg, start - lo, end - lo, issuer, c)
    clause = EXECUTION_CLAUSE.search(seg, start - lo, end - lo)
    if clause and (sub is None or sub.action_start < clause.start() - 2):
        pos = start - lo + len(seg[start - lo:clause.start()]) - len(seg[start - lo:clause.start()].lstrip())
        title = cues().article_title.match(seg, pos, clause.start())
        units = execution_units(seg, title.end() if title else pos, clause.start())
        sub = Subject(units, None, clause.start()) if units else sub
    if sub is None:                                  # "Cơ quan lập đề án vùng phát thải thấp có trách nhiệm …"
        named = _DESCRIBED_BODY.match(seg, start - lo + len(seg[start - lo:end - lo]) - len(seg[start - lo:end - lo].lstrip()),
                                      end - lo)
        sub = Subject([clean_unit(named.group("unit"))], None, named.end("unit")) if named else None
    if sub is not None:
        sub.action_start += lo
        if sub.opener is not None:
            sub.opener = (sub.opener[0] + lo, sub.opener[1] + lo)
        more = _TRADE_MORE.match(c, sub.action_start, end) if len(sub.units) == 1 \
            and _TRADE_END.search(sub.units[0]) and c[sub.action_start - 2:sub.action_start - 1] == "," else None
        if more:                                     # "Các tổ chức, cá nhân sản xuất, kinh doanh hợp pháp X thực hiện …"
            sub.units = [sub.units[0] + ", " + " ".join(more.group("more").split())]
            sub.action_start = more.end()
    return sub


# Trades that qualify a group, written as a list, and what they trade in when it is named:
# "tổ chức, cá nhân sản xuất, kinh doanh hợp pháp Carisoprodol, Etomidate".
_TRADE = r"(?:sản\s+xuất|kinh\s+doanh|nhập\s+khẩu|xuất\s+khẩu|chế\s+biến|phân\s+phối|buôn\s+bán|mua\s+bán)"
_TRADE_END = re.compile(r"(?<![\p{L}])" + _TRADE + r"$", _I)
_TRADE_MORE = re.compile(r"(?P<more>" + _TRADE + r"(?:\s*,\s*" + _TRADE + r")*(?:\s+(?:và|hoặc)\s+" + _TRADE + r")?"
                         r"(?:\s+hợp\s+pháp)?(?-i:(?:\s+[\p{Lu}\d][\p{L}\d.-]*(?:(?:\s*,\s*|\s+)[\p{Lu}\d][\p{L}\d.-]*)*)?))"
                         r"\s+(?=\p{Ll})", _I)


def _read_subject(c: str, start: int, end: int, issuer: str | None, full: str) -> Subject | None:
    q = cues()
    seg = c[:end]
    pos = start + len(c[start:end]) - len(c[start:end].lstrip())
    t = q.article_title.match(c, pos, end)
    if t:
        pos = t.end()
    m = q.subject_lead.match(c, pos, end)
    if m and read_unit(seg, m.end()) is not None:
        pos = m.end()
    else:
        m = None
        if q.opener.match(c, pos, end):
            opened = pos
            pos = after_opener(c, pos, end)
            if pos > opened:                         # "Trong quá trình thực hiện, nếu có vướng mắc, các
                sub = _read_subject(c, pos, end, issuer, full)   # cơ quan … phản ánh": the lead is the task's too
                if sub is not None and sub.opener is None and sub.action_start > pos:
                    sub.opener = (opened, pos)
                return sub
    handed = _handed_on(seg, pos)
    if handed is not None:
        return handed
    got = read_units(seg, pos)
    if got is not None:
        stop, units = got
        rel = q.relative_unit.match(seg, stop)
        if rel:                                      # "Các cơ quan được phân công … có trách nhiệm"
            units = units[:-1] + [units[-1] + seg[stop:rel.end()]] if units else units
            stop = rel.end()
        bracket = re.match(r"[ \t]*\([^()\n]{0,120}\)(?=[ \t]*:)", seg[stop:stop + 130])
        if bracket:                                  # "các doanh nghiệp viễn thông (VNPT, Viettel): …"
            stop += bracket.end()
            stop += len(seg[stop:]) - len(seg[stop:].lstrip(" \t"))
        if seg[stop:stop + 1] == ":":                # "- Sở Tài chính: chủ trì …"
            if bare_person(seg, pos, stop) and not m:
                return None                          # "Trưởng ban: …" lists a composition
            colon = _SEP.match(seg, stop + 1).end()
            return _handed_on(seg, colon) or Subject(units, None, colon)
        if q.past.match(seg[action_start(seg, stop):end]) and not m:
            return None
        after = _SEP.match(seg, stop).end()
        handed = _handed_on(seg, after, units, pos, issuer)
        if handed is None and q.authorities.match(seg, pos) and any(p.match(seg, after) for p, _ in q.triggers):
            return None                              # "Thủ tướng Chính phủ yêu cầu:": the items name their units
        return handed or Subject(units, None, action_start(seg, stop))
    named = _NAMED_BODY.match(seg, pos)
    if named and read_unit(seg, pos) is None:       # "VNPT Quảng Ngãi chủ động phối hợp …"
        return Subject([seg[pos:named.end("name")]], None, named.end("name") + 1)
    place = q.place_subject.match(seg, pos)
    if place:                                        # "tỉnh Đắk Lắk cần …": its People's Committee
        level = " ".join(place.group("level").casefold().split())
        name = place.group("name") or _province_of(full)  # "Tỉnh tổ chức thực hiện …": the one it is about
        if name:
            units = [f"Ủy ban nhân dân {level} {name}"]
            for more in _MORE_PLACES.finditer(seg, place.start("more"), place.end()) if place.group("more") else ():
                lvl = " ".join(more.group("level").casefold().split())
                units.append(clean_unit(more.group(0)) if more.group("plural")
                             else f"Ủy ban nhân dân {lvl} {more.group('names')}")
            return Subject(units, None, action_start(seg, place.end()))
    # a trigger in the middle of the sentence: "…, yêu cầu Bộ Y tế, … tiếp tục …"
    for t in re.finditer(r"(?:^|[,;:]\s+|\s)(?:yêu\s+cầu|đề\s+nghị|giao|chỉ\s+thị)\s+(?:cho\s+)?", seg[pos:end], _I):
        if re.search(r"(?:đã|từng|vừa)\s+(?:\p{L}+\s+)?$", seg[max(pos, pos + t.start() - 12):pos + t.start() + 1], _I):
            continue                                 # "Thủ tướng đã giao …": an earlier assignment
        got = read_units(seg, pos + t.end())
        if got and len(re.findall(r"\p{L}+", seg[action_start(seg, got[0]):end])) >= 3:
            return Subject(got[1], "requested" if "đề" in t.group(0) else "assigned", action_start(seg, got[0]))
    return None


def _handed_on(seg: str, pos: int, subject: list[str] | None = None, subject_pos: int = 0,
               issuer: str | None = None) -> Subject | None:
    """Units that a trigger at ``pos`` makes the assignees ("Giao Sở X …", "Đề nghị các Sở …",
    "kính giải trình để Sở X …"). After a subject, "đề nghị / kính … để" always hand the task on;
    "yêu cầu / giao" only after an authority ("Thủ tướng Chính phủ yêu cầu …") or the issuer."""
    q = cues()
    for pattern, basis in q.triggers:
        t = pattern.match(seg, pos)
        if not t:
            continue
        if subject is not None and basis != "requested" and not (
                q.authorities.match(seg, subject_pos) or any(same_unit(u, issuer) for u in subject)):
            continue
        got = read_units(seg, t.end())
        if got:
            return Subject(got[1], basis, action_start(seg, got[0]))
    return None


def action_start(s: str, pos: int) -> int:
    bracket = re.compile(r"[ \t]*\([^()]{0,120}\)[ \t]*:").match(s, pos)   # "… viễn thông (VNPT, …): Đảm bảo"
    m = re.compile(r"[\s,:]*(?:(?:sẽ|cần|phải|kính)\s+)?").match(s, bracket.end() if bracket else pos)
    return m.end() if m else pos


# Words of a task inside one ";" segment of an execution clause's list (then it is a clause of its own).
_TASK_WORD = re.compile(r"(?<![\p{L}])(?:chủ\s+trì|phối\s+hợp|thực\s+hiện|triển\s+khai|báo\s+cáo|hướng\s+dẫn|"
                        r"tổ\s+chức\s+(?!chính\s+trị)|(?:có|chịu)\s+trách\s+nhiệm|theo\s+dõi|kiểm\s+tra)(?![\p{L}])", re.I)


def _listed_addressees(c: str, start: int, end: int) -> set[int]:
    """The ";" of an execution clause's list of addressees ("Chánh Văn phòng UBND tỉnh; Chánh Văn
    phòng Ban Chỉ huy ứng phó sự cố tràn dầu tỉnh; … chịu trách nhiệm thi hành Quyết định này"):
    not clause ends, when the list opens with a unit and every segment is a short capitalised
    name with no task words."""
    keep: set[int] = set()
    for m in EXECUTION_CLAUSE.finditer(c, start, end):
        head = max(c.rfind(". ", start, m.start()), c.rfind(".\n", start, m.start()), c.rfind(":\n", start, m.start()))
        lo = start if head < 0 else head + 2
        cuts = [i for i in range(lo, m.start()) if c[i] == ";"]
        if not cuts:
            continue
        bounds = [lo] + [i + 1 for i in cuts]
        segs = [(a, b) for a, b in zip(bounds, cuts + [m.start()])]
        if read_unit(c, lo) is not None and all(
                c[a:b].strip()[:1].isupper() and len(c[a:b]) < 160 and not _TASK_WORD.search(c, a, b)
                for a, b in segs[:-1]):
            keep.update(cuts)
    return keep


def clauses(c: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split an item at ";" and sentence ends (outside brackets)."""
    out, last, depth = [], start, 0
    listed = _listed_addressees(c, start, end) if ";" in c[start:end] else set()
    for i in range(start, end):
        ch = c[i]
        depth += ch == "("
        depth -= ch == ")" and depth > 0
        if depth == 0 and (ch == ";" and i not in listed or (ch == "." and re.match(r"\.\s+\p{Lu}", c[i:i + 3]))):
            out.append((last, i))
            last = i + 1
    out.append((last, end))
    return [(s + len(c[s:e]) - len(c[s:e].lstrip()), e) for s, e in out if c[s:e].strip(" .;,")]


# ---------------------------------------------------------------------------- records


def inline_lead(c: str, b: Block) -> tuple[int, str | None]:
    """A paragraph that opens with its own section title ("Về một số nhiệm vụ trong thời gian
    tới: Các địa phương …"): where its tasks begin and the zone the title gives."""
    topic = cues().topic_lead.match(c, b.body, b.end)
    if topic and topic.end() < b.end and read_subject(c, topic.end(), b.end) is not None:
        return topic.end(), None                     # "Về đề nghị …: UBND thành phố … cần …"
    if b.kind != "para":
        return b.body, None
    lead = re.match(r"([^:\n]{3,120}):\s*", c[b.body:b.end])
    if not lead or read_unit(c, b.body) is not None \
            or read_subject(c, b.body, b.body + lead.end(1)) is not None:
        return b.body, None                          # "…, tỉnh X cần tập trung … nhiệm vụ sau đây:" leads in
    sections = cues().sections
    for name in ("plan", "account"):
        if sections[name].search(lead.group(1)):
            return b.body + lead.end(), name
    return b.body, None


# What describes a group named in a heading ("Các doanh nghiệp hoạt động trong lĩnh vực X").
_DESCRIBED = re.compile(r"(?:hoạt\s+động|kinh\s+doanh|sản\s+xuất|tham\s+gia|trong\s+lĩnh\s+vực|trên\s+địa\s+bàn)\b", _I)


_DASH = re.compile(r"[ \t]*[-–][ \t]*")
# A heading that names who leads and who helps, its task on the lines below (no colon).
_LEADS_WITH = re.compile(r"\s*chủ\s+trì\s*,?\s*phối\s+hợp\s+với\s+[^:.;\n]{2,120}?(?:\n[^:.;\n]{0,60})?\s*", _I)


def heading_units(c: str, b: Block) -> tuple[list[str], str | None] | None:
    """The units a heading names for the items below it ("1. Sở Tài chính", "a) Sở Tư pháp có
    trách nhiệm:", "2. Giao Sở Tài chính:", "Điều 5. Trách nhiệm của UBND cấp tỉnh")."""
    q = cues()
    stripped = c[b.body:b.end].rstrip()
    if b.kind == "para" and not stripped.endswith(":"):
        return None
    pos = b.body
    basis = None
    lead = q.heading_lead.match(c, pos, b.end)
    if lead:
        pos = lead.end()
        basis = "requested" if re.match(r"(?:kính\s+)?đề", lead.group(0), _I) else "assigned"
    got = units_upto(c, pos, b.end)
    if got is None and lead and b.children and re.match(r"trách\s+nhiệm\s+(?:của|đối)", lead.group(0), _I):
        named = c[pos:b.end].strip().rstrip(":.").strip()
        if 3 < len(named) <= 100 and not re.search(r"[.;:]", named):
            return [clean_unit(named)], basis          # "Điều 12. Trách nhiệm của cá nhân sử dụng hệ thống"
    if got is None or bare_person(c, pos, got[0]) and c[got[0]:got[0] + 1] == ":" and not lead:
        return None
    stop, units = got
    role = _DASH.match(c, stop, b.end)
    if role and phrase_at(c, role.end(), unit_vocab().dash_roles) is not None and not re.search(r"[.;]", c[stop:b.end]):
        colon = c.find(":", stop, b.end)             # "1.2. Sở Tài chính - Cơ quan thường trực Ban Chỉ đạo"
        stop = colon if colon >= 0 else b.end
    if b.children and _LEADS_WITH.fullmatch(c, stop, b.end):
        return units, basis                          # "1. Sở Tài chính chủ trì, phối hợp với Văn phòng UBND tỉnh" ⏎ its task
    if not q.heading_tail.fullmatch(c, stop, b.end):
        rest = c[stop:b.end].strip()
        if b.kind != "para" and len(units) == 1 and re.match(r"(?:các|những)\s", c[pos:stop], _I) \
                and (_DESCRIBED.match(rest) or b.children and len(rest) < 100) and len(rest) < 200 \
                and (not re.search(r"[.;:]$", rest) or rest.endswith(":") and _DESCRIBED.match(rest) and b.children):
            return [clean_unit(c[pos:b.end].rstrip().rstrip(":"))], basis   # "7. Các doanh nghiệp hoạt động trong lĩnh vực …"
        return None
    return units, basis


def generic_intro(intro: str) -> bool:
    """A lead-in whose only action is to do the items below ("… thực hiện các nhiệm vụ sau:")."""
    head = re.split(r"[,;]\s*trong\s+đó\b", intro, maxsplit=1, flags=_I)
    if len(head) > 1:                                 # "… tập trung chỉ đạo X, trong đó …": X is a task
        return bool(re.match(r"(?:\p{L}+\s+){0,3}?(?:thực\s+hiện|triển\s+khai|quán\s+triệt)\s.{0,60}?"
                             r"(?:các\s+)?(?:chủ\s+trương|chỉ\s+đạo|nghị\s+quyết|văn\s+bản|quy\s+định)", head[0], _I))
    return bool(re.search(r"(?:các|một\s+số|những)\s+(?:nhiệm\s+vụ|giải\s+pháp|nội\s+dung|công\s+việc|biện\s+pháp|"
                          r"việc)[^.;]{0,80}(?:sau(?:\s+đây)?|như\s+sau|dưới\s+đây)\s*:?\s*$|^[^,]{0,40}:?\s*$"
                          r"|(?:có|chịu)\s+trách\s+nhiệm(?:\s+thực\s+hiện)?(?:\s+(?:các|một\s+số)\s+\p{L}+(?:\s+\p{L}+)?)?"
                          r"(?:\s+(?:sau|như\s+sau))?\s*:\s*$"
                          r"|^(?:(?:theo|căn\s+cứ|trong\s+phạm\s+vi)\s+chức\s+năng[^:]{0,40}?\s)?chủ\s+trì,?\s+phối\s+hợp"
                          r"[^.;:]{0,150}:\s*$", intro, _I))


def value_units(c: str, start: int, end: int) -> list[str] | None:
    """The units of an attribute line's value ("Sở A; Sở B; Báo và Phát thanh … và các sở, ngành
    có liên quan."), or None when the value is sentences with verbs of their own."""
    value = c[start:end].strip().rstrip(".;")
    at = start + len(c[start:end]) - len(c[start:end].lstrip())
    got = units_upto(c, at, at + len(value))
    if got is not None and not c[got[0]:end].strip(" .;"):
        return got[1]
    if re.search(r"[.;:]\s+\p{Ll}|\s(?:tiến\s+hành|rà\s+soát|thực\s+hiện|tổ\s+chức|gửi|báo\s+cáo|chủ\s+trì)\s", value):
        return None
    parts = [p.strip() for p in re.split(r"\s*;\s*|,?\s+và\s+(?=các\s)|,\s+(?=các\s)", value) if p.strip()]
    out: list[str] = []
    for part in parts:
        got = read_units(part, 0)
        if got is not None and not part[got[0]:].strip(" .,"):
            out += got[1]
        else:
            out.append(clean_unit(part))
    return out or None
