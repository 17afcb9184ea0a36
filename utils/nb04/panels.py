"""Panels of notebook 04 (shareable content, earned media and the content calendar)."""

from __future__ import annotations

import html
from functools import lru_cache, partial

import ipywidgets as W
from matplotlib.ticker import MaxNLocator

from utils.nb04 import calendar, content
from utils.shared.config import OUTPUT_DIR, PLATFORMS
from utils.shared.data import load_posts
from utils.shared.plotting import PLATFORM_COLOURS, thousands_formatter
from utils.shared.widgets import Panel, multi, slider, text

#: Where the panel's export button writes (OUTPUT_DIR is ignored by git).
EXPORT_NAME = "content_calendar.csv"


def _draw(ax, result, state):
    reach = result["summary"]["by_platform"]["expected_reach"]
    heights = [float(reach.get(p, 0.0)) for p in PLATFORMS]
    if "bars" not in state:
        ax.figure.set_layout_engine("none")  # fixed margins: no layout pass on every update
        ax.set_position([0.17, 0.19, 0.81, 0.7])
        state["bars"] = ax.bar(list(PLATFORMS), heights, color=[PLATFORM_COLOURS[p] for p in PLATFORMS])
        ax.set_title("Expected reach of the calendar by platform")
        ax.set_xlabel("platform")
        ax.set_ylabel("expected reach (people)")
        ax.yaxis.set_major_formatter(thousands_formatter())
        ax.yaxis.set_major_locator(MaxNLocator(4))  # few tick labels: each one costs render time
    for bar, height in zip(state["bars"], heights):
        bar.set_height(height)
    ax.set_ylim(0, max(max(heights), 1.0) * 1.15)


def calendar_panel(
    platforms: tuple[str, ...] | list[str] = ("Instagram", "TikTok"),
    posts_per_week: int = 5,
    weeks: int = 4,
    campaign: str = "Spring tea launch",
) -> Panel:
    """Content calendar builder with expected reach and engagement, and a safe CSV export."""
    posts = load_posts()
    view = partial(calendar.calendar_view, rates=calendar.expected_rates(posts), topics=content.top_topics(posts, 3))
    cached = lru_cache(maxsize=256)(view)  # the data are fixed while the panel lives

    def compute(platforms, **values):
        if isinstance(platforms, str) or not isinstance(platforms, (list, tuple)):
            raise TypeError(f"platforms must be a list of platform names, got {platforms!r}")
        return cached(tuple(platforms), **values)  # a tuple, so the selection can be remembered
    panel = Panel(
        "calendar",
        "Content calendar builder",
        {
            "platforms": multi("Platforms", PLATFORMS, tuple(platforms), rows=6),
            "posts_per_week": slider("Posts per week (each)", int(posts_per_week), 1, calendar.MAX_POSTS_PER_WEEK, 1),
            "video": slider("Video (%)", 50, 0, 100, 5),
            "image": slider("Image (%)", 30, 0, 100, 5),
            "text": slider("Text (%)", 10, 0, 100, 5),
            "link": slider("Link (%)", 10, 0, 100, 5),
            "weeks": slider("Weeks", int(weeks), 1, 12, 1),
            "campaign": text("Campaign name", campaign),
        },
        compute,
        calendar.calendar_rows,
        draw=_draw,
        figsize=(5.8, 2.8),
        explain="In JupyterLab, pick platforms (Ctrl/Cmd-click for several), change the posts per week, "
        "the weeks and the content mix: the expected reach and engagement update at once. A mix that does "
        "not add up to 100% or no platform at all gets a message instead. The Export button writes the "
        "schedule as a CSV file that a spreadsheet opens safely.",
    )
    status = W.HTML()
    button = W.Button(description="Export CSV", icon="download")

    def export(_button):
        status.value = html.escape(calendar.export_message(panel.result, OUTPUT_DIR / EXPORT_NAME))

    button.on_click(export)
    panel.children = (*panel.children, W.HBox([button, status]))
    panel.export_button, panel.export_status = button, status
    return panel


DEMOS = {
    "calendar": {
        "factory": "calendar_panel",
        "steps": [
            {"video": 60, "image": 20},
            {"text": 30},
            {"platforms": (), "text": 10},
        ],
    }
}
