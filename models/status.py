"""Status changes of tasks (``vanthu done`` / ``reopen``, the web page's buttons), whole or
per member unit of a group task.

A task given to a group ("UBND các huyện, thành phố") binds each of its member units: ``done
ID --unit "UBND huyện Mộ Đức"`` records the change for that unit only (an event with
``unit``). The task as a whole is closed only by a change without a unit: the directory may
not know every member yet, so "14/14 đơn vị đã xong" does not close it by itself; a member
reopening its share reopens the whole task. A repeat (done twice) records nothing and says
since when and by whom.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from .documents import utcnow
from .facts import Obligation, ObligationEvent, Unit
from .unit_lookup import match_unit
from .units import GROUP, group_members, member_kinds

OPEN, DONE = "open", "done"


class NotAGroupTask(LookupError):
    """``--unit`` was given for a task that is not given to a group."""


class NotAMember(LookupError):
    """The unit is not a member of the task's group; ``members``: the group's members."""

    def __init__(self, unit: str, group: str, members: tuple[str, ...]) -> None:
        super().__init__(unit)
        self.unit, self.group, self.members = unit, group, members


@dataclass(frozen=True)
class Progress:
    """How many member units of a group task have finished it."""

    done: tuple[str, ...]
    total: int


@dataclass(frozen=True)
class StatusChange:
    """What ``done``/``reopen`` did: ``repeat`` when nothing changed (``since``: the event
    that set the status it already had); ``unit`` for a member unit's change; ``progress`` of
    a group task; ``whole``: the task as a whole changed status."""

    id: int
    action: str | None
    status: str
    unit: str | None
    repeat: bool
    since: ObligationEvent | None
    progress: Progress | None
    whole: bool


def _last(session: Session, ob_id: int, unit: str | None) -> ObligationEvent | None:
    """The latest done/open event of the task (``unit`` None) or of one member unit."""
    cond = ObligationEvent.unit.is_(None) if unit is None else ObligationEvent.unit == unit
    return session.scalars(select(ObligationEvent).where(
        ObligationEvent.obligation_id == ob_id, ObligationEvent.status.in_((OPEN, DONE)), cond)
        .order_by(ObligationEvent.id.desc()).limit(1)).first()


def _members(session: Session, ob: Obligation) -> tuple[Unit | None, list[Unit]]:
    group = session.get(Unit, ob.unit_id) if ob.unit_id is not None else None
    if group is None or group.kind != GROUP:
        return None, []
    return group, group_members(session, group)


def _progress(session: Session, ob: Obligation, members: Sequence[Unit]) -> Progress:
    names = [m.canonical_name for m in members]
    last: dict[str, str] = {}
    for unit, status in session.execute(select(ObligationEvent.unit, ObligationEvent.status)
                                        .where(ObligationEvent.obligation_id == ob.id,
                                               ObligationEvent.unit.in_(names),
                                               ObligationEvent.status.in_((OPEN, DONE)))
                                        .order_by(ObligationEvent.id)):
        last[unit] = status
    return Progress(tuple(n for n in names if last.get(n) == DONE), len(names))


def change_status(engine: Engine, obligation_id: int, status: str, actor: str | None,
                  note: str | None = None, at: datetime | None = None,
                  unit: str | None = None) -> StatusChange:
    """Mark a task (or, with ``unit``, one member unit's share of a group task) done or open
    again, recording who, when and why; a repeat records nothing."""
    from .obligations import STATUSES, UnknownObligation

    if status not in STATUSES:
        raise ValueError(f"status must be one of {STATUSES}")
    with Session(engine.execution_options(sqlite_begin="IMMEDIATE"),
                 expire_on_commit=False) as session, session.begin():
        ob = session.get(Obligation, obligation_id)
        if ob is None:
            raise UnknownObligation(obligation_id)
        group, members = _members(session, ob)
        member = None
        if unit is not None:
            if group is None:
                raise NotAGroupTask(unit)
            wanted = {u.id for u in match_unit(session, unit).units}
            member = next((m for m in members if m.id in wanted), None)
            if member is None:
                raise NotAMember(unit, group.canonical_name,
                                 tuple(m.canonical_name for m in members))
        name = member.canonical_name if member is not None else None
        if member is None:
            current = ob.status
        else:
            last = _last(session, ob.id, name)
            current = DONE if ob.status == DONE else (last.status if last else OPEN)
        if current == status:
            since = _last(session, ob.id, name) or (_last(session, ob.id, None)
                                                     if name else None)
            progress = _progress(session, ob, members) if group is not None else None
            return StatusChange(ob.id, ob.action, status, name, True,
                                since if since is not None and since.status == status else None,
                                progress, False)
        session.add(ObligationEvent(obligation_id=ob.id, status=status, actor=actor, note=note,
                                    at=at or utcnow(), unit=name))
        session.flush()
        whole = member is None
        if member is None:
            ob.status = status
        progress = _progress(session, ob, members) if group is not None else None
        if member is not None and status == OPEN and ob.status == DONE:
            ob.status, whole = OPEN, True
        return StatusChange(ob.id, ob.action, status, name, False, None, progress, whole)


@dataclass(frozen=True)
class _Member:
    id: int
    canonical_name: str


def group_members_of(session: Session, groups: Sequence[Unit]) -> dict[int, list[_Member]]:
    """The ids and names of :func:`models.units.group_members` of each group, in one
    query."""
    kinds = {g.id: set(member_kinds(g.name)) for g in groups}
    parents = sorted({g.parent_id for g in groups if g.parent_id is not None and kinds[g.id]})
    wanted = sorted(set().union(*kinds.values()))
    by: dict[tuple[int, str], list[_Member]] = {}
    if parents and wanted:
        for uid, parent, kind, name in session.execute(
                select(Unit.id, Unit.parent_id, Unit.kind, Unit.canonical_name)
                .where(Unit.parent_id.in_(parents), Unit.kind.in_(wanted))):
            by.setdefault((parent, kind), []).append(_Member(uid, name))
    out: dict[int, list[_Member]] = {}
    for g in groups:
        found = [u for kind in kinds[g.id] for u in by.get((g.parent_id, kind), [])]
        out[g.id] = sorted(found, key=lambda u: u.id)
    return out


def progress_of(session: Session, obligations: Sequence[Obligation]) -> dict[int, Progress]:
    """The member progress of each group task among ``obligations``: three queries however
    many tasks and groups (the units, the members of every group, the events of every
    task)."""
    unit_ids = sorted({ob.unit_id for ob in obligations if ob.unit_id is not None})
    if not unit_ids:
        return {}
    groups = {u.id: u for u in session.scalars(select(Unit).where(Unit.id.in_(unit_ids),
                                                                  Unit.kind == GROUP))}
    tasks = [ob for ob in obligations if ob.unit_id in groups]
    if not tasks:
        return {}
    members = group_members_of(session, list(groups.values()))
    last: dict[tuple[int, str], str] = {}
    ids = sorted({ob.id for ob in tasks})
    for i in range(0, len(ids), 500):
        for ob_id, unit, status in session.execute(
                select(ObligationEvent.obligation_id, ObligationEvent.unit,
                       ObligationEvent.status)
                .where(ObligationEvent.obligation_id.in_(ids[i:i + 500]),
                       ObligationEvent.unit.is_not(None),
                       ObligationEvent.status.in_((OPEN, DONE)))
                .order_by(ObligationEvent.id)):
            last[(ob_id, unit)] = status
    finished: dict[int, set[str]] = {}
    for (ob_id, unit), status in last.items():
        if status == DONE:
            finished.setdefault(ob_id, set()).add(unit)
    names = {gid: [m.canonical_name for m in units] for gid, units in members.items()}
    out: dict[int, Progress] = {}
    for ob in tasks:
        group = names.get(ob.unit_id) or []
        if group:
            done = finished.get(ob.id)
            out[ob.id] = Progress(tuple(n for n in group if n in done) if done else (),
                                  len(group))
    return out
