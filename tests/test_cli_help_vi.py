"""Every command's ``--help`` is Vietnamese and ends with examples; usage errors are Vietnamese.

The check for English is a list of common English words (README's rule: everything a
secretariat sees is Vietnamese). What a user types stays as it is and is taken out before the
check: option names (``--overdue``), command names (``done``, ``show``), choice values
(``open``, ``clerk``) and the example lines.
"""
from __future__ import annotations

import re

import click
import pytest
from click.testing import CliRunner

from vanthu.cli import cli

ENGLISH = {
    "the", "and", "or", "of", "for", "with", "from", "is", "are", "be", "this", "that", "these",
    "when", "each", "every", "which", "into", "only", "default", "print", "show", "shows",
    "write", "writes", "file", "files", "folder", "unit", "units", "task", "tasks", "document",
    "documents", "database", "date", "not", "as", "at", "on", "its", "their", "than", "without",
    "one", "name", "text", "address", "integer", "path", "dir", "usage", "options", "commands",
    "message", "exit", "version", "instead", "table", "rows", "whose", "by", "per", "run",
    "also", "lists", "read", "reads", "see", "use", "uses", "directory", "value", "required",
    "error", "missing", "invalid", "such", "got", "unexpected", "try", "mean", "did", "if",
    "else", "there", "here", "would", "will", "can", "must", "should", "same", "other",
}


def _walk(command: click.Command, path: tuple[str, ...]):
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from _walk(sub, path + (name,))


COMMANDS = list(_walk(cli, ()))
NAMES = {name for path, _ in COMMANDS for name in path}
CHOICES = {str(c) for _, cmd in COMMANDS for p in cmd.params
           if isinstance(p.type, click.Choice) for c in p.type.choices}


def english_words(text: str) -> list[str]:
    """The common English words of ``text``, once what a user types is taken out."""
    kept = []
    for line in text.splitlines():
        if line.strip().startswith(("vanthu ", "echo ")):
            continue  # an example line: a command as typed
        line = re.sub(r"--?[\w-]+(/--[\w-]+)?", " ", line)  # option names
        line = re.sub(r"\[[\w|]+\]", " ", line)  # choice lists: [open|done|overdue]
        line = re.sub(r"`[^`]*`", " ", line)  # commands quoted in the text
        line = re.sub(r"\S+://\S+|\S+/\S+|\S+\.(json|txt|db|py|ics|xlsx)\b", " ", line)
        kept.append(line)
    words = re.findall(r"[\w']+", "\n".join(kept))
    return [w for w in words if w.lower() in ENGLISH and w not in NAMES | CHOICES]


def _help(path: tuple[str, ...]) -> str:
    result = CliRunner().invoke(cli, [*path, "--help"], prog_name="vanthu")
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=lambda p: " ".join(p) or "vanthu")
def test_help_is_vietnamese_with_examples(path: tuple[str, ...]) -> None:
    text = _help(path)
    assert text.startswith("Cách dùng: vanthu"), text[:80]
    assert "Tuỳ chọn:" in text
    assert english_words(text) == [], text
    assert re.search(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", text.lower())
    if path:  # every command (not the group itself) shows how it is used
        examples = text.split("Ví dụ:", 1)
        assert len(examples) == 2, f"no examples in vanthu {' '.join(path)} --help"
        lines = [ln.strip() for ln in examples[1].splitlines() if ln.strip()]
        assert any(ln.startswith("vanthu " + " ".join(path)) or
                   (ln.startswith("echo ") and "vanthu " + " ".join(path) in ln)
                   for ln in lines), examples[1]


def test_every_option_has_vietnamese_help() -> None:
    """No option without help text: an option nobody explains is an option nobody uses."""
    missing = [f"{' '.join(path)} {p.opts[0]}" for path, cmd in COMMANDS for p in cmd.params
               if isinstance(p, click.Option) and not p.help]
    assert missing == []


def test_the_word_check_catches_english() -> None:
    """The check above can fail: English help text is found, what a user types is not."""
    assert english_words("  --db URL  Database: a SQLite file path or a URL.") == [
        "Database", "file", "path", "or"]
    assert english_words("  --status [open|done|overdue]  Chỉ nhiệm vụ chưa xong (open).") == []
    assert english_words("  vanthu done 55 --by \"Nguyễn Văn A\"") == []


@pytest.mark.parametrize(("args", "expected"), [
    (["obligations", "--statu", "open"], "Không có tuỳ chọn '--statu'"),
    (["obligations", "--status", "xong"], "Giá trị không hợp lệ cho '--status'"),
    (["deadlines", "--as-of", "31/02/2025"], "ngày không hợp lệ"),
    (["deadlines", "--within", "mai"], "khoảng thời gian không hợp lệ"),
    (["done"], "Thiếu tham số 'MÃ'"),
    (["done", "abc"], "không phải là số hợp lệ"),
    (["khong-co"], "Không có lệnh 'khong-co'"),
    (["extract", "a.txt", "b.txt"], "nhiều tệp cần --out"),
    (["refs", "490", "--cites", "--cited-by"], "Chỉ chọn một trong hai"),
    (["search", "x", "--limit", "0"], "nằm ngoài khoảng"),
])
def test_usage_errors_are_vietnamese(args: list[str], expected: str) -> None:
    result = CliRunner().invoke(cli, args, prog_name="vanthu")
    assert result.exit_code == 2, result.output
    assert "Lỗi: " in result.output and expected in result.output, result.output
    assert "Xem hướng dẫn: 'vanthu" in result.output
    assert english_words(result.output.replace("Cách dùng:", "")) == [], result.output
