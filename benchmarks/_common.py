"""Shared by the benchmark scripts: the large prose corpus and writing results."""

from __future__ import annotations

import json
import sys
from pathlib import Path

#: The reStructuredText sources of the Python 3.11 documentation (Debian: apt-get install python3.11-doc).
DEFAULT_CORPUS = Path("/usr/share/doc/python3.11/html/_sources")
RESULTS = Path(__file__).with_name("results")


def load_prose(folder: Path, minimum_bytes: int = 10_000_000) -> tuple[list[Path], list[str], int]:
    """Every ``*.txt`` under ``folder`` (sorted), their texts, and their size in bytes; exit if too small."""
    files = sorted(folder.rglob("*.txt"))
    texts = [f.read_text("utf-8") for f in files]
    n_bytes = sum(len(t.encode("utf-8")) for t in texts)
    if n_bytes < minimum_bytes:
        print(
            f"only {n_bytes / 1e6:.1f} MB of text under {folder}; the benchmark needs "
            f"{minimum_bytes / 1e6:.0f} MB (apt-get install python3.11-doc)",
            file=sys.stderr,
        )
        raise SystemExit(2)
    return files, texts, n_bytes


def write_result(result: dict, out: Path) -> None:
    """Print the result and store it as JSON (the README quotes these files)."""
    print(json.dumps(result, indent=2))
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")


def time_counting(texts: list[str], corpus, repeats: int) -> list[dict[str, float]]:
    """Seconds per run of scikit-learn's CountVectorizer and corpuskit's term_frequency (default and one
    process) on the same texts, alternating their order between runs, after a small warm-up. The
    corpus's cache is emptied before each run, so every run tokenizes the whole corpus again (a
    second ``term_frequency`` on the same corpus would reuse its token index)."""
    import time

    from sklearn.feature_extraction.text import CountVectorizer

    import corpuskit as ck

    CountVectorizer().fit_transform(texts[:20])  # warm-up: imports, regex compilation, page cache
    ck.term_frequency(ck.corpus_from_frame(corpus.documents.head(20)[["doc_id", "date", "text"]]))
    rows = []
    for i in range(repeats):
        order = ["sklearn", "auto", "single"] if i % 2 == 0 else ["single", "auto", "sklearn"]
        times = {}
        for name in order:
            corpus._cache.clear()  # count from the texts every time: no token index kept from the last run
            t0 = time.perf_counter()
            if name == "sklearn":
                CountVectorizer().fit_transform(texts)
            elif name == "auto":
                ck.term_frequency(corpus)
            else:
                ck.term_frequency(corpus, n_jobs=1)
            times[name] = time.perf_counter() - t0
        rows.append(times)
        print(f"counting run {i + 1}: " + "  ".join(f"{k} {v:.3f}s" for k, v in times.items()), flush=True)
    return rows
