"""PDF reading speed: vanthu's reader against pdfplumber and bare pypdfium2, side by side.

    .venv/bin/python benchmarks/bench_pdf.py [--reps R] [--generate N] [--quick] [--json OUT]

Readers, on the same text-layer PDFs, interleaved round by round so the machine's noise
falls on all three alike:
- vanthu: ``extractors.pdf_reader.read_pdf`` (PDFium text + the two-column header split
  on page 1 + hyphen unwrapping);
- pdfplumber: ``page.extract_text()`` on every page (pdfminer.six layout analysis);
- pypdfium2: ``page.get_textpage().get_text_range()`` on every page (PDFium, nothing else).
Sets: the test fixtures (tests/fixtures/docs/*.pdf, Word-made, with a two-column header);
the text-layer PDFs of the shared corpus (103, 104, 130; the other scans raise NeedsOCR);
and ``--generate`` PDFs made from corpus texts with LibreOffice (``soffice --headless
--convert-to pdf``) at run time, a row skipped with a note when soffice is missing.
Goal (issue 6): vanthu at least half of pypdfium2's pages/s.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import CORPUS, ROOT, corpus_files, machine, print_table, write_results  # noqa: E402

import pdfplumber  # noqa: E402
import pypdfium2 as pdfium  # noqa: E402

from extractors.pdf_reader import read_pdf  # noqa: E402

GOAL_SHARE = 0.5
CORPUS_TEXT_LAYER = ("103_", "104_", "130_")


def read_vanthu(path: Path) -> int:
    return len(read_pdf(path)[0])


def read_pdfplumber(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        return sum(len(page.extract_text() or "") for page in pdf.pages)


def read_pypdfium2(path: Path) -> int:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return sum(len(pdf[i].get_textpage().get_text_range()) for i in range(len(pdf)))
    finally:
        pdf.close()


READERS: dict[str, Callable[[Path], int]] = {
    "vanthu read_pdf": read_vanthu, "pdfplumber extract_text": read_pdfplumber,
    "pypdfium2 get_text_range": read_pypdfium2}


def page_count(path: Path) -> int:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def generate_pdfs(count: int, folder: Path, corpus: Path) -> tuple[list[Path], str | None]:
    """``count`` PDFs converted by LibreOffice from corpus texts spread over the corpus;
    (paths, None) or ([], why not)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return [], "soffice is not installed: row skipped"
    texts = corpus_files(corpus)
    if not texts or count <= 0:
        return [], "no corpus texts"
    step = max(1, len(texts) // count)
    src = folder / "txt"
    out = folder / "pdf"
    src.mkdir()
    out.mkdir()
    for path in texts[::step][:count]:
        shutil.copy(path, src / path.name)
    profile = (folder / "lo-profile").as_uri()  # its own profile: no clash with another soffice
    t = time.perf_counter()
    done = subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless",
                           "--convert-to", "pdf", "--outdir", str(out),
                           *sorted(str(p) for p in src.iterdir())],
                          capture_output=True, text=True, timeout=900, check=False)
    pdfs = sorted(out.glob("*.pdf"))
    print(f"generated {len(pdfs)} PDFs with LibreOffice in {time.perf_counter() - t:.0f} s")
    if not pdfs:
        return [], f"soffice made no PDF (exit {done.returncode}): {done.stderr[-300:]}"
    return pdfs, None


def bench_set(files: list[Path], reps: int) -> dict[str, Any]:
    pages = sum(page_count(p) for p in files)
    for read in READERS.values():  # first use outside the timing (imports, font caches)
        read(files[0])
    seconds = dict.fromkeys(READERS, 0.0)
    for _ in range(reps):
        for name, read in READERS.items():
            t = time.perf_counter()
            for path in files:
                read(path)
            seconds[name] += time.perf_counter() - t
    rates = {name: pages * reps / s for name, s in seconds.items()}
    share = rates["vanthu read_pdf"] / rates["pypdfium2 get_text_range"]
    return {"files": len(files), "pages": pages, "reps": reps, "seconds": seconds,
            "pages_per_s": rates, "vanthu_share_of_pypdfium2": share,
            "goal_met": share >= GOAL_SHARE}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=5, help="rounds over each set")
    ap.add_argument("--generate", type=int, default=20, help="PDFs made from corpus texts")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--quick", action="store_true", help="smoke run: 1 round, 3 generated PDFs")
    ap.add_argument("--json", type=Path, help="result file (default benchmarks/results/pdf.json)")
    args = ap.parse_args(argv)
    if args.quick:
        args.reps, args.generate = 1, 3
    info = machine()

    sets: dict[str, list[Path]] = {
        "fixtures": sorted((ROOT / "tests" / "fixtures" / "docs").glob("*.pdf")),
        "corpus text-layer PDFs": sorted(p for p in (args.corpus / "pdf").glob("*.pdf")
                                         if p.name.startswith(CORPUS_TEXT_LAYER)),
    }
    notes: dict[str, str] = {}
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="vanthu-bench-pdf-") as tmp:
        generated, why_not = generate_pdfs(args.generate, Path(tmp), args.corpus)
        if generated:
            sets["LibreOffice from corpus texts"] = generated
        else:
            notes["LibreOffice from corpus texts"] = why_not or "skipped"
        for name, files in sets.items():
            if not files:
                notes[name] = "no files found"
                continue
            results[name] = bench_set(files, args.reps)
        all_files = [p for files in sets.values() for p in files]
        if all_files:
            results["all"] = bench_set(all_files, args.reps)

    print_table(["set", "files", "pages", "vanthu p/s", "pdfplumber p/s", "pypdfium2 p/s",
                 "vanthu/pdfium", "goal ≥ 0.5"],
                [[name, r["files"], r["pages"], r["pages_per_s"]["vanthu read_pdf"],
                  r["pages_per_s"]["pdfplumber extract_text"],
                  r["pages_per_s"]["pypdfium2 get_text_range"], r["vanthu_share_of_pypdfium2"],
                  "met" if r["goal_met"] else "MISSED"] for name, r in results.items()])
    for name, note in notes.items():
        print(f"{name}: {note}")
    result = {"benchmark": "pdf", "machine": info, "goal_share": GOAL_SHARE, "sets": results,
              "notes": notes, "cpu_count": os.cpu_count()}
    write_results("pdf", result, args.json)
    return result


if __name__ == "__main__":
    main()
