"""The ``vanthu`` command: a thin layer over ``extractors``, ``models`` and ``pipelines``.

Messages meant for a secretariat are Vietnamese, ``--help`` included (Click's own words from
vanthu/click_vi.py); each command's examples are its ``epilog``.
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
                        json_option, localise_usage)
from vanthu.sheets import file_options, write_files

if TYPE_CHECKING:
    from pipelines.files import IngestReport

# The database commands import models, pipelines (Prefect) and rich inside their bodies, so
# `vanthu extract` starts without them, and the database commands without the extractors.
__all__ = ["cli", "main", "db_error_vi", "db_option", "json_option", "_open_db", "_print_json"]


@cli.command("extract", epilog="""\b
Ví dụ:
  vanthu extract congvan.docx
  vanthu extract *.pdf --out ket_qua/
  vanthu extract congvan.pdf --text""")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False),
                metavar="TỆP…")
@click.option("--json", "as_json", is_flag=True,
              help="In JSON theo hợp đồng trích xuất (mặc định).")
@click.option("--text", "as_text", is_flag=True,
              help="In văn bản đã chuẩn hoá (vị trí các đoạn trong JSON tính theo văn bản này).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), metavar="THƯ_MỤC",
              help="Ghi THƯ_MỤC/<tên tệp>.json cho từng tệp (nhiều tệp trong một lần chạy).")
def extract_cmd(files: tuple[str, ...], as_json: bool, as_text: bool, out_dir: str | None) -> None:
    """Trích xuất một hoặc nhiều văn bản (không cần máy chủ, không ghi CSDL).

    Đọc TỆP (.txt, .docx, .pdf, kể cả bản quét) và in kết quả trích xuất dạng JSON: thông tin
    văn bản, văn bản dẫn chiếu, thời hạn, nhiệm vụ, chỉ tiêu, kinh phí.
    """
    from extractors import ReadError
    from extractors.opening import safe_text
    from pipelines import sandbox

    if as_text and (as_json or out_dir):
        raise click.UsageError("--text không dùng cùng --json hoặc --out")
    if len(files) > 1 and not out_dir and not as_text:
        raise click.UsageError("nhiều tệp cần --out THƯ_MỤC (mỗi tệp một tệp JSON)")
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


@cli.command("ingest", epilog="""\b
Ví dụ:
  vanthu ingest van_ban/
  vanthu ingest congvan.pdf quyetdinh.docx
  vanthu ingest van_ban/ --workers 2 --db /srv/vanthu.db""")
@click.argument("paths", nargs=-1, required=True, type=click.Path(),
                metavar="TỆP_HOẶC_THƯ_MỤC…")
@db_option
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              metavar="N",
              help="Số việc chạy cùng lúc: các lô tệp và các trang quét cần OCR. Từ 2 trở "
                   "lên, khi có từ 200 tệp, chạy trong các tiến trình riêng (nên để bằng số "
                   "lõi CPU; mất vài giây khởi động).")
@click.option("--dask", metavar="ĐỊA_CHỈ|local:N", callback=_check_dask,
              help="Chạy trên cụm Dask: bộ lập lịch tại ĐỊA_CHỈ (tcp://máy:8786), hoặc "
                   "local:N để chạy N tiến trình trên máy này. Các tiến trình đọc tệp theo "
                   "đường dẫn (thư mục dùng chung) và, với PostgreSQL, tự lưu kết quả.")
@click.option("--keep-dir", type=click.Path(file_okay=False), metavar="THƯ_MỤC",
              help="Thư mục giữ bản sao các tệp bị lỗi (mặc định: quarantine/ cạnh tệp SQLite, "
                   "hoặc trong thư mục dữ liệu của người dùng).")
@click.option("--progress/--no-progress", default=None,
              help="Hiện thanh tiến độ với trang đang OCR (mặc định: khi chạy trong cửa sổ "
                   "lệnh); khi chuyển kết quả qua ống (|), --progress in mỗi trang một dòng.")
@click.option("-v", "--verbose", is_flag=True,
              help="Hiện nhật ký của Prefect và chi tiết kỹ thuật (tiếng Anh) của từng lỗi.")
def ingest_cmd(paths: tuple[str, ...], db_url: str | None, workers: int, dask: str | None,
               keep_dir: str | None, progress: bool | None, verbose: bool) -> None:
    """Nhập văn bản (tệp hoặc thư mục) vào cơ sở dữ liệu.

    Nhập các tệp và thư mục (cả thư mục con) vào cơ sở dữ liệu. Tệp đã nhập với cùng phiên
    bản bộ trích xuất được bỏ qua; tệp lỗi được ghi lại và giữ bản sao để xem lại. Trang PDF
    quét được OCR theo --workers trang một lúc ("OCR trang 3/12 — congvan.pdf") và lưu lại,
    nên chạy lại không phải OCR lần nữa. Mã thoát 0 khi nhập được ít nhất một tệp.
    """
    report = _run_ingest(list(paths), db_url, workers, keep_dir, progress, verbose, dask)
    _print_report(report, verbose)
    if report.total == 0:
        _echo_err("Không tìm thấy tệp nào để nhập.")
    if report.total == report.failed:
        sys.exit(1)


@cli.command("show", epilog="""\b
Ví dụ:
  vanthu show 878/UBND-NNTN
  vanthu show "#12"
  vanthu show 490/QĐ-TTg --json""")
@click.argument("number", metavar="SỐ_KÝ_HIỆU")
@db_option
@json_option
def show_cmd(number: str, db_url: str | None, as_json: bool) -> None:
    """Xem mọi thông tin về văn bản có SỐ_KÝ_HIỆU (hoặc tên tệp, với văn bản không số).

    Tìm đúng số ký hiệu, nếu không có thì số chứa chuỗi này, rồi đến tên tệp: in phần đầu
    văn bản, nơi nhận, người ký, tệp gốc, các văn bản dẫn chiếu, thời hạn, nhiệm vụ (kèm Mã
    để dùng với `vanthu done` và lịch sử xử lý), chỉ tiêu và kinh phí. Khi nhiều văn bản
    trùng số, in danh sách kèm mã: `vanthu show "#mã"` để xem một văn bản.
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


@cli.command("search", epilog="""\b
Ví dụ:
  vanthu search phòng chống lụt bão
  vanthu search quyet dinh 490
  vanthu search "sạt lở" --xlsx sat_lo.xlsx""")
@click.argument("words", nargs=-1, required=True, metavar="TỪ_KHOÁ…")
@db_option
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000),
              metavar="N", help="Số kết quả tối đa để in hoặc xuất (luôn cho biết tổng số văn "
                                "bản tìm thấy).")
@json_option
@file_options
def search_cmd(words: tuple[str, ...], db_url: str | None, limit: int, as_json: bool,
               csv_path: str | None, xlsx_path: str | None) -> None:
    """Tìm văn bản theo từ khóa (có dấu hoặc không dấu).

    Tìm trong toàn văn, không phân biệt dấu ("quyet dinh 490" tìm được "Quyết định số
    490/QĐ-TTg"), kết quả khớp nhất trước, kèm đoạn văn có từ khoá; trước hết là các văn bản
    được dẫn chiếu có số khớp ("490 TTg", "qd 490"). --json cho {"cited": […], "hits": […]}.
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


@cli.command("demo", epilog="""\b
Ví dụ:
  vanthu demo
  vanthu demo --db /tmp/thu.db""")
@db_option
@click.option("-v", "--verbose", is_flag=True, help="Hiện nhật ký của Prefect.")
def demo_cmd(db_url: str | None, verbose: bool) -> None:
    """Nhập các văn bản mẫu và in bảng tóm tắt.

    Nhập các văn bản mẫu đi kèm chương trình (data/samples) vào cơ sở dữ liệu và in bảng
    tóm tắt các văn bản đang có.
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
localise_usage(cli)


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
