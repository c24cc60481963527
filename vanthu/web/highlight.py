"""A document's text as HTML with its facts marked in place: every fact's stored span
becomes a <mark id=…> (nested when one span holds another, clipped when two cross), all
text escaped. The side list links to the marks' ids."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from vanthu.display import fmt_date, fmt_vnd, relation_label

HEADER_LABELS = {"number": "Số, ký hiệu", "issued_on": "Ngày ban hành", "place": "Nơi ban hành",
                 "subject": "Trích yếu", "recipients": "Nơi nhận (kính gửi)",
                 "cc": "Nơi nhận (lưu)", "signer": "Người ký"}
KIND_TITLES = {"header": "Thông tin văn bản", "reference": "Văn bản dẫn chiếu",
               "obligation": "Nhiệm vụ", "deadline": "Thời hạn", "target": "Chỉ tiêu",
               "funding": "Kinh phí"}


@dataclass(frozen=True)
class Mark:
    """One highlighted fact: where it is, its anchor, and what the side list says of it."""

    kind: str
    anchor: str
    start: int
    end: int
    label: str
    detail: str = ""
    link: str | None = None
    obligation_id: int | None = None


def _span(start: Any, end: Any, size: int) -> tuple[int, int] | None:
    if start is None or end is None:
        return None
    start, end = max(0, int(start)), min(size, int(end))
    return (start, end) if start < end else None


def document_facts(doc: Any) -> list[Mark]:
    """The facts of a stored document (with their facts loaded), in text order."""
    size = len(doc.text or "")
    facts: list[Mark] = []

    def add(kind: str, key: str, start: Any, end: Any, label: str, detail: str = "",
            link: str | None = None, ob: int | None = None) -> None:
        span = _span(start, end, size)
        if span:
            facts.append(Mark(kind, f"f-{kind}-{key}", span[0], span[1], label, detail, link, ob))

    for field, span in ((doc.extraction or {}).get("spans") or {}).items():
        if field in HEADER_LABELS and isinstance(span, list) and len(span) == 2:
            add("header" if field != "number" else "number", field, span[0], span[1],
                HEADER_LABELS[field])
    for r in doc.references:
        add("reference", str(r.id), r.span_start, r.span_end, r.number or r.text or "—",
            f"{relation_label(r.relation)}" + (f" · ngày {fmt_date(r.issued_on)}"
                                               if r.issued_on else ""),
            f"/so-dang-ky/{r.legal_document_id}" if r.legal_document_id else None)
    for o in doc.obligations:
        due = fmt_date(o.due) if o.due else ("định kỳ" if o.rrule else "không nêu hạn")
        status = "Đã hoàn thành" if o.status == "done" else "Chưa hoàn thành"
        add("obligation", str(o.id), o.span_start, o.span_end, o.assignee or "(chưa rõ đơn vị)",
            f"Hạn: {due} · {status} · mã {o.id}", None, o.id)
    for d in doc.deadlines:
        add("deadline", str(d.id), d.span_start, d.span_end,
            fmt_date(d.due) if d.due else ("Định kỳ" if d.rrule else d.text or "—"),
            d.text or "")
    for t in doc.targets:
        value = t.min_value if t.max_value in (None, t.min_value) else \
            f"{t.min_value}–{t.max_value}"
        add("target", str(t.id), t.span_start, t.span_end, t.metric or "—",
            f"{value if value is not None else ''} {t.unit or ''}".strip())
    for f in doc.funding:
        add("funding", str(f.id), f.span_start, f.span_end, fmt_vnd(f.amount_vnd),
            f.purpose or f.text or "")
    facts.sort(key=lambda f: (f.start, -f.end))
    return facts


def highlighted(text: str, facts: list[Mark]) -> Markup:
    """``text`` escaped, each fact's span in a <mark class="k-KIND" id="ANCHOR"> (a mark
    that would cross an open one is clipped to it)."""
    opens: dict[int, list[Mark]] = {}
    for f in facts:
        opens.setdefault(f.start, []).append(f)
    stack: list[tuple[int, str]] = []  # (end, closing tags) of the open marks, innermost last
    out: list[str] = []
    at = 0
    points = sorted({0, len(text), *(f.start for f in facts), *(f.end for f in facts)})
    for point in points:
        if point > at:
            out.append(str(escape(text[at:point])))
            at = point
        while stack and stack[-1][0] <= point:
            out.append(stack.pop()[1])
        for f in opens.get(point, []):  # longest first: each opens inside the one before
            end = min(f.end, stack[-1][0]) if stack else f.end
            if end <= point:
                continue
            title = f"{KIND_TITLES.get(f.kind, HEADER_LABELS.get(f.kind, ''))}: {f.label}"
            out.append(f'<mark class="k-{f.kind}" id="{escape(f.anchor)}" '
                       f'title="{escape(title)}">')
            closing = "</mark>"
            if f.link:  # a reference links to its register entry
                out.append(f'<a href="{escape(f.link)}">')
                closing = "</a></mark>"
            stack.append((end, closing))
    while stack:
        out.append(stack.pop()[1])
    return Markup("".join(out))
