"""Sphinx extension: repository, issues and launch buttons only for a repository the publisher names.

The book's links to its source must point at the repository it is actually published from, never at
an address written into the configuration that nobody may own. The address comes from one setting,
the environment variable ``BOOK_REPOSITORY_URL`` (the Pages workflow sets it to
``${{ github.server_url }}/${{ github.repository }}``; ``BOOK_REPOSITORY_BRANCH`` optionally names
the branch, default ``main``). When it is unset or empty, the book is built without repository,
issues and launch (Binder, Colab) buttons. A value that is not a plain ``https://host/owner/repo``
address stops the build.
"""

from __future__ import annotations

import os
import re

from sphinx.errors import ConfigError

ENV = "BOOK_REPOSITORY_URL"
BRANCH_ENV = "BOOK_REPOSITORY_BRANCH"
_URL = re.compile(r"^https://[A-Za-z0-9.-]+(?::\d+)?/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
_BRANCH = re.compile(r"^[A-Za-z0-9_./-]+$")


def repository_options(environ: dict[str, str]) -> dict:
    """The html_theme_options for the repository in ``environ`` (empty if none is named)."""
    url = environ.get(ENV, "").strip().rstrip("/")
    if not url:
        return {"use_repository_button": False, "use_issues_button": False, "use_edit_page_button": False}
    if url.endswith(".git"):
        url = url[: -len(".git")]
    if not _URL.match(url):
        raise ConfigError(f"{ENV}={url!r} is not a repository address of the form https://host/owner/repository")
    branch = environ.get(BRANCH_ENV, "").strip() or "main"
    if not _BRANCH.match(branch):
        raise ConfigError(f"{BRANCH_ENV}={branch!r} is not a branch name")
    return {
        "repository_url": url,
        "repository_branch": branch,
        "path_to_docs": "",
        "use_repository_button": True,
        "use_issues_button": True,
        "use_edit_page_button": False,
        "launch_buttons": {
            "notebook_interface": "jupyterlab",
            "binderhub_url": "https://mybinder.org",
            "colab_url": "https://colab.research.google.com",
            "thebe": False,
        },
    }


def _configure(app, config):
    options = dict(config.html_theme_options or {})
    for key in ("repository_url", "repository_branch", "launch_buttons"):
        options.pop(key, None)
    options.update(repository_options(dict(os.environ)))
    config.html_theme_options = options


def setup(app):
    app.connect("config-inited", _configure, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
