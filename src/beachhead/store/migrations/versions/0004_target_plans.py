"""proposed tier plans and each account's tier, cluster and explanation

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "target_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("config_hash", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["score_runs.id"], name=op.f("fk_target_plans_run_id_score_runs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_target_plans")),
    )
    with op.batch_alter_table("target_plans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_target_plans_run_id"), ["run_id"], unique=False)

    op.create_table(
        "target_accounts",
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("tier", sa.String(length=16), nullable=False),
        sa.Column("motion", sa.String(length=16), nullable=False),
        sa.Column("cluster", sa.String(length=16), nullable=True),
        sa.Column("expected_value", sa.Float(), nullable=False),
        sa.Column("explanation", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["target_plans.id"], name=op.f("fk_target_accounts_plan_id_target_plans")
        ),
        sa.PrimaryKeyConstraint("plan_id", "account_id", name=op.f("pk_target_accounts")),
    )
    with op.batch_alter_table("target_accounts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_target_accounts_account_id"), ["account_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("target_accounts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_target_accounts_account_id"))
    op.drop_table("target_accounts")
    with op.batch_alter_table("target_plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_target_plans_run_id"))
    op.drop_table("target_plans")
