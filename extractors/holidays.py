"""Days off and feast days: what a "ngày làm việc" count skips, and the dates of Tết.

Everything comes from the ``holidays`` table of ``data/temporal.json``: the fixed solar-calendar
holidays, the lunar feasts (Tết Nguyên đán, Giỗ Tổ Hùng Vương) year by year as computed by
``scripts/lunar_calendar.py``, the day joined to Quốc khánh, and the announced exceptions.
Nothing here knows today's date.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import cache

from . import lexicon


@dataclass(frozen=True)
class HolidayTable:
    fixed: frozenset[tuple[int, int]]
    tet: dict[int, dt.date]
    gio_to: dict[int, dt.date]
    tet_offsets: tuple[int, ...]
    quoc_khanh_announced: dict[int, dt.date]
    quoc_khanh_rule: dict[int, int]
    quoc_khanh_since: int
    announced: frozenset[dt.date]
    weekend: frozenset[int]


@cache
def table() -> HolidayTable:
    h = lexicon.load("temporal.json")["holidays"]
    qk = h["quoc_khanh_extra"]
    return HolidayTable(
        fixed=frozenset((int(s[:2]), int(s[3:])) for s in h["fixed"]),
        tet={int(y): dt.date.fromisoformat(d) for y, d in h["lunar"]["tet"].items()},
        gio_to={int(y): dt.date.fromisoformat(d) for y, d in h["lunar"]["gio_to"].items()},
        tet_offsets=tuple(h["tet_days"]["offsets"]),
        quoc_khanh_announced={int(y): dt.date.fromisoformat(d) for y, d in qk["announced"].items()},
        quoc_khanh_rule={int(w): int(o) for w, o in qk["rule"].items()},
        quoc_khanh_since=int(qk["since"]),
        announced=frozenset(dt.date.fromisoformat(d) for e in h["announced"] for d in e["dates"]),
        weekend=frozenset(h["weekend"]),
    )


def tet(year: int) -> dt.date | None:
    """Mùng 1 Tết Nguyên đán of lunar ``year`` (the one that starts in solar ``year``)."""
    return table().tet.get(year)


def _quoc_khanh_extra(year: int) -> dt.date | None:
    t = table()
    if year < t.quoc_khanh_since:
        return None
    if year in t.quoc_khanh_announced:
        return t.quoc_khanh_announced[year]
    day = dt.date(year, 9, 2)
    return day + dt.timedelta(days=t.quoc_khanh_rule[day.weekday()])


@cache
def days_off(year: int) -> frozenset[dt.date]:
    """Public holidays of ``year`` (Bộ luật Lao động 2019, Điều 112); one that falls on a
    weekend is taken on the next working day, and announced days are added."""
    t = table()
    named = {dt.date(year, m, d) for m, d in t.fixed}
    extra = _quoc_khanh_extra(year)
    if extra:
        named.add(extra)
    if year in t.gio_to:
        named.add(t.gio_to[year])
    if year in t.tet:
        named |= {t.tet[year] + dt.timedelta(days=o) for o in t.tet_offsets}
    named |= {a for a in t.announced if a.year == year}
    off = set(named)
    for day in sorted(named):
        if day.weekday() in t.weekend:
            moved = day + dt.timedelta(days=1)
            while moved.weekday() in t.weekend or moved in off:
                moved += dt.timedelta(days=1)
            off.add(moved)
    return frozenset(off)


def is_day_off(day: dt.date) -> bool:
    return day.weekday() in table().weekend or day in days_off(day.year)


def add_working_days(start: dt.date, n: int) -> dt.date:
    day = start
    while n > 0:
        day += dt.timedelta(days=1)
        if not is_day_off(day):
            n -= 1
    return day


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def add_months(start: dt.date, n: int) -> dt.date:
    y, m = divmod(start.month - 1 + n, 12)
    year, month = start.year + y, m + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
