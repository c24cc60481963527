"""The type name ("BÁO CÁO", "QUYẾT ĐỊNH") and the subject: the "V/v …" text of a công văn,
or the title lines under the type name, joined onto one line."""
from __future__ import annotations

from functools import cache

from . import rx as re

from . import lexicon
from .dateline import DATE_RE
from .lines import MOTTO, SEPARATOR, Line, join_parts, line_at, starts_body
from .names import is_upper_text, sentence_case
from .normalize import canon, key
from .recipients import dien_re, kinh_gui_re
from .symbols import NUMBER_RE

VV = re.compile(r"^[ \t]*(?:V/v|V/V|v/v|Về việc|V\.v\.?)[ \t]*[:.]?[ \t]*", re.M)
# The "V/v" of a flattened header, on the number's line: "Số: 2739/VPCP-ĐMDN V/v quy định …".
VV_INLINE = re.compile(r"[ \t]+(?:V/v|V/V|v/v)[ \t]*[:.]?[ \t]*")
# Authority lines such as "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẮC NINH" that follow a title and
# precede the "Căn cứ" lines of a quyết định / nghị quyết.
_ISSUING_AUTHORITY = re.compile(
    r"^[ \t]*(?:CHỦ TỊCH|BỘ TRƯỞNG|THỦ TƯỚNG|CHÍNH PHỦ|QUỐC HỘI|HỘI ĐỒNG NHÂN DÂN|ỦY BAN NHÂN DÂN|"
    r"ỦY BAN THƯỜNG VỤ|BAN THƯỜNG VỤ|GIÁM ĐỐC|TỔNG CỤC TRƯỞNG|CỤC TRƯỞNG|THỐNG ĐỐC|TỔNG GIÁM ĐỐC|"
    r"CHÁNH ÁN|VIỆN TRƯỞNG|TỔNG KIỂM TOÁN|BỘ TRƯỞNG|CHỦ NHIỆM|TRƯỞNG BAN|HỘI ĐỒNG THẨM PHÁN|"
    r"CHI CỤC TRƯỞNG|TỔNG THANH TRA|CHÁNH THANH TRA|VỤ TRƯỞNG)\b")
# A title line that cannot end there: its last word needs a complement ("… CỦA" / "THỦ TƯỚNG
# CHÍNH PHỦ VỀ …").
_OPEN_END = re.compile(r"(?:\b(?:CỦA|VÀ|VỀ|CHO|TẠI|VỚI|ĐỐI|CÁC|NHỮNG|của|và|về|cho|tại|với|đối|các|những)"
                       r"|[,\-–])$")


# A type name in capitals with the subject after it in normal case.
_SUBJECT_AFTER_NAME = re.compile(r"^((?:\p{Lu}+[ \t]+){0,3}\p{Lu}+)[ \t]+(?=V/v|\p{Lu}\p{Ll})")


@cache
def _names_nospace() -> dict[str, str]:
    return {k.replace(" ", ""): code for k, code in lexicon.type_by_name().items()}


def find_title(lines: list[Line], stop: int, start: int = 0) -> tuple[int, str, str] | None:
    """The type-name line ("BÁO CÁO", "QUYẾT ĐỊNH", "LUẬT"): (line index, doc_type, rest)."""
    names = lexicon.type_by_name()
    for i in range(start, min(stop, len(lines))):
        ln = lines[i]
        if not ln.text or not is_upper_text(ln.text, 0.9):
            head = _SUBJECT_AFTER_NAME.match(ln.text) if ln.text else None
            code = names.get(key(head.group(1))) if head else None
            if code and code != "other":
                # "CHỈ THỊ Về tăng cường …": the subject written on after the type name.
                return i, code, ln.text[head.end(1):].strip()
            continue
        k = key(ln.text)
        if k.replace(" ", "") in _names_nospace() and k not in names:
            return i, _names_nospace()[k.replace(" ", "")], ""     # "N GHỊ ĐỊNH" (vbpl copies)
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


def find_vv(ctext: str, lines: list[Line], start: int, limit: int,
            number_end: int | None) -> int | None:
    """Where the "V/v" text begins: a "V/v" line, or a "V/v" after the number on its line."""
    vv = VV.search(ctext, start, limit)
    if number_end is not None:
        eol = lines[line_at(lines, number_end)].end
        inline = VV_INLINE.match(ctext, number_end, eol)
        if inline and (vv is None or inline.end() < vv.start()):
            return inline.end()
    return vv.end() if vv else None


def gather_subject(text: str, lines: list[Line], start: int) -> tuple[str | None, list[int] | None]:
    """The "V/v" text from ``start`` on, over its wrapped lines."""
    li = line_at(lines, start)
    end = lines[li].end
    # the date column printed on the same line ("V/v đẩy nhanh tiến độ Quảng Ngãi, ngày …")
    beside = DATE_RE.search(canon(text[start:end]))
    if beside and beside.start() > 0:
        end = start + beside.start("place")
    parts = [text[start:end].strip()]
    k = li + 1
    while k < min(len(lines), li + 8):
        t = lines[k].text
        if t and _header_column(t) and k + 1 < len(lines) and lines[k + 1].text[:1].islower():
            k += 1            # "V/v giải trình một số nội dung" / <date line> / "thực hiện Kế hoạch …"
            continue
        if not t or _stops_subject(t, parts[-1]):
            break
        parts.append(text[lines[k].start:lines[k].end])
        end = lines[k].end
        k += 1
    subject = join_parts(parts)
    return (subject or None), ([start, end] if subject else None)


def _header_column(t: str) -> bool:
    """A line of the other header column: the date line, the quốc hiệu, a rule."""
    ct = canon(t)
    return bool(DATE_RE.match(ct) or MOTTO.search(ct) or SEPARATOR.match(ct))


def _stops_subject(t: str, before: str) -> bool:
    ct = canon(t)
    dien = dien_re().match(ct)
    if dien and is_upper_text(ct[:dien.end()].rstrip(" :")[:-4]):
        return True                       # "THỦ TƯỚNG CHÍNH PHỦ điện:"
    if _ISSUING_AUTHORITY.match(ct):
        # "THỰC HIỆN CHỈ THỊ … CỦA" / "THỦ TƯỚNG CHÍNH PHỦ VỀ VIỆC …" goes on.
        return not _OPEN_END.search(before.rstrip())
    motto = MOTTO.search(ct)
    # the quốc hiệu of an interleaved header, not "… nước Cộng hòa xã hội chủ nghĩa Việt Nam …"
    # in a title
    if motto and (motto.group(0).isupper() or motto.group(0).startswith("Độc")):
        return True
    return bool(DATE_RE.match(ct) or kinh_gui_re().match(ct) or SEPARATOR.match(ct)
                or NUMBER_RE.match(ct) or starts_body(ct)
                or re.match(r"^(?:CỘNG HÒA|Độc lập)", ct, re.I))


def _new_paragraph(before: str, t: str) -> bool:
    """A capitalised subject followed by a line in normal case with no blank line between:
    the body's first paragraph ("VỀ TĂNG CƯỜNG …" / "Thời gian qua, công tác …")."""
    return is_upper_text(before, 0.9) and any(c.isalpha() for c in t) and not is_upper_text(t, 0.9)


def title_subject(text: str, lines: list[Line], ti: int, rest: str) -> tuple[str | None, list[int] | None]:
    """The lines under the type name, up to a blank line after them or the body."""
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
        if _stops_subject(t, parts[-1] if parts else ""):
            break
        if parts and _new_paragraph(parts[-1], t):
            break
        parts.append(text[ln.start:ln.end])
        start = ln.start if start is None else start
        end = ln.end
    subject = join_parts(parts)
    if subject and is_upper_text(subject, 0.9):
        subject = sentence_case(subject)
    return (subject or None), ([start, end] if subject else None)
