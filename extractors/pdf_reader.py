"""PDF reader: the text layer of every page, via PDFium (pypdfium2).

PDFium returns text in content-stream order, which keeps most of a page in reading order
but not the header of a Vietnamese official document: issuing body + "Số: ..." on the
left and national motto + place/date on the right share baselines, and producers that
draw a table row by row (Word does) make PDFium print "Số: 12/UBND Hà Nội, ngày ..." or
"CHÍNH PHỦ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" as one line. So on page 1 the header band is
located from PDFium's text rectangles and read as two regions, left column first, then
the right column, then the rest of the page (the column layout, shared with the OCR reader,
is :mod:`extractors.layout`). Other pages are read as they come.

Pages without a usable text layer (scans) are OCR'd with Tesseract (:mod:`extractors.ocr`);
a mixed PDF has only its scanned pages OCR'd. Without Tesseract and its Vietnamese model
(or with VANTHU_OCR=0) those pages are skipped, and a PDF with no text at all is refused
with :class:`errors.NeedsOCR`.

Reading is two steps, so that the OCR can run elsewhere (the ingest flow runs one Prefect
task per scanned page): :func:`read_text_layers` reads every page's text layer and names
the scanned pages, :meth:`TextLayers.complete` puts the OCR'd pages in and joins the text.
:func:`read_pdf_text` does both, OCR'ing sequentially in between.
"""
from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from . import errors, limits, ocr
from .normalize import normalize, ocr_confusables
from .layout import header_split, read_split
from .ocr import OcrPage
from .signature_zone import with_signature

# A page with fewer non-space characters than this has no usable text layer.
MIN_PAGE_CHARS = 16


@dataclass
class PdfText:
    """What :func:`read_pdf_text` read: raw text, page count and the OCR'd pages."""

    text: str
    pages: int
    ocr_pages: list[OcrPage] = field(default_factory=list)

    def ocr_fields(self, text: str) -> tuple[str, dict]:
        """The normalised ``text`` after the OCR-only steps (look-alike letters, the
        corrections of data/ocr_corrections.json; both keep its length) and the Source
        fields that describe the OCR."""
        if not self.ocr_pages:
            return text, {}
        text, changes = ocr.correct(normalize(text, (ocr_confusables,)))
        return text, {"ocr": True, "ocr_pages": tuple(p.contract() for p in self.ocr_pages),
                      "ocr_corrections": tuple(changes)}


def read_pdf(path: str | os.PathLike) -> tuple[str, int]:
    """Raw text of all pages (OCR'd where there is no text layer) and the page count."""
    read = read_pdf_text(path)
    return read.text, read.pages


@dataclass(frozen=True)
class TextLayers:
    """The text layer of every page of a PDF, before OCR."""

    path: str
    texts: tuple[str, ...]

    @property
    def pages(self) -> int:
        return len(self.texts)

    @property
    def scanned(self) -> list[int]:
        """Pages (1-based) without a usable text layer: the ones to OCR."""
        return [i + 1 for i, t in enumerate(self.texts) if not _has_text(t)]

    def complete(self, done: Sequence[OcrPage] = (), file_sha256: str | None = None) -> PdfText:
        """The PDF's text with the OCR'd pages ``done`` in place of their empty text layer
        (pages without usable text left out), the signature block read again where a seal
        may hide it (:mod:`extractors.signature_zone`). Raises NeedsOCR when no page has text."""
        texts = list(self.texts)
        done = sorted(done, key=lambda p: p.page)
        if done:
            try:
                done = with_signature(self.path, done, file_sha256)
            except (ocr.OcrError, OSError, pdfium.PdfiumError):
                pass                                # the page text as read: the block is a bonus
        for page in done:
            texts[page.page - 1] = page.text
        with_text = [t for t in texts if _has_text(t)]
        if not with_text:
            raise _needs_ocr(self.path, len(texts), bool(done))
        return PdfText(_unwrap_hyphens("\n\n".join(with_text)), len(texts), done)

    def ocr_failed(self, error: BaseException | str) -> errors.NeedsOCR:
        """The error to report when OCR of the scanned pages failed with ``error``."""
        return errors.NeedsOCR(self.path, f"{len(self.scanned)} pages without a text layer; "
                                          f"OCR failed: {error}")


def _has_text(text: str) -> bool:
    return sum(not c.isspace() for c in text) >= MIN_PAGE_CHARS


def read_text_layers(path: str | os.PathLike, data: bytes | None = None) -> TextLayers:
    """Every page's text layer (no OCR), from ``data`` (the file's bytes) when given.
    Raises EncryptedFile, CorruptFile, or LimitExceeded (page count) before reading pages."""
    with ocr.PDFIUM_LOCK:  # PDFium is not thread-safe
        try:
            pdf = pdfium.PdfDocument(data if data is not None else os.fspath(path))
        except pdfium.PdfiumError as e:
            if e.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
                raise errors.EncryptedFile(str(path), "password-protected PDF") from e
            raise errors.CorruptFile(str(path), str(e)) from e
        try:
            limits.MAX_PAGES.check(str(path), len(pdf))
            texts = tuple(_page_text(pdf[i], first=i == 0) for i in range(len(pdf)))
            if ocr.enabled():   # a page to OCR is measured before it is ever rendered
                for i, t in enumerate(texts):
                    if not _has_text(t):
                        ocr.check_area(pdf[i], str(path), i + 1)
        except pdfium.PdfiumError as e:
            raise errors.CorruptFile(str(path), f"cannot extract text: {e}") from e
        finally:
            pdf.close()
    return TextLayers(str(path), texts)


def read_pdf_text(path: str | os.PathLike, file_sha256: str | None = None) -> PdfText:
    """Every page's text, joined by blank lines: the text layer, or OCR for a page without
    a usable one (sequentially; see :func:`extractors.ocr.ocr_pages` for a thread pool).
    ``file_sha256`` (the file's hash) lets pages OCR'd before come from the cache unrendered."""
    layers = read_text_layers(path)
    scanned = layers.scanned
    done: list[OcrPage] = []
    if scanned and ocr.enabled():
        try:
            done = ocr.ocr_pages(path, scanned, file_sha256=file_sha256)
        except (ocr.OcrError, OSError) as e:
            raise layers.ocr_failed(e) from e
    return layers.complete(done, file_sha256)


def _needs_ocr(path: str, pages: int, tried: bool) -> errors.NeedsOCR:
    if tried:
        return errors.NeedsOCR(path, f"{pages} pages without a text layer; OCR found no text")
    if os.environ.get("VANTHU_OCR", "1") == "0":
        return errors.NeedsOCR(path, f"{pages} pages without a text layer; OCR is off (VANTHU_OCR=0)")
    err = errors.NeedsOCR(path, f"{pages} pages without a text layer; Tesseract is not installed "
                                f"(apt-get install tesseract-ocr tesseract-ocr-vie)")
    err.message_vi = f"{errors.NeedsOCR.message_vi}: cài tesseract-ocr và tesseract-ocr-vie"
    return err


# Vietnamese never hyphenates a word at a line end, so a hyphen there belongs to a compound
# token that the layout wrapped: "186/KH-|UBND", "2018-|2020". PDFium already joins the lines
# after a letter but marks that hyphen U+FFFE; after a digit it keeps the line break.
_WRAPPED_HYPHEN = re.compile(r"(?<=\w-)\r?\n(?=\w)")


def _unwrap_hyphens(text: str) -> str:
    return _WRAPPED_HYPHEN.sub("", text.replace("\ufffe", "-"))


def _page_text(page: pdfium.PdfPage, first: bool) -> str:
    textpage = page.get_textpage()
    if first and page.get_rotation() == 0:
        bbox = page.get_bbox()
        split = header_split(textpage, bbox)
        if split is not None:
            return read_split(textpage, bbox, *split)
    return textpage.get_text_range()
