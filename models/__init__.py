"""vanthu models: the database schema and the queries over it (no file reading here).

Public surface::

    connect(url) -> Engine                         # migrated to the latest schema
    save_extraction(engine, source, data)          # -> (Document, "ingested"|"updated"|"skipped")
    record_failure(engine, path, sha256, error)    # a file that could not be ingested
    find_documents(engine, number) / search(engine, words) / summary(engine)
    lookup_register(engine, number) / register_hits(engine, words)   # cited documents
    citing_documents(engine, entry_id) / cited_documents(engine, document_id)
"""
from .base import Base
from .contract import as_contract, number_key
from .db import connect, default_url
from .documents import Document, Failure
from .facts import (Deadline, DocReference, Funding, Obligation, ObligationEvent, Statistic, Target,
                    Unit, UnitAlias)
from .queries import SummaryRow, counts, find_documents, summary
from .register import LegalDocument, rebuild_register
from .register_queries import (Citation, Lookup, RegisterEntry, affected_documents,
                               cited_documents, citing_documents, lookup_register,
                               register_hits)
from .search import Hit, search
from .store import Status, record_failure, save_extraction, stored_versions
from .corrections import Correction
from .users import User
from .tallies import TaskTally  # noqa: F401  (a table of the schema)

__all__ = ["Base", "Citation", "Correction", "Deadline", "DocReference", "Document", "Failure", "Funding", "Hit",
           "LegalDocument", "Lookup", "Obligation", "ObligationEvent", "RegisterEntry", "Statistic",
           "Status", "SummaryRow", "Target", "Unit", "UnitAlias", "User", "affected_documents",
           "as_contract", "cited_documents", "citing_documents", "connect", "counts", "default_url",
           "find_documents", "lookup_register", "number_key", "rebuild_register", "record_failure",
           "register_hits", "save_extraction", "search", "stored_versions", "summary"]
