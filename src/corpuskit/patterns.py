"""Regular expressions written by users, run with a time limit.

Cleaning rules, kwic patterns (``valuetype="regex"``) and the exclusions of
actor and event lists are regular expressions that come from data files or
from a caller. Some patterns backtrack catastrophically (``(a+)+$`` on a long
run of ``a`` followed by another letter): Python's ``re`` would never
return. corpuskit therefore compiles every user-supplied pattern with the
third-party ``regex`` module (in its ``VERSION0`` mode, compatible with
``re``) and runs every search with a time limit, :data:`TIMEOUT` seconds per
search over one text; a search that takes longer raises
:class:`~corpuskit.errors.PatternTimeoutError` naming the pattern and where it
came from. The patterns built into corpuskit (tokens, sentence candidates, the
basic normalisation rules, narrated-time expressions) are written to run in
linear time and are tested on megabyte inputs.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from .errors import PatternTimeoutError, RulesError

__all__ = ["TIMEOUT", "UserPattern", "compile_user_pattern"]

#: Seconds one search with a user-supplied pattern may take (over one text) before
#: :class:`~corpuskit.errors.PatternTimeoutError` is raised. Change it with
#: ``corpuskit.patterns.TIMEOUT = 30.0`` for very large documents.
TIMEOUT: float = 10.0

_FLAG_LETTERS = {"i": regex.IGNORECASE, "m": regex.MULTILINE, "s": regex.DOTALL, "x": regex.VERBOSE}


class UserPattern:
    """A compiled user pattern whose searches stop after :data:`TIMEOUT` seconds.

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

    def _timeout(self, exc: TimeoutError) -> PatternTimeoutError:
        where = f"{self.where}: " if self.where else ""
        return PatternTimeoutError(
            f"{where}regular expression {self.pattern!r} ran longer than {TIMEOUT:g} s on one text "
            "(catastrophic backtracking, e.g. a nested quantifier such as (a+)+); simplify the pattern "
            "or raise corpuskit.patterns.TIMEOUT"
        )

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[regex.Match]:
        it = self._rx.finditer(text, pos, len(text) if endpos is None else endpos, timeout=TIMEOUT)
        try:
            yield from it
        except TimeoutError as exc:
            raise self._timeout(exc) from exc

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> regex.Match | None:
        try:
            return self._rx.search(text, pos, len(text) if endpos is None else endpos, timeout=TIMEOUT)
        except TimeoutError as exc:
            raise self._timeout(exc) from exc

    def match(self, text: str, pos: int = 0, endpos: int | None = None) -> regex.Match | None:
        try:
            return self._rx.match(text, pos, len(text) if endpos is None else endpos, timeout=TIMEOUT)
        except TimeoutError as exc:
            raise self._timeout(exc) from exc

    def __repr__(self) -> str:
        return f"UserPattern({self.pattern!r})"


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
        raise error(f"{prefix}pattern must be a non-empty string, got {pattern!r} ({type(pattern).__name__})")
    if flags is None:
        flags = ""
    if not isinstance(flags, str):
        raise error(
            f"{prefix}flags must be a string of letters from {''.join(_FLAG_LETTERS)!r} (e.g. 'ms'), "
            f"got {flags!r} ({type(flags).__name__})"
        )
    value = regex.VERSION0
    for f in flags:
        if f not in _FLAG_LETTERS:
            raise error(f"{prefix}unknown regex flag {f!r} in flags {flags!r} (use any of {''.join(_FLAG_LETTERS)})")
        value |= _FLAG_LETTERS[f]
    try:
        compiled = regex.compile(pattern, value)
    except (regex.error, ValueError, OverflowError, RecursionError) as exc:
        raise error(f"{prefix}invalid regular expression {pattern!r}: {exc}") from exc
    return UserPattern(compiled, where)
