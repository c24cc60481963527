"""Obligations: the tasks a document assigns to, or requests from, a named unit.

One record per task line and assignee. A task line is a lettered point, a dash item, a numbered
item or a sentence with its own subject. The assignee comes, nearest first, from

- the sentence itself: its subject ("Sở Tài chính chủ trì …", "Các Bộ: Quốc phòng, Công an chủ
  động …"), a unit after "Giao / Đề nghị / Yêu cầu" at its start or after the issuer
  ("Thủ tướng Chính phủ yêu cầu Chủ tịch UBND các tỉnh … tập trung …"), or the execution clause
  ("Chánh Văn phòng …, Giám đốc các Sở … chịu trách nhiệm thi hành Quyết định này");
- the attribute lines of a plan's task ("- Cơ quan chủ trì: Sở X", "- Thời gian: Quý I/2026");
- a lead-in that ends with ":" ("Kính đề nghị UBND tỉnh:") or the enclosing heading that names
  the unit ("1. Sở Nông nghiệp và Phát triển nông thôn", "a) Sở Tư pháp có trách nhiệm:").

A sentence without a subject goes on with the task before it in the same item. Aims, results
and regulations' standing rules are not tasks: in a nghị định, thông tư or luật only the
articles on carrying it out are read. Each task takes the deadline inside its words, else the
one of its attribute or heading lines. Units are read by :mod:`extractors.units`; the cue
phrases are data (``data/obligations.json``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

import regex as re

from . import lexicon
from .deadlines import extract_deadlines
from .normalize import canon_text
from .outline import Block, ancestors, blocks, body_ranges, wrapped_layout, _lines
from .task_tables import task_rows
from .units import _SEP, bare_person, clean_unit, phrase_at, read_unit, read_units, same_unit, unit_vocab

_I = re.I
_REPORTS = frozenset({"bao_cao", "to_trinh", "other"})
_REGULATIONS = frozenset({"nghi_dinh", "thong_tu", "thong_tu_lien_tich", "luat", "phap_lenh"})
# An action never begins with a conjunction, a preposition, a number or a list marker.
_NOT_ACTION = re.compile(r"(?:hoặc|và|của|về|khi|tại|là|được|thuộc|với|trong(?!\s+phạm\s+vi)|nếu|thì|như|do|bởi)(?![\p{L}])"
                         r"|[\d(]|[IVXLC]+\b", re.V1)


@dataclass(frozen=True)
class Cues:
    opener: re.Pattern[str]
    subject_lead: re.Pattern[str]
    triggers: tuple[tuple[re.Pattern[str], str], ...]
    support: re.Pattern[str]
    lead: re.Pattern[str]
    relay: re.Pattern[str]
    past: re.Pattern[str]
    sections: dict[str, re.Pattern[str]]
    time_only: re.Pattern[str]
    attribute: re.Pattern[str]
    closing: re.Pattern[str]
    not_duty: re.Pattern[str]
    heading_tail: re.Pattern[str]
    heading_lead: re.Pattern[str]
    article_title: re.Pattern[str]
    execution_article: re.Pattern[str]
    relative_unit: re.Pattern[str]
    authorities: re.Pattern[str]
    composition: re.Pattern[str]
    place_subject: re.Pattern[str]
    duty: re.Pattern[str]


@cache
def cues() -> Cues:
    d = lexicon.load("obligations.json")
    p = {k: re.compile(d[k]["pattern"], _I) for k in (
        "openers", "subject_lead", "relay", "past", "time_only", "attributes", "closing", "not_duty",
        "heading_tail", "heading_lead", "article_title", "execution_article",
        "relative_unit", "authorities", "composition", "place_subject")}
    return Cues(
        opener=p["openers"], subject_lead=p["subject_lead"],
        triggers=tuple((re.compile(t["pattern"] + r"\s*:?\s+", _I), t["basis"]) for t in d["triggers"]["items"]),
        support=re.compile(d["roles"]["support"], _I), lead=re.compile(d["roles"]["lead"], _I),
        relay=p["relay"], past=p["past"],
        sections={k: re.compile(v["pattern"], _I) for k, v in d["sections"].items() if k != "about"},
        time_only=p["time_only"], attribute=p["attributes"], closing=p["closing"], not_duty=p["not_duty"],
        heading_tail=p["heading_tail"], heading_lead=p["heading_lead"], article_title=p["article_title"],
        execution_article=p["execution_article"], relative_unit=p["relative_unit"], authorities=p["authorities"], composition=p["composition"], place_subject=p["place_subject"],
        duty=re.compile(r"(?:trách\s+nhiệm|nhiệm\s+vụ)(?:,?\s+(?:quyền\s+hạn|quyền))?\s+(?:của|đối\s+với)\s+", _I),
    )


# ---------------------------------------------------------------------------- subjects

@dataclass
class Subject:
    units: list[str]
    basis: str | None
    action_start: int          # where the task's words begin (absolute)


def _after_opener(c: str, pos: int, end: int) -> int:
    """Where the subject starts after an opening adverbial ("Định kỳ 06 tháng, các Sở …"):
    after the first comma (outside brackets) that a unit follows, else ``pos``."""
    depth = 0
    listing = False                                  # inside "… của Tổng Bí thư, Chính phủ, …"
    for k in range(pos, min(end, pos + 200)):
        depth += c[k] == "("
        depth -= c[k] == ")" and depth > 0
        if c[k] == "," and depth == 0 or c.startswith("vướng mắc", k - 8):
            nxt = _SEP.match(c, k + 1).end()
            stretch = c[max(pos, c.rfind(",", pos, k) + 1):k]
            if re.search(r"(?:của|với|cho|tại|theo|và|gồm)\s+(?:\p{Lu}|các\s)", stretch):
                listing = True
                continue
            unit = read_unit(c[:end], nxt)
            if listing and unit is not None and re.match(r"[\s\[\]\d]*(?:,|và\s)", c[unit:unit + 8]):
                continue
            listing = False
            if unit is not None or cues().subject_lead.match(c, nxt, end):
                return nxt
    return pos


def read_subject(c: str, start: int, end: int, issuer: str | None = None) -> Subject | None:
    """The units a clause ``c[start:end]`` names as its subject, and where its action begins."""
    q = cues()
    seg = c[:end]
    pos = start + len(c[start:end]) - len(c[start:end].lstrip())
    t = q.article_title.match(c, pos, end)
    if t:
        pos = t.end()
    m = q.subject_lead.match(c, pos, end)
    if m and read_unit(seg, m.end()) is not None:
        pos = m.end()
    else:
        m = None
        if q.opener.match(c, pos, end):
            pos = _after_opener(c, pos, end)
    handed = _handed_on(seg, pos)
    if handed is not None:
        return handed
    got = read_units(seg, pos)
    if got is not None:
        stop, units = got
        rel = q.relative_unit.match(seg, stop)
        if rel:                                      # "Các cơ quan được phân công … có trách nhiệm"
            units = units[:-1] + [units[-1] + seg[stop:rel.end()]] if units else units
            stop = rel.end()
        if seg[stop:stop + 1] == ":":                # "- Sở Tài chính: chủ trì …"
            if bare_person(seg, pos, stop) and not m:
                return None                          # "Trưởng ban: …" lists a composition
            colon = _SEP.match(seg, stop + 1).end()
            return _handed_on(seg, colon) or Subject(units, None, colon)
        if q.past.match(seg[_action_start(seg, stop):end]) and not m:
            return None
        handed = _handed_on(seg, _SEP.match(seg, stop).end(), units, pos, issuer)
        return handed or Subject(units, None, _action_start(seg, stop))
    place = q.place_subject.match(seg, pos) or (q.place_subject.match(seg, _after_comma(seg, pos, end))
                                                if q.opener.match(c, start + len(c[start:end]) - len(c[start:end].lstrip()), end)
                                                else None)
    if place:                                        # "tỉnh Đắk Lắk cần …": its People's Committee
        level = place.group("level").casefold()
        return Subject([f"Ủy ban nhân dân {level} {place.group('name')}"], None, _action_start(seg, place.end()))
    # a trigger in the middle of the sentence: "…, yêu cầu Bộ Y tế, … tiếp tục …"
    for t in re.finditer(r"(?:^|[,;:]\s+|\s)(?:yêu\s+cầu|đề\s+nghị|giao)\s+(?:cho\s+)?", seg[pos:end], _I):
        got = read_units(seg, pos + t.end())
        if got and len(re.findall(r"\p{L}+", seg[_action_start(seg, got[0]):end])) >= 3:
            return Subject(got[1], "requested" if "đề" in t.group(0) else "assigned", _action_start(seg, got[0]))
    return None


def _after_comma(seg: str, pos: int, end: int) -> int:
    """After the last comma (outside brackets) of an opening adverbial, within 300 characters."""
    depth, last = 0, pos
    for k in range(pos, min(end, pos + 300)):
        depth += seg[k] == "("
        depth -= seg[k] == ")" and depth > 0
        if seg[k] == "," and depth == 0:
            last = _SEP.match(seg, k + 1).end()
            if cues().place_subject.match(seg, last):
                return last
    return last


def _handed_on(seg: str, pos: int, subject: list[str] | None = None, subject_pos: int = 0,
               issuer: str | None = None) -> Subject | None:
    """Units that a trigger at ``pos`` makes the assignees ("Giao Sở X …", "Đề nghị các Sở …",
    "kính giải trình để Sở X …"). After a subject, "đề nghị / kính … để" always hand the task on;
    "yêu cầu / giao" only after an authority ("Thủ tướng Chính phủ yêu cầu …") or the issuer."""
    q = cues()
    for pattern, basis in q.triggers:
        t = pattern.match(seg, pos)
        if not t:
            continue
        if subject is not None and basis != "requested" and not (
                q.authorities.match(seg, subject_pos) or any(same_unit(u, issuer) for u in subject)):
            continue
        got = read_units(seg, t.end())
        if got:
            return Subject(got[1], basis, _action_start(seg, got[0]))
    return None


def _action_start(s: str, pos: int) -> int:
    m = re.compile(r"[\s,:]*(?:(?:sẽ|cần|phải|kính)\s+)?").match(s, pos)
    return m.end() if m else pos


def _clauses(c: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split an item at ";" and sentence ends (outside brackets)."""
    out, last, depth = [], start, 0
    for i in range(start, end):
        ch = c[i]
        depth += ch == "("
        depth -= ch == ")" and depth > 0
        if depth == 0 and (ch == ";" or (ch == "." and re.match(r"\.\s+\p{Lu}", c[i:i + 3]))):
            out.append((last, i))
            last = i + 1
    out.append((last, end))
    return [(s + len(c[s:e]) - len(c[s:e].lstrip()), e) for s, e in out if c[s:e].strip(" .;,")]


# ---------------------------------------------------------------------------- records

def _clean(s: str) -> str:
    s = re.sub(r"\s+", " ", s).strip(" \t;,.:/")
    return re.sub(r"\s*\.?/\.?$", "", s).strip()


def _deadline(deadlines: list[dict], start: int, end: int) -> dict | None:
    return next((d for d in deadlines if start <= d["span"][0] and d["span"][1] <= end), None)


def _role(action: str) -> str:
    q = cues()
    m = q.support.match(action)
    return "support" if m and not q.lead.search(action[:m.start() + 1]) else "lead"


@dataclass
class Task:
    units: list[str]
    basis: str | None
    start: int                 # the item's words (for the span and the deadline)
    action_start: int
    end: int
    due: dict | None = None    # from an attribute or heading line
    explicit: bool = False     # the units are the clause's own subject
    extra: list[tuple[str, int, int]] = field(default_factory=list)


@dataclass
class Doc:
    c: str
    deadlines: list[dict]
    issuer: str | None
    doc_type: str
    issued_on: str | None = None
    out: list[dict] = field(default_factory=list)

    @property
    def report(self) -> bool:
        return self.doc_type in _REPORTS


def extract_obligations(text: str, header: Any, deadlines: list[dict]) -> list[dict]:
    """Tasks of ``text`` in reading order. ``header`` is the :class:`Header` of the document
    (issuer, doc_type), ``deadlines`` what :func:`extract_deadlines` found in the same text."""
    c = canon_text(text)
    doc = Doc(c, deadlines, getattr(header, "issuer", None), getattr(header, "doc_type", None) or "other",
              getattr(header, "issued_on", None))
    rows = task_rows(c, by_line=not wrapped_layout(c, _lines(c, 0, len(c))))
    for start, end in body_ranges(c):
        _scan(doc, [b for b in blocks(c, start, end) if not any(r.start <= b.start < r.end for r in rows)])
    _table_tasks(doc, rows)
    if c == text:
        return doc.out
    # canon() moved tone marks ("hoà" → "hòa") but kept every space, so the words of ``c``
    # and ``text`` pair up: give assignee and action back in the document's own spelling.
    printed = {cw: tw for cw, tw in zip(c.split(), text.split()) if cw != tw}
    for record in doc.out:
        for name in ("assignee", "action"):
            if record.get(name):
                record[name] = " ".join(printed.get(w, w) for w in record[name].split(" "))
        record["support"] = [" ".join(printed.get(w, w) for w in s.split(" ")) for s in record.get("support", [])]
    return doc.out


# ---------------------------------------------------------------------------- the scan

def _scan(doc: Doc, items: list[Block]) -> None:
    """Records of one body part (the letter itself, or a plan issued with a decision)."""
    c, q = doc.c, cues()
    given: dict[int, tuple[list[str], str | None]] = {}   # block → the units it gives the items below
    lead_in: dict[int | None, tuple[list[str], str | None]] = {}   # parent → a lead-in's units
    items_of: dict[int, tuple[list[str], str | None]] = {}  # an item's own subject, for its sub-items
    regulation = doc.doc_type in _REGULATIONS or bool(items) and bool(
        re.match(r"\s*(?:QUY\s+CHẾ|QUY\s+ĐỊNH|ĐIỀU\s+LỆ)\b", c[items[0].start:items[0].end]))
    handled: set[int] = set()
    for i, b in enumerate(items):
        stripped = c[b.body:b.end].strip()
        if i in handled or not stripped or q.closing.match(stripped) and not _clauses(c, b.body, b.end)[1:]:
            continue
        zone = _zone(c, items, i)
        if zone in ("account", "goal") or (regulation and not _in_execution_article(c, items, i)):
            continue
        if q.attribute.match(stripped) or q.time_only.match(stripped):
            continue                                        # read with the task it belongs to
        units = _heading_units(c, b)
        if units is not None:
            if b.kind == "para":
                lead_in[b.parent] = units            # "Kính đề nghị UBND tỉnh:" before paragraphs
            else:
                given[i] = units
            continue
        attributes = _attribute_children(c, items, i)
        if attributes:
            handled.update(attributes)
            _attributed_task(doc, items, i, attributes)
            continue
        if q.composition.search(stripped[:120]):
            continue                                        # "Thành phần gồm: …" lists members
        if b.children and b.heading_like and not re.search(r"[.;:]\s*$", stripped):
            _heading_task(doc, items, i, given)             # a title: its items are the tasks
            continue
        context = _inherited(items, i, given, items_of if b.kind != "para" else {}) or lead_in.get(b.parent)
        start, para_zone = _inline_lead(c, b)
        zone = zone or para_zone
        if para_zone in ("account", "goal"):
            continue
        tasks = _tasks(doc, start, b.end, context, zone)
        if stripped.endswith(":"):
            sub = read_subject(c, start, b.end, doc.issuer)
            first = tasks[0] if tasks else (Task(sub.units, sub.basis, start, sub.action_start, b.end)
                                            if sub is not None else None)
            if first is not None and first.basis != "self_plan":
                if b.kind == "para":
                    lead_in[b.parent] = (first.units, first.basis)
                else:
                    given[i] = (first.units, first.basis)
            if sub is None or _generic_intro(c[sub.action_start:b.end]):
                continue                                # a title or lead-in, not a task of its own
        if b.children and tasks and tasks[0].explicit and i not in given:
            items_of[i] = (tasks[0].units, tasks[0].basis)  # "(1) Bộ Y tế chỉ đạo …" then its dash items
        for t in tasks:
            _emit(doc, t, _parent_deadline(doc, items, i))


def _inline_lead(c: str, b: Block) -> tuple[int, str | None]:
    """A paragraph that opens with its own section title ("Về một số nhiệm vụ trong thời gian
    tới: Các địa phương …"): where its tasks begin and the zone the title gives."""
    if b.kind != "para":
        return b.body, None
    lead = re.match(r"([^:\n]{3,120}):\s*", c[b.body:b.end])
    if not lead or read_unit(c, b.body) is not None:
        return b.body, None
    sections = cues().sections
    for name in ("plan", "account"):
        if sections[name].search(lead.group(1)):
            return b.body + lead.end(), name
    return b.body, None


def _zone(c: str, items: list[Block], i: int) -> str | None:
    """"account", "goal" or "plan" from the nearest heading that says which."""
    q = cues()
    for j in [i, *ancestors(items, i)]:
        b = items[j]
        if not b.heading_like:
            continue
        title = c[b.body:b.end][:160]
        for name in ("account", "goal", "plan"):
            if q.sections[name].search(title) and (name == "plan" or q.sections[name].match(title)):
                return name
    return None


def _in_execution_article(c: str, items: list[Block], i: int) -> bool:
    """In a regulation, whether block ``i`` lies in an article on carrying it out ("Điều 5.
    Hiệu lực và trách nhiệm thi hành", "Điều 12. Trách nhiệm của Sở Tài chính")."""
    for j in [i, *ancestors(items, i)]:
        if items[j].kind == "article":
            return bool(cues().execution_article.match(c, items[j].body, min(items[j].end, items[j].body + 160)))
    return False


def _heading_units(c: str, b: Block) -> tuple[list[str], str | None] | None:
    """The units a heading names for the items below it ("1. Sở Tài chính", "a) Sở Tư pháp có
    trách nhiệm:", "2. Giao Sở Tài chính:", "Điều 5. Trách nhiệm của UBND cấp tỉnh")."""
    q = cues()
    stripped = c[b.body:b.end].rstrip()
    if b.kind == "para" and not stripped.endswith(":"):
        return None
    pos = b.body
    basis = None
    lead = q.heading_lead.match(c, pos, b.end)
    if lead:
        pos = lead.end()
        basis = "requested" if re.match(r"(?:kính\s+)?đề", lead.group(0), _I) else "assigned"
    got = read_units(c[:b.end], pos)
    if got is None or bare_person(c, pos, got[0]) and c[got[0]:got[0] + 1] == ":" and not lead:
        return None
    stop, units = got
    if not q.heading_tail.fullmatch(c, stop, b.end):
        return None
    return units, basis


def _generic_intro(intro: str) -> bool:
    """A lead-in whose only action is to do the items below ("… thực hiện các nhiệm vụ sau:")."""
    head = re.split(r"[,;]\s*trong\s+đó\b", intro, maxsplit=1, flags=_I)
    if len(head) > 1:                                 # "… tập trung chỉ đạo X, trong đó …": X is a task
        return bool(re.match(r"(?:\p{L}+\s+){0,3}?(?:thực\s+hiện|triển\s+khai|quán\s+triệt)\s.{0,60}?"
                             r"(?:các\s+)?(?:chủ\s+trương|chỉ\s+đạo|nghị\s+quyết|văn\s+bản|quy\s+định)", head[0], _I))
    return bool(re.search(r"(?:các|một\s+số|những)\s+(?:nhiệm\s+vụ|giải\s+pháp|nội\s+dung|công\s+việc|biện\s+pháp|"
                          r"việc)[^.;]{0,80}(?:sau|như\s+sau|dưới\s+đây)\s*:?\s*$|^[^,]{0,40}:?\s*$"
                          r"|(?:có|chịu)\s+trách\s+nhiệm(?:\s+thực\s+hiện)?(?:\s+(?:các|một\s+số)\s+\p{L}+(?:\s+\p{L}+)?)?"
                          r"(?:\s+(?:sau|như\s+sau))?\s*:\s*$", intro, _I))


def _inherited(items: list[Block], i: int, given: dict, items_of: dict | None = None
               ) -> tuple[list[str], str | None] | None:
    """The units of the nearest enclosing block that gives them: a heading that names them, or
    (for items under it) an item with its own subject."""
    for j in ancestors(items, i):
        if items_of and j in items_of:
            return items_of[j]
        if j in given:
            return given[j]
    return None


def _parent_deadline(doc: Doc, items: list[Block], i: int) -> dict | None:
    p = items[i].parent
    if p is None or not items[p].heading_like or items[p].end - items[p].start > 160 \
            or doc.c[items[p].end - 1:items[p].end] == ".":
        return None                                  # a task's own time, not its items' (a title's is)
    return _deadline(doc.deadlines, items[p].start, items[p].end)


def _tasks(doc: Doc, start: int, end: int, context: tuple[list[str], str | None] | None,
           zone: str | None) -> list[Task]:
    """The tasks of one item: each clause with its own subject starts one, a clause without goes
    on with the task before it (or takes the item's context)."""
    c = doc.c
    tasks: list[Task] = []
    pending: Subject | None = None          # "A, B; C; D thực hiện …": units before the verb's clause
    for s, e in _clauses(c, start, end):
        if cues().closing.match(c[s:e]):
            context = None                           # "Trên đây là Kế hoạch …": the document closes
            continue
        sub = read_subject(c, s, e, doc.issuer)
        if sub is not None and not re.search(r"\p{L}", c[sub.action_start:e]):
            pending = sub if pending is None else Subject(pending.units + sub.units, pending.basis, e)
            continue
        if pending is not None and sub is None and c[s:s + 1].isupper():
            pending = None                           # "Lãnh đạo các Bệnh viện A, B; …": a list
        if pending is not None:
            units = pending.units + (sub.units if sub else [])
            basis = pending.basis or (sub.basis if sub else None)
            tasks.append(Task(units, basis, s, sub.action_start if sub else s, e))
            pending = None
            continue
        if sub is not None:
            again = re.compile(r",\s+(?=" + re.escape(sub.units[0]) + r"\s)", _I).search(c, sub.action_start, e) \
                if len(sub.units) == 1 else None
            if again:                                # "Các địa phương …, các địa phương phấn đấu …"
                tasks.append(Task(sub.units, sub.basis, s, sub.action_start, again.start()))
                sub2 = read_subject(c, again.end(), e, doc.issuer)
                if sub2 is not None:
                    tasks.append(Task(sub2.units, sub2.basis, again.end(), sub2.action_start, e))
                    continue
            tasks.append(Task(sub.units, sub.basis, s, sub.action_start, e, explicit=True))
        elif tasks and doc.doc_type == "other" and c[tasks[-1].end:tasks[-1].end + 1] == ";":
            first = tasks[0]                           # a news summary lists one task per clause
            tasks.append(Task(first.units, first.basis, s, s, e))
        elif tasks:
            tasks[-1].end = e
        elif re.match(r"(?:đã|đang|vừa|chưa)\s", c[s:e], _I):
            tasks.append(Task([], None, s, s, e))       # what was done: absorbs what follows
        elif context is not None:
            tasks.append(Task(list(context[0]), context[1], s, s, e))
        elif doc.report and zone == "plan" and doc.issuer and doc.doc_type != "other":
            tasks.append(Task([doc.issuer], "self_plan", s, s, e))
        else:
            tasks.append(Task([], None, s, s, e))          # no unit: kept only to absorb what follows
    return [t for t in tasks if t.units]


def _attribute_children(c: str, items: list[Block], i: int) -> list[int]:
    """Children of block ``i`` that give its unit or time ("- Cơ quan chủ trì: Sở X")."""
    q = cues()
    kids = [j for j in range(i + 1, min(len(items), i + 40)) if items[j].parent == i]
    attrs = [j for j in kids if q.attribute.match(c, items[j].body, items[j].end)]
    if not any(q.attribute.match(c, items[j].body, items[j].end).group("lead") for j in attrs):
        return []
    return attrs + [j for j in kids if j not in attrs and q.time_only.match(c, items[j].body, items[j].end)]


def _attributed_task(doc: Doc, items: list[Block], i: int, attrs: list[int]) -> None:
    """A plan's task with its unit and time on lines of their own: one record per unit named on
    a "chủ trì / thực hiện" line (or per subject of the sentences written there), and per item
    listed under the task when it has items."""
    c, q = doc.c, cues()
    b = items[i]
    due = None
    for j in attrs:
        if q.time_only.match(c, items[j].body, items[j].end):
            due = due or _deadline(doc.deadlines, items[j].start, items[j].end)
    support: list[str] = []
    leads: list[str] = []
    for j in attrs:
        m = q.attribute.match(c, items[j].body, items[j].end)
        if m and m.group("support"):
            support += _value_units(c, m.end(), items[j].end) or []
    for j in attrs:
        m = q.attribute.match(c, items[j].body, items[j].end)
        if not m or not m.group("lead"):
            continue
        units = _value_units(c, m.end(), items[j].end)
        if units is not None:
            leads += units
            continue
        for t in _tasks(doc, m.end(), items[j].end, None, None):   # "Sở X tiến hành rà soát …"
            _emit(doc, t, due, support)
    if not leads:
        return
    below = [j for j in range(i + 1, len(items)) if i in ancestors(items, j) and j not in attrs
             and not items[j].children and not c[items[j].body:items[j].end].rstrip().endswith(":")
             and not q.time_only.match(c, items[j].body, items[j].end)]
    content = [j for j in below if re.match(r"\s*nội\s+dung(?:\s+\p{L}+){0,2}\s*:", c[items[j].body:items[j].end], _I)]
    if content:
        k = content[0]
        start = re.match(r"\s*nội\s+dung(?:\s+\p{L}+){0,2}\s*:\s*", c[items[k].body:items[k].end], _I).end()
        spans = [(items[k].body + start, items[k].end)]
    elif below:
        spans = [(items[j].body, items[j].end) for j in below]
    else:
        spans = [(b.body, b.end)]
    for s, e in spans:
        _emit(doc, Task(list(leads), None, s, s, e, due), due, support)


def _value_units(c: str, start: int, end: int) -> list[str] | None:
    """The units of an attribute line's value ("Sở A; Sở B; Báo và Phát thanh … và các sở, ngành
    có liên quan."), or None when the value is sentences with verbs of their own."""
    value = c[start:end].strip().rstrip(".;")
    got = read_units(c[:start + len(c[start:end]) - len(c[start:end].lstrip()) + len(value)],
                     start + len(c[start:end]) - len(c[start:end].lstrip()))
    if got is not None and not c[got[0]:end].strip(" .;"):
        return got[1]
    if re.search(r"[.;:]\s+\p{Ll}|\s(?:tiến\s+hành|rà\s+soát|thực\s+hiện|tổ\s+chức|gửi|báo\s+cáo|chủ\s+trì)\s", value):
        return None
    parts = [p.strip() for p in re.split(r"\s*;\s*|,?\s+và\s+(?=các\s)|,\s+(?=các\s)", value) if p.strip()]
    out: list[str] = []
    for part in parts:
        got = read_units(part, 0)
        if got is not None and not part[got[0]:].strip(" .,"):
            out += got[1]
        else:
            out.append(clean_unit(part))
    return out or None


def _heading_task(doc: Doc, items: list[Block], i: int, given: dict) -> None:
    """A heading whose only content is its time ("2.3. Tập huấn …" / "- Thời gian: quý II")."""
    c, q = doc.c, cues()
    kids = [j for j in range(i + 1, len(items)) if items[j].parent == i]
    times = [j for j in kids if q.time_only.match(c, items[j].body, items[j].end)]
    if not times or len(times) != len(kids):
        return
    b, t = items[i], items[times[0]]
    due = _deadline(doc.deadlines, t.start, t.end)
    context = _inherited(items, i, given)
    if context is None:
        if not (doc.report and doc.issuer and doc.doc_type != "other"):
            return
        context = ([doc.issuer], "self_plan")
    _emit(doc, Task(list(context[0]), context[1], b.body, b.body, b.end, due), due)


def _table_tasks(doc: Doc, rows: list) -> None:
    """One record per lead unit of each row of a task table."""
    c = doc.c
    for row in rows:
        lead, task = row.cells.get("lead"), row.cells.get("task")
        if lead is None or task is None:
            continue
        leads = _value_units(c, lead.start, lead.end) or \
            (read_units(c[:lead.end], lead.start) or (0, []))[1]   # "Sở X chủ trì hướng dẫn; …"
        if not leads:
            continue
        support = row.cells.get("support")
        partners = _value_units(c, support.start, support.end) if support else None
        time = row.cells.get("time")
        due = _deadline(doc.deadlines, time.start, time.end) if time else None
        if due is None and time is not None:             # the column says by when: "Quý II/2026"
            found = extract_deadlines(f"trong {time.text}", doc.issued_on)
            due = found[0] if found else None
        if due is None and time is not None:
            year = re.fullmatch(r"(?:năm\s+)?(?:(?:19|20)\d\d\s*[-–]\s*)?((?:19|20)\d\d)", time.text, _I)
            if year:                                 # a bare year in the time column: by its end
                due = {"due": f"{year.group(1)}-12-31", "rrule": None}
        action = _clean(task.text.lstrip("-+• "))
        for unit in leads:
            doc.out.append({"assignee": clean_unit(unit), "action": action, "role": "lead", "basis": "assigned",
                            "due": due["due"] if due else None, "rrule": due["rrule"] if due else None,
                            "span": [row.start, row.end], "support": partners or []})


def _emit(doc: Doc, t: Task, inherited: dict | None, support: list[str] | None = None) -> None:
    c, q = doc.c, cues()
    due = _deadline(doc.deadlines, t.start, t.end) or t.due or inherited
    action_end = t.end
    extra: list[tuple[str, int, int]] = []
    relay = q.relay.search(c, t.action_start, t.end)
    if relay:
        got = read_units(c[:t.end], relay.start("unit"))
        if got is not None and got[0] <= relay.start("action"):
            extra += [(u, relay.start("action"), t.end) for u in got[1]]
    action = _clean(c[t.action_start:action_end])
    if t.action_start > t.start and action[:1].isupper() and c[:t.action_start].rstrip()[-1:] not in ":":
        return                                       # "Sở A, Phòng B, Lưu trữ thuộc …": a list, not a task
    if len(re.findall(r"\p{L}+", action)) < 3 or not re.search(r"\p{Ll}", action) or _NOT_ACTION.match(action):
        return
    if q.not_duty.search(action):
        return
    for unit in t.units:
        basis = t.basis
        if basis is None:
            basis = "reported" if doc.doc_type == "other" else \
                "self_plan" if same_unit(unit, doc.issuer) else "assigned"
        if basis == "self_plan" and due is None:
            continue
        doc.out.append({"assignee": clean_unit(unit), "action": action, "role": _role(action), "basis": basis,
                        "due": due["due"] if due else None, "rrule": due["rrule"] if due else None,
                        "span": [t.start, t.end], "support": list(support or [])})
    for name, a_s, a_e in extra:
        doc.out.append({"assignee": clean_unit(name), "action": _clean(c[a_s:a_e]), "role": "lead",
                        "basis": "assigned", "due": due["due"] if due else None,
                        "rrule": due["rrule"] if due else None, "span": [t.start, t.end], "support": []})
