"""field days: the days a specialist went to a commune of their area

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02

One row per (specialist, commune, day): recording the same field day twice changes nothing.
A new table only; nothing existing is touched.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "field_days",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("specialist_code", sa.String(length=63), nullable=False),
        sa.Column("commune_code", sa.String(length=63), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["specialist_code"], ["units.code"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("specialist_code", "commune_code", "day", name="uq_field_day"),
    )
    op.create_index("ix_field_days_day", "field_days", ["day"])


def downgrade() -> None:
    op.drop_index("ix_field_days_day", table_name="field_days")
    op.drop_table("field_days")
