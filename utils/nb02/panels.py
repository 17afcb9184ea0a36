"""Panels of notebook 02 (why SMM is powerful)."""

from __future__ import annotations

from utils.nb02 import power
from utils.shared.plotting import PALETTE
from utils.shared.widgets import Panel, number, slider


def _fixed_layout(ax) -> None:
    """Fixed margins instead of a layout engine: later updates only move data,
    so there is nothing to re-lay-out (and it keeps each update fast)."""
    ax.figure.set_layout_engine("none")
    ax.set_position([0.1, 0.2, 0.88, 0.7])  # left, bottom, width, height (fractions of the figure)


def word_of_mouth_panel(share_probability: float = 0.08, network_size: int = 5000) -> Panel:
    """Electronic word of mouth on a simulated network of people.

    Controls: the chance that a person passes the message to each contact, the
    size of the network and how many people see the message first. Each
    person has about 10 contacts; the simulation is seeded, so the same
    settings always give the same curve.
    """

    def draw(ax, view, state):
        steps = list(range(view["steps"] + 1))
        if "reached" not in state:
            state["reached"], = ax.plot(steps, view["reached"], color=PALETTE[2], lw=2, marker="o", ms=3,
                                        label="people who have heard it")
            state["network"] = ax.axhline(view["network_size"], color=PALETTE[7], ls="--", lw=1,
                                          label="everyone in the network")
            ax.set_title("Word of mouth: people reached, step by step")
            ax.set_xlabel("step (each step, new hearers tell their contacts)")
            ax.set_ylabel("people reached (count)")
            ax.legend(loc="upper left", fontsize=8)
            _fixed_layout(ax)
        state["reached"].set_data(steps, view["reached"])
        state["network"].set_ydata([view["network_size"], view["network_size"]])
        ax.set_xlim(0, view["steps"])
        ax.set_ylim(0, view["network_size"] * 1.3)  # room for the legend

    return Panel(
        "word-of-mouth",
        "eWOM as a contagion: how far does a recommendation travel?",
        {
            "share_probability": slider("Chance to pass it on", float(share_probability), 0.0, 0.30, 0.01),
            "network_size": slider("People in the network", int(network_size), 100, 20000, 100),
            "seed_users": number("People who see it first", 10),
        },
        power.word_of_mouth_view,
        power.word_of_mouth_rows,
        draw=draw,
        figsize=(7.0, 3.2),
        explain="In JupyterLab, move the chance to pass it on: below about 0.10 (k below 1) the message "
        "fizzles out among a few dozen people; above it, it reaches a large part of the network until "
        "hardly anyone new is left to tell and the curve flattens (saturation). Type more first viewers than there are people to see "
        "how the panel reports impossible input.",
    )


DEMOS = {
    "word-of-mouth": {
        "factory": "word_of_mouth_panel",
        "steps": [{"share_probability": 0.15}, {"network_size": 2000}, {"seed_users": 5000}],
    }
}
