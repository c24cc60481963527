"""The database: schema and migrations, storing extractions, lookups and full-text search,
on SQLite and (when VANTHU_TEST_PG_URL is set) PostgreSQL."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from extractors import source_from_text
from models import (Base, DocReference, Document, Funding, as_contract, connect,
                    counts, find_documents, number_key, record_failure, save_extraction,
                    search, summary)
from models.db import MIGRATIONS_DIR, include_object
from models.search import fts5_query, query_tokens

from conftest import decision_data

CONTRACT_LISTS = ("references", "deadlines", "obligations", "targets", "funding")


def test_schema_matches_models(engine: Engine) -> None:
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_object": include_object})
        assert compare_metadata(ctx, Base.metadata) == []


def test_connect_migrates_from_any_directory(tmp_path: Path) -> None:
    db = tmp_path / "sub" / "x.db"
    code = f"from models import connect; connect('sqlite:///{db}').dispose()"
    subprocess.run([sys.executable, "-c", code], cwd="/", check=True, timeout=60)
    engine = connect(f"sqlite:///{db}")  # second time: already at head, no error
    with engine.connect() as conn:
        head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_store_then_reload_gives_back_the_extraction(engine: Engine, decision: Any) -> None:
    source, data = decision
    doc, status = save_extraction(engine, source, data)
    assert status == "ingested"
    [again] = find_documents(engine, "490/QĐ-TTg")
    reloaded = as_contract(again)
    assert reloaded["document"] == data["document"]
    assert reloaded["source"] == data["source"]
    for key in CONTRACT_LISTS:
        assert reloaded[key] == data[key], key
    assert again.text == source.text and again.extraction == data
    assert again.number_key == "490/qd-ttg"
    t = again.text
    assert t[again.funding[0].span_start:again.funding[0].span_end] == "6.400 triệu đồng"


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(amount=st.integers(0, 10**15), subject=st.text(min_size=1, max_size=80), day=st.dates())
def test_round_trip_property(sqlite_url: str, amount: int, subject: str, day: Any) -> None:
    engine = connect(sqlite_url)
    source = source_from_text(f"{subject} {amount} {day}", f"/p/{amount}-{day}.txt")
    data = decision_data(source)
    data["document"].update(subject=subject, issued_on=day.isoformat())
    data["funding"][0]["amount_vnd"] = amount
    save_extraction(engine, source, data)
    [doc] = [d for d in find_documents(engine, "490/QĐ-TTg") if d.sha256 == source.sha256]
    back = as_contract(doc)
    assert back["document"] == data["document"]
    assert back["funding"] == data["funding"]
    engine.dispose()


def test_same_content_same_version_is_skipped(engine: Engine, decision: Any) -> None:
    source, data = decision
    first, _ = save_extraction(engine, source, data)
    again, status = save_extraction(engine, source, data)
    assert status == "skipped" and again.id == first.id
    assert counts(engine)["documents"] == 1
    assert len(again.deadlines) == 1  # a skipped document still comes back whole


def test_new_extractor_version_replaces_facts_in_place(engine: Engine, decision: Any) -> None:
    source, data = decision
    first, _ = save_extraction(engine, source, data)
    newer = decision_data(source, version="0.2.0")
    newer["funding"] = []
    newer["references"].append({"doc_type": "quyet_dinh", "number": "1521/QĐ-UBND",
                                 "relation": "mentions", "span": [0, 3]})
    doc, status = save_extraction(engine, source, newer)
    assert status == "updated" and doc.id == first.id and doc.extractor_version == "0.2.0"
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Funding)) == 0
        refs = session.scalars(select(DocReference.number_key).order_by(DocReference.id)).all()
    assert refs == ["32/2016/qh14", "1521/qd-ubnd"]


def test_failures_are_upserted(engine: Engine) -> None:
    from extractors.errors import EmptyFile

    record_failure(engine, "/in/a.txt", None, EmptyFile("/in/a.txt", "0 bytes"))
    row = record_failure(engine, "/in/a.txt", None, EmptyFile("/in/a.txt", "0 bytes"), "/q/a")
    assert (row.code, row.attempts, row.kept_path) == ("empty", 2, "/q/a")
    assert row.message_vi.startswith("Tệp rỗng") and row.last_seen >= row.first_seen
    other = record_failure(engine, "/in/a.txt", "ab" * 32, ValueError("boom"))
    assert (other.code, other.attempts, other.detail) == ("internal_error", 1, "ValueError: boom")
    assert counts(engine)["failures"] == 2


def test_success_clears_the_failure_of_that_path(engine: Engine, decision: Any) -> None:
    source, data = decision
    record_failure(engine, source.path, None, ValueError("earlier"))
    save_extraction(engine, source, data)
    assert counts(engine)["failures"] == 0


def test_deleting_a_document_deletes_its_facts(engine: Engine, decision: Any) -> None:
    source, data = decision
    doc, _ = save_extraction(engine, source, data)
    with Session(engine) as session, session.begin():
        session.delete(session.get(Document, doc.id))
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(DocReference)) == 0
    assert search(engine, "quyet dinh") == []


@pytest.mark.parametrize("typed", ["490/QĐ-TTg", "490/qđ-ttg", "490 / QĐ - TTg", "490/QD–TTG"])
def test_find_by_exact_number(engine: Engine, decision: Any, store_text: Any, typed: str) -> None:
    save_extraction(engine, *decision)
    store_text("Công văn khác", "/d/4900.txt", number="4900/QĐ-TTg")
    assert [d.number for d in find_documents(engine, typed)] == ["490/QĐ-TTg"]


def test_find_by_fragment(engine: Engine, decision: Any, store_text: Any) -> None:
    save_extraction(engine, *decision)
    store_text("Công văn khác", "/d/4900.txt", number="4900/QĐ-TTg", issued_on="2019-01-02")
    assert [d.number for d in find_documents(engine, "qđ-ttg")] == ["4900/QĐ-TTg", "490/QĐ-TTg"]
    assert find_documents(engine, "99/XYZ") == [] and find_documents(engine, "  ") == []
    assert find_documents(engine, "%") == []  # LIKE wildcards are literal


def test_summary_lists_newest_first(engine: Engine, decision: Any, store_text: Any) -> None:
    save_extraction(engine, *decision)
    store_text("Báo cáo", "/d/298.txt", number="298/BC-UBND", doc_type="bao_cao",
               issued_on="2020-09-04")
    assert [(r.number, r.issued_on.year if r.issued_on else None) for r in summary(engine)] == [
        ("298/BC-UBND", 2020), ("490/QĐ-TTg", 2018)]


@pytest.fixture
def corpus(engine: Engine, decision: Any, store_text: Any) -> Engine:
    """The decision itself, a letter citing it in its text, unrelated documents."""
    save_extraction(engine, *decision)
    store_text("ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI\nThực hiện Quyết định số 490/QĐ-TTg ngày "
               "07/5/2018 của Thủ tướng Chính phủ, đề nghị các huyện triển khai.",
               "/d/878.txt", number="878/UBND-NNTN", doc_type="cong_van",
               subject="Đẩy nhanh tiến độ Chương trình OCOP")
    store_text("Báo cáo kết quả thu hoạch lúa vụ đông xuân, năng suất đạt 62 tạ/ha.",
               "/d/12.txt", number="12/BC-SNN", doc_type="bao_cao", subject="Kết quả vụ lúa")
    for i, topic in enumerate(["phòng chống dịch", "xây dựng nông thôn mới", "giao thông",
                               "giáo dục", "y tế cơ sở", "môi trường"]):
        store_text(f"Thông báo về {topic} trên địa bàn.", f"/d/tb{i}.txt",
                   number=f"{i + 1}/TB-UBND", doc_type="thong_bao")
    return engine


@pytest.mark.parametrize("query", ["quyet dinh 490", "Quyết định 490", "QUYẾT ĐỊNH số 490",
                                   "490/QĐ-TTg", "quyết   định\t490"])
def test_search_ignores_diacritics_and_ranks_the_document_itself_first(
        corpus: Engine, query: str) -> None:
    hits = search(corpus, query)
    assert [h.number for h in hits] == ["490/QĐ-TTg", "878/UBND-NNTN"]
    assert hits[0].score > hits[1].score


def test_search_snippet_is_the_original_text_with_highlights(corpus: Engine) -> None:
    [hit] = search(corpus, "de nghi cac huyen trien khai")
    assert "đề nghị các huyện triển khai" in hit.snippet
    assert [hit.snippet[a:b] for a, b in hit.highlights] == [
        "đề", "nghị", "các", "huyện", "triển", "khai"]


def test_search_subject_outranks_text(corpus: Engine, store_text: Any) -> None:
    store_text("Kế hoạch năm. Nội dung có nhắc tới OCOP một lần.", "/d/k.txt", number="1/KH")
    assert search(corpus, "ocop")[0].number == "878/UBND-NNTN"


@pytest.mark.parametrize("query", ['"', "AND", "490 OR", "NEAR(a b)", "*", "tiến độ)",
                                   "'; DROP TABLE documents; --", "col:490", "^490", ""])
def test_search_survives_any_user_input(corpus: Engine, query: str) -> None:
    assert isinstance(search(corpus, query), list)
    assert counts(corpus)["documents"] == 9


def test_search_index_follows_updates(corpus: Engine, decision: Any) -> None:
    source, _ = decision
    newer = decision_data(source, version="0.2.0")
    newer["document"]["number"] = "491/QĐ-TTg"
    save_extraction(corpus, source, newer)
    assert [h.number for h in search(corpus, "491")] == ["491/QĐ-TTg"]
    assert "490/QĐ-TTg" not in {h.number for h in search(corpus, "490 qd ttg")}
    if corpus.dialect.name == "sqlite":  # the external-content FTS table agrees with its rows
        with corpus.begin() as conn:
            conn.execute(text("INSERT INTO documents_fts(documents_fts, rank) "
                              "VALUES ('integrity-check', 1)"))


def test_query_tokens_match_the_index_tokenizer() -> None:
    assert query_tokens("Quyết định số 490/QĐ-TTg") == ["quyet", "dinh", "so", "490", "qd", "ttg"]
    assert fts5_query(query_tokens('a "b" c_d')) == '"a" "b" "c" "d"'


def test_number_key() -> None:
    assert number_key("Số 30/2017/NQ–HĐND") == "so30/2017/nq-hdnd"
    assert number_key(None) is None and number_key(" ") is None


@pytest.mark.postgres
def test_postgres_search_uses_the_gin_index(pg_url: str) -> None:
    engine = connect(pg_url)
    with engine.begin() as conn:
        conn.execute(text("SET LOCAL enable_seqscan = off"))
        from models.search import PG_VECTOR

        plan = "\n".join(r[0] for r in conn.execute(text(
            f"EXPLAIN SELECT id FROM documents WHERE ({PG_VECTOR}) @@ "
            "plainto_tsquery('simple', 'quyet')")))
    engine.dispose()
    assert "documents_search_idx" in plan


def test_a_document_without_a_number_is_found_by_its_file_name(engine: Engine, decision: Any,
                                                               store_text: Any) -> None:
    save_extraction(engine, *decision)
    store_text("Tình hình triển khai OCOP", "/tin/Tin_OCOP_Quang_Binh.txt", number=None)
    [doc] = find_documents(engine, "tin_ocop")
    assert (doc.number, doc.file_name) == (None, "Tin_OCOP_Quang_Binh.txt")
