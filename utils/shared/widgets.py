"""Widget panels built from pure functions.

A :class:`Panel` wires ipywidgets controls to a pure ``compute(**values)`` function
(which lives in a domain module and is unit-tested without a browser). On every
change it calls ``compute`` with the controls' values and shows:

* a results table (``rows(result)`` -> list of ``(label, formatted value)``),
* optionally a chart, drawn once and then updated in place by ``draw(ax, result, state)``,
* or, when ``compute`` rejects the input (``ValueError``/``TypeError``), a friendly
  message naming the problem instead of a traceback, NaN or inf.

The panel also carries a static fallback (``text/html``): the default state's table
and chart plus a sentence on what moving the controls shows, so a rendered page
(nbconvert, GitHub, the course site) still makes sense without a live kernel.

DOM hooks for browser tests: the panel has CSS class ``smm-panel`` and
``smm-panel-<key>``; results are ``<td class="smm-value" data-label="...">``;
messages are ``<div class="smm-message smm-<level>">``; both sit in
``<div class="smm-view" data-update="N">``, where N counts the panel's updates, so a
test knows when a change has been answered without waiting for a quiet spell.
"""

from __future__ import annotations

import base64
import html
import logging
import time
from typing import Any, Callable, Mapping, Sequence

import ipywidgets as W
from IPython.display import HTML

from utils.shared.plotting import describe, distinguish, fig_to_svg, figure_text_html, new_figure

log = logging.getLogger(__name__)

Rows = Sequence[tuple[str, str]]


#: Said (image alt and above the chart's words and numbers) while the inputs have no result.
STALE_CHART = "The chart still shows the last valid inputs: these inputs have no result."

#: Run once per page by every panel's hidden output (JupyterLab and Voila run scripts in
#: the outputs a kernel sends; the static site has no live controls). It only sets
#: attributes on the panels' own elements, whenever new ones appear:
#:
#: * ipywidgets 8 draws sliders with noUiSlider, whose handles (role="slider") have no
#:   accessible name: each handle gets its control's description (range sliders add
#:   "lowest" and "highest"), and so does the box beside it where a value can be typed;
#: * each panel's results (``.smm-output``, kept while its content changes) become a
#:   polite live region, so a screen reader reads the new numbers after a change;
#: * keys pressed in a panel's controls go to them, not to JupyterLab's notebook
#:   shortcuts (Lumino's public ``data-lm-suppress-shortcuts`` on each control): the
#:   arrows change a list's choice instead of moving to the next cell, and letters typed
#:   are not taken as commands.
ACCESS_SCRIPT = """<script>
(function () {
  if (window.smmPanelAccess) { return; }
  window.smmPanelAccess = true;
  function name(handle) {
    var control = handle.closest('.jupyter-widgets');
    var label = control && control.querySelector('.widget-label');
    var text = label ? label.textContent.trim() : '';
    var handles = handle.closest('.noUi-target').querySelectorAll('.noUi-handle');
    if (text && handles.length === 2) {
      text += handle === handles[0] ? ', lowest' : ', highest';
    }
    return text;
  }
  function label() {
    document.querySelectorAll('.smm-panel .noUi-handle:not([aria-label])').forEach(function (h) {
      var text = name(h);
      if (text) { h.setAttribute('aria-label', text); }
    });
    document.querySelectorAll('.smm-panel .widget-readout:not([aria-label])').forEach(function (r) {
      var control = r.closest('.jupyter-widgets');
      var label = control && control.querySelector('.widget-label');
      if (label && label.textContent.trim()) {
        r.setAttribute('aria-label', label.textContent.trim() + ', typed value');
      }
    });
    document.querySelectorAll('.smm-panel .smm-output:not([aria-live])').forEach(function (o) {
      o.setAttribute('aria-live', 'polite');
    });
    document.querySelectorAll('.smm-panel').forEach(function (p) {
      p.querySelectorAll('select, input, textarea, button, [tabindex], [contenteditable]').forEach(function (c) {
        if (!c.hasAttribute('data-lm-suppress-shortcuts')) { c.setAttribute('data-lm-suppress-shortcuts', 'true'); }
      });
      p.setAttribute('data-smm-access', 'true');
    });
  }
  var queued = false;
  new MutationObserver(function () {
    if (!queued) { queued = true; requestAnimationFrame(function () { queued = false; label(); }); }
  }).observe(document.body, {childList: true, subtree: true});
  label();
}());
</script>"""


class PanelMessage(Exception):
    """Raise from ``compute`` to show an informational message (not an error),
    for example "this filter selects nobody: widen the age range"."""

    def __init__(self, message: str, level: str = "info") -> None:
        super().__init__(message)
        self.level = level


def rows_html(rows: Rows) -> str:
    """An HTML table of ``(label, value)`` rows (values are already formatted strings)."""
    body = "".join(
        f'<tr><th style="text-align:left;padding:2px 12px 2px 0;font-weight:normal">{html.escape(label)}</th>'
        f'<td class="smm-value" data-label="{html.escape(label)}" style="text-align:right;font-weight:bold">'
        f"{html.escape(value)}</td></tr>"
        for label, value in rows
    )
    return f'<table class="smm-results">{body}</table>'


def message_html(message: str, level: str = "error") -> str:
    colour = {"error": "#D55E00", "warning": "#E69F00", "info": "#0072B2"}.get(level, "#0072B2")
    return (
        f'<div class="smm-message smm-{level}" style="border-left:4px solid {colour};'
        f'padding:4px 10px;white-space:pre-wrap">{html.escape(message)}</div>'
    )


def _check_finite_rows(rows: Rows) -> None:
    for label, value in rows:
        low = value.lower()
        if "nan" in low.split() or low in {"nan", "inf", "-inf"} or "inf%" in low or "nan%" in low:
            raise ValueError(f"{label} could not be computed for these inputs")


class Panel(W.VBox):
    """Controls + results (+ chart) driven by a pure compute function."""

    def __init__(
        self,
        key: str,
        title: str,
        controls: Mapping[str, W.Widget],
        compute: Callable[..., Any],
        rows: Callable[[Any], Rows],
        *,
        draw: Callable[[Any, Any, dict], None] | None = None,
        figsize: tuple[float, float] = (7.0, 3.4),
        explain: str = "",
        extra: Callable[[Any], str] | None = None,
        layout_columns: bool = True,
    ) -> None:
        self.key = key
        self.title = title
        self.controls = dict(controls)
        self.compute = compute
        self.rows_fn = rows
        self.draw_fn = draw
        self.extra_fn = extra
        self.explain = explain
        self.result: Any = None
        self.rows: list[tuple[str, str]] = []
        self.message: tuple[str, str] | None = None
        self.last_update_seconds = 0.0
        self.updates = 0  # how many times the view was refreshed (shown as data-update)
        self._view_html = ""
        self._draw_state: dict = {}
        self._layout_signature: tuple = ()
        # h3: panels sit under a notebook's h2 sections (headings go down one level at a time)
        self._header = W.HTML(f"<h3 style='margin:4px 0;font-size:1.1em'>{html.escape(title)}</h3>")
        self._out = W.HTML()
        self._out.add_class("smm-output")
        self._extra = W.HTML()
        self._fig = self._ax = None
        self._image = self._chart_text = None
        self._chart_text_html = ""  # the chart in words and numbers, as last drawn
        self.chart_svg = b""  # the chart as last drawn (SVG)
        self.chart_alt = ""  # its text alternative (the image's alt)
        if draw is not None:
            self._fig, self._ax = new_figure(*figsize)
            # An <img> in HTML rather than ipywidgets' Image, which has no alt text (and
            # whose tooltip, the only way to name it, fails to render in ipywidgets 8.1)
            self._image = W.HTML(layout=W.Layout(width=f"{int(figsize[0] * 100)}px", max_width="100%"))
            self._image.add_class("smm-chart")
            self._chart_text = W.HTML()  # the chart in words and numbers, under it
            self._chart_text.add_class("smm-chart-text")
        # Names the slider handles after their description and makes the results a live
        # region (ipywidgets 8 gives neither); runs where outputs run (JupyterLab, Voila).
        self._access = W.Output(layout=W.Layout(display="none"))
        self._access.append_display_data(HTML(ACCESS_SCRIPT))
        for name, control in self.controls.items():
            control.add_class(f"smm-control-{name}")
            control.observe(self._on_change, names="value")
        boxed = list(self.controls.values())
        control_box = W.VBox(boxed, layout=W.Layout(min_width=CONTROL_WIDTH, flex="0 0 auto"))  # never cut
        result_box = W.VBox([self._out, self._extra], layout=W.Layout(padding="0 0 0 16px"))
        top = W.HBox([control_box, result_box]) if layout_columns else W.VBox([control_box, result_box])
        children = [self._header, top] + ([self._image, self._chart_text] if self._image is not None else [])
        children.append(self._access)
        super().__init__(children=children)
        self.add_class("smm-panel")
        self.add_class(f"smm-panel-{key}")
        self.update()

    # ------------------------------------------------------------ state
    def values(self) -> dict[str, Any]:
        """The controls' current values, as passed to ``compute``."""
        return {name: control.value for name, control in self.controls.items()}

    def set(self, **values: Any) -> None:
        """Set several controls at once and update once (used by tests and demos)."""
        with self.hold_trait_notifications():
            for name, value in values.items():
                control = self.controls[name]
                control.unobserve(self._on_change, names="value")
                try:
                    control.value = value
                finally:
                    control.observe(self._on_change, names="value")
        self.update()

    def _on_change(self, change: dict) -> None:
        self.update()

    def update(self) -> None:
        """Recompute and refresh the table, message and chart."""
        start = time.perf_counter()
        try:
            result = self.compute(**self.values())
            rows = list(self.rows_fn(result))
            _check_finite_rows(rows)
        except PanelMessage as note:
            self._show_message(str(note), note.level)
        except (ValueError, TypeError, KeyError) as exc:
            self._show_message(_friendly(exc), "error")
        except Exception as exc:  # never a traceback in front of a learner
            log.debug("panel %s failed", self.key, exc_info=True)  # shown only if debugging is on
            self._show_message(f"Something went wrong computing this view ({type(exc).__name__}: {exc}).", "error")
        else:
            self.result, self.rows, self.message = result, rows, None
            self._show_view(rows_html(rows))
            self._extra.value = self.extra_fn(result) if self.extra_fn else ""
            if self.draw_fn is not None:
                self.draw_fn(self._ax, result, self._draw_state)
                distinguish(self._fig)  # series told apart by colour also differ in style or hatch
                # The constrained layout pass costs more than the redraw itself, so lay out
                # only when a tick label is wider than any before (margins only grow, so a
                # slider moving back and forth does not re-lay out), then keep positions.
                signature = _tick_label_widths(self._fig)
                widest = self._layout_signature
                if len(signature) != len(widest) or any(w > old for w, old in zip(signature, widest)):
                    self._fig.set_layout_engine("constrained")
                    self._layout_signature = (signature if len(signature) != len(widest)
                                              else tuple(map(max, signature, widest)))
                self.chart_svg = fig_to_svg(self._fig)
                _keep_positions(self._fig)
                # described after drawing: tick labels (bar categories) are set by then
                self._show_chart(describe(self._fig, brief=True))
                self._chart_text.value = self._chart_text_html = figure_text_html(self._fig)
        self.last_update_seconds = time.perf_counter() - start

    def _show_message(self, text: str, level: str) -> None:
        self.result, self.rows, self.message = None, [], (text, level)
        self._show_view(message_html(text, level))
        self._extra.value = ""
        if self._image is not None and self.chart_svg:
            # greyed in the page itself (ipywidgets' Layout has no opacity), and said in
            # words above the last chart's numbers, which are not these inputs' numbers
            self._show_chart(STALE_CHART, stale=True)
            self._chart_text.value = f"<p class='smm-stale'><em>{STALE_CHART}</em></p>{self._chart_text_html}"

    def _show_chart(self, alt: str, stale: bool = False) -> None:
        self.chart_alt = alt
        self._image.value = _img_html(self.chart_svg, alt, stale)

    def _show_view(self, body: str) -> None:
        self.updates += 1
        self._view_html = body
        self._out.value = f'<div class="smm-view" data-update="{self.updates}">{body}</div>'

    # ------------------------------------------------------------ static fallback
    def static_html(self) -> str:
        parts = [f"<div class='smm-panel-static'><h3>{html.escape(self.title)}</h3>"]
        settings = ", ".join(
            f"{getattr(c, 'description', name) or name} = {_fmt_value(c)}" for name, c in self.controls.items()
        )
        parts.append(f"<p><em>Default settings: {html.escape(settings)}.</em></p>")
        parts.append(self._view_html)
        if self._extra.value:
            parts.append(self._extra.value)
        if self._image is not None and self.chart_svg:
            parts.append(_img_html(self.chart_svg, self.chart_alt or self.title))
            parts.append(self._chart_text.value)
        if self.explain:
            parts.append(f"<p>{html.escape(self.explain)}</p>")
        parts.append("</div>")
        return "".join(parts)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict:
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        data = dict(data)
        data["text/html"] = self.static_html()
        return data


def _keep_positions(fig) -> None:
    """Remove the figure's layout engine, keeping the positions it gave: the next redraws
    draw once. (With any engine set, even matplotlib's "none" placeholder, ``savefig``
    first draws the whole figure without output to lay it out, doubling a redraw.)
    ``set_layout_engine(None)`` removes the engine when the rcParams ask for none."""
    import matplotlib as mpl

    with mpl.rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
        fig.set_layout_engine(None)


def _img_html(svg: bytes, alt: str, stale: bool = False) -> str:
    b64 = base64.b64encode(svg).decode("ascii")
    return (f"<img src='data:image/svg+xml;base64,{b64}' alt='{html.escape(alt, quote=True)}' "
            f"style='width:100%;height:auto{';opacity:0.35' if stale else ''}'>")


def _tick_label_widths(fig) -> tuple:
    """Longest tick label (characters) on every axis: what decides the figure's margins."""
    widths = []
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            labels = axis.get_major_formatter().format_ticks(axis.get_majorticklocs())
            widths.append(max((len(label) for label in labels), default=0))
    return tuple(widths)


def _fmt_value(control: W.Widget) -> str:
    """A control's value as a reader would say it: ranges with a dash, choices listed."""
    value = control.value
    if isinstance(control, (W.IntRangeSlider, W.FloatRangeSlider)):
        return "–".join(_fmt_scalar(v) for v in value)
    if isinstance(value, (tuple, list)):
        return ", ".join(map(str, value)) if value else "any"
    return _fmt_scalar(value)


def _fmt_scalar(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _friendly(exc: BaseException) -> str:
    text = str(exc).strip().strip("'\"")
    if isinstance(exc, KeyError):
        return f"Missing field: {text}."
    return text or type(exc).__name__


# ------------------------------------------------------------------ controls
#: Room for a control's name, and for name and control together: at 150 px of 330 a third
#: of the names were cut ("Seed audience (peo...", "Response reaches (...", "Year (dates without ...").
LABEL_WIDTH = "190px"
CONTROL_WIDTH = "370px"


def slider(description: str, value: float, lo: float, hi: float, step: float, fmt: str | None = None, **kw) -> W.Widget:
    """A float or int slider with a readable label (int if every bound is an int)."""
    style = {"description_width": LABEL_WIDTH}
    layout = W.Layout(width=CONTROL_WIDTH)
    if all(isinstance(v, int) and not isinstance(v, bool) for v in (value, lo, hi, step)):
        return W.IntSlider(value=value, min=lo, max=hi, step=step, description=description,
                           continuous_update=False, style=style, layout=layout, **kw)
    return W.FloatSlider(value=value, min=lo, max=hi, step=step, description=description,
                         readout_format=fmt or ".2f", continuous_update=False, style=style, layout=layout, **kw)


def range_slider(description: str, value: tuple[int, int], lo: int, hi: int, step: int = 1, **kw) -> W.Widget:
    return W.IntRangeSlider(value=value, min=lo, max=hi, step=step, description=description,
                            continuous_update=False, style={"description_width": LABEL_WIDTH},
                            layout=W.Layout(width=CONTROL_WIDTH), **kw)


def dropdown(description: str, options: Sequence[Any], value: Any = None, **kw) -> W.Widget:
    return W.Dropdown(options=list(options), value=value if value is not None else list(options)[0],
                      description=description, style={"description_width": LABEL_WIDTH},
                      layout=W.Layout(width=CONTROL_WIDTH), **kw)


def multi(description: str, options: Sequence[str], value: Sequence[str] = (), rows: int = 4, **kw) -> W.Widget:
    return W.SelectMultiple(options=list(options), value=tuple(value), rows=min(rows, len(options)),
                            description=description, style={"description_width": LABEL_WIDTH},
                            layout=W.Layout(width=CONTROL_WIDTH), **kw)


def number(description: str, value: float, **kw) -> W.Widget:
    """A free-typed number box (learners may type anything; compute validates it)."""
    cls = W.IntText if isinstance(value, int) and not isinstance(value, bool) else W.FloatText
    return cls(value=value, description=description, style={"description_width": LABEL_WIDTH},
               layout=W.Layout(width=CONTROL_WIDTH), **kw)


def text(description: str, value: str = "", **kw) -> W.Widget:
    return W.Text(value=value, description=description, style={"description_width": LABEL_WIDTH},
                  layout=W.Layout(width=CONTROL_WIDTH), continuous_update=False, **kw)
