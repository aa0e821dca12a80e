"""Kind ``knowledge``: choice, true/false, numeric and date questions written in YAML.

A variant is a seeded sample of ``n_items`` questions of the chapter's bank (optionally limited
by ``params.topic`` / ``params.rule_ids``, or fixed by ``params.questions``), each with its
options in a seeded order. Option values are the displayed letters ``A``, ``B`` …, so the value
of the right option changes with the order and the YAML option names never reach the UI.
Multiple choice is scored by set-F1, the rest exactly (numbers within ``tolerance``).
"""
from __future__ import annotations

from html import escape

import numpy as np

from clientkit.i18n import t
from clientkit.practice.task import Item, ItemKey

DEFAULT_N = 8
LETTERS = "ABCDEFGHIJ"


def check_params(params: dict) -> str | None:
    topic = params.get("topic")
    if topic is not None and not isinstance(topic, (str, list)):
        return t("practice.problem.param_type", name="topic")
    for name in ("rule_ids", "questions"):
        value = params.get(name)
        if value is not None and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            return t("practice.problem.param_type", name=name)
    return None


def pool(params: dict, questions) -> list[dict]:
    """The questions an exercise draws from, in bank order."""
    if params.get("questions"):
        by_id = {q["id"]: q for q in questions}
        return [by_id[q] for q in params["questions"] if q in by_id]
    topic = params.get("topic")
    topics = {topic} if isinstance(topic, str) else set(topic or ())
    rules = set(params.get("rule_ids") or ())
    return [q for q in questions
            if (not topics or q.get("topic") in topics) and (not rules or rules & set(q["rule_ids"]))]


def build(ex, rng: np.random.Generator, n: int, prefix: str, used: set) -> list[tuple[Item, ItemKey]]:
    from clientkit.practice.content import chapter_content

    candidates = [q for q in pool(ex.params, chapter_content(ex.chapter).questions) if q["id"] not in used]
    if params_fixed(ex.params):
        chosen = candidates[:n]
    else:
        picks = rng.choice(len(candidates), size=min(n, len(candidates)), replace=False)
        chosen = [candidates[i] for i in picks]
    out = []
    for q in chosen:
        used.add(q["id"])
        out.append(question_item(q, rng, prefix + q["id"]))
    return out


def params_fixed(params: dict) -> bool:
    return bool(params.get("questions"))


def question_item(q: dict, rng: np.random.Generator, item_id: str) -> tuple[Item, ItemKey]:
    """One question as an item and its key (options shuffled with ``rng``)."""
    kind = q["type"]
    common = dict(rule_ids=tuple(q["rule_ids"]), source=q["source"], explanation=q["explanation"].strip())
    prompt = escape(q["prompt"].strip())
    if q.get("note"):
        prompt += f'<div class="ck-muted">{escape(q["note"].strip())}</div>'
    if kind in ("single", "multi"):
        names = list(q["options"])
        order = [names[i] for i in rng.permutation(len(names))]
        letter = {name: LETTERS[i] for i, name in enumerate(order)}
        options = tuple((letter[name], q["options"][name]) for name in order)
        if kind == "single":
            key = ItemKey("choice", letter[q["answer"]], q["options"][q["answer"]], **common)
        else:
            right = [name for name in order if name in q["answer"]]
            key = ItemKey("set", frozenset(letter[r] for r in right), "、".join(q["options"][r] for r in right), **common)
            prompt = t("practice.knowledge.multi", prompt=prompt)
        return Item(item_id, prompt, kind, options, rule_ids=common["rule_ids"]), key
    if kind == "true_false":
        options = (("true", t("practice.knowledge.true")), ("false", t("practice.knowledge.false")))
        answer = "true" if q["answer"] else "false"
        key = ItemKey("choice", answer, dict(options)[answer], **common)
        return Item(item_id, t("practice.knowledge.judge", prompt=prompt), "single", options, rule_ids=common["rule_ids"]), key
    if kind == "number":
        unit = q.get("unit")
        value = float(q["answer"])
        shown = f"{value:g}{unit or ''}"
        key = ItemKey("number", value, shown, tolerance=float(q.get("tolerance", 0)), **common)
        return Item(item_id, prompt, "number", unit=unit, rule_ids=common["rule_ids"]), key
    key = ItemKey("date", q["answer"], q["answer"], **common)
    return Item(item_id, prompt, "date", rule_ids=common["rule_ids"]), key
