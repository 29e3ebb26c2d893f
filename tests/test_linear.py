"""Every built-in pattern runs in linear time, even on a megabyte of one repeated character.

A pattern that backtracks (``\\s+\\Z`` tried from every space of a long run, ``[.!?]+`` from every
``!`` of ``Wow!!!!...``) is quadratic: 100,000 characters then take minutes, a megabyte hours. Each
test runs one pattern (or one function built on patterns) over 1 MB of each character in
:data:`CHARS`, under a hard limit of :data:`LIMIT` seconds per run (an
interval timer interrupts the regular-expression engine, so a quadratic pattern fails instead of
hanging). A linear pattern takes 5-50 ms per megabyte here: the limit leaves a headroom of about
40x, while a quadratic one would need thousands of times longer.
"""

from __future__ import annotations

import signal
import time

import pytest

import corpuskit as ck
from corpuskit import actors, clean, dates, narrated, segment

MB = 1_000_000
#: Spaces, tabs, line ends of three kinds, punctuation, letters, digits, non-Latin and marks.
CHARS = [" ", "\n", "\r", "!", ".", "-", "'", "a", "A", "1", "。", "\u0301"]


def _consume(pattern):
    def run(text):
        for _ in pattern.finditer(text):
            pass

    return run


def _search(pattern):
    return lambda text: pattern.search(text)


def _basic_rule(name):
    (rule,) = [r for r in ck.load_rules(None).normalize if r.name == name]
    return _consume(rule.regex)


def _apply_basic_rule(name):
    (rule,) = [r for r in ck.load_rules(None).normalize if r.name == name]

    def run(text):
        clean.MappedText(text, ck.OffsetMap.identity(len(text))).apply(rule)

    return run


_EVENTS = ck.load_events(
    {"events": [{"id": "e", "label": "E", "year": 2001, "cues": ["the attacks", "9/11"], "context": ["war"]}]}
)
_ACTORS = ck.load_actors(
    {
        "actors": [
            {"label": "Russia", "type": "state", "aliases": ["Russia", "Moscow"], "demonyms": ["Russian"]},
            {"label": "U.S.", "type": "state", "aliases": ["U.S.", "Washington"]},
        ],
        "state_nouns": ["officials"],
    }
)

#: name -> function of a text; every built-in pattern of corpuskit, alone or through its caller.
PATTERNS = {
    "sentence candidates": _consume(segment._CANDIDATE),
    "segment_sentences": segment.segment_sentences,
    "paragraph break": _consume(segment._PARAGRAPH_BREAK),
    "tokenizer": _consume(segment._TOKEN_RE),
    "previous word": lambda t: segment._prev_word(t, len(t)),
    "terminal runs": _consume(segment._TERMINAL_RUN),
    # Patterns used with match() from one position (after a candidate, a mention): one call each.
    "next word": lambda t: segment._NEXT_WORD.match(t, 1),
    "gap between tokens": lambda t: segment._GAP_OK.match(t, 0, len(t)),
    "comment blank lines": lambda t: clean._BLANK_LINES.match(t, 0),
    "date": lambda t: dates._DATE_RE.match(t),
    "actor next word": lambda t: actors._NEXT_WORD.match(t, 1),
    "actor coordination": lambda t: actors._COORDINATED.search(t, len(t) - 6, len(t)),
    "capitalised names": _consume(actors._CAPITALISED),
    "actor aliases": _consume(_ACTORS.aliases.pattern),
    "actor demonyms": _consume(_ACTORS.demonyms.pattern),
    "event cues": _consume(_EVENTS.cues.pattern),
    "event context": _consume(_EVENTS.context["e"].pattern),
    **{f"basic rule {r.name}": _basic_rule(r.name) for r in ck.load_rules(None).normalize},
    **{
        f"basic rule {r.name}, prefilter {k}": _search(rx)
        for r in ck.load_rules(None).normalize
        for k, rx in enumerate(r.prefilter)
    },
    "basic rule trailing-space (applied)": _apply_basic_rule("trailing-space"),
    "basic rule trim (applied)": _apply_basic_rule("trim"),
    **{f"narrated: {how} ({i})": _consume(rx) for i, (_, how, rx) in enumerate(narrated._RULES)},
    "narrated: a named date": _consume(narrated._phrase_pattern(("9/11", "post-9/11", "Sept. 11", "September 11"))),
}


LIMIT = 2.0


class _TooSlow(Exception):
    pass


def _alarm(signum, frame):
    raise _TooSlow


def _seconds(fn, text: str) -> float:
    """Time one run of ``fn(text)``; inf if it was interrupted after LIMIT seconds."""
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, LIMIT)
    t0 = time.perf_counter()
    try:
        fn(text)
    except _TooSlow:
        return float("inf")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    return time.perf_counter() - t0


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_pattern_runs_in_linear_time(name):
    fn = PATTERNS[name]
    times = {ch: _seconds(fn, ch * MB) for ch in CHARS}
    slow = {ch: t for ch, t in times.items() if t >= LIMIT}
    assert slow == {}, f"{name}: a megabyte of these characters took over {LIMIT} s: {sorted(slow)}"


#: Text already split into words, whose terminals and quotes stand alone between spaces: the detached full
#: stop looks back over the spaces before it, and a quote after a full-width terminal counts the quotes
#: before it; both once per character, not once per candidate.
SPLIT_UNITS = ["\u597d . 5 ", "a . B ", '\u3002 " ', "\u3002 \u201d ", '? " ', " " * 60 + ". A"]


@pytest.mark.parametrize("unit", SPLIT_UNITS, ids=repr)
def test_sentence_splitter_runs_in_linear_time_on_text_split_into_words(unit):
    text = unit * (MB // 2 // len(unit))
    assert _seconds(segment.segment_sentences, text) < LIMIT, f"half a megabyte of {unit!r} took over {LIMIT} s"
