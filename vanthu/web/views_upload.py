"""Upload: files sent from the browser (drag and drop or a file picker) are saved in the
upload folder and ingested by the same Prefect flow as ``vanthu ingest``, in a background
thread; the job's page follows it and then lists what was stored and what failed, and why."""
from __future__ import annotations

import hashlib
import os
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from models.db import sqlite_path

from .app import data_changed, error_page, render
from .auth import writer

MAX_FILES = 50
MAX_BYTES = 100 * 1024 * 1024  # per file
_UNSAFE = re.compile(r"[^\w.\- ()]+")


@dataclass
class Job:
    id: str
    user: str
    names: list[str]
    started: float = field(default_factory=time.time)
    finished: float | None = None
    report: Any = None
    error: str | None = None
    paths: list[str] = field(default_factory=list)
    too_big: list[str] = field(default_factory=list)


def upload_dir(config: Any) -> Path:
    """``uploads/`` beside the SQLite database, else in the user data folder."""
    if config.upload_dir is not None:
        return Path(config.upload_dir)
    db_file = sqlite_path(config.db_url)
    if db_file is not None:
        return db_file.absolute().parent / "uploads"
    from platformdirs import user_data_dir

    return Path(user_data_dir("vanthu")) / "uploads"


def safe_name(name: str | None) -> str:
    """The file's own name without any folder part, with only harmless characters."""
    base = Path((name or "").replace("\\", "/")).name
    cleaned = _UNSAFE.sub("_", base).strip(" .")
    return cleaned[:120] or "tep"


async def _save(upload: UploadFile, folder: Path) -> Path | None:
    data = await upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        return None
    digest = hashlib.sha256(data).hexdigest()
    target = folder / f"{digest[:12]}_{safe_name(upload.filename)}"
    if not target.exists():
        target.write_bytes(data)
    return target


def _run(job: Job, paths: list[str], db_url: str, app: Any) -> None:
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "ERROR")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    try:
        from pipelines.ingest import ingest_flow

        job.report = ingest_flow(paths, db_url=db_url, progress=False)
    except Exception as error:  # noqa: BLE001 - shown on the job's page
        job.error = f"{type(error).__name__}: {error}"
    finally:
        job.finished = time.time()
        data_changed(app)


def _stored(engine: Any, paths: list[str]) -> dict[str, Any]:
    """The stored document of each saved path (by its content's hash), if any."""
    from sqlalchemy import select

    from models import Document
    from pipelines.files import hash_file

    out: dict[str, Any] = {}
    with engine.connect() as conn:
        for p in paths:
            sha = hash_file(p)
            row = conn.execute(select(Document.id, Document.number, Document.doc_type)
                               .where(Document.sha256 == sha)).first() if sha else None
            out[p] = row
    return out


def _handled(engine: Any, paths: list[str]) -> int:
    """How many of the saved files the running flow has stored or recorded as failed."""
    from sqlalchemy import select

    from models import Failure

    stored = sum(1 for row in _stored(engine, paths).values() if row is not None)
    with engine.connect() as conn:
        failed = len(conn.execute(select(Failure.path).where(Failure.path.in_(
            [str(Path(p).absolute()) for p in paths]))).all())
    return min(len(paths), stored + failed)


async def upload_page(request: Request) -> Response:
    if request.method == "GET":
        return render(request, "upload.html", {"max_files": MAX_FILES})
    user, form = await writer(request)
    files = [f for f in form.getlist("tep") if isinstance(f, UploadFile) and f.filename]
    if not files:
        return render(request, "upload.html", {"max_files": MAX_FILES,
                                               "error": "Chưa chọn tệp nào."}, status_code=400)
    if len(files) > MAX_FILES:
        return render(request, "upload.html", {"max_files": MAX_FILES,
                                               "error": f"Mỗi lần tải lên tối đa {MAX_FILES} tệp."},
                      status_code=400)
    folder = upload_dir(request.app.state.config) / uuid.uuid4().hex[:8]
    folder.mkdir(parents=True, exist_ok=True)
    saved, too_big = [], []
    for f in files:
        path = await _save(f, folder)
        if path is None:
            too_big.append(safe_name(f.filename))
        else:
            saved.append(str(path))
    job = Job(uuid.uuid4().hex, user.username, [Path(p).name for p in saved], paths=saved,
              too_big=too_big)
    request.app.state.jobs[job.id] = job
    if saved:
        threading.Thread(target=_run, args=(job, saved, request.app.state.config.db_url, request.app),
                         name=f"upload-{job.id[:8]}", daemon=True).start()
    else:
        job.finished = time.time()
    return RedirectResponse(f"/tai-len/{job.id}", status_code=303)


async def job_page(request: Request) -> Response:
    job = request.app.state.jobs.get(request.path_params["job_id"])
    if job is None:
        return error_page(request, 404, "Không tìm thấy lượt tải lên này (máy chủ đã khởi "
                                        "động lại?).")
    stored: dict[str, Any] = {}
    done = 0 if job.finished else await run_in_threadpool(_handled, request.app.state.engine,
                                                          job.paths)
    if job.finished and job.report is not None:
        stored = await run_in_threadpool(_stored, request.app.state.engine, job.paths)
    failures = {Path(f.path).name: f for f in (job.report.failures if job.report else [])}
    rows = []
    for p in job.paths:
        name = Path(p).name.split("_", 1)[-1]
        if Path(p).name in failures:
            rows.append({"name": name, "ok": False,
                         "reason": failures[Path(p).name].message_vi})
        elif p in stored and stored[p] is not None:
            rows.append({"name": name, "ok": True, "doc": stored[p]})
        elif job.finished:
            rows.append({"name": name, "ok": False, "reason": "Không rõ kết quả"})
    return render(request, "job.html", {"job": job, "rows": rows, "done": done,
                                        "elapsed": int((job.finished or time.time())
                                                       - job.started)})
