"""Tests of utils.nb11.brief, forecast and report: parameter checks, the forecast against pandas, the report."""

from __future__ import annotations

import dataclasses
import math
import re

import numpy as np
import pandas as pd
import pytest

from utils.nb11 import brief, forecast, report
from utils.shared import config, segmentation
from utils.shared.data import has_item
from utils.shared.virality import VIRAL_FACTOR

BRIEF = dict(
    objective="sales", platforms=["Facebook", "Instagram"], budget=5000,
    content_mix={"video": 0.3, "image": 0.4, "text": 0.1, "link": 0.2},
    age_min=25, age_max=34, interests=["wellness"], locations=[], weeks=8,
    report_name="spring-wellness", segment_lift=True,
)


def brief_with(**changes):
    return {**BRIEF, **changes}


@pytest.fixture(scope="module")
def params():
    return brief.validate_parameters(**BRIEF)


@pytest.fixture(scope="module")
def result(params):
    return forecast.simulate(params)


# --------------------------------------------------------------------------- #
# Parameters
# --------------------------------------------------------------------------- #
def test_valid_brief_is_normalised():
    p = brief.validate_parameters(**brief_with(objective=" Sales ", platforms=["instagram", "FACEBOOK"],
                                               interests=["Wellness"], locations=["oslo", "Helsinki"]))
    assert p.objective == "sales"
    assert p.platforms == ("Facebook", "Instagram")  # course order, canonical names
    assert p.interests == ("wellness",)
    assert p.locations == ("Helsinki", "Oslo")
    assert p.budget == 5000.0 and isinstance(p.budget, float)
    assert p.mix == {"video": 0.3, "image": 0.4, "text": 0.1, "link": 0.2}
    assert p.stem == "spring-wellness_sales_facebook-instagram_5000eur_8w"


@pytest.mark.parametrize("change, error, words", [
    ({"budget": 0}, ValueError, ["budget", "greater than 0"]),
    ({"budget": -100}, ValueError, ["budget", "-100"]),
    ({"budget": "5000"}, TypeError, ["budget", "string"]),
    ({"budget": True}, TypeError, ["budget"]),
    ({"budget": 5e6}, ValueError, ["budget", "at most 1,000,000 EUR"]),
    ({"content_mix": {"video": 0.5, "image": 0.3}}, ValueError, ["content_mix", "add up to 1", "0.8"]),
    ({"content_mix": {"video": 60, "image": 40}}, ValueError, ["content_mix", "percentages"]),
    ({"content_mix": {"video": 1.2, "image": -0.2}}, ValueError, ["content_mix['video']"]),
    ({"content_mix": {"reels": 1.0}}, ValueError, ["content_mix", "'reels'"]),
    ({"content_mix": {}}, ValueError, ["content_mix", "empty"]),
    ({"content_mix": [("video", 1.0)]}, TypeError, ["content_mix", "dict"]),
    ({"platforms": ["Twitter"]}, ValueError, ["platforms", "'Twitter'", "X (the former Twitter)"]),
    ({"platforms": ["Myspace"]}, ValueError, ["platforms", "'Myspace'"]),
    ({"platforms": "Facebook"}, TypeError, ["platforms", "list", "'Facebook'"]),
    ({"platforms": []}, ValueError, ["platforms", "empty"]),
    ({"platforms": ["Facebook", "facebook"]}, ValueError, ["platforms", "twice"]),
    ({"platforms": ["X"]}, ValueError, ["platforms", "X", "no paid posts", "Facebook, Instagram, TikTok"]),
    ({"platforms": ["TikTok"], "content_mix": {"text": 1.0}}, ValueError, ["content_mix", "TikTok", "text"]),
    ({"objective": "leads"}, ValueError, ["objective", "'leads'", "awareness"]),
    ({"objective": 3}, TypeError, ["objective"]),
    ({"age_min": 40, "age_max": 30}, ValueError, ["age_min", "age_max", "above"]),
    ({"age_min": 10}, ValueError, ["age_min", "18"]),
    ({"age_max": 34.5}, ValueError, ["age_max", "whole"]),
    ({"interests": ["knitting"]}, ValueError, ["interests", "'knitting'", "wellness"]),
    ({"interests": "wellness"}, TypeError, ["interests", "list"]),
    ({"locations": ["Paris"]}, ValueError, ["locations", "'Paris'", "Helsinki"]),
    ({"weeks": 0}, ValueError, ["weeks"]),
    ({"weeks": 53}, ValueError, ["weeks", "52"]),
    ({"report_name": "../../etc/passwd"}, ValueError, ["report_name"]),
    ({"report_name": ""}, ValueError, ["report_name"]),
    ({"report_name": 7}, TypeError, ["report_name"]),
    ({"segment_lift": "yes"}, TypeError, ["segment_lift", "True or False"]),
])
def test_bad_brief_raises_naming_the_argument(change, error, words):
    with pytest.raises(error) as info:
        brief.validate_parameters(**brief_with(**change))
    for word in words:
        assert word in str(info.value)


def test_several_problems_are_reported_together():
    with pytest.raises(brief.ParameterError) as info:
        brief.validate_parameters(**brief_with(platforms=["Twitter"], budget=-1, content_mix={"video": 0.5}))
    assert len(info.value.problems) == 3
    text = str(info.value)
    assert text.startswith("3 problems") and "platforms" in text and "budget" in text and "content_mix" in text


def test_segment_selecting_nobody_is_refused(audience):
    spec = dict(age_min=74, age_max=75, interests=["gaming"], locations=["Madrid"], platforms=["TikTok"],
                content_mix={"video": 1.0})
    ages = audience["age"].between(74, 75)
    nobody = (ages & has_item(audience["interests"], "gaming") & (audience["location"].astype(str) == "Madrid")
              & has_item(audience["platforms"], "TikTok"))
    assert not nobody.any()  # the filter really matches no one
    with pytest.raises(segmentation.EmptySegmentError) as info:
        brief.validate_parameters(**brief_with(**spec))
    assert "age 74-75" in str(info.value) and "TikTok" in str(info.value) and "Widen" in str(info.value)
    assert isinstance(info.value, ValueError)


# --------------------------------------------------------------------------- #
# What the data says
# --------------------------------------------------------------------------- #
def test_platform_costs_match_pandas(posts):
    costs = forecast.platform_costs(posts)
    paid = posts[posts["paid"]]
    assert list(costs.index) == [p for p in config.PLATFORMS if p in set(paid["platform"].astype(str))]
    for platform, rows in paid.groupby(paid["platform"].astype(str)):
        assert costs.loc[platform, "cpm"] == pytest.approx(rows["spend"].sum() / rows["impressions"].sum() * 1000)
        assert costs.loc[platform, "frequency"] == pytest.approx(rows["impressions"].sum() / rows["reach"].sum())
        assert costs.loc[platform, "paid_posts"] == len(rows)


def test_platform_costs_needs_paid_posts(posts):
    with pytest.raises(ValueError, match="no paid posts"):
        forecast.platform_costs(posts[~posts["paid"]])
    with pytest.raises(TypeError, match="posts must be a pandas DataFrame"):
        forecast.platform_costs([1, 2])


def test_content_rates_are_pooled(posts):
    rates = forecast.content_rates(posts)
    cell = posts[(posts["platform"].astype(str) == "Facebook") & (posts["content_type"].astype(str) == "link")]
    row = rates.loc[("Facebook", "link")]
    engaged = cell[["likes", "comments", "shares", "clicks"]].sum().sum()
    assert row["posts"] == len(cell)
    assert row["ctr"] == pytest.approx(cell["clicks"].sum() / cell["impressions"].sum())
    assert row["share_rate"] == pytest.approx(cell["shares"].sum() / cell["impressions"].sum())
    assert row["engagement_rate"] == pytest.approx(engaged / cell["impressions"].sum())
    assert row["cvr"] == pytest.approx(cell["conversions"].sum() / cell["clicks"].sum())
    assert row["revenue_per_conversion"] == pytest.approx(cell["revenue"].sum() / cell["conversions"].sum())
    # pooled, not the mean of per-post rates
    assert row["ctr"] != pytest.approx((cell["clicks"] / cell["impressions"]).mean(), rel=1e-6)
    counts = posts.groupby([posts["platform"].astype(str), posts["content_type"].astype(str)]).size()
    assert (rates["carried"] == (counts.reindex(rates.index) >= brief.MIN_CELL_POSTS)).all()
    assert not rates.loc[("TikTok", "video"), "posts"] < brief.MIN_CELL_POSTS
    assert ("Instagram", "text") not in rates.index or not rates.loc[("Instagram", "text"), "carried"]


def test_segment_lift_matches_pandas(params, audience):
    seg = forecast.segment_lift(params)
    mask = (audience["age"].between(25, 34) & has_item(audience["interests"], "wellness")
            & (has_item(audience["platforms"], "Facebook") | has_item(audience["platforms"], "Instagram")))
    assert seg["people"] == int(mask.sum())
    assert seg["conversion_rate"] == pytest.approx(audience.loc[mask, "converted"].mean())
    assert seg["everyone_rate"] == pytest.approx(audience["converted"].mean())
    assert seg["lift"] == pytest.approx(audience.loc[mask, "converted"].mean() / audience["converted"].mean())
    assert seg["lift"] > 2  # the planted high-converting segment


# --------------------------------------------------------------------------- #
# Forecast
# --------------------------------------------------------------------------- #
def test_plan_rows_follow_the_money(params, result, posts, audience):
    """Money follows the brand's paid posts: re-derived with pandas from posts.csv and audience.csv."""
    fb = posts[posts["platform"].astype(str) == "Facebook"]
    paid = fb[fb["paid"]]
    cpm = paid["spend"].sum() / paid["impressions"].sum() * 1000
    cell = fb[fb["content_type"].astype(str) == "link"]
    ctr_index = (cell["clicks"].sum() / cell["impressions"].sum()) / (fb["clicks"].sum() / fb["impressions"].sum())
    # The segment's lift per click (the forecast multiplies purchases per click): 25-34, wellness, on FB or IG.
    users = has_item(audience["platforms"], "Facebook") | has_item(audience["platforms"], "Instagram")
    seg = audience["age"].between(25, 34) & has_item(audience["interests"], "wellness") & users
    click_lift = (audience.loc[seg, "purchases"].sum() / audience.loc[seg, "clicks"].sum()) / \
        (audience["purchases"].sum() / audience["clicks"].sum())
    assert forecast.segment_lift(params)["click_lift"] == pytest.approx(click_lift)
    assert click_lift < forecast.segment_lift(params)["lift"]  # per click, not per person
    row = result.plan.set_index(["platform", "content_type"]).loc[("Facebook", "link")]
    spend = 5000 / 2 * 0.2
    impressions = spend / cpm * 1000
    clicks = impressions * paid["clicks"].sum() / paid["impressions"].sum() * ctr_index
    conversions = clicks * paid["conversions"].sum() / paid["clicks"].sum() * click_lift
    assert row["budget"] == pytest.approx(spend)
    assert row["impressions"] == pytest.approx(impressions)
    assert row["clicks"] == pytest.approx(clicks)
    assert row["conversions"] == pytest.approx(conversions)
    assert row["revenue"] == pytest.approx(conversions * paid["revenue"].sum() / paid["conversions"].sum())


def test_default_forecast_is_in_line_with_the_brands_own_campaigns(posts):
    """The default brief (no segment lift) costs about what the brand's campaigns paid per conversion."""
    result = forecast.simulate(brief.default_params())
    paid = posts[posts["paid"] & posts["platform"].astype(str).isin(["Facebook", "Instagram"])]
    actual = paid["spend"].sum() / paid["conversions"].sum()
    assert 0.75 < result.totals["cost_per_conversion"] / actual < 1.33


def test_budget_is_spent_once_and_mix_renormalised(params, result):
    assert result.plan["budget"].sum() == pytest.approx(5000)
    by = result.plan.groupby("platform")["budget"].sum()
    assert by["Facebook"] == pytest.approx(2500) and by["Instagram"] == pytest.approx(2500)
    insta = result.plan[result.plan["platform"] == "Instagram"].set_index("content_type")
    assert set(insta.index) == {"video", "image"}  # Instagram carries no text or link posts
    assert insta.loc["video", "mix_share"] == pytest.approx(0.3 / 0.7)
    assert any("Instagram carries no text or link" in note for note in result.notes)


def test_totals_and_word_of_mouth(params, result):
    t = result.totals
    plan = result.plan
    for key in ("impressions", "reach", "engagements", "shares", "clicks", "conversions", "revenue"):
        assert t[key] == pytest.approx(plan[key].sum())
    assert t["roas"] == pytest.approx(t["revenue"] / 5000)
    assert t["roi"] == pytest.approx((t["revenue"] * config.GROSS_MARGIN - 5000) / 5000)
    assert t["gross_profit"] == pytest.approx(t["revenue"] * config.GROSS_MARGIN)
    k = config.VIEWS_PER_SHARE * t["shares"] / t["impressions"]
    assert t["k"] == pytest.approx(k)
    shares_all = t["shares"] * sum(k ** g for g in range(brief.WOM_GENERATIONS + 1))
    assert t["earned_impressions"] == pytest.approx(config.VIEWS_PER_SHARE * shares_all)
    assert t["total_reach"] == pytest.approx(t["reach"] + t["earned_reach"])
    assert t["viral"] is (t["total_reach"] >= VIRAL_FACTOR * t["reach"])
    assert t["result_metric"] == "conversions" and t["result"] == t["conversions"]
    assert t["cost_per_result"] == pytest.approx(5000 / t["conversions"])
    assert result.weekly["budget"].sum() == pytest.approx(5000) and len(result.weekly) == 8
    assert result.weekly["cumulative_conversions"].iloc[-1] == pytest.approx(t["conversions"])


def test_forecast_is_linear_in_budget_and_deterministic(params, result):
    double = forecast.simulate(dataclasses.replace(params, budget=10_000.0))
    assert double.totals["conversions"] == pytest.approx(2 * result.totals["conversions"])
    assert double.totals["cost_per_result"] == pytest.approx(result.totals["cost_per_result"])
    assert forecast.simulate(params).totals == result.totals


def test_segment_lift_switch(params, result):
    plain = forecast.simulate(dataclasses.replace(params, segment_lift=False))
    assert plain.totals["lift"] == 1.0
    assert result.totals["conversions"] == pytest.approx(plain.totals["conversions"] * result.totals["lift"])
    assert plain.totals["impressions"] == pytest.approx(result.totals["impressions"])


@pytest.mark.parametrize("objective, key", [("awareness", "total_reach"), ("traffic", "clicks")])
def test_objective_decides_the_result(params, objective, key):
    t = forecast.simulate(dataclasses.replace(params, objective=objective)).totals
    assert t["result"] == pytest.approx(t[key])
    assert t["cost_per_result"] == pytest.approx(5000 / t[key])


def test_compare_platforms_puts_the_whole_budget_on_each(params):
    table = forecast.compare_platforms(params)
    assert list(table.index) == list(forecast.plannable_platforms())
    for platform, row in table.iterrows():
        single = forecast.simulate(dataclasses.replace(params, platforms=(platform,))).totals
        assert row["conversions"] == pytest.approx(single["conversions"])
        assert row["cost_per_conversion"] == pytest.approx(5000 / single["conversions"])
    assert np.isfinite(table.to_numpy(dtype=float)).all()


def test_simulate_rejects_unvalidated_input():
    with pytest.raises(TypeError, match="params must be CampaignParams"):
        forecast.simulate(BRIEF)


def test_small_segment_gets_a_warning():
    p = brief.validate_parameters(**brief_with(age_min=60, age_max=75, interests=["gaming"], locations=["Oslo"]))
    r = forecast.simulate(p)
    assert r.segment["people"] < segmentation.MIN_RELIABLE_PEOPLE
    assert any("mostly noise" in note for note in r.notes)


# --------------------------------------------------------------------------- #
# Panel compute and rows
# --------------------------------------------------------------------------- #
def test_forecast_gives_links_the_rest(params):
    r = report.forecast("sales", ["Facebook", "Instagram"], 5000, 0.3, 0.4, 0.1, params=params)
    assert r.params.mix["link"] == pytest.approx(0.2)
    expected = forecast.simulate(params).totals
    for key, value in expected.items():
        assert r.totals[key] == (pytest.approx(value) if isinstance(value, float) else value), key
    only_video = report.forecast("traffic", ["TikTok"], 2000, 1.0, 0.0, 0.0, params=params)
    assert only_video.params.content_mix == (("video", 1.0),)


@pytest.mark.parametrize("args, words", [
    (("sales", ["Facebook"], 5000, 0.7, 0.5, 0.0), ["add up to 1.20", "more than 1"]),
    (("sales", [], 5000, 0.3, 0.4, 0.1), ["platforms is empty"]),
    (("sales", ["Facebook"], 0, 0.3, 0.4, 0.1), ["budget"]),
    (("sales", ["Facebook"], 5000, -0.1, 0.4, 0.1), ["video share"]),
])
def test_forecast_bad_input(params, args, words):
    with pytest.raises(ValueError) as info:
        report.forecast(*args, params=params)
    for word in words:
        assert word in str(info.value)


def test_rows_are_finite_and_formatted(result):
    rows = report.summary_rows(result) + report.forecast_rows(result)
    for label, value in rows:
        assert isinstance(value, str) and value
        assert not re.search(r"\b(nan|inf)\b", value.lower()), (label, value)
    labels = dict(report.summary_rows(result))
    assert labels["Cost per result"] == f"€{result.totals['cost_per_result']:,.2f} per conversion"
    assert labels["ROI on gross profit ((gross profit - budget) / budget)"] == f"{result.totals['roi'] * 100:.1f}%"
    assert labels["ROAS (revenue / budget)"] == f"{result.totals['roas']:.2f}x"
    panel_rows = dict(report.forecast_rows(result))  # the forecast panel shows both money metrics
    assert panel_rows["ROAS (revenue / budget)"] == labels["ROAS (revenue / budget)"]
    assert "ROI on gross profit ((gross profit - budget) / budget)" in panel_rows


def test_cost_text_for_reach_is_per_thousand(params):
    r = forecast.simulate(dataclasses.replace(params, objective="awareness"))
    assert report.cost_text(r) == f"€{5000 / r.totals['total_reach'] * 1000:,.2f} per 1,000 people reached"


# --------------------------------------------------------------------------- #
# Report
# --------------------------------------------------------------------------- #
def test_funnel_axis_reads_in_plain_counts(result):
    from utils.shared.plotting import new_figure

    fig, ax = new_figure(7, 3.4)
    report.plot_funnel(ax, result)
    fig.canvas.draw()
    labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert labels and all("$" not in t and "^" not in t for t in labels)  # 1k, 1M, not 10^3
    assert {"1k", "1M"} <= set(labels)
    assert not ax.xaxis.get_minorticklocs().size  # one gridline per power of ten


def test_report_is_written_only_to_its_folder(tmp_path, result):
    folder = tmp_path / "capstone"
    paths = report.write_report(result, folder)
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == sorted(
        [f"{result.params.stem}.html", f"{result.params.stem}.csv"])
    html = paths["html"].read_text(encoding="utf-8")
    assert html.count("data:image/svg+xml;base64,") == 3
    # each chart says what it shows: alt text, then its description and numbers
    assert "alt='Horizontal bar chart: Campaign funnel (expected counts)." in html
    assert html.count("The chart in words and numbers</summary>") == 3
    assert "Campaign plan: spring-wellness" in html and paths["csv"].name in html
    assert f"{result.totals['conversions']:,.0f}" in html
    assert not re.search(r"\b(nan|inf)\b", html)
    plan = pd.read_csv(paths["csv"])
    assert list(plan[["platform", "content_type"]].itertuples(index=False, name=None)) == list(
        result.plan[["platform", "content_type"]].itertuples(index=False, name=None))
    assert plan["budget_eur"].sum() == pytest.approx(5000, abs=0.05)
    assert plan["budget_per_week_eur"].sum() == pytest.approx(5000 / 8, abs=0.05)
    again = report.write_report(result, folder)  # same parameters: same files, overwritten
    assert again == paths and len(list(folder.iterdir())) == 2


def test_report_default_folder_follows_output_dir(tmp_path, monkeypatch, result):
    monkeypatch.setattr(config, "OUTPUT_DIR", tmp_path / "out")
    paths = report.write_report(result)
    assert paths["html"].parent == tmp_path / "out" / "capstone"
    assert paths["html"].exists() and paths["csv"].exists()


def test_report_rejects_other_objects(tmp_path):
    with pytest.raises(TypeError, match="CampaignResult"):
        report.write_report({"totals": {}}, tmp_path)


def test_goal_metric():
    goal = forecast.goal_metric("traffic")
    assert goal["result"] == "clicks" and "clicks / impressions" in goal["formula"]
    assert forecast.goal_metric("awareness")["track"] == "share of voice"
    with pytest.raises(ValueError, match="objective"):
        forecast.goal_metric("fame")


def test_default_params_is_the_notebook_brief(params):
    assert brief.default_params() == dataclasses.replace(params, segment_lift=False)
    assert brief.default_params(segment_lift=True) == params
    assert math.isclose(sum(params.mix.values()), 1.0)


def test_cached_inputs_are_handed_out_as_copies():
    """Editing the inputs a learner got back changes neither the cache nor the next forecast."""
    params = brief.default_params()
    before = forecast.simulate(params).totals
    mine = forecast.load_inputs()
    platform = mine.costs.index[0]
    mine.costs.loc[platform, "cpm"] = 0.01
    mine.audience.iloc[:, 0] = mine.audience.iloc[0, 0]
    assert forecast.load_inputs().costs.loc[platform, "cpm"] != 0.01
    assert forecast.simulate(params).totals == before
    assert forecast.simulate(params, mine).totals["impressions"] > before["impressions"]  # the copy did change
