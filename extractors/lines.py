"""The lines of a document's header and the patterns that tell its parts apart.

Shared by the header's steps (number, date line, issuer, subject, recipients, signer): a
:class:`Line` keeps its offsets into the normalised text, so every value read from it can
carry a span.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import rx as re

from .normalize import canon

# How far into a document the header may reach (lines); the body starts well before.
HEADER_LINES = 60

WS = r"[ \t]*(?:\n[ \t]*)?"          # spaces, at most one line break (hard wraps)

# "NGHĨA" misprinted ("NGHÍA", "NCHĨA") in some copies.
MOTTO = re.compile(r"CỘNG\s+HÒA\s+XÃ\s+HỘI\s+CHỦ\s+N\S{3,5}\s+VIỆT\s+NAM|"
                   r"Độc\s+lập\s*-\s*Tự\s+do\s*-\s*Hạnh\s+phúc", re.I)
SEPARATOR = re.compile(r"^[\s\-_=.*~–—]{2,}$")
# Lines that begin the body of a document: nothing of the header lies below them.
_OPENERS = ("Căn cứ", "Thực hiện", "Theo đề nghị", "Xét đề nghị", "Xét tờ trình", "Trả lời", "Vừa qua",
            "Thời gian qua", "Thời gian vừa qua", "Trong thời gian qua", "Những năm qua",
            "Trong những năm qua", "Kính gửi")
BODY_START = re.compile(
    r"^[ \t]*(?:" + "|".join(_OPENERS) + r"|Điều 1\b|Chương I\b|Phần I\b|I\.[ \t]|1\.[ \t]|Ngày \d{1,2}[/ ])")
_OPENERS_NOSPACE = tuple(o.replace(" ", "") for o in _OPENERS)

URGENCY = {"khẩn": "khẩn", "thượng khẩn": "thượng khẩn", "hỏa tốc": "hỏa tốc",
           "hỏa tốc hẹn giờ": "hỏa tốc hẹn giờ"}
SECRECY = {"mật": "mật", "tối mật": "tối mật", "tuyệt mật": "tuyệt mật"}


@dataclass
class Line:
    start: int
    end: int
    text: str   # stripped

    @property
    def blank(self) -> bool:
        return not self.text


def split_lines(text: str) -> list[Line]:
    out, pos = [], 0
    for raw in text.split("\n"):
        lead = len(raw) - len(raw.lstrip())
        stripped = raw.strip()
        out.append(Line(pos + lead, pos + lead + len(stripped), stripped))
        pos += len(raw) + 1
    return out


def line_at(lines: list[Line], pos: int) -> int:
    """Index of the line that holds (or ends at) offset ``pos``."""
    lo, hi = 0, len(lines) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if lines[mid].end >= pos:
            hi = mid
        else:
            lo = mid + 1
    return lo


def mask(text: str, pattern: re.Pattern[str]) -> str:
    """Blank out matches, keeping newlines and length."""
    return pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def starts_body(t: str) -> bool:
    """A body line, also when a web copy split its first word ("C ăn cứ Luật …")."""
    return bool(BODY_START.match(t)) or t.lstrip()[:24].replace(" ", "").startswith(_OPENERS_NOSPACE)


def find_body_start(lines: list[Line], first: int = 0) -> int:
    """Index of the first body line at or after the header that starts at line ``first``."""
    for i in range(first + 1, min(len(lines), first + HEADER_LINES)):
        ln = lines[i]
        if starts_body(canon(ln.text)) or len(ln.text) > 220:
            return i
    return min(len(lines), first + HEADER_LINES)


def join_parts(parts: list[str]) -> str:
    """Wrapped pieces on one line, spaces collapsed, closing punctuation dropped."""
    s = re.sub(r"\s+", " ", " ".join(parts)).strip()
    return re.sub(r"[.;:,]+$", "", s).strip()


VOWELS = frozenset("aăâeêioôơuưyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")
_ONSETS = frozenset("b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x".split())
_CODAS = frozenset("c ch m n ng nh p t".split())


def _has_vowel(w: str) -> bool:
    return any(c in VOWELS for c in w.lower())


def close_gaps(s: str) -> str:
    """A capitalised header line with stray spaces inside its words, as vbpl pages print
    them, written whole: "B Ộ KHOA HỌC V À CÔNG NGH Ệ" → "BỘ KHOA HỌC VÀ CÔNG NGHỆ",
    "CH Í NH PHỦ" → "CHÍNH PHỦ", "T HỂ THAO" → "THỂ THAO". A syllable cannot be split
    after its initial consonants or before its final ones, so only such pieces are joined."""
    out: list[str] = []
    glued = False
    for w in s.split(" "):
        if out and w and out[-1].isalpha() and w.isalpha():
            a, low_w = out[-1].lower(), w.lower()
            split_onset = (a in _ONSETS and low_w[0] in VOWELS
                           or len(a) == 1 and not _has_vowel(a) and (a + low_w[:1]) in _ONSETS)
            split_coda = a[-1] in VOWELS and (low_w in _CODAS or glued and len(low_w) == 1)
            if split_onset or split_coda:
                out[-1] += w
                glued = True
                continue
        out.append(w)
        glued = False
    return " ".join(out)
