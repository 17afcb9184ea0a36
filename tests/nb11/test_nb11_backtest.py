"""Tests of the capstone's backtest: each past campaign forecast from the others' data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from utils.nb11 import backtest as B
from utils.nb11 import brief, forecast
from utils.shared.data import load_audience, load_campaigns, load_posts


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return B.backtest()


def test_one_row_per_campaign_with_its_actual_results(table):
    campaigns = load_campaigns().set_index("name")
    assert list(table.index) == list(campaigns.index)
    assert (table["spend"] == campaigns["spend"]).all()
    assert (table["conversions_actual"] == campaigns["conversions"]).all()
    assert (table["revenue_actual"] == campaigns["attributed_revenue"]).all()
    assert (table["clicks_actual"] == campaigns["clicks"]).all()
    for key in B.BACKTEST_COUNTS:
        error = table[f"{key}_forecast"] / table[f"{key}_actual"] - 1
        assert np.allclose(table[f"{key}_error"], error)
    assert np.allclose(table["cost_per_conversion_actual"], campaigns["spend"] / campaigns["conversions"])


def test_a_forecast_is_made_without_the_campaigns_own_posts(table):
    """Re-derive one row by hand: the brief from the campaign's posts, the rates from the other posts."""
    campaigns, posts, audience = load_campaigns(), load_posts(), load_audience()
    first = campaigns.iloc[0]
    own = (posts["campaign_id"] == first["campaign_id"]).fillna(False).to_numpy(dtype=bool)
    members = posts[own]
    mix = members.groupby(members["content_type"].astype(str))["spend"].sum()
    mix = (mix[mix > 0] / mix.sum()).to_dict()
    inputs = forecast.load_inputs(posts[~own], audience)
    params = brief.validate_parameters(
        objective=str(first["objective"]), platforms=[str(first["platform"])], budget=float(first["spend"]),
        content_mix=mix, age_min=18, age_max=75, interests=[], locations=[], weeks=4, segment_lift=False)
    expected = forecast.simulate(params, inputs).totals["conversions"]
    assert table.loc[first["name"], "conversions_forecast"] == pytest.approx(expected, rel=1e-4)
    # With its own posts in the data the forecast would differ: it is really left out.
    with_own = forecast.simulate(params, forecast.load_inputs(posts, audience)).totals["conversions"]
    assert with_own != pytest.approx(expected, rel=1e-6)


def test_summary_pools_the_errors(table):
    summary = B.backtest_summary(table)
    assert list(summary.index) == list(B.BACKTEST_COUNTS)
    conv = summary.loc["conversions"]
    assert conv["forecast"] == pytest.approx(table["conversions_forecast"].sum())
    assert conv["pooled_error"] == pytest.approx(conv["forecast"] / conv["actual"] - 1)
    assert conv["median_abs_error"] == pytest.approx(table["conversions_error"].abs().median())
    # The model is unbiased enough in total, yet single campaigns miss by a lot: that is the lesson.
    assert abs(conv["pooled_error"]) < 0.3 and conv["median_abs_error"] > 0.2
    with pytest.raises(ValueError, match="non-empty"):
        B.backtest_summary(pd.DataFrame())


def test_backtest_names_a_campaign_without_posts():
    campaigns, posts = load_campaigns(), load_posts()
    orphan = posts[posts["campaign_id"] != campaigns["campaign_id"].iloc[0]]
    with pytest.raises(ValueError, match="has no posts"):
        B.backtest(campaigns.head(1), orphan.dropna(subset=["campaign_id"]))
