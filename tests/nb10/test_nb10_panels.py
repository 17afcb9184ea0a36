"""Panel and exercise checks of notebook 10 (advantages, risks and crisis response)."""

from __future__ import annotations

import pandas as pd
import pytest

from utils.nb10 import crisis
from utils.shared.data import load_mentions, load_web_sessions
from utils.nb10 import exercises as ex
from utils.nb10 import panels as nb10


@pytest.fixture(scope="module")
def quarter():
    return crisis.quarterly_revenue(load_web_sessions())


def _expected_rows(hours, rate, quarter):
    return crisis.claim_rows(crisis.simulate_false_claim(hours, rate, quarterly_sales=quarter))


def test_demos_are_declared():
    assert list(nb10.DEMOS) == ["crisis-response"]
    spec = nb10.DEMOS["crisis-response"]
    panel = getattr(nb10, spec["factory"])()
    assert panel.key == "crisis-response"
    assert 2 <= len(spec["steps"]) <= 3
    assert all(set(step) <= set(panel.controls) for step in spec["steps"])


def test_response_panel_follows_the_simulation(quarter):
    panel = nb10.response_panel()
    assert panel.values() == {"response_hours": 24, "response_rate": 0.6}
    assert panel.rows == _expected_rows(24, 0.6, quarter)
    before = panel.rows
    hours, rate = 24, 0.6
    for step in nb10.DEMOS["crisis-response"]["steps"]:
        panel.set(**step)
        hours = step.get("response_hours", hours)
        rate = step.get("response_rate", rate)
        assert panel.message is None
        assert panel.rows == _expected_rows(hours, rate, quarter)
    assert panel.rows != before


def test_response_panel_chart_is_updated_not_recreated(quarter):
    panel = nb10.response_panel()
    lines = panel._draw_state["lines"]
    panel.set(response_hours=6)
    assert panel._draw_state["lines"] is lines
    expected = crisis.simulate_false_claim(6, 0.6, quarterly_sales=quarter)
    assert list(lines[0].get_ydata()) == list(expected.believing)
    assert list(lines[3].get_xdata()) == [0.25, 0.25]


def test_response_panel_takes_notebook_parameters(quarter):
    panel = nb10.response_panel(4, 0.9)
    assert panel.rows == _expected_rows(4, 0.9, quarter)


def test_response_panel_shows_a_message_for_bad_input():
    panel = nb10.response_panel()
    panel.compute = lambda **values: crisis.simulate_false_claim(values["response_hours"], 1.7)
    panel.update()
    assert panel.rows == []
    assert "response_rate" in panel.message[0]


# --------------------------------------------------------------------------- #
# Exercise checks
# --------------------------------------------------------------------------- #
def _negative():
    m = load_mentions()
    return m[m["brand"] == "Brightleaf"].groupby("date")["negative"].sum()


def test_check_1():
    neg = _negative()
    day = pd.Timestamp("2025-09-08")
    baseline = neg.loc[day - pd.Timedelta(days=28):day - pd.Timedelta(days=1)].mean()
    right = neg.loc[day] / baseline
    assert ex.check_1(right).status == "correct"
    assert ex.check_1(None).status == "unanswered"
    fb = ex.check_1(neg.loc[day] - baseline)
    assert fb.status == "mistake" and "count - baseline" in fb.message
    fb = ex.check_1(neg.loc[day])
    assert fb.status == "mistake" and "count itself" in fb.message
    with_day = neg.loc[day - pd.Timedelta(days=27):day].mean()
    fb = ex.check_1(neg.loc[day] / with_day)
    assert fb.status == "mistake" and "includes 8 September" in fb.message
    spread = neg.loc[day - pd.Timedelta(days=28):day - pd.Timedelta(days=1)].std()
    fb = ex.check_1((neg.loc[day] - baseline) / spread)
    assert fb.status == "mistake" and "z-score" in fb.message


def test_check_2():
    web = load_web_sessions()
    t = web["started_at"]
    before = web.loc[(t >= "2025-08-11") & (t < "2025-09-08"), "revenue"].sum()
    after = web.loc[(t >= "2025-09-15") & (t < "2025-10-13"), "revenue"].sum()
    right = after / before - 1
    assert ex.check_2(right).status == "correct"
    assert ex.check_2(None).status == "unanswered"
    fb = ex.check_2(-right)
    assert fb.status == "mistake" and "sign" in fb.message
    fb = ex.check_2(before / after - 1)
    assert fb.status == "mistake" and "divided before by after" in fb.message
    fb = ex.check_2(right * 100)
    assert fb.status == "mistake" and "percentage" in fb.message
    with_week = web.loc[(t >= "2025-09-08") & (t < "2025-10-06"), "revenue"].sum()
    fb = ex.check_2(with_week / before - 1)
    assert fb.status == "mistake" and "crisis week" in fb.message
    assert ex.check_2(round(right, 3)).status == "correct"  # as the notebook prints it
    fb = ex.check_2(round(right * 100, 1))
    assert fb.status == "mistake" and "percentage" in fb.message
    for wrong_sign in (round(-right, 2), round(-right * 100, 1)):  # "+0.25", "24.8"
        fb = ex.check_2(wrong_sign)
        assert fb.status == "mistake" and "sign" in fb.message, wrong_sign
    fb = ex.check_2((after - before) / 4)
    assert fb.status == "mistake" and "EUR per week" in fb.message
    assert ex.check_2(right / 2).status == "wrong"


def test_check_3():
    assert ex.check_3(["order_issue", "complaint"]).status == "correct"
    assert ex.check_3(None).status == "unanswered"
    fb = ex.check_3(["complaint", "order_issue", "question"])
    assert fb.status == "mistake" and "question" in fb.message
    fb = ex.check_3(["complaint", "praise", "order_issue"])
    assert fb.status == "mistake" and "praise" in fb.message
    fb = ex.check_3(["complaint"])
    assert fb.status == "mistake" and "'order_issue'" in fb.message
    assert ex.check_3(["refund"]).status == "wrong"
    assert ex.check_3(["complaint", "order issue"]).status == "correct"
    fb = ex.check_3(3)
    assert fb.status == "wrong" and "list of message types" in fb.message
