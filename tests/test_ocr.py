"""OCR of scanned PDFs: corrections (every data example), orientation, the cache, a scanned
fixture end to end, and the shared corpus of real scans (slow; needs /work/shared/corpus/pdf)."""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from extractors import errors, extract, lexicon, ocr, read_file
from extractors.header import extract_header, type_from_symbol
from extractors.normalize import OCR_STEPS, key, normalize, ocr_confusables

FIXTURES = Path(__file__).parent / "fixtures"
SCANNED = FIXTURES / "ocr" / "scanned_298.pdf"
EXPECTED = FIXTURES / "corpus_pdf_expected.json"
CORPUS = Path(os.environ.get("VANTHU_CORPUS_PDF", "/work/shared/corpus/pdf"))
USER_CACHE = os.environ.get("VANTHU_OCR_CACHE")  # before the fixture below replaces it

needs_tesseract = pytest.mark.skipif(not ocr.available(),
                                     reason="tesseract-ocr with tesseract-ocr-vie is not installed")


@pytest.fixture(autouse=True)
def ocr_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh cache per test, so that cached pages never hide a Tesseract run."""
    path = tmp_path / "ocr-cache"
    monkeypatch.setenv("VANTHU_OCR_CACHE", str(path))
    monkeypatch.delenv("VANTHU_OCR", raising=False)
    return path


# ----------------------------------------------------------------------- corrections

RULES = lexicon.load("ocr_corrections.json")["rules"]
EXAMPLES = [(r["name"], ex["from"], ex["to"]) for r in RULES for ex in r["examples"]]


@pytest.mark.parametrize("rule, before, after", EXAMPLES,
                         ids=[f"{n}:{b}" for n, b, _ in EXAMPLES])
def test_correction_examples(rule: str, before: str, after: str) -> None:
    text, changes = ocr.correct(before)
    assert text == after
    assert len(text) == len(before)  # spans stay valid
    assert changes and {c["rule"] for c in changes} == {rule}
    for change in changes:
        start, end = change["span"]
        assert before[start:end] == change["from"] and text[start:end] == change["to"]


@pytest.mark.parametrize("text", ["Số: 01/TTr-UBND", "Quảng Ngãi, ngày 06 tháng 01 năm 2025",
                                  "Sơ đồ: 12 trang", "ngày 22 tháng 11 năm 2019;"])
def test_corrections_leave_good_text_alone(text: str) -> None:
    assert ocr.correct(text) == (text, [])


def test_every_rule_has_examples() -> None:
    assert all(r["examples"] and r["note"] for r in RULES)


def test_ocr_confusables_step_maps_eth_to_d_with_stroke() -> None:
    assert ocr_confusables("Số: 47/QÐ-UBND, ðồng") == "Số: 47/QĐ-UBND, đồng"
    assert ocr_confusables("Số: 86/QĐÐ-UBND") == "Số: 86/QĐ-UBND"
    assert normalize("QÐ") == "QÐ"  # only OCR text goes through the step
    assert normalize("QÐ", OCR_STEPS) == "QĐ"


def test_ascii_d_in_a_symbol_code_reads_as_d_with_stroke() -> None:
    assert type_from_symbol("47/QD-UBND") == type_from_symbol("47/QĐ-UBND") == "quyet_dinh"
    assert type_from_symbol("45/2026/ND-CP") == "nghi_dinh"
    assert type_from_symbol("878/UBND-NNTN") is None


def test_noise_where_the_number_was_does_not_spill_into_the_issuer() -> None:
    header = extract_header("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: O{_ /TTr-UBND\n\n"
                            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
                            "Quảng Ngãi, ngày 06 tháng 01 năm 2025\n\nTỜ TRÌNH\n"
                            "Về việc miễn nhiệm\n\nKính gửi: Hội đồng nhân dân tỉnh\n")
    assert header.number is None
    assert header.issuer == "Ủy ban nhân dân tỉnh Quảng Ngãi"
    assert header.issued_on == "2025-01-06"


# ----------------------------------------------------------------------- Tesseract


def _page_image(dpi: int = ocr.DPI):
    pdf = pdfium.PdfDocument(SCANNED)
    try:
        return ocr.render(pdf, 0, dpi)
    finally:
        pdf.close()


@needs_tesseract
def test_scanned_pdf_end_to_end() -> None:
    source = read_file(SCANNED)
    assert source.ocr and source.pages == 1
    data = extract(source)
    assert data["document"]["number"] == "298/BC-UBND"
    assert data["document"]["issued_on"] == "2020-09-04"
    assert data["document"]["issuer"] == "Ủy ban nhân dân huyện Kbang"
    assert data["source"]["ocr"] is True
    assert [p["page"] for p in data["source"]["ocr_pages"]] == [1]
    assert data["source"]["ocr_confidence"] > 80
    start, end = data["spans"]["number"]
    assert source.text[start:end].replace(" ", "") == "298/BC-UBND"


@needs_tesseract
def test_rotated_page_is_turned_upright() -> None:
    image = _page_image().rotate(90, expand=True)  # the sheet fed sideways
    page = ocr.ocr_image(image, page=1)
    assert page.rotation == 90
    assert "298/BC-UBND" in page.text.replace(" ", "")
    assert page.confidence > 80


@needs_tesseract
def test_second_read_comes_from_the_cache(monkeypatch: pytest.MonkeyPatch, ocr_cache: Path) -> None:
    calls: list[list[str]] = []

    def counting(args: list[str], image: bytes) -> str:
        calls.append(args)
        return ocr._run(args, image)

    monkeypatch.setattr(ocr, "RUNNER", counting)
    first = read_file(SCANNED)
    assert calls and any(ocr_cache.rglob("*.json"))
    calls.clear()
    second = read_file(SCANNED)
    assert calls == []
    assert second.text == first.text and second.ocr_pages == first.ocr_pages


@needs_tesseract
def test_ocr_pages_in_a_thread_pool_matches_sequential() -> None:
    sequential = ocr.ocr_pages(SCANNED, [1], workers=1)
    pooled = ocr.ocr_pages(SCANNED, [1, 1], workers=2)
    assert [p.text for p in pooled] == [sequential[0].text] * 2


def test_without_tesseract_a_scan_needs_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "available", lambda lang=ocr.LANG: False)
    with pytest.raises(errors.NeedsOCR) as info:
        read_file(SCANNED)
    assert "1 pages without a text layer" in str(info.value)
    assert "tesseract-ocr-vie" in info.value.summary_vi


def test_ocr_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VANTHU_OCR", "0")
    with pytest.raises(errors.NeedsOCR, match="VANTHU_OCR=0"):
        read_file(SCANNED)


# ----------------------------------------------------------------------- the corpus

FIELDS = ("number", "issued_on", "issuer")


def _same(field: str, got: str | None, want: str | None) -> bool:
    if field == "issuer" and got and want:
        return key(got) == key(want)
    return got == want


def corpus_scores(expected: dict, corpus: Path = CORPUS, workers: int | None = None) -> dict:
    """Share of documents whose extracted field equals what a person reads on page 1, the
    OCR seconds per page, and the mismatches."""
    workers = workers or os.cpu_count() or 1
    hits = dict.fromkeys(FIELDS, 0)
    misses: list[dict] = []
    ocr_seconds, ocr_pages = 0.0, 0
    for name, want in expected.items():
        path = corpus / name
        pdf = pdfium.PdfDocument(path)
        scanned = [i + 1 for i in range(len(pdf))
                   if len(pdf[i].get_textpage().get_text_range().strip()) < 16]
        pdf.close()
        started = time.perf_counter()
        if scanned:  # warm the cache in parallel; read_file then reads it back
            ocr.ocr_pages(path, scanned, workers)
        ocr_seconds += time.perf_counter() - started
        ocr_pages += len(scanned)
        try:
            document = extract(read_file(path))["document"]
        except errors.ReadError as e:
            document = {"error": e.code}
        for field in FIELDS:
            if _same(field, document.get(field), want[field]):
                hits[field] += 1
            else:
                misses.append({"file": name, "field": field, "got": document.get(field),
                               "want": want[field]})
    return {"share": {f: round(hits[f] / len(expected), 3) for f in FIELDS},
            "seconds_per_page": round(ocr_seconds / max(ocr_pages, 1), 2),
            "ocr_pages": ocr_pages, "misses": misses}


@pytest.mark.slow
@needs_tesseract
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no PDF corpus at {CORPUS}")
def test_corpus_pdf_matches(monkeypatch: pytest.MonkeyPatch) -> None:
    # The real cache: the first run OCRs ~80 pages (about 4 minutes on 2 cores), re-runs none.
    if USER_CACHE:
        monkeypatch.setenv("VANTHU_OCR_CACHE", USER_CACHE)
    else:
        monkeypatch.delenv("VANTHU_OCR_CACHE")
    spec = json.loads(EXPECTED.read_text("utf-8"))
    scores = corpus_scores(spec["documents"])
    for field, floor in spec["floors"].items():
        assert scores["share"][field] >= floor, (field, scores)


@needs_tesseract
def test_mixed_pdf_ocrs_only_the_scanned_page() -> None:
    source = read_file(FIXTURES / "bad" / "mixed_scan_text.pdf")  # page 1 scanned, page 2 text
    assert source.ocr and [p["page"] for p in source.ocr_pages] == [1]
    assert source.text.replace(" ", "").count("298/BC-UBND") >= 2  # both pages


SEALED = FIXTURES / "ocr" / "sealed_signature.pdf"


@needs_tesseract
def test_a_seal_over_the_signers_name_does_not_lose_the_signer(monkeypatch: pytest.MonkeyPatch) -> None:
    from extractors import pdf_reader

    page = read_file(SEALED)
    assert "Nguyễn Văn Dũng" in page.text                  # read again from the red channel
    assert extract(page)["document"]["signer"]["name"] == "Nguyễn Văn Dũng"
    monkeypatch.setattr(pdf_reader, "with_signature", lambda path, done, sha=None: list(done))
    grey = read_file(SEALED)
    assert "Nguyễn Văn Dũng" not in grey.text              # in grey, the seal hides it
