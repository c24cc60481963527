"""The records of :mod:`extractors.obligations`: a task found in the text (:class:`Task`), the
document being read (:class:`Doc`), the tasks of one item (each clause with its own subject
starts one), and how a task becomes one record per assignee (its action, role, basis and due
date), including the rows of a plan's task table."""
from __future__ import annotations

from dataclasses import dataclass, field

from . import nlp
from . import rx as re

from .addressees import EXECUTION_CLAUSE, addressed
from .spans import DeadlineIndex
from .subjects import Subject, clauses, cues, read_subject, units_upto, value_units
from .task_tables import time_deadline
from .units import char_before, clean_unit, same_unit

_I = re.I

_REPORTS = frozenset({"bao_cao", "to_trinh", "other"})
# A statement of how things stand ("Trong thời gian qua, nước ta đã …", "Hiện nay, … không có chủ
# trương …"): what a letter reports or asks others to say, not a task.
_STATEMENT = re.compile(r"(?:(?:Trong\s+)?thời\s+gian\s+qua|Hiện\s+nay|Ngày\s+\d{1,2}/\d{1,2}/\d{4})\s*,[^.;]{0,120}?"
                        r"\b(?:đã|đang|không\s+có)\s")


# An action never begins with a conjunction, a preposition, "đã" (what was done: "… cấp xã đã
# được công nhận …"), a number or a list marker.
_NOT_ACTION = re.compile(r"(?:hoặc|và|của|về|khi|tại|là|được|đã|thuộc|với|trong(?!\s+phạm\s+vi)|nếu|thì|như|do|bởi|gồm|bao\s+gồm)(?![\p{L}])"
                         r"|[\d(]|[IVXLC]+\b", re.V1)


# An item numbered inside a sentence: "Giao Bộ trưởng Bộ Tài chính: (i) Thừa ủy quyền …; (ii) Căn cứ …",
# "a) Bộ Khoa học và Công nghệ: (1) trình Thủ tướng …; (2) chủ trì, phối hợp …".
_INLINE_ITEM = re.compile(r"\((?:[ivx]{1,4}|\d{1,2})\)\s+(?=\p{L})")


# A unit qualified by what it has done, then its duty: "(các bộ …) đã triển khai mạng dùng riêng (…)
# có trách nhiệm duy trì …".
_QUALIFIED = re.compile(r"đã\s[^.;:]{3,200}?\s(?:có|chịu)\s+trách\s+nhiệm\s+|đã\s[^.;:]{3,200}?\s(?=phải\s)", re.I)


def _clean(s: str) -> str:
    s = re.sub(r"\s+", " ", s).strip(" \t;,.:/")
    return re.sub(r"\s*\.?/\.?$", "", s).strip()


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
    opener: tuple[int, int] | None = None   # an opening adverbial before the subject, part of the task
    extra: list[tuple[str, int, int]] = field(default_factory=list)


@dataclass
class Doc:
    c: str
    deadlines: list[dict]
    issuer: str | None
    doc_type: str
    issued_on: str | None = None
    recipients: list[str] = field(default_factory=list)
    number: str | None = None
    delegation: bool = False   # a decision that delegates powers (phân cấp, ủy quyền)
    out: list[dict] = field(default_factory=list)
    kids: dict[int | None, list[int]] = field(default_factory=dict)  # block → its children, per scan

    def __post_init__(self) -> None:
        self.due = DeadlineIndex(self.deadlines)

    @property
    def report(self) -> bool:
        return self.doc_type in _REPORTS


# A submission asks the body it is addressed to to decide: "… kính trình HĐND tỉnh miễn nhiệm …".
_ASKED = re.compile(r"(?:kính\s+)?trình\s+(?=\p{Lu})", _I)


_SEP_WS = re.compile(r"[\s,]*")


def _table_tasks(doc: Doc, rows: list) -> None:
    """One record per lead unit of each row of a task table."""
    c = doc.c
    for row in rows:
        lead, task = row.cells.get("lead"), row.cells.get("task")
        if lead is None or task is None or row.elsewhere:
            continue
        leads = value_units(c, lead.start, lead.end) or \
            (units_upto(c, lead.start, lead.end) or (0, []))[1]   # "Sở X chủ trì hướng dẫn; …"
        if not leads:
            continue
        support = row.cells.get("support")
        partners = value_units(c, support.start, support.end) if support else None
        time = row.cells.get("time")
        due = doc.due.within(time.start, time.end) if time else None
        if due is None and time is not None:             # the column says by when: "Quý II/2026"
            due = time_deadline(time.text, doc.issued_on)
        if time is None:                                 # "PHỤ LỤC … CHỈ TIÊU … ĐẾN NĂM 2030": the annex's horizon
            due = _annex_horizon(doc, row.start)
        action = _clean(task.text.lstrip("-+• "))
        for unit in leads:
            doc.out.append({"assignee": clean_unit(unit), "action": action, "role": "lead", "basis": "assigned",
                            "due": due["due"] if due else None, "rrule": due["rrule"] if due else None,
                            "span": [row.start, row.end], "support": partners or []})


def _annex_horizon(doc: Doc, pos: int) -> dict | None:
    """The horizon in the title of the annex a table row stands in ("… ĐẾN NĂM 2030")."""
    annex = doc.c.rfind("PHỤ LỤC", 0, pos)
    if annex < 0:
        return None
    found = [d for d in doc.due.deadlines if d["kind"] == "by_year" and annex <= d["span"][0] < pos
             and re.match(r"đến\s+năm", d["text"], _I)]
    return found[-1] if found else None


_LOWER_WORD = re.compile(r"(?<![\p{L}\d])\p{Ll}+")
# The blanks of a form to fill in ("Họ và tên:…………", "ngày.... tháng.... năm…"): a
# model form in an annex, not a task; a unit with a blank ("Chánh Văn phòng ..., ....(02)....") is one too.
_FORM_BLANK = re.compile(r"\.{5,}|…[^\p{L}\d]{0,3}…|(?:ngày|tháng|năm|:)[ \t]*\.{3,}", _I)
_UNIT_BLANK = re.compile(r"\.{3}|…")


def _emit(doc: Doc, t: Task, inherited: dict | None, support: list[str] | None = None) -> None:
    c, q = doc.c, cues()
    topic = t.opener is not None and re.match(r"(?:\d+\.\s*)?đối\s+với\s", c[t.opener[0]:t.opener[1]], _I)
    due = doc.due.within(t.opener[1] if topic else t.start, t.end) or t.due or inherited   # "Đối với các nhiệm vụ … năm 2025, …"
    action_end = t.end
    item = _INLINE_ITEM.match(c, t.action_start, t.end)
    if item:
        t.action_start = item.end()
    extra: list[tuple[str, int, int]] = []
    relay = q.relay.search(c, t.action_start, t.end)
    if relay:
        got = units_upto(c, relay.start("unit"), t.end)
        if got is not None and got[0] <= relay.start("action"):
            extra += [(u, relay.start("action"), t.end) for u in got[1]]
    duty = _QUALIFIED.match(c, t.action_start, action_end)
    if duty:                                         # "các bộ … đã triển khai mạng dùng riêng có trách nhiệm duy trì …"
        t.action_start = duty.end()
    action = _clean(c[t.action_start:action_end])
    if t.action_start > t.start and action[:1].isupper() and char_before(c, t.action_start) not in ":" and not item:
        return                                       # "Sở A, Phòng B, Lưu trữ thuộc …": a list, not a task
    if t.opener is not None and len(re.findall(r"\p{L}+", action)) >= 3:
        action = _clean(c[t.opener[0]:t.opener[1]]) + ", " + action   # "Định kỳ hằng quý, báo cáo …"
    if len(re.findall(r"\p{L}+", action)) < 3 or len(_LOWER_WORD.findall(action)) < 2 or _NOT_ACTION.match(action):
        return                                       # a task has words of its own: "Xã Phú Vinh 35 65" is a table row
    if len(action.split()) <= 6 and nlp.enabled() and not nlp.has_verb(action):
        return                                       # and a verb: "Sản lượng cà phê nhân" is a table cell
    if q.not_duty.search(action) or _STATEMENT.match(action) or doc.delegation and q.delegated_power.match(action):
        return
    if _FORM_BLANK.search(action):
        return                                       # "Họ và tên người yêu cầu:…………": a form to fill in
    if doc.doc_type == "to_trinh" and (asked := _ASKED.match(c, t.action_start, t.end)):
        got = units_upto(c, asked.end(), t.end)       # "Chủ tịch UBND tỉnh kính trình HĐND tỉnh miễn nhiệm …"
        if got is not None and len(re.findall(r"\p{L}+", c[got[0]:t.end])) >= 3:
            t = Task(got[1], "requested", t.start, _SEP_WS.match(c, got[0]).end(), t.end)
            action = _clean(c[t.action_start:t.end])
    for unit in t.units:
        if _UNIT_BLANK.search(unit):
            continue                                 # "Chánh Văn phòng ..., ........(02)....": a model form's clause
        basis = t.basis
        if basis is None:
            basis = "reported" if doc.doc_type == "other" else \
                "self_plan" if same_unit(unit, doc.issuer) and not EXECUTION_CLAUSE.match(action) else "assigned"
        if basis == "self_plan" and due is None:
            continue
        doc.out.append({"assignee": clean_unit(unit), "action": action, "role": _role(action), "basis": basis,
                        "due": due["due"] if due else None, "rrule": due["rrule"] if due else None,
                        "span": [t.start, t.end], "support": list(support or [])})
    for name, a_s, a_e in extra:
        if len(re.findall(r"\p{L}+", c[a_s:a_e])) < 3:
            continue                                 # "(thông qua Sở Nội vụ để tổng hợp)": no task of its own
        doc.out.append({"assignee": clean_unit(name), "action": _clean(c[a_s:a_e]), "role": "lead",
                        "basis": "assigned", "due": due["due"] if due else None,
                        "rrule": due["rrule"] if due else None, "span": [t.start, t.end], "support": []})


def _tasks(doc: Doc, start: int, end: int, context: tuple[list[str], str | None] | None,
           zone: str | None, carried: Subject | None = None) -> list[Task]:
    """The tasks of one item: each clause with its own subject starts one, a clause without goes
    on with the task before it (or takes the item's context)."""
    c = doc.c
    tasks: list[Task] = []
    pending: Subject | None = carried       # "A, B; C; D thực hiện …": units before the verb's clause
    for s, e in clauses(c, start, end):
        if cues().closing.match(c[s:e]):
            context = None                           # "Trên đây là Kế hoạch …": the document closes
            continue
        sub = read_subject(c, s, e, doc.issuer)
        item = None if sub is not None else _INLINE_ITEM.match(c, s, e) or _TITLED_ITEM.match(c, s, e)
        if item:                                     # "(2) Bộ Công an chủ trì …", "Title: (1) Thanh tra Chính phủ …"
            sub = read_subject(c, item.end(), e, doc.issuer)
            if sub is not None and (sub.opener is not None or re.match(r"căn\s+cứ\s", c[item.end():e], _I)):
                sub = None                           # "(ii) Căn cứ ý kiến …, báo cáo … các cơ quan của Quốc hội"
            s = item.end() if sub is not None else s
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
            tasks.append(Task(sub.units, sub.basis, s, sub.action_start, e, explicit=True, opener=sub.opener))
        elif tasks and doc.doc_type == "other" and c[tasks[-1].end:tasks[-1].end + 1] in ";.":
            first = tasks[0]                           # a news summary lists one task per clause
            tasks.append(Task(first.units, first.basis, s, s, e))
        elif tasks and tasks[-1].units and _INLINE_ITEM.match(c, s, e) \
                and _INLINE_ITEM.match(c, tasks[-1].action_start, tasks[-1].end):
            last = tasks[-1]                         # "…; (ii) Căn cứ ý kiến …": the next numbered item
            tasks.append(Task(last.units, last.basis, s, s, e))
        elif tasks and tasks[-1].units and c[s - 2:s - 1] == "." and (
                _TIMED_START.match(c, s, e) or _CONTINGENCY.match(c, s, e)):
            last = tasks[-1]                         # "…. Định kỳ hằng năm (trước ngày 30/11) báo cáo …"
            tasks.append(Task(last.units, last.basis, s, s, e))
        elif tasks:
            tasks[-1].end = e
        elif re.match(r"(?:đã|đang|vừa|chưa)\s|căn\s+cứ\s+(?:(?:vào\s+)?(?:quy\s+định|khoản|điểm|điều|luật|nghị\s+định|"
                      r"thông\s+tư|quyết\s+định|công\s+văn|văn\s+bản|nghị\s+quyết)\b)", c[s:e], _I):
            tasks.append(Task([], None, s, s, e))       # what was done, or a basis cited: absorbs what follows
        elif (to := addressed(doc.c, doc.recipients, s, e)) is not None:
            unit, action = to                          # "Đề nghị Công ty nghiên cứu …": the addressee
            tasks.append(Task([unit], "requested", s, action, e))
        elif context is not None and _STATEMENT.match(c, s, e):
            tasks.append(Task([], None, s, s, e))       # "Trong thời gian qua, nước ta đã …": what to say
        elif context is not None:
            tasks.append(Task(list(context[0]), context[1], s, s, e))
        elif doc.report and zone == "plan" and doc.issuer and doc.doc_type != "other":
            tasks.append(Task([doc.issuer], "self_plan", s, s, e))
        else:
            tasks.append(Task([], None, s, s, e))          # no unit: kept only to absorb what follows
    return [t for t in tasks if t.units]


# An item's title before its first numbered task: "3. Khẩn trương xây dựng …: (1) Thanh tra Chính phủ ban hành …".
_TITLED_ITEM = re.compile(r"[^.;:()]{3,160}:\s*\((?:1|i)\)\s+(?=\p{L})")


# A sentence without a subject that opens with its own time is a task of its own.
_TIMED_START = re.compile(r"(?:Định\s+kỳ|Hằng\s+(?:năm|quý|tháng|tuần)|Hàng\s+(?:năm|quý|tháng|tuần)|Trước\s+ngày|"
                          r"Chậm\s+nhất)\b")


# "…. Trong quá trình thực hiện, trường hợp phát sinh khó khăn, vướng mắc, kịp thời báo cáo …":
# the closing request to report difficulties is a task of its own for the same units.
_CONTINGENCY = re.compile(r"(?:Trong\s+quá\s+trình[^.;]{0,40}?,\s*)?(?:trường\s+hợp|nếu)[^.;]{0,30}?"
                          r"(?:khó\s+khăn|vướng\s+mắc)", re.I)
