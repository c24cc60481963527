"""Fuzzing (issue 16): 240 generated bad files across every reader (benchmarks/fuzz_files.py)
shuffled among good ones, ingested on SQLite and PostgreSQL. Every bad file fails with a
clear reason and a kept copy, no good file is lost, peak memory stays under 1.5 GB, no
file takes long. And hypothesis on the normalisers and parsers: any text in, no crash."""
from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select

from inbox_helpers import ingest_plain
from models.documents import Document

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.fuzz_files import write_inbox  # noqa: E402

BAD_FILES = 240
PEAK_MB = 1536
SLOWEST_S = 60


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, workers) / 1024


def test_fuzzed_inbox(engine: Engine, db_url: str, tmp_path: Path) -> None:
    good, bad = write_inbox(tmp_path / "in", BAD_FILES)
    keep = tmp_path / "q"
    done_at: list[tuple[str, float]] = []
    from pipelines import files

    original = files.ingest_files

    def timed(todo, engine, keep_dir, on_done=None):  # type: ignore[no-untyped-def]
        return original(todo, engine, keep_dir,
                        lambda r: done_at.append((r.path, time.monotonic())))

    started = time.monotonic()
    files.ingest_files = timed
    try:
        report = ingest_plain(engine, [tmp_path / "in"], keep)
    finally:
        files.ingest_files = original
    took = time.monotonic() - started

    failed = {Path(f.path).name: f for f in report.failures}
    assert not {p.name for p in good} & set(failed), "a good file was lost"
    with engine.connect() as conn:
        stored = {Path(p).name for p in conn.scalars(select(Document.path))}
    assert {p.name for p in good} <= stored
    for name, f in failed.items():
        assert f.code and f.message_vi and f.detail, name
        assert f.kept_path and Path(f.kept_path).is_file(), f"{name}: no copy kept"
    assert {p.name for p in bad} <= set(failed), "a bad file was stored as a document"
    assert report.total == len(good) + len(bad)
    assert len(failed) >= 200

    steps, last = [], started
    for path, at in done_at:
        steps.append((at - last, Path(path).name))
        last = at
    slowest = max(steps)
    peak = _peak_mb()
    figures = {"database": engine.dialect.name, "files": len(good) + len(bad), "bad": len(bad),
               "failed": len(failed), "stored": len(stored), "seconds": round(took, 1),
               "slowest_file": slowest[1], "slowest_s": round(slowest[0], 2),
               "peak_mb": round(peak), "codes": sorted({f.code for f in failed.values()})}
    print("\nFUZZ " + json.dumps(figures, ensure_ascii=False))
    assert peak <= PEAK_MB, figures
    assert slowest[0] <= SLOWEST_S, figures


_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=400)
_FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_FUZZ
@given(_TEXT)
def test_normalise_and_extract_any_text(text: str) -> None:
    from extractors import extract_text
    from extractors.normalize import canon_text, normalize

    assert isinstance(normalize(text), str) and isinstance(canon_text(text), str)
    data = extract_text(text)
    assert data["schema"] == "vanthu.extract/1"


@_FUZZ
@given(st.binary(max_size=600))
def test_decode_any_bytes(data: bytes) -> None:
    from extractors.errors import BadEncoding
    from extractors.readers import decode_text

    try:
        assert isinstance(decode_text(data, "x.txt"), str)
    except BadEncoding:
        pass


@_FUZZ
@given(st.text(alphabet="0123456789.,; tỷtriệuđồngnghìnmộthaiba", max_size=60))
def test_money_parsers_take_any_text(text: str) -> None:
    from extractors.money import extract_funding, parse_number
    from extractors.money_words import parse_amount_words

    parse_number(text) if text.strip() else None
    parse_amount_words(text)
    extract_funding(text)


@pytest.mark.parametrize("text", ["", "\x00", "Số: 99999999999999999999999/QĐ-UBND", "ngày 99/99/9999"])
def test_odd_headers_do_not_crash(text: str) -> None:
    from extractors import extract_text

    assert extract_text(text)["document"] is not None
