"""Course-wide constants: paths, the fictional brand, platforms, and the one seed.

Everything random in the course (data generation, simulations, exercises) takes
its seed from :data:`SEED` unless a caller passes another one explicitly.
"""

from __future__ import annotations

import os
from pathlib import Path

#: The single seed for all randomness in the course.
SEED: int = 2022

#: Repository root (the folder holding ``utils/``, ``data/`` and ``notebooks/``).
ROOT: Path = Path(__file__).resolve().parents[2]  # utils/shared/config.py -> the course folder

#: Where the shipped data sets live. ``SMM_DATA_DIR`` overrides it.
DATA_DIR: Path = Path(os.environ.get("SMM_DATA_DIR", ROOT / "data"))

#: Where notebooks write their outputs (reports, exports). Ignored by git.
OUTPUT_DIR: Path = Path(os.environ.get("SMM_OUTPUT_DIR", ROOT / "output"))

#: The fictional brand of the course and its three fictional competitors.
BRAND: str = "Brightleaf"
COMPETITORS: tuple[str, ...] = ("Copperpot", "Greenhill", "Mistral")
BRANDS: tuple[str, ...] = (BRAND, *COMPETITORS)

#: Platforms in the course data and the channel type the source article names.
PLATFORMS: tuple[str, ...] = ("Facebook", "Instagram", "X", "YouTube", "LinkedIn", "TikTok")
CHANNEL_TYPES: dict[str, str] = {
    "Facebook": "social site",
    "Instagram": "social site",
    "LinkedIn": "social site",
    "X": "microblog",
    "YouTube": "content platform",
    "TikTok": "content platform",
}
CONTENT_TYPES: tuple[str, ...] = ("video", "image", "text", "link")

#: Default assumption: people who see the brand through one share or one mention
#: (word of mouth in notebooks 04 and 11).
VIEWS_PER_SHARE: int = 20

#: Brightleaf's gross margin: the share of each euro of sales left after the cost of the goods
#: sold (tea, packaging, the shop's payment fees). An assumption for the synthetic brand, not a
#: measured figure: listed food and soft-drink makers keep about 39-40% (Aswath Damodaran,
#: "Margins by Sector (Europe)", NYU Stern, January 2019: Food Processing 39.2%, Beverage (Soft)
#: 39.8%), and a small tea brand that sells loose tea in its own web shop also keeps the margin a
#: retailer would take, so we assume 55%. Used by ROI on gross profit
#: (:func:`utils.shared.metrics.roi`); pass your own firm's margin as ``gross_margin=``.
GROSS_MARGIN: float = 0.55

#: The course's default denominator of the engagement rate: engagements / impressions. Why: every
#: platform's export reports impressions for every post, organic or paid (reach is missing from
#: some exports and cannot be added across posts or days, followers count people who may never
#: have seen the post); a view is what the brand pays for (CPM); and CTR and the virality rate
#: divide by impressions too, so the funnel rates share one base. A cell that uses reach or
#: followers says why (notebook 00 declares the default; the glossary defines it).
ENGAGEMENT_RATE_BASE: str = "impressions"
