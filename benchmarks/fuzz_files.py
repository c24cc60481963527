"""Bad files of every format vanthu reads, generated from a seed, mixed with good ones: the
inbox of tests/test_fuzz.py and of ``python benchmarks/fuzz_files.py`` (README figures).

Each kind below breaks one reader in one way: truncation, random bytes behind the right
magic, a zip bomb, broken XML, a page of 200 × 200 inches, wrong names, control bytes…
"""
from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCX_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
              'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
              '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
              'officedocument.wordprocessingml.document.main+xml"/></Types>')


def good_files() -> list[Path]:
    """Files vanthu must store: the samples and the readable fixtures."""
    samples = sorted((ROOT / "data/samples").glob("*.txt"))
    docs = ROOT / "tests/fixtures/docs"
    return samples + sorted(docs.glob("00[012]_*.docx")) + sorted(docs.glob("00[34]_*.pdf"))


def _zip(parts: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buffer.getvalue()


def _pdf(rng: random.Random) -> bytes:
    """A small valid one-page text PDF, to be broken."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    pdf.new_page(595, 842)
    out = io.BytesIO()
    pdf.save(out)
    pdf.close()
    return out.getvalue()


def _huge_page() -> bytes:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    pdf.new_page(14400, 14400)
    out = io.BytesIO()
    pdf.save(out)
    pdf.close()
    return out.getvalue()


def _bomb(size: int) -> bytes:
    """A .docx whose document.xml unpacks to ``size`` bytes (a few hundred KB packed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", DOCX_TYPES)
        with z.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b"<w:t>" + b"a" * (1 << 20) + b"</w:t>"
            for _ in range(size // len(chunk)):
                part.write(chunk)
    return buffer.getvalue()


Maker = Callable[[random.Random], tuple[str, bytes]]


def _kinds() -> list[Maker]:
    def rand(rng: random.Random, n: int) -> bytes:
        return bytes(rng.getrandbits(8) for _ in range(n))

    return [
        lambda r: (".txt", rand(r, r.randint(1, 4000))),                       # random bytes
        lambda r: (".txt", b"\xff\xfe" + rand(r, 301)),                         # UTF-16 BOM, odd length
        lambda r: (".txt", b"\x00" * r.randint(1, 5000)),                       # only NULs
        lambda r: (".txt", bytes(r.choice([0x1b, 0x07, 0x0c, 0x00]) for _ in range(2000))),
        lambda r: (".txt", b" \n\t" * r.randint(1, 3000)),                      # only spaces
        lambda r: (".pdf", b"%PDF-1.4\n" + rand(r, r.randint(10, 5000))),       # magic, then noise
        lambda r: (".pdf", _pdf(r)[: r.randint(20, 300)]),                      # truncated
        lambda r: (".pdf", _pdf(r).replace(b"/Pages", b"/Pagez")),              # broken catalogue
        lambda r: (".pdf", _pdf(r)),                                            # blank page: no text
        lambda r: (".pdf", rand(r, 500)),                                       # no magic at all
        lambda r: (".pdf", _huge_page()),                                       # 3.6 gigapixels
        lambda r: (".docx", b"PK\x03\x04" + rand(r, r.randint(10, 3000))),     # not a zip
        lambda r: (".docx", _zip({"a.txt": "x"})),                              # no document part
        lambda r: (".docx", _zip({"[Content_Types].xml": DOCX_TYPES,
                                  "word/document.xml": "<w:document><w:body><w:p>"})),  # broken XML
        lambda r: (".docx", _zip({"[Content_Types].xml": DOCX_TYPES,
                                  "word/document.xml": rand(r, 400)})),
        lambda r: (".docx", b"\xd0\xcf\x11\xe0" + rand(r, 600)),               # OLE named .docx
        lambda r: (".docx", _bomb(80 << 20)),                                   # 80 MB unpacked
        lambda r: (".odt", _zip({"content.xml": "<office:document"})),
        lambda r: (".doc", rand(r, 700)),
        lambda r: (".rtf", b"{\\rtf1 " + rand(r, 300)),
        lambda r: (".html", b"<html>" + b"<div>" * 5000 + rand(r, 200)),
        lambda r: (".htm", rand(r, 900)),
        lambda r: (".xlsx", _zip({"xl/workbook.xml": "<x/>"})),                  # unsupported
        lambda r: (r.choice([".pdf", ".docx", ".txt", ".html"]), b""),          # 0 bytes
    ]


def write_inbox(folder: Path, bad: int = 240, seed: int = 16) -> tuple[list[Path], list[Path]]:
    """``bad`` generated bad files (every kind in turn) and the good files, shuffled into
    ``folder``; (good paths, bad paths)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    kinds = _kinds()
    bad_paths: list[Path] = []
    cache: dict[int, bytes] = {}
    for n in range(bad):
        k = n % len(kinds)
        if k in (10, 16) and k in cache:      # the heavy ones: built once
            ext, data = (".pdf" if k == 10 else ".docx"), cache[k]
        else:
            ext, data = kinds[k](rng)
            if k in (10, 16):
                cache[k] = data
        # some bytes differ per file, so that no two bad files share a hash by chance
        if data and ext == ".txt" and k not in (2, 4):
            data += f" {n}".encode()
        p = folder / f"bad_{n:03d}_k{k}{ext}"
        p.write_bytes(data)
        bad_paths.append(p)
    good_paths = []
    for i, src in enumerate(good_files()):
        p = folder / f"good_{i:02d}{src.suffix}"
        p.write_bytes(src.read_bytes())
        good_paths.append(p)
    return good_paths, bad_paths


if __name__ == "__main__":
    import sys

    write_inbox(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("fuzz_inbox"))
