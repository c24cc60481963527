"""The ``vanthu`` command: a thin layer over ``extractors``, ``models`` and ``pipelines``.

Messages meant for a secretariat are Vietnamese; ``--help`` texts carry both languages.
Narrow errors (:class:`extractors.ReadError`) become one clear line at this edge.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from extractors import ReadError, extract, read_file


def _echo_err(msg: str) -> None:
    click.echo(msg, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vanthu")
def cli() -> None:
    """vanthu — văn bản hành chính → cơ sở dữ liệu chỉ đạo, nhiệm vụ, thời hạn.

    Turns Vietnamese administrative documents into a queryable database.
    """


@cli.command("extract")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the extraction contract JSON (default).")
@click.option("--text", "as_text", is_flag=True,
              help="Print the normalised text that the JSON's span offsets point into.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False),
              help="Write DIR/<name>.json for each file (many files, one process).")
def extract_cmd(files: tuple[str, ...], as_json: bool, as_text: bool, out_dir: str | None) -> None:
    """Trích xuất một hoặc nhiều văn bản (không cần máy chủ, không ghi CSDL).

    Extract FILE(s) (.txt, .docx, .pdf) to the JSON of the extraction contract.
    """
    if as_text and (as_json or out_dir):
        raise click.UsageError("--text cannot be combined with --json or --out")
    if len(files) > 1 and not out_dir and not as_text:
        raise click.UsageError("several files need --out DIR (one JSON per file)")
    failed = 0
    out = Path(out_dir) if out_dir else None
    if out:
        out.mkdir(parents=True, exist_ok=True)
    for f in files:
        try:
            source = read_file(f)
        except ReadError as e:
            failed += 1
            _echo_err(f"Lỗi: {f}: {e.message_vi} ({e.detail})")
            continue
        if as_text:
            sys.stdout.write(source.text)
            if not source.text.endswith("\n"):
                sys.stdout.write("\n")
            continue
        data = extract(source)
        payload = json.dumps(data, ensure_ascii=False, indent=1)
        if out:
            (out / (Path(f).stem + ".json")).write_text(payload + "\n", encoding="utf-8")
        else:
            click.echo(payload)
    if out:
        _echo_err(f"Đã trích xuất {len(files) - failed}/{len(files)} tệp vào {out}")
    if failed:
        sys.exit(1)


def main() -> None:
    cli(prog_name="vanthu")


if __name__ == "__main__":
    main()
