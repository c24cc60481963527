"""The signature block: delegation marks, the signer's title and name.

Nghị định 30/2020 (Điều 13) prints it as "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH"
/ signature / "Nguyễn Văn A". Web copies break it: every line hard-wrapped ("TM. ỦY BAN" /
"NHÂN DÂN", "Lê Hải" / "Hòa"), stray spaces inside words ("PHÓ TH Ủ TƯỚNG"), a "(Đã ký)" line
where the signature was, or the whole block flattened onto the end of the "Nơi nhận" line.
The vocabulary of marks and titles is :mod:`.titles`; the words that are never part of a
name are in ``data/signature.json`` too.
"""
from __future__ import annotations

from functools import cache

from . import rx as re

from . import lexicon
from .lines import VOWELS, Line, close_gaps
from .names import is_upper_text, title_case
from .normalize import key
from .titles import (authority_of, authority_re, authority_rest, is_org, is_qualifier,
                     is_signature_line, signed_mark_re, title_of, title_of_body, titled, unmarked,
                     vocab)

# Ranks and degrees printed before a signer's name ("Đại tướng Lương Tam Quang", "TS. …").
_NAME_PREFIX = re.compile(r"^(?:(?:Đại|Thượng|Trung|Thiếu)\s+(?:tướng|tá|úy)|GS\.|PGS\.|TS\.|ThS\.|"
                          r"BS\.|KS\.|Ths\.)[ \t]*(?:TS\.|ThS\.)?[ \t]*", re.I)
_NAME = re.compile(r"^(?:\p{Lu}[\p{Ll}]{0,7}\.?)(?:[ \t]+\p{Lu}[\p{Ll}]{0,7}){1,5}$")
_NAME_CAPS = re.compile(r"^\p{Lu}{1,8}(?:[ \t]+\p{Lu}{1,8}){1,5}$")


@cache
def _not_names() -> tuple[frozenset[str], tuple[str, ...]]:
    v = vocab()["not_names"]
    return frozenset(key(w) for w in v["words"]), tuple(key(p) for p in v["phrases"])


def clean_name(t: str) -> str:
    """Rank prefix and closing dot removed, syllables split by stray spaces (vbpl copies)
    closed: "Tr ần Hồng Hà", "Tr ầ n Thanh M ẫ n" → "Trần Hồng Hà", "Trần Thanh Mẫn"."""
    t = _NAME_PREFIX.sub("", t.strip()).rstrip(".")
    out: list[str] = []
    for w in t.split():
        if out and w[0].islower() and out[-1].isalpha() and (
                len(w) <= 2 or not any(c in VOWELS for c in out[-1].lower())):
            out[-1] += w
        else:
            out.append(w)
    return " ".join(out)


def is_name(t: str) -> bool:
    t = clean_name(t)
    if ":" in t or not (_NAME.match(t) or _NAME_CAPS.match(t)):
        return False
    k = key(t)
    if title_of(t) is not None or any(k.startswith(h + " ") for h in lexicon.signer_titles()):
        return False
    words, phrases = _not_names()
    return not any(w in words for w in k.split()) and not any(p in k for p in phrases)


def _same_style(a: str, b: str) -> bool:
    return a.isupper() == b.isupper()


def _name_at(lines: list[Line], k: int) -> Line | None:
    """The signer's name starting at line k, joined with its wrapped part ("Nguyễn" / "Văn
    Khởi", "Lê Hải" / "Hòa")."""
    t = lines[k].text
    nxt = lines[k + 1] if k + 1 < len(lines) else None
    if nxt is not None and nxt.text and (_same_style(t, nxt.text) or nxt.text[:1].islower()):
        joined = t + " " + nxt.text
        # "Nguyễn" / "Văn Khởi", "Đại" / "tướng Nguyễn Tân Cương", "Lê Hải" / "Hòa",
        # "Nguyễn Thị" / "Ngọc Điệp".
        a, b = len(t.split()), len(nxt.text.split())
        if is_name(joined) and (a == 1 or b == 1 or a + b <= 4):
            return Line(lines[k].start, nxt.end, joined)
    return lines[k] if is_name(t) else None


def _split_title_tail(line: str) -> tuple[str, str | None]:
    """"KT. TRƯỞNG BAN GIÁM SÁT QUẢN LÝ VỀ HQ PHÓ TRƯỞNG BAN" → the delegation line and the
    deputy's title printed at its end."""
    words = line.split()
    for n in range(min(5, len(words) - 2), 0, -1):
        tail = " ".join(words[-n:])
        if key(tail).startswith(("phó ", "thứ trưởng")) and title_of(tail):
            return " ".join(words[:-n]), tail
    return line, None


def _group(lines: list[Line], i: int) -> tuple[list[str], int]:
    """The delegation and title lines of the block starting at line i; index after them."""
    group: list[str] = []
    j, n = i, len(lines)
    auth = authority_re()
    skipped = 0
    while j < n:
        t = lines[j].text
        if not t or (group and _other_column(t) and skipped < 15):
            skipped += bool(t)            # the "Nơi nhận" column interleaved with the block
            j += 1
            continue
        last = group[-1] if group else ""
        if group and re.search(r"(?:,|\bVÀ)$", last) and is_upper_text(t, 0.9) \
                and len(t) < 60 and not auth.match(t):
            group[-1] += " " + t          # "KT. BỘ TRƯỞNG," / "CHỦ NHIỆM"; "… CHÍNH SÁCH," / "THUẾ QUỐC TẾ"
        elif group and not auth.match(last) and is_qualifier(t):
            group[-1] += " " + t          # "THỨ TRƯỞNG" / "THƯỜNG TRỰC"
        elif is_signature_line(t) or titled(t) or ((group or j == i) and title_of(t) and len(t) < 40):
            group.append(t)                   # … "Phó Thống Đốc" in normal case
        elif (group and auth.match(last) and is_upper_text(t, 0.9) and len(t) < 60
              and not is_name(t)):
            if title_of(authority_rest(last)) is None or is_org(t):
                # "KT. BỘ TRƯỞNG" / "BỘ CÔNG AN" (a joint document) names whose minister.
                # "TM. ỦY BAN NHÂN" / "DÂN", "KT. TRƯỞNG BAN GIÁM SÁT QUẢN LÝ" / "VỀ HQ PHÓ
                # TRƯỞNG BAN": a delegation line wrapped onto the next line.
                group[-1] += " " + t
            else:
                group.append(t)           # "TL. CỤC TRƯỞNG" / "TRƯỞNG BAN GIÁM SÁT …"
        else:
            break
        j += 1
    out: list[str] = []
    for g in group:
        if auth.match(g):
            head, tail = _split_title_tail(g)
            out += [head, tail] if tail else [g]
        else:
            out.append(g)
    return out, j


def _signer(group: list[str], name_line: Line) -> dict:
    auth = authority_re()
    authorities = [g for g in group if auth.match(g)]
    titles = [g for g in group if not auth.match(g)]
    prefix = _NAME_PREFIX.match(name_line.text)
    signer: dict = {"name": clean_name(name_line.text), "title": None, "authority": None}
    if prefix and prefix.group(0).strip():
        signer["rank"] = prefix.group(0).strip()
    if signer["name"].isupper():
        signer["name"] = " ".join(w.capitalize() for w in signer["name"].split())
    if titles:
        signer["title"] = title_of(titles[-1]) or title_of_body(titles[-1]) or title_case(close_gaps(titles[-1]))
    if authorities:
        ordered = [authority_of(a) for a in reversed(authorities)]
        signer["authority"] = ordered[0]
        if len(ordered) > 1:
            signer["authorities"] = ordered
    return signer


_OTHER_COLUMN = re.compile(r"^(?:[-+•][ \t]|N[ơo]i[ \t]+nh[ậa]n\b)", re.I)


def _other_column(t: str) -> bool:
    """A line of the "Nơi nhận" list, which flattened copies interleave with the signature
    block beside it."""
    return bool(_OTHER_COLUMN.match(t))


def _plain_title(lines: list[Line], i: int) -> bool:
    """A title in normal case ("Bộ trưởng") standing over a signed mark."""
    t = lines[i].text
    if len(t) > 40 or not t[:1].isupper():
        return False
    nxt = next((ln.text for ln in lines[i + 1:i + 3] if ln.text), "")
    return bool(signed_mark_re().match(nxt)) and title_of(t) is not None


def _unwrap_titles(lines: list[Line]) -> list[Line]:
    """Titles and delegation marks hard-wrapped over two lines ("CHỦ" / "TỊCH", "PHÓ" /
    "TRƯỞNG BAN", "TỔNG KIỂM TOÁN NHÀ" / "NƯỚC", "TM." / "ỦY BAN NHÂN DÂN") on one line."""
    out: list[Line] = []
    i = 0
    lines = [unmarked(ln) if "(" in ln.text or "[" in ln.text else ln for ln in lines]
    n = len(lines)
    while i < n:
        ln = lines[i]
        if not 0 < len(ln.text) < 40 or not ln.text.isupper():
            out.append(ln)
            i += 1
            continue
        nxt = lines[i + 1] if i + 1 < n else None
        if (nxt is not None and 0 < len(nxt.text) < 40
                and nxt.text.isupper()
                and not is_signature_line(ln.text) and not authority_re().match(nxt.text)):
            joined = ln.text + " " + nxt.text
            if is_signature_line(joined):
                out.append(Line(ln.start, nxt.end, joined))
                i += 2
                continue
        out.append(ln)
        i += 1
    return out


def _may_start(lines: list[Line], i: int) -> bool:
    """Whether a block starts at line i (a title, a mark, or the first half of a wrapped
    one), tested before the window is unwrapped."""
    t = lines[i].text
    if not t or len(t) > 90 or not t[:1].isupper():
        return False
    if "(" in t or "[" in t:
        t = unmarked(lines[i]).text
    if is_signature_line(t):
        return True
    if len(t) < 40 and t.isupper() and i + 1 < len(lines):
        nxt = lines[i + 1].text
        if 0 < len(nxt) < 40 and nxt.isupper() and is_signature_line(t + " " + nxt):
            return True
    return _plain_title(lines, i)


_WINDOW = 60     # lines a signature block with the "Nơi nhận" column beside it may span


def find_signer(lines: list[Line], after: int) -> tuple[dict, list[int] | None]:
    """The first signature block after the header: authority lines (TM./KT./TL./TUQ./Q.),
    the title, then the signer's name within a few lines."""
    for i in range(after, len(lines)):
        if not _may_start(lines, i):
            continue
        window = _unwrap_titles(lines[i:i + _WINDOW])
        found = _block_at(window)
        if found:
            return found
    return _flattened(lines, after)


def _block_at(lines: list[Line]) -> tuple[dict, list[int]] | None:
    """The signer of the block that starts at the first of ``lines``, if it is one and has
    a name."""
    if not (is_signature_line(lines[0].text) or _plain_title(lines, 0)):
        return None
    n = len(lines)
    mark = signed_mark_re()
    group, j = _group(lines, 0)
    k, looked, skipped = j, 0, 0
    while k < n and looked < 8:
        t = lines[k].text
        if t and _other_column(t) and skipped < 15:
            skipped += 1
        elif t:
            looked += 1
            name_line = _name_at(lines, k)
            if name_line:
                return _signer(group, name_line), [name_line.start, name_line.end]
            if not mark.match(t):
                return None
        k += 1
    return None


@cache
def _flat_re() -> re.Pattern[str]:
    titles = sorted({t.upper() for t in vocab()["titles"]}, key=len, reverse=True)
    alts = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in titles)
    return re.compile(rf"(?:^|\s)(?P<title>(?:{alts})(?:\s*,\s*(?:{alts}))*)\s+(?:[\[(][^\])\n]{{1,12}}[\])]\s+)?"
                      r"(?P<name>\p{Lu}\p{Ll}{0,7}(?:\s+\p{Lu}\p{Ll}{0,7}){1,4})\s*$")


def _flattened(lines: list[Line], after: int) -> tuple[dict, list[int] | None]:
    """No block on lines of its own: the block flattened onto the end of the last line ("…
    - Lưu: VT. BỘ TRƯỞNG, CHỦ NHIỆM Mai Tiến Dũng"), or a name alone on the last line."""
    signer = {"name": None, "title": None, "authority": None}
    tail = [ln for ln in lines[after:] if ln.text][-6:]
    for ln in reversed(tail):
        m = _flat_re().search(ln.text)
        if m and is_name(m.group("name")):
            signer["name"] = clean_name(m.group("name"))
            signer["title"] = title_of(m.group("title"))
            marks = "|".join(re.escape(x) for x in lexicon.authority_marks())
            auth = re.search(rf"(?:^|\s)((?:{marks})\.[ \t]*[\p{{Lu}}][\p{{Lu}} ,]*?)[ \t]*$", ln.text[:m.start("title")])
            if auth:
                signer["authority"] = authority_of(auth.group(1))    # "… KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC Tên"
            return signer, [ln.start + m.start("name"), ln.start + m.end("name")]
    if tail and is_name(tail[-1].text):
        signer["name"] = clean_name(tail[-1].text)
        return signer, [tail[-1].start, tail[-1].end]
    for ln in reversed(tail):
        name = tail_name(ln.text)
        if name:                                     # a scan: the name merged into a "Nơi nhận" line
            k = ln.text.rindex(name)
            signer["name"] = name
            return signer, [ln.start + k, ln.start + k + len(name)]
    return signer, None


def tail_name(line: str) -> str | None:
    """The signer's name at the end of an OCR'd line that holds something else too: three or
    four capitalised words that start with a family name (``data/signature.json`` surnames)."""
    m = re.search(r"(?<![\p{L}])(\p{Lu}\p{Ll}+(?:[ \t]+\p{Lu}\p{Ll}*){2,3})[ \t.|\]_'\"°,;:!]*$", line)   # OCR: "… Phớc |"
    if not m or m.group(1).split()[0] not in _surnames() or not is_name(m.group(1)) \
            or key(m.group(1)) in lexicon.provinces():       # "… Thành phố Hồ Chí Minh"
        return None
    return m.group(1)


@cache
def _surnames() -> frozenset[str]:
    return frozenset(lexicon.load("signature.json")["surnames"]["words"])
