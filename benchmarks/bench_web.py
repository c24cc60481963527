"""Page latency of ``vanthu web`` on a large database (built by bench_queries.py --db).

    .venv/bin/python benchmarks/bench_web.py --db /tmp/q100/bench.db [--requests N] [--json OUT]
    .venv/bin/python benchmarks/bench_web.py --db postgresql+psycopg://…/vanthu_bench

Each page is requested ``--requests`` times with random arguments drawn from the database
(units with tasks, document ids, register entries, 1–3 words of stored subjects, reference
dates across the documents' years, so that the dashboard is computed anew each time but in
one row, where the same date is asked again and the page's cache answers), one request at a
time, through the ASGI application
in-process (Starlette's test client: routing, queries, template rendering and the response
body; no network). Reported: p50, p95 and max per page in milliseconds, and the page size.
Goal (issue 12): p95 ≤ 200 ms per page at 100,000 documents.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import machine, median, percentile, print_table, write_results  # noqa: E402

from sqlalchemy import func, select, text  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from extractors.normalize import strip_accents  # noqa: E402
from models import Document, LegalDocument  # noqa: E402
from models.db import as_url  # noqa: E402
from vanthu.display import fmt_date  # noqa: E402
from vanthu.web.app import WebConfig, create_app  # noqa: E402

GOAL_P95_MS = 200.0


def _arguments(engine: Any, rng: random.Random, n: int) -> dict[str, list[Any]]:
    with engine.connect() as conn:
        top = conn.scalar(select(func.max(Document.id))) or 1
        entries = conn.scalar(select(func.max(LegalDocument.id))) or 1
        # Read by random ids and the date index: a scan of the documents table would walk
        # every document's text.
        sample = sorted({rng.randint(1, top) for _ in range(500)})
        subjects = [s for s in conn.execute(select(Document.subject).where(
            Document.id.in_(sample), Document.subject.is_not(None))).scalars()]
        first, last = conn.execute(select(func.min(Document.issued_on),
                                          func.max(Document.issued_on))).one()
        years = [str(y) for y in range(first.year, last.year + 1)] if first else ["2020"]
        # Units some task binds (directly): a unit page or dashboard with something on it.
        units = list(conn.execute(text(
            "SELECT canonical_name FROM units u WHERE EXISTS "
            "(SELECT 1 FROM obligations o WHERE o.unit_id = u.id)")).scalars())
    words = [s.split() for s in subjects if len(s.split()) >= 3]

    def phrase() -> str:
        w = rng.choice(words)
        size = rng.choice((1, 2, 2, 3))
        start = rng.randrange(len(w) - size + 1)
        return " ".join(w[start:start + size])

    def day() -> str:
        return fmt_date(date(int(rng.choice(years)), rng.randint(1, 12), rng.randint(1, 28)))

    return {"units": [rng.choice(units) for _ in range(n)],
            "docs": [rng.randint(1, top) for _ in range(n)],
            "entries": [rng.randint(1, entries) for _ in range(n)],
            "phrases": [phrase() for _ in range(n)], "days": [day() for _ in range(n)],
            "years": [rng.choice(years) for _ in range(n)]}


def pages(args: dict[str, list[Any]]) -> list[tuple[str, list[tuple[str, dict[str, Any]]]]]:
    n = range(len(args["docs"]))
    return [
        ("dashboard (every unit, 14 days)",
         [("/", {"ngay": args["days"][i]}) for i in n]),
        ("dashboard (every unit), a date shown before (cached)",
         [("/", {"ngay": args["days"][0]}) for _ in n]),
        ("dashboard (one unit)",
         [("/", {"ngay": args["days"][i], "don_vi": args["units"][i]}) for i in n]),
        ("document page", [(f"/van-ban/{args['docs'][i]}", {}) for i in n]),
        ("search (1-3 words)", [("/tim-kiem", {"q": args["phrases"][i]}) for i in n]),
        ("search (no diacritics)", [("/tim-kiem", {"q": strip_accents(args["phrases"][i])})
                                    for i in n]),
        ("search page 3", [("/tim-kiem", {"q": args["phrases"][i], "page": 3}) for i in n]),
        ("search + year filter", [("/tim-kiem", {"q": args["phrases"][i],
                                                 "nam": args["years"][i]}) for i in n]),
        ("unit page (100 tasks)", [("/don-vi", {"ten": args["units"][i],
                                                "ngay": args["days"][i]}) for i in n]),
        ("register entry", [(f"/so-dang-ky/{args['entries'][i]}", {}) for i in n]),
        ("scans to review", [("/ban-quet", {}) for _ in n]),
    ]


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True,
                    help="SQLite file or database URL (bench_queries.py --db)")
    ap.add_argument("--only", help="request only the pages whose name contains this")
    ap.add_argument("--skip", help="leave out the pages whose name contains this")
    ap.add_argument("--requests", type=int, default=100, help="random requests per page")
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--json", type=Path, help="result file (default benchmarks/results/web.json)")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    app = create_app(WebConfig(db_url=as_url(args.db), secret="bench" * 8))
    engine = app.state.engine
    with engine.connect() as conn:
        documents = int(conn.scalar(select(func.count()).select_from(Document)) or 0)
    work = _arguments(engine, rng, args.requests)
    rows = []
    with TestClient(app) as client:
        for name, requests in pages(work):
            if (args.only and args.only not in name) or (args.skip and args.skip in name):
                continue
            client.get(requests[0][0], params=requests[0][1])  # warm-up
            times, sizes = [], []
            for path, params in requests:
                t = time.perf_counter()
                r = client.get(path, params=params)
                times.append((time.perf_counter() - t) * 1000)
                assert r.status_code in (200, 404), (path, params, r.status_code)
                sizes.append(len(r.content))
            rows.append({"page": name, "n": len(times), "p50_ms": percentile(times, 50),
                         "p95_ms": percentile(times, 95), "max_ms": max(times),
                         "kb_median": median([s / 1024 for s in sizes])})
    print(f"{documents:,} documents in {args.db} ({engine.dialect.name})")
    print_table(["page", "n", "p50 ms", "p95 ms", "max ms", "KB p50"],
                [[r["page"], r["n"], r["p50_ms"], r["p95_ms"], r["max_ms"], r["kb_median"]]
                 for r in rows])
    result = {"benchmark": "web pages", "machine": machine(), "documents": documents,
              "dialect": engine.dialect.name,
              "requests_per_page": args.requests, "goal_p95_ms": GOAL_P95_MS, "pages": rows}
    for r in rows:
        print(f"  p95 ≤ {GOAL_P95_MS:.0f} ms, {r['page']}: "
              f"{'met' if r['p95_ms'] <= GOAL_P95_MS else 'MISSED'}")
    write_results("web", result, args.json)
    return result


if __name__ == "__main__":
    main()
