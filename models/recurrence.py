"""Recurring deadlines: the dates of an RRULE ("FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=20")
counted from a document's issue date, expanded with dateutil's rrule from a start close to
the window asked for, cached."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache

from dateutil.rrule import rrulestr

# RRULE parts after which a rule's dates cannot be found from a later start of the same
# phase (a count, an end, positions within a set): those rules are expanded from their start.
_UNSHIFTABLE = frozenset({"COUNT", "UNTIL", "BYSETPOS", "BYWEEKNO", "BYYEARDAY", "BYEASTER",
                          "WKST", "BYHOUR", "BYMINUTE", "BYSECOND", "DTSTART"})
_RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@lru_cache(maxsize=1024)
def _rule_parts(rule: str) -> tuple[tuple[str, str], ...] | None:
    parts = []
    for part in rule.upper().split(";"):
        name, sep, value = part.partition("=")
        if not sep or not name.strip():
            return None
        parts.append((name.strip(), value.strip()))
    return tuple(parts)


def _phase_start(rule: str, start: date, after: date) -> tuple[str, date]:
    """``rule`` with what dateutil takes from its start written out (the day of the month,
    the month, the weekday), and a later start whole periods after ``start`` and not after
    ``after``, moved back to the first day of its period (week, month, year): the same dates
    from ``after`` on, without stepping through every period since the issue date; and
    tasks issued in the same phase share one expansion (cached)."""
    found = _rule_parts(rule)
    if found is None or start >= after:
        return rule, start
    parts = dict(found)
    freq, interval = parts.get("FREQ"), parts.get("INTERVAL", "1")
    if _UNSHIFTABLE & parts.keys() or not interval.isdigit() or int(interval) < 1:
        return rule, start
    step = int(interval)
    added: list[str] = []
    if "BYMONTHDAY" not in parts and "BYDAY" not in parts:  # dateutil's defaults
        if freq == "YEARLY":
            added += [] if "BYMONTH" in parts else [f"BYMONTH={start.month}"]
            added.append(f"BYMONTHDAY={start.day}")
        elif freq == "MONTHLY":
            added.append(f"BYMONTHDAY={start.day}")
        elif freq == "WEEKLY":
            added.append(f"BYDAY={_RRULE_DAYS[start.weekday()]}")
    if freq == "DAILY":
        moved = start + timedelta(days=(after - start).days // step * step)
    elif freq == "WEEKLY":
        moved = start + timedelta(weeks=(after - start).days // (7 * step) * step)
        # The Monday of that week: same weeks counted (WKST=MO), one start for every day
        # of it (the rule's days are written out above).
        moved -= timedelta(days=moved.weekday())
    elif freq == "MONTHLY":
        months = ((after.year - start.year) * 12 + after.month - start.month) // step * step
        index = start.year * 12 + start.month - 1 + months
        moved = date(index // 12, index % 12 + 1, 1)
    elif freq == "YEARLY":
        years = (after.year - start.year) // step * step
        moved = date(start.year + years, 1, 1)
    else:
        return rule, start
    return ";".join([rule, *added]) if added else rule, moved


def _ints(value: str) -> list[int] | None:
    try:
        return [int(v) for v in value.split(",")]
    except ValueError:
        return None


def _simple_dates(rule: str, start: date, after: date, until: date) -> tuple[date, ...] | None:
    """The dates of a daily rule, a yearly (BYMONTH and BYMONTHDAY) or a monthly (BYMONTHDAY)
    one with positive days, of any interval, worked out directly (most recurring deadlines:
    "20/6 và 20/12 hằng năm", "ngày 25 hằng tháng", "6 tháng một lần"); None for any other
    rule (dateutil expands it). Periods are counted from ``start``, as dateutil does."""
    parts = dict(_rule_parts(rule) or ())
    freq, interval = parts.get("FREQ"), parts.get("INTERVAL", "1")
    if not interval.isdigit() or int(interval) < 1:
        return None
    step = int(interval)
    lo = max(start, after)
    if freq == "DAILY" and set(parts) <= {"FREQ", "INTERVAL"}:
        day = start + timedelta(days=-(-(lo - start).days // step) * step)
        out = []
        while day <= until:
            out.append(day)
            day += timedelta(days=step)
        return tuple(out)
    if freq not in ("YEARLY", "MONTHLY") or \
            set(parts) - {"FREQ", "INTERVAL", "BYMONTH", "BYMONTHDAY"}:
        return None
    days = _ints(parts.get("BYMONTHDAY", ""))
    if freq == "YEARLY":
        months = _ints(parts.get("BYMONTH", ""))
    else:
        months = None if "BYMONTH" in parts else list(range(1, 13))
    if not days or not months or min(days) < 1 or max(days) > 31 or \
            min(months) < 1 or max(months) > 12:
        return None
    if freq == "YEARLY":
        periods = [(year, month) for year in range(start.year, until.year + 1, step)
                   if year >= lo.year for month in sorted(set(months))]
    else:
        first = start.year * 12 + start.month - 1
        periods = [divmod(index, 12) for index in range(first, until.year * 12 + until.month,
                                                         step)
                   if index >= lo.year * 12 + lo.month - 1]
        periods = [(year, month + 1) for year, month in periods]
    out = []
    for year, month in periods:
        for day in sorted(set(days)):
            try:
                d = date(year, month, day)
            except ValueError:  # 31/4: dateutil skips it too
                continue
            if lo <= d <= until:
                out.append(d)
    return tuple(out)


@lru_cache(maxsize=8192)
def _between(rule: str, start: date, after: date, until: date) -> tuple[date, ...]:
    simple = _simple_dates(rule, start, after, until)
    if simple is not None:
        return simple
    try:
        rule_set = rrulestr(rule, dtstart=datetime.combine(start, time()))
    except (ValueError, TypeError):
        return ()
    found = rule_set.between(datetime.combine(after, time()), datetime.combine(until, time()),
                             inc=True)
    return tuple(d.date() for d in found)


@lru_cache(maxsize=8192)
def _after(rule: str, start: date, as_of: date) -> date | None:
    try:
        rule_set = rrulestr(rule, dtstart=datetime.combine(start, time()))
    except (ValueError, TypeError):
        return None
    found = rule_set.after(datetime.combine(as_of, time()), inc=True)
    return found.date() if found else None


def occurrences(rule: str, start: date, after: date, until: date) -> list[date]:
    """The dates in ``[after, until]`` of the RRULE ``rule`` counted from ``start`` (the issue
    date): "FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=20" → 20/6 and 20/12 of every year."""
    # Expanded (and cached) over whole calendar years, then cut to the window: windows
    # asked for on other days of the same years reuse the expansion.
    first, last = date(after.year, 1, 1), date(until.year, 12, 31)
    shifted, moved = _phase_start(rule, start, first)
    return [d for d in _between(shifted, moved, first, last) if after <= d <= until]


def next_occurrence(rule: str, start: date, as_of: date) -> date | None:
    """The first date on or after ``as_of`` of a recurring deadline."""
    shifted, moved = _phase_start(rule, start, as_of)
    return _after(shifted, moved, as_of)
