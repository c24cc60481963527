"""vanthu models: the database schema and the queries over it (no file reading here).

Public surface::

    connect(url) -> Engine                         # migrated to the latest schema
    save_extraction(engine, source, data)          # -> (Document, "ingested"|"updated"|"skipped")
    record_failure(engine, path, sha256, error)    # a file that could not be ingested
    find_documents(engine, number) / search(engine, words) / summary(engine)
"""
from .base import Base
from .contract import as_contract, number_key
from .db import connect, default_url
from .documents import Document, Failure
from .facts import Deadline, DocReference, Funding, Obligation, Target, Unit
from .queries import SummaryRow, counts, find_documents, summary
from .search import Hit, search
from .store import Status, record_failure, save_extraction, stored_versions

__all__ = ["Base", "Deadline", "DocReference", "Document", "Failure", "Funding", "Hit",
           "Obligation", "Status", "SummaryRow", "Target", "Unit", "as_contract", "connect",
           "counts", "default_url", "find_documents", "number_key", "record_failure",
           "save_extraction", "search", "stored_versions", "summary"]
