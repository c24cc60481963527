"""Amounts of money: "30.000.000 đồng", "6,4 tỷ đồng", "2 tỷ 350 triệu đồng", and table cells
under a money unit ("Đơn vị tính: triệu đồng"), normalised to whole đồng; the funding records
of a document (source, purpose, year, the total an amount is part of).

Vietnamese writing groups thousands with "." and marks decimals with ","; amounts are computed
with :class:`~decimal.Decimal`, never floats. Currencies and scales come from
``data/money.json``; amounts in words are read by :mod:`.money_words`.

The public functions are :func:`parse_amount`, :func:`parse_amount_words`,
:func:`format_vnd`, :func:`amount_in_words` and :func:`extract_funding`. Regexes run over
``canon(text)`` (same length as ``text``), so spans are valid in the normalised text.
"""
from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from . import rx as re

from . import lexicon
from .money_words import amount_in_words, parse_amount_words, scale_values
from .normalize import canon, canon_text
from .sections import Outline, headings_above, issued_year, outline, sentence_bounds

__all__ = ["amount_in_words", "extract_funding", "format_vnd", "parse_amount", "parse_amount_words",
           "parse_number"]

# A number as printed: "30.000.000", "589,72", "1.234,5", "6,4".
NUMBER = r"(?<![\p{L}\d.,/])\d+(?:[.,]\d+)*"
# Between a number and its scale or currency: spaces, or one line break (a hard wrap, never a
# blank line, which separates table cells).
_GAP = r"[ \t]*(?:\n[ \t]*)?"
# An amount without a currency word counts when it ends in a big scale ("1,5 nghìn tỷ") and the
# sentence talks about money.
_MONEY_CONTEXT = re.compile(r"kinh\s+phí|vốn|ngân\s+sách|tiền|chi\s+phí|đầu\s+tư|doanh\s+thu|"
                            r"giá\s+trị|dự\s+toán|giải\s+ngân|tài\s+trợ|hỗ\s+trợ", re.I)
_NOT_VND = re.compile(r"[ \t]*(?:USD|EUR|đô|Euro|yên|nhân\s+dân\s+tệ|\p{L})", re.I)
_IN_WORDS = re.compile(r"[ \t]*[(\[]?[ \t]*[Bb]ằng[ \t]+chữ[ \t]*:?[ \t]*(?P<w>[^()\[\]\n]{1,200}?)"
                       r"[ \t.]*(?:[)\]]|\n|$)")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-+•*]|[a-zđ][)/]|\d+[)/])[ \t]*", re.M)
_YEAR = re.compile(r"\bnăm[ \t]+(?P<y>(?:19|20)\d\d)\b", re.I)


def _alternatives(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"[ \t]+") for w in sorted(words, key=len, reverse=True))


@cache
def _amount_patterns() -> dict[str, re.Pattern[str]]:
    """The amount regexes, built from the currencies and scales of ``money.json``."""
    data = lexicon.load("money.json")
    scale = "(?:" + _alternatives(list(scale_values())) + ")"
    scales = scale + r"(?:[ \t]+" + scale + r")?"
    long_forms = [w for c in data["currencies"] if not c.get("short")
                  for w in [c["form"], *c.get("aliases", [])]]
    short_forms = [c["form"] for c in data["currencies"] if c.get("short")]
    not_after = _alternatives(data["not_currency"]["words"])
    # "đồng" but not "đồng chí", "đồng thời"…; "đ" but not a list letter "đ)" and never across a line.
    long_cur = r"(?:" + _alternatives(long_forms) + r")(?![\p{L}\d])(?![ \t]+(?:" + not_after + r")\b)"
    short_cur = r"(?:" + _alternatives(short_forms) + r")(?![\p{L}\d)])"
    amount = (r"(?P<amount>" + NUMBER + r"(?:" + _GAP + scales + r")?"
              r"(?:[ \t]+\d+(?:[.,]\d+)?[ \t]*" + scales + r")*)")
    return {
        "amount": re.compile(amount + r"(?:(?:" + _GAP + r"(?P<cur>" + long_cur + r"))|[ \t]*(?P<cur>" + short_cur + r"))?"),
        "part": re.compile(r"(?P<num>\d+(?:[.,]\d+)*)\s*(?P<scales>" + scales + r")?"),
        "scale": re.compile(scale, re.I),
        "big_scale_end": re.compile(r"(?:" + _alternatives([w for w, v in scale_values().items() if v >= 10 ** 6])
                                    + r")$"),
        "scale_end": re.compile(scale + r"$"),
        "short": re.compile(r"(?:" + _alternatives(short_forms) + r")$"),
    }


def parse_number(text: str) -> Decimal | None:
    """"30.000.000" → 30000000; "589,72" → 589.72; "1.5" → 1.5 ("." + not three digits is a
    decimal point); "1,234,567" → 1234567 (English thousands)."""
    text = text.strip()
    if not re.fullmatch(r"\d+(?:[.,]\d+)*", text):
        return None
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        if text.rfind(",") > text.rfind("."):
            return Decimal(text.replace(".", "").replace(",", "."))
        return Decimal(text.replace(",", ""))
    sep = "." if dots else "," if commas else ""
    if not sep:
        return Decimal(text)
    groups = text.split(sep)
    thousands = all(len(g) == 3 for g in groups[1:]) and len(groups[0]) <= 3
    if sep == "." and thousands:
        return Decimal("".join(groups))
    if sep == "," and thousands and len(groups) > 2:
        return Decimal("".join(groups))
    if len(groups) == 2:
        return Decimal(groups[0] + "." + groups[1])
    return None


def _whole(value: Decimal) -> int:
    # to_integral_value, not quantize: quantize raises past 28 digits (a fuzzed
    # "10000000000000000000000000000" crashed the whole extraction)
    return int(value.to_integral_value(rounding=ROUND_HALF_UP))


def _amount_value(amount: str) -> int | None:
    total = Decimal(0)
    for part in _amount_patterns()["part"].finditer(amount):
        value = parse_number(part.group("num"))
        if value is None:
            return None
        for scale in (part.group("scales") or "").split():
            value *= scale_values()[scale]
        total += value
    return _whole(total)


def parse_amount(text: str) -> int | None:
    """The first amount in ``text`` in whole đồng: "6,4 tỷ đồng" → 6400000000."""
    c = canon(text)
    p = _amount_patterns()
    for m in p["amount"].finditer(c):
        if m.group("cur") or p["scale_end"].search(m.group("amount")) and not _NOT_VND.match(c, m.end()):
            return _amount_value(m.group("amount"))
    return None


def format_vnd(amount: int) -> str:
    """6400000000 → "6.400.000.000 đồng"."""
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(amount):,}".replace(",", ".") + " đồng"


# ----------------------------------------------------------------------------- funding

@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    data = lexicon.load("money.json")
    return {"source": re.compile("|".join(f"(?:{s['pattern']})" for s in data["sources"]), re.I),
            "total": re.compile(data["totals"]["pattern"], re.I),
            "label": re.compile(r"(?<!\p{L})" + data["labels"]["pattern"], re.I)}


@dataclass(frozen=True)
class _Amount:
    """One amount read: where, its value in đồng, and the per-unit part of its currency
    ("đồng/người/tháng"), if any."""
    start: int
    end: int
    value: int
    unit: str | None = None


_PER_UNIT = re.compile(r"[ \t]*(?P<per>(?:/[ \t]*\p{L}[\p{L} \t]{0,20}?){1,3})(?=[ \t]*(?:[,.;:)\n]|$|và|hoặc|trên|cho|đối))")


def _per_unit(text: str, m: re.Match[str]) -> str | None:
    k = m.end()
    while k < len(text) and text[k] in " \t":
        k += 1
    if not text.startswith("/", k):
        return None          # no "/": regex would look for one through the rest of the text
    per = _PER_UNIT.match(text, m.end())
    if not per:
        return None
    return "đồng" + re.sub(r"\s*/\s*", "/", re.sub(r"\s+", " ", per.group("per").strip()))


def _find_amounts(text: str) -> list[_Amount]:
    out = []
    p = _amount_patterns()
    for m in p["amount"].finditer(text):
        value = _amount_value(m.group("amount"))
        if value is None:
            continue
        if m.group("cur"):
            if p["short"].match(m.group("cur")) and not p["scale"].search(m.group("amount")) \
                    and "." not in m.group("amount"):
                continue                       # "5 đ" is rarely money; "500.000đ" is.
            out.append(_Amount(m.start(), m.end(), value, _per_unit(text, m)))
        elif p["big_scale_end"].search(m.group("amount")) and not _NOT_VND.match(text, m.end()):
            s, _ = sentence_bounds(text, m.start(), m.end())
            if _MONEY_CONTEXT.search(text, s, m.start()):
                out.append(_Amount(m.start(), m.end(), value))
    cells = _table_cells(text)
    if cells:
        out = sorted(out + cells, key=lambda a: a.start)
    return out


# ------------------------------------------------------------------------- table cells
# tvpl and vbpl texts flatten a table to one cell per line; a money table says its unit once,
# in a line of its own or a column head: "Đơn vị tính: triệu đồng", "(Đơn vị: đồng/tháng)",
# "Mức chi (1.000đ)", "Thành tiền (đồng)".

@cache
def _table_patterns() -> dict[str, re.Pattern[str]]:
    t = lexicon.load("money.json")["table_units"]
    scale = _alternatives([*scale_values(), *t["thousand_forms"]])
    cur = r"(?:đồng|đ|VNĐ|VND)(?!\p{L})"
    unit = r"(?P<scale>" + scale + r")?[ \t]*" + cur + r"(?P<per>[ \t]*/[^\n)]{1,40})?"
    return {
        "header": re.compile(r"^(?:[^\n]{0,80}?(?:" + t["label"] + r")[ \t]*:?[ \t]*" + unit + r"[ \t]*\)?[ \t]*$"
                             r"|[^\n]{0,200}?\([ \t]*(?:(?:" + t["label"] + r")[ \t]*:?[ \t]*)?" + unit + r"[ \t]*\)[ \t]*$)",
                             re.M | re.I),
        "end": re.compile(t["end"], re.M),
        "not_money_row": re.compile(t["not_money_row"], re.I),
        "not_header": re.compile(t["not_header"], re.I),
        "count_unit": re.compile(r"[ \t]*(?:" + t["count_units"] + r")(?:[ \t]*/[ \t]*\p{L}+)*[ \t]*", re.I),
        "other_unit": re.compile(r"%|\([ \t]*(?![^)]*(?:đồng|đ\b))(?:[^()\n/]{1,12}/[^()\n]{1,12}|"
                                 + t["other_units"] + r")[ \t]*\)", re.I),
    }


_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
# A bracket of a scale in a money column: "Đến 120", "Trên 120 đến 360", "≤ 15", "> 100".
_BRACKET = re.compile(r"[ \t]*(?:(?i:đến|trên|dưới|từ)[ \t]+|[≤<>≥][ \t]*)(?P<a>" + _NUM + r")"
                      r"(?:[ \t]+(?i:đến|tới)[ \t]+(?P<b>" + _NUM + r"))?[ \t]*")
_CELL = re.compile(r"[ \t]*(?P<n>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)[ \t]*")
_FORMULA = re.compile(r"[ \t]*\d+[ \t]*=[ \t]*\d+[ \t]*\+")
_ROW_TITLE = re.compile(r"[ \t]*\p{Lu}")
_WRAPPED = re.compile(r"[ \t]*\p{Ll}")           # "Công⏎tác tổ chức": a row title wrapped after its first word
_NUMERIC = re.compile(r"[ \t]*(?:\d+(?:[.,]\d+)*|[-–])[ \t]*")


def _table_cells(text: str) -> list[_Amount]:
    """Cells holding only a number in a table whose unit is money, scaled by that unit.
    A grouped number ("5.310.000") is a cell; an ungrouped one ("250", "12,5") only in a
    scaled table, when the next line is not a row title (a row number is followed by its title
    in capitals) and not in a run of consecutive numbers ("1", "2", "3": row or column numbers),
    nor when a column head after the money one names another unit ("Thuế suất (%)",
    "Gạo (kg/năm)"). Rows labelled as a rate ("Tỷ lệ phần trăm (%)") hold no money."""
    tp = _table_patterns()
    out: list[_Amount] = []
    headers = [h for h in tp["header"].finditer(text) if not tp["not_header"].search(h.group(0))]
    for k, h in enumerate(headers):
        stop = tp["end"].search(text, h.end())
        limit = min(stop.start() if stop else len(text),
                    headers[k + 1].start() if k + 1 < len(headers) else len(text))
        factor = _table_factor(h.group("scale"))
        columns = k + 1 < len(headers) and headers[k + 1].start() - h.end() < 300 \
            or k and h.start() - headers[k - 1].end() < 300
        unit = None if columns or not h.group("per") else "đồng" + re.sub(r"\s+", "", h.group("per"))
        lines = [(m.start(), m.group(0)) for m in _LINE.finditer(text, h.end(), limit) if m.group(0).strip()]
        first = next((i for i, (_, line) in enumerate(lines) if _CELL.fullmatch(line)), len(lines))
        mixed = any(tp["other_unit"].search(line) for _, line in lines[:first]) \
            or any(_FORMULA.match(line) for _, line in lines)          # a form's column codes "7 = 8 + 9"
        label = ""
        for i, (pos, line) in enumerate(lines):
            bracket = _BRACKET.fullmatch(line)
            if bracket and not tp["not_money_row"].search(label):   # "Trên 120 đến 360", "≤ 15"
                for g in ("a", "b"):
                    value = parse_number(bracket.group(g)) if bracket.group(g) else None
                    if value:
                        out.append(_Amount(pos + bracket.start(g), pos + bracket.end(g),
                                           _whole(value * factor), unit))
                continue
            cell = _CELL.fullmatch(line)
            if not cell:
                if not _NUMERIC.fullmatch(line):
                    label = line
                continue
            n = cell.group("n")
            if tp["not_money_row"].search(label):
                continue
            if "." not in n:
                if mixed:
                    continue
                nxt = lines[i + 1][1] if i + 1 < len(lines) else ""
                prev = lines[i - 1][1] if i else ""
                if factor == 1 or re.fullmatch(r"(?:19|20)\d\d", n) \
                        or _ROW_TITLE.match(nxt) and not _count_unit(tp, lines, i + 1) \
                        or _is_next(n, nxt) or _is_next(prev, n):
                    continue
            value = parse_number(n)
            if value:
                out.append(_Amount(pos + cell.start("n"), pos + cell.end("n"), _whole(value * factor), unit))
    return out


def _count_unit(tp: dict[str, re.Pattern[str]], lines: list[tuple[int, str]], i: int) -> bool:
    """Whether line ``i`` is the unit cell of the amount above it ("264 ⏎ Tiết"), not a row
    title wrapped after its first word ("Công ⏎ tác tổ chức")."""
    after = lines[i + 1][1] if i + 1 < len(lines) else ""
    return bool(tp["count_unit"].fullmatch(lines[i][1])) and not _WRAPPED.match(after)


def _is_next(a: str, b: str) -> bool:
    """Whether the cells ``a`` and ``b`` are consecutive whole numbers (row or column numbers)."""
    a, b = a.strip(), b.strip()
    return a.isdigit() and b.isdigit() and int(b) == int(a) + 1


def _table_factor(scale: str | None) -> int:
    if not scale:
        return 1
    return scale_values().get(scale.lower(), 1000)     # "1.000đ", "1000 đồng": thousands


def _source(text: str, sent: tuple[int, int], clause_start: int, m: _Amount) -> str | None:
    before = text[clause_start:m.start]
    label = re.search(r"(?:^|[(,;]\s*)(?P<l>[Nn]guồn[^:,;()]{0,100}?)\s*:\s*$", before)
    if label:
        return label.group("l").strip()
    after = re.search(r"\(\s*[Nn]guồn(?:\s+vốn)?\s*:\s*(?P<s>[^()]{1,120}?)\s*\)", text[m.end:sent[1] + 1])
    if after:
        return after.group("s").strip()
    found = list(_patterns()["source"].finditer(text, clause_start, m.start))
    if found:
        return re.sub(r"^(?:từ\s+)", "", found[-1].group(0)).strip()
    return None


def _purpose(text: str, sent_start: int, m: _Amount) -> str | None:
    seg = text[sent_start:m.start]
    seg = _LIST_ITEM.sub("", seg, count=1)
    seg = seg[seg.rfind("(") + 1:] if seg.count("(") > seg.count(")") else seg
    label = _patterns()["label"].search(seg)
    if label and label.start() > 0:
        seg = seg[:label.start()]
    seg = _amount_patterns()["amount"].sub(lambda a: "" if a.group("cur") else a.group(0), seg)
    seg = re.sub(r"(?:\s+|^)(?:từ|đến|tới|và|hoặc|-)\s*$", "", seg.strip(" ,:;-"))
    seg = re.sub(r"(?:\s+|^)(?:từ|đến|tới)\s*$", "", seg).strip(" ,:;-")
    pieces = [p for p in re.split(r",\s+", seg) if p]
    for p in reversed(pieces[1:]):
        if re.search(r"kinh\s+phí\s+\S+|vốn\s+\S+|dự\s+án", p, re.I):
            seg = p
            break
    seg = re.sub(r"^(?:Đến nay|Hiện nay|Trong năm(?: \d{4})?|Năm \d{4})\s*,\s*", "", seg).strip()
    return seg[:160] or None


def _year(text: str, headings: Outline, sent: tuple[int, int], pos: int,
          issued_on: dt.date | str | None) -> int | None:
    years = list(_YEAR.finditer(text, sent[0], sent[1]))
    if years:
        before = [y for y in years if y.start() < pos]
        return int((before[-1] if before else years[0]).group("y"))
    for _, line in headings_above(headings, sent[0]):
        y = _YEAR.search(line) or re.search(r"\b(?P<y>(?:19|20)\d\d)\b", line)
        if y:
            return int(y.group("y"))
    return issued_year(issued_on)


_LINE = re.compile(r"[^\n]*")
_OPEN_PAREN = re.compile(r"[ \t]*\(")
_LIST_HEAD = re.compile(r"[^\n]*?\b(?:gồm|bao\s+gồm|cụ\s+thể|như\s+sau)[ \t]*:[ \t]*(?=\n|$)", re.I)


def _link_parts(text: str, found: list[_Amount], parent: list[int | None],
                sents: list[tuple[int, int]]) -> None:
    """Set parent[i] to the index of the total amount i belongs to, where the text says so."""
    total_re = _patterns()["total"]
    starts = [a.start for a in found]
    same_sentence: dict[tuple[int, int], list[int]] = {}   # each amount's sentence → its amounts
    for j, sent in enumerate(sents):
        same_sentence.setdefault(sent, []).append(j)
    searched, close = -1, -1                  # the last search for ")": from where, what it found
    for i, m in enumerate(found):
        # A parenthesised breakdown right after a total: "589,72 triệu đồng (A: 226,62 …, B: 363,1 …)".
        paren = _OPEN_PAREN.match(text, m.end)
        if paren:
            if not (searched != -1 and searched <= paren.end() and (close == -1 or paren.end() <= close)):
                searched, close = paren.end(), text.find(")", paren.end())
            inner = [j for j in range(i + 1, bisect.bisect_left(starts, close))
                     if close != -1 and found[j].end <= close]
            if inner and sum(found[j].value for j in inner) == m.value:
                for j in inner:
                    parent[j] = i
        # "tổng kinh phí X, trong đó ngân sách nhà nước hỗ trợ Y".
        group = same_sentence[sents[i]]
        for j in group[bisect.bisect_right(group, i):]:
            if parent[j] is not None:
                continue
            between = text[m.end:found[j].start]
            if re.search(r"\btrong\s+đó\b", between, re.I) and found[j].value < m.value \
                    and (total_re.search(text, sents[i][0], m.start) or j == i + 1):
                parent[j] = i
            break
        # The items of a "gồm:" list that sum to the total.
        head = _LIST_HEAD.match(text, m.end)
        if head:
            items = _list_item_amounts(text, head.end(), starts)
            if len(items) >= 2 and sum(found[j].value for j in items) == m.value:
                for j in items:
                    parent[j] = parent[j] if parent[j] is not None else i


def _list_item_amounts(text: str, pos: int, starts: list[int]) -> list[int]:
    """Index of the first amount of each list item that follows ``pos``."""
    out = []
    for line in _LINE.finditer(text, pos, min(len(text), pos + 20000)):
        s, e = line.start(), line.end()
        if not line.group(0).strip():
            continue
        if not _LIST_ITEM.match(line.group(0)):
            break
        j = bisect.bisect_left(starts, s)
        if j == len(starts) or starts[j] >= e:
            return []
        out.append(j)
    return out


def _may_be_in_words(c: str, k: int) -> bool:
    """Whether ``_IN_WORDS`` can match at ``k`` (its "[Bb]ằng" is there): otherwise regex would
    look for that letter through the rest of the text, at every amount."""
    while k < len(c) and c[k] in " \t":
        k += 1
    if k < len(c) and c[k] in "([":
        k += 1
    while k < len(c) and c[k] in " \t":
        k += 1
    return k < len(c) and c[k] in "Bb"


def extract_funding(text: str, issued_on: dt.date | str | None = None) -> list[dict]:
    """Every amount of money in ``text``, with its source, purpose, year and the total it is part of."""
    c = canon_text(text)
    found = _find_amounts(c)
    sents = [sentence_bounds(c, m.start, m.end) for m in found]
    parent: list[int | None] = [None] * len(found)
    _link_parts(c, found, parent, sents)
    headings = outline(c)
    out: list[dict] = []
    for i, m in enumerate(found):
        prev_end = found[i - 1].end if i and sents[i - 1] == sents[i] else sents[i][0]
        words = _IN_WORDS.match(c, m.end) if _may_be_in_words(c, m.end) else None
        in_words = parse_amount_words(words.group("w")) if words else None
        item: dict = {"amount_vnd": m.value, "text": text[m.start:m.end], "in_words_vnd": in_words}
        if in_words is not None:
            item["words_mismatch"] = in_words != m.value
        item["source"] = _source(c, sents[i], prev_end, m)
        p = parent[i]
        item["purpose"] = out[p]["purpose"] if p is not None and p < i and sents[p] == sents[i] \
            else _purpose(text, sents[i][0], m)
        item["year"] = _year(c, headings, sents[i], m.start, issued_on)
        if p is not None:
            item["part_of"] = found[p].value
        if m.unit:
            item["unit"] = m.unit
        item["span"] = [m.start, m.end]
        out.append(item)
    return out
