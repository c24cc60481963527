"""Legacy Vietnamese 8-bit encodings: TCVN3 (ABC, ".VnTime" fonts), VNI ("VNI-Times") and
Windows-1258.

Before Unicode, Vietnamese offices typed with fonts whose glyphs sit on Latin-1 code
points: TCVN3 puts each toned letter on one byte ("Quy\\xd5t \\xae\\xdenh"), VNI writes a
base letter followed by a mark byte ("Quye\\xe1t \\xf1\\xf2nh"). Such text reaches us as

* a .txt file that is not UTF-8 (the raw bytes),
* a UTF-8 file holding those bytes as Windows-1252/Latin-1 characters ("QuyÕt ®Þnh"),
* .docx runs in a ".Vn…"/"VNI-…" font whose characters are the same Windows-1252 view.

The tables are data (data/legacy_encodings.json). Detection converts with each table and
keeps the one whose words are valid Vietnamese syllables; text that no table turns into
Vietnamese is left alone (the caller decides whether that is an error).
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

TABLES = Path(__file__).resolve().parents[1] / "data" / "legacy_encodings.json"
ENCODINGS = ("tcvn3", "vni")
# Windows' own Vietnamese code page (tone marks as combining characters): Python has a codec.
CODECS = ("cp1258",)
# Share of the words with non-ASCII letters that must be valid syllables after conversion.
MIN_VALID = 0.9
# ... and at least this many such words (a few accented words prove nothing).
MIN_WORDS = 3
# Text that already reads as Vietnamese above this share is not re-interpreted.
MAX_VALID_BEFORE = 0.5

_ONSETS = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_NUCLEI = ("oai|oay|oao|oeo|uây|uôi|ươi|ươu|uya|uyê|uyu|iêu|yêu|"
           "ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|oo|ôi|ơi|ua|uâ|uê|ui|uô|uơ|uy|"
           "ưa|ưi|ươ|ưu|ya|yê|a|ă|â|e|ê|i|y|o|ô|ơ|u|ư")
_CODAS = "ch|ng|nh|c|m|n|p|t"
_SYLLABLE = re.compile(rf"(?:{_ONSETS})?(?:{_NUCLEI})(?:{_CODAS})?")
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Table:
    name: str
    font_prefixes: tuple[str, ...]
    single: dict[int, str]          # byte -> text
    pairs: dict[bytes, str]         # base byte + mark byte -> text (VNI)
    uppercase_font_suffix: str = ""


@lru_cache(maxsize=1)
def tables() -> dict[str, Table]:
    data = json.loads(TABLES.read_text("utf-8"))
    out: dict[str, Table] = {}
    for key in ENCODINGS:
        entry = data[key]
        single = {int(k, 16): v for k, v in entry["map"].items() if len(k) == 2}
        pairs = {bytes.fromhex(k): v for k, v in entry["map"].items() if len(k) == 4}
        out[key] = Table(entry["name"], tuple(entry["font_prefixes"]), single, pairs,
                         entry.get("uppercase_font_suffix", ""))
    return out


def to_bytes(text: str) -> bytes:
    """The bytes behind text that was decoded as Windows-1252 (Latin-1 for its gaps)."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) > 0xFF:
                raise
            out.append(ord(ch))
    return bytes(out)


def is_byte_text(text: str) -> bool:
    """True when every character could be a Windows-1252/Latin-1 view of one byte."""
    try:
        to_bytes(text)
    except UnicodeEncodeError:
        return False
    return True


def decode(data: bytes, encoding: str) -> str:
    """Bytes in a legacy encoding as Unicode NFC. Bytes 0x80-0x9F keep their Windows-1252
    meaning (curly quotes, dashes); other high bytes the table lacks become U+FFFD."""
    table = tables()[encoding]
    out: list[str] = []
    i = 0
    while i < len(data):
        pair = data[i:i + 2]
        if len(pair) == 2 and pair in table.pairs:
            out.append(table.pairs[pair])
            i += 2
            continue
        b = data[i]
        if b in table.single:
            out.append(table.single[b])
        elif b < 0x80:
            out.append(chr(b))
        elif b < 0xA0:
            out.append(bytes([b]).decode("cp1252", errors="replace"))
        else:
            out.append("\ufffd")
        i += 1
    text = unicodedata.normalize("NFC", "".join(out))
    return _recapitalise(text) if encoding == "tcvn3" else text


def _recapitalise(text: str) -> str:
    """TCVN3 has no toned capitals: ".VnTimeH" draws the lowercase codes as capitals, so
    "CéNG HOµ" decodes to "CộNG HOà". A line whose ASCII letters are all capitals, or a word
    whose other letters are (two or more), is written in capitals."""
    def fix(m: re.Match[str]) -> str:
        word = m.group()
        ascii_letters = [c for c in word if c.isascii()]
        if len(ascii_letters) >= 2 and all(c.isupper() for c in ascii_letters) \
                and any(c.islower() for c in word):
            return word.upper()
        return word
    def fix_line(line: str) -> str:
        ascii_letters = [c for c in line if c.isascii() and c.isalpha()]
        if len(ascii_letters) >= 4 and all(c.isupper() for c in ascii_letters):
            return line.upper()  # a capitals line: "X· HéI" → "XÃ HỘI" too
        return _WORD.sub(fix, line)
    return "\n".join(fix_line(line) for line in text.split("\n"))


def font_encoding(font: str | None) -> str | None:
    """'tcvn3' for ".VnTime"-style fonts, 'vni' for "VNI-Times"-style fonts, else None."""
    if not font:
        return None
    for key, table in tables().items():
        if any(font.startswith(prefix) for prefix in table.font_prefixes):
            return key
    return None


def convert_font_text(text: str, font: str) -> str:
    """Run text in a legacy font (its Windows-1252 view) as Unicode; unchanged otherwise."""
    encoding = font_encoding(font)
    if encoding is None or not is_byte_text(text) or all(ord(c) < 0x80 for c in text):
        return text
    converted = decode(to_bytes(text), encoding)
    table = tables()[encoding]
    if table.uppercase_font_suffix and font.rstrip().endswith(table.uppercase_font_suffix):
        converted = converted.upper()
    return converted


def is_syllable(word: str) -> bool:
    """A Vietnamese syllable: onset, nucleus, coda and at most one tone mark."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(c in _TONES for c in decomposed) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return _SYLLABLE.fullmatch(bare) is not None


def vietnamese_share(text: str) -> tuple[float, int]:
    """(share of valid syllables, count) over the words that contain a non-ASCII letter."""
    words = [w for w in _WORD.findall(text) if not w.isascii()]
    if not words:
        return 0.0, 0
    valid = sum(is_syllable(w) and "\ufffd" not in w for w in words)
    return valid / len(words), len(words)


def detect_bytes(data: bytes) -> tuple[str, str] | None:
    """(encoding, Unicode text) when some legacy table turns the bytes into Vietnamese."""
    best: tuple[float, str, str] | None = None
    for encoding in ENCODINGS + CODECS:
        if encoding in CODECS:
            text = unicodedata.normalize("NFC", data.decode(encoding, errors="replace"))
        else:
            text = decode(data, encoding)
        share, count = vietnamese_share(text)
        if count >= MIN_WORDS and share >= MIN_VALID and (best is None or share > best[0]):
            best = (share, encoding, text)
    return (best[1], best[2]) if best else None


def detect_text(text: str) -> tuple[str, str] | None:
    """(encoding, Unicode text) for UTF-8 text that is legacy bytes seen as Windows-1252
    ("QuyÕt ®Þnh", "Quyeát ñònh"); None for text that is genuine Unicode."""
    if not is_byte_text(text) or text.isascii():
        return None
    share, count = vietnamese_share(text)
    if count and share > MAX_VALID_BEFORE:
        return None
    return detect_bytes(to_bytes(text))


# --------------------------------------------------------------------------- DOCX runs

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def convert_docx(document: object) -> int:
    """Rewrite, in place, the text of every run of a python-docx ``Document`` whose font is
    a legacy one (".VnTime", "VNI-Times"...), looking through the run's own font, its
    character style, its paragraph style (and what they are based on) and the document
    defaults. Returns the number of runs converted."""
    styles_el = document.styles.element  # type: ignore[attr-defined]
    style_fonts: dict[str, str | None] = {}
    by_id = {s.get(_W + "styleId"): s for s in styles_el.iter(_W + "style")}

    def own_font(el: object) -> str | None:
        fonts = el.find(f"{_W}rPr/{_W}rFonts") if el is not None else None  # type: ignore[attr-defined]
        if fonts is None:
            return None
        return fonts.get(_W + "ascii") or fonts.get(_W + "hAnsi")

    def style_font(style_id: str | None, depth: int = 0) -> str | None:
        if not style_id or depth > 10:
            return None
        if style_id not in style_fonts:
            style = by_id.get(style_id)
            font = own_font(style)
            if font is None and style is not None:
                based = style.find(_W + "basedOn")
                font = style_font(based.get(_W + "val") if based is not None else None, depth + 1)
            style_fonts[style_id] = font
        return style_fonts[style_id]

    default_para = next((s.get(_W + "styleId") for s in by_id.values()
                         if s.get(_W + "type") == "paragraph" and s.get(_W + "default") in ("1", "true")), None)
    default_font = own_font(styles_el.find(f"{_W}docDefaults/{_W}rPrDefault"))
    body = document.element.body  # type: ignore[attr-defined]
    if not any(font_encoding(f) for f in [default_font, *(style_font(i) for i in by_id)]) \
            and not any(font_encoding(f.get(_W + "ascii") or f.get(_W + "hAnsi"))
                        for f in body.iter(_W + "rFonts")):
        return 0
    converted = 0
    for run in body.iter(_W + "r"):
        font = own_font(run)
        if font is None:
            rstyle = run.find(f"{_W}rPr/{_W}rStyle")
            font = style_font(rstyle.get(_W + "val")) if rstyle is not None else None
        if font is None:
            para = next((a for a in run.iterancestors(_W + "p")), None)
            pstyle = para.find(f"{_W}pPr/{_W}pStyle") if para is not None else None
            font = style_font(pstyle.get(_W + "val") if pstyle is not None else default_para)
        font = font or default_font
        if font_encoding(font) is None:
            continue
        for t in run.iter(_W + "t"):
            if t.text:
                t.text = convert_font_text(t.text, font)
        converted += 1
    return converted
