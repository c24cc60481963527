"""Text normalisation: named cleaning steps composed as a list (eyecite's clean.py style).

The output of :func:`normalize` is *the* text of a document: it is stored, printed by
``vanthu extract --text`` and every ``span`` in the extraction points into it.

Matching helpers (:func:`canon`, :func:`fold`) never change the stored text. ``canon`` is
length-preserving, so a regex run over ``canon(text)`` gives offsets valid in ``text``.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Callable, Iterable

# Old-style ("hòa", "Ủy") and new-style ("hoà", "Uỷ") tone placement both appear in official
# text. canon() rewrites every pair to the old style, which is what Nghị định 30/2020's own
# examples use. Each replacement has the same length, so offsets survive.
_TONE_PAIRS = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
_TONE_PAIRS.update({k.upper(): v.upper() for k, v in list(_TONE_PAIRS.items())})
_TONE_PAIRS.update({k[0].upper() + k[1:]: v[0].upper() + v[1:] for k, v in list(_TONE_PAIRS.items())
                    if k.islower()})
# Only at the end of a syllable: "hoà" → "hòa" but "hoàng" stays.
_TONE_RE = re.compile("(?:" + "|".join(map(re.escape, sorted(_TONE_PAIRS, key=len, reverse=True)))
                      + r")(?!\w)")
# "qu" + tone pair is not a diphthong ("quý" stays "quý"): skip matches preceded by q/Q.
_Q_BEFORE = set("qQ")

Step = Callable[[str], str]


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def newlines(text: str) -> str:
    """CRLF/CR to LF; form feeds (page breaks from PDF readers) and U+2028/2029 to LF."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub("[\f\v\u2028\u2029\x85]", "\n", text)


_INVISIBLE = re.compile("[\ufeff\u200b\u200c\u200d\u2060\u00ad]")


def invisibles(text: str) -> str:
    """Drop BOMs, zero-width characters and soft hyphens."""
    return _INVISIBLE.sub("", text)


_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]")


def spaces(text: str) -> str:
    """Every space variant (NBSP, thin space, tab…) becomes one ASCII space; trailing spaces go."""
    text = _SPACES.sub(" ", text)
    return re.sub(r"[ ]+\n", "\n", text)


_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]")


def dashes(text: str) -> str:
    """Hyphen, en and em dash, minus sign → "-" (symbols like "QĐ–UBND" then match one way)."""
    return _DASHES.sub("-", text)


_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.S)
_ITALIC = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])")
_BOLD_EMPTY = re.compile(r"\*\*")


def emphasis(text: str) -> str:
    """Markdown emphasis marks left by web/markdown exports: ``**878**``, ``*(ký)*``."""
    text = _BOLD.sub(r"\1", text)
    text = _BOLD_EMPTY.sub("", text)
    return _ITALIC.sub(r"\1", text)


DEFAULT_STEPS: tuple[Step, ...] = (nfc, newlines, invisibles, spaces, dashes, emphasis)

# Letters OCR confuses with Vietnamese ones and that never occur in Vietnamese text: the
# Icelandic eth "Ð"/"ð" (U+00D0/U+00F0) printed for "Đ"/"đ" ("QÐ-UBND").
_CONFUSABLES = str.maketrans({"\u00d0": "\u0110", "\u00f0": "\u0111"})
_DOUBLED_D = re.compile("(?:\u0110\u00d0|\u00d0\u0110)")


def ocr_confusables(text: str) -> str:
    """OCR text only: look-alike letters to the Vietnamese letter ("QÐ" → "QĐ"); a bold "Đ"
    read twice, once as each ("QĐÐ-UBND"), becomes one."""
    return _DOUBLED_D.sub("\u0110", text).translate(_CONFUSABLES)


OCR_STEPS: tuple[Step, ...] = (*DEFAULT_STEPS, ocr_confusables)


def normalize(text: str, steps: Iterable[Step] = DEFAULT_STEPS) -> str:
    for step in steps:
        text = step(text)
    return text


def canon(text: str) -> str:
    """Same-length matching form: old-style tone placement everywhere ("Uỷ" → "Ủy")."""
    def sub(m: re.Match[str]) -> str:
        if m.start() > 0 and text[m.start() - 1] in _Q_BEFORE:
            return m.group(0)
        return _TONE_PAIRS[m.group(0)]
    return _TONE_RE.sub(sub, text)


# "Ủy ban nhân dân tính", "Cổng Thông tin điện tử tính": "tỉnh" typed without its dot at the end
# of a body's name (same length, so spans hold).
_TINH_TYPO = re.compile(r"((?:nhân\s+dân|điện\s+tử|UBND|HĐND|Công\s+an|Thuế|Văn\s+phòng)\s)tính"
                        r"(?=\s*[,;:.)]|\s+(?:và|có|chịu|chủ|thực|phối)\b)")


# "Nghị định số 54/2019/NĐ_CP": an underscore typed for the hyphen of a symbol (same length).
_SYMBOL_UNDERSCORE = re.compile(r"(\d/(?:19|20)\d\d/[A-ZĐ]{1,8})_(?=[A-ZĐ])")


@lru_cache(maxsize=4)
def canon_text(text: str) -> str:
    """:func:`canon` of a whole document, computed once: every extractor of one document
    matches over the same canonical text."""
    return _SYMBOL_UNDERSCORE.sub(r"\1-", _TINH_TYPO.sub(r"\1tỉnh", canon(text)))


def strip_accents(text: str) -> str:
    """"Quyết định" → "Quyet dinh"; "Đ" → "D". Not length-preserving in general."""
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", text).replace("đ", "d").replace("Đ", "D")


@lru_cache(maxsize=None)
def _fold_char(c: str) -> str:
    return strip_accents(c).lower()


def fold(text: str) -> str:
    """Search key: accents stripped, lower case, spaces collapsed. Character by character
    through a table of the text's distinct characters (the same as folding the whole string,
    twice as fast on a document)."""
    return " ".join(text.translate({ord(c): _fold_char(c) for c in set(text)}).split())


@lru_cache(maxsize=4)
def fold_text(text: str) -> str:
    """:func:`fold` of a whole document, computed once when it is stored (search index,
    province scan)."""
    return fold(text)


def key(text: str) -> str:
    """Comparison key for names: canonical tones, case-folded, spaces collapsed, no end punctuation."""
    return re.sub(r"\s+", " ", canon(nfc(text)).casefold()).strip(" .;,:")
