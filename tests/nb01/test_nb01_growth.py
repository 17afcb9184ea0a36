"""Tests of utils.nb01.growth: share of population, growth rates, the growth table and projections."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from conftest import ROOT
from utils.nb01.growth import (
    annual_growth,
    growth_table,
    latest,
    project_users,
    projection_note,
    projection_rows,
    projection_view,
    saturation_year,
    share_of_population,
)

RAW = ROOT / "data" / "social_media_users.csv"


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    """The users file read straight from the CSV (independently of utils.shared.data)."""
    return pd.read_csv(RAW)


def small() -> pd.DataFrame:
    return pd.DataFrame({
        "year": [2020, 2004, 2021, 2022],
        "users_millions": [100, 1, 110, 121],
        "world_population_millions": [1000, 900, 1000, 1100],
        "measure": ["all platforms", "one site", "all platforms", "all platforms"],
    })


# --------------------------------------------------------------------------- #
# share_of_population
# --------------------------------------------------------------------------- #
def test_share_of_population_hand_worked():
    assert share_of_population(4620, 7910) == pytest.approx(4620 / 7910)
    assert share_of_population(0, 10) == 0.0
    assert share_of_population(10, 10) == 1.0
    assert type(share_of_population(1, 4)) is float


def test_share_of_population_columns_keep_index():
    s = share_of_population(pd.Series([1, 3], index=[2020, 2021]), pd.Series([4, 4], index=[2020, 2021]))
    assert list(s.index) == [2020, 2021] and s.name == "share_of_population"
    np.testing.assert_allclose(s.to_numpy(), [0.25, 0.75])


@pytest.mark.parametrize(
    "users,population,exc,words",
    [
        (11, 10, ValueError, "users (11) cannot exceed population (10)"),
        (-1, 10, ValueError, "users must be 0 or more"),
        (1, 0, ValueError, "population must be greater than 0"),
        ("5", 10, TypeError, "users must be a number"),
        (5, None, TypeError, "population must be a number"),
        (float("nan"), 10, ValueError, "users is NaN"),
    ],
)
def test_share_of_population_bad_input(users, population, exc, words):
    with pytest.raises(exc) as info:
        share_of_population(users, population)
    assert words in str(info.value)


# --------------------------------------------------------------------------- #
# annual_growth
# --------------------------------------------------------------------------- #
def test_annual_growth_hand_worked():
    assert annual_growth(110, 100) == pytest.approx(0.10)
    assert annual_growth(121, 100, 2) == pytest.approx(0.10)  # compounds: 1.1 * 1.1 = 1.21
    assert annual_growth(121, 100, 2) != pytest.approx(0.105)  # not the simple average
    assert annual_growth(90, 100) == pytest.approx(-0.10)
    assert annual_growth(0, 100) == -1.0
    assert annual_growth(100, 100, 5) == 0.0


def test_annual_growth_columns():
    g = annual_growth(pd.Series([110, 150], index=["a", "b"]), pd.Series([100, 100], index=["a", "b"]))
    assert list(g.index) == ["a", "b"] and g.name == "annual_growth"
    np.testing.assert_allclose(g.to_numpy(), [0.10, 0.50])


@pytest.mark.parametrize(
    "args,exc,words",
    [
        ((110, 0), ValueError, "previous must be greater than 0"),
        ((-1, 100), ValueError, "current must be 0 or more"),
        ((110, 100, 0), ValueError, "years must be"),
        ((110, 100, 1.5), ValueError, "years must be a whole number"),
        ((110, 100, True), TypeError, "years must be a number"),
        (("110", 100), TypeError, "current must be a number"),
    ],
)
def test_annual_growth_bad_input(args, exc, words):
    with pytest.raises(exc) as info:
        annual_growth(*args)
    assert words in str(info.value)


# --------------------------------------------------------------------------- #
# growth_table on the shipped (real) data, checked against the raw CSV
# --------------------------------------------------------------------------- #
def test_growth_table_matches_raw_csv(raw):
    table = growth_table(raw).set_index("year")
    by_year = raw.set_index("year")
    for year in by_year.index:
        expected = by_year.loc[year, "users_millions"] / by_year.loc[year, "world_population_millions"]
        assert table.loc[year, "share_of_population"] == pytest.approx(expected)
    assert table.loc[2022, "yoy_growth"] == pytest.approx(
        by_year.loc[2022, "users_millions"] / by_year.loc[2021, "users_millions"] - 1
    )


def test_growth_table_reproduces_the_source_figures(raw):
    """The source: 4.6 billion users in 2022, over 58% of people, about 10% growth in a year."""
    row = growth_table(raw).set_index("year").loc[2022]
    assert round(row["users_millions"] / 1000, 1) == 4.6
    assert row["share_of_population"] > 0.58
    assert round(row["yoy_growth"], 3) >= 0.10


def test_growth_table_only_compares_like_with_like(raw):
    table = growth_table(raw).set_index("year")
    # 2004 (one site) and 2014 (first all-platform year) have no comparable previous year
    assert math.isnan(table.loc[2004, "yoy_growth"]) and math.isnan(table.loc[2014, "yoy_growth"])
    assert table.loc[2015:2022, "yoy_growth"].notna().all()


def test_growth_table_sorts_and_skips_gaps_and_other_measures():
    table = growth_table(small())
    assert table["year"].tolist() == [2004, 2020, 2021, 2022]
    growth = table.set_index("year")["yoy_growth"]
    assert math.isnan(growth[2004]) and math.isnan(growth[2020])
    assert growth[2021] == pytest.approx(0.10) and growth[2022] == pytest.approx(0.10)
    other = small()
    other.loc[other["year"] == 2021, "measure"] = "one site"
    g = growth_table(other).set_index("year")["yoy_growth"]
    assert math.isnan(g[2021]) and math.isnan(g[2022])  # measure changed between years


def test_growth_table_does_not_change_its_input():
    frame = small()
    before = frame.copy()
    growth_table(frame)
    pd.testing.assert_frame_equal(frame, before)


@pytest.mark.parametrize(
    "frame,exc,words",
    [
        ([1, 2], TypeError, "users must be a pandas DataFrame"),
        (small().drop(columns="measure"), ValueError, "missing the column(s) ['measure']"),
        (small().iloc[0:0], ValueError, "users has no rows"),
        (pd.concat([small(), small().iloc[[0]]]), ValueError, "year must be unique, but 2020"),
        (small().assign(users_millions=[100, 1, 1200, 121]), ValueError, "users cannot exceed population"),
    ],
)
def test_growth_table_bad_input(frame, exc, words):
    with pytest.raises(exc) as info:
        growth_table(frame)
    assert words in str(info.value)


def test_latest_is_the_last_all_platform_year(raw):
    start = latest(raw)
    last = raw[raw["measure"].str.startswith("all platforms")].sort_values("year").iloc[-1]
    assert start == {"year": int(last["year"]), "users": float(last["users_millions"]),
                     "population": float(last["world_population_millions"])}
    with pytest.raises(ValueError, match="no row whose measure starts with 'all platforms'"):
        latest(small().assign(measure="one site"))


# --------------------------------------------------------------------------- #
# projections
# --------------------------------------------------------------------------- #
def test_project_users_hand_worked():
    p = project_users(100, 0.10, 2, 1000, 0.0, 2022)
    assert p.index.tolist() == [2022, 2023, 2024] and p.index.name == "year"
    np.testing.assert_allclose(p["users_millions"], [100, 110, 121])
    np.testing.assert_allclose(p["world_population_millions"], [1000, 1000, 1000])
    np.testing.assert_allclose(p["users_per_person"], [0.1, 0.11, 0.121])
    assert not p["saturated"].any() and saturation_year(p) is None


def test_project_users_saturates_when_users_pass_the_population():
    p = project_users(500, 1.0, 3, 1000, 0.0, 2000)  # 500, 1000, 2000, 4000
    assert p["saturated"].tolist() == [False, False, True, True]  # equal is not yet more
    assert saturation_year(p) == 2002
    assert p["users_per_person"].iloc[-1] == pytest.approx(4.0)  # not capped: shows how impossible


def test_project_users_population_growth():
    p = project_users(100, 0.0, 2, 1000, 0.01)
    np.testing.assert_allclose(p["world_population_millions"], [1000, 1010, 1020.1])
    assert p.index.tolist() == [0, 1, 2]


@pytest.mark.parametrize(
    "kwargs,exc,words",
    [
        (dict(growth_rate=5), ValueError, "growth_rate must be between -0.5 and 1"),
        (dict(growth_rate=-0.9), ValueError, "growth_rate must be between -0.5 and 1"),
        (dict(population_growth=0.5), ValueError, "population_growth must be between -0.05 and 0.05"),
        (dict(years_ahead=0), ValueError, "years_ahead must be between 1 and 100"),
        (dict(years_ahead=2.5), ValueError, "years_ahead must be a whole number"),
        (dict(start_users=2000), ValueError, "start_users (2000) cannot exceed start_population (1000)"),
        (dict(start_population=0), ValueError, "start_population must be greater than 0"),
        (dict(growth_rate=[0.1, 0.2]), TypeError, "growth_rate must be a single number"),
        (dict(growth_rate="10%"), TypeError, "growth_rate must be a number"),
    ],
)
def test_project_users_bad_input(kwargs, exc, words):
    args = dict(start_users=100, growth_rate=0.1, years_ahead=5, start_population=1000)
    args.update(kwargs)
    with pytest.raises(exc) as info:
        project_users(**args)
    assert words in str(info.value)


def test_saturation_year_rejects_other_tables():
    with pytest.raises(TypeError, match="project_users"):
        saturation_year(pd.DataFrame({"x": [1]}))


def test_projection_view_rows_and_note_on_real_start(raw):
    start = latest(raw)
    view = projection_view(0.05, 10, 0.01, start_year=start["year"], start_users=start["users"],
                           start_population=start["population"])
    users_2032 = start["users"] * 1.05 ** 10
    pop_2032 = start["population"] * 1.01 ** 10
    assert view["end_year"] == start["year"] + 10
    assert view["end_users"] == pytest.approx(users_2032)
    assert view["end_ratio"] == pytest.approx(users_2032 / pop_2032)
    assert view["saturation_year"] is None
    rows = dict(projection_rows(view))
    assert rows["Growth per year (your pick)"] == "5.0%"
    assert rows[f"Projected users in {view['end_year']}"] == f"{users_2032 / 1000:.2f} billion"
    assert rows["Users would pass the population in"] == f"not by {view['end_year']}"
    text, level = projection_note(view)
    assert level == "info" and "Possible on paper" in text


def test_projection_view_warns_at_the_2022_pace(raw):
    """At the 2022 growth rate the projection runs out of people within a decade."""
    start = latest(raw)
    g2022 = growth_table(raw).set_index("year").loc[start["year"], "yoy_growth"]
    view = projection_view(g2022, 10, 0.01, start_year=start["year"], start_users=start["users"],
                           start_population=start["population"])
    # independent: first t with users * (1+g)^t > pop * 1.01^t
    t = next(t for t in range(1, 11) if start["users"] * (1 + g2022) ** t > start["population"] * 1.01 ** t)
    assert view["saturation_year"] == start["year"] + t
    text, level = projection_note(view)
    assert level == "warning" and "Impossible" in text and str(start["year"] + t) in text
    assert dict(projection_rows(view))["Users would pass the population in"] == str(start["year"] + t)


def test_projection_note_for_shrinking_users():
    view = projection_view(-0.05, 5, 0.0, start_year=2022, start_users=100, start_population=1000)
    text, level = projection_note(view)
    assert level == "info" and "shrinks" in text


def test_projection_rows_flag_an_impossible_share():
    view = projection_view(0.30, 10, 0.0, start_year=2022, start_users=500, start_population=1000)
    share = dict(projection_rows(view))["Users as a share of the population"]
    assert share == f"{500 * 1.3 ** 10 / 1000:.1%} (impossible: over 100%)"
    view = projection_view(0.01, 10, 0.0, start_year=2022, start_users=500, start_population=1000)
    assert "impossible" not in dict(projection_rows(view))["Users as a share of the population"]
