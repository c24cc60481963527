"""The document model (issue 15): one spaCy Doc per document, one registered component per
extraction stage, the contract JSON written from the Doc."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import extract, limits, read_file, source_from_text
from extractors.components import add_spans
from extractors.document import contract
from extractors.pipeline import COMPONENTS, nlp, read_document, whitespace_tokenizer

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "samples" / "004_b9cb7e9834b222b8.txt"   # 878/UBND-NNTN


def test_pipe_names_show_the_stages_in_order() -> None:
    assert nlp().pipe_names == ["vanthu_header", "vanthu_targets", "vanthu_references",
                                "vanthu_deadlines", "vanthu_obligations", "vanthu_funding"]
    assert list(COMPONENTS) == nlp().pipe_names
    # every component states what it needs: none reads a value no earlier one assigns
    assert not any(nlp().analyze_pipes(pretty=False)["problems"].values())


def test_pipeline_is_built_once_per_process() -> None:
    first = nlp()
    read_document(read_file(SAMPLE))
    read_document(source_from_text("Số: 12/UBND-VP\nKính gửi: Sở Tài chính."))
    assert nlp() is first


def test_tokenizer_keeps_the_text_unchanged() -> None:
    tok = whitespace_tokenizer(nlp().vocab)
    for text in ("Điều 1.  Giao Sở Tài chính\n\n  chủ trì,\tphối hợp ", "", " ", "a\r\nb  "):
        doc = tok(text)
        assert doc.text == text
        assert all(not t.text.strip() or " " not in t.text for t in doc)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("aĐ ế1/\n\t\r\u00a0,."), max_size=40))
def test_tokenizer_round_trips_any_text(text: str) -> None:
    doc = whitespace_tokenizer(nlp().vocab)(text)
    assert doc.text == text
    assert doc.char_span(0, len(text), alignment_mode="expand") is not None or not text.strip()


def test_a_text_over_a_million_characters_is_read() -> None:
    # spaCy's own limit is 1,000,000 characters; the project's is VANTHU_MAX_CHARS (5,000,000)
    text = "Giao Sở Tài chính chủ trì.\n" * 40_000
    assert len(text) > 1_000_000
    doc = nlp().make_doc(text)
    assert len(doc) > 100_000 and nlp().max_length >= limits.MAX_CHARS.value


def test_doc_holds_every_fact_of_the_contract_with_its_span() -> None:
    source = read_file(SAMPLE)
    doc = read_document(source)
    data = extract(source)
    assert doc.text == source.text
    assert contract(doc) == data
    assert doc._.header.number == "878/UBND-NNTN"
    for kind in ("references", "deadlines", "obligations", "targets", "funding"):
        facts = getattr(doc._, kind)
        assert facts == data[kind]
        group = doc.spans[kind]
        assert [s._.value for s in group] == [f for f in facts if f.get("span")]
        for span in group:
            start, end = span._.value["span"]
            # the Span covers the fact's exact characters, widened to whole tokens only
            assert span.start_char <= start < end <= span.end_char
            assert source.text[span.start_char:span.end_char].strip() == span.text.strip()
            assert span._.source == "text"
    refs = doc.spans["references"]
    assert refs[0]._.value["number"] == "490/QĐ-TTg"
    assert refs[0].text.startswith("Quyết định số 490/QĐ-TTg ngày 07/5/2018")
    header = {s.label_: s for s in doc.spans["header"]}
    assert header["number"].text == "878/UBND-NNTN" and header["number"]._.source == "header"
    assert header["issued_on"]._.value == "2020-03-05"


def test_facts_on_the_same_tokens_keep_their_own_values() -> None:
    # "100tr/200tr" is one token: both amounts widen to it, each Span keeps its own value
    doc = nlp().make_doc("bố trí 100tr/200tr")
    first, second = {"amount": 100, "span": [7, 12]}, {"amount": 200, "span": [13, 18]}
    add_spans(doc, "funding", [("funding", first["span"], first),
                               ("funding", second["span"], second)], "text")
    group = doc.spans["funding"]
    assert [s.text for s in group] == ["100tr/200tr", "100tr/200tr"]
    assert [s._.value["amount"] for s in group] == [100, 200]


def test_extract_cli_json_is_the_contract_of_the_doc() -> None:
    out = subprocess.run([sys.executable, "-m", "vanthu.cli", "extract", str(SAMPLE), "--json"],
                         capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert json.loads(out) == json.loads(json.dumps(contract(read_document(read_file(SAMPLE)))))
