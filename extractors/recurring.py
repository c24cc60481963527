"""Recurring deadlines: "trước ngày 15/11 hằng năm", "định kỳ 06 tháng (trước ngày 30/6), năm
(trước ngày 25/12)", "báo cáo Thủ tướng Chính phủ hằng tuần", as RFC 5545 rules.

Two kinds of pieces are found and then joined:

- a *cycle*: "hằng năm", "hàng tháng", "mỗi quý", or an item of a "định kỳ" list ("định kỳ 06
  tháng, năm", "hằng tháng, 6 tháng, tổng kết năm");
- an *anchor*: a day without a year ("ngày 15/11", "ngày 20 tháng 6", "ngày 25", "thứ Sáu",
  "tháng 12"), which may carry its own cycle ("ngày 20/6 và 20/12 hàng năm", "ngày 20 hằng
  tháng", "ngày 15 của tháng cuối quý", "15:00 ngày thứ Sáu hàng tuần").

An anchor after a cycle in the same clause (mostly in brackets right after it) gives the
cycle its day: "06 tháng (trước ngày 30/6)" is FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=30, never a
six-month step from the issue date. A cycle without an anchor is a deadline only where the
text makes it one: in a "định kỳ" list, or as the time of a report ("báo cáo … hằng năm",
"Hằng tháng, … báo cáo"); "ngân sách hằng năm" or "tiền thuê đất hằng năm" are not.
The cue words are in the ``recurring`` section of ``data/temporal.json``.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import cache

from . import rx as re

from . import lexicon

_I = re.I
_EVERY = r"(?:hằng|hàng|mỗi)"
_DM = r"(?:\d{1,2}\s*/\s*\d{1,2}(?![\d/])|\d{1,2}\s+tháng\s+\d{1,2}(?!\d))"
_NO_YEAR = r"(?!\s*/\s*\d|\s*-\s*\d{4}|\s+năm\s+(?:19|20)\d\d)"
_WEEKDAY = r"(?:thứ\s+(?P<wd>hai|ba|tư|năm|sáu|bảy|[2-7])|(?P<sun>chủ\s+nhật))(?![\p{L}])"
_WEEKDAYS = {"hai": "MO", "2": "MO", "ba": "TU", "3": "TU", "tư": "WE", "4": "WE", "năm": "TH",
             "5": "TH", "sáu": "FR", "6": "FR", "bảy": "SA", "7": "SA"}
_COUNT = {"một": 1, "hai": 2, "ba": 3, "sáu": 6, "chín": 9}

# Anchors. Each names the groups _anchor_rules() reads; "cyc" marks a cycle of its own.
_ANCHORS = [
    # Digits first (fast to scan for); "D tháng M" needs "ngày" or a lead word before it (_anchors).
    re.compile(rf"(?<![\p{{L}}\d/])(?P<dates>{_DM}(?:\s*(?:,|và|;|hoặc)\s*(?:ngày\s+)?{_DM})*)"
               rf"{_NO_YEAR}(?P<cyc>\s*(?:của\s+)?{_EVERY}\s+năm(?![\p{{L}}]))?", _I),
    re.compile(rf"(?<![\p{{L}}\d/])ngày\s+(?P<d>\d{{1,2}})(?![\d/]|\s*tháng\s+\d|\s*-\s*\d)"
               rf"(?:(?P<cyc>\s*(?:của\s+)?{_EVERY}\s+tháng)(?![\p{{L}}])"
               r"|(?P<q>\s*(?:của\s+)?tháng\s+cuối\s+(?:(?:mỗi|hằng|hàng|của)\s+)?quý))?", _I),
    re.compile(rf"(?<![\p{{L}}])(?:ngày\s+)?{_WEEKDAY}(?P<cyc>\s*(?:của\s+)?{_EVERY}\s+tuần)?", _I),
    re.compile(rf"(?<!\d\s*)(?<![\p{{L}}])tháng\s+(?P<m>\d{{1,2}})(?![\d/])"
               rf"(?P<cyc>\s*(?:của\s+)?{_EVERY}\s+năm)", _I),
]
_NGAY = re.compile(r"(?<![\p{L}])ngày\s+\Z", _I)
_DATE_WORD = re.compile(r"(?<![\p{L}])(?:ngày|trước|vào|nhất)\s+\Z", _I)
_WEEK = re.compile(r"(?<![\p{L}])tuần(?![\p{L}])", _I)
# A lead-in that belongs to an anchor's phrase: "trước ngày 20", "gửi trước 15:00 ngày thứ Sáu".
_LEAD_IN = re.compile(r"(?<![\p{L}])(?:(?:gửi|nộp|trước|vào|trong|(?:chậm|muộn)\s+nhất|đến)\s+)+"
                      r"(?:\d{1,2}\s*(?:giờ|h|:)\s*(?:\d{2}\s*(?:phút)?)?\s*,?\s*)?\Z", _I)

# A start or a cut-off, not a time limit: "tính từ ngày 15 tháng 12", "đến ngày 14 tháng 6".
_CUT_OFF = re.compile(r"(?<![\p{L}])(?:từ|tính|kể|sau)\s+\Z"
                      # "đến ngày 14 tháng 6" ends a data window, unless a report window: "gửi báo cáo
                      # … từ ngày 10 đến ngày 15 tháng 12" (due on its last day)
                      r"|(?<!(?<![\p{L}])từ\s+ngày\s+\d{1,2}(?:\s*/\s*\d{1,2})?\s+|(?:chậm|muộn)\s+nhất\s+)đến\s+\Z"
                      r"|(?<![\p{L}])tính\s+từ\s+ngày\s+[^()]{1,40}đến\s+\Z", _I)

# Cycles: one item of a "định kỳ" list, or "hằng/hàng/mỗi + unit" anywhere.
# A unit, not a named period: not "tháng 6", "quý I", "năm nay", "năm học", "tháng đầu năm",
# "năm sau" (but "01 tháng 01 lần" and "hằng năm trước ngày 15/12" are units).
_UNIT = (r"(?P<unit>ngày|tuần|tháng|quý|năm)(?![\p{L}])(?!\s*/?\s*\d(?!\d?\s+lần)"
         r"|\s+(?:I|II|III|IV|V|nay|học|đầu|cuối)(?![\p{L}])|\s+(?:sau|trước)(?!\s+(?:ngày|\d)))")
_ITEM = re.compile(rf"(?:(?:sơ\s+kết|tổng\s+kết|báo\s+cáo|cả)\s+)?(?P<every>{_EVERY}\s+)?"
                   rf"(?:(?P<n>\d{{1,2}}|một|hai|ba|sáu|chín)(?:\s*\(\p{{Ll}}+(?:\s\p{{Ll}}+)?\))?\s+)?{_UNIT}", _I)
_BRACKET = re.compile(r"\s*\((?P<inner>[^()]{1,120})\)")
_SEP = re.compile(r"\s*(?:,|;|và|hoặc)\s*(?:(?:và|hoặc)\s+)?", _I)
_DINH_KY = re.compile(r"(?<![\p{L}])định\s+kỳ(?![\p{L}])\s*:?\s*", _I)
_EVERY_UNIT = re.compile(rf"(?<![\p{{L}}]){_EVERY}\s+{_UNIT}", _I)
# The end of a clause, for joining a cycle with an anchor or a report verb. Hard-wrapped lines
# go on; a blank line or a new list item does not.
_CLAUSE_END = re.compile(r"[.;!?](?=\s|\Z)|:[ \t]*\n|\n[ \t]*\n"
                         r"|\n(?=[ \t]*(?:[-+•*]|\(?(?:\d{1,2}|[a-zđ])[.)]))")
_CONDITION = re.compile(r"[^.;:\n]{0,30}?(?<![\p{L}])thì(?![\p{L}])", _I)
_OPEN = re.compile(r"\s*\(\s*")
_TOPIC = re.compile(r"(?<![\p{L}])về(?![\p{L}])", _I)
_LIST_MARKS = re.compile(r"\s*(?:[-+•*]\s*|\(?(?:\d{1,2}(?:\.\d{1,2})*|[a-zđ])[.)]\s*)*", _I)
# How far an anchor may stand from the cycle it completes, and a report verb from its cycle.
ANCHOR_REACH = 100
REPORT_REACH = 100
# An anchor's digits stand at most this far after its lead-in ("chậm nhất trước ngày 31/01").
_LEAD_WIDTH = 50
_PERIOD_RULES = {"ngày": "FREQ=DAILY", "tuần": "FREQ=WEEKLY", "tháng": "FREQ=MONTHLY",
                 "quý": "FREQ=MONTHLY;INTERVAL=3", "năm": "FREQ=YEARLY"}


@dataclass
class Cycle:
    start: int
    end: int
    unit: str | None            # None: "định kỳ" with no unit ("Định kỳ (trước ngày 30/6 hằng năm)")
    n: int
    listed: bool                # an item of a "định kỳ" list
    list_id: int
    anchors: list[Anchor]


@dataclass
class Anchor:
    start: int
    end: int
    kind: str                   # dates | day | weekday | month
    value: object
    own_cycle: bool             # "hằng năm" etc. written with it
    quarter: bool = False
    lead: bool = False          # "trước", "chậm nhất", "vào" … before it


@dataclass(frozen=True)
class Cues:
    report: re.Pattern[str]
    not_recurring: re.Pattern[str]
    not_report: re.Pattern[str]
    opening_report: re.Pattern[str]
    opening_task: re.Pattern[str]


@cache
def cues() -> Cues:
    data = lexicon.load("temporal.json")["recurring"]
    return Cues(
        report=re.compile(rf"(?<![\p{{L}}])(?:{data['report_verbs']['pattern']})(?![\p{{L}}])", _I),
        opening_report=re.compile(rf"(?<![\p{{L}}])(?:{data['opening_report_verbs']['pattern']})(?![\p{{L}}])", _I),
        opening_task=re.compile(rf"[ \t]*,?[ \t\n]*(?:{data['opening_task_verbs']['pattern']})(?![\p{{L}}])", _I),
        not_report=re.compile(rf"(?<![\p{{L}}])(?:{data['not_report']['pattern']})\s+(?:các\s+)?\Z", _I),
        not_recurring=re.compile(rf"(?<![\p{{L}}])(?:{data['not_recurring']['pattern']})(?:\s+\p{{L}}+){{0,2}}\s*\Z",
                                 _I),
    )


def _clause_start(ctext: str, pos: int, reach: int) -> int:
    floor = max(0, pos - reach)
    last = None
    for last in _CLAUSE_END.finditer(ctext, floor, pos):
        pass
    return last.end() if last else floor


def _anchors(ctext: str, cycles: list[Cycle]) -> list[Anchor]:
    """Days without a year; one with no cycle of its own is kept only near a cycle."""
    ends = sorted(c.end for c in cycles)
    weekly = _WEEK.search(ctext) is not None
    out: list[Anchor] = []
    taken: list[int] = []       # starts of the anchors kept so far, sorted; they never overlap
    for kind, pattern in zip(("dates", "day", "weekday", "month"), _ANCHORS):
        if kind == "weekday" and not weekly:
            continue
        for m in pattern.finditer(ctext):
            own = bool(m["cyc"]) or (kind == "day" and bool(m["q"]))
            i = bisect.bisect_right(ends, m.start())
            if not own and not (i and m.start() - ends[i - 1] <= ANCHOR_REACH + _LEAD_WIDTH):
                continue
            j = bisect.bisect_left(taken, m.start())
            if j < len(taken) and taken[j] < m.end():
                continue
            if kind == "dates" and "/" not in m["dates"][:6] \
                    and not _DATE_WORD.search(ctext, max(0, m.start() - 16), m.start()):
                continue  # "Định kỳ 01 tháng 01 lần" is a count, not 1 January
            if kind == "dates":
                pairs = [tuple(map(int, re.split(r"\s*/\s*|\s+tháng\s+", p.strip())))
                         for p in re.findall(_DM, m["dates"], flags=_I)]
                if not all(1 <= d <= 31 and 1 <= mo <= 12 for d, mo in pairs):
                    continue
                value: object = pairs
            elif kind == "day":
                if not 1 <= int(m["d"]) <= 31:
                    continue
                value = int(m["d"])
            elif kind == "weekday":
                value = "SU" if m["sun"] else _WEEKDAYS[m["wd"].casefold()]
            else:
                if not 1 <= int(m["m"]) <= 12:
                    continue
                value = int(m["m"])
            bisect.insort(taken, m.start())
            word = _NGAY.search(ctext, max(0, m.start() - 8), m.start()) if kind == "dates" else None
            begin = word.start() if word else m.start()
            if _CUT_OFF.search(ctext, max(0, begin - 20), begin):
                continue
            lead = _LEAD_IN.search(ctext, max(0, begin - 40), begin)
            start = lead.start() if lead else begin
            if _CONDITION.match(ctext, m.end()):
                continue  # "không phải là thời điểm trong tháng 12 hằng năm thì …": a condition
            # "tháng 12 hằng năm" as a time limit ("vào tháng 12 hằng năm", a table's time cell),
            # not inside a span of months ("từ ngày 25 … của tháng 01 và tháng 12 hàng năm").
            if kind == "month" and not lead and ctext[ctext.rfind("\n", 0, m.start()) + 1:m.start()].strip():
                continue
            out.append(Anchor(start, m.end(), kind, value, own, quarter=kind == "day" and bool(m["q"]),
                              lead=bool(lead)))
    return sorted(out, key=lambda a: a.start)


def _cycles(ctext: str) -> list[Cycle]:
    out: list[Cycle] = []
    for list_id, head in enumerate(_DINH_KY.finditer(ctext)):
        pos, first = head.end(), True
        while True:
            m = _ITEM.match(ctext, pos)
            if not m:
                if first:  # "Định kỳ (trước ngày …)" or "định kỳ báo cáo … trước ngày 20/11"
                    out.append(Cycle(head.start(), head.end(), None, 0, True, list_id, []))
                break
            n = m["n"]
            count = int(n) if n and n.isdigit() else _COUNT.get((n or "").casefold(), 1)
            out.append(Cycle(head.start() if first else m.start(), m.end(), m["unit"].casefold(),
                             count, True, list_id, []))
            first = False
            bracket = _BRACKET.match(ctext, m.end())
            pos = bracket.end() if bracket else m.end()
            sep = _SEP.match(ctext, pos)
            if not sep or not _ITEM.match(ctext, sep.end()):
                break
            pos = sep.end()
    starts = [c.start for c in out]   # in order: lists never overlap
    for m in _EVERY_UNIT.finditer(ctext):
        i = bisect.bisect_right(starts, m.start())
        if not (i and m.start() < out[i - 1].end):
            out.append(Cycle(m.start(), m.end(), m["unit"].casefold(), 1, False, -1, []))
    return sorted(out, key=lambda c: c.start)


def _fits(cycle: Cycle, anchor: Anchor) -> bool:
    if anchor.kind == "dates" or anchor.quarter:
        return cycle.unit not in ("tuần", "ngày")
    if anchor.kind == "day":
        return cycle.unit in ("tháng", None) and (anchor.own_cycle or cycle.unit == "tháng")
    if anchor.kind == "weekday":
        return cycle.unit == "tuần"
    return cycle.unit in ("năm", None)


def _join(ctext: str, cycles: list[Cycle], anchors: list[Anchor]) -> list[Anchor]:
    """Give each anchor to the nearest cycle before it in its clause; the rest stand alone."""
    alone = []
    starts = [c.start for c in cycles]
    owned = [b.start for b in anchors if b.own_cycle]
    for a in anchors:
        clause = _clause_start(ctext, a.start, ANCHOR_REACH)
        near = cycles[bisect.bisect_left(starts, clause):bisect.bisect_left(starts, a.start)]
        # Not over another anchor that has its own cycle: "(trước ngày 16 hàng tháng), 6 tháng (…)".
        before = [c for c in near if c.end <= a.start and _fits(c, a)
                  and bisect.bisect_left(owned, c.end) == bisect.bisect_left(owned, a.start)]
        # A day with no cycle of its own needs "trước/vào/chậm nhất", or brackets right after its cycle.
        if before and not (a.own_cycle or a.lead or _OPEN.fullmatch(ctext, before[-1].end, a.start)):
            before = []
        if before:
            before[-1].anchors.append(a)
        elif a.own_cycle:
            alone.append(a)
    return alone


def _anchor_rules(a: Anchor, cycle: Cycle | None) -> list[str]:
    if a.kind == "dates":
        pairs = a.value
        days = {d for d, _ in pairs}
        if len(days) == 1:
            months = ",".join(str(mo) for mo in sorted({mo for _, mo in pairs}))
            return [f"FREQ=YEARLY;BYMONTH={months};BYMONTHDAY={days.pop()}"]
        return [f"FREQ=YEARLY;BYMONTH={mo};BYMONTHDAY={d}" for d, mo in pairs]
    if a.kind == "day":
        if a.quarter or (cycle and cycle.unit == "quý"):
            return [f"FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY={a.value}"]
        return [f"FREQ=MONTHLY;BYMONTHDAY={a.value}"]
    if a.kind == "weekday":
        return [f"FREQ=WEEKLY;BYDAY={a.value}"]
    return [f"FREQ=YEARLY;BYMONTH={a.value}"]


def _bare_rule(c: Cycle) -> str | None:
    if c.unit is None:
        return None
    if c.unit == "tháng" and c.n != 1:
        if c.n == 12:
            return "FREQ=YEARLY"
        # "9 tháng" in "báo cáo quý, 6 tháng, 9 tháng và năm" is a report's span, not a step.
        return f"FREQ=MONTHLY;INTERVAL={c.n}" if 12 % c.n == 0 or c.n % 12 == 0 else None
    if c.unit in ("năm", "ngày") and c.n != 1:
        return f"{_PERIOD_RULES[c.unit]};INTERVAL={c.n}"
    return _PERIOD_RULES[c.unit]


def _reported(ctext: str, c: Cycle) -> bool:
    """A cycle standing alone is a deadline as the time of a report: "báo cáo … hằng năm",
    "Hằng tháng, … báo cáo" — not "dự toán ngân sách hằng năm"."""
    q = cues()
    if q.not_recurring.search(ctext, max(0, c.start - 40), c.start):
        return False
    clause = _clause_start(ctext, c.start, REPORT_REACH)
    report = None
    for report in q.report.finditer(ctext, clause, c.start):
        pass
    # Not "đã báo cáo … về Phương án chấm điểm hàng tháng": a past report, and a topic's cycle.
    if report and not q.not_report.search(ctext, max(0, report.start() - 30), report.start()) \
            and not _TOPIC.search(ctext, report.end(), c.start):
        return True
    if _LIST_MARKS.fullmatch(ctext, clause, c.start):
        m = _CLAUSE_END.search(ctext, c.end)
        end = min(m.start() if m else len(ctext), c.end + 80)
        return bool(q.opening_report.search(ctext, c.end, end) or q.opening_task.match(ctext, c.end))
    return False


def recurring(ctext: str) -> list[tuple[int, int, str]]:
    """(start, end, rrule) of every recurring deadline in ``ctext``; one span may give several
    rules ("ngày 01/6 và 15/11 hằng năm")."""
    cycles = _cycles(ctext)
    anchors = _anchors(ctext, cycles)
    # The "hằng năm" of "ngày 15/11 hằng năm" belongs to its anchor.
    starts = [a.start for a in anchors]
    cycles = [c for c in cycles if not _inside(anchors, starts, c.start)]
    out = [(a.start, a.end, rule) for a in _join(ctext, cycles, anchors) for rule in _anchor_rules(a, None)]
    lists: dict[int, list[Cycle]] = {}
    for c in cycles:
        if c.listed:
            lists.setdefault(c.list_id, []).append(c)
    absorbed: set[int] = set()
    for items in lists.values():
        # "Định kỳ 06 tháng, năm (20/6 và 20/12 hàng năm)": one set of dates for the whole list.
        for i, c in enumerate(items):
            if c.anchors and c.anchors[0].kind == "dates" and len(c.anchors[0].value) > 1:
                j = i
                while j > 0 and not items[j - 1].anchors:
                    j -= 1
                    absorbed.add(id(items[j]))
                c.start = items[j].start
    for c in cycles:
        if id(c) in absorbed:
            continue
        if c.anchors:
            for a in c.anchors:
                start = c.start if a is c.anchors[0] else a.start
                out += [(start, a.end + _closing(ctext, c.start, a.end), r) for r in _anchor_rules(a, c)]
        elif (c.listed or _reported(ctext, c)) and (rule := _bare_rule(c)):
            out.append((c.start, c.end, rule))
    return sorted(out, key=lambda x: x[0])


def _inside(anchors: list[Anchor], starts: list[int], pos: int) -> bool:
    i = bisect.bisect_right(starts, pos)
    return i > 0 and pos < anchors[i - 1].end


def _closing(ctext: str, start: int, end: int) -> int:
    """1 when the span opened a bracket that closes right after it."""
    inside = ctext[start:end]
    return 1 if inside.count("(") > inside.count(")") and ctext[end:end + 1] == ")" else 0
