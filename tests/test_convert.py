""".doc/.rtf/.odt (through LibreOffice) and saved web pages read like the sample's .txt.

The fixtures in tests/fixtures/convert are sample 000 converted with LibreOffice 7.4:
.docx → .odt, .rtf and .html ("HTML (StarWriter)"), .odt → .doc.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from extractors import errors, extract_file, read_file
from extractors.convert import html_to_text

FIXTURES = Path(__file__).parent / "fixtures" / "convert"
SAMPLE = Path(__file__).parents[1] / "data" / "samples" / "000_e1ea617a3e402aea.txt"
HEADER_FIELDS = ("doc_type", "number", "issuer", "parent_issuer", "place", "issued_on",
                 "subject", "recipients", "cc", "signer")
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                   reason="LibreOffice (soffice) is not installed: "
                                          ".doc/.rtf/.odt are read through it")


@pytest.fixture(scope="module")
def expected() -> dict:
    return extract_file(SAMPLE)["document"]


@pytest.mark.parametrize("fmt", [pytest.param(f, marks=needs_soffice) for f in ("doc", "rtf", "odt")]
                         + ["html"])
def test_converted_formats_give_the_txt_header(fmt: str, expected: dict) -> None:
    data = extract_file(FIXTURES / f"000_e1ea617a3e402aea.{fmt}")
    assert data["source"]["format"] == fmt
    for field in HEADER_FIELDS:
        assert data["document"][field] == expected[field], field


def test_missing_libreoffice_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv("VANTHU_SOFFICE", raising=False)
    path = FIXTURES / "000_e1ea617a3e402aea.doc"
    with pytest.raises(errors.UnsupportedFormat, match=r"cần LibreOffice \(soffice\) để đọc tệp \.doc"):
        read_file(path)


@needs_soffice
def test_a_file_libreoffice_cannot_convert_is_corrupt(tmp_path: Path) -> None:
    bad = tmp_path / "bad.odt"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(errors.ReadError) as info:
        read_file(bad)
    assert info.value.path == str(bad)


def test_html_keeps_blocks_and_reads_tables_row_by_row() -> None:
    markup = """<html><head><title>T</title><style>p {color: red}</style>
    <script>var x = "<p>no</p>";</script></head><body>
    <table><tr><td><p>ỦY BAN NHÂN DÂN</p><p>TỈNH X</p></td>
               <td>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc</td></tr></table>
    <h1>QUYẾT   ĐỊNH</h1><div>Một<br/>Hai&nbsp;ba</div><ul><li>a</li><li>b</li></ul></body></html>"""
    assert html_to_text(markup).split("\n") == [
        "ỦY BAN NHÂN DÂN", "TỈNH X", "",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "",
        "QUYẾT ĐỊNH", "Một", "Hai ba", "a", "b"]


def test_html_charset_from_meta(tmp_path: Path) -> None:
    page = tmp_path / "p.htm"
    page.write_bytes('<html><head><meta charset="windows-1258"></head><body><p>Nam Dinh</p>'
                     '<p>Ha Noi, ngày 1</p></body></html>'.encode("cp1258"))
    assert read_file(page).text.split("\n")[:2] == ["Nam Dinh", "Ha Noi, ngày 1"]
