"""How social media use grew: share of the world population, growth rates, projections.

The figures come from ``data/social_media_users.csv`` (real, cited: DataReportal /
Kepios Digital Global Overview Reports for 2014-2022, the UN World Population
Prospects 2022 for the population, and the course's source article for the
2004 MySpace milestone). Counts are in **millions of people**; rates are
fractions (0.10 means 10%).

* :func:`share_of_population` ``users / population``;
* :func:`annual_growth` compound growth per year, ``(current / previous) ** (1 / years) - 1``
  (year-on-year growth with ``years=1``);
* :func:`growth_table` the users file with both columns added;
* :func:`project_users` users and population carried forward at constant
  growth rates, flagging the year the projection would need more users than
  there are people (**saturation**), which is impossible;
* :func:`projection_view` / :func:`projection_rows` / :func:`projection_note`
  the pure compute of notebook 01's projection panel.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from utils.shared.plotting import big, pct
from utils.shared.validation import (
    Numeric,
    align,
    as_scalar,
    check_frame,
    check_int,
    check_le,
    check_nonnegative,
    check_positive,
    check_range,
    safe_divide,
)

__all__ = [
    "ALL_PLATFORMS",
    "MAX_YEARS_AHEAD",
    "USER_COLUMNS",
    "annual_growth",
    "growth_table",
    "latest",
    "project_users",
    "projection_note",
    "projection_rows",
    "projection_view",
    "saturation_year",
    "share_of_population",
]

#: Columns :func:`growth_table` needs from ``social_media_users.csv``.
USER_COLUMNS: tuple[str, ...] = ("year", "users_millions", "world_population_millions", "measure")

#: ``measure`` prefix of the rows that count users of every platform (not one site).
ALL_PLATFORMS: str = "all platforms"

#: Longest projection accepted, in years.
MAX_YEARS_AHEAD: int = 100


def share_of_population(users: Any, population: Any) -> Numeric:
    """Share of the world population using social media: ``users / population``.

    A fraction from 0 to 1. Both counts in the same unit (millions of people);
    ``population`` must be greater than 0 and ``users`` cannot exceed it.
    Example: ``share_of_population(2000, 8000)`` = 0.25 (25%).
    Works on scalars, arrays and Series.
    """
    people = check_nonnegative("users", users)
    everyone = check_positive("population", population)
    check_le("users", people, "population", everyone, "share of population")
    return safe_divide(people, everyone, num_name="users", den_name="population",
                       name="share_of_population", context="share of population")


def annual_growth(current: Any, previous: Any, years: Any = 1) -> Numeric:
    """Compound growth per year from ``previous`` to ``current`` over ``years``.

    ``(current / previous) ** (1 / years) - 1``, a fraction per year. With
    ``years=1`` this is year-on-year growth: ``annual_growth(110, 100)`` = 0.10.
    Over several years it is the steady yearly rate that compounds to the
    whole change (not the total change divided by the years):
    ``annual_growth(121, 100, 2)`` = 0.10.

    ``current`` >= 0 and ``previous`` > 0 (same unit); ``years`` a whole
    number >= 1. Works on scalars, arrays and Series.
    """
    now = check_nonnegative("current", current)
    before = check_positive("previous", previous)
    span = check_int("years", years, minimum=1, maximum=1000)
    ratio = safe_divide(now, before, num_name="current", den_name="previous", context="growth")
    aligned = align(("current / previous", ratio))
    return aligned.wrap(np.power(aligned.values[0], 1.0 / span) - 1.0, "annual_growth")


def _check_users_frame(users: Any) -> pd.DataFrame:
    check_frame("users", users, USER_COLUMNS, hint=f"it needs {list(USER_COLUMNS)} (load_social_media_users())",
                empty="there is nothing to compute growth from")
    year = check_nonnegative("year", users["year"])
    if (year != np.floor(year)).any():
        raise ValueError("year must hold whole years")
    if users["year"].duplicated().any():
        dup = users.loc[users["year"].duplicated(), "year"].iloc[0]
        raise ValueError(f"year must be unique, but {dup} appears more than once")
    return users


def growth_table(users: pd.DataFrame) -> pd.DataFrame:
    """The users file with share of population and year-on-year growth added.

    ``users``: the frame of :func:`utils.shared.data.load_social_media_users` (columns
    :data:`USER_COLUMNS`). Rows are sorted by year. Added columns:

    * ``share_of_population`` = ``users_millions / world_population_millions``;
    * ``yoy_growth`` = growth on the previous year, **only** where that year is
      in the table and counts the same thing (same ``measure``); NaN
      otherwise (the first year, or the 2004 single-site milestone next to
      all-platform counts), so format it before display.

    Raises ``ValueError`` naming the problem for missing columns, no rows,
    duplicate years, or users above the population.
    """
    frame = _check_users_frame(users).sort_values("year").reset_index(drop=True)
    frame = frame.copy()
    frame["share_of_population"] = share_of_population(
        frame["users_millions"], frame["world_population_millions"]
    )
    previous_year = frame["year"].shift(1)
    comparable = (previous_year == frame["year"] - 1) & (frame["measure"] == frame["measure"].shift(1))
    growth = pd.Series(np.nan, index=frame.index, name="yoy_growth")
    if comparable.any():
        growth[comparable] = annual_growth(
            frame.loc[comparable, "users_millions"],
            frame["users_millions"].shift(1)[comparable],
        )
    frame["yoy_growth"] = growth
    return frame


def latest(users: pd.DataFrame) -> dict[str, Any]:
    """The most recent all-platform year: ``year``, ``users`` and ``population`` (millions).

    The starting point of a projection. Raises ``ValueError`` if no row's
    ``measure`` starts with :data:`ALL_PLATFORMS`.
    """
    frame = _check_users_frame(users)
    rows = frame[frame["measure"].astype(str).str.startswith(ALL_PLATFORMS)]
    if rows.empty:
        raise ValueError(f"users has no row whose measure starts with {ALL_PLATFORMS!r}")
    last = rows.sort_values("year").iloc[-1]
    return {"year": int(last["year"]), "users": float(last["users_millions"]),
            "population": float(last["world_population_millions"])}


def _rate(name: str, value: Any, low: float, high: float) -> float:
    return float(check_range(name, as_scalar(name, value), low=low, high=high,
                             hint="a growth rate is a fraction per year: write 5% as 0.05"))


def project_users(
    start_users: Any,
    growth_rate: Any,
    years_ahead: Any,
    start_population: Any,
    population_growth: Any = 0.0,
    start_year: Any = 0,
) -> pd.DataFrame:
    """Carry users and population forward at constant yearly growth rates.

    ``users[t] = start_users * (1 + growth_rate) ** t`` and
    ``population[t] = start_population * (1 + population_growth) ** t`` for
    ``t = 0..years_ahead``. The ratio ``users_per_person = users / population``
    is **not** capped: above 1 the projection asks for more users than there
    are people, so it has become impossible (``saturated`` is True). Real
    growth slows long before.

    Units: millions of people; rates are fractions per year (``growth_rate``
    from -0.5 to 1, ``population_growth`` from -0.05 to 0.05).
    ``years_ahead``: whole number from 1 to :data:`MAX_YEARS_AHEAD`.
    ``start_users`` cannot exceed ``start_population``.

    Returns a DataFrame indexed by ``year`` with columns ``users_millions``,
    ``world_population_millions``, ``users_per_person`` and ``saturated``.
    """
    users0 = float(check_nonnegative("start_users", as_scalar("start_users", start_users)))
    population0 = float(check_positive("start_population", as_scalar("start_population", start_population)))
    check_le("start_users", users0, "start_population", population0, "a projection")
    rate = _rate("growth_rate", growth_rate, -0.5, 1.0)
    pop_rate = _rate("population_growth", population_growth, -0.05, 0.05)
    horizon = check_int("years_ahead", years_ahead, minimum=1, maximum=MAX_YEARS_AHEAD)
    year0 = check_int("start_year", start_year, minimum=0, maximum=10_000)
    steps = np.arange(horizon + 1)
    users = users0 * np.power(1.0 + rate, steps)
    population = population0 * np.power(1.0 + pop_rate, steps)
    frame = pd.DataFrame(
        {
            "users_millions": users,
            "world_population_millions": population,
            "users_per_person": users / population,
        },
        index=pd.Index(year0 + steps, name="year"),
    )
    frame["saturated"] = frame["users_per_person"] > 1.0
    return frame


def saturation_year(projection: pd.DataFrame) -> int | None:
    """First year of a :func:`project_users` table with more users than people, or None."""
    if not isinstance(projection, pd.DataFrame) or "saturated" not in projection.columns:
        raise TypeError("projection must be the DataFrame returned by project_users()")
    hits = projection.index[projection["saturated"].to_numpy(dtype=bool)]
    return int(hits[0]) if len(hits) else None


# ------------------------------------------------------------------ notebook 01 panel
def projection_view(
    growth_rate: Any,
    years_ahead: Any,
    population_growth: Any = 0.0,
    *,
    start_year: Any,
    start_users: Any,
    start_population: Any,
) -> dict[str, Any]:
    """Compute of the projection panel: the projection plus the numbers it shows.

    Returns a dict with ``projection`` (from :func:`project_users`), the
    inputs, ``end_year``, ``end_users``, ``end_population``, ``end_ratio``
    (users per person in the last year, may exceed 1) and
    ``saturation_year`` (None if the projection stays possible).
    """
    table = project_users(start_users, growth_rate, years_ahead, start_population,
                          population_growth, start_year)
    last = table.iloc[-1]
    return {
        "projection": table,
        "growth_rate": float(growth_rate),
        "population_growth": float(population_growth),
        "start_year": int(table.index[0]),
        "start_users": float(table["users_millions"].iloc[0]),
        "start_share": float(table["users_per_person"].iloc[0]),
        "end_year": int(table.index[-1]),
        "end_users": float(last["users_millions"]),
        "end_population": float(last["world_population_millions"]),
        "end_ratio": float(last["users_per_person"]),
        "saturation_year": saturation_year(table),
    }


def _people(millions: float) -> str:
    return big(millions * 1e6)


def projection_rows(view: dict[str, Any]) -> list[tuple[str, str]]:
    """The panel's results table (label, formatted value)."""
    end = view["end_year"]
    sat = view["saturation_year"]
    return [
        (f"Users in {view['start_year']} (data)", f"{_people(view['start_users'])} ({pct(view['start_share'])} of people)"),
        ("Growth per year (your pick)", pct(view["growth_rate"])),
        (f"Projected users in {end}", _people(view["end_users"])),
        (f"World population in {end}", _people(view["end_population"])),
        ("Users as a share of the population",
         pct(view["end_ratio"]) + (" (impossible: over 100%)" if view["end_ratio"] > 1 else "")),
        ("Users would pass the population in", str(sat) if sat is not None else f"not by {end}"),
    ]


def projection_note(view: dict[str, Any]) -> tuple[str, str]:
    """A one-sentence verdict on the projection and its level (``warning`` or ``info``)."""
    sat = view["saturation_year"]
    rate = pct(view["growth_rate"])
    if sat is not None:
        return (
            f"Impossible: at {rate} a year, social media would need more users than there are people "
            f"on Earth by {sat}. Growth cannot stay that high: as nearly everyone who can join has "
            f"joined, the market saturates and growth slows.",
            "warning",
        )
    if view["growth_rate"] < 0:
        return (f"At {rate} a year the number of users shrinks, to {pct(view['end_ratio'])} of the "
                f"population by {view['end_year']}.", "info")
    return (
        f"Possible on paper: at {rate} a year, {pct(view['end_ratio'])} of the population would use "
        f"social media by {view['end_year']}. Try a higher rate or more years to find where it stops being possible.",
        "info",
    )
