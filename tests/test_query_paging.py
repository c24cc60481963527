"""Queries that stay fast on a large database: pages of results (the first N, in the same
order as the whole list) with the total, on SQLite and PostgreSQL; search ranking when a word
is common to many documents; recurring deadlines and citing sentences computed the cheap way
give what the plain way gives."""
from __future__ import annotations

import importlib
import json
import random
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from click.testing import CliRunner
from dateutil.rrule import rrulestr
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from extractors import source_from_text
from models import Obligation, save_extraction, search
from models.citing import SENTENCE_REACH, sentence_around, sentence_in_window
from models.due import due_items
from models.obligations import open_tasks, tasks_for
from models.recurrence import next_occurrence, occurrences
from models.register_queries import citing_documents, lookup_register
from models.units import find_units
from tests.conftest import header
from vanthu.cli import cli

# The module (``models.search`` is the function in the package's namespace).
search_module = importlib.import_module("models.search")
AS_OF = date(2020, 6, 1)
UNIT = "UBND huyện Mộ Đức"
# (assignee, due or None, rule or None): the tasks of every directive; due dates shift with
# the directive so that some fall on the same day as another directive's.
TASKS = [
    ("UBND huyện Mộ Đức", 0, None),
    ("UBND các huyện, thành phố", 10, None),
    ("UBND huyện Mộ Đức", None, None),
    ("UBND huyện Mộ Đức", None, "FREQ=MONTHLY;BYMONTHDAY=15"),
    ("Sở Tài chính", 5, None),
]


def directive(i: int) -> tuple[Any, dict[str, Any]]:
    """Directive ``i``: issued a few days apart (two on each date), with TASKS due 20 days
    apart (and on the same day for the two directives of a date)."""
    issued = date(2020, 1, 1) + timedelta(days=7 * (i // 2))
    lines = [f"Hướng dẫn số {i} về việc triển khai nhiệm vụ."]
    obligations = []
    for k, (assignee, offset, rule) in enumerate(TASKS):
        action = f"thực hiện nội dung {k} của văn bản {i}"
        lines.append(f"{k + 1}. {assignee} {action}.")
        obligations.append((assignee, action, offset, rule))
    body = (f"ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI\nSố: {i + 1}/UBND-KT\nQuảng Ngãi, ngày "
            f"{issued.day:02d} tháng {issued.month} năm {issued.year}\n" + "\n".join(lines))
    source = source_from_text(body, f"/docs/{i}.txt")
    items = []
    for assignee, action, offset, rule in obligations:
        start = source.text.find(action)
        due = issued + timedelta(days=20 * (i // 2) % 140 + offset) if offset is not None \
            else None
        items.append({"assignee": assignee, "role": "lead", "action": action,
                      "due": due.isoformat() if due else None, "rrule": rule,
                      "basis": "assigned", "span": [start, start + len(action)]})
    data = {"schema": "vanthu.extract/1", "extractor_version": "0.1.0",
            "source": source.contract(),
            "document": header(doc_type="cong_van", number=f"{i + 1}/UBND-KT",
                               place="Quảng Ngãi", issuer="Ủy ban nhân dân tỉnh Quảng Ngãi",
                               issued_on=issued.isoformat()),
            "references": [{"doc_type": "quyet_dinh", "number": "490/QĐ-TTg",
                            "issued_on": "2018-05-07", "issuer": "Thủ tướng Chính phủ",
                            "relation": "implements", "text": "Quyết định số 490/QĐ-TTg",
                            "span": None}],
            "deadlines": [], "targets": [], "funding": [], "obligations": items}
    return source, data


@pytest.fixture
def directives(engine: Engine) -> Engine:
    for i in range(14):
        save_extraction(engine, *directive(i))
    return engine


def _ids(tasks: Any) -> list[int | None]:
    return [t.id for t in tasks]


@pytest.mark.parametrize("unit", [UNIT, None])
@pytest.mark.parametrize("status", [None, "open", "done", "overdue"])
def test_a_limit_shows_the_first_tasks_of_the_whole_list_and_the_total(
        directives: Engine, unit: str | None, status: str | None) -> None:
    some = sorted(t.id for t in tasks_for(directives, None, AS_OF).tasks)[::4]
    with Session(directives) as session, session.begin():  # a few done, to mix statuses
        for ob in session.scalars(select(Obligation).where(Obligation.id.in_(some))):
            ob.status = "done"
    whole = tasks_for(directives, unit, AS_OF, status)
    assert whole.total == len(whole.tasks) > 0
    for limit in (0, 1, 3, 7, len(whole.tasks) - 1, len(whole.tasks), len(whole.tasks) + 5):
        page = tasks_for(directives, unit, AS_OF, status, limit=limit)
        assert _ids(page.tasks) == _ids(whole.tasks[:limit]), limit
        assert page.total == whole.total and page.count == whole.total
        assert page.units == whole.units and page.groups == whole.groups
        assert [t.sentence for t in page.tasks] == [t.sentence for t in whole.tasks[:limit]]


def test_tasks_come_dated_first_overdue_first_then_by_document_date(directives: Engine) -> None:
    tasks = tasks_for(directives, UNIT, AS_OF, limit=30).tasks
    dated = [t for t in tasks if t.due is not None]
    assert dated and tasks[:len(dated)] == tuple(dated)
    assert [t.due for t in dated] == sorted(t.due for t in dated)
    assert dated[0].overdue and dated[0].due < AS_OF
    undated = [t.issued_on for t in tasks[len(dated):]]
    assert undated == sorted(undated)
    assert tasks[0].sentence == "UBND huyện Mộ Đức thực hiện nội dung 0 của văn bản 0."


@pytest.mark.parametrize("unit", [UNIT, None])
@pytest.mark.parametrize("overdue_only", [False, True])
def test_due_items_limit_keeps_the_soonest_and_the_total(directives: Engine, unit: str | None,
                                                         overdue_only: bool) -> None:
    _found, whole = due_items(directives, unit, AS_OF, 60, overdue_only)
    assert whole.total == len(whole) > 3
    assert any(i.recurring for i in whole) is not overdue_only
    for limit in (0, 1, 2, 5, len(whole) - 1, len(whole), len(whole) + 3):
        _found, page = due_items(directives, unit, AS_OF, 60, overdue_only, limit=limit)
        assert [(i.due, i.task.id, i.overdue) for i in page] == \
            [(i.due, i.task.id, i.overdue) for i in whole[:limit]], limit
        assert page.total == whole.total


def test_open_tasks_without_a_unit_include_loose_deadlines(engine: Engine) -> None:
    source, data = directive(0)
    data["deadlines"] = [
        {"due": "2020-02-10", "kind": "by_date", "rrule": None, "text": "trước 10/2",
         "span": None},
        {"due": "2020-02-10", "kind": "by_date", "rrule": None, "text": "trước 10/2 (lặp)",
         "span": None},
        {"due": None, "kind": "recurring", "rrule": "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=20",
         "text": "20/6 hằng năm", "span": None}]
    save_extraction(engine, source, data)
    _found, tasks = open_tasks(engine, None, AS_OF)
    loose = [t for t in tasks if t.id is None]
    assert [(t.due, t.rrule) for t in loose] == [
        (None, "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=20"), (date(2020, 2, 10), None)] or \
        [(t.due, t.rrule) for t in loose] == [
        (date(2020, 2, 10), None), (None, "FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=20")]
    _found, items = due_items(engine, None, AS_OF, 30)
    assert (date(2020, 6, 20), True) in [(i.due, i.recurring) for i in items]
    assert (date(2020, 2, 10), True) in [(i.due, i.overdue) for i in items]
    _found, page = due_items(engine, None, AS_OF, 30, limit=1)
    assert page.total == items.total and [i.due for i in page] == [items[0].due]


def test_cli_says_how_many_are_not_shown(directives: Engine, db_url: str) -> None:
    runner = CliRunner()
    whole = tasks_for(directives, UNIT, AS_OF)
    shown = runner.invoke(cli, ["obligations", "--unit", UNIT, "--as-of", "01/06/2020",
                                "--limit", "2", "--db", db_url])
    assert shown.exit_code == 0, shown.output
    assert f"Hiển thị 2/{whole.total} nhiệm vụ — dùng --limit để xem thêm" in shown.output
    payload = json.loads(runner.invoke(cli, ["obligations", "--unit", UNIT, "--as-of",
                                             "2020-06-01", "--limit", "2", "--json", "--db",
                                             db_url]).output)
    assert payload["total"] == whole.total and len(payload["tasks"]) == 2
    every = runner.invoke(cli, ["obligations", "--unit", UNIT, "--as-of", "2020-06-01",
                                "--limit", "0", "--db", db_url])
    assert "dùng --limit" not in every.output and f"Nhiệm vụ ({whole.total})" in every.output
    _found, items = due_items(directives, UNIT, AS_OF, 60)
    due = runner.invoke(cli, ["deadlines", "--unit", UNIT, "--as-of", "2020-06-01", "--within",
                              "60d", "--limit", "1", "--db", db_url])
    assert f"Hiển thị 1/{items.total} thời hạn — dùng --limit để xem thêm" in due.output
    payload = json.loads(runner.invoke(cli, ["deadlines", "--unit", UNIT, "--as-of",
                                             "2020-06-01", "--within", "60d", "--limit", "1",
                                             "--json", "--db", db_url]).output)
    assert payload["total"] == items.total and len(payload["items"]) == 1


def test_citing_documents_page_and_total(directives: Engine, db_url: str) -> None:
    entry = lookup_register(directives, "490/QĐ-TTg").entry
    assert entry is not None
    whole = citing_documents(directives, entry.id)
    assert whole.total == len(whole) == 14
    assert [c.issued_on for c in whole] == sorted(c.issued_on for c in whole)
    page = citing_documents(directives, entry.id, limit=3)
    assert [(c.document_id, c.sentence) for c in page] == \
        [(c.document_id, c.sentence) for c in whole[:3]]
    assert page.total == 14
    other = citing_documents(directives, entry.id, other_than=whole[0].document_id)
    assert other.total == 13 and whole[0].document_id not in {c.document_id for c in other}
    out = CliRunner().invoke(cli, ["refs", "490/QĐ-TTg", "--limit", "3", "--db", db_url]).output
    assert "Văn bản dẫn chiếu đến 490/QĐ-TTg (3/14)" in out
    assert "Hiển thị 3/14 văn bản dẫn chiếu — dùng --limit để xem thêm" in out


def test_a_document_date_change_reorders_its_tasks_and_citations(directives: Engine) -> None:
    source, data = directive(13)
    data["extractor_version"] = "0.2.0"
    data["document"]["issued_on"] = "2019-01-01"
    save_extraction(directives, source, data)
    with directives.connect() as conn:
        assert set(conn.execute(text(
            "SELECT o.document_issued_on = d.issued_on FROM obligations o JOIN documents d "
            "ON d.id = o.document_id")).scalars()) == {True}
    entry = lookup_register(directives, "490/QĐ-TTg").entry
    assert entry is not None
    assert citing_documents(directives, entry.id, limit=1)[0].issued_on == date(2019, 1, 1)
    undated = [t for t in tasks_for(directives, UNIT, AS_OF).tasks if t.due is None]
    assert undated[0].issued_on == date(2019, 1, 1)


# ------------------------------------------------------------------ search


@pytest.fixture
def common_word(engine: Engine, store_text: Any) -> Engine:
    """12 documents saying "kế hoạch", two of them in their subject too."""
    for i in range(12):
        subject = {3: "Kế hoạch phát triển nông thôn", 9: "Kế hoạch năm 2020"}.get(
            i, f"Báo cáo số liệu {i}")
        number = f"{i + 1}/KH-UBND" if i in (3, 9) else f"{i + 1}/BC-UBND"
        store_text(f"Văn bản {i}. Thực hiện kế hoạch của tỉnh, các đơn vị báo cáo "
                   f"kết quả thực hiện kế hoạch." + " Nội dung khác." * i, f"/d/{i}.txt",
                   number=number, subject=subject, doc_type="bao_cao")
    return engine


def test_search_page_has_the_total(common_word: Engine) -> None:
    hits = search(common_word, "ke hoach", limit=3)
    assert len(hits) == 3 and hits.total == 12 and hits.exact
    assert {h.number for h in hits[:2]} == {"10/KH-UBND", "4/KH-UBND"}  # subject first


def test_a_common_word_lists_subject_matches_first_newest_first(
        common_word: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    exact = search(common_word, "ke hoach", limit=12)
    monkeypatch.setattr(search_module, "EXACT_RANK_MAX", 5)  # "common": the bounded ranking
    hits = search(common_word, "ke hoach", limit=5)
    assert hits.total == 12
    assert {h.number for h in exact[:2]} == {"10/KH-UBND", "4/KH-UBND"}
    assert {h.number for h in hits[:2]} == {"10/KH-UBND", "4/KH-UBND"}
    if common_word.dialect.name == "sqlite":  # PostgreSQL ranks every match (ts_rank)
        # Every word in the number or subject first, then the rest, the most recently added
        # first.
        assert [h.number for h in hits] == ["10/KH-UBND", "4/KH-UBND", "12/BC-UBND",
                                            "11/BC-UBND", "9/BC-UBND"]
    assert all("kế hoạch" in h.snippet.lower() for h in hits)
    assert hits[0].score > hits[2].score


def test_search_total_beyond_the_count_cap_is_a_lower_bound(
        common_word: Engine, monkeypatch: pytest.MonkeyPatch, db_url: str) -> None:
    monkeypatch.setattr(search_module, "COUNT_CAP", 10)
    hits = search(common_word, "ke hoach", limit=2)
    assert (hits.total, hits.exact) == (10, False)
    out = CliRunner().invoke(cli, ["search", "ke", "hoach", "--limit", "2", "--db", db_url])
    assert "Hiển thị 2/hơn 10 văn bản — dùng --limit để xem thêm" in out.output


def test_snippet_finds_words_written_with_diacritics_and_capitals() -> None:
    from models.search import make_snippet

    text_ = "Mở đầu. " + "Nội dung không liên quan. " * 30 + "THỰC HIỆN Kế Hoạch số 5; thực hiện."
    snippet, highlights = make_snippet(text_, ["thuc", "hien", "ke", "hoach"])
    assert [snippet[a:b] for a, b in highlights] == ["THỰC", "HIỆN", "Kế", "Hoạch", "thực",
                                                     "hiện"]


# ------------------------------------------------------------------ the cheap ways agree


def _plain_occurrences(rule: str, start: date, after: date, until: date) -> list[date]:
    try:
        found = rrulestr(rule, dtstart=datetime.combine(start, time()))
    except (ValueError, TypeError):
        return []
    return [d.date() for d in found.between(datetime.combine(after, time()),
                                             datetime.combine(until, time()), inc=True)]


RULES = ["FREQ=WEEKLY", "FREQ=MONTHLY", "FREQ=YEARLY", "FREQ=DAILY;INTERVAL=3",
         "FREQ=MONTHLY;INTERVAL=3", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
         "FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=20", "FREQ=MONTHLY;BYMONTHDAY=31",
         "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", "FREQ=MONTHLY;BYDAY=-1FR",
         "FREQ=MONTHLY;COUNT=5", "FREQ=YEARLY;UNTIL=20200101", "not a rule",
         "FREQ=DAILY", "FREQ=MONTHLY;INTERVAL=6;BYMONTHDAY=31", "FREQ=YEARLY;INTERVAL=2",
         "FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29", "FREQ=MONTHLY;INTERVAL=6"]


def test_recurring_deadlines_from_a_later_start_are_those_from_the_issue_date() -> None:
    rng = random.Random(6)
    for _ in range(1500):
        rule = rng.choice(RULES)
        start = date(2014, 1, 1) + timedelta(days=rng.randrange(365 * 12))
        after = date(2014, 1, 1) + timedelta(days=rng.randrange(365 * 12))
        until = after + timedelta(days=rng.randrange(400))
        assert occurrences(rule, start, after, until) == \
            _plain_occurrences(rule, start, after, until), (rule, start, after, until)
        plain = _plain_occurrences(rule, start, after, after + timedelta(days=6000))
        assert next_occurrence(rule, start, after) == (plain[0] if plain else None)


def test_a_sentence_from_a_slice_of_the_text_is_the_sentence_from_the_whole_text() -> None:
    rng = random.Random(7)
    words = ["Sở", "Tài", "chính", "báo", "cáo.", "UBND", "huyện", "thực", "hiện;", "Kế",
             "hoạch", "số", "12/KH.", "\n", "Giao", "các", "đơn", "vị"]
    text_ = " ".join(rng.choice(words) for _ in range(6000))
    for _ in range(400):
        start = rng.randrange(len(text_) + 10)
        end = start + rng.randrange(-5, 200)
        offset = max(0, start - SENTENCE_REACH)
        window = text_[offset:max(start, end) + SENTENCE_REACH]
        cut = sentence_in_window(window, offset, start, end)
        assert cut is None or cut == sentence_around(text_, start, end)
        assert cut is not None or start > len(text_)


def test_units_written_alike_are_all_found(engine: Engine) -> None:
    from models.units import ensure_unit, resolve_name, UnitContext

    with Session(engine) as session, session.begin():
        for name, province in [("Sở Dân tộc và Tôn giáo", "Gia Lai"),
                               ("Sở Dân Tộc và Tôn giáo", "Quảng Ngãi"),
                               ("Sở Y tế", "Gia Lai")]:
            ensure_unit(session, resolve_name(name, UnitContext(province)), name)
    with Session(engine) as session:
        found = [u.canonical_name for u in find_units(session, "sở dân tộc và tôn giáo")]
    assert found == ["Sở Dân tộc và Tôn giáo tỉnh Gia Lai",
                     "Sở Dân Tộc và Tôn giáo tỉnh Quảng Ngãi"]
    with engine.connect() as conn:  # every unit gets its folded name, through the index
        assert conn.execute(text("SELECT count(*) FROM units WHERE canonical_key IS NULL")
                            ).scalar() == 0
