"""Panels of notebook 00 (start here)."""

from __future__ import annotations

from utils.nb00 import intro
from utils.shared.widgets import Panel, number, slider


def try_it_panel(impressions: int = 2000) -> Panel:
    def draw(ax, r, state):
        if "bars" not in state:
            state["bars"] = ax.bar(["clicked", "did not click"], [0, 0], color=["#0072B2", "#BBBBBB"])
            ax.set_title("What happened to the impressions")
            ax.set_ylabel("impressions (count)")
        shown = r["impressions"]
        state["bars"][0].set_height(r["clicks"])
        state["bars"][1].set_height(shown - r["clicks"])
        ax.set_ylim(0, max(shown, 1) * 1.05)

    return Panel(
        "try-it",
        "Try it: click-through rate",
        {"clicks": slider("Clicks", 40, 0, 400, 10), "impressions": number("Impressions", impressions)},
        intro.try_it,
        intro.try_it_rows,
        draw=draw,
        figsize=(5.5, 2.6),
        explain="In JupyterLab, drag the Clicks slider or type another number of impressions: "
        "the rate and the chart update at once. Try 0 impressions to see how the course reports impossible input.",
    )


DEMOS = {"try-it": {"factory": "try_it_panel",
                    "steps": [{"clicks": 50}, {"impressions": 4000}, {"impressions": 0}]}}
