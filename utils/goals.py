"""SMART goals in numbers: compounded growth targets and progress tracking.

A goal such as "grow followers by 15% in 3 months" is an ``uplift`` (0.15, a
fraction) over a number of ``periods`` (3). Growth compounds: each month builds
on the last, so the monthly rate is ``(1 + 0.15) ** (1 / 3) - 1`` = 4.77%,
not 15% / 3 = 5%.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from utils.validation import (
    Numeric,
    OnZero,
    align,
    as_numeric,
    as_scalar,
    check_int,
    check_nonnegative,
    check_positive,
    check_range,
    check_result,
    safe_divide,
)

__all__ = ["MAX_PERIODS", "on_track", "progress", "required_growth_rate", "target_path"]

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
