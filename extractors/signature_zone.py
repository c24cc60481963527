"""The signature block of a scanned document, read a second time without its seal.

On a scanned page the signer's name sits under the red seal of the issuing body, and
Tesseract, reading the page in grey, often loses it (and the title above it): the page
text then ends at "KT. CHỦ TỊCH" and the document has no signer. Black print stays dark in
the red channel of a colour rendering while the red seal turns almost white, so the block
is read again from the red channel: the right part of the page from the "Nơi nhận" line
down, as one block of text (``--psm 6``). The lines read are added after the page's text,
where the signature block is looked for (:mod:`extractors.signer`).

Only the first OCR'd page with a "Nơi nhận" line is read again (a tờ trình's own signature
comes before the draft it submits). The result is cached by file hash and page, like the
pages themselves (:mod:`extractors.ocr_cache`).
"""
from __future__ import annotations

import os
from collections.abc import Sequence

import pypdfium2 as pdfium

from . import ocr, ocr_cache
from .layout import Word, _lines_text

# The block lies right of this share of the page width (the "Nơi nhận" list is on the left).
LEFT = 0.45
# Pixels above the "Nơi nhận" line that belong to the block ("TM. ỦY BAN NHÂN DÂN" on the same row).
ABOVE = 20
SETTINGS = f"sig-{ocr.DPI}-{ocr.LANG}-6-{ocr.CACHE_VERSION}"


def receivers_row(words: Sequence[Word]) -> int | None:
    """Top (pixels) of the "Nơi nhận" line on an OCR'd page, if it has one."""
    for a, b in zip(words, words[1:]):
        if a.line == b.line and a.text.casefold() in ("nơi", "noi") and b.text.casefold().startswith("nhận"):
            return min(a.top, b.top)
    return None


def reread(pdf_path: str | os.PathLike, page: ocr.OcrPage, file_sha256: str | None = None) -> str:
    """The signature block of ``page`` read from the red channel ("" when the page has no
    "Nơi nhận" line)."""
    top = receivers_row(page.words)
    if top is None:
        return ""
    entry = ocr_cache.file_entry(file_sha256, page.page, SETTINGS) if file_sha256 else None
    cached = ocr_cache.load(entry) if entry is not None else None
    if cached is not None and isinstance(cached.get("text"), str):
        return cached["text"]
    with ocr.PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(os.fspath(pdf_path))
        try:
            image = pdf[page.page - 1].render(scale=ocr.DPI / 72).to_pil()
        finally:
            pdf.close()
    if page.rotation:
        image = image.rotate(-page.rotation, expand=True)
    red = image.getchannel("R") if image.mode in ("RGB", "RGBA", "RGBX") else image.convert("L")
    width, height = red.size
    block = red.crop((int(width * LEFT), max(0, top - ABOVE), width, height))
    tsv = ocr.RUNNER(["-l", ocr.LANG, "--psm", "6", "--dpi", str(ocr.DPI), "tsv"], ocr._pnm(block))
    text = _lines_text(ocr.parse_tsv(tsv))
    if entry is not None:
        ocr_cache.store(entry, {"text": text})
    return text


def with_signature(pdf_path: str | os.PathLike, pages: Sequence[ocr.OcrPage],
                   file_sha256: str | None = None) -> list[ocr.OcrPage]:
    """``pages`` (sorted by number), the first one with a "Nơi nhận" line followed by its
    signature block read again."""
    out = list(pages)
    for k, page in enumerate(out):
        if receivers_row(page.words) is None:
            continue
        extra = reread(pdf_path, page, file_sha256)
        if extra.strip():
            out[k] = ocr.OcrPage(page=page.page, text=f"{page.text}\n\n{extra}", confidence=page.confidence,
                                 rotation=page.rotation, words=page.words)
        break
    return out
