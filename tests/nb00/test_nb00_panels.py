"""Notebook 00's panel and exercise check, driven headlessly (no browser)."""

from __future__ import annotations

import pytest

from utils.nb00 import intro
from utils.nb00 import exercises as ex
from utils.nb00 import panels as nb00


@pytest.fixture
def panel():
    return nb00.try_it_panel()


def test_factory_defaults(panel):
    assert panel.values() == {"clicks": 40, "impressions": 2000}
    assert dict(panel.rows)["Click-through rate"] == "2.00%"  # 40 / 2,000, worked by hand
    assert panel.message is None


def test_demo_steps_match_the_pure_function(panel):
    spec = nb00.DEMOS["try-it"]
    assert getattr(nb00, spec["factory"]) is nb00.try_it_panel
    default_rows, changed, messages = list(panel.rows), False, []
    for step in spec["steps"]:
        panel.set(**step)
        if panel.message is None:
            assert panel.rows == intro.try_it_rows(intro.try_it(**panel.values()))
            changed |= panel.rows != default_rows
        else:
            messages.append(panel.message[0])
            assert panel.rows == []
    assert changed, "no DEMOS step changes a number shown"
    assert messages and "impressions (0)" in messages[-1]


def test_chart_bars_follow_the_counts(panel):
    bars = panel._draw_state["bars"]
    panel.set(clicks=120, impressions=1000)
    assert panel._draw_state["bars"] is bars
    assert [b.get_height() for b in bars] == [120, 880]


def test_factory_accepts_the_notebook_parameter():
    assert nb00.try_it_panel(5000).values()["impressions"] == 5000


def test_check_1():
    assert ex.check_1(50 / 2000).status == "correct"
    assert ex.check_1(None).status == "unanswered"
    assert "percentage" in ex.check_1(2.5).message
    assert "impressions by clicks" in ex.check_1(2000 / 50).message
    assert ex.check_1(0.03).status == "wrong"
    assert ex.check_1("a quarter").status == "wrong"
