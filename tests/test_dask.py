"""``vanthu ingest … --dask`` (issue 13): the same flow on a Dask cluster, a LocalCluster
started by the command (``local:N``) or an existing scheduler (its address). What a user
sees: the same report as without Dask, the documents stored, one Prefect server only (the
workers start none), and a Vietnamese line for a malformed --dask."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from extractors.lexicon import data_dir

SAMPLES = sorted((data_dir() / "samples").glob("*.txt"))


def _vanthu(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    env.pop("VANTHU_DB", None)
    env.pop("PREFECT_LOGGING_LEVEL", None)   # set by in-process CLI tests: -v must show the log
    return subprocess.run([sys.executable, "-m", "vanthu.cli", *args], capture_output=True,
                          text=True, env=env, timeout=timeout)


def _stored(url: str) -> int:
    from models.documents import Document

    engine = create_engine(url)
    with engine.connect() as conn:
        count = conn.scalar(select(func.count()).select_from(Document))
    engine.dispose()
    return int(count or 0)


@pytest.mark.slow
def test_local_cluster_of_two_workers_ingests_with_one_prefect_server(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'vanthu.db'}"
    done = _vanthu("ingest", *map(str, SAMPLES), "--db", url, "--dask", "local:2", "-v")
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"Đã nhập: {len(SAMPLES)}, Bỏ qua (đã có): 0, Cập nhật: 0, Lỗi: 0" in done.stdout
    assert _stored(url) == len(SAMPLES)
    log = done.stdout + done.stderr
    assert "LocalCluster" in log                      # the tasks did go to Dask
    assert log.count("Starting temporary server") == 1, "a Dask worker started a server"
    again = _vanthu("ingest", *map(str, SAMPLES), "--db", url, "--dask", "local:2")
    assert f"Bỏ qua (đã có): {len(SAMPLES)}" in again.stdout


@pytest.mark.slow
def test_existing_scheduler_by_address(tmp_path: Path) -> None:
    from distributed import LocalCluster

    url = f"sqlite:///{tmp_path / 'vanthu.db'}"
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster:
        done = _vanthu("ingest", *map(str, SAMPLES[:3]), "--db", url, "--dask",
                       cluster.scheduler_address)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Đã nhập: 3, Bỏ qua (đã có): 0, Cập nhật: 0, Lỗi: 0" in done.stdout
    assert _stored(url) == 3


@pytest.mark.slow
def test_a_scan_is_ocrd_page_by_page_on_dask(tmp_path: Path) -> None:
    """A scanned PDF: its pages go to ocr-page tasks on the workers, then it is stored."""
    scan = Path(__file__).parent / "fixtures" / "ocr" / "scanned_298.pdf"
    url = f"sqlite:///{tmp_path / 'vanthu.db'}"
    env_cache = {"VANTHU_OCR_CACHE": str(tmp_path / "ocr-cache")}
    os.environ.update(env_cache)
    try:
        done = _vanthu("ingest", str(scan), str(SAMPLES[0]), "--db", url, "--dask", "local:2")
    finally:
        os.environ.pop("VANTHU_OCR_CACHE")
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Đã nhập: 2, Bỏ qua (đã có): 0, Cập nhật: 0, Lỗi: 0" in done.stdout
    assert _stored(url) == 2


def test_malformed_local_count_is_refused_in_vietnamese(tmp_path: Path) -> None:
    done = _vanthu("ingest", str(SAMPLES[0]), "--db", f"sqlite:///{tmp_path / 'x.db'}",
                   "--dask", "local:zero", timeout=120)
    assert done.returncode == 2
    assert "cần local:N" in done.stderr
    assert not (tmp_path / "x.db").exists()


def test_parse_address() -> None:
    from pipelines.cluster import parse_address, workers_store

    assert parse_address("local:4") == (None, 4)
    assert parse_address("tcp://10.0.0.5:8786") == ("tcp://10.0.0.5:8786", None)
    for bad in ("local:0", "local:", "local:-1", "local:9999"):
        with pytest.raises(ValueError):
            parse_address(bad)
    assert workers_store("postgresql+psycopg://u@h/db")
    assert not workers_store("sqlite:////tmp/x.db")
