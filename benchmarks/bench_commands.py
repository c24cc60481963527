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
- ``vanthu deadlines`` and ``vanthu obligations`` without ``--unit`` (every unit, the
  deadlines no task carries included) at random reference dates.
- ``vanthu refs N --cites`` (``cited_documents``) for stored documents' numbers.
- ``vanthu search WORDS`` (``search``, 20 hits, and ``register_hits``): 1–3 words of stored
  subjects typed without diacritics, and number fragments as people type them ("878 NNTN",
  "qd 490": the serial and one part of the symbol of a stored or cited number).
- ``vanthu show N`` (``find_documents`` with every fact loaded, the duties' history) for
  stored documents' numbers.

Run it with another checkout's code first on ``PYTHONPATH`` (``PYTHONPATH=/path/to/old``)
to compare before/after on the same database. Goal (issue 11): p95 ≤ 50 ms.
"""
from __future__ import annotations

import argparse
import inspect
import random
import re
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import machine, print_table, time_queries, write_results  # noqa: E402

from sqlalchemy import Engine, func, select, text  # noqa: E402

from extractors.normalize import strip_accents  # noqa: E402

import models  # noqa: E402
from models import Document, connect  # noqa: E402

GOAL_P95_MS = 50.0
PAGE = 50  # the CLI's default page
SEARCH_HITS = 20  # vanthu search's default --limit
_SPLIT = re.compile(r"[/\-\s.]+")


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
                # (text output: who else amended those entries is not read, where the
                # version can leave it out)
                lean = {"amendments": False} if "amendments" in \
                    inspect.signature(rq.changes_of).parameters else {}
                changed = rq.changes_of(engine, entry.document_id, limit=PAGE, **lean)
                rows += sum(len(docs) for _old, docs in changed)
            else:
                for old in rq.changed_by_document(engine, entry.document_id):
                    rows += len(affected_documents(engine, old.id, limit=PAGE,
                                                   other_than=entry.document_id))
        return rows
    return run


def cites_command(engine: Engine) -> Callable[[str], int]:
    """What ``vanthu refs N --cites`` runs: the lookup, then every document N cites."""
    from models import cited_documents

    def run(number: str) -> int:
        entry = models.lookup_register(engine, number).entry
        if entry is None or entry.document_id is None:
            return 0
        return len(cited_documents(engine, entry.document_id))
    return run


def search_command(engine: Engine) -> Callable[[str], int]:
    """What ``vanthu search WORDS`` runs: the hits (20) and the cited documents whose number
    matches."""
    from models import register_hits, search

    def run(words: str) -> int:
        hits = search(engine, words.split(), limit=SEARCH_HITS)
        return len(hits) + len(register_hits(engine, words.split(), limit=SEARCH_HITS))
    return run


def show_command(engine: Engine) -> Callable[[str], int]:
    """What ``vanthu show N`` runs: the documents with that number, every fact loaded, and
    the history of their duties."""
    from models import find_documents
    from models.dashboard import events_for

    def run(number: str) -> int:
        docs = find_documents(engine, number)
        events_for(engine, [o.id for d in docs for o in d.obligations])
        return sum(len(d.obligations) + len(d.deadlines) + len(d.references) for d in docs)
    return run


def _known(query: Callable[[Any], int]) -> Callable[[Any], int]:
    """``query`` for a unit name, 0 rows when the directory has no such unit (the command
    then prints the nearest names, which the time includes)."""
    from models.unit_lookup import UnknownUnit

    def run(arg: Any) -> int:
        try:
            return query(arg)
        except UnknownUnit:
            return 0
    return run


def _obligations(engine: Engine, unit: str | None, as_of: date) -> int:
    """``vanthu obligations [--unit U]``: the page of 50 with its total, and its history."""
    from models.dashboard import events_for
    from models.obligations import tasks_for

    found = tasks_for(engine, unit, as_of, limit=PAGE)
    events_for(engine, [t.id for t in found.tasks if t.id is not None])
    return len(found.tasks)


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
        top_doc = conn.scalar(select(func.max(Document.id))) or 1
        # Read by random ids (a scan of the documents would walk every text).
        picked = sorted({rng.randint(1, top_doc) for _ in range(4 * n)})
        stored = list(conn.execute(select(Document.number, Document.subject).where(
            Document.id.in_(picked))).all())
        first, last = conn.execute(select(func.min(Document.issued_on),
                                          func.max(Document.issued_on))).one()
    span = max(1, (last - first).days) if first and last else 365
    start = first or date(2020, 1, 1)
    numbers = [rng.choice(cited) for _ in range(n // 2)]
    numbers += [rng.choice(amending or cited) for _ in range(n - len(numbers))]
    rng.shuffle(numbers)
    own = [num for num, _subject in stored if num]
    words = [sub.split() for _num, sub in stored if sub and len(sub.split()) >= 3]
    phrases = []
    for _ in range(n):   # 1-3 consecutive words of a subject, typed without diacritics
        w = rng.choice(words)
        size = rng.choice((1, 2, 2, 3))
        at = rng.randrange(len(w) - size + 1)
        phrases.append(strip_accents(" ".join(w[at:at + size])).lower())
    fragments = []
    for _ in range(n):   # "878 NNTN": the serial and one part of the symbol
        parts = [p for p in _SPLIT.split(rng.choice(own if rng.random() < 0.5 else cited)) if p]
        fragments.append(" ".join([parts[0], rng.choice(parts[1:])]) if len(parts) > 1
                         else parts[0])
    return {"issuers": [rng.choice(issuers) for _ in range(n)],
            "assignees": [rng.choice(assignees) for _ in range(n)],
            "numbers": numbers, "amending_numbers": len(amending),
            "own_numbers": [rng.choice(own) for _ in range(n)],
            "phrases": phrases, "fragments": fragments,
            "days": [start + timedelta(days=rng.randrange(span)) for _ in range(n)]}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True, help="SQLite file or database URL")
    ap.add_argument("--queries", type=int, default=200, help="random queries of each kind")
    ap.add_argument("--budget", type=float, default=120.0,
                    help="seconds at most per command (fewer samples, at least 3, if slower)")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--only", help="run only the commands whose name contains this")
    ap.add_argument("--skip", help="leave out the commands whose name contains this")
    ap.add_argument("--json", type=Path, help="result file (default results/commands.json)")
    args = ap.parse_args(argv)
    from models.due import due_items

    url = args.db if "://" in args.db else f"sqlite:///{args.db}"
    engine = connect(url)
    rng = random.Random(args.seed)
    work = _arguments(engine, rng, args.queries)
    as_of = date.today()

    def due(unit: str | None) -> int:
        return len(due_items(engine, unit, as_of, 30, limit=PAGE)[1])

    commands: list[tuple[str, Callable[[Any], int], list[Any]]] = [
        ("refs N (whole command)", refs_command(engine), work["numbers"]),
        ("refs N --cites", cites_command(engine), work["own_numbers"]),
        ("obligations --unit ISSUER",
         _known(lambda u: _obligations(engine, u, as_of)), work["issuers"]),
        ("obligations --unit ASSIGNEE",
         _known(lambda u: _obligations(engine, u, as_of)), work["assignees"]),
        ("obligations (every unit)",
         lambda d: _obligations(engine, None, d), work["days"]),
        ("deadlines --unit ISSUER",
         _known(due), work["issuers"]),
        ("deadlines --unit ASSIGNEE",
         _known(due), work["assignees"]),
        ("deadlines (every unit)",
         lambda d: len(due_items(engine, None, d, 30, limit=PAGE)[1]), work["days"]),
        ("search WORDS (no diacritics)", search_command(engine), work["phrases"]),
        ("search NUMBER FRAGMENT", search_command(engine), work["fragments"]),
        ("show N", show_command(engine), work["own_numbers"]),
    ]
    rows = [time_queries(name, q, a, args.budget, min_samples=3) for name, q, a in commands
            if (not args.only or args.only in name) and not (args.skip and args.skip in name)]
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
