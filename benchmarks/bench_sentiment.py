"""Benchmark: corpuskit.textblob_scores against a plain loop of TextBlob(s).sentiment.

Same corpus as bench_frequency.py: the reStructuredText sources of the Python 3.11
documentation (Debian package ``python3.11-doc``), about 11 MB, cut into sentences with
corpuskit.segment_sentences. Both contenders score the same sentences in the same process;
the script checks that every score is identical, then reports the median of several runs of
each and the ratio TextBlob / corpuskit (> 1 means corpuskit is faster).

    python benchmarks/bench_sentiment.py [folder] [--repeats 3]
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from _common import DEFAULT_CORPUS, RESULTS, alternate, load_prose, write_result
from textblob import TextBlob

import corpuskit as ck


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--out", type=Path, default=RESULTS / "sentiment.json")
    args = ap.parse_args()
    _, texts, n_bytes = load_prose(args.folder)
    sentences = [t[a:b] for t in texts for a, b in ck.segment_sentences(t)]
    print(f"{len(sentences):,} sentences ({len(set(sentences)):,} distinct) from {n_bytes / 1e6:.2f} MB", flush=True)

    ours = ck.textblob_scores(sentences)
    theirs = [TextBlob(s).sentiment for s in sentences]
    mismatches = sum(
        (t.polarity, t.subjectivity) != (p, q) for t, p, q in zip(theirs, ours["polarity"], ours["subjectivity"])
    )
    print(f"identical scores: {mismatches == 0} ({mismatches} mismatches)", flush=True)

    contenders = {
        "textblob": lambda: [TextBlob(s).sentiment for s in sentences],
        "default": lambda: ck.textblob_scores(sentences),
        "single": lambda: ck.textblob_scores(sentences, n_jobs=1),
    }
    rows = alternate(contenders, args.repeats)
    med = {k: statistics.median(r[k] for r in rows) for k in rows[0]}
    result = {
        "corpus": str(args.folder),
        "megabytes": round(n_bytes / 1e6, 2),
        "sentences": len(sentences),
        "distinct_sentences": len(set(sentences)),
        "mismatches": mismatches,
        "repeats": args.repeats,
        "median_seconds": {k: round(v, 2) for k, v in med.items()},
        "textblob_sentences_per_second": round(len(sentences) / med["textblob"]),
        "median_ratio_textblob_over_corpuskit_default": round(
            statistics.median(r["textblob"] / r["default"] for r in rows), 2
        ),
        "median_ratio_textblob_over_corpuskit_single_process": round(
            statistics.median(r["textblob"] / r["single"] for r in rows), 2
        ),
    }
    write_result(result, args.out)
    return 0 if mismatches == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
