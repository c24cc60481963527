"""DOCX reader: the text of the main document body, paragraphs and tables in document order.

Vietnamese official documents lay out their header (issuing body + "Số: ..." on the left,
national motto + place/date on the right) and their closing block ("Nơi nhận:" list on the
left, signature on the right) as borderless two-column tables. A table is flattened row by
row and cell by cell: every paragraph of the left cell, a blank line, every paragraph of the
right cell. So the two columns never share a line, whatever their visual alignment.

The body is walked at the XML level rather than through ``Document.iter_inner_content()``:
that method only sees direct ``w:p``/``w:tbl`` children and ``Paragraph.text`` only direct
``w:r``/``w:hyperlink`` children, which silently drops text inside content controls
(``w:sdt``), tracked insertions (``w:ins``), smart tags and simple fields. Walking ``w:tc``
elements directly also visits each merged cell once (python-docx's ``row.cells`` repeats
the same cell object for every grid column or row a merged cell spans).
"""
from __future__ import annotations

import io
import os
import zipfile
from typing import Iterator

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from . import errors, legacy, limits

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

# Block-level wrappers whose content is read as if it were inline: content controls and
# custom XML. ``w:sdt`` keeps its blocks in ``w:sdtContent``.
_BLOCK_WRAPPERS = {_W + "sdt", _W + "sdtContent", _W + "customXml"}
# Run content that is text: w:t verbatim, the others mapped below.
_RUN_TEXT = {_W + "tab": "\t", _W + "ptab": "\t", _W + "br": "\n", _W + "cr": "\n",
             _W + "noBreakHyphen": "-"}
# Subtrees of a paragraph that contribute no inline text: deleted revisions, properties,
# the legacy fallback copy of a drawing (its text box is also in mc:Choice), and text
# boxes, whose paragraphs are emitted as separate lines after the anchoring paragraph.
_SKIP_INLINE = {_W + "del", _W + "moveFrom", _W + "pPr", _W + "rPr", _MC + "Fallback"}
_TEXT_BOX = _W + "txbxContent"


def read_docx(path: str | os.PathLike, data: bytes | None = None) -> tuple[str, int | None]:
    """Raw text of a .docx (normalisation is the caller's job) and None: DOCX has no pages.
    From ``data`` (the file's bytes) when given. Parts that would unpack to more than
    extractors.limits.MAX_UNPACKED are refused from the zip directory, before unpacking."""
    source = io.BytesIO(data) if data is not None else os.fspath(path)
    limits.check_zip(io.BytesIO(data) if data is not None else os.fspath(path), str(path))
    try:
        document = Document(source)
        body = document.element.body
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError) as e:
        raise errors.CorruptFile(str(path), f"not a readable Word document: {e}") from e
    except etree.XMLSyntaxError as e:
        raise errors.CorruptFile(str(path), f"broken XML in the document: {e}") from e
    except ValueError as e:  # python-docx: the main part is not a Word document (e.g. .xlsx)
        raise errors.CorruptFile(str(path), str(e)) from e
    legacy.convert_docx(document)  # runs in ".VnTime"/"VNI-Times" fonts to Unicode
    return "\n".join(_blocks(body)), None


def _blocks(container: etree._Element) -> Iterator[str]:
    """Lines of the paragraphs and tables directly inside a body, cell or text box."""
    for child in container:
        if child.tag == _W + "p":
            yield from _paragraph(child)
        elif child.tag == _W + "tbl":
            yield from _table(child)
        elif child.tag in _BLOCK_WRAPPERS:
            yield from _blocks(child)


def _paragraph(p: etree._Element) -> Iterator[str]:
    """One line per paragraph (line breaks inside it become newlines), then its text boxes."""
    parts: list[str] = []
    boxes: list[etree._Element] = []
    _inline(p, parts, boxes)
    yield "".join(parts)
    for box in boxes:
        yield from _blocks(box)


def _inline(el: etree._Element, parts: list[str], boxes: list[etree._Element]) -> None:
    for child in el:
        tag = child.tag
        if tag == _W + "t":
            parts.append(child.text or "")
        elif tag in _RUN_TEXT:
            parts.append(_RUN_TEXT[tag])
        elif tag == _TEXT_BOX:
            boxes.append(child)
        elif tag not in _SKIP_INLINE and isinstance(tag, str):  # str: skips comments/PIs
            _inline(child, parts, boxes)


def _table(tbl: etree._Element) -> Iterator[str]:
    """A table as lines: cells left to right, rows top to bottom, blank lines between cells.

    The table is set off from the surrounding paragraphs by blank lines. Empty cells and the
    continuation cells of merges (``w:vMerge``/``w:hMerge`` without ``restart``) are skipped.
    """
    yield ""
    for tr in _children(tbl, _W + "tr"):
        for tc in _children(tr, _W + "tc"):
            if _is_merge_continuation(tc):
                continue
            lines = list(_blocks(tc))
            while lines and not lines[-1].strip():
                lines.pop()
            while lines and not lines[0].strip():
                lines.pop(0)
            if lines:
                yield from lines
                yield ""


def _children(el: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Children with ``tag``, looking through content-control / custom-XML wrappers."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in _BLOCK_WRAPPERS:
            yield from _children(child, tag)


def _is_merge_continuation(tc: etree._Element) -> bool:
    tc_pr = tc.find(_W + "tcPr")
    if tc_pr is None:
        return False
    for merge in (tc_pr.find(_W + "vMerge"), tc_pr.find(_W + "hMerge")):
        # An absent w:val means "continue" (ECMA-376 17.4.85).
        if merge is not None and merge.get(_W + "val", "continue") == "continue":
            return True
    return False
