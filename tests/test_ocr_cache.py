"""The OCR cache stays bounded whatever the files (issue 16: a blank 2,000-page PDF left
2,003 entries): no index entry for a page without words, a file's first pages only, and the
least recently used entries evicted over the size limit. Tesseract is replaced by a fake
here (fast, and the same on every machine); tests/test_ocr.py runs the real one."""
from __future__ import annotations

import os
import random
import time
from pathlib import Path

import pytest
from PIL import Image

from extractors import errors, ocr, ocr_cache, read_file

HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"


@pytest.fixture(autouse=True)
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VANTHU_OCR_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("VANTHU_OCR_CACHE_PAGES", raising=False)
    monkeypatch.delenv("VANTHU_OCR_CACHE_MB", raising=False)
    monkeypatch.setattr(ocr, "available", lambda lang=ocr.LANG: True)
    monkeypatch.delenv("VANTHU_OCR", raising=False)
    return tmp_path / "cache"


def fake_tesseract(monkeypatch: pytest.MonkeyPatch, words: bool) -> list[bytes]:
    """Tesseract that reads nothing (``words`` false: a blank page) or one long
    low-confidence word on each page (noise); the images it was given."""
    seen: list[bytes] = []

    def run(args: list[str], image: bytes) -> str:
        if "0" in args and "--psm" in args and args[args.index("--psm") + 1] == "0":
            raise ocr.OcrError("Too few characters")
        seen.append(image)
        return HEADER + ("5\t1\t1\t1\t1\t1\t10\t10\t30\t12\t21.0\tAzbycxdwevfugthsir\n"
                         if words else "")

    monkeypatch.setattr(ocr, "RUNNER", run)
    return seen


def scan_pdf(path: Path, pages: int, noise: bool) -> Path:
    """A PDF of image-only pages (no text layer: every page goes to OCR), 1 × 1 inch each:
    white, or random noise (every page a different bitmap)."""
    rng = random.Random(7)
    images = []
    for _ in range(pages):
        image = Image.new("L", (72, 72), 255)
        if noise:
            image.putdata([rng.choice((0, 255)) for _ in range(72 * 72)])
        images.append(image)
    images[0].save(path, "PDF", resolution=72, save_all=True, append_images=images[1:])
    return path


def entries(cache: Path) -> list[Path]:
    return list(cache.rglob("*.json"))


def test_a_blank_many_page_pdf_leaves_one_cache_entry(tmp_path: Path, cache: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    seen = fake_tesseract(monkeypatch, words=False)
    blank = scan_pdf(tmp_path / "trang.pdf", 300, noise=False)
    with pytest.raises(errors.NeedsOCR):
        read_file(blank)
    assert len(seen) == 1             # one blank bitmap: Tesseract ran once, the rest hit
    assert len(entries(cache)) == 1   # was 301: an index entry per page


def test_a_noise_pdf_caches_only_its_first_pages(tmp_path: Path, cache: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    fake_tesseract(monkeypatch, words=True)
    monkeypatch.setenv("VANTHU_OCR_CACHE_PAGES", "5")
    noise = scan_pdf(tmp_path / "nhieu.pdf", 12, noise=True)
    first = read_file(noise)
    assert first.ocr and len(first.ocr_pages) == 12
    assert len(entries(cache)) == 10      # 5 pages: an image entry and an index entry each
    # read again: the cached pages are not OCR'd again, and the text is the same
    seen = fake_tesseract(monkeypatch, words=True)
    assert read_file(noise) == first
    assert len(seen) == 7


def test_the_least_recently_used_entries_go_over_the_size_limit(cache: Path) -> None:
    paths = [cache / "ab" / f"{n:02d}.json" for n in range(10)]
    for n, path in enumerate(paths):
        ocr_cache.store(path, {"tsv": "x" * 1000})
        os.utime(path, (time.time() - 1000 + n, time.time() - 1000 + n))   # 00 oldest
    assert ocr_cache.load(paths[0]) == {"tsv": "x" * 1000}                 # used again now
    size = sum(p.stat().st_size for p in paths)
    assert ocr_cache.prune(size * 0.5) == 6                                # down to 80 % of half
    assert sorted(p.name for p in entries(cache)) == ["00.json", "07.json", "08.json", "09.json"]
    assert ocr_cache.prune(size) == 0


def test_a_write_prunes_at_most_once_a_minute(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VANTHU_OCR_CACHE_MB", str(5000 / 1024 / 1024))     # 5 KB
    for n in range(10):
        ocr_cache.store(cache / "ab" / f"{n:02d}.json", {"tsv": "x" * 1000})
    assert len(entries(cache)) == 10          # the first write pruned (nothing then), not since
    os.utime(cache / ".pruned", (0, 0))       # a minute later
    ocr_cache.store(cache / "ab" / "10.json", {"tsv": "x" * 1000})
    assert sum(p.stat().st_size for p in entries(cache)) <= 4000
