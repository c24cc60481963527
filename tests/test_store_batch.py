"""Storing a batch of extractions in one transaction (models.save_extractions, what the
ingest flow's writer does) stores exactly what storing them one by one stores, and a
document that cannot be stored is left out alone, with the others kept."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from extractors import extract, read_file
from extractors.lexicon import data_dir
from models import connect, save_extraction, save_extractions

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from db_contents import contents  # noqa: E402


def samples() -> list[tuple[Any, dict[str, Any]]]:
    out = []
    for path in sorted((data_dir() / "samples").glob("*.txt")):
        source = read_file(str(path))
        out.append((source, extract(source)))
    return out


def test_a_batch_stores_what_one_by_one_stores(tmp_path: Path) -> None:
    items = samples()
    one, batch = f"sqlite:///{tmp_path / 'one.db'}", f"sqlite:///{tmp_path / 'batch.db'}"
    engine = connect(one)
    expected = [save_extraction(engine, source, data)[1] for source, data in items]
    engine.dispose()
    engine = connect(batch)
    # a document whose data cannot be stored, in the middle: rolled back alone
    broken = (items[0][0].__class__(**{**items[0][0].__dict__, "path": "/x/hong.txt",
                                       "sha256": "0" * 64}), {"document": "not a mapping"})
    results = save_extractions(engine, [*items[:2], broken, *items[2:]])
    assert isinstance(results[2], Exception)
    assert [r[1] for r in results[:2] + results[3:]] == expected == ["ingested"] * 5
    # a second copy in the same batch is skipped, as it is one by one
    again = save_extractions(engine, items[:1])
    engine.dispose()
    assert again[0][1] == "skipped"  # type: ignore[index]
    stored, reference = contents(batch), contents(one)
    assert len(stored["documents"]) == 5 and stored["doc_references"]
    assert stored == reference
