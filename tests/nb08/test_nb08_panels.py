"""Panels and exercise checks of notebook 08 (tracking metrics).

Each panel is built as the notebook builds it, driven through its DEMOS steps,
and must show exactly what the pure functions of utils.shared.dashboard give, or a
message for impossible input / an empty selection.
"""

from __future__ import annotations

import pytest

from utils.shared import dashboard
from utils.shared.data import load_inbox, load_posts, load_web_sessions
from utils.nb08 import exercises as ex
from utils.nb08 import panels as nb08


def test_demos_are_declared():
    assert set(nb08.DEMOS) == {"metric-calculator", "dashboard"}
    for key, spec in nb08.DEMOS.items():
        panel = getattr(nb08, spec["factory"])()
        assert panel.key == key
        assert 2 <= len(spec["steps"]) <= 3
        for step in spec["steps"]:
            assert set(step) <= set(panel.controls)


def test_calculator_panel_follows_the_pure_function():
    panel = nb08.metric_calculator_panel()
    assert panel.rows == dashboard.calculator_rows(dashboard.metric_calculator())
    assert panel.message is None
    shown = []
    for step in nb08.DEMOS["metric-calculator"]["steps"]:
        panel.set(**step)
        values = panel.values()
        try:
            expected = dashboard.calculator_rows(dashboard.metric_calculator(**values))
        except ValueError as exc:
            assert panel.rows == [] and panel.message == (str(exc), "error")
        else:
            assert panel.rows == expected and panel.message is None
        shown.append((panel.rows, panel.message))
    assert shown[0][0] != dashboard.calculator_rows(dashboard.metric_calculator())  # a number changed
    assert "Clicks (20,000) cannot exceed impressions" in shown[1][1][0]
    assert "Cost (EUR) is 0" in shown[2][1][0]


@pytest.mark.parametrize("step, field", [
    ({"reach": 50_000}, "Reach"),
    ({"followers": -3}, "Followers"),
    ({"messages_answered": 99}, "Messages answered"),
    ({"followers": 0}, "Followers is 0"),
])
def test_calculator_panel_messages_name_the_field(step, field):
    panel = nb08.metric_calculator_panel()
    panel.set(**step)
    assert panel.rows == []
    assert panel.message[0].startswith(field)
    defaults = dashboard.metric_calculator()
    panel.set(**{k: int(defaults[k]) for k in step})
    assert panel.message is None and panel.rows


def test_dashboard_panel_follows_the_pure_function():
    posts = load_posts()
    panel = nb08.dashboard_panel()
    assert panel.rows == dashboard.dashboard_rows(dashboard.posts_dashboard(posts, "TikTok", 1, 12))
    steps = nb08.DEMOS["dashboard"]["steps"]
    panel.set(**steps[0])
    assert panel.rows == dashboard.dashboard_rows(dashboard.posts_dashboard(posts, "X", 1, 12))
    panel.set(**steps[1])
    x_summer = dashboard.posts_dashboard(posts, "X", 6, 9)
    assert panel.rows == dashboard.dashboard_rows(x_summer)
    sel = posts[(posts["platform"] == "X") & posts["posted_at"].dt.month.between(6, 9)]
    assert dict(panel.rows)["Posts"] == f"{len(sel):,}"
    panel.set(**steps[2])
    assert panel.rows == []
    assert panel.message == ("No TikTok text posts between Jun and Sep: choose another content type or platform, "
                             "or widen the months.", "info")
    panel.set(content_type="video")
    assert panel.message is None
    assert panel.rows == dashboard.dashboard_rows(dashboard.posts_dashboard(posts, "TikTok", 6, 9, "video"))


def test_dashboard_panel_chart_is_updated_not_recreated():
    panel = nb08.dashboard_panel()
    bars = panel._draw_state["bars"]
    panel.set(platform="Instagram")
    assert panel._draw_state["bars"] is bars
    monthly = panel.result["monthly"]
    assert [b.get_height() for b in bars] == pytest.approx((monthly["er_impressions"] * 100).tolist())


def test_dashboard_panel_takes_notebook_parameters():
    posts = load_posts()
    panel = nb08.dashboard_panel("LinkedIn", 6, 9)
    assert panel.values()["months"] == (6, 9)
    assert panel.rows == dashboard.dashboard_rows(dashboard.posts_dashboard(posts, "LinkedIn", 6, 9))


# --------------------------------------------------------------------------- #
# Exercise checks
# --------------------------------------------------------------------------- #
def _howto():
    posts = load_posts()
    return posts[(posts["platform"] == "Instagram") & (posts["topic"] == "how-to")]


def test_check_1():
    sel = _howto()
    eng = sel["likes"] + sel["comments"] + sel["shares"] + sel["clicks"]
    right = eng.sum() / sel["reach"].sum()
    assert ex.check_1(right).status == "correct"
    assert ex.check_1(None).status == "unanswered"
    assert ex.check_1(right * 100).status == "mistake"
    fb = ex.check_1(eng.sum() / sel["impressions"].sum())
    assert fb.status == "mistake" and "impressions" in fb.message
    fb = ex.check_1((eng / sel["reach"]).mean())
    assert fb.status == "mistake" and "averaged" in fb.message
    fb = ex.check_1(eng.sum() / sel["followers"].sum())
    assert fb.status == "mistake" and "followers" in fb.message
    assert ex.check_1(0.9).status == "wrong"


def test_check_2():
    inbox = load_inbox()
    hours = (inbox["answered_at"] - inbox["received_at"]).dt.total_seconds() / 3600
    weekend = inbox["received_at"].dt.day_of_week >= 5
    assert ex.check_2(hours[weekend].mean()).status == "correct"
    assert ex.check_2(None).status == "unanswered"
    fb = ex.check_2(hours[~weekend].mean())
    assert fb.status == "mistake" and "weekday" in fb.message
    fb = ex.check_2(hours[weekend].median())
    assert fb.status == "mistake" and "median" in fb.message
    fb = ex.check_2(hours[weekend].mean() * 60)
    assert fb.status == "mistake" and "minutes" in fb.message
    fb = ex.check_2(hours.mean())
    assert fb.status == "mistake" and "all messages" in fb.message
    assert ex.check_2(round(hours[weekend].mean(), 1)).status == "correct"
    assert ex.check_2(hours[weekend].mean() + 0.5).status == "wrong"


def test_check_3():
    web = load_web_sessions()
    email = web[web["channel"] == "email"]
    assert ex.check_3(email["converted"].mean()).status == "correct"
    assert ex.check_3(None).status == "unanswered"
    fb = ex.check_3(len(email) / len(web))
    assert fb.status == "mistake" and "share of all sessions" in fb.message
    fb = ex.check_3(email["revenue"].mean())
    assert fb.status == "mistake" and "revenue per session" in fb.message
    fb = ex.check_3(web["converted"].mean())
    assert fb.status == "mistake" and "every visit" in fb.message
    assert ex.check_3(email["converted"].mean() * 100).status == "mistake"
    assert ex.check_3(round(email["converted"].mean() * 100, 1)).status == "mistake"  # "13.3" read off a percentage
    assert ex.check_3(round(email["converted"].mean(), 3)).status == "correct"  # as the notebook's table shows it
    by_channel = web.groupby("channel", observed=True)["converted"].mean()
    fb = ex.check_3(by_channel.mean())
    assert fb.status == "mistake" and "average of the five channels" in fb.message


def test_dashboard_compute_names_a_bad_month_range():
    panel = nb08.dashboard_panel()
    for bad in (None, "1-12", (1, 2, 3)):
        with pytest.raises(TypeError, match="months"):
            panel.compute(platform="TikTok", content_type="All", months=bad)
