"""The "số và ký hiệu" line: a document's number, and what its symbol says about its type
and its issuer ("298/BC-UBND": a báo cáo of an Ủy ban nhân dân)."""
from __future__ import annotations

from . import rx as re

from . import lexicon
from .lines import WS

# "Số: 298 /BC-UBND", "Số:\n5664/CT-CS", "Luật số: 45/2019/QH14", "Số: 01-10/2025/CV-TKV".
# OCR noise where a handwritten number was ("Số: O{_ /TTr-UBND", "Số: 2 #ˆ /CT-UBND") is skipped: no number is
# read, but the symbol still ends the "Số" line instead of leaving it to the issuer.
# vbpl pages may split digits with a stray space ("Số: 2 95 /2025/NĐ-CP", "/202 5 /").
_SYMBOL = (r"(?:(?P<num>\d(?: ?\d){0,5}[A-Za-z]?(?:[.-]\d{1,6})?)|[^\s/]{1,4}(?:[ \t][^\s/]{1,3})?(?=[ \t]*/[ \t]*\p{Lu}))?"
           r"(?P<sym>(?:[ \t]*/[ \t]*\d(?: ?\d){3}(?=[ \t]*[/-]))?[ \t]*[/-][ \t]*"
           r"\p{Lu}[\p{L}\d&.]*(?:[ \t]*-[ \t]*[\p{Lu}\d][\p{L}\d&.]*)*(?:(?<=\d) \d(?![\d/]))?)")
NUMBER_RE = re.compile(
    r"(?:(?<=^[ \t]*)|(?<=\p{Lu}[ \t]+))"
    r"(?:(?:Luật|Bộ luật|Nghị quyết|Pháp lệnh|Lệnh)[ \t]+[Ss][ốô]|S ?[ốô])"
    r"(?:[ \t]+và[ \t]+ký[ \t]+hiệu)?[ \t]*[:.]?" + WS + _SYMBOL, re.M)


# Cyrillic capitals that web copies put in symbols for their Latin look-alikes ("BТС", "NĐ-CР").
_HOMOGLYPHS = str.maketrans("АВЕКМНОРСТХ", "ABEKMHOPCTX")


def normalize_number(s: str) -> str:
    """Spaces removed, every dash (and an underscore between letters) a hyphen, Cyrillic
    look-alikes Latin: "298 /BC-UBND" → "298/BC-UBND", "16495/BТС-PTHT" → "16495/BTC-PTHT",
    "54/2019/NĐ_CP" → "54/2019/NĐ-CP"."""
    s = s.translate(_HOMOGLYPHS)
    s = re.sub(r"[\s]+", "", re.sub(r"[\u2010-\u2015\u2212]", "-", s)).rstrip(".-")
    s = re.sub(r"(?<=[A-ZĐ])_(?=[A-ZĐ])", "-", s)                  # "54/2019/NĐ_CP": a typed underscore
    return re.sub(r"(?<=/(?:19|20)\d\d/)[O0]H(?=\d{2}$)", "QH", s)   # "22/2023/OH15": a law of the Quốc hội


def find_number(ctext: str, limit: int, start: int = 0) -> re.Match[str] | None:
    for m in NUMBER_RE.finditer(ctext, start, limit):
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
    issuer's abbreviation ("5253/CT-CS" is Cục Thuế's công văn) and no issuer's code follows
    it ("16/CT-TTg" is the Prime Minister's chỉ thị)."""
    found = type_from_symbol(symbol)
    if not symbol or not found:
        return set()
    parts = symbol.split("/")[-1].split("-")
    head = re.sub(r"\d+$", "", parts[0])
    shared = lexicon.load("doc_types.json")["shared_codes"]["codes"]
    out = {found, *shared.get(head, [])}
    codes = lexicon.issuer_codes()
    if head in codes and not (len(parts) > 1 and parts[1] in codes):
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
