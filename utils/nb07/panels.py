"""Panels of notebook 07 (CRM and customer value).

The compute function is :func:`utils.nb07.crm.explore` (pure, unit-tested); this
module only builds the controls, the chart and the wiring.
"""

from __future__ import annotations

from utils.nb07 import crm
from utils.shared.data import load_audience
from utils.shared.plotting import PALETTE
from utils.shared.widgets import Panel, dropdown, slider

#: The notebook's default settings (its parameters cell uses the same values).
DEFAULTS = {"referral_weight": 1.0, "depth": 1, "decay": 0.5, "top_n": 10}

#: Most bars the chart can show (the top_n slider's maximum).
MAX_BARS = 20

DEPTH_OPTIONS = [
    ("0: purchases only", 0),
    ("1: + people they referred", 1),
    ("2: + people those referred", 2),
    ("3: + one level further", 3),
]


def _draw(ax, result, state) -> None:
    top = result["top"]
    n = len(top)
    direct = top["direct_value"].to_numpy()
    referred = top["weighted_indirect"].to_numpy()
    if "own" not in state:
        slots = range(MAX_BARS)
        state["own"] = ax.barh(slots, [0] * MAX_BARS, color=PALETTE[0], label="own purchases")
        state["ref"] = ax.barh(slots, [0] * MAX_BARS, color=PALETTE[1], label="credit for referrals")
        ax.set_xlabel("customer value (EUR)")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2)
        state["title"] = ax.set_title("")
    for i in range(MAX_BARS):
        shown = i < n
        own, ref = state["own"][i], state["ref"][i]
        own.set_visible(shown)
        ref.set_visible(shown)
        if shown:
            own.set_width(direct[i])
            ref.set_x(direct[i])
            ref.set_width(referred[i])
    ax.set_yticks(range(n))
    ax.set_yticklabels([f"{pid} (was #{int(r)})" for pid, r in zip(top.index, top["rank_purchases"])], fontsize=8)
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlim(0, max(float((direct + referred).max()), 1.0) * 1.08)
    ax.set_ylabel("person (purchase-only rank)")
    state["title"].set_text(f"Top {n} customers by value (referral weight {result['referral_weight']:g})")


def value_ranking(
    referral_weight: float = DEFAULTS["referral_weight"],
    depth: int = DEFAULTS["depth"],
    decay: float = DEFAULTS["decay"],
    top_n: int = DEFAULTS["top_n"],
) -> Panel:
    """Weigh referral value against purchases and see the customer ranking change."""
    audience = load_audience()

    def compute(**values):
        return crm.explore(audience, **values)

    controls = {
        "referral_weight": slider("Referral weight", float(referral_weight), 0.0, 3.0, 0.1),
        "depth": dropdown("Referral levels", DEPTH_OPTIONS, int(depth)),
        "decay": slider("Decay per level", float(decay), 0.0, 1.0, 0.05),
        "top_n": slider("Customers shown", int(top_n), 5, MAX_BARS, 1),
    }
    return Panel(
        "value-ranking",
        "Customer value: purchases plus referrals",
        controls,
        compute,
        crm.explore_rows,
        draw=_draw,
        figsize=(6.6, 4.0),
        explain="In JupyterLab, move the referral weight from 0 (purchases only) upwards, or follow more referral "
        "levels: the ranking reorders, and customers who buy little but bring in many buyers climb to the top.",
    )


DEMOS = {
    "value-ranking": {
        "factory": "value_ranking",
        "steps": [
            {"referral_weight": 0.0},
            {"referral_weight": 1.5, "depth": 2},
            {"top_n": 5},
        ],
    }
}
