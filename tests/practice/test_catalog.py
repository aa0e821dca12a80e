"""Every catalog key the practice package uses has its Chinese text."""
from __future__ import annotations

import re
from pathlib import Path

import clientkit.practice as practice
from clientkit.i18n import has

ROOT = Path(practice.__file__).parent


def test_literal_keys_exist():
    used = set()
    for path in ROOT.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'["\'](practice\.[a-z_.]+[a-zA-Z_])["\']', text))
        for call in re.findall(r"invalid\(([^()]*(?:\([^()]*\)[^()]*)*)\)", text):
            args = [a.strip() for a in call.split(",")]
            if len(args) >= 3 and re.fullmatch(r'"[a-z_]+"', args[2]):  # invalid(path, where, problem, ...)
                used.add(f"practice.problem.{args[2].strip(chr(34))}")
    assert len(used) > 40
    assert sorted(k for k in used if not has(k)) == []


def test_dynamic_keys_exist():
    keys = [f"practice.reason.{r}" for r in ("VALID", "LENGTH", "CHARSET", "BAD_DATE", "CHECKSUM")]
    keys += [f"practice.{k}.{s}" for k in ("id", "uscc") for s in ("prompt", "valid", "charset", "checksum")]
    keys += [f"practice.phone.{c}" for c in ("mobile", "landline", "invalid", "why_mobile", "why_landline")]
    keys += [f"practice.cross.{f}" for f in ("birth_date", "gender", "age")]
    keys += [f"practice.gender.{g}" for g in ("male", "female")]
    assert [k for k in keys if not has(k)] == []
