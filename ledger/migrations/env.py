"""Alembic environment: run against the engine dondoc hands over (see ledger.db)."""

from alembic import context

from ledger.models import Base

config = context.config
engine = config.attributes.get("engine")
if engine is None:  # `alembic` run by hand with -x url=...
    from ledger.db import make_engine

    engine = make_engine(context.get_x_argument(as_dictionary=True)["url"])

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
