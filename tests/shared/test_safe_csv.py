"""Tests of utils.shared.safe_csv: CSV files a spreadsheet opens without running formulas."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from utils.shared import safe_csv

INJECTIONS = ["=1+1", "+cmd", "-2", "@SUM", "\t=x", "\r=x", " =HYPERLINK(\"http://x\")", "\uff1d1+1"]


@pytest.mark.parametrize("value", INJECTIONS)
def test_dangerous_text_is_prefixed_with_a_quote(value):
    assert safe_csv.neutralise_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Spring tea launch", "video", "2026-01-05", "", "a=b", "x-y", "'quoted"])
def test_harmless_text_is_unchanged(value):
    assert safe_csv.neutralise_cell(value) == value


@pytest.mark.parametrize("value", [-2, 3.5, 0, True, None, pd.Timestamp("2026-01-05")])
def test_non_text_is_unchanged(value):
    assert safe_csv.neutralise_cell(value) is value


def test_to_safe_csv_neutralises_cells_and_headers(tmp_path):
    frame = pd.DataFrame({
        "campaign": INJECTIONS,
        "=header": ["ok"] * len(INJECTIONS),
        "reach": [-2, 0, 1, 2, 3, 4, 5, 6],
        "kind": pd.Categorical(["@x", "video"] * 4),
    })
    path = safe_csv.to_safe_csv(frame, tmp_path / "sub" / "safe_csv.csv")
    assert path == tmp_path / "sub" / "safe_csv.csv" and path.exists()
    with open(path, newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["campaign", "'=header", "reach", "kind"]
    for row, original in zip(rows[1:], INJECTIONS):
        assert row[0] == "'" + original
    assert [r[2] for r in rows[1:]] == ["-2", "0", "1", "2", "3", "4", "5", "6"]  # numbers stay numbers
    assert {r[3] for r in rows[1:]} == {"'@x", "video"}
    for row in rows:  # no cell of the file starts a formula
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")) or cell.lstrip("-").isdigit()
    assert frame.loc[0, "campaign"] == "=1+1"  # the caller's frame is untouched
    assert len(rows) == 1 + len(INJECTIONS)  # a carriage return inside a cell did not split its row


def test_to_safe_csv_bad_input(tmp_path):
    with pytest.raises(TypeError, match="df must be a pandas DataFrame"):
        safe_csv.to_safe_csv([["=1+1"]], tmp_path / "x.csv")
    with pytest.raises(ValueError, match="path must end in .csv"):
        safe_csv.to_safe_csv(pd.DataFrame({"a": [1]}), tmp_path / "x.xlsx")
    with pytest.raises(TypeError, match="path"):
        safe_csv.to_safe_csv(pd.DataFrame({"a": [1]}), 42)
