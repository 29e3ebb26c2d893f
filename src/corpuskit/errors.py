"""Exceptions raised by corpuskit.

Every problem with a user's input is reported as a :class:`CorpusError` (or a
subclass) whose message names where the problem is -- the file, the metadata
row or line, the field -- and what was expected. Raw pandas, codec or YAML
tracebacks are never shown for bad input; the original exception is kept as
``__cause__`` for debugging.
"""

from __future__ import annotations

import re
import stat
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

__all__ = [
    "ArgumentError",
    "ChecksumError",
    "CleaningError",
    "CorpusError",
    "CorpusValidationError",
    "DateError",
    "DuplicateIdError",
    "DuplicateTextWarning",
    "EmptyTextError",
    "EncodingError",
    "EnglishOnlyWarning",
    "JoinedWordsWarning",
    "LineEndingWarning",
    "MarkedSpellingWarning",
    "MarkupWarning",
    "MetadataError",
    "MissingDateError",
    "MissingFileError",
    "MojibakeWarning",
    "OutsideCorpusError",
    "PatternCaseWarning",
    "PatternTimeoutError",
    "QueryWarning",
    "ReplacedBytesWarning",
    "RulesError",
    "UndatedWarning",
    "UnicodeFormWarning",
    "UnlistedFileError",
    "UnusedRuleWarning",
    "WordBoundaryWarning",
    "YearRangeWarning",
]


class CorpusError(ValueError):
    """Base class of every error corpuskit raises for bad input or bad arguments.

    A subclass of :class:`ValueError`, so that code written to catch bad values
    from any library also catches corpuskit's.

    Examples
    --------
    >>> try:
    ...     ck.parse_date("2021-13")
    ... except ValueError as err:  # every CorpusError is a ValueError
    ...     print(type(err).__name__, isinstance(err, ck.CorpusError), err)
    DateError True '2021-13' is impossible: month 13 is not between 1 and 12
    """


class ArgumentError(CorpusError):
    """A function was called with an argument of the wrong type or value; the message names it."""


class OutsideCorpusError(CorpusError):
    """A metadata row names a file outside the corpus folder, a folder, or a file already listed."""


class PatternTimeoutError(CorpusError):
    """A user-supplied regular expression ran longer than its time limit (catastrophic backtracking)."""


class MetadataError(CorpusError):
    """The metadata table cannot be read, or a row or column in it is wrong."""


class MissingFileError(CorpusError):
    """A metadata row names a text file that does not exist."""


class UnlistedFileError(CorpusError):
    """A text file in the corpus folder has no metadata row."""


class EncodingError(CorpusError):
    """A text file is not valid UTF-8; the message gives the byte offset."""


class ChecksumError(CorpusError):
    """A text file's sha256 differs from the one recorded in the metadata."""


class DateError(CorpusError):
    """A date is unparseable, impossible, or inconsistent with its precision."""


class MissingDateError(DateError):
    """A row's date cell is empty (``missing_dates="keep"`` loads such documents undated). A :class:`DateError` of
    its own kind, so that a summary counts the empty dates apart from the dates that cannot be read."""


class DuplicateIdError(CorpusError):
    """Two metadata rows (or DataFrame rows) share a document id."""


class EmptyTextError(CorpusError):
    """A document has no text (empty or whitespace only)."""


class RulesError(CorpusError):
    """A cleaning-rules file is malformed: unknown key, bad regex, unknown label."""


class CleaningError(CorpusError):
    """Cleaning rules could not be applied to a document (e.g. unparsed comment text)."""


class EnglishOnlyWarning(UserWarning):
    """Most of a corpus is in a script other than Latin, but an English-only resource is being used."""


class MarkupWarning(UserWarning):
    """Much of a corpus is markup (HTML or XML tags, ``&entities;``): counted as text, the tag and attribute
    names become its top terms (``span``, ``class``, ``div``, ``href``) and ``&#39;`` the term ``39``. Strip the
    markup before loading, or set it aside with cleaning rules (README: "HTML and other markup")."""


class MojibakeWarning(UserWarning):
    """Files read in the single-byte encoding given look like mojibake that another encoding reads as text:
    Cyrillic read as cp1252 or Latin-1 (``'Àïïåòèò ïðèõîäèò'`` for ``'Аппетит приходит'``), Windows-1251 and
    KOI8-R read as each other (``'юООЕРХР'``, ``'бРРЕФЙФ'``), UTF-8 read as cp1252 (``'Ð¡ÑŠÐµÑˆÑŒ'``). The
    loaders name the files, what they read and the encoding to pass (README: "Other people's files";
    :mod:`corpuskit.charsets`)."""


class WordBoundaryWarning(UserWarning):
    """Part of a corpus is written in a script without spaces between words (Chinese, Japanese, Thai):
    there a token is a run of letters between punctuation, a clause rather than a word."""


class MarkedSpellingWarning(UserWarning):
    """A word searched for (an alias, a cue, a ``kwic`` query) occurs in the texts spelled with optional marks
    it does not have, or without marks it has: Arabic vowel signs, Quranic marks and honorifics (``مُوسَىٰ``,
    ``موسیٰؑ`` for ``موسى``), the tatweel, Hebrew points. corpuskit compares words as written, so those
    occurrences are not found; strip the marks when cleaning (README: "Vowel marks and other optional
    marks") or add the marked spellings to the list."""


class JoinedWordsWarning(UserWarning):
    """Text a cleaning rule set aside stood between two letters with no space left: the kept text joins
    the words on either side ("of" + "Congress" -> "ofCongress" when a subtitle cue and its blank lines go)."""


class QueryWarning(UserWarning):
    """A search term that no token can equal, as corpuskit cuts text into tokens (``kwic("C++")``: the
        tokens of "C++" are ``C``): it finds nothing, which is said rather than returned as an empty table.

    Also a phrase of an actor or event list written as a pattern (an alias ``Путин*``): phrases are literal,
    so it matches nothing but the same text with its ``*``."""


class PatternCaseWarning(UserWarning):
    """Files in the corpus folder that ``pattern`` would match but for the case of letters (``b.TXT`` for
    ``*.txt``): the pattern is case-sensitive (on Linux and macOS, as Python's ``glob`` is), so such a file is
    neither read (``metadata=None``) nor reported as a file without a row. The loaders name them and the pattern."""


class ReplacedBytesWarning(UserWarning):
    """Bytes of a text file that do not decode were read as U+FFFD (``encoding_errors="replace"``)."""


class UndatedWarning(UserWarning):
    """Some documents have no date (``date_col=None``, or ``missing_dates="keep"`` and an empty date): the
    loaders say how many, and a measure that needs the date of writing says what it skipped."""


class YearRangeWarning(UserWarning):
    """Documents written soon after ``time_references``' ``min_year`` (1600 by default) name four-digit numbers
    below it, which it leaves out: pass a lower ``min_year`` to read them as years."""


class DuplicateTextWarning(UserWarning):
    """Two files of a corpus have exactly the same bytes (a copy kept under two names, a reprint).

    Not an error, since a corpus may hold the same text twice on purpose, but its words would be
    counted twice; one file listed under two ids is an error instead (``allow_shared_files``).
    :func:`~corpuskit.load_corpus` compares the files it loads; :func:`~corpuskit.open_corpus`
    compares the files of each batch.
    """


class UnicodeFormWarning(UserWarning):
    """Some texts are not in Unicode normalisation form NFC (a letter and its accent as two characters).

    corpuskit compares text character by character, as quanteda and scikit-learn do: ``café`` written
    with the one character U+00E9 (NFC) and ``cafe`` + U+0301 (NFD) are two different terms, and an
    NFD word matches no entry of the stopword list or the sentiment lexicons, which are NFC. The
    loader warns once per load naming a file; normalise the files to NFC to count such words as one
    (``unicodedata.normalize("NFC", text)``; ``uconv -x any-nfc`` or ``iconv``-like tools on disk).
    """


class UnusedRuleWarning(UserWarning):
    """A cleaning rule matched nothing in any document it applies to (a typo, or a rule for another corpus)."""


class LineEndingWarning(UserWarning):
    r"""A span rule finds fewer matches in files with Windows line ends (CR LF) than it would with LF ones.

    Span rules read the raw file, where a Windows file ends its lines with ``\r\n``: ``$`` (with ``(?m)``)
    does not match before the ``\r``, and ``\n`` alone does not take it in, so a rule written for LF files
    (``(?m)^%$``) silently skips the lines of the CR LF ones. Write ``\r?$`` and ``\r?\n``.
    """


class CorpusValidationError(CorpusError):
    """Several problems were found at once; ``errors`` holds each of them.

    Raised instead of the single error when validation finds more than one
    problem, so that a user fixing a large corpus sees every problem in one run.
    The message lists each problem, except that more than ``SUMMARY_AFTER`` (5)
    problems of one kind are summarised in one line (how many, the first as an
    example, and the likely cause when it is known: ``hints``); ``errors`` always
    holds every one of them, and ``by_kind`` the count of each kind.
    """

    def __init__(self, errors: Sequence[CorpusError], hints: Mapping[type, str] | None = None):
        self.errors = list(errors)
        self.hints = dict(hints or {})
        kinds: dict[type, list[CorpusError]] = {}
        for e in self.errors:
            kinds.setdefault(type(e), []).append(e)
        self.by_kind = {k.__name__: len(v) for k, v in kinds.items()}
        lines = [f"{len(self.errors)} problems found in the corpus:"]
        summarised = False
        for kind, group in kinds.items():
            hint = self.hints.get(kind)
            if len(group) > SUMMARY_AFTER:
                summarised = True
                lines.append(f"  - {len(group)} x {kind.__name__}, e.g. {group[0]}")
            else:
                lines += [f"  - {kind.__name__}: {e}" for e in group]
            if hint:
                lines.append(f"    likely cause: {hint}")
        if summarised:
            lines.append("  (every problem is listed in the exception's .errors attribute)")
        super().__init__("\n".join(lines))


#: More problems of one kind than this are summarised in one line of a :class:`CorpusValidationError`.
SUMMARY_AFTER = 5


def raise_collected(errors: Sequence[CorpusError], hints: Mapping[type, str] | None = None) -> None:
    """Raise nothing, the single error, or a :class:`CorpusValidationError`.

    ``hints`` maps an error class to the likely cause of errors of that kind; a
    single error with a hint is raised again (same class) with the hint appended.

    Examples
    --------
    >>> from corpuskit.errors import raise_collected
    >>> raise_collected([])  # nothing to report
    >>> raise_collected([ck.MissingFileError("metadata.csv: line 2: file 'a.txt' not found")])
    Traceback (most recent call last):
    corpuskit.errors.MissingFileError: metadata.csv: line 2: file 'a.txt' not found
    """
    if not errors:
        return
    hint = (hints or {}).get(type(errors[0]))
    if len(errors) == 1 and hint is None:
        raise errors[0]
    if len(errors) == 1:
        raise type(errors[0])(f"{errors[0]}; likely cause: {hint}") from errors[0]
    raise CorpusValidationError(errors, hints)


# ---------------------------------------------------------------------------------------------
# Argument checks shared by the public functions: each raises ArgumentError naming the argument,
# the value given and what was expected, before any work is done.
# ---------------------------------------------------------------------------------------------
def check_int(value: object, name: str, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """``value`` if it is an integer (not a bool) within the bounds, else :class:`ArgumentError`.

    Examples
    --------
    >>> from corpuskit.errors import check_int
    >>> check_int(5, "window", minimum=0)
    5
    >>> check_int("3", "window", minimum=0)
    Traceback (most recent call last):
    corpuskit.errors.ArgumentError: window='3': window must be a non-negative integer, got str
    """
    import numbers

    if minimum == 1 and maximum is None:
        expected = "a positive integer"
    elif minimum == 0 and maximum is None:
        expected = "a non-negative integer"
    elif minimum == 0:
        expected = f"a non-negative integer of at most {maximum:,}"
    else:
        bounds = [f">= {minimum}"] * (minimum is not None) + [f"<= {maximum}"] * (maximum is not None)
        expected = "an integer" + (f" {' and '.join(bounds)}" if bounds else "")
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ArgumentError(f"{name}={value!r}: {name} must be {expected}, got {type(value).__name__}")
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise ArgumentError(f"{name}={value!r}: {name} must be {expected}")
    return int(value)


def check_bool(value: object, name: str) -> bool:
    """``value`` if it is True or False, else :class:`ArgumentError`.

    Examples
    --------
    >>> from corpuskit.errors import check_bool
    >>> check_bool("no", "lower")
    Traceback (most recent call last):
    corpuskit.errors.ArgumentError: lower='no': expected True or False, got str
    """
    if not isinstance(value, bool):
        raise ArgumentError(f"{name}={value!r}: expected True or False, got {type(value).__name__}")
    return value


def check_choice(value: object, name: str, choices: Sequence[object]) -> None:
    """:class:`ArgumentError` unless ``value`` is one of ``choices``.

    Examples
    --------
    >>> from corpuskit.errors import check_choice
    >>> check_choice("pmi", "measure", ["g2", "pmi"])
    >>> check_choice("tfidf", "measure", ["g2", "pmi"])
    Traceback (most recent call last):
    corpuskit.errors.ArgumentError: measure='tfidf': expected one of 'g2', 'pmi'
    """
    if not isinstance(value, str | type(None)) or value not in choices:
        raise ArgumentError(f"{name}={value!r}: expected one of {', '.join(map(repr, choices))}")


def check_frame(value: object, name: str, columns: Sequence[str] = (), *, what: str = "") -> None:
    """:class:`ArgumentError` unless ``value`` is a DataFrame holding ``columns``.

    Examples
    --------
    >>> from corpuskit.errors import check_frame
    >>> check_frame(pd.DataFrame({"file": ["a"], "start": [0]}), "gold", ["file", "start", "end"])
    Traceback (most recent call last):
    corpuskit.errors.ArgumentError: gold lack column(s) ['end']; it has ['file', 'start']
    """
    import pandas as pd

    if not isinstance(value, pd.DataFrame):
        raise ArgumentError(
            f"{name}: expected a pandas DataFrame{f' ({what})' if what else ''}, got {type(value).__name__}"
        )
    missing = [c for c in columns if c not in value.columns]
    if missing:
        raise ArgumentError(
            f"{name} lack column(s) {missing}{f' ({what})' if what else ''}; it has {[str(c) for c in value.columns]}"
        )


def check_strings(value: object, name: str, *, allow_empty_list: bool = False) -> list[str]:
    """``value`` as a list of non-empty strings (a list or tuple of them), else :class:`ArgumentError`.

    Examples
    --------
    >>> from corpuskit.errors import check_strings
    >>> check_strings(("cat", "dog"), "words")
    ['cat', 'dog']
    >>> check_strings("cat", "words")
    Traceback (most recent call last):
    corpuskit.errors.ArgumentError: words: expected a list of strings, got 'cat' (str)
    """
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise ArgumentError(f"{name}: expected a list of strings, got {value!r} ({type(value).__name__})")
    for i, item in enumerate(value):
        if not isinstance(item, str) or item.strip() == "":
            raise ArgumentError(f"{name}[{i}]: expected a non-empty string, got {item!r} ({type(item).__name__})")
    if not value and not allow_empty_list:
        raise ArgumentError(f"{name}: the list is empty")
    return list(value)


def _kind(path: Path) -> str | None:
    """What ``path`` is, in words ("a folder", "a file", "a pipe", "a device or socket"), None if it cannot be seen."""
    try:
        mode = path.stat().st_mode
    except (OSError, ValueError):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISREG(mode):
        return "a file"
    return "a pipe" if stat.S_ISFIFO(mode) else "a device or socket"


def not_a_file(path: Path, what: str = "the list") -> str:
    """Why ``path`` is not read as a data file, in words (it is not a regular file): it does not exist, or
    is a folder, a pipe or a device, which could be read without end (a hostile or forgotten writer).

    >>> from pathlib import Path
    >>> from corpuskit.errors import not_a_file
    >>> not_a_file(Path("no-such-file.yml")), not_a_file(Path("."))
    ('does not exist or is not a file', 'is a folder, not a file')
    """
    kind = _kind(path)
    if kind is None:
        return "does not exist or is not a file"
    if kind == "a pipe":
        return (
            "is a pipe, not a file (a shell's <(...) gives one, which could be read without end): "
            f"write {what} to a file"
        )
    return f"is {kind}, not a file"


def not_a_folder(path: Path) -> str:
    """Why ``path`` is not read as a folder, in words: it does not exist, or is a file (or a pipe, a device).

    >>> from pathlib import Path
    >>> from corpuskit.errors import not_a_folder
    >>> _ = Path("x.txt").write_text("x")
    >>> not_a_folder(Path("no-such-folder")), not_a_folder(Path("x.txt"))
    ('does not exist or is not a folder', 'is a file, not a folder')
    """
    kind = _kind(path)
    return "does not exist or is not a folder" if kind is None else f"is {kind}, not a folder"


_PACKAGE = str(Path(__file__).resolve().parent)


def warning_key(message: str) -> str:
    """What makes two warnings one: the text with its numbers and quoted names masked.

    A corpus read batch by batch says the same thing once per batch, each time with the batch's own
    figures ("0.1% of its words") and examples ("'b.txt' and 'a.txt'"); the stream and the command line
    say it once (:func:`corpuskit.stream._say_once`, :func:`corpuskit.cli.main`).

    >>> from corpuskit.errors import warning_key
    >>> warning_key("2 file(s) have the same bytes (e.g. 'b.txt') in 0.5% of it")
    "# file(s) have the same bytes (e.g. '...') in #% of it"
    """
    return re.sub(r"\d+(?:[.,]\d+)*", "#", re.sub(r"'[^']*'", "'...'", message))


#: How many characters of a value a message quotes before it cuts it (:func:`shown`).
SHOWN_MAX = 80


def shown(value: object, limit: int = SHOWN_MAX) -> str:
    """``repr(value)`` for a message, cut after ``limit`` characters with the value's length said, so that a
    10 MB cell or id does not make a 10 MB message.

    >>> from corpuskit.errors import shown
    >>> shown("2001-09-11"), shown("x" * 1000, 10)
    ("'2001-09-11'", "'xxxxxxxx… (1,000 characters)")
    """
    text = repr(value)
    if len(text) <= limit:
        return text
    size = f"{len(value):,} characters" if isinstance(value, str) else f"{len(text):,} characters as written"
    return f"{text[: limit - 1]}… ({size})"


def caller_level() -> int:
    """The ``stacklevel`` of a warning issued by the function calling this one that points at the first
    frame outside corpuskit: the user's line, not the package's (``Corpus.clean``, a measure calling
    ``sentences``), however deep in the package the warning is issued."""
    level, frame = 1, sys._getframe(1)
    while frame is not None and frame.f_code.co_filename.startswith(_PACKAGE):
        frame, level = frame.f_back, level + 1
    return level
