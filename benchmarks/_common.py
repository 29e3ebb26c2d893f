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


def alternate(contenders: dict, repeats: int, *, before=None, label: str = "run") -> list[dict[str, float]]:
    """Seconds per run of each contender (a name -> function with no arguments), in the given order on
    even runs and reversed on odd ones, so that drift on a shared machine falls on both sides;
    ``before()`` runs untimed ahead of each contender."""
    import time

    names = list(contenders)
    rows = []
    for i in range(repeats):
        times = {}
        for name in names if i % 2 == 0 else names[::-1]:
            if before is not None:
                before()
            t0 = time.perf_counter()
            contenders[name]()
            times[name] = time.perf_counter() - t0
        rows.append(times)
        print(f"{label} {i + 1}: " + "  ".join(f"{k} {v:.3f}s" for k, v in times.items()), flush=True)
    return rows


def time_counting(texts: list[str], corpus, repeats: int) -> list[dict[str, float]]:
    """Seconds per run of scikit-learn's CountVectorizer and corpuskit's term_frequency (default and one
    process) on the same texts, alternating their order between runs, after a small warm-up. Every
    corpuskit run counts from the texts: the corpus's cache (its token index) is emptied first."""
    from sklearn.feature_extraction.text import CountVectorizer

    import corpuskit as ck

    CountVectorizer().fit_transform(texts[:20])  # warm-up: imports, regex compilation, page cache
    ck.term_frequency(ck.corpus_from_frame(corpus.documents.head(20)[["doc_id", "date", "text"]]))
    contenders = {
        "sklearn": lambda: CountVectorizer().fit_transform(texts),
        "auto": lambda: ck.term_frequency(corpus),
        "single": lambda: ck.term_frequency(corpus, n_jobs=1),
    }
    return alternate(contenders, repeats, before=corpus._cache.clear, label="counting run")
