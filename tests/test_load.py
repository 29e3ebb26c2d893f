"""Loading and validation: every problem names the file, the line and the field."""

import hashlib
import re
from pathlib import Path

import pandas as pd
import pytest
from conftest import SEEDS, write_corpus

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


def test_byte_order_mark_is_rejected(tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": "\ufeffText."}, HEADER + "a,a.txt,2001\n")
    assert isinstance(_load_error(folder), ck.EncodingError)


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
    (tmp_path / "c").mkdir()
    with pytest.raises(ck.MetadataError, match=r"metadata file .* does not exist"):
        ck.load_corpus(tmp_path / "c")
    (tmp_path / "c" / "m.tsv").write_text("x")
    with pytest.raises(ck.MetadataError, match=r"unknown format '\.tsv'"):
        ck.load_corpus(tmp_path / "c", "m.tsv")


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
