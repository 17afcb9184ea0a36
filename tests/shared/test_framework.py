"""Unit tests of the course framework: exercise feedback, widget panels, formatting."""

from __future__ import annotations

import math

import ipywidgets as W
import pytest

from utils.shared import feedback, plotting, widgets
from utils.shared.feedback import choice_feedback, number_feedback


# ------------------------------------------------------------------ feedback
def test_correct_number_is_correct():
    fb = number_feedback(0.025, 0.025, what="CTR")
    assert fb.correct and fb.status == "correct"


@pytest.mark.parametrize("answer", [None, ...])
def test_unanswered(answer):
    fb = number_feedback(answer, 0.025, what="CTR")
    assert fb.status == "unanswered" and feedback.NOT_ANSWERED in str(fb)


def test_named_mistake_is_named():
    fb = number_feedback(40, 0.025, what="CTR", mistakes={"you divided impressions by clicks": 40.0})
    assert fb.status == "mistake" and "you divided impressions by clicks" in fb.message


@pytest.mark.parametrize("answer", [2.5, 2.47, 2.0 + 0.5])
def test_percentage_instead_of_fraction_is_recognised_even_rounded(answer):
    fb = number_feedback(answer, 0.0247, what="rate", as_fraction=True)
    assert fb.status == "mistake" and "percentage" in fb.message


def test_percentage_is_not_assumed_without_as_fraction():
    assert number_feedback(2.5, 0.025, what="x").status == "wrong"


@pytest.mark.parametrize("answer", ["abc", True, float("nan"), [0.025]])
def test_non_numbers_are_wrong_not_errors(answer):
    fb = number_feedback(answer, 0.025, what="CTR")
    assert fb.status == "wrong" and "expected a number" in fb.message


def test_wrong_number_says_direction_and_hint():
    fb = number_feedback(0.5, 0.025, what="CTR", hint="clicks / impressions")
    assert fb.status == "wrong" and "too high" in fb.message and "clicks / impressions" in fb.message
    assert "too low" in number_feedback(0.001, 0.025, what="CTR").message


def test_feedback_renders_as_html_with_status_class():
    html = number_feedback(0.025, 0.025, what="CTR")._repr_html_()
    assert 'class="smm-feedback smm-feedback-correct"' in html


def test_choice_single_and_multiple():
    opts = ["reach", "impressions", "clicks"]
    assert choice_feedback("Reach", "reach", what="q", options=opts).correct
    fb = choice_feedback("clicks", "reach", what="q", options=opts, mistakes={"clicks": "clicks measure action"})
    assert fb.status == "mistake" and "clicks measure action" in fb.message
    assert choice_feedback(["clicks", "reach"], ["reach", "clicks"], what="q", options=opts).correct
    fb = choice_feedback(["reach"], ["reach", "clicks"], what="q", options=opts)
    assert fb.status == "wrong" and "1 missing" in fb.message
    assert "not an option" in choice_feedback("likes", "reach", what="q", options=opts).message
    assert choice_feedback(None, "reach", what="q", options=opts).status == "unanswered"


# ------------------------------------------------------------------ formatting
def test_formatters():
    assert plotting.pct(0.0523) == "5.2%"
    assert plotting.num(12345.6) == "12,346"
    assert plotting.eur(-1234.5) == "-€1,234" or plotting.eur(-1234.5) == "-€1,235"
    assert plotting.big(4.62e9) == "4.62 billion"
    assert plotting.big(1.5e6) == "1.50 million"


def test_compact_labels_for_log_axes():
    assert [plotting.compact(v) for v in (0.5, 1, 100, 1000, 25_000, 1e6, 3e9)] == \
        ["0.5", "1", "100", "1k", "25k", "1M", "3B"]


@pytest.mark.parametrize("fn", [plotting.pct, plotting.num, plotting.eur, plotting.big])
@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -math.inf])
def test_formatters_refuse_nan_and_inf(fn, bad):
    with pytest.raises(ValueError, match="finite"):
        fn(bad)


def test_formatters_refuse_non_numbers():
    with pytest.raises(TypeError, match="needs a number"):
        plotting.pct("5%")


# ------------------------------------------------------------------ panels
def _ratio_panel(draw=True):
    def compute(a, b):
        if b == 0:
            raise ValueError("b is 0: the ratio needs b > 0")
        if a < 0:
            raise widgets.PanelMessage("a is negative: nothing to show", "info")
        return {"ratio": a / b}

    def draw_fn(ax, r, state):
        if "bar" not in state:
            state["bar"] = ax.bar(["a/b"], [0])[0]
            state["calls"] = 0
        state["calls"] += 1
        state["bar"].set_height(r["ratio"])

    return widgets.Panel(
        "demo", "Demo", {"a": widgets.slider("a", 1.0, -5.0, 10.0, 0.5), "b": widgets.number("b", 2)},
        compute, lambda r: [("Ratio", f"{r['ratio']:.3f}")], draw=draw_fn if draw else None, explain="Move a.",
    )


def test_panel_computes_from_controls_and_updates_on_change():
    panel = _ratio_panel()
    assert panel.rows == [("Ratio", "0.500")]
    panel.controls["a"].value = 3.0
    assert panel.rows == [("Ratio", "1.500")]
    assert 'data-label="Ratio"' in panel._out.value and "1.500" in panel._out.value
    assert panel._draw_state["calls"] == 2  # chart updated in place, not re-created


def test_panel_set_changes_several_controls_with_one_update():
    panel = _ratio_panel()
    calls = panel._draw_state["calls"]
    panel.set(a=4.0, b=8)
    assert panel.rows == [("Ratio", "0.500")] and panel._draw_state["calls"] == calls + 1


def test_panel_counts_its_updates_in_the_page_but_not_in_the_static_copy():
    """Browser tests wait for data-update to move on instead of for a quiet spell."""
    panel = _ratio_panel()
    assert 'data-update="1"' in panel._out.value
    panel.controls["a"].value = 3.0
    panel.set(b=0)  # a message is an update too
    assert panel.updates == 3 and 'data-update="3"' in panel._out.value
    panel.controls["a"].value = 3.0  # no change, no update
    assert panel.updates == 3
    assert "data-update" not in panel.static_html() and "smm-message smm-error" in panel.static_html()


def test_panel_shows_errors_and_notes_instead_of_raising():
    panel = _ratio_panel()
    panel.set(b=0)
    assert panel.rows == [] and panel.message == ("b is 0: the ratio needs b > 0", "error")
    assert "smm-message smm-error" in panel._out.value
    panel.set(b=2, a=-1.0)
    assert panel.message == ("a is negative: nothing to show", "info")
    panel.set(a=1.0)
    assert panel.message is None and panel.rows == [("Ratio", "0.500")]


def test_panel_refuses_to_show_nan():
    panel = widgets.Panel("nan", "NaN", {"x": widgets.number("x", 1.0)}, lambda x: {"v": float("nan")},
                          lambda r: [("Value", f"{r['v']}")])
    assert panel.rows == [] and panel.message[1] == "error" and "could not be computed" in panel.message[0]


def test_unexpected_exception_becomes_a_message(caplog):
    def compute(x):
        raise ZeroDivisionError("boom")

    panel = widgets.Panel("boom", "Boom", {"x": widgets.number("x", 1)}, compute, lambda r: [])
    assert panel.message[1] == "error" and "ZeroDivisionError" in panel.message[0]
    assert "Traceback" not in panel._out.value
    # nothing at warning level or above, which Python would print below the cell
    assert [r for r in caplog.records if r.levelno >= 30] == []


def test_panel_static_fallback_shows_default_state():
    panel = _ratio_panel()
    bundle = panel._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    html = bundle["text/html"]
    assert "Default settings: a = 1, b = 2." in html
    assert "0.500" in html and "data:image/svg+xml;base64," in html and "Move a." in html


def test_panel_chart_has_a_text_alternative_that_follows_the_data():
    panel = _ratio_panel()
    assert panel.chart_alt == "Bar chart."
    assert "alt='Bar chart.'" in panel._image.value and "data:image/svg+xml;base64," in panel._image.value
    assert "a/b: 0.5." in panel._chart_text.value and "<td>a/b</td><td>0.5</td>" in panel._chart_text.value
    panel.set(a=3.0)
    assert "a/b: 1.5." in panel._chart_text.value
    panel.set(b=0)  # no result: the chart is greyed and its text says it is the last valid one
    assert "last valid inputs" in panel.chart_alt and "opacity:0.35" in panel._image.value
    assert panel._chart_text.value.startswith("<p class='smm-stale'><em>The chart still shows the last valid inputs")
    assert "a/b: 1.5." in panel._chart_text.value  # the numbers kept are the last chart's, said so above them
    panel.set(b=1)  # a result again: full colour, and the text is the new chart's alone
    assert "opacity" not in panel._image.value and "a/b: 3." in panel._chart_text.value
    assert "last valid" not in panel._chart_text.value + panel.chart_alt
    static = _ratio_panel().static_html()
    assert "alt='Bar chart.'" in static and "The chart in words and numbers" in static and "a/b: 0.5." in static


def test_panel_heading_fits_under_a_notebook_section_and_results_are_announced():
    panel = _ratio_panel()
    assert panel._header.value.startswith("<h3") and "<h3>Demo</h3>" in panel.static_html()
    assert "h4" not in panel._header.value + panel.static_html()
    # the hidden output runs the script that names slider handles and marks the live region
    (output,) = panel._access.outputs
    assert output["data"]["text/html"] == widgets.ACCESS_SCRIPT and panel._access.layout.display == "none"
    assert "aria-live', 'polite'" in widgets.ACCESS_SCRIPT and ".smm-output" in widgets.ACCESS_SCRIPT
    assert "setAttribute('aria-label'" in widgets.ACCESS_SCRIPT


def test_every_control_builder_gives_an_accessible_name():
    """ipywidgets 8 labels a control with its description (<label for> on inputs and
    selects; slider handles get it from the panel's script): none may be empty."""
    for control in (widgets.slider("Budget (EUR)", 10, 0, 100, 1), widgets.range_slider("Age", (20, 30), 18, 75),
                    widgets.dropdown("Platform", ["X", "TikTok"]), widgets.multi("Interests", ["tea", "yoga"]),
                    widgets.number("Clicks", 3), widgets.text("Name")):
        assert control.description.strip(), type(control).__name__


def test_static_fallback_formats_ranges_and_choices():
    panel = widgets.Panel(
        "fmt", "Fmt",
        {"age": widgets.range_slider("Age", (25, 34), 18, 75),
         "where": widgets.multi("Where", ["Oslo", "Berlin", "London"], ("Oslo", "Berlin")),
         "none": widgets.multi("Industry", ["Tech", "Retail"], ())},
        lambda age, where, none: {}, lambda r: [("ok", "1")])
    html = panel.static_html()
    assert "Age = 25–34" in html and "Where = Oslo, Berlin" in html and "Industry = any" in html


def test_controls_are_tagged_for_browser_tests():
    panel = _ratio_panel()
    assert "smm-panel" in panel._dom_classes and "smm-panel-demo" in panel._dom_classes
    assert "smm-control-a" in panel.controls["a"]._dom_classes


def test_slider_builder_picks_int_or_float():
    assert isinstance(widgets.slider("n", 1, 0, 10, 1), W.IntSlider)
    assert isinstance(widgets.slider("x", 0.5, 0.0, 1.0, 0.1), W.FloatSlider)


def test_svg_rendering_keeps_text_and_is_deterministic():
    def render():
        fig, ax = plotting.new_figure(3, 2)
        ax.plot([0, 1], [1, 0])
        ax.set_title("Reach by week")
        return plotting.fig_to_svg(fig)

    first = render()
    assert b"<svg" in first and b"Reach by week" in first  # text as text, not glyph paths
    assert render() == first


def test_panel_charts_are_what_matplotlib_own_svg_canvas_draws():
    """fig_to_svg adds only public options (text as text, fixed salt, no date) to matplotlib's SVG output."""
    import io

    import matplotlib as mpl
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    def chart():
        fig, (left, right) = plotting.new_figure(7, 3, ncols=2)
        left.bar(["Jan", "Feb", "Mar"], [3, 5, 2])
        left.set_title("Posts by month")
        right.plot(range(40), [i ** 1.5 for i in range(40)], label="reach")
        right.set_xlabel("day ($t$)")
        right.legend()
        return fig

    buf = io.BytesIO()
    with mpl.rc_context({"svg.fonttype": "none", "svg.hashsalt": "smm-lab"}):
        FigureCanvasSVG(chart()).print_svg(buf, metadata={"Date": None})
    course = plotting.fig_to_svg(chart())
    assert course == buf.getvalue()
    assert b"<dc:date>" not in course and b"Posts by month" in course


def test_apply_style_sets_only_rcparams_outside_a_notebook():
    import sys

    import matplotlib as mpl

    had_ipython = "IPython" in sys.modules
    with mpl.rc_context():
        plotting.apply_style()
        assert mpl.rcParams["svg.fonttype"] == "none" and mpl.rcParams["svg.hashsalt"] == "smm-lab"
        assert mpl.rcParams["axes.prop_cycle"].by_key()["color"] == list(plotting.PALETTE)
    assert ("IPython" in sys.modules) == had_ipython  # plain Python: IPython is not even imported



def test_every_panel_chart_title_fits_in_its_figure():
    """A title wider than the figure is cut at the image's edge (notebook 13's lost "(pooled)"):
    every panel that draws a chart (discovered from DEMOS), after each of its demo steps."""
    import importlib
    from pathlib import Path

    checked = []
    for path in sorted((Path(__file__).resolve().parents[2] / "utils").glob("nb[0-9][0-9]/panels.py")):
        module = importlib.import_module(f"utils.{path.parent.name}.panels")
        for key, spec in getattr(module, "DEMOS", {}).items():
            panel = getattr(module, spec["factory"])()
            for step in [{}, *spec["steps"]] if panel._fig is not None else []:
                if step:
                    panel.set(**step)
                panel._fig.draw_without_rendering()
                width = panel._fig.bbox.width
                for ax in panel._fig.axes:
                    box = ax.title.get_window_extent()
                    assert box.x0 >= -1 and box.x1 <= width + 1, (
                        f"{key} after {step}: title {ax.title.get_text()!r} spans {box.x0:.0f}-{box.x1:.0f} px "
                        f"of {width:.0f}")
                    checked.append(key)
    assert len(set(checked)) >= 10, f"only {sorted(set(checked))} have a chart title to check"
