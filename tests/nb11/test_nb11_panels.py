"""Panel and exercises of notebook 11 (capstone), driven headlessly."""

from __future__ import annotations

import pytest

from utils.nb11 import brief, forecast, report
from utils.shared.config import GROSS_MARGIN
from utils.nb11 import exercises as ex
from utils.nb11 import panels as nb11
from utils.shared.widgets import _friendly


@pytest.fixture(scope="module")
def params():
    return brief.default_params()


def expected_view(values: dict, params):
    """What the pure function gives for these control values: rows, or the message."""
    try:
        result = report.forecast(**values, params=params)
    except ValueError as exc:
        return None, _friendly(exc)
    return report.forecast_rows(result), None


def test_demos_are_declared():
    assert set(nb11.DEMOS) == {"capstone-forecast"}
    for demo in nb11.DEMOS.values():
        assert callable(getattr(nb11, demo["factory"]))
        assert 2 <= len(demo["steps"]) <= 4


def test_forecast_panel_follows_the_pure_function(params):
    panel = nb11.forecast_panel()
    rows, message = expected_view(panel.values(), params)
    assert panel.rows == rows and message is None and panel.message is None
    bars = panel._draw_state["bars"]
    seen_numbers, seen_messages = {tuple(panel.rows)}, []
    for step in nb11.DEMOS["capstone-forecast"]["steps"]:
        panel.set(**step)
        rows, message = expected_view(panel.values(), params)
        if message is None:
            assert panel.rows == rows and panel.message is None
            seen_numbers.add(tuple(panel.rows))
        else:
            assert panel.rows == [] and panel.message == (message, "error")
            seen_messages.append(message)
        assert panel._draw_state["bars"] is bars  # artists updated, never re-created
    assert len(seen_numbers) >= 2, "a demo step must change a number"
    assert any("more than 1" in m for m in seen_messages)
    assert any("platforms is empty" in m for m in seen_messages)


def test_chart_heights_are_the_forecast(params):
    panel = nb11.forecast_panel()
    panel.set(platforms=("Facebook", "TikTok"), objective="traffic")
    result = report.forecast("traffic", ["Facebook", "TikTok"], panel.values()["budget"],
                             *(panel.values()[k] for k in ("video", "image", "text")), params=params)
    plannable = forecast.plannable_platforms()
    got = dict(zip(plannable, [b.get_height() for b in panel._draw_state["bars"]]))
    assert got["Instagram"] == 0
    assert got["Facebook"] == pytest.approx(result.by_platform.loc["Facebook", "clicks"])
    assert got["TikTok"] == pytest.approx(result.by_platform.loc["TikTok", "clicks"])
    assert len(panel._draw_state["bars"]) == len(plannable)
    assert panel._ax.get_ylabel() == "expected clicks (count)"


def test_panel_uses_the_notebook_brief():
    alt = brief.validate_parameters("awareness", ["TikTok", "Instagram"], 12000, {"video": 0.7, "image": 0.3},
                                    18, 24, ["music", "gaming"], ["Berlin"], 4, "student-reach", False)
    panel = nb11.forecast_panel(alt)
    assert panel.values()["objective"] == "awareness"
    assert panel.values()["platforms"] == ("Instagram", "TikTok")
    assert panel.result.params.weeks == 4 and panel.result.params.locations == ("Berlin",)
    assert panel.rows == report.forecast_rows(forecast.simulate(alt))


def test_static_fallback_shows_the_default(params):
    html = nb11.forecast_panel().static_html()
    assert "Default settings" in html and "data:image/svg+xml;base64," in html
    assert f"{forecast.simulate(params).totals['conversions']:,.0f}" in html


# --------------------------------------------------------------------------- exercises
def test_exercise_1(params):
    t = forecast.simulate(params).totals
    revenue, budget, m = t["revenue"], params.budget, GROSS_MARGIN
    right = (revenue * m - budget) / budget
    assert ex.check_1(right, params).status == "correct"
    assert ex.check_1(None, params).status == "unanswered"
    for wrong in (revenue / budget, revenue * m - budget, (revenue - budget) / budget, right * 100):
        assert ex.check_1(wrong, params).status == "mistake", wrong
    assert ex.check_1(-5.0, params).status == "wrong"
    other = brief.validate_parameters("traffic", ["TikTok"], 2000, {"video": 1.0}, 18, 30, [], [], 4, "x", False)
    t2 = forecast.simulate(other).totals
    assert ex.check_1((t2["revenue"] * m - 2000) / 2000, other).status == "correct"


def test_exercise_2(params):
    table = forecast.compare_platforms(params)
    best = table["cost_per_conversion"].idxmin()
    assert ex.check_2(best, params).status == "correct"
    assert ex.check_2(best.lower(), params).status == "correct"
    assert ex.check_2(None, params).status == "unanswered"
    cheapest = table["cpm"].idxmin()
    assert cheapest != best  # the planted lesson: cheap impressions are not cheap sales
    feedback = ex.check_2(cheapest, params)
    assert feedback.status == "mistake" and "lowest CPM" in feedback.message
    assert ex.check_2("LinkedIn", params).status == "wrong"


def test_exercise_checks_need_params_objects():
    with pytest.raises(TypeError):
        ex.check_1(0.5, {"budget": 5000})


def test_exercises_survive_a_segment_that_never_bought():
    """One 70-75-year-old gamer in Oslo who bought nothing: lift 0, no revenue, no conversion anywhere."""
    nobody = brief.validate_parameters("sales", ["Facebook", "Instagram"], 5000, {"video": 0.5, "image": 0.5},
                                       70, 75, ["gaming"], ["Oslo"], 8, "x", True)
    result = forecast.simulate(nobody)
    assert result.totals["revenue"] == 0 and result.totals["lift"] == 0
    assert "only 1 person " in " ".join(result.notes)
    assert ex.check_1(-1.0, nobody).status == "correct"
    assert ex.check_1(0.0, nobody).status == "mistake"  # revenue / budget
    best = forecast.compare_platforms(nobody)["cost_per_conversion"].idxmin()
    feedback = ex.check_2(best, nobody)
    assert feedback.status == "wrong" and "no platform is expected to bring a single conversion" in feedback.message
    assert ex.check_2(None, nobody).status == "unanswered"


def test_key_numbers_show_each_count_once(params):
    for objective, metric in (("sales", "conversions"), ("traffic", "clicks")):
        result = forecast.simulate(brief.default_params(objective=objective))
        labels = [label for label, _ in report.summary_rows(result)]
        assert f"Expected {metric}" in labels and metric.capitalize() not in labels, labels
        rows = dict(report.summary_rows(result))
        assert rows[f"Expected {metric}"] == f"{result.totals[metric]:,.0f}"
    lifted = forecast.simulate(brief.default_params(segment_lift=True))
    html = report.report_html(lifted, "plan.csv")
    assert f"purchases-per-click lift ({lifted.totals['lift']:.2f}x)" in html and lifted.totals["lift"] > 1
    assert "no conversion lift" in report.report_html(forecast.simulate(brief.default_params()), "plan.csv")


def test_forecast_names_platforms_that_are_not_a_list(params):
    with pytest.raises(TypeError, match="platforms"):
        report.forecast("sales", None, 5000, 0.3, 0.4, 0.1, params=params)
