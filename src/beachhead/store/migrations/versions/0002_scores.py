"""score runs, account scores with their reasons, stage changes

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 15:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "score_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("engine", sa.String(length=16), nullable=False),
        sa.Column("config_hash", sa.String(length=64), nullable=False),
        sa.Column("icp_regime", sa.String(length=16), nullable=False),
        sa.Column("accounts_scored", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_score_runs")),
    )
    with op.batch_alter_table("score_runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_score_runs_as_of"), ["as_of"], unique=False)

    op.create_table(
        "account_scores",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("fit", sa.Float(), nullable=False),
        sa.Column("fit_band", sa.String(length=16), nullable=False),
        sa.Column("intent", sa.Float(), nullable=False),
        sa.Column("in_market", sa.Boolean(), nullable=False),
        sa.Column("engagement_score", sa.Float(), nullable=False),
        sa.Column("stage", sa.String(length=40), nullable=False),
        sa.Column("stage_reason", sa.Text(), nullable=True),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["score_runs.id"], name=op.f("fk_account_scores_run_id_score_runs")
        ),
        sa.PrimaryKeyConstraint("run_id", "account_id", name=op.f("pk_account_scores")),
    )
    with op.batch_alter_table("account_scores", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_account_scores_account_id"), ["account_id"], unique=False
        )

    op.create_table(
        "stage_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(length=40), nullable=False),
        sa.Column("from_stage", sa.String(length=40), nullable=True),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["score_runs.id"], name=op.f("fk_stage_changes_run_id_score_runs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stage_changes")),
    )
    with op.batch_alter_table("stage_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_stage_changes_account_id"), ["account_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_stage_changes_run_id"), ["run_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("stage_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stage_changes_run_id"))
        batch_op.drop_index(batch_op.f("ix_stage_changes_account_id"))
    op.drop_table("stage_changes")
    with op.batch_alter_table("account_scores", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_scores_account_id"))
    op.drop_table("account_scores")
    with op.batch_alter_table("score_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_score_runs_as_of"))
    op.drop_table("score_runs")
