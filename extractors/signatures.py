"""Digital signatures of e-office PDFs: who signed, when, why and where.

Vietnamese e-office systems sign an outgoing document twice or more: the leader's personal
certificate, then the issuing body's organisation certificate (the clerk's stamp, which
also fixes the number and date the body text leaves blank: "Số: /TB-UBND", "ngày … tháng
3 năm 2025"), then often the portal or gazette that published it ("… đã ký lên văn bản
này!"). Each signature dictionary is read with PDFium; the PKCS#7/CAdES blob is parsed with
``cryptography`` for the signer certificate's subject. /Location, which PDFium does not
expose, is read from the dictionary in the file bytes, matched by /ByteRange.

Facts are plain dicts: {"signing_time", "subject", "organization", "unit", "email",
"reason", "location", "source": "signature"}; page-1 annotations with text give
{"text", "source": "annotation"}.
"""
from __future__ import annotations

import ctypes
import os
import re
import unicodedata
import warnings
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID

from .normalize import fold

SignatureFacts = dict[str, Any]

_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?"
                       r"(?:([Zz+\-])(\d{2})?'?(\d{2})?'?)?")
# Subjects of bodies that publish rather than issue: the provincial gazette/IT centre and
# the government portal. Compared on folded text (no diacritics, lower case).
_PUBLISHERS = ("cong bao", "cong thong tin", "tin hoc")
# Words that make a certificate CN an organisation rather than a person.
_ORG_WORDS = re.compile(r"\b(uy ban|ubnd|hoi dong|chinh phu|thu tuong|bo|so|cuc|chi cuc|tong cuc|"
                        r"van phong|phong|ban|trung tam|tinh|huyen|xa|thanh pho|quan|phuong|"
                        r"truong|vien|cong ty|doan|dang uy|tinh uy)\b")


def read_signatures(path: str | os.PathLike, data: bytes | None = None) -> tuple[SignatureFacts, ...]:
    """Signature facts (oldest first) and page-1 annotation texts; () when there are none
    or the file cannot be opened (the text reader reports that). ``data``, the file's bytes
    when the caller has them, spares opening and reading the file again."""
    if data is None:
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError:
            return ()
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return ()
    try:
        locations = _locations(data)
        facts = [_signature(pdf, i, locations) for i in range(pdfium_c.FPDF_GetSignatureCount(pdf.raw))]
        signed = sorted((f for f in facts if f), key=lambda f: f.get("signing_time") or "")
        return tuple(signed) + tuple(_annotations(pdf))
    finally:
        pdf.close()


def _buffer(getter: Callable[..., int], handle: Any) -> bytes:
    size = getter(handle, None, 0)
    if size <= 0:
        return b""
    buf = ctypes.create_string_buffer(size)
    getter(handle, buf, size)
    return buf.raw[:size]


def _signature(pdf: pdfium.PdfDocument, index: int, locations: dict[tuple[int, ...], str]) -> SignatureFacts:
    sig = pdfium_c.FPDF_GetSignatureObject(pdf.raw, index)
    if not sig:
        return {}
    when = _buffer(pdfium_c.FPDFSignatureObj_GetTime, sig).rstrip(b"\0").decode("latin-1")
    reason = _buffer(pdfium_c.FPDFSignatureObj_GetReason, sig).decode("utf-16-le", "replace")
    fact: SignatureFacts = {"signing_time": pdf_date(when), "subject": None, "organization": None,
                  "unit": None, "email": None, "reason": _clean(reason),
                  "location": locations.get(_byte_range(sig)), "source": "signature"}
    cert = signer_certificate(_buffer(pdfium_c.FPDFSignatureObj_GetContents, sig))
    if cert is not None:
        fact.update(_subject(cert.subject))
    return fact


def _byte_range(sig: Any) -> tuple[int, ...]:
    count = pdfium_c.FPDFSignatureObj_GetByteRange(sig, None, 0)
    if count <= 0:
        return ()
    arr = (ctypes.c_int * count)()
    pdfium_c.FPDFSignatureObj_GetByteRange(sig, arr, count)
    return tuple(arr)


def pdf_date(value: str) -> str | None:
    """A PDF date ("D:20250107100957+07'00'") as ISO 8601, None when unreadable."""
    m = _PDF_DATE.match(value.strip())
    if not m:
        return None
    year, month, day, hour, minute, second, sign, tzh, tzm = m.groups()
    tz = None
    if sign in ("Z", "z"):
        tz = timezone.utc
    elif sign:
        offset = timedelta(hours=int(tzh or 0), minutes=int(tzm or 0))
        tz = timezone(offset if sign == "+" else -offset)
    try:
        return datetime(int(year), int(month or 1), int(day or 1), int(hour or 0),
                        int(minute or 0), int(second or 0), tzinfo=tz).isoformat()
    except ValueError:
        return None


def signer_certificate(contents: bytes) -> x509.Certificate | None:
    """The end-entity certificate of a PKCS#7/CAdES blob: the one that issued no other
    certificate in the bag. The blob is zero-padded to its reserved size: cut to its DER
    length first."""
    der = _der_prefix(contents)
    if not der:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            certs = pkcs7.load_der_pkcs7_certificates(der)
    except ValueError:
        return None
    issuers = {c.issuer for c in certs}
    leaves = [c for c in certs if c.subject not in issuers] or certs
    return leaves[0] if leaves else None


def _der_prefix(data: bytes) -> bytes:
    if len(data) < 2 or data[0] != 0x30:
        return b""
    first = data[1]
    if first < 0x80:
        return data[:2 + first]
    width = first & 0x7F
    if width == 0 or width > 4:  # indefinite length (BER): let the parser cope
        return data.rstrip(b"\0")
    length = int.from_bytes(data[2:2 + width], "big")
    return data[:2 + width + length]


def _subject(name: x509.Name) -> SignatureFacts:
    def get(oid: x509.ObjectIdentifier) -> str | None:
        values = [str(a.value) for a in name.get_attributes_for_oid(oid)]
        return _clean(", ".join(values)) if values else None
    return {"subject": get(NameOID.COMMON_NAME), "organization": get(NameOID.ORGANIZATION_NAME),
            "unit": get(NameOID.ORGANIZATIONAL_UNIT_NAME), "email": get(NameOID.EMAIL_ADDRESS)}


def _clean(value: str) -> str | None:
    value = unicodedata.normalize("NFC", value.replace("\0", "")).strip()
    return value or None


# --------------------------------------------------------------------------- raw dictionaries

_SIG_DICT = re.compile(rb"/Type\s*/Sig\b")
_BYTE_RANGE = re.compile(rb"/ByteRange\s*\[\s*([\d\s]+)\]")
_LOCATION = re.compile(rb"/Location\s*\(")


def _locations(data: bytes) -> dict[tuple[int, ...], str]:
    """/Location of every signature dictionary in the file, keyed by its /ByteRange."""
    out: dict[tuple[int, ...], str] = {}
    for m in _SIG_DICT.finditer(data):
        window = data[m.start():m.start() + 4096]
        window = window[:window.find(b"/Contents")] if b"/Contents" in window[:2048] else window
        br, loc = _BYTE_RANGE.search(window), _LOCATION.search(window)
        if br and loc:
            value = _clean(_pdf_string(window, loc.end()))
            if value:
                out[tuple(int(x) for x in br.group(1).split())] = value
    return out


def _pdf_string(data: bytes, start: int) -> str:
    """A PDF literal string starting after its "(": escapes, nesting, UTF-16BE or
    PDFDocEncoding (read as Latin-1)."""
    out, depth, i = bytearray(), 1, start
    escapes = {ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("f"): 12}
    while i < len(data):
        b = data[i]
        if b == 0x5C and i + 1 < len(data):  # backslash
            nxt = data[i + 1]
            octal = re.match(rb"[0-7]{1,3}", data[i + 1:i + 4])
            if octal:
                out.append(int(octal.group(), 8) & 0xFF)
                i += 1 + len(octal.group())
                continue
            out.append(escapes.get(nxt, nxt))
            i += 2
            continue
        if b == 0x28:
            depth += 1
        elif b == 0x29:
            depth -= 1
            if depth == 0:
                break
        out.append(b)
        i += 1
    raw = bytes(out)
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be", "replace")
    return raw.decode("latin-1")


def _annotations(pdf: pdfium.PdfDocument) -> list[SignatureFacts]:
    """Page-1 annotations that carry text (stamps, notes); signature widgets carry none."""
    if len(pdf) == 0:
        return []
    page = pdf[0]
    facts: list[SignatureFacts] = []
    for i in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
        annot = pdfium_c.FPDFPage_GetAnnot(page.raw, i)
        if not annot:
            continue
        try:
            size = pdfium_c.FPDFAnnot_GetStringValue(annot, b"Contents", None, 0)
            if size > 2:
                buf = (pdfium_c.FPDF_WCHAR * (size // 2))()
                pdfium_c.FPDFAnnot_GetStringValue(annot, b"Contents", buf, size)
                text = _clean(bytes(buf).decode("utf-16-le", "replace"))
                if text:
                    facts.append({"text": text, "source": "annotation"})
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annot)
    return facts


# --------------------------------------------------------------------------- use in the header

def is_publisher(fact: SignatureFacts) -> bool:
    who = fold(" ".join(filter(None, (fact.get("subject"), fact.get("reason")))))
    return any(word in who for word in _PUBLISHERS)


def is_organisation(fact: SignatureFacts) -> bool:
    return bool(fact.get("subject")) and _ORG_WORDS.search(fold(fact["subject"])) is not None


def issuing_signature(facts: tuple[SignatureFacts, ...] | list[SignatureFacts], issuer: str | None) -> SignatureFacts | None:
    """The signature that issued the document: the oldest organisation certificate whose
    name (CN, then O) is the header's issuer; failing that the oldest organisation signature that is not a
    publisher's; failing that the oldest signature that is not a publisher's."""
    signed = [f for f in facts if f.get("source") == "signature" and f.get("signing_time")]
    if issuer:
        wanted = fold(issuer)
        # The certificate's own name first: a leader's personal certificate also carries
        # the body in O=, but signs before the clerk stamps the number and date.
        for field in ("subject", "organization"):
            for fact in signed:
                if fold(fact.get(field) or "") == wanted and is_organisation(fact):
                    return fact
    own = [f for f in signed if not is_publisher(f)]
    orgs = [f for f in own if is_organisation(f)]
    return (orgs or own or [None])[0]
