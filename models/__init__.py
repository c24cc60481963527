"""vanthu models: the database schema and the queries over it (no file reading here).

Public surface::

    connect(url) -> Engine                         # migrated to the latest schema
    save_extraction(engine, source, data)          # -> (Document, "ingested"|"updated"|"skipped")
    save_extractions(engine, [(source, data), …])  # the same, one transaction for all
    record_failure(engine, path, sha256, error)    # a file that could not be ingested
    find_documents(engine, number) / search(engine, words) / summary(engine)
    lookup_register(engine, number) / register_hits(engine, words)   # cited documents
    citing_documents(engine, entry_id) / cited_documents(engine, document_id)
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# The mapped classes, all of them: SQLAlchemy configures their relationships together.
from .base import Base
from .corrections import Correction
from .documents import Document, Failure
from .facts import (Deadline, DocReference, Funding, Obligation, ObligationEvent, Statistic, Target,
                    Unit, UnitAlias)
from .register import LegalDocument
# eager: importing the module models.search would otherwise shadow the function's name
from .search import Hit, search
from .users import User
from .tallies import TaskTally  # noqa: F401  (a table of the schema)

if TYPE_CHECKING:
    from .contract import as_contract, number_key
    from .db import connect, default_url
    from .queries import SummaryRow, counts, find_documents, summary
    from .register import rebuild_register
    from .register_queries import (Citation, Lookup, RegisterEntry, affected_documents,
                                   cited_documents, citing_documents, lookup_register,
                                   register_hits)
    from .store import (Status, record_failure, save_extraction, save_extractions,
                        stored_versions)

# The functions, loaded on first use (PEP 562): a command imports the queries it runs, and
# writing (the extraction contract, the register's merge) only when it writes.
_WHERE = {**dict.fromkeys(["as_contract", "number_key"], "contract"),
          **dict.fromkeys(["connect", "default_url"], "db"),
          **dict.fromkeys(["SummaryRow", "counts", "find_documents", "summary"], "queries"),
          "rebuild_register": "register",
          **dict.fromkeys(["Citation", "Lookup", "RegisterEntry", "affected_documents",
                           "cited_documents", "citing_documents", "lookup_register",
                           "register_hits"], "register_queries"),
          **dict.fromkeys(["Status", "record_failure", "save_extraction", "save_extractions",
                           "stored_versions"], "store")}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Base", "Citation", "Correction", "Deadline", "DocReference", "Document", "Failure", "Funding", "Hit",
           "LegalDocument", "Lookup", "Obligation", "ObligationEvent", "RegisterEntry", "Statistic",
           "Status", "SummaryRow", "Target", "Unit", "UnitAlias", "User", "affected_documents",
           "as_contract", "cited_documents", "citing_documents", "connect", "counts", "default_url",
           "find_documents", "lookup_register", "number_key", "rebuild_register", "record_failure",
           "register_hits", "save_extraction", "save_extractions", "search", "stored_versions", "summary"]
