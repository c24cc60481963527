"""One document, all extractors: a :class:`Source` in, the contract dict out."""
from __future__ import annotations

import os

from . import rx as re

from .deadlines import extract_deadlines
from .header import Header, extract_header
from .money import extract_funding
from .obligations import extract_obligations
from .readers import Source, read_file, source_from_text
from .references import extract_references, resolve_short_forms
from .normalize import canon_text
from .outline import is_wrapped
from .symbols import NUMBER_RE, normalize_number
from .task_tables import table_deadlines, task_rows
from .signatures import fold, is_organisation, is_publisher, issuing_signature
from .targets import extract_targets

SCHEMA = "vanthu.extract/1"
# Bump when any extractor's output can change: re-ingesting re-extracts older documents.
EXTRACTOR_VERSION = "0.7.0"


def extract(source: Source) -> dict:
    """The extraction contract for one read document."""
    text = source.text
    header = extract_header(text)
    provenance = apply_signatures(header, source.signatures)
    if number_from_name(header, text, source.path):
        provenance["number"] = "file name"
    targets, statistics = extract_targets(text, header.issued_on, header.doc_type)
    references = extract_references(text, header.number, header.issued_on)
    unresolved = resolve_short_forms(text, references)
    deadlines = extract_deadlines(text, header.issued_on)
    deadlines += table_time_deadlines(text, header.issued_on, deadlines)
    document = header.contract()
    if provenance:
        document["provenance"] = provenance  # extra key: where each value was read
    return {
        "schema": SCHEMA,
        "extractor_version": EXTRACTOR_VERSION,
        "source": source.contract(),
        "document": document,
        "references": references,
        "unresolved_citations": unresolved,   # short forms with several candidates (extra key)
        "deadlines": deadlines,
        "obligations": extract_obligations(text, header, deadlines),
        "targets": targets,
        "statistics": statistics,          # reported figures (extra key): not goals
        "funding": extract_funding(text, header.issued_on),
        "spans": header.spans(),
    }


def apply_signatures(header: Header, signatures: tuple[dict, ...]) -> dict[str, str]:
    """Fill what the body leaves blank from the issuing signature (e-office exports leave
    "ngày … tháng 3 năm 2025" for the stamp): the signing date for ``issued_on``, the
    certificate's organisation for ``issuer``. Returns where each value came from
    ("header", "signature", or "header+signature" when the certificate confirms it);
    empty when the source has no signatures."""
    if not signatures:
        return {}
    provenance = {name: "header" for name in ("number", "issued_on", "issuer")
                  if getattr(header, name)}
    issuing = issuing_signature(signatures, header.issuer)
    if issuing is None:
        return provenance
    if not header.issued_on and issuing.get("signing_time"):
        header.issued_on = issuing["signing_time"][:10]  # the date where it was signed
        provenance["issued_on"] = "signature"
    subject = issuing.get("subject")
    if header.issuer:
        if subject and fold(subject) == fold(header.issuer):
            provenance["issuer"] = "header+signature"
    elif subject and is_organisation(issuing) and not is_publisher(issuing):
        header.issuer = subject
        header.issuer_source = "signature"
        provenance["issuer"] = "signature"
    return provenance


_NAME_NUMBER = re.compile(r"(?<![\dA-Za-z])(\d{1,5})[-_ ]?([A-Za-z]{2,6})(?![A-Za-z])")


def table_time_deadlines(text: str, issued_on: str | None, found: list[dict]) -> list[dict]:
    """The time column of a task table ("2026", "Quý III Năm 2026", "Hàng năm") names a
    deadline even without a trigger word; those the text scan did not find."""
    c = canon_text(text)
    rows = task_rows(c, by_line=not is_wrapped(c))
    spans = [d["span"] for d in found if d.get("span")]
    return [d for d in table_deadlines(text, c, rows, issued_on)
            if not any(s[0] < d["span"][1] and d["span"][0] < s[1] for s in spans)]


def number_from_name(header: Header, text: str, path: str) -> bool:
    """A scan whose handwritten number OCR could not read ("Số: #4 /TTr -UBND") takes the
    number from its file name when the name carries it beside the same type code
    ("…-24-TTR.pdf", "…-05CT.pdf"), as scans are usually named. True when it did."""
    blank = header._spans.get("number_blank")
    if header.number or not blank:
        return False
    m = NUMBER_RE.match(text, blank[0])
    sym = normalize_number(m.group("sym")) if m else ""
    code = re.match(r"/(?:\d{4}/)?(\p{Lu}[\p{L}]*)", sym)
    if not code:
        return False
    want = fold(code.group(1)).replace("đ", "d")
    for n in _NAME_NUMBER.finditer(os.path.splitext(os.path.basename(path))[0]):
        if n.group(2).casefold() == want and int(n.group(1)) > 0:
            header.number = n.group(1) + sym
            return True
    return False


def extract_file(path: str | os.PathLike) -> dict:
    return extract(read_file(path))


def extract_text(text: str, path: str = "<text>") -> dict:
    return extract(source_from_text(text, path))
