"""The register of cited documents (legal_documents): merging citations, linking stored
documents both ways, date conflicts, amendments, re-extraction; ``vanthu refs`` and the
register block of ``vanthu search``; on SQLite and (when configured) PostgreSQL."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.config import Config
from click.testing import CliRunner
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from extractors import extract, read_file, source_from_text
from extractors.cited_subject import add_cited_subjects, subject_after
from models import (DocReference, LegalDocument, RegisterEntry, affected_documents,
                    cited_documents, citing_documents, lookup_register, rebuild_register,
                    register_hits, save_extraction)
from models.citing import number_tokens, sentence_around
from models.db import MIGRATIONS_DIR, upgrade
from vanthu.cli import cli

from conftest import header

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"


def cite(number: str, relation: str = "based_on", issued_on: str | None = None,
         issuer: str | None = None, doc_type: str | None = None,
         date_conflicts: list[str] | None = None, text: str | None = None) -> dict[str, Any]:
    """A contract reference; its span will be ``text`` (default: the number) in the body."""
    ref: dict[str, Any] = {"doc_type": doc_type, "number": number, "issued_on": issued_on,
                           "issuer": issuer, "relation": relation, "text": text or number,
                           "span": None}
    if date_conflicts:
        ref["date_conflicts"] = date_conflicts
    return ref


def store(engine: Engine, path: str, body: str, refs: list[dict[str, Any]] = (),  # type: ignore[assignment]
          version: str = "0.1.0", **fields: Any) -> Any:
    """Store a document with this text and header, citing ``refs`` (each span found in the
    text by its number, and the subject after it read as extraction reads it)."""
    source = source_from_text(body, path)
    references = []
    for ref in refs:
        ref = dict(ref)
        at = source.text.find(ref["text"])
        ref["span"] = [at, at + len(ref["text"])] if at >= 0 else None
        ref["text"] = ref["text"] if at >= 0 else None
        references.append(ref)
    add_cited_subjects(source.text, references)
    data = {"schema": "vanthu.extract/1", "extractor_version": version,
            "source": source.contract(), "document": header(**fields),
            "references": references, "deadlines": [], "obligations": [], "targets": [],
            "funding": []}
    return save_extraction(engine, source, data)


def entry(engine: Engine, number: str) -> RegisterEntry:
    found = lookup_register(engine, number)
    assert found.entry is not None, (number, found)
    return found.entry


def invoke(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def flat(*args: str) -> str:
    """A command's output on one line: rich wraps long lines at the terminal width."""
    return " ".join(invoke(*args).output.split())


PLAN = ("Thực hiện Quyết định số 490/QĐ-TTg ngày 07/5/2018 của Thủ tướng Chính phủ phê duyệt "
        "Chương trình mỗi xã một sản phẩm giai đoạn 2018-2020; UBND tỉnh ban hành kế hoạch.")
LETTER = ("Căn cứ Quyết định số 490/QĐ-TTg của Thủ tướng Chính phủ, Sở đề nghị các huyện "
          "báo cáo kết quả. Hạn chót 30/9/2019.")
DECISION = "THỦ TƯỚNG CHÍNH PHỦ\nSố: 490/QĐ-TTg\nQUYẾT ĐỊNH\nPhê duyệt Chương trình OCOP."


def store_plan(engine: Engine) -> Any:
    return store(engine, "/d/kh.txt", PLAN, [cite(
        "490/QĐ-TTg", "implements", "2018-05-07", "Thủ tướng Chính phủ", "quyet_dinh",
        text="Quyết định số 490/QĐ-TTg ngày 07/5/2018 của Thủ tướng Chính phủ")],
                 number="4565/KH-UBND", doc_type="ke_hoach", issued_on="2018-10-17")


def store_letter(engine: Engine) -> Any:
    return store(engine, "/d/cv.txt", LETTER, [cite("490/QĐ-TTg", "based_on",
                                                    doc_type="quyet_dinh")],
                 number="36/SNN-PTNT", doc_type="cong_van", issued_on="2019-01-07")


def store_decision(engine: Engine) -> Any:
    return store(engine, "/d/qd.txt", DECISION, [], number="490/QĐ-TTg", doc_type="quyet_dinh",
                 issued_on="2018-05-08", issuer="Thủ tướng Chính phủ",
                 subject="Phê duyệt Chương trình mỗi xã một sản phẩm")


def test_citations_from_several_documents_merge(engine: Engine) -> None:
    store_plan(engine)
    store_letter(engine)
    e = entry(engine, "490/QĐ-TTg")
    assert (e.number, e.doc_type, e.issued_on, e.issuer) == (
        "490/QĐ-TTg", "quyet_dinh", date(2018, 5, 7), "Thủ tướng Chính phủ")
    assert e.subject == "Phê duyệt Chương trình mỗi xã một sản phẩm giai đoạn 2018-2020"
    assert e.citation_count == 2 and not e.in_database and not e.date_conflict
    citing = citing_documents(engine, e.id)
    assert [(c.number, c.relation) for c in citing] == [
        ("4565/KH-UBND", "implements"), ("36/SNN-PTNT", "based_on")]
    assert citing[1].sentence == ("Căn cứ Quyết định số 490/QĐ-TTg của Thủ tướng Chính phủ, "
                                  "Sở đề nghị các huyện báo cáo kết quả.")
    with Session(engine) as session:  # every reference points at its entry
        assert set(session.scalars(select(DocReference.legal_document_id))) == {e.id}


@pytest.mark.parametrize("decision_first", [True, False], ids=["ingested-first", "cited-first"])
def test_a_stored_document_is_linked_whatever_the_order(engine: Engine,
                                                        decision_first: bool) -> None:
    steps = [store_decision, store_plan] if decision_first else [store_plan, store_decision]
    for step in steps:
        step(engine)
    decision, _ = store_decision(engine)  # skipped: the same content
    e = entry(engine, "490 TTg")
    assert e.document_id == decision.id and e.citation_count == 1
    # The document's own header wins over what citations say; other dates are kept.
    assert (e.issued_on, e.subject) == (date(2018, 5, 8), "Phê duyệt Chương trình mỗi xã một "
                                                          "sản phẩm")
    assert e.dates == (date(2018, 5, 8), date(2018, 5, 7)) and e.date_conflict
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(LegalDocument)) == 2


@pytest.mark.parametrize("refs, best, dates", [
    # Two documents disagree: the first date seen wins a tie, both are kept.
    ([["2018-03-04"], ["2019-03-04"]], date(2018, 3, 4), [date(2018, 3, 4), date(2019, 3, 4)]),
    # The most frequent date wins.
    ([["2019-03-04"], ["2018-03-04"], ["2018-03-04"]], date(2018, 3, 4),
     [date(2018, 3, 4), date(2019, 3, 4)]),
    # One text giving two dates for one number (the extractor's date_conflicts).
    ([["2018-03-04", "2018-04-03"]], date(2018, 3, 4), [date(2018, 3, 4), date(2018, 4, 3)]),
    # Agreeing citations, and one without a date: no conflict.
    ([["2018-03-04"], [None]], date(2018, 3, 4), [date(2018, 3, 4)]),
])
def test_date_conflicts_are_kept_and_flagged(engine: Engine, db_url: str,
                                             refs: list[list[str | None]], best: date,
                                             dates: list[date]) -> None:
    for i, (first, *others) in enumerate(refs):
        store(engine, f"/d/{i}.txt", f"Theo kế hoạch số 278/KH-SNN, văn bản {i}.",
              [cite("278/KH-SNN", "mentions", first, doc_type="ke_hoach",
                    date_conflicts=[d for d in others if d])],
              number=f"{i + 1}/BC-SNN", doc_type="bao_cao")
    e = entry(engine, "278/KH-SNN")
    assert e.issued_on == best and list(e.dates) == dates
    assert e.date_conflict == (len(dates) > 1)
    out = flat("refs", "278/kh-snn", "--db", db_url)
    assert ("⚠ ngày không thống nhất" in out) == (len(dates) > 1)
    assert fmt(best) in out


def fmt(day: date) -> str:
    return day.strftime("%d/%m/%Y")


@pytest.mark.parametrize("relation, label", [("amends", "Được sửa đổi, bổ sung bởi"),
                                             ("replaces", "Bị thay thế bởi")])
def test_amendments_show_on_the_older_entry(engine: Engine, db_url: str, relation: str,
                                            label: str) -> None:
    store(engine, "/d/5.txt", "Quyết định phê duyệt đề án OCOP.", [], number="5/QĐ-UBND",
          doc_type="quyet_dinh", issued_on="2019-01-10")
    store(engine, "/d/kh7.txt", "Căn cứ Quyết định số 5/QĐ-UBND, Sở lập kế hoạch.",
          [cite("5/QĐ-UBND")], number="7/KH-SNN", doc_type="ke_hoach", issued_on="2019-02-01")
    store(engine, "/d/12.txt", "Điều chỉnh Quyết định số 5/QĐ-UBND như sau.",
          [cite("5/QĐ-UBND", relation)], number="12/QĐ-UBND", doc_type="quyet_dinh",
          issued_on="2019-06-01")
    old = entry(engine, "5/QĐ-UBND")
    changes = old.amended_by if relation == "amends" else old.replaced_by
    assert [(a.number, a.issued_on) for a in changes] == [("12/QĐ-UBND", date(2019, 6, 1))]
    assert [c.number for c in affected_documents(engine, old.id)] == ["7/KH-SNN"]
    out = flat("refs", "5/QĐ-UBND", "--db", db_url)
    assert f"Hiệu lực {label} 12/QĐ-UBND (ngày 01/06/2019)" in out
    # From the newer document: what its change affects.
    newer = json.loads(invoke("refs", "12 QĐ UBND", "--db", db_url, "--json").output)
    [change] = newer["changes"]
    assert change["entry"]["number"] == "5/QĐ-UBND"
    assert [c["number"] for c in change["affected"]] == ["7/KH-SNN"]
    assert "bị ảnh hưởng" in flat("refs", "12/QĐ-UBND", "--db", db_url)


def test_a_decree_amending_several_documents_lists_each_with_its_affected_documents(
        engine: Engine, db_url: str) -> None:
    """``vanthu refs`` on a document that amends three others: each amended document with
    the documents that rest on it, oldest first, cut to --limit with the total."""
    for n in (5, 6, 8):
        store(engine, f"/d/{n}.txt", "Quyết định.", [], number=f"{n}/QĐ-UBND",
              doc_type="quyet_dinh", issued_on="2019-01-10")
        for k, day in enumerate(("2019-03-01", "2019-02-01", "2019-04-01")[:n - 4]):
            store(engine, f"/d/kh{n}-{k}.txt", f"Căn cứ Quyết định số {n}/QĐ-UBND ({k}).",
                  [cite(f"{n}/QĐ-UBND")], number=f"{n}{k}/KH-SNN", doc_type="ke_hoach",
                  issued_on=day)
    store(engine, "/d/12.txt", "Sửa đổi Quyết định 5/QĐ-UBND, 6/QĐ-UBND và 8/QĐ-UBND.",
          [cite(f"{n}/QĐ-UBND", "amends") for n in (5, 6, 8)], number="12/QĐ-UBND",
          doc_type="quyet_dinh", issued_on="2019-06-01")
    data = json.loads(invoke("refs", "12/QĐ-UBND", "--limit", "2", "--db", db_url,
                             "--json").output)
    assert [(c["entry"]["number"], c["affected_total"], [a["number"] for a in c["affected"]])
            for c in data["changes"]] == [("5/QĐ-UBND", 1, ["50/KH-SNN"]),
                                          ("6/QĐ-UBND", 2, ["61/KH-SNN", "60/KH-SNN"]),
                                          ("8/QĐ-UBND", 3, ["81/KH-SNN", "80/KH-SNN"])]
    out = flat("refs", "12/QĐ-UBND", "--limit", "2", "--db", db_url)
    assert "Văn bản căn cứ vào 8/QĐ-UBND (bị ảnh hưởng) (2/3)" in out
    assert "Hiển thị 2/3 văn bản bị ảnh hưởng" in out


def test_who_else_amended_the_changed_entries_is_read_only_for_json(
        engine: Engine, db_url: str) -> None:
    """The text of ``vanthu refs`` and the register page never show who else amended the
    entries a decree changes (thousands of documents for a much amended law), so they are
    not read for them; ``--json`` still lists them."""
    from models.register_queries import changes_of

    store(engine, "/d/5.txt", "Quyết định.", [], number="5/QĐ-UBND", doc_type="quyet_dinh",
          issued_on="2019-01-10")
    store(engine, "/d/kh.txt", "Căn cứ Quyết định số 5/QĐ-UBND.", [cite("5/QĐ-UBND")],
          number="50/KH-SNN", doc_type="ke_hoach", issued_on="2019-03-01")
    for n, day in ((12, "2019-06-01"), (13, "2019-07-01")):
        store(engine, f"/d/{n}.txt", f"Sửa đổi Quyết định 5/QĐ-UBND ({n}).",
              [cite("5/QĐ-UBND", "amends")], number=f"{n}/QĐ-UBND", doc_type="quyet_dinh",
              issued_on=day)
    decree = lookup_register(engine, "12/QĐ-UBND").entry
    full, lean = (changes_of(engine, decree.document_id, limit=50, amendments=a)
                  for a in (True, False))
    assert [a.number for a in full[0][0].amended_by] == ["12/QĐ-UBND", "13/QĐ-UBND"]
    assert lean[0][0].amended_by == () and lean[0][0].number == "5/QĐ-UBND"
    assert [[c.number for c in docs] for _e, docs in lean] == \
        [[c.number for c in docs] for _e, docs in full] == [["50/KH-SNN"]]
    data = json.loads(invoke("refs", "12/QĐ-UBND", "--db", db_url, "--json").output)
    assert [a["number"] for a in data["changes"][0]["entry"]["amended_by"]] == \
        ["12/QĐ-UBND", "13/QĐ-UBND"]
    assert "Văn bản căn cứ vào 5/QĐ-UBND (bị ảnh hưởng)" in \
        flat("refs", "12/QĐ-UBND", "--db", db_url)


def test_re_extraction_recomputes_the_entries_it_touched(engine: Engine) -> None:
    store_plan(engine)
    store_letter(engine)
    # The plan is re-extracted: it now cites 1048/QĐ-TTg instead, under another number.
    store(engine, "/d/kh.txt", PLAN, [cite("1048/QĐ-TTg", "implements", "2019-08-21")],
          version="0.2.0", number="4566/KH-UBND", doc_type="ke_hoach")
    assert entry(engine, "490/QĐ-TTg").citation_count == 1
    assert entry(engine, "1048/QĐ-TTg").issued_on == date(2019, 8, 21)
    assert lookup_register(engine, "4565/KH-UBND").entry is None  # its old number is gone
    assert entry(engine, "4566/KH-UBND").document_id is not None


def test_rebuild_gives_the_same_register(engine: Engine) -> None:
    store_plan(engine)
    store_letter(engine)
    store_decision(engine)

    def snapshot() -> list[tuple[Any, ...]]:
        with Session(engine) as session:
            return sorted((e.number_key, e.number, e.issued_on, e.dates, e.issuer, e.subject,
                           e.document_id, e.citation_count)
                          for e in session.scalars(select(LegalDocument)))

    before = snapshot()
    with Session(engine) as session, session.begin():
        rebuild_register(session)
    assert snapshot() == before


def register_rows(engine: Engine) -> list[tuple[Any, ...]]:
    with Session(engine) as session:
        return sorted((e.number_key, e.type_key, e.number, e.doc_type, e.issued_on, e.dates,
                       e.date_conflict, e.issuer, e.subject, e.document_id, e.citation_count)
                      for e in session.scalars(select(LegalDocument)))


def cites_1048(path: str, issued_on: str, issuer: str, tail: str, version: str = "0.1.0",
               **fields: Any) -> tuple[str, str, list[dict[str, Any]], str, dict[str, Any]]:
    body = f"Văn bản {path}. Căn cứ Quyết định số 1048/QĐ-TTg của {issuer}{tail}"
    return (path, body, [cite("1048/QĐ-TTg", "based_on", issued_on, issuer, "quyet_dinh",
                              text=f"Quyết định số 1048/QĐ-TTg của {issuer}")], version, fields)


def test_the_most_cited_values_win_and_a_re_extraction_withdraws_its_votes(
        engine: Engine) -> None:
    """Three documents give 21/8/2019, one 20/8/2019: the entry shows the majority's date and
    keeps the other as a conflict; when two of them are re-extracted and now read the other
    date, their votes move and the majority changes with them."""
    subject = " phê duyệt Đề án chuyển đổi số; đề nghị các sở báo cáo."
    docs = [cites_1048(f"/d/{i}.txt", day, "Thủ tướng Chính phủ", subject if i else ".",
                       number=f"{i + 1}/UBND-VP", doc_type="cong_van")
            for i, day in enumerate(["2019-08-20", "2019-08-21", "2019-08-21", "2019-08-21"])]
    for path, body, refs, version, fields in docs:
        store(engine, path, body, refs, version, **fields)
    e = entry(engine, "1048/QĐ-TTg")
    assert (e.issued_on, e.date_conflict, e.citation_count) == (date(2019, 8, 21), True, 4)
    assert e.dates == (date(2019, 8, 21), date(2019, 8, 20))
    assert e.subject == "Phê duyệt Đề án chuyển đổi số"
    for path, body, refs, _version, fields in docs[1:3]:
        refs = [dict(refs[0], issued_on="2019-08-20")]
        store(engine, path, body, refs, "0.2.0", **fields)  # same file, new extractor
    e = entry(engine, "1048/QĐ-TTg")
    assert (e.issued_on, e.dates, e.citation_count) == (
        date(2019, 8, 20), (date(2019, 8, 20), date(2019, 8, 21)), 4)
    assert e.subject == "Phê duyệt Đề án chuyển đổi số"


def test_a_register_kept_up_document_by_document_equals_a_rebuild(engine: Engine) -> None:
    """Documents stored one by one, cited before and after they arrive, some re-extracted:
    the register (and its tallies) is what a rebuild from all stored documents gives."""
    store_letter(engine)
    store_plan(engine)
    for i, (day, issuer) in enumerate([("2019-08-21", "Thủ tướng Chính phủ"),
                                       ("2019-08-20", "Chính phủ"),
                                       ("2019-08-21", "Thủ tướng Chính phủ")]):
        path, body, refs, version, fields = cites_1048(
            f"/d/x{i}.txt", day, issuer, " về việc phê duyệt Đề án số hóa.",
            number=f"{i + 7}/SNN-VP", doc_type="cong_van")
        store(engine, path, body, refs + [cite("490/QĐ-TTg", doc_type="quyet_dinh")], version,
              **fields)
    store_decision(engine)
    store(engine, "/d/cv.txt", LETTER, [cite("490/QĐ-TTg", "based_on", "2018-05-09")],
          version="0.2.0", number="36/SNN-PTNT", doc_type="cong_van")
    kept = register_rows(engine)
    with Session(engine) as session, session.begin():
        rebuild_register(session)
    assert register_rows(engine) == kept
    assert entry(engine, "490/QĐ-TTg").citation_count == 5


def downgrade_then_upgrade(engine: Engine, revision: str) -> None:
    """Take the schema back to ``revision`` (as an older vanthu left it), then connect as
    this vanthu does: migrations run again."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
    upgrade(engine)


def test_upgrade_from_0003_counts_the_existing_citations(engine: Engine) -> None:
    """A register made before the tallies existed is rebuilt with them: the next document
    citing an entry adds to the votes already there instead of starting from zero."""
    store_plan(engine)
    store_letter(engine)
    downgrade_then_upgrade(engine, "0003")
    store(engine, "/d/x.txt", "Căn cứ Quyết định số 490/QĐ-TTg ngày 09/5/2018.",
          [cite("490/QĐ-TTg", "based_on", "2018-05-09", text="Quyết định số 490/QĐ-TTg")],
          number="9/UBND-VP", doc_type="cong_van")
    e = entry(engine, "490/QĐ-TTg")
    assert (e.citation_count, e.issued_on, e.dates) == (
        3, date(2018, 5, 7), (date(2018, 5, 7), date(2018, 5, 9)))


def test_upgrade_from_0003_reads_the_cited_subjects_of_stored_documents(engine: Engine) -> None:
    """0004 added the cited subject, which extraction gives since 0.7: the documents stored
    before have theirs read once from their stored text, so the register shows it."""
    path, body, refs, version, fields = cites_1048(
        "/d/s.txt", "2019-08-21", "Thủ tướng Chính phủ", " phê duyệt Đề án chuyển đổi số; hết.",
        number="5/UBND-VP", doc_type="cong_van")
    store(engine, path, body, refs, version, **fields)
    assert entry(engine, "1048/QĐ-TTg").subject == "Phê duyệt Đề án chuyển đổi số"
    downgrade_then_upgrade(engine, "0003")
    assert entry(engine, "1048/QĐ-TTg").subject == "Phê duyệt Đề án chuyển đổi số"
    with Session(engine) as session:
        assert session.scalars(select(DocReference.cited_subject)).all() == [
            "Phê duyệt Đề án chuyển đổi số"]


def test_extraction_gives_the_subject_its_citation_names() -> None:
    data = extract(read_file(SAMPLES / "004_b9cb7e9834b222b8.txt"))
    ref = next(r for r in data["references"] if r["number"] == "490/QĐ-TTg")
    assert ref["subject"].startswith("Phê duyệt Chương trình mỗi xã một sản phẩm")


def test_upgrade_from_0001_fills_the_register(engine: Engine) -> None:
    store_plan(engine)
    downgrade_then_upgrade(engine, "0001")
    assert entry(engine, "490/QĐ-TTg").citation_count == 1
    assert entry(engine, "4565/KH-UBND").document_id is not None


@pytest.mark.parametrize("typed", ["490/QĐ-TTg", "490/qd-ttg", "490 TTg", "qd 490",
                                   "Quyết định số 490", "490 / QĐ – TTg"])
def test_refs_matches_the_number_loosely(engine: Engine, db_url: str, typed: str) -> None:
    store_plan(engine)
    store_letter(engine)
    store(engine, "/d/x.txt", "Theo Quyết định số 4900/QĐ-TTg và Công văn 490/UBND-VX.",
          [cite("4900/QĐ-TTg"), cite("490/UBND-VX", doc_type="cong_van")], number="1/TB-SNN")
    result = invoke("refs", typed, "--db", db_url)
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "Văn bản 490/QĐ-TTg" in out and "Thủ tướng Chính phủ" in out
    assert "4565/KH-UBND" in out and "Thực hiện" in out and "36/SNN-PTNT" in out
    assert "Căn cứ" in out and "Sở đề nghị các huyện báo cáo kết quả." in out
    data = json.loads(invoke("refs", typed, "--db", db_url, "--json").output)
    assert data["entry"]["number"] == "490/QĐ-TTg" and data["entry"]["in_database"] is False
    assert [(c["number"], c["relation_vi"]) for c in data["citing"]] == [
        ("4565/KH-UBND", "Thực hiện"), ("36/SNN-PTNT", "Căn cứ")]


@pytest.mark.parametrize("typed, code, message", [
    ("490", 1, "vui lòng ghi số/ký hiệu cụ thể hơn"),  # 490/QĐ-TTg and 490/UBND-VX
    ("99/XYZ", 1, "Không tìm thấy văn bản số 99/XYZ"),
])
def test_refs_ambiguous_or_missing(engine: Engine, db_url: str, typed: str, code: int,
                                   message: str) -> None:
    store_plan(engine)
    store(engine, "/d/x.txt", "Công văn 490/UBND-VX.", [cite("490/UBND-VX")], number="1/TB")
    result = CliRunner().invoke(cli, ["refs", typed, "--db", db_url])
    assert result.exit_code == code and message in result.output


def test_refs_cites_lists_what_the_document_cites(engine: Engine, db_url: str) -> None:
    store_plan(engine)
    store_decision(engine)
    result = invoke("refs", "4565 KH", "--cites", "--db", db_url)
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "Văn bản 4565/KH-UBND dẫn chiếu (1)" in out
    assert "490/QĐ-TTg · Quyết định · 08/05/2018 — Thực hiện" in out
    assert "(trích dẫn ghi ngày 07/05/2018)" in out
    data = json.loads(invoke("refs", "4565/KH-UBND", "--cites", "--db", db_url,
                             "--json").output)
    [cited] = data["cites"]
    assert (cited["number"], cited["relation"], cited["cited_date"]) == (
        "490/QĐ-TTg", "implements", "2018-05-07")
    assert cited["document_id"] is not None and cited["sentence"].startswith("Thực hiện")
    # A document only cited, never stored, has no known citations of its own.
    store(engine, "/d/y.txt", "Theo Quyết định 1048/QĐ-TTg.", [cite("1048/QĐ-TTg")],
          number="2/TB-SNN")
    missing = CliRunner().invoke(cli, ["refs", "1048", "--cites", "--db", db_url])
    assert missing.exit_code == 1 and "chưa có trong cơ sở dữ liệu" in missing.output


@pytest.mark.parametrize("words", [["490/QĐ-TTg"], ["490", "TTg"], ["qd", "490"],
                                   ["quyet", "dinh", "490"], ["QĐ-TTG", "490"]])
def test_search_finds_register_entries_by_fragments(engine: Engine, db_url: str,
                                                    words: list[str]) -> None:
    store_plan(engine)
    store_letter(engine)
    assert [e.number for e in register_hits(engine, words)] == ["490/QĐ-TTg"]
    result = invoke("search", *words, "--db", db_url)
    assert result.exit_code == 0
    assert "Văn bản được dẫn chiếu (1)" in result.output
    data = json.loads(invoke("search", *words, "--db", db_url, "--json").output)
    assert [(e["number"], e["citation_count"]) for e in data["cited"]] == [("490/QĐ-TTg", 2)]


def test_search_without_a_number_lists_no_register_entries(engine: Engine) -> None:
    store_plan(engine)
    assert register_hits(engine, "chương trình") == [] and register_hits(engine, "") == []


def test_bundled_samples_end_to_end(engine: Engine, db_url: str) -> None:
    for path in sorted(SAMPLES.glob("*.txt")):
        source = read_file(str(path))
        save_extraction(engine, source, extract(source))
    decision = entry(engine, "490/QĐ-TTg")
    citing = citing_documents(engine, decision.id)
    assert {c.number for c in citing} == {"78/BC-SNN", "878/UBND-NNTN"}
    assert decision.citation_count == 2 and decision.issued_on == date(2018, 5, 7)
    assert all("490/QĐ-TTg" in c.sentence for c in citing)
    plan = entry(engine, "4565/KH-UBND")  # cited twice in one report: one citing document
    assert plan.citation_count == 1
    assert entry(engine, "278/KH-SNN").dates[0] == date(2018, 3, 4)
    report = entry(engine, "78/BC-SNN")
    assert report.in_database
    cited = {c.number for c in cited_documents(engine, report.document_id or 0)}
    assert {"490/QĐ-TTg", "4565/KH-UBND", "278/KH-SNN"} <= cited
    out = flat("refs", "qd 490", "--db", db_url)
    assert "78/BC-SNN" in out and "878/UBND-NNTN" in out


def test_refs_cited_by_lists_the_documents_citing_it_on_the_samples(engine: Engine,
                                                                     db_url: str) -> None:
    """On the bundled samples: ``--cited-by`` lists who cites the number (as the default
    does), ``--cites`` what a stored document cites; asking both is refused."""
    for path in sorted(SAMPLES.glob("*.txt")):
        source = read_file(str(path))
        save_extraction(engine, source, extract(source))
    for flags in ((), ("--cited-by",)):
        result = invoke("refs", "490/QĐ-TTg", *flags, "--db", db_url)
        assert result.exit_code == 0, result.output
        out = " ".join(result.output.split())
        assert "Văn bản dẫn chiếu đến 490/QĐ-TTg (2)" in out
        assert "78/BC-SNN" in out and "878/UBND-NNTN" in out
        data = json.loads(invoke("refs", "490/QĐ-TTg", *flags, "--db", db_url, "--json").output)
        assert {c["number"] for c in data["citing"]} == {"78/BC-SNN", "878/UBND-NNTN"}
    # 78/BC-SNN is cited by no sample: --cited-by finds none, --cites lists what it cites.
    none = " ".join(invoke("refs", "78/BC-SNN", "--cited-by", "--db", db_url).output.split())
    assert "Văn bản dẫn chiếu đến 78/BC-SNN: không có" in none and "490/QĐ-TTg" not in none
    cites = json.loads(invoke("refs", "78/BC-SNN", "--cites", "--db", db_url, "--json").output)
    assert {"490/QĐ-TTg", "4565/KH-UBND", "278/KH-SNN"} <= {c["number"] for c in cites["cites"]}
    both = CliRunner().invoke(cli, ["refs", "78/BC-SNN", "--cites", "--cited-by", "--db", db_url])
    assert both.exit_code == 2 and "Chỉ chọn một" in both.output


def test_text_helpers() -> None:
    text = "Mở đầu. Thực hiện Quyết định số 490/QĐ-TTg, Sở báo cáo. Hết."
    at = text.index("490/")
    assert sentence_around(text, at, at + 10) == "Thực hiện Quyết định số 490/QĐ-TTg, Sở báo cáo."
    long = "Câu dài " + "rất " * 200 + "490/QĐ-TTg" + " nữa" * 200 + "."
    at = long.index("490/")
    cut = sentence_around(long, at, at + 10, limit=100)
    assert cut.startswith("…") and cut.endswith("…") and "490/QĐ-TTg" in cut
    assert len(cut) <= 110
    assert subject_after(" về việc triển khai Chương trình OCOP; Kế hoạch") == \
        "Triển khai Chương trình OCOP"
    assert subject_after(", đề nghị các huyện") is None
    assert number_tokens("Quyết định số 490 TTg") == ["qd", "490", "ttg"]
    assert number_tokens("Kế hoạch 278/KH-SNN") == ["kh", "278", "snn"]


DOUBT_ROWS = [
    ("thực hiện chương trình OCOP tỉnh Quảng Trị năm 2019", "2018-03-04", 2019),   # seed 002's typo
    ("thực hiện chương trình OCOP tỉnh Quảng Trị năm 2019", "2018-12-20", None),   # issued late the year before
    ("thực hiện chương trình OCOP năm 2019", "2019-02-01", None),
    ("triển khai giai đoạn 2018 - 2020, năm 2018", "2017-01-05", None),           # a period, not one year
    ("phê duyệt Đề án", "2010-01-01", None),
]


@pytest.mark.parametrize("subject,issued,year", DOUBT_ROWS, ids=[f"{r[1]}:{r[2]}" for r in DOUBT_ROWS])
def test_a_date_that_cannot_fit_the_subject_is_doubted(subject: str, issued: str, year: int | None) -> None:
    from datetime import date

    from models.register_queries import RegisterEntry

    entry = RegisterEntry(id=1, number="278/KH-SNN", number_key="278/kh-snn", doc_type="ke_hoach",
                          issued_on=date.fromisoformat(issued), dates=(date.fromisoformat(issued),),
                          date_conflict=False, issuer=None, subject=subject, document_id=None,
                          citation_count=1)
    assert entry.date_doubt == year
