"""Stage 3 of the pipeline: paragraphs, sentences and word tokens with offsets.

Everything here is rule-based and ships with the package (no model or data
download): paragraphs are blocks of a document's text separated by blank lines;
sentences come from :func:`segment_sentences`, a boundary detector driven by
the abbreviation lists in ``corpuskit/data/english.yml``; tokens come from
:func:`tokenize`, a regular expression that keeps the forms a reader of news
and policy prose needs (``U.S.``, ``24/7``, ``U.S.-Canadian``, ``anti-trust``,
``Canada's``).

Each table carries character offsets into the document's text (``start``,
``end``) and into the raw source (``source_start``, ``source_end``), so any
count can be traced back to the sentence, and the bytes, behind it.
"""

from __future__ import annotations

import dataclasses
import re
import warnings
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from itertools import chain, repeat
from typing import Any

import numpy as np
import pandas as pd

from .corpus import Corpus, TextColumn, check_corpus
from .errors import (
    ArgumentError,
    CorpusError,
    EnglishOnlyWarning,
    MarkupWarning,
    WordBoundaryWarning,
    caller_level,
    check_bool,
    check_frame,
)
from .parallel import auto_jobs, balanced_ranges, map_slices
from .validation import Validation, score_spans
from .yamlio import read_package_yaml

__all__ = [
    "ABBREVIATION_LISTS",
    "TOKEN_PATTERN",
    "TokenIndex",
    "default_stopwords",
    "marked_spellings",
    "paragraphs",
    "segment_sentences",
    "sentence_boundary_scores",
    "sentences",
    "stopword_mask",
    "token_index",
    "tokenize",
    "tokens",
    "with_sentence_rules",
]


@lru_cache(maxsize=1)
def _english() -> dict:
    data = read_package_yaml("english.yml")
    abbr = data["abbreviations"]
    for key, words in [*abbr.items(), ("sentence_openers", data["sentence_openers"]), ("stopwords", data["stopwords"])]:
        bad = [w for w in words if not isinstance(w, str)]
        if bad:  # YAML reads bare no/on/off as booleans: quote them
            raise CorpusError(f"corpuskit/data/english.yml: {key} has non-string entries {bad}")
    return {
        "titles": frozenset(abbr["titles"]),
        "inner": frozenset(abbr["inner"]),
        "may_end": frozenset(abbr["may_end"]),
        "final": frozenset(abbr["final"]),
        "months": frozenset(abbr["months"]),
        "openers": frozenset(data["sentence_openers"]),
        "stopwords": frozenset(data["stopwords"]),
    }


def default_stopwords() -> frozenset[str]:
    """The default English stopword list (lower-case), from ``data/english.yml``.

    English only: ``tokens(stopwords=True)`` warns (:class:`~corpuskit.errors.EnglishOnlyWarning`,
    once) when most letters of the corpus are not Latin letters.

    Examples
    --------
    >>> from corpuskit.segment import default_stopwords
    >>> "the" in default_stopwords(), "cat" in default_stopwords()
    (True, False)
    """
    return _english()["stopwords"]


def stopword_set(stopwords: bool | Iterable[str] | None) -> frozenset[str]:
    """Resolve a ``stopwords=`` argument.

    ``True`` gives :func:`default_stopwords`, ``None`` or ``False`` none, and an
    iterable of words those words, lower-cased. A single string is an error
    (it would silently become a set of letters).

    Examples
    --------
    >>> from corpuskit.segment import stopword_set
    >>> sorted(stopword_set(["The", "Of"])), len(stopword_set(None))
    (['of', 'the'], 0)
    """
    if stopwords is True:
        return default_stopwords()
    if stopwords is None or stopwords is False:
        return frozenset()
    if isinstance(stopwords, str) or not isinstance(stopwords, Iterable):
        raise ArgumentError(
            f"stopwords={stopwords!r}: expected True, None, or an iterable of words, not a "
            f"{'single string' if isinstance(stopwords, str) else type(stopwords).__name__}"
        )
    words = list(stopwords)
    bad = [w for w in words if not isinstance(w, str)]
    if bad:
        raise ArgumentError(f"stopwords: every entry must be a string, got {bad[:5]!r}")
    return frozenset(w.lower() for w in words)


def check_replace(replace: object) -> dict[str, str] | None:
    """A ``replace=`` argument as a dict of strings (or None); :class:`ArgumentError` otherwise.

    Examples
    --------
    >>> from corpuskit.segment import check_replace
    >>> check_replace({"US": "U.S."})
    {'US': 'U.S.'}
    >>> check_replace("US")
    Traceback (most recent call last):
    corpuskit.errors.ArgumentError: replace='US': expected a mapping of spelling variants, e.g. {'US': 'U.S.'}

    A key is a whole token as the tokenizer cuts the text: a key it would cut otherwise can match nothing.

    >>> check_replace({"e'": "è"})
    Traceback (most recent call last):
    corpuskit.errors.ArgumentError: replace: the key "e'" is not one token (the tokenizer cuts it into ['e']), ...
    """
    if replace is None:
        return None
    if not isinstance(replace, Mapping):
        raise ArgumentError(f"replace={replace!r}: expected a mapping of spelling variants, e.g. {{'US': 'U.S.'}}")
    bad = [(k, v) for k, v in replace.items() if not isinstance(k, str) or not isinstance(v, str)]
    if bad:
        raise ArgumentError(f"replace: keys and values must be strings, got {bad[:3]!r}")
    for key in replace:
        cut = [key[a:b] for a, b in tokenize(key)]
        if cut != [key]:
            raise ArgumentError(
                f"replace: the key {key!r} is not one token (the tokenizer cuts it into {cut}), so it can match "
                "nothing; keys are whole tokens as written"
            )
    return dict(replace)


def warn_unused_replace(index: TokenIndex, replace: Mapping[str, str] | None) -> None:
    """An :class:`~corpuskit.errors.UnusedRuleWarning` for ``replace`` keys that no token of the corpus is.

    Keys are matched case-sensitively, before lower-casing (``{"us": "u.s."}`` does not touch ``US``).
    """
    if not replace:
        return
    from .errors import UnusedRuleWarning

    counts = index.form_counts()
    unused = [k for k in replace if k not in counts]
    if unused:
        warnings.warn(
            f"replace: {len(unused)} key(s) match no token of the corpus: {unused[:10]} (keys are whole tokens, "
            "matched as written: case counts)",
            UnusedRuleWarning,
            stacklevel=caller_level(),
        )
    # the same words capitalised (a verse line's or a sentence's first word: "Vpon", "Haue"), which the keys,
    # matched as written, leave as they are, while the keys' own forms are replaced: said, with their counts
    other_case = {}
    for k in (k for k in replace if k.islower()):  # a key with a capital ("US") chose its case on purpose
        for variant in {k.capitalize(), k.upper()} - {k}:
            if variant in counts and variant not in replace:
                other_case[variant] = k
    if other_case:
        shown = sorted(other_case, key=lambda v: -counts[v])
        total = sum(counts[v] for v in other_case)
        warnings.warn(
            f"replace: {len(other_case)} key(s) also occur in another case, {total} token(s) in all, which are not "
            "replaced (keys are matched as written, so that {'US': 'U.S.'} leaves the pronoun 'us' alone): "
            + ", ".join(f"{v!r} ({counts[v]}x, key {other_case[v]!r})" for v in shown[:5])
            + ("..." if len(shown) > 5 else "")
            + "; add those forms to replace to merge them too",
            UnusedRuleWarning,
            stacklevel=caller_level(),
        )


# ---------------------------------------------------------------------------------------------
# English-only resources
# ---------------------------------------------------------------------------------------------
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
_LETTER = re.compile(r"[^\W\d_]")
#: (resource, hash of the corpus's sample) already warned about: once per resource and corpus, not per call
_warned: set[tuple[str, int]] = set()


def _latin_and_letters(text: str) -> tuple[int, int]:
    """``len(_LATIN.findall(text)), len(_LETTER.findall(text))``, counted per distinct character.

    Both patterns are one character class, so a character's match does not depend on its
    neighbours: each distinct character is tested once and counted as often as it occurs.
    """
    if not text:
        return 0, 0
    codes, counts = np.unique(
        np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32), return_counts=True
    )
    latin = letters = 0
    for c, n in zip(codes.tolist(), counts.tolist()):
        ch = chr(c)
        if _LETTER.match(ch):
            letters += n
        if _LATIN.match(ch):
            latin += n
    return latin, letters


#: Frequent English words that other languages written in Latin letters rarely use as words ("to", "is",
#: "in", "a", "no", "was", "will" are left out: Polish, Irish, Italian, Spanish and German have them). In
#: English prose they are about a fifth of the words (17-29% in the five seeds, the State of the Union
#: addresses and the English fortunes); in Spanish, Italian, Polish and Irish texts below 0.3%.
_ENGLISH_MARKERS = frozenset(
    "the and of that for with this they you not have but which from his their were been would there what are".split()
)
_WORDS = re.compile(r"[^\W\d_]+")
#: Below this share of those words (on at least 200 words), a Latin-script text is taken for another language.
ENGLISH_MIN_SHARE = 0.05


#: Scripts written without spaces between words: Han, Hiragana, Katakana (``_CJK``); Thai, Lao, Khmer,
#: Myanmar, Tibetan (``_SOUTHEAST``).
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f\U00020000-\U0002fa1f"
_SOUTHEAST = "\u0e00-\u0eff\u1780-\u17ff\u1000-\u109f\u0f00-\u0fff"
_UNSPACED = re.compile(f"[{_CJK}{_SOUTHEAST}]")
_UNSPACED_RUNS = re.compile(f"(?P<cjk>[{_CJK}]+)|[{_SOUTHEAST}]+")
#: From this share of the letters on, a corpus is warned about (a Chinese quotation in English prose is not).
UNSPACED_MIN_SHARE = 0.1
#: The longest run of such letters that is taken for a word: Chinese and Japanese words are mostly of one to
#: three characters, words of the other scripts run longer. A text already split into words has most of its
#: letters in shorter runs (Chinese split by jieba: 5% of the letters in longer runs; the same texts not
#: split: 89%), and is not warned about.
UNSPACED_WORD_MAX = {"cjk": 3, "other": 12}
#: From this share of those letters in runs longer than a word on, the text is taken for unsplit.
UNSPACED_CLAUSE_SHARE = 0.5


#: The language checks read at most this many pieces of the corpus, each of about PIECE characters.
SAMPLE_PIECES, SAMPLE_PIECE = 100, 5000


def _language_pieces(texts: Iterable[str]) -> list[str]:
    """What the language checks read: up to :data:`SAMPLE_PIECES` pieces of about :data:`SAMPLE_PIECE`
    characters, spread evenly over the whole corpus (not its first texts: a corpus whose first documents are
    English and the rest German is checked on both). A piece starts at a text and runs on through the
    texts after it until it is long enough, so that short texts (sentences, comments) make pieces too.
    Texts are read by position (a pandas Series is not copied)."""
    if not hasattr(texts, "__len__") or not hasattr(texts, "__getitem__"):
        texts = list(texts)
    at = texts.iloc.__getitem__ if isinstance(texts, pd.Series) else texts.__getitem__
    n = len(texts)
    step = max(1, n // SAMPLE_PIECES)
    pieces = []
    for start in range(0, n, step):
        parts, size, i = [], 0, start
        while size < SAMPLE_PIECE and i < n:
            text = at(i)
            if isinstance(text, str):
                parts.append(text[: SAMPLE_PIECE - size])
                size += len(parts[-1])
            i += 1
        if parts:
            pieces.append(" ".join(parts))
        if len(pieces) >= SAMPLE_PIECES:
            break
    return pieces


def _language_sample(texts: Iterable[str]) -> str:
    """The pieces of :func:`_language_pieces`, joined: about 500,000 characters at most, from the whole corpus."""
    return "\n".join(_language_pieces(texts))


def warn_if_unspaced(texts: Iterable[str]) -> None:
    """Warn once per corpus if at least :data:`UNSPACED_MIN_SHARE` of the letters (in samples spread over the
    corpus, :func:`_language_pieces`) belong to a script written without spaces between words, and at least
    :data:`UNSPACED_CLAUSE_SHARE` of those lie in runs longer than a word (:data:`UNSPACED_WORD_MAX`): there
    :data:`TOKEN_PATTERN` makes a token of a whole clause (:class:`~corpuskit.errors.WordBoundaryWarning`).
    A text already split into words, with spaces between them, is not warned about."""
    sample = _language_sample(texts)
    key = ("unspaced", hash(sample))
    if key in _warned:
        return
    _, letters = _latin_and_letters(sample)
    unspaced = clauses = 0
    for m in _UNSPACED_RUNS.finditer(sample):
        n = m.end() - m.start()
        unspaced += n
        if n > UNSPACED_WORD_MAX["cjk" if m.group("cjk") else "other"]:
            clauses += n
    if letters >= 20 and unspaced >= UNSPACED_MIN_SHARE * letters and clauses >= UNSPACED_CLAUSE_SHARE * unspaced:
        _warned.add(key)
        warnings.warn(
            "part of the corpus is written in a script without spaces between words (Chinese, Japanese, Thai, "
            "...): a token is a run of letters between spaces and punctuation, so there it is a clause, not a "
            "word: term counts and keyness count clauses, collocations find none, and kwic, actors and events "
            "find a word only where it stands alone between spaces or punctuation; split such texts into words "
            "first (e.g. jieba for Chinese, fugashi for Japanese, pythainlp for Thai) and join the words with "
            "spaces",
            WordBoundaryWarning,
            stacklevel=caller_level(),
        )


#: Markup: an HTML or XML tag (``<div class="body">``, ``</p>``, ``<br/>``, ``<!-- ... -->``, ``<!DOCTYPE html>``,
#: ``<?xml ...?>``) or a character entity (``&amp;``, ``&#39;``, ``&#x27;``). A tag opens with a name right after
#: ``<`` (so "x < y" and "a <- b" are no tag) and holds no other ``<`` or ``>``; attributes are bounded, so the
#: scan is linear in the text.
_MARKUP = re.compile(
    r"<(?:(?P<tag>/?[A-Za-z][A-Za-z0-9:-]*)(?:\s[^<>]{0,2000})?/?|!--[^<>]{0,2000}?--|![A-Za-z][^<>]{0,2000}"
    r"|\?[A-Za-z][^<>]{0,2000}\?)>"
    r"|(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
)
#: From this share of a sample's characters inside tags and entities on, the sample is taken for markup.
#: Measured on pieces of the language check (about 5,000 characters each): HTML pages 0.49 to 0.87 (the
#: Python 3.11 documentation in English, 317 pages; Debian's developers' reference in Russian, 29 pages);
#: plain text 0 to 0.10 (five seeds 0, the licences of /usr/share/common-licenses 0, the Python
#: documentation's reStructuredText sources, with their XML and HTML examples, at most 0.10; the HTML pages
#: once their tags were set aside by cleaning rules, at most 0.02).
MARKUP_MIN_SHARE = 0.2
#: Pieces shorter than this are not judged (a one-line "<b>Note</b>" is not a corpus of markup).
MARKUP_MIN_CHARS = 200


def warn_if_markup(texts: Iterable[str] | None = None, *, pieces: Sequence[str] | None = None) -> bool:
    r"""Warn once per corpus if much of it is markup; return whether it is (warned now or before).

    Reads the samples of the language checks (:func:`_language_pieces`, or
    ``pieces`` when the caller has them): when at least a tenth of the pieces
    of :data:`MARKUP_MIN_CHARS` characters or more have

    .. math:: \frac{\text{characters inside tags and entities}}{\text{characters}} \ge
              \text{MARKUP\_MIN\_SHARE} = 0.2

    (:data:`_MARKUP`), a :class:`~corpuskit.errors.MarkupWarning` says what was
    found (the share, the commonest tags and entities) and what to do. HTML
    pages measure 0.49 and above, plain text 0.10 at most (see
    :data:`MARKUP_MIN_SHARE`). :func:`warn_if_not_english` calls it first and
    says nothing about the language of a corpus of markup: tag names and
    entities are not words of any language.

    Examples
    --------
    >>> import warnings
    >>> from corpuskit.segment import warn_if_markup
    >>> page = '<div class="body"><p>It&#39;s <a href="/x">here</a>.</p></div>\n' * 20
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     found = warn_if_markup([page]), warn_if_markup(["It's here. " * 40])
    >>> found
    (True, False)
    >>> print(str(caught[0].message).split(": counted")[0])  # doctest: +NORMALIZE_WHITESPACE
    84% of the characters in samples spread over the corpus are markup, in 1 of 1 samples at least 20% (tags
    <div> (40), <p> (40), <a> (40); entities &#39; (20))
    """
    if pieces is None:
        pieces = _language_pieces(texts if texts is not None else [])
    key = ("markup", hash("\n".join(pieces)))
    if key in _warned:
        return True
    judged = dense = 0
    tags: Counter[str] = Counter()
    entities: Counter[str] = Counter()
    inside = total = 0
    for piece in pieces:
        if len(piece) < MARKUP_MIN_CHARS:
            continue
        n = 0
        for m in _MARKUP.finditer(piece):
            n += m.end() - m.start()
            if m.group("tag"):
                tags[m.group("tag").lstrip("/").lower()] += 1
            elif m.group("entity"):
                entities[m.group("entity")] += 1
        judged += 1
        inside += n
        total += len(piece)
        dense += n >= MARKUP_MIN_SHARE * len(piece)
    if not dense or dense < 0.1 * judged:
        return False
    _warned.add(key)
    found = []
    if tags:
        found.append("tags " + ", ".join(f"<{t}> ({n:,})" for t, n in tags.most_common(5)))
    if entities:
        found.append("entities " + ", ".join(f"{e} ({n:,})" for e, n in entities.most_common(3)))
    warnings.warn(
        f"{inside / total:.0%} of the characters in samples spread over the corpus are markup, in {dense} of "
        f"{judged} samples at least {MARKUP_MIN_SHARE:.0%} ({'; '.join(found)}): counted as text, tag and "
        "attribute names become the top terms (div, span, class, href), an entity such as &#39; the term '39', and "
        "sentences run across the page's layout. Strip the markup before loading (the standard library's "
        "html.parser, or BeautifulSoup(page, 'html.parser').get_text('\\n\\n')), or set tags and entities aside "
        "with cleaning rules; see the README's 'HTML and other markup'. (The English-only checks are not run "
        "on such text: tag names belong to no language.)",
        MarkupWarning,
        stacklevel=caller_level(),
    )
    return True


def warn_if_not_english(texts: Iterable[str], what: str) -> None:
    """Warn once per resource and corpus (another corpus is checked again) if ``texts`` do not look English.

    The abbreviation lists, the stopword list and the sentiment lexicons are
    English. On a corpus in another language they silently do little, or the
    wrong thing (Spanish *sin* and *no* are English words to them); an
    :class:`~corpuskit.errors.EnglishOnlyWarning` says so. Two tests, on up to
    100 samples of about 5,000 characters spread evenly over the corpus
    (:func:`_language_pieces`): most letters are not Latin letters; or, in at
    least a tenth of the samples with 200 words or more, fewer than
    :data:`ENGLISH_MIN_SHARE` of the words are among :data:`_ENGLISH_MARKERS`
    (*the*, *and*, *of*, ...), which make about a fifth of English prose: a
    corpus partly in another language is warned about too.
    """
    pieces = _language_pieces(texts)
    sample = "\n".join(pieces)
    key = (what, hash(sample))
    if key in _warned:
        return
    if warn_if_markup(pieces=pieces):
        return  # markup, not the language, is what is wrong with the text
    latin, letters = _latin_and_letters(sample)
    if letters >= 20 and latin < letters / 2:
        _warned.add(key)
        warnings.warn(
            f"{what} are English-only, but {1 - latin / letters:.0%} of the corpus's letters are not Latin "
            "letters: expect them to do little on this text",
            EnglishOnlyWarning,
            stacklevel=caller_level(),
        )
        return
    # each piece on its own: a corpus partly in another language is seen, not averaged away
    shares = []
    for piece in pieces:
        words = _WORDS.findall(piece.lower())
        if len(words) >= 200:
            shares.append(sum(w in _ENGLISH_MARKERS for w in words) / len(words))
    foreign = [x for x in shares if x < ENGLISH_MIN_SHARE]
    if shares and len(foreign) >= max(1, 0.1 * len(shares)):
        _warned.add(key)
        part = "the corpus does not read" if len(foreign) == len(shares) else "part of the corpus does not read"
        warnings.warn(
            f"{what} are English-only, but {part} as English: in {len(foreign)} of {len(shares)} samples spread "
            f"over it (about {SAMPLE_PIECE:,} characters each) fewer than {ENGLISH_MIN_SHARE:.0%} of the words "
            "are frequent English words such as 'the', 'and', 'of' (about 20% of English prose); on such text "
            "they do little, or the wrong thing",
            EnglishOnlyWarning,
            stacklevel=caller_level(),
        )


# ---------------------------------------------------------------------------------------------
# Sentences
# ---------------------------------------------------------------------------------------------
# A candidate boundary: terminal punctuation, closing quotes/brackets, then either whitespace or
# (for run-together text such as "Smith.Relations") a capitalised word.
#
# The look-behind makes a candidate start only at the first of a run of terminal punctuation: without
# it, "Wow!!!...!" at a paragraph end is tried from every "!" and the scan is quadratic.
# The closing marks after a terminal: quotes and brackets, the German closing quote “ („Nein.“), and the French
# guillemets closed after a space (« Bonjour. »).
# Full-width terminals (。！？, the Devanagari danda, the Burmese and Khmer full stops, the Ethiopic full stop
# and question mark ። ፧, which the word separator ፡ may follow instead of a space) end a sentence with or
# without a following space; the other scripts' terminals, like ".!?", before a space: the Arabic question
# mark ؟ (Arabic, Persian, Urdu), the Urdu full stop ۔, the Armenian full stop ։. (Not the Greek question
# mark ";": the same character as a semicolon.)
_TERMINALS = ".!?\u2026\u061f\u06d4\u0589"
#: An ASCII terminal followed directly by Han or kana (``_CJK``, written without spaces) ends a sentence as a
#: full-width one does ("真的吗?!好吧。").
_CJK_CHAR = re.compile(f"[{_CJK}]")
#: A Japanese case particle, which no sentence begins with: を, or one of に が へ で と の は も や followed by
#: a character that is not hiragana (not the start of a word such as はい, では, もし).
_PARTICLE = re.compile("\u3092|[\u306b\u304c\u3078\u3067\u3068\u306e\u306f\u3082\u3084](?![\u3041-\u309f])")
_WIDE_TERMINALS = "\u3002\uff01\uff1f\uff0e\uff61\u0964\u0965\u104b\u17d4\u1362\u1367"
#: What may close a quotation or a bracket right after a terminal: quotes, brackets, guillemets of either
#: direction (French and Russian close with » ›, German with « ‹: »Geh.« Sie ging.).
_CLOSE_AFTER = "\"'\u201c\u201d\u2019)\\]\u00bb\u203a\u00ab\u2039"
_CANDIDATE = re.compile(
    rf"""(?<![{_TERMINALS}{_WIDE_TERMINALS}])
    (?:(?P<wide>[{_WIDE_TERMINALS}][{_TERMINALS}{_WIDE_TERMINALS}]*)(?P<wclose>["'\u201d\u2019)\]\u300d\u300f\uff09\u1361]*)
      |(?P<term>[{_TERMINALS}]+)(?P<close>(?:[{_CLOSE_AFTER}]|[ \u00a0\u202f][\u00bb\u203a])*)
       (?:(?P<space>\s+)|(?=[A-Z][a-z])|(?P<cjk>(?=[{_CJK}]))))""",
    re.VERBOSE,
)
# Where candidates can start: the first character of a run of terminal punctuation (the candidate
# pattern, tried only there, says the same with its look-behind; searching for the run is faster
# than trying that look-behind at every character).
_TERMINAL_RUN = re.compile(rf"[{_TERMINALS}{_WIDE_TERMINALS}]+")
#: What may open a sentence besides a capital or a digit: quotes and brackets, and the marks other languages
#: put first -- Spanish ¿ ¡, the guillemet and low quotes of French, German, Polish, Russian (« ‹ „ ‚),
#: and the dash of dialogue (— ―). Not » or ›: French closes with them after a space ("« Pourquoi ? »").
_OPENERS = "\"'\u201c\u2018([\u00bf\u00a1\u00ab\u2039\u201e\u201a\u2014\u2015"
_NEXT_WORD = re.compile(rf"""[{_OPENERS}]*([A-Za-z]+)""")
_OPENING = set(_OPENERS)
#: Of those, the ones that a continuation may also begin with ("— спросила она", "——that protect"): after
#: them a sentence starts only if the first letter is not a lower-case one.
_LEAD_MARKS = set("\u00bf\u00a1\u00ab\u2039\u201e\u201a\u2014\u2015")
#: A hyphen or an en dash opening a turn of dialogue: the dash, spaces (not a line break), any opening marks,
#: then the first letter (group 1).
_DASH_TURN = re.compile(rf"[-\u2013][^\S\r\n]+[{_OPENERS}]*([^\W\d_])")
# A blank line: a line break, then a line holding nothing but whitespace (spaces, tabs, a form feed),
# then another line break. A line break is LF, CRLF, or a CR on its own (old Mac files).
_NL = r"(?:\r\n|\r(?!\n)|\n)"
_PARAGRAPH_BREAK = re.compile(rf"{_NL}[^\S\r\n]*{_NL}\s*")


def segment_sentences(
    text: str,
    *,
    abbreviations: Mapping[str, Iterable[str]] | None = None,
    openers: Iterable[str] | None = None,
) -> list[tuple[int, int]]:
    """Split ``text`` into sentences; return their ``(start, end)`` offsets.

    Rules, in order (abbreviation lists in ``data/english.yml``):

    1. A blank line always ends a sentence (headings are sentences of their own),
       and so does a line break before a list item written one per line: a
       line that opens with a bullet (``*``, ``•``, ``◦`` ...), or with a dash
       or a number (``1.``, ``2)``) after a line ending with ``:`` or ``;`` or
       opened by such a marker itself (a wrapped line of prose may begin with
       ``- `` or ``12. ``). The number of a list item at the start of a line
       ends no sentence (``1. A tenure of office``).
    2. A candidate boundary is ``.``, ``!``, ``?`` or ``…`` (possibly repeated),
       then any closing quotes or brackets (which stay with the sentence), then
       whitespace -- or no whitespace if a capitalised word follows directly
       (``Smith.Relations``), provided the word before has two or more letters.
    3. The next non-space character must be an upper-case letter, a digit or an
       opening quote/bracket; a lower-case letter or a dash means the sentence
       goes on (``after all... or``, ``(resp. the``).
    4. For a full stop, the word before it decides -- its last run of letters
       and dots, so that a title after a dash, a hyphen or a quote is still a
       title (``—Dr. King``, ``Lakes-St. Lawrence``, ``"Mr. Sam"``): a title
       (``Dr.``, ``Mr.``) or an inner abbreviation (``i.e.``, ``cf.``) never
       ends a sentence; a single capital (``John F. Kennedy``) is an initial;
       a word that may end a sentence (``etc.``, ``art.``, ``no.``) ends one
       before a capitalised word or an opening quote or bracket, not before a
       number (``No. 1``, ``art. 5``, ``Art. II.``);
       a dotted abbreviation (``U.S.``, ``D.C.``), a month (``Sept.``, not
       before a number) or a company suffix (``Inc.``) ends a sentence only
       before a common sentence opener (``U.S. The`` vs. ``U.S. Congressman``,
       a name-like continuation). At the end of a paragraph every one of them
       ends the sentence (rule 1).

    The offsets exclude surrounding whitespace; every non-space character of
    ``text`` belongs to exactly one sentence. Full-width terminals (``。！？``),
    the Devanagari danda and the Burmese and Khmer full stops end a sentence with
    or without a space after them; the Arabic question mark ``؟``, the Urdu full
    stop ``۔``, the Armenian full stop ``։`` and the Ethiopic ``።`` ``፧`` end one
    before a space, as ``.!?`` do. An ASCII ``.!?`` between two Han or kana
    characters ends a sentence too (``真的吗?!好吧。``), unless a Japanese case
    particle follows (``ちょーだい!に``). In text already split into words
    (jieba, MeCab), closing quotes after a spaced full-width terminal stay with
    its sentence (``国 ？ ” 孟子``; a straight ``"`` only if it closes one
    opened before it), a full stop standing alone is judged by the word before
    its space (``35 . 5`` is a decimal, ``J . K .`` initials), and a sentence
    of nothing but closing quotes or brackets joins the one before it. The
    abbreviation rules are English only.

    Parameters
    ----------
    abbreviations
        Words to add to the lists, per call: a mapping from a list's name to
        words, written without their final period and compared lower-case.
        The lists are ``titles`` and ``inner`` (never end a sentence),
        ``final`` (end one before a capitalised word), ``may_end`` and
        ``months`` (end one only before an opener); e.g.
        ``{"titles": ["Capt", "Msgr"], "final": ["viz"]}``.
    openers
        Words to add to the sentence openers (compared lower-case).

    Examples
    --------
    >>> ck.segment_sentences("Dr. Smith left at 5 p.m. on Monday. He came back.")
    [(0, 35), (36, 49)]
    """
    if not isinstance(text, str):
        raise ArgumentError(f"text: expected a string, got {type(text).__name__}")
    eng = _lists(_freeze_abbreviations(abbreviations), _freeze_words(openers, "openers"))
    return _segment(text, eng)[0]


def _segment(text: str, eng: dict) -> tuple[list[tuple[int, int]], list[int]]:
    """The sentences of ``text`` (as :func:`segment_sentences`) and where its paragraphs begin (the
    starts of :func:`_paragraph_spans`), from one pass over its blocks."""
    out: list[tuple[int, int]] = []
    paragraph_starts: list[int] = []
    for pa_, pb_ in _blocks(text):
        pa, pb = _strip(text, pa_, pb_)
        if pb > pa:
            paragraph_starts.append(pa)
        for a, b in _items(text, pa_, pb_):  # a list item ends a sentence (and stays in its paragraph)
            start, first, quotes = a, len(out), _QuoteParity(text, a)
            for run in _TERMINAL_RUN.finditer(text, a, b):
                # the candidates of _CANDIDATE.finditer(text, a, b): a match starts at the first character of
                # a run of terminals (its look-behind) and ends after the run; nothing after it is a terminal
                m = _CANDIDATE.match(text, run.start(), b)
                if m is None:
                    continue
                wide = m.group("wide") is not None
                end = m.end("wclose") if wide else m.end("close")
                if wide:
                    end = _spaced_closers(text, end, b, quotes)
                if end >= b:
                    continue
                if _wide_boundary(text, m, end) if wide else _is_boundary(text, m, b, eng):
                    out.append((start, end))
                    start = end if wide else m.end()
            if start < b:
                out.append((start, b))
            _join_lone_closers(text, out, first)
    spans = []
    for s, e in out:  # without the whitespace around them (most sentences have none: not called then)
        if e > s and (text[s].isspace() or text[e - 1].isspace()):
            s, e = _strip(text, s, e)
        if e > s:
            spans.append((s, e))
    return spans, paragraph_starts


#: Bullets that open a list item wherever a line starts with one (then a space or tab, then text).
_BULLETS = "\u2022\u2023\u25e6\u25aa\u25cf\u25cb\u25a0\u25a1*"
# A line that opens a list item: indentation, a marker (a bullet, a dash, or a number with "." or ")"),
# a space or tab, then text. A dash or a number opens one only after a line ending with ":" or ";" or a
# line that opens a list item itself: a wrapped line of prose may begin with "- " or "12. ".
_ITEM_LINE = re.compile(
    rf"{_NL}(?P<indent>[^\S\r\n]*)(?:(?P<bullet>[{_BULLETS}])|(?P<dash>[-\u2013])|(?P<num>\d{{1,2}}[.)]))[^\S\r\n]+(?=\S)"
)
_ITEM_MARK = re.compile(rf"[^\S\r\n]*(?:[{_BULLETS}\u2013-]|\d{{1,2}}[.)])[^\S\r\n]")


def _items(text: str, a: int, b: int) -> Iterable[tuple[int, int]]:
    """``[a, b)`` cut before each line that opens a list item (see :data:`_ITEM_LINE`): the items of a
    list written one per line ("* Fix ...", "• ...", "1. ...") are sentences, not one long run."""
    if text.find("\n", a, b) < 0 and text.find("\r", a, b) < 0:
        yield a, b
        return
    start = a
    in_list = _ITEM_MARK.match(text, a) is not None  # the block opens with an item: a list
    for m in _ITEM_LINE.finditer(text, a, b):
        line_end = min(x for x in (text.find("\n", m.end(), b), text.find("\r", m.end(), b), b) if x >= 0)
        if m.group("bullet") == "*" and text[m.end() : line_end].rstrip().endswith("*"):
            continue  # a line of a box drawn with asterisks ("*  Disclaimer of Warranty  *"), not an item
        if m.group("bullet") is None and not in_list:
            line = max(text.rfind("\n", a, m.start()), text.rfind("\r", a, m.start())) + 1
            previous = text[max(line, a) : m.start()]
            if not (previous.rstrip().endswith((":", ";")) or _ITEM_MARK.match(previous)):
                continue
        in_list = True  # once in a list, a dash or number line after a wrapped item is an item too
        cut = m.start("indent")
        if cut > start:
            yield start, cut
            start = cut
    yield start, b


#: Marks that only ever close a quotation or a bracket (never open one).
_CLOSING_ONLY = "\u201d\u2019\u00bb\u203a)]}\u300d\u300f\uff09\u3011\u300b\u3009\u3015\u3017\u3019\u301b"
_SPACED_CLOSERS = re.compile(f'[^\\S\\r\\n]+(?:[{re.escape(_CLOSING_ONLY)}"])+')
_LONE_CLOSERS = re.compile(f"""[\\s{re.escape(_CLOSING_ONLY)}"']+""")


class _QuoteParity:
    """How many straight double quotes stand before a position of one item, counted as the positions asked
    about grow (each character is counted once, however many positions are asked about)."""

    def __init__(self, text: str, start: int) -> None:
        self.text, self.pos, self.n = text, start, 0

    def odd_before(self, i: int) -> bool:
        if i > self.pos:
            self.n += self.text.count('"', self.pos, i)
            self.pos = i
        return self.n % 2 == 1


def _spaced_closers(text: str, end: int, limit: int, quotes: _QuoteParity) -> int:
    """Where a full-width terminal's sentence ends when closing marks follow it after spaces, as in text already
    split into words ("何 以 利 吾 国 ？ ” 孟子"): after those marks. A straight double quote counts only if it
    closes one opened earlier in the item (an odd number of them before it)."""
    m = _SPACED_CLOSERS.match(text, end, limit)
    if m is None:
        return end
    k = end
    for i in range(end, m.end()):
        c = text[i]
        if c == '"':
            if not quotes.odd_before(i):
                break  # an opening quote: the next sentence starts with it
            k = i + 1
        elif not c.isspace():
            k = i + 1
    return k


def _join_lone_closers(text: str, out: list[tuple[int, int]], first: int) -> None:
    """Join to the sentence before it a sentence of ``out[first:]`` made of nothing but closing quotes and
    brackets (a quote left over after a full stop, as text split into words leaves it: "说 ： “ 好 。 ”")."""
    i = max(first + 1, 1)
    while i < len(out):
        s, e = out[i]
        if i > first and _LONE_CLOSERS.fullmatch(text, s, e) and not text[s:e].isspace():
            out[i - 1] = (out[i - 1][0], e)
            del out[i]
        else:
            i += 1


def _wide_boundary(text: str, m: re.Match, end: int) -> bool:
    """Whether a full-width terminal (``。！？``, the danda) ends a sentence: always, unless it closes a
    quotation that a Japanese quotative particle continues (``「はい。」と彼は言った。`` is one sentence; in text
    split into words, ``「 はい 。 」 と``, spaces may stand between them)."""
    if _PARTICLE.match(text, end):
        return False  # "ちょーだい！に18日": no sentence begins with a case particle
    if end == m.end("wide"):
        return True  # no closing mark: nothing for a particle to continue
    while end < len(text) and text[end] in " \t":
        end += 1
    return not text.startswith(("\u3068", "\u3063\u3066"), end)


def _blocks(text: str) -> Iterable[tuple[int, int]]:
    pos = 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        yield pos, m.start()
        pos = m.end()
    yield pos, len(text)


def _strip(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


#: The lists of abbreviations a caller may extend (``segment_sentences(abbreviations=...)``).
ABBREVIATION_LISTS: tuple[str, ...] = ("titles", "inner", "final", "may_end", "months")


def _freeze_words(words: Iterable[str] | None, name: str) -> frozenset[str]:
    if words is None:
        return frozenset()
    if isinstance(words, str) or not isinstance(words, Iterable):
        raise ArgumentError(f"{name}: expected a list of words, got {type(words).__name__} {words!r:.60}")
    words = list(words)
    bad = [w for w in words if not isinstance(w, str) or not w.strip(". ")]
    if bad:
        raise ArgumentError(f"{name}: every entry must be a non-empty word, got {bad[:5]!r}")
    return frozenset(w.strip().rstrip(".").lower() for w in words)


def _freeze_abbreviations(abbreviations: Mapping[str, Iterable[str]] | None) -> tuple:
    if abbreviations is None:
        return ()
    if not isinstance(abbreviations, Mapping):
        raise ArgumentError(
            f"abbreviations: expected a mapping from a list name ({', '.join(ABBREVIATION_LISTS)}) to words, "
            f"e.g. {{'titles': ['Msgr']}}, got {type(abbreviations).__name__}"
        )
    unknown = [k for k in abbreviations if k not in ABBREVIATION_LISTS]
    if unknown:
        raise ArgumentError(f"abbreviations: unknown list(s) {unknown}; expected {', '.join(ABBREVIATION_LISTS)}")
    return tuple(sorted((k, _freeze_words(v, f"abbreviations[{k!r}]")) for k, v in abbreviations.items()))


@lru_cache(maxsize=32)
def _lists(extra: tuple, openers: frozenset[str]) -> dict:
    """The English lists, extended by a caller's words; ``all`` is every abbreviation."""
    eng = dict(_english())
    for key, words in extra:
        eng[key] = eng[key] | words
    eng["openers"] = eng["openers"] | openers
    eng["all"] = frozenset().union(*(eng[k] for k in ABBREVIATION_LISTS))
    return eng


# The word before a full stop: its last run of letters and dots after a dash, hyphen, slash or quote
# ("—Dr", "Lakes-St", '"Mr' give dr, st, mr), never a piece of a longer word ("1st", "$6M", "1970's").
_PREV_CORE = re.compile(r"(?<![\w'\u2019])[^\W\d_][\w.]*$")
# A Roman numeral after "art." numbers an article ("ART. II. Spain will ...").
_ROMAN = re.compile(r"[IVXLC]{2,}\b|[IVX]\.")
_LIST_NUMBER = re.compile(r"(\d{1,2})\.")


def _list_number(text: str, pos: int) -> bool:
    """Whether the number at ``pos`` numbers a list item, not the last word of a sentence.

    Inline, after ":" or ";" ("as follows: 1. Do not"), or after a sentence's end when the number before it
    was written the same way shortly before ("... 1. Do not read. 2. Do not write": a 2 after "1. ").
    At the start of a line (only indentation before it), when its line opens the text or a paragraph, or
    follows a line ending with a terminal, ":" or ";", a line that opens an item ("Among them are:\n1. A
    tenure") or a heading in capitals ("LAWS\n1. The first"); not after a wrapped line of prose ("added under
    section\n7. This ...").
    """
    k = pos - 1
    while k >= 0 and text[k] in " \t":
        k -= 1
    if k < 0:
        return True
    if text[k] in ":;":
        return True
    if text[k] in _TERMINALS and k < pos - 1:
        n = _LIST_NUMBER.match(text, pos)
        if n is None or int(n.group(1)) < 2:
            return False
        before = re.compile(rf"(?:^|[\s:;(]){int(n.group(1)) - 1}\.\s")
        return before.search(text, max(0, pos - 2000), pos) is not None
    if text[k] not in "\r\n":
        return False
    end = k - 1 if text[k] == "\n" and k > 0 and text[k - 1] == "\r" else k
    line = max(text.rfind("\n", 0, end), text.rfind("\r", 0, end)) + 1
    previous = text[line:end].rstrip()
    if not previous.strip() or previous.endswith((":", ";", *_TERMINALS)) or _ITEM_MARK.match(previous):
        return True
    letters = [c for c in previous if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters if c.isupper() or c.islower())


def _prev_word(text: str, end: int) -> str:
    r"""The run of non-space characters just before ``end`` (at most 64 characters back).

    What ``re.search(r"(\S*)$", text[max(0, end - 64):end]).group(1)`` gives -- ``$`` also matches
    before a final newline -- without trying the pattern from each of those 64 positions.
    """
    w = text[max(0, end - 64) : end]
    if w.endswith("\n"):
        w = w[:-1]
    if not w or w[-1].isspace():
        return ""
    return w.rsplit(None, 1)[-1]


def _is_boundary(text: str, m: re.Match, limit: int, eng: dict) -> bool:
    term = m.group("term")
    nxt_pos = m.end()
    if nxt_pos >= limit:
        return False
    nxt = text[nxt_pos]
    uncased = nxt.isalpha() and not nxt.isupper() and not nxt.islower()  # Devanagari, Arabic, CJK, ...
    if nxt in "-\u2013":
        # a turn of dialogue typed with a hyphen or an en dash ("Три вида лжи. - Правда? - С ней"): a dash, a
        # space, then a word that does not begin in lower case
        d = _DASH_TURN.match(text, nxt_pos, limit)
        if d is None or not (d.group(1).isupper() or not d.group(1).islower()):
            return False
    elif not (nxt.isupper() or nxt.isdigit() or nxt in _OPENING or uncased):
        return False
    if nxt in _LEAD_MARKS:
        k = nxt_pos
        while k < limit and (text[k] in _LEAD_MARKS or text[k].isspace()):
            k += 1
        if k < limit and text[k].islower():
            return False  # a dash of dialogue before the narrator's words, a continued interruption
    if m.group("cjk") is not None:
        # "吗?!好", "中国.日本": a terminal between two CJK characters ("Yahoo!路線" is a name, "だい!に" goes on)
        # (an ellipsis trails off: "認めたが……憲法" goes on)
        after_cjk = _CJK_CHAR.match(text, m.start() - 1) is not None
        return term[0] in ".!?" and after_cjk and not _PARTICLE.match(text, nxt_pos)
    prev = _prev_word(text, m.start())
    if not prev and term == "." and m.start() and text[m.start() - 1].isspace():
        # a full stop standing alone, as in text already split into words ("35 . 5", "J . K . Rowling"): the
        # word before the space decides, and a stop between two numbers is a decimal point, not a boundary
        k = m.start()
        while k and text[k - 1].isspace() and m.start() - k < 64:
            k -= 1
        prev = _prev_word(text, k)
        if prev.isdigit() and nxt.isdigit():
            return False
    if term == "." and prev.isdigit() and len(prev) <= 2 and _list_number(text, m.start() - len(prev)):
        return False  # the number of a list item at the start of a line ("1. A tenure of office")
    prev_core = prev.lstrip("\"'\u201c\u2018([").lower()
    if m.group("space") is None:  # run-together: "Smith.Relations"
        letters = sum(ch.isalpha() for ch in prev_core)
        return term[0] in "!?" or (letters >= 2 and "." not in prev_core and prev_core not in eng["all"])
    if term != ".":
        return True  # ! ? ... and combinations
    if m.group("close"):
        return True  # `soul."` -- a quote closed after the full stop
    core = _PREV_CORE.search(prev_core)
    word = core.group() if core else prev_core
    if word in eng["titles"] or word in eng["inner"]:
        return False
    if len(word) == 1 and word.isalpha() and prev[-1:].isupper():
        return False  # an initial: "John F. Kennedy"
    nw = _NEXT_WORD.match(text, nxt_pos)
    next_word = nw.group(1).lower() if nw else ""
    if word in eng["final"]:
        return not nxt.isdigit() and not _ROMAN.match(text, nxt_pos)  # "art. It" ends; "art. 5", "art. II" not
    if "." in word and re.fullmatch(r"(?:[a-z]\.)+[a-z]", word):
        return next_word in eng["openers"]  # U.S. / D.C. / U.N.
    if word in eng["months"]:
        return not nxt.isdigit() and next_word in eng["openers"]
    if word in eng["may_end"]:
        return next_word in eng["openers"]
    return True


# ---------------------------------------------------------------------------------------------
# Tokens
# ---------------------------------------------------------------------------------------------
#: Combining marks (Unicode categories Mn, Mc, Me; Unicode 14.0.0), as a character-class body.
#: Generated with unicodedata; tests/test_segment.py checks it against the running Python's tables.
_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u05bf\u05c1-\u05c2\u05c4-\u05c5\u05c7\u0610-\u061a"
    "\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7-\u06e8\u06ea-\u06ed\u0711\u0730-\u074a"
    "\u07a6-\u07b0\u07eb-\u07f3\u07fd\u0816-\u0819\u081b-\u0823\u0825-\u0827\u0829-\u082d\u0859-\u085b"
    "\u0898-\u089f\u08ca-\u08e1\u08e3-\u0903\u093a-\u093c\u093e-\u094f\u0951-\u0957\u0962-\u0963"
    "\u0981-\u0983\u09bc\u09be-\u09c4\u09c7-\u09c8\u09cb-\u09cd\u09d7\u09e2-\u09e3\u09fe\u0a01-\u0a03"
    "\u0a3c\u0a3e-\u0a42\u0a47-\u0a48\u0a4b-\u0a4d\u0a51\u0a70-\u0a71\u0a75\u0a81-\u0a83\u0abc"
    "\u0abe-\u0ac5\u0ac7-\u0ac9\u0acb-\u0acd\u0ae2-\u0ae3\u0afa-\u0aff\u0b01-\u0b03\u0b3c\u0b3e-\u0b44"
    "\u0b47-\u0b48\u0b4b-\u0b4d\u0b55-\u0b57\u0b62-\u0b63\u0b82\u0bbe-\u0bc2\u0bc6-\u0bc8\u0bca-\u0bcd"
    "\u0bd7\u0c00-\u0c04\u0c3c\u0c3e-\u0c44\u0c46-\u0c48\u0c4a-\u0c4d\u0c55-\u0c56\u0c62-\u0c63"
    "\u0c81-\u0c83\u0cbc\u0cbe-\u0cc4\u0cc6-\u0cc8\u0cca-\u0ccd\u0cd5-\u0cd6\u0ce2-\u0ce3\u0d00-\u0d03"
    "\u0d3b-\u0d3c\u0d3e-\u0d44\u0d46-\u0d48\u0d4a-\u0d4d\u0d57\u0d62-\u0d63\u0d81-\u0d83\u0dca"
    "\u0dcf-\u0dd4\u0dd6\u0dd8-\u0ddf\u0df2-\u0df3\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u0eb1\u0eb4-\u0ebc"
    "\u0ec8-\u0ecd\u0f18-\u0f19\u0f35\u0f37\u0f39\u0f3e-\u0f3f\u0f71-\u0f84\u0f86-\u0f87\u0f8d-\u0f97"
    "\u0f99-\u0fbc\u0fc6\u102b-\u103e\u1056-\u1059\u105e-\u1060\u1062-\u1064\u1067-\u106d\u1071-\u1074"
    "\u1082-\u108d\u108f\u109a-\u109d\u135d-\u135f\u1712-\u1715\u1732-\u1734\u1752-\u1753\u1772-\u1773"
    "\u17b4-\u17d3\u17dd\u180b-\u180d\u180f\u1885-\u1886\u18a9\u1920-\u192b\u1930-\u193b\u1a17-\u1a1b"
    "\u1a55-\u1a5e\u1a60-\u1a7c\u1a7f\u1ab0-\u1ace\u1b00-\u1b04\u1b34-\u1b44\u1b6b-\u1b73\u1b80-\u1b82"
    "\u1ba1-\u1bad\u1be6-\u1bf3\u1c24-\u1c37\u1cd0-\u1cd2\u1cd4-\u1ce8\u1ced\u1cf4\u1cf7-\u1cf9"
    "\u1dc0-\u1dff\u20d0-\u20f0\u2cef-\u2cf1\u2d7f\u2de0-\u2dff\u302a-\u302f\u3099-\u309a\ua66f-\ua672"
    "\ua674-\ua67d\ua69e-\ua69f\ua6f0-\ua6f1\ua802\ua806\ua80b\ua823-\ua827\ua82c\ua880-\ua881"
    "\ua8b4-\ua8c5\ua8e0-\ua8f1\ua8ff\ua926-\ua92d\ua947-\ua953\ua980-\ua983\ua9b3-\ua9c0\ua9e5"
    "\uaa29-\uaa36\uaa43\uaa4c-\uaa4d\uaa7b-\uaa7d\uaab0\uaab2-\uaab4\uaab7-\uaab8\uaabe-\uaabf\uaac1"
    "\uaaeb-\uaaef\uaaf5-\uaaf6\uabe3-\uabea\uabec-\uabed\ufb1e\ufe00-\ufe0f\ufe20-\ufe2f\U000101fd"
    "\U000102e0\U00010376-\U0001037a\U00010a01-\U00010a03\U00010a05-\U00010a06\U00010a0c-\U00010a0f"
    "\U00010a38-\U00010a3a\U00010a3f\U00010ae5-\U00010ae6\U00010d24-\U00010d27\U00010eab-\U00010eac"
    "\U00010f46-\U00010f50\U00010f82-\U00010f85\U00011000-\U00011002\U00011038-\U00011046\U00011070"
    "\U00011073-\U00011074\U0001107f-\U00011082\U000110b0-\U000110ba\U000110c2\U00011100-\U00011102"
    "\U00011127-\U00011134\U00011145-\U00011146\U00011173\U00011180-\U00011182\U000111b3-\U000111c0"
    "\U000111c9-\U000111cc\U000111ce-\U000111cf\U0001122c-\U00011237\U0001123e\U000112df-\U000112ea"
    "\U00011300-\U00011303\U0001133b-\U0001133c\U0001133e-\U00011344\U00011347-\U00011348"
    "\U0001134b-\U0001134d\U00011357\U00011362-\U00011363\U00011366-\U0001136c\U00011370-\U00011374"
    "\U00011435-\U00011446\U0001145e\U000114b0-\U000114c3\U000115af-\U000115b5\U000115b8-\U000115c0"
    "\U000115dc-\U000115dd\U00011630-\U00011640\U000116ab-\U000116b7\U0001171d-\U0001172b"
    "\U0001182c-\U0001183a\U00011930-\U00011935\U00011937-\U00011938\U0001193b-\U0001193e\U00011940"
    "\U00011942-\U00011943\U000119d1-\U000119d7\U000119da-\U000119e0\U000119e4\U00011a01-\U00011a0a"
    "\U00011a33-\U00011a39\U00011a3b-\U00011a3e\U00011a47\U00011a51-\U00011a5b\U00011a8a-\U00011a99"
    "\U00011c2f-\U00011c36\U00011c38-\U00011c3f\U00011c92-\U00011ca7\U00011ca9-\U00011cb6"
    "\U00011d31-\U00011d36\U00011d3a\U00011d3c-\U00011d3d\U00011d3f-\U00011d45\U00011d47"
    "\U00011d8a-\U00011d8e\U00011d90-\U00011d91\U00011d93-\U00011d97\U00011ef3-\U00011ef6"
    "\U00016af0-\U00016af4\U00016b30-\U00016b36\U00016f4f\U00016f51-\U00016f87\U00016f8f-\U00016f92"
    "\U00016fe4\U00016ff0-\U00016ff1\U0001bc9d-\U0001bc9e\U0001cf00-\U0001cf2d\U0001cf30-\U0001cf46"
    "\U0001d165-\U0001d169\U0001d16d-\U0001d172\U0001d17b-\U0001d182\U0001d185-\U0001d18b"
    "\U0001d1aa-\U0001d1ad\U0001d242-\U0001d244\U0001da00-\U0001da36\U0001da3b-\U0001da6c\U0001da75"
    "\U0001da84\U0001da9b-\U0001da9f\U0001daa1-\U0001daaf\U0001e000-\U0001e006\U0001e008-\U0001e018"
    "\U0001e01b-\U0001e021\U0001e023-\U0001e024\U0001e026-\U0001e02a\U0001e130-\U0001e136\U0001e2ae"
    "\U0001e2ec-\U0001e2ef\U0001e8d0-\U0001e8d6\U0001e944-\U0001e94a\U000e0100-\U000e01ef"
)
# A word: letters and digits, with the combining marks and joiners (ZWNJ, ZWJ) inside it, so that
# NFD "résumé" and Hindi words stay whole. Marks and [^\W_] are disjoint: the repetition cannot backtrack.
# (The look-ahead only says what the class says -- every mark and joiner lies in U+0300..U+E01EF -- but
# is checked at once, where the long class with characters beyond U+FFFF is tested range by range.)
_WORD = rf"[^\W_]+(?:(?=[\u0300-\U000e01ef])[{_MARKS}\u200c\u200d]+[^\W_]*)*"
_UNIT = r"""(?:
      (?<![\w.])(?:[A-Za-z]\.){2,}(?![A-Za-z])      # U.S.  D.C.  i.e.
    | (?<![\w.])(?:[A-Za-z]\.)+[A-Za-z](?![\w.])     # U.S (final stop missing, as in "U.S-Canadian")
    | \d+(?:[.,:/\u066b\u066c]\d+)+[^\W_]*           # 24/7  60,000  7:35  2.5  (Arabic ٣٫٥ and ١٬٠٠٠)
    | WORD(?:(?:(?<![CJK])['\u2019](?![CJK])|[_\u05f3\u05f4]|(?<=[\u05d0-\u05ea])"(?=[\u05d0-\u05ea]))WORD)*
          (?:(?<=\d)[.,\u066b\u066c]\d+)*
          # words, with inner apostrophes (Canada's, don't; not beside a Chinese or Japanese character,
          # where ’ closes a quotation), single underscores (x86_64, snake_case, as \w+ keeps) and the
          # Hebrew geresh and gershayim of abbreviations (צה״ל, also typed צה"ל); a word that ends in a
          # digit keeps a decimal part (v3.5, python3.11, Arabic و3.5 "and 3.5")
)""".replace("WORD", _WORD).replace("CJK", _CJK)
#: The token regular expression -- units joined by hyphens (``U.S.-Canadian``, ``anti-trust``, ``F-16``;
#: the Hebrew maqaf ``בית־ספר`` too).
TOKEN_PATTERN = rf"{_UNIT}(?:[-\u05be]{_UNIT})*"
_TOKEN_RE = re.compile(TOKEN_PATTERN, re.VERBOSE)


_GAP_OK = re.compile(r"\s*\Z")


def joinable_pairs(text: str, starts: np.ndarray, ends: np.ndarray, sentence_ids: np.ndarray) -> np.ndarray:
    """For consecutive tokens i, i+1 of ``text``: may they form part of one n-gram?

    True when both are in the same sentence and only whitespace separates them
    (so n-grams never span punctuation: "Canada, the" is not a bigram).
    Returns a boolean array of length ``len(starts) - 1``.

    Examples
    --------
    >>> from corpuskit.segment import joinable_pairs
    >>> text = "Cats, dogs and birds. Fish"
    >>> spans = np.array(ck.tokenize(text))
    >>> joinable_pairs(text, spans[:, 0], spans[:, 1], np.array([1, 1, 1, 1, 2])).tolist()
    [False, True, True, False]
    """
    if len(starts) < 2:
        return np.zeros(0, dtype=bool)
    same = sentence_ids[1:] == sentence_ids[:-1]
    gap = np.fromiter(
        (_GAP_OK.match(text, e, s) is not None for e, s in zip(ends[:-1].tolist(), starts[1:].tolist())),
        dtype=bool,
        count=len(starts) - 1,
    )
    return same & gap


def tokenize(text: str) -> list[tuple[int, int]]:
    r"""Word tokens of ``text`` as ``(start, end)`` offsets (punctuation is dropped).

    Keeps dotted abbreviations (``U.S.``, ``D.C.``), numbers with inner
    separators (``24/7``, ``60,000``), words with inner apostrophes
    (``Canada's``, ``don't``) and hyphenated compounds of any of these
    (``U.S.-Canadian``, ``anti-trust``, ``post-1945``) as one token each.
    One underscore between two letters or digits stays inside the word
    (``snake_case``, ``x86_64``); any other underscore -- leading, trailing
    or doubled -- is a separator, like symbols: ``__init__`` is ``init``,
    ``_private`` is ``private``, ``a__b`` is ``a`` and ``b``. (scikit-learn's
    ``\w\w+`` keeps all of these whole: ``__init__``, ``_private``, ``a__b``.)
    Combining marks and zero-width joiners stay inside the word they belong
    to (NFD ``résumé``, Hindi ``नमस्ते``), and letters of any script are word
    characters.

    Examples
    --------
    >>> text = "The U.S.-Canadian deal isn't done."
    >>> [text[a:b] for a, b in ck.tokenize(text)]
    ['The', 'U.S.-Canadian', 'deal', "isn't", 'done']
    >>> text = "__init__ calls _private on snake_case x86_64 a__b"
    >>> [text[a:b] for a, b in ck.tokenize(text)]
    ['init', 'calls', 'private', 'on', 'snake_case', 'x86_64', 'a', 'b']
    """
    if not isinstance(text, str):
        raise ArgumentError(f"text: expected a string, got {type(text).__name__}")
    return [m.span() for m in _TOKEN_RE.finditer(text)]


# ---------------------------------------------------------------------------------------------
# The token index: every token of the corpus, once
# ---------------------------------------------------------------------------------------------
# Characters that may stand at the edges of a whitespace-delimited chunk without changing how the
# chunk tokenizes when what remains (its core) is all letters and digits: none of them is a letter,
# a digit, a combining mark or a joiner, so no token contains one unless it joins two units (the
# stop, comma, colon, slash, apostrophes and hyphen do, between letters or digits: never at an edge
# of such a core), and the look-behinds that the underscore and the stop can fail guard only
# abbreviations, which need a stop inside the core. tests/test_frequency.py checks the first part.
_EDGE = ".,;:!?()[]{}\"'\u2018\u2019\u201c\u201d`*_<>=|~#^+&%$@\\/-\u2013\u2014\u2026\u00ab\u00bb\u201e\u201a"

#: Whitespace chunks whose tokens are remembered while indexing, at most; the memo is emptied when full.
MAX_CHUNKS = 200_000

#: Below this many characters, the index is built in this process (starting workers costs more).
PARALLEL_MIN_CHARS = 2_000_000

# A token (group 1), or the newline put between two chunks (group 1 empty): many chunks in one call.
# Every alternative of a token starts with a letter or digit; the look-ahead says so first, which
# lets the engine pass over punctuation without trying each alternative there (same matches).
_TOKEN_OR_NEWLINE_RE = re.compile(rf"(?=[^\W_])({TOKEN_PATTERN})|\n", re.VERBOSE)

# The memo's mark for a chunk not seen yet (codes are int32).
_UNSEEN = np.iinfo(np.int32).min


def _chunk_tokens(chunks: list[str]) -> list[list[str]]:
    """``[_TOKEN_RE.findall(c) for c in chunks]`` in one call of the regular expression.

    The chunks are joined by newlines. No token contains whitespace, and a newline is neither a
    letter, a digit, an underscore nor a stop, so the pattern's look-behinds and look-aheads
    (``(?<![\\w.])``, ``(?![\\w.])``, ``(?![A-Za-z])``) decide next to it as they do at the start
    and end of a string: each chunk yields the tokens it yields alone.
    """
    groups: list[list[str]] = []
    current: list[str] = []
    for token in _TOKEN_OR_NEWLINE_RE.findall("\n".join(chunks)):
        if token:
            current.append(token)
        else:
            groups.append(current)
            current = []
    groups.append(current)
    return groups


class _ChunkMemo:
    """Whitespace chunks to form codes, each distinct chunk tokenized once: the fast path behind every count.

    A text is cut on whitespace (no token spans whitespace). A chunk whose core (:data:`_EDGE`
    characters stripped from both ends) is all letters and digits is exactly one token, its core
    -- no alternative of :data:`TOKEN_PATTERN` can start in the stripped characters or extend past
    the core without a hyphen, a dot or an apostrophe followed by a letter or digit; the other new
    chunks of a text go to the regular expression together (:func:`_chunk_tokens`). Chunks are
    remembered up to :data:`MAX_CHUNKS` (the memo is emptied when full); forms are numbered in
    order of first appearance.
    """

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.forms: list[str] = []
        # chunk -> the form code of its one token, or -1 - k when it has zero or several: spliced[k]
        self.memo: dict[str, int] = {}
        self.spliced: list[tuple[int, ...]] = []

    def codes(self, chunks: list[str]) -> np.ndarray:
        """Per chunk, its memo code (int32): a form code, or ``-1 - k`` for the tokens ``spliced[k]``.

        Call it once per text: the memo is emptied, when full, only between two calls.
        """
        memo = self.memo
        if len(memo) > MAX_CHUNKS:
            memo.clear()
            self.spliced.clear()
        # (np.array of a list converts faster than np.fromiter of the same map)
        codes = np.array(list(map(memo.get, chunks, repeat(_UNSEEN))), dtype=np.int32)
        unseen = np.flatnonzero(codes == _UNSEEN).tolist()
        if unseen:
            self._learn(list(dict.fromkeys(map(chunks.__getitem__, unseen))))  # first-occurrence order
            if 2 * len(unseen) > len(chunks):
                codes = np.array(list(map(memo.__getitem__, chunks)), dtype=np.int32)
            else:
                codes[unseen] = list(map(memo.__getitem__, map(chunks.__getitem__, unseen)))
        return codes

    def _learn(self, fresh: list[str]) -> None:
        ids, forms, memo, spliced = self.ids, self.forms, self.memo, self.spliced
        ids_get = ids.get
        cores = [chunk.strip(_EDGE) for chunk in fresh]
        alone = list(map(str.isalnum, cores))
        several = iter(_chunk_tokens([c for c, a in zip(fresh, alone) if not a]))
        for chunk, core, a in zip(fresh, cores, alone):
            if a:  # the common case: exactly one token, the core
                c = ids_get(core)
                if c is None:
                    c = ids[core] = len(forms)
                    forms.append(core)
                memo[chunk] = c
                continue
            found = []
            for token in next(several):
                c = ids_get(token)
                if c is None:
                    c = ids[token] = len(forms)
                    forms.append(token)
                found.append(c)
            if len(found) == 1:
                memo[chunk] = found[0]
            else:
                memo[chunk] = -1 - len(spliced)
                spliced.append(tuple(found))

    def parts(self, codes: np.ndarray, rest: np.ndarray) -> tuple[list[tuple[int, ...]], np.ndarray]:
        """The token codes of the chunks at positions ``rest`` of ``codes`` (all negative), and their numbers."""
        parts = list(map(self.spliced.__getitem__, (-1 - codes[rest]).tolist()))
        return parts, np.fromiter(map(len, parts), dtype=np.int64, count=len(parts))


# ASCII characters at which a text may be cut as at whitespace: no token contains one, and none is a
# letter, digit, underscore, stop, comma, colon, slash, apostrophe, hyphen, mark or joiner, so every
# look-around of TOKEN_PATTERN (``(?<![\w.])``, ``(?![\w.])``, ``(?![A-Za-z])``, the look-aheads for a word
# character or a mark) decides next to one as next to a space: replaced by spaces, they leave the same
# tokens, in more and shorter chunks, fewer of which need the regular expression (markup: ``:func:`len```,
# ``f(x)``). tests/test_frequency.py checks the set. Not the double quote: between two Hebrew letters it is
# the gershayim of an abbreviation (צה"ל), inside the token.
_SEPARATORS = "!#$%&()*+;<=>?@[\\]^`{|}~"
_AS_SPACES = bytes.maketrans(_SEPARATORS.encode("ascii"), b" " * len(_SEPARATORS))


def _separated(text: str) -> str:
    """``text`` with each character of :data:`_SEPARATORS` replaced by a space (same length, same tokens).

    Done on the UTF-8 bytes (an ASCII byte is never part of another character's encoding), which
    ``bytes.translate`` maps in one pass; ``surrogatepass`` keeps a lone surrogate as it is.
    """
    return text.encode("utf-8", "surrogatepass").translate(_AS_SPACES).decode("utf-8", "surrogatepass")


#: Characters of one text split into whitespace chunks at a time: a long document is cut at whitespace
#: into pieces of about this size, so the list of its chunks (some 50 bytes each) stays bounded.
PIECE_CHARS = 1 << 22
_SPACE = re.compile(r"\s")


def _pieces(text: str) -> Iterator[str]:
    """``text`` cut at whitespace into pieces of about :data:`PIECE_CHARS` (no chunk is cut)."""
    start, n = 0, len(text)
    while n - start > PIECE_CHARS:
        m = _SPACE.search(text, start + PIECE_CHARS)
        if m is None:
            break
        yield text[start : m.start()]
        start = m.start()
    yield text[start:] if start else text


def _form_codes(texts: Sequence[str]) -> tuple[list[str], list[np.ndarray]]:
    """Surface-form codes of every token of each text, in text order, and the forms they index.

    Each distinct whitespace chunk is tokenized once (:class:`_ChunkMemo`). The result equals
    ``[_TOKEN_RE.findall(text) for text in texts]`` (tested on generated text).
    """
    memo = _ChunkMemo()
    out: list[np.ndarray] = []
    for text, offsets in _short_runs(texts):
        if offsets is None:
            pieces = [_piece_codes(memo, piece) for piece in _pieces(text)]
            out.append(pieces[0] if len(pieces) == 1 else np.concatenate(pieces))
            continue
        # short texts tokenized together: each one's codes are those of its chunks, found by where the chunks
        # of the joined text begin
        codes, reps = _piece_codes(memo, text, with_reps=True)
        first_chunk = np.searchsorted(_chunk_starts(_separated(text)), offsets)
        tokens_before = np.concatenate([[0], np.cumsum(reps)])
        bounds = [*tokens_before[first_chunk].tolist(), len(codes)]
        out.extend(codes[bounds[k] : bounds[k + 1]] for k in range(len(offsets)))
    return memo.forms, out


def _piece_codes(memo: _ChunkMemo, text: str, with_reps: bool = False) -> Any:
    """The form codes of the tokens of ``text`` (a text or a piece of one cut at whitespace), in order; with
    ``with_reps``, also how many tokens each whitespace chunk holds."""
    chunks = _separated(text).split()
    codes = memo.codes(chunks)
    rest = np.flatnonzero(codes < 0)
    reps = np.ones(len(chunks), dtype=np.int64)
    if len(rest):  # chunks of zero or several tokens: spliced in at their place
        parts, lens = memo.parts(codes, rest)
        reps[rest] = lens
        first = np.cumsum(reps) - reps  # where each chunk's tokens begin in the output
        codes = np.repeat(codes, reps)
        within = np.arange(int(lens.sum()), dtype=np.int64) - np.repeat(np.cumsum(lens) - lens, lens)
        codes[np.repeat(first[rest], lens) + within] = np.array(list(chain.from_iterable(parts)), dtype=np.int32)
    return (codes, reps) if with_reps else codes


def _form_counts(texts: Sequence[str]) -> tuple[list[str], list[tuple[np.ndarray, np.ndarray]]]:
    """How often each form occurs in each text, without the tokens' order: for counting words only.

    Per text, ``(codes, n)``: ``n[i]`` occurrences of form ``codes[i]`` (a form may have several
    entries -- ``cat`` from the chunks ``cat`` and ``cat.`` -- that add up). Each distinct chunk
    of a text is looked up once (:class:`collections.Counter` counts the chunks), so this is
    cheaper than :func:`_form_codes` when positions are not needed. The forms, and the codes they
    get, are those :func:`_form_codes` gives for the same texts (tested).
    """
    memo = _ChunkMemo()
    out = []
    for text in texts:
        pieces = [_piece_counts(memo, piece) for piece in _pieces(text)]
        if len(pieces) == 1:
            out.append(pieces[0])
        else:  # a long text: its pieces' entries add up like the entries of one piece
            out.append((np.concatenate([c for c, _ in pieces]), np.concatenate([n for _, n in pieces])))
    return memo.forms, out


def _piece_counts(memo: _ChunkMemo, text: str) -> tuple[np.ndarray, np.ndarray]:
    """``(codes, n)`` of ``text`` (a text or a piece of one cut at whitespace): see :func:`_form_counts`."""
    counted = Counter(_separated(text).split())
    chunks = list(counted)  # distinct, in order of first occurrence
    codes = memo.codes(chunks)
    n = np.array(list(counted.values()), dtype=np.int64)
    rest = np.flatnonzero(codes < 0)
    if len(rest):  # chunks of zero or several tokens: each of their tokens occurs as often as the chunk
        parts, lens = memo.parts(codes, rest)
        keep = codes >= 0
        codes = np.concatenate([codes[keep], np.array(list(chain.from_iterable(parts)), dtype=np.int32)])
        n = np.concatenate([n[keep], np.repeat(n[rest], lens)])
    return codes, n


def _merge_vocabularies(results: list[tuple[list[str], list[np.ndarray]]]) -> tuple[list[str], list[np.ndarray]]:
    """One vocabulary (in order of first appearance) from slices indexed separately."""
    if len(results) == 1:
        return results[0]
    ids: dict[str, int] = {}
    forms: list[str] = []
    codes: list[np.ndarray] = []
    for local_forms, local_codes in results:
        remap = np.empty(len(local_forms), dtype=np.int32)
        for i, form in enumerate(local_forms):
            c = ids.get(form)
            if c is None:
                c = ids[form] = len(forms)
                forms.append(form)
            remap[i] = c
        if np.array_equal(remap, np.arange(len(remap))):  # the first slice: its codes are the merged ones
            codes.extend(local_codes)
            continue
        for c in local_codes:  # in place: no second copy of the slice's codes
            np.take(remap, c, out=c)
        codes.extend(local_codes)
    return forms, codes


def _form_terms(
    forms: Sequence[str], lower: bool = True, replace: Mapping[str, str] | None = None
) -> tuple[list[str], np.ndarray]:
    """The distinct terms of ``forms`` (in order of first appearance) and, per form, its term's code.

    A form's term is the form with the spelling variants of ``replace`` applied (case-sensitively,
    to the whole form), then lower-cased if ``lower``: the one place corpuskit turns a token into
    a term (:meth:`TokenIndex.terms` caches it per index).

    Examples
    --------
    >>> from corpuskit.segment import _form_terms
    >>> terms, codes = _form_terms(["The", "cat", "the", "US"], replace={"US": "U.S."})
    >>> terms, codes.tolist()
    (['the', 'cat', 'u.s.'], [0, 1, 0, 2])
    """
    of_form = [replace.get(form, form) for form in forms] if replace else list(forms)
    if lower:
        of_form = list(map(str.lower, of_form))
    terms = list(dict.fromkeys(of_form))
    ids = dict(zip(terms, range(len(terms))))
    return terms, np.array(list(map(ids.__getitem__, of_form)), dtype=np.int32).reshape(-1)


class TokenIndex:
    """Every token of a corpus, stored once as integers (see :func:`token_index`).

    Attributes
    ----------
    forms
        The distinct surface forms (tokens as written); a token's code indexes this list.
    codes
        The form code of every token, documents in ``corpus.documents`` order, tokens in text
        order (2 bytes per token while there are at most 65,536 forms, else 4).
    bounds
        The tokens of document ``d`` (its row number) are ``codes[bounds[d]:bounds[d + 1]]``.
    """

    def __init__(self, forms: list[str], codes: np.ndarray, bounds: np.ndarray):
        self.forms = forms
        self.codes = codes
        self.bounds = bounds
        self._terms: dict[tuple, tuple[list[str], np.ndarray]] = {}
        self._positions: dict[str, np.ndarray] = {}
        self._doc_positions: dict[int, dict[str, np.ndarray]] = {}
        self._unmarked: dict[str, list[str]] | None = None
        self._form_counts: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self.codes)

    def form_counts(self) -> dict[str, int]:
        """How many tokens each distinct form has (computed once, then kept)."""
        if self._form_counts is None:
            counts = np.bincount(self.codes, minlength=len(self.forms)).tolist()
            self._form_counts = dict(zip(self.forms, counts, strict=True))
        return self._form_counts

    def terms(self, lower: bool = True, replace: Mapping[str, str] | None = None) -> tuple[list[str], np.ndarray]:
        """The terms and, for every form code, its term code.

        A token's term is its surface form with the spelling variants of ``replace`` applied
        (case-sensitively, to the whole form), then lower-cased if ``lower``. This is the only
        place corpuskit turns a token into a term. Computed once per (``lower``, ``replace``),
        over the distinct forms, never per token.
        """
        key = (lower, tuple(sorted((replace or {}).items())))
        if key not in self._terms:
            self._terms[key] = _form_terms(self.forms, lower, replace)
        return self._terms[key]

    def positions(self, corpus: Corpus) -> dict[str, np.ndarray]:
        """Per token: ``start``, ``end`` (offsets in its document's text), ``doc`` (row number of its
        document), ``token_id`` (1-based position in the document), ``sentence_id`` and
        ``sentence_row`` (row of its sentence in the sentences table); built on first use (it needs
        the sentences) and kept. ``corpus`` is the corpus this index belongs to."""
        if not self._positions:
            texts = corpus.documents["text"]
            dtype = self._offset_dtype(corpus)
            rows_of, sent_starts, sent_ids = self._sentence_rows(corpus)
            starts, ends, sids, srows = [], [], [], []
            memo = _SpanMemo()
            for d, (doc_id, text) in enumerate(zip(corpus.documents["doc_id"], texts)):
                known = self._doc_positions.get(d)  # tokenized already by doc_positions
                if known is not None:
                    s, e, sid, srow = (known[k] for k in ("start", "end", "sentence_id", "sentence_row"))
                else:
                    s, e, sid, srow = self._doc_spans(memo, d, doc_id, text, rows_of, sent_starts, sent_ids)
                starts.append(s)
                ends.append(e)
                sids.append(sid)
                srows.append(srow)
            cat = lambda xs: (np.concatenate(xs) if xs else np.zeros(0, dtype=np.int64)).astype(dtype)  # noqa: E731
            n_per_doc = np.diff(self.bounds)
            self._positions = {
                "start": cat(starts),
                "end": cat(ends),
                "sentence_id": cat(sids),
                "sentence_row": cat(srows),
                "doc": np.repeat(np.arange(len(n_per_doc), dtype=np.int32), n_per_doc),
                "token_id": (np.arange(len(self.codes)) - np.repeat(self.bounds[:-1], n_per_doc) + 1).astype(dtype),
            }
            self._doc_positions.clear()  # the documents' own arrays are now slices of these
        return self._positions

    def doc_positions(self, corpus: Corpus, docs: Iterable[int]) -> dict[int, dict[str, np.ndarray]]:
        """:meth:`positions` of the documents at rows ``docs`` only: per document, its tokens'
        ``start``, ``end``, ``sentence_id`` and ``sentence_row`` (the values :meth:`positions` holds
        for them, in its dtypes). Tokenizes only those documents (each once: kept) unless the
        positions of the whole corpus are built already (or these documents, with those done before,
        hold half the tokens: then the whole corpus's are built), so that a query with few hits is cheap."""
        docs = list(dict.fromkeys(int(d) for d in docs))
        names = ("start", "end", "sentence_id", "sentence_row")
        # once the documents asked for (with those done before) hold half the tokens or more, the whole
        # corpus is done at once: a later query of another word then tokenizes nothing
        done = set(self._doc_positions).union(docs)
        if not self._positions and 2 * sum(int(self.bounds[d + 1] - self.bounds[d]) for d in done) >= len(self.codes):
            self.positions(corpus)
        if self._positions:
            pos = self._positions
            return {d: {k: pos[k][self.bounds[d] : self.bounds[d + 1]] for k in names} for d in docs}
        todo = [d for d in docs if d not in self._doc_positions]
        if todo:
            dtype = self._offset_dtype(corpus)
            rows_of, sent_starts, sent_ids = self._sentence_rows(corpus)
            doc_ids, texts = corpus.documents["doc_id"], corpus.documents["text"]
            memo = _SpanMemo()
            for d in todo:
                found = self._doc_spans(memo, d, doc_ids.iat[d], texts.iat[d], rows_of, sent_starts, sent_ids)
                self._doc_positions[d] = {k: v.astype(dtype) for k, v in zip(names, found)}
        return {d: self._doc_positions[d] for d in docs}

    @staticmethod
    def _offset_dtype(corpus: Corpus) -> type:
        texts = corpus.documents["text"]
        big = len(texts) > 0 and int(texts.str.len().max()) >= 2**31
        return np.int64 if big else np.int32

    @staticmethod
    def _sentence_rows(corpus: Corpus) -> tuple[dict, np.ndarray, np.ndarray]:
        sents = sentences_view(corpus)
        rows_of = sents.groupby("doc_id", sort=False).indices
        return rows_of, sents["start"].to_numpy(), sents["sentence_id"].to_numpy()

    def _doc_spans(
        self,
        memo: _SpanMemo,
        d: int,
        doc_id: str,
        text: str,
        rows_of: dict,
        sent_starts: np.ndarray,
        sent_ids: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Starts, ends, sentence ids and sentence rows of the tokens of document ``d``."""
        s, e = memo.spans(text)
        if len(s) != self.bounds[d + 1] - self.bounds[d]:  # pragma: no cover - a broken fast path
            raise CorpusError(f"token index: document {doc_id!r} tokenized two ways")
        rows = rows_of.get(doc_id, np.zeros(0, dtype=np.int64))
        which = np.searchsorted(sent_starts[rows], s, side="right") - 1
        sid = sent_ids[rows][which] if len(rows) else np.zeros(len(s), dtype=np.int64)
        srow = rows[which] if len(rows) else np.zeros(len(s), dtype=np.int64)
        return s, e, sid, srow


#: Letters of the scripts whose spellings may write or leave out optional marks (Hebrew, Arabic and the
#: scripts written with it: Persian, Urdu, ...).
MARKABLE = re.compile("[\u0590-\u05ff\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
#: The marks a spelling may write or leave out without making another word: Hebrew points and cantillation,
#: Arabic vowel signs (harakat), the superscript alef, Quranic marks and honorifics (U+0610-U+061A), the tatweel.
_OPTIONAL_MARKS = re.compile(
    "[\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7\u0610-\u061a\u0640\u064b-\u065f\u0670"
    "\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed]"
)


def marked_spellings(corpus: Corpus, words: Iterable[str]) -> dict[str, list[tuple[str, int]]]:
    """The other spellings of ``words`` that the corpus's tokens use: the same letters with optional marks
    (Arabic vowel signs and honorifics, the tatweel, Hebrew points) added or left out.

    For each word of a script that has such marks (Hebrew, Arabic, Persian, Urdu, ...) and is one token, the
    distinct tokens that differ from it only by those marks and are not among ``words``, with how often each
    occurs, most frequent first; words without such spellings are left out. A word is searched as written
    (:class:`~corpuskit.matching.PhraseMatcher`, ``kwic``), so those occurrences are not found by it.

    Examples
    --------
    >>> moses, voweled = "\u0645\u0648\u0633\u0649", "\u0645\u064f\u0648\u0633\u064e\u0649"  # موسى, مُوسَى
    >>> corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "date": ["2020"],
    ...     "text": [f"{voweled} {moses} {voweled}"]}))
    >>> from corpuskit.segment import marked_spellings
    >>> marked_spellings(corpus, [moses]) == {moses: [(voweled, 2)]}
    True
    """
    words = [w for w in words if MARKABLE.search(w) and _TOKEN_RE.fullmatch(w)]
    if not words:
        return {}
    index = token_index(corpus)
    if index._unmarked is None:  # the forms written with a mark, by their unmarked spelling
        marked: dict[str, list[str]] = {}
        for form in index.forms:
            if _OPTIONAL_MARKS.search(form):
                marked.setdefault(_OPTIONAL_MARKS.sub("", form), []).append(form)
        index._unmarked = marked
    marked, counts = index._unmarked, index.form_counts()
    taken = set(words)
    out: dict[str, list[tuple[str, int]]] = {}
    for w in words:
        key = _OPTIONAL_MARKS.sub("", w)
        spellings = list(marked.get(key, ()))
        if key != w and key in counts:  # the word has marks; the text writes it without them
            spellings.append(key)
        found = sorted(((f, counts[f]) for f in spellings if f not in taken), key=lambda fc: (-fc[1], fc[0]))
        if found:
            out[w] = found
    return out


def token_index(corpus: Corpus, *, n_jobs: int | None = None) -> TokenIndex:
    """The corpus's token index: built on first use, then kept on the corpus.

    Term frequency, concordances, collocations and the tokens table all read it, so the corpus
    is tokenized once however many queries follow. ``n_jobs``: worker processes for the first
    build; ``None`` uses up to two when the corpus has ``PARALLEL_MIN_CHARS`` characters or more.
    Results are identical whatever the number of processes.

    Examples
    --------
    >>> from corpuskit.segment import token_index
    >>> corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a", "b"], "date": ["2020", "2021"],
    ...                                             "text": ["The cat sat.", "The Cat ran."]}))
    >>> index = token_index(corpus)
    >>> len(index), sorted(index.forms), index.bounds.tolist()  # 6 tokens of 5 forms; document 1 is tokens 3 to 5
    (6, ['Cat', 'The', 'cat', 'ran', 'sat'], [0, 3, 6])
    >>> terms, form_term = index.terms(lower=True)
    >>> [terms[t] for t in form_term[index.codes]]
    ['the', 'cat', 'sat', 'the', 'cat', 'ran']
    >>> token_index(corpus) is index  # kept on the corpus
    True
    """
    check_corpus(corpus)
    if n_jobs is not None and (isinstance(n_jobs, bool) or not isinstance(n_jobs, int) or n_jobs < 1):
        raise ArgumentError(f"n_jobs={n_jobs!r}: n_jobs must be a positive integer or None")
    index = corpus._cache.get("token_index")
    if index is None:
        warn_if_unspaced(corpus.documents["text"])
        # the column's own array: sliced and iterated one text at a time, never copied as a whole
        texts = corpus.documents["text"].array
        sizes = corpus.documents["text"].str.len().tolist()
        if n_jobs is None:
            n_jobs = auto_jobs() if sum(sizes) >= PARALLEL_MIN_CHARS else 1
        ranges = balanced_ranges(sizes, min(n_jobs, max(1, len(texts))))
        forms, codes = _merge_vocabularies(map_slices(_form_codes, texts, ranges))
        bounds = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum([len(c) for c in codes], out=bounds[1:])
        dtype = np.uint16 if len(forms) <= 2**16 else np.int32  # 2 bytes per token when the vocabulary allows
        flat = np.empty(int(bounds[-1]), dtype=dtype)
        for d in range(len(codes)):  # each document's codes are freed as soon as they are copied
            flat[bounds[d] : bounds[d + 1]] = codes[d]
            codes[d] = None
        del codes
        index = corpus._cache["token_index"] = TokenIndex(forms, flat, bounds)
    return index


def stopword_mask(terms: Sequence[str], stopwords: frozenset[str]) -> np.ndarray:
    """For each term: does it contain a stopword?

    The one meaning of ``stopwords=`` in corpuskit: a word is a stopword when its lower-cased
    form is in the list, and a term of several words (an n-gram, a collocation) counts as one
    when any of its words is (the words of a term are separated by single spaces).

    Examples
    --------
    >>> from corpuskit.segment import stopword_mask
    >>> stopword_mask(["black cat", "the cat", "state of emergency"], frozenset({"the", "of"})).tolist()
    [False, True, True]
    """
    if not stopwords:
        return np.zeros(len(terms), dtype=bool)
    # a term of one word (most of them) is looked up whole, without splitting
    return np.fromiter(
        (t.lower() in stopwords if " " not in t else any(w.lower() in stopwords for w in t.split(" ")) for t in terms),
        dtype=bool,
        count=len(terms),
    )


# ---------------------------------------------------------------------------------------------
# Token offsets: each distinct whitespace chunk tokenized once
# ---------------------------------------------------------------------------------------------
#: Every character for which ``str.isspace`` is true (and ``\s`` matches) lies below this code
#: point (tests/test_segment.py checks it against the running Python's tables): whitespace is
#: looked up in a table of this many entries, the last one (every character above) False.
_WS_LIMIT = 0x3001
_WS_TABLE = np.zeros(_WS_LIMIT + 1, dtype=bool)
_WS_TABLE[[c for c in range(_WS_LIMIT) if chr(c).isspace()]] = True


def _chunk_starts(text: str) -> np.ndarray:
    """Where each whitespace-delimited chunk of ``text`` begins: the chunks of ``text.split()``, in order."""
    if not text:
        return np.zeros(0, dtype=np.int64)
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    space = _WS_TABLE[np.minimum(codes, _WS_LIMIT)]
    first = ~space
    first[1:] &= space[:-1]
    return np.flatnonzero(first)


class _SpanMemo:
    """Token offsets from whitespace chunks: ``[m.span() for m in _TOKEN_RE.finditer(text)]``, faster.

    No token contains whitespace, no token starts at one, and next to whitespace the token
    pattern's look-behinds and look-aheads decide as they do at the start and end of a string
    (see :func:`_chunk_tokens`): the tokens of a text are the tokens of each of its chunks
    (``text.split()``), shifted by the offset where the chunk begins. Each distinct chunk is
    tokenized once and its tokens' offsets within it remembered (up to :data:`MAX_CHUNKS`
    chunks; the memo is emptied when full); a text's offsets are then put together with array
    operations. tests/test_segment.py checks the result against ``finditer`` on generated text.
    """

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self._clear()

    def _clear(self) -> None:
        self.ids.clear()
        # The arrays have room for more entries than are used (the first `size` chunks and `n_tokens`
        # tokens are): they grow by half when full, so that learning a few chunks per text, as a corpus of
        # many short texts does, costs time in proportion to what is learned, not to what is remembered.
        self.size = 0
        self.n_tokens = 0
        self.n = np.zeros(0, dtype=np.int64)  # per distinct chunk: how many tokens
        self.first = np.zeros(0, dtype=np.int64)  # per distinct chunk: where its tokens begin in rel_*
        self.rel_start = np.zeros(0, dtype=np.int64)  # each remembered token's offsets within its chunk
        self.rel_end = np.zeros(0, dtype=np.int64)

    @staticmethod
    def _room(arr: np.ndarray, used: int, need: int) -> np.ndarray:
        """``arr`` if it holds ``need`` entries, else a larger copy of its first ``used`` ones."""
        if need <= len(arr):
            return arr
        grown = np.empty(max(need, len(arr) + len(arr) // 2, 1024), dtype=arr.dtype)
        grown[:used] = arr[:used]
        return grown

    def _learn(self, fresh: list[str]) -> None:
        n, rel_s, rel_e = [], [], []
        for chunk in fresh:
            core = chunk.strip(_EDGE)
            if core.isalnum():  # the common case: exactly one token, the core (see _ChunkMemo)
                lead = len(chunk) - len(chunk.lstrip(_EDGE))
                rel_s.append(lead)
                rel_e.append(lead + len(core))
                n.append(1)
                continue
            k = 0
            for m in _TOKEN_RE.finditer(chunk):
                a, b = m.span()
                rel_s.append(a)
                rel_e.append(b)
                k += 1
            n.append(k)
        k, t = self.size, self.n_tokens
        m, total = len(fresh), len(rel_s)
        self.ids.update(zip(fresh, range(k, k + m)))
        counts = np.array(n, dtype=np.int64)
        self.n = self._room(self.n, k, k + m)
        self.first = self._room(self.first, k, k + m)
        self.rel_start = self._room(self.rel_start, t, t + total)
        self.rel_end = self._room(self.rel_end, t, t + total)
        self.n[k : k + m] = counts
        self.first[k : k + m] = t + np.cumsum(counts) - counts
        self.rel_start[t : t + total] = rel_s
        self.rel_end[t : t + total] = rel_e
        self.size, self.n_tokens = k + m, t + total

    def _piece_spans(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        chunks = text.split()
        if not chunks:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty
        if len(self.ids) > MAX_CHUNKS:
            self._clear()
        ids = self.ids
        codes = np.array(list(map(ids.get, chunks, repeat(-1))), dtype=np.int64)
        unseen = np.flatnonzero(codes < 0).tolist()
        if unseen:
            self._learn(list(dict.fromkeys(map(chunks.__getitem__, unseen))))
            codes[unseen] = list(map(ids.__getitem__, map(chunks.__getitem__, unseen)))
        starts = _chunk_starts(text)
        counts = self.n[codes]
        total = int(counts.sum())
        ends_at = np.cumsum(counts)
        # token i of the text is token (i - where its chunk's tokens begin) of its chunk
        row = np.repeat(self.first[codes] - (ends_at - counts), counts) + np.arange(total, dtype=np.int64)
        base = np.repeat(starts, counts)
        return base + self.rel_start[row], base + self.rel_end[row]

    def spans(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Starts and ends (int64) of the tokens of ``text``, in order.

        A long text is taken in pieces of about :data:`PIECE_CHARS` cut at whitespace, so that
        its list of chunks stays bounded.
        """
        if len(text) <= PIECE_CHARS:
            return self._piece_spans(text)
        starts, ends, a = [], [], 0
        for piece in _pieces(text):  # contiguous slices: each begins where the one before ends
            s, e = self._piece_spans(piece)
            starts.append(s + a)
            ends.append(e + a)
            a += len(piece)
        return np.concatenate(starts), np.concatenate(ends)

    def starts(self, text: str) -> np.ndarray:
        """Starts of the tokens of ``text`` (as ``spans(text)[0]``; a long text's ends are never held)."""
        if len(text) <= PIECE_CHARS:
            return self._piece_spans(text)[0]
        starts, a = [], 0
        for piece in _pieces(text):
            s = self._piece_spans(piece)[0]
            s += a
            starts.append(s)
            a += len(piece)
        return np.concatenate(starts)


# ---------------------------------------------------------------------------------------------
# Tidy tables
# ---------------------------------------------------------------------------------------------
# Each table is built in one pass over the documents, collecting arrays and making a single
# DataFrame at the end: time grows linearly with the corpus, not with documents x rows.
def _spans_array(spans: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    if not spans:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    arr = np.asarray(spans, dtype=np.int64)
    return arr[:, 0], arr[:, 1]


def _to_source(corpus: Corpus, doc_id: str, starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    om = corpus.offsets.get(doc_id)
    if om is None or len(starts) == 0:  # raw text: offsets are already source offsets
        return starts, ends
    return om.to_source_arrays(starts, ends)


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans = (_strip(text, a, b) for a, b in _blocks(text))
    return [(a, b) for a, b in spans if b > a]


#: The dtype pandas gives a column of Python strings.
_STR = pd.Series(["x"]).dtype


def _table(columns: dict[str, list]) -> pd.DataFrame:
    """One DataFrame from per-document chunks (arrays are concatenated, lists chained)."""
    data = {}
    for name, chunks in columns.items():
        if chunks and isinstance(chunks[0], np.ndarray):
            data[name] = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int64)
        elif chunks and isinstance(chunks[0], pd.api.extensions.ExtensionArray):
            data[name] = type(chunks[0])._concat_same_type(chunks)  # string arrays: chunks joined, not copied
        else:
            items = [x for chunk in chunks for x in chunk]
            data[name] = items if items else np.array([], dtype=object)  # text columns stay text when empty
    return pd.DataFrame(data)


def paragraphs(corpus: Corpus) -> pd.DataFrame:
    r"""One row per paragraph: blocks of text separated by one or more blank lines.

    Columns: ``doc_id``, ``paragraph_id`` (1-based within the document),
    ``start``, ``end`` (offsets into the document text), ``source_start``,
    ``source_end`` (offsets into the raw source), ``text``, ``n_chars``.

    Examples
    --------
    >>> corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "date": ["2020"],
    ...                                             "text": ["The cat sat.\n\nThe cat ran."]}))
    >>> print(ck.paragraphs(corpus)[["doc_id", "paragraph_id", "start", "end", "text"]].to_string(index=False))
    doc_id  paragraph_id  start  end         text
         a             1      0   12 The cat sat.
         a             2     14   26 The cat ran.
    """
    check_corpus(corpus)
    if "paragraphs" not in corpus._cache:
        cols: dict[str, list] = {
            k: [] for k in ("doc_id", "paragraph_id", "start", "end", "source_start", "source_end", "text")
        }
        for doc_id, text in zip(corpus.documents["doc_id"], corpus.documents["text"]):
            spans = _paragraph_spans(text)
            starts, ends = _spans_array(spans)
            src_s, src_e = _to_source(corpus, doc_id, starts, ends)
            cols["doc_id"].append([doc_id] * len(spans))
            cols["paragraph_id"].append(np.arange(1, len(spans) + 1, dtype=np.int64))
            cols["start"].append(starts)
            cols["end"].append(ends)
            cols["source_start"].append(src_s)
            cols["source_end"].append(src_e)
            cols["text"].append([text[a:b] for a, b in spans])
        out = _table(cols)
        out["n_chars"] = out["end"] - out["start"]
        corpus._cache["paragraphs"] = out
    return corpus._cache["paragraphs"].copy()


#: Texts shorter than this are tokenized together, joined by line breaks (their fixed costs are then paid once
#: per batch), up to :data:`BATCH_CHARS` characters at a time; longer texts one by one.
SHORT_TEXT = 1 << 12
BATCH_CHARS = 1 << 18


def _short_runs(texts: Iterable[str]) -> Iterator[tuple[str, np.ndarray | None]]:
    """The texts in order: each text of :data:`SHORT_TEXT` characters or more alone, as ``(text, None)``; the
    shorter ones joined by line breaks, up to :data:`BATCH_CHARS` characters at a time, as ``(joined, offsets)``
    with where each of them begins in the joined text.

    Tokenizing short texts together pays a text's fixed costs (some fifteen small array operations) once per
    batch: no token spans whitespace, so the line break between two texts neither joins nor splits a token
    (the same reasoning as cutting a long text into pieces).
    """
    batch: list[str] = []
    size = 0

    def joined() -> tuple[str, np.ndarray]:
        lengths = np.fromiter((len(t) + 1 for t in batch), dtype=np.int64, count=len(batch))
        return "\n".join(batch), np.cumsum(lengths) - lengths

    for text in texts:
        if len(text) >= SHORT_TEXT:
            if batch:
                yield joined()
                batch, size = [], 0
            yield text, None
            continue
        batch.append(text)
        size += len(text) + 1
        if size >= BATCH_CHARS:
            yield joined()
            batch, size = [], 0
    if batch:
        yield joined()


def _batched_starts(texts: Iterable[str], memo: _SpanMemo) -> Iterator[np.ndarray]:
    """Per text, the starts of its tokens (``memo.starts(text)``), in order; short texts tokenized together
    (:func:`_short_runs`), each one's starts cut from its batch's."""
    for text, offsets in _short_runs(texts):
        starts = memo.starts(text)
        if offsets is None:
            yield starts
            continue
        firsts = [*np.searchsorted(starts, offsets).tolist(), len(starts)]
        for k, off in enumerate(offsets.tolist()):
            yield starts[firsts[k] : firsts[k + 1]] - off


def sentences(
    corpus: Corpus,
    *,
    abbreviations: Mapping[str, Iterable[str]] | None = None,
    openers: Iterable[str] | None = None,
) -> pd.DataFrame:
    """One row per sentence (see :func:`segment_sentences` for the rules).

    ``abbreviations`` and ``openers`` extend the English lists for this call,
    as in :func:`segment_sentences` (e.g. ``abbreviations={"titles": ["Msgr"]}``),
    and add to the corpus's own (:func:`with_sentence_rules`, which every
    measure that reads sentences uses).

    Columns: ``doc_id``, ``sentence_id`` (1-based within the document),
    ``paragraph_id``, ``start``, ``end``, ``source_start``, ``source_end``,
    ``text``, ``n_tokens`` (word tokens as counted by :func:`tokenize`).

    The abbreviation lists are English: on a corpus mostly in another script an
    :class:`~corpuskit.errors.EnglishOnlyWarning` is issued (once), unless lists of
    its own were added (here or by :func:`with_sentence_rules`).

    Examples
    --------
    >>> corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a", "b"], "date": ["2020", "2021"],
    ...                                             "text": ["The cat sat. The cat ran.", "A dog barked."]}))
    >>> table = ck.sentences(corpus)[["doc_id", "sentence_id", "start", "end", "text", "n_tokens"]]
    >>> print(table.to_string(index=False))
    doc_id  sentence_id  start  end          text  n_tokens
         a            1      0   12  The cat sat.         3
         a            2     13   25  The cat ran.         3
         b            1      0   13 A dog barked.         3
    """
    check_corpus(corpus)
    # this call's lists add to the corpus's own (with_sentence_rules), which its cached table uses
    extra, more_openers = _merge_rules(corpus, _freeze_abbreviations(abbreviations), _freeze_words(openers, "openers"))
    own = corpus.sentence_rules or ((), frozenset())
    key = "sentences" if (extra, more_openers) == own else ("sentences", extra, more_openers)
    if key not in corpus._cache:
        if not (extra or more_openers):  # lists of the corpus's own language given: not only the English ones
            warn_if_not_english(corpus.documents["text"], "the sentence splitter's abbreviation lists")
        eng = _lists(extra, more_openers)
        cols: dict[str, list] = {
            k: []
            for k in (
                "doc_id",
                "sentence_id",
                "paragraph_id",
                "start",
                "end",
                "source_start",
                "source_end",
                "text",
                "n_tokens",
            )
        }
        # the sentences' text goes straight into one column buffer (no Python string per sentence)
        texts, doc_ids = TextColumn(), TextColumn()
        memo = _SpanMemo()
        doc_texts = corpus.documents["text"]
        for doc_id, text, tok_starts in zip(corpus.documents["doc_id"], doc_texts, _batched_starts(doc_texts, memo)):
            spans, para_starts = _segment(text, eng)
            starts, ends = _spans_array(spans)
            src_s, src_e = _to_source(corpus, doc_id, starts, ends)
            doc_ids.add_repeat(doc_id, len(spans))
            cols["sentence_id"].append(np.arange(1, len(spans) + 1, dtype=np.int64))
            para = np.array(para_starts, dtype=np.int64)
            cols["paragraph_id"].append(np.searchsorted(para, starts, side="right").astype(np.int64, copy=False))
            cols["start"].append(starts)
            cols["end"].append(ends)
            cols["source_start"].append(src_s)
            cols["source_end"].append(src_e)
            texts.add_slices(text, starts.tolist(), ends.tolist())
            n_tok = np.searchsorted(tok_starts, ends, side="left") - np.searchsorted(tok_starts, starts, side="left")
            cols["n_tokens"].append(n_tok.astype(np.int64))
            del text, spans, tok_starts
        cols["doc_id"], cols["text"] = [doc_ids.finish()], [texts.finish()]
        corpus._cache[key] = _table(cols)
    # a shallow copy: pandas copies on write, so changing the copy never changes the cached table
    return corpus._cache[key].copy(deep=False)


def with_sentence_rules(
    corpus: Corpus,
    *,
    abbreviations: Mapping[str, Iterable[str]] | None = None,
    openers: Iterable[str] | None = None,
) -> Corpus:
    """The same corpus, whose sentences use more abbreviations and openers, in every measure that reads them.

    ``sentences(corpus, abbreviations=...)`` changes one table; this changes the corpus's own
    sentences, which :func:`corpuskit.sentence_sentiment`, :func:`corpuskit.time_references`,
    :func:`corpuskit.actor_mentions`, :func:`corpuskit.event_mentions`, :func:`corpuskit.kwic` (a phrase
    stays in one sentence) and co-occurrence by sentence
    read, so that they all cut the text alike (as a reshaped corpus does in quanteda). The lists are
    as in :func:`segment_sentences`; they add to those of ``corpus`` (if it has some), and a
    corpus cleaned from this one keeps them. The texts are shared, not copied; the derived tables
    are computed anew.

    Examples
    --------
    >>> corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "date": ["2020"],
    ...     "text": ["Siehe Art. 5 und Abs. Zwei. Das ist alles."]}))
    >>> ck.sentences(corpus)["text"].tolist()
    ['Siehe Art. 5 und Abs.', 'Zwei.', 'Das ist alles.']
    >>> german = ck.with_sentence_rules(corpus, abbreviations={"inner": ["Abs"]})
    >>> ck.sentences(german)["text"].tolist(), ck.sentence_sentiment(german, vader=False)["sentence_id"].tolist()
    (['Siehe Art. 5 und Abs. Zwei.', 'Das ist alles.'], [1, 2])
    """
    check_corpus(corpus)
    rules = _merge_rules(corpus, _freeze_abbreviations(abbreviations), _freeze_words(openers, "openers"))
    return dataclasses.replace(corpus, sentence_rules=rules, _cache={})


def _merge_rules(corpus: Corpus, extra: tuple, openers: frozenset[str]) -> tuple[tuple, frozenset[str]]:
    """The corpus's own sentence rules (:func:`with_sentence_rules`) with ``extra`` and ``openers`` added."""
    if not corpus.sentence_rules:
        return extra, openers
    own_extra, own_openers = corpus.sentence_rules
    merged: dict[str, frozenset[str]] = dict(own_extra)
    for name, words in extra:
        merged[name] = merged.get(name, frozenset()) | words
    return tuple(sorted(merged.items())), own_openers | openers


def sentences_view(corpus: Corpus) -> pd.DataFrame:
    """The corpus's cached sentences table itself, not a copy (for reading only)."""
    if "sentences" not in corpus._cache:
        sentences(corpus)
    return corpus._cache["sentences"]


def tokens(
    corpus: Corpus,
    *,
    lower: bool = True,
    stopwords: bool | Iterable[str] | None = None,
    replace: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """One row per word token, in document order.

    Parameters
    ----------
    lower
        If True (default, as in tidytext's ``unnest_tokens``), the ``term``
        column is the lower-cased token; the surface form stays in ``token``.
    stopwords
        ``None``/``False`` (default): keep every token. ``True``: drop the
        tokens whose lower-cased form is in :func:`default_stopwords`. An
        iterable of words: drop those (compared lower-cased). Dropped tokens
        keep their ``token_id`` numbering gaps, so positions stay comparable.
    replace
        Spelling variants: a mapping from surface form to the form used in
        ``term`` (case-sensitive, applied before lower-casing), e.g.
        ``{"US": "U.S."}``. ``token`` always keeps the text as written.

    Returns
    -------
    DataFrame
        ``doc_id``, ``sentence_id``, ``token_id`` (1-based position in the
        document), ``start``, ``end``, ``source_start``, ``source_end``,
        ``token`` (surface form), ``term`` (normalised form).

    Examples
    --------
    >>> corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "date": ["2020"],
    ...                                             "text": ["The cat sat. It ran."]}))
    >>> print(ck.tokens(corpus)[["sentence_id", "token_id", "start", "end", "token", "term"]].to_string(index=False))
     sentence_id  token_id  start  end token term
               1         1      0    3   The  the
               1         2      4    7   cat  cat
               1         3      8   11   sat  sat
               2         4     13   15    It   it
               2         5     16   19   ran  ran
    >>> ck.tokens(corpus, stopwords=True)["term"].tolist()
    ['cat', 'sat', 'ran']
    """
    check_corpus(corpus)
    check_bool(lower, "lower")
    replace = check_replace(replace)
    stop = stopword_set(stopwords)
    if stopwords is True:
        warn_if_not_english(corpus.documents["text"], "the default stopwords")  # and of markup
    else:
        warn_if_markup(corpus.documents["text"])
    index = token_index(corpus)
    warn_unused_replace(index, replace)
    pos = index.positions(corpus)
    terms, form_term = index.terms(lower, replace)
    keep = ~stopword_mask(terms, stop)[form_term[index.codes]] if stop else slice(None)
    codes = index.codes[keep]
    doc = pos["doc"][keep]
    starts, ends = pos["start"][keep].astype(np.int64), pos["end"][keep].astype(np.int64)
    src_s, src_e = starts.copy(), ends.copy()
    for d, doc_id in enumerate(corpus.documents["doc_id"]):
        om = corpus.offsets.get(doc_id)
        if om is not None:
            a, b = np.searchsorted(doc, [d, d + 1])
            if b > a:
                src_s[a:b], src_e[a:b] = om.to_source_arrays(starts[a:b], ends[a:b])
    forms = np.array(index.forms, dtype=object)
    term_values = np.array(terms, dtype=object)
    doc_ids = corpus.documents["doc_id"].to_numpy(dtype=object)
    empty = len(codes) == 0
    return pd.DataFrame(
        {
            "doc_id": doc_ids[doc] if not empty else np.array([], dtype=object),
            "sentence_id": pos["sentence_id"][keep].astype(np.int64),
            "token_id": pos["token_id"][keep].astype(np.int64),
            "start": starts,
            "end": ends,
            "source_start": src_s,
            "source_end": src_e,
            "token": forms[codes] if not empty else np.array([], dtype=object),
            "term": term_values[form_term[codes]] if not empty else np.array([], dtype=object),
        }
    )


# ---------------------------------------------------------------------------------------------
# Validation against a hand-checked sample
# ---------------------------------------------------------------------------------------------
def sentence_boundary_scores(corpus: Corpus, gold: pd.DataFrame) -> Validation:
    """Precision and recall of sentence boundaries against hand-checked sentences.

    ``gold`` has one row per gold sentence: ``file`` (the source key), ``start``
    and ``end`` (character offsets into the raw source). A boundary is a sentence
    end, compared in raw-source offsets, so cleaning and segmentation are judged
    together. Only predicted sentences that overlap a gold sentence are scored
    (the gold need not cover boilerplate).

    precision = TP / (TP + FP), recall = TP / (TP + FN), F1 = 2PR / (P + R),
    where TP counts predicted ends that are gold ends, FP predicted ends that are
    not, FN gold ends that were not predicted. Paragraph-final ends are easy
    (a blank line always ends a sentence), so the scores are also given for
    ``internal`` ends only: ends not followed by a blank line in the source.

    Returns
    -------
    Validation
        ``(scores, errors)`` as in :func:`corpuskit.validation.score_spans`:
        ``scores`` has the rows ``all`` and ``internal``; ``errors`` lists
        each false positive (a false boundary) and each missed boundary as an
        empty span at the boundary's offset, with its context.

    Examples
    --------
    The gold takes "p.m." for an abbreviation inside a sentence; the segmenter ends a sentence there:

    >>> corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "date": ["2020"],
    ...                                             "text": ["He left at 5 p.m. Then he ate. It rained."]}))
    >>> gold = pd.DataFrame({"file": ["a", "a"], "start": [0, 31], "end": [30, 41]})
    >>> scores, errors = ck.sentence_boundary_scores(corpus, gold)
    >>> print(scores[["tp", "fp", "fn", "precision", "recall"]].round(3).to_string())
              tp  fp  fn  precision  recall
    subset
    all        2   1   0      0.667     1.0
    internal   1   1   0      0.500     1.0
    >>> errors[["error", "start", "context"]].to_dict("records")
    [{'error': 'false positive', 'start': 17, 'context': 'He left at 5 p.m. |  Then he ate. It rained.'}]
    """
    check_corpus(corpus)
    check_frame(gold, "gold", ["file", "start", "end"])
    unknown = sorted(set(gold["file"]) - set(corpus.sources))
    if unknown:
        raise CorpusError(f"gold names source(s) {unknown[:5]}, which are not in the corpus")
    sents = sentences(corpus)
    sents["source"] = [corpus.source_of(d) for d in sents["doc_id"]]
    ends = []
    for source, g in gold.groupby("file", sort=True):
        g = g.sort_values("start")
        starts, gold_ends = g["start"].to_numpy(), g["end"].to_numpy()
        s = sents[sents["source"] == source]
        a, b = s["source_start"].to_numpy(), s["source_end"].to_numpy()
        # predicted sentences overlapping some gold sentence: gold start < b and gold end > a
        idx = np.searchsorted(starts, b, side="left") - 1
        overlaps = (idx >= 0) & (gold_ends[np.clip(idx, 0, None)] > a)
        ends.append(pd.DataFrame({"source": source, "source_start": b[overlaps], "source_end": b[overlaps]}))
    pred = (
        pd.concat(ends, ignore_index=True) if ends else pd.DataFrame(columns=["source", "source_start", "source_end"])
    )
    points = gold[["file", "end"]].assign(start=gold["end"])

    def internal(t: pd.DataFrame) -> list[bool]:
        return [
            _PARAGRAPH_BREAK.match(corpus.sources[f], p) is None and corpus.sources[f][p:].strip() != ""
            for f, p in zip(t["file"], t["start"])
        ]

    return score_spans(pred, points, how="exact", subsets={"internal": internal}, sources=corpus.sources)
