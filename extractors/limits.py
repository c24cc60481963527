"""Per-file resource limits, checked before the work they bound is done (issue 16).

Each limit has a default and an environment variable; a file over one fails with
:class:`errors.LimitExceeded`, whose Vietnamese message names the limit, its value and the
variable that changes it. The checks are here; the readers call them:

=================  ==========================  ==============================================
limit              variable                    checked
=================  ==========================  ==============================================
size on disk       VANTHU_MAX_BYTES            before the file is read (its stat)
unpacked part      VANTHU_MAX_UNPACKED_BYTES   DOCX/ODT: every part's size in the zip
                                               directory, before any part is unpacked
extracted text     VANTHU_MAX_CHARS            the raw text, before it is normalised
pages              VANTHU_MAX_PAGES            PDF: the page count, before pages are read
page area          VANTHU_MAX_PAGE_PIXELS      PDF: the page's pixels at the OCR resolution,
                                               before it is rendered
seconds per file   VANTHU_FILE_TIMEOUT         reading + extraction in a worker process,
                                               killed when over (pipelines.sandbox)
=================  ==========================  ==============================================
"""
from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass
from typing import IO

from . import errors


@dataclass(frozen=True)
class Limit:
    env: str
    default: float
    name_vi: str          # what is limited, for the user's message
    unit_vi: str
    unit: str             # the unit in the English detail

    @property
    def value(self) -> float:
        """The limit now: the environment variable when it is set to a number, else the default."""
        raw = os.environ.get(self.env)
        try:
            return float(raw) if raw else self.default
        except ValueError:
            return self.default

    def check(self, path: str, amount: float, what: str = "") -> None:
        """Raise LimitExceeded when ``amount`` is over the limit."""
        limit = self.value
        if amount > limit:
            raise errors.LimitExceeded(path, self, amount, limit, what)


MiB = 1024 * 1024
MAX_BYTES = Limit("VANTHU_MAX_BYTES", 100 * MiB, "kích thước tệp", "byte", "bytes")
MAX_UNPACKED = Limit("VANTHU_MAX_UNPACKED_BYTES", 64 * MiB, "dung lượng giải nén của một phần", "byte",
                     "bytes")
MAX_CHARS = Limit("VANTHU_MAX_CHARS", 5_000_000, "độ dài văn bản trích ra", "ký tự", "characters")
MAX_PAGES = Limit("VANTHU_MAX_PAGES", 2000, "số trang", "trang", "pages")
MAX_PAGE_PIXELS = Limit("VANTHU_MAX_PAGE_PIXELS", 60_000_000, "diện tích trang khi nhận dạng (OCR)",
                        "điểm ảnh", "pixels")
FILE_TIMEOUT = Limit("VANTHU_FILE_TIMEOUT", 300, "thời gian xử lý một tệp", "giây", "seconds")

ALL = (MAX_BYTES, MAX_UNPACKED, MAX_CHARS, MAX_PAGES, MAX_PAGE_PIXELS, FILE_TIMEOUT)


def check_zip(source: str | os.PathLike | IO[bytes], path: str) -> None:
    """Refuse a zip container (DOCX, ODT) whose parts unpack to more than MAX_UNPACKED, from
    the sizes its directory declares; zipfile never unpacks more than a part declares."""
    try:
        with zipfile.ZipFile(source) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise errors.CorruptFile(path, f"not a readable ZIP container: {e}") from e
    for info in infos:
        MAX_UNPACKED.check(path, info.file_size, f"part {info.filename!r}")
    MAX_UNPACKED.check(path, sum(i.file_size for i in infos), "all parts together")


def check_text(path: str, text: str) -> None:
    MAX_CHARS.check(path, len(text))
