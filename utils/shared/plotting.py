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
