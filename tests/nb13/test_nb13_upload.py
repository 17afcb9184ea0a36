"""Bring your own data (utils.nb13.upload, notebook 13): malformed files, parsing, mapping, safety.

Every malformed-file case asserts the problem code *and* that the message names
the problem (the column, the value, the row, the limit). The example exports are
read back and compared with data/posts.csv, from which they were made. Hypothesis
throws random bytes, text and CSV-like files at ``read_export``: only
``UploadError`` may come out.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from utils.shared import config
from utils.nb13 import reading as R
from utils.nb13 import upload as U
from utils.shared.data import load_posts

FAST = settings(max_examples=150, deadline=None, database=None, derandomize=True,
                suppress_health_check=list(HealthCheck))


def csv_bytes(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


def xlsx_bytes(rows: list[list], *, title: str = "Posts", extra_sheets: dict | None = None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for name, sheet_rows in (extra_sheets or {}).items():
        other = book.create_sheet(name)
        for row in sheet_rows:
            other.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def read(content, filename, **options):
    """read_export with a platform chosen: these files have no platform evidence (that is a question, tested below)."""
    options.setdefault("platform", "X")
    return U.read_export(content, filename, **options)


GOOD = "Date,Impressions,Likes,Comments,Shares,Link clicks\n2025-01-05,1000,20,3,2,10\n2025-01-06,2000,30,5,4,12\n"


def zipped(files: dict[str, str]) -> bytes:
    """A zip archive holding these files (as YouTube Studio's export is)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return out.getvalue()


# --------------------------------------------------------------------------- #
# Malformed files: each names its problem
# --------------------------------------------------------------------------- #
MALFORMED = [
    # (id, content, filename, problem code, fragments the message must contain)
    ("empty", b"", "posts.csv", "empty", ["posts.csv", "empty", "0 bytes"]),
    ("blank-only", b"  \r\n\n\t\n", "posts.csv", "empty", ["no content"]),
    ("unknown-extension", csv_bytes(GOOD), "posts.json", "extension", ["'.json'", ".csv", ".xlsx"]),
    ("no-extension", csv_bytes(GOOD), "posts", "extension", ["no extension"]),
    ("zip-archive", zipped({"Table data.csv": GOOD, "Chart data.csv": GOOD, "README.txt": ""}), "Content 2025.zip",
     "extension", ["zip archive", "Unzip it and upload the table inside: 'Table data.csv', 'Chart data.csv'"]),
    ("zip-broken", b"PK\x03\x04 cut short", "export.zip", "extension", ["zip archive", "(a .csv or .xlsx file)"]),
    ("old-xls-name", csv_bytes(GOOD), "posts.xls", "extension", [".xls", "save it as .xlsx or CSV"]),
    ("macro-workbook", csv_bytes(GOOD), "posts.xlsm", "extension", ["macro"]),
    ("binary-garbage", bytes(range(256)) * 8, "posts.csv", "binary", ["not a text (CSV) file", "binary"]),
    ("png-as-csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "posts.csv", "binary", ["binary"]),
    ("control-chars", ("Date,Impressions,Likes\n" + "\x01\x02\x03\x04\x05\x06\x07" * 20).encode(), "posts.csv",
     "binary", ["control characters"]),
    ("ole-xls-content", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "posts.xlsx", "excel", [".xls"]),
    ("csv-named-xlsx", csv_bytes(GOOD), "posts.xlsx", "excel", ["not an Excel workbook", "rename it to .csv"]),
    ("broken-zip", b"PK\x03\x04" + bytes(100), "posts.xlsx", "excel", ["not a valid Excel workbook"]),
    ("bad-utf8-after-bom", codecs.BOM_UTF8 + b"Date,Impressions,Likes\n\xff\xfe\xfa,1,2\n", "posts.csv", "encoding",
     ["UTF-8", "invalid bytes"]),
    ("one-column-spaces", b"Date Impressions Likes\n2025-01-05 1000 20\n2025-01-06 2000 30\n", "posts.csv",
     "delimiter", ["only one column", "comma, semicolon, tab or pipe", "'Date Impressions Likes'"]),
    ("one-column-colon", b"Date:Impressions:Likes\n2025-01-05:1000:20\n", "posts.csv", "delimiter",
     ["only one column"]),
    ("duplicated-headers", b"Date,Impressions,Likes,Likes\n2025-01-05,1000,3,4\n", "posts.csv", "duplicate_headers",
     ["duplicated headers", "'Likes'", "columns 3 and 4"]),
    ("duplicated-headers-case", b"Date,Impressions,Likes,likes \n2025-01-05,1000,3,4\n", "posts.csv",
     "duplicate_headers", ["'Likes' and 'likes'"]),
    ("missing-impressions", b"Date,Likes\n2025-01-05,3\n", "posts.csv", "missing_fields",
     ["required fields are missing", "impressions", "Headers seen: 'Date', 'Likes'", "What to export instead"]),
    ("missing-engagement", b"Date,Impressions,Reach\n2025-01-05,1000,900\n", "posts.csv", "missing_fields",
     ["no likes, comments, shares or clicks column (the course needs at least one of them)", "'Reach'"]),
    ("text-in-numbers", b"Date,Impressions,Likes\n2025-01-05,1000,20\n2025-01-06,2000,about 40\n", "posts.csv",
     "not_a_number", ["likes", "column 'Likes'", "'about 40'", "row 3"]),
    ("nan-text", b"Date,Impressions,Likes\n2025-01-05,nan,20\n", "posts.csv", "not_a_number",
     ["impressions", "'nan'", "row 2"]),
    ("inf-text", b"Date,Impressions,Likes\n2025-01-05,1000,inf\n", "posts.csv", "not_a_number", ["'inf'"]),
    ("overflow", b"Date,Impressions,Likes\n2025-01-05,1e400,20\n", "posts.csv", "not_a_number", ["'1e400'"]),
    ("huge-count", b"Date,Impressions,Likes\n2025-01-05,99999999999999999999,20\n", "posts.csv", "not_a_number",
     ["implausibly large"]),
    ("percent-in-count", b"Date,Impressions,Likes\n2025-01-05,1000,5%\n", "posts.csv", "not_a_number",
     ["percentage", "'5%'", "likes"]),
    ("mixed-number-formats", b"Date;Impressions;Likes\n2025-01-05;1.234,5;2\n2025-01-06;1,234.5;3\n", "p.csv",
     "not_a_number", ["mixes number formats"]),
    ("fractional-count", b"Date,Impressions,Likes\n2025-01-05,1000,2.5\n", "posts.csv", "not_a_number",
     ["whole numbers", "'2.5'"]),
    ("negative-count", b"Date,Impressions,Likes\n2025-01-05,1000,-3\n", "posts.csv", "negative",
     ["likes", "negative", "'-3'", "row 2", "0 or more", "Correct that cell", "map likes to the column"]),
    ("negative-parentheses", b"Date,Impressions,Likes,Revenue\n2025-01-05,1000,3,(12.50)\n", "posts.csv",
     "negative", ["revenue", "'(12.50)'"]),
    ("all-impossible", b"Date,Impressions,Likes,Link clicks\n2025-01-05,100,3,120\n2025-01-06,10,1,11\n",
     "posts.csv", "impossible_pair", ["every row breaks a rule", "clicks > impressions", "mapping"]),
    ("unparsable-date", b"Date,Impressions,Likes\nyesterday,1000,3\n", "posts.csv", "date",
     ["posted_at", "column 'Date'", "'yesterday'", "row 2", "not a date", "31/01/2025"]),
    ("impossible-date", b"Date,Impressions,Likes\n31/02/2025,1000,3\n", "posts.csv", "date", ["'31/02/2025'"]),
    ("mixed-date-orders", b"Date,Impressions,Likes\n13/01/2025,1000,3\n01/13/2025,900,2\n", "posts.csv", "date",
     ["mixes day-first and month-first", "'13/01/2025'", "'01/13/2025'"]),
    ("date-out-of-range", b"Date,Impressions,Likes\n1850-01-05,1000,3\n", "posts.csv", "date", ["1990-2100"]),
    ("number-as-date", b"Date,Impressions,Likes\n12345,1000,3\n", "posts.csv", "date", ["'12345'"]),
    ("ragged-row", b"Date,Impressions,Likes\n2025-01-05,1000,3,7,9\n", "posts.csv", "ragged",
     ["row 2 has 5 values", "3 columns", "comma"]),
    ("header-only", b"Date,Impressions,Likes\n", "posts.csv", "no_rows",
     ["no data rows", "Export it again for a period in which there were posts"]),
    ("no-header-row", b"2025-01-05,100,3\n2025-01-06,200,4\n", "posts.csv", "missing_fields",
     ["Headers seen: '2025-01-05', '100', '3'", "looks like data, not column names"]),
    ("json-as-csv", b'[{"Date": "2025-01-05", "Impressions": 10, "Likes": 1}]', "posts.csv", "binary",
     ["looks like a JSON file"]),
    ("html-as-csv", b"<!DOCTYPE html><html><table><tr><td>Date</td></tr></table></html>", "posts.csv", "binary",
     ["looks like a web page (HTML)"]),
    ("gzip-as-csv", bytes.fromhex("1f8b0800000000000003") + bytes(40), "posts.csv", "binary", ["binary data"]),
    ("unclosed-quote", b'Date,Impressions,Likes\n"2025-01-05,100,3\n2025-01-06,200,4\n', "posts.csv", "delimiter",
     ["double quote", "row 2", "never closed"]),
    ("abbreviated-numbers", b"Date,Views,Likes\n2025-01-05,1.2K,3\n", "posts.csv", "not_a_number",
     ["'1.2K'", "abbreviated", "exact numbers"]),
    ("huge-cell", b"Date,Impressions,Likes\n2025-01-05,100,\"" + b"x" * 200_000 + b"\"\n", "posts.csv",
     "delimiter", ["longer than"]),
    ("only-total-rows", b"Date,Impressions,Likes\nTotal,1000,3\n", "posts.csv", "no_rows", ["no row has a date"]),
]


@pytest.mark.parametrize("content,filename,problem,fragments", [m[1:] for m in MALFORMED],
                         ids=[m[0] for m in MALFORMED])
def test_malformed_file_is_named(content, filename, problem, fragments):
    with pytest.raises(U.UploadError) as caught:
        read(content, filename)
    message = str(caught.value)
    assert caught.value.problem == problem, message
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    assert "Traceback" not in message and "nan" not in message.replace("'nan'", "")


def test_file_over_the_size_limit_states_the_limit():
    big = b"Date,Impressions,Likes\n" + b"2025-01-05,1000,3\n" * (U.MAX_BYTES // 18 + 10)
    assert len(big) > U.MAX_BYTES
    with pytest.raises(U.UploadError, match=r"over the size limit of 5 MB") as caught:
        read(big, "big.csv")
    assert caught.value.problem == "too_large"
    with pytest.raises(U.UploadError, match=r"the file is 2\.2 KB, over the size limit of 1\.0 KB"):
        read(b"x" * 2250, "small.csv", max_bytes=1024)
    for bad in (0, -1, 2.5, "5MB", True):
        with pytest.raises(U.UploadError, match="max_bytes"):
            read(GOOD, "a.csv", max_bytes=bad)


def test_too_many_rows_and_columns(monkeypatch):
    monkeypatch.setattr(R, "MAX_ROWS", 3)
    rows = "".join(f"2025-01-0{i},100,1\n" for i in range(1, 6))
    with pytest.raises(U.UploadError, match="more than 3 rows") as caught:
        read(("Date,Impressions,Likes\n" + rows).encode(), "a.csv")
    assert caught.value.problem == "too_many"
    monkeypatch.setattr(R, "MAX_COLUMNS", 4)
    with pytest.raises(U.UploadError, match="has 6 columns; the limit is 4"):
        read(b"Date,Impressions,Likes,a,b,c\n2025-01-05,1,1,1,1,1\n", "a.csv")


def test_zip_bomb_and_non_workbook_zip_are_refused(monkeypatch):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("notes.txt", "hello")
    with pytest.raises(U.UploadError, match="zip archive but not an Excel workbook"):
        read(buf.getvalue(), "a.xlsx")
    monkeypatch.setattr(R, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(U.UploadError, match="unpacks to") as caught:
        read(xlsx_bytes([["Date", "Impressions", "Likes"], ["2025-01-05", 1, 1]]), "a.xlsx")
    assert caught.value.problem == "too_large"


def test_wrong_argument_types_raise_upload_error():
    with pytest.raises(U.UploadError, match="content must be the file's bytes"):
        read(None, "a.csv")
    with pytest.raises(U.UploadError, match="filename must be text"):
        read(b"x", None)
    with pytest.raises(U.UploadError, match="date_order must be one of auto, dmy, mdy"):
        read(GOOD, "a.csv", date_order="ymd")
    with pytest.raises(U.UploadError, match="on_impossible must be 'drop' or 'raise'"):
        read(GOOD, "a.csv", on_impossible="ignore")
    with pytest.raises(U.UploadError, match="mapping must be a dict"):
        read(GOOD, "a.csv", mapping=["Date"])


def test_mapping_errors_name_field_and_column():
    raw = U.read_table(GOOD.encode(), "a.csv")
    with pytest.raises(U.UploadError, match="'likez' is not a course field; the fields are platform, posted_at"):
        U.apply_mapping(raw, {"likez": "Likes"})
    with pytest.raises(U.UploadError, match="likes is mapped to 'Hearts', which is not a column of this file; "
                                            "its columns are 'Date', 'Impressions'"):
        U.apply_mapping(raw, {"posted_at": "Date", "impressions": "Impressions", "likes": "Hearts"})
    with pytest.raises(U.UploadError, match="the column 'Likes' is mapped to both likes and shares"):
        U.apply_mapping(raw, {"posted_at": "Date", "impressions": "Impressions", "likes": "Likes", "shares": "Likes"})
    with pytest.raises(U.UploadError, match="raw must be the table returned by read_table"):
        U.apply_mapping("Date,Impressions", {})


# --------------------------------------------------------------------------- #
# Policies that keep the file but say what happened
# --------------------------------------------------------------------------- #
def notes(df: pd.DataFrame) -> str:
    return " | ".join(df.attrs["upload"]["notes"])


def test_impossible_pairs_are_dropped_and_listed_or_raised():
    text = (b"Date,Impressions,Reach,Likes,Link clicks,Shares\n2025-01-05,1000,900,20,10,2\n"
            b"2025-01-06,100,90,3,120,1\n2025-01-07,500,600,5,4,1\n")
    df = read(text, "a.csv")
    assert df["source_row"].tolist() == [2]
    assert "Left out 2 row(s) that cannot be right" in notes(df)
    assert "clicks (120) > impressions (100) on row 3" in notes(df)
    assert "reach (600) > impressions (500) on row 4" in notes(df)
    with pytest.raises(U.UploadError, match=r"reach cannot exceed impressions .*reach \(600\) > impressions \(500\) "
                                            r"on row 4") as caught:
        read(text, "a.csv", on_impossible="raise")
    assert caught.value.problem == "impossible_pair"
    conv = b"Date,Impressions,Likes,Clicks,Conversions\n2025-01-05,1000,2,10,11\n2025-01-06,1000,2,10,1\n"
    assert "conversions (11) > clicks (10)" in notes(read(conv, "a.csv"))
    unseen = b"Date,Impressions,Likes,Comments\n2025-01-05,0,3,0\n2025-01-06,10,2,11\n2025-01-07,10,2,1\n"
    kept = read(unseen, "a.csv")
    assert kept["source_row"].tolist() == [4]
    assert "likes (3) > impressions (0) on row 2" in notes(kept) and "comments (11) > impressions (10)" in notes(kept)


def test_blank_cells_total_rows_and_title_rows():
    text = ("Brightleaf posts, exported 2025-02-01\n\nDate,Impressions,Likes,Comments\n"
            "2025-01-05,1000,20,\n2025-01-06,2000,-,n/a\nTotal,3000,20,0\n").encode()
    df = read(text, "a.csv")
    assert df["comments"].tolist() == [0, 0] and df["likes"].tolist() == [20, 0]
    assert "Skipped 1 title row(s) above the header (row 3)" in notes(df)
    assert "Left out 1 total row(s) (row 6)" in notes(df)
    assert "2 empty cell(s) in 'Comments' (comments) were read as 0" in notes(df)


def test_non_utf8_is_read_with_a_note_and_encodings_with_bom():
    text = "Date;Titre;Impressions;Réactions\n05/01/2025;Thé vert;1.234;56\n20/01/2025;Café;2.000;7\n"
    latin = read(text.encode("cp1252"), "a.csv")
    assert "not UTF-8: it was read as Windows-1252" in notes(latin)
    assert latin["impressions"].tolist() == [1234, 2000] and latin["likes"].tolist() == [56, 7]
    assert latin["posted_at"].dt.strftime("%Y-%m-%d").tolist() == ["2025-01-05", "2025-01-20"]
    for encoding in ("utf-8-sig", "utf-16", "utf-32", "utf-8"):
        df = read(text.encode(encoding), "a.csv")
        assert df.attrs["upload"]["mapping"]["posted_at"] == "Date", encoding  # no BOM left in the header
        assert df["impressions"].tolist() == [1234, 2000]
    assert read(text.encode("utf-16-le"), "a.csv")["likes"].tolist() == [56, 7]  # UTF-16 without BOM
    plain = "Date,Impressions,Likes,Retweets\n2025-01-05,1000,20,3\n2025-01-06,900,12,1\n"  # ASCII only:
    for encoding in ("utf-16-le", "utf-16-be"):  # also valid UTF-8 (a zero after each letter), yet UTF-16
        assert read(plain.encode(encoding), "a.csv", platform="X")["likes"].tolist() == [20, 12], encoding


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_every_delimiter_is_sniffed(delimiter):
    rows = [["Date", "Impressions", "Likes", "Title"], ["2025-01-05", "1000", "20", "tea, with milk; hot | cold"],
            ["2025-01-06", "2000", "30", "plain"]]
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter).writerows(rows)
    df = read(buf.getvalue().encode(), "a.tsv" if delimiter == "\t" else "a.csv")
    assert df["impressions"].tolist() == [1000, 2000]
    assert U.read_table(buf.getvalue().encode(), "a.csv").attrs["upload"]["delimiter"] == delimiter


@pytest.mark.parametrize("cell,expected", [
    ("1,234", 1234), ("1.234", 1234), ("1 234", 1234), ("1\u00a0234", 1234), ("1'234", 1234), ("12,345,678", 12345678),
    ("12.345.678", 12345678), ("12,34,567", 1234567), ("€1,234", 1234), ("1234 EUR", 1234), ("+5", 5), ("0005", 5),
    ("1e3", 1000), ("  42 ", 42),
])
def test_count_formats(cell, expected):
    df = read(f'Date;Impressions;Likes\n2025-01-05;"{cell}";1\n'.encode(), "a.csv")
    assert df["impressions"].iloc[0] == expected


@pytest.mark.parametrize("cells,expected", [
    (["1,234.50", "12.5"], [1234.5, 12.5]), (["1.234,50", "12,5"], [1234.5, 12.5]), (["12.50", "3"], [12.5, 3.0]),
    (["€19.99", "£0.5"], [19.99, 0.5]), (["1.234", "2"], [1.234, 2.0]),
])
def test_money_formats(cells, expected):
    body = "".join(f'2025-01-0{i + 1};1000;1;"{c}"\n' for i, c in enumerate(cells))
    df = read(("Date;Impressions;Likes;Revenue\n" + body).encode(), "a.csv")
    assert df["revenue"].tolist() == pytest.approx(expected)


@pytest.mark.parametrize("cell,expected", [
    ("2025-01-05", "2025-01-05 00:00"), ("2025-01-05 10:30", "2025-01-05 10:30"),
    ("2025-01-05T10:30:15Z", "2025-01-05 10:30"), ("2025-01-05 14:28 +0000", "2025-01-05 14:28"),
    ("2025-01-05T12:00:00+02:00", "2025-01-05 10:00"), ("2025/01/05", "2025-01-05 00:00"),
    ("Jan 5, 2025 10:00", "2025-01-05 10:00"), ("January 5, 2025", "2025-01-05 00:00"),
    ("5 Jan 2025", "2025-01-05 00:00"), ("Monday, January 6, 2025 at 9:15 PM", "2025-01-06 21:15"),
    ("6th January 2025 12:00 am", "2025-01-06 00:00"), ("Sept 30, 2025", "2025-09-30 00:00"),
    ("05-Jan-2025", "2025-01-05 00:00"), ("05-Jan-25 14:00", "2025-01-05 14:00"), ("Jan-05-2025", "2025-01-05 00:00"),
    ("2025-01-05 10:00:00 UTC", "2025-01-05 10:00"), ("1/25/2025 3:04:05 PM", "2025-01-25 15:04"),
])
def test_written_out_and_iso_dates(cell, expected):
    df = read(f'Date;Impressions;Likes\n"{cell}";1000;1\n'.encode(), "a.csv")
    assert df["posted_at"].iloc[0].strftime("%Y-%m-%d %H:%M") == expected


def test_day_first_and_month_first_detection():
    day_first = read(b"Date,Impressions,Likes\n05/01/2025,10,1\n20/01/2025 18:05,10,1\n", "a.csv")
    assert day_first["posted_at"].dt.strftime("%Y-%m-%d %H:%M").tolist() == ["2025-01-05 00:00", "2025-01-20 18:05"]
    month_first = read(b"Date,Impressions,Likes\n01/05/2025,10,1\n01/20/25 6:05 PM,10,1\n", "a.csv")
    assert month_first["posted_at"].dt.strftime("%Y-%m-%d %H:%M").tolist() == ["2025-01-05 00:00", "2025-01-20 18:05"]
    dotted = read(b"Date,Impressions,Likes\n05.01.2025,10,1\n", "a.csv")
    assert dotted["posted_at"].iloc[0] == pd.Timestamp("2025-01-05")


def test_ambiguous_dates_get_a_note_and_can_be_switched():
    text = b"Date,Impressions,Likes\n03/04/2025,10,1\n"
    guessed = read(text, "a.csv")
    assert guessed["posted_at"].iloc[0] == pd.Timestamp("2025-03-04")
    assert "could be day-first or month-first; they were read as month/day/year" in notes(guessed)
    assert read(text, "a.csv", date_order="dmy")["posted_at"].iloc[0] == pd.Timestamp("2025-04-03")
    semicolons = read(b"Date;Impressions;Likes\n03/04/2025;10;1\n", "a.csv")
    assert semicolons["posted_at"].iloc[0] == pd.Timestamp("2025-04-03")  # a ; file is European: day first
    with pytest.raises(U.UploadError, match="'13/04/2025'"):
        read(b"Date,Impressions,Likes\n13/04/2025,10,1\n", "a.csv", date_order="mdy")


def test_platform_and_content_type_values_are_normalised():
    text = (b"Date,Network,Format,Impressions,Likes\n2025-01-05,twitter,Reels,10,1\n2025-01-06,IG,Photos,10,1\n"
            b"2025-01-07,,status,10,1\n2025-01-08,Mastodon,Poll,10,1\n")
    df = read(text, "a.csv", platform="Facebook")
    assert df["platform"].tolist() == ["X", "Instagram", "Facebook", "Mastodon"]
    assert df["content_type"].tolist() == ["video", "image", "text", "text"]
    with pytest.raises(U.PlatformQuestion, match="Which platform is it") as asked:
        U.read_export(GOOD.encode(), "a.csv")  # no evidence at all: a question, never a guess
    assert set(asked.value.candidates) == set(U.PLATFORM_CHOICES)


# --------------------------------------------------------------------------- #
# Excel
# --------------------------------------------------------------------------- #
def test_excel_formulas_are_never_evaluated_and_the_posts_sheet_is_found():
    rows = [["Report title"], ["Created date", "Impressions", "Likes", "Clicks", "Platform"],
            [dt.datetime(2025, 1, 5, 10, 0), 1000, 20, 10, "=HYPERLINK(\"http://example.com\",\"x\")"],
            ["01/20/2025", 2000, '=WEBSERVICE("http://example.com")', 12, "LinkedIn"],
            [45678, 500, 5.0, 1, "LinkedIn"],
            ["Total", "=SUM(B3:B5)", None, None, None]]
    data = xlsx_bytes(rows, extra_sheets={"About": [["This sheet describes the export"]]})
    df = U.read_export(data, "export.xlsx")  # the platform column labels the rows
    assert df["posted_at"].dt.strftime("%Y-%m-%d").tolist() == ["2025-01-05", "2025-01-20", "2025-01-21"]
    assert df["likes"].tolist() == [20, 0, 5]  # the formula cell has no stored value: it was not calculated
    assert df["impressions"].tolist() == [1000, 2000, 500]
    assert "Left out 1 total row(s)" in notes(df)
    assert "1 empty cell(s) in 'Likes' (likes) were read as 0" in notes(df)
    assert "formula cell(s) had no stored result" in notes(df) and "never calculated" in notes(df)
    # a formula cell yields only what the workbook stored (nothing here), never the result of running it
    assert df["platform"].tolist() == ["Unknown", "LinkedIn", "LinkedIn"]


def test_excel_sheet_choice_and_errors():
    data = xlsx_bytes([["nothing here"]], title="Cover", extra_sheets={"Posts": [["Date", "Impressions", "Likes"],
                                                                   ["2025-01-05", 10, 1]]})
    df = read(data, "a.xlsx")
    assert len(df) == 1 and "Read the table 'Posts'" in notes(df)
    with pytest.raises(U.UploadError, match="likes \\(column 'Likes'\\) must hold numbers, but row 3 has '#DIV/0!'"):
        read(xlsx_bytes([["Date", "Impressions", "Likes"], ["2025-01-05", 10, 1],
                                  ["2025-01-06", 10, "#DIV/0!"]]), "a.xlsx")
    workbook_named_csv = read(xlsx_bytes([["Date", "Impressions", "Likes"], ["2025-01-05", 10, 1]]), "a.csv")
    assert "is an Excel workbook despite its .csv name" in notes(workbook_named_csv)


# --------------------------------------------------------------------------- #
# Header detection
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize("headers,expected", [
    (["Post ID", "Publish time", "Post type", "Impressions", "Reach", "Reactions, comments and shares", "Reactions",
      "Comments", "Shares", "Total clicks", "Link clicks", "Other clicks"],
     {"posted_at": "Publish time", "content_type": "Post type", "impressions": "Impressions", "reach": "Reach",
      "likes": "Reactions", "comments": "Comments", "shares": "Shares", "clicks": "Link clicks",
      "engagements": "Reactions, comments and shares"}),
    (["Tweet id", "time", "impressions", "engagements", "engagement rate", "retweets", "replies", "likes",
      "url clicks", "user profile clicks"],
     {"posted_at": "time", "impressions": "impressions", "likes": "likes", "comments": "replies",
      "shares": "retweets", "clicks": "url clicks", "engagements": "engagements"}),
    (["Post title", "Created date", "Impressions", "Views (excluding off-site video views)", "Clicks",
      "Click through rate (CTR)", "Likes", "Comments", "Reposts", "Follows", "Engagement rate", "Content Type",
      "Audience"],
     {"posted_at": "Created date", "content_type": "Content Type", "impressions": "Impressions", "clicks": "Clicks",
      "likes": "Likes", "comments": "Comments", "shares": "Reposts",
      "views": "Views (excluding off-site video views)"}),
    (["Content", "Video title", "Video publish time", "Views", "Impressions", "Likes", "Comments added", "Shares",
      "Subscribers"],
     {"posted_at": "Video publish time", "views": "Views", "impressions": "Impressions", "likes": "Likes",
      "comments": "Comments added", "shares": "Shares"}),
    (["Date", "Video views", "Likes", "Comments", "Shares", "Reach"],
     {"posted_at": "Date", "views": "Video views", "likes": "Likes", "comments": "Comments", "shares": "Shares",
      "reach": "Reach"}),
    (["Permalink", "Publish time", "Post type", "Views", "Accounts reached", "Likes", "Comments", "Shares", "Saves"],
     {"posted_at": "Publish time", "content_type": "Post type", "views": "Views", "reach": "Accounts reached",
      "likes": "Likes", "comments": "Comments", "shares": "Shares", "saves": "Saves"}),
    (["POSTED_AT", "post-impressions", " Link Clicks ", "Amount spent (EUR)", "Revenue (EUR)", "followers"],
     {"posted_at": "POSTED_AT", "impressions": "post-impressions", "clicks": " Link Clicks ",
      "spend": "Amount spent (EUR)", "revenue": "Revenue (EUR)", "followers": "followers"}),
])
def test_detect_mapping_of_platform_exports(headers, expected):
    assert U.detect_mapping(headers) == expected


def test_detect_mapping_and_guess_platform_rules():
    assert U.detect_mapping(["Clicks", "Link clicks"])["clicks"] == "Link clicks"
    assert U.detect_mapping(["Views", "Impressions"]) == {"impressions": "Impressions", "views": "Views"}
    assert U.detect_mapping(["Amount spent (EUR)", "Impressions (organic)", "Impressions"]) == {
        "spend": "Amount spent (EUR)", "impressions": "Impressions"}  # exact headers before bracketed ones
    assert U.detect_mapping(["Views", "Impressions", "Subscribers"], platform="YouTube") == {
        "views": "Views", "thumbnail_impressions": "Impressions", "subscribers_net": "Subscribers"}
    assert U.detect_mapping(["Date", "Date posted"]) == {"posted_at": "Date posted"}  # one column per field
    assert U.detect_mapping([]) == {} and U.detect_mapping([1, None, "Likes"]) == {"likes": "Likes"}
    with pytest.raises(TypeError, match="columns must be a list of header names"):
        U.detect_mapping("Date,Likes")
    assert U.guess_platform(["Tweet id", "retweets"]) == "X"
    assert U.guess_platform(["Post title", "Created date", "Reposts"]) == "LinkedIn"
    assert U.guess_platform(["Post title", "Reposts"]) is None  # one distinctive header is not enough
    assert U.guess_platform(["Date", "Likes"]) is None
    assert U.header_key("  Réactions (total) ") == "reactionstotal"
    assert U.header_key("インプレッション数") == "インプレッション数" and U.header_key("Hora de publicación") == "horadepublicacion"


# --------------------------------------------------------------------------- #
# The shipped example exports, read back against data/posts.csv
# --------------------------------------------------------------------------- #
@pytest.fixture(scope="module")
def source():
    return load_posts()


def test_examples_exist_are_tiny_and_marked_synthetic():
    assert U.check_examples() == f"{len(U.EXAMPLES)} example files present"
    readme = (config.DATA_DIR / "README.md").read_text(encoding="utf-8")
    section = readme.split("## `examples/`", 1)[1]
    for key, (_, rel) in U.EXAMPLES.items():
        path = config.DATA_DIR / rel
        if rel.startswith("examples/"):
            assert path.stat().st_size < 20_000, rel
            assert f"`{Path(rel).name}`" in section, rel
    assert "synthetic" in section.lower()


def test_meta_example_round_trip(source):
    fb = source[source["platform"] == "Facebook"].head(20)
    df = U.read_export(*U.example_file("meta"))
    assert df["posted_at"].tolist() == fb["posted_at"].dt.floor("min").tolist()  # day-first dates read right
    for field in ("impressions", "reach", "likes", "comments", "shares", "clicks"):
        assert df[field].tolist() == fb[field].tolist(), field
    assert df["content_type"].tolist() == fb["content_type"].astype(str).tolist()
    assert set(df["platform"]) == {"Facebook"}


def test_x_example_round_trip(source):
    xs = source[source["platform"] == "X"].head(15)
    df = U.read_export(*U.example_file("x"))
    assert df["posted_at"].tolist() == xs["posted_at"].dt.floor("min").tolist()
    assert df["comments"].tolist() == xs["comments"].tolist() and df["shares"].tolist() == xs["shares"].tolist()
    assert df["clicks"].tolist() == xs["clicks"].tolist() and df["likes"].tolist() == xs["likes"].tolist()
    assert "reach" not in df and set(df["platform"]) == {"X"}


def test_linkedin_example_round_trip(source):
    li = source[source["platform"] == "LinkedIn"].head(15)
    df = U.read_export(*U.example_file("linkedin"))
    assert df["posted_at"].tolist() == li["posted_at"].dt.normalize().tolist()  # month-first text dates
    for field, column in (("impressions", "impressions"), ("shares", "shares"), ("clicks", "clicks")):
        assert df[field].tolist() == li[column].tolist()
    assert df["content_type"].tolist() == li["content_type"].astype(str).tolist()
    assert df.attrs["upload"]["sheet"] == "All posts" and df.attrs["upload"]["header_row"] == 2


def test_course_example_equals_the_loader_and_the_dashboard(source):
    df = U.read_export(*U.example_file("course"))
    for field in [f for f in U.FIELDS if f in df]:
        got, want = df[field], source[field]
        if field in ("platform", "content_type"):
            got, want = got.astype(str), want.astype(str)
        assert got.tolist() == want.tolist(), field
    from utils.shared import dashboard

    whole = U.summarise(df).loc["All"]
    rates = dashboard.pooled_post_rates(source)
    for key in ("er_impressions", "er_reach", "ctr", "virality_rate", "conversion_rate"):
        assert whole[key] == pytest.approx(rates[key], rel=1e-12), key


def test_broken_example_names_the_cell():
    with pytest.raises(U.UploadError, match=r"likes \(column 'Likes'\) must hold numbers, but row 6 has 'about 40'"):
        U.read_export(*U.example_file("broken"))  # the bad cell is named before any platform question


# --------------------------------------------------------------------------- #
# The dashboard numbers
# --------------------------------------------------------------------------- #
def test_summarise_pools_and_handles_zero_and_gaps():
    posts = pd.DataFrame({"platform": ["X", "X", "Facebook", "TikTok"], "impressions": [100, 900, 0, 50],
                          "likes": [10, 30, 0, 5], "clicks": [10, 30, 0, 1]})
    table = U.summarise(posts)
    assert table.loc["X", "er_impressions"] == pytest.approx(80 / 1000)  # pooled, not (0.2 + 0.067) / 2
    assert np.isnan(table.loc["Facebook", "er_impressions"])  # 0 impressions: n/a, never inf
    assert table.loc["All", "ctr"] == pytest.approx(41 / 1050)
    assert list(table.index) == ["Facebook", "X", "TikTok", "All"]
    rows = dict(U.summary_rows(table))
    assert rows["Facebook: engagement rate on n/a"] == "n/a (the impressions add up to 0: a rate needs a base above 0)"
    assert rows["X: engagement rate on impressions"] == "8.00%"
    assert rows["Engagement rate by reach (pooled)"] == "n/a (the file has no reach)"
    assert not np.isnan(table.loc["TikTok", "er_impressions"])  # the course's own impressions are a valid base
    assert not any(re.search(r"\b(nan|inf)\b", v, re.I) for v in rows.values())
    meta, x = U.read_export(*U.example_file("meta")), U.read_export(*U.example_file("x"))
    both = U.summarise(pd.concat([meta, x], ignore_index=True))
    assert np.isnan(both.loc["All", "er_reach"]) and np.isnan(both.loc["X", "er_reach"])
    assert both.loc["Facebook", "er_reach"] == pytest.approx(U.summarise(meta).loc["All", "er_reach"])
    assert both.loc["Facebook", "base"] == "reach" and both.loc["X", "base"] == "impressions"
    assert np.isnan(both.loc["All", "engagement_rate"])  # different bases: no pooled rate across them
    shown = dict(U.summary_rows(both))
    assert shown["Engagement rate (pooled)"].startswith("n/a (the platforms use different bases")
    assert shown["Engagement rate by reach (pooled)"] == "n/a (not every row has reach)"
    assert both.loc["All", "ctr"] == pytest.approx((meta["clicks"].sum() + x["clicks"].sum())
                                                   / (meta["impressions"].sum() + x["impressions"].sum()))


def test_a_file_whose_base_adds_up_to_0_says_so_for_every_rate():
    posts = U.read_export(b"Date,Impressions,Likes,Retweets,Clicks\n2025-01-05,0,0,0,0\n2025-01-06,0,0,0,0\n",
                          "zeros.csv", platform="X")
    rows = dict(U.summary_rows(U.summarise(posts)))
    for label in ("Engagement rate (pooled)", "Engagement rate by impressions (pooled)",
                  "CTR: clicks / impressions (pooled)", "Virality rate: shares / impressions (pooled)"):
        assert rows[label].startswith("n/a (the impressions add up to 0"), (label, rows[label])
    assert rows["Engagement rate by reach (pooled)"] == "n/a (the file has no reach)"
    assert "not in the file" not in " ".join(rows.values())  # the impressions are in the file: all 0


def test_summarise_rejects_bad_input_naming_it():
    with pytest.raises(TypeError, match="posts must be a pandas DataFrame"):
        U.summarise([1, 2])
    with pytest.raises(ValueError, match="by must be one of"):
        U.summarise(pd.DataFrame({"platform": ["X"], "impressions": [1], "likes": [1]}), by="topic")
    with pytest.raises(ValueError, match="posts is missing a base"):
        U.summarise(pd.DataFrame({"platform": ["X"], "likes": [1]}))
    with pytest.raises(ValueError, match="likes must be 0 or more"):
        U.summarise(pd.DataFrame({"platform": ["X"], "impressions": [10], "likes": [-1]}))
    with pytest.raises(ValueError, match="clicks cannot exceed impressions"):
        U.summarise(pd.DataFrame({"platform": ["X"], "impressions": [10], "clicks": [11]}))
    with pytest.raises(ValueError, match="no rows"):
        U.summarise(pd.DataFrame({"platform": [], "impressions": [], "likes": []}))


# --------------------------------------------------------------------------- #
# Saving: sanitised names, nothing outside OUTPUT_DIR, formulas neutralised
# --------------------------------------------------------------------------- #
@pytest.mark.parametrize("name,expected", [
    ("../../etc/passwd", "passwd.csv"), ("..\\..\\Windows\\system.ini", "system.csv"), ("/tmp/abs", "abs.csv"),
    ("a/../../b", "b.csv"), (".hidden", "hidden.csv"), ("my export (v2).xlsx", "my_export_v2.csv"),
    ("CON", "file_CON.csv"), ("x" * 300, "x" * 80 + ".csv"), ("-rf", "rf.csv"), ("tab\tname\r\n", "tab_name.csv"),
])
def test_safe_filename(name, expected):
    assert U.safe_filename(name) == expected


@pytest.mark.parametrize("name", ["", "....", "../..", "/", "名前", "\x00"])
def test_safe_filename_refuses_names_without_letters(name):
    with pytest.raises(ValueError, match="no letters or digits"):
        U.safe_filename(name)


def test_save_clean_stays_in_the_output_folder_and_neutralises_formulas(tmp_path, monkeypatch):
    out = tmp_path / "output"
    monkeypatch.setattr(config, "OUTPUT_DIR", out)
    posts = pd.DataFrame({"platform": ["=cmd|' /C calc'!A0", "+1 555", "-2", "@SUM(A1)", "\tTab", "Facebook"],
                          "posted_at": pd.to_datetime(["2025-01-05"] * 6), "impressions": [10] * 6,
                          "likes": [1] * 6})
    for name in ("../../escape", "/etc/cron.d/evil", "..\\up", "ok"):
        path = U.save_clean(posts, name)
        assert path.resolve().parent == (out / "byod").resolve()
        assert path.suffix == ".csv"
    assert not (tmp_path / "escape.csv").exists() and sorted(p.name for p in (out / "byod").iterdir()) == [
        "escape.csv", "evil.csv", "ok.csv", "up.csv"]
    with open(out / "byod" / "ok.csv", encoding="utf-8-sig", newline="") as handle:
        cells = [row[0] for row in csv.reader(handle)][1:]
    assert cells == ["'=cmd|' /C calc'!A0", "'+1 555", "'-2", "'@SUM(A1)", "'\tTab", "Facebook"]
    with pytest.raises(TypeError, match="posts must be a pandas DataFrame"):
        U.save_clean("not a frame", "x")
    with pytest.raises(TypeError, match="name must be text"):
        U.save_clean(posts, None)


def test_save_clean_refuses_a_symlink_out(tmp_path, monkeypatch):
    out = tmp_path / "output"
    (out / "byod").mkdir(parents=True)
    outside = tmp_path / "outside.csv"
    (out / "byod" / "trap.csv").symlink_to(outside)
    monkeypatch.setattr(config, "OUTPUT_DIR", out)
    with pytest.raises(ValueError, match="outside the course's output folder"):
        U.save_clean(pd.DataFrame({"a": [1]}), "trap")
    assert not outside.exists()


def test_save_clean_round_trip(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "OUTPUT_DIR", tmp_path)
    for key in ("meta", "x", "linkedin"):
        df = read(*U.example_file(key))
        back = read(U.save_clean(df, key).read_bytes(), f"{key}.csv")
        pd.testing.assert_frame_equal(back.drop(columns="source_row"), df.drop(columns="source_row"),
                                      check_dtype=False)


def test_nothing_is_executed_or_written_by_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "OUTPUT_DIR", tmp_path / "out")
    monkeypatch.chdir(tmp_path)
    payloads = ["__import__('os').system('touch pwned')", "=SYSTEM(\"touch pwned\")", "{{7*7}}", "$(touch pwned)"]
    for payload in payloads:
        buf = io.StringIO()
        csv.writer(buf).writerows([["Date", "Impressions", "Likes", "Platform"], ["2025-01-05", 10, 1, payload]])
        df = read(buf.getvalue().encode(), "a.csv")
        assert df["platform"].iloc[0] == payload
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- #
# Fuzzing: only UploadError may ever come out
# --------------------------------------------------------------------------- #
def _only_upload_error(content, filename, **kw):
    try:
        df = read(content, filename, **kw)
    except U.UploadError as exc:
        assert str(exc) and exc.problem
        return None
    numbers = df.select_dtypes("number")
    assert numbers.notna().all().all() and np.isfinite(numbers.to_numpy(dtype=float)).all()
    assert (numbers >= 0).all().all()
    assert df["posted_at"].notna().all()
    rows = U.summary_rows(U.summarise(df))
    assert not any(re.search(r"\b(nan|inf)\b", v, re.I) for _, v in rows)
    return df


FILENAMES = st.sampled_from(["a.csv", "b.CSV", "c.tsv", "d.txt", "e.xlsx", "f", "g.json", "../h.csv", "i.csv.exe"])


@FAST
@given(st.binary(max_size=800), FILENAMES, st.sampled_from([b"", b"PK\x03\x04", codecs.BOM_UTF16_LE,
                                                             codecs.BOM_UTF8, b"\xd0\xcf\x11\xe0"]))
def test_fuzz_random_bytes(content, filename, prefix):
    _only_upload_error(prefix + content, filename)


@FAST
@given(st.text(max_size=400), FILENAMES, st.sampled_from(["utf-8", "utf-16", "utf-8-sig", "cp1252", "utf-16-be"]))
def test_fuzz_random_text(text, filename, encoding):
    _only_upload_error(text.encode(encoding, errors="replace"), filename)
    _only_upload_error(text, filename)  # a str is read as UTF-8 text


HEADERS = ["Date", "Publish time", "time", "Impressions", "Reach", "Likes", "Reactions", "Comments", "replies",
           "Shares", "retweets", "Link clicks", "Clicks", "Views", "Platform", "Post type", "Revenue", "Conversions",
           "Amount spent (EUR)", "Followers", "Title", "", "Total", "Likes"]
CELLS = st.one_of(
    st.integers(-10, 10**7).map(str),
    st.sampled_from(["", "-", "n/a", "nan", "inf", "1,234", "1.234", "1.234,5", "1,234.5", "12,5", "€12", "(3)", "5%",
                     "2025-01-05", "05/01/2025", "13/01/2025", "01/13/2025", "Jan 5, 2025 10:00", "5 January 2025",
                     "2025-01-05 14:28 +0000", "31/02/2025", "Total", "=1+1", "about 40", "1e400", "１２", "12:00",
                     "2025-13-01", "1.2.3", '"', "a\nb", "Facebook", "twitter", "Reels", "9" * 400, "+5", "−3",
                     "1 234", "1\u00a0234"]),
    st.text(max_size=6))


@st.composite
def csv_like(draw):
    sep = draw(st.sampled_from([",", ";", "\t", "|", " "]))
    required = draw(st.booleans())
    width = draw(st.integers(1, 7))
    header = (["Date", "Impressions", "Likes"] if required else []) + draw(
        st.lists(st.sampled_from(HEADERS), min_size=0 if required else 1, max_size=width))
    rows = draw(st.lists(st.lists(CELLS, min_size=0, max_size=len(header) + 1), max_size=6))

    def quote(v: str) -> str:
        return '"' + v.replace('"', '""') + '"' if sep in v or '"' in v or "\n" in v else v

    return "\n".join(sep.join(quote(v) for v in row) for row in [header, *rows])


@settings(max_examples=300, deadline=None, database=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(csv_like(), st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]), st.sampled_from(["auto", "dmy", "mdy"]),
       st.sampled_from(["drop", "raise"]))
def test_fuzz_csv_like_files(text, encoding, order, policy):
    _only_upload_error(text.encode(encoding, errors="replace"), "export.csv", date_order=order, on_impossible=policy)


XLSX_CELLS = st.one_of(st.none(), st.integers(-5, 10**6), st.floats(allow_nan=False, allow_infinity=False),
                       st.booleans(),
                       st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 1, 1)),
                       st.sampled_from(["2025-01-05", "=1+1", "#N/A", "Total", "1,234", "x"]))


@settings(max_examples=25, deadline=None, database=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(st.lists(st.lists(XLSX_CELLS, min_size=3, max_size=5), max_size=5))
def test_fuzz_excel_workbooks(rows):
    _only_upload_error(xlsx_bytes([["Date", "Impressions", "Likes", "Clicks", "Platform"], *rows]), "a.xlsx")


@settings(max_examples=100, deadline=None, database=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(st.dictionaries(st.sampled_from([*U.FIELDS, "likez", ""]),
                       st.one_of(st.none(), st.sampled_from(["Date", "Impressions", "Likes", "Nope", "", 3])),
                       max_size=6))
def test_fuzz_mappings(mapping):
    raw = U.read_table(GOOD.encode(), "a.csv")
    try:
        U.apply_mapping(raw, mapping)
    except U.UploadError as exc:
        assert exc.problem in {"mapping", "missing_fields", "not_a_number", "date", "impossible_pair", "platform"}, exc


# --------------------------------------------------------------------------- #
# The upload panel's pure function, the panel and the exercises of notebook 13
# --------------------------------------------------------------------------- #
def _file(content: bytes, name: str = "mine.csv") -> tuple[dict]:
    return ({"name": name, "type": "text/csv", "size": len(content), "content": memoryview(content),
             "last_modified": dt.datetime(2025, 1, 1)},)


def test_upload_view_uses_detected_and_chosen_columns():
    view = U.upload_view("meta")
    assert view["mapping"]["likes"] == "Reactions" and view["rows_used"] == 20
    changed = U.upload_view("meta", clicks=U.NOT_USED, likes="Reactions, comments and shares")
    assert "clicks" not in changed["mapping"]
    assert changed["summary"].loc["All", "engagements"] > view["summary"].loc["All", "engagements"] - view[
        "posts"]["clicks"].sum()
    with pytest.raises(U.PlatformQuestion):
        U.upload_view(U.UPLOAD, _file(b"Date;Impressions;Likes\n05/01/2025;1.000;20\n"))
    mine = U.upload_view(U.UPLOAD, _file(b"Date;Impressions;Likes\n05/01/2025;1.000;20\n"), platform="X")
    assert mine["file"] == "mine.csv" and mine["summary"].loc["All", "er_impressions"] == 0.02
    with pytest.raises(U.NoFileYet, match="No file uploaded yet"):
        U.upload_view(U.UPLOAD, ())
    with pytest.raises(ValueError, match="sample must be one of"):
        U.upload_view("facebook")
    with pytest.raises(TypeError, match="unknown field"):
        U.upload_view("meta", likez=U.AUTO)
    with pytest.raises(U.UploadError, match="upload the file again"):
        U.upload_view(U.UPLOAD, ("not a file",))
    with pytest.raises(U.UploadError, match="every row breaks a rule .*likes > impressions.* check the mapping"):
        U.upload_view("x", impressions="likes", likes="impressions")
    busy = U.upload_view(U.UPLOAD, _file(b"Date,Impressions,Likes,Comments\n2025-01-05,10,8,7\n"), platform="X")
    assert any("more engagements than impressions" in n for n in busy["notes"])


def test_mapping_html_escapes_what_the_file_says():
    view = U.upload_view(U.UPLOAD, _file(b"Date,<script>alert(1)</script>,Likes\n2025-01-05,10,1\n"),
                         impressions="<script>alert(1)</script>", platform="Instagram")
    assert "<script>" not in U.mapping_html(view) and "&lt;script&gt;" in U.mapping_html(view)


def test_panel_follows_the_file_and_matches_the_pure_function():
    from utils.nb13 import panels as nb13

    panel = nb13.upload_panel()
    assert panel.message is None and dict(panel.rows)["File"] == "posts.csv"
    for step in nb13.DEMOS["upload-dashboard"]["steps"]:
        panel.set(**step)
        values = panel.values()
        try:
            expected = U.upload_rows(U.upload_view(**values))
        except U.UploadError as exc:
            assert panel.message == (str(exc), "error") and panel.rows == []
        else:
            assert panel.rows == expected and panel.message is None
    assert "about 40" in panel.message[0]
    panel.set(sample="x")
    assert ("retweets", "retweets") in panel.controls["shares"].options  # refilled with the X headers
    assert panel.controls["shares"].options[0] == ("detected: retweets", U.AUTO)  # and shows what was detected
    assert panel.controls["clicks"].options[0] == ("detected: url clicks", U.AUTO)
    assert panel.controls["reach"].options[0] == ("detected: none", U.AUTO)
    panel.set(likes="impressions", impressions="likes")
    assert panel.rows == [] and "check the mapping" in panel.message[0]
    panel.set(likes=U.AUTO, impressions=U.AUTO, sample=U.UPLOAD)
    assert panel.message[1] == "info" and "No file uploaded yet" in panel.message[0]
    panel.set(sample="meta")
    panel.controls["upload"].value = _file(b"Date,Impressions,Applause\n2025-01-05,100,7\n")
    assert panel.controls["sample"].value == U.UPLOAD
    assert panel.message[1] == "info" and "Which platform is it" in panel.message[0]  # a question, not a guess
    assert panel.message[0].count("Platform control") == 1  # said once, where the question is asked
    panel.set(platform="Instagram")
    assert panel.message[1] == "error" and "likes, comments, shares or clicks" in panel.message[0]
    panel.set(likes="Applause")  # a header the table lacks, mapped by hand
    rows = dict(panel.rows)
    assert rows["File"] == "mine.csv" and rows["Platform"].startswith("Instagram (chosen by you")
    assert rows["Engagement rate (engagements / impressions, pooled)"] == "7.00%"
    panel.set(sample="linkedin", platform=U.AUTO, likes=U.AUTO)
    assert [v for _, v in panel.controls["sheet"].options] == [U.AUTO, "Metrics", "All posts"]
    panel.set(sheet="Metrics")
    assert "Metrics" in dict(panel.rows)["File"] and "daily" in dict(panel.rows)["What it is"]
    panel.set(sheet=U.AUTO, sample="daily")
    assert "account totals per day (not posts)" in dict(panel.rows)["What it is"] + panel.rows[5][1]
    assert "per day" in panel._ax.get_title() and "not posts" in panel._ax.get_title()
    assert "<h3>" in panel.static_html() and "Traceback" not in panel.static_html()


def test_exercises_of_notebook_13():
    from utils.nb13 import exercises as nb13

    meta, x = U.read_export(*U.example_file("meta")), U.read_export(*U.example_file("x"))
    good = U.summarise(meta).loc["All", "er_impressions"]
    assert nb13.check_1(good).correct
    assert nb13.check_1(None).status == "unanswered"
    assert nb13.check_1(good * 100).status == "mistake"
    per_post = float((meta[["likes", "comments", "shares", "clicks"]].sum(axis=1) / meta["impressions"]).mean())
    assert "averaged the per-post rates" in nb13.check_1(per_post).message
    both = pd.concat([meta, x], ignore_index=True)
    ctr = both["clicks"].sum() / both["impressions"].sum()
    assert nb13.check_2(ctr).correct
    mean_of_files = (meta["clicks"].sum() / meta["impressions"].sum() + x["clicks"].sum() / x["impressions"].sum()) / 2
    assert "averaged the two files' CTRs" in nb13.check_2(mean_of_files).message
    assert nb13.check_2(ctr * 100).status == "mistake" and nb13.check_2(0.9).status == "wrong"
