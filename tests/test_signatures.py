"""Digital signatures of e-office PDFs: facts read from the signature dictionaries, the
issuing one chosen, and blank header values filled from it with their provenance."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID

from extractors import extract
from extractors.readers import read_file, source_from_text
from extractors.signatures import issuing_signature, pdf_date, read_signatures

CORPUS = Path("/work/shared/corpus/pdf")
ISSUER = "Ủy ban nhân dân tỉnh Quảng Ngãi"


def pkcs7_blob(common_name: str, organization: str) -> bytes:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
                      x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")])
    now = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(1)
            .not_valid_before(now).not_valid_after(now + dt.timedelta(days=30))
            .sign(key, hashes.SHA256()))
    return (pkcs7.PKCS7SignatureBuilder().set_data(b"x").add_signer(cert, key, hashes.SHA256())
            .sign(serialization.Encoding.DER, [pkcs7.PKCS7Options.DetachedSignature]))


def utf16(text: str) -> bytes:
    return b"(" + b"\xfe\xff" + text.encode("utf-16-be").replace(b"\\", b"\\\\") \
        .replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def signed_pdf(path: Path, blob: bytes, when: str, reason: str, location: str) -> Path:
    """A one-page PDF with a text line and one signature field (the byte range is not a
    real digest: PDFium reads the dictionary, it does not verify)."""
    content = b"BT /F1 12 Tf 72 720 Td (Signed test page with text) Tj ET"
    contents = b"<" + blob.hex().encode() + b"0" * 512 + b">"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] /SigFlags 3 >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 7 0 R >> >> /Annots [5 0 R] >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /FT /Sig /T (Signature1) /V 6 0 R /Type /Annot /Subtype /Widget "
        b"/Rect [0 0 0 0] /P 3 0 R /F 132 >>",
        b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /Reason "
        + utf16(reason) + b" /Location " + utf16(location) + b" /M (" + when.encode()
        + b") /ByteRange [0 100 200 300] /Contents " + contents + b" >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.7\n"), []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def test_pdf_dates() -> None:
    assert pdf_date("D:20250107100957+07'00'") == "2025-01-07T10:09:57+07:00"
    assert pdf_date("D:20250107100957Z") == "2025-01-07T10:09:57+00:00"
    assert pdf_date("D:2025") == "2025-01-01T00:00:00"
    assert pdf_date("yesterday") is None


def test_signature_facts_from_a_signed_pdf(tmp_path: Path) -> None:
    pdf = signed_pdf(tmp_path / "s.pdf", pkcs7_blob(ISSUER, "Tỉnh Quảng Ngãi"),
                     "D:20250107100957+07'00'", "Phát hành (văn bản)", "Quảng Ngãi")
    [fact] = read_signatures(pdf)
    assert fact == {"signing_time": "2025-01-07T10:09:57+07:00", "subject": ISSUER,
                    "organization": "Tỉnh Quảng Ngãi", "unit": None, "email": None,
                    "reason": "Phát hành (văn bản)", "location": "Quảng Ngãi",
                    "source": "signature"}
    source = read_file(pdf)
    assert source.contract()["signatures"] == [fact]


def test_unsigned_pdf_and_text_have_no_signatures_key() -> None:
    assert "signatures" not in source_from_text("Số: 1/UBND").contract()


FACTS = (
    {"signing_time": "2024-11-15T17:30:07+07:00", "subject": "Phùng Tô Long",
     "organization": "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", "source": "signature"},
    {"signing_time": "2024-11-17T16:07:12+07:00", "subject": ISSUER,
     "organization": "Tỉnh Quảng Ngãi", "source": "signature"},
    {"signing_time": "2024-11-18T07:25:14+07:00", "subject": "TRUNG TÂM CÔNG BÁO VÀ TIN HỌC",
     "organization": "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI", "source": "signature",
     "reason": "TRUNG TÂM CÔNG BÁO VÀ TIN HỌC đã ký lên văn bản này!"},
)


def test_issuing_signature_is_the_bodys_not_the_leaders_or_the_gazettes() -> None:
    assert issuing_signature(FACTS, ISSUER) is FACTS[1]
    assert issuing_signature(FACTS, None) is FACTS[1]
    assert issuing_signature(FACTS[2:], None) is None   # only the gazette signed


BLANK = ("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: /TB-UBND\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
         "Độc lập - Tự do - Hạnh phúc\nQuảng Ngãi, ngày tháng 11 năm 2024\n\nTHÔNG BÁO\n"
         "Về việc tham dự Hội nghị\n\nNội dung.\n")


def test_blank_date_is_filled_from_the_issuing_signature() -> None:
    source = source_from_text(BLANK, "/x/tb.pdf")
    plain = extract(source)["document"]
    assert plain["issued_on"] is None and "provenance" not in plain
    signed = extract(type(source)(**{**source.__dict__, "signatures": FACTS}))["document"]
    assert signed["issued_on"] == "2024-11-17"
    assert signed["provenance"] == {"issuer": "header+signature", "issued_on": "signature"}


def test_issuer_is_filled_from_the_certificate_when_the_header_has_none() -> None:
    source = source_from_text("Số: 12/TB\n\nTHÔNG BÁO\nVề việc họp\n\nNội dung.\n", "/x/a.pdf")
    signed = extract(type(source)(**{**source.__dict__, "signatures": FACTS[1:]}))["document"]
    assert signed["issuer"] == ISSUER
    assert signed["provenance"]["issuer"] == "signature"


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared PDF corpus is not on this machine")
def test_corpus_e_office_pdfs_carry_signatures() -> None:
    facts = read_signatures(CORPUS / "103_thong_bao_QuangNgai-vht507.pdf")
    assert [f["subject"] for f in facts][:2] == ["Phùng Tô Long", ISSUER]
    assert facts[-1]["location"] == "Việt Nam"
    assert issuing_signature(facts, ISSUER)["signing_time"] == "2024-11-06T08:54:21+07:00"
