"""The outline of a document's body as blocks: numbered headings, lettered points, dash items
and paragraphs, each with its parent, so a task can find the unit and the time above it.

Markers read: "I." (roman), "1." / "1.1." / "2.2" (numbered), "a)" / "a/" (lettered), "-" (dash),
"+" (plus), "Điều 5." (article); a line without a marker is a paragraph. A line that goes on in
lower case (or follows a line ending in ","), or that directly follows a long line left
open (no closing punctuation, no blank line between), continues the block above it: hard
wraps and PDF page breaks ("… hai\\n\\nnăm 2018") are joined. Offsets are into the text given.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from . import rx as re
from .names import is_upper_text
from .titles import authority_re, is_signature_line, signed_mark_re

_MARKER = re.compile(
    r"(?P<article>Điều\s+\d+[a-z]?\.?\s*)"
    r"|(?P<part>(?:Chương|Phần|Mục)\s+[IVXLC\d]+\.?\s*)"
    r"|(?P<roman>[IVXLC]{1,5}[.)]\s*)(?=\p{Lu}|\p{Ll})"
    r"|(?P<num>\d{1,2}(?:\.\d{1,2}){1,3}\s+|\d{1,2}(?:\.\d{1,2}){0,3}[.)]\s*)(?=[\p{Lu}\p{Ll}\"“(])"
    r"|(?P<letter>[a-zđ][)/]\s*)(?=\p{L})"
    r"|(?P<paren>\(\d{1,2}\)\s*)(?=\p{L})"
    r"|(?P<rparen>\((?:i{1,3}|iv|vi{0,3}|ix|x)\)\s*)(?=\p{L})"
    r"|(?P<dash>[-–•*]\s*)(?=\S)"
    r"|(?P<plus>\+\s*)(?=\S)")
_LEVELS = {"part": 0, "article": 1, "roman": 1, "letter": 5, "paren": 5, "rparen": 5.5, "dash": 6, "plus": 7, "para": 9}
_HEADING_KINDS = frozenset({"part", "article", "roman", "num", "letter", "paren", "rparen"})
# "Kính gửi:" of a letter, "THỦ TƯỚNG CHÍNH PHỦ điện:" of a công điện: the addressees follow
_KINH_GUI = re.compile(r"\s*(?:Kính\s+gửi\b|(?:[\p{Lu}\s]{4,80}\s)?điện\s*:\s*$)", re.I)
# "Nơi nhận:" heads the recipients list; "Nơi nhận báo cáo" (a table head), "Nơi nhận kết quả." do not.
# (vbpl copies may split a word: "Nơi nh ận:")
_NOI_NHAN = re.compile(r"\s*N ?[ơo] ?i\s+nh ?[ậa] ?n[ \t]*(?::|$)", re.I | re.M)


@dataclass
class Block:
    start: int          # the marker's first character
    body: int           # the content's first character (after the marker)
    end: int            # end of the last line
    kind: str           # article, part, roman, num, letter, dash, plus, para
    level: float
    parent: int | None = None
    children: int = 0

    @property
    def heading_like(self) -> bool:
        return self.kind in _HEADING_KINDS


def _level(kind: str, marker: str) -> int:
    if kind == "num":
        return 2 + marker.strip().rstrip(".)").count(".")
    return _LEVELS[kind]


@lru_cache(maxsize=16)
def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, pos = [], start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        raw = text[pos:stop]
        if raw.strip():
            lead = len(raw) - len(raw.lstrip())
            out.append((pos + lead, pos + len(raw.rstrip())))
        pos = stop + 1
    return out


# "kèm theo" opening a hard-wrapped line ("… (tại Phụ lục II\nkèm theo Nghị quyết này).") goes on a
# sentence; an annex says "(Kèm theo …)", "(Ban hành kèm theo …)" or "Kèm theo …".
# "Ban hành kèm theo Quyết định này Quy chế …" is Điều 1's sentence, not an annex.
_ANNEX_START = re.compile(r"\s*(?:PHỤ\s+LỤC|Phụ\s+lục(?:\s+(?:số\s+)?[IVXLC\d]{1,5})?[ \t]*(?=\n|$)|DANH\s+MỤC|\(\s*(?:Ban\s+hành\s+)?[Kk]èm\s+theo\s|(?:Ban\s+hành\s+kèm|Kèm)\s+theo\s"
                          r"(?!(?:Quyết\s+định|Nghị\s+định|Nghị\s+quyết|Thông\s+tư|Chỉ\s+thị|Kế\s+hoạch)\s+này))")
_CHAPTER = re.compile(r"\s*Chương\s+[IVXLC\d]+\s*$")
_BODY_OPENS = re.compile(r"\s*(?:Căn\s+cứ|Điều\s+\d|Kính\s+gửi|Thực\s+hiện|Theo\s+đề\s+nghị|Xét\s+đề\s+nghị|"
                         r"[IVX]+\.[ \t]|\d+\.[ \t]|[-+•][ \t]*\p{L})", re.I)
# The first words of a letter's text after its addressees ("Kính gửi: Bộ trưởng⏎Bộ Công Thương⏎Xét đề nghị …").
_LETTER_OPENS = re.compile(r"[ \t]*(?:Căn\s+cứ|Thực\s+hiện|Theo\s+đề\s+nghị|Xét\s+đề\s+nghị|Trả\s+lời|Tiếp\s+theo)\s")
_ANNEX_TITLE = re.compile(r"(?:KẾ HOẠCH|CHƯƠNG TRÌNH|QUY CHẾ|QUY ĐỊNH|ĐỀ ÁN|PHƯƠNG ÁN|HƯỚNG DẪN)\s*$")


def body_ranges(text: str) -> list[tuple[int, int]]:
    """The body, and each plan, programme or rule set issued with it after "Nơi nhận"
    ("KẾ HOẠCH … (Ban hành kèm theo Quyết định số …)"): tables and lists of annexes are left out."""
    start, end = body_range(text)
    out = [(start, end)]
    if end < len(text):
        titles = [s for s, e in _lines(text, max(start, end - 300), len(text)) if _ANNEX_TITLE.match(text, s, e)]
        if titles and titles[0] < end:
            out = [(start, titles[0])]
        for k, s in enumerate(titles):
            out.append((s, _annex_end(text, s, titles[k + 1] if k + 1 < len(titles) else len(text))))
    return out


_MOTTO = re.compile(r"\s*CỘNG\s+HÒA\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM")
# Where the rules or plan themselves begin, past their title block ("(Ban hành kèm theo …)"); not
# _BODY_OPENS, whose "Căn cứ …" and dash lines may stand in that block.
_RULES_OPEN = re.compile(r"\s*(?:Điều\s+\d|Chương\s+[IVXLC\d]|[IVX]+\.[ \t]|\d+\.[ \t])")


def _annex_end(text: str, start: int, end: int) -> int:
    """Where a rule set or plan issued with the document ends: before its own annexes ("Phụ lục
    I ⏎ CÔNG VĂN CỬ ĐOÀN …") or a form's header ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")."""
    begun = False
    for s, _ in _lines(text, start, end):
        if begun and (_ANNEX_START.match(text, s) and not _quoting(text, s) or _MOTTO.match(text, s)):
            return s
        begun = begun or bool(_RULES_OPEN.match(text, s))
    return end


def _quoting(text: str, pos: int) -> bool:
    """Whether ``pos`` stands inside a quotation (“Phụ lục II … (Kèm theo Nghị định số …)”: an
    amended annex quoted in full, not the annexes of this document)."""
    k = text.rfind("“", max(0, pos - 500), pos)    # the annex's title opens the quotation a few lines up
    return k >= 0 and "”" not in text[k:pos]


def _signature_starts(text: str, lines: list[tuple[int, int]], i: int) -> bool:
    """Whether line ``i`` opens the signature block: a delegation line in capitals ("TM. CHÍNH
    PHỦ", "KT. BỘ TRƯỞNG"), or a title in capitals right above "(Đã ký)" ("BỘ TRƯỞNG")."""
    s, e = lines[i]
    if e - s > 90 or not text[s].isupper():          # lines are stripped spans: most are out at once
        return False
    line = text[s:e]
    if authority_re().match(line) and is_upper_text(line, 0.6):
        return True
    nxt = text[lines[i + 1][0]:lines[i + 1][1]].strip() if i + 1 < len(lines) else ""
    return bool(signed_mark_re().match(nxt)) and is_signature_line(line)


def body_range(text: str) -> tuple[int, int]:
    """[start, end) of the body: after the "Kính gửi" list, before "Nơi nhận"."""
    start, end = 0, len(text)
    lines = _lines(text, 0, len(text))
    begun = False                                   # "DANH MỤC …" in the title is not an annex
    for i, (s, _) in enumerate(lines):
        chapter = i > 0 and bool(_CHAPTER.fullmatch(text, *lines[i - 1]))   # "Chương II" ⏎ "DANH MỤC …"
        if (_NOI_NHAN.match(text, s) or _ANNEX_START.match(text, s) and begun and not chapter and not _quoting(text, s)
                or begun and _signature_starts(text, lines, i)) and i > 5:   # "TM. CHÍNH PHỦ", no "Nơi nhận" before it
            end = s
            break
        begun = begun or bool(_BODY_OPENS.match(text, s))
    wrapped = is_wrapped(text)
    for i, (s, e) in enumerate(lines[:80]):
        if s >= end:
            break                                   # a form's "Kính gửi" in an annex after "Nơi nhận"
        if _KINH_GUI.match(text[s:e]):
            j = i + 1
            while j < len(lines) and not _LETTER_OPENS.match(text, lines[j][0]) and (
                    text[lines[j][0]] in "-+•" or text[lines[j - 1][1] - 1] in ",:"
                                      or "\n\n" not in text[lines[j - 1][1]:lines[j][0]] and (
                                          text[lines[j][0]].islower()
                                          or wrapped and text[lines[j - 1][1] - 1] not in ".;!?")):
                j += 1
            start = lines[j][0] if j < len(lines) else e
            break
    return start, max(start, end)


def wrapped_layout(text: str, lines: list[tuple[int, int]]) -> bool:
    """Whether the text keeps a page's hard line wrapping (thuvienphapluat pages, PDFs): many
    lines of 60-100 characters and almost none longer, so a paragraph runs over several lines."""
    band = sum(1 for s, e in lines if 60 <= e - s <= 100)
    over = sum(1 for s, e in lines if e - s > 120)
    return band >= 5 and over <= 0.02 * len(lines)


def is_wrapped(text: str) -> bool:
    """:func:`wrapped_layout` of a whole text."""
    return wrapped_layout(text, _lines(text, 0, len(text)))


_CLOSED = ".;:!?"
# A line cannot end on a word that needs what follows it.
# A shared head before a colon at a line's end, and the names it distributes on the next line
# ("Giám đốc các Sở:⏎Xây dựng, Tài chính, Nội vụ"): the list belongs to the line before.
_SHARED_HEAD = re.compile(r"(?<![\p{L}])(?:các|những)[ \t]+(?:Bộ|Sở|Ban|Cục|Vụ|tỉnh|thành[ \t]+phố|huyện|xã)[ \t]*:[ \t]*$", re.I)
_NAME_LIST = re.compile(r"\p{Lu}[\p{L} \t-]{0,40},[ \t]*\p{Lu}")
_OPEN_END = re.compile(r"(?<![\p{L}])(?:đề\s+nghị|giao|yêu\s+cầu|của|và|với|cho|tại|theo|các|để|gửi)[ \t]*$")


def _continues(text: str, prev: "Block", s: int, e: int, wrapped: bool, marker: re.Match | None) -> bool:
    """Whether line ``text[s:e]`` goes on with block ``prev`` rather than starting a block."""
    first, last = text[s], text[prev.end - 1]
    gap = text[prev.end:s]
    adjacent = gap.count("\n") <= 1                       # no blank line between
    if marker is not None:
        # "… theo\nĐiều 2 Quyết định số …": an article number without its dot, inside a sentence
        return (wrapped and adjacent and last not in _CLOSED and marker.lastgroup == "article"
                and not re.match(r"Điều\s+\d+[a-z]?\.", text[s:e]))
    if first.islower() or last in ",-–" or (first.isdigit() and last not in _CLOSED):
        return True
    line = text[prev.end - min(prev.end - prev.start, 200):prev.end].rsplit("\n", 1)[-1]
    if wrapped and adjacent and last == ";" and len(line) >= 70 and first.isupper():
        return True                                  # "…; Thủ trưởng các sở;⏎Chủ tịch UBND …": a wrap after ";"
    if adjacent and _SHARED_HEAD.search(line) and _NAME_LIST.match(text, s, e):
        return True                                  # "Bộ trưởng các Bộ:⏎Xây dựng, Ngoại giao, …": one list
    if not adjacent or last in _CLOSED + ")”\"":
        return False
    if _OPEN_END.search(line):
        return True                                  # "1. Về thủ tục: đề nghị⏎Công ty nghiên cứu …"
    if wrapped:
        # a capitals-only heading line ("II. NỘI DUNG") is not continued by a sentence
        return not (line.upper() == line and any(ch.islower() for ch in text[s:e]))
    return not prev.heading_like and prev.kind != "article" and prev.end - prev.start > 40


def blocks(text: str, start: int = 0, end: int | None = None) -> list[Block]:
    """The blocks of ``text[start:end]`` in reading order, each with its parent's index."""
    end = len(text) if end is None else end
    lines = _lines(text, start, end)
    wrapped = wrapped_layout(text, lines)
    out: list[Block] = []
    waiting = False                                      # a marker alone on its line ("1.")
    marker_end = 0
    for s, e in lines:
        m = _MARKER.match(text, s)
        if m is not None and m.end() > e:                # the marker's \s* ran into the next line
            kind = m.lastgroup or "para"
            out.append(Block(s, e, e, kind, _level(kind, m.group(0))))
            waiting, marker_end = True, m.end()
            continue
        if waiting:                                      # "Điều" ⏎ "10. Trách nhiệm …": the number is the marker's
            out[-1].body, out[-1].end = max(s, min(marker_end, e)), e
            waiting = False
            continue
        if out and _continues(text, out[-1], s, e, wrapped, m):
            out[-1].end = e
            continue
        kind = m.lastgroup if m else "para"
        marker = m.group(0) if m else ""
        out.append(Block(s, s + len(marker), e, kind or "para", _level(kind or "para", marker)))
    _link(out)
    return out


def _link(items: list[Block]) -> None:
    """Parent of a marked block: the nearest block above of lower level; of a paragraph: the
    nearest heading-like block above (a paragraph under a dash list belongs to the heading)."""
    heading: int | None = None          # the last heading-like block
    open_: list[int] = []               # marked blocks above, levels rising (a stack: linear)
    for i, b in enumerate(items):
        if b.kind == "para":
            j = heading
        else:
            while open_ and items[open_[-1]].level >= b.level:
                open_.pop()
            j = open_[-1] if open_ else None
            open_.append(i)
        if j is not None:
            b.parent = j
            items[j].children += 1
        if b.heading_like:
            heading = i


def ancestors(items: list[Block], i: int) -> list[int]:
    """Indices of the blocks enclosing block ``i``, nearest first."""
    out = []
    p = items[i].parent
    while p is not None:
        out.append(p)
        p = items[p].parent
    return out


def quotations(c: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of text in curly quotes that run over more than one line ("… quy định: “Điều 257. …
    d) Chính phủ quy định …”"): quoted law or an earlier document, whose duties are not this one's."""
    out, pos = [], start
    while True:
        a = c.find("“", pos, end)
        if a < 0:
            return out
        b = c.find("”", a + 1, end)
        if b < 0:
            return out                                # a stray "“" (OCR noise) quotes nothing
        again = c.find("“", a + 1, b)
        if again >= 0:                                # "“ … “ … ”": the first one was stray
            pos = again
            continue
        if "\n" in c[a:b]:
            out.append((a, b))
        pos = b + 1
