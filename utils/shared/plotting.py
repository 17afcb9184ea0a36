"""Plotting style and formatting shared by every chart and panel.

The palette is Okabe-Ito (readable with the common forms of colour blindness).
Every chart in the course is titled and has labelled axes with units.
"""

from __future__ import annotations

import atexit
import codecs
import contextlib
import copy
import functools
import io
import math
import time
from pathlib import Path
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
    # notebooks show figures as drawn, without a second, cropping render (see apply_style).
    "figure.constrained_layout.use": True,
}


def apply_style() -> None:
    """Apply the course style to matplotlib (idempotent).

    In a notebook it also shows figures as SVG with text kept as text: sharper at
    any zoom, and about twice as fast to render as PNG (no glyph is rasterised),
    rendered once each (constrained layout instead of the inline backend's
    measure-then-crop "tight" bounding box).
    """
    import sys

    import matplotlib as mpl
    from cycler import cycler

    style = dict(_STYLE)
    style["axes.prop_cycle"] = cycler(color=list(PALETTE))
    style["svg.fonttype"] = "none"
    mpl.rcParams.update(style)
    from matplotlib.backend_bases import register_backend

    register_backend("svg", svg_canvas(), "Scalable Vector Graphics")  # same output, text measured once
    if "ipykernel" in sys.modules:
        from IPython import get_ipython
        from matplotlib.figure import Figure
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("svg")  # the inline backend shows figures as SVG only (no PNG) ...
        shell = get_ipython()
        if shell is not None:  # ... rendered by figure_svg: one layout and one drawing pass
            shell.display_formatter.formatters["image/svg+xml"].for_type(Figure, figure_svg)
            keep_measured_texts_after_each_cell(shell)


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

    About twice as fast as PNG for the course's small charts, because no glyph is
    rasterised; deterministic (fixed hash salt, no date). Used by live widget panels,
    which re-render the same figure on every change (see :func:`svg_canvas`).
    """
    return _svg_text(fig).encode("utf-8")


def _svg_text(fig) -> str:
    """The SVG of :func:`fig_to_svg` as text, written to a text buffer (a bytes buffer
    would put each of a chart's thousand or so small writes through an encoder)."""
    import matplotlib as mpl

    buf = io.StringIO()
    with mpl.rc_context({"svg.fonttype": "none", "svg.hashsalt": "smm-lab"}):
        svg_canvas()(fig).print_svg(buf, metadata={"Date": None})
    return buf.getvalue()


def figure_svg(fig) -> str | None:
    """How a notebook shows a pyplot figure: SVG text, laid out and drawn in one pass.

    IPython's own route (``print_figure``) draws a figure that has a layout engine
    twice: a measuring pass with drawing switched off, then the real drawing. Drawing
    once is enough, because ``Figure.draw`` runs the layout engine itself before it
    draws. The output is the same, without the "Date" metadata (so it is reproducible).
    Returns None for an empty figure, which, as in IPython, shows nothing.
    """
    if not fig.axes and not fig.lines:
        return None
    canvas, dpi = fig.canvas, fig.dpi
    try:
        return _svg_text(fig)
    finally:  # the SVG canvas draws at 72 dpi; pyplot keeps its own canvas and dpi
        fig.set_canvas(canvas)
        fig.dpi = dpi


_SVG_CANVAS = None


def svg_canvas():
    """matplotlib's SVG canvas, with plain-text labels measured once per process.

    matplotlib caches text sizes per renderer, and every SVG render makes a new
    renderer, so each redraw measured every tick label again (about a quarter of a
    panel's redraw). This canvas's renderer asks :func:`_text_metrics` instead, and
    each label's layout is kept too (see :func:`_remember_text_layouts`). It draws
    exactly what matplotlib's own SVG canvas draws (a test compares the bytes);
    :func:`apply_style` registers it for SVG output, so notebook figures use it too.
    """
    global _SVG_CANVAS
    if _SVG_CANVAS is None:
        from matplotlib import cbook
        from matplotlib.backends.backend_mixed import MixedModeRenderer
        from matplotlib.backends.backend_svg import FigureCanvasSVG, RendererSVG

        class MeasuringRendererSVG(RendererSVG):
            measures_by_value = True  # same text and font -> same size, whichever renderer

            def get_text_width_height_descent(self, s, prop, ismath):
                if ismath:  # mathtext or TeX: measured by matplotlib as usual
                    return super().get_text_width_height_descent(s, prop, ismath)
                return _text_metrics(s, prop.copy())

        class CourseCanvasSVG(FigureCanvasSVG):
            def print_svg(self, filename, *, bbox_inches_restore=None, metadata=None, **_ignored):
                # FigureCanvasSVG.print_svg (matplotlib 3.11) with the measuring renderer;
                # like it, ignores dpi/facecolor/edgecolor/orientation (print_figure applies them)
                with cbook.open_file_cm(filename, "w", encoding="utf-8") as fh:
                    if not cbook.file_requires_unicode(fh):
                        fh = codecs.getwriter("utf-8")(fh)
                    dpi = self.figure.dpi
                    self.figure.dpi = 72
                    width, height = self.figure.get_size_inches()
                    renderer = MixedModeRenderer(
                        self.figure, width, height, dpi,
                        MeasuringRendererSVG(width * 72, height * 72, fh, image_dpi=dpi, metadata=metadata),
                        bbox_inches_restore=bbox_inches_restore)
                    with _ticks_kept_for_one_drawing():
                        self.figure.draw(renderer)
                    renderer.finalize()
                _keep_measured_texts()

        _remember_text_layouts()
        _remember_ticks_within_a_drawing()
        _copy_markers_shallowly()
        _build_new_ticks_once_per_batch()
        _SVG_CANVAS = CourseCanvasSVG
    return _SVG_CANVAS


#: While the course canvas draws a figure: each axis's ticks, by the state they depend on.
_DRAWING_TICKS: dict | None = None


@contextlib.contextmanager
def _ticks_kept_for_one_drawing():
    global _DRAWING_TICKS
    outer, _DRAWING_TICKS = _DRAWING_TICKS, {}
    try:
        yield
    finally:
        _DRAWING_TICKS = outer


def _remember_ticks_within_a_drawing() -> None:
    """Within one drawing by the course canvas, place each axis's ticks once per state.

    One render with constrained layout asks an axis to place its ticks about fifteen
    times (twice per layout pass for the axis and its siblings, for the titles, the
    axis labels and the drawing itself), and to measure its tick labels' boxes about
    as often. Each time matplotlib runs the tick locator and formatter, moves every
    tick and label and measures the labels again, although the axis's state has not
    changed since the last time: a fifth of the render. Inside a drawing by the course
    canvas, an axis places its ticks (and measures their labels) again only when its
    state differs from the last time (view and data limits, the axes' box on the
    canvas, locators, formatters, scale, tick settings, tick lists), as it does after
    each layout pass. Only the last state is kept, because the ticks themselves hold
    the last placement. Outside such a drawing, and for axes other than plain
    rectilinear ones, matplotlib's own methods run every time.
    """
    from matplotlib.axis import Axis

    place, measure = Axis._update_ticks, Axis._get_ticklabel_bboxes
    if getattr(place, "remembers_ticks", False):
        return

    def state(axis):
        """The axis's state its ticks depend on, or None when they are not kept."""
        if _DRAWING_TICKS is None or getattr(axis.axes, "name", None) != "rectilinear":
            return None
        major, minor = axis.major, axis.minor
        if (len(axis._get_shared_axes()) > 1
                or not all(part.axis is axis for part in (major.locator, major.formatter,
                                                          minor.locator, minor.formatter))):
            return None  # shared axes share one formatter, which holds the last axis's state
        return (tuple(axis.get_view_interval()), tuple(axis.get_data_interval()), axis.axes.bbox.bounds,
                id(major.locator), id(major.formatter), id(minor.locator), id(minor.formatter), id(axis._scale),
                repr(axis._major_tick_kw), repr(axis._minor_tick_kw),
                id(axis.__dict__.get("majorTicks")), id(axis.__dict__.get("minorTicks")))

    def _update_ticks(self):
        now = state(self)
        if now is None:
            return place(self)
        last = _DRAWING_TICKS.get(id(self))
        if last is not None and last["state"] == now:  # nothing changed since this axis last placed its ticks
            return list(last["ticks"])
        ticks = place(self)
        _DRAWING_TICKS[id(self)] = {"state": now, "ticks": ticks, "boxes": {}}
        return list(ticks)

    def _get_ticklabel_bboxes(self, ticks, renderer):
        now = state(self)
        last = _DRAWING_TICKS.get(id(self)) if now is not None else None
        if last is None or last["state"] != now:
            return measure(self, ticks, renderer)
        key = (id(renderer), *map(id, ticks))
        boxes = last["boxes"].get(key)
        if boxes is None:
            boxes = last["boxes"][key] = measure(self, ticks, renderer)
        return list(boxes[0]), list(boxes[1])

    _update_ticks.remembers_ticks = True
    Axis._update_ticks = _update_ticks
    Axis._get_ticklabel_bboxes = _get_ticklabel_bboxes


def _copy_markers_shallowly() -> None:
    """Copy a marker style (``MarkerStyle(other_style)``) without deep-copying it.

    matplotlib deep-copies the whole style, its paths and transforms included, and
    does so three times for every tick an axis adds (once per tick line) and for
    every legend handle: a fifth of the cost of a new tick. A style never changes its
    paths or transforms in place (it replaces them), except the user transform, which
    ``scaled()`` and ``rotated()`` change on their fresh copy; so the copy shares the
    paths and transforms and gets its own user transform. Its marker function is bound
    to the copy itself (matplotlib's deep copy binds it to a hidden second copy).
    """
    from matplotlib.markers import MarkerStyle

    original = MarkerStyle._set_marker
    if getattr(original, "copies_shallowly", False):
        return

    def _set_marker(self, marker):
        if not isinstance(marker, MarkerStyle):
            return original(self, marker)
        state = dict(marker.__dict__)
        if state.get("_user_transform") is not None:
            state["_user_transform"] = copy.deepcopy(state["_user_transform"])
        function = state.get("_marker_function")
        if function is not None:
            state["_marker_function"] = getattr(self, function.__name__)
        self.__dict__ = state

    _set_marker.copies_shallowly, _set_marker.original = True, original
    MarkerStyle._set_marker = _set_marker


#: The artists a tick is made of (see ``matplotlib.axis.Tick``).
_TICK_PARTS = ("tick1line", "tick2line", "gridline", "label1", "label2")


def _build_new_ticks_once_per_batch() -> None:
    """When an axis needs more ticks, build one new tick and copy it for the others.

    matplotlib builds every new tick from scratch (five artists, each read from
    rcParams) and then copies the axis's first tick's properties onto it. A chart's
    axis adds its eight or so ticks in one call, so here the first of them is built by
    matplotlib and the others are copies of it made before it is changed; each then
    gets the first tick's properties exactly as in matplotlib. A copy shares nothing
    that is changed in place: it gets its own callbacks and sticky edges, the first
    tick's properties give it its own fonts and markers, and placing it gives its lines
    their own data and paths. About 0.3 ms a tick instead of 0.7, over the course's
    900 or so new ticks. Axes other than the rectilinear kind keep matplotlib's own
    methods.
    """
    from matplotlib.axis import Axis, XAxis, YAxis

    original_major, original_minor = Axis.get_major_ticks, Axis.get_minor_ticks
    if getattr(original_major, "copies_ticks", False):
        return

    def add(axis, major: bool, numticks: int) -> None:
        ticks = axis.majorTicks if major else axis.minorTicks
        missing = numticks - len(ticks)
        if missing <= 0:
            return
        first = axis._get_tick(major=major)
        for tick in [first] + [_tick_copy(first) for _ in range(missing - 1)]:
            ticks.append(tick)
            axis._copy_tick_props(ticks[0], tick)

    def plain(axis) -> bool:
        return type(axis) in (XAxis, YAxis) and getattr(axis.axes, "name", None) == "rectilinear"

    def batching(original, major: bool):
        """``Axis.get_major_ticks`` (or ``get_minor_ticks``) adding its new ticks with :func:`add`."""
        def get_ticks(self, numticks=None):
            if not plain(self):
                return original(self, numticks)
            if numticks is None:
                numticks = len(self.get_majorticklocs() if major else self.get_minorticklocs())
            add(self, major, numticks)
            return (self.majorTicks if major else self.minorTicks)[:numticks]

        get_ticks.__doc__, get_ticks.copies_ticks, get_ticks.original = original.__doc__, True, original
        return get_ticks

    Axis.get_major_ticks = batching(original_major, True)
    Axis.get_minor_ticks = batching(original_minor, False)


def _tick_copy(tick):
    """A copy of a new, unchanged ``tick`` (see :func:`_build_new_ticks_once_per_batch`)."""
    new = _artist_copy(tick)
    for name in _TICK_PARTS:
        setattr(new, name, _artist_copy(getattr(tick, name)))
    return new


def _artist_copy(artist):
    """A shallow copy of ``artist`` with its own callbacks and sticky edges (changed in
    place by ``update_from``); its font and marker are replaced by ``update_from``."""
    from matplotlib import cbook
    from matplotlib.artist import _XYPair

    new = copy.copy(artist)
    new._callbacks = cbook.CallbackRegistry(signals=["pchanged"])
    if artist._sticky_edges is not None:
        new._sticky_edges = _XYPair(list(artist._sticky_edges.x), list(artist._sticky_edges.y))
    return new


def _remember_text_layouts(limit: int = 8192) -> None:
    """Keep each text's layout for renderers that measure by value (the course's SVG one).

    One render of a figure with constrained layout computes the layout of every tick
    label about nine times (twice for the layout, again for titles, axis labels and the
    drawing), each time looking up the font and its metric tables: about a quarter of
    the render. The layout (the text's box and line offsets relative to its anchor)
    depends only on the properties in the key below, so it is computed once. Other
    renderers (PNG, PDF) and wrapped or TeX text take matplotlib's own path.
    """
    from matplotlib.text import Text

    original = Text._get_layout
    if getattr(original, "remembers_layouts", False):
        return
    layouts: dict = {}

    def _get_layout(self, renderer):
        if self._wrap or self.get_usetex() or not getattr(renderer, "measures_by_value", False):
            return original(self, renderer)
        key = (self.get_text(), hash(self._fontproperties), self.get_rotation(), self.get_rotation_mode(),
               self._horizontalalignment, self._verticalalignment, self._multialignment,
               self._linespacing, self._parse_math, self.get_figure(root=True).dpi)
        layout = layouts.get(key)
        if layout is None:
            if len(layouts) >= limit:
                layouts.clear()
            layout = layouts[key] = original(self, renderer)
        return layout

    _get_layout.remembers_layouts = True
    _get_layout.layouts = layouts
    Text._get_layout = _get_layout


@functools.lru_cache(maxsize=4096)
def _text_metrics(s: str, prop) -> tuple[float, float, float]:
    """Width, height and descent of plain text in a font, as the SVG renderer measures
    it, cached by text and font properties (FontProperties compare by value), and kept
    across kernels by :func:`_measured_text`."""
    return _measured_text(s, prop)


#: Text sizes measured with FreeType, by text, font files, size and the font settings
#: that change a measurement; kept in ``output/cache/`` for the next kernel.
_MEASURED: dict | None = None
_MEASURED_UNSAVED = 0
_MEASURED_LIMIT = 5_000
_MEASURED_SAVED_AT = 0.0  # time.monotonic() of the last write (0: none yet in this process)
_MEASURED_SAVE_EVERY = 30.0  # seconds: a slider that changes a title must not write a file every move
_MEASURED_AT_EXIT = False


def _measured_text_file() -> Path:
    """This machine's file of measured text sizes: one per matplotlib and FreeType version."""
    import hashlib

    import matplotlib as mpl
    from matplotlib import ft2font
    from matplotlib.textpath import TextToPath

    from utils.disk_cache import cache_dir

    versions = f"{mpl.__version__}|{ft2font.__freetype_version__}|{TextToPath.FONT_SCALE}|{TextToPath.DPI}"
    digest = hashlib.sha256(versions.encode()).hexdigest()[:16]
    return cache_dir() / f"text-metrics-{digest}.pickle"


def _read_measured_texts(path: Path) -> dict:
    from utils.disk_cache import read_kept

    known = read_kept(path)  # None (missing or unreadable): measure again
    return known if isinstance(known, dict) else {}


def _measured_text(s: str, prop) -> tuple[float, float, float]:
    """Measure ``s`` once per machine rather than once per kernel.

    A new kernel used to measure every label of its charts with FreeType again, opening
    the font first: about 25 ms a notebook. The size depends only on the text, the
    font files matplotlib picks for ``prop``, the size in points, the hinting and
    kerning settings (all in the key) and the matplotlib and FreeType versions (the
    file name), so a size measured by any kernel is kept in ``output/cache/``.
    """
    global _MEASURED, _MEASURED_UNSAVED, _MEASURED_AT_EXIT
    import matplotlib as mpl
    from matplotlib.font_manager import fontManager

    if _MEASURED is None:
        _MEASURED = _read_measured_texts(_measured_text_file())
        if not _MEASURED_AT_EXIT:  # what is measured after the last write is kept when the kernel ends
            atexit.register(_keep_measured_texts_quietly)
            _MEASURED_AT_EXIT = True
    key = (s, tuple(map(repr, fontManager._find_fonts_by_props(prop))), prop.get_size_in_points(),
           mpl.rcParams["text.hinting_factor"], mpl.rcParams["text.kerning_factor"])
    metrics = _MEASURED.get(key)
    if metrics is None:
        from matplotlib.textpath import TextToPath

        metrics = _MEASURED[key] = tuple(TextToPath().get_text_width_height_descent(s, prop, False))
        _MEASURED_UNSAVED += 1
    return metrics


def _keep_measured_texts(now: bool = False) -> None:
    """Write the sizes this kernel measured (with those other kernels wrote meanwhile)
    atomically: after the first drawing that measured something, then at most every
    :data:`_MEASURED_SAVE_EVERY` seconds, and (``now``) at the end of each notebook cell
    and when the process ends. A read-only or full disk only means measuring again next time."""
    global _MEASURED, _MEASURED_UNSAVED, _MEASURED_SAVED_AT
    from utils.disk_cache import keep

    if not _MEASURED_UNSAVED or _MEASURED is None:
        return
    if not now and _MEASURED_SAVED_AT and time.monotonic() - _MEASURED_SAVED_AT < _MEASURED_SAVE_EVERY:
        return
    _MEASURED_SAVED_AT = time.monotonic()
    path = _measured_text_file()
    merged = _read_measured_texts(path)
    merged.update(_MEASURED)
    if len(merged) > _MEASURED_LIMIT:  # many one-off labels: start afresh rather than grow
        merged = dict(_MEASURED) if len(_MEASURED) <= _MEASURED_LIMIT else {}
    keep(path, merged)
    _MEASURED, _MEASURED_UNSAVED = merged, 0


def keep_measured_texts_after_each_cell(shell) -> None:
    """Write the text sizes measured by a cell when it ends (once registered per shell).

    Batch runs (papermill, nbval) stop a kernel without its exit hooks once the last
    cell has run, so what it measured after its first write would be lost. Slider moves
    run no cell: they keep the half-minute rhythm of :func:`_keep_measured_texts`.
    """
    if _keep_measured_texts_quietly not in shell.events.callbacks["post_run_cell"]:
        shell.events.register("post_run_cell", _keep_measured_texts_quietly)


def _keep_measured_texts_quietly(result=None) -> None:
    """:func:`_keep_measured_texts` now, as a cell-end or exit hook (``result``: the
    cell's, ignored): a cache never shows an error under a cell or at shutdown."""
    try:
        _keep_measured_texts(now=True)
    except Exception:
        pass


def new_figure(width: float = 7.0, height: float = 3.6, ncols: int = 1):
    """A figure detached from pyplot (never shown twice, never leaks into the notebook)."""
    from matplotlib.figure import Figure

    apply_style()
    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    axes = fig.subplots(1, ncols)
    return fig, axes
