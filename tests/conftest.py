"""Shared fixtures: databases (a SQLite file per test; PostgreSQL in a throw-away schema when
VANTHU_TEST_PG_URL is set), extraction data, and one Prefect test server for the session.

Tests marked ``slow`` run flows: they get the ``prefect_harness`` fixture automatically, so
only they pay for starting Prefect's server (once per session).
"""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, make_url, text

from extractors import Source, source_from_text

PG_ENV = "VANTHU_TEST_PG_URL"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("slow") and "prefect_harness" not in item.fixturenames:
            item.fixturenames.insert(0, "prefect_harness")  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One temporary Prefect API server (and database) for every flow run of the session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        yield


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped after the session."""
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test)")
    admin = create_engine(base, connect_args={"connect_timeout": 3})
    schema = f"vanthu_test_{uuid.uuid4().hex[:10]}"
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as e:  # noqa: BLE001 - any failure to reach the server means skip
        admin.dispose()
        pytest.skip(f"PostgreSQL at {make_url(base).render_as_string()} is unreachable: "
                    f"{str(e).splitlines()[0]}")
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Any) -> str:
    return f"sqlite:///{tmp_path / 'vanthu.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """The same test on a SQLite file and on PostgreSQL (emptied after each test)."""
    if request.param == "sqlite":
        yield request.getfixturevalue("sqlite_url")
        return
    url = request.getfixturevalue("pg_url")
    yield url
    engine = create_engine(url)
    with engine.begin() as conn:
        if conn.execute(text("SELECT to_regclass('documents')")).scalar():
            conn.execute(text("TRUNCATE documents, failures, units, users RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    from models import connect

    eng = connect(db_url)
    yield eng
    eng.dispose()


DECISION_TEXT = """THỦ TƯỚNG CHÍNH PHỦ
Số: 490/QĐ-TTg
Hà Nội, ngày 07 tháng 5 năm 2018

QUYẾT ĐỊNH
Phê duyệt Chương trình mỗi xã một sản phẩm giai đoạn 2018 - 2020

Giao Bộ Nông nghiệp và Phát triển nông thôn chủ trì, hoàn thành trước ngày 30/9/2018.
Tổng kinh phí 6.400 triệu đồng; phấn đấu có ít nhất 20 sản phẩm đạt 3 sao.
"""


def decision_data(source: Source, version: str = "0.1.0") -> dict[str, Any]:
    """A full contract like the one for DECISION_TEXT: one fact of every kind, spans found
    in ``source.text`` (None where the fragment is not there)."""
    t = source.text

    def span(fragment: str) -> list[int] | None:
        start = t.find(fragment)
        return [start, start + len(fragment)] if start >= 0 else None

    return {
        "schema": "vanthu.extract/1",
        "extractor_version": version,
        "source": source.contract(),
        "document": {
            "doc_type": "quyet_dinh", "number": "490/QĐ-TTg", "issuer": "Thủ tướng Chính phủ",
            "parent_issuer": None, "place": "Hà Nội", "issued_on": "2018-05-07",
            "subject": "Phê duyệt Chương trình mỗi xã một sản phẩm giai đoạn 2018 - 2020",
            "recipients": ["Bộ Nông nghiệp và Phát triển nông thôn"],
            "cc": ["Như trên", "Lưu: VT, NN"],
            "signer": {"name": "Trịnh Đình Dũng", "title": "Phó Thủ tướng",
                       "authority": "KT. Thủ tướng"},
            "urgency": "khẩn", "secrecy": None,
        },
        "references": [{"doc_type": "nghi_quyet", "number": "32/2016/QH14",
                        "issued_on": "2016-11-23", "issuer": "Quốc hội",
                        "relation": "based_on", "text": None, "span": None}],
        "deadlines": [{"due": "2018-09-30", "kind": "by_date", "rrule": None,
                       "text": "trước ngày 30/9/2018", "span": span("trước ngày 30/9/2018")}],
        "obligations": [{"assignee": "Bộ Nông nghiệp và Phát triển nông thôn", "role": "lead",
                         "action": "hoàn thành", "due": "2018-09-30", "rrule": None,
                         "status": "open", "span": span("Giao Bộ Nông nghiệp")}],
        "targets": [{"metric": "sản phẩm đạt 3 sao", "min": 20.0, "max": None,
                     "unit": "sản phẩm", "period": "2018", "span": span("ít nhất 20 sản phẩm")}],
        "funding": [{"amount_vnd": 6_400_000_000, "text": "6.400 triệu đồng",
                     "in_words_vnd": None, "source": None, "purpose": None, "year": 2018,
                     "span": span("6.400 triệu đồng")}],
    }


@pytest.fixture
def decision() -> tuple[Source, dict[str, Any]]:
    source = source_from_text(DECISION_TEXT, "/docs/490-QD-TTg.txt")
    return source, decision_data(source)


def header(**fields: Any) -> dict[str, Any]:
    """A contract ``document`` object: every field None/empty unless given."""
    base: dict[str, Any] = {
        "doc_type": "other", "number": None, "issuer": None, "parent_issuer": None,
        "place": None, "issued_on": None, "subject": None, "recipients": [], "cc": [],
        "signer": {"name": None, "title": None, "authority": None},
        "urgency": None, "secrecy": None}
    base.update(fields)
    return base


@pytest.fixture
def store_text(engine: Engine) -> Any:
    """``store_text(text, path, **header_fields) -> Document``: store a document with the
    given header and no facts."""
    from models import save_extraction

    def store(body: str, path: str, **fields: Any) -> Any:
        source = source_from_text(body, path)
        data = {"schema": "vanthu.extract/1", "extractor_version": "0.1.0",
                "source": source.contract(), "document": header(**fields), "references": [],
                "deadlines": [], "obligations": [], "targets": [], "funding": []}
        return save_extraction(engine, source, data)[0]

    return store
