"""Plotting style and formatting shared by every chart and panel.

The palette is Okabe-Ito (readable with the common forms of colour blindness).
Every chart in the course is titled and has labelled axes with units.
"""

from __future__ import annotations

import io
import math
import sys
from typing import Any

#: Okabe-Ito colour-blind-safe palette.
PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # green
    "#CC79A7",  # purple
    "#56B4E9",  # sky
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)

#: Fixed colour per platform so every chart in the course agrees.
PLATFORM_COLOURS: dict[str, str] = {
    "Facebook": PALETTE[0],
    "Instagram": PALETTE[3],
    "X": PALETTE[7],
    "YouTube": PALETTE[5],
    "LinkedIn": PALETTE[4],
    "TikTok": PALETTE[2],
}

#: Fixed colour per brand (the course brand first).
BRAND_COLOURS: dict[str, str] = {
    "Brightleaf": PALETTE[2],
    "Copperpot": PALETTE[1],
    "Greenhill": PALETTE[0],
    "Mistral": PALETTE[3],
}

_STYLE: dict[str, Any] = {
    "figure.figsize": (7.0, 3.6),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "axes.prop_cycle": None,  # filled in apply_style (needs cycler)
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.labelsize": 10,
    "legend.frameon": False,
    "font.size": 10,
    "svg.hashsalt": "smm-lab",  # deterministic SVG ids
    # Every figure lays itself out (titles, labels and legends inside the canvas), so
    # notebooks show figures as drawn, without a second, cropping render
    # (see NOTEBOOK_FIGURE_OPTIONS).
    "figure.constrained_layout.use": True,
}


#: How a notebook shows a figure: SVG only, drawn as laid out by constrained layout (no
#: second, cropping "tight" pass) and without the "Date" metadata, so the same figure
#: gives the same bytes (the site is built from executed notebooks). Passed to the
#: public ``set_matplotlib_formats``; IPython's own ``print_figure`` does the drawing.
NOTEBOOK_FIGURE_OPTIONS: dict[str, Any] = {"bbox_inches": None, "metadata": {"Date": None}}


def apply_style() -> None:
    """Apply the course style to matplotlib (idempotent).

    Only public settings: matplotlib's ``rcParams``, and in a notebook the inline
    backend's public ``set_matplotlib_formats``, so figures show as SVG with text kept
    as text (sharper at any zoom, and no glyph is rasterised). Nothing of matplotlib,
    IPython or the interpreter is replaced: a learner's own code in the same kernel
    runs on the libraries as they ship (see CONTRIBUTING.md).
    """
    _apply_rc_style()
    ipython = sys.modules.get("IPython")  # not imported: plain Python, no notebook display to set
    if ipython is not None and ipython.get_ipython() is not None:
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("svg", **NOTEBOOK_FIGURE_OPTIONS)


def _apply_rc_style() -> None:
    """The course style as matplotlib ``rcParams`` (what :func:`new_figure` needs)."""
    import matplotlib as mpl
    from cycler import cycler

    style = dict(_STYLE)
    style["axes.prop_cycle"] = cycler(color=list(PALETTE))
    style["svg.fonttype"] = "none"
    mpl.rcParams.update(style)


def pct(x: float, digits: int = 1) -> str:
    """Format a fraction as a percentage: ``pct(0.0523) == '5.2%'``.

    Refuses to format NaN or inf so that no panel ever shows them.
    """
    _finite(x, "pct")
    return f"{x * 100:.{digits}f}%"


def num(x: float, digits: int = 0) -> str:
    """Format a number with thousands separators: ``num(12345.6) == '12,346'``."""
    _finite(x, "num")
    return f"{x:,.{digits}f}"


def eur(x: float, digits: int = 0) -> str:
    """Format euros: ``eur(-1234.5) == '-€1,235'``."""
    _finite(x, "eur")
    sign = "-" if x < 0 else ""
    return f"{sign}€{abs(x):,.{digits}f}"


def big(x: float) -> str:
    """Format large counts readably: 4.62e9 -> '4.62 billion', 1.5e6 -> '1.50 million'."""
    _finite(x, "big")
    for size, word in ((1e9, "billion"), (1e6, "million")):
        if abs(x) >= size:
            return f"{x / size:.2f} {word}"
    return num(x)


def thousands_formatter() -> Any:
    """A tick formatter with thousands separators (12,000 rather than 1.2e4):
    ``ax.yaxis.set_major_formatter(thousands_formatter())``."""
    from matplotlib.ticker import StrMethodFormatter

    return StrMethodFormatter("{x:,.0f}")


def compact(value: float, _pos: Any = None) -> str:
    """Short plain-text label for a count on a log-scale axis: 0.5, 1, 100, 1k, 25k, 1M, 3B.

    A matplotlib tick formatter (``ax.xaxis.set_major_formatter(FuncFormatter(compact))``):
    the ticks read like every other number in the course rather than as powers of ten,
    and they are drawn as text, without matplotlib's maths typesetting.
    """
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if value >= size:
            return f"{value / size:g}{suffix}"
    return f"{value:g}"


def _finite(x: float, fn: str) -> None:
    try:
        ok = math.isfinite(float(x))
    except (TypeError, ValueError):
        raise TypeError(f"{fn}() needs a number, got {x!r}") from None
    if not ok:
        raise ValueError(f"{fn}() refuses to format {x!r}: a course figure must be a finite number")


def fig_to_svg(fig) -> bytes:
    """Render a figure to SVG bytes with text kept as text (the browser draws the glyphs).

    Uses matplotlib's public ``savefig``: no glyph is rasterised, and the output is
    deterministic (fixed hash salt, no date). Live widget panels use it to re-render
    their chart on every change.
    """
    import matplotlib as mpl

    buf = io.BytesIO()
    with mpl.rc_context({"svg.fonttype": "none", "svg.hashsalt": "smm-lab"}):
        fig.savefig(buf, format="svg", metadata={"Date": None})
    return buf.getvalue()


def new_figure(width: float = 7.0, height: float = 3.6, ncols: int = 1):
    """A figure detached from pyplot (never shown twice, never leaks into the notebook)."""
    from matplotlib.figure import Figure

    _apply_rc_style()
    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    axes = fig.subplots(1, ncols)
    return fig, axes


# ------------------------------------------------------------------ text alternatives
# Every chart the course shows carries a text alternative read from the figure itself
# (titles, axis labels and the plotted data of each Axes' artists), so the words cannot
# drift from the picture: :func:`describe` says what the chart shows, :func:`chart_rows`
# gives its numbers, :func:`figure_html` puts both under the image, and :func:`show`
# displays a figure that way in a notebook (JupyterLab, the site, the slides, Voila).

#: Up to this many points a series is read out point by point (and tabled); longer ones
#: are summarised by their first, last, highest and lowest values.
LIST_POINTS = 12
LIST_BARS = 20
TABLE_POINTS = 40


def _fmt(value: float) -> str:
    """A number as the description says it: three significant digits, thousands grouped."""
    if not math.isfinite(value):
        return "no value"
    if value == 0:
        return "0"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def _fmt_position(value: float) -> str:
    """A position on an axis: whole numbers as they are (years, steps), others as :func:`_fmt`."""
    if math.isfinite(value) and float(value).is_integer() and abs(value) < 10_000:
        return str(int(value))
    return _fmt(value)


def _axis_formatter(axis, position: bool = False):
    """How to say a value of ``axis``: as a date, a category, a percentage or a number
    (``position``: an x position, where whole numbers such as years stay ungrouped)."""
    from matplotlib import dates, ticker
    from matplotlib.category import StrCategoryFormatter

    major = axis.get_major_formatter()
    if isinstance(major, StrCategoryFormatter):  # categories plotted as text: the formatter names them
        return lambda v: major(v) or _fmt(v)
    if isinstance(major, (dates.DateFormatter, dates.AutoDateFormatter, dates.ConciseDateFormatter)) or \
            isinstance(axis.get_converter() if hasattr(axis, "get_converter") else axis.converter,
                       dates.DateConverter):
        return lambda v: dates.num2date(v).strftime("%d %b %Y").lstrip("0")
    if isinstance(major, ticker.PercentFormatter):
        scale = 100.0 / major.xmax
        return lambda v: f"{_fmt(v * scale)}%"
    return _fmt_position if position else _fmt


def _tick_names(axis) -> dict[float, str]:
    """Tick positions that carry a text label (bar categories), by position."""
    names = {}
    for loc, label in zip(axis.get_majorticklocs(), axis.get_majorticklabels()):
        text = label.get_text()
        if text:
            names[round(float(loc), 6)] = text
    return names


def _category(names: dict[float, str], where: float) -> str | None:
    """The tick label a bar belongs to: at its centre, or (grouped bars, drawn side by
    side around their category's tick) the nearest tick within half the tick spacing."""
    where = round(float(where), 6)
    if where in names:
        return names[where]
    if not names:
        return None
    locs = sorted(names)
    spacing = min((b - a for a, b in zip(locs, locs[1:])), default=1.0)
    nearest = min(locs, key=lambda loc: abs(loc - where))
    return names[nearest] if abs(nearest - where) < spacing / 2 else None


def _series(ax) -> list[dict]:
    """The data series drawn in ``ax``: name, kind and points as (x text, y value, y text)."""
    from matplotlib.collections import PathCollection, PolyCollection
    from matplotlib.container import BarContainer

    fx, fy = _axis_formatter(ax.xaxis, position=True), _axis_formatter(ax.yaxis)
    found: list[dict] = []
    bar_patches = set()
    for container in ax.containers:
        if not isinstance(container, BarContainer):
            continue
        horizontal = getattr(container, "orientation", None) == "horizontal"
        cat_axis = ax.yaxis if horizontal else ax.xaxis
        names = _tick_names(cat_axis)
        cat_fmt = _axis_formatter(ax.yaxis, position=True) if horizontal else fx
        val_fmt = _axis_formatter(ax.xaxis) if horizontal else fy
        points = []
        for patch in container.patches:
            bar_patches.add(id(patch))
            if horizontal:
                where, value = patch.get_y() + patch.get_height() / 2, patch.get_width()
            else:
                where, value = patch.get_x() + patch.get_width() / 2, patch.get_height()
            name = _category(names, where) or cat_fmt(where)
            points.append((name, float(value), val_fmt(value)))
        label = container.get_label()
        found.append({"name": label if label and not label.startswith("_") else "",
                      "kind": "horizontal bars" if horizontal else "bars", "points": points})
    for line in ax.get_lines():
        x, y = (list(map(float, line.convert_xunits(line.get_xdata(orig=False)))),
                list(map(float, line.get_ydata(orig=False))))
        label = line.get_label()
        named = bool(label) and not label.startswith("_")
        if len(x) == 2 and x[0] != x[1] and y[0] == y[1] and line.get_transform() is not ax.transData:
            found.append({"name": label if named else "", "kind": "reference", "text": f"a line at {fy(y[0])}"})
            continue
        if len(x) == 2 and y[0] != y[1] and x[0] == x[1] and line.get_transform() is not ax.transData:
            found.append({"name": label if named else "", "kind": "reference", "text": f"a line at {fx(x[0])}"})
            continue
        points = [(fx(a), b, fy(b)) for a, b in zip(x, y) if math.isfinite(a) and math.isfinite(b)]
        if points:
            found.append({"name": label if named else "", "kind": "line", "points": points})
    for coll in ax.collections:
        if isinstance(coll, PathCollection):
            offsets = coll.get_offsets()
            points = [(fx(float(a)), float(b), fy(float(b))) for a, b in offsets
                      if math.isfinite(float(a)) and math.isfinite(float(b))]
            label = coll.get_label()
            if points:
                found.append({"name": label if label and not label.startswith("_") else "", "kind": "points",
                              "points": points})
        elif isinstance(coll, PolyCollection):
            label = coll.get_label()
            found.append({"name": label if label and not label.startswith("_") else "", "kind": "reference",
                          "text": "a shaded band"})
    for image in ax.images:
        values = image.get_array()
        if values is not None and values.size:
            found.append({"name": image.get_label() if not image.get_label().startswith("_") else "",
                          "kind": "reference",
                          "text": f"a grid of {values.shape[0]} by {values.shape[1]} cells shaded from "
                                  f"{_fmt(float(values.min()))} to {_fmt(float(values.max()))}"})
    return found


def _say_series(s: dict) -> str:
    name = f"{s['name']}: " if s["name"] else ""
    if s["kind"] == "reference":
        return f"{name}{s['text']}"
    pts = s["points"]
    if s["kind"] == "points":
        if len(pts) <= LIST_POINTS:
            return name + "; ".join(f"({x}, {text})" for x, _, text in pts)
        hi, lo = max(pts, key=lambda p: p[1]), min(pts, key=lambda p: p[1])
        return f"{name}{len(pts)} points, vertical values from {lo[2]} (at {lo[0]}) to {hi[2]} (at {hi[0]})"
    bars = s["kind"] in ("bars", "horizontal bars")
    if len(pts) <= (LIST_BARS if bars else LIST_POINTS):
        return name + "; ".join(f"{x}: {text}" for x, _, text in pts)
    hi = max(pts, key=lambda p: p[1])
    lo = min(pts, key=lambda p: p[1])
    if bars:
        return f"{name}{len(pts)} bars; highest {hi[2]} ({hi[0]}), lowest {lo[2]} ({lo[0]})"
    first, last = pts[0], pts[-1]
    trend = "rises" if last[1] > first[1] else "falls" if last[1] < first[1] else "ends where it starts"
    return (f"{name}{len(pts)} values from {first[0]} to {last[0]}; starts at {first[2]}, ends at {last[2]} "
            f"(overall it {trend}); highest {hi[2]} at {hi[0]}, lowest {lo[2]} at {lo[0]}")


def _axes_list(fig) -> list:
    """The Axes of ``fig`` that draw data (colour bars are described with their image)."""
    return [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]


def describe(fig, brief: bool = False) -> str:
    """What ``fig`` shows, in words: its title, each chart's axes and the plotted values.

    Read from the figure (titles, axis labels and scales, and the data of each Axes'
    lines, bars, points, bands and images), so the text always matches the drawing.
    Short series are read out value by value; long ones by their first, last, highest
    and lowest values and the overall direction. ``brief`` keeps titles and axes only
    (for an image's ``alt`` text, with the full text next to it).
    """
    parts = []
    suptitle = fig.get_suptitle()
    if suptitle:
        parts.append(f"{suptitle}.")
    axes = _axes_list(fig)
    for i, ax in enumerate(axes):
        title = " ".join((ax.get_title() or ax.get_title("left") or ax.get_title("right")).split())
        series = _series(ax)
        kinds = {s["kind"] for s in series} - {"reference"}
        kind = {"bars": "Bar chart", "horizontal bars": "Horizontal bar chart", "line": "Line chart",
                "points": "Scatter chart"}.get(next(iter(kinds)), "Chart") if len(kinds) == 1 else "Chart"
        lead = f"{kind} {i + 1} of {len(axes)}" if len(axes) > 1 else kind
        text = f"{lead}: {title}." if title else f"{lead}."
        axes_words = []
        for side, axis, label in (("horizontal", ax.xaxis, ax.get_xlabel()), ("vertical", ax.yaxis, ax.get_ylabel())):
            if label:
                scale = " (log scale)" if axis.get_scale() == "log" and "log" not in label else ""
                axes_words.append(f"{side} axis: {label}{scale}")
        if axes_words:
            joined = "; ".join(axes_words)
            text += " " + joined[0].upper() + joined[1:] + "."
        if not brief:
            said = [_say_series(s) for s in series]
            if said:
                text += " " + ". ".join(said) + "."
            notes = [" ".join(t.get_text().split()) for t in ax.texts if t.get_visible() and t.get_text().strip()]
            if notes:  # labels written on the chart (values, bases, thresholds)
                shown = notes[:LIST_BARS] + ([f"and {len(notes) - LIST_BARS} more"] if len(notes) > LIST_BARS else [])
                text += " Labels on the chart: " + "; ".join(shown) + "."
        parts.append(text)
    return " ".join(parts).strip() or "An empty figure."


def chart_rows(fig) -> list[tuple[str, str, str, str]]:
    """The plotted numbers as rows (chart, series, x or category, value), for a table;
    series longer than :data:`TABLE_POINTS` are left to the description's summary."""
    rows = []
    axes = _axes_list(fig)
    for i, ax in enumerate(axes):
        chart = ax.get_title() or (f"chart {i + 1}" if len(axes) > 1 else "")
        for s in _series(ax):
            if s["kind"] == "reference" or len(s["points"]) > TABLE_POINTS:
                continue
            rows += [(chart, s["name"], x, text) for x, _, text in s["points"]]
    return rows


def figure_text_html(fig, description: str | None = None, table: bool = True) -> str:
    """The chart's description and (``table``) its numbers in a ``<details>`` block: what a
    reader who cannot see the chart gets, one click away for everybody else."""
    import html as _html

    text = description or describe(fig)
    rows = chart_rows(fig) if table else []
    body = f"<p>{_html.escape(text)}</p>"
    if rows:
        show_chart = len({r[0] for r in rows}) > 1
        show_series = any(r[1] for r in rows)
        head = (["chart"] if show_chart else []) + (["series"] if show_series else []) + ["x or category", "value"]
        cells = "".join(
            "<tr>" + "".join(f"<td>{_html.escape(c)}</td>" for c in
                             ([r[0]] if show_chart else []) + ([r[1]] if show_series else []) + [r[2], r[3]])
            + "</tr>" for r in rows)
        body += ("<table class='smm-figure-data'><thead><tr>" + "".join(f"<th scope='col'>{h}</th>" for h in head)
                 + f"</tr></thead><tbody>{cells}</tbody></table>")
    summary = "The chart in words and numbers" if rows else "The chart in words"
    return f"<details class='smm-figure-text'><summary>{summary}</summary>{body}</details>"


def figure_html(fig, description: str | None = None, table: bool = True) -> str:
    """The figure as an ``<img>`` (SVG) whose ``alt`` says what it shows, followed by the
    full description and the numbers (:func:`figure_text_html`)."""
    import base64
    import html as _html

    svg = base64.b64encode(fig_to_svg(fig)).decode("ascii")  # drawn first: tick labels are set by then
    alt = description or describe(fig, brief=True)
    return (f"<figure class='smm-figure' style='margin:0'>"
            f"<img src='data:image/svg+xml;base64,{svg}' alt='{_html.escape(alt, quote=True)}' "
            f"style='max-width:100%'>{figure_text_html(fig, description, table)}</figure>")


def show(fig=None, description: str | None = None, table: bool = True) -> None:
    """Show a figure in a notebook with its text alternative, then close it.

    Use instead of ``plt.show()``: series told apart by colour get line styles, markers
    or hatches as well (:func:`distinguish`), the image's ``alt`` text names the chart and its axes,
    and a "The chart in words and numbers" block under it says what it shows (read from
    the figure by :func:`describe`, or ``description`` when the caller knows better)
    and tables the plotted numbers (``table=False`` leaves them out). The output is
    HTML, so JupyterLab, Voila, the course site and the slides all show the same.
    """
    import matplotlib.pyplot as plt
    from IPython.display import display

    fig = fig if fig is not None else plt.gcf()
    distinguish(fig)
    display({"text/html": figure_html(fig, description, table), "text/plain": description or describe(fig)},
            raw=True)
    plt.close(fig)


# ------------------------------------------------------------------ not by colour alone
# WCAG 1.4.1: colour is never the only way to tell series apart. :func:`distinguish`
# gives series that differ by colour a line style and marker, or a hatch, of their own
# (and their legend entries the same), where the chart does not already tell them apart.
LINE_STYLES = ("-", "--", "-.", ":")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
HATCHES = ("", "///", "...", "xxx", "\\\\\\", "ooo", "---", "+++")


def _colour_key(colour) -> tuple:
    from matplotlib.colors import to_rgba

    return tuple(round(c, 3) for c in to_rgba(colour))


def _dark(colour) -> bool:
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.35


def _data_lines(ax) -> list:
    return [line for line in ax.get_lines()
            if line.get_transform() is ax.transData and len(line.get_xdata(orig=False)) >= 2
            and line.get_visible()]


def _distinguish_lines(ax) -> None:
    groups: dict[tuple, list] = {}
    for line in _data_lines(ax):
        groups.setdefault(_colour_key(line.get_color()), []).append(line)
    if len(groups) < 2:
        return
    looks = [{(line.get_linestyle(), str(line.get_marker())) for line in lines} for lines in groups.values()]
    if all(not (a & b) for i, a in enumerate(looks) for b in looks[i + 1:]):
        return  # every colour already has line styles and markers of its own
    for i, lines in enumerate(groups.values()):
        for line in lines:
            line.set_marker(MARKERS[i % len(MARKERS)])
            line.set_markersize(min(line.get_markersize(), 5.0))
            n = len(line.get_xdata(orig=False))
            line.set_markevery(max(1, n // 12))
            if len(lines) == 1:
                line.set_linestyle(LINE_STYLES[i % len(LINE_STYLES)])


def _bar_hatches(ax) -> dict[tuple, str]:
    """Hatch per bar colour where colour carries meaning: several bar series, or bars
    coloured by a property (fewer colours than bars, or a legend saying what they mean)."""
    from matplotlib.container import BarContainer

    containers = [c for c in ax.containers if isinstance(c, BarContainer)]
    patches = [p for c in containers for p in c.patches]
    colours = list(dict.fromkeys(_colour_key(p.get_facecolor()) for p in patches))
    if len(colours) < 2:
        return {}
    by_series = len(containers) > 1
    by_property = len(colours) < len(patches) or ax.get_legend() is not None
    if not (by_series or by_property):
        return {}  # one colour per bar, each bar named on its axis: colour only decorates
    return {colour: HATCHES[i % len(HATCHES)] for i, colour in enumerate(colours)}


def _hatch(patch, hatch: str) -> None:
    patch.set_hatch(hatch or None)
    if hatch:
        patch.set_hatchcolor("#ffffff" if _dark(patch.get_facecolor()) else "#000000")


def _distinguish_bars(ax) -> dict[tuple, str]:
    from matplotlib.container import BarContainer

    hatches = _bar_hatches(ax)
    for container in ax.containers:
        if isinstance(container, BarContainer):
            for patch in container.patches:
                _hatch(patch, hatches.get(_colour_key(patch.get_facecolor()), ""))
    return hatches


def _marker_path(marker: str):
    from matplotlib.markers import MarkerStyle

    style = MarkerStyle(marker)
    return style.get_path().transformed(style.get_transform())


def _distinguish_points(ax) -> dict[int, str]:
    from matplotlib.collections import PathCollection

    colls = [c for c in ax.collections if isinstance(c, PathCollection) and len(c.get_offsets())]
    colours = {_colour_key(c.get_facecolor()[0]) for c in colls if len(c.get_facecolor())}
    if len(colls) < 2 or len(colours) < 2:
        return {}
    chosen = {}
    for i, coll in enumerate(colls):
        chosen[id(coll)] = MARKERS[i % len(MARKERS)]
        coll.set_paths([_marker_path(chosen[id(coll)])])
    return chosen


def _sync_legend(ax, hatches: dict[tuple, str], points: dict[int, str]) -> None:
    """Give each legend entry the line style, marker or hatch of what it stands for."""
    from matplotlib.collections import PathCollection
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    legend = ax.get_legend()
    if legend is None:
        return
    by_label = {}
    for artist in [*ax.get_lines(), *ax.collections, *ax.containers]:
        label = artist.get_label()
        if label and not label.startswith("_"):
            by_label.setdefault(label, artist)
    for handle, text in zip(legend.legend_handles, legend.get_texts()):
        source = by_label.get(text.get_text())
        if isinstance(handle, Line2D) and isinstance(source, Line2D):
            handle.set_linestyle(source.get_linestyle())
            handle.set_marker(source.get_marker())
        elif isinstance(handle, Patch) and hatches:
            _hatch(handle, hatches.get(_colour_key(handle.get_facecolor()), ""))
        elif isinstance(handle, PathCollection) and id(source) in points:
            handle.set_paths([_marker_path(points[id(source)])])


def distinguish(fig) -> None:
    """Make series that colour tells apart differ in another way too (WCAG 1.4.1).

    Lines of different colours that share a look get a marker each (and a line style
    each when a colour has one line); bars whose colour means something (several bar
    series, or bars coloured by a property) get a hatch per colour; scatter series of
    different colours get a marker each. Legend entries follow. Charts that already
    tell their series apart are left as they are. Idempotent, so a panel can call it
    on every redraw.
    """
    for ax in _axes_list(fig):
        _distinguish_lines(ax)
        hatches = _distinguish_bars(ax)
        points = _distinguish_points(ax)
        _sync_legend(ax, hatches, points)
