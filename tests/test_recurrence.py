"""Recurring due dates worked out from a later start or without dateutil
(models/recurrence.py) are dateutil's own dates from the issue date."""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

import pytest
from dateutil.rrule import rrulestr

from models.recurrence import occurrences

RULES = ["FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=20", "FREQ=YEARLY", "FREQ=MONTHLY",
         "FREQ=MONTHLY;INTERVAL=3", "FREQ=WEEKLY;BYDAY=FR", "FREQ=WEEKLY;INTERVAL=2",
         "FREQ=WEEKLY", "FREQ=DAILY;INTERVAL=3", "FREQ=MONTHLY;BYMONTHDAY=5,25",
         "FREQ=YEARLY;INTERVAL=2;BYMONTH=3", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
         "FREQ=MONTHLY;BYMONTHDAY=31", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
         "FREQ=YEARLY;BYMONTH=1,4,7,10;BYMONTHDAY=15"]


@pytest.mark.parametrize("rule", RULES)
def test_occurrences_are_dateutils_dates_from_the_issue_date(rule: str) -> None:
    rng = random.Random(rule)
    for _ in range(300):
        start = date(2015, 1, 1) + timedelta(days=rng.randint(0, 3000))
        after = start + timedelta(days=rng.randint(-60, 900))
        until = after + timedelta(days=rng.randint(0, 400))
        expected = [d.date() for d in rrulestr(rule, dtstart=datetime.combine(start, time()))
                    .between(datetime.combine(after, time()), datetime.combine(until, time()),
                             inc=True)]
        assert occurrences(rule, start, after, until) == expected, (rule, start, after, until)
