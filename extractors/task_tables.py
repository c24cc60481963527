"""Task tables: the annex of a plan or decision that assigns each task to a unit.

    STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành

Saved web pages and PDFs flatten such a table to one cell after another: on thuvienphapluat
pages each cell is a paragraph of its own (blank lines between cells, the cell's text wrapped),
on vbpl pages each cell is a line. A table is found by its header cells (a number column, and
a "chủ trì" column at least, vocabulary in ``data/obligations.json`` ``task_table``); each row
starts with its number cell. Empty cells are not written, so a row's cells are placed in the
columns by what they hold (a list of units, a time, a task), keeping their order.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from itertools import combinations

from . import rx as re

from . import lexicon
from .unit_lists import read_units

_I = re.I


@dataclass(frozen=True)
class Cell:
    start: int
    end: int
    text: str               # the cell's lines joined with spaces


@dataclass(frozen=True)
class Row:
    number: str
    cells: dict[str, Cell]  # column kind → cell ("task", "lead", "support", "time")
    start: int
    end: int
    columns: tuple[str, ...] = ()   # the table's column kinds

    @property
    def elsewhere(self) -> bool:
        """A row of a table on tasks other documents assigned ("Văn bản giao nhiệm vụ",
        "Kết quả thực hiện" columns): a report on them, not a task of this document."""
        return "elsewhere" in self.columns


@cache
def _columns() -> list[tuple[str, re.Pattern[str]]]:
    d = lexicon.load("obligations.json")["task_table"]
    return [(kind, re.compile(r"(?:" + pattern + r")\s*$", _I)) for kind, pattern in d["columns"].items()]


_NUMBER = re.compile(r"(?:\d{1,3}(?:\.\d{1,2}){0,2}|[IVX]{1,4}|[A-ZĐ])\.?")
_ROW_NUMBER = re.compile(r"\d{1,3}(?:\.\d{1,2}){0,2}\.?")
_TIME = re.compile(r"(?:thường\s+xuyên|hằng\s+|hàng\s+|định\s+kỳ|năm|quý|tháng|ngày|giai\s+đoạn|trước|sau|trong|đến|từ|"
                   r"tuần|liên\s+tục|theo\s+(?:tiến\s+độ|yêu\s+cầu|kế\s+hoạch)|\d{1,2}/\d{4}|(?:19|20)\d\d\b)", _I)
_HAS_HEADER = re.compile(r"^[ \t]*(?:(?:S[ốô]\s+)?T\.?T|STT|Số\s+thứ\s+tự)[ \t]*$", re.I | re.M)
_END = re.compile(r"\s*(?:PHỤ\s+LỤC|Nơi\s+nhận|KẾ\s+HOẠCH\s*$|QUY\s+ĐỊNH\s*$|\[\d+\]\s)")


def _chunks(text: str, start: int, end: int, by_line: bool) -> list[Cell]:
    """Cells: paragraphs separated by blank lines, or single lines (``by_line``)."""
    out: list[Cell] = []
    sep = re.compile(r"\n" if by_line else r"\n[ \t]*\n")
    pos = start
    for m in [*sep.finditer(text, start, end), None]:
        stop = m.start() if m else end
        raw = text[pos:stop]
        if raw.strip():
            s = pos + len(raw) - len(raw.lstrip())
            out.append(Cell(s, pos + len(raw.rstrip()), re.sub(r"\s+", " ", raw.strip())))
        if m is None:
            break
        pos = m.end()
    return out


def _header(cells: list[Cell], i: int) -> list[str] | None:
    """Column kinds of a header that starts at cell ``i`` ("STT", "Nội dung", "Chủ trì" …)."""
    if not re.fullmatch(r"(?:S[ốô]\s+)?T\.?T|STT|Số\s+thứ\s+tự", cells[i].text, _I):
        return None
    kinds: list[str] = []
    for cell in cells[i + 1:i + 12]:
        if _ROW_NUMBER.fullmatch(cell.text) or _NUMBER.fullmatch(cell.text) \
                or re.match(r"(?:[IVX]{1,4}|[A-ZĐ])\.\s", cell.text):
            break                                   # the first row, or a group row ("I. Kinh tế số")
        kind = next((k for k, p in _columns() if p.match(cell.text) and len(cell.text) < 60), None)
        if kind is None:
            return None
        kinds.append(kind)
    return kinds if "lead" in kinds and len(kinds) >= 2 else None


def _looks(kind: str, cell: Cell) -> float:
    """How well a cell fits a column kind (higher is better)."""
    text = cell.text
    words = len(text.split())
    units = read_units(text, 0)
    covered = units is not None and not text[units[0]:].strip(" .;,")
    if kind in ("lead", "support"):
        return 2.0 if covered else 0.5 if units is not None else -1.0
    if kind == "time":
        return 2.0 if _TIME.match(text) and words <= 14 else -1.0
    if kind == "task":
        return 1.0 if words >= 3 and not covered else -0.5
    return 0.0


def _place(kinds: list[str], cells: list[Cell]) -> dict[str, Cell]:
    """Put a row's cells in the columns, in order, where they fit best (empty cells are missing)."""
    if len(cells) >= len(kinds):
        return dict(zip(kinds, cells[:len(kinds)]))
    best, best_score = None, float("-inf")
    for cols in combinations(range(len(kinds)), len(cells)):
        score = sum(_looks(kinds[c], cell) for c, cell in zip(cols, cells))
        if score > best_score:
            best, best_score = cols, score
    return {kinds[c]: cell for c, cell in zip(best or (), cells)}


def task_rows(text: str, by_line: bool) -> list[Row]:
    """Rows of every task table in ``text``, in reading order."""
    if not _HAS_HEADER.search(text):
        return []                                    # no number column: no table (most documents)
    cells = _chunks(text, 0, len(text), by_line)
    rows: list[Row] = []
    i = 0
    while i < len(cells):
        kinds = _header(cells, i)
        if kinds is None:
            i += 1
            continue
        i += 1 + len(kinds)
        current: list[Cell] = []
        number = ""
        while i <= len(cells):
            cell = cells[i] if i < len(cells) else None
            ends = cell is None or _END.match(cell.text) is not None or _header(cells, i) is not None
            boundary = ends or _NUMBER.fullmatch(cell.text) is not None \
                or re.match(r"(?:[IVX]{1,4}|[A-ZĐ])\.\s", cell.text) is not None
            if boundary and current and number:
                placed = _place(kinds, current)
                rows.append(Row(number, placed, current[0].start, current[-1].end, tuple(kinds)))
            if ends:
                break
            if boundary:
                number = cell.text if _ROW_NUMBER.fullmatch(cell.text) else ""   # "I." opens a group
                current = []
            else:
                current.append(cell)
            i += 1
    return rows


# A month, quarter or half-year named inside a longer time cell.
_TIME_IN_CELL = re.compile(r"(?<!\p{L})(?:tháng\s+\d{1,2}|quý\s+[IV]{1,3}|6\s+tháng\s+(?:đầu|cuối)\s+năm)\s*/\s*(?:19|20)\d\d"
                           r"|(?<!\p{L})(?:tháng\s+\d{1,2}|quý\s+[IV]{1,3})\s+năm\s+(?:19|20)\d\d", re.I)


def time_deadline(cell: str, issued_on: str | None) -> dict | None:
    """The deadline a task table's time cell names ("Quý II/2026", "2025 - 2030", "Hàng năm"),
    or None ("Thường xuyên")."""
    from .deadlines import extract_deadlines      # deadlines reads no tables: no cycle at import
    parts = re.split(r"\s*(?:[-–]|\bđến\b)\s*(?=\p{L})", cell.strip())
    if len(parts) > 1:                               # "Quý IV/2025 - Quý II/2026": by the range's end
        last = extract_deadlines(f"trong {parts[-1]}", issued_on)
        if last and last[0]["due"]:
            return last[0]
    found = extract_deadlines(f"trong {cell}", issued_on)
    if found:
        return found[0]
    named = _TIME_IN_CELL.search(cell)                # "Phiên họp tháng 9/2025", "Kỳ họp thứ 10 (tháng 10/2025)"
    if named:
        found = extract_deadlines(f"trong {named.group(0)}", issued_on)
        if found and found[0]["due"]:
            return found[0]
    year = re.fullmatch(r"(?:năm\s+)?(?:(?:19|20)\d\d\s*[-–]\s*)?((?:19|20)\d\d)", cell.strip(), _I)
    if year:                                         # a bare year in the time column: by its end
        return {"due": f"{year.group(1)}-12-31", "kind": "by_year", "rrule": None}
    if re.fullmatch(r"(?:định\s+kỳ\s+)?(?:hằng|hàng)\s+năm\.?", cell.strip(), _I):
        return {"due": None, "kind": "recurring", "rrule": "FREQ=YEARLY"}
    return None


def table_deadlines(text: str, canon: str, rows: list[Row], issued_on: str | None) -> list[dict]:
    """The deadline of each time cell of ``rows`` (read from ``canon``), spanning the cell."""
    out = []
    for row in rows:
        cell = row.cells.get("time") if not row.elsewhere else None
        due = time_deadline(cell.text, issued_on) if cell else None
        if due:
            out.append({"due": due["due"], "kind": due.get("kind", "by_date"), "rrule": due["rrule"],
                        "text": " ".join(text[cell.start:cell.end].split()), "span": [cell.start, cell.end]})
    return out

