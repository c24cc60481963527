"""The OCR cache on disk (:mod:`extractors.ocr`): Tesseract's reading of a page image, and an
index by PDF file hash and page number, bounded so that no file fills it (issue 16: a blank
2,000-page PDF left 2,003 entries).

Two kinds of entry, JSON files of their own, owner-only (they hold document text):

- ``<digest[:2]>/<digest>.json``: the TSV and rotation of a page image (sha256 of the bitmap,
  dpi, language): the same page in two files is OCR'd once;
- ``files/<sha[:2]>/<sha>-p<N>-….json``: page N of the PDF with file hash ``sha`` → its
  image digest and size, so reading the same file again renders nothing.

Bounds:

- a page OCR found no word on (blank, or noise) gets no index entry: its image entry is
  shared by every blank page of that size, so a blank PDF of any length leaves one entry;
- only the first ``VANTHU_OCR_CACHE_PAGES`` pages of a file (default 200) are cached at all;
- the whole cache is kept under ``VANTHU_OCR_CACHE_MB`` (default 500 MB): at most once a
  minute (checked on a write, by the age of a marker file, whatever process writes), the
  least recently used entries (read or written: a hit refreshes an entry's time) are deleted
  down to 80 % of it.
"""
from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

PAGES_PER_FILE = 200
MAX_MB = 500
PRUNE_EVERY_S = 60.0
PRUNE_TO = 0.8
_MARKER = ".pruned"


def _setting(env: str, default: float) -> float:
    try:
        return float(os.environ.get(env) or default)
    except ValueError:
        return default


def pages_per_file() -> int:
    """How many pages of one file may be cached (``VANTHU_OCR_CACHE_PAGES``)."""
    return int(_setting("VANTHU_OCR_CACHE_PAGES", PAGES_PER_FILE))


def max_bytes() -> float:
    """The size the cache is kept under (``VANTHU_OCR_CACHE_MB``)."""
    return _setting("VANTHU_OCR_CACHE_MB", MAX_MB) * 1024 * 1024


def cache_dir() -> Path:
    env = os.environ.get("VANTHU_OCR_CACHE")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir
    return Path(user_cache_dir("vanthu")) / "ocr"


def image_entry(digest: str) -> Path:
    return cache_dir() / digest[:2] / f"{digest}.json"


def file_entry(file_sha256: str, page: int, settings: str) -> Path:
    return cache_dir() / "files" / file_sha256[:2] / f"{file_sha256}-p{page}-{settings}.json"


def load(path: Path) -> dict | None:
    """The entry at ``path``, its time refreshed (the cache evicts the least recently used)."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    try:
        os.utime(path)
    except OSError:
        pass
    return data if isinstance(data, dict) else None


def store(path: Path, data: dict) -> None:
    """Write an entry (atomically, 0600 in folders 0700); a read-only cache only costs time."""
    try:
        for folder in (cache_dir(), path.parent):   # the cache holds document text: owner only
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(json.dumps(data, ensure_ascii=False))
        os.replace(tmp, path)
    except OSError:
        return
    _prune_now_and_then()


def _prune_now_and_then() -> None:
    marker = cache_dir() / _MARKER
    try:
        if time.time() - marker.stat().st_mtime < PRUNE_EVERY_S:
            return
    except FileNotFoundError:
        pass
    except OSError:
        return
    try:
        marker.touch(mode=0o600)
    except OSError:
        return
    prune()


def entries() -> list[tuple[float, int, Path]]:
    """Every entry as (time last used, size, path)."""
    found = []
    for path in cache_dir().rglob("*.json"):
        try:
            st = path.stat()
        except OSError:
            continue
        found.append((st.st_mtime, st.st_size, path))
    return found


def prune(limit: float | None = None) -> int:
    """Delete the least recently used entries while the cache is over ``limit`` bytes
    (default :func:`max_bytes`), down to 80 % of it; how many were deleted."""
    limit = max_bytes() if limit is None else limit
    found = entries()
    total = sum(size for _, size, _ in found)
    if total <= limit:
        return 0
    deleted = 0
    for _, size, path in sorted(found, key=lambda e: e[0]):
        if total <= PRUNE_TO * limit:
            break
        try:
            path.unlink()
        except OSError:
            continue
        total -= size
        deleted += 1
    return deleted
