"""Where the two columns of a document's header are, on page 1: one module for both readers.

A Vietnamese official document opens with a two-column header (issuing body + "Số:" on the
left, national motto + place/date on the right) in the top :data:`HEADER_ZONE` of page 1;
read line by line, the columns run into each other. Each reader finds the gutter from what
it has and reads the left column first, then the right one, then the rest of the page:

- the text layer (:mod:`extractors.pdf_reader`): PDFium's text rectangles in PDF points
  (y up), grouped into bands; the gutter is a wide gap in one of the first bands, narrowed
  by the bands around it (:func:`header_split`, :func:`read_split`);
- OCR (:mod:`extractors.ocr`): Tesseract's word boxes in pixels (y down), grouped into
  rows; the gutter is the widest run of columns the fewest words cross (:func:`page_text`).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pypdfium2 as pdfium

from . import rx as re

# The header lies in the top part of page 1 (a share of the page height), for both readers.
HEADER_ZONE = 0.45

# ------------------------------------------------------------------ text layer (PDF points)

# The first two-column line of the header is among the first few lines of the zone.
HEADER_FIRST_LINES = 3
# Horizontal gap (PDF points) between the two header columns on one line: wider than any
# word space of justified text, narrower than the gutter of a real header table.
COLUMN_GAP = 18.0
# Share of a text rectangle's height that must overlap a line to belong to it.
BAND_OVERLAP = 0.3

Rect = tuple[float, float, float, float]  # left, bottom, right, top (PDF points, y up)


def read_split(textpage: pdfium.PdfTextPage, bbox: Rect, x_split: float, y_cut: float) -> str:
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


def header_split(textpage: pdfium.PdfTextPage, bbox: Rect) -> tuple[float, float] | None:
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


# ---------------------------------------------------------------------- OCR words (pixels)

HEADER_ROWS = 8
GUTTER_ROWS = 4  # the gutter is sought in the first rows: issuer/motto, number/date
GUTTER_RANGE = (0.28, 0.62)  # where the gutter may lie, as shares of the page width
MIN_GUTTER = 0.01  # narrowest gutter, as a share of the page width

_DATE_ROW = re.compile(r"\bn[ăa]m\s+\S{4}\s*$")


@dataclass
class Word:
    left: int
    top: int
    right: int
    bottom: int
    conf: float
    text: str
    line: tuple[int, int, int]  # block, paragraph, line

    @property
    def middle(self) -> float:
        return (self.left + self.right) / 2


def _lines_text(words: Sequence[Word]) -> str:
    """Words in Tesseract's reading order: a line per line, a blank line between paragraphs."""
    out: list[str] = []
    last: tuple[int, int, int] | None = None
    for w in words:
        if last is None:
            out.append(w.text)
        elif w.line == last:
            out[-1] += " " + w.text
        else:
            if w.line[:2] != last[:2]:
                out.append("")
            out.append(w.text)
        last = w.line
    return "\n".join(out)


def _rows(words: Sequence[Word]) -> list[list[Word]]:
    """Visual rows, top to bottom. Words of a row share their bottom (tone marks only make
    words taller upwards); small marks (dashes) then join the row whose box holds them."""
    if not words:
        return []
    typical = sorted(w.bottom - w.top for w in words)[len(words) // 2]
    rows: list[list[Word]] = []
    small = []
    for w in sorted(words, key=lambda w: w.bottom):
        height = w.bottom - w.top
        if height < typical / 2:
            small.append(w)
            continue
        for row in rows[-3:]:
            bottom = sorted(x.bottom for x in row)[len(row) // 2]
            if abs(w.bottom - bottom) <= 0.4 * min(height, typical):
                row.append(w)
                break
        else:
            rows.append([w])
    for w in small:
        middle = (w.top + w.bottom) / 2
        row = next((r for r in rows if min(x.top for x in r) <= middle <= max(x.bottom for x in r)),
                   None)
        if row is None:
            rows.append([w])
        else:
            row.append(w)
    rows.sort(key=lambda r: min(w.top for w in r))
    return [sorted(r, key=lambda w: w.left) for r in rows]


def _gutter(rows: Sequence[Sequence[Word]], width: int) -> float | None:
    """x of the gap between the header columns: the middle of the widest run of columns, in
    the middle of the page, that the fewest words cross (at most one: a stamp may)."""
    lo, hi = int(GUTTER_RANGE[0] * width), int(GUTTER_RANGE[1] * width)
    cover = [0] * (hi - lo)
    for row in rows:
        for w in row:
            for x in range(max(lo, w.left), min(hi, w.right)):
                cover[x - lo] += 1
    least = min(cover, default=2)
    if least > 1:
        return None
    best, run_start = (0, 0), None
    for x, c in enumerate([*cover, least + 1]):
        if c == least and run_start is None:
            run_start = x
        elif c != least and run_start is not None:
            if x - run_start > best[1] - best[0]:
                best = (run_start, x)
            run_start = None
    if best[1] - best[0] < MIN_GUTTER * width:
        return None
    return lo + (best[0] + best[1]) / 2


def page_text(words: Sequence[Word], width: int, height: int, split_header: bool) -> str:
    """The page's text; with ``split_header`` a two-column header is read column by column:
    the rows at the top that no word crosses the gutter of, left parts first."""
    if not split_header or not words:
        return _lines_text(words)
    rows = _rows([w for w in words if w.bottom <= HEADER_ZONE * height])[:HEADER_ROWS]
    gutter = _gutter(rows[:GUTTER_ROWS], width)
    if gutter is None:
        return _lines_text(words)
    header: list[list[Word]] = []
    above: list[list[Word]] = []
    dated = False  # below the place/date line only the left column (a V/v) goes on
    for row in rows:
        if any(w.left < gutter < w.right for w in row) or (
                dated and any(w.middle > gutter for w in row)):
            if header:
                break
            above.append(row)  # noise over the header
        else:
            header.append(row)
            dated = dated or bool(_DATE_ROW.search(" ".join(w.text for w in row if w.middle > gutter)))
    if not any(any(w.middle < gutter for w in r) and any(w.middle > gutter for w in r)
               for r in header):
        return _lines_text(words)
    used = {id(w) for row in above + header for w in row}
    parts = ["\n".join(" ".join(w.text for w in row) for row in above),
             "\n".join(t for row in header if (t := " ".join(w.text for w in row if w.middle < gutter))),
             "\n".join(t for row in header if (t := " ".join(w.text for w in row if w.middle > gutter))),
             _lines_text([w for w in words if id(w) not in used])]
    return "\n\n".join(p for p in parts if p.strip())
