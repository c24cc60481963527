"""Deadlines: every point in time by which something must be done, as the contract's dicts.

A time expression (a date, month, dekad, quarter, half or year) counts only when a trigger
chain stands right before it ("chậm nhất vào", "Thời gian: Trong", "trình UBND tỉnh trong");
the trigger vocabulary lives in ``data/temporal.json`` with its examples. Relative deadlines
("trong vòng 15 ngày kể từ ngày ký") are counted from the issue date, recurring ones become
RFC 5545 RRULEs. Cut-offs, starts, past events and dates of cited documents have no trigger,
a ``not_deadline`` word before it, or fall before the document's own date.

The public function is :func:`extract_deadlines`. Regexes run over ``canon(text)`` (same
length as ``text``), so every span is valid in the normalised text the caller stored.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import cache

import regex as re

from . import lexicon
from .normalize import canon_text

_I = re.I
_Y = r"(?:19|20)\d\d"
_DAY = r"(?P<d>\d{1,2})"
_MONTH = r"(?P<m>\d{1,2})"
_YEAR_TAIL = rf"(?:\s*/\s*(?P<y>{_Y})|\s+năm\s+(?P<y>{_Y}))?(?![\d/])"
_NOT_AFTER_NUM = r"(?<![\p{L}\d/.])"

# One regex per kind of time expression; each names the groups _due() reads.
_EXPRESSIONS: dict[str, str] = {
    "by_date": rf"{_NOT_AFTER_NUM}(?:ngày\s+{_DAY}\s*/\s*{_MONTH}{_YEAR_TAIL}"
               rf"|ngày\s+{_DAY}\s+tháng\s+{_MONTH}(?:\s+năm\s+(?P<y>{_Y}))?(?![\d/])"
               rf"|{_DAY}\s*/\s*{_MONTH}\s*/\s*(?P<y>{_Y})(?![\d/]))",
    "by_month": rf"{_NOT_AFTER_NUM}tháng\s+{_MONTH}{_YEAR_TAIL}",
    "by_dekad": rf"{_NOT_AFTER_NUM}(?P<dekad>thượng|trung|hạ)\s+tuần\s+tháng\s+{_MONTH}{_YEAR_TAIL}",
    "by_quarter": r"(?<![\p{L}\d])(?P<quarters>(?:qu[ýyí]\s+|Q\.?\s*)(?:IV|III|II|I|[1-4])(?![\p{L}\d])"
                  r"(?:\s*(?:-|,|và|hoặc|đến|tới)\s*(?:(?:đầu|cuối|giữa)\s+)?(?:(?:qu[ýyí]\s+|Q\.?\s*))?"
                  rf"(?:IV|III|II|I|[1-4])(?![\p{{L}}\d]))*)(?:\s*[/-]\s*(?P<y>{_Y})|\s+năm\s+(?P<y>{_Y}))?(?![\d/])",
    "by_half": rf"(?<![\p{{L}}\d])(?:(?:6|06|sáu)\s+tháng|nửa)\s+(?P<half>đầu|cuối)\s+năm(?:\s+(?P<y>{_Y}))?(?![\d/])",
    "by_year": rf"(?<![\p{{L}}\d])năm(?:\s+(?P<y>{_Y}))?(?![\d/])",
}
_QUARTER_NUMERALS = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}

_RELATIVE = re.compile(
    r"(?<![\p{L}])trong(?:\s+vòng|\s+thời\s+hạn|\s+thời\s+gian)?\s+(?P<n>\d{1,3})\s+"
    r"(?P<unit>ngày\s+làm\s+việc|ngày|tuần|tháng)\s*,?\s*(?:kể\s+)?từ\s+(?:ngày|khi)\s+"
    r"(?:ký(?:\s+ban\s+hành)?|ban\s+hành|nhận(?:\s+được)?\s+(?:văn\s+bản|công\s+văn|quyết\s+định|kế\s+hoạch|"
    r"chỉ\s+thị|thông\s+báo)\s+này)(?=\s*[,.;:)\n]|\s*\Z)", _I)

_DM = r"(?:\d{1,2}\s*/\s*\d{1,2}(?![\d/])|\d{1,2}\s+tháng\s+\d{1,2}(?!\d))"
_EVERY = r"(?:hằng|hàng|mỗi)"
# Words before a recurring date that belong to its phrase ("trước ngày 20 hằng tháng").
_LEAD_IN = re.compile(r"(?<![\p{L}])(?:(?:trước|vào|chậm\s+nhất)\s+)+\Z", _I)
_YEARLY = re.compile(rf"(?<![\p{{L}}\d/])(?:ngày\s+)?(?P<dates>{_DM}(?:\s*(?:,|và|;)\s*(?:ngày\s+)?{_DM})*)"
                     rf"\s*(?:của\s+)?{_EVERY}\s+năm", _I)
_YEARLY_DAY = re.compile(rf"(?<![\p{{L}}]){_EVERY}\s+năm[^.;\n]{{0,80}}?(?:trước|chậm\s+nhất|vào)\s+(?:vào\s+)?"
                         rf"(?:ngày\s+)?(?P<dates>{_DM})(?!\s*/\s*\d|\s+năm\s+\d)", _I)
_MONTHLY = re.compile(rf"(?<![\p{{L}}])ngày\s+(?P<d>\d{{1,2}})\s+{_EVERY}\s+tháng"
                      rf"|{_EVERY}\s+tháng[^.;\n]{{0,80}}?(?:trước|chậm\s+nhất|vào)\s+ngày\s+(?P<d>\d{{1,2}})"
                      r"(?![\d/]|\s+tháng)", _I)
_QUARTERLY = re.compile(r"(?<![\p{L}])ngày\s+(?P<d>\d{1,2})\s+(?:của\s+)?tháng\s+cuối\s+"
                        r"(?:(?:mỗi|hằng|hàng|của)\s+)?quý", _I)
_UNIT = r"(?P<unit>tuần|tháng|quý|năm)(?![\p{L}]|\s*\d)"
_PERIODIC = re.compile(rf"(?<![\p{{L}}])(?:định\s+kỳ\s+(?:{_EVERY}\s+)?(?:(?P<n>\d{{1,2}})\s+tháng(?![\p{{L}}])|{_UNIT})"
                       rf"|báo\s+cáo\s+(?:định\s+kỳ\s+)?{_EVERY}\s+{_UNIT})", _I)
_PERIOD_RULES = {"tuần": "FREQ=WEEKLY", "tháng": "FREQ=MONTHLY", "quý": "FREQ=MONTHLY;INTERVAL=3",
                 "năm": "FREQ=YEARLY"}

_EFFECTIVE = re.compile(r"hiệu\s+lực(?:\s+thi\s+hành)?\s+(?:kể\s+)?từ\s+ngày\s+(?P<d>\d{1,2})"
                        rf"(?:\s*/\s*|\s+tháng\s+)(?P<m>\d{{1,2}})(?:\s*/\s*|\s+năm\s+)(?P<y>{_Y})", _I)
_SENTENCE_YEAR = re.compile(rf"năm\s+({_Y})(?![\d/])|(?<![\d/]\s*)\d{{1,2}}\s*/\s*({_Y})(?![\d/])", _I)
# After a date without a year: a yearly cycle or a year named by its role ("năm trước liền kề").
_CYCLE = re.compile(r"\s*(?:của\s+)?(?:(?:hằng|hàng|mỗi)\s+năm|năm\s+(?!nay)\p{L})", _I)
_SENTENCE_END = re.compile(r"[.;\n]")


@dataclass(frozen=True)
class Vocabulary:
    chain: re.Pattern[str]
    leads: re.Pattern[str]
    prep_kinds: tuple[tuple[re.Pattern[str], frozenset[str]], ...]
    not_deadline: re.Pattern[str]
    past: re.Pattern[str]
    conditional: re.Pattern[str]
    dekads: dict[str, int]
    expressions: dict[str, re.Pattern[str]]


@cache
def vocabulary() -> Vocabulary:
    data = lexicon.load("temporal.json")
    leads = "|".join(e["pattern"] for e in data["leads"])
    preps = "|".join(e["pattern"] for e in data["preps"])
    negs = "|".join(e["pattern"] for e in data["not_deadline"])
    return Vocabulary(
        chain=re.compile(rf"(?<![\p{{L}}\d])(?:(?P<w>{leads}|{preps})(?![\p{{L}}])\s*:?\s*)+\Z", _I),
        leads=re.compile(rf"(?:{leads})\s*:?", _I),
        prep_kinds=tuple((re.compile(e["pattern"], _I), frozenset(e["kinds"])) for e in data["preps"]),
        not_deadline=re.compile(rf"(?<![\p{{L}}])(?:{negs})\s*\Z", _I),
        past=re.compile(rf"(?<![\p{{L}}]){data['past_markers']['pattern']}(?![\p{{L}}])", _I),
        conditional=re.compile(rf"(?<![\p{{L}}]){data['conditional']['pattern']}(?![\p{{L}}])", _I),
        dekads=data["dekads"],
        expressions={k: re.compile(p, _I) for k, p in _EXPRESSIONS.items()},
    )


@cache
def holidays() -> tuple[frozenset[tuple[int, int]], frozenset[dt.date], frozenset[int]]:
    """(fixed (month, day) pairs, announced dates, weekend weekdays) from temporal.json."""
    h = lexicon.load("temporal.json")["holidays"]
    fixed = frozenset((int(s[:2]), int(s[3:])) for s in h["fixed"])
    return fixed, frozenset(dt.date.fromisoformat(s) for s in h["announced"]), frozenset(h["weekend"])


@cache
def days_off(year: int) -> frozenset[dt.date]:
    """Holidays of ``year``; each one that falls on a weekend is taken on the next working day
    (Bộ luật Lao động 2019, Điều 112)."""
    fixed, announced, weekend = holidays()
    named = sorted({dt.date(year, m, d) for m, d in fixed} | {a for a in announced if a.year == year})
    off = set(named)
    for day in named:
        if day.weekday() in weekend:
            moved = day + dt.timedelta(days=1)
            while moved.weekday() in weekend or moved in off:
                moved += dt.timedelta(days=1)
            off.add(moved)
    return frozenset(off)


def is_day_off(day: dt.date) -> bool:
    return day.weekday() in holidays()[2] or day in days_off(day.year)


def add_working_days(start: dt.date, n: int) -> dt.date:
    day = start
    while n > 0:
        day += dt.timedelta(days=1)
        if not is_day_off(day):
            n -= 1
    return day


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def add_months(start: dt.date, n: int) -> dt.date:
    y, m = divmod(start.month - 1 + n, 12)
    year, month = start.year + y, m + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


# ---------------------------------------------------------------------------------- steps

def _sentence(ctext: str, start: int, end: int) -> tuple[int, int]:
    s = max((m.end() for m in _SENTENCE_END.finditer(ctext, max(0, start - 400), start)), default=0)
    m = _SENTENCE_END.search(ctext, end)
    return s, m.start() if m else len(ctext)


def _year(m: re.Match[str], ctext: str, issued: dt.date | None) -> int | None:
    """The printed year, else the sentence's (nearest before, then after), else the issue year."""
    if m.group("y"):
        return int(m.group("y"))
    s, e = _sentence(ctext, m.start(), m.end())
    before = [int(x.group(1) or x.group(2)) for x in _SENTENCE_YEAR.finditer(ctext, s, m.start())]
    after = [int(x.group(1) or x.group(2)) for x in _SENTENCE_YEAR.finditer(ctext, m.end(), e)]
    if before or after:
        return (before or after)[-1 if before else 0]
    return issued.year if issued else None


def _due(kind: str, m: re.Match[str], year: int) -> dt.date | None:
    """The last valid day of the expression, or None when it names no real day."""
    try:
        if kind == "by_date":
            return dt.date(year, int(m.group("m")), int(m.group("d")))
        if kind == "by_month":
            return month_end(year, int(m.group("m")))
        if kind == "by_dekad":
            end = month_end(year, int(m.group("m")))
            return end.replace(day=min(end.day, vocabulary().dekads[m.group("dekad").casefold()]))
        if kind == "by_quarter":
            numerals = re.findall(r"IV|III|II|I|[1-4]", re.sub(r"(?i)qu[ýyí]|Q\.?", " ", m.group("quarters")))
            return month_end(year, 3 * max(_QUARTER_NUMERALS[n.upper()] for n in numerals))
        if kind == "by_half":
            return month_end(year, 6 if m.group("half").casefold() == "đầu" else 12)
        return dt.date(year, 12, 31)
    except ValueError:
        return None


def _trigger(kind: str, m: re.Match[str], ctext: str) -> int | None:
    """Start of the trigger chain that makes expression ``m`` a deadline, or None."""
    v = vocabulary()
    chain = v.chain.search(ctext, max(0, m.start() - 80), m.start())
    if not chain or v.not_deadline.search(ctext, max(0, chain.start() - 30), chain.start()):
        return None
    words = chain.captures("w")
    last = words[-1]
    has_lead = any(v.leads.fullmatch(w) for w in words)
    if not m.group("y") and _CYCLE.match(ctext, m.end()):
        return None
    if kind == "by_year" and not m.group("y") and not (last.casefold() in {"cuối", "hết"} and len(words) > 1):
        return None
    if not has_lead and not any(p.fullmatch(last) and kind in kinds for p, kinds in v.prep_kinds):
        return None
    _, e = _sentence(ctext, m.start(), m.end())
    # "Trường hợp … trước ngày 01/7/2014 thì …" states a condition, not a deadline.
    if v.conditional.search(ctext, m.end(), min(e, m.end() + 80)):
        return None
    # A time adverbial followed by a past-tense clause tells what was done.
    if not has_lead and v.past.search(ctext, m.end(), e):
        return None
    return chain.start()


def _dated(text: str, ctext: str, issued: dt.date | None) -> list[dict]:
    effective = {_date_or_none(int(x["y"]), int(x["m"]), int(x["d"])) for x in _EFFECTIVE.finditer(ctext)}
    out = []
    for kind, pattern in vocabulary().expressions.items():
        for m in pattern.finditer(ctext):
            start = _trigger(kind, m, ctext)
            if start is None:
                continue
            year = _year(m, ctext, issued)
            due = _due(kind, m, year) if year else None
            if year and not due:
                continue
            if due and ((issued and due < issued) or (kind == "by_date" and due in effective)):
                continue
            out.append(_item(text, start, m.end(), kind, due))
    return out


def _date_or_none(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _relative(text: str, ctext: str, issued: dt.date | None) -> list[dict]:
    out = []
    for m in _RELATIVE.finditer(ctext):
        if vocabulary().not_deadline.search(ctext, max(0, m.start() - 30), m.start()):
            continue  # "có hiệu lực trong thời hạn 12 tháng kể từ ngày ký": a validity period
        n, unit = int(m["n"]), re.sub(r"\s+", " ", m["unit"].casefold())
        due = None
        if issued:
            due = (add_working_days(issued, n) if unit == "ngày làm việc"
                   else add_months(issued, n) if unit == "tháng"
                   else issued + dt.timedelta(days=n * (7 if unit == "tuần" else 1)))
        out.append(_item(text, m.start(), m.end(), "relative", due))
    return out


def _recurring(text: str, ctext: str) -> list[dict]:
    anchored: list[tuple[int, int, str]] = []
    for m in [*_YEARLY.finditer(ctext), *_YEARLY_DAY.finditer(ctext)]:
        pairs = [tuple(map(int, re.split(r"\s*/\s*|\s+tháng\s+", p.strip())))
                 for p in re.findall(_DM, m["dates"], flags=_I)]
        if not all(_date_or_none(2000, mo, d) for d, mo in pairs):
            continue
        days = {d for d, _ in pairs}
        if len(days) == 1:
            months = ",".join(str(mo) for mo in sorted({mo for _, mo in pairs}))
            anchored.append((m.start(), m.end(), f"FREQ=YEARLY;BYMONTH={months};BYMONTHDAY={days.pop()}"))
        else:
            anchored += [(m.start(), m.end(), f"FREQ=YEARLY;BYMONTH={mo};BYMONTHDAY={d}") for d, mo in pairs]
    for m in _MONTHLY.finditer(ctext):
        if 1 <= int(m["d"]) <= 31:
            anchored.append((m.start(), m.end(), f"FREQ=MONTHLY;BYMONTHDAY={int(m['d'])}"))
    for m in _QUARTERLY.finditer(ctext):
        if 1 <= int(m["d"]) <= 31:
            anchored.append((m.start(), m.end(), f"FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY={int(m['d'])}"))
    anchored = [(_lead_in(ctext, s), e, rule) for s, e, rule in anchored]
    out = []
    for m in _PERIODIC.finditer(ctext):
        _, end = _sentence(ctext, m.start(), m.end())
        joined = [i for i, a in enumerate(anchored) if m.start() <= a[0] < end]
        if joined:
            # "Định kỳ 06 tháng, năm (20/6 và 20/12 hàng năm)": the period introduces the dates.
            for i in joined:
                s, e, rule = anchored[i]
                e += 1 if ctext[m.start():e].count("(") > ctext[m.start():e].count(")") and ctext[e:e + 1] == ")" else 0
                anchored[i] = (min(s, m.start()), e, rule)
            continue
        n = int(m["n"]) if m["n"] else 0
        rule = _PERIOD_RULES[m["unit"].casefold()] if m["unit"] else (
            "FREQ=YEARLY" if n == 12 else "FREQ=MONTHLY" if n == 1 else f"FREQ=MONTHLY;INTERVAL={n}")
        if n != 0 or m["unit"]:
            out.append(_item(text, m.start(), m.end(), "recurring", None, rule))
    return out + [_item(text, s, e, "recurring", None, rule) for s, e, rule in anchored]


def _lead_in(ctext: str, start: int) -> int:
    m = _LEAD_IN.search(ctext, max(0, start - 30), start)
    return m.start() if m else start


def _item(text: str, start: int, end: int, kind: str, due: dt.date | None, rrule: str | None = None) -> dict:
    return {"due": due.isoformat() if due else None, "kind": kind, "rrule": rrule,
            "text": text[start:end], "span": [start, end]}


def _overlaps(a: dict, b: dict) -> bool:
    return a["span"][0] < b["span"][1] and b["span"][0] < a["span"][1]


def extract_deadlines(text: str, issued_on: str | None) -> list[dict]:
    """Deadlines in ``text`` in reading order; ``issued_on`` (ISO) anchors relative ones and
    gives the year to dates printed without one. Today's date is never used."""
    ctext = canon_text(text)
    issued = dt.date.fromisoformat(issued_on) if issued_on else None
    # Recurring and relative phrases first, then longer phrases: each keeps its span (one
    # span may give several rules: "ngày 01/6 và 15/11 hằng năm").
    found: list[dict] = []
    dated = sorted(_dated(text, ctext, issued), key=lambda d: d["span"][0] - d["span"][1])
    for d in _recurring(text, ctext) + _relative(text, ctext, issued) + dated:
        if not any(_overlaps(d, f) and (d["span"], d["kind"]) != (f["span"], f["kind"]) for f in found):
            found.append(d)
    return sorted(found, key=lambda d: d["span"][0])
