"""Stage 4d of the pipeline: sentiment of sentences and documents, and its aggregation over time.

Scores
    TextBlob's polarity (-1 .. 1) and subjectivity (0 .. 1), the averages of the
    lexicon entries of the words a text contains (Loria's TextBlob, after the
    ``pattern`` library), and VADER's compound score (Hutto and Gilbert 2014) as a
    second opinion. :func:`textblob_scores` returns exactly what
    ``TextBlob(text).sentiment`` returns -- the test suite checks every sentence of
    the seeds and generated texts -- but several times faster: it uses TextBlob's
    own lexicon and tokenization rules without building TextBlob objects, scores
    each distinct text once, and uses worker processes for large inputs. Texts
    whose tokenization could involve TextBlob's emoticon or sarcasm rewriting are
    handed to TextBlob's own tokenizer.

Time
    :func:`sentiment_by_period` aggregates sentence scores by publication date at
    a chosen frequency; :func:`corpuskit.narrated.time_references` finds the years
    sentences talk about. Every aggregate carries n and a seeded bootstrap 95%
    interval, and groups with too few sentences are flagged.

Lexicon methods are weak evidence on few documents: a score is the average of
the few words the lexicon knows, blind to irony, quotation and context. The book
states this beside every figure that uses them.
"""

from __future__ import annotations

import importlib.util
import itertools
import math
import numbers
import re
import warnings
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pandas as pd

from .corpus import Corpus, check_corpus
from .dates import PRECISIONS, PeriodTable, period_labels, read_periods
from .errors import ArgumentError, CorpusError, EnglishOnlyWarning, caller_level, check_bool, check_frame, check_int
from .errors import shown as shown_value
from .matching import PhraseMatcher
from .parallel import auto_jobs, map_slices
from .segment import sentences, warn_if_not_english

__all__ = [
    "bootstrap_mean",
    "document_sentiment",
    "extreme_sentences",
    "sentence_sentiment",
    "sentiment_agreement",
    "sentiment_by_period",
    "summarise_sentiment",
    "textblob_scores",
    "vader_scores",
]


# ---------------------------------------------------------------------------------------------
# TextBlob, reproduced exactly
# ---------------------------------------------------------------------------------------------
def _textblob_lexicon() -> tuple[ModuleType, Any]:
    """TextBlob's ``_text`` module and its English sentiment lexicon, loaded without NLTK.

    ``import textblob`` imports NLTK, and NLTK imports SciPy: about 1.5 s before the first
    sentence is scored, for a lexicon that takes 30 ms to read. The lexicon and its rules live in
    ``textblob/_text.py``, which needs only the standard library, so it is loaded from its file
    as a private module, and the lexicon is built as ``textblob.en.sentiment`` builds it
    (``_EnglishSentiment`` repeats the two rules of ``textblob.en.Sentiment.load``). The test
    suite checks that the entries equal ``textblob.en.sentiment``'s and every score equals
    ``TextBlob(text).sentiment``. If the file is not where TextBlob 0.17-0.19 keep it, the
    package is imported the ordinary way.
    """
    spec = importlib.util.find_spec("textblob")
    if spec is None or not spec.submodule_search_locations:
        raise CorpusError("sentiment needs TextBlob: pip install 'corpuskit[sentiment]'")
    folder = Path(next(iter(spec.submodule_search_locations)))
    source, xml = folder / "_text.py", folder / "en" / "en-sentiment.xml"
    if not (source.is_file() and xml.is_file()):  # pragma: no cover - an unknown TextBlob layout
        from textblob import _text
        from textblob.en import sentiment as lexicon

        "good" in lexicon  # noqa: B015 - TextBlob loads its lexicon lazily, on first lookup
        return _text, lexicon
    module_spec = importlib.util.spec_from_file_location("corpuskit._textblob_text", source)
    assert module_spec is not None and module_spec.loader is not None
    _text = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(_text)

    class _EnglishSentiment(_text.Sentiment):  # type: ignore[name-defined,misc]
        def load(self, path: str | None = None) -> None:
            _text.Sentiment.load(self, path)
            if not path:  # "terrible" also scores its adverb "terribly", as in textblob.en
                for w, pos in list(dict.items(self)):
                    if "JJ" in pos:
                        w = w[:-1] + "i" if w.endswith("y") else w
                        w = w[:-2] if w.endswith("le") else w
                        p, s, i = pos["JJ"]
                        self.annotate(w + "ly", "RB", p, s, i)

    parser = _text.Parser(lexicon={}, default=("NN", "NNP", "CD"), language="en")
    lexicon = _EnglishSentiment(
        path=str(xml),
        synset="wordnet_id",
        negations=("no", "not", "n't", "never"),
        modifiers=("RB",),
        modifier=lambda w: w.endswith("ly"),
        tokenizer=parser.find_tokens,
        language="en",
    )
    "good" in lexicon  # noqa: B015 - loads the lexicon
    return _text, lexicon


class _AbbreviationPrefixes:
    """Which prefixes ``t[:j]`` of a token could be a TextBlob abbreviation, from one scan of ``t``.

    TextBlob's tests (``textblob._text``): the ``ABBREVIATIONS`` set; ``RE_ABBR1`` ``^[A-Za-z]\\.$``;
    ``RE_ABBR2`` ``^([A-Za-z]\\.)+$``; ``RE_ABBR3`` ``^[A-Z][b|c|...|z]+.$`` (consonants or ``|``,
    then any character). A prefix that passes none of these necessary conditions is not tested
    (the real test still decides for the others), so no prefix is sliced in vain.
    """

    _CONSONANTS = frozenset("b|c|d|f|g|h|j|k|l|m|n|p|q|r|s|t|v|w|x|z")

    def __init__(self, t: str, set_lengths: frozenset[int]):
        self.set_lengths = set_lengths
        k = 0  # longest prefix made of (ASCII letter, ".") pairs
        while k + 1 < len(t) and t[k].isascii() and t[k].isalpha() and t[k + 1] == ".":
            k += 2
        self.pairs = k
        run = 0  # consonant class run after an upper-case ASCII first letter
        if t[:1].isascii() and t[:1].isupper():
            run = 1
            while run < len(t) and t[run] in self._CONSONANTS:
                run += 1
        self.run = run

    def __call__(self, j: int) -> bool:
        return j in self.set_lengths or (j <= self.pairs and j % 2 == 0) or (self.run >= 2 and j - 1 <= self.run)


class _TextBlobModel:
    """TextBlob's English sentiment lexicon and tokenization rules, prepared for fast lookups."""

    def __init__(self) -> None:
        _text, lexicon = _textblob_lexicon()
        self.library_tokenizer = lexicon.tokenizer
        # (polarity, subjectivity, intensity) per word, as TextBlob looks them up without a POS tag
        self.entries = {w: tuple(pos[None]) for w, pos in dict.items(lexicon)}
        self.modifiers = {w for w, pos in dict.items(lexicon) if any(m in pos for m in lexicon.modifiers)}
        self.negations = frozenset(lexicon.negations)
        emoticons: dict[str, float] = {}
        for (_, polarity), faces in _text.EMOTICONS.items():  # the first kind that lists a face wins
            for face in faces:
                emoticons.setdefault(face.lower(), polarity)
        self.emoticons = emoticons
        # the words that can give a text a score: without one of them a text scores (0.0, 0.0)
        self.scoring_words = frozenset(self.entries) | frozenset(emoticons) | {"(!)"}
        self.punctuation_string = _text.PUNCTUATION  # TextBlob tests `w not in PUNCTUATION` as a substring
        self.punct = tuple(_text.PUNCTUATION.replace(".", ""))
        self.punct_dot = (*self.punct, ".")
        self.punct_set = frozenset(self.punct)
        self.punct_dot_set = frozenset(self.punct_dot)
        self.abbreviations = _text.ABBREVIATIONS
        self.abbr_patterns = (_text.RE_ABBR1, _text.RE_ABBR2, _text.RE_ABBR3)
        self.contractions = list(_text.replacements.items())
        self.keep = dict(_text.replacements)  # tokens TextBlob never splits
        self.longest_keep = max(map(len, self.keep), default=0)
        self.abbreviation_lengths = frozenset(map(len, self.abbreviations))
        self.rewrites = (_text.RE_SARCASM, _text.RE_EMOTICONS)
        # A match of RE_SARCASM, \( ?\! ?\), holds "!"; one of RE_EMOTICONS, (face|face|...)($|\s) with
        # the characters of each face joined by " ?", holds every character of a face. So a text
        # holding none of these witnesses (at least one character of "!" and of each face) matches
        # neither pattern, and is not searched with them.
        self.rewrite_witnesses = _witnesses(["!", *(face for group in _text.EMOTICONS.values() for face in group)])
        # words that make scoring depend on more than the lexicon entries found: without any of them
        # a text's items are its lexicon words' entries, in order, unchanged (see score)
        self.special_words = self.negations | frozenset(self.modifiers) | frozenset(emoticons) | {"!", "(!)"}
        self.eos = _text.EOS
        self.linebreak = re.compile(r"\n{2,}")
        self.space = re.compile(r"\s+")
        # a token TextBlob splits: one that starts with punctuation or ends with it or a dot (after
        # the whitespace is squeezed to single spaces, a token is a run of non-spaces)
        p, pd_ = (re.escape("".join(chars)) for chars in (self.punct, self.punct_dot))
        self.edge_token = re.compile(rf"(?<![^ ])(?:[{p}][^ ]*|[^ ]*[{pd_}])(?![^ ])")
        self.split_cache: dict[str, str] = {}

    # -- tokenization ---------------------------------------------------------------------------
    def _is_abbreviation(self, t: str) -> bool:
        return t in self.abbreviations or any(p.match(t) is not None for p in self.abbr_patterns)

    def _split(self, t: str, out: list[str]) -> None:
        """Split leading and trailing punctuation off one whitespace-delimited token.

        TextBlob peels one character at a time, re-slicing the token and re-testing it for an
        abbreviation each time: quadratic on a long run of punctuation. The same steps are taken
        here on indices, and a prefix is tested for an abbreviation only when it could be one
        (``_could_be_abbreviation``), so the time is linear and the tokens identical.
        """
        keep, punct = self.keep, self.punct_set
        n, longest = len(t), self.longest_keep
        i = 0
        while i < n and t[i] in punct and (n - i > longest or t[i:] not in keep):
            out.append(t[i])
            i += 1
        if i:
            t = t[i:]
        tail: list[str] = []
        j = len(t)
        could_be = None
        while j and t[j - 1] in self.punct_dot_set and (j > longest or t[:j] not in keep):
            if t[j - 1] in punct:
                tail.append(t[j - 1])
                j -= 1
            if j >= 3 and t[j - 3 : j] == "...":
                tail.append("...")
                j -= 3
                while j and t[j - 1] == ".":
                    j -= 1
            if j and t[j - 1] == ".":
                if could_be is None:
                    could_be = _AbbreviationPrefixes(t, self.abbreviation_lengths)
                if could_be(j) and self._is_abbreviation(t[:j]):
                    break
                tail.append(".")
                j -= 1
        if j:
            out.append(t[:j])
        out.extend(reversed(tail))

    def _split_token(self, m: re.Match) -> str:
        """The pieces of one token TextBlob splits (:meth:`_split`), joined by spaces; remembered."""
        return self._split_cached(m.group())

    def _split_cached(self, t: str) -> str:
        """:meth:`_split_token` of the token ``t``."""
        pieces = self.split_cache.get(t)
        if pieces is None:
            out: list[str] = []
            self._split(t, out)
            pieces = " ".join(out)
            if len(t) <= 64:  # the short tokens repeat ("war.", "(the"); a long run is split once
                if len(self.split_cache) > 200_000:
                    self.split_cache.clear()
                self.split_cache[t] = pieces
        return pieces

    def words(self, text: str) -> list[str]:
        """Lower-cased tokens exactly as TextBlob's sentiment analyzer sees them."""
        s = text
        if "'" in s:  # every contraction holds an apostrophe
            for a, b in self.contractions:  # literal patterns: str.replace == re.sub here
                s = s.replace(a, b)
        if not s.isascii():  # (an O(1) test) the curly quotes are not ASCII
            s = s.replace("\u201c", " \u201c ").replace("\u201d", " \u201d ")
            s = s.replace("\u2018", " \u2018 ").replace("\u2019", " \u2019 ")
        s = s.replace("'", " ' ").replace('"', ' " ')
        s = s.replace("\r\n", "\n")
        if "\n\n" in s:
            s = self.linebreak.sub(f" {self.eos} ", s)
        # TextBlob squeezes every run of whitespace (\s+) to one space and strips the ends: its tokens
        # are the runs of non-spaces (its TOKEN pattern on `s + " "`), which is what str.split() gives
        # (\s and str.isspace are the same characters). Each token that starts with punctuation or
        # ends with punctuation or a dot (what edge_token matches) is split (_split), the others are
        # kept as they are, each distinct token split once (its pieces are never empty: `or` calls
        # _split_cached only for a token not in the cache)
        punct, punct_dot, split, cached = self.punct_set, self.punct_dot_set, self._split_cached, self.split_cache.get
        flat = " ".join([cached(t) or split(t) if t[0] in punct or t[-1] in punct_dot else t for t in s.split()])
        eos = self.eos
        if eos in flat:
            flat = " ".join(t for t in flat.split(" ") if t != eos)
        for c in self.rewrite_witnesses:
            if c in flat:
                if any(r.search(flat) for r in self.rewrites):
                    # TextBlob rewrites sarcasm marks and emoticons sentence by sentence: let it do so
                    return [w.lower() for w in " ".join(self.library_tokenizer(text)).split()]
                break
        return flat.lower().split()

    # -- scoring ----------------------------------------------------------------------------------
    def score(self, text: str) -> tuple[float, float]:
        """(polarity, subjectivity), identical to ``TextBlob(text).sentiment``."""
        words = self.words(text)
        if self.scoring_words.isdisjoint(words):
            # no lexicon word, emoticon or "(!)": nothing in score_words would add an item (negations
            # and modifiers only change items already added)
            return 0.0, 0.0
        if self.special_words.isdisjoint(words):
            # no negation, modifier, "!", "(!)" or emoticon: score_words would add an item for each
            # lexicon word and no other, change none and negate none; the sums are taken in the same order
            total_p = 0
            total_s = 0
            n = 0
            for entry in map(self.entries.get, words):
                if entry is not None:
                    total_p += entry[0]
                    total_s += entry[1]
                    n += 1
            return total_p / float(n), total_s / float(n)
        return self.score_words(words)

    def score_words(self, words: list[str]) -> tuple[float, float]:
        """(polarity, subjectivity) of a text's :meth:`words`, as TextBlob's ``Sentiment.__call__`` computes them."""
        entries, modifiers, negations = self.entries, self.modifiers, self.negations
        items: list[list] = []  # [polarity, subjectivity, intensity, negated]
        modifier: str | None = None
        negation: str | None = None
        for w in words:
            entry = entries.get(w)
            if entry is not None:
                p, s, i = entry
                if modifier is None:
                    items.append([p, s, i, False])
                else:  # "really good": the modifier's intensity scales this word
                    last = items[-1]
                    last[0] = max(-1.0, min(p * last[2], 1.0))
                    last[1] = max(-1.0, min(s * last[2], 1.0))
                    last[2] = i
                if negation is not None:  # "not good"
                    last = items[-1]
                    last[2] = 1.0 / last[2]
                    last[3] = True
                modifier = w if w in modifiers else None
                negation = w if w in negations else None
            elif negation is None and modifier is None and w.isalpha() and w not in negations:
                continue  # a word outside the lexicon, with no negation or modifier pending: no effect
            else:
                if w in negations:
                    negation = w
                elif negation and len(w.strip("'")) > 1:
                    negation = None  # a negation carries over small words only ("not a good")
                if negation is not None and modifier is not None and modifier.endswith("ly"):
                    items[-1][3] = True  # "really not good"
                    negation = None
                elif modifier and len(w) > 2:
                    modifier = None
                if w == "!" and items:
                    items[-1][0] = max(-1.0, min(items[-1][0] * 1.25, 1.0))
                if w == "(!)":
                    items.append([0.0, 1.0, 1.0, False])
                if not w.isalpha() and len(w) <= 5 and w not in self.punctuation_string:
                    face = self.emoticons.get(w)
                    if face is not None:
                        items.append([face, 1.0, 1.0, False])
        if not items:
            return 0.0, 0.0
        total_p = 0
        total_s = 0
        for p, s, _, negated in items:  # sequential sums, as TextBlob adds them
            total_p += p * -0.5 if negated else p
            total_s += s
        return total_p / float(len(items)), total_s / float(len(items))


#: Characters of English prose, most common first (letters by their frequency).
_COMMON = "etaoinshrdlcumwfgypbvkjxqz.,'-0123456789ETAOINSHRDLCUMWFGYPBVKJXQZ"


def _witnesses(strings: Iterable[str]) -> tuple[str, ...]:
    """A few characters such that each string holds at least one of them, uncommon in prose where possible.

    Chosen greedily: the character in most strings not yet hit, among those not in the first 40 of
    :data:`_COMMON` (lower-case letters, digits, ``.,'-``) if a string has one, ties going to the
    rarer. Whichever characters are chosen, each string holds one (which is all that is relied on).

    Examples
    --------
    >>> from corpuskit.sentiment import _witnesses
    >>> _witnesses([":)", ":(", "XD", "<3"])
    (':', '<', 'X')
    """
    common = set(_COMMON[:40])

    def rank(c: str) -> int:
        return _COMMON.find(c) if c in _COMMON else len(_COMMON)

    left = set(strings)
    chosen: list[str] = []
    while left:
        candidates = sorted({c for t in left for c in t if c not in common} or {c for t in left for c in t})
        best = max(candidates, key=lambda c: (sum(c in t for t in left), rank(c)))
        chosen.append(best)
        left = {t for t in left if best not in t}
    return tuple(chosen)


@lru_cache(maxsize=1)
def _model() -> _TextBlobModel:
    return _TextBlobModel()


def _score_all(texts: list[str]) -> list[tuple[float, float]]:
    model = _model()
    return [model.score(t) for t in texts]


#: Below this many distinct texts, scoring runs in this process.
PARALLEL_MIN_TEXTS = 20_000


# ---------------------------------------------------------------------------------------------
# Neutral phrases: names and terms kept out of the scores
# ---------------------------------------------------------------------------------------------
#: The letter the words of a neutral phrase are written over with (:func:`neutralise`): ``y``, ``yy``,
#: ``yyy``, ... (and ``Y``, ``Yy``, ``YY``, ...) are in neither lexicon nor among either's negations,
#: intensifiers or emoticons, and ``y`` is not one of the consonants of TextBlob's abbreviation shape
#: ``^[A-Z][bcdf...z]+.$``, so ``Yyyyyy.`` is split from its full stop as ``States.`` is. The test suite
#: checks this for every length up to 40.
PLACEHOLDER = "y"
#: A word of a neutral phrase: a run of letters and digits.
_WORD = re.compile(r"[^\W_]+")


def _placeholder(m: re.Match) -> str:
    """The placeholder of one word: as long as it, all capitals if the word is (``NATO`` -> ``YYYY``), a
    capital first if the word has one (``United`` -> ``Yyyyyy``), else lower case (``great`` -> ``yyyyy``)."""
    w = m.group()
    if w.isupper():
        return PLACEHOLDER.upper() * len(w)
    if w[0].isupper():
        return PLACEHOLDER.upper() + PLACEHOLDER * (len(w) - 1)
    return PLACEHOLDER * len(w)


def check_neutral(neutral: object, func: str) -> tuple[str, ...] | None:
    """The phrases of a ``neutral=`` argument, stripped of surrounding whitespace, each once (``None`` stays
    ``None``), else :class:`~corpuskit.errors.ArgumentError` naming the argument and the bad item.

    >>> from corpuskit.sentiment import check_neutral
    >>> check_neutral(["United States", " Security Council ", "united states"], "sentence_sentiment")
    ('United States', 'Security Council', 'united states')
    >>> check_neutral("United States", "sentence_sentiment")
    Traceback (most recent call last):
    corpuskit.errors.ArgumentError: sentence_sentiment: neutral: expected a list of phrases, got the string ...
    """
    if neutral is None:
        return None
    if isinstance(neutral, str):
        value = shown_value(neutral)
        raise ArgumentError(f"{func}: neutral: expected a list of phrases, got the string {value}; pass [{value}]")
    if isinstance(neutral, bytes | bytearray) or not isinstance(neutral, Iterable):
        raise ArgumentError(
            f"{func}: neutral: expected a list of phrases (strings), "
            f"got {type(neutral).__name__} {shown_value(neutral)}"
        )
    items = neutral.tolist() if isinstance(neutral, pd.Series) else list(neutral)
    phrases = []
    for i, p in enumerate(items):
        if not isinstance(p, str):
            raise ArgumentError(
                f"{func}: neutral[{i}]: expected a phrase (a string), got {shown_value(p)} ({type(p).__name__})"
            )
        if not p.strip():
            what = "empty" if p == "" else "only whitespace"
            raise ArgumentError(f"{func}: neutral[{i}]: the phrase {p!r} is {what}; leave it out of the list")
        if _WORD.search(p) is None:
            raise ArgumentError(
                f"{func}: neutral[{i}]: the phrase {shown_value(p)} has no letter or digit, so no word to neutralise "
                "(a neutral phrase keeps its words out of the scores; punctuation and emoticons are not words)"
            )
        phrases.append(p.strip())
    return tuple(dict.fromkeys(phrases))


#: The characters besides the ASCII letters that Python's case-insensitive matching takes for an ASCII letter
#: (the test suite scans every code point): mapped to it, a lower-cased text holds a lower-cased ASCII phrase
#: wherever the phrase matches in any case.
_ASCII_FOLDS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
#: Up to this many ASCII phrases, a text is searched with the matcher only if it holds one of them (lower-cased,
#: ``in``): a few substring searches cost a tenth of the matcher's look-behind at every character.
PREFILTER_MAX = 32


def _prefilter_keys(phrases: Sequence[str]) -> list[str] | None:
    """The lower-cased first words of the phrases, one of which a text must hold to hold a match (None: search
    every text), without those that hold another ("partnership" holds "part"). The first word, not the phrase:
    the space between two words of a phrase matches a line break too (:mod:`corpuskit.matching`)."""
    if len(phrases) > PREFILTER_MAX or not all(p.isascii() for p in phrases):
        return None
    keys = sorted({p.split()[0].lower() for p in phrases}, key=len)
    return [k for i, k in enumerate(keys) if not any(shorter in k for shorter in keys[:i])]


def neutralise(texts: Sequence[str], phrases: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """Each text with the words of its neutral phrases written over, and the number of phrases found in it.

    Every phrase matches literally, in any case, at word boundaries, longest first, left to right, without
    overlaps (:class:`corpuskit.matching.PhraseMatcher`, every phrase marked ``lower``); each word (run of
    letters and digits) of a match is replaced by a placeholder as long as it and of its case shape (see
    :data:`PLACEHOLDER`), every other character kept. Each distinct text is searched once, in one pass of
    one regular expression, and only if it holds the first word of a phrase in lower case (up to
    :data:`PREFILTER_MAX` ASCII phrases; a necessary condition, so the result is the same). The space between two
    words of a phrase matches any run of whitespace with at most one line break (a hard-wrapped "United
    States"). ``phrases`` must have passed
    :func:`check_neutral`.

    >>> from corpuskit.sentiment import neutralise
    >>> masked, n = neutralise(["The United States and NATO.", "No match."], ["united states", "NATO"])
    >>> masked, n.tolist()
    (['The Yyyyyy Yyyyyy and YYYY.', 'No match.'], [2, 0])
    """
    if not phrases:
        return list(texts), np.zeros(len(texts), dtype=np.int64)
    subn = PhraseMatcher([(p, p, True) for p in phrases]).pattern.subn
    keys = _prefilter_keys(phrases)
    masks: dict[str, str] = {}

    def mask(m: re.Match) -> str:
        found = m.group()
        out = masks.get(found)
        if out is None:
            out = masks[found] = _WORD.sub(_placeholder, found)
        return out

    done: dict[str, tuple[str, int]] = {}
    for t in dict.fromkeys(texts):
        if keys is not None:
            folded = (t if t.isascii() else t.translate(_ASCII_FOLDS)).lower()
            if not any(k in folded for k in keys):
                done[t] = (t, 0)
                continue
        done[t] = subn(mask, t)
    return [done[t][0] for t in texts], np.fromiter((done[t][1] for t in texts), dtype=np.int64, count=len(texts))


def _masked(texts: pd.Series, phrases: tuple[str, ...] | None, func: str) -> tuple:
    """(the texts to score, the matches per text): ``texts`` and None without phrases, else :func:`neutralise`'s."""
    if phrases is None:
        return texts, None
    return neutralise(_check_texts(texts, func), phrases)


def textblob_scores(
    texts: Iterable[str], *, n_jobs: int | None = None, neutral: Iterable[str] | None = None
) -> pd.DataFrame:
    """TextBlob polarity and subjectivity of each text, exactly as ``TextBlob(text).sentiment``.

    polarity = mean of the polarity of the lexicon words found (a word after
    "not" counts -0.5 times its polarity; an intensifier such as "very"
    multiplies the next word; "!" boosts the previous word by 1.25), and
    subjectivity = mean of their subjectivity; 0.0 when no word is known.

    Each distinct text is scored once. ``n_jobs``: worker processes; ``None``
    uses two when there are more than ``PARALLEL_MIN_TEXTS`` distinct texts.
    Returns a DataFrame with ``polarity`` and ``subjectivity``, one row per text,
    in input order.

    ``neutral``: phrases kept out of the scores, as in :func:`sentence_sentiment`:
    each text t is scored as ``TextBlob(mask(t)).sentiment``, and a column
    ``n_neutral`` (the phrases found in t) is added.

    Examples
    --------
    >>> ck.textblob_scores(["good", "a bad day"]).round(2).to_dict("records")
    [{'polarity': 0.7, 'subjectivity': 0.6}, {'polarity': -0.7, 'subjectivity': 0.67}]
    """
    texts = _check_texts(texts, "textblob_scores")
    if n_jobs is not None:
        check_int(n_jobs, "n_jobs", minimum=1)
    phrases = check_neutral(neutral, "textblob_scores")
    warn_if_not_english(texts, "the sentiment lexicons (TextBlob, VADER)")
    if phrases is None:
        return _textblob_frame(texts, n_jobs)
    masked, found = neutralise(texts, phrases)
    return _textblob_frame(masked, n_jobs).assign(n_neutral=found)


def _textblob_frame(texts: list[str], n_jobs: int | None) -> pd.DataFrame:
    """:func:`textblob_scores` of checked texts."""
    unique = list(dict.fromkeys(texts))
    if n_jobs is None:
        n_jobs = auto_jobs() if len(unique) > PARALLEL_MIN_TEXTS else 1
    if n_jobs == 1 or len(unique) < 2:
        scores = _score_all(unique)
    else:
        _model()  # load the lexicon once, before forking
        cuts = np.linspace(0, len(unique), n_jobs + 1).astype(int)
        ranges = [(int(a), int(b)) for a, b in itertools.pairwise(cuts) if b > a]
        scores = [x for part in map_slices(_score_all, unique, ranges) for x in part]
    lookup = dict(zip(unique, scores))
    arr = np.array([lookup[t] for t in texts], dtype=float).reshape(-1, 2)
    return pd.DataFrame({"polarity": arr[:, 0], "subjectivity": arr[:, 1]})


def _check_texts(texts: object, func: str) -> list[str]:
    if isinstance(texts, str) or not isinstance(texts, Iterable):
        raise ArgumentError(
            f"{func}: texts must be an iterable of strings (a list, a Series), got {type(texts).__name__}"
        )
    # a Series' own tolist (the same items as iterating it, many times faster for Arrow strings)
    texts = texts.tolist() if isinstance(texts, pd.Series) else list(texts)
    if set(map(type, texts)) <= {str}:  # the usual case, told without a Python loop
        return texts
    for i, t in enumerate(texts):
        if not isinstance(t, str):
            raise ArgumentError(f"{func} needs strings: texts[{i}]={t!r} is not a string ({type(t).__name__})")
    return texts


def vader_scores(texts: Iterable[str], *, neutral: Iterable[str] | None = None) -> pd.DataFrame:
    """VADER scores (``neg``, ``neu``, ``pos``, ``compound``) of each text, each distinct text once.

    VADER's lexicon ships inside the ``vaderSentiment`` package (Hutto and
    Gilbert 2014); ``compound`` is its normalised sum in [-1, 1].

    ``neutral``: phrases kept out of the scores, as in :func:`sentence_sentiment`:
    each text t is scored as ``polarity_scores(mask(t))``, and a column
    ``n_neutral`` (the phrases found in t) is added.

    Examples
    --------
    >>> ck.vader_scores(["good", "a bad day"])[["neg", "pos", "compound"]].round(3).to_dict("records")
    [{'neg': 0.0, 'pos': 1.0, 'compound': 0.44}, {'neg': 0.636, 'pos': 0.0, 'compound': -0.542}]
    """
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError as exc:  # pragma: no cover
        raise CorpusError("VADER needs vaderSentiment: pip install 'corpuskit[sentiment]'") from exc
    texts = _check_texts(texts, "vader_scores")
    phrases = check_neutral(neutral, "vader_scores")
    warn_if_not_english(texts, "the sentiment lexicons (TextBlob, VADER)")
    found = None
    if phrases is not None:
        texts, found = neutralise(texts, phrases)
    analyzer = SentimentIntensityAnalyzer()
    lookup = {t: analyzer.polarity_scores(t) for t in dict.fromkeys(texts)}
    out = pd.DataFrame([lookup[t] for t in texts], columns=["neg", "neu", "pos", "compound"])
    return out if found is None else out.assign(n_neutral=found)


# ---------------------------------------------------------------------------------------------
# Tidy tables
# ---------------------------------------------------------------------------------------------
def sentence_sentiment(
    corpus: Corpus, *, vader: bool = True, n_jobs: int | None = None, neutral: Iterable[str] | None = None
) -> pd.DataFrame:
    """One row per sentence with its scores and its document's metadata.

    Columns: the :func:`corpuskit.sentences` columns, ``polarity``,
    ``subjectivity``, ``vader`` (compound, if ``vader``), ``has_words``
    (False for a sentence with no letters -- such a sentence is scored 0 by
    both lexicons and is left out of every aggregate), then every column of
    ``corpus.documents`` except the document's ``text`` and ``n_chars`` (and
    any whose name the sentence table already uses): ``date``,
    ``date_precision`` and the metadata, so that :func:`summarise_sentiment`
    and :func:`sentiment_by_period` can group by any of them (party, decade,
    genre, ``part``) without a merge.

    The lexicons are English: on a corpus mostly in another script an
    :class:`~corpuskit.errors.EnglishOnlyWarning` is issued (once).

    ``neutral`` keeps names and terms out of the scores: the lexicons read
    "United States" as "united" (VADER +0.42), "Freedom Agenda" as
    "freedom", "great power" as praise. It is a list of phrases; each
    matches literally, in any case, at word boundaries (no letter, digit or
    combining mark on either side, no full stop just before), longest first,
    left to right, without overlaps (:class:`corpuskit.matching.PhraseMatcher`; a
    space in a phrase matches a line break too, so a hard-wrapped name is found).
    Each sentence s is then scored as mask(s): s with every word (run of
    letters and digits) of every match replaced by a placeholder word that
    neither lexicon knows, as long as the word and of its case shape
    (``United States`` -> ``Yyyyyy Yyyyyy``, ``NATO`` -> ``YYYY``: ``y``
    in any length and case is no word of either lexicon). So polarity, subjectivity =
    ``TextBlob(mask(s)).sentiment`` and vader = VADER(mask(s))'s compound:
    the number and order of words are those of s, so "not" and "very" reach
    as many words as before and VADER's capitals rule sees the same
    all-capital words, while the phrase's own words carry no score and
    negate or intensify nothing. The ``text`` column and every other column
    are unchanged, and a column ``n_neutral`` (the number of matches in s)
    follows ``has_words``. It is there only when ``neutral`` is given (an
    empty list masks nothing and gives zeros); with ``neutral=None``, the
    default, the table is what it is without the argument.

    Examples
    --------
    >>> corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a", "b"], "date": ["2020", "2021"],
    ...     "text": ["Ann met Bob in Paris in 1999. Bob left in a bad mood.", "Ann wrote a happy letter."]}))
    >>> scored = ck.sentence_sentiment(corpus)
    >>> scored[["doc_id", "sentence_id", "polarity", "vader"]].round(2).to_dict("records")
    [{'doc_id': 'a', 'sentence_id': 1, 'polarity': 0.0, 'vader': 0.0}, {'doc_id': 'a', 'sentence_id': 2, 'polarity':
     -0.35, 'vader': -0.54}, {'doc_id': 'b', 'sentence_id': 1, 'polarity': 0.8, 'vader': 0.57}]

    A name and a term scored as feelings, then kept out ("not" still negates "happy"):

    >>> un = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "date": ["2003"],
    ...     "text": ["The United States was not happy. It remains a great power."]}))
    >>> cols = ["sentence_id", "polarity", "vader"]
    >>> ck.sentence_sentiment(un)[cols].round(2).to_dict("records")
    [{'sentence_id': 1, 'polarity': -0.4, 'vader': -0.05}, {'sentence_id': 2, 'polarity': 0.8, 'vader': 0.62}]
    >>> scored = ck.sentence_sentiment(un, neutral=["United States", "great power"])
    >>> scored[[*cols, "n_neutral"]].round(2).to_dict("records")
    [{'sentence_id': 1, 'polarity': -0.4, 'vader': -0.46, 'n_neutral': 1},
     {'sentence_id': 2, 'polarity': 0.0, 'vader': 0.0, 'n_neutral': 1}]
    """
    check_corpus(corpus)
    check_bool(vader, "vader")
    phrases = check_neutral(neutral, "sentence_sentiment")
    sents = sentences(corpus)
    texts, found = _masked(sents["text"], phrases, "sentence_sentiment")
    scores = textblob_scores(texts, n_jobs=n_jobs)
    out = pd.concat([sents, scores], axis=1)
    if vader:
        out["vader"] = vader_scores(texts)["compound"].to_numpy()
    out["has_words"] = out["text"].str.contains(r"[^\W\d_]", regex=True)
    if found is not None:
        out["n_neutral"] = found
    _warn_if_unscored(out, "sentences")
    return _with_metadata(out, corpus.documents)


#: At least this many texts with words, (nearly) all scored 0 by every lexicon, before :func:`_warn_if_unscored`
#: speaks; and the share of them with a non-zero score below which it does (English prose: about half).
UNSCORED_MIN = 20
SCORED_MIN_SHARE = 0.02


def _warn_if_unscored(table: pd.DataFrame, what: str) -> None:
    """An :class:`~corpuskit.errors.EnglishOnlyWarning` when no text with words, or fewer than
    :data:`SCORED_MIN_SHARE` of them, has a word any lexicon knows.

    Every score is then exactly 0, or nearly every one, and every mean and interval a confident-looking 0 that
    says nothing about the texts (a language the English lexicons do not cover, or lists of names and numbers),
    or rests on the few stray English words of a text in another language ("Grand Theft Auto" in Japanese news).
    """
    words = table["has_words"].to_numpy(dtype=bool) if "has_words" in table else np.ones(len(table), dtype=bool)
    n = int(words.sum())
    if n < UNSCORED_MIN:
        return
    cols = [c for c in ("polarity", "vader") if c in table]
    scored = np.zeros(n, dtype=bool)
    for c in cols:
        scored |= table[c].to_numpy()[words] != 0
    k = int(scored.sum())
    if k == 0:
        warnings.warn(
            f"none of the {n:,} {what} with words has a word the sentiment lexicons know: every score is 0, "
            "and every mean and interval built on them says nothing about the texts (the lexicons are English)",
            EnglishOnlyWarning,
            stacklevel=caller_level(),
        )
    elif k < SCORED_MIN_SHARE * n:
        warnings.warn(
            f"only {k:,} of the {n:,} {what} with words ({k / n:.2%}) have a word the sentiment lexicons know; "
            f"every other score is 0, and means and intervals rest on those few (in English prose about half "
            "score): the lexicons are English, and a few English words in a text in another language are all "
            "they read",
            EnglishOnlyWarning,
            stacklevel=caller_level(),
        )


def _with_metadata(table: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """``table`` with every column of ``documents`` it does not have, but the text, joined on ``doc_id``."""
    meta = [c for c in documents.columns if c not in ("text", "n_chars") and c not in table.columns]
    ids = pd.Index(documents["doc_id"])
    rows = ids.get_indexer(table["doc_id"]) if ids.is_unique else None
    if rows is None or (rows < 0).any():  # pragma: no cover - the tables come from one corpus
        return table.merge(documents[["doc_id", *meta]], on="doc_id", how="left")
    # each row's document by position: the table a left merge on doc_id gives, without the merge's
    # copy of the table's own columns (the text of every sentence)
    extra = documents[meta].iloc[rows].reset_index(drop=True)
    return pd.concat([table.reset_index(drop=True), extra], axis=1)


def document_sentiment(
    corpus: Corpus, *, vader: bool = True, n_jobs: int | None = None, neutral: Iterable[str] | None = None
) -> pd.DataFrame:
    """One row per document: TextBlob polarity and subjectivity of its whole text (and VADER compound).

    Columns: ``doc_id``, ``polarity``, ``subjectivity``, ``vader`` (if asked),
    then every column of ``corpus.documents`` but ``text`` and ``n_chars``
    (``date``, ``date_precision``, the metadata), as in :func:`sentence_sentiment`.
    A document's TextBlob score is computed on its whole text, as
    ``TextBlob(text).sentiment`` would -- not the mean of its sentences.

    ``neutral``: phrases kept out of the scores, as in :func:`sentence_sentiment`:
    a document d is scored as mask(d), and a column ``n_neutral`` (the matches
    in d) follows the scores.

    Examples
    --------
    >>> corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a", "b"], "date": ["2020", "2021"],
    ...     "text": ["Ann met Bob in Paris in 1999. Bob left in a bad mood.", "Ann wrote a happy letter."]}))
    >>> ck.document_sentiment(corpus)[["doc_id", "polarity", "vader"]].round(2).to_dict("records")
    [{'doc_id': 'a', 'polarity': -0.35, 'vader': -0.54}, {'doc_id': 'b', 'polarity': 0.8, 'vader': 0.57}]
    """
    check_corpus(corpus)
    check_bool(vader, "vader")
    phrases = check_neutral(neutral, "document_sentiment")
    docs = corpus.documents
    texts, found = _masked(docs["text"], phrases, "document_sentiment")
    out = pd.concat([docs[["doc_id"]].reset_index(drop=True), textblob_scores(texts, n_jobs=n_jobs)], axis=1)
    if vader:
        out["vader"] = vader_scores(texts)["compound"].to_numpy()
    if found is not None:
        out["n_neutral"] = found
    return _with_metadata(out, docs)


#: Largest number of resampled indices drawn at once (n_boot x sample size): 2**23 indices are 64 MB, and
#: their values as many again. Above it the resamples are drawn in blocks of rows, so memory stays bounded
#: whatever the size of a group (the draws then differ from a single draw, but are as deterministic).
BOOTSTRAP_BLOCK = 2**23


def _resampled_means(rng: np.random.Generator, n_boot: int, size: int, mean_of) -> np.ndarray:
    """``mean_of(idx)`` for ``n_boot`` resamples of ``size`` indices, drawn in blocks of rows."""
    if n_boot * size <= BOOTSTRAP_BLOCK:
        return mean_of(rng.integers(0, size, size=(n_boot, size)))
    rows = max(1, BOOTSTRAP_BLOCK // size)
    out = np.empty(n_boot)
    for start in range(0, n_boot, rows):
        stop = min(n_boot, start + rows)
        out[start:stop] = mean_of(rng.integers(0, size, size=(stop - start, size)))
    return out


def min_resamples(level: float = 0.95) -> int:
    """The fewest resamples a percentile interval at ``level`` is computed from: a 95% interval leaves 2.5% of
    the resampled means beyond each bound, which is not one resample of fewer than 40 (then a bound is only the
    most extreme resample, or a value between the two most extreme).

    >>> from corpuskit.sentiment import min_resamples
    >>> min_resamples(0.95), min_resamples(0.9), min_resamples(0.99)
    (40, 20, 200)
    """
    return math.ceil(round(2 / (1 - level), 9))


def check_bootstrap(n_boot: object, level: object = 0.95) -> int:
    """``n_boot`` if it is an integer of at least :func:`min_resamples` (``level``), else :class:`ArgumentError`
    saying why (``level`` is checked too: a number between 0 and 1).

    >>> from corpuskit.sentiment import check_bootstrap
    >>> check_bootstrap(0)
    Traceback (most recent call last):
    corpuskit.errors.ArgumentError: n_boot=0: n_boot must be an integer >= 40 (a 95% percentile interval ...
    """
    if isinstance(level, bool) or not isinstance(level, numbers.Real) or not 0 < level < 1:
        raise ArgumentError(f"level={level!r}: expected a number between 0 and 1 (exclusive), such as 0.95")
    least = min_resamples(level)
    try:
        return check_int(n_boot, "n_boot", minimum=least)
    except ArgumentError as exc:
        if not isinstance(n_boot, numbers.Integral) or isinstance(n_boot, bool):  # the type: nothing to explain
            raise
        raise ArgumentError(
            f"{exc} (a {level * 100:g}% percentile interval leaves {(1 - level) * 50:g}% of the resampled means "
            f"beyond each bound, not one resample of fewer than {least}; the default 2000 gives bounds that change "
            "little with the seed)"
        ) from None


def _check_column(scored: pd.DataFrame, func: str, name: str, value: object, instead: str) -> None:
    """:class:`ArgumentError` unless ``value`` (the argument ``name``) is None or a column of ``scored``."""
    if value is None:
        return
    if not isinstance(value, str):
        raise ArgumentError(f"{func}: {name}={value!r}: expected a column name or None, got {type(value).__name__}")
    if value not in scored.columns:
        raise ArgumentError(
            f"{func}: {name}={value!r} is not a column of the table; its columns are {list(scored.columns)} ({instead})"
        )


def _check_summary(scored: pd.DataFrame, func: str, *, min_n: object, n_boot: object, cluster: object) -> None:
    """The options :func:`summarise_sentiment` and :func:`sentiment_by_period` share, checked before any work."""
    check_int(min_n, "min_n", minimum=0)
    check_bootstrap(n_boot)
    instead = "pass cluster='doc_id' to resample whole documents, or cluster=None to resample sentences"
    _check_column(scored, func, "cluster", cluster, instead)


def bootstrap_mean(
    values: np.ndarray | Sequence[float],
    *,
    n_boot: int = 2000,
    level: float = 0.95,
    seed: int = 0,
    clusters: np.ndarray | Sequence | None = None,
) -> tuple[float, float, float]:
    """Mean and percentile bootstrap interval: (mean, low, high).

    Resamples the values with replacement ``n_boot`` times (or whole clusters,
    e.g. documents, if ``clusters`` is given) with a seeded generator, and takes
    the (1 - level)/2 and (1 + level)/2 quantiles of the resampled means. NaN
    bounds when there are fewer than 2 values (or clusters).

    Examples
    --------
    >>> [round(v, 3) for v in ck.bootstrap_mean([0.1, 0.2, 0.3, 0.6], n_boot=500)]
    [0.3, 0.15, 0.5]
    >>> ck.bootstrap_mean([0.5])  # one value: no interval
    (0.5, nan, nan)
    """
    check_bootstrap(n_boot, level)
    x = np.asarray(values, dtype=float)
    if len(x) == 0:
        return float("nan"), float("nan"), float("nan")
    mean = float(x.mean())
    rng = np.random.default_rng(seed)
    alpha = (1.0 - level) / 2.0
    if clusters is None:
        if len(x) < 2:
            return mean, float("nan"), float("nan")
        means = _resampled_means(rng, n_boot, len(x), lambda idx: x[idx].mean(axis=1))
    else:
        codes, uniq = pd.factorize(pd.Series(clusters))
        k = len(uniq)
        if k < 2:
            return mean, float("nan"), float("nan")
        sums = np.bincount(codes, weights=x, minlength=k)
        counts = np.bincount(codes, minlength=k)
        means = _resampled_means(rng, n_boot, k, lambda pick: sums[pick].sum(axis=1) / counts[pick].sum(axis=1))
    low, high = np.quantile(means, [alpha, 1.0 - alpha])
    return mean, float(low), float(high)


def check_group_values(data: pd.DataFrame, cols: Sequence[str], func: str) -> None:
    """Refuse a grouping column with missing values: grouping would leave those rows out unseen.

    The error counts the rows and names the documents (as ``term_frequency`` does for its ``by=``).
    """
    for c in cols:
        na = data[c].isna()
        if na.any():
            docs = data.loc[na, "doc_id"].unique().tolist() if "doc_id" in data.columns else []
            shown = ", ".join(map(repr, docs[:5])) + (", ..." if len(docs) > 5 else "")
            of = f" of {len(docs)} document(s) ({shown})" if docs else ""
            text = not (pd.api.types.is_numeric_dtype(data[c]) or pd.api.types.is_datetime64_any_dtype(data[c]))
            raise CorpusError(
                f"{func}: column {c!r} is missing for {int(na.sum())} sentence(s){of}, which a group would leave "
                f"out; pass only the rows that have it (scored[scored[{c!r}].notna()]) or fill it"
                + (f" (scored[{c!r}].fillna('(none)'))" if text else " with a value of its type")
                + " (on the command line: fill the column in the metadata table, or group by another)"
            )


def summarise_sentiment(
    scored: pd.DataFrame,
    by: str | Sequence[str],
    *,
    value: str = "polarity",
    min_n: int = 10,
    n_boot: int = 2000,
    seed: int = 0,
    cluster: str | None = None,
) -> pd.DataFrame:
    """Mean ``value`` per group with n, n_docs and a bootstrap 95% interval.

    Sentences without words (``has_words`` False) are not counted. Returns one
    row per group: the ``by`` column(s), ``n`` (sentences), ``n_docs``,
    ``mean``, ``low``, ``high`` and ``too_few`` (n < ``min_n``: the mean is
    shown, but it is not solid). With ``cluster="doc_id"`` the bootstrap
    resamples whole documents, which is more honest when sentences of one
    document are alike, and gives no interval for a group of one document, which
    is then ``too_few`` whatever its n.
    ``n_boot`` is at least 40 (``corpuskit.sentiment.min_resamples``), ``min_n``
    at least 0 (0 or 1 marks no group).

    Examples
    --------
    >>> scored = pd.DataFrame({"doc_id": ["a", "a", "b", "c"], "party": ["red", "red", "red", "blue"],
    ...                        "polarity": [0.2, 0.4, 0.0, -0.5]})
    >>> ck.summarise_sentiment(scored, "party", min_n=2, n_boot=200)
      party  n  n_docs  mean  low  high  too_few
    0  blue  1       1  -0.5  NaN   NaN     True
    1   red  3       2   0.2  0.0   0.4    False
    """
    cols = [by] if isinstance(by, str) else list(by)
    missing = {*cols, value} - set(scored.columns)
    if missing:
        raise CorpusError(f"summarise_sentiment: the table lacks column(s) {sorted(missing)}")
    _check_summary(scored, "summarise_sentiment", min_n=min_n, n_boot=n_boot, cluster=cluster)
    # only the columns used below: filtering the whole table would copy the text of every sentence
    used = [c for c in dict.fromkeys([*cols, value, "doc_id", cluster, "has_words"]) if c in scored.columns]
    data = scored[used]
    data = data[data["has_words"]] if "has_words" in data.columns else data
    check_group_values(data, cols, "summarise_sentiment")
    rows = []
    for key, g in data.groupby(cols, sort=True, dropna=True):
        key = key if isinstance(key, tuple) else (key,)
        mean, low, high = bootstrap_mean(
            g[value].to_numpy(), n_boot=n_boot, seed=seed, clusters=g[cluster].to_numpy() if cluster else None
        )
        rows.append(
            {
                **dict(zip(cols, key)),
                "n": len(g),
                "n_docs": g["doc_id"].nunique() if "doc_id" in g else 1,
                "mean": mean,
                "low": low,
                "high": high,
                # with clusters, one cluster gives no interval however many sentences it holds
                "too_few": len(g) < min_n or (cluster is not None and g[cluster].nunique() < 2),
            }
        )
    return pd.DataFrame(rows, columns=[*cols, "n", "n_docs", "mean", "low", "high", "too_few"])


_FREQ = {"year": "Y", "month": "M", "day": "D"}
#: The label of dates too coarse for the chosen periods, and of years outside a periods table.
TOO_COARSE, OUTSIDE = "(date too coarse)", "(outside the periods)"


def sentiment_by_period(
    scored: pd.DataFrame,
    *,
    freq: str | None = None,
    periods: PeriodTable | None = None,
    by: str | None = None,
    value: str = "polarity",
    min_n: int = 10,
    n_boot: int = 2000,
    seed: int = 0,
    cluster: str | None = None,
) -> pd.DataFrame:
    """Sentiment by publication period, respecting each date's precision.

    A sentence is placed in the period of its document's date: with ``freq``
    ``"year"`` (the default), ``"decade"`` (``"1960s"``: 1960-1969),
    ``"month"`` or ``"day"``; or with ``periods``, a table of inclusive year
    ranges with labels (see :func:`corpuskit.dates.read_periods`: a list of
    ``{first, last, label}``, a DataFrame with those columns, or a YAML file
    such as the book's ``periods.yml``). A date known less precisely than the
    periods need (a month-precision date, asked for days) cannot be placed:
    its sentences are not guessed into a period but reported in a row whose
    ``period`` is ``"(date too coarse)"``; years outside every period of a
    table are reported as ``"(outside the periods)"``.

    ``by`` splits the series by any column of the table (``"party"``,
    ``"genre"``, ``"part"`` for articles apart from reader comments); by
    default there is one series.

    Returns the :func:`summarise_sentiment` columns with ``period`` (a string
    such as ``"2013"``, ``"1960s"``, ``"2013-06"`` or a period's label) and the
    ``by`` column; rows follow the series, then time (a table's periods in
    its order), then the two rows of unplaced sentences.

    Examples
    --------
    >>> corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a", "b"], "date": ["2020", "2021"],
    ...     "text": ["Ann met Bob in Paris in 1999. Bob left in a bad mood.", "Ann wrote a happy letter."]}))
    >>> scored = ck.sentence_sentiment(corpus)
    >>> ck.sentiment_by_period(scored, freq="year", min_n=2, n_boot=200)[["period", "n", "mean", "too_few"]]
      period  n   mean  too_few
    0   2020  2 -0.175    False
    1   2021  1  0.800     True
    """
    if periods is not None and freq is not None:
        raise ArgumentError("give freq= or periods=, not both")
    freq = "year" if freq is None and periods is None else freq
    table = read_periods(periods) if periods is not None else None
    if freq is not None and freq not in (*_FREQ, "decade"):
        raise ArgumentError(f"freq={freq!r} is not one of {[*_FREQ, 'decade']}")
    need = {"date", "date_precision", value}
    missing = need - set(scored.columns)
    if missing:
        raise CorpusError(f"sentiment_by_period: the table lacks column(s) {sorted(missing)}")
    _check_column(scored, "sentiment_by_period", "by", by, "pass by=None for a single series")
    _check_summary(scored, "sentiment_by_period", min_n=min_n, n_boot=n_boot, cluster=cluster)
    if scored["date"].isna().any():
        bad = scored.loc[scored["date"].isna(), "doc_id"].unique().tolist()
        n_docs = scored["doc_id"].nunique()
        shown = ", ".join(map(repr, bad[:5])) + (", ..." if len(bad) > 5 else "")
        raise CorpusError(
            f"{len(bad)} of {n_docs} documents have no date ({shown}): they cannot be placed in time; "
            + (
                "pass the dated rows only (scored[scored['date'].notna()])"
                if len(bad) < n_docs
                else "the corpus is undated (date_col=None)"
            )
        )
    used = [by, "date", "date_precision", value, "doc_id", cluster, "has_words"]  # not the text
    data = scored[[c for c in dict.fromkeys(used) if c is not None and c in scored.columns]].copy()
    if by is not None:
        check_group_values(data[data["has_words"]] if "has_words" in data else data, [by], "sentiment_by_period")
    rank = {p: i for i, p in enumerate(PRECISIONS)}
    coarse = data["date_precision"].map(rank) < rank["year" if freq in (None, "decade") else freq]
    if table is not None:
        data["period"] = period_labels(data["date"].dt.year, table).fillna(OUTSIDE)
        order = [*table["label"], OUTSIDE]
    elif freq == "decade":
        data["period"] = (data["date"].dt.year // 10 * 10).astype(str) + "s"
        order = None
    else:
        data["period"] = data["date"].dt.to_period(_FREQ[freq]).astype(str)
        order = None
    data.loc[coarse, "period"] = TOO_COARSE
    keys = [by] if by else []
    out = summarise_sentiment(
        data, [*keys, "period"], value=value, min_n=min_n, n_boot=n_boot, seed=seed, cluster=cluster
    )
    place = {p: i for i, p in enumerate(order or sorted(set(out["period"]) - {TOO_COARSE, OUTSIDE}))}
    place.update({OUTSIDE: len(place), TOO_COARSE: len(place) + 1})
    out = out.assign(_place=out["period"].map(place)).sort_values([*keys, "_place"], kind="mergesort")
    return out.drop(columns="_place").reset_index(drop=True)


def extreme_sentences(
    scored: pd.DataFrame, by: str | Sequence[str] | None = None, *, n: int = 3, value: str = "polarity"
) -> pd.DataFrame:
    """The ``n`` most positive and ``n`` most negative sentences (of each group).

    Returns ``side`` (``"positive"``/``"negative"``), the group column(s), ``doc_id``,
    ``sentence_id``, the score and ``text``; ties are broken by document order,
    so the result is stable. Sentences with a score of exactly 0 are not
    evidence of either side and are skipped.

    Examples
    --------
    >>> corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a", "b"], "date": ["2020", "2021"],
    ...     "text": ["Ann met Bob in Paris in 1999. Bob left in a bad mood.", "Ann wrote a happy letter."]}))
    >>> scored = ck.sentence_sentiment(corpus)
    >>> ck.extreme_sentences(scored, n=1)[["side", "doc_id", "polarity", "text"]].round(2).to_dict("records")
    [{'side': 'positive', 'doc_id': 'b', 'polarity': 0.8, 'text': 'Ann wrote a happy letter.'},
     {'side': 'negative', 'doc_id': 'a', 'polarity': -0.35, 'text': 'Bob left in a bad mood.'}]
    """
    cols = [] if by is None else ([by] if isinstance(by, str) else list(by))
    check_frame(scored, "scored", [*cols, "doc_id", "sentence_id", value, "text"], what="from sentence_sentiment")
    check_int(n, "n", minimum=1)
    keep = list(dict.fromkeys([*cols, "doc_id", "sentence_id", value, "text"]))
    # the rows are chosen on the narrow columns (indexed by row position), and only the chosen rows
    # of the full table (with the text) are taken
    narrow = list(dict.fromkeys([*cols, "doc_id", "sentence_id", value]))
    if "has_words" in scored.columns:
        narrow.append("has_words")
    data = scored[narrow].set_axis(np.arange(len(scored)), axis=0)
    data = data[data[value] != 0]
    if "has_words" in data.columns:
        data = data[data["has_words"]]
    full = scored[keep]
    check_group_values(data, cols, "extreme_sentences")
    parts = []
    groups = data.groupby(cols, sort=True) if cols else [((), data)]
    for _, g in groups:
        g = g.sort_values(["doc_id", "sentence_id"], kind="mergesort")
        pos = g[g[value] > 0].sort_values(value, ascending=False, kind="mergesort").head(n)
        neg = g[g[value] < 0].sort_values(value, ascending=True, kind="mergesort").head(n)
        parts += [full.iloc[pos.index].assign(side="positive"), full.iloc[neg.index].assign(side="negative")]
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=[*keep, "side"])
    return out[["side", *keep]]


def _average_ranks(values: np.ndarray) -> np.ndarray:
    """The rank of each value within its row, ties given the mean of their ranks (``Series.rank()``, row by row).

    In sorted order, a run of equal values at (0-based) positions ``i..j`` all get
    ``(i + j) / 2 + 1``: the mean of the ranks ``i + 1 .. j + 1``, as pandas computes it (their sum
    over their count), exactly. The values must not be NaN.

    Examples
    --------
    >>> from corpuskit.sentiment import _average_ranks
    >>> _average_ranks(np.array([[0.5, 0.1, 0.5, -1.0], [2.0, 2.0, 2.0, 2.0]])).tolist()
    [[3.5, 2.0, 3.5, 1.0], [2.5, 2.5, 2.5, 2.5]]
    """
    rows, n = values.shape
    order = np.argsort(values, axis=1, kind="stable")
    ordered = np.take_along_axis(values, order, axis=1)
    pos = np.broadcast_to(np.arange(n), (rows, n))
    differs = ordered[:, 1:] != ordered[:, :-1]
    first = np.ones((rows, n), dtype=bool)
    first[:, 1:] = differs
    last = np.ones((rows, n), dtype=bool)
    last[:, :-1] = differs
    start = np.maximum.accumulate(np.where(first, pos, 0), axis=1)
    end = np.minimum.accumulate(np.where(last, pos, n)[:, ::-1], axis=1)[:, ::-1]
    ranks = np.empty((rows, n))
    np.put_along_axis(ranks, order, (start + end) / 2 + 1, axis=1)
    return ranks


def sentiment_agreement(
    scored: pd.DataFrame, *, a: str = "polarity", b: str = "vader", n: int = 10, seed: int = 0
) -> dict:
    """How far two sentiment measures agree on the same sentences.

    Returns ``{"spearman": rho, "low": ..., "high": ..., "n": sentences,
    "same_sign": share of sentences where both are non-zero and agree in sign,
    "disagreements": DataFrame}``. rho is Spearman's rank correlation (Pearson
    correlation of average ranks), with a seeded bootstrap 95% interval over
    sentences; ``disagreements`` lists the ``n`` sentences whose ranks differ
    most (rank difference as a share of the number of sentences).

    Examples
    --------
    >>> corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a", "b"], "date": ["2020", "2021"],
    ...     "text": ["Ann met Bob in Paris in 1999. Bob left in a bad mood.", "Ann wrote a happy letter."]}))
    >>> agree = ck.sentiment_agreement(ck.sentence_sentiment(corpus))
    >>> agree["n"], round(agree["spearman"], 2), agree["same_sign"]
    (3, 1.0, 1.0)
    """
    check_frame(scored, "scored", [a, b, "text"], what="from sentence_sentiment")
    data = scored[scored["has_words"]] if "has_words" in scored.columns else scored
    data = data.dropna(subset=[a, b])
    if len(data) < 3:
        raise CorpusError("sentiment_agreement needs at least 3 scored sentences")
    ra, rb = data[a].rank().to_numpy(), data[b].rank().to_numpy()
    rho = float(np.corrcoef(ra, rb)[0, 1])
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(data), size=(1000, len(data)))
    boots = []
    va, vb = data[a].to_numpy(), data[b].to_numpy()
    # the average ranks of every resample at once; each pair of rows copied out, as the one-resample
    # arrays they equal, for the correlation
    for x, y in zip(_average_ranks(va[idx]), _average_ranks(vb[idx])):
        x, y = x.copy(), y.copy()
        if x.std() > 0 and y.std() > 0:
            boots.append(np.corrcoef(x, y)[0, 1])
    low, high = np.quantile(boots, [0.025, 0.975])
    both = (va != 0) & (vb != 0)
    same = float((np.sign(va[both]) == np.sign(vb[both])).mean()) if both.any() else float("nan")
    diff = (ra - rb) / len(data)
    dis = (
        data.assign(rank_gap=diff, abs_gap=np.abs(diff))
        .sort_values(["abs_gap", "doc_id", "sentence_id"], ascending=[False, True, True], kind="mergesort")
        .head(n)
    )
    return {
        "spearman": rho,
        "low": float(low),
        "high": float(high),
        "n": len(data),
        "same_sign": same,
        "disagreements": dis[["doc_id", "sentence_id", a, b, "rank_gap", "text"]].reset_index(drop=True),
    }
