"""Targets and statistics: counted quantities a document sets as goals, or reports.

A target is a quantity in a goal context: a section headed "Mục tiêu"/"Chỉ tiêu" or an
evaluation-criteria table ("Tiêu chuẩn đánh giá"), a sentence after "phấn đấu", "quyết tâm",
"mục tiêu …" or a future horizon "đến hết năm 2020 … có" (the whole sentence, across its ";"
items), or a bounded count with a frequency ("ít nhất 01 hội nghị/năm"). Outside such a
context a percentage is a target when it is bounded ("tối thiểu 30%", "không vượt quá 0,1%")
or follows a goal verb ("hoàn thành 100%", "đạt trên 95%") in a sentence that does not report
("đã", "so với cùng kỳ", "đạt 116,8% kế hoạch") and is not a share of money or staff
("tối đa 50% chi phí"). "ít nhất/tối thiểu/trên" give ``min``, "không quá/tối đa/dưới" give
``max``, a range gives both, "khoảng" or a bare number gives ``min == max``. Numbers that qualify
("3 - 5 sao", "từ 50 điểm trở lên", "70% phụ nữ được tầm soát ít nhất 4 loại bệnh"), years,
dates, money, document numbers, counts in notes ("(03 tổ chuyên trách)") and a count the text
already named before the goal ("02 công trình dự án") are never targets.

A statistic has the same shape: a quantity in a sentence that reports ("Tổng số sản phẩm đã
đăng ký đầu năm: 99 sản phẩm"). The public function is :func:`extract_targets`; vocabulary
lives in ``data/targets.json``. Regexes run over ``canon(text)``, so spans are valid in ``text``.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache

from . import rx as re

from . import lexicon
from .normalize import canon_text, strip_accents
from .sections import Outline, headings_above, issued_year, outline, sentence_bounds

_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
# Words before a number that make it a reference, an ordinal or a date, never a count.
_NOT_COUNT_BEFORE = re.compile(
    r"(?:\b(?:số|Số|Điều|điều|khoản|Khoản|điểm|Điểm|Chương|chương|mục|Mục|Phần|phần|thứ|lần\s+thứ|ngày|"
    r"tháng|năm|quý|Quý|giai\s+đoạn|khóa|Khóa|kỳ|nhiệm\s+kỳ|Nghị\s+định|Quyết\s+định|Thông\s+tư|"
    r"Luật|tuyến|phòng|tầng|lô|thửa|tờ|QL|ĐT|cấp|mức|hạng|loại|nhóm|bậc|tiêu\s+chí|Phụ\s+lục|"
    r"Mẫu|mẫu|lớp|Lớp|km|Km|tổ|ấp|thôn|khu|phường|Phường|đợt|Đề\s+án|Dự\s+án)[ \t]*|[-–/.]\d*)$")
_PERCENT = r"(?:[ \t]*(?P<pct>%|phần[ \t]+trăm))"
_MONEY_AFTER = re.compile(r"[ \t]*(?:triệu|tỷ|tỉ|nghìn|ngàn)?[ \t]*(?:đồng|VNĐ|VND|đ\b)")
_HEADING_NUMBER = re.compile(r"[.)/]")
_YEAR = re.compile(r"(?:19|20)\d\d")
_UP = re.compile(r"[^;,.\n\d]{0,60}?\btrở[ \t]+(?P<d>lên|xuống)\b")
_CLAUSE_MARK = re.compile(r"[;,.:\n]")
_CLAUSE_MARK_BACK = re.compile(_CLAUSE_MARK.pattern, re.REVERSE)   # the last mark before a position
_RUBRIC = re.compile(r"[^;\d]{0,20}:[ \t]*\d")
_PER_WORD = re.compile(r"\d+|\p{L}+")
_VOWELS = re.compile(r"[aeiouy]+")
_NOT_NOUN = frozenset({"và", "của", "được", "đạt", "có", "trở", "trên", "là", "để", "cho", "từ", "tại",
                       "với", "trong", "theo", "hoặc", "các", "những", "đến", "đã", "sẽ", "thì", "mới",
                       "khi", "nếu", "trường", "sau", "trước", "so", "bằng", "hay", "mà", "nhưng", "đối",
                       "về", "do", "vào", "ra", "lên", "xuống", "hoạt", "mỗi", "hằng", "hàng", "như"})


@cache
def _vocab() -> dict:
    return lexicon.load("targets.json")


_WRAP = r"(?:[ \t]+|[ \t]*\n[ \t]*)"


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    v = _vocab()
    quals = sorted((w for q in v["qualifiers"] for w in q["words"]), key=len, reverse=True)
    qual = "|".join(w.replace(" ", _WRAP) for w in quals)
    units = sorted((u["unit"] for u in v["units"] if u["unit"] != "%"), key=len, reverse=True)
    return {
        "qty": re.compile(
            r"(?:(?P<qual>(?i:" + qual + r"))(?:" + _WRAP + r"|(?<=[≥≤])[ \t]*)(?:là[ \t]+)?)?(?:(?P<from>từ)" + _WRAP + r")?"
            r"(?<![\p{L}\d.,/-])(?P<a>" + _NUM + r")(?![.,/]\d|[\p{L}\d])"
            r"(?:[ \t]*(?:-|đến|tới)[ \t]*(?P<b>" + _NUM + r")(?![.,/]\d|[\p{L}\d]))?" + _PERCENT + "?"),
        # a unit may be hard-wrapped between its words ("trung" ⏎ "tâm", "doanh" ⏎ "nghiệp")
        "unit": re.compile(r"(?:[ \t]*\n(?=[ \t]*(?-i:\p{Ll})))?[ \t]*(?P<u>" + "|".join(u.replace(" ", _WRAP) for u in units)
                           + r")(?![\p{L}\d])", re.I),
        "word": re.compile(r"[ \t]*(?P<u>\p{Ll}+)(?:" + _WRAP + r"(?P<u2>\p{Ll}+))?"),
        "trigger": re.compile(v["goal_triggers"]["pattern"], re.I),
        "heading": re.compile(v["goal_headings"]["pattern"], re.I),
        "zone": re.compile(v["goal_zones"]["pattern"], re.I | re.M),
        "zone_end": re.compile(v["goal_zones"]["end"], re.M),
        "horizon": re.compile(v["horizon"]["pattern"], re.I),
        "report": re.compile(v["report_markers"]["pattern"], re.I),
        "report_heading": re.compile(v["report_headings"]["pattern"], re.I),
        "reported_rate": re.compile(v["reported_rates"]["pattern"], re.I),
        "goal_verb": re.compile(r"(?:" + v["goal_verbs"]["pattern"] + r")[ \t]*$", re.I),
        "share": re.compile(r"[ \t]*(?:" + v["shares"]["pattern"] + r")\b", re.I),
        "example": re.compile(r"\([ \t]*(?:như|ví[ \t]+dụ)\b", re.I),
        "scope_end": re.compile(r"[.!?](?=[ \t]|$)|\n[ \t]*\n|\n(?=[ \t]*(?:[-+•]|[a-zđ][)/]|\d+(?:\.\d+)+[.)]?[ \t]|"
                                r"\d+[.)][ \t]|[IVXLC]+\.))"),
        "clause_end": re.compile(r"[;.]|\n(?![ \t]*\p{Ll})|[ \t]+và[ \t]+(?=(?:có[ \t]+)?(?:" + qual + r")?[ \t]*\d)"),
    }


@cache
def _bounds() -> dict[str, tuple[str, bool]]:
    return {w: (q["bound"], q.get("strong", False)) for q in _vocab()["qualifiers"] for w in q["words"]}


@cache
def _excluded() -> frozenset[str]:
    return frozenset(e["word"].lower() for e in _vocab()["excluded_units"])


@cache
def _per_stop() -> frozenset[str]:
    return frozenset(_vocab()["per_unit_stops"]["words"])


def _number(text: str) -> int | float | None:
    value = Decimal(text.replace(".", "").replace(",", "."))     # _NUM is Vietnamese-style only
    return int(value) if value == value.to_integral_value() else float(value)


def _syllable(word: str) -> bool:
    """Whether ``word`` is one Vietnamese syllable (one vowel group); "camera" is not."""
    return len(_VOWELS.findall(strip_accents(word).lower())) == 1


def _unit(text: str, pos: int, percent: bool) -> tuple[str, int, int] | None:
    """The counted unit after a number, where it starts and ends; ``None`` when not a count.
    A listed unit is taken as listed; otherwise one word, or two when the first is a Vietnamese
    syllable ("thiết bị", "bé trai"); a rate goes on over its slashes ("con/phụ nữ",
    "lượt/người/năm", "bé trai/100 bé gái sinh ra sống")."""
    if percent:
        return "%", pos, pos
    p = _patterns()
    w = p["word"].match(text, pos)
    if w and f"{w.group('u')} {w.group('u2')}".lower() in _excluded():
        return None
    m = p["unit"].match(text, pos)
    if m:
        name, start, end = re.sub(r"\s+", " ", m.group("u")), m.start("u"), m.end()
    else:
        w = p["word"].match(text, pos)
        if not w or w.group("u").lower() in _NOT_NOUN or w.group("u").lower() in _excluded() \
                or f"{w.group('u')} {w.group('u2')}".lower() in _excluded():
            return None
        u2 = w.group("u2")
        if u2 and u2.lower() not in _NOT_NOUN and _syllable(w.group("u")):
            name, start, end = f"{w.group('u')} {u2}", w.start("u"), w.end()
        else:
            name, start, end = w.group("u"), w.start("u"), w.end("u")
    while text.startswith("/", end):
        words = list(_PER_WORD.finditer(text, end + 1, min(len(text), end + 60)))
        taken = []
        for w in words:
            if w.group(0).lower() in _per_stop() or len(taken) == 6:
                break
            if taken and not text[taken[-1].end():w.start()].isspace():
                break
            taken.append(w)
        if not taken or taken[0].start() > end + 2 or all(t.group(0).isdigit() for t in taken):
            break
        name += "/" + " ".join(t.group(0) for t in taken)
        end = taken[-1].end()
    return name, start, end


def _same_metric(a: frozenset[str], b: frozenset[str]) -> bool:
    return a == b or bool(a and b) and len(a & b) >= 0.85 * min(len(a), len(b))


def _in_parentheses(text: str, start: int, pos: int) -> bool:
    seg = text[start:pos]
    return seg.count("(") > seg.count(")")


# A goal sentence that introduces a list: what the list counts is planned ("Trong giai đoạn
# 2026 - 2030, …, phấn đấu triển khai phát triển trạm 4G, 5G, cụ thể như sau:").
_GOAL_LEAD = re.compile(r"(?:phấn\s+đấu|mục\s+tiêu|chỉ\s+tiêu)[^.;:\n]{0,200}(?:\n[^.;:\n]{0,200}){0,2}"
                        r"(?:cụ\s+thể\s+)?(?:như\s+sau|sau\s+đây)\s*:[ \t]*$", re.I | re.M)
# Where that list ends: the next heading numbered at the first or second level, or a roman one.
_NEXT_SECTION = re.compile(r"^[ \t]*(?:[IVXL]+\.|\d+\.(?!\d)|Điều[ \t]+\d+|Chương|PHỤ[ \t]+LỤC)", re.M)


def _goal_zones(text: str) -> list[tuple[int, int]]:
    """Stretches under a goal line without a number ("Mục tiêu cụ thể:", a criteria table's
    "Tiêu chuẩn đánh giá"), up to the next article, chapter, appendix or roman heading."""
    p = _patterns()
    out = []
    for m in p["zone"].finditer(text):
        if out and m.start() < out[-1][1]:
            continue
        end = p["zone_end"].search(text, m.end())
        out.append((m.start(), end.start() if end else len(text)))
    for m in _GOAL_LEAD.finditer(text):             # "…, phấn đấu triển khai …, cụ thể như sau:"
        if _in_zone(out, m.start()):
            continue
        end = _NEXT_SECTION.search(text, m.end())
        out.append((m.start(), end.start() if end else len(text)))
    return sorted(out)


def _in_zone(zones: list[tuple[int, int]], pos: int) -> bool:
    return any(s <= pos < e for s, e in zones)


def _goal_context(text: str, headings: Outline, sent: tuple[int, int], pos: int,
                  issued_on: dt.date | str | None, zones: list[tuple[int, int]]) -> tuple[bool, str | None]:
    """Whether ``pos`` lies in a goal context, and the period that context names."""
    p = _patterns()
    before = text[sent[0]:pos]
    horizon = list(p["horizon"].finditer(before))
    period = horizon[-1].group("y") if horizon else None
    if period is None:
        span = re.search(r"giai\s+đoạn\s+((?:19|20)\d\d)\s*-\s*((?:19|20)\d\d)", text[sent[0]:sent[1]])
        year = re.search(r"\bnăm\s+((?:19|20)\d\d)\b", text[sent[0]:sent[1]], re.I)
        period = f"{span.group(1)}-{span.group(2)}" if span else year.group(1) if year else None
    chain = headings_above(headings, sent[0])
    if period is None:
        for _, line in chain:
            y = re.search(r"\b((?:19|20)\d\d)\b", line)
            if y:
                period = y.group(1)
                break
    scope = _scope_start(text, pos)
    if p["trigger"].search(text, scope, pos) or any(p["heading"].search(line) for _, line in chain) \
            or _in_zone(zones, pos):
        return True, period
    line_start = text.rfind("\n", 0, pos) + 1
    if re.match(r"[ \t]*[-+]?[ \t]*(?:Mục\s+tiêu|Chỉ\s+tiêu)", text[line_start:pos], re.I):
        return True, period
    year = issued_year(issued_on)
    if horizon and (year is None or int(horizon[-1].group("y")) >= year) \
            and not re.search(r"\bđã\b", before[horizon[-1].end():]):
        return True, period
    return False, period


@cache
def _backwards(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The same pattern searched right to left: ``search(text, lo, hi)`` finds the last match."""
    return re.compile(pattern.pattern, pattern.flags | re.REVERSE)


def _scope_start(text: str, pos: int) -> int:
    """Start of the whole sentence around ``pos``: a trigger covers its ";"-separated items up
    to a full stop, a blank line or the next list item."""
    last = _backwards(_patterns()["scope_end"]).search(text, max(0, pos - 1500), pos)
    return last.end() if last else max(0, pos - 1500)


def _frequency(text: str, pos: int, end: int) -> str | None:
    tail = text[pos:min(end, pos + 40)]
    for f in _vocab()["frequencies"]:
        if re.search(f["pattern"], tail, re.I):
            return f["period"]
    return None


def _metric(text: str, start: int, after_unit: int, unit_start: int, sent: tuple[int, int]) -> str:
    end_m = _patterns()["clause_end"].search(text, after_unit, sent[1])
    end = end_m.start() if end_m else sent[1]
    metric = text[unit_start:end].strip(" ,:;")
    if not metric or metric == "%" or metric.startswith("/"):
        lead = re.split(r"[,;:]", text[sent[0]:start])[-1]
        metric = re.sub(r"\s+(?:đạt|là|còn|ở\s+mức)\s*$", "", lead.strip(" -+")).strip()
    if metric.lower() == text[unit_start:after_unit].strip().lower():
        lead = re.split(r"[,;:]", text[sent[0]:start])[-1].strip(" -+")
        lead = re.sub(r"\s+(?:khoảng|có|là|đạt)$", "", lead).strip()
        metric = f"{metric} ({lead})" if lead else metric
    if len(metric) > 150:
        metric = metric[:150].rsplit(" ", 1)[0]
    return metric


def _clause_start(text: str, pos: int) -> int:
    last = _CLAUSE_MARK_BACK.search(text, max(0, pos - 300), pos)
    return last.end() if last else max(0, pos - 300)


def _free_percent(text: str, m: re.Match[str], bound: str, strong: bool, sent: tuple[int, int],
                  headings: Outline, doc_type: str | None) -> bool:
    """A percentage outside a goal context that is still a goal: bounded ("tối thiểu 30%") or
    after a goal verb ("hoàn thành 100%"), in a sentence that does not report, not a share
    of money or staff, not in a report's results."""
    p = _patterns()
    if doc_type in _vocab()["report_doc_types"] or doc_type in _vocab()["norm_doc_types"]:
        return False
    if _RUBRIC.match(text, m.end()):
        return False                           # a scoring row "Tỷ lệ đạt từ 95% trở lên: 2,5"
    clause = _clause_start(text, m.start())
    verb = p["goal_verb"].search(text, clause, m.start("a")) or m.group("qual") \
        and p["goal_verb"].search(text, clause, m.start("qual"))
    if not (strong or verb):
        return False
    if _reports(text, sent, m.start(), m.end()) or p["reported_rate"].match(text, m.end()) \
            or p["share"].match(text, m.end()):
        return False
    return not any(p["report_heading"].search(line) for _, line in headings_above(headings, sent[0]))


def _reports(text: str, sent: tuple[int, int], start: int, end: int) -> bool:
    """The sentence reports: it has a report marker, other than in a bracketed aside that does
    not hold the number ("phải đạt 90% trong năm 2025 (đến nay mới đạt 39,5%)")."""
    for r in _patterns()["report"].finditer(text, sent[0], sent[1]):
        opened = text.rfind("(", sent[0], r.start())
        aside = opened >= 0 and text.find(")", opened, r.start()) < 0
        if not aside:
            return True
        closed = text.find(")", r.end(), sent[1])
        if opened <= start < (closed if closed >= 0 else sent[1]):
            return True                        # the number is in the same bracket
    return False


def _line_opens(c: str, pos: int) -> bool:
    """``not c[c.rfind("\\n", 0, pos) + 1:pos].strip()``, looking back only over spaces."""
    k = pos - 1
    while k >= 0 and c[k] != "\n" and c[k].isspace():
        k -= 1
    return k < 0 or c[k] == "\n"


_LABEL = re.compile(r"(?P<l>[^:;,.\n]{3,120}):[ \t]*$")


def _label_before(c: str, start: int, end: int) -> re.Match[str] | None:
    """``_LABEL.search(c[start:end])`` ("Số xã đạt chuẩn: 12"), read in the last 120
    characters before the colon that ends the stretch rather than the whole stretch."""
    k = end - 1 if end > start and c[end - 1] == "\n" else end   # $ also matches before a final \n
    while k > start and c[k - 1] in " \t":
        k -= 1
    return _LABEL.search(c[max(start, k - 122):end])


_DIGITS = re.compile(r"\d+")
# Between two counts of one list that share the first one's qualifier.
_SAME_LIST = re.compile(r"[^.;:\n\d]{0,60},[ \t\n]*")


def extract_targets(text: str, issued_on: dt.date | str | None = None,
                    doc_type: str | None = None) -> tuple[list[dict], list[dict]]:
    """(targets, statistics) of ``text``: goals the document sets, and quantities it reports."""
    c = canon_text(text)
    p = _patterns()
    headings = outline(c)
    zones = _goal_zones(c)
    targets: list[dict] = []
    statistics: list[dict] = []
    mentioned: set[tuple] = set()              # counts named outside a goal ("02 công trình dự án")
    last_pct = -1                              # end of the last percentage followed by its noun
    last_count = -1                            # end of the last count
    seen: set[tuple] = set()                   # a repeated goal is given once
    prev_bound: tuple[str, str | None, int] | None = None   # (bound, unit, end) of the last qualified count
    for m in re.finditer_near(p["qty"], c, _DIGITS, 80, 80):   # every count holds a number
        a_start = m.start("a")
        if _NOT_COUNT_BEFORE.search(c, max(0, a_start - 20), a_start) and not m.group("qual") \
                or _MONEY_AFTER.match(c, m.end()):
            continue
        if _line_opens(c, a_start) and _HEADING_NUMBER.match(c, m.end("a")):
            continue                                   # a heading number "2." / "a)"
        percent = bool(m.group("pct"))
        if not percent and _YEAR.fullmatch(m.group("a")):
            continue                                   # a year, never a count
        low, high = _number(m.group("a")), _number(m.group("b")) if m.group("b") else None
        unit = _unit(c, m.end(), percent)
        sent = sentence_bounds(c, m.start(), m.end())
        label = None
        if unit is None:
            label = _label_before(c, sent[0], a_start)
            if not label or m.group("b") or not re.match(r"[ \t]*(?:[(;,.]|$)", c[m.end():m.end() + 2]):
                continue
        unit_name, unit_start, unit_end = unit if unit else (None, m.end(), m.end())
        qual = re.sub(r"\s+", " ", m.group("qual") or "").lower()
        bound, strong = _bounds().get(qual, ("about", False))
        up = _UP.match(c, unit_end)
        if up or m.group("from") and not m.group("b"):
            bound = "max" if up and up.group("d") == "xuống" else "min"
        if not qual and not up and prev_bound and prev_bound[1] == unit_name and unit_name \
                and _SAME_LIST.fullmatch(c, prev_bound[2], a_start):
            bound = prev_bound[0]                      # "ít nhất 100 doanh nghiệp khởi nghiệp, 50 doanh nghiệp …"
        prev_bound = (bound, unit_name, unit_end) if qual or bound != "about" else None
        if high is not None:
            lo, hi = low, high
        else:
            lo = low if bound in ("min", "about") else None
            hi = low if bound in ("max", "about") else None
        goal, period = _goal_context(c, headings, sent, m.start(), issued_on, zones)
        frequency = _frequency(c, unit_start, sent[1])
        if frequency and bound == "min" and unit is not None and p["unit"].match(c, m.end()):
            goal, period = True, frequency
        clause = _clause_start(c, m.start())
        key = (low, unit_name)
        if not percent and unit is not None:
            if last_pct > clause:
                goal = False                           # "70% phụ nữ … ít nhất 4 loại bệnh": qualifies it
            elif not qual and last_count > clause and re.search(r"\bhoặc\b", c[last_count:m.start()]):
                goal = False                           # "01 bộ … hoặc 01 chiếc …": an alternative
            elif goal and key in mentioned:
                goal = False                           # the things the text named before
            elif not goal:
                mentioned.add(key)
            last_count = unit_end
        if percent:
            if re.match(r"[ \t]+\p{Ll}", c[m.end():m.end() + 3]):
                last_pct = m.end()
            if not goal and _free_percent(c, m, bound, strong, sent, headings, doc_type):
                goal = True
        if unit_name is None:
            metric = label.group("l").strip(" -+") if label else ""
        else:
            metric = _metric(text, m.start(), unit_end, unit_start, sent)
        item = {"metric": metric, "min": lo, "max": hi, "unit": unit_name, "period": period,
                "span": [m.start(), unit_end]}
        in_notes = _in_parentheses(c, sent[0], m.start()) \
            and not re.match(r"\(\s*trong\s+đó\b", c[c.rfind("(", sent[0], m.start()):], re.I)  # "(Trong đó: VNPT 25 trạm, …)"
        if c.count("“", sent[0], m.start()) > c.count("”", sent[0], m.start()):
            goal = False                               # a quoted slogan "“3 ca, 4 kíp”"
        if in_notes and p["report"].search(c, c.rfind("(", sent[0], m.start()), m.start()):
            goal = False                               # "phải đạt 90% trong năm 2025 (đến nay mới đạt 39,5%)"
        if goal and unit_name is not None and low and not (in_notes and (not percent or p["example"].search(
                c, sent[0], m.start()))):
            words = frozenset(re.findall(r"\w+", metric.casefold()))
            if not any(k == (lo, hi, unit_name) and _same_metric(words, w) for k, w in seen):
                seen.add(((lo, hi, unit_name), words))   # a goal restated in an annex is one goal
                targets.append(item)
        elif not goal and (p["report"].search(c, sent[0], sent[1]) or label):
            statistics.append(item)
    return targets, statistics
