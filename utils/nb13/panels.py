"""Panel of notebook 13 (bring your own data): upload an export, map its columns, see the dashboard.

The panel only wires controls to :func:`utils.nb13.upload.upload_view` (pure, tested
without a browser). Two things are wiring, not logic, and live here:

* when another file is chosen, each mapping dropdown is refilled with that
  file's headers and set to the header :func:`~utils.nb13.upload.detect_mapping` found
  for its field ("not used" when none was found);
* uploading a file switches the example dropdown to "Your upload".

Browser tests cannot drive a file picker, so the DEMOS steps choose among the
shipped example exports (one of them broken on purpose) and change the mapping.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as W

from utils.nb13 import upload
from utils.shared.config import PLATFORMS
from utils.shared.plotting import PALETTE, PLATFORM_COLOURS
from utils.shared.widgets import Panel, PanelMessage, dropdown

_OTHER = "Other"
_BARS = (*PLATFORMS, _OTHER)
DATE_ORDER_OPTIONS = [("auto-detect", "auto"), ("day/month/year", "dmy"), ("month/day/year", "mdy")]


def _sample_options() -> list[tuple[str, str]]:
    return [(label, key) for key, (label, _) in upload.EXAMPLES.items()] + [("Your upload (button below)",
                                                                           upload.UPLOAD)]


def _mapping_options(columns: list[str]) -> list[tuple[str, str]]:
    return [("not used", upload.NOT_USED), *((c, c) for c in columns)]


def _compute(**values: Any) -> dict[str, Any]:
    try:
        return upload.upload_view(**values)
    except upload.NoFileYet as waiting:
        raise PanelMessage(str(waiting), "info") from None


def _draw(ax, view: dict[str, Any], state: dict) -> None:
    table = view["summary"]
    rates = {name: 0.0 for name in _BARS}
    for group in table.index:
        if group == "All":
            continue
        value = float(table.loc[group, "er_impressions"])
        key = group if group in PLATFORMS else _OTHER
        if value == value:  # not NaN
            rates[key] = max(rates[key], value * 100) if key == _OTHER else value * 100
    if "bars" not in state:
        colours = [PLATFORM_COLOURS.get(name, PALETTE[7]) for name in _BARS]
        state["bars"] = ax.bar(list(_BARS), [0.0] * len(_BARS), color=colours)
        state["labels"] = [ax.text(i, 0, "", ha="center", va="bottom", fontsize=8) for i in range(len(_BARS))]
        ax.set_title("Engagement rate by impressions per platform (pooled)")
        ax.set_xlabel("platform")
        ax.set_ylabel("engagement rate (% of impressions)")
        ax.tick_params(axis="x", labelsize=8)
    top = max(max(rates.values()), 0.5)
    present = {str(g) if str(g) in PLATFORMS else _OTHER for g in table.index if g != "All"}
    for bar, label, name in zip(state["bars"], state["labels"], _BARS):
        bar.set_height(rates[name])
        label.set_position((bar.get_x() + bar.get_width() / 2, rates[name] + top * 0.02))
        label.set_text(f"{rates[name]:.2f}%" if name in present else "")
    ax.set_ylim(0, top * 1.2)


class UploadPanel(Panel):
    """A :class:`~utils.shared.widgets.Panel` whose mapping dropdowns follow the chosen file's headers."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._synced: tuple | None = None
        super().__init__(*args, **kwargs)

    def _silently(self, control: W.Widget, **traits: Any) -> None:
        control.unobserve(self._on_change, names="value")
        try:  # one at a time: new options reset the selection, so the value is set after them
            for name, value in traits.items():
                setattr(control, name, value)
        finally:
            control.observe(self._on_change, names="value")

    def _sync_mapping(self) -> None:
        columns, detected = upload.columns_of(self.controls["sample"].value, self.controls["upload"].value)
        state = (tuple(columns), tuple(sorted(detected.items())))
        if state == self._synced:
            return
        self._synced = state
        for field in upload.FIELDS:  # prefilled with what detect_mapping found in this file
            self._silently(self.controls[field], options=_mapping_options(columns),
                           value=detected.get(field, upload.NOT_USED))

    def _on_change(self, change: dict) -> None:
        if change.get("owner") is self.controls.get("upload") and change.get("new"):
            self._silently(self.controls["sample"], value=upload.UPLOAD)
        super()._on_change(change)

    def update(self) -> None:
        self._sync_mapping()
        super().update()


def upload_panel(sample: str = "course") -> Panel:
    """Choose an example export or upload your own; map the columns; see the pooled rates."""
    picker = W.FileUpload(accept=".csv,.xlsx", multiple=False,
                          description=f"Upload (max {upload.MAX_BYTES // (1024 * 1024)} MB)",
                          layout=W.Layout(width="330px"))
    controls: dict[str, W.Widget] = {
        "sample": dropdown("File", _sample_options(), sample),
        "upload": picker,
        "date_order": dropdown("Date order", DATE_ORDER_OPTIONS, "auto"),
    }
    for field in upload.FIELDS:
        controls[field] = dropdown(f"{field} ←", _mapping_options([]), upload.NOT_USED)
    return UploadPanel(
        "upload-dashboard",
        "Your posts: the metrics dashboard",
        controls,
        _compute,
        upload.upload_rows,
        draw=_draw,
        figsize=(6.5, 3.0),
        extra=upload.mapping_html,
        explain="In JupyterLab, pick another example file or upload your own export (CSV or .xlsx, at most "
        "5 MB): the mapping dropdowns fill with the file's headers, pre-set to what the course detected, and the "
        "pooled rates and chart update. Change a mapping to see how the numbers depend on it; pick the broken "
        "example to see how a bad file is reported.",
    )


DEMOS = {
    "upload-dashboard": {
        "factory": "upload_panel",
        "steps": [{"sample": "meta"}, {"clicks": upload.NOT_USED}, {"sample": "broken"}],
    }
}
