"""Views with Vietnamese column labels for Datasette and Excel users: "văn bản", "nhiệm vụ",
"thời hạn", "văn bản dẫn chiếu", "kinh phí", "sổ đăng ký".

Codes become the labels the CLI and the web show ("quyet_dinh" → "Quyết định", "lead" →
"Chủ trì"); the bulky columns (a document's text, its folded text, the extraction JSON) and
SQLAlchemy's ``_sentinel`` columns are left out; each fact row names its document's number
beside the document's id. The tables stay as they were (the program reads them).

The labels are copied here (not imported) so that this revision creates the same views
whatever the code becomes; a later change of labels is a new revision.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04
"""
from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DOC_TYPES = {
    "nghi_quyet": "Nghị quyết", "quyet_dinh": "Quyết định", "chi_thi": "Chỉ thị",
    "quy_che": "Quy chế", "quy_dinh": "Quy định", "thong_cao": "Thông cáo",
    "thong_bao": "Thông báo", "huong_dan": "Hướng dẫn", "chuong_trinh": "Chương trình",
    "ke_hoach": "Kế hoạch", "phuong_an": "Phương án", "de_an": "Đề án", "du_an": "Dự án",
    "bao_cao": "Báo cáo", "bien_ban": "Biên bản", "to_trinh": "Tờ trình",
    "hop_dong": "Hợp đồng", "cong_dien": "Công điện", "giay_moi": "Giấy mời",
    "giay_uy_quyen": "Giấy ủy quyền", "giay_gioi_thieu": "Giấy giới thiệu",
    "phieu_gui": "Phiếu gửi", "phieu_chuyen": "Phiếu chuyển", "phieu_bao": "Phiếu báo",
    "cong_van": "Công văn", "luat": "Luật", "nghi_dinh": "Nghị định", "thong_tu": "Thông tư",
    "thong_tu_lien_tich": "Thông tư liên tịch", "other": "Khác"}
ROLES = {"lead": "Chủ trì", "support": "Phối hợp"}
STATUSES = {"open": "Chưa hoàn thành", "done": "Đã hoàn thành"}
DEADLINE_KINDS = {
    "by_date": "Ngày cụ thể", "by_dekad": "Thượng/trung/hạ tuần", "by_month": "Trong tháng",
    "by_quarter": "Trong quý", "by_half": "Trong 6 tháng", "by_year": "Trong năm",
    "by_year_range": "Trong giai đoạn nhiều năm", "relative": "Tính từ một mốc",
    "recurring": "Định kỳ"}
RELATIONS = {"based_on": "Căn cứ", "implements": "Thực hiện", "amends": "Sửa đổi, bổ sung",
             "replaces": "Thay thế", "responds_to": "Trả lời / báo cáo",
             "mentions": "Nhắc đến"}


def _label(column: str, labels: dict[str, str]) -> str:
    """``CASE column WHEN 'code' THEN 'Nhãn' … ELSE column END``: an unknown code shows as is."""
    whens = " ".join(f"WHEN '{code}' THEN '{label}'" for code, label in labels.items())
    return f"CASE {column} {whens} ELSE {column} END"


def _yes_no(column: str) -> str:
    return f"CASE WHEN {column} THEN 'Có' ELSE 'Không' END"


# view name → its SELECT; column labels are quoted identifiers (PostgreSQL: at most 63 bytes).
VIEWS: dict[str, str] = {
    "văn bản": f"""
        SELECT d.id AS "Mã", d.number AS "Số ký hiệu",
               {_label("d.doc_type", DOC_TYPES)} AS "Loại văn bản",
               d.issued_on AS "Ngày ban hành", d.issuer AS "Cơ quan ban hành",
               d.parent_issuer AS "Cơ quan chủ quản", d.place AS "Địa danh",
               d.subject AS "Trích yếu", d.signer_name AS "Người ký",
               d.signer_title AS "Chức vụ người ký", d.urgency AS "Độ khẩn",
               d.secrecy AS "Độ mật", d.pages AS "Số trang",
               {_yes_no("d.ocr")} AS "Bản quét (OCR)", d.file_name AS "Tệp",
               d.format AS "Định dạng", d.ingested_at AS "Nhập lúc (UTC)"
        FROM documents d""",
    "nhiệm vụ": f"""
        SELECT o.id AS "Mã", o.document_id AS "Mã văn bản", d.number AS "Số ký hiệu văn bản",
               d.issued_on AS "Ngày ban hành", o.assignee AS "Đơn vị thực hiện",
               {_label("o.role", ROLES)} AS "Vai trò", o.action AS "Nội dung",
               o.due AS "Hạn", o.rrule AS "Quy tắc định kỳ (RRULE)",
               {_label("o.status", STATUSES)} AS "Tình trạng"
        FROM obligations o JOIN documents d ON d.id = o.document_id""",
    "thời hạn": f"""
        SELECT t.id AS "Mã", t.document_id AS "Mã văn bản", d.number AS "Số ký hiệu văn bản",
               t.due AS "Hạn", {_label("t.kind", DEADLINE_KINDS)} AS "Loại thời hạn",
               t.rrule AS "Quy tắc định kỳ (RRULE)", t.text AS "Nguyên văn"
        FROM deadlines t JOIN documents d ON d.id = t.document_id""",
    "văn bản dẫn chiếu": f"""
        SELECT r.id AS "Mã", r.document_id AS "Mã văn bản dẫn chiếu",
               d.number AS "Số ký hiệu văn bản dẫn chiếu",
               r.number AS "Số ký hiệu được dẫn chiếu",
               {_label("r.doc_type", DOC_TYPES)} AS "Loại văn bản được dẫn chiếu",
               r.issued_on AS "Ngày ban hành", r.issuer AS "Cơ quan ban hành",
               {_label("r.relation", RELATIONS)} AS "Quan hệ",
               r.cited_subject AS "Trích yếu", r.legal_document_id AS "Mã sổ đăng ký"
        FROM doc_references r JOIN documents d ON d.id = r.document_id""",
    "kinh phí": """
        SELECT f.id AS "Mã", f.document_id AS "Mã văn bản", d.number AS "Số ký hiệu văn bản",
               f.amount_vnd AS "Số tiền (đồng)", f.text AS "Nguyên văn", f.source AS "Nguồn",
               f.purpose AS "Mục đích", f.year AS "Năm",
               f.part_of AS "Thuộc khoản tổng (đồng)"
        FROM funding f JOIN documents d ON d.id = f.document_id""",
    "sổ đăng ký": f"""
        SELECT l.id AS "Mã", l.number AS "Số ký hiệu",
               {_label("l.doc_type", DOC_TYPES)} AS "Loại văn bản",
               l.issued_on AS "Ngày ban hành", {_yes_no("l.date_conflict")} AS "Lệch ngày",
               l.issuer AS "Cơ quan ban hành", l.subject AS "Trích yếu",
               l.document_id AS "Mã văn bản (nếu đã nhập)",
               l.citation_count AS "Số lần được dẫn chiếu"
        FROM legal_documents l""",
}


def upgrade() -> None:
    for name, select in VIEWS.items():
        op.execute(f'CREATE VIEW "{name}" AS {select}')


def downgrade() -> None:
    for name in VIEWS:
        op.execute(f'DROP VIEW IF EXISTS "{name}"')
