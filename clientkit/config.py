"""Where an installation keeps its state and finds its content.

The **instance folder** holds the SQLite store, the signing secret, ``settings.yaml`` (company
settings), ``holidays.yaml`` (company holiday calendar) and backups. It is resolved once, where
a command runs: ``CLIENTKIT_HOME`` if set, else ``./var`` of the working directory. ``clientkit
serve`` passes the resolved absolute folder on to every kernel it starts (:func:`pin_home`), so
that server, kernels and CLI share one store and one secret whatever their working directory
(a kernel runs in the notebooks folder). ``CLIENTKIT_DB_URL`` points the store at PostgreSQL.

**Content** (exercises, notebooks, the sample book) ships inside the package
(``clientkit/content/…`` in a built wheel, read with :mod:`importlib.resources`); in a source
checkout it is read from the repository's top-level folders. ``CLIENTKIT_EXERCISES`` and
``CLIENTKIT_NOTEBOOKS`` override it with a company's own content.

**Published question banks** (issue 14, 题库 in Excel) live in the instance folder, never in the
installed package: ``<home>/bank/versions/<content version>/`` holds each published set of
content files (immutable), ``<home>/bank/CURRENT`` names the one in force. When it exists,
:func:`exercises_dir` answers that folder, so every kernel serves a publication from its next
task on (the pointer is read on every call; the loaded versions are cached by folder).
"""
from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
HOME_ENV = "CLIENTKIT_HOME"
CONTENT_DIRS = ("exercises", "notebooks", "sample_data")


def home() -> Path:
    """The instance folder, absolute (created on first use)."""
    path = Path(os.environ.get(HOME_ENV) or "var").resolve()
    if not path.is_dir():
        path.mkdir(parents=True, exist_ok=True)
        path.chmod(0o700)  # store, secret and backups: for this account only
    return path


def pin_home() -> Path:
    """Resolve the instance folder here and now, and hand the absolute path to child processes.

    Called by ``clientkit serve`` before Voila starts: kernels inherit the environment but run
    in the notebooks folder, where ``./var`` would name a second, empty instance.
    """
    path = home()
    os.environ[HOME_ENV] = str(path)
    return path


def db_url() -> str:
    """The store URL: ``CLIENTKIT_DB_URL`` or a SQLite file in the instance folder."""
    return os.environ.get("CLIENTKIT_DB_URL") or f"sqlite:///{home() / 'clientkit.db'}"


def content_dir(name: str) -> Path:
    """A content folder shipped with clientkit (one of :data:`CONTENT_DIRS`).

    An installed wheel carries it as package data under ``clientkit/content/``; a source
    checkout (editable install) has it at the top of the repository.
    """
    if name not in CONTENT_DIRS:
        raise ValueError(name)
    packaged = resources.files("clientkit").joinpath("content", name)
    if packaged.is_dir():
        return Path(str(packaged))
    return REPO_ROOT / name


def base_exercises_dir() -> Path:
    """The exercise content the installation ships with (``CLIENTKIT_EXERCISES`` or the packaged
    exercises), before any publication from Excel."""
    override = os.environ.get("CLIENTKIT_EXERCISES")
    return Path(override) if override else content_dir("exercises")


def bank_dir() -> Path:
    """Where publications of the question bank are kept: ``<home>/bank`` (not created here)."""
    return Path(os.environ.get(HOME_ENV) or "var").resolve() / "bank"


def published_exercises_dir() -> Path | None:
    """The published content folder named by ``<home>/bank/CURRENT``, or None when nothing was
    published (or the pointer names no kept version)."""
    pointer = bank_dir() / "CURRENT"
    try:
        version = pointer.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    folder = bank_dir() / "versions" / version
    if not version or "/" in version or "\\" in version or version.startswith(".") or not folder.is_dir():
        return None
    return folder


def exercises_dir() -> Path:
    """The exercise content in force: the published bank if any, else :func:`base_exercises_dir`."""
    return published_exercises_dir() or base_exercises_dir()


def notebooks_dir() -> Path:
    """The notebooks Voila serves (``CLIENTKIT_NOTEBOOKS`` or the shipped notebooks)."""
    override = os.environ.get("CLIENTKIT_NOTEBOOKS")
    return Path(override) if override else content_dir("notebooks")


def sample_data_dir() -> Path:
    """The shipped synthetic demo data (the demo book and the product catalogue)."""
    return content_dir("sample_data")
