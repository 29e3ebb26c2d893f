"""Benchmark: corpuskit on a corpus larger than memory should matter -- streaming and Dask.

Corpus: the reStructuredText sources of the Python 3.11 documentation (Debian: ``apt-get install
python3.11-doc``, about 11 MB of English prose in ~500 files), replicated under /tmp until it
holds at least ``--gb`` gigabytes (file names and ids made unique per copy; each copy gets its
own year, so the copies can be grouped).

Measured, side by side in the same run (contenders alternate; medians over ``--repeats``):

1. streaming term frequency over the whole corpus (``open_corpus(...).term_frequency(by=None)``,
   one process and with two counting processes) against scikit-learn's ``HashingVectorizer``
   over the same files read in batches of the same size, each summed into one count vector.
   Each contender runs in a child process; its peak resident memory is the child's
   ``ru_maxrss`` (from ``os.wait4``; with worker processes, the largest single process) and the
   largest sum of the RSS of the child and its descendants, sampled every 0.1 s with psutil;
2. Dask with two local worker processes against one, term frequency on the same corpus and
   sentence sentiment (TextBlob; VADER off) on the first ``--sentiment-gb`` of it; the tables
   must be identical;
3. peak RSS of the one-process streaming count on 1, 9 and all copies (it should not grow);
4. the in-memory path on one copy (11 MB): ``term_frequency`` against ``CountVectorizer`` in the
   same process, compared with the ratio stored in results/frequency.json.

    python benchmarks/bench_stream.py [--gb 1.0] [--repeats 3] [--sentiment-gb 0.1]
    python benchmarks/bench_stream.py --skip sizes dask memory      # term frequency contenders only
    python benchmarks/bench_stream.py --skip stream sizes memory --dask-measures tf --repeats 1

Sections not measured in a run are kept from the results file; a re-measured streaming section
keeps the one it replaces as ``streaming_term_frequency_before``. Each contender's run records the
load average (1 minute) when it started and ended: the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from _common import DEFAULT_CORPUS, RESULTS, load_prose, time_counting, write_result

HERE = Path(__file__).resolve().parent
BATCH_MB = 8.0


# ---------------------------------------------------------------------------------------------
# The corpus
# ---------------------------------------------------------------------------------------------
def build_corpus(source: Path, dest: Path, gigabytes: float) -> dict:
    """Copies of every text of ``source`` in ``dest`` (flat), with a metadata.csv; reused if present."""
    files, texts, n_bytes = load_prose(source)
    copies = max(1, math.ceil(gigabytes * 1e9 / n_bytes))
    stamp = dest / "built.json"
    info = {"source": str(source), "documents_per_copy": len(files), "bytes_per_copy": n_bytes, "copies": copies}
    if stamp.exists() and json.loads(stamp.read_text()) == info:
        return info
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    rows = ["id,file,date,copy"]
    for c in range(copies):
        for i, (f, text) in enumerate(zip(files, texts)):
            name = f"c{c:03d}_{i:04d}.txt"
            (dest / name).write_text(text, encoding="utf-8")
            rows.append(f"c{c:03d}-{f.relative_to(source).as_posix()},{name},{1900 + c},{c}")
    (dest / "metadata.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    stamp.write_text(json.dumps(info))
    return info


def first_copies(dest: Path, full: Path, copies: int, files: int | None = None) -> Path:
    """A corpus made of the first ``copies`` copies of ``full`` (or its first ``files`` files; hard links)."""
    if (dest / "metadata.csv").exists():
        return dest
    dest.mkdir(parents=True, exist_ok=True)
    lines = (full / "metadata.csv").read_text("utf-8").splitlines()
    keep = [lines[0]] + [ln for ln in lines[1:] if int(ln.rsplit(",", 1)[1]) < copies]
    if files is not None:
        keep = keep[: files + 1]
    for ln in keep[1:]:
        name = ln.split(",")[1]
        os.link(full / name, dest / name)
    (dest / "metadata.csv").write_text("\n".join(keep) + "\n", encoding="utf-8")
    return dest


# ---------------------------------------------------------------------------------------------
# Children: each contender runs in a process of its own, so that its peak RSS is its own
# ---------------------------------------------------------------------------------------------
def child(kind: str, folder: Path, n_jobs: int) -> dict:
    t0 = time.perf_counter()
    if kind == "stream":
        from corpuskit.stream import open_corpus

        table = open_corpus(folder, batch_mb=BATCH_MB).term_frequency(by=None, n_jobs=n_jobs)
        out = {"rows": len(table), "tokens": int(table["n"].sum())}
    else:
        import csv

        import numpy as np
        from sklearn.feature_extraction.text import HashingVectorizer

        vec = HashingVectorizer(alternate_sign=False, norm=None)
        total = np.zeros(vec.n_features, dtype=np.int64)
        batch, size = [], 0
        with open(folder / "metadata.csv", encoding="utf-8", newline="") as fh:
            names = [row["file"] for row in csv.DictReader(fh)]
        for i, name in enumerate(names):
            text = (folder / name).read_text("utf-8")
            batch.append(text)
            size += len(text)
            if size >= BATCH_MB * 1e6 or i == len(names) - 1:
                total += np.asarray(vec.transform(batch).sum(axis=0), dtype=np.int64).ravel()
                batch, size = [], 0
        out = {"rows": int((total > 0).sum()), "tokens": int(total.sum())}
    out["seconds"] = time.perf_counter() - t0
    return out


def run_child(kind: str, folder: Path, n_jobs: int = 1) -> dict:
    """Run a contender in a child process: wall time, its result, ru_maxrss and sampled tree RSS."""
    import psutil

    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        kind,
        str(folder),
        "--jobs",
        str(n_jobs),
    ]
    load_before = os.getloadavg()[0]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, cwd=HERE)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        try:
            p = psutil.Process(proc.pid)
            while not done.is_set():
                try:
                    rss = p.memory_info().rss + sum(c.memory_info().rss for c in p.children(recursive=True))
                    peak[0] = max(peak[0], rss)
                except psutil.Error:
                    pass
                time.sleep(0.1)
        except psutil.Error:
            pass

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"child {kind} failed with status {proc.returncode}")
    result = json.loads(out.decode().strip().splitlines()[-1])
    result.update(
        wall=wall,
        cpu_seconds=usage.ru_utime + usage.ru_stime,  # the child's and its waited-for workers'
        maxrss_mb=usage.ru_maxrss / 1024,
        tree_rss_mb=peak[0] / 2**20,
        load_1min=[round(load_before, 2), round(os.getloadavg()[0], 2)],
    )
    return result


# ---------------------------------------------------------------------------------------------
# Dask
# ---------------------------------------------------------------------------------------------
def dask_runs(
    folder: Path,
    sentiment_folder: Path,
    warm_folder: Path,
    repeats: int,
    measures: tuple[str, ...] = ("tf", "sentiment"),
) -> dict:
    from distributed import Client, LocalCluster
    from pandas.testing import assert_frame_equal

    from corpuskit.stream import open_corpus

    stream = open_corpus(folder, batch_mb=BATCH_MB)
    small = open_corpus(sentiment_folder, batch_mb=BATCH_MB / 4)
    clusters = {}
    for n in (1, 2):
        cluster = LocalCluster(
            n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
        )
        clusters[n] = (cluster, Client(cluster, set_as_default=False))
        warm = open_corpus(warm_folder, batch_mb=0.05)  # imports and lexicons loaded in every worker
        warm.term_frequency(by=None, client=clusters[n][1])
        warm.sentence_sentiment(vader=False, client=clusters[n][1])
    runs, tables = [], {}
    try:
        for i in range(repeats):
            times = {}
            for n in (1, 2) if i % 2 == 0 else (2, 1):
                client = clusters[n][1]
                tf = scored = None
                times[f"load_1min_{n}w"] = round(os.getloadavg()[0], 2)
                if "tf" in measures:
                    t0 = time.perf_counter()
                    tf = stream.term_frequency(by=None, client=client)
                    times[f"tf_{n}w"] = time.perf_counter() - t0
                if "sentiment" in measures:
                    t0 = time.perf_counter()
                    scored = small.sentence_sentiment(vader=False, client=client)
                    times[f"sentiment_{n}w"] = time.perf_counter() - t0
                if i == 0:
                    tables[n] = (tf, scored)
                client.run(lambda: __import__("gc").collect())
            runs.append(times)
            print("dask run", i + 1, {k: round(v, 2) for k, v in times.items()}, flush=True)
    finally:
        for cluster, client in clusters.values():
            client.close()
            cluster.close()
    for one, two in zip(tables[1], tables[2]):
        if one is not None:
            assert_frame_equal(one, two)
    out = {
        "runs": runs,
        "median_seconds": {
            k: round(statistics.median(r[k] for r in runs), 2) for k in runs[0] if not k.startswith("load")
        },
    }
    for m in measures:
        out[f"median_speedup_{m}_2_over_1"] = round(statistics.median(r[f"{m}_1w"] / r[f"{m}_2w"] for r in runs), 2)
    if "tf" in measures:
        out["tf_rows"] = len(tables[1][0])
    if "sentiment" in measures:
        out["sentences"] = len(tables[1][1])
    out.update(identical_1_and_2_workers=True, tables=tables)
    return out


# ---------------------------------------------------------------------------------------------
# In memory, 11 MB, as bench_frequency.py measures it
# ---------------------------------------------------------------------------------------------
def in_memory_runs(source: Path, repeats: int) -> dict:
    import pandas as pd

    import corpuskit as ck

    files, texts, n_bytes = load_prose(source)
    corpus = ck.corpus_from_frame(
        pd.DataFrame({"doc_id": [str(f.relative_to(source)) for f in files], "date": "2023", "text": texts})
    )
    rows = time_counting(texts, corpus, repeats)
    stored = json.loads((RESULTS / "frequency.json").read_text())
    ratio_auto = statistics.median(r["sklearn"] / r["auto"] for r in rows)
    ratio_single = statistics.median(r["sklearn"] / r["single"] for r in rows)
    return {
        "megabytes": round(n_bytes / 1e6, 2),
        "repeats": repeats,
        "median_seconds": {k: round(statistics.median(r[k] for r in rows), 3) for k in rows[0]},
        "median_ratio_sklearn_over_corpuskit_default": round(ratio_auto, 2),
        "median_ratio_sklearn_over_corpuskit_single_process": round(ratio_single, 2),
        "stored_ratio_default": stored["median_ratio_sklearn_over_corpuskit_default"],
        "stored_ratio_single_process": stored["median_ratio_sklearn_over_corpuskit_single_process"],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--gb", type=float, default=1.0, help="size of the replicated corpus")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--memory-repeats", type=int, default=5, help="repeats of the 11 MB in-memory comparison")
    ap.add_argument("--sentiment-gb", type=float, default=0.1, help="part of the corpus scored for sentiment")
    ap.add_argument("--work", type=Path, default=Path("/tmp/corpuskit-bench"))
    ap.add_argument("--out", type=Path, default=RESULTS / "stream.json")
    ap.add_argument("--skip", nargs="*", default=[], choices=["stream", "sizes", "dask", "memory"])
    ap.add_argument("--dask-measures", nargs="+", default=["tf", "sentiment"], choices=["tf", "sentiment"])
    ap.add_argument("--child", choices=["stream", "hashing"], help=argparse.SUPPRESS)
    ap.add_argument("--jobs", type=int, default=1, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.folder, args.jobs)), flush=True)
        return 0

    big = args.work / f"corpus-{args.gb:g}gb"
    info = build_corpus(args.folder, big, args.gb)
    total_bytes = info["bytes_per_copy"] * info["copies"]
    copies_s = max(1, round(args.sentiment_gb * 1e9 / info["bytes_per_copy"]))
    small = first_copies(args.work / f"corpus-{args.gb:g}gb-first{copies_s}", big, copies_s)
    print(f"corpus: {info['copies']} copies, {total_bytes / 1e9:.2f} GB, in {big}", flush=True)
    previous = json.loads(args.out.read_text()) if args.out.exists() else {}
    result: dict = previous | {
        "corpus": {
            **info,
            "gigabytes": round(total_bytes / 1e9, 3),
            "files": info["documents_per_copy"] * info["copies"],
        },
        "batch_mb": BATCH_MB,
        "repeats": args.repeats,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }
    if "stream" not in args.skip:
        if "streaming_term_frequency" in previous and "streaming_term_frequency_before" not in previous:
            result["streaming_term_frequency_before"] = previous["streaming_term_frequency"]
        runs = []
        for i in range(args.repeats):
            order = [("hashing", 1), ("stream", 1), ("stream", 2)]
            times = {}
            for kind, jobs in order if i % 2 == 0 else order[::-1]:
                r = run_child(kind, big, jobs)
                name = "hashing" if kind == "hashing" else f"stream_{jobs}proc"
                times[name] = r
                print(
                    f"stream run {i + 1}: {name} {r['wall']:.1f}s, "
                    f"rss {r['maxrss_mb']:.0f} MB, tree {r['tree_rss_mb']:.0f} MB",
                    flush=True,
                )
            runs.append(times)
        names = list(runs[0])
        result["streaming_term_frequency"] = {
            "runs": runs,
            "median_wall_seconds": {k: round(statistics.median(r[k]["wall"] for r in runs), 1) for k in names},
            "median_mb_per_second": {
                k: round(total_bytes / 1e6 / statistics.median(r[k]["wall"] for r in runs), 1) for k in names
            },
            "max_peak_rss_mb": {k: round(max(r[k]["maxrss_mb"] for r in runs), 1) for k in names},
            "max_peak_tree_rss_mb": {k: round(max(r[k]["tree_rss_mb"] for r in runs), 1) for k in names},
            "median_cpu_seconds": {
                k: round(statistics.median(r[k]["cpu_seconds"] for r in runs), 1)
                for k in names
                if all("cpu_seconds" in r[k] for r in runs)
            },
            "median_ratio_hashing_over_stream_1proc": round(
                statistics.median(r["hashing"]["wall"] / r["stream_1proc"]["wall"] for r in runs), 2
            ),
            "median_ratio_hashing_over_stream_2proc": round(
                statistics.median(r["hashing"]["wall"] / r["stream_2proc"]["wall"] for r in runs), 2
            ),
            "ratio_hashing_over_contender_per_run": {
                k: [round(r["hashing"]["wall"] / r[k]["wall"], 2) for r in runs] for k in names if k != "hashing"
            },
            "ratio_hashing_over_contender_cpu_seconds_per_run": {
                k: [round(r["hashing"]["cpu_seconds"] / r[k]["cpu_seconds"], 2) for r in runs]
                for k in names
                if k != "hashing" and all("cpu_seconds" in r[k] and "cpu_seconds" in r["hashing"] for r in runs)
            },
            "load_1min_min_max": [
                min(x for r in runs for v in r.values() for x in v["load_1min"]),
                max(x for r in runs for v in r.values() for x in v["load_1min"]),
            ],
            "tokens": runs[0]["stream_1proc"]["tokens"],
            "rows": runs[0]["stream_1proc"]["rows"],
        }
        write_result(result, args.out)
    if "sizes" not in args.skip:  # peak memory of a streaming count as the corpus grows: it should not grow
        sizes = []
        for copies in (1, 9, info["copies"]):
            folder = (
                big
                if copies == info["copies"]
                else first_copies(args.work / f"corpus-{args.gb:g}gb-first{copies}", big, copies)
            )
            r = run_child("stream", folder, 1)
            sizes.append(
                {
                    "gigabytes": round(copies * info["bytes_per_copy"] / 1e9, 3),
                    "maxrss_mb": round(r["maxrss_mb"], 1),
                    "seconds": round(r["wall"], 1),
                }
            )
            print("size", sizes[-1], flush=True)
        result["streaming_peak_rss_by_corpus_size"] = sizes
        write_result(result, args.out)
    if "dask" not in args.skip:
        warm = first_copies(args.work / f"corpus-{args.gb:g}gb-warm", big, 1, files=40)
        d = dask_runs(big, small, warm, args.repeats, tuple(args.dask_measures))
        d.pop("tables")
        if "sentiment" in args.dask_measures:
            d["sentiment_corpus_gigabytes"] = round(copies_s * info["bytes_per_copy"] / 1e9, 3)
            result["dask"] = d
        else:  # term frequency only: the full measurement stays as it was
            result["dask_term_frequency_remeasured"] = d
        write_result(result, args.out)
    if "memory" not in args.skip:
        result["in_memory_11mb"] = in_memory_runs(args.folder, args.memory_repeats)
    write_result(result, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
