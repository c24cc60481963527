"""vanthu: Vietnamese administrative documents → a queryable database of directives."""
__version__ = "0.1.0"
