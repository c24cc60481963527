"""Deadlines: every point in time by which something must be done, as the contract's dicts.

A time expression (a date, month, dekad, quarter, half, year or year range) counts only when a
trigger chain stands right before it ("chậm nhất vào", "Thời gian: Trong", "trình UBND tỉnh
trong", "trước 17 giờ"); the trigger vocabulary lives in ``data/temporal.json`` with its
examples. Relative deadlines ("trong vòng 15 ngày kể từ ngày ký") are counted from the issue
date, feasts ("trước Tết Nguyên đán Bính Ngọ") fall on their day in the holiday table, and
recurring ones become RFC 5545 RRULEs (:mod:`extractors.recurring`). Cut-offs, starts, past
events and dates of cited documents have no trigger, a ``not_deadline`` word before it, or fall
before the document's own date.

The public function is :func:`extract_deadlines`. Regexes run over ``canon(text)`` (same
length as ``text``), so every span is valid in the normalised text the caller stored.
"""
from __future__ import annotations

import bisect

import datetime as dt
from dataclasses import dataclass
from functools import cache

from . import rx as re

from . import lexicon
from .holidays import add_months, add_working_days, is_day_off, month_end, tet
from .normalize import canon_text
from .recurring import recurring

__all__ = ["add_months", "add_working_days", "extract_deadlines", "is_day_off", "month_end"]

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
    # "Tháng 11 - 12/2025" is due at the end of its last month.
    "by_month": rf"{_NOT_AFTER_NUM}tháng\s+(?:\d{{1,2}}\s*[-–]\s*(?:tháng\s+)?)?{_MONTH}{_YEAR_TAIL}",
    "by_dekad": rf"{_NOT_AFTER_NUM}(?P<dekad>thượng|trung|hạ)\s+tuần\s+tháng\s+{_MONTH}{_YEAR_TAIL}",
    "by_quarter": r"(?<![\p{L}\d])(?P<quarters>(?:qu[ýyí]\s+|Q\.?\s*)(?:IV|III|II|I|[1-4])(?![\p{L}\d])"
                  r"(?:\s*(?:-|,|và|hoặc|đến|tới)\s*(?:(?:đầu|cuối|giữa)\s+)?(?:(?:qu[ýyí]\s+|Q\.?\s*))?"
                  rf"(?:IV|III|II|I|[1-4])(?![\p{{L}}\d]))*)(?:\s*[/-]\s*(?P<y>{_Y})|\s+năm\s+(?P<y>{_Y}))?(?![\d/])",
    "by_half": rf"(?<![\p{{L}}\d])(?:(?:6|06|sáu)\s+tháng|nửa)\s+(?P<half>đầu|cuối)\s+năm(?:\s+(?P<y>{_Y}))?(?![\d/])",
    "by_year": rf"(?<![\p{{L}}\d])năm(?:\s+(?P<y>{_Y}))?(?![\d/])(?!\s*[-–]\s*(?:năm\s+)?{_Y})",
    # "Thời gian thực hiện: Từ năm 2026 - 2030", "giai đoạn 2026-2030": due at the end of the range.
    "by_year_range": rf"(?<![\p{{L}}\d/])(?:(?:giai\s+đoạn|năm)\s+)?{_Y}\s*[-–]\s*(?:năm\s+)?(?P<y>{_Y})(?![\d/])",
}
_QUARTER_NUMERALS = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}

_SELF = r"(?:văn\s+bản|công\s+văn|quyết\s+định|kế\s+hoạch|chỉ\s+thị|thông\s+báo|công\s+điện)"
# "trong vòng 15 ngày kể từ ngày ký", "không quá 05 ngày làm việc kể từ ngày ban hành Quyết định",
# "trong thời hạn 60 ngày kể từ ngày Quy chế này được ban hành":
# counted from this document (a document named without "này" only as a capitalised title).
_RELATIVE = re.compile(
    r"(?<![\p{L}])(?:trong(?:\s+vòng|\s+thời\s+hạn|\s+thời\s+gian)?|không\s+quá|tối\s+đa|chậm\s+nhất(?:\s+là)?)\s+(?P<n>\d{1,3})\s+"
    r"(?P<unit>ngày\s+làm\s+việc|ngày|tuần|tháng)\s*,?\s*(?:kể\s+)?từ\s+(?:ngày|khi)\s+"
    rf"(?:(?:ký(?:\s+ban\s+hành)?|ban\s+hành)(?:\s+{_SELF}\s+này|\s+(?-i:Văn\s+bản|Công\s+văn|Quyết\s+định|Kế\s+hoạch|"
    rf"Chỉ\s+thị|Thông\s+báo|Công\s+điện))?|nhận(?:\s+được)?\s+{_SELF}\s+này"
    rf"|(?:{_SELF}|Quy\s+chế|Quy\s+định)\s+này\s+được\s+(?:ký(?:\s+ban\s+hành)?|ban\s+hành)"
    rf"|(?P<eff>{_SELF}(?:\s+này)?\s+có\s+hiệu\s+lực(?:\s+thi\s+hành)?))(?=\s*[,.;:)\n]|\s*\Z)", _I)
# "Quyết định này có hiệu lực (thi hành) kể từ ngày ký": the document takes effect when issued.
_EFFECTIVE_ON_SIGNING = re.compile(r"hiệu\s+lực(?:\s+thi\s+hành)?\s+(?:kể\s+)?từ\s+ngày\s+(?:ký|ban\s+hành)", _I)
# What may stand between a trigger chain and a date: a time of day, a weekday
# ("trước 17 giờ ngày 20/11/2025", "trước 16h00, thứ Sáu, ngày 21/11/2025").
_CLOCK = (r"(?:\d{1,2}\s*(?:giờ|h|:)\s*(?:\d{2}\s*(?:phút|')?)?(?:\s*(?:sáng|trưa|chiều|tối))?\s*,?\s*)?"
          r"(?:(?:ngày\s+)?(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)\s*,?\s*)?")

_EFFECTIVE = re.compile(r"hiệu\s+lực(?:\s+thi\s+hành)?\s+(?:kể\s+)?từ\s+ngày\s+(?P<d>\d{1,2})"
                        rf"(?:\s*/\s*|\s+tháng\s+)(?P<m>\d{{1,2}})(?:\s*/\s*|\s+năm\s+)(?P<y>{_Y})", _I)
_FIRM = re.compile(r"chậm\s+nhất|muộn\s+nhất|thời\s+hạn|hạn\s+chót|hoàn\s+thành", _I)
_VALIDITY = re.compile(r"hiệu\s+lực(?:\s+thi\s+hành)?\s+(?:kể\s+)?từ\s+[^.;:]{1,50}\Z", _I)
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


@dataclass(frozen=True)
class Feasts:
    mention: re.Pattern[str]
    lead: re.Pattern[str]
    joiner: re.Pattern[str]
    yearly: re.Pattern[str]
    stems: dict[str, int]
    branches: dict[str, int]


@cache
def feasts() -> Feasts:
    f = lexicon.load("temporal.json")["feasts"]
    stems = "|".join(f["stems"])
    branches = "|".join(b for names in f["branches"] for b in names)
    return Feasts(
        mention=re.compile(rf"(?<![\p{{L}}])(?:(?P<solar>{f['solar']['pattern']})|{f['lunar']['pattern']})(?![\p{{L}}])"
                           rf"(?:\s+(?:năm\s+)?(?P<stem>{stems})\s+(?P<branch>{branches})(?![\p{{L}}]))?"
                           rf"(?:\s+(?:năm\s+)?(?P<y>{_Y})(?![\d/]))?", _I),
        lead=re.compile(rf"(?<![\p{{L}}])(?P<w>{f['preps']['pattern']})\s+(?:(?:kỳ\s+)?nghỉ\s+)?\Z", _I),
        joiner=re.compile(r"\s*(?:,|và|hoặc)\s*(?:(?:dịp|trước)\s+)?", _I),
        yearly=re.compile(r"(?<![\p{L}])(?:hằng|hàng|mỗi)\s+năm(?![\p{L}])", _I),
        stems={s.casefold(): i for i, s in enumerate(f["stems"])},
        branches={b.casefold(): i for i, names in enumerate(f["branches"]) for b in names},
    )


@cache
def vocabulary() -> Vocabulary:
    data = lexicon.load("temporal.json")
    leads = "|".join(e["pattern"] for e in data["leads"])
    preps = "|".join(e["pattern"] for e in data["preps"])
    negs = "|".join(e["pattern"] for e in data["not_deadline"])
    return Vocabulary(
        chain=re.compile(rf"(?<![\p{{L}}\d])(?:(?P<w>{leads}|{preps})(?![\p{{L}}])\s*:?\s*)+{_CLOCK}\Z", _I),
        leads=re.compile(rf"(?:{leads})\s*:?", _I),
        prep_kinds=tuple((re.compile(e["pattern"], _I), frozenset(e["kinds"])) for e in data["preps"]),
        not_deadline=re.compile(rf"(?<![\p{{L}}])(?:{negs})\s*\Z", _I),
        past=re.compile(rf"(?<![\p{{L}}]){data['past_markers']['pattern']}(?![\p{{L}}])", _I),
        conditional=re.compile(rf"(?<![\p{{L}}]){data['conditional']['pattern']}(?![\p{{L}}])", _I),
        dekads=data["dekads"],
        expressions={k: re.compile(p, _I) for k, p in _EXPRESSIONS.items()},
    )


# ---------------------------------------------------------------------------------- steps

class _Sentences:
    """Where the sentences of ``ctext`` end (each ".", ";" or line break), found once, so that
    the sentence around an expression is two bisections, not a scan around it."""

    def __init__(self, ctext: str) -> None:
        self.size = len(ctext)
        self.ends = [m.start() for m in _SENTENCE_END.finditer(ctext)]

    def around(self, start: int, end: int) -> tuple[int, int]:
        """From after the last end at most 400 characters before ``start`` (else the text's
        start) to the first end at or after ``end`` (else the text's end)."""
        j = bisect.bisect_left(self.ends, start) - 1
        s = self.ends[j] + 1 if j >= 0 and self.ends[j] >= start - 400 else 0
        k = bisect.bisect_left(self.ends, end)
        return s, self.ends[k] if k < len(self.ends) else self.size


def _year(m: re.Match[str], ctext: str, issued: dt.date | None, sentences: _Sentences) -> int | None:
    """The printed year, else the sentence's (nearest before, then after), else the issue year."""
    if m.group("y"):
        return int(m.group("y"))
    s, e = sentences.around(m.start(), m.end())
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


def _trigger(kind: str, m: re.Match[str], ctext: str, sentences: _Sentences) -> int | None:
    """Start of the trigger chain that makes expression ``m`` a deadline, or None."""
    v = vocabulary()
    chain = v.chain.search(ctext, max(0, m.start() - 80), m.start())
    if not chain or v.not_deadline.search(ctext, max(0, chain.start() - 30), chain.start()):
        return None
    # "có hiệu lực thi hành kể từ ngày 15/12/2025 đến hết năm 2026": the end of a validity period.
    if _VALIDITY.search(ctext, max(0, chain.start() - 100), chain.start()):
        return None
    words = chain.captures("w")
    last = words[-1]
    has_lead = any(v.leads.fullmatch(w) for w in words)
    if not m.group("y") and _CYCLE.match(ctext, m.end()):
        return None
    if kind == "by_year" and not m.group("y") and not (last.casefold() in {"cuối", "hết"} and len(words) > 1):
        return None
    if kind == "by_year_range" and not has_lead:
        return None
    # "tháng 9 đến tháng 11 tần suất quan trắc 02 đợt/tháng": a season of every year, not a deadline.
    if kind == "by_month" and not m.group("y") and last.casefold() == "đến" \
            and re.search(r"tháng\s+\d{1,2}\s*$", ctext[max(0, chain.start() - 15):chain.start()], _I):
        return None
    # "Thời gian thực hiện: Từ tháng 11/2025", "Thời hạn hoàn thành: Từ ngày 01/01/2026" name a
    # start; only a range ("từ quý I - quý IV năm 2019", "Từ năm 2026 - 2030") says when it ends.
    if last.casefold() == "từ" and kind != "by_year_range" and not (
            kind == "by_quarter" and len(re.findall(r"IV|III|II|I|[1-4]", m.group("quarters"))) > 1):
        return None
    if not has_lead and not any(p.fullmatch(last) and kind in kinds for p, kinds in v.prep_kinds):
        return None
    b, e = sentences.around(m.start(), m.end())
    # "Trường hợp … trước ngày 01/7/2014 thì …" states a condition, not a deadline; "… để đến tháng
    # 7 năm 2030 thì số lượng … đúng quy định" says what holds by then.
    if v.conditional.search(ctext, m.end(), min(e, m.end() + 80)) and not (
            last.casefold() == "đến" and not _CONDITION.search(ctext, b, m.start())):
        return None
    # A time adverbial followed by a past-tense clause tells what was done.
    if not has_lead and v.past.search(ctext, m.end(), e):
        return None
    return chain.start()


_CONDITION = re.compile(r"(?<![\p{L}])(?:trường\s+hợp|nếu)\s", re.I)


# A conclusion notice is signed days after the meeting it reports, and may keep a day the
# meeting set that has passed by its own date ("báo cáo … trước ngày 15 tháng 11 năm 2025" in a
# notice of 18/11/2025): a day up to a week before the document's date is still its deadline.
_GRACE = dt.timedelta(days=7)


def _dated(text: str, ctext: str, issued: dt.date | None) -> list[dict]:
    effective = {_date_or_none(int(x["y"]), int(x["m"]), int(x["d"])) for x in _EFFECTIVE.finditer(ctext)}
    sentences = _Sentences(ctext)
    out = []
    for kind, pattern in vocabulary().expressions.items():
        for m in pattern.finditer(ctext):
            start = _trigger(kind, m, ctext, sentences)
            if start is None:
                continue
            year = _year(m, ctext, issued, sentences)
            due = _due(kind, m, year) if year else None
            if year and not due:
                continue
            if due and issued and due < issued - (_GRACE if kind == "by_date" else dt.timedelta(0)):
                continue
            # Another mention of an effective date is no deadline ("hồ sơ nộp trước ngày 01/01/2026
            # … tiếp tục"), unless a lead says it is: "Thời hạn ban hành: trước ngày 01 tháng 01 năm
            # 2026", "hoàn thành trước ngày 01/01/2026" (the acts a law needs by its start).
            if kind == "by_date" and due in effective and not _FIRM.search(ctext, start, m.start()):
                continue
            out.append(_item(text, start, m.end(), "by_year" if kind == "by_year_range" else kind, due))
    return out


def _date_or_none(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


# "Điều 2. Giao Sở Tư pháp …, trong thời hạn 03 ngày làm việc công khai …": a period with no
# starting point, in a sentence that assigns a task of this document, runs from its date.
_RELATIVE_BARE = re.compile(r"(?<![\p{L}])trong(?:\s+vòng|\s+thời\s+hạn)?\s+(?P<n>\d{1,3})\s+(?P<unit>ngày\s+làm(?:\s+việc)?+|ngày(?!\s+làm))"
                            r"(?!\s*,?\s*(?:kể\s+)?(?:từ|sau|trước)\b)(?=\s*,?\s+\p{Ll})", _I)
_ASSIGNING = re.compile(r"(?:\A|[.;:]\s)(?:Điều\s+\d+\.\s*)?Giao\s[^.;:]*\Z")


def _relative(text: str, ctext: str, issued: dt.date | None) -> list[dict]:
    out = []
    for m in _RELATIVE_BARE.finditer(ctext) if issued else ():
        if _ASSIGNING.search(ctext[max(0, m.start() - 300):m.start()]):
            n = int(m["n"])
            due = add_working_days(issued, n) if "làm" in m["unit"] else issued + dt.timedelta(days=n)
            out.append(_item(text, m.start(), m.end(), "relative", due))
    effective: list[dt.date | None] = []           # the effective date, read once (not per match)
    for m in _RELATIVE.finditer(ctext):
        if vocabulary().not_deadline.search(ctext, max(0, m.start() - 30), m.start()):
            continue  # "có hiệu lực trong thời hạn 12 tháng kể từ ngày ký": a validity period
        n, unit = int(m["n"]), re.sub(r"\s+", " ", m["unit"].casefold())
        due = None
        base = issued
        if m["eff"]:                                 # "… kể từ ngày Quyết định có hiệu lực thi hành"
            if not effective:
                dated = _EFFECTIVE.search(ctext)
                effective.append(_date_or_none(int(dated["y"]), int(dated["m"]), int(dated["d"])) if dated
                                 else issued if _EFFECTIVE_ON_SIGNING.search(ctext) else None)
            base = effective[0]
        if base:
            due = (add_working_days(base, n) if unit == "ngày làm việc"
                   else add_months(base, n) if unit == "tháng"
                   else base + dt.timedelta(days=n * (7 if unit == "tuần" else 1)))
        out.append(_item(text, m.start(), m.end(), "relative", due))
    return out


def _feasts(text: str, ctext: str, issued: dt.date | None) -> list[dict]:
    """"trước Tết Nguyên đán 2026", "dịp Tết Nguyên đán Bính Ngọ", "dịp Tết Dương lịch 2026 và
    Tết Bính Ngọ": "dịp" is due on the feast day, "trước" on its eve (mùng 1 Tết is a holiday:
    the work is done before it; shared/gold-dev 048 reads "trước Tết nguyên đán năm 2026" as
    16/02/2026). A feast
    counts after "trước" or "dịp" when its year is named (by number or by its can-chi name);
    "trước Tết" without a year is the next Tết after the issue date, unless the clause is a
    yearly rule. "sau Tết" and a feast with no year after "dịp" are not deadlines."""
    f = feasts()
    out: list[dict] = []
    prev_end, prev_ok = -1, False
    for m in f.mention.finditer(ctext):
        lead = f.lead.search(ctext, max(0, m.start() - 40), m.start())
        joined = prev_ok and f.joiner.fullmatch(ctext, prev_end, m.start())
        prev_end, prev_ok = m.end(), False
        if not (lead or joined):
            continue
        solar = bool(m["solar"])
        year = int(m["y"]) if m["y"] else _canchi_year(m["stem"], m["branch"], issued) if m["stem"] else None
        if year is None:
            if solar or not lead or lead["w"].casefold() != "trước" or not issued:
                continue
            clause = ctext[max(0, m.start() - 120):m.end() + 60]
            if f.yearly.search(clause):
                continue
            year = issued.year + (1 if (tet(issued.year) or issued) <= issued else 0)
        due = dt.date(year, 1, 1) if solar else tet(year)
        if due is not None and lead and lead["w"].casefold() == "trước":
            due -= dt.timedelta(days=1)             # "trước Tết …": done by the eve (gold-dev 048)
        if due is None or (issued and due < issued):
            continue
        prev_ok = True
        out.append(_item(text, lead.start() if lead else m.start(), m.end(), "by_date", due))
    return out


def _canchi_year(stem: str, branch: str, issued: dt.date | None) -> int | None:
    """The year named "Bính Ngọ" (2026) in the 60-year cycle, the first from a year before the
    issue date on."""
    f = feasts()
    s, b = f.stems.get(stem.casefold()), f.branches.get(branch.casefold())
    if s is None or b is None:
        return None
    base = (issued.year if issued else 2000) - 1
    return next(y for y in range(base, base + 60) if (y + 6) % 10 == s and (y + 8) % 12 == b)


# A plan's goals headed by their horizon ("2. Mục tiêu cụ thể đến năm 2030", "a) Phát triển kinh tế
# số đến năm 2030") or a goal paragraph that opens with it ("Phấn đấu đến năm 2030, …"); not a
# horizon inside a sentence or in the title of a cited programme.
_HORIZON = re.compile(rf"(?:\A|(?<=\n[ \t]*\n))[ \t]*(?=[a-zđ]\)|(?-i:\p{{Lu}})|\d)(?:(?:[IVX]+|\d+(?:\.\d+)*)[.)]?[ \t]+|[a-zđ]\)[ \t]+)?"
                      rf"(?:(?P<head>(?!(?i:(?:[^\n]|\n(?![ \t]*\n))*?\b(?:t[âầ]m\s+nhìn|định\s+hướng|số\s+\d|quyết\s+định|"
                      rf"kế\s+hoạch|chương\s+trình|chiến\s+lược|đề\s+án|nghị\s+quyết|quy\s+hoạch)\b))"
                      rf"(?:[^\n.;:]|\n(?![ \t]*\n)){{0,90}}?)|(?P<lead>Phấn\s+đấu[ \t]+))"
                      rf"(?P<by>(?i:đến\s+năm))\s+(?P<y>{_Y})(?(head)[ \t]*:?[ \t]*(?=\n[ \t]*\n|\Z)|,)")


_BY_YEAR_WORDS = re.compile(rf"đến\s+năm\s+{_Y}", _I)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _horizons(text: str, ctext: str, issued: dt.date | None) -> list[dict]:
    """Each "đến năm YYYY" tried once, from the start of its paragraph (at most ~130 characters
    back): linear in the text."""
    out = []
    for w in _BY_YEAR_WORDS.finditer(ctext):
        lo = max(0, w.start() - 130)
        blanks = [b.end() for b in _BLANK_LINE.finditer(ctext, max(0, lo - 2), w.start())]
        if not blanks and lo > 0:
            continue
        m = _HORIZON.match(ctext, blanks[-1] if blanks else 0)
        if m and m.start("by") == w.start() and (not issued or int(m["y"]) >= issued.year):
            out.append(_item(text, m.start("by"), m.end("y"), "by_year", dt.date(int(m["y"]), 12, 31)))
    return out


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
    dated = sorted(_dated(text, ctext, issued), key=lambda d: d["span"][0] - d["span"][1])
    cyclic = [_item(text, s, e, "recurring", None, rule) for s, e, rule in recurring(ctext)]
    return sorted(_first_come(cyclic + _relative(text, ctext, issued) + _feasts(text, ctext, issued)
                              + dated + _horizons(text, ctext, issued)), key=lambda d: d["span"][0])


def _first_come(candidates: list[dict]) -> list[dict]:
    """The candidates that overlap none kept before them (except one of the same span and
    kind). The spans kept never overlap but for such twins, so only those ending after a
    candidate's start among the last ones starting before its end are checked: linear."""
    if any(d["span"][1] <= d["span"][0] for d in candidates):   # empty spans: the plain way
        found: list[dict] = []
        for d in candidates:
            if not any(_overlaps(d, f) and (d["span"], d["kind"]) != (f["span"], f["kind"]) for f in found):
                found.append(d)
        return found
    kept: list[dict] = []
    starts: list[int] = []
    spans: list[tuple[int, int, str]] = []          # kept spans (with kind), by start
    for d in candidates:
        s, e = d["span"]
        j = bisect.bisect_left(starts, e) - 1
        while j >= 0 and spans[j][1] > s and spans[j] == (s, e, d["kind"]):
            j -= 1
        if j >= 0 and spans[j][1] > s:
            continue
        kept.append(d)
        at = bisect.bisect_right(starts, s)
        starts.insert(at, s)
        spans.insert(at, (s, e, d["kind"]))
    return kept
