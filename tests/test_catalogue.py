"""The catalogue of bad and unusual inputs: one test each.

Every entry is an input a careless or hostile user could give corpuskit, and what must happen: either
a :class:`corpuskit.CorpusError` subclass whose message names the file, line, field or argument and
the value (each string in ``names`` must appear in the message), or a correct result (checked by
``check``). None may hang, read outside the corpus folder, or lose or duplicate text.

The list is published in the book (``book/appendix/bad_inputs.md``); after changing it, regenerate
the page with ``python tests/test_catalogue.py`` (a test fails while the page is out of date).
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import time
import unicodedata
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpuskit as ck
from corpuskit import patterns, segment

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "book" / "appendix" / "bad_inputs.md"
HEADER = "id,file,date\n"


@dataclass
class Case:
    id: str
    area: str
    input: str  # what the user gave, in words
    run: Callable[[Path], object]
    error: type[Exception] | None = None  # expected exception class, or None for a result
    names: list[str] = field(default_factory=list)  # strings the message must contain
    check: Callable[[object], bool] | None = None  # for results
    outcome: str = ""  # what happens, in words (for the docs page)


def make(tmp: Path, files: dict[str, str | bytes], meta: str | None = None, name: str = "metadata.csv") -> Path:
    folder = tmp / "corpus"
    folder.mkdir(parents=True, exist_ok=True)
    for fname, content in files.items():
        path = folder / fname
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    if meta is not None:
        (folder / name).write_text(meta, encoding="utf-8")
    return folder


def load(files: dict[str, str | bytes], meta: str, name: str = "metadata.csv", **kwargs):
    return lambda tmp: ck.load_corpus(make(tmp, files, meta, name), name, **kwargs)


def frame(**columns) -> Callable[[Path], object]:
    return lambda tmp: ck.corpus_from_frame(pd.DataFrame(columns))


def small() -> ck.Corpus:
    return ck.corpus_from_frame(
        pd.DataFrame(
            {
                "doc_id": ["a", "b"],
                "date": ["2001-09-11", "2002"],
                "text": ["Putin met Bush in Moscow. Russia and the U.S. agreed.", "Bush spoke. Putin listened."],
            }
        )
    )


def rules(**rule) -> dict:
    return {"normalize": [{"name": "r", "pattern": "x", "replace": "", **rule}]}


def span_rules(**rule) -> dict:
    return {"documents": {"a": {"spans": [{"name": "s", "pattern": "x", "label": "boilerplate", **rule}]}}}


ACTORS = {
    "actors": [
        {"label": "Russia", "type": "state", "aliases": ["Russia", "Moscow"], "demonyms": ["Russian"]},
        {"label": "U.S.", "type": "state", "aliases": ["U.S.", "Washington"]},
        {"label": "Vladimir Putin", "type": "person", "aliases": ["Putin"]},
        {"label": "George W. Bush", "type": "person", "aliases": ["Bush"]},
    ]
}
EVENT = {"id": "e", "label": "E", "year": 2001, "cues": ["Moscow"]}
BOMB = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
    f"{c}: &{c} [{','.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi")
)


def _symlink_out(tmp: Path):
    outside = tmp / "secret.txt"
    outside.write_text("a secret outside the corpus", encoding="utf-8")
    folder = make(tmp, {}, HEADER + "a,link.txt,2001\n")
    os.symlink(outside, folder / "link.txt")
    return ck.load_corpus(folder, check_unlisted=False)


def _symlink_in(tmp: Path):
    folder = make(tmp, {"real.txt": "Inside."}, HEADER + "a,link.txt,2001\n")
    os.symlink(folder / "real.txt", folder / "link.txt")
    return ck.load_corpus(folder)


def _folder_named(tmp: Path):
    folder = make(tmp, {"a.txt": "A."}, HEADER + "a,a.txt,2001\nb,sub,2001\n")
    (folder / "sub").mkdir()
    return ck.load_corpus(folder)


def _broken_link(tmp: Path, meta: str | None = HEADER + "a,a.txt,2001\n"):
    folder = make(tmp, {"a.txt": "A."}, meta)
    os.symlink("gone.txt", folder / "b.txt")  # gone.txt does not exist
    return folder


def _fifo(tmp: Path, meta: str | None = HEADER + "a,a.txt,2001\n") -> Path:
    """A corpus folder holding a.txt and b.txt, a FIFO (named pipe) that no process writes to."""
    folder = make(tmp, {"a.txt": "A."}, meta)
    os.mkfifo(folder / "b.txt")
    return folder


def _caught(run: Callable[[Path], object], category: type[Warning]) -> Callable[[Path], object]:
    """``run``'s result and the messages of the warnings of ``category`` it issued."""

    def wrapped(tmp: Path):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = run(tmp)
        return result, [str(w.message) for w in caught if issubclass(w.category, category)]

    return wrapped


def _timeout(run: Callable[[Path], object]) -> Callable[[Path], object]:
    def wrapped(tmp: Path):
        old = patterns.TIMEOUT
        patterns.TIMEOUT = 0.2
        try:
            return run(tmp)
        finally:
            patterns.TIMEOUT = old

    return wrapped


def _warns(run: Callable[[], object]) -> Callable[[Path], object]:
    def wrapped(tmp: Path):
        segment._warned.clear()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            run()
            run()
        segment._warned.clear()
        return [w for w in caught if issubclass(w.category, ck.EnglishOnlyWarning)]

    return wrapped


def _fast(run: Callable[[], object], seconds: float = 5.0) -> Callable[[Path], object]:
    def wrapped(tmp: Path):
        t0 = time.perf_counter()
        result = run()
        return result, time.perf_counter() - t0 < seconds

    return wrapped


def scored() -> pd.DataFrame:
    """A table of scored sentences, as sentence_sentiment returns (without the lexicons)."""
    return pd.DataFrame(
        {
            "doc_id": ["a", "a", "b", "c"],
            "date": pd.to_datetime(["2001-01-01"] * 2 + ["2002-01-01"] * 2),
            "date_precision": "year",
            "party": ["red", "red", "blue", "blue"],
            "polarity": [0.2, 0.4, 0.0, -0.5],
        }
    )


HINDI = "भारत और रूस के बीच संबंध पुराने हैं। दोनों देशों ने समझौता किया। " * 20
CHINESE = "美国和俄罗斯是伙伴。关系很好！真的吗？是的。"
NFD = unicodedata.normalize("NFD", "Le résumé de l'été.")

C = Case
CATALOGUE: list[Case] = [
    # ---- the corpus folder and the metadata file ------------------------------------------------
    C(
        "folder-missing",
        "folder",
        "a corpus folder that does not exist",
        lambda t: ck.load_corpus(t / "nowhere"),
        ck.CorpusError,
        ["nowhere", "does not exist"],
    ),
    C(
        "folder-is-file",
        "folder",
        "a file given as the corpus folder",
        lambda t: ck.load_corpus(make(t, {"x.txt": "x"}) / "x.txt"),
        ck.CorpusError,
        ["x.txt", "is a file, not a folder"],
    ),
    C(
        "folder-not-path",
        "folder",
        "a number given as the folder",
        lambda t: ck.load_corpus(3),
        ck.ArgumentError,
        ["folder", "3", "int"],
    ),
    C(
        "metadata-missing",
        "metadata",
        "no metadata file",
        lambda t: ck.load_corpus(make(t, {"a.txt": "A."})),
        ck.MetadataError,
        ["metadata.csv", "does not exist"],
    ),
    C(
        "metadata-suffix",
        "metadata",
        "a metadata file ending in .txt",
        load({"a.txt": "A."}, HEADER + "a,a.txt,2001\n", name="meta.txt"),
        ck.MetadataError,
        ["meta.txt", "unknown format", ".txt"],
    ),
    C(
        "metadata-not-utf8",
        "metadata",
        "a Latin-1 metadata file",
        lambda t: ck.load_corpus(
            make(t, {"a.txt": "A.", "metadata.csv": (HEADER + "a,a.txt,2001 caf\xe9\n").encode("latin-1")})
        ),
        ck.MetadataError,
        ["metadata.csv", "not valid UTF-8", "0xe9", "save it as UTF-8", "iconv"],
    ),
    C(
        "metadata-empty",
        "metadata",
        "an empty metadata file",
        load({"a.txt": "A."}, ""),
        ck.MetadataError,
        ["metadata.csv", "no records"],
    ),
    C(
        "metadata-header-only",
        "metadata",
        "a CSV with a header and no rows",
        load({"a.txt": "A."}, HEADER),
        ck.MetadataError,
        ["metadata.csv", "no records"],
    ),
    C(
        "metadata-duplicate-columns",
        "metadata",
        "two columns with the same name",
        load({"a.txt": "A."}, "id,file,date,date\na,a.txt,2001,2002\n"),
        ck.MetadataError,
        ["line 1", "duplicate column names", "date"],
    ),
    C(
        "metadata-unnamed-column",
        "metadata",
        "an empty column name in the header",
        load({"a.txt": "A."}, "id,file,,date\na,a.txt,x,2001\n"),
        ck.MetadataError,
        ["line 1", "column 3", "no name"],
    ),
    C(
        "metadata-missing-column",
        "metadata",
        "no date column",
        load({"a.txt": "A."}, "id,file\na,a.txt\n"),
        ck.MetadataError,
        ["required column", "date", "date_col="],
    ),
    C(
        "csv-row-too-long",
        "metadata",
        "a row with one field too many",
        load({"a.txt": "A."}, HEADER + "a,a.txt,2001,extra\n"),
        ck.MetadataError,
        ["line 2", "4 fields", "header has 3"],
    ),
    C(
        "csv-row-too-short",
        "metadata",
        "a row with a field missing",
        load({"a.txt": "A.", "b.txt": "B."}, HEADER + "a,a.txt,2001\nb,b.txt\n"),
        ck.MetadataError,
        ["line 3", "2 fields"],
    ),
    C(
        "csv-bad-quotes",
        "metadata",
        "a malformed quoted field, plus an impossible date elsewhere",
        load({"a.txt": "A.", "b.txt": "B."}, HEADER + 'a,"a.txt"x,2001\nb,b.txt,2001-02-30\n'),
        ck.CorpusValidationError,
        ["line 2", "cannot parse CSV", "line 3", "2001-02-30"],
    ),
    C(
        "csv-nul",
        "metadata",
        "a NUL character in the metadata",
        load({"a.txt": "A."}, HEADER + "a,a.txt,2001\x00\n"),
        ck.MetadataError,
        ["line 2", "NUL"],
    ),
    C(
        "csv-crlf",
        "metadata",
        "a metadata file with CRLF line ends",
        load({"a.txt": "A."}, "id,file,date\r\na,a.txt,2001\r\n"),
        None,
        check=lambda c: c.doc_ids == ["a"],
    ),
    C(
        "columns-other-case",
        "metadata",
        "a header ID,File,Date (the defaults are id, file, date)",
        load({"a.txt": "A."}, "ID,File,Date\ra,a.txt,2001\r"),  # and CR-only line ends, as old Excel on a Mac wrote
        ck.MetadataError,
        ["['id', 'date'] not found", "did you mean id_col='ID', file_col='File', date_col='Date'?"],
    ),
    C(
        "columns-other-case-given",
        "metadata",
        "the same header with id_col='ID', file_col='File', date_col='Date'",
        load({"a.txt": "A."}, "ID,File,Date\ra,a.txt,2001\r", id_col="ID", file_col="File", date_col="Date"),
        None,
        check=lambda c: c.doc_ids == ["a"] and c.documents["file"].tolist() == ["a.txt"],
    ),
    C(
        "csv-semicolons",
        "metadata",
        "a metadata table separated by semicolons (Excel in many locales), read as commas",
        load({"a.txt": "A."}, '"id";"file";"date"\n"a";"a.txt";"2001"\n'),
        ck.MetadataError,
        ["line 1", "delimiter=';'"],
    ),
    C(
        "csv-semicolons-unquoted",
        "metadata",
        "an unquoted metadata table separated by semicolons, read as commas",
        load({"a.txt": "A."}, "id;file;date\na;a.txt;2001\n"),
        ck.MetadataError,
        ["'id;file;date'", "delimiter=';'"],
    ),
    C(
        "csv-semicolons-delimiter",
        "metadata",
        "a metadata table separated by semicolons, with delimiter=';' (Excel-style: BOM, CRLF, quoted)",
        load({"a.txt": "A."}, '\ufeff"id";"file";"date";"title"\r\n"a";"a.txt";"2001";"One; two"\r\n', delimiter=";"),
        None,
        check=lambda c: c.documents["title"].tolist() == ["One; two"],
    ),
    C(
        "tsv",
        "metadata",
        "a tab-separated metadata table (.tsv)",
        load({"a.txt": "A."}, "id\tfile\tdate\na\ta.txt\t2001\n", name="metadata.tsv"),
        None,
        check=lambda c: c.doc_ids == ["a"],
    ),
    C(
        "delimiter-two-characters",
        "arguments",
        "delimiter='::'",
        load({"a.txt": "A."}, HEADER + "a,a.txt,2001\n", delimiter="::"),
        ck.ArgumentError,
        ["delimiter='::'", "one character"],
    ),
    C(
        "csv-cp1252",
        "metadata",
        "a metadata table saved by Excel as cp1252 ('CSV (Comma delimited)')",
        lambda t: ck.load_corpus(
            make(t, {"a.txt": "A.", "metadata.csv": "id,file,date,who\na,a.txt,2001,Andr\xe9\n".encode("cp1252")})
        ),
        ck.MetadataError,
        ["metadata.csv", "0xe9", "line 2", "UTF-8"],
    ),
    C(
        "csv-cp1251",
        "metadata",
        "a Russian metadata table saved by Excel as cp1251 (Windows-1251), with Cyrillic column names",
        lambda t: ck.load_corpus(
            make(t, {"a.txt": "A.", "metadata.csv": "ид;дата;автор\na;1881;Кащеев\n".encode("cp1251")}),
            delimiter=";",
        ),
        ck.MetadataError,
        ["metadata.csv", "0xe8", "line 1", "iconv -f cp1251 -t utf-8", "'ид;дата;автор'"],
    ),
    C(
        "csv-bom",
        "metadata",
        "a metadata file starting with a byte-order mark",
        load({"a.txt": "A."}, "\ufeff" + HEADER + "a,a.txt,2001\n"),
        None,
        check=lambda c: c.doc_ids == ["a"],
    ),
    C(
        "csv-blank-lines",
        "metadata",
        "blank lines between metadata rows",
        load({"a.txt": "A.", "b.txt": "B."}, HEADER + "a,a.txt,2001\n\n\nb,b.txt,2002\n"),
        None,
        check=lambda c: c.doc_ids == ["a", "b"],
    ),
    C(
        "reserved-text",
        "metadata",
        "a metadata column named text",
        load({"a.txt": "A."}, "id,file,date,text\na,a.txt,2001,forged\n"),
        ck.MetadataError,
        ["reserved", "'text'"],
    ),
    C(
        "reserved-doc-id",
        "metadata",
        "a metadata column named doc_id",
        load({"a.txt": "A."}, "id,file,date,doc_id\na,a.txt,2001,z\n"),
        ck.MetadataError,
        ["reserved", "'doc_id'"],
    ),
    C(
        "reserved-source",
        "metadata",
        "a metadata column named source",
        load({"a.txt": "A."}, "id,file,date,source\na,a.txt,2001,z\n"),
        ck.MetadataError,
        ["reserved", "'source'"],
    ),
    C(
        "reserved-n-chars",
        "metadata",
        "a metadata column named n_chars",
        load({"a.txt": "A."}, "id,file,date,n_chars\na,a.txt,2001,9\n"),
        ck.MetadataError,
        ["reserved", "'n_chars'"],
    ),
    C(
        "reserved-date-as-extra",
        "metadata",
        "a column named date while date_col is another",
        load({"a.txt": "A."}, "id,file,published,date\na,a.txt,2001,x\n", date_col="published"),
        ck.MetadataError,
        ["reserved", "'date'"],
    ),
    C(
        "reserved-file-as-extra",
        "metadata",
        "a column named file while file_col is another",
        load({"a.txt": "A."}, "id,path,date,file\na,a.txt,2001,x\n", file_col="path"),
        ck.MetadataError,
        ["reserved", "'file'"],
    ),
    C(
        "id-empty",
        "metadata",
        "a row without an id",
        load({"a.txt": "A."}, HEADER + ",a.txt,2001\n"),
        ck.MetadataError,
        ["line 2", "'id'", "empty"],
    ),
    C(
        "id-duplicate",
        "metadata",
        "two rows with the same id",
        load({"a.txt": "A.", "b.txt": "B."}, HEADER + "a,a.txt,2001\na,b.txt,2002\n"),
        ck.DuplicateIdError,
        ["line 3", "'a'", "line 2"],
    ),
    C(
        "file-empty-field",
        "metadata",
        "a row with no file name",
        load({"a.txt": "A."}, HEADER + "a,,2001\n", check_unlisted=False),
        ck.MetadataError,
        ["line 2", "'file'", "empty"],
    ),
    C(
        "id-col-not-string",
        "arguments",
        "id_col=3",
        load({"a.txt": "A."}, HEADER + "a,a.txt,2001\n", id_col=3),
        ck.ArgumentError,
        ["id_col", "3"],
    ),
    C(
        "same-columns",
        "arguments",
        "id_col and file_col naming the same column",
        load({"a.txt": "A."}, HEADER + "a,a.txt,2001\n", file_col="id"),
        ck.ArgumentError,
        ["id_col", "'id'"],
    ),
    C(
        "flag-not-bool",
        "arguments",
        'allow_shared_files="yes"',
        load({"a.txt": "A."}, HEADER + "a,a.txt,2001\n", allow_shared_files="yes"),
        ck.ArgumentError,
        ["allow_shared_files", "'yes'"],
    ),
    # ---- files: containment -----------------------------------------------------------------------
    C(
        "pattern-leaves-the-folder",
        "containment",
        'pattern="../*.txt" (listing files beside the corpus folder)',
        load({"a.txt": "A."}, HEADER + "a,a.txt,2001\n", pattern="../*.txt"),
        ck.ArgumentError,
        ["pattern='../*.txt'", "inside the corpus folder"],
    ),
    C(
        "pattern-absolute",
        "containment",
        'pattern="/etc/*"',
        load({"a.txt": "A."}, HEADER + "a,a.txt,2001\n", pattern="/etc/*"),
        ck.ArgumentError,
        ["pattern='/etc/*'", "not an absolute path"],
    ),
    C(
        "absolute-path",
        "containment",
        "a row naming /etc/passwd",
        load({"a.txt": "A."}, HEADER + "a,a.txt,2001\nb,/etc/passwd,2001\n"),
        ck.OutsideCorpusError,
        ["line 3", "'/etc/passwd'", "absolute"],
    ),
    C(
        "dotdot",
        "containment",
        "a row naming ../outside.txt",
        lambda t: (
            t.joinpath("outside.txt").write_text("secret"),
            ck.load_corpus(make(t, {}, HEADER + "a,../outside.txt,2001\n")),
        )[1],
        ck.OutsideCorpusError,
        ["line 2", "'../outside.txt'", ".."],
    ),
    C(
        "dotdot-inner",
        "containment",
        "a row naming sub/../../outside.txt",
        load({"sub/x.txt": "x"}, HEADER + "a,sub/../../outside.txt,2001\n", check_unlisted=False),
        ck.OutsideCorpusError,
        ["line 2", "sub/../../outside.txt", ".."],
    ),
    C(
        "dotdot-staying-inside",
        "containment",
        "a row naming sub/../a.txt (inside, but with ..)",
        load({"a.txt": "A."}, HEADER + "a,sub/../a.txt,2001\n"),
        ck.OutsideCorpusError,
        ["line 2", ".."],
    ),
    C(
        "symlink-out",
        "containment",
        "a symbolic link pointing outside the folder",
        _symlink_out,
        ck.OutsideCorpusError,
        ["line 2", "'link.txt'", "outside the corpus folder"],
    ),
    C(
        "symlink-in",
        "containment",
        "a symbolic link to a file inside the folder",
        _symlink_in,
        None,
        check=lambda c: c.text("a") == "Inside.",
    ),
    C(
        "directory",
        "containment",
        "a row naming a folder",
        _folder_named,
        ck.OutsideCorpusError,
        ["line 3", "'sub'", "is a folder"],
    ),
    C(
        "shared-file",
        "containment",
        "one file listed under two ids",
        load({"a.txt": "A."}, HEADER + "a,a.txt,2001\nb,a.txt,2002\n"),
        ck.OutsideCorpusError,
        ["line 3", "'a.txt'", "already listed on line 2", "allow_shared_files"],
    ),
    C(
        "shared-file-spelled-differently",
        "containment",
        "one file listed as a.txt and ./a.txt",
        load({"a.txt": "A."}, HEADER + "a,a.txt,2001\nb,./a.txt,2002\n"),
        ck.OutsideCorpusError,
        ["line 3", "already listed"],
    ),
    C(
        "file-name-nfd",
        "containment",
        "the table names café.txt (composed é); the file on disk is café.txt written with a combining accent",
        load({"cafe\u0301.txt": "A."}, HEADER + "a,caf\u00e9.txt,2001\n", check_unlisted=False),
        ck.MissingFileError,
        ["line 2", "'caf\u00e9.txt' not found", "'cafe\u0301.txt'", "Unicode form"],
    ),
    C(
        "file-name-case",
        "containment",
        "the table names a.txt; the file on disk is A.TXT",
        load({"A.TXT": "A."}, HEADER + "a,a.txt,2001\n", check_unlisted=False),
        ck.MissingFileError,
        ["line 2", "'a.txt' not found", "'A.TXT'", "differs in case"],
    ),
    C(
        "shared-file-allowed",
        "containment",
        "one file under two ids with allow_shared_files=True",
        load({"a.txt": "A."}, HEADER + "a,a.txt,2001\nb,a.txt,2002\n", allow_shared_files=True),
        None,
        check=lambda c: c.doc_ids == ["a", "b"],
    ),
    C(
        "subfolder-file",
        "containment",
        "a file in a subfolder, named sub/a.txt",
        load({"sub/a.txt": "A."}, HEADER + "a,sub/a.txt,2001\n"),
        None,
        check=lambda c: c.text("a") == "A.",
    ),
    C(
        "missing-file",
        "files",
        "a row naming a file that does not exist",
        load({"a.txt": "A."}, HEADER + "a,a.txt,2001\nb,b.txt,2002\n"),
        ck.MissingFileError,
        ["line 3", "'b.txt'", "not found"],
    ),
    C(
        "unlisted-file",
        "files",
        "a text file with no metadata row",
        load({"a.txt": "A.", "b.txt": "B."}, HEADER + "a,a.txt,2001\n"),
        ck.UnlistedFileError,
        ["'b.txt'", "no row"],
    ),
    C(
        "not-utf8",
        "files",
        "a text file in Latin-1",
        load({"a.txt": "caf\xe9".encode("latin-1")}, HEADER + "a,a.txt,2001\n"),
        ck.EncodingError,
        ["line 2", "'a.txt'", "0xe9", "byte offset 3", "encoding="],
    ),
    C(
        "bom",
        "files",
        "a text file starting with a UTF-8 byte-order mark",
        load({"a.txt": "\ufeffOne. Two."}, HEADER + "a,a.txt,2001\n"),
        None,
        check=lambda c: (
            c.text("a") == "One. Two."  # the mark is not text; offsets count from the character after it
            and c.clean().sentences()[["source_start", "source_end"]].values.tolist() == [[0, 4], [5, 9]]
        ),
    ),
    C(
        "bom-twice",
        "files",
        "a text file starting with two byte-order marks",
        load({"a.txt": "\ufeff\ufeffA."}, HEADER + "a,a.txt,2001\n"),
        None,
        check=lambda c: c.text("a") == "\ufeffA.",  # only the first is the mark; the second is a character
    ),
    C(
        "latin1-with-encoding",
        "files",
        "a text file in Latin-1, read with encoding='latin-1'",
        load({"a.txt": "caf\xe9 au lait".encode("latin-1")}, HEADER + "a,a.txt,2001\n", encoding="latin-1"),
        None,
        check=lambda c: c.text("a") == "caf\xe9 au lait" and c.tokens()["term"].tolist() == ["caf\xe9", "au", "lait"],
    ),
    C(
        "koi8r-with-encoding",
        "files",
        "a Russian text file in KOI8-R, read with encoding='koi8-r'",
        load({"a.txt": "Мир.".encode("koi8-r")}, HEADER + "a,a.txt,2001\n", encoding="koi8-r"),
        None,
        check=lambda c: c.text("a") == "Мир.",
    ),
    C(
        "cp1252-as-utf8",
        "files",
        "a cp1252 text file with curly quotes, read as UTF-8",
        load({"a.txt": "\u201cQuoted\u201d".encode("cp1252")}, HEADER + "a,a.txt,2001\n"),
        ck.EncodingError,
        ["line 2", "'a.txt'", "0x93", "byte offset 0", "encoding="],
    ),
    C(
        "cp1251-as-utf8",
        "files",
        "a Russian text file in Windows-1251 (cp1251), read as UTF-8",
        load({"a.txt": "Аппетит приходит во время еды.".encode("cp1251")}, HEADER + "a,a.txt,2001\n"),
        ck.EncodingError,
        ["line 2", "'a.txt'", "0xc0", "read as text in cp1251 ('Аппетит приходит", "pass encoding='cp1251'"],
    ),
    C(
        "utf16-bom-as-utf8",
        "files",
        "a UTF-16 text file (with its byte-order mark) read as UTF-8",
        load({"a.txt": "Hello.".encode("utf-16")}, HEADER + "a,a.txt,2001\n"),
        ck.EncodingError,
        ["'a.txt'", "UTF-16 byte-order mark", "encoding='utf-16'"],
    ),
    C(
        "utf16-no-bom-as-utf8",
        "files",
        "a UTF-16 text file without a byte-order mark read as UTF-8 (valid UTF-8 full of NULs)",
        load({"a.txt": "Hello there.".encode("utf-16-le")}, HEADER + "a,a.txt,2001\n"),
        ck.EncodingError,
        ["'a.txt'", "NUL", "byte offset 1", "UTF-16"],
    ),
    C(
        "utf16-with-encoding",
        "files",
        "a UTF-16 text file read with encoding='utf-16'",
        load({"a.txt": "Hello there.".encode("utf-16")}, HEADER + "a,a.txt,2001\n", encoding="utf-16"),
        None,
        check=lambda c: c.text("a") == "Hello there.",
    ),
    C(
        "encoding-col",
        "files",
        "files in two encodings, each named in an encoding column (one cell empty: the default)",
        load(
            {"a.txt": "Grüße.".encode("cp1252"), "b.txt": "Мир.".encode("koi8-r"), "c.txt": "Ok."},
            "id,file,date,enc\na,a.txt,2001,cp1252\nb,b.txt,2001,koi8-r\nc,c.txt,2001,\n",
            encoding_col="enc",
        ),
        None,
        check=lambda c: [c.text(d) for d in c.doc_ids] == ["Grüße.", "Мир.", "Ok."],
    ),
    C(
        "encoding-col-unknown",
        "files",
        "an encoding column naming 'koi9'",
        load({"a.txt": "A."}, "id,file,date,enc\na,a.txt,2001,koi9\n", encoding_col="enc"),
        ck.MetadataError,
        ["line 2", "field 'enc'", "'koi9'", "not an encoding"],
    ),
    C(
        "unknown-encoding",
        "arguments",
        "encoding='klingon'",
        load({"a.txt": "A."}, HEADER + "a,a.txt,2001\n", encoding="klingon"),
        ck.ArgumentError,
        ["encoding='klingon'", "unknown encoding"],
    ),
    C(
        "not-a-text-encoding",
        "arguments",
        "encoding='base64' (a codec, but not for text)",
        load({"a.txt": "A."}, HEADER + "a,a.txt,2001\n", encoding="base64"),
        ck.ArgumentError,
        ["encoding='base64'", "not a text encoding"],
    ),
    C(
        "empty-file",
        "files",
        "an empty text file",
        load({"a.txt": ""}, HEADER + "a,a.txt,2001\n"),
        ck.EmptyTextError,
        ["line 2", "'a.txt'", "empty"],
    ),
    C(
        "blank-file",
        "files",
        "a text file of spaces and line breaks",
        load({"a.txt": " \n\r\n\t"}, HEADER + "a,a.txt,2001\n"),
        ck.EmptyTextError,
        ["'a.txt'", "whitespace"],
    ),
    C(
        "checksum",
        "files",
        "a file whose sha256 differs from the metadata",
        load({"a.txt": "A."}, "id,file,date,sha256\na,a.txt,2001," + "0" * 64 + "\n"),
        ck.ChecksumError,
        ["line 2", "'a.txt'", "sha256", "0" * 64],
    ),
    C(
        "checksum-upper-case",
        "files",
        "a correct sha256 written in upper case",
        load({"a.txt": "A."}, f"id,file,date,sha256\na,a.txt,2001,{hashlib.sha256(b'A.').hexdigest().upper()}\n"),
        None,
        check=lambda c: c.text("a") == "A.",
    ),
    C(
        "cr-only-file",
        "files",
        "a text file with CR-only line ends",
        load({"a.txt": "First para.\r\rSecond para."}, HEADER + "a,a.txt,2001\n"),
        None,
        check=lambda c: len(c.paragraphs()) == 2,
    ),
    C(
        "nul-in-text",
        "files",
        "a NUL character inside a text",
        load({"a.txt": "Before\nand\x00after."}, HEADER + "a,a.txt,2001\n"),
        ck.EncodingError,
        ["line 2", "'a.txt'", "NUL", "byte offset 10 (line 2)"],
    ),
    C(
        "nul-in-frame-text",
        "frames",
        "a NUL character inside a text given in a DataFrame",
        frame(doc_id=["a"], date=["2001"], text=["Before\x00after."]),
        None,
        check=lambda c: c.text("a") == "Before\x00after.",  # no file, no encoding to get wrong: kept as given
    ),
    C(
        "control-characters",
        "files",
        "ANSI colour escapes (ESC [32m) in a text",
        load({"a.txt": "\x1b[32mTitle\x1b[m\nText here."}, HEADER + "a,a.txt,2001\n"),
        None,
        check=lambda c: c.text("a") == "\x1b[32mTitle\x1b[m\nText here.",  # kept: a cleaning rule can set them aside
    ),
    # ---- dates -------------------------------------------------------------------------------------
    C(
        "date-year-zero",
        "dates",
        "the date 0000 plus a missing file: both reported",
        load({"a.txt": "A."}, HEADER + "a,a.txt,0000\nb,b.txt,2001\n"),
        ck.CorpusValidationError,
        ["line 2", "'0000'", "between 1 and 9999", "'b.txt'"],
    ),
    C(
        "date-1500",
        "dates",
        "a date before 1678, where pandas 1's nanosecond timestamps stopped (1500-05)",
        load({"a.txt": "A."}, HEADER + "a,a.txt,1500-05\n"),
        None,
        check=lambda c: (
            str(c.documents["date"].iat[0]) == "1500-05-01 00:00:00" and c.documents["date_precision"].iat[0] == "month"
        ),
    ),
    C(
        "date-9999",
        "dates",
        "the last day a four-digit year can name (9999-12-31)",
        load({"a.txt": "A."}, HEADER + "a,a.txt,9999-12-31\n"),
        None,
        check=lambda c: str(c.documents["date"].iat[0]) == "9999-12-31 00:00:00",
    ),
    C(
        "date-feb-30",
        "dates",
        "2021-02-30",
        load({"a.txt": "A."}, HEADER + "a,a.txt,2021-02-30\n"),
        ck.DateError,
        ["line 2", "'2021-02-30'", "28 days"],
    ),
    C(
        "date-month-13",
        "dates",
        "2021-13",
        load({"a.txt": "A."}, HEADER + "a,a.txt,2021-13\n"),
        ck.DateError,
        ["'2021-13'", "month 13"],
    ),
    C(
        "date-words",
        "dates",
        "the date 'yesterday'",
        load({"a.txt": "A."}, HEADER + "a,a.txt,yesterday\n"),
        ck.DateError,
        ["'yesterday'", "is not a date", "YYYY"],
    ),
    C(
        "date-missing",
        "dates",
        "an empty date",
        load({"a.txt": "A."}, HEADER + "a,a.txt,\n"),
        ck.DateError,
        ["line 2", "'date'", "missing"],
    ),
    C(
        "date-hour-25",
        "dates",
        "2021-01-01 25:00",
        load({"a.txt": "A."}, HEADER + "a,a.txt,2021-01-01 25:00\n"),
        ck.DateError,
        ["25:00"],
    ),
    C(
        "date-non-ascii-digits",
        "dates",
        "a year in Arabic-Indic digits",
        load({"a.txt": "A."}, HEADER + "a,a.txt,\u0662\u0660\u0660\u0661\n"),
        None,
        check=lambda c: (
            c.documents["date"].tolist() == [pd.Timestamp("2001")]
            and c.documents["date_precision"].tolist() == ["year"]
        ),
    ),
    C(
        "precision-mismatch",
        "dates",
        "2021-09 with precision day",
        load({"a.txt": "A."}, "id,file,date,date_precision\na,a.txt,2021-09,day\n"),
        ck.DateError,
        ["'2021-09'", "'month'", "'day'"],
    ),
    C(
        "precision-unknown",
        "dates",
        "precision 'week'",
        load({"a.txt": "A."}, "id,file,date,date_precision\na,a.txt,2021-09,week\n"),
        ck.DateError,
        ["'week'"],
    ),
    C(
        "everything-at-once",
        "dates",
        "three different problems in one load",
        load(
            {"a.txt": "caf\xe9".encode("latin-1"), "b.txt": "B."},
            HEADER + "a,a.txt,2001\nb,b.txt,2001-02-29\nc,c.txt,2001\n",
        ),
        ck.CorpusValidationError,
        ["3 problems", "0xe9", "2001-02-29", "'c.txt'"],
    ),
    # ---- YAML metadata ------------------------------------------------------------------------------
    C(
        "yaml-nested",
        "yaml",
        "a YAML metadata value that is a mapping",
        load({"a.txt": "A."}, "- {id: a, file: a.txt, date: 2001, author: {name: X}}\n", name="m.yml"),
        ck.MetadataError,
        ["m.yml", "line 1", "'author'", "single value"],
    ),
    C(
        "yaml-list-value",
        "yaml",
        "a YAML metadata value that is a list",
        load({"a.txt": "A."}, "- id: a\n  file: a.txt\n  date: 2001\n  tags: [x, y]\n", name="m.yml"),
        ck.MetadataError,
        ["'tags'", "list"],
    ),
    C(
        "yaml-alias-bomb",
        "yaml",
        "a billion-laughs alias bomb as metadata",
        load({"a.txt": "A."}, BOMB, name="m.yml"),
        ck.MetadataError,
        ["m.yml", "aliases"],
    ),
    C(
        "yaml-octal-id",
        "yaml",
        "the id 010 in YAML",
        load({"a.txt": "A."}, "- {id: 010, file: a.txt, date: 2001}\n", name="m.yml"),
        None,
        check=lambda c: c.doc_ids == ["010"],
    ),
    C(
        "yaml-float-id",
        "yaml",
        "the id 1.50 in YAML",
        load({"a.txt": "A."}, "- {id: 1.50, file: a.txt, date: 2001}\n", name="m.yml"),
        None,
        check=lambda c: c.doc_ids == ["1.50"],
    ),
    C(
        "yaml-bool-value",
        "yaml",
        "a YAML value 'no' (a country code)",
        load({"a.txt": "A."}, "- {id: a, file: a.txt, date: 2001, country: no}\n", name="m.yml"),
        None,
        check=lambda c: c.documents["country"].tolist() == ["no"],
    ),
    C(
        "yaml-date",
        "yaml",
        "an unquoted YAML date",
        load({"a.txt": "A."}, "- {id: a, file: a.txt, date: 2001-09-11}\n", name="m.yml"),
        None,
        check=lambda c: c.documents["date_precision"].tolist() == ["day"],
    ),
    C(
        "yaml-scalar",
        "yaml",
        "a YAML file holding one string",
        load({"a.txt": "A."}, "just text\n", name="m.yml"),
        ck.MetadataError,
        ["m.yml", "list of records"],
    ),
    C(
        "yaml-syntax",
        "yaml",
        "a YAML syntax error",
        load({"a.txt": "A."}, "- {id: a, file: a.txt\n", name="m.yml"),
        ck.MetadataError,
        ["m.yml", "line", "YAML"],
    ),
    C(
        "yaml-documents-key",
        "yaml",
        "a YAML mapping with a documents: list",
        load({"a.txt": "A."}, "documents:\n  - {id: a, file: a.txt, date: 2001}\n", name="m.yml"),
        None,
        check=lambda c: c.doc_ids == ["a"],
    ),
    # ---- DataFrames ----------------------------------------------------------------------------------
    C(
        "frame-not-frame",
        "frames",
        "a list of dicts instead of a DataFrame",
        lambda t: ck.corpus_from_frame([{"doc_id": "a"}]),
        ck.ArgumentError,
        ["frame", "DataFrame", "list"],
    ),
    C(
        "frame-empty",
        "frames",
        "an empty DataFrame with the right columns",
        frame(doc_id=[], date=[], text=[]),
        ck.EmptyTextError,
        ["no rows"],
    ),
    C(
        "frame-no-columns",
        "frames",
        "a DataFrame with no columns",
        lambda t: ck.corpus_from_frame(pd.DataFrame()),
        ck.MetadataError,
        ["required column", "doc_id", "date"],
    ),
    C(
        "frame-reserved",
        "frames",
        "a DataFrame with a file column",
        frame(doc_id=["a"], date=["2001"], text=["A."], file=["x"]),
        ck.MetadataError,
        ["reserved", "'file'"],
    ),
    C(
        "frame-text-nan",
        "frames",
        "a missing text",
        frame(doc_id=["a"], date=["2001"], text=[float("nan")]),
        ck.MetadataError,
        ["row 0", "'text'", "string"],
    ),
    C(
        "frame-duplicate-id",
        "frames",
        "two rows with one id",
        frame(doc_id=["a", "a"], date=["2001", "2002"], text=["A.", "B."]),
        ck.DuplicateIdError,
        ["row 1", "'a'"],
    ),
    C(
        "frame-nat",
        "frames",
        "a missing (NaT) date",
        frame(doc_id=["a"], date=[pd.NaT], text=["A."]),
        ck.DateError,
        ["row 0", "missing"],
    ),
    C(
        "frame-int-year",
        "frames",
        "a year given as an integer",
        frame(doc_id=["a"], date=[2001], text=["A."]),
        None,
        check=lambda c: c.documents["date_precision"][0] == "year",
    ),
    C(
        "frame-duplicate-columns",
        "frames",
        "two columns with one name",
        lambda t: ck.corpus_from_frame(
            pd.DataFrame([["a", "2001", "A.", "x"]], columns=["doc_id", "date", "text", "text"])
        ),
        ck.MetadataError,
        ["duplicate column names", "text"],
    ),
    C(
        "frame-year-zero",
        "frames",
        "a date 0000 in a DataFrame",
        frame(doc_id=["a"], date=["0000"], text=["A."]),
        ck.DateError,
        ["row 0", "'0000'"],
    ),
    # ---- cleaning rules -------------------------------------------------------------------------------
    C(
        "rules-replace-backreference",
        "rules",
        "replace: \\1 (a group reference, as re.sub would read it; corpuskit's replace is literal)",
        lambda t: ck.load_rules(rules(pattern="(Mr)\\.", replace="\\1")),
        ck.RulesError,
        ["normalize[0] (r)", "inserted as written", "\\1", "keep: word"],
    ),
    C(
        "rules-duplicate-name",
        "rules",
        "two span rules of one document with the same name",
        lambda t: ck.load_rules(
            {"documents": {"a": {"spans": [{"name": "s", "pattern": p, "label": "boilerplate"} for p in "xy"]}}}
        ),
        ck.RulesError,
        ["spans[1] (s)", "the rule name 's' is already used by documents.a.spans[0] (s)"],
    ),
    C(
        "rules-flags-int",
        "rules",
        "flags: 1 in a rule",
        lambda t: ck.load_rules(rules(flags=1)),
        ck.RulesError,
        ["normalize[0]", "flags", "1", "int"],
    ),
    C(
        "rules-flag-unknown",
        "rules",
        "flags: q",
        lambda t: ck.load_rules(rules(flags="q")),
        ck.RulesError,
        ["normalize[0]", "'q'"],
    ),
    C(
        "rules-pattern-number",
        "rules",
        "pattern: 5",
        lambda t: ck.load_rules(rules(pattern=5)),
        ck.RulesError,
        ["normalize[0]", "pattern", "5"],
    ),
    C(
        "rules-pattern-empty",
        "rules",
        "an empty pattern",
        lambda t: ck.load_rules(rules(pattern="")),
        ck.RulesError,
        ["normalize[0]", "non-empty"],
    ),
    C(
        "rules-bad-regex",
        "rules",
        "pattern: '('",
        lambda t: ck.load_rules(rules(pattern="(")),
        ck.RulesError,
        ["normalize[0]", "invalid regular expression", "'('"],
    ),
    C(
        "rules-replace-number",
        "rules",
        "replace: 5",
        lambda t: ck.load_rules(rules(replace=5)),
        ck.RulesError,
        ["normalize[0]", "'replace'", "5"],
    ),
    C(
        "rules-replace-and-keep",
        "rules",
        "both replace and keep",
        lambda t: ck.load_rules(rules(pattern="(?P<k>x)", keep="k")),
        ck.RulesError,
        ["exactly one"],
    ),
    C(
        "rules-unknown-key",
        "rules",
        "a misspelt key (replce)",
        lambda t: ck.load_rules({"normalize": [{"name": "r", "pattern": "x", "replce": ""}]}),
        ck.RulesError,
        ["normalize[0]", "replce"],
    ),
    C("rules-name-number", "rules", "name: 3", lambda t: ck.load_rules(rules(name=3)), ck.RulesError, ["'name'", "3"]),
    C(
        "rules-span-label",
        "rules",
        "label: comment in a span rule",
        lambda t: ck.load_rules(span_rules(label="comment")),
        ck.RulesError,
        ["documents.a.spans[0]", "'comment'"],
    ),
    C(
        "rules-span-group-number",
        "rules",
        "group: 1 (not a named group)",
        lambda t: ck.load_rules(span_rules(pattern="(x)", group=1)),
        ck.RulesError,
        ["group", "1"],
    ),
    C(
        "rules-unknown-document",
        "rules",
        "rules for a document not in the corpus",
        lambda t: small().clean(span_rules() | {"documents": {"zz": {}}}),
        ck.RulesError,
        ["'zz'", "not in the corpus"],
    ),
    C(
        "rules-documents-list",
        "rules",
        "documents: given as a list",
        lambda t: ck.load_rules({"documents": ["a"]}),
        ck.RulesError,
        ["'documents'", "mapping"],
    ),
    C("rules-version", "rules", "version: 2", lambda t: ck.load_rules({"version": 2}), ck.RulesError, ["version", "2"]),
    C(
        "rules-indent-step-zero",
        "rules",
        "indent_step: 0 in comment rules",
        lambda t: ck.load_rules(
            {
                "documents": {
                    "a": {
                        "comments": {
                            "region": "(?P<thread>x)",
                            "entry": "(?P<handle>a)(?P<body>b)(?P<timestamp>c)",
                            "timestamp_format": "%Y",
                            "indent_step": 0,
                        }
                    }
                }
            }
        ),
        ck.RulesError,
        ["indent_step", "0"],
    ),
    C(
        "rules-region-no-thread",
        "rules",
        "a comment region without a thread group",
        lambda t: ck.load_rules(
            {
                "documents": {
                    "a": {
                        "comments": {
                            "region": "x",
                            "entry": "(?P<handle>a)(?P<body>b)(?P<timestamp>c)",
                            "timestamp_format": "%Y",
                        }
                    }
                }
            }
        ),
        ck.RulesError,
        ["comments.region", "'thread'"],
    ),
    C(
        "rules-file-not-utf8",
        "rules",
        "a Latin-1 rules file",
        lambda t: ck.load_rules(make(t, {"r.yml": "note: caf\xe9\n".encode("latin-1")}) / "r.yml"),
        ck.RulesError,
        ["r.yml", "line 1", "not valid UTF-8", "save it as UTF-8", "iconv"],
    ),
    C(
        "rules-file-alias-bomb",
        "rules",
        "an alias bomb as a rules file",
        lambda t: ck.load_rules(make(t, {"r.yml": BOMB}) / "r.yml"),
        ck.RulesError,
        ["r.yml", "aliases"],
    ),
    C(
        "rules-file-missing",
        "rules",
        "a rules file that does not exist",
        lambda t: ck.load_rules(t / "none.yml"),
        ck.RulesError,
        ["none.yml", "does not exist"],
    ),
    C("rules-not-mapping", "rules", "rules=3", lambda t: ck.load_rules(3), ck.ArgumentError, ["rules", "int"]),
    C(
        "rules-catastrophic",
        "rules",
        "a rule (a|aa)+$ on a long run of a",
        _timeout(
            lambda t: ck.corpus_from_frame(
                pd.DataFrame({"doc_id": ["a"], "date": ["2001"], "text": ["a" * 40 + "!"]})
            ).clean(rules(pattern="(a|aa)+$"))
        ),
        ck.PatternTimeoutError,
        ["normalize[0]", "(a|aa)+$", "ran longer"],
    ),
    C(
        "rules-nested-quantifier",
        "rules",
        "a rule (a+)+$ on 5,000 letters a and a full stop",
        _timeout(
            lambda t: ck.corpus_from_frame(
                pd.DataFrame({"doc_id": ["a"], "date": ["2001"], "text": ["a" * 5_000 + "!"]})
            ).clean(rules(pattern="(a+)+$"))
        ),
        ck.PatternTimeoutError,
        ["normalize[0] (r)", "'(a+)+$'", "corpuskit.patterns.TIMEOUT"],
    ),
    C(
        "clean-twice",
        "rules",
        "cleaning an already cleaned corpus",
        lambda t: small().clean().clean(),
        ck.CorpusError,
        ["already cleaned"],
    ),
    C(
        "clean-frame",
        "rules",
        "clean_corpus given a DataFrame",
        lambda t: ck.clean_corpus(pd.DataFrame()),
        ck.ArgumentError,
        ["corpus", "DataFrame"],
    ),
    C(
        "clean-basic-long-spaces",
        "rules",
        "a text with 200,000 trailing spaces before a word",
        _fast(
            lambda: ck.corpus_from_frame(
                pd.DataFrame({"doc_id": ["a"], "date": ["2001"], "text": ["A" + " " * 200_000 + "b"]})
            ).clean()
        ),
        None,
        check=lambda r: r[1] and r[0].text("a").startswith("A"),
    ),
    # ---- segmentation and tokens ----------------------------------------------------------------------
    C(
        "tokens-nfd",
        "text",
        "NFD résumé (combining accents)",
        lambda t: [NFD[a:b] for a, b in ck.tokenize(NFD)],
        None,
        check=lambda toks: unicodedata.normalize("NFD", "résumé") in toks and len(toks) == 4,
    ),
    C(
        "tokens-hindi",
        "text",
        "Hindi words with vowel signs and viramas",
        lambda t: [w for a, b in ck.tokenize("नमस्ते दुनिया") for w in ["नमस्ते दुनिया"[a:b]]],
        None,
        check=lambda toks: toks == ["नमस्ते", "दुनिया"],
    ),
    C(
        "tokens-zwj",
        "text",
        "emoji joined by zero-width joiners",
        lambda t: ck.tokenize("family \U0001f468\u200d\U0001f469\u200d\U0001f467 here"),
        None,
        check=lambda spans: len(spans) == 2,
    ),
    C(
        "sentences-cjk",
        "text",
        "Chinese sentences ended by 。！？",
        lambda t: ck.segment_sentences(CHINESE),
        None,
        check=lambda s: len(s) == 4,
    ),
    C(
        "sentences-danda",
        "text",
        "Hindi sentences ended by the danda",
        lambda t: ck.segment_sentences("भारत बड़ा है। रूस भी।"),
        None,
        check=lambda s: len(s) == 2,
    ),
    C(
        "sentences-cr",
        "text",
        "CR-only paragraph breaks",
        lambda t: ck.segment_sentences("one\r\rtwo"),
        None,
        check=lambda s: s == [(0, 3), (5, 8)],
    ),
    C(
        "sentences-bang-run",
        "text",
        "Wow followed by 100,000 exclamation marks",
        _fast(lambda: ck.segment_sentences("Wow" + "!" * 100_000)),
        None,
        check=lambda r: r[1] and len(r[0]) == 1,
    ),
    C(
        "sentences-not-text",
        "arguments",
        "segment_sentences(None)",
        lambda t: ck.segment_sentences(None),
        ck.ArgumentError,
        ["text", "NoneType"],
    ),
    C(
        "tokenize-bytes",
        "arguments",
        "tokenize(b'bytes')",
        lambda t: ck.tokenize(b"bytes"),
        ck.ArgumentError,
        ["text", "bytes"],
    ),
    C(
        "sentences-frame",
        "arguments",
        "sentences(DataFrame)",
        lambda t: ck.sentences(pd.DataFrame()),
        ck.ArgumentError,
        ["corpus", "DataFrame"],
    ),
    C(
        "tokens-lower-string",
        "arguments",
        'tokens(lower="yes")',
        lambda t: ck.tokens(small(), lower="yes"),
        ck.ArgumentError,
        ["lower", "'yes'"],
    ),
    C(
        "tokens-stopwords-string",
        "arguments",
        'tokens(stopwords="the")',
        lambda t: ck.tokens(small(), stopwords="the"),
        ck.ArgumentError,
        ["stopwords", "'the'", "single string"],
    ),
    C(
        "tokens-stopwords-number",
        "arguments",
        "tokens(stopwords=[1])",
        lambda t: ck.tokens(small(), stopwords=[1]),
        ck.ArgumentError,
        ["stopwords", "1"],
    ),
    C(
        "tokens-replace-list",
        "arguments",
        'tokens(replace=["US"])',
        lambda t: ck.tokens(small(), replace=["US"]),
        ck.ArgumentError,
        ["replace", "mapping"],
    ),
    C(
        "english-warning-stopwords",
        "text",
        "default stopwords on a Hindi corpus (warned once)",
        _warns(
            lambda: ck.tokens(
                ck.corpus_from_frame(pd.DataFrame({"doc_id": ["h"], "date": ["2001"], "text": [HINDI]})), stopwords=True
            )
        ),
        None,
        check=lambda w: sum("stopwords" in str(x.message) for x in w) == 1,
    ),
    C(
        "english-warning-sentences",
        "text",
        "sentences of a Chinese corpus (warned once)",
        _warns(
            lambda: ck.sentences(
                ck.corpus_from_frame(pd.DataFrame({"doc_id": ["z"], "date": ["2001"], "text": [CHINESE * 5]}))
            )
        ),
        None,
        check=lambda w: len(w) == 1 and "abbreviation" in str(w[0].message),
    ),
    C(
        "english-no-warning",
        "text",
        "an English corpus (no warning)",
        _warns(lambda: ck.tokens(small(), stopwords=True)),
        None,
        check=lambda w: w == [],
    ),
    # ---- kwic and collocations ------------------------------------------------------------------------
    C(
        "kwic-window-string",
        "arguments",
        'kwic(window="3")',
        lambda t: ck.kwic(small(), "Putin", window="3"),
        ck.ArgumentError,
        ["window", "'3'", "str"],
    ),
    C(
        "kwic-window-negative",
        "arguments",
        "kwic(window=-1)",
        lambda t: ck.kwic(small(), "Putin", window=-1),
        ck.ArgumentError,
        ["window", "-1", "non-negative"],
    ),
    C(
        "kwic-window-bool",
        "arguments",
        "kwic(window=True)",
        lambda t: ck.kwic(small(), "Putin", window=True),
        ck.ArgumentError,
        ["window", "True"],
    ),
    C(
        "kwic-number-in-list",
        "arguments",
        'kwic(["missile", 3])',
        lambda t: ck.kwic(small(), ["missile", 3]),
        ck.ArgumentError,
        ["pattern[1]", "3"],
    ),
    C("kwic-empty", "arguments", 'kwic("")', lambda t: ck.kwic(small(), ""), ck.ArgumentError, ["pattern", "empty"]),
    C("kwic-none", "arguments", "kwic(None)", lambda t: ck.kwic(small(), None), ck.ArgumentError, ["pattern", "None"]),
    C(
        "kwic-valuetype",
        "arguments",
        'kwic(valuetype="sql")',
        lambda t: ck.kwic(small(), "x", valuetype="sql"),
        ck.ArgumentError,
        ["valuetype", "'sql'"],
    ),
    C(
        "kwic-bad-regex",
        "arguments",
        'kwic("(", valuetype="regex")',
        lambda t: ck.kwic(small(), "(", valuetype="regex"),
        ck.ArgumentError,
        ["kwic pattern", "'('"],
    ),
    C(
        "kwic-catastrophic",
        "arguments",
        "kwic((a|aa)+$) on a 40-letter token",
        _timeout(
            lambda t: ck.kwic(
                ck.corpus_from_frame(pd.DataFrame({"doc_id": ["a"], "date": ["2001"], "text": ["a" * 40 + "b"]})),
                "(a|aa)+$",
                valuetype="regex",
            )
        ),
        ck.PatternTimeoutError,
        ["kwic pattern", "(a|aa)+$"],
    ),
    C(
        "kwic-case-flag",
        "arguments",
        'kwic(lower="no")',
        lambda t: ck.kwic(small(), "x", lower="no"),
        ck.ArgumentError,
        ["lower", "'no'"],
    ),
    C(
        "kwic-no-match",
        "kwic",
        "a word that does not occur",
        lambda t: ck.kwic(small(), "zebra"),
        None,
        check=lambda k: k.empty and "keyword" in k.columns,
    ),
    C(
        "collocations-ngram",
        "arguments",
        "collocations(ngram=4)",
        lambda t: ck.collocations(small(), ngram=4),
        ck.ArgumentError,
        ["ngram", "4"],
    ),
    C(
        "collocations-min-count",
        "arguments",
        "collocations(min_count=0)",
        lambda t: ck.collocations(small(), min_count=0),
        ck.ArgumentError,
        ["min_count", "0"],
    ),
    # ---- measures ------------------------------------------------------------------------------------
    C(
        "tf-ngram-string",
        "arguments",
        'term_frequency(ngram="2")',
        lambda t: ck.term_frequency(small(), ngram="2"),
        ck.ArgumentError,
        ["ngram", "'2'"],
    ),
    C(
        "tf-min-count-bool",
        "arguments",
        "term_frequency(min_count=True)",
        lambda t: ck.term_frequency(small(), min_count=True),
        ck.ArgumentError,
        ["min_count", "True"],
    ),
    C(
        "tf-data-list",
        "arguments",
        "term_frequency([...])",
        lambda t: ck.term_frequency(["a text"]),
        ck.ArgumentError,
        ["data", "list"],
    ),
    C(
        "tf-by-unknown",
        "arguments",
        'term_frequency(by="outlet") without that column',
        lambda t: ck.term_frequency(small(), by="outlet"),
        ck.ArgumentError,
        ["'outlet'", "not a column"],
    ),
    C(
        "keyness-unknown-target",
        "arguments",
        'keyness(target="zz")',
        lambda t: ck.keyness(small(), "zz"),
        ck.CorpusError,
        ["target", "'zz'"],
    ),
    C(
        "keyness-measure",
        "arguments",
        'keyness(measure="t")',
        lambda t: ck.keyness(small(), "a", measure="t"),
        ck.ArgumentError,
        ["measure", "'t'"],
    ),
    C(
        "keyness-yates-string",
        "arguments",
        'keyness(yates="no")',
        lambda t: ck.keyness(small(), "a", yates="no"),
        ck.ArgumentError,
        ["yates", "'no'"],
    ),
    C(
        "tf-idf-variant",
        "arguments",
        'tf_idf(tf="bm25")',
        lambda t: ck.tf_idf(ck.term_frequency(small()), tf="bm25"),
        ck.ArgumentError,
        ["tf", "'bm25'"],
    ),
    # ---- actors ----------------------------------------------------------------------------------------
    C(
        "actors-not-utf8",
        "actors",
        "a Latin-1 actor list",
        lambda t: ck.load_actors(make(t, {"a.yml": "actors: []\nnote: caf\xe9\n".encode("latin-1")}) / "a.yml"),
        ck.RulesError,
        ["a.yml", "line 2", "not valid UTF-8", "0xe9", "save it as UTF-8", "iconv"],
    ),
    C(
        "actors-exclusion-number",
        "actors",
        "a number in the exclusion list",
        lambda t: ck.load_actors(ACTORS | {"exclusions": [5]}),
        ck.RulesError,
        ["exclusions[0]", "5", "int"],
    ),
    C(
        "actors-exclusion-no-group",
        "actors",
        "an exclusion without a group x",
        lambda t: ck.load_actors(ACTORS | {"exclusions": ["Washington Post"]}),
        ck.RulesError,
        ["exclusions[0]", "(?P<x>"],
    ),
    C(
        "actors-exclusions-string",
        "actors",
        "exclusions given as one string",
        lambda t: ck.load_actors(ACTORS | {"exclusions": "(?P<x>a)"}),
        ck.RulesError,
        ["'exclusions'", "list"],
    ),
    C(
        "actors-alias-number",
        "actors",
        "an alias that YAML read as a number (1917)",
        lambda t: ck.load_actors({"actors": [{"label": "X", "type": "group", "aliases": [1917]}]}),
        ck.RulesError,
        ["actors[0]", "1917", "quote"],
    ),
    C(
        "actors-alias-bomb",
        "actors",
        "an alias bomb as an actor list",
        lambda t: ck.load_actors(make(t, {"a.yml": BOMB}) / "a.yml"),
        ck.RulesError,
        ["a.yml", "aliases"],
    ),
    C(
        "actors-argument",
        "arguments",
        "load_actors(3)",
        lambda t: ck.load_actors(3),
        ck.ArgumentError,
        ["actors", "int"],
    ),
    C(
        "actor-mentions-frame",
        "arguments",
        "actor_mentions(DataFrame, ...)",
        lambda t: ck.actor_mentions(pd.DataFrame(), ACTORS),
        ck.ArgumentError,
        ["corpus", "DataFrame"],
    ),
    C(
        "cooccurrence-no-pairs",
        "actors",
        "no two actors in one sentence",
        lambda t: ck.cooccurrence(ck.actor_mentions(small(), {"actors": ACTORS["actors"][:1]})),
        None,
        check=lambda e: e.empty and list(e.columns)[:3] == ["source", "target", "n"],
    ),
    C(
        "cooccurrence-empty-mentions",
        "actors",
        "an empty mentions table",
        lambda t: ck.cooccurrence(
            ck.actor_mentions(small(), {"actors": [{"label": "Z", "type": "group", "aliases": ["Zanzibar"]}]})
        ),
        None,
        check=lambda e: e.empty and "pmi" in e.columns,
    ),
    C(
        "cooccurrence-window-no-pairs",
        "actors",
        "window co-occurrence with one actor only",
        lambda t: ck.cooccurrence(ck.actor_mentions(small(), {"actors": ACTORS["actors"][2:3]}), unit="window"),
        None,
        check=lambda e: e.empty and "dice" in e.columns,
    ),
    C(
        "cooccurrence-by-no-pairs",
        "actors",
        "a sparse period among groups (by=)",
        lambda t: ck.cooccurrence(ck.actor_mentions(small(), ACTORS).assign(era=lambda m: m["doc_id"]), by="era"),
        None,
        check=lambda e: set(e["era"]) == {"a"},
    ),
    C(
        "cooccurrence-unit",
        "arguments",
        'cooccurrence(unit="word")',
        lambda t: ck.cooccurrence(ck.actor_mentions(small(), ACTORS), unit="word"),
        ck.ArgumentError,
        ["unit", "'word'", "'sentence'"],
    ),
    C(
        "cooccurrence-window-string",
        "arguments",
        'cooccurrence(window="3")',
        lambda t: ck.cooccurrence(ck.actor_mentions(small(), ACTORS), unit="window", window="3"),
        ck.ArgumentError,
        ["window", "'3'"],
    ),
    C(
        "cooccurrence-columns",
        "arguments",
        "a mentions table without sentence_id",
        lambda t: ck.cooccurrence(pd.DataFrame({"doc_id": ["a"], "actor": ["x"]})),
        ck.ArgumentError,
        ["mentions", "sentence_id"],
    ),
    C(
        "cooccurrence-not-frame",
        "arguments",
        "cooccurrence([])",
        lambda t: ck.cooccurrence([]),
        ck.ArgumentError,
        ["mentions", "list"],
    ),
    # ---- events and time ---------------------------------------------------------------------------------
    C(
        "events-exclusion-number",
        "events",
        "a number in the event exclusions",
        lambda t: ck.load_events({"events": [EVENT], "exclusions": [1]}),
        ck.RulesError,
        ["exclusions[0]", "1"],
    ),
    C(
        "events-not-utf8",
        "events",
        "a Latin-1 event list",
        lambda t: ck.load_events(make(t, {"e.yml": "events: []\n# caf\xe9\n".encode("latin-1")}) / "e.yml"),
        ck.RulesError,
        ["e.yml", "not valid UTF-8", "save it as UTF-8", "iconv"],
    ),
    C(
        "events-alias-bomb",
        "events",
        "an alias bomb as an event list",
        lambda t: ck.load_events(make(t, {"e.yml": BOMB}) / "e.yml"),
        ck.RulesError,
        ["e.yml", "aliases"],
    ),
    C(
        "events-catastrophic-exclusion",
        "events",
        "an exclusion (?P<x>(a|aa)+$) on a long run of a",
        _timeout(
            lambda t: ck.event_mentions(
                ck.corpus_from_frame(
                    pd.DataFrame({"doc_id": ["a"], "date": ["2001"], "text": ["Moscow " + "a" * 40 + "!"]})
                ),
                {"events": [EVENT], "exclusions": ["(?P<x>(a|aa)+$)"]},
            )
        ),
        ck.PatternTimeoutError,
        ["exclusions[0]", "(a|aa)+$"],
    ),
    C(
        "event-references-columns",
        "arguments",
        "event_mentions(references=) without offsets",
        lambda t: ck.event_mentions(small(), {"events": [EVENT]}, references=pd.DataFrame({"doc_id": []})),
        ck.ArgumentError,
        ["references", "sentence_id"],
    ),
    C(
        "overrides-argument",
        "arguments",
        "time_references(overrides=3)",
        lambda t: ck.time_references(small(), overrides=3),
        ck.ArgumentError,
        ["overrides", "int"],
    ),
    C(
        "overrides-missing-file",
        "time",
        "an overrides file that does not exist",
        lambda t: ck.time_references(small(), overrides=t / "none.yml"),
        ck.CorpusError,
        ["none.yml", "does not exist"],
    ),
    # ---- sentiment --------------------------------------------------------------------------------------
    C(
        "sentiment-string",
        "arguments",
        'textblob_scores("one text")',
        lambda t: ck.textblob_scores("one text"),
        ck.ArgumentError,
        ["texts", "str"],
    ),
    C(
        "sentiment-none",
        "arguments",
        'textblob_scores(["good", None])',
        lambda t: ck.textblob_scores(["good", None]),
        ck.ArgumentError,
        ["texts[1]", "None"],
    ),
    C(
        "sentiment-n-jobs",
        "arguments",
        "textblob_scores(n_jobs=0)",
        lambda t: ck.textblob_scores(["good"], n_jobs=0),
        ck.ArgumentError,
        ["n_jobs", "0"],
    ),
    C(
        "sentiment-frame",
        "arguments",
        "sentence_sentiment(DataFrame)",
        lambda t: ck.sentence_sentiment(pd.DataFrame()),
        ck.ArgumentError,
        ["corpus", "DataFrame"],
    ),
    C(
        "english-warning-sentiment",
        "text",
        "sentiment of Hindi sentences (warned once)",
        _warns(lambda: ck.textblob_scores([HINDI])),
        None,
        check=lambda w: len(w) == 1 and "sentiment" in str(w[0].message),
    ),
    C(
        "windows-drive-path",
        "containment",
        "a row naming C:\\Windows\\win.ini",
        load({"a.txt": "A."}, HEADER + "a,a.txt,2001\nb,C:\\Windows\\win.ini,2001\n"),
        ck.OutsideCorpusError,
        ["line 3", "absolute"],
    ),
    C(
        "colon-in-name",
        "containment",
        "a file legitimately named a:b.txt",
        load({"a:b.txt": "A."}, HEADER + "a,a:b.txt,2001\n"),
        None,
        check=lambda c: c.text("a") == "A.",
    ),
    C(
        "sentences-before-uncased",
        "text",
        "an English sentence followed by a Hindi one",
        lambda t: ck.segment_sentences("It ended. भारत बड़ा है।"),
        None,
        check=lambda s: len(s) == 2,
    ),
    # ---- empty or wrong tables given to the table functions ---------------------------------------
    C(
        "narrated-years-empty",
        "tables",
        "narrated_years of two empty DataFrames",
        lambda t: ck.narrated_years(pd.DataFrame(), pd.DataFrame()),
        ck.ArgumentError,
        ["scored", "doc_id"],
    ),
    C(
        "extreme-sentences-empty",
        "tables",
        "extreme_sentences of an empty DataFrame",
        lambda t: ck.extreme_sentences(pd.DataFrame()),
        ck.ArgumentError,
        ["scored", "polarity"],
    ),
    C(
        "extreme-sentences-n",
        "arguments",
        "extreme_sentences(n=0)",
        lambda t: ck.extreme_sentences(pd.DataFrame(columns=["doc_id", "sentence_id", "polarity", "text"]), n=0),
        ck.ArgumentError,
        ["n=0"],
    ),
    C(
        "agreement-empty",
        "tables",
        "sentiment_agreement of an empty DataFrame",
        lambda t: ck.sentiment_agreement(pd.DataFrame()),
        ck.ArgumentError,
        ["scored", "vader"],
    ),
    C(
        "sentiment-by-period-empty",
        "tables",
        "sentiment_by_period of an empty DataFrame",
        lambda t: ck.sentiment_by_period(pd.DataFrame()),
        ck.CorpusError,
        ["date", "polarity"],
    ),
    C(
        "tf-idf-empty",
        "tables",
        "tf_idf of an empty DataFrame",
        lambda t: ck.tf_idf(pd.DataFrame()),
        ck.CorpusError,
        ["tf_idf", "term"],
    ),
    C(
        "export-network-empty",
        "tables",
        "export_network of an empty DataFrame",
        lambda t: ck.export_network(pd.DataFrame(), t / "edges.csv"),
        ck.ArgumentError,
        ["edges", "source"],
    ),
    C(
        "export-network-suffix",
        "arguments",
        "export_network to edges.xlsx",
        lambda t: ck.export_network(ck.cooccurrence(ck.actor_mentions(small(), ACTORS)), t / "edges.xlsx"),
        ck.CorpusError,
        ["'.xlsx'", ".gexf"],
    ),
    C(
        "plot-network-empty",
        "tables",
        "plot_network of an empty DataFrame",
        lambda t: ck.plot_network(pd.DataFrame()),
        ck.ArgumentError,
        ["edges", "source"],
    ),
    C(
        "period-end-string",
        "arguments",
        'period_end("2001", "year")',
        lambda t: ck.period_end("2001", "year"),
        ck.DateError,
        ["'2001'", "Timestamp"],
    ),
    C(
        "format-date-string",
        "arguments",
        'format_date("x", "year")',
        lambda t: ck.format_date("x", "year"),
        ck.DateError,
        ["'x'", "Timestamp"],
    ),
    C(
        "read-metadata-number",
        "arguments",
        "read_metadata(3)",
        lambda t: ck.read_metadata(3),
        ck.ArgumentError,
        ["path", "int"],
    ),
    C(
        "time-references-frame",
        "arguments",
        "time_references(DataFrame)",
        lambda t: ck.time_references(pd.DataFrame()),
        ck.ArgumentError,
        ["corpus", "DataFrame"],
    ),
    C(
        "rules-timestamp-precision",
        "rules",
        "timestamp_precision: hour in comment rules",
        lambda t: ck.load_rules(
            {
                "documents": {
                    "a": {
                        "comments": {
                            "region": "(?P<thread>x)",
                            "entry": "(?P<handle>a)(?P<body>b)(?P<timestamp>c)",
                            "timestamp_format": "%Y",
                            "timestamp_precision": "hour",
                        }
                    }
                }
            }
        ),
        ck.RulesError,
        ["timestamp_precision", "'hour'"],
    ),
    C(
        "rules-inherit-string",
        "rules",
        "inherit: title (a string, not a list)",
        lambda t: ck.load_rules(
            {
                "documents": {
                    "a": {
                        "comments": {
                            "region": "(?P<thread>x)",
                            "entry": "(?P<handle>a)(?P<body>b)(?P<timestamp>c)",
                            "timestamp_format": "%Y",
                            "inherit": "title",
                        }
                    }
                }
            }
        ),
        ck.RulesError,
        ["inherit", "'title'"],
    ),
    # -- issue 13: any table as it is, rules for many documents, periods ---------------------------
    C(
        "file-template-unknown-column",
        "arguments",
        "file='{name}.txt', a template naming a column the table lacks",
        load({"a.txt": "A."}, "id,date\na,2001\n", file="{name}.txt"),
        ck.ArgumentError,
        ["file='{name}.txt'", "'name'"],
    ),
    C(
        "file-template-attribute",
        "arguments",
        "file='{id.__class__}', a template reaching into a value",
        load({"a.txt": "A."}, "id,date\na,2001\n", file="{id.__class__}"),
        ck.ArgumentError,
        ["{id.__class__}", "column name"],
    ),
    C(
        "file-template-empty-field",
        "metadata",
        "file='{sub}/{id}.txt' with an empty sub",
        load({"a.txt": "A."}, "id,sub,date\na,,2001\n", file="{sub}/{id}.txt", check_unlisted=False),
        ck.MetadataError,
        ["line 2", "'sub'", "empty"],
    ),
    C(
        "file-function-raises",
        "metadata",
        "file= a function that raises KeyError on a row",
        load({"a.txt": "A."}, "id,date\na,2001\n", file=lambda row: row["missing"], check_unlisted=False),
        ck.MetadataError,
        ["line 2", "KeyError", "'missing'"],
    ),
    C(
        "file-function-returns-number",
        "metadata",
        "file= a function that returns 3",
        load({"a.txt": "A."}, "id,date\na,2001\n", file=lambda row: 3, check_unlisted=False),
        ck.MetadataError,
        ["line 2", "returned 3"],
    ),
    C(
        "file-names-without-extension",
        "files",
        "eight rows naming files without their .txt",
        load({f"d{i}.txt": "D." for i in range(8)}, HEADER + "".join(f"d{i},d{i},2001\n" for i in range(8))),
        ck.CorpusValidationError,
        ["8 x MissingFileError", "8 x UnlistedFileError", "did you mean file='{file}.txt'?", ".errors"],
    ),
    C(
        "no-file-column-default",
        "files",
        "a table without a file column, files named <id>.txt",
        load({"a.txt": "A.", "b.txt": "B."}, "id,date\na,2001\nb,2002\n"),
        check=lambda c: c.documents["file"].tolist() == ["a.txt", "b.txt"],
    ),
    C(
        "integer-column",
        "metadata",
        "a column of years, another of codes with leading zeros",
        load({"a.txt": "A.", "b.txt": "B."}, HEADER[:-1] + ",year,code\na,a.txt,2001,2001,010\nb,b.txt,2002,2002,7\n"),
        check=lambda c: c.documents["year"].tolist() == [2001, 2002] and c.documents["code"].tolist() == ["010", "7"],
    ),
    C(
        "dtype-bad-value",
        "metadata",
        "dtypes={'year': int} and a year 'MMI'",
        load({"a.txt": "A."}, HEADER[:-1] + ",year\na,a.txt,2001,MMI\n", dtypes={"year": int}),
        ck.MetadataError,
        ["line 2", "'year'", "'MMI'", "integer"],
    ),
    C(
        "dtype-unknown-type",
        "arguments",
        "dtypes={'year': list}",
        load({"a.txt": "A."}, HEADER[:-1] + ",year\na,a.txt,2001,2001\n", dtypes={"year": list}),
        ck.ArgumentError,
        ["dtypes['year']", "int, float, str or bool"],
    ),
    C(
        "dtype-of-the-date",
        "arguments",
        "dtypes={'date': int}",
        load({"a.txt": "A."}, HEADER + "a,a.txt,2001\n", dtypes={"date": int}),
        ck.ArgumentError,
        ["'date'", "corpuskit itself"],
    ),
    C(
        "rules-group-without-where",
        "rules",
        "groups: [{spans: [...]}] without where",
        lambda t: ck.load_rules({"groups": [{"spans": []}]}),
        ck.RulesError,
        ["groups[0]", "'where'"],
    ),
    C(
        "rules-group-unknown-column",
        "rules",
        "a group selected by a column the documents lack",
        lambda t: small().clean({"groups": [{"where": {"party": "X"}, "spans": []}]}),
        ck.RulesError,
        ["groups[0]", "'party'"],
    ),
    C(
        "rules-basic-normalize-not-bool",
        "rules",
        "basic_normalize: 'no' (a string)",
        lambda t: ck.load_rules({"basic_normalize": "no"}),
        ck.RulesError,
        ["basic_normalize", "'no'"],
    ),
    C(
        "rules-top-level-spans",
        "rules",
        "one span rule for every document",
        lambda t: small().clean({"spans": [{"name": "s", "pattern": r"\bPutin\b ?", "label": "boilerplate"}]}),
        check=lambda c: (
            "Putin" not in "".join(c.documents["text"]) and c.rules.set_index("rule").loc["s", "n_matches"] == 2
        ),
    ),
    C(
        "periods-overlap",
        "tables",
        "periods 1960-1970 and 1970-1980",
        lambda t: ck.read_periods([{"first": 1960, "last": 1970}, {"first": 1970, "last": 1980}]),
        ck.ArgumentError,
        ["'1960\u20131970'", "'1970\u20131980'", "overlap"],
    ),
    C(
        "periods-year-not-integer",
        "tables",
        "a period whose first year is '1960'",
        lambda t: ck.read_periods([{"first": "1960", "last": 1970}]),
        ck.ArgumentError,
        ["periods[0].first", "'1960'"],
    ),
    # -- issue 26: hints that work as written, arguments of the summaries, files the folder check skipped ---------
    C(
        "file-names-without-extension-hint-applied",
        "files",
        "the eight rows naming files without their .txt, loaded as its hint says, with file='{file}.txt'",
        load(
            {f"d{i}.txt": "D." for i in range(8)},
            HEADER + "".join(f"d{i},d{i},2001\n" for i in range(8)),
            file="{file}.txt",
        ),
        check=lambda c: c.documents["file"].tolist() == [f"d{i}.txt" for i in range(8)],
    ),
    C(
        "file-column-and-template-without-it",
        "metadata",
        "a column named file and file='{id}.txt', a template that does not use it",
        load({"a.txt": "A."}, HEADER + "a,a,2001\n", file="{id}.txt"),
        ck.MetadataError,
        ["reserved", "'file'", "file='{id}.txt' names the files", "file='{file}.txt'"],
    ),
    C(
        "sentiment-cluster-not-a-column",
        "tables",
        "sentiment_by_period(scored, cluster='doc'), a column the table lacks",
        lambda t: ck.sentiment_by_period(scored(), cluster="doc"),
        ck.ArgumentError,
        ["sentiment_by_period", "cluster='doc'", "not a column", "'doc_id'", "cluster=None"],
    ),
    C(
        "sentiment-cluster-number",
        "tables",
        "sentiment_by_period(scored, cluster=3)",
        lambda t: ck.sentiment_by_period(scored(), cluster=3),
        ck.ArgumentError,
        ["sentiment_by_period", "cluster=3", "column name", "int"],
    ),
    C(
        "summarise-cluster-not-a-column",
        "tables",
        "summarise_sentiment(scored, 'party', cluster='doc')",
        lambda t: ck.summarise_sentiment(scored(), "party", cluster="doc"),
        ck.ArgumentError,
        ["summarise_sentiment", "cluster='doc'", "not a column", "'doc_id'"],
    ),
    C(
        "sentiment-n-boot-zero",
        "tables",
        "sentiment_by_period(scored, n_boot=0)",
        lambda t: ck.sentiment_by_period(scored(), n_boot=0),
        ck.ArgumentError,
        ["n_boot=0", ">= 40", "percentile interval"],
    ),
    C(
        "sentiment-n-boot-text",
        "tables",
        "summarise_sentiment(scored, 'party', n_boot='2000')",
        lambda t: ck.summarise_sentiment(scored(), "party", n_boot="2000"),
        ck.ArgumentError,
        ["n_boot='2000'", "integer", "str"],
    ),
    C(
        "sentiment-min-n-negative",
        "tables",
        "sentiment_by_period(scored, min_n=-1)",
        lambda t: ck.sentiment_by_period(scored(), min_n=-1),
        ck.ArgumentError,
        ["min_n=-1", "non-negative integer"],
    ),
    C(
        "bootstrap-level-out-of-range",
        "tables",
        "bootstrap_mean([0.1, 0.2], level=95)",
        lambda t: ck.bootstrap_mean([0.1, 0.2], level=95),
        ck.ArgumentError,
        ["level=95", "between 0 and 1", "0.95"],
    ),
    C(
        "unlisted-broken-link",
        "files",
        "an unlisted b.txt that is a broken symbolic link",
        lambda t: ck.load_corpus(_broken_link(t)),
        ck.UnlistedFileError,
        ["'b.txt'", "no row in metadata.csv", "symbolic link to 'gone.txt'", "broken link"],
    ),
    C(
        "unlisted-broken-link-stream",
        "files",
        "the same folder read with open_corpus",
        lambda t: ck.open_corpus(_broken_link(t)),
        ck.UnlistedFileError,
        ["'b.txt'", "no row in metadata.csv", "broken link"],
    ),
    C(
        "no-table-broken-link",
        "files",
        "a folder without a table (metadata=None) holding a broken symbolic link b.txt",
        lambda t: ck.load_corpus(_broken_link(t, None), None),
        ck.MissingFileError,
        ["'b.txt'", "link is broken"],
    ),
    C(
        "unlisted-other-case",
        "files",
        "an unlisted b.TXT beside the listed a.txt (pattern='*.txt' is case-sensitive)",
        _caught(load({"a.txt": "A.", "b.TXT": "B."}, HEADER + "a,a.txt,2001\n"), ck.PatternCaseWarning),
        check=lambda r: r[0].doc_ids == ["a"] and len(r[1]) == 1 and "'b.TXT'" in r[1][0] and "'*.txt'" in r[1][0],
    ),
    C(
        "listed-other-case",
        "files",
        "b.TXT listed in the table (pattern='*.txt')",
        _caught(load({"a.txt": "A.", "b.TXT": "B."}, HEADER + "a,a.txt,2001\nb,b.TXT,2001\n"), ck.PatternCaseWarning),
        check=lambda r: r[0].doc_ids == ["a", "b"] and r[1] == [],
    ),
    C(
        "no-table-other-case",
        "files",
        "a folder without a table (metadata=None) holding a.txt and b.TXT",
        _caught(lambda t: ck.load_corpus(make(t, {"a.txt": "A.", "b.TXT": "B."}), None), ck.PatternCaseWarning),
        check=lambda r: (
            r[0].doc_ids == ["a.txt"] and len(r[1]) == 1 and "'b.TXT'" in r[1][0] and "'*.[tT][xX][tT]'" in r[1][0]
        ),
    ),
    C(
        "no-table-only-other-case",
        "files",
        "a folder without a table holding only A.TXT",
        lambda t: ck.load_corpus(make(t, {"A.TXT": "A."}), None),
        ck.CorpusError,
        ["no file matching pattern='*.txt'", "'A.TXT'", "case", "pattern='*.[tT][xX][tT]'"],
    ),
    C(
        "pattern-names-no-file",
        "arguments",
        "pattern='.' (the folder itself)",
        load({"a.txt": "A."}, HEADER + "a,a.txt,2001\n", pattern="."),
        ck.ArgumentError,
        ["pattern='.'", "names no file"],
    ),
    # -- a hostile-input test of the loader ------------------------------------------------------
    C(
        "integer-column-beyond-64-bits",
        "metadata",
        "a column of integers, one of them 9223372036854775808 (beyond 64 bits: a 19-digit code)",
        load(
            {"a.txt": "A.", "b.txt": "B."},
            HEADER[:-1] + ",n\na,a.txt,2001,1\nb,b.txt,2002,9223372036854775808\n",
        ),
        # text, every digit kept: a float would lose digits and no pandas integer column holds it
        check=lambda c: c.documents["n"].tolist() == ["1", "9223372036854775808"],
    ),
    C(
        "dtype-int-beyond-64-bits",
        "metadata",
        "dtypes={'n': int} and a value -9223372036854775809 (below 64 bits)",
        load(
            {"a.txt": "A.", "b.txt": "B."},
            HEADER[:-1] + ",n\na,a.txt,2001,1\nb,b.txt,2002,-9223372036854775809\n",
            dtypes={"n": int},
        ),
        ck.MetadataError,
        ["line 3", "'n'", "'-9223372036854775809'", "64 bits", "str"],
    ),
    C(
        "file-template-format-spec",
        "arguments",
        "file='{id:>3000000000}.txt', a template padding each name to 3 GB",
        load({"a.txt": "A."}, "id,date\na,2001\n", file="{id:>3000000000}.txt"),
        ck.ArgumentError,
        ["file='{id:>3000000000}.txt'", "{id}", "format spec"],
    ),
    C(
        "file-template-conversion",
        "arguments",
        "file='{id!r}.txt', a template converting a value",
        load({"a.txt": "A."}, "id,date\na,2001\n", file="{id!r}.txt"),
        ck.ArgumentError,
        ["file='{id!r}.txt'", "{id!r}", "conversion"],
    ),
    C(
        "unlisted-fifo",
        "files",
        "an unlisted FIFO b.txt (a named pipe no process writes to) beside the listed a.txt",
        lambda t: ck.load_corpus(_fifo(t)),
        ck.UnlistedFileError,
        ["'b.txt'", "no row in metadata.csv", "a pipe, not a regular file"],
    ),
    C(
        "no-table-fifo",
        "files",
        "metadata=None and a FIFO b.txt among the files",
        lambda t: ck.load_corpus(_fifo(t, None), None),
        ck.MissingFileError,
        ["'b.txt'", "not a regular file"],
    ),
    C(
        "file-only-nul-bytes",
        "files",
        "a text file of 4,096 NUL bytes only (space set aside, never written)",
        load({"a.txt": b"\0" * 4096}, HEADER + "a,a.txt,2001\n"),
        ck.EncodingError,
        ["'a.txt'", "only NUL bytes (4,096)", "empty or corrupt"],
    ),
]


@pytest.mark.parametrize("case", CATALOGUE, ids=[c.id for c in CATALOGUE])
def test_catalogue(case: Case, tmp_path: Path):
    if case.error is None:
        result = case.run(tmp_path)
        assert case.check is not None and case.check(result), f"{case.id}: unexpected result {result!r}"[:2000]
        return
    with pytest.raises(ck.CorpusError) as info:
        case.run(tmp_path)
    err = info.value
    assert isinstance(err, case.error), f"{case.id}: {type(err).__name__} is not a {case.error.__name__}: {err}"
    assert isinstance(err, ValueError)  # CorpusError is a ValueError
    message = str(err)
    missing = [n for n in case.names if n not in message]
    assert missing == [], f"{case.id}: the message lacks {missing}: {message}"


def test_catalogue_is_large_and_unique():
    assert len(CATALOGUE) >= 100
    assert len({c.id for c in CATALOGUE}) == len(CATALOGUE)
    assert all(c.names for c in CATALOGUE if c.error is not None)


def _outcome(case: Case) -> str:
    if case.error is None:
        return "correct result"
    return f"`{case.error.__name__}` naming " + ", ".join(f"`{n}`" for n in case.names)


# The code in an input's description: a call (strings and one level of nested brackets inside), a keyword argument, or
# a quoted string. Shown as code, so that Markdown reads none of it as emphasis (``{id.__class__}``)
# and Sphinx's smart quotes do not curl its quotation marks.
_CODE = re.compile(
    r"[A-Za-z_][\w.]*\((?:'[^']*'|\"[^\"]*\"|[^()'\"]|\([^()]*\))*\)"
    r"|\b[A-Za-z_]\w*=(?:'[^']*'|\"[^\"]*\"|\[[^\]]*\]|\{[^}]*\}|[^\s,;)]+)"
    r"|'[^'\s][^']*'|\"[^\"\s][^\"]*\""
)
_MARKDOWN = re.compile(r"([\\`*_\[\]<>])")


def _code_span(code: str) -> str:
    fence = "``" if "`" in code else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{code}{pad}{fence}"


def _markdown_input(text: str) -> str:
    """An input's description as Markdown: its code as code spans, the rest with Markdown's characters escaped."""
    out, at = [], 0
    for m in _CODE.finditer(text):
        out.append(_MARKDOWN.sub(r"\\\1", text[at : m.start()]))
        out.append(_code_span(m.group()))
        at = m.end()
    out.append(_MARKDOWN.sub(r"\\\1", text[at:]))
    return "".join(out).replace("|", "\\|")


def render_page() -> str:
    lines = [
        "# Bad and unusual inputs",
        "",
        "corpuskit is tested against the inputs below, as a careless or hostile user could give them. Each",
        "row is one test in `tests/test_catalogue.py`: the input must end either in a correct result or in",
        "an error of the class named, whose message contains every item listed (the file, line, field or",
        "argument, and the value). Every error class is a subclass of `CorpusError`, itself a `ValueError`.",
        "No input may hang, read outside the corpus folder, or lose or duplicate text. This page is",
        "generated from the tests (`python tests/test_catalogue.py`).",
        "",
    ]
    # one table per area (in the order the areas first appear), numbered through the whole catalogue
    numbered = list(enumerate(CATALOGUE, 1))
    areas = list(dict.fromkeys(case.area for case in CATALOGUE))
    lines.append(f"{len(CATALOGUE)} inputs in {len(areas)} areas: " + ", ".join(areas) + ".")
    for area in areas:
        rows = [(i, case) for i, case in numbered if case.area == area]
        lines += ["", f"## {area} ({len(rows)})", "", "| # | input | outcome |", "| --- | --- | --- |"]
        for i, case in rows:
            text = _markdown_input(case.input)
            outcome = _outcome(case).replace("|", "\\|")
            lines.append(f"| {i} | {text} | {outcome} |")
    return "\n".join(lines) + "\n"


def test_docs_page_lists_the_catalogue():
    assert PAGE.read_text("utf-8") == render_page(), "run: python tests/test_catalogue.py"


if __name__ == "__main__":
    PAGE.write_text(render_page(), encoding="utf-8")
    print(f"wrote {PAGE} ({len(CATALOGUE)} inputs)")
