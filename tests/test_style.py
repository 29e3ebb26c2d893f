"""Style is part of the test suite: ruff must be clean on the package, the tests, tools and notebooks."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUFF = Path(sys.executable).with_name("ruff")


def test_ruff_check_is_clean():
    proc = subprocess.run(
        [str(RUFF), "check", "src", "tests", "tools", "book"], cwd=ROOT, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ruff_format_is_clean():
    proc = subprocess.run(
        [str(RUFF), "format", "--check", "src", "tests", "tools"], cwd=ROOT, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_public_api_has_docstrings_and_type_hints():
    import inspect

    import corpuskit as ck

    for name in ck.__all__:
        obj = getattr(ck, name)
        if inspect.isfunction(obj):
            assert inspect.getdoc(obj), f"{name} has no docstring"
            sig = inspect.signature(obj)
            assert sig.return_annotation is not inspect.Signature.empty, f"{name} has no return annotation"
            for p in sig.parameters.values():
                if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL):
                    assert p.annotation is not inspect.Parameter.empty, f"{name}({p.name}) has no annotation"
        elif inspect.isclass(obj):
            assert inspect.getdoc(obj), f"{name} has no docstring"


def test_every_public_name_is_in_its_module_all_and_the_reference_page():
    """The API reference documents each module's ``__all__``: every top-level name must be in one."""
    import importlib

    import corpuskit as ck

    page = (ROOT / "book" / "appendix" / "reference.md").read_text("utf-8")
    modules = re.findall(r"automodule:: (corpuskit\.\w+)", page)
    owners: dict[str, list[str]] = {}
    for module in modules:
        for name in importlib.import_module(module).__all__:
            owners.setdefault(name, []).append(module)
    version_only = {"__version__"}
    missing = [n for n in ck.__all__ if n not in owners and n not in version_only]
    assert missing == [], f"public names in no documented module's __all__: {missing}"
    assert {n: m for n, m in owners.items() if len(m) > 1} == {}


def test_no_docstring_names_a_version_after_the_packages_own():
    """The package is at its first version: "before version 0.2 the default was ..." named a release that did
    not exist (collocations' docstring). A version the package names is at most its own."""
    import tomllib

    own = tuple(
        int(x) for x in tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"].split(".")[:2]
    )
    later = [
        f"{path.name}: {m.group()!r}"
        for path in sorted((ROOT / "src" / "corpuskit").glob("*.py"))
        for m in re.finditer(r"\b(?:version|corpuskit) v?(\d+)\.(\d+)", path.read_text("utf-8"), re.I)
        if (int(m.group(1)), int(m.group(2))) > own
    ]
    assert not later, later
