"""`beachhead backtest`: how the propensity model would have done, against simpler strategies."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

from beachhead.cli.common import (
    JsonOption,
    WorkspaceOption,
    console,
    open_platform,
    print_json,
    render_table,
    run_command,
)
from beachhead.cli.dates import EngineOption, parse_day
from beachhead.cli.progress import RichProgress
from beachhead.services.backtest import STRATEGIES, BacktestDay, BacktestReport, backtest
from beachhead.services.charts import reliability_svg

STRATEGY_NAMES = {
    "icp_fit": "ICP fit filter",
    "fit_plus_intent": "fit + intent",
    "propensity": "propensity model",
}


def register(app: typer.Typer) -> None:
    app.command("backtest", rich_help_panel="Prediction")(backtest_command)


AsOfDays = Annotated[
    list[str],
    typer.Option("--as-of", help="Day to score the market as it was (repeat for a spread)."),
]
HorizonOption = Annotated[
    int | None, typer.Option("--horizon-days", help="Days after each as-of day to judge.")
]
EveryOption = Annotated[
    int, typer.Option("--every", help="Also backtest this many days before each --as-of...")
]
TimesOption = Annotated[
    int, typer.Option("--times", help="...this many times in all per --as-of (1: just it).")
]
PopulationOption = Annotated[
    str, typer.Option("--population", help="new_business (prospects) or expansion.")
]
ChartOption = Annotated[
    Path | None, typer.Option("--chart", help="Write the reliability curves as SVG here.")
]


def backtest_command(
    as_of: AsOfDays,
    workspace: WorkspaceOption = None,
    horizon_days: HorizonOption = None,
    every: EveryOption = 30,
    times: TimesOption = 1,
    population: PopulationOption = "new_business",
    chart: ChartOption = None,
    engine: EngineOption = "duckdb",
    as_json: JsonOption = False,
) -> None:
    """Score the market as of past days and compare with the pipeline that really opened."""
    days = run_command(lambda: _days(as_of, every, times))
    with open_platform(workspace) as platform, RichProgress(enabled=not as_json) as bars:
        report = run_command(
            lambda: backtest(platform, days, horizon_days, population, engine, bars)
        )
    if chart is not None:
        chart.write_text(reliability_svg(_curves(report)), encoding="utf-8")
    if as_json:
        print_json(report.as_dict())
        return
    for day in report.days:
        _render_day(day, report.k_values)
    if len(report.days) > 1:
        _render_spread(report)
    if chart is not None:
        console.print(f"Reliability chart: {chart}")


def _days(texts: list[str], every: int, times: int) -> list[dt.date]:
    days: list[dt.date] = []
    for text in texts:
        day = parse_day(text) or dt.date.today()  # parse_day only returns None for None
        days += [day - dt.timedelta(days=every * i) for i in range(max(times, 1))]
    return sorted(set(days))


def _render_day(day: BacktestDay, k_values: tuple[int, ...]) -> None:
    note = "" if day.complete else "  [yellow](outcome window not complete yet)[/]"
    console.print(
        f"\n[bold]As of {day.as_of}[/], next {day.horizon_days} days: {day.opened} of "
        f"{day.accounts} {day.population.replace('_', ' ')} accounts opened pipeline; "
        f"model regime {day.regime}{note}"
    )
    columns = ["strategy", "AUC", "PR-AUC", "lift@10%"]
    columns += [f"P@{k}" for k in k_values] + [f"pipeline@{k}" for k in k_values] + ["Brier"]
    rows = []
    for name in STRATEGIES:
        e = day.strategies[name]
        brier = _fmt(e["brier"], 4) if name == "propensity" else ""
        rows.append(
            [STRATEGY_NAMES[name], _fmt(e["auc"]), _fmt(e["pr_auc"]), _fmt(e["lift_at_10pct"], 2)]
            + [_fmt(_at(e["precision_at_k"], k)) for k in k_values]
            + [_pct(_at(e["captured_at_k"], k)) for k in k_values]
            + [brier]
        )
    render_table(None, columns, rows)
    _render_reliability(day.strategies["propensity"]["reliability"])


def _render_reliability(bins: list[dict[str, Any]]) -> None:
    rows = [
        (f"{b['lo']:.2f}-{b['hi']:.2f}", b["n"], _pct(b["mean_predicted"]), _pct(b["observed"]))
        for b in bins
        if b["n"]
    ]
    render_table("Reliability (propensity)", ["predicted", "accounts", "mean predicted",
                                              "observed"], rows)  # fmt: skip


def _render_spread(report: BacktestReport) -> None:
    rows = []
    for name, metrics in report.spread.items():
        for metric, s in metrics.items():
            rows.append((STRATEGY_NAMES[name], metric, _fmt(s["mean"]), _fmt(s["min"]),
                         _fmt(s["max"])))  # fmt: skip
    title = f"Spread over {len(report.days)} as-of days"
    render_table(title, ["strategy", "metric", "mean", "min", "max"], rows)


def _curves(report: BacktestReport) -> dict[str, list[tuple[float, float, int]]]:
    return {
        str(day.as_of): [
            (b["mean_predicted"], b["observed"], b["n"])
            for b in day.strategies["propensity"]["reliability"]
            if b["n"]
        ]
        for day in report.days
    }


def _at(values: dict[Any, Any], k: int) -> Any:
    return values.get(k, values.get(str(k)))


def _fmt(value: Any, digits: int = 3) -> str:
    return "" if value is None else f"{float(value):.{digits}f}"


def _pct(value: Any) -> str:
    return "" if value is None else f"{100 * float(value):.1f}%"
