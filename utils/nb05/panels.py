"""Panels of notebook 05 (viral marketing)."""

from __future__ import annotations

import ipywidgets as W
import numpy as np
from matplotlib.ticker import FuncFormatter, MaxNLocator, NullLocator

from utils.nb05 import viral
from utils.shared.plotting import PALETTE, compact
from utils.shared.widgets import Panel, PanelMessage, slider

#: Lowest value drawn on the log axis: generations with nobody new sit on this floor.
FLOOR = 0.5


def _compute(**values):
    try:
        return viral.reach_explorer(**values)
    except viral.NoFiniteReach as note:
        raise PanelMessage(str(note), "info") from None


def _draw(ax, r, state):
    table = r["table"]
    g = table.index.to_numpy()
    expected = np.maximum(table["expected"].to_numpy(), FLOOR)
    mean = np.maximum(table["mean"].to_numpy(), FLOOR)
    low = np.maximum(table["p10"].to_numpy(), FLOOR)
    high = np.maximum(table["p90"].to_numpy(), FLOOR)
    band = np.concatenate([np.column_stack([g, low]), np.column_stack([g[::-1], high[::-1]])])
    if "expected" not in state:
        # Fixed margins and plain tick labels keep each redraw fast (no layout solve, no mathtext).
        ax.figure.set_layout_engine("none")
        ax.set_position([0.1, 0.25, 0.87, 0.67])
        ax.set_yscale("log")
        ax.yaxis.set_major_formatter(FuncFormatter(compact))
        ax.yaxis.set_minor_locator(NullLocator())
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        state["band"] = ax.fill_between(g, low, high, color=PALETTE[4], alpha=0.35, linewidth=0,
                                        label="80% of simulated runs")
        (state["threshold"],) = ax.plot(g, np.full(len(g), float(r["seed_users"])), color=PALETTE[7],
                                        linestyle="--", linewidth=1, label="K = 1 threshold")
        (state["expected"],) = ax.plot(g, expected, color=PALETTE[0], linewidth=2,
                                       label="expected (formula)")
        (state["mean"],) = ax.plot(g, mean, color=PALETTE[1], marker="o", markersize=3, linewidth=1.2,
                                   label="simulated mean")
        ax.set_xlabel("generation of sharing (0 = seed audience)")
        ax.set_ylabel("new people reached (log scale)")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.17), ncol=4, fontsize=8)
    state["band"].set_verts([band])
    state["threshold"].set_data([0, g[-1]], [r["seed_users"]] * 2)
    state["expected"].set_data(g, expected)
    state["mean"].set_data(g, mean)
    top = max(float(table[["expected", "mean", "p90"]].to_numpy().max()), float(r["seed_users"]))
    ax.set_xlim(0, max(g[-1], 1))
    ax.set_ylim(FLOOR * 0.9, top * 3)
    ax.set_title(f"People reached per generation, K = {r['k']:.2f}")


def reach_panel(k: float = 0.8, seed_users: int = 500, generations: int = 10, capped: bool = True) -> Panel:
    """K, seed audience and generations -> reach per generation, expected and simulated."""
    cap = W.Checkbox(value=bool(capped), description="Count only the generations shown",
                     style={"description_width": "initial"}, layout=W.Layout(width="330px"))
    return Panel(
        "reach",
        "Explore: how K drives reach",
        {
            "k": slider("Viral coefficient K", float(k), 0.0, 2.0, 0.05),
            "seed_users": slider("Seed audience (people)", int(seed_users), 10, 1000, 10),
            "generations": slider("Generations", int(generations), 1, viral.EXPLORER_MAX_GENERATIONS, 1),
            "capped": cap,
        },
        _compute,
        viral.reach_rows,
        draw=_draw,
        figsize=(7.0, 3.8),
        explain="In JupyterLab, drag K across 1: below the dashed line each generation shrinks and the total "
        "levels off at seed / (1 - K); above it each generation grows. Lower the seed audience to 10 with K "
        "near 1 to see how often the simulated chains die out, and untick the cap with K of 1 or more to read "
        "why there is then no finite total.",
    )


DEMOS = {
    "reach": {
        "factory": "reach_panel",
        "steps": [{"k": 0.5}, {"k": 1.3, "seed_users": 50}, {"capped": False}],
    }
}
