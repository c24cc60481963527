"""One document, all extractors: a :class:`Source` in, the contract dict out."""
from __future__ import annotations

import os

from .deadlines import extract_deadlines
from .header import extract_header
from .money import extract_funding
from .obligations import extract_obligations
from .readers import Source, read_file, source_from_text
from .references import extract_references, resolve_short_forms
from .targets import extract_targets

SCHEMA = "vanthu.extract/1"
# Bump when any extractor's output can change: re-ingesting re-extracts older documents.
EXTRACTOR_VERSION = "0.2.0"


def extract(source: Source) -> dict:
    """The extraction contract for one read document."""
    text = source.text
    header = extract_header(text)
    targets, statistics = extract_targets(text, header.issued_on)
    references = extract_references(text, header.number, header.issued_on)
    unresolved = resolve_short_forms(text, references)
    deadlines = extract_deadlines(text, header.issued_on)
    return {
        "schema": SCHEMA,
        "extractor_version": EXTRACTOR_VERSION,
        "source": source.contract(),
        "document": header.contract(),
        "references": references,
        "unresolved_citations": unresolved,   # short forms with several candidates (extra key)
        "deadlines": deadlines,
        "obligations": extract_obligations(text, header, deadlines),
        "targets": targets,
        "statistics": statistics,          # reported figures (extra key): not goals
        "funding": extract_funding(text, header.issued_on),
        "spans": header.spans(),
    }


def extract_file(path: str | os.PathLike) -> dict:
    return extract(read_file(path))


def extract_text(text: str, path: str = "<text>") -> dict:
    return extract(source_from_text(text, path))
