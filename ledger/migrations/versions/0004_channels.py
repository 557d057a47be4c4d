"""channels: one outbox for e-mail and Zalo, digests, fallbacks, tokens, delivery reports

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02

The outbox gains what every channel needs: a kind (a notice, a day's digest, an alert to the
office), a Zalo template's parameters, an e-mail serialised when it is queued, the urgent flag,
the digest a notice was gathered into, the recipient's next channels and the message a
fallback replaces, and when the provider said it was delivered. Two statuses join: `held` (in
a digest) and `unknown` (handed over, answer lost). Existing rows are notices; nothing else
changes. Two new tables: the channels' rotating tokens and the providers' delivery reports.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD_STATUSES = "status IN ('pending', 'sending', 'sent', 'failed', 'cancelled')"
_NEW_STATUSES = "status IN ('pending', 'sending', 'sent', 'failed', 'cancelled', 'held', 'unknown')"


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(
            sa.Column("kind", sa.String(length=16), nullable=False, server_default="notice")
        )
        batch.add_column(sa.Column("payload", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("raw", sa.LargeBinary(), nullable=True))
        batch.add_column(
            sa.Column("urgent", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("digest_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("fallbacks", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("fallback_from_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_foreign_key("fk_outbox_digest_id", "outbox", ["digest_id"], ["id"])
        batch.create_foreign_key(
            "fk_outbox_fallback_from_id", "outbox", ["fallback_from_id"], ["id"]
        )
        batch.drop_constraint("ck_outbox_status", type_="check")
        batch.create_check_constraint("ck_outbox_status", _NEW_STATUSES)
        batch.create_check_constraint("ck_outbox_kind", "kind IN ('notice', 'digest', 'alert')")
    op.create_index("ix_outbox_digest_id", "outbox", ["digest_id"])
    op.create_index("ix_outbox_message_id", "outbox", ["message_id"])

    op.create_table(
        "channel_tokens",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("access_token", sa.Text(), nullable=False),
        sa.Column("refresh_token", sa.Text(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("broken_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("broken_reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "delivery_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("provider", sa.String(length=16), nullable=False),
        sa.Column("event_key", sa.String(length=255), nullable=False),
        sa.Column("event", sa.String(length=64), nullable=False),
        sa.Column("message_id", sa.String(length=255), nullable=True),
        sa.Column("tracking_id", sa.String(length=255), nullable=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("provider", "event_key", name="uq_delivery_event"),
    )


def downgrade() -> None:
    op.drop_table("delivery_events")
    op.drop_table("channel_tokens")
    op.drop_index("ix_outbox_message_id", table_name="outbox")
    op.drop_index("ix_outbox_digest_id", table_name="outbox")
    # Rows only the new schema can hold go back to what the old one knows.
    op.execute("UPDATE outbox SET status = 'pending' WHERE status IN ('held', 'unknown')")
    op.execute("DELETE FROM outbox WHERE kind <> 'notice'")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_constraint("ck_outbox_kind", type_="check")
        batch.drop_constraint("ck_outbox_status", type_="check")
        batch.create_check_constraint("ck_outbox_status", _OLD_STATUSES)
        batch.drop_constraint("fk_outbox_fallback_from_id", type_="foreignkey")
        batch.drop_constraint("fk_outbox_digest_id", type_="foreignkey")
        for column in (
            "delivered_at",
            "fallback_from_id",
            "fallbacks",
            "digest_id",
            "urgent",
            "raw",
            "payload",
            "kind",
        ):
            batch.drop_column(column)
