"""obligations of every family: occurrences, and tasks per (occurrence, step, unit)

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02

An existing ledger is carried over without loss: each (obligation, period) its tasks share
becomes one occurrence (its key and label the period's, its anchor the deadline), and each task
becomes the one step `report` of its occurrence. Report windows become optional (a meeting has
none), and an obligation's period kind too.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OCCURRENCE_STATUSES = "status IN ('scheduled', 'moved', 'cancelled')"


def upgrade() -> None:
    op.create_table(
        "occurrences",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("obligation_id", sa.String(length=63), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("family", sa.String(length=32), nullable=False),
        sa.Column("anchor", sa.Date(), nullable=False),
        sa.Column("planned_anchor", sa.Date(), nullable=False),
        sa.Column("window_start", sa.Date(), nullable=True),
        sa.Column("window_end", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(OCCURRENCE_STATUSES, name="ck_occurrence_status"),
        sa.ForeignKeyConstraint(["obligation_id"], ["obligations.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("obligation_id", "key", name="uq_occurrence_key"),
    )
    op.create_index("ix_occurrences_anchor", "occurrences", ["anchor"], unique=False)

    # Each (obligation, period) of the ledger becomes one occurrence …
    op.execute(
        "INSERT INTO occurrences (obligation_id, key, label, family, anchor, planned_anchor, "
        "window_start, window_end, status, reason, created_at, updated_at) "
        "SELECT t.obligation_id, t.period_key, MIN(t.period_label), MIN(o.family), "
        "MIN(t.due_on), MIN(t.due_on), MIN(t.window_start), MAX(t.window_end), 'scheduled', "
        "NULL, MIN(t.created_at), MAX(t.updated_at) "
        "FROM tasks t JOIN obligations o ON o.id = t.obligation_id "
        "GROUP BY t.obligation_id, t.period_key"
    )
    with op.batch_alter_table("tasks") as batch:
        batch.add_column(sa.Column("occurrence_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("family", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("step_id", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("step_kind", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("done_on", sa.Date(), nullable=True))
        batch.alter_column(
            "period_key",
            new_column_name="occurrence_key",
            existing_type=sa.String(length=16),
            type_=sa.String(length=32),
            existing_nullable=False,
        )
        batch.alter_column(
            "period_label",
            new_column_name="occurrence_label",
            existing_type=sa.Text(),
            existing_nullable=False,
        )
        batch.alter_column("window_start", existing_type=sa.Date(), nullable=True)
        batch.alter_column("window_end", existing_type=sa.Date(), nullable=True)
        batch.drop_constraint("uq_task_period", type_="unique")
    # … and each task the one step `report` of its occurrence.
    op.execute(
        "UPDATE tasks SET "
        "occurrence_id = (SELECT oc.id FROM occurrences oc "
        "WHERE oc.obligation_id = tasks.obligation_id AND oc.key = tasks.occurrence_key), "
        "family = (SELECT o.family FROM obligations o WHERE o.id = tasks.obligation_id), "
        "step_id = 'report', step_kind = 'report'"
    )
    with op.batch_alter_table("tasks") as batch:
        batch.alter_column("occurrence_id", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("family", existing_type=sa.String(length=32), nullable=False)
        batch.alter_column("step_id", existing_type=sa.String(length=32), nullable=False)
        batch.alter_column("step_kind", existing_type=sa.String(length=32), nullable=False)
        batch.create_foreign_key("fk_tasks_occurrence_id", "occurrences", ["occurrence_id"], ["id"])
        batch.create_unique_constraint("uq_task_step", ["occurrence_id", "step_id", "unit_code"])
    op.create_index("ix_tasks_status_opens_on", "tasks", ["status", "opens_on"], unique=False)
    with op.batch_alter_table("obligations") as batch:
        batch.alter_column("period_kind", existing_type=sa.String(length=16), nullable=True)
    # What the planner last reconciled: a daily run skips an unchanged planning window.
    op.create_table(
        "planning_stamps",
        sa.Column("scope", sa.String(length=255), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("horizon_end", sa.Date(), nullable=False),
        sa.Column("starts", sa.JSON(), nullable=False),
        sa.Column("planned_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("scope"),
    )


def downgrade() -> None:
    op.drop_table("planning_stamps")
    # Only a ledger of one-step report occurrences can go back: the unique key of 0001 must hold.
    op.drop_index("ix_tasks_status_opens_on", table_name="tasks")
    with op.batch_alter_table("tasks") as batch:
        batch.drop_constraint("uq_task_step", type_="unique")
        batch.drop_constraint("fk_tasks_occurrence_id", type_="foreignkey")
        batch.drop_column("occurrence_id")
        batch.drop_column("family")
        batch.drop_column("step_id")
        batch.drop_column("step_kind")
        batch.drop_column("done_on")
        batch.alter_column(
            "occurrence_key",
            new_column_name="period_key",
            existing_type=sa.String(length=32),
            type_=sa.String(length=16),
            existing_nullable=False,
        )
        batch.alter_column(
            "occurrence_label",
            new_column_name="period_label",
            existing_type=sa.Text(),
            existing_nullable=False,
        )
        batch.alter_column("window_start", existing_type=sa.Date(), nullable=False)
        batch.alter_column("window_end", existing_type=sa.Date(), nullable=False)
        batch.create_unique_constraint(
            "uq_task_period", ["obligation_id", "unit_code", "period_key"]
        )
    with op.batch_alter_table("obligations") as batch:
        batch.alter_column("period_kind", existing_type=sa.String(length=16), nullable=False)
    op.drop_index("ix_occurrences_anchor", table_name="occurrences")
    op.drop_table("occurrences")
