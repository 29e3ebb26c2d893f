"""Benchmark: the cost of executing the book's notebooks, as a share of the whole build.

Three copies of the book's sources are built from scratch, in alternating order, several times:

* ``executed``: the book as it is, every notebook executed;
* ``imports``: the same book with only the import lines of each code cell kept: the floor that
  loading pandas, matplotlib and corpuskit into every kernel puts under any executed book;
* ``emptied``: the same book with the source of every code cell emptied. Kernels still start,
  Sphinx still parses, renders and writes every page; only the computation is gone.

Each copy is built exactly as ``make book`` builds the book: ``tools/build_book.py`` (every
notebook executed into an emptied jupyter-cache, one per CPU at a time, then ``jupyter-book build
--all`` rendering from the cache), from a copy without ``_build``. ``--mechanism serial`` builds
them the way ``make book`` did before (``execute_notebooks: force``, a single ``jupyter-book build``
executing one notebook after the other), to compare the two on the same sources and machine.

The ratio executed / emptied of the medians is the price of executing the notebooks (the
issue's target is at most 1.5); executed / imports is the price of the computation itself.
The imports-only and emptied books' ``{glue}`` references have nothing to point at, so they are
built without ``-W -n``; the executed book is built exactly as ``make book`` builds it.

    python benchmarks/bench_build.py [--repeats 3] [--mechanism make-book|serial] [--jobs N]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from _common import RESULTS, write_result

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ["_config.yml", "_toc.yml", "benchmarks", "book", "requirements", "seeds"]  # what the notebooks read


IMPORT_LINE = re.compile(r"^(?:import|from)\s+\S+")


def copy_book(dest: Path, keep: str) -> Path:
    """The files a build reads, copied under ``dest``; of each code cell ``keep`` all, imports or nothing."""
    dest.mkdir(parents=True)
    for name in SOURCES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("_build", "__pycache__", ".ipynb*"))
        else:
            shutil.copy2(src, dest / name)
    if keep != "all":
        for path in sorted((dest / "book").rglob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            for cell in nb.cells:
                if cell.cell_type == "code":
                    lines = cell.source.splitlines() if keep == "imports" else []
                    cell.source = "\n".join(line for line in lines if IMPORT_LINE.match(line))
                    cell.outputs = []
                    # jupyter-cache identifies a notebook by its code cells (source and metadata) only:
                    # emptied, two notebooks with as many code cells would be one cache entry and one
                    # would not be executed (or both would race to store it). The notebook's name
                    # in the cell metadata keeps each one distinct without running anything.
                    cell.metadata["bench_build"] = path.relative_to(dest).as_posix()
            nbformat.write(nb, path)
    return dest


def use_serial_execution(book: Path) -> None:
    """Make a copy build as before tools/build_book.py: myst-nb executes every notebook itself, in turn."""
    config = book / "_config.yml"
    text, n = re.subn(r"(?m)^(\s+execute_notebooks:\s*)cache\b", r"\1force", config.read_text("utf-8"))
    assert n == 1, "execute_notebooks: cache not found in _config.yml"
    config.write_text(text, "utf-8")


def build(folder: Path, strict: bool, mechanism: str, jobs: int | None) -> float:
    """Seconds for one clean build of ``folder``, as ``make book`` builds it (or the serial way)."""
    shutil.rmtree(folder / "_build", ignore_errors=True)
    if mechanism == "serial":
        cmd = [str(Path(sys.executable).with_name("jupyter-book")), "build", ".", "--all", "--keep-going"]
        if strict:
            cmd[4:4] = ["-W", "-n"]
    else:
        cmd = [sys.executable, str(ROOT / "tools" / "build_book.py"), "--book", str(folder)]
        cmd += [] if strict else ["--not-strict"]
        cmd += [] if jobs is None else ["--jobs", str(jobs)]
    t0 = time.perf_counter()
    done = subprocess.run(cmd, cwd=folder, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    elapsed = time.perf_counter() - t0
    if done.returncode != 0:
        print(done.stdout[-3000:], done.stderr[-3000:], sep="\n", file=sys.stderr)
        raise SystemExit(f"the build of {folder} failed (exit {done.returncode})")
    return elapsed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument(
        "--mechanism",
        choices=["make-book", "serial"],
        default="make-book",
        help="make-book: tools/build_book.py, as make book; serial: the former single jupyter-book build",
    )
    ap.add_argument("--jobs", type=int, default=None, help="notebooks executed at once (default: one per CPU)")
    ap.add_argument("--out", type=Path, default=RESULTS / "build.json")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        books = {
            "executed": copy_book(Path(tmp) / "executed", keep="all"),
            "imports": copy_book(Path(tmp) / "imports", keep="imports"),
            "emptied": copy_book(Path(tmp) / "emptied", keep="nothing"),
        }
        if args.mechanism == "serial":
            for book in books.values():
                use_serial_execution(book)

        def run(name: str) -> float:
            return build(books[name], strict=name == "executed", mechanism=args.mechanism, jobs=args.jobs)

        run("executed")  # warm-up: font cache, bytecode, page cache
        rows = []
        for i in range(args.repeats):
            order = ["executed", "imports", "emptied"]
            order = order if i % 2 == 0 else order[::-1]
            times = {name: run(name) for name in order}
            rows.append(times)
            print(f"run {i + 1}: " + "  ".join(f"{k} {v:.1f}s" for k, v in times.items()), flush=True)
    med = {k: statistics.median(r[k] for r in rows) for k in rows[0]}
    notebooks = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "book").rglob("*.ipynb"))
    result = {
        "mechanism": args.mechanism,
        "jobs": args.jobs or (len(os.sched_getaffinity(0)) if args.mechanism == "make-book" else 1),
        "cpus": len(os.sched_getaffinity(0)),
        "notebooks": len(notebooks),
        "repeats": args.repeats,
        "median_seconds": {k: round(v, 2) for k, v in med.items()},
        "ratio_executed_to_emptied": round(med["executed"] / med["emptied"], 2),
        "ratio_imports_to_emptied": round(med["imports"] / med["emptied"], 2),
        "ratio_executed_to_imports": round(med["executed"] / med["imports"], 2),
        "target_ratio": 1.5,
        "runs": [{k: round(v, 2) for k, v in r.items()} for r in rows],
    }
    write_result(result, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
