import datetime as dt

import pytest

from kg.lang import rules_for
from kg.parse.dates import find_dates, url_date
from kg.text import fold

EN, FR = rules_for("en"), rules_for("fr")
THURSDAY = dt.date(2018, 4, 26)


def iso(text, rules, anchor=None):
    return [d.value.iso() if d.value else None for d in find_dates(fold(text), rules, anchor)]


def test_absolute_dates_in_english_and_french():
    assert iso("On April 25, 2025, the minister", EN) == ["2025-04-25"]
    assert iso("on 13 September 2020 local time", EN) == ["2020-09-13"]
    assert iso("Le 25 avril 2025, heure locale", FR) == ["2025-04-25"]
    assert iso("HEFEI, 1er avril 2022", FR) == ["2022-04-01"]
    assert iso("Rabat, 02/12/2024 (MAP)", FR) == ["2024-12-02"]


def test_weekday_resolves_to_the_last_such_day_on_or_before_publication():
    assert iso("held talks on Wednesday", EN, THURSDAY) == ["2018-04-25"]
    assert iso("a rencontré jeudi", FR, THURSDAY) == ["2018-04-26"]


def test_relative_days_and_partial_dates_use_the_anchor():
    assert iso("spoke today with", EN, THURSDAY) == ["2018-04-26"]
    assert iso("BISHKEK, Nov. 19 (Xinhua)", EN, dt.date(2025, 11, 20)) == ["2025-11-19"]
    assert iso("la visite en février", FR, dt.date(2025, 4, 25)) == ["2025-02"]


def test_periods_give_year_or_month():
    assert iso("he last visited three years ago", EN, dt.date(2025, 11, 20)) == ["2022"]
    assert iso("Last week, the minister", EN, dt.date(2023, 2, 14)) == ["2023-02"]


def test_weekday_followed_by_its_date_counts_once():
    assert iso("est attendu lundi 24 juin en France", FR, dt.date(2019, 6, 20)) == ["2019-06-24"]


def test_without_anchor_a_partial_date_has_no_value():
    assert iso("on Sept. 25 Nurtleu met", EN) == [None]


@pytest.mark.parametrize(("url", "full", "month"), [
    ("https://astanatimes.com/2024/09/kazakh-fm-meets-counterparts", None, (2024, 9)),
    ("https://example.org/news/2021/3/7/leaders-talk.html", dt.date(2021, 3, 7), None),
    ("https://www.mfa.gov.cn/eng/wjdt/202409/t20240925_11498003.shtml",
     dt.date(2024, 9, 25), None),
    ("https://example.org/press/2019-11-30-readout", dt.date(2019, 11, 30), None),
    ("https://example.org/article/12345678", None, None),  # an id, not a date
    ("https://example.org/2024/13/x", None, None),  # no 13th month
    (None, None, None),
])
def test_url_date_reads_dates_that_urls_carry_and_not_article_ids(url, full, month):
    got_full, got_month = url_date(url)
    assert got_full == full
    if month is None:
        assert got_month is None
    else:
        assert (got_month.year, got_month.month) == month
