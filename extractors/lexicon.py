"""Cached loaders for the pattern and gazetteer data under ``data/``.

Nothing is loaded at import time; each loader reads its file once, on first use.
"""
from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

from .normalize import key


def data_dir() -> Path:
    env = os.environ.get("VANTHU_DATA_DIR")
    return Path(env) if env else Path(__file__).resolve().parent.parent / "data"


@cache
def load(name: str) -> Any:
    with open(data_dir() / name, encoding="utf-8") as fh:
        return json.load(fh)


@cache
def doc_types() -> list[dict]:
    return load("doc_types.json")["types"]


@cache
def type_by_code() -> dict[str, str]:
    """Symbol type code (case-sensitive as printed, e.g. "QĐ", "QyĐ", "CTr") → doc_type."""
    out: dict[str, str] = {}
    for t in doc_types():
        for c in t.get("symbol_codes", []):
            out[c] = t["code"]
    return out


@cache
def type_by_name() -> dict[str, str]:
    """Canonical key of a type name ("quyết định") → doc_type, longest names first."""
    pairs = [(key(n), t["code"]) for t in doc_types() for n in t.get("names", [])]
    return dict(sorted(pairs, key=lambda kv: -len(kv[0])))


@cache
def issuer_codes() -> dict[str, dict]:
    """Issuer abbreviation in a symbol ("SNN", "UBND", "TTg") → its entry in issuers.json."""
    out = {}
    for e in load("issuers.json")["codes"]:
        for c in e["codes"]:
            out[c] = e
    return out


@cache
def org_heads() -> list[str]:
    """Head nouns that start an organisation name ("ủy ban nhân dân", "bộ", "sở"…), as keys."""
    return sorted((key(h) for h in load("organisations.json")["heads"]), key=len, reverse=True)


@cache
def unit_names() -> list[str]:
    """Specific names of ministries/departments, including the ones with commas in them."""
    return load("organisations.json")["names"]


@cache
def fixed_case() -> dict[str, str]:
    """Words with a fixed spelling inside names ("việt nam" → "Việt Nam")."""
    return {key(w): w for w in load("organisations.json")["fixed_case"]}


@cache
def provinces() -> dict[str, dict]:
    """Key of a province-level name → {"name", "kind"} (tỉnh / thành phố)."""
    out = {}
    for p in load("provinces.json")["provinces"]:
        for n in [p["name"], *p.get("aliases", [])]:
            out[key(n)] = p
    return out


@cache
def signer_titles() -> list[str]:
    return sorted((key(t) for t in load("signature.json")["titles"]), key=len, reverse=True)


@cache
def authority_marks() -> tuple[str, ...]:
    """Delegation marks without their dot ("TM", "KT", "TL", "TUQ", "Q"), longest first."""
    marks = (m.rstrip(".").strip() for m in load("signature.json")["authority"])
    return tuple(sorted(marks, key=len, reverse=True))
