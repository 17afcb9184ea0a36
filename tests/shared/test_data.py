"""Tests of the shipped data (``data/``), its dictionary, its generator and ``utils.shared.data``.

The planted effects are computed from the files themselves, the way a learner
would, so a change to the generator that weakens one of them fails here.
"""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from utils.shared import config
from utils.shared import data as D

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
GENERATOR = ROOT / "scripts" / "generate_data.py"
FILES = [f"{name}.csv" for name in D.NAMES]
NOTEBOOKS = {"01 growth", "02 power", "03 plan", "04 content", "05 viral", "06 segmentation", "07 crm",
             "08 metrics", "09 goals", "10 crisis", "11 capstone", "13 byod"}
MONEY = {("posts", "spend"), ("posts", "revenue"), ("audience", "purchase_value"), ("web_sessions", "revenue"),
         ("campaigns", "budget"), ("campaigns", "spend"), ("campaigns", "attributed_revenue")}

CRISIS = pd.Timestamp("2025-09-08")
CRISIS_END = pd.Timestamp("2025-09-15")  # exclusive
SIX_WEEKS = pd.Timedelta(weeks=6)
EIGHT_WEEKS = pd.Timedelta(weeks=8)


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    """Every shipped data set, loaded once through the loaders."""
    return {name: D.load(name, DATA) for name in D.NAMES}


@pytest.fixture(scope="module")
def dictionary() -> pd.DataFrame:
    return pd.read_csv(DATA / "dictionary.csv", dtype=str, keep_default_na=False)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A scratch copy of ``data/`` to break on purpose."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def raw(file: str) -> pd.DataFrame:
    """A file read as plain text, independently of the loaders."""
    return pd.read_csv(DATA / file, dtype=str, keep_default_na=False)


def specs_of(dictionary: pd.DataFrame, file: str) -> pd.DataFrame:
    return dictionary[dictionary["file"] == file]


def edit_cell(path: Path, row: int, column: str, value: str) -> None:
    """Set one cell of a CSV (``row`` 0 is the first data row)."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    rows[row + 1][rows[0].index(column)] = value
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def window(df: pd.DataFrame, column: str, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    return df[(df[column] >= start) & (df[column] < end)]


# ---------------------------------------------------------------------------
# The dictionary covers every column, and nothing else
# ---------------------------------------------------------------------------


def test_every_data_file_is_in_the_dictionary(dictionary: pd.DataFrame) -> None:
    on_disk = {p.name for p in DATA.glob("*.csv")} - {"dictionary.csv"}
    assert on_disk == set(FILES)
    assert set(dictionary["file"]) == set(FILES)


@pytest.mark.parametrize("file", FILES)
def test_dictionary_lists_exactly_the_header(dictionary: pd.DataFrame, file: str) -> None:
    with (DATA / file).open(newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert list(specs_of(dictionary, file)["column"]) == header


def test_dictionary_fields_are_well_formed(dictionary: pd.DataFrame) -> None:
    assert list(dictionary.columns) == ["file", "column", "type", "unit", "min", "max", "allowed", "meaning",
                                       "notebooks", "synthetic", "source"]
    assert not dictionary.duplicated(["file", "column"]).any()
    assert set(dictionary["type"]) <= set(D.TYPES)
    assert (dictionary["meaning"] != "").all() and (dictionary["source"] != "").all()
    for _, row in dictionary.iterrows():
        where = f"{row['file']}:{row['column']}"
        assert set(row["notebooks"].split(";")) <= NOTEBOOKS, where
        assert (row["allowed"] != "") == (row["type"] in ("category", "list")), where
        expected_synthetic = "no" if row["file"] == "social_media_users.csv" else "yes"
        assert row["synthetic"] == expected_synthetic, where
        if (row["file"].removesuffix(".csv"), row["column"]) in MONEY:
            assert (row["type"], row["unit"]) == ("float", "EUR"), where


def test_dictionary_allowed_values_follow_the_course_config(dictionary: pd.DataFrame) -> None:
    allowed = {(r["file"], r["column"]): r["allowed"].split(";") for _, r in dictionary.iterrows() if r["allowed"]}
    for key, values in allowed.items():
        if key[1] in ("platform", "platforms"):
            assert values == list(config.PLATFORMS), key
    assert allowed[("mentions.csv", "brand")] == list(config.BRANDS)
    assert allowed[("posts.csv", "content_type")] == list(config.CONTENT_TYPES)
    assert allowed[("audience.csv", "income_band")] == ["<25k", "25-50k", "50-75k", "75-100k", "100k+"]


# ---------------------------------------------------------------------------
# Schema, formats and ranges (checked on the raw text, not through the loaders)
# ---------------------------------------------------------------------------

FORMATS = {
    "int": r"-?[0-9]+",
    "float": r"-?[0-9]+\.[0-9]+",
    "bool": r"True|False",
    "datetime": r"2025-[01][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-5][0-9]",
    "date": r"2025-[01][0-9]-[0-3][0-9]",
}


@pytest.mark.parametrize("file", FILES)
def test_raw_values_are_formatted_and_in_range(dictionary: pd.DataFrame, file: str) -> None:
    table = raw(file)
    for _, spec in specs_of(dictionary, file).iterrows():
        text = table[spec["column"]]
        where = f"{file}:{spec['column']}"
        optional = (file.removesuffix(".csv"), spec["column"]) in D.OPTIONAL_COLUMNS
        present = text[text != ""]
        assert optional or len(present) == len(text), f"{where} has empty cells"
        if spec["type"] in FORMATS:
            assert present.str.fullmatch(FORMATS[spec["type"]]).all(), where
        if (file.removesuffix(".csv"), spec["column"]) in MONEY:
            assert present.str.fullmatch(r"[0-9]+\.[0-9]{2}").all(), f"{where}: money has 2 decimals"
        if spec["type"] == "category":
            assert set(present) <= set(spec["allowed"].split(";")), where
        if spec["type"] == "list":
            allowed = set(spec["allowed"].split(";"))
            assert all(item in allowed for value in present for item in value.split(";")), where
        if spec["type"] in ("int", "float"):
            numbers = present.astype(float)
            if spec["min"]:
                assert numbers.min() >= float(spec["min"]), where
            if spec["max"]:
                assert numbers.max() <= float(spec["max"]), where
        if spec["type"] in ("datetime", "date"):
            assert present.min() >= spec["min"] and present.max() <= spec["max"], where


@pytest.mark.parametrize("name", D.NAMES)
def test_loaded_dtypes_match_the_dictionary(frames: dict[str, pd.DataFrame], dictionary: pd.DataFrame,
                                            name: str) -> None:
    df = frames[name]
    specs = specs_of(dictionary, f"{name}.csv")
    assert list(df.columns) == list(specs["column"])
    for _, spec in specs.iterrows():
        dtype = df[spec["column"]].dtype
        where = f"{name}.{spec['column']} ({dtype})"
        optional = (name, spec["column"]) in D.OPTIONAL_COLUMNS
        kind = spec["type"]
        if kind == "int":
            assert dtype == ("Int64" if optional else np.int64), where
        elif kind == "float":
            assert dtype == np.float64, where
        elif kind == "bool":
            assert dtype == bool, where
        elif kind in ("datetime", "date"):
            assert pd.api.types.is_datetime64_dtype(dtype), where
        elif kind == "category":
            assert isinstance(dtype, pd.CategoricalDtype), where
            assert list(dtype.categories) == spec["allowed"].split(";"), where
        else:
            assert pd.api.types.is_string_dtype(dtype), where


def test_income_band_is_an_ordered_category(frames: dict[str, pd.DataFrame]) -> None:
    band = frames["audience"]["income_band"]
    assert band.cat.ordered
    assert (band.min(), band.max()) == ("<25k", "100k+")
    assert all(not frames["posts"][c].cat.ordered for c in ("platform", "content_type", "topic"))


def test_dates_are_midnight_and_datetimes_are_in_2025(frames: dict[str, pd.DataFrame]) -> None:
    for name, column in (("mentions", "date"), ("campaigns", "start_date"), ("campaigns", "end_date")):
        values = frames[name][column]
        assert (values == values.dt.normalize()).all(), column
    for name, column in (("posts", "posted_at"), ("inbox", "received_at"), ("web_sessions", "started_at")):
        assert (frames[name][column].dt.year == 2025).all(), column


def test_row_counts_are_as_promised(frames: dict[str, pd.DataFrame]) -> None:
    sizes = {name: len(df) for name, df in frames.items()}
    assert 1600 <= sizes["posts"] <= 2000
    assert sizes["audience"] == 4000
    assert sizes["mentions"] == 365 * len(config.PLATFORMS) * len(config.BRANDS)
    assert 5500 <= sizes["inbox"] <= 6500
    assert 18000 <= sizes["web_sessions"] <= 22000
    assert 12 <= sizes["campaigns"] <= 20
    assert sizes["social_media_users"] == 10


@pytest.mark.parametrize("name,id_column,time_column", [
    ("posts", "post_id", "posted_at"), ("inbox", "message_id", "received_at"),
    ("web_sessions", "session_id", "started_at"), ("campaigns", "campaign_id", "start_date"),
    ("audience", "person_id", None),
])
def test_ids_run_from_one_in_time_order(frames: dict[str, pd.DataFrame], name: str, id_column: str,
                                        time_column: str | None) -> None:
    df = frames[name]
    assert list(df[id_column]) == list(range(1, len(df) + 1))
    if time_column:
        assert df[time_column].is_monotonic_increasing


@pytest.mark.parametrize("file", [*FILES, "dictionary.csv"])
def test_files_use_unix_line_endings_and_utf8(file: str) -> None:
    content = (DATA / file).read_bytes()
    content.decode("utf-8")
    assert b"\r" not in content
    assert content.endswith(b"\n") and not content.endswith(b"\n\n")


# ---------------------------------------------------------------------------
# Relationships between columns
# ---------------------------------------------------------------------------


def test_posts_invariants(frames: dict[str, pd.DataFrame]) -> None:
    p = frames["posts"]
    assert (p["reach"] > 0).all() and (p["reach"] <= p["impressions"]).all()
    for column in ("likes", "comments", "shares"):
        assert (p[column] <= p["reach"]).all(), column
    assert (p["clicks"] <= p["impressions"]).all()
    assert (p["conversions"] <= p["clicks"]).all()
    assert ((p["revenue"] == 0) == (p["conversions"] == 0)).all()
    assert ((p["spend"] > 0) == p["paid"]).all()
    assert set(p["platform"]) == set(config.PLATFORMS)
    assert set(p["topic"]) == set(p["topic"].cat.categories)


def test_followers_grow_over_the_year(frames: dict[str, pd.DataFrame]) -> None:
    p = frames["posts"].sort_values("posted_at")
    for platform, group in p.groupby("platform", observed=True):
        first, last = group["followers"].iloc[0], group["followers"].iloc[-1]
        assert last > first * 1.03, platform


def test_audience_invariants(frames: dict[str, pd.DataFrame]) -> None:
    a = frames["audience"]
    assert a["age"].between(18, 75).all()
    assert (a["impressions"] >= 1).all()
    assert (a["engagements"] <= a["impressions"]).all()
    assert (a["clicks"] <= a["impressions"]).all()
    assert ((a["purchase_value"] == 0) == (a["purchases"] == 0)).all()
    assert (a["converted"] == (a["purchases"] > 0)).all()
    assert all(D.split_list(a["interests"])) and all(D.split_list(a["platforms"]))
    assert a["job_title"].nunique() == 8 and a["industry"].nunique() == 7 and a["location"].nunique() == 8


def test_referral_network_is_consistent(frames: dict[str, pd.DataFrame]) -> None:
    a = frames["audience"]
    ids = set(a["person_id"])
    referred = a.dropna(subset=["referred_by"])
    assert len(referred) > 100
    assert set(referred["referred_by"]) <= ids
    assert (referred["referred_by"] != referred["person_id"]).all()
    counts = referred["referred_by"].value_counts()
    expected = a["person_id"].map(counts).fillna(0).astype(int)
    assert (a["referrals"] == expected).all()
    # Nobody referred themself through a chain: walking up referrers always ends.
    parent = dict(zip(referred["person_id"], referred["referred_by"].astype(int)))
    for person in parent:
        seen = {person}
        while person in parent:
            person = parent[person]
            assert person not in seen, "referral cycle"
            seen.add(person)


def test_inbox_invariants(frames: dict[str, pd.DataFrame]) -> None:
    i = frames["inbox"]
    answered = i.dropna(subset=["answered_at"])
    assert (answered["answered_at"] >= answered["received_at"]).all()
    assert 0.7 < len(answered) / len(i) < 0.98
    assert set(i["message_type"]) == set(i["message_type"].cat.categories)


def test_web_sessions_invariants(frames: dict[str, pd.DataFrame]) -> None:
    w = frames["web_sessions"]
    assert ((w["revenue"] > 0) == w["converted"]).all()
    assert (w["pageviews"] >= 1).all()
    source = w["source"].astype(str)
    channel = np.where(source.str.endswith("_organic"), "social_organic",
                       np.where(source.str.endswith("_paid"), "social_paid", source))
    assert (w["channel"].astype(str) == channel).all()
    assert set(source) == set(w["source"].cat.categories)


def test_campaigns_invariants(frames: dict[str, pd.DataFrame]) -> None:
    c = frames["campaigns"]
    assert (c["spend"] > 0).all() and (c["spend"] <= c["budget"] * 1.05).all()
    assert (c["end_date"] >= c["start_date"]).all()
    assert (c["reach"] > 0).all() and (c["reach"] <= c["impressions"]).all()
    assert (c["shares"] <= c["reach"]).all()
    assert (c["clicks"] <= c["impressions"]).all()
    assert (c["conversions"] <= c["clicks"]).all()
    assert ((c["attributed_revenue"] == 0) == (c["conversions"] == 0)).all()
    assert c["name"].is_unique
    assert set(c["objective"]) == {"awareness", "sales", "traffic"}


def test_mentions_cover_every_day_platform_and_brand(frames: dict[str, pd.DataFrame]) -> None:
    m = frames["mentions"]
    assert not m.duplicated(["date", "platform", "brand"]).any()
    assert m["date"].nunique() == 365
    assert m["date"].min() == pd.Timestamp("2025-01-01") and m["date"].max() == pd.Timestamp("2025-12-31")
    assert set(m["brand"]) == set(config.BRANDS)
    assert (m[["positive", "neutral", "negative"]] >= 0).all().all()


def test_social_media_users_are_the_cited_figures(frames: dict[str, pd.DataFrame]) -> None:
    s = frames["social_media_users"].set_index("year")
    users = {2004: 1, 2014: 1857, 2015: 2078, 2016: 2307, 2017: 2789, 2018: 3196, 2019: 3484, 2020: 3800,
             2021: 4196, 2022: 4620}
    population = {2004: 6460, 2014: 7095, 2015: 7210, 2016: 7395, 2017: 7476, 2018: 7593, 2019: 7676,
                  2020: 7750, 2021: 7830, 2022: 7910}
    assert s["users_millions"].to_dict() == users
    assert s["world_population_millions"].to_dict() == population
    # The syllabus: more than 58% of the world, and more than 10% more users than a year before.
    assert s.loc[2022, "users_millions"] / s.loc[2022, "world_population_millions"] > 0.58
    assert 10 * (s.loc[2022, "users_millions"] - s.loc[2021, "users_millions"]) > s.loc[2021, "users_millions"]
    assert s.loc[2004, "measure"] == "single site (MySpace) milestone"
    assert "source article" in s.loc[2004, "source"]
    for year in range(2014, 2023):
        assert s.loc[year, "measure"] == "all platforms, January"
        assert s.loc[year, "source_url"] == f"https://datareportal.com/reports/digital-{year}-global-overview-report"
        assert f"Digital {year}" in s.loc[year, "source"]


# ---------------------------------------------------------------------------
# Planted effects, measured the way a learner would
# ---------------------------------------------------------------------------


def pooled_share_rate(posts: pd.DataFrame, by: str) -> pd.Series:
    totals = posts.groupby(by, observed=True)[["shares", "impressions"]].sum()
    return totals["shares"] / totals["impressions"]


def test_video_is_shared_most_and_text_least(frames: dict[str, pd.DataFrame]) -> None:
    rate = pooled_share_rate(frames["posts"], "content_type")
    assert rate["video"] > rate["image"] > rate["link"] > rate["text"]
    assert rate["video"] >= 2 * rate["text"]


def test_how_to_posts_are_shared_most(frames: dict[str, pd.DataFrame]) -> None:
    rate = pooled_share_rate(frames["posts"], "topic")
    assert rate.idxmax() == "how-to"


def test_young_wellness_fans_convert_far_better(frames: dict[str, pd.DataFrame]) -> None:
    a = frames["audience"]
    segment = a["age"].between(25, 34) & D.has_item(a["interests"], "wellness")
    assert segment.sum() >= 200
    assert a.loc[segment, "converted"].mean() >= 2.5 * a["converted"].mean()


def test_some_referrers_are_worth_more_than_their_own_purchases(frames: dict[str, pd.DataFrame]) -> None:
    a = frames["audience"]
    brought = a.groupby("referred_by")["purchase_value"].sum()
    a = a.assign(referred_value=a["person_id"].map(brought).fillna(0.0))
    hidden = a[(a["referred_value"] > 0) & (a["referred_value"] >= 3 * a["purchase_value"])]
    assert len(hidden) >= 20
    assert (hidden["purchase_value"] == 0).sum() >= 5
    typical = a.loc[a["converted"], "purchase_value"].median()
    assert ((hidden["purchase_value"] > 0) & (hidden["purchase_value"] < typical)).sum() >= 3


def test_crisis_negative_mentions_spike_mainly_on_x_and_tiktok(frames: dict[str, pd.DataFrame]) -> None:
    m = frames["mentions"]
    brand = m[m["brand"] == config.BRAND]
    daily = brand.groupby("date")["negative"].sum()
    crisis = daily[(daily.index >= CRISIS) & (daily.index < CRISIS_END)].mean()
    before = daily[(daily.index >= CRISIS - EIGHT_WEEKS) & (daily.index < CRISIS)].mean()
    assert crisis >= 5 * before
    week = window(brand, "date", CRISIS, CRISIS_END).groupby("platform", observed=True)["negative"].sum()
    assert week[["X", "TikTok"]].sum() > 0.5 * week.sum()
    assert set(week.nlargest(2).index) == {"X", "TikTok"}
    # Competitors see no such spike.
    for rival in config.COMPETITORS:
        other = m[m["brand"] == rival].groupby("date")["negative"].sum()
        rival_crisis = other[(other.index >= CRISIS) & (other.index < CRISIS_END)].mean()
        rival_before = other[(other.index >= CRISIS - EIGHT_WEEKS) & (other.index < CRISIS)].mean()
        assert rival_crisis < 1.5 * rival_before, rival


def test_crisis_floods_the_inbox_with_complaints(frames: dict[str, pd.DataFrame]) -> None:
    i = frames["inbox"]
    week = window(i, "received_at", CRISIS, CRISIS_END)
    weekly_before = len(window(i, "received_at", CRISIS - EIGHT_WEEKS, CRISIS)) / 8
    assert len(week) >= 3 * weekly_before
    assert (week["message_type"] == "complaint").mean() > 0.5


@pytest.mark.parametrize("name,time_column,columns", [
    ("posts", "posted_at", ("conversions", "revenue")),
    ("web_sessions", "started_at", ("converted", "revenue")),
])
def test_crisis_cuts_sales_then_they_recover(frames: dict[str, pd.DataFrame], name: str, time_column: str,
                                             columns: tuple[str, str]) -> None:
    df = frames[name]
    before = window(df, time_column, CRISIS - SIX_WEEKS, CRISIS)
    after = window(df, time_column, CRISIS_END, CRISIS_END + SIX_WEEKS)
    later = window(df, time_column, CRISIS_END + SIX_WEEKS, CRISIS_END + 2 * SIX_WEEKS)
    for column in columns:
        assert after[column].sum() <= 0.85 * before[column].sum(), column
        assert later[column].sum() > after[column].sum(), column


def test_weekend_messages_wait_longer(frames: dict[str, pd.DataFrame]) -> None:
    i = frames["inbox"]
    weekend = i["received_at"].dt.day_of_week >= 5
    hours = (i["answered_at"] - i["received_at"]).dt.total_seconds() / 3600
    assert hours[weekend].median() >= 2 * hours[~weekend].median()
    answered = i["answered_at"].notna()
    assert answered[weekend].mean() < answered[~weekend].mean()
    assert answered[weekend].mean() > answered[~weekend].mean() - 0.15  # "a bit" lower, not collapsed


def test_paid_posts_get_more_impressions(frames: dict[str, pd.DataFrame]) -> None:
    p = frames["posts"]
    assert p["paid"].sum() >= 50
    assert p.loc[p["paid"], "impressions"].mean() > p.loc[~p["paid"], "impressions"].mean()


def test_campaign_returns_are_spread_out(frames: dict[str, pd.DataFrame]) -> None:
    c = frames["campaigns"]
    roi = (c["attributed_revenue"] - c["spend"]) / c["spend"]
    assert (roi < 0).sum() >= 1 and (roi > 0).sum() >= 1
    assert roi.max() - roi.min() > 1.0


# ---------------------------------------------------------------------------
# The folder: size, synthetic marking, README, regeneration
# ---------------------------------------------------------------------------


def test_data_folder_is_small() -> None:
    total = sum(p.stat().st_size for p in DATA.iterdir() if p.is_file())
    assert total < 5 * 1024 * 1024


def test_readme_marks_synthetic_data_and_documents_every_column(dictionary: pd.DataFrame) -> None:
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert "SYNTHETIC" in readme
    assert "python3 scripts/generate_data.py" in readme
    sections = re.split(r"^## ", readme, flags=re.MULTILINE)
    for file in FILES:
        section = next((s for s in sections if s.startswith(f"`{file}`")), None)
        assert section is not None, f"README has no section for {file}"
        for column in specs_of(dictionary, file)["column"]:
            assert f"`{column}`" in section, f"README does not document {file}:{column}"
        if file != "social_media_users.csv":
            assert "synthetic" in section.lower(), file
    for url in ("https://datareportal.com/reports/", "https://population.un.org/wpp/"):
        assert url in readme


def test_generator_is_byte_identical(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, str(GENERATOR), "--out", str(tmp_path), "--quiet"],
                         capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted([*FILES, "dictionary.csv"])
    for name in written:
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), f"{name} differs: regenerate data/"


# ---------------------------------------------------------------------------
# Loaders
# ---------------------------------------------------------------------------


def test_load_by_name_matches_the_named_loaders() -> None:
    loaders = {"posts": D.load_posts, "audience": D.load_audience, "mentions": D.load_mentions,
               "inbox": D.load_inbox, "web_sessions": D.load_web_sessions, "campaigns": D.load_campaigns,
               "social_media_users": D.load_social_media_users}
    assert set(loaders) == set(D.NAMES)
    for name, loader in loaders.items():
        pd.testing.assert_frame_equal(loader(DATA), D.load(name, DATA))
    pd.testing.assert_frame_equal(D.load("posts.csv", DATA), D.load("posts", DATA))
    with pytest.raises(ValueError, match="unknown data set 'tweets'.*posts"):
        D.load("tweets")


def test_loaders_read_config_data_dir_at_call_time(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit_cell(data_copy / "campaigns.csv", 0, "name", "Renamed for the test")
    monkeypatch.setattr(config, "DATA_DIR", data_copy)
    assert D.load_campaigns()["name"].iloc[0] == "Renamed for the test"
    monkeypatch.setattr(config, "DATA_DIR", DATA)
    assert D.load_campaigns()["name"].iloc[0] != "Renamed for the test"


def test_loaders_return_independent_copies() -> None:
    first = D.load_posts(DATA)
    second = D.load_posts(DATA)
    assert first is not second
    assert not np.shares_memory(first["impressions"].to_numpy(), second["impressions"].to_numpy())
    original = second["impressions"].iloc[0]
    first.loc[0, "impressions"] = -1
    first["platform"] = first["platform"].cat.rename_categories(lambda c: c.upper())
    del first["shares"]
    third = D.load_posts(DATA)
    assert third["impressions"].iloc[0] == original
    assert "shares" in third.columns and "X" in set(third["platform"])


def test_cache_notices_a_changed_file(data_copy: Path) -> None:
    assert D.load_campaigns(data_copy)["name"].iloc[0] != "Changed"
    edit_cell(data_copy / "campaigns.csv", 0, "name", "Changed")
    assert D.load_campaigns(data_copy)["name"].iloc[0] == "Changed"


def test_a_second_load_is_served_from_memory_and_clear_cache_forgets(data_copy: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    D.clear_cache()
    first = D.load_campaigns(data_copy)
    parse = D._parse_file
    monkeypatch.setattr(D, "_parse_file", lambda *args: pytest.fail("parsed again instead of served from memory"))
    pd.testing.assert_frame_equal(D.load_campaigns(data_copy), first)
    D.clear_cache()
    with pytest.raises(pytest.fail.Exception, match="parsed again"):
        D.load_campaigns(data_copy)
    monkeypatch.setattr(D, "_parse_file", parse)
    pd.testing.assert_frame_equal(D.load_campaigns(data_copy), first)


def test_loading_writes_nothing_to_disk(data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(config, "OUTPUT_DIR", tmp_path / "output")
    D.clear_cache()
    D.load_campaigns(data_copy)
    D.load_campaigns()
    assert not (tmp_path / "output").exists()
    assert sorted(p.name for p in data_copy.iterdir()) == sorted(p.name for p in DATA.iterdir())


def test_missing_file_says_how_to_restore_it(data_copy: Path) -> None:
    (data_copy / "posts.csv").unlink()
    with pytest.raises(FileNotFoundError) as error:
        D.load_posts(data_copy)
    message = str(error.value)
    assert "posts.csv" in message and "git checkout data/" in message and "scripts/generate_data.py" in message


def test_missing_column_names_file_and_column(data_copy: Path) -> None:
    path = data_copy / "posts.csv"
    table = pd.read_csv(path, dtype=str, keep_default_na=False).drop(columns="shares")
    table.to_csv(path, index=False, lineterminator="\n")
    with pytest.raises(ValueError, match=r"posts\.csv: column 'shares' is missing"):
        D.load_posts(data_copy)


def test_extra_column_is_rejected(data_copy: Path) -> None:
    path = data_copy / "campaigns.csv"
    table = pd.read_csv(path, dtype=str, keep_default_na=False).assign(notes="x")
    table.to_csv(path, index=False, lineterminator="\n")
    with pytest.raises(ValueError, match=r"campaigns\.csv: column 'notes' is not in the dictionary"):
        D.load_campaigns(data_copy)


BAD_VALUES = [
    # (file, row, column, value, words the message must contain)
    ("posts", 4, "likes", "many", ["line 6", "whole numbers"]),
    ("posts", 0, "spend", "12,5", ["numbers"]),
    ("posts", 0, "reach", "99999999", ["reach <= impressions"]),
    ("posts", 0, "paid", "yes", ["True or False"]),
    ("posts", 2, "platform", "MySpace", ["line 4", "one of"]),
    ("audience", 0, "age", "12", ["age >= 18"]),
    ("audience", 0, "interests", "wellness;knitting", ["items are"]),
    ("audience", 0, "referrals", "99", ["referrals == number of rows"]),
    ("audience", 1, "converted", "", ["a value is required"]),
    ("inbox", 0, "received_at", "2025-13-01 00:00:00", ["YYYY-MM-DD HH:MM:SS"]),
    ("inbox", 0, "answered_at", "2025-01-01 00:00:00", ["answered_at >= received_at"]),
    ("mentions", 0, "negative", "-1", ["negative >= 0"]),
    ("mentions", 0, "date", "2024-12-31", ["date >= 2025-01-01"]),
    ("web_sessions", 0, "channel", "email", ["channel group of source"]),
    ("campaigns", 0, "spend", "999999.00", ["spend <= budget * 1.05"]),
    ("campaigns", 0, "end_date", "2025-01-01 10:00", ["YYYY-MM-DD"]),
    ("social_media_users", 0, "users_millions", "0", ["users_millions >= 1"]),
]


@pytest.mark.parametrize("name,row,column,value,words", BAD_VALUES,
                         ids=[f"{b[0]}-{b[2]}-{b[3] or 'empty'}" for b in BAD_VALUES])
def test_corrupted_value_names_file_column_and_rule(data_copy: Path, name: str, row: int, column: str,
                                                     value: str, words: list[str]) -> None:
    edit_cell(data_copy / f"{name}.csv", row, column, value)
    with pytest.raises(ValueError) as error:
        D.load(name, data_copy)
    message = str(error.value)
    assert message.startswith(f"{name}.csv: column '{column}'"), message
    assert "rule:" in message and "generate_data.py" in message, message
    for word in words:
        assert word in message, message


def test_unreadable_csv_is_a_value_error(data_copy: Path) -> None:
    (data_copy / "inbox.csv").write_text('message_id,platform\n1,"unterminated\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"inbox\.csv"):
        D.load_inbox(data_copy)


def test_validate_frame_accepts_loaded_frames_and_rejects_broken_ones() -> None:
    posts = D.load_posts(DATA)
    D.validate_frame("posts", posts)
    broken = posts.assign(clicks=posts["impressions"] + 1)
    with pytest.raises(ValueError, match=r"posts\.csv: column 'clicks' breaks the rule in 1\d\d\d rows"):
        D.validate_frame("posts", broken)
    with pytest.raises(ValueError, match="has dtype"):
        D.validate_frame("posts", posts.assign(platform=posts["platform"].astype(str)))


def test_split_list_and_has_item() -> None:
    series = pd.Series(["wellness;books", "music", ""], index=[10, 11, 12])
    assert D.split_list(series) == [{"wellness", "books"}, {"music"}, set()]
    found = D.has_item(series, "books")
    assert found.tolist() == [True, False, False] and list(found.index) == [10, 11, 12]
    with pytest.raises(ValueError, match="item"):
        D.has_item(series, "books;music")
    # whole items only, and missing values hold no items (as split_list reads them)
    mixed = pd.Series(["book;music", "books", None, float("nan"), "music;books;tea"])
    assert D.has_item(mixed, "books").tolist() == [False, True, False, False, True]
    assert D.has_item(mixed, "books").tolist() == ["books" in items for items in D.split_list(mixed)]


def test_importing_utils_data_is_light() -> None:
    code = ("import sys, utils.shared.data; "
            "print(','.join(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'matplotlib', 'ipywidgets', 'IPython', 'scipy', 'hypothesis'})))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == ""
