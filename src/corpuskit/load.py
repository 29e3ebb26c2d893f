"""Stage 1 of the pipeline: load and validate a corpus.

A corpus is a folder of UTF-8 text files plus a metadata table (CSV or YAML)
with one row per document, or a pandas DataFrame that already holds the texts.
Everything is checked before any analysis starts -- missing or unlisted files,
encoding, checksums, dates, duplicate ids, empty texts -- and every problem is
reported with the file, the metadata line and the field it concerns. All
problems found are reported together (:class:`~corpuskit.errors.CorpusValidationError`)
so that a large corpus can be fixed in one pass.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from .corpus import Corpus
from .dates import parse_date
from .errors import (
    ChecksumError,
    CorpusError,
    DateError,
    DuplicateIdError,
    EmptyTextError,
    EncodingError,
    MetadataError,
    MissingFileError,
    UnlistedFileError,
    raise_collected,
)

__all__ = ["corpus_from_frame", "load_corpus", "read_metadata", "read_text"]

#: Columns every corpus document table starts with, in this order.
CORE_COLUMNS = ["doc_id", "date", "date_precision"]


def read_metadata(path: str | Path) -> pd.DataFrame:
    """Read a metadata table from CSV or YAML, keeping the source line of each row.

    CSV files must have a header row; every value is read as a string (no type
    guessing), empty cells become missing values. YAML files must hold a list of
    mappings (or a mapping with a ``documents:`` list). The result has one row
    per record and an extra column ``_line``: the line in ``path`` where the
    record starts, used in error messages.

    Raises
    ------
    MetadataError
        If the file is missing, not UTF-8, not parseable, or not a table.
    """
    path = Path(path)
    if not path.is_file():
        raise MetadataError(f"metadata file {str(path)!r} does not exist")
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise MetadataError(
            f"metadata file {str(path)!r} is not valid UTF-8: byte 0x{data[exc.start]:02x} at byte offset {exc.start}"
        ) from exc
    suffix = path.suffix.lower()
    if suffix == ".csv":
        records = _read_csv_records(text, path)
    elif suffix in (".yml", ".yaml"):
        records = _read_yaml_records(text, path)
    else:
        raise MetadataError(f"metadata file {str(path)!r}: unknown format {suffix!r} (expected .csv, .yml or .yaml)")
    if not records:
        raise MetadataError(f"metadata file {str(path)!r} has no records")
    frame = pd.DataFrame.from_records(records)
    frame.attrs["path"] = str(path)
    return frame


def _read_csv_records(text: str, path: Path) -> list[dict[str, Any]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        return []
    except csv.Error as exc:
        raise MetadataError(f"{path}: line 1: cannot parse the CSV header ({exc})") from exc
    header = [h.strip() for h in header]
    if len(set(header)) != len(header):
        dups = sorted({h for h in header if header.count(h) > 1})
        raise MetadataError(f"{path}: line 1: duplicate column names {dups}")
    records: list[dict[str, Any]] = []
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise MetadataError(f"{path}: line {start}: cannot parse CSV ({exc})") from exc
        if row and any(cell.strip() for cell in row):
            if len(row) != len(header):
                raise MetadataError(
                    f"{path}: line {start}: {len(row)} fields, but the header has {len(header)} ({', '.join(header)})"
                )
            rec: dict[str, Any] = {h: (v if v.strip() != "" else None) for h, v in zip(header, row)}
            rec["_line"] = start
            records.append(rec)
        start = reader.line_num + 1
    return records


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records the line where each mapping starts."""


def _construct_mapping_with_line(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["_line"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping_with_line)
# Keep dates as the strings written, so that their precision and errors are ours to report.
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def _read_yaml_records(text: str, path: Path) -> list[dict[str, Any]]:
    try:
        doc = yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise MetadataError(f"{path}: {where}cannot parse YAML ({getattr(exc, 'problem', exc)})") from exc
    if isinstance(doc, dict) and "documents" in doc:
        doc = doc["documents"]
    if not isinstance(doc, list) or not all(isinstance(r, dict) for r in doc):
        raise MetadataError(
            f"{path}: expected a list of records (one mapping per document), or a mapping with a 'documents:' list"
        )
    records = []
    for rec in doc:
        clean = {}
        for k, v in rec.items():
            if k == "_line":
                clean[k] = v
            elif v is None or (isinstance(v, str) and v.strip() == ""):
                clean[str(k)] = None
            elif hasattr(v, "isoformat"):
                clean[str(k)] = v  # dates are parsed later with their precision
            else:
                clean[str(k)] = str(v) if not isinstance(v, str) else v
        records.append(clean)
    return records


def read_text(path: str | Path, *, where: str = "") -> str:
    """Read a text file as strict UTF-8, reporting the byte offset of a bad byte.

    A leading byte-order mark is an error too (it would silently become text).
    """
    path = Path(path)
    prefix = f"{where}: " if where else ""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise EncodingError(
            f"{prefix}file {path.name!r} is not valid UTF-8: byte 0x{data[exc.start]:02x} at byte "
            f"offset {exc.start} (line {line}) cannot be decoded ({exc.reason})"
        ) from exc
    if text.startswith("\ufeff"):
        raise EncodingError(
            f"{prefix}file {path.name!r} starts with a UTF-8 byte-order mark (byte offset 0); "
            "remove it so that offsets into the file stay exact"
        )
    return text


def load_corpus(
    folder: str | Path,
    metadata: str | Path | pd.DataFrame = "metadata.csv",
    *,
    id_col: str = "id",
    file_col: str = "file",
    date_col: str = "date",
    precision_col: str | None = "date_precision",
    sha256_col: str | None = "sha256",
    pattern: str = "*.txt",
    check_unlisted: bool = True,
) -> Corpus:
    """Load a folder of text files described by a metadata table.

    Parameters
    ----------
    folder
        Folder holding the text files.
    metadata
        Metadata table (CSV or YAML; see :func:`read_metadata`). A relative path
        is looked up in ``folder`` first, then in the working directory. Rows of
        a table returned by :func:`read_metadata` (with its ``_line`` column and
        ``attrs["path"]``) are accepted too, to load part of a corpus.
    id_col, file_col, date_col
        Names of the metadata columns with the document id, the file name
        (relative to ``folder``) and the publication date. Required.
    precision_col
        Column giving each date's precision (``year``, ``month``, ``day``,
        ``minute``, ``second``). Optional: if the column is absent the precision
        is the one the date's form implies. If present, it must agree with it.
    sha256_col
        Column with the hex sha256 of each file. If the column is present, every
        non-empty value is checked against the file's bytes.
    pattern
        Glob of the text files in ``folder`` that must each have a metadata row
        (checked when ``check_unlisted``).

    Returns
    -------
    Corpus
        ``corpus.documents`` has one row per document with ``doc_id``, ``date``
        (first instant of the period), ``date_precision``, every other metadata
        column unchanged, ``file``, ``text`` and ``n_chars``.

    Raises
    ------
    CorpusError
        A subclass naming the file, metadata line and field for each problem;
        :class:`~corpuskit.errors.CorpusValidationError` if there are several.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise CorpusError(f"corpus folder {str(folder)!r} does not exist or is not a folder")
    if isinstance(metadata, pd.DataFrame):  # rows of a table already read (corpuskit.stream loads in batches)
        table, meta_path = metadata, Path(metadata.attrs.get("path", folder / "metadata"))
    else:
        meta_path = Path(metadata)
        if not meta_path.is_absolute() and ((folder / meta_path).exists() or not meta_path.exists()):
            meta_path = folder / meta_path  # the folder's own table wins over one in the working directory
        table = read_metadata(meta_path)
    required = [id_col, file_col, date_col]
    missing = [c for c in required if c not in table.columns]
    if missing:
        present = [c for c in table.columns if c != "_line"]
        raise MetadataError(
            f"{meta_path}: required column(s) {missing} not found; the columns are {present}. "
            "Pass id_col=, file_col= or date_col= if yours are named differently."
        )

    errors: list[CorpusError] = []
    rows: list[dict[str, Any]] = []
    seen_ids: dict[str, int] = {}
    listed_files: set[str] = set()
    for rec in table.to_dict("records"):
        rec = {k: (None if _isna(v) else v) for k, v in rec.items()}
        line = rec.pop("_line")
        doc_id = rec.get(id_col)
        where = f"{meta_path.name}: line {line}"
        if doc_id is None or str(doc_id).strip() == "":
            errors.append(MetadataError(f"{where}: field {id_col!r} is empty (every row needs an id)"))
            continue
        doc_id = str(doc_id).strip()
        where = f"{meta_path.name}: line {line} (id {doc_id!r})"
        if doc_id in seen_ids:
            errors.append(DuplicateIdError(f"{where}: duplicate id, already used on line {seen_ids[doc_id]}"))
            continue
        seen_ids[doc_id] = line
        fname = rec.get(file_col)
        if fname is None:
            errors.append(MetadataError(f"{where}: field {file_col!r} is empty (name the text file)"))
            continue
        fname = str(fname).strip()
        listed_files.add(fname)
        try:
            date, precision = parse_date(
                rec.get(date_col),
                rec.get(precision_col) if precision_col and precision_col in rec else None,
                where=f"{where}, field {date_col!r}",
            )
        except DateError as exc:
            errors.append(exc)
            date, precision = None, None
        fpath = folder / fname
        if not fpath.is_file():
            errors.append(MissingFileError(f"{where}: file {fname!r} not found in {str(folder)!r}"))
            continue
        expected = rec.get(sha256_col) if sha256_col else None
        if expected:
            actual = hashlib.sha256(fpath.read_bytes()).hexdigest()
            if actual != str(expected).strip().lower():
                errors.append(
                    ChecksumError(
                        f"{where}: file {fname!r} has sha256 {actual}, but field {sha256_col!r} "
                        f"says {str(expected).strip()}; the file changed since it was recorded"
                    )
                )
                continue
        try:
            text = read_text(fpath, where=where)
        except EncodingError as exc:
            errors.append(exc)
            continue
        if text.strip() == "":
            errors.append(EmptyTextError(f"{where}: file {fname!r} is empty or whitespace only"))
            continue
        meta = {k: v for k, v in rec.items() if k not in (id_col, file_col, date_col, precision_col)}
        rows.append({"doc_id": doc_id, "date": date, "date_precision": precision, **meta, "file": fname, "text": text})
    if check_unlisted:
        for path in sorted(folder.glob(pattern)):
            rel = path.relative_to(folder).as_posix()
            if path.is_file() and rel not in listed_files and path.resolve() != meta_path.resolve():
                errors.append(UnlistedFileError(f"file {rel!r} in {str(folder)!r} has no row in {meta_path.name}"))
    raise_collected(errors)
    documents = _finish_documents(rows)
    sources = dict(zip(documents["file"], documents["text"]))
    return Corpus(documents, sources=sources, source_col="file")


def corpus_from_frame(
    frame: pd.DataFrame,
    *,
    id_col: str = "doc_id",
    text_col: str = "text",
    date_col: str = "date",
    precision_col: str | None = None,
) -> Corpus:
    """Build a corpus from a DataFrame that already holds the texts.

    The same checks as :func:`load_corpus` apply (ids, dates, empty texts);
    errors name the row by its index label and id. Other columns are kept as
    metadata. Raw offsets of a document refer to its ``text`` value.
    """
    if not isinstance(frame, pd.DataFrame):
        raise CorpusError(f"expected a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in (id_col, text_col, date_col) if c not in frame.columns]
    if missing:
        raise MetadataError(
            f"DataFrame: required column(s) {missing} not found; the columns are {list(frame.columns)}. "
            "Pass id_col=, text_col= or date_col= if yours are named differently."
        )
    errors: list[CorpusError] = []
    rows: list[dict[str, Any]] = []
    seen: dict[str, Any] = {}
    for label, rec in zip(frame.index, frame.to_dict("records")):
        doc_id = rec.get(id_col)
        where = f"DataFrame row {label!r}"
        if _isna(doc_id) or str(doc_id).strip() == "":
            errors.append(MetadataError(f"{where}: column {id_col!r} is empty (every row needs an id)"))
            continue
        doc_id = str(doc_id).strip()
        where = f"DataFrame row {label!r} (id {doc_id!r})"
        if doc_id in seen:
            errors.append(DuplicateIdError(f"{where}: duplicate id, already used by row {seen[doc_id]!r}"))
            continue
        seen[doc_id] = label
        value = rec.get(date_col)
        if isinstance(value, pd.Timestamp):
            value = value.to_pydatetime()
        try:
            date, precision = parse_date(
                value,
                rec.get(precision_col) if precision_col else None,
                where=f"{where}, column {date_col!r}",
            )
        except DateError as exc:
            errors.append(exc)
            continue
        text = rec.get(text_col)
        if not isinstance(text, str):
            errors.append(CorpusError(f"{where}: column {text_col!r} must hold a string, got {type(text).__name__}"))
            continue
        if text.strip() == "":
            errors.append(EmptyTextError(f"{where}: column {text_col!r} is empty or whitespace only"))
            continue
        meta = {k: v for k, v in rec.items() if k not in (id_col, text_col, date_col, precision_col)}
        rows.append({"doc_id": doc_id, "date": date, "date_precision": precision, **meta, "text": text})
    raise_collected(errors)
    documents = _finish_documents(rows)
    sources = dict(zip(documents["doc_id"], documents["text"]))
    documents["source"] = documents["doc_id"]
    return Corpus(documents, sources=sources, source_col="source")


def _isna(value: Any) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _finish_documents(rows: list[Mapping[str, Any]]) -> pd.DataFrame:
    documents = pd.DataFrame.from_records(rows)
    documents["date"] = pd.to_datetime(documents["date"])
    documents["n_chars"] = documents["text"].str.len().astype("int64")
    return documents.reset_index(drop=True)
