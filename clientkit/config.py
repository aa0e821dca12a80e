"""Where an installation keeps its state: the instance folder and the store URL.

``CLIENTKIT_HOME`` (default ``./var``) holds the SQLite store, the signing secret, an optional
``settings.yaml`` of company settings and backups. ``CLIENTKIT_DB_URL`` points the store at
PostgreSQL (or another SQLite file) instead.
"""
from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def home() -> Path:
    """The instance folder (created on first use)."""
    path = Path(os.environ.get("CLIENTKIT_HOME", "var")).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def db_url() -> str:
    """The store URL: ``CLIENTKIT_DB_URL`` or a SQLite file in the instance folder."""
    return os.environ.get("CLIENTKIT_DB_URL") or f"sqlite:///{home() / 'clientkit.db'}"


def exercises_dir() -> Path:
    """The exercise content folder (``exercises/`` of the repository unless overridden)."""
    return Path(os.environ.get("CLIENTKIT_EXERCISES", REPO_ROOT / "exercises"))


def notebooks_dir() -> Path:
    return Path(os.environ.get("CLIENTKIT_NOTEBOOKS", REPO_ROOT / "notebooks"))


def sample_data_dir() -> Path:
    return REPO_ROOT / "sample_data"
