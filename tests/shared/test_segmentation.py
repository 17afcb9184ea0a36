"""Tests of utils.shared.segmentation: segment specs, filters, profiles, lift and budget returns."""

from __future__ import annotations


import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from utils.shared.config import GROSS_MARGIN
from utils.shared import segmentation as sg
from utils.shared.data import load_audience

FAST = settings(max_examples=40, deadline=None, database=None)
VOCAB = sg.vocabulary()


@pytest.fixture(scope="module")
def audience() -> pd.DataFrame:
    return load_audience()


def tiny() -> pd.DataFrame:
    """Five people whose numbers are easy to add up by hand."""
    return pd.DataFrame({
        "person_id": [1, 2, 3, 4, 5],
        "age": [25, 30, 34, 50, 70],
        "location": pd.Categorical(["Oslo", "Oslo", "Berlin", "Oslo", "Madrid"], categories=VOCAB["location"]),
        "income_band": pd.Categorical(["<25k", "25-50k", "25-50k", "100k+", "50-75k"],
                                      categories=VOCAB["income_band"], ordered=True),
        "job_title": ["Student", "Teacher", "Nurse", "Manager", "Retired"],
        "industry": ["Education", "Education", "Health", "Finance", "Public sector"],
        "interests": ["wellness;music", "wellness", "books", "wellness;cooking", "cooking"],
        "impressions": [100, 200, 100, 400, 200],
        "engagements": [10, 10, 5, 20, 5],
        "purchases": [2, 1, 0, 0, 1],
        "purchase_value": [60.0, 40.0, 0.0, 0.0, 20.0],
        "converted": [True, True, False, False, True],
    })


# --------------------------------------------------------------------------- #
# The spec
# --------------------------------------------------------------------------- #
def test_spec_normalises_values():
    spec = sg.SegmentSpec(location=["oslo", "Helsinki", "Oslo"], interests="wellness", age=[25, 34])
    assert spec.location == ("Helsinki", "Oslo")  # dictionary order, no repeats, case-insensitive
    assert spec.interests == ("wellness",)
    assert spec.age == (25, 34)
    assert spec.active == ("age", "location", "interests")


def test_spec_treats_everything_as_no_filter():
    low, high = sg.age_limits()
    spec = sg.SegmentSpec(age=(low, high), income_band=VOCAB["income_band"])
    assert spec.age is None and spec.income_band == ()
    assert spec.active == () and spec.describe() == "everyone"


def test_spec_describe():
    assert sg.SegmentSpec(age=(70, 75), job_title="Student").describe() == "age 70-75 and job Student"
    assert sg.SegmentSpec(age=(30, 30)).describe() == "age 30"
    spec = sg.SegmentSpec(location=["Oslo", "Berlin"], industry="Tech", interests=["wellness", "books"],
                          interests_match="all")
    assert spec.describe() == "location Oslo or Berlin, industry Tech and interests wellness and books"
    assert str(sg.SegmentSpec(interests=["books", "music"])) == "interest books or music"


@pytest.mark.parametrize("kwargs,error,words", [
    ({"location": "Paris"}, ValueError, ["location", "'Paris'", "Helsinki"]),
    ({"interests": ["tea"]}, ValueError, ["interests", "'tea'"]),
    ({"job_title": [3]}, TypeError, ["job_title"]),
    ({"industry": 5}, TypeError, ["industry"]),
    ({"age": (40, 30)}, ValueError, ["age", "40", "30"]),
    ({"age": (10, 30)}, ValueError, ["age", "between 18 and 75"]),
    ({"age": (25.5, 30)}, ValueError, ["age", "whole"]),
    ({"age": "25-34"}, TypeError, ["age", "pair"]),
    ({"age": (25, 30, 35)}, TypeError, ["age"]),
    ({"age": (True, 30)}, TypeError, ["age"]),
    ({"interests_match": "most"}, ValueError, ["interests_match"]),
])
def test_spec_rejects_bad_input(kwargs, error, words):
    with pytest.raises(error) as info:
        sg.SegmentSpec(**kwargs)
    for word in words:
        assert word in str(info.value)


def test_spec_from_values():
    assert sg.SegmentSpec.from_values({"age": (25, 34)}) == sg.SegmentSpec(age=(25, 34))
    with pytest.raises(ValueError, match="colour"):
        sg.SegmentSpec.from_values({"colour": "red"})


# --------------------------------------------------------------------------- #
# Filtering
# --------------------------------------------------------------------------- #
def test_filter_hand_worked():
    df = tiny()
    assert sg.filter_audience(df, sg.SegmentSpec()).tolist() == [True] * 5
    assert sg.filter_audience(df, sg.SegmentSpec(age=(25, 34))).tolist() == [True, True, True, False, False]
    spec = sg.SegmentSpec(age=(25, 34), interests="wellness")
    assert sg.filter_audience(df, spec).tolist() == [True, True, False, False, False]
    assert sg.filter_audience(df, {"location": "Oslo", "income_band": ["25-50k", "100k+"]}).tolist() == \
        [False, True, False, True, False]
    assert sg.filter_audience(df, sg.SegmentSpec(job_title=["Nurse", "Retired"])).tolist() == \
        [False, False, True, False, True]
    both = sg.SegmentSpec(interests=["wellness", "cooking"], interests_match="all")
    assert sg.filter_audience(df, both).tolist() == [False, False, False, True, False]
    either = sg.SegmentSpec(interests=["wellness", "cooking"])
    assert sg.filter_audience(df, either).tolist() == [True, True, False, True, True]


def test_filter_keeps_index_and_excludes_missing():
    df = tiny().set_index("person_id")
    df.loc[2, "job_title"] = None
    mask = sg.filter_audience(df, sg.SegmentSpec(job_title="Teacher"))
    assert mask.index.equals(df.index) and not mask.any()
    df["location"] = df["location"].cat.remove_categories(["Oslo"])  # Oslo rows become missing
    assert sg.filter_audience(df, sg.SegmentSpec(location="Oslo")).sum() == 0


def test_filter_bad_frame():
    with pytest.raises(TypeError, match="df must be a pandas DataFrame"):
        sg.filter_audience([1, 2], sg.SegmentSpec())
    with pytest.raises(ValueError, match="interests"):
        sg.filter_audience(tiny().drop(columns="interests"), sg.SegmentSpec(interests="wellness"))
    with pytest.raises(TypeError, match="spec must be a SegmentSpec"):
        sg.filter_audience(tiny(), "age 25-34")
    bad = tiny().assign(age=["25"] * 5)
    with pytest.raises(TypeError, match="age"):
        sg.filter_audience(bad, sg.SegmentSpec(age=(25, 34)))


def _independent_mask(df: pd.DataFrame, spec: sg.SegmentSpec) -> np.ndarray:
    """The same selection written with plain pandas string operations."""
    keep = pd.Series(True, index=df.index)
    if spec.age:
        keep &= df["age"].between(*spec.age)
    for name in ("location", "income_band", "job_title", "industry"):
        if getattr(spec, name):
            keep &= df[name].astype(str).isin(getattr(spec, name))
    if spec.interests:
        sets = df["interests"].str.split(";").map(set)
        wanted = set(spec.interests)
        keep &= sets.map(wanted.issubset if spec.interests_match == "all" else lambda s: bool(s & wanted))
    return keep.to_numpy()


def _subset(name: str):
    return st.lists(st.sampled_from(VOCAB[name]), max_size=3, unique=True)


@FAST
@given(
    age=st.one_of(st.none(), st.tuples(st.integers(18, 75), st.integers(0, 30)).map(lambda t: (t[0], min(75, t[0] + t[1])))),
    location=_subset("location"), income=_subset("income_band"), job=_subset("job_title"),
    industry=_subset("industry"), interests=_subset("interests"), match=st.sampled_from(["any", "all"]),
)
def test_filter_matches_plain_pandas(audience, age, location, income, job, industry, interests, match):
    spec = sg.SegmentSpec(age=age, location=location, income_band=income, job_title=job, industry=industry,
                          interests=interests, interests_match=match)
    np.testing.assert_array_equal(sg.filter_audience(audience, spec).to_numpy(), _independent_mask(audience, spec))


# --------------------------------------------------------------------------- #
# Profiles and comparisons
# --------------------------------------------------------------------------- #
def test_profile_hand_worked():
    df = tiny()
    p = sg.profile(df, sg.SegmentSpec(age=(25, 34)))
    assert (p.people, p.audience_size, p.share) == (3, 5, 0.6)
    assert (p.impressions, p.engagements, p.buyers, p.orders) == (400, 25, 2, 3)
    assert p.engagement_rate == 25 / 400  # pooled, not the mean of 10%, 5% and 5%
    assert p.conversion_rate == 2 / 3
    assert p.orders_per_impression == 3 / 400
    assert p.revenue == 100.0 and p.average_order_value == pytest.approx(100 / 3)
    assert p.description == "age 25-34" and not p.reliable
    everyone = sg.profile(df)
    assert everyone.people == 5 and everyone.conversion_rate == 3 / 5 and everyone.description == "everyone"


def test_profile_accepts_masks():
    df = tiny()
    mask = df["age"] > 40
    p = sg.profile(df, mask)
    assert p.people == 2 and p.buyers == 1 and p.average_order_value == 20.0
    assert sg.profile(df, mask.to_numpy()).people == 2
    with pytest.raises(ValueError, match="shape"):
        sg.profile(df, np.array([True, False]))
    with pytest.raises(TypeError, match="boolean"):
        sg.profile(df, np.array([1, 0, 1, 0, 1]))
    with pytest.raises(ValueError, match="same index"):
        sg.profile(df, pd.Series([True] * 5, index=list("abcde")))


def test_profile_no_orders_gives_zero_order_value():
    p = sg.profile(tiny(), sg.SegmentSpec(job_title="Nurse"))
    assert p.orders == 0 and p.average_order_value == 0.0 and p.conversion_rate == 0.0


def test_empty_segment_is_a_friendly_value_error():
    spec = sg.SegmentSpec(age=(70, 75), job_title="Student")
    with pytest.raises(sg.EmptySegmentError) as info:
        sg.profile(tiny(), spec)
    assert isinstance(info.value, ValueError)
    assert str(info.value) == "No one in the audience matches: age 70-75 and job Student. Widen a filter."
    with pytest.raises(sg.EmptySegmentError, match="this selection"):
        sg.profile(tiny(), np.zeros(5, dtype=bool))
    with pytest.raises(sg.EmptySegmentError):
        sg.compare(tiny(), spec)


def test_profile_rejects_bad_counts():
    with pytest.raises(ValueError, match="impressions"):
        sg.profile(tiny().assign(impressions=[100, -1, 100, 400, 200]))
    with pytest.raises(ValueError, match="purchase_value"):
        sg.profile(tiny().assign(purchase_value=[60.0, np.nan, 0, 0, 20]))
    with pytest.raises(ValueError, match="missing"):
        sg.profile(tiny().drop(columns="engagements"))
    with pytest.raises(ValueError, match="impressions"):
        sg.profile(tiny().assign(impressions=0))  # engagement rate undefined


def test_compare_lift_hand_worked():
    table = sg.compare(tiny(), sg.SegmentSpec(age=(25, 34)))
    assert list(table.index) == list(sg.COMPARE_ROWS)
    assert list(table.columns) == ["segment", "everyone", "lift"]
    assert table.loc["conversion_rate", "lift"] == pytest.approx((2 / 3) / (3 / 5))
    assert table.loc["engagement_rate", "lift"] == pytest.approx((25 / 400) / (50 / 1000))


def test_planted_segment_against_pandas(audience):
    """25-34-year-olds interested in wellness convert far better (planted in the data)."""
    spec = sg.SegmentSpec(age=(25, 34), interests="wellness")
    mine = (audience["age"].between(25, 34) & audience["interests"].str.split(";").map(lambda s: "wellness" in s))
    seg = audience[mine]
    p = sg.profile(audience, spec)
    assert p.people == len(seg)
    assert p.conversion_rate == pytest.approx(seg["converted"].mean())
    assert p.engagement_rate == pytest.approx(seg["engagements"].sum() / seg["impressions"].sum())
    assert p.orders_per_impression == pytest.approx(seg["purchases"].sum() / seg["impressions"].sum())
    lift = sg.compare(audience, spec).loc["conversion_rate", "lift"]
    assert lift == pytest.approx(seg["converted"].mean() / audience["converted"].mean())
    assert lift > 2


# --------------------------------------------------------------------------- #
# Budgets
# --------------------------------------------------------------------------- #
def test_budget_return_hand_worked():
    r = sg.budget_return(1000, 8, 0.003, 32)
    assert r.impressions == pytest.approx(125_000)
    assert r.orders == pytest.approx(375)
    assert r.revenue == pytest.approx(12_000)
    assert r.roas == pytest.approx(12)
    assert r.roi == pytest.approx((12_000 * GROSS_MARGIN - 1000) / 1000)
    assert sg.budget_return(1000, 8, 0.003, 32, gross_margin=0.5).roi == pytest.approx(5)
    assert r.cost_per_order == pytest.approx(1000 / 375)
    targeted = sg.budget_return(1000, 8, 0.003, 32, targeting_premium=0.25)
    assert targeted.cpm_paid == 10 and targeted.impressions == pytest.approx(100_000)
    assert sg.budget_return(1000, 8, 0, 32).cost_per_order is None


@pytest.mark.parametrize("args,kwargs,name", [
    ((0, 8, 0.003, 32), {}, "budget"),
    ((1000, -8, 0.003, 32), {}, "cpm"),
    ((1000, 8, 1.5, 32), {}, "orders_per_impression"),
    ((1000, 8, 0.003, -1), {}, "average_order_value"),
    ((1000, 8, 0.003, 32), {"targeting_premium": -0.1}, "targeting_premium"),
    ((1000, 8, 0.003, 32), {"targeting_premium": 25}, "targeting_premium"),
])
def test_budget_return_rejects_bad_input(args, kwargs, name):
    with pytest.raises(ValueError, match=name):
        sg.budget_return(*args, **kwargs)


def test_budget_return_rejects_wrong_types():
    with pytest.raises(TypeError, match="budget"):
        sg.budget_return("1000", 8, 0.003, 32)
    with pytest.raises(TypeError, match="cpm"):
        sg.budget_return(1000, [8, 9], 0.003, 32)


def test_budget_comparison_uses_each_groups_rates(audience):
    spec = sg.SegmentSpec(age=(25, 34), interests="wellness")
    table = sg.budget_comparison(audience, spec, 2000, 10, targeting_premium=0.5)
    seg, everyone = sg.profile(audience, spec), sg.profile(audience)
    assert table.loc["segment", "cpm_paid"] == 15 and table.loc["everyone", "cpm_paid"] == 10
    assert table.loc["segment", "orders"] == pytest.approx(2000 / 15 * 1000 * seg.orders_per_impression)
    assert table.loc["everyone", "revenue"] == pytest.approx(2000 / 10 * 1000 * everyone.revenue_per_impression)
    assert table.loc["segment", "cost_per_order"] == pytest.approx(2000 / table.loc["segment", "orders"])


@pytest.mark.parametrize("spec", [None, sg.SegmentSpec(), sg.SegmentSpec(age=(18, 75))])
def test_budget_comparison_charges_no_premium_without_a_filter(audience, spec):
    table = sg.budget_comparison(audience, spec, 2000, 10, targeting_premium=0.5)
    assert table.loc["segment", "cpm_paid"] == 10
    assert table.loc["segment"].tolist() == pytest.approx(table.loc["everyone"].tolist())
    with pytest.raises(ValueError, match="targeting_premium"):
        sg.budget_comparison(audience, spec, 2000, 10, targeting_premium=-0.5)


# --------------------------------------------------------------------------- #
# Tables for the worked example
# --------------------------------------------------------------------------- #
def test_breakdown_by_age_and_category(audience):
    by_age = sg.breakdown(audience, "age")
    assert list(by_age.index) == [f"{lo}-{hi}" for lo, hi in sg.AGE_BANDS]
    assert by_age["people"].sum() == len(audience)
    young = audience[audience["age"].between(25, 34)]
    assert by_age.loc["25-34", "conversion_rate"] == pytest.approx(young["converted"].mean())
    by_job = sg.breakdown(audience, "job_title")
    expected = audience.groupby("job_title", observed=True)["converted"].mean()
    pd.testing.assert_series_equal(by_job["conversion_rate"], expected.reindex(by_job.index),
                                   check_names=False)


def test_breakdown_by_interest_counts_each_interest(audience):
    within = sg.SegmentSpec(age=(25, 34))
    table = sg.breakdown(audience, "interests", within=within)
    young = audience[audience["age"].between(25, 34)]
    exploded = young.assign(interest=young["interests"].str.split(";")).explode("interest")
    expected = exploded.groupby("interest")["converted"].mean()
    for interest, rate in expected.items():
        assert table.loc[interest, "conversion_rate"] == pytest.approx(rate)
    assert table["people"].sum() == len(exploded)
    assert table["conversion_rate"].idxmax() == "wellness"  # the planted segment


def test_breakdown_bad_input():
    with pytest.raises(ValueError, match="attribute"):
        sg.breakdown(tiny(), "platforms")
    with pytest.raises(sg.EmptySegmentError):
        sg.breakdown(tiny(), "location", within=sg.SegmentSpec(age=(70, 75), job_title="Student"))
    table = sg.breakdown(tiny(), "location")
    assert list(table.index) == ["Oslo", "Berlin", "Madrid"]  # cities nobody lives in are left out


def test_narrowing_shrinks_step_by_step():
    spec = sg.SegmentSpec(age=(25, 34), location="Oslo", interests="wellness")
    table = sg.narrowing(tiny(), spec)
    assert list(table.index) == ["everyone", "+ age 25-34", "+ location Oslo", "+ interest wellness"]
    assert table["people"].tolist() == [5, 3, 2, 2]
    assert table["conversion_rate"].tolist() == [3 / 5, 2 / 3, 1.0, 1.0]
    with pytest.raises(sg.EmptySegmentError, match="age 25-34 and job Retired"):
        sg.narrowing(tiny(), sg.SegmentSpec(age=(25, 34), job_title="Retired"))


# --------------------------------------------------------------------------- #
# The explorer's pure compute
# --------------------------------------------------------------------------- #
def test_explore_and_rows(audience):
    result = sg.explore(audience, age=(25, 34), interests=("wellness",), budget=1000, cpm=8, targeting_premium=0.25)
    rows = dict(sg.explore_rows(result))
    assert rows["Segment"] == "age 25-34 and interest wellness"
    assert rows["Conversion lift"] == f"{result['compare'].loc['conversion_rate', 'lift']:.2f}x"
    assert rows["€1,000 aimed at segment"].startswith("100,000 impressions at €10.00 CPM")
    assert "Caution" not in rows
    small = sg.explore(audience, age=(70, 75), job_title=("Retired",), location=("Madrid",))
    assert sg.profile(audience, small["spec"]).people < sg.MIN_RELIABLE_PEOPLE
    assert "Caution" in dict(sg.explore_rows(small))
    with pytest.raises(sg.EmptySegmentError):
        sg.explore(audience, age=(70, 75), job_title=("Student",))


# --------------------------------------------------------------------------- #
# Scale
# --------------------------------------------------------------------------- #
