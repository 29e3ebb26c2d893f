"""Loading and validation: every problem names the file, the line and the field."""

import codecs
import hashlib
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest
from conftest import SEEDS, write_corpus
from pandas.testing import assert_frame_equal

import corpuskit as ck

HEADER = "id,file,date\n"


def test_seeds_load_with_metadata_dates_and_precision(raw_corpus):
    docs = raw_corpus.documents
    assert docs["doc_id"].tolist() == ["kuchins2016", "kuzio2001", "stent2021", "golts2011", "mankoff2013"]
    assert docs["date"].tolist() == [
        pd.Timestamp("2016-09-23"),
        pd.Timestamp("2001-11-12"),
        pd.Timestamp("2021-09-01"),
        pd.Timestamp("2011-09-01"),
        pd.Timestamp("2013-06-06 07:35"),
    ]
    assert docs["date_precision"].tolist() == ["day", "day", "month", "month", "minute"]
    # metadata columns are kept as they are; missing values stay missing
    assert docs.loc[docs.doc_id == "stent2021", "author"].isna().all()
    assert docs.loc[docs.doc_id == "kuzio2001", "outlet"].item() == "EurasiaNet"
    assert {"title", "genre", "text_quality", "sha256", "notes", "file", "text", "n_chars"} <= set(docs.columns)


def test_seed_texts_are_the_files_byte_for_byte(raw_corpus):
    for fname, text in raw_corpus.sources.items():
        assert text.encode("utf-8") == (SEEDS / fname).read_bytes()
    assert raw_corpus.documents["n_chars"].tolist() == [len(t) for t in raw_corpus.documents["text"]]


def test_recorded_checksums_match_the_seed_files():
    meta = pd.read_csv(SEEDS / "metadata.csv", dtype=str)
    for fname, digest in zip(meta["file"], meta["sha256"]):
        assert hashlib.sha256((SEEDS / fname).read_bytes()).hexdigest() == digest


def test_yaml_metadata_with_other_column_names(tmp_path):
    folder = write_corpus(
        tmp_path / "c",
        {"a.txt": "Alpha text.", "b.txt": "Beta text."},
        "- {key: A, path: a.txt, published: 2001-11-12, outlet: X}\n"
        "- {key: B, path: b.txt, published: '2011-09', outlet: Y}\n",
        name="meta.yml",
    )
    corpus = ck.load_corpus(folder, "meta.yml", id_col="key", file_col="path", date_col="published")
    assert corpus.documents["doc_id"].tolist() == ["A", "B"]
    assert corpus.documents["date_precision"].tolist() == ["day", "month"]
    assert corpus.documents["outlet"].tolist() == ["X", "Y"]


def test_corpus_from_dataframe():
    frame = pd.DataFrame(
        {"doc_id": ["x", "y"], "text": ["One. Two.", "Three."], "date": ["2020", "2020-05-01"], "src": ["a", "b"]}
    )
    corpus = ck.corpus_from_frame(frame)
    assert corpus.documents["date_precision"].tolist() == ["year", "day"]
    assert corpus.documents["src"].tolist() == ["a", "b"]
    assert corpus.sentences()["text"].tolist() == ["One.", "Two.", "Three."]


# --- errors ----------------------------------------------------------------------------------
def _load_error(folder, **kwargs):
    with pytest.raises(ck.CorpusError) as err:
        ck.load_corpus(folder, **kwargs)
    return err.value


def test_missing_file_names_the_metadata_line_and_file(tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": "Text."}, HEADER + "a,a.txt,2001\nb,b.txt,2002\n")
    err = _load_error(folder)
    assert isinstance(err, ck.MissingFileError)
    assert "metadata.csv: line 3 (id 'b'): file 'b.txt' not found" in str(err)


def test_file_without_metadata_row_is_reported(tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": "Text.", "stray.txt": "More."}, HEADER + "a,a.txt,2001\n")
    err = _load_error(folder)
    assert isinstance(err, ck.UnlistedFileError)
    assert "file 'stray.txt'" in str(err) and "has no row in metadata.csv" in str(err)


def test_metadata_row_without_file_is_reported(tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": "Text."}, HEADER + "a,a.txt,2001\nb,,2002\n")
    err = _load_error(folder)
    assert isinstance(err, ck.MetadataError)
    assert "line 3 (id 'b'): field 'file' is empty" in str(err)


def test_non_utf8_file_reports_byte_offset(tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": b"Caf\xe9 society.\nNext"}, HEADER + "a,a.txt,2001\n")
    err = _load_error(folder)
    assert isinstance(err, ck.EncodingError)
    assert "file 'a.txt' is not valid UTF-8: byte 0xe9 at byte offset 3 (line 1)" in str(err)


def test_byte_order_mark_is_dropped_and_offsets_count_from_after_it(tmp_path):
    data = "\ufeffCaf\u00e9 one. Two.".encode("utf-8")
    sha = hashlib.sha256(data).hexdigest()  # the checksum is that of every byte of the file, mark included
    folder = write_corpus(tmp_path / "c", {"a.txt": data}, f"id,file,date,sha256\na,a.txt,2001,{sha}\n")
    corpus = ck.load_corpus(folder)
    assert corpus.text("a") == "Caf\u00e9 one. Two." and corpus.sources["a.txt"] == "Caf\u00e9 one. Two."
    clean = corpus.clean()
    sents = clean.sentences()
    assert sents[["source_start", "source_end"]].values.tolist() == [[0, 9], [10, 14]]
    spans = clean.spans
    assert "".join(spans["text"]) == corpus.text("a") and spans["start"].min() == 0
    kw = ck.kwic(clean, "two")
    assert kw[["source_start", "source_end"]].values.tolist() == [[10, 13]]


def test_byte_order_mark_of_utf16_file_with_encoding(tmp_path):
    data = "Zwei Sätze. Noch einer.".encode("utf-16")  # starts with FF FE
    folder = write_corpus(tmp_path / "c", {"a.txt": data}, HEADER + "a,a.txt,2001\n")
    err = _load_error(folder)
    assert isinstance(err, ck.EncodingError) and "UTF-16 byte-order mark: pass encoding='utf-16'" in str(err)
    corpus = ck.load_corpus(folder, encoding="utf-16")
    assert corpus.text("a") == "Zwei Sätze. Noch einer."
    assert corpus.clean().sentences()["source_start"].tolist() == [0, 12]


def test_legacy_encodings_with_encoding_option(tmp_path):
    text = "Съешь же ещё этих мягких французских булок.\nДа.\n"
    folder = write_corpus(tmp_path / "c", {"a.txt": text.encode("koi8-r")}, HEADER + "a,a.txt,2001\n")
    err = _load_error(folder)
    assert isinstance(err, ck.EncodingError)
    assert "file 'a.txt' is not valid UTF-8: byte 0xf3 at byte offset 0 (line 1)" in str(err)
    assert "pass encoding=" in str(err) and "koi8-r" in str(err)
    corpus = ck.load_corpus(folder, encoding="koi8-r")
    assert corpus.text("a") == text and corpus.documents["n_chars"].tolist() == [len(text)]
    assert ck.term_frequency(corpus, by=None).set_index("term").loc["ещё", "n"] == 1
    # a byte that KOI8-R leaves undefined does not exist; a byte cp1252 leaves undefined does
    bad = write_corpus(tmp_path / "d", {"a.txt": b"ok\nnot \x81 here"}, HEADER + "a,a.txt,2001\n")
    err = _load_error(bad, encoding="cp1252")
    assert isinstance(err, ck.EncodingError)
    assert "file 'a.txt' is not valid cp1252: byte 0x81 at byte offset 7 (line 2)" in str(err)


def test_nul_byte_is_an_error_naming_offset_and_line(tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": b"One.\nTwo\x00three."}, HEADER + "a,a.txt,2001\n")
    err = _load_error(folder)
    assert isinstance(err, ck.EncodingError)
    assert "metadata.csv: line 2 (id 'a'): file 'a.txt' contains a NUL character at byte offset 8 (line 2)" in str(err)
    assert "UTF-16" not in str(err)
    utf16 = write_corpus(tmp_path / "d", {"a.txt": "Plain ASCII text.".encode("utf-16-be")}, HEADER + "a,a.txt,2001\n")
    err = _load_error(utf16)
    assert "byte offset 0 (line 1)" in str(err) and "probably UTF-16" in str(err)
    assert ck.load_corpus(utf16, encoding="utf-16-be").text("a") == "Plain ASCII text."


def test_semicolon_metadata_needs_delimiter(tmp_path):
    meta = '\ufeff"id";"file";"date";"title"\r\n"a";"a.txt";"1667";"Paradise Lost; Book I"\r\n'
    folder = write_corpus(tmp_path / "c", {"a.txt": "Of Mans First Disobedience."}, meta)
    err = _load_error(folder)
    assert isinstance(err, ck.MetadataError) and "pass delimiter=';'" in str(err)
    corpus = ck.load_corpus(folder, delimiter=";")
    assert corpus.documents["title"].tolist() == ["Paradise Lost; Book I"]
    assert ck.read_metadata(folder / "metadata.csv", delimiter=";")["date"].tolist() == ["1667"]


def test_nfc_and_nfd_forms_warn(tmp_path):
    files = {"a.txt": "caf\u00e9 society.", "b.txt": "cafe\u0301 society."}
    folder = write_corpus(tmp_path / "c", files, HEADER + "a,a.txt,2001\nb,b.txt,2002\n")
    with pytest.warns(ck.UnicodeFormWarning, match=r"1 of 2 texts are not in Unicode NFC form \(e\.g\. file 'b\.txt'"):
        corpus = ck.load_corpus(folder)
    assert len(ck.term_frequency(corpus, by=None)) == 3  # café twice, as two terms: what the warning is about
    # the warning names what NFC changes: here a base and its accent, which NFC composes
    with pytest.warns(ck.UnicodeFormWarning, match=r"'b\.txt': 'U\+0065 LATIN SMALL LETTER E \+ U\+0301 COMBINING"):
        ck.load_corpus(folder)
    # a letter NFC never keeps (a composition exclusion: Devanagari QA is written KA + NUKTA), not an accent
    frame = pd.DataFrame(
        {"doc_id": ["a"], "date": ["2001"], "text": ["\u0958\u093e\u0928\u0942\u0928 \u0939\u0948\u0964"]}
    )
    with pytest.warns(ck.UnicodeFormWarning, match=r"'U\+0958 DEVANAGARI LETTER QA', which NFC writes as 'U\+0915"):
        ck.corpus_from_frame(frame)
    nfc = write_corpus(tmp_path / "d", {"a.txt": "caf\u00e9."}, HEADER + "a,a.txt,2001\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ck.load_corpus(nfc)


def test_checksum_mismatch_is_reported(seed_copy):
    path = seed_copy / "003_d75f1f55d4eada39.txt"
    path.write_bytes(path.read_bytes().replace(b"Lost Chance", b"Lost Chanse"))
    err = _load_error(seed_copy)
    assert isinstance(err, ck.ChecksumError)
    expected = r"metadata\.csv: line 5 \(id 'golts2011'\): file '003_d75f1f55d4eada39\.txt' has sha256 [0-9a-f]{64}"
    assert re.search(expected, str(err))


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("Sept 2011", "'Sept 2011' is not a date"),
        ("2011-02-30", "'2011-02-30' is impossible: February 2011 has 28 days"),
    ],
)
def test_bad_dates_name_line_and_field(tmp_path, date, message):
    folder = write_corpus(tmp_path / "c", {"a.txt": "Text."}, HEADER + f"a,a.txt,{date}\n")
    err = _load_error(folder)
    assert isinstance(err, ck.DateError)
    assert "metadata.csv: line 2 (id 'a'), field 'date': " + message in str(err)


def test_duplicate_id_names_both_lines(tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": "A.", "b.txt": "B."}, HEADER + "a,a.txt,2001\na,b.txt,2002\n")
    err = _load_error(folder, check_unlisted=False)
    assert isinstance(err, ck.DuplicateIdError)
    assert "line 3 (id 'a'): duplicate id, already used on line 2" in str(err)


def test_empty_text_is_reported(tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": " \n\n "}, HEADER + "a,a.txt,2001\n")
    err = _load_error(folder)
    assert isinstance(err, ck.EmptyTextError) and "'a.txt' is empty or whitespace only" in str(err)


def test_missing_required_column_lists_the_columns(tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": "A."}, "id,path,date\na,a.txt,2001\n")
    err = _load_error(folder, file_col="name")
    assert isinstance(err, ck.MetadataError)
    assert "required column(s) ['name'] not found; the columns are ['id', 'path', 'date']" in str(err)


def test_ragged_csv_row_names_its_line(tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": "A."}, HEADER + "a,a.txt,2001,extra\n")
    err = _load_error(folder)
    assert isinstance(err, ck.MetadataError) and "line 2: 4 fields, but the header has 3" in str(err)


def test_multiline_csv_fields_keep_true_line_numbers(tmp_path):
    meta = 'id,file,date,notes\na,a.txt,2001,"two\nlines"\nb,b.txt,20x1,\n'
    folder = write_corpus(tmp_path / "c", {"a.txt": "A.", "b.txt": "B."}, meta)
    err = _load_error(folder)
    assert "line 4 (id 'b'), field 'date'" in str(err)


def test_yaml_errors_name_the_line(tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": "A."}, "- {id: a, file: a.txt, date: 2001}\n- {id: b\n", "m.yml")
    err = _load_error(folder, metadata="m.yml")
    assert isinstance(err, ck.MetadataError) and "m.yml: line" in str(err)


def test_yaml_record_lines_are_reported(tmp_path):
    meta = "- id: a\n  file: a.txt\n  date: 2001\n- id: b\n  file: b.txt\n  date: 2001-02-30\n"
    folder = write_corpus(tmp_path / "c", {"a.txt": "A.", "b.txt": "B."}, meta, "m.yml")
    err = _load_error(folder, metadata="m.yml")
    assert "m.yml: line 4 (id 'b'), field 'date'" in str(err)


def test_all_problems_are_reported_together(tmp_path):
    folder = write_corpus(
        tmp_path / "c",
        {"a.txt": b"\xff", "c.txt": "C."},
        HEADER + "a,a.txt,2001\nb,b.txt,2002\nc,c.txt,2002-02-31\n",
    )
    err = _load_error(folder)
    assert isinstance(err, ck.CorpusValidationError)
    assert [type(e) for e in err.errors] == [ck.EncodingError, ck.MissingFileError, ck.DateError]
    assert str(err).startswith("3 problems found in the corpus:")


def test_missing_folder_and_metadata_are_clear(tmp_path):
    with pytest.raises(ck.CorpusError, match="does not exist or is not a folder"):
        ck.load_corpus(tmp_path / "nope")
    (tmp_path / "x.txt").write_text("x", encoding="utf-8")
    for read in (ck.load_corpus, ck.open_corpus, lambda f: ck.load_corpus(f, None), lambda f: ck.open_corpus(f, None)):
        with pytest.raises(ck.CorpusError, match=r"corpus folder '.*x\.txt' is a file, not a folder$"):
            read(tmp_path / "x.txt")
    (tmp_path / "c").mkdir()
    with pytest.raises(ck.MetadataError, match=r"metadata file .* does not exist"):
        ck.load_corpus(tmp_path / "c")
    (tmp_path / "c" / "m.xlsx").write_bytes(b"PK\x03\x04")
    with pytest.raises(ck.MetadataError, match=r"unknown format '\.xlsx' \(expected \.csv, \.tsv, .*'CSV UTF-8'"):
        ck.load_corpus(tmp_path / "c", "m.xlsx")


def test_dataframe_errors_name_the_row():
    frame = pd.DataFrame(
        {"doc_id": ["x", "x", "z"], "text": ["A.", "B.", ""], "date": ["2020", "2021", "2022"]}, index=[10, 11, 12]
    )
    with pytest.raises(ck.CorpusValidationError) as err:
        ck.corpus_from_frame(frame)
    msgs = [str(e) for e in err.value.errors]
    assert msgs[0] == "DataFrame row 11 (id 'x'): duplicate id, already used by row 10"
    assert msgs[1].startswith("DataFrame row 12 (id 'z'): column 'text' is empty")
    with pytest.raises(ck.MetadataError, match=r"required column\(s\) \['date'\]"):
        ck.corpus_from_frame(frame.drop(columns="date"))


def test_seeds_folder_is_never_written(raw_corpus):
    # Loading and cleaning read the seeds; they must stay byte-identical to the recorded checksums.
    raw_corpus.clean(Path(SEEDS / "cleaning.yml"))
    meta = pd.read_csv(SEEDS / "metadata.csv", dtype=str)
    for fname, digest in zip(meta["file"], meta["sha256"]):
        assert hashlib.sha256((SEEDS / fname).read_bytes()).hexdigest() == digest


def test_a_relative_metadata_path_is_looked_up_in_the_folder_first(tmp_path, monkeypatch):
    write_corpus(tmp_path / "corpus", {"a.txt": "Text."}, "id,file,date\na,a.txt,2001\n")
    # a different metadata.csv in the working directory must not shadow the folder's own
    (tmp_path / "metadata.csv").write_text("id,file,date\nzzz,zzz.txt,1999\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    corpus = ck.load_corpus("corpus", "metadata.csv")
    assert corpus.documents["doc_id"].tolist() == ["a"]


# --- any reasonable table, as it is (issue 13) ------------------------------------------------
# Shaped like the State of the Union package: an id column, no file names, texts in a subfolder.
SPEECHES = [
    ("1945-Truman", 1945, "Democratic", "We face the peace. The war is won."),
    ("1946-Truman", 1946, "Democratic", "Reconversion of the economy. Peace and jobs."),
    ("1953-Eisenhower", 1953, "Republican", "A new administration. Peace through strength."),
    ("1954-Eisenhower", 1954, "Republican", "The economy is strong. Taxes fall."),
    ("1961-Kennedy", 1961, "Democratic", "The torch passes. Space and peace."),
    ("1962-Kennedy", 1962, "Democratic", "The state of the union is good."),
]


def sotu_like(tmp_path: Path, *, subfolder: str = "speeches", extra: str = "") -> Path:
    meta = (
        "fileid,year,date,party,word_count"
        + extra
        + "\n"
        + "".join(
            f"{fid},{year},{year}-01-0{i + 1},{party},{len(text.split())}\n"
            for i, (fid, year, party, text) in enumerate(SPEECHES)
        )
    )
    (tmp_path / "sotu" / subfolder).mkdir(parents=True)
    files = {f"{subfolder}/{fid}.txt" if subfolder else f"{fid}.txt": text for fid, _, _, text in SPEECHES}
    return write_corpus(tmp_path / "sotu", files, meta)


def test_a_file_template_names_each_file_from_the_row(tmp_path):
    folder = sotu_like(tmp_path)
    corpus = ck.load_corpus(folder, id_col="fileid", file="speeches/{fileid}.txt")
    assert corpus.documents["file"].tolist() == [f"speeches/{s[0]}.txt" for s in SPEECHES]
    assert corpus.text("1953-Eisenhower") == SPEECHES[2][3]


def test_a_file_function_names_each_file_from_the_row(tmp_path):
    folder = sotu_like(tmp_path)
    seen = []

    def name(row):
        seen.append(row["year"])
        return Path("speeches") / f"{row['fileid']}.txt"

    corpus = ck.load_corpus(folder, id_col="fileid", file=name)
    assert corpus.text("1962-Kennedy") == SPEECHES[5][3]
    assert seen == [s[1] for s in SPEECHES]  # the row's values arrive typed


def test_without_a_file_column_each_file_is_the_id_with_the_pattern_extension(tmp_path):
    folder = sotu_like(tmp_path, subfolder="")
    corpus = ck.load_corpus(folder, id_col="fileid")
    assert corpus.documents["file"].tolist() == [f"{s[0]}.txt" for s in SPEECHES]


def test_an_all_integer_column_becomes_integers_so_keyness_by_year_works(tmp_path):
    corpus = ck.load_corpus(sotu_like(tmp_path), id_col="fileid", file="speeches/{fileid}.txt")
    docs = corpus.documents
    assert docs["year"].dtype == "int64" and docs["word_count"].dtype == "int64"
    assert docs["year"].tolist() == [s[1] for s in SPEECHES]
    assert docs["party"].tolist() == [s[2] for s in SPEECHES]  # text stays text
    clean = corpus.clean()
    # the keyness docstring's example, on CSV metadata
    key = ck.keyness(clean, 1945, by="year")
    war = key.set_index("term").loc["war"]
    assert (war["n_target"], war["n_reference"]) == (1, 0)
    assert war["total_target"] == 8  # "We face the peace. The war is won."
    assert ck.term_frequency(clean, by="year")["year"].dtype == "int64"


def test_codes_with_leading_zeros_and_mixed_columns_stay_text(tmp_path):
    meta = "id,file,date,code,mixed,share\na,a.txt,2001,010,1,0.5\nb,b.txt,2002,7,x,2\n"
    folder = write_corpus(tmp_path / "c", {"a.txt": "A.", "b.txt": "B."}, meta)
    docs = ck.load_corpus(folder).documents
    assert docs["code"].tolist() == ["010", "7"]
    assert docs["mixed"].tolist() == ["1", "x"]
    assert docs["share"].dtype == "float64" and docs["share"].tolist() == [0.5, 2.0]
    plain = ck.load_corpus(folder, infer_types=False).documents
    assert plain["share"].tolist() == ["0.5", "2"]


def test_decimals_with_a_trailing_zero_stay_text_so_that_3_10_is_not_3_1(tmp_path):
    """Versions and amounts: the number would merge 3.10 with 3.1 (a Debian changelog's metadata)."""
    meta = "id,file,date,version,price,score\na,a.txt,2001,3.1,2.50,1.0\nb,b.txt,2002,3.10,1.25,1e3\n"
    folder = write_corpus(tmp_path / "c", {"a.txt": "A.", "b.txt": "B."}, meta)
    docs = ck.load_corpus(folder).documents
    assert docs["version"].tolist() == ["3.1", "3.10"] and docs["price"].tolist() == ["2.50", "1.25"]
    assert docs["score"].dtype == "float64" and docs["score"].tolist() == [1.0, 1000.0]  # 1.0 loses nothing
    declared = ck.load_corpus(folder, dtypes={"price": float, "version": float}).documents
    assert declared["price"].tolist() == [2.5, 1.25] and declared["version"].tolist() == [3.1, 3.1]


def test_declared_types_convert_and_report_bad_values_with_line_and_field(tmp_path):
    meta = "id,file,date,year,flag\na,a.txt,2001,2001,yes\nb,b.txt,2002,,no\n"
    folder = write_corpus(tmp_path / "c", {"a.txt": "A.", "b.txt": "B."}, meta)
    docs = ck.load_corpus(folder, dtypes={"year": "int", "flag": bool}).documents
    assert str(docs["year"].dtype) == "Int64" and docs["year"].iloc[0] == 2001 and pd.isna(docs["year"].iloc[1])
    assert docs["flag"].tolist() == [True, False]
    assert ck.load_corpus(folder, dtypes={"year": str}).documents["year"].iloc[0] == "2001"
    bad = write_corpus(tmp_path / "d", {"a.txt": "A."}, "id,file,date,year\na,a.txt,2001,MMI\n")
    err = _load_error(bad, dtypes={"year": int})
    assert isinstance(err, ck.MetadataError)
    assert "line 2 (id 'a'), field 'year': 'MMI' is not an integer" in str(err)
    with pytest.raises(ck.ArgumentError, match="'nope'"):
        ck.load_corpus(folder, dtypes={"nope": int})


def test_many_missing_files_are_summarised_in_one_line_with_the_likely_cause(tmp_path):
    meta = "id,file,date\n" + "".join(f"d{i},d{i},2001\n" for i in range(8))  # names without .txt
    folder = write_corpus(tmp_path / "c", {f"d{i}.txt": f"Text {i}." for i in range(8)}, meta)
    err = _load_error(folder)
    assert isinstance(err, ck.CorpusValidationError)
    assert len(err.errors) == 16  # 8 not found, 8 unlisted: all kept on the exception
    assert err.by_kind == {"MissingFileError": 8, "UnlistedFileError": 8}
    message = str(err)
    assert len(message.splitlines()) <= 6
    assert "8 x MissingFileError, e.g. metadata.csv: line 2 (id 'd0')" in message
    assert "the names have no extension ('.txt'); did you mean file='{file}.txt'?" in message


def test_the_hint_for_names_without_extension_works_when_applied_as_written(tmp_path):
    """The hint said file='{file}.txt', and that call was refused: 'file' is a reserved column."""
    meta = "id,file,date,party\n" + "".join(f"d{i},d{i},2001,p{i % 2}\n" for i in range(8))
    folder = write_corpus(tmp_path / "c", {f"d{i}.txt": f"Text {i}." for i in range(8)}, meta)
    hint = re.search(r"did you mean file=('[^']*')\?", str(_load_error(folder)))
    assert hint is not None
    corpus = ck.load_corpus(folder, file=eval(hint.group(1)))  # the suggested argument, as written
    assert corpus.documents["file"].tolist() == [f"d{i}.txt" for i in range(8)]  # the name found, not the cell
    # the name found takes the place of the column it was made from
    assert list(corpus.documents.columns) == ["doc_id", "date", "date_precision", "file", "party", "text", "n_chars"]
    assert corpus.text("d3") == "Text 3."
    stream = ck.open_corpus(folder, file="{file}.txt")
    pd.testing.assert_frame_equal(pd.concat([c.documents for c in stream.corpora()]), corpus.documents)
    # a template that does not use the column leaves it nowhere to go: refused, saying how to use it
    with pytest.raises(ck.MetadataError, match=re.escape("file='{file}.txt'")):
        ck.load_corpus(folder, file="{id}.txt")


def test_files_in_a_subfolder_get_the_template_that_finds_them(tmp_path):
    folder = sotu_like(tmp_path)
    err = _load_error(folder, id_col="fileid")
    assert "6 x MissingFileError" in str(err)
    assert "the files are in the subfolder 'speeches'; did you mean file='speeches/{fileid}.txt'?" in str(err)


def test_the_id_column_as_file_column_suggests_a_template(tmp_path):
    folder = sotu_like(tmp_path, subfolder="")
    with pytest.raises(ck.ArgumentError, match=re.escape("give a template: file='{fileid}.txt'")):
        ck.load_corpus(folder, id_col="fileid", file_col="fileid")


def test_a_template_naming_an_unknown_column_is_refused_before_reading_files(tmp_path):
    folder = sotu_like(tmp_path)
    with pytest.raises(ck.ArgumentError, match="names column 'id'"):
        ck.load_corpus(folder, id_col="fileid", file="speeches/{id}.txt")


def test_open_corpus_and_the_command_take_the_same_template_and_types(tmp_path):
    from click.testing import CliRunner

    from corpuskit.cli import cli

    folder = sotu_like(tmp_path)
    in_memory = ck.load_corpus(folder, id_col="fileid", file="speeches/{fileid}.txt")
    stream = ck.open_corpus(folder, id_col="fileid", file="speeches/{fileid}.txt", batch_mb=0.00005)
    assert stream.n_batches > 1
    got = pd.concat([c.documents for c in stream.corpora()], ignore_index=True)
    pd.testing.assert_frame_equal(got, in_memory.documents)
    result = CliRunner().invoke(
        cli,
        ["frequency", str(folder), "--id-col", "fileid", "--file", "speeches/{fileid}.txt", "--by", "year"],
    )
    assert result.exit_code == 0, result.output
    table = pd.read_csv(pd.io.common.StringIO(result.output))
    assert sorted(table["year"].unique()) == [s[1] for s in SPEECHES]
    bad = CliRunner().invoke(cli, ["frequency", str(folder), "--id-col", "fileid", "--dtype", "year:int"])
    assert bad.exit_code == 2 and "COLUMN=TYPE" in bad.output


def test_batches_are_cleaned_with_global_and_group_rules_without_a_warning_per_batch(tmp_path):
    import warnings

    folder = sotu_like(tmp_path)
    rules = {
        "spans": [{"name": "peace", "pattern": r" ?\bpeace\b\.?", "flags": "i", "label": "boilerplate"}],
        "groups": [
            {
                "where": {"party": "Republican"},
                "spans": [{"name": "taxes", "pattern": "Taxes fall.", "label": "boilerplate"}],
            }
        ],
    }
    expected = ck.load_corpus(folder, id_col="fileid", file="speeches/{fileid}.txt").clean(rules)
    stream = ck.open_corpus(folder, id_col="fileid", file="speeches/{fileid}.txt", rules=rules, batch_mb=0.00005)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "taxes" and "peace" find nothing in some batches
        got = pd.concat([c.documents for c in stream.corpora()], ignore_index=True)
    pd.testing.assert_frame_equal(got, expected.documents)
    assert "Taxes" not in expected.text("1954-Eisenhower") and "peace" not in expected.text("1961-Kennedy")


def test_a_plain_dataframe_is_a_metadata_table_whose_rows_are_named_by_their_index_label(tmp_path):
    """A DataFrame's rows were numbered from 1 as "metadata: line 1", where the same table as a CSV file says
    "line 2" (under its header) and corpus_from_frame "DataFrame row 0": they are named as corpus_from_frame
    names them, by their index label, in load_corpus and open_corpus alike."""
    (tmp_path / "a.txt").write_text("One text.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Two texts.", encoding="utf-8")
    meta = pd.DataFrame({"id": ["a", "b"], "date": [pd.Timestamp("2001-02-03"), "2002"], "year": [2001, 2002]})
    corpus = ck.load_corpus(tmp_path, meta)
    assert corpus.documents["doc_id"].tolist() == ["a", "b"]
    assert corpus.documents["date_precision"].tolist() == ["day", "year"]  # a midnight timestamp is a day
    assert corpus.documents["text"].tolist() == ["One text.", "Two texts."]
    bad = pd.DataFrame({"id": ["a", "b"], "date": ["2001", "2002-02-31"]}, index=[10, 20])
    said = r"^DataFrame row 20 \(id 'b'\), field 'date': '2002-02-31' is impossible"
    with pytest.raises(ck.DateError, match=said):
        ck.load_corpus(tmp_path, bad)
    with pytest.raises(ck.DateError, match=said):
        ck.open_corpus(tmp_path, bad)
    with pytest.raises(ck.DateError, match=r"^DataFrame row 20 \(id 'b'\), column 'date': '2002-02-31'"):
        ck.corpus_from_frame(bad.assign(text=["One.", "Two."]).rename(columns={"id": "doc_id"}))
    # duplicate ids, the other row named the same way; a file without a row, "in the DataFrame"
    (tmp_path / "c.txt").write_text("Three.", encoding="utf-8")
    twice = pd.DataFrame({"id": ["a", "a"], "file": ["a.txt", "b.txt"], "date": ["2001", "2002"]})
    with pytest.raises(ck.CorpusValidationError) as err:
        ck.load_corpus(tmp_path, twice)
    assert "DataFrame row 1 (id 'a'): duplicate id, already used on row 0" in str(err.value)
    assert "file 'c.txt' in " in str(err.value) and "has no row in the DataFrame" in str(err.value)
    # the same table read with read_metadata keeps the lines of its file
    (tmp_path / "metadata.csv").write_text("id,date\na,2001\nb,2002-02-31\nc,2003\n", encoding="utf-8")
    with pytest.raises(ck.DateError, match=r"^metadata\.csv: line 3 \(id 'b'\), field 'date'"):
        ck.load_corpus(tmp_path, ck.read_metadata(tmp_path / "metadata.csv"))
    # a folder without a table still numbers its files from 1
    folder = write_corpus(tmp_path / "none", {"a.txt": "A.", "b.txt": " "}, "")
    (folder / "metadata.csv").unlink()
    with pytest.raises(ck.EmptyTextError, match=r"^\(files matching \*\.txt\): line 2 \(id 'b\.txt'\)"):
        ck.load_corpus(folder, None)


def test_open_corpus_reads_files_in_the_given_encoding(tmp_path):
    files = {f"{i}.txt": f"Ligne {i}: café, déjà vu.\r\n".encode("cp1252") for i in range(5)}
    files["4.txt"] = codecs.BOM_UTF8 + b"x"  # a cp1252 reading keeps these bytes: they are text in cp1252
    meta = "id;file;date\n" + "".join(f"d{i};{i}.txt;200{i}\n" for i in range(5))
    folder = write_corpus(tmp_path / "c", files, meta)
    with pytest.raises(
        ck.CorpusValidationError, match=r"file '0\.txt' is not valid UTF-8: byte 0xe9 at byte offset 12"
    ):
        ck.open_corpus(folder, delimiter=";").validate()
    stream = ck.open_corpus(folder, delimiter=";", encoding="cp1252", batch_mb=0.00001)
    assert stream.n_batches == 5
    memory = ck.load_corpus(folder, delimiter=";", encoding="cp1252")
    assert memory.text("d4") == "ï»¿x" and memory.text("d0") == "Ligne 0: café, déjà vu.\r\n"
    assert_frame_equal(stream.term_frequency(), ck.term_frequency(memory))


def test_two_files_with_the_same_bytes_warn(tmp_path):
    files = {"a.txt": "Of Mans First Disobedience.", "b.txt": "Of Mans First Disobedience.", "c.txt": "Other."}
    folder = write_corpus(tmp_path / "c", files, HEADER + "a,a.txt,1667\nb,b.txt,1667\nc,c.txt,1671\n")
    with pytest.warns(
        ck.DuplicateTextWarning, match=r"1 file\(s\) have the same bytes .* \(e\.g\. 'b\.txt' and 'a\.txt'\)"
    ):
        corpus = ck.load_corpus(folder)
    assert corpus.doc_ids == ["a", "b", "c"]  # a warning, not an error: a corpus may hold a text twice on purpose
    shared = write_corpus(tmp_path / "d", {"a.txt": "Shared."}, HEADER + "a,a.txt,2001\nb,a.txt,2002\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # one file shared on purpose is not a copy
        assert ck.load_corpus(shared, allow_shared_files=True).doc_ids == ["a", "b"]


def test_unclosed_quote_in_csv_names_its_line(tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": "A."}, HEADER + 'a,a.txt,2001\nb,"b.txt,2002\n')
    err = _load_error(folder)
    assert isinstance(err, ck.MetadataError)
    assert (
        "line 3: cannot parse CSV (unexpected end of data: a field quoted with '\"' on line 3 is never closed)"
        in str(err)
    )


def test_encoding_col_gives_each_file_its_encoding(tmp_path):
    files = {
        "eo.txt": "Aĝo maljuna ne estas oportuna.".encode("iso-8859-3"),
        "de.txt": "Grüße aus Köln.".encode("cp1252"),
        "ru.txt": "Привет.".encode("koi8-r"),
        "en.txt": b"\xef\xbb\xbfPlain.",
    }
    meta = (
        "id,file,date,enc\neo,eo.txt,2002,iso-8859-3\nde,de.txt,1999,cp1252\nru,ru.txt,2001,koi8-r\nen,en.txt,2001,\n"
    )
    folder = write_corpus(tmp_path / "c", files, meta)
    corpus = ck.load_corpus(folder, encoding_col="enc")
    assert [corpus.text(d) for d in corpus.doc_ids] == [
        "Aĝo maljuna ne estas oportuna.",
        "Grüße aus Köln.",
        "Привет.",
        "Plain.",
    ]
    assert corpus.documents["enc"].tolist()[:3] == ["iso-8859-3", "cp1252", "koi8-r"]  # kept as metadata
    stream = ck.open_corpus(folder, encoding_col="enc", batch_mb=0.00001)
    assert_frame_equal(stream.term_frequency(), ck.term_frequency(corpus))
    bad = write_corpus(tmp_path / "d", files, meta.replace("koi8-r", "koi9"))
    err = _load_error(bad, encoding_col="enc")
    assert isinstance(err, ck.MetadataError)
    assert "metadata.csv: line 4 (id 'ru'), field 'enc': 'koi9' is not an encoding Python knows" in str(err)
    with pytest.raises(ck.ArgumentError, match=r"encoding_col='encoding' is not a column of the metadata"):
        ck.load_corpus(folder, encoding_col="encoding")


# --- the extension of pattern, and files in subfolders checked without resolving each path -------------
@pytest.mark.parametrize("pattern", ["*.txt", "**/*.txt", "./*.txt"])
def test_the_default_extension_is_that_of_the_patterns_last_component(tmp_path, pattern):
    folder = sotu_like(tmp_path, subfolder="")
    corpus = ck.load_corpus(folder, id_col="fileid", pattern=pattern)
    assert corpus.documents["file"].tolist() == [f"{s[0]}.txt" for s in SPEECHES]
    stream = ck.open_corpus(folder, id_col="fileid", pattern=pattern)
    assert stream.table["_line"].tolist() == list(range(2, 2 + len(SPEECHES)))


def test_a_pattern_with_folders_gives_its_extension_and_is_not_an_id_template(tmp_path):
    from corpuskit.load import _extension

    assert [_extension(p) for p in ("speeches/*.txt", "**/*.md", "a\\*.txt", "**/*", "*.t[xX]t", "x*.txt")] == [
        ".txt",
        ".md",
        ".txt",
        "",
        "",
        "",
    ]


def _tree(tmp_path: Path) -> Path:
    """A corpus with files in subfolders, links in and out, a folder and a misspelt name."""
    import os

    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("A secret.", encoding="utf-8")
    for sub in ("sub/deep", "real", "Sub2"):
        (tmp_path / "corpus" / sub).mkdir(parents=True)
    folder = write_corpus(
        tmp_path / "corpus",
        {"a.txt": "A.", "sub/b.txt": "B.", "sub/deep/c.txt": "C.", "real/d.txt": "D.", "Sub2/E.TXT": "E."},
        HEADER + "a,a.txt,2001\n",
    )
    os.symlink(outside, folder / "sub" / "out")  # a subfolder that is a link out of the corpus
    os.symlink(folder / "real", folder / "alias")  # a subfolder that is a link inside it
    os.symlink(outside / "secret.txt", folder / "sub" / "deep" / "link-out.txt")
    os.symlink(folder / "sub" / "b.txt", folder / "sub" / "deep" / "link-in.txt")
    return folder


NAMES = [
    "a.txt",
    "./a.txt",
    "sub/b.txt",
    "sub//b.txt",
    "sub/./b.txt",
    "sub/deep/c.txt",
    "real/d.txt",
    "alias/d.txt",
    "sub/out/secret.txt",
    "sub/deep/link-out.txt",
    "sub/deep/link-in.txt",
    "sub/deep/../b.txt",
    "sub/../../outside/secret.txt",
    "sub",
    "sub/deep",
    "sub/missing.txt",
    "missing/x.txt",
    "Sub2/e.txt",
    "sub/b.txt/",
    "/etc/passwd",
    "a.txt/x",
]


@pytest.mark.parametrize("name", NAMES)
def test_the_quick_check_of_a_name_gives_what_the_full_checks_give(tmp_path, name):
    # the full checks (load._inside, Path.resolve per file) are the oracle: the same path or the same error
    from corpuskit.load import _Files, _inside

    folder = _tree(tmp_path)
    files = _Files(folder)
    try:
        expected: object = str(_inside(folder.resolve(), folder, name, "m.csv: line 2", "field 'file'"))
    except ck.CorpusError as exc:
        expected = (type(exc), str(exc))
    try:
        got: object = files.inside(name, "m.csv: line 2", "field 'file'")
    except ck.CorpusError as exc:
        got = (type(exc), str(exc))
    assert got == expected
    assert files.resolved(name) == str((folder / name).resolve())
    if files.plain(name) is not None:  # the quick check accepts only regular files reached through no link
        assert name in {"a.txt", "sub/b.txt", "sub/deep/c.txt", "real/d.txt"}


def test_links_in_subfolders_are_checked_as_before(tmp_path):
    folder = _tree(tmp_path)
    (folder / "sub" / "deep" / "link-out.txt").unlink()  # an unlisted file: named in the last case only
    meta = HEADER + "a,a.txt,2001\nb,sub/b.txt,2001\nc,sub/deep/c.txt,2001\nd,alias/d.txt,2001\ne,Sub2/E.TXT,2001\n"
    (folder / "metadata.csv").write_text(meta, encoding="utf-8")
    corpus = ck.load_corpus(folder, pattern="**/*.txt")  # real/d.txt is listed, through the link alias/
    assert corpus.text("d") == "D."
    (folder / "metadata.csv").write_text(meta + "f,real/d.txt,2002\n", encoding="utf-8")
    with pytest.raises(ck.OutsideCorpusError, match=re.escape("file 'real/d.txt' is already listed on line 5")):
        ck.load_corpus(folder, pattern="**/*.txt")
    (folder / "metadata.csv").write_text(meta + "f,sub/out/secret.txt,2002\n", encoding="utf-8")
    with pytest.raises(ck.OutsideCorpusError, match=r"'sub/out/secret\.txt' is a link to .*outside the corpus folder"):
        ck.load_corpus(folder, pattern="**/*.txt")
    (folder / "sub" / "deep" / "link-out.txt").symlink_to(tmp_path / "outside" / "secret.txt")
    (folder / "metadata.csv").write_text(meta + "f,sub/deep/link-out.txt,2002\n", encoding="utf-8")
    with pytest.raises(ck.OutsideCorpusError, match=r"'sub/deep/link-out\.txt' is a link to .*outside the corpus"):
        ck.load_corpus(folder, pattern="**/*.txt")


def test_unlisted_files_in_subfolders_are_found_and_links_count_as_their_targets(tmp_path):
    folder = _tree(tmp_path)
    (folder / "metadata.csv").write_text(HEADER + "a,a.txt,2001\nb,sub/b.txt,2001\n", encoding="utf-8")
    with pytest.raises(ck.CorpusValidationError) as info:
        ck.load_corpus(folder, pattern="**/*.txt")
    # sub/deep/link-in.txt is a link to the listed sub/b.txt: not unlisted; link-out.txt leads outside: unlisted;
    # Path.glob does not descend into the linked folders alias/ and sub/out/
    assert [str(e) for e in info.value.errors] == [
        f"file {rel!r} in {str(folder)!r} has no row in metadata.csv"
        for rel in ["real/d.txt", "sub/deep/c.txt", "sub/deep/link-out.txt"]
    ]


@pytest.mark.parametrize(
    "pattern", ["*.txt", "**/*.txt", "sub/*.txt", "**/deep/*.txt", "*/*.TXT", "**/*", "[as]*/*.txt"]
)
def test_one_walk_finds_what_the_pattern_finds_and_the_names_it_misses_by_case(tmp_path, pattern):
    from corpuskit.load import _glob

    folder = _tree(tmp_path)
    (folder / "sub" / "F.Txt").write_text("F.", encoding="utf-8")
    matched, other_case = _glob(folder, pattern)
    exact = [p.relative_to(folder).as_posix() for p in sorted(folder.glob(pattern))]
    assert [rel for rel, _ in matched] == exact
    assert not set(other_case) & set(exact)
    expected = {
        "*.txt": [],
        "**/*.txt": ["Sub2/E.TXT", "sub/F.Txt"],
        "sub/*.txt": ["sub/F.Txt"],
        "*/*.TXT": ["alias/d.txt", "real/d.txt", "sub/F.Txt", "sub/b.txt"],  # one level: linked folders too
        "[as]*/*.txt": ["sub/F.Txt"],
    }
    assert other_case == expected.get(pattern, other_case)


def test_files_the_pattern_misses_by_case_are_said_once_by_a_stream_and_the_table_itself_is_not_one(tmp_path):
    (tmp_path / "c" / "notes").mkdir(parents=True)
    folder = write_corpus(
        tmp_path / "c", {"a.txt": "A.", "B.TXT": "B.", "notes/C.Txt": "C."}, HEADER + "a,a.txt,2001\n"
    )
    with pytest.warns(ck.PatternCaseWarning) as said:
        stream = ck.open_corpus(folder, pattern="**/*.txt")
        assert [c.doc_ids for c in stream.corpora()] == [["a"]]
    messages = [str(w.message) for w in said if issubclass(w.category, ck.PatternCaseWarning)]
    assert len(messages) == 1
    assert (
        "2 file(s) match pattern='**/*.txt' only if the case of letters is ignored ('B.TXT', 'notes/C.Txt')"
        in (messages[0])
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ck.load_corpus(folder, pattern="**/*.txt", check_unlisted=False)  # leaves unlisted files alone: no word


# --------------------------------------------------------------------------- undated corpora
def test_an_undated_corpus_loads_with_date_col_none(tmp_path):
    """Novels, manual pages: no date column. date_col=None loads them; what needs a date says so."""
    folder = write_corpus(
        tmp_path / "c",
        {"a.txt": "In 1999 they met. Last year they parted.", "b.txt": "A text."},
        "id,title\na,A\nb,B\n",
    )
    with pytest.raises(ck.MetadataError, match=r"If the documents have no dates, pass date_col=None"):
        ck.load_corpus(folder)
    corpus = ck.load_corpus(folder, date_col=None)
    docs = corpus.documents
    assert docs["date"].isna().all() and docs["date_precision"].isna().all()
    assert docs["title"].tolist() == ["A", "B"]
    assert ck.term_frequency(corpus).groupby("doc_id")["n"].sum().tolist() == [8, 2]
    scored = ck.sentence_sentiment(corpus, vader=False)
    undated = r"2 of 2 documents have no date \(.a., .b.\): they cannot be placed in time; the corpus is undated"
    with pytest.raises(ck.CorpusError, match=undated):
        ck.sentiment_by_period(scored, freq="year")
    # only what needs no date of writing: "1999", not "Last year"; said with a warning, not silently
    with pytest.warns(ck.UndatedWarning, match="relative expressions"):
        refs = ck.time_references(corpus)
    assert refs[["doc_id", "expr", "year"]].values.tolist() == [["a", "1999", 1999]]
    # a bad date column name is still an error, and a row's empty date is still a date error
    with pytest.raises(ck.ArgumentError, match="date_col: expected a column name, or None"):
        ck.load_corpus(folder, date_col="")
    write_corpus(tmp_path / "d", {"a.txt": "x"}, "id,date\na,\n")
    with pytest.raises(ck.DateError, match=r"line 2 .* the date is missing"):
        ck.load_corpus(tmp_path / "d")


def test_an_undated_frame_and_stream(tmp_path):
    frame = pd.DataFrame({"doc_id": ["a", "b"], "text": ["In 1999 they met.", "Later."]})
    with pytest.raises(ck.MetadataError, match="date_col=None if the documents have no dates"):
        ck.corpus_from_frame(frame)
    corpus = ck.corpus_from_frame(frame, date_col=None)
    assert corpus.documents["date"].isna().all()
    folder = write_corpus(tmp_path / "c", {"a.txt": "In 1999 they met.", "b.txt": "Later."}, "id\na\nb\n")
    stream = ck.open_corpus(folder, date_col=None, batch_mb=0.00001)
    assert stream.n_batches == 2
    assert_frame_equal(stream.term_frequency(), ck.term_frequency(ck.load_corpus(folder, date_col=None)))
    with pytest.warns(ck.UndatedWarning):
        assert stream.time_references()["expr"].tolist() == ["1999"]


def test_warnings_point_at_the_callers_line_not_at_the_package(tmp_path):
    """A warning issued deep in corpuskit (sentence_sentiment -> sentences -> the English check) names the line
    of the user's code that called corpuskit, as pandas' and scikit-learn's do."""
    import warnings

    german = "Das ist gut. Sehr gut. " * 60 + "Мир."  # Cyrillic too: the check runs on each new sample
    folder = write_corpus(tmp_path / "c", {"a.txt": german, "b.txt": german}, "id\na\nb\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = ck.load_corpus(folder, date_col=None)  # DuplicateTextWarning
        corpus.clean({"spans": [{"name": "x", "pattern": "nowhere", "label": "boilerplate"}]})  # UnusedRuleWarning
        ck.sentence_sentiment(corpus, vader=False)  # EnglishOnlyWarning, issued by sentences() inside
        ck.time_references(corpus)  # UndatedWarning
    kinds = {type(w.message).__name__ for w in caught}
    assert {"DuplicateTextWarning", "UnusedRuleWarning", "EnglishOnlyWarning", "UndatedWarning"} <= kinds
    assert {w.filename for w in caught} == {__file__}, [(type(w.message).__name__, w.filename) for w in caught]


def test_a_symbolic_link_that_loops_is_a_corpus_error(tmp_path):
    """pathlib raises RuntimeError("Symlink loop") for a link to itself: a corpuskit error names the row."""
    folder = write_corpus(tmp_path / "c", {"a.txt": "Fine text."}, "id,date\na,2020\nb,2020\n")
    (folder / "b.txt").symlink_to("b.txt")
    with pytest.raises(ck.MissingFileError, match=r"line 3 \(id 'b'\).*'b\.txt' is a symbolic link that loops"):
        ck.load_corpus(folder)
    with pytest.raises(ck.MissingFileError, match="loops"):
        ck.open_corpus(folder).term_frequency()


def test_a_stray_byte_can_be_read_as_the_replacement_character(tmp_path):
    """A UTF-8 file with one cp1252 byte: strict (default) names it; encoding_errors='replace' reads U+FFFD and
    warns, where encoding='cp1252' would misread every accented letter of the file."""
    data = "naïve café ".encode() + b"\xe9t\xe9 " + "résumé.".encode()
    folder = write_corpus(tmp_path / "c", {"a.txt": data, "b.txt": "Fine."}, "id\na\nb\n")
    with pytest.raises(ck.EncodingError, match=r"byte 0xe9 at byte offset 13 .* encoding_errors='replace'"):
        ck.load_corpus(folder, date_col=None)
    with pytest.warns(
        ck.ReplacedBytesWarning, match=r"1 file\(s\) .* 2 byte\(s\) in all; the first in 'a.txt' at byte offset 13"
    ):
        corpus = ck.load_corpus(folder, date_col=None, encoding_errors="replace")
    assert corpus.text("a") == "naïve café \ufffdt\ufffd résumé."
    assert corpus.sources["a.txt"] == corpus.text("a")
    with pytest.warns(ck.ReplacedBytesWarning):
        streamed = ck.open_corpus(folder, date_col=None, encoding_errors="replace").term_frequency()
    assert_frame_equal(streamed, ck.term_frequency(corpus))
    with pytest.raises(ck.ArgumentError, match="expected 'strict' or 'replace'"):
        ck.load_corpus(folder, date_col=None, encoding_errors="ignore")


def test_spaces_around_an_id_are_no_part_of_its_file_name(tmp_path):
    """A cell " a " is document 'a'; its file is a.txt (it was 'a .txt', not found)."""
    folder = write_corpus(tmp_path / "c", {"a.txt": "Fine text."}, "id,date\n a ,2020\n")
    corpus = ck.load_corpus(folder)
    assert corpus.doc_ids == ["a"] and corpus.documents["file"].tolist() == ["a.txt"]


def test_a_subset_of_a_corpus_keeps_its_offsets_and_accounts_for_every_character(clean):
    """corpus.subset (quanteda's corpus_subset): by ids or by a mask; measures on it agree with the whole corpus."""
    part = clean.subset(["kuchins2016", "mankoff2013", "mankoff2013-c01"])
    assert part.doc_ids == ["kuchins2016", "mankoff2013", "mankoff2013-c01"]
    # the kept files are still partitioned, every character once
    for source, spans in part.spans.groupby("source"):
        spans = spans.sort_values("start")
        assert "".join(spans["text"]) == part.sources[source]
    assert set(part.edits["doc_id"]) <= set(part.doc_ids)
    # the same matches, at the same places in the files, as in the whole corpus
    whole, sub = ck.kwic(clean, "Putin"), ck.kwic(part, "Putin")
    expected = whole[whole["doc_id"].isin(part.doc_ids)].reset_index(drop=True)
    assert_frame_equal(sub, expected)
    # a mask aligned with the documents table; errors name the problem
    late = clean.subset(clean.documents["date"].dt.year >= 2013)
    assert "kuzio2001" not in late.doc_ids and "kuchins2016" in late.doc_ids
    with pytest.raises(ck.ArgumentError, match=r"no document with id\(s\) \['nosuch'\]"):
        clean.subset(["nosuch"])
    with pytest.raises(ck.ArgumentError, match="holds no document"):
        clean.subset(clean.documents["doc_id"] == "")


def test_a_misspelt_required_column_is_named_in_the_error(tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": "Hi there."}, "id,dtae\na,2020\n")
    with pytest.raises(ck.MetadataError, match=r"did you mean date_col='dtae'\?"):
        ck.load_corpus(folder)


def test_a_subset_by_a_series_of_ids_and_its_sources(clean):
    ids = clean.documents.loc[clean.documents["doc_id"].str.startswith("mankoff2013-c0"), "doc_id"]
    part = clean.subset(ids)
    assert part.doc_ids == ids.tolist()
    assert list(part.sources) == [part.documents["file"].iat[0]]  # the kept documents' file only


def test_a_subset_keeps_the_sentences_already_split_and_they_are_its_own():
    """subset() carries the sentences and paragraphs of the kept documents over: the same rows a new split gives."""
    frame = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "date": ["2020", "2021", "2022"],
            "text": [
                "Dr. Ann met Bob. He left.\n\nA new paragraph. Msgr. Lee came.",
                "One. Two!",
                "Three? Four. Msgr. Five came. Then six.",
            ],
        }
    )

    def build() -> ck.Corpus:
        return ck.corpus_from_frame(frame).with_sentence_rules(abbreviations={"titles": ["Msgr"]})

    corpus = build()
    whole, whole_paras = corpus.sentences(), corpus.paragraphs()
    whole_extra = corpus.sentences(openers=["Then"])  # a table of this call's own lists, cached apart
    part = corpus.subset(["c", "a"])
    assert part.doc_ids == ["a", "c"]
    assert {"sentences", "paragraphs"} <= set(part._cache) and "token_index" not in part._cache
    fresh = build().subset(["c", "a"])  # nothing split before the subset was taken
    assert not fresh._cache
    assert_frame_equal(part.sentences(), fresh.sentences())
    assert_frame_equal(part.paragraphs(), fresh.paragraphs())
    assert_frame_equal(part.sentences(openers=["Then"]), fresh.sentences(openers=["Then"]))
    kept = whole[whole["doc_id"].isin(["a", "c"])].reset_index(drop=True)
    assert_frame_equal(part.sentences(), kept)
    assert part.sentences()["text"].tolist() == [
        "Dr. Ann met Bob.", "He left.", "A new paragraph.", "Msgr. Lee came.",
        "Three?", "Four.", "Msgr. Five came.", "Then six.",
    ]  # fmt: skip
    # the whole corpus's tables are untouched, and measures on the subset read its own sentences
    assert_frame_equal(corpus.sentences(), whole)
    assert_frame_equal(corpus.paragraphs(), whole_paras)
    assert len(whole_extra) == len(whole)
    assert ck.sentence_sentiment(part, vader=False)["doc_id"].tolist() == kept["doc_id"].tolist()


def test_some_documents_without_a_date_are_an_error_unless_kept_undated(tmp_path):
    """missing_dates='keep': a row with an empty date is a document without one, said once; measures say what
    they skip."""
    files = {
        "a.txt": "Last year they met. In 1999 it rained.",
        "b.txt": "Last year was good. In 1999 too.",
        "c.txt": "Fine.",
    }
    folder = write_corpus(tmp_path / "c", files, "id,date\na,2020-05-01\nb,\nc,  \n")
    with pytest.raises(ck.CorpusValidationError, match=r"line 3 \(id 'b'\).*missing_dates='keep' loads them undated"):
        ck.load_corpus(folder)
    with pytest.warns(
        ck.UndatedWarning,
        match=r"2 of 3 documents have no date in metadata.csv .*line 3 \(id 'b'\); "
        r"metadata.csv: line 4 \(id 'c'\)",
    ):
        corpus = ck.load_corpus(folder, missing_dates="keep")
    docs = corpus.documents
    assert docs["date"].isna().tolist() == [False, True, True] and docs["date"].iat[0] == pd.Timestamp("2020-05-01")
    assert docs["date_precision"].iat[0] == "day" and docs["date_precision"].iloc[1:].isna().all()
    # the written year is found in every document; "last year" only where there is a date of writing
    with pytest.warns(ck.UndatedWarning, match="relative expressions"):
        refs = ck.time_references(corpus)
    assert sorted(zip(refs["doc_id"], refs["expr"], refs["year"])) == [
        ("a", "1999", 1999), ("a", "Last year", 2019), ("b", "1999", 1999),
    ]  # fmt: skip
    scored = ck.sentence_sentiment(corpus, vader=False)
    with pytest.raises(ck.CorpusError, match=r"2 of 3 documents have no date \('b', 'c'\).*scored\[scored\['date'\]"):
        ck.sentiment_by_period(scored, freq="year")
    assert ck.sentiment_by_period(scored[scored["date"].notna()], freq="year")["n_docs"].tolist() == [1]
    # a precision for an empty date is still an error; so is an unknown choice
    folder2 = write_corpus(tmp_path / "d", {"a.txt": "Hi."}, "id,date,date_precision\na,,year\n")
    with pytest.raises(
        ck.DateError,
        match=r"line 2 \(id 'a'\), field 'date_precision': a precision \('year'\) for an "
        "empty date",
    ):
        ck.load_corpus(folder2, missing_dates="keep")
    with pytest.raises(ck.ArgumentError, match=r"missing_dates='drop': expected 'error' .* or 'keep'"):
        ck.load_corpus(folder, missing_dates="drop")


def test_a_frame_and_a_stream_keep_documents_without_a_date_too(tmp_path):
    frame = pd.DataFrame({"doc_id": ["x", "y", "z"], "date": ["2020", None, pd.NaT], "text": ["A b.", "C d.", "E f."]})
    with pytest.raises(ck.CorpusValidationError, match=r"DataFrame row 1 \(id 'y'\).*the date is missing"):
        ck.corpus_from_frame(frame)
    with pytest.warns(ck.UndatedWarning, match=r"2 of 3 documents have no date in the DataFrame"):
        corpus = ck.corpus_from_frame(frame, missing_dates="keep")
    assert corpus.documents["date"].isna().tolist() == [False, True, True]
    # the stream says it once, not once per batch, and measures as in memory
    files = {f"{k}.txt": f"Text number {k} is here." for k in "abcd"}
    folder = write_corpus(tmp_path / "s", files, "id,date\na,2020\nb,\nc,2021\nd,\n")
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        stream = ck.open_corpus(folder, missing_dates="keep", batch_mb=1e-6)
        streamed = stream.term_frequency()
    undated = [w for w in seen if issubclass(w.category, ck.UndatedWarning)]
    assert stream.n_batches == 4 and len(undated) == 1 and "2 of 4 documents" in str(undated[0].message)
    with pytest.warns(ck.UndatedWarning):
        whole = ck.term_frequency(ck.load_corpus(folder, missing_dates="keep"))
    assert_frame_equal(streamed, whole)
    with pytest.raises(ck.CorpusValidationError, match=r"(?s)line 3 \(id 'b'\).*line 5 \(id 'd'\)"):
        ck.open_corpus(folder)


def test_a_metadata_table_saved_as_utf16_and_a_cell_over_128_kib_are_read(tmp_path):
    """Excel's 'Unicode Text' is UTF-16 with a byte-order mark; an abstract in a cell may exceed csv's 128 KiB."""
    folder = write_corpus(tmp_path / "c", {"a.txt": "Hi there.", "b.txt": "Bye now."}, "id,date\na,2020\nb,2021\n")
    table = "id,date,abstract\na,2020,Überblick\nb,2021," + "x" * 200_000 + "\n"
    (folder / "metadata.csv").write_bytes(codecs.BOM_UTF16_LE + table.encode("utf-16-le"))
    corpus = ck.load_corpus(folder)
    assert corpus.documents["abstract"].str.len().tolist() == [9, 200_000]
    assert corpus.documents["abstract"].iat[0] == "Überblick"
    (folder / "metadata.csv").write_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8")  # a lone surrogate
    with pytest.raises(ck.MetadataError, match="starts with a UTF-16 byte-order mark but is not valid UTF-16"):
        ck.load_corpus(folder)


def test_a_date_column_under_date_col_none_points_to_date_format_and_missing_dates(tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": "Hi."}, "id,date\na,30/11/2026\n")
    with pytest.raises(ck.MetadataError, match=r"\['date'\] are reserved.*keep date_col='date' and pass date_format="):
        ck.load_corpus(folder, date_col=None)
    assert ck.load_corpus(folder, date_format="%d/%m/%Y").documents["date_precision"].tolist() == ["day"]


def test_a_subset_by_a_nullable_mask_with_missing_values_says_so():
    """A mask computed from a column with empty cells holds <NA>: it was taken for a list of ids."""
    frame = pd.DataFrame({"doc_id": list("abc"), "date": ["2020"] * 3, "text": ["A.", "B.", "C."]})
    corpus = ck.corpus_from_frame(frame)
    mask = pd.Series(pd.array([True, None, False], dtype="boolean"))
    missing = r"the mask is missing for 1 document\(s\) \['b'\].*mask.fillna\(False\)"
    with pytest.raises(ck.ArgumentError, match=missing):
        corpus.subset(mask)
    assert corpus.subset(mask.fillna(False)).doc_ids == ["a"]
    assert corpus.subset(pd.Series(pd.array([True, True, False], dtype="boolean"))).doc_ids == ["a", "b"]


def test_a_folder_without_a_metadata_table_is_read_file_by_file(tmp_path):
    """metadata=None: every file the pattern matches is an undated document named by its path (readtext's
    folder of files); in memory, streamed and on the command line alike."""
    folder = tmp_path / "notes"
    (folder / "2001").mkdir(parents=True)
    (folder / "b.txt").write_text("Second note.", "utf-8")
    (folder / "a.txt").write_text("First note here.", "utf-8")
    (folder / "2001" / "c.txt").write_text("Third.", "utf-8")
    (folder / "readme.md").write_text("Not a text of the corpus.", "utf-8")
    corpus = ck.load_corpus(folder, None)
    docs = corpus.documents
    assert docs["doc_id"].tolist() == ["a.txt", "b.txt"] and docs["file"].tolist() == ["a.txt", "b.txt"]
    assert docs["date"].isna().all() and docs["text"].tolist() == ["First note here.", "Second note."]
    nested = ck.load_corpus(folder, None, pattern="**/*.txt")
    assert nested.documents["doc_id"].tolist() == ["2001/c.txt", "a.txt", "b.txt"]
    assert nested.documents["folder"].tolist() == ["2001", ".", "."]  # to group by
    (folder / "a.md").write_text("Notes in Markdown.", "utf-8")  # a.md and a.txt: two documents, as in readtext
    assert ck.load_corpus(folder, None, pattern="a.*").documents["doc_id"].tolist() == ["a.md", "a.txt"]
    stream = ck.open_corpus(folder, None, pattern="**/*.txt", batch_mb=1e-6)
    pd.testing.assert_frame_equal(stream.term_frequency(), ck.term_frequency(nested))
    with pytest.raises(ck.ArgumentError, match=r"without a metadata table .* have no dates"):
        ck.load_corpus(folder, None, date_col="year")
    with pytest.raises(ck.CorpusError, match=r"holds no file matching pattern='\*\.csv'"):
        ck.load_corpus(folder, None, pattern="*.csv")
    out = subprocess.run(
        [sys.executable, "-m", "corpuskit.cli", "frequency", str(folder), "--metadata", "none", "--by", "none"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.splitlines()[1].startswith("all,note,2,")


def test_a_callers_table_is_streamed_as_it_is_loaded(tmp_path):
    """A DataFrame of the caller's (no _line column) is accepted by open_corpus as by load_corpus."""
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text("One two.", "utf-8")
    table = pd.DataFrame({"id": ["a"], "file": ["a.txt"], "date": ["2020"]})
    pd.testing.assert_frame_equal(
        ck.open_corpus(folder, table).term_frequency(), ck.term_frequency(ck.load_corpus(folder, table))
    )


def test_utf16_text_without_a_byte_order_mark_and_without_nul_bytes_is_named(tmp_path):
    """Chinese in UTF-16 without a byte-order mark has no NUL byte to give it away; the error says what it is
    (and a Latin-1 file is not taken for it)."""
    text = "兰叶春葳蕤，桂华秋皎洁。\n欣欣此生意，自尔为佳节。\n" * 20
    for encoding in ("utf-16-le", "utf-16-be"):
        folder = write_corpus(tmp_path / encoding, {}, HEADER + "a,a.txt,2001\n")
        (folder / "a.txt").write_bytes(text.encode(encoding))
        with pytest.raises(
            ck.EncodingError,
            match=rf"reads as {encoding.upper()} text without a byte-order mark: "
            rf"pass encoding='{encoding}'",
        ):
            ck.load_corpus(folder)
        assert ck.load_corpus(folder, encoding=encoding).documents["text"].iat[0] == text
    folder = write_corpus(tmp_path / "latin", {}, HEADER + "a,a.txt,2001\n")
    (folder / "a.txt").write_bytes("Le café est là, à côté de l'église.\n".encode("latin-1") * 50)
    with pytest.raises(ck.EncodingError) as err:
        ck.load_corpus(folder)
    assert "UTF-16" not in str(err.value) and "'latin-1'" in str(err.value)


def test_a_folder_of_html_pages_says_what_it_holds_and_the_pattern_that_reads_them(tmp_path):
    """load_corpus(folder, None) on HTML pages in sub-folders said only "no file matching '*.txt'"."""
    folder = tmp_path / "docs"
    for name in ("faq/a.html", "faq/b.html", "howto/c.html", "_static/style.css"):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(f"<p>Hello from {name}.</p>", "utf-8")
    with pytest.raises(ck.CorpusError) as err:
        ck.load_corpus(folder, None)
    message = str(err.value)
    assert "holds no file matching pattern='*.txt'; it holds 3 .html, 1 .css" in message
    assert "pattern='**/*.html' reads the .html files" in message and "'HTML and other markup'" in message
    assert len(ck.load_corpus(folder, None, pattern="**/*.html").documents) == 3
    flat = tmp_path / "flat"
    flat.mkdir()
    (flat / "a.xml").write_text("<doc>Hi.</doc>", "utf-8")
    with pytest.raises(ck.CorpusError, match=r"it holds 1 \.xml: pattern='\*\.xml' reads the \.xml files, markup"):
        ck.load_corpus(flat, None)


def test_a_metadata_table_that_is_a_pipe_or_a_folder_says_what_it_is(tmp_path):
    os.mkfifo(tmp_path / "metadata.csv")  # never opened, so never waited on
    with pytest.raises(ck.MetadataError, match=r"metadata\.csv' is a pipe, not a file .*: write the table to a file"):
        ck.read_metadata(tmp_path / "metadata.csv")
    with pytest.raises(ck.MetadataError, match=r"is a folder, not a file"):
        ck.read_metadata(tmp_path)


# -- a hostile-input test of the loader ------------------------------------------------------------


def _swapped_after_the_check(monkeypatch, swap):
    """Make ``swap(path)`` run right after the loader checked a file and before it opens it (a race won)."""
    from corpuskit import load

    checked = load._Files.inside

    def inside(self, fname, where, source):
        path = checked(self, fname, where, source)
        swap(Path(path))
        return path

    monkeypatch.setattr(load._Files, "inside", inside)


@pytest.mark.parametrize("shape", ["flat", "subfolder"])
def test_a_file_swapped_for_a_link_outside_after_the_check_is_not_read(tmp_path, monkeypatch, shape):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET outside the corpus folder.", encoding="utf-8")
    name = "a.txt" if shape == "flat" else "sub/a.txt"
    (tmp_path / "corpus" / "sub").mkdir(parents=True)
    folder = write_corpus(tmp_path / "corpus", {name: "Harmless."}, HEADER + f"a,{name},2001\n")

    def swap(path):
        path.unlink()
        path.symlink_to(secret)

    _swapped_after_the_check(monkeypatch, swap)
    with pytest.raises(ck.OutsideCorpusError, match=rf"line 2 .*'{name}' is a link to .*secret.txt', outside"):
        ck.load_corpus(folder, check_unlisted=False)


def test_a_file_swapped_for_a_fifo_after_the_check_is_refused_without_waiting(tmp_path, monkeypatch):
    import signal

    folder = write_corpus(tmp_path / "corpus", {"a.txt": "Harmless."}, HEADER + "a,a.txt,2001\n")

    def swap(path):
        path.unlink()
        os.mkfifo(path)

    _swapped_after_the_check(monkeypatch, swap)

    def hung(*_):
        raise AssertionError("the loader waits on a FIFO no process writes to")

    old = signal.signal(signal.SIGALRM, hung)
    signal.alarm(10)  # open() of a FIFO without O_NONBLOCK blocks until a writer comes: make that a failure
    try:
        with pytest.raises(ck.MissingFileError, match=r"line 2 .*'a.txt' is not a regular file"):
            ck.load_corpus(folder, check_unlisted=False)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def test_a_file_replaced_by_another_regular_file_after_the_check_is_refused(tmp_path, monkeypatch):
    folder = write_corpus(tmp_path / "corpus", {"a.txt": "Checked.", "b.txt": "Other."}, HEADER + "a,a.txt,2001\n")
    _swapped_after_the_check(monkeypatch, lambda path: os.replace(path.with_name("b.txt"), path))
    with pytest.raises(ck.OutsideCorpusError, match=r"line 2 .*'a.txt' was replaced while it was being read"):
        ck.load_corpus(folder, check_unlisted=False)


@pytest.mark.parametrize("how", ["load_corpus", "open_corpus"])
def test_a_file_too_large_for_memory_is_named_with_its_size(tmp_path, how):
    """A 3 GB file (sparse: no disk used) under a 2 GB address-space limit: the error names the file and its
    size and says what helps (open_corpus reads each file whole too)."""
    folder = write_corpus(tmp_path / "corpus", {"a.txt": "A."}, HEADER + "a,a.txt,2001\nb,b.txt,2001\n")
    with open(folder / "b.txt", "wb") as fh:
        fh.truncate(3 * 2**30)
    run = "ck.load_corpus(sys.argv[1])" if how == "load_corpus" else "ck.open_corpus(sys.argv[1]).validate()"
    code = (
        "import resource, sys\n"
        "import corpuskit as ck\n"
        "resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))\n"
        "try:\n"
        f"    {run}\n"
        "except ck.CorpusError as e:\n"
        "    print(type(e).__name__, e)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(folder)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "EncodingError" in proc.stdout and "line 3 (id 'b')" in proc.stdout, proc.stdout
    assert "'b.txt' is too large to read into memory (3,221,225,472 bytes" in proc.stdout
    assert "split it" in proc.stdout and "open_corpus reads each file whole too" in proc.stdout


def test_a_wide_table_is_typed_in_time_linear_in_its_columns(tmp_path):
    """4,000 metadata columns of one row took 40 s and 1 GB when each column's dtype was kept in
    DataFrame.attrs (pandas copies attrs deeply on every operation: time and memory in N squared)."""
    import time

    n = 4000
    meta = HEADER[:-1] + "".join(f",c{i}" for i in range(n)) + "\na,a.txt,2001" + ",1" * n + "\n"
    folder = write_corpus(tmp_path / "corpus", {"a.txt": "A."}, meta)
    t0 = time.perf_counter()
    corpus = ck.load_corpus(folder)
    assert time.perf_counter() - t0 < 15
    assert corpus.documents[[f"c{i}" for i in (0, n - 1)]].dtypes.tolist() == ["int64", "int64"]
    from corpuskit.load import _prepare_table

    table = _prepare_table(
        folder,
        "metadata.csv",
        id_col="id",
        file_col="file",
        file=None,
        date_col="date",
        precision_col=None,
        sha256_col=None,
        dtypes=None,
        infer_types=True,
        pattern="*.txt",
    )
    assert table.dtypes["c0"] == "int64" and "dtypes" not in table.table.attrs


def test_ids_that_differ_only_in_unicode_form_or_by_invisible_characters_are_said_to(tmp_path):
    """NFC and NFD "café", or "ab" and "a" + zero-width space + "b": two documents that print alike."""
    import unicodedata

    ids = ["caf\u00e9", unicodedata.normalize("NFD", "caf\u00e9"), "a\u200bb", "ab", "x"]
    frame = pd.DataFrame({"doc_id": ids, "date": ["2020"] * 5, "text": ["t"] * 5})
    with pytest.warns(
        ck.UnicodeFormWarning, match=r"DataFrame: 2 id\(s\) differ from another only in Unicode form"
    ) as w:
        corpus = ck.corpus_from_frame(frame)
    message = str(next(x for x in w if "id(s)" in str(x.message)).message)
    assert "'caf\\xe9' and 'cafe\\u0301'" in message and "'a\\u200bb' and 'ab'" in message
    assert len(corpus.documents) == 5  # still five documents: said, not merged
    folder = write_corpus(
        tmp_path / "c", {"a.txt": "one", "b.txt": "two"}, "id,file,date\nab,a.txt,2020\na\u200bb,b.txt,2020\n"
    )
    with pytest.warns(ck.UnicodeFormWarning, match=r"metadata\.csv: 1 id\(s\) differ"):
        ck.load_corpus(folder)


def test_a_huge_id_is_quoted_cut_in_the_messages_of_its_row():
    big = "i" * 5_000_000
    frame = pd.DataFrame({"doc_id": [big, big], "date": ["2020", "2020"], "text": ["a", "b"]})
    with pytest.raises(ck.DuplicateIdError) as caught:
        ck.corpus_from_frame(frame)
    message = str(caught.value)
    assert len(message) < 600 and "(5,000,000 characters)" in message


# Russian, French, German and Spanish text for the encoding checks: a heading in capitals, acronyms and Latin
# words in the Russian, accented capitals and quotes in the others (all of them in Latin-1; CP1252 below).
RUSSIAN = (
    "ВСЕОБЩАЯ ДЕКЛАРАЦИЯ ПРАВ ЧЕЛОВЕКА\n\nАппетит приходит во время еды, а кушать хочется всегда. "
    "В 1991 году СССР распался; в США об этом писали в газетах, а в Windows 3.1 не было кириллицы. "
    "Съешь же ещё этих мягких французских булок, да выпей чаю.\n"
)
WESTERN = {
    "fr": "Où est la bibliothèque ? Déjà l'été : le coeur a ses raisons que la raison ne connaît point. "
    "« Élève, préférez-vous le thé ou le café ? » À bientôt.\n",
    "de": "Grüße aus Köln: Die Straße ist schön, und über Nacht fiel Schnee. Äpfel, Öl und Übermut - "
    "»Mädchen für alles«, sagte er.\n",
    "es": "¿Dónde está la estación? El niño comió piña en el jardín. ¡Qué pequeño es el señor Muñoz! "
    "Él habló del corazón y de la canción.\n",
}


def _mojibake_warnings(folder, **kwargs) -> tuple[ck.Corpus, list[str]]:
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        corpus = ck.load_corpus(folder, **kwargs)
    return corpus, [str(w.message) for w in seen if issubclass(w.category, ck.MojibakeWarning)]


def test_the_encoding_error_suggests_the_encoding_that_reads_the_bytes_as_text(tmp_path):
    """Windows-1251 Russian was told to try 'cp1252', 'latin-1', 'koi8-r': the first reads it as mojibake, and
    cp1251 was never named. The suggestion now comes from the bytes, with what they read as."""
    for encoding in ("cp1251", "koi8-r"):
        folder = write_corpus(tmp_path / encoding, {"a.txt": RUSSIAN.encode(encoding)}, HEADER + "a,a.txt,2001\n")
        err = str(_load_error(folder))
        assert "file 'a.txt' is not valid UTF-8" in err
        assert f"its bytes read as text in {encoding} ('ВСЕОБЩАЯ ДЕКЛАРАЦИЯ ПРАВ ЧЕЛОВЕКА')" in err
        assert f"pass encoding='{encoding}' (--encoding {encoding}); if it is in yet another encoding" in err
    # a Western text: cp1252 first; a UTF-8 file with one stray byte: no guess, but the replace option
    folder = write_corpus(tmp_path / "fr", {"a.txt": WESTERN["fr"].encode("cp1252")}, HEADER + "a,a.txt,2001\n")
    assert """its bytes read as text in cp1252 ("Où est la bibliothèque ? Déjà l'été :")""" in str(_load_error(folder))
    stray = (WESTERN["de"] + "Stra\xdfe").encode("utf-8")[:-2] + b"\xdfe"
    folder = write_corpus(tmp_path / "stray", {"a.txt": stray}, HEADER + "a,a.txt,2001\n")
    err = str(_load_error(folder))
    # (user 36: a stray byte after some UTF-8 was told its bytes "read as text in cp1252", quoting mojibake)
    assert "read as text in" not in err and "cp1252" not in err
    assert "it is UTF-8 but for 2 place(s) (byte offset(s) 138, 139;" in err and "encoding_errors='replace'" in err
    # a file that does not decode in the encoding given: the others are suggested, not that one
    bad = RUSSIAN.encode("cp1251") + b"\x98"  # 0x98 is no character in cp1251
    folder = write_corpus(tmp_path / "given", {"a.txt": bad}, HEADER + "a,a.txt,2001\n")
    err = str(_load_error(folder, encoding="cp1251"))
    assert "is not valid cp1251: byte 0x98" in err and "pass encoding='cp1251'" not in err
    # DOS's Cyrillic code page read as cp1251 or UTF-8; UTF-8 read as cp1252
    folder = write_corpus(tmp_path / "dos", {"a.txt": RUSSIAN.encode("cp866")}, HEADER + "a,a.txt,2001\n")
    for given in ("cp1251", "utf-8"):
        assert "pass encoding='cp866' (--encoding cp866)" in str(_load_error(folder, encoding=given))
    folder = write_corpus(tmp_path / "utf8", {"a.txt": RUSSIAN}, HEADER + "a,a.txt,2001\n")
    err = str(_load_error(folder, encoding="cp1252"))
    assert "is not valid cp1252: byte 0x90" in err and "it is valid UTF-8: pass encoding='utf-8' (the default" in err


def test_a_cyrillic_metadata_table_is_converted_from_the_encoding_it_is_in(tmp_path):
    """A cp1251 table was told to run iconv -f cp1252, which garbles its Cyrillic column names."""
    folder = write_corpus(tmp_path / "c", {"a.txt": "Текст.", "b.txt": "Ещё текст."}, "")
    table = "ид;дата;автор\na;12 марта 1881 г.;Кащеев\nb;март 1881;Разные\n"
    (folder / "метаданные.csv").write_bytes(table.encode("cp1251"))
    with pytest.raises(ck.MetadataError) as err:
        ck.load_corpus(folder, "метаданные.csv", id_col="ид", date_col="дата", delimiter=";")
    assert "is not valid UTF-8: byte 0xe8 at byte offset 0 (line 1); save it as UTF-8 (in Excel: 'CSV UTF-8'), " in (
        str(err.value)
    )
    assert str(err.value).endswith("e.g. iconv -f cp1251 -t utf-8 (it reads as text in cp1251: 'ид;дата;автор')")
    (folder / "метаданные.csv").write_bytes(table.encode("koi8-r"))
    with pytest.raises(ck.MetadataError, match=r"iconv -f koi8-r -t utf-8 \(it reads as text in koi8-r"):
        ck.read_metadata(folder / "метаданные.csv", delimiter=";")
    # a Western table: cp1252, as before
    (folder / "m.csv").write_bytes("id,who\na,André Müller\n".encode("cp1252"))
    with pytest.raises(
        ck.MetadataError, match=r"iconv -f cp1252 -t utf-8 \(it reads as text in cp1252: 'a,André Müller'\)$"
    ):
        ck.read_metadata(folder / "m.csv")


@pytest.mark.parametrize(
    ("written", "read", "shown"),
    [
        ("cp1251", "cp1252", "'Àïïåòèò ïðèõîäèò âî âðåìÿ åäû, à"),
        ("cp1251", "latin-1", "'Àïïåòèò ïðèõîäèò âî âðåìÿ åäû, à"),
        ("koi8-r", "cp1252", "'áÐÐÅÔÉÔ ÐÒÉÈÏÄÉÔ ×Ï ×ÒÅÍÑ ÅÄÙ, Á"),
        ("cp1251", "koi8-r", "'юООЕРХР ОПХУНДХР БН БПЕЛЪ ЕДШ, Ю"),
        ("koi8-r", "cp1251", "'бРРЕФЙФ РТЙИПДЙФ ЧП ЧТЕНС ЕДЩ, Б"),
        ("utf-8", "latin-1", "'Ð\\x90Ð¿Ð¿ÐµÑ\\x82Ð¸Ñ\\x82"),
        ("utf-8", "koi8-r", "'п░п©п©п╣я┌п╦я┌ п©я─п╦я┘п╬п╢п╦я┌"),
    ],
    ids=lambda v: v if v.isascii() else "shown",
)
def test_russian_read_in_the_wrong_single_byte_encoding_warns(tmp_path, written, read, shown):
    """Every wrong single-byte reading of a Russian file loaded silently as mojibake; now a MojibakeWarning names
    the files, what they read, what they read in the right encoding and what to pass. The text is loaded as
    read (nothing is guessed)."""
    body = RUSSIAN.split("\n\n", 1)[1]
    files = {"a.txt": body.encode(written), "b.txt": RUSSIAN.encode(written)}
    folder = write_corpus(tmp_path / "c", files, HEADER + "a,a.txt,2001\nb,b.txt,2002\n")
    corpus, said = _mojibake_warnings(folder, encoding=read)
    assert corpus.text("a") == body.encode(written).decode(read)
    assert len(said) == 1
    assert said[0].startswith(f"2 file(s) read as '{read}' look like mojibake, text in another encoding: ")
    assert f"'a.txt' (and 1 more) reads {shown}" in said[0]
    assert f"which in {written} is 'Аппетит приходит во время еды, а" in said[0]
    assert said[0].endswith(f"pass encoding='{written}' (--encoding {written})")
    assert _mojibake_warnings(folder, encoding=written)[1] == []  # read right: no warning


def test_no_mojibake_warning_for_text_in_its_own_encoding(tmp_path):
    """False alarms: French, German and Spanish in Latin-1 and cp1252, Russian (a heading in capitals, acronyms,
    Latin words) in cp1251, KOI8-R and cp866, Ukrainian in cp1251 -- and files of a few words."""
    texts = [(text, enc) for text in WESTERN.values() for enc in ("latin-1", "cp1252", "iso-8859-15")]
    texts += [("Le cœur — „Mädchen für alles“, sagte er — coûte 5 €.", "cp1252")]
    texts += [(RUSSIAN, enc) for enc in ("cp1251", "koi8-r", "cp866")]
    texts += [("Усі люди народжуються вільними і рівними у своїй гідності та правах. Ґанок, їжак, єнот.", "cp1251")]
    texts += [("ООО «Ромашка», ИНН, КПП и ОГРН.", "cp1251"), ("Déjà vu.", "latin-1"), ("Ёлка.", "koi8-r")]
    for i, (text, encoding) in enumerate(texts):
        folder = write_corpus(tmp_path / str(i), {"a.txt": text.encode(encoding)}, HEADER + "a,a.txt,2001\n")
        corpus, said = _mojibake_warnings(folder, encoding=encoding)
        assert said == [], (encoding, text, said)
        assert corpus.text("a") == text


def test_the_mojibake_warning_names_the_encoding_column_and_is_said_once_by_a_stream(tmp_path):
    files = {f"{i}.txt": RUSSIAN.encode("cp1251") for i in range(3)}
    files["fr.txt"] = WESTERN["fr"].encode("latin-1")
    meta = "id,file,date,enc\n" + "".join(f"d{i},{i}.txt,2001,cp1252\n" for i in range(3)) + "fr,fr.txt,2001,\n"
    folder = write_corpus(tmp_path / "c", files, meta)
    _, said = _mojibake_warnings(folder, encoding="latin-1", encoding_col="enc")
    assert len(said) == 1 and said[0].startswith("3 file(s) read as 'cp1252' look like mojibake")
    assert said[0].endswith("pass encoding='cp1251' (--encoding cp1251), or name it in the column 'enc'")
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        ck.open_corpus(folder, encoding="latin-1", encoding_col="enc", batch_mb=1e-6).term_frequency()
    said = [str(w.message) for w in seen if issubclass(w.category, ck.MojibakeWarning)]
    assert len(said) == 1 and said[0].startswith("3 file(s) read as 'cp1252' look like mojibake")


def test_the_summary_of_date_errors_counts_empty_dates_apart_from_unreadable_ones(tmp_path):
    """98 DateErrors were summarised under one example, a Russian month name ('март 2001'), though 68 of them were
    empty dates, whose fix is missing_dates='keep'; nothing said that %B reads English month names only."""
    months = ["январь", "февраль", "март", "апрель", "май", "июнь"]
    rows = [f"e{i},," for i in range(7)] + [f"m{i},,{months[i]} 2001" for i in range(6)] + ["ok,,2001-03"]
    files = {f"{r.split(',')[0]}.txt": f"Текст {i}." for i, r in enumerate(rows)}
    meta = "id,file,date\n" + "\n".join(r.replace(",,", f",{r.split(',')[0]}.txt,", 1) for r in rows) + "\n"
    folder = write_corpus(tmp_path / "c", files, meta)
    for load in (ck.load_corpus, ck.open_corpus):
        with pytest.raises(ck.CorpusValidationError) as err:
            load(folder)
        assert err.value.by_kind == {"MissingDateError": 7, "DateError": 6}
        assert all(isinstance(e, ck.DateError) for e in err.value.errors)  # an empty date is still a DateError
        lines = str(err.value).splitlines()
        assert lines[1].startswith(
            "  - 7 x MissingDateError, e.g. metadata.csv: line 2 (id 'e0'), field 'date': the date is missing"
        )
        assert lines[2] == (
            "    likely cause: 7 rows have an empty date: missing_dates='keep' (--missing-dates keep) loads them "
            "undated, or write their dates"
        )
        assert lines[3].startswith(
            "  - 6 x DateError, e.g. metadata.csv: line 9 (id 'm0'), field 'date': 'январь 2001' is not a date"
        )
        assert (
            "'январь' is no English month name, and date_format's %b and %B read English month names only" in (lines[3])
        )
        assert (
            "write such dates as ISO ones first (YYYY-MM or YYYY-MM-DD: read the table with read_metadata" in (lines[3])
        )
        assert lines[4] == (
            "    likely cause: 6 of them name the month in words that are no English month names ('январь 2001'), "
            "which no date_format reads (%b and %B read English names only): write them as ISO dates first"
        )
    # the empty dates kept, a date_format with %B: the month names are still said to be English only
    with pytest.raises(ck.CorpusValidationError) as err:
        ck.load_corpus(folder, missing_dates="keep", date_format="%B %Y")
    assert err.value.by_kind == {"DateError": 6}
    assert "'январь 2001' does not match date_format='%B %Y' (time data " in str(err.value)
    assert "); 'январь' is no English month name" in str(err.value)
    # a few of each: every one listed under its own kind; German, French and Spanish months alike
    frame = pd.DataFrame(
        {
            "doc_id": list("abcde"),
            "date": ["", "12. März 2021", None, "1er mars 2001", "12 de marzo de 2001"],
            "text": ["A."] * 5,
        }
    )
    with pytest.raises(ck.CorpusValidationError) as err:
        ck.corpus_from_frame(frame)
    lines = str(err.value).splitlines()
    assert [line.split(":")[0] for line in lines[1:]] == [
        "  - MissingDateError",
        "  - MissingDateError",
        "    likely cause",
        "  - DateError",
        "  - DateError",
        "  - DateError",
        "    likely cause",
    ]
    assert "'März' is no English month name" in lines[4] and "'mars' is no" in lines[5] and "'marzo'" in lines[6]
    # English month names and other forms keep their own hints
    with pytest.raises(ck.DateError, match=r"pass date_format='%B %Y'") as err:
        ck.parse_date("September 2001")
    assert "English month name" not in str(err.value)
    with pytest.raises(ck.DateError) as err:
        ck.parse_date("2001-03-05 (approx)")
    assert "month" not in str(err.value)


def test_utf8_with_a_stray_byte_read_in_a_single_byte_encoding_is_mojibake(tmp_path):
    """User 36: 5,000 bytes of UTF-8 and a stray 0xff. The error told 'its bytes read as text in cp1252', quoting
    the mojibake 'rÃ³wnieÅ¼'; following it loaded the mojibake without a word. Now the error says the file is
    UTF-8 but for a few places, and reading it as cp1252 is a MojibakeWarning pointing to UTF-8."""
    data = ("The manual says: również, dla wielu z nich. " * 100).encode("utf-8") + b"\xff\xfe caf\xe9."
    folder = write_corpus(tmp_path / "c", {"a.txt": data}, HEADER + "a,a.txt,2001\n")
    err = str(_load_error(folder))
    assert "it is UTF-8 but for 3 place(s) (byte offset(s) 4,600, 4,601, 4,606;" in err and "cp1252" not in err
    with pytest.warns(ck.MojibakeWarning, match=r"which in utf-8 is 'również"):
        corpus = ck.load_corpus(folder, encoding="cp1252")
    assert "rÃ³wnieÅ¼" in corpus.text("a")  # read as asked, with the warning
    replaced = ck.load_corpus(folder, encoding_errors="replace")
    assert replaced.text("a").endswith("\ufffd\ufffd caf\ufffd.")
