"""vanthu extractors: files → normalised text → the extraction contract (no database here).

Public surface::

    read_file(path) -> Source            # any supported file, normalised text
    extract(source) -> dict              # the contract JSON of shared/spec/EXTRACTION.md
    read_document(source) -> spacy Doc   # the document model the contract is written from
                                         # (extractors.pipeline: nlp().pipe_names)
    extract_file(path) -> dict           # both
    extract_header(text) -> Header       # the ``document`` object alone
"""
from .document import EXTRACTOR_VERSION, SCHEMA, extract, extract_file, extract_text
from .errors import ReadError
from .header import Header, extract_header
from .pipeline import read_document
from .readers import Source, read_file, source_from_text

__all__ = ["EXTRACTOR_VERSION", "SCHEMA", "Header", "ReadError", "Source", "extract",
           "extract_file", "extract_header", "extract_text", "read_document", "read_file",
           "source_from_text"]
