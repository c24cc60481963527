"""The development gold (tests/gold/dev) under ``vanthu eval``: its floors per part, its
sources, the split logic, and the baseline's facts gained and lost.

tests/gold/dev is extracted once per module (about 3 s); the command's own behaviour is
tested on a small gold folder made here from two of the samples."""
from __future__ import annotations

import csv
import hashlib
import importlib.util
import json
import shutil
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from extractors import extract_file
from vanthu.cli import cli
from vanthu.eval_baseline import (build_baseline, diff_baseline, dump_baseline, format_diff,
                                  load_baseline)
from vanthu.eval_gold import (DocResult, Split, SplitError, below_floors, find_document,
                              floors_from, gold_files, load_split, parse_split, read_floors,
                              score_documents, tables_by_part)

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "tests" / "gold" / "dev"
GOLD = ROOT / "tests" / "gold"
SAMPLES = ROOT / "data" / "samples"
FLOORS_FILE = ROOT / "tests" / "eval_floors.json"
BASELINE = ROOT / "benchmarks" / "results" / "gold-dev-baseline.json"
OUTSIDE_SCORER = next((d / "shared" / "tools" / "score.py" for d in ROOT.parents
                       if (d / "shared" / "tools" / "score.py").is_file()), ROOT / "absent")


def invoke(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def extracted() -> Callable[[Path], dict[str, Any]]:
    """extract_file, each document once per module."""
    cache: dict[Path, dict[str, Any]] = {}

    def extract(path: Path) -> dict[str, Any]:
        if path not in cache:
            cache[path] = extract_file(path)
        return cache[path]
    return extract


@pytest.fixture(scope="module")
def dev_results(extracted: Callable[[Path], dict[str, Any]]) -> list[DocResult]:
    return score_documents(DEV, DEV / "texts", extracted, load_split(DEV))


# --- tests/gold/dev: floors, sources, parts --------------------------------------------------

def test_dev_scores_meet_their_floors(dev_results: list[DocResult]) -> None:
    assert all(r.document is not None and r.error is None for r in dev_results)
    floors = read_floors(FLOORS_FILE.read_text("utf-8"))["tests/gold/dev"]
    tables = tables_by_part(dev_results, load_split(DEV))
    assert set(floors) == set(tables) == {"tune", "check", "all"}
    fallen, risen = [], {}
    for part, table in tables.items():
        assert set(floors[part]) == set(table), f"every field of part {part} needs a floor"
        fallen += below_floors(table, floors[part], f"tests/gold/dev, part {part}")
        risen.update({f"{part} {f}": v for f, v in floors_from(table).items()
                      if v > floors[part][f]})
    assert not fallen, "extraction got worse on tests/gold/dev:\n" + "\n".join(fallen)
    if risen:
        warnings.warn("scores rose on tests/gold/dev: raise these floors in "
                      f"tests/eval_floors.json (floors only ever rise): {risen}", stacklevel=1)


def test_floor_message_names_field_part_score_and_floor() -> None:
    table = {"obligations": {"f1": 0.412}, "funding": {"f1": 0.95}}
    floors = {"obligations": 0.42, "funding": 0.95, "targets": 0.1}
    assert below_floors(table, floors, "tests/gold/dev, part check") == [
        "obligations (tests/gold/dev, part check): F1 0.412 is below its floor 0.42",
        "targets (tests/gold/dev, part check): F1 0.000 is below its floor 0.10"]
    assert floors_from({"x": {"f1": 0.969}, "y": {"f1": 0.4}}) == {"x": 0.96, "y": 0.4}


@pytest.mark.skipif(not OUTSIDE_SCORER.is_file(), reason="shared/tools/score.py not beside")
def test_dev_tables_are_the_outside_scorers(dev_results: list[DocResult],
                                             extracted: Callable[[Path], dict[str, Any]]) -> None:
    spec = importlib.util.spec_from_file_location("outside_score", OUTSIDE_SCORER)
    assert spec and spec.loader
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    split = load_split(DEV)
    assert split is not None
    for part, table in tables_by_part(dev_results, split).items():
        tally, misses = score.Tally(), []
        for gf in gold_files(DEV):
            if part in ("all", split.part_of(gf.stem)):
                doc = find_document(DEV / "texts", gf.stem)
                assert doc is not None
                pred = json.loads(json.dumps(extracted(doc)))
                score.score_doc(json.loads(gf.read_text("utf-8")), pred, tally, misses, gf.stem)
        assert table == tally.table(), part


def test_every_dev_document_has_its_source_row() -> None:
    with (DEV / "SOURCES.tsv").open(encoding="utf-8", newline="") as fh:
        rows = {r["name"]: r for r in csv.DictReader(fh, delimiter="\t")}
    for gf in gold_files(DEV):
        doc = find_document(DEV / "texts", gf.stem)
        assert doc is not None, f"no document in tests/gold/dev/texts for {gf.name}"
        row = rows.get(gf.stem)
        assert row, f"{gf.stem}: add a row to tests/gold/dev/SOURCES.tsv"
        assert row["document"] == f"texts/{doc.name}"
        assert row["sha256"] == hashlib.sha256(doc.read_bytes()).hexdigest(), gf.stem
        assert row["repo"] and row["path_in_repo"], gf.stem


def test_dev_split_names_only_gold_files() -> None:
    data = json.loads((DEV / "split.json").read_text("utf-8"))
    names = {gf.stem for gf in gold_files(DEV)}
    assert data["unlisted"] == "check" and isinstance(data["about"], str)
    assert set(data["tune"]) <= names and set(data["check"]) <= names
    assert data["check"] and data["tune"]
    assert load_split(DEV) == Split(frozenset(data["tune"]), frozenset(data["check"]))


def test_committed_baseline_is_readable() -> None:
    baseline = load_baseline(BASELINE.read_text("utf-8"))
    assert baseline["gold_dir"] == "tests/gold/dev"
    assert set(baseline["tables"]) == {"tune", "check", "all"}
    assert set(baseline["documents"]) <= {gf.stem for gf in gold_files(DEV)}


# --- split logic ----------------------------------------------------------------------------

@pytest.mark.parametrize(("data", "name", "part"), [
    ({"tune": ["a"], "check": ["b"]}, "a", "tune"),
    ({"tune": ["a"], "check": ["b"]}, "b", "check"),
    ({"tune": ["a"], "check": ["b"]}, "added_later", "check"),
    ({"check": ["b"]}, "a", "check"),
    ({"unlisted": "tune", "check": ["b"]}, "added_later", "tune"),
    ({"unlisted": "tune", "check": ["b"]}, "b", "check"),
], ids=["tune", "check", "unlisted-is-check", "no-tune-list", "unlisted-tune", "check-wins"])
def test_split_part_of(data: dict[str, Any], name: str, part: str) -> None:
    assert parse_split(data).part_of(name) == part


@pytest.mark.parametrize("data", [
    {"tune": ["a"], "check": ["a"]}, {"tune": "a"}, {"check": [1]}, {"unlisted": "all"}, [],
], ids=["in-both", "not-a-list", "not-names", "bad-unlisted", "not-an-object"])
def test_split_errors(data: Any) -> None:
    with pytest.raises(SplitError):
        parse_split(data)


def test_documents_of_any_format_are_found(tmp_path: Path) -> None:
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "page.html").write_text("<p>x</p>")
    (tmp_path / "both.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "both.txt").write_text("x")
    assert find_document(tmp_path, "scan") == tmp_path / "scan.pdf"
    assert find_document(tmp_path, "page") == tmp_path / "page.html"
    assert find_document(tmp_path, "both") == tmp_path / "both.txt"
    assert find_document(tmp_path, "none") is None


# --- the command on a small gold folder ------------------------------------------------------

@pytest.fixture
def small_gold(tmp_path: Path) -> Path:
    """Two sample documents with their gold: one tune, one left unlisted (so check)."""
    root = tmp_path / "gold"
    (root / "texts").mkdir(parents=True)
    tune, check = [g.stem for g in sorted(GOLD.glob("*.json"))[:2]]
    for name in (tune, check):
        shutil.copy(GOLD / f"{name}.json", root)
        shutil.copy(SAMPLES / f"{name}.txt", root / "texts")
    (root / "split.json").write_text(json.dumps({"about": "test", "tune": [tune]}))
    return root


def test_one_table_per_part(small_gold: Path) -> None:
    out = invoke("eval", str(small_gold)).output
    assert [line for line in out.splitlines() if line.startswith("==")] == [
        "== tune (1 documents)", "== check (1 documents)", "== all (2 documents)"]
    only = invoke("eval", str(small_gold), "--part", "check").output.splitlines()
    assert only[0] == "== check (1 documents)" and not any(x.startswith("== ") for x in only[1:])
    payload = json.loads(invoke("eval", str(small_gold), "--json", "--part", "check").output)
    assert set(payload["tables"]) == {"tune", "check", "all"}
    assert payload["documents"] == {"tune": 1, "check": 1, "all": 2}
    assert payload["table"] == payload["tables"]["all"]
    assert CliRunner().invoke(cli, ["eval", str(GOLD), "--part", "tune"]).exit_code == 2


def _change(baseline: dict[str, Any], name: str, kind: str, fact: list[Any] | None,
            drop: bool = False) -> None:
    facts = baseline["documents"][name][kind]
    if drop:
        facts.pop(0)
    else:
        facts.append(fact)


def test_baseline_gained_and_lost(small_gold: Path, tmp_path: Path) -> None:
    saved = tmp_path / "base.json"
    first = invoke("eval", str(small_gold), "--save-baseline", str(saved))
    assert first.exit_code == 0
    baseline = load_baseline(saved.read_text("utf-8"))
    tune, check = sorted(baseline["documents"])
    assert baseline["documents"][tune]["part"] == "tune"
    assert ["document.doc_type", baseline["documents"][tune]["matched"][0][1]] == \
        baseline["documents"][tune]["matched"][0]
    # pretend the baseline missed the tune document's first fact, found one it no longer
    # finds, and predicted a deadline that is gone now; the check document lost a fact
    gained = baseline["documents"][tune]["matched"][0]
    _change(baseline, tune, "matched", None, drop=True)
    baseline["documents"][tune]["counts"]["document.doc_type"] = [1, 1, 0]
    _change(baseline, tune, "matched", ["obligations", ["Sở Tài chính", None, "báo cáo"]])
    _change(baseline, tune, "extra", ["deadlines", ["2020-12-31", None]])
    _change(baseline, check, "matched", ["references", "1/2020/NĐ-CP"])
    saved.write_text(dump_baseline(baseline), encoding="utf-8")

    out = invoke("eval", str(small_gold), "--baseline", str(saved)).output
    doc_type = next(line for line in out.splitlines() if line.startswith("document.doc_type"))
    assert doc_type.split()[-1] == "+1.000"  # tune: F1 0 in the baseline, 1.000 now
    assert out.splitlines()[1].split()[-1] == "ΔF1"
    diff = out[out.index("Gained and lost"):].splitlines()
    assert diff == [
        f"Gained and lost since {saved}, tune part:",
        f"{tune} [tune]",
        f"  + found           document.doc_type {json.dumps(gained[1], ensure_ascii=False)}",
        '  + no longer extra deadlines ["2020-12-31", null]',
        '  - missed          obligations ["Sở Tài chính", null, "báo cáo"]',
        "tune: +2 gained, -1 lost in 1 documents",
        "check: +0 gained, -1 lost in 1 documents (not listed: --part check or --part all)"]
    check_out = invoke("eval", str(small_gold), "--baseline", str(saved), "--part", "check")
    assert '  - missed          references "1/2020/NĐ-CP"' in check_out.output
    same = invoke("eval", str(small_gold), "--baseline", str(small_gold / "split.json"))
    assert same.exit_code == 2  # not a baseline file


def test_diff_counts_repeated_facts_and_new_extras() -> None:
    def result(matched: list[Any], extra: list[Any]) -> DocResult:
        return DocResult("a", "sha", {}, [], matched, extra, part="tune")
    ob = ["obligations", ["UBND", None, "báo cáo"]]
    before = build_baseline([result([ob, ob], [])], None, "g")
    now = [result([ob], [["funding", 5000000]])]
    diff = diff_baseline(load_baseline(dump_baseline(before)), now)
    doc = diff["documents"][0]
    assert doc["gained"] == [] and doc["lost"] == [
        {"how": "missed", "fact": 'obligations ["UBND", null, "báo cáo"]'},
        {"how": "new extra", "fact": "funding 5000000"}]
    text = list(format_diff(diff, "all", "base.json"))
    assert text[-1] == "all: +0 gained, -2 lost in 1 documents"
    unchanged = diff_baseline(before, [result([ob, ob], [])])
    assert unchanged["documents"] == [] and "  no fact gained or lost" in format_diff(
        unchanged, "all", "base.json")


def test_help_documents_parts_and_baselines() -> None:
    text = invoke("eval", "--help").output
    for word in ("--part", "--baseline", "--save-baseline", "split.json", "tests/gold/dev",
                 "THƯ_MỤC_ĐÁP_ÁN/texts"):
        assert word in text
