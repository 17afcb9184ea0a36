"""Tests of utils.shared.stats against hand-computed values and simulation."""

from __future__ import annotations

import math

import numpy as np
import pytest

from utils.shared import stats


def test_wilson_interval_matches_the_formula_by_hand() -> None:
    # p = 0.1, n = 100, z = 1.959964: centre (0.1 + z^2/200) / (1 + z^2/100), half-width by hand
    z = 1.959963984540054
    centre = (0.1 + z * z / 200) / (1 + z * z / 100)
    half = z / (1 + z * z / 100) * math.sqrt(0.1 * 0.9 / 100 + z * z / 40000)
    low, high = stats.wilson_interval(10, 100)
    assert low == pytest.approx(centre - half) and high == pytest.approx(centre + half)
    assert (round(low, 4), round(high, 4)) == (0.0552, 0.1744)


def test_wilson_interval_stays_inside_zero_and_one() -> None:
    assert stats.wilson_interval(0, 20)[0] == 0.0 and stats.wilson_interval(0, 20)[1] > 0.1
    assert stats.wilson_interval(20, 20)[1] == 1.0
    wide, narrow = stats.wilson_interval(5, 50), stats.wilson_interval(500, 5000)
    assert wide[1] - wide[0] > 3 * (narrow[1] - narrow[0])


def test_wilson_interval_covers_the_true_rate_about_95_percent_of_the_time() -> None:
    rng = np.random.default_rng(1)
    hits = 0
    for k in rng.binomial(300, 0.07, size=2000):
        low, high = stats.wilson_interval(int(k), 300)
        hits += low <= 0.07 <= high
    assert 0.93 < hits / 2000 < 0.97


def test_two_proportion_test_by_hand() -> None:
    c = stats.two_proportion_test(30, 200, 20, 200)
    pooled = 50 / 400
    z = 0.05 / math.sqrt(pooled * (1 - pooled) * (2 / 200))
    assert c.z == pytest.approx(z)
    assert c.p_value == pytest.approx(math.erfc(z / math.sqrt(2)))
    se = math.sqrt(0.15 * 0.85 / 200 + 0.1 * 0.9 / 200)
    assert (c.low, c.high) == pytest.approx((0.05 - 1.959964 * se, 0.05 + 1.959964 * se), rel=1e-5)
    assert c.within_noise
    big = stats.two_proportion_test(300, 2000, 200, 2000)
    assert not big.within_noise and big.p_value < 0.001


def test_bootstrap_ratio_is_seeded_and_brackets_the_ratio() -> None:
    rng = np.random.default_rng(2)
    den_a, den_b = rng.integers(10, 100, 300), rng.integers(10, 100, 3000)
    num_a, num_b = rng.binomial(den_a, 0.06), rng.binomial(den_b, 0.05)
    first = stats.bootstrap_ratio(num_a, den_a, num_b, den_b)
    assert first == stats.bootstrap_ratio(num_a, den_a, num_b, den_b)
    assert first["low"] < first["ratio"] < first["high"]
    assert first["ratio"] == pytest.approx((num_a.sum() / den_a.sum()) / (num_b.sum() / den_b.sum()))
    same = stats.bootstrap_ratio(num_b, den_b, num_b, den_b)
    assert same["low"] < 1.0 < same["high"]


def test_verdict_words() -> None:
    assert "within noise" in stats.verdict(-0.01, 0.03)
    assert "above 0" in stats.verdict(0.01, 0.03)
    assert "below 1" in stats.verdict(0.5, 0.9, null=1.0, what="the lift")
    assert stats.verdict(0.0514, 0.0581, scale="points").endswith(
        "interval (5.14 to 5.81 percentage points) lies above 0.")
    assert stats.verdict(0.95, 1.2, null=1.0, what="the lift", scale="ratio") == (
        "the lift is within noise: its interval (0.95x to 1.20x) includes 1x, so the data cannot tell it from "
        "no difference.")
    with pytest.raises(ValueError, match="scale"):
        stats.verdict(0.1, 0.2, scale="percentage")


@pytest.mark.parametrize("call,words", [
    (lambda: stats.wilson_interval(5, 0), "trials is 0"),
    (lambda: stats.wilson_interval(6, 5), "cannot exceed"),
    (lambda: stats.wilson_interval(-1, 5), "whole number >= 0"),
    (lambda: stats.wilson_interval(1.5, 5), "whole number >= 0"),
    (lambda: stats.wilson_interval(1, 5, confidence=95), "fraction between 0 and 1"),
    (lambda: stats.bootstrap_ratio([1], [0], [1], [2]), "sums to 0"),
    (lambda: stats.bootstrap_ratio([1, 2], [3], [1], [2]), "lengths differ"),
    (lambda: stats.bootstrap_ratio([], [], [1], [2]), "non-empty"),
    (lambda: stats.bootstrap_ratio([1], [2], [1], [2], samples=10), "samples"),
    (lambda: stats.verdict(2, 1), "must not exceed"),
])
def test_bad_input_names_the_problem(call, words) -> None:
    with pytest.raises(ValueError, match=words):
        call()


def test_bootstrap_lift_of_a_subgroup() -> None:
    rng = np.random.default_rng(3)
    den = rng.integers(20, 200, 4000).astype(float)
    member = rng.random(4000) < 0.1
    num = rng.binomial(den.astype(int), np.where(member, 0.09, 0.05)).astype(float)
    out = stats.bootstrap_lift(num, den, member)
    expected = (num[member].sum() / den[member].sum()) / (num.sum() / den.sum())
    assert out["lift"] == pytest.approx(expected) and out["members"] == member.sum()
    assert 1.0 < out["low"] < out["lift"] < out["high"]
    noise = stats.bootstrap_lift(rng.binomial(den.astype(int), 0.05).astype(float), den, member)
    assert noise["low"] < 1.0 < noise["high"]
    with pytest.raises(ValueError, match="selects nobody"):
        stats.bootstrap_lift(num, den, np.zeros(4000, dtype=bool))


def test_segment_lift_intervals_on_the_course_audience() -> None:
    from utils.shared import segmentation as sg
    from utils.shared.data import load_audience

    audience = load_audience()
    table = sg.lift_intervals(audience, sg.SegmentSpec(age=(25, 34), interests="wellness"))
    lifts = sg.compare(audience, sg.SegmentSpec(age=(25, 34), interests="wellness"))["lift"]
    for metric in ("conversion_rate", "engagement_rate"):
        assert table.loc[metric, "lift"] == pytest.approx(lifts[metric])
        assert table.loc[metric, "low"] < table.loc[metric, "lift"] < table.loc[metric, "high"]
    # The planted segment buys far more often; its engagement lift is within noise.
    assert not table.loc["conversion_rate", "within_noise"] and table.loc["conversion_rate", "low"] > 2
    assert table.loc["engagement_rate", "within_noise"]
    assert "within noise" in table.loc["engagement_rate", "verdict"]
    with pytest.raises(sg.EmptySegmentError):
        sg.lift_intervals(audience, sg.SegmentSpec(age=(74, 75), job_title="Student"))
