"""A gold folder behind ``vanthu eval GOLD_DIR``: its documents, its parts and its floors.

A gold folder holds ``NAME.json`` answers; the documents they answer are found beside them
in ``GOLD_DIR/texts/`` (any format ``vanthu extract`` reads), else in a folder given. An
optional ``GOLD_DIR/split.json`` divides the files into a *tune* part (look at its misses
while developing) and a held-out *check* part::

    {"about": "...", "unlisted": "check", "tune": [NAME, ...], "check": [NAME, ...]}

A file listed in neither list belongs to the ``unlisted`` part (``check`` when the key is
absent), so a gold file added later is held out until someone moves it to ``tune``.

Each document is scored on its own (:class:`DocResult`: the scorer's counts, misses and
facts); a part's table is the sum of its documents' counts, which is exactly the table the
outside scorer prints for those files. Pure functions apart from reading the folder.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from extractors.readers import FORMATS

from .evaluate import FactKey, Facts, Json, Table, Tally, score_doc

SPLIT_FILE = "split.json"
TEXTS_DIR = "texts"
PARTS = ("tune", "check")
ALL = "all"
# .txt first (the common case), then every other format the readers know
DOCUMENT_EXTS = (".txt", *sorted(e for e in FORMATS if e != ".txt"))
Floors = dict[str, dict[str, dict[str, float]]]  # gold folder -> part -> field -> F1 floor


class SplitError(ValueError):
    """split.json is not a valid division of the gold files."""


@dataclass(frozen=True)
class Split:
    tune: frozenset[str]
    check: frozenset[str]
    unlisted: str = "check"

    def part_of(self, name: str) -> str:
        if name in self.tune:
            return "tune"
        if name in self.check:
            return "check"
        return self.unlisted


@dataclass
class DocResult:
    """One gold file compared with its document's extraction."""

    name: str
    gold_sha256: str
    counts: dict[str, list[int]]  # field -> [gold, pred, correct]
    misses: list[str]
    matched: list[FactKey]  # [field, key] of each gold item matched
    extra: list[FactKey]  # [field, key] of each prediction that matched nothing
    document: Path | None = None  # None: no document found (scored as empty)
    error: str | None = None  # the extractor raised (scored as empty)
    part: str = ALL


def parse_split(data: Any) -> Split:
    """The Split in split.json's parsed content; SplitError when it is malformed."""
    if not isinstance(data, dict):
        raise SplitError("split.json must be an object")
    lists = {}
    for part in PARTS:
        names = data.get(part, [])
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise SplitError(f"split.json: {part!r} must be a list of gold file names")
        lists[part] = frozenset(names)
    both = sorted(lists["tune"] & lists["check"])
    if both:
        raise SplitError(f"split.json: in both tune and check: {', '.join(both)}")
    unlisted = data.get("unlisted", "check")
    if unlisted not in PARTS:
        raise SplitError(f"split.json: 'unlisted' must be one of {', '.join(PARTS)}")
    return Split(lists["tune"], lists["check"], unlisted)


def load_split(gold_dir: Path) -> Split | None:
    """GOLD_DIR/split.json, or None when the folder has none."""
    path = gold_dir / SPLIT_FILE
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise SplitError(f"{path}: {e}") from e
    return parse_split(data)


def gold_files(gold_dir: Path) -> list[Path]:
    """The answers in a gold folder (split.json is not one)."""
    return sorted(p for p in gold_dir.glob("*.json") if p.name != SPLIT_FILE)


def documents_dir(gold_dir: Path, given: Path | None, default: Path) -> Path:
    """Where the documents are: the folder given, else GOLD_DIR/texts, else ``default``."""
    if given is not None:
        return given
    texts = gold_dir / TEXTS_DIR
    return texts if texts.is_dir() else default


def find_document(folder: Path, name: str) -> Path | None:
    """The document a gold file ``NAME.json`` answers: folder/NAME.txt, else NAME with any
    other extension ``vanthu extract`` reads (.pdf, .docx, .html, …)."""
    for ext in DOCUMENT_EXTS:
        p = folder / (name + ext)
        if p.is_file():
            return p
    return None


def score_one(gold_file: Path, folder: Path, extract_path: Callable[[Path], Json],
              part: str = ALL) -> DocResult:
    """Extract the document of one gold file and score it. A missing document or an
    exception scores as an empty prediction, as in score.py; the prediction goes through
    JSON first so it is exactly what ``vanthu extract --json`` prints."""
    raw = gold_file.read_bytes()
    gold = json.loads(raw.decode("utf-8"))
    doc = find_document(folder, gold_file.stem)
    pred, error = None, None
    if doc is not None:
        try:
            pred = json.loads(json.dumps(extract_path(doc), ensure_ascii=False))
        except Exception as e:  # noqa: BLE001 - recorded and scored as empty, never fatal
            error = f"{type(e).__name__}: {e}"
    t, misses, facts = Tally(), [], Facts()
    score_doc(gold, pred, t, misses, gold_file.stem, facts)
    return DocResult(gold_file.stem, hashlib.sha256(raw).hexdigest(), t.rows, misses,
                     facts.matched, facts.extra, doc, error, part)


def score_documents(gold_dir: Path, folder: Path, extract_path: Callable[[Path], Json],
                    split: Split | None = None) -> list[DocResult]:
    """Every gold file of ``gold_dir`` scored against its document in ``folder``."""
    return [score_one(gf, folder, extract_path, split.part_of(gf.stem) if split else ALL)
            for gf in gold_files(gold_dir)]


def sum_table(results: Iterable[DocResult]) -> Table:
    """The scorer's table over these documents (fields in the scorer's order)."""
    t = Tally()
    for r in results:
        for f, (g, p, c) in r.counts.items():
            t.add(f, g, p, c)
    return t.table()


def part_names(split: Split | None) -> tuple[str, ...]:
    return (*PARTS, ALL) if split is not None else (ALL,)


def in_part(results: Iterable[DocResult], part: str) -> list[DocResult]:
    return [r for r in results if part == ALL or r.part == part]


def tables_by_part(results: list[DocResult], split: Split | None) -> dict[str, Table]:
    """One table per part and one for all (only ``all`` without a split)."""
    return {part: sum_table(in_part(results, part)) for part in part_names(split)}


def score_gold(gold_dir: Path, folder: Path,
               extract_path: Callable[[Path], Json]) -> tuple[Table, list[str], list[str]]:
    """score.py's view of a gold folder: (table, misses, names of gold files without a
    document)."""
    results = score_documents(gold_dir, folder, extract_path)
    misses = [m for r in results for m in r.misses]
    return sum_table(results), misses, [r.name for r in results if r.document is None]


# --- floors ----------------------------------------------------------------------------------

def floors_from(table: Table) -> dict[str, float]:
    """Per-field F1 floors: the current score rounded down to 2 decimals."""
    return {f: int(round(r["f1"] * 1000)) // 10 / 100 for f, r in table.items()}


def read_floors(text: str) -> Floors:
    """tests/eval_floors.json as {gold folder: {part: {field: floor}}}. The first layout
    (one ``f1`` map, for tests/gold) is read as tests/gold's ``all`` part."""
    data = json.loads(text)
    if "floors" in data:
        floors: Floors = data["floors"]
        return floors
    return {"tests/gold": {ALL: data["f1"]}}


def below_floors(table: Table, floors: dict[str, float], where: str = "") -> list[str]:
    """One line per field whose F1 fell under its floor (a field gone from the table is 0),
    naming the field, the part (``where``), the score and the floor."""
    out = []
    for f, floor in floors.items():
        f1 = table.get(f, {}).get("f1", 0.0)
        if f1 < floor:
            at = f" ({where})" if where else ""
            out.append(f"{f}{at}: F1 {f1:.3f} is below its floor {floor:.2f}")
    return out


def part_members(names: Iterable[str], split: Split | None) -> dict[str, frozenset[str]]:
    """The gold file names in each part (and ``all``) of a folder."""
    names = frozenset(names)
    if split is None:
        return {ALL: names}
    return {ALL: names, **{part: frozenset(n for n in names if split.part_of(n) == part)
                           for part in PARTS}}


def lowered_floors(committed: Floors, now: Floors,
                   same_documents: Callable[[str, str], bool] | None = None) -> list[str]:
    """Floors of ``committed`` that ``now`` lowers or drops (floors only ever rise).
    ``same_documents(gold, part)`` says whether a part still holds the documents it held when
    ``committed`` was written; a part whose documents changed (a held-out part rotated into
    tuning, new gold added) has new floors, set from its new scores, and is not compared."""
    out = []
    for gold, parts in committed.items():
        for part, fields in parts.items():
            if same_documents is not None and not same_documents(gold, part):
                continue
            for f, floor in fields.items():
                new = now.get(gold, {}).get(part, {}).get(f)
                if new is None or new < floor:
                    out.append(f"{gold} [{part}] {f}: {floor:.2f} -> {new}")
    return out
