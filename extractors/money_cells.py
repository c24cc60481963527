"""Amounts read from the cells of a table that tvpl and vbpl texts flatten to one cell per line:
cells under a money unit said once ("Đơn vị tính: triệu đồng", "(Đơn vị: đồng/tháng)", "Mức
chi (1.000đ)"), and cells after a row's own unit ("Đồng/biên chế ⏎ /năm ⏎ 95.000.000"); with the
number reading and the amount record that :mod:`extractors.money` shares."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from . import rx as re

from . import lexicon
from .money_words import scale_values

def alternatives(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"[ \t]+") for w in sorted(words, key=len, reverse=True))


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


def whole(value: Decimal) -> int:
    # to_integral_value, not quantize: quantize raises past 28 digits (a fuzzed
    # "10000000000000000000000000000" crashed the whole extraction)
    return int(value.to_integral_value(rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Amount:
    """One amount read: where, its value in đồng, and the per-unit part of its currency
    ("đồng/người/tháng"), if any."""
    start: int
    end: int
    value: int
    unit: str | None = None


LINE = re.compile(r"[^\n]*")


# ------------------------------------------------------------------------- table cells
# tvpl and vbpl texts flatten a table to one cell per line; a money table says its unit once,
# in a line of its own or a column head: "Đơn vị tính: triệu đồng", "(Đơn vị: đồng/tháng)",
# "Mức chi (1.000đ)", "Thành tiền (đồng)".

@cache
def _table_patterns() -> dict[str, re.Pattern[str]]:
    t = lexicon.load("money.json")["table_units"]
    scale = alternatives([*scale_values(), *t["thousand_forms"]])
    cur = r"(?:đồng|đ|VNĐ|VND)(?!\p{L})"
    unit = r"(?P<scale>" + scale + r")?[ \t]*" + cur + r"(?P<per>[ \t]*/[^\n)]{1,40})?"
    return {
        "header": re.compile(r"^(?:[^\n]{0,80}?(?:" + t["label"] + r")[ \t]*:?[ \t]*" + unit + r"[ \t]*\)?[ \t]*[.;]?[ \t]*$"
                             r"|[^\n]{0,200}?\([ \t]*(?:(?:" + t["label"] + r")[ \t]*:?[ \t]*)?" + unit
                             + r"[ \t]*\)[ \t]*[.;]?[ \t]*$)",
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


def table_cells(text: str) -> list[Amount]:
    """Cells holding only a number in a table whose unit is money, scaled by that unit.
    A grouped number ("5.310.000") is a cell; an ungrouped one ("250", "12,5") only in a
    scaled table, when the next line is not a row title (a row number is followed by its title
    in capitals) and not in a run of consecutive numbers ("1", "2", "3": row or column numbers),
    nor when a column head after the money one names another unit ("Thuế suất (%)",
    "Gạo (kg/năm)"). Rows labelled as a rate ("Tỷ lệ phần trăm (%)") hold no money."""
    tp = _table_patterns()
    out: list[Amount] = []
    headers = [h for h in tp["header"].finditer(text) if not tp["not_header"].search(h.group(0))]
    for k, h in enumerate(headers):
        stop = tp["end"].search(text, h.end())
        limit = min(stop.start() if stop else len(text),
                    headers[k + 1].start() if k + 1 < len(headers) else len(text))
        factor = _table_factor(h.group("scale"))
        columns = k + 1 < len(headers) and headers[k + 1].start() - h.end() < 300 \
            or k and h.start() - headers[k - 1].end() < 300
        unit = None if columns or not h.group("per") else "đồng" + re.sub(r"\s+", "", h.group("per"))
        lines = [(m.start(), m.group(0)) for m in LINE.finditer(text, h.end(), limit) if m.group(0).strip()]
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
                        out.append(Amount(pos + bracket.start(g), pos + bracket.end(g),
                                           whole(value * factor), unit))
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
                out.append(Amount(pos + cell.start("n"), pos + cell.end("n"), whole(value * factor), unit))
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


# A row that says its own money unit in a cell before the amount ("Định mức" column under "Đơn vị
# tính" of an HĐND allocation table): "Đồng/biên chế ⏎ /năm ⏎ 95.000.000", "Triệu đồng/xã ⏎ 350".
@cache
def _unit_cell() -> re.Pattern[str]:
    scale = alternatives(list(scale_values()))
    return re.compile(r"[ \t]*(?P<scale>" + scale + r")?[ \t]*(?i:đồng|VNĐ|VND)(?P<per>[ \t]*/[^\n\d]{1,40})?[ \t]*", re.I)


def unit_cells(text: str) -> list[Amount]:
    out: list[Amount] = []
    if not re.search(r"^[ \t]*(?:\p{L}+[ \t]+)?(?i:đồng|VNĐ|VND)[ \t]*/", text, re.M):
        return out                                   # no row with its own unit (most documents)
    lines = [(m.start(), m.group(0)) for m in LINE.finditer(text) if m.group(0).strip()]
    for i, (_, line) in enumerate(lines):
        unit = _unit_cell().fullmatch(line)
        if not unit:
            continue
        per = unit.group("per") or ""
        j = i + 1
        while j < len(lines) and re.fullmatch(r"[ \t]*/[^\n\d]{1,30}", lines[j][1]):
            per += lines[j][1]                       # "Đồng/biên chế ⏎ /năm": the unit wrapped
            j += 1
        if j >= len(lines):
            break
        pos, nxt = lines[j]
        cell = _CELL.fullmatch(nxt)
        if not cell or "." not in cell.group("n") and not unit.group("scale"):
            continue                                 # an ungrouped number is money only with a scale
        value = parse_number(cell.group("n"))
        if value:
            factor = scale_values().get(unit.group("scale").lower(), 1) if unit.group("scale") else 1
            out.append(Amount(pos + cell.start("n"), pos + cell.end("n"), whole(value * factor),
                               "đồng" + re.sub(r"\s*/\s*", "/", re.sub(r"\s+", " ", per.strip())) if per else None))
    return out
