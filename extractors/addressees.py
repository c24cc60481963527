"""Who a clause addresses when the subject grammar alone cannot say: the addressees of an
execution clause read up to its verb ("…, các cơ quan, tổ chức và cá nhân có liên quan chịu
trách nhiệm thi hành Nghị định này"), the recipient a reply's request names by its bare head
("Đề nghị Công ty nghiên cứu …"), and a lead-in that says who speaks rather than who acts.
Offsets are into the canonical text (:func:`extractors.normalize.canon_text`)."""
from __future__ import annotations

from . import rx as re

from .normalize import canon_text
from .unit_lists import distribute
from .units import _head, clean_unit, read_unit

_I = re.I


# "…, các cơ quan, tổ chức và cá nhân có liên quan chịu trách nhiệm thi hành Nghị định này."
EXECUTION_CLAUSE = re.compile(r"(?<![\p{L}])(?:có|chịu)\s+trách\s+nhiệm\s+(?:tổ\s+chức\s+)?(?:th[iị]\s+hành|thực\s+hiện)\s+"
                               r"(?:Quy[eêế]t\s+định|Nghị\s+định|Thông\s+tư|Nghị\s+quyết|Chỉ\s+thị|Quy\s+định)\s+này", _I)
# (OCR drops or shifts tone marks: "thị hành Quyêt định này" on a scan.)
# Where one addressee of an execution clause ends and the next begins: a separator outside brackets
# before an official's title, a group or a capitalised body; any word after ";".
_NEXT_ADDRESSEE = re.compile(r"\s*;\s*(?:và\s+)?(?=\S)"
                             r"|\s*(?:[,;]\s*(?:và\s+)?|\s+và\s+)(?=(?:Chủ\s+tịch|Giám\s+đốc|Thủ\s+trưởng|Bộ\s+trưởng|"
                             r"Chánh|Tổng|Cục\s+trưởng|Trưởng|[Nn]gười\s+đứng\s+đầu|Ủy\s+ban|UBND|Hội\s+đồng|"
                             r"[Tt]hành\s+viên)(?![\p{L}])|[Cc]ác\s)"
                             r"|\s+và\s+(?=(?:cơ\s+quan|tổ\s+chức|đơn\s+vị)[\s,]|(?:ông|bà)\s+\p{Lu}"
                             r"|(?-i:hiệu\s+trưởng|giám\s+đốc|thủ\s+trưởng|người\s+đứng\s+đầu)[\s,])")


def execution_units(seg: str, pos: int, verb: int) -> list[str] | None:
    """The addressees of an execution clause from ``pos`` to its verb that the unit grammar
    could not read to the verb ("người đứng đầu tổ chức do Chính phủ … thành lập mà không phải
    là đơn vị sự nghiệp công lập (trong trường hợp …), Chủ tịch …"): cut at each separator that
    an official's title, a group or a body follows, outside brackets."""
    if read_unit(seg, pos) is None:
        return None
    parts, last, depth = [], pos, 0
    k = pos
    while k < verb:
        ch = seg[k]
        depth += ch == "("
        depth -= ch == ")" and depth > 0
        m = _NEXT_ADDRESSEE.match(seg, k) if depth == 0 and ch in ",; " else None
        if m is None and depth == 0 and ch == ",":
            m = _next_body(seg, k, last)
        if m and m.end() > k and m.end() < verb:
            parts.append(seg[last:k])
            last = k = m.end()
            continue
        k += 1
    parts.append(seg[last:verb])
    units = [u for part in parts if (u := clean_unit(part))]
    if not units or any(len(u) > 200 for u in units):
        return None
    return [d for u in units for d in distribute(u)]


_COMMA = re.compile(r",\s*")
# Kinds of bodies and people written in lower case after a named body ("Sở Giao dịch Chứng khoán
# Hà Nội, tổ chức niêm yết, công ty đại chúng"): each an addressee of its own.
_LOWER_KIND = re.compile(r"(?:tổ\s+chức|công\s+ty|doanh\s+nghiệp|ngân\s+hàng|cơ\s+sở|người)\s+\p{Ll}")


def _next_body(seg: str, k: int, last: int) -> re.Match | None:
    """After a comma in an execution clause: the next addressee when a capitalised body
    begins there ("Ủy ban Chứng khoán Nhà nước, Sở giao dịch chứng khoán"; not the rest of a
    name: "Cục Đo đạc, Bản đồ và …" has no head after its comma), or a kind of body in lower
    case after a named one."""
    m = _COMMA.match(seg, k)
    nxt = m.end()
    before = seg[last:k]
    if re.search(r"(?<![\p{L}])(?i:các|những)\s", before) or re.search(r"\s(?:do|của|bởi|theo)\s[^,;]*$", before):
        return None                                 # "Thủ trưởng các cơ quan, đơn vị": one group; "người
                                                    # đứng đầu cơ quan do Chính phủ, Thủ tướng … thành lập"
    if seg[nxt:nxt + 1].isupper() and _head(seg, nxt, False) is not None:
        return m
    if _LOWER_KIND.match(seg, nxt) and (re.search(r"\s\p{Lu}", before) or _LOWER_KIND.match(before.lstrip(" ,;"))):
        return m
    return None


# A lead-in that reports who speaks ("Phó Thủ tướng … đã có ý kiến chỉ đạo như sau:"), not who acts.
SPEAKER = re.compile(r"(?:kết\s+luận|ý\s+kiến|chỉ\s+đạo|phát\s+biểu|nhấn\s+mạnh|nêu\s+rõ|đề\s+nghị|yêu\s+cầu|"
                      r"thống\s+nhất|giao)(?:\s+\p{L}+){0,4}\s*:\s*$", re.I)


# A reply's request to the body it answers, named by its bare head: "Đề nghị Công ty nghiên cứu …".
_ADDRESSEE = re.compile(r"(?<![\p{L}])(?:kính\s+)?đề\s+nghị\s+(?P<head>(?:Quý\s+)?(?-i:Công\s+ty|Doanh\s+nghiệp|Hiệp\s+hội|"
                        r"Tổng\s+công\s+ty|Hội\s+đồng|Ngân\s+hàng|Đơn\s+vị))\s+(?=\p{Ll})", re.I)


def addressed(c: str, recipients: list[str], s: int, e: int) -> tuple[str, int] | None:
    """The addressee that a request names by its bare head, and where the task's words begin:
    the one recipient ("Kính gửi: Công ty TNHH X") whose name starts with that head, else the
    head as written."""
    m = _ADDRESSEE.search(c, s, min(e, s + 160))
    if m is None:
        return None
    head = re.sub(r"^Quý\s+", "", m.group("head"), flags=re.I)
    named = [r for r in recipients if canon_text(r).casefold().startswith(" ".join(head.casefold().split()))]
    return (named[0] if len(named) == 1 else head), m.end()
