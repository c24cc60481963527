"""One document, all extractors: a :class:`Source` in, the contract dict out.

:func:`extract` runs the document model (:func:`extractors.pipeline.read_document`: one
spaCy Doc, one registered component per stage) and writes the contract JSON of
shared/spec/EXTRACTION.md from the Doc, in :func:`contract` and nowhere else.
"""
from __future__ import annotations

import os

from spacy.tokens import Doc

from .pipeline import read_document
from .readers import Source, read_file, source_from_text

SCHEMA = "vanthu.extract/1"
# Bump when any extractor's output can change: re-ingesting re-extracts older documents.
EXTRACTOR_VERSION = "0.12.0"


def extract(source: Source) -> dict:
    """The extraction contract for one read document."""
    return contract(read_document(source))


def contract(doc: Doc) -> dict:
    """The contract dict of a Doc the pipeline has run over (the one place it is written)."""
    document = doc._.header.contract()
    if doc._.provenance:
        document["provenance"] = doc._.provenance  # extra key: where each value was read
    return {
        "schema": SCHEMA,
        "extractor_version": EXTRACTOR_VERSION,
        "source": doc._.file.contract(),
        "document": document,
        "references": doc._.references,
        # short forms with several candidates (extra key)
        "unresolved_citations": doc._.unresolved_citations,
        "deadlines": doc._.deadlines,
        "obligations": doc._.obligations,
        "targets": doc._.targets,
        "statistics": doc._.statistics,          # reported figures (extra key): not goals
        "funding": doc._.funding,
        "spans": doc._.header.spans(),
    }


def extract_file(path: str | os.PathLike) -> dict:
    return extract(read_file(path))


def extract_text(text: str, path: str = "<text>") -> dict:
    return extract(source_from_text(text, path))
