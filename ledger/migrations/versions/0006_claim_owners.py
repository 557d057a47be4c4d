"""claim owners: who holds an outbox claim

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-09

A message claimed for sending records its claimer (`claimed_by`: the run's token, the process
id and start, the host; see `ledger.claims`), so that the next run hands back at once the
claims of a run that provably died — its PostgreSQL advisory lock free, or on SQLite its
process gone from this host — instead of holding them for the 15-minute lease. Claims made
before this revision have no owner and keep the lease.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("claimed_by", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("claimed_by")
