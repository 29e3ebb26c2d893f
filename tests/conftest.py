"""Shared fixtures: the real seeds, loaded and cleaned once per session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import corpuskit as ck

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
RULES = SEEDS / "cleaning.yml"
GOLD_SENTENCES = ROOT / "book" / "data" / "validation" / "sentences_gold.jsonl"


@pytest.fixture(scope="session")
def raw_corpus() -> ck.Corpus:
    return ck.load_corpus(SEEDS)


@pytest.fixture(scope="session")
def clean(raw_corpus: ck.Corpus) -> ck.Corpus:
    return raw_corpus.clean(RULES)


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    """A writable copy of the seeds folder, to break on purpose."""
    dest = tmp_path / "seeds"
    shutil.copytree(SEEDS, dest)
    return dest


def write_corpus(folder: Path, files: dict[str, bytes | str], metadata: str, name: str = "metadata.csv") -> Path:
    """Create a small corpus folder: text files plus a metadata file."""
    folder.mkdir(parents=True, exist_ok=True)
    for fname, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / fname).write_bytes(data)
    (folder / name).write_text(metadata, encoding="utf-8")
    return folder
