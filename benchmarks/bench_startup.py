"""How long the database commands take before their first query, as users run them.

    .venv/bin/python benchmarks/bench_startup.py --db FILE [--runs 7] [--json OUT]
    .venv/bin/python benchmarks/bench_startup.py --db FILE --code before=/tmp/old after=.

Each run is a fresh interpreter running ``vanthu.cli.main`` with the command's arguments on a
SQLite database (default: the demo samples in a temporary file). The first cursor opened on
an SQLite connection is noted as the first query; the figures are, from the process
start (``/proc/self/stat``): to the first statement (wall and CPU seconds: the CPU figure is
what other jobs on a shared machine disturb least), and to the command's end. p50 and p95
over ``--runs`` runs per command, commands interleaved; the machine's load is recorded.
``--code NAME=DIR …`` times other checkouts (put first on PYTHONPATH), interleaved run by run
with each other, so that a before/after comparison shares the machine's load.
Run ``python -X importtime -m vanthu.cli …`` to see which imports make up the time.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import machine, median, percentile, print_table, write_results  # noqa: E402

COMMANDS = {
    "deadlines": ["deadlines", "--as-of", "2020-04-01"],
    "obligations": ["obligations", "--unit", "UBND huyện Mộ Đức"],
    "show": ["show", "878/UBND-NNTN"],
    "search": ["search", "quyet", "dinh", "490"],
}

CHILD = r"""
import json, os, sys, time
def started():
    ticks = os.sysconf("SC_CLK_TCK")
    with open("/proc/self/stat", encoding="ascii") as fh:
        start = int(fh.read().rsplit(")", 1)[1].split()[19])
    with open("/proc/stat", encoding="ascii") as fh:
        boot = next(int(l.split()[1]) for l in fh if l.startswith("btime"))
    return boot + start / ticks
t0 = started()
first = []
import sqlite3, sqlite3.dbapi2  # the standard library's driver (a few ms): its first cursor is the first query
_connect = sqlite3.connect
class Noted(sqlite3.Connection):
    def cursor(self, *a, **k):
        if not first:
            first.append(time.time())
            first.append(time.process_time())  # CPU seconds since the process started
        return super().cursor(*a, **k)
def connect(*a, **k):
    k.setdefault("factory", Noted)
    return _connect(*a, **k)
sqlite3.connect = sqlite3.dbapi2.connect = connect
out = open(os.devnull, "w")
sys.stdout = out
from vanthu.cli import main
sys.argv = ["vanthu", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit:
    pass
end = time.time()
sys.stderr.write("\nRESULT " + json.dumps({"first_query": first[0] - t0 if first else None,
                                          "first_query_cpu": first[1] if first else None,
                                          "total": end - t0}) + "\n")
"""


def run(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    out = subprocess.run([sys.executable, "-c", CHILD, json.dumps(args)], env=env,
                         capture_output=True, text=True, check=False)
    line = [x for x in out.stderr.splitlines() if x.startswith("RESULT ")]
    if not line:
        raise SystemExit(f"{args}: {out.stderr[-2000:]}")
    return json.loads(line[-1].removeprefix("RESULT "))


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="SQLite file (default: the demo samples, ingested now)")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--code", nargs="+", default=["this=" + str(Path(__file__).resolve().parent.parent)],
                    help="NAME=DIR: checkouts to time, interleaved (default: this one)")
    ap.add_argument("--json", type=Path, help="default benchmarks/results/startup.json")
    args = ap.parse_args(argv)
    info = machine()
    with tempfile.TemporaryDirectory(prefix="vanthu-bench-startup-") as tmp:
        env = dict(os.environ, PREFECT_HOME=str(Path(tmp) / "prefect"),
                   PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="120")
        db = args.db
        if db is None:
            db = str(Path(tmp) / "demo.db")
            made = subprocess.run([sys.executable, "-m", "vanthu.cli", "demo", "--db", db],
                                  env=env, capture_output=True, text=True, check=False)
            if made.returncode != 0:
                raise SystemExit(f"vanthu demo failed:\n{made.stderr[-2000:]}")
        env["VANTHU_DB"] = db
        codes = dict(c.split("=", 1) for c in args.code)
        envs = {name: dict(env, PYTHONPATH=str(Path(d).resolve())) for name, d in codes.items()}
        for code_env in envs.values():        # warm the file cache and bytecode
            for cmd in COMMANDS.values():
                run(cmd, code_env)
        times: dict[tuple[str, str], list[dict[str, Any]]] = {
            (code, name): [] for code in envs for name in COMMANDS}
        for _ in range(args.runs):
            for name, cmd in COMMANDS.items():
                for code, code_env in envs.items():
                    times[(code, name)].append(run(cmd, code_env))
    rows, result = [], {"benchmark": "startup", "machine": info, "runs": args.runs,
                        "code": codes, "commands": {}}
    for (code, name), samples in times.items():
        first = [s["first_query"] for s in samples if s["first_query"] is not None]
        total = [s["total"] for s in samples]
        cpu = [s["first_query_cpu"] for s in samples if s.get("first_query_cpu") is not None]
        fig = {"first_query_p50": median(first), "first_query_p95": percentile(first, 95),
               "first_query_cpu_p50": median(cpu), "first_query_cpu_p95": percentile(cpu, 95),
               "total_p50": median(total), "total_p95": percentile(total, 95),
               "samples": samples}
        result["commands"][f"{code}: {name}"] = fig
        rows.append([f"{code}: vanthu {' '.join(COMMANDS[name])}", fig["first_query_p50"],
                     fig["first_query_p95"], fig["first_query_cpu_p50"],
                     fig["first_query_cpu_p95"], fig["total_p50"], fig["total_p95"]])
    print(f"{args.runs} runs per command; load average at start {info['loadavg_at_start']}")
    print_table(["command", "to 1st query p50 s", "p95", "CPU s to 1st query p50", "p95",
                 "whole command p50 s", "p95"], rows)
    result["loadavg_at_end"] = list(os.getloadavg())
    write_results("startup", result, args.json)
    return result


if __name__ == "__main__":
    main()
