"""Notebook 02's panel and exercise checks, driven headlessly (no browser)."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import ROOT
from utils.nb02 import power
from utils.shared.config import CHANNEL_TYPES, GROSS_MARGIN
from utils.nb02 import exercises as ex
from utils.nb02 import panels as nb02

DATA = ROOT / "data"


def expected_rows(values: dict) -> list[tuple[str, str]]:
    return power.word_of_mouth_rows(power.word_of_mouth_view(**values))


@pytest.fixture
def panel():
    return nb02.word_of_mouth_panel()


def test_factory_defaults(panel):
    values = panel.values()
    assert values == {"share_probability": pytest.approx(0.08), "network_size": 5000, "seed_users": 10}
    assert panel.rows == expected_rows(values)
    assert panel.message is None


def test_demo_steps_match_the_pure_function(panel):
    spec = nb02.DEMOS["word-of-mouth"]
    assert getattr(nb02, spec["factory"]) is nb02.word_of_mouth_panel
    default_rows = list(panel.rows)
    changed, messages = False, []
    for step in spec["steps"]:
        panel.set(**step)
        if panel.message is None:
            assert panel.rows == expected_rows(panel.values())
            changed |= panel.rows != default_rows
        else:
            messages.append(panel.message)
            assert panel.rows == []
    assert changed, "no DEMOS step changes a number shown"
    assert messages and messages[-1][1] == "error"
    assert "seed_users (5,000) cannot exceed network_size (2,000)" in messages[-1][0]


def test_panel_recovers_after_bad_input(panel):
    panel.set(seed_users=0)
    assert panel.message is not None and "seed_users" in panel.message[0]
    panel.set(seed_users=10)
    assert panel.message is None and panel.rows == expected_rows(panel.values())


def test_chart_is_updated_not_recreated(panel):
    line = panel._draw_state["reached"]
    panel.set(share_probability=0.2)
    assert panel._draw_state["reached"] is line and list(panel._ax.lines).count(line) == 1
    view = power.word_of_mouth_view(**panel.values())
    assert list(line.get_ydata()) == list(view["reached"])
    assert panel._ax.get_ylim()[1] >= view["network_size"]


# ------------------------------------------------------------------ exercises
def test_check_1():
    c = pd.read_csv(DATA / "campaigns.csv")
    rev, spend, m = c["attributed_revenue"].sum(), c["spend"].sum(), GROSS_MARGIN
    assert ex.check_1((rev * m - spend) / spend).status == "correct"
    assert "mean of the campaigns" in ex.check_1(
        ((c["attributed_revenue"] * m - c["spend"]) / c["spend"]).mean()).message
    assert "return on ad spend" in ex.check_1(rev / spend).message
    assert "as profit" in ex.check_1((rev - spend) / spend).message
    assert "planned budget" in ex.check_1((rev * m - c["budget"].sum()) / c["budget"].sum()).message
    assert "in euros" in ex.check_1(rev * m - spend).message
    assert "percentage" in ex.check_1(100 * (rev * m - spend) / spend).message
    assert ex.check_1(None).status == "unanswered"


def test_check_2():
    p = pd.read_csv(DATA / "posts.csv")
    m = p[p["platform"].map(CHANNEL_TYPES) == "microblog"]
    eng = m[["likes", "comments", "shares", "clicks"]].sum(axis=1)
    assert ex.check_2(eng.sum() / m["impressions"].sum()).status == "correct"
    assert "by reach" in ex.check_2(eng.sum() / m["reach"].sum()).message
    assert "by followers" in ex.check_2(eng.sum() / m["followers"].sum()).message
    assert "averaged the per-post rates" in ex.check_2((eng / m["impressions"]).mean()).message
    all_eng = p[["likes", "comments", "shares", "clicks"]].sum(axis=1).sum()
    assert "all posts" in ex.check_2(all_eng / p["impressions"].sum()).message
    assert "only likes" in ex.check_2(m["likes"].sum() / m["impressions"].sum()).message
    assert ex.check_2(None).status == "unanswered"


def test_check_3():
    assert ex.check_3("velocity").status == "correct"
    assert ex.check_3("Velocity").status == "correct"
    assert "how fast" in ex.check_3("volume").message
    assert "different kinds" in ex.check_3("variety").message
    assert ex.check_3("speed").status == "wrong"
    assert ex.check_3(None).status == "unanswered"


def test_a_rounded_answer_gets_a_hint():
    c = pd.read_csv(DATA / "campaigns.csv")
    rev, spend = c["attributed_revenue"].sum(), c["spend"].sum()
    feedback = ex.check_1(round((rev - spend) / spend, 2))
    assert feedback.status == "wrong" and "rounded" in feedback.message
