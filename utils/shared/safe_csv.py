"""Safe CSV export, shared by the content calendar (04) and the upload notebook (13).

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or
a tab / carriage return followed by one) as a formula: "CSV injection".
:func:`neutralise_cell` prefixes such text with a single quote ``'`` so it
is shown as text; :func:`to_safe_csv` applies it to every cell and header.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["DANGEROUS_PREFIXES", "neutralise_cell", "to_safe_csv"]

#: First characters that make a spreadsheet treat a cell as a formula (ASCII
#: and their full-width forms), plus tab and carriage return.
DANGEROUS_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_FORMULA_STARTS = tuple(p for p in DANGEROUS_PREFIXES if p not in ("\t", "\r"))


def neutralise_cell(value: Any) -> Any:
    """Make one cell safe to open in a spreadsheet.

    Text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return (or with spaces followed by one of ``= + - @``) gets a leading
    single quote, so the spreadsheet shows it as text instead of running it as
    a formula: ``neutralise_cell("=1+1") == "'=1+1"``. Numbers (including
    negative numbers), booleans, dates, missing values and harmless text are
    returned unchanged.
    """
    if not isinstance(value, str) or not value:
        return value
    if value.startswith(DANGEROUS_PREFIXES) or value.lstrip().startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def to_safe_csv(df: pd.DataFrame, path: str | Path) -> Path:
    """Write ``df`` to ``path`` as CSV with every text cell and header neutralised.

    Uses :func:`neutralise_cell` on each cell and column name, writes UTF-8
    with a byte-order mark (so spreadsheets detect the encoding) and CRLF line
    ends (so a cell holding a line break is quoted), without the index, and creates the parent folder if needed. In the course, write under
    :data:`utils.shared.config.OUTPUT_DIR` (ignored by git). Returns the path written.
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"df must be a pandas DataFrame, got {type(df).__name__}")
    if not isinstance(path, (str, Path)) or not str(path):
        raise TypeError(f"path must be a file path (str or pathlib.Path), got {path!r}")
    target = Path(path)
    if target.suffix.lower() != ".csv":
        raise ValueError(f"path must end in .csv, got {target.name!r}")
    safe = df.copy()
    safe.columns = [neutralise_cell(str(c)) for c in safe.columns]
    api = pd.api.types
    for column in safe.columns:
        dtype = safe[column].dtype
        if api.is_bool_dtype(dtype) or api.is_numeric_dtype(dtype) or api.is_datetime64_any_dtype(dtype):
            continue  # numbers, booleans and dates cannot carry a formula
        safe[column] = safe[column].astype(object).map(neutralise_cell)
    target.parent.mkdir(parents=True, exist_ok=True)
    # CRLF line ends (RFC 4180): the writer then quotes any cell holding a CR or LF.
    safe.to_csv(target, index=False, encoding="utf-8-sig", lineterminator="\r\n")
    return target
