"""The capstone: plan, simulate and report one social media campaign end to end.

The code lives in three modules, one per stage, and this module gathers them, so
``from utils.nb11 import capstone`` gives the whole capstone: :mod:`utils.nb11.brief`
(parameters and their checks), :mod:`utils.nb11.forecast` (the data and the
forecast), :mod:`utils.nb11.report` (key numbers, charts and the report).

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
* **What the money buys**: each platform's paid posts give its CTR,
  conversions per click and revenue per conversion (:func:`platform_costs`);
  the content type adjusts the clicks (``ctr_index``) and gives engagements and
  shares per impression, pooled over every post (:func:`content_rates`). A content type
  a platform (almost) never carried in the data (fewer than
  :data:`MIN_CELL_POSTS` posts) is not planned there: that platform's budget is
  spread over the content types of the mix it does carry.
* **Segment lift** (optional, off in the default brief): the segment's
  purchases per click divided by the whole audience's, from ``audience.csv``
  (:func:`segment_lift`); it multiplies the conversions per click. A lift per
  person (buyers / people) would not match that denominator.
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

from utils.nb11.brief import (  # noqa: F401 (re-exported)
    CONTENT_TYPES,
    CampaignParams,
    MAX_BUDGET,
    MAX_WEEKS,
    MIN_CELL_POSTS,
    OBJECTIVES,
    PLAN_OBJECTIVE,
    ParameterError,
    RESULT_LABEL,
    RESULT_METRIC,
    WOM_GENERATIONS,
    default_params,
    validate_parameters,
)
from utils.nb11.forecast import (  # noqa: F401 (re-exported)
    CampaignInputs,
    CampaignResult,
    compare_platforms,
    content_rates,
    goal_metric,
    load_inputs,
    plannable_platforms,
    platform_costs,
    segment_lift,
    simulate,
)
from utils.nb11.report import (  # noqa: F401 (re-exported)
    cost_text,
    forecast,
    forecast_rows,
    metric_axis_label,
    plan_table,
    platform_results,
    plot_funnel,
    plot_money,
    plot_platforms,
    report_folder,
    report_html,
    report_paths,
    summary_rows,
    write_report,
)
from utils.shared.config import VIEWS_PER_SHARE
from utils.shared.virality import VIRAL_FACTOR

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
