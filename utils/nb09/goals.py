"""Notebook 09, from goals to metrics: SMART growth targets, the goal tracker.

A goal such as "grow followers by 15% in 3 months" is an ``uplift`` (0.15, a
fraction) over a number of ``periods`` (3). Growth compounds: each month builds
on the last, so the monthly rate is ``(1 + 0.15) ** (1 / 3) - 1`` = 4.77%,
not 15% / 3 = 5%.

* :func:`required_growth_rate`, :func:`target_path`, :func:`progress`,
  :func:`on_track`: compounded targets and progress against them.
* :data:`GOAL_METRICS` / :func:`metric_for_goal`: which metric matches which
  business objective, derived from the course's one table
  :data:`utils.shared.goals.OBJECTIVES` (the notebook shows it with
  :func:`utils.shared.goals.goal_metric_table`).
* :func:`monthly_conversions`: conversions from social media per month, from
  ``posts`` (orders after a click on a post) or ``web_sessions`` (visits from
  social channels that ended with an order).
* :func:`baseline_value`, :func:`month_to_month_change`, :func:`track_goal`
  and :func:`tracker_rows` (the pure compute behind the notebook's panel).

Months are labelled ``"YYYY-MM"`` strings. Every function validates its input
(``ValueError``/``TypeError`` naming the argument) and never returns NaN or inf.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from utils.shared.goals import OBJECTIVES
from utils.shared.plotting import num, pct
from utils.shared.validation import (
    Numeric,
    OnZero,
    align,
    as_numeric,
    as_scalar,
    check_choice,
    check_int,
    check_nonnegative,
    check_positive,
    check_range,
    check_result,
    safe_divide,
)

__all__ = [
    "CRISIS_WEEK",
    "GOAL_METRICS",
    "MAX_PERIODS",
    "METRICS",
    "SOURCES",
    "baseline_value",
    "goal_summary",
    "metric_for_goal",
    "month_to_month_change",
    "monthly_conversions",
    "NoActualsYet",
    "on_track",
    "plot_goal",
    "progress",
    "required_growth_rate",
    "shift_month",
    "target_path",
    "track_goal",
    "tracker_rows",
]

#: Largest number of periods accepted (e.g. 10 years of days).
MAX_PERIODS: int = 10_000


def _uplift(value: Any) -> Numeric:
    return check_range(
        "uplift", value, low=-1, low_inclusive=False,
        hint="an uplift is a fraction: 0.15 for +15%; a fall of 100% or more is impossible",
    )


def _periods(value: Any) -> int:
    return check_int("periods", value, minimum=1, maximum=MAX_PERIODS)


def required_growth_rate(uplift: Any, periods: Any) -> Numeric:
    """Growth rate per period that compounds to ``uplift`` over ``periods``.

    ``(1 + uplift) ** (1 / periods) - 1``, a fraction per period. Example:
    +15% in 3 months needs ``required_growth_rate(0.15, 3)`` = 0.0477 (4.77%)
    per month; +21% in 2 periods needs exactly 10% per period.

    ``uplift``: the total change as a fraction, greater than -1 (negative for a
    reduction goal); scalar, array or Series. ``periods``: whole number >= 1.
    """
    change = _uplift(uplift)
    n = _periods(periods)
    aligned = align(("uplift", change))
    rate = np.power(1.0 + aligned.values[0], 1.0 / n) - 1.0
    return aligned.wrap(rate, "growth_rate")


def target_path(baseline: Any, uplift: Any, periods: Any) -> pd.Series:
    """Target value for every period on the compounded path to the goal.

    ``baseline * (1 + r) ** t`` for ``t = 0..periods``, where ``r`` is
    :func:`required_growth_rate`. Period 0 is the baseline; the last period is
    exactly ``baseline * (1 + uplift)``. Units: those of ``baseline``
    (followers, EUR, ...). Example: ``target_path(1000, 0.21, 2)`` ->
    ``[1000, 1100, 1210]``.

    ``baseline``: a single number > 0. ``uplift``: a single number > -1.
    Returns a Series named ``"target"`` indexed by ``period``.
    """
    start = float(check_positive("baseline", as_scalar("baseline", baseline)))
    change = float(_uplift(as_scalar("uplift", uplift)))
    n = _periods(periods)
    rate = float(required_growth_rate(change, n))
    with np.errstate(over="ignore", invalid="ignore"):  # overflow is reported by check_result
        path = start * np.power(1.0 + rate, np.arange(n + 1))
        path[0], path[-1] = start, start * (1.0 + change)
    check_result("target", path)
    return pd.Series(path, index=pd.RangeIndex(n + 1, name="period"), name="target")


def progress(actual: Any, baseline: Any, target: Any, *, on_zero: OnZero = "raise") -> Numeric:
    """Fraction of the way from ``baseline`` to ``target``.

    ``(actual - baseline) / (target - baseline)``: 0 at the baseline, 1 at the
    target, above 1 when the goal is beaten, negative when moving the wrong
    way. Works for reduction goals too (target below baseline). Example:
    ``progress(1100, 1000, 1200) == 0.5``.

    All three are non-negative numbers in the metric's own unit; scalars,
    arrays or Series. Rule: ``baseline`` and ``target`` must differ (the
    distance to cover cannot be zero); for columns, rows where they are equal
    follow ``on_zero`` (``"raise"``, ``"nan"`` or ``"zero"``).
    """
    aligned = align(
        ("actual", check_nonnegative("actual", actual)),
        ("baseline", check_nonnegative("baseline", baseline)),
        ("target", check_nonnegative("target", target)),
    )
    now, start, goal = aligned.values
    done = aligned.wrap(now - start, "progress")
    distance = aligned.wrap(goal - start, "progress")
    return safe_divide(
        done, distance,
        num_name="actual - baseline",
        den_name="target - baseline",
        name="progress",
        context="progress",
        on_zero=on_zero,
    )


def on_track(actuals: Any, baseline: Any, uplift: Any, periods: Any) -> pd.DataFrame:
    """Compare actual values with the compounded target path, period by period.

    ``actuals`` are the observed values for periods 1, 2, ... (period 0 is the
    ``baseline``); there may be fewer than ``periods`` of them (the goal is still
    running) but not more. For each period: ``target`` from :func:`target_path`,
    ``gap = actual - target`` (in the metric's unit) and ``status``:
    ``"on track"`` when the actual is at or beyond the target in the goal's
    direction (above it for growth goals, below it for reduction goals,
    within a 1e-9 relative tolerance), otherwise ``"behind"``.

    Returns a DataFrame with columns ``period``, ``target``, ``actual``,
    ``gap``, ``status`` (one row per actual value).
    """
    values = as_numeric("actuals", actuals)
    if isinstance(values, float):
        values = np.array([values])
    values = np.asarray(check_nonnegative("actuals", values), dtype=float)
    if values.ndim != 1 or values.size == 0:
        raise ValueError("actuals must be a non-empty list of values, one per period (period 1 first)")
    path = target_path(baseline, uplift, periods)
    n = len(path) - 1
    if values.size > n:
        raise ValueError(f"actuals has {values.size} values but the goal only has periods={n}")
    targets = path.to_numpy()[1 : values.size + 1]
    gap = values - targets
    slack = 1e-9 * np.abs(targets)
    reducing = float(as_scalar("uplift", uplift)) < 0
    ahead = gap <= slack if reducing else gap >= -slack
    return pd.DataFrame(
        {
            "period": np.arange(1, values.size + 1),
            "target": targets,
            "actual": values,
            "gap": gap,
            "status": np.where(ahead, "on track", "behind"),
        }
    )

#: Business objective -> (metric, formula, utils function, course data), derived from the one course table
#: :data:`utils.shared.goals.OBJECTIVES` (notebooks 03, 08 and 11 read the same table).
GOAL_METRICS: dict[str, tuple[str, str, str, str]] = {
    name: (o.metric, o.formula, o.function, o.data) for name, o in OBJECTIVES.items()
}

#: The metrics of :data:`GOAL_METRICS`, in table order (the exercise's options).
METRICS: tuple[str, ...] = tuple(m for m, *_ in GOAL_METRICS.values())

#: Where monthly conversions from social media can be counted.
SOURCES: tuple[str, ...] = ("posts", "web_sessions")

_SOCIAL_CHANNELS = ("social_organic", "social_paid")

#: First and last day of the crisis week planted in the course data (a false viral claim; notebook 10).
CRISIS_WEEK: tuple[str, str] = ("2025-09-08", "2025-09-14")


class NoActualsYet(ValueError):
    """The goal starts after the last month of data: there is nothing to track yet."""


def metric_for_goal(goal: str) -> str:
    """The metric that matches a business objective of :data:`GOAL_METRICS` (e.g. ``"website traffic"``)."""
    return GOAL_METRICS[check_choice("goal", goal, GOAL_METRICS)][0]


# --------------------------------------------------------------------------- #
# Monthly series
# --------------------------------------------------------------------------- #
def _check_month(name: str, month: Any) -> pd.Period:
    if not isinstance(month, str):
        raise TypeError(f"{name} must be a month written 'YYYY-MM' (e.g. '2025-08'), got {month!r}")
    try:
        period = pd.Period(month, freq="M")
    except (ValueError, TypeError):
        raise ValueError(f"{name} must be a month written 'YYYY-MM' (e.g. '2025-08'), got {month!r}") from None
    if period.strftime("%Y-%m") != month.strip():
        raise ValueError(f"{name} must be a month written 'YYYY-MM' (e.g. '2025-08'), got {month!r}")
    return period


def shift_month(month: str, n: Any) -> str:
    """The month ``n`` months after ``month`` (``n`` may be negative): ``shift_month('2025-11', 2) == '2026-01'``."""
    steps = check_int("n", n, minimum=None)
    return (_check_month("month", month) + steps).strftime("%Y-%m")


def monthly_conversions(frame: pd.DataFrame, source: str = "posts") -> pd.Series:
    """Conversions from social media per calendar month.

    ``source="posts"``: the sum of ``conversions`` (orders placed after a click
    on a post) by the month the post went live (``posted_at``).
    ``source="web_sessions"``: the number of visits from the social channels
    (``social_organic``, ``social_paid``) that ended with an order
    (``converted``), by the month of ``started_at``.

    Returns a float Series indexed by ``"YYYY-MM"`` labels, every month from the
    first to the last in the data (months with no conversions are 0), named
    ``"conversions"``.
    """
    check_choice("source", source, SOURCES)
    need = ("posted_at", "conversions") if source == "posts" else ("started_at", "channel", "converted")
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame (the {source} table), got {type(frame).__name__}")
    missing = [c for c in need if c not in frame.columns]
    if missing:
        raise ValueError(f"frame is missing {missing} for source={source!r}: pass the {source} table")
    if source == "posts":
        when, counts = frame["posted_at"], frame["conversions"].astype(float)
    else:
        social = frame["channel"].astype(str).isin(_SOCIAL_CHANNELS)
        when, counts = frame.loc[social, "started_at"], frame.loc[social, "converted"].astype(float)
    if when.empty:
        raise ValueError(f"the {source} table has no rows{' from social channels' if source != 'posts' else ''}: "
                         f"no months to count")
    months = pd.to_datetime(when).dt.to_period("M")
    totals = counts.groupby(months.array).sum()  # by the period codes, not boxed Period objects
    full = pd.period_range(months.min(), months.max(), freq="M")
    totals = totals.reindex(full, fill_value=0.0)
    return pd.Series(totals.to_numpy(dtype=float), index=pd.Index(full.strftime("%Y-%m"), name="month"),
                     name="conversions")


def _check_monthly(monthly: Any) -> pd.Series:
    if not isinstance(monthly, pd.Series):
        raise TypeError(f"monthly must be a pandas Series of values by 'YYYY-MM' month, got {type(monthly).__name__}")
    if monthly.empty:
        raise ValueError("monthly is empty: there are no months to work with")
    return monthly


def baseline_value(monthly: pd.Series, month: str, window: Any = 1) -> float:
    """The goal's starting value: the mean of the ``window`` months ending at ``month``.

    ``window=1`` uses that month alone; ``window=3`` averages it with the two
    months before (smoother when months are noisy). The baseline must be
    greater than 0 for a growth target.
    """
    series = _check_monthly(monthly)
    _check_month("month", month)
    span = check_int("window", window, minimum=1, maximum=12)
    if month not in series.index:
        raise ValueError(f"month {month!r} is not in the data, which covers {series.index[0]} to {series.index[-1]}")
    end = series.index.get_loc(month)
    if end + 1 < span:
        raise ValueError(f"window={span} needs {span} months up to {month}, but the data start in {series.index[0]}")
    value = float(series.iloc[end + 1 - span: end + 1].mean())
    if value <= 0:
        raise ValueError(f"the baseline for {month} is 0: a percentage uplift on nothing is still nothing; "
                         f"choose another month")
    return value


def month_to_month_change(monthly: pd.Series) -> pd.Series:
    """Relative change from each month to the next, ``x[t] / x[t-1] - 1`` (fractions).

    Indexed by the later month; months following a zero month are left out.
    """
    series = _check_monthly(monthly).astype(float)
    before = series.shift(1)
    keep = before > 0
    return (series[keep] / before[keep] - 1.0).rename("change")


# --------------------------------------------------------------------------- #
# The goal tracker (the widget's compute)
# --------------------------------------------------------------------------- #
def track_goal(monthly: pd.Series, baseline_month: str, uplift: Any = 0.15, months: Any = 3,
               window: Any = 1) -> dict[str, Any]:
    """Set a compounded growth goal on a monthly metric and compare the data with it.

    The goal: raise the metric by ``uplift`` (a fraction, 0.15 = +15%) over
    ``months`` months, starting from :func:`baseline_value` of
    ``baseline_month``. The monthly rate needed is
    :func:`utils.nb09.goals.required_growth_rate`; the target for each month is
    :func:`utils.nb09.goals.target_path`; every month with data after the baseline
    (up to ``months`` of them) is compared by :func:`utils.nb09.goals.on_track`.

    Returns a dict: ``baseline_month``, ``baseline``, ``uplift``, ``months``,
    ``rate``, ``simple_rate`` (``uplift / months``, the common mistake),
    ``path`` (target per month, a Series indexed by month label, the baseline
    month first), ``tracker`` (one row per observed month: ``month``,
    ``target``, ``actual``, ``gap``, ``status``), ``observed`` (months with
    data), ``on_track_months``, ``status`` (``"on track"`` if the latest
    observed month meets its target, else ``"behind"``) and ``verdict``
    (``"goal met"``/``"goal missed"`` once the last month has data, judged on
    that month; otherwise the status so far).
    Raises :class:`NoActualsYet` if no month of data follows the baseline.
    """
    series = _check_monthly(monthly)
    _check_month("baseline_month", baseline_month)
    uplift_value = float(as_scalar("uplift", uplift))
    horizon = check_int("months", months, minimum=1, maximum=36)
    baseline = baseline_value(series, baseline_month, window)
    rate = float(required_growth_rate(uplift_value, horizon))
    path = target_path(baseline, uplift_value, horizon)
    labels = [shift_month(baseline_month, t) for t in range(horizon + 1)]
    path.index = pd.Index(labels, name="month")
    after = [m for m in labels[1:] if m in series.index]
    if not after:
        raise NoActualsYet(
            f"{baseline_month} is the last month of data, so no month of this goal has happened yet: "
            f"the target path is set (+{pct(rate, 2)} a month), but there is nothing to compare it with. "
            f"Pick an earlier baseline month to track progress."
        )
    tracker = on_track(series.loc[after].to_numpy(), baseline, uplift_value, horizon)
    tracker.insert(0, "month", after)
    on = int((tracker["status"] == "on track").sum())
    latest = str(tracker["status"].iloc[-1])
    if len(after) == horizon:
        verdict = "goal met" if latest == "on track" else "goal missed"
    else:
        verdict = f"{latest} so far ({len(after)} of {horizon} months have data)"
    return {
        "baseline_month": baseline_month, "baseline": baseline, "window": int(window), "uplift": uplift_value,
        "months": horizon, "rate": rate, "simple_rate": uplift_value / horizon, "path": path,
        "tracker": tracker, "observed": len(after), "on_track_months": on,
        "status": latest, "verdict": verdict,
    }


def tracker_rows(result: dict[str, Any]) -> list[tuple[str, str]]:
    """The panel's results table for a :func:`track_goal` result."""
    last = result["tracker"].iloc[-1]
    final_month = result["path"].index[-1]
    baseline = float(result["baseline"])
    return [
        # a one-month baseline is a whole count; a mean over several months keeps one decimal
        ("Baseline", f"{num(baseline, 0 if baseline.is_integer() else 1)} conversions ({result['baseline_month']})"),
        ("Goal", f"{'+' if result['uplift'] >= 0 else ''}{pct(result['uplift'], 0)} in {result['months']} months"),
        ("Monthly growth needed (compounded)", pct(result["rate"], 2)),
        ("Uplift / months (ignores compounding)", pct(result["simple_rate"], 2)),
        (f"Target for {final_month}", num(result["path"].iloc[-1], 1)),
        ("Months with data", f"{result['observed']} of {result['months']}"),
        ("Months on track", f"{result['on_track_months']} of {result['observed']}"),
        (f"Latest ({last['month']}): actual vs target", f"{num(last['actual'])} vs {num(last['target'], 1)}"),
        ("Verdict", result["verdict"]),
    ]


def goal_summary(result: dict[str, Any]) -> pd.DataFrame:
    """The tracker with its months as index and the gap as a fraction of the target (``gap_share``)."""
    table = result["tracker"].set_index("month")
    table["gap_share"] = table["gap"] / table["target"]
    return table



def plot_goal(ax, monthly: pd.Series, result: dict[str, Any], what: str = "conversions") -> None:
    """Draw a whole monthly series with a goal's target path and its tracked months.

    Grey bars: months outside the goal; the baseline month darker; tracked
    months green (on track) or vermillion (behind); the target path as a blue
    line; the crisis month shaded. Titles and labels the axes.
    """
    from matplotlib.patches import Patch

    from utils.shared.plotting import PALETTE

    series = _check_monthly(monthly)
    months = list(series.index) + [m for m in result["path"].index if m not in series.index]
    x = {m: i for i, m in enumerate(months)}
    status = dict(zip(result["tracker"]["month"], result["tracker"]["status"]))
    colours = {"on track": PALETTE[2], "behind": PALETTE[5]}
    bar_colours = [colours[status[m]] if m in status else ("#777777" if m == result["baseline_month"] else "#CCCCCC")
                   for m in series.index]
    crisis = pd.Period(CRISIS_WEEK[0], freq="M").strftime("%Y-%m")
    if crisis in x:
        ax.axvspan(x[crisis] - 0.5, x[crisis] + 0.5, color=PALETTE[6], alpha=0.35, zorder=0)
    ax.bar([x[m] for m in series.index], series.to_numpy(), color=bar_colours, width=0.7)
    ax.plot([x[m] for m in result["path"].index], result["path"].to_numpy(), color=PALETTE[0],
            marker="o", linewidth=2, zorder=3)
    ax.set_xticks(range(len(months)))
    ax.set_xticklabels(months, rotation=45, fontsize=8)
    ax.set_ylabel(f"{what} per month (count)")
    ax.set_xlabel("month")
    ax.set_title(f"Goal {result['uplift']:+.0%} in {result['months']} months from {result['baseline_month']}\n"
                 f"{result['verdict']}")
    handles = [ax.lines[-1], Patch(color="#777777"), Patch(color=PALETTE[2]), Patch(color=PALETTE[5])]
    labels = ["target path", "baseline month", "on track", "behind"]
    if crisis in x:
        handles.append(Patch(color=PALETTE[6], alpha=0.35))
        labels.append("crisis month")
    ax.legend(handles, labels, fontsize=8, ncol=len(labels), loc="upper center", bbox_to_anchor=(0.5, -0.3))
