"""The document header: number, type, issuer, place and date, subject, recipients, cc, signer.

Read from the layout Nghị định 30/2020/NĐ-CP (Điều 8–13, Phụ lục I) sets for administrative
documents, after plain-text flattening has done its worst: the two header columns
interleaved or stacked, lines hard-wrapped, the header missing altogether, a web page's own
summary printed before it.

The public function is :func:`extract_header`; each step lives in the module of its part of
the header (:mod:`.symbols`, :mod:`.dateline`, :mod:`.issuer`, :mod:`.subject`,
:mod:`.recipients`, :mod:`.signer`). Regexes run over ``canon(text)`` (same length as
``text``), so every span is valid in the normalised text the caller stored.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from . import rx as re

from .dateline import find_date_line
from .issuer import infer_issuer, issuer_case, issuer_units, read_level_words
from .lines import (HEADER_LINES, MOTTO, SECRECY, SEPARATOR, URGENCY, Line, find_body_start,
                    split_lines)
from .names import is_upper_text
from .normalize import canon, canon_text, key
from .recipients import find_cc, find_recipients
from .signer import find_signer
from .subject import find_title, find_vv, gather_subject, title_subject
from .symbols import (NUMBER_RE, find_number, issuer_code, normalize_number, symbol_types,
                      type_from_symbol)

__all__ = ["Header", "Line", "extract_header", "issuer_code", "normalize_number", "split_lines",
           "symbol_types", "type_from_symbol"]

_LEGAL_BODY = re.compile(r"^[ \t]*(?:Căn cứ|Điều 1\b)", re.M)
# Symbol type codes that name the document's own kind even under another type's title.
_SYMBOL_WINS = {"other"}


# OCR noise on the line above a scan's subject: short tokens and symbols before "Về việc".
_NOISE_BEFORE_VE = re.compile(r"(?:[^\s\p{L}]*\p{L}{0,2}[^\s\p{L}]*\s+){3,}(?=(?:Về\s+việc|V/v)\b)")


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


def find_doc_start(lines: list[Line]) -> int:
    """The first line of the document proper. A web copy may print its own summary first
    ("Công văn 2739/VPCP-ĐMDN năm 2019 … do Văn phòng Chính phủ ban hành", a news digest):
    prose above the quốc hiệu and the issuer's capitalised column. 0 when there is none."""
    motto = next((i for i, ln in enumerate(lines[:150]) if ln.text and MOTTO.search(canon(ln.text))), None)
    if not motto:
        return 0
    j = motto - 1
    while j >= 0:
        t = lines[j].text
        if not t or SEPARATOR.match(t) or is_upper_text(t) or NUMBER_RE.match(canon(t)):
            j -= 1
            continue
        break
    if j < 0 or not any(len(ln.text) >= 50 and not is_upper_text(ln.text) for ln in lines[:j + 1]):
        return 0          # short lines in normal case: an OCR'd or mixed-case issuer, not a summary
    return j + 1


def _doc_type(title_type: str | None, sym_type: str | None, symbol: str | None,
              vv: int | None, kg: bool) -> str:
    if sym_type and sym_type in _SYMBOL_WINS:
        return sym_type                   # a văn bản hợp nhất reprints its source's title
    if title_type:
        return title_type
    if vv is not None:
        # No type name but a "V/v" line: a công văn, whatever its symbol looks like
        # ("5253/CT-CS" is Cục Thuế's công văn), unless the symbol's code can only be a
        # type's ("217/CĐ-TTg", "16/CT-TTg").
        if sym_type and "cong_van" not in symbol_types(symbol):
            return sym_type
        return "cong_van"
    if sym_type:
        return sym_type
    return "cong_van" if kg or symbol else "other"


def extract_header(text: str) -> Header:
    h = Header()
    text = read_level_words(text)
    ctext = canon_text(text)
    lines = split_lines(text)
    first = find_doc_start(lines)
    start = lines[first].start if lines else 0
    body = find_body_start(lines, first)
    head_end = lines[body - 1].end if body > 0 else 0
    limit = lines[min(len(lines), first + HEADER_LINES) - 1].end if lines else 0

    num = find_number(ctext, limit, start)
    symbol = None
    if num and num.group("num"):
        symbol = normalize_number(text[num.start("num"):num.end("sym")])
        h.number = symbol
        h._spans["number"] = [num.start("num"), num.end("sym")]
    elif num:
        h._spans["number_blank"] = [num.start(), num.end()]  # e-signed: number stamped later

    date = find_date_line(text, ctext, start, max(limit, head_end))
    h.place, h.issued_on = date.place, date.issued_on
    if date.place_span:
        h._spans["place"] = date.place_span
    if date.date_span:
        h._spans["issued_on"] = date.date_span

    title = find_title(lines, max(body, first + 1) + 1 if body < first + HEADER_LINES else first + HEADER_LINES,
                       first)
    title_type = title[1] if title else None
    sym_type = type_from_symbol(symbol)

    # Subject: "V/v …" for a công văn, else the lines under the type name.
    vv = find_vv(ctext, lines, start, limit, num.end("sym") if num else None)
    if vv is not None and title and lines[title[0]].start < vv and title_type != "cong_van":
        vv = None
    if vv is not None:
        h.subject, span = gather_subject(text, lines, vv)
    elif title:
        h.subject, span = title_subject(text, lines, title[0], title[2])
    else:
        span = None
    if h.subject and span:
        noise = _NOISE_BEFORE_VE.match(h.subject)   # a scan: OCR noise above "Về việc …"
        if noise:
            h.subject = h.subject[noise.end():]
            span = [span[0] + text[span[0]:span[1]].find(h.subject[:12]), span[1]]
    if span:
        h._spans["subject"] = span

    rec_limit = lines[min(len(lines), first + HEADER_LINES + 20) - 1].end if lines else 0
    # The addressees come before the legal bases and articles; a "Kính gửi" below them is
    # a form in an appendix.
    legal = _LEGAL_BODY.search(ctext, start, rec_limit)
    rec_limit = legal.start() if legal else rec_limit
    dien = "cong_dien" in (title_type, sym_type)
    h.recipients, span = find_recipients(text, ctext, lines, start, rec_limit, dien)
    if span:
        h._spans["recipients"] = span

    h.doc_type = _doc_type(title_type, sym_type, symbol, vv, span is not None and not dien)
    if h.doc_type == "other" and not h.subject:
        head = next((ln for ln in lines[first:] if ln.text), None)
        if head and len(head.text) < 200:
            h.subject = head.text
            h._spans["subject"] = [head.start, head.end]

    # Issuer: the left header column above the number (or the title / date line).
    stops = [x for x in (num.start() if num else None, lines[title[0]].start if title else None,
                         date.match.start() if date.match else None, vv) if x is not None]
    stop_at = min(stops) if stops else head_end
    units = issuer_units(text, ctext, lines[first:], stop_at)
    if units:
        h.issuer = issuer_case(units[-1])
        h.parent_issuer = issuer_case(units[-2]) if len(units) > 1 else None
        h.issuer_source = "header"
    elif symbol:
        h.issuer, h.parent_issuer = infer_issuer(symbol, ctext, h.place, h.doc_type)
        h.issuer_source = "inferred" if h.issuer else None

    for ln in lines[first:first + HEADER_LINES]:
        k = key(ln.text)
        if k in URGENCY and not h.urgency:
            h.urgency = URGENCY[k]
        elif k in SECRECY and not h.secrecy:
            h.secrecy = SECRECY[k]

    h.cc, span = find_cc(text, ctext, lines)
    if span:
        h._spans["cc"] = span

    sign_from = body if body < len(lines) else first
    h.signer, span = find_signer(lines, sign_from)
    if span:
        h._spans["signer"] = span
    return h
