"""What the ingest flow does, without Prefect (fast enough for hundreds of files): walk the
inbox, refuse what it must, plan, then read and store each file (pipelines.files)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from pipelines.files import IngestReport, plan, refuse, walk_inbox


def ingest_plain(engine: Engine, paths: list[Any], keep_dir: Path) -> IngestReport:
    from pipelines.files import ingest_files

    files, refused = walk_inbox(paths)
    report = IngestReport()
    for path, reason in refused.items():
        report.add(refuse(engine, path, reason))
    todo, skipped = plan(engine, files)
    for result in [*skipped, *ingest_files(engine, todo, str(keep_dir))]:
        report.add(result)
    return report
