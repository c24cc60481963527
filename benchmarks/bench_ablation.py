"""Ablation: what each NLP component adds, in F1 on both parts of the development gold and in speed.

    .venv/bin/python benchmarks/bench_ablation.py [--corpus DIR] [--limit N] [--json OUT]

Modes (``VANTHU_NLP``):
- ``rules``: the outline, the unit grammar and the vocabularies of ``data/`` only;
- ``underthesea``: the same, with underthesea's part-of-speech tagger deciding, on a window of
  a few words, whether an unknown lower-case word goes on a unit's name (``extractors/nlp.py``).

For each mode: F1 per field group on ``tests/gold/dev`` (tune and check parts, scored in a fresh
process by ``vanthu eval --json``), and extraction speed over the corpus texts (docs/s, MB/s) in
this process, modes interleaved round by round so the machine's noise falls on both.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors import extract, read_file  # noqa: E402

MODES = ("rules", "underthesea")
FIELDS = ("obligations", "deadlines", "document.recipients", "document.signer", "references", "funding",
          "targets")


def scores(mode: str) -> dict:
    env = dict(os.environ, VANTHU_NLP=mode)
    out = subprocess.run([sys.executable, "-m", "vanthu.cli", "eval", str(ROOT / "tests" / "gold" / "dev"),
                          "--json"], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    tables = json.loads(out.stdout)["tables"]
    return {part: {f: tables[part][f]["f1"] for f in FIELDS if f in tables[part]} for part in ("tune", "check")}


def speed(files: list[Path], rounds: int) -> dict:
    texts = [read_file(p) for p in files]
    extract(texts[0])                                   # warm the data loaders and the tagger
    secs = {m: 0.0 for m in MODES}
    for _ in range(rounds):
        for mode in MODES:
            os.environ["VANTHU_NLP"] = mode
            t = time.perf_counter()
            for source in texts:
                extract(source)
            secs[mode] += time.perf_counter() - t
    mb = sum(len(s.text.encode("utf-8")) for s in texts) / 1e6
    return {m: {"docs_per_s": rounds * len(texts) / s, "mb_per_s": rounds * mb / s} for m, s in secs.items()}


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--limit", type=int, default=300, help="corpus texts timed (an even sample)")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    files = sorted(p for p in args.corpus.rglob("*.txt") if p.name != "README.md")
    files = files[::max(1, len(files) // args.limit)][:args.limit]
    res = {"scores": {m: scores(m) for m in MODES}, "speed": speed(files, args.rounds),
           "documents_timed": len(files)}
    head = " ".join(f"{f.split('.')[-1][:11]:>11}" for f in FIELDS)
    print(f"{'mode':12} {'part':6} {head} {'docs/s':>8} {'MB/s':>6}")
    for m in MODES:
        for part in ("tune", "check"):
            row = " ".join(f"{res['scores'][m][part].get(f, float('nan')):11.3f}" for f in FIELDS)
            sp = res["speed"][m]
            print(f"{m:12} {part:6} {row} {sp['docs_per_s']:8.1f} {sp['mb_per_s']:6.2f}")
    if args.json:
        args.json.write_text(json.dumps(res, indent=1), encoding="utf-8")
    return res


if __name__ == "__main__":
    main()
