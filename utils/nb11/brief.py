"""The capstone's brief: campaign parameters, their checks and the default brief.

:class:`CampaignParams` holds a campaign's objective, platforms, budget (EUR),
content mix, target segment and weeks; :func:`validate_parameters` checks them
all up front and names every problem in plain words (:class:`ParameterError`),
including those only the data can reveal (a platform without paid posts, a
segment nobody matches). The first of the capstone's three stages: brief, forecast
(:mod:`utils.nb11.forecast`), report (:mod:`utils.nb11.report`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from utils.shared import config, segmentation
from utils.shared.plotting import eur, pct
from utils.shared.validation import as_scalar, check_fraction, check_int, check_positive

if TYPE_CHECKING:  # the forecast module imports this one
    from utils.nb11.forecast import CampaignInputs

#: Campaign objectives (the ones Brightleaf's campaigns use).
OBJECTIVES: tuple[str, ...] = ("awareness", "traffic", "sales")
#: The objective's name in the goal -> metric table of :data:`utils.shared.goals.OBJECTIVES`.
PLAN_OBJECTIVE: dict[str, str] = {"awareness": "brand awareness", "traffic": "website traffic", "sales": "sales"}
#: The count the forecast optimises for each objective (cost per result divides the budget by it).
RESULT_METRIC: dict[str, str] = {"awareness": "reach", "traffic": "clicks", "sales": "conversions"}
RESULT_LABEL: dict[str, str] = {
    "reach": "people reached (paid + earned)",
    "clicks": "clicks to the web shop",
    "conversions": "purchases (conversions)",
}
CONTENT_TYPES: tuple[str, ...] = config.CONTENT_TYPES

#: A platform x content type with fewer posts than this is not planned (too little evidence).
MIN_CELL_POSTS: int = 20
#: Generations of re-sharing counted after the paid shares (generation 0).
WOM_GENERATIONS: int = 5
#: Upper limits that keep the forecast within sight of the data.
MAX_BUDGET: float = 1_000_000.0
MAX_WEEKS: int = 52
_NAME_RULE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _-]{0,59}")
_FORMER_NAMES = {"twitter": "X (the former Twitter)", "fb": "Facebook", "ig": "Instagram", "youtube": "YouTube"}


# --------------------------------------------------------------------------- #
# Parameters
# --------------------------------------------------------------------------- #
class ParameterError(ValueError):
    """Several campaign parameters are wrong at once; ``problems`` lists each message."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        lines = "\n".join(f"- {p}" for p in self.problems)
        super().__init__(f"{len(self.problems)} problems with the campaign parameters:\n{lines}")


@dataclass(frozen=True)
class CampaignParams:
    """Validated campaign parameters (build them with :func:`validate_parameters`).

    ``content_mix`` is a tuple of ``(content type, share)`` pairs in
    :data:`CONTENT_TYPES` order (shares are fractions summing to 1; zero shares
    are dropped); :attr:`mix` gives it as a dict.
    """

    objective: str
    platforms: tuple[str, ...]
    budget: float
    content_mix: tuple[tuple[str, float], ...]
    age_min: int
    age_max: int
    interests: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    weeks: int = 8
    report_name: str = "campaign"
    segment_lift: bool = True

    @property
    def mix(self) -> dict[str, float]:
        """The content mix as ``{content type: share}`` (every content type, zeros included)."""
        shares = dict(self.content_mix)
        return {c: shares.get(c, 0.0) for c in CONTENT_TYPES}

    @property
    def segment(self) -> segmentation.SegmentSpec:
        """The target segment as a :class:`utils.shared.segmentation.SegmentSpec`."""
        return segmentation.SegmentSpec(age=(self.age_min, self.age_max), location=self.locations,
                                        interests=self.interests)

    @property
    def stem(self) -> str:
        """File name (without extension) derived from the parameters."""
        name = re.sub(r"[\s_]+", "-", self.report_name.strip().lower())
        platforms = "-".join(p.lower() for p in self.platforms)
        return f"{name}_{self.objective}_{platforms}_{self.budget:.0f}eur_{self.weeks}w"

    def describe(self) -> str:
        """One sentence with the whole brief."""
        mix = ", ".join(f"{c} {pct(s, 0)}" for c, s in self.content_mix)
        return (f"{self.objective} campaign on {' + '.join(self.platforms)}, {eur(self.budget)} over "
                f"{self.weeks} weeks, content mix {mix}, aimed at {self.segment.describe()}")


def _problem(problems: list[tuple[BaseException, str]], exc: BaseException) -> None:
    problems.append((exc, str(exc)))


def _text_list(name: str, value: Any, example: str) -> list[str]:
    if isinstance(value, str):
        raise TypeError(f"{name} must be a list such as [{example!r}], got the string {value!r}; "
                        f"put it in square brackets")
    if not isinstance(value, (list, tuple, set, frozenset)):
        raise TypeError(f"{name} must be a list such as [{example!r}], got {type(value).__name__}")
    items = list(value)
    for item in items:
        if not isinstance(item, str):
            raise TypeError(f"{name} must hold names (text) such as {example!r}, got {item!r}")
    return items


def _platforms(value: Any) -> tuple[str, ...]:
    items = _text_list("platforms", value, "Facebook")
    if not items:
        raise ValueError("platforms is empty: choose at least one platform, e.g. ['Facebook']")
    lookup = {p.lower(): p for p in config.PLATFORMS}
    chosen: list[str] = []
    for item in items:
        key = item.strip().lower()
        if key not in lookup:
            hint = f" (did you mean {_FORMER_NAMES[key]}?)" if key in _FORMER_NAMES else ""
            raise ValueError(f"platforms: unknown platform {item!r}{hint}; the course data has "
                             f"{', '.join(config.PLATFORMS)}")
        if lookup[key] in chosen:
            raise ValueError(f"platforms: {lookup[key]} is listed twice; list each platform once")
        chosen.append(lookup[key])
    return tuple(p for p in config.PLATFORMS if p in chosen)


def _content_mix(value: Any) -> tuple[tuple[str, float], ...]:
    if not isinstance(value, Mapping):
        raise TypeError(f"content_mix must be a dict of content type -> share, such as "
                        f"{{'video': 0.5, 'image': 0.5}}, got {type(value).__name__}")
    if not value:
        raise ValueError("content_mix is empty: give at least one content type with its share, e.g. {'video': 1.0}")
    shares: dict[str, float] = {}
    for key, share in value.items():
        if key not in CONTENT_TYPES:
            raise ValueError(f"content_mix: unknown content type {key!r}; use {', '.join(CONTENT_TYPES)}")
        shares[key] = float(as_scalar(f"content_mix[{key!r}]", share))
    total = sum(shares.values())
    if abs(total - 100.0) < 1e-6 * 100:
        raise ValueError(f"content_mix shares add up to {total:g}: they look like percentages; "
                         f"write them as fractions that add up to 1 (50% is 0.5)")
    for key, share in shares.items():
        check_fraction(f"content_mix[{key!r}]", share)
    if abs(total - 1.0) > 1e-6:
        parts = " + ".join(f"{k} {v:g}" for k, v in shares.items())
        raise ValueError(f"content_mix shares must add up to 1, got {total:g} ({parts}); "
                         f"adjust them so the whole budget is used exactly once")
    return tuple((c, shares[c]) for c in CONTENT_TYPES if shares.get(c, 0.0) > 0)


def _age(name: str, value: Any) -> int:
    low, high = segmentation.age_limits()
    return check_int(name, value, minimum=low, maximum=high)


def _vocabulary_list(name: str, value: Any, attribute: str) -> tuple[str, ...]:
    allowed = segmentation.vocabulary()[attribute]
    items = _text_list(name, value, allowed[0])
    lookup = {a.lower(): a for a in allowed}
    chosen = []
    for item in items:
        key = item.strip().lower()
        if key not in lookup:
            raise ValueError(f"{name}: {item!r} is not in the audience; choose from {', '.join(allowed)} "
                             f"(or an empty list for everyone)")
        chosen.append(lookup[key])
    return tuple(a for a in allowed if a in chosen)


def _budget(value: Any) -> float:
    amount = float(check_positive("budget", as_scalar("budget", value)))
    if amount > MAX_BUDGET:
        raise ValueError(f"budget must be at most {MAX_BUDGET:,.0f} EUR, got {amount:,.0f}: the course data "
                         f"cannot support a forecast that far beyond what Brightleaf ever spent")
    return amount


def _report_name(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"report_name must be text such as 'spring-launch', got {type(value).__name__}")
    text = value.strip()
    if not _NAME_RULE.fullmatch(text):
        raise ValueError(f"report_name {value!r} must be 1 to 60 letters, digits, spaces, '-' or '_' "
                         f"(starting with a letter or digit); it becomes part of the report's file name")
    return text


def validate_parameters(
    objective: Any,
    platforms: Any,
    budget: Any,
    content_mix: Any,
    age_min: Any,
    age_max: Any,
    interests: Any = (),
    locations: Any = (),
    weeks: Any = 8,
    report_name: Any = "campaign",
    segment_lift: Any = True,
    *,
    inputs: CampaignInputs | None = None,
) -> CampaignParams:
    """Check every campaign parameter and return a :class:`CampaignParams`.

    Rules: ``objective`` one of :data:`OBJECTIVES`; ``platforms`` a non-empty list
    of course platforms, each with paid posts in the data (its CPM); ``budget``
    in EUR, greater than 0 and at most :data:`MAX_BUDGET`; ``content_mix`` a dict
    of content type -> share (fractions adding up to 1); every chosen platform
    must carry at least one content type of the mix; ``age_min <= age_max``,
    whole years within the audience's ages; ``interests`` and ``locations``
    lists of audience values (empty: no filter); ``weeks`` whole, 1 to
    :data:`MAX_WEEKS`; ``report_name`` short text for the file name;
    ``segment_lift`` True/False. The segment (age, interests, locations, users
    of at least one chosen platform) must select somebody.

    One problem raises its own ``ValueError``/``TypeError`` naming the argument;
    several at once raise :class:`ParameterError` listing them all.
    """
    problems: list[tuple[BaseException, str]] = []
    values: dict[str, Any] = {}
    checks = (
        ("objective", lambda: _choice("objective", objective, OBJECTIVES)),
        ("platforms", lambda: _platforms(platforms)),
        ("budget", lambda: _budget(budget)),
        ("content_mix", lambda: _content_mix(content_mix)),
        ("age_min", lambda: _age("age_min", age_min)),
        ("age_max", lambda: _age("age_max", age_max)),
        ("interests", lambda: _vocabulary_list("interests", interests, "interests")),
        ("locations", lambda: _vocabulary_list("locations", locations, "location")),
        ("weeks", lambda: check_int("weeks", weeks, minimum=1, maximum=MAX_WEEKS)),
        ("report_name", lambda: _report_name(report_name)),
        ("segment_lift", lambda: _flag("segment_lift", segment_lift)),
    )
    for name, check in checks:
        try:
            values[name] = check()
        except (TypeError, ValueError) as exc:
            _problem(problems, exc)
    if "age_min" in values and "age_max" in values and values["age_min"] > values["age_max"]:
        _problem(problems, ValueError(f"age_min ({values['age_min']}) is above age_max ({values['age_max']}); "
                                      f"give the youngest age first"))
    if problems:
        _raise(problems)
    params = CampaignParams(**values)
    from utils.nb11.forecast import load_inputs  # the forecast module imports this one

    _check_against_data(params, inputs if inputs is not None else load_inputs())
    return params


def _choice(name: str, value: Any, options: Sequence[str]) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {', '.join(map(repr, options))}, got {type(value).__name__}")
    key = value.strip().lower()
    if key not in options:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, options))}; got {value!r}")
    return key


def _flag(name: str, value: Any) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def _raise(problems: list[tuple[BaseException, str]]) -> None:
    if len(problems) == 1:
        raise problems[0][0]
    raise ParameterError([text for _, text in problems])


def _check_against_data(params: CampaignParams, inputs: CampaignInputs) -> None:
    """The checks that need the data: CPM available, content carried, segment not empty."""
    problems: list[tuple[BaseException, str]] = []
    plannable = tuple(inputs.costs.index)
    for platform in params.platforms:
        if platform not in plannable:
            _problem(problems, ValueError(
                f"platforms: {platform} has no paid posts in the data, so there is no price (CPM) to buy "
                f"impressions with; plannable platforms: {', '.join(plannable)}"))
            continue
        carried = inputs.carried(platform)
        if not any(c in carried for c, _ in params.content_mix):
            wanted = ", ".join(c for c, _ in params.content_mix)
            _problem(problems, ValueError(
                f"content_mix: {platform} carries no {wanted} posts in the data (only {', '.join(carried)}); "
                f"add one of those to the mix or drop {platform}"))
    if problems:
        _raise(problems)
    from utils.nb11.forecast import segment_lift

    segment_lift(params, inputs)  # raises EmptySegmentError if nobody matches


def default_params(**overrides: Any) -> CampaignParams:
    """The capstone's default brief (a sales campaign aimed at 25-34-year-olds into wellness)."""
    values: dict[str, Any] = dict(
        objective="sales", platforms=["Facebook", "Instagram"], budget=5000,
        content_mix={"video": 0.3, "image": 0.4, "text": 0.1, "link": 0.2},
        age_min=25, age_max=34, interests=["wellness"], locations=[], weeks=8,
        report_name="spring-wellness", segment_lift=False,
    )
    values.update(overrides)
    return validate_parameters(**values)
