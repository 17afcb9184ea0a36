"""Tests of utils.nb05.viral: K from the data, reach tables, costs and the reach explorer."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from utils.nb05 import viral


def tiny_audience() -> pd.DataFrame:
    # customers 1, 2; person 3 (not a customer) referred 6; 1 referred 4 and 5; 2 referred nobody
    return pd.DataFrame({
        "person_id": [1, 2, 3, 4, 5, 6],
        "converted": [True, True, False, True, False, True],
        "referred_by": pd.array([None, None, None, 1, 1, 3], dtype="Int64"),
    })


# ------------------------------------------------------------------ referral K
def test_referral_k_small_example():
    r = viral.referral_k(tiny_audience())
    # customers 1, 2, 4, 6 -> 4 customers; referred by a customer: 4 and 5 (by 1) -> 2, one bought
    assert r["customers"] == 4 and r["referred"] == 2 and r["referred_customers"] == 1
    assert r["invites_per_user"] == pytest.approx(0.5)
    assert r["invite_conversion"] == pytest.approx(0.5)
    assert r["k"] == pytest.approx(0.25)


def test_referral_k_matches_an_independent_count(audience):
    customers = audience.loc[audience["converted"], "person_id"]
    referred = audience[audience["referred_by"].isin(customers)]
    expected = (len(referred) / len(customers)) * referred["converted"].mean()
    r = viral.referral_k(audience)
    assert r["k"] == pytest.approx(expected)
    assert r["k"] == pytest.approx(r["referred_customers"] / r["customers"])
    assert 0 < r["k"] < 1


def test_referral_k_without_referrals_is_zero():
    df = tiny_audience().assign(referred_by=pd.array([None] * 6, dtype="Int64"))
    r = viral.referral_k(df)
    assert r["k"] == 0.0 and r["invite_conversion"] == 0.0


def test_referral_k_bad_input():
    with pytest.raises(TypeError, match="audience must be a pandas DataFrame"):
        viral.referral_k([1, 2])
    with pytest.raises(ValueError, match="missing the column"):
        viral.referral_k(tiny_audience().drop(columns="referred_by"))
    with pytest.raises(ValueError, match="no rows"):
        viral.referral_k(tiny_audience().iloc[0:0])
    with pytest.raises(ValueError, match="no customers"):
        viral.referral_k(tiny_audience().assign(converted=False))


# ------------------------------------------------------------------ sharing K
def test_share_k_table_matches_pooled_sums(posts):
    table = viral.share_k_table(posts, 200)
    for ct, part in posts.groupby("content_type", observed=True):
        organic = part[~part["paid"]]
        per_reached = part["shares"].sum() / part["reach"].sum()
        see = organic["reach"].sum() / organic["followers"].sum()
        assert table.loc[ct, "shares_per_reached"] == pytest.approx(per_reached)
        assert table.loc[ct, "see_rate"] == pytest.approx(see)
        assert table.loc[ct, "k"] == pytest.approx(per_reached * 200 * see)
        assert table.loc[ct, "break_even_contacts"] == pytest.approx(1 / (per_reached * see))
    assert list(table["k"]) == sorted(table["k"], reverse=True)
    assert table.index[0] == "video" and table.index[-1] == "text"  # the planted shareability effect


def test_share_k_is_linear_in_the_assumption(posts):
    a = viral.share_k_table(posts, 100)
    b = viral.share_k_table(posts, 300)
    assert np.allclose(b["k"], 3 * a["k"])
    assert list(a.index) == list(b.index)  # the ranking does not depend on the assumption


def test_share_k_table_by_platform(posts):
    table = viral.share_k_table(posts, 200, by="platform")
    assert set(table.index) == set(posts["platform"].astype(str))


def test_share_k_table_bad_input(posts):
    with pytest.raises(ValueError, match="contacts_per_sharer"):
        viral.share_k_table(posts, 0)
    with pytest.raises(TypeError, match="contacts_per_sharer"):
        viral.share_k_table(posts, "200")
    with pytest.raises(ValueError, match="by must be one of"):
        viral.share_k_table(posts, 200, by="paid")
    with pytest.raises(ValueError, match="no rows"):
        viral.share_k_table(posts.iloc[0:0], 200)
    with pytest.raises(ValueError, match="no organic posts"):
        viral.share_k_table(posts[posts["paid"]], 200)
    with pytest.raises(ValueError, match="missing the column"):
        viral.share_k_table(posts.drop(columns="shares"), 200)


# ------------------------------------------------------------------ generations, totals, costs
def test_reach_table():
    t = viral.reach_table(100, 0.5, 3)
    assert list(t["new"]) == [100, 50, 25, 12.5]
    assert list(t["cumulative"]) == [100, 150, 175, 187.5]
    with pytest.raises(ValueError, match="seed_users"):
        viral.reach_table(0, 0.5, 3)


def test_describe_total():
    assert "2,500" in viral.describe_total(500, 0.8) and "5.00x" in viral.describe_total(500, 0.8)
    text = viral.describe_total(500, 1.2)
    assert "no finite total" in text and "saturate" in text
    with pytest.raises(ValueError, match="k must be"):
        viral.describe_total(500, -0.1)


def test_viral_threshold_k():
    assert viral.viral_threshold_k() == pytest.approx(0.9)
    assert viral.viral_threshold_k(2) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="factor"):
        viral.viral_threshold_k(1)


def test_cost_per_person_reached():
    assert viral.cost_per_person_reached(100, 1000, 0) == pytest.approx(0.1)
    assert viral.cost_per_person_reached(100, 1000, 0.5) == pytest.approx(0.05)
    assert viral.cost_per_person_reached(100, 1000, 1.5, generations=2) == pytest.approx(100 / (1000 * 4.75))
    with pytest.raises(ValueError, match="no generations limit is infinite"):
        viral.cost_per_person_reached(100, 1000, 1.0)
    with pytest.raises(ValueError, match="spend"):
        viral.cost_per_person_reached(-1, 1000, 0.5)


def test_cost_table():
    t = viral.cost_table(100, 1000, [0, 0.5, 0.9])
    assert list(t["total_reach"]) == pytest.approx([1000, 2000, 10000])
    assert list(t["saving"]) == pytest.approx([0, 0.5, 0.9])
    assert t["cost_per_person"].is_monotonic_decreasing
    with pytest.raises(TypeError, match="ks"):
        viral.cost_table(100, 1000, [])


def test_saturation_curves():
    t = viral.saturation_curves(network_size=2000, share_probability=0.2, mean_contacts=10, seed_users=5, steps=20)
    assert t.attrs["k"] == pytest.approx(2.0)
    assert (t["network"] <= 2000).all() and t["network"].is_monotonic_increasing
    assert t["expected"].iloc[-1] > 2000 > t["network"].iloc[-1] * 0.5
    assert t.equals(viral.saturation_curves(network_size=2000, share_probability=0.2, mean_contacts=10,
                                            seed_users=5, steps=20))
    with pytest.raises(ValueError, match="share_probability"):
        viral.saturation_curves(share_probability=1.5)


# ------------------------------------------------------------------ the explorer
def test_reach_explorer_values():
    r = viral.reach_explorer(0.8, 500, 10)
    assert r["capped_total"] == pytest.approx(500 * (1 - 0.8 ** 11) / 0.2)
    assert r["limit"] == pytest.approx(2500)
    assert r["total"] == r["capped_total"]
    assert r["simulated_total"] == pytest.approx(r["capped_total"], rel=0.05)
    assert r["viral"] is False
    rows = dict(viral.reach_rows(r))
    assert rows["No-cap total seed / (1 - K)"] == "2,500"
    assert rows["Expected reach, generations 0-10"] == "2,285"


def test_reach_explorer_no_cap():
    r = viral.reach_explorer(0.9, 100, 5, capped=False)
    assert r["total"] == pytest.approx(1000) and r["viral"] is True
    with pytest.raises(viral.NoFiniteReach, match="no finite total reach"):
        viral.reach_explorer(1.0, 100, 5, capped=False)
    assert issubclass(viral.NoFiniteReach, ValueError)


def test_reach_explorer_k_above_one_capped():
    r = viral.reach_explorer(1.3, 50, 10)
    assert r["limit"] is None and r["viral"] is True
    assert dict(viral.reach_rows(r))["No-cap total seed / (1 - K)"].startswith("no finite limit")


def test_reach_explorer_is_seeded():
    a = viral.reach_explorer(1.1, 10, 8)
    b = viral.reach_explorer(1.1, 10, 8)
    assert a["table"].equals(b["table"])
    assert not a["table"].equals(viral.reach_explorer(1.1, 10, 8, seed=1)["table"])


def test_reach_explorer_bad_input():
    with pytest.raises(ValueError, match="generations"):
        viral.reach_explorer(0.5, 100, 0)
    with pytest.raises(ValueError, match="generations"):
        viral.reach_explorer(0.5, 100, viral.EXPLORER_MAX_GENERATIONS + 1)
    with pytest.raises(ValueError, match="k must be"):
        viral.reach_explorer(-0.5, 100, 5)
    with pytest.raises(ValueError, match="seed_users"):
        viral.reach_explorer(0.5, 0, 5)
    with pytest.raises(TypeError, match="capped"):
        viral.reach_explorer(0.5, 100, 5, capped="yes")
