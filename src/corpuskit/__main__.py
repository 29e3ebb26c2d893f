"""``python -m corpuskit``: the same as the ``corpuskit`` command (see :mod:`corpuskit.cli`)."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
