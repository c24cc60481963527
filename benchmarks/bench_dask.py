"""The ingest flow on Dask into PostgreSQL: docs/s with 1 and 2 workers, per-document costs,
and where the one PostgreSQL writer saturates (issue 13).

    .venv/bin/python benchmarks/bench_dask.py --pg postgresql+psycopg://postgres@127.0.0.1/postgres
        [--limit N] [--workers 1 2] [--scans N] [--json OUT]

- Scaling: ``vanthu ingest FILES --dask local:N`` as a user runs it (own process, own
  LocalCluster, workers storing into a fresh database ``vanthu_bench_dask_*``). docs/s once
  started = documents stored after the first / seconds from the first to the last
  (``documents.ingested_at``): the cluster's and Prefect's start-up are shown apart.
- Per-document costs, in one process, one document at a time: read, extract, store (one
  transaction into PostgreSQL, the advisory lock uncontended); OCR of a scanned page when
  ``--scans`` names how many corpus PDFs with scanned pages to OCR.
- Writer saturation: K processes storing different, already extracted documents at once
  (released by a barrier): stored docs/s for K = 1, 2, 4. Stores take turns under the write
  lock (models/db.py), so this is the ceiling of the whole cluster, however many workers.
The machine's load averages (``/proc/loadavg``) are recorded with every figure: the CPU is
shared with other jobs, which slow every figure down by as much as they use.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import CORPUS, corpus_files, machine, print_table, write_results  # noqa: E402


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def fresh_db(admin_url: str, name: str) -> str:
    from sqlalchemy import create_engine, make_url, text

    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def stamps(url: str) -> list[float]:
    from sqlalchemy import create_engine, select

    from models.documents import Document

    engine = create_engine(url)
    with engine.connect() as conn:
        found = sorted(t.timestamp() for (t,) in conn.execute(select(Document.ingested_at)))
    engine.dispose()
    return found


def scaling_run(admin_url: str, files: list[Path], workers: int, label: str) -> dict[str, Any]:
    url = fresh_db(admin_url, f"vanthu_bench_dask_{label}_{workers}")
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "PREFECT_LOGGING_LEVEL": "ERROR"}
    env.pop("VANTHU_DB", None)
    env["VANTHU_OCR_CACHE"] = tempfile.mkdtemp(prefix="vanthu-bench-ocr-")   # OCR every run
    before = load()
    cpu_before = _children_cpu()
    started = time.time()
    out = subprocess.run([sys.executable, "-m", "vanthu.cli", "ingest", *map(str, files),
                          "--db", url, "--dask", f"local:{workers}", "--no-progress"],
                         capture_output=True, text=True, env=env, check=False)
    ended = time.time()
    cpu = _children_cpu() - cpu_before
    if out.returncode != 0:
        raise SystemExit(f"ingest with {workers} worker(s) failed:\n{out.stderr[-3000:]}")
    found = stamps(url)
    steady = found[-1] - found[0]
    return {"kind": label, "workers": workers, "files": len(files), "stored": len(found),
            "report": out.stdout.splitlines()[0], "wall_seconds": ended - started,
            "startup_seconds": found[0] - started,
            "docs_per_s_started": (len(found) - 1) / steady if steady > 0 else None,
            "docs_per_s_overall": len(found) / (ended - started),
            # CPU seconds of the command and its processes (Dask's scheduler, nanny and
            # workers, Prefect's server; not PostgreSQL's), start-up included
            "cpu_seconds": cpu, "cpu_ms_per_doc": cpu * 1000 / max(1, len(found)),
            "load_before": before, "load_after": load()}


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def per_document_costs(admin_url: str, files: list[Path]) -> dict[str, Any]:
    from extractors import extract, read_file
    from models import connect
    from models.store import save_extraction

    engine = connect(fresh_db(admin_url, "vanthu_bench_dask_costs"))
    read_ms, extract_ms, store_ms = [], [], []
    before = load()
    for path in files:
        t0 = time.perf_counter()
        source = read_file(str(path))
        t1 = time.perf_counter()
        data = extract(source)
        t2 = time.perf_counter()
        save_extraction(engine, source, data)
        t3 = time.perf_counter()
        read_ms.append((t1 - t0) * 1000)
        extract_ms.append((t2 - t1) * 1000)
        store_ms.append((t3 - t2) * 1000)
    engine.dispose()

    def stats(values: list[float]) -> dict[str, float]:
        return {"mean_ms": statistics.fmean(values), "median_ms": statistics.median(values)}

    return {"documents": len(files), "read": stats(read_ms), "extract": stats(extract_ms),
            "store": stats(store_ms), "load_before": before, "load_after": load()}


def ocr_page_cost(pdfs: list[Path]) -> dict[str, Any] | None:
    """Seconds per scanned page, OCR cache off (a fresh cache folder)."""
    from extractors import ocr
    from extractors.readers import PendingOcr, start_read

    seconds: list[float] = []
    before = load()
    for pdf in pdfs:
        pending = start_read(str(pdf))
        if not isinstance(pending, PendingOcr):
            continue
        for page in pending.pages:
            t = time.perf_counter()
            ocr.ocr_pdf_page(str(pdf), page, file_sha256=None)
            seconds.append(time.perf_counter() - t)
    if not seconds:
        return None
    return {"pages": len(seconds), "mean_s": statistics.fmean(seconds),
            "median_s": statistics.median(seconds), "load_before": before, "load_after": load()}


def _writer(url: str, paths: list[str], barrier: Any, out: Any) -> None:
    from models.db import create
    from pipelines.files import read_and_extract, store_extracted

    items = [read_and_extract(p, None) for p in paths]
    engine = create(url)
    barrier.wait()
    t = time.time()
    for item in items:
        store_extracted(engine, item, tempfile.gettempdir())
    out.put((t, time.time(), len(items)))
    engine.dispose()


def writer_saturation(admin_url: str, files: list[Path], counts: list[int]) -> list[dict]:
    from models import connect

    rows = []
    ctx = multiprocessing.get_context("spawn")
    for k in counts:
        url = fresh_db(admin_url, f"vanthu_bench_dask_writers_{k}")
        connect(url).dispose()
        share = [[str(p) for p in files[i::k]] for i in range(k)]
        barrier, out = ctx.Barrier(k), ctx.Queue()
        before = load()
        procs = [ctx.Process(target=_writer, args=(url, part, barrier, out)) for part in share]
        for p in procs:
            p.start()
        done = [out.get() for _ in procs]
        for p in procs:
            p.join()
        first, last = min(d[0] for d in done), max(d[1] for d in done)
        stored = sum(d[2] for d in done)
        rows.append({"writers": k, "documents": stored, "seconds": last - first,
                     "stored_docs_per_s": stored / (last - first),
                     "load_before": before, "load_after": load()})
    return rows


def scanned_pdfs(limit: int) -> list[Path]:
    from extractors.readers import PendingOcr, start_read

    found = []
    for pdf in sorted((CORPUS / "pdf").glob("*.pdf")):
        try:
            if isinstance(start_read(str(pdf)), PendingOcr):
                found.append(pdf)
        except Exception:  # noqa: BLE001 - an unreadable PDF is no scan to time
            continue
        if len(found) >= limit:
            break
    return found


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pg", required=True, help="an admin URL on the PostgreSQL server")
    ap.add_argument("--limit", type=int, default=None, help="first N corpus texts")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--costs", type=int, default=100, help="documents for per-document costs")
    ap.add_argument("--writers", type=int, nargs="+", default=[1, 2, 4])
    ap.add_argument("--scans", type=int, default=0, help="corpus PDFs with scans to time")
    ap.add_argument("--json", type=Path, help="default benchmarks/results/dask.json")
    ap.add_argument("--scaling-only", action="store_true", help="no costs, no writers")
    args = ap.parse_args(argv)
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "ERROR")
    os.environ["VANTHU_OCR_CACHE"] = tempfile.mkdtemp(prefix="vanthu-bench-ocr-")
    files = corpus_files(CORPUS, args.limit)
    result: dict[str, Any] = {"benchmark": "dask", "machine": machine(), "corpus_texts": len(files)}
    rows = [scaling_run(args.pg, files, w, "text") for w in args.workers]
    scans = scanned_pdfs(args.scans) if args.scans else []
    if scans:
        rows += [scaling_run(args.pg, scans, w, "scan") for w in args.workers]
    result["scaling"] = rows
    if args.scaling_only:
        print_table(["run", "workers", "stored", "docs/s started", "CPU ms/doc", "load before",
                     "load after"],
                    [[r["kind"], r["workers"], r["stored"], r["docs_per_s_started"],
                      r["cpu_ms_per_doc"], r["load_before"], r["load_after"]] for r in rows])
        write_results("dask-scaling", result, args.json)
        return result
    result["costs"] = per_document_costs(args.pg, files[:args.costs])
    if scans:
        result["ocr_page"] = ocr_page_cost(scans[:2])
    result["writers"] = writer_saturation(args.pg, files, args.writers)
    print_table(["run", "workers", "stored", "start-up s", "docs/s started", "docs/s overall",
                 "load before", "load after"],
                [[r["kind"], r["workers"], r["stored"], r["startup_seconds"],
                  r["docs_per_s_started"], r["docs_per_s_overall"], r["load_before"],
                  r["load_after"]] for r in rows])
    c = result["costs"]
    print(f"per document (mean ms): read {c['read']['mean_ms']:.1f}, extract "
          f"{c['extract']['mean_ms']:.1f}, store {c['store']['mean_ms']:.1f}")
    if result.get("ocr_page"):
        print(f"OCR per page: {result['ocr_page']['mean_s']:.2f} s")
    print_table(["writers", "documents", "stored docs/s", "load before", "load after"],
                [[w["writers"], w["documents"], w["stored_docs_per_s"], w["load_before"],
                  w["load_after"]] for w in result["writers"]])
    write_results("dask", result, args.json)
    return result


if __name__ == "__main__":
    main()
