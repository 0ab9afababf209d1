"""versioned propensity models and per-run propensity scores

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 17:00:00
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
        "prediction_models",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("horizon_days", sa.Integer(), nullable=False),
        sa.Column("train_from", sa.Date(), nullable=False),
        sa.Column("train_to", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("regimes", sa.JSON(), nullable=False),
        sa.Column("data_hash", sa.String(length=64), nullable=False),
        sa.Column("config_hash", sa.String(length=64), nullable=False),
        sa.Column("features", sa.JSON(), nullable=False),
        sa.Column("metrics", sa.JSON(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("activated_at", sa.DateTime(), nullable=True),
        sa.Column("previous_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prediction_models")),
    )
    with op.batch_alter_table("prediction_models", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_prediction_models_status"), ["status"], unique=False)

    op.create_table(
        "propensity_scores",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("population", sa.String(length=16), nullable=True),
        sa.Column("propensity", sa.Float(), nullable=True),
        sa.Column("regime", sa.String(length=16), nullable=False),
        sa.Column("model_id", sa.Integer(), nullable=True),
        sa.Column("factors", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["score_runs.id"], name=op.f("fk_propensity_scores_run_id_score_runs")
        ),
        sa.PrimaryKeyConstraint("run_id", "account_id", name=op.f("pk_propensity_scores")),
    )
    with op.batch_alter_table("propensity_scores", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_propensity_scores_account_id"), ["account_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("propensity_scores", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_propensity_scores_account_id"))
    op.drop_table("propensity_scores")
    with op.batch_alter_table("prediction_models", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_prediction_models_status"))
    op.drop_table("prediction_models")
