"""Helpers shared by the benchmarks: corpus files, synthetic variants of corpus documents,
RSS of a process tree, machine load, tables and result files. Not a benchmark itself."""
from __future__ import annotations

import copy
import hashlib
import json
import os
import platform
import random
import re
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from extractors.readers import Source  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
RESULTS = ROOT / "benchmarks" / "results"
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


# ---------------------------------------------------------------- corpus and variants

def corpus_files(corpus: Path = CORPUS, limit: int | None = None) -> list[Path]:
    """The corpus texts (tvpl/ and vbpl/), sorted; the first ``limit`` when given."""
    files = sorted(p for sub in ("tvpl", "vbpl") for p in (corpus / sub).glob("*.txt"))
    return files[:limit] if limit else files


def _provinces() -> list[tuple[str, list[str]]]:
    data = json.loads((ROOT / "data" / "provinces.json").read_text(encoding="utf-8"))
    return [(p["name"], list(p.get("aliases") or [])) for p in data["provinces"]]


PROVINCES = _provinces()
PROVINCE_NAMES = [name for name, _aliases in PROVINCES]
_LEADING_DIGITS = re.compile(r"^\d+")
_YEAR_IN_NUMBER = re.compile(r"/(19|20)\d\d/")


@dataclass(frozen=True)
class Template:
    """One corpus document read and extracted once; variants are made from it by editing
    the header fields (number, date, issuing province) in the text and in the extraction."""

    path: Path
    text: str  # normalised, as read
    data: dict[str, Any]  # the extraction contract
    province: str | None  # the province named in the issuer, when there is one

    @classmethod
    def load(cls, path: Path) -> Template:
        from extractors import extract, read_file

        source = read_file(path)
        data = extract(source)
        issuer = (data.get("document") or {}).get("issuer") or ""
        province = next((name for name in sorted(PROVINCE_NAMES, key=len, reverse=True)
                         if name in issuer), None)
        return cls(path=path, text=source.text, data=data, province=province)


@dataclass(frozen=True)
class Variant:
    source: Source
    data: dict[str, Any]
    number: str | None
    issuer: str | None
    issued_on: date | None


def _span(data: dict[str, Any], key: str) -> tuple[int, int] | None:
    span = (data.get("spans") or {}).get(key)
    if isinstance(span, (list, tuple)) and len(span) == 2 and all(isinstance(v, int) for v in span):
        return int(span[0]), int(span[1])
    return None


def make_variant(template: Template, serial: int, rng: random.Random) -> Variant:
    """A distinct document from ``template``: the number in "Số: N/…" becomes ``serial``-based,
    the issue date is drawn from 2015–2026 (the date line rewritten, deadlines shifted by
    the same amount), and a province named by the issuer is swapped for another one all
    through the text. The text and the extraction are edited consistently; spans of facts
    after the header may be off by a few characters (irrelevant to timing). A text with
    none of these to edit gets a line "Bản sao <serial>." so that every variant is distinct."""
    data = copy.deepcopy(template.data)
    header: dict[str, Any] = data.setdefault("document", {})
    text = template.text
    edits: list[tuple[int, int, str]] = []

    new_date = date(2015, 1, 1) + timedelta(days=rng.randrange(12 * 365))
    old_date = _parse_date(header.get("issued_on"))
    number = header.get("number")
    if number:
        number = _LEADING_DIGITS.sub(str(serial), number, count=1)
        number = _YEAR_IN_NUMBER.sub(f"/{new_date.year}/", number, count=1)
        span = _span(data, "number")
        if span and text[span[0]:span[1]] == header["number"]:
            edits.append((span[0], span[1], number))
        header["number"] = number
    span = _span(data, "issued_on")
    if span and text[span[0]:span[1]].lower().startswith("ngày"):
        edits.append((span[0], span[1],
                      f"ngày {new_date.day:02d} tháng {new_date.month:02d} năm {new_date.year}"))
    header["issued_on"] = new_date.isoformat()
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]

    if template.province:
        other = rng.choice([p for p in PROVINCE_NAMES if p != template.province])
        text = text.replace(template.province, other)
        for key in ("issuer", "place", "subject", "parent_issuer"):
            if isinstance(header.get(key), str):
                header[key] = header[key].replace(template.province, other)

    if old_date is not None:
        shift = new_date - old_date
        for item in data.get("deadlines") or []:
            due = _parse_date(item.get("due"))
            if due is not None:
                item["due"] = _shifted(due, shift)
        for item in data.get("obligations") or []:
            due = _parse_date(item.get("due"))
            if due is not None:
                item["due"] = _shifted(due, shift)

    if text == template.text:  # nothing to edit in this one (no number/date span, no province)
        text += f"\n\nBản sao {serial}."
    raw = text.encode("utf-8")
    sha = hashlib.sha256(raw).hexdigest()
    path = f"/synthetic/{serial:07d}_{template.path.name}"
    source = Source(path=path, sha256=sha, format="txt", size=len(raw), text=text)
    data["source"] = source.contract()
    return Variant(source=source, data=data, number=header.get("number"),
                   issuer=header.get("issuer"), issued_on=new_date)


def _parse_date(value: Any) -> date | None:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return value if isinstance(value, date) else None


def _shifted(due: date, shift: timedelta) -> str:
    try:
        return (due + shift).isoformat()
    except OverflowError:
        return due.isoformat()


# ---------------------------------------------------------------- processes and memory

def rss_bytes(pid: int) -> int:
    """Resident set size of one process (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return 0


def process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (from /proc/<pid>/task/*/children)."""
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                todo.extend(int(c) for c in (task / "children").read_text().split())
            except OSError:
                continue
    return out


def tree_rss(pid: int) -> tuple[int, int]:
    """(RSS of ``pid``, RSS summed over ``pid`` and its descendants), bytes."""
    pids = process_tree(pid)
    return rss_bytes(pid), sum(rss_bytes(p) for p in pids)


def machine() -> dict[str, Any]:
    """What the figures were measured on, and how busy it was when the run started."""
    load1, load5, load15 = os.getloadavg()
    return {"python": platform.python_version(), "platform": platform.platform(),
            "cpus": os.cpu_count(), "loadavg_at_start": [load1, load5, load15],
            "started": time.strftime("%Y-%m-%d %H:%M:%S %Z")}


# ---------------------------------------------------------------- reporting

def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100), linear between closest ranks."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    k = (len(ordered) - 1) * q / 100
    lo = int(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def time_queries(name: str, query: Any, args: list[Any], budget_s: float = 60.0,
                 min_samples: int = 10) -> dict[str, Any]:
    """Latencies of ``query`` (argument → rows returned) over ``args``, one by one, in ms;
    stops early after ``budget_s`` seconds once it has ``min_samples`` (a very slow query kind
    then has fewer samples: ``n`` says how many)."""
    query(args[0])  # first use: imports, prepared statements, page cache of the indexes
    times, rows = [], []
    started = time.perf_counter()
    for arg in args:
        t = time.perf_counter()
        rows.append(query(arg))
        times.append((time.perf_counter() - t) * 1000)
        if time.perf_counter() - started > budget_s and len(times) >= min_samples:
            break
    return {"query": name, "n": len(times), "p50_ms": percentile(times, 50),
            "p95_ms": percentile(times, 95), "max_ms": max(times),
            "rows_median": median([float(r) for r in rows]), "rows_max": max(rows)}


def print_table(headers: list[str], rows: list[list[Any]]) -> None:
    """A plain aligned table (first column left, the others right)."""
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h)
              for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) if i == 0 else h.rjust(w)
                     for i, (h, w) in enumerate(zip(headers, widths)))
    print(line)
    print("-" * len(line))
    for row in cells:
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                        for i, (c, w) in enumerate(zip(row, widths))))


def _cell(value: Any) -> str:
    if isinstance(value, float):
        if value != value:  # NaN
            return "-"
        if abs(value) >= 1000:
            return f"{value:,.0f}"
        return f"{value:.3g}" if abs(value) < 10 else f"{value:.1f}"
    return "-" if value is None else str(value)


def write_results(name: str, result: dict[str, Any], out: Path | None = None) -> Path:
    """Write ``result`` as JSON to ``out`` or benchmarks/results/<name>.json."""
    target = out or RESULTS / f"{name}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(result, indent=1, ensure_ascii=False, default=str) + "\n",
                      encoding="utf-8")
    print(f"\nresults written to {target}")
    return target


def quiet_prefect(home: Path | None = None) -> None:
    """Prefect settings for a benchmark process (before prefect is imported): no analytics,
    errors only, a patient start-up, and optionally its own PREFECT_HOME."""
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "ERROR")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    # The temporary API server may take longer than Prefect's default 20 s to come up on a
    # loaded machine; start-up is measured, so waiting longer does not hide it.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    if home is not None:
        os.environ["PREFECT_HOME"] = str(home)
