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


def _svg_bytes(canvas_class, fig) -> bytes:
    """``fig`` printed by ``canvas_class`` (the course's SVG canvas or matplotlib's)."""
    import io

    import matplotlib as mpl

    buf = io.BytesIO()
    with mpl.rc_context({"svg.fonttype": "none", "svg.hashsalt": "test"}):
        canvas_class(fig).print_svg(buf, metadata={"Date": None})
    return buf.getvalue()


def _chart_svg(canvas_class) -> bytes:
    fig, (left, right) = plotting.new_figure(7, 3, ncols=2)
    left.bar(["Jan", "Feb", "Mar"], [3, 5, 2])
    left.set_title("Posts by month")
    right.plot(range(40), [i ** 1.5 for i in range(40)], label="reach")
    right.set_xlabel("day ($t$)")  # mathtext is measured by matplotlib itself
    right.legend()
    return _svg_bytes(canvas_class, fig)


def test_course_svg_canvas_draws_exactly_what_matplotlib_draws():
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.text import Text

    canvas = plotting.svg_canvas()
    plotting._text_metrics.cache_clear()
    Text._get_layout.layouts.clear()  # labels laid out by earlier tests would not be measured here
    course = _chart_svg(canvas)
    assert course == _chart_svg(FigureCanvasSVG)
    measured = plotting._text_metrics.cache_info().misses
    assert measured > 5  # labels were measured through the cache
    assert _chart_svg(canvas) == course
    assert plotting._text_metrics.cache_info().misses == measured  # ... and not measured again


def _as_new_kernel(monkeypatch, output):
    """Forget every size and layout this process measured, as a new kernel would."""
    from matplotlib.text import Text

    from utils.shared import config

    monkeypatch.setattr(config, "OUTPUT_DIR", output)
    monkeypatch.setattr(plotting, "_MEASURED", None)
    monkeypatch.setattr(plotting, "_MEASURED_UNSAVED", 0)
    monkeypatch.setattr(plotting, "_MEASURED_SAVED_AT", 0.0)
    plotting._text_metrics.cache_clear()
    Text._get_layout.layouts.clear()


def test_text_sizes_measured_by_one_kernel_serve_the_next(monkeypatch, tmp_path):
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.textpath import TextToPath

    canvas = plotting.svg_canvas()
    _as_new_kernel(monkeypatch, tmp_path)
    first = _chart_svg(canvas)
    kept = plotting._measured_text_file()
    assert kept.parent == tmp_path / "cache" and kept.exists()

    measure = TextToPath.get_text_width_height_descent

    def plain_text_not_measured(self, s, prop, ismath):
        assert ismath, f"{s!r} measured again"  # mathtext is measured by matplotlib as usual
        return measure(self, s, prop, ismath)

    _as_new_kernel(monkeypatch, tmp_path)
    with monkeypatch.context() as m:
        m.setattr(TextToPath, "get_text_width_height_descent", plain_text_not_measured)
        assert _chart_svg(canvas) == first  # every plain label's size came from the file
    assert first == _chart_svg(FigureCanvasSVG)

    kept.write_bytes(b"not a pickle")  # a broken file: measured again, then written anew
    _as_new_kernel(monkeypatch, tmp_path)
    assert _chart_svg(canvas) == first
    assert len(plotting._read_measured_texts(kept)) > 5


def test_measured_text_sizes_are_written_at_most_every_half_minute_and_at_exit(monkeypatch, tmp_path):
    import matplotlib.font_manager as fm

    _as_new_kernel(monkeypatch, tmp_path)
    font = fm.FontProperties(family="sans-serif", size=10)
    kept = plotting._measured_text_file()
    plotting._text_metrics("People reached, K = 0.80", font)
    plotting._keep_measured_texts()  # the first drawing that measured something writes
    assert len(plotting._read_measured_texts(kept)) == 1
    plotting._text_metrics("People reached, K = 0.85", font)  # a slider moved: a new title
    plotting._keep_measured_texts()
    assert len(plotting._read_measured_texts(kept)) == 1  # not written on every move ...
    plotting._keep_measured_texts_quietly()
    assert len(plotting._read_measured_texts(kept)) == 2  # ... but when the kernel ends


def test_text_sizes_measured_by_a_later_cell_are_kept_when_a_batch_run_kills_the_kernel(monkeypatch, tmp_path):
    """papermill (course.execute) and nbval kill the kernel after its last cell, so no
    exit hook runs: a cell's measured sizes are written when the cell ends."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    import course
    from utils import disk_cache

    chart = ("fig, ax = plt.subplots(figsize=(3, 2))\nax.bar(['a', 'b'], [1, 2])\n"
             "ax.set_title({!r})\nplt.show()")
    nb = new_notebook(cells=[
        new_code_cell("import matplotlib.pyplot as plt\nfrom utils.shared.plotting import apply_style\napply_style()"),
        new_code_cell(chart.format("First chart")),  # the first drawing writes the file ...
        new_code_cell(chart.format("Drawn seconds later")),  # ... and this one, within the half minute
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, tmp_path / "charts.ipynb")
    monkeypatch.setenv("SMM_OUTPUT_DIR", str(tmp_path / "output"))  # the kernel's cache folder
    course.execute(tmp_path / "charts.ipynb", tmp_path / "charts-run.ipynb", cwd=course.NOTEBOOK_DIR)
    kept = list((tmp_path / "output" / "cache").glob("text-metrics-*.pickle"))
    assert len(kept) == 1, kept
    texts = {key[0] for key in disk_cache.read_kept(kept[0])}
    assert {"First chart", "Drawn seconds later"} <= texts


def test_the_cell_hook_is_registered_once():
    from IPython.core.events import EventManager, available_events

    class Shell:
        events = EventManager(None, available_events)

    shell = Shell()
    for _ in range(3):  # apply_style runs in every notebook, and may run again
        plotting.keep_measured_texts_after_each_cell(shell)
    assert shell.events.callbacks["post_run_cell"] == [plotting._keep_measured_texts_quietly]


def _restyled_chart_svg(canvas_class, size: float, angle: float) -> bytes:
    fig, ax = plotting.new_figure(5, 3)
    ax.bar(["Jan", "Feb", "Mar"], [3, 5, 2])
    ax.set_title("Posts by month", fontsize=size)
    ax.tick_params(axis="x", labelrotation=angle)
    ax.text(0.5, 0.5, "two\nlines", transform=ax.transAxes, ha="right", va="center_baseline")
    return _svg_bytes(canvas_class, fig)


def test_remembered_text_layouts_follow_size_rotation_and_alignment():
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.text import Text

    course = plotting.svg_canvas()
    assert Text._get_layout.remembers_layouts
    _restyled_chart_svg(course, 12, 0)  # the same labels, laid out once at one size and angle ...
    known = len(Text._get_layout.layouts)
    for size, angle in ((12, 0), (16, 0), (12, 45), (9, 90)):  # ... then at others
        assert _restyled_chart_svg(course, size, angle) == _restyled_chart_svg(FigureCanvasSVG, size, angle)
    assert len(Text._get_layout.layouts) > known  # new sizes and angles were laid out anew


def _log_and_dates():
    import pandas as pd

    fig, (log, dates) = plotting.new_figure(8, 3, ncols=2)
    log.barh(["impressions", "reach", "clicks"], [2.4e6, 9e5, 3.1e3])
    log.set_xscale("log")
    days = pd.date_range("2025-01-01", periods=90, freq="D")
    dates.plot(days, [d ** 1.2 for d in range(90)])
    dates.tick_params(axis="x", labelrotation=30)
    return fig


def _shared_twin_offset_inverted():
    fig, (left, right) = plotting.new_figure(8, 3, ncols=2)
    right.sharey(left)
    left.plot([1e6, 1.00001e6, 1.00002e6], [1, 3, 2])  # an offset label on the x axis
    right.bar(["A", "B", "C"], [2, 5, 3])
    right.invert_xaxis()
    twin = left.twinx()
    twin.plot([1e6, 1.00002e6], [100, 5000])
    twin.tick_params(labeltop=True, top=True)
    return fig


def _image_and_colour_bar():
    import numpy as np

    fig, ax = plotting.new_figure(5, 3)
    image = ax.imshow(np.arange(20.0).reshape(4, 5))
    fig.colorbar(image, ax=ax, label="posts")
    return fig


def _ticks_change_with_the_layout():
    fig, ax = plotting.new_figure(2.8, 2.0)  # the layout widens the axes from 5 x ticks to 7
    ax.plot([0, 97], [0, 123456])
    ax.set(title="Reach", xlabel="day", ylabel="people reached")
    return fig


@pytest.mark.parametrize("figure", [_ticks_change_with_the_layout, _log_and_dates, _shared_twin_offset_inverted,
                                    _image_and_colour_bar])
def test_ticks_placed_once_per_axis_state_draw_what_matplotlib_draws(figure):
    from matplotlib.axis import Axis
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    course = plotting.svg_canvas()
    assert Axis._update_ticks.remembers_ticks
    assert _svg_bytes(course, figure()) == _svg_bytes(FigureCanvasSVG, figure())
    assert plotting._DRAWING_TICKS is None  # kept only while the course canvas draws


def _matplotlib_as_shipped(patch) -> None:
    """Undo, for one test, the course's tick and marker copying."""
    from matplotlib.axis import Axis
    from matplotlib.markers import MarkerStyle

    plotting.svg_canvas()  # installs them
    patch.setattr(Axis, "get_major_ticks", Axis.get_major_ticks.original)
    patch.setattr(Axis, "get_minor_ticks", Axis.get_minor_ticks.original)
    patch.setattr(MarkerStyle, "_set_marker", MarkerStyle._set_marker.original)


def _restyled_ticks():
    fig, (left, right) = plotting.new_figure(7, 3, ncols=2)
    left.plot(range(12), [3, 5, 2, 8, 1, 9, 4, 6, 2, 7, 5, 3], marker="o", label="posts")
    left.tick_params(axis="x", labelsize=8, colors="#555555", direction="in", labelrotation=30)
    left.get_yticklabels()[0].set_color("#D55E00")  # one tick changed by hand: the ones added copy it
    left.legend()
    right.plot([1, 10, 100], [5, 500, 50000], marker="s")
    right.set_yscale("log")
    right.minorticks_on()
    return fig


def _tick_properties(tick) -> dict:
    """What a tick draws with: every property of its artists, as plain values."""
    import numpy as np

    skip = {"figure", "axes", "children", "clip_box", "clip_path", "transform", "path", "window_extent",
            "tightbbox", "transformed_clip_path_and_affine", "cursor_data"}
    props = {}
    for name in ("tick1line", "tick2line", "gridline", "label1", "label2"):
        for key, value in getattr(tick, name).properties().items():
            if key in skip:
                continue
            if isinstance(value, np.ndarray):
                value = value.tolist()
            elif hasattr(value, "get_marker"):  # a MarkerStyle
                value = (value.get_marker(), value.get_fillstyle(), value.get_path().vertices.tolist())
            elif type(value).__name__ == "FontProperties":
                value = hash(value)
            elif type(value).__name__ == "Bbox":
                value = value.bounds
            props[f"{name}.{key}"] = value
    return props


@pytest.mark.parametrize("figure", [_restyled_ticks, _log_and_dates, _shared_twin_offset_inverted,
                                    _image_and_colour_bar])
def test_ticks_and_markers_made_by_copying_are_the_ones_matplotlib_builds(figure, monkeypatch):
    from matplotlib.axis import Axis
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    plotting.svg_canvas()  # installs the copying
    assert Axis.get_major_ticks.copies_ticks
    ours = figure()
    ours_svg = _svg_bytes(FigureCanvasSVG, ours)
    with monkeypatch.context() as m:
        _matplotlib_as_shipped(m)
        theirs = figure()
        assert _svg_bytes(FigureCanvasSVG, theirs) == ours_svg
    for ax_ours, ax_theirs in zip(ours.axes, theirs.axes):
        for axis in ("xaxis", "yaxis"):
            a, b = getattr(ax_ours, axis), getattr(ax_theirs, axis)
            for kind in ("majorTicks", "minorTicks"):
                ticks_a, ticks_b = getattr(a, kind), getattr(b, kind)
                assert len(ticks_a) == len(ticks_b)
                for tick_a, tick_b in zip(ticks_a, ticks_b):
                    assert _tick_properties(tick_a) == _tick_properties(tick_b)


def test_copied_ticks_and_markers_share_nothing_that_changes_in_place():
    from matplotlib.markers import MarkerStyle

    plotting.svg_canvas()  # installs the copying
    fig, ax = plotting.new_figure(5, 3)
    ax.plot(range(10))
    first, a, b, c = ax.xaxis.get_major_ticks(4)  # b and c are copies of a
    a.label1.set_fontsize(20)
    a.label1.set_text("changed")
    a.tick1line.set_markersize(9)
    a.tick1line.set_xdata([5])
    a.gridline.sticky_edges.x.append(1.0)
    seen = []
    a.label1.add_callback(lambda artist: seen.append(artist))
    b.label1.set(color="red")  # calls b's callbacks, not a's
    assert seen == []
    a.label1.set(color="blue")
    assert seen == [a.label1]
    for other in (first, b, c):
        assert other.label1.get_fontsize() != 20 and other.label1.get_text() != "changed"
        assert other.tick1line.get_markersize() != 9 and list(other.tick1line.get_xdata()) != [5]
        assert other.gridline.sticky_edges.x == []
    assert c.label1.get_color() != "red"
    fig.canvas.draw()
    assert len({id(tick.gridline.get_path()) for tick in (first, a, b, c)}) == 4

    style = MarkerStyle("o")
    copied = MarkerStyle(style)
    assert copied.get_path() is style.get_path() and copied._marker_function.__self__ is copied
    copied._set_fillstyle("none")  # re-made in place: only the copy changes
    assert (copied.get_fillstyle(), style.get_fillstyle()) == ("none", "full")
    assert copied.get_path().vertices.tolist() == style.get_path().vertices.tolist()
    turned = MarkerStyle("^", transform=None).rotated(deg=30)
    again = MarkerStyle(turned).scaled(2.0)  # scaled() changes its own copy's user transform
    assert again._user_transform is not turned._user_transform
    assert turned.get_user_transform().get_matrix().tolist() != again.get_user_transform().get_matrix().tolist()
    assert turned.get_user_transform().get_matrix()[0][0] < 1.0  # still the 30 degree turn alone


def test_course_canvas_places_an_axis_ticks_again_only_when_its_state_changed(monkeypatch):
    from matplotlib.axis import Axis
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.text import Text

    def chart():
        fig, ax = plotting.new_figure(5, 3)
        ax.plot([0, 10], [0, 2000])
        ax.set_title("Reach by day")
        return fig

    located, measured = [], []
    locate, extent = Axis.get_majorticklocs, Text.get_window_extent
    monkeypatch.setattr(Axis, "get_majorticklocs", lambda self: located.append(self) or locate(self))
    monkeypatch.setattr(Text, "get_window_extent", lambda self, *a, **k: measured.append(self) or extent(self, *a, **k))
    _svg_bytes(FigureCanvasSVG, chart())
    by_matplotlib = len(located), len(measured)
    located.clear()
    measured.clear()
    _svg_bytes(plotting.svg_canvas(), chart())
    # two axes, each placed before the layout, after its first pass and after its second
    assert 0 < len(located) * 3 <= by_matplotlib[0]
    assert 0 < len(measured) * 5 <= by_matplotlib[1] * 3  # tick labels measured once per placement too


def test_notebook_figures_render_once_and_as_ipython_would():
    import io
    import re

    import matplotlib as mpl
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    plotting.apply_style()

    def figure():
        fig = Figure(figsize=(6, 3), layout="constrained")
        FigureCanvasAgg(fig)  # as pyplot's inline backend makes it
        ax = fig.subplots()
        ax.plot([1, 2, 3], [2000, 3500, 1200], label="reach")
        ax.set_title("Reach by week")
        ax.legend()
        return fig

    fig = figure()
    canvas = fig.canvas
    shown = plotting.figure_svg(fig)
    assert fig.canvas is canvas and fig.dpi == 100  # pyplot's canvas and dpi are left as they were
    ipython_way = io.BytesIO()
    with mpl.rc_context({"svg.hashsalt": "smm-lab"}):
        figure().canvas.print_figure(ipython_way, format="svg", bbox_inches=None)
    strip = re.compile(r"<metadata>.*?</metadata>\n?", re.S)
    assert strip.sub("", shown) == strip.sub("", ipython_way.getvalue().decode())
    assert "<dc:date>" not in shown  # reproducible
    assert plotting.figure_svg(Figure()) is None  # an empty figure shows nothing, as in IPython


def test_apply_style_routes_svg_output_through_the_course_canvas():
    from matplotlib.backend_bases import get_registered_canvas_class

    plotting.apply_style()
    assert get_registered_canvas_class("svg") is plotting.svg_canvas()
