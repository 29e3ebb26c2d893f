"""Style is part of the test suite: ruff must be clean on the package, the tests, tools and notebooks."""

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
