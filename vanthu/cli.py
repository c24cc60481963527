"""The ``vanthu`` command: a thin layer over ``extractors``, ``models`` and ``pipelines``.

Messages meant for a secretariat are Vietnamese; ``--help`` texts carry both languages.
Narrow errors (:class:`extractors.ReadError`) become one clear line at this edge.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from vanthu.app import (_echo_err, _open_db, _print_json, cli, db_error_vi, db_option,
                        json_option)
from vanthu.sheets import file_options, write_files

if TYPE_CHECKING:
    from pipelines.files import IngestReport

# The database commands import models, pipelines (Prefect) and rich inside their bodies, so
# `vanthu extract` starts without them, and the database commands without the extractors.
__all__ = ["cli", "main", "db_error_vi", "db_option", "json_option", "_open_db", "_print_json"]


@cli.command("extract")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the extraction contract JSON (default).")
@click.option("--text", "as_text", is_flag=True,
              help="Print the normalised text that the JSON's span offsets point into.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False),
              help="Write DIR/<name>.json for each file (many files, one process).")
def extract_cmd(files: tuple[str, ...], as_json: bool, as_text: bool, out_dir: str | None) -> None:
    """Trích xuất một hoặc nhiều văn bản (không cần máy chủ, không ghi CSDL).

    Extract FILE(s) (.txt, .docx, .pdf) to the JSON of the extraction contract.
    """
    from extractors import ReadError
    from extractors.opening import safe_text
    from pipelines import sandbox

    if as_text and (as_json or out_dir):
        raise click.UsageError("--text cannot be combined with --json or --out")
    if len(files) > 1 and not out_dir and not as_text:
        raise click.UsageError("several files need --out DIR (one JSON per file)")
    failed = 0
    out = Path(out_dir) if out_dir else None
    if out:
        out.mkdir(parents=True, exist_ok=True)
    for f in files:
        try:   # in a worker process, killed at VANTHU_FILE_TIMEOUT, like `vanthu ingest`
            text, data = sandbox.run(_read_extract, f, as_text, path=f)
        except (ReadError, sandbox.Failed) as e:
            failed += 1
            message = getattr(e, "message_vi", None) or "Lỗi khi trích xuất tệp"
            _echo_err(f"Lỗi: {safe_text(f)}: {message} ({safe_text(e.detail)})")
            continue
        if as_text:
            sys.stdout.write(text)
            if not text.endswith("\n"):
                sys.stdout.write("\n")
            continue
        payload = json.dumps(data, ensure_ascii=False, indent=1)
        if out:
            (out / (Path(f).stem + ".json")).write_text(payload + "\n", encoding="utf-8")
        else:
            click.echo(payload)
    if out:
        _echo_err(f"Đã trích xuất {len(files) - failed}/{len(files)} tệp vào {out}")
    if failed:
        sys.exit(1)


def _read_extract(path: str, text_only: bool) -> tuple[str, dict | None]:
    """The normalised text of the file at ``path`` and, unless ``text_only``, its extraction."""
    from extractors import extract, read_file

    source = read_file(path)
    return source.text, None if text_only else extract(source)


def _run_ingest(paths: list[str], db_url: str | None, workers: int, keep_dir: str | None,
                progress: bool | None, verbose: bool, dask: str | None = None) -> IngestReport:
    """Run the ingest flow with Prefect's console logging quiet unless ``verbose``."""
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO" if verbose else "CRITICAL")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    import signal

    from prefect.exceptions import TerminationSignal

    from pipelines import sandbox
    from pipelines.ingest import ingest_flow

    _open_db(db_url).dispose()  # a bad URL fails here, before Prefect starts
    # SIGTERM and Ctrl-C: workers killed, no new file started, Prefect's server stopped on
    # the way out; each document is stored whole or not at all (one transaction each).
    signal.signal(signal.SIGTERM, sandbox.request_stop)
    signal.signal(signal.SIGINT, sandbox.request_stop)
    from pipelines import watchdog

    watchdog.start()   # after a kill -9, ends what this ingest started (Prefect's server)
    if db_url:   # the flow reads it from the environment: never a Prefect parameter
        os.environ["VANTHU_DB"] = db_url
    try:
        return ingest_flow(paths, db_url=None, workers=workers, keep_dir=keep_dir,
                           progress=progress, dask=dask)
    except (KeyboardInterrupt, sandbox.Stopped, TerminationSignal):
        _echo_err("Đã dừng theo yêu cầu: các văn bản đã nhập được lưu trọn vẹn; chạy lại lệnh "
                  "để nhập tiếp.")
        sys.exit(130)


def _print_report(report: IngestReport, verbose: bool) -> None:
    click.echo(f"Đã nhập: {report.ingested}, Bỏ qua (đã có): {report.skipped}, "
               f"Cập nhật: {report.updated}, Lỗi: {report.failed}")
    for failure in report.failures:
        click.echo(f"  Lỗi: {failure.name}: {failure.message_vi}")
        if verbose:
            click.echo(f"    {failure.code}: {failure.detail}")
            if failure.kept_path:
                click.echo(f"    bản lưu: {failure.kept_path}")


def _check_dask(_ctx: Any, _param: Any, value: str | None) -> str | None:
    """--dask: local:N with 1 ≤ N ≤ 256, or a scheduler's address."""
    if value is None:
        return None
    from pipelines.cluster import parse_address

    try:
        parse_address(value)
    except ValueError:
        raise click.BadParameter("cần local:N (1 ≤ N ≤ 256) hoặc địa chỉ bộ lập lịch Dask "
                                 "(tcp://máy:8786)") from None
    return value


@cli.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Tasks run at the same time: batches of files, and scanned pages to OCR. "
                   "From 2, with 200 files or more to read, they run in worker processes "
                   "(one per core is a good choice; a few seconds to start; no Prefect "
                   "server of their own).")
@click.option("--dask", metavar="ADDRESS|local:N", callback=_check_dask,
              help="Run the tasks on a Dask cluster: the scheduler at ADDRESS "
                   "(tcp://host:8786), or local:N for N worker processes on this machine. "
                   "Workers read the files by path (a shared folder) and, into PostgreSQL, "
                   "store them too.")
@click.option("--keep-dir", type=click.Path(file_okay=False),
              help="Folder for copies of files that failed (default: quarantine/ beside the "
                   "SQLite database, or in the user data folder).")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar with the page being OCR'd (default: when stderr is a "
                   "terminal); on a pipe, --progress prints one line per page OCR'd.")
@click.option("-v", "--verbose", is_flag=True,
              help="Show Prefect's log and the English detail of each failure.")
def ingest_cmd(paths: tuple[str, ...], db_url: str | None, workers: int, dask: str | None,
               keep_dir: str | None, progress: bool | None, verbose: bool) -> None:
    """Nhập văn bản (tệp hoặc thư mục) vào cơ sở dữ liệu.

    Ingest files and folders (recursively) into the database. Files already stored by this
    extractor version are skipped unread; files that fail are recorded and kept for review.
    Scanned PDF pages are OCR'd --workers at a time ("OCR trang 3/12 — congvan.pdf"), and
    cached, so a re-run costs no OCR. Exits 0 when at least one file could be handled.
    """
    report = _run_ingest(list(paths), db_url, workers, keep_dir, progress, verbose, dask)
    _print_report(report, verbose)
    if report.total == 0:
        _echo_err("Không tìm thấy tệp nào để nhập.")
    if report.total == report.failed:
        sys.exit(1)


@cli.command("show")
@click.argument("number")
@db_option
@json_option
def show_cmd(number: str, db_url: str | None, as_json: bool) -> None:
    """Xem mọi thông tin về văn bản có số/ký hiệu NUMBER (hoặc tên tệp, với văn bản không số).

    Show the document with this number (exact match, else numbers containing it, else file
    names containing it — for documents without a number): header, recipients, signer, source
    file, and the references, deadlines, duties (with their Mã for `vanthu done` and their
    history), targets and funding read from it. When several documents match, they are
    listed with their mã: `vanthu show "#mã"` shows one.

    \b
    Ví dụ:
      vanthu show 878/UBND-NNTN
      vanthu show "#12"
    """
    from rich.console import Console

    from models import find_documents
    from vanthu.display import document_json, document_view

    if len(number) > 255:
        _echo_err(f"Lỗi: số/ký hiệu quá dài ({len(number)} ký tự; tối đa 255)")
        sys.exit(1)
    from models.dashboard import events_for
    from models.queries import get_document

    engine = _open_db(db_url, must_exist=True)
    by_id = number.strip().lstrip("#")
    if number.strip().startswith("#") and by_id.isdigit():
        doc = get_document(engine, int(by_id))
        docs = [doc] if doc is not None else []
    else:
        docs = find_documents(engine, number)
    if not docs:
        _echo_err(f"Không tìm thấy văn bản số {number}")
        sys.exit(1)
    if as_json:
        _print_json([document_json(doc) for doc in docs])
        return
    if len(docs) > 1:
        from vanthu.display import candidates_view

        Console(highlight=False).print(candidates_view(number, docs))
        return
    history = events_for(engine, [o.id for doc in docs for o in doc.obligations])
    console = Console(highlight=False)
    for doc in docs:
        console.rule(f"Văn bản {doc.number or doc.file_name}")
        console.print(document_view(doc, history))


@cli.command("search")
@click.argument("words", nargs=-1, required=True)
@db_option
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000),
              help="Most hits to show or export (the number of matching documents is always "
                   "given).")
@json_option
@file_options
def search_cmd(words: tuple[str, ...], db_url: str | None, limit: int, as_json: bool,
               csv_path: str | None, xlsx_path: str | None) -> None:
    """Tìm văn bản theo từ khóa (có dấu hoặc không dấu).

    Full-text search, diacritics ignored ("quyet dinh 490" finds "Quyết định số 490/QĐ-TTg"),
    best hits first, with the passage where the words occur; first the cited documents whose
    number matches ("490 TTg", "qd 490"). --json gives {"cited": [...], "hits": [...]}.
    """
    from rich.console import Console

    from models import register_hits, search
    from vanthu.display import (entry_json, hit_json, more_line, register_hits_view,
                                search_view)

    engine = _open_db(db_url, must_exist=True)
    hits = search(engine, list(words), limit=limit)
    cited = register_hits(engine, list(words), limit=limit)  # documents cited by that number
    if csv_path or xlsx_path:
        from vanthu.sheets import hits_sheet

        write_files(hits_sheet(hits), csv_path, xlsx_path)
        return
    if as_json:
        _print_json({"cited": [entry_json(e) for e in cited], "total": hits.total,
                     "total_exact": hits.exact, "hits": [hit_json(hit) for hit in hits]})
        return
    console = Console(highlight=False)
    if cited:
        console.print(register_hits_view(cited))
    if not hits:
        click.echo(f"Không tìm thấy văn bản nào chứa: {' '.join(words)}")
        return
    console.print(search_view(hits))
    more = more_line(len(hits), hits.total, "văn bản", hits.exact)
    if more:
        console.print(more, style="dim")


@cli.command("demo")
@db_option
@click.option("-v", "--verbose", is_flag=True, help="Show Prefect's log.")
def demo_cmd(db_url: str | None, verbose: bool) -> None:
    """Nhập các văn bản mẫu và in bảng tóm tắt.

    Ingest the bundled sample documents (data/samples) into the database and print a summary
    table of the documents it holds.
    """
    from rich.console import Console

    from extractors.lexicon import data_dir
    from models import summary
    from vanthu.display import summary_table

    report = _run_ingest([str(data_dir() / "samples")], db_url, 1, None, None, verbose)
    _print_report(report, verbose)
    Console(highlight=False).print(summary_table(summary(_open_db(db_url))))


# The other commands live in modules of their own. Each imports only click and vanthu.app at
# module level (the database, Prefect and the NLP load inside the command), never this module.
from vanthu import alerts_cmd, eval_cmd, finance_cmd, obligations_cmd, refs_cmd  # noqa: E402
from vanthu import scans_cmd, web_cmd  # noqa: E402

for _command in (refs_cmd.refs, obligations_cmd.obligations, obligations_cmd.deadlines,
                 obligations_cmd.done, obligations_cmd.reopen, obligations_cmd.export,
                 alerts_cmd.alerts, finance_cmd.funding, finance_cmd.targets, eval_cmd.eval_cmd,
                 scans_cmd.scans, web_cmd.web, web_cmd.user):
    cli.add_command(_command)


def main() -> None:
    """The command, with any error that escapes it shown as one Vietnamese line (passwords
    hidden) instead of a traceback; VANTHU_DEBUG=1 shows the traceback."""
    try:
        cli(prog_name="vanthu")
    except Exception as e:  # noqa: BLE001 - the edge: one clear line, never a traceback
        if os.environ.get("VANTHU_DEBUG") == "1":
            raise
        from vanthu.redact import scrub

        detail = scrub(f"{type(e).__name__}: {str(e).strip().splitlines()[0] if str(e).strip() else ''}")
        _echo_err(f"Lỗi: {error_vi(e)} ({detail[:300]})")
        sys.exit(1)


def error_vi(error: BaseException) -> str:
    """What went wrong, in Vietnamese, from the kind of error."""
    name = type(error).__name__
    if isinstance(error, OSError) and error.filename:
        from vanthu.redact import scrub

        return f"không đọc/ghi được {scrub(str(error.filename))}: {error.strerror or 'lỗi hệ thống'}"
    if isinstance(error, (OverflowError, ValueError)) or name in ("DataError", "IntegrityError"):
        return "giá trị nhập vào quá lớn hoặc không hợp lệ"
    if name in ("OperationalError", "InterfaceError", "ProgrammingError", "DatabaseError"):
        return "lỗi cơ sở dữ liệu"
    return "lỗi không mong đợi"


if __name__ == "__main__":
    main()
