"""The issuing body: the header's left column ("ỦY BAN NHÂN DÂN" / "HUYỆN KBANG"), or, when
the header lines are missing, the body the symbol's abbreviation names."""
from __future__ import annotations

from functools import cache

from . import rx as re

from . import lexicon
from .lines import MOTTO, SECRECY, SEPARATOR, URGENCY, Line, close_gaps, mask
from .names import is_upper_text, org_case
from .normalize import key
from .symbols import issuer_code

# Heads that are a whole unit's name by themselves.
_WHOLE_NAMES = {"chính phủ", "quốc hội"}


def issuer_units(text: str, ctext: str, lines: list[Line], stop_at: int) -> list[str]:
    """The header's left column: capitalised lines above the number/title, motto and rules
    removed, grouped into units ("ỦY BAN NHÂN DÂN" + "HUYỆN KBANG" is one unit)."""
    head, chead = text[:stop_at], ctext[:stop_at]
    masked = mask(chead, MOTTO)
    # Same length as the header: motto blanked, original spelling kept everywhere else.
    masked = "".join(t if m != " " or c == " " else " " for t, m, c in zip(head, masked, chead))
    pieces: list[tuple[str, int, int]] = []
    for ln in lines:
        if ln.start >= stop_at:
            break
        seg = masked[ln.start:min(ln.end, stop_at)].strip()
        if not seg or SEPARATOR.match(seg):
            continue
        k = key(seg)
        if k in URGENCY or k in SECRECY:
            continue
        # Stop at the first line that is not part of a capitalised header column.
        if not is_upper_text(seg):
            if pieces:
                break
            continue
        for part in re.split(r" {3,}", seg):
            part = close_gaps(part.strip(" -_"))
            if part and not SEPARATOR.match(part):
                pieces.extend((p, ln.start, ln.end) for p in split_flat(part))
    heads = _heads()
    units: list[list] = []
    for piece, s, e in pieces:
        k = key(piece)
        starts_unit = any(k == h or k.startswith(h + " ") for h in heads)
        if units and starts_unit:
            prev = key(units[-1][0])
            joined = _head_of(prev + " " + k)
            # "ỦY" + "BAN NHÂN DÂN …" and "VĂN PHÒNG" + "CHÍNH PHỦ" continue one name: the
            # previous piece is only (part of) a head, not a whole unit.
            if (len(joined) > len(prev) or (prev in heads and prev not in _WHOLE_NAMES)):
                starts_unit = False
        if starts_unit or not units:
            units.append([piece, s, e])
        else:
            units[-1][0] += " " + piece
            units[-1][2] = e
    return [u[0] for u in units]


@cache
def _heads() -> tuple[str, ...]:
    """Organisation heads, and offices that issue in their own name ("chủ tịch ủy ban nhân
    dân"), longest first."""
    persons = [key(p) for p in lexicon.load("organisations.json")["issuing_persons"]]
    heads = lexicon.org_heads()
    return tuple(sorted([*heads, *(f"{p} {h}" for p in persons for h in heads)], key=len, reverse=True))


def _whole_unit(k: str) -> bool:
    """A head with a name that completes it: "bộ tài chính", "ủy ban nhân dân tỉnh quảng ngãi"."""
    head = next((h for h in lexicon.org_heads() if k.startswith(h + " ")), None)
    if head is None:
        return False
    rest = k[len(head) + 1:]
    if any(rest == key(n) for n in lexicon.unit_names()):
        return True
    level, _, place = rest.partition(" ")
    if level == "thành" and place.startswith("phố "):
        level, place = "thành phố", place[4:]
    return level in {"tỉnh", "thành phố"} and place in lexicon.provinces()


def split_flat(piece: str) -> list[str]:
    """A header column flattened onto one line, cut into its units: "ỦY BAN NHÂN DÂN TỈNH
    QUẢNG NGÃI SỞ Y TẾ" → the two; only after a unit whose name is known to be complete."""
    words = piece.split()
    for n in range(2, len(words) - 1):
        left, right = " ".join(words[:n]), " ".join(words[n:])
        kr = key(right)
        if any(kr.startswith(h + " ") for h in lexicon.org_heads()) and _whole_unit(key(left)):
            return [left, *split_flat(right)]
    return [piece]


def _head_of(k: str) -> str:
    return next((h for h in _heads() if k == h or k.startswith(h + " ")), "")


def issuer_case(unit: str) -> str:
    """A header unit in normal case: "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH NINH BÌNH" → "Chủ tịch Ủy
    ban nhân dân tỉnh Ninh Bình"; other units as :func:`org_case` writes them."""
    for person in lexicon.load("organisations.json")["issuing_persons"]:
        n = len(person.split())
        words = unit.split()
        body = " ".join(words[n:])
        if key(" ".join(words[:n])) == key(person) and any(
                key(body) == h or key(body).startswith(h + " ") for h in lexicon.org_heads()):
            return f"{person} {org_case(body)}"
    return org_case(unit)


def infer_issuer(symbol: str | None, ctext: str, place: str | None,
                 doc_type: str | None = None) -> tuple[str | None, str | None]:
    """When the header lines are missing: the body named by the symbol's abbreviation, if the
    text confirms it (e.g. "Sở Nông nghiệp và PTNT báo cáo…"). Returns (issuer, parent)."""
    code = issuer_code(symbol, doc_type)
    entry = lexicon.issuer_codes().get(code or "")
    if not entry:
        return None, None
    low = key(ctext)
    if not any(key(c) in low for c in entry.get("confirm", [])):
        return None, None
    prov = lexicon.provinces().get(key(place)) if place else None
    name = entry["name"]
    if entry.get("level"):
        level = _own_level(ctext, entry["confirm"], place, prov)
        if not level:
            return None, None
        return f"{name} {level}", None
    parent = entry.get("parent")
    if parent == "Ủy ban nhân dân":
        parent = f"Ủy ban nhân dân {prov['kind']} {prov['name']}" if prov else None
    return name, parent


def _own_level(ctext: str, names: list[str], place: str | None, prov: dict | None) -> str | None:
    """"tỉnh Quảng Ngãi" for a UBND whose place line names a province and whose text speaks
    of "UBND tỉnh"; "huyện Kbang" when the text names "UBND huyện Kbang" and the place is Kbang."""
    alts = "|".join(re.escape(n) for n in names)
    if prov:
        pat = re.compile(rf"(?:{alts})\s+{prov['kind']}\b", re.I)
        if pat.search(ctext):
            return f"{prov['kind']} {prov['name']}"
        return None
    if place:
        pat = re.compile(rf"(?:{alts})\s+(huyện|thị xã|thành phố|quận|xã|phường|thị trấn)\s+{re.escape(place)}\b",
                         re.I)
        m = pat.search(ctext)
        if m:
            return f"{m.group(1).lower()} {place}"
    return None


@cache
def _level_ocr_re() -> re.Pattern[str]:
    """"TĨNH QUẢNG NGÃI", "Tính Quảng Ngãi": the level word "tỉnh" misread (OCR, or web
    copies of scans) before a province's name; "Hà Tĩnh" itself is left alone."""
    names = sorted({p["name"] for p in lexicon.load("provinces.json")["provinces"]}, key=len, reverse=True)
    alts = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
    return re.compile(rf"(?<!\b[Hh][Àà][ \t]{{1,3}})\b(?:TĨNH|TÍNH|TINH|Tĩnh|Tính|tĩnh)(?=[ \t]+(?i:{alts})\b)")


_LEVEL_WORD = {"TĨNH": "TỈNH", "TÍNH": "TỈNH", "TINH": "TỈNH", "Tĩnh": "Tỉnh", "Tính": "Tỉnh", "tĩnh": "tỉnh"}


def read_level_words(text: str) -> str:
    """The text with misread level words before province names corrected (same length, so
    every offset stays valid)."""
    return _level_ocr_re().sub(lambda m: _LEVEL_WORD[m.group(0)], text)
