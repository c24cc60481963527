"""Click's own words in Vietnamese: "Usage:", "Options", "Show this message and exit.",
"No such option", "Missing argument", "… is not one of …", the "Error:" prefix.

Click looks its messages up with :func:`gettext.gettext` (imported into each of its modules as
``_``), so :func:`install` points those names at :data:`MESSAGES`, before any command is
declared (help options take their text when they are made). A message missing here stays in
English; ``tests/test_cli_help_vi.py`` walks every command's ``--help`` and a few usage errors
to find one. Keys are Click's msgids exactly (placeholders kept), values the Vietnamese text.
"""
from __future__ import annotations

import importlib

MESSAGES: dict[str, str] = {
    "Usage:": "Cách dùng:",
    "Options": "Tuỳ chọn",
    "Commands": "Lệnh",
    "Positional arguments": "Tham số",
    "Show this message and exit.": "Xem hướng dẫn này rồi thoát.",
    "Show the version and exit.": "Xem phiên bản rồi thoát.",
    "%(prog)s, version %(version)s": "%(prog)s, phiên bản %(version)s",
    "Aborted!": "Đã huỷ.",
    "deprecated": "không dùng nữa",
    "Missing command.": "Thiếu lệnh.",
    "Got unexpected extra argument ({args})": "Thừa tham số ({args})",
    "Got unexpected extra arguments ({args})": "Thừa các tham số ({args})",
    "Value must be an iterable.": "Giá trị phải là một danh sách.",
    "env var: {var}": "biến môi trường: {var}",
    "default: {default}": "mặc định: {default}",
    "required": "bắt buộc",
    "(dynamic)": "(tuỳ lúc)",
    "Takes {nargs} values but 1 was given.": "Cần {nargs} giá trị nhưng chỉ có 1.",
    "Takes {nargs} values but {len} were given.": "Cần {nargs} giá trị nhưng có {len}.",
    "Do you want to continue?": "Tiếp tục?",
    "Confirm the action without prompting.": "Xác nhận luôn, không hỏi lại.",
    "Did you mean {possibility}?": "Có phải ý bạn là {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(Có phải ý bạn là một trong: {possibilities}?)",
    "Missing argument": "Thiếu tham số",
    "Missing option": "Thiếu tuỳ chọn",
    "Missing parameter": "Thiếu tham số",
    "Missing parameter: {param_name}": "Thiếu tham số: {param_name}",
    "Missing {param_type}": "Thiếu {param_type}",
    "unknown error": "lỗi không rõ",
    "Invalid value for {param_hint}: {message}": "Giá trị không hợp lệ cho {param_hint}: {message}",
    "Invalid value: {message}": "Giá trị không hợp lệ: {message}",
    "Could not open file {filename!r}: {message}": "Không mở được tệp {filename!r}: {message}",
    "Error: {message}": "Lỗi: {message}",
    "Try '{command} {option}' for help.": "Xem hướng dẫn: '{command} {option}'.",
    "No such option {name!r}.": "Không có tuỳ chọn {name!r}.",
    "No such command {name!r}.": "Không có lệnh {name!r}.",
    "Invalid start character for option ({option})":
        "Tuỳ chọn bắt đầu bằng ký tự không hợp lệ ({option})",
    "Option {name!r} does not take a value.": "Tuỳ chọn {name!r} không nhận giá trị.",
    "Option {name!r} requires an argument.": "Tuỳ chọn {name!r} cần một giá trị.",
    "Option {name!r} requires {nargs} arguments.": "Tuỳ chọn {name!r} cần {nargs} giá trị.",
    "Argument {name!r} takes {nargs} values.": "Tham số {name!r} nhận {nargs} giá trị.",
    "file": "Tệp",
    "directory": "Thư mục",
    "path": "Đường dẫn",
    "Choose from:\n\t{choices}": "Chọn một trong:\n\t{choices}",
    "{value!r} is not {choice}.": "{value!r} không phải là {choice}.",
    "{value!r} is not one of {choices}.": "{value!r} không thuộc các giá trị {choices}.",
    "{value!r} does not match the format {format}.": "{value!r} không đúng dạng {format}.",
    "{value!r} does not match the formats {formats}.": "{value!r} không đúng các dạng {formats}.",
    "{value} is not in the range {range}.": "{value} nằm ngoài khoảng {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} không phải giá trị đúng/sai. Dùng một trong: {states}",
    "{len_type} values are required, but {len_value} was given.":
        "Cần {len_type} giá trị nhưng có {len_value}.",
    "{len_type} values are required, but {len_value} were given.":
        "Cần {len_type} giá trị nhưng có {len_value}.",
    "{value!r} is not a valid {number_type}.": "{value!r} không phải là số hợp lệ.",
    "{value!r} is not a valid UUID.": "{value!r} không phải UUID hợp lệ.",
    "{name} {filename!r} is a file.": "{name} {filename!r} là một tệp.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} là một thư mục.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} không đọc được.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} không ghi được.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} không chạy được.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} không tồn tại.",
    "Press any key to continue...": "Nhấn một phím bất kỳ để tiếp tục…",
    "Repeat for confirmation": "Nhập lại để xác nhận",
    "Error: The two entered values do not match.": "Lỗi: hai lần nhập không khớp nhau.",
    "Error: invalid input": "Lỗi: giá trị nhập không hợp lệ",
}

_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "utils",
            "termui")


def gettext_vi(message: str) -> str:
    """``message`` in Vietnamese, or unchanged when Click has a message we do not know."""
    return MESSAGES.get(message, message)


def ngettext_vi(singular: str, plural: str, n: int) -> str:
    return gettext_vi(singular if n == 1 else plural)


def install() -> None:
    """Point Click's ``_``/``ngettext`` at the Vietnamese messages (idempotent)."""
    for name in _MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext_vi  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext_vi  # type: ignore[attr-defined]
