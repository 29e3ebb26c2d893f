"""The measures on corpora larger than memory: batch by batch, or on a Dask cluster.

:func:`open_corpus` describes a folder plus metadata table without reading the texts. Each measure
of :class:`CorpusStream` then runs the ordinary pipeline -- :func:`~corpuskit.load_corpus` (with
the rows of one batch), :func:`~corpuskit.clean_corpus`, segmentation and the in-memory measure --
on one batch of documents at a time, and combines the partial results:

- term counts add: per (group, term) ``n`` and ``doc_freq`` are sums over batches, per group
  ``n_tokens`` and ``n_docs`` too (a document lies in exactly one batch), and stopwords,
  ``min_count``, ``per_1000`` and the sort are applied once, to the combined table. tf-idf and
  keyness are computed from that table, so ``idf = ln(N / df)`` uses the corpus-wide ``N`` and ``df``
  (counted before the filters, as :func:`~corpuskit.tf_idf` counts them for a Corpus);
- sentence, time-reference, actor- and event-mention tables are concatenated and put back in the
  order the in-memory corpus has (articles in metadata order, then reader comments by parent);
  co-occurrence, event timelines and bootstrap intervals run on the combined tables;
- :meth:`CorpusStream.sentiment_moments` combines per-group counts, sums and sums of squares, for a
  mean and standard deviation without keeping the sentence table.

The results equal the in-memory ones (tested row for row). Peak memory is that of one batch
(``batch_mb`` of text, at least the largest document) plus the combined result.
:meth:`CorpusStream.term_frequency` with ``n_jobs=2`` counts whole batches in a pool of two worker
processes (``corpuskit.parallel.imap_ordered``), a few batches in flight, combined in batch order.

With ``client=`` (a ``distributed.Client``) each batch is a Dask task (``client.map``) and the
partial results are combined by Dask tasks in a tree; Dask schedules, ships and retries the work,
corpuskit only says what a batch is and how two partial results combine.
"""

from __future__ import annotations

import collections
import dataclasses
import os
import re
import stat
import uuid
import warnings
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .actors import ActorList, actor_mentions, load_actors
from .clean import CleaningRules, clean_corpus, load_rules
from .corpus import Corpus
from .dates import check_date_format, check_missing_dates, date_hints, is_blank_date, parse_date
from .errors import (
    ArgumentError,
    CorpusError,
    DateError,
    DuplicateIdError,
    RulesError,
    UndatedWarning,
    caller_level,
    check_int,
    raise_collected,
    shown,
    warning_key,
)
from .events import EventList, event_mentions, load_events
from .frequency import _group_codes, check_weighting, compact_columns, count_terms, kept_rows, resolve_groups, weigh
from .keyness import _within_sides, keyness
from .load import (
    FileSpec,
    _Files,
    _isna,
    _prepare_table,
    _warn_undated,
    check_encoding,
    check_folder,
    empty_file_error,
    files_table,
    frame_rows,
    load_corpus,
    read_regular,
    row_place,
    row_ref,
    table_name,
    unlisted_files,
)
from .narrated import MAX_YEAR, MIN_YEAR, _load_overrides, _named_dates, check_year_range, time_references
from .network import check_options, edges_of
from .parallel import auto_jobs, imap_ordered
from .segment import (
    _freeze_abbreviations,
    _freeze_words,
    check_replace,
    sentences,
    stopword_mask,
    stopword_set,
    warn_if_not_english,
)
from .sentiment import check_group_values, check_neutral, sentence_sentiment

__all__ = ["Batch", "CorpusStream", "close_client", "dask_client", "open_corpus"]

#: Default batch size: megabytes of source text loaded at once.
BATCH_MB = 8.0

Partial = dict[str, pd.DataFrame]


def open_corpus(
    folder: str | Path,
    metadata: str | Path | pd.DataFrame | None = "metadata.csv",
    *,
    rules: str | Path | Mapping | CleaningRules | None = None,
    clean: bool | None = None,
    batch_mb: float = BATCH_MB,
    id_col: str = "id",
    file_col: str = "file",
    file: FileSpec | None = None,
    date_col: str | None = "date",
    precision_col: str | None = "date_precision",
    sha256_col: str | None = "sha256",
    dtypes: Mapping[str, Any] | None = None,
    infer_types: bool = True,
    pattern: str = "*.txt",
    check_unlisted: bool = True,
    encoding: str = "utf-8",
    encoding_col: str | None = None,
    encoding_errors: str = "strict",
    delimiter: str | None = None,
    defer_errors: bool = False,
    missing_dates: str = "error",
    date_format: str | None = None,
    abbreviations: Mapping[str, Iterable[str]] | None = None,
    openers: Iterable[str] | None = None,
) -> CorpusStream:
    """Describe a corpus on disk for batch-by-batch measures, reading only its metadata.

    The checks that need the whole table run here: required columns, column types, file names,
    duplicate ids, dates, files in ``folder`` that have no row, and rules naming unknown documents.
    Each file's own checks (existence, encoding, checksum, empty text) run when its batch is
    loaded; :meth:`CorpusStream.validate` runs them all and reports every problem together.

    Parameters
    ----------
    folder, metadata, id_col, file_col, file, date_col, precision_col, sha256_col, dtypes, infer_types, pattern
        As in :func:`~corpuskit.load_corpus` (column types are decided on the whole table, so
        every batch has the same).
    encoding, encoding_col, encoding_errors, delimiter
        As in :func:`~corpuskit.load_corpus`: the encoding of the text files (default UTF-8; each
        batch decodes its files with it), the column naming each file's own encoding, what to do
        with a byte that does not decode (``"strict"``: an error; ``"replace"``: U+FFFD, with a
        warning per batch), the field separator of a CSV metadata table.
    date_format
        As in :func:`~corpuskit.load_corpus`: a ``strptime`` format for dates not written year first.
    abbreviations, openers
        Added to the sentence splitter's lists for every batch, as
        :func:`~corpuskit.with_sentence_rules` does for a corpus in memory (German ``{"inner": ["z", "Nr",
        "S"]}``): every measure that reads sentences uses them.
    missing_dates
        As in :func:`~corpuskit.load_corpus`: ``"keep"`` loads a row whose date is empty as a
        document without a date (said once, here, with an :class:`~corpuskit.errors.UndatedWarning`).
    check_unlisted
        As in :func:`~corpuskit.load_corpus`: a file matching ``pattern`` that no row names is an
        error (``UnlistedFileError``); ``False`` leaves such files alone (notes, a README).
    rules
        Cleaning rules (as in :func:`~corpuskit.clean_corpus`); each batch is cleaned with them.
    clean
        Clean the batches (default: only if ``rules`` are given; ``clean=True`` without rules
        applies the package's basic normalisation, as ``corpus.clean()`` does).
    batch_mb
        Megabytes of source files per batch (a larger file is a batch of its own). Memory grows
        with it; results do not depend on it.
    defer_errors
        Keep the whole-table problems (duplicate ids, dates, files without a row, rules naming
        unknown documents) in the stream instead of raising them here, so that :meth:`CorpusStream.validate`
        lists them together with every file's own (what ``corpuskit validate`` does). Any other
        measure of such a stream raises them. Problems that leave no table to read (a missing
        column, a malformed table) are raised here regardless.

    Raises
    ------
    CorpusError
        A subclass naming the file, metadata line and field.

    Examples
    --------
    >>> import pathlib
    >>> folder = pathlib.Path("texts")
    >>> folder.mkdir()
    >>> _ = (folder / "a.txt").write_text("Ann met Bob. Bob left.")
    >>> pd.DataFrame({"id": ["a"], "file": ["a.txt"], "date": ["2020"]}).to_csv(folder / "metadata.csv", index=False)
    >>> stream = ck.open_corpus(folder, "metadata.csv")
    >>> stream.n_batches, stream.term_frequency()[["term", "n"]].to_dict("records")
    (1, [{'term': 'bob', 'n': 2}, {'term': 'ann', 'n': 1}, {'term': 'left', 'n': 1}, {'term': 'met', 'n': 1}])
    """
    folder = Path(folder)
    check_folder(folder)
    no_table = metadata is None
    if no_table:  # no table: every file the pattern matches, named by its path, undated
        metadata, id_col, file_col, date_col = files_table(folder, pattern, date_col), "id", "file", None
    if isinstance(metadata, pd.DataFrame) and "_line" not in metadata.columns:
        # a table of the caller's (as load_corpus takes): its rows are named by their index labels in messages
        metadata = frame_rows(metadata, no_table)
    if not (isinstance(batch_mb, (int, float)) and batch_mb > 0):
        raise ArgumentError(f"batch_mb must be a positive number, got {batch_mb!r}")
    if encoding_errors not in ("strict", "replace"):
        raise ArgumentError(f"encoding_errors={encoding_errors!r}: expected 'strict' or 'replace'")
    keep_undated = check_missing_dates(missing_dates) == "keep"
    date_format = check_date_format(date_format)
    sentence_rules = None
    if abbreviations is not None or openers is not None:  # checked here, not in the first batch
        sentence_rules = (_freeze_abbreviations(abbreviations), _freeze_words(openers, "openers"))
    options = {
        "missing_dates": missing_dates,
        "date_format": date_format,
        "encoding": check_encoding(encoding),
        "encoding_errors": encoding_errors,
        "encoding_col": encoding_col,
        "id_col": id_col,
        "file_col": file_col,
        "file": file,
        "date_col": date_col,
        "precision_col": precision_col,
        "sha256_col": sha256_col,
        "pattern": pattern,
    }
    meta = _prepare_table(
        folder, metadata, dtypes=dtypes, infer_types=infer_types, delimiter=delimiter, **_table_options(options)
    )
    table, meta_path, errors = meta.table, meta.path, meta.errors
    raise_collected(errors)
    ids = table[id_col].map(lambda v: None if v is None or v is pd.NA else str(v).strip())
    first: dict[str, int] = {}
    for doc_id, line in zip(ids, table["_line"]):
        if doc_id and doc_id in first:
            errors.append(
                DuplicateIdError(
                    f"{row_place(meta_path.name, line)} (id {shown(doc_id)}): duplicate id, "
                    f"already used on {row_ref(meta_path.name, first[doc_id])}"
                )
            )
        elif doc_id:
            first[doc_id] = line
    # a date needs only its row: checked here, not when the row's batch is reached (minutes into a run)
    undated: list[str] = []
    refused_dates: list[object] = []
    if date_col in table:
        precisions = table[precision_col] if precision_col and precision_col in table else [None] * len(table)
        for doc_id, line, value, precision in zip(ids, table["_line"], table[date_col], precisions):
            if doc_id and first.get(doc_id) == line:  # a row with an id of its own (as load_corpus checks)
                if keep_undated and is_blank_date(value) and is_blank_date(precision):
                    undated.append(f"{row_place(meta_path.name, line)} (id {shown(doc_id)})")
                    continue
                try:
                    parse_date(
                        None if _isna(value) else value,
                        None if _isna(precision) else precision,
                        where=f"{row_place(meta_path.name, line)} (id {shown(doc_id)}), field {date_col!r}",
                        date_format=date_format,
                    )
                except DateError as exc:
                    errors.append(exc)
                    refused_dates.append(value)
    names = [n if isinstance(n, str) else None for n in meta.names]
    if not isinstance(check_unlisted, bool):
        raise ArgumentError(f"check_unlisted: expected True or False, got {check_unlisted!r}")
    if check_unlisted and not no_table:  # without a table every file matched is listed
        errors += unlisted_files(folder, pattern, names, meta_path)
    parsed = None
    if clean or (clean is None and rules is not None):
        parsed = rules if isinstance(rules, CleaningRules) else load_rules(rules)
        unknown = sorted(set(parsed.documents) - set(first))
        if unknown:
            errors.append(RulesError(f"{parsed.source}: rules name document(s) {unknown} that are not in the corpus"))
    if not isinstance(defer_errors, bool):
        raise ArgumentError(f"defer_errors: expected True or False, got {defer_errors!r}")
    sizes = [_file_size(folder, n) for n in names]
    # a missing or an empty file is known from a stat: reported now, with the table's other problems and by the
    # loader's own checks (_Files.inside), not when its batch is reached (minutes or hours into a run, whose work
    # is then lost); a file that does not decode needs reading: validate() reads every file, listing every problem
    files = _Files(folder)
    for doc_id, line, name, size in zip(ids, table["_line"], names, sizes):
        if size or name is None or not doc_id or first.get(doc_id) != line:
            continue
        where = f"{row_place(meta_path.name, line)} (id {shown(doc_id)})"
        try:
            path = files.inside(name, where, meta.source)
        except CorpusError as exc:
            errors.append(exc)
            continue
        if os.stat(path).st_size == 0:
            errors.append(empty_file_error(where, name))
    errors.sort(key=_metadata_line)  # in table order, as load_corpus and validate() list them
    hints = date_hints(errors, refused_dates, date_format)  # empty dates apart from unreadable ones
    if not defer_errors:
        raise_collected(errors, hints)
    _warn_undated(undated, len(first), table_name(meta_path.name))  # once for the stream, not once per batch
    return CorpusStream(
        folder,
        table,
        options,
        parsed,
        _batches(sizes, batch_mb * 1e6),
        files=list(zip(names, sizes)),
        deferred=list(errors),
        hints=hints,
        sentence_rules=sentence_rules,
    )


_OF_TEXTS = re.compile(r"(\d+) of (\d+) (texts)\b")  # as read from the files: one text per file
_N_FILES = re.compile(r"(\d+) file\(s\)(?= )")  # files a batch found, none of them counted by another batch


def _said_table(said: Sequence[warnings.WarningMessage]) -> pd.DataFrame:
    """The warnings a batch issued, as a table that travels with its result (combined as any table)."""
    return pd.DataFrame(
        {"category": pd.Series([w.category for w in said], dtype=object), "message": [str(w.message) for w in said]}
    )


def _batch_warnings(result: Partial) -> list[warnings.WarningMessage]:
    """The warnings the batches returned (see :class:`_Work`), taken out of ``result``."""
    table = result.pop("warnings", None)
    if table is None:
        return []
    return [warnings.WarningMessage(m, c, "", 0) for c, m in zip(table["category"], table["message"])]


def _say_once(said: Sequence[warnings.WarningMessage], n_texts: int | None = None) -> None:
    """Issue again, at the caller's line, each distinct warning the batches issued, once.

    Two warnings that differ only in their numbers and quoted names (each batch's own figures and examples)
    are one (:func:`~corpuskit.errors.warning_key`), as on the command line. A warning that opens with
    "N of M texts" (the files as read) is said with the stream's figures: the batches' N summed, out of
    the ``n_texts`` files of the whole stream; its example is the first batch's.
    """
    groups: dict[tuple[type, str], list[str]] = {}
    for w in said:
        groups.setdefault((w.category, warning_key(str(w.message))), []).append(str(w.message))
    for (category, _), messages in groups.items():
        counted = [_OF_TEXTS.match(m) for m in messages]
        if n_texts is not None and all(counted):
            total = sum(int(m.group(1)) for m in counted)
            first = counted[0]
            text = f"{total} of {n_texts} {first.group(3)}" + messages[0][first.end() :]
            warnings.warn(text, category, stacklevel=caller_level())
            continue
        files = [_N_FILES.match(m) for m in messages]
        if len(messages) > 1 and all(files):  # "3 file(s) have the same bytes ...": each batch's own files
            text = f"{sum(int(m.group(1)) for m in files)} file(s)" + messages[0][files[0].end() :]
            warnings.warn(text, category, stacklevel=caller_level())
            continue
        # the figures are one batch's: said so when other batches said the same with theirs
        differ = len(set(messages)) > 1
        note = f" (the figures of one batch: {len(messages)} batches said so, each with its own)" if differ else ""
        warnings.warn(messages[0] + note, category, stacklevel=caller_level())


def _table_options(options: dict) -> dict:
    """The options of :func:`open_corpus` that say how to read the metadata table (not the files)."""
    return {
        k: v for k, v in options.items() if k not in ("encoding", "encoding_errors", "missing_dates", "date_format")
    }


def _file_size(folder: Path, name: str | None) -> int:
    """Bytes of the regular file ``folder / name`` (0 if there is none: its batch reports the problem)."""
    if name is None:
        return 0
    try:
        st = os.stat(os.path.join(folder, name))
    except (OSError, ValueError):
        return 0
    return st.st_size if stat.S_ISREG(st.st_mode) else 0


def _batches(sizes: Sequence[int], limit: float) -> list[tuple[int, int]]:
    """Contiguous row ranges of about ``limit`` bytes each (a larger file is a batch alone)."""
    out, start, total = [], 0, 0
    for i, size in enumerate(sizes):
        if i > start and total + size > limit:
            out.append((start, i))
            start, total = i, 0
        total += size
    if start < len(sizes):
        out.append((start, len(sizes)))
    return out


@dataclasses.dataclass(frozen=True)
class Batch:
    """One batch of a :class:`CorpusStream`: what a worker needs to load and clean it (small, picklable).

    ``rows`` are the batch's rows of the metadata table (from :func:`~corpuskit.read_metadata`),
    ``first_row`` the position of the first of them in the whole table.
    """

    folder: Path
    rows: pd.DataFrame
    first_row: int
    options: dict
    rules: CleaningRules | None
    #: the sentence rules of ``open_corpus(abbreviations=, openers=)``, kept as ``with_sentence_rules`` keeps them
    sentence_rules: tuple | None = None
    #: each row's file name and size in bytes when the stream was opened
    files: tuple[tuple[str | None, int], ...] | None = None

    def load(self) -> tuple[Corpus, pd.DataFrame]:
        """The batch's corpus, loaded and cleaned as in memory, and each document's place in the corpus.

        A file whose size is not the one :func:`open_corpus` found is refused
        (:class:`~corpuskit.CorpusError`): the stream's batches and its checks were made for the file as it
        was, and a measure would count what was appended since without a word. (Only the size is compared:
        the modification time differs between machines that copied the folder.) A missing file is reported as
        ``load_corpus`` reports it.
        """
        for name, size in self.files or ():
            now = _file_size(self.folder, name)
            if name is not None and size and now and now != size:
                raise CorpusError(
                    f"file {name!r} in {str(self.folder)!r} has changed since open_corpus read the table "
                    f"({size:,} bytes then, {now:,} now): open the corpus again to measure it as it is"
                )
        with warnings.catch_warnings():  # open_corpus said which documents have no date, once
            warnings.simplefilter("ignore", UndatedWarning)
            corpus = load_corpus(self.folder, self.rows, check_unlisted=False, **self.options)
        if self.rules is not None:
            ids = set(corpus.doc_ids)
            mine = {k: v for k, v in self.rules.documents.items() if k in ids}
            # a rule that finds nothing in one batch may find something in another: no warning per batch
            corpus = clean_corpus(corpus, dataclasses.replace(self.rules, documents=mine), warn_unused=False)
        if self.sentence_rules is not None:
            corpus = dataclasses.replace(corpus, sentence_rules=self.sentence_rules, _cache={})
        docs = corpus.documents
        own = {d: self.first_row + i for i, d in enumerate(corpus.documents["doc_id"][: len(self.rows)])}
        # only cleaning makes a "part" column (metadata may not: it is a reserved column name)
        is_comment = (docs["part"] == "comment").to_numpy() if "part" in docs else np.zeros(len(docs), dtype=bool)
        parent = docs["parent_id"] if "parent_id" in docs else docs["doc_id"]
        anchor = [own[p if c else d] for d, p, c in zip(docs["doc_id"], parent, is_comment)]
        order = pd.DataFrame(
            {"doc_id": docs["doc_id"], "k0": is_comment.astype(np.int64), "k1": anchor, "k2": np.arange(len(docs))}
        )
        return corpus, order


@dataclasses.dataclass
class CorpusStream:
    """A corpus on disk, measured batch by batch (see :func:`open_corpus`).

    Every measure takes ``client=``: ``None`` (default) runs the batches one after the other in
    this process; a ``distributed.Client`` makes each batch a Dask task. ``progress=True``
    shows a tqdm bar over the batches.

    Examples
    --------
    >>> import pathlib
    >>> folder = pathlib.Path("texts")
    >>> folder.mkdir()
    >>> _ = (folder / "a.txt").write_text("Ann met Bob. Bob left happy.")
    >>> _ = (folder / "b.txt").write_text("Ann wrote a sad letter.")
    >>> pd.DataFrame({"id": ["a", "b"], "file": ["a.txt", "b.txt"], "date": ["2020", "2021"]}).to_csv(
    ...     folder / "metadata.csv", index=False)
    >>> stream = ck.open_corpus(folder, "metadata.csv", batch_mb=1e-5)  # one file per batch
    >>> stream.n_batches, stream.validate()[["doc_id", "n_chars"]].to_dict("records")
    (2, [{'doc_id': 'a', 'n_chars': 28}, {'doc_id': 'b', 'n_chars': 23}])
    >>> stream.sentence_sentiment()[["doc_id", "sentence_id", "polarity"]].round(2).to_dict("records")
    [{'doc_id': 'a', 'sentence_id': 1, 'polarity': 0.0}, {'doc_id': 'a', 'sentence_id': 2, 'polarity': 0.4},
     {'doc_id': 'b', 'sentence_id': 1, 'polarity': -0.5}]
    """

    folder: Path
    table: pd.DataFrame
    options: dict
    rules: CleaningRules | None
    ranges: list[tuple[int, int]]
    #: whole-table problems kept by ``open_corpus(defer_errors=True)``: validate() lists them, other measures raise them
    deferred: list[CorpusError] = dataclasses.field(default_factory=list)
    #: the likely cause of some kinds of those problems (e.g. the date_format that reads the refused dates)
    hints: dict[type, str] = dataclasses.field(default_factory=dict)
    #: the sentence rules every batch uses (``open_corpus(abbreviations=, openers=)``)
    sentence_rules: tuple | None = None
    #: each row's file name and size in bytes when the stream was opened (a file that changed since is refused)
    files: list[tuple[str | None, int]] | None = None

    def __repr__(self) -> str:
        return f"<CorpusStream: {len(self.table)} files in {len(self.ranges)} batches from {str(self.folder)!r}>"

    @property
    def n_batches(self) -> int:
        return len(self.ranges)

    def batches(self) -> list[Batch]:
        """The batches, in metadata order."""
        out = []
        for a, b in self.ranges:
            rows = self.table.iloc[a:b]
            rows.attrs["path"] = self.table.attrs.get("path", str(self.folder / "metadata"))
            rows.attrs["typed"] = True  # typed on the whole table, never batch by batch (the dtypes say how)
            files = tuple(self.files[a:b]) if self.files is not None else None
            out.append(Batch(self.folder, rows, a, self.options, self.rules, self.sentence_rules, files))
        return out

    def corpora(self) -> Iterable[Corpus]:
        """Each batch as a loaded (and cleaned) :class:`~corpuskit.Corpus`, one at a time."""
        for batch in self.batches():
            yield batch.load()[0]

    # -- running ------------------------------------------------------------------------------
    def _run(
        self,
        partial: Callable[[Corpus], Partial],
        *,
        client: Any = None,
        progress: bool = False,
        work_cls: type[_Work] | None = None,
        n_jobs: int = 1,
    ) -> Partial:
        """Apply ``partial`` to every batch and combine the results (in order).

        Locally, ``n_jobs`` > 1 computes whole batches in a pool of that many worker processes
        (``corpuskit.parallel.imap_ordered``: at most two batches per worker in flight, results
        taken in batch order), while this process combines them.
        """
        if self.deferred and work_cls is not _ValidateWork:
            raise_collected(self.deferred, self.hints)  # only validate() may read a corpus with whole-table problems
        work = (work_cls or _Work)(partial)
        batches = self.batches()
        bar = _bar(len(batches), progress)
        try:
            if client is None:
                parts: list[Partial] = []
                # each batch says what it sees ("some documents have no date", "0.1% of its words ..."): the
                # warnings are gathered and each said once, not once per batch (see _say_once)
                with warnings.catch_warnings(record=True) as said:
                    warnings.simplefilter("always")
                    for part in imap_ordered(work, batches, min(n_jobs, len(batches))):
                        parts.append(part)
                        if len(parts) >= 16:  # keep memory bounded: fold as we go
                            parts = [_combine(*parts)]
                        bar.update(1)
                result = _combine(*parts) if parts else {}
                _say_once([*said, *_batch_warnings(result)], len(self.table))
            else:
                result = _run_dask(client, work, batches, bar)
                _say_once(_batch_warnings(result), len(self.table))
        finally:
            bar.close()
        _warn_unused_rules(result)
        _warn_copies_across_batches(result, self.folder)
        return result

    def validate(self, *, client: Any = None, progress: bool = False) -> pd.DataFrame:
        """Load (and clean) every batch, reporting every problem together.

        Returns one row per document (``doc_id``, ``n_chars``, ``part`` if cleaned) when the
        corpus is sound; raises :class:`~corpuskit.CorpusValidationError` (or the single error)
        otherwise.
        """
        result = self._run(_ValidatePartial(), client=client, progress=progress, work_cls=_ValidateWork)
        errors = result.get("errors")
        problems = list(self.deferred)
        seen = {(type(e).__name__, str(e)) for e in problems}  # a batch finds its own duplicate ids again
        if errors is not None and len(errors):
            problems += [
                _revive(kind, msg) for kind, msg in zip(errors["kind"], errors["message"]) if (kind, msg) not in seen
            ]
        raise_collected(sorted(problems, key=_metadata_line), self.hints)  # in table order, as load_corpus lists them
        return _in_corpus_order(result["documents"], result["order"])

    # -- term frequency, tf-idf, keyness ------------------------------------------------------
    def term_frequency(
        self,
        *,
        by: str | Sequence[str] | pd.Series | None = "doc_id",
        ngram: int = 1,
        lower: bool = True,
        stopwords: bool | Iterable[str] | None = None,
        min_count: int = 1,
        replace: Mapping[str, str] | None = None,
        n_jobs: int | None = 1,
        client: Any = None,
        progress: bool = False,
        compact: bool = False,
    ) -> pd.DataFrame:
        """:func:`corpuskit.term_frequency`, batch by batch: the same table, row for row.

        Each batch is counted with the in-memory counter and reduced to one row per
        (group, term) with ``n`` and ``doc_freq`` before it is combined; a group's
        ``n_tokens`` and ``n_docs`` are sums over batches. Stopwords and ``min_count`` are
        applied after combining, so that ``n_tokens`` and the filters see the whole corpus.

        ``n_jobs`` worker processes count whole batches, at most two batches per worker at a
        time, while this process combines their results in batch order (local runs only; on Dask
        each task is one batch in one process). ``None``: two on a machine with two CPUs or
        more, else one. The table is the same whatever the number.
        """
        return self._term_frequency(
            by=by, ngram=ngram, lower=lower, stopwords=stopwords, min_count=min_count, replace=replace,
            n_jobs=n_jobs, client=client, progress=progress, compact=compact,
        )  # fmt: skip

    def _term_frequency(
        self,
        *,
        by: str | Sequence[str] | pd.Series | None = "doc_id",
        ngram: int = 1,
        lower: bool = True,
        stopwords: bool | Iterable[str] | None = None,
        min_count: int = 1,
        replace: Mapping[str, str] | None = None,
        n_jobs: int | None = 1,
        client: Any = None,
        progress: bool = False,
        compact: bool = False,
        sides: tuple[object, object] | None = None,
    ) -> pd.DataFrame:
        """:meth:`term_frequency`; with ``sides`` (a keyness target and reference), of their documents only
        (a document with no group is then on neither side, as :func:`corpuskit.keyness` reads it)."""
        stop = stopword_set(stopwords)
        if not isinstance(min_count, int) or min_count < 1:
            raise ArgumentError(f"min_count must be a positive integer, got {min_count!r}")
        if not isinstance(compact, bool):
            raise ArgumentError(f"compact: expected True or False, got {compact!r}")
        part, jobs = self._count_work(by, ngram, lower, replace, n_jobs, client)
        part.check_english = stopwords is True
        part.sides = sides
        combined = self._run(part, client=client, progress=progress, n_jobs=jobs)
        cols = _group_names(by)
        out = _finish_counts(combined, cols, stop, min_count)
        return compact_columns(out, [*cols, "term"]) if compact else out

    @staticmethod
    def _count_work(by, ngram, lower, replace, n_jobs, client) -> tuple[_CountPartial, int]:
        """The counting of one batch and the number of local worker processes (checked).

        Each measure calls ``self._run`` itself, so that warnings point at the caller's line.
        """
        if not isinstance(ngram, int) or ngram < 1:
            raise ArgumentError(f"ngram must be a positive integer, got {ngram!r}")
        if n_jobs is None:
            n_jobs = auto_jobs()
        elif isinstance(n_jobs, bool) or not isinstance(n_jobs, int) or n_jobs < 1:
            raise ArgumentError(f"n_jobs must be a positive integer or None, got {n_jobs!r}")
        return _CountPartial(by, ngram, lower, check_replace(replace), 1), 1 if client else n_jobs

    def tf_idf(
        self,
        *,
        by: str | Sequence[str] = "doc_id",
        tf: str = "proportion",
        idf: str = "ln",
        norm: str | None = None,
        client: Any = None,
        progress: bool = False,
        ngram: int = 1,
        lower: bool = True,
        stopwords: bool | Iterable[str] | None = None,
        min_count: int = 1,
        replace: Mapping[str, str] | None = None,
        n_jobs: int | None = 1,
        compact: bool = False,
    ) -> pd.DataFrame:
        """:func:`corpuskit.tf_idf` of the corpus: the same table, row for row.

        As for a Corpus in memory, N is the number of documents (or ``by`` groups) of the whole
        corpus, documents without words included, and df counts the documents holding the term
        among all of them, both summed over batches; ``stopwords`` and ``min_count`` then remove
        rows from the result and change neither.
        """
        cols = check_weighting(by, tf, idf, norm)
        stop = stopword_set(stopwords)
        check_int(min_count, "min_count", minimum=1)
        if not isinstance(compact, bool):
            raise ArgumentError(f"compact: expected True or False, got {compact!r}")
        group_by = cols if len(cols) > 1 else cols[0]
        part, jobs = self._count_work(group_by, ngram, lower, replace, n_jobs, client)
        part.check_english = stopwords is True
        combined = self._run(part, client=client, progress=progress, n_jobs=jobs)
        counts = _finish_counts(combined, cols, frozenset(), 1)
        if compact:
            counts = compact_columns(counts, [*cols, "term"])
        n_docs = len(_sum_by(combined["totals"], cols))
        keep = kept_rows(counts, stop, min_count)
        return weigh(counts, cols, tf, idf, norm, n_docs=n_docs, keep=keep, counted=True)

    def keyness(
        self,
        target: object | Sequence[object],
        *,
        by: str | Sequence[str] | pd.Series = "doc_id",
        reference: object | Sequence[object] | None = None,
        measure: str = "g2",
        yates: bool = True,
        williams: bool = False,
        min_count: int = 1,
        client: Any = None,
        progress: bool = False,
        **count_options: Any,
    ) -> pd.DataFrame:
        """:func:`corpuskit.keyness` of the combined :meth:`term_frequency` table."""
        sides = (target, reference) if reference is not None else None
        counts = self._term_frequency(by=by, client=client, progress=progress, sides=sides, **count_options)
        key = str(by.name or "group") if isinstance(by, pd.Series) else by
        return keyness(
            counts,
            target,
            by=key,
            reference=reference,
            measure=measure,
            yates=yates,
            williams=williams,
            min_count=min_count,
        )

    # -- tables of sentences and mentions ----------------------------------------------------
    def sentences(self, *, client: Any = None, progress: bool = False) -> pd.DataFrame:
        """:func:`corpuskit.sentences` of the whole corpus."""
        return self._table(_TablePartial("sentences"), client, progress)

    def documents(self, *, text: bool = True, client: Any = None, progress: bool = False) -> pd.DataFrame:
        """The documents table of the (cleaned) corpus, as ``corpus.documents`` (``text=False``: without texts).

        With texts this holds the whole cleaned corpus in memory; the other measures do not.
        """
        table = self._table(_TablePartial("documents", {"text": text}), client, progress)
        for col in table.columns:  # a column empty in some batches: infer its type from all values, as in memory
            if table[col].dtype == object:
                table[col] = pd.Series(table[col].tolist(), index=table.index, dtype=None)
        return table

    def sentence_sentiment(
        self,
        *,
        vader: bool = True,
        columns: Sequence[str] | None = None,
        n_jobs: int | None = 1,
        client: Any = None,
        progress: bool = False,
        neutral: Iterable[str] | None = None,
    ) -> pd.DataFrame:
        """:func:`corpuskit.sentence_sentiment` of the whole corpus (one row per sentence).

        Aggregate it with :func:`corpuskit.summarise_sentiment` or
        :func:`corpuskit.sentiment_by_period` (bootstrap intervals need the sentences), or use
        :meth:`sentiment_moments` when only means and standard deviations are wanted.
        ``columns`` keeps only those columns of each batch's table (``doc_id`` always): what a
        summary reads (e.g. ``["date", "date_precision", "polarity", "has_words"]``) without the
        text of every sentence and every metadata column, which is most of the table's memory.
        ``neutral``: phrases kept out of the scores, as in :func:`corpuskit.sentence_sentiment`
        (which adds the column ``n_neutral``).
        """
        if columns is not None:
            if isinstance(columns, str) or not all(isinstance(c, str) for c in columns):
                raise ArgumentError(f"columns: expected a list of column names, got {columns!r}")
            columns = list(dict.fromkeys(["doc_id", *columns]))
        options = {"vader": vader, "n_jobs": 1 if client else n_jobs, "columns": columns}
        options["neutral"] = check_neutral(neutral, "sentence_sentiment")  # checked before any batch is read
        part = _TablePartial("sentiment", options)
        return self._table(part, client, progress)

    def sentiment_moments(
        self,
        by: str | Sequence[str],
        *,
        value: str = "polarity",
        vader: bool = True,
        client: Any = None,
        progress: bool = False,
        neutral: Iterable[str] | None = None,
    ) -> pd.DataFrame:
        """Mean and standard deviation of sentence scores per group, from combined moments.

        Each batch contributes, per group of the ``by`` column(s) of the sentiment table
        (e.g. ``date``, ``part``, ``genre``), the count n, the sum S1 = sum(x) and the sum of
        squares S2 = sum(x^2) of ``value`` over sentences with words, and its documents; these
        add across batches. Then ``mean = S1 / n`` and ``sd = sqrt((S2 - S1^2 / n) / (n - 1))``
        (the sample standard deviation; missing for n < 2). The means equal those of
        :func:`corpuskit.summarise_sentiment` up to floating-point rounding (the order of
        summation differs). Returns ``by`` columns, ``n``, ``n_docs``, ``mean``, ``sd``,
        sorted by group. ``neutral``: phrases kept out of the scores, as in
        :func:`corpuskit.sentence_sentiment`.
        """
        cols = [by] if isinstance(by, str) else list(by)
        part = _MomentsPartial(cols, value, vader, check_neutral(neutral, "sentiment_moments"))
        combined = self._run(part, client=client, progress=progress)
        m = combined.get("moments")
        if m is None or m.empty:
            return pd.DataFrame(columns=[*cols, "n", "n_docs", "mean", "sd"])
        m = m.groupby(cols, sort=True, dropna=True)[["n", "n_docs", "s1", "s2"]].sum().reset_index()
        n = m["n"].to_numpy(dtype=float)
        m["mean"] = m["s1"] / n
        with np.errstate(invalid="ignore", divide="ignore"):
            var = np.clip(m["s2"].to_numpy() - m["s1"].to_numpy() ** 2 / n, 0, None) / (n - 1)
        m["sd"] = np.where(n > 1, np.sqrt(var), np.nan)
        m["n"] = m["n"].astype(np.int64)
        m["n_docs"] = m["n_docs"].astype(np.int64)
        return m[[*cols, "n", "n_docs", "mean", "sd"]]

    def time_references(
        self,
        *,
        overrides: str | Path | pd.DataFrame | Mapping | None = None,
        named_dates: str | Path | Mapping | list | None = None,
        min_year: int = MIN_YEAR,
        max_year: int = MAX_YEAR,
        client: Any = None,
        progress: bool = False,
    ) -> pd.DataFrame:
        """:func:`corpuskit.time_references` of the whole corpus.

        Each batch gets the overrides of its own documents; an override whose document is in
        no batch is an error, as in memory. ``named_dates``, ``min_year`` and ``max_year`` as in
        :func:`corpuskit.time_references` (read and checked once, before the first batch).
        """
        check_year_range(min_year, max_year)
        table = _load_overrides(overrides)
        options = {
            "overrides": table,
            "named_dates": _named_dates(named_dates),
            "min_year": min_year,
            "max_year": max_year,
        }
        result = self._run(_TablePartial("time", options), client=client, progress=progress)
        _check_overrides(table, result)
        return _in_corpus_order(result["table"], result["order"])

    def actor_mentions(
        self,
        actors: ActorList | str | Path | Mapping,
        *,
        by: str | None = None,
        client: Any = None,
        progress: bool = False,
    ) -> pd.DataFrame:
        """:func:`corpuskit.actor_mentions` of the whole corpus (``by``: a documents column to add)."""
        if not isinstance(actors, ActorList):
            actors = load_actors(actors)
        return self._table(_TablePartial("actors", {"actors": actors, "by": by}), client, progress)

    def cooccurrence(
        self,
        actors: ActorList | str | Path | Mapping,
        *,
        unit: str = "sentence",
        window: int = 10,
        by: str | None = None,
        include_self: bool = False,
        client: Any = None,
        progress: bool = False,
    ) -> pd.DataFrame:
        """:func:`corpuskit.network.cooccurrence` of the combined actor mentions, with ``corpus=``.

        ``item="actor"``; the edge list's ends are ``item_a`` and ``item_b``, their counts ``n_a``
        and ``n_b``, as in the network module. ``by`` names a documents column (e.g.
        ``"outlet"``) for one network per group. Units never span documents, so counting on the
        combined mention table (which is far smaller than the texts) gives the corpus-wide n,
        n_a and n_b; N (``n_units``) is every document, sentence or paragraph of the corpus (in
        the group), summed over batches, as the in-memory function counts it when given the
        corpus (windows: the occurrences).
        """
        check_options(unit, window, include_self)
        wanted = {"actors": actors if isinstance(actors, ActorList) else load_actors(actors), "by": by}
        part = _TablePartial("actors", {**wanted, "units": unit != "window"})
        result = self._run(part, client=client, progress=progress)
        mentions = _in_corpus_order(result["table"], result["order"])
        n_units = None
        if unit != "window":
            units = result["units"]
            column = {"sentence": "n_sentences", "paragraph": "n_paragraphs"}.get(unit)
            if not by:
                n_units = {(): len(units) if column is None else int(units[column].sum())}
            else:
                groups = units.groupby(by, sort=False)
                sizes = groups.size() if column is None else groups[column].sum()
                n_units = {(k,): int(v) for k, v in sizes.items()}
        return edges_of(mentions, "actor", unit, window, by, include_self, n_units)

    def event_mentions(
        self,
        events: EventList | str | Path | Mapping,
        *,
        overrides: str | Path | pd.DataFrame | Mapping | bool | None = False,
        named_dates: str | Path | Mapping | list | None = None,
        client: Any = None,
        progress: bool = False,
    ) -> pd.DataFrame:
        """:func:`corpuskit.event_mentions` of the whole corpus.

        ``overrides=False`` (default): no time references (the year columns stay missing);
        otherwise each batch's :func:`corpuskit.time_references` with these overrides
        (``None``: none) and ``named_dates`` are passed as ``references=``.
        """
        if not isinstance(events, EventList):
            events = load_events(events)
        table = None if overrides is False else _load_overrides(overrides)
        named = _named_dates(named_dates)
        if named and table is None:
            raise ArgumentError("named_dates= resolves time references: pass overrides= too (None for none)")
        part = _TablePartial("events", {"events": events, "overrides": table, "named_dates": named})
        result = self._run(part, client=client, progress=progress)
        if table is not None:
            _check_overrides(table, result)
        return _in_corpus_order(result["table"], result["order"])

    def _table(self, part: _TablePartial, client: Any, progress: bool) -> pd.DataFrame:
        result = self._run(part, client=client, progress=progress)
        return _text_columns_as_in_memory(_in_corpus_order(result["table"], result["order"]))


def _text_columns_as_in_memory(table: pd.DataFrame) -> pd.DataFrame:
    """Columns of text that a batch with no value in them (all ``None``) left as ``object``: typed as the
    in-memory table types them, from all their values (a metadata column that every document of a batch
    leaves empty, such as an author unknown for the documents of one batch)."""
    for col in table.columns:
        values = table[col]
        if values.dtype == object and values.isna().any():
            present = values.dropna()
            if len(present) and all(isinstance(v, str) for v in present.tolist()):
                table[col] = pd.Series(values.tolist(), index=table.index, dtype=None)
    return table


# ---------------------------------------------------------------------------------------------
# Partial results: module-level callables, so that Dask can pickle them
# ---------------------------------------------------------------------------------------------
class _Work:
    """Load one batch and compute a partial result from it (runs on a worker)."""

    def __init__(self, partial: Callable[[Corpus], Partial]):
        self.partial = partial

    def __call__(self, batch: Batch) -> Partial:
        # the batch's warnings travel back with its result: a worker process (a local pool or Dask) would
        # print them on its own standard error, pointing into the pool's code, once per batch
        with warnings.catch_warnings(record=True) as said:
            warnings.simplefilter("always")
            corpus, order = batch.load()
            out = self.partial(corpus)
            out["order"] = order
            out["file_keys"] = _file_keys(corpus, batch.first_row)
            if batch.rules is not None:  # what each rule did in this batch: summed, then checked, in _run
                out["rule_matches"] = corpus.rules.loc[
                    ~corpus.rules["scope"].str.startswith("basic"), ["defined", "n_documents", "n_matches"]
                ].reset_index(drop=True)
        out["warnings"] = _said_table(said)
        return out


class _ValidatePartial:
    def __call__(self, corpus: Corpus) -> Partial:
        cols = [c for c in ("doc_id", "n_chars", "part") if c in corpus.documents]
        return {"documents": corpus.documents[cols].copy()}


class _ValidateWork(_Work):
    """Like :class:`_Work`, but a batch that fails to load yields its errors instead of raising."""

    def __call__(self, batch: Batch) -> Partial:
        try:
            return super().__call__(batch)
        except CorpusError as exc:
            errs = list(getattr(exc, "errors", None) or [exc])
            kinds, messages = [type(e).__name__ for e in errs], [str(e) for e in errs]
            return {"errors": pd.DataFrame({"kind": kinds, "message": messages})}


_LINE = re.compile(r"(?:: line|^DataFrame row) (\d+)\b")  # a file's line, or a DataFrame's row label


def _metadata_line(error: CorpusError) -> float:
    """The metadata line a problem is about (problems about no line, such as files without a row, last)."""
    m = _LINE.search(str(error))
    return int(m.group(1)) if m else float("inf")


def _revive(kind: str, message: str) -> CorpusError:
    from . import errors as _errors

    cls = getattr(_errors, kind, CorpusError)
    err = cls.__new__(cls)
    Exception.__init__(err, message)
    return err


#: (group, term) cells of one batch added up in a dense array (else sorted), at most: 2 Mi cells (32 MiB).
_DENSE_CELLS = 1 << 21


class _CountPartial:
    """Term counts of one batch, reduced to (group, term) rows plus per-group totals."""

    def __init__(self, by, ngram: int, lower: bool, replace: dict | None, n_jobs: int | None):
        self.by, self.ngram, self.lower, self.replace, self.n_jobs = by, ngram, lower, replace, n_jobs
        self.check_english = False  #: the default (English) stopwords will be dropped: say so on other text
        self.sides: tuple[object, object] | None = None  #: keyness's (target, reference): count their documents

    def __call__(self, corpus: Corpus) -> Partial:
        if self.check_english:  # as term_frequency does in memory (the stream's warnings are said once)
            warn_if_not_english(corpus.documents["text"], "the default stopwords")
        if self.sides is not None:
            by = self.by
            columns = [by] if isinstance(by, str) else list(by) if isinstance(by, (list, tuple)) else None
            within = _within_sides(corpus, columns, *self.sides, check=False)
            if within is None:  # no document of this batch is on either side
                cols = _group_names(self.by)
                empty = {c: pd.Series(dtype=object) for c in [*cols, "term"]}
                zero = pd.Series(dtype=np.int64)
                return {
                    "counts": pd.DataFrame({**empty, "n": zero, "doc_freq": zero}),
                    "totals": pd.DataFrame({**{c: empty[c] for c in cols}, "n_tokens": zero, "n_docs": zero}),
                }
            corpus = within
        cols, groups = resolve_groups(corpus, self.by)
        # a batch is counted once and dropped: words are counted without building its token index
        terms, term_ids, counts = count_terms(
            corpus, self.ngram, self.lower, self.replace, self.n_jobs, keep_index=False
        )
        labels = groups[cols].reset_index(drop=True)
        gcodes, uniques = _group_codes(labels)
        n_terms = max(len(terms), 1)
        doc = np.repeat(np.arange(len(term_ids), dtype=np.int64), [len(t) for t in term_ids])
        term = np.concatenate(term_ids) if term_ids else np.zeros(0, dtype=np.int64)
        n = np.concatenate(counts) if counts else np.zeros(0, dtype=np.int64)
        cells = gcodes[doc] * n_terms + term
        if len(uniques) * n_terms <= _DENSE_CELLS:
            # few (group, term) cells (one group, or a few): add up in a dense array, no sort
            n_cell = np.bincount(cells, weights=n, minlength=len(uniques) * n_terms)
            df_cell = np.bincount(cells, minlength=len(uniques) * n_terms)
            key = np.flatnonzero(df_cell)
            n_key, df_key = n_cell[key], df_cell[key]
        else:
            key, inverse = np.unique(cells, return_inverse=True)
            n_key = np.bincount(inverse, weights=n, minlength=len(key))
            df_key = np.bincount(inverse, minlength=len(key))
        table = uniques.iloc[key // n_terms].reset_index(drop=True)
        table["term"] = np.array(terms, dtype=object)[key % n_terms] if terms else np.zeros(0, dtype=object)
        table["n"] = n_key.astype(np.int64)
        table["doc_freq"] = df_key.astype(np.int64)
        totals = uniques.copy()
        totals["n_tokens"] = np.bincount(gcodes[doc], weights=n, minlength=len(uniques)).astype(np.int64)
        totals["n_docs"] = np.bincount(gcodes, minlength=len(uniques)).astype(np.int64)
        return {"counts": table, "totals": totals}


def _group_names(by) -> list[str]:
    if by is None:
        return ["corpus"]
    if isinstance(by, pd.Series):
        return [str(by.name or "group")]
    return [by] if isinstance(by, str) else list(by)


def _sum_by(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    values = [c for c in frame.columns if c not in keys]
    return frame.groupby(keys, sort=False, dropna=False)[values].sum().reset_index()


def _group_index(frame: pd.DataFrame, groups: list[str]) -> pd.Index:
    """The group of each row: the values of one column, or a MultiIndex of several."""
    return pd.Index(frame[groups[0]]) if len(groups) == 1 else pd.MultiIndex.from_frame(frame[groups])


def _merge_counts(frames: list[pd.DataFrame], keys: list[str]) -> pd.DataFrame:
    """Count tables of several batches (each with one row per key: group column(s) and term) as one.

    Only the rows of groups that several of the tables hold are summed; the rows of a group that one
    table alone holds are already final and are taken as they are. Batches follow the corpus order, so
    with a grouping such as ``doc_id`` or a year few groups are shared: the running total of a stream is
    not grouped again at every fold, which took time and memory growing with the table.
    """
    if len(frames) < 2:
        return frames[0]
    groups = [k for k in keys if k != "term"]
    seen: collections.Counter = collections.Counter()
    for f in frames:
        seen.update(_group_index(f, groups).unique())
    shared = [g for g, n in seen.items() if n > 1]
    if not shared:
        return pd.concat(frames, ignore_index=True)
    alone, together = [], []
    for f in frames:
        mask = _group_index(f, groups).isin(shared)
        if mask.any():
            alone.append(f[~mask])
            together.append(f[mask])
        else:
            alone.append(f)
    summed = _sum_by(pd.concat(together, ignore_index=True), keys)
    return pd.concat([*alone, summed], ignore_index=True)


def _finish_counts(combined: Partial, cols: list[str], stop: frozenset | set, min_count: int) -> pd.DataFrame:
    """The term_frequency table from combined (group, term) sums and group totals.

    The combined counts are taken out of ``combined`` and each of their columns is copied once, in the
    table's order (group, then ``n`` descending, then term), so that the combined table and the result
    are not held twice over while it is built.
    """
    counts = combined.pop("counts").reset_index(drop=True)  # one row per (group, term), as _combine keeps it
    totals = _sum_by(combined["totals"], cols)
    keep = np.ones(len(counts), dtype=bool)
    if stop:  # as in memory: an n-gram is dropped if any of its words is a stopword
        terms = counts["term"].unique()
        ok = dict(zip(terms, ~stopword_mask(list(terms), stop)))
        keep &= counts["term"].map(ok).to_numpy(dtype=bool)
    if min_count > 1:
        keep &= counts["n"].to_numpy() >= min_count
    rows = np.flatnonzero(keep)
    keys = counts.iloc[rows][[*cols, "n", "term"]].reset_index(drop=True)
    ranked = keys.sort_values([*cols, "n", "term"], ascending=[True] * len(cols) + [False, True], kind="mergesort")
    pos = rows[ranked.index.to_numpy()]  # positions in counts, in the table's order
    del keys, ranked
    at = _group_index(totals, cols).get_indexer(_group_index(counts.iloc[pos], cols))  # each row's group totals
    out = pd.DataFrame(index=pd.RangeIndex(len(pos)))
    for c in [*cols, "term"]:  # each keeps its dtype (strings, categories, integers) as the batches gave it
        out[c] = counts[c].take(pos).reset_index(drop=True)
    n = counts["n"].to_numpy()[pos].astype(np.int64, copy=False)
    doc_freq = counts["doc_freq"].to_numpy()[pos].astype(np.int64, copy=False)
    del counts
    n_tokens = totals["n_tokens"].to_numpy().astype(np.int64, copy=False)[at]
    out["n"] = n
    out["n_tokens"] = n_tokens
    out["per_1000"] = 1000.0 * n / np.maximum(n_tokens, 1)
    out["doc_freq"] = doc_freq
    out["n_docs"] = totals["n_docs"].to_numpy().astype(np.int64, copy=False)[at]
    return out


class _TablePartial:
    """A per-document table of one batch (sentences, sentiment, time references, mentions)."""

    def __init__(self, kind: str, options: dict | None = None):
        self.kind, self.options = kind, options or {}

    def __call__(self, corpus: Corpus) -> Partial:
        o = self.options
        out: Partial = {}
        if self.kind == "documents":
            table = corpus.documents if o["text"] else corpus.documents.drop(columns="text")
        elif self.kind == "sentences":
            table = sentences(corpus)
        elif self.kind == "sentiment":
            table = sentence_sentiment(corpus, vader=o["vader"], n_jobs=o["n_jobs"], neutral=o.get("neutral"))
            if o.get("columns") is not None:
                missing = [c for c in o["columns"] if c not in table.columns]
                if missing:
                    raise CorpusError(
                        f"sentence_sentiment: columns {missing} are not in the table; "
                        f"its columns are {list(table.columns)}"
                    )
                table = table[o["columns"]]
        elif self.kind == "time":
            mine = _own_overrides(o["overrides"], corpus, out)
            table = time_references(
                corpus,
                overrides=mine,
                named_dates=list(map(_named_record, o["named_dates"])),
                min_year=o.get("min_year", MIN_YEAR),
                max_year=o.get("max_year", MAX_YEAR),
            )
        elif self.kind == "actors":
            table = actor_mentions(corpus, o["actors"])
            if o["by"]:
                if o["by"] not in corpus.documents:
                    raise ArgumentError(f"by={o['by']!r} is not a column of the documents table")
                table = table.merge(corpus.documents[["doc_id", o["by"]]], on="doc_id", how="left")
            if o.get("units"):  # each document's sentences and paragraphs: N of co-occurrence's PMI
                sents = sentences(corpus)
                per_doc = sents.groupby("doc_id", sort=False).agg(
                    n_sentences=("sentence_id", "size"), n_paragraphs=("paragraph_id", "nunique")
                )
                units = corpus.documents[["doc_id", *([o["by"]] if o["by"] else [])]]
                units = units.merge(per_doc.reset_index(), on="doc_id", how="left")
                out["units"] = units.fillna({"n_sentences": 0, "n_paragraphs": 0})
        elif self.kind == "events":
            refs = None
            if o["overrides"] is not None:
                refs = time_references(
                    corpus,
                    overrides=_own_overrides(o["overrides"], corpus, out),
                    named_dates=list(map(_named_record, o["named_dates"])),
                )
            table = event_mentions(corpus, o["events"], references=refs)
        else:  # pragma: no cover
            raise CorpusError(f"unknown table {self.kind!r}")
        out["table"] = table
        return out


def _named_record(named: tuple[str, int, tuple[str, ...]]) -> dict:
    """One checked named date back as the record :func:`corpuskit.time_references` reads."""
    name, year, phrases = named
    return {"name": name, "year": year, "phrases": list(phrases)}


def _own_overrides(overrides: pd.DataFrame, corpus: Corpus, out: Partial) -> pd.DataFrame:
    mine = overrides[overrides["doc_id"].isin(set(corpus.doc_ids))]
    out["overrides_used"] = mine[["doc_id", "expr"]].reset_index(drop=True)
    return mine


def _check_overrides(table: pd.DataFrame, result: Partial) -> None:
    used = result.get("overrides_used")
    seen = set(used["doc_id"]) if used is not None else set()
    for o in table.to_dict("records"):
        if o["doc_id"] not in seen:
            raise CorpusError(f"override for {o['doc_id']!r} {o['expr']!r} matches no time reference")


class _MomentsPartial:
    """Per-group n, sum and sum of squares of a sentence score in one batch."""

    def __init__(self, cols: list[str], value: str, vader: bool, neutral: tuple[str, ...] | None = None):
        self.cols, self.value, self.vader, self.neutral = cols, value, vader, neutral

    def __call__(self, corpus: Corpus) -> Partial:
        scored = sentence_sentiment(corpus, vader=self.vader, n_jobs=1, neutral=self.neutral)
        missing = {*self.cols, self.value} - set(scored.columns)
        if missing:
            raise CorpusError(f"sentiment_moments: the sentiment table lacks column(s) {sorted(missing)}")
        data = scored[scored["has_words"]]
        check_group_values(data, self.cols, "sentiment_moments")
        x = data[self.value].astype(float)
        g = data.assign(_x=x, _x2=x * x).groupby(self.cols, sort=False, dropna=True)
        m = g.agg(n=("_x", "size"), n_docs=("doc_id", "nunique"), s1=("_x", "sum"), s2=("_x2", "sum"))
        return {"moments": m.reset_index()}


def _file_keys(corpus: Corpus, batch: int) -> pd.DataFrame:
    """Each source file of a batch with a cheap key of its text, to find copies that lie in different
    batches (a batch warns about its own, as ``load_corpus`` does): its length in characters and a CRC-32
    of its first and last 256 characters. Files whose keys agree are compared byte for byte at the end."""
    files = list(corpus.sources)
    texts = [corpus.sources[f] for f in files]
    ends = (t[:256] + t[-256:] for t in texts)
    return pd.DataFrame(
        {
            "file": files,
            "size": np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)),
            "crc": np.fromiter((zlib.crc32(e.encode("utf-8", "surrogatepass")) for e in ends), dtype=np.int64),
            "batch": batch,
        }
    )


def _warn_copies_across_batches(result: Partial, folder: Path) -> None:
    """``DuplicateTextWarning`` for files of different batches with the same bytes (compared byte for byte
    when their keys agree), as ``load_corpus`` warns for a corpus in memory. Removes the keys from ``result``."""
    from .errors import DuplicateTextWarning

    keys = result.pop("file_keys", None)
    if keys is None or keys.empty:
        return
    keys = keys.drop_duplicates("file")  # a file listed twice on purpose is no copy
    same: list[tuple[str, str]] = []
    for _, group in keys[keys.duplicated(["size", "crc"], keep=False)].groupby(["size", "crc"], sort=False):
        first = group.iloc[0]
        data = read_regular(folder / first["file"], follow_links=True)  # no FIFO waited on
        same += [
            (row.file, first["file"])
            for row in group.iloc[1:].itertuples()
            if data is not None
            and row.batch != first["batch"]
            and read_regular(folder / row.file, follow_links=True) == data
        ]
    if same:
        warnings.warn(
            f"{len(same)} file(s) in one batch have the same bytes as a file of an earlier batch (e.g. "
            f"{same[0][0]!r} and {same[0][1]!r}): their text is counted once per document; "
            "drop the copies from the metadata if they are duplicates",
            DuplicateTextWarning,
            stacklevel=caller_level(),
        )


def _warn_unused_rules(result: Partial) -> None:
    """The in-memory ``UnusedRuleWarning``, for the whole corpus: a rule that matched nothing in any batch.

    Not when a batch failed to load (``validate``): its matches are unknown. Removes the counts from ``result``.
    """
    from .errors import UnusedRuleWarning

    report = result.pop("rule_matches", None)
    failed = result.get("errors")
    if report is None or (failed is not None and len(failed)):
        return
    unused = report[report["n_matches"] == 0]
    if len(unused):
        listed = "; ".join(f"{o}: applies to {n} document(s)" for o, n in zip(unused["defined"], unused["n_documents"]))
        warnings.warn(
            f"{len(unused)} cleaning rule(s) matched nothing in the whole corpus: {listed}",
            UnusedRuleWarning,
            stacklevel=caller_level(),
        )


def _combine(*parts: Partial) -> Partial:
    """Combine partial results: tables are concatenated, count tables summed by key."""
    out: Partial = {}
    keys = dict.fromkeys(k for p in parts for k in p)
    for key in keys:
        frames = [p[key] for p in parts if key in p]
        nonempty = [f for f in frames if len(f)] or frames[:1]
        if key == "counts":
            out[key] = _merge_counts(nonempty, [c for c in nonempty[0].columns if c not in ("n", "doc_freq")])
            continue
        frame = pd.concat(nonempty, ignore_index=True) if len(nonempty) > 1 else nonempty[0]
        if key == "totals":
            frame = _sum_by(frame, [c for c in frame.columns if c not in ("n_tokens", "n_docs")])
        elif key == "rule_matches":
            frame = frame.groupby("defined", sort=False, as_index=False)[["n_documents", "n_matches"]].sum()
        out[key] = frame
    return out


def _in_corpus_order(table: pd.DataFrame, order: pd.DataFrame) -> pd.DataFrame:
    """Rows of a per-document table in the order the in-memory corpus has its documents."""
    ranked = order.sort_values(["k0", "k1", "k2"], kind="mergesort")
    rank = dict(zip(ranked["doc_id"], range(len(ranked))))
    pos = np.fromiter((rank[d] for d in table["doc_id"]), dtype=np.int64, count=len(table))
    return table.iloc[np.argsort(pos, kind="stable")].reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Dask
# ---------------------------------------------------------------------------------------------
#: Partial results combined per Dask task in the reduction tree.
SPLIT_EVERY = 8


def _run_dask(client: Any, work: _Work, batches: list[Batch], bar: Any) -> Partial:
    """One Dask task per batch, then a tree of combine tasks; Dask schedules and retries them."""
    try:
        from distributed import as_completed
    except ImportError as exc:  # pragma: no cover
        raise CorpusError("running on Dask needs distributed: pip install 'corpuskit[dask]'") from exc
    if not batches:
        return {}
    # tasks named for a reader of the scheduler's log ("corpuskit-_TermCounts-1a2b3c4d-batch-4"), unique per run
    run = f"corpuskit-{type(work.partial).__name__}-{uuid.uuid4().hex[:8]}"
    futures = client.map(work, batches, pure=False, key=[f"{run}-batch-{i}" for i in range(len(batches))])
    for _ in as_completed(futures, loop=client.loop):
        bar.update(1)
    level = 0
    while len(futures) > 1:
        futures = [
            client.submit(_combine, *futures[i : i + SPLIT_EVERY], key=f"{run}-combine-{level}-{i // SPLIT_EVERY}")
            for i in range(0, len(futures), SPLIT_EVERY)
        ]
        level += 1
    return futures[0].result()


def _bar(total: int, progress: bool | None) -> Any:
    """A tqdm bar over the batches; ``progress=None`` shows it only when stderr is a terminal."""
    from tqdm import tqdm

    return tqdm(total=total, unit="batch", disable=None if progress is None else not progress, leave=False)


def dask_client(*, workers: int | None = None, scheduler: str | None = None) -> Any:
    """A Dask client: on an existing scheduler (``"tcp://host:8786"``) or on a new local cluster.

    ``workers`` processes with one thread each are started on this machine (on loopback, no
    dashboard) when no scheduler is given. Close the returned client (and its cluster) with
    :func:`close_client`, which closes a local cluster too.

    Examples
    --------
    >>> client = ck.dask_client(workers=1)
    >>> len(client.scheduler_info()["workers"])
    1
    >>> ck.close_client(client)
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise CorpusError("running on Dask needs distributed: pip install 'corpuskit[dask]'") from exc
    if scheduler:
        try:
            return Client(scheduler)
        except (OSError, TimeoutError) as exc:
            raise CorpusError(f"cannot reach the Dask scheduler at {scheduler!r}: {exc}") from exc
    n = workers or min(2, os.cpu_count() or 1)
    if n < 1:
        raise ArgumentError(f"workers must be a positive integer, got {workers!r}")
    cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None)
    client = Client(cluster)
    client._corpuskit_cluster = cluster  # closed by close_client()
    return client


def close_client(client: Any) -> None:
    """Close a client from :func:`dask_client`, and the local cluster it started.

    Examples
    --------
    >>> client = ck.dask_client(workers=1)
    >>> ck.close_client(client)
    >>> client.status
    'closed'
    """
    cluster = getattr(client, "_corpuskit_cluster", None)
    client.close()
    if cluster is not None:
        cluster.close()
