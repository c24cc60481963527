"""Database commands start light: they load neither the extraction rules nor Alembic,
Prefect or cryptography before their query, and the command modules import the shared
vanthu/app.py, never vanthu/cli.py (which imports them)."""
from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

from extractors import extract, read_file
from extractors.lexicon import data_dir
from models import connect, save_extraction
from models.db import MIGRATIONS_DIR, current_revision, head_revision

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("alembic", "prefect", "cryptography", "holidays", "underthesea", "pypdfium2",
         "extractors.obligations", "extractors.deadlines", "extractors.header")

PROBE = """
import json, sys
from vanthu.cli import main
sys.argv = ["vanthu", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit as e:
    code = e.code
sys.stdout.flush()
print("\\nLOADED " + json.dumps(sorted(sys.modules)))
"""


def loaded_by(args: list[str]) -> tuple[str, set[str]]:
    out = subprocess.run([sys.executable, "-c", PROBE, json.dumps(args)], capture_output=True,
                         text=True, cwd=ROOT, check=True)
    text, _, modules = out.stdout.rpartition("\nLOADED ")
    return text, set(json.loads(modules))


def test_database_commands_load_no_rules_migrations_or_prefect(tmp_path: Path) -> None:
    db = tmp_path / "v.db"
    engine = connect(f"sqlite:///{db}")
    sample = read_file(str(data_dir() / "samples" / "004_b9cb7e9834b222b8.txt"))
    save_extraction(engine, sample, extract(sample))
    assert current_revision(engine) == head_revision()
    engine.dispose()
    for args in (["show", "878/UBND-NNTN"], ["search", "ocop"],
                 ["deadlines", "--as-of", "2020-04-01"],
                 ["obligations", "--unit", "UBND các huyện, thành phố"]):
        text, modules = loaded_by([*args, "--db", str(db)])
        assert "878/UBND-NNTN" in text or "Ngãi" in text or "OCOP" in text.upper(), (args, text)
        heavy = {m for m in modules if m.split(".")[0] in HEAVY or m in HEAVY}
        assert not heavy, (args, sorted(heavy))


def test_the_head_revision_is_alembics() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert head_revision() == ScriptDirectory.from_config(cfg).get_current_head()


def test_command_modules_do_not_import_the_cli() -> None:
    for path in sorted((ROOT / "vanthu").glob("*.py")):
        if path.name == "cli.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                assert node.module != "vanthu.cli", path.name
                assert not (node.module == "vanthu" and any(a.name == "cli" for a in node.names)), path.name


def test_lazy_names_are_not_shadowed_by_submodules() -> None:
    """A submodule imported by someone else (models.search) must not replace the function
    of the same name that the package hands out."""
    import importlib

    import models
    import models.search  # noqa: F401 - what vanthu.display's imports do

    for name in ("search", "connect", "find_documents", "save_extractions"):
        assert callable(getattr(models, name)) and not isinstance(
            getattr(models, name), type(importlib)), name
