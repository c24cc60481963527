"""Writing organisation names, titles and places in normal case.

Header lines are printed in capitals ("ỦY BAN NHÂN DÂN HUYỆN KBANG"); the contract wants the
normal-case form that Nghị định 30/2020 (Phụ lục II) prescribes: the unit's kind with its first
letter capitalised, the first letter of each word of a proper name, and the first syllable
of each field of a department's name ("Sở Nông nghiệp và Phát triển nông thôn").
"""
from __future__ import annotations

from functools import cache

from . import rx as re

from . import lexicon
from .normalize import key

_VOWELS = set("aăâeêioôơuưyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


def is_upper_text(s: str, share: float = 0.8) -> bool:
    """Mostly capital letters (a header line, a title line)."""
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= share * len(letters)


def is_abbreviation(word: str) -> bool:
    """"PTNT", "NN", "UBND", "HĐND", "MTQG", "TP." — capitals that are not a syllable."""
    w = word.strip(".,;:()")
    if len(w) < 2 or not w.isupper():
        return False
    vowels = sum(c.lower() in _VOWELS for c in w)
    return vowels == 0 or w in {"UBND", "HĐND", "OCOP", "MTQG", "KBNN", "BHXH", "VPUB", "TNHH", "HTX"}


def _cap(word: str) -> str:
    return word[:1].upper() + word[1:] if word else word


@cache
def _levels() -> tuple[str, ...]:
    return tuple(sorted(lexicon.load("organisations.json")["levels"], key=len, reverse=True))


@cache
def _fixed_patterns() -> list[tuple[re.Pattern[str], str]]:
    words = list(lexicon.load("organisations.json")["fixed_case"]) + lexicon.unit_names()
    words = sorted(set(words), key=len, reverse=True)
    return [(re.compile(r"(?<!\w)" + re.escape(key(w)) + r"(?!\w)", re.I), w) for w in words]


def _title_words(words: list[str]) -> list[str]:
    return [_cap(w) for w in words]


def _apply_fixed(s: str) -> str:
    """Known names and fixed-case words keep their spelling ("Việt Nam", "Công Thương")."""
    low = key(s)
    if len(low) != len(s):
        return s
    chars = list(s)
    for pat, spelled in _fixed_patterns():
        for m in pat.finditer(low):
            chars[m.start():m.end()] = list(spelled)
    return "".join(chars)


def _place_case(words: list[str]) -> list[str]:
    return [w if is_abbreviation(w) else _cap(w.lower()) for w in words]


def org_case(s: str) -> str:
    """"ỦY BAN NHÂN DÂN HUYỆN KBANG" → "Ủy ban nhân dân huyện Kbang";
    "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN" → "Sở Nông nghiệp và Phát triển nông thôn"."""
    s = re.sub(r"\s+", " ", s).strip()
    if not s or not is_upper_text(s):
        return s
    words = s.split(" ")
    lowered = [w if is_abbreviation(w) else w.lower() for w in words]
    text_low = " ".join(lowered)
    head = next((h for h in lexicon.org_heads() if key(text_low).startswith(h + " ") or key(text_low) == h), "")
    n_head = len(head.split()) if head else 1
    out = [_cap(lowered[0])] + lowered[1:n_head]
    rest = lowered[n_head:]
    i = 0
    new_field = True
    while i < len(rest):
        w = rest[i]
        two = " ".join(rest[i:i + 2])
        level = next((lv for lv in _levels() if key(two).startswith(lv) and
                      (key(two) == lv or key(" ".join(rest[i:i + len(lv.split())])) == lv)), None)
        if level:
            n = len(level.split())
            out += rest[i:i + n]
            out += _place_case(rest[i + n:])
            break
        if w in {"và", "-", ","} or w.endswith(","):
            out.append(w)
            new_field = True
            i += 1
            continue
        out.append(_cap(w) if new_field and not is_abbreviation(w) else w)
        new_field = False
        i += 1
    return _apply_fixed(" ".join(out))


@cache
def _titles() -> dict[str, str]:
    return {key(t): t for t in lexicon.load("signature.json")["titles"]}


def title_case(s: str) -> str:
    """"PHÓ CHỦ TỊCH" → "Phó Chủ tịch"; unknown titles: first letter (and the one after
    "Phó") capitalised."""
    s = re.sub(r"\s+", " ", s).strip()
    known = _titles().get(key(s))
    if known:
        return known
    if not is_upper_text(s):
        return s
    words = [w if is_abbreviation(w) else w.lower() for w in s.split(" ")]
    words[0] = _cap(words[0])
    if words[0] == "Phó" and len(words) > 1:
        words[1] = _cap(words[1])
    return _apply_fixed(" ".join(words))


def authority_case(s: str) -> str:
    """"KT. CHỦ TỊCH" → "KT. Chủ tịch"; "TM. ỦY BAN NHÂN DÂN HUYỆN" → "TM. Ủy ban nhân dân huyện"."""
    marks = "|".join(lexicon.authority_marks())
    m = re.match(rf"\s*({marks})\s*\.\s*(.*)$", s, re.S)
    if not m:
        return s.strip()
    mark, rest = m.group(1), m.group(2).strip()
    rest_key = key(rest)
    if rest_key in _titles() or not any(rest_key.startswith(h) for h in lexicon.org_heads()):
        return f"{mark}. {title_case(rest)}"
    return f"{mark}. {org_case(rest)}"


def sentence_case(s: str) -> str:
    """An all-capitals title or subject in sentence case, keeping abbreviations, known names
    and place names after an administrative level word."""
    if not is_upper_text(s):
        return s
    words = s.split(" ")
    out: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        out.append(w if is_abbreviation(w) else w.lower())
        i += 1
    text = " ".join(out)
    text = _cap(text)
    return _recap_places(_apply_fixed(text))


def _recap_places(text: str) -> str:
    """"tỉnh quảng ngãi" → "tỉnh Quảng Ngãi" for every known province name."""
    low = key(text)
    if len(low) != len(text):
        return text
    chars = list(text)
    for name_key, p in lexicon.provinces().items():
        for m in re.finditer(r"(?<!\w)" + re.escape(name_key) + r"(?!\w)", low):
            if len(name_key) == len(p["name"]) and key(p["name"]) == name_key:
                chars[m.start():m.end()] = list(p["name"])
            else:
                chars[m.start():m.end()] = list(" ".join(_title_words(text[m.start():m.end()].split(" "))))
    return "".join(chars)
