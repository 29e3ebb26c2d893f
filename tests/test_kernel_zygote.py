"""Kernels forked from the build's zygote (tools/kernel_zygote.py) are the kernels a fresh launch gives.

The book build executes every notebook in a kernel forked from a process that imported ipykernel,
pandas, matplotlib and corpuskit once. Every state a notebook can print must be that of a fresh
``python -m ipykernel_launcher``: these tests take a fingerprint of both kinds of kernel (after the
imports and a figure, as a chapter does) and compare it, and check that jupyter_client still controls
a forked kernel (interrupt, exit status, kill). That every notebook of the book prints exactly its
stored outputs when built this way is checked on the built book (tests/test_book.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import build_book  # noqa: E402
import kernel_zygote  # noqa: E402

jupyter_client = pytest.importorskip("jupyter_client")

#: run in each kernel after what a chapter does first (imports, inline PNG figures, one figure drawn)
FINGERPRINT = r"""
import faulthandler, gc, json, locale, logging, os, signal, sys, threading, warnings
import matplotlib, matplotlib.pyplot as plt, numpy as np, pandas as pd
import corpuskit
from pandas._config.config import _registered_options
%config InlineBackend.figure_formats = ['png']
fig, ax = plt.subplots()
ax.plot([1, 2])
plt.close(fig)
ip = get_ipython()
SIGNALS = [signal.SIGINT, signal.SIGTERM, signal.SIGCHLD, signal.SIGPIPE, signal.SIGHUP, signal.SIGQUIT,
           signal.SIGUSR1, signal.SIGUSR2, signal.SIGALRM]
state = {
    "cwd": os.getcwd(),
    "argv0": sys.argv[0],
    "argv": [a for a in sys.argv[1:] if not a.endswith(".json")],
    "path": sys.path,
    "environ": {k: v for k, v in os.environ.items() if k not in ("JPY_PARENT_PID", "JPY_SESSION_NAME")},
    "environ_keys": sorted(os.environ),
    "pandas_options": {k: repr(pd.get_option(k)) for k in sorted(_registered_options)},
    "pandas_defaults": {k: repr(o.defval) for k, o in sorted(_registered_options.items())},
    "rcParams": {k: repr(v) for k, v in sorted(matplotlib.rcParams.items())},
    "rcParamsDefault": {k: repr(v) for k, v in sorted(matplotlib.rcParamsDefault.items())},
    "backend": matplotlib.get_backend(),
    "formatters": {m: sorted(f"{t.__module__}.{t.__qualname__}" for t in f.type_printers)
                   for m, f in sorted(ip.display_formatter.formatters.items())},
    "active_types": sorted(ip.display_formatter.active_types),
    "inline_formats": sorted(ip.config.InlineBackend.figure_formats),
    "post_execute": sorted(getattr(c, "__qualname__", repr(c)) for c in ip.events.callbacks["post_execute"]),
    "warnings": [repr(f) for f in warnings.filters],
    "signals": {s.name: repr(signal.getsignal(s)) for s in SIGNALS},
    "flags": repr(sys.flags),
    "limits": [sys.getrecursionlimit(), sys.getswitchinterval(), gc.isenabled(), gc.get_threshold()],
    "streams": [type(sys.stdout).__name__, type(sys.stderr).__name__, sys.stdout.encoding, type(sys.stdin).__name__],
    "hooks": [type(sys.displayhook).__name__, getattr(sys.excepthook, "__qualname__", repr(sys.excepthook))],
    "threads": sorted(t.name for t in threading.enumerate()),
    "faulthandler": faulthandler.is_enabled(),
    "logging": [logging.getLogger().level, [type(h).__name__ for h in logging.getLogger().handlers]],
    "numpy": [repr(np.get_printoptions()), repr(np.geterr())],
    "locale": locale.setlocale(locale.LC_ALL),
    "session": [os.getsid(0) == os.getpid(), os.getpgid(0) == os.getpid()],
    "main": [__name__, type(sys.modules["__main__"]).__name__],
}
print(json.dumps({"state": state, "modules": sorted(sys.modules)}))
"""


@contextmanager
def kernel(cwd: Path) -> Iterator[tuple[object, object]]:
    """A started ``python3`` kernel (manager, blocking client) in ``cwd``, shut down on exit."""
    km = jupyter_client.KernelManager(kernel_name="python3")
    km.start_kernel(cwd=str(cwd))
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        yield km, kc
    finally:
        kc.stop_channels()
        if km.is_alive():
            km.shutdown_kernel(now=True)


def run(kc, code: str, timeout: float = 120) -> tuple[str, dict]:
    """Execute ``code``; its stdout and the execute reply's content."""
    out: list[str] = []

    def hook(msg: dict) -> None:
        if msg["msg_type"] == "stream" and msg["content"]["name"] == "stdout":
            out.append(msg["content"]["text"])

    reply = kc.execute_interactive(code, timeout=timeout, output_hook=hook)
    return "".join(out), reply["content"]


def fingerprint(cwd: Path, preloaded: bool) -> tuple[dict, list[str]]:
    with build_book.preloaded_kernels(ROOT) if preloaded else nullcontext():
        with kernel(cwd) as (_, kc):
            text, reply = run(kc, FINGERPRINT)
    assert reply["status"] == "ok", reply
    data = json.loads(text)
    return data["state"], data["modules"]


def _difference(fresh: object, forked: object) -> object:
    """The entries of two fingerprint values that differ, as (fresh, forked)."""
    if isinstance(fresh, dict) and isinstance(forked, dict):
        return {k: (fresh.get(k), forked.get(k)) for k in {*fresh, *forked} if fresh.get(k) != forked.get(k)}
    if isinstance(fresh, list) and isinstance(forked, list):
        return {
            "fresh only": [x for x in fresh if x not in forked],
            "forked only": [x for x in forked if x not in fresh],
        }
    return (fresh, forked)


@pytest.fixture(scope="module")
def fingerprints(tmp_path_factory) -> tuple[tuple[dict, list[str]], tuple[dict, list[str]]]:
    cwd = tmp_path_factory.mktemp("notebook-folder")
    return fingerprint(cwd, preloaded=False), fingerprint(cwd, preloaded=True)


def test_forked_kernel_sees_what_a_fresh_kernel_sees(fingerprints):
    (fresh, fresh_modules), (forked, forked_modules) = fingerprints
    differ = {k: _difference(fresh[k], forked[k]) for k in fresh if fresh[k] != forked[k]}
    assert not differ, json.dumps(differ, indent=1)[:6000]
    # the pandas defaults are a kernel's, not a terminal's (the reason this needs care at all)
    assert forked["pandas_defaults"]["display.max_columns"] == "20"
    assert forked["backend"] == kernel_zygote.INLINE_BACKEND
    # the only difference: modules a chapter's kernel had not imported yet (ipykernel's and the
    # libraries' own submodules), loaded once by the zygote; a fresh kernel has none the zygote lacks
    # but runpy, which ran `python -m ipykernel_launcher`
    assert set(fresh_modules) - set(forked_modules) <= {"runpy"}


def test_interrupt_reaches_a_forked_kernel(tmp_path: Path):
    with build_book.preloaded_kernels(ROOT), kernel(tmp_path) as (km, kc):
        msg_id = kc.execute("import time\ntime.sleep(60)")
        time.sleep(1.0)
        t0 = time.perf_counter()
        km.interrupt_kernel()
        reply = kc.get_shell_msg(timeout=30)
        while reply["parent_header"].get("msg_id") != msg_id:  # the kernel_info replies of the start
            reply = kc.get_shell_msg(timeout=30)
        assert reply["content"]["status"] == "error" and reply["content"]["ename"] == "KeyboardInterrupt"
        assert time.perf_counter() - t0 < 20
        # the kernel lives on: the answer comes in the execute reply itself (a print's output travels on
        # iopub, where on a loaded machine it can arrive after the reply)
        reply = kc.execute_interactive("x = 6 * 7", user_expressions={"x": "x"}, timeout=60)
        assert reply["content"]["status"] == "ok", reply["content"]
        assert reply["content"]["user_expressions"]["x"]["data"]["text/plain"] == "42"


def test_kernel_exit_status_reaches_jupyter_client(tmp_path: Path):
    with build_book.preloaded_kernels(ROOT), kernel(tmp_path) as (km, kc):
        kc.execute("import os\nos._exit(3)")
        deadline = time.time() + 30
        while km.is_alive() and time.time() < deadline:
            time.sleep(0.1)
        assert not km.is_alive()
        assert km.provisioner.process.returncode == 3


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ")[1][0] != "Z"
    except FileNotFoundError:
        return False


def test_killing_the_launcher_kills_the_kernel(tmp_path: Path):
    """jupyter_client kills a kernel with SIGKILL (the build's immediate shutdown): the forked kernel dies too."""
    with build_book.preloaded_kernels(ROOT), kernel(tmp_path) as (km, kc):
        text, _ = run(kc, "import os\nprint(os.getpid())")
        pid = int(text)
        assert pid != km.provisioner.process.pid  # the kernel is the zygote's child, not the launcher
        km.shutdown_kernel(now=True)
        deadline = time.time() + 10
        while _alive(pid) and time.time() < deadline:
            time.sleep(0.05)
        assert not _alive(pid)


def _launch(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    """Run the launcher by hand against the zygote of the current ``preloaded_kernels`` block."""
    sock = os.environ["JUPYTER_PATH"].split(os.pathsep)[0] + "/zygote.sock"
    cmd = [sys.executable, "-I", "-S", str(ROOT / "tools" / "kernel_zygote.py"), "launch", sock, "-f", "x.json"]
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=60)


def test_a_kernel_with_another_environment_is_refused(tmp_path: Path):
    """A variable the kernel would have that the libraries were not loaded with: no forked kernel."""
    with build_book.preloaded_kernels(ROOT):
        done = _launch({**os.environ, "PANDAS_COPY_ON_WRITE": "warn"}, tmp_path)
    assert done.returncode == 1
    assert "environment differs" in done.stderr and "PANDAS_COPY_ON_WRITE" in done.stderr


def test_a_folder_shadowing_a_preloaded_module_is_refused(tmp_path: Path):
    """A fresh kernel in a folder holding ``pandas.py`` would import that file: no forked kernel."""
    (tmp_path / "pandas.py").write_text("X = 1\n")
    with build_book.preloaded_kernels(ROOT):
        done = _launch(dict(os.environ), tmp_path)
    assert done.returncode == 1
    assert "pandas" in done.stderr and "instead of the preloaded" in done.stderr


def test_the_zygote_goes_when_the_build_does():
    """The zygote exits (status 0) when the build's end of its standard input closes."""
    with build_book.preloaded_kernels(ROOT) as zygote:
        assert zygote.poll() is None
    assert zygote.returncode == 0
