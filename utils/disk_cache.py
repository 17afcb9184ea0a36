"""Work kept in ``output/cache/`` for the next kernel: parsed data sets, measured label sizes.

The folder is ignored by git and always safe to delete. Entries are pickles written
atomically (parallel kernels may write the same entry); an entry that is missing,
half-written or unreadable reads as ``None``, and a read-only or full disk only
means that nothing is kept. Each user names its entries with a hash of everything
they depend on, so a changed input gives a new name instead of a stale answer.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

from utils.shared import config


def cache_dir() -> Path:
    """``output/cache/`` under the current ``utils.shared.config.OUTPUT_DIR``."""
    return Path(config.OUTPUT_DIR) / "cache"


def read_kept(path: Path) -> Any | None:
    """The object kept in ``path``, or None when there is none that can be read."""
    try:
        return pickle.loads(Path(path).read_bytes())
    except Exception:  # missing, half-written or unreadable: the caller does the work again
        return None


def keep(path: Path, value: Any) -> None:
    """Write ``value`` to ``path`` atomically; a disk that refuses means no cache."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.part")
        partial.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(partial, path)
    except OSError:
        pass
