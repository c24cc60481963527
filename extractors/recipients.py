"""Addressees and copies: the "Kính gửi" (or công điện "… điện:") list and the "Nơi nhận" list.

Each list is read as items: an inline first item, then "-"/"+" lines, each possibly
hard-wrapped over several lines, the body often following without a blank line. A
recipient item with a shared head is distributed ("Các Sở: Tài chính, Y tế" → "Sở Tài chính",
"Sở Y tế"); the vocabulary is ``data/recipients.json``.
"""
from __future__ import annotations

from functools import cache
from typing import NamedTuple

from . import rx as re

from . import lexicon
from .lines import Line, line_at, starts_body
from .normalize import key
from .titles import authority_re, is_signature_line

_ITEM = re.compile(r"^[-+•*][ \t]*\S|^[-+•][ \t]*$")
_ITEM_MARK = re.compile(r"^[-+•*][ \t]*")
_ITEM_CLOSED = re.compile(r"[;.:]$|\./\.$")
_NOI_NHAN = re.compile(r"^[ \t]*N ?[ơo] ?i[ \t]+nh ?[ậa] ?n[ \t]*:?[ \t]*", re.I | re.M)   # "Nơi nh ận:" (vbpl)


@cache
def _vocab() -> dict:
    return lexicon.load("recipients.json")


@cache
def kinh_gui_re() -> re.Pattern[str]:
    """"Kính gửi:" opening a line, or after the date line of a flattened header
    ("… năm 2019 Kính gửi: Bộ Kế hoạch và Đầu tư.")."""
    alts = "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in _vocab()["cues"]["kinh_gui"])
    return re.compile(rf"(?:^[ \t]*(?i:{alts})[ \t]*:?|(?<=\S[ \t]+)(?:{alts})[ \t]*:)[ \t]*", re.M)


@cache
def dien_re() -> re.Pattern[str]:
    alts = "|".join(re.escape(c) for c in _vocab()["cues"]["dien"])
    return re.compile(rf"^.{{0,80}}?\b(?:{alts})[ \t]*:[ \t]*", re.I | re.M)


# ------------------------------------------------------------------------------- items

def _next_text(lines: list[Line], j: int) -> str:
    for ln in lines[j + 1:j + 3]:
        if ln.text:
            return ln.text
    return ""


def _wraps_on(t: str, following: str, strict: bool) -> bool:
    """Whether line ``t`` continues an open item. Strictly (addressees): a continuation
    that is itself followed by a lowercase line without ending its clause is the first line
    of a body paragraph ("Cục Thuế nhận được công văn số …" / "ngày 13/9/2025 …")."""
    if t.endswith(":") and not t[:1].islower() or starts_body(t) or authority_re().match(t) or is_signature_line(t):
        return False
    if not strict:
        return True
    if t.startswith("("):
        return False
    if following[:1].islower() or following[:1].isdigit():
        return bool(re.search(r"[,;.]$", t))
    return True


class Item(NamedTuple):
    text: str
    start: int
    end: int
    inline: bool       # written on after the cue, not as a "-" line


def collect_block(lines: list[Line], i: int, first: str, strict: bool = False
                  ) -> tuple[list[Item], int]:
    """Items of a list that starts at line i: an inline first item, then "-"/"+" lines, each
    possibly wrapped over several lines. Returns (items with spans, index after the list).
    ``strict`` (addressees) also takes a first item that starts on the next line, stops at
    an address in brackets and keeps the body's first paragraph out."""
    items: list[list] = []
    first = _ITEM_MARK.sub("", first.strip()) if strict else first.strip()
    if first:
        items.append([first, lines[i].end - len(first), lines[i].end, 0, True])
    j = i + 1
    seen_blank = False
    while j < len(lines):
        ln = lines[j]
        if ln.blank:
            seen_blank = True
            j += 1
            continue
        t = ln.text
        if _ITEM.match(t):
            body_text = _ITEM_MARK.sub("", t)
            items.append([body_text, ln.end - len(body_text), ln.end, 0, False])
            seen_blank = False
            j += 1
            continue
        if strict and not items and not starts_body(t) and not t.startswith("(") \
                and not is_signature_line(t):
            items.append([t, ln.start, ln.end, 0, True])      # "Kính gửi:" / "Công ty TNHH …"
            seen_blank = False
            j += 1
            continue
        colon = bool(items) and items[-1][0].rstrip().endswith(":")   # "- Bộ trưởng các Bộ:" ⏎⏎ "Quốc phòng, …"
        prev_open = items and (not _ITEM_CLOSED.search(items[-1][0]) or colon)
        # A hard-wrapped item goes on for a few more short lines; beyond that the text is
        # the body, which often follows "Kính gửi" without a blank line.
        wraps = items[-1][3] if items else 0
        limit = 3 if strict or not (items and items[-1][4]) else 1
        if prev_open and (not seen_blank or colon) and wraps < limit + colon and len(items[-1][0]) + len(t) <= 200 \
                and _wraps_on(t, _next_text(lines, j), strict):
            items[-1][0] += " " + t
            items[-1][2] = ln.end
            items[-1][3] += 1
            seen_blank = False
            j += 1
            continue
        break
    return [Item(it[0], it[1], it[2], it[4]) for it in items], j


def clean_item(s: str) -> str:
    s = re.sub(r"\s+", " ", s).strip()
    return re.sub(r"(?:\./\.|[;,.])+$", "", s).strip()


def _merge_broken(items: list[Item]) -> list[Item]:
    """"- Bí thư tỉnh ủy, Chủ tịch UBND các tỉnh: Gia Lai," / "- Đắk Lắk và Khánh Hòa;": a
    shared-head list that runs on into the next dash item."""
    out: list[Item] = []
    for it in items:
        if out and ":" in out[-1].text and out[-1].text.rstrip().endswith(",") and _only_names(clean_item(it.text)):
            out[-1] = out[-1]._replace(text=out[-1].text + " " + it.text, end=it.end)
        else:
            out.append(it)
    return out


# ------------------------------------------------------------------------ distribution

def _known_name(s: str) -> bool:
    k = key(s)
    return k in lexicon.provinces() or any(k == key(n) for n in lexicon.unit_names())


def _only_names(s: str) -> bool:
    parts = _names(s)
    return bool(parts) and all(_known_name(p) for p in parts)


def _names(rest: str) -> list[str]:
    """"Quốc phòng, Văn hóa, Thể thao và Du lịch, Y tế" → the names, commas inside known
    names kept; "Đắk Lắk và Khánh Hòa" → both."""
    names = sorted(lexicon.unit_names(), key=len, reverse=True)
    out: list[str] = []
    while rest:
        rest = re.sub(r"^(?:[\s,;]+|và\s+)+", "", rest)       # "Tài chính và Xây dựng"
        if not rest:
            break
        hit = next((n for n in names if key(rest[:len(n)]) == key(n)
                    and (len(rest) == len(n) or rest[len(n)] in ",;. ")), None)
        if hit:
            piece, rest = rest[:len(hit)], rest[len(hit):]
        else:
            m = re.search(r"[,;]", rest)
            piece, rest = (rest[:m.start()], rest[m.end():]) if m else (rest, "")
        piece = clean_item(piece)
        both = re.split(r"\s+và\s+", piece)
        if len(both) > 1 and all(_known_name(b) for b in both):
            out.extend(both)
        elif piece:
            out.append(piece)
    return out


@cache
def _person_titles() -> tuple[str, ...]:
    titles = list(_vocab()["person_titles"]) + list(lexicon.load("signature.json")["titles"])
    return tuple(sorted({key(t) for t in titles}, key=len, reverse=True))


def _split_person(head: str) -> tuple[str, str]:
    """"Chủ tịch Ủy ban nhân dân" → ("Chủ tịch", "Ủy ban nhân dân"); "Thành ủy" → ("", …)."""
    k = key(head)
    for t in _person_titles():
        if k == t or k.startswith(t + " "):
            return head[:len(t)].strip(), head[len(t):].strip()
    return "", head.strip()


def _levels(s: str) -> list[str]:
    """"tỉnh, thành phố trực thuộc Trung ương" → ["tỉnh", "thành phố"] when every part is a level."""
    for q in _vocab()["level_qualifiers"]:
        s = re.sub(rf"\s+{re.escape(q)}\s*$", "", s, flags=re.I)
    parts = [key(p) for p in re.split(r"\s*,\s*|\s+và\s+", s) if p.strip()]
    levels = set(lexicon.load("organisations.json")["levels"])
    return parts if parts and all(p in levels for p in parts) else []


@cache
def _address_re() -> re.Pattern[str]:
    alts = "|".join(re.escape(a) for a in _vocab()["address_marks"])
    return re.compile(rf"\s*[(\[]?\s*(?:{alts})\s*:.*$", re.S)


@cache
def _honorific_re() -> re.Pattern[str]:
    alts = "|".join(re.escape(a) for a in _vocab()["honorifics"])
    return re.compile(rf"^(?:{alts})\s+(?=\p{{Lu}})")


def distribute(item: str) -> list[str]:
    """A recipient item with a shared head, one recipient per name after the colon; an
    addressee's postal address left out."""
    item = clean_item(_address_re().sub("", item))
    head, sep, rest = item.partition(":")
    if not sep or not rest.strip() or len(head) > 160:
        return [item]
    m = re.match(r"^(?P<before>.*?)\s*\b(?:[Cc]ác)\s+(?P<after>[^:]+)$", head.strip())
    before, after = (m.group("before"), m.group("after")) if m else (head.strip(), "")
    names = _names(rest)
    if not names:
        return [item]
    heads = [_honorific_re().sub("", h.strip()) for h in re.split(r"\s*,\s*|\s+và\s+", before) if h.strip()]
    levels = _levels(after) if after else []
    if after and not levels:
        # "Các Sở", "Bộ trưởng các Bộ": the plural names the kind of body.
        noun = after.strip()
        if not any(key(noun) == h for h in lexicon.org_heads()):
            return [item]
        person = _split_person(before)[0] if before else ""
        if before and not person:
            return [item]
        out = []
        for n in names:
            body = n if key(n).startswith(key(noun) + " ") else f"{noun[:1].upper()}{noun[1:]} {n}"
            out.append(f"{person} {body}".strip())
        return out
    if not heads:
        return [item]
    if not levels:
        # "Tổng giám đốc: Đài Truyền hình Việt Nam, …": a person's title over whole names.
        if len(heads) != 1 or _split_person(heads[0])[1]:
            return [item]
        return [f"{heads[0]} {n}" for n in names]
    return _by_level(heads, levels, names) or [item]


def _by_level(heads: list[str], levels: list[str], names: list[str]) -> list[str]:
    """"Bí thư Tỉnh ủy, Thành ủy, Chủ tịch UBND các tỉnh, thành phố: A, B": each body of
    each place, a Party committee only for places of its level."""
    committees = {key(c): (c, lv) for c, lv in _vocab()["party_committees"].items()}
    by_level = {lv: c for c, lv in _vocab()["party_committees"].items()}
    resolved: list[tuple[str, str, str | None]] = []   # (person, body, committee level)
    person = ""
    for h in heads:
        p, body = _split_person(h)
        person = p or person
        if not body:
            return []
        c = committees.get(key(body))
        resolved.append((person, c[0] if c else body, c[1] if c else None))
    out = []
    for person, body, level in resolved:
        for n in names:
            prov = lexicon.provinces().get(key(n))
            kind = prov["kind"] if prov and prov["kind"] in levels else levels[0]
            if level is not None:
                # "Bí thư Tỉnh ủy, Thành ủy …": each committee for the places of its level;
                # a city named under "tỉnh ủy" alone has a Thành ủy.
                fits = [lv for p2, b2, lv in resolved if lv is not None and p2 == person]
                if level != kind and kind in fits:
                    continue
                own = body if level == kind or kind not in by_level else by_level[kind]
                out.append(f"{person} {own} {n}".strip())
            else:
                out.append(f"{person} {body} {kind} {n}".strip())
    return out


# ------------------------------------------------------------------------------ finders

def find_recipients(text: str, ctext: str, lines: list[Line], start: int, limit: int, dien: bool
                    ) -> tuple[list[str], list[int] | None]:
    """The addressees after "Kính gửi" (or a công điện's "… điện:" when ``dien``), looked for
    between offsets ``start`` and ``limit``."""
    kg = kinh_gui_re().search(ctext, start, limit)
    if kg:
        li = line_at(lines, kg.end())
        first = text[kg.end():lines[li].end]
    else:
        m = dien_re().search(ctext, start, limit) if dien else None
        if not m:
            return [], None
        li = line_at(lines, m.end())
        first = text[m.end():lines[li].end]         # "THỦ TƯỚNG CHÍNH PHỦ điện: Các Bộ: …"
    run_on = _RUN_ON_BODY.search(first)
    if run_on and run_on.start() > 5:                 # "Kính gửi: Tổng công ty X Phúc đáp Công văn số …" on one line
        first = first[:run_on.start()]
    items, _ = collect_block(lines, li, first, strict=True)
    items = _merge_broken(items)
    out: list[str] = []
    for it in items:
        for part in _top_level(it.text):             # "- Bộ trưởng; Thủ trưởng cơ quan ngang Bộ, …;" too
            out.extend(distribute(clean_item(_ITEM_MARK.sub("", part.strip()))))
    span = [items[0].start, items[-1].end] if items else None
    return [r for r in out if r], span


# The body's first words run on after an addressee on the same line (a flattened web copy).
_RUN_ON_BODY = re.compile(r"(?<=[\p{L}\d)])\s+(?=(?:Phúc\s+đáp|Trả\s+lời|Thực\s+hiện|Căn\s+cứ|Theo\s+đề\s+nghị|"
                          r"Tiếp\s+theo|Xét\s+đề\s+nghị)\s)")


def _top_level(item: str) -> list[str]:
    """An inline list "A; B; C" split at semicolons outside brackets."""
    out, depth, last = [], 0, 0
    for i, ch in enumerate(item):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch == ";" and depth == 0:
            out.append(item[last:i])
            last = i + 1
    out.append(item[last:])
    return [p for p in out if p.strip()]


def find_cc(text: str, ctext: str, lines: list[Line]) -> tuple[list[str], list[int] | None]:
    """Each line of the last "Nơi nhận" list, as printed."""
    nn = None
    for m in _NOI_NHAN.finditer(ctext):
        nn = m
    if not nn:
        return [], None
    li = line_at(lines, nn.end())
    first = text[nn.end():lines[li].end]
    if authority_re().match(first) or is_signature_line(first.strip()):
        first = ""
    items, _ = collect_block(lines, li, first)
    cc = [c for c in (clean_item(it.text) for it in items) if c]
    return cc, ([items[0].start, items[-1].end] if items else None)
