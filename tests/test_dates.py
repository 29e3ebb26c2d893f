import datetime as dt

import pandas as pd
import pytest
from conftest import write_corpus
from pandas.testing import assert_frame_equal

import corpuskit as ck
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


@pytest.mark.parametrize(
    ("bad", "hint"),
    [
        ("2013-06-06T07:35:00Z", "time zone ('Z')"),
        ("2013-06-06 07:35+02:00", "time zone ('+02:00')"),
        ("2013-06-06T07:35:00.250-0500", "time zone ('-0500')"),
        ("2013-06-06T07:35:00.250", "fractions of a second"),
        ("12/11/2001", "ambiguous order"),
        ("12.11.01", "ambiguous order"),
        ("Sept 2021", "month as a number"),
        ("11 September 2001", "month as a number"),
        ("30.11.2026", "write it year first: 2026-11-30"),  # only day-month fits
        ("11/30/2026", "write it year first: 2026-11-30"),  # only month-day fits
        ("Mon, 30 Nov 2026 15:26:42 +0000", "e-mail (RFC 2822) date"),  # a Debian changelog's trailer
        ("30 Nov 2026 15:26 -0500", "parsedate_to_datetime"),
    ],
)
def test_other_corpora_date_forms_get_a_hint(bad, hint):
    """Forms other people's metadata use are refused (nothing is guessed) with what to write instead."""
    with pytest.raises(DateError, match="expected YYYY, YYYY-MM") as err:
        parse_date(bad)
    assert hint in str(err.value)


@pytest.mark.parametrize("bad", ["nope", "2001-11-12x", "21-09", "May", "2013-06-06T07:35Zulu"])
def test_no_hint_where_none_applies(bad):
    with pytest.raises(DateError) as err:
        parse_date(bad)
    assert str(err.value).endswith(")")


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


def test_a_corpus_of_older_texts_loads_and_is_measured_by_year_and_decade(tmp_path):
    # Shakespeare's years: before 1678, where pandas 1's nanosecond timestamps stopped
    texts = {
        "a": ("1599", "It was a good year. We were glad."),
        "b": ("1605-11", "A bad plot was foiled. All rejoiced."),
    }
    for doc, (_, text) in texts.items():
        (tmp_path / f"{doc}.txt").write_text(text, encoding="utf-8")
    rows = "".join(f"{doc},{doc}.txt,{date}\n" for doc, (date, _) in texts.items())
    (tmp_path / "metadata.csv").write_text("id,file,date\n" + rows, encoding="utf-8")
    corpus = ck.load_corpus(tmp_path, "metadata.csv").clean()
    assert [str(d) for d in corpus.documents["date"]] == ["1599-01-01 00:00:00", "1605-11-01 00:00:00"]
    scored = ck.sentence_sentiment(corpus, vader=False)
    by_decade = ck.sentiment_by_period(scored, freq="decade")
    assert by_decade["period"].tolist() == ["1590s", "1600s"] and by_decade["n"].tolist() == [2, 2]
    by_month = ck.sentiment_by_period(scored, freq="month")
    assert by_month["period"].tolist() == ["1605-11", "(date too coarse)"]  # 1599 names no month
    streamed = ck.open_corpus(tmp_path, "metadata.csv").sentence_sentiment(vader=False)
    pd.testing.assert_frame_equal(
        streamed, ck.sentence_sentiment(ck.load_corpus(tmp_path, "metadata.csv"), vader=False)
    )


@pytest.mark.parametrize(
    "value, fmt, expected",
    [
        ("30/11/2026", "%d/%m/%Y", ("2026-11-30", "day")),
        ("Nov 2019", "%b %Y", ("2019-11-01", "month")),
        ("3.4.1850 07:35", "%d.%m.%Y %H:%M", ("1850-04-03 07:35", "minute")),
        ("1599", "%Y", ("1599-01-01", "year")),
        ("2019-11-03", "%d/%m/%Y", ("2019-11-03", "day")),  # already ISO: read as ISO
    ],
)
def test_date_format_reads_dates_not_written_year_first(value, fmt, expected):
    date, precision = ck.parse_date(value, date_format=fmt)
    assert (date, precision) == (pd.Timestamp(expected[0]), expected[1])


def test_date_format_errors_and_the_hint_for_a_whole_column(tmp_path):
    with pytest.raises(ck.DateError, match=r"'31/02/2020' does not match date_format='%d/%m/%Y' \(day is out of range"):
        ck.parse_date("31/02/2020", date_format="%d/%m/%Y")
    with pytest.raises(ck.ArgumentError, match=r"date_format='dd/mm/yyyy': expected a strptime format"):
        ck.corpus_from_frame(
            pd.DataFrame({"doc_id": ["a"], "date": ["1/2/2020"], "text": ["Hi."]}), date_format="dd/mm/yyyy"
        )
    with pytest.raises(ck.DateError, match=r"date_format='%d/%m' writes no year"):
        ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "date": ["1/2"], "text": ["Hi."]}), date_format="%d/%m")
    # a column of day-first dates: the refusal names the format that reads them all
    files = {f"{k}.txt": f"Text {k}." for k in "abc"}
    folder = write_corpus(tmp_path / "c", files, "id,date\na,30/11/2026\nb,03/01/2020\nc,01/02/2021\n")
    with pytest.raises(
        ck.CorpusValidationError,
        match=r"likely cause: the dates are written day first \('30/11/2026'\): "
        r"pass date_format='%d/%m/%Y'",
    ):
        ck.load_corpus(folder)
    corpus = ck.load_corpus(folder, date_format="%d/%m/%Y")
    assert corpus.documents["date"].dt.strftime("%Y-%m-%d").tolist() == ["2026-11-30", "2020-01-03", "2021-02-01"]
    stream = ck.open_corpus(folder, date_format="%d/%m/%Y", batch_mb=1e-6)
    assert_frame_equal(stream.term_frequency(), ck.term_frequency(corpus))
    # month names: the hint tries the common forms
    folder2 = write_corpus(tmp_path / "d", {"a.txt": "Hi.", "b.txt": "Bye."}, "id,date\na,Nov 2019\nb,Dec 2020\n")
    with pytest.raises(
        ck.CorpusValidationError, match=r"likely cause: the dates name the month in words .* date_format='%b %Y'"
    ):
        ck.load_corpus(folder2)
    assert ck.load_corpus(folder2, date_format="%b %Y").documents["date_precision"].tolist() == ["month", "month"]


def test_date_format_refuses_a_minute_without_an_hour_and_reads_iso_weeks():
    with pytest.raises(ck.DateError, match=r"reads minutes \(%M\) without an hour; the month is %m"):
        ck.parse_date("30/11/2026", date_format="%d/%M/%Y")  # %M typed for %m: 00:11 of 30 January
    with pytest.raises(ck.DateError, match="reads a week without its day"):
        ck.parse_date("2026 48", date_format="%Y %W")
    assert ck.parse_date("2026-W48-1", date_format="%G-W%V-%u") == (pd.Timestamp("2026-11-23"), "day")
    assert ck.parse_date("2026-332", date_format="%Y-%j") == (pd.Timestamp("2026-11-28"), "day")


def test_dates_in_the_digits_of_other_scripts():
    # Devanagari and Arabic-Indic digits, as the texts' years are read (time_references)
    assert ck.parse_date("२०२१-०९-१४") == (pd.Timestamp("2021-09-14"), "day")
    assert ck.parse_date("\u0662\u0660\u0662\u0661") == (pd.Timestamp("2021-01-01"), "year")
    with pytest.raises(ck.DateError, match="2021-02-30"):  # checked like any other
        ck.parse_date("२०२१-०२-३०")


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("c. 1611", "write its year (1611) with date_precision 'year'"),
        ("circa 1600", "write its year (1600)"),
        ("[1611]", "write its year (1611)"),
        ("1600?", "write its year (1600)"),
        ("1598/9", "write one of them, 1598 or 1599"),
        ("MDCXI", "write it in digits (MDCXI is 1611)"),
        ("Anno Domini MDCCXII", "(MDCCXII is 1712)"),
    ],
)
def test_dates_of_older_sources_are_refused_with_what_to_write(text, hint):
    with pytest.raises(ck.DateError) as caught:
        parse_date(text)
    assert hint in str(caught.value)


def test_a_huge_refused_date_is_quoted_cut_in_its_message():
    """A 10 MB cell is not repeated whole in the error (it made a 10 MB message)."""
    with pytest.raises(ck.DateError) as caught:
        parse_date("9" * 10_000_000)
    message = str(caught.value)
    assert len(message) < 400 and "(10,000,000 characters)" in message
