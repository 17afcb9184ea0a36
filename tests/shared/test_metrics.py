"""Tests of utils.shared.metrics against hand-worked numbers, the column policy and invariants."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from utils.shared.metrics import (
    ResponseTimes,
    amplification_rate,
    average_rate,
    average_response_time,
    conversion_rate,
    ctr,
    engagement_rate,
    engagement_rates,
    engagements,
    break_even_roas,
    gross_profit,
    pooled_rate,
    response_rate,
    roas,
    roi,
    share_of_voice,
    virality_rate,
)

FAST = settings(max_examples=60, deadline=None, database=None)


# --------------------------------------------------------------------------- #
# Hand-worked values
# --------------------------------------------------------------------------- #
def test_hand_worked_values():
    assert engagements(10, 5, 3, 2) == 20
    assert engagement_rate(20, 1000) == 0.02
    assert ctr(25, 1000) == 0.025
    assert conversion_rate(5, 25) == 0.2
    assert virality_rate(30, 6000) == 0.005
    assert amplification_rate(15, 1500) == 0.01
    assert share_of_voice(30, 120) == 0.25
    assert response_rate(45, 50) == 0.9
    assert roas(1500, 1000) == 1.5
    assert gross_profit(1000, gross_margin=0.55) == pytest.approx(550)
    assert roi(2000, 1000, gross_margin=0.55) == pytest.approx(0.1)  # (1,100 - 1,000) / 1,000
    assert roi(1500, 1000, gross_margin=0.55) == pytest.approx(-0.175)  # ROAS 1.5 still loses money
    assert roi(1500, 1000, gross_margin=1.0) == 0.5  # no cost of goods: ROI = ROAS - 1
    assert roi(0, 1000, gross_margin=0.55) == -1.0
    assert break_even_roas(0.5) == 2.0


def test_roi_needs_an_explicit_margin():
    with pytest.raises(TypeError, match="gross_margin"):
        roi(1500, 1000)
    with pytest.raises(ValueError, match="gross_margin must be between 0 and 1"):
        roi(1500, 1000, gross_margin=55)
    with pytest.raises(ValueError, match="greater than 0"):
        break_even_roas(0)


def test_roi_is_zero_at_the_break_even_roas():
    margin = 0.55
    spend = 1000.0
    assert roi(spend * break_even_roas(margin), spend, gross_margin=margin) == pytest.approx(0, abs=1e-12)


def test_scalar_results_are_python_floats():
    for value in (ctr(1, 4), engagements(1, 1, 1, 1), roi(2, 1, gross_margin=0.5), roas(2, 1),
                  share_of_voice(np.int64(1), 4)):
        assert type(value) is float


def test_rates_above_one_are_allowed_where_the_formula_allows_them():
    assert engagement_rate(150, 100, base_name="followers") == 1.5
    assert amplification_rate(300, 200) == 1.5
    assert roi(3500, 1000, gross_margin=1.0) == 2.5
    assert roas(3500, 1000) == 3.5


# --------------------------------------------------------------------------- #
# Scalar, ndarray and Series agree
# --------------------------------------------------------------------------- #
RATE_CASES = [
    # (function, numerator values, denominator values, hand-worked results, series name)
    (ctr, [25, 0, 30], [1000, 50, 600], [0.025, 0.0, 0.05], "ctr"),
    (conversion_rate, [5, 1, 0], [25, 4, 8], [0.2, 0.25, 0.0], "conversion_rate"),
    (virality_rate, [30, 2, 5], [6000, 400, 50], [0.005, 0.005, 0.1], "virality_rate"),
    (amplification_rate, [15, 30, 0], [1500, 20, 10], [0.01, 1.5, 0.0], "amplification_rate"),
    (share_of_voice, [30, 90, 120], [120, 120, 120], [0.25, 0.75, 1.0], "share_of_voice"),
    (response_rate, [45, 3, 0], [50, 4, 2], [0.9, 0.75, 0.0], "response_rate"),
    (engagement_rate, [20, 150, 0], [1000, 100, 5], [0.02, 1.5, 0.0], "engagement_rate"),
    (roas, [1500, 500, 1000], [1000, 1000, 1000], [1.5, 0.5, 1.0], "roas"),
]


@pytest.mark.parametrize("func, num, den, expected, name", RATE_CASES, ids=lambda c: getattr(c, "__name__", None))
def test_scalar_array_series_agree(func, num, den, expected, name):
    scalars = [func(n, d) for n, d in zip(num, den)]
    array = func(np.array(num), np.array(den))
    from_lists = func(num, den)
    index = ["p1", "p2", "p3"]
    series = func(pd.Series(num, index=index), pd.Series(den, index=index))
    np.testing.assert_allclose(scalars, expected)
    assert isinstance(array, np.ndarray)
    np.testing.assert_allclose(array, expected)
    np.testing.assert_allclose(from_lists, expected)
    assert isinstance(series, pd.Series)
    assert list(series.index) == index
    assert series.name == name
    np.testing.assert_allclose(series.to_numpy(), expected)


def test_series_with_scalar_denominator():
    brands = pd.Series([30, 50, 40], index=["Brightleaf", "Copperpot", "Greenhill"])
    sov = share_of_voice(brands, brands.sum())
    assert list(sov.index) == list(brands.index)
    np.testing.assert_allclose(sov.to_numpy(), [0.25, 50 / 120, 40 / 120])


# --------------------------------------------------------------------------- #
# Zero-denominator column policy, for every rate
# --------------------------------------------------------------------------- #
ZERO_CASES = [
    (ctr, "impressions"),
    (conversion_rate, "clicks"),
    (virality_rate, "impressions"),
    (amplification_rate, "followers"),
    (share_of_voice, "total_mentions"),
    (response_rate, "received"),
    (engagement_rate, "base"),
    (roas, "ad_spend"),
]


@pytest.mark.parametrize("func, den_name", ZERO_CASES, ids=lambda c: getattr(c, "__name__", None))
def test_zero_denominator_policy(func, den_name):
    index = ["a", "b", "c", "d"]
    num = pd.Series([1, 0, 2, 0], index=index)
    den = pd.Series([4, 0, 8, 0], index=index)
    with pytest.raises(ValueError, match=rf"{den_name} is 0 in 2 of 4 rows \(first at position 1, index 'b'\)"):
        func(num, den)
    with pytest.raises(ValueError, match=rf"{den_name} is 0, so .* is undefined"):
        func(0, 0)
    expected_first = func(1, 4)
    nan_mode = func(num, den, on_zero="nan")
    assert nan_mode.isna().tolist() == [False, True, False, True]
    assert nan_mode["a"] == pytest.approx(expected_first)
    zero_mode = func(num.to_numpy(), den.to_numpy(), on_zero="zero")
    np.testing.assert_allclose(zero_mode[[1, 3]], [0.0, 0.0])
    assert zero_mode[0] == pytest.approx(expected_first)
    assert np.isnan(func(0, 0, on_zero="nan"))
    assert func(0, 0, on_zero="zero") == 0.0


def test_engagement_rate_zero_base_names_the_base():
    with pytest.raises(ValueError, match="reach is 0"):
        engagement_rate(0, 0, base_name="reach")


# --------------------------------------------------------------------------- #
# Bad input: every message names the argument and the rule
# --------------------------------------------------------------------------- #
BAD_INPUT = [
    # impossible pairs
    (ctr, (120, 100), ValueError, r"^clicks \(120\) cannot exceed impressions \(100\) for CTR$"),
    (conversion_rate, (30, 25), ValueError, r"conversions \(30\) cannot exceed clicks \(25\)"),
    (response_rate, (51, 50), ValueError, r"responded \(51\) cannot exceed received \(50\)"),
    (share_of_voice, (130, 120), ValueError, r"brand_mentions \(130\) cannot exceed total_mentions \(120\)"),
    (virality_rate, (7, 5), ValueError, r"shares \(7\) cannot exceed impressions \(5\) for virality rate"),
    (ctr, ([1, 9], [5, 8]), ValueError, r"clicks cannot exceed impressions for CTR; violated in 1 of 2 rows"),
    # negative counts
    (ctr, (-1, 100), ValueError, "clicks must be 0 or more, got -1"),
    (ctr, (1, -100), ValueError, "impressions must be 0 or more"),
    (engagements, (1, -2, 0, 0), ValueError, "comments must be 0 or more"),
    (engagement_rate, (5, -10), ValueError, "base must be 0 or more"),
    (roas, (-5, 10), ValueError, "revenue must be 0 or more"),
    (roas, (5, -10), ValueError, "ad_spend must be 0 or more"),
    # counts must be whole
    (ctr, (2.5, 100), ValueError, "clicks must be a whole number"),
    (engagements, (1, 1, 0.5, 1), ValueError, "shares must be a whole number"),
    # NaN / inf
    (ctr, (float("nan"), 100), ValueError, "clicks is NaN"),
    (ctr, ([1, np.nan], [5, 5]), ValueError, "clicks has missing values"),
    (response_rate, (1, float("inf")), ValueError, "received is infinite"),
    (roas, (float("nan"), 100), ValueError, "revenue is NaN"),
    # non-numeric
    (ctr, ("25", 1000), TypeError, "clicks must be a number, got the string '25'"),
    (ctr, (25, None), TypeError, "impressions must be a number, got None"),
    (ctr, (True, 10), TypeError, "clicks must be a number, got the boolean True"),
    (share_of_voice, (pd.Series(["a"]), 10), TypeError, "brand_mentions must be a numeric column"),
    (engagements, (1, 1, 1, [1, "x"]), TypeError, "clicks must .*numbers"),
    # mismatched columns
    (ctr, ([1, 2, 3], [4, 5]), ValueError, "different lengths"),
    (ctr, (pd.Series([1], index=[0]), pd.Series([1], index=[1])), ValueError, "clicks and impressions must have the same index"),
]


@pytest.mark.parametrize("func, args, error, match", BAD_INPUT)
def test_bad_input_is_named(func, args, error, match):
    with pytest.raises(error, match=match):
        func(*args)


def test_unknown_on_zero_mode():
    with pytest.raises(ValueError, match="on_zero must be one of 'raise', 'nan', 'zero'; got 'ignore'"):
        ctr(1, 10, on_zero="ignore")


def test_engagement_rate_messages_use_base_name():
    with pytest.raises(ValueError, match="followers must be 0 or more"):
        engagement_rate(1, -5, base_name="followers")


# --------------------------------------------------------------------------- #
# engagements and engagement_rates
# --------------------------------------------------------------------------- #
def test_engagements_columns():
    index = ["p1", "p2"]
    result = engagements(pd.Series([10, 0], index=index), [5, 1], 3, np.array([2, 0]))
    assert isinstance(result, pd.Series) and result.name == "engagements"
    assert list(result.index) == index
    assert result.tolist() == [20.0, 4.0]


def test_engagement_rates_scalar_shows_three_denominators():
    # 50 + 10 + 20 + 20 = 100 engagements
    rates = engagement_rates(50, 10, 20, 20, impressions=5000, reach=2000, followers=10000)
    assert isinstance(rates, pd.Series)
    assert rates.to_dict() == {"by_impressions": 0.02, "by_reach": 0.05, "by_followers": 0.01}


def test_engagement_rates_columns_give_a_table():
    index = ["x", "y"]
    table = engagement_rates(
        pd.Series([50, 10], index=index), 10, 20, 20,
        impressions=[5000, 3000], reach=[2000, 1000], followers=10000,
    )
    assert isinstance(table, pd.DataFrame)
    assert list(table.index) == index
    assert list(table.columns) == ["by_impressions", "by_reach", "by_followers"]
    np.testing.assert_allclose(table.loc["y"].to_numpy(), [60 / 3000, 60 / 1000, 60 / 10000])


def test_engagement_rates_reach_cannot_exceed_impressions():
    with pytest.raises(ValueError, match=r"reach \(6000\) cannot exceed impressions \(5000\)"):
        engagement_rates(1, 1, 1, 1, impressions=5000, reach=6000, followers=100)


# --------------------------------------------------------------------------- #
# pooled_rate
# --------------------------------------------------------------------------- #
@pytest.fixture
def posts() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "platform": ["A", "A", "B", "C"],
            "format": ["video", "image", "video", "video"],
            "clicks": [10, 30, 5, 0],
            "impressions": [100, 900, 500, 0],
        }
    )


def test_pooled_rate_overall(posts):
    overall = pooled_rate(posts, "clicks", "impressions")
    assert isinstance(overall, pd.Series)
    assert overall.to_dict() == {"clicks": 45.0, "impressions": 1500.0, "n_rows": 4.0, "rate": 0.03}


def test_pooled_rate_by_group_is_not_the_mean_of_rates(posts):
    table = pooled_rate(posts.iloc[:3], "clicks", "impressions", by="platform")
    assert list(table.columns) == ["clicks", "impressions", "n_rows", "rate"]
    assert table.loc["A", "rate"] == 0.04  # 40 / 1000, not (0.1 + 0.0333) / 2
    assert table.loc["A", "n_rows"] == 2
    assert table.loc["B", "rate"] == 0.01


def test_pooled_rate_zero_group_policy(posts):
    with pytest.raises(ValueError, match=r"impressions \(group sum\) is 0 in 1 of 3 rows \(first at position 2, index 'C'\)"):
        pooled_rate(posts, "clicks", "impressions", by="platform")
    assert np.isnan(pooled_rate(posts, "clicks", "impressions", by="platform", on_zero="nan").loc["C", "rate"])
    assert pooled_rate(posts, "clicks", "impressions", by="platform", on_zero="zero").loc["C", "rate"] == 0.0
    with pytest.raises(ValueError, match="sum of impressions is 0"):
        pooled_rate(posts.iloc[3:], "clicks", "impressions")


def test_pooled_rate_several_keys_keep_missing_labels(posts):
    posts.loc[3, "format"] = None
    table = pooled_rate(posts, "clicks", "impressions", by=["platform", "format"], on_zero="nan")
    assert table["n_rows"].sum() == 4  # no row dropped
    assert table.loc[("A", "video"), "rate"] == 0.1


def test_pooled_rate_bad_input(posts):
    with pytest.raises(ValueError, match="numerator column 'click' is not in df"):
        pooled_rate(posts, "click", "impressions")
    with pytest.raises(ValueError, match="by column 'channel' is not in df"):
        pooled_rate(posts, "clicks", "impressions", by="channel")
    with pytest.raises(TypeError, match="df must be a pandas DataFrame"):
        pooled_rate(posts.to_dict(), "clicks", "impressions")
    with pytest.raises(ValueError, match="impressions must be 0 or more"):
        pooled_rate(posts.assign(impressions=-1), "clicks", "impressions")
    with pytest.raises(ValueError, match="clicks cannot exceed impressions for pooled rate"):
        pooled_rate(posts.assign(clicks=1000), "clicks", "impressions", bounded=True)


# --------------------------------------------------------------------------- #
# average_response_time
# --------------------------------------------------------------------------- #
RECEIVED = ["2024-03-01 09:00", "2024-03-01 10:00", "2024-03-01 12:00"]
ANSWERED = ["2024-03-01 11:00", "2024-03-01 10:30", None]  # 2 h, 0.5 h, unanswered


def test_average_response_time_hand_worked():
    result = average_response_time(RECEIVED, ANSWERED)
    assert isinstance(result, ResponseTimes)
    assert result.as_dict() == {"mean": 1.25, "median": 1.25, "n_answered": 2, "n_unanswered": 1, "unit": "hours"}
    assert "1.25 hours" in str(result) and "1 unanswered" in str(result)


def test_average_response_time_units_and_input_kinds():
    assert average_response_time(RECEIVED, ANSWERED, unit="minutes").mean == 75.0
    received = pd.Series(pd.to_datetime(RECEIVED), index=["m1", "m2", "m3"])
    answered = pd.Series(pd.to_datetime(ANSWERED), index=["m1", "m2", "m3"])
    assert average_response_time(received, answered).mean == 1.25
    assert average_response_time(received.to_numpy(), answered.to_numpy()).median == 1.25
    # time zones: 00:00 at UTC+1 is 23:00 UTC the day before, so 1.5 hours
    tz = average_response_time(["2024-01-01T00:00+01:00"], ["2024-01-01T00:30+00:00"])
    assert tz.mean == 1.5


def test_average_response_time_median_differs_from_mean():
    received = ["2024-03-01 09:00"] * 3
    answered = ["2024-03-01 10:00", "2024-03-01 11:00", "2024-03-02 09:00"]  # 1, 2, 24 hours
    result = average_response_time(received, answered)
    assert result.mean == 9.0 and result.median == 2.0


@pytest.mark.parametrize(
    "received, answered, kwargs, error, match",
    [
        (["2024-03-01 10:00", "2024-03-01 10:00"], ["2024-03-01 11:00", "2024-03-01 09:00"], {}, ValueError,
         r"answered_at cannot be earlier than received_at; violated in 1 of 2 rows \(first at position 1"),
        ([None], ["2024-03-01 10:00"], {}, ValueError, "received_at is missing in 1 of 1 row"),
        (["2024-03-01"], [None], {}, ValueError, "answered_at has no answers"),
        (["2024-03-01", "2024-03-02"], ["2024-03-03"], {}, ValueError, "received_at has 2 messages but answered_at has 1"),
        ([1, 2], [3, 4], {}, TypeError, "received_at must hold datetimes or date strings"),
        (["yesterday-ish"], ["2024-03-01"], {}, ValueError, "received_at holds a value that is not a date"),
        (["2024-03-01T10:00+01:00"], ["2024-03-01T12:00"], {}, TypeError, "time zones"),
        ([], [], {}, ValueError, "received_at is empty"),
        (RECEIVED, ANSWERED, {"unit": "weeks"}, ValueError, "unit must be one of"),
    ],
)
def test_average_response_time_bad_input(received, answered, kwargs, error, match):
    with pytest.raises(error, match=match):
        average_response_time(received, answered, **kwargs)


# --------------------------------------------------------------------------- #
# Properties
# --------------------------------------------------------------------------- #
BOUNDED_RATES = [ctr, conversion_rate, virality_rate, share_of_voice, response_rate]


@st.composite
def valid_pairs(draw):
    """Lists of (numerator, denominator) counts with 0 <= num <= den and den > 0."""
    dens = draw(st.lists(st.integers(1, 10**9), min_size=1, max_size=30))
    nums = [draw(st.integers(0, d)) for d in dens]
    return nums, dens


@FAST
@given(valid_pairs(), st.sampled_from(BOUNDED_RATES))
def test_bounded_rates_stay_within_0_and_1(pairs, func):
    nums, dens = pairs
    rates = func(nums, dens)
    assert np.all((rates >= 0) & (rates <= 1))
    np.testing.assert_array_equal(func(pd.Series(nums), pd.Series(dens)).to_numpy(), rates)
    assert func(nums[0], dens[0]) == rates[0]


@FAST
@given(st.lists(st.integers(0, 10**7), min_size=1, max_size=12).filter(lambda m: sum(m) > 0))
def test_share_of_voice_of_all_brands_sums_to_one(mentions):
    shares = share_of_voice(mentions, sum(mentions))
    assert shares.sum() == pytest.approx(1.0, abs=1e-12)


@FAST
@given(valid_pairs())
def test_pooled_rate_lies_between_the_row_rates(pairs):
    nums, dens = pairs
    df = pd.DataFrame({"clicks": nums, "impressions": dens})
    pooled = pooled_rate(df, "clicks", "impressions")["rate"]
    rows = ctr(nums, dens)
    assert rows.min() - 1e-12 <= pooled <= rows.max() + 1e-12
    assert pooled == pytest.approx(sum(nums) / sum(dens))


@FAST
@given(st.lists(st.tuples(*[st.integers(0, 10**6)] * 4), min_size=1, max_size=20))
def test_engagements_is_the_sum_of_actions(rows):
    likes, comments, shares, clicks = (list(c) for c in zip(*rows))
    np.testing.assert_array_equal(engagements(likes, comments, shares, clicks), [sum(r) for r in rows])


@FAST
@given(st.integers(0, 10**9), st.integers(1, 10**9))
def test_roi_is_gross_profit_less_cost_over_cost(revenue, cost):
    value = roi(revenue, cost, gross_margin=0.55)
    assert value >= -1
    assert value == pytest.approx((revenue * 0.55 - cost) / cost)
    assert value == pytest.approx(roas(revenue, cost) * 0.55 - 1)


# --------------------------------------------------------------------------- #
# Pooled rate versus the average of per-post rates
# --------------------------------------------------------------------------- #
def test_average_rate_counts_each_post_once():
    posts = pd.DataFrame({"engagements": [10, 30], "reach": [100, 900], "platform": ["X", "X"]})
    average = average_rate(posts, "engagements", "reach")
    assert average["rate"] == pytest.approx((10 / 100 + 30 / 900) / 2)  # 6.67%: Hootsuite's average ERR
    assert average["n_rows"] == 2
    pooled = pooled_rate(posts, "engagements", "reach")
    assert pooled["rate"] == pytest.approx(40 / 1000)  # 4%: the big post weighs more
    by = average_rate(posts.assign(platform=["X", "Y"]), "engagements", "reach", by="platform")
    assert by.loc["X", "rate"] == pytest.approx(0.1) and by.loc["Y", "rate"] == pytest.approx(30 / 900)


def test_average_rate_zero_denominators():
    posts = pd.DataFrame({"engagements": [10, 0], "reach": [100, 0]})
    with pytest.raises(ValueError, match="reach is 0"):
        average_rate(posts, "engagements", "reach")
    assert average_rate(posts, "engagements", "reach", on_zero="nan")["rate"] == pytest.approx(0.1)
    assert average_rate(posts, "engagements", "reach", on_zero="zero")["rate"] == pytest.approx(0.05)
    with pytest.raises(ValueError, match="no rows"):
        average_rate(posts.iloc[:0], "engagements", "reach")
    with pytest.raises(ValueError, match="'likes' is not in df"):
        average_rate(posts, "likes", "reach")


def test_course_default_engagement_base_is_impressions():
    from utils.shared.config import ENGAGEMENT_RATE_BASE
    assert ENGAGEMENT_RATE_BASE == "impressions"
