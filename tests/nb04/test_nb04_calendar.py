"""Tests of utils.nb04.calendar: forecast, schedule and export message."""

from __future__ import annotations


import numpy as np
import pandas as pd
import pytest

from utils.nb04 import calendar
from utils.shared.config import CONTENT_TYPES, PLATFORMS


@pytest.fixture(scope="module")
def rates(posts):
    return calendar.expected_rates(posts)


# --------------------------------------------------------------------------- #
# forecast
# --------------------------------------------------------------------------- #
def test_expected_rates_match_independent_medians(posts, rates):
    organic = posts[~posts["paid"] & (posts["platform"] == "X") & (posts["content_type"] == "text")]
    engaged = organic["likes"] + organic["comments"] + organic["shares"] + organic["clicks"]
    cell = rates.loc[("X", "text")]
    assert cell["history_posts"] == len(organic)
    assert cell["median_reach"] == pytest.approx(organic["reach"].median())
    assert cell["median_engagement_rate"] == pytest.approx((engaged / organic["reach"]).median())
    assert cell["expected_engagements"] == pytest.approx(cell["median_reach"] * cell["median_engagement_rate"])
    assert cell["forecast_basis"] == "platform x content type"
    assert rates.shape[0] == len(PLATFORMS) * len(CONTENT_TYPES)


def test_combinations_without_history_are_estimated_and_labelled(rates):
    tiktok_text = rates.loc[("TikTok", "text")]
    assert tiktok_text["history_posts"] == 0
    assert tiktok_text["forecast_basis"] == "platform effect x type effect"
    assert np.isfinite(rates[["median_reach", "median_engagement_rate"]].to_numpy()).all()
    # video beats text wherever both are known, so the estimate keeps that order on TikTok
    assert rates.loc[("TikTok", "video"), "median_reach"] > tiktok_text["median_reach"]


def test_two_way_estimate_recovers_a_multiplicative_pattern():
    platform_effect = {"X": 100, "TikTok": 400}
    type_effect = {"video": 3.0, "text": 1.0}
    rows = []
    for platform, base in platform_effect.items():
        for kind, factor in type_effect.items():
            if (platform, kind) == ("TikTok", "text"):
                continue  # no history: must be estimated as 400 x 1
            for _ in range(6):
                rows.append({"platform": platform, "content_type": kind, "paid": False, "reach": base * factor,
                             "likes": 10, "comments": 0, "shares": 0, "clicks": 0})
    for platform in ("Facebook", "Instagram", "YouTube", "LinkedIn"):
        for _ in range(6):
            rows.append({"platform": platform, "content_type": "video", "paid": False, "reach": 300,
                         "likes": 10, "comments": 0, "shares": 0, "clicks": 0})
    table = calendar.expected_rates(pd.DataFrame(rows))
    assert table.loc[("TikTok", "text"), "median_reach"] == pytest.approx(400)
    assert table.loc[("TikTok", "text"), "median_engagement_rate"] == pytest.approx(10 / 400)


def test_expected_rates_bad_input(posts):
    with pytest.raises(TypeError, match="posts"):
        calendar.expected_rates("posts")
    with pytest.raises(ValueError, match="min_history"):
        calendar.expected_rates(posts, min_history=0)
    with pytest.raises(ValueError, match="too little history"):
        calendar.expected_rates(posts[posts["platform"] != "YouTube"])


# --------------------------------------------------------------------------- #
# allocation and schedule
# --------------------------------------------------------------------------- #
def test_allocate_rounds_by_largest_remainder():
    assert calendar.allocate(10, {"video": 0.55, "image": 0.45}) == {"video": 6, "image": 4, "text": 0, "link": 0}
    counts = calendar.allocate(7, {"video": 0.5, "image": 0.3, "text": 0.1, "link": 0.1})
    # exact 3.5, 2.1, 0.7, 0.7 -> floors 3, 2, 0, 0; the 2 left go to the largest remainders (0.7, 0.7)
    assert counts == {"video": 3, "image": 2, "text": 1, "link": 1}
    assert calendar.allocate(0, {"video": 1.0}) == {"video": 0, "image": 0, "text": 0, "link": 0}


def test_allocate_bad_mix():
    with pytest.raises(ValueError, match="adds up to 90%"):
        calendar.allocate(10, {"video": 0.6, "image": 0.3})
    with pytest.raises(ValueError, match="not content types"):
        calendar.allocate(10, {"podcast": 1.0})
    with pytest.raises(ValueError, match="mix\\['video'\\]"):
        calendar.allocate(10, {"video": -0.5, "image": 1.5})
    with pytest.raises(TypeError, match="mix must map"):
        calendar.allocate(10, [0.5, 0.5])


def test_build_calendar_structure_and_forecast(rates):
    mix = {"video": 0.5, "image": 0.3, "text": 0.1, "link": 0.1}
    schedule = calendar.build_calendar(["TikTok", "Instagram"], 5, mix, 4, rates=rates, campaign="=evil",
                                       topics=["how-to", "news"])
    assert len(schedule) == 2 * 5 * 4
    assert list(schedule.columns) == ["campaign", "week", "date", "weekday", "platform", "content_type", "topic",
                                      "expected_reach", "expected_engagements", "forecast_basis"]
    per_platform = schedule.groupby("platform")["content_type"].value_counts().unstack(fill_value=0)
    assert per_platform.loc["TikTok"].to_dict() == calendar.allocate(20, mix)
    assert schedule["date"].min() == calendar.DEFAULT_START and schedule["date"].max() <= "2026-02-01"
    weekdays = pd.to_datetime(schedule["date"]).dt.day_name()
    assert (weekdays == schedule["weekday"]).all()
    assert schedule.groupby(["platform", "week"]).size().eq(5).all()
    for _, row in schedule.iterrows():
        cell = rates.loc[(row["platform"], row["content_type"])]
        assert row["expected_reach"] == pytest.approx(cell["median_reach"], abs=0.05)
        assert row["forecast_basis"] == cell["forecast_basis"]
    assert set(schedule["topic"]) == {"how-to", "news"}
    assert (schedule["campaign"] == "=evil").all()  # neutralised only on export


def test_build_calendar_friendly_messages(rates):
    mix = {"video": 1.0}
    with pytest.raises(ValueError, match="Pick at least one platform"):
        calendar.build_calendar([], 3, mix, 2, rates=rates)
    with pytest.raises(ValueError, match="not course platforms"):
        calendar.build_calendar(["MySpace"], 3, mix, 2, rates=rates)
    with pytest.raises(ValueError, match="posts_per_week"):
        calendar.build_calendar(["X"], 0, mix, 2, rates=rates)
    with pytest.raises(ValueError, match="weeks"):
        calendar.build_calendar(["X"], 3, mix, 0, rates=rates)
    with pytest.raises(ValueError, match="start"):
        calendar.build_calendar(["X"], 3, mix, 2, rates=rates, start="next monday")
    with pytest.raises(TypeError, match="rates"):
        calendar.build_calendar(["X"], 3, mix, 2, rates=None)


def test_calendar_view_uses_percentages_and_summarises(rates):
    view = calendar.calendar_view(("Instagram", "TikTok"), 5, 50, 30, 10, 10, 4, "Spring", rates=rates)
    schedule = view["schedule"]
    assert view["mix"] == {"video": 0.5, "image": 0.3, "text": 0.1, "link": 0.1}
    summary = view["summary"]
    assert summary["posts"] == 40
    assert summary["expected_reach"] == pytest.approx(schedule["expected_reach"].sum())
    assert summary["engagement_rate"] == pytest.approx(schedule["expected_engagements"].sum()
                                                       / schedule["expected_reach"].sum())
    assert summary["fallback_posts"] == (schedule["forecast_basis"] != "platform x content type").sum() > 0
    rows = dict(calendar.calendar_rows(view))
    assert rows["Posts planned"] == "40"
    assert "Posts estimated without history of their format" in rows
    fb = calendar.calendar_view(["Facebook"], 3, 25, 25, 25, 25, 2, rates=rates)
    assert fb["summary"]["fallback_posts"] == 0
    assert "Posts estimated without history of their format" not in dict(calendar.calendar_rows(fb))


def test_calendar_view_messages(rates):
    with pytest.raises(ValueError, match="adds up to 120%"):
        calendar.calendar_view(["X"], 3, 50, 30, 30, 10, 2, rates=rates)
    with pytest.raises(ValueError, match="Pick at least one platform"):
        calendar.calendar_view((), 3, 50, 30, 10, 10, 2, rates=rates)
    with pytest.raises(ValueError, match="video"):
        calendar.calendar_view(["X"], 3, -10, 60, 30, 20, 2, rates=rates)


def test_export_message(tmp_path, rates):
    assert calendar.export_message(None, tmp_path / "c.csv").startswith("Nothing to export")
    assert not (tmp_path / "c.csv").exists()
    view = calendar.calendar_view(["X"], 2, 100, 0, 0, 0, 1, "@launch", rates=rates)
    text = calendar.export_message(view, tmp_path / "c.csv")
    assert text == "Saved 2 posts to " + tmp_path.name + "/c.csv."
    back = pd.read_csv(tmp_path / "c.csv", encoding="utf-8-sig")
    assert (back["campaign"] == "'@launch").all()
