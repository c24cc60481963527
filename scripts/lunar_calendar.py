#!/usr/bin/env python3
"""The Vietnamese lunar calendar's feast days, for the holiday table in data/temporal.json.

Tết Nguyên đán (1st day of the 1st lunar month) and Giỗ Tổ Hùng Vương (10th day of the 3rd)
move with the moon, so data/temporal.json lists their solar dates year by year. This script
computes them with Hồ Ngọc Đức's astronomical algorithm for the Vietnamese calendar (new moons
and solar terms after Jean Meeus, "Astronomical Algorithms", reckoned at UTC+7 — the time zone
that makes Vietnam's calendar differ from China's in some years), and prints the JSON to paste:

    python3 scripts/lunar_calendar.py 2020 2030

tests/test_holidays.py recomputes every listed date with it, and checks it against dates
announced by the Government, so a wrong table entry fails a test. Standard library only.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import sys

TIME_ZONE = 7.0
_EPOCH = 2415021.076998695  # the new moon of 1 January 1900 (Julian day)
_SYNODIC = 29.530588853


def jd_from_date(d: dt.date) -> int:
    a = (14 - d.month) // 12
    y, m = d.year + 4800 - a, d.month + 12 * a - 3
    return d.day + (153 * m + 2) // 5 + 365 * y + y // 4 - y // 100 + y // 400 - 32045


def date_from_jd(jd: int) -> dt.date:
    return dt.date.fromordinal(jd - 1721425)


def new_moon_day(k: int, tz: float = TIME_ZONE) -> int:
    """Julian day number (local) of the k-th new moon after 1 January 1900."""
    t = k / 1236.85
    t2, t3 = t * t, t * t * t
    dr = math.pi / 180
    jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
    jd1 += 0.00033 * math.sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)
    m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3
    mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3
    f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3
    c1 = (0.1734 - 0.000393 * t) * math.sin(m * dr) + 0.0021 * math.sin(2 * dr * m)
    c1 = c1 - 0.4068 * math.sin(mpr * dr) + 0.0161 * math.sin(dr * 2 * mpr)
    c1 = c1 - 0.0004 * math.sin(dr * 3 * mpr)
    c1 = c1 + 0.0104 * math.sin(dr * 2 * f) - 0.0051 * math.sin(dr * (m + mpr))
    c1 = c1 - 0.0074 * math.sin(dr * (m - mpr)) + 0.0004 * math.sin(dr * (2 * f + m))
    c1 = c1 - 0.0004 * math.sin(dr * (2 * f - m)) - 0.0006 * math.sin(dr * (2 * f + mpr))
    c1 = c1 + 0.0010 * math.sin(dr * (2 * f - mpr)) + 0.0005 * math.sin(dr * (2 * mpr + m))
    if t < -11:
        delta_t = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    else:
        delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2
    return math.floor(jd1 + c1 - delta_t + 0.5 + tz / 24)


def sun_sector(day: int, tz: float = TIME_ZONE) -> int:
    """Which twelfth (0-11, each 30 degrees) of the ecliptic the sun is in at the start of ``day``."""
    t = (day - 0.5 - tz / 24 - 2451545.0) / 36525
    t2 = t * t
    dr = math.pi / 180
    m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
    l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2
    dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * math.sin(dr * m)
    dl += (0.019993 - 0.000101 * t) * math.sin(dr * 2 * m) + 0.000290 * math.sin(dr * 3 * m)
    longitude = (l0 + dl) * dr
    longitude -= 2 * math.pi * math.floor(longitude / (2 * math.pi))
    return math.floor(longitude / math.pi * 6)


def month_11_start(year: int, tz: float = TIME_ZONE) -> int:
    """Julian day of the first day of the 11th lunar month (the one holding the winter solstice)."""
    k = math.floor((jd_from_date(dt.date(year, 12, 31)) - 2415021) / _SYNODIC)
    day = new_moon_day(k, tz)
    return new_moon_day(k - 1, tz) if sun_sector(day, tz) >= 9 else day


def _leap_month_offset(a11: int, tz: float) -> int:
    k = math.floor((a11 - _EPOCH) / _SYNODIC + 0.5)
    i, arc = 1, sun_sector(new_moon_day(k + 1, tz), tz)
    while True:
        last = arc
        i += 1
        arc = sun_sector(new_moon_day(k + i, tz), tz)
        if arc == last or i >= 14:
            return i - 1


def lunar_to_solar(day: int, month: int, year: int, tz: float = TIME_ZONE) -> dt.date:
    """The solar date of ``day``/``month`` (not a leap month) of lunar ``year``."""
    if month < 11:
        a11, b11 = month_11_start(year - 1, tz), month_11_start(year, tz)
    else:
        a11, b11 = month_11_start(year, tz), month_11_start(year + 1, tz)
    k = math.floor(0.5 + (a11 - _EPOCH) / _SYNODIC)
    off = (month - 11) % 12
    if b11 - a11 > 365 and off >= _leap_month_offset(a11, tz):
        off += 1  # a leap month comes before this one in the lunar year
    return date_from_jd(new_moon_day(k + off, tz) + day - 1)


def feasts(first: int, last: int) -> dict[str, dict[str, str]]:
    return {"tet": {str(y): lunar_to_solar(1, 1, y).isoformat() for y in range(first, last + 1)}}


if __name__ == "__main__":
    lo, hi = (int(a) for a in sys.argv[1:3]) if len(sys.argv) > 2 else (2020, 2030)
    print(json.dumps(feasts(lo, hi), ensure_ascii=False, indent=1))
