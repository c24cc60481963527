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

from typing import Any

from . import rx as re

from .normalize import canon, canon_text
from .addressees import SPEAKER, addressed
from .articles import ANYONE, in_execution_article, named_duty, normative_decision, rule_article, zone_of
from .duty_records import _INLINE_ITEM, Doc, Task, _emit, _table_tasks, _tasks
from .outline import Block, ancestors, blocks, body_ranges, is_wrapped, quotations
from .spans import one_off, outside_rows
from .subjects import (Subject, clauses, cues, generic_intro, heading_units, inline_lead,
                       read_subject, value_units)
from .task_tables import task_rows

_I = re.I
_REGULATIONS = frozenset({"nghi_dinh", "thong_tu", "thong_tu_lien_tich", "luat", "phap_lenh"})


def extract_obligations(text: str, header: Any, deadlines: list[dict]) -> list[dict]:
    """Tasks of ``text`` in reading order. ``header`` is the :class:`Header` of the document
    (issuer, doc_type), ``deadlines`` what :func:`extract_deadlines` found in the same text."""
    c = canon_text(text)
    doc = Doc(c, deadlines, getattr(header, "issuer", None), getattr(header, "doc_type", None) or "other",
              getattr(header, "issued_on", None), list(getattr(header, "recipients", None) or []),
              getattr(header, "number", None))
    subject = getattr(header, "subject", None)
    subject = subject[0] if isinstance(subject, list) and subject else subject
    doc.delegation = doc.doc_type == "quyet_dinh" and bool(subject) and bool(cues().delegation_subject.match(canon_text(subject)))
    rows = task_rows(c, by_line=not is_wrapped(c))
    for start, end in body_ranges(c):
        _scan(doc, outside_rows(blocks(c, start, end), rows))
    _table_tasks(doc, rows)
    if c == text:
        return doc.out
    # canon() moved tone marks ("hoà" → "hòa") but kept every space, so the words of ``c``
    # and ``text`` pair up: give assignee and action back in the document's own spelling.
    printed = {cw: tw for cw, tw in zip(c.split(), text.split()) if cw != tw and canon(tw) == cw}
    for record in doc.out:
        for name in ("assignee", "action"):
            if record.get(name):
                record[name] = " ".join(printed.get(w, w) for w in record[name].split(" "))
        record["support"] = [" ".join(printed.get(w, w) for w in s.split(" ")) for s in record.get("support", [])]
    return doc.out


# ---------------------------------------------------------------------------- the scan


# The time of a whole item, said in its last sentence.
_ITEM_TIME = re.compile(r"(?<=[.;]\s{1,3})(?:Thời\s+hạn|Thời\s+gian)(?:\s+hoàn\s+thành|\s+thực\s+hiện)?\s*:[^.;]{3,80}[.;]?\s*$")
_REPORT_CONTENTS = re.compile(r"báo\s+cáo[^:]{0,60}\b(?:các|một\s+số)\s+(?:nội\s+dung|thông\s+tin)\b[^:]{0,30}"
                              r"(?:sau(?:\s+đây)?|như\s+sau)\s*:$", re.I)
# Where a paragraph on results turns to what comes next.
_AHEAD = re.compile(r"(?<=[.;:]\s{1,3})(?:Trong\s+)?thời\s+gian\s+tới\s*,", re.I)
_PLAN_LEAD = re.compile(r"\b(?:nhiệm\s+vụ|giải\s+pháp)\b[^:.;]{0,60}\b(?:sau\s+đây|sau|như\s+sau)\s*:$", re.I)


def _scan(doc: Doc, items: list[Block]) -> None:
    """Records of one body part (the letter itself, or a plan issued with a decision)."""
    c, q = doc.c, cues()
    doc.kids = {}
    for j, b in enumerate(items):
        doc.kids.setdefault(b.parent, []).append(j)
    given: dict[int, tuple[list[str], str | None]] = {}   # block → the units it gives the items below
    lead_in: dict[int | None, tuple[list[str], str | None]] = {}   # parent → a lead-in's units
    items_of: dict[int, tuple[list[str], str | None]] = {}  # an item's own subject, for its sub-items
    annex = bool(items) and bool(re.match(r"\s*(?:QUY\s+CHẾ|QUY\s+ĐỊNH|ĐIỀU\s+LỆ)\b", c[items[0].start:items[0].end]))
    regulation = doc.doc_type in _REGULATIONS or annex
    normative = normative_decision(doc.doc_type, doc.number)
    handled: set[int] = set()
    first_article = next((j for j, x in enumerate(items) if x.kind == "article"), len(items))
    carried: Subject | None = None                          # a line of units ending ";", for the next line
    quoted = quotations(c, items[0].start, items[-1].end) if items else []
    last: list[dict] = []                                   # the records of the last task block
    last_at = -2                                            # and the index of that block
    titles: dict[int, str | None] = {}                      # heading → the zone its title names
    plan_leads: set[int | None] = set()                     # parents whose items a lead-in makes tasks
    contents: set[int] = set()                              # blocks whose items list a report's contents
    amending: set[int] = set()                              # blocks that give an amended provision's words
    rules: set[int] = set()                                 # blocks of standing rules read for their dated tasks
    article_end = _article_ends(items)                      # block → where the article holding it ends
    for i, b in enumerate(items):
        stripped = c[b.body:b.end].strip()
        if i in handled or not stripped or q.closing.match(stripped) and not clauses(c, b.body, b.end)[1:]:
            continue
        if any(qs <= b.start < qe for qs, qe in quoted):
            continue                                        # a quoted rule or earlier text, not a task here
        if b.kind == "para" and i < first_article and _ENACTING.match(stripped):
            continue                                        # "Thủ tướng Chính phủ ban hành Quy chế …": the formula
        if contents & set(ancestors(items, i)) and read_subject(c, b.body, b.end, doc.issuer) is None:
            continue                                        # what a report is to contain, not a task
        if amending & set(ancestors(items, i)):
            continue                                        # the new wording of a provision amended, not a task
        if b.children and _AMENDING.match(stripped):
            amending.add(i)                                 # "2. Sửa đổi, bổ sung điểm a, c khoản 1 Điều 3 như sau:"
            continue
        if b.children and _REPORT_CONTENTS.search(stripped[-200:]):
            contents.add(i)                                 # "… báo cáo cụ thể về một số nội dung sau:"
        zone = zone_of(c, items, i, titles)
        if zone == "account" and (plan_leads & {b.parent, *ancestors(items, i)} or _PLAN_LEAD.search(stripped[-160:])):
            plan_leads.update((b.parent, i))        # "…, thành phố cần tập trung … nhiệm vụ sau đây:"
            zone = "plan"
        ahead = _AHEAD.search(c, b.body, b.end) if zone == "account" else None
        if ahead:                                   # "…. Trong thời gian tới, Tỉnh tổ chức thực hiện …"
            zone = "plan"
        if zone in ("account", "goal"):
            continue
        rule = (regulation and not in_execution_article(c, items, i, annex, doc.doc_type)
                or normative and rule_article(c, items, i) and not in_execution_article(c, items, i, True, doc.doc_type)) \
            and not named_duty(c, items, i, given, doc.issuer, doc.doc_type, rules)
        if rule:                                            # "Điều 2. Cấp dự báo cháy rừng" of a normative decision:
            if not doc.due.dated(b.start, article_end[i]) or not (
                    doc.due.dated(b.start, b.end) or stripped.endswith(":") or b.children):
                continue                                    # only its tasks with a date of their own bind
            rules.add(i)                                    # (a lead-in still names the unit of the items below)
        if (q.time_only.match(stripped) and last_at == i - 1 or q.time_line.match(stripped) and last) \
                and not any(r["due"] or r["rrule"] for r in last):
            due = doc.due.within(b.start, b.end)  # "Thời gian hoàn thành: Tháng 12/2025." after its task,
            for record in last if due else []:    # "Thời hạn hoàn thành không quá 05 ngày …"
                record["due"], record["rrule"] = due["due"], due["rrule"]
            continue
        if q.attribute.match(stripped) or q.time_only.match(stripped):
            continue                                        # read with the task it belongs to
        if b.parent is not None and b.kind in ("dash", "plus") and _covers(c, items[b.parent]):
            continue                                        # "…, bao gồm: - Dự án 1: …": what the task covers
        units = heading_units(c, b)
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
        topic = q.topic_lead.match(c, b.body, b.end)
        asked_on_topic = topic.end() if topic and addressed(c, doc.recipients, topic.end(), b.end) else None
        if b.children and b.heading_like and not re.search(r"[.;:]\s*$", stripped) and not asked_on_topic \
                and not _numbered_tasks(c, b, doc.issuer):
            _heading_task(doc, items, i, given)             # a title: its items are the tasks
            continue
        context = _inherited(items, i, given, items_of if b.kind != "para" else {}, () if rule else rules) \
            or lead_in.get(b.parent)
        start, para_zone = inline_lead(c, b)
        if asked_on_topic:
            start = asked_on_topic
        elif ahead:
            start = ahead.start()
        zone = zone or para_zone
        if para_zone in ("account", "goal"):
            continue
        if stripped.endswith(";") and (only := read_subject(c, b.body, b.end, doc.issuer)) \
                and only.units and not re.search(r"\p{L}", c[only.action_start:b.end]):
            carried = only                           # "3. Các bộ, cơ quan ngang bộ;⏎Ủy ban nhân dân … khẩn trương …"
            continue
        tasks = _tasks(doc, start, b.end, context, zone, carried)
        carried = None
        closing = _ITEM_TIME.search(c, start, b.end)
        due = doc.due.within(closing.start(), b.end) if closing else None
        for t in tasks if due else []:               # "…. Thời hạn hoàn thành: trước ngày 30/11/2025."
            if t.due is None and doc.due.within(t.start, t.end) is None:
                t.due = due
        if stripped.endswith(":"):
            sub = read_subject(c, start, b.end, doc.issuer)
            first = tasks[0] if tasks else (Task(sub.units, sub.basis, start, sub.action_start, b.end)
                                            if sub is not None else None)
            if first is not None and first.basis is None and SPEAKER.search(stripped[-120:]) \
                    and all(q.authorities.match(u) for u in first.units):
                first = None                           # "Phó Thủ tướng X kết luận như sau:": who speaks
            if first is not None and first.basis != "self_plan":
                if b.kind == "para":
                    lead_in[b.parent] = lead_in[i] = (first.units, first.basis)
                else:
                    given[i] = (first.units, first.basis)
            covers = _covers(c, b) and any(items[k].kind in ("dash", "plus") for k in doc.kids.get(i, ()))
            said = sub.action_start if sub is not None else tasks[0].action_start \
                if tasks and tasks[0].explicit and _SUBMITTED.search(c, b.body, b.end) else None
            if (said is None or generic_intro(c[said:b.end])) and not covers:
                continue                                # a title or lead-in, not a task of its own
        if b.children and tasks and tasks[0].explicit and i not in given:
            items_of[i] = (tasks[0].units, tasks[0].basis)  # "(1) Bộ Y tế chỉ đạo …" then its dash items
        before = len(doc.out)
        for t in tasks:
            if rule and not _dated(doc, t):
                continue                                    # a standing rule, not a task
            _emit(doc, t, _parent_deadline(doc, items, i))
        if doc.out[before:]:
            last, last_at = doc.out[before:], i


# An instruction that amends a provision of another text, its new wording below: "2. Sửa đổi, bổ
# sung điểm a, c khoản 1 Điều 3 như sau:", "Bổ sung khoản 5 vào Điều 7 như sau:".
_AMENDING = re.compile(r"(?:Sửa\s+đổi|Bổ\s+sung|Thay\s+thế)\b[^.;:]{0,200}?\b(?:điểm|khoản|điều|mục|phụ\s+lục)\s[^.;:]{0,200}?"
                       r"(?:như\s+sau|sau\s+đây)\s*:$", _I)


# A submission's request ("…, UBND tỉnh kính trình HĐND tỉnh xem xét, ban hành … như sau:") is a
# task even when its paragraph ends in a colon; a report's lead-in ("… báo cáo … như sau:") is not.
_SUBMITTED = re.compile(r"(?<![\p{L}])(?:kính\s+trình|trân\s+trọng\s+(?:đề\s+nghị|trình))\s", _I)

# The formula that enacts a normative text, before its first article.
_ENACTING = re.compile(r"[^.;:]{0,150}?\bban\s+hành\s+(?:Nghị\s+định|Thông\s+tư|Quyết\s+định|Quy\s+chế|Nghị\s+quyết|"
                       r"Quy\s+định|Thông\s+tư\s+liên\s+tịch)\b")
def _article_ends(items: list[Block]) -> list[int]:
    """For each block, the start of the next article (or the end of the last block)."""
    out, end = [0] * len(items), items[-1].end if items else 0
    for j in range(len(items) - 1, -1, -1):
        out[j] = end
        if items[j].kind == "article":
            end = items[j].start
    return out


def _dated(doc: Doc, t: Task) -> bool:
    """A one-off task with its own date ("Hoàn thành … trước ngày 01/01/2026"): in a regulation's
    rule articles the task of a transition, where an undated duty is a standing rule."""
    if t.units and all(ANYONE.match(u) for u in t.units):
        return False                                  # "cá nhân, tổ chức gửi hồ sơ … trước ngày …": whoever applies
    return one_off(doc.due.within(t.start, t.end))


def _numbered_tasks(c: str, b: Block, issuer: str | None) -> bool:
    """A point that holds its tasks numbered inside it, whatever items follow it: "b) Bộ Công an:
    (1) Tiếp tục đầu tư …; (2) Tham mưu …", "4. Đẩy mạnh …: (1) Các bộ, ngành khẩn trương …"."""
    marks = list(_INLINE_ITEM.finditer(c, b.body, b.end))
    if not marks or not clauses(c, b.body, b.end)[1:]:
        return False
    return read_subject(c, b.body, b.end, issuer) is not None \
        or any(read_subject(c, m.end(), b.end, issuer) is not None for m in marks)


def _covers(c: str, b: Block) -> bool:
    """A task that lists what it covers below it ("…, bao gồm:")."""
    return bool(re.search(r"\bgồm\s*:\s*$", c[b.body:b.end]))


def _inherited(items: list[Block], i: int, given: dict, items_of: dict | None = None, rules: set[int] | tuple = ()
               ) -> tuple[list[str], str | None] | None:
    """The units of the nearest enclosing block that gives them: a heading that names them, or
    (for items under it) an item with its own subject."""
    for j in ancestors(items, i):
        if j in rules:
            continue                                 # a heading of standing rules names no unit for a task
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
    return doc.due.within(items[p].start, items[p].end)


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
            due = due or doc.due.within(items[j].start, items[j].end)
    support: list[str] = []
    leads: list[str] = []
    for j in attrs:
        m = q.attribute.match(c, items[j].body, items[j].end)
        if m and m.group("support"):
            support += value_units(c, m.end(), items[j].end) or []
    for j in attrs:
        m = q.attribute.match(c, items[j].body, items[j].end)
        if not m or not m.group("lead"):
            continue
        units = value_units(c, m.end(), items[j].end)
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


def _heading_task(doc: Doc, items: list[Block], i: int, given: dict) -> None:
    """A heading whose only content is its time ("2.3. Tập huấn …" / "- Thời gian: quý II")."""
    c, q = doc.c, cues()
    kids = doc.kids.get(i, [])
    times = [j for j in kids if q.time_only.match(c, items[j].body, items[j].end)]
    if not times or len(times) != len(kids):
        return
    b, t = items[i], items[times[0]]
    due = doc.due.within(t.start, t.end)
    context = _inherited(items, i, given)
    if context is None:
        if not (doc.report and doc.issuer and doc.doc_type != "other"):
            return
        context = ([doc.issuer], "self_plan")
    _emit(doc, Task(list(context[0]), context[1], b.body, b.body, b.end, due), due)


