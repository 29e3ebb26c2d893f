"""Exceptions raised by corpuskit.

Every problem with a user's input is reported as a :class:`CorpusError` (or a
subclass) whose message names where the problem is -- the file, the metadata
row or line, the field -- and what was expected. Raw pandas, codec or YAML
tracebacks are never shown for bad input; the original exception is kept as
``__cause__`` for debugging.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "ArgumentError",
    "ChecksumError",
    "CleaningError",
    "CorpusError",
    "CorpusValidationError",
    "DateError",
    "DuplicateIdError",
    "EmptyTextError",
    "EncodingError",
    "EnglishOnlyWarning",
    "MetadataError",
    "MissingFileError",
    "OutsideCorpusError",
    "PatternTimeoutError",
    "RulesError",
    "UnlistedFileError",
]


class CorpusError(ValueError):
    """Base class of every error corpuskit raises for bad input or bad arguments.

    A subclass of :class:`ValueError`, so that code written to catch bad values
    from any library also catches corpuskit's.
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


class CorpusValidationError(CorpusError):
    """Several problems were found at once; ``errors`` holds each of them.

    Raised instead of the single error when validation finds more than one
    problem, so that a user fixing a large corpus sees every problem in one run.
    """

    def __init__(self, errors: Sequence[CorpusError]):
        self.errors = list(errors)
        lines = [f"{len(self.errors)} problems found in the corpus:"]
        lines += [f"  - {type(e).__name__}: {e}" for e in self.errors]
        super().__init__("\n".join(lines))


def raise_collected(errors: Sequence[CorpusError]) -> None:
    """Raise nothing, the single error, or a :class:`CorpusValidationError`."""
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise CorpusValidationError(errors)
