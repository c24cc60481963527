"""The signature block: delegation marks, the signer's title and name.

Nghị định 30/2020 (Điều 13) prints it as "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH"
/ signature / "Nguyễn Văn A". Web copies break it: every line hard-wrapped ("TM. ỦY BAN" /
"NHÂN DÂN", "Lê Hải" / "Hòa"), stray spaces inside words ("PHÓ TH Ủ TƯỚNG"), a "(Đã ký)" line
where the signature was, or the whole block flattened onto the end of the "Nơi nhận" line.
The vocabulary (marks, titles, signed marks, words that are never a name) is
``data/signature.json``.
"""
from __future__ import annotations

from functools import cache

import regex as re

from . import lexicon
from .lines import VOWELS, Line, close_gaps
from .names import authority_case, is_upper_text, org_case, title_case
from .normalize import key

# Ranks and degrees printed before a signer's name ("Đại tướng Lương Tam Quang", "TS. …").
_NAME_PREFIX = re.compile(r"^(?:(?:Đại|Thượng|Trung|Thiếu)\s+(?:tướng|tá|úy)|GS\.|PGS\.|TS\.|ThS\.|"
                          r"BS\.|KS\.|Ths\.)[ \t]*(?:TS\.|ThS\.)?[ \t]*", re.I)
_NAME = re.compile(r"^(?:\p{Lu}[\p{Ll}]{0,7}\.?)(?:[ \t]+\p{Lu}[\p{Ll}]{0,7}){1,5}$")
_NAME_CAPS = re.compile(r"^\p{Lu}{1,8}(?:[ \t]+\p{Lu}{1,8}){1,5}$")


@cache
def _vocab() -> dict:
    return lexicon.load("signature.json")


@cache
def authority_re() -> re.Pattern[str]:
    """A delegation line: "TM. ỦY BAN NHÂN DÂN", "KT.GIÁM ĐỐC", "TL. CỤC TRƯỞNG"."""
    marks = "|".join(re.escape(m) for m in lexicon.authority_marks())
    return re.compile(rf"^[ \t]*({marks})[ \t]*\.[ \t]*\S", re.M)


@cache
def signed_mark_re() -> re.Pattern[str]:
    """A line standing where the signature is: "(Đã ký)", "[daky]", "(Ký, ghi rõ họ tên)"."""
    words = sorted(_vocab()["signed_marks"]["words"], key=len, reverse=True)
    alts = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    return re.compile(rf"^[\[(]?\s*(?:{alts})(?!\w)[^\n]{{0,40}}[\])]?\.?$", re.I)


@cache
def _titles_nospace() -> dict[str, str]:
    """Title key without spaces ("phóthủtướng") → the title as written in the data."""
    return {key(t).replace(" ", ""): t for t in _vocab()["titles"]}


@cache
def _qualifiers() -> dict[str, str]:
    return {key(q).replace(" ", ""): q for q in _vocab()["title_qualifiers"]["words"]}


@cache
def _not_names() -> tuple[frozenset[str], tuple[str, ...]]:
    v = _vocab()["not_names"]
    return frozenset(key(w) for w in v["words"]), tuple(key(p) for p in v["phrases"])


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
        if title is None:
            return None
        out.append(title)
    return ", ".join(out)


def title_of_body(t: str) -> str | None:
    """A title followed by the body it heads: "CHÁNH ÁN TÒA ÁN NHÂN DÂN TỐI CAO" → "Chánh án
    Tòa án nhân dân tối cao", "BỘ TRƯỞNG BỘ CÔNG AN" → "Bộ trưởng Bộ Công an"."""
    words = t.split()
    for n in range(len(words) - 1, 0, -1):
        head, body = " ".join(words[:n]), " ".join(words[n:])
        title = title_of(head)
        if title and _is_org(body):
            return f"{title} {org_case(close_gaps(body))}"
    return None


def is_qualifier(t: str) -> bool:
    return key(t).replace(" ", "") in _qualifiers()


def is_signature_line(t: str) -> bool:
    if not t or len(t) > 90 or not t[:2].isupper():
        return False
    if authority_re().match(t) and is_upper_text(t, 0.6):
        return True
    return is_upper_text(t, 0.9) and (title_of(t) is not None or title_of_body(t) is not None)


def clean_name(t: str) -> str:
    """Rank prefix and closing dot removed, syllables split by stray spaces (vbpl copies)
    closed: "Tr ần Hồng Hà", "Tr ầ n Thanh M ẫ n" → "Trần Hồng Hà", "Trần Thanh Mẫn"."""
    t = _NAME_PREFIX.sub("", t.strip()).rstrip(".")
    out: list[str] = []
    for w in t.split():
        if out and w[0].islower() and out[-1].isalpha() and (
                len(w) <= 2 or not any(c in VOWELS for c in out[-1].lower())):
            out[-1] += w
        else:
            out.append(w)
    return " ".join(out)


def is_name(t: str) -> bool:
    t = clean_name(t)
    if ":" in t or not (_NAME.match(t) or _NAME_CAPS.match(t)):
        return False
    k = key(t)
    if title_of(t) is not None or any(k.startswith(h + " ") for h in lexicon.signer_titles()):
        return False
    words, phrases = _not_names()
    return not any(w in words for w in k.split()) and not any(p in k for p in phrases)


def _same_style(a: str, b: str) -> bool:
    return a.isupper() == b.isupper()


def _name_at(lines: list[Line], k: int) -> Line | None:
    """The signer's name starting at line k, joined with its wrapped part ("Nguyễn" / "Văn
    Khởi", "Lê Hải" / "Hòa")."""
    t = lines[k].text
    nxt = lines[k + 1] if k + 1 < len(lines) else None
    if nxt is not None and nxt.text and (_same_style(t, nxt.text) or nxt.text[:1].islower()):
        joined = t + " " + nxt.text
        # "Nguyễn" / "Văn Khởi", "Đại" / "tướng Nguyễn Tân Cương", "Lê Hải" / "Hòa",
        # "Nguyễn Thị" / "Ngọc Điệp".
        a, b = len(t.split()), len(nxt.text.split())
        if is_name(joined) and (a == 1 or b == 1 or a + b <= 4):
            return Line(lines[k].start, nxt.end, joined)
    return lines[k] if is_name(t) else None


def _is_org(t: str) -> bool:
    k = key(t)
    return any(k == h or k.startswith(h + " ") for h in lexicon.org_heads())


def _titled(t: str) -> bool:
    """A capitalised title with words after it that the data does not list ("THỨ TRƯỞNG
    THƯỜNG TRỤC")."""
    k = key(t)
    return is_upper_text(t, 0.9) and len(t) < 60 and any(
        k.startswith(h + " ") and len(k[len(h):].split()) <= 3 for h in lexicon.signer_titles())


def _split_title_tail(line: str) -> tuple[str, str | None]:
    """"KT. TRƯỞNG BAN GIÁM SÁT QUẢN LÝ VỀ HQ PHÓ TRƯỞNG BAN" → the delegation line and the
    deputy's title printed at its end."""
    words = line.split()
    for n in range(min(5, len(words) - 2), 0, -1):
        tail = " ".join(words[-n:])
        if key(tail).startswith(("phó ", "thứ trưởng")) and title_of(tail):
            return " ".join(words[:-n]), tail
    return line, None


def _group(lines: list[Line], i: int) -> tuple[list[str], int]:
    """The delegation and title lines of the block starting at line i; index after them."""
    group: list[str] = []
    j, n = i, len(lines)
    auth = authority_re()
    skipped = 0
    while j < n:
        t = lines[j].text
        if not t or (group and _other_column(t) and skipped < 15):
            skipped += bool(t)            # the "Nơi nhận" column interleaved with the block
            j += 1
            continue
        last = group[-1] if group else ""
        if group and re.search(r"(?:,|\bVÀ)$", last) and is_upper_text(t, 0.9) \
                and len(t) < 60 and not auth.match(t):
            group[-1] += " " + t          # "KT. BỘ TRƯỞNG," / "CHỦ NHIỆM"; "… CHÍNH SÁCH," / "THUẾ QUỐC TẾ"
        elif group and not auth.match(last) and is_qualifier(t):
            group[-1] += " " + t          # "THỨ TRƯỞNG" / "THƯỜNG TRỰC"
        elif is_signature_line(t) or _titled(t) or ((group or j == i) and title_of(t) and len(t) < 40):
            group.append(t)                   # … "Phó Thống Đốc" in normal case
        elif (group and auth.match(last) and is_upper_text(t, 0.9) and len(t) < 60
              and not is_name(t)):
            if title_of(_rest(last)) is None or _is_org(t):
                # "KT. BỘ TRƯỞNG" / "BỘ CÔNG AN" (a joint document) names whose minister.
                # "TM. ỦY BAN NHÂN" / "DÂN", "KT. TRƯỞNG BAN GIÁM SÁT QUẢN LÝ" / "VỀ HQ PHÓ
                # TRƯỞNG BAN": a delegation line wrapped onto the next line.
                group[-1] += " " + t
            else:
                group.append(t)           # "TL. CỤC TRƯỞNG" / "TRƯỞNG BAN GIÁM SÁT …"
        else:
            break
        j += 1
    out: list[str] = []
    for g in group:
        if auth.match(g):
            head, tail = _split_title_tail(g)
            out += [head, tail] if tail else [g]
        else:
            out.append(g)
    return out, j


def _rest(authority: str) -> str:
    """"KT. BỘ TRƯỞNG" → "BỘ TRƯỞNG"."""
    m = authority_re().match(authority)
    return authority[m.end() - 1:] if m else authority


def _authority(a: str) -> str:
    """"KT. TH Ủ TƯỚNG" → "KT. Thủ tướng"; "TM. ỦY BAN NHÂN DÂN" → "TM. Ủy ban nhân dân"."""
    m = authority_re().match(a)
    if not m:
        return authority_case(a)
    rest = close_gaps(_rest(a))
    title = title_of(rest) or title_of_body(rest)      # "KT. BỘ TRƯỞNG BỘ CÔNG AN"
    return f"{m.group(1)}. {title}" if title else authority_case(f"{m.group(1)}. {rest}")


def _signer(group: list[str], name_line: Line) -> dict:
    auth = authority_re()
    authorities = [g for g in group if auth.match(g)]
    titles = [g for g in group if not auth.match(g)]
    prefix = _NAME_PREFIX.match(name_line.text)
    signer: dict = {"name": clean_name(name_line.text), "title": None, "authority": None}
    if prefix and prefix.group(0).strip():
        signer["rank"] = prefix.group(0).strip()
    if signer["name"].isupper():
        signer["name"] = " ".join(w.capitalize() for w in signer["name"].split())
    if titles:
        signer["title"] = title_of(titles[-1]) or title_of_body(titles[-1]) or title_case(close_gaps(titles[-1]))
    if authorities:
        ordered = [_authority(a) for a in reversed(authorities)]
        signer["authority"] = ordered[0]
        if len(ordered) > 1:
            signer["authorities"] = ordered
    return signer


@cache
def _inline_mark_re() -> re.Pattern[str]:
    words = sorted(_vocab()["signed_marks"]["words"], key=len, reverse=True)
    alts = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    return re.compile(rf"[ \t]*[\[(][ \t]*(?:{alts})(?!\w)[^\])\n]{{0,30}}[\])][ \t]*", re.I)


def _unmarked(ln: Line) -> Line:
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


_OTHER_COLUMN = re.compile(r"^(?:[-+•][ \t]|N[ơo]i[ \t]+nh[ậa]n\b)", re.I)


def _other_column(t: str) -> bool:
    """A line of the "Nơi nhận" list, which flattened copies interleave with the signature
    block beside it."""
    return bool(_OTHER_COLUMN.match(t))


def _plain_title(lines: list[Line], i: int) -> bool:
    """A title in normal case ("Bộ trưởng") standing over a signed mark."""
    t = lines[i].text
    if len(t) > 40 or not t[:1].isupper():
        return False
    nxt = next((ln.text for ln in lines[i + 1:i + 3] if ln.text), "")
    return bool(signed_mark_re().match(nxt)) and title_of(t) is not None


def _unwrap_titles(lines: list[Line]) -> list[Line]:
    """Titles and delegation marks hard-wrapped over two lines ("CHỦ" / "TỊCH", "PHÓ" /
    "TRƯỞNG BAN", "TỔNG KIỂM TOÁN NHÀ" / "NƯỚC", "TM." / "ỦY BAN NHÂN DÂN") on one line."""
    out: list[Line] = []
    i = 0
    lines = [_unmarked(ln) if "(" in ln.text or "[" in ln.text else ln for ln in lines]
    n = len(lines)
    while i < n:
        ln = lines[i]
        if not 0 < len(ln.text) < 40 or not ln.text.isupper():
            out.append(ln)
            i += 1
            continue
        nxt = lines[i + 1] if i + 1 < n else None
        if (nxt is not None and 0 < len(nxt.text) < 40
                and nxt.text.isupper()
                and not is_signature_line(ln.text) and not authority_re().match(nxt.text)):
            joined = ln.text + " " + nxt.text
            if is_signature_line(joined):
                out.append(Line(ln.start, nxt.end, joined))
                i += 2
                continue
        out.append(ln)
        i += 1
    return out


def find_signer(lines: list[Line], after: int) -> tuple[dict, list[int] | None]:
    """The first signature block after the header: authority lines (TM./KT./TL./TUQ./Q.),
    the title, then the signer's name within a few lines."""
    lines = _unwrap_titles(lines[after:])
    after, i, n = 0, 0, len(lines)
    mark = signed_mark_re()
    while i < n:
        ln = lines[i]
        if not ln.text or not (is_signature_line(ln.text) or _plain_title(lines, i)):
            i += 1
            continue
        group, j = _group(lines, i)
        name_line = None
        k, looked, skipped = j, 0, 0
        while k < n and looked < 8:
            t = lines[k].text
            if t and _other_column(t) and skipped < 15:
                skipped += 1
            elif t:
                looked += 1
                name_line = _name_at(lines, k)
                if name_line or not mark.match(t):
                    break
            k += 1
        if name_line:
            return _signer(group, name_line), [name_line.start, name_line.end]
        i = j if j > i else i + 1
    return _flattened(lines, after)


@cache
def _flat_re() -> re.Pattern[str]:
    titles = sorted({t.upper() for t in _vocab()["titles"]}, key=len, reverse=True)
    alts = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in titles)
    return re.compile(rf"(?:^|\s)(?P<title>(?:{alts})(?:\s*,\s*(?:{alts}))*)\s+(?:[\[(][^\])\n]{{1,12}}[\])]\s+)?"
                      r"(?P<name>\p{Lu}\p{Ll}{0,7}(?:\s+\p{Lu}\p{Ll}{0,7}){1,4})\s*$")


def _flattened(lines: list[Line], after: int) -> tuple[dict, list[int] | None]:
    """No block on lines of its own: the block flattened onto the end of the last line ("…
    - Lưu: VT. BỘ TRƯỞNG, CHỦ NHIỆM Mai Tiến Dũng"), or a name alone on the last line."""
    signer = {"name": None, "title": None, "authority": None}
    tail = [ln for ln in lines[after:] if ln.text][-6:]
    for ln in reversed(tail):
        m = _flat_re().search(ln.text)
        if m and is_name(m.group("name")):
            signer["name"] = clean_name(m.group("name"))
            signer["title"] = title_of(m.group("title"))
            marks = "|".join(re.escape(x) for x in lexicon.authority_marks())
            auth = re.search(rf"(?:^|\s)((?:{marks})\.[ \t]*[\p{{Lu}}][\p{{Lu}} ,]*?)[ \t]*$", ln.text[:m.start("title")])
            if auth:
                signer["authority"] = _authority(auth.group(1))    # "… KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC Tên"
            return signer, [ln.start + m.start("name"), ln.start + m.end("name")]
    if tail and is_name(tail[-1].text):
        signer["name"] = clean_name(tail[-1].text)
        return signer, [tail[-1].start, tail[-1].end]
    return signer, None
