"""OCR of scanned PDF pages with Tesseract (CLI, Vietnamese model), cached by page image.

A page is rendered with PDFium at :data:`DPI` (300: 200 dpi is about 25% faster with the
same mean word confidence, but loses hand-written digits, e.g. "Số: 80" for "280"), OCR'd with ``tesseract … tsv`` and rebuilt into text
from the word boxes: on page 1 the two-column header (issuing body + "Số:" on the left,
motto + place/date on the right) is read left column first, like the text-layer reader
(:mod:`extractors.layout`, where both readers' column layout lives).
The mean word confidence of the TSV is kept with each page. A page whose words come out
with a low confidence is checked for orientation (``--psm 0`` OSD) and, if turned, rotated
and read again.

Results are cached under :func:`cache_dir` by the sha256 of the rendered bitmap, the dpi
and the language, so reading a document twice runs Tesseract once. When the PDF file's
sha256 is known, a small index entry (file hash + page → bitmap hash and size) lets a
second read skip rendering too: :func:`cached_page`. The cache is bounded per file and in
size (:mod:`extractors.ocr_cache`).

:func:`ocr_pdf_page` OCRs one page (the ingest flow runs it as a Prefect task per page);
:func:`ocr_pages` OCRs several pages of one PDF, optionally in a thread pool (Tesseract is
a subprocess). PDFium is not thread-safe, not even across documents, so every PDFium call
of vanthu's readers holds :data:`PDFIUM_LOCK`; only Tesseract runs in parallel.
"""
from __future__ import annotations

import hashlib
import io
import os
from . import rx as re
import shutil
import subprocess
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from . import ocr_cache
from .layout import Word, page_text  # noqa: F401 - Word is public here too
from .ocr_cache import cache_dir  # noqa: F401 - where the cache is (callers use ocr.cache_dir)

DPI = 300
LANG = "vie"
PSM = "3"  # fully automatic page segmentation, no OSD
# Below this mean word confidence (0–100) a page is checked for orientation.
ROTATE_CHECK_CONF = 60.0
# Bump when what is cached changes meaning (not when the text layout changes: the TSV is cached).
CACHE_VERSION = "1"
TIMEOUT_S = 120

Runner = Callable[[list[str], bytes], str]

# Held around every PDFium call (open, text, render, close) made by the readers: PDFium must
# never be entered from two threads at once (pypdfium2 docs, "Incompatibility with Threading").
PDFIUM_LOCK = threading.RLock()


def _run(args: list[str], image: bytes) -> str:
    """Run ``tesseract stdin stdout *args`` on a PNM image; its stdout."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # one core per page; pages run in parallel
    done = subprocess.run(["tesseract", "stdin", "stdout", *args], input=image, env=env,
                          capture_output=True, timeout=TIMEOUT_S, check=False)
    if done.returncode != 0:
        raise OcrError(done.stderr.decode("utf-8", "replace").strip()[-300:])
    return done.stdout.decode("utf-8", "replace")


# The function that runs Tesseract; tests replace it to count calls.
RUNNER: Runner = _run


class OcrError(RuntimeError):
    """Tesseract failed on a page."""


@lru_cache(maxsize=1)
def available(lang: str = LANG) -> bool:
    """Tesseract is on PATH and has the language model."""
    if shutil.which("tesseract") is None:
        return False
    try:
        out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True,
                             timeout=30, check=False).stdout
    except (OSError, subprocess.TimeoutExpired):
        return False
    return lang in out.split()


def enabled() -> bool:
    """OCR runs unless VANTHU_OCR=0 (and Tesseract with the model is installed)."""
    return os.environ.get("VANTHU_OCR", "1") != "0" and available()


@dataclass
class OcrPage:
    """One OCR'd page: its text, mean word confidence (0–100) and the rotation applied."""

    page: int  # 1-based
    text: str
    confidence: float
    rotation: int = 0
    words: list[Word] = field(default_factory=list, repr=False)

    def contract(self) -> dict:
        """The page in ``source.ocr_pages``; ``words`` = 0 marks a blank page (its confidence,
        0, says nothing about how well the document was read)."""
        return {"page": self.page, "confidence": self.confidence, "rotation": self.rotation,
                "words": len(self.words)}


def parse_tsv(tsv: str) -> list[Word]:
    words = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        left, top, width, height = map(int, cols[6:10])
        words.append(Word(left, top, left + width, top + height, float(cols[10]), cols[11].strip(),
                          (int(cols[2]), int(cols[3]), int(cols[4]))))
    return words


def mean_confidence(words: Sequence[Word]) -> float:
    confs = [w.conf for w in words if w.conf >= 0]
    return round(sum(confs) / len(confs), 1) if confs else 0.0


def _pnm(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PPM")  # PGM for grey images: no compression cost
    return buffer.getvalue()


def _osd_rotation(image: bytes, dpi: int) -> int:
    """Degrees to turn the page clockwise so that its text stands upright (OSD)."""
    try:
        out = RUNNER(["--psm", "0", "--dpi", str(dpi)], image)
    except OcrError:  # too little text to tell
        return 0
    m = re.search(r"^Rotate:\s*(\d+)", out, re.M)
    return int(m.group(1)) % 360 if m else 0


def _read(image: Image.Image, dpi: int, lang: str) -> tuple[str, int]:
    """TSV of the page and the rotation applied (0 unless OSD turned a poorly read page)."""
    data = _pnm(image)
    args = ["-l", lang, "--psm", PSM, "--dpi", str(dpi), "tsv"]
    tsv = RUNNER(args, data)
    words = parse_tsv(tsv)
    if mean_confidence(words) >= ROTATE_CHECK_CONF and len(words) >= 10:
        return tsv, 0
    rotation = _osd_rotation(data, dpi)
    if rotation == 0:
        return tsv, 0
    turned_tsv = RUNNER(args, _pnm(image.rotate(-rotation, expand=True)))
    if mean_confidence(parse_tsv(turned_tsv)) > mean_confidence(words):
        return turned_tsv, rotation
    return tsv, 0


def _digest(image: Image.Image, dpi: int, lang: str) -> str:
    digest = hashlib.sha256(image.tobytes())
    digest.update(f"|{image.size}|{dpi}|{lang}|{PSM}|{CACHE_VERSION}".encode())
    return digest.hexdigest()


def _file_entry(file_sha256: str, page: int, dpi: int, lang: str) -> Path:
    return ocr_cache.file_entry(file_sha256, page, f"{dpi}-{lang}-{PSM}-{CACHE_VERSION}")


def _page(cached: dict, size: tuple[int, int], page: int, split_header: bool | None) -> OcrPage:
    """An OcrPage from a cache entry ({"tsv", "rotation"}) of an image of ``size``."""
    rotation = int(cached["rotation"])
    width, height = size if rotation in (0, 180) else size[::-1]
    words = parse_tsv(cached["tsv"])
    text = page_text(words, width, height, page == 1 if split_header is None else split_header)
    return OcrPage(page=page, text=text, confidence=mean_confidence(words), rotation=rotation,
                   words=words)


def ocr_image(image: Image.Image, page: int = 1, dpi: int = DPI, lang: str = LANG,
              split_header: bool | None = None, file_sha256: str | None = None) -> OcrPage:
    """OCR one rendered page (grey), through the cache. With ``file_sha256`` (the PDF's),
    the page is also indexed by file and page number for :func:`cached_page`."""
    image = image.convert("L")
    digest = _digest(image, dpi, lang)
    path = ocr_cache.image_entry(digest)
    cached = ocr_cache.load(path)
    keep = page <= ocr_cache.pages_per_file()   # a file's first pages only (ocr_cache)
    if cached is None or "tsv" not in cached:
        tsv, rotation = _read(image, dpi, lang)
        cached = {"tsv": tsv, "rotation": rotation}
        if keep:
            ocr_cache.store(path, cached)
    done = _page(cached, image.size, page, split_header)
    if file_sha256 and keep and done.words:   # no index entry for a page without words
        ocr_cache.store(_file_entry(file_sha256, page, dpi, lang),
                        {"image": digest, "size": list(image.size)})
    return done


def cached_page(file_sha256: str, page: int, dpi: int = DPI, lang: str = LANG) -> OcrPage | None:
    """Page ``page`` (1-based) of the PDF whose file hash is ``file_sha256``, from the cache
    without rendering it; None when it was never OCR'd with these settings."""
    entry = ocr_cache.load(_file_entry(file_sha256, page, dpi, lang))
    if entry is None:
        return None
    try:
        cached = ocr_cache.load(ocr_cache.image_entry(str(entry["image"])))
        size = (int(entry["size"][0]), int(entry["size"][1]))
    except (KeyError, TypeError, ValueError, IndexError):
        return None
    if cached is None or "tsv" not in cached:
        return None
    return _page(cached, size, page, None)


def check_area(page: pdfium.PdfPage, path: str, number: int, dpi: int = DPI) -> None:
    """Raise LimitExceeded when page ``number`` would render to more pixels than
    VANTHU_MAX_PAGE_PIXELS (a 200 × 200 inch page is 3.6 billion pixels at 300 dpi)."""
    from . import limits

    width, height = page.get_size()
    limits.MAX_PAGE_PIXELS.check(path, width * height * (dpi / 72) ** 2, f"page {number}")


def render(pdf: pdfium.PdfDocument, index: int, dpi: int = DPI) -> Image.Image:
    """Page ``index`` (0-based) as a grey image; the page's /Rotate is applied. A page over
    the pixel limit raises OcrError before it is rendered."""
    from .errors import LimitExceeded

    with PDFIUM_LOCK:
        page = pdf[index]
        try:
            check_area(page, "", index + 1, dpi)
        except LimitExceeded as e:
            raise OcrError(f"{e.detail}; {e.message_vi}") from e
        return page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")


def render_page(pdf_path: str | os.PathLike, page: int, dpi: int = DPI) -> Image.Image:
    """Page ``page`` (1-based) of the PDF at ``pdf_path`` as a grey image."""
    with PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(os.fspath(pdf_path))
        try:
            return render(pdf, page - 1, dpi)
        finally:
            pdf.close()


def ocr_pdf_page(pdf_path: str | os.PathLike, page: int, file_sha256: str | None = None,
                 dpi: int = DPI, lang: str = LANG) -> OcrPage:
    """OCR page ``page`` (1-based) of a PDF, through the cache. Safe to call from several
    threads at once: rendering holds :data:`PDFIUM_LOCK`, Tesseract runs outside it."""
    if file_sha256:
        hit = cached_page(file_sha256, page, dpi, lang)
        if hit is not None:
            return hit
    return ocr_image(render_page(pdf_path, page, dpi), page, dpi, lang, file_sha256=file_sha256)


def ocr_pages(pdf_path: str | os.PathLike, page_numbers: Sequence[int], workers: int = 1,
              dpi: int = DPI, lang: str = LANG, file_sha256: str | None = None) -> list[OcrPage]:
    """OCR pages (1-based numbers) of a PDF, ``workers`` at a time; results in input order.

    Pages are rendered one after the other in the calling thread (PDFium is not thread-safe)
    and OCR'd in a thread pool. With ``file_sha256`` pages OCR'd before are not rendered.
    """
    hits = {n: hit for n in page_numbers
            if file_sha256 and (hit := cached_page(file_sha256, n, dpi, lang)) is not None}
    todo = [n for n in page_numbers if n not in hits]
    done: dict[int, OcrPage] = {}
    if todo:
        with PDFIUM_LOCK:
            pdf = pdfium.PdfDocument(os.fspath(pdf_path))
        try:
            if workers <= 1:
                for n in todo:
                    done[n] = ocr_image(render(pdf, n - 1, dpi), n, dpi, lang,
                                        file_sha256=file_sha256)
            else:
                with ThreadPoolExecutor(max_workers=workers) as pool:
                    # In batches, so that at most 2 × workers rendered pages are held in memory.
                    for at in range(0, len(todo), 2 * workers):
                        batch = todo[at:at + 2 * workers]
                        futures = [pool.submit(ocr_image, render(pdf, n - 1, dpi), n, dpi, lang,
                                               None, file_sha256) for n in batch]
                        for n, future in zip(batch, futures):
                            done[n] = future.result()
        finally:
            with PDFIUM_LOCK:
                pdf.close()
    return [hits[n] if n in hits else done[n] for n in page_numbers]


# ------------------------------------------------------------------------ corrections

@dataclass(frozen=True)
class Correction:
    """A length-preserving fix of a known OCR misreading (data/ocr_corrections.json)."""

    name: str
    pattern: re.Pattern[str]
    replace: str | None          # the whole match becomes this, or
    chars: dict[str, str]        # each character of the match is mapped


@lru_cache(maxsize=1)
def corrections() -> tuple[Correction, ...]:
    from . import lexicon
    out = []
    for rule in lexicon.load("ocr_corrections.json")["rules"]:
        chars = rule.get("map", {})
        if any(len(k) != 1 or len(v) != 1 for k, v in chars.items()):
            raise ValueError(f"ocr correction {rule['name']}: map must be char to char")
        out.append(Correction(rule["name"], re.compile(rule["pattern"], re.M),
                              rule.get("replace"), chars))
    return tuple(out)


def correct(text: str) -> tuple[str, list[dict]]:
    """Apply every correction; the text keeps its length, so offsets stay valid. Returns the
    corrected text and, per change, the original reading, the new one and its span."""
    changes: list[dict] = []
    for rule in corrections():
        def sub(m: re.Match[str], rule: Correction = rule) -> str:
            old = m.group(0)
            new = rule.replace if rule.replace is not None else \
                "".join(rule.chars.get(c, c) for c in old)
            if len(new) != len(old):  # never shift offsets
                return old
            if new != old:
                changes.append({"from": old, "to": new, "span": [m.start(), m.end()],
                                "rule": rule.name})
            return new
        text = rule.pattern.sub(sub, text)
    changes.sort(key=lambda c: c["span"][0])
    return text, changes
