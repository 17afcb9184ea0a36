"""Panels of notebook 09 (from goals to metrics)."""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Patch

from utils.nb09 import goals as gt
from utils.shared.data import load_posts, load_web_sessions
from utils.shared.plotting import PALETTE
from utils.shared.widgets import Panel, PanelMessage, dropdown, slider

#: Most months a goal can span in the panel (bars are created once for all of them).
MAX_MONTHS = 12
SOURCE_LABELS = {"posts": "posts: orders after a post click", "web_sessions": "web shop visits from social"}
STATUS_COLOURS = {"on track": PALETTE[2], "behind": PALETTE[5], "baseline": "#999999"}


def monthly_by_source() -> dict[str, object]:
    """Monthly conversions from social media, per source (loaded once per panel)."""
    return {"posts": gt.monthly_conversions(load_posts(), "posts"),
            "web_sessions": gt.monthly_conversions(load_web_sessions(), "web_sessions")}


def _draw(ax, r, state):
    path = r["path"]
    n = len(path)
    actual = np.zeros(MAX_MONTHS + 1)
    actual[0] = r["baseline"]
    colours = [STATUS_COLOURS["baseline"]] + [STATUS_COLOURS["behind"]] * MAX_MONTHS
    for i, row in enumerate(r["tracker"].itertuples(), start=1):
        actual[i] = row.actual
        colours[i] = STATUS_COLOURS[row.status]
    if "bars" not in state:
        # Fixed margins keep each redraw fast (no layout solve on every update).
        ax.figure.set_layout_engine("none")
        ax.set_position([0.115, 0.34, 0.865, 0.56])
        state["bars"] = ax.bar(np.arange(MAX_MONTHS + 1), actual, width=0.6, color=colours)
        (state["target"],) = ax.plot([], [], color=PALETTE[0], marker="o", linewidth=2, zorder=3)
        ax.set_ylabel("conversions per month (orders)")
        ax.set_xlabel("month (baseline first)")
        handles = [state["target"]] + [Patch(color=STATUS_COLOURS[s]) for s in ("baseline", "on track", "behind")]
        ax.legend(handles, ["target path", "baseline", "actual: on track", "actual: behind"],
                  loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=4, fontsize=8)
    for i, bar in enumerate(state["bars"]):
        bar.set_height(actual[i])
        bar.set_color(colours[i])
    state["target"].set_data(np.arange(n), path.to_numpy())
    ax.set_xlim(-0.5, n - 0.5)
    labels = (tuple(path.index), n > 7)
    if state.get("labels") != labels:  # new tick labels only when the months change
        ax.set_xticks(np.arange(n))
        ax.set_xticklabels(list(path.index), rotation=45 if n > 7 else 0, fontsize=8)
        state["labels"] = labels
    top = max(float(path.max()), float(actual.max()))
    ax.set_ylim(0, top * 1.15)
    ax.set_title(f"Goal: {r['uplift']:+.0%} conversions in {r['months']} months from {r['baseline_month']}")


def goal_panel(uplift: float = 0.15, months: int = 3, baseline_month: str = "2025-08",
               source: str = "posts") -> Panel:
    """Uplift, horizon, baseline month and data source -> target path and on-track status."""
    monthly = monthly_by_source()

    def compute(uplift, months, baseline_month, source):
        if not isinstance(source, str) or source not in monthly:
            raise ValueError(f"source must be one of {', '.join(map(repr, monthly))} (where conversions are "
                             f"counted), got {source!r}")
        try:
            return gt.track_goal(monthly[source], baseline_month, uplift, months)
        except gt.NoActualsYet as note:
            raise PanelMessage(str(note), "info") from None

    return Panel(
        "goal",
        "Explore: a conversions goal and its tracker",
        {
            "uplift": slider("Uplift (0.15 = +15%)", float(uplift), 0.0, 0.5, 0.01),
            "months": slider("Months to reach it", int(months), 1, MAX_MONTHS, 1),
            "baseline_month": dropdown("Baseline month", list(monthly["posts"].index), baseline_month),
            "source": dropdown("Conversions counted in", [(v, k) for k, v in SOURCE_LABELS.items()], source),
        },
        compute,
        gt.tracker_rows,
        draw=_draw,
        figsize=(7.0, 3.8),
        explain="In JupyterLab, raise the uplift or shorten the horizon to see the monthly rate needed climb "
        "(always a little below uplift / months, because growth compounds); move the baseline month to track "
        "other windows: the September 2025 crisis drags down windows that include it, and a baseline taken in "
        "the crisis makes the goal easy. Pick December 2025 to see why a goal that has not started yet cannot "
        "be tracked.",
    )


DEMOS = {
    "goal": {
        "factory": "goal_panel",
        "steps": [{"uplift": 0.3}, {"baseline_month": "2025-05", "months": 6}, {"baseline_month": "2025-12"}],
    }
}
