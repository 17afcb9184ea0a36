"""Panels and exercise checks of notebook 03 (the SMM action plan), without a browser."""

from __future__ import annotations

import pytest

from utils.nb03 import plan
from utils.shared.data import load_inbox, load_mentions, load_posts
from utils.nb03 import exercises as ex
from utils.nb03 import panels as nb03


@pytest.fixture(scope="module")
def data():
    return {"posts": load_posts(), "mentions": load_mentions(), "inbox": load_inbox()}


def expected_view(values, data):
    """What the panel must show for these control values, straight from the pure function."""
    try:
        return plan.plan_rows(plan.build_plan(**values, **data)), None
    except ValueError as exc:
        return [], str(exc)


def test_demos_declare_the_plan_builder():
    spec = nb03.DEMOS["plan-builder"]
    assert spec["factory"] == "plan_panel" and 2 <= len(spec["steps"]) <= 3


def test_plan_builder_follows_the_pure_function_through_every_demo_step(data):
    panel = nb03.plan_panel()
    assert panel.key == "plan-builder"
    start = panel.values()
    rows, message = expected_view(start, data)
    assert panel.rows == rows and panel.message is None
    seen_rows, seen_messages = [panel.rows], []
    for step in nb03.DEMOS["plan-builder"]["steps"]:
        panel.set(**step)
        rows, message = expected_view(panel.values(), data)
        assert panel.rows == rows, step
        assert (panel.message[0] if panel.message else None) == message, step
        seen_rows.append(panel.rows)
        if message:
            seen_messages.append(message)
    assert any(r and r != seen_rows[0] for r in seen_rows[1:]), "no step changes a number shown"
    assert any("no text posts on TikTok" in m for m in seen_messages)
    hits = panel.compute.cache_info().hits
    panel.set(**start)  # back to the first selection: served from the panel's cache, not computed again
    assert panel.compute.cache_info().hits == hits + 1 and panel.rows == seen_rows[0]


def test_plan_builder_chart_updates_in_place(data):
    panel = nb03.plan_panel("word of mouth", "TikTok")
    bars = panel._draw_state["bars"]
    table = plan.baselines_by_platform("word of mouth", posts=data["posts"])
    assert [b.get_height() for b in bars] == pytest.approx(table["rate"].iloc[:6].tolist())
    panel.set(objective="customer service")
    assert panel._draw_state["bars"] is bars  # same artists, new heights
    assert bars[5].get_height() == pytest.approx(panel.result["by_platform"].loc["TikTok", "rate"])
    assert panel.rows[0] == ("Business objective", "customer service")


def test_plan_builder_defaults_follow_arguments():
    panel = nb03.plan_panel("customer service", "X")
    assert panel.values() == {"objective": "customer service", "platform": "X", "content_type": "all"}
    assert dict(panel.rows)["Metric to track"] == "response rate"
    static = panel.static_html()  # what a rendered page shows: the default state
    assert dict(panel.rows)["Baseline (X)"] in static and "Default settings" in static


# --------------------------------------------------------------------------- #
# exercises
# --------------------------------------------------------------------------- #
def _mistakes(monkeypatch, check, module=ex):
    """Run ``check`` once, capturing the expected value and the mistakes it names."""
    seen = {}
    real = module.number_feedback

    def spy(answer, expected, **kwargs):
        seen.update(expected=expected, **kwargs)
        return real(answer, expected, **kwargs)

    monkeypatch.setattr(module, "number_feedback", spy)
    check(None)
    monkeypatch.undo()
    return seen


def test_check_1_share_of_voice_on_x(data, monkeypatch):
    mentions = data["mentions"]
    on_x = mentions[mentions["platform"] == "X"]
    total = on_x["positive"] + on_x["neutral"] + on_x["negative"]
    answer = total[on_x["brand"] == "Brightleaf"].sum() / total.sum()
    assert ex.check_1(answer).status == "correct"
    assert ex.check_1(None).status == "unanswered"
    assert ex.check_1(answer * 100).status == "mistake"  # a percentage
    seen = _mistakes(monkeypatch, ex.check_1)
    assert seen["expected"] == pytest.approx(answer)
    assert len(seen["mistakes"]) == 4
    assert "rounded" in ex.check_1(round(answer, 2)).message
    for description, value in seen["mistakes"].items():
        feedback = ex.check_1(value)
        assert feedback.status == "mistake" and description in feedback.message


def test_check_2_engagement_rate_of_tiktok_videos(data, monkeypatch):
    posts = data["posts"]
    sub = posts[(posts["platform"] == "TikTok") & (posts["content_type"] == "video")]
    answer = (sub["likes"] + sub["comments"] + sub["shares"] + sub["clicks"]).sum() / sub["impressions"].sum()
    assert ex.check_2(answer).status == "correct"
    assert ex.check_2(None).status == "unanswered"
    assert ex.check_2(answer * 100).status == "mistake"
    assert ex.check_2(0.5).status == "wrong"
    seen = _mistakes(monkeypatch, ex.check_2)
    assert len(seen["mistakes"]) == 6
    everything = (posts["likes"] + posts["comments"] + posts["shares"] + posts["clicks"]).sum() / posts["impressions"].sum()
    assert "all of Brightleaf's posts" in ex.check_2(everything).message
    for description, value in seen["mistakes"].items():
        feedback = ex.check_2(value)
        assert feedback.status == "mistake" and description in feedback.message


def test_check_3_pillar_of_the_calendar():
    assert ex.check_3("Planning and publishing").status == "correct"
    assert ex.check_3("planning and publishing").status == "correct"
    assert ex.check_3(None).status == "unanswered"
    for option in ("Strategy", "Analytics and reporting", "Listening and engagement", "Advertising"):
        assert ex.check_3(option).status == "mistake", option
    assert ex.check_3("Calendar").status == "wrong"
