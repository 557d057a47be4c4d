"""Alembic environment: run against the engine dondoc hands over (see ledger.db).

On SQLite, a batch migration rebuilds a table (copy, drop, rename) that other tables refer to;
with foreign keys enforced, dropping it would fail or cascade. They are off while migrating —
set on the driver's connection, outside any transaction, as SQLite requires — and checked once
the migration is done.
"""

from alembic import context

from ledger.models import Base

config = context.config
engine = config.attributes.get("engine")
if engine is None:  # `alembic` run by hand with -x url=...
    from ledger.db import make_engine

    engine = make_engine(context.get_x_argument(as_dictionary=True)["url"])

with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    raw = connection.connection.driver_connection if sqlite else None
    if raw is not None:
        raw.execute("PRAGMA foreign_keys=OFF")
    try:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=sqlite,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()
        if raw is not None:
            broken = raw.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"the migration left broken foreign keys: {broken[:5]}")
    finally:
        if raw is not None:
            raw.execute("PRAGMA foreign_keys=ON")
