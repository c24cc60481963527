"""The corpus report of ``vanthu eval --corpus``: what the extractor finds in documents that
have no gold answer, and what changed against an earlier report.

Pure functions over one summary row per document: texts are read, extracted and dropped one
at a time, so a corpus of any size needs only the rows in memory. No document may stop the
run: any exception (a :class:`extractors.ReadError` for an empty or unreadable file, or a bug)
becomes a row with ``error`` set.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from extractors import EXTRACTOR_VERSION, extract_file
from extractors.header import symbol_types

from .evaluate import iter_paths

Row = dict[str, Any]
Report = dict[str, Any]
SCHEMA = "vanthu.eval-corpus/1"
HEADER_FIELDS = ("number", "issued_on", "issuer", "doc_type", "signer", "subject", "place")
COUNTED = ("references", "deadlines", "obligations", "targets", "funding")
DIFF_FIELDS = ("number", "issued_on", "issuer")
# MANIFEST.tsv types that the contract has no code for
MANIFEST_OTHER = {"van_ban_hop_nhat": "other", "phap_lenh": "other",
                  "nghi_quyet_lien_tich": "other"}


def read_manifest(root: Path) -> dict[str, str]:
    """``file`` → contract doc_type from ROOT/MANIFEST.tsv's doc_type_guess ({} without one)."""
    path = root / "MANIFEST.tsv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(fh, delimiter="\t")
        if not rows.fieldnames or not {"file", "doc_type_guess"} <= set(rows.fieldnames):
            return {}
        return {r["file"]: MANIFEST_OTHER.get(r["doc_type_guess"], r["doc_type_guess"])
                for r in rows if r.get("doc_type_guess")}


def summary_row(rel: str, data: dict[str, Any] | None, error: str | None = None,
                manifest_type: str | None = None) -> Row:
    """One document's row: header values, fact counts, the symbol's type, any error."""
    doc = (data or {}).get("document") or {}
    doc_type = doc.get("doc_type")
    row: Row = {
        "path": rel, "error": error,
        "number": doc.get("number"), "issued_on": doc.get("issued_on"),
        "issuer": doc.get("issuer"),
        "doc_type": doc_type if doc_type not in (None, "other") else None,
        "signer": (doc.get("signer") or {}).get("name"),
        "subject": doc.get("subject"), "place": doc.get("place"),
        "symbol_type": sorted(symbol_types(doc.get("number"))) or None,
        "manifest_type": manifest_type,
    }
    for kind in COUNTED:
        row[kind] = len((data or {}).get(kind) or [])
    return row


def iter_rows(root: Path, limit: int | None = None,
              extract_path: Callable[[Path], dict[str, Any]] | None = None) -> Iterator[Row]:
    """Extract each document under ``root`` in turn and yield its summary row."""
    run = extract_path or extract_file
    manifest = read_manifest(root)
    paths = iter_paths(root)
    for path in paths[:limit] if limit else paths:
        rel = path.relative_to(root).as_posix()
        try:
            data, error = run(path), None
        except Exception as e:  # noqa: BLE001 - recorded, never fatal
            data, error = None, f"{type(e).__name__}: {e}"
        yield summary_row(rel, data, error, manifest.get(rel))


def _type_check(rows: list[Row], key: str) -> dict[str, Any]:
    """Agreement of the extracted doc_type with ``key`` where that is known."""
    checked = [r for r in rows if r[key] and not r["error"]]
    def agrees(r: Row) -> bool:
        admitted = r[key] if isinstance(r[key], list) else [r[key]]
        return (r["doc_type"] or "other") in admitted
    bad = [{"path": r["path"], "number": r["number"], "doc_type": r["doc_type"] or "other",
            key: r[key]} for r in checked if not agrees(r)]
    return {"checked": len(checked), "agree": len(checked) - len(bad),
            "rate": _rate(len(checked) - len(bad), len(checked)), "disagreements": bad}


def _rate(n: int, of: int) -> float:
    return round(n / of, 4) if of else 0.0


def build_report(rows: Iterable[Row], corpus: str) -> Report:
    """Fill rates, fact counts, doc_type agreement and the rows themselves."""
    rows = list(rows)
    n = len(rows)
    read = n - sum(1 for r in rows if r["error"])
    fill = {}
    for f in HEADER_FIELDS:
        found = sum(1 for r in rows if r[f])
        fill[f] = {"found": found, "rate": _rate(found, n), "rate_read": _rate(found, read)}
    counts = {k: {"total": sum(r[k] for r in rows), "documents": sum(1 for r in rows if r[k])}
              for k in COUNTED}
    report: Report = {
        "schema": SCHEMA, "corpus": corpus, "extractor_version": EXTRACTOR_VERSION,
        "documents": n,
        "exceptions": [{"path": r["path"], "error": r["error"]} for r in rows if r["error"]],
        "fill": fill, "counts": counts,
        "doc_type_vs_symbol": _type_check(rows, "symbol_type"),
        "doc_type_vs_manifest": (_type_check(rows, "manifest_type")
                                 if any(r["manifest_type"] for r in rows) else None),
        "rows": rows,
    }
    return report


def dump_report(report: Report) -> str:
    """The report as JSON text, one line per document row (small, and diffs line by line)."""
    head = json.dumps({k: v for k, v in report.items() if k != "rows"}, ensure_ascii=False,
                      indent=1)
    rows = ",\n".join(json.dumps(r, ensure_ascii=False) for r in report.get("rows", []))
    return head[:-2] + ',\n "rows": [\n' + rows + "\n ]\n}\n"


def format_report(report: Report) -> Iterator[str]:
    n = report["documents"]
    yield f"{n} documents under {report['corpus']}, {len(report['exceptions'])} exceptions"
    yield f"{'field':12} {'found':>6} {'rate':>7} {'of read':>8}"
    for f, v in report["fill"].items():
        yield f"{f:12} {v['found']:6} {100 * v['rate']:6.1f}% {100 * v['rate_read']:7.1f}%"
    yield f"{'facts':12} {'total':>6} {'docs':>7}"
    for k, v in report["counts"].items():
        yield f"{k:12} {v['total']:6} {v['documents']:7}"
    for title, key in (("symbol's type code", "doc_type_vs_symbol"),
                       ("MANIFEST doc_type_guess", "doc_type_vs_manifest")):
        check = report.get(key)
        if check is None:
            continue
        yield (f"doc_type agrees with the {title}: {check['agree']}/{check['checked']} "
               f"({100 * check['rate']:.1f}%), {len(check['disagreements'])} disagreements")
        other = "symbol_type" if key == "doc_type_vs_symbol" else "manifest_type"
        for d in check["disagreements"]:
            yield f"  {d['path']}: {d['number']} doc_type={d['doc_type']} vs {d[other]}"
    for e in report["exceptions"]:
        yield f"  exception: {e['path']}: {e['error']}"


def diff_reports(previous: Report, current: Report) -> Report:
    """Gained and lost since ``previous``, by document path: header values that appeared,
    disappeared or changed, fact counts that moved, documents added or removed, exceptions
    new or gone."""
    before = {r["path"]: r for r in previous.get("rows", [])}
    after = {r["path"]: r for r in current.get("rows", [])}
    both = sorted(before.keys() & after.keys())
    fields: dict[str, dict[str, list[Any]]] = {}
    for f in DIFF_FIELDS:
        moves: dict[str, list[Any]] = {"appeared": [], "disappeared": [], "changed": []}
        for p in both:
            old, new = before[p].get(f), after[p].get(f)
            if old == new:
                continue
            kind = "appeared" if old is None else "disappeared" if new is None else "changed"
            moves[kind].append({"path": p, "before": old, "after": new})
        fields[f] = moves
    counts: dict[str, dict[str, Any]] = {}
    for k in COUNTED:
        moved = [{"path": p, "before": before[p].get(k, 0), "after": after[p].get(k, 0)}
                 for p in both if before[p].get(k, 0) != after[p].get(k, 0)]
        counts[k] = {"gained": sum(max(m["after"] - m["before"], 0) for m in moved),
                     "lost": sum(max(m["before"] - m["after"], 0) for m in moved),
                     "documents": moved}
    return {
        "added": sorted(after.keys() - before.keys()),
        "removed": sorted(before.keys() - after.keys()),
        "new_exceptions": [p for p in both if after[p]["error"] and not before[p]["error"]],
        "fixed_exceptions": [p for p in both if before[p]["error"] and not after[p]["error"]],
        "fields": fields, "counts": counts,
    }


def changed_paths(diff: Report) -> set[str]:
    """Every document the diff names."""
    out = set(diff["added"]) | set(diff["removed"]) | set(diff["new_exceptions"])
    out |= set(diff["fixed_exceptions"])
    for moves in diff["fields"].values():
        for items in moves.values():
            out |= {m["path"] for m in items}
    for c in diff["counts"].values():
        out |= {m["path"] for m in c["documents"]}
    return out


def format_diff(diff: Report) -> Iterator[str]:
    yield "Changes against the previous report:"
    if not changed_paths(diff):
        yield "  no document changed"
        return
    for label, key in (("added", "added"), ("removed", "removed"),
                       ("new exception", "new_exceptions"),
                       ("exception fixed", "fixed_exceptions")):
        for p in diff[key]:
            yield f"  {label}: {p}"
    for f, moves in diff["fields"].items():
        yield (f"{f}: +{len(moves['appeared'])} appeared, -{len(moves['disappeared'])} "
               f"disappeared, {len(moves['changed'])} changed")
        for kind, sign in (("appeared", "+"), ("disappeared", "-"), ("changed", "~")):
            for m in moves[kind]:
                yield f"  {sign} {m['path']}: {m['before']!r} -> {m['after']!r}"
    for k, c in diff["counts"].items():
        yield (f"{k}: +{c['gained']} gained, -{c['lost']} lost "
               f"in {len(c['documents'])} documents")
        for m in c["documents"]:
            yield f"  {m['path']}: {m['before']} -> {m['after']}"
