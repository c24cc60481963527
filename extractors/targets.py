"""Targets and statistics: counted quantities a document sets as goals, or reports.

A target is a quantity in a goal context: a section headed "Mục tiêu"/"Chỉ tiêu", a sentence
after "phấn đấu", "đặt ra mục tiêu" or a future horizon "đến hết năm 2020 … có", or a bounded
count with a frequency ("ít nhất 01 hội nghị/năm"). "ít nhất/tối thiểu/trên" give ``min``,
"không quá/tối đa/dưới" give ``max``, a range gives both, "khoảng" or a bare number gives
``min == max``. Numbers that qualify ("3 - 5 sao", "từ 50 điểm trở lên"), dates, money,
document numbers and parenthesised notes ("(03 tổ chuyên trách)") are never targets.

A statistic has the same shape: a quantity in a sentence that reports ("Tổng số sản phẩm đã
đăng ký đầu năm: 99 sản phẩm"). The public function is :func:`extract_targets`; vocabulary
lives in ``data/targets.json``. Regexes run over ``canon(text)``, so spans are valid in ``text``.
"""
from __future__ import annotations

import bisect
import datetime as dt
from decimal import Decimal
from functools import cache

import regex as re

from . import lexicon
from .normalize import canon_text

_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
# Words before a number that make it a reference, an ordinal or a date, never a count.
_NOT_COUNT_BEFORE = re.compile(
    r"(?:\b(?:số|Số|Điều|điều|khoản|Khoản|điểm|Điểm|Chương|chương|mục|Mục|Phần|phần|thứ|lần\s+thứ|ngày|"
    r"tháng|năm|quý|Quý|giai\s+đoạn|khóa|Khóa|kỳ|nhiệm\s+kỳ|Nghị\s+định|Quyết\s+định|Thông\s+tư|"
    r"Luật|tuyến|phòng|tầng|lô|thửa|tờ|QL|ĐT|cấp|mức|hạng|loại|nhóm|bậc|tiêu\s+chí|Phụ\s+lục|"
    r"Mẫu|mẫu|lớp|Lớp|km|Km|tổ|ấp|thôn|khu|phường|Phường|đợt)[ \t]*|[-–/.]\d*)$")
_PERCENT = r"(?:[ \t]*(?P<pct>%|phần[ \t]+trăm))"
# A line break ends a sentence unless the next line goes on in lower case (a hard wrap).
_SENTENCE_END = re.compile(r"\n(?![ \t]*\p{Ll})|[.;!?](?=[ \t]|$)")
_HEADING = re.compile(r"^[ \t]*(?:(?P<roman>[IVXL]+)\.|(?P<num>\d+(?:\.\d+)*)\.?(?=[ \t])|"
                      r"(?P<letter>[a-zđ])[)/]|Điều[ \t]+\d+|Phần[ \t]+[IVX\d]+|Chương[ \t]+[IVX\d]+)"
                      r"[ \t]*(?P<title>[^\n]{0,160})$", re.M)


# ------------------------------------------------- document outline (money.py reads it too)

def issued_year(issued_on: dt.date | str | None) -> int | None:
    """The year of an issue date given as a date or an ISO string ("2019-03-28")."""
    if isinstance(issued_on, dt.date):
        return issued_on.year
    m = re.match(r"(\d{4})-", issued_on or "")
    return int(m.group(1)) if m else None


def heading_level(m: re.Match[str]) -> int:
    """Outline level of a heading match: Phần/Chương 0, I. 1, Điều 1, 1. 2, 1.1. 3, a) 5."""
    if m.group("roman"):
        return 1
    if m.group("num"):
        return 1 + m.group("num").count(".") + 1
    if m.group("letter"):
        return 5
    return 0 if m.group(0).lstrip()[:1] in "PC" else 1


Outline = list[tuple[int, int, str]]


def outline(text: str) -> Outline:
    """Every heading line of ``text`` as (start, level, line), in reading order (computed once)."""
    return [(m.start(), heading_level(m), m.group(0).strip()) for m in _HEADING.finditer(text)]


def headings_above(headings: Outline, pos: int) -> list[tuple[int, str]]:
    """The chain of (level, line) headings enclosing ``pos``, nearest first."""
    chain: list[tuple[int, str]] = []
    limit = 99
    for i in range(bisect.bisect_left(headings, (pos,)) - 1, -1, -1):
        _, level, line = headings[i]
        if level < limit:
            chain.append((level, line))
            limit = level
            if level == 0:
                break
    return chain


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) of the sentence around text[start:end]: lines and ". ; ! ?" end sentences."""
    left = start
    for m in _SENTENCE_END.finditer(text, max(0, start - 600), start):
        left = m.end()
    if left == start:
        left = max(0, text.rfind("\n", 0, start) + 1)
    right_m = _SENTENCE_END.search(text, end)
    return left, right_m.start() if right_m else len(text)


@cache
def _vocab() -> dict:
    return lexicon.load("targets.json")


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    v = _vocab()
    quals = sorted((w for q in v["qualifiers"] for w in q["words"]), key=len, reverse=True)
    qual = "|".join(w.replace(" ", r"[ \t]+") for w in quals)
    units = sorted((u["unit"] for u in v["units"] if u["unit"] != "%"), key=len, reverse=True)
    return {
        "qty": re.compile(
            r"(?:(?P<qual>(?i:" + qual + r"))[ \t]+)?(?:(?P<from>từ)[ \t]+)?"
            r"(?<![\p{L}\d.,/-])(?P<a>" + _NUM + r")(?![.,/]\d|[\p{L}\d])"
            r"(?:[ \t]*(?:-|đến|tới)[ \t]*(?P<b>" + _NUM + r")(?![.,/]\d|[\p{L}\d]))?" + _PERCENT + "?"),
        "unit": re.compile(r"[ \t]*(?P<u>" + "|".join(u.replace(" ", r"[ \t]+") for u in units)
                           + r")(?![\p{L}\d])", re.I),
        "word": re.compile(r"[ \t]*(?P<u>\p{Ll}+)(?:[ \t]+(?P<u2>\p{Ll}+))?"),
        "trigger": re.compile(v["goal_triggers"]["pattern"], re.I),
        "heading": re.compile(v["goal_headings"]["pattern"], re.I),
        "horizon": re.compile(v["horizon"]["pattern"], re.I),
        "report": re.compile(v["report_markers"]["pattern"], re.I),
        "clause_end": re.compile(r"[;.]|\n(?![ \t]*\p{Ll})|[ \t]+và[ \t]+(?=(?:có[ \t]+)?(?:" + qual + r")?[ \t]*\d)"),
    }


@cache
def _bounds() -> dict[str, str]:
    return {w: q["bound"] for q in _vocab()["qualifiers"] for w in q["words"]}


@cache
def _excluded() -> frozenset[str]:
    return frozenset(e["word"].lower() for e in _vocab()["excluded_units"])


def _number(text: str) -> int | float | None:
    value = Decimal(text.replace(".", "").replace(",", "."))     # _NUM is Vietnamese-style only
    return int(value) if value == value.to_integral_value() else float(value)


_NOT_NOUN = frozenset({"và", "của", "được", "đạt", "có", "trở", "trên", "là", "để", "cho", "từ", "tại",
                       "với", "trong", "theo", "hoặc", "các", "những", "đến", "đã", "sẽ", "thì", "mới",
                       "khi", "nếu", "trường", "sau", "trước", "so", "bằng", "hay", "mà", "nhưng"})


def _unit(text: str, pos: int, percent: bool) -> tuple[str, int, int] | None:
    """The counted unit after a number, where it starts and ends; ``None`` when not a count."""
    if percent:
        return "%", pos, pos
    p = _patterns()
    m = p["unit"].match(text, pos)
    if m:
        return re.sub(r"\s+", " ", m.group("u")), m.start("u"), m.end()
    w = p["word"].match(text, pos)
    if not w or w.group("u").lower() in _NOT_NOUN or w.group("u").lower() in _excluded() \
            or f"{w.group('u')} {w.group('u2')}".lower() in _excluded():
        return None
    if w.group("u2") and w.group("u2").lower() not in _NOT_NOUN:
        return f"{w.group('u')} {w.group('u2')}", w.start("u"), w.end()
    return w.group("u"), w.start("u"), w.end("u")


def _in_parentheses(text: str, start: int, pos: int) -> bool:
    seg = text[start:pos]
    return seg.count("(") > seg.count(")")


def _goal_context(text: str, headings: Outline, sent: tuple[int, int], pos: int,
                  issued_on: dt.date | str | None) -> tuple[bool, str | None]:
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
    if p["trigger"].search(before) or any(p["heading"].search(line) for _, line in chain):
        return True, period
    line_start = text.rfind("\n", 0, pos) + 1
    if re.match(r"[ \t]*[-+]?[ \t]*(?:Mục\s+tiêu|Chỉ\s+tiêu)", text[line_start:pos], re.I):
        return True, period
    year = issued_year(issued_on)
    if horizon and (year is None or int(horizon[-1].group("y")) >= year) \
            and not re.search(r"\bđã\b", before[horizon[-1].end():]):
        return True, period
    return False, period


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


def extract_targets(text: str, issued_on: dt.date | str | None = None) -> tuple[list[dict], list[dict]]:
    """(targets, statistics) of ``text``: goals the document sets, and quantities it reports."""
    c = canon_text(text)
    p = _patterns()
    headings = outline(c)
    targets: list[dict] = []
    statistics: list[dict] = []
    for m in p["qty"].finditer(c):
        a_start = m.start("a")
        if _NOT_COUNT_BEFORE.search(c, max(0, a_start - 20), a_start) and not m.group("qual") \
                or re.match(r"[ \t]*(?:triệu|tỷ|tỉ|nghìn|ngàn)?[ \t]*(?:đồng|VNĐ|VND|đ\b)", c[m.end():]):
            continue
        line_start = c.rfind("\n", 0, a_start) + 1
        if not c[line_start:a_start].strip() and re.match(r"[.)/]", c[m.end("a"):m.end("a") + 1]):
            continue                                   # a heading number "2." / "a)"
        low, high = _number(m.group("a")), _number(m.group("b")) if m.group("b") else None
        if low is None or (m.group("b") and high is None):
            continue
        unit = _unit(c, m.end(), bool(m.group("pct")))
        sent = sentence_bounds(c, m.start(), m.end())
        label = None
        if unit is None:
            label = re.search(r"(?P<l>[^:;,.\n]{3,120}):[ \t]*$", c[sent[0]:a_start])
            if not label or m.group("b") or not re.match(r"[ \t]*(?:[(;,.]|$)", c[m.end():]):
                continue
        unit_name, unit_start, unit_end = unit if unit else (None, m.end(), m.end())
        bound = _bounds().get(re.sub(r"\s+", " ", m.group("qual") or "").lower(), "about")
        if re.match(r"[ \t]+trở[ \t]+lên", c[unit_end:]) or m.group("from") and not m.group("b"):
            bound = "min"
        if high is not None:
            lo, hi = low, high
        else:
            lo = low if bound in ("min", "about") else None
            hi = low if bound in ("max", "about") else None
        goal, period = _goal_context(c, headings, sent, m.start(), issued_on)
        frequency = _frequency(c, unit_end, sent[1])
        if frequency and bound == "min" and unit is not None and p["unit"].match(c, m.end()):
            goal, period = True, frequency
        if unit_name is None:
            metric = label.group("l").strip(" -+") if label else ""
        else:
            metric = _metric(text, m.start(), unit_end, unit_start, sent)
        item = {"metric": metric, "min": lo, "max": hi, "unit": unit_name, "period": period,
                "span": [m.start(), unit_end]}
        if goal and unit_name is not None and low and not _in_parentheses(c, sent[0], m.start()):
            targets.append(item)
        elif not goal and (p["report"].search(c, sent[0], sent[1]) or label):
            statistics.append(item)
    return targets, statistics

