"""Whose amendment is it? An amending trigger ("sửa đổi", "bổ sung", "thay thế") near a
citation credits the citing document only when it is the citing document's own wording. Two
kinds of wording describe a third document's history instead, and give no relation:

- a passive history: "Nghị định số 123/2020/NĐ-CP (được sửa đổi, bổ sung bởi Nghị định số
  70/2025/NĐ-CP)", "đã được sửa đổi\\nbổ sung tại …", "sửa đổi bổ sung bởi Luật số 87/2025/QH15"
  (with line breaks and without commas, which the fixed phrases of ``ignore`` in
  ``data/reference_relations.json`` miss);
- a trigger that is the verb of the citation just before it: "Nghị định số 280/2025/NĐ-CP ngày
  27/10/2025 của Chính phủ sửa đổi, bổ sung một số điều của Nghị định số 23/2015/NĐ-CP" (280
  amends 23; the citing document only cites both), also after a subject opener ("Quyết định số
  3659/QĐ-BKHCN … về việc sửa đổi, bổ sung Quyết định số 3212/QĐ-BKHCN").

Only a legal document (``legal_types``) amends or replaces one: in a công văn or a plan the
same words mention it (:func:`within_rank`). A trigger after a proposal word ("tham mưu cho UBND tỉnh điều chỉnh, bổ sung Quyết định số
…") is a task for later and gives no relation either.

The words are data (``history`` in ``data/reference_relations.json``, with examples that
tests/test_references.py checks).
"""
from __future__ import annotations

from functools import cache

from . import rx as re
from . import lexicon
from .normalize import key


def _words(items: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(items, key=len, reverse=True))


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    data = lexicon.load("reference_relations.json")["history"]
    verbs = _words(data["verbs"])
    # "được" / "bị" / "đã được" then only amending verbs and separators up to the trigger.
    before = re.compile(r"(?<!\p{L})(?i:" + _words(data["passive_markers"]) + r")(?:[\s,]|(?i:"
                        + verbs + r"|và)(?!\p{L}))*$")
    # "bởi" (by) between the trigger and the citation: the cited document did the amending.
    agent = re.compile(r"(?<!\p{L})(?i:" + _words(data["agent_words"]) + r")(?!\p{L})")
    # What may stand between a citation and the verb it governs.
    # "… ngày 27/10/2025\ncủa Chính phủ sửa đổi": an issuer the citation did not take in (a
    # line break before "của") stands between them too.
    owner_gap = re.compile(r"[\s,]*(?:(?i:của)\s+\p{Lu}[^\s;:.,()]*(?:\s+[^\s;:.,()]+){0,8}?\s+)?"
                           r"(?:(?i:" + _words(data["subject_openers"]) + r")(?!\p{L})[\s:]*)?"
                           r"(?:(?i:" + verbs + r"|và)(?!\p{L})[\s,]*)*")
    # "tham mưu cho UBND tỉnh điều chỉnh, bổ sung …": a proposal word a few words before.
    proposal = re.compile(r"(?<!\p{L})(?i:" + _words(data["proposal_words"]) + r")(?!\p{L})"
                          r"(?:[\s,]+[^\s;:.]+){0,5}[\s,]+$")
    return before, agent, owner_gap, proposal


# How far back a passive marker may stand before the trigger ("được sửa đổi, bổ sung").
_BEFORE_CHARS = 60


def is_passive(ctext: str, trigger_start: int, trigger_end: int, cite_start: int) -> bool:
    """True when the trigger at ``ctext[trigger_start:trigger_end]`` is passive: a marker
    ("được", "bị") before it, or the agent word "bởi" between it and the citation."""
    before, agent = _patterns()[:2]
    if before.search(ctext, max(0, trigger_start - _BEFORE_CHARS), trigger_start):
        return True
    return bool(agent.search(ctext, trigger_end, cite_start))


def owned_by_previous(ctext: str, prev_end: int | None, trigger_start: int) -> bool:
    """True when the trigger is the verb of the citation that ends at ``prev_end`` (only
    spaces, a comma, a subject opener such as "về việc" and other amending verbs between
    them: "… của Chính phủ sửa đổi, bổ sung")."""
    if prev_end is None or prev_end > trigger_start:
        return False
    return bool(_patterns()[2].fullmatch(ctext, prev_end, trigger_start))


def is_proposal(ctext: str, start: int, trigger_start: int) -> bool:
    """True when a proposal word ("tham mưu", "đề nghị", "sẽ") stands at most a few words
    before the trigger, within ``ctext[start:trigger_start]``: an amendment to be made."""
    return bool(_patterns()[3].search(ctext, max(start, trigger_start - 80), trigger_start))


@cache
def history_phrases() -> frozenset[str]:
    """The ignored phrases that tell a document's history ("được sửa đổi", "bị thay thế"):
    those holding a trigger of "amends" or "replaces" (keys as ``normalize.key`` makes them)."""
    data = lexicon.load("reference_relations.json")
    verbs = [key(t) for rel in data["relations"] if rel["relation"] in ("amends", "replaces")
             for t in rel["triggers"]]
    return frozenset(key(p) for p in data["ignore"] if any(v in key(p) for v in verbs))


@cache
def _legal_types() -> frozenset[str]:
    return frozenset(lexicon.load("reference_relations.json")["legal_types"]["types"])


def within_rank(relation: str, own_type: str | None, cited_type: str) -> str:
    """A công văn, báo cáo or kế hoạch does not amend or replace a legal document: what it says
    of one ("đề nghị … điều chỉnh, bổ sung Quyết định số …") mentions it."""
    if relation in ("amends", "replaces") and own_type and own_type not in _legal_types() \
            and cited_type in _legal_types():
        return "mentions"
    return relation
