"""Peak memory (RSS) of an ingest through the Prefect flow, at checkpoints, to show it is flat.

    .venv/bin/python benchmarks/bench_memory.py [--docs N] [--workers W] [--quick] [--json OUT]

Corpus texts are varied as in bench_queries (number, date, issuing province; each variant a
distinct file) and written to a temporary folder; a child process runs
``pipelines.ingest.ingest_flow`` on that folder into a fresh SQLite database, while this
process samples the RSS of the child and of its whole process tree (Prefect's temporary API
server included) from /proc every ``--interval`` seconds. Each stored document's
``ingested_at`` dates the samples, so the table gives the RSS when the flow had stored a
quarter, half and all of the documents, and the peak up to then. ``ru_maxrss`` of the
child (the kernel's own peak) is reported as a check. Goal (issue 6): ≤ 1.5 GB and flat.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (CORPUS, Template, corpus_files, machine, make_variant,  # noqa: E402
                    print_table, quiet_prefect, tree_rss, write_results)

GOAL_BYTES = 1.5e9
MB = 1e6


def write_variants(folder: Path, count: int, seed: int, corpus: Path) -> float:
    """``count`` varied corpus texts as .txt files in ``folder``; returns their MB."""
    rng = random.Random(seed)
    templates = [Template.load(p) for p in corpus_files(corpus)]
    total = 0
    for i in range(count):
        variant = make_variant(templates[i % len(templates)], i + 1, rng)
        raw = variant.source.text.encode("utf-8")
        (folder / Path(variant.source.path).name).write_bytes(raw)
        total += len(raw)
    return total / MB


def child(folder: str, db_url: str, workers: int) -> None:
    """Run in the child process: the flow, then its report as JSON on stdout."""
    quiet_prefect()
    from pipelines.ingest import ingest_flow

    report = ingest_flow([folder], db_url=db_url, workers=workers, progress=False)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"ingested": report.ingested, "failed": report.failed,
                      "skipped": report.skipped, "maxrss_kb": usage.ru_maxrss}))


def stored_times(db_url: str) -> list[float]:
    """Epoch seconds at which each document was stored, in order."""
    from sqlalchemy import create_engine, select

    from models import Document

    engine = create_engine(db_url)
    with engine.connect() as conn:
        times = sorted(t.timestamp() for (t,) in conn.execute(select(Document.ingested_at)))
    engine.dispose()
    return times


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--interval", type=float, default=0.2, help="RSS sampling period, seconds")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="smoke run: 400 documents")
    ap.add_argument("--json", type=Path,
                    help="result file (default benchmarks/results/memory.json)")
    ap.add_argument("--child", nargs=3, metavar=("FOLDER", "DB_URL", "WORKERS"),
                    help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(args.child[0], args.child[1], int(args.child[2]))
        return {}
    if args.quick:
        args.docs = 400
    info = machine()

    with tempfile.TemporaryDirectory(prefix="vanthu-bench-memory-") as tmp:
        folder = Path(tmp) / "docs"
        folder.mkdir()
        t = time.perf_counter()
        mb = write_variants(folder, args.docs, args.seed, args.corpus)
        print(f"{args.docs:,} varied documents ({mb:,.0f} MB) written in "
              f"{time.perf_counter() - t:.0f} s")
        db_url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        env = dict(os.environ, PREFECT_HOME=str(Path(tmp) / "prefect"))
        samples: list[tuple[float, int, int]] = []
        started = time.time()
        proc = subprocess.Popen([sys.executable, __file__, "--child", str(folder), db_url,
                                 str(args.workers)], env=env, stdout=subprocess.PIPE, text=True)
        while proc.poll() is None:
            own, tree = tree_rss(proc.pid)
            if own:
                samples.append((time.time(), own, tree))
            time.sleep(args.interval)
        out, _ = proc.communicate()
        wall = time.time() - started
        children_maxrss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
        if proc.returncode != 0:
            raise SystemExit(f"the ingest child failed with exit code {proc.returncode}")
        report = json.loads(out.strip().splitlines()[-1])
        stamps = stored_times(db_url)
        db_mb = (Path(tmp) / "bench.db").stat().st_size / MB

    checkpoints = sorted({max(1, len(stamps) // 4), max(1, len(stamps) // 2), len(stamps)})
    rows = []
    for k in checkpoints:
        at = stamps[k - 1]
        upto = [s for s in samples if s[0] <= at] or samples[:1]
        rows.append({"documents": k, "seconds": at - started,
                     "rss_mb": upto[-1][1] / MB, "tree_rss_mb": upto[-1][2] / MB,
                     "peak_rss_mb": max(s[1] for s in upto) / MB,
                     "peak_tree_rss_mb": max(s[2] for s in upto) / MB})
    peak_tree = max(s[2] for s in samples)
    first, last = rows[0], rows[-1]
    growth = last["peak_tree_rss_mb"] - first["peak_tree_rss_mb"]
    result = {
        "benchmark": "memory", "machine": info, "documents": args.docs,
        "input_mb": mb, "workers": args.workers, "sampling_interval_s": args.interval,
        "flow_report": report, "wall_seconds": wall, "db_mb": db_mb,
        "samples": len(samples), "checkpoints": rows,
        "peak_tree_rss_mb": peak_tree / MB, "peak_rss_mb": max(s[1] for s in samples) / MB,
        "child_ru_maxrss_mb": report["maxrss_kb"] * 1024 / MB,
        "children_ru_maxrss_mb": children_maxrss / MB,
        "growth_first_to_last_checkpoint_mb": growth,
        "goal_bytes": GOAL_BYTES, "goal_met": peak_tree <= GOAL_BYTES,
    }
    print(f"flow: {report['ingested']:,} ingested, {report['failed']} failed, "
          f"{args.workers} workers, {wall:.0f} s; database {db_mb:,.0f} MB")
    print_table(["documents stored", "at s", "RSS MB", "tree RSS MB", "peak RSS MB",
                 "peak tree MB"],
                [[r["documents"], r["seconds"], r["rss_mb"], r["tree_rss_mb"],
                  r["peak_rss_mb"], r["peak_tree_rss_mb"]] for r in rows])
    print(f"peak of the process tree {peak_tree / MB:,.0f} MB (ru_maxrss of the flow process "
          f"{result['child_ru_maxrss_mb']:,.0f} MB); growth from {first['documents']:,} to "
          f"{last['documents']:,} documents: {growth:+,.0f} MB")
    print(f"goal ≤ 1.5 GB: {'met' if result['goal_met'] else 'MISSED'}")
    write_results("memory", result, args.json)
    return result


if __name__ == "__main__":
    main()
