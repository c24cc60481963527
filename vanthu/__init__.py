"""vanthu: Vietnamese administrative documents → a queryable database of directives."""
__version__ = "0.12.0"  # as in pyproject.toml (tests/test_secretariat.py checks)
