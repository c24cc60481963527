"""Amounts of money: "30.000.000 đồng", "6,4 tỷ đồng", "2 tỷ 350 triệu đồng", and in words
("Bằng chữ: Sáu tỷ, bốn trăm triệu đồng"), normalised to whole đồng.

Vietnamese writing groups thousands with "." and marks decimals with ","; amounts are computed
with :class:`~decimal.Decimal`, never floats. No installed or PyPI package reads Vietnamese
number words back into numbers (num2words only writes them; viet-itn needs pynini and a web
stack), so :func:`parse_amount_words` is a small reader of its own, and
:func:`amount_in_words` the matching writer.

The public functions are :func:`parse_amount`, :func:`parse_amount_words`,
:func:`format_vnd`, :func:`amount_in_words` and :func:`extract_funding`. Regexes run over
``canon(text)`` (same length as ``text``), so spans are valid in the normalised text.
"""
from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

import regex as re

from . import lexicon
from .normalize import canon, canon_text
from .targets import Outline, headings_above, issued_year, outline, sentence_bounds

# A number as printed: "30.000.000", "589,72", "1.234,5", "6,4".
NUMBER = r"(?<![\p{L}\d.,/])\d+(?:[.,]\d+)*"
_SCALE = r"(?:nghìn|ngàn|triệu|tỷ|tỉ)"
_SCALES = _SCALE + r"(?:[ \t]+" + _SCALE + r")?"
# "đồng" but not "đồng chí", "đồng thời"…; "đ" but not a list letter "đ)".
_CURRENCY = (r"(?:đồng|ĐỒNG|VNĐ|VND|vnđ|Vnđ)(?![\p{L}\d])"
             r"(?![ \t]+(?:chí|bào|thời|ý|bộ|nghiệp|hồ|đội|tâm|hương|dạng|đều|minh|phục|hành|sở|"
             r"tác|chủ|thuận|lòng|cảm|nhất|ca|xu|bằng|ruộng|cỏ|lúa|muối|loạt|trình|nát|thanh|tiền)\b)"
             r"|đ(?![\p{L}\d)])")
AMOUNT_RE = re.compile(
    r"(?P<amount>" + NUMBER + r"(?:[ \t]*" + _SCALES + r")?"
    r"(?:[ \t]+\d+(?:[.,]\d+)?[ \t]*" + _SCALES + r")*)"
    r"(?:[ \t]*(?P<cur>" + _CURRENCY + r"))?")
_PART_RE = re.compile(r"(?P<num>\d+(?:[.,]\d+)*)[ \t]*(?P<scales>" + _SCALES + r")?")
_SCALE_VALUE = {"nghìn": 1000, "ngàn": 1000, "triệu": 10 ** 6, "tỷ": 10 ** 9, "tỉ": 10 ** 9}
# An amount without a currency word counts when it ends in a big scale ("1,5 nghìn tỷ") and the
# sentence talks about money.
_MONEY_CONTEXT = re.compile(r"kinh\s+phí|vốn|ngân\s+sách|tiền|chi\s+phí|đầu\s+tư|doanh\s+thu|"
                            r"giá\s+trị|dự\s+toán|giải\s+ngân|tài\s+trợ|hỗ\s+trợ", re.I)
_NOT_VND = re.compile(r"[ \t]*(?:USD|EUR|đô|Euro|yên|nhân\s+dân\s+tệ|\p{L})", re.I)
_IN_WORDS = re.compile(r"[ \t]*[(\[]?[ \t]*[Bb]ằng[ \t]+chữ[ \t]*:?[ \t]*(?P<w>[^()\[\]\n]{1,200}?)"
                       r"[ \t.]*(?:[)\]]|\n|$)")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-+•*]|[a-zđ][)/]|\d+[)/])[ \t]*", re.M)
_YEAR = re.compile(r"\bnăm[ \t]+(?P<y>(?:19|20)\d\d)\b", re.I)


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
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _amount_value(amount: str) -> int | None:
    total = Decimal(0)
    for part in _PART_RE.finditer(amount):
        value = parse_number(part.group("num"))
        if value is None:
            return None
        for scale in (part.group("scales") or "").split():
            value *= _SCALE_VALUE[scale]
        total += value
    return _whole(total)


def parse_amount(text: str) -> int | None:
    """The first amount in ``text`` in whole đồng: "6,4 tỷ đồng" → 6400000000."""
    c = canon(text)
    for m in AMOUNT_RE.finditer(c):
        if m.group("cur") or re.search(_SCALE + r"[ \t]*$", m.group("amount")) and not _NOT_VND.match(c, m.end()):
            return _amount_value(m.group("amount"))
    return None


def format_vnd(amount: int) -> str:
    """6400000000 → "6.400.000.000 đồng"."""
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(amount):,}".replace(",", ".") + " đồng"


# ----------------------------------------------------------------------------- number words

@cache
def _words() -> dict:
    return lexicon.load("money.json")["number_words"]


_WORD_SCALES = {"tỷ": 10 ** 9, "tỉ": 10 ** 9, "triệu": 10 ** 6, "nghìn": 1000, "ngàn": 1000}


def _below_hundred(tokens: list[str]) -> int | None:
    w = _words()
    digits = w["digits"]
    if tokens and tokens[0] in w["zero_tens"]:
        tokens = tokens[1:]
        if not tokens:
            return None
    if not tokens:
        return 0
    if tokens[0] in w["ten"]:
        if len(tokens) == 1:
            return 10
        if len(tokens) == 2 and tokens[1] in digits and digits[tokens[1]] > 0:
            return 10 + digits[tokens[1]]
        return None
    if tokens[0] not in digits:
        return None
    first = digits[tokens[0]]
    if len(tokens) == 1:
        return first
    if tokens[1] not in w["tens"] or first < 2:
        return None
    if len(tokens) == 2:
        return first * 10
    if len(tokens) == 3 and tokens[2] in digits and digits[tokens[2]] > 0:
        return first * 10 + digits[tokens[2]]
    return None


def _below_thousand(tokens: list[str]) -> int | None:
    hundred = [i for i, t in enumerate(tokens) if t in _words()["hundred"]]
    if not hundred:
        return _below_hundred(tokens)
    i = hundred[0]
    left = tokens[:i]
    if len(left) > 1 or (left and left[0] not in _words()["digits"]):
        return None
    rest = _below_hundred(tokens[i + 1:])
    if rest is None:
        return None
    return (_words()["digits"][left[0]] if left else 1) * 100 + rest


def _read(tokens: list[str]) -> int | None:
    """Scales stack: "một nghìn năm trăm tỷ" is (1 nghìn + 500) tỷ, "một nghìn tỷ một tỷ" 1001 tỷ."""
    stack: list[tuple[int, int]] = []           # (value, scale) of the groups read so far
    buf: list[str] = []
    for token in tokens:
        scale = _WORD_SCALES.get(token)
        if scale is None:
            buf.append(token)
            continue
        if buf:
            value = _below_thousand(buf)
        elif stack:
            value = stack.pop()[0]              # "nghìn tỷ": the scale multiplies the group before
        else:
            value = 1
        if value is None:
            return None
        while stack and stack[-1][1] < scale:
            value += stack.pop()[0]
        stack.append((value * scale, scale))
        buf = []
    rest = _below_thousand(buf) if buf else 0
    if rest is None:
        return None
    return sum(v for v, _ in stack) + rest


def parse_amount_words(text: str) -> int | None:
    """"Sáu tỷ, bốn trăm triệu đồng" → 6400000000; "một trăm linh năm triệu" → 105000000.
    ``None`` when a word is not part of a number."""
    tokens = [t for t in re.findall(r"\p{L}+", canon(text).lower()) if t not in _words()["ignored"]]
    if not tokens:
        return None
    return _read(tokens)


_DIGIT_WORDS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


def _triple_in_words(n: int, full: bool) -> list[str]:
    h, t, u = n // 100, n // 10 % 10, n % 10
    out = [_DIGIT_WORDS[h], "trăm"] if full or h else []
    if t == 0:
        if u and out:
            out.append("linh")
        if u:
            out.append(_DIGIT_WORDS[u])
    elif t == 1:
        out += ["mười"] + (["lăm" if u == 5 else _DIGIT_WORDS[u]] if u else [])
    else:
        out += [_DIGIT_WORDS[t], "mươi"]
        if u:
            out.append({1: "mốt", 5: "lăm"}.get(u, _DIGIT_WORDS[u]))
    return out


def amount_in_words(amount: int) -> str:
    """1005 → "một nghìn không trăm linh năm", the way "Bằng chữ" lines write numbers (below 10^18)."""
    if amount < 0:
        raise ValueError("negative amount")
    if amount == 0:
        return "không"
    return " ".join(_in_words(amount, leading=True))


def _in_words(n: int, leading: bool) -> list[str]:
    if n >= 10 ** 9:
        head, rest = divmod(n, 10 ** 9)
        return _in_words(head, leading) + ["tỷ"] + (_in_words(rest, False) if rest else [])
    out: list[str] = []
    for scale, word in ((10 ** 6, "triệu"), (1000, "nghìn"), (1, "")):
        group = n // scale % 1000
        if group:
            out += _triple_in_words(group, full=not leading) + ([word] if word else [])
            leading = False
    return out


# ----------------------------------------------------------------------------- funding

@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    data = lexicon.load("money.json")
    return {"source": re.compile("|".join(f"(?:{s['pattern']})" for s in data["sources"]), re.I),
            "total": re.compile(data["totals"]["pattern"], re.I),
            "label": re.compile(r"(?<!\p{L})" + data["labels"]["pattern"], re.I)}


def _find_amounts(text: str) -> list[re.Match[str]]:
    out = []
    for m in AMOUNT_RE.finditer(text):
        if m.group("cur"):
            if m.group("cur") == "đ" and not re.search(_SCALE, m.group("amount")) \
                    and parse_number(m.group("amount")) is not None and "." not in m.group("amount"):
                continue                       # "5 đ" is rarely money; "500.000đ" is.
            out.append(m)
        elif re.search(r"(?:triệu|tỷ|tỉ)$", m.group("amount")) and not _NOT_VND.match(text, m.end()):
            s, _ = sentence_bounds(text, m.start(), m.end())
            if _MONEY_CONTEXT.search(text, s, m.start()):
                out.append(m)
    return out


def _source(text: str, sent: tuple[int, int], clause_start: int, m: re.Match[str]) -> str | None:
    before = text[clause_start:m.start()]
    label = re.search(r"(?:^|[(,;]\s*)(?P<l>[Nn]guồn[^:,;()]{0,100}?)\s*:\s*$", before)
    if label:
        return label.group("l").strip()
    after = re.search(r"\(\s*[Nn]guồn(?:\s+vốn)?\s*:\s*(?P<s>[^()]{1,120}?)\s*\)", text[m.end():sent[1] + 1])
    if after:
        return after.group("s").strip()
    found = list(_patterns()["source"].finditer(text, clause_start, m.start()))
    if found:
        return re.sub(r"^(?:từ\s+)", "", found[-1].group(0)).strip()
    return None


def _purpose(text: str, sent_start: int, m: re.Match[str]) -> str | None:
    seg = text[sent_start:m.start()]
    seg = _LIST_ITEM.sub("", seg, count=1)
    seg = seg[seg.rfind("(") + 1:] if seg.count("(") > seg.count(")") else seg
    label = _patterns()["label"].search(seg)
    if label and label.start() > 0:
        seg = seg[:label.start()]
    seg = AMOUNT_RE.sub(lambda a: "" if a.group("cur") else a.group(0), seg)
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


def _link_parts(text: str, found: list[re.Match[str]], values: list[int], parent: list[int | None],
                sents: list[tuple[int, int]]) -> None:
    """Set parent[i] to the index of the total amount i belongs to, where the text says so."""
    total_re = _patterns()["total"]
    for i, m in enumerate(found):
        # A parenthesised breakdown right after a total: "589,72 triệu đồng (A: 226,62 …, B: 363,1 …)".
        paren = re.match(r"[ \t]*\(", text[m.end():])
        if paren:
            close = text.find(")", m.end() + paren.end())
            inner = [j for j in range(i + 1, len(found)) if close != -1 and found[j].end() <= close]
            if inner and sum(values[j] for j in inner) == values[i]:
                for j in inner:
                    parent[j] = i
        # "tổng kinh phí X, trong đó ngân sách nhà nước hỗ trợ Y".
        for j in range(i + 1, len(found)):
            if sents[j] != sents[i] or parent[j] is not None:
                continue
            between = text[m.end():found[j].start()]
            if re.search(r"\btrong\s+đó\b", between, re.I) and values[j] < values[i] \
                    and (total_re.search(text, sents[i][0], m.start()) or j == i + 1):
                parent[j] = i
            break
        # The items of a "gồm:" list that sum to the total.
        tail = text[m.end():text.find("\n", m.end()) if "\n" in text[m.end():] else len(text)]
        if re.search(r"\b(?:gồm|bao\s+gồm|cụ\s+thể|như\s+sau)\s*:\s*$", tail, re.I):
            items = _list_item_amounts(text, m.end() + len(tail), found)
            if len(items) >= 2 and sum(values[j] for j in items) == values[i]:
                for j in items:
                    parent[j] = parent[j] if parent[j] is not None else i


def _list_item_amounts(text: str, pos: int, found: list[re.Match[str]]) -> list[int]:
    """Index of the first amount of each list item that follows ``pos``."""
    out = []
    for line in re.finditer(r"[^\n]*", text[pos:pos + 20000]):
        s, e = pos + line.start(), pos + line.end()
        if not line.group(0).strip():
            continue
        if not _LIST_ITEM.match(line.group(0)):
            break
        first = next((j for j, m in enumerate(found) if s <= m.start() < e), None)
        if first is None:
            return []
        out.append(first)
    return out


def extract_funding(text: str, issued_on: dt.date | str | None = None) -> list[dict]:
    """Every amount of money in ``text``, with its source, purpose, year and the total it is part of."""
    c = canon_text(text)
    found = _find_amounts(c)
    values = [_amount_value(m.group("amount")) for m in found]
    keep = [i for i, v in enumerate(values) if v is not None]
    found, values = [found[i] for i in keep], [values[i] for i in keep]
    sents = [sentence_bounds(c, m.start(), m.end()) for m in found]
    parent: list[int | None] = [None] * len(found)
    _link_parts(c, found, values, parent, sents)
    headings = outline(c)
    out: list[dict] = []
    for i, m in enumerate(found):
        prev_end = found[i - 1].end() if i and sents[i - 1] == sents[i] else sents[i][0]
        words = _IN_WORDS.match(c, m.end())
        in_words = parse_amount_words(words.group("w")) if words else None
        item: dict = {"amount_vnd": values[i], "text": text[m.start():m.end()], "in_words_vnd": in_words}
        if in_words is not None:
            item["words_mismatch"] = in_words != values[i]
        item["source"] = _source(c, sents[i], prev_end, m)
        p = parent[i]
        item["purpose"] = out[p]["purpose"] if p is not None and p < i and sents[p] == sents[i] \
            else _purpose(text, sents[i][0], m)
        item["year"] = _year(c, headings, sents[i], m.start(), issued_on)
        if p is not None:
            item["part_of"] = values[p]
        item["span"] = [m.start(), m.end()]
        out.append(item)
    return out
