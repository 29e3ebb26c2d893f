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
import json
import statistics
import sys
import time
from pathlib import Path

from textblob import TextBlob

import corpuskit as ck

DEFAULT = Path("/usr/share/doc/python3.11/html/_sources")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--out", type=Path, default=Path(__file__).with_name("results") / "sentiment.json")
    args = ap.parse_args()
    files = sorted(args.folder.rglob("*.txt"))
    texts = [f.read_text("utf-8") for f in files]
    n_bytes = sum(len(t.encode("utf-8")) for t in texts)
    if n_bytes < 10_000_000:
        print(f"only {n_bytes / 1e6:.1f} MB under {args.folder}; apt-get install python3.11-doc", file=sys.stderr)
        return 2
    sentences = [t[a:b] for t in texts for a, b in ck.segment_sentences(t)]
    print(f"{len(sentences):,} sentences ({len(set(sentences)):,} distinct) from {n_bytes / 1e6:.2f} MB", flush=True)

    ours = ck.textblob_scores(sentences)
    theirs = [TextBlob(s).sentiment for s in sentences]
    mismatches = sum(
        (t.polarity, t.subjectivity) != (p, q) for t, p, q in zip(theirs, ours["polarity"], ours["subjectivity"])
    )
    print(f"identical scores: {mismatches == 0} ({mismatches} mismatches)", flush=True)

    rows = []
    for i in range(args.repeats):
        times = {}
        for name in ["textblob", "default", "single"] if i % 2 == 0 else ["single", "default", "textblob"]:
            t0 = time.perf_counter()
            if name == "textblob":
                [TextBlob(s).sentiment for s in sentences]
            elif name == "default":
                ck.textblob_scores(sentences)
            else:
                ck.textblob_scores(sentences, n_jobs=1)
            times[name] = time.perf_counter() - t0
        rows.append(times)
        print(f"run {i + 1}: " + "  ".join(f"{k} {v:.2f}s" for k, v in times.items()), flush=True)
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
    print(json.dumps(result, indent=2))
    args.out.parent.mkdir(exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    return 0 if mismatches == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
