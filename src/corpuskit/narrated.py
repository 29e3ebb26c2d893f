"""Stage 4e of the pipeline: narrated time -- which years a sentence talks about.

A text published in 1865 may be about 1776. :func:`time_references` resolves the
time expressions of each sentence to calendar periods -- a year, a decade or a
century (column ``precision``; ``year`` is the first year, ``year_end`` the
last) -- with rules that need no model and that say how each was found (column
``how``):

explicit
    a four-digit year between ``min_year`` and ``max_year`` (default
    1600-2099), not part of a longer number or word ("in 2003", "the 2008 war",
    "June 1944", "the treaty of 1783", "2021年", "2021년"; not "60,000", "1,776 ships", "$1800",
    "S-300", "j1939", "rebane2001", "1920x1080");
    a decade written with digits ("the 1960s", "the 1960's", "the late 1990s",
    "the mid-1780s": precision ``decade``); "the 1800s" (a century: a year
    ending in 00, before 2000, with "s"); a named century ("the nineteenth
    century", "the 18th century", "21st-century jobs": precision ``century``,
    the 19th century being 1800-1899, as it is commonly used, not 1801-1900).
event
    the caller's named dates (``named_dates=``; none by default): phrases that
    stand for a year, such as ``{"name": "9/11", "year": 2001, "phrases":
    ["9/11", "post-9/11", "Sept. 11", "September 11"]}`` for texts written
    after 2001, or ``{"Pearl Harbor": 1941}``. Which phrases name an event,
    and which event, depends on the corpus: in an address of 1850 "September
    11" is a day of that year, so the package names none of its own.
relative (to the document's publication date)
    "N years ago", "a decade ago" (pub - N); "last year" (pub - 1); "the past
    year" (the twelve months before publication: pub - 1 and pub); "this year",
    "next year"; a month and day with no year ("October 15", "the 14th of
    December", "the 25th day of April": the latest such date up to
    publication); "last <Month>" (the latest such month
    before the publication month); a month name after "in", "since", "by",
    "during", "early", "late" or "mid-" with no day or year ("in June", "In
    June": the latest such month up to the publication month; the month needs
    its capital letter, the words before it do not); "the tenth anniversary of
    ..." (an anniversary being marked: the publication year; "the fiftieth
    anniversary summit" is not resolved); "today", "these days", "this
    week", "in recent days", "last Saturday" and the like (the publication year);
    "the sixties", "the '60s" (the latest such decade up to publication); "this
    century" (the century of publication).
    Month-relative expressions need a date known at least to the month, and
    they look back: a sentence about the months ahead ("In June, we mark 75
    years since ..." in a speech of February) gets the year before -- the
    false positives of the State of the Union sample are all of this kind.

Which numbers are years is a trade-off between finding old years and taking
counts for years. Below 1600, four-digit numbers in English prose are mostly
counts ("1000 American vessels", "1500 miles" in the State of the Union
addresses), so the default range starts there; pass ``min_year=1000`` for a
medieval text, and ``max_year`` to drop future years. Inside the range a
number is not a year after "section", "No.", "page", "art." and the like
("section 1753") or before a counted noun or unit ("1800 men", "1500 miles",
"1600 more"); a year used as an adjective before another plural noun stays a
year ("the 1912 estimates", "1980 levels"), so "1600 public works projects" is
still taken for a year. Measured on a hand-checked sample of State of the Union
addresses (``book/data/validation/sotu_time_gold.jsonl``, methods appendix).

Not resolved: anaphora ("later that fall", "that year", "then", "the preceding
year"), fiscal years ("the last fiscal year"), "June next" and "November
last", "this decade", "tonight", deictic "now"
(in a narrative it is often story time), named events the caller does not
list ("Pearl Harbor", "the Armistice"), vague spans ("in recent years", "over the
last two years"), and paraphrases a spinning program made of these forms.
Sentences without a reference are kept and counted, not dropped.

Corrections of the source ("landed on the moon in July 1996", meaning 1969)
are data, not rules: pass ``overrides`` (doc_id, expr, year, note) and the
resolved year is replaced, with the note in ``how``.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from .corpus import Corpus, check_corpus
from .errors import ArgumentError, CorpusError, UndatedWarning, YearRangeWarning, caller_level, check_frame
from .segment import sentences, warn_if_not_english
from .validation import Validation, read_jsonl, score_spans
from .yamlio import read_yaml

#: Default range of written years (and decades) that :func:`time_references` accepts: see the module docstring.
MIN_YEAR, MAX_YEAR = 1600, 2099

__all__ = ["MAX_YEAR", "MIN_YEAR", "narrated_years", "read_time_gold", "time_reference_scores", "time_references"]

_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH_RE = "|".join(m.capitalize() for m in _MONTHS)
_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
# a number of years or decades: digits, "twenty-five" / "twenty five", "three hundred", "a hundred", a word
_NUM = rf"\d{{1,3}}|(?:{_TENS})[-\s](?:{_UNITS})\b|(?:a|an|one|{_UNITS.replace('one|', '')}|\d)\s+hundred|" + "|".join(
    sorted(_NUMBERS, key=len, reverse=True)
)
# ... and not the end of a longer number the rule does not read ("four score and seven", "1,200")
_NUMBER_BEFORE = re.compile(
    rf"(?:[-\u2013,.]|\b(?:(?:score|hundred|thousand)(?:\s+and)?|{_TENS}|{_UNITS}|\d+)\s+)\Z", re.IGNORECASE
)
_ORDINALS = [
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
    "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
    "twentieth", "twenty-first", "twenty-second",
]  # fmt: skip
_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)|" + "|".join(sorted(_ORDINALS, key=len, reverse=True))
_DECADES = ["twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"]
_DECADE_RE = "|".join(_DECADES)
# A four-digit number after these is a number, not a year ("section 1753", "No. 1800", "page 1776");
# "$1800", "£1800", "§ 1800" are caught by the character look-behind.
_NOT_YEAR_BEFORE = re.compile(
    r"(?:[\u4e07\u5104\u5146\u4ebf\u842c]\s*\Z|\b(?:[Pp]ay|[Pp]ays|[Pp]aid|[Cc]ost|[Cc]osts|[Oo]we|[Oo]wed|[Ll]ent|"
    r"[Ss]ection|[Ss]ec\.|[Nn]o\.|[Nn]os\.|[Nn]umber|[Pp]age|[Pp]p?\.|[Cc]hapter|[Aa]rticle|[Aa]rt\.|[Rr]ule|[Vv]ol\.|[Pp]aragraph|[Ff]orm|[Rr]oom|[Rr]oute|[Hh]ighway)\s+\Z)"
)
# A year, decade or century before Christ is not read: the calendar here has no years before 1 ("1184 B.C.",
# "586 BCE", "the fifth century BC"; Chinese 公元前1046年, Japanese 紀元前, Korean 기원전).
_BC_AFTER = re.compile(r"\s?(?:B\.\s?C\.(?:\s?E\.)?|BCE?\b|v\.\s?Chr\.|av\.\s?J\.-C\.)")
_BC_BEFORE = re.compile(r"(?:公元前|西元前|紀元前|纪元前|기원전\s?)\Z")


def _before_christ(text: str, a: int, b: int) -> bool:
    """Whether the year, decade or century written at ``text[a:b]`` is marked as before Christ."""
    return _BC_AFTER.match(text, b) is not None or _BC_BEFORE.search(text, max(0, a - 4), a) is not None


# A year of another calendar is not a year of this one: the Islamic (Hijri) year "1445 هـ", "1445 AH",
# "١٤٤٥ ه.ق", the Persian solar year "1402 ش", "۱۴۰۲ خورشیدی" / "شمسی", the Urdu "ھ" / "ہجری", and the
# Arabic "ق.م" (before Christ). (The Arabic م after a year, for ميلادي, marks the Common Era: it is read.)
_OTHER_ERA_AFTER = re.compile(
    r"\s?(?:\u0647\u0640?(?:\s?\.\s?[\u0642\u0634])?(?![^\W\d_])|\u0647\u0640?\.|\u06be(?![^\W\d_])|"
    r"\u0642\s?\.\s?\u0645|A\.\s?H\.|AH\b|SH\b|\u0634(?:\s?\.)?(?![^\W\d_])|"
    r"(?:\u0647\u062c\u0631\u064a|\u0647\u062c\u0631\u064a\u0629|\u06c1\u062c\u0631\u06cc|\u0642\u0645\u0631\u06cc|"
    r"\u0634\u0645\u0633\u06cc|\u062e\u0648\u0631\u0634\u06cc\u062f\u06cc))"
)


def _other_calendar(text: str, b: int) -> bool:
    """Whether the year written just before ``b`` is marked as a year of another calendar (Hijri, Persian)."""
    return _OTHER_ERA_AFTER.match(text, b) is not None


# ... and before these it counts things ("1800 men", "1500 miles"); an attributive year is followed by
# a noun too ("the 1912 estimates"), so only counted nouns and units are listed.
_COUNT_NOUNS = (
    "men|women|children|persons|people|soldiers|troops|sailors|seamen|officers|prisoners|Indians|"
    "ships|vessels|guns|cannon|horses|cattle|head|miles|acres|tons|pounds|bushels|barrels|feet|yards|"
    "dollars|cents|hours|days|killed|wounded|more|additional|other|"
    # sums of money, older and foreign currencies included ("2000 crowns", "3000 ducats")
    "shillings|pence|crowns|ducats|guineas|francs|florins|livres|talents|sterling|rubles|roubles|"
    "yen|euros|pesos|rupees"
)

# ... nor before a unit of measure or a CJK counter or magnitude, as in text split into words ("1660 m",
# "2000 万", "1500 円"; "2021 年" is a year)
_UNIT_AFTER = (
    r"\s*(?:%|\u2030|\u00b0|(?:km|cm|mm|kg|mg|m|ha|MW|GW|GB|MB)\b|"
    r"[\u4e07\u5104\u5146\u4ebf\u842c\u5343\u767e\u5186\u5143\u4eba\u540d\u4ef6\u500b\u53f0\u679a\u5339\u982d\u518a\u500d])"
)

#: What may stand before a written year or decade: not a letter, digit, ".", "$" or "/" (a word, a number,
#: an amount, a date), nor a hyphen after a digit ("555-1999"), unless the digits are a year of their own
#: ("1908-1910": both years, as with an en dash); a hyphen after a letter is a prefix: "mid-1999",
#: "pre-1945", "post-2001", Hebrew "ב-1999". After the year, an Arabic م (for ميلادي, AD) may follow it
#: ("2001م"), no other letter (not the hijri هـ).
_YEAR_BEFORE = r"(?:(?<![\w.$/-])|(?<=[^\W\d_]-)|(?<=(?<![\w.$/-])\d{4}-))"

# (kind, how, pattern); patterns are tried in order and a span is used once.
_RULES: list[tuple[str, str, re.Pattern]] = [
    ("relative", "N years ago", re.compile(rf"\b(?P<n>{_NUM})\s+years?\s+ago\b", re.I)),
    ("relative", "N decades ago", re.compile(rf"\b(?P<n>{_NUM})\s+decades?\s+ago\b", re.I)),
    ("explicit", "century", re.compile(rf"\b(?:the\s+)?(?P<c>{_ORDINAL})[-\s]century\b", re.I)),
    ("relative", "this century", re.compile(r"\bthis\s+century\b", re.I)),
    (
        "explicit",
        "decade",
        # "the 1990s"; also the Russian plural ordinal of a decade, "1990-е", "1990-х", "1990-ми" (the 1990s),
        # which the rule for a year would read as the year 1990 (its singular, "2001-м году", is a year)
        re.compile(
            rf"{_YEAR_BEFORE}(?<!\d,)(?:(?:early|mid|late)[-\s]+)?(?P<y>\d{{3}}0)"
            r"(?:['\u2019]?s\b|-(?:е|х|ми|ые|ых|ым|ыми)(?![^\W\d_]))",
            re.I,
        ),
    ),
    (
        "relative",
        "decade",
        re.compile(r"(?<![\w.$/-])(?:(?:early|mid|late)[-\s]+)?['\u2019](?P<yy>\d0)['\u2019]?s\b", re.I),
    ),
    ("relative", "decade", re.compile(rf"\bthe\s+(?:(?:early|mid|late)[-\s]+)?(?P<w>{_DECADE_RE})\b", re.I)),
    # a year written across two calendar years, as Old Style / New Style dates write it ("30 January 1648/9")
    # and fiscal or school years ("1999/2000"): both years; a second number that is not the next year is no such
    # year ("2001/09", "1990/2005"), and the rule below does not read it either
    (
        "explicit",
        "dual year",
        re.compile(rf"{_YEAR_BEFORE}(?<![\u00a3\u00a7:])(?<!\d,)(?P<y>\d{{4}})/(?P<y2>\d{{1,4}})(?!\d)"),
    ),
    (
        "explicit",
        "explicit year",
        re.compile(
            # not after a colon either: "grep.c:1645", "kwset.c:1774" are line numbers
            rf"{_YEAR_BEFORE}(?<![\u00a3\u00a7:])(?<!\d,)(?P<y>\d{{4}})(?!\d|,\d|s\b|/\d|[^\W\d\u0645])"
            rf"(?!\s+(?:{_COUNT_NOUNS})\b)(?!{_UNIT_AFTER})"
        ),
    ),
    # a year written before the Chinese/Japanese 年 or the Korean 년 ("2021年", "于2021年", "2021년"): the
    # rule above wants no letter next to the digits, and in these scripts a letter is always next to them
    ("explicit", "explicit year", re.compile(r"(?<![\dA-Za-z.$/\u00a3\u00a7-])(?P<y>\d{4})(?=[\u5e74\ub144])")),
    # named dates (the caller's, see _named_rules) are tried here: after the written years, before
    # the month-relative rules (so that "September 11" is the caller's event, not a date of the month)
    ("relative", "the past year", re.compile(r"\bthe\s+(?:past|last)\s+year\b", re.I)),
    ("relative", "last year", re.compile(r"\b(?:last|the\s+previous)\s+year\b", re.I)),
    ("relative", "this year", re.compile(r"\bthis\s+year\b", re.I)),
    ("relative", "next year", re.compile(r"\bnext\s+year\b", re.I)),
    # the month's capital letter is required (not "may", "march"); the words before it may open a sentence
    ("relative", "last <month>", re.compile(rf"\b(?i:last)\s+(?P<m>{_MONTH_RE})\b")),
    (
        "relative",
        "<month> <day> without year",
        re.compile(rf"\b(?P<m>{_MONTH_RE})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s+\d{{4}}|\d)"),
    ),
    (
        "relative",
        "<day> of <month> without year",
        re.compile(
            rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)\s+(?:day\s+)?of\s+(?P<m>{_MONTH_RE})\b"
            r"(?!,?\s+(?:\d{4}|\d{1,2}\b)|\s+(?i:last|next)\b)"
        ),
    ),
    (
        "relative",
        "<month> without year",
        re.compile(
            rf"\b(?i:in|since|until|by|during|early|late|mid-?)\s+(?:(?i:early|late)\s+|(?i:mid)-)?(?P<m>{_MONTH_RE})\b"
            r"(?!\s+\d{1,2}\b|,?\s+\d{4})"
        ),
    ),
    (
        "relative",
        "anniversary",
        re.compile(
            r"\b(?:\d+(?:st|nd|rd|th)|first|fifth|tenth|fifteenth|twentieth|twenty-fifth|thirtieth|fiftieth)"
            r"\s+anniversary(?=\s+of\b)",
            re.I,
        ),
    ),
    (
        "relative",
        "present",
        re.compile(
            # a season, not the verb or the noun of another sense: "if this fall into thy hand", "this spring
            # of love", "this winter of our discontent"
            r"\b(?:today|these\s+days|this\s+(?:week|month|autumn|summer|winter)(?!\s+of\b)|"
            r"this\s+fall(?!\s+(?:into|upon|on|to|down|off|out|away|from|short|apart|behind|back|of)\b)|"
            r"this\s+spring(?!\s+(?:of|from|up|forth|to|into)\b)|"
            r"in\s+recent\s+(?:days|weeks|months)|in\s+the\s+last\s+few\s+weeks|"
            r"last\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b",
            re.I,
        ),
    ),
]


# A text each rule needs to match anything (same flags as the rule, so the same characters count):
# time_references runs a rule only on the sentences where this is found, which one fast scan of the
# whole corpus tells. Most sentences name no time at all; the rules' own scans of every sentence were
# most of the cost. Each gate is a necessary condition of its rule (tests/test_narrated.py compares
# the gated result with every rule run on every sentence).
_GATES: dict[str, list[re.Pattern]] = {
    "N years ago": [re.compile("ago", re.I)],
    "N decades ago": [re.compile("ago", re.I)],
    "century": [re.compile("century", re.I)],
    "this century": [re.compile("century", re.I)],
    "decade": [re.compile(r"\d{3}0"), re.compile("['\u2019]\\d0"), re.compile("ties", re.I)],
    "explicit year": [re.compile(r"\d{4}")],
    "dual year": [re.compile(r"\d{4}/\d")],
    "the past year": [re.compile("year", re.I)],
    "last year": [re.compile("year", re.I)],
    "this year": [re.compile("year", re.I)],
    "next year": [re.compile("year", re.I)],
    "last <month>": [re.compile("last", re.I)],
    "<month> <day> without year": [re.compile(_MONTH_RE)],
    "<day> of <month> without year": [re.compile(_MONTH_RE)],
    "<month> without year": [re.compile(_MONTH_RE)],
    "anniversary": [re.compile("anniversary", re.I)],
    # today, these days, this week ... winter, in recent days/weeks/months, the last few weeks, last Monday ... Sunday
    "present": [re.compile(w, re.I) for w in ("day", "week", "month", "fall", "autumn", "spring", "summer", "winter")],
}
_SEPARATOR = "\x00"  # between sentences in the gate scan: no gate matches it
#: The characters on which re.IGNORECASE and str.lower() disagree about the ASCII letters: re.I takes
#: "İ" and "ı" for "i" and "ſ" for "s", lower() does not (and makes "İ" two characters). With these
#: replaced by the letter and the text lower-cased (:func:`_folded`), a case-insensitive word of
#: lower-case ASCII letters matches where the word matches the folded text, case-sensitively, at the
#: same offsets (tests/test_narrated.py checks this on every character).
_FOLD_TRAPS = {"\u0130": "i", "\u0131": "i", "\u017f": "s"}


def _folded(text: str) -> str | None:
    """``text`` with the :data:`_FOLD_TRAPS` replaced, lower-cased; None if that changed its length."""
    for trap, letter in _FOLD_TRAPS.items():
        if trap in text:
            text = text.replace(trap, letter)
    folded = text.lower()
    return folded if len(folded) == len(text) else None  # pragma: no cover - only "İ" lengthens


def _case_free_literal(gate: re.Pattern) -> re.Pattern | None:
    """For a case-insensitive gate that is a word of lower-case ASCII letters, that word matched case-sensitively."""
    word = gate.pattern
    if gate.flags & re.IGNORECASE and word.isascii() and word.isalpha() and word.islower():
        return re.compile(word)
    return None


_LOWER_GATES = {g: _case_free_literal(g) for gates in _GATES.values() for g in gates}
#: gate -> a gate that finds something in every text the first finds something in: the first is only
#: searched in the texts the second found (four digits ending in 0 are four digits).
_GATE_WITHIN = {_GATES["decade"][0]: _GATES["explicit year"][0]}


#: the ``how`` of a rule made from a caller's named date (its name and year are in ``_RuleSet.named``)
_NAMED = "named date"
#: where the caller's named dates are tried among ``_RULES``: right after the written years
_NAMED_AT = max(i for i, (_, how, _) in enumerate(_RULES) if how == "explicit year") + 1


@dataclass(frozen=True)
class _RuleSet:
    """The rules of one call: ``_RULES`` with the caller's named dates; the gates of each; name and year
    of each named-date rule, by its index."""

    rules: tuple[tuple[str, str, re.Pattern], ...]
    gates: tuple[tuple[re.Pattern, ...], ...]
    named: Mapping[int, tuple[str, int]]


NamedDates = tuple[tuple[str, int, tuple[str, ...]], ...]


def _named_dates(value: str | Path | Mapping | list | None) -> NamedDates:
    """A caller's named dates as ``((name, year, phrases), ...)``; :class:`CorpusError` for a bad file,
    :class:`ArgumentError` for a bad argument.

    Accepted: ``None``; a mapping from phrase to year (``{"Pearl Harbor": 1941}``: each phrase is its own
    name); a list of records ``{name, year, phrases}`` (``phrases`` optional: the name alone); or a YAML
    file holding either (at the top, or under a key ``named_dates``).
    """
    if value is None:
        return ()
    where = "named_dates"
    error: type[CorpusError] = ArgumentError
    if isinstance(value, (str, Path)):
        where, error = str(value), CorpusError
        value = read_yaml(value, error=CorpusError, what="named dates file", expect=(dict, list))
        if isinstance(value, Mapping) and set(value) == {"named_dates"}:
            value = value["named_dates"]
    if isinstance(value, Mapping):
        if {"name", "year", "phrases"} & set(value):
            raise error(
                f"{where}: a mapping is read as phrase -> year, but this one has the key(s) "
                f"{sorted({'name', 'year', 'phrases'} & set(value))}: write a record as a list item "
                f"(- name: ..., year: ..., phrases: [...])"
            )
        value = [{"name": phrase, "year": year} for phrase, year in value.items()]
    if not isinstance(value, list):
        raise ArgumentError(
            f"named_dates: expected a mapping from phrase to year, a list of records (name, year, phrases) "
            f"or a YAML file, got {type(value).__name__}"
        )
    out = []
    for k, rec in enumerate(value):
        at = f"{where}[{k}]"
        if not isinstance(rec, Mapping):
            raise error(f"{at}: expected a record with name, year and phrases, got {type(rec).__name__}")
        unknown = set(rec) - {"name", "year", "phrases"}
        if unknown:
            raise error(f"{at}: unknown key(s) {sorted(map(str, unknown))}; expected name, year, phrases")
        name, year = rec.get("name"), rec.get("year")
        if not isinstance(name, str) or not name.strip():
            raise error(f"{at}: 'name' must be a non-empty string, got {name!r}")
        if isinstance(year, bool) or not isinstance(year, (int, np.integer)) or not 1 <= year <= 9999:
            raise error(f"{at} ({name!r}): 'year' must be a whole year between 1 and 9999, got {year!r}")
        phrases = rec.get("phrases", [name])
        if isinstance(phrases, str):
            phrases = [phrases]
        if not isinstance(phrases, list) or not phrases or not all(isinstance(x, str) and x.strip() for x in phrases):
            raise error(f"{at} ({name!r}): 'phrases' must be a list of non-empty strings, got {phrases!r}")
        out.append((name.strip(), int(year), tuple(x.strip() for x in phrases)))
    seen: dict[str, tuple[str, int]] = {}
    for name, year, phrases in out:  # one phrase, two years: which one a text means cannot be told
        for phrase in phrases:
            if phrase in seen and seen[phrase][1] != year:
                raise error(
                    f"{where}: the phrase {phrase!r} is given {seen[phrase][1]} ({seen[phrase][0]!r}) and {year} "
                    f"({name!r}); a phrase may stand for one year only"
                )
            seen[phrase] = (name, year)
    return tuple(out)


def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern:
    """The phrases as written (case-sensitive, any run of whitespace between words), longest first, not
    inside a longer word or number, and not followed by a year ("September 11, 1990" is a date)."""
    parts = []
    for phrase in sorted(set(phrases), key=lambda x: (-len(x), x)):
        body = r"\s+".join(re.escape(w) for w in phrase.split())
        left = r"(?<![\w/])" if re.match(r"\w", phrase) else ""
        right = r"(?!\w)" if re.search(r"\w$", phrase) else ""
        parts.append(left + body + right)
    return re.compile(rf"(?:{'|'.join(parts)})(?!,?\s+\d{{4}})")


@lru_cache(maxsize=16)
def _rule_set(named: NamedDates) -> _RuleSet:
    """``_RULES`` with a rule per named date at ``_NAMED_AT`` (a named date's gate is its own pattern)."""
    extra = [("event", _NAMED, _phrase_pattern(phrases)) for _, _, phrases in named]
    rules = (*_RULES[:_NAMED_AT], *extra, *_RULES[_NAMED_AT:])
    gates = tuple(tuple(_GATES[how]) if how != _NAMED else (rx,) for _, how, rx in rules)
    named_at = {_NAMED_AT + k: (name, year) for k, (name, year, _) in enumerate(named)}
    return _RuleSet(rules, gates, named_at)


def _candidate_rules(texts: list[str], rules: _RuleSet) -> list[list[int]] | None:
    """For each text, the indices (into ``rules.rules``) of the rules whose gate it passes, in rule order.

    ``None`` if a text holds the separator (then every rule is run on every text).
    """
    if any(_SEPARATOR in t for t in texts):
        return None
    joined = _SEPARATOR.join(texts)
    starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]])
    # A case-insensitive word is searched for, case-sensitively, in the folded text: the same
    # positions (see _FOLD_TRAPS), found many times faster than by a case-insensitive scan
    lower = _folded(joined)
    hits: dict[re.Pattern, np.ndarray] = {}

    def scan(gate: re.Pattern) -> np.ndarray:
        if gate in _GATE_WITHIN:
            inside = hits[_GATE_WITHIN[gate]] if _GATE_WITHIN[gate] in hits else scan(_GATE_WITHIN[gate])
            return np.array([k for k in inside.tolist() if gate.search(texts[k])], dtype=np.int64)
        literal = _LOWER_GATES.get(gate)
        found = literal.finditer(lower) if literal is not None and lower is not None else gate.finditer(joined)
        at = np.fromiter((m.start() for m in found), dtype=np.int64)
        return np.unique(np.searchsorted(starts, at, side="right") - 1)

    for gates in rules.gates:
        for gate in gates:
            if gate not in hits:
                hits[gate] = scan(gate)
    out: list[list[int]] = [[] for _ in texts]
    for i, gates in enumerate(rules.gates):
        found = np.unique(np.concatenate([hits[g] for g in gates]))
        for k in found.tolist():
            out[k].append(i)
    for found_rules in out:
        found_rules.sort()
    return out


def _number(word: str) -> int:
    """The value of a number of :data:`_NUM`: ``"25"``, ``"twenty-five"``, ``"three hundred"``, ``"a"``."""
    if word.isdigit():
        return int(word)
    parts = re.split(r"[-\s]+", word.casefold())
    if parts[-1] == "hundred":
        return _number(parts[0]) * 100
    return sum(_NUMBERS[p] for p in parts)


def resolve_text(
    text: str,
    published: pd.Timestamp,
    precision: str,
    *,
    min_year: int = MIN_YEAR,
    max_year: int = MAX_YEAR,
    named_dates: str | Path | Mapping | list | None = None,
) -> list[dict]:
    """Time references in one text, as dicts with ``start``, ``end``, ``expr``, ``year``, ``kind``, ``how``,
    ``precision`` and ``year_end``.

    ``published`` is the document's date, ``precision`` its precision; see the
    module docstring for the rules. Overlapping matches: the first rule wins.
    Written years, decades and "NN00s" are kept only between ``min_year`` and
    ``max_year`` (inclusive), and named centuries only if they overlap that range.

    Examples
    --------
    >>> refs = ck.narrated.resolve_text("Two years ago, in the 1990s.", pd.Timestamp("2020-06-01"), "day")
    >>> [(r["expr"], r["year"], r["precision"]) for r in refs]
    [('Two years ago', 2018, 'year'), ('1990s', 1990, 'decade')]
    """
    ruleset = _rule_set(_named_dates(named_dates))
    return _resolve(text, published, precision, min_year, max_year, range(len(ruleset.rules)), ruleset)


def _resolve(
    text: str,
    published: pd.Timestamp,
    precision: str,
    min_year: int,
    max_year: int,
    rules: Iterable[int],
    ruleset: _RuleSet,
) -> list[dict]:
    """:func:`resolve_text` with only the rules ``rules`` (indices into ``ruleset.rules``, ascending) tried."""
    taken = np.zeros(len(text) + 1, dtype=bool)
    month_known = precision not in ("year",)
    out = []
    pub = published.year
    for rule in rules:
        kind, how, rx = ruleset.rules[rule]
        for m in rx.finditer(text):
            a, b = m.span()
            if taken[a:b].any():
                continue
            span = "year"
            if how in ("N years ago", "N decades ago") and _NUMBER_BEFORE.search(text, max(0, a - 12), a):
                continue  # "four score and seven years ago": not "seven years ago"
            if how == "N years ago":
                n = _number(m.group("n"))
                years, detail = [pub - n], f"{n} year{'s' * (n != 1)} before {pub}"
            elif how == "N decades ago":
                n = _number(m.group("n"))
                years, detail = [pub - 10 * n], f"{n} decade{'s' * (n != 1)} before {pub}"
            elif how == "explicit year":
                year = int(m.group("y"))
                if not min_year <= year <= max_year or _NOT_YEAR_BEFORE.search(text, max(0, a - 12), a):
                    continue
                if _before_christ(text, a, b) or _other_calendar(text, b):
                    continue
                years, detail = [year], how
            elif how == "dual year":
                year, tail = int(m.group("y")), m.group("y2")
                second = int(m.group("y")[: 4 - len(tail)] + tail)
                if (
                    second != year + 1
                    or not min_year <= year < max_year
                    or _NOT_YEAR_BEFORE.search(text, max(0, a - 12), a)
                ):
                    continue
                years, detail = [year, second], f"{year} or {second}: a year written across two calendar years"
            elif how == "century":
                c = m.group("c").casefold()
                n = int(c[:-2]) if c[0].isdigit() else _ORDINALS.index(c) + 1
                if not min_year - 99 <= (n - 1) * 100 <= max_year or _before_christ(text, a, b):
                    continue  # "our third century as a nation"; "the fifth century BC"
                years, detail, span = [(n - 1) * 100], f"{c} century", "century"
            elif how == "this century":
                years, detail, span = [pub // 100 * 100], f"century of publication ({pub})", "century"
            elif how == "decade":
                g = m.groupdict()
                if g.get("y"):
                    year = int(g["y"])
                    if not min_year <= year <= max_year or _before_christ(text, a, b):
                        continue
                    span = "century" if year % 100 == 0 and year < 2000 else "decade"  # "the 1800s"
                    detail = f"the {year}s: a century" if span == "century" else "decade"
                else:  # '60s, the sixties: the latest such decade up to publication
                    n = int(g["yy"]) if g.get("yy") else 10 * (_DECADES.index(g["w"].casefold()) + 2)
                    year = pub // 100 * 100 + n
                    year -= 100 if year > pub else 0
                    span, detail = "decade", f"latest such decade up to {pub}"
                years = [year]
            elif how == _NAMED:
                name, year = ruleset.named[rule]
                years, detail = [year], f"{name} ({year})"
            elif how == "the past year":  # the twelve months before publication: two calendar years
                years, detail = [pub - 1, pub], f"twelve months before {published:%Y-%m}"
            elif how == "last year":
                years, detail = [pub - 1], f"year before {pub}"
            elif how in ("this year", "anniversary", "present"):
                years, detail = [pub], f"{how}: publication year {pub}"
            elif how == "next year":
                years, detail = [pub + 1], f"year after {pub}"
            else:  # month-relative
                if not month_known:
                    continue
                month = _MONTHS.index(m.group("m").lower()) + 1
                if how == "last <month>":
                    before = month < published.month
                elif how in ("<month> <day> without year", "<day> of <month> without year") and precision != "month":
                    before = (month, int(m.group("d"))) <= (published.month, published.day)
                else:
                    before = month <= published.month
                years, detail = [pub if before else pub - 1], f"{how}, published {published:%Y-%m}"
            if not all(1 <= y <= 9999 for y in years):
                continue  # "15 years ago" in a text dated 0001, "next year" in 9999: no year of this calendar
            taken[a:b] = True
            width = {"year": 0, "decade": 9, "century": 99}[span]
            for year in years:
                out.append(
                    {
                        "start": a,
                        "end": b,
                        "expr": m.group(),
                        "year": year,
                        "kind": kind,
                        "how": detail,
                        "precision": span,
                        "year_end": year + width,
                    }
                )
    return sorted(out, key=lambda r: r["start"])


def _load_overrides(overrides: str | Path | pd.DataFrame | Mapping | list | None) -> pd.DataFrame:
    if overrides is None:
        return pd.DataFrame(columns=["doc_id", "expr", "year", "note"])
    if isinstance(overrides, list):
        overrides = pd.DataFrame(overrides)
    elif isinstance(overrides, (str, Path)):
        data = read_yaml(overrides, error=CorpusError, what="overrides file", expect=(dict, list))
        if isinstance(data, Mapping):
            data = data.get("overrides", [])
        if not isinstance(data, list) or not all(isinstance(r, Mapping) for r in data):
            raise CorpusError(f"{overrides}: expected a list of overrides (doc_id, expr, year, note)")
        overrides = pd.DataFrame(data)
    elif isinstance(overrides, Mapping):
        overrides = pd.DataFrame(overrides)
    elif not isinstance(overrides, pd.DataFrame):
        raise ArgumentError(
            f"overrides: expected a path, a DataFrame, a mapping or a list, got {type(overrides).__name__}"
        )
    missing = {"doc_id", "expr", "year"} - set(overrides.columns)
    if missing:
        raise CorpusError(f"overrides lack column(s) {sorted(missing)}; expected doc_id, expr, year, note")
    if "note" not in overrides:
        overrides = overrides.assign(note="corrected by hand")
    return overrides


def check_year_range(min_year: int, max_year: int) -> None:
    """Raise :class:`~corpuskit.errors.ArgumentError` unless ``min_year`` <= ``max_year`` are whole years in 0-9999."""
    for name, value in (("min_year", min_year), ("max_year", max_year)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not 0 <= value <= 9999:
            raise ArgumentError(f"{name}={value!r}: expected a whole year between 0 and 9999")
    if min_year > max_year:
        raise ArgumentError(f"min_year={min_year} is after max_year={max_year}")


#: A corpus with documents written less than this many years after ``min_year`` may name years before it.
EARLY_MARGIN = 100
#: the rule that reads a written year (the first "explicit year" rule: digits standing alone)
_WRITTEN_YEAR = next(rx for _, how, rx in _RULES if how == "explicit year")


def _warn_if_years_below_range(documents: pd.DataFrame, texts: list[str], min_year: int) -> None:
    """Warn when documents written within :data:`EARLY_MARGIN` years of ``min_year`` hold four-digit numbers
    from 1000 up to ``min_year`` that the rules would read as years but ``min_year`` leaves out (an Elizabethan
    text's "In 1588 the Armada came", with the default 1600)."""
    if min_year <= 1000 or "date" not in documents:
        return
    years = pd.to_datetime(documents["date"], errors="coerce").dt.year
    early = int((years < min_year + EARLY_MARGIN).sum())
    if not early:
        return
    below = [y for t in texts for m in _WRITTEN_YEAR.finditer(t) if 1000 <= (y := int(m.group("y"))) < min_year]
    if below:
        warnings.warn(
            f"time_references: {early} document(s) were written before {min_year + EARLY_MARGIN}, and the texts hold "
            f"{len(below)} four-digit number(s) from 1000 to {min_year - 1} (e.g. {below[0]}) that min_year={min_year} "
            "leaves out: pass a lower min_year (min_year=1000) to read them as years",
            YearRangeWarning,
            stacklevel=caller_level(),
        )


def time_references(
    corpus: Corpus,
    *,
    overrides: str | Path | pd.DataFrame | Mapping | None = None,
    named_dates: str | Path | Mapping | list | None = None,
    min_year: int = MIN_YEAR,
    max_year: int = MAX_YEAR,
) -> pd.DataFrame:
    """Every resolved time reference of every sentence: one row per reference.

    Columns: ``doc_id``, ``sentence_id``, ``start``, ``end`` (offsets in the
    document text), ``expr`` (as written), ``year`` (the first year of the
    period referred to), ``kind`` (explicit, event, relative), ``how`` (the
    rule and the date it used), ``precision`` (``year``, ``decade`` or
    ``century``) and ``year_end`` (its last year: ``year`` for a year,
    ``year + 9`` for a decade, ``year + 99`` for a century).

    ``min_year`` and ``max_year`` bound the written years and decades that are
    taken as references (default 1600-2099; see the module docstring for the
    trade-off): a text about the Middle Ages needs ``min_year=1000``.

    ``overrides`` (a YAML file, DataFrame or list of records with ``doc_id``,
    ``expr``, ``year``, ``note`` and optionally ``in_sentence``, text that the
    sentence must contain) replaces the year of matching references. An
    override that matches nothing is an error, so a stale correction cannot
    pass unnoticed.

    ``named_dates`` are phrases that stand for a year (kind ``event``, ``how``
    "<name> (<year>)"): a mapping from phrase to year (``{"Pearl Harbor":
    1941}``), a list of records ``name``, ``year`` and optionally ``phrases``
    (several ways of writing it; default the name), or a YAML file holding
    either (at the top or under ``named_dates:``). A phrase matches as written
    (case-sensitive; any whitespace between its words), not inside a longer
    word or number, and not when a year follows it ("September 11, 1990" is a
    date); where phrases overlap the longest wins. They are tried after the
    written years and before the month-relative rules, so "September 11" is the
    event, not the latest September 11 before publication. None by default:
    which phrases name which event depends on the corpus.

    Examples
    --------
    >>> corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "date": ["2020"],
    ...     "text": ["They met in 1999. In the 1980s nobody did. Three years ago it ended."]}))
    >>> refs = ck.time_references(corpus)
    >>> refs[["sentence_id", "expr", "year", "precision"]].to_dict("records")
    [{'sentence_id': 1, 'expr': '1999', 'year': 1999, 'precision': 'year'}, {'sentence_id': 2, 'expr': '1980s',
     'year': 1980, 'precision': 'decade'}, {'sentence_id': 3, 'expr': 'Three years ago', 'year': 2017, 'precision':
     'year'}]
    >>> nine_eleven = [{"name": "9/11", "year": 2001, "phrases": ["9/11", "post-9/11", "September 11"]}]
    >>> corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["b"], "date": ["2011-10-01"],
    ...     "text": ["The post-9/11 partnership faded. September 11 changed it. On September 11, 1990, he spoke."]}))
    >>> ck.time_references(corpus, named_dates=nine_eleven)[["expr", "year", "kind", "how"]].to_dict("records")
    [{'expr': 'post-9/11', 'year': 2001, 'kind': 'event', 'how': '9/11 (2001)'}, {'expr': 'September 11', 'year':
     2001, 'kind': 'event', 'how': '9/11 (2001)'}, {'expr': '1990', 'year': 1990, 'kind': 'explicit', 'how':
     'explicit year'}]
    """
    check_corpus(corpus)
    named = _named_dates(named_dates)
    check_year_range(min_year, max_year)
    need = {"date", "date_precision"} - set(corpus.documents.columns)
    if need:
        raise CorpusError(f"time_references needs document dates; missing column(s) {sorted(need)}")
    docs = corpus.documents
    # years and dates in digits are read in any language; "last year", "the nineties", month names are English
    warn_if_not_english(
        docs["text"],
        "the time expressions in words (last year, the nineties, month names, centuries such as 'the 19th "
        "century' but not Roman 'XIX') and the words that make a number a count ('2000 troops', not "
        "'2000 компьютеров', which is read as the year 2000)",
    )
    dates = dict(zip(docs["doc_id"], docs["date"], strict=True))
    precisions = dict(zip(docs["doc_id"], docs["date_precision"], strict=True))
    table = sentences(corpus)
    undated = [d for d in table["doc_id"].unique() if pd.isna(dates[d])]
    undated_set = set(undated)
    unresolved: set[tuple[int, int, int]] = set()  # (sentence row, start, end) of relative expressions left
    texts = table["text"].tolist()
    ruleset = _rule_set(named)
    candidates = _candidate_rules(texts, ruleset)
    everything = range(len(ruleset.rules))
    dateless = [i for i, (kind, _, _) in enumerate(ruleset.rules) if kind != "relative"]  # no date of writing needed
    rows = []
    for k, rec in enumerate(table.itertuples(index=False)):
        rules = everything if candidates is None else candidates[k]
        if rec.doc_id in undated_set:
            # a relative expression needs the date of writing: counted, to say how many were left
            for i in rules:
                if i not in dateless:
                    unresolved.update((k, *m.span()) for m in ruleset.rules[i][2].finditer(rec.text))
            rules = [i for i in rules if i in dateless]
        if not rules:
            continue
        date, precision = dates[rec.doc_id], precisions[rec.doc_id]
        for ref in _resolve(rec.text, date, precision, min_year, max_year, rules, ruleset):
            rows.append(
                {
                    "doc_id": rec.doc_id,
                    "sentence_id": rec.sentence_id,
                    "start": rec.start + ref["start"],
                    "end": rec.start + ref["end"],
                    **{k: ref[k] for k in ("expr", "year", "kind", "how", "precision", "year_end")},
                }
            )
    if undated:
        warnings.warn(
            UndatedWarning(
                f"{len(undated)} document(s) have no date: in them only written years, decades and centuries and "
                "the named dates are resolved; the relative expressions ('last year', 'in June', 'ten years ago') "
                f"need the date of writing, and {len(unresolved)} such match(es) of the rules were left unresolved"
            ),
            stacklevel=caller_level(),
        )
    _warn_if_years_below_range(docs, texts, min_year)
    columns = ["doc_id", "sentence_id", "start", "end", "expr", "year", "kind", "how", "precision", "year_end"]
    out = pd.DataFrame(rows, columns=columns)
    out = out.astype({"year": "int64", "year_end": "int64"})
    texts = None  # sentence texts, looked up only if an override needs its context
    for o in _load_overrides(overrides).to_dict("records"):
        hit = (out["doc_id"] == o["doc_id"]) & (out["expr"] == str(o["expr"]))
        context = o.get("in_sentence")
        if isinstance(context, str) and context:
            if texts is None:
                key = pd.MultiIndex.from_frame(out[["doc_id", "sentence_id"]])
                texts = sentences(corpus).set_index(["doc_id", "sentence_id"])["text"].reindex(key)
                texts.index = out.index
            hit &= texts.str.contains(context, regex=False)
        if not hit.any():
            raise CorpusError(f"override for {o['doc_id']!r} {o['expr']!r} matches no time reference")
        out.loc[hit, "year_end"] += int(o["year"]) - out.loc[hit, "year"]
        out.loc[hit, "year"] = int(o["year"])
        out.loc[hit, "how"] = f"override: {o['note']}"
    return out


def narrated_years(scored: pd.DataFrame, references: pd.DataFrame) -> pd.DataFrame:
    """Sentences joined to the years they talk about: one row per (sentence, distinct year).

    A sentence that mentions 1914 and 1918 appears once under each; a sentence
    with no reference appears once with ``year`` missing (<NA>), so it is counted
    rather than dropped. ``n_years`` gives how many distinct years the sentence names.
    A decade or a century is not a year: references whose ``precision`` is not
    ``year`` are left out (a sentence that names only "the 1960s" counts as
    naming no year). A ``scored`` table that already has a column ``year`` (a
    metadata column: the year of the document) is refused with a hint to rename it.

    Examples
    --------
    >>> corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a", "b"], "date": ["2020", "2021"],
    ...     "text": ["Ann met Bob in Paris in 1999. Bob left in a bad mood.", "Ann wrote a happy letter."]}))
    >>> years = ck.narrated_years(ck.sentence_sentiment(corpus), ck.time_references(corpus))
    >>> years[["doc_id", "sentence_id", "year", "n_years"]]
      doc_id  sentence_id  year  n_years
    0      a            1  1999        1
    1      a            2  <NA>        0
    2      b            1  <NA>        0
    """
    check_frame(scored, "scored", ["doc_id", "sentence_id"], what="a sentences table")
    check_frame(references, "references", ["doc_id", "sentence_id", "year"], what="the table of time_references")
    clash = [c for c in ("year", "n_years", "years") if c in scored.columns]
    if clash:  # a metadata column "year" (the year of the document) would sit beside the narrated year
        raise ArgumentError(
            f"scored already has a column {clash[0]!r} (from the documents' metadata?); narrated_years adds the "
            f"narrated 'year' and 'n_years': rename it first, e.g. scored.rename(columns={{{clash[0]!r}: "
            f"'doc_{clash[0]}'}})"
        )
    if "precision" in references.columns:
        references = references[references["precision"] == "year"]
    years = references.groupby(["doc_id", "sentence_id"])["year"].unique().rename("years").reset_index()
    out = scored.merge(years, on=["doc_id", "sentence_id"], how="left")
    out["n_years"] = out["years"].map(lambda ys: len(ys) if isinstance(ys, np.ndarray) else 0)
    out = out.explode("years").rename(columns={"years": "year"})
    out["year"] = out["year"].astype("Int64")
    return out.reset_index(drop=True)


def read_time_gold(path: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A hand-checked time-reference sample (JSONL) as ``(gold, regions)`` for :func:`time_reference_scores`.

    Each line is a checked passage: ``file``, ``start``, ``end`` (its offsets
    in the raw source), ``text`` (``raw[start:end]``) and ``refs``, the
    references a reader found in it, each with ``expr``, ``year``, ``kind``
    and optionally ``precision`` (default ``year``) and ``start``/``end`` (raw
    offsets of the expression; without them ``expr`` must occur exactly once in
    the passage and is located there). ``gold`` has one row per reference
    (``file``, ``start``, ``end``, ``expr``, ``year``, ``kind``,
    ``precision``); ``regions`` one row per passage (``file``, ``start``,
    ``end``), references or not.

    Examples
    --------
    >>> import json
    >>> line = {"file": "a.txt", "start": 0, "end": 18, "text": "They met in 1999.",
    ...         "refs": [{"expr": "1999", "year": 1999, "kind": "explicit"}]}
    >>> _ = open("gold.jsonl", "w").write(json.dumps(line))
    >>> gold, regions = ck.read_time_gold("gold.jsonl")
    >>> gold[["file", "start", "end", "expr", "year"]].to_dict("records"), len(regions)
    ([{'file': 'a.txt', 'start': 12, 'end': 16, 'expr': '1999', 'year': 1999}], 1)
    """
    records = read_jsonl(path)
    gold, regions = [], []
    for n, rec in enumerate(records, 1):
        where = f"{path}: line {n}"
        missing = {"file", "start", "end", "text", "refs"} - set(rec)
        if missing:
            raise CorpusError(f"{where}: missing field(s) {sorted(missing)}")
        regions.append({"file": rec["file"], "start": rec["start"], "end": rec["end"]})
        for ref in rec["refs"]:
            if "start" in ref:
                a, b = ref["start"], ref["end"]
            else:
                if rec["text"].count(ref["expr"]) != 1:
                    raise CorpusError(f"{where}: expr {ref['expr']!r} does not occur exactly once in the passage")
                a = rec["start"] + rec["text"].index(ref["expr"])
                b = a + len(ref["expr"])
            gold.append(
                {
                    "file": rec["file"],
                    "start": a,
                    "end": b,
                    "expr": ref["expr"],
                    "year": ref["year"],
                    "kind": ref["kind"],
                    "precision": ref.get("precision", "year"),
                }
            )
    columns = ["file", "start", "end", "expr", "year", "kind", "precision"]
    return pd.DataFrame(gold, columns=columns), pd.DataFrame(regions, columns=["file", "start", "end"])


def time_reference_scores(
    corpus: Corpus,
    gold: pd.DataFrame,
    *,
    regions: pd.DataFrame | None = None,
    references: pd.DataFrame | None = None,
) -> Validation:
    """Precision and recall of time references against hand-checked ones.

    ``gold`` has one row per reference a reader found: ``file``, ``start``,
    ``end`` (the expression's offsets in the raw source), ``year`` (the first
    year of the period), ``kind`` and optionally ``precision`` (``year``,
    ``decade``, ``century``; default ``year``); ``regions`` (``file``,
    ``start``, ``end``) the passages that were read, so that references found
    elsewhere are not scored (``None``: all are). :func:`read_time_gold` reads
    both from a JSONL file. ``refs`` is the table of :func:`time_references`
    (computed from ``corpus`` if ``None``).

    A found reference is correct if it overlaps a gold reference in the same
    file with the same ``year`` and ``precision``; each gold reference is
    matched once (:func:`corpuskit.validation.score_spans`).
    precision = correct / found, recall = matched gold / gold. The subset
    ``resolvable`` leaves out gold references of kind "anaphoric" ("later that
    fall"), which the rules do not attempt.

    Returns
    -------
    Validation
        ``(scores, errors)``: rows ``all`` and ``resolvable``; ``label`` in the
        errors is ``year`` for a year, ``"1960s"``-style text for a decade,
        ``"century 1800-1899"`` for a century.

    Examples
    --------
    >>> corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "date": ["2020"],
    ...     "text": ["They met in 1999. It ended in 2003."]}))
    >>> gold = pd.DataFrame({"file": corpus.source_of("a"), "start": [12], "end": [16], "expr": ["1999"],
    ...                      "year": [1999], "kind": ["explicit"], "precision": ["year"]})
    >>> scores, errors = ck.time_reference_scores(corpus, gold)
    >>> scores[["n_gold", "n_predicted", "tp", "fp", "precision", "recall"]]
                n_gold  n_predicted  tp  fp  precision  recall
    subset
    all              1            2   1   1        0.5     1.0
    resolvable       1            2   1   1        0.5     1.0
    """
    check_corpus(corpus)
    check_frame(gold, "gold", ["file", "start", "end", "year", "kind"])
    if references is None:
        references = time_references(corpus)
    check_frame(references, "references", ["doc_id", "start", "end", "year"], what="the table of time_references")
    parts = []
    for doc_id, r in references.groupby("doc_id", sort=False):
        a, b = corpus.offset_map(doc_id).to_source_arrays(r["start"].to_numpy(), r["end"].to_numpy())
        parts.append(r.assign(source=corpus.source_of(doc_id), source_start=a, source_end=b))
    pred = pd.concat(parts, ignore_index=True) if parts else references.assign(source="", source_start=0, source_end=0)
    pred = pred.assign(period=_period(pred))
    gold = gold.assign(period=_period(gold))

    def resolvable(t: pd.DataFrame) -> pd.Series:
        return t["kind"] != "anaphoric"

    return score_spans(
        pred, gold, label="period", regions=regions, subsets={"resolvable": resolvable}, sources=corpus.sources
    )


def _period(t: pd.DataFrame) -> list[str]:
    """A label naming year and precision: "1776", "1960s", "century 1800-1899"."""
    precision = t["precision"] if "precision" in t.columns else pd.Series("year", index=t.index)
    out = []
    for y, p in zip(t["year"], precision):
        y = int(y)
        out.append(str(y) if p == "year" else f"{y}s" if p == "decade" else f"{p} {y}-{y + 99}")
    return out
