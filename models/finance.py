"""Money and goals across documents: what was allocated and spent (``funding``), and what
plans promised set beside what later reports delivered (``targets`` against ``statistics``).

Filters on text (source) are diacritic-insensitive (:func:`extractors.normalize.fold`)
and applied in Python after the SQL query, since the recipients are a JSON list.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from extractors.normalize import fold

from .documents import Document
from .facts import DocReference, Funding, Statistic, Target
from .unit_lookup import document_filter
from .units import expand

# A statistic answers a target when at least this share of the target's metric words
# (folded, function words and unit words left out) occur in the statistic's metric.
MIN_METRIC_SCORE = 0.5
# Words that carry no meaning for matching metrics ("sản phẩm *của* các xã *được* công nhận").
_STOPWORDS = frozenset(
    "va cua cac cho trong duoc co da la nhung mot tren tu den voi tai theo ve nay do "
    "so luong tong gom".split())
# Longer forms of organisation names, folded, mapped to their usual abbreviation, so that
_WORD = re.compile(r"[^\W_]+")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


@dataclass(frozen=True)
class DocInfo:
    """The document a fact was read from, as lists show it."""

    id: int
    number: str | None
    doc_type: str | None
    issued_on: date | None
    issuer: str | None
    file_name: str


@dataclass(frozen=True)
class FundingRow:
    """One amount. ``parent_id`` is the row listed above it whose amount includes this one
    (the amount is then not added to the total); ``depth`` is how far to indent it."""

    id: int
    document: DocInfo
    amount_vnd: int | None
    text: str | None
    in_words_vnd: int | None
    words_mismatch: bool | None
    source: str | None
    purpose: str | None
    year: int | None
    part_of: int | None
    parent_id: int | None
    depth: int
    span: tuple[int, int] | None
    # The row of the same document this amount restates ("Chương trình tín dụng 500 nghìn
    # tỷ đồng" named again further on): shown, not added again.
    repeat_of: int | None = None

    @property
    def counted(self) -> bool:
        """Added to its document's total: not part of another listed amount, no restatement."""
        return self.parent_id is None and self.repeat_of is None and self.amount_vnd is not None


@dataclass(frozen=True)
class FundingReport:
    """The amounts, each total followed by its parts, and the total of each document, which
    counts each đồng once. Amounts of different documents are never added together (a plan's
    allocation and a report's spending of it are the same money): ``total_vnd`` and ``by_year``
    are the sums of those per-document totals, kept for scripts, shown to no user."""

    rows: tuple[FundingRow, ...]
    total_vnd: int
    by_year: tuple[tuple[int | None, int], ...]
    documents: tuple[tuple[DocInfo, int, int], ...] = ()  # (document, total, amounts counted)


@dataclass(frozen=True)
class Achievement:
    """A figure a later document reports for a target's metric."""

    statistic_id: int
    document: DocInfo
    metric: str | None
    value: float | None
    unit: str | None
    period: str | None
    score: float


@dataclass(frozen=True)
class TargetRow:
    """A goal, and the best-matching achieved figure from a later related report."""

    id: int
    document: DocInfo
    metric: str | None
    min_value: float | None
    max_value: float | None
    unit: str | None
    period: str | None
    span: tuple[int, int] | None
    achieved: Achievement | None

    @property
    def goal(self) -> float | None:
        """The figure to reach: the minimum, else the ceiling."""
        return self.min_value if self.min_value is not None else self.max_value

    @property
    def ratio(self) -> float | None:
        """Achieved / goal (1.0 is 100 %), when both are known and the goal is not zero."""
        if self.achieved is None or self.achieved.value is None or not self.goal:
            return None
        return self.achieved.value / self.goal

    @property
    def met(self) -> bool | None:
        """Reached: at least the minimum and at most the maximum, where they are set."""
        if self.achieved is None or self.achieved.value is None or self.goal is None:
            return None
        value = self.achieved.value
        return ((self.min_value is None or value >= self.min_value)
                and (self.max_value is None or self.min_value is not None
                     or value <= self.max_value))


def _doc_info(doc: Document) -> DocInfo:
    return DocInfo(id=doc.id, number=doc.number, doc_type=doc.doc_type,
                   issued_on=doc.issued_on, issuer=doc.issuer, file_name=doc.file_name)


def _span(start: int | None, end: int | None) -> tuple[int, int] | None:
    return (start, end) if start is not None and end is not None else None


def _sort_date(doc: Document) -> tuple[bool, date, int]:
    return (doc.issued_on is None, doc.issued_on or date.min, doc.id)


# ----------------------------------------------------------------------------- funding

def link_parts(amounts: Sequence[Funding]) -> dict[int, int]:
    """id → id of the amount of the same document it is part of (``part_of`` names that
    amount's value): the nearest such amount before it, else after it."""
    parents: dict[int, int] = {}
    ordered = sorted(amounts, key=lambda f: (f.span_start if f.span_start is not None
                                             else -1, f.id))
    for i, part in enumerate(ordered):
        if part.part_of is None:
            continue
        same = [j for j, f in enumerate(ordered) if j != i and f.amount_vnd == part.part_of]
        before = [j for j in same if j < i]
        if before or same:
            parents[part.id] = ordered[before[-1] if before else same[0]].id
    # Drop links that would make a cycle (two equal amounts each "part of" the other).
    for start in list(parents):
        seen, node = {start}, parents.get(start)
        while node is not None:
            if node in seen:
                parents.pop(start, None)
                break
            seen.add(node)
            node = parents.get(node)
    return parents


def funding(engine: Engine, year: int | None = None, source: str | None = None,
            unit: str | None = None) -> FundingReport:
    """Amounts of money, oldest document first, each total followed by its parts.

    ``year`` is the amount's year; ``source`` is looked for in its source text and ``unit``
    is what ``--unit`` means everywhere (models/unit_lookup.py): documents assigning it (or
    its groups) a task, or whose issuer or a recipient is that unit. A part is not added to the
    total when the amount it belongs to is listed too; a part listed without its total
    (say, filtered by source "ngân sách nhà nước") is counted on its own.
    """
    stmt = select(Funding, Document).join(Document, Funding.document_id == Document.id)
    if year is not None:
        stmt = stmt.where(Funding.year == year)
    wanted_source = fold(source) if source else None
    with Session(engine) as session:
        pairs = session.execute(stmt.order_by(Document.id, Funding.id)).tuples().all()
        by_doc: dict[int, list[Funding]] = {}
        docs: dict[int, Document] = {}
        for amount, doc in pairs:
            by_doc.setdefault(doc.id, []).append(amount)
            docs[doc.id] = doc
        # Parts are linked over every amount of the document, before filtering.
        all_amounts = session.scalars(select(Funding).where(
            Funding.document_id.in_(list(docs)))).all() if docs else []
        siblings: dict[int, list[Funding]] = {}
        for f in all_amounts:
            siblings.setdefault(f.document_id, []).append(f)
        rows: list[FundingRow] = []
        concerns = document_filter(session, unit) if unit else None
        for doc_id in sorted(docs, key=lambda d: _sort_date(docs[d])):
            doc = docs[doc_id]
            if concerns is not None and not concerns(doc):
                continue
            kept = [f for f in by_doc[doc_id]
                    if not wanted_source or wanted_source in fold(f.source or "")]
            rows += _document_rows(_doc_info(doc), kept, link_parts(siblings[doc_id]))
    totals: dict[int | None, int] = {}
    per_doc: dict[int, tuple[DocInfo, int, int]] = {}
    for row in rows:
        if row.counted:
            totals[row.year] = totals.get(row.year, 0) + (row.amount_vnd or 0)
            _, total, n = per_doc.get(row.document.id, (row.document, 0, 0))
            per_doc[row.document.id] = (row.document, total + (row.amount_vnd or 0), n + 1)
    by_year = tuple(sorted(totals.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)))
    return FundingReport(rows=tuple(rows), total_vnd=sum(totals.values()), by_year=by_year,
                         documents=tuple(per_doc.values()))


def _restates(later: Funding, earlier: Funding) -> bool:
    """``later`` names again the amount ``earlier`` gave (same document): the same sum, the
    same year (or one unknown), and purposes that share a word (or one unknown)."""
    if later.amount_vnd != earlier.amount_vnd or later.amount_vnd is None:
        return False
    if later.year is not None and earlier.year is not None and later.year != earlier.year:
        return False
    words = [{w for w in _WORD.findall(fold(f.purpose or "")) if len(w) > 2} - _STOPWORDS
             for f in (later, earlier)]
    return not words[0] or not words[1] or bool(words[0] & words[1])


def _document_rows(info: DocInfo, kept: list[Funding], parents: dict[int, int]
                   ) -> list[FundingRow]:
    """The kept amounts of one document in tree order: each under its nearest kept ancestor."""
    kept_ids = {f.id for f in kept}

    def shown_parent(fid: int) -> int | None:
        node = parents.get(fid)
        while node is not None and node not in kept_ids:
            node = parents.get(node)
        return node

    shown = {f.id: shown_parent(f.id) for f in kept}
    children: dict[int | None, list[Funding]] = {}
    for f in sorted(kept, key=lambda f: (f.span_start if f.span_start is not None else -1, f.id)):
        children.setdefault(shown[f.id], []).append(f)
    out: list[FundingRow] = []

    tops: list[Funding] = []  # amounts counted so far, for restatements

    def walk(parent: int | None, depth: int) -> None:
        for f in children.get(parent, []):
            again = next((t.id for t in tops if _restates(f, t)), None) if parent is None \
                else None
            if parent is None and again is None:
                tops.append(f)
            out.append(FundingRow(
                id=f.id, document=info, amount_vnd=f.amount_vnd, text=f.text,
                in_words_vnd=f.in_words_vnd, words_mismatch=f.words_mismatch, source=f.source,
                purpose=f.purpose, year=f.year, part_of=f.part_of, parent_id=parent,
                depth=depth, span=_span(f.span_start, f.span_end), repeat_of=again))
            walk(f.id, depth + 1)

    walk(None, 0)
    return out


# ----------------------------------------------------------------------------- targets

def org_key(name: str) -> str:
    """Comparison form of an organisation name: abbreviations written out by the units
    directory (data/units.json), then folded ("UBND tỉnh Quảng Trị" and "Ủy ban nhân dân tỉnh
    Quảng Trị" give the same key)."""
    return fold(expand(name)) if name.strip() else ""


def metric_tokens(metric: str | None, unit: str | None = None) -> frozenset[str]:
    """The words of a metric that tell it apart: folded, without function words and without
    the words of its unit ("sản phẩm đạt 3 sao", "sản phẩm" → {"dat", "3", "sao"})."""
    unit_words = set(_WORD.findall(fold(unit or "")))
    return frozenset(w for w in _WORD.findall(fold(metric or ""))
                     if w not in _STOPWORDS and w not in unit_words)


def metric_score(target: frozenset[str], statistic: frozenset[str]) -> float:
    """Share of the target's words found in the statistic's metric; 0 when a number of the
    target ("3 sao") is missing from it. A target named by its unit alone scores 1.0 against
    a statistic named the same way, 0.5 against any other of that unit."""
    digits = {w for w in target if w.isdigit()}
    if not digits <= statistic:
        return 0.0
    if not target:
        return 1.0 if not statistic else MIN_METRIC_SCORE
    return len(target & statistic) / len(target)


def period_years(period: str | None) -> range | None:
    """The years a period names: "2019" → 2019..2019, "2018 - 2020" → 2018..2020; None for
    "hằng năm" or no period."""
    years = [int(y) for y in _YEAR.findall(period or "")]
    return range(min(years), max(years) + 1) if years else None


def related(plan: Document, report: Document, cited: set[str]) -> bool:
    """The report can speak for the plan: same issuer; one addressed to the other's issuer;
    one's issuer the other's parent body; or the report cites the plan by number
    (``cited``: number keys the report cites)."""
    if plan.number_key and plan.number_key in cited:
        return True
    p, r = org_key(plan.issuer or ""), org_key(report.issuer or "")
    if not p or not r:
        return False
    plan_side = {org_key(x) for x in [*(plan.recipients or []), plan.parent_issuer or ""] if x}
    report_side = {org_key(x) for x in [*(report.recipients or []), report.parent_issuer or ""]
                   if x}
    return p == r or r in plan_side or p in report_side


def _target_year_matches(t: Target, doc: Document, year: int) -> bool:
    years = period_years(t.period)
    if years is not None:
        return year in years
    return doc.issued_on is not None and doc.issued_on.year == year


def targets(engine: Engine, year: int | None = None, unit: str | None = None
            ) -> list[TargetRow]:
    """Goals, oldest document first, each with the achieved figure a later related report
    gives for the same metric (same unit, matching words, overlapping period), if any.

    ``year``: the target's period covers it (or, with no year in the period, its document
    was issued that year). ``unit``: as for :func:`funding`.
    """
    with Session(engine) as session:
        goals = session.execute(select(Target, Document).join(
            Document, Target.document_id == Document.id)).tuples().all()
        concerns = document_filter(session, unit) if unit else None
        goals = [(t, d) for t, d in goals
                 if (year is None or _target_year_matches(t, d, year))
                 and (concerns is None or concerns(d))]
        stats = session.execute(select(Statistic, Document).join(
            Document, Statistic.document_id == Document.id)
            .where(Document.issued_on.is_not(None))).tuples().all() if goals else []
        cited: dict[int, set[str]] = {}
        report_ids = list({d.id for _, d in stats})
        if report_ids:
            for doc_id, key in session.execute(select(
                    DocReference.document_id, DocReference.number_key).where(
                    DocReference.document_id.in_(report_ids),
                    DocReference.number_key.is_not(None))):
                cited.setdefault(doc_id, set()).add(key)
        goals.sort(key=lambda td: (_sort_date(td[1]), td[0].span_start or 0, td[0].id))
        return [TargetRow(id=t.id, document=_doc_info(d), metric=t.metric,
                          min_value=t.min_value, max_value=t.max_value, unit=t.unit,
                          period=t.period, span=_span(t.span_start, t.span_end),
                          achieved=best_achievement(t, d, stats, cited))
                for t, d in goals]


def best_achievement(target: Target, plan: Document,
                     stats: Iterable[tuple[Statistic, Document]],
                     cited: dict[int, set[str]]) -> Achievement | None:
    """The statistic that best answers ``target``: of a later document (issued on or after
    the plan, not the plan itself) that is :func:`related`, same unit, overlapping period,
    metric score at least :data:`MIN_METRIC_SCORE`; best score, then the latest report."""
    if plan.issued_on is None:
        return None
    wanted = metric_tokens(target.metric, target.unit)
    unit = fold(target.unit or "")
    years = period_years(target.period)
    best: tuple[tuple[float, float, date, int], Achievement] | None = None
    for stat, report in stats:
        if report.id == plan.id or report.issued_on is None or report.issued_on < plan.issued_on:
            continue
        if fold(stat.unit or "") != unit:
            continue
        stat_years = period_years(stat.period)
        if years is not None and stat_years is not None and not set(years) & set(stat_years):
            continue
        found = metric_tokens(stat.metric, stat.unit)
        score = metric_score(wanted, found)
        if score < MIN_METRIC_SCORE or not related(plan, report, cited.get(report.id, set())):
            continue
        jaccard = len(wanted & found) / len(wanted | found) if wanted | found else 1.0
        key = (score, jaccard, report.issued_on, stat.id)
        if best is None or key > best[0]:
            value = stat.min_value if stat.min_value is not None else stat.max_value
            best = (key, Achievement(statistic_id=stat.id, document=_doc_info(report),
                                     metric=stat.metric, value=value, unit=stat.unit,
                                     period=stat.period, score=round(score, 3)))
    return best[1] if best else None
