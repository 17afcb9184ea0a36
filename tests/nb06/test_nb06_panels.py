"""Notebook 06: the segment explorer panel (driven headlessly) and the exercise checks."""

from __future__ import annotations

import ast

import pandas as pd
import pytest

from conftest import NOTEBOOKS
import course
from utils.shared import segmentation as sg
from utils.shared.data import load_audience
from utils.nb06 import exercises as ex
from utils.nb06 import panels as nb06

PARAMETER_OF = {  # notebook parameter -> panel control
    "segment_age": "age", "segment_locations": "location", "segment_income_bands": "income_band",
    "segment_job_titles": "job_title", "segment_industries": "industry", "segment_interests": "interests",
    "budget": "budget", "cpm": "cpm", "targeting_premium": "targeting_premium",
}


@pytest.fixture(scope="module")
def audience() -> pd.DataFrame:
    return load_audience()


def expected_rows(audience, values):
    return sg.explore_rows(sg.explore(audience, **values))


# --------------------------------------------------------------------------- #
# The panel
# --------------------------------------------------------------------------- #
def test_default_panel_matches_the_pure_function(audience):
    panel = nb06.segment_explorer()
    assert panel.message is None
    assert panel.rows == expected_rows(audience, panel.values())
    assert panel.rows[0] == ("Segment", "age 35-54 and interest cooking")
    assert "Default settings" in panel.static_html() and "<img" in panel.static_html()


def test_demo_steps(audience):
    spec = nb06.DEMOS["segment-explorer"]
    panel = getattr(nb06, spec["factory"])()
    first = list(panel.rows)
    changed = False
    for step in spec["steps"]:
        panel.set(**step)
        try:
            want = expected_rows(audience, panel.values())
        except sg.EmptySegmentError as empty:
            assert panel.rows == [] and panel.message == (str(empty), "warning")
            continue
        assert panel.message is None and panel.rows == want
        changed |= panel.rows != first
    assert changed, "no DEMOS step changes a number shown"
    assert panel.message is not None and "Widen a filter" in panel.message[0], "the last step shows the empty-segment message"


def test_empty_segment_message_names_the_filters():
    panel = nb06.segment_explorer()
    panel.set(age=(70, 75), job_title=("Student",), interests=())
    assert panel.message == ("No one in the audience matches: age 70-75 and job Student. Widen a filter.", "warning")
    panel.set(age=(25, 34), job_title=(), interests=("wellness",))
    assert panel.message is None and panel.rows[0] == ("Segment", "age 25-34 and interest wellness")


@pytest.mark.parametrize("values,word", [({"budget": 0.0}, "budget"), ({"cpm": -5.0}, "cpm")])
def test_impossible_input_shows_a_message(values, word):
    panel = nb06.segment_explorer()
    panel.set(**values)
    assert panel.rows == [] and panel.message[1] == "error" and word in panel.message[0]


def test_chart_is_updated_in_place():
    panel = nb06.segment_explorer()
    bars = panel._draw_state["bars"]
    panel.set(age=(25, 34), interests=("wellness",))
    assert panel._draw_state["bars"] is bars
    orders = panel.result["budget"]["orders"]
    assert [b.get_height() for b in bars] == pytest.approx([orders["segment"], orders["everyone"]])


def test_defaults_match_the_notebook_parameters():
    nb = course.read_nb(NOTEBOOKS / "06_segmentation.ipynb")
    cell = next(c for c in nb["cells"] if "parameters" in course.tags(c))
    params = {}
    for node in ast.parse(course.source(cell)).body:
        params[node.targets[0].id] = ast.literal_eval(node.value)
    assert set(params) == set(PARAMETER_OF)
    for name, control in PARAMETER_OF.items():
        default = nb06.DEFAULTS[control]
        value = params[name]
        assert (tuple(value) if isinstance(value, list) else value) == default, name


# --------------------------------------------------------------------------- #
# Exercises
# --------------------------------------------------------------------------- #
def _status(feedback) -> str:
    return feedback.status


def test_exercise_1(audience):
    teachers = audience[audience["job_title"] == "Teacher"]
    rate = teachers["converted"].mean()
    assert _status(ex.check_1(rate)) == "correct"
    assert _status(ex.check_1(None)) == "unanswered"
    for wrong in (rate * 100, teachers["purchases"].sum() / len(teachers),
                  teachers["converted"].sum() / teachers["impressions"].sum(),
                  teachers["converted"].sum() / len(audience), audience["converted"].mean()):
        assert _status(ex.check_1(wrong)) == "mistake", wrong
    assert _status(ex.check_1(0.9)) == "wrong"


def test_exercise_2(audience):
    young = audience[audience["age"].between(25, 34)]
    exploded = young.assign(interest=young["interests"].str.split(";")).explode("interest")
    rates = exploded.groupby("interest")["converted"].mean()
    assert _status(ex.check_2(rates.idxmax())) == "correct"
    assert _status(ex.check_2(None)) == "unanswered"
    for other in rates.index.drop(rates.idxmax()):
        feedback = ex.check_2(other)
        assert _status(feedback) == "mistake" and other in feedback.message
    assert _status(ex.check_2("tea")) == "wrong"


def test_exercise_3(audience):
    seg = audience[audience["age"].between(25, 34) & audience["interests"].str.split(";").map(lambda s: "wellness" in s)]
    per_impression = seg["purchases"].sum() / seg["impressions"].sum()
    impressions = 1000 / (8 * 1.25) * 1000
    orders = impressions * per_impression
    assert _status(ex.check_3(orders)) == "correct"
    assert _status(ex.check_3(round(orders))) == "correct"
    assert _status(ex.check_3(None)) == "unanswered"
    everyone = audience["purchases"].sum() / audience["impressions"].sum()
    for wrong in (1000 / 8 * 1000 * per_impression, orders / 1000, impressions * seg["converted"].mean(),
                  impressions * everyone):
        assert _status(ex.check_3(wrong)) == "mistake", wrong
    assert _status(ex.check_3(orders * 3)) == "wrong"
