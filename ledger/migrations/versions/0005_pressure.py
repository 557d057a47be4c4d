"""pressure: policy snapshots, signed links, calendar feeds, issued documents

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02

A task opened from now on points at the chase and escalation policy it opened under
(`policy_snapshots`, one row per distinct policy): a later change of the catalogue's policy
does not rewrite the ladder of a task already open. Tasks opened before keep `policy_id` NULL
and follow the catalogue, as they did. A completion may keep the file handed in
(`submitted_file`). Three tables join: the signed links already used (single use), the tokens
of the calendar feeds (revocable), and the documents the office issues (the monthly compliance
bulletin: drafted, approved, sent — once per plan and period). The outbox gains the kind
`document` (an issued document sent to its recipients).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD_KINDS = "kind IN ('notice', 'digest', 'alert')"
_NEW_KINDS = "kind IN ('notice', 'digest', 'alert', 'document')"


def upgrade() -> None:
    op.create_table(
        "policy_snapshots",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("spec", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("digest", name="uq_policy_snapshot_digest"),
    )
    with op.batch_alter_table("tasks") as batch:
        batch.add_column(sa.Column("policy_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("submitted_file", sa.Text(), nullable=True))
        batch.create_foreign_key("fk_tasks_policy_id", "policy_snapshots", ["policy_id"], ["id"])
    op.create_table(
        "link_uses",
        sa.Column("token_id", sa.String(length=64), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["task_id"], ["tasks.id"]),
        sa.PrimaryKeyConstraint("token_id"),
    )
    op.create_table(
        "feed_tokens",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("scope", sa.String(length=63), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash", name="uq_feed_token_hash"),
    )
    op.create_index("ix_feed_tokens_scope", "feed_tokens", ["scope"])
    op.create_table(
        "issued_documents",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("plan_id", sa.String(length=63), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("files", sa.JSON(), nullable=True),
        sa.Column("summary", sa.JSON(), nullable=True),
        sa.Column("approved_by", sa.String(length=64), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("plan_id", "kind", "period", name="uq_issued_document"),
        sa.CheckConstraint(
            "status IN ('draft', 'approved', 'rejected', 'sent')",
            name="ck_issued_document_status",
        ),
    )
    with op.batch_alter_table("outbox") as batch:
        batch.drop_constraint("ck_outbox_kind", type_="check")
        batch.create_check_constraint("ck_outbox_kind", _NEW_KINDS)


def downgrade() -> None:
    op.execute("DELETE FROM outbox WHERE kind = 'document'")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_constraint("ck_outbox_kind", type_="check")
        batch.create_check_constraint("ck_outbox_kind", _OLD_KINDS)
    op.drop_table("issued_documents")
    op.drop_index("ix_feed_tokens_scope", table_name="feed_tokens")
    op.drop_table("feed_tokens")
    op.drop_table("link_uses")
    with op.batch_alter_table("tasks") as batch:
        batch.drop_constraint("fk_tasks_policy_id", type_="foreignkey")
        batch.drop_column("submitted_file")
        batch.drop_column("policy_id")
    op.drop_table("policy_snapshots")
