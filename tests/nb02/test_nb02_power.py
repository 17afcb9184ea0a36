"""Tests of utils.nb02.power: channel types, interaction mix, social equity (ROI), the three Vs, eWOM."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from conftest import ROOT
from utils.shared.config import CHANNEL_TYPES, GROSS_MARGIN
from utils.shared.data import column_specs, load, load_audience, load_campaigns, load_posts
from utils.nb02.power import (
    CHANNEL_ORDER,
    campaign_roi_table,
    channel_breakdown,
    channel_type_summary,
    events_per_day,
    interaction_mix,
    pooled_roi,
    targeting_fields,
    velocity,
    volume_variety,
    word_of_mouth_rows,
    word_of_mouth_view,
)
from utils.shared.virality import simulate_word_of_mouth

DATA = ROOT / "data"


def tiny_posts() -> pd.DataFrame:
    return pd.DataFrame({
        "platform": ["YouTube", "TikTok", "Facebook", "X", "X"],
        "impressions": [1000, 3000, 2000, 100, 900],
        "reach": [800, 2000, 1500, 90, 600],
        "likes": [50, 90, 40, 5, 10],
        "comments": [5, 10, 4, 1, 4],
        "shares": [10, 20, 2, 2, 8],
        "clicks": [5, 30, 14, 2, 8],
    })


# --------------------------------------------------------------------------- #
# connection: channel types
# --------------------------------------------------------------------------- #
def test_channel_type_summary_hand_worked():
    t = channel_type_summary(tiny_posts())
    assert t.index.tolist() == ["content platform", "social site", "microblog"]
    assert t.loc["content platform", "platforms"] == "YouTube, TikTok"
    assert t.loc["content platform", "posts"] == 2
    assert t.loc["content platform", "engagements"] == 50 + 5 + 10 + 5 + 90 + 10 + 20 + 30
    assert t.loc["content platform", "reach_per_post"] == pytest.approx((800 + 2000) / 2)
    # pooled: (10 + 30) / (100 + 900), not the mean of 10/100 and 30/900
    assert t.loc["microblog", "engagement_rate"] == pytest.approx(40 / 1000)
    assert t.loc["microblog", "shares_per_1000"] == pytest.approx(1000 * 10 / 1000)
    assert t.loc["social site", "engagement_rate"] == pytest.approx(60 / 2000)


def test_channel_type_summary_matches_pandas_on_course_data():
    posts = pd.read_csv(DATA / "posts.csv")
    kind = posts["platform"].map(CHANNEL_TYPES)
    eng = posts[["likes", "comments", "shares", "clicks"]].sum(axis=1)
    expected_er = eng.groupby(kind).sum() / posts["impressions"].groupby(kind).sum()
    expected_rpp = posts["reach"].groupby(kind).mean()
    t = channel_type_summary(load_posts())
    assert set(t.index) == set(CHANNEL_ORDER)
    for k in CHANNEL_ORDER:
        assert t.loc[k, "engagement_rate"] == pytest.approx(expected_er[k])
        assert t.loc[k, "reach_per_post"] == pytest.approx(expected_rpp[k])
    assert t["posts"].sum() == len(posts)


def test_channel_type_summary_bad_input():
    with pytest.raises(TypeError, match="posts must be a pandas DataFrame"):
        channel_type_summary([1, 2])
    with pytest.raises(ValueError, match=r"missing the column\(s\) \['shares'\]"):
        channel_type_summary(tiny_posts().drop(columns="shares"))
    with pytest.raises(ValueError, match="posts has no rows"):
        channel_type_summary(tiny_posts().iloc[0:0])
    with pytest.raises(ValueError, match="platform 'Myspace' has no channel type"):
        channel_type_summary(tiny_posts().assign(platform="Myspace"))
    with pytest.raises(ValueError, match="shares cannot exceed impressions"):
        channel_type_summary(tiny_posts().assign(shares=5000))
    with pytest.raises(ValueError, match="likes must be 0 or more"):
        channel_type_summary(tiny_posts().assign(likes=-1))


def test_channel_breakdown():
    t = channel_breakdown(tiny_posts(), "content platform")
    assert t.index.name == "platform" and sorted(t.index) == ["TikTok", "YouTube"]
    assert t.loc["TikTok", "engagement_rate"] == pytest.approx(150 / 3000)
    assert "platforms" not in t.columns
    with pytest.raises(ValueError, match="channel_type must be one of 'content platform', 'social site', 'microblog'"):
        channel_breakdown(tiny_posts(), "blog")
    with pytest.raises(ValueError, match="posts has no social site posts"):
        channel_breakdown(tiny_posts()[tiny_posts()["platform"] != "Facebook"], "social site")


# --------------------------------------------------------------------------- #
# interaction
# --------------------------------------------------------------------------- #
def test_interaction_mix():
    mix = interaction_mix(tiny_posts())
    assert mix.index.tolist() == ["likes", "comments", "shares", "clicks"]
    total = 195 + 24 + 42 + 59
    assert mix.loc["likes", "share"] == pytest.approx(195 / total)
    assert mix["share"].sum() == pytest.approx(1.0)
    with pytest.raises(ValueError, match="no engagements at all"):
        interaction_mix(tiny_posts().assign(likes=0, comments=0, shares=0, clicks=0))
    with pytest.raises(ValueError, match="clicks must be a whole number|clicks must be whole numbers"):
        interaction_mix(tiny_posts().assign(clicks=1.5))


# --------------------------------------------------------------------------- #
# social equity: ROI
# --------------------------------------------------------------------------- #
def tiny_campaigns() -> pd.DataFrame:
    return pd.DataFrame({
        "name": ["a", "b", "c"],
        "objective": ["sales", "awareness", "sales"],
        "platform": ["Facebook", "TikTok", "Instagram"],
        "spend": [100.0, 200.0, 700.0],
        "attributed_revenue": [300.0, 50.0, 700.0],
    })


def test_campaign_roi_table_hand_worked():
    t = campaign_roi_table(tiny_campaigns(), gross_margin=0.5)
    # gross profit 150, 25, 350 against spend 100, 200, 700
    assert t["name"].tolist() == ["a", "c", "b"]  # best first
    np.testing.assert_allclose(t["roas"], [3.0, 1.0, 0.25])
    np.testing.assert_allclose(t["gross_profit"], [150.0, 350.0, 25.0])
    np.testing.assert_allclose(t["roi"], [0.5, -0.5, -0.875])
    assert "profit" not in t.columns  # revenue minus spend is not a profit


def test_campaign_roi_table_uses_the_course_margin_by_default():
    t = campaign_roi_table(tiny_campaigns())
    assert t.loc[t["name"] == "a", "roi"].item() == pytest.approx((300 * GROSS_MARGIN - 100) / 100)


def test_pooled_roi_is_not_the_mean_of_rois():
    c = tiny_campaigns()
    assert pooled_roi(c, gross_margin=0.5) == pytest.approx((1050 * 0.5 - 1000) / 1000)
    assert pooled_roi(c, gross_margin=0.5) != pytest.approx(np.mean([0.5, -0.5, -0.875]))
    by = pooled_roi(c, by="objective", gross_margin=0.5)
    assert by.loc["sales", "roi"] == pytest.approx((1000 * 0.5 - 800) / 800)
    assert by.loc["sales", "roas"] == pytest.approx(1000 / 800)
    assert by.loc["awareness", "campaigns"] == 1


def test_roi_on_course_data_matches_pandas():
    raw = pd.read_csv(DATA / "campaigns.csv")
    expected = (raw["attributed_revenue"].sum() * GROSS_MARGIN - raw["spend"].sum()) / raw["spend"].sum()
    assert pooled_roi(load_campaigns()) == pytest.approx(expected)
    t = campaign_roi_table(load_campaigns())
    assert len(t) == len(raw) and t["roi"].is_monotonic_decreasing
    best = raw.assign(r=raw["attributed_revenue"] / raw["spend"]).sort_values("r").iloc[-1]
    assert t.iloc[0]["name"] == best["name"]


def test_roi_bad_input():
    with pytest.raises(ValueError, match="ad_spend is 0|cost is 0"):
        campaign_roi_table(tiny_campaigns().assign(spend=[0.0, 1.0, 1.0]))
    with pytest.raises(ValueError, match="spend must be 0 or more"):
        pooled_roi(tiny_campaigns().assign(spend=[-1.0, 1.0, 1.0]))
    with pytest.raises(ValueError, match="sum of|cost is 0|ad_spend is 0"):
        pooled_roi(tiny_campaigns().assign(spend=0.0))
    with pytest.raises(ValueError, match="campaigns has no rows"):
        pooled_roi(tiny_campaigns().iloc[0:0])
    with pytest.raises(ValueError, match=r"missing the column\(s\) \['channel'\]"):
        pooled_roi(tiny_campaigns(), by="channel")


# --------------------------------------------------------------------------- #
# customer data: the three Vs
# --------------------------------------------------------------------------- #
def test_volume_variety_hand_worked():
    frames = {"a": pd.DataFrame({"x": [1, 2], "when": pd.to_datetime(["2025-01-01", "2025-01-02"]),
                                  "flag": [True, False]})}
    t = volume_variety(frames)
    assert t.loc["a", "rows"] == 2 and t.loc["a", "columns"] == 3 and t.loc["a", "cells"] == 6
    assert t.loc["a", "kinds"] == 3 and t.loc["a", "kind_names"] == "numbers, timestamps, yes/no flags"
    t2 = volume_variety(frames, {"a": {"x": "int", "when": "date", "flag": "bool"}})
    assert t2.loc["a", "kind_names"] == "dates, numbers, yes/no flags"
    with pytest.raises(ValueError, match=r"does not describe the column\(s\) \['flag'\]"):
        volume_variety(frames, {"a": {"x": "int", "when": "date"}})
    with pytest.raises(ValueError, match="unknown type"):
        volume_variety(frames, {"a": {"x": "integer", "when": "date", "flag": "bool"}})
    with pytest.raises(ValueError, match="non-empty mapping"):
        volume_variety({})
    with pytest.raises(TypeError, match=r"frames\['a'\] must be a pandas DataFrame"):
        volume_variety({"a": [1]})


def test_volume_variety_on_course_data():
    names = ["posts", "audience", "campaigns"]
    frames = {n: load(n) for n in names}
    types = {n: {s.name: s.type for s in column_specs(n)} for n in names}
    t = volume_variety(frames, types)
    for n in names:
        raw = pd.read_csv(DATA / f"{n}.csv")
        assert t.loc[n, "rows"] == len(raw) and t.loc[n, "cells"] == raw.size
    assert "lists" in t.loc["audience", "kind_names"]


def test_events_per_day_and_velocity_hand_worked():
    inbox = pd.DataFrame({"received_at": pd.to_datetime(
        ["2025-01-01 08:00", "2025-01-01 09:00", "2025-01-03 10:00", "2025-01-03 11:00", "2025-01-03 12:00"])})
    daily = events_per_day(inbox, "received_at")
    assert daily.tolist() == [2, 0, 3]  # the quiet day counts as 0
    mentions = pd.DataFrame({"date": pd.to_datetime(["2025-01-01", "2025-01-02", "2025-01-02"]),
                             "positive": [1, 2, 3], "negative": [0, 5, 1]})
    v = velocity({"inbox": inbox, "mentions": mentions, "campaigns": pd.DataFrame({"x": [1]})},
                 counts={"mentions": ("positive", "negative")})
    assert v.index.tolist() == ["inbox", "mentions"]  # campaigns has no time column: skipped
    assert v.loc["inbox", "days"] == 3 and v.loc["inbox", "per_day"] == pytest.approx(5 / 3)
    assert v.loc["inbox", "per_hour"] == pytest.approx(5 / 3 / 24)
    assert v.loc["inbox", "busiest_day"] == pd.Timestamp("2025-01-03")
    assert v.loc["mentions", "events"] == 12 and v.loc["mentions", "busiest_day_events"] == 11


def test_velocity_on_course_data_matches_pandas():
    inbox = pd.read_csv(DATA / "inbox.csv", parse_dates=["received_at"])
    per_day = inbox.groupby(inbox["received_at"].dt.date).size()
    v = velocity({"inbox": load("inbox")})
    assert v.loc["inbox", "events"] == len(inbox)
    assert v.loc["inbox", "busiest_day_events"] == per_day.max()
    assert v.loc["inbox", "busiest_day"].date() == per_day.idxmax()


def test_velocity_bad_input():
    with pytest.raises(ValueError, match="none of"):
        velocity({"campaigns": pd.DataFrame({"x": [1]})})
    with pytest.raises(TypeError, match="received_at must hold datetimes"):
        velocity({"inbox": pd.DataFrame({"received_at": ["2025-01-01"]})})
    with pytest.raises(ValueError, match=r"frames\['inbox'\] has no rows"):
        velocity({"inbox": pd.DataFrame({"received_at": pd.to_datetime([])})})
    with pytest.raises(ValueError, match="missing times"):
        velocity({"inbox": pd.DataFrame({"received_at": pd.to_datetime(["2025-01-01", None])})})


# --------------------------------------------------------------------------- #
# targeting data
# --------------------------------------------------------------------------- #
def test_targeting_fields_on_course_data():
    t = targeting_fields(load_audience()).set_index("column")
    raw = pd.read_csv(DATA / "audience.csv")
    assert t.loc["location", "kind"] == "geographic"
    assert t.loc["location", "distinct"] == raw["location"].nunique()
    interests = raw["interests"].str.split(";").explode()
    assert t.loc["interests", "distinct"] == interests.nunique()
    assert t.loc["interests", "example"] == interests.value_counts().index[0]
    assert t.loc["age", "example"] == f"{raw['age'].min()} to {raw['age'].max()}"
    with pytest.raises(ValueError, match=r"missing the column\(s\) \['location'\]"):
        targeting_fields(raw.drop(columns="location"))


# --------------------------------------------------------------------------- #
# eWOM panel compute
# --------------------------------------------------------------------------- #
def test_word_of_mouth_view_matches_the_simulation():
    view = word_of_mouth_view(0.15, 3000, 10)
    sim = simulate_word_of_mouth(3000, 0.15, 10, 10, 30)
    np.testing.assert_array_equal(view["reached"], sim.reached)
    assert view["final_reach"] == sim.final_reach
    assert view["final_share"] == pytest.approx(sim.final_reach / 3000)
    assert view["multiplier"] == pytest.approx(sim.final_reach / 10)
    assert view["active_steps"] == int(np.count_nonzero(sim.new[1:]))
    assert view["k"] == pytest.approx(1.5)


def test_word_of_mouth_spreads_further_with_a_higher_share_probability():
    low, high = word_of_mouth_view(0.02, 5000), word_of_mouth_view(0.2, 5000)
    assert low["final_share"] < 0.05 < 0.5 < high["final_share"] <= 1.0
    assert word_of_mouth_view(0.0, 5000)["final_reach"] == 10  # nobody passes it on


def test_word_of_mouth_rows():
    view = word_of_mouth_view(0.15, 3000, 10)
    rows = dict(word_of_mouth_rows(view))
    assert rows["People reached"] == f"{view['final_reach']:,} of 3,000"
    assert rows["Early viral coefficient k (p x contacts)"] == "1.50"
    assert rows["Steps in which new people heard it"] == f"{view['active_steps']} of 30"


@pytest.mark.parametrize(
    "args,exc,words",
    [
        ((0.1, 100, 500), ValueError, "seed_users (500) cannot exceed network_size (100)"),
        ((0.1, 100, 0), ValueError, "seed_users must be at least 1"),
        ((1.5, 100), ValueError, "share_probability must be between 0 and 1"),
        ((0.1, 0), ValueError, "network_size must be between 1"),
        (("0.1", 100), TypeError, "share_probability must be a number"),
    ],
)
def test_word_of_mouth_view_bad_input(args, exc, words):
    with pytest.raises(exc) as info:
        word_of_mouth_view(*args)
    assert words in str(info.value)
