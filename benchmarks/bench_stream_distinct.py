"""Benchmark: streaming term frequency on text that is NOT replicated, against HashingVectorizer.

bench_stream.py replicates the Python documentation to 1 GB, so every batch repeats text an earlier
batch held. This script measures the same two one-process contenders on a corpus of distinct texts
only, built from the documentation five Debian packages ship (python3.11-doc, nodejs, vim-runtime,
cmake-data, git: about 39 MB, every file once), and, in the same run, on the first 9 copies of the
replicated corpus (99 MB):

- ``hashing``: scikit-learn's HashingVectorizer over the files read in batches of 8 MB (as in bench_stream.py);
- ``stream``: ``open_corpus(folder, batch_mb=8).term_frequency(by=None, n_jobs=1)``.

It was written to test a chunk memo kept from one batch to the next (what a streamed count learnt
in one batch reused in the next): in one process, CPU seconds of the whole count, it gained 12% on
the 9 copies (4.6 s against 5.2 s, medians of 3 alternating runs) and nothing on the distinct texts
(2.94 s against 2.84 s, medians of 5), so it was dropped.

Each contender runs in a child process; ``seconds`` is timed in the child after its imports (a
39 MB count takes a few seconds, the imports one or two), ``cpu_seconds`` (from ``os.wait4``) and
``wall`` include them. Contenders alternate; medians over ``--repeats``.

    python benchmarks/bench_stream_distinct.py [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _common import RESULTS, write_result

SOURCES = [
    ("py", Path("/usr/share/doc/python3.11/html/_sources"), "*.txt"),
    ("node", Path("/usr/share/doc/nodejs"), "*.md"),
    ("vim", Path("/usr/share/vim/vim90/doc"), "*.txt"),
    ("cmake", Path("/usr/share/cmake-3.25/Help"), "*.rst"),
    ("git", Path("/usr/share/doc/git"), "*.txt"),
]


def build_distinct(dest: Path) -> dict:
    """Every UTF-8 text file of SOURCES once, flat in ``dest``, with a metadata.csv; reused if present."""
    stamp = dest / "built.json"
    if stamp.exists():
        return json.loads(stamp.read_text())
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    rows, sizes, i = ["id,file,date"], {}, 0
    for tag, root, pattern in SOURCES:
        sizes[tag] = 0
        for f in sorted(root.rglob(pattern)):
            try:
                text = f.read_text("utf-8")
            except (UnicodeDecodeError, OSError):
                continue
            if not text.strip() or "\x00" in text:
                continue
            name = f"{tag}_{i:05d}.txt"
            i += 1
            (dest / name).write_text(text, encoding="utf-8")
            rows.append(f"{tag}-{i},{name},2000")
            sizes[tag] += len(text.encode("utf-8"))
    (dest / "metadata.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    info = {"files": i, "megabytes_by_source": {k: round(v / 1e6, 2) for k, v in sizes.items()}}
    info["megabytes"] = round(sum(sizes.values()) / 1e6, 2)
    stamp.write_text(json.dumps(info))
    return info


def child(kind: str, folder: Path) -> dict:
    if kind == "hashing":
        import bench_stream
        import sklearn.feature_extraction.text  # noqa: F401  (imported before the clock starts, as corpuskit is)

        return bench_stream.child("hashing", folder, 1)
    from corpuskit.stream import open_corpus

    t0 = time.perf_counter()
    table = open_corpus(folder, batch_mb=8.0).term_frequency(by=None, n_jobs=1)
    return {"rows": len(table), "tokens": int(table["n"].sum()), "seconds": time.perf_counter() - t0}


def run_child(kind: str, folder: Path) -> dict:
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "--child", kind, str(folder)],
        stdout=subprocess.PIPE,
        cwd=Path(__file__).parent,
    )
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"child {kind} failed")
    result = json.loads(out.decode().strip().splitlines()[-1])
    result.update(wall=time.perf_counter() - t0, cpu_seconds=usage.ru_utime + usage.ru_stime)
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--work", type=Path, default=Path("/tmp/corpuskit-bench"))
    ap.add_argument("--replicated", type=Path, default=Path("/tmp/corpuskit-bench/corpus-1gb-first9"))
    ap.add_argument("--out", type=Path, default=RESULTS / "stream_distinct.json")
    ap.add_argument("--child", choices=["hashing", "stream"], help=argparse.SUPPRESS)
    ap.add_argument("folder", nargs="?", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.folder)), flush=True)
        return 0
    corpora = {"distinct": args.work / "corpus-distinct"}
    info = build_distinct(corpora["distinct"])
    if (args.replicated / "metadata.csv").exists():
        corpora["replicated_9_copies"] = args.replicated
    result: dict = {"distinct_corpus": info, "batch_mb": 8.0, "repeats": args.repeats}
    names = ["hashing", "stream"]
    for label, folder in corpora.items():
        runs = []
        for i in range(args.repeats):
            times = {}
            for kind in names if i % 2 == 0 else names[::-1]:
                times[kind] = run_child(kind, folder)
                print(f"{label} run {i + 1}: {kind} {times[kind]['seconds']:.2f}s", flush=True)
            runs.append(times)
        assert len({(r["stream"]["rows"], r["stream"]["tokens"]) for r in runs}) == 1  # the same table
        result[label] = {
            "folder": str(folder),
            "runs": runs,
            "median_wall_seconds": {k: round(statistics.median(r[k]["wall"] for r in runs), 2) for k in names},
            "median_cpu_seconds": {k: round(statistics.median(r[k]["cpu_seconds"] for r in runs), 2) for k in names},
            "median_seconds": {k: round(statistics.median(r[k]["seconds"] for r in runs), 2) for k in names},
            "median_ratio_hashing_over": {
                k: round(statistics.median(r["hashing"]["seconds"] / r[k]["seconds"] for r in runs), 2)
                for k in names[1:]
            },
            "load_1min_at_end": round(os.getloadavg()[0], 2),
        }
    write_result(result, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
