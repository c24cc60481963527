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

from common import (CORPUS, corpus_files, machine, median, percentile,  # noqa: E402
                    print_table, process_tree, quiet_prefect, rss_bytes, write_results)

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
    own = os.times()
    cpu_self_at_flow_call = own.user + own.system
    report = ingest_flow(files, db_url=db_url, workers=workers, progress=False)
    flow_ended = time.time()
    cpu.stop()
    # the tree's CPU from process start to the flow's end (imports before the call included)
    cpu_total = cpu_self_at_flow_call + cpu.samples[-1][1] - cpu.samples[0][1]
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
                      "cpu_started": cpu.between(stamps[0], stamps[-1]) if stamps else None,
                      "cpu_to_first_stored": (cpu.between(flow_called, stamps[0])
                                              + cpu_self_at_flow_call) if stamps else None,
                      "cpu_flow_seconds": cpu_total,
                      "peak_rss_bytes": cpu.peak_rss, "peak_processes": cpu.peak_processes,
                      "peak_prefect_servers": cpu.peak_servers}))


def is_prefect_server(pid: int) -> bool:
    """Whether the process is a Prefect API server (uvicorn serving prefect.server)."""
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return argv[1:3] == [b"-m", b"uvicorn"] and any(b"prefect.server" in a for a in argv)


class CpuSampler(threading.Thread):
    """Samples the CPU seconds (user + system) of a process tree (the flow's process, its
    worker processes and Prefect's API servers) with the wall time, every ``every`` s; keeps
    the tree's peak RSS (all processes summed), its largest process count and the most
    Prefect API servers seen at once."""

    def __init__(self, pid: int, every: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.samples: list[tuple[float, float]] = []
        self.peak_rss = self.peak_processes = self.peak_servers = 0
        # CPU of processes that ended before the last sample (worker processes at shutdown)
        self._last: dict[int, float] = {}
        self._gone = 0.0
        self._halt = threading.Event()

    def tree_cpu(self) -> float:
        now: dict[int, float] = {}
        pids = process_tree(self.pid)
        for pid in pids:
            try:
                with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            now[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        self._gone += sum(cpu for pid, cpu in self._last.items() if pid not in now)
        self._last = now
        self.peak_rss = max(self.peak_rss, sum(rss_bytes(p) for p in pids))
        self.peak_processes = max(self.peak_processes, len(now))
        self.peak_servers = max(self.peak_servers, sum(map(is_prefect_server, pids)))
        return self._gone + sum(now.values())

    def run(self) -> None:
        while not self._halt.is_set():
            self.samples.append((time.time(), self.tree_cpu()))
            self._halt.wait(self.every)

    def stop(self) -> None:
        self._halt.set()
        self.join()
        self.samples.append((time.time(), self.tree_cpu()))

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
            "cpu_seconds_to_first_stored": raw.get("cpu_to_first_stored"),
            "cpu_seconds_total": raw.get("cpu_flow_seconds"),
            "cpu_ratio_overall": raw["cpu_flow_seconds"] / raw["bare_cpu_seconds"]
            if raw.get("cpu_flow_seconds") else None,
            "peak_rss_mb": raw["peak_rss_bytes"] / 2**20 if raw.get("peak_rss_bytes") else None,
            "peak_processes": raw.get("peak_processes"),
            "peak_prefect_servers": raw.get("peak_prefect_servers"),
            "goal_met": steady_per_doc / bare_per_doc <= GOAL_RATIO, "raw": raw}


def aggregate(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The passes of one worker count: each number as its p50, with ``<key>_p95`` beside it
    and every pass kept under ``passes``."""
    out: dict[str, Any] = {"workers": runs[0]["workers"], "documents": runs[0]["documents"]}
    for key, value in runs[0].items():
        if isinstance(value, (int, float)) and not isinstance(value, bool) \
                and key not in out:
            values = [r[key] for r in runs if r.get(key) is not None]
            if values:
                out[key] = median(values)
                out[f"{key}_p95"] = percentile(values, 95)
    out["failed"] = max(r["failed"] for r in runs)
    out["goal_met"] = out["ratio_started"] <= GOAL_RATIO
    out["passes"] = runs
    return out


def _p(row: dict[str, Any], key: str) -> str:
    if row.get(key) is None:
        return "—"
    if row["passes"] and len(row["passes"]) > 1:
        return f"{row[key]:.2f} ({row[key + '_p95']:.2f})"
    return f"{row[key]:.2f}"


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--limit", type=int, default=None, help="first N corpus files (default all)")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--quick", action="store_true", help="smoke run: 60 files")
    ap.add_argument("--passes", type=int, default=1,
                    help="runs per worker count, interleaved; the table shows p50 (p95)")
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
        passes: dict[int, list[dict[str, Any]]] = {w: [] for w in args.workers}
        for k in range(args.passes):
            for w in args.workers:
                passes[w].append(summarise(run_child(tmp, files, w, f"workers-{w}-{k}", True,
                                                     env), len(files), w))
        rows = [aggregate(passes[w]) for w in args.workers]

    print(f"{len(files)} corpus files; first-ever start-up (fresh PREFECT_HOME, 1 file): "
          f"{first_startup:.1f} s")
    print(f"{args.passes} pass(es); each cell p50 (p95) over the passes")
    print_table(["run", "start-up s", "CPU s to 1st", "docs/s started", "bare docs/s",
                 "ratio started", "CPU ratio started", "ratio overall", "CPU s total",
                 "peak RSS MB", "processes", "Prefect servers"],
                [[f"flow, {r['workers']} worker(s)", *[_p(r, key) for key in
                  ("startup_seconds", "cpu_seconds_to_first_stored", "docs_per_s_started",
                   "bare_docs_per_s", "ratio_started", "cpu_ratio_started", "ratio_overall",
                   "cpu_seconds_total", "peak_rss_mb", "peak_processes",
                   "peak_prefect_servers")]]
                 for r in rows])
    for r in rows:
        print(f"  {r['workers']} worker(s): ratio once started {r['ratio_started']:.2f} "
              f"(goal ≤ {GOAL_RATIO}): {'met' if r['goal_met'] else 'MISSED'}; "
              f"failed files {r['failed']}")
    result = {"benchmark": "ingest", "machine": info, "documents": len(files),
              "passes": args.passes, "first_use_startup_seconds": first_startup,
              "goal_ratio": GOAL_RATIO, "runs": rows,
              "loadavg_at_end": list(os.getloadavg())}
    write_results("ingest", result, args.json)
    return result


if __name__ == "__main__":
    main()
