"""Legacy Vietnamese encodings (TCVN3, VNI, Windows-1258) convert to Unicode NFC."""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from docx import Document

from extractors import errors, legacy, read_file
from extractors.normalize import normalize

ROOT = Path(__file__).parents[1]
SAMPLE = ROOT / "data" / "samples" / "001_4394a9ea86dbd62f.txt"
WORDS = ["Quyết định", "Ủy ban nhân dân", "Cộng hòa xã hội chủ nghĩa Việt Nam",
         "Độc lập - Tự do - Hạnh phúc", "tháng", "năm"]
# Independent of the tables: the bytes as legacy software wrote them.
KNOWN = [("tcvn3", b"Quy\xd5t \xae\xdenh", "Quyết định"),
         ("tcvn3", b"C\xe9ng h\xdfa x\xb7 h\xe9i ch\xf1 ngh\xdca Vi\xd6t Nam",
          "Cộng hòa xã hội chủ nghĩa Việt Nam"),
         ("tcvn3", b"th\xb8ng n\xa8m", "tháng năm"),
         ("vni", b"Quye\xe1t \xf1\xf2nh", "Quyết định"),
         ("vni", b"U\xdby ban nha\xe2n da\xe2n", "Ủy ban nhân dân"),
         ("vni", b"\xd1o\xe4c la\xe4p - T\xf6\xef do - Ha\xefnh phu\xf9c", "Độc lập - Tự do - Hạnh phúc")]


def encode(text: str, encoding: str) -> bytes:
    """Unicode → legacy bytes by inverting the table (TCVN3 has no toned capitals: their
    lowercase code is written)."""
    table = legacy.tables()[encoding]
    inverse = {v: bytes([k]) for k, v in table.single.items()}
    inverse.update({v: k for k, v in table.pairs.items()})
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        code = inverse.get(ch) or inverse.get(ch.lower())
        out += code if code is not None else ch.encode("ascii")
    return out


@pytest.mark.parametrize("encoding, data, text", KNOWN)
def test_known_bytes_decode(encoding: str, data: bytes, text: str) -> None:
    assert legacy.decode(data, encoding) == text


@pytest.mark.parametrize("encoding", legacy.ENCODINGS)
@pytest.mark.parametrize("word", WORDS)
def test_round_trip(encoding: str, word: str) -> None:
    back = legacy.decode(encode(word, encoding), encoding)
    assert back == word or (encoding == "tcvn3" and back.lower() == word.lower())


def test_table_examples_decode_to_their_words() -> None:
    data = json.loads(legacy.TABLES.read_text("utf-8"))
    for encoding in legacy.ENCODINGS:
        assert data[encoding]["examples"], encoding
        for word, shown in data[encoding]["examples"].items():
            back = legacy.decode(legacy.to_bytes(shown), encoding)
            assert back.lower() == word.lower(), (encoding, word)


def test_tcvn3_capital_words_are_recapitalised() -> None:
    assert legacy.decode(b"C\xe9NG HO\xb5 X\xb7 H\xe9I", "tcvn3") == "CỘNG HOÀ XÃ HỘI"


def sample_head() -> str:
    return "\n".join(normalize(SAMPLE.read_text("utf-8")).split("\n")[:16]) + "\n"


@pytest.mark.parametrize("encoding", legacy.ENCODINGS)
def test_legacy_txt_file_is_converted(tmp_path: Path, encoding: str) -> None:
    text = sample_head()
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(encode(text, encoding))
    got = read_file(path).text
    assert got.lower() == normalize(text).lower()
    if encoding == "vni":
        assert got == normalize(text)


@pytest.mark.parametrize("encoding", legacy.ENCODINGS)
def test_legacy_text_seen_as_windows_1252_in_utf8_is_converted(tmp_path: Path, encoding: str) -> None:
    text = sample_head()
    data = encode(text, encoding)
    mojibake = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in data)
    path = tmp_path / "mojibake.txt"
    path.write_text(mojibake, "utf-8")
    assert read_file(path).text.lower() == normalize(text).lower()


def test_windows_1258_file_is_converted() -> None:
    fixtures = Path(__file__).parent / "fixtures"
    assert read_file(fixtures / "bad" / "windows1258.txt").text == \
        read_file(fixtures / "encodings" / "utf8.txt").text


def test_undecodable_text_is_still_bad_encoding(tmp_path: Path) -> None:
    path = tmp_path / "binary.txt"
    path.write_bytes(b"\xff\xfe\xfd header \x81\x82\x83 " * 20 + b"\xc3\x28 ASCII only otherwise")
    with pytest.raises(errors.BadEncoding):
        read_file(path)


def test_genuine_unicode_is_left_alone() -> None:
    assert legacy.detect_text("Tôi yêu em, ngày tháng năm") is None
    assert legacy.detect_text("Quyết định số 12") is None


def test_docx_runs_in_legacy_fonts(tmp_path: Path) -> None:
    doc = Document()
    p = doc.add_paragraph()
    p.add_run(encode("Quyết định ", "vni").decode("cp1252")).font.name = "VNI-Times"
    p.add_run(encode("Ủy ban nhân dân ", "tcvn3").decode("cp1252")).font.name = ".VnTimeH"
    p.add_run("và Unicode đúng").font.name = "Times New Roman"
    styled = doc.add_paragraph(encode("tháng năm", "tcvn3").decode("cp1252"))
    style = doc.styles.add_style("Legacy", 1)
    style.font.name = ".VnTime"
    styled.style = style
    path = tmp_path / "legacy.docx"
    doc.save(path)
    lines = read_file(path).text.split("\n")
    assert lines[0] == "Quyết định ỦY BAN NHÂN DÂN và Unicode đúng"
    assert lines[1] == "tháng năm"
