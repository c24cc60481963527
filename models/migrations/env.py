"""Alembic environment: runs on the connection that :func:`models.db.upgrade` hands in, or on
``sqlalchemy.url`` from the config when alembic is run by hand."""
from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import engine_from_config, pool

from models import Base
from models.db import include_object

config = context.config
target_metadata = Base.metadata


def run(connection: Any) -> None:
    context.configure(connection=connection, target_metadata=target_metadata,
                      include_object=include_object, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    engine = engine_from_config(config.get_section(config.config_ini_section, {}),
                                prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.begin() as conn:
        run(conn)
