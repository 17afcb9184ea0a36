"""Tests of utils.shared.listening: share of voice and sentiment from mention counts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from utils.shared import listening
from utils.shared.data import load_mentions


def toy() -> pd.DataFrame:
    """Two days, two platforms, three brands; counts chosen to make hand sums easy."""
    rows = [
        # date, platform, brand, positive, neutral, negative
        ("2025-01-31", "X", "A", 3, 5, 2),       # A: 10 on X in January
        ("2025-01-31", "X", "B", 10, 8, 2),      # B: 20
        ("2025-01-31", "X", "C", 5, 4, 1),       # C: 10
        ("2025-02-01", "X", "A", 20, 10, 10),    # A: 40 on X in February
        ("2025-02-01", "X", "B", 5, 3, 2),       # B: 10
        ("2025-02-01", "X", "C", 0, 0, 0),       # C: 0
        ("2025-02-01", "TikTok", "A", 1, 1, 0),  # A: 2
        ("2025-02-01", "TikTok", "B", 1, 0, 1),  # B: 2
        ("2025-02-01", "TikTok", "C", 4, 0, 0),  # C: 4
    ]
    frame = pd.DataFrame(rows, columns=["date", "platform", "brand", "positive", "neutral", "negative"])
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


# --------------------------------------------------------------------------- #
# share of voice
# --------------------------------------------------------------------------- #
def test_share_of_voice_overall_hand_worked():
    table = listening.share_of_voice_table(toy()).set_index("brand")
    # A 52, B 32, C 14 of 98 mentions
    assert table.loc["A", "mentions"] == 52 and table.loc["A", "total_mentions"] == 98
    assert table.loc["A", "share_of_voice"] == pytest.approx(52 / 98)
    assert table.loc["C", "share_of_voice"] == pytest.approx(14 / 98)
    assert table["share_of_voice"].sum() == pytest.approx(1.0)
    assert list(table.index) == ["A", "B", "C"]  # largest share first


def test_share_of_voice_by_platform_pools_days():
    table = listening.share_of_voice_table(toy(), "platform")
    x = table[table["platform"] == "X"].set_index("brand")
    # pooled over both days: A 50 of 90, not the mean of 10/40 and 40/50
    assert x.loc["A", "share_of_voice"] == pytest.approx(50 / 90)
    assert x.loc["A", "share_of_voice"] != pytest.approx(np.mean([10 / 40, 40 / 50]))
    sums = table.groupby("platform")["share_of_voice"].sum()
    np.testing.assert_allclose(sums.to_numpy(), 1.0)


def test_share_of_voice_by_month_and_wide_table():
    wide = listening.share_of_voice_wide(toy(), "month")
    assert list(wide.index) == ["2025-01", "2025-02"]
    assert wide.loc["2025-01", "B"] == pytest.approx(20 / 40)
    assert wide.loc["2025-02", "A"] == pytest.approx(42 / 58)
    np.testing.assert_allclose(wide.sum(axis=1).to_numpy(), 1.0)


def test_share_of_voice_with_brand_subset():
    table = listening.share_of_voice_table(toy(), brands=["A", "B"]).set_index("brand")
    assert table.loc["A", "share_of_voice"] == pytest.approx(52 / 84)
    with pytest.raises(ValueError, match="brands"):
        listening.share_of_voice_table(toy(), brands=["Nobody"])


def test_share_of_voice_on_course_data_matches_pandas():
    mentions = load_mentions()
    total = mentions["positive"] + mentions["neutral"] + mentions["negative"]
    counts = total.groupby([mentions["platform"].astype(str), mentions["brand"].astype(str)]).sum()
    expected = counts / counts.groupby(level=0).transform("sum")
    table = listening.share_of_voice_table(mentions, "platform")
    for _, row in table.iterrows():
        assert row["share_of_voice"] == pytest.approx(expected[(row["platform"], row["brand"])])
    wide = listening.share_of_voice_wide(mentions, "platform")
    assert list(wide.columns) == ["Brightleaf", "Copperpot", "Greenhill", "Mistral"]
    assert list(wide.index) == ["Facebook", "Instagram", "X", "YouTube", "LinkedIn", "TikTok"]


def test_week_grouping_starts_on_monday():
    data = listening.with_totals(toy())
    assert set(data["week"].dt.day_of_week) == {0}
    assert data["mentions"].tolist() == [10, 20, 10, 40, 10, 0, 2, 2, 4]


# --------------------------------------------------------------------------- #
# sentiment
# --------------------------------------------------------------------------- #
def test_net_sentiment_scalars_and_columns():
    assert listening.net_sentiment(30, 10, 100) == pytest.approx(0.2)
    assert listening.net_sentiment(0, 5, 5) == -1.0
    result = listening.net_sentiment(pd.Series([3, 1]), pd.Series([1, 3]), pd.Series([4, 8]))
    np.testing.assert_allclose(result.to_numpy(), [0.5, -0.25])


def test_net_sentiment_rejects_impossible_counts():
    with pytest.raises(ValueError, match="total"):
        listening.net_sentiment(8, 5, 10)  # 13 positive + negative out of 10 mentions
    with pytest.raises(ValueError, match="total"):
        listening.net_sentiment(0, 0, 0)
    with pytest.raises(ValueError, match="positive"):
        listening.net_sentiment(-1, 0, 5)
    with pytest.raises(TypeError, match="negative"):
        listening.net_sentiment(1, "2", 5)


def test_sentiment_table_hand_worked():
    table = listening.sentiment_table(toy())
    a = table.loc["A"]
    assert a["mentions"] == 52
    assert a["positive_share"] == pytest.approx(24 / 52)
    assert a["negative_share"] == pytest.approx(12 / 52)
    assert a["net_sentiment"] == pytest.approx((24 - 12) / 52)
    by_month = listening.sentiment_table(toy(), "month")
    assert by_month.loc[("2025-01", "B"), "net_sentiment"] == pytest.approx(8 / 20)


def test_brightleaf_crisis_month_is_loud_but_negative():
    mentions = load_mentions()
    loud = listening.share_of_voice_wide(mentions, "month")["Brightleaf"]
    mood = listening.sentiment_table(mentions, "month")["net_sentiment"].xs("Brightleaf", level="brand")
    assert loud.idxmax() == "2025-09"
    assert mood.idxmin() == "2025-09" and mood.min() < 0


# --------------------------------------------------------------------------- #
# bad input
# --------------------------------------------------------------------------- #
def test_bad_input_names_the_argument():
    with pytest.raises(TypeError, match="mentions must be a pandas DataFrame"):
        listening.share_of_voice_table([1, 2])
    with pytest.raises(ValueError, match="missing the column"):
        listening.share_of_voice_table(toy().drop(columns="negative"))
    with pytest.raises(ValueError, match="no rows"):
        listening.share_of_voice_table(toy().iloc[:0])
    with pytest.raises(ValueError, match="by must be"):
        listening.share_of_voice_table(toy(), "country")
    bad = toy()
    bad.loc[0, "positive"] = -3
    with pytest.raises(ValueError, match="positive"):
        listening.sentiment_table(bad)
    with pytest.raises(TypeError, match="by must be one column"):
        listening.share_of_voice_wide(toy(), ["platform", "month"])


def test_zero_mentions_in_a_group_follow_on_zero():
    frame = toy()
    frame.loc[frame["platform"] == "TikTok", ["positive", "neutral", "negative"]] = 0
    with pytest.raises(ValueError, match="total_mentions"):
        listening.share_of_voice_table(frame, "platform")
    table = listening.share_of_voice_table(frame, "platform", on_zero="nan")
    assert table.loc[table["platform"] == "TikTok", "share_of_voice"].isna().all()


def test_share_of_voice_on_one_platform_of_the_course_data():
    """Notebook 08's table: share of voice among the mentions of one platform."""
    mentions = load_mentions()
    ig = mentions[mentions["platform"] == "Instagram"]
    table = listening.share_of_voice_table(ig).set_index("brand")
    total = ig[["positive", "neutral", "negative"]].sum(axis=1)
    by_brand = total.groupby(ig["brand"], observed=True).sum()
    assert table.loc["Brightleaf", "share_of_voice"] == pytest.approx(by_brand["Brightleaf"] / by_brand.sum())
    assert table["share_of_voice"].sum() == pytest.approx(1.0)
    with pytest.raises(ValueError, match="no rows"):
        listening.share_of_voice_table(mentions[mentions["platform"] == "Nowhere"])
