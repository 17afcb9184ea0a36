"""The capstone: plan, simulate and report one social media campaign end to end.

A campaign is described by a handful of parameters (:class:`CampaignParams`):
the business objective, the platforms, the budget in EUR, the content mix, the
target segment (age range, interests, locations) and the number of weeks.
:func:`validate_parameters` checks them all up front and says what is wrong in
plain words, so a bad papermill run stops in the first cells.

The forecast (:func:`simulate`) uses only what Brightleaf's 2025 data shows
(all of it synthetic, see ``data/README.md``):

* **Price of attention**: the effective CPM of each platform, from its paid
  posts: ``spend / impressions x 1000`` (pooled). It includes the organic views
  a boosted post also gets, as a real boosted post would. Only platforms with
  paid posts in the data can be planned (:func:`plannable_platforms`).
* **What the impressions do**: pooled rates per platform x content type over
  every post (:func:`content_rates`): engagements, shares and clicks per
  impression, conversions per click and revenue per conversion. A content type
  a platform (almost) never carried in the data (fewer than
  :data:`MIN_CELL_POSTS` posts) is not planned there: that platform's budget is
  spread over the content types of the mix it does carry.
* **Segment lift** (optional): the segment's conversion rate (buyers / people)
  divided by the whole audience's, from ``audience.csv`` through
  :mod:`utils.shared.segmentation`; it multiplies the conversion rate per click.
* **Word of mouth**: every share shows the post to ``views_per_share`` people
  (:data:`utils.shared.config.VIEWS_PER_SHARE`, an assumption), who share again at the
  plan's share rate: viral coefficient ``k = views_per_share x share rate``
  (:func:`utils.shared.virality.viral_coefficient`), spread over
  :data:`WOM_GENERATIONS` generations (:func:`utils.shared.virality.total_reach`).
  Earned views add reach; sales are counted on paid impressions only (a
  cautious choice).

Every number is an expected value (no randomness). Budget is split equally
between the chosen platforms, then by the content mix, and paced evenly over
the weeks. :func:`write_report` writes a one-page HTML summary (key numbers and
three charts embedded as SVG) and a CSV of the plan under
``utils.shared.config.OUTPUT_DIR / "capstone"``.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from utils.shared import config, metrics, segmentation
from utils.shared.config import GROSS_MARGIN, VIEWS_PER_SHARE
from utils.shared.data import has_item, load_audience, load_posts
from utils.shared.goals import OBJECTIVES as PLAN_OBJECTIVES
from utils.shared.plotting import (PALETTE, PLATFORM_COLOURS, compact, distinguish, eur, figure_html, new_figure,
                                   num, pct, thousands_formatter)
from utils.shared.validation import as_scalar, check_fraction, check_int, check_positive, check_range
from utils.shared.virality import VIRAL_FACTOR, is_viral, total_reach, viral_coefficient

__all__ = [
    "CONTENT_TYPES",
    "CampaignInputs",
    "CampaignParams",
    "CampaignResult",
    "MAX_BUDGET",
    "MAX_WEEKS",
    "MIN_CELL_POSTS",
    "OBJECTIVES",
    "ParameterError",
    "RESULT_METRIC",
    "WOM_GENERATIONS",
    "compare_platforms",
    "content_rates",
    "cost_text",
    "default_params",
    "forecast",
    "forecast_rows",
    "goal_metric",
    "load_inputs",
    "metric_axis_label",
    "plannable_platforms",
    "platform_costs",
    "plot_funnel",
    "plot_money",
    "plot_platforms",
    "platform_results",
    "report_paths",
    "segment_lift",
    "simulate",
    "summary_rows",
    "validate_parameters",
    "write_report",
]

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
    inputs: "CampaignInputs | None" = None,
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


def _check_against_data(params: CampaignParams, inputs: "CampaignInputs") -> None:
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
    segment_lift(params, inputs)  # raises EmptySegmentError if nobody matches


def default_params(**overrides: Any) -> CampaignParams:
    """The capstone's default brief (a sales campaign aimed at 25-34-year-olds into wellness)."""
    values: dict[str, Any] = dict(
        objective="sales", platforms=["Facebook", "Instagram"], budget=5000,
        content_mix={"video": 0.3, "image": 0.4, "text": 0.1, "link": 0.2},
        age_min=25, age_max=34, interests=["wellness"], locations=[], weeks=8,
        report_name="spring-wellness", segment_lift=True,
    )
    values.update(overrides)
    return validate_parameters(**values)


# --------------------------------------------------------------------------- #
# What the data says (computed once per data version)
# --------------------------------------------------------------------------- #
_RATE_COLUMNS = ("impressions", "reach", "engagements", "shares", "clicks", "conversions", "revenue")


def platform_costs(posts: pd.DataFrame) -> pd.DataFrame:
    """Effective CPM and frequency of each platform's paid posts (pooled).

    One row per platform that has paid posts (``paid`` True), in
    :data:`utils.shared.config.PLATFORMS` order. Columns: ``paid_posts``, ``spend``
    (EUR), ``impressions``, ``reach``, ``cpm = spend / impressions x 1000`` (EUR
    per 1,000 impressions) and ``frequency = impressions / reach`` (times each
    person saw a paid post).
    """
    paid = _posts(posts)
    paid = paid[paid["paid"]]
    if paid.empty:
        raise ValueError("posts has no paid posts (paid == True), so no platform has a CPM")
    sums = paid.groupby(paid["platform"].astype(str))[["spend", "impressions", "reach"]].sum()
    sums.insert(0, "paid_posts", paid.groupby(paid["platform"].astype(str)).size())
    sums = sums.reindex([p for p in config.PLATFORMS if p in sums.index])
    sums["cpm"] = metrics.pooled_rate(paid.assign(platform=paid["platform"].astype(str)), "spend", "impressions",
                                      by="platform")["rate"].reindex(sums.index) * 1000.0
    sums["frequency"] = sums["impressions"] / sums["reach"]
    sums.index.name = "platform"
    return sums


def _posts(posts: Any) -> pd.DataFrame:
    needed = ("platform", "content_type", "paid", "spend", "impressions", "reach", "likes", "comments",
              "shares", "clicks", "conversions", "revenue")
    if not isinstance(posts, pd.DataFrame):
        raise TypeError(f"posts must be a pandas DataFrame (utils.shared.data.load_posts()), got {type(posts).__name__}")
    missing = [c for c in needed if c not in posts.columns]
    if missing:
        raise ValueError(f"posts is missing the column(s) {missing}")
    return posts


def content_rates(posts: pd.DataFrame, min_posts: int = MIN_CELL_POSTS) -> pd.DataFrame:
    """Pooled rates per platform x content type over every post (paid and organic).

    Index ``(platform, content_type)``; columns: ``posts`` and the sums of
    ``impressions``, ``reach``, ``engagements`` (likes + comments + shares +
    clicks), ``shares``, ``clicks``, ``conversions``, ``revenue`` (EUR); the
    rates ``engagement_rate`` (engagements / impressions), ``share_rate``
    (shares / impressions), ``ctr`` (clicks / impressions), ``cvr`` (conversions
    / clicks) and ``revenue_per_conversion`` (EUR); and ``carried`` (True when
    the cell has at least ``min_posts`` posts, so the plan may use it).
    """
    data = _posts(posts)
    min_posts = check_int("min_posts", min_posts, minimum=1)
    frame = pd.DataFrame({
        "platform": data["platform"].astype(str),
        "content_type": data["content_type"].astype(str),
        "impressions": data["impressions"],
        "reach": data["reach"],
        "engagements": metrics.engagements(data["likes"], data["comments"], data["shares"], data["clicks"]),
        "shares": data["shares"],
        "clicks": data["clicks"],
        "conversions": data["conversions"],
        "revenue": data["revenue"],
    })
    keys = ["platform", "content_type"]
    table = frame.groupby(keys)[list(_RATE_COLUMNS)].sum()
    table.insert(0, "posts", frame.groupby(keys).size())
    table["engagement_rate"] = metrics.engagement_rate(table["engagements"], table["impressions"],
                                                       base_name="impressions")
    table["share_rate"] = metrics.virality_rate(table["shares"], table["impressions"])
    table["ctr"] = metrics.ctr(table["clicks"], table["impressions"])
    table["cvr"] = metrics.conversion_rate(table["conversions"], table["clicks"], on_zero="zero")
    table["revenue_per_conversion"] = np.where(table["conversions"] > 0,
                                               table["revenue"] / table["conversions"].where(table["conversions"] > 0, 1),
                                               0.0)
    table["carried"] = table["posts"] >= min_posts
    return table


@dataclass(frozen=True, eq=False)
class CampaignInputs:
    """The data the forecast needs, computed once: costs, rates and the audience."""

    costs: pd.DataFrame
    rates: pd.DataFrame
    audience: pd.DataFrame
    platform_users: Mapping[str, np.ndarray] = field(default_factory=dict)
    _memo: dict = field(default_factory=dict, repr=False)

    def carried(self, platform: str) -> tuple[str, ...]:
        """Content types ``platform`` carries in the data (enough posts to plan on)."""
        key = ("carried", platform)
        if key not in self._memo:
            cells = self.rates[self.rates["carried"]].index
            self._memo[key] = tuple(c for c in CONTENT_TYPES if (platform, c) in cells)
        return self._memo[key]

    def cell(self, platform: str, content_type: str) -> dict[str, float]:
        """The pooled rates of one platform x content type, as a plain dict (memoised)."""
        key = ("cell", platform, content_type)
        if key not in self._memo:
            self._memo[key] = {k: float(v) for k, v in self.rates.loc[(platform, content_type)].items()}
        return self._memo[key]

    def segment_mask(self, spec: segmentation.SegmentSpec) -> np.ndarray:
        """Who in the audience matches ``spec`` (memoised: specs are hashable)."""
        key = ("segment", spec)
        if key not in self._memo:
            self._memo[key] = segmentation.filter_audience(self.audience, spec).to_numpy()
        return self._memo[key]

    def everyone(self) -> segmentation.SegmentProfile:
        """The whole audience's profile (memoised)."""
        if "everyone" not in self._memo:
            self._memo["everyone"] = segmentation.profile(self.audience, None)
        return self._memo["everyone"]


def _build_inputs(posts: pd.DataFrame, audience: pd.DataFrame) -> CampaignInputs:
    users = {p: has_item(audience["platforms"], p).to_numpy() for p in config.PLATFORMS}
    return CampaignInputs(costs=platform_costs(posts), rates=content_rates(posts), audience=audience,
                          platform_users=users)


@functools.lru_cache(maxsize=4)
def _cached_inputs(data_dir: str, stamp: tuple) -> CampaignInputs:
    return _build_inputs(load_posts(data_dir), load_audience(data_dir))


def load_inputs(posts: pd.DataFrame | None = None, audience: pd.DataFrame | None = None) -> CampaignInputs:
    """The forecast's inputs from the course data (cached) or from frames you pass."""
    if posts is not None or audience is not None:
        return _build_inputs(posts if posts is not None else load_posts(),
                             audience if audience is not None else load_audience())
    folder = Path(config.DATA_DIR)
    stamp = tuple((f, (folder / f).stat().st_mtime_ns) for f in ("posts.csv", "audience.csv")
                  if (folder / f).exists())
    return _cached_inputs(str(folder), stamp)


def plannable_platforms(inputs: CampaignInputs | None = None) -> tuple[str, ...]:
    """Platforms with paid posts in the data (a CPM to plan with)."""
    return tuple((inputs or load_inputs()).costs.index)


# --------------------------------------------------------------------------- #
# Plan
# --------------------------------------------------------------------------- #
def goal_metric(objective: str) -> dict[str, str]:
    """Goal and metrics of an objective: the goal -> metric table of notebook 03 plus the forecast count.

    Returns ``goal``, ``track`` (the rate to track, with its ``formula``) from
    :data:`utils.shared.goals.OBJECTIVES`, ``result`` (the count the forecast reports:
    reach, clicks or conversions) and ``result_label``.
    """
    key = _choice("objective", objective, OBJECTIVES)
    spec = PLAN_OBJECTIVES[PLAN_OBJECTIVE[key]]
    result = RESULT_METRIC[key]
    return {"objective": key, "goal": spec.goal, "track": spec.metric, "formula": spec.formula,
            "result": result, "result_label": RESULT_LABEL[result]}


def segment_lift(params: CampaignParams, inputs: CampaignInputs | None = None) -> dict[str, Any]:
    """The target segment among users of the chosen platforms, and its conversion lift.

    ``lift = segment conversion rate / whole-audience conversion rate`` where a
    conversion rate is buyers / people (:func:`utils.shared.segmentation.profile`).
    Returns ``description``, ``people``, ``audience_size``, ``share``,
    ``conversion_rate``, ``everyone_rate``, ``lift`` and ``reliable`` (at least
    :data:`utils.shared.segmentation.MIN_RELIABLE_PEOPLE` people). Raises
    :class:`utils.shared.segmentation.EmptySegmentError` if nobody matches.
    """
    inputs = inputs or load_inputs()
    audience = inputs.audience
    spec = params.segment
    users = np.zeros(len(audience), dtype=bool)
    for platform in params.platforms:
        users |= inputs.platform_users[platform]
    mask = inputs.segment_mask(spec) & users
    description = f"{spec.describe()}, using {' or '.join(params.platforms)}"
    if not mask.any():
        raise segmentation.EmptySegmentError(description)
    seg = segmentation.profile(audience, mask)
    everyone = inputs.everyone()
    return {
        "description": description,
        "people": seg.people,
        "audience_size": seg.audience_size,
        "share": seg.share,
        "conversion_rate": seg.conversion_rate,
        "everyone_rate": everyone.conversion_rate,
        "lift": seg.conversion_rate / everyone.conversion_rate,
        "reliable": seg.reliable,
    }


@dataclass(frozen=True, eq=False)
class CampaignResult:
    """Everything :func:`simulate` forecasts. Counts are expected values; money in EUR.

    ``plan``: one row per platform x content type (the CSV of the report).
    ``by_platform``: the plan summed per platform, with cost per result.
    ``weekly``: paid and earned impressions, conversions and revenue per week.
    ``totals``: the key numbers (see :func:`simulate`). ``segment``: see
    :func:`segment_lift`. ``notes``: what the forecast adjusted or warns about.
    """

    params: CampaignParams
    plan: pd.DataFrame
    by_platform: pd.DataFrame
    weekly: pd.DataFrame
    totals: dict[str, Any]
    segment: dict[str, Any]
    notes: tuple[str, ...]


def simulate(
    params: CampaignParams,
    inputs: CampaignInputs | None = None,
    *,
    views_per_share: Any = VIEWS_PER_SHARE,
    generations: Any = WOM_GENERATIONS,
    gross_margin: Any = GROSS_MARGIN,
) -> CampaignResult:
    """Forecast a campaign from the data: plan, funnel, word of mouth, money.

    Per platform (budget split equally) and content type (the mix, renormalised
    over the types the platform carries): ``impressions = spend / cpm x 1000``;
    ``reach = impressions / frequency``; ``engagements``, ``shares``, ``clicks =
    impressions x`` the pooled rates; ``conversions = clicks x cvr x lift``
    (lift 1 without ``segment_lift``; the rate is capped at 1);
    ``revenue = conversions x revenue per conversion``.

    Word of mouth: ``k = viral_coefficient(views_per_share, shares / impressions)``;
    shares over generations ``0..generations`` = paid shares x ``total_reach(1, k,
    generations)``; ``earned_impressions = views_per_share x`` those shares, and
    earned reach counts each of those views as one person.

    ``totals`` keys: ``budget``, ``impressions``, ``reach`` (paid, summed over
    platforms: people on two platforms count twice), ``engagements``, ``shares``,
    ``clicks``, ``conversions``, ``revenue``, ``roas`` (revenue / budget,
    :func:`utils.shared.metrics.roas`), ``gross_profit`` (revenue x ``gross_margin``, EUR),
    ``roi`` (ROI on gross profit, :func:`utils.shared.metrics.roi`; ``gross_margin`` a
    fraction, default :data:`utils.shared.config.GROSS_MARGIN`),
    ``earned_impressions``, ``earned_reach``, ``total_reach``, ``k``,
    ``viral`` (:func:`utils.shared.virality.is_viral` of total vs paid reach),
    ``lift`` (used), ``result_metric``, ``result``, ``cost_per_result`` (None if
    the result is 0), ``cost_per_conversion`` (None if no conversion).
    """
    if not isinstance(params, CampaignParams):
        raise TypeError(f"params must be CampaignParams (from validate_parameters), got {type(params).__name__}")
    inputs = inputs or load_inputs()
    views = float(check_range("views_per_share", as_scalar("views_per_share", views_per_share), low=0, high=10_000))
    gens = check_int("generations", generations, minimum=0, maximum=50)
    margin = float(check_fraction("gross_margin", as_scalar("gross_margin", gross_margin)))
    segment = segment_lift(params, inputs)
    lift = segment["lift"] if params.segment_lift else 1.0
    notes: list[str] = []
    rows = []
    per_platform = params.budget / len(params.platforms)
    for platform in params.platforms:
        if platform not in inputs.costs.index:
            raise ValueError(f"platforms: {platform} has no CPM in the data; validate the parameters first")
        cost = inputs.costs.loc[platform]
        carried = inputs.carried(platform)
        mix = {c: s for c, s in params.content_mix if c in carried}
        if not mix:
            raise ValueError(f"content_mix: {platform} carries none of the mix's content types")
        dropped = [c for c, _ in params.content_mix if c not in carried]
        if dropped:
            notes.append(f"{platform} carries no {' or '.join(dropped)} posts in the data: its budget goes to "
                         f"{', '.join(mix)} in the same proportions.")
        total_share = sum(mix.values())
        for content, share in mix.items():
            r = inputs.cell(platform, content)
            spend = per_platform * share / total_share
            impressions = spend / cost["cpm"] * 1000.0
            clicks = impressions * r["ctr"]
            conversions = clicks * min(r["cvr"] * lift, 1.0)
            rows.append({
                "platform": platform, "content_type": content, "mix_share": share / total_share,
                "budget": spend, "cpm": cost["cpm"], "impressions": impressions,
                "reach": impressions / cost["frequency"], "engagements": impressions * r["engagement_rate"],
                "shares": impressions * r["share_rate"], "clicks": clicks, "conversions": conversions,
                "revenue": conversions * r["revenue_per_conversion"],
            })
    plan = pd.DataFrame(rows)
    sums = plan[["budget", "impressions", "reach", "engagements", "shares", "clicks", "conversions", "revenue"]].sum()
    share_rate = float(sums["shares"] / sums["impressions"]) if sums["impressions"] > 0 else 0.0
    k = float(viral_coefficient(views, min(share_rate, 1.0)))
    shares_all = float(sums["shares"]) * total_reach(1, k, gens)
    earned_impressions = views * shares_all
    earned_reach = earned_impressions
    paid_reach = float(sums["reach"])
    total = paid_reach + earned_reach
    metric = RESULT_METRIC[params.objective]
    result_value = total if metric == "reach" else float(sums[metric])
    totals: dict[str, Any] = {key: float(sums[key]) for key in sums.index}
    totals.update({
        "roas": metrics.roas(totals["revenue"], params.budget),
        "gross_profit": metrics.gross_profit(totals["revenue"], gross_margin=margin),
        "roi": metrics.roi(totals["revenue"], params.budget, gross_margin=margin),
        "gross_margin": margin,
        "earned_impressions": earned_impressions,
        "earned_reach": earned_reach,
        "total_reach": total,
        "k": k,
        "viral": bool(is_viral(total, paid_reach)) if paid_reach > 0 else False,
        "lift": lift,
        "result_metric": metric,
        "result": result_value,
        "cost_per_result": params.budget / result_value if result_value > 0 else None,
        "cost_per_conversion": params.budget / totals["conversions"] if totals["conversions"] > 0 else None,
    })
    if not segment["reliable"]:
        people = f"{segment['people']} {'person' if segment['people'] == 1 else 'people'}"
        notes.append(f"The segment has only {people} in the audience data: its lift "
                     f"({segment['lift']:.2f}x) is mostly noise; widen it or set segment_lift = False.")
    return CampaignResult(params=params, plan=plan, by_platform=_by_platform(plan, margin),
                          weekly=_weekly(plan, earned_impressions, params.weeks), totals=totals,
                          segment=segment, notes=tuple(notes))


def _by_platform(plan: pd.DataFrame, gross_margin: float) -> pd.DataFrame:
    """The plan summed per platform, with CPM, cost per click and per conversion (EUR), ROAS and ROI.

    ``cost_per_conversion`` is NaN for a platform expected to bring no conversion
    (a segment nobody in which ever bought); everything else is finite.
    """
    cols = ["budget", "impressions", "reach", "engagements", "shares", "clicks", "conversions", "revenue"]
    table = plan.groupby("platform", sort=False)[cols].sum()
    table["cpm"] = table["budget"] / table["impressions"] * 1000.0
    table["cost_per_click"] = table["budget"] / table["clicks"]
    table["cost_per_conversion"] = table["budget"] / table["conversions"].where(table["conversions"] > 0)
    table["roas"] = metrics.roas(table["revenue"], table["budget"])
    table["roi"] = metrics.roi(table["revenue"], table["budget"], gross_margin=gross_margin)
    return table


def _weekly(plan: pd.DataFrame, earned_impressions: float, weeks: int) -> pd.DataFrame:
    share = 1.0 / weeks
    week = pd.RangeIndex(1, weeks + 1, name="week")
    table = pd.DataFrame({
        "budget": plan["budget"].sum() * share,
        "paid_impressions": plan["impressions"].sum() * share,
        "earned_impressions": earned_impressions * share,
        "conversions": plan["conversions"].sum() * share,
        "revenue": plan["revenue"].sum() * share,
    }, index=week)
    table["cumulative_conversions"] = table["conversions"].cumsum()
    table["cumulative_revenue"] = table["revenue"].cumsum()
    return table


def compare_platforms(params: CampaignParams, inputs: CampaignInputs | None = None) -> pd.DataFrame:
    """The whole budget on one platform at a time (same mix, segment and weeks).

    One row per plannable platform that carries a content type of the mix and
    whose users include somebody in the segment. Columns: ``cpm``, ``ctr``
    (clicks / impressions), ``cvr`` (conversions / clicks, lift included),
    ``impressions``, ``clicks``, ``conversions``, ``revenue``, ``cost_per_click``,
    ``cost_per_conversion`` (EUR), ``roas``, ``roi`` (on gross profit, the course's
    :data:`utils.shared.config.GROSS_MARGIN`).
    """
    inputs = inputs or load_inputs()
    rows = {}
    for platform in plannable_platforms(inputs):
        if not any(c in inputs.carried(platform) for c, _ in params.content_mix):
            continue
        single = dataclasses.replace(params, platforms=(platform,))
        try:
            t = simulate(single, inputs).totals
        except segmentation.EmptySegmentError:
            continue
        rows[platform] = {
            "cpm": t["budget"] / t["impressions"] * 1000.0, "ctr": t["clicks"] / t["impressions"],
            "cvr": t["conversions"] / t["clicks"], "impressions": t["impressions"], "clicks": t["clicks"],
            "conversions": t["conversions"], "revenue": t["revenue"],
            "cost_per_click": t["budget"] / t["clicks"],
            "cost_per_conversion": t["cost_per_conversion"] if t["cost_per_conversion"] is not None else np.inf,
            "roas": t["roas"],
            "roi": t["roi"],
        }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "platform"
    return table


# --------------------------------------------------------------------------- #
# Display: rows, charts
# --------------------------------------------------------------------------- #
def cost_text(result: CampaignResult) -> str:
    """The cost per result in words: ``'€8.54 per conversion'``, ``'€6.21 per 1,000 people reached'``."""
    t = result.totals
    if t["cost_per_result"] is None:
        return "no result expected"
    metric = t["result_metric"]
    if metric == "reach":
        return f"{eur(t['cost_per_result'] * 1000, 2)} per 1,000 people reached"
    return f"{eur(t['cost_per_result'], 2)} per {metric[:-1]}"


def summary_rows(result: CampaignResult) -> list[tuple[str, str]]:
    """The key numbers as ``(label, formatted value)`` rows (report and panel)."""
    t, p = result.totals, result.params
    goal = goal_metric(p.objective)
    metric = t["result_metric"]
    return [
        ("Objective → result to forecast", f"{p.objective} → {goal['result_label']}"),
        ("Metric to track", f"{goal['track']} = {goal['formula']}"),
        ("Budget", f"{eur(p.budget)} over {p.weeks} weeks ({eur(p.budget / p.weeks)} a week)"),
        (f"Expected {metric}", num(t["result"])),
        ("Cost per result", cost_text(result)),
        ("Paid impressions", num(t["impressions"])),
        ("Paid reach (people)", num(t["reach"])),
        ("Earned reach from shares", f"{num(t['earned_reach'])} (k = {t['k']:.3f})"),
        ("Engagements", num(t["engagements"])),
        *[(label, num(t[key])) for key, label in (("clicks", "Clicks"), ("conversions", "Conversions"))
          if key != metric],  # the expected result is already the first count shown
        ("Revenue", eur(t["revenue"])),
        ("ROAS (revenue / budget)", f"{t['roas']:.2f}x"),
        (f"Gross profit (revenue x {pct(t['gross_margin'], 0)} gross margin)", eur(t["gross_profit"])),
        ("ROI on gross profit ((gross profit - budget) / budget)", pct(t["roi"])),
        ("Segment conversion lift used", f"{t['lift']:.2f}x"),
    ]


def metric_axis_label(metric: str) -> str:
    return {"reach": "expected people reached (count)", "clicks": "expected clicks (count)",
            "conversions": "expected conversions (count)"}[metric]


def platform_results(result: CampaignResult) -> pd.Series:
    """The objective's expected result per chosen platform (a Series indexed by platform).

    For reach, each platform's paid reach plus its part of the earned reach (in
    proportion to the shares it brings).
    """
    metric = result.totals["result_metric"]
    table = result.by_platform
    if metric != "reach":
        return table[metric].rename(metric)
    shares = float(table["shares"].sum())
    earned = result.totals["earned_reach"] * table["shares"] / shares if shares > 0 else 0.0
    return (table["reach"] + earned).rename("reach")


def plot_platforms(ax: Any, result: CampaignResult) -> None:
    """Bars: the objective's expected result per chosen platform, with cost per result on top."""
    metric = result.totals["result_metric"]
    table = result.by_platform
    values = platform_results(result)
    colours = [PLATFORM_COLOURS.get(p, PALETTE[0]) for p in table.index]
    bars = ax.bar(list(table.index), values.to_numpy(), color=colours)
    for bar, platform, value in zip(bars, table.index, values):
        spend = table.loc[platform, "budget"]
        if value <= 0:
            label = "none expected"
        elif metric == "reach":
            label = f"{eur(spend / value * 1000, 2)} per 1,000 people"
        else:
            label = f"{eur(spend / value, 2)} each"
        ax.annotate(label, (bar.get_x() + bar.get_width() / 2, value), ha="center", va="bottom", fontsize=9)
    ax.set_title(f"Expected {metric} by platform")
    ax.set_xlabel("platform")
    ax.set_ylabel(metric_axis_label(metric))
    ax.set_ylim(0, max(float(values.max()), 1.0) * 1.18)
    ax.yaxis.set_major_formatter(thousands_formatter())


_FUNNEL = (("impressions", "impressions"), ("reach", "paid reach"), ("engagements", "engagements"),
           ("clicks", "clicks"), ("conversions", "conversions"))


def plot_funnel(ax: Any, result: CampaignResult) -> None:
    """Horizontal bars, log scale: impressions -> reach -> engagements -> clicks -> conversions."""
    from matplotlib.ticker import FuncFormatter, NullLocator

    labels = [label for _, label in _FUNNEL][::-1]
    values = [max(result.totals[key], 1e-9) for key, _ in _FUNNEL][::-1]
    bars = ax.barh(labels, values, color=PALETTE[0])
    for bar, value in zip(bars, values):
        ax.annotate(f" {num(value)}", (value, bar.get_y() + bar.get_height() / 2), va="center", fontsize=9)
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(FuncFormatter(compact))  # 1k, 1M rather than powers of ten
    ax.xaxis.set_minor_locator(NullLocator())  # one gridline per power of ten, as in the reach explorer
    ax.set_xlim(max(min(values) / 2, 0.1), max(values) * 8)
    ax.set_title("Campaign funnel (expected counts)")
    ax.set_xlabel("count (log scale)")
    ax.set_ylabel("funnel step")


def plot_money(ax: Any, result: CampaignResult) -> None:
    """Paired bars per platform: budget spent and expected revenue (EUR), ROAS and ROI on gross profit above."""
    table = result.by_platform
    x = np.arange(len(table))
    width = 0.38
    ax.bar(x - width / 2, table["budget"], width, color=PALETTE[7], alpha=0.55, label="budget spent")
    ax.bar(x + width / 2, table["revenue"], width, color=PALETTE[2], label="expected revenue")
    top = float(max(table["budget"].max(), table["revenue"].max()))
    for xi, (_, row) in zip(x, table.iterrows()):
        ax.annotate(f"ROAS {row['roas']:.2f}x\nROI {pct(row['roi'], 0)}", (xi, max(row["budget"], row["revenue"]) + top * 0.03),
                    ha="center", va="bottom", fontsize=9)
    ax.set_xticks(x, list(table.index))
    ax.set_ylim(0, top * 1.3)
    ax.yaxis.set_major_formatter(thousands_formatter())
    ax.set_title("Budget and expected revenue by platform")
    ax.set_xlabel("platform")
    ax.set_ylabel("amount (EUR)")
    ax.legend(loc="upper right", ncol=2)


# --------------------------------------------------------------------------- #
# The explorer panel (pure compute)
# --------------------------------------------------------------------------- #
def forecast(
    objective: str,
    platforms: Sequence[str],
    budget: Any,
    video: Any,
    image: Any,
    text: Any,
    *,
    params: CampaignParams | None = None,
    inputs: CampaignInputs | None = None,
) -> CampaignResult:
    """Re-forecast ``params`` with another objective, platforms, budget and mix.

    The mix is given as the ``video``, ``image`` and ``text`` shares; links get
    the rest (``1 - video - image - text``), which must not be negative. Every
    other parameter (segment, weeks, name) comes from ``params`` (default:
    :func:`default_params`). Raises ``ValueError`` naming the problem.
    """
    base = params or default_params()
    inputs = inputs or load_inputs()
    shares = {"video": video, "image": image, "text": text}
    values = {k: float(check_fraction(f"{k} share", as_scalar(f"{k} share", v))) for k, v in shares.items()}
    used = sum(values.values())
    if used > 1.0 + 1e-9:
        raise ValueError(f"video + image + text shares add up to {used:.2f}, more than 1: lower one of them "
                         f"(links get whatever is left)")
    mix = {**values, "link": max(0.0, 1.0 - used)}
    mix = {k: v for k, v in mix.items() if v > 1e-12}
    chosen = list(platforms) if isinstance(platforms, (list, tuple, set)) else platforms  # validation names the rest
    new = validate_parameters(objective, chosen, budget, mix, base.age_min, base.age_max,
                              list(base.interests), list(base.locations), base.weeks, base.report_name,
                              base.segment_lift, inputs=inputs)
    return simulate(new, inputs)


def forecast_rows(result: CampaignResult) -> list[tuple[str, str]]:
    """The explorer's results table (link share first, then the key numbers)."""
    rows = [("Link share (the rest)", pct(result.params.mix["link"], 0))]
    keep = {"Objective → result to forecast", "Paid impressions", "Paid reach (people)",
            "Earned reach from shares", "Conversions", "Revenue"}
    for label, value in summary_rows(result):
        if label in keep or label.startswith(("Expected ", "Cost per ", "ROAS", "ROI")):
            rows.append((label, value))
    return rows


# --------------------------------------------------------------------------- #
# Report
# --------------------------------------------------------------------------- #
def report_folder() -> Path:
    """``utils.shared.config.OUTPUT_DIR / "capstone"`` (read at call time; git-ignored)."""
    return Path(config.OUTPUT_DIR) / "capstone"


def report_paths(params: CampaignParams, folder: str | Path | None = None) -> dict[str, Path]:
    """Where the report goes: ``{"html": ..., "csv": ...}`` named after the parameters."""
    base = Path(folder) if folder is not None else report_folder()
    paths = {ext: base / f"{params.stem}.{ext}" for ext in ("html", "csv")}
    root = base.resolve()
    for path in paths.values():
        if root not in path.resolve().parents:
            raise ValueError(f"report_name would write outside {base}: {path}")
    return paths


def plan_table(result: CampaignResult) -> pd.DataFrame:
    """The plan as written to the CSV: rounded, money columns named with their unit."""
    table = result.plan.rename(columns={"budget": "budget_eur", "cpm": "cpm_eur", "revenue": "revenue_eur"})
    table.insert(table.columns.get_loc("budget_eur") + 1, "budget_per_week_eur",
                 table["budget_eur"] / result.params.weeks)
    money = ["budget_eur", "budget_per_week_eur", "cpm_eur", "revenue_eur"]
    counts = ["impressions", "reach", "engagements", "shares", "clicks", "conversions"]
    table[money] = table[money].round(2)
    table[counts] = table[counts].round(1)
    table["mix_share"] = table["mix_share"].round(4)
    return table


def _figure_html(draw, result: CampaignResult, size=(7.0, 3.4)) -> str:
    """A chart of the report with its text alternative and numbers (as the notebooks show them)."""
    fig, ax = new_figure(*size)
    draw(ax, result)
    distinguish(fig)
    return figure_html(fig)


def _table_html(rows: Sequence[tuple[str, str]]) -> str:
    body = "".join(f"<tr><th>{html.escape(a)}</th><td>{html.escape(b)}</td></tr>" for a, b in rows)
    return f"<table>{body}</table>"


def report_html(result: CampaignResult, csv_name: str) -> str:
    """The one-page summary as a self-contained HTML string (charts embedded as SVG, sharp at any zoom)."""
    p = result.params
    images = "".join(_figure_html(draw, result) for draw in (plot_platforms, plot_funnel, plot_money))
    by_platform = [(platform, f"{eur(r['budget'])} → {num(r['impressions'])} impressions, {num(r['clicks'])} clicks, "
                              f"{num(r['conversions'])} conversions, ROAS {r['roas']:.2f}, "
                              f"ROI on gross profit {pct(r['roi'])}")
                   for platform, r in result.by_platform.iterrows()]
    brief = [("Objective", p.objective), ("Platforms", ", ".join(p.platforms)), ("Budget", eur(p.budget)),
             ("Content mix", ", ".join(f"{c} {pct(s, 0)}" for c, s in p.content_mix)),
             ("Segment", result.segment["description"]),
             ("Segment size", f"{num(result.segment['people'])} of {num(result.segment['audience_size'])} people "
                              f"({pct(result.segment['share'])}), conversion lift {result.segment['lift']:.2f}x"),
             ("Weeks", str(p.weeks))]
    assumptions = [
        "Expected values from Brightleaf's synthetic 2025 data (SMM Lab course data), not guarantees.",
        "Price: effective CPM of each platform's paid posts (spend / impressions x 1000, pooled).",
        "Rates: pooled per platform and content type over all 2025 posts; budget split equally between platforms.",
        f"Word of mouth: each share is seen by {VIEWS_PER_SHARE} people (an assumption); "
        f"{WOM_GENERATIONS} generations of re-sharing; sales counted on paid impressions only.",
        "Paid reach is summed over platforms: someone on two platforms counts twice.",
        (f"Purchases per click are multiplied by the segment's conversion lift ({result.totals['lift']:.2f}x): how "
         f"much more often the segment's people bought in 2025 than everyone did."
         if p.segment_lift else "Purchases per click as in the data (segment_lift is off: no conversion lift)."),
        *result.notes,
    ]
    style = ("body{font-family:sans-serif;max-width:760px;margin:24px auto;color:#222}"
             "table{border-collapse:collapse;margin:8px 0 16px}th{text-align:left;padding:2px 14px 2px 0;"
             "font-weight:normal;color:#444}td{font-weight:bold}figure{margin:8px 0}img{max-width:100%}")
    viral = ("yes" if result.totals["viral"] else "no") + f" (viral means reach at least {VIRAL_FACTOR:g}x the paid reach)"
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Campaign plan: {html.escape(p.report_name)}</title><style>{style}</style></head><body>"
        f"<h1>Campaign plan: {html.escape(p.report_name)}</h1>"
        f"<p>{html.escape(p.describe())}.</p>"
        "<h2>Key numbers</h2>" + _table_html(summary_rows(result) + [("Goes viral?", viral)]) +
        "<h2>By platform</h2>" + _table_html(by_platform) +
        "<h2>Charts</h2>" + images +
        "<h2>Brief</h2>" + _table_html(brief) +
        "<h2>Assumptions and notes</h2><ul>" + "".join(f"<li>{html.escape(a)}</li>" for a in assumptions) + "</ul>"
        f"<p>The full plan (one row per platform and content type) is in <code>{html.escape(csv_name)}</code>.</p>"
        "<p><small>SMM Lab capstone report.</small></p></body></html>\n"
    )


def write_report(result: CampaignResult, folder: str | Path | None = None) -> dict[str, Path]:
    """Write the HTML summary and the CSV plan; return their paths.

    ``folder`` defaults to :func:`report_folder` (``OUTPUT_DIR / "capstone"``),
    created if needed. File names come from :attr:`CampaignParams.stem`, so the
    same parameters overwrite the same files and nothing is written elsewhere.
    """
    if not isinstance(result, CampaignResult):
        raise TypeError(f"result must be a CampaignResult (from simulate), got {type(result).__name__}")
    paths = report_paths(result.params, folder)
    paths["html"].parent.mkdir(parents=True, exist_ok=True)
    plan_table(result).to_csv(paths["csv"], index=False, lineterminator="\n")
    paths["html"].write_text(report_html(result, paths["csv"].name), encoding="utf-8")
    return paths
