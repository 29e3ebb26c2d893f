"""The corpuskit command, called as a subprocess the way a user calls it."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pandas as pd
import pytest
from conftest import ROOT, RULES, SEEDS, write_corpus
from pandas.testing import assert_frame_equal
from test_stream import ACTORS, EVENTS, OVERRIDES

import corpuskit as ck
from corpuskit.cli import cli

EXE = Path(sys.executable).with_name("corpuskit")
COMMANDS = [
    "validate",
    "clean",
    "frequency",
    "tfidf",
    "keyness",
    "sentences",
    "sentiment",
    "time",
    "actors",
    "events",
    "cooccurrence",
]


#: a log line of Dask's own (e.g. "Event loop was unresponsive in Worker for 3.1s" on a loaded machine)
DASK_LOG = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ - distributed\.\S+ - (?:INFO|WARNING) - ")


def corpuskit(*args: str | Path, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(EXE), *map(str, args)], capture_output=True, text=True, timeout=300)
    if check:
        assert proc.returncode == 0, proc.stderr
        # no progress bar when stderr is not a terminal, no warnings (Dask's timing notes aside)
        assert [line for line in proc.stderr.splitlines() if not DASK_LOG.match(line)] == [], proc.stderr
    return proc


def test_console_script_lists_every_subcommand():
    out = corpuskit("--help").stdout
    for name in COMMANDS:
        assert f"  {name} " in out


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_of_every_subcommand_is_documented(name):
    command = cli.commands[name]
    undocumented = [p.opts[0] for p in command.params if isinstance(p, click.Option) and not p.help]
    assert undocumented == []
    out = corpuskit(name, "--help").stdout
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.opts[-1] in out


def test_frequency_parquet_equals_in_memory_table(clean, tmp_path):
    out = tmp_path / "bigrams.parquet"
    corpuskit("frequency", SEEDS, "--rules", RULES, "--by", "genre", "--ngram", "2", "--stopwords", "-o", out)
    expected = ck.term_frequency(clean, by="genre", ngram=2, stopwords=True)
    assert_frame_equal(pd.read_parquet(out), expected)


def test_frequency_csv_to_stdout_has_the_same_numbers(clean):
    got = pd.read_csv(pd.io.common.StringIO(corpuskit("frequency", SEEDS, "--by", "none").stdout))
    expected = ck.term_frequency(ck.load_corpus(SEEDS), by=None)
    assert list(got.columns) == list(expected.columns)
    assert got["term"].tolist() == expected["term"].tolist()
    assert got["n"].tolist() == expected["n"].tolist()


def test_frequency_in_two_worker_processes_equals_in_memory_table(clean, tmp_path):
    out = tmp_path / "tf.parquet"
    corpuskit("frequency", SEEDS, "--rules", RULES, "--by", "part", "--batch-mb", "0.02", "--jobs", "2", "-o", out)
    assert_frame_equal(pd.read_parquet(out), ck.term_frequency(clean, by="part"))


def test_measures_on_two_dask_workers_equal_in_memory(clean, tmp_path):
    out = tmp_path / "sentences.parquet"
    corpuskit("sentiment", SEEDS, "--rules", RULES, "--batch-mb", "0.02", "--workers", "2", "-o", out)
    assert_frame_equal(pd.read_parquet(out), ck.sentence_sentiment(clean))


def test_mentions_cooccurrence_time_and_events_as_parquet(clean, tmp_path):
    base = [SEEDS, "--rules", RULES, "--batch-mb", "0.02"]
    named = ["--named-dates", ROOT / "book" / "data" / "named_dates.yml"]
    corpuskit("time", *base, "--overrides", OVERRIDES, *named, "-o", tmp_path / "time.parquet")
    refs = ck.time_references(clean, overrides=OVERRIDES, named_dates=named[1])
    assert_frame_equal(pd.read_parquet(tmp_path / "time.parquet"), refs)
    corpuskit("actors", *base, "--actors", ACTORS, "-o", tmp_path / "actors.parquet")
    assert_frame_equal(pd.read_parquet(tmp_path / "actors.parquet"), ck.actor_mentions(clean, ACTORS))
    corpuskit("cooccurrence", *base, "--actors", ACTORS, "-o", tmp_path / "edges.parquet")
    edges = pd.read_parquet(tmp_path / "edges.parquet")
    expected = ck.network.cooccurrence(ck.actor_mentions(clean, ACTORS), item="actor", corpus=clean)
    assert_frame_equal(edges.drop(columns=["documents", "units"]), expected.drop(columns=["documents", "units"]))
    assert edges["units"].map(list).tolist() == expected["units"].map(list).tolist()
    corpuskit("events", *base, "--events", EVENTS, "--overrides", OVERRIDES, *named, "-o", tmp_path / "events.parquet")
    events = pd.read_parquet(tmp_path / "events.parquet")
    assert (
        events["narrated_year"].tolist() == ck.event_mentions(clean, EVENTS, references=refs)["narrated_year"].tolist()
    )


def test_sentiment_summary_and_keyness(clean):
    got = pd.read_csv(pd.io.common.StringIO(corpuskit("sentiment", SEEDS, "--rules", RULES, "--by", "part").stdout))
    expected = ck.summarise_sentiment(ck.sentence_sentiment(clean), "part")
    assert got["n"].tolist() == expected["n"].tolist()
    assert got["mean"].to_numpy() == pytest.approx(expected["mean"].to_numpy(), rel=1e-12)
    key = pd.read_csv(pd.io.common.StringIO(corpuskit("keyness", SEEDS, "--target", "kuzio2001").stdout))
    assert key["term"].head(10).tolist() == ck.keyness(ck.load_corpus(SEEDS), "kuzio2001")["term"].head(10).tolist()


def test_validate_prints_a_summary():
    proc = corpuskit("validate", SEEDS, "--rules", RULES)
    assert proc.stdout.startswith("ok: 29 documents")


@pytest.fixture
def broken(tmp_path) -> Path:
    return write_corpus(
        tmp_path / "broken",
        {"a.txt": b"\xff\xfe bad", "b.txt": "Fine text."},
        "id,file,date\na,a.txt,2001\nb,b.txt,2002-02-31\n",
    )


@pytest.mark.parametrize("command", ["frequency", "sentences", "validate"])
def test_bad_input_exits_1_with_one_line_and_no_traceback(broken, command):
    proc = corpuskit(command, broken, check=False)
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("corpuskit: ")
    assert "Traceback" not in proc.stderr + proc.stdout


def test_validate_lists_every_problem(broken):
    proc = corpuskit("validate", broken, check=False)
    assert proc.stdout.splitlines()[0].startswith("EncodingError: metadata.csv: line 2 (id 'a')")
    assert proc.stdout.splitlines()[1].startswith("DateError: metadata.csv: line 3 (id 'b'), field 'date'")
    assert proc.stderr.strip() == "corpuskit: CorpusError: 2 problems found in the corpus (on standard output)"


def test_validate_lists_whole_table_problems_with_every_file_problem(tmp_path):
    """A duplicate id or a file without a row no longer hides the other problems (a user fixed one and met the
    next); each is listed once, though a batch finds its own duplicate ids again."""
    folder = write_corpus(
        tmp_path / "c",
        {"a.txt": "One.", "b.txt": "Two.", "stray.txt": "No row."},
        "id,file,date\na,a.txt,2001\na,b.txt,2002\nc,c.txt,2019-02-30\n",
    )
    proc = corpuskit("validate", folder, check=False)
    assert proc.returncode == 1
    kinds = [line.split(":")[0] for line in proc.stdout.splitlines()]
    assert kinds == ["DuplicateIdError", "DateError", "MissingFileError", "UnlistedFileError"]  # table order
    assert proc.stderr.strip() == "corpuskit: CorpusError: 4 problems found in the corpus (on standard output)"
    stream = ck.open_corpus(folder, "metadata.csv", defer_errors=True, batch_mb=1e-6)  # one file per batch
    with pytest.raises(ck.CorpusValidationError) as err:
        stream.validate()
    assert [type(e).__name__ for e in err.value.errors] == kinds
    with pytest.raises(ck.CorpusValidationError, match="4 problems"):  # other measures refuse to run
        stream.term_frequency()
    with pytest.raises(ck.CorpusValidationError, match="4 problems") as err:  # by default open_corpus raises
        ck.open_corpus(folder, "metadata.csv")
    # the date, and the missing file (a stat), are checked with the table, not when their batch is reached
    assert [type(e).__name__ for e in err.value.errors] == kinds


@pytest.mark.parametrize(
    "args",
    [
        ["frequency", SEEDS, "--ngram", "0"],
        ["cooccurrence", SEEDS],
        ["nosuchcommand"],
        ["frequency", SEEDS, "--workers", "2", "--scheduler", "tcp://127.0.0.1:1"],
    ],
    ids=["bad-value", "missing-option", "unknown-command", "workers-and-scheduler"],
)
def test_bad_usage_exits_2_with_one_line(args):
    proc = corpuskit(*args, check=False)
    assert proc.returncode == 2
    assert len(proc.stderr.splitlines()) == 1 and proc.stderr.startswith("corpuskit: error: ")


def test_missing_folder_and_unknown_column_are_one_line_errors(tmp_path):
    for args, text in [
        ([tmp_path / "nowhere"], "does not exist"),
        ([SEEDS, "--by", "nosuch"], "by=['nosuch'] is not a column"),
        ([SEEDS, "-o", tmp_path / "no" / "dir.csv"], "cannot write"),
    ]:
        proc = corpuskit("frequency", *args, check=False)
        assert proc.returncode == 1 and len(proc.stderr.splitlines()) == 1 and text in proc.stderr


def test_python_dash_m_runs_the_same_command():
    proc = subprocess.run([sys.executable, "-m", "corpuskit", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and ck.__version__ in proc.stdout


def test_a_stray_text_file_stops_a_command_unless_unlisted_files_are_allowed(tmp_path):
    folder = write_corpus(
        tmp_path / "c",
        {"a.txt": "One text about trade.", "notes.txt": "My own notes, not a document."},
        "id,file,date\na,a.txt,2001\n",
    )
    proc = corpuskit("frequency", folder, check=False)
    assert proc.returncode == 1 and "UnlistedFileError" in proc.stderr and "'notes.txt'" in proc.stderr
    table = pd.read_csv(io.StringIO(corpuskit("frequency", folder, "--allow-unlisted").stdout))
    assert sorted(table["term"]) == ["about", "one", "text", "trade"]
    assert ck.open_corpus(folder, check_unlisted=False).term_frequency()["term"].tolist() == table["term"].tolist()


def test_encoding_delimiter_and_warnings_from_the_shell(tmp_path):
    # a Russian text in KOI8-R, a German one in cp1252, a table Excel wrote with semicolons and a BOM
    files = {"ru.txt": "Мир. Ещё мир.".encode("koi8-r"), "de.txt": "Grüße.".encode("cp1252")}
    meta = '\ufeff"id";"file";"date"\r\n"ru";"ru.txt";"2001-03"\r\n"de";"de.txt";"2002"\r\n'
    folder = write_corpus(tmp_path / "c", files, meta)
    proc = corpuskit("validate", folder, check=False)
    assert proc.returncode == 1 and "pass delimiter=';' (--delimiter on the command line)" in proc.stdout
    proc = corpuskit("validate", folder, "--delimiter", ";", check=False)
    first = proc.stdout.splitlines()[0]
    assert first.startswith(
        "EncodingError: metadata.csv: line 2 (id 'ru'): file 'ru.txt' is not valid UTF-8: byte 0xed"
    )
    assert "its bytes read as text in koi8-r ('Мир. Ещё мир.'): pass encoding='koi8-r' (--encoding koi8-r)" in first
    (folder / "de.txt").write_bytes(b"Danke.")  # one encoding for every file: ASCII is KOI8-R too
    table = pd.read_csv(io.StringIO(corpuskit("frequency", folder, "--delimiter", ";", "--encoding", "koi8-r").stdout))
    assert dict(zip(table["term"], table["n"])) == {"мир": 2, "ещё": 1, "danke": 1}
    # a warning is one line on standard error, once, and the table is still written
    (folder / "de.txt").write_bytes("Gru\u0308ße.".encode("utf-8"))
    (folder / "ru.txt").write_bytes("Grüße.".encode())
    proc = corpuskit("frequency", folder, "--delimiter", ";", "--batch-mb", "0.000001", check=False)
    assert proc.returncode == 0
    assert proc.stderr.splitlines() == [
        "corpuskit: warning: UnicodeFormWarning: 1 of 2 texts are not in Unicode NFC form (e.g. file 'de.txt': "
        "'U+0075 LATIN SMALL LETTER U + U+0308 COMBINING DIAERESIS', which NFC writes as 'U+00FC LATIN SMALL LETTER U "
        "WITH DIAERESIS'): the same word written in two forms is counted as two words, and one form matches no "
        "stopword or lexicon entry and no kwic query typed in the other; normalise the texts to NFC first "
        "(unicodedata.normalize('NFC', text))"
    ]
    proc = corpuskit("frequency", folder, "--encoding", "klingon", check=False)
    assert proc.returncode == 1 and proc.stderr.startswith("corpuskit: ArgumentError: encoding='klingon': unknown")
    proc = corpuskit("frequency", folder, "--delimiter", "::", check=False)
    assert proc.returncode == 2 and "--delimiter" in proc.stderr


def test_help_says_raw_text_is_measured_without_rules():
    out = " ".join(corpuskit("--help").stdout.split())
    assert "measured as they are in the files (raw) unless --rules FILE (cleaning rules) or --clean" in out
    out = " ".join(corpuskit("frequency", "--help").stdout.split())
    assert "Without --rules or --clean the raw files are measured as they are" in out
    assert "--encoding TEXT Encoding of the text files" in out and "[default: utf-8]" in out


def test_stopword_file_with_bom_or_in_latin1(tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": "Und der Hund."}, "id,file,date\na,a.txt,2001\n")
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbfund\nder\n")  # Notepad's UTF-8: the mark is not part of 'und'
    table = pd.read_csv(io.StringIO(corpuskit("frequency", folder, "--stopword-file", tmp_path / "bom.txt").stdout))
    assert table["term"].tolist() == ["hund"]
    (tmp_path / "latin1.txt").write_bytes(b"und\nd\xe9r\n")
    proc = corpuskit("frequency", folder, "--stopword-file", tmp_path / "latin1.txt", check=False)
    assert proc.returncode == 1 and len(proc.stderr.splitlines()) == 1
    assert "latin1.txt' is not valid UTF-8: byte 0xe9 at byte offset 5 (line 2)" in proc.stderr


def test_a_pipe_or_a_folder_as_a_list_file_says_what_it_is(tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": "Und der Hund."}, "id,file,date\na,a.txt,2001\n")
    os.mkfifo(tmp_path / "pipe")  # what a shell's <(...) passes: never opened, so never waited on
    proc = corpuskit("frequency", folder, "--stopword-file", tmp_path / "pipe", check=False)
    assert proc.returncode == 1 and "is a pipe, not a file (a shell's <(...) gives one" in proc.stderr
    proc = corpuskit("frequency", folder, "--abbreviations", tmp_path / "pipe", check=False)
    assert proc.returncode == 1 and "write the list to a file" in proc.stderr
    proc = corpuskit("frequency", folder, "--stopword-file", tmp_path, check=False)  # refused by the option
    assert proc.returncode == 2 and "is a directory" in proc.stderr


def test_an_undated_corpus_on_the_command_line(tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": "In 1999 they met.", "b.txt": "Later."}, "id,title\na,A\nb,B\n")
    failed = corpuskit("frequency", folder, check=False)
    assert failed.returncode != 0 and "--no-dates on the command line" in failed.stderr
    out = corpuskit("frequency", folder, "--no-dates").stdout
    assert pd.read_csv(io.StringIO(out))["n"].sum() == 5
    proc = corpuskit("time", folder, "--no-dates", check=False)
    assert proc.returncode == 0 and "UndatedWarning" in proc.stderr
    assert pd.read_csv(io.StringIO(proc.stdout))["expr"].astype(str).tolist() == ["1999"]


def test_a_warning_repeated_by_every_batch_with_its_own_figures_is_shown_once(tmp_path):
    german = ["Das ist ein Haus und der Garten ist schön. " * 40, "Die Kinder spielen im Park am Abend. " * 50]
    files = {f"{k}.txt": german[k % 2] for k in range(4)}
    folder = write_corpus(tmp_path / "c", files, "id\n" + "".join(f"{k}\n" for k in range(4)))
    proc = corpuskit("sentences", folder, "--no-dates", "--batch-mb", "0.001", check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.count("EnglishOnlyWarning") == 1, proc.stderr


def test_conflicting_options_are_usage_errors(tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": "In 1999 they met.", "b.txt": "Later."}, "id,grp\na,x\nb,y\n")
    proc = corpuskit("keyness", folder, "--no-dates", "--by", "grp", "--by", "id", "--target", "x", check=False)
    assert proc.returncode == 2 and "keyness takes one --by" in proc.stderr
    proc = corpuskit("frequency", folder, "--no-dates", "--date-col", "when", check=False)
    assert proc.returncode == 2 and "--no-dates reads no date column" in proc.stderr


def test_documents_without_a_date_on_the_command_line(tmp_path):
    folder = write_corpus(tmp_path / "c", {"a.txt": "In 1999 they met.", "b.txt": "Later."}, "id,date\na,2020\nb,\n")
    failed = corpuskit("frequency", folder, check=False)
    assert failed.returncode != 0 and "--missing-dates keep on the command line" in failed.stderr
    proc = corpuskit("frequency", folder, "--missing-dates", "keep", check=False)
    assert proc.returncode == 0 and proc.stderr.count("UndatedWarning: 1 of 2 documents have no date") == 1
    assert pd.read_csv(io.StringIO(proc.stdout))["n"].sum() == 5
    proc = corpuskit("frequency", folder, "--no-dates", "--missing-dates", "keep", check=False)
    assert proc.returncode == 2 and "--missing-dates has nothing to keep" in proc.stderr


def test_sentiment_by_a_column_with_empty_cells_is_refused(tmp_path):
    files = {"a.txt": "A good day.", "b.txt": "A bad day.", "c.txt": "Fine."}
    folder = write_corpus(tmp_path / "c", files, "id,date,section\na,2020,x\nb,2021,\nc,2021,y\n")
    for extra in ([], ["--period", "year"]):
        proc = corpuskit("sentiment", folder, "--by", "section", "--no-vader", *extra, check=False)
        assert proc.returncode == 1 and "column 'section' is missing for 1 sentence(s) of 1 document(s) ('b')" in (
            proc.stderr
        ), proc.stderr


def test_a_reader_that_stops_reading_ends_the_command_quietly(tmp_path):
    """`corpuskit frequency ... | head -1`: status 141 (as a tool killed by SIGPIPE), nothing on stderr."""
    files = {f"{k}.txt": " ".join(f"{k}word{i}" for i in range(3000)) for k in "abcd"}
    folder = write_corpus(tmp_path / "c", files, "id,date\na,2020\nb,2020\nc,2021\nd,2021\n")
    cmd = [sys.executable, "-m", "corpuskit.cli", "frequency", str(folder)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline().startswith(b"doc_id,term")
    proc.stdout.close()  # the reader stops
    err = proc.stderr.read()
    assert proc.wait() == 141 and err == b"", err


def test_the_date_format_hint_reaches_the_command_line(tmp_path):
    files = {f"{k}.txt": f"Text {k} here." for k in "abc"}
    folder = write_corpus(tmp_path / "c", files, "id,date\na,01/02/1989\nb,29/06/2007\nc,03/04/2010\n")
    proc = corpuskit("frequency", folder, check=False)
    assert proc.returncode == 1 and "likely cause: the dates are written day first ('29/06/2007'): pass " in proc.stderr
    proc = corpuskit("validate", folder, check=False)
    assert "likely cause of the DateErrors: the dates are written day first" in proc.stdout, proc.stdout
    out = corpuskit("frequency", folder, "--date-format", "%d/%m/%Y").stdout
    assert pd.read_csv(io.StringIO(out))["n"].sum() == 9


def test_the_year_range_of_time_references_reaches_the_stream_and_the_command_line(tmp_path):
    """--min-year/--max-year (and the stream's min_year/max_year) read what the in-memory call reads."""
    files = {"a.txt": "The Normans came in 1066. Troy fell about 1184 B.C. The charter of 1215 followed."}
    folder = write_corpus(tmp_path / "c", files, "id,date\na,1611\n")
    memory = ck.time_references(ck.load_corpus(folder), min_year=1000)
    assert memory["year"].tolist() == [1066, 1215]
    stream = ck.open_corpus(folder).time_references(min_year=1000)
    assert_frame_equal(stream, memory)
    proc = corpuskit("time", folder, "--min-year", "1000")
    assert pd.read_csv(io.StringIO(proc.stdout))["year"].tolist() == [1066, 1215]
    default = corpuskit("time", folder, check=False)  # the default range starts at 1600, and says what it left
    assert default.returncode == 0 and pd.read_csv(io.StringIO(default.stdout)).empty
    assert "YearRangeWarning" in default.stderr and "(e.g. 1066)" in default.stderr
    proc = corpuskit("time", folder, "--min-year", "1300", "--max-year", "1200", check=False)
    assert proc.returncode == 1 and "min_year=1300 is after max_year=1200" in proc.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the workers' death signal is Linux's prctl")
@pytest.mark.parametrize("signum", ["SIGTERM", "SIGKILL"])
def test_a_terminated_run_leaves_no_worker_and_no_output(tmp_path, signum):
    """`kill` (SIGTERM) ends a run with two workers as Ctrl-C does: status 143, one line, workers stopped,
    no output file; after `kill -9` (SIGKILL), which the run cannot see, the workers end too (they were left
    running, each holding its memory)."""
    import random
    import signal
    import time

    import psutil

    rng = random.Random(0)
    words = [f"w{i}" for i in range(5000)]
    files = {f"d{i}.txt": " ".join(rng.choices(words, k=25_000)) for i in range(120)}  # about 20 MB
    folder = write_corpus(tmp_path / "c", files, "id,date\n" + "".join(f"d{i},2020\n" for i in range(120)))
    out = tmp_path / "out.csv"
    cmd = [sys.executable, "-m", "corpuskit.cli", "frequency", str(folder), "--jobs", "2", "--batch-mb", "0.3"]
    proc = subprocess.Popen([*cmd, "--by", "none", "-o", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while len(kids := psutil.Process(proc.pid).children()) < 2:
        assert proc.poll() is None and time.monotonic() < deadline, "the run ended before its workers started"
        time.sleep(0.02)
    proc.send_signal(getattr(signal, signum))
    _, err = proc.communicate(timeout=60)
    if signum == "SIGTERM":
        assert proc.returncode == 143 and err.decode().strip() == "corpuskit: terminated", err
    deadline = time.monotonic() + 10
    while any(k.is_running() and k.status() != psutil.STATUS_ZOMBIE for k in kids):
        assert time.monotonic() < deadline, f"workers still running after {signum}: {[k.pid for k in kids]}"
        time.sleep(0.05)
    assert not out.exists()


def test_a_table_is_written_whole_or_not_at_all(tmp_path, monkeypatch):
    """A write that fails half-way (a full disk) leaves neither a truncated table nor a half-replaced former
    one, and no temporary file; the error names the path. A written file gets the umask's usual mode."""
    table = pd.DataFrame({"term": ["cat", "dog"], "n": [2, 1]})
    former = tmp_path / "counts.csv"
    former.write_text("term,n\nold,9\n", "utf-8")

    def half_then_full(self, target, **kwargs):
        Path(target).write_text("term,n\nca", "utf-8")
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(pd.DataFrame, "to_csv", half_then_full)
        with pytest.raises(ck.CorpusError, match=r"cannot write '.*counts\.csv': No space left on device"):
            ck.write_table(table, former)
        with pytest.raises(ck.CorpusError, match=r"new\.csv"):
            ck.write_table(table, tmp_path / "new.csv")
    assert former.read_text("utf-8") == "term,n\nold,9\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["counts.csv"]
    ck.write_table(table, former)
    assert former.read_text("utf-8") == "term,n\ncat,2\ndog,1\n"
    umask = os.umask(0)
    os.umask(umask)
    assert former.stat().st_mode & 0o777 == 0o666 & ~umask


def test_sentiment_by_period_of_an_undated_corpus_is_refused_before_scoring(tmp_path):
    """--period with --no-dates or --metadata none: a usage error at once, not after every sentence is scored."""
    folder = write_corpus(tmp_path / "c", {"a.txt": "A good day.", "b.txt": "A bad day."}, "id\na\nb\n")
    for extra in (["--no-dates"], ["--metadata", "none"]):
        proc = corpuskit("sentiment", folder, "--no-vader", "--period", "year", *extra, check=False)
        assert proc.returncode == 2 and "--period needs dates" in proc.stderr, proc.stderr


def test_sentiment_keeps_neutral_phrases_out_of_the_scores(tmp_path):
    files = {"a.txt": "The United States helped. A good day.", "b.txt": "The Security Council met.\n\nIt was bad."}
    folder = write_corpus(tmp_path / "c", files, "id,date\na,2020\nb,2021\n")
    phrases = tmp_path / "neutral.txt"
    phrases.write_text("\ufeffUnited States\n\n  Security Council  \n", encoding="utf-8")  # a BOM, a blank line
    corpus = ck.load_corpus(folder)
    expected = ck.sentence_sentiment(corpus, neutral=["United States", "Security Council"])
    assert expected["n_neutral"].tolist() == [1, 0, 1, 0]
    for args in (["--neutral", "United States", "--neutral", "Security Council"], ["--neutral-file", phrases]):
        got = pd.read_csv(io.StringIO(corpuskit("sentiment", folder, *args).stdout))
        assert got["n_neutral"].tolist() == expected["n_neutral"].tolist()
        assert got["vader"].round(6).tolist() == expected["vader"].round(6).tolist()
    # without the options the table has no n_neutral column; a summary reads the neutralised scores
    assert "n_neutral" not in pd.read_csv(io.StringIO(corpuskit("sentiment", folder).stdout)).columns
    summary = pd.read_csv(
        io.StringIO(corpuskit("sentiment", folder, "--by", "doc_id", "--neutral-file", phrases).stdout)
    )
    assert summary["mean"].round(6).tolist() == expected.groupby("doc_id")["polarity"].mean().round(6).tolist()
    moments = corpuskit(
        "sentiment", folder, "--by", "doc_id", "--moments", "--value", "vader", "--neutral-file", phrases
    )
    got = pd.read_csv(io.StringIO(moments.stdout))["mean"].round(6).tolist()
    assert got == expected.groupby("doc_id")["vader"].mean().round(6).tolist()
    proc = corpuskit("sentiment", folder, "--neutral", ":-)", check=False)
    assert proc.returncode == 1 and "neutral[0]: the phrase ':-)' has no letter or digit" in proc.stderr
    proc = corpuskit("sentiment", folder, "--neutral-file", tmp_path / "nosuch.txt", check=False)
    assert proc.returncode == 1 and "neutral-phrase file" in proc.stderr
