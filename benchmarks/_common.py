"""Shared by the benchmark scripts: the large prose corpus and writing results."""

from __future__ import annotations

import json
import sys
from pathlib import Path

#: The reStructuredText sources of the Python 3.11 documentation (Debian: apt-get install python3.11-doc).
DEFAULT_CORPUS = Path("/usr/share/doc/python3.11/html/_sources")
RESULTS = Path(__file__).with_name("results")


def load_prose(folder: Path, minimum_bytes: int = 10_000_000) -> tuple[list[Path], list[str], int]:
    """Every ``*.txt`` under ``folder`` (sorted), their texts, and their size in bytes; exit if too small."""
    files = sorted(folder.rglob("*.txt"))
    texts = [f.read_text("utf-8") for f in files]
    n_bytes = sum(len(t.encode("utf-8")) for t in texts)
    if n_bytes < minimum_bytes:
        print(
            f"only {n_bytes / 1e6:.1f} MB of text under {folder}; the benchmark needs "
            f"{minimum_bytes / 1e6:.0f} MB (apt-get install python3.11-doc)",
            file=sys.stderr,
        )
        raise SystemExit(2)
    return files, texts, n_bytes


def write_result(result: dict, out: Path) -> None:
    """Print the result and store it as JSON (the README quotes these files)."""
    print(json.dumps(result, indent=2))
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
