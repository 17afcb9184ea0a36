"""Tests of utils.shared.virality: expected-value formulas, simulations and invariants."""

from __future__ import annotations


import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from utils.shared.config import SEED
from utils.shared.virality import (
    VIRAL_FACTOR,
    WordOfMouthResult,
    is_viral,
    reach_by_generation,
    simulate_branching,
    simulate_word_of_mouth,
    total_reach,
    viral_coefficient,
)

FAST = settings(max_examples=40, deadline=None, database=None)


# --------------------------------------------------------------------------- #
# Viral coefficient and expected reach
# --------------------------------------------------------------------------- #
def test_viral_coefficient_hand_worked():
    assert viral_coefficient(4, 0.25) == 1.0
    assert viral_coefficient(5, 0.1) == 0.5
    assert viral_coefficient(0, 0.3) == 0.0
    np.testing.assert_allclose(viral_coefficient([5, 4], [0.1, 0.25]), [0.5, 1.0])
    s = viral_coefficient(pd.Series([2, 8], index=["a", "b"]), 0.5)
    assert s.name == "viral_coefficient" and s.tolist() == [1.0, 4.0]


def test_reach_by_generation_hand_worked():
    np.testing.assert_array_equal(reach_by_generation(100, 0.5, 3), [100, 50, 25, 12.5])
    np.testing.assert_array_equal(reach_by_generation(10, 2, 3), [10, 20, 40, 80])
    np.testing.assert_array_equal(reach_by_generation(10, 0, 2), [10, 0, 0])
    np.testing.assert_array_equal(reach_by_generation(7, 3, 0), [7])
    assert isinstance(reach_by_generation(1, 1, 1), np.ndarray)


def test_total_reach_hand_worked():
    assert total_reach(100, 0.5, 3) == 187.5  # 100 + 50 + 25 + 12.5
    assert total_reach(100, 0.5) == 200.0  # 100 / (1 - 0.5)
    assert total_reach(100, 1, 4) == 500.0  # k = 1: the seed again each generation
    assert total_reach(10, 2, 3) == 150.0  # 10 + 20 + 40 + 80
    assert total_reach(50, 0) == 50.0
    assert type(total_reach(100, 0.5, 3)) is float


@pytest.mark.parametrize("k", [1, 1.2, 3])
def test_total_reach_without_limit_needs_k_below_one(k):
    with pytest.raises(ValueError, match="never stops.*saturate"):
        total_reach(100, k)


@pytest.mark.parametrize(
    "func, args, error, match",
    [
        (viral_coefficient, (-1, 0.5), ValueError, "invites_per_user must be 0 or more"),
        (viral_coefficient, (3, 1.5), ValueError, "invite_conversion must be between 0 and 1, got 1.5"),
        (viral_coefficient, (3, 25), ValueError, "rates are fractions"),
        (viral_coefficient, ("3", 0.5), TypeError, "invites_per_user must be a number"),
        (reach_by_generation, (0, 0.5, 3), ValueError, "seed_users must be at least 1"),
        (reach_by_generation, (10.5, 0.5, 3), ValueError, "seed_users must be a whole number"),
        (reach_by_generation, (10, -0.5, 3), ValueError, "k must be 0 or more"),
        (reach_by_generation, (10, float("nan"), 3), ValueError, "k is NaN"),
        (reach_by_generation, (10, [0.5, 1], 3), TypeError, "k must be a single number"),
        (reach_by_generation, (10, 0.5, -1), ValueError, "generations must be between 0 and"),
        (reach_by_generation, (10, 0.5, 2.5), ValueError, "generations must be a whole number"),
        (total_reach, (10, 1e10, 100), ValueError, "overflows"),
        (total_reach, (10, True, 3), TypeError, "k must be a number, got the boolean"),
        (is_viral, (-1, 100), ValueError, "reach must be 0 or more"),
        (is_viral, (100, 0), ValueError, "original_audience must be greater than 0"),
        (is_viral, (100, 10, 0.5), ValueError, "factor must be greater than 1"),
    ],
)
def test_bad_input_is_named(func, args, error, match):
    with pytest.raises(error, match=match):
        func(*args)


def test_is_viral_threshold():
    assert VIRAL_FACTOR == 10
    assert is_viral(4000, 400) is True  # exactly 10x
    assert is_viral(3999, 400) is False
    assert is_viral(900, 400, factor=2) is True
    np.testing.assert_array_equal(is_viral([5000, 100], [400, 400]), [True, False])
    s = is_viral(pd.Series([5000, 100], index=["a", "b"]), 400)
    assert s.name == "is_viral" and s.tolist() == [True, False]


# --------------------------------------------------------------------------- #
# Branching simulation
# --------------------------------------------------------------------------- #
def test_simulate_branching_table_shape_and_expected_column():
    table = simulate_branching(10, 1.1, 8)
    assert list(table.columns) == ["expected", "mean", "p10", "p50", "p90", "cumulative_mean", "extinct_share"]
    assert table.index.name == "generation" and list(table.index) == list(range(9))
    np.testing.assert_allclose(table["expected"], reach_by_generation(10, 1.1, 8))
    assert table.loc[0, "mean"] == 10 and table.loc[0, "extinct_share"] == 0
    assert (table["p10"] <= table["p50"]).all() and (table["p50"] <= table["p90"]).all()
    assert table["extinct_share"].is_monotonic_increasing  # a dead chain stays dead


def test_simulate_branching_is_seeded():
    first = simulate_branching(5, 0.9, 6, runs=100, seed=7)
    pd.testing.assert_frame_equal(first, simulate_branching(5, 0.9, 6, runs=100, seed=7))
    assert not first.equals(simulate_branching(5, 0.9, 6, runs=100, seed=8))
    pd.testing.assert_frame_equal(simulate_branching(5, 0.9, 6), simulate_branching(5, 0.9, 6, seed=SEED))


def test_simulate_branching_mean_tracks_expected_value():
    table = simulate_branching(20, 0.8, 4, runs=4000)
    np.testing.assert_allclose(table["mean"], table["expected"], rtol=0.05)


def test_simulate_branching_k_zero_dies_at_once():
    table = simulate_branching(10, 0, 3)
    assert table["mean"].tolist() == [10, 0, 0, 0]
    assert table["extinct_share"].tolist() == [0, 1, 1, 1]


def test_simulate_branching_custom_percentiles_and_bad_input():
    assert "p95" in simulate_branching(3, 1, 2, percentiles=(5, 95)).columns
    with pytest.raises(ValueError, match="percentiles must be between 0 and 100"):
        simulate_branching(3, 1, 2, percentiles=(5, 150))
    with pytest.raises(ValueError, match="runs must be between 1 and"):
        simulate_branching(3, 1, 2, runs=0)
    with pytest.raises(ValueError, match="use fewer generations or a smaller k"):
        simulate_branching(10, 50, 10)


# --------------------------------------------------------------------------- #
# Word-of-mouth simulation
# --------------------------------------------------------------------------- #
def test_word_of_mouth_result_shape():
    result = simulate_word_of_mouth(2000, 0.15, seed_users=5, steps=12)
    assert isinstance(result, WordOfMouthResult)
    assert len(result.reached) == len(result.new) == 13
    assert result.new[0] == 5
    np.testing.assert_array_equal(result.reached, np.cumsum(result.new))
    assert result.final_reach == result.reached[-1]
    assert result.final_share == result.final_reach / 2000
    frame = result.to_frame()
    assert list(frame.columns) == ["new", "reached", "reach_share"] and frame.index.name == "step"
    assert "of 2000 people" in str(result)


def test_word_of_mouth_saturates_at_network_size():
    result = simulate_word_of_mouth(500, 1.0, seed_users=3, mean_contacts=20, steps=40)
    assert result.final_reach == 500 and result.final_share == 1.0
    assert result.reached.max() == 500


def test_word_of_mouth_no_sharing_reaches_only_the_seeds():
    result = simulate_word_of_mouth(1000, 0.0, seed_users=7, steps=5)
    assert result.reached.tolist() == [7] * 6


def test_word_of_mouth_is_seeded():
    a = simulate_word_of_mouth(3000, 0.12, seed=1)
    b = simulate_word_of_mouth(3000, 0.12, seed=1)
    c = simulate_word_of_mouth(3000, 0.12, seed=2)
    np.testing.assert_array_equal(a.reached, b.reached)
    assert not np.array_equal(a.reached, c.reached)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"network_size": 0, "share_probability": 0.1}, ValueError, "network_size must be between 1 and"),
        ({"network_size": 100, "share_probability": 1.5}, ValueError, "share_probability must be between 0 and 1"),
        ({"network_size": 100, "share_probability": "high"}, TypeError, "share_probability must be a number"),
        ({"network_size": 100, "share_probability": 0.1, "seed_users": 101}, ValueError, "seed_users must be between 1 and 100"),
        ({"network_size": 100, "share_probability": 0.1, "mean_contacts": 100}, ValueError, "mean_contacts must be between 0 and 99"),
        ({"network_size": 100, "share_probability": 0.1, "steps": -1}, ValueError, "steps must be between 0 and"),
        ({"network_size": 100.5, "share_probability": 0.1}, ValueError, "network_size must be a whole number"),
    ],
)
def test_word_of_mouth_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        simulate_word_of_mouth(**kwargs)


# --------------------------------------------------------------------------- #
# Properties
# --------------------------------------------------------------------------- #
ks = st.floats(min_value=0, max_value=3, allow_nan=False)


@FAST
@given(st.integers(1, 1000), ks, ks, st.integers(0, 60))
def test_total_reach_is_monotone_in_k(seeds, k1, k2, generations):
    low, high = sorted((k1, k2))
    assert total_reach(seeds, low, generations) <= total_reach(seeds, high, generations)


@FAST
@given(st.integers(1, 1000), ks, st.integers(0, 60), st.integers(0, 60))
def test_total_reach_is_monotone_in_generations(seeds, k, g1, g2):
    low, high = sorted((g1, g2))
    assert total_reach(seeds, k, low) <= total_reach(seeds, k, high)


@FAST
@given(st.integers(1, 1000), st.floats(min_value=0, max_value=0.95))
def test_total_reach_approaches_closed_form(seeds, k):
    limit = total_reach(seeds, k)
    assert limit == pytest.approx(seeds / (1 - k))
    assert total_reach(seeds, k, 2000) == pytest.approx(limit, rel=1e-9)
    # the finite sum equals its own closed form and stays below the limit
    assert total_reach(seeds, k, 10) == pytest.approx(seeds * (1 - k**11) / (1 - k), rel=1e-9)
    assert total_reach(seeds, k, 10) <= limit * (1 + 1e-12)


@settings(max_examples=15, deadline=None, database=None)
@given(
    st.integers(2, 800),
    st.floats(min_value=0, max_value=1),
    st.floats(min_value=0, max_value=30),
    st.integers(0, 2**32 - 1),
)
def test_word_of_mouth_determinism_and_saturation(size, p, contacts, seed):
    contacts = min(contacts, size - 1)
    a = simulate_word_of_mouth(size, p, seed_users=1, mean_contacts=contacts, steps=15, seed=seed)
    b = simulate_word_of_mouth(size, p, seed_users=1, mean_contacts=contacts, steps=15, seed=seed)
    np.testing.assert_array_equal(a.reached, b.reached)
    assert np.all(np.diff(a.reached) >= 0)
    assert a.reached[-1] <= size and 0 < a.final_share <= 1


@settings(max_examples=15, deadline=None, database=None)
@given(st.integers(1, 50), st.floats(min_value=0, max_value=2), st.integers(0, 8), st.integers(0, 2**32 - 1))
def test_branching_determinism(seeds, k, generations, seed):
    a = simulate_branching(seeds, k, generations, runs=50, seed=seed)
    pd.testing.assert_frame_equal(a, simulate_branching(seeds, k, generations, runs=50, seed=seed))
    assert (a["mean"] >= 0).all()
