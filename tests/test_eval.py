"""``vanthu eval``: the gold scores against their floors, agreement with the outside scorer,
and the corpus report (fill rates, exceptions, gained/lost) on a tiny corpus made here."""
from __future__ import annotations

import importlib.util
import json
import subprocess
import warnings
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from extractors import extract_file
from vanthu import eval_corpus
from vanthu.cli import cli
from vanthu.eval_corpus import changed_paths, diff_reports, format_diff, read_manifest
from vanthu.eval_gold import (below_floors, floors_from, gold_files, load_split,
                              lowered_floors, parse_split, part_members, read_floors,
                              score_gold)
from vanthu.evaluate import norm, norm_number, str_match

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"
SAMPLES = ROOT / "data" / "samples"
FLOORS_FILE = ROOT / "tests" / "eval_floors.json"
# the project's scorer sits in shared/ beside the checkout (or beside a worktree's parent)
OUTSIDE_SCORER = next((d / "shared" / "tools" / "score.py" for d in ROOT.parents
                       if (d / "shared" / "tools" / "score.py").is_file()), ROOT / "absent")
RAISE_HINT = ("scores rose: raise the floors in tests/eval_floors.json to the new F1 rounded "
              "down to 2 decimals (floors only ever rise)")


def invoke(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def floors(text: str | None = None) -> dict[str, float]:
    """tests/gold's floors (the five samples, one part)."""
    return read_floors(text if text is not None else FLOORS_FILE.read_text("utf-8"))[
        "tests/gold"]["all"]


@pytest.fixture(scope="module")
def gold_table() -> dict[str, Any]:
    result = invoke("eval", str(GOLD), "--samples", str(SAMPLES), "--json")
    assert result.exit_code == 0, result.output
    table: dict[str, Any] = json.loads(result.output)["table"]
    return table


# --- gold mode -------------------------------------------------------------------------------

def test_gold_scores_meet_their_floors(gold_table: dict[str, Any]) -> None:
    assert set(floors()) == set(gold_table), "every scored field needs a floor"
    fallen = below_floors(gold_table, floors(), "tests/gold, part all")
    assert not fallen, "extraction got worse on tests/gold:\n" + "\n".join(fallen)
    risen = {f: v for f, v in floors_from(gold_table).items() if v > floors()[f]}
    if risen:
        warnings.warn(f"{RAISE_HINT}: {risen}", stacklevel=1)


def test_floors_never_fall_below_the_committed_ones() -> None:
    try:
        committed = subprocess.run(["git", "show", "HEAD:tests/eval_floors.json"], cwd=ROOT,
                                   capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        pytest.skip("git is not available")
    if committed.returncode != 0:
        pytest.skip("tests/eval_floors.json is not committed yet")
    now = read_floors(FLOORS_FILE.read_text("utf-8"))
    then = read_floors(committed.stdout)

    def same_documents(gold: str, part: str) -> bool:
        return members_at("HEAD", gold).get(part) == members_now(gold).get(part)
    lowered = lowered_floors(then, now, same_documents)
    assert not lowered, "floors were lowered (committed -> now):\n" + "\n".join(lowered)


def members_now(gold: str) -> dict[str, frozenset[str]]:
    folder = ROOT / gold
    return part_members((p.stem for p in gold_files(folder)), load_split(folder))


def members_at(ref: str, gold: str) -> dict[str, frozenset[str]]:
    """The gold files of each part of ``gold`` as committed at ``ref``."""
    listed = subprocess.run(["git", "ls-tree", "--name-only", ref, gold + "/"], cwd=ROOT,
                            capture_output=True, text=True, timeout=30).stdout.split()
    names = [Path(n).stem for n in listed if n.endswith(".json") and not n.endswith(
        "/split.json")]
    split_text = subprocess.run(["git", "show", f"{ref}:{gold}/split.json"], cwd=ROOT,
                                capture_output=True, text=True, timeout=30)
    split = parse_split(json.loads(split_text.stdout)) if split_text.returncode == 0 else None
    return part_members(names, split)


def test_a_part_whose_documents_changed_gets_new_floors() -> None:
    committed = {"tests/gold/dev": {"check": {"obligations": 0.73}, "tune": {"funding": 1.0}}}
    now = {"tests/gold/dev": {"check": {"obligations": 0.5}, "tune": {"funding": 0.9}}}
    rotated = lowered_floors(committed, now, lambda gold, part: part != "check")
    assert rotated == ["tests/gold/dev [tune] funding: 1.00 -> 0.9"]
    split = parse_split({"tune": ["a"], "unlisted": "check"})
    assert part_members(["a", "b", "c"], split) == {
        "all": frozenset("abc"), "tune": frozenset("a"), "check": frozenset("bc")}


def test_floors_of_the_first_layout_are_read() -> None:
    """The committed file may still have the first layout (tests/gold's map under "f1")."""
    old = json.dumps({"about": "", "f1": {"references": 1.0}})
    assert read_floors(old) == {"tests/gold": {"all": {"references": 1.0}}}
    new = {"tests/gold": {"all": {"references": 1.0}}, "tests/gold/dev": {"tune": {"funding": 0.9}}}
    assert lowered_floors(read_floors(old), new) == []
    assert lowered_floors(new, {"tests/gold": {"all": {"references": 0.99}}}) == [
        "tests/gold [all] references: 1.00 -> 0.99", "tests/gold/dev [tune] funding: 0.90 -> None"]


def test_table_output(gold_table: dict[str, Any]) -> None:
    result = invoke("eval", str(GOLD))
    lines = result.output.splitlines()
    assert lines[0].split() == ["field", "gold", "pred", "ok", "P", "R", "F1"]
    assert [line.split()[0] for line in lines[1:]] == list(gold_table)
    number = next(line for line in lines if line.startswith("document.number "))
    assert number.split()[-1] == f"{gold_table['document.number']['f1']:.3f}"


def test_json_output_has_every_field(gold_table: dict[str, Any]) -> None:
    for field in ["document.doc_type", "document.number", "document.issuer", "document.signer",
                  "references", "deadlines", "obligations", "targets", "funding"]:
        assert set(gold_table[field]) == {"gold", "pred", "correct", "precision", "recall", "f1"}
    verbose = json.loads(invoke("eval", str(GOLD), "--json", "-v").output)
    assert verbose["missing_documents"] == [] and isinstance(verbose["misses"], list)


def test_missing_document_scores_zero(tmp_path: Path) -> None:
    (tmp_path / "nothing_here.json").write_text(json.dumps(
        {"document": {"number": "1/KH-UBND"}}), encoding="utf-8")
    table, misses, missing = score_gold(tmp_path, SAMPLES, extract_file)
    assert missing == ["nothing_here"]
    assert table["document.number"] == {"gold": 1, "pred": 0, "correct": 0, "precision": 0.0,
                                        "recall": 0.0, "f1": 0.0}


@pytest.mark.skipif(not OUTSIDE_SCORER.is_file(), reason="shared/tools/score.py not beside")
def test_same_result_as_the_outside_scorer(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("outside_score", OUTSIDE_SCORER)
    assert spec and spec.loader
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    tally: Any = score.Tally()
    theirs: list[str] = []
    for gf in sorted(GOLD.glob("*.json")):
        pred = json.loads(json.dumps(extract_file(SAMPLES / (gf.stem + ".txt"))))
        score.score_doc(json.loads(gf.read_text("utf-8")), pred, tally, theirs, gf.stem)
    table, ours, _ = score_gold(GOLD, SAMPLES, extract_file)
    assert table == tally.table()
    assert ours == theirs


@pytest.mark.parametrize(("gold", "pred", "fuzzy", "same"), [
    ("Ủy ban nhân dân huyện Kbang", "UỶ BAN NHÂN DÂN HUYỆN KBANG", False, True),
    ("Thanh Hóa", "Thanh Hoá", False, True),
    (["UBND huyện Kbang", "Ủy ban nhân dân huyện Kbang"], "ubnd huyện kbang.", False, True),
    ("Sở Tài chính", "Sở Tài nguyên", False, False),
    ("Tiến độ thực hiện Chương trình OCOP năm 2020", "Tiến độ thực hiện Chương trình OCOP",
     True, True),
], ids=["case-and-uy", "hoa-accent", "alternatives", "different", "fuzzy-subject"])
def test_string_matching(gold: Any, pred: str, fuzzy: bool, same: bool) -> None:
    assert str_match(gold, pred, fuzzy=fuzzy) is same


def test_number_normalisation() -> None:
    assert norm_number("298 /BC–UBND") == norm_number("298/bc-ubnd") == "298/bc-ubnd"
    assert norm(["first", "second"]) == "first" and norm([]) is None


# --- corpus mode -----------------------------------------------------------------------------

PLAN = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NGÃI
Số: 12/KH-UBND
Quảng Ngãi, ngày 05 tháng 3 năm 2020

KẾ HOẠCH
Triển khai Chương trình mỗi xã một sản phẩm năm 2020

Thực hiện Quyết định số 490/QĐ-TTg ngày 07/5/2018 của Thủ tướng Chính phủ.

KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Trần Văn An
"""
MISTYPED = """BỘ TÀI CHÍNH
Số: 45/QĐ-BTC
Hà Nội, ngày 1 tháng 2 năm 2021
KẾ HOẠCH
Kiểm tra quyết toán
"""
LETTER = """SỞ TÀI CHÍNH
Số: 878/STC-NS
V/v báo cáo quyết toán năm 2020
Kính gửi: UBND các huyện

Đề nghị các huyện gửi báo cáo theo Công văn số 12/STC-NS và Công văn số 13/STC-NS.
"""


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "a_plan.txt").write_text(PLAN, encoding="utf-8")
    (root / "b_mistyped.txt").write_text(MISTYPED, encoding="utf-8")
    (root / "c_boom.txt").write_text(PLAN, encoding="utf-8")
    (root / "d_empty.txt").write_text("", encoding="utf-8")
    (root / "sub" / "e_letter.txt").write_text(LETTER, encoding="utf-8")
    (root / "README.md").write_text("# not a document\n", encoding="utf-8")
    (root / "MANIFEST.tsv").write_text(
        "file\tbytes\tdoc_type_guess\na_plan.txt\t1\tke_hoach\nb_mistyped.txt\t1\tquyet_dinh\n"
        "sub/e_letter.txt\t1\tcong_van\nd_empty.txt\t0\tphap_lenh\n", encoding="utf-8")

    def extract_or_raise(path: Path) -> dict[str, Any]:
        if path.name == "c_boom.txt":
            raise RuntimeError("extractor bug")
        return extract_file(path)

    monkeypatch.setattr(eval_corpus, "extract_file", extract_or_raise)
    return root


def test_corpus_fill_rates_and_exceptions(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = invoke("eval", "--corpus", str(corpus), "--report", str(out))
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text("utf-8"))
    assert report["documents"] == 5
    assert [r["path"] for r in report["rows"]] == [
        "a_plan.txt", "b_mistyped.txt", "c_boom.txt", "d_empty.txt", "sub/e_letter.txt"]
    rates = {f: v["found"] for f, v in report["fill"].items()}
    assert rates == {"number": 3, "issued_on": 2, "issuer": 3, "doc_type": 3, "signer": 1,
                     "subject": 3, "place": 2}
    assert report["fill"]["number"]["rate"] == 0.6
    assert report["fill"]["number"]["rate_read"] == 1.0
    errors = {e["path"]: e["error"] for e in report["exceptions"]}
    assert errors["c_boom.txt"] == "RuntimeError: extractor bug"
    assert errors["d_empty.txt"].startswith("EmptyFile")
    assert report["counts"]["references"] == {"total": 3, "documents": 2}
    symbol = report["doc_type_vs_symbol"]
    assert (symbol["checked"], symbol["agree"]) == (2, 1)
    assert symbol["disagreements"] == [{"path": "b_mistyped.txt", "number": "45/QĐ-BTC",
                                        "doc_type": "ke_hoach", "symbol_type": ["quyet_dinh"]}]
    manifest = report["doc_type_vs_manifest"]
    assert (manifest["checked"], manifest["agree"]) == (3, 2)
    assert "60.0%" in result.output and "c_boom.txt: RuntimeError: extractor bug" in result.output


def test_corpus_limit_and_json(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    result = invoke("eval", "--corpus", str(corpus), "--limit", "2", "--report", str(out),
                    "--json")
    payload = json.loads(result.output)
    assert payload["report"]["documents"] == 2 and "rows" not in payload["report"]
    assert payload["diff"] is None and payload["saved"] == str(out)


def test_manifest_maps_types_without_a_code(tmp_path: Path) -> None:
    (tmp_path / "MANIFEST.tsv").write_text(
        "file\tdoc_type_guess\nx.txt\tvan_ban_hop_nhat\ny.txt\tphap_lenh\n"
        "z.txt\tnghi_quyet_lien_tich\nw.txt\tthong_tu_lien_tich\n", encoding="utf-8")
    assert read_manifest(tmp_path) == {"x.txt": "other", "y.txt": "other", "z.txt": "other",
                                       "w.txt": "thong_tu_lien_tich"}


def row(path: str, error: str | None = None, **values: Any) -> dict[str, Any]:
    base = {"path": path, "error": error, "number": None, "issued_on": None, "issuer": None,
            "references": 0, "deadlines": 0, "obligations": 0, "targets": 0, "funding": 0}
    return {**base, **values}


def test_diff_lists_exactly_the_changed_documents(tmp_path: Path) -> None:
    same = row("same.txt", number="1/KH-UBND", issued_on="2020-01-01", issuer="UBND", references=2)
    previous = {"rows": [
        same, row("gets_number.txt"), row("loses_date.txt", issued_on="2020-02-02"),
        row("new_issuer.txt", issuer="Sở Tài chính"), row("more_refs.txt", references=1),
        row("fewer_refs.txt", references=5), row("gone.txt"), row("breaks.txt"),
    ]}
    current = {"rows": [
        same, row("gets_number.txt", number="2/TB-VP"), row("loses_date.txt"),
        row("new_issuer.txt", issuer="Sở Tài chính tỉnh Gia Lai"),
        row("more_refs.txt", references=4), row("fewer_refs.txt", references=3),
        row("breaks.txt", error="RuntimeError: x"), row("added.txt"),
    ]}
    diff = diff_reports(previous, current)
    assert changed_paths(diff) == {"gets_number.txt", "loses_date.txt", "new_issuer.txt",
                                   "more_refs.txt", "fewer_refs.txt", "gone.txt", "breaks.txt",
                                   "added.txt"}
    assert [m["path"] for m in diff["fields"]["number"]["appeared"]] == ["gets_number.txt"]
    assert [m["path"] for m in diff["fields"]["issued_on"]["disappeared"]] == ["loses_date.txt"]
    assert diff["fields"]["issuer"]["changed"] == [{"path": "new_issuer.txt",
                                                    "before": "Sở Tài chính",
                                                    "after": "Sở Tài chính tỉnh Gia Lai"}]
    assert (diff["counts"]["references"]["gained"], diff["counts"]["references"]["lost"]) == (3, 2)
    assert diff["added"] == ["added.txt"] and diff["removed"] == ["gone.txt"]
    assert diff["new_exceptions"] == ["breaks.txt"]
    text = "\n".join(format_diff(diff))
    assert "number: +1 appeared, -0 disappeared, 0 changed" in text
    assert "references: +3 gained, -2 lost in 2 documents" in text
    assert "same.txt" not in text
    assert list(format_diff(diff_reports(current, current)))[-1] == "  no document changed"


def test_previous_report_through_the_command(corpus: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    invoke("eval", "--corpus", str(corpus), "--report", str(first))
    report = json.loads(first.read_text("utf-8"))
    report["rows"][0]["number"] = None
    first.write_text(json.dumps(report), encoding="utf-8")
    result = invoke("eval", "--corpus", str(corpus), "--report", str(second),
                    "--previous", str(first))
    assert "number: +1 appeared" in result.output
    assert "+ a_plan.txt: None -> '12/KH-UBND'" in result.output


def test_help_and_usage() -> None:
    result = invoke("eval", "--help")
    assert result.exit_code == 0 and "--corpus" in result.output
    assert "THƯ_MỤC_ĐÁP_ÁN" in result.output
    assert CliRunner().invoke(cli, ["eval"]).exit_code == 2
    assert CliRunner().invoke(cli, ["eval", str(GOLD), "--corpus", str(GOLD)]).exit_code == 2
