"""What a vanthu database holds, table by table, without the moments rows were written:
to check that a change to how ingest stores leaves what it stores unchanged.

    .venv/bin/python benchmarks/db_contents.py DB_URL_A DB_URL_B   # rows equal? per table

Rows are read in primary-key order; columns of date-time type (ingested_at, updated_at,
last_seen…) and the full-text index's segment tables are left out, every other value is
compared as stored, ids included.
"""
from __future__ import annotations

import sys
from typing import Any

from sqlalchemy import DateTime, MetaData, create_engine, select


def contents(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Table → its rows (date-time columns left out), in primary-key order."""
    engine = create_engine(url)
    meta = MetaData()
    meta.reflect(engine)
    out: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as conn:
        for table in meta.sorted_tables:
            # the full-text index's own tables hold its segments, which follow the commits;
            # what it indexes is in documents
            if table.name == "alembic_version" or "_fts" in table.name:
                continue
            cols = [c for c in table.columns if not isinstance(c.type, DateTime)]
            order = list(table.primary_key.columns) or cols
            out[table.name] = [tuple(r) for r in conn.execute(select(*cols).order_by(*order))]
    engine.dispose()
    return out


def main(argv: list[str]) -> int:
    a, b = contents(argv[0]), contents(argv[1])
    same = True
    for name in sorted(set(a) | set(b)):
        rows_a, rows_b = a.get(name, []), b.get(name, [])
        equal = rows_a == rows_b
        same &= equal
        print(f"{name:28} {len(rows_a):7} {len(rows_b):7}  {'same' if equal else 'DIFFERENT'}")
    print("identical" if same else "DIFFERENT")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
