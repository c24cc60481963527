"""The signature block's vocabulary: delegation marks (TM./KT./TL./TUQ./Q.), titles with
their qualifiers, and the marks that stand where a signature was ("(Đã ký)", "[daky]").

Read from ``data/signature.json``; tolerant of the stray spaces vbpl copies print inside
words ("PHÓ TH Ủ TƯỚNG").
"""
from __future__ import annotations

from functools import cache

from . import rx as re

from . import lexicon
from .lines import Line, close_gaps
from .names import authority_case, is_upper_text, org_case
from .normalize import key

@cache
def vocab() -> dict:
    return lexicon.load("signature.json")


@cache
def authority_re() -> re.Pattern[str]:
    """A delegation line: "TM. ỦY BAN NHÂN DÂN", "KT.GIÁM ĐỐC", "TL. CỤC TRƯỞNG"."""
    marks = "|".join(re.escape(m) for m in lexicon.authority_marks())
    return re.compile(rf"^[ \t]*({marks})[ \t]*\.[ \t]*\S", re.M)


@cache
def signed_mark_re() -> re.Pattern[str]:
    """A line standing where the signature is: "(Đã ký)", "[daky]", "(Ký, ghi rõ họ tên)"."""
    words = sorted(vocab()["signed_marks"]["words"], key=len, reverse=True)
    alts = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    return re.compile(rf"^[\[(]?\s*(?:{alts})(?!\w)[^\n]{{0,40}}[\])]?\.?$", re.I)


@cache
def _titles_nospace() -> dict[str, str]:
    """Title key without spaces ("phóthủtướng") → the title as written in the data."""
    return {key(t).replace(" ", ""): t for t in vocab()["titles"]}


@cache
def _qualifiers() -> dict[str, str]:
    return {key(q).replace(" ", ""): q for q in vocab()["title_qualifiers"]["words"]}


def title_of(t: str) -> str | None:
    """The title a line names, in normal case: "PHÓ TH Ủ TƯỚNG" → "Phó Thủ tướng";
    "BỘ TRƯỞNG, CHỦ NHIỆM" → "Bộ trưởng, Chủ nhiệm"; "THỨ TRƯỞNG THƯỜNG TRỰC" → "Thứ trưởng
    Thường trực". None when it is not a title."""
    out = []
    for part in key(t).split(","):
        k = part.replace(" ", "")
        if not k:
            return None
        title = _titles_nospace().get(k)
        if title is None:
            title = next((f"{_titles_nospace()[k[:-len(q)]]} {w}" for q, w in _qualifiers().items()
                          if k.endswith(q) and k[:-len(q)] in _titles_nospace()), None)
        if title is None and len(k) >= 6:                 # OCR lost the last letter: "PHÓ CHỦ TỊC"
            near = [v for kk, v in _titles_nospace().items() if len(kk) == len(k) + 1 and kk.startswith(k)]
            title = near[0] if len(near) == 1 else None
        if title is None:
            return None
        out.append(title)
    return ", ".join(out)


def title_of_body(t: str) -> str | None:
    """A title followed by the body it heads: "CHÁNH ÁN TÒA ÁN NHÂN DÂN TỐI CAO" → "Chánh án
    Tòa án nhân dân tối cao", "BỘ TRƯỞNG BỘ CÔNG AN" → "Bộ trưởng Bộ Công an"."""
    k = key(t)
    words = t.split()
    for head in lexicon.signer_titles():           # longest first
        if k.startswith(head + " "):
            n = len(head.split())
            body = " ".join(words[n:])
            if is_org(body):
                return f"{title_of(' '.join(words[:n]))} {org_case(close_gaps(body))}"
            return None
    return None


def is_qualifier(t: str) -> bool:
    return key(t).replace(" ", "") in _qualifiers()


def is_signature_line(t: str) -> bool:
    if not t or len(t) > 90 or not t[:2].isupper():
        return False
    if authority_re().match(t) and is_upper_text(t, 0.6):
        return True
    return (t.casefold().replace(" ", "")[:3] in _title_starts() and is_upper_text(t, 0.9)
            and (title_of(t) is not None or title_of_body(t) is not None))


@cache
def _title_starts() -> frozenset[str]:
    """The first three letters of every title, spaces removed: a cheap test before the
    lookups (a long table in capitals has thousands of short lines)."""
    return frozenset(k[:3] for k in _titles_nospace())


def is_org(t: str) -> bool:
    k = key(t)
    return any(k == h or k.startswith(h + " ") for h in lexicon.org_heads())


def titled(t: str) -> bool:
    """A capitalised title with words after it that the data does not list ("THỨ TRƯỞNG
    THƯỜNG TRỤC")."""
    k = key(t)
    return is_upper_text(t, 0.9) and len(t) < 60 and any(
        k.startswith(h + " ") and len(k[len(h):].split()) <= 3 for h in lexicon.signer_titles())


def authority_rest(authority: str) -> str:
    """"KT. BỘ TRƯỞNG" → "BỘ TRƯỞNG"."""
    m = authority_re().match(authority)
    return authority[m.end() - 1:] if m else authority


def authority_of(a: str) -> str:
    """"KT. TH Ủ TƯỚNG" → "KT. Thủ tướng"; "TM. ỦY BAN NHÂN DÂN" → "TM. Ủy ban nhân dân"."""
    m = authority_re().match(a)
    if not m:
        return authority_case(a)
    rest = close_gaps(authority_rest(a))
    title = title_of(rest) or title_of_body(rest)      # "KT. BỘ TRƯỞNG BỘ CÔNG AN"
    return f"{m.group(1)}. {title}" if title else authority_case(f"{m.group(1)}. {rest}")


@cache
def _inline_mark_re() -> re.Pattern[str]:
    words = sorted(vocab()["signed_marks"]["words"], key=len, reverse=True)
    alts = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    return re.compile(rf"[ \t]*[\[(][ \t]*(?:{alts})(?!\w)[^\])\n]{{0,30}}[\])][ \t]*", re.I)


def unmarked(ln: Line) -> Line:
    """A line with a signed mark beside the title or the name ("THỨ TRƯỞNG (Đã ký)", "(Đã ký)
    Nguyễn Văn A") without it; a line that is only the mark is kept."""
    if "(" not in ln.text and "[" not in ln.text:
        return ln
    m = _inline_mark_re().search(ln.text)
    if not m or (m.start() == 0 and m.end() == len(ln.text)):
        return ln
    if m.start() == 0:
        return Line(ln.start + m.end(), ln.end, ln.text[m.end():])
    if m.end() == len(ln.text):
        return Line(ln.start, ln.start + m.start(), ln.text[:m.start()])
    return ln
