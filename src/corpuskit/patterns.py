"""Regular expressions written by users, run with a time limit.

Cleaning rules, kwic patterns (``valuetype="regex"``) and the exclusions of
actor and event lists are regular expressions that come from data files or
from a caller. Some patterns backtrack catastrophically (``(a+)+$`` on a long
run of ``a`` followed by another letter): Python's ``re`` would never
return. corpuskit therefore compiles every user-supplied pattern with the
third-party ``regex`` module (in its ``VERSION0`` mode, compatible with
``re``) and runs every search with a time limit: :data:`TIMEOUT` seconds per
search over one text, plus :data:`TIMEOUT_PER_MB` for every million characters
searched, so that a long document gets the time a well-behaved pattern needs
(about a tenth of a second per million characters) many times over, while a
pattern that backtracks exponentially still stops; a search that takes longer raises
:class:`~corpuskit.errors.PatternTimeoutError` naming the pattern and where it
came from. The patterns built into corpuskit (tokens, sentence candidates, the
basic normalisation rules, narrated-time expressions) are written to run in
linear time and are tested on megabyte inputs.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import regex

from .errors import PatternTimeoutError, RulesError, shown

__all__ = ["TIMEOUT", "TIMEOUT_PER_MB", "Deadline", "UserPattern", "compile_user_pattern", "time_limit"]

#: Seconds one search with a user-supplied pattern may take (over one text) before
#: :class:`~corpuskit.errors.PatternTimeoutError` is raised, plus :data:`TIMEOUT_PER_MB`
#: per million characters searched. Change it with ``corpuskit.patterns.TIMEOUT = 30.0``.
TIMEOUT: float = 10.0
#: Seconds added to :data:`TIMEOUT` for every million characters a search runs over.
TIMEOUT_PER_MB: float = 1.0


def time_limit(n_chars: int) -> float:
    """The time limit of one search over ``n_chars`` characters: TIMEOUT + TIMEOUT_PER_MB * n_chars / 10**6."""
    return TIMEOUT + TIMEOUT_PER_MB * n_chars / 1e6


_FLAG_LETTERS = {"i": regex.IGNORECASE, "m": regex.MULTILINE, "s": regex.DOTALL, "x": regex.VERBOSE}


class Deadline:
    """One time limit that many searches share: a query run over many texts (kwic over every distinct token,
    cleaning rules over every document) stops when the sum of its searches passes :func:`time_limit` of all
    the characters searched, not only when one search passes its own.

    >>> from corpuskit.patterns import TIMEOUT, TIMEOUT_PER_MB, Deadline
    >>> Deadline(2_000_000).seconds == TIMEOUT + 2 * TIMEOUT_PER_MB
    True
    """

    __slots__ = ("end", "n_chars", "seconds")

    def __init__(self, n_chars: int):
        self.n_chars = n_chars
        self.seconds = time_limit(n_chars)
        self.end = time.monotonic() + self.seconds

    def left(self) -> float:
        return self.end - time.monotonic()

    def expired(self, pattern: UserPattern) -> PatternTimeoutError:
        where = f"{pattern.where}: " if pattern.where else ""
        return PatternTimeoutError(
            f"{where}regular expression {shown(pattern.pattern)} ran longer than {self.seconds:g} s in all over "
            f"{self.n_chars:,} characters (catastrophic backtracking on many short texts, e.g. a nested quantifier "
            "such as (a|aa)+); simplify the pattern or raise corpuskit.patterns.TIMEOUT"
        )


class UserPattern:
    """A compiled user pattern whose searches stop after :data:`TIMEOUT` seconds (or sooner, at the end of a
    :class:`Deadline` that many searches share: the keyword ``deadline`` of ``search``, ``match``, ``finditer``).

    It offers the subset of :class:`re.Pattern` that corpuskit uses
    (``finditer``, ``search``, ``match``, ``groupindex``, ``pattern``); the
    match objects are ``regex`` matches, with the same ``span``, ``group``
    and ``start``/``end`` methods.
    """

    __slots__ = ("_rx", "pattern", "where")

    def __init__(self, compiled: regex.Pattern, where: str):
        self._rx = compiled
        self.pattern: str = compiled.pattern
        self.where = where

    @property
    def groupindex(self) -> dict[str, int]:
        return dict(self._rx.groupindex)

    def _timeout(self, exc: TimeoutError, n_chars: int) -> PatternTimeoutError:
        where = f"{self.where}: " if self.where else ""
        return PatternTimeoutError(
            f"{where}regular expression {shown(self.pattern)} ran longer than {time_limit(n_chars):g} s on one text "
            f"of {n_chars:,} characters "
            "(catastrophic backtracking, e.g. a nested quantifier such as (a+)+); simplify the pattern "
            "or raise corpuskit.patterns.TIMEOUT"
        )

    def _limit(self, n_chars: int, deadline: Deadline | None) -> float:
        """The time limit of one search: :func:`time_limit`, or less if a shared ``deadline`` comes first."""
        limit = time_limit(n_chars)
        if deadline is None:
            return limit
        left = deadline.left()
        if left <= 0:
            raise deadline.expired(self)
        return min(limit, left)

    def _expired(self, exc: TimeoutError, n_chars: int, deadline: Deadline | None) -> PatternTimeoutError:
        return deadline.expired(self) if deadline is not None and deadline.left() <= 0 else self._timeout(exc, n_chars)

    def finditer(
        self, text: str, pos: int = 0, endpos: int | None = None, *, deadline: Deadline | None = None
    ) -> Iterator[regex.Match]:
        end = len(text) if endpos is None else endpos
        it = self._rx.finditer(text, pos, end, timeout=self._limit(end - pos, deadline))
        try:
            yield from it
        except TimeoutError as exc:
            raise self._expired(exc, end - pos, deadline) from exc

    def search(
        self, text: str, pos: int = 0, endpos: int | None = None, *, deadline: Deadline | None = None
    ) -> regex.Match | None:
        end = len(text) if endpos is None else endpos
        try:
            return self._rx.search(text, pos, end, timeout=self._limit(end - pos, deadline))
        except TimeoutError as exc:
            raise self._expired(exc, end - pos, deadline) from exc

    def match(
        self, text: str, pos: int = 0, endpos: int | None = None, *, deadline: Deadline | None = None
    ) -> regex.Match | None:
        end = len(text) if endpos is None else endpos
        try:
            return self._rx.match(text, pos, end, timeout=self._limit(end - pos, deadline))
        except TimeoutError as exc:
            raise self._expired(exc, end - pos, deadline) from exc

    def __repr__(self) -> str:
        return f"UserPattern({shown(self.pattern)})"


def compile_user_pattern(
    pattern: object, flags: object = "", *, where: str = "", error: type[Exception] = RulesError
) -> UserPattern:
    r"""Compile a user-supplied pattern, checking its type, flags and syntax.

    Parameters
    ----------
    pattern
        The regular expression; must be a non-empty string.
    flags
        A string of flag letters (``i``, ``m``, ``s``, ``x``), as in rules files.
    where
        Prefix for error messages (the file, rule or argument the pattern came from).
    error
        The :class:`~corpuskit.errors.CorpusError` subclass raised for a bad
        pattern (:class:`~corpuskit.errors.RulesError` for data files,
        :class:`~corpuskit.errors.ArgumentError` for function arguments).

    Examples
    --------
    >>> from corpuskit.patterns import compile_user_pattern
    >>> rx = compile_user_pattern(r"^by (\w+)$", "im", where="rules.yml: spans[0]")
    >>> rx.search("Title\nBy Jane").group(1)
    'Jane'
    >>> compile_user_pattern("(", where="rules.yml: spans[1]")
    Traceback (most recent call last):
    corpuskit.errors.RulesError: rules.yml: spans[1]: invalid regular expression '(': missing ) at position 1
    """
    prefix = f"{where}: " if where else ""
    if not isinstance(pattern, str) or pattern == "":
        raise error(f"{prefix}pattern must be a non-empty string, got {shown(pattern)} ({type(pattern).__name__})")
    if flags is None:
        flags = ""
    if not isinstance(flags, str):
        raise error(
            f"{prefix}flags must be a string of letters from {''.join(_FLAG_LETTERS)!r} (e.g. 'ms'), "
            f"got {shown(flags)} ({type(flags).__name__})"
        )
    value = regex.VERSION0
    for f in flags:
        if f not in _FLAG_LETTERS:
            raise error(
                f"{prefix}unknown regex flag {f!r} in flags {shown(flags)} (use any of {''.join(_FLAG_LETTERS)})"
            )
        value |= _FLAG_LETTERS[f]
    try:
        compiled = regex.compile(pattern, value)
    except (regex.error, ValueError, OverflowError, RecursionError) as exc:
        raise error(f"{prefix}invalid regular expression {shown(pattern)}: {exc}") from exc
    return UserPattern(compiled, where)
