"""vanthu pipelines: thin Prefect flows over ``extractors`` and ``models``.

Importing :mod:`pipelines.ingest` imports Prefect; :mod:`pipelines.files` does not.
"""
