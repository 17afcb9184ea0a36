"""Text alternatives of charts: read from the figure's own titles, labels and data."""

from __future__ import annotations

import base64
import html
import re

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from utils.shared.plotting import chart_rows, describe, figure_html, figure_text_html, show


def _fig(ncols: int = 1):
    fig = Figure(figsize=(6, 3))
    axes = fig.subplots(1, ncols)
    return fig, axes


def test_bars_are_read_out_with_their_categories_and_values():
    fig, ax = _fig()
    ax.bar(["owned", "paid", "earned"], [1200.0, 5400.0, 310.0])
    ax.set(title="Reach per post", xlabel="channel type", ylabel="people reached per post")
    text = describe(fig)
    assert text.startswith("Bar chart: Reach per post. Horizontal axis: channel type; vertical axis: people")
    assert "owned: 1,200; paid: 5,400; earned: 310." in text
    assert chart_rows(fig) == [("Reach per post", "", "owned", "1,200"), ("Reach per post", "", "paid", "5,400"),
                               ("Reach per post", "", "earned", "310")]


def test_horizontal_bars_use_the_percent_axis():
    fig, ax = _fig()
    ax.barh(["TikTok / video", "X / text"], [0.081, 0.012])
    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_title("Engagement per impression")
    assert "Horizontal bar chart: Engagement per impression. TikTok / video: 8.1%; X / text: 1.2%." in describe(fig)


def test_a_long_line_is_summarised_by_its_ends_extremes_and_direction():
    fig, ax = _fig()
    days = pd.date_range("2025-01-01", periods=365, freq="D")
    values = np.linspace(10, 50, 365)
    values[100] = 90
    ax.plot(days, values, label="mentions")
    ax.axhline(40, ls="--", label="target")
    ax.set(title="Mentions per day", ylabel="mentions per day (count)", yscale="log")
    text = describe(fig)
    assert "Line chart: Mentions per day. Vertical axis: mentions per day (count) (log scale)." in text
    assert ("mentions: 365 values from 1 Jan 2025 to 31 Dec 2025; starts at 10, ends at 50 (overall it rises); "
            "highest 90 at 11 Apr 2025, lowest 10 at 1 Jan 2025") in text
    assert "target: a line at 40" in text
    assert chart_rows(fig) == []  # too long to table: the summary says it


def test_each_chart_of_a_figure_and_short_series_point_by_point():
    fig, (left, right) = _fig(2)
    left.plot([2004, 2010, 2022], [1, 970, 4620], marker="o", label="users")
    left.set(title="Users", xlabel="year")
    right.scatter([1, 2], [3.5, 4.25], label="posts")
    right.set(title="Posts")
    text = describe(fig)
    assert "Line chart 1 of 2: Users. Horizontal axis: year. users: 2004: 1; 2010: 970; 2022: 4,620." in text
    assert "Scatter chart 2 of 2: Posts. posts: (1, 3.5); (2, 4.25)." in text
    assert describe(fig, brief=True) == ("Line chart 1 of 2: Users. Horizontal axis: year. "
                                         "Scatter chart 2 of 2: Posts.")
    assert {r[0] for r in chart_rows(fig)} == {"Users", "Posts"}


def test_labels_written_on_the_chart_are_read_out():
    fig, ax = _fig()
    ax.bar(["X", "TikTok"], [2.0, 6.5])
    ax.text(0, 2.0, "on impressions")
    ax.text(1, 6.5, "on reach")
    assert describe(fig).endswith("Labels on the chart: on impressions; on reach.")
    assert "Labels" not in describe(fig, brief=True)


def test_the_description_follows_the_data_when_it_changes():
    fig, ax = _fig()
    bars = ax.bar(["a", "b"], [1.0, 2.0])
    before = describe(fig)
    bars[1].set_height(7.0)
    assert before != describe(fig) and "b: 7." in describe(fig)


def test_missing_values_are_left_out_not_shown_as_nan():
    fig, ax = _fig()
    ax.plot([1, 2, 3], [1.0, float("nan"), 3.0])
    text = describe(fig)
    assert "1: 1; 3: 3" in text and not re.search(r"\bnan\b", text, re.I)


def test_figure_html_has_alt_text_the_description_and_a_table():
    fig, ax = _fig()
    ax.bar(["a", "b"], [1.0, 2.0])
    ax.set_title("Two bars")
    page = figure_html(fig)
    alt = re.search(r"alt='([^']*)'", page).group(1)
    assert html.unescape(alt) == "Bar chart: Two bars."
    svg = base64.b64decode(re.search(r"base64,([^']+)'", page).group(1))
    assert svg.startswith(b"<?xml") and b"<svg" in svg
    assert "<details class='smm-figure-text'><summary>The chart in words and numbers</summary>" in page
    assert "<p>Bar chart: Two bars. a: 1; b: 2.</p>" in page and "<td>b</td><td>2</td>" in page
    own = figure_text_html(fig, description="Mine.", table=False)
    assert "<p>Mine.</p>" in own and "<table" not in own and "in words</summary>" in own


def test_show_displays_html_with_the_text_and_closes_the_figure(monkeypatch):
    import matplotlib.pyplot as plt
    from IPython import display as ipd

    shown = []
    monkeypatch.setattr(ipd, "display", lambda obj, raw=False: shown.append((obj, raw)))
    fig, ax = plt.subplots()
    ax.bar(["a"], [3.0])
    ax.set_title("One bar")
    show(fig)
    (bundle, raw), = shown
    assert raw and "alt='Bar chart: One bar.'" in bundle["text/html"]
    assert bundle["text/plain"] == "Bar chart: One bar. a: 3."
    assert not plt.fignum_exists(fig.number)


def test_an_empty_figure_says_so():
    assert describe(Figure()) == "An empty figure."


# ------------------------------------------------------------------ not by colour alone
def test_lines_of_different_colours_get_their_own_marker_and_style_and_the_legend_follows():
    from utils.shared.plotting import distinguish

    fig, ax = _fig()
    a, = ax.plot(range(30), range(30), color="#0072B2", label="a")
    b, = ax.plot(range(30), range(1, 31), color="#E69F00", label="b")
    ax.axhline(5, color="black", ls=":")
    legend = ax.legend()
    distinguish(fig)
    assert (a.get_marker(), a.get_linestyle()) != (b.get_marker(), b.get_linestyle())
    assert a.get_markevery() == 2
    handles = {t.get_text(): h for h, t in zip(legend.legend_handles, legend.get_texts())}
    assert handles["b"].get_marker() == b.get_marker() and handles["b"].get_linestyle() == b.get_linestyle()
    before = [(line.get_marker(), line.get_linestyle()) for line in ax.get_lines()]
    distinguish(fig)  # idempotent
    assert [(line.get_marker(), line.get_linestyle()) for line in ax.get_lines()] == before


def test_lines_that_already_differ_are_left_alone():
    from utils.shared.plotting import distinguish

    fig, ax = _fig()
    a, = ax.plot([1, 2], [1, 2], color="#0072B2", marker="o")
    b, = ax.plot([1, 2], [2, 3], color="#000000")
    distinguish(fig)
    assert (a.get_marker(), b.get_marker(), b.get_linestyle()) == ("o", "None", "-")


def test_bars_get_a_hatch_where_colour_means_something():
    from matplotlib.patches import Patch

    from utils.shared.plotting import distinguish

    fig, (stacked, coded) = _fig(2)
    low = stacked.bar(["x", "y"], [1, 2], color="#D55E00", label="paid")
    high = stacked.bar(["x", "y"], [1, 1], bottom=[1, 2], color="#0072B2", label="owned")
    stacked.legend()
    coded.barh(["a", "b", "c"], [1, 2, 3], color=["#009E73", "#CC79A7", "#009E73"])
    coded.legend(handles=[Patch(color="#009E73", label="sales"), Patch(color="#CC79A7", label="awareness")])
    distinguish(fig)
    assert low.patches[0].get_hatch() is None and high.patches[0].get_hatch() == "///"
    hatches = [p.get_hatch() for p in coded.patches]
    assert hatches[0] == hatches[2] != hatches[1]
    legend = {t.get_text(): h.get_hatch() for h, t in zip(coded.get_legend().legend_handles,
                                                           coded.get_legend().get_texts())}
    assert legend == {"sales": hatches[0], "awareness": hatches[1]}


def test_one_colour_per_named_bar_is_decoration_and_keeps_no_hatch():
    from utils.shared.plotting import distinguish

    fig, ax = _fig()
    bars = ax.bar(["Facebook", "TikTok"], [1, 2], color=["#0072B2", "#009E73"])
    distinguish(fig)
    assert [p.get_hatch() for p in bars] == [None, None]
