"""The book's shared tables are computed once per build and cached on disk under a key of their inputs.

``book/essay.py`` stores each shared table (corpus, sentences, time references, events, event links,
sentiment scores, readings) under ``_build/.essay_cache/<key>/`` the first time a chapter kernel asks
for it; the other kernels load it. These tests check that the key changes with every input, that a
cached table is the computed one, and that the data files read with the C YAML parser give what
``yaml.safe_load`` gives.
"""

from __future__ import annotations

import pickle
import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml
from conftest import ROOT

sys.path.insert(0, str(ROOT / "book"))
import essay

import corpuskit as ck

SHARED = [essay.corpus, essay.sentences, essay.references, essay.events, essay.event_links, essay.scored]


@pytest.fixture
def copy(tmp_path: Path) -> tuple[Path, Path]:
    """The inputs of the key, copied: (book root, corpuskit package folder)."""
    root = tmp_path / "book-root"
    shutil.copytree(ROOT / "seeds", root / "seeds")
    shutil.copytree(ROOT / "book" / "data", root / "book" / "data")
    shutil.copy2(ROOT / "book" / "essay.py", root / "book" / "essay.py")
    package = tmp_path / "corpuskit"
    shutil.copytree(Path(ck.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    return root, package


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Shared tables forgotten by this process and cached in an empty folder."""
    monkeypatch.setattr(essay, "CACHE", tmp_path / "cache")

    def forget() -> None:
        essay._cache_folder.cache_clear()
        for f in [*SHARED, essay.readings, essay._documents, essay._doc_sentences, essay._folded_doc]:
            f.cache_clear()

    forget()
    yield forget
    forget()


def test_the_key_of_an_identical_copy_is_the_same(copy):
    root, package = copy
    assert essay.cache_key(root, package) == essay.cache_key()


@pytest.mark.parametrize(
    "edit",
    [
        "seeds/003_d75f1f55d4eada39.txt",  # one word of a source
        "seeds/cleaning.yml",
        "book/data/events.yml",
        "book/data/time_overrides.yml",
        "book/data/named_dates.yml",
        "book/essay.py",
        "corpuskit/sentiment.py",
        "corpuskit/data/english.yml",
    ],
)
def test_the_key_changes_when_any_input_changes(copy, edit: str):
    root, package = copy
    before = essay.cache_key(root, package)
    path = package / edit.removeprefix("corpuskit/") if edit.startswith("corpuskit/") else root / edit
    path.write_bytes(path.read_bytes().replace(b"e", b"E", 1))
    assert essay.cache_key(root, package) != before


def test_a_new_data_file_changes_the_key(copy):
    root, package = copy
    before = essay.cache_key(root, package)
    (root / "book" / "data" / "extra.yml").write_text("a: 1\n", "utf-8")
    assert essay.cache_key(root, package) != before


def test_package_versions_enter_the_key(copy, monkeypatch: pytest.MonkeyPatch):
    root, package = copy
    before = essay.cache_key(root, package)
    real = essay.importlib.metadata.version
    monkeypatch.setattr(essay.importlib.metadata, "version", lambda d: "0.0" if d == "pandas" else real(d))
    assert essay.cache_key(root, package) != before


def test_cached_tables_are_the_computed_tables(fresh):
    computed = {f.__name__: f() for f in SHARED}
    folder = essay.CACHE / essay.cache_key()
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{name}.pickle" for name in computed)
    fresh()
    for f in SHARED:
        loaded = f()
        if isinstance(loaded, pd.DataFrame):
            pd.testing.assert_frame_equal(loaded, computed[f.__name__])
    corpus = essay.corpus()
    for table in ["documents", "spans", "edits"]:
        pd.testing.assert_frame_equal(getattr(corpus, table), getattr(computed["corpus"], table))
    assert corpus.sources == computed["corpus"].sources
    pd.testing.assert_frame_equal(essay.events().events, computed["events"].events)


def test_a_table_is_read_from_the_folder_of_the_current_key(fresh, monkeypatch: pytest.MonkeyPatch):
    folder = essay.CACHE / essay.cache_key()
    folder.mkdir(parents=True)
    marker = pd.DataFrame({"planted": [1]})
    (folder / "sentences.pickle").write_bytes(pickle.dumps(marker))
    assert essay.sentences().equals(marker)  # read, not recomputed
    fresh()
    monkeypatch.setattr(essay, "cache_key", lambda *a, **k: "another-key")
    assert "planted" not in essay.sentences().columns  # a changed key never reads the old folder
    assert (essay.CACHE / "another-key" / "sentences.pickle").is_file()


def test_tables_of_earlier_inputs_are_removed(fresh):
    old = essay.CACHE / "an-earlier-key"
    old.mkdir(parents=True)
    (old / "corpus.pickle").write_bytes(b"")
    essay.events()
    assert not old.exists()
    assert (essay.CACHE / essay.cache_key() / "events.pickle").is_file()


@pytest.mark.parametrize(
    "value",
    [7, 0.125, "Putin and Bush", True, pd.DataFrame({"a": [1, 2]})],
    ids=["int", "float", "str", "bool", "frame"],
)
def test_glue_writes_what_myst_nb_glue_writes(value, monkeypatch: pytest.MonkeyPatch):
    """essay.glue skips importing myst_nb.ext.glue (nbformat, jsonschema) but must display the same."""
    import IPython.display
    import myst_nb.ext.glue

    monkeypatch.setattr(essay, "VALUES", {})
    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *a, **k: shown.append((a, k)))
    monkeypatch.setattr(myst_nb.ext.glue, "ipy_display", lambda *a, **k: shown.append((a, k)))
    essay.glue("name", value)
    myst_nb.ext.glue.glue("name", value, display=False)
    assert len(shown) == 2 and shown[0] == shown[1]
    (bundle,), options = shown[0]
    assert options["metadata"]["scrapbook"] == {"name": "name", "mime_prefix": essay.GLUE_PREFIX}
    assert essay.GLUE_PREFIX + "text/plain" in bundle


@pytest.mark.parametrize(
    "path",
    sorted([*(ROOT / "book" / "data").rglob("*.yml"), ROOT / "seeds" / "cleaning.yml"]),
    ids=lambda p: p.relative_to(ROOT).as_posix(),
)
def test_data_files_read_as_safe_load_reads_them(path: Path):
    """The same values as safe_load, and none lost: corpuskit's reader refuses a key given twice in one
    mapping (YAML keeps the last and drops the others without a word)."""
    from corpuskit.errors import CorpusError
    from corpuskit.yamlio import parse_yaml

    text = path.read_text("utf-8")
    assert essay.read_yaml(path) == yaml.safe_load(text) == parse_yaml(text, path.name, error=CorpusError)


@pytest.mark.parametrize("sizes", [(1, 1), (2, 3), (17, 9), (150, 40), (8, 300)])
def test_bootstrap_difference_draws_what_the_plain_loop_draws(sizes, tmp_path, monkeypatch):
    """essay.bootstrap_difference gives the numbers of the loop the chapters used to run, in order,
    computed or loaded from its cache."""
    import numpy as np

    monkeypatch.setattr(essay, "CACHE", tmp_path / "cache")
    essay._cache_folder.cache_clear()
    try:
        gen = np.random.default_rng(sum(sizes))
        a, b = np.round(gen.normal(size=sizes[0]), 3), gen.uniform(-1, 1, size=sizes[1])
        for seed in (0, essay.SEED):
            rng = np.random.default_rng(seed)
            loop = [rng.choice(b, b.size).mean() - rng.choice(a, a.size).mean() for _ in range(300)]
            computed = essay.bootstrap_difference(a, b, seed, n_boot=300)
            loaded = essay.bootstrap_difference(a, b, seed, n_boot=300)
            assert computed.tolist() == loop and loaded.tolist() == loop
        assert len(list((tmp_path / "cache").rglob("*.npy"))) == 2
    finally:
        essay._cache_folder.cache_clear()


@pytest.mark.parametrize("seed", [0, 20010911])
def test_bootstrap_integers_are_numpys_draws_rejections_included(seed):
    """The same numbers as one ``rng.integers(0, n)`` call per bound, for small bounds and for bounds
    just above 2**31, where NumPy rejects about half of the 32-bit words (the stream then shifts)."""
    import numpy as np

    gen = np.random.default_rng(seed + 1)
    for bounds in (
        gen.integers(2, 400, size=5000),
        np.array([2**31 + 1, 3, 2**31 + 7, 2**32, 2] * 8000),  # 40,000 bounds: rejections across blocks
        np.array([7]),
        np.array([], dtype=np.int64),
    ):
        rng = np.random.default_rng(seed)
        expected = [int(rng.integers(0, n)) for n in bounds.tolist()]
        got = essay.bootstrap_integers(np.random.default_rng(seed), bounds)
        assert got.tolist() == expected
    with pytest.raises(ValueError):
        essay.bootstrap_integers(np.random.default_rng(seed), np.array([1, 5]))


@pytest.mark.parametrize(
    "table", [(8, 123, 18, 161), (8, 123, 29, 91), (0, 5, 5, 5), (3, 10, 3, 10), (1, 1, 0, 1), (0, 40, 0, 7)]
)
def test_fisher_exact_p_is_scipys(table):
    from scipy.stats import fisher_exact

    k1, n1, k2, n2 = table
    expected = fisher_exact([[k1, n1 - k1], [k2, n2 - k2]]).pvalue
    assert essay.fisher_exact_p(*table) == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize(
    ("p", "text"),
    [(0.002345, "0.0024"), (0.0024, "0.0024"), (0.21, "0.21"), (0.5, "0.50"), (0.099999, "0.10"), (1.0, "1.0")],
)
def test_round_up_is_a_bound_never_below_the_value(p, text):
    assert essay.round_up(p) == text and float(text) >= p
