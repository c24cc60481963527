"""Ingest speed through the Prefect flow against bare extraction, side by side in one run.

    .venv/bin/python benchmarks/bench_ingest.py [--limit N] [--workers 1 2] [--quick] [--json OUT]

Each flow run is a fresh child process (as ``vanthu ingest`` is) ingesting the corpus texts
with ``pipelines.ingest.ingest_flow`` into a fresh SQLite database. In the same child, right
after the flow, the same files go through bare extraction (``extract(read_file(p))``, no
database, no Prefect), so both figures share the process, the files and the moment.

Per run:
- start-up: from the process start (``/proc/self/stat``) to the first document stored
  (its ``ingested_at``): interpreter, imports, Prefect's temporary API server, migrations,
  hashing the files, reading + extracting + storing that first document;
- docs/s overall (process start to flow end) and once started (first to last stored
  document);
- ratio: seconds per document once started / bare extraction's seconds per document.
  Goal (issue 6): ≤ 1.3 once started. Also in CPU seconds (the flow's whole process tree,
  Prefect's temporary API server included, against the bare pass's CPU time), which other
  jobs on a shared machine disturb far less than wall-clock time.
A first child ingests one file to create the benchmark's own PREFECT_HOME, so the timed
runs see an initialised Prefect home as a user's second run would (its start-up is shown).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (CORPUS, corpus_files, machine, print_table, process_tree,  # noqa: E402
                    quiet_prefect, write_results)

GOAL_RATIO = 1.3


def process_start_epoch() -> float:
    """When this process started, in epoch seconds (from /proc, so before any import)."""
    ticks = os.sysconf("SC_CLK_TCK")
    with open("/proc/self/stat", encoding="ascii") as fh:
        start_ticks = int(fh.read().rsplit(")", 1)[1].split()[19])
    with open("/proc/stat", encoding="ascii") as fh:
        boot = next(int(line.split()[1]) for line in fh if line.startswith("btime"))
    return boot + start_ticks / ticks


def child(list_file: str, db_url: str, workers: int, bare: bool) -> None:
    """Run in the child: the flow, then bare extraction of the same files; JSON on stdout."""
    process_start = process_start_epoch()
    quiet_prefect()
    from sqlalchemy import create_engine, select

    from extractors import extract, read_file
    from models import Document
    from pipelines.ingest import ingest_flow

    files = Path(list_file).read_text(encoding="utf-8").splitlines()
    cpu = CpuSampler(os.getpid())
    cpu.start()
    flow_called = time.time()
    report = ingest_flow(files, db_url=db_url, workers=workers, progress=False)
    flow_ended = time.time()
    cpu.stop()
    engine = create_engine(db_url)
    with engine.connect() as conn:
        stamps = sorted(t.timestamp() for (t,) in conn.execute(select(Document.ingested_at)))
    engine.dispose()
    bare_s = bare_cpu = None
    if bare:
        t, c = time.perf_counter(), time.process_time()
        for path in files:
            extract(read_file(path))
        bare_s, bare_cpu = time.perf_counter() - t, time.process_time() - c
    print(json.dumps({"process_start": process_start, "flow_called": flow_called,
                      "flow_ended": flow_ended, "first_stored": stamps[0] if stamps else None,
                      "last_stored": stamps[-1] if stamps else None, "stored": len(stamps),
                      "ingested": report.ingested, "failed": report.failed,
                      "bare_seconds": bare_s, "bare_cpu_seconds": bare_cpu,
                      "cpu_started": cpu.between(stamps[0], stamps[-1]) if stamps else None}))


class CpuSampler(threading.Thread):
    """Samples the CPU seconds (user + system) of a process tree (the flow's process and
    Prefect's temporary API server) with the wall time, every ``every`` s."""

    def __init__(self, pid: int, every: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.samples: list[tuple[float, float]] = []
        self._halt = threading.Event()

    def tree_cpu(self) -> float:
        total = 0.0
        for pid in process_tree(self.pid):
            try:
                with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return total

    def run(self) -> None:
        while not self._halt.is_set():
            self.samples.append((time.time(), self.tree_cpu()))
            self._halt.wait(self.every)

    def stop(self) -> None:
        self._halt.set()
        self.join()

    def between(self, start: float, end: float) -> float:
        """CPU seconds the tree used from ``start`` to ``end`` (the nearest samples)."""
        def at(when: float) -> float:
            return min(self.samples, key=lambda s: abs(s[0] - when))[1]
        return at(end) - at(start)


def run_child(tmp: Path, files: list[Path], workers: int, name: str, bare: bool,
              env: dict[str, str]) -> dict[str, Any]:
    list_file = tmp / f"{name}.lst"
    list_file.write_text("\n".join(str(p) for p in files), encoding="utf-8")
    db_url = f"sqlite:///{tmp / (name + '.db')}"
    out = subprocess.run([sys.executable, __file__, "--child", str(list_file), db_url,
                          str(workers), "1" if bare else "0"],
                         env=env, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"child {name} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def summarise(raw: dict[str, Any], n: int, workers: int) -> dict[str, Any]:
    startup = raw["first_stored"] - raw["process_start"]
    overall = raw["flow_ended"] - raw["process_start"]
    steady = raw["last_stored"] - raw["first_stored"]
    steady_per_doc = steady / max(1, raw["stored"] - 1)
    bare_per_doc = raw["bare_seconds"] / n
    return {"workers": workers, "documents": n, "stored": raw["stored"],
            "failed": raw["failed"], "startup_seconds": startup,
            "prefect_call_to_first_stored_seconds": raw["first_stored"] - raw["flow_called"],
            "overall_seconds": overall, "docs_per_s_overall": n / overall,
            "docs_per_s_started": (raw["stored"] - 1) / steady if steady > 0 else None,
            "bare_seconds": raw["bare_seconds"], "bare_docs_per_s": n / raw["bare_seconds"],
            "ratio_started": steady_per_doc / bare_per_doc,
            # The same in CPU seconds (the flow's process tree, Prefect's server included,
            # against the bare pass's process time): what other jobs on the machine do to
            # the wall-clock figures mostly cancels out here.
            "cpu_ratio_started": (raw["cpu_started"] / max(1, raw["stored"] - 1))
            / (raw["bare_cpu_seconds"] / n) if raw.get("cpu_started") else None,
            "ratio_overall": overall / raw["bare_seconds"],
            "goal_met": steady_per_doc / bare_per_doc <= GOAL_RATIO, "raw": raw}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--limit", type=int, default=None, help="first N corpus files (default all)")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--quick", action="store_true", help="smoke run: 60 files")
    ap.add_argument("--json", type=Path,
                    help="result file (default benchmarks/results/ingest.json)")
    ap.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(args.child[0], args.child[1], int(args.child[2]), args.child[3] == "1")
        return {}
    if args.quick:
        args.limit = args.limit or 60
    files = corpus_files(args.corpus, args.limit)
    info = machine()

    with tempfile.TemporaryDirectory(prefix="vanthu-bench-ingest-") as tmp_name:
        tmp = Path(tmp_name)
        env = dict(os.environ, PREFECT_HOME=str(tmp / "prefect"))
        quiet_prefect()
        first = run_child(tmp, files[:1], 1, "first-use", False, env)
        first_startup = first["first_stored"] - first["process_start"]
        rows = [summarise(run_child(tmp, files, w, f"workers-{w}", True, env), len(files), w)
                for w in args.workers]

    print(f"{len(files)} corpus files; first-ever start-up (fresh PREFECT_HOME, 1 file): "
          f"{first_startup:.1f} s")
    print_table(["run", "start-up s", "docs/s overall", "docs/s started", "bare docs/s",
                 "ratio started", "CPU ratio started", "ratio overall"],
                [[f"flow, {r['workers']} worker(s)", r["startup_seconds"],
                  r["docs_per_s_overall"], r["docs_per_s_started"], r["bare_docs_per_s"],
                  r["ratio_started"], r["cpu_ratio_started"], r["ratio_overall"]]
                 for r in rows])
    for r in rows:
        print(f"  {r['workers']} worker(s): ratio once started {r['ratio_started']:.2f} "
              f"(goal ≤ {GOAL_RATIO}): {'met' if r['goal_met'] else 'MISSED'}; "
              f"failed files {r['failed']}")
    result = {"benchmark": "ingest", "machine": info, "documents": len(files),
              "first_use_startup_seconds": first_startup, "goal_ratio": GOAL_RATIO,
              "runs": rows}
    write_results("ingest", result, args.json)
    return result


if __name__ == "__main__":
    main()
