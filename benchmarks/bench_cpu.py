"""Extraction CPU time per document, for before/after comparisons on a shared machine.

    .venv/bin/python benchmarks/bench_cpu.py [--corpus DIR] [--every K] [--tokenize N] [--json OUT]

Wall-clock rates swing several-fold when other jobs share the cores (benchmarks/bench_extract.py
measured 2.8 to 5.9 docs/s within an hour on the same code); the process's CPU time moves much
less. Over every K-th corpus text (read once, outside the timing) it times ``extract`` per
document with ``time.process_time`` and reports docs per CPU second and the per-document p50
and p95; then underthesea's ``word_tokenize`` over N of the same texts, its CPU time against
vanthu's on those N. Run it from each tree being compared, alternately (before, after, before,
after…), so both see the same load; it imports the extractors of the tree it lives in.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors import extract, read_file  # noqa: E402
from extractors.normalize import normalize  # noqa: E402


def cpu_each(fn, items) -> list[float]:
    out = []
    for it in items:
        t = time.process_time()
        fn(it)
        out.append(time.process_time() - t)
    return out


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--every", type=int, default=4, help="every K-th corpus text (default 4)")
    ap.add_argument("--tokenize", type=int, default=30, help="texts for word_tokenize (default 30)")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args(argv)

    files = sorted(p for p in args.corpus.rglob("*.txt"))[::args.every]
    sources = [read_file(p) for p in files]
    extract(sources[0])                                      # warm the loaders and the pipeline
    per_doc = cpu_each(extract, sources)
    step = max(1, len(sources) // args.tokenize)
    sub = sources[::step][:args.tokenize]
    from underthesea import word_tokenize
    word_tokenize("khởi động")
    tok = sum(cpu_each(lambda s: word_tokenize(normalize(s.text)), sub))
    ours = sum(cpu_each(extract, sub))
    qs = statistics.quantiles(per_doc, n=20)
    res = {"root": str(ROOT), "documents": len(sources),
           "cpu_seconds": sum(per_doc), "docs_per_cpu_s": len(per_doc) / sum(per_doc),
           "p50_ms": statistics.median(per_doc) * 1000, "p95_ms": qs[18] * 1000,
           "tokenize_documents": len(sub), "word_tokenize_cpu_s": tok, "vanthu_cpu_s": ours,
           "speedup_vs_word_tokenize": tok / ours}
    print(f"{ROOT.name}: {res['documents']} docs, {res['docs_per_cpu_s']:.1f} docs/CPU-s, "
          f"p50 {res['p50_ms']:.1f} ms, p95 {res['p95_ms']:.1f} ms; word_tokenize on "
          f"{len(sub)}: {tok:.1f} CPU-s vs {ours:.1f} ({res['speedup_vs_word_tokenize']:.1f}x)")
    if args.json:
        args.json.write_text(json.dumps(res, indent=1), encoding="utf-8")
    return res


if __name__ == "__main__":
    main()
