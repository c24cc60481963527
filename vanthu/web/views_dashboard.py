"""The dashboard: overdue and due-soon tasks (7/14/30 days) as of a date, for every unit, one
unit or "my office"; counts by status; deadlines per week and per unit as inline SVG."""
from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from models.dashboard import due_per_unit, due_per_week, status_counts, unit_names
from models.due import due_items
from vanthu.display import fmt_date

from .app import as_of, render, within_days

# Rows each due list shows (the total is always given).
DUE_ROWS = 50
CHART_W, BAR_H = 640, 22


@dataclass(frozen=True)
class Section:
    """One unit's (or everyone's) due lists and counts."""

    title: str
    unit: str | None
    found: Any
    overdue: list[Any]
    soon: list[Any]
    total: int
    counts: Any


def _section(engine: Any, unit: str | None, day: date, within: int, title: str) -> Section:
    found, items = due_items(engine, unit, day, within, limit=DUE_ROWS)
    return Section(title, unit, found, [i for i in items if i.overdue],
                   [i for i in items if not i.overdue], items.total,
                   status_counts(engine, unit, day))


def week_chart(weeks: list[tuple[date, int]], day: date) -> dict[str, Any]:
    """Bars of open deadlines per week: x, y, width, height, label and count of each."""
    top = max((n for _w, n in weeks), default=0) or 1
    height, width = 160, CHART_W
    slot = width / max(1, len(weeks))
    bars = []
    for i, (start, n) in enumerate(weeks):
        h = round(n / top * (height - 30))
        bars.append({"x": round(i * slot + 4), "y": height - 20 - h, "w": round(slot - 8),
                     "h": h, "n": n, "label": start.strftime("%d/%m"),
                     "title": f"Tuần từ {fmt_date(start)}: {n} nhiệm vụ",
                     "current": start <= day < start.fromordinal(start.toordinal() + 7)})
    return {"width": width, "height": height, "bars": bars}


def unit_chart(rows: list[tuple[str, int, int]]) -> dict[str, Any]:
    """Horizontal bars per unit: overdue (red) then due soon."""
    top = max((late + soon for _n, late, soon in rows), default=0) or 1
    label_w, bar_w = 300, CHART_W - 340
    bars = []
    for i, (name, late, soon) in enumerate(rows):
        w_late = round(late / top * bar_w)
        w_soon = round(soon / top * bar_w)
        bars.append({"y": i * (BAR_H + 6), "name": name, "late": late, "soon": soon,
                     "w_late": w_late, "w_soon": w_soon, "label_w": label_w,
                     "short": name if len(name) <= 44 else name[:21] + "…" + name[-21:]})
    return {"width": CHART_W, "height": max(1, len(rows)) * (BAR_H + 6), "bars": bars}


def _load(engine: Any, config: Any, unit: str | None, mine: bool, day: date, within: int
          ) -> dict[str, Any]:
    unknown: list[str] = []
    if mine and config.office:
        from models.unit_lookup import UnknownUnit

        sections = []
        for u in config.office:   # "my office" names a unit no document has named yet
            try:
                sections.append(_section(engine, u, day, within, u))
            except UnknownUnit:
                unknown.append(u)
    else:
        sections = [_section(engine, unit, day, within, unit or "Tất cả đơn vị")]
    chart_unit = unit if not (mine and config.office) else None
    return {"sections": sections,
            "weeks": week_chart(due_per_week(engine, chart_unit, day), day),
            "units": unit_chart(due_per_unit(engine, day, within)),
            "unit_choices": unit_names(engine), "unknown_office": unknown}


# Dashboards computed in the last CACHE_SECONDS are shown again unless data changed since
# (every write through the web page bumps ``app.state.data_version``); an ingest from the
# command line shows after CACHE_SECONDS at most.
CACHE_SECONDS = 60
CACHE_SIZE = 32


def _cached(app: Any, key: tuple[Any, ...], load: Any) -> dict[str, Any]:
    cache: dict[tuple[Any, ...], tuple[float, dict[str, Any]]] = app.state.dashboards
    key = (app.state.data_version, *key)
    hit = cache.get(key)
    if hit is not None and time.monotonic() - hit[0] < CACHE_SECONDS:
        return hit[1]
    data = load()
    if len(cache) >= CACHE_SIZE:
        cache.pop(min(cache, key=lambda k: cache[k][0]))
    cache[key] = (time.monotonic(), data)
    return data


async def dashboard(request: Request) -> Response:
    app = request.app
    config = app.state.config
    day, within = as_of(request), within_days(request)
    unit = (request.query_params.get("don_vi") or "").strip() or None
    mine = request.query_params.get("van_phong") == "1"
    data = await run_in_threadpool(_cached, app, (unit, mine, day, within), lambda: _load(
        app.state.engine, config, unit, mine, day, within))
    params = {"ngay": fmt_date(day), "trong": within, "don_vi": unit or "",
              "van_phong": "1" if mine else ""}
    return render(request, "dashboard.html", {"day": day, "within": within, "unit": unit,
                                              "mine": mine, "params": params, **data})
