"""Latency of the CLI's database commands as users run them, on a database built by
bench_queries.py (``--db``): every query one command runs, its output page included.

    .venv/bin/python benchmarks/bench_commands.py --db /work/bench11/q25.db [--queries N]

- ``vanthu refs N``: ``lookup_register``, the file name of a stored document, who cites N
  (``citing_documents``, the CLI's page of 50) and, for a stored document, what it amends
  or replaces with the documents affected (``changes_of``, or, in a vanthu that lacks it,
  one ``affected_documents`` query per amended entry, as its CLI did). N is drawn half
  from cited numbers, half from stored documents that amend or replace others.
- ``vanthu obligations --unit NAME`` (``tasks_for``) and ``vanthu deadlines --unit NAME``
  (``due_items``, 30 days), the CLI's page of 50 with its total; NAME drawn from the
  documents' issuers and, separately, from the obligations' assignees as written (what
  people type; a name like "Sở Tài chính" matches that Sở of every province).
- ``vanthu deadlines`` without ``--unit`` (every unit, the deadlines no task carries
  included) at random reference dates.

Run it with another checkout's code first on ``PYTHONPATH`` (``PYTHONPATH=/path/to/old``)
to compare before/after on the same database. Goal (issue 11): p95 ≤ 50 ms.
"""
from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import machine, print_table, time_queries, write_results  # noqa: E402

from sqlalchemy import Engine, func, select, text  # noqa: E402

import models  # noqa: E402
from models import Document, connect  # noqa: E402

GOAL_P95_MS = 50.0
PAGE = 50  # the CLI's default page


def refs_command(engine: Engine) -> Callable[[str], int]:
    """What ``vanthu refs N`` runs (vanthu/refs_cmd.py), whichever version is imported."""
    from models import affected_documents, citing_documents
    from models import register_queries as rq

    def file_name(document_id: int) -> Any:
        with engine.connect() as conn:
            return conn.scalar(select(Document.file_name).where(Document.id == document_id))

    def run(number: str) -> int:
        found = models.lookup_register(engine, number)
        entry = found.entry
        if entry is None:
            return 0
        rows = 0
        if entry.document_id:
            file_name(entry.document_id)
        rows += len(citing_documents(engine, entry.id, limit=PAGE))
        if entry.document_id:
            if hasattr(rq, "changes_of"):
                changed = rq.changes_of(engine, entry.document_id, limit=PAGE)
                rows += sum(len(docs) for _old, docs in changed)
            else:
                for old in rq.changed_by_document(engine, entry.document_id):
                    rows += len(affected_documents(engine, old.id, limit=PAGE,
                                                   other_than=entry.document_id))
        return rows
    return run


def _arguments(engine: Engine, rng: random.Random, n: int) -> dict[str, list[Any]]:
    with engine.connect() as conn:
        issuers = list(conn.execute(text(
            "SELECT DISTINCT issuer FROM documents WHERE issuer IS NOT NULL")).scalars())
        top = conn.scalar(text("SELECT max(id) FROM obligations")) or 1
        ids = sorted({rng.randint(1, top) for _ in range(4 * n)})
        assignees = [a for a in conn.execute(text(
            "SELECT assignee FROM obligations WHERE assignee IS NOT NULL AND id IN (%s)"
            % ",".join(map(str, ids)))).scalars()]
        entries = conn.scalar(text("SELECT max(id) FROM legal_documents")) or 1
        cited = list(conn.execute(text(
            "SELECT number FROM legal_documents WHERE id IN (%s)" % ",".join(
                str(rng.randint(1, entries)) for _ in range(n)))).scalars())
        amending = list(conn.execute(text(
            "SELECT d.number FROM documents d WHERE d.id IN (SELECT r.document_id FROM"
            " doc_references r WHERE r.relation IN ('amends', 'replaces'))"
            " AND d.number IS NOT NULL")).scalars())
        first, last = conn.execute(select(func.min(Document.issued_on),
                                          func.max(Document.issued_on))).one()
    span = max(1, (last - first).days) if first and last else 365
    start = first or date(2020, 1, 1)
    numbers = [rng.choice(cited) for _ in range(n // 2)]
    numbers += [rng.choice(amending or cited) for _ in range(n - len(numbers))]
    rng.shuffle(numbers)
    return {"issuers": [rng.choice(issuers) for _ in range(n)],
            "assignees": [rng.choice(assignees) for _ in range(n)],
            "numbers": numbers, "amending_numbers": len(amending),
            "days": [start + timedelta(days=rng.randrange(span)) for _ in range(n)]}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True, help="SQLite file or database URL")
    ap.add_argument("--queries", type=int, default=200, help="random queries of each kind")
    ap.add_argument("--budget", type=float, default=120.0,
                    help="seconds at most per command (fewer samples, at least 3, if slower)")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--only", help="run only the commands whose name contains this")
    ap.add_argument("--json", type=Path, help="result file (default results/commands.json)")
    args = ap.parse_args(argv)
    from models.due import due_items
    from models.obligations import tasks_for

    url = args.db if "://" in args.db else f"sqlite:///{args.db}"
    engine = connect(url)
    rng = random.Random(args.seed)
    work = _arguments(engine, rng, args.queries)
    as_of = date.today()
    commands: list[tuple[str, Callable[[Any], int], list[Any]]] = [
        ("refs N (whole command)", refs_command(engine), work["numbers"]),
        ("obligations --unit ISSUER",
         lambda u: len(tasks_for(engine, u, as_of, limit=PAGE).tasks), work["issuers"]),
        ("obligations --unit ASSIGNEE",
         lambda u: len(tasks_for(engine, u, as_of, limit=PAGE).tasks), work["assignees"]),
        ("deadlines --unit ISSUER",
         lambda u: len(due_items(engine, u, as_of, 30, limit=PAGE)[1]), work["issuers"]),
        ("deadlines --unit ASSIGNEE",
         lambda u: len(due_items(engine, u, as_of, 30, limit=PAGE)[1]), work["assignees"]),
        ("deadlines (every unit)",
         lambda d: len(due_items(engine, None, d, 30, limit=PAGE)[1]), work["days"]),
    ]
    rows = [time_queries(name, q, a, args.budget, min_samples=3) for name, q, a in commands
            if not args.only or args.only in name]
    with engine.connect() as conn:
        documents = int(conn.scalar(select(func.count()).select_from(Document)) or 0)
    print(f"{documents:,} documents ({engine.dialect.name}); models from "
          f"{Path(models.__file__).resolve().parent}; {work['amending_numbers']} stored "
          "documents amend or replace others")
    print_table(["command", "n", "p50 ms", "p95 ms", "max ms", "rows p50", "rows max"],
                [[r["query"], r["n"], r["p50_ms"], r["p95_ms"], r["max_ms"], r["rows_median"],
                  r["rows_max"]] for r in rows])
    result = {"benchmark": "commands", "machine": machine(), "documents": documents,
              "dialect": engine.dialect.name, "models": str(Path(models.__file__).parent),
              "queries_per_kind": args.queries, "goal_p95_ms": GOAL_P95_MS, "commands": rows}
    write_results("commands", result, args.json)
    engine.dispose()
    return result


if __name__ == "__main__":
    main()
