"""Query latency on a large SQLite database built from varied corpus documents.

    .venv/bin/python benchmarks/bench_queries.py [--docs N] [--queries Q] [--quick] [--json OUT]
    .venv/bin/python benchmarks/bench_queries.py --docs 100000 --build-only --db URL_OR_FILE

``--db`` names the database to build: a SQLite file or a URL (an empty PostgreSQL database,
e.g. ``postgresql+psycopg://postgres@127.0.0.1/vanthu_bench``); default a temporary SQLite
file. ``--build-only`` stores the documents and stops (no query stages): the databases
bench_commands.py and bench_web.py time.

Build: every corpus text is read and extracted once; document ``i`` is a variant of corpus
text ``i mod 879`` with its number ("Số: N/…"), issue date and issuing province changed (in
the text and in the extraction; deadlines shifted with the date; new sha256), stored with
``models.save_extraction`` in a plain loop (no flow), one transaction per document as in a
real ingest. The build time is printed.

Queries, ``--queries`` random ones each, timed one by one, at a quarter, half and all of
``--docs`` (the trend shows how latency grows with the database). Each is what a user's
command costs, with the page of results it shows (``PAGE`` rows, twice the CLI's default of
50; search: the CLI's 20 hits) read whole: sentences, snippets, totals:
- deadlines-for-a-unit and obligations-for-a-unit: ``models.due.due_items`` /
  ``tasks_for`` (``limit=PAGE``); SQL on deadlines/obligations joined to documents, the unit
  matched by its accent-folded name, as diagnostic rows;
- who-cites-a-number: ``lookup_register`` + ``citing_documents`` (``limit=PAGE``) for a
  cited number;
- full-text search: ``models.search`` for 1–3 words from a document subject (and its ranking
  statements alone, without reading rows or cutting snippets, as a diagnostic row).
Goal (issue 6): p95 ≤ 50 ms on SQLite at 100,000 documents.
"""
from __future__ import annotations

import argparse
import inspect
import random
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (CORPUS, Template, corpus_files, machine, make_variant,  # noqa: E402
                    print_table, time_queries, write_results)

from sqlalchemy import Engine, make_url, text  # noqa: E402

from extractors.normalize import fold  # noqa: E402
from models import citing_documents, connect, lookup_register, save_extraction, search  # noqa: E402
from models.db import as_url, sqlite_path  # noqa: E402

GOAL_P95_MS = 50.0
UNIT_QUERIES_NOTE = (
    "models.due.due_items / models.obligations.tasks_for with limit=100 (the first page, with its "
    "sentences, and the total); diagnostic SQL rows: deadlines (obligations) JOIN documents, "
    "the unit matched by folded issuer (assignee) name against the distinct names read once, "
    "ORDER BY due, LIMIT 100")
PAGE = 100  # rows a query returns at most (one page of results: twice the CLI's default)
Query = Callable[[Any], int]  # runs one query for its argument, returns the rows found


@dataclass
class Workload:
    """The arguments the queries are drawn from, gathered while building."""

    issuers: list[str]
    cited_numbers: list[str]
    search_phrases: list[str]


# ------------------------------------------------------------------ unit queries

def unit_queries(engine: Engine) -> list[tuple[str, Query]]:
    """(name, query) pairs for deadlines and obligations of a unit: ``models.due.due_items``
    and ``models.obligations.tasks_for``, and the SQL on the deadlines/obligations tables as
    diagnostics."""
    from models.due import due_items
    from models.obligations import tasks_for

    as_of = date.today()
    due_page, tasks_page = _page(due_items), _page(tasks_for)
    out: list[tuple[str, Query]] = [
        ("deadlines for a unit (due_items, 30 d)",
         lambda unit: len(due_items(engine, unit, as_of, 30, **due_page)[1])),
        ("obligations for a unit (tasks_for)",
         lambda unit: len(tasks_for(engine, unit, as_of, **tasks_page).tasks)),
    ]
    deadlines, obligations = _sql_unit_queries(engine)
    # Diagnostic rows (indented: not a user's query, no goal).
    out += [("  (deadlines for a unit: SQL)", deadlines),
            ("  (obligations for a unit: SQL)", obligations)]
    return out


def _page(query: Callable[..., Any]) -> dict[str, int]:
    """``limit=PAGE`` when ``query`` takes a limit (older versions list everything)."""
    return {"limit": PAGE} if "limit" in inspect.signature(query).parameters else {}


def _sql_unit_queries(engine: Engine) -> tuple[Query, Query]:
    with engine.connect() as conn:
        issuers = [r[0] for r in conn.execute(text(
            "SELECT DISTINCT issuer FROM documents WHERE issuer IS NOT NULL"))]
        assignees = [r[0] for r in conn.execute(text(
            "SELECT DISTINCT assignee FROM obligations WHERE assignee IS NOT NULL"))]
    folded_issuers = [(fold(i), i) for i in issuers]
    folded_assignees = [(fold(a), a) for a in assignees]

    def names(folded: list[tuple[str, str]], unit: str) -> list[str]:
        key = fold(unit)
        return [name for f, name in folded if key in f] or [unit]

    def deadlines(unit: str) -> int:
        wanted = names(folded_issuers, unit)
        marks = ", ".join(f":n{i}" for i in range(len(wanted)))
        with engine.connect() as conn:
            return len(conn.execute(text(
                "SELECT dl.id, dl.due, dl.kind, dl.text, d.id, d.number FROM deadlines dl"
                " JOIN documents d ON d.id = dl.document_id"
                f" WHERE d.issuer IN ({marks}) ORDER BY dl.due DESC, dl.id LIMIT {PAGE}"),
                {f"n{i}": n for i, n in enumerate(wanted)}).all())

    def obligations(unit: str) -> int:
        wanted = names(folded_assignees, unit)
        marks = ", ".join(f":n{i}" for i in range(len(wanted)))
        with engine.connect() as conn:
            return len(conn.execute(text(
                "SELECT o.id, o.assignee, o.action, o.due, o.status, d.id, d.number"
                " FROM obligations o JOIN documents d ON d.id = o.document_id"
                f" WHERE o.assignee IN ({marks}) ORDER BY o.due DESC, o.id LIMIT {PAGE}"),
                {f"n{i}": n for i, n in enumerate(wanted)}).all())

    return deadlines, obligations


# ------------------------------------------------------------------ other queries

def who_cites(engine: Engine) -> Query:
    page = _page(citing_documents)

    def run(number: str) -> int:
        found = lookup_register(engine, number)
        entry = found.entry or (found.candidates[0] if found.candidates else None)
        return len(citing_documents(engine, entry.id, **page)) if entry is not None else 0
    return run


def full_text(engine: Engine) -> Query:
    return lambda words: len(search(engine, words))


def full_text_sql_only(engine: Engine) -> Query:
    """The ranking statements of models.search without reading the hits' rows or cutting
    snippets (a diagnostic row: how much of the search time is the index)."""
    ms = sys.modules["models.search"]  # the module (models.search is also the function)

    def run(words: str) -> int:
        tokens = ms.query_tokens(words)
        with engine.connect() as conn:
            if hasattr(ms, "_sqlite_ranked"):
                return len(ms._sqlite_ranked(conn, tokens, 20)[0])
            return len(conn.execute(*ms._sqlite_query(tokens, 20)).all())
    return run


def phrases_from(subjects: list[str], rng: random.Random, count: int) -> list[str]:
    """1–3 consecutive words from random document subjects."""
    out: list[str] = []
    usable = [s.split() for s in subjects if len(s.split()) >= 3]
    while usable and len(out) < count:
        words = rng.choice(usable)
        size = rng.choice((1, 2, 2, 3))
        start = rng.randrange(len(words) - size + 1)
        out.append(" ".join(words[start:start + size]))
    return out


# ------------------------------------------------------------------ timing

def run_queries(engine: Engine, work: Workload, rng: random.Random, count: int,
                budget_s: float) -> list[dict[str, Any]]:
    units = [rng.choice(work.issuers) for _ in range(count)]
    numbers = [rng.choice(work.cited_numbers) for _ in range(count)] if work.cited_numbers else []
    phrases = phrases_from(work.search_phrases, rng, count)
    rows = [time_queries(name, query, units, budget_s)
            for name, query in unit_queries(engine)]
    if numbers:
        rows.append(time_queries("who cites a number", who_cites(engine), numbers, budget_s))
    if phrases:
        rows.append(time_queries("full-text search", full_text(engine), phrases, budget_s))
        if engine.dialect.name == "sqlite":
            rows.append(time_queries("  (search: ranking SQL only)", full_text_sql_only(engine),
                                     phrases, budget_s))
    return rows


def extrapolate(stages: list[dict[str, Any]], target: int, build_s: float, built: int
                ) -> dict[str, Any]:
    """Latency at ``target`` documents on the line through the last two stages (latency of
    a query that scans grows linearly with the rows; one that uses an index grows slower, so
    this errs on the high side); build time at the rate of the last stage."""
    a, b = stages[-2], stages[-1]
    span = b["documents"] - a["documents"]
    out: dict[str, dict[str, float]] = {}
    for qa, qb in zip(a["queries"], b["queries"]):
        out[qb["query"]] = {
            key: max(qb[key], qb[key] + (qb[key] - qa[key]) / span * (target - b["documents"]))
            for key in ("p50_ms", "p95_ms")}
    last_rate = span / (b["build_seconds"] - a["build_seconds"])
    return {"documents": target,
            "method": f"linear through the {a['documents']:,} and {b['documents']:,} stages "
                      "(never below the last measured figure); build at the last stage's rate",
            "queries": out, "build_seconds": build_s + (target - built) / last_rate}


# ------------------------------------------------------------------ main

def _size_mb(engine: Engine) -> float:
    """Size of the database: the SQLite file, or PostgreSQL's pg_database_size."""
    path = sqlite_path(str(engine.url))
    if path is not None:
        return path.stat().st_size / 1e6
    with engine.connect() as conn:
        return float(conn.scalar(text("SELECT pg_database_size(current_database())"))) / 1e6


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=100_000, help="database size (default 100000)")
    ap.add_argument("--queries", type=int, default=200, help="random queries of each kind")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--extrapolate-to", type=int, default=100_000,
                    help="when --docs is smaller, extrapolate the latencies to this size")
    ap.add_argument("--budget", type=float, default=60.0,
                    help="seconds at most per query kind and stage (fewer samples if slower)")
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--db", help="SQLite file or database URL to build (default: a temporary "
                    "SQLite file)")
    ap.add_argument("--build-only", action="store_true",
                    help="store the documents and stop: no query stages")
    ap.add_argument("--quick", action="store_true", help="smoke run: 2000 documents, 30 queries")
    ap.add_argument("--json", type=Path,
                    help="result file (default benchmarks/results/queries.json)")
    args = ap.parse_args(argv)
    if args.quick:
        args.docs, args.queries = 2000, 30
    rng = random.Random(args.seed)
    info = machine()

    t = time.perf_counter()
    templates = [Template.load(p) for p in corpus_files(args.corpus)]
    load_s = time.perf_counter() - t
    print(f"{len(templates)} corpus texts read and extracted once in {load_s:.1f} s")
    cited = sorted({r["number"] for tp in templates for r in tp.data.get("references") or []
                    if r.get("number")})
    subjects = [s for tp in templates if (s := (tp.data.get("document") or {}).get("subject"))]

    with tempfile.TemporaryDirectory(prefix="vanthu-bench-queries-") as tmp:
        url = as_url(args.db) if args.db else f"sqlite:///{Path(tmp) / 'bench.db'}"
        engine = connect(url)
        checkpoints = sorted({max(1, args.docs // 4), max(1, args.docs // 2), args.docs})
        if args.build_only:
            checkpoints = [args.docs]
        issuers: list[str] = []
        stages: list[dict[str, Any]] = []
        build_s = 0.0
        built = 0
        for stop in checkpoints:
            t = time.perf_counter()
            while built < stop:
                variant = make_variant(templates[built % len(templates)], built + 1, rng)
                save_extraction(engine, variant.source, variant.data)
                if variant.issuer:
                    issuers.append(variant.issuer)
                built += 1
                if built % 5000 == 0:
                    done = build_s + time.perf_counter() - t
                    print(f"  built {built:,} documents in {done:.0f} s "
                          f"({built / done:.0f} docs/s)", flush=True)
            build_s += time.perf_counter() - t
            size_mb = _size_mb(engine)
            print(f"\n{built:,} documents stored; build {build_s:.0f} s so far; "
                  f"database {size_mb:,.0f} MB")
            if args.build_only:
                stages.append({"documents": built, "build_seconds": build_s, "db_mb": size_mb,
                               "queries": []})
                break
            rows = run_queries(engine, Workload(issuers, cited, subjects), rng, args.queries,
                               args.budget)
            print_table(["query", "n", "p50 ms", "p95 ms", "max ms", "rows p50", "rows max"],
                        [[r["query"], r["n"], r["p50_ms"], r["p95_ms"], r["max_ms"],
                          r["rows_median"], r["rows_max"]] for r in rows])
            stages.append({"documents": built, "build_seconds": build_s, "db_mb": size_mb,
                           "queries": rows})
        with engine.connect() as conn:
            obligation_rows = int(conn.execute(
                text("SELECT count(*) FROM obligations")).scalar_one())
        engine.dispose()

    final = stages[-1]
    result = {
        "benchmark": "queries", "machine": info, "documents": args.docs,
        "dialect": make_url(url).get_backend_name(),
        "queries_per_kind": args.queries, "unit_queries": UNIT_QUERIES_NOTE,
        "obligation_rows": obligation_rows,
        "templates": len(templates), "template_load_seconds": load_s,
        "build_seconds": build_s, "build_docs_per_s": args.docs / build_s,
        "goal_p95_ms": GOAL_P95_MS,
        "goal_met": {r["query"]: r["p95_ms"] <= GOAL_P95_MS for r in final["queries"]
                     if not r["query"].startswith(" ")},
        "stages": stages,
    }
    if args.docs < args.extrapolate_to and len(stages) >= 2:
        result["extrapolation"] = extrapolate(stages, args.extrapolate_to, build_s, args.docs)
        print(f"\nextrapolated to {args.extrapolate_to:,} documents "
              f"({result['extrapolation']['method']}):")
        print_table(["query", "p50 ms", "p95 ms"],
                    [[q, v["p50_ms"], v["p95_ms"]]
                     for q, v in result["extrapolation"]["queries"].items()])
        print(f"build: ~{result['extrapolation']['build_seconds'] / 60:.0f} min")
    print(f"\nunit queries: {UNIT_QUERIES_NOTE}")
    print(f"obligation rows in the database: {obligation_rows:,}")
    print(f"build: {args.docs:,} documents in {build_s:.0f} s ({args.docs / build_s:.0f} docs/s)")
    for name, ok in result["goal_met"].items():
        print(f"  p95 ≤ {GOAL_P95_MS:.0f} ms, {name}: {'met' if ok else 'MISSED'}")
    write_results("queries", result, args.json)
    return result


if __name__ == "__main__":
    main()
