"""The ``corpuskit`` command: the pipeline on a folder plus metadata table, from a shell.

Every subcommand reads the corpus batch by batch (:mod:`corpuskit.stream`), so memory does not
grow with the corpus, and writes one tidy table as CSV (default, or to standard output) or
Parquet (``-o result.parquet``). Texts are measured raw unless ``--rules`` or ``--clean`` is given;
files are read as UTF-8 unless ``--encoding`` says otherwise. ``--workers N`` runs the batches on a
local Dask cluster of N processes, ``--scheduler tcp://host:8786`` on an existing one. Bad input ends the command with
exit status 1 and one line on standard error naming the file, line and field; a bad option with
status 2.

    corpuskit validate seeds
    corpuskit frequency seeds --rules seeds/cleaning.yml --by genre --ngram 2 -o bigrams.parquet
    corpuskit sentiment big-corpus --workers 2 -o sentences.parquet
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import signal
import sys
import threading
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import pandas as pd

from . import __version__
from .errors import CorpusError, CorpusValidationError, UndatedWarning, not_a_file, warning_key
from .load import decode_utf8_table
from .narrated import MAX_YEAR, MIN_YEAR
from .sentiment import min_resamples
from .stream import BATCH_MB, CorpusStream, close_client, dask_client, open_corpus
from .write import write_table
from .yamlio import read_yaml

__all__ = ["cli", "main"]


# ---------------------------------------------------------------------------------------------
# Options shared by every subcommand
# ---------------------------------------------------------------------------------------------
def _corpus_options(func: Callable) -> Callable:
    """FOLDER plus the options that say how to read and clean it."""
    options = [
        click.argument("folder", type=click.Path(file_okay=False, path_type=Path)),
        click.option(
            "-m",
            "--metadata",
            default="metadata.csv",
            show_default=True,
            help="Metadata table (CSV, TSV or YAML, in UTF-8), looked up in FOLDER first; 'none': no table, every "
            "file --pattern matches is an undated document named by its path.",
        ),
        click.option(
            "--delimiter",
            metavar="CHAR",
            help="Field separator of a CSV metadata table (default ',', a tab for .tsv), e.g. ';'.",
        ),
        click.option(
            "--encoding",
            default="utf-8",
            show_default=True,
            help="Encoding of the text files (one for all; nothing is guessed), e.g. cp1252, latin-1, koi8-r, "
            "utf-16. A leading byte-order mark is dropped.",
        ),
        click.option(
            "--encoding-errors",
            type=click.Choice(["strict", "replace"]),
            default="strict",
            show_default=True,
            help="A byte that does not decode: an error (strict), or read as U+FFFD with a warning (replace).",
        ),
        click.option(
            "--encoding-col",
            metavar="COLUMN",
            help="Metadata column naming each file's encoding (an empty cell: --encoding).",
        ),
        click.option(
            "--rules",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Cleaning rules (YAML); each batch is cleaned with them. Without --rules or --clean the raw "
            "files are measured as they are (boilerplate, markup and all).",
        ),
        click.option(
            "--clean/--raw",
            "clean",
            default=None,
            help="Clean the texts (default: only with --rules; --clean alone applies the basic normalisation).",
        ),
        click.option(
            "--batch-mb",
            type=click.FloatRange(min=0, min_open=True),
            default=BATCH_MB,
            show_default=True,
            help="Megabytes of source text per batch: memory grows with it, results do not change.",
        ),
        click.option("--id-col", default="id", show_default=True, help="Metadata column with the document id."),
        click.option("--file-col", default="file", show_default=True, help="Metadata column with the file name."),
        click.option(
            "--file",
            "file_template",
            metavar="TEMPLATE",
            help="File-name template whose fields are metadata columns, e.g. 'speeches/{fileid}.txt' "
            "(default: the --file-col column, or <id>.txt when the table has none).",
        ),
        click.option(
            "--dtype",
            "dtypes",
            metavar="COLUMN=TYPE",
            multiple=True,
            help="Declare a metadata column's type (int, float, str or bool); repeatable. Columns of "
            "integers or numbers are recognised without it.",
        ),
        click.option("--date-col", default="date", show_default=True, help="Metadata column with the date."),
        click.option(
            "--no-dates",
            is_flag=True,
            help="The documents have no dates (novels, manual pages): no date column is read.",
        ),
        click.option(
            "--abbreviations",
            "abbreviations_file",
            type=click.Path(dir_okay=False, path_type=Path),
            help="YAML of words added to the sentence splitter's lists, e.g. {inner: [z, Nr, S], titles: [Sr]} "
            "(lists: titles, inner, final, may_end, months; and openers).",
        ),
        click.option(
            "--date-format",
            metavar="FORMAT",
            help="strptime format of dates not written year first, e.g. '%d/%m/%Y' or '%b %Y'.",
        ),
        click.option(
            "--missing-dates",
            type=click.Choice(["error", "keep"]),
            default="error",
            show_default=True,
            help="A row whose date is empty: an error, or a document without a date (keep; said with a warning).",
        ),
        click.option(
            "--precision-col",
            default="date_precision",
            show_default=True,
            help="Metadata column with each date's precision (optional).",
        ),
        click.option(
            "--sha256-col", default="sha256", show_default=True, help="Metadata column with checksums (optional)."
        ),
        click.option("--pattern", default="*.txt", show_default=True, help="Glob of the text files in FOLDER."),
        click.option(
            "--allow-unlisted",
            is_flag=True,
            help="Leave files that match --pattern but have no metadata row alone (default: an error).",
        ),
        click.option(
            "--workers",
            type=click.IntRange(min=1),
            help="Run the batches on a local Dask cluster of this many worker processes (needs corpuskit[dask]).",
        ),
        click.option(
            "--scheduler",
            metavar="ADDRESS",
            help="Run the batches on an existing Dask cluster, e.g. tcp://10.0.0.5:8786 (needs corpuskit[dask]).",
        ),
        click.option(
            "--progress/--no-progress",
            default=None,
            help="Show a progress bar over the batches (default: when standard error is a terminal).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _output_option(func: Callable) -> Callable:
    func = click.option(
        "--format",
        "fmt",
        type=click.Choice(["csv", "parquet"]),
        help="Output format (default: from the suffix of --output, .parquet or .pq for Parquet; else CSV).",
    )(func)
    return click.option(
        "-o",
        "--output",
        default="-",
        show_default=True,
        help="Output file; '-' writes CSV to standard output.",
    )(func)


def _dtypes(values: tuple[str, ...]) -> dict[str, str] | None:
    """``--dtype year=int --dtype party=str`` as ``{"year": "int", "party": "str"}``."""
    out = {}
    for value in values:
        column, sep, kind = value.partition("=")
        if not sep or not column.strip() or kind.strip() not in ("int", "float", "str", "bool"):
            raise click.BadParameter(
                f"{value!r}: expected COLUMN=TYPE with TYPE int, float, str or bool", param_hint="--dtype"
            )
        out[column.strip()] = kind.strip()
    return out or None


def _delimiter(value: str | None) -> str | None:
    """``--delimiter``: one character; ``\\t`` or ``tab`` for a tab."""
    if value is None:
        return None
    value = {"\\t": "\t", "tab": "\t", "TAB": "\t"}.get(value, value)
    if len(value) != 1:
        raise click.BadParameter(f"{value!r}: expected one character, e.g. ';' or '\\t'", param_hint="--delimiter")
    return value


def _date_col(date_col: str, no_dates: bool, missing_dates: str) -> str | None:
    """``--date-col``, or None with ``--no-dates`` (an undated corpus)."""
    if no_dates and date_col != "date":
        raise click.UsageError(f"--no-dates reads no date column: it cannot go with --date-col {date_col}")
    if no_dates and missing_dates != "error":
        raise click.UsageError("--no-dates reads no date column: --missing-dates has nothing to keep")
    return None if no_dates else date_col


class _Run:
    """The opened corpus and, if asked for, a Dask client; closed when the command ends."""

    def __init__(self, kwargs: dict[str, Any], *, defer_errors: bool = False):
        self.workers, self.scheduler = kwargs.pop("workers"), kwargs.pop("scheduler")
        progress = kwargs.pop("progress")
        self.progress = sys.stderr.isatty() if progress is None else progress
        if self.workers and self.scheduler:
            raise click.UsageError("give --workers or --scheduler, not both")
        lists = _read_mapping_of_lists(kwargs.pop("abbreviations_file"))
        openers = lists.pop("openers", None) if lists is not None else None
        missing_dates = self.missing_dates = kwargs.pop("missing_dates")
        date_col = _date_col(kwargs.pop("date_col"), kwargs.pop("no_dates"), missing_dates)
        metadata = kwargs.pop("metadata")
        if metadata == "none":
            if date_col not in (None, "date"):
                raise click.UsageError("--metadata none reads no table: it cannot go with --date-col")
            metadata, date_col = None, None
        self.dated = date_col is not None
        self.stream: CorpusStream = open_corpus(
            kwargs.pop("folder"),
            metadata,
            rules=kwargs.pop("rules"),
            clean=kwargs.pop("clean"),
            batch_mb=kwargs.pop("batch_mb"),
            id_col=kwargs.pop("id_col"),
            file_col=kwargs.pop("file_col"),
            file=kwargs.pop("file_template"),
            dtypes=_dtypes(kwargs.pop("dtypes")),
            date_col=date_col,
            missing_dates=missing_dates,
            date_format=kwargs.pop("date_format"),
            abbreviations=lists or None,
            openers=openers,
            precision_col=kwargs.pop("precision_col") or None,
            sha256_col=kwargs.pop("sha256_col") or None,
            pattern=kwargs.pop("pattern"),
            check_unlisted=not kwargs.pop("allow_unlisted"),
            encoding=kwargs.pop("encoding"),
            encoding_errors=kwargs.pop("encoding_errors"),
            encoding_col=kwargs.pop("encoding_col"),
            delimiter=_delimiter(kwargs.pop("delimiter")),
            defer_errors=defer_errors,
        )
        self.client = None
        if self.workers or self.scheduler:
            self.client = dask_client(workers=self.workers, scheduler=self.scheduler)

    @property
    def run(self) -> dict[str, Any]:
        """Keyword arguments for every stream measure."""
        return {"client": self.client, "progress": self.progress}

    def close(self) -> None:
        if self.client is not None:
            close_client(self.client)


def _command(func: Callable) -> Callable:
    """Open the corpus (and Dask) around a subcommand, and write the table it returns."""

    @functools.wraps(func)
    def wrapper(**kwargs: Any) -> None:
        output, fmt = kwargs.pop("output", "-"), kwargs.pop("fmt", None)
        run = _Run(kwargs)
        try:
            table = func(run, **kwargs)
        finally:
            run.close()
        if table is not None:
            try:
                write_table(table, output, format=fmt)
            except BrokenPipeError as exc:  # click would turn it into exit status 1
                raise _PipeClosed from exc

    return wrapper


class _PipeClosed(Exception):
    """The reader of the standard output stopped reading (``corpuskit frequency ... | head``)."""


def _read_mapping_of_lists(path: Path | None) -> dict[str, list[str]] | None:
    """``--abbreviations FILE``: a YAML mapping from list name to words (checked by open_corpus)."""
    if path is None:
        return None
    data = read_yaml(path, error=CorpusError, what="abbreviations file", expect=dict)
    out = {}
    for name, words in data.items():
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise CorpusError(f"abbreviations file {str(path)!r}: {name!r} must be a list of words, got {words!r}")
        out[str(name)] = words
    return out


def _read_mapping(path: Path | None, what: str) -> dict | None:
    """A YAML mapping of words to words (``--replace``): every key and value must be text as written."""
    if path is None:
        return None
    data = read_yaml(path, error=CorpusError, what=f"{what} file", expect=dict)
    bad = [(k, v) for k, v in data.items() if not isinstance(k, str) or not isinstance(v, str)]
    if bad:
        k, v = bad[0]
        raise CorpusError(
            f"{what} file {str(path)!r}: {k!r}: {v!r}: keys and values must be words (YAML read "
            f"{type(k).__name__} and {type(v).__name__}; quote them, e.g. '{k}': '...')"
        )
    return dict(data)


def _list_file(path: Path, what: str) -> str:
    """The text of a list file given on the command line (``what``: "stopword", "neutral-phrase"), checked."""
    if not path.is_file():  # not a folder, a device or a pipe, which could be read without end
        raise CorpusError(f"{what} file {str(path)!r} {not_a_file(path)}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"{what} file {str(path)!r} cannot be read: {exc.strerror}") from exc
    # a byte-order mark (Notepad writes one) is not part of the first word
    return decode_utf8_table(data, f"{what} file {str(path)!r}", CorpusError)


def _stopwords(use: bool, path: Path | None) -> bool | list[str] | None:
    if path is not None:
        return [w for w in _list_file(path, "stopword").split() if w]
    return True if use else None


def _neutral(phrases: tuple[str, ...], path: Path | None) -> list[str] | None:
    """``--neutral PHRASE`` (repeatable) and ``--neutral-file FILE`` (one phrase a line; blank lines skipped):
    the phrases, or None when neither is given."""
    if path is None:
        return list(phrases) or None
    text = _list_file(path, "neutral-phrase")
    return [*phrases, *(line.strip() for line in text.splitlines() if line.strip())]


def _by(columns: tuple[str, ...]) -> str | list[str] | None:
    if not columns:
        return "doc_id"
    if columns == ("none",):
        return None
    return columns[0] if len(columns) == 1 else list(columns)


_COUNT_OPTIONS = [
    click.option("--ngram", type=click.IntRange(min=1), default=1, show_default=True, help="Words per term."),
    click.option("--lower/--keep-case", default=True, show_default=True, help="Lower-case terms."),
    click.option("--stopwords/--no-stopwords", default=False, show_default=True, help="Drop English stopwords."),
    click.option(
        "--stopword-file",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Drop these words instead (whitespace-separated).",
    ),
    click.option(
        "--replace",
        type=click.Path(dir_okay=False, path_type=Path),
        help="YAML mapping of spelling variants to count as one term, e.g. 'US: U.S.'.",
    ),
    click.option(
        "--jobs",
        type=click.IntRange(min=1),
        default=1,
        show_default=True,
        help="Worker processes counting whole batches on this machine (the table is the same); "
        "with --workers or --scheduler Dask runs each batch in one process instead.",
    ),
]


def _count_options(func: Callable) -> Callable:
    for option in reversed(_COUNT_OPTIONS):
        func = option(func)
    return func


def _count_kwargs(kwargs: dict[str, Any]) -> dict[str, Any]:
    return {
        "ngram": kwargs.pop("ngram"),
        "lower": kwargs.pop("lower"),
        "stopwords": _stopwords(kwargs.pop("stopwords"), kwargs.pop("stopword_file")),
        "replace": _read_mapping(kwargs.pop("replace"), "replace"),
        "n_jobs": kwargs.pop("jobs"),
    }


# ---------------------------------------------------------------------------------------------
# The commands
# ---------------------------------------------------------------------------------------------
@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.version_option(__version__, prog_name="corpuskit")
@click.option("--traceback", is_flag=True, help="On an error, show the Python traceback instead of one line.")
@click.pass_context
def cli(ctx: click.Context, traceback: bool) -> None:
    """Load, clean and measure a folder of dated texts described by a metadata table.

    Each command reads FOLDER batch by batch and writes one tidy table (CSV, or Parquet with
    -o NAME.parquet). Run 'corpuskit COMMAND --help' for its options.

    The texts are measured as they are in the files (raw) unless --rules FILE (cleaning rules) or
    --clean (the basic normalisation only) is given. Text files are read as UTF-8 unless
    --encoding says otherwise.
    """
    ctx.obj = {"traceback": traceback}


@cli.command()
@_corpus_options
def validate(**kwargs: Any) -> None:
    """Check every file and metadata row; list every problem, or print a summary.

    Checks: required columns, duplicate ids, files without a row, missing files, encoding,
    checksums, dates, empty texts, and (with --rules) that cleaning succeeds.
    """
    run = None
    try:
        run = _Run(kwargs, defer_errors=True)  # duplicate ids and unlisted files are listed with the rest
        docs = run.stream.validate(**run.run)
    except CorpusError as exc:
        errors = exc.errors if isinstance(exc, CorpusValidationError) else [exc]
        for err in errors:
            click.echo(f"{type(err).__name__}: {_flat(err)}")
        hints = exc.hints if isinstance(exc, CorpusValidationError) else {}
        for kind, hint in hints.items():
            if any(type(e) is kind for e in errors):
                click.echo(f"likely cause of the {kind.__name__}s: {hint}")
        n = len(errors)
        raise CorpusError(f"{n} problem{'s' if n != 1 else ''} found in the corpus (on standard output)") from exc
    finally:
        if run is not None:
            run.close()
    click.echo(
        f"ok: {len(docs):,} documents, {int(docs['n_chars'].sum()):,} characters, {run.stream.n_batches} batch(es)"
    )


@cli.command()
@_corpus_options
@_output_option
@click.option("--text/--no-text", default=True, show_default=True, help="Include the cleaned text of each document.")
@_command
def clean(run: _Run, text: bool) -> pd.DataFrame:
    """Clean the corpus (--rules) and write one row per document: metadata, part, text.

    Reader comments become documents of their own, as in Corpus.clean. The table holds every
    cleaned text, so it is as large as the corpus; --no-text writes the metadata alone.
    """
    docs = run.stream.documents(text=text, **run.run)
    return docs


@cli.command()
@_corpus_options
@_output_option
@click.option(
    "--by",
    multiple=True,
    help="Group by this metadata column (repeat for several); 'none' for the whole corpus. Default: doc_id.",
)
@_count_options
@click.option("--min-count", type=click.IntRange(min=1), default=1, show_default=True, help="Minimum count.")
@_command
def frequency(run: _Run, by: tuple[str, ...], min_count: int, **kwargs: Any) -> pd.DataFrame:
    """Term (or n-gram) frequency per group: n, n_tokens, per_1000, doc_freq, n_docs."""
    return run.stream.term_frequency(by=_by(by), min_count=min_count, **_count_kwargs(kwargs), **run.run)


@cli.command()
@_corpus_options
@_output_option
@click.option("--by", multiple=True, help="Column(s) whose values are the 'documents' (default doc_id; repeatable).")
@click.option(
    "--tf",
    type=click.Choice(["proportion", "count", "log"]),
    default="proportion",
    show_default=True,
    help="n / document total, n, or 1 + ln n.",
)
@click.option(
    "--idf",
    type=click.Choice(["ln", "ln+1", "smooth"]),
    default="ln",
    show_default=True,
    help="ln(N/df), ln(N/df) + 1, or ln((1+N)/(1+df)) + 1 (scikit-learn's default).",
)
@click.option("--norm", type=click.Choice(["l1", "l2"]), help="Scale each document's vector (default: none).")
@_count_options
@_command
def tfidf(run: _Run, by: tuple[str, ...], tf: str, idf: str, norm: str | None, **kwargs: Any) -> pd.DataFrame:
    """tf-idf per (document, term): tf = n / document total, idf = ln(N / df) by default."""
    return run.stream.tf_idf(by=_by(by), tf=tf, idf=idf, norm=norm, **_count_kwargs(kwargs), **run.run)


@cli.command()
@_corpus_options
@_output_option
@click.option(
    "--by",
    default=["doc_id"],
    multiple=True,
    show_default=True,
    help="Metadata column that defines the groups (one; several columns: the Python keyness(by=[...])).",
)
@click.option("--target", multiple=True, required=True, help="Value of --by in the target group (repeatable).")
@click.option("--reference", multiple=True, help="Value(s) of the reference group (default: every other).")
@click.option(
    "--measure",
    type=click.Choice(["g2", "chi2", "log_ratio"]),
    default="g2",
    show_default=True,
    help="Statistic to sort by.",
)
@click.option(
    "--min-count",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Keep terms counted at least this often in target + reference.",
)
@_count_options
@_command
def keyness(
    run: _Run,
    by: tuple[str, ...],
    target: tuple[str, ...],
    reference: tuple[str, ...],
    measure: str,
    min_count: int,
    **kwargs: Any,
) -> pd.DataFrame:
    """Keyness of every term for a target group against a reference group (G2, chi2, log ratio)."""
    from .keyness import keyness as _keyness

    if len(by) != 1:  # a repeated --by was dropped without a word: all but the last
        raise click.UsageError(
            f"keyness takes one --by on the command line (got {', '.join(by)}); for several columns use the "
            "Python keyness(by=[...]) with a tuple target"
        )
    by = by[0]

    counts = run.stream.term_frequency(by=by, **_count_kwargs(kwargs), **run.run)
    as_text = {str(v): v for v in counts[by].unique()} if by in counts else {}
    if by in counts and pd.api.types.is_datetime64_any_dtype(counts[by]):
        as_text.update({v.strftime("%Y-%m-%d"): v for v in counts[by].unique()})

    def values(given: tuple[str, ...]) -> list:
        return [as_text.get(v, v) for v in given]

    return _keyness(
        counts, values(target), by=by, reference=values(reference) or None, measure=measure, min_count=min_count
    )


@cli.command()
@_corpus_options
@_output_option
@_command
def sentences(run: _Run) -> pd.DataFrame:
    """One row per sentence, with offsets into the text and the raw file."""
    return run.stream.sentences(**run.run)


@cli.command()
@_corpus_options
@_output_option
@click.option("--vader/--no-vader", default=True, show_default=True, help="Add VADER's compound score.")
@click.option("--by", multiple=True, help="Summarise per group of these columns instead (repeatable).")
@click.option(
    "--period",
    type=click.Choice(["year", "decade", "month", "day"]),
    help="Summarise per publication period instead (one series per value of --by COL, if given).",
)
@click.option(
    "--moments",
    is_flag=True,
    help="With --by: mean and sd from combined counts, sums and sums of squares (no sentence table kept).",
)
@click.option("--value", default="polarity", show_default=True, help="polarity, subjectivity or vader.")
@click.option(
    "--n-boot",
    type=click.IntRange(min=min_resamples()),
    default=2000,
    show_default=True,
    help=f"Bootstrap resamples (at least {min_resamples()} for a 95% percentile interval).",
)
@click.option("--cluster", is_flag=True, help="Bootstrap whole documents rather than sentences.")
@click.option(
    "--neutral",
    "neutral_phrases",
    metavar="PHRASE",
    multiple=True,
    help="A name or term to keep out of the scores, e.g. 'United States' (repeatable; any case, whole words): "
    "its words are scored as words no lexicon knows, and a column n_neutral counts the matches.",
)
@click.option(
    "--neutral-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A UTF-8 file of such phrases, one a line (blank lines skipped); adds to --neutral.",
)
@_command
def sentiment(
    run: _Run,
    vader: bool,
    by: tuple[str, ...],
    period: str | None,
    moments: bool,
    value: str,
    n_boot: int,
    cluster: bool,
    neutral_phrases: tuple[str, ...],
    neutral_file: Path | None,
) -> pd.DataFrame:
    """Sentence sentiment (TextBlob polarity and subjectivity, VADER), or its summary per group.

    Without --by/--period: one row per sentence. With them: n, n_docs, mean and a bootstrap 95%
    interval per group, computed on the combined sentence table. --neutral/--neutral-file keep
    names and terms ("United States", "great power") out of the scores.
    """
    from .sentiment import sentiment_by_period, summarise_sentiment

    neutral = _neutral(neutral_phrases, neutral_file)
    if period and len(by) > 1:
        raise click.UsageError("--period takes at most one --by column (it splits the series)")
    if period and not run.dated:  # said before the sentences are scored, not after
        raise click.UsageError(
            "--period needs dates, and the corpus is read without them (--no-dates, --metadata none)"
        )
    if moments:
        if not by:
            raise click.UsageError("--moments needs --by")
        return run.stream.sentiment_moments(list(by), value=value, vader=vader, neutral=neutral, **run.run)
    # a summary reads a few columns: the batches keep only those (not every sentence's text and metadata)
    used = [*by, value, "has_words", *(["date", "date_precision"] if period else [])] if (by or period) else None
    scored = run.stream.sentence_sentiment(vader=vader, columns=used, neutral=neutral, **run.run)
    options = {"value": value, "n_boot": n_boot, "cluster": "doc_id" if cluster else None}
    if period:
        undated = scored["date"].isna()
        if undated.any() and run.missing_dates == "keep" and not undated.all():
            # the documents --missing-dates keep loaded without a date have no period: left out, and said
            warnings.warn(
                f"{int(undated.sum())} sentence(s) of {scored.loc[undated, 'doc_id'].nunique()} document(s) without "
                "a date (--missing-dates keep) are left out of the periods",
                UndatedWarning,
                stacklevel=1,
            )
            scored = scored[~undated.to_numpy()].reset_index(drop=True)
        return sentiment_by_period(scored, freq=period, by=by[0] if by else None, **options)
    if by:
        return summarise_sentiment(scored, list(by), **options)
    return scored


@cli.command(name="time")
@_corpus_options
@_output_option
@click.option(
    "--overrides",
    type=click.Path(dir_okay=False, path_type=Path),
    help="YAML of hand corrections (doc_id, expr, year, note).",
)
@click.option(
    "--named-dates",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Phrases that stand for a year (YAML: name, year, phrases), e.g. 9/11 for 2001. None by default.",
)
@click.option(
    "--min-year",
    type=int,
    default=MIN_YEAR,
    show_default=True,
    help="Earliest written year read as a year (1000 for a medieval text; lower admits earlier named centuries).",
)
@click.option("--max-year", type=int, default=MAX_YEAR, show_default=True, help="Latest written year read as a year.")
@_command
def time_(run: _Run, overrides: Path | None, named_dates: Path | None, min_year: int, max_year: int) -> pd.DataFrame:
    """Narrated time: every year a sentence talks about, and how it was resolved."""
    return run.stream.time_references(
        overrides=overrides, named_dates=named_dates, min_year=min_year, max_year=max_year, **run.run
    )


@cli.command()
@_corpus_options
@_output_option
@click.option(
    "--actors", "actor_file", type=click.Path(dir_okay=False, path_type=Path), required=True, help="Actor list (YAML)."
)
@_command
def actors(run: _Run, actor_file: Path) -> pd.DataFrame:
    """Every actor mention, with document, paragraph, sentence and offsets."""
    return run.stream.actor_mentions(actor_file, **run.run)


@cli.command()
@_corpus_options
@_output_option
@click.option(
    "--events", "event_file", type=click.Path(dir_okay=False, path_type=Path), required=True, help="Event list (YAML)."
)
@click.option(
    "--overrides",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Time-reference corrections (YAML), used to date the mentions.",
)
@click.option(
    "--named-dates",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Phrases that stand for a year (YAML: name, year, phrases), e.g. 9/11 for 2001. None by default.",
)
@click.option("--years/--no-years", default=True, show_default=True, help="Date each mention from its sentence.")
@click.option("--timeline", is_flag=True, help="Write the per-event timeline instead of the mentions.")
@_command
def events(
    run: _Run, event_file: Path, overrides: Path | None, named_dates: Path | None, years: bool, timeline: bool
) -> pd.DataFrame:
    """Every (sentence, event) pair where the sentence names an event from the list."""
    from .events import event_timeline, load_events

    events_list = load_events(event_file)
    if named_dates is not None and not years:
        raise click.UsageError("--named-dates dates the mentions: it cannot go with --no-years")
    mentions = run.stream.event_mentions(
        events_list, overrides=overrides if years else False, named_dates=named_dates if years else None, **run.run
    )
    return event_timeline(mentions, events_list) if timeline else mentions


@cli.command()
@_corpus_options
@_output_option
@click.option(
    "--actors", "actor_file", type=click.Path(dir_okay=False, path_type=Path), required=True, help="Actor list (YAML)."
)
@click.option(
    "--unit",
    type=click.Choice(["sentence", "paragraph", "document", "window"]),
    default="sentence",
    show_default=True,
    help="Where two actors must both appear to co-occur.",
)
@click.option("--window", type=click.IntRange(min=1), default=10, show_default=True, help="Tokens, for --unit window.")
@click.option("--by", help="Documents column for one network per group.")
@click.option("--include-self", is_flag=True, help="Count an actor mentioned twice in a unit with itself.")
@_command
def cooccurrence(
    run: _Run, actor_file: Path, unit: str, window: int, by: str | None, include_self: bool
) -> pd.DataFrame:
    """Actor co-occurrence edge list: n, PMI, Dice and the documents and units behind each edge."""
    return run.stream.cooccurrence(actor_file, unit=unit, window=window, by=by, include_self=include_self, **run.run)


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------
def _one_line(exc: BaseException) -> str:
    if isinstance(exc, CorpusValidationError):
        first = exc.errors[0]
        more = len(exc.errors) - 1
        hint = exc.hints.get(type(first))
        return (
            f"{type(first).__name__}: {_flat(first)} (and {more} more problem{'s' if more != 1 else ''}; "
            "'corpuskit validate' lists them all)" + (f"; likely cause: {hint}" if hint else "")
        )
    return f"{type(exc).__name__}: {_flat(exc)}"


def _flat(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 bad input, 2 bad usage).

    Examples
    --------
    >>> ck.cli.main(["--version"])
    corpuskit, version 0.1.0
    0
    """
    traceback = "--traceback" in (sys.argv[1:] if argv is None else argv)
    shown: set[str] = set()

    def show_warning(message, category, filename, lineno, file=None, line=None) -> None:
        # one line per warning, each once: a batch-by-batch run would repeat it per batch, with each batch's
        # own figures and examples, so two warnings that differ only in those are one
        text = f"corpuskit: warning: {category.__name__}: {' '.join(str(message).split())}"
        key = warning_key(text)
        if key not in shown:
            shown.add(key)
            click.echo(text, err=True)

    def terminated(signum, frame) -> None:
        # Ended here, not by an exception: one raised from a signal handler can land inside the worker pool's
        # own locking and leave the run unable to stop. The workers are stopped (and on Linux the kernel ends
        # any left when this process ends); an output file is never left half-written (write_table writes a
        # file whole or not at all).
        for child in multiprocessing.active_children():
            child.terminate()
        sys.stderr.write("corpuskit: terminated\n")
        sys.stderr.flush()
        os._exit(143)

    # SIGTERM (kill, a job scheduler's time limit) ends the run as Ctrl-C does: workers stopped, no partial
    # output left, one line said; in the main thread only (where Python delivers signals)
    in_main = threading.current_thread() is threading.main_thread()
    former = signal.signal(signal.SIGTERM, terminated) if in_main else None
    try:
        with warnings.catch_warnings():
            warnings.showwarning = show_warning
            cli.main(args=argv, prog_name="corpuskit", standalone_mode=False)
    except MemoryError:
        if traceback:
            raise
        click.echo(
            "corpuskit: MemoryError: out of memory; with a folder, a smaller --batch-mb or fewer --jobs needs less",
            err=True,
        )
        return 1
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("corpuskit: aborted", err=True)
        return 130
    except click.ClickException as exc:
        if traceback:
            raise
        click.echo(f"corpuskit: error: {_flat_message(exc)}", err=True)
        return exc.exit_code
    except (_PipeClosed, BrokenPipeError):
        # the reader of the output stopped (`corpuskit frequency ... | head`): stop quietly, as a shell tool
        # killed by SIGPIPE does, and keep Python from complaining when it flushes stdout at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except (CorpusError, OSError) as exc:
        if traceback:
            raise
        click.echo(f"corpuskit: {_one_line(exc)}", err=True)
        return 1
    except KeyboardInterrupt:
        click.echo("corpuskit: interrupted", err=True)
        return 130
    finally:
        if in_main:
            signal.signal(signal.SIGTERM, former if former is not None else signal.SIG_DFL)
    return 0


def _flat_message(exc: click.ClickException) -> str:
    message = " ".join(exc.format_message().split())
    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, click.UsageError) and ctx is not None:
        message += f" (see '{ctx.command_path} --help')"
    return message


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
