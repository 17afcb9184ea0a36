"""Notebook 05's panel and exercise checks, driven headlessly (no browser)."""

from __future__ import annotations

import pytest

from conftest import walk_demo_steps
from utils.nb05 import viral
from utils.shared.data import load_audience
from utils.nb05 import exercises as ex
from utils.nb05 import panels as nb05
from utils.shared.virality import total_reach


def expected_rows(values: dict) -> list[tuple[str, str]]:
    return viral.reach_rows(viral.reach_explorer(**values))


@pytest.fixture
def panel():
    return nb05.reach_panel()


def test_factory_defaults(panel):
    values = panel.values()
    assert values == {"k": pytest.approx(0.8), "seed_users": 500, "generations": 10, "capped": True}
    assert panel.message is None
    assert panel.rows == expected_rows(values)


def test_demo_steps_match_the_pure_function(panel):
    spec = nb05.DEMOS["reach"]
    assert getattr(nb05, spec["factory"]) is nb05.reach_panel
    walk_demo_steps(panel, spec["steps"], expected_rows, lambda values: viral.reach_explorer(**values),
                    viral.NoFiniteReach)


def test_k_of_one_or_more_without_cap_is_explained_not_an_error(panel):
    panel.set(k=1.0, capped=False)
    text, level = panel.message
    assert level == "info" and "no finite total" in text and panel.rows == []
    panel.set(capped=True)
    assert panel.message is None
    assert dict(panel.rows)["No-cap total seed / (1 - K)"] == "no finite limit (K ≥ 1)"


def test_chart_is_updated_not_recreated(panel):
    artists = (list(panel._ax.lines), list(panel._ax.collections))
    panel.set(k=1.5, generations=15)
    assert (list(panel._ax.lines), list(panel._ax.collections)) == artists
    x, y = panel._draw_state["expected"].get_data()
    assert list(x) == list(range(16))
    assert y[-1] == pytest.approx(500 * 1.5 ** 15)
    _, level = panel._draw_state["threshold"].get_data()
    assert list(level) == [500, 500]
    assert "K = 1.50" in panel._ax.get_title()


def test_factory_accepts_notebook_parameters():
    p = nb05.reach_panel(k=1.2, seed_users=50, generations=8)
    assert p.values()["k"] == pytest.approx(1.2) and p.values()["seed_users"] == 50
    assert p.rows == expected_rows(p.values())


def test_static_fallback_has_table_and_chart(panel):
    html = panel.static_html()
    assert "smm-value" in html and "data:image/svg+xml;base64," in html and "drag K across 1" in html


# ------------------------------------------------------------------ exercises
def test_check_1():
    assert ex.check_1(0.6).status == "correct"
    assert ex.check_1(5.12).status == "mistake"
    assert ex.check_1(5 / 0.12).status == "mistake"
    assert ex.check_1(60).status == "mistake"
    assert ex.check_1(0.7).status == "wrong"
    assert ex.check_1(None).status == "unanswered"


def test_check_2():
    k = viral.referral_k(load_audience())["k"]
    assert ex.check_2(total_reach(200, k)).status == "correct"
    assert ex.check_2(200 / (1 - k)).status == "correct"
    assert ex.check_2(round(200 / (1 - k))).status == "correct"  # a whole number of customers
    assert ex.check_2(int(200 / (1 - k))).status == "correct"
    for wrong in (200 * (1 + k), 200 * k / (1 - k), 200 * k, 200 * (1 - k)):
        assert ex.check_2(wrong).status == "mistake", wrong
    assert ex.check_2(1000).status == "wrong"
    assert ex.check_2(None).status == "unanswered"


def test_check_3():
    assert ex.check_3(0.9).status == "correct"
    for wrong in (10, 0.1, 1):
        assert ex.check_3(wrong).status == "mistake", wrong
    feedback = ex.check_3(90)
    assert feedback.status == "mistake" and "percentage" in feedback.message
    assert ex.check_3(None).status == "unanswered"
