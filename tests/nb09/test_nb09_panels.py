"""Notebook 09's panel and exercise checks, driven headlessly (no browser)."""

from __future__ import annotations

import pytest

from conftest import walk_demo_steps
from utils.nb09 import goals as gt
from utils.shared.data import load_posts, load_web_sessions
from utils.nb09 import exercises as ex
from utils.nb09.goals import required_growth_rate
from utils.nb09 import panels as nb09

MONTHLY = {"posts": gt.monthly_conversions(load_posts(), "posts"),
           "web_sessions": gt.monthly_conversions(load_web_sessions(), "web_sessions")}


def expected_rows(values: dict) -> list[tuple[str, str]]:
    return gt.tracker_rows(gt.track_goal(MONTHLY[values["source"]], values["baseline_month"],
                                         values["uplift"], values["months"]))


@pytest.fixture
def panel():
    return nb09.goal_panel()


def test_factory_defaults(panel):
    values = panel.values()
    assert values == {"uplift": pytest.approx(0.15), "months": 3, "baseline_month": "2025-08", "source": "posts"}
    assert panel.message is None
    assert panel.rows == expected_rows(values)
    assert dict(panel.rows)["Monthly growth needed (compounded)"] == "4.77%"


def test_demo_steps_match_the_pure_function(panel):
    spec = nb09.DEMOS["goal"]
    assert getattr(nb09, spec["factory"]) is nb09.goal_panel
    walk_demo_steps(panel, spec["steps"], expected_rows, expected_rows, gt.NoActualsYet)


def test_source_switch_changes_the_baseline(panel):
    panel.set(source="web_sessions")
    rows = dict(panel.rows)
    assert rows["Baseline"] == f"{MONTHLY['web_sessions']['2025-08']:.0f} conversions (2025-08)"
    assert panel.rows == expected_rows(panel.values())


def test_chart_is_updated_not_recreated(panel):
    bars, lines = list(panel._draw_state["bars"]), list(panel._ax.lines)
    panel.set(months=6, baseline_month="2025-04")
    assert list(panel._draw_state["bars"]) == bars and list(panel._ax.lines) == lines
    x, y = panel._draw_state["target"].get_data()
    assert list(x) == list(range(7))
    assert y[-1] == pytest.approx(MONTHLY["posts"]["2025-04"] * 1.15)
    heights = [b.get_height() for b in bars]
    assert heights[0] == MONTHLY["posts"]["2025-04"]
    assert heights[1:7] == list(MONTHLY["posts"]["2025-05":"2025-10"])
    assert heights[7:] == [0] * (len(bars) - 7)


def test_factory_accepts_notebook_parameters():
    p = nb09.goal_panel(uplift=0.10, months=2, baseline_month="2025-05", source="web_sessions")
    assert p.values()["source"] == "web_sessions" and p.values()["months"] == 2
    assert p.rows == expected_rows(p.values())


# ------------------------------------------------------------------ exercises
def test_check_1():
    assert ex.check_1("click-through rate").status == "correct"
    assert ex.check_1("Click-Through Rate").status == "correct"
    for wrong in ("share of voice", "conversion rate", "engagement rate by followers", "virality rate",
                  "response rate"):
        assert ex.check_1(wrong).status == "mistake", wrong
    assert ex.check_1("ROI").status == "wrong"
    assert ex.check_1("reach").status == "wrong"  # not a metric of the course's goal table
    assert ex.check_1("clicks please").status == "wrong"
    assert ex.check_1(" CTR ").status == "correct"  # the abbreviation notebook 08 uses, spaces ignored
    assert ex.check_1("click-through rate ").status == "correct"
    fb = ex.check_1("clicks")
    assert fb.status == "mistake" and "click-through rate" in fb.message
    assert ex.check_1(5).status == "wrong"
    assert ex.check_1(None).status == "unanswered"


def test_check_2():
    assert ex.check_2(required_growth_rate(0.2, 6)).status == "correct"
    assert ex.check_2(0.0309).status == "correct"  # rounded to three significant digits
    for wrong in (0.2 / 6, 1.2 ** 6 - 1, 1.2 ** (1 / 6)):
        assert ex.check_2(wrong).status == "mistake", wrong
    assert ex.check_2(required_growth_rate(0.2, 6) * 100).status == "mistake"  # a percentage
    assert ex.check_2(None).status == "unanswered"
    fb = ex.check_2(required_growth_rate(0.15, 3))
    assert fb.status == "mistake" and "+15% in 3 months" in fb.message


def test_check_3():
    posts = MONTHLY["posts"]
    assert ex.check_3(posts["2025-06":"2025-08"].mean()).status == "correct"
    for wrong in (posts["2025-06":"2025-08"].sum(), posts["2025-08"],
                  MONTHLY["web_sessions"]["2025-06":"2025-08"].mean(), posts["2025-07":"2025-09"].mean()):
        assert ex.check_3(wrong).status == "mistake", wrong
    assert ex.check_3(None).status == "unanswered"
    assert ex.check_3(round(posts["2025-06":"2025-08"].mean())).status == "correct"  # a whole number of orders
    assert ex.check_3(posts["2025-06":"2025-08"].mean() + 1).status == "wrong"


def test_goal_compute_names_an_unknown_source():
    panel = nb09.goal_panel()
    for bad in (None, "tweets", 12345):
        with pytest.raises(ValueError, match="source"):
            panel.compute(uplift=0.15, months=3, baseline_month="2025-08", source=bad)
