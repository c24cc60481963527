"""The document header: number, type, issuer, place and date, subject, recipients, cc, signer.

Read from the layout Nghị định 30/2020/NĐ-CP (Điều 8–13, Phụ lục I) sets for administrative
documents, after plain-text flattening has done its worst: the two header columns
interleaved or stacked, lines hard-wrapped, the header missing altogether.

The public function is :func:`extract_header`; everything else is a step it composes.
Regexes run over ``canon(text)`` (same length as ``text``), so every span is valid in the
normalised text the caller stored.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import regex as re

from . import lexicon
from .names import authority_case, is_upper_text, org_case, sentence_case, title_case
from .normalize import canon, canon_text, key

# How far into a document the header may reach (lines); the body starts well before.
HEADER_LINES = 60

_WS = r"[ \t]*(?:\n[ \t]*)?"          # spaces, at most one line break (hard wraps)

# "Số: 298 /BC-UBND", "Số:\n5664/CT-CS", "Luật số: 45/2019/QH14", "Số: 01-10/2025/CV-TKV".
# OCR noise where a handwritten number was ("Số: O{_ /TTr-UBND") is skipped: no number is
# read, but the symbol still ends the "Số" line instead of leaving it to the issuer.
_SYMBOL = (r"(?:(?P<num>\d{1,6}[A-Za-z]?(?:[.-]\d{1,6})?)|[^\s/]{1,4}(?=[ \t]*/[ \t]*\p{Lu}))?"
           r"(?P<sym>(?:[ \t]*/[ \t]*\d{4}(?=[ \t]*[/-]))?[ \t]*[/-][ \t]*"
           r"\p{Lu}[\p{L}\d&.]*(?:[ \t]*-[ \t]*[\p{Lu}\d][\p{L}\d&.]*)*)")
NUMBER_RE = re.compile(
    r"(?:(?<=^[ \t]*)|(?<=\p{Lu}[ \t]+))"
    r"(?:(?:Luật|Bộ luật|Nghị quyết|Pháp lệnh|Lệnh)[ \t]+[Ss][ốô]|S[ốô])"
    r"(?:[ \t]+và[ \t]+ký[ \t]+hiệu)?[ \t]*[:.]?" + _WS + _SYMBOL, re.M)

DATE_RE = re.compile(
    r"(?P<place>(?:\p{Lu}(?: (?=\p{Ll}))?[\p{L}.]*\.?[ \t]*(?:-[ \t]*)?(?:\n(?=[ \t]*\p{Lu}[\p{L}.]*[ \t]*,))?){1,5}?)"
    r"[ \t]*,?" + _WS +
    r"(?i:ngày)" + _WS + r"(?P<d>\d{1,2})?" + _WS + r"(?i:tháng)" + _WS + r"(?P<m>\d{1,2})?" + _WS
    + r"(?i:năm)" + _WS + r"(?P<y>\d{4})")

# A law or a National Assembly resolution has no date line: it is dated by its adoption,
# "Luật này được Quốc hội … thông qua ngày 26 tháng 11 năm 2025."
ADOPTED_RE = re.compile(r"thông\s+qua\s+ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})",
                        re.I)

_MOTTO = re.compile(r"CỘNG\s+HÒA\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM|"
                    r"Độc\s+lập\s*-\s*Tự\s+do\s*-\s*Hạnh\s+phúc", re.I)
_SEPARATOR = re.compile(r"^[\s\-_=.*~–—]{2,}$")
_VV = re.compile(r"^[ \t]*(?:V/v|V/V|v/v|Về việc|V\.v\.?)[ \t]*[:.]?[ \t]*", re.M)
_KINH_GUI = re.compile(r"^[ \t]*Kính\s+gửi[ \t]*:?[ \t]*", re.I | re.M)
_DIEN = re.compile(r"^.{0,80}?\bđiện[ \t]*:[ \t]*$", re.I | re.M)
_NOI_NHAN = re.compile(r"^[ \t]*N[ơo]i[ \t]+nh[ậa]n[ \t]*:?[ \t]*", re.I | re.M)
# Lines that begin the body of a document: nothing of the header lies below them.
_BODY_START = re.compile(
    r"^[ \t]*(?:Căn cứ|Thực hiện|Theo đề nghị|Xét đề nghị|Xét tờ trình|Trả lời|Vừa qua|"
    r"Kính gửi|Điều 1\b|Chương I\b|Phần I\b|I\.[ \t]|1\.[ \t]|Ngày \d{1,2}[/ ])")
_AUTHORITY = re.compile(r"^[ \t]*(TM|KT|TL|TUQ|Q|TQ)[ \t]*\.[ \t]*\S", re.M)
# Symbol type codes that name the document's own kind even under another type's title.
_SYMBOL_WINS = {"other"}
_URGENCY = {"khẩn": "khẩn", "thượng khẩn": "thượng khẩn", "hỏa tốc": "hỏa tốc",
            "hỏa tốc hẹn giờ": "hỏa tốc hẹn giờ"}
_SECRECY = {"mật": "mật", "tối mật": "tối mật", "tuyệt mật": "tuyệt mật"}
_SIGNED_MARK = re.compile(r"^[\[(]?\s*(?:đã\s+k[ýí]|k[ýí]|chữ\s+k[ýí]|daky|k[ýí]\s+tên|k[ýí],.*|k[ýí]\s+và.*|"
                          r"đã\s+đóng\s+dấu|dấu)[^\n]{0,40}[\])]?\.?$", re.I)
# Ranks and degrees printed before a signer's name ("Đại tướng Lương Tam Quang", "TS. …").
_NAME_PREFIX = re.compile(r"^(?:(?:Đại|Thượng|Trung|Thiếu)\s+(?:tướng|tá|úy)|GS\.|PGS\.|TS\.|ThS\.|"
                          r"BS\.|KS\.|Ths\.)[ \t]*(?:TS\.|ThS\.)?[ \t]*", re.I)
_NAME = re.compile(r"^(?:\p{Lu}[\p{Ll}]{0,7}\.?)(?:[ \t]+\p{Lu}[\p{Ll}]{0,7}){1,5}$")
_NAME_CAPS = re.compile(r"^\p{Lu}{1,8}(?:[ \t]+\p{Lu}{1,8}){1,5}$")
# Authority lines such as "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẮC NINH" that follow a title and
# precede the "Căn cứ" lines of a quyết định / nghị quyết.
_ISSUING_AUTHORITY = re.compile(
    r"^[ \t]*(?:CHỦ TỊCH|BỘ TRƯỞNG|THỦ TƯỚNG|CHÍNH PHỦ|QUỐC HỘI|HỘI ĐỒNG NHÂN DÂN|ỦY BAN NHÂN DÂN|"
    r"ỦY BAN THƯỜNG VỤ|BAN THƯỜNG VỤ|GIÁM ĐỐC|TỔNG CỤC TRƯỞNG|CỤC TRƯỞNG|THỐNG ĐỐC|TỔNG GIÁM ĐỐC|"
    r"CHÁNH ÁN|VIỆN TRƯỞNG|TỔNG KIỂM TOÁN|BỘ TRƯỞNG|CHỦ NHIỆM|TRƯỞNG BAN|HỘI ĐỒNG THẨM PHÁN|"
    r"CHI CỤC TRƯỞNG|TỔNG THANH TRA|CHÁNH THANH TRA|VỤ TRƯỞNG)\b")


_ITEM = re.compile(r"^[-+•*][ \t]*\S|^[-+•][ \t]*$")
_ITEM_MARK = re.compile(r"^[-+•*][ \t]*")
_ITEM_CLOSED = re.compile(r"[;.:]$|\./\.$")


@dataclass
class Line:
    start: int
    end: int
    text: str   # stripped

    @property
    def blank(self) -> bool:
        return not self.text


@dataclass
class Header:
    """The contract's ``document`` object, plus where each value was read."""

    doc_type: str = "other"
    number: str | None = None
    issuer: str | None = None
    parent_issuer: str | None = None
    place: str | None = None
    issued_on: str | None = None
    subject: str | None = None
    recipients: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    signer: dict = field(default_factory=lambda: {"name": None, "title": None, "authority": None})
    urgency: str | None = None
    secrecy: str | None = None
    issuer_source: str | None = None     # "header" | "inferred" (extra key)
    _spans: dict[str, list[int]] = field(default_factory=dict)

    def contract(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}

    def spans(self) -> dict[str, list[int]]:
        return dict(self._spans)


def split_lines(text: str) -> list[Line]:
    out, pos = [], 0
    for raw in text.split("\n"):
        lead = len(raw) - len(raw.lstrip())
        stripped = raw.strip()
        out.append(Line(pos + lead, pos + lead + len(stripped), stripped))
        pos += len(raw) + 1
    return out


def normalize_number(s: str) -> str:
    """Spaces removed, every dash a hyphen: "298 /BC-UBND" → "298/BC-UBND"."""
    return re.sub(r"[\s]+", "", re.sub(r"[\u2010-\u2015\u2212]", "-", s)).rstrip(".-")


def _mask(text: str, pattern: re.Pattern[str]) -> str:
    """Blank out matches, keeping newlines and length."""
    return pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


# ---------------------------------------------------------------------------------- steps

def find_number(ctext: str, limit: int) -> re.Match[str] | None:
    for m in NUMBER_RE.finditer(ctext, 0, limit):
        return m
    return None


def type_from_symbol(symbol: str | None) -> str | None:
    """The doc_type a symbol's type code names: "298/BC-UBND" → bao_cao, "45/2019/QH14" →
    luat; None for a công văn symbol ("878/UBND-NNTN") or no symbol."""
    if not symbol:
        return None
    parts = symbol.split("/")[-1].split("-")
    codes = lexicon.type_by_code()
    if parts[0] in codes:
        return codes[parts[0]]
    if len(parts) == 1 and re.fullmatch(r"QH\d*", parts[0]):
        return "luat"
    upper = {c.upper(): t for c, t in codes.items()}
    code = parts[0].upper()
    if code in {"UBND", "HĐND"}:
        return None
    # OCR (and ASCII-only typing) prints "Đ" as "D": "47/QD-UBND" is a quyết định.
    return upper.get(code) or (upper.get(code.replace("D", "Đ")) if "D" in code else None)


def symbol_types(symbol: str | None) -> set[str]:
    """Every doc_type a symbol admits: its type code's, the types sharing that code (laws and
    resolutions of the Quốc hội are both …/QH15), and công văn when the code is also an
    issuer's abbreviation ("5253/CT-CS" is Cục Thuế's công văn)."""
    found = type_from_symbol(symbol)
    if not symbol or not found:
        return set()
    head = re.sub(r"\d+$", "", symbol.split("/")[-1].split("-")[0])
    shared = lexicon.load("doc_types.json")["shared_codes"]["codes"]
    out = {found, *shared.get(head, [])}
    if head in lexicon.issuer_codes():
        out.add("cong_van")
    return out


def issuer_code(symbol: str | None, doc_type: str | None = None) -> str | None:
    """The issuing body's abbreviation in a symbol: BC-SNN → SNN; UBND-NNTN → UBND; for a
    công văn always the first part (5664/CT-CS → CT, Cục Thuế)."""
    if not symbol:
        return None
    parts = [p for p in symbol.split("/")[-1].split("-") if p]
    if not parts:
        return None
    if doc_type != "cong_van" and type_from_symbol(symbol) and len(parts) > 1:
        return parts[1]
    if len(parts) == 1:
        return re.sub(r"\d+$", "", parts[0]) or None
    return parts[0]


def find_title(lines: list[Line], stop: int) -> tuple[int, str, str] | None:
    """The type-name line ("BÁO CÁO", "QUYẾT ĐỊNH", "LUẬT"): (line index, doc_type, rest)."""
    names = lexicon.type_by_name()
    for i, ln in enumerate(lines[:stop]):
        if not ln.text or not is_upper_text(ln.text, 0.9):
            continue
        k = key(ln.text)
        nxt = lines[i + 1].text if i + 1 < len(lines) else ""
        if k not in names and nxt and key(ln.text + " " + nxt) in names:
            # A type name hard-wrapped over two lines ("NGHỊ" / "ĐỊNH").
            return i + 1, names[key(ln.text + " " + nxt)], ""
        for name, code in names.items():
            # A title may carry its subject on the same line ("QUYẾT ĐỊNH VỀ VIỆC …"), but
            # "other" names ("VĂN BẢN HỢP NHẤT") only count as a whole line.
            if k == name or (k.startswith(name + " ") and code != "other"):
                rest = ln.text[len(name):].strip()
                if not rest or is_upper_text(rest):
                    return i, code, rest
    return None


def find_body_start(lines: list[Line]) -> int:
    for i, ln in enumerate(lines[:HEADER_LINES]):
        if i > 0 and (_BODY_START.match(canon(ln.text)) or len(ln.text) > 220):
            return i
    return min(len(lines), HEADER_LINES)


def issuer_units(text: str, ctext: str, lines: list[Line], stop_at: int) -> list[str]:
    """The header's left column: capitalised lines above the number/title, motto and rules
    removed, grouped into units ("ỦY BAN NHÂN DÂN" + "HUYỆN KBANG" is one unit)."""
    head, chead = text[:stop_at], ctext[:stop_at]
    masked = _mask(chead, _MOTTO)
    # Same length as the header: motto blanked, original spelling kept everywhere else.
    masked = "".join(t if m != " " or c == " " else " " for t, m, c in zip(head, masked, chead))
    pieces: list[tuple[str, int, int]] = []
    for ln in lines:
        if ln.start >= stop_at:
            break
        seg = masked[ln.start:min(ln.end, stop_at)].strip()
        if not seg or _SEPARATOR.match(seg):
            continue
        k = key(seg)
        if k in _URGENCY or k in _SECRECY:
            continue
        # Stop at the first line that is not part of a capitalised header column.
        if not is_upper_text(seg):
            if pieces:
                break
            continue
        for part in re.split(r" {3,}", seg):
            part = part.strip(" -_")
            if part and not _SEPARATOR.match(part):
                pieces.append((part, ln.start, ln.end))
    heads = lexicon.org_heads()
    units: list[list] = []
    for text, s, e in pieces:
        k = key(text)
        starts_unit = any(k == h or k.startswith(h + " ") for h in heads)
        if units and starts_unit:
            prev = key(units[-1][0])
            joined = _head_of(prev + " " + k)
            # "ỦY" + "BAN NHÂN DÂN …" and "VĂN PHÒNG" + "CHÍNH PHỦ" continue one name: the
            # previous piece is only (part of) a head, not a whole unit.
            if (len(joined) > len(prev) or (prev in heads and prev not in _WHOLE_NAMES)):
                starts_unit = False
        if starts_unit or not units:
            units.append([text, s, e])
        else:
            units[-1][0] += " " + text
            units[-1][2] = e
    return [u[0] for u in units]


# Heads that are a whole unit's name by themselves.
_WHOLE_NAMES = {"chính phủ", "quốc hội"}


def _head_of(k: str) -> str:
    return next((h for h in lexicon.org_heads() if k == h or k.startswith(h + " ")), "")


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


def collect_block(lines: list[Line], i: int, first: str) -> tuple[list[tuple[str, int, int]], int]:
    """Items of a list that starts at line i: an inline first item, then "-"/"+" lines, each
    possibly wrapped over several lines. Returns (items with spans, index after the list)."""
    items: list[list] = []
    if first.strip():
        items.append([first.strip(), lines[i].end - len(first.strip()), lines[i].end, 0, True])
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
        prev_open = items and not _ITEM_CLOSED.search(items[-1][0])
        # A hard-wrapped item goes on for at most two more short lines; beyond that the
        # text is the body, which often follows "Kính gửi" without a blank line.
        wraps = items[-1][3] if items else 0
        if prev_open and not seen_blank and wraps < (1 if items[-1][4] else 3) and len(items[-1][0]) + len(t) <= 160 \
                and not t.endswith(":") and not _BODY_START.match(t) and not _AUTHORITY.match(t) \
                and not _is_signature_line(t):
            items[-1][0] += " " + t
            items[-1][2] = ln.end
            items[-1][3] += 1
            j += 1
            continue
        break
    return [(it[0], it[1], it[2]) for it in items], j


def clean_item(s: str) -> str:
    s = re.sub(r"\s+", " ", s).strip()
    return re.sub(r"(?:\./\.|[;,.])+$", "", s).strip()


def split_shared_head(item: str) -> list[str]:
    """"Các Sở: Tài chính, Văn hóa, Thể thao và Du lịch" → ["Sở Tài chính", "Sở Văn hóa, Thể
    thao và Du lịch"]: a shared head distributed over names that may contain commas."""
    m = re.match(r"^(?:Các|các)\s+(\p{L}+(?:\s+\p{L}+)?)\s*:\s*(.+)$", item)
    if not m:
        return [item]
    head = m.group(1)
    if not any(key(head) == h for h in lexicon.org_heads()):
        return [item]
    names = sorted(lexicon.unit_names(), key=len, reverse=True)
    rest, out = m.group(2).strip(), []
    while rest:
        rest = rest.lstrip(" ,")
        if not rest:
            break
        hit = next((n for n in names if key(rest[:len(n)]) == key(n)
                    and (len(rest) == len(n) or rest[len(n)] in ",;. ")), None)
        if hit:
            piece, rest = rest[:len(hit)], rest[len(hit):]
        else:
            piece, _, rest = rest.partition(",")
        piece = clean_item(piece)
        if piece:
            out.append(piece if key(piece).startswith(key(head)) else f"{head} {piece}")
    return out or [item]


def _is_signature_line(t: str) -> bool:
    if not t or len(t) > 90 or not t[0].isupper():
        return False
    if _AUTHORITY.match(t) and is_upper_text(t, 0.6):
        return True
    return is_upper_text(t, 0.9) and key(t) in lexicon.signer_titles()


# Words that are never part of a person's name but start capitalised lines near a signature.
_NOT_NAME_WORDS = {"tỉnh", "huyện", "xã", "nơi", "như", "ban", "sở", "phòng", "bộ", "cục", "vụ",
                   "phụ", "lục", "mẫu", "điều", "chương", "danh", "mục", "biểu", "ủy", "hội", "đồng"}


def _is_name(t: str) -> bool:
    t = _NAME_PREFIX.sub("", t.strip()).rstrip(".")
    if ":" in t or not (_NAME.match(t) or _NAME_CAPS.match(t)):
        return False
    k = key(t)
    if k in lexicon.signer_titles():
        return False
    return not any(w in _NOT_NAME_WORDS for w in k.split())


def find_signer(lines: list[Line], after: int) -> tuple[dict, list[int] | None]:
    """The first signature block after the header: authority lines (TM./KT./TL./TUQ./Q.),
    the title, then the signer's name within a few lines."""
    signer = {"name": None, "title": None, "authority": None}
    i = after
    n = len(lines)
    while i < n:
        ln = lines[i]
        if not ln.text or not _is_signature_line(ln.text):
            i += 1
            continue
        group: list[str] = []
        j = i
        while j < n:
            t = lines[j].text
            if not t:
                j += 1
                continue
            if _is_signature_line(t):
                group.append(t)
            elif (group and _AUTHORITY.match(group[-1]) and is_upper_text(t, 0.9) and len(t) < 60
                  and (not _is_name(t) or re.search(r"(?:,|\bVÀ)$", group[-1]))):
                # "TM. ỦY BAN NHÂN" / "DÂN", "KT. TRƯỞNG BAN CHÍNH SÁCH," / "THUẾ QUỐC TẾ":
                # a delegation line wrapped onto the next line.
                group[-1] += " " + t
            else:
                break
            j += 1
        name_line = None
        k, looked = j, 0
        while k < n and looked < 8:
            t = lines[k].text
            if t:
                looked += 1
                nxt = lines[k + 1] if k + 1 < n else None
                if (re.fullmatch(r"\p{Lu}\p{Ll}{0,7}", t) and nxt is not None and nxt.text
                        and _is_name(t + " " + nxt.text)):
                    name_line = Line(lines[k].start, nxt.end, t + " " + nxt.text)
                    break
                if _is_name(t):
                    name_line = lines[k]
                    break
                if not _SIGNED_MARK.match(t):
                    break
            k += 1
        if name_line:
            authorities = [g for g in group if _AUTHORITY.match(g)]
            titles = [g for g in group if not _AUTHORITY.match(g)]
            prefix = _NAME_PREFIX.match(name_line.text)
            signer["name"] = _NAME_PREFIX.sub("", name_line.text).rstrip(".")
            if prefix and prefix.group(0).strip():
                signer["rank"] = prefix.group(0).strip()
            if signer["name"].isupper():
                signer["name"] = " ".join(w.capitalize() for w in signer["name"].split())
            signer["title"] = title_case(titles[-1]) if titles else None
            if authorities:
                ordered = [authority_case(a) for a in reversed(authorities)]
                signer["authority"] = ordered[0]
                if len(ordered) > 1:
                    signer["authorities"] = ordered
            return signer, [name_line.start, name_line.end]
        i = j if j > i else i + 1
    # No signature block: a name alone on the last line (a scanned or web copy).
    tail = [ln for ln in lines[after:] if ln.text]
    if tail and _is_name(tail[-1].text):
        signer["name"] = tail[-1].text
        return signer, [tail[-1].start, tail[-1].end]
    return signer, None


# ------------------------------------------------------------------------------- assembly

def extract_header(text: str) -> Header:
    h = Header()
    ctext = canon_text(text)
    lines = split_lines(text)
    body = find_body_start(lines)
    head_end = lines[body - 1].end if body > 0 else 0
    limit = lines[min(len(lines), HEADER_LINES) - 1].end if lines else 0

    num = find_number(ctext, limit)
    symbol = None
    if num and num.group("num"):
        symbol = normalize_number(text[num.start("num"):num.end("sym")])
        h.number = symbol
        h._spans["number"] = [num.start("num"), num.end("sym")]
    elif num:
        h._spans["number_blank"] = [num.start(), num.end()]  # e-signed: number stamped later

    date = DATE_RE.search(ctext, 0, max(limit, head_end))
    if date:
        p_start = date.start("place")
        if "\n" in text[p_start:date.end("place")]:
            # A place hard-wrapped over two lines ("Quảng" / "Trị, ngày …") keeps its first
            # line only when that line holds nothing else.
            nl = text.index("\n", p_start)
            if not (p_start == 0 or text[p_start - 1] == "\n"):
                p_start = nl + 1
        h.place = _clean_place(text[p_start:date.end("place")])
        h._spans["place"] = [p_start, date.end("place")]
        if date.group("d") and date.group("m"):
            try:
                h.issued_on = dt.date(int(date.group("y")), int(date.group("m")), int(date.group("d"))).isoformat()
                h._spans["issued_on"] = [date.start("d"), date.end("y")]
            except ValueError:
                pass

    if not h.issued_on:
        adopted = None
        for adopted in ADOPTED_RE.finditer(ctext):
            pass
        if adopted:
            try:
                h.issued_on = dt.date(int(adopted.group("y")), int(adopted.group("m")),
                                      int(adopted.group("d"))).isoformat()
                h._spans["issued_on"] = [adopted.start("d"), adopted.end("y")]
            except ValueError:
                pass

    title = find_title(lines, max(body, 1) + 1 if body < HEADER_LINES else HEADER_LINES)
    title_type = title[1] if title else None
    sym_type = type_from_symbol(symbol)

    # Subject: "V/v …" for a công văn, else the lines under the type name.
    vv = _VV.search(ctext, 0, limit)
    if vv and title and lines[title[0]].start < vv.start() and title_type != "cong_van":
        vv = None
    if vv:
        h.subject, span = _gather_subject(text, lines, vv.end())
        if span:
            h._spans["subject"] = span
    elif title:
        h.subject, span = _title_subject(text, lines, title[0], title[2])
        if span:
            h._spans["subject"] = span

    kg = _KINH_GUI.search(ctext, 0, lines[min(len(lines), HEADER_LINES + 20) - 1].end if lines else 0)
    if kg:
        li = next(i for i, ln in enumerate(lines) if ln.end >= kg.end())
        first = text[kg.end():lines[li].end]
        items, _ = collect_block(lines, li, first)
        for it, s, e in items:
            h.recipients.extend(split_shared_head(clean_item(it)))
        if items:
            h._spans["recipients"] = [items[0][1], items[-1][2]]
    elif (m := _DIEN.search(ctext, 0, limit)) and (title_type == "cong_dien" or sym_type == "cong_dien"):
        li = next(i for i, ln in enumerate(lines) if ln.end >= m.end())
        items, _ = collect_block(lines, li, "")
        h.recipients = [r for it, s, e in items for r in split_shared_head(clean_item(it))]

    if sym_type and sym_type in _SYMBOL_WINS:
        h.doc_type = sym_type            # a văn bản hợp nhất reprints its source's title
    elif title_type:
        h.doc_type = title_type
    elif vv:
        # No type name but a "V/v" line: a công văn, whatever its symbol looks like
        # ("5253/CT-CS" is Cục Thuế's công văn, not a chỉ thị).
        h.doc_type = "cong_van"
    elif sym_type:
        h.doc_type = sym_type
    elif kg or symbol:
        h.doc_type = "cong_van"
    else:
        h.doc_type = "other"
        if not h.subject:
            first = next((ln for ln in lines if ln.text), None)
            if first and len(first.text) < 200:
                h.subject = first.text
                h._spans["subject"] = [first.start, first.end]

    # Issuer: the left header column above the number (or the title / date line).
    stops = [x for x in (num.start() if num else None, lines[title[0]].start if title else None,
                         date.start() if date else None, vv.start() if vv else None) if x is not None]
    stop_at = min(stops) if stops else head_end
    units = issuer_units(text, ctext, lines, stop_at)
    if units:
        h.issuer = org_case(units[-1])
        h.parent_issuer = org_case(units[-2]) if len(units) > 1 else None
        h.issuer_source = "header"
    elif symbol:
        h.issuer, h.parent_issuer = infer_issuer(symbol, ctext, h.place, h.doc_type)
        h.issuer_source = "inferred" if h.issuer else None

    for ln in lines[:HEADER_LINES]:
        k = key(ln.text)
        if k in _URGENCY and not h.urgency:
            h.urgency = _URGENCY[k]
        elif k in _SECRECY and not h.secrecy:
            h.secrecy = _SECRECY[k]

    nn = None
    for m in _NOI_NHAN.finditer(ctext):
        nn = m
    if nn:
        li = next(i for i, ln in enumerate(lines) if ln.end >= nn.end())
        first = text[nn.end():lines[li].end]
        if _AUTHORITY.match(first) or _is_signature_line(first.strip()):
            first = ""
        items, _ = collect_block(lines, li, first)
        h.cc = [c for c in (clean_item(it) for it, _, _ in items) if c]
        if items:
            h._spans["cc"] = [items[0][1], items[-1][2]]

    sign_from = body if body < len(lines) else 0
    h.signer, span = find_signer(lines, sign_from)
    if span:
        h._spans["signer"] = span
    return h


def _clean_place(s: str) -> str:
    """Spaces collapsed; a stray space inside a word, as web copies have it ("Hà N ội"), closed."""
    s = re.sub(r"\s+", " ", s).strip(" ,-")
    return re.sub(r"(?<!\w)(\p{Lu}) (?=\p{Ll})", r"\1", s)


def _gather_subject(text: str, lines: list[Line], start: int) -> tuple[str | None, list[int] | None]:
    """The "V/v" text from ``start`` on, over its wrapped lines."""
    li = next(i for i, ln in enumerate(lines) if ln.end >= start)
    parts = [text[start:lines[li].end].strip()]
    end = lines[li].end
    for ln in lines[li + 1:li + 8]:
        t = ln.text
        if not t or _stops_subject(t):
            break
        parts.append(text[ln.start:ln.end])
        end = ln.end
    subject = _join(parts)
    return (subject or None), ([start, end] if subject else None)


def _stops_subject(t: str) -> bool:
    ct = canon(t)
    return bool(DATE_RE.match(ct) or _KINH_GUI.match(ct) or _MOTTO.search(ct) or _SEPARATOR.match(ct)
                or NUMBER_RE.match(ct) or _BODY_START.match(ct) or _ISSUING_AUTHORITY.match(ct)
                or re.match(r"^(?:CỘNG HÒA|Độc lập)", ct, re.I))


def _title_subject(text: str, lines: list[Line], ti: int, rest: str) -> tuple[str | None, list[int] | None]:
    parts: list[str] = []
    start = end = None
    if rest:
        parts.append(rest)
        start, end = lines[ti].end - len(rest), lines[ti].end
    for ln in lines[ti + 1:ti + 10]:
        t = ln.text
        if not t:
            if parts:
                break
            continue
        if _stops_subject(t):
            break
        parts.append(text[ln.start:ln.end])
        start = ln.start if start is None else start
        end = ln.end
    subject = _join(parts)
    if subject and is_upper_text(subject, 0.9):
        subject = sentence_case(subject)
    return (subject or None), ([start, end] if subject else None)


def _join(parts: list[str]) -> str:
    s = re.sub(r"\s+", " ", " ".join(parts)).strip()
    return re.sub(r"[.;:,]+$", "", s).strip()
