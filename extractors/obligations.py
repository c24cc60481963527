"""Obligations: the tasks a document assigns to, or requests from, a named unit.

One record per task line: a lettered point, a dash item, or a paragraph (a paragraph that names
its subject inline, as a news article's "nhiệm vụ trong thời gian tới" does, gives one record per
clause). The assignee comes, nearest first, from the line itself ("Giao Sở Tài chính chủ trì",
"Đề nghị các Sở … phối hợp", "Riêng UBND huyện Mộ Đức …", "Định kỳ …, các Sở … báo cáo"), from a
"Kính đề nghị UBND tỉnh:" lead-in, from a "- Sở Nông nghiệp và PTNT: …" dash head, or from the
enclosing heading ("1. Sở Nông nghiệp và Phát triển nông thôn", "Điều 5. Trách nhiệm của …").
A report counts only its plan sections; lines without a unit there are the issuer's own plan
(``basis`` "self_plan"), kept only with a time. Each task takes the deadline whose span lies in
its text, else the one of the heading right above it.

Units are read by a small grammar (a head noun, then a name) with its vocabulary in
``data/obligations.json``; regexes run over ``canon(text)`` so spans are valid in ``text``.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import regex as re

from . import lexicon
from .normalize import canon_text, key
from .outline import Block, ancestors, blocks, body_ranges

_I = re.I
_REPORTS = frozenset({"bao_cao", "to_trinh", "other"})
_WORD = re.compile(r"[\p{L}\d][\p{L}\d&.]*(?:-[\p{L}\d]+)*(?<!\.)")
_SEP = re.compile(r"\s*(?P<p>[,:]|[-–&])?\s*")
# An action never begins with a conjunction, a preposition, a number or a list marker.
_NOT_ACTION = re.compile(r"(?:hoặc|và|của|về|khi|tại|theo|là|được|thuộc|với|trong|nếu|thì|như|do|bởi)(?![\p{L}])"
                         r"|[\d(]|[IVXLC]+\b", re.V1)
_CLAUSE_END = re.compile(r";|\.(?=\s+\p{Lu})|\.\s*$")


@dataclass(frozen=True)
class Vocab:
    heads: tuple[str, ...]           # case-folded, longest first
    short_heads: frozenset[str]
    person_heads: frozenset[str]
    group_heads: tuple[str, ...]
    unit_words: tuple[str, ...]
    name_words: frozenset[str]
    complete_heads: frozenset[str]
    stop_words: tuple[str, ...]
    opener: re.Pattern[str]
    subject_lead: re.Pattern[str]
    triggers: tuple[tuple[re.Pattern[str], str], ...]
    support: re.Pattern[str]
    lead: re.Pattern[str]
    relay: re.Pattern[str]
    past: re.Pattern[str]
    sections: dict[str, re.Pattern[str]]
    time_only: re.Pattern[str]
    closing: re.Pattern[str]
    duty: re.Pattern[str]
    expansions: dict[str, str]


def _longest(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted({w.casefold() for w in words}, key=len, reverse=True))


@cache
def vocab() -> Vocab:
    d = lexicon.load("obligations.json")
    org = lexicon.load("organisations.json")["heads"]
    return Vocab(
        heads=_longest(org + d["unit_heads"]["words"]),
        short_heads=frozenset(w.casefold() for w in d["short_heads"]["words"]),
        person_heads=frozenset(w.casefold() for w in d["unit_heads"]["words"]),
        group_heads=_longest(d["group_heads"]["words"]),
        unit_words=_longest(d["unit_words"]["words"]),
        complete_heads=frozenset(w.casefold() for w in d["complete_heads"]["words"]),
        name_words=frozenset(w for n in d["name_words"]["words"] + lexicon.load("organisations.json")["names"]
                             + org + d["unit_heads"]["words"]
                             for w in re.findall(r"\p{Ll}+", n.casefold())),
        stop_words=_longest(d["stop_words"]["words"]),
        opener=re.compile(d["openers"]["pattern"], _I),
        subject_lead=re.compile(d["subject_lead"]["pattern"], _I),
        triggers=tuple((re.compile(t["pattern"] + r"\s*:?\s+", _I), t["basis"]) for t in d["triggers"]["items"]),
        support=re.compile(d["roles"]["support"], _I),
        lead=re.compile(d["roles"]["lead"], _I),
        relay=re.compile(d["relay"]["pattern"], _I),
        past=re.compile(d["past"]["pattern"], _I),
        sections={k: re.compile(v["pattern"], _I) for k, v in d["sections"].items() if k != "about"},
        time_only=re.compile(d["time_only"]["pattern"], _I),
        closing=re.compile(d["closing"]["pattern"], _I),
        duty=re.compile(r"(?:trách\s+nhiệm|nhiệm\s+vụ)(?:,?\s+(?:quyền\s+hạn|quyền))?\s+(?:của|đối\s+với)\s+", _I),
        expansions=d["expansions"]["pairs"],
    )


# ------------------------------------------------------------------------------ units

@cache
def _phrases(words: tuple[str, ...]) -> re.Pattern[str]:
    body = "|".join(r"\s+".join(re.escape(p) for p in w.split()) for w in words)
    return re.compile(r"(?:" + body + r")(?![\p{L}\d])", _I)


def _phrase_at(s: str, pos: int, phrases: tuple[str, ...]) -> int | None:
    """End of the longest of ``phrases`` that stands as whole words at ``pos``."""
    m = _phrases(phrases).match(s, pos)
    return m.end() if m else None


def _head(s: str, pos: int, plural: bool) -> int | None:
    v = vocab()
    if plural:
        end = _phrase_at(s, pos, v.group_heads)
        if end is not None:
            return end
    if not s[pos:pos + 1].isupper():
        return None
    end = _phrase_at(s, pos, v.heads)
    if end is None:
        return None
    if s[pos:end].casefold() in v.short_heads:
        nxt = _WORD.match(s, end + 1) if s[end:end + 1] == " " else None
        if not nxt or not nxt.group(0)[0].isupper():
            return None
    return end


def read_unit(s: str, pos: int = 0) -> int | None:
    """End of the unit name that starts at ``s[pos]`` ("UBND các huyện, thành phố chưa …" → the
    end of "thành phố"), or None when no unit starts there."""
    v = vocab()
    plural = re.match(r"(?:các|những)\s+", s[pos:pos + 10], _I)
    i = pos + (plural.end() if plural else 0)
    head_end = _head(s, i, bool(plural))
    if head_end is None:
        return None
    end = i = head_end
    named = s[pos].isupper() and not plural
    lower_run = 0
    after_cac = False
    while True:
        sep = _SEP.match(s, i)
        j = sep.end()
        punct = sep.group("p")
        if j >= len(s) or s[j] in "(;.":
            break
        if punct == ":" and not (i == head_end and plural is not None):
            break
        if after_cac:
            stop = _phrase_at(s, j, v.stop_words) or _phrase_at(s, j, v.group_heads)
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
        if word[0].isupper():
            named, lower_run = True, 0
            end = i = w.end()
            continue
        if punct in (",", ":") and _phrase_at(s, j, v.unit_words) is None and _head(s, j, True) is None:
            break
        unit_word = _phrase_at(s, j, v.unit_words)
        stop = _phrase_at(s, j, v.stop_words)
        if unit_word is not None and stop is not None and stop > unit_word:
            break                                   # "các sở, ban, ngành ban hành"
        if word.casefold() in ("các", "những"):
            i, after_cac = w.end(), True
            continue
        if word.casefold() == "và" and named and not _continues_after_and(s, w.end()):
            nxt = _SEP.match(s, w.end()).end()
            if _phrase_at(s, nxt, v.stop_words) is None and lower_run < 5:
                i, lower_run = w.end(), lower_run + 1
                continue
            break
        if unit_word is not None and not (word.casefold() == "và" and not _continues_after_and(s, unit_word)):
            i = unit_word
            if word.casefold() != "và":
                end = i
            continue
        if stop is not None or not named or lower_run >= 5 or word.casefold() not in v.name_words:
            break
        lower_run += 1
        end = i = w.end()
    if end == head_end and not plural and s[pos:end].casefold() not in v.complete_heads \
            and not any(ch.isupper() for ch in s[pos + 1:end]):
        return None                                 # a bare head ("Chi cục sẽ …") names no unit
    return end if end > pos else None


def _continues_after_and(s: str, pos: int) -> bool:
    nxt = _SEP.match(s, pos).end()
    return s[nxt:nxt + 1].isupper() or re.match(r"(?:các|những)\s", s[nxt:nxt + 6], _I) is not None


def split_units(unit: str) -> list[str]:
    """"các Sở, ngành liên quan và UBND các huyện, thành phố" → the two groups; a name with
    "và" inside ("Sở Kế hoạch và Đầu tư") stays whole."""
    parts, last = [], 0
    for m in re.finditer(r"\s+và\s+|,\s+", unit):
        nxt = m.end()
        if _head(unit, nxt, False) is not None and read_unit(unit, last) is not None \
                and not unit[last:m.start()].rstrip().endswith(":") and ":" not in unit[last:m.start()]:
            parts.append(unit[last:m.start()])
            last = nxt
    parts.append(unit[last:])
    return [p.strip(" ,") for p in parts if p.strip(" ,")]


def _expand(name: str) -> str:
    words = key(name).split()
    ex = vocab().expansions
    return " ".join(ex.get(w, w) for w in words)


def same_unit(a: str | None, b: str | None) -> bool:
    """Whether two names point at the same body ("UBND huyện Kbang" / "Ủy ban nhân dân huyện")."""
    if not a or not b:
        return False
    x, y = _expand(a), _expand(b)
    short, long_ = sorted((x, y), key=len)
    return len(short.split()) >= 2 and long_.startswith(short)


# ---------------------------------------------------------------------------- clauses

@dataclass
class Subject:
    unit: str | None
    basis: str | None
    action_start: int          # where the task's words begin (absolute)
    explicit: bool             # named in the clause itself


def read_subject(c: str, start: int, end: int) -> Subject:
    """The unit a clause ``c[start:end]`` names for itself, and where its action begins."""
    v = vocab()
    pos = start + len(c[start:end]) - len(c[start:end].lstrip())
    if v.opener.match(c, pos, end):
        pos = _after_opener(c, pos, end)
    m = v.subject_lead.match(c, pos, end)
    led = bool(m)
    if m:
        pos = m.end()
    seg = c[:end]
    first = read_unit(seg, pos)
    if first is not None and seg[first:first + 1] == ":" and not re.match(r"(?:các|những)\s", seg[pos:pos + 6], _I):
        first = None
    after = pos
    if first is not None:
        after = _SEP.match(seg, first).end()
    for pattern, basis in v.triggers:
        t = pattern.match(seg, after)
        if t:
            unit_end = read_unit(seg, t.end())
            if unit_end is not None:
                return Subject(seg[t.end():unit_end], basis, _action_start(seg, unit_end), True)
    if first is not None and (led or not v.past.match(seg[after:])):
        return Subject(seg[pos:first], None, _action_start(seg, first), True)
    return Subject(None, None, start, False)


def _after_opener(c: str, pos: int, end: int) -> int:
    """Where the subject starts after an opening adverbial: after the first comma (outside
    brackets) that a unit follows, else right after the opening words."""
    depth = 0
    for k in range(pos, min(end, pos + 160)):
        depth += c[k] == "("
        depth -= c[k] == ")" and depth > 0
        if k > pos and c[k - 1] == " " and c[k].isupper() and depth == 0 and read_unit(c[:end], k) is not None:
            break                                   # a unit inside: this is no opening adverbial
        if c[k] == "," and depth == 0:
            nxt = _SEP.match(c, k + 1).end()
            if read_unit(c[:end], nxt) is not None or vocab().subject_lead.match(c, nxt, end):
                return nxt
    m = vocab().opener.match(c, pos, end)
    return _SEP.match(c, m.end()).end() if m else pos


def _action_start(s: str, pos: int) -> int:
    m = re.compile(r"[\s,:]*(?:(?:sẽ|cần|phải|kính)\s+)?").match(s, pos)
    return m.end() if m else pos


def _clauses(c: str, start: int, end: int, subject: str, after: int) -> list[tuple[int, int]]:
    """Split a paragraph at ";" and sentence ends, and at ", <its subject again>"."""
    out, last = [], start
    depth = 0
    restate = re.compile(r",\s+(?=" + re.escape(subject) + r"\s)", _I)
    i = start
    while i < end:
        ch = c[i]
        depth += ch == "("
        depth -= ch == ")" and depth > 0
        if depth == 0 and (ch == ";" or (ch == "." and re.match(r"\.\s+\p{Lu}", c[i:i + 3]))):
            out.append((last, i))
            last = i + 1
        elif depth == 0 and ch == "," and i > after and restate.match(c, i):
            out.append((last, i))
            last = i + 1
        i += 1
    out.append((last, end))
    return [(s + len(c[s:e]) - len(c[s:e].lstrip()), e) for s, e in out if c[s:e].strip(" .;,")]


# ---------------------------------------------------------------------------- records

def _clean(s: str) -> str:
    s = re.sub(r"\s+", " ", s).strip(" \t;,.:/")
    return re.sub(r"\s*\.?/\.?$", "", s).strip()


def _zone(c: str, items: list[Block], i: int, para_zone: str | None) -> str | None:
    """"account", "goal" or "plan" from the nearest heading that says which, else ``para_zone``."""
    for j in [i, *ancestors(items, i)]:
        b = items[j]
        if not b.heading_like:
            continue
        title = c[b.start:b.end][:160]
        for name in ("account", "goal", "plan"):
            if vocab().sections[name].search(title) and (name == "plan" or vocab().sections[name].match(title)):
                return name
    return para_zone


def _deadline(deadlines: list[dict], start: int, end: int) -> dict | None:
    return next((d for d in deadlines if start <= d["span"][0] and d["span"][1] <= end), None)


def _role(action: str) -> str:
    v = vocab()
    m = v.support.match(action)
    return "support" if m and not v.lead.search(action[:m.start() + 1]) else "lead"


def extract_obligations(text: str, header: Any, deadlines: list[dict]) -> list[dict]:
    """Tasks of ``text`` in reading order. ``header`` is the :class:`Header` of the document
    (issuer, doc_type), ``deadlines`` what :func:`extract_deadlines` found in the same text."""
    c = canon_text(text)
    doc_type = getattr(header, "doc_type", None) or "other"
    issuer = getattr(header, "issuer", None)
    report = doc_type in _REPORTS
    out: list[dict] = []
    for start, end in body_ranges(c):
        _scan(c, blocks(c, start, end), deadlines, out, issuer, report, doc_type)
    if c == text:
        return out
    # canon() moved tone marks ("hoà" → "hòa") but kept every space, so the words of ``c``
    # and ``text`` pair up: give assignee and action back in the document's own spelling.
    printed = {cw: tw for cw, tw in zip(c.split(), text.split()) if cw != tw}
    for record in out:
        for field in ("assignee", "action"):
            if record.get(field):
                record[field] = " ".join(printed.get(w, w) for w in record[field].split(" "))
    return out


def _scan(c: str, items: list[Block], deadlines: list[dict], out: list[dict], issuer: str | None,
          report: bool, doc_type: str) -> None:
    """Records of one body part (the letter itself, or a plan issued with a decision)."""
    v = vocab()
    unit_of: dict[int, tuple[str, str | None]] = {}     # block → (unit, basis) it gives below it
    para_zone: str | None = None
    intro: tuple[int | None, str, str | None] | None = None  # (parent, unit, basis) of a lead-in
    for i, b in enumerate(items):
        body = c[b.body:b.end]
        stripped = body.strip()
        if b.heading_like:
            para_zone, intro = None, None
        if v.closing.match(stripped):
            continue
        # A heading or dash head that names a unit: "1. Sở Nông nghiệp…", "- Sở …: Giao …".
        head_unit = read_unit(c[:b.end], b.body)
        if head_unit is not None and c[head_unit:b.end].strip(" .:") == "" and b.kind != "para":
            unit_of[i] = (c[b.body:head_unit], None)
            continue
        duty = v.duty.match(c, b.body, b.end) if b.heading_like else None
        duty_end = read_unit(c[:b.end], duty.end()) if duty else None
        if duty and duty_end is not None:
            unit_of[i] = (c[duty.end():duty_end], None)
            continue
        content = b.body
        given: tuple[str, str | None] | None = None
        if head_unit is not None and c[head_unit:head_unit + 1] == ":" and b.kind != "para" \
                and not _is_person(c, b.body):
            given = (c[b.body:head_unit], None)
            content = head_unit + 1
        lead = re.match(r"([^:\n]{3,120}):\s*", c[content:b.end]) if b.kind == "para" else None
        if lead and read_unit(c, content) is None and any(
                v.sections[n].search(lead.group(1)) for n in ("plan", "account")):
            para_zone = "plan" if v.sections["plan"].search(lead.group(1)) else "account"
            content += lead.end()
        zone = _zone(c, items, i, para_zone)
        if zone in ("account", "goal"):
            continue
        if v.time_only.match(stripped):
            continue
        if b.children and not re.search(r"[.;]\s*$", stripped) and b.heading_like:
            _heading_task(c, items, i, deadlines, out, issuer, report, zone, doc_type, unit_of)
            continue
        context = given or _inherited(items, i, unit_of)
        if b.kind == "para" and intro and intro[0] == b.parent:
            context = context if given else (intro[1], intro[2])
        subject = read_subject(c, content, b.end)
        if stripped.endswith(":"):
            if subject.unit:
                if b.kind == "para":
                    intro = (b.parent, subject.unit, subject.basis)
                else:
                    unit_of[i] = (subject.unit, subject.basis)
            continue
        if subject.unit:
            if b.kind == "para" and report and zone != "plan" and subject.basis is None:
                continue
        elif report and zone != "plan":
            continue
        spans = [(content, b.end)]
        if b.kind == "para" and subject.explicit and subject.basis is None:
            spans = _clauses(c, content, b.end, subject.unit or "", subject.action_start)
        own = subject if subject.unit else None
        for s, e in spans:
            sub = read_subject(c, s, e) if (s, e) != (content, b.end) else subject
            if not sub.unit and own:
                sub = Subject(own.unit, own.basis, _action_start(c, s), True)
            unit, basis = (sub.unit, sub.basis) if sub.unit else (context or (None, None))
            action_start = sub.action_start if sub.unit else s
            if v.past.match(c[action_start:e]) or v.past.match(c[s:e]) and not sub.unit:
                continue
            _emit(c, out, unit, basis, action_start, s, e, deadlines, issuer, report, zone, doc_type,
                  _parent_deadline(c, items, i, deadlines))


def _is_person(s: str, pos: int) -> bool:
    """Whether the unit at ``pos`` is an official ("Trưởng ban: …" lists a composition)."""
    end = _phrase_at(s, pos, vocab().heads)
    return end is not None and s[pos:end].casefold() in vocab().person_heads


def _inherited(items: list[Block], i: int, unit_of: dict[int, tuple[str, str | None]]) -> tuple[str, str | None] | None:
    for j in ancestors(items, i):
        if j in unit_of:
            return unit_of[j]
    return None


def _parent_deadline(c: str, items: list[Block], i: int, deadlines: list[dict]) -> dict | None:
    p = items[i].parent
    if p is None or not items[p].heading_like:
        return None
    return _deadline(deadlines, items[p].start, items[p].end)


def _heading_task(c: str, items: list[Block], i: int, deadlines: list[dict], out: list[dict],
                  issuer: str | None, report: bool, zone: str | None, doc_type: str,
                  unit_of: dict[int, tuple[str, str | None]]) -> None:
    """A heading whose only content is its time ("2.3. Tập huấn …" / "- Thời gian: quý II")."""
    kids = [j for j in range(i + 1, len(items)) if items[j].parent == i]
    times = [j for j in kids if vocab().time_only.match(c[items[j].body:items[j].end])]
    if not times or len(times) != len(kids):
        return
    b, t = items[i], items[times[0]]
    due = _deadline(deadlines, t.start, t.end)
    context = _inherited(items, i, unit_of) or (None, None)
    _emit(c, out, context[0], context[1], b.body, b.body, b.end, deadlines, issuer, report, zone, doc_type,
          due, forced=due)


def _emit(c: str, out: list[dict], unit: str | None, basis: str | None, action_start: int, s: int, e: int,
          deadlines: list[dict], issuer: str | None, report: bool, zone: str | None, doc_type: str,
          inherited: dict | None, forced: dict | None = None) -> None:
    v = vocab()
    self_plan = unit is None or same_unit(unit, issuer)
    if unit is None:
        if not (report and zone == "plan" and issuer and doc_type != "other"):
            return
        unit = issuer
    due = forced or _deadline(deadlines, s, e) or inherited
    if basis is None:
        basis = "reported" if doc_type == "other" else "self_plan" if self_plan else "assigned"
    if basis == "self_plan" and due is None:
        return
    action_end = e
    relay = v.relay.search(c, action_start, e)
    extra: list[tuple[str, int, int]] = []
    if relay:
        unit_end = read_unit(c[:e], relay.start("unit"))
        if unit_end is not None and unit_end <= relay.start("action"):
            action_end = unit_end
            extra.append((c[relay.start("unit"):unit_end], relay.start("action"), e))
    action = _clean(c[action_start:action_end])
    if len(re.findall(r"\p{L}+", action)) < 3 or not re.search(r"\p{Ll}", action) or _NOT_ACTION.match(action):
        return
    record = {"role": _role(action), "basis": basis, "due": due["due"] if due else None,
              "rrule": due["rrule"] if due else None, "span": [s, e]}
    for group in split_units(_clean(unit)):
        out.append({"assignee": group, "action": action, **record})
    for name, a_s, a_e in extra:
        out.append({"assignee": _clean(name), "action": _clean(c[a_s:a_e]), **record, "role": "lead"})
