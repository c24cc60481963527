"""Unit names as an assignee is written: a small grammar (a head noun, then a name), lists of
units, and the shared heads that a list distributes ("Các Bộ: Quốc phòng, Công an" is
"Bộ Quốc phòng" and "Bộ Công an").

The vocabulary is data (``data/obligations.json`` and ``data/organisations.json``), read once.
Every function takes the canonical text (:func:`extractors.normalize.canon_text`) and offsets
into it, so the units found can be cut from the document's own text.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from . import rx as re

from . import lexicon, nlp
from .normalize import key

_I = re.I
_WORD = re.compile(r"[\p{L}\d][\p{L}\d&.]*(?:-[\p{L}\d]+)*(?<!\.)")
_SEP = re.compile(r"\s*(?P<p>[,:]|[-–&])?\s*")


@dataclass(frozen=True)
class UnitVocab:
    heads: tuple[str, ...]           # case-folded, longest first
    short_heads: frozenset[str]
    person_heads: frozenset[str]
    group_heads: tuple[str, ...]
    bare_groups: tuple[str, ...]
    own_groups: tuple[str, ...]
    unit_words: tuple[str, ...]
    name_words: frozenset[str]
    complete_heads: frozenset[str]
    stop_words: tuple[str, ...]
    dash_roles: tuple[str, ...]
    names: tuple[str, ...]           # ministry and department names, longest first
    levels: tuple[str, ...]
    names_cf: tuple[str, ...]
    expansions: dict[str, str]


def _longest(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted({w.casefold() for w in words}, key=len, reverse=True))


@cache
def unit_vocab() -> UnitVocab:
    d = lexicon.load("obligations.json")
    org = lexicon.load("organisations.json")
    return UnitVocab(
        heads=_longest(org["heads"] + d["unit_heads"]["words"] + d["org_heads"]["words"] + d["official_titles"]["words"]),
        short_heads=frozenset(w.casefold() for w in d["short_heads"]["words"]),
        person_heads=frozenset(w.casefold() for w in d["unit_heads"]["words"] + d["official_titles"]["words"]),
        group_heads=_longest(d["group_heads"]["words"]),
        bare_groups=_longest(d["bare_groups"]["words"]),
        own_groups=_longest(d["own_groups"]["words"]),
        unit_words=_longest(d["unit_words"]["words"]),
        complete_heads=frozenset(w.casefold() for w in d["complete_heads"]["words"]),
        name_words=frozenset(w for n in d["name_words"]["words"] + org["names"] + org["heads"]
                             + d["unit_heads"]["words"]
                             for w in re.findall(r"\p{Ll}+", n.casefold())),
        stop_words=_longest(d["stop_words"]["words"]),
        dash_roles=_longest(d["dash_roles"]["words"]),
        names=tuple(sorted(org["names"], key=len, reverse=True)),
        levels=_longest(d["level_after_short"]["words"]),
        names_cf=_longest(org["names"]),
        expansions=d["expansions"]["pairs"],
    )


@cache
def _phrases(words: tuple[str, ...]) -> re.Pattern[str]:
    body = "|".join(r"\s+".join(re.escape(p) for p in w.split()).replace(r"\s+\-\s+", r"\s*-\s*")
                    for w in words)
    return re.compile(r"(?:" + body + r")(?![\p{L}\d])", _I)


def phrase_at(s: str, pos: int, phrases: tuple[str, ...]) -> int | None:
    """End of the longest of ``phrases`` that stands as whole words at ``pos``."""
    m = _phrases(phrases).match(s, pos)
    return m.end() if m else None


def _head(s: str, pos: int, plural: bool) -> int | None:
    v = unit_vocab()
    if plural:
        end = phrase_at(s, pos, v.group_heads)
        person = phrase_at(s, pos, v.heads) if s[pos:pos + 1].isupper() else None
        if person is not None and (end is None or person > end):
            return person                           # "Các Bộ trưởng", not "Các Bộ"
        if end is not None:
            return end
    if not s[pos:pos + 1].isupper():
        return None
    end = phrase_at(s, pos, v.heads)
    if end is None:
        return None
    if s[pos:end].casefold() in v.short_heads:
        nxt = _WORD.match(s, _SEP.match(s, end).end()) if s[end:end + 1].isspace() else None
        if not nxt or not (nxt.group(0)[0].isupper() or phrase_at(s, nxt.start(), v.levels)):
            return None
    return end


_ORG_NOUN_ANY = re.compile(r"tổ\s+chức\b", _I)
_ORG_NOUN = re.compile(r"tổ\s+chức(?:\s+xã\s+hội)?(?=\s*(?:[,:]|\bvà\b|\b(?:có\s+)?liên\s+quan\b|\bkhác\b|\btrực\s+thuộc\b|\bthuộc\b"
                       r"|\b(?:có|chịu)\s+trách\s+nhiệm\b))", _I)
_NEW_GROUP = re.compile(r"(?:các\s+)?(?:(?P<whole>địa\s+phương)(?![\p{L}])|(?:cơ\s+quan|đơn\s+vị|doanh\s+nghiệp)(?=\s+\p{Ll}))")
_BEFORE_BRACKET = re.compile(r"(?:[ \t]+\p{Ll}+){1,3}(?=[ \t]*[(:])")
# Matches below are bounded (``endpos``): a pattern with a required word may otherwise have the
# regex module look for that word through the rest of a long text at every call.
_CAPITALISED_BEFORE = re.compile(r"(?<![\p{L}])\p{Lu}\p{Ll}*$")
# One or two lower-case words describing a plural group, then what qualifies a group.
_DESCRIBED_GROUP = re.compile(r"(\p{Ll}+(?:[ \t]+\p{Ll}+)?)(?=[ \t\n]+(?:trên\s+địa\s+bàn|trực\s+thuộc|thuộc|có\s+liên\s+quan|"
                              r"liên\s+quan|khác)\b|\s*[,;]|\s+và\s+(?:các|những)\s)", _I)
# A bracket that names the body before it, then the task: "(Tập đoàn Đèo Cả) rà soát".
_BRACKET_NAME = re.compile(r"\((?-i:\p{Lu})[^()\n,;]{1,60}\)(?=[ \t]+\p{Ll})")
_REPORT_WORD = re.compile(r"(?:(?:các|những)\s+)?báo\s+cáo\b", _I)
# The last level of a plural list of places: "các xã, phường và đặc khu".
_PLACE_LEVEL = re.compile(r"(?:đặc\s+khu|thị\s+trấn|thị\s+xã|xã|phường|quận|huyện|thành\s+phố)(?![\p{L}])", _I)
_RANGE = re.compile(r"từ\s+\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*){0,3}\s+(?:đến|tới)\s+\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*){0,3}")


def read_unit(s: str, pos: int = 0) -> int | None:
    """End of the unit name that starts at ``s[pos]`` ("UBND các huyện, thành phố chưa …" → the
    end of "thành phố"), or None when no unit starts there."""
    v = unit_vocab()
    if _REPORT_WORD.match(s, pos, pos + 20):
        return None                                 # "Các Báo cáo trên gửi …": reports, not newspapers
    bare = phrase_at(s, pos, v.bare_groups)
    plural = re.match(r"(?:các|những|mọi)\s+", s[pos:pos + 10], _I)
    i = pos + (plural.end() if plural else 0)
    head_end = bare if bare is not None and not plural else _head(s, i, bool(plural))
    if head_end is None:
        bare = phrase_at(s, i, v.bare_groups) if plural else None
        if bare is None:
            return None
        head_end = bare
    end = i = head_end
    named = s[pos].isupper() and not plural
    lower_run = 0
    after_cac = False
    places = False                                  # inside "các tỉnh: A, B, C"
    while True:
        sep = _SEP.match(s, i)
        j = sep.end()
        punct = sep.group("p")
        if s[j:j + 1] == "(" and punct is None:
            named_by = _BRACKET_NAME.match(s, j, j + 70)
            if named_by:                            # "Nhà đầu tư (Tập đoàn Đèo Cả) rà soát …"
                end = i = named_by.end()
                break
        if j >= len(s) or s[j] in "(;.":
            break
        if punct == ":" and not (i == head_end and (plural is not None or s[pos:i].casefold() in v.person_heads
                                                    and s[j:j + 1].isupper())) and not (
                re.search(r"các\s+(?:tỉnh|thành\s+phố|huyện|xã|phường|quận|sở|bộ|ban|cục|cơ\s+quan|đơn\s+vị)(?:,\s*(?:cơ\s+quan|ngành|đơn\s+vị|thành\s+phố))?$",
                          s[max(pos, i - 30):i], _I)
                and s[j:j + 1].isupper()):
            break                                   # but "UBND các tỉnh: Khánh Hòa, Đắk Lắk" goes on
        if punct in ("-", "–") and phrase_at(s, j, v.dash_roles) is not None:
            break                                   # "Sở Tài chính - Cơ quan thường trực Ban Chỉ đạo"
        if punct == ":":
            places = True
        if after_cac:
            stop = phrase_at(s, j, v.stop_words) or phrase_at(s, j, v.group_heads)
            w = _WORD.match(s, j)
            k = stop or (w.end() if w else None)
            if k is None:
                break
            end = i = k
            after_cac = False
            continue
        w = _WORD.match(s, j)
        if not w:
            break
        word = w.group(0)
        if punct is None and word[0].islower() and i == end and nlp.enabled() \
                and (s[i - 1:i].isalpha() and _CAPITALISED_BEFORE.search(s, max(0, i - 12), i) or "\n" in s[i:j]):
            k = nlp.joined_word(s, j)               # "Trung tâm Chuyển⏎đổi số", "Sở Quy hoạch - Kiến trúc"
            if k is not None:
                end = i = k
                continue
        if word[0].isupper():
            known = phrase_at(s, j, v.names_cf)
            if known is not None and (punct != "," or places):   # "Bộ Giáo dục và Đào tạo": whole
                named, lower_run = True, 0
                end = i = known
                continue
            h = phrase_at(s, j, v.heads)
            if h is not None and punct is None and named and s[j:h].casefold() in v.person_heads \
                    and _PERSON_NEXT.match(s, j, h + 2) and not re.search(r"(?:Tổng|Phó)\s+$", s[max(0, j - 8):j]):
                break                               # "Giám đốc Sở X Giám đốc Trung tâm Y": a comma left out
            if h is not None and h > w.end() and punct is None:   # "Văn phòng Ban chỉ đạo …"
                named, lower_run = True, 0
                end = i = h
                continue
            if punct == "," and s[pos:pos + 1].isupper() and s[j:j + 1].isupper() \
                    and _PERSON_COLON.match(s, j, j + 20):
                break                               # "Chánh Văn phòng UBND thành phố, Giám đốc: Sở A, Sở B"
            if punct == "," and plural is None and not places and _head(s, j, False) is None \
                    and phrase_at(s, j, v.group_heads) is None \
                    and not _is_name_at(s, j) and named and not _continues_name(s, pos, i):
                joined = _COMMA_IN_NAME.match(s, j)
                if joined and i - pos < 40 and not _is_name_at(s, joined.end()) \
                        and _head(s, joined.end(), False) is None:
                    end = i = joined.end()          # "Cục Đo đạc, Bản đồ và Thông tin địa lý Việt Nam"
                    continue
                break                               # "UBND tỉnh, Thanh tra …" is read by the list
            named, lower_run = True, 0
            end = i = w.end()
            continue
        if punct in (",", ":") and phrase_at(s, j, v.unit_words) is None and _head(s, j, True) is None \
                and phrase_at(s, j, v.bare_groups) is None:
            break
        cac = [m.end() for m in re.finditer(r"\b(?:các|những)\s", s[pos:i], _I)]
        among = plural is not None or bool(cac)
        lower = not named or bool(cac) and not re.search(r"\p{Lu}", s[pos + cac[-1]:i])   # "Thủ trưởng các cơ quan, …"
        group = phrase_at(s, j, v.group_heads) if punct == "," and among and lower else None
        if group is not None and not _ORG_NOUN_ANY.match(s, j, j + 10):   # "các đơn vị, cơ sở giáo dục trực thuộc"
            end = i = group
            continue
        noun = _ORG_NOUN.match(s, j, j + 40) if punct == "," and among else None
        if noun:                                    # "các cơ quan, tổ chức có liên quan": a noun here
            end = i = noun.end()
            continue
        if punct == "," and named and not plural and _NEW_GROUP.match(s, j, j + 30) \
                and re.search(r"\s\p{Lu}", s[pos:i]) and not re.search(r"\b(?:các|những)\s", s[pos:i]) \
                and not re.search(r"(?:Thủ\s+trưởng|Người\s+đứng\s+đầu)\s+(?:các\s+)?cơ\s+quan\b[^,;]*$", s[pos:i]):
            break                                   # "Đài PT-TH Thành phố, cơ quan thông tấn báo chí"
        unit_word = phrase_at(s, j, v.unit_words)
        stop = phrase_at(s, j, v.stop_words)
        if unit_word is not None and stop is not None and stop > unit_word:
            break                                   # "các sở, ban, ngành ban hành"
        if punct == "," and phrase_at(s, j, v.bare_groups) is not None \
                and phrase_at(s, j, v.own_groups) is None:
            end = i = phrase_at(s, j, v.bare_groups) or j
            continue
        if word.casefold() in ("các", "những") or word.isdigit() and len(word) <= 3 \
                and phrase_at(s, _SEP.match(s, w.end()).end(), v.group_heads) is not None:
            i, after_cac = w.end(), True             # "Chủ tịch UBND 07 xã, phường có tên tại Điều 1"
            continue
        if word.casefold() == "và" and phrase_at(s, _SEP.match(s, w.end()).end(), v.bare_groups) is not None:
            break                                   # "… và người sử dụng lao động": the list goes on
        if word.casefold() == "và" and cac and _PLACE_LEVEL.match(s, _SEP.match(s, w.end()).end()):
            end = i = _PLACE_LEVEL.match(s, _SEP.match(s, w.end()).end()).end()
            continue                                # "UBND các xã, phường và đặc khu"
        if word.casefold() == "và" and named and not _continues_after_and(s, w.end()):
            nxt = _SEP.match(s, w.end()).end()
            if phrase_at(s, nxt, v.stop_words) is None and lower_run < 7 and \
                    (_WORD.match(s, nxt) and _WORD.match(s, nxt).group(0).casefold() in v.name_words):
                i, lower_run = w.end(), lower_run + 1
                continue
            break
        if unit_word is not None and not (word.casefold() == "và" and not _continues_after_and(s, unit_word)):
            i = unit_word
            if word.casefold() != "và":
                end = i
            continue
        if word.isdigit() and (re.search(r"(?:khu\s+vực|số|vùng)\s*$", s[max(0, j - 12):j], _I)
                               or punct is None and len(word) >= 3 and char_before(s, j).isalpha()
                               and re.search(r"\p{Lu}\p{Ll}*\s+(?:\p{Ll}+\s+)?$", s[max(0, j - 20):j])):
            end = i = w.end()                       # "Ngân hàng Nhà nước khu vực 8"
            continue
        if word.casefold() == "từ" and re.search(r"\bcác\s", s[pos:j]):  # "các tỉnh … từ Đà Nẵng đến Huế"
            span = _RANGE.match(s, j, j + 120)
            if span:
                end = i = span.end()
                continue
        if word.casefold() == "của" and re.match(r"\s+(?:(?-i:\p{Lu})|địa\s+phương\b|(?:tỉnh|thành\s+phố|huyện|xã)(?![\p{L}]))",
                                                s[w.end():w.end() + 16]):
            k = read_unit(s, _SEP.match(s, w.end()).end())   # "các Ban của Hội đồng nhân dân tỉnh"
            k = k or (re.compile(r"\s+(?:Trung\s+ương|địa\s+phương|tỉnh|thành\s+phố|huyện|xã)(?![\p{L}])", _I)
                      .match(s, w.end()) or w).end()         # "các sở, ban, ngành của tỉnh"
            if k > w.end():
                named, lower_run = True, 0
                end = i = k
                continue
        if plural and not named and stop is None and word.casefold() in v.name_words and lower_run < 3:
            lower_run += 1                          # "các cơ quan báo chí", "các cơ quan thông tấn"
            end = i = w.end()
            continue
        if lower and cac and stop is None and lower_run == 0 and re.match(r"\p{Ll}", word):
            described = _DESCRIBED_GROUP.match(s, j, j + 60)   # "Giám đốc các đơn vị điện lực trên địa bàn tỉnh"
            if described:
                lower_run += 1
                end = i = described.end(1)
                continue
        if plural and not named and stop is None and lower_run == 0:
            before = _BEFORE_BRACKET.match(s, i, i + 80)         # "các doanh nghiệp viễn thông (VNPT, …):"
            if before:
                end = i = before.end()
                break
        if stop is not None or not named or lower_run >= 7:
            break
        if word.casefold() not in v.name_words:
            # "Hội đồng Thi đua - Khen thưởng", "Văn phòng Đoàn đại biểu Quốc hội": a noun goes on
            k = _unknown_run(s, j)
            if k is not None and nlp.enabled() and nlp.noun_run(s, j) is None:
                k = None                            # the tagger reads a verb: the task begins
            if k is None:
                break
            lower_run += 1
            end = i = k
            continue
        lower_run += 1
        end = i = w.end()
    if end == head_end and not plural and bare is None and s[pos:end].casefold() not in v.complete_heads \
            and not any(ch.isupper() for ch in s[pos + 1:end]):
        return None                                 # a bare head ("Chi cục sẽ …") names no unit
    if end > pos and _DANGLING.search(s, max(pos, end - 12), end):
        end = _region_tail(s, end)                  # "… các xã, phường thuộc vùng đồng bào dân tộc thiểu số"
    if end > pos:
        end = _whole_word(s, pos, end)
    return end if end > pos else None


_NEXT_LOWER = re.compile(r"[ \t]*\n?[ \t]*(?=\p{Ll})")


def _whole_word(s: str, pos: int, end: int) -> int:
    """A name never ends inside a word: when its last syllable and the next ones form one word
    ("cá nhân đào|tạo", "các đơn vị đầu|mối", as underthesea segments a short window), a noun
    stays in the name and a verb goes to the task."""
    if not nlp.enabled() or not s[end - 1:end].islower():
        return end
    gap = _NEXT_LOWER.match(s, end)
    stop = phrase_at(s, gap.end(), unit_vocab().stop_words) if gap is not None else None
    if gap is None or gap.end() == end or stop is not None and " " in s[gap.end():stop].strip():
        return end                                  # "… chủ trì", "… có trách nhiệm": words of their own
    whole = nlp.joined_word(s, gap.end())
    if whole is None:
        return end
    last = max(s.rfind(" ", pos, end), s.rfind("\n", pos, end)) + 1
    if last <= pos:
        return end
    if (nlp.noun_run(s, last) or 0) >= whole:
        return whole                                # "các đơn vị đầu mối"
    cut = len(s[:last].rstrip(" \t\n,"))
    return cut if cut > pos and s[cut - 1:cut].isalpha() else end   # "Tổ chức, cá nhân | đào tạo …"


_DANGLING = re.compile(r"\b(?:trực\s+)?thuộc$", _I)
_TAIL_WORD = re.compile(r"[ \t\n]+(\p{L}+)")


def _region_tail(s: str, pos: int) -> int:
    """End of the region a name that stops at "thuộc" belongs to: its words up to a comma,
    semicolon, full stop or the word that begins the task (at most 12 words)."""
    v = unit_vocab()
    end = pos
    for _ in range(12):
        w = _TAIL_WORD.match(s, end)
        if not w or phrase_at(s, w.start(1), v.stop_words) is not None:
            break
        end = w.end()
    return end


# A comma inside a name: "…, Bản đồ và Thông tin …" (a capitalised word and up to two more, then "và" and a
# capitalised word), as in "Bộ Văn hóa, Thể thao và Du lịch".
_COMMA_IN_NAME = re.compile(r"\p{Lu}\p{Ll}*(?:[ \t]+\p{L}\p{Ll}*){0,2}[ \t\n]+và[ \t\n]+(?=\p{Lu})")


def _unknown_run(s: str, pos: int) -> int | None:
    """End of one or two lower-case words at ``pos`` that a name goes on after (a capitalised
    word or a hyphen follows them on the same line or the next), else None."""
    v = unit_vocab()
    m = re.compile(r"(\p{Ll}+)(?:\s+(\p{Ll}+))?(?=\s*(?:-\s*)?\p{Lu})").match(s, pos)
    if not m:
        return None
    for w in (m.start(1), m.start(2) if m.group(2) else None):
        if w is not None and phrase_at(s, w, v.stop_words) is not None:
            return None
    return m.end()


def _is_name_at(s: str, pos: int) -> bool:
    return phrase_at(s, pos, unit_vocab().names_cf) is not None


def _continues_name(s: str, start: int, comma: int) -> bool:
    """Whether the comma at ``comma`` is inside a known name ("Bộ Văn hóa, Thể thao và Du lịch")."""
    for name in unit_vocab().names:
        if "," in name:
            k = s.find(name.split(",")[0], start, comma + 1)
            if k >= 0 and k < comma < k + len(name) and s[k:k + len(name)].casefold() == name.casefold():
                return True
    return False


def char_before(s: str, pos: int) -> str:
    """``s[:pos].rstrip()[-1:]`` without copying ``s[:pos]`` (a copy per word is quadratic)."""
    k = pos - 1
    while k >= 0 and s[k].isspace():
        k -= 1
    return s[k] if k >= 0 else ""


def _continues_after_and(s: str, pos: int) -> bool:
    nxt = _SEP.match(s, pos).end()
    return s[nxt:nxt + 1].isupper() or re.match(r"(?:các|những)\s", s[nxt:nxt + 6], _I) is not None


_PERSON_COLON = re.compile(r"(?:Giám\s+đốc|Thủ\s+trưởng|Chủ\s+tịch|Trưởng|Cục\s+trưởng|Bộ\s+trưởng)\s*:")


# An official's title that begins another unit of a list when a comma was left out.
OFFICIAL_TITLES = r"(?-i:Giám\s+đốc|Chủ\s+tịch|Thủ\s+trưởng|Chánh\s+Văn\s+phòng|Tổng\s+Giám\s+đốc|Cục\s+trưởng)"
_PERSON_NEXT = re.compile(OFFICIAL_TITLES + r"\s")


def clean_unit(s: str) -> str:
    s = re.sub(r"\s+", " ", s).strip(" \t;,.:/")
    return re.sub(r"\s+(?:và|hoặc)$", "", s)


def _expand(name: str) -> str:
    words = key(name).split()
    ex = unit_vocab().expansions
    return " ".join(ex.get(w, w) for w in words)


def same_unit(a: str | None, b: str | None) -> bool:
    """Whether two names point at the same body ("UBND huyện Kbang" / "Ủy ban nhân dân huyện")."""
    if not a or not b:
        return False
    x, y = _expand(a), _expand(b)
    short, long_ = sorted((x, y), key=len)
    return len(short.split()) >= 2 and long_.startswith(short)


def is_person(s: str, pos: int) -> bool:
    """Whether the unit at ``pos`` is an official ("Trưởng ban: …" lists a composition)."""
    end = phrase_at(s, pos, unit_vocab().heads)
    return end is not None and s[pos:end].casefold() in unit_vocab().person_heads


def bare_person(s: str, pos: int, end: int) -> bool:
    """Whether ``s[pos:end]`` is an official's title alone ("Trưởng ban", "Phó Trưởng ban"), as
    a list of members writes it ("Trưởng ban: …"), not an official of a named body."""
    head = phrase_at(s, pos, unit_vocab().heads)
    return head is not None and s[pos:head].casefold() in unit_vocab().person_heads and \
        not s[head:end].strip(" ,:")
