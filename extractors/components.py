"""The extraction stages as registered spaCy pipeline components.

Each component reads the normalised text of the :class:`spacy.tokens.Doc` (:func:`text_of`)
and what earlier components stored, calls the stage's own function (extractors/), and
stores its facts on the Doc:

- document-level values as ``Doc._`` extensions (``doc._.header``, ``doc._.deadlines``…),
  the fact dicts of the extraction contract in reading order;
- every fact with a span also as a :class:`spacy.tokens.Span` in the span group of its kind
  (``doc.spans["deadlines"]``…): ``span._.value`` is the fact dict, ``span._.source`` where
  it was read ("text", or "ocr" for an OCR'd scan; "header" for the header's fields).

The tokens are whitespace-delimited, so a span is widened to whole tokens; the fact's
``span`` keeps the exact character offsets. :mod:`extractors.pipeline` puts the
components in order; :func:`extractors.document.contract` writes the JSON from the Doc.
"""
from __future__ import annotations

import os
from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span

from . import rx as re
from .cited_subject import add_cited_subjects
from .articles import standing_rules
from .deadlines import extract_deadlines
from .header import Header, extract_header
from .money import extract_funding
from .normalize import canon_text, fold
from .obligations import extract_obligations
from .outline import is_wrapped
from .references import extract_references, resolve_short_forms
from .spans import Cover
from .signatures import is_organisation, is_publisher, issuing_signature
from .symbols import NUMBER_RE, normalize_number
from .targets import extract_targets
from .task_tables import table_deadlines, task_rows

# Doc._ extensions: what the components assign (the read file first, set before they run).
DOC_VALUES = ("file", "header", "provenance", "targets", "statistics", "references",
              "unresolved_citations", "deadlines", "obligations", "funding")


def register_extensions() -> None:
    """Declare the Doc and Span extensions (once per process; idempotent)."""
    for name in DOC_VALUES:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    for name in ("value", "source"):
        if not Span.has_extension(name):
            Span.set_extension(name, getter=_getter(name), setter=_setter(name))


# spaCy keys a Span's plain extension values by its character offsets alone, so two facts
# on the same tokens (two duties of one clause, in two groups or one) would share one value.
# Ours are keyed by the Span's id, unique in its Doc (add_spans numbers them).
def _getter(name: str):
    return lambda span: span.doc.user_data.get(("vanthu", name, span.id))


def _setter(name: str):
    def set_value(span: Span, value: object) -> None:
        span.doc.user_data[("vanthu", name, span.id)] = value
    return set_value


def add_spans(doc: Doc, group: str, facts: Iterable[tuple[str, list[int] | None, object]],
              source: str) -> None:
    """``doc.spans[group]``: one Span per (label, [start, end], value) with a span, widened
    to whole tokens, its value and source in ``span._``. Each Span gets an id of its own in
    the Doc, which keys its values."""
    spans = []
    next_id = doc.user_data.get(("vanthu", "next_id"), 1)
    for label, at, value in facts:
        if not at or at[1] <= at[0]:
            continue
        cs = doc.char_span(at[0], at[1], alignment_mode="expand")
        if cs is None:
            continue
        span = Span(doc, cs.start, cs.end, label=label, span_id=next_id)
        next_id += 1
        span._.value = value
        span._.source = source
        spans.append(span)
    doc.user_data[("vanthu", "next_id")] = next_id
    doc.spans[group] = spans


def text_of(doc: Doc) -> str:
    """The normalised text: the read file's own string. ``doc.text`` is the same text, but
    spaCy joins it from the tokens on every access (2 ms for 26,000 characters), and the
    stages' caches recognise the one string at once."""
    return doc._.file.text if doc._.file is not None else doc.text


def _text_source(doc: Doc) -> str:
    return "ocr" if doc._.file is not None and doc._.file.ocr else "text"


def _facts(doc: Doc, group: str, items: list[dict]) -> None:
    add_spans(doc, group, ((group, item.get("span"), item) for item in items), _text_source(doc))


@Language.component("vanthu_header", assigns=["doc._.header", "doc._.provenance", "doc.spans"])
def header_component(doc: Doc) -> Doc:
    """Number, type, issuer, date, subject, recipients, signer (extractors.header), then
    what a PDF's signature or the file's name supply when the text leaves it blank."""
    text = text_of(doc)
    file = doc._.file
    header = extract_header(text)
    provenance = apply_signatures(header, file.signatures if file else ())
    if number_from_name(header, text, file.path if file else ""):
        provenance["number"] = "file name"
    doc._.header = header
    doc._.provenance = provenance
    source = "ocr" if file is not None and file.ocr else "header"
    add_spans(doc, "header", ((name, at, getattr(header, name, None))
                              for name, at in header.spans().items()), source)
    return doc


@Language.component("vanthu_targets", requires=["doc._.header"],
                    assigns=["doc._.targets", "doc._.statistics", "doc.spans"])
def targets_component(doc: Doc) -> Doc:
    text = text_of(doc)
    header = doc._.header
    doc._.targets, doc._.statistics = extract_targets(text, header.issued_on, header.doc_type)
    _facts(doc, "targets", doc._.targets)
    _facts(doc, "statistics", doc._.statistics)
    return doc


@Language.component("vanthu_references", requires=["doc._.header"],
                    assigns=["doc._.references", "doc._.unresolved_citations", "doc.spans"])
def references_component(doc: Doc) -> Doc:
    """Cited documents, short forms resolved, each with the subject its citation names."""
    text = text_of(doc)
    header = doc._.header
    references = extract_references(text, header.number, header.issued_on, header.doc_type)
    doc._.unresolved_citations = resolve_short_forms(text, references)
    add_cited_subjects(text, references)
    doc._.references = references
    _facts(doc, "references", references)
    return doc


@Language.component("vanthu_deadlines", requires=["doc._.header"],
                    assigns=["doc._.deadlines", "doc.spans"])
def deadlines_component(doc: Doc) -> Doc:
    text = text_of(doc)
    issued_on = doc._.header.issued_on
    deadlines = extract_deadlines(text, issued_on)
    deadlines += table_time_deadlines(text, issued_on, deadlines)
    doc._.deadlines = deadlines
    _facts(doc, "deadlines", deadlines)
    return doc


@Language.component("vanthu_obligations", requires=["doc._.header", "doc._.deadlines"],
                    assigns=["doc._.obligations", "doc.spans"])
def obligations_component(doc: Doc) -> Doc:
    text = text_of(doc)
    doc._.obligations = extract_obligations(text, doc._.header, doc._.deadlines)
    _facts(doc, "obligations", doc._.obligations)
    if standing_rules(doc._.header.doc_type):
        # A decree's "Trước ngày 15/11 hằng năm, Chính phủ trình …" is a standing procedure: its
        # time is a deadline only where it dates a duty the text gives a unit.
        duties = Cover(o["span"] for o in doc._.obligations if o.get("span"))
        kept = [d for d in doc._.deadlines if d.get("span") and d["span"][0] in duties]
        if len(kept) < len(doc._.deadlines):
            doc._.deadlines = kept
            _facts(doc, "deadlines", kept)
    return doc


@Language.component("vanthu_funding", requires=["doc._.header"],
                    assigns=["doc._.funding", "doc.spans"])
def funding_component(doc: Doc) -> Doc:
    text = text_of(doc)
    doc._.funding = extract_funding(text, doc._.header.issued_on)
    _facts(doc, "funding", doc._.funding)
    return doc


# ------------------------------------------------------------------ the header's other sources

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


def table_time_deadlines(text: str, issued_on: str | None, found: list[dict]) -> list[dict]:
    """The time column of a task table ("2026", "Quý III Năm 2026", "Hàng năm") names a
    deadline even without a trigger word; those the text scan did not find."""
    c = canon_text(text)
    rows = task_rows(c, by_line=not is_wrapped(c))
    spans = [d["span"] for d in found if d.get("span")]
    return [d for d in table_deadlines(text, c, rows, issued_on)
            if not any(s[0] < d["span"][1] and d["span"][0] < s[1] for s in spans)]
