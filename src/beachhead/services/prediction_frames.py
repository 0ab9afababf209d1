"""Feature frames for propensity: one account per row, as of a day, with what happened next.

The features (`core.prediction.features`) and the outcomes (`core.prediction.labels`) run on
the engine like the scores; they meet here as pandas frames for the models. A training frame
stacks several snapshot days whose whole horizon lies before the as-of day, so no label is
read from the future; the scoring frame is the as-of day itself, without labels.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import pandas as pd
import pyarrow as pa
from sqlalchemy import select

from beachhead.core.icp.model import IcpModel
from beachhead.core.prediction.catalog import NUMERIC
from beachhead.core.prediction.features import FeatureInputs, feature_table
from beachhead.core.prediction.labels import outcomes
from beachhead.engine.results import to_arrow
from beachhead.engine.tables import EngineTables
from beachhead.platform import Platform
from beachhead.services.icp import learn_from_workspace
from beachhead.services.run_config import RunConfig
from beachhead.store.models import Account

DIGITS = 9  # decimals kept of every numeric feature
LABEL_COLUMNS = {
    "new_business": ("opened_new_business", "new_business_value"),
    "expansion": ("opened_expansion", "expansion_value"),
}


def inputs_of(tables: EngineTables) -> FeatureInputs:
    return FeatureInputs(
        accounts=tables.accounts,
        contacts=tables.contacts,
        opportunities=tables.opportunities,
        activities=tables.activities,
        intent=tables.intent,
    )


def features_on(
    tables: EngineTables, day: dt.date, config: RunConfig, icp: IcpModel | None = None
) -> pd.DataFrame:
    """Every account's features as of `day` (column `population` says which model applies),
    with fit by `icp` (default: the workspace's profile)."""
    table = feature_table(inputs_of(tables), day, icp or config.icp, config.scoring)
    frame = to_arrow(table, "account_id").to_pandas()
    # Parallel sums end in different last bits from run to run (9.999999999999998 or 10.0);
    # a tree's bin edge can fall between them. Rounded, the same data train the same model.
    frame[list(NUMERIC)] = frame[list(NUMERIC)].round(DIGITS)
    frame["as_of"] = pd.Timestamp(day)
    return frame


def labelled(
    tables: EngineTables,
    day: dt.date,
    config: RunConfig,
    horizon_days: int,
    icp: IcpModel | None = None,
) -> pd.DataFrame:
    """Features as of `day` with `label_<population>` / `value_<population>` of the horizon."""
    frame = features_on(tables, day, config, icp)
    happened = to_arrow(outcomes(tables.opportunities, day, horizon_days), "account_id")
    frame = frame.merge(happened.to_pandas(), on="account_id", how="left")
    for population, (opened, value) in LABEL_COLUMNS.items():
        frame[f"label_{population}"] = frame[opened].astype("boolean").fillna(False).astype(bool)
        frame[f"value_{population}"] = frame[value].astype("float64").fillna(0.0)
    return frame.drop(columns=[c for pair in LABEL_COLUMNS.values() for c in pair])


def for_population(frame: pd.DataFrame, population: str) -> pd.DataFrame:
    """The rows a population's model learns from or scores, with `label` and `value`."""
    rows = frame[frame["population"] == population].copy()
    if f"label_{population}" in rows:
        rows["label"] = rows[f"label_{population}"]
        rows["value"] = rows[f"value_{population}"]
    return rows.reset_index(drop=True)


def training_frame(
    tables: EngineTables,
    days: Sequence[dt.date],
    config: RunConfig,
    horizon_days: int,
    profiles: Mapping[dt.date, IcpModel],
) -> pd.DataFrame:
    """Labelled snapshots for every day in `days`, stacked oldest first, each with the fit of
    the profile known on its day (`profiles`; the workspace's profile for a day not in it)."""
    parts = [labelled(tables, day, config, horizon_days, profiles.get(day)) for day in days]
    return pd.concat(parts, ignore_index=True)


def profiles_for(
    platform: Platform, config: RunConfig, days: Sequence[dt.date]
) -> dict[dt.date, IcpModel]:
    """The ICP as it could have been known on each day.

    A learned profile is learned from the wins it explains: used on a past day it would score
    that day's future customers with hindsight. So a learned workspace profile is relearned
    from the deals closed before each day; a profile written by people is used as it is.
    """
    if config.icp.regime != "learned":
        return {}
    return {day: learn_from_workspace(platform, day).model for day in days}


def with_custom(frame: pd.DataFrame, custom: pa.Table | None) -> pd.DataFrame:
    """`frame` with the configured custom account fields joined on by account id."""
    if custom is None or custom.num_columns <= 1:
        return frame
    return frame.merge(custom.to_pandas(), on="account_id", how="left")


def read_custom_fields(platform: Platform, names: Sequence[str]) -> pa.Table | None:
    """The named fields of every account's imported custom data, numbers where they parse.

    These are today's values: the leakage guard decides whether a model may use them.
    """
    if not names:
        return None
    with platform.store.reader() as session:
        rows = session.execute(select(Account.id, Account.custom)).all()
    columns: dict[str, list[object]] = {"account_id": [r[0] for r in rows]}
    for name in names:
        columns[name] = [(r[1] or {}).get(name) for r in rows]
    frame = pd.DataFrame(columns)
    for name in names:
        numbers = pd.to_numeric(frame[name], errors="coerce")
        if numbers.notna().sum() >= frame[name].notna().sum() * 0.9:
            frame[name] = numbers.astype("float64")
        else:
            frame[name] = frame[name].astype("string").astype(object)
    return pa.Table.from_pandas(frame, preserve_index=False)
