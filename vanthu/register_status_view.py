"""The in-force status of a register entry (models/register_status.py) as ``vanthu refs``
prints it and as its ``--json`` gives it: the status in Vietnamese, then every stored document
that amends or replaces the entry, with the sentence that says so."""
from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text

from models.register_status import IN_FORCE, IN_FORCE_NOTE, Evidence, InForce

# How each piece of evidence changes the entry.
CHANGE_LABELS = {"amends": "sửa đổi, bổ sung", "replaces": "thay thế"}
PARTIAL_LABEL = "thay thế một phần"


def status_text(status: InForce) -> str:
    """The one line a register entry's "Hiệu lực" row shows."""
    if status.status == IN_FORCE:
        return f"{status.label} ({IN_FORCE_NOTE})"
    return status.label


def change_label(e: Evidence) -> str:
    if e.relation == "replaces" and e.repeal:
        return "bãi bỏ một phần" if e.partial else "bãi bỏ"
    return PARTIAL_LABEL if e.partial else CHANGE_LABELS.get(e.relation, e.relation)


def in_force_view(number: str, status: InForce) -> RenderableType:
    """The evidence of the status that the entry's "Hiệu lực" row shows: each amending or
    replacing document with its number, date, file and the sentence that changes the entry
    (the number in bold)."""
    blocks: list[RenderableType] = [
        Text(f"Văn bản sửa đổi, bổ sung, thay thế {number} ({len(status.evidence)})", style="bold")]
    for rank, e in enumerate(status.evidence, 1):
        line = Text(f"{rank}. ", style="bold")
        line.append(e.number or e.file_name or "văn bản không số", style="bold cyan")
        if e.issued_on:
            line.append(f" · ngày {e.issued_on:%d/%m/%Y}")
        line.append(f" — {change_label(e)}", style="green")
        if e.file_name:
            line.append(f" (tệp {e.file_name})", style="dim")
        sentence = Text(f"“{e.sentence}”")
        sentence.highlight_words([number], style="bold yellow")
        blocks.append(Group(line, Padding(sentence, (0, 0, 0, 3))))
    return Group(*blocks)


def in_force_json(status: InForce) -> dict[str, Any]:
    return {"status": status.status, "label": status_text(status),
            "evidence": [{"relation": e.relation, "partial": e.partial,
                          "change_vi": change_label(e), "document_id": e.document_id,
                          "number": e.number,
                          "issued_on": e.issued_on.isoformat() if e.issued_on else None,
                          "file_name": e.file_name, "sentence": e.sentence}
                         for e in status.evidence]}
