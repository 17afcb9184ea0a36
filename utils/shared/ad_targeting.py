"""What an ad may be targeted on: the limits of the law and the platforms, as data.

A segment that is fine for analysing your own customers may still be one you
cannot aim ads at. :data:`TARGETING_RULES` lists the limits the course teaches,
each with its source; :func:`review_targeting` checks a segment (or any set of
attributes, e.g. the columns of a learner's own file) against them, and
:func:`check_targeting` refuses a segment that breaks a rule.

The limits (EU law and one platform's policy; not legal advice):

* **GDPR** (Regulation (EU) 2016/679): processing personal data for ad targeting
  needs a lawful basis, in practice the person's consent (Art. 6(1)(a)); the
  *special categories* of Art. 9(1) (racial or ethnic origin, political
  opinions, religious or philosophical beliefs, trade union membership, genetic
  data, biometric data, health, sex life or sexual orientation) may only be
  processed with explicit consent or another Art. 9(2) exception.
* **Digital Services Act** (Regulation (EU) 2022/2065): online platforms shall
  not present ads based on profiling that uses the special categories of data
  (Art. 26(3)), nor ads based on profiling to users they know with reasonable
  certainty are minors (Art. 28(2)).
* **Meta** removed detailed-targeting options that relate to sensitive topics
  (health causes, sexual orientation, religious practices and groups, political
  beliefs, social issues and causes); announced 9 November 2021, in effect from
  19 January 2022 ("Removing Certain Ad Targeting Options and Expanding Our Ad
  Controls", Meta newsroom, 9 November 2021).

Matching is by words: an attribute or value whose words include one of a
rule's ``terms`` falls under the rule. The list is data: extend it rather than
adding conditions in code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

__all__ = [
    "ADULT_AGE",
    "LEVELS",
    "TARGETING_RULES",
    "TargetingNotAllowed",
    "TargetingRule",
    "check_targeting",
    "review_targeting",
    "targeting_rows",
]

#: Youngest age (years) at which profiling-based ads are allowed (DSA Art. 28(2) protects minors).
ADULT_AGE: int = 18

#: Rule levels, strictest first: ``not allowed`` is refused, ``check first`` is flagged.
LEVELS: tuple[str, ...] = ("not allowed", "check first")

_GDPR_9 = "GDPR Art. 9(1) (special categories); DSA Art. 26(3)"
_META = "Meta, 'Removing Certain Ad Targeting Options and Expanding Our Ad Controls' (9 Nov 2021, in effect 19 Jan 2022)"


@dataclass(frozen=True)
class TargetingRule:
    """One limit: the ``category`` of data, its ``level``, the words that signal it, why, and the source."""

    category: str
    level: str
    terms: tuple[str, ...]
    why: str
    source: str


#: The limits the course teaches, as data (see the module docstring for the sources).
TARGETING_RULES: tuple[TargetingRule, ...] = (
    TargetingRule("health", "not allowed",
                  ("health condition", "illness", "disease", "diabetes", "cancer", "pregnancy", "pregnant",
                   "mental health", "depression", "disability", "medication", "medical"),
                  "data concerning health is a special category: no ads profiled on it",
                  f"{_GDPR_9}; {_META}"),
    TargetingRule("racial or ethnic origin", "not allowed", ("ethnic", "ethnicity", "race", "racial"),
                  "a special category: no ads profiled on it", _GDPR_9),
    TargetingRule("political opinions", "not allowed", ("political", "politics", "party member", "voter"),
                  "a special category: no ads profiled on it", f"{_GDPR_9}; {_META}"),
    TargetingRule("religious or philosophical beliefs", "not allowed",
                  ("religion", "religious", "faith", "church", "mosque", "synagogue", "temple"),
                  "a special category: no ads profiled on it", f"{_GDPR_9}; {_META}"),
    TargetingRule("trade union membership", "not allowed", ("trade union", "union member"),
                  "a special category: no ads profiled on it", _GDPR_9),
    TargetingRule("genetic or biometric data", "not allowed", ("genetic", "dna", "biometric", "face scan"),
                  "a special category: no ads profiled on it", _GDPR_9),
    TargetingRule("sex life or sexual orientation", "not allowed",
                  ("sexual orientation", "sex life", "lgbt", "gay", "lesbian", "bisexual"),
                  "a special category: no ads profiled on it", f"{_GDPR_9}; {_META}"),
    TargetingRule("health-related interest", "check first", ("wellness", "fitness", "diet", "weight loss"),
                  "can stand in for health data; use only a general-interest option the platform still offers, "
                  "never a condition, and only for people who consented to ad profiling",
                  f"{_META}; GDPR Art. 6(1)(a) (consent)"),
)


class TargetingNotAllowed(ValueError):
    """A segment uses data that may not be used to target ads; the message names the rule and the source."""


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"[a-z0-9]+", text.lower())) + " "


def _matches(text: str) -> list[TargetingRule]:
    words = _words(text)
    return [rule for rule in TARGETING_RULES if any(_words(term) in words for term in rule.terms)]


def _attributes(segment: Any) -> dict[str, tuple[Any, ...]]:
    """``{attribute: values}`` from a SegmentSpec (its active filters) or a mapping."""
    if hasattr(segment, "active") and hasattr(segment, "age"):  # a utils.shared.segmentation.SegmentSpec
        return {a: (tuple(getattr(segment, a)) if a != "age" else tuple(segment.age)) for a in segment.active}
    if isinstance(segment, Mapping):
        out = {}
        for name, value in segment.items():
            if not isinstance(name, str):
                raise TypeError(f"attribute names must be text, got {name!r}")
            if value is None or isinstance(value, (str, int, float)):
                value = () if value is None else (value,)
            out[name] = tuple(value)
        return out
    raise TypeError("segment must be a SegmentSpec or a mapping {attribute: values}, "
                    f"got {type(segment).__name__}")


def review_targeting(segment: Any, *, value_attributes: tuple[str, ...] = ("interests",)) -> pd.DataFrame:
    """Every limit a segment touches: one row per (attribute, value, rule).

    ``segment`` is a :class:`utils.shared.segmentation.SegmentSpec` or a mapping
    ``{attribute: values}`` (for instance the columns of your own file). Checked:

    * every attribute *name* (a column called ``religion`` is special-category
      data whatever its values);
    * the values of ``value_attributes`` (personal data such as interests; the
      course's demographic columns describe where people live and work: the
      industry *Health* is a workplace, not a health condition);
    * an age filter that reaches below :data:`ADULT_AGE` (DSA Art. 28(2)).

    Columns ``attribute``, ``value``, ``category``, ``level`` (:data:`LEVELS`),
    ``why`` and ``source``; empty when nothing is touched.
    """
    if not isinstance(value_attributes, tuple) or not all(isinstance(a, str) for a in value_attributes):
        raise TypeError("value_attributes must be a tuple of attribute names")
    rows = []
    for attribute, values in _attributes(segment).items():
        for rule in _matches(attribute.replace("_", " ")):
            rows.append((attribute, "(the attribute itself)", rule.category, rule.level, rule.why, rule.source))
        if attribute == "age" and values:
            youngest = min(float(v) for v in values)
            if youngest < ADULT_AGE:
                rows.append(("age", f"from {youngest:g}", "minors", "not allowed",
                             "no ads based on profiling to users the platform knows are minors",
                             "DSA Art. 28(2)"))
        if attribute in value_attributes:
            for value in values:
                for rule in _matches(str(value)):
                    rows.append((attribute, str(value), rule.category, rule.level, rule.why, rule.source))
    return pd.DataFrame(rows, columns=["attribute", "value", "category", "level", "why", "source"])


def check_targeting(segment: Any, **kwargs: Any) -> pd.DataFrame:
    """:func:`review_targeting`, but raise :class:`TargetingNotAllowed` on any ``not allowed`` row.

    Returns the review (only ``check first`` rows, or none) when the segment may be targeted.
    """
    review = review_targeting(segment, **kwargs)
    refused = review[review["level"] == "not allowed"]
    if len(refused):
        first = refused.iloc[0]
        what = first["attribute"] if first["value"] == "(the attribute itself)" else f"{first['attribute']} {first['value']}"
        raise TargetingNotAllowed(
            f"Ads may not be targeted on {what}: {first['category']} ({first['why']}; {first['source']}). "
            f"Remove that filter; you may still study it in your own customer analysis with a lawful basis."
        )
    return review


def targeting_rows(review: pd.DataFrame) -> list[tuple[str, str]]:
    """The review as ``(label, text)`` rows for a panel: one summary row, then one per flag."""
    if review.empty:
        return [("Ad targeting", "no filter touches the course's list of protected data (check the platform's "
                                 "current options and the people's consent)")]
    rows = [("Ad targeting", f"{len(review)} filter(s) need attention")]
    for _, r in review.iterrows():
        rows.append((f"{r['level']}: {r['attribute']} {r['value']}".replace(" (the attribute itself)", ""),
                     f"{r['category']}: {r['why']} ({r['source']})"))
    return rows
