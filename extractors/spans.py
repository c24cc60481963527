"""Span look-ups of the obligations scan, each linear in what it walks (issue 16: a walk of
every deadline per task, and of every table row per block, made long texts quadratic)."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import accumulate
from typing import Any

from .outline import Block


class Cover:
    """Whether a position lies in any of some [start, end) spans: ``pos in Cover(spans)``, by
    bisection on the starts and the furthest end reached so far (no walk of every span)."""

    def __init__(self, spans: Iterable[tuple[int, int] | list[int]]) -> None:
        ordered = sorted((s, e) for s, e in spans)
        self.starts = [s for s, _ in ordered]
        self.reach = list(accumulate((e for _, e in ordered), max))

    def __contains__(self, pos: int) -> bool:
        k = bisect_right(self.starts, pos) - 1
        return k >= 0 and pos < self.reach[k]


class DeadlineIndex:
    """The deadlines of a text, found by span: the first (in the list's order) that lies in
    [start, end), found among those starting there rather than by a walk of the whole list."""

    def __init__(self, deadlines: list[dict]) -> None:
        self.order = sorted(range(len(deadlines)), key=lambda k: deadlines[k]["span"][0])
        self.starts = [deadlines[k]["span"][0] for k in self.order]
        self.deadlines = deadlines
        # extract_deadlines gives them in reading order: then the first by start is the first
        self.in_order = self.order == list(range(len(deadlines)))

    def within(self, start: int, end: int) -> dict | None:
        best = None
        for at in range(bisect_left(self.starts, start), bisect_left(self.starts, end + 1)):
            k = self.order[at]
            if self.deadlines[k]["span"][1] <= end and (best is None or k < best):
                best = k
                if self.in_order:
                    break
        return None if best is None else self.deadlines[best]

    def dated(self, start: int, end: int) -> bool:
        """Whether a one-off date lies in [start, end)."""
        for at in range(bisect_left(self.starts, start), bisect_left(self.starts, end)):
            d = self.deadlines[self.order[at]]
            if d["span"][1] <= end and one_off(d):
                return True
        return False


def one_off(deadline: dict | None) -> bool:
    """A date of its own: not a cycle, not a step counted from an event ("trong thời hạn 10 ngày
    kể từ …")."""
    return bool(deadline and deadline["due"] and not deadline["rrule"] and deadline.get("kind") != "relative")


def outside_rows(items: list[Block], rows: list[Any]) -> list[Block]:
    """The blocks that start in no task-table row, each parent re-indexed into the list
    returned (a parent left out gives way to its nearest ancestor kept). Linear in blocks."""
    covered = Cover((r.start, r.end) for r in rows)
    index: dict[int, int | None] = {}
    out: list[Block] = []
    for i, b in enumerate(items):
        if b.start in covered:
            index[i] = index.get(b.parent) if b.parent is not None else None
            continue
        index[i] = len(out)
        b.parent = index.get(b.parent) if b.parent is not None else None
        out.append(b)
    return out
