"""corpuskit installs as a wheel that carries its data files and works outside the repository."""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_contains_package_data(tmp_path: Path):
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    (wheel,) = tmp_path.glob("corpuskit-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in [
        "corpuskit/__init__.py",
        "corpuskit/data/english.yml",
        "corpuskit/data/basic_rules.yml",
        "corpuskit/py.typed",
    ]:
        assert required in names, required
    # nothing corpus-specific is packaged
    assert not any(n.startswith(("seeds/", "book/")) or "cleaning.yml" in n for n in names)
