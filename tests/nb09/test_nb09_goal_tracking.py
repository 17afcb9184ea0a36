"""Tests of utils.nb09.goals: goal -> metric table, monthly conversions, baseline and tracker."""

from __future__ import annotations

import importlib

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from conftest import ROOT  # noqa: E402
from utils.nb09 import goals as gt  # noqa: E402
from utils.shared.goals import goal_metric_table  # noqa: E402


@pytest.fixture(scope="module")
def monthly(posts):
    return gt.monthly_conversions(posts, "posts")


def series(values, start="2025-01"):
    months = pd.period_range(start, periods=len(values), freq="M").strftime("%Y-%m")
    return pd.Series(values, index=pd.Index(months, name="month"), dtype=float)


# ------------------------------------------------------------------ goal -> metric
def test_goal_metric_table():
    table = goal_metric_table()
    assert list(table.columns) == ["SMM goal", "metric", "formula", "denominator", "data", "in utils"]
    assert len(table) == len(gt.GOAL_METRICS) and tuple(table["metric"]) == gt.METRICS
    assert table.loc["sales", "metric"] == "conversion rate"
    for ref in table["in utils"]:
        module, _, name = ref.rpartition(".")
        assert hasattr(importlib.import_module(module), name), ref


def test_goal_metric_table_is_the_one_course_table():
    """Notebooks 03, 08 and 09 show the same goal -> metric mapping: one table in utils.shared.goals."""
    from utils.shared.goals import OBJECTIVES

    shared = goal_metric_table()
    for notebook in ("03_action_plan", "08_tracking_metrics", "09_goals_to_metrics"):  # each calls the one function
        assert "from utils.shared.goals import goal_metric_table" in (ROOT / "notebooks" / f"{notebook}.ipynb").read_text()
    assert {goal: m for goal, (m, *_) in gt.GOAL_METRICS.items()} == {n: o.metric for n, o in OBJECTIVES.items()}
    assert shared.loc["brand awareness", "metric"] == "share of voice"
    notebook_08 = (ROOT / "notebooks" / "08_tracking_metrics.ipynb").read_text()
    assert "goal_metric_table()" in notebook_08  # 08 shows the same table rather than its own


def test_metric_for_goal():
    assert gt.metric_for_goal("website traffic") == "click-through rate"
    assert gt.metric_for_goal("customer service") == "response rate"
    with pytest.raises(ValueError, match="goal must be one of"):
        gt.metric_for_goal("Be famous")


# ------------------------------------------------------------------ monthly series
def test_monthly_conversions_from_posts(posts, monthly):
    expected = posts.groupby(posts["posted_at"].dt.strftime("%Y-%m"))["conversions"].sum()
    assert list(monthly.index) == list(expected.index)
    assert np.allclose(monthly.to_numpy(), expected.to_numpy())
    assert monthly.sum() == posts["conversions"].sum()


def test_monthly_conversions_from_web_sessions(web):
    m = gt.monthly_conversions(web, "web_sessions")
    social = web[web["channel"].astype(str).str.startswith("social")]
    expected = social.groupby(social["started_at"].dt.strftime("%Y-%m"))["converted"].sum()
    assert np.allclose(m.to_numpy(), expected.to_numpy())
    assert m.sum() < web["converted"].sum()  # search, email and direct are left out


def test_monthly_conversions_fills_empty_months():
    frame = pd.DataFrame({"posted_at": pd.to_datetime(["2025-01-05", "2025-03-02"]), "conversions": [2, 3]})
    m = gt.monthly_conversions(frame, "posts")
    assert list(m.index) == ["2025-01", "2025-02", "2025-03"] and list(m) == [2, 0, 3]


def test_monthly_conversions_bad_input(posts, web):
    with pytest.raises(ValueError, match="source must be one of"):
        gt.monthly_conversions(posts, "campaigns")
    with pytest.raises(ValueError, match="missing"):
        gt.monthly_conversions(web, "posts")
    with pytest.raises(TypeError, match="frame must be a pandas DataFrame"):
        gt.monthly_conversions([1, 2], "posts")
    with pytest.raises(ValueError, match="no rows"):
        gt.monthly_conversions(posts.iloc[0:0], "posts")
    with pytest.raises(ValueError, match="from social channels"):
        gt.monthly_conversions(web[web["channel"] == "search"], "web_sessions")


def test_shift_month():
    assert gt.shift_month("2025-11", 2) == "2026-01"
    assert gt.shift_month("2025-01", -1) == "2024-12"
    with pytest.raises(ValueError, match="month must be a month written"):
        gt.shift_month("2025-13", 1)
    with pytest.raises(TypeError, match="month must be a month written"):
        gt.shift_month(202508, 1)


# ------------------------------------------------------------------ baseline, change
def test_baseline_value():
    s = series([10, 20, 30, 40])
    assert gt.baseline_value(s, "2025-04") == 40
    assert gt.baseline_value(s, "2025-04", window=3) == pytest.approx(30)
    with pytest.raises(ValueError, match="window=3 needs 3 months"):
        gt.baseline_value(s, "2025-02", window=3)
    with pytest.raises(ValueError, match="not in the data"):
        gt.baseline_value(s, "2025-09")
    with pytest.raises(ValueError, match="baseline for 2025-01 is 0"):
        gt.baseline_value(series([0, 5]), "2025-01")
    with pytest.raises(ValueError, match="monthly is empty"):
        gt.baseline_value(series([]), "2025-01")
    with pytest.raises(TypeError, match="monthly must be a pandas Series"):
        gt.baseline_value([1, 2], "2025-01")


def test_month_to_month_change():
    c = gt.month_to_month_change(series([100, 110, 0, 50, 25]))
    assert list(c.index) == ["2025-02", "2025-03", "2025-05"]  # the month after a zero is left out
    assert list(c) == pytest.approx([0.1, -1.0, -0.5])


# ------------------------------------------------------------------ tracker
def test_track_goal_small_example():
    s = series([100, 105, 100, 116])
    r = gt.track_goal(s, "2025-01", uplift=0.21, months=2)
    assert r["rate"] == pytest.approx(0.1) and r["simple_rate"] == pytest.approx(0.105)
    assert list(r["path"].index) == ["2025-01", "2025-02", "2025-03"]
    assert list(r["path"]) == pytest.approx([100, 110, 121])
    assert list(r["tracker"]["status"]) == ["behind", "behind"]
    assert r["verdict"] == "goal missed" and r["on_track_months"] == 0
    r = gt.track_goal(s, "2025-02", uplift=0.1, months=2)   # 105 -> 110.25 -> 115.5; actual 100, 116
    assert list(r["tracker"]["status"]) == ["behind", "on track"] and r["verdict"] == "goal met"


def test_track_goal_on_the_course_data(monthly):
    r = gt.track_goal(monthly, "2025-08", 0.15, 3)
    assert r["rate"] == pytest.approx(1.15 ** (1 / 3) - 1) and round(r["rate"], 4) == 0.0477
    assert r["baseline"] == monthly["2025-08"]
    assert r["path"].iloc[-1] == pytest.approx(monthly["2025-08"] * 1.15)
    assert list(r["tracker"]["month"]) == ["2025-09", "2025-10", "2025-11"]
    assert list(r["tracker"]["actual"]) == list(monthly[["2025-09", "2025-10", "2025-11"]])
    # the crisis month is behind its target
    assert r["tracker"].set_index("month").loc["2025-09", "status"] == "behind"


def test_track_goal_running_and_not_started(monthly):
    r = gt.track_goal(monthly, "2025-11", 0.15, 3)
    assert r["observed"] == 1 and r["verdict"].endswith("so far (1 of 3 months have data)")
    assert list(r["path"].index)[-1] == "2026-02"
    with pytest.raises(gt.NoActualsYet, match="nothing to compare"):
        gt.track_goal(monthly, "2025-12", 0.15, 3)
    assert issubclass(gt.NoActualsYet, ValueError)


def test_track_goal_bad_input(monthly):
    with pytest.raises(ValueError, match="uplift must be greater than -1"):
        gt.track_goal(monthly, "2025-08", -1.5, 3)
    with pytest.raises(ValueError, match="months must be"):
        gt.track_goal(monthly, "2025-08", 0.15, 0)
    with pytest.raises(TypeError, match="uplift must be a single number"):
        gt.track_goal(monthly, "2025-08", [0.15], 3)
    with pytest.raises(ValueError, match="baseline_month must be a month written"):
        gt.track_goal(monthly, "August", 0.15, 3)


def test_tracker_rows_and_summary(monthly):
    r = gt.track_goal(monthly, "2025-08", 0.15, 3)
    rows = dict(gt.tracker_rows(r))
    assert rows["Monthly growth needed (compounded)"] == "4.77%"
    assert rows["Uplift / months (ignores compounding)"] == "5.00%"
    assert rows["Months with data"] == "3 of 3"
    summary = gt.goal_summary(r)
    assert list(summary.index) == ["2025-09", "2025-10", "2025-11"]
    assert np.allclose(summary["gap_share"], summary["gap"] / summary["target"])


def test_plot_goal_draws_titled_labelled_chart(monthly):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    gt.plot_goal(ax, monthly, gt.track_goal(monthly, "2025-08", 0.15, 3))
    assert ax.get_title() and ax.get_xlabel() and "(count)" in ax.get_ylabel()
    assert len(ax.patches) >= len(monthly)
    plt.close(fig)
