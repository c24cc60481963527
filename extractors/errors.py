"""Narrow errors for input a reader cannot use. Each carries a stable code, a Vietnamese
message for the secretariat and an English detail for the log."""
from __future__ import annotations


class ReadError(Exception):
    """A file that cannot be turned into text. ``code`` is stable (stored in ``failures``)."""

    code = "unreadable"
    message_vi = "Không đọc được tệp"

    def __init__(self, path: str, detail: str = ""):
        self.path = str(path)
        self.detail = detail
        super().__init__(f"{self.path}: {self.code}: {detail}".rstrip(": "))

    @property
    def summary_vi(self) -> str:
        return f"{self.message_vi}"


class EmptyFile(ReadError):
    code = "empty"
    message_vi = "Tệp rỗng, không có nội dung"


class UnsupportedFormat(ReadError):
    code = "unsupported_format"
    message_vi = "Định dạng tệp không được hỗ trợ"


class BadEncoding(ReadError):
    code = "bad_encoding"
    message_vi = "Tệp văn bản không phải UTF-8 hoặc UTF-16"


class CorruptFile(ReadError):
    code = "corrupt"
    message_vi = "Tệp bị hỏng hoặc sai định dạng"


class EncryptedFile(ReadError):
    code = "encrypted"
    message_vi = "Tệp được mã hóa (có mật khẩu)"


class TooLarge(ReadError):
    code = "too_large"
    message_vi = "Tệp quá lớn"


class NeedsOCR(ReadError):
    code = "needs_ocr"
    message_vi = "PDF không có lớp chữ (bản quét), cần nhận dạng ký tự (OCR)"


class LimitExceeded(TooLarge):
    """Over one of the per-file limits of :mod:`extractors.limits`; the message names it."""

    def __init__(self, path: str, limit: object, amount: float, value: float, what: str = ""):
        self.limit = limit
        name_vi, unit_vi, env = (getattr(limit, "name_vi", "giới hạn"), getattr(limit, "unit_vi", ""),
                                 getattr(limit, "env", ""))
        self.message_vi = (f"Tệp vượt giới hạn {name_vi}: {_number(amount, vi=True)} > "
                           f"{_number(value, vi=True)} {unit_vi} (đổi bằng biến {env})")
        unit = getattr(limit, "unit", "")
        super().__init__(path, f"{what + ': ' if what else ''}{_number(amount)} {unit} is over the "
                               f"limit of {_number(value)} ({env})")


def _number(x: float, vi: bool = False) -> str:
    """12.000.000 in Vietnamese (12,000,000 in English only without separators: 12000000);
    a small fraction keeps one decimal (0,5 giây; 0.5 seconds)."""
    if x >= 100 or float(x).is_integer():
        return f"{x:,.0f}".replace(",", ".") if vi else f"{x:.0f}"
    return f"{x:.1f}".replace(".", ",") if vi else f"{x:.1f}"


def limit_in(path: str, detail: str) -> LimitExceeded | None:
    """The LimitExceeded whose English detail ends ``detail`` (a page's OCR killed at its time
    limit in a worker comes back as text), or None when ``detail`` names no limit."""
    import re

    from . import limits

    m = re.search(r"(?:([^;]*): )?([\d.]+) \w+ is over the limit of ([\d.]+) \((VANTHU_\w+)\)", detail)
    limit = next((lim for lim in limits.ALL if m and lim.env == m.group(4)), None)
    if m is None or limit is None:
        return None
    return LimitExceeded(path, limit, float(m.group(2)), float(m.group(3)), (m.group(1) or "").strip())


class NotText(ReadError):
    """Decodable, but not text anyone wrote: random bytes, binary data under a text name."""

    code = "not_text"
    message_vi = "Tệp không chứa văn bản đọc được (dữ liệu nhị phân hoặc ký tự vô nghĩa)"
