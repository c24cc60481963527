"""Scoring against gold files and the corpus fill-rate report behind ``vanthu eval``.

Pure functions, no database, no printing. The scoring half is a typed port of the project's
outside scorer (``shared/tools/score.py``): the same normalisation, the same matching rules,
the same table for the same input (tests/test_eval.py checks this when the scorer is there).
Besides the scorer's counts, each comparison can record its *facts* (:class:`Facts`): the
stable key of every gold item matched and of every prediction left over, which is what a
baseline stores to tell facts gained from facts lost. Parts, floors and baselines live in
:mod:`vanthu.eval_gold` and :mod:`vanthu.eval_baseline`; the corpus report in
:mod:`vanthu.eval_corpus`.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

Json = dict[str, Any]
Row = dict[str, Any]
Table = dict[str, Row]
DOC_FORMATS = (".txt", ".docx", ".pdf")  # what the corpus report walks

# old-style -> new-style tone placement (both appear in official text)
_TONE_PAIRS = {
    "òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ",
    "òe": "oè", "óe": "oé", "ỏe": "oẻ", "õe": "oẽ", "ọe": "oẹ",
    "ùy": "uỳ", "úy": "uý", "ủy": "uỷ", "ũy": "uỹ", "ụy": "uỵ",
}


def norm(s: Any) -> str | None:
    """NFC, case-folded, one accent placement, no emphasis marks or quotes, one dash, one
    space, no trailing punctuation. A list (alternatives in a prediction) counts as its first."""
    if s is None:
        return None
    if isinstance(s, list):
        s = s[0] if s else None
        if s is None:
            return None
    out = unicodedata.normalize("NFC", str(s)).casefold()
    for old, new in _TONE_PAIRS.items():
        out = out.replace(old, new)
    out = out.replace("đ", "đ")
    out = re.sub(r"[*_`\"“”'‘’]", "", out)
    out = re.sub(r"[\u2010-\u2015\u2212]", "-", out)
    return re.sub(r"\s+", " ", out).strip(" .;,:")


def norm_number(s: Any) -> str | None:
    n = norm(s) if s is not None else None
    return None if n is None else re.sub(r"\s+", "", n)


def alts(v: Any) -> list[Any]:
    """A gold value's acceptable answers."""
    if v is None:
        return [None]
    return v if isinstance(v, list) else [v]


def tokens(s: Any) -> list[str]:
    return re.findall(r"\w+", norm(s) or "")


def token_f1(a: Any, b: Any) -> float:
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return 0.0
    rest, common = list(tb), 0
    for t in ta:
        if t in rest:
            rest.remove(t)
            common += 1
    if common == 0:
        return 0.0
    p, r = common / len(tb), common / len(ta)
    return 2 * p * r / (p + r)


def overlap(a: Any, b: Any) -> float:
    ta, tb = set(tokens(a)), set(tokens(b))
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / min(len(ta), len(tb))


def str_match(gold: Any, pred: Any, fuzzy: bool = False) -> bool:
    p = norm(pred)
    for alt in alts(gold):
        g = norm(alt)
        if g == p:
            return True
        if fuzzy and g and p and token_f1(g, p) >= 0.8:
            return True
    return False


FactKey = list[Any]  # [field, the scorer's key of the item]


def fact_key(fact: FactKey) -> str:
    """A fact as one hashable line: ``references "12/2025/NĐ-CP"``,
    ``deadlines ["2025-12-31", null]``."""
    return f"{fact[0]} {json.dumps(fact[1], ensure_ascii=False)}"


class Facts:
    """One document's facts, each ``[field, key]`` with the key the scorer shows for the item
    (the first alternative for a header value): gold items matched, and predictions that
    matched nothing (extra)."""

    def __init__(self) -> None:
        self.matched: list[FactKey] = []
        self.extra: list[FactKey] = []

    def found(self, field: str, value: Any) -> None:
        self.matched.append([field, value])

    def wrong(self, field: str, value: Any) -> None:
        self.extra.append([field, value])


class Tally:
    """gold / predicted / correct counts per field."""

    def __init__(self) -> None:
        self.rows: dict[str, list[int]] = {}

    def add(self, field: str, gold: int | bool, pred: int | bool, correct: int | bool) -> None:
        r = self.rows.setdefault(field, [0, 0, 0])
        r[0] += gold
        r[1] += pred
        r[2] += correct

    def table(self) -> Table:
        out: Table = {}
        for f, (g, p, c) in self.rows.items():
            prec = c / p if p else (1.0 if g == 0 else 0.0)
            rec = c / g if g else (1.0 if p == 0 else 0.0)
            f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
            out[f] = {"gold": g, "pred": p, "correct": c,
                      "precision": round(prec, 3), "recall": round(rec, 3), "f1": round(f1, 3)}
        return out


DOC_FIELDS: dict[str, Callable[[Any, Any], bool]] = {
    "doc_type": lambda g, p: norm(p) in [norm(x) for x in alts(g)],
    "number": lambda g, p: norm_number(p) in [norm_number(x) for x in alts(g)],
    "issuer": lambda g, p: str_match(g, p),
    "place": lambda g, p: str_match(g, p),
    "issued_on": lambda g, p: p in alts(g),
    "subject": lambda g, p: str_match(g, p, fuzzy=True),
}


def dedup(items: list[Json], key: Callable[[Json], Any]) -> list[Json]:
    seen: set[Any] = set()
    out = []
    for i in items:
        k = key(i)
        if k not in seen:
            seen.add(k)
            out.append(i)
    return out


def match_lists(t: Tally, field: str, gold: list[Json], pred: list[Json],
                ok: Callable[[Json, Json], bool], misses: list[str], name: str,
                show: Callable[[Any], Any] = lambda x: x, facts: Facts | None = None) -> None:
    """Greedy one-to-one matching in gold order; unmatched gold is missed, unmatched pred extra."""
    used: set[int] = set()
    correct = 0
    for g in gold:
        for j, p in enumerate(pred):
            if j not in used and ok(g, p):
                used.add(j)
                correct += 1
                if facts is not None:
                    facts.found(field, show(g))
                break
        else:
            misses.append(f"{name} {field} missed: {show(g)!r}")
    for j, p in enumerate(pred):
        if j not in used:
            misses.append(f"{name} {field} extra: {show(p)!r}")
            if facts is not None:
                facts.wrong(field, show(p))
    t.add(field, len(gold), len(pred), correct)


def _header_facts(facts: Facts | None, field: str, g: Any, p: Any, good: bool) -> None:
    if facts is None:
        return
    if good:
        facts.found(field, g)
    elif p is not None:
        facts.wrong(field, p)


def _score_header(gd: Json, pd: Json, t: Tally, misses: list[str], name: str,
                  facts: Facts | None = None) -> None:
    for f, ok in DOC_FIELDS.items():
        if f not in gd:
            continue
        g, p = gd[f], pd.get(f)
        if g is None and p is None:
            continue
        good = g is not None and p is not None and ok(g, p)
        t.add("document." + f, g is not None, p is not None, good)
        _header_facts(facts, "document." + f, alts(g)[0], p, good)
        if not good:
            misses.append(f"{name} document.{f}: gold={g!r} pred={p!r}")
    if "signer" in gd and gd["signer"]:
        g, p = gd["signer"].get("name"), (pd.get("signer") or {}).get("name")
        good = p is not None and str_match(g, p)
        t.add("document.signer", g is not None, p is not None, good)
        _header_facts(facts, "document.signer", alts(g)[0], p, good)
        if not good:
            misses.append(f"{name} document.signer: gold={g!r} pred={p!r}")
    if "recipients" in gd:
        match_lists(t, "document.recipients", gd["recipients"], pd.get("recipients") or [],
                    lambda g, p: str_match(g, p, fuzzy=True), misses, name, facts=facts)


def _score_references(gold: list[Json], pr: list[Json], t: Tally, misses: list[str],
                      name: str, facts: Facts | None = None) -> None:
    def numbers(g: Json) -> list[str | None]:
        return [norm_number(x) for x in alts(g.get("number"))]

    match_lists(t, "references", gold, pr, lambda g, p: norm_number(p.get("number")) in numbers(g),
                misses, name, show=lambda r: r.get("number"), facts=facts)
    for g in gold:  # dates of the references that were found
        if not g.get("issued_on"):
            continue
        hit = [p for p in pr if norm_number(p.get("number")) in numbers(g)]
        if hit:
            good = any(p.get("issued_on") == g["issued_on"] for p in hit)
            t.add("references.issued_on", 1, 1, good)
            _header_facts(facts, "references.issued_on", [g["number"], g["issued_on"]],
                          [g["number"], [p.get("issued_on") for p in hit]], good)
            if not good:
                misses.append(f"{name} reference {g['number']} date: gold={g['issued_on']} "
                              f"pred={[p.get('issued_on') for p in hit]}")


def _deadline_key(d: Json) -> Any:
    return d.get("due"), norm(d.get("rrule")) if d.get("rrule") else None


def _target_key(x: Json) -> Any:
    return x.get("min"), x.get("max"), norm(x.get("unit"))


def _obligation_ok(g: Json, p: Json) -> bool:
    return (str_match(g.get("assignee"), p.get("assignee"), fuzzy=True)
            and g.get("due") == p.get("due")
            and overlap(g.get("action", ""), p.get("action", "")) >= 0.5)


def _show_obligation(o: Json) -> Any:
    return alts(o.get("assignee"))[0], o.get("due"), (o.get("action") or "")[:40]


def score_doc(gold: Json, pred: Json | None, t: Tally, misses: list[str], name: str,
              facts: Facts | None = None) -> None:
    """Add one document's comparison to ``t``; append a line per miss to ``misses``; record
    the facts matched and the extra predictions in ``facts`` when given."""
    got = pred or {}
    _score_header(gold.get("document", {}), got.get("document", {}) or {}, t, misses, name,
                  facts)
    if "references" in gold:
        _score_references(gold["references"], got.get("references") or [], t, misses, name,
                          facts)
    if "deadlines" in gold:
        match_lists(t, "deadlines", dedup(gold["deadlines"], _deadline_key),
                    dedup(got.get("deadlines") or [], _deadline_key),
                    lambda g, p: _deadline_key(g) == _deadline_key(p), misses, name,
                    show=_deadline_key, facts=facts)
    if "funding" in gold:
        def amount(f: Json) -> Any:
            return f.get("amount_vnd")
        match_lists(t, "funding", dedup(gold["funding"], amount),
                    dedup(got.get("funding") or [], amount),
                    lambda g, p: amount(g) == amount(p), misses, name, show=amount, facts=facts)
    if "targets" in gold:
        match_lists(t, "targets", gold["targets"], got.get("targets") or [],
                    lambda g, p: _target_key(g) == _target_key(p), misses, name,
                    show=_target_key, facts=facts)
    if "obligations" in gold:
        match_lists(t, "obligations", gold["obligations"], got.get("obligations") or [],
                    _obligation_ok, misses, name, show=_show_obligation, facts=facts)


def format_table(table: Table, deltas: dict[str, float | None] | None = None) -> Iterator[str]:
    """score.py's table, line by line; with ``deltas``, a last column of F1 changes
    ("new" for a field the baseline did not score)."""
    head = f"{'field':28} {'gold':>5} {'pred':>5} {'ok':>5} {'P':>6} {'R':>6} {'F1':>6}"
    yield head if deltas is None else f"{head} {'ΔF1':>7}"
    for f, r in table.items():
        line = (f"{f:28} {r['gold']:5} {r['pred']:5} {r['correct']:5} "
                f"{r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f}")
        if deltas is not None:
            d = deltas.get(f)
            line += f" {'new' if d is None else '=' if d == 0 else f'{d:+.3f}':>7}"
        yield line


def iter_paths(root: Path, formats: Iterable[str] = DOC_FORMATS) -> list[Path]:
    """Every document under ``root`` (recursively), sorted."""
    exts = set(formats)
    return sorted(p for p in root.rglob("*") if p.suffix.lower() in exts and p.is_file())
