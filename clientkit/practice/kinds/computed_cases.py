"""Kind ``computed_cases``: cases described in YAML (or drawn by a generator), keys computed by a
library function — a decision, a set of triggered clauses or a number.

``params``:

* ``function`` — ``"clientkit.module:name"``, called with a case's fields as keyword arguments;
  returns the answer (an option value, a set of option values, or a number) or
  ``(answer, detail)`` where ``detail`` is a Chinese text for the explanation;
* ``answer`` — ``choice`` | ``set`` | ``number``;
* ``options`` (list of option values, labels ``t(options_key + "." + value)``) or ``options_from``
  (``"module:name"`` returning ``(value, label)`` pairs); for ``set`` items ``none`` names the
  option meaning "nothing applies" (its label from ``options_key``);
* ``prompt`` — a template formatted with the case (``{family_income:,}``; text fields escaped);
* ``cases`` — fixed cases (sampled without repetition), or ``generator`` — ``"module:name"``
  called with the numpy generator and returning one case;
* ``explanation``, ``source`` — texts (the explanation may use ``{detail}`` and case fields);
  ``tolerance`` and ``unit`` for numbers.

The answer key is never typed in the YAML: it is whatever the library function returns.
"""
from __future__ import annotations

from html import escape
from importlib import import_module

import numpy as np

from clientkit.i18n import t
from clientkit.practice.task import Item, ItemKey

DEFAULT_N = 5
ANSWERS = ("choice", "set", "number")


def resolve(path: str):
    """The object named ``"clientkit.module:name"``."""
    module, _, name = str(path).partition(":")
    if not module.startswith("clientkit.") or not name:
        raise ValueError(path)
    return getattr(import_module(module), name)


def check_params(params: dict) -> str | None:
    for name in ("function", "prompt", "explanation", "source"):
        if not isinstance(params.get(name), str) or not params[name].strip():
            return t("practice.problem.param_type", name=name)
    if params.get("answer") not in ANSWERS:
        return t("practice.problem.param_type", name="answer")
    for name in ("function", "generator", "options_from"):
        if params.get(name) is not None:
            try:
                if not callable(resolve(params[name])):
                    raise ValueError
            except (ValueError, ImportError, AttributeError):
                return t("practice.problem.param_type", name=name)
    cases, generator = params.get("cases"), params.get("generator")
    if generator is None and (not isinstance(cases, list) or not cases or not all(isinstance(c, dict) for c in cases)):
        return t("practice.problem.param_type", name="cases")
    if params["answer"] != "number" and not (params.get("options") or params.get("options_from")):
        return t("practice.problem.param_type", name="options")
    if cases and generator is None and params.get("n_items", DEFAULT_N) > len(cases):
        return t("practice.problem.pool_small", have=len(cases), need=params.get("n_items", DEFAULT_N))
    try:
        for case in cases or []:
            _key(params, case)
    except Exception as exc:  # noqa: BLE001 — a case the library refuses is a content error
        return t("practice.problem.param_type", name=f"cases ({exc})")
    return None


def options(params: dict) -> tuple[tuple[str, str], ...]:
    if params.get("options_from"):
        opts = tuple((str(v), str(label)) for v, label in resolve(params["options_from"])())
    else:
        prefix = params.get("options_key", "")
        opts = tuple((str(v), t(f"{prefix}.{v}")) for v in params["options"])
    none = params.get("none")
    if none is not None:
        opts += ((str(none), t(f"{params.get('options_key', '')}.{none}")),)
    return opts


def _key(params: dict, case: dict):
    out = resolve(params["function"])(**case)
    answer, detail = out if isinstance(out, tuple) and len(out) == 2 and isinstance(out[1], str) else (out, "")
    return answer, detail


def _fields(case: dict) -> dict:
    return {k: escape(v) if isinstance(v, str) else v for k, v in case.items()}


def build(ex, rng: np.random.Generator, n: int, prefix: str, used: set) -> list[tuple[Item, ItemKey]]:
    p = ex.params
    if p.get("cases"):
        picks = rng.choice(len(p["cases"]), size=min(n, len(p["cases"])), replace=False)
        cases = [dict(p["cases"][int(i)]) for i in picks]
    else:
        generator = resolve(p["generator"])
        cases = [generator(rng) for _ in range(n)]
    opts = options(p) if p["answer"] != "number" else ()
    labels = dict(opts)
    out = []
    for i, case in enumerate(cases, start=1):
        answer, detail = _key(p, case)
        fields = _fields(case)
        prompt = p["prompt"].strip().format(**fields)
        explanation = p["explanation"].strip().format(detail=detail, **fields)
        common = dict(rule_ids=tuple(ex.rule_ids), source=p["source"].strip(), explanation=explanation)
        item_id = f"{prefix}{i:02d}"
        if p["answer"] == "number":
            value = float(answer)
            key = ItemKey("number", value, f"{value:,.2f}".rstrip("0").rstrip(".") + (p.get("unit") or ""),
                          tolerance=float(p.get("tolerance", 0)), **common)
            out.append((Item(item_id, prompt, "number", unit=p.get("unit"), rule_ids=tuple(ex.rule_ids)), key))
        elif p["answer"] == "choice":
            key = ItemKey("choice", str(answer), labels[str(answer)], **common)
            out.append((Item(item_id, prompt, "single", opts, rule_ids=tuple(ex.rule_ids)), key))
        else:
            chosen = frozenset(str(a) for a in answer)
            none = p.get("none")
            shown = "、".join(label for v, label in opts if v in chosen) or labels.get(str(none), "-")
            key = ItemKey("set", chosen, shown, none_value=None if none is None else str(none), **common)
            out.append((Item(item_id, t("practice.knowledge.multi", prompt=prompt), "multi", opts,
                             rule_ids=tuple(ex.rule_ids)), key))
    return out
