"""Notebook 01's panel and exercise checks, driven headlessly (no browser)."""

from __future__ import annotations

import pandas as pd
import pytest

from conftest import ROOT
from utils.nb01 import growth
from utils.nb01 import exercises as ex
from utils.nb01 import panels as nb01

RAW = pd.read_csv(ROOT / "data" / "social_media_users.csv")
START = RAW.sort_values("year").iloc[-1]
POP_GROWTH = round(START["world_population_millions"]
                   / RAW.loc[RAW["year"] == START["year"] - 1, "world_population_millions"].iloc[0] - 1, 3)


def expected_rows(values: dict) -> list[tuple[str, str]]:
    view = growth.projection_view(**values, start_year=int(START["year"]),
                                  start_users=float(START["users_millions"]),
                                  start_population=float(START["world_population_millions"]))
    return growth.projection_rows(view)


@pytest.fixture
def panel():
    return nb01.projection_panel()


def test_factory_defaults(panel):
    values = panel.values()
    assert values["growth_rate"] == pytest.approx(0.05) and values["years_ahead"] == 10
    assert values["population_growth"] == pytest.approx(POP_GROWTH)
    assert panel.rows == expected_rows(values)
    assert panel.message is None
    assert "smm-info" in panel._extra.value


def test_demo_steps_match_the_pure_function(panel):
    spec = nb01.DEMOS["projection"]
    assert getattr(nb01, spec["factory"]) is nb01.projection_panel
    default_rows = list(panel.rows)
    changed = False
    for step in spec["steps"]:
        panel.set(**step)
        assert panel.message is None
        assert panel.rows == expected_rows(panel.values())
        changed |= panel.rows != default_rows
    assert changed, "no DEMOS step changes a number shown"


def test_saturation_is_reported(panel):
    panel.set(growth_rate=0.12, years_ahead=20)
    rows = dict(panel.rows)
    year = rows["Users would pass the population in"]
    assert year.isdigit() and int(year) <= START["year"] + 20
    assert "smm-warning" in panel._extra.value and "Impossible" in panel._extra.value
    panel.set(growth_rate=0.02)
    assert "smm-warning" not in panel._extra.value
    assert dict(panel.rows)["Users would pass the population in"].startswith("not by")


def test_chart_is_updated_not_recreated(panel):
    lines = list(panel._ax.lines)
    panel.set(years_ahead=25)
    assert list(panel._ax.lines) == lines
    x, _ = panel._draw_state["users"].get_data()
    assert list(x)[-1] == START["year"] + 25
    assert panel._draw_state["sat"].get_visible() is (dict(panel.rows)["Users would pass the population in"].isdigit())


def test_factory_accepts_notebook_parameters():
    p = nb01.projection_panel(growth_rate=0.12, years_ahead=15)
    assert p.values()["growth_rate"] == pytest.approx(0.12) and p.values()["years_ahead"] == 15
    assert "smm-warning" in p._extra.value


# ------------------------------------------------------------------ exercises
def _frame():
    return growth.growth_table(RAW).set_index("year")


def test_check_1():
    t = _frame()
    u, p = t.loc[2022, "users_millions"], t.loc[2022, "world_population_millions"]
    assert ex.check_1(u / p).status == "correct"
    assert ex.check_1(100 * u / p).status == "mistake"  # percentage
    assert "divided the population by the users" in ex.check_1(p / u).message
    assert "2021" in ex.check_1(t.loc[2021, "share_of_population"]).message
    assert "do NOT use social media" in ex.check_1(u / (p - u)).message
    assert ex.check_1(0.9).status == "wrong"
    assert ex.check_1(None).status == "unanswered"


def test_check_2():
    t = _frame()
    now, before = t.loc[2022, "users_millions"], t.loc[2021, "users_millions"]
    assert ex.check_2(now / before - 1).status == "correct"
    assert "subtract 1" in ex.check_2(now / before).message
    assert "earlier year" in ex.check_2((now - before) / now).message
    assert "not a rate" in ex.check_2(now - before).message
    assert "percentage" in ex.check_2(100 * (now / before - 1)).message
    assert ex.check_2(None).status == "unanswered"


def test_check_3():
    t = _frame()
    start, end = t.loc[2014, "users_millions"], t.loc[2022, "users_millions"]
    assert ex.check_3((end / start) ** (1 / 8) - 1).status == "correct"
    assert "compounds" in ex.check_3((end / start - 1) / 8).message
    assert "total growth" in ex.check_3(end / start - 1).message
    assert "mean of the eight" in ex.check_3(t.loc[2015:2022, "yoy_growth"].mean()).message
    assert "9 years" in ex.check_3((end / start) ** (1 / 9) - 1).message
    assert ex.check_3("12%").status == "wrong"
    assert ex.check_3(None).status == "unanswered"


def test_a_rounded_answer_gets_a_hint():
    t = _frame()
    rounded = round(t.loc[2022, "users_millions"] / t.loc[2022, "world_population_millions"], 2)
    feedback = ex.check_1(rounded)
    assert feedback.status == "wrong" and "rounded" in feedback.message


def test_saturation_marker_is_labelled_only_when_shown(panel):
    panel.set(growth_rate=0.12, years_ahead=20)
    year = dict(panel.rows)["Users would pass the population in"]
    assert year in panel._draw_state["sat_text"].get_text()
    panel.set(growth_rate=0.02)
    assert panel._draw_state["sat_text"].get_text() == ""
    labels = [t.get_text() for t in panel._ax.get_legend().get_texts()]
    assert "users pass the population" not in labels
