"""The :class:`Corpus` object that the pipeline stages pass along.

A corpus is a tidy documents table plus what is needed to trace every piece of
text back to the bytes it came from: the raw source texts and, for each
document, a map from each character of its (cleaned) text to the character
range of the source it came from (:class:`OffsetMap`, stored as the kept ranges
and edits, so its size follows the number of edits, not of characters). Each text
is held once: the sources are read from the raw documents' text column
(:class:`SourceTexts`), and with pandas' Arrow strings a cleaned text or a span that
is a stretch of its source refers to the source's bytes (:class:`TextColumn`). Derived
tables and the token index (:func:`corpuskit.segment.token_index`) are computed
once and kept on the corpus. Loading (:mod:`corpuskit.load`) makes a raw
corpus whose texts are the files themselves; cleaning (:mod:`corpuskit.clean`)
returns a new corpus whose texts are the cleaned parts, with ``spans`` and
``edits`` tables recording what was set aside and what was changed.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .errors import ArgumentError, CorpusError

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

__all__ = ["Corpus", "OffsetMap", "SourceTexts", "TextColumn", "check_corpus", "register_stage"]

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
    """:class:`~corpuskit.errors.ArgumentError` unless ``value`` is a :class:`Corpus`.

    Examples
    --------
    >>> from corpuskit.corpus import check_corpus
    >>> check_corpus("texts/")
    Traceback (most recent call last):
    corpuskit.errors.ArgumentError: corpus: expected a corpuskit Corpus (build one with load_corpus or ...), got str
    """
    if not isinstance(value, Corpus):
        raise ArgumentError(
            f"{name}: expected a corpuskit Corpus (build one with load_corpus or corpus_from_frame), "
            f"got {type(value).__name__}"
        )


@dataclass(frozen=True)
class OffsetMap:
    """Where each character of a document's text came from in its source, stored as its edits.

    The text is cut into segments; segment ``j`` begins at text offset ``pos[j]`` and is either a
    run copied from the source (``step[j] == 1``: its characters come from consecutive source
    characters) or the replacement written by one edit (``step[j] == 0``: every character covers
    the whole source range the edit replaced). For character ``i`` of segment ``j``::

        start(i) = src[j] + step[j] * (i - pos[j])        end(i) = start(i) + width[j]

    so a character that replaced several source characters (a space replacing a blank line)
    covers all of them. The size follows the number of edits and kept ranges, not the number of
    characters: a document cleaning did not change is one segment. :attr:`starts` and
    :attr:`ends` expand the map to one entry per character, for inspection.

    Examples
    --------
    A text "a b" cleaned from the source "a  b" (two spaces became one):

    >>> m = ck.OffsetMap.from_arrays([0, 1, 3], [1, 3, 4])
    >>> m.to_source(0, 3), m.to_source(1, 2)
    ((0, 4), (1, 3))
    >>> m.starts.tolist(), len(m)
    ([0, 1, 3], 3)
    """

    pos: np.ndarray
    src: np.ndarray
    step: np.ndarray
    width: np.ndarray
    length: int

    @classmethod
    def identity(cls, n: int) -> OffsetMap:
        """The map of a text that is its own source (``start(i) = i``, ``end(i) = i + 1``)."""
        return _SegmentBuilder().add(0, 0, 1, 1).build(n)

    @classmethod
    def from_arrays(cls, starts: np.ndarray, ends: np.ndarray) -> OffsetMap:
        """The compact form of a per-character map (``starts[i]``, ``ends[i]`` for character ``i``)."""
        starts = np.asarray(starts, dtype=np.int64)
        ends = np.asarray(ends, dtype=np.int64)
        if len(starts) != len(ends):
            raise CorpusError(f"offset map: {len(starts)} starts but {len(ends)} ends")
        pos: list[int] = []
        src: list[int] = []
        step: list[int] = []
        width: list[int] = []
        for i, (s, e) in enumerate(zip(starts.tolist(), ends.tolist())):
            if pos and e - s == width[-1]:
                run = i - pos[-1]  # characters already in the current segment
                if run == 1 and s in (src[-1], src[-1] + 1):
                    step[-1] = s - src[-1]  # a second character fixes the segment's step
                    continue
                if run > 1 and s == src[-1] + step[-1] * run:
                    continue
            pos.append(i)
            src.append(s)
            step.append(1 if e - s == 1 else 0)
            width.append(e - s)
        if not pos:
            return cls.identity(0)
        arr = lambda xs: np.array(xs, dtype=np.int64)  # noqa: E731
        return cls(arr(pos), arr(src), arr(step), arr(width), len(starts))

    def __len__(self) -> int:
        return self.length

    @property
    def nbytes(self) -> int:
        """Bytes held by the map's arrays."""
        return self.pos.nbytes + self.src.nbytes + self.step.nbytes + self.width.nbytes

    def starts_at(self, i: np.ndarray | int) -> np.ndarray:
        """Source start of text character(s) ``i`` (``0 <= i < len(self)``)."""
        j = np.searchsorted(self.pos, i, side="right") - 1
        return self.src[j] + self.step[j] * (np.asarray(i, dtype=np.int64) - self.pos[j])

    def ends_at(self, i: np.ndarray | int) -> np.ndarray:
        """Source end of text character(s) ``i`` (``0 <= i < len(self)``)."""
        j = np.searchsorted(self.pos, i, side="right") - 1
        return self.src[j] + self.step[j] * (np.asarray(i, dtype=np.int64) - self.pos[j]) + self.width[j]

    @property
    def starts(self) -> np.ndarray:
        """Source start of every character, expanded to one entry (8 bytes) per character."""
        return self.starts_at(np.arange(self.length, dtype=np.int64))

    @property
    def ends(self) -> np.ndarray:
        """Source end of every character, expanded to one entry (8 bytes) per character."""
        return self.ends_at(np.arange(self.length, dtype=np.int64))

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Source range of the text range ``[start, end)``; an empty range maps to an empty range."""
        if end <= start:
            if start < self.length:
                pos = int(self.starts_at(start))
            else:
                pos = int(self.ends_at(self.length - 1)) if self.length else 0
            return pos, pos
        return int(self.starts_at(start)), int(self.ends_at(end - 1))

    def to_source_arrays(self, start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Vectorised :meth:`to_source` for non-empty ranges."""
        start = np.asarray(start, dtype=np.int64)
        end = np.asarray(end, dtype=np.int64)
        return self.starts_at(start), self.ends_at(end - 1)


class _SegmentBuilder:
    """Collects segments in text order, merging a segment into the previous one when it continues it."""

    __slots__ = ("pos", "src", "step", "width")

    def __init__(self) -> None:
        self.pos: list[int] = []
        self.src: list[int] = []
        self.step: list[int] = []
        self.width: list[int] = []

    def add(self, pos: int, src: int, step: int, width: int) -> _SegmentBuilder:
        if self.pos:
            p, s, st, w = self.pos[-1], self.src[-1], self.step[-1], self.width[-1]
            if st == step and w == width and s + st * (pos - p) == src:
                return self  # the same arithmetic continues
        self.pos.append(pos)
        self.src.append(src)
        self.step.append(step)
        self.width.append(width)
        return self

    def build(self, length: int) -> OffsetMap:
        arr = lambda xs: np.array(xs, dtype=np.int64)  # noqa: E731
        return OffsetMap(arr(self.pos), arr(self.src), arr(self.step), arr(self.width), length)


#: The dtype pandas gives a column of Python strings (``str``, stored with pyarrow, in pandas 3).
_STR = pd.Series(["x"]).dtype
#: Whether that dtype keeps its values as Arrow ``large_string`` (UTF-8 bytes and 64-bit offsets).
ARROW_TEXT = getattr(_STR, "storage", None) == "pyarrow"


def arrow_text(values: Any) -> Any:
    """The pyarrow ``large_string`` ChunkedArray behind a pandas text array, or None if it has none."""
    if not ARROW_TEXT or not hasattr(values, "__arrow_array__"):
        return None
    import pyarrow as pa

    chunked = values.__arrow_array__()
    if not isinstance(chunked, pa.ChunkedArray) or not pa.types.is_large_string(chunked.type):
        return None
    return chunked


def _byte_range(chunked: Any, position: int) -> tuple[Any, int, int]:
    """(data buffer, start, end): where value ``position`` of an Arrow string column lies in its chunk's bytes."""
    for chunk in chunked.chunks:
        if position < len(chunk):
            offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int64)
            i = chunk.offset + position
            return chunk.buffers()[2], int(offsets[i]), int(offsets[i + 1])
        position -= len(chunk)
    raise IndexError(position)


class TextColumn:
    r"""Builds a text column one value at a time, holding each value's UTF-8 bytes once.

    With pandas' Arrow strings, the values are appended to one byte buffer (no Python string of
    the column is kept), and a value that is a stretch of another Arrow text column's bytes can be
    added as a reference to those bytes (:meth:`add_view`): consecutive references that continue
    each other share one Arrow chunk, and a run of them shorter than :attr:`MIN_VIEW` bytes is
    copied instead, so that the column is never cut into many small chunks. Without Arrow
    strings, the values are kept as the Python strings given.

    Examples
    --------
    >>> from corpuskit.corpus import TextColumn
    >>> column = TextColumn()
    >>> column.add("The cat sat.")
    >>> column.add("Café")
    >>> pd.Series(column.finish()).tolist()
    ['The cat sat.', 'Café']
    """

    #: Shortest run of references (bytes) kept as an Arrow chunk of its own instead of being copied.
    MIN_VIEW = 4096

    def __init__(self) -> None:
        self._chunks: list[Any] = []
        self._data = bytearray()
        self._offsets = array("q", [0])
        self._view: tuple[Any, array] | None = None  # (data buffer, offsets into it) being collected
        self._strings: list[str] = []

    def add(self, text: str, data: bytes | None = None) -> None:
        """Append ``text`` (``data``: its UTF-8 bytes, if the caller has them already)."""
        if not ARROW_TEXT:
            self._strings.append(text)
            return
        self._flush_view()
        self._data += text.encode("utf-8") if data is None else data
        self._offsets.append(len(self._data))

    def add_repeat(self, text: str, count: int) -> None:
        """Append ``text`` ``count`` times."""
        if not ARROW_TEXT:
            self._strings += [text] * count
            return
        self._flush_view()
        data = text.encode("utf-8")
        start, n = len(self._data), len(data)
        self._data += data * count
        self._offsets.extend(range(start + n, start + n * count + 1, n) if n else [start] * count)

    def add_slices(self, text: str, starts: Iterable[int], ends: Iterable[int]) -> None:
        """Append ``text[a:b]`` for each ``a`` of ``starts`` and ``b`` of ``ends`` (no Python string per slice)."""
        if not ARROW_TEXT:
            self._strings += [text[a:b] for a, b in zip(starts, ends)]
            return
        self._flush_view()
        data, offsets = self._data, self._offsets
        if text.isascii():  # one byte per character: the offsets are byte offsets
            encoded = memoryview(text.encode("ascii"))
            for a, b in zip(starts, ends):
                data += encoded[a:b]
                offsets.append(len(data))
            return
        for a, b in zip(starts, ends):
            data += text[a:b].encode("utf-8")
            offsets.append(len(data))

    def add_view(self, buffer: Any, start: int, end: int) -> None:
        """Append the value held in bytes ``[start, end)`` of the Arrow buffer ``buffer`` (Arrow strings only)."""
        view = self._view
        if view is not None and view[0].address == buffer.address and view[1][-1] == start:
            view[1].append(end)
            return
        self._flush_view()
        self._view = (buffer, array("q", [start, end]))

    def _flush_data(self) -> None:
        if len(self._offsets) > 1:
            import pyarrow as pa

            self._chunks.append(
                pa.LargeStringArray.from_buffers(
                    len(self._offsets) - 1, pa.py_buffer(self._offsets), pa.py_buffer(self._data)
                )
            )
            self._data, self._offsets = bytearray(), array("q", [0])

    def _flush_view(self) -> None:
        """End the run of references being collected: a chunk of its own, or copied if it is short."""
        if self._view is None:
            return
        buffer, offsets = self._view
        self._view = None
        first, last = offsets[0], offsets[-1]
        if last - first < self.MIN_VIEW:  # a short run is copied: the column is not cut into small chunks
            base = len(self._data)
            self._data += memoryview(buffer)[first:last]
            self._offsets.extend(o - first + base for o in offsets[1:])
            return
        import pyarrow as pa

        self._flush_data()
        self._chunks.append(pa.LargeStringArray.from_buffers(len(offsets) - 1, pa.py_buffer(offsets), buffer))

    def extend(self, other: TextColumn) -> None:
        """Append every value of ``other`` (which is left empty)."""
        if not ARROW_TEXT:
            self._strings += other._strings
            other._strings = []
            return
        self._flush_view()
        self._flush_data()
        other._flush_view()
        other._flush_data()
        self._chunks += other._chunks
        other._chunks = []

    def finish(self) -> Any:
        """The column as a pandas array of dtype ``str`` (the builder is left empty)."""
        if not ARROW_TEXT:
            values, self._strings = self._strings, []
            return pd.array(np.array(values, dtype=object), dtype=_STR)
        import pyarrow as pa

        self._flush_view()
        self._flush_data()
        chunks, self._chunks = self._chunks, []
        return pd.array(pa.chunked_array(chunks, type=pa.large_string()), dtype=_STR)


class SourceTexts(Mapping[str, str]):
    r"""The raw text of each source, read from a text column instead of being held a second time.

    A read-only mapping from source key (a file name, or a document id) to its text: the value of
    ``texts`` at the first position where ``keys`` holds that key. The corpus loaders build it
    from the raw documents' ``text`` column, so the raw text is held once, by that column; a
    cleaned corpus keeps the same mapping. It compares equal to a dict with the same items.

    Examples
    --------
    >>> from corpuskit.corpus import SourceTexts
    >>> sources = SourceTexts(pd.Series(["The cat sat.", "A dog."]), ["a.txt", "b.txt"])
    >>> sources["b.txt"], len(sources), sources == {"a.txt": "The cat sat.", "b.txt": "A dog."}
    ('A dog.', 2, True)
    """

    __slots__ = ("_chunked", "_last", "_positions", "_values")

    def __init__(self, texts: Any, keys: Iterable[Any]) -> None:
        positions: dict[str, int] = {}
        for i, key in enumerate(keys):
            positions.setdefault(str(key), i)
        values = pd.Series(texts).array if not isinstance(texts, pd.api.extensions.ExtensionArray) else texts
        chunked = arrow_text(values)
        # a wrapper of its own over the same immutable Arrow chunks (or the same Python strings), so
        # that writing into the documents table afterwards does not change the sources
        self._values = pd.array(chunked, dtype=_STR) if chunked is not None else np.array(values, dtype=object)
        self._chunked = chunked
        self._positions = positions
        self._last: tuple[str, str] | None = None

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return (_restore_sources, (self._values, self._positions))

    def __getitem__(self, key: str) -> str:
        last = self._last
        if last is not None and last[0] == key:
            return last[1]
        text = self.text(key)
        self._last = (key, text)  # the last text read is kept: loops over one source's rows read it once
        return text

    def text(self, key: str) -> str:
        """The text of source ``key``, read afresh (not kept)."""
        return self._values[self._positions[key]]

    def byte_range(self, key: str) -> tuple[Any, int, int] | None:
        """(Arrow data buffer, start, end) holding the UTF-8 bytes of ``key``'s text; None without Arrow strings."""
        if self._chunked is None:
            return None
        return _byte_range(self._chunked, self._positions[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._positions)

    def __len__(self) -> int:
        return len(self._positions)

    def __contains__(self, key: object) -> bool:
        return key in self._positions

    def __repr__(self) -> str:
        return f"<SourceTexts: {len(self)} sources>"


def _restore_sources(values: Any, positions: dict[str, int]) -> SourceTexts:
    """Unpickle a :class:`SourceTexts` (its values and the position of each key)."""
    sources = SourceTexts(values, [])
    sources._positions = dict(positions)
    return sources


@dataclass
class Corpus:
    r"""A validated collection of dated documents.

    Attributes
    ----------
    documents
        One row per document: ``doc_id``, ``date`` (first instant of the
        period the source gives), ``date_precision``, metadata columns,
        ``text`` and ``n_chars``; cleaned corpora add ``genre``-like columns
        from the rules (``parent_id``, ``in_reply_to``, ``depth`` for comments).
    sources
        Raw text of each source, keyed by the value in ``documents[source_col]``: a read-only
        mapping (:class:`SourceTexts`) that reads the raw documents' ``text`` column, so that
        the raw text is held once.
    spans
        (Cleaned corpora) the labelled spans that partition every source.
    edits
        (Cleaned corpora) every normalisation applied, with source offsets.
    rules
        (Cleaned corpora) one row per cleaning rule, with where it is defined and
        how many matches it made (see :func:`corpuskit.clean.rule_report`).

    Examples
    --------
    >>> corpus = ck.Corpus.from_frame(pd.DataFrame({"doc_id": ["a"], "date": ["2020"],
    ...                                             "text": ["We won.\n\n\n\nThank you."]}))
    >>> corpus
    <Corpus: 1 documents, 21 characters, raw>
    >>> clean = corpus.clean()  # the basic normalisation: a run of blank lines becomes one
    >>> clean.text("a"), clean.to_source("a", 9, 14)  # "Thank", in the cleaned text and in the source
    ('We won.\n\nThank you.', ('a', 11, 16))
    >>> clean.sentences()["text"].tolist()
    ['We won.', 'Thank you.']
    """

    documents: pd.DataFrame
    sources: Mapping[str, str]
    source_col: str = "file"
    offsets: dict[str, OffsetMap] = field(default_factory=dict)
    spans: pd.DataFrame | None = None
    edits: pd.DataFrame | None = None
    rules: pd.DataFrame | None = None
    #: the caller's additions to the sentence splitter's lists, ``(abbreviations, openers)`` as frozen by
    #: :func:`corpuskit.segment.with_sentence_rules`; ``()``: the English lists alone
    sentence_rules: tuple = field(default=(), repr=False, compare=False)
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
        # the length only (n_chars): reading the text out of its column would copy the whole document
        if "n_chars" in self.documents:
            return OffsetMap.identity(int(self.documents["n_chars"].iat[self._position(doc_id)]))
        return OffsetMap.identity(len(self.text(doc_id)))

    def source_of(self, doc_id: str) -> str:
        """Key of the source (file) that ``doc_id``'s text comes from."""
        return str(self.documents[self.source_col].iat[self._position(doc_id)])

    def to_source(self, doc_id: str, start: int, end: int) -> tuple[str, int, int]:
        """(source, start, end) in the raw source for text range ``[start, end)`` of a document."""
        s, e = self.offset_map(doc_id).to_source(start, end)
        return self.source_of(doc_id), s, e

    def subset(self, docs: Iterable[str] | pd.Series | np.ndarray) -> Corpus:
        """The corpus of some of its documents, in their order here (quanteda's ``corpus_subset``).

        ``docs`` is a list of document ids, or a boolean mask with one value per document (a
        Series aligned with ``documents``, e.g. ``corpus.documents["year"] >= 1900``). A cleaned
        corpus keeps, for every source file a kept document comes from, the file's whole partition
        into labelled spans (its comments' spans too, even if the comments are left out) and
        the kept documents' edits: every character of those files is still accounted for.
        The kept rows of the documents table are a new table (their texts are copied into it).
        Sentences and paragraphs already split are kept for the kept documents (each document is
        split on its own, so they are what splitting the subset would give); the token index
        and other derived tables are computed anew.

        Examples
        --------
        >>> corpus = ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a", "b", "c"], "date": ["1890", "1950", "2001"],
        ...                                             "text": ["Old text.", "Mid text.", "New text."]}))
        >>> corpus.subset(corpus.documents["date"].dt.year >= 1900).doc_ids, corpus.subset(["c", "a"]).doc_ids
        (['b', 'c'], ['a', 'c'])
        """
        docs_table = self.documents
        if isinstance(docs, str) or not isinstance(docs, Iterable):
            raise ArgumentError(f"docs: expected a list of document ids or a boolean mask, got {type(docs).__name__}")
        items = docs if isinstance(docs, (pd.Series, np.ndarray)) else list(docs)
        if isinstance(items, pd.Series) and pd.api.types.is_bool_dtype(items.dtype) and items.isna().any():
            # a nullable boolean mask (from a column with empty cells, e.g. documents["year"] >= 1900)
            na = items.isna().to_numpy()
            unknown = docs_table.loc[na, "doc_id"].tolist() if len(items) == len(docs_table) else []
            raise ArgumentError(
                f"docs: the mask is missing for {int(items.isna().sum())} document(s) {unknown[:5]} (an empty cell in "
                "the column it was computed from): decide them first, e.g. mask.fillna(False) to leave them out"
            )
        if isinstance(items, pd.Series) and pd.api.types.is_bool_dtype(items.dtype):
            items = items.astype(bool)
        if len(items) and np.asarray(items).dtype == bool:  # a mask
            if isinstance(docs, pd.Series) and not docs.index.equals(docs_table.index):
                raise ArgumentError("docs: the mask's index is not the documents table's (build it from documents)")
            mask = np.asarray(items)
            if len(mask) != len(docs_table):
                raise ArgumentError(f"docs: a mask needs one value per document ({len(docs_table)}), got {len(mask)}")
        else:
            wanted = [str(d) for d in items]
            unknown = sorted(set(wanted) - set(docs_table["doc_id"]))
            if unknown:
                raise ArgumentError(f"docs: no document with id(s) {unknown[:10]}; ids are {self.doc_ids[:10]}...")
            mask = docs_table["doc_id"].isin(wanted).to_numpy()
        if not mask.any():
            raise ArgumentError("docs: the subset holds no document (a corpus needs at least one)")
        documents = docs_table[mask].reset_index(drop=True)
        kept = set(documents["doc_id"])
        if self.spans is None:  # a raw corpus: its sources are its documents' texts
            sources: Mapping[str, str] = SourceTexts(documents["text"].array, documents[self.source_col])
            spans = edits = None
        else:
            files = set(documents[self.source_col].astype(str))
            kept_files = [f for f in self.sources if f in files]  # the kept documents' files only, as for a raw corpus
            sources = SourceTexts([self.sources[f] for f in kept_files], kept_files)
            spans = self.spans[self.spans["source"].astype(str).isin(files)].reset_index(drop=True)
            edits = None if self.edits is None else self.edits[self.edits["doc_id"].isin(kept)].reset_index(drop=True)
        out = Corpus(
            documents,
            sources=sources,
            source_col=self.source_col,
            offsets={d: m for d, m in self.offsets.items() if d in kept},
            spans=spans,
            edits=edits,
            rules=self.rules,
            sentence_rules=self.sentence_rules,
        )
        # sentences and paragraphs are split document by document: the kept documents' rows are
        # the subset's own tables (its documents keep their order, and so do the rows)
        for key, table in self._cache.items():
            if key in ("sentences", "paragraphs") or (isinstance(key, tuple) and key[0] == "sentences"):
                rows = table["doc_id"].isin(kept).to_numpy()
                out._cache[key] = table[rows].reset_index(drop=True)
        return out

    # -- pipeline stages as methods (each returns a tidy table or a new corpus) ----------------
    def clean(self, rules: str | Path | dict | None = None) -> Corpus:
        """Split sources into labelled spans and normalise the kept text; see :func:`corpuskit.clean_corpus`."""
        return _stage("clean")(self, rules)

    def paragraphs(self) -> pd.DataFrame:
        """Tidy paragraphs table; see :func:`corpuskit.paragraphs`."""
        return _stage("paragraphs")(self)

    def sentences(self, **kwargs) -> pd.DataFrame:
        """Tidy sentences table; see :func:`corpuskit.sentences` (``abbreviations=``, ``openers=``)."""
        return _stage("sentences")(self, **kwargs)

    def with_sentence_rules(self, **kwargs) -> Corpus:
        """This corpus with more abbreviations and openers for every measure's sentences; see
        :func:`corpuskit.with_sentence_rules`."""
        return _stage("with_sentence_rules")(self, **kwargs)

    def tokens(self, **kwargs) -> pd.DataFrame:
        """Tidy tokens table; see :func:`corpuskit.tokens`."""
        return _stage("tokens")(self, **kwargs)
