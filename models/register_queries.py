"""Reading the register: an entry by a loosely typed number, the documents that cite it (with
the citing sentence), the documents a stored document cites, amendments, and register hits
for a free-text search."""
from __future__ import annotations

import re

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from .citing import (full_sentence, head_columns, key_tokens, number_tokens, read_documents,
                     sentence_around)
from .contract import number_key
from .documents import Document
from .facts import DocReference
from .queries import Page
from .register import LegalDocument

# Relations by which a newer document changes an older one.
CHANGING = ("amends", "replaces")
# At most this many entries are listed when a number is ambiguous.
MAX_CANDIDATES = 20
# Entries a token prefilter may bring back before they are checked token by token.
PREFILTER_LIMIT = 5000


# "năm 2019" in a subject; a span of years ("giai đoạn 2018-2020") names no single year.
_SUBJECT_YEAR = re.compile(r"(?i)\bnăm\s+((?:19|20)\d\d)\b")
_PERIOD = re.compile(r"(?i)giai\s+đoạn|\b(?:19|20)\d\d\s*-\s*(?:19|20)\d\d\b")


@dataclass(frozen=True)
class Amendment:
    """A stored document that amends or replaces a register entry."""

    relation: str
    document_id: int
    number: str | None
    issued_on: date | None


@dataclass(frozen=True)
class RegisterEntry:
    id: int
    number: str
    number_key: str
    doc_type: str | None
    issued_on: date | None
    dates: tuple[date, ...]  # every date seen, the best first
    date_conflict: bool
    issuer: str | None
    subject: str | None
    document_id: int | None  # the stored document, when it is in the database
    citation_count: int
    amended_by: tuple[Amendment, ...] = ()
    replaced_by: tuple[Amendment, ...] = ()

    @property
    def in_database(self) -> bool:
        return self.document_id is not None

    @property
    def date_doubt(self) -> int | None:
        """The year the subject names when the date cannot be right for it: a plan or report
        "năm 2019" is not issued before the middle of 2018 ("kế hoạch số 278/KH-SNN ngày
        04/3/2018 về việc thực hiện chương trình … năm 2019" is a likely typo)."""
        if not self.issued_on or not self.subject:
            return None
        years = {int(y) for y in _SUBJECT_YEAR.findall(self.subject)}
        if len(years) != 1 or _PERIOD.search(self.subject):
            return None
        year = years.pop()
        return year if self.issued_on < date(year - 1, 7, 1) else None


@dataclass(frozen=True)
class Citation:
    """One citation seen from one side: for :func:`citing_documents` the other document is
    the citing one; for :func:`cited_documents` it is the cited one (``document_id`` None
    when it is not in the database)."""

    entry_id: int | None
    document_id: int | None
    number: str | None
    doc_type: str | None
    issued_on: date | None
    subject: str | None
    file_name: str | None
    relation: str | None
    cited_date: date | None  # the date the citation gives
    sentence: str  # the citing sentence, from the citing document's text
    span: tuple[int, int] | None


@dataclass(frozen=True)
class Lookup:
    """The entry a number names, or the candidates when several match equally well."""

    entry: RegisterEntry | None
    candidates: tuple[RegisterEntry, ...] = ()


def _amendments(session: Session, ids: Sequence[int]) -> dict[int, list[Amendment]]:
    found: dict[int, list[Amendment]] = {}
    if not ids:
        return found
    # The references first (an index), then the amending documents' number and date from
    # ix_documents_head (models.citing.head_columns), sorted here as the join sorted them.
    refs = session.execute(
        select(DocReference.legal_document_id, DocReference.relation,
               DocReference.document_id)
        .where(DocReference.legal_document_id.in_(ids), DocReference.relation.in_(CHANGING))
        ).all()
    heads = head_columns(session, [r[2] for r in refs], ("issued_on", "number"))
    rows = [(entry_id, relation, doc_id, *heads[doc_id]) for entry_id, relation, doc_id in refs
            if doc_id in heads]
    nulls_last = session.get_bind().dialect.name != "sqlite"
    rows.sort(key=lambda r: ((r[3] is None) == nulls_last, r[3] or date.min, r[2]))
    for entry_id, relation, doc_id, issued_on, number in rows:
        found.setdefault(entry_id, []).append(Amendment(relation, doc_id, number, issued_on))
    return found


def _entries(session: Session, rows: Sequence[LegalDocument], amendments: bool = True
             ) -> list[RegisterEntry]:
    """The entries of ``rows``, with who amended or replaced each (none read without
    ``amendments``)."""
    changes = _amendments(session, [r.id for r in rows]) if amendments else {}
    out = []
    for r in rows:
        amendments = changes.get(r.id, [])
        out.append(RegisterEntry(
            id=r.id, number=r.number, number_key=r.number_key, doc_type=r.doc_type,
            issued_on=r.issued_on, dates=tuple(date.fromisoformat(d) for d in r.dates or []),
            date_conflict=r.date_conflict, issuer=r.issuer, subject=r.subject,
            document_id=r.document_id, citation_count=r.citation_count,
            amended_by=tuple(a for a in amendments if a.relation == "amends"),
            replaced_by=tuple(a for a in amendments if a.relation == "replaces")))
    return out


def _token_matches(session: Session, tokens: list[str]) -> list[tuple[int, LegalDocument]]:
    """Entries whose number holds every token as a whole token, with how many tokens of
    the number the query left out (fewer is a better match)."""
    # The ids first, the number keys read from their index rather than from the entry rows
    # (ordering by "id + 0" keeps SQLite from walking the table in id order instead).
    ids = select(LegalDocument.id)
    for token in tokens:
        ids = ids.where(LegalDocument.number_key.contains(token, autoescape=True))
    ids = ids.order_by(LegalDocument.id + 0).limit(PREFILTER_LIMIT)
    stmt = select(LegalDocument).where(LegalDocument.id.in_(ids.scalar_subquery()))
    wanted = set(tokens)
    scored = []
    for row in session.scalars(stmt):
        have = key_tokens(row.number_key)
        if wanted <= set(have):
            scored.append((len(have) - len(wanted), row))
    scored.sort(key=lambda s: (s[0], -s[1].citation_count, s[1].number_key, s[1].id))
    return scored


def lookup_register(engine: Engine, query: str) -> Lookup:
    """The entry for a number typed loosely: "490/QĐ-TTg", "490/qd-ttg", "490 TTg" and
    "qd 490" all find 490/QĐ-TTg. An exact number wins; else the entries holding every
    token, a unique best one winning; else ``Lookup(None, candidates)``."""
    with Session(engine) as session:
        key = number_key(query)
        exact = session.scalars(select(LegalDocument).where(LegalDocument.number_key == key)
                                .order_by(LegalDocument.type_key)).all() if key else []
        if len(exact) == 1:
            return Lookup(_entries(session, exact)[0])
        if exact:
            return Lookup(None, tuple(_entries(session, exact)))
        tokens = number_tokens(query)
        scored = _token_matches(session, tokens) if tokens else []
        if not scored:
            return Lookup(None)
        best = [row for extra, row in scored if extra == scored[0][0]]
        if len(best) == 1:
            return Lookup(_entries(session, best)[0])
        rows = [row for _extra, row in scored[:MAX_CANDIDATES]]
        return Lookup(None, tuple(_entries(session, rows)))


def register_hits(engine: Engine, words: str | Iterable[str], limit: int = 10
                  ) -> list[RegisterEntry]:
    """Register entries whose number holds every search word ("490 TTg", "qd 490",
    "Quyết định 490"), when the words name a number (hold a digit); best match first."""
    tokens = number_tokens(words if isinstance(words, str) else " ".join(words))
    if not any(ch.isdigit() for t in tokens for ch in t) or limit <= 0:
        return []
    with Session(engine) as session:
        rows = [row for _extra, row in _token_matches(session, tokens)[:limit]]
        return _entries(session, rows)


def get_entry(engine: Engine, entry_id: int) -> RegisterEntry | None:
    with Session(engine) as session:
        row = session.get(LegalDocument, entry_id)
        return _entries(session, [row])[0] if row is not None else None


def _sentence(text: str, ref: DocReference) -> str:
    if ref.span_start is None or ref.span_end is None:
        return ref.text or ""
    return sentence_around(text, ref.span_start, ref.span_end)


# The order citing documents are listed in: by the citing document's date (its copy on the
# reference row), then document and reference; ix_doc_references_citing_order serves it.
CITING_ORDER = (DocReference.document_issued_on, DocReference.document_id, DocReference.id)
_CITING_COLUMNS = (Document.number, Document.doc_type, Document.issued_on, Document.subject,
                   Document.file_name)


def _citing_conds(entry_ids: Sequence[int], relations: Iterable[str] | None,
                  exclude: Iterable[str], other_than: int | None) -> list[Any]:
    conds: list[Any] = [DocReference.legal_document_id == entry_ids[0] if len(entry_ids) == 1
                        else DocReference.legal_document_id.in_(list(entry_ids))]
    if other_than is not None:
        conds.append(DocReference.document_id != other_than)
    if relations is not None:
        conds.append(DocReference.relation.in_(list(relations)))
    excluded = list(exclude)
    if excluded:
        conds.append(DocReference.relation.is_(None) | DocReference.relation.not_in(excluded))
    return conds


def _citations(session: Session, refs: Sequence[DocReference]) -> list[Citation]:
    """The citations of ``refs`` seen from the citing documents (each document read once)."""
    docs = read_documents(session, refs, *_CITING_COLUMNS)
    out = []
    for ref in refs:
        doc = docs.get(ref.document_id)
        number, doc_type, issued_on, subject, file_name = doc.values if doc else (None,) * 5
        sentence = doc.sentence(ref.span_start, ref.span_end) if doc else None
        if sentence is None:
            sentence = full_sentence(session, ref.document_id, ref.span_start, ref.span_end,
                                     ref.text)
        out.append(Citation(
            entry_id=ref.legal_document_id, document_id=ref.document_id, number=number,
            doc_type=doc_type, issued_on=issued_on, subject=subject, file_name=file_name,
            relation=ref.relation, cited_date=ref.issued_on, sentence=sentence,
            span=(ref.span_start, ref.span_end) if ref.span_start is not None
            and ref.span_end is not None else None))
    return out


def citing_documents(engine: Engine, entry_id: int, relations: Iterable[str] | None = None,
                     exclude: Iterable[str] = (), limit: int | None = None,
                     other_than: int | None = None) -> Page[Citation]:
    """The stored documents that cite the entry, oldest first, with their relation and the
    sentence the citation stands in (only ``relations`` when given, never ``exclude``, never
    the document ``other_than``): the first ``limit`` of them (all when None), with
    ``total`` the number there are in all."""
    conds = _citing_conds([entry_id], relations, exclude, other_than)
    with Session(engine) as session:
        total = session.scalar(select(func.count()).select_from(DocReference).where(*conds)) or 0
        if limit is not None and limit <= 0:
            return Page([], total)
        stmt = select(DocReference).where(*conds).order_by(*CITING_ORDER)
        refs = session.scalars(stmt if limit is None else stmt.limit(limit)).all()
        return Page(_citations(session, refs), total)


def cited_documents(engine: Engine, document_id: int) -> list[Citation]:
    """Every document that a stored document cites, in text order, with the register's
    best knowledge of each (date, issuer, subject, whether it is stored)."""
    with Session(engine) as session:
        text = session.scalar(select(Document.text).where(Document.id == document_id)) or ""
        rows = session.execute(
            select(DocReference, LegalDocument)
            .outerjoin(LegalDocument, LegalDocument.id == DocReference.legal_document_id)
            .where(DocReference.document_id == document_id)
            .order_by(DocReference.span_start, DocReference.id)).all()
        file_names = dict(session.execute(
            select(Document.id, Document.file_name).where(Document.id.in_(
                [e.document_id for _r, e in rows if e is not None and e.document_id]))).all())
        return [Citation(
            entry_id=entry.id if entry else None,
            document_id=entry.document_id if entry else None,
            number=(entry.number if entry else None) or ref.number,
            doc_type=(entry.doc_type if entry else None) or ref.doc_type,
            issued_on=entry.issued_on if entry else ref.issued_on,
            subject=entry.subject if entry else None,
            file_name=file_names.get(entry.document_id) if entry and entry.document_id else None,
            relation=ref.relation, cited_date=ref.issued_on, sentence=_sentence(text, ref),
            span=(ref.span_start, ref.span_end) if ref.span_start is not None
            and ref.span_end is not None else None) for ref, entry in rows]


def changed_by_document(engine: Engine, document_id: int, amendments: bool = True
                        ) -> list[RegisterEntry]:
    """The entries that a stored document amends or replaces (with who else amended or
    replaced each unless ``amendments`` is false: thousands of documents for a much
    amended law)."""
    with Session(engine) as session:
        rows = session.scalars(
            select(LegalDocument).join(DocReference,
                                       DocReference.legal_document_id == LegalDocument.id)
            .where(DocReference.document_id == document_id,
                   DocReference.relation.in_(CHANGING))
            .order_by(LegalDocument.id).distinct()).all()
        return _entries(session, rows, amendments)


def affected_documents(engine: Engine, entry_id: int, limit: int | None = None,
                       other_than: int | None = None) -> Page[Citation]:
    """The stored documents that rest on an entry (cite it other than to amend or replace
    it): what an amendment or replacement of that entry affects (the first ``limit``, never
    the document ``other_than``)."""
    return citing_documents(engine, entry_id, exclude=CHANGING, limit=limit,
                            other_than=other_than)


def changes_of(engine: Engine, document_id: int, limit: int | None = None,
               amendments: bool = True) -> list[tuple[RegisterEntry, Page[Citation]]]:
    """What a stored document amends or replaces, each entry with the documents that rest on
    it (:func:`affected_documents`, the document itself left out; the first ``limit`` of each,
    oldest first, with the total). A fixed number of queries however many entries the
    document changes: the totals in one grouped count, the first rows of every entry in one
    windowed query (``row_number()`` per entry in CITING_ORDER), their documents read once.
    Without ``amendments`` the entries do not list who else amended them (what only
    ``vanthu refs --json`` shows)."""
    changed = changed_by_document(engine, document_id, amendments)
    if not changed:
        return []
    ids = [e.id for e in changed]
    conds = _citing_conds(ids, None, CHANGING, document_id)
    with Session(engine) as session:
        totals = dict(session.execute(
            select(DocReference.legal_document_id, func.count()).where(*conds)
            .group_by(DocReference.legal_document_id)).tuples().all())
        refs: Sequence[DocReference] = []
        if limit is None:
            refs = session.scalars(select(DocReference).where(*conds)
                                   .order_by(DocReference.legal_document_id,
                                             *CITING_ORDER)).all()
        elif limit > 0 and totals:
            rank = func.row_number().over(partition_by=DocReference.legal_document_id,
                                          order_by=CITING_ORDER).label("rank")
            first = select(DocReference.id, rank).where(*conds).subquery()
            refs = session.scalars(
                select(DocReference).join(first, first.c.id == DocReference.id)
                .where(first.c.rank <= limit)
                .order_by(DocReference.legal_document_id, first.c.rank)).all()
        citations = _citations(session, refs)
    per: dict[int, list[Citation]] = {}
    for c in citations:
        per.setdefault(c.entry_id or 0, []).append(c)
    return [(e, Page(per.get(e.id, []), totals.get(e.id, 0))) for e in changed]
