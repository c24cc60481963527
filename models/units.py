"""The units directory: every way a unit is written ("Sở NN&PTNT", "SNNPTNT", "UBND tỉnh" in
a Quảng Ngãi document) resolved to one canonical unit, created with its aliases as it is seen.

Names resolve in two steps: :func:`resolve_name` is pure (data/units.json and the document's
:class:`UnitContext`), :func:`ensure_unit` writes the unit and alias rows. Province-level
units hang under their province's people's committee (``parent_id``); a group ("UBND các
huyện, thành phố") binds the units of its member kinds under the same parent.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from extractors import lexicon
from extractors.names import is_upper_text, org_case
from extractors.normalize import canon, fold, fold_text, nfc

from .facts import Unit, UnitAlias

GROUP = "group"
PROVINCE_COMMITTEE = "province_committee"
DISTRICT_COMMITTEE = "district_committee"
COMMUNE_COMMITTEE = "commune_committee"
NATIONAL = "national"
ALIAS_KEY_MAX = 255
_LEVEL_WORDS = ("tỉnh", "thành phố", "huyện", "thị xã", "quận", "xã", "phường", "thị trấn")
_LEVELS_RE = re.compile(r"(?<!^)(?<!\w)(" + "|".join(w.title() for w in _LEVEL_WORDS) + r"|"
                        + "|".join(_LEVEL_WORDS) + r")(?!\w)(?! [Hh]ội)", re.IGNORECASE)
_COMMITTEE = re.compile(r"^uy ban nhan dan (tinh|thanh pho|huyen|thi xa|quan|xa|phuong|"
                        r"thi tran)(?: (.+))?$")
_TRAILING_LEVEL = re.compile(r",?\s+(tinh|thanh pho)$")
_DISTRICT_LEVELS = {"huyen", "thi xa", "quan", "thanh pho"}
_COMMUNE_LEVELS = {"xa", "phuong", "thi tran"}


@dataclass(frozen=True)
class UnitContext:
    """What a document tells about the names in it: its province (provinces.json name) and
    its issuer (for "UBND huyện" in a district's own document)."""

    province: str | None = None
    issuer: str | None = None


@dataclass(frozen=True)
class UnitName:
    """A resolved name: ``canonical`` is unique (province-level units carry their province),
    ``contextual`` when the province came from the document rather than from the name."""

    name: str
    canonical: str
    kind: str
    province: str | None
    contextual: bool
    members: tuple[str, ...] = ()


@cache
def _data() -> dict[str, Any]:
    return lexicon.load("units.json")


@cache
def _abbreviations() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(rf"(?<!\w)(?:{a['pattern']})(?!\w)", re.IGNORECASE), a["full"])
                 for a in _data()["abbreviations"])


@cache
def _codes() -> dict[str, str]:
    return {fold(c): e["name"] for e in _data()["codes"] for c in e["codes"]}


@cache
def _officials() -> re.Pattern[str]:
    return re.compile(_data()["officials"]["pattern"], re.I)


@cache
def _groups() -> tuple[tuple[str, tuple[str, ...], tuple[re.Pattern[str], ...]], ...]:
    return tuple((g["name"], tuple(g["members"]), tuple(re.compile(p) for p in g["patterns"]))
                 for g in _data()["groups"])


@cache
def _provinces() -> dict[str, dict[str, Any]]:
    """Folded province name or alias → its provinces.json entry."""
    out: dict[str, dict[str, Any]] = {}
    for p in lexicon.load("provinces.json")["provinces"]:
        for n in [p["name"], *p.get("aliases", [])]:
            out[fold(n)] = p
    return out


def _province_at(level: str, folded_name: str) -> dict[str, Any] | None:
    """The province "tỉnh X" / "thành phố X" names, when X is one of that kind ("thành phố
    Quảng Ngãi" is a city inside the province, not the province)."""
    p = _provinces().get(folded_name)
    return p if p is not None and fold(p["kind"]) == level else None


def province_entry(name: str | None) -> dict[str, Any] | None:
    return _provinces().get(fold(name)) if name else None


def member_kinds(group_name: str) -> tuple[str, ...]:
    """The unit kinds a group binds, by its (data) name."""
    return next((members for name, members, _ in _groups() if name == group_name), ())


def expand(text: str) -> str:
    """The name with abbreviations written out, canonical tones, one space between words,
    level words in lower case: "UBND Huyện Mộ Đức" → "Ủy ban nhân dân huyện Mộ Đức"."""
    s = re.sub(r"\s+", " ", canon(nfc(text))).strip(" .;,:-–")
    s = re.sub(r"^\d+[.)]\s*|^[a-zđ]\)\s*", "", s)  # a heading's "1." or "a)"
    s = _officials().sub("", s, count=1)              # "Giám đốc Sở Tài chính" is the Sở's duty
    code = _codes().get(fold(s))
    if code:
        return code
    if is_upper_text(s):
        s = org_case(s)
    for pattern, full in _abbreviations():
        s = pattern.sub(full, s)
    s = _LEVELS_RE.sub(lambda m: m.group(0).lower(), s)
    return s[0].upper() + s[1:] if s else s


def _suffix(province: dict[str, Any]) -> str:
    return f"{province['kind']} {province['name']}"


def _split_province(name: str) -> tuple[str, dict[str, Any] | None, bool]:
    """(name without a trailing province, that province, whether a bare "tỉnh" was dropped):
    "Sở Y tế tỉnh Gia Lai" → ("Sở Y tế", Gia Lai, False); "Liên minh HTX tỉnh" → (…, None,
    True)."""
    folded = fold(name)
    if len(folded) == len(name):
        for m in re.finditer(r",?\s+(tinh|thanh pho) ", folded):
            province = _province_at(m.group(1), folded[m.end():])
            if province is not None:
                return name[:m.start()], province, False
        m = _TRAILING_LEVEL.search(folded)
        if m:
            return name[:m.start()], None, True
    return name, None, False


@lru_cache(maxsize=8192)
def resolve_name(text: str, ctx: UnitContext = UnitContext()) -> UnitName | None:
    """The canonical unit a name stands for in a document with context ``ctx`` (pure, so
    cached: the same assignees recur in document after document)."""
    if not text or not text.strip():
        return None
    full = expand(text)
    folded = fold(full)
    ctx_province = province_entry(ctx.province)
    for name, members, patterns in _groups():
        if any(p.search(folded) for p in patterns):
            base, own, _bare = _split_province(full)
            province = own or ctx_province
            canonical = f"{name} {_suffix(province)}" if province else name
            return UnitName(name, canonical, GROUP, province and province["name"],
                            own is None and province is not None, members)
    if any(folded.startswith(n) for n in _data()["national"]):
        return UnitName(full, full, NATIONAL, None, False)
    m = _COMMITTEE.match(folded)
    if m:
        return _committee(full, m.group(1), m.group(2), ctx, ctx_province)
    base, own, _bare = _split_province(full)
    province = own or ctx_province
    kind = "department" if fold(base).startswith("so ") else "agency"
    canonical = f"{base} {_suffix(province)}" if province else base
    return UnitName(base, canonical, kind, province and province["name"],
                    own is None and province is not None)


def _committee(full: str, level: str, rest: str | None, ctx: UnitContext,
               ctx_province: dict[str, Any] | None) -> UnitName | None:
    """A people's committee: of a province ("UBND tỉnh" + the document's province), a
    district or a commune ("UBND huyện" alone: the issuer's own district)."""
    own = _province_at(level, rest) if rest else None
    if level in {"tinh", "thanh pho"} and (rest is None or own is not None):
        province = own or ctx_province
        if province is None:
            return UnitName(full, full, PROVINCE_COMMITTEE, None, False)
        name = f"Ủy ban nhân dân {_suffix(province)}"
        return UnitName(name, name, PROVINCE_COMMITTEE, province["name"], own is None)
    if rest is None:
        issuer = resolve_name(ctx.issuer, UnitContext(ctx.province)) if ctx.issuer else None
        if issuer is not None and fold(issuer.name).startswith(fold(full)):
            return issuer
    kind = DISTRICT_COMMITTEE if level in _DISTRICT_LEVELS else COMMUNE_COMMITTEE
    base, named, _bare = _split_province(full)
    province = named or ctx_province
    canonical = f"{base} {_suffix(province)}" if province else base
    return UnitName(base, canonical, kind, province and province["name"],
                    named is None and province is not None)


def context_of(place: str | None, issuer: str | None, parent_issuer: str | None = None,
               text: str | None = None) -> UnitContext:
    """A document's context: the province of its place line, else the one its issuer (or
    parent issuer) names, else the one its text names most often ("tỉnh Gia Lai")."""
    province = province_entry(place)
    for name in (issuer, parent_issuer):
        if province is None and name:
            _base, province, _bare = _split_province(expand(name))
    if province is None and text:
        found = _scan_provinces(fold_text(text))
        province = province_entry(found.most_common(1)[0][0]) if found else None
    return UnitContext(province["name"] if province else None, issuer)


def _scan_provinces(folded: str) -> Counter[str]:
    """Provinces named as "tỉnh X" / "thành phố X" in a folded text, counted."""
    found: Counter[str] = Counter()
    for m in re.finditer(r"\b(tinh|thanh pho) (\w+(?: \w+){0,2})", folded):
        words = m.group(2).split(" ")
        for n in (3, 2, 1):
            p = _province_at(m.group(1), " ".join(words[:n]))
            if p is not None:
                found[p["name"]] += 1
                break
    return found


def alias_key(raw: str, unit: UnitName) -> str:
    """The alias key of ``raw``: its folded form, prefixed by the province when the name
    needs the document's province to mean this unit ("quang ngai|ubnd tinh")."""
    k = fold(raw)
    return (f"{fold(unit.province)}|{k}" if unit.contextual and unit.province else k
            )[:ALIAS_KEY_MAX]


def _unit_ids(session: Session, parents: Sequence[tuple[str, str, str, None]],
              rows: Sequence[tuple[str, str, str, str | None]]) -> dict[str, int]:
    """canonical name → id of the units (name, canonical, kind, canonical name of the parent)
    and of their ``parents`` (committees, without a parent), created when missing (the
    first row of a canonical name gives its name, kind and parent). One query when all are
    stored already."""
    wanted: dict[str, tuple[str, str, str, str | None]] = {}
    for row in [*parents, *rows]:
        wanted.setdefault(row[1], row)
    if not wanted:
        return {}

    def stored(names: Iterable[str]) -> dict[str, int]:
        return dict(session.execute(select(Unit.canonical_name, Unit.id).where(
            Unit.canonical_name.in_(sorted(names)))).tuples().all())

    found = stored(wanted)
    # Parents first: their ids go into the rows of the units under them.
    for level in (False, True):
        missing = [{"name": name, "canonical_name": canonical, "kind": kind,
                    "parent_id": found[parent] if parent else None}
                   for canonical, (name, _c, kind, parent) in sorted(wanted.items())
                   if canonical not in found and (parent is not None) == level]
        if missing:
            _insert_many(session, Unit, missing, "canonical_name")
            found.update(stored(m["canonical_name"] for m in missing))
    return found


def _insert_many(session: Session, model: type[Any], rows: list[dict[str, Any]],
                 unique: str) -> None:
    make = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(make(model).on_conflict_do_nothing(index_elements=[unique]), rows)


def _committee_of(unit: UnitName) -> str | None:
    """The canonical name of the province's people's committee a province-level unit hangs
    under (None for the committee itself and for units without a province)."""
    if not unit.province or unit.kind == PROVINCE_COMMITTEE:
        return None
    province = province_entry(unit.province)
    assert province is not None
    return f"Ủy ban nhân dân {_suffix(province)}"


def ensure_units(session: Session, wanted: Sequence[tuple[UnitName, str | None]]) -> list[int]:
    """The ids of the ``(unit, raw)`` pairs, in order: each unit created when missing, under
    its province's committee, with the aliases ``raw`` and its canonical name recorded (the
    first unit to claim an alias keeps it). A few queries for a whole document."""
    if not wanted:
        return []
    with session.no_autoflush:
        committees = sorted({c for u, _raw in wanted if (c := _committee_of(u))})
        ids = _unit_ids(session, [(c, c, PROVINCE_COMMITTEE, None) for c in committees],
                        [(u.name, u.canonical, u.kind, _committee_of(u)) for u, _raw in wanted])
        aliases: dict[str, tuple[int, str]] = {}
        for unit, raw in wanted:
            if (committee := _committee_of(unit)) is not None:
                aliases.setdefault(fold(committee)[:ALIAS_KEY_MAX],
                                   (ids[committee], committee))
            aliases.setdefault(fold(unit.canonical)[:ALIAS_KEY_MAX],
                               (ids[unit.canonical], unit.canonical))
            if raw:
                aliases.setdefault(alias_key(raw, unit), (ids[unit.canonical], raw))
        known = set(session.scalars(select(UnitAlias.alias_key).where(
            UnitAlias.alias_key.in_(sorted(aliases)))))
        new = [{"unit_id": unit_id, "alias": alias, "alias_key": k}
               for k, (unit_id, alias) in sorted(aliases.items()) if k not in known]
        if new:
            _insert_many(session, UnitAlias, new, "alias_key")
    return [ids[u.canonical] for u, _raw in wanted]


def ensure_unit(session: Session, unit: UnitName, raw: str | None = None) -> int:
    """The id of ``unit`` (created, under its province's committee, when missing), with the
    aliases ``raw`` and its canonical name recorded."""
    return ensure_units(session, [(unit, raw)])[0]


def first_name(value: Any) -> str | None:
    """An assignee as the contract gives it: a string (or a list of equivalent strings)."""
    if isinstance(value, (list, tuple)):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    return value.strip() if isinstance(value, str) and value.strip() else None


def find_units(session: Session, name: str) -> list[Unit]:
    """The stored units a user means by ``name``: an alias or canonical name, else every
    province's unit with that name ("Sở NN&PTNT" → each province's Sở Nông nghiệp…).
    Canonical names are matched folded, through the index of ``Unit.canonical_key``."""
    key = fold(name)
    hit = session.scalar(select(UnitAlias.unit_id).where(UnitAlias.alias_key == key))
    if hit is not None:
        return [u for u in [session.get(Unit, hit)] if u is not None]
    wanted = resolve_name(name)
    if wanted is None:
        return []
    keys = {fold(wanted.canonical), fold(wanted.name)}
    exact = session.scalars(select(Unit).where(Unit.canonical_key.in_(sorted(keys)))
                            .order_by(Unit.id)).all()
    if exact:
        return list(exact)
    prefix = [f"{fold(wanted.name)} {level} " for level in ("tinh", "thanh pho")]
    return list(session.scalars(select(Unit).where(or_(*(_starts_with(session, p)
                                                         for p in prefix)))
                                .order_by(Unit.id)))


def _starts_with(session: Session, prefix: str) -> Any:
    """``Unit.canonical_key`` starts with ``prefix``: a range of its index on SQLite (whose
    LIKE ignores case, so cannot use the index); LIKE elsewhere."""
    if session.get_bind().dialect.name == "sqlite":
        return and_(Unit.canonical_key >= prefix, Unit.canonical_key < prefix + "\U0010ffff")
    return Unit.canonical_key.startswith(prefix, autoescape=True)


def binding_units(session: Session, units: Sequence[Unit], name: str | None = None
                  ) -> dict[int, Unit]:
    """Every unit whose tasks bind ``units``: the units themselves and the groups of the same
    province whose member kinds include theirs. A unit not yet stored (``units`` empty,
    ``name`` given) is bound by every group of its kind."""
    out: dict[int, Unit] = {u.id: u for u in units}
    if units:  # only the groups under the same committees can bind them
        parents = sorted({u.parent_id for u in units if u.parent_id is not None})
        groups = session.scalars(select(Unit).where(
            Unit.parent_id.in_(parents), Unit.kind == GROUP).order_by(Unit.id)).all()
        under: dict[int, list[Unit]] = {}
        for g in groups:
            under.setdefault(g.parent_id, []).append(g)
        for unit in units:
            for g in under.get(unit.parent_id, []) if unit.parent_id is not None else []:
                if unit.kind in member_kinds(g.name):
                    out[g.id] = g
        return out
    wanted = resolve_name(name) if name else None
    if wanted is not None:
        groups = session.scalars(select(Unit).where(Unit.kind == GROUP).order_by(Unit.id)).all()
        for g in groups:
            same = wanted.province is None or g.canonical_name.endswith(wanted.province)
            if same and wanted.kind in member_kinds(g.name):
                out[g.id] = g
    return out


def group_members(session: Session, group: Unit) -> list[Unit]:
    """The stored units a group binds (same province, a member kind)."""
    kinds = member_kinds(group.name)
    if group.parent_id is None or not kinds:
        return []
    return list(session.scalars(select(Unit).where(Unit.parent_id == group.parent_id,
                                                   Unit.kind.in_(kinds)).order_by(Unit.id)))


def units_by_id(session: Session, ids: Iterable[int]) -> dict[int, Unit]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    return {u.id: u for u in session.scalars(select(Unit).where(Unit.id.in_(wanted)))}


def group_memberships(session: Session) -> dict[str, list[str]]:
    """Canonical name of every group → the canonical names of the stored units it binds."""
    groups = session.scalars(select(Unit).where(Unit.kind == GROUP).order_by(Unit.id)).all()
    return {g.canonical_name: [u.canonical_name for u in group_members(session, g)]
            for g in groups}
