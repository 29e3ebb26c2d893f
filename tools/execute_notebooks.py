"""Execute every book notebook in place, storing its outputs as the regression baseline.

The stored outputs are what tests/test_notebooks.py compares a fresh execution against, so run
this only when a change to the data, the code or the chapter is intended, and review
`git diff book/` before committing. Timing metadata is not recorded, so unchanged outputs give
an unchanged file.

    python tools/execute_notebooks.py [book/chapters/01_corpus.ipynb ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def notebooks(args: list[str]) -> list[Path]:
    if args:
        return [Path(a).resolve() for a in args]
    return sorted(p for p in (ROOT / "book").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def main(argv: list[str]) -> int:
    for path in notebooks(argv):
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(
            nb,
            timeout=600,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
            record_timing=False,
        )
        client.execute()
        nb.metadata.pop("widgets", None)
        nbformat.write(nb, str(path))
        print(f"executed {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
