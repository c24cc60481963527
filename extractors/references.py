"""Citations of other documents: which documents a text cites by number, and how it relates to each.

A citation is a type word and/or "số" followed by a number and symbol ("Quyết định số
490/QĐ-TTg", "Quyết định 34/QĐ-UBND", "Công văn số: 2205/…", "Luật Ngân sách nhà nước số
83/2015/QH13", "Nghị quyết số 57-NQ/TW"), optionally followed by its date ("ngày 07/5/2018",
"ngày 07 tháng 5 năm 2018") and its issuer ("của Thủ tướng Chính phủ"). A bare number counts
only as the next item of a list of citations ("các Quyết định số 12/QĐ-UBND, 13/QĐ-UBND").

Citations of the same number are merged into one reference: the first date given wins (later
different dates go to ``date_conflicts``), a later full citation completes an earlier short one.

The relation comes from trigger words (``data/reference_relations.json``): the closest
trigger just before the citation, else the relation of the list the citation continues, else
the trigger that opens its sentence or the line introducing its enumerated list. An amending
trigger that tells a third document's history, or a task for later, credits no amendment
(extractors/reference_history.py); the citation then takes the relation of its clause.

Regexes run over ``canon(text)`` (same length as ``text``), so spans are valid in ``text``.
"""
from __future__ import annotations

from collections.abc import Iterator

import datetime as dt
from dataclasses import dataclass
from functools import cache

from . import rx as re

from . import lexicon
from .header import normalize_number, type_from_symbol
from .normalize import canon_text, key
from .reference_history import history_phrases, is_passive, is_proposal, owned_by_previous, within_rank
from .spans import Cover

_WS = r"[ \t]*(?:\n[ \t]*)?"          # spaces, at most one line break (hard wraps)
_GAP = r"(?:[ \t]+|[ \t]*\n[ \t]*)"    # the same, but never empty

# Party style "57-NQ/TW"; state style "490/QĐ-TTg", "30/2017/NQ-HĐND", "83/2015/QH13".
_PART = r"[\p{L}\d&]*(?:\.[\p{L}\d&]+)*"
# A stray space inside a symbol ("37/2025/TTBNN MT", "QLN& TTBĐS"): the piece after it is a short
# capital code followed by lower-case text or punctuation, never a word of an all-capitals title.
_SPACED_PART = (r"(?:(?<=&)[ \t]+[A-ZĐ][A-ZĐ&]{1,5}|[ \t]+[A-ZĐ][A-ZĐ]{1,2})(?![\p{L}\d&])"
                r"(?=[ \t]*(?:[,;.()]|\p{Ll}|$))")
_NUMBER = (r"(?<![\p{L}\d./-])(?P<number>\d{1,6}-\p{Lu}\p{L}{0,5}[ \t]*/[ \t]*\p{Lu}[\p{L}\d]*"
           r"|\d{1,6}[A-Za-z]?(?:[.-]\d{1,6})?[ \t]*/[ \t]*(?:\d{4}[ \t]*/[ \t]*)?\p{Lu}" + _PART
           + r"(?:(?:-|[ \t]+-[ \t]*|-[ \t]*\n?[ \t]*)(?=[\p{Lu}\d&]+(?![\p{L}\d]))[\p{Lu}\d]" + _PART
           + r"|-[\p{Lu}\d]" + _PART + r"|" + _SPACED_PART + r")*"
           # Old style without a slash ("Nghị định số 169-CP", "công văn số 1025-CVHQ"): only
           # after a type word (find_citations drops it otherwise; "mẫu số 01-SHTT" is a form).
           r"|\d{1,6}-\p{Lu}\p{L}{1,7})(?![\p{L}\d/])")

# A correspondent's own numbering ("Trả lời công văn số USABC-HN-20251121-01 ngày …", "Đơn đề
# nghị số LOR2025/01 ngày …"): any code with a letter and a digit, between "công văn / văn bản /
# đơn … số" and its date.
_LETTER_CODE = (r"(?<!\p{L})(?P<letter>(?i:công" + _GAP + r"văn|văn" + _GAP + r"bản|đơn(?:" + _GAP + r"đề"
                + _GAP + r"nghị)?))" + _GAP + r"(?i:số)[ \t]*:?" + _WS
                + r"(?P<number>(?=[^\s,;]*\d)(?=[^\s,;]*\p{L})[\p{L}\d][\p{L}\d./&-]{2,40}[\p{L}\d])"
                r"(?=[ \t]*,?[ \t]*(?i:ngày)[ \t]*\d)")

# A date right after the number: "ngày 07/5/2018", "ngày 07 tháng 5 năm 2018", "ngày 15/3" (the
# word typed twice: "ngày ngày 08/6/2010"); on the next line only in lower case (a line opening
# "Ngày …" starts a new sentence).
_DATE_TAIL = re.compile(
    r"[ \t]*[,(]?[ \t]*(?:(?i:ngày)|\n[ \t]*(?:ngày|NGÀY))(?:" + _WS + r"(?i:ngày))?" + _WS
    + r"(?:(?P<d>\d{1,2})[ \t]*[/.-][ \t]*(?P<m>\d{1,2})(?:[ \t]*[/.-][ \t]*(?P<y>\d{4}))?(?![\d/])"
    + r"|(?P<d2>\d{1,2})" + _WS + r"(?i:tháng)" + _WS + r"(?P<m2>\d{1,2})(?:" + _WS + r"(?i:năm|tháng)" + _WS
    + r"(?P<y2>\d{4}))?)")

# "Ngày 16/6/2025, Quốc hội đã thông qua Luật … số 72/2025/QH15": a date that opens the sentence
# dates the one citation its clause goes on to name (no comma, no other date between them).
_DATE_BEFORE = re.compile(
    r"(?:^|(?<=\n)|(?<=[.;:][ \t]))[ \t]*(?:[-+•*][ \t]*|\(?(?:\d{1,2}|[a-zđ])[.)][ \t]*)?Ngày" + _WS
    + r"(?P<d>\d{1,2})[ \t]*/[ \t]*(?P<m>\d{1,2})[ \t]*/[ \t]*(?P<y>\d{4})[ \t]*,"
    r"(?P<gap>(?:[^,;.:()\n\d]|\n(?![ \t]*\n)){1,140})$")

# Words that end an issuer name: the subject or verb that follows it. A name may go on over a
# hard-wrapped line ("của Chính\nphủ").
_ISSUER_STOP = (r"(?i:v/v|về|phê[ \t]+duyệt|ban[ \t]+hành|quy[ \t]+định|hướng[ \t]+dẫn|sửa[ \t]+đổi|"
                r"bổ[ \t]+sung|điều[ \t]+chỉnh|tại|đã|đến|gửi|nhằm|để|thì|thực[ \t]+hiện|triển[ \t]+khai|"
                r"trong|cho|với|là|số|kèm[ \t]+theo|ngày|hiện|đang|được|có|giao|yêu[ \t]+cầu|đề[ \t]+nghị|nay|"
                r"như|khi|do)(?!\p{L})|(?:Điều|Chương|Mục|Phần|Căn cứ|Theo|Xét|quản lý)(?!\p{L})"
                r"|(?:Quyết định|Nghị quyết|Nghị định|Thông tư|Công văn|Chỉ thị|Thông báo|Báo cáo|Tờ trình)"
                r"(?!\p{L})")
_ISSUER_TAIL = re.compile(r"[ \t]*,?[ \t]*(?i:của)[ \t]+(?P<issuer>\p{Lu}(?:[^\n;:,.()\"“”]|\n(?=[ \t]*\p{L})){0,120}?)"
                          r"(?=[ \t]*(?:[;:,.()\"“”]|\n(?![ \t]*\p{L})|$)|[ \t]+(?:(?:và|hoặc)[ \t]+)?(?:" + _ISSUER_STOP + "))")
# "chỉ đạo của Bộ Nông nghiệp và Phát triển nông thôn tại Công văn số …": issuer before.
_ISSUER_BEFORE = re.compile(r"(?i:của)[ \t]+(?P<issuer>\p{Lu}[^\n;,.()]{0,120}?)[ \t]+(?i:tại)[ \t]+$")

# A word of a law's name: anything but the "số" that introduces its number ("Luật sửa đổi,
# bổ sung một số điều của Luật Cán bộ, công chức và Luật Viên chức số 52/2019/QH14") and the
# type word of another citation ("Luật Hóa chất và Nghị định số 113/2017/NĐ-CP").
_NAME_WORD = (r"(?!(?i:số)(?!\p{L})[ \t]*[:.]?" + _WS + r"\d|(?i:nghị[ \t]+định|nghị[ \t]+quyết|quyết[ \t]+định|"
              r"thông[ \t]+tư|chỉ[ \t]+thị|công[ \t]+văn)(?!\p{L}))[\p{L}\d,]+(?![\p{L}\d,])")
# A form's code ("tại Mẫu số 01/MGTH", "theo mẫu 02/KK-TNCN") is not a citation.
_FORM = re.compile(r"(?<!\p{L})(?i:mẫu)(?:[ \t]+(?i:số))?[ \t]*:?[ \t]*$")
# What may separate two items of one list of citations.
_CONNECTOR = re.compile(r"(?:[,;]|[ \t](?:và|hoặc))[ \t]*(?:(?:và|hoặc)[ \t]+)?(?:(?i:các)[ \t]+)?$")
# A trigger does not reach over another list item: "thực hiện cấp huyện, xã và Công văn số …".
_LIST_BREAK = re.compile(r";|(?<!\p{L})(?:và|hoặc)(?!\p{L})")
_SENTENCE_END = re.compile(r"\n|[.!?](?=[ \t]+\S)")
_LIST_MARKER = r"[ \t]*(?:[-+•*][ \t]*|\(?(?:\d{1,2}(?:\.\d{1,2})*|[a-zđ]|[IVX]{1,4})[.)][ \t]*)*"
# Only the last few words before a citation hold a trigger that governs it directly.
NEAR_WORDS = 10
# How far back a list item looks for the line that introduces its list.
LIST_LOOKBACK = 40
# Relations by which the citing document changes the cited one.
_CHANGING = ("amends", "replaces")
# What _near_trigger gives for wording that tells a third document's history.
HISTORY = "history"
# A report that carries out a công văn's request answers it.
_REPORT_TYPES = {"bao_cao"}
_REQUEST_TYPES = {"cong_van", "cong_dien"}


@dataclass
class Citation:
    start: int
    end: int
    number: str
    doc_type: str | None        # from a type word (own or inherited from its list)
    symbol_type: str | None     # from the symbol's type code
    issued_on: str | None
    issuer: str | None
    relation: str = "mentions"


@cache
def _type_words() -> dict[str, str]:
    return {k: v for k, v in lexicon.type_by_name().items() if k not in {"luật", "bộ luật"}}


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"[ \t]+")
                    for w in sorted(words, key=len, reverse=True))


@cache
def _cite_re() -> re.Pattern[str]:
    types = _alternation(list(_type_words()))
    return re.compile(
        r"(?:(?<!\p{L})(?:"
        r"(?P<law>Bộ[ \t]+luật|BỘ[ \t]+LUẬT|Luật|LUẬT)(?:" + _GAP + _NAME_WORD + r"){0,25}?"
        + _WS + r"(?i:số)"
        r"|(?P<type>(?i:" + types + r"))(?:" + _WS + r"(?i:số|so))?"  # "Chỉ thị so 41-CT/TW": a typo
        r"|(?i:số))(?!\p{L})[ \t]*[:.]?" + _WS + r"|(?P<bare>))" + _NUMBER
        + r"|" + _LETTER_CODE)


@cache
def _list_head_re() -> re.Pattern[str]:
    """"các Nghị định của Chính phủ: " before a typeless "số 63/2010/NĐ-CP"."""
    return re.compile(r"(?i:các|những)[ \t]+(?P<type>(?i:" + _alternation(list(_type_words()))
                      + r"))(?!\p{L})[^:;\n]{0,80}:[ \t]*$")


@cache
def _triggers() -> tuple[re.Pattern[str], dict[str, str | None]]:
    """One regex over every trigger and ignored phrase, and the relation each key gives."""
    data = lexicon.load("reference_relations.json")
    table: dict[str, str | None] = {key(p): None for p in data["ignore"]}
    for rel in data["relations"]:
        table.update({key(t): rel["relation"] for t in rel["triggers"]})
    return re.compile(r"(?<!\p{L})(?i:" + _alternation(list(table)) + r")(?!\p{L})"), table


def _trigger_at(m: re.Match[str] | None) -> str | None:
    return _triggers()[1][key(m.group(0))] if m else None


def _parse_date(m: re.Match[str], default_year: int | None) -> str | None:
    """The ISO date; a date without a year takes ``default_year``."""
    d, mo, y = (m.group("d"), m.group("m"), m.group("y")) if m.group("d") else \
        (m.group("d2"), m.group("m2"), m.group("y2"))
    year = int(y) if y else default_year
    if year is None:
        return None
    try:
        return dt.date(year, int(mo), int(d)).isoformat()
    except ValueError:
        return None


def _symbol_type(number: str) -> str | None:
    party = re.fullmatch(r"\d+-(\p{Lu}\p{L}*)/.+", number)
    if party:
        return lexicon.type_by_code().get(party.group(1))
    return type_from_symbol(number)


def _sentence_start(ctext: str, pos: int) -> int:
    """Start of the sentence holding ``pos``: after the last line break or full stop."""
    floor = max(0, pos - 2000)
    last = None
    for last in _SENTENCE_END.finditer(ctext, floor, pos):
        pass
    return last.end() if last else floor


def _near_trigger(ctext: str, start: int, pos: int, prev_end: int | None = None) -> str | None:
    """The closest trigger among the last NEAR_WORDS words of ``ctext[start:pos]``; none when
    an amending trigger tells a third document's history (extractors/reference_history.py:
    passive, or the verb of the citation ending at ``prev_end``)."""
    words = list(re.finditer(r"\S+", ctext, pos=start, endpos=pos))
    if not words:
        return None
    window_start = words[-NEAR_WORDS].start() if len(words) >= NEAR_WORDS else words[0].start()
    last = None
    for last in _triggers()[0].finditer(ctext, window_start, pos):
        pass
    if last and _LIST_BREAK.search(ctext, last.end(), pos):
        return None
    if last is None:
        return None
    relation = _trigger_at(last)
    if relation is None and key(last.group(0)) in history_phrases():
        return HISTORY                               # "được sửa đổi, bổ sung bởi …"
    if relation in _CHANGING and (is_passive(ctext, last.start(), last.end(), pos)
                                  or owned_by_previous(ctext, prev_end, last.start())):
        return HISTORY
    if relation in _CHANGING and is_proposal(ctext, start, last.start()):
        return None                                  # "tham mưu … điều chỉnh, bổ sung Quyết định số …"
    return relation


def _opening_trigger(ctext: str, start: int, pos: int) -> str | None:
    """The trigger that opens the clause ``ctext[start:pos]``, unless a new clause with its
    own verb ("…, UBND tỉnh đã ban hành") comes between it and ``pos``."""
    lead = re.match(_LIST_MARKER, ctext[start:pos])
    m = _triggers()[0].match(ctext, start + lead.end(), pos)
    if m and not re.search(r"(?<!\p{L})đã(?!\p{L})", ctext[m.end():pos]):
        return _trigger_at(m)
    return None


def _list_intro_trigger(ctext: str, line_start: int) -> str | None:
    """For an item of an enumerated list ("Căn cứ:" / "- Nghị định số …;"), the trigger of the
    line that introduces the list."""
    end = line_start - 1
    for _ in range(LIST_LOOKBACK):
        if end < 0:
            return None
        start = ctext.rfind("\n", 0, end) + 1
        line = ctext[start:end].strip()
        if line.endswith(":"):
            return _opening_trigger(ctext, start, end)
        if line and not (line.endswith((";", ",")) or re.match(r"[-+•*]", line)):
            return None
        end = start - 1
    return None


def _relation(ctext: str, c: Citation, prev: Citation | None, chained: bool = False,
              prev_end: int | None = None) -> str:
    """``prev_end``: where the previous citation that is not the document itself ends."""
    sent = _sentence_start(ctext, c.start)
    # A list hard-wrapped over a line break is still one sentence for the items it continues.
    in_sentence = prev if prev and (prev.end > sent or chained) else None
    near = _near_trigger(ctext, in_sentence.end if in_sentence else sent, c.start, prev_end)
    if near == HISTORY:
        # Another document's history: the citation stands in the clause it is part of
        # ("Căn cứ Nghị định số 20/2021/NĐ-CP …, được sửa đổi, bổ sung bởi Nghị định số …").
        opening = _opening_trigger(ctext, sent, c.start)
        if opening is None and sent == ctext.rfind("\n", 0, c.start) + 1:
            opening = _list_intro_trigger(ctext, sent)
        return opening if opening and opening not in _CHANGING else "mentions"
    if near:
        return near
    if in_sentence:
        gap = ctext[in_sentence.end:c.start]
        return in_sentence.relation if _CONNECTOR.search(gap) else "mentions"
    opening = _opening_trigger(ctext, sent, c.start)
    if opening in _CHANGING and owned_by_previous(ctext, prev_end, sent):
        opening = None                               # "… của Bộ trưởng\nvề việc sửa đổi, bổ sung Quyết định số …"
    if opening:
        return opening
    line_start = ctext.rfind("\n", 0, c.start) + 1
    if sent == line_start:
        return _list_intro_trigger(ctext, line_start) or "mentions"
    return "mentions"


def _chained(ctext: str, c_start: int, prev: Citation | None) -> bool:
    """True when ``c_start`` continues the list that ``prev`` is an item of."""
    if prev is None:
        return False
    gap = ctext[prev.end:c_start]
    if gap.count("\n") == 1 and re.search(r"\S", gap.split("\n")[0]):
        gap = re.sub(r"[ \t]*\n[ \t]*", " ", gap)  # a list of numbers hard-wrapped after a comma
    return "\n" not in gap and not re.search(r"[.!?][ \t]", gap) and bool(_CONNECTOR.search(gap)) \
        and len(gap) <= 200


# A number whose symbol says what it is, year included: cited even without a type word before it.
_FULL_SYMBOL = re.compile(r"\d{1,5}/(?:19|20)\d\d/(?:QH\d{1,2}|(?:NĐ|TT|QĐ|NQ|CT|TTLT|NQLT)-[\p{Lu}Đ][\p{Lu}Đ\d]*(?:-[\p{Lu}Đ\d]+)*)")


# Every citation holds a number with "/" or "-" after its first digits, or (a letter's code)
# is followed by "ngày <digit>": the citation pattern is only tried in windows around these.
_ANCHOR = re.compile(r"\d{1,6}[A-Za-z]?(?:[.-]\d{1,6})?[ \t]*/|\d{1,6}-\p{Lu}|(?P<date>(?i:ngày)[ \t]*\d)")
# How far a match may begin before its anchor (a law's name runs up to 25 words before "số"; a
# letter's code stands right before its date) and end after it.
_BEFORE, _BEFORE_DATE, _AFTER = 400, 80, 160


def _cite_matches(ctext: str) -> Iterator[re.Match[str]]:
    """``_cite_re().finditer(ctext)``, tried only near numbers and dates (the pattern tried at
    every character was ~40 % of extraction time)."""
    return re.finditer_near(_cite_re(), ctext, _ANCHOR, _BEFORE, _AFTER,
                            lambda a: _BEFORE_DATE if a.group("date") else _BEFORE)


def find_citations(text: str, issued_on: str | None = None, own_number: str | None = None
                   ) -> list[Citation]:
    """Every citation in ``text``, in order, before merging repeats of one number (the
    document's own number, ``own_number``, never owns an amending verb after it)."""
    ctext = canon_text(text)
    other_end: int | None = None                     # end of the last citation of another document
    own_year = int(issued_on[:4]) if issued_on else None
    out: list[Citation] = []
    for m in _cite_matches(ctext):
        prev = out[-1] if out else None
        chained = _chained(ctext, m.start("number"), prev)
        number = normalize_number(text[m.start("number"):m.end("number")])
        if m.group("bare") is not None and not chained and not _FULL_SYMBOL.fullmatch(number):
            continue                                 # but "Luật Thuế GTGT 13/2008/QH12" names a document
        if _FORM.search(ctext, max(0, m.start("number") - 16), m.start("number")):
            continue                                 # "Mẫu số 02/KK-TNCN": a form, not a document
        if "/" not in number and not (m.group("type") or m.group("law") or m.group("letter")):
            continue
        if m.group("law"):
            doc_type: str | None = "luat"
        elif m.group("letter"):
            doc_type = {"công văn": "cong_van", "văn bản": None}.get(" ".join(key(m.group("letter")).split()), "other")
        elif m.group("type"):
            doc_type = _type_words()[key(m.group("type"))]
        elif chained and prev is not None and prev.doc_type:
            doc_type = prev.doc_type
        else:
            head = _list_head_re().search(ctext, _sentence_start(ctext, m.start()), m.start())
            doc_type = _type_words()[key(head.group("type"))] if head else None
        end = m.end()
        date_m = _DATE_TAIL.match(ctext, end)
        date = None
        if date_m:
            in_number = re.search(r"/(\d{4})/", number)
            date = _parse_date(date_m, int(in_number.group(1)) if in_number else own_year)
            end = date_m.end()
        issuer_m = _ISSUER_TAIL.match(ctext, end)
        issuer = None
        if issuer_m:
            issuer = " ".join(text[issuer_m.start("issuer"):issuer_m.end("issuer")].split())
            end = issuer_m.end("issuer")
            late = None if date_m else _DATE_TAIL.match(ctext, end)  # "… của Chính phủ ngày 08/3/2025"
            if late:
                in_number = re.search(r"/(\d{4})/", number)
                date = _parse_date(late, int(in_number.group(1)) if in_number else own_year)
                end = late.end()
        else:
            before = _ISSUER_BEFORE.search(ctext, max(0, m.start() - 160), m.start())
            if before:
                issuer = " ".join(text[before.start("issuer"):before.end("issuer")].split())
        if date is None and m.group("bare") is None:
            opening = _DATE_BEFORE.search(ctext, max(prev.end if prev else 0, m.start() - 200), m.start())
            if opening and not re.search(r"(?i)ngày", opening.group("gap")):
                date = _parse_date(opening, None)
        c = Citation(m.start() if m.group("bare") is None else m.start("number"), end, number,
                     doc_type, _symbol_type(number), date, issuer)
        c.relation = _relation(ctext, c, prev, chained, other_end)
        if not _is_own(c, own_number, issued_on):
            other_end = c.end
        if prev is not None and prev.issued_on is None and date and _SHARED_DATE.fullmatch(ctext, prev.end, m.start()):
            prev.issued_on = date                    # "số 008/CĐ-UBND và số 009/CĐ-UBND ngày 19/11/2025"
        out.append(c)
    return out


# Between two numbers that share the date written after the second.
_SHARED_DATE = re.compile(r"[ \t\n]*(?:và|,)[ \t\n]*(?:(?i:số)[ \t\n]*)?")


def _is_own(c: Citation, own_number: str | None, issued_on: str | None) -> bool:
    """The document citing itself: its own number, or that number printed without its year
    part on the document's own date ("Thông tư số 55/TT-BCT ngày 28 tháng 11 năm 2025" in
    Thông tư 55/2025/TT-BCT)."""
    if not own_number:
        return False
    own, cited = key(normalize_number(own_number)), key(c.number)
    if cited == own:
        return True
    yearless = re.sub(r"/\d{4}/", "/", own)
    return yearless != own and cited == yearless and c.issued_on in (None, issued_on)


def extract_references(text: str, own_number: str | None, issued_on: str | None,
                       own_type: str | None = None) -> list[dict]:
    """The contract's ``references``: one dict per cited number, in order of first citation.
    ``own_type`` is the citing document's type (the header's; else read from its symbol)."""
    own_type = own_type or (_symbol_type(normalize_number(own_number)) if own_number else None)
    report = own_type in _REPORT_TYPES
    refs: dict[str, dict] = {}
    for c in find_citations(text, issued_on, own_number):
        k = key(c.number).replace("-", "")  # "13/2020/TT BTC" is "13/2020/TT-BTC" printed loosely
        if _is_own(c, own_number, issued_on):
            continue
        ref = refs.get(k)
        if ref is None:
            doc_type = c.doc_type or c.symbol_type or "cong_van"
            relation = c.relation
            if report and relation == "implements" and doc_type in _REQUEST_TYPES:
                relation = "responds_to"
            relation = within_rank(relation, own_type, doc_type)
            refs[k] = {"doc_type": doc_type, "number": c.number, "issued_on": c.issued_on,
                       "issuer": c.issuer, "relation": relation, "span": [c.start, c.end],
                       "text": text[c.start:c.end]}
            continue
        if c.issuer and not ref["issuer"]:
            ref["issuer"] = c.issuer
        if c.number.count("-") > ref["number"].count("-"):
            ref["number"] = c.number  # the well-formed "26/2025/TT-BYT" over a first "26/2025/TTBYT"
        if ref["relation"] == "mentions":
            ref["relation"] = within_rank(c.relation, own_type, ref["doc_type"])
        if c.issued_on and not ref["issued_on"]:
            ref["issued_on"] = c.issued_on
        elif c.issued_on and c.issued_on != ref["issued_on"] \
                and c.issued_on not in ref.setdefault("date_conflicts", []):
            ref["date_conflicts"].append(c.issued_on)
    return list(refs.values())


@cache
def _short_re() -> re.Pattern[str]:
    """A later, short citation by type and bare number: "Quyết định 116", "Kế hoạch số 4565"."""
    return re.compile(r"(?<!\p{L})(?P<type>(?i:" + _alternation(list(_type_words())) + r"))"
                      r"(?:[ \t]+(?i:số))?[ \t]*:?[ \t]+(?P<num>\d{1,6})(?!\d|[.,]\d|[ \t]*[/-]|\p{L})")


# The bare number that ends a short citation (the anchor its pattern is tried near).
_SHORT_NUMBER = re.compile(r"(?<!\d)\d{1,6}(?!\d|[.,]\d|[ \t]*[/-]|\p{L})")


def resolve_short_forms(text: str, references: list[dict]) -> list[dict]:
    """Tie short citations ("Quyết định 116") to the full citation of the same type and number
    in this document. Drafting practice cites a document in full first and by type and number
    afterwards; a short form is resolved only when exactly one reference fits. Resolved ones
    are added to that reference's ``short_forms`` spans (and a ``mentions`` relation takes the
    short form's); the ambiguous ones are returned with their candidates."""
    ctext = canon_text(text)
    taken = Cover(r["span"] for r in references)
    by_key: dict[tuple, list[dict]] = {}
    for r in references:
        by_key.setdefault((r["doc_type"], r["number"].split("/")[0]), []).append(r)
    unresolved: list[dict] = []
    for m in re.finditer_near(_short_re(), ctext, _SHORT_NUMBER, 60, 0):
        if m.start() in taken:
            continue                                 # inside a full citation
        doc_type = _type_words()[key(m.group("type"))]
        fits = by_key.get((doc_type, m.group("num")), [])
        if len(fits) == 1:
            ref = fits[0]
            ref.setdefault("short_forms", []).append([m.start(), m.end()])
            if ref["relation"] == "mentions":
                c = Citation(m.start(), m.end(), ref["number"], doc_type, None, None, None)
                ref["relation"] = _relation(ctext, c, None)
        elif len(fits) > 1:
            unresolved.append({"text": text[m.start():m.end()], "span": [m.start(), m.end()],
                               "candidates": [r["number"] for r in fits]})
    return unresolved
