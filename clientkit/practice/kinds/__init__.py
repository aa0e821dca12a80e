"""The exercise kinds, each implemented once (STYLE.md principle 6); chapters differ by YAML.

A kind module exposes ``check_params(params) -> str | None`` (a Chinese problem text, or None)
and ``build(exercise, rng, n, prefix, used) -> list[(Item, ItemKey)]``: ``n`` items generated
from the numpy generator ``rng`` only, with item ids starting with ``prefix``; ``used`` is a set
of content ids already in the task (an assessment avoids repeating a question).
"""
from __future__ import annotations

from clientkit.practice.kinds import (
    completeness,
    consent_picker,
    cross_field,
    id_triage,
    knowledge,
    phone_class,
    spot_defects,
)

KINDS = {
    "knowledge": knowledge,
    "spot_defects": spot_defects,
    "id_triage": id_triage,
    "phone_class": phone_class,
    "completeness": completeness,
    "consent_picker": consent_picker,
    "cross_field": cross_field,
}
