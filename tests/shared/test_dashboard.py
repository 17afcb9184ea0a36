"""Tests of utils.shared.dashboard: the metric registry, the metric calculator and the dashboard tables.

Values are checked against hand-worked numbers and against independent pandas
computations on the course data; bad input must raise an error naming the field.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from utils.shared import dashboard
from utils.shared.config import GROSS_MARGIN
from utils.shared.data import load_campaigns, load_posts, load_web_sessions

FAST = settings(max_examples=80, deadline=None, database=None)


def _engagements(df: pd.DataFrame) -> pd.Series:
    return df["likes"] + df["comments"] + df["shares"] + df["clicks"]


# --------------------------------------------------------------------------- #
# The registry
# --------------------------------------------------------------------------- #
def test_registry_states_formula_and_denominator_of_every_metric():
    keys = [m.key for m in dashboard.METRICS]
    assert len(keys) == len(set(keys))
    for m in dashboard.METRICS:
        assert m.formula and m.denominator and m.unit and m.data and m.source, m.key
        assert m.group in {"customer", "business", "success"}
    table = dashboard.metric_table()
    assert list(table.columns) == ["metric", "group", "formula", "denominator", "unit", "data", "source"]
    assert len(table) == len(dashboard.METRICS)
    assert table.loc["er_reach", "denominator"].startswith("reach")
    assert table.loc["er_followers", "denominator"].startswith("followers")


def test_registry_covers_the_syllabus():
    names = {g: " ".join(dashboard.metric_table(g)["metric"]).lower() for g in ("customer", "business", "success")}
    for word in ("engagement", "impressions", "reach", "share of voice", "referrals", "conversion"):
        assert word in names["customer"], word
    for word in ("response rate", "response time"):
        assert word in names["business"], word
    for word in ("web sessions", "roi", "customer posts", "campaign reach", "campaign virality"):
        assert word in names["success"], word
    sources = dashboard.metric_table()["source"]
    assert sources[dashboard.metric_table()["group"].str.startswith("measure")].str.contains("Polish").all()
    others = sources[~dashboard.metric_table()["group"].str.startswith("measure")]
    assert others.str.contains("Sprout Social|Hootsuite|Kaushik").all()
    assert "Kaushik" in sources["amplification"] and "Hootsuite" in sources["virality"]


def test_registry_group_must_exist():
    with pytest.raises(ValueError, match="group"):
        dashboard.metric_table("vanity")


# --------------------------------------------------------------------------- #
# The calculator
# --------------------------------------------------------------------------- #
def test_calculator_hand_worked_values():
    r = dashboard.metric_calculator(impressions=10_000, reach=6_000, followers=20_000, likes=300, comments=40,
                                    shares=25, clicks=120, conversions=6, revenue=180.0, cost=100.0,
                                    messages_received=50, messages_answered=44)
    assert r["engagements"] == 485
    assert r["er_impressions"] == pytest.approx(0.0485)
    assert r["er_reach"] == pytest.approx(485 / 6000)
    assert r["er_followers"] == pytest.approx(485 / 20000)
    assert r["frequency"] == pytest.approx(10_000 / 6_000)
    assert r["ctr"] == pytest.approx(0.012)
    assert r["conversion_rate"] == pytest.approx(0.05)
    assert r["virality_rate"] == pytest.approx(0.0025)
    assert r["amplification_rate"] == pytest.approx(25 / 20000)
    assert r["roas"] == pytest.approx(1.8)
    assert r["gross_profit"] == pytest.approx(180.0 * GROSS_MARGIN)
    assert r["roi"] == pytest.approx((180.0 * GROSS_MARGIN - 100.0) / 100.0)
    assert "profit" not in r  # revenue - cost is not a profit
    half = dashboard.metric_calculator(revenue=300.0, cost=100.0, gross_margin=0.5)
    assert half["roi"] == pytest.approx(0.5) and half["roas"] == pytest.approx(3.0)
    assert r["response_rate"] == pytest.approx(0.88)


def test_calculator_rows_name_each_formula():
    rows = dashboard.calculator_rows(dashboard.metric_calculator())
    labels = [label for label, _ in rows]
    assert "CTR (clicks / impressions)" in labels
    assert "Response rate (answered / received)" in labels
    assert dict(rows)["Engagement rate by reach"] == "8.08%"


IMPOSSIBLE = [
    ({"clicks": 20_000}, "Clicks (20,000) cannot exceed impressions (10,000)"),
    ({"reach": 12_000}, "Reach (12,000) cannot exceed impressions (10,000)"),
    ({"likes": 7_000}, "Likes (7,000) cannot exceed reach (6,000)"),
    ({"shares": 10_001}, "Shares (10,001) cannot exceed impressions"),
    ({"conversions": 121}, "Conversions (121) cannot exceed clicks (120)"),
    ({"messages_answered": 51}, "Messages answered (51) cannot exceed messages received (50)"),
    ({"impressions": 0, "reach": 0, "likes": 0, "clicks": 0, "shares": 0, "conversions": 0}, "Impressions is 0"),
    ({"followers": 0}, "Followers is 0"),
    ({"clicks": 0, "conversions": 0}, "Clicks is 0"),
    ({"cost": 0}, "Cost (EUR) is 0"),
    ({"gross_margin": 1.5}, "Gross margin (fraction) must be at most 1"),
    ({"messages_received": 0, "messages_answered": 0}, "Messages received is 0"),
    ({"reach": 0, "likes": 0}, "Reach is 0"),
    ({"likes": 2.5}, "Likes must be a whole number"),
    ({"revenue": float("nan")}, "Revenue (EUR) must be a finite number"),
    ({"cost": float("inf")}, "Cost (EUR) must be a finite number"),
]


@pytest.mark.parametrize("override, message", IMPOSSIBLE, ids=[m for _, m in IMPOSSIBLE])
def test_calculator_names_the_impossible_field(override, message):
    with pytest.raises(ValueError) as info:
        dashboard.metric_calculator(**override)
    assert message in str(info.value)


@pytest.mark.parametrize("field", list(dashboard.CALCULATOR_FIELDS))
def test_calculator_rejects_negatives_naming_the_field(field):
    label = dashboard.CALCULATOR_FIELDS[field][0]
    with pytest.raises(ValueError, match=rf"^{re.escape(label)} cannot be negative"):
        dashboard.metric_calculator(**{field: -1})


@pytest.mark.parametrize("bad", ["100", None, True, [1, 2]])
def test_calculator_rejects_non_numbers(bad):
    with pytest.raises(TypeError, match="Impressions must be a number"):
        dashboard.metric_calculator(impressions=bad)


counts = st.integers(min_value=-5, max_value=3_000)


@FAST
@given(impressions=counts, reach=counts, followers=counts, likes=counts, clicks=counts, shares=counts,
       conversions=counts, cost=st.one_of(st.floats(-10, 1e4), st.just(float("nan"))), received=counts, answered=counts)
def test_calculator_never_returns_nan_or_inf(impressions, reach, followers, likes, clicks, shares, conversions,
                                            cost, received, answered):
    try:
        result = dashboard.metric_calculator(impressions=impressions, reach=reach, followers=followers, likes=likes,
                                             comments=0, shares=shares, clicks=clicks, conversions=conversions,
                                             revenue=50.0, cost=cost, messages_received=received,
                                             messages_answered=answered)
    except (ValueError, TypeError) as exc:
        label_named = any(label.split(" (")[0] in str(exc) for label, _ in dashboard.CALCULATOR_FIELDS.values())
        assert label_named, str(exc)
        return
    assert all(math.isfinite(v) for v in result.values())
    assert all(value for _, value in dashboard.calculator_rows(result))


# --------------------------------------------------------------------------- #
# Posts: filter, pooled rates, dashboard
# --------------------------------------------------------------------------- #
def test_filter_posts_matches_pandas(posts):
    got = dashboard.filter_posts(posts, "Instagram", 3, 5, "video")
    month = posts["posted_at"].dt.month
    want = posts[(posts["platform"] == "Instagram") & month.between(3, 5) & (posts["content_type"] == "video")]
    assert got["post_id"].tolist() == want["post_id"].tolist()
    assert len(dashboard.filter_posts(posts)) == len(posts)


def test_filter_posts_empty_selection_is_friendly(posts):
    with pytest.raises(dashboard.EmptySelection, match="No TikTok text posts between Jan and Dec"):
        dashboard.filter_posts(posts, "TikTok", 1, 12, "text")
    with pytest.raises(dashboard.EmptySelection, match="No TikTok text posts in Mar:"):
        dashboard.filter_posts(posts, "TikTok", 3, 3, "text")


@pytest.mark.parametrize("kwargs, word", [
    ({"platform": "Myspace"}, "platform"),
    ({"content_type": "podcast"}, "content_type"),
    ({"start_month": 0}, "start_month"),
    ({"end_month": 13}, "end_month"),
    ({"start_month": 9, "end_month": 3}, "start_month (Sep) cannot be after end_month (Mar)"),
])
def test_filter_posts_bad_input(posts, kwargs, word):
    with pytest.raises(ValueError, match=re.escape(word)):
        dashboard.filter_posts(posts, **kwargs)


def test_filter_posts_needs_a_posts_frame(posts):
    with pytest.raises(TypeError, match="posts must be a pandas DataFrame"):
        dashboard.filter_posts(posts.to_dict())
    with pytest.raises(ValueError, match="reach"):
        dashboard.filter_posts(posts.drop(columns="reach"))


def test_pooled_post_rates_are_pooled_not_averaged(posts):
    sel = posts[posts["platform"] == "X"]
    r = dashboard.pooled_post_rates(sel)
    eng = _engagements(sel)
    assert r["n_posts"] == len(sel)
    assert r["er_impressions"] == pytest.approx(eng.sum() / sel["impressions"].sum())
    assert r["er_reach"] == pytest.approx(eng.sum() / sel["reach"].sum())
    assert r["er_followers"] == pytest.approx(eng.sum() / sel["followers"].sum())
    assert r["ctr"] == pytest.approx(sel["clicks"].sum() / sel["impressions"].sum())
    assert r["conversion_rate"] == pytest.approx(sel["conversions"].sum() / sel["clicks"].sum())
    assert r["virality_rate"] == pytest.approx(sel["shares"].sum() / sel["impressions"].sum())
    assert r["frequency"] == pytest.approx(sel["impressions"].sum() / sel["reach"].sum())
    assert r["er_reach"] != pytest.approx((eng / sel["reach"]).mean(), rel=1e-3)


def test_pooled_post_rates_of_nothing(posts):
    with pytest.raises(dashboard.EmptySelection):
        dashboard.pooled_post_rates(posts.iloc[:0])


def test_posts_dashboard_monthly_series(posts):
    r = dashboard.posts_dashboard(posts, "Facebook", 4, 6, dashboard.ALL)
    fb = posts[posts["platform"] == "Facebook"]
    month = fb["posted_at"].dt.month
    eng = _engagements(fb).groupby(month).sum()
    imp = fb["impressions"].groupby(month).sum()
    monthly = r["monthly"]
    assert list(monthly.index) == list(range(1, 13))
    assert monthly["er_impressions"].to_numpy() == pytest.approx((eng / imp).reindex(range(1, 13)).to_numpy())
    assert monthly["selected"].tolist() == [4 <= m <= 6 for m in range(1, 13)]
    assert r["n_posts"] == month.between(4, 6).sum()
    rows = dict(dashboard.dashboard_rows(r))
    assert rows["Posts"] == f"{int(month.between(4, 6).sum()):,}"


def test_posts_dashboard_month_without_posts_draws_zero(posts):
    few = posts[(posts["platform"] == "YouTube") & (posts["posted_at"].dt.month != 7)]
    r = dashboard.posts_dashboard(few, "YouTube", 1, 12)
    assert r["monthly"].loc[7, "n_posts"] == 0
    assert r["monthly"].loc[7, "er_impressions"] == 0.0
    assert np.isfinite(r["monthly"]["er_impressions"]).all()


def test_engagement_rate_comparison(posts):
    table = dashboard.engagement_rate_comparison(posts)
    for platform in ("TikTok", "Facebook"):
        sel = posts[posts["platform"] == platform]
        eng = _engagements(sel).sum()
        assert table.loc[platform, "by_reach"] == pytest.approx(eng / sel["reach"].sum())
        assert table.loc[platform, "by_followers"] == pytest.approx(eng / sel["followers"].sum())
    assert (table["by_impressions"] <= table["by_reach"]).all()  # impressions >= reach
    with pytest.raises(ValueError, match="colour"):
        dashboard.engagement_rate_comparison(posts, by="colour")


# --------------------------------------------------------------------------- #
# Web analytics, share of voice, mentions
# --------------------------------------------------------------------------- #
def test_web_analytics_by_channel(web):
    table = dashboard.web_analytics(web, by="channel")
    email = web[web["channel"] == "email"]
    assert table.loc["email", "sessions"] == len(email)
    assert table.loc["email", "orders"] == email["converted"].sum()
    assert table.loc["email", "conversion_rate"] == pytest.approx(email["converted"].mean())
    assert table.loc["email", "revenue_per_session"] == pytest.approx(email["revenue"].mean())
    assert table["share_of_sessions"].sum() == pytest.approx(1.0)
    assert table["share_of_orders"].sum() == pytest.approx(1.0)
    assert table["sessions"].is_monotonic_decreasing
    by_source = dashboard.web_analytics(web, by="source")
    assert by_source["sessions"].sum() == len(web)
    with pytest.raises(ValueError, match="by"):
        dashboard.web_analytics(web, by="browser")
    with pytest.raises(dashboard.EmptySelection):
        dashboard.web_analytics(web.iloc[:0])


def test_mention_frequency(mentions):
    got = dashboard.mention_frequency(mentions, "Greenhill")
    g = mentions[mentions["brand"] == "Greenhill"]
    total = g[["positive", "neutral", "negative"]].to_numpy().sum()
    assert got["per_day"] == pytest.approx(total / g["date"].nunique())
    assert got["negative_share"] == pytest.approx(g["negative"].sum() / total)
    with pytest.raises(ValueError, match="brand"):
        dashboard.mention_frequency(mentions, "Acme")


# --------------------------------------------------------------------------- #
# Inbox and campaigns
# --------------------------------------------------------------------------- #
def test_response_summary_overall(inbox):
    row = dashboard.response_summary(inbox).loc["all"]
    answered = inbox["answered_at"].notna()
    hours = (inbox["answered_at"] - inbox["received_at"]).dt.total_seconds() / 3600
    assert row["response_rate"] == pytest.approx(answered.mean())
    assert row["mean_hours"] == pytest.approx(hours[answered].mean())
    assert row["median_hours"] == pytest.approx(hours[answered].median())
    table = dashboard.response_summary(inbox)
    assert table["received"].dtype == "int64" and table["answered"].dtype == "int64"
    assert table.loc["all", "received"] == len(inbox) and table.loc["all", "answered"] == answered.sum()


def test_response_summary_weekends_are_slower(inbox):
    table = dashboard.response_summary(inbox, by="day_type")
    weekend = inbox["received_at"].dt.day_of_week >= 5
    hours = (inbox["answered_at"] - inbox["received_at"]).dt.total_seconds() / 3600
    assert table.loc["weekend", "mean_hours"] == pytest.approx(hours[weekend].mean())
    assert table.loc["weekend", "mean_hours"] > 1.5 * table.loc["weekday", "mean_hours"]
    week = dashboard.response_summary(inbox, by="weekday")
    assert list(week.index) == list(dashboard.WEEKDAYS)
    assert week["received"].sum() == len(inbox)


def test_response_summary_bad_input(inbox):
    with pytest.raises(ValueError, match="by"):
        dashboard.response_summary(inbox, by="hour")
    with pytest.raises(dashboard.EmptySelection):
        dashboard.response_summary(inbox.iloc[:0])
    unanswered = inbox.assign(answered_at=pd.NaT)
    with pytest.raises(ValueError, match="no answers"):
        dashboard.response_summary(unanswered)


def test_campaign_table():
    raw = load_campaigns()
    table = dashboard.campaign_table(raw)
    first = raw.iloc[0]
    assert table.loc[first["name"], "roi"] == pytest.approx(
        (first["attributed_revenue"] * GROSS_MARGIN - first["spend"]) / first["spend"])
    assert table.loc[first["name"], "roas"] == pytest.approx(first["attributed_revenue"] / first["spend"])
    assert dashboard.campaign_table(raw, gross_margin=1.0).loc[first["name"], "roi"] == pytest.approx(
        (first["attributed_revenue"] - first["spend"]) / first["spend"])
    assert table.loc[first["name"], "virality_rate"] == pytest.approx(first["shares"] / first["impressions"])
    assert table["roi"].is_monotonic_decreasing
    assert (table["roi"] < 0).any() and (table["roi"] > 0).any()


# --------------------------------------------------------------------------- #
# Platform-reported versus site-measured results
# --------------------------------------------------------------------------- #
def test_reported_vs_measured_on_the_course_data():
    campaigns, web = load_campaigns(), load_web_sessions()
    table = dashboard.reported_vs_measured(campaigns, web)
    assert list(table.index) == [*campaigns["name"], dashboard.ALL_CAMPAIGNS]
    # Recomputed by hand for one campaign: its tagged visits, orders and revenue.
    first = campaigns.iloc[0]
    tagged = web[web["utm_campaign"] == first["utm_campaign"]]
    row = table.loc[first["name"]]
    assert row["sessions"] == len(tagged) and row["measured_orders"] == tagged["converted"].sum()
    assert row["measured_revenue"] == pytest.approx(tagged["revenue"].sum())
    assert row["reported_conversions"] == first["conversions"] and row["clicks"] == first["clicks"]
    assert row["session_rate"] == pytest.approx(len(tagged) / first["clicks"])
    assert row["reported_per_measured"] == pytest.approx(first["conversions"] / tagged["converted"].sum())
    pooled = table.loc[dashboard.ALL_CAMPAIGNS]
    assert pooled["spend"] == pytest.approx(campaigns["spend"].sum())
    assert pooled["reported_per_measured"] == pytest.approx(
        campaigns["conversions"].sum() / table.drop(dashboard.ALL_CAMPAIGNS)["measured_orders"].sum())
    # The modelled gap: the platforms always report at least what the shop measures.
    assert (table["reported_conversions"] >= table["measured_orders"]).all()
    assert (table["reported_revenue"] >= table["measured_revenue"] - 0.005).all()
    assert table["session_rate"].between(0.6, 0.9).all() and not table.isna().any().any()


def test_reported_vs_measured_small_made_up_case():
    campaigns = pd.DataFrame({"name": ["A", "B"], "utm_campaign": ["a", "b"], "spend": [100.0, 50.0],
                              "clicks": [10, 4], "conversions": [3, 1], "attributed_revenue": [90.0, 30.0]})
    web = pd.DataFrame({"utm_campaign": ["a"] * 8 + ["b"] * 3 + [None],
                        "converted": [True, True] + [False] * 6 + [True, False, False, True],
                        "revenue": [30.0, 25.0] + [0.0] * 6 + [28.0, 0.0, 0.0, 40.0]})
    table = dashboard.reported_vs_measured(campaigns, web)
    assert table.loc["A", ["sessions", "measured_orders"]].tolist() == [8, 2]
    assert table.loc["B", "measured_revenue"] == 28.0 and table.loc["A", "reported_per_measured"] == 1.5
    assert table.loc[dashboard.ALL_CAMPAIGNS, "sessions"] == 11  # the untagged visit belongs to no campaign
    assert table.loc["A", "measured_revenue_per_eur"] == pytest.approx(0.55)
    with pytest.raises(ValueError, match="utm_campaign"):
        dashboard.reported_vs_measured(campaigns.drop(columns="utm_campaign"), web)
    with pytest.raises(ValueError, match="sessions"):
        dashboard.reported_vs_measured(campaigns.assign(clicks=[5, 4]), web)


def test_benchmark_comparison_compares_like_with_like():
    from utils.shared.data import load_benchmarks

    posts, bench = load_posts(), load_benchmarks()
    tiktok = posts[posts["platform"] == "TikTok"]
    rates = dashboard.pooled_post_rates(tiktok)
    table = dashboard.benchmark_comparison(rates, "TikTok", bench).set_index("denominator")
    assert set(table.index) == {"followers", "impressions"}
    engagements = tiktok[["likes", "comments", "shares", "clicks"]].sum().sum()
    assert table.loc["followers", "brightleaf"] == pytest.approx(engagements / tiktok["followers"].sum())
    assert table.loc["impressions", "brightleaf"] == pytest.approx(engagements / tiktok["impressions"].sum())
    assert table.loc["followers", "benchmark"] == 0.0569
    assert table.loc["followers", "times"] == pytest.approx(table.loc["followers", "brightleaf"] / 0.0569)
    assert dashboard.benchmark_comparison(rates, dashboard.ALL, bench).empty
    assert list(dashboard.benchmark_comparison(rates, "LinkedIn", bench)["denominator"]) == ["impressions"]
    with pytest.raises(ValueError, match="pooled_post_rates"):
        dashboard.benchmark_comparison({"er_reach": 0.1}, "TikTok", bench)
    with pytest.raises(ValueError, match="platform"):
        dashboard.benchmark_comparison(rates, "MySpace", bench)


def test_benchmark_by_platform_keeps_only_platforms_with_a_yardstick():
    from utils.shared.data import load_benchmarks

    bench = load_benchmarks()
    rates = pd.Series({"Facebook": 0.05, "X": 0.0115, "MySpace": 0.2})
    table = dashboard.benchmark_by_platform(rates, "impressions", bench)
    assert list(table.index) == ["Facebook", "X"]
    assert table.loc["Facebook", "times"] == pytest.approx(0.05 / 0.05)
    assert table.loc["X", "times"] == pytest.approx(0.5)
    assert list(dashboard.benchmark_by_platform(rates, "followers", bench).index) == ["Facebook", "X"]
    assert dashboard.benchmark_by_platform(rates, "reach", bench).empty
    with pytest.raises(ValueError, match="denominator"):
        dashboard.benchmark_by_platform(rates, "views", bench)
