"""The phrase-list matcher behind actor aliases and event cues (``corpuskit.matching``).

Hand-computed cases for each rule (word boundaries, case, longest match, exclusions), then
generated texts on which the matcher must agree with a brute-force scan written from the rules
and with the regular expression actors and events compiled before the matcher existed.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_linear import CHARS, LIMIT, MB, _seconds

import corpuskit as ck
from corpuskit import patterns
from corpuskit.matching import PhraseMatch, PhraseMatcher
from corpuskit.patterns import compile_user_pattern


def spans(matcher: PhraseMatcher, text: str) -> list[tuple[int, int, str, str]]:
    return [tuple(m) for m in matcher.find(text)]


def exclusion(pattern: str):
    return compile_user_pattern(pattern, where="test")


# -- hand-computed -----------------------------------------------------------------------------------------------


def test_overlapping_phrases_give_one_match_the_longest():
    m = PhraseMatcher([("Alliance", "na"), ("Northern Alliance", "na"), ("Northern", "north")])
    text = "the Northern Alliance and the Alliance in the Northern hills"
    #       0123456789012345678901234567890123456789012345678901234567
    assert spans(m, text) == [
        (4, 21, "Northern Alliance", "na"),
        (30, 38, "Alliance", "na"),
        (46, 54, "Northern", "north"),
    ]


def test_longest_phrase_that_ends_at_a_word_boundary_wins():
    m = PhraseMatcher([("New York", "ny"), ("New", "new"), ("York", "york")])
    # "New York" would end inside "Yorker", so the shorter "New" is taken; "Yorker" is no "York"
    assert spans(m, "New Yorker") == [(0, 3, "New", "new")]
    assert spans(m, "New York, New Yorkers") == [(0, 8, "New York", "ny"), (10, 13, "New", "new")]


def test_phrases_match_whole_words_only():
    m = PhraseMatcher([("Bush", "bush"), ("S.", "s")])
    assert spans(m, "Bushes, ambush, Bush's and Bush.") == [(16, 20, "Bush", "bush"), (27, 31, "Bush", "bush")]
    # a phrase never starts right after a full stop: "S." is not found inside "U.S."
    assert spans(m, "U.S. and S. Korea") == [(9, 11, "S.", "s")]


def test_after_period_lets_a_phrase_follow_a_full_stop():
    assert spans(PhraseMatcher([("war", "w", True)], after_period=True), "Iraq...War") == [(7, 10, "War", "w")]
    assert spans(PhraseMatcher([("war", "w", True)]), "Iraq...War") == []


def test_case_sensitive_acronyms_and_case_insensitive_phrases():
    m = PhraseMatcher([("US", "us"), ("nato", "nato", True), ("AIDS", "aids")])
    text = "US, us and Us; NATO, Nato and nato; AIDS but not aids"
    assert [(x.text, x.key) for x in m.find(text)] == [
        ("US", "us"),
        ("NATO", "nato"),
        ("Nato", "nato"),
        ("nato", "nato"),
        ("AIDS", "aids"),
    ]


def test_an_exact_phrase_is_preferred_to_a_case_insensitive_one():
    m = PhraseMatcher([("NATO", "the alliance"), ("nato", "a word", True)])
    assert [x.key for x in m.find("NATO Nato nato")] == ["the alliance", "a word", "a word"]
    assert m.key_of("NATO") == "the alliance" and m.key_of("nAtO") == "a word"


def test_exclusions_drop_matches_overlapping_the_excluded_text():
    m = PhraseMatcher(
        [("Washington", "us"), ("Post", "post")],
        exclusions=[exclusion(r"the (?P<x>Washington) Post"), exclusion(r"(?P<x>)Post")],
    )
    text = "the Washington Post said Washington and Post"
    # the first Washington is excluded; an empty group x excludes nothing, so every Post stays
    assert spans(m, text) == [(15, 19, "Post", "post"), (25, 35, "Washington", "us"), (40, 44, "Post", "post")]
    assert m.find(text, excluded=None)[0] == PhraseMatch(4, 14, "Washington", "us")


def test_one_exclusion_pass_can_serve_two_matchers():
    aliases = PhraseMatcher([("Russia", "ru")], exclusions=[exclusion(r"(?P<x>Russian) Orthodox")])
    demonyms = PhraseMatcher([("Russian", "ru")])
    text = "Russian Orthodox and Russian officials"
    mask = aliases.excluded(text)
    assert spans(demonyms, text) == [(0, 7, "Russian", "ru"), (21, 28, "Russian", "ru")]
    assert spans(demonyms, text) != [tuple(x) for x in demonyms.find(text, excluded=mask)]
    assert [tuple(x) for x in demonyms.find(text, excluded=mask)] == [(21, 28, "Russian", "ru")]


def test_exclusions_keep_the_time_limit_of_user_patterns(monkeypatch):
    monkeypatch.setattr(patterns, "TIMEOUT", 0.2)
    m = PhraseMatcher([("a", "a")], exclusions=[exclusion(r"(?P<x>(a|aa)+)$")])
    with pytest.raises(ck.PatternTimeoutError, match=r"test: regular expression"):
        m.find("a" * 40 + "b")


def test_a_phrase_must_be_a_non_empty_string():
    with pytest.raises(ck.ArgumentError, match="phrases"):
        PhraseMatcher([("", "x")])


def test_actor_and_event_lists_share_the_matcher():
    actors = ck.load_actors(
        {"actors": [{"label": "R", "type": "state", "aliases": ["Russia"], "demonyms": ["Russian"]}]}
    )
    events = ck.load_events({"events": [{"id": "e", "label": "E", "year": 2001, "cues": ["9/11"], "context": ["war"]}]})
    assert isinstance(actors.aliases, PhraseMatcher) and isinstance(actors.demonyms, PhraseMatcher)
    assert isinstance(events.cues, PhraseMatcher) and isinstance(events.context["e"], PhraseMatcher)


# -- generated texts ---------------------------------------------------------------------------------------------

_WORD = re.compile(r"\w")


def brute_force(text: str, phrases: list[tuple[str, str, bool]], after_period: bool = False) -> list[tuple]:
    """The rules of the module docstring, applied position by position (quadratic, obviously right)."""
    exact = {p: k for p, k, _ in phrases}
    folded = {p.lower(): k for p, k, ic in phrases if ic}
    ordered = sorted(exact, key=lambda w: (-len(w), w))
    out, i = [], 0
    while i < len(text):
        prev = text[i - 1] if i else ""
        hit = None
        if not (prev and (_WORD.match(prev) or (prev == "." and not after_period))):
            for w in ordered:
                seg = text[i : i + len(w)]
                same = seg == w or (w.lower() in folded and seg.lower() == w.lower())
                if same and (i + len(w) == len(text) or not _WORD.match(text[i + len(w)])):
                    hit = seg
                    break
        if hit is None:
            i += 1
            continue
        key = exact.get(hit)
        out.append((i, i + len(hit), hit, key if key is not None else folded[hit.lower()]))
        i += len(hit)
    return out


def former_pattern(words, ignore_case=frozenset()):
    """``actors._boundary_pattern`` as it was before the matcher (events imported it)."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    alts = "|".join(f"(?i:{re.escape(w)})" if w in ignore_case else re.escape(w) for w in ordered)
    return re.compile(rf"(?<![\w.])(?:{alts})(?![\w])")


PIECES = ["ab", "Ab", "AB", "a", "b.", "ab ab", "b-a", "a.b", "ba", "é", "Éa"]
phrase_lists = st.lists(
    st.tuples(st.sampled_from(PIECES), st.sampled_from(["k1", "k2", "k3"]), st.booleans()), min_size=1, max_size=6
)
texts = st.lists(st.sampled_from([*PIECES, " ", ".", "-", ",", "x", "\n"]), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(phrase_lists, texts, st.booleans())
def test_matcher_equals_brute_force_on_generated_text(phrases, text, after_period):
    assert spans(PhraseMatcher(phrases, after_period=after_period), text) == brute_force(text, phrases, after_period)


@settings(max_examples=300, deadline=None)
@given(phrase_lists, texts)
def test_matcher_equals_the_former_actor_and_event_pattern(phrases, text):
    exact = {p: k for p, k, _ in phrases}
    folded = {p.lower(): k for p, k, ic in phrases if ic}
    old = former_pattern(exact, frozenset(w for w in exact if w.lower() in folded))
    before = []
    for m in old.finditer(text):
        key = exact.get(m.group())
        before.append((*m.span(), m.group(), key if key is not None else folded[m.group().lower()]))
    assert spans(PhraseMatcher(phrases), text) == before


@pytest.mark.parametrize("ch", CHARS)
def test_matcher_runs_in_linear_time(ch):
    m = PhraseMatcher(
        [("aa", "x"), ("aa aa", "y"), ("A.", "z", True), ("1-1", "w"), ("a\u0301", "v")],
        exclusions=[exclusion(r"(?P<x>aaa)b")],
    )
    assert _seconds(lambda t: m.find(t), ch * MB) < LIMIT


@pytest.mark.parametrize("run", [" ", "\t", "\n", " \n", "\r\n", "\u00a0"])
def test_a_long_run_of_whitespace_after_a_phrase_word_stays_linear(run):
    # the space of "aa aa" matches a run of whitespace: a megabyte of it after "aa" is scanned once per phrase
    m = PhraseMatcher([("aa aa", "y"), ("aa ab", "z", True), ("aa", "x")])
    text = "aa" + run * (MB // len(run)) + "aa"
    assert _seconds(lambda t: m.find(t), text) < LIMIT
    assert _seconds(lambda t: m.find(t), "aa " * (MB // 3)) < LIMIT


def test_the_space_of_a_phrase_matches_a_line_break_but_not_a_blank_line():
    m = PhraseMatcher([("Abraham Lincoln", "lincoln"), ("Lincoln", "lincoln"), ("United States", "us", True)])
    text = "Abraham\nLincoln spoke; Abraham  Lincoln,\tthe united \r\n states. Abraham\n\nLincoln."
    assert [(x.text, x.key) for x in m.find(text)] == [
        ("Abraham\nLincoln", "lincoln"),  # hard-wrapped
        ("Abraham  Lincoln", "lincoln"),  # a double space
        ("united \r\n states", "us"),  # one line break with spaces around it, in any case
        ("Lincoln", "lincoln"),  # across a blank line: only the last word is a phrase of its own
    ]
    # through the actor list, the offsets are the text's own
    corpus = ck.corpus_from_frame(
        pd.DataFrame({"doc_id": ["a"], "date": ["2020"], "text": ["He met Abraham\nLincoln there."]})
    )
    actors = {"version": 1, "actors": [{"label": "Abraham Lincoln", "type": "person", "aliases": ["Abraham Lincoln"]}]}
    found = ck.actor_mentions(corpus, actors)
    assert found[["actor", "start", "end"]].values.tolist() == [["Abraham Lincoln", 7, 22]]


def test_matcher_time_grows_linearly_with_the_number_of_matches():
    """A match at every other character: ten times the text takes about ten times as long (quadratic: 100).

    The bound, 40, leaves room for a loaded machine; garbage collection is paused while timing.
    """
    import gc

    m = PhraseMatcher([("a", "x")], exclusions=[exclusion(r"(?P<x>a) b")])
    small, large = "a " * 40_000, "a " * 400_000
    gc.disable()
    try:
        t_small = min(_seconds(m.find, small) for _ in range(5))
        t_large = min(_seconds(m.find, large) for _ in range(2))
    finally:
        gc.enable()
    assert len(m.find(large)) == 400_000 and t_large / t_small < 40


def test_the_time_limit_of_a_search_grows_with_the_text_searched():
    from corpuskit import patterns

    assert patterns.time_limit(0) == patterns.TIMEOUT
    assert patterns.time_limit(100_000_000) == patterns.TIMEOUT + 100 * patterns.TIMEOUT_PER_MB
    calls = []

    class Spy:
        pattern = "x"

        def search(self, text, pos, endpos, timeout):
            calls.append(timeout)

    p = patterns.compile_user_pattern("x", "", where="w", error=ck.RulesError)
    p._rx = Spy()
    p.search("a" * 3_000_000)
    p.search("a" * 3_000_000, 1_000_000, 1_500_000)
    assert calls == [patterns.TIMEOUT + 3 * patterns.TIMEOUT_PER_MB, patterns.TIMEOUT + 0.5 * patterns.TIMEOUT_PER_MB]


def test_a_wildcard_in_an_alias_or_cue_is_warned_about(tmp_path):
    """Phrases are literal: "Путин*" matches no inflected form; the loaders say so, naming file, entry, phrase."""
    path = tmp_path / "actors.yml"
    path.write_text(
        "version: 1\nactors:\n  - {label: Путин, type: person, aliases: [Путин, Путин*]}\n"
        "  - {label: E*Trade, type: organisation, aliases: [E*Trade]}\n",
        encoding="utf-8",
    )
    with pytest.warns(ck.QueryWarning) as caught:
        actors = ck.load_actors(path)
    assert len(caught) == 1  # "E*Trade" is a name, not a pattern
    message = str(caught[0].message)
    assert f"{path}: actors[0] (Путин): alias 'Путин*'" in message
    assert "literal phrases" in message and "every form" in message
    assert actors.aliases.find("Путина и Путиным") == []
    events = {"version": 1, "events": [{"id": "war", "label": "war", "year": 2001, "cues": ["войн*"]}]}
    with pytest.warns(ck.QueryWarning, match=r"<events>: events\[0\] \(war\): cue 'войн\*'"):
        ck.load_events(events)


# ---------------------------------------------------------------------------------------------
# Spellings with optional marks (Arabic vowel signs and honorifics, Hebrew points)
# ---------------------------------------------------------------------------------------------
MOSES = "\u0645\u0648\u0633\u0649"  # موسى, as an actor list writes it
MOSES_VOWELED = "\u0645\u064f\u0648\u0633\u064e\u0649\u0670"  # مُوسَىٰ, as the Quran writes it
MOSES_URDU, MOSES_HONORIFIC = "\u0645\u0648\u0633\u06cc\u0670", "\u0645\u0648\u0633\u06cc\u0670\u0611"  # موسیٰ, موسیٰؑ
MARKED_TEXT = (
    f"\u0642\u0627\u0644 {MOSES_VOWELED} \u0648 {MOSES_VOWELED}\u06d4 {MOSES_HONORIFIC} \u0646\u06d2 {MOSES}\u06d4"
)
MOSES_LIST = {"version": 1, "actors": [{"label": "Moses", "type": "person", "aliases": [MOSES, MOSES_URDU]}]}


def _marked_corpus(text: str = MARKED_TEXT) -> ck.Corpus:
    return ck.corpus_from_frame(pd.DataFrame({"doc_id": ["q"], "date": ["2020"], "text": [text]}))


def _marked_warnings(fn) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fn()
    return [str(w.message) for w in caught if issubclass(w.category, ck.MarkedSpellingWarning)]


def test_marked_spellings_lists_the_other_spellings_of_a_word_with_their_counts():
    from corpuskit.segment import marked_spellings

    found = marked_spellings(_marked_corpus(), [MOSES, MOSES_URDU, "Moses"])
    assert found == {MOSES: [(MOSES_VOWELED, 2)], MOSES_URDU: [(MOSES_HONORIFIC, 1)]}


def test_actor_mentions_say_which_spellings_with_marks_they_miss():
    corpus = _marked_corpus()
    messages = _marked_warnings(lambda: ck.actor_mentions(corpus, MOSES_LIST))
    assert len(messages) == 1
    assert "2 aliases" in messages[0] and "3 times in all" in messages[0]
    assert f"{MOSES!r} (Moses) as {MOSES_VOWELED!r} 2x" in messages[0] and MOSES_HONORIFIC in messages[0]
    assert len(ck.actor_mentions(corpus, MOSES_LIST)) == 1  # only the bare spelling is found


def test_kwic_says_which_spellings_with_marks_a_query_that_finds_nothing_misses():
    corpus = _marked_corpus(f"\u0642\u0627\u0644 {MOSES_VOWELED}\u06d4")
    messages = _marked_warnings(lambda: ck.kwic(corpus, MOSES))
    assert len(messages) == 1 and f"{MOSES!r} as {MOSES_VOWELED!r} 1x" in messages[0]


def test_no_marked_spelling_warning_without_such_spellings():
    plain = _marked_corpus(f"\u0642\u0627\u0644 {MOSES}\u06d4 Moses left.")
    assert _marked_warnings(lambda: ck.actor_mentions(plain, MOSES_LIST)) == []
    latin = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "date": ["2020"], "text": ["Ann met Bob."]}))
    ann = {"version": 1, "actors": [{"label": "Ann", "type": "person", "aliases": ["Ann"]}]}
    assert _marked_warnings(lambda: ck.actor_mentions(latin, ann)) == []


def test_the_readme_rule_that_strips_the_marks_lets_the_list_find_every_spelling(tmp_path):
    """The normalize rule of the README ("Vowel marks and other optional marks"), applied when cleaning."""
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    block = re.search(r"```yaml\n(version: 1\nnormalize:\n  - \{name: optional-marks.*?)```", readme, re.S).group(1)
    rules = tmp_path / "marks.yml"
    rules.write_text(block, "utf-8")
    corpus = _marked_corpus().clean(rules)
    # the list's own aliases written without the marks too (an alias with a mark no longer matches: it says so)
    assert _marked_warnings(lambda: ck.actor_mentions(corpus, MOSES_LIST)) != []
    unmarked = {
        "version": 1,
        "actors": [{"label": "Moses", "type": "person", "aliases": [MOSES, "\u0645\u0648\u0633\u06cc"]}],
    }
    assert _marked_warnings(lambda: ck.actor_mentions(corpus, unmarked)) == []
    found = ck.actor_mentions(corpus, unmarked)
    assert len(found) == 4  # both voweled spellings, the one with the honorific, the bare one
    raw = MARKED_TEXT
    # each mention points to its voweled spelling in the raw text (a mark removed after the last letter lies
    # outside the cleaned word, and so outside its source range)
    first_two = [raw[a:b] for a, b in zip(found["source_start"], found["source_end"])][:2]
    assert all(MOSES_VOWELED.startswith(w) and re.sub("[\u064b-\u065f\u0670]", "", w) == MOSES for w in first_two)
