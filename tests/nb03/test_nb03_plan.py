"""Tests of utils.nb03.plan: the action plan, the five pillars, objective -> metric, and the post audit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from utils.nb03 import plan
from utils.shared.config import PLATFORMS
from utils.shared.data import load_inbox, load_mentions, load_posts
from utils.shared.goals import OBJECTIVES, goal_metric_table


@pytest.fixture(scope="module")
def data():
    return {"posts": load_posts(), "mentions": load_mentions(), "inbox": load_inbox()}


# --------------------------------------------------------------------------- #
# steps, pillars and their mapping
# --------------------------------------------------------------------------- #
def test_seven_steps_and_five_pillars():
    steps = plan.steps_table()
    assert list(steps.index) == [1, 2, 3, 4, 5, 6, 7]
    assert "calendar" in steps.loc[5, "name"].lower()
    assert "competition" in steps.loc[3, "name"].lower()
    pillars = plan.pillars_table()
    assert list(pillars.index) == ["Strategy", "Planning and publishing", "Listening and engagement",
                                   "Analytics and reporting", "Advertising"]


def test_mapping_is_consistent_and_complete():
    names = {p.name for p in plan.PILLARS}
    assert set(plan.STEP_PILLARS) == {s.number for s in plan.ACTION_PLAN}
    for step, pillars in plan.STEP_PILLARS.items():
        assert pillars and set(pillars) <= names, step
    coverage = plan.pillar_coverage()
    assert all(coverage[p] for p in names), "every pillar is served by at least one step"
    table = plan.mapping_table()
    assert table.shape == (7, 5)
    for i, step in enumerate(plan.ACTION_PLAN):
        ticked = {col for col in table.columns if table.iloc[i][col] == "✓"}
        assert ticked == set(plan.STEP_PILLARS[step.number])
    assert plan.pillars_table().loc["Advertising", "steps"] == ", ".join(map(str, coverage["Advertising"]))


def test_pillars_of_step():
    assert plan.pillars_of_step(5) == ("Planning and publishing",)
    assert "Listening and engagement" in plan.pillars_of_step(3)
    with pytest.raises(ValueError, match="step"):
        plan.pillars_of_step(8)
    with pytest.raises(TypeError, match="step"):
        plan.pillars_of_step("5")


# --------------------------------------------------------------------------- #
# step 1: objective -> goal -> metric -> baseline
# --------------------------------------------------------------------------- #
def _independent_baseline(objective, platform, content_type, d):
    posts, mentions, inbox = d["posts"], d["mentions"], d["inbox"]
    if objective == "brand awareness":
        m = mentions if platform == plan.ALL_PLATFORMS else mentions[mentions["platform"] == platform]
        total = m["positive"] + m["neutral"] + m["negative"]
        return total[m["brand"] == "Brightleaf"].sum() / total.sum()
    if objective == "customer service":
        i = inbox if platform == plan.ALL_PLATFORMS else inbox[inbox["platform"] == platform]
        return i["answered_at"].notna().sum() / len(i)
    p = posts if platform == plan.ALL_PLATFORMS else posts[posts["platform"] == platform]
    if content_type != plan.ALL:
        p = p[p["content_type"] == content_type]
    engaged = p["likes"] + p["comments"] + p["shares"] + p["clicks"]
    return {
        "website traffic": p["clicks"].sum() / p["impressions"].sum(),
        "sales": p["conversions"].sum() / p["clicks"].sum(),
        "customer loyalty": engaged.sum() / p["followers"].sum(),
        "word of mouth": p["shares"].sum() / p["impressions"].sum(),
    }[objective]


@pytest.mark.parametrize("objective", list(OBJECTIVES))
@pytest.mark.parametrize("platform", ["Instagram", "X", plan.ALL_PLATFORMS])
def test_baseline_matches_independent_pandas(data, objective, platform):
    result = plan.build_plan(objective, platform, **data)
    assert result["baseline"] == pytest.approx(_independent_baseline(objective, platform, plan.ALL, data))
    assert result["metric"] == OBJECTIVES[objective].metric
    assert result["denominator"] == OBJECTIVES[objective].denominator
    assert result["note"] == ""


def test_content_type_filters_posts_only(data):
    video = plan.build_plan("sales", "Facebook", "video", **data)
    assert video["baseline"] == pytest.approx(_independent_baseline("sales", "Facebook", "video", data))
    assert video["baseline"] != pytest.approx(plan.build_plan("sales", "Facebook", **data)["baseline"])
    voice = plan.build_plan("brand awareness", "Facebook", "video", **data)
    assert voice["baseline"] == pytest.approx(plan.build_plan("brand awareness", "Facebook", **data)["baseline"])
    assert "does not apply" in voice["note"]


def test_by_platform_table_and_pooled_total(data):
    table = plan.baselines_by_platform("word of mouth", posts=data["posts"])
    assert list(table.index) == [*PLATFORMS, plan.ALL_PLATFORMS]
    pooled = table.loc[list(PLATFORMS), "numerator"].sum() / table.loc[list(PLATFORMS), "denominator"].sum()
    assert table.loc[plan.ALL_PLATFORMS, "rate"] == pytest.approx(pooled)
    assert table.loc[plan.ALL_PLATFORMS, "rate"] != pytest.approx(table.loc[list(PLATFORMS), "rate"].mean())


def test_empty_selection_gives_a_friendly_message(data):
    with pytest.raises(ValueError, match="no text posts on TikTok"):
        plan.build_plan("sales", "TikTok", "text", **data)
    table = plan.baselines_by_platform("sales", "text", posts=data["posts"])
    assert pd.isna(table.loc["TikTok", "rate"])  # NaN only in the table the chart uses


def test_bad_choices_name_the_argument(data):
    with pytest.raises(ValueError, match="objective"):
        plan.build_plan("world peace", "X", **data)
    with pytest.raises(ValueError, match="platform"):
        plan.build_plan("sales", "MySpace", **data)
    with pytest.raises(ValueError, match="content_type"):
        plan.build_plan("sales", "X", "podcast", **data)
    with pytest.raises(TypeError, match="mentions must be a pandas DataFrame"):
        plan.build_plan("brand awareness", "X", posts=data["posts"], mentions=None, inbox=data["inbox"])


def test_plan_rows_show_formatted_baseline(data):
    result = plan.build_plan("customer service", "X", "video", **data)
    rows = dict(plan.plan_rows(result))
    assert rows["Metric to track"] == "response rate"
    assert rows["Baseline (X)"] == f"{result['baseline'] * 100:.2f}%"
    assert "Note" in rows
    answered = data["inbox"][data["inbox"]["platform"] == "X"]["answered_at"].notna().sum()
    assert rows["Numerator / denominator"].startswith(f"{answered:,}")
    assert rows["Note"].endswith("it counts messages in the inbox, not posts.")


def test_plan_rows_name_the_content_type_when_it_filters(data):
    video = dict(plan.plan_rows(plan.build_plan("sales", "Facebook", "video", **data)))
    assert "Baseline (Facebook, video posts)" in video and "Baseline (Facebook)" not in video
    every = dict(plan.plan_rows(plan.build_plan("sales", "Facebook", **data)))
    assert "Baseline (Facebook)" in every


def test_objective_and_baseline_tables(data):
    objectives = goal_metric_table()
    assert list(objectives.index) == list(OBJECTIVES)
    baselines = plan.baseline_table(**data)
    assert baselines.shape == (len(OBJECTIVES), len(PLATFORMS) + 1)
    assert baselines.loc["sales", "X"] == pytest.approx(plan.build_plan("sales", "X", **data)["baseline"])


# --------------------------------------------------------------------------- #
# step 4: the audit
# --------------------------------------------------------------------------- #
def toy_posts() -> pd.DataFrame:
    return pd.DataFrame({
        "platform": ["X", "X", "X", "TikTok"],
        "content_type": ["text", "text", "video", "video"],
        "impressions": [100, 900, 1000, 2000],
        "likes": [10, 20, 50, 150],
        "comments": [0, 5, 5, 10],
        "shares": [0, 5, 5, 20],
        "clicks": [10, 10, 40, 20],
        "conversions": [1, 0, 4, 2],
        "revenue": [30.0, 0.0, 120.0, 60.0],
    })


def test_audit_pools_rates_hand_worked():
    audit = plan.audit_posts(toy_posts(), min_posts=2)
    text = audit.loc[("X", "text")]
    assert text["posts"] == 2 and text["impressions"] == 1000
    assert text["engagement_rate"] == pytest.approx(60 / 1000)  # not the mean of 20/100 and 40/900
    assert text["conversion_rate"] == pytest.approx(1 / 20)
    assert text["ctr"] == pytest.approx(20 / 1000)
    assert bool(text["enough"]) and not bool(audit.loc[("X", "video"), "enough"])
    assert audit["engagement_rate"].is_monotonic_decreasing


def test_audit_extremes_only_rank_groups_with_enough_posts():
    audit = plan.audit_posts(toy_posts(), min_posts=1)
    best = plan.audit_extremes(audit)
    assert best["best"] == "TikTok / video" and best["worst"] == "X / text" and best["compared"] == 3
    few = plan.audit_posts(toy_posts(), min_posts=2)
    assert plan.audit_extremes(few)["compared"] == 1
    with pytest.raises(ValueError, match="min_posts"):
        plan.audit_extremes(plan.audit_posts(toy_posts(), min_posts=5))
    with pytest.raises(ValueError, match="metric"):
        plan.audit_extremes(audit, "likes")


def test_audit_on_course_data_matches_pandas(data):
    posts = data["posts"]
    audit = plan.audit_posts(posts, min_posts=20)
    sub = posts[(posts["platform"] == "X") & (posts["content_type"] == "text")]
    engaged = (sub["likes"] + sub["comments"] + sub["shares"] + sub["clicks"]).sum()
    assert audit.loc[("X", "text"), "engagement_rate"] == pytest.approx(engaged / sub["impressions"].sum())
    assert audit.loc[("X", "text"), "conversion_rate"] == pytest.approx(sub["conversions"].sum() / sub["clicks"].sum())
    assert int(audit["posts"].sum()) == len(posts)
    assert plan.audit_extremes(audit)["best"] == "TikTok / video"  # the planted video effect
    by_topic = plan.audit_posts(posts, by="topic")
    assert by_topic["conversion_rate"].idxmax() == "promotion"


def test_audit_bad_input():
    with pytest.raises(TypeError, match="posts must be a pandas DataFrame"):
        plan.audit_posts("posts.csv")
    with pytest.raises(ValueError, match="min_posts"):
        plan.audit_posts(toy_posts(), min_posts=0)
    with pytest.raises(ValueError, match="no rows"):
        plan.audit_posts(toy_posts().iloc[:0])
    with pytest.raises(ValueError, match="missing the column"):
        plan.audit_posts(toy_posts(), by="topic")
    bad = toy_posts()
    bad.loc[0, "clicks"] = 500  # more clicks than impressions
    with pytest.raises(ValueError, match="clicks"):
        plan.audit_posts(bad)


def test_audit_gap_reads_the_best_and_worst_group_with_an_interval():
    from utils.shared.data import load_posts

    posts = load_posts()
    audit = plan.audit_posts(posts, min_posts=20)
    gap = plan.audit_gap(posts, audit, "engagement_rate")
    extremes = plan.audit_extremes(audit, "engagement_rate")
    assert (gap["best"], gap["worst"]) == (extremes["best"], extremes["worst"])
    assert gap["difference"] == pytest.approx(extremes["best_value"] - extremes["worst_value"])
    assert gap["low"] < gap["difference"] < gap["high"]
    assert gap["within_noise"] == (gap["low"] <= 0 <= gap["high"])
    # Two halves of the same group differ only by chance: the gap is within noise.
    tiktok = posts[(posts["platform"] == "TikTok") & (posts["content_type"] == "video")].copy()
    tiktok["content_type"] = np.where(np.arange(len(tiktok)) % 2 == 0, "video", "image")
    halves = plan.audit_posts(tiktok, min_posts=20)
    assert plan.audit_gap(tiktok, halves, "engagement_rate")["within_noise"]
