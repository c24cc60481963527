"""Scanned PDFs through ingest (issue 7): pages OCR'd by Prefect tasks, per-page progress,
the OCR cache making a re-run free, and the OCR columns of ``documents`` (``vanthu show``,
``vanthu scans``). Flow tests are marked slow (Prefect test server).

Tesseract runs on two pages in this module (the 1-page scan and page 1 of the mixed PDF,
≈ 3 s each); the module shares one OCR cache, so later tests read them back from it."""
from __future__ import annotations

import dataclasses
import json
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import select, text

from extractors import ocr, read_file, source_from_text
from extractors.pdf_reader import read_text_layers
from extractors.readers import PendingOcr, Source, start_read
from models import Document, connect, save_extraction

from conftest import decision_data

FIXTURES = Path(__file__).parent / "fixtures"
SCANNED = FIXTURES / "ocr" / "scanned_298.pdf"          # 1 page, image only
MIXED = FIXTURES / "bad" / "mixed_scan_text.pdf"        # page 1 scanned, page 2 text
TEXT_PDF = FIXTURES / "docs" / "001_4394a9ea86dbd62f.pdf"  # 3 pages, text layer

needs_tesseract = pytest.mark.skipif(not ocr.available(),
                                     reason="tesseract-ocr with tesseract-ocr-vie is not installed")


@pytest.fixture(scope="module")
def module_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ocr-cache")


@pytest.fixture(autouse=True)
def ocr_cache(module_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VANTHU_OCR_CACHE", str(module_cache))
    monkeypatch.delenv("VANTHU_OCR", raising=False)
    return module_cache


class Recorded:
    """Calls recorded by whichever process made them (OCR pages run in forked workers, under
    the per-file time limit): lines of JSON in a file; compares and sorts like a list."""

    def __init__(self, path: Path, as_tuple: bool) -> None:
        self.path, self.as_tuple, self.lock = path, as_tuple, threading.Lock()
        path.write_text("")

    def append(self, item: Any) -> None:
        with self.lock, open(self.path, "a", encoding="utf-8") as out:
            out.write(json.dumps(item, ensure_ascii=False) + "\n")

    def items(self) -> list[Any]:
        rows = [json.loads(line) for line in self.path.read_text("utf-8").splitlines()]
        return [tuple(r) for r in rows] if self.as_tuple else rows

    def clear(self) -> None:
        self.path.write_text("")

    def __iter__(self) -> Any:
        return iter(self.items())

    def __eq__(self, other: object) -> bool:
        return self.items() == other


@pytest.fixture
def tesseract_calls(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Recorded:
    """Every Tesseract run, counted (the real one still runs)."""
    calls = Recorded(tmp_path / "tesseract_calls.jsonl", as_tuple=False)
    real = ocr.RUNNER

    def counting(args: list[str], image: bytes) -> str:
        calls.append(args)
        return real(args, image)

    monkeypatch.setattr(ocr, "RUNNER", counting)
    return calls


@pytest.fixture
def page_runs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Recorded:
    """Every page OCR'd through ocr.ocr_pdf_page: (file name, page, Prefect task name or
    None when not inside a task run)."""
    from prefect.context import TaskRunContext

    runs = Recorded(tmp_path / "page_runs.jsonl", as_tuple=True)
    real = ocr.ocr_pdf_page

    def recording(path: Any, page: int, *args: Any, **kwargs: Any) -> ocr.OcrPage:
        context = TaskRunContext.get()
        runs.append((Path(path).name, page, context.task.name if context else None))
        return real(path, page, *args, **kwargs)

    monkeypatch.setattr(ocr, "ocr_pdf_page", recording)
    return runs


def inbox(tmp_path: Path, tag: str) -> Path:
    """A folder as a secretariat gets it: a scan, a half-scanned PDF, a text PDF, two .txt.
    The scans get a trailing PDF comment with ``tag``: new files (their OCR not indexed by
    file hash yet) with the same page images (Tesseract's reading may be in the cache)."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    for src in (SCANNED, MIXED, TEXT_PDF):
        extra = f"\n% {tag}\n".encode() if src != TEXT_PDF else b""
        (folder / src.name).write_bytes(src.read_bytes() + extra)
    for sample in sorted((Path(__file__).parent.parent / "data" / "samples").glob("*.txt"))[:2]:
        (folder / sample.name).write_bytes(sample.read_bytes())
    return folder


# ----------------------------------------------------------------------- reading in two steps

def test_text_files_and_text_pdfs_are_read_in_one_step() -> None:
    assert isinstance(start_read(TEXT_PDF), Source)
    assert isinstance(start_read(next((Path(__file__).parent.parent / "data" / "samples")
                                      .glob("*.txt"))), Source)


@needs_tesseract
def test_a_scan_read_in_two_steps_equals_read_file(tesseract_calls: Recorded) -> None:
    pending = start_read(MIXED)
    assert isinstance(pending, PendingOcr)
    assert pending.pages == (1,) and pending.page_count == 2  # only the scanned page
    pages = [ocr.ocr_pdf_page(pending.path, n, file_sha256=pending.sha256) for n in pending.pages]
    source = pending.finish(pages)
    assert source == read_file(MIXED)  # what `vanthu extract` reads, from the cache now
    assert source.ocr and [p["page"] for p in source.ocr_pages] == [1]


@needs_tesseract
def test_cached_pages_are_neither_rendered_nor_ocrd(monkeypatch: pytest.MonkeyPatch,
                                                    tesseract_calls: Recorded) -> None:
    first = read_file(SCANNED)

    def no_render(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("a cached page was rendered")

    monkeypatch.setattr(ocr, "render_page", no_render)
    monkeypatch.setattr(ocr, "render", no_render)
    tesseract_calls.clear()
    again = start_read(SCANNED)
    assert isinstance(again, Source) and again == first  # no page left to OCR
    assert read_file(SCANNED) == first
    assert tesseract_calls == []


def test_pdfium_is_entered_by_one_thread_at_a_time() -> None:
    """Rendering (OCR tasks) and text-layer reading (batches) in parallel threads: PDFium is
    not thread-safe, so each holds ocr.PDFIUM_LOCK; this must neither crash nor deadlock."""
    def work(i: int) -> int:
        if i % 2:
            return ocr.render_page(SCANNED, 1, dpi=100).size[0]
        return len(read_text_layers(TEXT_PDF).texts)

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(work, range(12)))
    assert results[0] == 3 and results[1] > 0


# ----------------------------------------------------------------------- columns

def test_ocr_columns_are_filled_from_the_source_facts(engine: Any) -> None:
    base = source_from_text("Số: 12/UBND\nV/v thử nghiệm OCR\n", "/scans/12.pdf")
    scan = dataclasses.replace(base, format="pdf", pages=3, ocr=True, ocr_pages=(
        {"page": 1, "confidence": 91.0, "rotation": 0, "words": 310},
        {"page": 2, "confidence": 0.0, "rotation": 0, "words": 0},   # the blank back page
        {"page": 3, "confidence": 64.5, "rotation": 90, "words": 120}))
    assert scan.ocr_confidence == 77.8  # blank pages count in neither
    doc, _ = save_extraction(engine, scan, decision_data(scan))
    assert (doc.ocr_pages, doc.ocr_min_confidence) == (3, 64.5)
    plain = source_from_text("Số: 13/UBND\nV/v văn bản có lớp chữ\n", "/docs/13.txt")
    doc, _ = save_extraction(engine, plain, {**decision_data(plain), "document": {}})
    assert (doc.ocr_pages, doc.ocr_min_confidence) == (0, None)


def test_migration_fills_the_columns_of_scans_stored_before(tmp_path: Path) -> None:
    from models.db import create, upgrade

    engine = create(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(engine, "0005")
    extraction = {"source": {"ocr": True, "ocr_pages": [{"page": 1, "confidence": 80.5},
                                                         {"page": 2, "confidence": 58.0},
                                                         {"page": 3, "confidence": 0.0}]}}
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO documents (sha256, path, file_name, format, size, ocr, text, folded_text,"
            " extractor_version, recipients, cc, extraction, ingested_at, updated_at) VALUES"
            " ('ab', '/a.pdf', 'a.pdf', 'pdf', 1, 1, 't', 't', '0', '[]', '[]', :x,"
            " '2026-01-01', '2026-01-01')"), {"x": json.dumps(extraction)})
    upgrade(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT ocr_pages, ocr_min_confidence FROM documents")).one() \
            == (3, 58.0)  # page 3 is blank (no word read)
        triggers = conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
        assert {t for (t,) in triggers} >= {"documents_fts_ai", "documents_fts_ad",
                                            "documents_fts_au"}  # search still kept in sync
    engine.dispose()


# ----------------------------------------------------------------------- the flow

def stored(db_url: str) -> dict[str, Document]:
    engine = connect(db_url)
    with engine.connect() as conn:
        rows = conn.execute(select(Document.file_name, Document.text, Document.ocr,
                                   Document.ocr_pages, Document.ocr_min_confidence)).all()
    engine.dispose()
    return {r.file_name: r for r in rows}


@pytest.mark.slow
@needs_tesseract
def test_ingest_ocrs_scanned_pages_in_tasks_with_progress(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], tesseract_calls: Recorded,
        page_runs: Recorded) -> None:
    from pipelines.ingest import ingest_flow

    folder = inbox(tmp_path, "flow")
    db_url = f"sqlite:///{tmp_path / 'v.db'}"
    report = ingest_flow([str(folder)], db_url, workers=2, progress=True)
    assert (report.ingested, report.failed) == (5, 0), report.failures
    # one Prefect task per scanned page; the text PDF and the text page of the mixed one
    # are not OCR'd
    assert sorted(page_runs) == [(MIXED.name, 1, "ocr-page"), (SCANNED.name, 1, "ocr-page")]
    err = capsys.readouterr().err  # Prefect's log goes there too in tests
    assert sorted(line for line in err.splitlines() if line.startswith("OCR ")) == [
        f"OCR trang 1/1 — {SCANNED.name}", f"OCR trang 1/2 — {MIXED.name}"]
    assert not any(line.endswith(".txt") for line in err.splitlines())  # none per text file
    rows = stored(db_url)
    for src in (SCANNED, MIXED):
        row = rows[src.name]
        assert row.text == read_file(folder / src.name).text  # the same as `vanthu extract`
        assert row.ocr and row.ocr_pages == 1 and row.ocr_min_confidence > 80
    assert (rows[TEXT_PDF.name].ocr_pages, rows[TEXT_PDF.name].ocr_min_confidence) == (0, None)

    # Into a new database: every page comes from the cache, no task, no Tesseract, no line.
    tesseract_calls.clear()
    page_runs.clear()
    again = ingest_flow([str(folder)], f"sqlite:///{tmp_path / 'v2.db'}", workers=2,
                        progress=True)
    assert (again.ingested, again.failed) == (5, 0)
    assert tesseract_calls == [] and page_runs == []
    assert "OCR trang" not in capsys.readouterr().err
    assert {n: r.text for n, r in stored(f"sqlite:///{tmp_path / 'v2.db'}").items()} == \
        {n: r.text for n, r in rows.items()}


@pytest.mark.slow
@needs_tesseract
def test_worker_processes_ocr_pages_and_the_flow_stores_them(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """In worker processes (2 workers, a backlog) the scanned pages are OCR'd there, with the
    same progress lines, and the flow stores the same text as `vanthu extract` reads."""
    from pipelines.ingest import ingest_flow

    folder = inbox(tmp_path, "processes")
    expected = {p.name: read_file(p).text for p in folder.iterdir()}
    monkeypatch.setenv("VANTHU_OCR_CACHE", str(tmp_path / "fresh-cache"))  # OCR for real
    db_url = f"sqlite:///{tmp_path / 'p.db'}"
    report = ingest_flow([str(folder)], db_url, workers=2, progress=True,
                         process_min_files=1)
    assert (report.ingested, report.failed) == (5, 0), report.failures
    err = capsys.readouterr().err
    assert sorted(line for line in err.splitlines() if line.startswith("OCR ")) == [
        f"OCR trang 1/1 — {SCANNED.name}", f"OCR trang 1/2 — {MIXED.name}"]
    assert {name: row.text for name, row in stored(db_url).items()} == expected
    assert any((tmp_path / "fresh-cache").rglob("*.json"))  # the workers filled the cache


@pytest.mark.slow
@needs_tesseract
def test_a_page_whose_ocr_fails_makes_the_file_a_recorded_failure(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipelines.ingest import ingest_flow

    monkeypatch.setenv("VANTHU_OCR_CACHE", str(tmp_path / "empty-cache"))

    def broken(args: list[str], image: bytes) -> str:
        raise ocr.OcrError("Tesseract crashed")

    monkeypatch.setattr(ocr, "RUNNER", broken)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / SCANNED.name).write_bytes(SCANNED.read_bytes())
    report = ingest_flow([str(tmp_path / "in")], f"sqlite:///{tmp_path / 'v.db'}",
                         keep_dir=str(tmp_path / "q"))
    [failure] = report.failures
    assert failure.code == "needs_ocr" and "Tesseract crashed" in (failure.detail or "")
    assert failure.kept_path and Path(failure.kept_path).is_file()


@pytest.mark.slow
@needs_tesseract
def test_a_page_over_the_time_limit_is_killed_and_the_failure_names_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An ``ocr-page`` task runs in a worker process under VANTHU_FILE_TIMEOUT, like the
    reading of a file: a page that hangs is killed, the file fails naming the limit."""
    import time

    from pipelines.ingest import ingest_flow

    monkeypatch.setenv("VANTHU_OCR_CACHE", str(tmp_path / "empty-cache"))
    monkeypatch.setenv("VANTHU_FILE_TIMEOUT", "3")

    def hanging(args: list[str], image: bytes) -> str:
        time.sleep(600)
        return ""

    monkeypatch.setattr(ocr, "RUNNER", hanging)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / SCANNED.name).write_bytes(SCANNED.read_bytes())
    sample = sorted((Path(__file__).parent.parent / "data" / "samples").glob("*.txt"))[0]
    (tmp_path / "in" / sample.name).write_bytes(sample.read_bytes())
    started = time.monotonic()
    report = ingest_flow([str(tmp_path / "in")], f"sqlite:///{tmp_path / 'v.db'}",
                         keep_dir=str(tmp_path / "q"))
    assert time.monotonic() - started < 60
    assert report.ingested == 1
    [failure] = report.failures
    assert failure.code == "too_large" and "OCR of page 1" in (failure.detail or "")
    assert "thời gian xử lý một tệp" in failure.message_vi
    assert "VANTHU_FILE_TIMEOUT" in failure.message_vi
    assert failure.kept_path and Path(failure.kept_path).is_file()


@pytest.mark.slow
@needs_tesseract
def test_cli_ingest_shows_ocr_progress_then_show_and_scans(tmp_path: Path) -> None:
    from vanthu.cli import cli

    folder = inbox(tmp_path, "cli")
    db_url = f"sqlite:///{tmp_path / 'v.db'}"
    runner = CliRunner()
    result = runner.invoke(cli, ["ingest", str(folder), "--db", db_url, "--progress"],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Đã nhập: 5," in result.output
    assert f"OCR trang 1/1 — {SCANNED.name}" in result.output
    assert ".txt" not in result.output  # no line per text file

    shown = runner.invoke(cli, ["show", "mixed_scan_text", "--db", db_url])
    assert "Nhận dạng chữ (OCR)" in shown.output and "1 trang (trang 1); độ tin cậy" in shown.output
    shown_json = json.loads(runner.invoke(cli, ["show", "mixed_scan_text", "--db", db_url,
                                                "--json"]).output)
    assert shown_json[0]["ocr_pages"] == 1 and shown_json[0]["ocr_min_confidence"] > 80

    listed = json.loads(runner.invoke(cli, ["scans", "--db", db_url, "--json"]).output)
    assert sorted(d["file_name"] for d in listed) == sorted([SCANNED.name, MIXED.name])
    assert [d["ocr_min_confidence"] for d in listed] == sorted(d["ocr_min_confidence"]
                                                               for d in listed)
    table = runner.invoke(cli, ["scans", "--db", db_url])
    assert "Văn bản quét (OCR) (2)" in table.output and "298/BC-UBND" in table.output
    review = runner.invoke(cli, ["scans", "--db", db_url, "--review"])
    assert "Không có văn bản quét nào có độ tin cậy dưới 70." in review.output
    strict = json.loads(runner.invoke(cli, ["scans", "--db", db_url, "--below", "94",
                                            "--json"]).output)
    assert [d["file_name"] for d in strict] == [d["file_name"] for d in listed
                                                if d["ocr_min_confidence"] < 94]


def test_progress_lines_and_the_silent_reporter(capsys: pytest.CaptureFixture[str]) -> None:
    from pipelines.files import FileResult
    from pipelines.ingest import ocr_line, progress_bar

    assert ocr_line("congvan.pdf", 3, 12) == "OCR trang 3/12 — congvan.pdf"
    with progress_bar(3, False) as quiet:
        quiet(FileResult("/a.txt", "ingested"))
        quiet.ocr_planned(2)
        quiet.ocr_started("congvan.pdf", 3, 12)
        quiet.ocr_done()
    with progress_bar(3, True) as lines:  # not a terminal here: plain lines, OCR only
        lines(FileResult("/a.txt", "ingested"))
        lines.ocr_planned(2)
        lines.ocr_started("congvan.pdf", 3, 12)
        lines.ocr_done()
    assert capsys.readouterr().err == "OCR trang 3/12 — congvan.pdf\n"


def test_bar_reporter_counts_files_and_pages() -> None:
    from io import StringIO

    from rich.console import Console
    from rich.progress import Progress

    from pipelines.files import FileResult
    from pipelines.ingest import BarReporter

    console = Console(file=StringIO(), force_terminal=True, width=100)
    with Progress(console=console, transient=True) as bar:
        reporter = BarReporter(bar, total=4)
        reporter(FileResult("/a.txt", "ingested"))
        assert len(bar.tasks) == 1  # no OCR row until a scan is met
        reporter.ocr_planned(12)
        reporter.ocr_started("congvan.pdf", 3, 12)
        reporter.ocr_done()
        files, pages = bar.tasks
        assert (files.completed, files.total) == (1, 4)
        assert (pages.description, pages.completed, pages.total) == (
            "OCR trang 3/12 — congvan.pdf", 1, 12)

