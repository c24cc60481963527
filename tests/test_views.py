"""The views for Datasette and Excel users (migration 0012), on SQLite and PostgreSQL:
Vietnamese column labels, codes as labels, no bulky text, no ``_sentinel`` columns."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, func, inspect, select, text
from sqlalchemy.orm import Session

from models.obligations import set_status
from models.facts import DocReference, Obligation
from models.register import LegalDocument
from tests.test_web import store_samples

VIEWS = {
    "văn bản": ["Mã", "Số ký hiệu", "Loại văn bản", "Ngày ban hành", "Cơ quan ban hành",
                "Cơ quan chủ quản", "Địa danh", "Trích yếu", "Người ký", "Chức vụ người ký",
                "Độ khẩn", "Độ mật", "Số trang", "Bản quét (OCR)", "Tệp", "Định dạng",
                "Nhập lúc (UTC)"],
    "nhiệm vụ": ["Mã", "Mã văn bản", "Số ký hiệu văn bản", "Ngày ban hành", "Đơn vị thực hiện",
                 "Vai trò", "Nội dung", "Hạn", "Quy tắc định kỳ (RRULE)", "Tình trạng"],
    "thời hạn": ["Mã", "Mã văn bản", "Số ký hiệu văn bản", "Hạn", "Loại thời hạn",
                 "Quy tắc định kỳ (RRULE)", "Nguyên văn"],
    "văn bản dẫn chiếu": ["Mã", "Mã văn bản dẫn chiếu", "Số ký hiệu văn bản dẫn chiếu",
                          "Số ký hiệu được dẫn chiếu", "Loại văn bản được dẫn chiếu",
                          "Ngày ban hành", "Cơ quan ban hành", "Quan hệ", "Trích yếu",
                          "Mã sổ đăng ký"],
    "kinh phí": ["Mã", "Mã văn bản", "Số ký hiệu văn bản", "Số tiền (đồng)", "Nguyên văn",
                 "Nguồn", "Mục đích", "Năm", "Thuộc khoản tổng (đồng)"],
    "sổ đăng ký": ["Mã", "Số ký hiệu", "Loại văn bản", "Ngày ban hành", "Lệch ngày",
                   "Cơ quan ban hành", "Trích yếu", "Mã văn bản (nếu đã nhập)",
                   "Số lần được dẫn chiếu"],
}


def _rows(engine: Engine, view: str) -> list[dict[str, object]]:
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(text(f'SELECT * FROM "{view}"'))]


def test_views_label_columns_and_codes_in_vietnamese(engine: Engine, tmp_path: Path) -> None:
    ids = store_samples(engine, tmp_path / "keep")
    assert set(VIEWS) <= set(inspect(engine).get_view_names())
    for view, columns in VIEWS.items():
        with engine.connect() as conn:
            result = conn.execute(text(f'SELECT * FROM "{view}" WHERE 1 = 0'))
            assert list(result.keys()) == columns, view
        assert not [c for c in columns if "sentinel" in c.lower()]
    docs = {r["Mã"]: r for r in _rows(engine, "văn bản")}
    assert len(docs) == len(ids)
    assert all("text" not in r and "extraction" not in r for r in docs.values())
    kinds = {r["Loại văn bản"] for r in docs.values()}
    assert "Công văn" in kinds and "Báo cáo" in kinds
    assert not [k for k in kinds if "_" in k or k in {"other", "cong_van"}]   # labels, not codes
    assert {r["Bản quét (OCR)"] for r in docs.values()} == {"Không"}

    with Session(engine) as session:
        ob = session.scalars(select(Obligation).order_by(Obligation.id)).first()
        assert ob is not None
        n_tasks = session.scalar(select(func.count()).select_from(Obligation))
        n_refs = session.scalar(select(func.count()).select_from(DocReference))
        n_register = session.scalar(select(func.count()).select_from(LegalDocument))
    set_status(engine, ob.id, "done", "Nguyễn Văn A")
    tasks = _rows(engine, "nhiệm vụ")
    assert len(tasks) == n_tasks
    assert {r["Tình trạng"] for r in tasks} == {"Chưa hoàn thành", "Đã hoàn thành"}
    assert {r["Vai trò"] for r in tasks} <= {"Chủ trì", "Phối hợp", None}
    assert "Chủ trì" in {r["Vai trò"] for r in tasks}
    done = next(r for r in tasks if r["Mã"] == ob.id)
    assert done["Tình trạng"] == "Đã hoàn thành" and done["Số ký hiệu văn bản"]
    refs = _rows(engine, "văn bản dẫn chiếu")
    assert len(refs) == n_refs and "Căn cứ" in {r["Quan hệ"] for r in refs}
    assert {r["Quan hệ"] for r in refs} <= {"Căn cứ", "Thực hiện", "Sửa đổi, bổ sung",
                                           "Thay thế", "Trả lời / báo cáo", "Nhắc đến"}
    assert "Ngày cụ thể" in {r["Loại thời hạn"] for r in _rows(engine, "thời hạn")}
    assert len(_rows(engine, "sổ đăng ký")) == n_register
    assert any(r["Số tiền (đồng)"] for r in _rows(engine, "kinh phí"))
