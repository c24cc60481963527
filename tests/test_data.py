"""Every pattern/gazetteer entry under data/ carries examples, and every example is read back."""
from __future__ import annotations

import pytest

from extractors import lexicon
from extractors.titles import is_signature_line, signed_mark_re
from extractors.symbols import issuer_code, symbol_types, type_from_symbol
from extractors.names import authority_case, org_case

TYPES = lexicon.doc_types()


@pytest.mark.parametrize("entry", TYPES, ids=[t["code"] for t in TYPES])
def test_every_doc_type_has_names_and_examples(entry):
    assert entry["names"] and entry["examples"], entry["code"]


@pytest.mark.parametrize("code,example", [(t["code"], ex) for t in TYPES for ex in t["examples"]])
def test_type_code_examples_map_back(code, example):
    expected = None if code == "cong_van" else code
    assert type_from_symbol(example) == expected


ISSUERS = lexicon.load("issuers.json")["codes"]


@pytest.mark.parametrize("entry", ISSUERS, ids=[e["codes"][0] for e in ISSUERS])
def test_issuer_code_examples_name_their_entry(entry):
    assert entry["examples"] and entry["confirm"]
    for example in entry["examples"]:
        doc_type = "cong_van" if type_from_symbol(example) is None or example.split("/")[-1].startswith(
            tuple(entry["codes"])) else None
        assert issuer_code(example, doc_type) in entry["codes"], example


def test_issuer_codes_are_unique():
    codes = [c for e in ISSUERS for c in e["codes"]]
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize("line", lexicon.load("signature.json")["examples"])
def test_signature_examples_are_recognised(line):
    assert is_signature_line(line)


@pytest.mark.parametrize("line", lexicon.load("signature.json")["signed_marks"]["examples"])
def test_signed_mark_examples_are_recognised(line):
    assert signed_mark_re().match(line)


@pytest.mark.parametrize("line", ["Nguyễn Văn Kýnh", "Ký hiệu văn bản được quy định tại Phụ lục kèm theo Thông tư này.",
                                  "KT. BỘ TRƯỞNG"])
def test_other_lines_are_not_signed_marks(line):
    assert not signed_mark_re().match(line)


def test_province_names_are_unique_and_have_a_kind():
    provinces = lexicon.load("provinces.json")["provinces"]
    names = [p["name"] for p in provinces]
    assert len(names) == len(set(names)) == 64   # 63 before the 2025 merger, + Huế as a city
    assert {p["kind"] for p in provinces} == {"tỉnh", "thành phố"}


ORG_ROWS = [
    ("ỦY BAN NHÂN DÂN HUYỆN KBANG", "Ủy ban nhân dân huyện Kbang"),
    ("SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN", "Sở Nông nghiệp và Phát triển nông thôn"),
    ("BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "Bộ Văn hóa, Thể thao và Du lịch"),
    ("THỦ TƯỚNG CHÍNH PHỦ", "Thủ tướng Chính phủ"),
    ("NGÂN HÀNG NHÀ NƯỚC VIỆT NAM", "Ngân hàng Nhà nước Việt Nam"),
    ("HỘI ĐỒNG NHÂN DÂN THÀNH PHỐ HÀ NỘI", "Hội đồng nhân dân thành phố Hà Nội"),
    ("SỞ NN VÀ PTNT", "Sở NN và PTNT"),
    ("BỘ CÔNG THƯƠNG", "Bộ Công Thương"),
]


@pytest.mark.parametrize("upper,normal", ORG_ROWS, ids=[r[1] for r in ORG_ROWS])
def test_organisation_names_in_normal_case(upper, normal):
    assert org_case(upper) == normal


@pytest.mark.parametrize("printed,normal", [("KT. CHỦ TỊCH", "KT. Chủ tịch"), ("KT.GIÁM ĐỐC", "KT. Giám đốc"),
                                            ("TM. ỦY BAN NHÂN DÂN HUYỆN", "TM. Ủy ban nhân dân huyện"),
                                            ("TM. CHÍNH PHỦ", "TM. Chính phủ"), ("TL. BỘ TRƯỞNG", "TL. Bộ trưởng")])
def test_authority_lines_in_normal_case(printed, normal):
    assert authority_case(printed) == normal


@pytest.mark.parametrize("symbol,doc_type",
                         list(lexicon.load("doc_types.json")["shared_codes"]["examples"].items()))
def test_shared_symbol_codes_admit_each_example(symbol, doc_type):
    assert doc_type in symbol_types(symbol)
