"""Panels of notebook 08 (tracking metrics): a metric calculator and a posts dashboard.

Both panels only wire controls to pure functions of :mod:`utils.shared.dashboard`
(``metric_calculator`` and ``posts_dashboard``), which the unit tests check
without a browser.
"""

from __future__ import annotations

from utils.shared import dashboard
from utils.shared.config import CONTENT_TYPES, PLATFORMS
from utils.shared.data import load_posts
from utils.shared.plotting import PALETTE, PLATFORM_COLOURS
from utils.shared.widgets import Panel, PanelMessage, dropdown, number, range_slider

_GREY = "#BBBBBB"


def metric_calculator_panel() -> Panel:
    """Type in counts, get every rate (or a message naming the impossible field)."""
    defaults = dashboard.metric_calculator()
    controls = {
        field: number(label, float(defaults[field]) if kind in ("money", "fraction") else int(defaults[field]))
        for field, (label, kind) in dashboard.CALCULATOR_FIELDS.items()
    }
    keys = [k for k, _ in dashboard.CALCULATOR_CHART]
    labels = [label for _, label in dashboard.CALCULATOR_CHART]

    def draw(ax, r, state):
        values = [r[k] * 100 for k in keys]
        if "bars" not in state:
            state["bars"] = ax.barh(labels, values, color=PALETTE[0])
            state["texts"] = [ax.text(0, bar.get_y() + bar.get_height() / 2, "", va="center", fontsize=9)
                              for bar in state["bars"]]
            ax.invert_yaxis()
            ax.set_title("Each rate over its own denominator")
            ax.set_xlabel("rate (%)")
        top = max(max(values), 1.0)
        for bar, text, value in zip(state["bars"], state["texts"], values):
            bar.set_width(value)
            text.set_x(value + top * 0.01)
            text.set_text(f"{value:.2f}%")
        ax.set_xlim(0, top * 1.2)

    return Panel(
        "metric-calculator",
        "Metric calculator",
        controls,
        dashboard.metric_calculator,
        dashboard.calculator_rows,
        draw=draw,
        figsize=(6.0, 3.0),
        explain="In JupyterLab, type other counts: every rate updates at once, each over its own denominator. "
        "Type an impossible count (more clicks than impressions, a negative number, 0 followers) and the "
        "panel names the field and the rule instead of showing a number.",
    )


def dashboard_panel(platform: str = "TikTok", start_month: int = 1, end_month: int = 12) -> Panel:
    """Pooled rates of the posts of one platform, content type and month range, with a monthly chart."""
    posts = load_posts()

    def compute(platform, content_type, months):
        if isinstance(months, (str, bytes)) or not hasattr(months, "__len__") or len(months) != 2:
            raise TypeError(f"months must be a (first, last) pair of month numbers such as (1, 12), got {months!r}")
        try:
            return dashboard.posts_dashboard(posts, platform, months[0], months[1], content_type)
        except dashboard.EmptySelection as empty:
            raise PanelMessage(str(empty), "info") from None

    def draw(ax, r, state):
        monthly = r["monthly"]
        heights = (monthly["er_impressions"] * 100).to_numpy()
        colour = PLATFORM_COLOURS.get(r["platform"], PALETTE[0])
        colours = [colour if sel else _GREY for sel in monthly["selected"]]
        if "bars" not in state:
            state["bars"] = ax.bar(list(dashboard.MONTHS), heights, color=colours)
            ax.set_xlabel("month of 2025")
            ax.set_ylabel("engagement rate (% of impressions)")
            # one decimal on every tick: the labels keep their width when the scale changes,
            # so the y label stays inside the frozen layout
            ax.yaxis.set_major_formatter("{x:.1f}")
        for bar, h, c in zip(state["bars"], heights, colours):
            bar.set_height(h)
            bar.set_color(c)
        ax.set_ylim(0, max(heights.max(), 1.0) * 1.15)
        what = " ".join(w for w in (r["platform"], r["content_type"]) if w != dashboard.ALL) or "All"
        ax.set_title(f"Engagement rate by impressions, by month: {what} posts")

    return Panel(
        "dashboard",
        "Posts dashboard",
        {
            "platform": dropdown("Platform", [dashboard.ALL, *PLATFORMS], platform),
            "content_type": dropdown("Content type", [dashboard.ALL, *CONTENT_TYPES], dashboard.ALL),
            "months": range_slider("Months (1 = Jan)", (int(start_month), int(end_month)), 1, 12),
        },
        compute,
        dashboard.dashboard_rows,
        draw=draw,
        figsize=(7.0, 3.0),
        explain="In JupyterLab, pick a platform, a content type and a range of months: the pooled rates and the "
        "chart follow. A choice that selects no posts (TikTok has no text posts) says so instead of "
        "showing empty numbers.",
    )


DEMOS = {
    "metric-calculator": {"factory": "metric_calculator_panel",
                          "steps": [{"likes": 600}, {"clicks": 20000}, {"clicks": 120, "cost": 0.0}]},
    "dashboard": {"factory": "dashboard_panel",
                  "steps": [{"platform": "X"}, {"months": (6, 9)}, {"platform": "TikTok", "content_type": "text"}]},
}
