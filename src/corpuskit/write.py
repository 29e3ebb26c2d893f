"""The last stage for large corpora: result tables written as CSV or Parquet.

Every measure returns a tidy DataFrame; :func:`write_table` stores one as CSV (readable
anywhere) or Parquet (columnar, typed, compressed: ``pip install 'corpuskit[parquet]'``). The
column types written are:

=============================  =========================  ==========================
pandas column                  Parquet (pyarrow) type     CSV
=============================  =========================  ==========================
ids, terms, texts (``str``)    ``large_string``           text
counts (``int64``)             ``int64``                  integer
scores, rates (``float64``)    ``double``                 decimal, ``.`` separator
``date`` (``datetime64``)      ``timestamp``              ``2001-11-12 00:00:00``
nullable integers (``Int64``)  ``int64`` with nulls       integer, or empty
flags (``bool``, ``boolean``)  ``bool``                   ``True``, ``False``
lists and tuples               ``list<string>`` etc.      items joined by ``;``
=============================  =========================  ==========================

Lists are the ``documents`` and ``units`` of :func:`~corpuskit.cooccurrence` and the
``sentence_years`` of :func:`~corpuskit.event_mentions`. Missing values are empty cells in CSV
and nulls in Parquet. Read them back with ``pandas.read_parquet(path)`` (types restored) or
``pandas.read_csv(path)``.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from .errors import ArgumentError, CorpusError

__all__ = ["FORMATS", "table_format", "write_table"]

#: Output formats, by file suffix.
FORMATS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}


def table_format(path: str | Path | None, format: str | None = None) -> str:
    """The format to write ``path`` in: ``format`` if given, else from the suffix (CSV by default).

    Examples
    --------
    >>> ck.table_format("counts.parquet"), ck.table_format("counts.txt"), ck.table_format(None)
    ('parquet', 'csv', 'csv')
    """
    if format is not None:
        if format not in ("csv", "parquet"):
            raise ArgumentError(f"format={format!r} is not one of 'csv', 'parquet'")
        return format
    if path is None or str(path) == "-":
        return "csv"
    return FORMATS.get(Path(path).suffix.lower(), "csv")


def write_table(table: pd.DataFrame, path: str | Path | None = None, *, format: str | None = None) -> str:
    """Write a result table as CSV or Parquet; ``path`` ``None`` or ``"-"`` writes CSV to stdout.

    The format is ``format`` (``"csv"`` or ``"parquet"``) or follows the suffix (``.parquet``,
    ``.pq``; anything else is CSV). The index is not written. List and tuple cells are
    Parquet lists, and in CSV their items joined by ``;``. Returns the format used.

    Raises
    ------
    CorpusError
        For an unknown format, Parquet without pyarrow or to stdout, or a path that cannot be written.

    Examples
    --------
    >>> table = pd.DataFrame({"term": ["cat", "dog"], "n": [2, 1], "docs": [("a", "b"), ("b",)]})
    >>> ck.write_table(table, "counts.csv")
    'csv'
    >>> print(open("counts.csv", encoding="utf-8").read(), end="")
    term,n,docs
    cat,2,a;b
    dog,1,b
    >>> ck.write_table(table)  # no path: CSV to standard output
    term,n,docs
    cat,2,a;b
    dog,1,b
    'csv'
    """
    fmt = table_format(path, format)
    to_stdout = path is None or str(path) == "-"
    if fmt == "parquet":
        if to_stdout:
            raise CorpusError("Parquet cannot be written to standard output; give a file name")
        try:
            import pyarrow  # noqa: F401
        except ImportError as exc:
            raise CorpusError("Parquet output needs pyarrow: pip install 'corpuskit[parquet]'") from exc
        table = table.copy()
        for col in table.columns:
            if table[col].dtype == object and table[col].map(lambda v: isinstance(v, tuple)).any():
                table[col] = table[col].map(lambda v: list(v) if isinstance(v, tuple) else v)
        _write_whole(path, lambda target: table.to_parquet(target, index=False))
        return fmt
    table = table.copy()
    for col in table.columns:
        if table[col].dtype == object:
            is_list = table[col].map(lambda v: isinstance(v, (list, tuple)))
            if is_list.any():
                table[col] = table[col].map(lambda v: ";".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
    if to_stdout:
        table.to_csv(sys.stdout, index=False)
        return fmt
    _write_whole(path, lambda target: table.to_csv(target, index=False))
    return fmt


def _write_whole(path: str | Path, write: Callable[[str], object]) -> None:
    """``write`` the file at ``path`` whole or not at all: into a new file beside it, renamed over ``path``
    once complete, so that a full disk or an interrupted run leaves no truncated table (nor a truncated
    former one). A path that exists and is not a regular file (``/dev/null``, a pipe) is written directly."""
    path = Path(path)
    if path.exists() and not path.is_file():
        try:
            write(str(path))
        except OSError as exc:
            raise CorpusError(f"cannot write {str(path)!r}: {exc.strerror or exc}") from exc
        return
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    try:
        os.close(os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))  # the mode the umask allows
        write(str(temp))
        os.replace(temp, path)
    except OSError as exc:
        raise CorpusError(f"cannot write {str(path)!r}: {exc.strerror or exc}") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
