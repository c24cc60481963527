"""PDF reader: the text layer of every page, via PDFium (pypdfium2).

PDFium returns text in content-stream order, which keeps most of a page in reading order
but not the header of a Vietnamese official document: issuing body + "Số: ..." on the
left and national motto + place/date on the right share baselines, and producers that
draw a table row by row (Word does) make PDFium print "Số: 12/UBND Hà Nội, ngày ..." or
"CHÍNH PHỦ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" as one line. So on page 1 the header band is
located from PDFium's text rectangles and read as two regions, left column first, then
the right column, then the rest of the page. Other pages are read as they come.

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
from .ocr import OcrPage

# A page with fewer non-space characters than this has no usable text layer.
MIN_PAGE_CHARS = 16
# The header sits in the top part of page 1; its first two-column line is among the
# first few lines there.
HEADER_ZONE = 0.45
HEADER_FIRST_LINES = 3
# Horizontal gap (PDF points) between the two header columns on one line: wider than any
# word space of justified text, narrower than the gutter of a real header table.
COLUMN_GAP = 18.0
# Share of a text rectangle's height that must overlap a line to belong to it.
BAND_OVERLAP = 0.3

Rect = tuple[float, float, float, float]  # left, bottom, right, top (PDF points, y up)


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

    def complete(self, done: Sequence[OcrPage] = ()) -> PdfText:
        """The PDF's text with the OCR'd pages ``done`` in place of their empty text layer
        (pages without usable text left out). Raises NeedsOCR when no page has text."""
        texts = list(self.texts)
        done = sorted(done, key=lambda p: p.page)
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
    return layers.complete(done)


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
        split = _header_split(textpage, bbox)
        if split is not None:
            return _read_split(textpage, bbox, *split)
    return textpage.get_text_range()


def _read_split(textpage: pdfium.PdfTextPage, bbox: Rect, x_split: float, y_cut: float) -> str:
    """Left header column, right header column, then the page below the header."""
    left, bottom, right, top = bbox
    parts = (textpage.get_text_bounded(left, y_cut, x_split, top),
             textpage.get_text_bounded(x_split, y_cut, right, top),
             textpage.get_text_bounded(left, bottom, right, y_cut))
    return "\n\n".join(p.strip("\r\n") for p in parts if p.strip())


@dataclass
class _Band:
    """Text rectangles that overlap vertically: one visual line, or a line of each column."""

    top: float
    bottom: float
    rects: list[Rect] = field(default_factory=list)

    def gap(self) -> tuple[float, float] | None:
        """The widest horizontal gap of at least COLUMN_GAP between rectangles, if any."""
        best: tuple[float, float] | None = None
        reach = None
        for left, _, right, _ in sorted(self.rects):
            if reach is not None and left - reach >= COLUMN_GAP and (
                    best is None or left - reach > best[1] - best[0]):
                best = (reach, left)
            reach = right if reach is None else max(reach, right)
        return best


def _bands(rects: list[Rect]) -> list[_Band]:
    """Group rectangles into bands, top to bottom."""
    bands: list[_Band] = []
    for rect in sorted(rects, key=lambda r: -r[3]):
        # Joins the band above when it overlaps it by a good part of its own height: tall
        # Vietnamese diacritics make consecutive lines touch, which must not chain them.
        if bands and rect[3] - bands[-1].bottom >= BAND_OVERLAP * (rect[3] - rect[1]):
            band = bands[-1]
            band.bottom = min(band.bottom, rect[1])
        else:
            band = _Band(top=rect[3], bottom=rect[1])
            bands.append(band)
        band.rects.append(rect)
    return bands


def _header_split(textpage: pdfium.PdfTextPage, bbox: Rect) -> tuple[float, float] | None:
    """(x of the column gutter, y below the header) when the page opens with a two-column
    header, else None.

    The gutter is first taken from a band with a wide gap among the first lines. Each
    following band is assigned left/right of it rectangle by rectangle (by centre) and the
    gutter narrows to what stays free; a band that leaves no free gutter (a full-width
    title or paragraph) ends the search. The header ends with the last band that has text
    on both sides, so a centred title under the header is not taken into the right column.
    """
    rects = [textpage.get_rect(i) for i in range(textpage.count_rects())]
    rects = [r for r in rects if r[2] - r[0] > 0.5 and r[3] - r[1] > 0.5]  # drop empty boxes
    zone_bottom = bbox[3] - HEADER_ZONE * (bbox[3] - bbox[1])
    bands = _bands([r for r in rects if r[1] >= zone_bottom])
    first = next(((i, gap) for i, band in enumerate(bands[:HEADER_FIRST_LINES])
                  if (gap := band.gap()) is not None), None)
    if first is None:
        return None
    start, (gap_left, gap_right) = first
    header: tuple[float, float, float] | None = None  # gutter left, right, header bottom
    # The band that gave the gutter, then the bands above it, then those below.
    for i in [start, *range(start), *range(start + 1, len(bands))]:
        band = bands[i]
        middle = (gap_left + gap_right) / 2
        sides = [r[0] + r[2] < 2 * middle for r in band.rects]
        for rect, is_left in zip(band.rects, sides):
            if is_left:
                gap_left = max(gap_left, rect[2])
            else:
                gap_right = min(gap_right, rect[0])
        if gap_right - gap_left < 1.0:
            if i < start:  # a full-width line above the header: not a header layout
                return None
            break
        if any(sides) and not all(sides) and i >= start:
            header = (gap_left, gap_right, band.bottom)
    if header is None:
        return None
    gutter_left, gutter_right, header_bottom = header
    below = [r[3] for r in rects if r[3] <= header_bottom]
    y_cut = (header_bottom + max(below)) / 2 if below else bbox[1]
    return (gutter_left + gutter_right) / 2, y_cut
