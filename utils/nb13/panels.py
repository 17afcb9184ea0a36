"""Panel of notebook 13 (bring your own data): upload an export, check what it is, see the dashboard.

The panel only wires controls to :func:`utils.nb13.upload.upload_view` (pure,
tested without a browser). Its controls:

* the file (an example, or *Your upload*) and the upload button;
* **Platform**: *detect* or the learner's choice (the override; when the file
  does not say, the panel asks for it here);
* **Year**: the year of dates written without one (TikTok Studio's "July 16");
* **Date order** and **Table** (the sheet of a workbook);
* one dropdown per course field: which header of the file holds it
  (pre-set to what the header table found, *not used* when nothing matched),
  so a header the table lacks can be mapped by hand.

Wiring that is not logic lives here: a new file refills the field dropdowns
and the table list; uploading switches the file dropdown to *Your upload*.
Browser tests cannot drive a file picker, so the DEMOS steps choose among the
shipped examples (one of them broken on purpose) and change the controls.
"""

from __future__ import annotations

import math
from typing import Any

import ipywidgets as W

from utils.nb13 import upload
from utils.shared.config import PLATFORMS
from utils.shared.plotting import PALETTE, PLATFORM_COLOURS
from utils.shared.widgets import CONTROL_WIDTH, Panel, PanelMessage, dropdown

DATE_ORDER_OPTIONS = [("auto-detect", "auto"), ("day/month/year", "dmy"), ("month/day/year", "mdy")]
PLATFORM_OPTIONS = [("detect from the file", upload.AUTO), *((p, p) for p in upload.PLATFORM_CHOICES)]
YEAR_OPTIONS = [("not needed (dates have a year)", upload.AUTO), *((str(y), y) for y in range(2026, 2009, -1))]
#: The course fields with a mapping dropdown (the platform column is matched from the headers only).
MAPPED_FIELDS = tuple(f for f in upload.FIELDS if f != "platform")


def _sample_options() -> list[tuple[str, str]]:
    return [(label, key) for key, (label, _) in upload.EXAMPLES.items()] + [("Your upload (button below)",
                                                                           upload.UPLOAD)]


def _mapping_options(columns: list[str], detected: str | None = None) -> list[tuple[str, str]]:
    auto = f"detected: {detected}" if detected else "detected: none"
    return [(auto, upload.AUTO), ("not used", upload.NOT_USED), *((c, c) for c in columns)]


def _compute(**values: Any) -> dict[str, Any]:
    try:
        return upload.upload_view(**values)
    except upload.NoFileYet as waiting:
        raise PanelMessage(str(waiting), "info") from None
    except upload.PlatformQuestion as question:
        raise PanelMessage(str(question), "info") from None  # it already names the Platform control


def _draw(ax, view: dict[str, Any], state: dict) -> None:
    ax.clear()
    if view["kind"] == "daily":
        upload.draw_daily(ax, view["posts"], state)
        return
    table = view["summary"]
    groups = [g for g in table.index if g != "All"]
    rates = [float(table.loc[g, "engagement_rate"]) for g in groups]
    heights = [r * 100 if math.isfinite(r) else 0.0 for r in rates]
    colours = [PLATFORM_COLOURS.get(g, PALETTE[7]) for g in groups]
    bars = ax.bar(groups, heights, color=colours)
    top = max(heights + [0.5])
    for bar, rate, group in zip(bars, rates, groups):
        base = table.loc[group, "base"]
        text = f"{rate * 100:.2f}%\non {base}" if math.isfinite(rate) else "n/a"
        ax.text(bar.get_x() + bar.get_width() / 2, bar.get_height() + top * 0.02, text, ha="center",
                va="bottom", fontsize=8)
    unit = "campaigns" if view["kind"] == "campaigns" else "posts"
    ax.set_title(f"Engagement rate of the {unit} per platform\n(pooled, each on its own base)")
    ax.set_xlabel("platform")
    ax.set_ylabel("engagement rate (% of the base)")
    ax.set_ylim(0, top * 1.3)
    ax.tick_params(axis="x", labelsize=8)


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

    def _sync(self) -> None:
        sample, files = self.controls["sample"].value, self.controls["upload"].value
        sheet = self.controls["sheet"].value
        platform = self.controls["platform"].value
        columns, detected = upload.columns_of(sample, files, None if sheet == upload.AUTO else sheet, platform)
        tables = upload.tables_of(sample, files)
        state = (tuple(columns), tuple(sorted(detected.items())), tuple(tables))
        if state == self._synced:
            return
        self._synced = state
        options = [("the one with the metrics", upload.AUTO), *((t, t) for t in tables)]
        if [v for _, v in options] != [v for _, v in self.controls["sheet"].options]:
            keep = sheet if sheet in tables else upload.AUTO
            self._silently(self.controls["sheet"], options=options, value=keep)
        for field in MAPPED_FIELDS:
            control = self.controls[field]
            keep = control.value if control.value in (upload.AUTO, upload.NOT_USED) else upload.AUTO
            self._silently(control, options=_mapping_options(columns, detected.get(field)), value=keep)

    def _on_change(self, change: dict) -> None:
        if change.get("owner") is self.controls.get("upload") and change.get("new"):
            self._silently(self.controls["sample"], value=upload.UPLOAD)
        super()._on_change(change)

    def update(self) -> None:
        self._sync()
        super().update()


def upload_panel(sample: str = "course") -> Panel:
    """Choose an example export or upload your own; confirm platform, year and mapping; see the rates."""
    picker = W.FileUpload(accept=".csv,.xlsx,.tsv,.txt", multiple=False,
                          description=f"Upload (max {upload.MAX_BYTES // (1024 * 1024)} MB)",
                          # without a tooltip ipywidgets 8.1 writes title="null", shown on hover
                          tooltip="Choose your export (.csv or .xlsx) from your computer",
                          layout=W.Layout(width=CONTROL_WIDTH))
    controls: dict[str, W.Widget] = {
        "sample": dropdown("File", _sample_options(), sample),
        "upload": picker,
        "platform": dropdown("Platform", PLATFORM_OPTIONS, upload.AUTO),
        "year": dropdown("Year (dates without one)", YEAR_OPTIONS, upload.AUTO),
        "date_order": dropdown("Date order", DATE_ORDER_OPTIONS, "auto"),
        "sheet": dropdown("Table", [("the one with the metrics", upload.AUTO)], upload.AUTO),
    }
    for field in MAPPED_FIELDS:
        controls[field] = dropdown(f"{field} ←", _mapping_options([]), upload.AUTO)
    return UploadPanel(
        "upload-dashboard",
        "Your posts: the metrics dashboard",
        controls,
        _compute,
        upload.upload_rows,
        draw=_draw,
        figsize=(6.5, 3.0),
        extra=upload.mapping_html,
        explain="In JupyterLab, pick another example file or upload your own export (CSV or .xlsx, at most 5 MB). "
        "The table says what the file is, which platform it is from and why, and the period it covers: check "
        "them. Choose the platform yourself if the file does not say, the year if its dates have none, and map "
        "any header the course did not recognise with the field dropdowns. Daily account files show a line per "
        "day; the broken example shows how a bad file is reported.",
    )


DEMOS = {
    "upload-dashboard": {
        "factory": "upload_panel",
        "steps": [{"sample": "meta"}, {"clicks": upload.NOT_USED}, {"sample": "tiktok"}, {"year": 2025},
                  {"sample": "daily"}, {"sample": "broken"}],
    }
}

__all__ = ["DEMOS", "PLATFORMS", "UploadPanel", "upload_panel"]
