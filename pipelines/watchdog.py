"""A watchdog for what an ingest starts outside vanthu's control: Prefect's temporary API
server (a uvicorn process). Killed with ``kill -9``, an ingest cannot stop it itself; the
watchdog, a small forked process, notices its parent gone and ends every process the parent
had started (issue 16: the server and, with --workers 2, six processes were still alive
49 s later). Worker processes die with their parent anyway (pipelines.sandbox).

Linux only (it reads /proc); elsewhere :func:`start` does nothing.
"""
from __future__ import annotations

import os
import signal
import time
from pathlib import Path

POLL_S = 0.5


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    try:
        tasks = Path(f"/proc/{pid}/task").iterdir()
        for task in tasks:
            children = (task / "children").read_text().split()
            found |= {int(c) for c in children}
    except (OSError, ValueError):
        pass
    return found


def _started_at(pid: int) -> str | None:
    """The start time of process ``pid`` (field 22 of /proc/PID/stat): a PID reused by
    another process after ours ended has another, and is left alone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def _watch(parent: int) -> None:
    """In the watchdog: remember the parent's descendants until it is gone, then end them."""
    seen: dict[int, str | None] = {}
    me = os.getpid()
    while True:
        try:
            os.kill(parent, 0)
            alive = os.getppid() == parent
        except OSError:
            alive = False
        if not alive:
            break
        todo, found = [parent], set()
        while todo:
            for child in _children(todo.pop()) - found - {me}:
                found.add(child)
                todo.append(child)
        for pid in found - set(seen):
            seen[pid] = _started_at(pid)
        time.sleep(POLL_S)
    for sig in (signal.SIGTERM, signal.SIGKILL):
        left = [p for p, at in seen.items() if at is not None and _started_at(p) == at]
        for pid in left:
            try:
                os.kill(pid, sig)
            except OSError:
                pass
        if not left:
            break
        time.sleep(2)


def start() -> None:
    """Fork the watchdog of this process (once)."""
    global _started
    if _started or not Path("/proc/self/task").is_dir() or not hasattr(os, "fork"):
        return
    _started = True
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:                                            # the watchdog
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)    # Ctrl-C is the ingest's to handle
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            os.setsid()                                     # not in the terminal's group
            _watch(parent)
        finally:
            os._exit(0)


_started = False
