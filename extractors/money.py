"""Amounts of money: "30.000.000 đồng", "6,4 tỷ đồng", "2 tỷ 350 triệu đồng", and table cells
under a money unit ("Đơn vị tính: triệu đồng"), normalised to whole đồng; the funding records
of a document (source, purpose, year, the total an amount is part of).

Vietnamese writing groups thousands with "." and marks decimals with ","; amounts are computed
with :class:`~decimal.Decimal`, never floats. Currencies and scales come from
``data/money.json``; amounts in words are read by :mod:`.money_words`, table cells by
:mod:`.money_cells`.

The public functions are :func:`parse_amount`, :func:`parse_amount_words`,
:func:`format_vnd`, :func:`amount_in_words` and :func:`extract_funding`. Regexes run over
``canon(text)`` (same length as ``text``), so spans are valid in the normalised text.
"""
from __future__ import annotations

import bisect
import datetime as dt
from decimal import Decimal
from functools import cache

from . import rx as re

from . import lexicon
from .money_cells import LINE as _LINE, Amount as _Amount, alternatives as _alternatives, parse_number, \
    table_cells, unit_cells, whole as _whole
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
    cells = table_cells(text)
    taken = {(a.start, a.end) for a in cells}
    cells += [a for a in unit_cells(text) if (a.start, a.end) not in taken]
    if cells:
        out = sorted(out + cells, key=lambda a: a.start)
    return out


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
