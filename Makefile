# Two commands on a fresh clone (see README):
#   make book   -- create .venv from pinned versions, install corpuskit, build the HTML book
#   make test   -- the same set-up, then every test (unit, notebook regression, book build, style)
#
# The environment is rebuilt whenever pyproject.toml or the constraints file changes.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PIP_VERSION := 26.3

.PHONY: book test test-fast env lint regen-notebooks lock clean

# Empties the jupyter-cache and the chapters' table cache (_build/.essay_cache), executes every
# notebook into the jupyter-cache (one per CPU at a time) while `jupyter-book build . --all -W -n
# --keep-going` runs beside it, reading each notebook's outputs from the cache once it is there.
book: $(STAMP)
	$(BIN)/python tools/build_book.py

test: $(STAMP)
	$(BIN)/python -m pytest

# corpuskit's own tests only (marked `package` in tests/conftest.py): no seeds, no book, no notebooks,
# and not the checks that load the whole State of the Union corpus (`whole_corpus`, run by `make test`),
# spread over every core (pytest-xdist).
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "package and not whole_corpus" -q -n auto

env: $(STAMP)

$(STAMP): pyproject.toml requirements/constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "pip==$(PIP_VERSION)"
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e ".[book,test]"
	@# Build matplotlib's font cache now: on a new machine its first-import message would
	@# otherwise appear in a notebook's stderr and differ from the stored outputs.
	$(BIN)/python -c "import matplotlib.pyplot"
	touch $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check src tests book
	$(BIN)/ruff format --check src tests

# Re-execute every chapter in place, storing new outputs (the regression baselines).
# Review `git diff book/` afterwards: every changed number should be one you expected.
regen-notebooks: $(STAMP)
	$(BIN)/python tools/execute_notebooks.py

# Re-pin every package from the current environment (after deliberately upgrading something).
# jsonschema is held at 4.23.0 on purpose: from 4.24 its format-nongpl extra (required by
# jupyter-events) installs rfc3987-syntax, whose import compiles a lark grammar -- 1.5 s in every
# notebook kernel, on the first myst_nb.glue call (benchmarks/bench_build.py).
lock: $(STAMP)
	$(BIN)/python -m pip freeze --exclude-editable --exclude corpuskit | sort -f > requirements/constraints.txt

clean:
	rm -rf _build .pytest_cache
