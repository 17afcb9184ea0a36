"""Tests of utils.shared.ad_targeting: the limits on what ads may be targeted on, and the explorer's use of them."""

from __future__ import annotations

import pytest

from utils.shared import ad_targeting as at
from utils.shared import segmentation as sg
from utils.shared.data import load_audience


def test_every_rule_is_sourced_and_levelled():
    categories = [r.category for r in at.TARGETING_RULES]
    assert len(categories) == len(set(categories))
    for rule in at.TARGETING_RULES:
        assert rule.level in at.LEVELS and rule.terms and rule.why and rule.source
    special = {r.category for r in at.TARGETING_RULES if "Art. 9" in r.source}
    # the eight special categories of GDPR Art. 9(1) (genetic and biometric share one rule)
    assert len(special) == 7 and all(r.level == "not allowed" for r in at.TARGETING_RULES if "Art. 9" in r.source)


@pytest.mark.parametrize("segment, attribute, category", [
    ({"interests": ["Diabetes awareness"]}, "interests", "health"),
    ({"interests": ["LGBT culture"]}, "interests", "sex life or sexual orientation"),
    ({"religion": ["any"]}, "religion", "religious or philosophical beliefs"),
    ({"political_party": ["x"]}, "political_party", "political opinions"),
    ({"ethnicity": ["x"]}, "ethnicity", "racial or ethnic origin"),
    ({"interests": ["trade union news"]}, "interests", "trade union membership"),
])
def test_special_categories_are_refused(segment, attribute, category):
    review = at.review_targeting(segment)
    assert (review["category"] == category).any() and (review["level"] == "not allowed").any()
    with pytest.raises(at.TargetingNotAllowed, match=rf"Ads may not be targeted on {attribute}.*{category}"):
        at.check_targeting(segment)


def test_minors_are_refused():
    with pytest.raises(at.TargetingNotAllowed, match=r"minors.*DSA Art. 28\(2\)"):
        at.check_targeting({"age": (16, 24)})
    assert at.check_targeting({"age": (18, 24)}).empty


def test_health_proxies_are_flagged_not_refused():
    review = at.check_targeting(sg.SegmentSpec(age=(25, 34), interests=("wellness", "cooking")))
    assert list(review["value"]) == ["wellness"] and list(review["level"]) == ["check first"]


def test_words_not_substrings_and_workplaces_are_not_health_data():
    assert at.review_targeting({"interests": ["gaming", "music", "traveling"]}).empty  # "race" is not in "traveling"
    assert at.review_targeting(sg.SegmentSpec(industry="Health", job_title="Nurse")).empty
    assert at.review_targeting({"interests": ["health condition support"]})["category"].tolist() == ["health"]


def test_every_course_segment_may_be_targeted_but_wellness_is_flagged():
    words = sg.vocabulary()
    for attribute in ("location", "income_band", "job_title", "industry"):
        for value in words[attribute]:
            assert at.check_targeting(sg.SegmentSpec(**{attribute: value})).empty, value
    flagged = [i for i in words["interests"] if not at.review_targeting(sg.SegmentSpec(interests=i)).empty]
    assert set(flagged) == {"wellness", "fitness"}


def test_explorer_shows_the_review_and_budgets_refuse():
    audience = load_audience()
    result = sg.explore(audience, age=(25, 44), interests=("wellness",))
    rows = dict(sg.explore_rows(result))
    assert rows["Ad targeting"] == "1 filter(s) need attention"
    assert any(label.startswith("check first: interests wellness") for label in rows)
    plain = dict(sg.explore_rows(sg.explore(audience, age=(25, 44), interests=("cooking",))))
    assert plain["Ad targeting"].startswith("no filter touches")
    # aiming a budget runs the check: a flagged segment still gets its numbers, a refused one would not
    money = sg.budget_comparison(audience, sg.SegmentSpec(interests=("wellness",)), 1000, 8)
    assert money.loc["segment", "orders"] > 0


def test_budget_comparison_refuses_what_may_not_be_targeted(monkeypatch):
    """The course audience holds no protected data, so a rule is added for the test: the check is data-driven."""
    audience = load_audience()
    rule = at.TargetingRule("test category", "not allowed", ("cooking",), "test", "test source")
    monkeypatch.setattr(at, "TARGETING_RULES", (*at.TARGETING_RULES, rule))
    with pytest.raises(at.TargetingNotAllowed, match="interests cooking: test category"):
        sg.budget_comparison(audience, sg.SegmentSpec(interests=("cooking",)), 1000, 8)
    assert not sg.budget_comparison(audience, None, 1000, 8).empty  # aiming at everyone is not targeting


def test_bad_input():
    with pytest.raises(TypeError, match="SegmentSpec or a mapping"):
        at.review_targeting(["interests"])
    with pytest.raises(TypeError, match="attribute names must be text"):
        at.review_targeting({3: ["x"]})
    with pytest.raises(TypeError, match="value_attributes"):
        at.review_targeting({"interests": ["x"]}, value_attributes="interests")
