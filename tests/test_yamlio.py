"""One YAML reader: every way a YAML data file can fail raises the package's error naming the file and line.

Each kind of failure is tried through each public entry point that reads YAML (actor and event
lists, cleaning rules, time-reference overrides, the command line's spelling variants) and through
the reader of the package's own data files.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEEDS

import corpuskit as ck
from corpuskit import yamlio
from corpuskit.cli import main

# kind -> (file bytes, text every message must contain besides the file name)
FAILURES: dict[str, tuple[bytes, list[str]]] = {
    "syntax": (b"version: 1\nactors: [a, b\nnote: x\n", ["line 3", "cannot parse YAML"]),
    "alias": (b"version: 1\nbase: &b [1]\nactors: *b\n", ["line 3", "aliases (*b) are not accepted"]),
    "top-level list": (b"# a comment\n- one\n- two\n", ["line 2", "expected a mapping", "got a list"]),
    "top-level scalar": (b"just words\n", ["line 1", "got the str 'just words'"]),
    "empty": (b"# nothing but a comment\n", ["line 1", "got nothing (the file is empty)"]),
    "encoding": (
        b"version: 1\nnote: caf\xe9\n",
        ["line 2", "not valid UTF-8", "byte 0xe9 at byte offset 20", "save it as UTF-8, e.g. iconv"],
    ),
    "unreadable": (b"version: 1\n", ["cannot be read", "Permission denied"]),
    "nested too deeply": (b"a: " + b"[" * 3000 + b"1" + b"]" * 3000 + b"\n", ["cannot parse YAML (nested too deeply)"]),
    "missing": (None, ["does not exist or is not a file"]),
    # YAML itself keeps the last of two equal keys and drops the first without a word
    "duplicate key": (
        b"version: 1\nactors: [a]\nactors: [b]\n",
        ["line 3", "the key 'actors' is given twice, first on line 2"],
    ),
}


def _overrides(path: Path) -> None:
    ck.time_references(ck.corpus_from_frame(_frame()), overrides=path)


def _frame():
    import pandas as pd

    return pd.DataFrame({"doc_id": ["a"], "text": ["In 2001 it began."], "date": ["2002"]})


ENTRY_POINTS = {
    "load_actors": (ck.load_actors, ck.RulesError),
    "load_events": (ck.load_events, ck.RulesError),
    "load_rules": (ck.load_rules, ck.RulesError),
    "clean_corpus": (lambda p: ck.clean_corpus(ck.corpus_from_frame(_frame()), p), ck.RulesError),
    "time_references(overrides=)": (_overrides, ck.CorpusError),
}


def _write(tmp_path: Path, kind: str, monkeypatch) -> Path:
    data, _ = FAILURES[kind]
    path = tmp_path / "data.yml"
    if data is not None:
        path.write_bytes(data)
    if kind == "unreadable":  # the tests may run as root, for whom chmod 000 does not stop reading
        real = Path.read_bytes

        def refuse(self: Path) -> bytes:
            if self == path:
                raise PermissionError(13, "Permission denied", str(self))
            return real(self)

        monkeypatch.setattr(Path, "read_bytes", refuse)
    return path


@pytest.mark.parametrize("kind", list(FAILURES))
@pytest.mark.parametrize("entry", list(ENTRY_POINTS))
def test_every_yaml_failure_is_the_package_error_naming_file_and_line(tmp_path, monkeypatch, entry, kind):
    func, error = ENTRY_POINTS[entry]
    if entry == "time_references(overrides=)" and kind == "top-level list":
        pytest.skip("overrides may be a list")
    path = _write(tmp_path, kind, monkeypatch)
    with pytest.raises(error) as info:
        func(path)
    message = str(info.value)
    assert "data.yml" in message
    for text in FAILURES[kind][1]:
        expected = text.replace("a mapping", "a mapping or a list") if entry.startswith("time_") else text
        assert expected in message


@pytest.mark.parametrize("kind", list(FAILURES))
def test_command_line_reports_every_yaml_failure_in_one_line(tmp_path, monkeypatch, capsys, kind):
    path = _write(tmp_path, kind, monkeypatch)
    if kind == "missing":
        path.touch()  # click checks existence itself; remove the file after it has
        path.unlink()
    assert main(["frequency", str(SEEDS), "--replace", str(path)]) in (1, 2)
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "data.yml" in err
    if kind != "missing":
        for text in FAILURES[kind][1]:
            assert text in err


def test_a_yaml_error_is_a_value_error_and_not_a_yaml_error(tmp_path):
    import yaml

    path = tmp_path / "bad.yml"
    path.write_text("a: [\n", encoding="utf-8")
    with pytest.raises(ck.RulesError) as info:
        ck.load_actors(path)
    assert isinstance(info.value, ValueError) and not isinstance(info.value, yaml.YAMLError)
    assert isinstance(info.value.__cause__, yaml.YAMLError)  # the parser's own message stays reachable


def test_overrides_accept_a_list_or_a_mapping_at_the_top(tmp_path):
    path = tmp_path / "o.yml"
    path.write_text("- {doc_id: a, expr: '2001', year: 2000, note: x}\n", encoding="utf-8")
    refs = ck.time_references(ck.corpus_from_frame(_frame()), overrides=path)
    assert refs["year"].tolist() == [2000]


def test_package_data_files_are_read_by_the_same_reader():
    assert set(yamlio.read_package_yaml("english.yml")) >= {"abbreviations", "stopwords", "sentence_openers"}
    with pytest.raises(ck.RulesError, match=r"corpuskit/data/basic_rules.yml: line \d+: expected a list"):
        yamlio.read_package_yaml("basic_rules.yml", error=ck.RulesError, expect=list)
    with pytest.raises(ck.CorpusError, match=r"corpuskit/data/nothing\.yml cannot be read"):
        yamlio.read_package_yaml("nothing.yml")


def test_metadata_keeps_scalars_as_written_with_lines():
    data = yamlio.parse_yaml("- id: 010\n  ok: no\n- id: 2\n", "m.yml", error=ck.MetadataError, keep_lines=True)
    assert data == [{"id": "010", "ok": "no", "_line": 1}, {"id": "2", "_line": 3}]


def test_load_module_still_offers_read_yaml():
    from corpuskit import load

    assert load.read_yaml is yamlio.read_yaml


@pytest.mark.parametrize("kind", ["syntax", "alias", "nested too deeply", "duplicate key"])
def test_yaml_metadata_failures_are_metadata_errors(tmp_path, kind):
    (tmp_path / "a.txt").write_text("Some text.", encoding="utf-8")
    (tmp_path / "m.yml").write_bytes(FAILURES[kind][0])
    with pytest.raises(ck.MetadataError) as info:
        ck.load_corpus(tmp_path, "m.yml")
    assert "m.yml" in str(info.value) and all(t in str(info.value) for t in FAILURES[kind][1])


def test_a_field_given_twice_in_a_metadata_row_or_a_rule_is_refused(tmp_path):
    (tmp_path / "a.txt").write_text("Mr. Putin met Mr. Bush.", encoding="utf-8")
    (tmp_path / "m.yml").write_text("- {id: a, file: a.txt, date: 2001, date: 2005}\n", encoding="utf-8")
    with pytest.raises(ck.MetadataError, match=r"m\.yml: line 1, column 36: .*the key 'date' is given twice"):
        ck.load_corpus(tmp_path, "m.yml")
    (tmp_path / "m.csv").write_text("id,file,date\na,a.txt,2001\n", encoding="utf-8")
    rule = "spans:\n  - {name: r, pattern: Mr, pattern: Bush, label: boilerplate}\n"
    (tmp_path / "r.yml").write_text(rule, encoding="utf-8")
    with pytest.raises(ck.RulesError, match=r"r\.yml: line 2, .*the key 'pattern' is given twice, first on line 2"):
        ck.load_corpus(tmp_path, "m.csv").clean(tmp_path / "r.yml")


_REPO = Path(__file__).resolve().parents[1]
_YAML_FILES = sorted(
    p for d in ("book/data", "src/corpuskit/data", "seeds") for p in (_REPO / d).rglob("*.yml") if p.is_file()
)


@pytest.mark.skipif(not yamlio._C_LOADERS, reason="PyYAML without libyaml")
@pytest.mark.parametrize("keep_lines", [False, True])
def test_the_c_parser_reads_every_data_file_as_the_python_parser_does(keep_lines):
    import yaml

    assert len(_YAML_FILES) > 10
    python_loader = yamlio._LineLoader if keep_lines else yamlio._NoAliasLoader
    for path in _YAML_FILES:
        text = path.read_text("utf-8")
        assert yamlio._load(text, keep_lines) == yaml.load(text, Loader=python_loader), path


@pytest.mark.skipif(not yamlio._C_LOADERS, reason="PyYAML without libyaml")
def test_the_c_parser_hands_aliases_and_deep_nesting_to_the_python_parser(monkeypatch):
    import yaml

    calls = []
    python_load = yaml.load
    monkeypatch.setattr(yaml, "load", lambda text, Loader: calls.append(text) or python_load(text, Loader=Loader))
    assert yamlio.parse_yaml("a: [1, 2]\nb: {c: d}\n", "x.yml", error=ck.CorpusError) == {"a": [1, 2], "b": {"c": "d"}}
    assert calls == []  # read by the C parser alone
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    with pytest.raises(ck.CorpusError, match=r"line 2, column 8: .*aliases \(\*a\) are not accepted"):
        yamlio.parse_yaml(bomb, "x.yml", error=ck.CorpusError)
    deep = "a: " + "[" * 150 + "1" + "]" * 150 + "\n"
    assert yamlio.parse_yaml(deep, "x.yml", error=ck.CorpusError)["a"][0][0][0] is not None
    assert calls == [bomb, deep]


@pytest.mark.parametrize(
    ("name", "load", "text", "match"),
    [
        (
            "events.yml",
            ck.load_events,
            "version: 1\nevents:\n  - {id: a, label: A, year: 1999, cues: [x]}\n"
            "  # a comment\n  - id: b\n    label: B\n    year: '2001'\n    cues: [y]\n",
            r"events\.yml: line 5: events\[1\] \(b\): 'year' must be",
        ),
        (
            "actors.yml",
            ck.load_actors,
            "version: 1\nactors:\n  - {label: Ann, type: person, aliases: [Ann]}\n"
            "  - {label: Bob, type: robot, aliases: [Bob]}\n",
            r"actors\.yml: line 4: actors\[1\]",
        ),
        (
            "rules.yml",
            ck.load_rules,
            "version: 1\nnormalize:\n  - {name: ok, pattern: a, replace: b}\n"
            "  - {name: bad, pattern: '(', replace: b}\n",
            r"rules\.yml: line 4: normalize\[1\] \(bad\): invalid regular expression",
        ),
    ],
)
def test_a_wrong_value_in_a_data_file_is_named_with_its_line(tmp_path, name, load, text, match):
    """Events, actors and rules name the item they refuse by its place and, read from a file, its line."""
    (tmp_path / name).write_text(text, "utf-8")
    with pytest.raises(ck.RulesError, match=match):
        load(tmp_path / name)


def test_a_wrong_value_given_as_a_mapping_is_named_by_its_place(tmp_path):
    # a mapping has no lines: the place alone, as before
    with pytest.raises(ck.RulesError, match=r"^<events>: events\[0\] \(b\): 'year' must be"):
        ck.load_events({"version": 1, "events": [{"id": "b", "label": "B", "year": "2001", "cues": ["y"]}]})
    # an error that names no item is left as it was
    with pytest.raises(ck.RulesError, match=r"events2\.yml: the 'events:' list is empty"):
        (tmp_path / "events2.yml").write_text("version: 1\nevents: []\n", "utf-8")
        ck.load_events(tmp_path / "events2.yml")


def test_a_data_file_larger_than_the_limit_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    """Parsing YAML takes some 20 times a file's size in memory: a huge rules or replace file is refused."""
    import corpuskit.yamlio as yamlio

    big = tmp_path / "replace.yml"
    big.write_text("".join(f"w{i}: v{i}\n" for i in range(20_000)), "utf-8")  # about 0.3 MB
    monkeypatch.setattr(yamlio, "MAX_MB", 0.1)
    with pytest.raises(ck.RulesError, match=r"rules file '.*replace\.yml' holds 0\.[0-9] MB; .* up to 0\.1 MB"):
        ck.load_rules(big)
    monkeypatch.setattr(yamlio, "MAX_MB", 32)
    with pytest.raises(ck.RulesError, match="unknown"):  # read, then refused for what it says, not its size
        ck.load_rules(big)


def test_a_byte_order_mark_does_not_shift_the_offset_of_a_bad_byte(tmp_path):
    """utf-8-sig counted the offset from after the mark: 'byte 0x63 at byte offset 20' named the 'c' before the 0xe9."""
    path = tmp_path / "a.yml"
    path.write_bytes(b"\xef\xbb\xbfactors: []\nnote: caf\xe9\n")
    with pytest.raises(ck.RulesError, match=r"byte 0xe9 at byte offset 23 \(line 2\); save it as UTF-8"):
        ck.load_actors(path)
    meta = b"\xef\xbb\xbfid,file,date\na,a.txt,2001 caf\xe9\n"
    (tmp_path / "metadata.csv").write_bytes(meta)
    with pytest.raises(ck.MetadataError, match=rf"byte 0xe9 at byte offset {meta.index(0xE9)} \(line 2\)"):
        ck.read_metadata(tmp_path / "metadata.csv")


def test_a_document_nested_thirty_thousand_levels_deep_is_refused_not_a_crash(tmp_path):
    """libyaml's composer recurses in C: 30,000 nested brackets (a 60 KB file) crashed the interpreter
    (SIGSEGV). The depth is read from the parser's events first; run in a child process, so that a crash
    would fail this test instead of ending the test run."""
    import subprocess
    import sys

    for name, body in [("brackets.yml", "[" * 100_000 + "]" * 100_000), ("dashes.yml", "\n" + "- " * 100_000 + "x")]:
        rules = tmp_path / name
        rules.write_text("actors: " + body + "\n", "utf-8")
        code = (
            "import corpuskit as ck\n"
            f"try:\n    ck.load_actors({str(rules)!r})\nexcept ck.CorpusError as e:\n    print(type(e).__name__, e)\n"
        )
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, (name, done.returncode, done.stderr[-500:])
        assert "nested too deeply" in done.stdout and name in done.stdout


def test_an_integer_too_long_for_python_is_the_files_error_with_its_line(tmp_path):
    rules = tmp_path / "big.yml"
    rules.write_text("version: 1\nactors:\n  - {label: X, type: person, aliases: [" + "9" * 5000 + "]}\n", "utf-8")
    with pytest.raises(ck.CorpusError, match=r"big\.yml: line 3: cannot read a value \(Exceeds the limit"):
        ck.load_actors(rules)
