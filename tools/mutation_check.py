"""Show that the notebook regression tests notice a small change to a seed or to corpuskit.

Each mutation is applied to a throw-away copy of the repository (the files git tracks), never to
the working tree; then the notebook regression test of the chosen chapter is run on the copy, with
the copy's ``src/`` ahead of the installed corpuskit on the path. A mutation *should* make the test
fail *in the expected way* (the stored numbers differ, or corpuskit refuses the corpus), not merely
crash; and a control run of each chapter on an unchanged copy must pass, so that a broken copy cannot
pass for a detected change. The script prints each verdict and the first lines of the difference.

    python tools/mutation_check.py                   # the built-in mutations below
    python tools/mutation_check.py --list

The seed mutation changes one word and, like an honest editor of the corpus, updates the file's
sha256 in ``metadata.csv`` (otherwise :class:`corpuskit.ChecksumError` stops every chapter before a
single number is computed -- the ``seed-word-stale-checksum`` case shows that too).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Mutation:
    name: str
    path: str  # file in the repository
    old: str  # text replaced, once; must occur exactly once
    new: str
    chapter: str  # notebook whose regression test is run
    expect: str  # the exception the failing test must report
    rehash: bool = False  # update the seed's sha256 in seeds/metadata.csv
    what: str = ""


MUTATIONS = [
    Mutation(
        "seed-word",
        "seeds/000_4e5b214b2cb7ff2f.txt",
        "he was extraordinarily positive about",
        "he was extraordinarily negative about",
        "book/chapters/05_tone.ipynb",
        "NBRegressionError",
        rehash=True,
        what="one word of Kuchins (2016): 'positive' -> 'negative', checksum updated",
    ),
    Mutation(
        "seed-word-stale-checksum",
        "seeds/000_4e5b214b2cb7ff2f.txt",
        "he was extraordinarily positive about",
        "he was extraordinarily negative about",
        "book/chapters/01_corpus.ipynb",
        "ChecksumError",
        what="the same word, checksum left as it was",
    ),
    Mutation(
        "corpuskit-constant",
        "src/corpuskit/sentiment.py",
        "    n_boot: int = 2000,\n    level: float = 0.95,\n",
        "    n_boot: int = 2000,\n    level: float = 0.90,\n",
        "book/chapters/05_tone.ipynb",
        "NBRegressionError",
        what="corpuskit.bootstrap_mean's default interval level: 0.95 -> 0.90",
    ),
]


def copy_repo(dest: Path) -> None:
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, files.decode().split("\0")):
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)


def apply(m: Mutation, repo: Path) -> None:
    path = repo / m.path
    text = path.read_bytes().decode("utf-8")
    if text.count(m.old) != 1:
        raise SystemExit(f"{m.name}: the text to replace occurs {text.count(m.old)} times in {m.path}, not once")
    path.write_bytes(text.replace(m.old, m.new).encode("utf-8"))
    if m.rehash:
        meta = repo / "seeds" / "metadata.csv"
        rows = list(csv.DictReader(io.StringIO(meta.read_text("utf-8"))))
        for row in rows:
            if row["file"] == Path(m.path).name:
                row["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        meta.write_text(out.getvalue(), "utf-8")


def run(m: Mutation | None, chapter: str) -> tuple[bool, str]:
    """Run ``chapter``'s regression test on a copy changed by ``m`` (none: the control).

    Returns (did the test fail?, the lines of its report that matter).
    """
    with tempfile.TemporaryDirectory(prefix="mutation-") as tmp:
        repo = Path(tmp)
        copy_repo(repo)
        if m is not None:
            apply(m, repo)
        env = {**os.environ, "PYTHONPATH": str(repo / "src"), "PYTHONHASHSEED": "0"}
        test_id = f"tests/test_notebooks.py::test_notebook_outputs_match_stored_baseline[{chapter}]"
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", test_id],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
        )
        out = re.sub(r"\x1b\[[0-9;]*m", "", done.stdout)
        lines = [line for line in out.splitlines() if line.startswith("E ")]
        if not any("NBRegressionError" in line for line in lines):  # the chapter stopped with an error
            lines = [line for line in lines if re.match(r"E\s+(?:- )?\w*Error\b", line)]
        return done.returncode != 0, "\n".join(lines[:14])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", help="mutations to run (default: all)")
    ap.add_argument("--list", action="store_true")
    args = ap.parse_args()
    chosen = [m for m in MUTATIONS if not args.names or m.name in args.names]
    if args.list:
        for m in MUTATIONS:
            print(f"{m.name}: {m.what} ({m.chapter})")
        return 0
    missed = 0
    for chapter in sorted({m.chapter for m in chosen}):
        failed, report = run(None, chapter)
        missed += failed
        print(
            f"== control: {chapter} on an unchanged copy: {'FAILED -- the harness is broken' if failed else 'passed'}"
        )
        if failed:
            print("   " + report.replace("\n", "\n   ") + "\n")
    for m in chosen:
        failed, report = run(m, m.chapter)
        caught = failed and m.expect in report
        missed += not caught
        verdict = f"FAILED with {m.expect}, as it should" if caught else f"not detected as {m.expect}"
        print(f"== {m.name}: {m.what}\n   {m.chapter}: {verdict}")
        print("   " + report.replace("\n", "\n   ") + "\n")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
