"""Build hook: a wheel carries the content it needs (issue 8 §3).

The repository keeps ``exercises/``, ``notebooks/`` and ``sample_data/`` at its top (trainers edit
them there); a built wheel gets a copy as package data under ``clientkit/content/``, which
:func:`clientkit.config.content_dir` reads with ``importlib.resources``. Metadata is in pyproject.toml.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

CONTENT = ("exercises", "notebooks", "sample_data")
SKIP = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "var", "*.pyc")


class build_py_with_content(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the repository's folders directly
        root = Path(__file__).resolve().parent
        for name in CONTENT:
            shutil.copytree(root / name, Path(self.build_lib) / "clientkit" / "content" / name,
                            ignore=SKIP, dirs_exist_ok=True)


setup(cmdclass={"build_py": build_py_with_content})
