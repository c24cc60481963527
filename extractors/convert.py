"""Formats read by conversion: .doc/.rtf/.odt through LibreOffice, saved web pages (.htm,
.html) through the standard library's HTML parser.

LibreOffice (``soffice --headless --convert-to docx``) turns the office formats into a
.docx that the DOCX reader reads, so tables and the two-column header come out the same
way. LibreOffice is optional: without it these files are refused with a clear message.

A saved web page keeps its block structure: every paragraph, heading, list item, ``<br>``
and table cell starts a line; a table is read row by row, cell by cell, each cell's lines
followed by a blank line (as the DOCX reader does), so a two-column header never shares a
line. Scripts, styles and the ``<head>`` are dropped.
"""
from __future__ import annotations

import codecs
import os
import re
import shutil
import signal
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

from . import errors, legacy

SOFFICE_TIMEOUT = float(os.environ.get("VANTHU_SOFFICE_TIMEOUT", 120))
SOFFICE_NAMES = ("soffice", "libreoffice")


def find_soffice() -> str | None:
    """The LibreOffice executable: $VANTHU_SOFFICE, else soffice/libreoffice on PATH."""
    configured = os.environ.get("VANTHU_SOFFICE")
    if configured:
        return shutil.which(configured)
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def read_office(path: str | os.PathLike, timeout: float = SOFFICE_TIMEOUT,
                data: bytes | None = None, fmt: str | None = None) -> tuple[str, int | None]:
    """Raw text of a .doc/.rtf/.odt: converted to .docx by LibreOffice, then read as DOCX."""
    from .docx_reader import read_docx

    p = Path(path)
    soffice = find_soffice()
    if soffice is None:
        raise errors.UnsupportedFormat(
            str(p), f"cần LibreOffice (soffice) để đọc tệp {p.suffix.lower()} — "
                    f"LibreOffice is not installed (or set VANTHU_SOFFICE)")
    with tempfile.TemporaryDirectory(prefix="vanthu-soffice-") as tmp:
        work = Path(tmp)
        # A plain ASCII name (LibreOffice and odd file names do not always agree) and a
        # private profile (a running LibreOffice would otherwise swallow the request).
        source = work / f"input{'.' + fmt if fmt else p.suffix.lower()}"   # fmt: as sniffed
        if data is not None:
            source.write_bytes(data)
        else:
            shutil.copyfile(p, source)
        out_dir = work / "out"
        _run_soffice(soffice, source, out_dir, work / "profile", timeout, str(p))
        converted = out_dir / "input.docx"
        if not converted.is_file():
            raise errors.CorruptFile(str(p), "LibreOffice could not convert the file to .docx")
        try:
            text, _ = read_docx(converted)
        except errors.ReadError as e:
            raise type(e)(str(p), f"after conversion by LibreOffice: {e.detail}") from e
    return text, None


def _run_soffice(soffice: str, source: Path, out_dir: Path, profile: Path, timeout: float,
                 shown: str) -> None:
    cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
           "--convert-to", "docx", "--outdir", str(out_dir), str(source)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # soffice starts soffice.bin in its group
        proc.communicate()
        raise errors.ReadError(shown, f"LibreOffice did not finish within {timeout:g} s "
                                      f"(VANTHU_SOFFICE_TIMEOUT)") from None
    if proc.returncode != 0:
        detail = err.decode("utf-8", "replace").strip()[:300]
        raise errors.CorruptFile(shown, f"LibreOffice failed ({proc.returncode}): {detail}")


# --------------------------------------------------------------------------- HTML

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)""", re.I)
_BLOCK = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt",
          "dd", "blockquote", "pre", "hr", "section", "article", "header", "footer", "main",
          "nav", "aside", "address", "center", "form", "fieldset", "figure", "figcaption",
          "caption", "table", "thead", "tbody", "tfoot", "tr", "body", "html"}
_CELL = {"td", "th"}
_DROP = {"script", "style", "head", "title", "noscript", "template", "svg", "object", "iframe"}
_VOID = {"br", "hr", "img", "meta", "link", "input", "col", "area", "base", "wbr", "source"}


class _TextParser(HTMLParser):
    """Collects lines: block tags end the current line, cells end with a blank line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.drop = 0
        self.pre = 0

    def _flush(self) -> None:
        line = "".join(self.current).strip()
        self.current = []
        if line:
            self.lines.append(line)

    def _blank(self) -> None:
        self._flush()
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.drop = 0  # an unclosed <head> ends here
        if tag in _DROP:
            self.drop += tag not in _VOID
        elif self.drop:
            return
        elif tag == "br":
            self._flush()
        elif tag == "table":
            self._blank()
        elif tag in _CELL or tag in _BLOCK:
            self._flush()
        if tag == "pre":
            self.pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.drop and tag in ("br", "hr", "p", "div"):
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP:
            self.drop = max(0, self.drop - 1)
        elif self.drop:
            return
        elif tag in _CELL or tag == "table":
            self._blank()
        elif tag in _BLOCK:
            self._flush()
        if tag == "pre":
            self.pre = max(0, self.pre - 1)

    def handle_data(self, data: str) -> None:
        if self.drop:
            return
        data = data.replace("\xa0", " ")
        if self.pre:
            parts = data.split("\n")
            for part in parts[:-1]:
                self.current.append(part)
                self._flush()
            self.current.append(parts[-1])
        else:
            self.current.append(re.sub(r"\s+", " ", data))

    def text(self) -> str:
        self._flush()
        while self.lines and self.lines[-1] == "":
            self.lines.pop()
        return "\n".join(self.lines)


def html_to_text(markup: str) -> str:
    """The text of an HTML document, one line per block, tables row by row."""
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    return parser.text()


def decode_html(data: bytes, path: str = "") -> str:
    """Bytes of a web page as text: BOM, then <meta charset>, then UTF-8, then a legacy
    Vietnamese encoding, then Windows-1252."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        found = legacy.detect_bytes(data)
        return found[1] if found else data.decode("cp1252", errors="replace")


def read_html(path: str | os.PathLike, data: bytes | None = None) -> tuple[str, int | None]:
    """Raw text of a saved web page; legacy-font text (".VnTime" pages saved by Word) is
    converted when the whole text reads as TCVN3/VNI."""
    markup = decode_html(Path(path).read_bytes() if data is None else data, str(path))
    text = html_to_text(markup)
    found = legacy.detect_text(text)
    return (found[1] if found else text), None
