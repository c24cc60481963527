"""Ingesting files: finding them, skipping what is stored, recording and keeping bad files,
surviving a crash, and whole flow runs under Prefect's test harness (marked slow)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

import extractors.document
from models import Failure, connect, counts
from pipelines import files
from pipelines.files import FileResult, IngestReport, expand_paths, keep_copy, plan, process_file

LETTER = """ỦY BAN NHÂN DÂN HUYỆN KBANG
Số: {n}/UBND-NN
Kbang, ngày 04 tháng 9 năm 2020
V/v triển khai Chương trình OCOP lần {n}
Kính gửi: Phòng Nông nghiệp và PTNT huyện
Đề nghị thực hiện xong trước ngày 30/9/2020.
"""


def write_letters(folder: Path, count: int, start: int = 1) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for n in range(start, start + count):
        p = folder / f"cv_{n:04d}.txt"
        p.write_text(LETTER.format(n=n), encoding="utf-8")
        out.append(p)
    return out


def make_bad_files(folder: Path) -> dict[str, str]:
    """Files that cannot be ingested, with the failure code each must get."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "rong.txt").write_bytes(b"")
    (folder / "hong.pdf").write_bytes(b"<html>not a pdf</html>")
    (folder / "bang_tinh.xlsx").write_bytes(b"PK\x03\x04 spreadsheet")
    # Not UTF-8 and not Vietnamese in any legacy encoding (TCVN3/VNI/Windows-1258 text is
    # converted since issue 7, see tests/test_legacy.py).
    (folder / "tcvn3.txt").write_bytes(b"\x81\x8d header \x8f\x90 \xc3\x28 12")
    return {"rong.txt": "empty", "hong.pdf": "corrupt", "bang_tinh.xlsx": "unsupported_format",
            "tcvn3.txt": "bad_encoding"}


def run_plain(engine: Engine, paths: list[Any], keep_dir: Path) -> IngestReport:
    """What the flow does, without Prefect: plan, then the batch task's function."""
    from pipelines.files import ingest_files

    todo, skipped = plan(engine, expand_paths(paths))
    report = IngestReport()
    for result in [*skipped, *ingest_files(engine, todo, str(keep_dir))]:
        report.add(result)
    return report


def test_expand_paths_recurses_sorted_without_hidden(tmp_path: Path) -> None:
    for name in ["b/2.txt", "a.txt", "b/1.txt", ".git/x.txt", "b/.hidden.txt", "c/.d/y.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    names = [str(Path(p).relative_to(tmp_path)) for p in expand_paths([tmp_path, tmp_path / "a.txt"])]
    assert names == ["a.txt", "b/1.txt", "b/2.txt"]
    assert expand_paths([tmp_path / "missing.txt"]) == [str(tmp_path / "missing.txt")]


def test_folder_with_bad_files(engine: Engine, tmp_path: Path) -> None:
    write_letters(tmp_path / "in", 3)
    expected = make_bad_files(tmp_path / "in" / "xau")
    keep = tmp_path / "quarantine"
    report = run_plain(engine, [tmp_path / "in"], keep)
    assert (report.ingested, report.failed, report.skipped) == (3, 4, 0)
    assert {f.name: f.code for f in report.failures} == expected
    assert all(f.message_vi for f in report.failures)
    with Session(engine) as session:
        rows = {Path(r.path).name: r for r in session.scalars(select(Failure))}
    assert {name: r.code for name, r in rows.items()} == expected
    for name, row in rows.items():
        assert row.detail and row.attempts == 1
        assert row.kept_path and Path(row.kept_path).is_file()
        assert Path(row.kept_path).name == f"{row.sha256[:12]}_{name}"
    again = run_plain(engine, [tmp_path / "in"], keep)
    assert (again.ingested, again.skipped, again.failed) == (0, 3, 4)
    with Session(engine) as session:
        assert {r.attempts for r in session.scalars(select(Failure))} == {2}


def test_reingesting_the_same_file_is_a_no_op(engine: Engine, tmp_path: Path) -> None:
    [letter] = write_letters(tmp_path / "in", 1)
    first = run_plain(engine, [letter], tmp_path / "q")
    before = counts(engine)
    second = run_plain(engine, [letter, tmp_path / "in"], tmp_path / "q")
    assert (first.ingested, second.ingested, second.skipped) == (1, 0, 1)
    assert counts(engine) == before
    # the same content under another name is the same document
    copy = tmp_path / "copy" / "ban_sao.txt"
    copy.parent.mkdir()
    copy.write_bytes(letter.read_bytes())
    assert run_plain(engine, [copy], tmp_path / "q").skipped == 1


def test_new_extractor_version_re_extracts(engine: Engine, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    [letter] = write_letters(tmp_path, 1)
    run_plain(engine, [letter], tmp_path / "q")
    query = text("SELECT id, extractor_version FROM documents")
    with engine.connect() as conn:
        [(doc_id, _)] = conn.execute(query).all()
    monkeypatch.setattr(extractors.document, "EXTRACTOR_VERSION", "9.9.9")
    todo, skipped = plan(engine, [str(letter)])
    assert len(todo) == 1 and not skipped
    assert run_plain(engine, [letter], tmp_path / "q").updated == 1
    with engine.connect() as conn:
        assert conn.execute(query).all() == [(doc_id, "9.9.9")]


def test_unexpected_error_is_recorded_and_the_batch_goes_on(
        engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    letters = write_letters(tmp_path / "in", 3)
    real = files.extract

    def flaky(source: Any) -> dict[str, Any]:
        if source.path.endswith("0002.txt"):
            raise RuntimeError("extractor bug")
        return real(source)

    monkeypatch.setattr(files, "extract", flaky)
    report = run_plain(engine, letters, tmp_path / "q")
    assert (report.ingested, report.failed) == (2, 1)
    [failure] = report.failures
    assert (failure.code, failure.detail) == ("internal_error", "RuntimeError: extractor bug")
    assert failure.message_vi == "Lỗi không mong đợi khi xử lý tệp"


def test_large_failed_files_are_not_copied(tmp_path: Path) -> None:
    big = tmp_path / "big.pdf"
    big.write_bytes(b"x" * 2048)
    assert keep_copy(str(big), "ab" * 32, tmp_path / "q", max_bytes=1024) is None
    assert keep_copy(str(big), "ab" * 32, tmp_path / "q") == str(tmp_path / "q" / "abababababab_big.pdf")
    assert keep_copy(str(tmp_path / "gone.txt"), None, tmp_path / "q") is None


def test_missing_file_is_a_failure(engine: Engine, tmp_path: Path) -> None:
    result = process_file(engine, str(tmp_path / "gone.txt"), None, tmp_path / "q")
    assert result == FileResult(str(tmp_path / "gone.txt"), "failed", None, code="unreadable",
                                message_vi=result.message_vi, detail="not a file")


CRASH_SCRIPT = """
import sys
import pipelines.files as files
from models import connect

real_extract = files.extract


def extract_with_facts(source):
    # Many fact rows per document, so that the kill often lands inside a transaction.
    data = real_extract(source)
    n = int(source.text.split("lần ")[1].split()[0]) % 50 + 100
    data["deadlines"] = [{"due": "2020-09-30", "kind": "by_date", "text": "trước ngày 30/9/2020",
                          "span": [0, 5]} for _ in range(n)]
    data["references"] = [{"number": f"{i}/QĐ-UBND", "relation": "mentions"} for i in range(n)]
    return data


files.extract = extract_with_facts
engine = connect(sys.argv[1])
todo, _ = files.plan(engine, files.expand_paths([sys.argv[2]]))
for path, sha in todo:
    files.process_file(engine, path, sha, sys.argv[3])
print(len(todo))
"""


def _stored(engine: Engine) -> list[tuple[int, int, int, int]]:
    """(extraction's deadlines, stored deadlines, extraction's references, stored refs)."""
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(
            "SELECT json_array_length(extraction, '$.deadlines'),"
            " (SELECT count(*) FROM deadlines WHERE document_id = d.id),"
            " json_array_length(extraction, '$.references'),"
            " (SELECT count(*) FROM doc_references WHERE document_id = d.id)"
            " FROM documents d"))]


def test_a_killed_ingest_leaves_whole_documents_and_a_rerun_finishes(tmp_path: Path) -> None:
    total = 150
    write_letters(tmp_path / "in", total)
    db = tmp_path / "crash.db"
    url = f"sqlite:///{db}"
    script = tmp_path / "ingest_script.py"
    script.write_text(CRASH_SCRIPT, encoding="utf-8")
    args = [sys.executable, str(script), url, str(tmp_path / "in"), str(tmp_path / "q")]
    engine = connect(url)
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while counts(engine)["documents"] < 10 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = _stored(engine)
    assert 10 <= len(partial) < total, "the kill must land mid-run"
    assert all(a == b and c == d and a >= 100 for a, b, c, d in partial)
    rerun = subprocess.run(args, stdout=subprocess.PIPE, text=True, check=True, timeout=120)
    assert int(rerun.stdout) == total - len(partial)
    done = _stored(engine)
    assert len(done) == total and all(a == b and c == d for a, b, c, d in done)
    engine.dispose()


@pytest.mark.slow
def test_flow_ingests_a_folder_in_parallel_batches(db_url: str, tmp_path: Path) -> None:
    from pipelines.ingest import ingest_flow

    write_letters(tmp_path / "in", 30)
    expected = make_bad_files(tmp_path / "in" / "xau")
    keep = tmp_path / "q"
    args = {"paths": [str(tmp_path / "in")], "db_url": db_url, "workers": 2,
            "keep_dir": str(keep), "batch_size": 4, "progress": True}
    report = ingest_flow(**args)
    assert (report.ingested, report.updated, report.skipped, report.failed) == (30, 0, 0, 4)
    assert {f.name: f.code for f in report.failures} == expected
    assert len(list(keep.iterdir())) == 4
    again = ingest_flow(**args)
    assert (again.ingested, again.skipped, again.failed) == (0, 30, 4)
    engine = connect(db_url)
    assert counts(engine) == {"documents": 30, "failures": 4}
    engine.dispose()


def stored_documents(db_url: str) -> list[tuple[Any, ...]]:
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from models import Document

    engine = connect(db_url)
    with Session(engine) as session:
        rows = sorted((d.file_name, d.number, d.issuer, d.issued_on, len(d.references),
                       len(d.obligations), len(d.deadlines))
                      for d in session.scalars(select(Document)))
    engine.dispose()
    return rows


@pytest.mark.slow
def test_worker_processes_store_what_one_worker_stores(tmp_path: Path) -> None:
    """With 2 workers on a backlog the files are read in worker processes and stored by the
    flow: the same documents, the same failures (Vietnamese message, kept copy) as one worker
    in threads, and a re-run changes nothing."""
    from pipelines import ingest

    write_letters(tmp_path / "in", 24)
    expected = make_bad_files(tmp_path / "in" / "xau")
    seen: list[str] = []
    submit = ingest._Scheduler._task

    def spy(self: Any, task_: Any, **parameters: Any) -> Any:
        seen.append(f"{task_.name}:{'process' if self.processes is not None else 'thread'}")
        return submit(self, task_, **parameters)

    results = {}
    for name, workers in (("one", 1), ("two", 2)):
        db_url = f"sqlite:///{tmp_path / name}.db"
        args = {"paths": [str(tmp_path / "in")], "db_url": db_url, "workers": workers,
                "keep_dir": str(tmp_path / f"q-{name}"), "batch_size": 4,
                "process_min_files": 10}
        ingest._Scheduler._task = spy  # type: ignore[method-assign]
        try:
            report = ingest.ingest_flow(**args)
        finally:
            ingest._Scheduler._task = submit  # type: ignore[method-assign]
        assert (report.ingested, report.failed) == (24, 4), name
        assert {f.name: f.code for f in report.failures} == expected
        assert all(f.message_vi and f.kept_path for f in report.failures)
        again = ingest.ingest_flow(**args)
        assert (again.ingested, again.skipped, again.failed) == (0, 24, 4)
        results[name] = stored_documents(db_url)
        seen.append(f"end:{name}")
    # one path: extract-batch tasks everywhere, in threads with one worker and in
    # processes with two (the flow stores both)
    one, two = seen[:seen.index("end:one")], seen[seen.index("end:one") + 1:-1]
    assert one and set(one) == {"extract-batch:thread"}, one
    assert two and set(two) == {"extract-batch:process"}, two
    assert results["one"] == results["two"] and len(results["one"]) == 24


@pytest.mark.slow
def test_flow_default_quarantine_is_beside_the_sqlite_db(tmp_path: Path) -> None:
    from pipelines.ingest import ingest_flow

    make_bad_files(tmp_path / "in")
    report = ingest_flow([str(tmp_path / "in")], f"sqlite:///{tmp_path / 'db' / 'v.db'}")
    assert report.failed == 4
    assert {Path(f.kept_path or "").parent for f in report.failures} == {tmp_path / "db" / "quarantine"}


def test_a_thousand_files_with_three_bad_ones(tmp_path: Path) -> None:
    """The batch goes on past bad files; each is named with its reason."""
    write_letters(tmp_path / "in", 997)
    (tmp_path / "in" / "rong.txt").write_bytes(b"")
    (tmp_path / "in" / "hong.pdf").write_bytes(b"%PDF-1.4 truncated")
    (tmp_path / "in" / "bang_tinh.xlsx").write_bytes(b"PK\x03\x04 spreadsheet")
    engine = connect(f"sqlite:///{tmp_path / 'v.db'}")
    report = run_plain(engine, [tmp_path / "in"], tmp_path / "q")
    assert (report.ingested, report.failed) == (997, 3)
    assert {f.name: f.code for f in report.failures} == {
        "rong.txt": "empty", "hong.pdf": "corrupt", "bang_tinh.xlsx": "unsupported_format"}
    stored = counts(engine)
    assert (stored["documents"], stored["failures"]) == (997, 3)
    engine.dispose()


def test_a_huge_file_is_refused_without_being_read(tmp_path: Path) -> None:
    big = tmp_path / "in" / "scan_200mb.pdf"
    big.parent.mkdir()
    with open(big, "wb") as fh:            # sparse: 200 MB on paper, nothing on disk
        fh.write(b"%PDF-1.7\n")
        fh.truncate(200 * 1024 * 1024)
    engine = connect(f"sqlite:///{tmp_path / 'v.db'}")
    report = run_plain(engine, [big], tmp_path / "q")
    [failure] = report.failures
    assert (failure.code, failure.kept_path) == ("too_large", None)
    assert "209715200 bytes" in (failure.detail or "")
    engine.dispose()
