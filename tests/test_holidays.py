"""The holiday table of data/temporal.json: lunar feasts recomputed with the Vietnamese lunar
calendar (scripts/lunar_calendar.py), checked against dates the Government announced, and the
days off it gives a "ngày làm việc" count."""
from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pytest

from extractors import holidays, lexicon

_SPEC = importlib.util.spec_from_file_location(
    "lunar_calendar", Path(__file__).resolve().parent.parent / "scripts" / "lunar_calendar.py")
assert _SPEC and _SPEC.loader
lunar = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(lunar)

TABLE = lexicon.load("temporal.json")["holidays"]


def test_the_table_reaches_2030() -> None:
    assert {str(y) for y in range(2020, 2031)} <= set(TABLE["lunar"]["tet"])


@pytest.mark.parametrize("year", sorted(TABLE["lunar"]["tet"]))
def test_every_listed_date_is_the_computed_one(year: str) -> None:
    y = int(year)
    assert TABLE["lunar"]["tet"][year] == lunar.lunar_to_solar(1, 1, y).isoformat()


# Mùng 1 Tết as announced for each year's holiday, and the years where Vietnam's calendar
# (UTC+7) starts the year a day before China's (UTC+8).
KNOWN_TET = [
    pytest.param(2020, "2020-01-25", id="Canh Tý"),
    pytest.param(2021, "2021-02-12", id="Tân Sửu"),
    pytest.param(2022, "2022-02-01", id="Nhâm Dần"),
    pytest.param(2023, "2023-01-22", id="Quý Mão"),
    pytest.param(2024, "2024-02-10", id="Giáp Thìn"),
    pytest.param(2025, "2025-01-29", id="Ất Tỵ"),
    pytest.param(2026, "2026-02-17", id="Bính Ngọ"),
    pytest.param(1985, "1985-01-21", id="1985-a-day-before-China"),
    pytest.param(2007, "2007-02-17", id="2007-a-day-before-China"),
    pytest.param(2030, "2030-02-02", id="2030-a-day-before-China"),
]


@pytest.mark.parametrize("year, day", KNOWN_TET)
def test_tet_matches_the_known_dates(year: int, day: str) -> None:
    assert lunar.lunar_to_solar(1, 1, year).isoformat() == day


def test_gio_to_matches_the_known_dates() -> None:
    # Giỗ Tổ Hùng Vương days off: 10/3 âm lịch 2024 = 18/4/2024, 2025 = 7/4/2025.
    assert (lunar.lunar_to_solar(10, 3, 2024), lunar.lunar_to_solar(10, 3, 2025)) == (
        dt.date(2024, 4, 18), dt.date(2025, 4, 7))


def test_tet_2026_days_off_are_the_announced_ones() -> None:
    announced = {dt.date.fromisoformat(d) for e in TABLE["days_off"] for d in e["dates"]
                 if d.startswith("2026-02")}
    assert holidays.tet(2026) == dt.date(2026, 2, 17)
    assert {d for d in holidays.days_off(2026) if d.month == 2} == announced


def test_tet_comes_from_the_holidays_package_and_falls_back_on_the_table() -> None:
    for year in range(2020, 2031):
        assert holidays.tet(year) == dt.date.fromisoformat(TABLE["lunar"]["tet"][str(year)])


def test_announced_days_in_the_data_override_the_package(monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    """A day off or a Saturday worked announced after the pinned package: data only."""
    extra_off, saturday_worked = dt.date(2031, 6, 10), dt.date(2031, 6, 14)
    monkeypatch.setattr(holidays, "table", lambda: holidays.HolidayTable(
        {}, frozenset({extra_off}), frozenset({saturday_worked})))
    holidays.days_off.cache_clear()
    try:
        assert holidays.is_day_off(extra_off) and not holidays.is_day_off(saturday_worked)
        assert holidays.add_working_days(dt.date(2031, 6, 9), 1) == dt.date(2031, 6, 11)
    finally:
        holidays.days_off.cache_clear()


DAYS = [
    pytest.param("2026-02-16", True, id="tết-2026-last-day-of-the-year"),
    pytest.param("2026-02-20", True, id="tết-2026-mùng-4"),
    pytest.param("2026-02-23", False, id="after-tết-2026"),
    pytest.param("2026-04-27", True, id="giỗ-tổ-2026-sunday-moved"),
    pytest.param("2027-04-16", True, id="giỗ-tổ-2027"),
    pytest.param("2026-09-01", True, id="quốc-khánh-2026-second-day"),
    pytest.param("2029-09-04", True, id="quốc-khánh-2029-sunday-moved"),
    pytest.param("2020-09-03", False, id="one-quốc-khánh-day-before-2021"),
    pytest.param("2030-04-12", True, id="giỗ-tổ-2030"),
    pytest.param("2030-01-29", False, id="before-tết-2030"),
    pytest.param("2025-01-27", True, id="tết-2025-29-tết-announced"),
    pytest.param("2025-04-26", False, id="saturday-worked-for-2-5-2025"),
    pytest.param("2025-05-02", True, id="day-off-swapped-2-5-2025"),
    pytest.param("2025-09-01", True, id="quốc-khánh-2025-second-day"),
]


@pytest.mark.parametrize("day, off", DAYS)
def test_days_off(day: str, off: bool) -> None:
    assert holidays.is_day_off(dt.date.fromisoformat(day)) is off
