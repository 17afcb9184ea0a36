"""Panel of notebook 10 (risks and crisis response): how fast and how far to answer a false claim.

The panel only wires two sliders to :func:`utils.nb10.crisis.simulate_false_claim`
(seeded, pure); the sales at risk come from the web shop data via
:func:`utils.nb10.crisis.quarterly_revenue`.
"""

from __future__ import annotations

from utils.nb10 import crisis
from utils.shared.data import load_web_sessions
from utils.shared.plotting import PALETTE, thousands_formatter
from utils.shared.widgets import Panel, slider


def response_panel(response_hours: int = 24, response_rate: float = 0.6) -> Panel:
    """Response delay (hours) and reach (share of people) against the spread of a false claim."""
    sales = crisis.quarterly_revenue(load_web_sessions())

    def compute(response_hours, response_rate):
        return crisis.simulate_false_claim(response_hours, response_rate, quarterly_sales=sales)

    def draw(ax, r, state):
        days = r.hours / 24
        if "lines" not in state:
            believing, = ax.plot(days, r.believing, color=PALETTE[5], lw=2, label="believe the claim")
            corrected, = ax.plot(days, r.corrected, color=PALETTE[2], lw=2, label="believed it, then corrected")
            informed, = ax.plot(days, r.informed, color=PALETTE[4], lw=2, ls="--",
                                label="saw the correction first")
            start = ax.axvline(r.response_hours / 24, color=PALETTE[7], lw=1, ls=":", label="correction starts")
            state["lines"] = (believing, corrected, informed, start)
            ax.set_xlim(0, days[-1])
            ax.set_ylim(0, r.population * 1.02)
            ax.set_title("A false claim spreads, then recedes")
            ax.set_xlabel("days since the claim appeared")
            ax.set_ylabel("people")
            ax.yaxis.set_major_formatter(thousands_formatter())
            ax.legend(loc="upper right", fontsize=8)
        believing, corrected, informed, start = state["lines"]
        believing.set_ydata(r.believing)
        corrected.set_ydata(r.corrected)
        informed.set_ydata(r.informed)
        start.set_xdata([r.response_hours / 24, r.response_hours / 24])

    return Panel(
        "crisis-response",
        "Answering a false claim: how fast, how far",
        {
            "response_hours": slider("Response after (hours)", int(response_hours), 0, 96, 2),
            "response_rate": slider("Response reaches (share)", float(response_rate), 0.0, 1.0, 0.05),
        },
        compute,
        crisis.claim_rows,
        draw=draw,
        figsize=(7.0, 3.2),
        explain="In JupyterLab, move the sliders: answering within hours keeps the claim from taking off, "
        "answering after two days mostly cleans up afterwards, and a correction that reaches few people "
        "leaves many believing for weeks. Every run uses the same seed, so only your settings change the result.",
    )


DEMOS = {
    "crisis-response": {"factory": "response_panel",
                        "steps": [{"response_hours": 4}, {"response_rate": 0.9}, {"response_hours": 48}]},
}
