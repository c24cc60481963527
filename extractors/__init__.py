"""vanthu extractors: files → normalised text → the extraction contract (no database here).

Public surface::

    read_file(path) -> Source            # any supported file, normalised text
    extract(source) -> dict              # the contract JSON of shared/spec/EXTRACTION.md
    read_document(source) -> spacy Doc   # the document model the contract is written from
                                         # (extractors.pipeline: nlp().pipe_names)
    extract_file(path) -> dict           # both
    extract_header(text) -> Header       # the ``document`` object alone
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .document import EXTRACTOR_VERSION, SCHEMA, extract, extract_file, extract_text
    from .errors import ReadError
    from .header import Header, extract_header
    from .pipeline import read_document
    from .readers import Source, read_file, source_from_text

# Loaded on first use (PEP 562): ``from extractors.normalize import fold`` (the database
# commands) then costs normalize alone, not every rule module.
_WHERE = {"EXTRACTOR_VERSION": "document", "SCHEMA": "document", "extract": "document",
          "extract_file": "document", "extract_text": "document", "ReadError": "errors",
          "Header": "header", "extract_header": "header", "read_document": "pipeline", "Source": "readers",
          "read_file": "readers", "source_from_text": "readers"}

__all__ = ["EXTRACTOR_VERSION", "SCHEMA", "Header", "ReadError", "Source", "extract",
           "extract_file", "extract_header", "extract_text", "read_document", "read_file",
           "source_from_text"]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
        globals()[name] = value
        return value
    try:
        return importlib.import_module(f".{name}", __name__)
    except ModuleNotFoundError as error:
        if error.name != f"{__name__}.{name}":
            raise
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
