"""Lists of units: where a list of assignees ends and each unit in it ("Chánh Văn phòng UBND
tỉnh, Giám đốc các Sở: Tài chính, Nội vụ; Chủ tịch UBND các xã và tổ chức, cá nhân có liên
quan"), shared heads distributed ("Các Bộ: Quốc phòng, Công an" is "Bộ Quốc phòng" and "Bộ Công
an"). One unit's name is read by :func:`extractors.units.read_unit`."""
from __future__ import annotations

from . import rx as re

from .units import (OFFICIAL_TITLES, _NEW_GROUP, _continues_name, _head, _is_name_at, clean_unit, is_person,
                    phrase_at, read_unit, unit_vocab)

_I = re.I
_LIST_SEP = re.compile(r"\s*(?:[,;]\s*(?:và\s+|cùng\s+|(?P<most>nhất\s+là|đặc\s+biệt\s+là)\s+)?|\s+(?:và|cùng)\s+)"
                       r"|(?<!(?-i:Tổng|Phó))\s+(?=" + OFFICIAL_TITLES + r"\s)", _I)
_QUALIFIER = re.compile(r"\s*,?\s*(?:trong\s+phạm\s+vi|theo|căn\s+cứ)\s+chức\s+năng,?\s+nhiệm\s+vụ"
                        r"(?:,?\s+(?:quyền\s+hạn|thẩm\s+quyền))*(?:\s+(?:của\s+mình|được\s+giao))?", _I)
_SYSTEM = re.compile(r"hệ\s+thống\s+(?=(?:các|những)\s)", _I)
_MEMBER_OF = re.compile(r"(?:Ban|Hội\s+đồng|Tổ|Đoàn|Ủy\s+ban)[^;:.()]{3,90}?(?=;|\Z)")
_MEMBER = re.compile(r"(?:các\s+)?thành\s+viên\s+(?=\p{Lu})", _I)
# "các bộ, ngành, cơ quan chủ quản, nhất là ACV cần …": the body singled out by its acronym.
_ACRONYM = re.compile(r"(?-i:\p{Lu}{2,}[\p{Lu}\d&-]*)(?![\p{L}\d])")


def read_units(s: str, pos: int, end: int | None = None) -> tuple[int, list[str]] | None:
    """A list of units at ``pos`` ("Chánh Văn phòng UBND tỉnh, Giám đốc các Sở: Tài chính, Nội vụ;
    Chủ tịch UBND các xã và tổ chức, cá nhân có liên quan"): where it ends and each unit, shared
    heads distributed. None when no unit starts at ``pos``."""
    seg = s[:end] if end is not None else s
    comrade = re.compile(r"(?:các\s+)?đồng\s+chí\s+(?=\p{Lu})", _I).match(seg, pos)
    pos = comrade.end() if comrade else pos          # "Đề nghị các đồng chí Bộ trưởng, …"
    first = read_unit(seg, pos) or _members(seg, pos)   # "thành viên Ban Chỉ đạo 138 tỉnh; …" opening a clause
    if first is None:
        return None
    spans = [(pos, first)]
    last = first
    while True:
        qual = _QUALIFIER.match(seg, last)           # "Sở A, các sở trong phạm vi chức năng, nhiệm vụ của mình và B"
        m = _LIST_SEP.match(seg, qual.end() if qual else last)
        if qual and not (m and m.end() < len(seg) and read_unit(seg, m.end())):
            m = _LIST_SEP.match(seg, last)
        if not m or m.end() >= len(seg):
            break
        nxt = m.end()
        if m.group("most"):                         # emphasis names a body by its acronym only
            acronym = _ACRONYM.match(seg, nxt, nxt + 20)
            if acronym is None:
                break
            spans.append((nxt, acronym.end()))
            last = acronym.end()
            continue
        u = read_unit(seg, nxt) or _proper_name(seg, nxt) or _group_run(seg, nxt) or _person(seg, nxt)
        if u is None:                               # "… và hệ thống các cơ quan báo chí phối hợp …"
            system = _SYSTEM.match(seg, nxt, nxt + 24)
            u = read_unit(seg, system.end()) if system else None
        u = u or _members(seg, nxt)                 # "…; thành viên Ban Chỉ đạo 138 tỉnh; …"
        if u is None:
            break
        spans.append((nxt, u))
        last = u
    units: list[str] = []
    for a, b in spans:
        units += [distributed for part in split_units(seg[a:b]) for distributed in distribute(part)]
    return last, [clean_unit(u) for u in units if clean_unit(u)]


_PERSON = re.compile(r"(?:ông|bà|Ông|Bà)[ \t]+\p{Lu}\p{Ll}*(?:[ \t]+\p{Lu}\p{Ll}*){1,4}")


def _members(s: str, pos: int) -> int | None:
    """End of the members of a body named at ``pos`` ("thành viên Ban Chỉ đạo 138 tỉnh",
    "thành viên Hội đồng thẩm định địa bàn trọng điểm, phức tạp về TTATXH;"), else None."""
    member = _MEMBER.match(s, pos, pos + 20)
    if member is None:
        return None
    body = read_unit(s, member.end())
    if body is None:
        of = _MEMBER_OF.match(s, member.end(), member.end() + 100)
        body = of.end() if of else None
    return body


def _person(s: str, pos: int) -> int | None:
    """A person named in a list of assignees ("… Giám đốc các Sở: Nội vụ, Xây dựng và ông Bạch
    Đăng Ngọc chịu trách nhiệm thi hành …")."""
    m = _PERSON.match(s, pos, pos + 80)
    return m.end() if m else None


def _group_run(s: str, pos: int) -> int | None:
    """A lower-case group inside a list ("Đài PT-TH Thành phố, cơ quan thông tấn báo chí và …"):
    its head and up to four lower-case words, ending at a separator."""
    m = _NEW_GROUP.match(s, pos, pos + 30)
    if not m:
        return None
    if m.group("whole"):
        return m.end()                              # "… và địa phương nghiêm túc thực hiện"
    end = m.end()
    for _ in range(4):
        w = re.compile(r"\s+(\p{Ll}+)").match(s, end)
        if not w or w.group(1) in ("và", "có", "được", "theo", "trong", "để", "cùng") \
                or phrase_at(s, w.start(1), unit_vocab().stop_words) is not None:
            break
        end = w.end()
    return end if end >= len(s.rstrip()) or re.match(r"\s*(?:[,;]|và\s)", s[end:end + 4]) else None


def _proper_name(s: str, pos: int) -> int | None:
    """A run of capitalised words inside a list ("…; Viễn thông Ninh Bình; …") ending at a
    separator: a body the grammar has no head for."""
    m = re.compile(r"(?:\p{Lu}[\p{L}\d&.-]*(?:\s+|$)){2,6}").match(s, pos)
    if not m:
        return None
    stop = m.end() - (len(m.group(0)) - len(m.group(0).rstrip()))
    nxt = s[stop:stop + 4]
    return stop if re.match(r"\s*(?:[,;]|và\s)", nxt) else None


# A named body before ", tổ chức, cá nhân có liên quan": the group is a unit of its own ("Giám đốc
# Sở Tài chính, tổ chức, cá nhân có liên quan"); after a group of kinds it goes on the group ("các
# cơ quan, tổ chức, cá nhân có liên quan", "Người đứng đầu cơ quan, tổ chức, cá nhân").
_NAMED_BEFORE = re.compile(r"(?!(?i:các|những)\s)\S+(?:\s+\S+)*?\s\p{Lu}")


def split_units(unit: str) -> list[str]:
    """"các Sở, ngành liên quan và UBND các huyện, thành phố" → the two groups; a name with
    "và" inside ("Sở Kế hoạch và Đầu tư") stays whole."""
    parts, last = [], 0
    for m in re.finditer(r"\s+và\s+|[,;]\s+", unit):
        nxt = m.end()
        starts = _head(unit, nxt, False) is not None or re.match(r"(?:các|những)\s", unit[nxt:nxt + 6], _I) \
            or phrase_at(unit, nxt, unit_vocab().bare_groups) is not None and (
                "," not in m.group(0) or _NAMED_BEFORE.match(unit, last, m.start()))
        plural = re.match(r"(?:các|những)\s", unit[nxt:nxt + 6], _I) is not None or (
            "và" in m.group(0) and (phrase_at(unit, nxt, unit_vocab().bare_groups) is not None or is_person(unit, nxt)))
        if starts and read_unit(unit, nxt) is not None and (_head(unit, last, False) or 0) <= m.start() \
                and (read_unit(unit, last) is not None or _group_run(unit, last) is not None) \
                and not _continues_name(unit, last, m.start()) \
                and not unit[last:m.start()].rstrip().endswith(":") \
                and (":" not in unit[last:m.start()] or plural):
            parts.append(unit[last:m.start()])
            last = nxt
        elif "," in m.group(0) and _group_run(unit, nxt) is not None \
                and re.search(r"\s\p{Lu}", unit[last:m.start()]) \
                and not re.search(r"\b(?:các|những)\s", unit[last:m.start()], _I):
            parts.append(unit[last:m.start()])      # "…, Đài PT-TH Thành phố, cơ quan thông tấn báo chí"
            last = nxt
    parts.append(unit[last:])
    return [p.strip(" ,;") for p in parts if p.strip(" ,;")]


_SHARED = re.compile(r"(?P<head>(?:(?:Bộ\s+trưởng|Giám\s+đốc|Thủ\s+trưởng|Chủ\s+tịch)\s+)?(?:các|những)\s+"
                     r"(?P<noun>bộ|sở|ban|cục|vụ|tổng\s+cục|chi\s+cục|trường|bệnh\s+viện|trung\s+tâm|viện|đài)"
                     r"(?:,\s*(?:cơ\s+quan|ngành|đơn\s+vị))?"
                     r"|(?P<bodies>(?:Thủ\s+trưởng|Người\s+đứng\s+đầu)\s+(?:các|những)\s+(?:cơ\s+quan|đơn\s+vị)(?:,\s*đơn\s+vị)?)"
                     r"|(?P<person>Giám\s+đốc|Thủ\s+trưởng|Chủ\s+tịch|Trưởng|Cục\s+trưởng))\s*:\s*", _I)


_HEAD_OVER = re.compile(r"(?P<head>Thủ\s+trưởng|Người\s+đứng\s+đầu)\s+(?:các\s+)?(?P<rest>cơ\s+quan\s.+)$", re.S)


# "Các Bộ, cơ quan ngang Bộ, cơ quan thuộc Chính phủ (khác)": three kinds of body, one record each.
_CENTRAL_KINDS = re.compile(r"(?P<bo>(?:các\s+)?bộ)\s*,\s*(?P<ngang>cơ\s+quan\s+ngang\s+bộ)"
                            r"(?:\s*(?:,|và)\s*(?P<cp>cơ\s+quan\s+(?:trực\s+)?thuộc\s+Chính\s+phủ))?(?P<other>\s+khác)?", _I)


_DEPUTIES = re.compile(r"(?P<groups>(?:các\s+)?Tổ\s+đại\s+biểu)\s*,\s*(?P<members>(?:các\s+)?đại\s+biểu\s+"
                       r"(?P<body>Hội\s+đồng\s+nhân\s+dân.*|HĐND.*))", _I | re.S)


def distribute(unit: str) -> list[str]:
    """"Các Bộ: Quốc phòng, Công an" → ["Bộ Quốc phòng", "Bộ Công an"]; "Giám đốc: Trung tâm A,
    Trung tâm B" → ["Giám đốc Trung tâm A", "Giám đốc Trung tâm B"]; "Các Bộ, cơ quan ngang Bộ" →
    ["Các Bộ", "cơ quan ngang Bộ"]; anything else unchanged."""
    deputies = _DEPUTIES.fullmatch(unit)
    if deputies:                                    # "các Tổ đại biểu, đại biểu HĐND Thành phố": two, one body
        return [f"{deputies.group('groups')} {deputies.group('body')}", deputies.group("members")]
    kinds = _CENTRAL_KINDS.fullmatch(unit)
    if kinds:
        other = kinds.group("other") or ""
        return [kinds.group(k) + other for k in ("bo", "ngang", "cp") if kinds.group(k)]
    heads = _HEAD_OVER.match(unit)
    if heads and len(parts := re.split(r",\s+(?=cơ\s+quan\s)", heads.group("rest"))) > 1 \
            and not re.fullmatch(r"cơ\s+quan\s+(?:có\s+)?liên\s+quan", parts[-1]):   # "…, cơ quan có liên quan": one
        return [f"{heads.group('head')} {x}" for x in parts]   # "Thủ trưởng cơ quan ngang Bộ, cơ quan thuộc …"
    m = _SHARED.match(unit)
    if not m:
        return [unit]
    rest = unit[m.end():]
    if m.group("bodies"):                           # "Thủ trưởng các cơ quan: Văn phòng UBND tỉnh, Sở A": each body
        got = read_units(rest, 0)
        return got[1] if got and not rest[got[0]:].strip(" ,;.") else [unit]
    if m.group("person"):
        members = split_units(rest) if len(split_units(rest)) > 1 else _names(rest)
        prefix = m.group("person")
    else:
        members = _names(rest)
        noun = m.group("noun")
        lead = m.group(0)[:m.start("noun") - m.start()]
        lead = re.sub(r"(?:các|những)\s+$", "", lead, flags=_I)
        prefix = (lead + noun[0].upper() + noun[1:]).strip()
    # a member with a head of its own keeps it ("Các Bộ, cơ quan: …, Tập đoàn Điện lực Việt Nam")
    return [x if _head(x, 0, False) is not None and not _is_name_at(x, 0) and not m.group("person")
            else f"{prefix} {x}"
            for x in members] if members else [unit]


def _names(s: str) -> list[str]:
    """Split "Quốc phòng, Công an, Văn hóa, Thể thao và Du lịch" into names, known names first."""
    names = tuple(n.casefold() for n in unit_vocab().names)
    out, pos = [], 0
    s = re.sub(r"\s+", " ", s.strip())                # "Sở Văn hóa, Thể thao⏎và Du lịch"
    while pos < len(s):
        k = phrase_at(s, pos, names)
        if k is None:
            m = re.compile(r"[^,;]+").match(s, pos)
            if not m:
                break
            piece = m.group(0)
            inner = re.search(r"\s+và\s+(?=\S)", piece)
            if inner and phrase_at(s, pos + inner.end(), names) is not None \
                    and phrase_at(s[:pos + inner.start()] + ",", pos, names) is not None:
                k = pos + inner.start()
            else:
                k = m.end()
        out.append(s[pos:k].strip())
        nxt = re.compile(r"\s*(?:,|;|\s+và\s+|\s+)\s*(?:và\s+)?").match(s, k)
        pos = nxt.end() if nxt and nxt.end() > k else k + 1
    return [x for x in out if x]
