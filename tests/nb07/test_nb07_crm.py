"""Tests of utils.nb07.crm: customer value on the referral network, rankings and interaction counts."""

from __future__ import annotations


import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from utils.nb07 import crm
from utils.shared.data import load_audience, load_inbox, load_mentions, load_posts

FAST = settings(max_examples=40, deadline=None, database=None)


@pytest.fixture(scope="module")
def audience() -> pd.DataFrame:
    return load_audience()


def tiny() -> pd.DataFrame:
    """1 refers 2 and 3; 2 refers 4; 5 is on their own.

    purchases: 1 -> 10, 2 -> 20, 3 -> 0, 4 -> 40, 5 -> 100 (EUR).
    """
    return pd.DataFrame({
        "person_id": [1, 2, 3, 4, 5],
        "purchase_value": [10.0, 20.0, 0.0, 40.0, 100.0],
        "referred_by": pd.array([pd.NA, 1, 1, 2, pd.NA], dtype="Int64"),
    })


# --------------------------------------------------------------------------- #
# Ranking
# --------------------------------------------------------------------------- #
def test_rank_descending_shares_ties():
    np.testing.assert_array_equal(crm.rank_descending([30, 50, 30, 10]), [2, 1, 2, 4])
    np.testing.assert_array_equal(crm.rank_descending([0, 0, 0]), [1, 1, 1])
    np.testing.assert_array_equal(crm.rank_descending(np.array([5.0])), [1])
    with pytest.raises(ValueError, match="values"):
        crm.rank_descending([1.0, np.nan])
    with pytest.raises(ValueError, match="one column"):
        crm.rank_descending(np.ones((2, 2)))


@FAST
@given(st.lists(st.integers(0, 20), min_size=1, max_size=60))
def test_rank_descending_matches_pandas(values):
    expected = pd.Series(values, dtype=float).rank(method="min", ascending=False).astype(int).to_numpy()
    np.testing.assert_array_equal(crm.rank_descending(values), expected)


# --------------------------------------------------------------------------- #
# Customer value
# --------------------------------------------------------------------------- #
def test_customer_value_hand_worked_one_level():
    v = crm.customer_value(tiny(), referral_weight=1.0, depth=1)
    assert list(v.index) == [1, 2, 3, 4, 5] and v.index.name == "person_id"
    assert v["referrals"].tolist() == [2, 1, 0, 0, 0]
    assert v["referred_value"].tolist() == [20.0, 40.0, 0.0, 0.0, 0.0]
    assert v["further_value"].tolist() == [0.0] * 5
    assert v["total_value"].tolist() == [30.0, 60.0, 0.0, 40.0, 100.0]
    assert v["rank_purchases"].tolist() == [4, 3, 5, 2, 1]
    assert v["rank_total"].tolist() == [4, 2, 5, 3, 1]
    assert v["rank_gain"].tolist() == [0, 1, 0, -1, 0]


def test_customer_value_hand_worked_two_levels_and_weight():
    v = crm.customer_value(tiny(), referral_weight=0.5, depth=2, decay=0.5)
    # person 1: level 1 = 20 (person 2) + 0 (person 3); level 2 = 40 (person 4) at decay 0.5
    assert v.loc[1, "referred_value"] == 20.0 and v.loc[1, "further_value"] == 20.0
    assert v.loc[1, "indirect_value"] == 40.0
    assert v.loc[1, "weighted_indirect"] == 20.0 and v.loc[1, "total_value"] == 30.0
    assert v.loc[2, "total_value"] == 20.0 + 0.5 * 40.0


def test_customer_value_with_gapped_unsorted_ids():
    df = tiny()
    df["person_id"] = [50, 7, 31, 2, 90]  # same network, other ids, not in order
    df["referred_by"] = pd.array([pd.NA, 50, 50, 7, pd.NA], dtype="Int64")
    v = crm.customer_value(df)
    assert list(v.index) == [50, 7, 31, 2, 90]
    assert v["total_value"].tolist() == [30.0, 60.0, 0.0, 40.0, 100.0]
    with pytest.raises(ValueError, match="unknown referrer.*51"):
        crm.customer_value(df.assign(referred_by=pd.array([pd.NA, 51, 50, 7, pd.NA], dtype="Int64")))


def test_weight_zero_or_depth_zero_is_purchases_only():
    for kwargs in ({"referral_weight": 0.0, "depth": 2}, {"referral_weight": 2.0, "depth": 0}):
        v = crm.customer_value(tiny(), **kwargs)
        np.testing.assert_array_equal(v["total_value"], v["direct_value"])
        assert (v["rank_gain"] == 0).all()
    assert (crm.customer_value(tiny(), depth=0)["indirect_value"] == 0).all()


@pytest.mark.parametrize("kwargs,error,name", [
    ({"referral_weight": -0.1}, ValueError, "referral_weight"),
    ({"referral_weight": 11}, ValueError, "referral_weight"),
    ({"referral_weight": "1"}, TypeError, "referral_weight"),
    ({"depth": 6}, ValueError, "depth"),
    ({"depth": 1.5}, ValueError, "depth"),
    ({"depth": -1}, ValueError, "depth"),
    ({"decay": 1.5}, ValueError, "decay"),
    ({"decay": None}, TypeError, "decay"),
])
def test_customer_value_rejects_bad_parameters(kwargs, error, name):
    with pytest.raises(error, match=name):
        crm.customer_value(tiny(), **kwargs)


def test_customer_value_rejects_broken_networks():
    df = tiny()
    with pytest.raises(TypeError, match="audience must be a pandas DataFrame"):
        crm.customer_value(df.to_dict())
    with pytest.raises(ValueError, match="referred_by"):
        crm.customer_value(df.drop(columns="referred_by"))
    unknown = df.assign(referred_by=pd.array([pd.NA, 1, 99, 2, pd.NA], dtype="Int64"))
    with pytest.raises(ValueError, match="unknown referrer.*99"):
        crm.customer_value(unknown)
    own = df.assign(referred_by=pd.array([pd.NA, 1, 3, 2, pd.NA], dtype="Int64"))
    with pytest.raises(ValueError, match="own id"):
        crm.customer_value(own)
    dup = df.assign(person_id=[1, 2, 2, 4, 5])
    with pytest.raises(ValueError, match="unique"):
        crm.customer_value(dup)
    with pytest.raises(ValueError, match="purchase_value"):
        crm.customer_value(df.assign(purchase_value=[10.0, -1, 0, 40, 100]))
    with pytest.raises(ValueError, match="purchase_value"):
        crm.customer_value(df.assign(purchase_value=[10.0, np.nan, 0, 40, 100]))
    with pytest.raises(ValueError, match="whole person ids"):
        crm.customer_value(df.assign(referred_by=[np.nan, 1.5, 1, 2, np.nan]))
    with pytest.raises(ValueError, match=r"whole person ids; violated in 1 of 5 rows \(first at position 2"):
        crm.customer_value(df.assign(referred_by=[np.nan, 1, 1e30, 2, np.nan]))  # beyond any id
    unordered = df.assign(person_id=[5, 2, 2, 4, 1])  # not ascending: uniqueness checked by hashing
    with pytest.raises(ValueError, match="unique"):
        crm.customer_value(unordered)
    with pytest.raises(TypeError, match="person_id"):
        crm.customer_value(df.assign(person_id=["a", "b", "c", "d", "e"]))


def test_referral_loops_are_caught_only_when_followed():
    loop = pd.DataFrame({"person_id": [1, 2], "purchase_value": [10.0, 20.0],
                         "referred_by": pd.array([2, 1], dtype="Int64")})
    v = crm.customer_value(loop, depth=1)  # one level: each gets the other's purchases, no self-credit
    assert v["referred_value"].tolist() == [20.0, 10.0]
    with pytest.raises(ValueError, match="loop of length 2"):
        crm.customer_value(loop, depth=2)


def test_customer_value_against_pandas(audience):
    v = crm.customer_value(audience, referral_weight=1.0, depth=2, decay=0.5)
    a = audience.set_index("person_id")
    ref = a["referred_by"].dropna().astype(int)
    level1 = a.loc[ref.index, "purchase_value"].groupby(ref.to_numpy()).sum().reindex(a.index, fill_value=0.0)
    level2 = level1.loc[ref.index].groupby(ref.to_numpy()).sum().reindex(a.index, fill_value=0.0)
    np.testing.assert_allclose(v["referred_value"], level1.to_numpy())
    np.testing.assert_allclose(v["further_value"], 0.5 * level2.to_numpy())
    np.testing.assert_allclose(v["total_value"], a["purchase_value"] + level1 + 0.5 * level2)
    np.testing.assert_array_equal(v["referrals"], a["referrals"])  # the data's own referral counts agree
    expected_rank = (a["purchase_value"] + level1 + 0.5 * level2).rank(method="min", ascending=False)
    np.testing.assert_array_equal(v["rank_total"], expected_rank.astype(int))


def test_planted_referrers_are_worth_more_than_their_purchases(audience):
    v = crm.customer_value(audience)
    referrers = v[v["referrals"] > 0]
    assert (referrers["referred_value"] > referrers["direct_value"]).sum() >= 10
    top = crm.ranking(v, 10)
    assert (top["rank_purchases"] > 10).sum() >= 5  # a purchase-only view misses most of the top 10


# --------------------------------------------------------------------------- #
# Rankings and summaries
# --------------------------------------------------------------------------- #
def test_ranking_and_undervalued_hand_worked():
    v = crm.customer_value(tiny())
    assert list(crm.ranking(v, 3).index) == [5, 2, 4]
    assert list(crm.ranking(v, 5).index) == [5, 2, 4, 1, 3]
    rising = crm.undervalued(v, 10)
    assert list(rising.index) == [2]  # only people whose rank rises
    with pytest.raises(ValueError, match="top_n"):
        crm.ranking(v, 0)
    assert len(crm.ranking(v, 6)) == 5  # asking for more than there are gives everyone
    with pytest.raises(ValueError, match="top_n"):
        crm.ranking(v, 2.5)
    with pytest.raises(TypeError, match="customer_value"):
        crm.ranking(tiny(), 3)


def test_undervalued_orders_by_gain(audience):
    v = crm.customer_value(audience)
    rising = crm.undervalued(v, 10)
    gains = rising["rank_gain"].to_numpy()
    assert (gains > 0).all() and (np.diff(gains) <= 0).all()
    assert gains[0] == v["rank_gain"].max()


def test_value_summary_hand_worked():
    s = crm.value_summary(crm.customer_value(tiny()), top_n=2)
    assert s["direct"] == 170.0 and s["weighted_indirect"] == 60.0 and s["total"] == 230.0
    assert s["indirect_share"] == pytest.approx(60 / 230)
    assert s["missed_in_top"] == 1  # person 2 is in the top 2 by value but 3rd by purchases
    zero = crm.value_summary(crm.customer_value(tiny().assign(purchase_value=0.0)))
    assert zero["indirect_share"] == 0.0


# --------------------------------------------------------------------------- #
# Interactions
# --------------------------------------------------------------------------- #
def test_interaction_counts_against_the_data(audience):
    posts, inbox, mentions = load_posts(), load_inbox(), load_mentions()
    table = crm.interaction_counts(audience, posts, inbox, mentions)
    assert list(table.columns) == ["kind", "interaction", "count"]
    counts = dict(zip(table["interaction"], table["count"]))
    assert counts["referrals (a customer brings in someone new)"] == int(audience["referred_by"].notna().sum())
    assert counts["shares of brand posts"] == int(posts["shares"].sum())
    own = mentions[mentions["brand"] == "Brightleaf"]
    assert counts["public mentions of Brightleaf"] == int(own[["positive", "neutral", "negative"]].sum().sum())
    assert counts["inbox replies (the brand answers a message)"] == int(inbox["answered_at"].notna().sum())
    assert counts["posts published by the brand"] == len(posts)
    assert table.groupby("kind").size().to_dict() == {"C2C": 3, "F2C": 2}
    assert len(crm.interaction_counts(audience, posts, inbox)) == 4  # without mentions


def test_interaction_counts_bad_input(audience):
    with pytest.raises(TypeError, match="posts"):
        crm.interaction_counts(audience, None, load_inbox())
    with pytest.raises(ValueError, match="answered_at"):
        crm.interaction_counts(audience, load_posts(), load_inbox().drop(columns="answered_at"))
    with pytest.raises(ValueError, match="shares"):
        crm.interaction_counts(audience, load_posts().assign(shares=-1), load_inbox())


# --------------------------------------------------------------------------- #
# The panel's pure compute
# --------------------------------------------------------------------------- #
def test_explore_rows(audience):
    result = crm.explore(audience, referral_weight=1.0, depth=1, decay=0.5, top_n=7)
    rows = crm.explore_rows(result)
    assert len(rows) == 3 + 7
    assert rows[0] == ("Value counted", "purchases + 1 x referred purchases (1 level)")
    first = result["top"].iloc[0]
    assert rows[3][0] == f"#1 person {result['top'].index[0]}"
    assert f"purchase-only rank #{int(first['rank_purchases'])}" in rows[3][1]
    plain = crm.explore_rows(crm.explore(audience, referral_weight=0.0))
    assert plain[0][1] == "purchases only" and plain[1][1] == "0.0%"
    assert crm.describe_setting(1.5, 2, 0.5) == "purchases + 1.5 x referred purchases (2 levels, each further level x 0.5)"


# --------------------------------------------------------------------------- #
# Scale
# --------------------------------------------------------------------------- #
