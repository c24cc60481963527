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
        raise click.UsageError(f"không có tệp đáp án (*.json) trong {gold_dir}")
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
        raise click.UsageError(f"--part {part}: {gold_dir} không có split.json (chỉ dùng "
                               "được 'all')")
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


@click.command("eval", epilog="""\b
Ví dụ:
  vanthu eval tests/gold                      # năm văn bản mẫu (data/samples)
  vanthu eval tests/gold/dev                  # bảng tune, check và all
  vanthu eval tests/gold/dev --part tune -v   # các chỗ sai của phần tune
  vanthu eval tests/gold/dev --baseline benchmarks/results/gold-dev-baseline.json
  vanthu eval tests/gold/dev --save-baseline benchmarks/results/gold-dev-baseline.json
  vanthu eval --corpus /work/shared/corpus --limit 100""")
@click.argument("gold_dir", required=False, type=_folder(), metavar="[THƯ_MỤC_ĐÁP_ÁN]")
@click.option("--samples", type=_folder(), metavar="THƯ_MỤC",
              help="Thư mục chứa các văn bản mà tệp đáp án chấm (TÊN.json ↔ TÊN.txt, .pdf, "
                   ".docx, … mọi dạng `vanthu extract` đọc được); mặc định: "
                   "THƯ_MỤC_ĐÁP_ÁN/texts nếu có, nếu không thì data/samples đi kèm.")
@click.option("--part", type=click.Choice(["tune", "check", "all"]),
              help="Khi có split.json: chỉ in bảng của phần này, và liệt kê chỗ sai (-v), dữ "
                   "kiện được/mất của phần này (mặc định: mọi bảng; danh sách của phần tune).")
@click.option("--baseline", "baseline_path", metavar="TỆP",
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Tệp do --save-baseline ghi: thêm cột ΔF1 vào mỗi bảng và liệt kê, theo "
                   "từng văn bản, dữ kiện được và mất so với lần đó.")
@click.option("--save-baseline", "save_path", type=click.Path(dir_okay=False, path_type=Path),
              metavar="TỆP",
              help="Ghi lần chạy này vào TỆP (mỗi văn bản: dữ kiện đáp án khớp và dự đoán "
                   "thừa, dưới dạng khoá ổn định; cùng các bảng).")
@click.option("--json", "as_json", is_flag=True,
              help="In dạng JSON thay cho bảng (bảng của mọi phần).")
@click.option("-v", "--verbose", is_flag=True,
              help="Liệt kê thêm mọi chỗ sai (chế độ đáp án).")
@click.option("--corpus", type=_folder(), metavar="THƯ_MỤC",
              help="Báo cáo tỉ lệ trích xuất được trên mọi tệp .txt/.docx/.pdf trong THƯ_MỤC "
                   "(không cần đáp án).")
@click.option("--report", "report_path", default="eval-report.json", show_default=True,
              type=click.Path(dir_okay=False, path_type=Path), metavar="TỆP",
              help="Nơi --corpus ghi báo cáo JSON (mỗi văn bản một dòng).")
@click.option("--previous", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              metavar="TỆP",
              help="Báo cáo --corpus trước đó: in những gì được và mất so với lần đó.")
@click.option("--limit", type=click.IntRange(1), metavar="N",
              help="Chỉ N văn bản đầu tiên của kho (--corpus).")
def eval_cmd(gold_dir: Path | None, samples: Path | None, part: str | None,
             baseline_path: Path | None, save_path: Path | None, as_json: bool, verbose: bool,
             corpus: Path | None, report_path: Path, previous: Path | None,
             limit: int | None) -> None:
    """Đo chất lượng trích xuất: chấm theo tệp đáp án, hoặc tỉ lệ trích được trên một kho.

    Chế độ đáp án: trích xuất văn bản của từng tệp đáp án THƯ_MỤC_ĐÁP_ÁN/TÊN.json (tìm trong
    THƯ_MỤC_ĐÁP_ÁN/texts/ hoặc --samples, mọi định dạng) và in độ chính xác (P), độ phủ (R)
    và F1 theo từng trường, theo quy tắc của shared/tools/score.py. Văn bản thiếu hoặc trích
    xuất lỗi được chấm như kết quả rỗng.

    Các phần: khi THƯ_MỤC_ĐÁP_ÁN có split.json ({"tune": [TÊN…], "check": [TÊN…]}; tệp không
    nằm trong danh sách nào thuộc "check", hoặc theo khoá "unlisted"), in mỗi phần một bảng
    và một bảng chung. Phát triển trên phần tune; phần check để kiểm tra độc lập, nên -v và
    danh sách được/mất chỉ cho phần tune, trừ khi --part chọn phần khác.

    Mốc so sánh: --save-baseline TỆP ghi lại mỗi văn bản khớp dữ kiện đáp án nào và có dự
    đoán thừa nào; --baseline TỆP thêm cột ΔF1 và liệt kê theo từng văn bản các dữ kiện
    được (+ tìm thấy, + hết thừa) và mất (- bỏ sót, - thừa mới).

    Chế độ --corpus: trích xuất mọi văn bản trong THƯ_MỤC, in các trường phần đầu tìm được,
    số dữ kiện, loại văn bản có khớp mã loại trong số ký hiệu không (và với doc_type_guess
    của MANIFEST.tsv nếu có), các lỗi; ghi báo cáo JSON; với --previous, liệt kê các văn
    bản thay đổi số, ngày, cơ quan ban hành hoặc số dữ kiện.
    """
    if (gold_dir is None) == (corpus is None):
        raise click.UsageError("cần THƯ_MỤC_ĐÁP_ÁN hoặc --corpus THƯ_MỤC (một trong hai)")
    if corpus is not None:
        if part or baseline_path or save_path or samples:
            raise click.UsageError("--part, --baseline, --save-baseline và --samples chỉ "
                                   "dùng ở chế độ đáp án (THƯ_MỤC_ĐÁP_ÁN)")
        _run_corpus(corpus, report_path, previous, limit, as_json)
    else:
        assert gold_dir is not None
        _run_gold(gold_dir, samples, part, baseline_path, save_path, as_json, verbose)
    sys.stdout.flush()
