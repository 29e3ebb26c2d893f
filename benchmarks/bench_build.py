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

``--baseline REV`` adds the executed and emptied copies of the book as it was at git revision
``REV`` (its own sources, its own ``tools/build_book.py`` and its own corpuskit: ``REV``'s
``src`` first on ``PYTHONPATH``, so that every kernel, and Sphinx's autodoc, imports that one),
built in the same alternating order, so that a change is measured before and after in the same runs: on
a shared machine the load changes from minute to minute, and only ratios within a run compare.

    python benchmarks/bench_build.py [--repeats 3] [--mechanism make-book [serial]] [--jobs N] [--baseline REV]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
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
# what the notebooks read, and the build tool (each copy is built by its own tools/build_book.py)
SOURCES = ["_config.yml", "_toc.yml", "benchmarks", "book", "requirements", "seeds", "tools"]


# an import line, or one of the two lines that make the book's shared set-up (book/essay.py) importable
IMPORT_LINE = re.compile(r"^(?:(?:import|from)\s+\S+|ROOT = next\(|sys\.path\.insert\()")


def copy_book(dest: Path, keep: str, source: Path = ROOT) -> Path:
    """The files a build reads, copied from ``source`` under ``dest``; of each code cell ``keep`` all,
    imports or nothing."""
    dest.mkdir(parents=True)
    for name in SOURCES:
        src = source / name
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


def children_cpu() -> float:
    """CPU seconds (user + system) of every finished child process and of the children they waited for."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build(
    folder: Path, strict: bool, mechanism: str, jobs: int | None, package: Path | None = None
) -> tuple[float, float]:
    """Seconds, and CPU seconds of every process it ran (kernels included), for one clean build of
    ``folder``, as ``make book`` builds it (or the serial way); with corpuskit imported from the
    folder ``package`` (holding ``corpuskit/``) instead of the installed one, if given."""
    shutil.rmtree(folder / "_build", ignore_errors=True)
    if mechanism == "serial":
        cmd = [str(Path(sys.executable).with_name("jupyter-book")), "build", ".", "--all", "--keep-going"]
        if strict:
            cmd[4:4] = ["-W", "-n"]
    else:
        cmd = [sys.executable, str(folder / "tools" / "build_book.py"), "--book", str(folder)]
        cmd += [] if strict else ["--not-strict"]
        cmd += [] if jobs is None else ["--jobs", str(jobs)]
    cpu0, t0 = children_cpu(), time.perf_counter()
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    if package is not None:
        env["PYTHONPATH"] = os.pathsep.join(p for p in [str(package), os.environ.get("PYTHONPATH", "")] if p)
    done = subprocess.run(cmd, cwd=folder, capture_output=True, text=True, env=env)
    elapsed, cpu = time.perf_counter() - t0, children_cpu() - cpu0
    if done.returncode != 0:
        print(done.stdout[-3000:], done.stderr[-3000:], sep="\n", file=sys.stderr)
        raise SystemExit(f"the build of {folder} failed (exit {done.returncode})")
    return elapsed, cpu


def summarise(rows: list[dict[str, float]], cpu_rows: list[dict[str, float]]) -> dict:
    """Medians, their ratios, the median of the per-run ratios, and the runs; the same for CPU seconds."""
    med = {k: statistics.median(r[k] for r in rows) for k in rows[0]}
    cpu = {k: statistics.median(r[k] for r in cpu_rows) for k in cpu_rows[0]}
    imports = {}
    if "imports" in med:
        imports = {
            "ratio_imports_to_emptied": round(med["imports"] / med["emptied"], 2),
            "ratio_executed_to_imports": round(med["executed"] / med["imports"], 2),
        }
    return {
        "median_seconds": {k: round(v, 2) for k, v in med.items()},
        "ratio_executed_to_emptied": round(med["executed"] / med["emptied"], 2),
        **imports,
        # the same ratio taken within each run (builds minutes apart on a shared machine), then the median
        "median_run_ratio_executed_to_emptied": round(statistics.median(r["executed"] / r["emptied"] for r in rows), 2),
        "runs": [{k: round(v, 2) for k, v in r.items()} for r in rows],
        "run_ratios_executed_to_emptied": [round(r["executed"] / r["emptied"], 2) for r in rows],
        # CPU seconds of all the processes of a build (the build tool, the kernels, Sphinx): what the
        # builds cost whatever else the machine runs meanwhile
        "median_cpu_seconds": {k: round(v, 2) for k, v in cpu.items()},
        "ratio_cpu_executed_to_emptied": round(cpu["executed"] / cpu["emptied"], 2),
        "cpu_runs": [{k: round(v, 2) for k, v in r.items()} for r in cpu_rows],
        "median_run_ratio_cpu_executed_to_emptied": round(
            statistics.median(r["executed"] / r["emptied"] for r in cpu_rows), 2
        ),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument(
        "--mechanism",
        choices=["make-book", "serial"],
        nargs="+",
        default=["make-book"],
        help="make-book: tools/build_book.py, as make book; serial: the former single jupyter-book build. "
        "Given both, their builds alternate within each run, and the first is reported at the top level.",
    )
    ap.add_argument("--jobs", type=int, default=None, help="notebooks executed at once (default: one per CPU)")
    ap.add_argument(
        "--variants",
        choices=["executed", "imports", "emptied"],
        nargs="+",
        default=["executed", "imports", "emptied"],
        help="which copies to build (executed and emptied are always built)",
    )
    ap.add_argument("--baseline", metavar="REV", help="also build the book of this git revision (executed, emptied)")
    ap.add_argument("--out", type=Path, default=RESULTS / "build.json")
    args = ap.parse_args()
    mechanisms = list(dict.fromkeys(args.mechanism))
    variants = [v for v in ["executed", "imports", "emptied"] if v in {*args.variants, "executed", "emptied"}]
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        books = {}
        for mech in mechanisms:
            for name in variants:
                keep = {"executed": "all", "imports": "imports", "emptied": "nothing"}[name]
                books[mech, name] = copy_book(Path(tmp) / mech / name, keep=keep)
                if mech == "serial":
                    use_serial_execution(books[mech, name])
        if args.baseline:
            base = Path(tmp) / "baseline-source"
            base.mkdir()
            archive = subprocess.run(
                ["git", "archive", args.baseline, *SOURCES, "src"], cwd=ROOT, capture_output=True, check=True
            )
            subprocess.run(["tar", "-x", "-C", str(base)], input=archive.stdout, check=True)
            for name, keep in [("executed", "all"), ("emptied", "nothing")]:
                books["baseline", name] = copy_book(Path(tmp) / "baseline" / name, keep=keep, source=base)

        def run(mech: str, name: str) -> tuple[float, float]:
            how = "make-book" if mech == "baseline" else mech
            package = Path(tmp) / "baseline-source" / "src" if mech == "baseline" else None
            return build(books[mech, name], strict=name == "executed", mechanism=how, jobs=args.jobs, package=package)

        groups = mechanisms + (["baseline"] if args.baseline else [])
        for mech in groups:
            run(mech, "executed")  # warm-up: font cache, bytecode, page cache
        loads: list[list[float]] = []  # 1-minute load average when each run started and ended
        rows: dict[str, list[dict[str, float]]] = {mech: [] for mech in groups}
        cpu_rows: dict[str, list[dict[str, float]]] = {mech: [] for mech in groups}
        for i in range(args.repeats):
            order = [(mech, name) for name in variants for mech in groups if (mech, name) in books]
            order = order if i % 2 == 0 else order[::-1]
            load_before = os.getloadavg()[0]
            times = {key: run(*key) for key in order}
            loads.append([round(load_before, 2), round(os.getloadavg()[0], 2)])
            for mech in groups:
                rows[mech].append({name: t for (m, name), (t, _) in times.items() if m == mech})
                cpu_rows[mech].append({name: c for (m, name), (_, c) in times.items() if m == mech})
            print(
                f"run {i + 1}: " + "  ".join(f"{m}/{n} {t:.1f}s (cpu {c:.1f}s)" for (m, n), (t, c) in times.items()),
                flush=True,
            )
    notebooks = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "book").rglob("*.ipynb"))
    cpus = len(os.sched_getaffinity(0))
    result = {
        "mechanism": mechanisms[0],
        "jobs": (args.jobs or cpus) if mechanisms[0] == "make-book" else 1,
        "cpus": cpus,
        "notebooks": len(notebooks),
        "repeats": args.repeats,
        **summarise(rows[mechanisms[0]], cpu_rows[mechanisms[0]]),
        "target_ratio": 1.5,
        "load_average_runs": loads,
    }
    for mech in mechanisms[1:]:
        result[mech] = {
            "jobs": (args.jobs or cpus) if mech == "make-book" else 1,
            **summarise(rows[mech], cpu_rows[mech]),
        }
    if args.baseline:
        commit = subprocess.run(["git", "rev-parse", args.baseline], cwd=ROOT, capture_output=True, text=True)
        result["baseline"] = {
            "revision": commit.stdout.strip(),
            "jobs": args.jobs or cpus,
            **summarise(rows["baseline"], cpu_rows["baseline"]),
        }
    write_result(result, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
