"""Translation between the extraction contract (shared/spec/EXTRACTION.md) and table rows,
both ways: :func:`fill_document` writes a contract into a :class:`Document` and its facts,
:func:`as_contract` reads them back into the same shape."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from extractors.opening import safe_text
from extractors.normalize import dashes, fold, fold_text
from extractors.readers import Source, page_confidences

from .documents import Document
from .facts import Deadline, DocReference, Fact, Funding, Obligation, Statistic, Target

# Contract list key → (relationship on Document, fact class).
FACT_KINDS: dict[str, tuple[str, type[Fact]]] = {
    "references": ("references", DocReference),
    "deadlines": ("deadlines", Deadline),
    "obligations": ("obligations", Obligation),
    "targets": ("targets", Target),
    "funding": ("funding", Funding),
    "statistics": ("statistics", Statistic),
}
# Contract key → column name where they differ.
_RENAMED = {"min": "min_value", "max": "max_value", "subject": "cited_subject"}
_FACT_FIELDS: dict[type[Fact], tuple[str, ...]] = {
    DocReference: ("doc_type", "number", "issued_on", "issuer", "relation", "text", "subject"),
    Deadline: ("due", "kind", "rrule", "text"),
    Obligation: ("assignee", "role", "action", "due", "rrule", "status", "basis", "support"),
    Target: ("metric", "min", "max", "unit", "period"),
    Statistic: ("metric", "min", "max", "unit", "period"),
    Funding: ("amount_vnd", "text", "in_words_vnd", "source", "purpose", "year", "part_of",
              "words_mismatch"),
}
# Extra keys of the contract (not in every extraction): left out when empty.
_OPTIONAL_FIELDS = {"basis", "part_of", "words_mismatch", "support", "subject"}
_HEADER_FIELDS = ("doc_type", "number", "issuer", "parent_issuer", "place", "subject",
                  "urgency", "secrecy")


def number_key(number: str | None) -> str | None:
    """Lookup key of a document number: dashes unified, accents folded, lower case, no spaces
    ("490/QĐ-TTg" → "490/qd-ttg")."""
    if not number:
        return None
    return re.sub(r"\s+", "", fold(dashes(number))) or None


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _int(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _float(value: Any) -> float | None:
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


_CONVERT = {"issued_on": _date, "due": _date, "amount_vnd": _int, "in_words_vnd": _int,
            "year": _int, "min": _float, "max": _float, "period": _str,
            "support": lambda v: [str(x) for x in v] if isinstance(v, list) and v else None}


def make_fact(cls: type[Fact], item: dict[str, Any]) -> Fact:
    """One fact row from one contract list item (its ``span`` becomes span_start/span_end)."""
    values: dict[str, Any] = {}
    for name in _FACT_FIELDS[cls]:
        value = item.get(name)
        convert = _CONVERT.get(name)
        values[_RENAMED.get(name, name)] = convert(value) if convert else value
    if cls is DocReference:
        values["number_key"] = number_key(values["number"])
        if values["number_key"] is None:
            values["cited_subject"] = None          # a vote for a register entry only
        conflicts = item.get("date_conflicts")
        values["date_conflicts"] = ([str(d) for d in conflicts]
                                    if isinstance(conflicts, list) and conflicts else None)
    if cls is Obligation and not values["status"]:
        values["status"] = "open"
    span = item.get("span")
    if isinstance(span, (list, tuple)) and len(span) == 2:
        values["span_start"], values["span_end"] = _int(span[0]), _int(span[1])
    return cls(**values)


def _ocr_facts(contract_source: Any, source: Source) -> tuple[int, float | None]:
    """(pages OCR'd, lowest confidence of a page with words) from the extraction's ``source``
    object, else from the Source read."""
    pages = (contract_source.get("ocr_pages") if isinstance(contract_source, dict) else None) \
        or source.ocr_pages or ()
    return len(pages), min(page_confidences(pages), default=None)


def fill_document(doc: Document, source: Source, data: dict[str, Any], version: str) -> None:
    """Set every column of ``doc`` and replace its facts from one extraction."""
    header: dict[str, Any] = data.get("document") or {}
    signer: dict[str, Any] = header.get("signer") or {}
    doc.sha256 = source.sha256
    doc.path = safe_text(source.path)   # a name that is not UTF-8 stored as \xNN escapes
    doc.file_name = Path(doc.path).name[:255]
    doc.format = source.format
    doc.size = source.size
    doc.pages = source.pages
    doc.ocr = source.ocr
    doc.ocr_pages, doc.ocr_min_confidence = _ocr_facts(data.get("source"), source)
    doc.text = source.text
    doc.folded_text = fold_text(source.text)
    doc.extractor_version = version
    for name in _HEADER_FIELDS:
        setattr(doc, name, header.get(name))
    doc.number_key = number_key(doc.number)
    doc.folded_subject = fold(doc.subject) if doc.subject else None
    doc.issued_on = _date(header.get("issued_on"))
    doc.recipients = list(header.get("recipients") or [])
    doc.cc = list(header.get("cc") or [])
    doc.signer_name = signer.get("name")
    doc.signer_title = signer.get("title")
    doc.signer_authority = signer.get("authority")
    if isinstance(data.get("source"), dict) and isinstance(data["source"].get("path"), str):
        data = {**data, "source": {**data["source"], "path": safe_text(data["source"]["path"])}}
    doc.extraction = data
    for key, (relation, cls) in FACT_KINDS.items():
        setattr(doc, relation, [make_fact(cls, item) for item in data.get(key) or []])


def _fact_contract(fact: Fact) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in _FACT_FIELDS[type(fact)]:
        value = getattr(fact, _RENAMED.get(name, name))
        if value is None and name in _OPTIONAL_FIELDS:
            continue
        out[name] = value.isoformat() if isinstance(value, date) else value
    out["span"] = ([fact.span_start, fact.span_end]
                   if fact.span_start is not None and fact.span_end is not None else None)
    if isinstance(fact, DocReference) and fact.date_conflicts:
        out["date_conflicts"] = list(fact.date_conflicts)  # optional in the contract
    return out


def as_contract(doc: Document) -> dict[str, Any]:
    """The stored document in the contract's shape, read from the columns and fact rows."""
    header: dict[str, Any] = {name: getattr(doc, name) for name in _HEADER_FIELDS}
    header["issued_on"] = doc.issued_on.isoformat() if doc.issued_on else None
    header["recipients"] = list(doc.recipients or [])
    header["cc"] = list(doc.cc or [])
    header["signer"] = {"name": doc.signer_name, "title": doc.signer_title,
                        "authority": doc.signer_authority}
    out: dict[str, Any] = {
        "schema": (doc.extraction or {}).get("schema"),
        "extractor_version": doc.extractor_version,
        "source": {"path": doc.path, "sha256": doc.sha256, "format": doc.format,
                   "pages": doc.pages, "ocr": doc.ocr},
        "document": header,
    }
    for key, (relation, _cls) in FACT_KINDS.items():
        out[key] = [_fact_contract(f) for f in getattr(doc, relation)]
    return out
