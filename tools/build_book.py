"""Build the book: execute every notebook afresh, several at a time, then render it with Jupyter Book.

This is what ``make book`` runs (and what tests/test_book.py and benchmarks/bench_build.py run).

1. The jupyter-cache of the book (``_build/.jupyter_cache``) is deleted, so that nothing executed
   by an earlier build is reused: every build executes every notebook against the current seeds,
   data and corpuskit, as ``execute_notebooks: force`` did. So is the cache of the chapters'
   shared tables (``_build/.essay_cache``, see ``book/essay.py``): the first kernel that needs a
   table computes it, the others load it.
2. Every notebook under ``book/`` is executed into a new cache, ``--jobs`` notebooks at a time
   (default: one per CPU), each in its own kernel with the notebook's folder as working directory
   and the ``timeout`` and ``allow_errors`` of ``_config.yml`` -- the same call
   (``jupyter_cache.executors.utils.single_nb_execution``) that myst-nb makes when it executes a
   notebook itself, except that each kernel is stopped at once after its last cell. The worker
   processes only execute; this process stores each result in the cache,
   one at a time (jupyter-cache's own parallel executor lets every worker write, and its
   pruning of old entries can then delete an entry another worker has just stored). A notebook
   whose kernel fails is executed again (twice at most); one whose cell raises stops the build
   here, with its traceback. Every kernel is forked from one process that has imported ipykernel,
   pandas, matplotlib and corpuskit once (``tools/kernel_zygote.py``; ``--fresh-kernels`` starts
   each as ``python -m ipykernel_launcher``).
3. ``jupyter-book build . --all -W -n --keep-going`` renders the book, and it starts as soon as the
   workers do: Sphinx reads the Markdown pages, imports corpuskit for the API reference and renders
   the notebooks already executed while the kernels run, on the CPU time they leave free. When it
   comes to a notebook, ``book/_ext/await_execution.py`` holds it until this process has stored that
   notebook in the cache (a signal file per notebook). The notebooks are executed longest first (by
   the seconds each took last time), so that the workers finish together, and Sphinx reads the other
   pages first, then the notebooks in the order they are expected to be ready
   (``expected_finish_order``). ``_config.yml`` says ``execute_notebooks: cache``, so myst-nb takes each notebook's
   outputs from the cache (it matches a notebook by a hash of its code cells and kernelspec, so a
   notebook edited during the build would be executed again by the build, not rendered with stale
   outputs). The build log is checked: every notebook must have come from the cache. If a notebook
   fails, the build is told to stop (and does, with an error naming the notebook it was waiting for).

The cache is deleted after a successful build: it only hands the outputs over, and jupyter-cache
matches cells, not the seeds, the data or corpuskit, so a cache left behind could serve stale
outputs to a later hand-run ``jupyter-book build .``.

Glue works as before: myst-nb writes each page's glued values into ``_build/jupyter_execute``
while rendering, whichever way the outputs were obtained, and ``{glue:text}`` references between
pages are resolved from there.

    python tools/build_book.py [--book DIR] [--jobs N] [--not-strict] [--fresh-kernels]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import multiprocessing as mp
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "book" / "_ext"))
import await_execution  # the build's side of the signals: book/_ext/await_execution.py

ROOT = Path(__file__).resolve().parents[1]
STRICT = ["-W", "-n", "--keep-going"]
RETRIES = 2  # a notebook whose kernel failed (not a cell) is executed again, this many times at most
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def notebooks(book: Path) -> list[Path]:
    """Every notebook of the book, in path order."""
    return sorted(
        p
        for p in (book / "book").rglob("*.ipynb")
        if ".ipynb_checkpoints" not in p.parts and "_build" not in p.relative_to(book).parts
    )


def execute_one(task: tuple[str, int, bool]) -> tuple[str, str, object, float, str | None]:
    """Execute one notebook as myst-nb does; ("ok" | "cell" | "kernel", path, notebook, seconds, traceback).

    Run in a worker process. It only executes: the parent stores the result in the cache, one
    notebook at a time (jupyter-cache's pruning of old entries is not safe for concurrent writers:
    one process can delete the entry another has just stored).
    """
    import traceback

    import nbformat
    from jupyter_cache.executors.utils import single_nb_execution

    path, timeout, allow_errors = task
    try:
        nb = nbformat.read(path, as_version=4)
        # the call myst-nb makes (myst_nb.core.execute), in the notebook's folder; but the kernel is
        # stopped at once when the last cell has run (every output has been received by then): a
        # graceful shutdown waits for the interpreter to tear down pandas, matplotlib and the rest
        # (0.2-0.4 s in every kernel that imported them, nothing in an emptied one)
        result = single_nb_execution(
            nb,
            cwd=str(Path(path).parent),
            timeout=timeout,
            allow_errors=allow_errors,
            meta_override=True,
            shutdown_kernel="immediate",
        )
    except Exception:
        # the kernel failed, not a cell: on a shared machine two kernels started at the same moment
        # can pick the same free TCP port, and one dies ("Kernel died before replying to kernel_info")
        return "kernel", path, None, 0.0, traceback.format_exc()
    if result.err is not None:
        return "cell", path, None, result.time, result.exc_string
    return "ok", path, nb, result.time, None


#: seconds each notebook took to execute in the last build (written by every build, read by the next)
LAST_SECONDS = Path("_build") / ".execution_seconds.json"
#: the same, committed, for a build without an earlier one (a fresh clone, the benchmark's copies):
#: refresh it with a copy of ``_build/.execution_seconds.json`` when the notebooks' costs change a lot
HINT_SECONDS = Path("tools") / "execution_seconds.json"


def expected_seconds(book: Path) -> dict[str, float]:
    """Seconds each notebook (by path relative to ``book``) is expected to take: the last build's, else the hints."""
    expected: dict[str, float] = {}
    for name in (HINT_SECONDS, LAST_SECONDS):  # the last build's figures win
        try:
            expected.update(json.loads((book / name).read_text("utf-8")))
        except (OSError, ValueError):
            pass
    return expected


def expected_finish_order(paths: list[str], cost: dict[str, float], jobs: int) -> list[str]:
    """The order in which ``jobs`` workers, each taking the next of ``paths`` when it is free, are expected to
    finish them, given each one's expected seconds.

    >>> expected_finish_order(["long", "mid", "short", "tiny"], {"long": 6, "mid": 3, "short": 2, "tiny": 1}, 2)
    ['mid', 'short', 'long', 'tiny']
    """
    free = [0.0] * max(1, jobs)
    finish = []
    for i, path in enumerate(paths):
        w = min(range(len(free)), key=free.__getitem__)
        free[w] += cost.get(path, 1.0)
        finish.append((free[w], i, path))
    return [path for _, _, path in sorted(finish)]


def execute_into_cache(
    book: Path,
    cache_dir: Path,
    jobs: int,
    started: Callable[[list[Path]], None] | None = None,
    done: Callable[[Path], None] | None = None,
) -> None:
    """Execute every notebook of ``book`` into a new jupyter-cache at ``cache_dir``, ``jobs`` at a time.

    ``started(paths)`` is called once the cache exists and the worker processes have been forked (a
    thread started before the fork could hold a lock the workers inherit locked), with every notebook
    in the order it is expected to be ready (:func:`expected_finish_order`); ``done(path)`` for
    every notebook once its outputs are in the cache (for one whose code is another's, when that
    one's are).
    """
    started = started or (lambda paths: None)
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    execute = (yaml.safe_load((book / "_config.yml").read_text("utf-8")) or {}).get("execute", {})
    if execute.get("execute_notebooks") != "cache":
        raise SystemExit(f"{book / '_config.yml'}: execute_notebooks must be 'cache', or the build executes again")
    if execute.get("run_in_temp"):
        raise SystemExit("run_in_temp is not supported: notebooks are executed in their own folder")
    timeout = execute.get("timeout", 30)
    allow_errors = bool(execute.get("allow_errors", False))

    shutil.rmtree(cache_dir, ignore_errors=True)
    cache = get_cache(cache_dir)
    tasks, same_code = [], {}
    for path in notebooks(book):
        # jupyter-cache identifies a notebook by its code cells; two notebooks with the same code
        # share one cache entry (myst-nb renders both from it), so that code is executed once.
        _, hashkey = cache.create_hashed_notebook(nbformat.read(path, as_version=4))
        if hashkey not in same_code:
            same_code[hashkey] = []
            tasks.append((str(path), timeout, allow_errors))
        same_code[hashkey].append(path)
    copies = {str(paths[0]): paths for paths in same_code.values()}
    # longest first (by the seconds each took last time), so that the last notebooks to finish are
    # short ones and the workers finish together instead of one waiting for a late long notebook
    costs = expected_seconds(book)
    cost = {t[0]: costs.get(Path(t[0]).relative_to(book).as_posix(), 1.0) for t in tasks}
    tasks.sort(key=lambda t: -cost[t[0]])
    seconds: dict[str, float] = {}
    t0 = time.perf_counter()
    jobs = max(1, min(jobs, len(tasks)))
    failed: dict[str, str] = {}
    ready = [Path(c) for t in expected_finish_order([t[0] for t in tasks], cost, jobs) for c in copies[t]]

    def store(outcome: tuple[str, str, object, float, str | None]) -> bool:
        """Cache a notebook that ran, note one that failed; whether its kernel failed."""
        status, path, nb, took, tb = outcome
        print(f"  {Path(path).relative_to(book)}: {status}, {took:.1f} s", flush=True)
        failed.pop(path, None)
        if status == "ok":
            seconds[Path(path).relative_to(book).as_posix()] = round(took, 2)
            bundle = CacheBundleIn(nb, path, data={"execution_seconds": took})
            cache.cache_notebook_bundle(bundle, check_validity=False, overwrite=True)
            for copy in copies[path] if done else ():
                done(copy)
        else:
            failed[path] = tb or "(no traceback)"
        return status == "kernel"

    if jobs == 1:
        started(ready)
        again = [t for t in tasks if store(execute_one(t))]
    else:
        # one notebook per task (chunksize 1), so that a worker that finishes early takes the next
        with mp.get_context("fork").Pool(jobs) as pool:
            started(ready)
            again = []
            by_path = {t[0]: t for t in tasks}
            for outcome in pool.imap_unordered(execute_one, tasks, chunksize=1):
                if store(outcome):
                    again.append(by_path[outcome[1]])
    for attempt in range(RETRIES):
        if not again:
            break
        print(f"executing again (attempt {attempt + 2}): {', '.join(Path(t[0]).name for t in again)}", flush=True)
        again = [t for t in again if store(execute_one(t))]
    for path, tb in failed.items():
        print(f"\nExecuting {Path(path).relative_to(book)} failed:\n{tb}", file=sys.stderr)
    if failed:
        raise SystemExit(f"{len(failed)} of {len(tasks)} notebooks failed to execute")
    print(f"executed {len(tasks)} notebooks, {jobs} at a time, in {time.perf_counter() - t0:.1f} s", flush=True)
    (book / LAST_SECONDS).write_text(json.dumps(dict(sorted(seconds.items())), indent=1) + "\n", "utf-8")


@contextlib.contextmanager
def preloaded_kernels(book: Path) -> Iterator[subprocess.Popen]:
    """Within this block, every ``python3`` kernel is forked from one zygote (``tools/kernel_zygote.py``).

    The zygote imports ipykernel, pandas, matplotlib and corpuskit once; a kernelspec named
    ``python3`` put first on ``JUPYTER_PATH`` makes jupyter_client start, instead of
    ``python -m ipykernel_launcher``, a launcher that asks the zygote for a forked kernel. Each kernel
    is still a process of its own with the notebook's folder and the launcher's environment (with
    ``JUPYTER_PATH`` as it was), and nothing else in the execution changes.
    """
    zygote_py = book / "tools" / "kernel_zygote.py"
    with tempfile.TemporaryDirectory(prefix="kernel-zygote-") as tmp:
        sock = os.path.join(tmp, "zygote.sock")
        spec = Path(tmp, "kernels", "python3")
        spec.mkdir(parents=True)
        argv = [sys.executable, "-I", "-S", str(zygote_py), "launch", sock, "-f", "{connection_file}"]
        kernel = {"argv": argv, "display_name": "Python 3 (ipykernel)", "language": "python"}
        kernel["metadata"] = {"debugger": True}
        (spec / "kernel.json").write_text(json.dumps(kernel, indent=1), "utf-8")
        # the environment jupyter_client gives a kernel (os.environ, not the C environment, which a
        # library may have changed with setenv)
        proc = subprocess.Popen(
            [sys.executable, str(zygote_py), "serve", sock],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=dict(os.environ),
        )
        assert proc.stdout is not None and proc.stdin is not None
        if proc.stdout.readline().strip() != "listening":
            raise SystemExit("the kernel zygote did not start")
        saved = {name: os.environ.get(name) for name in ("JUPYTER_PATH", "KERNEL_ZYGOTE_RESTORE")}
        os.environ["KERNEL_ZYGOTE_RESTORE"] = json.dumps({"JUPYTER_PATH": saved["JUPYTER_PATH"]})
        os.environ["JUPYTER_PATH"] = os.pathsep.join(p for p in [tmp, saved["JUPYTER_PATH"]] if p)
        try:
            yield proc
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
            proc.stdin.close()  # the zygote exits when its standard input closes
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


class Build:
    """``jupyter-book build`` of ``book``, started at once and run while the notebooks execute.

    Its log is streamed by a thread; ``signals`` is the folder where ``mark_done`` tells the build
    (``book/_ext/await_execution.py``) which notebooks are in the cache. ``finish`` waits for it and
    fails if it failed or executed a notebook itself.
    """

    def __init__(self, book: Path, strict: bool, signals: Path, env: dict[str, str], order: list[Path]) -> None:
        # the notebooks in the order they are expected to be ready: the build reads them in that order
        (signals / "ORDER").write_text("".join(f"{self.docname(book, p)}\n" for p in order), "utf-8")
        jb = Path(sys.executable).with_name("jupyter-book")
        cmd = [str(jb), "build", ".", "--all", *(STRICT if strict else [])]
        env = dict(env, **{await_execution.SIGNALS: str(signals), await_execution.PARENT: str(os.getpid())})
        self.book, self.signals = book, signals
        self.executed: list[str] = []
        self.from_cache = 0
        self.proc = subprocess.Popen(
            cmd, cwd=book, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1, env=env
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        current = None
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            sys.stdout.write(line)
            sys.stdout.flush()
            line = ANSI.sub("", line)
            if m := re.search(r"reading sources\.\.\. \[\s*\d+%\]\s+(\S+)", line):
                current = m.group(1)
            if "Using cached notebook" in line:
                self.from_cache += 1
            elif "Executing notebook using" in line:
                self.executed.append(current or "?")

    @staticmethod
    def docname(book: Path, path: Path) -> str:
        """Sphinx's name of the notebook at ``path`` (``book/chapters/01_corpus``)."""
        return Path(path).relative_to(book).with_suffix("").as_posix()

    def mark_done(self, path: Path) -> None:
        """Tell the build that the notebook at ``path`` is in the cache."""
        flag = await_execution.signal_path(self.signals, self.docname(self.book, path))
        flag.parent.mkdir(parents=True, exist_ok=True)
        flag.touch()

    def finish(self, executed_ok: bool) -> None:
        """Wait for the build (told to stop if the notebooks failed); fail if it failed."""
        (self.signals / ("ALL_DONE" if executed_ok else "ABORT")).touch()
        returncode = self.proc.wait()
        self.reader.join()
        if not executed_ok:
            return
        if returncode != 0:
            raise SystemExit(returncode)
        if self.executed:
            # the outputs are right (the build executed what the cache lacked), but the parallel step was wasted
            raise SystemExit(f"jupyter-book executed notebooks missing from the cache: {', '.join(self.executed)}")
        print(f"{self.from_cache} notebooks rendered from the cache", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--book", type=Path, default=ROOT, help="the book's root folder (with _config.yml)")
    ap.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)), help="notebooks executed at once")
    ap.add_argument("--not-strict", action="store_true", help="build without -W -n --keep-going")
    ap.add_argument(
        "--fresh-kernels",
        action="store_true",
        help="start every kernel as python -m ipykernel_launcher instead of forking it from a preloaded zygote",
    )
    args = ap.parse_args(argv)
    book = args.book.resolve()
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    cache_dir = book / "_build" / ".jupyter_cache"
    # The chapters' shared tables (book/essay.py) are computed afresh by every build, like the notebooks.
    shutil.rmtree(book / "_build" / ".essay_cache", ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="book-executed-") as signals:
        # the build starts as soon as the workers exist, and reads each notebook once it is in the cache
        render: list[Build] = []

        def start_build(order: list[Path]) -> None:
            render.append(Build(book, strict=not args.not_strict, signals=Path(signals), env=build_env, order=order))

        def notebook_done(path: Path) -> None:
            render[0].mark_done(path)

        build_env = dict(os.environ)  # without the zygote's kernelspec, which preloaded_kernels sets
        executed_ok = False
        try:
            with contextlib.nullcontext() if args.fresh_kernels else preloaded_kernels(book):
                execute_into_cache(book, cache_dir, args.jobs, started=start_build, done=notebook_done)
            executed_ok = True
        finally:
            if render:
                render[0].finish(executed_ok)
    # The cache only hands the outputs over to the build. Left in place, a later hand-run
    # `jupyter-book build .` would render from it even after the seeds, the data or corpuskit changed.
    shutil.rmtree(cache_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
