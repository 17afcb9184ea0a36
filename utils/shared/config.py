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
