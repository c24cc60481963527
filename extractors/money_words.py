"""Amounts written in words, the way "Bằng chữ" lines write them: "Sáu tỷ, bốn trăm triệu
đồng" → 6400000000, and back (:func:`amount_in_words`).

No installed or PyPI package reads Vietnamese number words back into numbers (num2words only
writes them; viet-itn needs pynini and a web stack), so this is a small reader of its own. The
words (digits, "mươi", "trăm", "linh/lẻ", the scales "nghìn/triệu/tỷ") come from
``data/money.json``.
"""
from __future__ import annotations

from functools import cache

from . import rx as re

from . import lexicon
from .normalize import canon


@cache
def _words() -> dict:
    return lexicon.load("money.json")["number_words"]


@cache
def scale_values() -> dict[str, int]:
    """Each scale word and alias of ``money.json`` ("nghìn", "ngàn", "triệu", "tỷ", "tỉ") → its value."""
    return {w: s["value"] for s in lexicon.load("money.json")["scales"] for w in [s["word"], *s["aliases"]]}


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
        scale = scale_values().get(token)
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
