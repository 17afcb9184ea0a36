"""Panels of notebook 01 (what SMM is and how social media grew)."""

from __future__ import annotations

import functools

from matplotlib.ticker import MaxNLocator

from utils.nb01 import growth
from utils.shared.data import load_social_media_users
from utils.shared.plotting import PALETTE
from utils.shared.widgets import Panel, message_html, slider


def _fixed_layout(ax) -> None:
    """Fixed margins instead of a layout engine: later updates only move data,
    so there is nothing to re-lay-out (and it keeps each update fast)."""
    ax.figure.set_layout_engine("none")
    # left, bottom, width, height (fractions of the figure); the legend sits to the right of the axes
    ax.set_position([0.09, 0.15, 0.6, 0.75])


def _history(users) -> tuple[list[int], list[float], list[float]]:
    """All-platform years of the data: year, users and population in billions."""
    rows = users[users["measure"].astype(str).str.startswith(growth.ALL_PLATFORMS)].sort_values("year")
    return (rows["year"].tolist(), (rows["users_millions"] / 1000).tolist(),
            (rows["world_population_millions"] / 1000).tolist())


def population_growth_default(users=None) -> float:
    """World population growth in the data's last year, rounded to the slider's step (0.001)."""
    users = load_social_media_users() if users is None else users
    start = growth.latest(users)
    previous = users.loc[users["year"] == start["year"] - 1, "world_population_millions"]
    if previous.empty:
        return 0.0
    return round(float(growth.annual_growth(start["population"], float(previous.iloc[0]))), 3)


def projection_panel(growth_rate: float = 0.05, years_ahead: int = 10) -> Panel:
    """Project social media users forward from the last year of the data.

    Controls: growth of users per year, years ahead, growth of the world
    population per year. Shows the projected users against the population and
    warns when the projection needs more users than there are people.
    """
    users = load_social_media_users()
    start = growth.latest(users)
    years, hist_users, hist_pop = _history(users)
    compute = functools.partial(growth.projection_view, start_year=start["year"],
                                start_users=start["users"], start_population=start["population"])

    def draw(ax, view, state):
        table = view["projection"]
        x = table.index.to_list()
        users_b = (table["users_millions"] / 1000).to_list()
        pop_b = (table["world_population_millions"] / 1000).to_list()
        if "users" not in state:
            ax.plot(years, hist_users, color=PALETTE[0], marker="o", ms=3, lw=2, label="users (data)")
            ax.plot(years, hist_pop, color=PALETTE[7], lw=1.5, label="world population (data)")
            state["users"], = ax.plot(x, users_b, color=PALETTE[0], ls="--", lw=2, label="users (projection)")
            state["pop"], = ax.plot(x, pop_b, color=PALETTE[7], ls="--", lw=1.5, label="population (projection)")
            # the saturation marker is labelled on the chart (not in the legend): it is hidden
            # whenever the projection stays possible
            state["sat"] = ax.axvline(x[0], color=PALETTE[5], lw=1.5)
            state["sat_text"] = ax.text(x[0], 0.97, "", transform=ax.get_xaxis_transform(), ha="right",
                                        va="top", fontsize=8, color=PALETTE[5])
            ax.set_title("Social media users: data to 2022, then your projection")
            ax.set_xlabel("year")
            ax.set_ylabel("people (billions)")
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8, frameon=False)
            _fixed_layout(ax)
        state["users"].set_data(x, users_b)
        state["pop"].set_data(x, pop_b)
        sat = view["saturation_year"]
        state["sat"].set_xdata([sat, sat] if sat is not None else [x[0], x[0]])
        state["sat"].set_visible(sat is not None)
        state["sat_text"].set_x(sat if sat is not None else x[0])
        state["sat_text"].set_text(f"more users than people\nfrom {sat} " if sat is not None else "")
        ax.set_xlim(years[0] - 0.5, x[-1] + 0.5)
        # keep the population readable: an impossible projection leaves through the top
        population_top = max(max(pop_b), max(hist_pop))
        ax.set_ylim(0, max(population_top, min(max(users_b), 2 * population_top)) * 1.08)

    def note(view) -> str:
        text, level = growth.projection_note(view)
        return message_html(text, level)

    return Panel(
        "projection",
        "How long can growth last? Project social media users",
        {
            "growth_rate": slider("Users' growth per year", float(growth_rate), -0.05, 0.30, 0.005, fmt=".3f"),
            "years_ahead": slider("Years ahead", int(years_ahead), 1, 40, 1),
            "population_growth": slider("Population growth per year", population_growth_default(users),
                                        0.0, 0.02, 0.001, fmt=".3f"),
        },
        compute,
        growth.projection_rows,
        draw=draw,
        figsize=(7.0, 3.4),
        extra=note,
        explain="In JupyterLab, move the growth slider and the years: the table and chart update at once. "
        "At high growth rates the projected users cross the world population, the year the projection "
        "becomes impossible; the panel then says so.",
    )


DEMOS = {
    "projection": {
        "factory": "projection_panel",
        "steps": [{"growth_rate": 0.03}, {"years_ahead": 20}, {"growth_rate": 0.12}],
    }
}
