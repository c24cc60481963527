"""``vanthu ingest --workers 2`` as a user runs it, with no Prefect server configured:
the worker processes only read and extract; the one temporary Prefect API server is the
flow's, none is started per worker."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_ingest import make_bad_files, write_letters

# Run in a fresh interpreter (no test harness, no PREFECT_API_URL): the ingest flow with two
# worker processes on a backlog, while a thread counts the Prefect API servers (uvicorn
# processes serving prefect) among this process's descendants.
CHILD = r"""
import json, os, sys, threading, time
from pathlib import Path

def tree(pid):
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                todo.extend(int(c) for c in (task / "children").read_text().split())
            except OSError:
                pass
    return out

def servers():
    found = 0
    for pid in tree(os.getpid()):
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        argv = cmd.split(b"\0")
        found += argv[1:3] == [b"-m", b"uvicorn"] and b"prefect.server" in cmd
    return found

most, processes, halt = [0], [0], threading.Event()
def sample():
    while not halt.is_set():
        most[0] = max(most[0], servers())
        processes[0] = max(processes[0], len(tree(os.getpid())))
        halt.wait(0.05)
threading.Thread(target=sample, daemon=True).start()

from pipelines.ingest import ingest_flow
inbox, db_url, keep = sys.argv[1:4]
report = ingest_flow([inbox], db_url=db_url, workers=2, keep_dir=keep, batch_size=4,
                     progress=False, process_min_files=5)
halt.set()
print(json.dumps({"ingested": report.ingested, "failed": report.failed,
                  "servers": most[0], "processes": processes[0]}))
"""


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc (Linux)")
def test_two_worker_processes_start_no_prefect_server_of_their_own(tmp_path: Path) -> None:
    write_letters(tmp_path / "in", 16)
    make_bad_files(tmp_path / "in" / "xau")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(tmp_path / "prefect"), PREFECT_LOGGING_LEVEL="ERROR",
               PREFECT_SERVER_ANALYTICS_ENABLED="false",
               PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="120",
               PYTHONPATH=str(Path(__file__).resolve().parent.parent))
    out = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path / "in"),
                          f"sqlite:///{tmp_path / 'v.db'}", str(tmp_path / "q")],
                         env=env, capture_output=True, text=True, timeout=600, check=False)
    assert out.returncode == 0, out.stderr[-3000:]
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert (seen["ingested"], seen["failed"]) == (16, 4)
    # the flow's process, its temporary API server and the two workers (with the pool's
    # resource tracker): before, each worker started a server of its own (three in all)
    assert seen["processes"] >= 4, seen
    assert seen["servers"] == 1, seen
