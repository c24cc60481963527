"""The date line "Địa danh, ngày … tháng … năm …": the place and the issue date."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from . import rx as re

from . import lexicon
from .lines import WS
from .normalize import canon

DATE_RE = re.compile(
    r"(?P<place>(?:\p{Lu}(?: (?=\p{Ll}))?[\p{L}.]*\.?[ \t]*(?:-[ \t]*)?(?:\n(?=[ \t]*\p{Lu}[\p{L}.]*[ \t]*,))?){1,5}?)"
    r"[ \t]*,?" + WS +
    # a stray space before the vowel, as vbpl copies have it: "ng ày", "th áng"
    # a day that OCR could not read ("ngày @@ tháng 11", "ngày 0† tháng 02") still dates the line
    # and a stray space inside the day or month too: "ngày 1 5 tháng 1 1 năm 2025"
    r"(?i:ng ?ày)" + WS + r"(?:(?P<d>[0-3][ \t]\d(?=\s+(?i:th ?áng))|\d{1,2})(?![^\s\p{L}])|[^\s]{1,3})?" + WS
    + r"(?i:th ?áng)" + WS + r"(?P<m>1[ \t][0-2](?=\s+(?i:n ?ăm))|\d{1,2})?" + WS
    + r"(?i:n ?ăm)" + WS + r"(?P<y>\d(?:[ \t]?\d){3}(?!\d))")   # "năm 202 5" (vbpl copies)

# A law or a National Assembly resolution has no date line: it is dated by its adoption,
# "Luật này được Quốc hội … thông qua ngày 26 tháng 11 năm 2025."
ADOPTED_RE = re.compile(r"thông\s+qua(?:\s+tại\s+(?:Phiên|Kỳ)\s+họp\s+thứ\s+\d{1,3})?\s+ngày\s+(?P<d>[0-3][ \t]\d|\d{1,2})"
                        r"\s+tháng\s+(?P<m>1[ \t][0-2]|\d{1,2})\s+năm\s+(?P<y>\d(?:[ \t]?\d){3}(?!\d))", re.I)


@dataclass
class DateLine:
    match: re.Match[str] | None
    place: str | None = None
    issued_on: str | None = None
    place_span: list[int] | None = None
    date_span: list[int] | None = None


def _iso(m: re.Match[str]) -> str | None:
    try:
        y, mo, d = ("".join(m.group(k).split()) for k in ("y", "m", "d"))
        return dt.date(int(y), int(mo), int(d)).isoformat()
    except ValueError:
        return None


def find_date_line(text: str, ctext: str, start: int, limit: int) -> DateLine:
    """The first date line between ``start`` and ``limit``; a law's adoption date when there
    is none."""
    date = next((m for m in DATE_RE.finditer(ctext, start, limit) if not _cited(ctext, m)), None)
    out = DateLine(date)
    if date:
        p_start, p_end = date.start("place"), date.end("place")
        known = _known_place(text, ctext, p_end)
        if known:
            p_start = known
        elif "\n" in text[p_start:p_end]:
            # A place hard-wrapped over two lines ("Quảng" / "Trị, ngày …") keeps its first
            # line only when that line holds nothing else.
            nl = text.index("\n", p_start)
            if not (p_start == 0 or text[p_start - 1] == "\n"):
                p_start = nl + 1
        out.place = clean_place(text[p_start:p_end])
        out.place_span = [p_start, p_end]
        if date.group("d") and date.group("m"):
            out.issued_on = _iso(date)
            if out.issued_on:
                out.date_span = [date.start("d"), date.end("y")]
    if not out.issued_on:
        adopted = None
        for adopted in ADOPTED_RE.finditer(ctext):
            pass
        if adopted:
            out.issued_on = _iso(adopted)
            if out.issued_on:
                out.date_span = [adopted.start("d"), adopted.end("y")]
    return out


_SYMBOL_TAIL = re.compile(r"^[\p{Lu}\d]+(?:-[\p{Lu}\p{L}\d]+)+$")


def _cited(ctext: str, m: re.Match[str]) -> bool:
    """A date that belongs to a cited number ("… số 06/2005/NĐ-CP" / "ngày 19 tháng 01 năm
    2005"), not a date line: its "place" is the tail of a symbol."""
    place = m.group("place").strip()
    if "\n" in place:
        return False      # "UBND-VP" / "Kbang, ngày …": the place is on the date's own line
    return bool(_SYMBOL_TAIL.match(place)) or ctext[max(0, m.start("place") - 1):m.start("place")] == "/"


@cache
def _place_re() -> re.Pattern[str]:
    """A province-level place at the end of the text before ", ngày": its name or alias,
    with the city prefix it may carry ("Thành phố Hồ Chí" / "Minh", "TP. Hồ Chí Minh")."""
    names = {n for p in lexicon.load("provinces.json")["provinces"] for n in [p["name"], *p.get("aliases", [])]}
    alts = "|".join(re.escape(canon(n)).replace(r"\ ", r"\s+")
                    for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\p{{L}}.])(?:(?:Thành\s+phố|TP\.?|Tp\.?)\s*)?(?:{alts})$", re.I)


def _known_place(text: str, ctext: str, end: int) -> int | None:
    """Where a known place ending at ``end`` begins, over at most one line break; None when
    the text before ``end`` does not end with a province-level name."""
    nl = text.rfind("\n", 0, end)
    begin = text.rfind("\n", 0, nl) + 1 if nl >= 0 else 0
    m = _place_re().search(ctext, begin, end)
    return m.start() if m else None


def clean_place(s: str) -> str:
    """Spaces collapsed; a stray space inside a word, as web copies have it ("Hà N ội"), closed."""
    s = re.sub(r"\s+", " ", s).strip(" ,-")
    return re.sub(r"(?<!\w)(\p{Lu}) (?=\p{Ll})", r"\1", s)
