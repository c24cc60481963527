"""Turn a file into normalised text. One entry point, :func:`read_file`; one reader per format.

Readers never touch the database. Every failure is a :class:`extractors.errors.ReadError`
subclass naming the file and what is wrong with it.

:func:`start_read` is :func:`read_file` without the OCR: a PDF with scanned pages that are
not in the OCR cache comes back as a :class:`PendingOcr`, whose pages the caller OCRs as it
likes (the ingest flow: one Prefect task per page) before :meth:`PendingOcr.finish`.
"""
from __future__ import annotations

import codecs
import hashlib
import io
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import errors, legacy, limits
from .normalize import normalize
from .opening import FORMATS, detect_format, open_file, sniff  # noqa: F401 - public here too

if TYPE_CHECKING:
    from .ocr import OcrPage
    from .pdf_reader import PdfText, TextLayers



@dataclass(frozen=True)
class Source:
    """A file read into normalised text. ``text`` is what every span points into."""

    path: str
    sha256: str
    format: str
    size: int
    text: str
    pages: int | None = None
    ocr: bool = False
    # Digital-signature facts of a PDF (extractors.signatures); extra contract key when any.
    signatures: tuple[dict, ...] = ()
    # OCR'd pages ({"page", "confidence" (mean word conf, 0-100), "rotation", "words"}) and
    # the corrections applied ({"from", "to", "span", "rule"}); extra contract keys when ocr.
    ocr_pages: tuple[dict, ...] = ()
    ocr_corrections: tuple[dict, ...] = ()

    @property
    def ocr_confidence(self) -> float | None:
        """Mean word confidence over the OCR'd pages with words (0-100; blank pages left
        out), None without OCR."""
        confs = page_confidences(self.ocr_pages)
        return round(sum(confs) / len(confs), 1) if confs else None

    @property
    def ocr_min_confidence(self) -> float | None:
        """The lowest confidence of an OCR'd page with words, None without OCR."""
        return min(page_confidences(self.ocr_pages), default=None)

    def contract(self) -> dict:
        out = {"path": self.path, "sha256": self.sha256, "format": self.format,
               "pages": self.pages, "ocr": self.ocr}
        if self.signatures:
            out["signatures"] = [dict(f) for f in self.signatures]
        if self.ocr:
            out["ocr_pages"] = [dict(p) for p in self.ocr_pages]
            out["ocr_confidence"] = self.ocr_confidence
            out["ocr_corrections"] = [dict(c) for c in self.ocr_corrections]
        return out


def page_confidences(pages: Sequence[dict]) -> list[float]:
    """The confidences of the OCR'd pages in ``source.ocr_pages`` that are not blank: a page
    is blank when Tesseract read no word on it ("words": 0; in extractions made before that
    key, its confidence is exactly 0, which only a page without words gets)."""
    out = []
    for page in pages:
        if not isinstance(page, dict) or page.get("confidence") is None:
            continue
        conf = float(page["confidence"])
        if page.get("words", 1 if conf else 0):
            out.append(conf)
    return out


def sha256_file(path: str | os.PathLike, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(chunk), b""):
            h.update(block)
    return h.hexdigest()


def decode_text(data: bytes, path: str = "") -> str:
    """UTF-8 (with or without BOM) or UTF-16 (BOM, or NUL-byte pattern without one); legacy
    Vietnamese text (TCVN3, VNI, Windows-1258 — raw, or seen as Windows-1252 in UTF-8) is
    converted to Unicode (extractors.legacy)."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise errors.BadEncoding(path, f"UTF-16 BOM but invalid UTF-16: {e}") from e
    else:
        sample = data[:4096]
        if len(sample) >= 4 and sample.count(0) >= len(sample) // 4:
            # UTF-16 without BOM: NULs on the odd (LE) or even (BE) bytes of ASCII text.
            enc = "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
            try:
                return data.decode(enc)
            except UnicodeDecodeError as e:
                raise errors.BadEncoding(path, f"looks like UTF-16 but is not: {e}") from e
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        found = legacy.detect_bytes(data)  # TCVN3, VNI or Windows-1258 bytes
        if found is None:
            raise errors.BadEncoding(
                path, f"not valid UTF-8 at byte {e.start}, and not Vietnamese in TCVN3, VNI "
                      f"or Windows-1258 either") from e
        return found[1]
    found = legacy.detect_text(text)  # legacy bytes once decoded as Windows-1252
    return found[1] if found else text


def read_txt(path: str | os.PathLike) -> tuple[str, int | None]:
    return decode_text(Path(path).read_bytes(), str(path)), None


@dataclass(frozen=True)
class PendingOcr:
    """A PDF read up to the OCR of its scanned ``pages`` (1-based; the pages found in the OCR
    cache are already in ``cached``). OCR them, e.g. with :func:`extractors.ocr.ocr_pdf_page`
    (``file_sha256=sha256``), in any order or in parallel, then call :meth:`finish`."""

    path: str
    sha256: str
    format: str
    size: int
    layers: TextLayers
    pages: tuple[int, ...]
    cached: tuple[OcrPage, ...] = field(default=(), repr=False)

    @property
    def page_count(self) -> int:
        return self.layers.pages

    def finish(self, done: Sequence[OcrPage]) -> Source:
        """The Source, with the OCR'd pages ``done`` (and the cached ones) in place."""
        return _source(Path(self.path), self.sha256, self.format, self.size,
                       self.layers.complete([*self.cached, *done], self.sha256))

    def failed(self, error: BaseException | str) -> errors.NeedsOCR:
        """The error to record when the OCR of a page failed with ``error``."""
        return self.layers.ocr_failed(error)

    def ocr(self) -> list[OcrPage]:
        """OCR the pending pages here, one after the other (what read_file does)."""
        from . import ocr
        try:
            return ocr.ocr_pages(self.path, self.pages, file_sha256=self.sha256)
        except (ocr.OcrError, OSError) as e:
            raise self.failed(e) from e


def start_read(path: str | os.PathLike, max_bytes: float | None = None) -> Source | PendingOcr:
    """:func:`read_file`, except that a PDF with scanned pages to OCR (OCR on, pages not in
    the cache) is returned as a :class:`PendingOcr` instead of being OCR'd here. The file is
    opened once (extractors.opening); every per-file limit (extractors.limits) is checked
    before the work it bounds."""
    p = Path(path)
    opened = open_file(p, max_bytes)
    data, digest, size = opened.data, opened.sha256, opened.size
    fmt = detect_format(p, data)
    if fmt == "pdf":
        from . import ocr
        from .pdf_reader import read_text_layers
        layers = read_text_layers(p, data)
        scanned = layers.scanned
        if not scanned or not ocr.enabled():
            return _source(p, digest, fmt, size, layers.complete(), data)
        cached = [hit for n in scanned if (hit := ocr.cached_page(digest, n)) is not None]
        missing = tuple(n for n in scanned if n not in {c.page for c in cached})
        pending = PendingOcr(str(p), digest, fmt, size, layers, missing, tuple(cached))
        return pending if missing else pending.finish(())
    if fmt == "txt":
        raw, pages = decode_text(data, str(p)), None
    elif fmt == "docx":
        from .docx_reader import read_docx
        raw, pages = read_docx(p, data)
    elif fmt in ("doc", "rtf", "odt"):
        from .convert import read_office
        if fmt == "odt":
            limits.check_zip(io.BytesIO(data), str(p))
        raw, pages = read_office(p, data=data, fmt=fmt)
    else:
        from .convert import read_html
        raw, pages = read_html(p, data)
    return _text_source(p, digest, fmt, size, raw, pages)


def read_file(path: str | os.PathLike, max_bytes: float | None = None) -> Source:
    """Read any supported file into a :class:`Source`. Raises a ReadError subclass."""
    started = start_read(path, max_bytes)
    if isinstance(started, PendingOcr):
        return started.finish(started.ocr())
    return started


def _text_source(p: Path, digest: str, fmt: str, size: int, raw: str, pages: int | None,
                 pdf_text: PdfText | None = None, data: bytes | None = None) -> Source:
    """Normalise ``raw`` into the Source; for a PDF (``pdf_text``) with the OCR-only steps
    and fields, and the digital signatures."""
    limits.check_text(str(p), raw)
    # NUL and other C0 controls (but tab and line ends) mean nothing in a document and
    # PostgreSQL refuses NUL in text: dropped here, so both databases store the same text.
    raw = raw.translate(_CONTROLS)
    text = normalize(raw)
    ocr_fields: dict = {}
    if pdf_text is not None:
        text, ocr_fields = pdf_text.ocr_fields(text)
    if not text.strip():
        raise errors.EmptyFile(str(p), "no text after reading")
    share = readable_share(text)
    if share < MIN_READABLE or len(re.findall(r"[^\W\d_]{2,}", text[:100_000])) < 3:
        raise errors.NotText(str(p), f"{share:.0%} of its words are words or numbers "
                                     f"(Vietnamese letters, digits, punctuation); at least "
                                     f"{MIN_READABLE:.0%} expected")
    signatures: tuple[dict, ...] = ()
    if pdf_text is not None:
        from .ocr import PDFIUM_LOCK
        from .signatures import read_signatures
        with PDFIUM_LOCK:  # PDFium is not thread-safe
            signatures = read_signatures(p, data)
    return Source(path=str(p), sha256=digest, format=fmt, size=size, text=text, pages=pages,
                  signatures=signatures, **ocr_fields)


# A word (between spaces) of a written text: Vietnamese/Latin letters, digits, the punctuation
# of numbers, dates, citations and sentences. Random bytes decoded as text have few of them.
_WORD = re.compile(r"[\w\d.,;:!?()\[\]/%&+*=<>\-–—…'\"“”‘’§°№•·@#_|\\]+")
MIN_READABLE = 0.5


def readable_share(text: str) -> float:
    """The share of ``text``'s words (a sample of up to 20,000) made of letters of the
    Latin script, digits and punctuation only."""
    words = text.split(None, 20_000)[:20_000]
    if not words:
        return 0.0
    latin = sum(1 for w in words if _WORD.fullmatch(w) and _latin(w))
    return latin / len(words)


def _latin(word: str) -> bool:
    return all(c < "\u0250" or "\u1e00" <= c <= "\u1eff" or not c.isalpha() for c in word)


_CONTROLS = {c: None for c in range(32) if chr(c) not in "\t\n\r\f\v"} | {0x7F: None}


def _source(p: Path, digest: str, fmt: str, size: int, pdf_text: PdfText,
            data: bytes | None = None) -> Source:
    return _text_source(p, digest, fmt, size, pdf_text.text, pdf_text.pages, pdf_text, data)


def source_from_text(text: str, path: str = "<text>") -> Source:
    """A Source for text that did not come from a file (tests, the Python API)."""
    norm = normalize(text)
    return Source(path=path, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                  format="txt", size=len(text.encode("utf-8")), text=norm)
