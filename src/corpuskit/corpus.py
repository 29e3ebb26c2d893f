"""The :class:`Corpus` object that the pipeline stages pass along.

A corpus is a tidy documents table plus what is needed to trace every piece of
text back to the bytes it came from: the raw source texts and, for each
document, a map from each character of its (cleaned) text to the character
range of the source it came from. Loading (:mod:`corpuskit.load`) makes a raw
corpus whose texts are the files themselves; cleaning (:mod:`corpuskit.clean`)
returns a new corpus whose texts are the cleaned parts, with ``spans`` and
``edits`` tables recording what was set aside and what was changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .errors import ArgumentError, CorpusError

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

__all__ = ["Corpus", "OffsetMap", "check_corpus", "register_stage"]

#: The stage functions behind the convenience methods of :class:`Corpus` (``Corpus.clean`` is
#: ``clean_corpus``...), registered by ``corpuskit/__init__.py``. This module imports no stage, so
#: that no module imports its own caller: the stages import ``corpus``, never the other way round.
_STAGES: dict[str, Callable[..., Any]] = {}


def register_stage(name: str, func: Callable[..., Any]) -> None:
    """Make ``func`` the function behind the :class:`Corpus` method (or constructor) ``name``."""
    _STAGES[name] = func


def _stage(name: str) -> Callable[..., Any]:
    try:
        return _STAGES[name]
    except KeyError:  # only if corpuskit.corpus was loaded without the package (never through import)
        raise CorpusError(f"Corpus.{name}: the pipeline stage is not registered; import corpuskit first") from None


def check_corpus(value: object, name: str = "corpus") -> None:
    """:class:`~corpuskit.errors.ArgumentError` unless ``value`` is a :class:`Corpus`."""
    if not isinstance(value, Corpus):
        raise ArgumentError(
            f"{name}: expected a corpuskit Corpus (build one with load_corpus or corpus_from_frame), "
            f"got {type(value).__name__}"
        )


@dataclass(frozen=True)
class OffsetMap:
    """Where each character of a document's text came from in its source.

    ``starts[i]`` and ``ends[i]`` are the source character range of character
    ``i`` of the text; a character that replaced several source characters
    (a space replacing a blank line) covers all of them.
    """

    starts: np.ndarray
    ends: np.ndarray

    @classmethod
    def identity(cls, n: int) -> OffsetMap:
        starts = np.arange(n, dtype=np.int64)
        return cls(starts, starts + 1)

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Source range of the text range ``[start, end)`` (``end > start``)."""
        if end <= start:
            pos = int(self.starts[start]) if start < len(self.starts) else int(self.ends[-1])
            return pos, pos
        return int(self.starts[start]), int(self.ends[end - 1])

    def to_source_arrays(self, start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Vectorised :meth:`to_source` for non-empty ranges."""
        start = np.asarray(start, dtype=np.int64)
        end = np.asarray(end, dtype=np.int64)
        return self.starts[start], self.ends[end - 1]


@dataclass
class Corpus:
    """A validated collection of dated documents.

    Attributes
    ----------
    documents
        One row per document: ``doc_id``, ``date`` (first instant of the
        period the source gives), ``date_precision``, metadata columns,
        ``text`` and ``n_chars``; cleaned corpora add ``genre``-like columns
        from the rules (``parent_id``, ``in_reply_to``, ``depth`` for comments).
    sources
        Raw text of each source, keyed by the value in ``documents[source_col]``.
    spans
        (Cleaned corpora) the labelled spans that partition every source.
    edits
        (Cleaned corpora) every normalisation applied, with source offsets.
    """

    documents: pd.DataFrame
    sources: dict[str, str]
    source_col: str = "file"
    offsets: dict[str, OffsetMap] = field(default_factory=dict)
    spans: pd.DataFrame | None = None
    edits: pd.DataFrame | None = None
    # Derived tables (sentences, paragraphs) and lookups, computed once. A corpus is treated as
    # immutable: build a new one rather than editing ``documents`` in place.
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if "doc_id" not in self.documents or "text" not in self.documents:
            raise CorpusError("a corpus documents table needs 'doc_id' and 'text' columns")
        if self.documents["doc_id"].duplicated().any():
            dup = self.documents.loc[self.documents["doc_id"].duplicated(), "doc_id"].tolist()
            raise CorpusError(f"duplicate document ids {dup}")

    # -- construction ---------------------------------------------------------------------------
    @classmethod
    def from_folder(cls, folder: str | Path, metadata: str | Path = "metadata.csv", **kwargs) -> Corpus:
        """Same as :func:`corpuskit.load_corpus`."""
        return _stage("from_folder")(folder, metadata, **kwargs)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, **kwargs) -> Corpus:
        """Same as :func:`corpuskit.corpus_from_frame`."""
        return _stage("from_frame")(frame, **kwargs)

    # -- basic access ---------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.documents)

    def __repr__(self) -> str:
        cleaned = "cleaned" if self.spans is not None else "raw"
        return f"<Corpus: {len(self)} documents, {int(self.documents['n_chars'].sum()):,} characters, {cleaned}>"

    @property
    def doc_ids(self) -> list[str]:
        return self.documents["doc_id"].tolist()

    def text(self, doc_id: str) -> str:
        """The text of one document."""
        return self.documents["text"].iat[self._position(doc_id)]

    def _position(self, doc_id: str) -> int:
        """Row number of ``doc_id`` in ``documents`` (a dict lookup, built once)."""
        positions = self._cache.get("positions")
        if positions is None:
            positions = {d: i for i, d in enumerate(self.documents["doc_id"])}
            self._cache["positions"] = positions
        if doc_id not in positions:
            raise CorpusError(f"no document with id {doc_id!r}; ids are {self.doc_ids[:10]}...")
        return positions[doc_id]

    def _row(self, doc_id: str) -> pd.Series:
        return self.documents.iloc[self._position(doc_id)]

    def offset_map(self, doc_id: str) -> OffsetMap:
        """Map from the characters of ``doc_id``'s text to its source."""
        if doc_id in self.offsets:
            return self.offsets[doc_id]
        return OffsetMap.identity(len(self.text(doc_id)))

    def source_of(self, doc_id: str) -> str:
        """Key of the source (file) that ``doc_id``'s text comes from."""
        return str(self.documents[self.source_col].iat[self._position(doc_id)])

    def to_source(self, doc_id: str, start: int, end: int) -> tuple[str, int, int]:
        """(source, start, end) in the raw source for text range ``[start, end)`` of a document."""
        s, e = self.offset_map(doc_id).to_source(start, end)
        return self.source_of(doc_id), s, e

    # -- pipeline stages as methods (each returns a tidy table or a new corpus) ----------------
    def clean(self, rules: str | Path | dict | None = None) -> Corpus:
        """Split sources into labelled spans and normalise the kept text; see :func:`corpuskit.clean_corpus`."""
        return _stage("clean")(self, rules)

    def paragraphs(self) -> pd.DataFrame:
        """Tidy paragraphs table; see :func:`corpuskit.paragraphs`."""
        return _stage("paragraphs")(self)

    def sentences(self) -> pd.DataFrame:
        """Tidy sentences table; see :func:`corpuskit.sentences`."""
        return _stage("sentences")(self)

    def tokens(self, **kwargs) -> pd.DataFrame:
        """Tidy tokens table; see :func:`corpuskit.tokens`."""
        return _stage("tokens")(self, **kwargs)
