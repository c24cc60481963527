"""Days off and feast days: what a "ngày làm việc" count skips, and the dates of Tết.

Public holidays come from the maintained ``holidays`` package (country VN): the solar
holidays, Tết Nguyên đán and Giỗ Tổ Hùng Vương from its lunar calendar, the day joined to
Quốc khánh, days moved off a weekend ("nghỉ bù") and the announced swaps, including the
Saturdays worked in exchange ("làm bù"). The ``holidays`` table of ``data/temporal.json``
adds what the Government announces after the pinned version was released: ``days_off`` and
``working_days``, each entry with what it is. Its ``lunar`` table (computed by
``scripts/lunar_calendar.py``) is the fallback for the date of Tết outside the package's
years. Nothing here knows today's date.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import cache

import holidays as vn_holidays

from . import lexicon


@dataclass(frozen=True)
class HolidayTable:
    tet: dict[int, dt.date]
    days_off: frozenset[dt.date]
    working_days: frozenset[dt.date]


def _dates(entries: list[dict[str, object]]) -> frozenset[dt.date]:
    return frozenset(dt.date.fromisoformat(str(d)) for e in entries
                     for d in e["dates"])  # type: ignore[attr-defined]


@cache
def table() -> HolidayTable:
    h = lexicon.load("temporal.json")["holidays"]
    return HolidayTable(
        tet={int(y): dt.date.fromisoformat(d) for y, d in h["lunar"]["tet"].items()},
        days_off=_dates(h.get("days_off", [])),
        working_days=_dates(h.get("working_days", [])))


@cache
def _official(year: int) -> vn_holidays.HolidayBase:
    """The package's Vietnamese public holidays of ``year`` (names in English, for tet())."""
    return vn_holidays.country_holidays("VN", years=year, language="en_US")


def tet(year: int) -> dt.date | None:
    """Mùng 1 Tết Nguyên đán of lunar ``year`` (the one that starts in solar ``year``)."""
    found = [d for d, name in _official(year).items() if name == "Lunar New Year"]
    return found[0] if found else table().tet.get(year)


@cache
def days_off(year: int) -> frozenset[dt.date]:
    """Public holidays of ``year`` that fall on a working day or are moved to one (Bộ luật
    Lao động 2019, Điều 112), with the announced days of ``data/temporal.json``."""
    t = table()
    official = _official(year)
    off = {d for d in official if not official.is_working_day(d) and d.weekday() < 5}
    off |= {d for d in t.days_off if d.year == year}
    return frozenset(off - t.working_days)


def is_day_off(day: dt.date) -> bool:
    t = table()
    if day in t.working_days or day in t.days_off:
        return day not in t.working_days
    return not _official(day.year).is_working_day(day)


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
