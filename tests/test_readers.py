"""Readers: bad input is refused precisely; TXT/DOCX/PDF forms of a document read alike.

Fixtures are built by tests/fixtures/build_fixtures.py (by hand, with LibreOffice) and
checked in; see that script for what each one is.
"""
from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from extractors import errors, extract, read_file
from extractors.docx_reader import read_docx
from extractors.normalize import normalize

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLES = Path(__file__).parents[1] / "data" / "samples"
SAMPLE_IDS = sorted(p.stem for p in SAMPLES.glob("*.txt"))
FORMATS = ("docx", "pdf")
DATE_LINE = re.compile(r",\s*ngày\b.*\btháng\b.*\bnăm\b")


def lines_of(text: str) -> list[str]:
    """Non-empty lines, whitespace collapsed."""
    lines = (" ".join(line.split()) for line in normalize(text).split("\n"))
    return [line for line in lines if line]


def sample_lines(sample_id: str) -> list[str]:
    return lines_of((SAMPLES / f"{sample_id}.txt").read_text("utf-8"))


def header_lines(sample_id: str) -> list[str]:
    """The .txt lines up to the place/date line (the first two if there is none)."""
    lines = sample_lines(sample_id)
    end = next((i for i, line in enumerate(lines[:12]) if DATE_LINE.search(line)), 1)
    return lines[:end + 1]


def is_subsequence(needles: list[str], haystack: list[str]) -> bool:
    it = iter(haystack)
    return all(any(line == candidate for candidate in it) for line in needles)


# --------------------------------------------------------------------------- bad input

BAD_INPUTS = [
    ("empty.txt", errors.EmptyFile),
    # windows1258.txt is real Windows-1258 Vietnamese (see build_fixtures.to_cp1258): it is
    # now detected and converted (tests/test_legacy.py); BadEncoding is kept for text no
    # legacy table turns into Vietnamese (test_undecodable_text_is_still_bad_encoding).
    ("truncated.pdf", errors.CorruptFile),
    ("encrypted.pdf", errors.EncryptedFile),
    ("text_named.pdf", errors.CorruptFile),
    ("scanned.pdf", errors.NeedsOCR),
    ("truncated.docx", errors.CorruptFile),
    ("broken_xml.docx", errors.CorruptFile),
    ("plain_zip.docx", errors.CorruptFile),
    ("encrypted.docx", errors.EncryptedFile),
    ("word97_named.docx", errors.UnsupportedFormat),
]


@pytest.mark.parametrize("name, error", BAD_INPUTS, ids=[name for name, _ in BAD_INPUTS])
def test_bad_input_raises_a_precise_error_naming_the_file(name: str, error: type,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VANTHU_OCR", "0")  # scans are refused only without OCR (test_ocr.py)
    path = FIXTURES / "bad" / name
    with pytest.raises(errors.ReadError) as info:
        read_file(path)
    assert type(info.value) is error
    assert info.value.path == str(path)
    assert name in str(info.value)


def test_scanned_pdf_reports_its_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VANTHU_OCR", "0")
    with pytest.raises(errors.NeedsOCR, match="1 pages without a text layer"):
        read_file(FIXTURES / "bad" / "scanned.pdf")


def test_mixed_pdf_reads_the_pages_that_have_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VANTHU_OCR", "0")
    source = read_file(FIXTURES / "bad" / "mixed_scan_text.pdf")
    assert source.pages == 2
    assert lines_of(source.text)[:3] == header_lines("001_4394a9ea86dbd62f")[:3]


# --------------------------------------------------------------------------- text encodings

ENCODED = ["utf8_bom.txt", "utf16le_bom_crlf.txt", "utf16le_nobom.txt"]


@pytest.mark.parametrize("name", ENCODED, ids=ENCODED)
def test_encodings_decode_to_the_same_text(name: str) -> None:
    reference = read_file(FIXTURES / "encodings" / "utf8.txt").text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in reference
    assert read_file(FIXTURES / "encodings" / name).text == reference


# --------------------------------------------------------------------------- samples

CASES = [(sample_id, fmt) for sample_id in SAMPLE_IDS for fmt in FORMATS]
CASE_IDS = [f"{sample_id[:3]}-{fmt}" for sample_id, fmt in CASES]


def fixture(sample_id: str, fmt: str) -> Path:
    return FIXTURES / "docs" / f"{sample_id}.{fmt}"


def test_every_sample_has_fixtures() -> None:
    assert len(SAMPLE_IDS) == 5
    assert all(fixture(s, fmt).is_file() for s, fmt in CASES)


@pytest.mark.parametrize("sample_id, fmt", CASES, ids=CASE_IDS)
def test_sample_reads_with_header_lines_in_order(sample_id: str, fmt: str) -> None:
    source = read_file(fixture(sample_id, fmt))
    assert source.format == fmt
    assert (source.pages is None) if fmt == "docx" else (source.pages or 0) >= 1
    lines = lines_of(source.text)
    assert is_subsequence(header_lines(sample_id), lines[:15])


@pytest.mark.parametrize("sample_id, fmt", CASES, ids=CASE_IDS)
def test_header_columns_never_share_a_line(sample_id: str, fmt: str) -> None:
    for line in lines_of(read_file(fixture(sample_id, fmt)).text):
        assert not ("ỦY BAN NHÂN DÂN" in line and "CỘNG HÒA" in line), line
        assert not (line.startswith("Số") and DATE_LINE.search(line)), line


@pytest.mark.parametrize("sample_id, fmt", CASES, ids=CASE_IDS)
def test_sample_has_the_words_of_the_txt_in_order(sample_id: str, fmt: str) -> None:
    expected = read_file(SAMPLES / f"{sample_id}.txt").text.split()
    assert read_file(fixture(sample_id, fmt)).text.split() == expected


@pytest.mark.parametrize("sample_id", SAMPLE_IDS, ids=[s[:3] for s in SAMPLE_IDS])
def test_docx_has_every_txt_line_in_order(sample_id: str) -> None:
    docx_lines = lines_of(read_file(fixture(sample_id, "docx")).text)
    assert is_subsequence(sample_lines(sample_id), docx_lines)


DOCUMENT_KEYS = ("doc_type", "number", "issuer", "parent_issuer", "place", "issued_on",
                 "subject", "recipients", "cc", "signer", "urgency", "secrecy")


@pytest.mark.parametrize("sample_id, fmt", CASES, ids=CASE_IDS)
def test_extraction_matches_the_txt(sample_id: str, fmt: str) -> None:
    def document(path: Path) -> dict:
        found = extract(read_file(path))["document"]
        return {key: found.get(key) for key in DOCUMENT_KEYS}

    assert document(fixture(sample_id, fmt)) == document(SAMPLES / f"{sample_id}.txt")


# --------------------------------------------------------------------------- PDF layout

TWO_ROWS_PDF = FIXTURES / "layout" / "header_two_rows.pdf"


def test_two_row_header_pdf_is_split_into_columns() -> None:
    # The fixture reproduces the problem: PDFium's own order puts both columns on a line.
    pdf = pdfium.PdfDocument(TWO_ROWS_PDF)
    bare = pdf[0].get_textpage().get_text_range()
    pdf.close()
    assert "Số: 298 /BC-UBND Kbang, ngày" in " ".join(bare.split())

    lines = lines_of(read_file(TWO_ROWS_PDF).text)
    assert lines[:6] == header_lines("001_4394a9ea86dbd62f")


def test_two_row_header_docx_keeps_cells_apart() -> None:
    lines = lines_of(read_file(FIXTURES / "layout" / "header_two_rows.docx").text)
    assert lines[:6] == ["ỦY BAN NHÂN DÂN", "HUYỆN KBANG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                         "Độc lập - Tự do - Hạnh phúc", "Số: 298 /BC-UBND",
                         "Kbang, ngày 04 tháng 9 năm 2020"]


# --------------------------------------------------------------------------- DOCX structure

def test_docx_tables_merges_breaks_and_wrappers(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("Trước bảng")
    table = doc.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "Gộp ngang"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "Gộp dọc"
    table.cell(1, 1).text = "B"
    table.cell(1, 2).text = "C"
    nested = table.cell(2, 1).add_table(rows=1, cols=2)
    nested.cell(0, 0).text, nested.cell(0, 1).text = "Trong trái", "Trong phải"
    broken = doc.add_paragraph("Dòng một")
    broken.runs[0].add_break()
    broken.add_run("dòng hai")
    # Text inside a content control and a tracked insertion; a tracked deletion is dropped.
    doc.element.body.insert(len(doc.element.body) - 1, parse_xml(
        f'<w:sdt {nsdecls("w")}><w:sdtContent><w:p>'
        '<w:r><w:t xml:space="preserve">Trong </w:t></w:r>'
        '<w:ins w:id="1" w:author="a"><w:r><w:t>ô</w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="a"><w:r><w:delText>bỏ</w:delText></w:r></w:del>'
        '</w:p></w:sdtContent></w:sdt>'))
    path = tmp_path / "structure.docx"
    doc.save(path)

    text, pages = read_docx(path)
    assert pages is None
    assert text.split("\n") == [
        "Trước bảng", "",
        "Gộp ngang", "",
        "Gộp dọc", "", "B", "", "C", "",
        "Trong trái", "", "Trong phải", "",  # nested table, trimmed to the cell
        "Dòng một", "dòng hai",
        "Trong ô",
    ]
