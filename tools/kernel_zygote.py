"""Preloaded notebook kernels: one process imports the libraries once, and forks a kernel per notebook.

Every chapter of the book starts a kernel of its own, and every kernel imports ipykernel, pandas,
matplotlib and corpuskit again (about 1 CPU second each, most of what an executed chapter costs on
top of an emptied one). ``tools/build_book.py`` instead starts one *zygote* per build::

    python tools/kernel_zygote.py serve SOCKET

which imports those libraries once, then waits on the Unix socket ``SOCKET``. Notebooks are still
executed through jupyter_client and nbclient, exactly as before; only the kernel's launch command
differs. The build puts a kernelspec named ``python3`` first on ``JUPYTER_PATH`` whose command is::

    python -I -S tools/kernel_zygote.py launch SOCKET -f {connection_file}

That *launcher* (standard library only, a few milliseconds) sends its working directory,
environment, arguments and standard streams to the zygote, which forks. The child becomes the
kernel: a new session, the launcher's streams, folder and environment, the signal handlers and
``sys.path`` of a fresh interpreter, then ``ipykernel_launcher``'s own code. The launcher stays in
between as the process jupyter_client knows: a signal it receives (interrupt, terminate) is passed to
the kernel's process group; when the kernel exits, the launcher exits with its status; and when the
launcher dies (jupyter_client kills it with SIGKILL, which cannot be passed on), the zygote sees its
connection close and kills the kernel's process group.

What a kernel sees must be what a fresh ``python -m ipykernel_launcher`` sees, or the notebooks could
print something the regression baselines never saw:

* pandas chooses some display defaults when it is imported, from whether it runs in a Jupyter kernel
  (``display.max_columns`` is 20 there and 0 in a terminal) and from ``sys.stdout``
  (``display.encoding``). The zygote imports the libraries while ``get_ipython()`` answers as a
  kernel's does and ``sys.stdout`` reports ipykernel's encoding, so the defaults are the kernel's,
  not options set afterwards (``pd.describe_option`` and ``reset_option`` give what a kernel gives).
  Whatever the imports print (a fresh kernel would show it under the first cell) stops the zygote.
* the environment: the zygote records every variable the imports read; it is started with the
  environment jupyter_client gives kernels, and refuses a kernel whose environment differs but for
  the ``JPY_*`` variables jupyter_client sets per kernel (:data:`PER_KERNEL`), which the imports must
  not read. ``ipykernel.kernelapp`` reads ``JPY_PARENT_PID`` when it is imported: each kernel
  imports it itself.
* the warning filters the libraries add on import come, in a fresh kernel, in front of those IPython
  adds while the kernel starts: each kernel moves them there. numpy's global random state is
  reseeded from the OS in each kernel (Python's ``random`` reseeds itself after ``fork``).
* matplotlib reads ``MPLBACKEND`` when it is imported; the zygote sets it as ipykernel does
  (``module://matplotlib_inline.backend_inline``, unless the environment already names a backend)
  and never loads the backend module itself, whose import hooks figures into the running IPython:
  that happens in the kernel, on its first figure.
* the working directory is left out of ``sys.path`` while the libraries load, as
  ``ipykernel_launcher`` does; the kernel refuses to start when its folder holds a file or package
  named like a preloaded module (a fresh kernel would have imported that one instead).
* the zygote starts no thread of its own and opens no ZeroMQ context before it forks: the only
  threads alive are the two native ones the libraries start on import (OpenBLAS's worker, arrow's
  jemalloc background thread), both of which stop or reset around ``fork`` through their own
  ``pthread_atfork`` handlers; a Python thread (``threading.active_count() > 1``) or any new native
  thread makes the zygote refuse to fork.

What differs: the loaded modules (a kernel has the preloaded ones before it asks for them), and the
hash seed of ``str`` (every kernel of one build shares the zygote's; each fresh kernel draws its own
unless ``PYTHONHASHSEED`` is set), which no notebook output may depend on anyway.

``tests/test_kernel_zygote.py`` compares a forked kernel with a fresh one (paths, environment,
pandas options and their defaults, rcParams and backend, warning filters, signal handlers, figure
formatters, ...) and checks interrupt, exit status and kill; ``tests/test_book.py`` checks that every
notebook the build executed prints exactly its stored outputs. ``KERNEL_ZYGOTE_LOG=1`` makes the
zygote print each kernel's CPU seconds.
"""

from __future__ import annotations

import gc
import json
import os
import signal
import socket
import sys

#: what every chapter's kernel imports anyway: loaded once by the zygote. Modules only some notebooks
#: import (networkx, myst_nb, ...) are left to those notebooks, so that no kernel has a library loaded
#: that it would not have loaded itself -- except these, whose import has no effect a notebook sees.
PRELOAD = (
    # not ipykernel.kernelapp: its traits read JPY_PARENT_PID when it is imported; it is imported by
    # each kernel (0.01 s), everything it needs is loaded here
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    "IPython.core.formatters",
    "IPython.display",
    "numpy",
    "pandas",
    "yaml",
    "matplotlib",
    "matplotlib.pyplot",
    "matplotlib.dates",
    "corpuskit",
)
MAX_MESSAGE = 1 << 20  # one request: arguments, working directory, environment (SOCK_SEQPACKET)
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
#: set by the build for the launcher: a JSON object of the variables the build changed to find the
#: zygote's kernelspec (``JUPYTER_PATH``), with their values before (null: unset). The kernel's
#: environment is the launcher's with those restored and this variable removed.
RESTORE = "KERNEL_ZYGOTE_RESTORE"
#: what jupyter_client sets for each kernel (launcher.py): the only variables in which a kernel's
#: environment may differ from the zygote's, and none may be read while the libraries load
PER_KERNEL = frozenset({"JPY_PARENT_PID", "JPY_SESSION_NAME", "JPY_INTERRUPT_EVENT", "IPY_INTERRUPT_EVENT"})
FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1, signal.SIGUSR2)


# --------------------------------------------------------------------------- launcher (stdlib only)
def launch(sock_path: str, argv: list[str]) -> int:
    """Ask the zygote for a kernel with ``argv``; pass signals on to it; return its exit status."""
    env = dict(os.environ)
    for name, value in json.loads(env.pop(RESTORE, "{}")).items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    request = json.dumps({"argv": argv, "cwd": os.getcwd(), "env": env}).encode()
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    try:
        conn.connect(sock_path)
        socket.send_fds(conn, [request], [0, 1, 2])
        reply = json.loads(conn.recv(MAX_MESSAGE) or b"{}")
    except OSError as exc:
        reply = {"error": f"the zygote at {sock_path} does not answer ({exc}); see its error above"}
    if "pid" not in reply:
        print(
            f"kernel_zygote: no kernel started: {reply.get('error', 'the zygote closed the connection')}",
            file=sys.stderr,
        )
        return 1
    pid = reply["pid"]  # the kernel leads its own session and process group (pgid == pid)

    def forward(signum: int, frame: object) -> None:
        try:
            os.killpg(pid, signum)
        except ProcessLookupError:
            pass

    for signum in FORWARDED:
        signal.signal(signum, forward)
    while True:
        try:
            data = conn.recv(MAX_MESSAGE)
            break
        except InterruptedError:  # pragma: no cover - PEP 475 retries, kept for clarity
            continue
    status = json.loads(data or b'{"status": 1}')["status"]
    if status < 0:  # killed by a signal: die of the same signal, as the kernel did
        signal.signal(-status, signal.SIG_DFL)
        os.kill(os.getpid(), -status)
    return status


# --------------------------------------------------------------------------- zygote
def _native_threads() -> int:
    return len(os.listdir("/proc/self/task"))


class _KernelShellStandIn:
    """What pandas's ``is_terminal()`` sees in a Jupyter kernel: a ``get_ipython()`` with a ``kernel``."""

    kernel = object()


#: the first of :data:`PRELOAD` that a fresh kernel imports only when a cell asks for it; the modules
#: before it are loaded by every kernel before its first cell runs
FIRST_USER_MODULE = "numpy"


class Preloaded:
    """What :func:`preload` leaves for the kernels: packages loaded, variables read, warning filters added."""

    def __init__(self, modules: list[str], reads: set[str], user_filters: list) -> None:
        self.modules = modules  #: top-level packages in ``sys.modules``
        self.reads = reads  #: environment variables the imports read
        #: the warning filters the libraries' imports added (numpy's, ...). A fresh kernel adds them
        #: when a cell imports the library, after IPython's own filters: each kernel moves them in front.
        self.user_filters = user_filters


def preload() -> Preloaded:
    """Import :data:`PRELOAD` as a kernel's cell would import them, and check that it made no difference
    a kernel could see."""
    import builtins
    import importlib
    import io
    import warnings

    reads: set[str] = set()
    environ = type(os.environ)
    getitem, iterate = environ.__getitem__, environ.__iter__

    def recorded_getitem(self, key):  # get(), `in` and os.getenv() come through here
        reads.add(key)
        return getitem(self, key)

    def recorded_iter(self):
        reads.add("*")
        return iterate(self)

    if not os.environ.get("MPLBACKEND"):  # ipykernel.kernelapp.IPKernelApp.init_gui_pylab
        os.environ["MPLBACKEND"] = INLINE_BACKEND
    # In a kernel, a cell's imports see get_ipython() and ipykernel's streams (pandas takes its
    # display defaults from the one and display.encoding from the other). What they print would be
    # the first cell's output: here it has nowhere to go, so it stops the zygote.
    streams = sys.stdout, sys.stderr
    captured = [io.TextIOWrapper(io.BytesIO(), encoding="UTF-8", write_through=True) for _ in streams]
    builtins.get_ipython = _KernelShellStandIn  # type: ignore[attr-defined]
    environ.__getitem__, environ.__iter__ = recorded_getitem, recorded_iter  # type: ignore[method-assign]
    sys.stdout, sys.stderr = captured
    try:
        for name in PRELOAD:
            if name == FIRST_USER_MODULE:
                before = list(warnings.filters)
                from ipykernel.iostream import OutStream

                for stream in captured:  # the encoding a kernel's sys.stdout reports
                    stream.reconfigure(encoding=OutStream.encoding)
            importlib.import_module(name)
    finally:
        sys.stdout, sys.stderr = streams
        environ.__getitem__, environ.__iter__ = getitem, iterate  # type: ignore[method-assign]
        del builtins.get_ipython  # type: ignore[attr-defined]
    printed = "".join(s.buffer.getvalue().decode("utf-8", "replace") for s in captured)  # type: ignore[attr-defined]
    if printed:
        raise SystemExit(f"kernel_zygote: importing the libraries printed (a fresh kernel would show it):\n{printed}")
    if "matplotlib_inline.backend_inline" in sys.modules or "ipykernel.kernelapp" in sys.modules:
        raise SystemExit("kernel_zygote: the inline backend or the kernel app was imported before any kernel exists")
    if reads & (PER_KERNEL | {"*"}):
        raise SystemExit(f"kernel_zygote: the preloaded modules read {sorted(reads & (PER_KERNEL | {'*'}))}")
    user_filters = [f for f in warnings.filters if f not in before]
    if warnings.filters[: len(user_filters)] != user_filters:
        raise SystemExit("kernel_zygote: the libraries' warning filters are not at the front of the list")
    modules = sorted({m.split(".")[0] for m in sys.modules if not m.startswith("_")})
    return Preloaded(modules, reads, user_filters)


def _shadowed(cwd: str, names: list[str]) -> list[str]:
    """Preloaded top-level modules that a file or package in ``cwd`` would have replaced."""
    entries = set(os.listdir(cwd))
    return [n for n in names if f"{n}.py" in entries or (n in entries and os.path.isdir(os.path.join(cwd, n)))]


def serve(sock_path: str) -> None:
    """Listen on ``sock_path``, preload the libraries, then fork a kernel for every launcher that connects.

    The zygote exits when its standard input closes (the build that started it is gone).
    """
    import ctypes
    import selectors

    # die with the build: its end of our standard input may live on in processes it forked (its pool
    # of notebook workers), so the zygote also asks the kernel for a signal when its parent exits
    parent = os.getppid()
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass
    if os.getppid() != parent:  # the build was already gone
        return
    # a fresh interpreter's handlers, restored in every kernel
    handlers = {s: signal.getsignal(s) for s in (*FORWARDED, signal.SIGCHLD, signal.SIGPIPE)}
    # ipykernel_launcher takes the script's folder (here: tools/) out of sys.path before importing
    del sys.path[0]
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    listener.bind(sock_path)
    listener.listen(64)
    print("listening", flush=True)
    environment = dict(os.environ)  # what every kernel's environment must be, but for PER_KERNEL
    loaded = preload()
    # What the imports created lives as long as every kernel: moved out of the collector's generations
    # (the Python docs' advice before forking without exec), a kernel's full collections walk only what
    # its own cells allocate -- 0.1 s each, a few per chapter, otherwise -- and its pages stay shared.
    gc.collect()
    gc.freeze()
    threads = _native_threads()
    sel = selectors.DefaultSelector()
    sel.register(listener, selectors.EVENT_READ, "accept")
    sel.register(sys.stdin, selectors.EVENT_READ, "stdin")
    kernels: dict[int, tuple[int, socket.socket]] = {}  # pidfd -> (pid, connection to its launcher)
    print(f"ready: {len(loaded.modules)} packages preloaded, {threads} native threads", flush=True)
    while True:
        for key, _ in sel.select():
            if key.data == "stdin":
                if not os.read(sys.stdin.fileno(), 4096):
                    return
            elif key.data == "accept":
                conn, _ = listener.accept()
                fds: list[int] = []
                try:
                    data, fds, _, _ = socket.recv_fds(conn, MAX_MESSAGE, 3)
                    request = json.loads(data)
                    if len(fds) != 3:
                        raise ValueError("the launcher must send its three standard streams")
                    problem = _refuse(request, environment, loaded.modules, threads)
                    if problem:
                        raise RuntimeError(problem)
                except Exception as exc:
                    conn.send(json.dumps({"error": str(exc)}).encode())
                    conn.close()
                    for fd in fds:
                        os.close(fd)
                    continue
                sys.stdout.flush()
                sys.stderr.flush()
                pid = os.fork()
                if pid == 0:  # the kernel
                    others = [listener, sel, conn, *(c for _, c in kernels.values())]
                    _become_kernel(request, fds, handlers, others, list(kernels), loaded.user_filters)
                for fd in fds:
                    os.close(fd)
                pidfd = os.pidfd_open(pid)
                kernels[pidfd] = (pid, conn)
                sel.register(pidfd, selectors.EVENT_READ, "exit")
                sel.register(conn, selectors.EVENT_READ, pidfd)
                conn.send(json.dumps({"pid": pid}).encode())
            elif key.data == "exit":  # a kernel exited: reap it, tell its launcher
                pidfd = key.fd
                pid, conn = kernels.pop(pidfd)
                sel.unregister(pidfd)
                if conn.fileno() in sel.get_map():
                    sel.unregister(conn)
                os.close(pidfd)
                _, wait_status, usage = os.wait4(pid, 0)
                if os.environ.get("KERNEL_ZYGOTE_LOG"):
                    cpu = usage.ru_utime + usage.ru_stime
                    print(f"kernel_zygote: kernel {pid} ended ({wait_status}), {cpu:.2f} CPU s", file=sys.stderr)
                try:
                    conn.send(json.dumps({"status": os.waitstatus_to_exitcode(wait_status)}).encode())
                except OSError:
                    pass  # the launcher is gone already
                conn.close()
            else:  # a launcher's connection: it never sends after its request, so it has closed (died)
                if key.data not in kernels:  # its kernel's exit was handled just before
                    continue
                pid, conn = kernels[key.data]
                if not conn.recv(MAX_MESSAGE):
                    sel.unregister(conn)
                    try:
                        os.killpg(pid, signal.SIGKILL)  # not reaped yet: pid is still this kernel's
                    except ProcessLookupError:
                        pass


def _refuse(request: dict, environment: dict[str, str], modules: list[str], threads: int) -> str | None:
    """Why a kernel cannot be forked for ``request`` now (None: it can)."""
    import threading

    if threading.active_count() != 1:
        return f"a Python thread is running in the zygote ({threading.enumerate()}): fork is not safe"
    if _native_threads() > threads:
        return f"the zygote has {_native_threads()} threads, more than the {threads} its imports started"
    env = request["env"]
    differ = sorted(k for k in set(env) | set(environment) if env.get(k) != environment.get(k) and k not in PER_KERNEL)
    if differ:
        return f"the kernel's environment differs from the one the libraries were loaded in: {differ}"
    shadowed = _shadowed(request["cwd"], modules)
    if shadowed:
        return f"{request['cwd']} holds modules a fresh kernel would import instead of the preloaded ones: {shadowed}"
    return None


def _become_kernel(
    request: dict, fds: list[int], handlers: dict, others: list, other_fds: list[int], user_filters: list
) -> None:
    """In the forked child: take on the launcher's streams, folder and environment, and run the kernel."""
    code = 1
    try:
        os.setsid()  # as jupyter_client's launch (start_new_session): its own session and process group
        for other in others:
            other.close()
        for fd in other_fds:
            os.close(fd)
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        # what `python -m ipykernel_launcher ...` has: its own path as argv[0], the kernel's arguments
        import importlib.util

        sys.argv = [importlib.util.find_spec("ipykernel_launcher").origin, *request["argv"]]
        if "numpy.random" in sys.modules:  # a fresh kernel's global generator is seeded from the OS;
            sys.modules["numpy.random"].seed()  # forked, every kernel would share the zygote's state

        import warnings

        from ipykernel import kernelapp

        # kernelapp.launch_new_instance(), with the libraries' warning filters put back in front of the
        # ones the kernel adds while it starts, where a cell importing them would have put them
        app = kernelapp.IPKernelApp.instance()
        app.initialize()
        rest = [f for f in warnings.filters if f not in user_filters]
        warnings.filters[:] = [*user_filters, *rest]
        warnings._filters_mutated()  # type: ignore[attr-defined]
        app.start()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        import atexit

        atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass
        os._exit(code)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) >= 2 and argv[0] == "serve":
        serve(argv[1])
        return 0
    if len(argv) >= 2 and argv[0] == "launch":
        return launch(argv[1], argv[2:])
    print(__doc__.split("\n\n")[0], "\nusage: kernel_zygote.py serve SOCKET | launch SOCKET ARGS...", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
