"""Every vocabulary and pattern under data/ is read by the code and carries examples that it
matches (issue 15, item 4).

An entry is any object of a data file that matches text: one with a ``pattern``, a list of
``patterns``, or a list of ``words``/``phrases``/``triggers``/``symbol_codes``, and any
object that declares ``examples``. Gazetteers whose entries are the names themselves
(provinces, organisation names) have no examples of their own. Each needs examples,
and each example must match it: a pattern by a regex search (case-insensitive, on the
example as written, its canonical or its folded form, the forms the extractors match on);
a word list by holding one of its words. An example given as ``{text: expected}`` with an
empty expected value is a case where the entry must find nothing; the entry's own test in
tests/ reads those back, so they are left out of the match here. The entries' meaning (the
unit, date or role an example yields) is checked by each extractor's tests.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import regex

from extractors.normalize import canon, fold

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FILES = sorted(DATA.glob("*.json"))
PATTERN_KEYS = ("pattern", "patterns")
# lists of words that make an entry; more that an entry's example may hold instead
WORD_KEYS = ("words", "phrases", "triggers", "symbol_codes")
MORE_WORDS = ("names", "codes", "aliases", "word", "form", "unit", "kinh_gui", "dien")

# Entries whose examples say what the extractor makes of a text (a date, a unit, a decoded
# word), not one pattern's match: the named test reads each one back. Sub-patterns with no
# examples of their own are exercised by their parent's.
READ_BY = {
    "doc_types.types": "test_data.py::test_type_code_examples_map_back",
    "doc_types.shared_codes": "test_data.py::test_shared_symbol_codes_admit_each_example",
    "issuers.codes": "test_data.py::test_issuer_code_examples_name_their_entry",
    "legacy_encodings.tcvn3": "test_legacy.py::test_table_examples_decode_to_their_words",
    "legacy_encodings.vni": "test_legacy.py::test_table_examples_decode_to_their_words",
    "money.number_words": "test_money.py::test_number_word_examples_are_read",
    "money.table_units": "test_money.py::test_table_cells_under_a_money_unit",
    "obligations.units": "test_obligations.py::test_unit_examples",
    "obligations.roles": "test_obligations.py::test_role_examples",
    "obligations.expansions": "test_obligations.py::test_expansion_examples",
    "obligations.dash_roles": "test_obligations.py::test_dash_role_examples_end_the_unit",
    "obligations.task_table": "test_obligations_genre.py::test_task_table_column_examples",
    "recipients": "test_header.py::test_shared_heads_are_distributed",
    "reference_relations.history": "test_references.py::test_a_third_documents_history_is_no_amendment_by_this_one",
    "reference_relations.in_force": "test_register_status.py::test_partial_examples",
    "reference_relations.legal_types": "test_references.py::test_only_a_legal_document_amends_or_replaces_one",
    "signature": "test_data.py::test_signature_examples_are_recognised",
    "targets.units": "test_targets.py::test_unit_examples_are_read_as_that_unit",
    "temporal.feasts": "test_deadlines.py::test_feast_examples",
    "units": "test_units.py::test_unit_examples_resolve",
    "units.groups": "test_units.py::test_every_abbreviation_and_group_has_examples",
}


def read_by(path: str) -> str | None:
    """The test that reads the examples of the entry at ``path`` (or of its parent)."""
    key = path.split("[")[0]
    while key:
        if key in READ_BY:
            return READ_BY[key]
        key = key.rpartition(".")[0]
    return None
NOT_ENTRIES = ("examples", "not_examples", "annex_examples")


def entries(node: Any, path: str) -> Iterator[tuple[str, dict]]:
    if isinstance(node, dict):
        if "examples" in node or any(isinstance(node.get(k), (str, list)) for k in PATTERN_KEYS) \
                or any(isinstance(node.get(k), list) for k in WORD_KEYS):
            yield path, node
        for key, value in node.items():
            if key not in NOT_ENTRIES:
                yield from entries(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from entries(value, f"{path}[{i}]")


ENTRIES = [(path, entry) for f in FILES
           for path, entry in entries(json.loads(f.read_text(encoding="utf-8")), f.stem)]


def example_texts(examples: Any) -> list[str]:
    """The positive examples' texts, whatever shape the file gives them."""
    if isinstance(examples, dict):
        # {text: what it yields}: one that yields nothing beside others that do is a
        # counter-example (the entry's own test checks nothing comes of it)
        if all(v in (None, [], "") for v in examples.values()):
            return list(examples)
        return [text for text, expected in examples.items() if expected not in (None, [], "")]
    texts = []
    for e in examples:
        if isinstance(e, str):
            texts.append(e)
        elif isinstance(e, list):
            texts.append(e[0])                            # [text, what it yields]
        elif isinstance(e, dict):
            text = e.get("text", e.get("from"))          # {"text"|"from": …, expected…}
            expected = [v for k, v in e.items() if k not in ("text", "from", "issued_on")]
            if not expected or any(v not in (None, [], "") for v in expected):
                texts.append(text)
    return texts


def matches(entry: dict, text: str) -> bool:
    forms = (text, canon(text), fold(text))
    patterns = entry.get("pattern", entry.get("patterns"))
    if patterns is not None:
        for p in [patterns] if isinstance(patterns, str) else patterns:
            if any(regex.search(p, form, regex.I) for form in forms):
                return True
    for key in WORD_KEYS + MORE_WORDS:
        words = entry.get(key)
        words = [words] if isinstance(words, str) else words
        if isinstance(words, list) and any(isinstance(w, str) and w.strip() and has_word(w, text)
                                           for w in words):
            return True
    return False


def has_word(word: str, text: str) -> bool:
    """``word`` in ``text`` as whole words, not inside a longer word (case and accents
    aside; a digit may touch it: "500.000đ", "QH13")."""
    def pattern(w: str) -> str:
        return r"(?<!\p{L})" + r"\s+".join(map(regex.escape, w.split())) + r"(?!\p{L})"
    return any(regex.search(pattern(w), form, regex.I)
               for w, form in ((word, text), (word, fold(text)), (fold(word), fold(text))))


def test_the_walk_finds_the_entries() -> None:
    assert len(ENTRIES) > 100
    found = {path for path, _ in ENTRIES}
    assert {"obligations.openers", "temporal.feasts.lunar", "units.groups[0]",
            "signature.signed_marks", "money.currencies[0]"} <= found


@pytest.mark.parametrize("path,entry", ENTRIES, ids=[p for p, _ in ENTRIES])
def test_every_entry_has_examples_and_each_matches(path: str, entry: dict) -> None:
    test = read_by(path)
    if test is not None:
        module, name = test.split("::")
        assert f"def {name}(" in (ROOT / "tests" / module).read_text(encoding="utf-8"), test
        return
    assert entry.get("examples"), f"{path}: no examples"
    texts = example_texts(entry["examples"])
    assert texts, f"{path}: no example that it should match"
    for text in texts:
        assert matches(entry, text), f"{path}: {text!r} does not match"


def test_matching_is_not_vacuous() -> None:
    assert not matches({"pattern": r"Điều\s+\d+"}, "Khoản 3")
    assert not matches({"words": ["chủ trì"]}, "phối hợp")
    assert not matches({"words": ["so"]}, "sinh ra sống")      # whole words only
    assert matches({"pattern": r"^uy ban nhan dan cac huyen\b"}, "Ủy ban nhân dân các huyện")


def _code() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for d in ("extractors", "models", "vanthu")
                     for p in sorted((ROOT / d).rglob("*.py")))


@pytest.mark.parametrize("data_file", FILES, ids=[f.name for f in FILES])
def test_every_data_file_is_read_by_the_code(data_file: Path) -> None:
    assert f'"{data_file.name}"' in _code(), f"{data_file.name} is read by nothing"
