"""Benchmark: corpuskit.term_frequency against scikit-learn's CountVectorizer on >= 10 MB of prose.

Corpus: the reStructuredText sources of the Python 3.11 documentation, shipped by the Debian
package ``python3.11-doc`` (``apt-get install python3.11-doc``) under
/usr/share/doc/python3.11/html/_sources -- about 11 MB of English prose in ~500 documents.
Pass another folder of .txt files as the first argument to use something else.

Both contenders tokenise and count the same texts in the same process, alternating, several
times; we report medians and the ratio sklearn / corpuskit (> 1 means corpuskit is faster),
because this machine is shared and absolute times drift. Peak memory is measured with
tracemalloc (Python and NumPy allocations in this process) during a single-process count, and
compared with the size of the raw text.

    python benchmarks/bench_frequency.py [folder] [--repeats 7]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tracemalloc
from pathlib import Path

import pandas as pd
from _common import DEFAULT_CORPUS, RESULTS, load_prose, time_counting, write_result

import corpuskit as ck


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--out", type=Path, default=RESULTS / "frequency.json")
    args = ap.parse_args()
    files, texts, n_bytes = load_prose(args.folder)
    corpus = ck.corpus_from_frame(
        pd.DataFrame({"doc_id": [str(f.relative_to(args.folder)) for f in files], "date": "2023", "text": texts})
    )
    rows = time_counting(texts, corpus, args.repeats)
    med = {k: statistics.median(r[k] for r in rows) for k in rows[0]}
    ratio_auto = statistics.median(r["sklearn"] / r["auto"] for r in rows)
    ratio_single = statistics.median(r["sklearn"] / r["single"] for r in rows)

    corpus._cache.clear()
    tracemalloc.start()
    table = ck.term_frequency(corpus, n_jobs=1)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    result = {
        "corpus": str(args.folder),
        "documents": len(texts),
        "megabytes": round(n_bytes / 1e6, 2),
        "tokens": int(table["n"].sum()),
        "rows": len(table),
        "repeats": args.repeats,
        "median_seconds": {k: round(v, 3) for k, v in med.items()},
        "median_ratio_sklearn_over_corpuskit_default": round(ratio_auto, 2),
        "median_ratio_sklearn_over_corpuskit_single_process": round(ratio_single, 2),
        "peak_memory_single_process_mb": round(peak / 1e6, 1),
        "peak_memory_over_text_size": round(peak / n_bytes, 2),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }
    write_result(result, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
