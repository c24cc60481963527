"""Is a register entry still in force? What the stored documents say: the documents that
replace or amend it (``amends`` / ``replaces`` references, which the extractor credits only
from a document's own amending wording or title, see extractors/reference_history.py), each
with the sentence that says so.

- replaced as a whole by a stored document: "Bị thay thế bởi <số> (<ngày>)";
- replaced in part only ("thay thế một số điều, phụ lục của Thông tư số …"): "Hết hiệu lực
  một phần";
- amended: "Được sửa đổi, bổ sung bởi <số>, <số>";
- none of these: "Còn hiệu lực" — as far as the stored documents tell (a document that is
  not in the database may have replaced it).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache

from sqlalchemy import Engine

from .register_queries import CHANGING, Citation, RegisterEntry, citing_documents

IN_FORCE, AMENDED, PARTLY, REPLACED = "in_force", "amended", "partly_repealed", "replaced"
# What a secretariat reads for each status.
LABELS = {IN_FORCE: "Còn hiệu lực", AMENDED: "Được sửa đổi, bổ sung bởi",
          PARTLY: "Hết hiệu lực một phần", REPLACED: "Bị thay thế bởi"}
# A repeal ("… bãi bỏ Quyết định số …") reads as a replacement by nothing: said so.
REPEALED_LABEL = "Bị bãi bỏ bởi"
_REPEAL = re.compile(r"(?<![^\W_])bãi\s+bỏ(?![^\W_])", re.IGNORECASE)
# Said with "Còn hiệu lực": the status rests on the stored documents only.
IN_FORCE_NOTE = "chưa có văn bản nào trong CSDL sửa đổi, bổ sung hoặc thay thế"


@dataclass(frozen=True)
class Evidence:
    """A stored document that changes the entry, and the sentence that says so."""

    relation: str            # amends / replaces
    partial: bool            # a replacement of parts only
    document_id: int | None
    number: str | None
    issued_on: date | None
    file_name: str | None
    sentence: str

    @property
    def repeal(self) -> bool:
        """Whether the sentence repeals ("bãi bỏ") rather than replaces."""
        return bool(_REPEAL.search(self.sentence))


@dataclass(frozen=True)
class InForce:
    status: str              # IN_FORCE, AMENDED, PARTLY or REPLACED
    evidence: tuple[Evidence, ...] = ()

    @property
    def label(self) -> str:
        """"Bị thay thế bởi 12/2025/QĐ-UBND (ngày 02/12/2025)", "Còn hiệu lực", …"""
        if self.status == IN_FORCE:
            return LABELS[IN_FORCE]
        if self.status == PARTLY:
            return LABELS[PARTLY]
        wanted = "replaces" if self.status == REPLACED else "amends"
        by = [e for e in self.evidence if e.relation == wanted and not e.partial]
        label = LABELS[self.status]
        if self.status == REPLACED and all(e.repeal for e in by):
            label = REPEALED_LABEL                   # "… bãi bỏ Quyết định số …"
        return f"{label} " + ", ".join(_name(e) for e in by)


def _name(e: Evidence) -> str:
    name = e.number or e.file_name or "văn bản không số"
    return f"{name} (ngày {e.issued_on:%d/%m/%Y})" if e.issued_on else name


def _alternation(words: Sequence[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The replacing verbs ("thay thế") and the words that name parts of a document."""
    from extractors import lexicon  # the words are data

    data = lexicon.load("reference_relations.json")
    verbs = next(r["triggers"] for r in data["relations"] if r["relation"] == "replaces")
    word = r"(?<![^\W_])(?:{})(?![^\W_])"
    return (re.compile(word.format(_alternation(verbs)), re.IGNORECASE),
            re.compile(word.format(_alternation(data["in_force"]["partial"])), re.IGNORECASE))


def is_partial(sentence: str, cited_number: str) -> bool:
    """True when the words between the last replacing verb and the citation of
    ``cited_number`` in ``sentence`` name parts of the document ("thay thế một số điều, phụ
    lục của Thông tư số …"); the cited document's subject after it does not count."""
    head = re.escape(cited_number.split("/")[0])
    at = re.search(rf"(?<!\d){head}\s*/", sentence)
    before = sentence[:at.start()] if at else sentence
    verbs, parts = _patterns()
    last = None
    for last in verbs.finditer(before):
        pass
    return last is not None and bool(parts.search(before, last.end()))


def status_of(citations: Sequence[Citation], cited_number: str) -> InForce:
    """The status that these citations (the stored documents amending or replacing an entry,
    oldest first) give it."""
    evidence = tuple(Evidence(
        relation=c.relation or "", partial=c.relation == "replaces" and is_partial(c.sentence, cited_number),
        document_id=c.document_id, number=c.number, issued_on=c.issued_on, file_name=c.file_name,
        sentence=c.sentence) for c in citations if c.relation in CHANGING)
    if any(e.relation == "replaces" and not e.partial for e in evidence):
        return InForce(REPLACED, evidence)
    if any(e.partial for e in evidence):
        return InForce(PARTLY, evidence)
    if evidence:
        return InForce(AMENDED, evidence)
    return InForce(IN_FORCE)


def in_force(engine: Engine, entry: RegisterEntry) -> InForce:
    """The in-force status of ``entry`` with its evidence (every stored document that
    amends or replaces it, oldest first)."""
    if not (entry.amended_by or entry.replaced_by):
        return InForce(IN_FORCE)
    changing = citing_documents(engine, entry.id, relations=CHANGING)
    return status_of(list(changing), entry.number)
