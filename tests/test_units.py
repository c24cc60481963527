"""The units directory: every abbreviation and example in data/units.json resolves; the many
ways a unit is written become one stored unit; groups bind the units of their province."""
from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from extractors import lexicon, source_from_text
from models import Unit, UnitAlias, save_extraction
from models.units import (GROUP, UnitContext, binding_units, context_of, expand, find_units,
                          group_members, resolve_name)
from tests.conftest import header

DATA = lexicon.load("units.json")
ABBREVIATIONS = [(ex[0], ex[1]) for a in DATA["abbreviations"] for ex in a["examples"]] + \
    [(ex[0], ex[1]) for ex in DATA["officials"]["examples"]]
EXAMPLES = DATA["examples"]


def test_every_abbreviation_and_group_has_examples() -> None:
    assert all(a["examples"] for a in DATA["abbreviations"])
    example_units = {e["unit"] for e in EXAMPLES if e["kind"] == GROUP}
    for group in DATA["groups"]:
        assert any(u.startswith(group["name"]) for u in example_units), group["name"]


@pytest.mark.parametrize("text,expanded", ABBREVIATIONS, ids=[a for a, _ in ABBREVIATIONS])
def test_abbreviation_examples_expand(text: str, expanded: str) -> None:
    assert expand(text) == expanded


@pytest.mark.parametrize("entry", EXAMPLES, ids=[f"{e['text']}@{e['province']}" for e in EXAMPLES])
def test_unit_examples_resolve(entry: dict[str, Any]) -> None:
    unit = resolve_name(entry["text"], UnitContext(entry["province"], entry.get("issuer")))
    assert unit is not None
    assert (unit.canonical, unit.kind) == (entry["unit"], entry["kind"])


CODES = [(c, e["name"]) for e in DATA["codes"] for c in e["codes"]]


@pytest.mark.parametrize("code,name", CODES, ids=[c for c, _ in CODES])
def test_symbol_codes_resolve_to_their_name(code: str, name: str) -> None:
    unit = resolve_name(code, UnitContext("Quảng Ngãi"))
    assert unit is not None
    assert unit.canonical == f"{name.removesuffix(' tỉnh')} tỉnh Quảng Ngãi"


CONTEXTS = [
    # (place, issuer, text) → province
    ("Quảng Ngãi", "Ủy ban nhân dân tỉnh Quảng Ngãi", "", "Quảng Ngãi"),
    ("Kbang", "Ủy ban nhân dân huyện Kbang", "… của UBND tỉnh Gia Lai … tỉnh Gia Lai …", "Gia Lai"),
    ("Hà Nội", "Thủ tướng Chính phủ", "", "Hà Nội"),
    ("Pleiku", "Sở Y tế tỉnh Gia Lai", "", "Gia Lai"),
    (None, None, "không nói tỉnh nào", None),
]


@pytest.mark.parametrize("place,issuer,text,province", CONTEXTS,
                         ids=[str(c[0]) for c in CONTEXTS])
def test_document_context_gives_the_province(place: str | None, issuer: str | None, text: str,
                                             province: str | None) -> None:
    assert context_of(place, issuer, None, text).province == province


SAME_UNIT = ["Sở Nông nghiệp và PTNT", "Sở NN và PTNT", "Sở NN&PTNT", "SNNPTNT",
             "Sở Nông nghiệp và Phát triển nông thôn"]


def _store(engine: Engine, name: str, assignees: list[str], place: str = "Quảng Ngãi",
           issuer: str = "Ủy ban nhân dân tỉnh Quảng Ngãi") -> Any:
    body = f"{issuer}\nVăn bản {name}\n" + "\n".join(f"{a} thực hiện." for a in assignees)
    source = source_from_text(body, f"/docs/{name}.txt")
    data = {"schema": "vanthu.extract/1", "extractor_version": "0.1.0",
            "source": source.contract(),
            "document": header(doc_type="cong_van", number=f"{name}/UBND-NNTN", issuer=issuer,
                               place=place, issued_on="2020-03-05"),
            "references": [], "deadlines": [], "targets": [], "funding": [],
            "obligations": [{"assignee": a, "role": "lead", "action": "thực hiện",
                             "due": None, "rrule": None, "span": None} for a in assignees]}
    return save_extraction(engine, source, data)[0]


def test_every_way_of_writing_a_unit_is_one_unit(engine: Engine) -> None:
    _store(engine, "1", SAME_UNIT[:3])
    _store(engine, "2", SAME_UNIT[3:])
    with Session(engine) as session:
        ids = set(session.scalars(select(Unit.id).where(Unit.kind == "department")))
        assert len(ids) == 1
        unit = session.get(Unit, ids.pop())
        assert unit is not None
        assert unit.canonical_name == "Sở Nông nghiệp và Phát triển nông thôn tỉnh Quảng Ngãi"
        parent = session.get(Unit, unit.parent_id)
        assert parent is not None and parent.canonical_name == "Ủy ban nhân dân tỉnh Quảng Ngãi"
        aliases = session.scalar(select(func.count()).select_from(UnitAlias)
                                 .where(UnitAlias.unit_id == unit.id))
        assert aliases and aliases >= len(SAME_UNIT)  # each spelling, and the canonical name
        for name in SAME_UNIT + ["sở nn & ptnt", "SO NONG NGHIEP VA PTNT"]:
            assert [u.id for u in find_units(session, name)] == [unit.id], name


def test_the_same_department_of_two_provinces_is_two_units(engine: Engine) -> None:
    _store(engine, "1", ["Sở NN&PTNT"])
    _store(engine, "2", ["Sở NN&PTNT"], place="Gia Lai", issuer="Ủy ban nhân dân tỉnh Gia Lai")
    with Session(engine) as session:
        found = find_units(session, "Sở NN&PTNT")
        assert sorted(u.canonical_name for u in found) == [
            "Sở Nông nghiệp và Phát triển nông thôn tỉnh Gia Lai",
            "Sở Nông nghiệp và Phát triển nông thôn tỉnh Quảng Ngãi"]
        assert [u.canonical_name for u in find_units(session, "Sở NN&PTNT tỉnh Gia Lai")] == [
            "Sở Nông nghiệp và Phát triển nông thôn tỉnh Gia Lai"]
        assert [u.canonical_name for u in find_units(session, "UBND tỉnh Gia Lai")] == [
            "Ủy ban nhân dân tỉnh Gia Lai"]


def test_a_group_binds_the_units_of_its_kind_in_its_province(engine: Engine) -> None:
    _store(engine, "1", ["UBND các huyện, thành phố", "UBND huyện Mộ Đức", "Các địa phương",
                         "các Sở, ngành liên quan", "Sở Tài chính"])
    _store(engine, "2", ["UBND huyện Kbang", "UBND các huyện, thị xã, thành phố"],
           place="Gia Lai", issuer="Ủy ban nhân dân tỉnh Gia Lai")
    with Session(engine) as session:
        mo_duc = find_units(session, "UBND huyện Mộ Đức")
        assert [u.canonical_name for u in mo_duc] == [
            "Ủy ban nhân dân huyện Mộ Đức tỉnh Quảng Ngãi"]
        bound = {u.canonical_name for u in binding_units(session, mo_duc).values()}
        assert bound == {"Ủy ban nhân dân huyện Mộ Đức tỉnh Quảng Ngãi",
                         "Ủy ban nhân dân các huyện, thị xã, thành phố tỉnh Quảng Ngãi",
                         "Các địa phương tỉnh Quảng Ngãi"}
        finance = find_units(session, "Sở Tài chính")
        assert {u.canonical_name for u in binding_units(session, finance).values()} == {
            "Sở Tài chính tỉnh Quảng Ngãi", "Các sở, ban, ngành liên quan tỉnh Quảng Ngãi"}
        group = find_units(session, "UBND các huyện, thành phố tỉnh Quảng Ngãi")
        assert [u.canonical_name for u in group_members(session, group[0])] == [
            "Ủy ban nhân dân huyện Mộ Đức tỉnh Quảng Ngãi"]
        # A district never seen is bound by the district groups of every province.
        unseen = binding_units(session, [], "UBND huyện Sơn Tịnh")
        assert {u.canonical_name for u in unseen.values()} == {
            "Ủy ban nhân dân các huyện, thị xã, thành phố tỉnh Quảng Ngãi",
            "Ủy ban nhân dân các huyện, thị xã, thành phố tỉnh Gia Lai",
            "Các địa phương tỉnh Quảng Ngãi"}
