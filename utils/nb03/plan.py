"""The SMM action plan as data: Hootsuite's seven steps, Buffer's five pillars,
how they map onto each other, the objective -> goal -> metric table of step 1,
and the audit of Brightleaf's own posts (step 4).

Every baseline is a **pooled** rate (sum of numerators / sum of denominators)
computed with the formulas of :mod:`utils.shared.metrics`; the denominator of every
metric is named in :data:`utils.shared.goals.OBJECTIVES`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from utils.shared import metrics, stats
from utils.shared.config import BRAND, CONTENT_TYPES, PLATFORMS
from utils.shared.goals import OBJECTIVES
from utils.shared.plotting import num, pct
from utils.shared.validation import check_frame, check_choice, check_int, check_le

__all__ = [
    "ACTION_PLAN",
    "ALL",
    "ALL_PLATFORMS",
    "AUDIT_METRICS",
    "PILLARS",
    "Pillar",
    "STEP_PILLARS",
    "Step",
    "audit_extremes",
    "audit_posts",
    "baseline_table",
    "baselines_by_platform",
    "build_plan",
    "mapping_table",
    "pillar_coverage",
    "pillars_of_step",
    "pillars_table",
    "plan_rows",
    "steps_table",
]


# --------------------------------------------------------------------------- #
# The seven steps and the five pillars
# --------------------------------------------------------------------------- #
@dataclass(frozen=True)
class Step:
    """One step of the action plan (after Hootsuite)."""

    number: int
    name: str
    what: str
    course_data: str
    where: str


@dataclass(frozen=True)
class Pillar:
    """One of the five pillars (after Buffer)."""

    name: str
    what: str


#: Hootsuite's seven-step SMM action plan, as cited by the source article.
ACTION_PLAN: tuple[Step, ...] = (
    Step(1, "Align goals with business objectives",
         "Turn each business objective into an SMM goal with one metric to track",
         "posts, mentions, inbox (baselines)", "this notebook (plan builder); notebook 09"),
    Step(2, "Learn the target customer",
         "Age, location, income, job title, industry and interests of the people to reach",
         "audience", "notebook 06"),
    Step(3, "Analyse the competition",
         "What works and what fails for competitors: how loud they are and how people feel about them",
         "mentions", "this notebook"),
    Step(4, "Audit your own SMM",
         "What works and what fails in your own posts, by platform and format",
         "posts", "this notebook"),
    Step(5, "Build a content calendar",
         "What goes out, where and when",
         "posts (history to forecast from)", "notebook 04"),
    Step(6, "Create best-in-class content",
         "Content people engage with, buy from and share",
         "posts", "notebook 04"),
    Step(7, "Track performance and adjust",
         "Measure against the goals of step 1 and change course when needed",
         "posts, mentions, inbox, web_sessions", "notebooks 08 and 09"),
)

#: Buffer's five pillars of social media marketing (Polish edition of the source).
PILLARS: tuple[Pillar, ...] = (
    Pillar("Strategy", "Goals, the channels to use and the types of content to share"),
    Pillar("Planning and publishing", "What the content looks like (video, photos, how much text) and when it goes out"),
    Pillar("Listening and engagement", "Monitoring what users and customers say about posts, the brand and its assets"),
    Pillar("Analytics and reporting", "How far posts travel: reach and engagement reports"),
    Pillar("Advertising", "Buying paid social ads"),
)

#: Which pillar(s) each step of the plan belongs to (step number -> pillar names).
#: Advertising has no step of its own: it serves targeting (step 2) and is the
#: quickest lever when tracking says to adjust (step 7).
STEP_PILLARS: dict[int, tuple[str, ...]] = {
    1: ("Strategy",),
    2: ("Strategy", "Advertising"),
    3: ("Listening and engagement", "Analytics and reporting"),
    4: ("Analytics and reporting",),
    5: ("Planning and publishing",),
    6: ("Planning and publishing", "Strategy"),
    7: ("Analytics and reporting", "Listening and engagement", "Advertising"),
}

_PILLAR_NAMES = tuple(p.name for p in PILLARS)
_STEP_NUMBERS = tuple(s.number for s in ACTION_PLAN)


def steps_table() -> pd.DataFrame:
    """The seven steps: ``step`` (1-7) as index, ``name``, ``what``, ``course data``, ``where in the course``."""
    return pd.DataFrame(
        [(s.number, s.name, s.what, s.course_data, s.where) for s in ACTION_PLAN],
        columns=["step", "name", "what", "course data", "where in the course"],
    ).set_index("step")


def pillars_table() -> pd.DataFrame:
    """The five pillars: ``pillar`` as index, ``what`` and ``steps`` (the plan steps that serve it)."""
    coverage = pillar_coverage()
    return pd.DataFrame(
        [(p.name, p.what, ", ".join(str(n) for n in coverage[p.name])) for p in PILLARS],
        columns=["pillar", "what", "steps"],
    ).set_index("pillar")


def mapping_table(mark: str = "✓") -> pd.DataFrame:
    """Steps (rows, labelled ``"1 Align goals..."``) by pillars (columns): ``mark`` where a step serves a pillar."""
    rows = {}
    for step in ACTION_PLAN:
        rows[f"{step.number} {step.name}"] = [mark if p in STEP_PILLARS[step.number] else ""
                                              for p in _PILLAR_NAMES]
    table = pd.DataFrame.from_dict(rows, orient="index", columns=list(_PILLAR_NAMES))
    table.index.name = "step"
    return table


def pillar_coverage() -> dict[str, list[int]]:
    """For each pillar, the numbers of the steps that serve it (in step order)."""
    return {p: [n for n in _STEP_NUMBERS if p in STEP_PILLARS[n]] for p in _PILLAR_NAMES}


def pillars_of_step(step: Any) -> tuple[str, ...]:
    """The pillar(s) that step ``step`` (1-7) belongs to."""
    n = check_int("step", step, minimum=1, maximum=len(ACTION_PLAN))
    return STEP_PILLARS[n]


# --------------------------------------------------------------------------- #
# Step 1: business objective -> SMM goal -> metric
# --------------------------------------------------------------------------- #
#: The platform option meaning "every platform together".
ALL_PLATFORMS = "All platforms"
#: The content-type option meaning "every content type".
ALL = "all"

_POST_COLUMNS = ("platform", "content_type", "impressions", "likes", "comments", "shares", "clicks",
                 "conversions", "followers")


def _frame(name: str, df: Any, columns: Sequence[str]) -> pd.DataFrame:
    return check_frame(name, df, columns)

def _post_sums(posts: pd.DataFrame, content_type: str) -> pd.DataFrame:
    """Per platform sums of the post columns the metrics need (all platforms as rows)."""
    data = _frame("posts", posts, _POST_COLUMNS)
    if content_type != ALL:
        data = data[data["content_type"].astype(str) == content_type]
    engaged = metrics.engagements(data["likes"], data["comments"], data["shares"], data["clicks"])
    parts = pd.DataFrame({
        "posts": 1, "engagements": engaged,
        **{c: data[c] for c in ("impressions", "shares", "clicks", "conversions", "followers")},
    })
    sums = parts.groupby(data["platform"].astype(str)).sum()
    return sums.reindex(list(PLATFORMS), fill_value=0)


_POST_METRICS = {
    # objective: (numerator column, denominator column, formula from utils.shared.metrics)
    "website traffic": ("clicks", "impressions", lambda n, d: metrics.ctr(n, d, on_zero="nan")),
    "sales": ("conversions", "clicks", lambda n, d: metrics.conversion_rate(n, d, on_zero="nan")),
    "customer loyalty": ("engagements", "followers",
                         lambda n, d: metrics.engagement_rate(n, d, base_name="followers", on_zero="nan")),
    "word of mouth": ("shares", "impressions", lambda n, d: metrics.virality_rate(n, d, on_zero="nan")),
}


def baselines_by_platform(
    objective: str,
    content_type: str = ALL,
    *,
    posts: pd.DataFrame,
    mentions: pd.DataFrame | None = None,
    inbox: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The objective's metric for every platform: ``numerator``, ``denominator``, ``rate``.

    One row per platform (in :data:`utils.shared.config.PLATFORMS` order) plus a last
    row :data:`ALL_PLATFORMS` (pooled over every platform). ``rate`` is NaN
    where the denominator is 0 (nothing to measure there); the plan builder
    turns that into a message. ``content_type`` filters posts (it does not
    apply to mentions or inbox messages).
    """
    check_choice("objective", objective, OBJECTIVES)
    check_choice("content_type", content_type, (ALL, *CONTENT_TYPES))
    if objective in _POST_METRICS:
        top, bottom, formula = _POST_METRICS[objective]
        sums = _post_sums(posts, content_type)
        table = pd.DataFrame({"numerator": sums[top], "denominator": sums[bottom], "posts": sums["posts"]})
    elif objective == "brand awareness":
        data = _frame("mentions", mentions, ("platform", "brand", "positive", "neutral", "negative"))
        total = data["positive"] + data["neutral"] + data["negative"]
        platform = data["platform"].astype(str)
        table = pd.DataFrame({
            "numerator": total.where(data["brand"].astype(str) == BRAND, 0).groupby(platform).sum(),
            "denominator": total.groupby(platform).sum(),
        }).reindex(list(PLATFORMS), fill_value=0)

        def formula(n, d):
            return metrics.share_of_voice(n, d, on_zero="nan")
    else:  # customer service
        data = _frame("inbox", inbox, ("platform", "answered_at"))
        platform = data["platform"].astype(str)
        table = pd.DataFrame({
            "numerator": data["answered_at"].notna().astype(int).groupby(platform).sum(),
            "denominator": platform.groupby(platform).size(),
        }).reindex(list(PLATFORMS), fill_value=0)

        def formula(n, d):
            return metrics.response_rate(n, d, on_zero="nan")
    table = table.astype(float)
    table.loc[ALL_PLATFORMS] = table.sum()
    table["rate"] = formula(table["numerator"], table["denominator"])
    table.index.name = "platform"
    return table


def baseline_table(
    *,
    posts: pd.DataFrame,
    mentions: pd.DataFrame,
    inbox: pd.DataFrame,
    content_type: str = ALL,
) -> pd.DataFrame:
    """Every objective's baseline (rows) on every platform and overall (columns), as fractions.

    NaN marks a platform where the metric has nothing to measure.
    """
    rows = {o: baselines_by_platform(o, content_type, posts=posts, mentions=mentions, inbox=inbox)["rate"]
            for o in OBJECTIVES}
    table = pd.DataFrame(rows).T
    table.index.name = "business objective"
    table.columns.name = "platform"
    return table


def build_plan(
    objective: str,
    platform: str,
    content_type: str = ALL,
    *,
    posts: pd.DataFrame,
    mentions: pd.DataFrame | None = None,
    inbox: pd.DataFrame | None = None,
) -> dict[str, Any]:
    """Plan for one business objective on one platform (the plan builder of notebook 03).

    Returns a dict with the objective's :class:`utils.shared.goals.Objective` fields (``goal``,
    ``metric``, ``formula``, ``denominator``, ``data``, ``pillar``), the
    selection, ``baseline`` (the metric's current pooled value on the chosen
    platform, a fraction), its ``numerator`` and ``denominator_value``,
    ``by_platform`` (:func:`baselines_by_platform`) and ``note`` (a remark on
    the content-type filter, or ``""``).

    Raises ``ValueError`` with a friendly message when the selection has
    nothing to measure (for example no text posts on TikTok).
    """
    check_choice("platform", platform, (ALL_PLATFORMS, *PLATFORMS))
    table = baselines_by_platform(objective, content_type, posts=posts, mentions=mentions, inbox=inbox)
    spec = OBJECTIVES[objective]
    row = table.loc[platform]
    where = "across all platforms" if platform == ALL_PLATFORMS else f"on {platform}"
    if spec.data == "posts" and row["posts"] == 0:
        raise ValueError(
            f"Brightleaf published no {content_type} posts {where} in 2025, so there is no baseline "
            f"to start from. Pick another content type or platform."
        )
    if row["denominator"] == 0:
        raise ValueError(
            f"The {spec.metric} cannot be measured {where}: its denominator, {spec.denominator}, is 0 "
            f"for this selection. Pick another content type or platform."
        )
    note = ""
    if content_type != ALL and spec.data != "posts":
        counted = {"mentions": "mentions of the brands", "inbox": "messages in the inbox"}.get(spec.data, spec.data)
        note = f"The content type does not apply to {spec.metric}: it counts {counted}, not posts."
    return {
        "objective": objective,
        "platform": platform,
        "content_type": content_type,
        **spec.__dict__,
        "baseline": float(row["rate"]),
        "numerator": float(row["numerator"]),
        "denominator_value": float(row["denominator"]),
        "by_platform": table,
        "note": note,
    }


def _selection(result: dict[str, Any]) -> str:
    """The platform, plus the content type when it filters the posts: ``"LinkedIn, video posts"``."""
    if result.get("content_type", ALL) != ALL and result.get("data") == "posts":
        return f"{result['platform']}, {result['content_type']} posts"
    return str(result["platform"])


def plan_rows(result: dict[str, Any]) -> list[tuple[str, str]]:
    """The plan as ``(label, formatted value)`` rows for a widget table."""
    rows = [
        ("Business objective", result["objective"]),
        ("SMM goal", result["goal"]),
        ("Metric to track", result["metric"]),
        ("Formula", result["formula"]),
        ("Denominator", result["denominator"]),
        ("Data it comes from", f"{result['data']}.csv"),
        ("Pillar that measures it", result["pillar"]),
        (f"Baseline ({_selection(result)})", pct(result["baseline"], 2)),
        ("Numerator / denominator", f"{num(result['numerator'])} / {num(result['denominator_value'])}"),
    ]
    if result["note"]:
        rows.append(("Note", result["note"]))
    return rows


# --------------------------------------------------------------------------- #
# Step 4: audit of the brand's own posts
# --------------------------------------------------------------------------- #
#: Metrics of the audit: column -> (numerator, denominator, description).
AUDIT_METRICS: dict[str, tuple[str, str, str]] = {
    "engagement_rate": ("engagements", "impressions", "engagements per impression"),
    "ctr": ("clicks", "impressions", "clicks per impression"),
    "conversion_rate": ("conversions", "clicks", "orders per click"),
}


def audit_posts(
    posts: pd.DataFrame,
    by: str | Sequence[str] = ("platform", "content_type"),
    *,
    min_posts: Any = 20,
) -> pd.DataFrame:
    """What worked and what failed: pooled rates of the brand's posts per group.

    For each group (default: platform x content type): ``posts`` (count),
    the sums of ``impressions``, ``engagements`` (likes + comments + shares +
    clicks), ``clicks``, ``conversions`` and ``revenue`` (EUR), then the pooled
    ``engagement_rate`` (engagements / impressions), ``ctr`` (clicks /
    impressions) and ``conversion_rate`` (conversions / clicks; NaN for a group
    without clicks) and ``enough`` (True when the group has at least
    ``min_posts`` posts, so its rates are not a fluke of a handful of posts).
    Groups with no posts are left out. Sorted by ``engagement_rate``, highest first.
    """
    data = _frame("posts", posts, ("impressions", "likes", "comments", "shares", "clicks", "conversions",
                                   "revenue"))
    keys = [by] if isinstance(by, str) else list(by)
    if not keys:
        raise ValueError("by must name at least one column, e.g. 'platform'")
    _frame("posts", data, keys)
    threshold = check_int("min_posts", min_posts, minimum=1)
    if data.empty:
        raise ValueError("posts has no rows: there is nothing to audit")
    check_le("clicks", data["clicks"], "impressions", data["impressions"], "the audit")
    check_le("conversions", data["conversions"], "clicks", data["clicks"], "the audit")
    parts = pd.DataFrame({
        "posts": 1,
        "impressions": data["impressions"],
        "engagements": metrics.engagements(data["likes"], data["comments"], data["shares"], data["clicks"]),
        "clicks": data["clicks"],
        "conversions": data["conversions"],
        "revenue": data["revenue"],
    })
    groups = [data[k].astype(str) for k in keys]
    table = parts.groupby(groups, sort=True).sum()
    table = table[table["posts"] > 0]
    table["engagement_rate"] = metrics.engagement_rate(table["engagements"], table["impressions"],
                                                       base_name="impressions")
    table["ctr"] = metrics.ctr(table["clicks"], table["impressions"])
    table["conversion_rate"] = metrics.conversion_rate(table["conversions"], table["clicks"], on_zero="nan")
    table["enough"] = table["posts"] >= threshold
    return table.sort_values("engagement_rate", ascending=False)


def audit_extremes(audit: pd.DataFrame, metric: str = "engagement_rate") -> dict[str, Any]:
    """Best and worst group of an :func:`audit_posts` table by ``metric``.

    Only groups with ``enough`` posts (and a defined rate) compete. Returns
    ``{"best": label, "best_value": rate, "worst": label, "worst_value": rate,
    "compared": n}``; a label joins the group values with ``" / "``
    (e.g. ``"TikTok / video"``).
    """
    check_choice("metric", metric, AUDIT_METRICS)
    if not isinstance(audit, pd.DataFrame) or metric not in audit.columns or "enough" not in audit.columns:
        raise TypeError("audit must be a table returned by audit_posts")
    usable = audit[audit["enough"] & audit[metric].notna()]
    if usable.empty:
        raise ValueError("no group has enough posts to compare: lower min_posts")
    values = usable[metric]

    def label(key: Any) -> str:
        return " / ".join(map(str, key)) if isinstance(key, tuple) else str(key)

    best, worst = values.idxmax(), values.idxmin()
    return {"best": label(best), "best_value": float(values[best]),
            "worst": label(worst), "worst_value": float(values[worst]), "compared": int(len(values))}


def audit_gap(posts: pd.DataFrame, audit: pd.DataFrame, metric: str = "engagement_rate",
              by: str | Sequence[str] = ("platform", "content_type"), *, confidence: float = 0.95) -> dict[str, Any]:
    """Is the audit's best group really better than its worst? Their difference with a bootstrap interval.

    The best and worst groups are those of :func:`audit_extremes`. Posts (not
    impressions) are resampled within each group (:func:`utils.shared.stats.bootstrap_ratio`
    with ``compare="difference"``, seeded), because posts are what varies: a few lucky
    posts can make a group look good. Returns ``best``, ``worst``, ``difference``
    (best rate - worst rate, a fraction), ``low``, ``high``, ``within_noise`` (the
    interval includes 0) and ``verdict`` (a sentence).
    """
    extremes = audit_extremes(audit, metric)
    keys = [by] if isinstance(by, str) else list(by)
    data = _frame("posts", posts, (*keys, "impressions", "likes", "comments", "shares", "clicks", "conversions"))
    numerator = {"engagement_rate": metrics.engagements(data["likes"], data["comments"], data["shares"],
                                                        data["clicks"]),
                 "ctr": data["clicks"], "conversion_rate": data["conversions"]}[metric]
    denominator = data["clicks"] if metric == "conversion_rate" else data["impressions"]
    label = data[keys].astype(str).agg(" / ".join, axis=1)
    best, worst = label == extremes["best"], label == extremes["worst"]
    res = stats.bootstrap_ratio(numerator[best], denominator[best], numerator[worst], denominator[worst],
                                confidence=confidence, compare="difference")
    what = f"the gap in {AUDIT_METRICS[metric][2]} between {extremes['best']} and {extremes['worst']}"
    return {"best": extremes["best"], "worst": extremes["worst"], "difference": res["difference"],
            "low": res["low"], "high": res["high"], "within_noise": res["low"] <= 0.0 <= res["high"],
            "verdict": stats.verdict(res["low"], res["high"], null=0.0, what=what, scale="points")}
