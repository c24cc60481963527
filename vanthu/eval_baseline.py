"""Gained and lost against a saved gold run: ``vanthu eval GOLD_DIR --save-baseline FILE`` and
``--baseline FILE``.

A baseline keeps, per gold document, the scorer's counts and its facts: the stable key of
every gold item matched and of every extra prediction (see :func:`vanthu.evaluate.fact_key`).
Comparing a new run with it gives, document by document,

- gained: gold facts found now and not before, and extra predictions gone;
- lost: gold facts found before and not now, and new extra predictions;

and a per-field F1 delta for each part, the baseline's table being re-summed over the
documents of the part as the current split.json draws it. Pure functions, no printing.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from extractors import EXTRACTOR_VERSION

from .eval_gold import ALL, PARTS, DocResult, Split, in_part, tables_by_part
from .evaluate import FactKey, Table, Tally, fact_key

SCHEMA = "vanthu.eval-baseline/1"
Baseline = dict[str, Any]
Diff = dict[str, Any]


def build_baseline(results: list[DocResult], split: Split | None, gold_dir: str) -> Baseline:
    """What a run found, per document, with the tables of its parts."""
    return {
        "schema": SCHEMA, "gold_dir": gold_dir, "extractor_version": EXTRACTOR_VERSION,
        "tables": tables_by_part(results, split),
        "documents": {r.name: {"part": r.part, "gold_sha256": r.gold_sha256,
                               "document": r.document.name if r.document else None,
                               "error": r.error, "counts": r.counts,
                               "matched": r.matched, "extra": r.extra} for r in results},
    }


def _dump(value: Any, depth: int) -> str:
    """JSON with one line per table row, per count and per fact ``[field, key]``."""
    pad, inner = " " * depth, " " * (depth + 1)
    nested = isinstance(value, dict) and any(isinstance(v, (dict, list)) for v in value.values())
    if nested:
        items = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {_dump(v, depth + 1)}"
                 for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    if isinstance(value, list) and value and all(isinstance(v, list) for v in value):
        items = [inner + json.dumps(v, ensure_ascii=False) for v in value]
        return "[\n" + ",\n".join(items) + f"\n{pad}]"
    return json.dumps(value, ensure_ascii=False)


def dump_baseline(baseline: Baseline) -> str:
    return _dump(baseline, 0) + "\n"


def load_baseline(text: str) -> Baseline:
    data = json.loads(text)
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise ValueError(f"not a {SCHEMA} file (write one with --save-baseline)")
    return data


def baseline_table(baseline: Baseline, names: Iterable[str]) -> Table:
    """The baseline's table over these documents (those it has)."""
    t = Tally()
    docs = baseline["documents"]
    for name in names:
        for f, (g, p, c) in docs.get(name, {}).get("counts", {}).items():
            t.add(f, g, p, c)
    return t.table()


def deltas(now: Table, before: Table) -> dict[str, float | None]:
    """F1 now minus F1 in the baseline, per field (None: the baseline has no such field)."""
    return {f: (round(r["f1"] - before[f]["f1"], 3) if f in before else None)
            for f, r in now.items()}


def part_deltas(results: list[DocResult], split: Split | None,
                baseline: Baseline) -> dict[str, dict[str, float | None]]:
    """Per part, the F1 delta of each field against the same documents in the baseline."""
    out = {}
    for part, table in tables_by_part(results, split).items():
        names = [r.name for r in in_part(results, part)]
        out[part] = deltas(table, baseline_table(baseline, names))
    return out


def _moves(now: list[FactKey], before: list[FactKey]) -> list[str]:
    """Facts in ``now`` more often than in ``before`` (facts can repeat), in ``now``'s order,
    as :func:`fact_key` lines."""
    keys = [fact_key(f) for f in now]
    extra = Counter(keys) - Counter(fact_key(f) for f in before)
    out = []
    for key in keys:
        if extra[key] > 0:
            extra[key] -= 1
            out.append(key)
    return out


def diff_document(now: DocResult, before: dict[str, Any]) -> dict[str, Any]:
    """One document's moves: gold facts found or missed since, extras gone or new."""
    def moves(how: str, facts: list[str]) -> list[dict[str, str]]:
        return [{"how": how, "fact": f} for f in facts]
    gained = (moves("found", _moves(now.matched, before["matched"]))
              + moves("no longer extra", _moves(before["extra"], now.extra)))
    lost = (moves("missed", _moves(before["matched"], now.matched))
            + moves("new extra", _moves(now.extra, before["extra"])))
    return {"name": now.name, "part": now.part, "gained": gained, "lost": lost,
            "gold_changed": now.gold_sha256 != before.get("gold_sha256")}


def diff_baseline(baseline: Baseline, results: list[DocResult]) -> Diff:
    """Facts gained and lost per document since the baseline; documents new to the gold
    folder or gone from it; documents whose gold file changed (their facts may move
    because the answer did, not the extractor)."""
    before = baseline["documents"]
    names = {r.name for r in results}
    docs = [diff_document(r, before[r.name]) for r in results if r.name in before]
    return {
        "documents": [d for d in docs if d["gained"] or d["lost"] or d["gold_changed"]],
        "added": [{"name": r.name, "part": r.part} for r in results if r.name not in before],
        "removed": sorted(set(before) - names),
    }


def _in(part: str, item: dict[str, Any]) -> bool:
    return part == ALL or item["part"] == part


def restrict(diff: Diff, part: str) -> Diff:
    """The diff of one part's documents only."""
    return {"documents": [d for d in diff["documents"] if _in(part, d)],
            "added": [a for a in diff["added"] if _in(part, a)], "removed": diff["removed"]}


def summary(diff: Diff, part: str) -> dict[str, int]:
    docs = [d for d in diff["documents"] if _in(part, d) and (d["gained"] or d["lost"])]
    return {"gained": sum(len(d["gained"]) for d in docs),
            "lost": sum(len(d["lost"]) for d in docs), "documents": len(docs)}


def format_diff(diff: Diff, part: str, source: str) -> Iterator[str]:
    """The facts gained and lost in ``part``, document by document, then the totals, and
    one line of counts for the other part (whose facts are not listed)."""
    yield f"Gained and lost since {source}" + (f", {part} part:" if part != ALL else ":")
    mine = restrict(diff, part)
    for d in mine["documents"]:
        note = "  (gold file changed since the baseline)" if d["gold_changed"] else ""
        yield f"{d['name']} [{d['part']}]{note}"
        for sign, items in (("+", d["gained"]), ("-", d["lost"])):
            for item in items:
                yield f"  {sign} {item['how']:15} {item['fact']}"
    if not mine["documents"]:
        yield "  no fact gained or lost"
    s = summary(diff, part)
    yield f"{part}: +{s['gained']} gained, -{s['lost']} lost in {s['documents']} documents"
    for other in PARTS if part != ALL else ():
        if other != part:
            o = summary(diff, other)
            yield (f"{other}: +{o['gained']} gained, -{o['lost']} lost in {o['documents']} "
                   f"documents (not listed: --part {other} or --part all)")
    for a in mine["added"]:
        yield f"not in the baseline, not compared: {a['name']} [{a['part']}]"
    for name in mine["removed"]:
        yield f"in the baseline, no longer a gold file: {name}"
