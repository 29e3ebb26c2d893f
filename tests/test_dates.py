import datetime as dt

import pandas as pd
import pytest

from corpuskit import DateError, parse_date, period_end


@pytest.mark.parametrize(
    ("value", "stamp", "precision"),
    [
        ("2016", "2016-01-01", "year"),
        ("2021-09", "2021-09-01", "month"),
        ("2016-09-23", "2016-09-23", "day"),
        ("2013-06-06 07:35", "2013-06-06 07:35", "minute"),
        ("2013-06-06T07:35:09", "2013-06-06 07:35:09", "second"),
        (dt.date(2001, 11, 12), "2001-11-12", "day"),
    ],
)
def test_parse_date_keeps_the_precision_of_the_source(value, stamp, precision):
    assert parse_date(value) == (pd.Timestamp(stamp), precision)


def test_leap_day_is_possible_only_in_leap_years():
    assert parse_date("2004-02-29")[0] == pd.Timestamp("2004-02-29")
    with pytest.raises(DateError, match="February 2003 has 28 days"):
        parse_date("2003-02-29")


@pytest.mark.parametrize("bad", ["2021-02-30", "2021-13", "2021-00-10", "2013-06-06 24:00"])
def test_impossible_dates_are_rejected(bad):
    with pytest.raises(DateError, match="impossible"):
        parse_date(bad)


@pytest.mark.parametrize("bad", ["Sept 2021", "12/11/2001", "2001-11-12x", "21-09"])
def test_unparseable_dates_name_the_expected_forms(bad):
    with pytest.raises(DateError, match="expected YYYY, YYYY-MM"):
        parse_date(bad, where="meta.csv: line 3, field 'date'")


def test_error_message_starts_with_where():
    with pytest.raises(DateError) as err:
        parse_date("nope", where="meta.csv: line 3 (id 'x'), field 'date'")
    assert str(err.value).startswith("meta.csv: line 3 (id 'x'), field 'date': 'nope' is not a date")


def test_precision_column_must_agree_with_the_date():
    assert parse_date("2021-09", "month")[1] == "month"
    with pytest.raises(DateError, match="has precision 'month' but the precision column says 'day'"):
        parse_date("2021-09", "day")
    with pytest.raises(DateError, match="not one of"):
        parse_date("2021-09", "week")


def test_missing_date_is_an_error():
    for value in (None, "", "  ", float("nan")):
        with pytest.raises(DateError, match="missing"):
            parse_date(value)


def test_period_end_is_exclusive_end_of_the_period():
    assert period_end(pd.Timestamp("2021-09-01"), "month") == pd.Timestamp("2021-10-01")
    assert period_end(pd.Timestamp("2020-12-31"), "day") == pd.Timestamp("2021-01-01")
    assert period_end(pd.Timestamp("2016-01-01"), "year") == pd.Timestamp("2017-01-01")
    assert period_end(pd.Timestamp("2013-06-06 07:35"), "minute") == pd.Timestamp("2013-06-06 07:36")
