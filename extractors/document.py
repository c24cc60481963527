"""One document, all extractors: a :class:`Source` in, the contract dict out."""
from __future__ import annotations

import os

from .header import extract_header
from .readers import Source, read_file, source_from_text
from .references import extract_references

SCHEMA = "vanthu.extract/1"
# Bump when any extractor's output can change: re-ingesting re-extracts older documents.
EXTRACTOR_VERSION = "0.1.0"


def extract(source: Source) -> dict:
    """The extraction contract for one read document."""
    header = extract_header(source.text)
    return {
        "schema": SCHEMA,
        "extractor_version": EXTRACTOR_VERSION,
        "source": source.contract(),
        "document": header.contract(),
        "references": extract_references(source.text, header.number, header.issued_on),
        "deadlines": [],
        "obligations": [],
        "targets": [],
        "funding": [],
        "spans": header.spans(),
    }


def extract_file(path: str | os.PathLike) -> dict:
    return extract(read_file(path))


def extract_text(text: str, path: str = "<text>") -> dict:
    return extract(source_from_text(text, path))
