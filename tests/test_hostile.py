"""Issue 16, row by row: each hostile or odd input that was mishandled, as a user meets it."""
from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from inbox_helpers import ingest_plain
from models import connect
from models.documents import Document, Failure
from pipelines.files import FileResult, default_keep_dir

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
GOOD = sorted(SAMPLES.glob("*.txt"))


def _outcomes(report) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {Path(f.path).name: f.code for f in report.failures}


def _documents(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(Document))


def test_a_huge_pdf_page_is_refused_before_rendering(engine: Engine, tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    inbox = tmp_path / "in"
    inbox.mkdir()
    pdf = pdfium.PdfDocument.new()
    pdf.new_page(14400, 14400)                 # 200 × 200 inches: 3.6 gigapixels at 300 dpi
    pdf.save(inbox / "trang_khong_lo.pdf")
    (inbox / "tot.txt").write_bytes(GOOD[0].read_bytes())
    started = time.monotonic()
    report = ingest_plain(engine, [inbox], tmp_path / "q")
    assert time.monotonic() - started < 30
    [failure] = report.failures
    assert failure.code == "too_large" and "VANTHU_MAX_PAGE_PIXELS" in failure.message_vi
    assert report.ingested == 1


def test_a_docx_zip_bomb_is_refused_from_its_directory(engine: Engine, tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("word/document.xml", "w", force_zip64=True) as part:
            for _ in range(800):                                  # 800 MB unpacked
                part.write(b"<w:t>" + b"a" * (1 << 20) + b"</w:t>")
    (inbox / "bom.docx").write_bytes(buffer.getvalue())
    (inbox / "tot.txt").write_bytes(GOOD[0].read_bytes())
    started = time.monotonic()
    report = ingest_plain(engine, [inbox], tmp_path / "q")
    assert time.monotonic() - started < 30                        # nothing was unpacked
    [failure] = report.failures
    assert "VANTHU_MAX_UNPACKED_BYTES" in failure.message_vi and failure.kept_path
    assert report.ingested == 1


def test_a_file_over_the_time_limit_is_killed_and_the_batch_goes_on(
        engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    big = inbox / "a_dai.txt"                # over 256 KB: read in a worker process
    big.write_text(GOOD[0].read_text(encoding="utf-8") * 400, encoding="utf-8")
    (inbox / "b_tot.txt").write_bytes(GOOD[1].read_bytes())
    monkeypatch.setenv("VANTHU_FILE_TIMEOUT", "0.5")
    started = time.monotonic()
    report = ingest_plain(engine, [inbox], tmp_path / "q")
    assert time.monotonic() - started < 20
    [failure] = report.failures
    assert failure.name == "a_dai.txt" and "VANTHU_FILE_TIMEOUT" in failure.message_vi
    assert report.ingested == 1


def test_names_that_are_not_utf8_are_stored_and_later_files_too(
        engine: Engine, tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    odd = os.path.join(os.fsencode(inbox), b"cong_van_\xc7\xff.txt")
    with open(odd, "wb") as fh:
        fh.write(GOOD[0].read_bytes())
    (inbox / "z_tot.txt").write_bytes(GOOD[1].read_bytes())
    (inbox / "rong.txt").write_bytes(b"")
    report = ingest_plain(engine, [inbox], tmp_path / "q")
    assert (report.ingested, report.failed) == (2, 1)
    with engine.connect() as conn:
        names = set(conn.scalars(select(Document.file_name)))
    assert names == {"cong_van_\\xc7\\xff.txt", "z_tot.txt"}
    again = ingest_plain(engine, [inbox], tmp_path / "q")
    assert (again.skipped, again.failed) == (2, 1)


def test_a_good_file_is_stored_though_a_broken_copy_of_it_failed(
        engine: Engine, tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "a_copy.docx").write_bytes(GOOD[0].read_bytes())   # text named .docx: fails first
    (inbox / "b_good.txt").write_bytes(GOOD[0].read_bytes())
    for _ in range(2):
        report = ingest_plain(engine, [inbox], tmp_path / "q")
    assert _documents(engine) == 1
    assert _outcomes(report) == {"a_copy.docx": "corrupt"} or report.skipped == 2


@pytest.mark.parametrize("name", ["rong.pdf", "rong.docx", "rong.txt"])
def test_empty_files_fail_with_a_reason_however_many(engine: Engine, tmp_path: Path,
                                                     name: str) -> None:
    inbox = tmp_path / "in"
    (inbox / "sub").mkdir(parents=True)
    (inbox / name).write_bytes(b"")
    (inbox / "sub" / name).write_bytes(b"")
    report = ingest_plain(engine, [inbox], tmp_path / "q")
    assert [f.code for f in report.failures] == ["empty", "empty"] and report.skipped == 0


def test_links_out_of_the_inbox_and_special_files_are_refused(
        engine: Engine, db_url: str, tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "s.txt").symlink_to("/etc/passwd")
    (inbox / "n.txt").symlink_to("/proc/self/environ")
    os.mkfifo(inbox / "ong.txt")
    (inbox / "tot.txt").write_bytes(GOOD[0].read_bytes())
    (inbox / "ban_sao.txt").symlink_to(inbox / "tot.txt")          # a link inside: followed
    keep = tmp_path / "q"
    report = ingest_plain(engine, [inbox], keep)                      # never blocks on the FIFO
    assert _outcomes(report) == {"s.txt": "refused_link", "n.txt": "refused_link",
                                 "ong.txt": "not_regular_file"}
    assert (report.ingested, report.skipped) == (1, 1)
    assert not keep.exists() or not any(keep.iterdir())             # no secret copied
    with engine.connect() as conn:
        assert not any("root:" in t for t in conn.scalars(select(Document.text)))


def test_database_and_quarantine_are_private(tmp_path: Path) -> None:
    engine = connect(f"sqlite:///{tmp_path / 'new' / 'v.db'}")
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "hong.pdf").write_bytes(b"%PDF-1.4 truncated")
    ingest_plain(engine, [inbox], default_keep_dir(f"sqlite:///{tmp_path / 'new' / 'v.db'}"))
    assert stat.S_IMODE((tmp_path / "new" / "v.db").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o700
    quarantine = tmp_path / "new" / "quarantine"
    assert stat.S_IMODE(quarantine.stat().st_mode) == 0o700
    assert {stat.S_IMODE(p.stat().st_mode) for p in quarantine.iterdir()} == {0o600}
    engine.dispose()


def test_each_postgresql_database_has_its_own_quarantine() -> None:
    a = default_keep_dir("postgresql+psycopg://u:pw@db1/vanthu")
    b = default_keep_dir("postgresql+psycopg://u:pw@db2/vanthu")
    assert a != b and "pw" not in str(a)


def test_an_edited_file_replaces_its_earlier_version(engine: Engine, tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    letter = inbox / "cv.txt"
    letter.write_bytes(GOOD[4].read_bytes())
    ingest_plain(engine, [inbox], tmp_path / "q")
    letter.write_text(letter.read_text(encoding="utf-8") + "\nBổ sung một dòng.\n", encoding="utf-8")
    report = ingest_plain(engine, [inbox], tmp_path / "q")
    assert (report.ingested, report.updated) == (0, 1)
    assert _documents(engine) == 1


def test_nul_bytes_are_dropped_on_both_databases(engine: Engine, tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    text = GOOD[0].read_text(encoding="utf-8")
    (inbox / "nul.txt").write_text(text[:200] + "\x00\x00" + text[200:], encoding="utf-8")
    report = ingest_plain(engine, [inbox], tmp_path / "q")
    assert report.ingested == 1, report.failures
    with engine.connect() as conn:
        assert "\x00" not in conn.scalar(select(Document.text))


def test_a_pdf_named_txt_is_read_as_a_pdf(engine: Engine, tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    pdf = Path(__file__).parent / "fixtures" / "docs" / "000_e1ea617a3e402aea.pdf"
    (inbox / "scan.txt").write_bytes(pdf.read_bytes())
    report = ingest_plain(engine, [inbox], tmp_path / "q")
    assert report.ingested == 1, report.failures
    with engine.connect() as conn:
        assert conn.scalar(select(Document.format)) == "pdf"


def test_names_are_printed_without_control_characters() -> None:
    shown = FileResult("/in/\x1b[2J\x1b[31mx\nLỗi: y.txt", "failed").name
    assert "\x1b" not in shown and "\n" not in shown and "Lỗi: y.txt" in shown


def _vanthu(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vanthu.cli", *args], capture_output=True,
                          text=True, timeout=120, env={**os.environ, **(env or {})})


def test_extract_is_killed_at_the_time_limit_and_goes_on(tmp_path: Path) -> None:
    """`vanthu extract` reads each file in a worker process under VANTHU_FILE_TIMEOUT, as the
    ingest does: a file over it fails with the limit named, the next file is extracted."""
    big = tmp_path / "a_dai.txt"                 # over 256 KB: read in a worker process
    big.write_text(GOOD[0].read_text(encoding="utf-8") * 400, encoding="utf-8")
    (tmp_path / "b_tot.txt").write_bytes(GOOD[1].read_bytes())
    started = time.monotonic()
    done = _vanthu("extract", str(big), str(tmp_path / "b_tot.txt"), "--out", str(tmp_path / "out"),
                   env={"VANTHU_FILE_TIMEOUT": "0.5"})
    assert time.monotonic() - started < 120                 # start-up and warming included
    assert done.returncode == 1 and "Traceback" not in done.stderr
    [line] = [line for line in done.stderr.splitlines() if line.startswith("Lỗi:")]
    assert "a_dai.txt" in line and "thời gian xử lý một tệp" in line
    assert "VANTHU_FILE_TIMEOUT" in line
    assert "Đã trích xuất 1/2" in done.stderr
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["b_tot.json"]


def test_read_only_commands_create_nothing(tmp_path: Path) -> None:
    done = _vanthu("show", "878", "--db", f"sqlite:///{tmp_path / 'khong_co' / 'x.db'}")
    assert done.returncode == 1 and "chưa có cơ sở dữ liệu" in done.stderr
    assert not (tmp_path / "khong_co").exists()
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("url", ["postgresql+psycopg://u:MatKhau9@127.0.0.1:1/x",
                                 "mysql://u:MatKhau9@h/x", "postgresql://u:MatKhau9@h/x"])
def test_database_errors_are_one_line_without_the_password(url: str, tmp_path: Path) -> None:
    done = _vanthu("show", "1", "--db", url)
    assert done.returncode == 1 and done.stderr.startswith("Lỗi: ")
    assert "MatKhau9" not in done.stderr + done.stdout and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_url_with_a_password_is_never_a_prefect_parameter() -> None:
    from pipelines.alerts import public_url

    assert public_url("postgresql+psycopg://u:pw@h/x") is None
    assert public_url("sqlite:///v.db") == "sqlite:///v.db"


def test_an_smtp_password_is_never_sent_without_tls(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipelines import alerts

    monkeypatch.setenv("VANTHU_SMTP_USER", "u")
    monkeypatch.setenv("VANTHU_SMTP_PASSWORD", "pw")
    smtp = alerts.SmtpSettings(host="127.0.0.1", port=1, sender="a@b", starttls=False,
                               recipients={})
    digest = alerts.Digest(unit="UBND", overdue=[], upcoming=[])  # type: ignore[call-arg]
    with pytest.raises(alerts.InsecureSmtp):
        alerts.send_digests([digest], __import__("datetime").date(2026, 1, 1), 7, smtp,
                            {"UBND": ["x@y"]})


def _descendants(pid: int) -> set[int]:
    out: set[int] = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == pid:
                out |= {int(entry.name)} | _descendants(int(entry.name))
    return out


# Prefect gives its temporary server 20 s to start: not always enough on a loaded machine.
SLOW_START = {**os.environ, "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "150"}


def _alive(pid: int) -> bool:
    try:
        return "zombie" not in Path(f"/proc/{pid}/status").read_text().lower()
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
@pytest.mark.parametrize("how", ["SIGTERM", "SIGKILL"])
def test_a_stopped_ingest_leaves_no_process(tmp_path: Path, how: str) -> None:
    """SIGTERM: the ingest stops within seconds (exit 130). kill -9: its watchdog ends
    Prefect's server and the workers die with it (pipelines.watchdog, pipelines.sandbox)."""
    import signal

    inbox = tmp_path / "in"
    inbox.mkdir()
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in GOOD)
    for n in range(3):                                        # a minute of work each
        (inbox / f"dai_{n}.txt").write_text(text * 120, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "vanthu.cli", "ingest", str(inbox), "--db",
                             f"sqlite:///{tmp_path / 'v.db'}"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=SLOW_START)
    deadline = time.monotonic() + 180
    started: set[int] = set()
    while time.monotonic() < deadline and len(started) < 3:   # watchdog, server, a worker
        time.sleep(0.5)
        started |= _descendants(proc.pid)
    assert len(started) >= 3, "the ingest never started a worker"
    proc.send_signal(getattr(signal, how))
    stopped = time.monotonic()
    _, err = proc.communicate(timeout=30)
    if how == "SIGTERM":
        assert time.monotonic() - stopped < 10
        assert proc.returncode == 130 and "Đã dừng" in err
    left = started
    while left and time.monotonic() - stopped < 15:
        time.sleep(0.5)
        left = {p for p in left if _alive(p)}
    assert not left, f"{how}: processes left behind"


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
def test_kill_9_with_two_workers_leaves_no_process(tmp_path: Path) -> None:
    """``--workers 2`` with a backlog (200 files or more) starts worker processes besides
    Prefect's server (issue 16: six processes were alive 49 s after a kill -9): the watchdog
    ends the server and the workers, their own readers die with them."""
    import signal

    inbox = tmp_path / "in"
    inbox.mkdir()
    text = GOOD[0].read_text(encoding="utf-8") * 20
    for n in range(220):                                      # each file different
        (inbox / f"cv_{n:03d}.txt").write_text(f"{text}\nBản số {n}.\n", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "vanthu.cli", "ingest", str(inbox), "--db",
                             f"sqlite:///{tmp_path / 'v.db'}", "--workers", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=SLOW_START)
    deadline = time.monotonic() + 180
    started: set[int] = set()
    pool: set[int] = set()
    while time.monotonic() < deadline and len(pool) < 2:     # both worker processes up
        time.sleep(0.5)
        started |= _descendants(proc.pid)
        pool = {p for p in started if "spawn_main" in _cmdline(p) and _alive(p)}
    assert len(pool) >= 2, f"no worker processes: {[_cmdline(p) for p in started]}"
    time.sleep(2)                                             # the workers read files
    started |= _descendants(proc.pid)
    proc.kill()
    stopped = time.monotonic()
    proc.communicate(timeout=30)
    left = started
    while left and time.monotonic() - stopped < 15:
        time.sleep(0.5)
        left = {p for p in left if _alive(p)}
    assert not left, f"processes left behind: {[_cmdline(p) for p in left]}"
    assert len(started) >= 4          # the watchdog, the server and the two workers were seen


def test_a_union_over_hundreds_of_units_runs_on_sqlite(engine: Engine) -> None:
    """``obligations --unit "Sở Tài chính"`` in 25k documents: one SELECT per matching unit
    and status; SQLite refuses a compound SELECT of more than 500 terms."""
    from sqlalchemy import literal
    from sqlalchemy.orm import Session

    from models.documents import union_rows

    with Session(engine) as session:
        parts = [select(literal(n).label("n")) for n in range(600)]
        assert sorted(r[0] for r in union_rows(session, parts)) == list(range(600))


def test_alerts_refuse_a_password_without_tls_in_one_line(tmp_path: Path) -> None:
    done = _vanthu("alerts", "--send", "--out", str(tmp_path / "al"), "--db",
                   f"sqlite:///{tmp_path / 'v.db'}",
                   env={"VANTHU_SMTP_HOST": "127.0.0.1", "VANTHU_SMTP_PORT": "1",
                        "VANTHU_SMTP_USER": "u", "VANTHU_SMTP_PASSWORD": "MatKhau9"})
    assert done.returncode == 1 and "VANTHU_SMTP_STARTTLS=1" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "MatKhau9" not in done.stderr
