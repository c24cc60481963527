"""Opening a file from an untrusted inbox: once, without blocking, regular files only, its
bytes read from that one descriptor (what is hashed is what is read), and its format told
from its content as much as from its name (issue 16).

A FIFO, a device or a /proc file is refused with the reason before a byte is read from it
(O_NONBLOCK: opening a FIFO does not wait for a writer). The size limit is checked on the
open descriptor, and no more than the limit is ever read.
"""
from __future__ import annotations

import hashlib
import io
import os
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path

from . import errors, limits

FORMATS = {".txt": "txt", ".text": "txt", ".md": "txt", ".docx": "docx", ".pdf": "pdf",
           ".doc": "doc", ".rtf": "rtf", ".odt": "odt", ".htm": "html", ".html": "html"}
_KINDS = {stat.S_IFIFO: "a FIFO (named pipe)", stat.S_IFCHR: "a character device",
          stat.S_IFBLK: "a block device", stat.S_IFSOCK: "a socket", stat.S_IFDIR: "a folder",
          stat.S_IFLNK: "a symbolic link"}


class NotRegular(errors.ReadError):
    code = "not_regular_file"
    message_vi = "Không phải tệp thông thường (ống dẫn, thiết bị hoặc tệp hệ thống): không đọc"


@dataclass(frozen=True)
class Opened:
    """A file's bytes, read once from one descriptor, and their hash."""

    path: str
    data: bytes
    sha256: str

    @property
    def size(self) -> int:
        return len(self.data)


def open_file(path: str | os.PathLike, max_bytes: float | None = None,
              allow_empty: bool = False) -> Opened:
    """The bytes of a regular file. Raises NotRegular, EmptyFile (unless ``allow_empty``),
    LimitExceeded or ReadError."""
    p = os.fspath(path)
    if os.path.realpath(p).startswith("/proc/"):
        raise NotRegular(p, "a /proc file (the state of a running process)")
    try:
        fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError as e:
        raise errors.ReadError(p, "not a file") from e
    except OSError as e:
        raise errors.ReadError(p, f"cannot open: {e.strerror or e}") from e
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular(p, _KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file"))
        if info.st_size == 0 and not allow_empty:
            raise errors.EmptyFile(p, "0 bytes")
        limit = limits.MAX_BYTES.value if max_bytes is None else max_bytes
        if info.st_size > limit:
            raise errors.LimitExceeded(p, limits.MAX_BYTES, info.st_size, limit, "size on disk")
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=True) as fh:
            fd = -1
            data = fh.read(int(limit) + 1)
    finally:
        if fd != -1:
            os.close(fd)
    if len(data) > limit:   # grew while read
        raise errors.LimitExceeded(p, limits.MAX_BYTES, len(data), limit, "size on disk")
    if not data and not allow_empty:
        raise errors.EmptyFile(p, "0 bytes")
    return Opened(p, data, hashlib.sha256(data).hexdigest())


def sniff(data: bytes) -> str | None:
    """The format the content shows, whatever the name: PDF, DOCX/ODT (ZIP), old Word (OLE)."""
    if data[:1024].lstrip(b"\x00\t\r\n \xef\xbb\xbf").startswith(b"%PDF") and b"%PDF" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            return None
        if "word/document.xml" in names:
            return "docx"
        if "content.xml" in names:
            return "odt"
    return None


def detect_format(path: str | os.PathLike, data: bytes) -> str:
    """Format from the extension, checked against (and, for a PDF or Word file under another
    name, replaced by) what the content is."""
    p = Path(path)
    named = FORMATS.get(p.suffix.lower())
    found = sniff(data)
    if named in ("txt", "html", None) and found is not None:
        return found            # "scan.txt" that is a PDF is read as the PDF it is
    if named is None:
        raise errors.UnsupportedFormat(str(p), f"extension {p.suffix or '(none)'!r} is not one of "
                                       f"{', '.join(sorted(FORMATS))}")
    head = data[:8]
    if named == "pdf" and not head.startswith(b"%PDF") and found != "pdf":
        raise errors.CorruptFile(str(p), f"named .pdf but does not start with %PDF (starts {head[:4]!r})")
    if named == "docx" and not head.startswith(b"PK"):
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            if _is_encrypted_ooxml(data):
                raise errors.EncryptedFile(str(p), "password-protected Word document")
            raise errors.UnsupportedFormat(str(p), "an old binary Word (.doc) file named .docx")
        raise errors.CorruptFile(str(p), "named .docx but is not a ZIP container")
    if named == "odt" and not head.startswith(b"PK"):
        raise errors.CorruptFile(str(p), "named .odt but is not a ZIP container")
    if named == "txt" and head.startswith(b"PK\x03\x04"):
        raise errors.UnsupportedFormat(str(p), "a binary file (ZIP) named as text")
    return named


# A password-protected .docx/.xlsx is an OLE compound file holding an "EncryptedPackage"
# stream (MS-OFFCRYPTO 2.3.4.4). Directory entries are 128 bytes, sector-aligned, and start
# with the UTF-16LE name followed (at +64) by its byte length including the final NUL.
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_ENCRYPTED_PACKAGE_LEN = (len(_ENCRYPTED_PACKAGE) + 2).to_bytes(2, "little")


def _is_encrypted_ooxml(data: bytes) -> bool:
    at = data.find(_ENCRYPTED_PACKAGE)
    while at != -1:
        if at % 128 == 0 and data[at + 64:at + 66] == _ENCRYPTED_PACKAGE_LEN:
            return True
        at = data.find(_ENCRYPTED_PACKAGE, at + 1)
    return False


def safe_text(text: str) -> str:
    """``text`` (a path from the file system) as valid Unicode: bytes that are not UTF-8
    (surrogate escapes) shown as ``\\xNN``, so both databases can store it."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
