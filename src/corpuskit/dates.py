"""Publication dates with an explicit precision.

Sources rarely give a date to the same precision: a blog post has a minute, a
column only its month. corpuskit keeps what the source says and no more: a date
is parsed to the first instant of the period it names (``2021-09`` becomes
2021-09-01 00:00) together with its precision (``"month"``), and
:func:`period_end` gives the exclusive end of that period. Nothing is invented.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import numbers
import re
import unicodedata
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .errors import ArgumentError, CorpusError, DateError, MetadataError, MissingDateError, shown
from .yamlio import read_yaml

__all__ = ["PRECISIONS", "PeriodTable", "format_date", "parse_date", "period_end", "period_labels", "read_periods"]

#: Periods of years in any form that read_periods takes (a list of ``{first, last, label}``, a
#: DataFrame with those columns, a YAML file holding such a list, or a list of edge years).
PeriodTable = str | Path | pd.DataFrame | Sequence[Mapping[str, Any]] | Sequence[int]

#: Allowed precisions, coarsest first.
PRECISIONS: tuple[str, ...] = ("year", "month", "day", "minute", "second")

_DATE_RE = re.compile(
    r"""^\s*(?P<year>\d{4})
        (?:-(?P<month>\d{1,2})
          (?:-(?P<day>\d{1,2})
            (?:[T ](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?
          )?
        )?\s*$""",
    re.VERBOSE | re.ASCII,
)

#: Years a date may have: any four-digit year (dates are stored as microsecond timestamps, which reach
#: far beyond; the nanosecond timestamps of pandas 1 stopped at 1677 and 2262).
MIN_YEAR, MAX_YEAR = 1, 9999

EXPECTED = "YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DD HH:MM or YYYY-MM-DD HH:MM:SS"

# Forms seen in other people's metadata that parse_date refuses, each with what to do instead.
_ZONED = re.compile(
    r"^\s*\d{4}-\d{1,2}-\d{1,2}[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?P<zone>Z|[+-]\d{2}(?::?\d{2})?)\s*$", re.ASCII
)
_FRACTION = re.compile(r"^\s*\d{4}-\d{1,2}-\d{1,2}[T ]\d{1,2}:\d{2}:\d{2}\.\d+\s*$", re.ASCII)
#: day and month as numbers before the year, with an optional time: what date_format_hint reads
_NUMERIC_DMY = re.compile(
    r"^\s*(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})"
    r"(?:(?P<t>[ T])(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?(?:\s*(?P<ampm>[AaPp][Mm]))?)?\s*$",
    re.ASCII,
)
#: an e-mail date (RFC 2822), as Debian changelogs and mail archives write them: "Mon, 30 Nov 2026 15:26:42 +0000"
_EMAIL_DATE = re.compile(
    r"^\s*(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?"
    r"(?:\s*(?:[+-]\d{4}|[A-Z]{1,5}))?(?:\s*\([A-Za-z ]+\))?\s*$",
    re.ASCII,
)
_MONTH_NAME = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b\.?", re.IGNORECASE | re.ASCII
)


# forms of older sources: "c. 1611", "ca 1600", "circa 1600", "1600?", "[1611]"; "1598/9"; "MDCXI", "Anno MDCXI"
_APPROXIMATE = re.compile(
    r"\s*(?:(?:c|ca|circa|abt|about)\.?\s*\[?(?P<y>\d{4})\]?|\[(?P<y2>\d{4})\]|(?P<y3>\d{4})\s*\?)\s*$", re.I
)
_DUAL_YEAR = re.compile(r"\s*(?P<y>\d{4})\s*/\s*\d{1,4}\s*$")
_ROMAN_YEAR = re.compile(r"\s*(?:anno\s+(?:domini\s+)?)?(?P<r>[MDCLXVI]{3,})\.?\s*$", re.I)


def _roman(numeral: str) -> int:
    """The value of a Roman numeral (``MDCXI`` -> 1611; a smaller digit before a larger one subtracts)."""
    value = {"M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1}
    digits = [value[c] for c in numeral.upper()]
    return sum(-d if d < e else d for d, e in zip(digits, [*digits[1:], 0], strict=True))


def _hint(text: str) -> str:
    """What to write instead of a refused date, for the forms other corpora use (empty if none applies)."""
    if m := _ZONED.match(text):
        return (
            f"; it has a time zone ({m.group('zone')!r}) and corpuskit's dates carry none: write the time "
            "without it, as the local time of publication, or convert every date to one zone first"
        )
    if _FRACTION.match(text):
        return "; it has fractions of a second and corpuskit's dates stop at the second: write YYYY-MM-DD HH:MM:SS"
    if m := _NUMERIC_DMY.match(text):
        first, second, year = int(m["a"]), int(m["b"]), m["y"]
        day_first, month_first = _numeric_format(m, True), _numeric_format(m, False)
        iso = f"{year:0>4}" if len(year) == 4 else "YYYY"
        if first > 12 >= second >= 1:  # 30.11.2026: only day-month fits
            return f"; write it year first: {iso}-{second:02d}-{first:02d} (or pass date_format={day_first!r})"
        if second > 12 >= first >= 1:  # 11/30/2026: only month-day fits
            return f"; write it year first: {iso}-{first:02d}-{second:02d} (or pass date_format={month_first!r})"
        return (
            "; day and month are in an ambiguous order (12/11/2001 is 12 November or 11 December): write "
            f"YYYY-MM-DD, or pass date_format={day_first!r} or {month_first!r} as the source writes them"
        )
    if _EMAIL_DATE.match(text):
        return (
            "; it is an e-mail (RFC 2822) date: convert it, e.g. with email.utils.parsedate_to_datetime, and write "
            "YYYY-MM-DD HH:MM:SS (corpuskit's dates carry no time zone: the local time, or every date in one zone)"
        )
    if m := _APPROXIMATE.match(text):
        return (
            f"; an approximate date has no form here: write its year ({next(y for y in m.groups() if y)}) "
            "with date_precision 'year' and "
            "keep the approximation in a column of its own (e.g. 'circa: true')"
        )
    if m := _DUAL_YEAR.match(text):
        first = int(m.group("y"))
        return (
            f"; a year written across two calendar years (Old Style / New Style): write one of them, {first} or "
            f"{first + 1} (the New Style year is {first + 1} for a date from 1 January to 24 March), and keep the "
            "form of the source in a column of its own"
        )
    if m := _ROMAN_YEAR.match(text):
        return f"; a year in Roman numerals: write it in digits ({m.group('r').upper()} is {_roman(m.group('r'))})"
    if word := _month_word(text):
        return f"; {_ENGLISH_ONLY.format(word=word)}"
    if _MONTH_NAME.search(text) and re.search(r"\d{4}", text):
        fmt = _wordy_format([text])
        return "; write the month as a number (September 2001 is 2001-09), or pass date_format" + (
            f"={fmt!r}" if fmt else " (e.g. '%B %Y' for 'September 2001')"
        )
    return ""


#: English month names and their abbreviations: what ``%b`` and ``%B`` read (Python's ``strptime`` in the C locale).
_ENGLISH_MONTHS = frozenset(
    [m.lower() for m in calendar.month_name[1:]] + [m.lower() for m in calendar.month_abbr[1:]] + ["sept"]
)
#: A word of three letters or more (in any script).
_LETTERS = re.compile(r"[^\W\d_]{3,}")
#: What to do with dates whose month is named in another language than English.
_ENGLISH_ONLY = (
    "{word!r} is no English month name, and date_format's %b and %B read English month names only (Python's "
    "strptime in the C locale): write such dates as ISO ones first (YYYY-MM or YYYY-MM-DD: read the table with "
    "read_metadata, replace the month names by their numbers with pandas, and pass the DataFrame)"
)


def _month_word(text: str) -> str | None:
    """The first word of a date written with a year that is no English month name: the month of another
    language (``'март'`` in ``'март 2001'``, ``'März'`` in ``'12. März 2021'``), or a season; None if none."""
    if not re.search(r"\d{4}", text) or re.search(r"\d{4}-\d", text):  # no year, or an ISO date and a note
        return None
    return next((w for w in _LETTERS.findall(text) if w.lower().rstrip(".") not in _ENGLISH_MONTHS), None)


#: Formats tried on refused dates that name the month in words, to suggest one (:func:`date_format_hint`).
_WORDY_FORMATS = ("%b %Y", "%B %Y", "%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%b. %Y", "%b. %d, %Y")


def date_format_hint(values: Sequence[object], date_format: str | None = None) -> str | None:
    """The ``date_format=`` that would read the refused date ``values`` of one column, said as a hint.

    Day-first and month-first dates (``30/11/2026``, ``11/30/2026``) are told apart by a value
    whose first or second number is above 12; dates with the month in words are tried against a
    few common formats. None if no one format reads them all (or the order cannot be told). When
    most of them name the month in another language than English (``'март 2001'``), no format reads
    them, and the hint says what to do instead (also when a ``date_format`` was given).
    """
    texts = [str(v).strip() for v in values if isinstance(v, str) and v.strip()]
    if not texts:
        return None
    foreign = [(t, w) for t in texts if (w := _month_word(t)) and not _NUMERIC_DMY.match(t)]
    if len(foreign) > 1 and len(foreign) * 2 >= len(texts):  # (one such date's own message says it)
        return (
            f"{len(foreign)} of them name the month in words that are no English month names ({foreign[0][0]!r}), "
            "which no date_format reads (%b and %B read English names only): write them as ISO dates first"
        )
    if date_format is not None:
        return None
    numeric = [m for t in texts if (m := _NUMERIC_DMY.match(t))]
    if len(numeric) == len(texts):
        shapes = {(_numeric_format(m, True), _numeric_format(m, False)) for m in numeric}
        day_first = [m for m in numeric if int(m["a"]) > 12]
        month_first = [m for m in numeric if int(m["b"]) > 12]
        if len(shapes) != 1 or bool(day_first) == bool(month_first):
            return None  # several forms, or the order cannot be told (or contradicts itself)
        evidence = (day_first or month_first)[0].string.strip()
        fmt = shapes.pop()[0 if day_first else 1]
        if all(_reads(m.string.strip(), fmt) for m in numeric):
            return (
                f"the dates are written {'day' if day_first else 'month'} first ({evidence!r}): pass "
                f"date_format={fmt!r} (--date-format on the command line), or write them YYYY-MM-DD"
            )
        return None
    fmt = _wordy_format(texts)
    if fmt:
        return (
            f"the dates name the month in words ({texts[0]!r}): pass date_format={fmt!r} "
            "(--date-format on the command line)"
        )
    return None


def _numeric_format(m: re.Match, day_first: bool) -> str:
    """The strptime format of a date matched by :data:`_NUMERIC_DMY`, day or month first."""
    sep = m["sep"]
    order = f"%d{sep}%m" if day_first else f"%m{sep}%d"
    fmt = f"{order}{sep}{'%Y' if len(m['y']) == 4 else '%y'}"
    if m["h"] is not None:
        fmt += m["t"] + ("%I" if m["ampm"] else "%H") + ":%M" + (":%S" if m["s"] is not None else "")
        fmt += " %p" if m["ampm"] else ""
    return fmt


def _reads(text: str, fmt: str) -> bool:
    try:
        dt.datetime.strptime(text, fmt)
    except ValueError:
        return False
    return True


def _wordy_format(texts: Sequence[str]) -> str | None:
    """The first of :data:`_WORDY_FORMATS` that reads every one of ``texts`` (dates with the month in words)."""
    for fmt in _WORDY_FORMATS:
        if all(_reads(t, fmt) for t in texts):
            return fmt
    return None


MISSING_DATES = ("error", "keep")


def check_missing_dates(value: object) -> str:
    """The ``missing_dates=`` argument of the loaders: ``"error"`` or ``"keep"``."""
    if not isinstance(value, str) or value not in MISSING_DATES:
        from .errors import ArgumentError

        raise ArgumentError(f"missing_dates={value!r}: expected 'error' (a row without a date is an error) or 'keep'")
    return value


def date_hints(errors: Sequence[CorpusError], refused: Sequence[object], date_format: str | None) -> dict[type, str]:
    """The likely cause of each kind of date error among ``errors``, for the summary of a
    :class:`~corpuskit.errors.CorpusValidationError`: empty dates (:class:`~corpuskit.errors.MissingDateError`:
    ``missing_dates="keep"``) apart from the ``refused`` dates that cannot be read (:func:`date_format_hint`)."""
    hints: dict[type, str] = {}
    empty = sum(isinstance(e, MissingDateError) for e in errors)
    if empty > 1:
        hints[MissingDateError] = (
            f"{empty} rows have an empty date: missing_dates='keep' (--missing-dates keep) loads them undated, "
            "or write their dates"
        )
    if hint := date_format_hint([v for v in refused if not is_blank_date(v)], date_format):
        hints[DateError] = hint
    return hints


def is_blank_date(value: object) -> bool:
    """Whether a metadata cell holds no date at all (empty, whitespace, None, NaN or NaT)."""
    if isinstance(value, str):
        return value.strip() == ""
    return value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value)))


#: After the year, the rest of a date in the ISO form of each precision (strftime fields).
_ISO_TAIL = {"year": "", "month": "-%m", "day": "-%m-%d", "minute": "-%m-%d %H:%M", "second": "-%m-%d %H:%M:%S"}


@lru_cache(maxsize=64)
def _format_precision(date_format: str) -> str:
    """The precision a ``strptime`` format writes: its finest field (``%d/%m/%Y`` a day, ``%b %Y`` a month)."""
    fields = set(re.findall(r"%[-#]?([a-zA-Z])", date_format))
    if not fields & {"Y", "y", "G", "C", "c", "D", "x", "F"}:
        raise DateError(f"date_format={date_format!r} writes no year (expected strptime fields such as %d/%m/%Y)")
    # what corpuskit's dates cannot hold is refused, not dropped
    if fields & {"z", "Z"}:
        raise DateError(
            f"date_format={date_format!r} reads a time zone, which corpuskit's dates do not carry: convert the "
            "dates to one zone (or the local time of writing) first"
        )
    if "f" in fields:
        raise DateError(
            f"date_format={date_format!r} reads fractions of a second; corpuskit's dates stop at the second"
        )
    if fields & {"H", "I"} and not fields & {"M", "R", "T", "c", "X"}:
        raise DateError(
            f"date_format={date_format!r} reads an hour without minutes; a date's precision is a year, month, day, "
            "minute or second"
        )
    if "M" in fields and not fields & {"H", "I"}:  # %M is the minute: %m (the month) mistyped?
        raise DateError(f"date_format={date_format!r} reads minutes (%M) without an hour; the month is %m")
    if fields & {"V", "W", "U"}:  # a week of the year: a day only with the day of the week
        if not fields & {"u", "w", "a", "A"}:
            raise DateError(f"date_format={date_format!r} reads a week without its day; a week is no precision")
        return "second" if fields & {"S", "T"} else "minute" if fields & {"M", "R"} else "day"
    if fields & {"S", "T", "c", "X"}:
        return "second"
    if fields & {"M", "R"}:
        return "minute"
    if fields & {"d", "e", "j", "D", "x", "F"}:
        return "day"
    if fields & {"m", "b", "B", "h"}:
        return "month"
    return "year"


def check_date_format(date_format: object) -> str | None:
    """The ``date_format=`` argument of the loaders: None or a ``strptime`` format that writes a year."""
    if date_format is None:
        return None
    if not isinstance(date_format, str) or "%" not in date_format:
        from .errors import ArgumentError

        raise ArgumentError(f"date_format={date_format!r}: expected a strptime format such as '%d/%m/%Y', or None")
    _format_precision(date_format)
    return date_format


def parse_date(
    value: object, precision: str | None = None, *, where: str = "", date_format: str | None = None
) -> tuple[pd.Timestamp, str]:
    """Parse an ISO-like date of any precision.

    Parameters
    ----------
    value
        ``"2016"``, ``"2021-09"``, ``"2016-09-23"``, ``"2013-06-06 07:35"`` (a
        ``T`` may replace the space; the digits may be any script's, as
        Devanagari ``"२०२१-०९-१४"``), or a :class:`datetime.date` /
        :class:`datetime.datetime` (YAML parses bare dates into these).
    precision
        If given, one of :data:`PRECISIONS`; it must agree with the form of
        ``value`` (``"2021-09"`` has precision ``"month"``). If ``None`` the
        precision is the one the form implies.
    date_format
        A ``strptime`` format for dates written otherwise (``"%d/%m/%Y"`` for
        ``30/11/2026``, ``"%b %Y"`` for ``Nov 2019``): a text value must
        match it, unless it is already in one of the ISO forms above, and its
        finest field is the precision (``%d`` a day, ``%b`` or ``%m`` a month,
        ``%Y`` alone a year). Timestamps and bare years are read as without it.
    where
        Prefix for error messages, naming the file / row / column.

    Returns
    -------
    (timestamp, precision)
        The first instant of the named period, and its precision.

    Raises
    ------
    DateError
        If the value is not of an accepted form, names an impossible date
        (``2021-02-30``), or disagrees with ``precision``.

    Examples
    --------
    >>> ck.parse_date("2021-09")
    (Timestamp('2021-09-01 00:00:00'), 'month')
    >>> ck.parse_date("2016-09-23 07:35")
    (Timestamp('2016-09-23 07:35:00'), 'minute')
    >>> ck.parse_date("2021-02-30", where="metadata.csv: line 3: date")
    Traceback (most recent call last):
    corpuskit.errors.DateError: metadata.csv: line 3: date: '2021-02-30' is impossible: February 2021 has 28 days
    """
    prefix = f"{where}: " if where else ""
    if isinstance(value, dt.datetime):  # a timestamp at midnight names a day, not a second
        value = value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    elif isinstance(value, dt.date):
        value = value.isoformat()
    if value is None or (isinstance(value, float) and value != value) or str(value).strip() == "":
        raise MissingDateError(
            f"{prefix}the date is missing (expected {EXPECTED}; if some documents have no date, "
            "missing_dates='keep' loads them undated, --missing-dates keep on the command line)"
        )
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        value = str(int(value))  # a bare year read as a number
    if not isinstance(value, str):
        raise DateError(
            f"{prefix}{shown(value)} ({type(value).__name__}) is not a date (expected text of the form {EXPECTED})"
        )
    text = str(value)
    if not text.isascii():  # digits of any script (२०२१-०९-१४, ٢٠٢١) read as the ASCII ones, as in the texts
        text = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)
    if date_format is not None and not _DATE_RE.fullmatch(text.strip()):
        implied = _format_precision(date_format)  # refuses a format that reads what a date cannot hold
        try:
            got = dt.datetime.strptime(text.strip(), date_format)
        except ValueError as exc:
            english = (
                f"; {_ENGLISH_ONLY.format(word=word)}"
                if re.search(r"%[bBh]", date_format) and (word := _month_word(text))
                else ""
            )
            raise DateError(f"{prefix}{text!r} does not match date_format={date_format!r} ({exc}){english}") from None
        # the same date in the ISO form of its precision, checked below as any other
        text = f"{got.year:04d}" + got.strftime(_ISO_TAIL[implied])
    m = _DATE_RE.match(text)
    if not m:
        raise DateError(f"{prefix}{shown(text)} is not a date (expected {EXPECTED}){_hint(text[:200])}")
    parts = {k: (int(v) if v is not None else None) for k, v in m.groupdict().items()}
    if parts["second"] is not None:
        implied = "second"
    elif parts["minute"] is not None:
        implied = "minute"
    elif parts["day"] is not None:
        implied = "day"
    elif parts["month"] is not None:
        implied = "month"
    else:
        implied = "year"

    def value_or(key: str, default: int) -> int:
        return default if parts[key] is None else parts[key]

    year, month, day = parts["year"], value_or("month", 1), value_or("day", 1)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateError(
            f"{prefix}{text!r} is impossible or out of range: the year must be between {MIN_YEAR} and {MAX_YEAR}"
        )
    if not 1 <= month <= 12:
        raise DateError(f"{prefix}{text!r} is impossible: month {month} is not between 1 and 12")
    ndays = calendar.monthrange(year, month)[1]
    if not 1 <= day <= ndays:
        raise DateError(f"{prefix}{text!r} is impossible: {calendar.month_name[month]} {year} has {ndays} days")
    hour, minute, second = value_or("hour", 0), value_or("minute", 0), value_or("second", 0)
    if hour > 23 or minute > 59 or second > 59:
        raise DateError(f"{prefix}{text!r} is impossible: time {hour:02d}:{minute:02d}:{second:02d}")
    if precision is not None and not (isinstance(precision, float) and precision != precision):
        precision = str(precision).strip().lower()
        if precision not in PRECISIONS:
            raise DateError(f"{prefix}precision {precision!r} is not one of {', '.join(PRECISIONS)}")
        if precision != implied:
            raise DateError(
                f"{prefix}{text!r} has precision {implied!r} but the precision column says "
                f"{precision!r}; write the date to exactly that precision"
            )
    return pd.Timestamp(year, month, day, hour, minute, second), implied


def period_end(start: pd.Timestamp, precision: str) -> pd.Timestamp:
    """Exclusive end of the period that starts at ``start`` with ``precision``.

    >>> ck.period_end(pd.Timestamp("2021-09-01"), "month")
    Timestamp('2021-10-01 00:00:00')
    """
    offsets = {
        "year": pd.DateOffset(years=1),
        "month": pd.DateOffset(months=1),
        "day": pd.DateOffset(days=1),
        "minute": pd.Timedelta(minutes=1),
        "second": pd.Timedelta(seconds=1),
    }
    if precision not in offsets:
        raise DateError(f"precision {precision!r} is not one of {', '.join(PRECISIONS)}")
    if not isinstance(start, pd.Timestamp | dt.datetime):
        raise DateError(f"start={start!r}: expected a pandas Timestamp, got {type(start).__name__}")
    return start + offsets[precision]


_FORMATS = {
    "year": "%Y",
    "month": "%Y-%m",
    "day": "%Y-%m-%d",
    "minute": "%Y-%m-%d %H:%M",
    "second": "%Y-%m-%d %H:%M:%S",
}


def format_date(start: pd.Timestamp, precision: str) -> str:
    """Write a date to exactly its precision: ``format_date(Timestamp("2021-09-01"), "month") == "2021-09"``.

    Examples
    --------
    >>> ck.format_date(pd.Timestamp("2021-09-01"), "month")
    '2021-09'
    >>> ck.format_date(pd.Timestamp("2021-09-01"), "year")
    '2021'
    """
    if precision not in _FORMATS:
        raise DateError(f"precision {precision!r} is not one of {', '.join(PRECISIONS)}")
    if not isinstance(start, pd.Timestamp | dt.datetime | dt.date):
        raise DateError(f"start={start!r}: expected a pandas Timestamp, got {type(start).__name__}")
    return pd.Timestamp(start).strftime(_FORMATS[precision])


def read_periods(periods: PeriodTable) -> pd.DataFrame:
    """A table of periods of years, checked: one row per period with ``first``, ``last``, ``label``.

    ``periods`` is

    * a list of mappings ``{first: 2010, last: 2019, label: "2010s"}`` (years inclusive; the
      label defaults to ``"first–last"``), or a DataFrame with those columns;
    * a path to a YAML file holding such a list (like the book's ``book/data/periods.yml``);
    * a list of edges, ascending years ``[1790, 1861, 1945, 2027]``: each edge starts a period
      that ends the year before the next edge (``1790–1860``, ``1861–1944``, ``1945–2026``).

    Periods keep the order given. Raises :class:`~corpuskit.errors.ArgumentError` (or
    ``MetadataError`` for a file) naming the period if a year is not an integer, a period ends
    before it starts, two periods overlap, or two share a label.

    Examples
    --------
    >>> print(ck.read_periods([1990, 2000, 2010]).to_string(index=False))
     first  last     label
      1990  1999 1990–1999
      2000  2009 2000–2009
    >>> print(ck.read_periods([{"first": 2010, "last": 2019, "label": "2010s"}]).to_string(index=False))
     first  last label
      2010  2019 2010s
    """
    where = "periods"
    if isinstance(periods, str | Path):
        where = str(periods)
        periods = read_yaml(periods, error=MetadataError, what="periods file")
    if isinstance(periods, pd.DataFrame):
        records = periods.to_dict("records")
    elif isinstance(periods, Sequence) and not isinstance(periods, str) and periods:
        records = list(periods)
    else:
        raise ArgumentError(f"{where}: expected a non-empty list of {{first, last, label}}, or of edge years")
    if all(isinstance(e, numbers.Integral) and not isinstance(e, bool) for e in records):
        edges = [int(e) for e in records]
        if len(edges) < 2 or any(b <= a for a, b in itertools.pairwise(edges)):
            raise ArgumentError(f"{where}: edges must be at least two years in ascending order, got {edges}")
        records = [{"first": a, "last": b - 1} for a, b in itertools.pairwise(edges)]
    rows = []
    for i, rec in enumerate(records):
        if not isinstance(rec, Mapping) or not {"first", "last"} <= set(rec):
            raise ArgumentError(f"{where}[{i}]: expected a mapping with first and last (years), got {rec!r}")
        first, last = rec["first"], rec["last"]
        for key, year in (("first", first), ("last", last)):
            if isinstance(year, bool) or not isinstance(year, numbers.Integral):
                raise ArgumentError(f"{where}[{i}].{key}: expected a year (an integer), got {year!r}")
        if last < first:
            raise ArgumentError(f"{where}[{i}]: last ({last}) is before first ({first})")
        label = rec.get("label")
        label = f"{first}\u2013{last}" if label is None or (isinstance(label, float) and label != label) else str(label)
        rows.append({"first": int(first), "last": int(last), "label": label})
    table = pd.DataFrame(rows, columns=["first", "last", "label"])
    if table["label"].duplicated().any():
        raise ArgumentError(f"{where}: labels {sorted(set(table.loc[table['label'].duplicated(), 'label']))} repeat")
    ordered = table.sort_values("first", kind="mergesort")
    overlap = ordered["first"].to_numpy()[1:] <= ordered["last"].to_numpy()[:-1]
    if overlap.any():
        k = int(np.flatnonzero(overlap)[0])
        a, b = ordered.iloc[k], ordered.iloc[k + 1]
        raise ArgumentError(f"{where}: periods {a['label']!r} and {b['label']!r} overlap")
    return table


def period_labels(years: pd.Series | Sequence[int], periods: PeriodTable) -> pd.Series:
    """The label of the period (see :func:`read_periods`) that holds each year; missing outside every period.

    Examples
    --------
    >>> ck.period_labels([1995, 2004, 2012], [1990, 2000, 2010]).tolist()
    ['1990–1999', '2000–2009', None]
    """
    table = (
        periods if isinstance(periods, pd.DataFrame) and list(periods.columns) == ["first", "last", "label"] else None
    )
    table = read_periods(periods) if table is None else table
    ordered = table.sort_values("first", kind="mergesort")
    years = pd.Series(years)
    values = years.to_numpy(dtype=float)
    firsts, lasts = ordered["first"].to_numpy(), ordered["last"].to_numpy()
    k = np.searchsorted(firsts, values, side="right") - 1
    inside = (k >= 0) & (values <= lasts[np.clip(k, 0, None)]) & ~np.isnan(values)
    labels = np.where(inside, ordered["label"].to_numpy()[np.clip(k, 0, None)], None)
    return pd.Series(labels, index=years.index, dtype="object")
