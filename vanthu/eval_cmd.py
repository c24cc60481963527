"""``vanthu eval``: accuracy against gold files, or fill rates over a corpus without gold.

A developer command (English output). The work is done by :mod:`vanthu.evaluate` (the
scorer), :mod:`vanthu.eval_gold` (gold folders, parts, floors), :mod:`vanthu.eval_baseline`
(gained/lost) and :mod:`vanthu.eval_corpus`; this module only parses options and prints.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from vanthu.eval_gold import DocResult, Split


def _print_json(payload: Any) -> None:
    click.echo(json.dumps(payload, ensure_ascii=False, indent=1))


def _gold_run(gold_dir: Path, samples: Path | None) -> tuple[Split | None, list[DocResult], Path]:
    """(split, per-document results, documents folder) for a gold folder."""
    from extractors import extract_file
    from extractors.lexicon import data_dir
    from vanthu.eval_gold import SplitError, documents_dir, gold_files, load_split, score_documents

    if not gold_files(gold_dir):
        raise click.UsageError(f"no gold files (*.json) in {gold_dir}")
    try:
        split = load_split(gold_dir)
    except SplitError as e:
        raise click.UsageError(str(e)) from e
    folder = documents_dir(gold_dir, samples, data_dir() / "samples")
    return split, score_documents(gold_dir, folder, extract_file, split), folder


def _run_gold(gold_dir: Path, samples: Path | None, part: str | None, baseline_path: Path | None,
              save_path: Path | None, as_json: bool, verbose: bool) -> None:
    from vanthu import eval_baseline as eb
    from vanthu.eval_gold import ALL, in_part, part_names, tables_by_part
    from vanthu.evaluate import format_table

    baseline = None
    if baseline_path is not None:  # read it before a --save-baseline to the same file
        try:
            baseline = eb.load_baseline(baseline_path.read_text(encoding="utf-8"))
        except ValueError as e:
            raise click.UsageError(f"{baseline_path}: {e}") from e
    split, results, folder = _gold_run(gold_dir, samples)
    parts = part_names(split)
    if part is not None and part not in parts:
        raise click.UsageError(f"--part {part}: {gold_dir} has no split.json (only 'all')")
    detail = part or ("tune" if split is not None else ALL)  # whose misses/facts are listed
    tables = tables_by_part(results, split)
    deltas = eb.part_deltas(results, split, baseline) if baseline is not None else None
    diff = eb.diff_baseline(baseline, results) if baseline is not None else None
    missing = [r.name for r in results if r.document is None]
    errors = {r.name: r.error for r in results if r.error}
    misses = [m for r in in_part(results, detail) for m in r.misses]
    if save_path is not None:
        save_path.parent.mkdir(parents=True, exist_ok=True)
        save_path.write_text(eb.dump_baseline(eb.build_baseline(results, split, _label(gold_dir))),
                             encoding="utf-8")
    if as_json:
        payload: dict[str, Any] = {
            "table": tables[ALL], "tables": tables,
            "documents": {p: len(in_part(results, p)) for p in parts},
            "missing_documents": missing, "errors": errors}
        if verbose:
            payload["misses"], payload["misses_part"] = misses, detail
        if baseline is not None and deltas is not None and diff is not None:
            payload["baseline"] = {"path": str(baseline_path), "f1_deltas": deltas,
                                   "part": detail, "diff": eb.restrict(diff, detail),
                                   "summary": {p: eb.summary(diff, p) for p in parts}}
        if save_path is not None:
            payload["saved"] = str(save_path)
        _print_json(payload)
        return
    shown = [part] if part is not None else list(parts)
    for p in shown:
        if split is not None:
            click.echo(f"== {p} ({len(in_part(results, p))} documents)")
        for line in format_table(tables[p], deltas[p] if deltas is not None else None):
            click.echo(line)
    for name in missing:
        click.echo(f"no document for gold {name} in {folder} (scored as empty)", err=True)
    for name, error in errors.items():
        click.echo(f"extraction of {name} failed (scored as empty): {error}", err=True)
    if verbose:
        if split is not None:
            click.echo(f"Misses in the {detail} part:")
        click.echo("\n".join(misses))
    if diff is not None:
        for line in eb.format_diff(diff, detail, str(baseline_path)):
            click.echo(line)
    if save_path is not None:
        click.echo(f"Baseline saved to {save_path}", err=True)


def _label(gold_dir: Path) -> str:
    """The gold folder as the baseline names it: relative to here when it can be."""
    try:
        return gold_dir.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return gold_dir.as_posix()


def _run_corpus(corpus: Path, report_path: Path, previous: Path | None, limit: int | None,
                as_json: bool) -> None:
    from vanthu.eval_corpus import (build_report, diff_reports, dump_report, format_diff,
                                    format_report, iter_rows)

    before = json.loads(previous.read_text(encoding="utf-8")) if previous else None
    report = build_report(iter_rows(corpus, limit), str(corpus))
    report_path.write_text(dump_report(report), encoding="utf-8")
    diff = diff_reports(before, report) if before is not None else None
    if as_json:
        summary = {k: v for k, v in report.items() if k != "rows"}
        _print_json({"report": summary, "saved": str(report_path), "diff": diff})
        return
    for line in format_report(report):
        click.echo(line)
    if diff is not None:
        for line in format_diff(diff):
            click.echo(line)
    click.echo(f"Report saved to {report_path}", err=True)


def _folder() -> click.Path:
    return click.Path(exists=True, file_okay=False, path_type=Path)


@click.command("eval")
@click.argument("gold_dir", required=False, type=_folder())
@click.option("--samples", type=_folder(),
              help="Folder of the documents the gold files answer (NAME.json ↔ NAME.txt, "
                   ".pdf, .docx, … any format `vanthu extract` reads); default: GOLD_DIR/texts "
                   "when it exists, else the bundled data/samples.")
@click.option("--part", type=click.Choice(["tune", "check", "all"]),
              help="With a split.json: print only this part's table, and list this part's "
                   "misses (-v) and gained/lost facts (default: every table; lists of the "
                   "tune part).")
@click.option("--baseline", "baseline_path",
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A file written by --save-baseline: add a ΔF1 column to each table and "
                   "list the facts gained and lost since, document by document.")
@click.option("--save-baseline", "save_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write this run (per document: the gold facts matched and the extra "
                   "predictions, as stable keys; and the tables) to FILE.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables (every "
                                                      "part's table).")
@click.option("-v", "--verbose", is_flag=True, help="Also list every miss (gold mode).")
@click.option("--corpus", type=_folder(),
              help="Report fill rates over every .txt/.docx/.pdf under DIR (no gold needed).")
@click.option("--report", "report_path", default="eval-report.json", show_default=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="Where --corpus saves its JSON report (one row per document).")
@click.option("--previous", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="An earlier --corpus report: print what was gained and lost since.")
@click.option("--limit", type=click.IntRange(1), help="Only the first N corpus documents.")
def eval_cmd(gold_dir: Path | None, samples: Path | None, part: str | None,
             baseline_path: Path | None, save_path: Path | None, as_json: bool, verbose: bool,
             corpus: Path | None, report_path: Path, previous: Path | None,
             limit: int | None) -> None:
    """Measure extraction: score against gold files, or fill rates over a corpus.

    GOLD_DIR mode: extract the document of every gold file GOLD_DIR/NAME.json (found in
    GOLD_DIR/texts/ or --samples, any format) and print precision, recall and F1 per field,
    with the rules of shared/tools/score.py. A missing document, or one whose extraction
    fails, scores as empty.

    Parts: when GOLD_DIR has a split.json ({"tune": [NAME…], "check": [NAME…]}; a file in
    neither list is "check", or what its "unlisted" key says), one table is printed per part
    and one for all. Develop on the tune part; check is held out, so -v and the gained/lost
    list show the tune part unless --part says otherwise.

    Baselines: --save-baseline FILE records which gold facts each document matched and
    which predictions were extra; --baseline FILE adds a ΔF1 column and lists, document by
    document, facts gained (+ found, + no longer extra) and lost (- missed, - new extra).

    \b
    Examples:
      vanthu eval tests/gold                      # the five samples (data/samples)
      vanthu eval tests/gold/dev                  # tune, check and all tables
      vanthu eval tests/gold/dev --part tune -v   # the tune part's misses
      vanthu eval tests/gold/dev --baseline benchmarks/results/gold-dev-baseline.json
      vanthu eval tests/gold/dev --save-baseline benchmarks/results/gold-dev-baseline.json

    --corpus mode: extract every document under DIR, print which header fields were found,
    how many facts, doc_type agreement with the number's type code (and with MANIFEST.tsv's
    doc_type_guess when there is one), and any exception; save the JSON report; with
    --previous, list the documents whose number, date, issuer or fact counts changed.
    """
    if (gold_dir is None) == (corpus is None):
        raise click.UsageError("give either GOLD_DIR or --corpus DIR")
    if corpus is not None:
        if part or baseline_path or save_path or samples:
            raise click.UsageError("--part, --baseline, --save-baseline and --samples are for "
                                   "GOLD_DIR mode")
        _run_corpus(corpus, report_path, previous, limit, as_json)
    else:
        assert gold_dir is not None
        _run_gold(gold_dir, samples, part, baseline_path, save_path, as_json, verbose)
    sys.stdout.flush()
