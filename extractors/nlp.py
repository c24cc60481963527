"""Vietnamese NLP where the rules cannot decide, on short candidate spans only.

underthesea's part-of-speech tagger (≈ 21 KB/s) and word segmentation (≈ 60 KB/s) are far too
slow for whole documents, so they run on a window of a few words:

- where a unit's name meets a lower-case word the vocabularies do not know ("Văn phòng Đoàn đại
  biểu Quốc hội", "Hội đồng Thi đua - Khen thưởng" against "Sở Nội vụ thẩm định Đề án"), a
  noun goes on with the name and a verb begins the task;
- where a word of a name was split by a hard line wrap or written with only its first syllable
  capitalised ("Trung tâm Chuyển⏎đổi số", "Cục Viễn thám quốc gia"), word segmentation says
  whether the syllables form one word, which then stays in the name;
- where a short "task" might be a table cell or a form's field ("Sản lượng cà phê nhân", "Tên
  cơ quan/ Cá nhân", "Số thành viên đoàn"), a task has a verb.

``VANTHU_NLP=rules`` turns it off (the rules' own guess is used), for the ablation in the
README; the default is on. Results are cached per window.
"""
from __future__ import annotations

import os
from functools import lru_cache

from . import rx as re

# underthesea (VLSP) tags that continue a name: nouns, classifiers, proper and abbreviated
# nouns, unit nouns and numerals ("khu vực 8").
_NOUNS = frozenset({"N", "Nc", "Np", "Ny", "Nu", "Nb", "M"})
_WINDOW = re.compile(r"[^\n,;:.()]{1,60}")


def enabled() -> bool:
    return os.environ.get("VANTHU_NLP", "underthesea").strip().lower() != "rules"


@lru_cache(maxsize=8192)
def pos_tags(window: str) -> tuple[tuple[str, str], ...]:
    from underthesea import pos_tag
    return tuple((word, tag) for word, tag in pos_tag(window))


def noun_run(s: str, pos: int, max_words: int = 3) -> int | None:
    """End of the lower-case nouns that start at ``s[pos]`` (at most ``max_words`` syllables),
    as underthesea tags them with the two words before for context; None when the word at
    ``pos`` is not a noun. A syllable that the tagger joins to the word before it ("Chuyển
    đổi số") goes on with that word. The window stays within the line and its punctuation."""
    back = pos
    for _ in range(2):
        m = re.search(r"[^\s,;:.()]+\s+$", s[max(0, back - 40):back])
        if not m or "\n" in m.group(0):
            break
        back = back - len(m.group(0))
    m = _WINDOW.match(s, back)
    if not m or m.end() <= pos:
        return None
    window = m.group(0)
    cursor, end, syllables = 0, None, 0
    for word, tag in pos_tags(window):
        k = window.find(word, cursor)
        if k < 0:
            break
        cursor = k + len(word)
        start, stop = back + k, back + cursor
        if stop <= pos:
            continue                                 # context before the candidate
        if start < pos:                              # the candidate's syllable ends a compound
            end = stop
            continue
        if not word[:1].islower() or tag not in _NOUNS:
            break
        syllables += len(word.split())
        if syllables > max_words:
            break
        end = stop
    return end


@lru_cache(maxsize=8192)
def _words(window: str) -> tuple[str, ...]:
    from underthesea import word_tokenize
    return tuple(word_tokenize(window))


_BEFORE = re.compile(r"(?:[^\s,;:.()]+[ \t]*\n?[ \t]*){1,2}$")
_AFTER = re.compile(r"[^\n,;:.()]{1,30}")


def joined_word(s: str, pos: int) -> int | None:
    """End of the word that the syllable before ``s[pos]`` forms with the syllables from
    ``pos`` ("Trung tâm Chuyển⏎đổi số", "Cục Viễn thám", "cơ sở giáo dục đại⏎học"), as
    underthesea's word segmentation reads a short window with a hard wrap undone; None when
    ``s[pos]`` begins a word of its own."""
    before = _BEFORE.search(s[max(0, pos - 40):pos])
    after = _AFTER.match(s, pos)
    if not before or not after:
        return None
    start = pos - len(before.group(0))
    window = s[start:after.end()].replace("\n", " ")
    cursor = 0
    for word in _words(window):
        k = window.find(word, cursor)
        if k < 0:
            return None
        cursor = k + len(word)
        if start + k < pos < start + cursor:
            return start + cursor
        if start + k >= pos:
            return None
    return None


def has_verb(text: str) -> bool:
    """Whether underthesea tags a verb in ``text`` (a few words: a candidate task). The first
    letter is lowered: the tagger reads a capitalised verb as a name ("Trình UBND tỉnh …")."""
    return any(tag == "V" for _, tag in pos_tags(text[:1].lower() + text[1:]))
