"""Benchmark: sentence-level actor co-occurrence over one million sentences.

Two measurements, medians of several runs:

1. ``cooccurrence(mentions, unit="sentence")`` on a mention table for 1,000,000 sentences, made by
   repeating the seeds' real mention table (the actors, their mix and the number of mentions per
   sentence are those of the corpus; document ids are renamed per copy, so every copy is a new
   set of units).
2. ``actor_mentions`` throughput (sentences per second) on the seeds repeated 100 times, to show
   what finding the mentions of a million sentences would cost.

    python benchmarks/bench_cooccurrence.py [--repeats 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import pandas as pd
from _common import RESULTS, write_result

import corpuskit as ck

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--sentences", type=int, default=1_000_000)
    ap.add_argument("--out", type=Path, default=RESULTS / "cooccurrence.json")
    args = ap.parse_args()
    corpus = ck.load_corpus(ROOT / "seeds").clean(ROOT / "seeds" / "cleaning.yml")
    actors = ck.load_actors(ROOT / "book" / "data" / "actors.yml")
    mentions = ck.actor_mentions(corpus, actors)
    n_sent = len(corpus.sentences())
    copies = -(-args.sentences // n_sent)
    big = pd.concat([mentions.assign(doc_id=mentions["doc_id"] + f"#{i}") for i in range(copies)], ignore_index=True)
    n_units = n_sent * copies
    print(f"{n_units:,} sentences, {len(big):,} mentions", flush=True)
    times = []
    for i in range(args.repeats):
        t0 = time.perf_counter()
        edges = ck.cooccurrence(big, unit="sentence")
        times.append(time.perf_counter() - t0)
        print(f"run {i + 1}: cooccurrence {times[-1]:.2f}s ({len(edges)} edges)", flush=True)

    text = ck.corpus_from_frame(
        pd.DataFrame(
            {
                "doc_id": [f"{d}#{i}" for i in range(100) for d in corpus.documents["doc_id"]],
                "date": "2001",
                "text": [t for _ in range(100) for t in corpus.documents["text"]],
            }
        )
    )
    n_text_sent = len(text.sentences())  # segmentation is cached: time the matching only
    mtimes = []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        ck.actor_mentions(text, actors)
        mtimes.append(time.perf_counter() - t0)
    result = {
        "sentences": n_units,
        "mentions": len(big),
        "edges": len(edges),
        "repeats": args.repeats,
        "cooccurrence_median_seconds": round(statistics.median(times), 2),
        "actor_mentions_sentences_per_second": round(n_text_sent / statistics.median(mtimes)),
        "actor_mentions_seconds_per_million_sentences": round(1e6 / (n_text_sent / statistics.median(mtimes)), 1),
    }
    write_result(result, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
