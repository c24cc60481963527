"""Many writers, one truth (issue 13): processes storing overlapping documents into one
PostgreSQL database at the same time leave no duplicate document, unit, register entry or
tally, lose no file and never deadlock.

Two levels: real ``vanthu ingest`` commands (one plain, one on a local Dask cluster of two
workers that store themselves) over overlapping file sets, and four processes released
together by a barrier storing the same documents through the one save path
(pipelines.files.store_extracted), which makes them collide on every shared row."""
from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import Session

pytestmark = pytest.mark.postgres

UNITS = ["Bộ Tài chính", "Bộ Nông nghiệp và Phát triển nông thôn", "Sở Tài chính",
         "Sở Kế hoạch và Đầu tư", "Ủy ban nhân dân các huyện", "Sở Nội vụ"]


def document(n: int) -> str:
    """A decision citing decisions shared with the others, giving tasks to shared units."""
    cited = ", ".join(f"Quyết định số {100 + (n + k) % 7}/QĐ-UBND ngày {1 + k:02d}/02/2024 "
                      f"của Ủy ban nhân dân tỉnh" for k in range(3))
    tasks = "\n".join(f"{k + 1}. Giao {UNITS[(n + k) % len(UNITS)]} chủ trì, hoàn thành "
                      f"trước ngày {10 + k}/{1 + n % 12}/2025." for k in range(3))
    return (f"ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\nSố: {1000 + n}/QĐ-UBND\n"
            f"Bắc Ninh, ngày {1 + n % 28:02d} tháng 3 năm 2024\n\nQUYẾT ĐỊNH\n"
            f"Về việc triển khai nhiệm vụ số {n}\n\nCăn cứ {cited};\n\nQUYẾT ĐỊNH:\n"
            f"Điều 1. Nhiệm vụ\n{tasks}\n")


def write_docs(folder: Path, count: int) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"qd_{n:03d}.txt"
        path.write_text(document(n), encoding="utf-8")
        paths.append(str(path))
    return paths


@pytest.fixture
def fresh_pg(pg_url: str) -> Any:
    """The session's PostgreSQL schema, emptied before and after."""
    def empty() -> None:
        engine = create_engine(pg_url)
        with engine.begin() as conn:
            if conn.execute(text("SELECT to_regclass('documents')")).scalar():
                conn.execute(text("TRUNCATE documents, failures, units, legal_documents, "
                                  "users RESTART IDENTITY CASCADE"))
        engine.dispose()
    empty()
    yield pg_url
    empty()


def assert_one_truth(url: str, paths: list[str]) -> None:
    """Every file stored once, no failure, no duplicate, tallies equal to a rebuild."""
    from models.documents import Document, Failure
    from models.facts import Unit
    from models.register import LegalDocument, RegisterTally, rebuild_register

    engine = create_engine(url)
    with Session(engine) as session:
        stored = session.scalars(select(Document.path)).all()
        assert sorted(stored) == sorted(paths), "a file is missing or stored twice"
        assert session.scalars(select(Failure.detail)).all() == []
        units = Counter(session.scalars(select(Unit.canonical_name)).all())
        assert [n for n, c in units.items() if c > 1] == []
        assert len(units) >= len(UNITS)
        entries = Counter(session.execute(select(LegalDocument.number_key,
                                                 LegalDocument.type_key)).all())
        assert [k for k, c in entries.items() if c > 1] == []

        def snapshot() -> tuple[set[Any], set[Any]]:
            tallies = set(session.execute(
                select(LegalDocument.number_key, LegalDocument.type_key, RegisterTally.field,
                       RegisterTally.value, RegisterTally.n)
                .join(LegalDocument, LegalDocument.id == RegisterTally.legal_document_id)).all())
            counts = set(session.execute(select(LegalDocument.number_key,
                                                LegalDocument.citation_count,
                                                LegalDocument.document_id.is_(None))).all())
            return tallies, counts

        concurrent = snapshot()
        cited = session.scalar(select(func.count()).select_from(LegalDocument)
                               .where(LegalDocument.citation_count > 0))
        assert cited >= 7
        rebuild_register(session)          # what one writer alone would have counted
        session.flush()
        assert snapshot() == concurrent
        session.rollback()
    engine.dispose()


def _vanthu(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    env.pop("VANTHU_DB", None)
    return subprocess.Popen([sys.executable, "-m", "vanthu.cli", *args], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.mark.slow
def test_two_ingests_one_on_dask_leave_one_truth(fresh_pg: str, tmp_path: Path) -> None:
    paths = write_docs(tmp_path / "inbox", 48)
    plain = _vanthu("ingest", *paths[:32], "--db", fresh_pg, "--no-progress")
    on_dask = _vanthu("ingest", *paths[16:], "--db", fresh_pg, "--dask", "local:2",
                      "--no-progress")
    outs = [p.communicate(timeout=600) for p in (plain, on_dask)]
    for process, (out, err) in zip((plain, on_dask), outs):
        assert process.returncode == 0, err[-3000:]
        assert "Lỗi: 0" in out, out
    # each file counted once per run: stored by it, or found stored by the other
    for out, count in zip((o for o, _ in outs), (32, 32)):
        numbers = dict(part.strip().rsplit(": ", 1) for part in out.splitlines()[0].split(","))
        assert int(numbers["Đã nhập"]) + int(numbers["Bỏ qua (đã có)"]) == count, out
    assert_one_truth(fresh_pg, paths)


def _store_all(url: str, paths: list[str], barrier: Any, keep: str) -> None:
    from models.db import create
    from pipelines.files import read_and_extract, store_extracted

    items = [read_and_extract(p, None) for p in paths]
    engine = create(url)
    barrier.wait()
    for item in items:
        result = store_extracted(engine, item, keep)
        assert result.outcome != "failed", result
    engine.dispose()


def test_four_writers_released_together_leave_one_truth(fresh_pg: str, tmp_path: Path) -> None:
    from models import connect

    connect(fresh_pg).dispose()          # the schema, as the flow makes it before its tasks
    paths = write_docs(tmp_path / "inbox", 24)
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(4)
    # every writer stores every file, each in another order: all collide on shared rows
    orders = [paths, paths[::-1], paths[12:] + paths[:12], paths[6:] + paths[:6]]
    workers = [ctx.Process(target=_store_all, args=(fresh_pg, order, barrier,
                                                    str(tmp_path / "keep")))
               for order in orders]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(300)
    assert [w.exitcode for w in workers] == [0, 0, 0, 0], "a writer failed, deadlocked or hung"
    assert_one_truth(fresh_pg, paths)
