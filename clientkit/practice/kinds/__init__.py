"""The exercise kinds, each implemented once (STYLE.md principle 6); chapters differ by YAML.

A kind is a module of this package named for the kind (``knowledge.py`` is kind
``knowledge``). It exposes ``DEFAULT_N``, ``check_params(params) -> str | None`` (a Chinese
problem text, or None) and ``build(exercise, rng, n, prefix, used) -> list[(Item, ItemKey)]``:
``n`` items generated from the numpy generator ``rng`` only, with item ids starting with
``prefix``; ``used`` is a set of content ids already in the task (an assessment avoids repeating
a question). Modules without ``build`` (shared renderers such as ``cards``) are not kinds.
Adding a kind = adding a module; nothing here changes.
"""
from __future__ import annotations

import pkgutil
from importlib import import_module


def _discover() -> dict:
    kinds = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        module = import_module(f"{__name__}.{info.name}")
        if callable(getattr(module, "build", None)) and callable(getattr(module, "check_params", None)):
            kinds[info.name] = module
    return kinds


KINDS = _discover()
