"""Tests of utils.nb09.goals: compounded growth targets and progress tracking."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from utils.nb09.goals import on_track, progress, required_growth_rate, target_path

FAST = settings(max_examples=60, deadline=None, database=None)


# --------------------------------------------------------------------------- #
# required_growth_rate
# --------------------------------------------------------------------------- #
def test_required_growth_rate_hand_worked():
    # +15% in 3 months: 1.15 ** (1/3) - 1 = 0.047690 (4.77% a month, not 5%)
    assert required_growth_rate(0.15, 3) == pytest.approx(0.0476896, abs=1e-7)
    assert required_growth_rate(0.21, 2) == pytest.approx(0.10)  # 1.1 * 1.1 = 1.21
    assert required_growth_rate(0.10, 1) == pytest.approx(0.10)
    assert required_growth_rate(0, 12) == 0.0
    assert required_growth_rate(-0.19, 2) == pytest.approx(-0.10)  # 0.9 * 0.9 = 0.81
    assert type(required_growth_rate(0.15, 3)) is float


def test_required_growth_rate_columns():
    rates = required_growth_rate(pd.Series([0.21, 0.44], index=["a", "b"]), 2)
    assert rates.name == "growth_rate" and list(rates.index) == ["a", "b"]
    np.testing.assert_allclose(rates.to_numpy(), [0.1, 0.2])
    np.testing.assert_allclose(required_growth_rate([0.21, 0.44], 2), [0.1, 0.2])


# --------------------------------------------------------------------------- #
# target_path
# --------------------------------------------------------------------------- #
def test_target_path_hand_worked():
    path = target_path(1000, 0.21, 2)
    assert isinstance(path, pd.Series)
    assert path.name == "target" and path.index.name == "period"
    np.testing.assert_allclose(path.to_numpy(), [1000, 1100, 1210])
    assert path.iloc[0] == 1000 and path.iloc[-1] == 1210.0


def test_target_path_reduction_goal():
    path = target_path(100, -0.19, 2)  # e.g. response time down 19% in 2 months
    np.testing.assert_allclose(path.to_numpy(), [100, 90, 81])


# --------------------------------------------------------------------------- #
# progress
# --------------------------------------------------------------------------- #
def test_progress_hand_worked():
    assert progress(1100, 1000, 1200) == 0.5
    assert progress(1000, 1000, 1200) == 0.0
    assert progress(1300, 1000, 1200) == 1.5  # goal beaten
    assert progress(900, 1000, 1200) == -0.5  # wrong direction
    assert progress(80, 100, 60) == 0.5  # reduction goal: halfway from 100 to 60
    np.testing.assert_allclose(progress([1000, 1100, 1200], 1000, 1200), [0, 0.5, 1])
    s = progress(pd.Series([1050], index=["jan"]), 1000, 1200)
    assert s.name == "progress" and s.loc["jan"] == 0.25


def test_progress_equal_baseline_and_target():
    with pytest.raises(ValueError, match="target - baseline is 0, so progress is undefined"):
        progress(5, 10, 10)
    with pytest.raises(ValueError, match=r"target - baseline is 0 in 1 of 2 rows \(first at position 1\)"):
        progress(5, [10, 20], [12, 20])
    assert np.isnan(progress(5, [10, 20], [12, 20], on_zero="nan")[1])


# --------------------------------------------------------------------------- #
# on_track
# --------------------------------------------------------------------------- #
def test_on_track_hand_worked():
    table = on_track([1090, 1215], baseline=1000, uplift=0.21, periods=2)
    assert list(table.columns) == ["period", "target", "actual", "gap", "status"]
    assert table["period"].tolist() == [1, 2]
    np.testing.assert_allclose(table["target"], [1100, 1210])
    np.testing.assert_allclose(table["gap"], [-10, 5])
    assert table["status"].tolist() == ["behind", "on track"]


def test_on_track_partial_and_exact_hits():
    table = on_track(pd.Series([1100]), baseline=1000, uplift=0.21, periods=2)
    assert len(table) == 1 and table["status"].tolist() == ["on track"]


def test_on_track_reduction_goal_is_on_track_below_target():
    table = on_track([95, 80], baseline=100, uplift=-0.19, periods=2)  # targets 90, 81
    assert table["status"].tolist() == ["behind", "on track"]


# --------------------------------------------------------------------------- #
# Bad input
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize(
    "func, args, error, match",
    [
        (required_growth_rate, (-1, 3), ValueError, "uplift must be greater than -1, got -1"),
        (required_growth_rate, (-1.5, 3), ValueError, "uplift must be greater than -1"),
        (required_growth_rate, ([0.1, -2], 3), ValueError, r"uplift must be greater than -1; violated in 1 of 2 rows"),
        (required_growth_rate, (0.1, 0), ValueError, "periods must be between 1 and"),
        (required_growth_rate, (0.1, 2.5), ValueError, "periods must be a whole number"),
        (required_growth_rate, (0.1, [3]), TypeError, "periods must be a single number"),
        (required_growth_rate, ("15%", 3), TypeError, "uplift must be a number"),
        (required_growth_rate, (float("nan"), 3), ValueError, "uplift is NaN"),
        (target_path, (0, 0.1, 3), ValueError, "baseline must be greater than 0, got 0"),
        (target_path, (-10, 0.1, 3), ValueError, "baseline must be greater than 0"),
        (target_path, (100, [0.1], 3), TypeError, "uplift must be a single number"),
        (target_path, (100, 0.1, True), TypeError, "periods must be a number, got the boolean"),
        (progress, (-1, 10, 20), ValueError, "actual must be 0 or more"),
        (progress, (1, None, 20), TypeError, "baseline must be a number"),
        (on_track, ([1, 2, 3], 10, 0.1, 2), ValueError, "actuals has 3 values but the goal only has periods=2"),
        (on_track, ([], 10, 0.1, 2), ValueError, "actuals must be a non-empty list"),
        (on_track, ([1, np.nan], 10, 0.1, 2), ValueError, "actuals has missing values"),
        (on_track, ([1, -2], 10, 0.1, 2), ValueError, "actuals must be 0 or more"),
        (on_track, ([1, 2], 0, 0.1, 2), ValueError, "baseline must be greater than 0"),
        (on_track, ([1, 2], 10, -1, 2), ValueError, "uplift must be greater than -1"),
    ],
)
def test_bad_input_is_named(func, args, error, match):
    with pytest.raises(error, match=match):
        func(*args)


# --------------------------------------------------------------------------- #
# Properties
# --------------------------------------------------------------------------- #
uplifts = st.floats(min_value=-0.95, max_value=10, allow_nan=False)
periods = st.integers(1, 120)


@FAST
@given(uplifts, periods)
def test_growth_rate_compounds_back_to_the_uplift(uplift, n):
    rate = required_growth_rate(uplift, n)
    assert (1 + rate) ** n - 1 == pytest.approx(uplift, rel=1e-9, abs=1e-9)


@FAST
@given(st.floats(min_value=1, max_value=1e7), uplifts, periods)
def test_target_path_ends_at_goal_and_moves_one_way(baseline, uplift, n):
    path = target_path(baseline, uplift, n).to_numpy()
    assert len(path) == n + 1
    assert path[0] == baseline
    assert path[-1] == pytest.approx(baseline * (1 + uplift))
    steps = np.diff(path)
    tolerance = 1e-9 * baseline
    assert np.all(steps >= -tolerance) if uplift >= 0 else np.all(steps <= tolerance)


@FAST
@given(
    st.floats(min_value=0, max_value=1e6),
    st.floats(min_value=0, max_value=1e6),
    st.floats(min_value=0, max_value=1e6),
)
def test_progress_is_zero_at_baseline_and_one_at_target(actual, baseline, target):
    assume(abs(target - baseline) >= 1e-3)
    assert progress(baseline, baseline, target) == 0
    assert progress(target, baseline, target) == pytest.approx(1)
    expected = (actual - baseline) / (target - baseline)
    assert progress(actual, baseline, target) == pytest.approx(expected)
