"""Real export layouts, end to end: read, map, platform, rows, totals, rates, panel (utils.nb13).

Each file under ``tests/fixtures/exports/`` reproduces the layout of a real
platform export with invented numbers (``tests/fixtures/make_exports.py``
writes them and keeps the invented rows in ``FIXTURES``). The expected rows,
totals, dates and rates are computed here from those invented rows with plain
sums, never with the reader under test.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import math
from pathlib import Path

import pandas as pd
import pytest

from utils.nb13 import headers as H
from utils.nb13 import upload as U

ROOT = Path(__file__).resolve().parents[2]
EXPORTS = ROOT / "tests" / "fixtures" / "exports"


def _generator():
    spec = importlib.util.spec_from_file_location("make_exports", ROOT / "tests" / "fixtures" / "make_exports.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build()  # fills FIXTURES with the invented rows (and the values the writers derive from them)
    return module


GEN = _generator()
FIX = GEN.FIXTURES
YEAR = 2025  # the year given to files whose dates have none (TikTok Studio)
#: How precisely each file writes its dates: "minute", "day" or None (no per-post date).
PRECISION = {"x_tweet_activity_2019.csv": "minute", "x_tweet_activity_2015_favorites.csv": "minute",
             "x_account_analytics_content_en.csv": "day", "x_account_analytics_content_ja.csv": "day",
             "facebook_insights_post_level.csv": "minute", "facebook_moro_uci.csv": None,
             "facebook_ads_manager_campaigns.csv": None, "meta_business_suite_facebook_posts_en.csv": "minute",
             "meta_business_suite_facebook_posts_es.csv": "minute",
             "meta_business_suite_instagram_posts_es.csv": "minute", "linkedin_company_content.xlsx": "day",
             "youtube_table_data_advanced.csv": "day", "tiktok_content.csv": "day"}
POSTS = sorted(n for n, info in FIX.items() if info["kind"] in ("posts", "campaigns"))
DAILY = sorted(n for n, info in FIX.items() if info["kind"] == "daily")
REFUSED = sorted(n for n, info in FIX.items() if info["kind"] == "refused")
#: The reader's name for a fixture field (YouTube's impressions are thumbnail impressions).
RENAMED = {("YouTube", "impressions"): "thumbnail_impressions"}


def _read(name: str, **options) -> pd.DataFrame:
    if FIX[name].get("year_less"):
        options.setdefault("year", YEAR)
    return U.read_export((EXPORTS / name).read_bytes(), name, **options)


def test_fixtures_are_what_the_generator_writes():
    assert GEN.main(["--check"]) == 0
    assert sorted(p.name for p in EXPORTS.iterdir()) == sorted(FIX)


@pytest.mark.parametrize("name", POSTS)
def test_post_exports_end_to_end(name):
    info, invented = FIX[name], FIX[name]["posts"]
    posts = _read(name)
    meta = posts.attrs["upload"]
    # platform, kind and one row per post (totals and /status/undefined rows left out)
    assert meta["platform"] == info["platform"] and set(posts["platform"]) == {info["platform"]}
    assert meta["kind"] == info["kind"] and len(posts) == len(invented)
    if info.get("undefined_rows"):
        assert meta["rows_read"] == len(invented) + info["undefined_rows"]
    # every field the file has, mapped and summed right
    for field in [f for f in info["fields"] if f != "spend"]:
        column = RENAMED.get((info["platform"], field), field)
        assert int(posts[column].sum()) == sum(p[field] for p in invented), field if column == field else column
    if "spend" in info["fields"]:
        assert posts["spend"].sum() == pytest.approx(sum(p["spend"] for p in invented))
    # dates: the file's range, to the precision the file writes them
    precision = PRECISION[name]
    if precision is not None:
        stamps = [p["posted_at"] for p in invented]
        cut = (lambda t: t.replace(second=0, microsecond=0)) if precision == "minute" else \
            (lambda t: t.replace(hour=0, minute=0, second=0, microsecond=0))
        assert posts["posted_at"].tolist() == [pd.Timestamp(cut(t)) for t in stamps]
        assert (meta["first"], meta["last"]) == (pd.Timestamp(cut(min(stamps))), pd.Timestamp(cut(max(stamps))))
    # the rate, on the platform's base, named
    engaged = [f for f in ("likes", "comments", "shares", "clicks") if f in info["fields"]]
    engagements = sum(p[f] for p in invented for f in engaged)
    base_total = sum(p[info["base"]] for p in invented)
    table = U.summarise(posts)
    whole = table.loc["All"]
    assert whole["base"] == info["base"] and whole["posts"] == len(invented)
    assert whole["engagements"] == engagements
    assert whole["engagement_rate"] == pytest.approx(engagements / base_total, rel=1e-12)
    rows = dict(U.summary_rows(table))
    label = f"Engagement rate (engagements / {info['base']}, pooled)"
    assert rows[label] == f"{100 * engagements / base_total:.2f}%"
    if "impressions" in info["fields"] and info["platform"] != "YouTube":
        clicks = sum(p["clicks"] for p in invented) if "clicks" in info["fields"] else None
        impressions = sum(p["impressions"] for p in invented)
        if clicks is not None:
            assert whole["ctr"] == pytest.approx(clicks / impressions, rel=1e-12)
    assert not any("nan" in v.lower().split() for v in rows.values())


def test_youtube_impressions_and_subscribers_are_not_misused():
    name = "youtube_table_data_advanced.csv"
    posts = _read(name)
    invented = FIX[name]["posts"]
    assert "impressions" not in posts and "followers" not in posts
    assert posts["subscribers_net"].tolist() == [p["subscribers"] for p in invented]  # net change, may be < 0
    assert any(p["subscribers"] < 0 for p in invented)
    table = U.summarise(posts)
    assert table.loc["All", "base"] == "views" and math.isnan(table.loc["All", "ctr"])
    rows = dict(U.summary_rows(table))
    assert rows["Engagement rate by impressions (pooled)"] == "n/a (the file has no impressions)"
    notes = " ".join(posts.attrs["upload"]["notes"])
    assert "thumbnails shown, not views" in notes and "not a follower count" in notes
    assert "Left out 1 total row(s)" in notes


def test_facebook_two_line_header_and_the_dataset_without_dates():
    insights = _read("facebook_insights_post_level.csv")
    meta = insights.attrs["upload"]
    assert meta["encoding"] == "UTF-8 (with BOM)" and meta["mapping"]["likes"].endswith("by action type - like")
    assert meta["mapping"]["clicks"] == "Lifetime Post Consumptions by type - link clicks"
    assert "second header line" in " ".join(meta["notes"])
    moro = _read("facebook_moro_uci.csv")
    notes = " ".join(moro.attrs["upload"]["notes"])
    assert "posted_at" not in moro and moro.attrs["upload"]["delimiter"] == ";"
    assert "no post dates" in notes and "'Post Month'" in notes
    assert "1 empty cell(s) in 'like' (likes) were read as 0" in notes
    view = U.upload_view(U.UPLOAD, _file("facebook_moro_uci.csv"))
    assert dict(U.upload_rows(view))["Dates"] == "no dates in the file"


def test_ads_manager_is_read_as_campaigns_with_its_currency():
    name = "facebook_ads_manager_campaigns.csv"
    posts = _read(name)
    rows = dict(U.summary_rows(U.summarise(posts)))
    total = sum(p["spend"] for p in FIX[name]["posts"])
    assert rows["Campaigns"] == str(len(FIX[name]["posts"])) and rows["Spend"] == f"{total:,.2f} USD"


@pytest.mark.parametrize("name", DAILY)
def test_daily_account_files_are_a_daily_series(name):
    info, days = FIX[name], FIX[name]["days"]
    series = _read(name)
    meta = series.attrs["upload"]
    assert meta["kind"] == "daily" and meta["platform"] == info["platform"] and "posted_at" not in series
    first = dt.date.fromisoformat(info["dates"][0])
    assert series["date"].tolist() == [pd.Timestamp(first + dt.timedelta(days=i)) for i in range(info["dates"][1])]
    assert int(series[info["field"]].sum()) == sum(d["value"] for d in days)
    assert "account totals per day (not posts)" in meta["notes"][0]
    table = U.summarise(series)
    rows = dict(U.summary_rows(table))
    assert rows["What the file holds"] == f"{info['platform']} account totals per day (not posts)"
    assert rows["Days"].startswith(f"{len(days)} ({first:%Y-%m-%d} to")
    total_label = next(k for k in rows if k.startswith(f"Total {info['field']} over the period"))
    assert rows[total_label] == f"{sum(d['value'] for d in days):,}"
    if name == "tiktok_overview.csv":  # likes, comments and shares per day: a rate on views
        engaged = sum(d["likes"] + d["comments"] + d["shares"] for d in days)
        assert table.loc["All", "engagement_rate"] == pytest.approx(engaged / sum(d["value"] for d in days))
    elif name == "linkedin_creator_analytics.xlsx":  # the ENGAGEMENT sheet: LinkedIn's own engagement total
        assert meta["sheet"] == "ENGAGEMENT"
        assert table.loc["All", "engagement_rate"] == pytest.approx(
            sum(d["engagements"] for d in days) / sum(d["value"] for d in days))
    else:  # one metric per day: no rate, and it says why
        assert "n/a (the file holds one metric per day" in rows[next(k for k in rows if k.startswith("Engagement"))]


def test_daily_chart_is_labelled_as_account_totals():
    import matplotlib.pyplot as plt

    series = _read("meta_business_suite_facebook_reach_daily_es.csv")
    fig, ax = plt.subplots()
    try:
        U.draw_daily(ax, series)
        assert ax.get_title() == "Facebook reach per day: account totals per day (not posts)"
        assert ax.get_ylabel() == "reach per day (account total)" and len(ax.lines[0].get_xdata()) == 31
    finally:
        plt.close(fig)


def test_linkedin_page_metrics_sheet_uses_the_total_columns():
    name = "linkedin_company_content.xlsx"
    days = _read(name, sheet="Metrics")
    invented = FIX[name]["posts"]
    assert days.attrs["upload"]["kind"] == "daily" and days.attrs["upload"]["mapping"]["impressions"] == \
        "Impressions (total)"
    assert int(days["impressions"].sum()) == sum(p["impressions"] for p in invented)
    assert int(days["likes"].sum()) == sum(p["likes"] for p in invented)


def test_linkedin_top_posts_hold_no_base_and_say_so():
    with pytest.raises(U.UploadError) as caught:
        _read("linkedin_creator_analytics.xlsx", sheet="TOP POSTS (columns A-C)")
    assert caught.value.problem == "missing_fields"
    assert "LinkedIn workbook" in str(caught.value) and "What to export instead" in str(caught.value)


@pytest.mark.parametrize("name", REFUSED)
def test_exports_without_engagement_are_refused_with_what_to_export(name):
    with pytest.raises(U.UploadError) as caught:
        _read(name)
    message = str(caught.value)
    assert caught.value.problem == "missing_fields"
    assert "YouTube Studio table export (Table data.csv)" in message
    assert "Advanced mode" in message and "Likes, Comments added and Shares" in message


def test_year_less_dates_need_the_year_and_take_it():
    content = (EXPORTS / "tiktok_content.csv").read_bytes()
    with pytest.raises(U.UploadError, match=r"have no year .*year=2025.*Year control") as caught:
        U.read_export(content, "tiktok_content.csv")
    assert caught.value.problem == "year"
    for year in (2024, 2025):
        posts = U.read_export(content, "tiktok_content.csv", year=year)
        assert set(posts["posted_at"].dt.year) == {year}
        assert f"given the year {year}" in " ".join(posts.attrs["upload"]["notes"])
    over = U.read_export(b"Date,Video Views,Profile Views,Likes,Comments,Shares\nDecember 30,10,1,1,0,0\n"
                         b"December 31,12,1,2,0,0\nJanuary 1,9,0,1,0,0\n", "Overview.csv", year=2026)
    assert over["date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-12-30", "2025-12-31", "2026-01-01"]
    assert "run over New Year" in " ".join(over.attrs["upload"]["notes"])
    with pytest.raises(U.UploadError, match="year must be a whole number"):
        U.read_export(content, "tiktok_content.csv", year="last year")


def test_platform_override_always_wins_and_is_labelled():
    posts = _read("x_tweet_activity_2019.csv", platform="LinkedIn")
    assert set(posts["platform"]) == {"LinkedIn"} and posts.attrs["upload"]["evidence"] == ["chosen by you: LinkedIn"]
    with pytest.raises(U.PlatformQuestion, match="platform must be one of"):
        _read("x_tweet_activity_2019.csv", platform="Myspace")


def test_a_tie_is_a_question_naming_the_candidates():
    tie = b"Post title,Created date,Bookmarks,URL Clicks,Impressions,Likes\n2025-01-05,2025-01-05,1,2,100,5\n"
    with pytest.raises(U.PlatformQuestion) as asked:
        U.read_export(tie, "mixed.csv")
    assert set(asked.value.candidates) == {"X", "LinkedIn"} and "X or LinkedIn" in str(asked.value)
    assert len(U.read_export(tie, "mixed.csv", platform="X")) == 1


def test_bad_inputs_get_a_message_not_a_traceback():
    for content, name, problem in ((b"", "e.csv", "empty"), (bytes(range(256)) * 8, "junk.csv", "binary"),
                                   (b"PK\x03\x04junk", "junk.xlsx", "excel")):
        with pytest.raises(U.UploadError) as caught:
            U.read_export(content, name)
        assert caught.value.problem == problem
    unknown = "Fecha de subida,Veces vista,Corazones\n2025-03-01,1 234,56\n2025-03-02,—,\n".encode()
    with pytest.raises(U.UploadError) as caught:
        U.read_export(unknown, "mine.csv", platform="TikTok")
    assert caught.value.problem == "missing_fields"
    assert "Headers seen: 'Fecha de subida', 'Veces vista', 'Corazones'" in str(caught.value)
    assert "map it by hand" in str(caught.value) and "TikTok Studio" in str(caught.value)
    mapped = U.read_export(unknown, "mine.csv", platform="TikTok",
                           mapping={"posted_at": "Fecha de subida", "views": "Veces vista", "likes": "Corazones"})
    assert mapped["views"].tolist() == [1234, 0] and mapped["likes"].tolist() == [56, 0]
    assert "1 empty cell(s) in 'Veces vista' (views) were read as 0" in " ".join(mapped.attrs["upload"]["notes"])
    with pytest.raises(U.UploadError, match="'Nope', which is not a column"):
        U.read_export(unknown, "mine.csv", platform="TikTok", mapping={"likes": "Nope"})


def test_liberal_in_what_it_accepts():
    text = ("\ufeff  DATE ;  Impressions ; LIKES;Engagement rate;Notes\n"
            "05/01/2025;1 234;12;1,2 %;—\n06/01/2025;\"2.345\";n/a;bad value;x\n")
    posts = U.read_export(text.encode("utf-8"), "mine.csv", platform="Instagram")
    assert posts["impressions"].tolist() == [1234, 2345] and posts["likes"].tolist() == [12, 0]
    assert posts["posted_at"].dt.strftime("%Y-%m-%d").tolist() == ["2025-01-05", "2025-01-06"]  # day-first (;)
    assert U.summarise(posts).loc["All", "base"] == "impressions"  # no reach in the file: the next base


def _file(name: str, content: bytes | None = None) -> tuple[dict]:
    data = content if content is not None else (EXPORTS / name).read_bytes()
    return ({"name": name, "type": "", "size": len(data), "content": memoryview(data),
             "last_modified": dt.datetime(2026, 1, 1)},)


def test_each_fixture_through_the_panel():
    from utils.nb13 import panels as nb13

    panel = nb13.upload_panel()
    for name, info in FIX.items():
        panel.set(year=YEAR if info.get("year_less") else U.AUTO)
        panel.controls["upload"].value = _file(name)
        assert panel.controls["sample"].value == U.UPLOAD
        if info["kind"] == "refused":
            assert panel.message[1] == "error" and "What to export instead" in panel.message[0]
            continue
        assert panel.message is None, (name, panel.message)
        rows = dict(panel.rows)
        assert rows["File"].startswith(name) and rows["Platform"].startswith(info["platform"])
        expected = U.upload_rows(U.upload_view(**panel.values()))
        assert panel.rows == expected
        if info["kind"] == "daily":
            assert "not posts" in panel._ax.get_title()
        else:
            assert f"Rows used / rows read ({'campaigns' if info['kind'] == 'campaigns' else 'posts'})" in rows


def test_header_table_covers_the_languages_and_fields():
    rows = H.header_table()
    assert {r[1] for r in rows} <= set(H.FIELDS) | set(H.AUX_FIELDS)
    needed = ("posted_at", "impressions", "reach", "views", "likes", "comments", "shares", "clicks", "saves",
              "followers", "spend")
    for language in ("en", "fi", "no", "pl", "zh", "ru", "es", "de", "fr", "pt", "ja"):
        have = {field for _, field, lang, _, _ in rows if lang == language}
        assert set(needed) <= have, (language, sorted(set(needed) - have))
    with open(H.TABLE, encoding="utf-8", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert list(table[0]) == ["platform", "field", "language", "header", "notes"]
    assert all(row["notes"] for row in table)
    # the header strings of the fixtures are in the table, with their platform
    for name, column, field, platform in (
            ("x_account_analytics_content_ja.csv", "インプレッション数", "impressions", "X"),
            ("meta_business_suite_instagram_posts_es.csv", "Me gusta", "likes", "Instagram"),
            ("meta_business_suite_facebook_posts_es.csv", "Veces que se ha compartido", "shares", "*"),
            ("youtube_table_data_advanced.csv", "Comments added", "comments", "YouTube")):
        assert any(p == platform and f == field and h == column for p, f, _, h, _ in rows), name


def test_meta_exports_in_other_interface_languages():
    english_instagram = ("\ufeffPost ID,Account ID,Account username,Account name,Description,Duration (sec),Publish time,"
                         "Permalink,Post type,Data comment,Date,Views,Reach,Likes,Shares,Follows,Comments,Saves\n"
                         "1,2,acct,Acct,Hello,0,02/03/2026 10:15,https://www.instagram.com/p/AAA/,IG image,,Lifetime,"
                         "900,700,40,3,1,5,9\n"
                         "2,2,acct,Acct,Again,12,02/05/2026 18:00,https://www.instagram.com/reel/BBB/,IG reel,,Lifetime,"
                         "\"1,500\",1200,60,8,0,7,11\n")
    posts = U.read_export(english_instagram.encode("utf-8"), "export.csv")
    assert set(posts["platform"]) == {"Instagram"} and posts["reach"].tolist() == [700, 1200]
    assert posts["views"].tolist() == [900, 1500] and posts["saves"].tolist() == [9, 11]
    table = U.summarise(posts)
    assert table.loc["All", "base"] == "reach"
    assert table.loc["All", "engagement_rate"] == pytest.approx((40 + 3 + 5 + 60 + 8 + 7) / 1900)
    german = ("Beitrags-ID;Veröffentlichungszeitpunkt;Permalink;Reichweite;Reaktionen;Kommentare;Mal geteilt;"
              "Link-Klicks\n1;05.02.2026 09:00;https://www.facebook.com/1;1.200;30;4;2;15\n"
              "2;07.02.2026 12:30;https://www.facebook.com/2;800;12;1;0;6\n")
    posts = U.read_export(german.encode("cp1252"), "Beiträge.csv")
    assert set(posts["platform"]) == {"Facebook"} and posts["reach"].tolist() == [1200, 800]
    assert posts["posted_at"].dt.strftime("%Y-%m-%d %H:%M").tolist() == ["2026-02-05 09:00", "2026-02-07 12:30"]
    assert posts["likes"].tolist() == [30, 12] and posts["clicks"].tolist() == [15, 6]


@pytest.mark.parametrize("language", ["en", "fi", "no", "pl", "zh", "ru", "es", "de", "fr", "pt", "ja"])
def test_generic_headers_of_each_language_are_matched(language):
    first = {}
    for platform, field, lang, header, _ in H.header_table():
        if platform == "*" and lang == language and field in ("posted_at", "reach", "likes", "comments", "shares"):
            first.setdefault(field, header)
    assert len(first) == 5, first
    header = ",".join(f'"{first[f]}"' for f in ("posted_at", "reach", "likes", "comments", "shares"))
    text = header + "\n2026-01-05,1000,40,5,3\n2026-01-06,2000,60,7,1\n"
    posts = U.read_export(text.encode("utf-8"), "mine.csv", platform="Instagram")
    assert posts["reach"].tolist() == [1000, 2000] and posts["likes"].tolist() == [40, 60]
    assert posts["comments"].tolist() == [5, 7] and posts["shares"].tolist() == [3, 1]


@pytest.mark.parametrize("name", POSTS + DAILY)
def test_summary_frame_never_shows_nan(name):
    frame = U.summary_frame(U.summarise(_read(name)))
    text = frame.to_string()
    assert "nan" not in text.lower().split() and "NaN" not in text and "inf" not in text.split()
    if name in POSTS:
        assert frame.loc["All", "base"] == FIX[name]["base"]
