"""What ``--unit NAME`` means, the same in every command and on the web unit page.

A name the units directory knows (an alias, a canonical name, or a name every province has,
such as "Sở NN&PTNT") selects those units and the groups binding them. A name the directory
does not know is accepted only when it says which province it is in and a group of that
province binds its kind ("UBND huyện Mộ Đức tỉnh Quảng Ngãi" before any document named it:
the tasks given to "UBND các huyện, thành phố" of Quảng Ngãi). Anything else — a typo, a
word, a unit without its province — is :class:`UnknownUnit`, carrying the stored names
closest to it (rapidfuzz) for a "Có phải bạn muốn tìm: …" line.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from extractors.normalize import fold

from .facts import Obligation, Unit, UnitAlias
from .units import GROUP, binding_units, context_of, expand, find_units, resolve_name

# Suggestions shown at most, and the least similarity (0–100, rapidfuzz WRatio on folded
# names) for a name to be suggested.
SUGGESTIONS = 5
MIN_SCORE = 70
# Suggestions more than this many points below the best one are left out.
CLOSE = 10


class UnknownUnit(LookupError):
    """``--unit`` names no unit of the directory; ``suggestions``: the closest stored
    canonical names, best first (possibly none)."""

    def __init__(self, name: str, suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(name)
        self.name = name
        self.suggestions = suggestions


@dataclass(frozen=True)
class UnitMatch:
    """The stored units a name selects (empty for an unstored unit of a known province) and
    every unit binding them, groups included, by id."""

    units: tuple[Unit, ...]
    bound: dict[int, Unit]


def _names(session: Session) -> dict[str, str]:
    """Folded name (canonical or alias) → canonical name of its unit."""
    out: dict[str, str] = {}
    for canonical, in session.execute(select(Unit.canonical_name)):
        out.setdefault(fold(canonical), canonical)
    rows = session.execute(select(UnitAlias.alias, Unit.canonical_name)
                           .join(Unit, Unit.id == UnitAlias.unit_id))
    for alias, canonical in rows:
        out.setdefault(fold(alias), canonical)
    return out


def suggestions(session: Session, name: str, limit: int = SUGGESTIONS) -> tuple[str, ...]:
    """The stored units whose name (or an alias) is closest to ``name``, best first."""
    from rapidfuzz import fuzz, process

    names = _names(session)
    if not names:
        return ()
    wanted = fold(expand(name)) or fold(name)
    found = process.extract(wanted, list(names), scorer=fuzz.WRatio, limit=limit * 4,
                            score_cutoff=MIN_SCORE)
    out: list[str] = []
    best = found[0][1] if found else 0
    for key, score, _index in found:
        canonical = names[key]
        if score < best - CLOSE:   # far behind the best: noise, not a suggestion
            break
        if canonical not in out:
            out.append(canonical)
    return tuple(out[:limit])


def match_unit(session: Session, name: str) -> UnitMatch:
    """The units ``name`` selects (see the module docstring), or :class:`UnknownUnit`."""
    found = find_units(session, name)
    if found:
        return UnitMatch(tuple(found), binding_units(session, found, name))
    wanted = resolve_name(name)
    if wanted is not None and wanted.province and wanted.kind != GROUP:
        bound = binding_units(session, [], name)
        if bound:
            return UnitMatch((), bound)
    raise UnknownUnit(name, suggestions(session, name))


def check_unit(engine: Engine, name: str | None) -> None:
    """Raise :class:`UnknownUnit` when ``name`` (given) selects no unit."""
    if name is None:
        return
    with Session(engine) as session:
        match_unit(session, name)


def unit_names_for(engine: Engine, name: str) -> tuple[str, ...]:
    """The canonical names of the units ``name`` selects and of the groups binding them
    (:class:`UnknownUnit` when none): what a document must name to concern that unit."""
    with Session(engine) as session:
        match = match_unit(session, name)
        return tuple(u.canonical_name for u in match.bound.values())


def document_filter(session: Session, name: str) -> Callable[[Any], bool]:
    """Whether a document concerns the unit ``name`` (:class:`UnknownUnit` when none): it
    assigns a task to the unit or one of its groups, or its issuer or a recipient, read in
    the document's own context ("UBND tỉnh" in a Quảng Ngãi document), is one of them."""
    match = match_unit(session, name)
    ids = sorted(match.bound)
    names = {u.canonical_name for u in match.bound.values()}
    wanted = resolve_name(name)
    bases: set[str] = set()   # a name without its province: that unit in every province
    if wanted is not None:
        names.add(wanted.canonical)
        if wanted.province is None and wanted.kind != GROUP:
            bases.add(fold(wanted.name))
    assigned = set(session.scalars(select(Obligation.document_id).where(
        Obligation.unit_id.in_(ids)).distinct())) if ids else set()

    def concerns(doc: Any) -> bool:
        if doc.id in assigned:
            return True
        ctx = context_of(doc.place, doc.issuer, doc.parent_issuer)
        for raw in [doc.issuer, *(doc.recipients or [])]:
            unit = resolve_name(raw, ctx) if raw else None
            if unit is not None and (unit.canonical in names or fold(unit.name) in bases):
                return True
        return False

    return concerns
