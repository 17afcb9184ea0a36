"""Tests of utils.nb04.content: virality rates, stickiness and paid / owned / earned exposure."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from utils.nb04 import content
from utils.shared.data import load_mentions, load_posts


def toy_posts() -> pd.DataFrame:
    return pd.DataFrame({
        "platform": ["X", "X", "TikTok", "TikTok"],
        "content_type": ["text", "text", "video", "video"],
        "topic": ["news", "how-to", "how-to", "promotion"],
        "paid": [False, False, False, True],
        "followers": [1000, 1000, 500, 500],
        "impressions": [100, 900, 2000, 4000],
        "reach": [80, 800, 1500, 2500],
        "likes": [5, 20, 100, 150],
        "comments": [1, 2, 10, 10],
        "shares": [10, 0, 20, 10],
        "clicks": [4, 10, 40, 80],
        "conversions": [0, 1, 2, 8],
    })


def toy_mentions() -> pd.DataFrame:
    return pd.DataFrame({
        "date": pd.to_datetime(["2025-01-01"] * 4),
        "platform": ["X", "X", "TikTok", "TikTok"],
        "brand": ["Brightleaf", "Rival", "Brightleaf", "Rival"],
        "positive": [2, 50, 1, 50],
        "neutral": [1, 50, 1, 50],
        "negative": [1, 50, 0, 50],
    })


# --------------------------------------------------------------------------- #
# virality rates and stickiness
# --------------------------------------------------------------------------- #
def test_virality_rates_are_pooled():
    table = content.virality_rates(toy_posts())
    assert table.loc["text", "virality_rate"] == pytest.approx(10 / 1000)   # not mean(10/100, 0/900) = 0.05
    assert table.loc["video", "virality_rate"] == pytest.approx(30 / 6000)
    assert table.loc["text", "posts"] == 2
    assert list(table.index) == ["text", "video"]  # highest first


def test_share_ratio_and_top_topics():
    assert content.share_ratio(toy_posts(), "text", "video") == pytest.approx((10 / 1000) / (30 / 6000))
    assert content.top_topics(toy_posts(), 1) == ["news"]
    assert content.top_topics(toy_posts(), 2, platform="TikTok") == ["how-to", "promotion"]
    with pytest.raises(ValueError, match="a: no posts"):
        content.share_ratio(toy_posts(), "image", "text")
    never = toy_posts().assign(shares=[0, 0, 20, 10])
    with pytest.raises(ValueError, match="never shared"):
        content.share_ratio(never, "video", "text")
    with pytest.raises(ValueError, match="k"):
        content.top_topics(toy_posts(), 0)


def test_stickiness_funnel_hand_worked():
    table = content.stickiness(toy_posts(), "content_type")
    video = table.loc["video"]
    assert video["engagement_rate"] == pytest.approx((250 + 20 + 30 + 120) / 6000)
    assert video["conversion_rate"] == pytest.approx(10 / 120)
    assert video["virality_rate"] == pytest.approx(30 / 6000)


def test_course_data_video_is_most_shareable():
    posts = load_posts()
    table = content.virality_rates(posts, "content_type")
    assert list(table.index) == ["video", "image", "link", "text"]  # the planted order
    video = posts[posts["content_type"] == "video"]
    assert table.loc["video", "virality_rate"] == pytest.approx(video["shares"].sum() / video["impressions"].sum())
    assert content.share_ratio(posts, "video", "text") > 2


def test_virality_rate_bad_input():
    with pytest.raises(TypeError, match="posts must be a pandas DataFrame"):
        content.virality_rates(None)
    with pytest.raises(ValueError, match="by: posts has no column"):
        content.virality_rates(toy_posts(), "colour")
    with pytest.raises(ValueError, match="no rows"):
        content.virality_rates(toy_posts().iloc[:0])
    bad = toy_posts()
    bad.loc[0, "shares"] = 1000
    with pytest.raises(ValueError, match="shares"):
        content.virality_rates(bad)


# --------------------------------------------------------------------------- #
# paid / owned / earned exposure
# --------------------------------------------------------------------------- #
def test_exposure_split_hand_worked():
    table = content.exposure_split(toy_posts(), toy_mentions(), views_per_share=10)
    x, tiktok = table.loc["X"], table.loc["TikTok"]
    # X: organic posts with reach below followers -> all owned
    assert x["paid"] == 0 and x["owned"] == pytest.approx(1000)
    assert x["earned_beyond_followers"] == pytest.approx(0)
    assert x["earned_shares"] == pytest.approx(10 * 10)
    assert x["earned_mentions"] == pytest.approx(4 * 10)
    # TikTok: organic post reach 1500 vs 500 followers -> a third owned, two thirds earned
    assert tiktok["paid"] == pytest.approx(4000)
    assert tiktok["owned"] == pytest.approx(2000 * 500 / 1500)
    assert tiktok["earned_beyond_followers"] == pytest.approx(2000 * 1000 / 1500)
    assert tiktok["earned_shares"] == pytest.approx(30 * 10)
    assert tiktok["earned_mentions"] == pytest.approx(2 * 10)
    for _, row in table.iterrows():
        assert row["total"] == pytest.approx(row["paid"] + row["owned"] + row["earned"])
        assert row[["paid_share", "owned_share", "earned_share"]].sum() == pytest.approx(1)


def test_exposure_overall_and_assumption():
    overall = content.exposure_split(toy_posts(), None, views_per_share=0, by=None)
    assert list(overall.index) == ["all"]
    assert overall.loc["all", "earned"] == pytest.approx(2000 * 1000 / 1500)
    shares = content.exposure_shares(content.exposure_split(toy_posts(), toy_mentions()))
    assert shares.sum() == pytest.approx(1.0)
    low = content.exposure_shares(content.exposure_split(toy_posts(), views_per_share=5))["earned"]
    high = content.exposure_shares(content.exposure_split(toy_posts(), views_per_share=50))["earned"]
    assert high > low


def test_exposure_on_course_data_adds_up():
    posts, mentions = load_posts(), load_mentions()
    table = content.exposure_split(posts, mentions)
    assert table["paid"].sum() == pytest.approx(posts.loc[posts["paid"], "impressions"].sum())
    organic = posts.loc[~posts["paid"], "impressions"].sum()
    assert (table["owned"] + table["earned_beyond_followers"]).sum() == pytest.approx(organic)
    own = mentions[mentions["brand"] == "Brightleaf"]
    expected_mentions = (own["positive"] + own["neutral"] + own["negative"]).sum() * content.VIEWS_PER_SHARE
    assert table["earned_mentions"].sum() == pytest.approx(expected_mentions)
    assert np.isfinite(table.to_numpy(dtype=float)).all()


def test_exposure_bad_input():
    with pytest.raises(ValueError, match="views_per_share"):
        content.exposure_split(toy_posts(), views_per_share=-1)
    with pytest.raises(TypeError, match="views_per_share"):
        content.exposure_split(toy_posts(), views_per_share="20")
    with pytest.raises(ValueError, match="by must be"):
        content.exposure_split(toy_posts(), by="content_type")
    with pytest.raises(TypeError, match="mentions must be"):
        content.exposure_split(toy_posts(), mentions=[1, 2])
    bad = toy_posts()
    bad.loc[1, "reach"] = 5000  # more people than impressions
    with pytest.raises(ValueError, match="reach"):
        content.exposure_split(bad)
    with pytest.raises(TypeError, match="exposure_split"):
        content.exposure_shares(pd.DataFrame({"x": [1]}))
