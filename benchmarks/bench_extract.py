"""Extraction speed, measured side by side in one run so the machine's noise cancels in the ratios.

    .venv/bin/python benchmarks/bench_extract.py [--corpus DIR] [--limit N] [--json OUT]

Rows:
- floor: read the file + the normalisation pass (what any extractor pays);
- vanthu: read + normalise + extract the contract JSON (no database);
- word_tokenize: underthesea's word segmentation over the whole text (what a naive
  "run NLP on everything" extractor pays), on the same texts;
- per format: seconds per document for the sample documents as .txt, .docx and .pdf;
- with --tokenizers: the document model's tokenizer (extractors.pipeline.whitespace_tokenizer)
  against spaCy's blank Vietnamese tokenizer without pyvi, in M characters per second.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors import extract, read_file  # noqa: E402
from extractors.normalize import normalize  # noqa: E402


def timed(fn, items) -> float:
    t = time.perf_counter()
    for it in items:
        fn(it)
    return time.perf_counter() - t


def time_tokenizers(texts: list[str], passes: int = 3) -> dict[str, float]:
    """M characters per second of each Doc tokenizer over ``texts`` (best of ``passes``)."""
    import spacy

    from extractors.pipeline import whitespace_tokenizer
    blank = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    chars = sum(map(len, texts)) / 1e6
    out = {}
    for name, tok in (("spacy blank vi (no pyvi)", blank.tokenizer),
                      ("whitespace_tokenizer (vanthu)", whitespace_tokenizer(blank.vocab))):
        out[name] = chars / min(timed(tok, texts) for _ in range(passes))
    return out


def corpus_files(corpus: Path, limit: int | None) -> list[Path]:
    files = sorted(p for p in corpus.rglob("*.txt") if p.name != "README.md")
    return files[:limit] if limit else files


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--limit", type=int, default=None, help="first N corpus files (default all)")
    ap.add_argument("--tokenize-limit", type=int, default=60,
                    help="documents sampled evenly for the word_tokenize baseline (it is slow: ~60 KB/s)")
    ap.add_argument("--json", type=Path, help="also write the results here")
    ap.add_argument("--tokenizers", action="store_true",
                    help="also time the Doc tokenizers over the corpus texts")
    args = ap.parse_args(argv)

    files = corpus_files(args.corpus, args.limit)
    mb = sum(p.stat().st_size for p in files) / 1e6
    extract(read_file(files[0]))                        # warm the data loaders
    floor = timed(lambda p: normalize(p.read_text(encoding="utf-8")), files)
    full = timed(lambda p: extract(read_file(p)), files)

    # An even sample across the corpus (every k-th file): the first files alone are the
    # short công điện and công văn of tvpl/, which would bias the per-document ratio.
    step = max(1, len(files) // args.tokenize_limit)
    sub = files[::step][: args.tokenize_limit]
    sub_mb = sum(p.stat().st_size for p in sub) / 1e6
    from underthesea import word_tokenize
    word_tokenize("khởi động")                          # load the model outside the timing
    tok = timed(lambda p: word_tokenize(normalize(p.read_text(encoding="utf-8"))), sub)
    sub_full = timed(lambda p: extract(read_file(p)), sub)

    fmt_rows = {}
    fixtures = ROOT / "tests" / "fixtures" / "docs"
    for fmt in ("txt", "docx", "pdf"):
        paths = sorted(fixtures.glob(f"*.{fmt}")) if fmt != "txt" else sorted((ROOT / "data" / "samples").glob("*.txt"))
        if paths:
            extract(read_file(paths[0]))
            reps = 5
            secs = timed(lambda p: extract(read_file(p)), paths * reps)
            fmt_rows[fmt] = {"documents": len(paths), "seconds_per_document": secs / (len(paths) * reps)}

    tokenizers = time_tokenizers([normalize(p.read_text(encoding="utf-8")) for p in files]) \
        if args.tokenizers else {}

    res = {
        "corpus_documents": len(files), "corpus_mb": round(mb, 2),
        "floor": {"seconds": floor, "docs_per_s": len(files) / floor, "mb_per_s": mb / floor},
        "vanthu": {"seconds": full, "docs_per_s": len(files) / full, "mb_per_s": mb / full},
        "word_tokenize_subset": {"documents": len(sub), "mb": round(sub_mb, 2), "seconds": tok,
                                 "vanthu_seconds": sub_full, "speedup_vs_word_tokenize": tok / sub_full},
        "per_format": fmt_rows,
    }
    if tokenizers:
        res["tokenizers_mchars_per_s"] = tokenizers
    print(f"corpus: {len(files)} documents, {mb:.1f} MB")
    print(f"{'pass':28} {'docs/s':>9} {'MB/s':>8}")
    print(f"{'read + normalise (floor)':28} {res['floor']['docs_per_s']:9.1f} {res['floor']['mb_per_s']:8.2f}")
    print(f"{'vanthu extract':28} {res['vanthu']['docs_per_s']:9.1f} {res['vanthu']['mb_per_s']:8.2f}")
    print(f"{'underthesea word_tokenize':28} {len(sub) / tok:9.1f} {sub_mb / tok:8.2f}   "
          f"({len(sub)} docs sampled across the corpus; vanthu {res['word_tokenize_subset']['speedup_vs_word_tokenize']:.1f}x faster)")
    for fmt, row in fmt_rows.items():
        print(f"extract .{fmt:5} {row['seconds_per_document'] * 1000:8.1f} ms/document ({row['documents']} files)")
    for name, rate in tokenizers.items():
        print(f"tokenizer {name:32} {rate:6.2f} M chars/s")
    if args.json:
        args.json.write_text(json.dumps(res, indent=1), encoding="utf-8")
    return res


if __name__ == "__main__":
    main()
