"""``vanthu eval``: accuracy against gold files, or fill rates over a corpus without gold.

A developer command (English output). The work is done by :mod:`vanthu.evaluate` and
:mod:`vanthu.eval_corpus`; this module only parses options and prints.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click


def _print_json(payload: Any) -> None:
    click.echo(json.dumps(payload, ensure_ascii=False, indent=1))


def _run_gold(gold_dir: Path, samples: Path | None, as_json: bool, verbose: bool) -> None:
    from extractors import extract_file
    from extractors.lexicon import data_dir
    from vanthu.evaluate import format_table, score_gold

    samples = samples or data_dir() / "samples"
    if not any(gold_dir.glob("*.json")):
        raise click.UsageError(f"no gold files (*.json) in {gold_dir}")
    table, misses, missing = score_gold(gold_dir, samples, extract_file)
    if as_json:
        payload: dict[str, Any] = {"table": table, "missing_documents": missing}
        if verbose:
            payload["misses"] = misses
        _print_json(payload)
        return
    for line in format_table(table):
        click.echo(line)
    for name in missing:
        click.echo(f"no document for gold {name} in {samples} (scored as empty)", err=True)
    if verbose:
        click.echo("\n".join(misses))


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


@click.command("eval")
@click.argument("gold_dir", required=False, type=click.Path(exists=True, file_okay=False,
                                                            path_type=Path))
@click.option("--samples", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of the documents the gold files answer (NAME.json ↔ "
                   "NAME.txt/.docx/.pdf); default: the bundled data/samples.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("-v", "--verbose", is_flag=True, help="Also list every miss (gold mode).")
@click.option("--corpus", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Report fill rates over every .txt/.docx/.pdf under DIR (no gold needed).")
@click.option("--report", "report_path", default="eval-report.json", show_default=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="Where --corpus saves its JSON report (one row per document).")
@click.option("--previous", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="An earlier --corpus report: print what was gained and lost since.")
@click.option("--limit", type=click.IntRange(1), help="Only the first N corpus documents.")
def eval_cmd(gold_dir: Path | None, samples: Path | None, as_json: bool, verbose: bool,
             corpus: Path | None, report_path: Path, previous: Path | None,
             limit: int | None) -> None:
    """Measure extraction: score against gold files, or fill rates over a corpus.

    GOLD_DIR mode: extract every document that has a gold file GOLD_DIR/NAME.json and print
    precision, recall and F1 per field, with the rules of shared/tools/score.py.

    --corpus mode: extract every document under DIR, print which header fields were found,
    how many facts, doc_type agreement with the number's type code (and with MANIFEST.tsv's
    doc_type_guess when there is one), and any exception; save the JSON report; with
    --previous, list the documents whose number, date, issuer or fact counts changed.
    """
    if (gold_dir is None) == (corpus is None):
        raise click.UsageError("give either GOLD_DIR or --corpus DIR")
    if corpus is not None:
        _run_corpus(corpus, report_path, previous, limit, as_json)
    else:
        assert gold_dir is not None
        _run_gold(gold_dir, samples, as_json, verbose)
    sys.stdout.flush()
